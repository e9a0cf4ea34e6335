// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_validate.c - btfx_validate_raw() and btfx_validate(): for each rule
 * of the kernel's verifier, the smallest valid blob and the smallest one
 * breaking that rule, with the rule id expected.  Where the running
 * kernel takes BPF_BTF_LOAD (root), each pair is also loaded and the
 * kernel's verdict must match; elsewhere that comparison is skipped and
 * says so.  The "vmlinux" part (tests/check_validate_vmlinux) validates
 * the running kernel's BTF, clean.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpfload.h"
#include "testutil.h"
#include "validate.h"

/* A blob under construction: records and strings, then a header. */
struct blob {
	uint8_t types[4096];
	uint32_t tlen;
	char strs[2048];
	uint32_t slen;
	uint8_t out[8192];
	uint32_t len;
};

static void b_init(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	b->slen = 1;
}

static uint32_t b_str(struct blob *b, const char *s)
{
	uint32_t off = b->slen, n = (uint32_t)strlen(s) + 1;

	if (!*s)
		return 0;
	ck_assert_uint_le(b->slen + n, sizeof(b->strs));
	memcpy(b->strs + b->slen, s, n);
	b->slen += n;
	return off;
}

static void b_word(struct blob *b, uint32_t w)
{
	ck_assert_uint_le(b->tlen + 4, sizeof(b->types));
	memcpy(b->types + b->tlen, &w, 4);
	b->tlen += 4;
}

/* A record: name (NULL: none), kind, vlen, kflag, size or type, then nw words. */
static void b_type(struct blob *b, const char *name, unsigned int kind, uint32_t vlen,
		   uint32_t kflag, uint32_t st, int nw, ...)
{
	va_list ap;

	b_word(b, name ? b_str(b, name) : 0);
	b_word(b, BTFX_INFO(kind, kflag, vlen));
	b_word(b, st);
	va_start(ap, nw);
	while (nw-- > 0)
		b_word(b, va_arg(ap, uint32_t));
	va_end(ap);
}

/* Header, types, strings. */
static void b_done(struct blob *b)
{
	struct btfx_header h = { .magic = BTFX_MAGIC,
				 .version = 1,
				 .hdr_len = 24,
				 .type_len = b->tlen,
				 .str_off = b->tlen,
				 .str_len = b->slen };

	memcpy(b->out, &h, 24);
	memcpy(b->out + 24, b->types, b->tlen);
	memcpy(b->out + 24 + b->tlen, b->strs, b->slen);
	b->len = 24 + b->tlen + b->slen;
}

static uint32_t *hdr_word(struct blob *b, int i)
{
	return (uint32_t *)(b->out + 4 * i);
}

/* [1] int */
static void b_int(struct blob *b)
{
	b_init(b);
	b_type(b, "int", BTFX_KIND_INT, 0, 0, 4, 1, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32));
}

struct verdict {
	int count;
	char rule[64];
	char msg[400];
};

static int first(const struct btfx_problem *p, void *ctx)
{
	struct verdict *v = ctx;

	if (!v->count++) {
		snprintf(v->rule, sizeof(v->rule), "%s", p->rule);
		snprintf(v->msg, sizeof(v->msg), "[%u] %s: %s", p->type_id, p->name, p->msg);
	}
	return 0;
}

static int check(const void *data, size_t len, uint32_t target, struct verdict *v)
{
	struct btfx_validate_opts o = {
		.sz = sizeof(o), .target = target, .report = first, .ctx = v
	};

	memset(v, 0, sizeof(*v));
	return btfx_validate_raw(data, len, &o);
}

/* ---- the kernel as the oracle ---- */

/* 0 accepted, 1 refused, -1 the kernel cannot be asked. */
static int kernel_verdict(const void *blob, size_t len)
{
	static char log[1 << 16];
	int err = bl_load(blob, len, log, sizeof(log));

	return !err ? 0 : err == -EPERM || err == -ENOSYS || err == -EACCES ? -1 : 1;
}

static int kernel_skipped_said;

static void compare_kernel(const struct blob *b, int invalid, const char *what)
{
	int k = kernel_verdict(b->out, b->len);

	if (k < 0) {
		if (!kernel_skipped_said++)
			printf("check_validate: BPF_BTF_LOAD not permitted here: the kernel "
			       "comparison is skipped\n");
		return;
	}
	ck_assert_msg(k == invalid, "%s: the kernel %s it, libbtfx %s it", what,
		      k ? "refuses" : "accepts", invalid ? "refuses" : "accepts");
}

/*
 * One rule: make(b, 0) builds the smallest valid blob around it, make(b, 1)
 * the smallest breaking it; rule is the id the problem must carry.
 */
struct rule_case {
	const char *rule;
	void (*make)(struct blob *b, int bad);
	uint32_t target; /* BTFX_TARGET_* */
	int same;	 /* make(b, 0) and make(b, 1) are one blob: valid now, not for target */
};

/* A header case: [1] int, then body breaks the header when bad. */
/* clang-format off */
#define HDR_CASE(fn, body)					\
	static void fn(struct blob *b, int bad)			\
	{							\
		b_int(b);					\
		b_done(b);					\
		if (bad) {					\
			body;					\
		}						\
	}
/* clang-format on */

HDR_CASE(mk_hdr_magic, b->out[0] = 0x12)
HDR_CASE(mk_hdr_swapped, b->out[0] = 0xeb; b->out[1] = 0x9f)
HDR_CASE(mk_hdr_version, b->out[2] = 2)
HDR_CASE(mk_hdr_flags, b->out[3] = 1)
HDR_CASE(mk_hdr_len, *hdr_word(b, 1) = b->len + 1)
HDR_CASE(mk_hdr_short, b->len = 7)
HDR_CASE(mk_sec_gap, *hdr_word(b, 4) += 4; *hdr_word(b, 5) -= 4)
HDR_CASE(mk_sec_overlap, *hdr_word(b, 4) -= 4; *hdr_word(b, 5) += 4)
HDR_CASE(mk_sec_offset, *hdr_word(b, 4) = 100000)
HDR_CASE(mk_sec_length, *hdr_word(b, 5) += 1)
HDR_CASE(mk_str_first, b->out[b->len - b->slen] = 'x') /* the first string is not "" */
HDR_CASE(mk_str_last, b->out[b->len - 1] = 'x')

/* A tail past the header: 4 more header bytes, zero or not. */
static void mk_hdr_tail(struct blob *b, int bad)
{
	uint8_t tmp[sizeof(b->out)];

	b_int(b);
	b_done(b);
	memcpy(tmp, b->out, b->len);
	memcpy(b->out + 28, tmp + 24, b->len - 24);
	memset(b->out + 24, 0, 4);
	*hdr_word(b, 1) = 28;
	b->out[25] = bad ? 1 : 0;
	b->len += 4;
}

/* Only strings (5 bytes), then an empty type section at 5 (bad) or 8 (good). */
static void mk_type_align(struct blob *b, int bad)
{
	b_int(b);
	if (!bad)
		b_str(b, "ab");
	b->tlen = 0;
	b_done(b);
	*hdr_word(b, 2) = b->slen;
	*hdr_word(b, 4) = 0;
	if (!bad) { /* the good one has a type: the section is not empty */
		b_int(b);
		b_done(b);
	}
}

static void mk_no_types(struct blob *b, int bad)
{
	b_int(b);
	b_str(b, "ab"); /* 8 bytes of strings: an empty type section after them is aligned */
	if (bad) {
		b->tlen = 0;
		b_done(b);
		*hdr_word(b, 2) = b->slen;
		*hdr_word(b, 4) = 0;
	} else {
		b_done(b);
	}
}

static void mk_meta_size(struct blob *b, int bad)
{
	b_int(b);
	if (bad)
		b->tlen -= 4;
	b_done(b);
}

static void mk_info_bits(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_PTR, bad ? 0x10000 : 0, 0, 1, 0);
	b_done(b);
}

static void mk_kind(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, bad ? 20 : BTFX_KIND_PTR, 0, 0, 1, 0);
	b_done(b);
}

static void mk_name_offset(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "s", BTFX_KIND_STRUCT, 0, 0, 0, 0);
	b_done(b);
	if (bad)
		memcpy(b->out + 24 + 16, &b->slen, 4); /* name_off of [2]: the section's end */
}

static void mk_vlen(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_CONST, bad, 0, 1, 0);
	b_done(b);
}

static void mk_kflag(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_CONST, 0, bad, 1, 0);
	b_done(b);
}

static void mk_name_empty(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, bad ? "p" : NULL, BTFX_KIND_PTR, 0, 0, 1, 0);
	b_done(b);
}

static void mk_name_ident(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, bad ? "a-b" : "a_b", BTFX_KIND_TYPEDEF, 0, 0, 1, 0);
	b_done(b);
}

/* 5.15: names shorter than 128 bytes; current: 512. */
static void mk_name_long(struct blob *b, int bad)
{
	char name[200];

	memset(name, 'a', sizeof(name));
	name[bad ? 130 : 120] = 0;
	b_int(b);
	b_type(b, name, BTFX_KIND_TYPEDEF, 0, 0, 1, 0);
	b_done(b);
}

/* [1] int, [2] VAR v, [3] a DATASEC called name holding v. */
static void mk_sec_named(struct blob *b, const char *name)
{
	b_int(b);
	b_type(b, "v", BTFX_KIND_VAR, 0, 0, 1, 1, BTFX_VAR_GLOBAL_ALLOCATED);
	b_type(b, name, BTFX_KIND_DATASEC, 1, 0, 4, 3, 2, 0, 4);
	b_done(b);
}

static void mk_name_section(struct blob *b, int bad)
{
	mk_sec_named(b, bad ? ".da\ta" : ".data");
}

static void mk_tag_value(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, bad ? NULL : "user", BTFX_KIND_TYPE_TAG, 0, 0, 1, 0);
	b_type(b, NULL, BTFX_KIND_PTR, 0, 0, 2, 0);
	b_done(b);
}

static void mk_int_bits(struct blob *b, int bad)
{
	b_init(b);
	b_type(b, "int", BTFX_KIND_INT, 0, 0, 4, 1, BTFX_INT_ENC(0, 0, bad ? 33 : 32));
	b_done(b);
}

static void mk_int_encoding(struct blob *b, int bad)
{
	b_init(b);
	b_type(b, "int", BTFX_KIND_INT, 0, 0, 4, 1, BTFX_INT_ENC(bad ? 3 : 1, 0, 32));
	b_done(b);
}

static void mk_int_data(struct blob *b, int bad)
{
	b_init(b);
	b_type(b, "int", BTFX_KIND_INT, 0, 0, 4, 1, 32 | (bad ? 0x10000000u : 0));
	b_done(b);
}

static void mk_array_elem(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_ARRAY, 0, 0, 0, 3, bad ? 3 : 1, 1, 4);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 0, 0, 0, 0);
	b_done(b);
}

static void mk_array_void(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_ARRAY, 0, 0, 0, 3, bad ? 0 : 1, 1, 4);
	b_done(b);
}

static void mk_array_index(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "f", BTFX_KIND_FLOAT, 0, 0, 4, 0);
	b_type(b, NULL, BTFX_KIND_ARRAY, 0, 0, 0, 3, 1, bad ? 2 : 1, 4);
	b_done(b);
}

static void mk_array_size(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_ARRAY, 0, 0, 0, 3, 1, 1, bad ? 0x40000000u : 0x3fffffffu);
	b_done(b);
}

/* struct s { int a; <member b at bit offset off, of type ty>; } of size sz, kflag kf. */
static void mk_struct(struct blob *b, uint32_t kf, uint32_t sz, uint32_t ty, uint32_t off)
{
	b_int(b);
	b_type(b, "s", BTFX_KIND_STRUCT, 2, kf, sz, 6, b_str(b, "a"), 1, 0, b_str(b, "b"), ty, off);
}

static void mk_member_offset(struct blob *b, int bad)
{
	mk_struct(b, 0, 16, 3, bad ? 68 : 64);
	b_type(b, NULL, BTFX_KIND_PTR, 0, 0, 1, 0);
	b_done(b);
}

static void mk_member_order(struct blob *b, int bad)
{
	mk_struct(b, 0, 8, 1, bad ? 0 : 32);
	if (bad) /* b (at 0) after a (at 32) */
		memcpy(b->types + 36, &(uint32_t){ 32 }, 4);
	b_done(b);
}

static void mk_member_size(struct blob *b, int bad)
{
	mk_struct(b, 0, bad ? 7 : 8, 1, 32);
	b_done(b);
}

static void mk_member_bitfield(struct blob *b, int bad)
{
	mk_struct(b, 1, 8, 1, ((bad ? 33u : 5u) << 24) | 32);
	b_done(b);
}

static void mk_member_incomplete(struct blob *b, int bad)
{
	mk_struct(b, 0, 16, 3, 64);
	if (bad)
		b_type(b, "f", BTFX_KIND_FWD, 0, 0, 0, 0);
	else
		b_type(b, NULL, BTFX_KIND_PTR, 0, 0, 0, 0);
	b_done(b);
}

/*
 * A type met again as a member, where the first time cannot answer for
 * the second (the struct loops remember what a type takes as a member).
 * An ENUM of 1 byte takes 1 byte in a plain struct, 32 bits in a
 * kind_flag one.
 */
static void mk_member_enum_again(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "e", BTFX_KIND_ENUM, 1, 0, 1, 2, b_str(b, "E"), 0);
	b_type(b, "s", BTFX_KIND_STRUCT, 1, 0, 1, 3, b_str(b, "a"), 2, 0);
	b_type(b, "t", BTFX_KIND_STRUCT, 1, bad, 1, 3, b_str(b, "a"), 2, 0);
	b_done(b);
}

/*
 * A typedef of an array, resolved (behind a PTR) before the array: a
 * member of it takes the array's resolved size at the time, 0 before
 * the array is resolved, 16 after.
 */
static void mk_member_array_later(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_PTR, 0, 0, 3, 0);
	b_type(b, "t", BTFX_KIND_TYPEDEF, 0, 0, 5, 0);
	b_type(b, "s", BTFX_KIND_STRUCT, 1, 0, 1, 3, b_str(b, "a"), 3, 0);
	b_type(b, NULL, BTFX_KIND_ARRAY, 0, 0, 0, 3, 1, 1, 4);
	b_type(b, "u", BTFX_KIND_STRUCT, 1, 0, bad ? 1 : 16, 3, b_str(b, "a"), 3, 0);
	b_done(b);
}

/*
 * A typedef of int, a whole member first, then a bitfield too wide, in a
 * struct big enough for the bitfield's size bits read as an offset.
 */
static void mk_member_bitfield_again(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "t", BTFX_KIND_TYPEDEF, 0, 0, 1, 0);
	b_type(b, "s", BTFX_KIND_STRUCT, 1, 0, 4, 3, b_str(b, "a"), 2, 0);
	b_type(b, "u", BTFX_KIND_STRUCT, 1, 1, 1u << 28, 3, b_str(b, "a"), 2,
	       (bad ? 33u : 5u) << 24);
	b_done(b);
}

static void mk_member_name(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "s", BTFX_KIND_STRUCT, 1, 0, 4, 3, b_str(b, bad ? "1a" : "a1"), 1, 0);
	b_done(b);
}

/*
 * A member named by an offset inside a string ("x1a"): the good names marked
 * in one pass start after a NUL, so "1a" and "a" are judged when met.
 */
static void mk_member_name_inner(struct blob *b, int bad)
{
	uint32_t x1a;

	b_int(b);
	x1a = b_str(b, "x1a");
	b_type(b, "s", BTFX_KIND_STRUCT, 1, 0, 4, 3, x1a + (bad ? 1 : 2), 1, 0);
	b_done(b);
}

static void mk_union_offset(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "u", BTFX_KIND_UNION, 2, 0, 4, 6, b_str(b, "a"), 1, 0, b_str(b, "b"), 1,
	       bad ? 8 : 0);
	b_done(b);
}

static void mk_loop(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "s", BTFX_KIND_STRUCT, 1, 0, 4, 3, b_str(b, "a"), bad ? 2 : 1, 0);
	b_done(b);
}

static void mk_mod_loop(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_CONST, 0, 0, bad ? 3 : 1, 0);
	b_type(b, NULL, BTFX_KIND_VOLATILE, 0, 0, 2, 0);
	b_done(b);
}

static void mk_depth(struct blob *b, int bad)
{
	/* [2] -> [3] -> ... -> int: 32 modifiers resolve, 33 do not. */
	uint32_t i, n = bad ? 33 : 31;

	b_int(b);
	for (i = 0; i < n; i++)
		b_type(b, NULL, BTFX_KIND_CONST, 0, 0, i + 1 < n ? i + 3 : 1, 0);
	b_done(b);
}

static void mk_enum_size(struct blob *b, int bad)
{
	b_init(b);
	b_type(b, "e", BTFX_KIND_ENUM, 1, 0, bad ? 3 : 4, 2, b_str(b, "A"), 0);
	b_done(b);
}

static void mk_enum_name(struct blob *b, int bad)
{
	b_init(b);
	b_type(b, "e", BTFX_KIND_ENUM, 1, 0, 4, 2, bad ? 0 : b_str(b, "A"), 0);
	b_done(b);
}

static void mk_enum64(struct blob *b, int bad)
{
	(void)bad; /* the same blob: valid now, refused by 5.15 */
	b_init(b);
	b_type(b, "e", BTFX_KIND_ENUM64, 1, 0, 8, 3, b_str(b, "A"), 1, 1);
	b_done(b);
}

static void mk_fwd_type(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "f", BTFX_KIND_FWD, 0, 0, bad, 0);
	b_done(b);
}

/* [2] proto (a_name p_type), [3] FUNC f */
static void mk_func(struct blob *b, uint32_t linkage, const char *a_name, uint32_t p_type)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 1, 0, 1, 2, a_name ? b_str(b, a_name) : 0, p_type);
	b_type(b, "f", BTFX_KIND_FUNC, linkage, 0, 2, 0);
}

static void mk_func_linkage(struct blob *b, int bad)
{
	mk_func(b, bad ? BTFX_FUNC_EXTERN : BTFX_FUNC_GLOBAL, "a", 1);
	b_done(b);
}

static void mk_func_param_name(struct blob *b, int bad)
{
	mk_func(b, 0, bad ? NULL : "a", 1);
	b_done(b);
}

static void mk_func_proto(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 0, 0, 1, 0);
	b_type(b, "f", BTFX_KIND_FUNC, 0, 0, bad ? 1 : 2, 0);
	b_done(b);
}

static void mk_vararg(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 2, 0, 1, 4, 0, bad ? 0 : 1, 0, bad ? 1 : 0);
	b_done(b);
}

static void mk_vararg_name(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 1, 0, 1, 2, bad ? b_str(b, "x") : 0, 0);
	b_done(b);
}

static void mk_proto_return(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 0, 0, bad ? 3 : 1, 0);
	b_type(b, "f", BTFX_KIND_FWD, 0, 0, 0, 0);
	b_done(b);
}

/*
 * 6.0 and later: a prototype returns no VAR (5.15 and 5.10 take one that
 * has a size); with param, a second prototype then takes the same VAR as a
 * parameter, which every kernel here refuses.
 */
static void mk_return_var(struct blob *b, int bad, int param)
{
	b_int(b);
	b_type(b, "v", BTFX_KIND_VAR, 0, 0, 1, 1, BTFX_VAR_GLOBAL_ALLOCATED);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 0, 0, bad ? 2 : 1, 0);
	if (param)
		b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 1, 0, 0, 2, b_str(b, "x"), 2);
	b_done(b);
}

static void mk_proto_return_var(struct blob *b, int bad)
{
	mk_return_var(b, bad, 0);
}

/* Two prototypes taking int: the second's is known sized, its name still checked. */
static void mk_param_name_again(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 1, 0, 1, 2, b_str(b, "a"), 1);
	b_type(b, NULL, BTFX_KIND_FUNC_PROTO, 1, 0, 1, 2, b_str(b, bad ? "1b" : "b"), 1);
	b_done(b);
}

static void mk_var_linkage(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "v", BTFX_KIND_VAR, 0, 0, 1, 1, bad ? 2 : 0);
	b_done(b);
}

static void mk_var_type(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "v", BTFX_KIND_VAR, 0, 0, bad ? 3 : 1, 1, 0);
	b_type(b, "f", BTFX_KIND_FWD, 0, 0, 0, 0);
	b_done(b);
}

/* [2] VAR v, [3] VAR w, [4] DATASEC .data of size sz, secinfos (off, size) x2. */
static void mk_sec(struct blob *b, uint32_t sz, uint32_t o1, uint32_t s1, uint32_t o2, uint32_t s2)
{
	b_int(b);
	b_type(b, "v", BTFX_KIND_VAR, 0, 0, 1, 1, 1);
	b_type(b, "w", BTFX_KIND_VAR, 0, 0, 1, 1, 1);
	b_type(b, ".data", BTFX_KIND_DATASEC, 2, 0, sz, 6, 2, o1, s1, 3, o2, s2);
	b_done(b);
}

static void mk_secinfo_order(struct blob *b, int bad)
{
	if (bad)
		mk_sec(b, 8, 4, 4, 0, 4);
	else
		mk_sec(b, 8, 0, 4, 4, 4);
}

static void mk_secinfo_overlap(struct blob *b, int bad)
{
	mk_sec(b, 8, 0, 4, bad ? 2 : 4, 4);
}

static void mk_secinfo_inside(struct blob *b, int bad)
{
	mk_sec(b, bad ? 7 : 8, 0, 4, 4, 4);
}

static void mk_secinfo_size(struct blob *b, int bad)
{
	mk_sec(b, 8, 0, bad ? 3 : 4, 4, 4);
}

static void mk_secinfo_var(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "v", BTFX_KIND_VAR, 0, 0, 1, 1, 1);
	b_type(b, ".data", BTFX_KIND_DATASEC, 1, 0, 4, 3, bad ? 1 : 2, 0, 4);
	b_done(b);
}

static void mk_datasec_size(struct blob *b, int bad)
{
	mk_sec(b, bad ? 0 : 8, 0, 4, 4, 4);
}

static void mk_float_size(struct blob *b, int bad)
{
	b_init(b);
	b_type(b, "f", BTFX_KIND_FLOAT, 0, 0, bad ? 6 : 8, 0);
	b_done(b);
}

/* 5.10: a DATASEC has variables (an empty one from 5.12 on). */
static void mk_datasec_empty(struct blob *b, int bad)
{
	if (!bad) {
		mk_sec_named(b, ".data");
		return;
	}
	b_int(b);
	b_type(b, "v", BTFX_KIND_VAR, 0, 0, 1, 1, BTFX_VAR_GLOBAL_ALLOCATED);
	b_type(b, ".data", BTFX_KIND_DATASEC, 0, 0, 4, 0);
	b_done(b);
}

/* 6.1: DATASEC names of letters, digits, '_' and '.' (any printable later). */
static void mk_name_section_narrow(struct blob *b, int bad)
{
	mk_sec_named(b, bad ? ".da-ta" : ".da_ta");
}

/* 6.12: no kind_flag on a type tag (an attribute: later kernels). */
static void mk_tag_kflag(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "user", BTFX_KIND_TYPE_TAG, 0, bad, 1, 0);
	b_type(b, NULL, BTFX_KIND_PTR, 0, 0, 2, 0);
	b_done(b);
}

/* The same blob: valid now, refused by 5.10 (FLOAT is 5.13's). */
static void mk_float_new(struct blob *b, int bad)
{
	(void)bad;
	b_init(b);
	b_type(b, "double", BTFX_KIND_FLOAT, 0, 0, 8, 0);
	b_done(b);
}

static void mk_decl_tag_idx(struct blob *b, int bad)
{
	mk_struct(b, 0, 8, 1, 32);
	b_type(b, "tag", BTFX_KIND_DECL_TAG, 0, 0, 2, 1, bad ? 2 : 1);
	b_done(b);
}

static void mk_decl_tag_target(struct blob *b, int bad)
{
	b_int(b);
	b_type(b, "t", BTFX_KIND_TYPEDEF, 0, 0, 1, 0);
	b_type(b, "tag", BTFX_KIND_DECL_TAG, 0, 0, bad ? 1 : 2, 1, -1);
	b_done(b);
}

static void mk_type_tag_order(struct blob *b, int bad)
{
	b_int(b);
	if (bad) { /* ptr -> tag -> const -> int is fine; ptr -> const -> tag -> int is not */
		b_type(b, NULL, BTFX_KIND_TYPE_TAG, 0, 0, 1, 0, 0);
		b->types[b->tlen - 12] = 0;
		memcpy(b->types + b->tlen - 12, &(uint32_t){ b_str(b, "user") }, 4);
		b_type(b, NULL, BTFX_KIND_CONST, 0, 0, 2, 0);
		b_type(b, NULL, BTFX_KIND_PTR, 0, 0, 3, 0);
	} else {
		b_type(b, NULL, BTFX_KIND_CONST, 0, 0, 1, 0);
		b_type(b, "user", BTFX_KIND_TYPE_TAG, 0, 0, 2, 0);
		b_type(b, NULL, BTFX_KIND_PTR, 0, 0, 3, 0);
	}
	b_done(b);
}

static const struct rule_case cases[] = {
	{ "hdr-magic", mk_hdr_magic, 0 },
	{ "hdr-magic", mk_hdr_swapped, 0 },
	{ "hdr-version", mk_hdr_version, 0 },
	{ "hdr-flags", mk_hdr_flags, 0 },
	{ "hdr-len", mk_hdr_len, 0 },
	{ "hdr-len", mk_hdr_short, 0 },
	{ "hdr-tail", mk_hdr_tail, 0 },
	{ "sec-gap", mk_sec_gap, 0 },
	{ "sec-overlap", mk_sec_overlap, 0 },
	{ "sec-offset", mk_sec_offset, 0 },
	{ "sec-length", mk_sec_length, 0 },
	{ "str-section", mk_str_first, 0 },
	{ "str-section", mk_str_last, 0 },
	{ "type-off-align", mk_type_align, 0 },
	{ "no-types", mk_no_types, 0 },
	{ "meta-size", mk_meta_size, 0 },
	{ "info-bits", mk_info_bits, 0 },
	{ "kind", mk_kind, 0 },
	{ "name-offset", mk_name_offset, 0 },
	{ "vlen", mk_vlen, 0 },
	{ "kflag", mk_kflag, 0 },
	{ "name", mk_name_empty, 0 },
	{ "name", mk_name_ident, 0 },
	{ "name", mk_name_long, BTFX_TARGET_5_15 },
	{ "name", mk_name_section, 0 },
	{ "name", mk_tag_value, 0 },
	{ "int-bits", mk_int_bits, 0 },
	{ "int-encoding", mk_int_encoding, 0 },
	{ "int-data", mk_int_data, 0 },
	{ "array-elem", mk_array_elem, 0 },
	{ "array-elem", mk_array_void, 0 },
	{ "array-index", mk_array_index, 0 },
	{ "array-size", mk_array_size, 0 },
	{ "member-offset", mk_member_offset, 0 },
	{ "member-offset", mk_member_order, 0 },
	{ "member-offset", mk_union_offset, 0 },
	{ "member-size", mk_member_size, 0 },
	{ "member-bitfield", mk_member_bitfield, 0 },
	{ "member-type", mk_member_incomplete, 0 },
	{ "member-size", mk_member_enum_again, 0 },
	{ "member-size", mk_member_array_later, 0 },
	{ "member-bitfield", mk_member_bitfield_again, 0 },
	{ "member-name", mk_member_name, 0 },
	{ "member-name", mk_member_name_inner, 0 },
	{ "resolve-loop", mk_loop, 0 },
	{ "resolve-loop", mk_mod_loop, 0 },
	{ "resolve-depth", mk_depth, 0 },
	{ "enum-size", mk_enum_size, 0 },
	{ "enum-name", mk_enum_name, 0 },
	{ "kind", mk_enum64, BTFX_TARGET_5_15, 1 },
	{ "kind", mk_float_new, BTFX_TARGET_5_10, 1 },
	{ "datasec-vlen", mk_datasec_empty, BTFX_TARGET_5_10 },
	{ "name", mk_name_section_narrow, BTFX_TARGET_6_1 },
	{ "kflag", mk_tag_kflag, BTFX_TARGET_6_12 },
	{ "fwd-type", mk_fwd_type, 0 },
	{ "func-linkage", mk_func_linkage, 0 },
	{ "func-param-name", mk_func_param_name, 0 },
	{ "func-proto", mk_func_proto, 0 },
	{ "proto-param", mk_vararg, 0 },
	{ "proto-vararg", mk_vararg_name, 0 },
	{ "proto-return", mk_proto_return, 0 },
	{ "proto-return", mk_proto_return_var, BTFX_TARGET_6_1 },
	{ "proto-param-name", mk_param_name_again, 0 },
	{ "var-linkage", mk_var_linkage, 0 },
	{ "var-type", mk_var_type, 0 },
	{ "secinfo-offset", mk_secinfo_order, 0 },
	{ "secinfo-offset", mk_secinfo_overlap, 0 },
	{ "secinfo-offset", mk_secinfo_inside, 0 },
	{ "secinfo-size", mk_secinfo_size, 0 },
	{ "secinfo-type", mk_secinfo_var, 0 },
	{ "datasec-size", mk_datasec_size, 0 },
	{ "float-size", mk_float_size, 0 },
	{ "decl-tag-component", mk_decl_tag_idx, 0 },
	{ "decl-tag-target", mk_decl_tag_target, 0 },
	{ "type-tag-order", mk_type_tag_order, 0 },
};

#define NR_CASES ((int)(sizeof(cases) / sizeof(cases[0])))

START_TEST(test_rule)
{
	const struct rule_case *c = &cases[_i];
	struct blob *b = malloc(sizeof(*b));
	struct verdict v;
	int ret;

	ck_assert_ptr_nonnull(b);
	/* The valid blob: valid for the target (for a same case, now). */
	c->make(b, 0);
	ret = check(b->out, b->len, c->same ? BTFX_TARGET_CURRENT : c->target, &v);
	ck_assert_msg(ret == 0, "%s (case %d): the valid blob has %d problems, first %s: %s",
		      c->rule, _i, ret, v.rule, v.msg);
	if (c->target == BTFX_TARGET_CURRENT)
		compare_kernel(b, 0, c->rule);
	c->make(b, 1);
	ret = check(b->out, b->len, c->target, &v);
	ck_assert_msg(ret == 1, "%s (case %d): the bad blob gives %d problems", c->rule, _i, ret);
	ck_assert_msg(!strcmp(v.rule, c->rule), "case %d: want rule %s, got %s: %s", _i, c->rule,
		      v.rule, v.msg);
	ck_assert_msg(strlen(v.msg) > 10, "case %d: no message", _i);
	if (c->target == BTFX_TARGET_CURRENT)
		compare_kernel(b, 1, c->rule);
	free(b);
}
END_TEST

/* The older-kernel profile names ENUM64 in its refusal. */
START_TEST(test_5_15_enum64_message)
{
	struct blob b;
	struct verdict v;

	mk_enum64(&b, 1);
	ck_assert_int_eq(check(b.out, b.len, BTFX_TARGET_5_15, &v), 1);
	ck_assert_str_eq(v.rule, "kind");
	ck_assert_msg(strstr(v.msg, "ENUM64") && strstr(v.msg, "5.15"), "%s", v.msg);
	ck_assert_int_eq(check(b.out, b.len, BTFX_TARGET_CURRENT, &v), 0);
}
END_TEST

/*
 * 5.15 and 5.10 take a VAR as a return type (Debian's 5.10 does, checked
 * in a virtual machine), not as a parameter, even once returned.
 */
START_TEST(test_return_var_lts)
{
	static const uint32_t lts[] = { BTFX_TARGET_5_15, BTFX_TARGET_5_10 };
	struct blob b;
	struct verdict v;
	int i;

	for (i = 0; i < 2; i++) {
		mk_return_var(&b, 1, 0);
		ck_assert_int_eq(check(b.out, b.len, lts[i], &v), 0);
		mk_return_var(&b, 1, 1);
		ck_assert_int_eq(check(b.out, b.len, lts[i], &v), 1);
		ck_assert_str_eq(v.rule, "proto-param");
		ck_assert_msg(strstr(v.msg, "parameter 0") && strstr(v.msg, "VAR"), "%s", v.msg);
	}
	ck_assert_int_eq(check(b.out, b.len, BTFX_TARGET_6_12, &v), 1);
	ck_assert_str_eq(v.rule, "proto-return");
}
END_TEST

/* The 2026 format: a layout section, a kind only it describes, 24-bit vlen. */
START_TEST(test_target_2026)
{
	uint8_t blob[512];
	size_t len = tu_kind25_blob(blob);
	struct verdict v;

	ck_assert_int_eq(check(blob, len, BTFX_TARGET_2026, &v), 0);
	/* Today's kernel knows a 24-byte header: the layout fields are a non-zero tail. */
	ck_assert_int_eq(check(blob, len, BTFX_TARGET_CURRENT, &v), 1);
	ck_assert_str_eq(v.rule, "hdr-tail");
	if (kernel_verdict(blob, len) >= 0)
		ck_assert_int_eq(kernel_verdict(blob, len), 1);
	/* A layout entry that lies about a known kind. */
	blob[32 + 40 + 4 * BTFX_KIND_INT] = 8;
	ck_assert_int_eq(check(blob, len, BTFX_TARGET_2026, &v), 1);
	ck_assert_str_eq(v.rule, "layout-entry");
	/* vlen past 16 bits: the 2026 info word has room, today's has not. */
	{
		uint32_t n = 0x10000, i, tl = 12 + 8 * n;
		uint32_t *w = calloc(1, 24 + tl + 4);
		struct btfx_header h = { .magic = BTFX_MAGIC,
					 .version = 1,
					 .hdr_len = 24,
					 .type_len = tl,
					 .str_off = tl,
					 .str_len = 4 };

		ck_assert_ptr_nonnull(w);
		memcpy(w, &h, 24);
		w[6] = 1; /* "e" */
		w[7] = BTFX_INFO(BTFX_KIND_ENUM, 0, n);
		w[8] = 4;
		for (i = 0; i < n; i++)
			w[9 + 2 * i] = 1;
		memcpy((uint8_t *)w + 24 + tl, "\0e\0", 4);
		ck_assert_int_eq(check(w, 24 + tl + 4, BTFX_TARGET_2026, &v), 0);
		ck_assert_int_eq(check(w, 24 + tl + 4, BTFX_TARGET_CURRENT, &v), 1);
		ck_assert_str_eq(v.rule, "info-bits");
		free(w);
	}
}
END_TEST

/* --all: every problem; the callback can stop; without it the first only. */
START_TEST(test_all_and_stop)
{
	struct btfx_validate_opts o = { .sz = sizeof(o), .flags = BTFX_VALIDATE_ALL };
	struct blob b;

	b_int(&b);
	b_type(&b, "p", BTFX_KIND_PTR, 0, 0, 1, 0);    /* name on a PTR */
	b_type(&b, "f", BTFX_KIND_FLOAT, 0, 0, 3, 0);  /* size */
	b_type(&b, "v", BTFX_KIND_VAR, 0, 0, 1, 1, 7); /* linkage */
	b_type(&b, NULL, BTFX_KIND_CONST, 0, 0, 6, 0); /* a loop: once */
	b_type(&b, NULL, BTFX_KIND_VOLATILE, 0, 0, 7, 0);
	b_type(&b, NULL, BTFX_KIND_RESTRICT, 0, 0, 5, 0);
	b_done(&b);
	ck_assert_int_eq(btfx_validate_raw(b.out, b.len, &o), 4);
	o.flags = 0;
	ck_assert_int_eq(btfx_validate_raw(b.out, b.len, &o), 1);
	ck_assert_int_eq(btfx_validate_raw(b.out, b.len, NULL), 1);
}
END_TEST

/*
 * With --all, a PTR that a struct took as a member, found bad afterwards:
 * a later struct with the same member fails silently with it, and so does
 * one that holds that struct (rather than finding it 8 bytes too big).
 */
START_TEST(test_all_member_gone_bad)
{
	struct btfx_validate_opts o = { .sz = sizeof(o), .flags = BTFX_VALIDATE_ALL };
	struct blob b;
	int bad;

	for (bad = 0; bad < 2; bad++) {
		b_int(&b);
		b_type(&b, "s", BTFX_KIND_STRUCT, 1, 0, 8, 3, b_str(&b, "a"), 3, 0);
		b_type(&b, NULL, BTFX_KIND_PTR, 0, 0, 4, 0);
		b_type(&b, "t", BTFX_KIND_TYPEDEF, 0, 0, bad ? 5 : 1, 0); /* a loop when bad */
		b_type(&b, "w", BTFX_KIND_TYPEDEF, 0, 0, 4, 0);
		b_type(&b, "u", BTFX_KIND_STRUCT, 1, 0, 8, 3, b_str(&b, "a"), 3, 0);
		b_type(&b, "x", BTFX_KIND_STRUCT, 1, 0, 4, 3, b_str(&b, "a"), 6, 0);
		b_done(&b);
		/* x: u's 8 bytes do not fit in 4, unless u failed with the PTR. */
		ck_assert_int_eq(btfx_validate_raw(b.out, b.len, &o), 1);
		ck_assert_int_eq(btfx__validate_raw_plain(b.out, b.len, &o), 1);
		ck_assert_int_eq(check(b.out, b.len, BTFX_TARGET_CURRENT, &(struct verdict){ 0 }),
				 1);
	}
	{
		struct verdict v;

		check(b.out, b.len, BTFX_TARGET_CURRENT, &v);
		ck_assert_str_eq(v.rule, "resolve-loop");
		ck_assert_msg(strstr(v.msg, "[3]"), "%s", v.msg);
	}
	/* The same with a PTR that the record walk found bad (a PTR has no name). */
	for (bad = 0; bad < 2; bad++) {
		b_int(&b);
		b_type(&b, bad ? "p" : NULL, BTFX_KIND_PTR, 0, 0, 1, 0);
		b_type(&b, "u", BTFX_KIND_STRUCT, 1, 0, 8, 3, b_str(&b, "a"), 2, 0);
		b_type(&b, "x", BTFX_KIND_STRUCT, 1, 0, 4, 3, b_str(&b, "a"), 3, 0);
		b_done(&b);
		ck_assert_int_eq(btfx_validate_raw(b.out, b.len, &o), 1);
		ck_assert_int_eq(btfx__validate_raw_plain(b.out, b.len, &o), 1);
	}
}
END_TEST

START_TEST(test_bad_args)
{
	struct btfx_validate_opts o = { .sz = sizeof(o), .target = 9 };
	struct blob b;

	mk_hdr_magic(&b, 0);
	ck_assert_int_eq(btfx_validate_raw(b.out, b.len, &o), -EINVAL);
	o.target = 0;
	o.flags = 1u << 7;
	ck_assert_int_eq(btfx_validate_raw(b.out, b.len, &o), -EINVAL);
	ck_assert_int_eq(btfx_validate_raw(NULL, 4, NULL), -EINVAL);
	ck_assert_int_eq(btfx_validate_raw(NULL, 0, NULL), 1); /* no header */
	ck_assert_int_eq(btfx_validate(NULL, NULL), -EINVAL);
	/* Unaligned data is fine. */
	memmove(b.out + 1, b.out, b.len);
	ck_assert_int_eq(btfx_validate_raw(b.out + 1, b.len, NULL), 0);
}
END_TEST

/* Objects built with the builders validate as they would be written. */
START_TEST(test_built_objects)
{
	struct btfx *btf = btfx_new();
	struct btfx_validate_opts o = { .sz = sizeof(o) };
	int i_id, s_id;

	i_id = btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED);
	s_id = btfx_add_struct(btf, "s", 8);
	ck_assert_int_eq(btfx_append_member(btf, "a", (uint32_t)i_id, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", (uint32_t)i_id, 32, 3), 0);
	ck_assert_int_gt(btfx_add_ptr(btf, (uint32_t)s_id), 0);
	ck_assert_int_gt(btfx_add_enum64(btf, "e", 8, 0), 0);
	ck_assert_int_eq(btfx_validate(btf, &o), 0);
	o.target = BTFX_TARGET_2026;
	ck_assert_int_eq(btfx_validate(btf, &o), 0);
	o.target = BTFX_TARGET_5_15;
	ck_assert_int_eq(btfx_validate(btf, &o), 1);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "ENUM64"));
	/* An extern VAR is refused, as the kernel does. */
	o.target = 0;
	ck_assert_int_gt(btfx_add_var(btf, "x", BTFX_VAR_GLOBAL_EXTERN, (uint32_t)i_id), 0);
	ck_assert_int_eq(btfx_validate(btf, &o), 1);
	btfx_free(btf);
}
END_TEST

/* Split BTF: ids and string offsets continue after the base's. */
START_TEST(test_split)
{
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx_validate_opts o = { .sz = sizeof(o) };
	struct btfx *base = btfx_new(), *mod;
	struct blob b;
	uint32_t name;

	ck_assert_int_eq(btfx_add_int(base, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(base, "base_s", 4), 2);
	ck_assert_int_eq(btfx_append_member(base, "x", 1, 0, 0), 0);
	o.base = base;
	/* [3] PTR -> [1]; [4] STRUCT m { int y; } named at base strings + 1 */
	memset(&b, 0, sizeof(b));
	b_type(&b, NULL, BTFX_KIND_PTR, 0, 0, 2, 0);
	name = btfx_str_sec_len(base);
	b_word(&b, name);
	b_word(&b, BTFX_INFO(BTFX_KIND_STRUCT, 0, 1));
	b_word(&b, 4);
	b_word(&b, name + 2);
	b_word(&b, 1);
	b_word(&b, 0);
	memcpy(b.strs, "m\0y", 4);
	b.slen = 4;
	b_done(&b);
	ck_assert_int_eq(btfx_validate_raw(b.out, b.len, &o), 0);
	/* As a module's BTF, no types is fine, and an id past the types is not. */
	memcpy(b.out + 24 + 8, &(uint32_t){ 9 }, 4);
	ck_assert_int_eq(btfx_validate_raw(b.out, b.len, &o), 1);
	/* Built on the base: validated over it. */
	no.base = base;
	mod = btfx_new_opts(&no);
	ck_assert_int_gt(btfx_add_ptr(mod, 2), 0);
	ck_assert_int_eq(btfx_validate(mod, NULL), 0);
	btfx_free(mod);
	btfx_free(base);
}
END_TEST

/* The test data: libbtfx's verdict is the kernel's (tests/data/README says which load). */
START_TEST(test_data_files)
{
	static const char *const files[] = { "sample.btf", "types.bpfel.btf", "globals.bpfel.btf" };
	static const int valid[] = { 1, 0, 0 }; /* unplaced DATASECs, an extern VAR */
	size_t i, len;
	void *data;

	for (i = 0; i < 3; i++) {
		struct verdict v;
		int ret;

		data = tu_read_file(tu_data_path(files[i]), &len);
		ret = check(data, len, 0, &v);
		ck_assert_msg((ret == 0) == valid[i], "%s: %d problems, first %s", files[i], ret,
			      v.msg);
		if (kernel_verdict(data, len) >= 0)
			ck_assert_int_eq(kernel_verdict(data, len) == 0, valid[i]);
		free(data);
	}
}
END_TEST

/* Hostile bytes: truncations of a good blob never crash, and are all refused. */
START_TEST(test_truncations)
{
	struct blob b;
	uint32_t n;

	mk_sec(&b, 8, 0, 4, 4, 4);
	for (n = 0; n < b.len; n++)
		ck_assert_int_gt(btfx_validate_raw(b.out, n, NULL), 0);
	ck_assert_int_eq(btfx_validate_raw(b.out, b.len, NULL), 0);
}
END_TEST

/*
 * Every allocation of one validation failed in turn: the result is
 * -ENOMEM, or (where the validator does without the memory) the verdict
 * and problems of a run with memory; nothing leaks.  Returns how many
 * runs gave -ENOMEM.
 */
static int sweep_raw(const void *data, size_t len, struct btfx_validate_opts o)
{
	struct tu_report want = { 0 }, got = { 0 };
	struct btfx_allocator a;
	struct tu_failalloc fa;
	long k;
	int ret, ref, nomem = 0;

	o.report = tu_report_problem;
	o.ctx = &want;
	ref = btfx_validate_raw(data, len, &o);
	ck_assert_int_ge(ref, 0);
	o.ctx = &got;
	for (k = 1;; k++) {
		tu_failalloc_init(&fa, &a, k);
		o.allocator = &a;
		got.len = 0;
		ret = btfx_validate_raw(data, len, &o);
		ck_assert_int_eq(fa.live, 0);
		if (ret == -ENOMEM) {
			nomem++;
			continue;
		}
		ck_assert_msg(ret == ref && !strcmp(tu_report_text(&got), tu_report_text(&want)),
			      "allocation %ld failed: %d problems (%s), want %d (%s)", k, ret,
			      tu_report_text(&got), ref, tu_report_text(&want));
		if (fa.calls < k) /* the k-th allocation was never asked for */
			break;
	}
	free(want.text);
	free(got.text);
	return nomem;
}

/* Allocation failures, for the raw entry point and for an object's. */
START_TEST(test_alloc_failures)
{
	struct btfx_validate_opts o = { .sz = sizeof(o), .flags = BTFX_VALIDATE_ALL };
	struct btfx_allocator a, bad = { .sz = 1 };
	struct btfx_new_opts no = { .sz = sizeof(no), .allocator = &a };
	struct tu_failalloc fa;
	struct btfx *btf;
	struct blob b;
	size_t len;
	uint8_t *data = tu_read_file(tu_data_path("sample.btf"), &len), *odd;
	long k, before;
	int ret;

	/* A valid blob (strings over 4 KB), its misaligned copy, an invalid one. */
	ck_assert_int_gt(sweep_raw(data, len, o), 0);
	odd = malloc(len + 1);
	ck_assert_ptr_nonnull(odd);
	memcpy(odd + 1, data, len);
	ck_assert_int_gt(sweep_raw(odd + 1, len, o), 0);
	b_int(&b);
	b_type(&b, "p", BTFX_KIND_PTR, 0, 0, 1, 0);
	b_type(&b, NULL, BTFX_KIND_CONST, 0, 0, 4, 0);
	b_type(&b, NULL, BTFX_KIND_VOLATILE, 0, 0, 3, 0);
	b_done(&b);
	ck_assert_int_gt(sweep_raw(b.out, b.len, o), 0);
	o.flags = 0;
	ck_assert_int_gt(sweep_raw(b.out, b.len, o), 0);
	o.target = BTFX_TARGET_2026;
	ck_assert_int_gt(sweep_raw(data, len, o), 0);

	/* An allocator that is not one is refused. */
	o.allocator = &bad;
	ck_assert_int_eq(btfx_validate_raw(data, len, &o), -EINVAL);

	/* btfx_validate() works in the object's memory. */
	tu_failalloc_init(&fa, &a, 0);
	btf = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(btf);
	ck_assert_int_eq(btfx_load(btf, data, len, NULL), 0);
	for (k = 1;; k++) {
		before = fa.calls;
		fa.fail_at = before + k;
		ret = btfx_validate(btf, NULL);
		ck_assert_msg(ret == 0 || ret == -ENOMEM, "allocation %ld failed: %d", k, ret);
		if (fa.calls - before < k)
			break;
	}
	ck_assert_int_gt(k, 1);
	btfx_free(btf);
	ck_assert_int_eq(fa.live, 0);
	free(odd);
	free(data);
}
END_TEST

START_TEST(test_vmlinux_clean)
{
	struct btfx_validate_opts o = { .sz = sizeof(o), .flags = BTFX_VALIDATE_ALL };
	struct verdict v;
	size_t len;
	void *data = tu_read_file(TU_VMLINUX, &len);

	o.report = first;
	o.ctx = &v;
	memset(&v, 0, sizeof(v));
	ck_assert_msg(btfx_validate_raw(data, len, &o) == 0, "vmlinux: %d problems, first %s",
		      v.count, v.msg);
	free(data);
}
END_TEST

/*
 * One INT named name, in a blob whose string section is the name, then
 * pad bytes of other names (0: none).  Returns the blob; *len its size.
 */
static uint8_t *int_named(const char *name, size_t pad, size_t *len)
{
	size_t nlen = strlen(name), str_len = 1 + nlen + 1 + pad, i;
	uint32_t hdr[6] = { 0x0001eb9f, 24, 0, 16, 16, (uint32_t)str_len };
	uint32_t rec[4] = { 1, 1u << 24, 4, 32 };
	uint8_t *b = calloc(1, 24 + 16 + str_len), *str;

	ck_assert_ptr_nonnull(b);
	memcpy(b, hdr, 24);
	memcpy(b + 24, rec, 16);
	str = b + 40;
	memcpy(str + 1, name, nlen);
	for (i = 0; i < pad; i++) /* "aaaaaaa\0" names */
		str[2 + nlen + i] = (i % 8 == 7 || i == pad - 1) ? 0 : 'a';
	*len = 24 + 16 + str_len;
	return b;
}

/*
 * Names are checked two bytes a step in a string section of 4 KiB or more
 * (validate_names.c): every verdict there must be the one-byte-a-step
 * verdict of a small section, on names around every edge.
 */
START_TEST(test_name_scan_big_section)
{
	static const char alpha[] = "aZ_09.-$ \x80\xc3\xff";
	char name[600];
	uint32_t x = 1;
	int i, k;

	for (i = 0; i < 3000; i++) {
		size_t n, lb, ls;
		uint8_t *big, *small;
		int vb, vs;

		if (i < 8) { /* around the 511-byte limit */
			n = 507 + (size_t)i;
			memset(name, 'a', n);
		} else {
			x = x * 1103515245u + 12345u;
			n = 1 + (x >> 16) % 24;
			for (k = 0; k < (int)n; k++) {
				x = x * 1103515245u + 12345u;
				/* mostly name characters, sometimes not */
				name[k] = (x >> 24) % 8 ? alpha[(x >> 16) % 5] :
							  alpha[(x >> 16) % (sizeof(alpha) - 1)];
			}
		}
		name[n] = 0;
		big = int_named(name, 5000, &lb);
		small = int_named(name, 0, &ls);
		vb = btfx_validate_raw(big, lb, NULL);
		vs = btfx_validate_raw(small, ls, NULL);
		ck_assert_msg(vb >= 0 && vs >= 0, "validate failed on '%s'", name);
		ck_assert_msg((vb == 0) == (vs == 0), "'%s' (%zu bytes): %s in a big section, %s in a small one",
			      name, n, vb ? "refused" : "taken", vs ? "refused" : "taken");
		free(big);
		free(small);
	}
}
END_TEST

static Suite *validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_rule, 0, NR_CASES);
	tcase_add_test(tc, test_5_15_enum64_message);
	tcase_add_test(tc, test_return_var_lts);
	tcase_add_test(tc, test_target_2026);
	tcase_add_test(tc, test_all_and_stop);
	tcase_add_test(tc, test_all_member_gone_bad);
	tcase_add_test(tc, test_bad_args);
	tcase_add_test(tc, test_built_objects);
	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_data_files);
	tcase_add_test(tc, test_truncations);
	tcase_add_test(tc, test_name_scan_big_section);
	tcase_add_test(tc, test_alloc_failures);
	suite_add_tcase(s, tc);
	/* tests/check_validate_vmlinux: skipped (77) without the kernel's BTF. */
	tc = tcase_create("vmlinux");
	tcase_set_tags(tc, "vmlinux");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_vmlinux_clean);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(validate_suite());
}
