/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * types.c - BPF object exercising many BTF kinds: bitfields, enums (negative
 * values, a 64-bit value -> ENUM64), function pointers, a flexible array,
 * unions, typedefs, const/volatile/restrict, float/double, decl and type
 * tags, and a function with several parameters.  See README.
 */
#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __user __attribute__((btf_type_tag("user")))

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;

enum color { RED, GREEN = 5, BLUE = -3 };
enum big { BIG_SMALL = 1, BIG_HUGE = 0x123456789aULL };
enum { ANON_A = -100, ANON_B };

struct flags {
	u32 a : 3;
	u32 b : 13;
	int c : 1;
	u8 d;
	u64 e : 40;
} __tag("flags_tag");

union value {
	s64 i;
	double d;
	float f[2];
	u8 bytes[8];
};

typedef int (*cmp_fn)(const void *a, const void *b);
typedef void (*handler_t)(int, union value *);

struct packet {
	u32 len;
	enum color color;
	enum big big;
	struct flags fl;
	union {
		u32 ipv4;
		u8 ipv6[16];
	};
	cmp_fn cmp;
	handler_t handlers[4];
	const volatile u32 *cv;
	char *__user up __tag("user_ptr");
	u8 data[];
};

struct packet *volatile g_pkt;
union value g_value;
cmp_fn g_cmp;
int g_tagged __tag("var_tag") = 1;

static __attribute__((noinline)) long
combine(struct packet *restrict p, const union value *v, u32 n, enum color c, s64 k,
	int x __tag("param_tag"))
{
	return p->len + (long)v->i + n + c + k + x + p->data[0] + p->fl.b;
}

__attribute__((section("xdp"), used)) __tag("prog_tag") int xdp_prog(void *ctx)
{
	struct packet *p = g_pkt;

	(void)ctx;
	return (int)combine(p, &g_value, 3, BLUE, BIG_HUGE, ANON_B) + (g_cmp ? 1 : 0) +
	       g_tagged;
}

char _license[] __attribute__((section("license"), used)) = "GPL";
