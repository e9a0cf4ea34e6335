// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_dump_c.c - btfx_dump_c(): the C text of hand-built types for each
 * feature (ordering and forward declarations, anonymous types, bitfields
 * and padding, packed structs, enum sizes and signedness, prototypes,
 * arrays, qualifiers, type tags, name conflicts), the options and errors;
 * and, in the part tagged bpftool, the same objects against `bpftool btf
 * dump file F format c`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

struct text {
	char *s;
	size_t len;
	int fail_after; /* calls before returning -EIO; < 0 never */
};

static int collect(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;
	char *p;

	if (t->fail_after == 0)
		return -EIO;
	if (t->fail_after > 0)
		t->fail_after--;
	p = realloc(t->s, t->len + len + 1);
	ck_assert_ptr_nonnull(p);
	memcpy(p + t->len, s, len);
	t->len += len;
	p[t->len] = 0;
	t->s = p;
	return 0;
}

/* The C dump of btf (of ids when cnt) without guard and pragma; malloc'd. */
static char *cdump_ids(const struct btfx *btf, const uint32_t *ids, size_t cnt, uint32_t flags)
{
	struct text t = { .s = NULL, .len = 0, .fail_after = -1 };
	struct btfx_dump_c_opts opts = {
		.sz = sizeof(opts), .write = collect, .ctx = &t,
		.ids = ids, .ids_cnt = cnt, .flags = flags,
	};

	ck_assert_int_eq(btfx_dump_c(btf, &opts), 0);
	return t.s ? t.s : strdup("");
}

static char *cdump(const struct btfx *btf)
{
	return cdump_ids(btf, NULL, 0, BTFX_DUMP_C_NO_GUARD | BTFX_DUMP_C_NO_PRESERVE);
}

#define ck_cdump(btf, expected)                                                          \
	do {                                                                             \
		char *got_ = cdump(btf);                                                 \
		ck_assert_str_eq(got_, expected);                                        \
		free(got_);                                                              \
	} while (0)

static struct btfx *new_btf(void)
{
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	return btf;
}

/* ---- the objects, one per feature (also compared with bpftool) ---- */

/* A struct list with a pointer to itself and to a later struct. */
static struct btfx *obj_cycle(void)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "a", 16), 2);
	ck_assert_int_eq(btfx_append_member(btf, "b", 4, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "self", 5, 64, 0), 0);
	ck_assert_int_eq(btfx_add_ptr(btf, 6), 3);
	ck_assert_int_eq(btfx_add_ptr(btf, 6), 4);
	ck_assert_int_eq(btfx_add_ptr(btf, 2), 5);
	ck_assert_int_eq(btfx_add_struct(btf, "b", 4), 6);
	ck_assert_int_eq(btfx_append_member(btf, "x", 1, 0, 0), 0);
	return btf;
}

START_TEST(test_btfx_dump_c_fwd_for_cycle)
{
	struct btfx *btf = obj_cycle();

	ck_cdump(btf, "struct b;\n\n"
		      "struct a {\n\tstruct b *b;\n\tstruct a *self;\n};\n\n"
		      "struct b {\n\tint x;\n};\n\n");
	btfx_free(btf);
}
END_TEST

/* Anonymous struct, union and enum inline; an unreferenced anonymous enum. */
static struct btfx *obj_anon(void)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_enum(btf, NULL, 4, 0), 2);
	ck_assert_int_eq(btfx_append_enum_value(btf, "A", 0), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "B", 1), 0);
	ck_assert_int_eq(btfx_add_union(btf, NULL, 4), 3);
	ck_assert_int_eq(btfx_append_member(btf, "i", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "e", 2, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 8), 4);
	ck_assert_int_eq(btfx_append_member(btf, NULL, 3, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "j", 1, 32, 0), 0);
	ck_assert_int_eq(btfx_add_enum(btf, NULL, 4, BTFX_FWD_STRUCT), 5);
	ck_assert_int_eq(btfx_append_enum_value(btf, "TOP", 7), 0);
	return btf;
}

START_TEST(test_btfx_dump_c_anon_inline)
{
	struct btfx *btf = obj_anon();

	ck_cdump(btf, "struct s {\n\tunion {\n\t\tint i;\n\t\tenum {\n\t\t\tA = 0,\n\t\t\tB = 1,\n"
		      "\t\t} e;\n\t};\n\tint j;\n};\n\n"
		      "enum {\n\tTOP = 7,\n};\n\n");
	btfx_free(btf);
}
END_TEST

/* Bitfields, holes, a packed struct. */
static struct btfx *obj_layout(void)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "char", 1, BTFX_INT_CHAR), 2);
	ck_assert_int_eq(btfx_add_int(btf, "long", 8, BTFX_INT_SIGNED), 3);
	ck_assert_int_eq(btfx_add_struct(btf, "bf", 24), 4);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 3), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 1, 5, 4), 0);
	ck_assert_int_eq(btfx_append_member(btf, "c", 3, 64, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "d", 2, 160, 0), 0);
	ck_assert_int_eq(btfx_add_struct(btf, "pk", 5), 5);
	ck_assert_int_eq(btfx_append_member(btf, "c", 2, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "i", 1, 8, 0), 0);
	return btf;
}

START_TEST(test_btfx_dump_c_layout)
{
	struct btfx *btf = obj_layout();

	ck_cdump(btf, "struct bf {\n\tint a: 3;\n\tchar: 2;\n\tint b: 4;\n\tlong c;\n"
		      "\tint: 32;\n\tchar d;\n};\n\n"
		      "struct pk {\n\tchar c;\n\tint i;\n} __attribute__((packed));\n\n");
	btfx_free(btf);
}
END_TEST

/*
 * A hole no compiler makes (1 MiB before a member, as in fuzzed BTF): one
 * named array, not 131072 lines of "long: 64;".
 */
START_TEST(test_btfx_dump_c_big_hole)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "big", (1u << 20) + 4), 2);
	ck_assert_int_eq(btfx_append_member(btf, "x", 1, 8u << 20, 0), 0);
	ck_cdump(btf, "struct big {\n\tchar __btfx_pad_0[1048576];\n\tint x;\n};\n\n");
	btfx_free(btf);
}
END_TEST

/* Enums: signed, unsigned, 1 and 8 bytes, ENUM64, a declaration. */
static struct btfx *obj_enums(void)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_enum(btf, "s", 4, 1), 1);
	ck_assert_int_eq(btfx_append_enum_value(btf, "S_NEG", -1), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "u8", 1, 0), 2);
	ck_assert_int_eq(btfx_append_enum_value(btf, "U8_MAX", 255), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "w", 8, 0), 3);
	ck_assert_int_eq(btfx_append_enum_value(btf, "W", 1), 0);
	ck_assert_int_eq(btfx_add_enum64(btf, "big", 8, 0), 4);
	ck_assert_int_eq(btfx_append_enum_value(btf, "BIG", (int64_t)0x100000000LL), 0);
	ck_assert_int_eq(btfx_add_enum64(btf, "neg", 8, 1), 5);
	ck_assert_int_eq(btfx_append_enum_value(btf, "NEG", -5), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "decl", 4, 0), 6);
	return btf;
}

START_TEST(test_btfx_dump_c_enums)
{
	struct btfx *btf = obj_enums();

	ck_cdump(btf, "enum s {\n\tS_NEG = -1,\n};\n\n"
		      "enum u8 {\n\tU8_MAX = 255,\n} __attribute__((mode(byte)));\n\n"
		      "enum w {\n\tW = 1,\n} __attribute__((mode(word)));\n\n"
		      "enum big {\n\tBIG = 4294967296ULL,\n};\n\n"
		      "enum neg {\n\tNEG = -5LL,\n};\n\n"
		      "enum decl;\n\n");
	btfx_free(btf);
}
END_TEST

/* Prototypes, function pointers, varargs, arrays of arrays, qualifiers, tags. */
static struct btfx *obj_decls(void)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "char", 1, BTFX_INT_CHAR), 2);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 3); /* int (int x, ...) */
	ck_assert_int_eq(btfx_append_param(btf, "x", 1), 0);
	ck_assert_int_eq(btfx_append_param(btf, NULL, 0), 0);
	ck_assert_int_eq(btfx_add_ptr(btf, 3), 4);
	ck_assert_int_eq(btfx_add_typedef(btf, "fn_t", 4), 5);
	ck_assert_int_eq(btfx_add_array(btf, 1, 2, 4), 6); /* char [4] */
	ck_assert_int_eq(btfx_add_array(btf, 1, 6, 3), 7); /* char [3][4] */
	ck_assert_int_eq(btfx_add_const(btf, 2), 8);
	ck_assert_int_eq(btfx_add_ptr(btf, 8), 9);        /* const char * */
	ck_assert_int_eq(btfx_add_const(btf, 9), 10);     /* const char * const */
	ck_assert_int_eq(btfx_add_volatile(btf, 1), 11);
	ck_assert_int_eq(btfx_add_type_tag(btf, "user", 11), 12);
	ck_assert_int_eq(btfx_add_ptr(btf, 12), 13);
	ck_assert_int_eq(btfx_add_func_proto(btf, 0), 14); /* void (void) */
	ck_assert_int_eq(btfx_add_ptr(btf, 14), 15);
	ck_assert_int_eq(btfx_add_array(btf, 1, 15, 2), 16); /* void (*[2])(void) */
	ck_assert_int_eq(btfx_add_struct(btf, "d", 56), 17);
	ck_assert_int_eq(btfx_append_member(btf, "f", 5, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "m", 7, 64, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "s", 10, 192, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "u", 13, 256, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "cb", 16, 320, 0), 0);
	ck_assert_int_eq(btfx_add_typedef(btf, "t1", 1), 18);
	ck_assert_int_eq(btfx_add_typedef(btf, "t2", 18), 19);
	ck_assert_int_eq(btfx_add_ptr(btf, 19), 20);
	ck_assert_int_eq(btfx_add_restrict(btf, 20), 21);
	ck_assert_int_eq(btfx_add_typedef(btf, "rp", 21), 22);
	return btf;
}

START_TEST(test_btfx_dump_c_decls)
{
	struct btfx *btf = obj_decls();

	ck_cdump(btf, "typedef int (*fn_t)(int x, ...);\n\n"
		      "struct d {\n\tfn_t f;\n\tchar m[3][4];\n\tconst char * const s;\n"
		      "\tvolatile int __attribute__((btf_type_tag(\"user\"))) *u;\n"
		      "\tvoid (*cb[2])(void);\n};\n\n"
		      "typedef int t1;\n\ntypedef t1 t2;\n\ntypedef t2 * restrict rp;\n\n");
	btfx_free(btf);
}
END_TEST

/* Two structs and two typedefs of one name; a FWD keeps its name. */
static struct btfx *obj_names(void)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "x", 4), 2);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(btf, "x", 8), 3);
	ck_assert_int_eq(btfx_append_member(btf, "b", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "c", 1, 32, 0), 0);
	ck_assert_int_eq(btfx_add_typedef(btf, "t", 2), 4);
	ck_assert_int_eq(btfx_add_typedef(btf, "t", 3), 5);
	ck_assert_int_eq(btfx_add_fwd(btf, "x", BTFX_FWD_UNION), 6);
	ck_assert_int_eq(btfx_add_float(btf, "double", 8), 7);
	ck_assert_int_eq(btfx_add_typedef(btf, "dbl", 7), 8);
	return btf;
}

START_TEST(test_btfx_dump_c_name_conflicts)
{
	struct btfx *btf = obj_names();

	ck_cdump(btf, "struct x {\n\tint a;\n};\n\n"
		      "struct x___2 {\n\tint b;\n\tint c;\n};\n\n"
		      "typedef struct x t;\n\ntypedef struct x___2 t___2;\n\n"
		      "union x;\n\ntypedef double dbl;\n\n");
	btfx_free(btf);
}
END_TEST

/* FUNC, VAR, DATASEC and DECL_TAG write nothing. */
START_TEST(test_btfx_dump_c_skips_non_types)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 2);
	ck_assert_int_eq(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 2), 3);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 4);
	ck_assert_int_eq(btfx_add_datasec(btf, ".data", 4), 5);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "tag", 3, -1), 6);
	ck_cdump(btf, "");
	btfx_free(btf);
}
END_TEST

/* ---- options, roots, errors ---- */

START_TEST(test_btfx_dump_c_guard_and_pragma)
{
	struct btfx *btf = new_btf();
	char *s;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_typedef(btf, "i", 1), 2);
	s = cdump_ids(btf, NULL, 0, 0);
	ck_assert_str_eq(s, "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n"
			    "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
			    "#pragma clang attribute push (__attribute__((preserve_access_index)), "
			    "apply_to = record)\n#endif\n\n"
			    "typedef int i;\n\n"
			    "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n"
			    "#endif\n\n#endif /* __VMLINUX_H__ */\n");
	free(s);
	s = cdump_ids(btf, NULL, 0, BTFX_DUMP_C_NO_GUARD);
	ck_assert_ptr_null(strstr(s, "__VMLINUX_H__"));
	ck_assert_ptr_nonnull(strstr(s, "#pragma clang attribute pop"));
	free(s);
	s = cdump_ids(btf, NULL, 0, BTFX_DUMP_C_NO_PRESERVE);
	ck_assert_ptr_nonnull(strstr(s, "__VMLINUX_H__"));
	ck_assert_ptr_null(strstr(s, "#pragma"));
	free(s);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_c_roots)
{
	struct btfx *btf = obj_cycle();
	uint32_t ids[] = { 6, 2, 6 };
	char *s = cdump_ids(btf, ids, 1, BTFX_DUMP_C_NO_GUARD | BTFX_DUMP_C_NO_PRESERVE);

	ck_assert_str_eq(s, "struct b {\n\tint x;\n};\n\n");
	free(s);
	s = cdump_ids(btf, ids, 3, BTFX_DUMP_C_NO_GUARD | BTFX_DUMP_C_NO_PRESERVE);
	ck_assert_str_eq(s, "struct b {\n\tint x;\n};\n\n"
			    "struct a {\n\tstruct b *b;\n\tstruct a *self;\n};\n\n");
	free(s);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_c_einval)
{
	struct btfx *btf = obj_cycle();
	struct text t = { .fail_after = -1 };
	struct btfx_dump_c_opts opts = { .sz = sizeof(opts), .write = collect, .ctx = &t };
	struct {
		struct btfx_dump_c_opts o;
		uint64_t extra;
	} big = { .o = opts, .extra = 1 };
	uint32_t ids[] = { 99 };

	ck_assert_int_eq(btfx_dump_c(NULL, &opts), -EINVAL);
	ck_assert_int_eq(btfx_dump_c(btf, NULL), -EINVAL);
	opts.write = NULL;
	ck_assert_int_eq(btfx_dump_c(btf, &opts), -EINVAL);
	opts.write = collect;
	opts.flags = 1u << 7;
	ck_assert_int_eq(btfx_dump_c(btf, &opts), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "flags"));
	opts.flags = 0;
	opts.ids_cnt = 1;
	ck_assert_int_eq(btfx_dump_c(btf, &opts), -EINVAL);
	opts.ids = ids;
	ck_assert_int_eq(btfx_dump_c(btf, &opts), -ENOENT);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "99"));
	big.o.sz = sizeof(big);
	ck_assert_int_eq(btfx_dump_c(btf, &big.o), -EINVAL);
	big.extra = 0;
	ck_assert_int_eq(btfx_dump_c(btf, &big.o), 0);
	/* a short sz: up to ctx is enough */
	opts.sz = offsetof(struct btfx_dump_c_opts, ids);
	ck_assert_int_eq(btfx_dump_c(btf, &opts), 0);
	opts.sz = offsetof(struct btfx_dump_c_opts, ctx);
	ck_assert_int_eq(btfx_dump_c(btf, &opts), -EINVAL);
	ck_assert_ptr_null(t.s == NULL ? NULL : NULL);
	free(t.s);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_c_callback_error)
{
	struct btfx *btf = obj_decls();
	struct text t = { .fail_after = 0 };
	struct btfx_dump_c_opts opts = { .sz = sizeof(opts), .write = collect, .ctx = &t };

	ck_assert_int_eq(btfx_dump_c(btf, &opts), -EIO);
	ck_assert_ptr_null(t.s);
	btfx_free(btf);
}
END_TEST

/* A struct that contains itself through a typedef: no C for it. */
START_TEST(test_btfx_dump_c_strong_loop)
{
	struct btfx *btf = new_btf();
	struct text t = { .fail_after = -1 };
	struct btfx_dump_c_opts opts = { .sz = sizeof(opts), .write = collect, .ctx = &t };

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 8), 2);
	ck_assert_int_eq(btfx_append_member(btf, "i", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "me", 3, 32, 0), 0);
	ck_assert_int_eq(btfx_add_typedef(btf, "s_t", 2), 3);
	ck_assert_int_eq(btfx_dump_c(btf, &opts), -ELOOP);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "loop"));
	free(t.s);
	btfx_free(btf);
}
END_TEST

/* A modifier loop (CONST -> PTR -> CONST) ends, never recurses forever. */
START_TEST(test_btfx_dump_c_modifier_loop)
{
	static const uint32_t types[] = {
		0, 0x0a000000, 2, /* [1] CONST -> 2 */
		0, 0x02000000, 1, /* [2] PTR -> 1 */
		1, 0x08000000, 2, /* [3] TYPEDEF 'a' -> 2 */
	};
	uint8_t blob[24 + sizeof(types) + 3];
	uint32_t hdr[6] = { 0x0001eb9f, 24, 0, sizeof(types), sizeof(types), 3 };
	struct btfx *btf = new_btf();
	struct text t = { .fail_after = -1 };
	struct btfx_dump_c_opts opts = { .sz = sizeof(opts), .write = collect, .ctx = &t };
	int err;

	memcpy(blob, hdr, 24);
	memcpy(blob + 24, types, sizeof(types));
	memcpy(blob + 24 + sizeof(types), "\0a", 3);
	if (btfx_load(btf, blob, sizeof(blob), NULL)) {
		btfx_free(btf);
		return; /* the reader refuses the loop: nothing to dump */
	}
	err = btfx_dump_c(btf, &opts);
	ck_assert(err == 0 || err == -ELOOP);
	free(t.s);
	btfx_free(btf);
}
END_TEST

/* ---- compared with bpftool ---- */

static void vs_bpftool(struct btfx *btf)
{
	const char *bpftool = tu_bpftool();
	char path[] = "/tmp/btfx-dumpc-XXXXXX";
	char cmd[512], *want, *got;
	struct text t = { .fail_after = -1 };
	FILE *f;
	char buf[4096];
	size_t n;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(btfx_write_file(btf, path, NULL), 0);
	snprintf(cmd, sizeof(cmd), "%s btf dump file %s format c", bpftool, path);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		collect(&t, buf, n);
	ck_assert_int_eq(pclose(f), 0);
	unlink(path);
	want = t.s ? t.s : strdup("");
	got = cdump_ids(btf, NULL, 0, 0);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	btfx_free(btf);
}

START_TEST(test_btfx_dump_c_bpftool_objects)
{
	vs_bpftool(obj_cycle());
	vs_bpftool(obj_anon());
	vs_bpftool(obj_layout());
	vs_bpftool(obj_decls());
	vs_bpftool(obj_names());
}
END_TEST

static Suite *dump_c_suite(void)
{
	Suite *s = suite_create("dump_c");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_btfx_dump_c_fwd_for_cycle);
	tcase_add_test(tc, test_btfx_dump_c_anon_inline);
	tcase_add_test(tc, test_btfx_dump_c_layout);
	tcase_add_test(tc, test_btfx_dump_c_big_hole);
	tcase_add_test(tc, test_btfx_dump_c_enums);
	tcase_add_test(tc, test_btfx_dump_c_decls);
	tcase_add_test(tc, test_btfx_dump_c_name_conflicts);
	tcase_add_test(tc, test_btfx_dump_c_skips_non_types);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_test(tc, test_btfx_dump_c_guard_and_pragma);
	tcase_add_test(tc, test_btfx_dump_c_roots);
	tcase_add_test(tc, test_btfx_dump_c_einval);
	tcase_add_test(tc, test_btfx_dump_c_callback_error);
	tcase_add_test(tc, test_btfx_dump_c_strong_loop);
	tcase_add_test(tc, test_btfx_dump_c_modifier_loop);
	suite_add_tcase(s, tc);

	tc = tcase_create("vs_bpftool");
	tcase_set_tags(tc, "bpftool");
	tcase_add_test(tc, test_btfx_dump_c_bpftool_objects);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(dump_c_suite());
}
