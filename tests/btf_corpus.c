// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf_corpus.c - the differential corpus of issue 10: raw BTF blobs, each
 * loaded into the running kernel, whose verdicts tests/check_validate_kernel
 * compares with btfx_validate_raw()'s.  Not a test: `make check` builds it,
 * `make corpus` runs it (as root, on Linux) to regenerate tests/data/validate/.
 *
 *   tests/btf_corpus gen DIR [SEED]   write the blobs, NNNN-family-what.btf
 *   tests/btf_corpus record DIR       load each blob with BPF_BTF_LOAD and
 *                                     write DIR/verdicts.txt
 *   tests/btf_corpus summary DIR      the blobs by family and verdict
 *
 * The blobs are small valid objects made with the builders (every kind and
 * the edge values of each), serialized, then patched as raw words: most of
 * the mutations are blobs the builders refuse to make.  The same seed gives
 * the same bytes.  See tests/data/validate/README.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <btfx/btfx.h>

#include "bpfload.h"

#define MAXT 128
#define HDR_LEN 24

/* A serialized object and where each of its type records starts. */
struct blob {
	uint8_t *p;
	size_t len;
	uint32_t cnt;       /* types, void included */
	uint32_t off[MAXT]; /* byte offset of each record in p */
	uint32_t str_len;   /* of the string section as written */
};

struct corpus {
	const char *dir;
	unsigned int n;
	uint64_t rng;
};

static void die(const char *what)
{
	fprintf(stderr, "btf_corpus: %s\n", what);
	exit(2);
}

static uint32_t rnd(struct corpus *c)
{
	/* splitmix64: deterministic from the seed on every host. */
	uint64_t z = (c->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static uint32_t get32(const struct blob *b, size_t at)
{
	uint32_t v;

	memcpy(&v, b->p + at, 4);
	return v;
}

static void put32(struct blob *b, size_t at, uint32_t v)
{
	if (at + 4 <= b->len)
		memcpy(b->p + at, &v, 4);
}

/* Word w of type id's record (0 name_off, 1 info, 2 size/type, 3... the rest). */
static uint32_t tw(const struct blob *b, uint32_t id, unsigned int w)
{
	return get32(b, b->off[id] + 4 * w);
}

static void set_tw(struct blob *b, uint32_t id, unsigned int w, uint32_t v)
{
	put32(b, b->off[id] + 4 * w, v);
}

/* Header fields by byte offset. */
enum { H_MAGIC = 0, H_HDR_LEN = 4, H_TYPE_OFF = 8, H_TYPE_LEN = 12, H_STR_OFF = 16,
       H_STR_LEN = 20 };

/* Serialize btf (freed) into b. */
static void take(struct blob *b, struct btfx *btf)
{
	const void *data;
	size_t len;
	uint32_t id, at = HDR_LEN;

	if (!btf || btfx_raw_data(btf, NULL, &data, &len))
		die(btf ? btfx_errmsg(btf) : "no object");
	if (btfx_type_cnt(btf) > MAXT)
		die("too many types");
	b->p = malloc(len + 4096);
	if (!b->p)
		die("out of memory");
	memcpy(b->p, data, len);
	b->len = len;
	b->cnt = btfx_type_cnt(btf);
	for (id = 1; id < b->cnt; id++) {
		b->off[id] = at;
		at += btfx_record_len(btf, id);
	}
	b->str_len = btfx_str_sec_len(btf);
	btfx_free(btf);
}

static void dup_blob(struct blob *to, const struct blob *from)
{
	*to = *from;
	to->p = malloc(from->len + 4096);
	if (!to->p)
		die("out of memory");
	memcpy(to->p, from->p, from->len);
}

/* Write b as DIR/NNNN-family-what.btf; frees b. */
static void emit(struct corpus *c, struct blob *b, const char *family, const char *what)
{
	char path[4096], name[256];
	size_t i;
	FILE *f;

	snprintf(name, sizeof(name), "%04u-%s-%s", c->n++, family, what);
	for (i = 0; name[i]; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '-' || name[i] == '_'))
			name[i] = '_';
	snprintf(path, sizeof(path), "%s/%s.btf", c->dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b->p, 1, b->len, f) != b->len || fclose(f))
		die(path);
	free(b->p);
	b->p = NULL;
}

/* A copy of base with word w of type id set to v, emitted. */
static void emit_tw(struct corpus *c, const struct blob *base, uint32_t id, unsigned int w,
		    uint32_t v, const char *family, const char *what)
{
	struct blob b;

	dup_blob(&b, base);
	set_tw(&b, id, w, v);
	emit(c, &b, family, what);
}

/* The same with two words of type id. */
static void emit_tw2(struct corpus *c, const struct blob *base, uint32_t id, unsigned int w1,
		     uint32_t v1, unsigned int w2, uint32_t v2, const char *family,
		     const char *what)
{
	struct blob b;

	dup_blob(&b, base);
	set_tw(&b, id, w1, v1);
	set_tw(&b, id, w2, v2);
	emit(c, &b, family, what);
}

#define CK(x)                                                                              \
	do {                                                                               \
		if ((x) < 0)                                                               \
			die(#x);                                                           \
	} while (0)

static uint32_t str(struct btfx *btf, const char *s)
{
	int r = btfx_add_str(btf, s);

	if (r < 0)
		die(s);
	return (uint32_t)r;
}

/* An object with one INT "int" (id 1). */
static struct btfx *one_int(void)
{
	struct btfx *btf = btfx_new();

	if (!btf)
		die("out of memory");
	CK(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED));
	return btf;
}

/*
 * One of each kind (ids in the comments), the base of the per-kind word
 * mutations, kind_flag and vlen on every kind, ids and flips.
 */
static struct btfx *every_kind(void)
{
	const struct btfx_member_info m[] = {
		{ "a", 1, 0, 0 }, { "b", 1, 32, 3 }, { "c", 1, 35, 29 }, { "p", 6, 64, 0 },
	};
	const struct btfx_var_secinfo vi[] = { { 14, 8, 16 }, { 13, 0, 4 } };
	struct btfx *btf = one_int();                              /* 1 int */

	CK(btfx_add_int(btf, "char", 1, BTFX_INT_CHAR));           /* 2 */
	CK(btfx_add_float(btf, "double", 8));                      /* 3 */
	CK(btfx_add_const(btf, 1));                                /* 4 */
	CK(btfx_add_volatile(btf, 4));                             /* 5 */
	CK(btfx_add_ptr(btf, 5));                                  /* 6 */
	CK(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 16, m, 4,
					   sizeof(*m)));           /* 7 */
	CK(btfx_add_union(btf, "u", 8));                           /* 8 */
	CK(btfx_append_member(btf, "x", 1, 0, 0));
	CK(btfx_append_member(btf, "y", 3, 0, 0));
	CK(btfx_add_enum(btf, "e", 4, 0));                         /* 9 */
	CK(btfx_append_enum_value(btf, "E_NEG", -5));
	CK(btfx_append_enum_value(btf, "E_POS", 7));
	CK(btfx_add_enum64(btf, "e64", 8, 0));                     /* 10 */
	CK(btfx_append_enum_value(btf, "E_BIG", (int64_t)0xfffffffff0ull));
	CK(btfx_add_fwd(btf, "later", BTFX_FWD_UNION));            /* 11 */
	CK(btfx_add_typedef(btf, "s_t", 7));                       /* 12 */
	CK(btfx_add_var(btf, "counter", BTFX_VAR_GLOBAL_ALLOCATED, 1)); /* 13 */
	CK(btfx_add_var(btf, "state", BTFX_VAR_STATIC, 7));        /* 14 */
	CK(btfx_add_datasec_with_vars(btf, ".data", 24, vi, 2));   /* 15 */
	CK(btfx_add_func_proto(btf, 1));                           /* 16 */
	CK(btfx_append_param(btf, "arg", 6));
	CK(btfx_append_param(btf, "n", 12));
	CK(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 16));         /* 17 */
	CK(btfx_add_func(btf, "g", BTFX_FUNC_STATIC, 16));         /* 18 */
	CK(btfx_add_decl_tag(btf, "kfunc", 17, -1));               /* 19 */
	CK(btfx_add_decl_tag(btf, "nonnull", 17, 0));              /* 20 */
	CK(btfx_add_decl_tag(btf, "hot", 7, 1));                   /* 21 */
	CK(btfx_add_decl_tag(btf, "pcpu", 13, -1));                /* 22 */
	CK(btfx_add_type_tag(btf, "user", 1));                     /* 23 */
	CK(btfx_add_ptr(btf, 23));                                 /* 24 */
	CK(btfx_add_restrict(btf, 24));                            /* 25 */
	CK(btfx_add_array(btf, 1, 2, 16));                         /* 26 */
	return btf;
}

#define EVERY_CNT 27 /* types of every_kind(), void included */

static const char *const kind_names[] = {
	"unkn", "int", "ptr", "array", "struct", "union", "enum", "fwd", "typedef", "volatile",
	"const", "restrict", "func", "func_proto", "var", "datasec", "float", "decl_tag",
	"type_tag", "enum64",
};

static const char *kname(const struct blob *b, uint32_t id)
{
	uint32_t k = BTFX_INFO_KIND(tw(b, id, 1));

	return k < 20 ? kind_names[k] : "kind";
}

/* ------------------------------------------------------------------------ */
/* Objects made only with the builders, random but deterministic.          */

static void rnd_scalar(struct corpus *c, struct btfx *btf, char *nm)
{
	static const uint32_t isz[] = { 1, 2, 4, 8, 16 }, fsz[] = { 2, 4, 8, 12, 16 };
	static const uint32_t enc[] = { 0, BTFX_INT_SIGNED, BTFX_INT_CHAR, BTFX_INT_BOOL };
	uint32_t sz = isz[rnd(c) % 5], bits, off;

	switch (rnd(c) % 3) {
	case 0:
		CK(btfx_add_int(btf, nm, sz, enc[rnd(c) % 4]));
		break;
	case 1:
		bits = 1 + rnd(c) % (sz * 8);
		off = rnd(c) % (sz * 8 - bits + 1);
		CK(btfx_add_int_bits(btf, nm, sz, enc[rnd(c) % 2], off, bits));
		break;
	default:
		CK(btfx_add_float(btf, nm, fsz[rnd(c) % 5]));
	}
}

/* A STRUCT or UNION of INT members (id 1, 4 bytes), some bitfields. */
static void rnd_composite(struct corpus *c, struct btfx *btf, char *nm)
{
	uint32_t i, n = rnd(c) % 5, off = 0, bs;
	int un = rnd(c) % 4 == 0;

	CK(un ? btfx_add_union(btf, nm, 4) : btfx_add_struct(btf, rnd(c) % 3 ? nm : NULL,
							     4 * n + 4));
	for (i = 0; i < n; i++) {
		char mn[16];

		snprintf(mn, sizeof(mn), "m%u", i);
		bs = rnd(c) % 3 ? 0 : 1 + rnd(c) % 32;
		if (un) {
			CK(btfx_append_member(btf, mn, 1, 0, bs));
			continue;
		}
		if (!bs)
			off = (off + 31) & ~31u;
		CK(btfx_append_member(btf, rnd(c) % 5 ? mn : NULL, 1, off, bs));
		off += bs ? bs : 32;
	}
}

static void rnd_enum(struct corpus *c, struct btfx *btf, char *nm)
{
	int e64 = rnd(c) % 2;
	uint32_t i, n = rnd(c) % 4, sz = 1u << (rnd(c) % 4);

	if (!e64 && sz == 8)
		sz = 4;
	if (e64)
		CK(btfx_add_enum64(btf, rnd(c) % 3 ? nm : NULL, sz, rnd(c) % 2));
	else
		CK(btfx_add_enum(btf, rnd(c) % 3 ? nm : NULL, sz, rnd(c) % 2));
	for (i = 0; i < n; i++) {
		char en[48];

		snprintf(en, sizeof(en), "%s_V%u", nm, i);
		CK(btfx_append_enum_value(btf, en, (int64_t)(int8_t)rnd(c)));
	}
}

/* A FUNC_PROTO over earlier ids, a FUNC, maybe a DECL_TAG on it. */
static void rnd_func(struct corpus *c, struct btfx *btf, char *nm, uint32_t last)
{
	uint32_t i, n = rnd(c) % 4;
	int proto;

	proto = btfx_add_func_proto(btf, rnd(c) % 2 ? 1 : 0);
	CK(proto);
	for (i = 0; i < n; i++) {
		char pn[16];

		snprintf(pn, sizeof(pn), "p%u", i);
		CK(btfx_append_param(btf, pn, 1 + rnd(c) % last));
	}
	if (rnd(c) % 4 == 0)
		CK(btfx_append_param(btf, NULL, 0)); /* varargs */
	CK(btfx_add_func(btf, nm, rnd(c) % 3, (uint32_t)proto));
}

/* One random kind over the ids below last (all of them resolvable). */
static void rnd_type(struct corpus *c, struct btfx *btf, uint32_t last, unsigned int k)
{
	char nm[24];
	uint32_t to = 1 + rnd(c) % last;
	int r;

	snprintf(nm, sizeof(nm), "t%u", k);
	switch (rnd(c) % 9) {
	case 0: rnd_scalar(c, btf, nm); break;
	case 1: rnd_composite(c, btf, nm); break;
	case 2: rnd_enum(c, btf, nm); break;
	case 3: rnd_func(c, btf, nm, last); break;
	case 4: CK(btfx_add_ptr(btf, rnd(c) % 4 ? to : 0)); break;
	case 5: CK(btfx_add_typedef(btf, nm, to)); break;
	case 6: CK(btfx_add_array(btf, 1, 1, rnd(c) % 9)); break;
	case 7:
		r = btfx_add_type_tag(btf, nm, 1);
		CK(r);
		CK(btfx_add_ptr(btf, (uint32_t)r));
		break;
	default:
		r = btfx_add_var(btf, nm, rnd(c) % 2, 1);
		CK(r);
		CK(btfx_add_datasec(btf, rnd(c) % 2 ? ".data" : ".bss", 4 + 4 * (rnd(c) % 3)));
		CK(btfx_append_secinfo(btf, (uint32_t)r, 0, 4));
	}
}

static void gen_valid(struct corpus *c, unsigned int count)
{
	unsigned int i, k, n;

	for (i = 0; i < count; i++) {
		struct btfx *btf = one_int();
		struct blob b;
		char what[32];

		n = 1 + rnd(c) % 8;
		for (k = 0; k < n; k++)
			rnd_type(c, btf, btfx_type_cnt(btf) - 1, k);
		take(&b, btf);
		snprintf(what, sizeof(what), "random%u", i);
		emit(c, &b, "random", what);
	}
	{
		struct blob b;

		take(&b, every_kind());
		emit(c, &b, "random", "every_kind");
	}
}

/* ------------------------------------------------------------------------ */
/* Edge values of each kind.                                                */

static void gen_int(struct corpus *c)
{
	static const uint32_t bits[] = { 0, 1, 8, 64, 128, 129, 200, 255 };
	static const uint32_t sizes[] = { 0, 1, 2, 3, 4, 8, 16, 32 };
	static const uint32_t offs[] = { 0, 1, 7, 8, 63, 64, 120, 127, 128, 255 };
	static const uint32_t encs[] = { 0, 1, 2, 3, 4, 5, 6, 8, 15 };
	struct blob base;
	char what[48];
	size_t i;

	take(&base, one_int());
	for (i = 0; i < sizeof(bits) / sizeof(*bits); i++) {
		snprintf(what, sizeof(what), "size16_bits%u", bits[i]);
		emit_tw2(c, &base, 1, 2, 16, 3, BTFX_INT_ENC(0, 0, bits[i]), "int", what);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		snprintf(what, sizeof(what), "size%u_bits8", sizes[i]);
		emit_tw2(c, &base, 1, 2, sizes[i], 3, BTFX_INT_ENC(0, 0, 8), "int", what);
	}
	for (i = 0; i < sizeof(offs) / sizeof(*offs); i++) {
		snprintf(what, sizeof(what), "size16_off%u_bits1", offs[i]);
		emit_tw(c, &base, 1, 3, BTFX_INT_ENC(0, offs[i], 1), "int", what);
		snprintf(what, sizeof(what), "size4_off%u_bits8", offs[i]);
		emit_tw(c, &base, 1, 3, BTFX_INT_ENC(0, offs[i], 8), "int", what);
	}
	for (i = 0; i < sizeof(encs) / sizeof(*encs); i++) {
		snprintf(what, sizeof(what), "encoding%u", encs[i]);
		emit_tw(c, &base, 1, 3, BTFX_INT_ENC(encs[i], 0, 32), "int", what);
	}
	emit_tw(c, &base, 1, 3, 0xf0000020u, "int", "reserved_bits_high");
	emit_tw(c, &base, 1, 3, 0x00008020u, "int", "reserved_bits_mid");
	emit_tw(c, &base, 1, 2, 0x80000004u, "int", "size_huge");
	free(base.p);
}

/* A FLOAT (id 2) and its sizes. */
static void gen_float(struct corpus *c)
{
	static const uint32_t sizes[] = { 0, 1, 2, 3, 4, 6, 8, 10, 12, 16, 24, 32 };
	struct btfx *btf = one_int();
	struct blob base;
	char what[32];
	size_t i;

	CK(btfx_add_float(btf, "f", 8));
	take(&base, btf);
	for (i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		snprintf(what, sizeof(what), "size%u", sizes[i]);
		emit_tw(c, &base, 2, 2, sizes[i], "float", what);
	}
	free(base.p);
}

/*
 * A chain of modifiers over an INT (id 1), from the outside in: p PTR,
 * c CONST, v VOLATILE, r RESTRICT, d TYPEDEF, t TYPE_TAG, a TYPE_TAG with
 * kind_flag (an attribute), digits: that many more of the previous one.
 */
static struct btfx *chain(const char *spec)
{
	struct btfx *btf = one_int();
	uint32_t to = 1;
	size_t i, n = strlen(spec);
	int r = 0;

	for (i = n; i-- > 0;) {
		switch (spec[i]) {
		case 'p': r = btfx_add_ptr(btf, to); break;
		case 'c': r = btfx_add_const(btf, to); break;
		case 'v': r = btfx_add_volatile(btf, to); break;
		case 'r': r = btfx_add_restrict(btf, to); break;
		case 'd': r = btfx_add_typedef(btf, "td", to); break;
		case 't': r = btfx_add_type_tag(btf, "tag", to); break;
		case 'a': r = btfx_add_type_attr(btf, "attr", to); break;
		default: die(spec);
		}
		CK(r);
		to = (uint32_t)r;
	}
	return btf;
}

static void emit_chain(struct corpus *c, const char *family, const char *spec)
{
	struct blob b;

	take(&b, chain(spec));
	emit(c, &b, family, spec);
}

/* TYPE_TAG in and out of modifier chains; modifiers over each other. */
static void gen_chains(struct corpus *c)
{
	static const char *const tags[] = {
		"t", "pt", "ptc", "pct", "ptt", "ptct", "ptv", "pvt", "dt", "td", "tp", "cpt",
		"ptd", "pdt", "a", "pa", "pac", "pca", "pta", "pat", "prt", "ptr", "tt", "ttc",
	};
	static const char *const mods[] = {
		"p", "c", "v", "r", "d", "pp", "cv", "vc", "cc", "rp", "pr", "dd", "cd", "dc", "pcvr",
		"pppp", "cvrd",
	};
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(*tags); i++)
		emit_chain(c, "type_tag", tags[i]);
	for (i = 0; i < sizeof(mods) / sizeof(*mods); i++)
		emit_chain(c, "modifier", mods[i]);
}

/*
 * n modifiers of one kind over the INT (id 1), each referring to the next
 * id (the last to 1): resolved from the outside in, the chain is n deep.
 */
static struct btfx *chain_forward(char kind, unsigned int n)
{
	struct btfx *btf = one_int();
	unsigned int i;
	uint32_t to;

	for (i = 0; i < n; i++) {
		to = i + 1 == n ? 1 : i + 3;
		switch (kind) {
		case 'c': CK(btfx_add_const(btf, to)); break;
		case 'p': CK(btfx_add_ptr(btf, to)); break;
		default: CK(btfx_add_typedef(btf, "td", to));
		}
	}
	return btf;
}

/* Over-deep chains: n CONSTs, PTRs, TYPEDEFs over an INT. */
static void gen_depth(struct corpus *c)
{
	static const unsigned int depth[] = { 30, 31, 32, 33, 34, 64, 100 };
	static const char kinds[] = "cpd";
	char spec[128], what[32];
	size_t i, k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < sizeof(depth) / sizeof(*depth); i++) {
			struct blob b;

			memset(spec, kinds[k], depth[i]);
			spec[depth[i]] = '\0';
			take(&b, chain(spec));
			snprintf(what, sizeof(what), "%c_x%u", kinds[k], depth[i]);
			emit(c, &b, "depth", what);
			take(&b, chain_forward(kinds[k], depth[i]));
			snprintf(what, sizeof(what), "%c_x%u_forward", kinds[k], depth[i]);
			emit(c, &b, "depth", what);
		}
}

/* kind_flag, vlen + 1, size 0 and names on every kind of every_kind(). */
static void gen_every(struct corpus *c)
{
	struct btfx *btf = every_kind();
	uint32_t bad = str(btf, "9bad"), dot = str(btf, "a.b"), id, info;
	struct blob base;
	char what[48];

	take(&base, btf);
	for (id = 1; id < EVERY_CNT; id++) {
		info = tw(&base, id, 1);
		snprintf(what, sizeof(what), "%u_%s_kflag", id, kname(&base, id));
		emit_tw(c, &base, id, 1, info ^ (1u << 31), "kflag", what);
		snprintf(what, sizeof(what), "%u_%s_vlen_plus1", id, kname(&base, id));
		emit_tw(c, &base, id, 1, info + 1, "vlen", what);
		snprintf(what, sizeof(what), "%u_%s_size0", id, kname(&base, id));
		if (tw(&base, id, 2))
			emit_tw(c, &base, id, 2, 0, "size", what);
		snprintf(what, sizeof(what), "%u_%s_name_empty", id, kname(&base, id));
		if (tw(&base, id, 0))
			emit_tw(c, &base, id, 0, 0, "name", what);
		snprintf(what, sizeof(what), "%u_%s_name_9bad", id, kname(&base, id));
		emit_tw(c, &base, id, 0, bad, "name", what);
		snprintf(what, sizeof(what), "%u_%s_name_dotted", id, kname(&base, id));
		emit_tw(c, &base, id, 0, dot, "name", what);
		snprintf(what, sizeof(what), "%u_%s_name_past_end", id, kname(&base, id));
		emit_tw(c, &base, id, 0, base.str_len, "str", what);
	}
	free(base.p);
}

/* Every word of every_kind() that holds a type id, set to 0, itself, past the end. */
static void gen_ids(struct corpus *c)
{
	static const uint8_t ref[][2] = {
		{ 4, 2 },  { 5, 2 },  { 6, 2 },  { 7, 4 },  { 7, 13 }, { 8, 4 },  { 8, 7 },
		{ 12, 2 }, { 13, 2 }, { 14, 2 }, { 15, 3 }, { 15, 6 }, { 16, 2 }, { 16, 4 },
		{ 16, 6 }, { 17, 2 }, { 19, 2 }, { 21, 2 }, { 22, 2 }, { 23, 2 }, { 24, 2 },
		{ 25, 2 }, { 26, 3 }, { 26, 4 },
	};
	const uint32_t vals[] = { 0, 0 /* itself */, EVERY_CNT, 0xffffffffu };
	static const char *const vn[] = { "void", "self", "next", "all_ones" };
	struct blob base;
	char what[48];
	size_t i, v;

	take(&base, every_kind());
	for (i = 0; i < sizeof(ref) / sizeof(*ref); i++)
		for (v = 0; v < 4; v++) {
			snprintf(what, sizeof(what), "%u_%s_w%u_%s", ref[i][0],
				 kname(&base, ref[i][0]), ref[i][1], vn[v]);
			emit_tw(c, &base, ref[i][0], ref[i][1], v == 1 ? ref[i][0] : vals[v],
				"ids", what);
		}
	free(base.p);
}

/* STRUCT and UNION members, bitfields at their boundaries. */
static struct btfx *composites(void)
{
	const struct btfx_member_info s[] = { { "a", 1, 0, 0 }, { "b", 2, 32, 0 } };
	const struct btfx_member_info k[] = { { "x", 1, 0, 1 }, { "y", 1, 1, 31 } };
	struct btfx *btf = one_int();                                        /* 1 */

	CK(btfx_add_int(btf, "char", 1, 0));                                 /* 2 */
	CK(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 8, s, 2,
					   sizeof(*s)));                     /* 3 */
	CK(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "k", 4, k, 2,
					   sizeof(*k)));                     /* 4 */
	CK(btfx_add_composite_with_members(btf, BTFX_KIND_UNION, "u", 4, s, 1,
					   sizeof(*s)));                     /* 5 */
	CK(btfx_add_fwd(btf, "later", BTFX_FWD_STRUCT));                     /* 6 */
	CK(btfx_add_func_proto(btf, 0));                                     /* 7 */
	CK(btfx_add_func(btf, "fn", BTFX_FUNC_STATIC, 7));                   /* 8 */
	CK(btfx_add_enum(btf, "e", 4, 0));                                   /* 9 */
	CK(btfx_append_enum_value(btf, "E", 1));
	CK(btfx_add_struct(btf, "empty", 0));                                /* 10 */
	CK(btfx_add_ptr(btf, 3));                                            /* 11 */
	CK(btfx_add_array(btf, 1, 1, 0));                                    /* 12 */
	return btf;
}

#define BF(size, off) (((uint32_t)(size) << 24) | (off))

static void gen_members(struct corpus *c)
{
	static const struct { uint8_t id, w; uint32_t v; const char *what; } m[] = {
		{ 3, 5, 1, "s_a_offset1" }, { 3, 5, 8, "s_a_offset8" }, { 3, 8, 0, "s_b_offset0" },
		{ 3, 8, 33, "s_b_offset33" }, { 3, 8, 56, "s_b_offset56" },
		{ 3, 8, 57, "s_b_offset57" }, { 3, 8, 64, "s_b_offset64" },
		{ 3, 8, 0xffffffff, "s_b_offset_max" }, { 3, 2, 5, "s_size5" },
		{ 3, 2, 7, "s_size7" }, { 3, 2, 0, "s_size0" }, { 3, 2, 0x7fffffff, "s_size_big" },
		{ 3, 4, 0, "s_a_void" }, { 3, 4, 3, "s_a_itself" }, { 3, 4, 6, "s_a_fwd" },
		{ 3, 4, 7, "s_a_func_proto" }, { 3, 4, 8, "s_a_func" }, { 3, 4, 9, "s_a_enum" },
		{ 3, 4, 10, "s_a_empty_struct" }, { 3, 4, 11, "s_a_ptr_to_itself" },
		{ 3, 4, 12, "s_a_flex_array" }, { 3, 7, 12, "s_b_flex_array" },
		{ 4, 5, BF(0, 0), "k_x_size0" }, { 4, 5, BF(32, 0), "k_x_size32" },
		{ 4, 5, BF(33, 0), "k_x_size33" }, { 4, 5, BF(128, 0), "k_x_size128" },
		{ 4, 8, BF(31, 1), "k_y_ok" }, { 4, 8, BF(32, 1), "k_y_past_end" },
		{ 4, 8, BF(1, 31), "k_y_last_bit" }, { 4, 8, BF(1, 32), "k_y_after_end" },
		{ 4, 8, BF(0, 1), "k_y_size0_unaligned" }, { 4, 8, BF(0, 8), "k_y_size0_byte" },
		{ 4, 8, BF(0, 32), "k_y_size0_at_end" }, { 4, 7, 9, "k_y_enum" },
		{ 4, 7, 2, "k_y_char" }, { 4, 7, 3, "k_y_struct" }, { 4, 7, 11, "k_y_ptr" },
		{ 4, 1, BTFX_INFO(BTFX_KIND_STRUCT, 0, 2), "k_no_kflag" }, { 4, 2, 8, "k_size8" },
		{ 5, 5, 8, "u_a_offset8" }, { 5, 5, BF(0, 0), "u_a_offset0" }, { 5, 2, 2, "u_size2" },
		{ 5, 1, BTFX_INFO(BTFX_KIND_UNION, 1, 1), "u_kflag" },
		{ 10, 2, 4, "empty_size4" }, { 10, 1, BTFX_INFO(BTFX_KIND_STRUCT, 1, 0), "empty_kflag" },
		{ 3, 1, BTFX_INFO(BTFX_KIND_STRUCT, 0, 0xffff), "s_vlen_max" },
		{ 3, 1, BTFX_INFO(BTFX_KIND_STRUCT, 0, 1), "s_vlen1" },
		{ 3, 1, BTFX_INFO(BTFX_KIND_UNION, 0, 2), "s_as_union" },
		{ 5, 1, BTFX_INFO(BTFX_KIND_STRUCT, 0, 1), "u_as_struct" },
	};
	struct btfx *btf = composites();
	uint32_t a = str(btf, "a"), bad = str(btf, "a-b"), dot = str(btf, ".x");
	struct blob base;
	size_t i;

	take(&base, btf);
	for (i = 0; i < sizeof(m) / sizeof(*m); i++)
		emit_tw(c, &base, m[i].id, m[i].w, m[i].v, "member", m[i].what);
	emit_tw(c, &base, 3, 6, a, "member", "s_duplicate_name");
	emit_tw(c, &base, 4, 6, tw(&base, 4, 3), "member", "k_duplicate_name");
	emit_tw(c, &base, 3, 6, 0, "member", "s_b_anonymous");
	emit_tw(c, &base, 3, 3, 0, "member", "s_a_anonymous");
	emit_tw(c, &base, 3, 6, bad, "member", "s_b_name_invalid");
	emit_tw(c, &base, 3, 6, dot, "member", "s_b_name_dot");
	emit_tw(c, &base, 4, 3, 0, "member", "k_x_anonymous_bitfield");
	emit_tw2(c, &base, 3, 3, 0, 6, 0, "member", "s_both_anonymous");
	free(base.p);
}

/* The unpatched base. */
static void emit_base(struct corpus *c, const struct blob *base, const char *family)
{
	struct blob b;

	dup_blob(&b, base);
	emit(c, &b, family, "base");
}

/* A table of single-word patches of one base. */
struct patch {
	uint8_t id, w;
	uint32_t v;
	const char *what;
};

static void emit_patches(struct corpus *c, const struct blob *base, const struct patch *p,
			 size_t n, const char *family)
{
	size_t i;

	for (i = 0; i < n; i++)
		emit_tw(c, base, p[i].id, p[i].w, p[i].v, family, p[i].what);
}

#define EMIT_PATCHES(c, base, p, family)                                                   \
	emit_patches((c), (base), (p), sizeof(p) / sizeof(*(p)), (family))

/* ENUM and ENUM64: sizes, signedness, enumerators, vlen 0. */
static void gen_enum(struct corpus *c)
{
	static const struct patch p[] = {
		{ 2, 2, 0, "e_size0" }, { 2, 2, 1, "e_size1" }, { 2, 2, 2, "e_size2" },
		{ 2, 2, 3, "e_size3" }, { 2, 2, 8, "e_size8" }, { 2, 2, 16, "e_size16" },
		{ 3, 2, 0, "e64_size0" }, { 3, 2, 1, "e64_size1" }, { 3, 2, 4, "e64_size4" },
		{ 3, 2, 3, "e64_size3" }, { 3, 2, 16, "e64_size16" },
		{ 2, 1, BTFX_INFO(BTFX_KIND_ENUM, 1, 2), "e_signed" },
		{ 3, 1, BTFX_INFO(BTFX_KIND_ENUM64, 1, 1), "e64_signed" },
		{ 4, 1, BTFX_INFO(BTFX_KIND_ENUM, 1, 0), "empty_signed" },
		{ 4, 2, 8, "empty_size8" }, { 5, 2, 4, "empty64_size4" },
		{ 2, 3, 0, "e_value_anonymous" }, { 3, 3, 0, "e64_value_anonymous" },
		{ 2, 4, 0x80000000u, "e_value_min" }, { 3, 5, 0xffffffffu, "e64_value_hi" },
		{ 2, 0, 0, "e_anonymous" }, { 3, 0, 0, "e64_anonymous" },
		{ 4, 0, 0, "empty_anonymous" },
	};
	struct btfx *btf = one_int();
	uint32_t bad = 0;
	struct blob base;

	CK(btfx_add_enum(btf, "e", 4, 0));   /* 2 */
	CK(btfx_append_enum_value(btf, "A", 1));
	CK(btfx_append_enum_value(btf, "B", -1));
	CK(btfx_add_enum64(btf, "f", 8, 0)); /* 3 */
	CK(btfx_append_enum_value(btf, "C", (int64_t)0x100000000ull));
	CK(btfx_add_enum(btf, "z", 4, 0));   /* 4 */
	CK(btfx_add_enum64(btf, "z64", 8, 0)); /* 5 */
	bad = str(btf, "B C");
	take(&base, btf);
	emit_base(c, &base, "enum");
	EMIT_PATCHES(c, &base, p, "enum");
	emit_tw(c, &base, 2, 5, tw(&base, 2, 3), "enum", "e_duplicate_value_name");
	emit_tw(c, &base, 2, 5, bad, "enum", "e_value_name_invalid");
	emit_tw(c, &base, 3, 3, bad, "enum", "e64_value_name_invalid");
	emit_tw(c, &base, 3, 3, tw(&base, 2, 3), "enum", "e64_value_name_as_e");
	free(base.p);
}

/* FWD: kind_flag (struct/union), names, size. */
static void gen_fwd(struct corpus *c)
{
	static const struct patch p[] = {
		{ 2, 1, BTFX_INFO(BTFX_KIND_FWD, 1, 0), "struct_kflag" },
		{ 3, 1, BTFX_INFO(BTFX_KIND_FWD, 0, 0), "union_no_kflag" },
		{ 2, 1, BTFX_INFO(BTFX_KIND_FWD, 0, 1), "vlen1" }, { 2, 2, 4, "size4" },
		{ 2, 0, 0, "anonymous" }, { 3, 0, 0, "union_anonymous" },
		{ 4, 4, 2, "member_of_fwd" }, { 5, 2, 2, "ptr_to_fwd" }, { 6, 2, 2, "typedef_fwd" },
	};
	struct btfx *btf = one_int();
	struct blob base;

	CK(btfx_add_fwd(btf, "a", BTFX_FWD_STRUCT)); /* 2 */
	CK(btfx_add_fwd(btf, "b", BTFX_FWD_UNION));  /* 3 */
	CK(btfx_add_struct(btf, "s", 4));            /* 4 */
	CK(btfx_append_member(btf, "m", 1, 0, 0));
	CK(btfx_add_ptr(btf, 1));                    /* 5 */
	CK(btfx_add_typedef(btf, "t", 1));           /* 6 */
	take(&base, btf);
	emit_base(c, &base, "fwd");
	EMIT_PATCHES(c, &base, p, "fwd");
	free(base.p);
}

/* FUNC linkage and prototype; FUNC_PROTO params, varargs, names. */
static void gen_func(struct corpus *c)
{
	static const struct patch p[] = {
		{ 3, 1, BTFX_INFO(BTFX_KIND_FUNC, 0, 1), "linkage1" },
		{ 3, 1, BTFX_INFO(BTFX_KIND_FUNC, 0, 2), "linkage2" },
		{ 3, 1, BTFX_INFO(BTFX_KIND_FUNC, 0, 3), "linkage3" },
		{ 3, 1, BTFX_INFO(BTFX_KIND_FUNC, 0, 0xffff), "linkage_max" },
		{ 3, 2, 1, "func_of_int" }, { 3, 2, 0, "func_of_void" }, { 3, 2, 6, "func_of_ptr" },
		{ 3, 2, 3, "func_of_itself" }, { 3, 2, 5, "func_of_func" },
		{ 2, 4, 0, "param0_void" }, { 2, 6, 0, "param1_void_named" },
		{ 2, 3, 0, "param0_anonymous" }, { 2, 5, 0, "param1_anonymous" },
		{ 4, 3, 0, "proto_varargs_first_anonymous" }, { 4, 4, 0, "varargs_first" },
		{ 4, 5, 7, "varargs_named" }, { 2, 2, 3, "return_func" }, { 2, 2, 2, "return_proto" },
		{ 2, 4, 3, "param_func" }, { 2, 4, 2, "param_proto" }, { 2, 2, 7, "return_void_ptr_ok" },
		{ 2, 0, 7, "proto_named" }, { 7, 2, 2, "ptr_to_proto_void_ret_ok" },
		{ 3, 0, 0, "func_anonymous" },
		{ 4, 1, BTFX_INFO(BTFX_KIND_FUNC_PROTO, 0, 1), "proto_only_varargs_first" },
	};
	const struct btfx_param_info two[] = { { "a", 1 }, { "b", 1 } };
	const struct btfx_param_info va[] = { { "x", 1 }, { NULL, 0 } };
	struct btfx *btf = one_int();
	uint32_t bad;
	struct blob base;

	CK(btfx_add_func_proto_with_params(btf, 1, two, 2, sizeof(*two))); /* 2 */
	CK(btfx_add_func(btf, "f", BTFX_FUNC_STATIC, 2));                  /* 3 */
	CK(btfx_add_func_proto_with_params(btf, 1, va, 2, sizeof(*va)));   /* 4 */
	CK(btfx_add_func(btf, "v", BTFX_FUNC_GLOBAL, 4));                  /* 5 */
	CK(btfx_add_ptr(btf, 2));                                          /* 6 */
	CK(btfx_add_ptr(btf, 0));                                          /* 7 */
	bad = str(btf, "a b");
	take(&base, btf);
	emit_base(c, &base, "func");
	EMIT_PATCHES(c, &base, p, "func");
	emit_tw(c, &base, 2, 3, bad, "func", "param_name_invalid");
	emit_tw(c, &base, 2, 5, tw(&base, 2, 3), "func", "param_duplicate_name");
	emit_tw(c, &base, 3, 0, bad, "func", "func_name_invalid");
	free(base.p);
}

/* VAR linkage and type; DATASEC entries and their order. */
static void gen_var(struct corpus *c)
{
	static const struct patch p[] = {
		{ 2, 3, 0, "a_static" }, { 2, 3, 2, "a_extern" }, { 2, 3, 3, "a_linkage3" },
		{ 2, 3, 0xffffffff, "a_linkage_max" }, { 2, 2, 0, "a_void" }, { 2, 2, 4, "a_datasec" },
		{ 2, 2, 6, "a_func" }, { 2, 2, 5, "a_proto" }, { 2, 2, 3, "a_var" },
		{ 2, 1, BTFX_INFO(BTFX_KIND_VAR, 0, 1), "a_vlen1" },
		{ 4, 4, 8, "sec_unsorted" }, { 4, 7, 0, "sec_same_offset" }, { 4, 7, 2, "sec_overlap" },
		{ 4, 7, 4, "sec_adjacent" }, { 4, 7, 12, "sec_last_at_end" },
		{ 4, 7, 14, "sec_past_end" }, { 4, 8, 3, "sec_entry_small" },
		{ 4, 8, 8, "sec_entry_large" }, { 4, 8, 0, "sec_entry_size0" },
		{ 4, 3, 1, "sec_entry_int" }, { 4, 3, 6, "sec_entry_func" }, { 4, 3, 0, "sec_entry_void" },
		{ 4, 6, 2, "sec_same_var_twice" }, { 4, 2, 0, "sec_size0" }, { 4, 2, 12, "sec_size12" },
		{ 4, 2, 11, "sec_size11" }, { 4, 2, 0xffffffff, "sec_size_max" },
		{ 4, 5, 0xfffffffe, "sec_offset_wraps" },
		{ 4, 1, BTFX_INFO(BTFX_KIND_DATASEC, 0, 1), "sec_vlen1" },
		{ 4, 0, 0, "sec_anonymous" },
	};
	const struct btfx_var_secinfo vi[] = { { 2, 0, 4 }, { 3, 8, 4 } };
	struct btfx *btf = one_int();
	uint32_t bad, sp, ctl;
	struct blob base;

	CK(btfx_add_var(btf, "a", BTFX_VAR_GLOBAL_ALLOCATED, 1)); /* 2 */
	CK(btfx_add_var(btf, "b", BTFX_VAR_STATIC, 1));           /* 3 */
	CK(btfx_add_datasec_with_vars(btf, ".data", 16, vi, 2));  /* 4 */
	CK(btfx_add_func_proto(btf, 0));                          /* 5 */
	CK(btfx_add_func(btf, "fn", BTFX_FUNC_GLOBAL, 5));        /* 6 */
	bad = str(btf, "a-b");
	sp = str(btf, ".data rel ro");
	ctl = str(btf, ".da\x01ta");
	take(&base, btf);
	emit_base(c, &base, "var");
	EMIT_PATCHES(c, &base, p, "var");
	emit_tw(c, &base, 2, 0, bad, "var", "a_name_invalid");
	emit_tw(c, &base, 4, 0, bad, "var", "sec_name_dash");
	emit_tw(c, &base, 4, 0, sp, "var", "sec_name_spaces");
	emit_tw(c, &base, 4, 0, ctl, "var", "sec_name_control");
	emit_tw(c, &base, 3, 0, tw(&base, 2, 0), "var", "b_same_name_as_a");
	free(base.p);
}

/* DECL_TAG component_idx on each kind it may tag, value, target. */
static void gen_decl_tag(struct corpus *c)
{
	static const struct { uint8_t target; int32_t idx; } t[] = {
		{ 2, -1 }, { 2, 0 }, { 2, 1 }, { 2, 2 }, { 2, -2 }, { 2, 0x7fffffff },
		{ 3, -1 }, { 3, 0 }, { 3, 1 },
		{ 5, -1 }, { 5, 0 }, { 5, 1 }, { 5, 2 }, { 6, -1 }, { 6, 0 }, { 7, -1 }, { 7, 0 },
		{ 1, -1 }, { 4, -1 }, { 4, 0 }, { 8, -1 }, { 9, -1 }, { 0, -1 }, { 10, -1 },
	};
	const struct btfx_member_info m[] = { { "a", 1, 0, 0 }, { "b", 1, 32, 0 } };
	struct btfx *btf = one_int();
	struct blob base;
	char what[48];
	size_t i;

	CK(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 8, m, 2,
					   sizeof(*m)));                       /* 2 */
	CK(btfx_add_union(btf, "u", 4));                                       /* 3 */
	CK(btfx_append_member(btf, "x", 1, 0, 0));
	CK(btfx_add_func_proto(btf, 0));                                       /* 4 */
	CK(btfx_append_param(btf, "p", 1));
	CK(btfx_append_param(btf, "q", 1));
	CK(btfx_add_func(btf, "fn", BTFX_FUNC_STATIC, 4));                     /* 5 */
	CK(btfx_add_var(btf, "v", BTFX_VAR_STATIC, 1));                        /* 6 */
	CK(btfx_add_typedef(btf, "t", 1));                                     /* 7 */
	CK(btfx_add_ptr(btf, 1));                                              /* 8 */
	CK(btfx_add_enum(btf, "e", 4, 0));                                     /* 9 */
	CK(btfx_add_decl_tag(btf, "tag", 2, -1));                              /* 10 */
	take(&base, btf);
	emit_base(c, &base, "decl_tag");
	for (i = 0; i < sizeof(t) / sizeof(*t); i++) {
		snprintf(what, sizeof(what), "on_%s_%d",
			 t[i].target ? kname(&base, t[i].target) : "void", t[i].idx);
		emit_tw2(c, &base, 10, 2, t[i].target, 3, (uint32_t)t[i].idx, "decl_tag", what);
	}
	emit_tw(c, &base, 10, 0, 0, "decl_tag", "value_empty");
	emit_tw(c, &base, 10, 0, tw(&base, 2, 0), "decl_tag", "value_s");
	emit_tw(c, &base, 10, 2, 11, "decl_tag", "target_past_end");
	emit_tw(c, &base, 10, 1, BTFX_INFO(BTFX_KIND_DECL_TAG, 1, 0), "decl_tag", "attr");
	free(base.p);
}

/* Loops through modifiers and members, sizes that cannot be resolved, ARRAY. */
static void gen_resolve(struct corpus *c)
{
	static const struct patch p[] = {
		{ 2, 2, 2, "const_itself" }, { 2, 2, 3, "const_volatile_loop" },
		{ 2, 2, 4, "loop_through_typedef" }, { 4, 2, 4, "typedef_itself" },
		{ 6, 2, 6, "ptr_itself" }, { 2, 2, 6, "const_ptr_loop" },
		{ 5, 4, 5, "struct_holds_itself" }, { 5, 7, 6, "struct_holds_ptr_to_itself" },
		{ 5, 7, 7, "struct_holds_array" }, { 7, 3, 5, "array_of_struct" },
		{ 7, 3, 8, "array_struct_loop" }, { 5, 4, 8, "array_loop_through_struct" },
		{ 7, 3, 7, "array_of_itself" }, { 7, 3, 0, "array_of_void" },
		{ 7, 3, 11, "array_of_func" }, { 7, 3, 10, "array_of_proto" },
		{ 7, 3, 9, "array_of_fwd" }, { 7, 3, 4, "array_of_typedef" },
		{ 7, 3, 12, "array_of_enum" }, { 7, 3, 6, "array_of_ptr" },
		{ 7, 4, 0, "index_void" }, { 7, 4, 5, "index_struct" }, { 7, 4, 12, "index_enum" },
		{ 7, 4, 4, "index_typedef" }, { 7, 4, 6, "index_ptr" }, { 7, 4, 9, "index_fwd" },
		{ 7, 5, 0, "nelems0" }, { 7, 5, 0x3fffffff, "nelems_1g" },
		{ 7, 5, 0x40000000, "nelems_overflow" }, { 7, 5, 0xffffffff, "nelems_max" },
		{ 8, 5, 0x7fffffff, "array2d_overflow" }, { 7, 2, 4, "array_size_word" },
		{ 7, 0, 0, "array_named" }, { 5, 4, 9, "member_fwd" }, { 5, 4, 10, "member_proto" },
		{ 5, 4, 4, "member_typedef_chain" }, { 4, 2, 9, "typedef_fwd" },
		{ 2, 2, 9, "const_fwd" }, { 2, 2, 11, "const_func" }, { 6, 2, 11, "ptr_func" },
		{ 4, 2, 11, "typedef_func" }, { 2, 2, 10, "const_proto" },
		{ 5, 2, 4, "struct_too_small" },
	};
	const struct btfx_member_info m[] = { { "a", 1, 0, 0 }, { "b", 4, 32, 0 } };
	struct btfx *btf = one_int();                                         /* 1 */
	struct blob base;

	CK(btfx_add_const(btf, 1));                                           /* 2 */
	CK(btfx_add_volatile(btf, 2));                                        /* 3 */
	CK(btfx_add_typedef(btf, "t", 3));                                    /* 4 */
	CK(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 8, m, 2,
					   sizeof(*m)));                      /* 5 */
	CK(btfx_add_ptr(btf, 5));                                             /* 6 */
	CK(btfx_add_array(btf, 1, 1, 2));                                     /* 7 */
	CK(btfx_add_array(btf, 1, 7, 2));                                     /* 8 */
	CK(btfx_add_fwd(btf, "f", BTFX_FWD_STRUCT));                          /* 9 */
	CK(btfx_add_func_proto(btf, 0));                                      /* 10 */
	CK(btfx_add_func(btf, "fn", BTFX_FUNC_STATIC, 10));                   /* 11 */
	CK(btfx_add_enum(btf, "e", 4, 0));                                    /* 12 */
	CK(btfx_append_enum_value(btf, "E", 1));
	take(&base, btf);
	emit_base(c, &base, "resolve");
	EMIT_PATCHES(c, &base, p, "resolve");
	free(base.p);
}

static uint32_t hdr(const struct blob *b, size_t at)
{
	return get32(b, at);
}

/* Insert n bytes of value v at byte at. */
static void insert(struct blob *b, size_t at, size_t n, uint8_t v)
{
	memmove(b->p + at + n, b->p + at, b->len - at);
	memset(b->p + at, v, n);
	b->len += n;
}

/* The header: magic, version, flags, hdr_len and its tail. */
static void gen_hdr_fields(struct corpus *c, const struct blob *base)
{
	static const struct { uint8_t at, v; const char *what; } bytes[] = {
		{ 0, 0x9e, "magic_lo" }, { 1, 0x9f, "magic_swapped_hi" }, { 0, 0xeb, "magic_swapped_lo" },
		{ 2, 0, "version0" }, { 2, 2, "version2" }, { 2, 0xff, "version255" },
		{ 3, 1, "flags1" }, { 3, 0x80, "flags80" },
	};
	static const struct { uint32_t len, tail; uint8_t fill; const char *what; } h[] = {
		{ 0, 0, 0, "hdr_len0" }, { 8, 0, 0, "hdr_len8" }, { 16, 0, 0, "hdr_len16" },
		{ 20, 0, 0, "hdr_len20" }, { 23, 0, 0, "hdr_len23" }, { 25, 1, 0, "hdr_len25_zero" },
		{ 28, 4, 0, "hdr_len28_zero_tail" }, { 28, 4, 1, "hdr_len28_tail" },
		{ 32, 8, 0, "hdr_len32_zero_tail" }, { 32, 8, 0x80, "hdr_len32_tail" },
		{ 64, 40, 0, "hdr_len64_zero_tail" }, { 4096, 0, 0, "hdr_len4096" },
		{ 0xffffffff, 0, 0, "hdr_len_max" },
	};
	struct blob b;
	size_t i;

	for (i = 0; i < sizeof(bytes) / sizeof(*bytes); i++) {
		dup_blob(&b, base);
		b.p[bytes[i].at] = bytes[i].v;
		emit(c, &b, "hdr", bytes[i].what);
	}
	for (i = 0; i < sizeof(h) / sizeof(*h); i++) {
		dup_blob(&b, base);
		insert(&b, HDR_LEN, h[i].tail, h[i].fill);
		if (h[i].tail && h[i].fill)
			b.p[HDR_LEN + h[i].tail - 1] = h[i].fill; /* the last tail byte too */
		put32(&b, H_HDR_LEN, h[i].len);
		emit(c, &b, "hdr", h[i].what);
	}
}

/* Section offsets and lengths: gaps, overlap, order, alignment, limits. */
static void gen_hdr_sections(struct corpus *c, const struct blob *base)
{
	uint32_t tl = hdr(base, H_TYPE_LEN), so = hdr(base, H_STR_OFF), sl = hdr(base, H_STR_LEN);
	const struct { uint32_t to, tl, so, sl; const char *what; } s[] = {
		{ 4, tl, so, sl, "type_off4" }, { 2, tl, so, sl, "type_off2" },
		{ 0, tl, so + 4, sl, "str_gap4" }, { 0, tl, so - 4, sl, "str_overlaps_types" },
		{ 0, tl - 2, so, sl, "type_len_unaligned" }, { 0, tl - 4, so, sl, "type_len_short" },
		{ 0, tl + 4, so, sl, "type_len_long" }, { 0, tl, so, sl - 1, "str_len_short" },
		{ 0, tl, so, sl + 1, "str_len_past_end" }, { so, sl, 0, tl, "offsets_swapped" },
		{ 0, tl, so, 0, "str_len0" }, { 0, 0, so, sl, "type_len0_gap" },
		{ 0, tl, so, 0xffffffff, "str_len_max" }, { 0, 0xffffffff, so, sl, "type_len_max" },
		{ 0, tl, 0xfffffff0, sl, "str_off_wraps" }, { 0xfffffff0, tl, so, sl, "type_off_wraps" },
		{ 0, tl, so + 1, sl - 1, "str_off_plus1" }, { 0, tl, so, sl + 0x1000000, "str_len_16m" },
	};
	struct blob b;
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(*s); i++) {
		dup_blob(&b, base);
		put32(&b, H_TYPE_OFF, s[i].to);
		put32(&b, H_TYPE_LEN, s[i].tl);
		put32(&b, H_STR_OFF, s[i].so);
		put32(&b, H_STR_LEN, s[i].sl);
		emit(c, &b, "hdr", s[i].what);
	}
	/* The strings first, then the types: a consistent layout, in another order. */
	dup_blob(&b, base);
	memcpy(b.p + HDR_LEN, base->p + HDR_LEN + so, sl);
	memset(b.p + HDR_LEN + sl, 0, 4);
	i = (sl + 3) & ~3u;
	memcpy(b.p + HDR_LEN + i, base->p + HDR_LEN, tl);
	b.len = HDR_LEN + i + tl;
	put32(&b, H_STR_OFF, 0);
	put32(&b, H_TYPE_OFF, (uint32_t)i);
	emit(c, &b, "hdr", "strings_first");
	/* Bytes after the last section. */
	dup_blob(&b, base);
	memset(b.p + b.len, 0, 4);
	b.len += 4;
	emit(c, &b, "hdr", "trailing_zeros");
	/* A gap between the sections, with type_off and str_off consistent. */
	dup_blob(&b, base);
	insert(&b, HDR_LEN + so, 4, 0);
	put32(&b, H_STR_OFF, so + 4);
	emit(c, &b, "hdr", "zero_gap_before_strings");
}

static void gen_hdr(struct corpus *c)
{
	struct blob base, b;
	size_t n;
	char what[32];

	take(&base, every_kind());
	gen_hdr_fields(c, &base);
	gen_hdr_sections(c, &base);
	for (n = 0; n <= HDR_LEN; n += (n < 8 ? 1 : 4)) {
		dup_blob(&b, &base);
		b.len = n;
		snprintf(what, sizeof(what), "only%zu_bytes", n);
		emit(c, &b, "trunc", what);
	}
	/* A header, no types, one empty string. */
	dup_blob(&b, &base);
	put32(&b, H_TYPE_LEN, 0);
	put32(&b, H_STR_OFF, 0);
	put32(&b, H_STR_LEN, 1);
	b.p[HDR_LEN] = 0;
	b.len = HDR_LEN + 1;
	emit(c, &b, "hdr", "no_types");
	free(base.p);
}

/* A STRUCT (id 2) and a DATASEC (id 3) named by a string of n 'n's. */
static void gen_long_names(struct corpus *c)
{
	static const unsigned int lens[] = { 127, 128, 255, 256, 511, 512, 513, 1024 };
	char buf[1100], what[48];
	struct blob base;
	uint32_t off;
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(*lens); i++) {
		struct btfx *btf = one_int();

		CK(btfx_add_struct(btf, "s", 4));
		CK(btfx_append_member(btf, "m", 1, 0, 0));
		CK(btfx_add_datasec(btf, ".data", 4));
		memset(buf, 'n', lens[i]);
		buf[lens[i]] = '\0';
		off = str(btf, buf);
		take(&base, btf);
		snprintf(what, sizeof(what), "struct_name_len%u", lens[i]);
		emit_tw(c, &base, 2, 0, off, "str", what);
		snprintf(what, sizeof(what), "section_name_len%u", lens[i]);
		emit_tw(c, &base, 3, 0, off, "str", what);
		free(base.p);
	}
}

/* The string section: NULs at its ends, offsets, name characters. */
static void gen_str(struct corpus *c)
{
	static const char *const names[] = {
		"\xc0" "abc", "caf\xe9", "a\xd7", "a\xf7", "$x", "_", ".", "a.b", "9", "a b", "\x7f",
		"\xa0", "\xff",
	};
	struct btfx *btf = one_int();
	uint32_t so, off[sizeof(names) / sizeof(*names)];
	char what[48];
	struct blob base, b;
	size_t i;

	CK(btfx_add_struct(btf, "s", 4));                /* 2 */
	CK(btfx_append_member(btf, "m", 1, 0, 0));
	CK(btfx_add_datasec(btf, ".data", 4));           /* 3 */
	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		off[i] = str(btf, names[i]);
	str(btf, "\x01\x02\x03"); /* unused */
	take(&base, btf);
	so = HDR_LEN + hdr(&base, H_STR_OFF);
	emit_base(c, &base, "str");
	dup_blob(&b, &base);
	b.p[so] = 'x';
	emit(c, &b, "str", "first_byte_not_nul");
	dup_blob(&b, &base);
	b.p[b.len - 1] = 'x';
	emit(c, &b, "str", "no_trailing_nul");
	emit_tw(c, &base, 1, 0, tw(&base, 1, 0) + 1, "str", "int_name_mid_string");
	emit_tw(c, &base, 2, 0, tw(&base, 1, 0) + 3, "str", "struct_name_at_nul");
	emit_tw(c, &base, 2, 0, base.str_len - 1, "str", "struct_name_last_nul");
	emit_tw(c, &base, 2, 0, base.str_len, "str", "struct_name_at_end");
	emit_tw(c, &base, 2, 0, 0x00ffffff, "str", "name_off_kernel_max");
	emit_tw(c, &base, 2, 0, 0x01000000, "str", "name_off_past_kernel_max");
	emit_tw(c, &base, 2, 3, base.str_len + 7, "str", "member_name_past_end");
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		snprintf(what, sizeof(what), "struct_name%zu", i);
		emit_tw(c, &base, 2, 0, off[i], "str", what);
		snprintf(what, sizeof(what), "section_name%zu", i);
		emit_tw(c, &base, 3, 0, off[i], "str", what);
	}
	free(base.p);
	gen_long_names(c);
}

/* Truncations: the blob cut short, the header cut to record boundaries. */
static void gen_trunc(struct corpus *c)
{
	struct blob base, b;
	uint32_t id, so, sl;
	size_t n;
	char what[48];

	take(&base, every_kind());
	so = hdr(&base, H_STR_OFF);
	sl = hdr(&base, H_STR_LEN);
	for (n = HDR_LEN + 4; n < base.len; n += 24) {
		dup_blob(&b, &base);
		b.len = n;
		snprintf(what, sizeof(what), "cut_at%zu", n);
		emit(c, &b, "trunc", what);
	}
	for (id = 2; id < EVERY_CNT; id += 2) {
		/* Types 1 .. id - 1 and the strings: the records after them removed. */
		uint32_t tl = base.off[id] - HDR_LEN;

		dup_blob(&b, &base);
		memmove(b.p + HDR_LEN + tl, base.p + HDR_LEN + so, sl);
		b.len = HDR_LEN + tl + sl;
		put32(&b, H_TYPE_LEN, tl);
		put32(&b, H_STR_OFF, tl);
		snprintf(what, sizeof(what), "first%u_types", id - 1);
		emit(c, &b, "trunc", what);
		/* The same, with the type section cut inside record id. */
		dup_blob(&b, &base);
		put32(&b, H_TYPE_LEN, tl + 8);
		memmove(b.p + HDR_LEN + tl + 8, base.p + HDR_LEN + so, sl);
		b.len = HDR_LEN + tl + 8 + sl;
		put32(&b, H_STR_OFF, tl + 8);
		snprintf(what, sizeof(what), "cut_in_record%u", id);
		emit(c, &b, "trunc", what);
	}
	free(base.p);
}

/* Random bit flips in the header, the type words and the strings. */
static void gen_flip(struct corpus *c, unsigned int count)
{
	struct blob base, b;
	uint32_t so, where, at;
	unsigned int i;
	char what[48];
	static const char *const area[] = { "hdr", "type", "type", "str" };

	take(&base, every_kind());
	so = HDR_LEN + hdr(&base, H_STR_OFF);
	for (i = 0; i < count; i++) {
		where = rnd(c) % 4;
		if (where == 0)
			at = rnd(c) % HDR_LEN;
		else if (where < 3)
			at = HDR_LEN + rnd(c) % (so - HDR_LEN);
		else
			at = so + rnd(c) % (uint32_t)(base.len - so);
		dup_blob(&b, &base);
		b.p[at] ^= (uint8_t)(1u << (rnd(c) % 8));
		snprintf(what, sizeof(what), "%s_byte%u_%02x", area[where], at, b.p[at]);
		emit(c, &b, "flip", what);
	}
	free(base.p);
}

/*
 * Prototypes whose return or parameter type is only a source of
 * references (VAR, DATASEC, DECL_TAG): refused since 6.0 for a return type
 * (a fix of 2022), since the same fix's sequel and its backports to the
 * LTS series for a parameter.  Added after the others, so that their
 * numbers stay.
 */
static void gen_proto_src(struct corpus *c)
{
	static const struct patch p[] = {
		{ 4, 2, 2, "ret_var" },		 { 4, 2, 3, "ret_datasec" },
		{ 4, 2, 7, "ret_var_later" },	 { 4, 2, 8, "ret_datasec_later" },
		{ 4, 4, 2, "param_var" },	 { 4, 4, 3, "param_datasec" },
		{ 6, 2, 2, "ret_var_no_func" },	 { 6, 2, 3, "ret_datasec_no_func" },
		{ 6, 4, 7, "param_var_later" },	 { 4, 2, 10, "ret_var_of_ptr" },
	};
	const struct btfx_param_info x[] = { { "x", 1 } }, y[] = { { "y", 1 } };
	const struct btfx_var_secinfo a[] = { { 2, 0, 4 } }, z[] = { { 7, 0, 4 } };
	struct btfx *btf = one_int();
	struct blob base, twice;

	CK(btfx_add_var(btf, "a", BTFX_VAR_GLOBAL_ALLOCATED, 1));    /* 2 */
	CK(btfx_add_datasec_with_vars(btf, ".data", 4, a, 1));        /* 3 */
	CK(btfx_add_func_proto_with_params(btf, 1, x, 1, sizeof(*x))); /* 4 */
	CK(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 4));             /* 5 */
	CK(btfx_add_func_proto_with_params(btf, 0, y, 1, sizeof(*y))); /* 6 */
	CK(btfx_add_var(btf, "z", BTFX_VAR_GLOBAL_ALLOCATED, 1));    /* 7 */
	CK(btfx_add_datasec_with_vars(btf, ".bss", 4, z, 1));         /* 8 */
	CK(btfx_add_ptr(btf, 1));                                     /* 9 */
	CK(btfx_add_var(btf, "p", BTFX_VAR_STATIC, 9));               /* 10 */
	take(&base, btf);
	emit_base(c, &base, "protosrc");
	EMIT_PATCHES(c, &base, p, "protosrc");
	/* A VAR returned, then taken as a parameter: each rule on its own. */
	dup_blob(&twice, &base);
	set_tw(&twice, 4, 2, 2);
	emit_tw(c, &twice, 6, 4, 2, "protosrc", "ret_var_then_param_var");
	free(twice.p);
	free(base.p);
	/* A DECL_TAG (6.0 and later refuse it either way; 5.15 and 5.10 do not know it). */
	btf = one_int();
	CK(btfx_add_var(btf, "a", BTFX_VAR_GLOBAL_ALLOCATED, 1));    /* 2 */
	CK(btfx_add_decl_tag(btf, "t", 2, -1));                       /* 3 */
	CK(btfx_add_func_proto_with_params(btf, 1, x, 1, sizeof(*x))); /* 4 */
	take(&base, btf);
	dup_blob(&twice, &base);
	emit(c, &twice, "protosrc", "tag_base");
	emit_tw(c, &base, 4, 2, 3, "protosrc", "ret_decl_tag");
	emit_tw(c, &base, 4, 4, 3, "protosrc", "param_decl_tag");
	free(base.p);
}

static void generate(const char *dir, uint64_t seed)
{
	struct corpus c = { .dir = dir, .rng = seed };

	gen_valid(&c, 60);
	gen_int(&c);
	gen_float(&c);
	gen_chains(&c);
	gen_depth(&c);
	gen_every(&c);
	gen_ids(&c);
	gen_members(&c);
	gen_enum(&c);
	gen_fwd(&c);
	gen_func(&c);
	gen_var(&c);
	gen_decl_tag(&c);
	gen_resolve(&c);
	gen_str(&c);
	gen_hdr(&c);
	gen_trunc(&c);
	gen_flip(&c, 100);
	gen_proto_src(&c);
	printf("btf_corpus: %u blobs in %s (seed %llu)\n", c.n, dir, (unsigned long long)seed);
}

/* ------------------------------------------------------------------------ */
/* The kernel's verdicts.                                                   */

static char kernel_log[1 << 16];

static int is_blob(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && !strcmp(d->d_name + n - 4, ".btf");
}

/* The whole file (a blob of any size: the kernel must see every byte). */
static void *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *p = malloc(cap), *q;

	if (!f || !p)
		die(path);
	while ((got = fread(p + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			if (!(q = realloc(p, cap *= 2)))
				die(path);
			p = q;
		}
	}
	if (ferror(f))
		die(path);
	fclose(f);
	*len = n;
	return p;
}

static int record(const char *dir)
{
	char path[4096], reason[160];
	struct dirent **ents;
	struct utsname u;
	FILE *out;
	int i, n, err, acc = 0;

	n = scandir(dir, &ents, is_blob, alphasort);
	if (n < 0)
		die(dir);
	uname(&u);
	snprintf(path, sizeof(path), "%s/verdicts.txt", dir);
	out = fopen(path, "w");
	if (!out)
		die(path);
	fprintf(out, "# BPF_BTF_LOAD verdicts on the blobs of this directory (tests/btf_corpus record)\n");
	fprintf(out, "# kernel %s\n# blob verdict errno reason (the log's last line)\n", u.release);
	for (i = 0; i < n; i++) {
		size_t len;
		void *p;

		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		p = read_all(path, &len);
		err = bl_load(p, len, kernel_log, sizeof(kernel_log));
		if (err == -EPERM || err == -EACCES || err == -ENOSYS)
			die("BPF_BTF_LOAD is not permitted here: run as root");
		bl_reason(kernel_log, reason, 151);
		fprintf(out, "%s %s %s %s\n", ents[i]->d_name, err ? "REJECT" : "ACCEPT",
			bl_errno_name(-err), err ? reason : "-");
		acc += !err;
		free(p);
		free(ents[i]);
	}
	free(ents);
	if (fclose(out))
		die("verdicts.txt");
	printf("btf_corpus: %d blobs, %d accepted, %d rejected by %s\n", n, acc, n - acc,
	       u.release);
	return 0;
}

/* Blobs by family and verdict, from verdicts.txt. */
static int summary(const char *dir)
{
	char path[4096], line[512], fam[64][32];
	unsigned int cnt[64][2] = { { 0 } }, nf = 0, i, t[2] = { 0, 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/verdicts.txt", dir);
	f = fopen(path, "r");
	if (!f)
		die(path);
	while (fgets(line, sizeof(line), f)) {
		char *a, *v;

		if (line[0] == '#' || !(a = strchr(line, '-')) || !(v = strchr(line, ' ')))
			continue;
		a++;
		*strchr(a, '-') = '\0';
		for (i = 0; i < nf && strcmp(fam[i], a); i++)
			;
		if (i == nf && nf < 64)
			snprintf(fam[nf++], sizeof(fam[0]), "%s", a);
		cnt[i][v[1] == 'R']++;
		t[v[1] == 'R']++;
	}
	fclose(f);
	printf("    %-10s %6s %6s\n", "family", "ACCEPT", "REJECT");
	for (i = 0; i < nf; i++)
		printf("    %-10s %6u %6u\n", fam[i], cnt[i][0], cnt[i][1]);
	printf("    %-10s %6u %6u\n", "total", t[0], t[1]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "gen")) {
		generate(argv[2], argc > 3 ? strtoull(argv[3], NULL, 0) : 10);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "record"))
		return record(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "summary"))
		return summary(argv[2]);
	fprintf(stderr, "usage: btf_corpus gen DIR [SEED] | record DIR | summary DIR\n");
	return 2;
}
