// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_dump.c - btfx_dump_raw() and btfx_dump_type_raw(): the exact text
 * for every kind, split objects, bad references, callback errors and
 * chunking; and byte-identity with `bpftool btf dump file` on built
 * objects and on the running kernel's BTF (parts of their own, see below).
 * Also btfx_stats(), the other half of the "dump and statistics" API.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* Dump btf and compare with the expected text. */
#define ck_dump(btf, expected)                                                           \
	do {                                                                             \
		char *got_ = tu_dump(btf);                                               \
		ck_assert_ptr_nonnull(got_);                                             \
		ck_assert_str_eq(got_, expected);                                        \
		free(got_);                                                              \
	} while (0)

static struct btfx *new_btf(void)
{
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	return btf;
}

static struct btfx *new_split(const struct btfx *base)
{
	struct btfx_new_opts opts = { .sz = sizeof(opts), .base = base };
	struct btfx *btf = btfx_new_opts(&opts);

	ck_assert_ptr_nonnull(btf);
	return btf;
}

/* ---- every kind --------------------------------------------------------- */

START_TEST(test_btfx_dump_raw_int)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "char", 1, BTFX_INT_CHAR), 2);
	ck_assert_int_eq(btfx_add_int(btf, "_Bool", 1, BTFX_INT_BOOL), 3);
	ck_assert_int_eq(btfx_add_int(btf, "u64", 8, 0), 4);
	ck_assert_int_eq(btfx_add_int_bits(btf, "u3", 1, 0, 2, 3), 5);
	ck_assert_int_eq(btfx_add_int(btf, "__int128", 16, BTFX_INT_SIGNED), 6);
	ck_dump(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		     "[2] INT 'char' size=1 bits_offset=0 nr_bits=8 encoding=CHAR\n"
		     "[3] INT '_Bool' size=1 bits_offset=0 nr_bits=8 encoding=BOOL\n"
		     "[4] INT 'u64' size=8 bits_offset=0 nr_bits=64 encoding=(none)\n"
		     "[5] INT 'u3' size=1 bits_offset=2 nr_bits=3 encoding=(none)\n"
		     "[6] INT '__int128' size=16 bits_offset=0 nr_bits=128 encoding=SIGNED\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_ref_kinds)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 2);
	ck_assert_int_eq(btfx_add_const(btf, 2), 3);
	ck_assert_int_eq(btfx_add_volatile(btf, 3), 4);
	ck_assert_int_eq(btfx_add_restrict(btf, 2), 5);
	ck_assert_int_eq(btfx_add_typedef(btf, "int_t", 1), 6);
	ck_assert_int_eq(btfx_add_type_tag(btf, "user", 1), 7);
	ck_assert_int_eq(btfx_add_ptr(btf, 0), 8);
	ck_dump(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		     "[2] PTR '(anon)' type_id=1\n"
		     "[3] CONST '(anon)' type_id=2\n"
		     "[4] VOLATILE '(anon)' type_id=3\n"
		     "[5] RESTRICT '(anon)' type_id=2\n"
		     "[6] TYPEDEF 'int_t' type_id=1\n"
		     "[7] TYPE_TAG 'user' type_id=1\n"
		     "[8] PTR '(anon)' type_id=0\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_array)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_array(btf, 1, 1, 16), 2);
	ck_assert_int_eq(btfx_add_array(btf, 1, 2, 0), 3);
	ck_dump(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		     "[2] ARRAY '(anon)' type_id=1 index_type_id=1 nr_elems=16\n"
		     "[3] ARRAY '(anon)' type_id=2 index_type_id=1 nr_elems=0\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_struct_union)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "point", 8), 2);
	ck_assert_int_eq(btfx_append_member(btf, "x", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "y", 1, 32, 0), 0);
	ck_assert_int_eq(btfx_add_struct(btf, "flags", 8), 3);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 3), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 1, 3, 29), 0);
	ck_assert_int_eq(btfx_append_member(btf, NULL, 1, 32, 0), 0);
	ck_assert_int_eq(btfx_add_union(btf, NULL, 8), 4);
	ck_assert_int_eq(btfx_append_member(btf, "i", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, NULL, 3, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(btf, "empty", 0), 5);
	ck_dump(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		     "[2] STRUCT 'point' size=8 vlen=2\n"
		     "\t'x' type_id=1 bits_offset=0\n"
		     "\t'y' type_id=1 bits_offset=32\n"
		     "[3] STRUCT 'flags' size=8 vlen=3\n"
		     "\t'a' type_id=1 bits_offset=0 bitfield_size=3\n"
		     "\t'b' type_id=1 bits_offset=3 bitfield_size=29\n"
		     "\t'(anon)' type_id=1 bits_offset=32\n"
		     "[4] UNION '(anon)' size=8 vlen=2\n"
		     "\t'i' type_id=1 bits_offset=0\n"
		     "\t'(anon)' type_id=3 bits_offset=0\n"
		     "[5] STRUCT 'empty' size=0 vlen=0\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_enum)
{
	static const struct btfx_enum_info vals[] = {
		{ "A", 0 }, { "B", -1 }, { "C", INT32_MIN }, { "D", INT32_MAX },
	};
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 1);
	ck_assert_int_eq(btfx_append_enum_value(btf, "X", 0), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "Y", UINT32_MAX), 0);
	ck_assert_int_eq(btfx_add_enum_with_values(btf, BTFX_KIND_ENUM, "s", 4, BTFX_ENUM_SIGNED,
						   vals, 4, sizeof(*vals)), 2);
	ck_assert_int_eq(btfx_add_enum(btf, NULL, 1, 0), 3);
	ck_dump(btf, "[1] ENUM 'e' encoding=UNSIGNED size=4 vlen=2\n"
		     "\t'X' val=0\n"
		     "\t'Y' val=4294967295\n"
		     "[2] ENUM 's' encoding=SIGNED size=4 vlen=4\n"
		     "\t'A' val=0\n"
		     "\t'B' val=-1\n"
		     "\t'C' val=-2147483648\n"
		     "\t'D' val=2147483647\n"
		     "[3] ENUM '(anon)' encoding=UNSIGNED size=1 vlen=0\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_enum64)
{
	static const struct btfx_enum_info svals[] = {
		{ "MIN", INT64_MIN }, { "M1", -1 }, { "MAX", INT64_MAX },
	};
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_enum64(btf, "u", 8, 0), 1);
	ck_assert_int_eq(btfx_append_enum_value(btf, "Z", 0), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "BIG", (int64_t)0x123456789abcdefULL), 0);
	ck_assert_int_eq(btfx_add_enum_with_values(btf, BTFX_KIND_ENUM64, "s", 8, BTFX_ENUM_SIGNED,
						   svals, 3, sizeof(*svals)), 2);
	ck_dump(btf, "[1] ENUM64 'u' encoding=UNSIGNED size=8 vlen=2\n"
		     "\t'Z' val=0ULL\n"
		     "\t'BIG' val=81985529216486895ULL\n"
		     "[2] ENUM64 's' encoding=SIGNED size=8 vlen=3\n"
		     "\t'MIN' val=-9223372036854775808LL\n"
		     "\t'M1' val=-1LL\n"
		     "\t'MAX' val=9223372036854775807LL\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_fwd)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_fwd(btf, "s", BTFX_FWD_STRUCT), 1);
	ck_assert_int_eq(btfx_add_fwd(btf, "u", BTFX_FWD_UNION), 2);
	ck_dump(btf, "[1] FWD 's' fwd_kind=struct\n"
		     "[2] FWD 'u' fwd_kind=union\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_func)
{
	static const struct btfx_param_info params[] = { { "a", 1 }, { NULL, 2 } };
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 0), 2);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 3);
	ck_assert_int_eq(btfx_append_param(btf, "fmt", 2), 0);
	ck_assert_int_eq(btfx_append_param(btf, NULL, 0), 0);
	ck_assert_int_eq(btfx_add_func_proto_with_params(btf, 0, params, 2, sizeof(*params)), 4);
	ck_assert_int_eq(btfx_add_func_proto(btf, 0), 5);
	ck_assert_int_eq(btfx_add_func(btf, "f_static", BTFX_FUNC_STATIC, 3), 6);
	ck_assert_int_eq(btfx_add_func(btf, "f_global", BTFX_FUNC_GLOBAL, 4), 7);
	ck_assert_int_eq(btfx_add_func(btf, "f_extern", BTFX_FUNC_EXTERN, 5), 8);
	ck_dump(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		     "[2] PTR '(anon)' type_id=0\n"
		     "[3] FUNC_PROTO '(anon)' ret_type_id=1 vlen=2\n"
		     "\t'fmt' type_id=2\n"
		     "\t'(anon)' type_id=0\n"
		     "[4] FUNC_PROTO '(anon)' ret_type_id=0 vlen=2\n"
		     "\t'a' type_id=1\n"
		     "\t'(anon)' type_id=2\n"
		     "[5] FUNC_PROTO '(anon)' ret_type_id=0 vlen=0\n"
		     "[6] FUNC 'f_static' type_id=3 linkage=static\n"
		     "[7] FUNC 'f_global' type_id=4 linkage=global\n"
		     "[8] FUNC 'f_extern' type_id=5 linkage=extern\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_var_datasec)
{
	static const struct btfx_var_secinfo infos[] = { { 3, 4, 4 }, { 2, 0, 4 } };
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(btf, "a", BTFX_VAR_STATIC, 1), 2);
	ck_assert_int_eq(btfx_add_var(btf, "b", BTFX_VAR_GLOBAL_ALLOCATED, 1), 3);
	ck_assert_int_eq(btfx_add_var(btf, "c", BTFX_VAR_GLOBAL_EXTERN, 1), 4);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 8, infos, 2), 5);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".bss", 16, NULL, 0), 6);
	ck_dump(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		     "[2] VAR 'a' type_id=1, linkage=static\n"
		     "[3] VAR 'b' type_id=1, linkage=global\n"
		     "[4] VAR 'c' type_id=1, linkage=extern\n"
		     "[5] DATASEC '.data' size=8 vlen=2\n"
		     "\ttype_id=2 offset=0 size=4 (VAR 'a')\n"
		     "\ttype_id=3 offset=4 size=4 (VAR 'b')\n"
		     "[6] DATASEC '.bss' size=16 vlen=0\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_float_decl_tag)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_float(btf, "double", 8), 1);
	ck_assert_int_eq(btfx_add_float(btf, "long double", 16), 2);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 8), 3);
	ck_assert_int_eq(btfx_append_member(btf, "d", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "tag_s", 3, -1), 4);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "tag_d", 3, 0), 5);
	ck_dump(btf, "[1] FLOAT 'double' size=8\n"
		     "[2] FLOAT 'long double' size=16\n"
		     "[3] STRUCT 's' size=8 vlen=1\n"
		     "\t'd' type_id=1 bits_offset=0\n"
		     "[4] DECL_TAG 'tag_s' type_id=3 component_idx=-1\n"
		     "[5] DECL_TAG 'tag_d' type_id=3 component_idx=0\n");
	btfx_free(btf);
}
END_TEST

/* ---- split objects, single types, bad references ------------------------ */

static struct btfx *new_base(void)
{
	struct btfx *base = new_btf();

	ck_assert_int_eq(btfx_add_int(base, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(base, "bv", BTFX_VAR_GLOBAL_ALLOCATED, 1), 2);
	return base;
}

START_TEST(test_btfx_dump_raw_split_own_types_only)
{
	static const struct btfx_var_secinfo infos[] = { { 2, 0, 4 }, { 4, 8, 8 } };
	struct btfx *base = new_base(), *btf = new_split(base);

	ck_assert_int_eq(btfx_add_ptr(btf, 1), 3);
	ck_assert_int_eq(btfx_add_var(btf, "int", BTFX_VAR_STATIC, 3), 4);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, infos, 2), 5);
	ck_dump(btf, "[3] PTR '(anon)' type_id=1\n"
		     "[4] VAR 'int' type_id=3, linkage=static\n"
		     "[5] DATASEC '.data' size=16 vlen=2\n"
		     "\ttype_id=2 offset=0 size=4 (VAR 'bv')\n"
		     "\ttype_id=4 offset=8 size=8 (VAR 'int')\n");
	btfx_free(btf);
	btfx_free(base);
}
END_TEST

/* Collect output into a fixed buffer. */
struct sink {
	char text[4096];
	size_t len;
	int calls;
	size_t max_chunk;
	int fail_with;
};

static int sink_print(void *ctx, const char *text, size_t len)
{
	struct sink *s = ctx;

	s->calls++;
	if (s->fail_with)
		return s->fail_with;
	if (len > s->max_chunk)
		s->max_chunk = len;
	if (s->len + len < sizeof(s->text)) {
		memcpy(s->text + s->len, text, len);
		s->len += len;
		s->text[s->len] = '\0';
	}
	return 0;
}

START_TEST(test_btfx_dump_type_raw_ids)
{
	struct btfx *base = new_base(), *btf = new_split(base);
	struct sink s;

	ck_assert_int_eq(btfx_add_ptr(btf, 2), 3);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(btfx_dump_type_raw(btf, 3, sink_print, &s), 0);
	ck_assert_str_eq(s.text, "[3] PTR '(anon)' type_id=2\n");
	ck_assert_int_eq(s.calls, 1);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(btfx_dump_type_raw(btf, 1, sink_print, &s), 0);
	ck_assert_str_eq(s.text, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n");
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(btfx_dump_type_raw(btf, 0, sink_print, &s), 0);
	ck_assert_str_eq(s.text, "[0] UNKNOWN '(anon)'\n");
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(btfx_dump_type_raw(btf, 4, sink_print, &s), -ENOENT);
	ck_assert_int_eq(btfx_dump_type_raw(btf, UINT32_MAX, sink_print, &s), -ENOENT);
	ck_assert_int_eq(s.calls, 0);
	btfx_free(btf);
	btfx_free(base);
}
END_TEST

START_TEST(test_btfx_dump_raw_empty)
{
	struct btfx *btf = new_btf();
	struct sink s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(btfx_dump_raw(btf, sink_print, &s), 0);
	ck_assert_int_eq(s.calls, 0);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_callback_error)
{
	struct btfx *btf = new_btf();
	struct sink s;
	int i;

	for (i = 0; i < 3000; i++)
		ck_assert_int_gt(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 0);
	memset(&s, 0, sizeof(s));
	s.fail_with = -EIO;
	ck_assert_int_eq(btfx_dump_raw(btf, sink_print, &s), -EIO);
	ck_assert_int_eq(s.calls, 1);
	memset(&s, 0, sizeof(s));
	s.fail_with = -ENOSPC;
	ck_assert_int_eq(btfx_dump_type_raw(btf, 1, sink_print, &s), -ENOSPC);
	ck_assert_int_eq(s.calls, 1);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_null_args)
{
	struct btfx *btf = new_btf();
	struct sink s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(btfx_dump_raw(NULL, sink_print, &s), -EINVAL);
	ck_assert_int_eq(btfx_dump_raw(btf, NULL, &s), -EINVAL);
	ck_assert_int_eq(btfx_dump_type_raw(NULL, 0, sink_print, &s), -EINVAL);
	ck_assert_int_eq(btfx_dump_type_raw(btf, 0, NULL, &s), -EINVAL);
	btfx_free(btf);
}
END_TEST

/* Count chunks and check the concatenation is the same as tu_dump's. */
struct chunks {
	int calls;
	size_t total, min_chunk;
};

static int chunk_print(void *ctx, const char *text, size_t len)
{
	struct chunks *c = ctx;

	(void)text;
	c->calls++;
	c->total += len;
	if (!c->min_chunk || len < c->min_chunk)
		c->min_chunk = len;
	return 0;
}

START_TEST(test_btfx_dump_raw_large_chunks)
{
	struct btfx *btf = new_btf();
	struct chunks c = { 0, 0, 0 };
	char *name = malloc(100001), *text;
	size_t len;
	int i;

	ck_assert_ptr_nonnull(name);
	for (i = 0; i < 5000; i++)
		ck_assert_int_gt(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 0);
	/* A name longer than any buffer goes through whole. */
	memset(name, 'n', 100000);
	name[100000] = '\0';
	ck_assert_int_eq(btfx_add_int(btf, name, 4, 0), 5001);
	ck_assert_int_eq(btfx_dump_raw(btf, chunk_print, &c), 0);
	text = tu_dump(btf);
	ck_assert_ptr_nonnull(text);
	len = strlen(text);
	ck_assert_uint_eq(c.total, len);
	/* 5000 lines of 62 bytes and one of 100060: a few dozen calls, not 5000. */
	ck_assert_int_lt(c.calls, 40);
	ck_assert_uint_ge(len, 100000);
	ck_assert_str_eq(text + len - 53, "nnn' size=4 bits_offset=0 nr_bits=32 encoding=(none)\n");
	ck_assert(strstr(text, "\n[5001] INT 'nnnn") != NULL);
	free(text);
	free(name);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_dangling_type_ids)
{
	static const struct btfx_var_secinfo infos[] = { { 2, 0, 4 } };
	struct btfx *src = new_btf(), *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(src, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(src, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 2);
	ck_assert_int_eq(btfx_add_datasec_with_vars(src, ".data", 4, infos, 1), 3);
	ck_assert_int_eq(btfx_add_ptr(src, 3), 4);
	/* Copies keep type ids: here they point past the end. */
	ck_assert_int_eq(btfx_add_type_copy(btf, src, 3), 1);
	ck_assert_int_eq(btfx_add_type_copy(btf, src, 4), 2);
	ck_dump(btf, "[1] DATASEC '.data' size=4 vlen=1\n"
		     "\ttype_id=2 offset=0 size=4 (PTR '(anon)')\n"
		     "[2] PTR '(anon)' type_id=3\n");
	ck_assert_int_eq(btfx_add_type_copy(btf, src, 2), 3);
	ck_assert_int_eq(btfx_add_type_copy(btf, src, 3), 4);
	ck_dump(btf, "[1] DATASEC '.data' size=4 vlen=1\n"
		     "\ttype_id=2 offset=0 size=4 (PTR '(anon)')\n"
		     "[2] PTR '(anon)' type_id=3\n"
		     "[3] VAR 'v' type_id=1, linkage=global\n"
		     "[4] DATASEC '.data' size=4 vlen=1\n"
		     "\ttype_id=2 offset=0 size=4 (PTR '(anon)')\n");
	btfx_free(btf);
	btfx_free(src);
}
END_TEST

START_TEST(test_btfx_dump_raw_dangling_datasec_ref)
{
	static const struct btfx_var_secinfo infos[] = { { 3, 0, 4 } };
	struct btfx *src = new_btf(), *btf = new_btf();

	ck_assert_int_eq(btfx_add_int(src, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(src, "pad", 4, 0), 2);
	ck_assert_int_eq(btfx_add_var(src, "v", BTFX_VAR_STATIC, 1), 3);
	ck_assert_int_eq(btfx_add_datasec_with_vars(src, ".data", 4, infos, 1), 4);
	ck_assert_int_eq(btfx_add_type_copy(btf, src, 4), 1);
	/* bpftool prints no "(KIND 'name')" for an id that does not exist. */
	ck_dump(btf, "[1] DATASEC '.data' size=4 vlen=1\n"
		     "\ttype_id=3 offset=0 size=4\n");
	btfx_free(btf);
	btfx_free(src);
}
END_TEST

/*
 * A classic little-endian blob: INT 'int', a PTR whose name offset is past
 * the strings, a STRUCT whose member name is past them too.
 */
static const uint32_t bad_str_blob[] = {
	0x0001eb9f, 24, 0, 12 + 4 + 12 + 12 + 12, 12 + 4 + 12 + 12 + 12, 5,
	1, (1u << 24), 4, (1u << 24) | 32,   /* [1] INT 'int' */
	200, (2u << 24), 1,                  /* [2] PTR, name_off 200 */
	0, (4u << 24) | 1, 4, 300, 1, 0,     /* [3] STRUCT, member name_off 300 */
	0x746e6900, 0x00000000,              /* "\0int\0" + pad (str_len 5) */
};

static int host_is_le(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

START_TEST(test_btfx_dump_raw_invalid_str_offsets)
{
	struct btfx *btf = new_btf();
	int err;

	if (!host_is_le()) {
		btfx_free(btf);
		return;
	}
	err = btfx_load(btf, bad_str_blob, sizeof(bad_str_blob) - 3, NULL);
	if (err) {
		/* The reader may refuse it; then there is nothing to dump. */
		ck_assert_int_eq(err, -EBADMSG);
		btfx_free(btf);
		return;
	}
	ck_dump(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		     "[2] PTR '(invalid)' type_id=1\n"
		     "[3] STRUCT '(anon)' size=4 vlen=1\n"
		     "\t'(invalid)' type_id=1 bits_offset=0\n");
	btfx_free(btf);
}
END_TEST

/*
 * A blob with the 32-byte header and a kind-layout section describing
 * kind 20 (unknown to libbtfx): 4 bytes of info, 8-byte elements.
 */
static const uint32_t layout_blob[] = {
	0x0001eb9f, 32, 0, 16 + 24, 16 + 24 + 84, 9, 16 + 24, 84,
	1, (1u << 24), 4, (1u << 24) | 32,          /* [1] INT 'int' */
	5, (20u << 24) | 1, 1, 7, 1, 2,              /* [2] kind 20 'foo', vlen 1 */
	/* layouts of kinds 0..20: info_sz | elem_sz << 8 */
	0, 4, 0, 12, 0xc00, 0xc00, 0x800, 0, 0, 0, 0, 0, 0, 0x800, 4, 0xc00, 0, 4, 0, 0xc00,
	0x804,
	0x746e6900, 0x6f6f6600, 0x00000000,          /* "\0int\0foo\0" */
};

START_TEST(test_btfx_dump_raw_unknown_kind)
{
	struct btfx_stats st = { .sz = sizeof(st) };
	struct btfx *btf = new_btf();
	int err;

	if (!host_is_le()) {
		btfx_free(btf);
		return;
	}
	err = btfx_load(btf, layout_blob, sizeof(layout_blob) - 3, NULL);
	ck_assert_msg(err == 0, "load: %s", btfx_errmsg(btf));
	ck_dump(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		     "[2] UNKNOWN 'foo' kind=20 vlen=1\n");
	ck_assert_int_eq(btfx_stats(btf, &st), 0);
	ck_assert_uint_eq(st.kinds[20].count, 1);
	ck_assert_uint_eq(st.kinds[20].vlen, 1);
	ck_assert_uint_eq(st.kinds[20].bytes, 24);
	btfx_free(btf);
}
END_TEST

/* ---- btfx_stats() ------------------------------------------------------- */

START_TEST(test_btfx_stats_by_kind)
{
	static const struct btfx_var_secinfo infos[] = { { 7, 0, 4 } };
	struct btfx_stats st = { .sz = sizeof(st) };
	struct btfx *btf = new_btf();
	uint64_t types;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "long", 8, BTFX_INT_SIGNED), 2);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 8), 3);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 1, 32, 0), 0);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 4);
	ck_assert_int_eq(btfx_append_param(btf, "a", 1), 0);
	ck_assert_int_eq(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 4), 5);
	ck_assert_int_eq(btfx_add_func(btf, "g", BTFX_FUNC_EXTERN, 4), 6);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 7);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 4, infos, 1), 8);
	ck_assert_int_eq(btfx_stats(btf, &st), 0);
	ck_assert_uint_eq(st.sz, sizeof(st));
	ck_assert_uint_eq(st.type_cnt, 8);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_INT].count, 2);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_INT].vlen, 0);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_INT].bytes, 2 * 16);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_STRUCT].count, 1);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_STRUCT].vlen, 2);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_STRUCT].bytes, 12 + 2 * 12);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_FUNC_PROTO].vlen, 1);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_FUNC_PROTO].bytes, 12 + 8);
	/* A FUNC's vlen is its linkage, not records. */
	ck_assert_uint_eq(st.kinds[BTFX_KIND_FUNC].count, 2);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_FUNC].vlen, 0);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_FUNC].bytes, 2 * 12);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_VAR].bytes, 16);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_DATASEC].vlen, 1);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_DATASEC].bytes, 24);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_ENUM].count, 0);
	types = 32 + 36 + 20 + 24 + 16 + 24;
	ck_assert_uint_eq(st.type_bytes, types);
	ck_assert_uint_eq(st.type_bytes, btfx_type_sec_len(btf));
	/* "", int, long, s, a, b, f, g, v, .data */
	ck_assert_uint_eq(st.str_cnt, 10);
	ck_assert_uint_eq(st.str_bytes, 1 + 4 + 5 + 2 + 2 + 2 + 2 + 2 + 2 + 6);
	ck_assert_uint_eq(st.str_bytes, btfx_str_sec_len(btf));
	ck_assert_uint_eq(st.total_bytes, 24 + types + st.str_bytes);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_stats_empty)
{
	struct btfx_stats st;
	struct btfx *btf = new_btf();
	unsigned int k;

	memset(&st, 0xff, sizeof(st));
	st.sz = sizeof(st);
	ck_assert_int_eq(btfx_stats(btf, &st), 0);
	ck_assert_uint_eq(st.type_cnt, 0);
	ck_assert_uint_eq(st.str_cnt, 1);
	ck_assert_uint_eq(st.type_bytes, 0);
	ck_assert_uint_eq(st.str_bytes, 1);
	ck_assert_uint_eq(st.total_bytes, 25);
	for (k = 0; k <= BTFX_MAX_KIND; k++) {
		ck_assert_uint_eq(st.kinds[k].count, 0);
		ck_assert_uint_eq(st.kinds[k].vlen, 0);
		ck_assert_uint_eq(st.kinds[k].bytes, 0);
	}
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_stats_split_own_only)
{
	struct btfx_stats st = { .sz = sizeof(st) };
	struct btfx *base = new_base(), *btf = new_split(base);

	ck_assert_int_eq(btfx_add_ptr(btf, 1), 3);
	ck_assert_int_eq(btfx_add_typedef(btf, "myint", 1), 4);
	ck_assert_int_eq(btfx_stats(btf, &st), 0);
	ck_assert_uint_eq(st.type_cnt, 2);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_INT].count, 0);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_PTR].count, 1);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_TYPEDEF].count, 1);
	ck_assert_uint_eq(st.type_bytes, 24);
	ck_assert_uint_eq(st.str_bytes, btfx_str_sec_len(btf));
	ck_assert_uint_eq(st.total_bytes, 24 + 24 + st.str_bytes);
	btfx_free(btf);
	btfx_free(base);
}
END_TEST

START_TEST(test_btfx_stats_sz)
{
	struct {
		struct btfx_stats st;
		uint64_t newer[2];
	} big;
	struct btfx_stats st;
	size_t short_sz = offsetof(struct btfx_stats, kinds);
	struct btfx *btf = new_btf();

	ck_assert_int_gt(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 0);
	ck_assert_int_eq(btfx_stats(btf, NULL), -EINVAL);
	ck_assert_int_eq(btfx_stats(NULL, &st), -EINVAL);
	st.sz = 0;
	ck_assert_int_eq(btfx_stats(btf, &st), -EINVAL);
	st.sz = sizeof(size_t) - 1;
	ck_assert_int_eq(btfx_stats(btf, &st), -EINVAL);
	/* A newer, longer struct: unknown bytes must be zero and stay zero. */
	memset(&big, 0, sizeof(big));
	big.st.sz = sizeof(big);
	big.newer[1] = 1;
	ck_assert_int_eq(btfx_stats(btf, &big.st), -EINVAL);
	ck_assert_uint_eq(big.st.type_cnt, 0);
	big.newer[1] = 0;
	ck_assert_int_eq(btfx_stats(btf, &big.st), 0);
	ck_assert_uint_eq(big.st.type_cnt, 1);
	ck_assert_uint_eq(big.newer[0] | big.newer[1], 0);
	/* An older, shorter struct: only the fields that fit are written. */
	memset(&st, 0xaa, sizeof(st));
	st.sz = short_sz;
	ck_assert_int_eq(btfx_stats(btf, &st), 0);
	ck_assert_uint_eq(st.type_cnt, 1);
	ck_assert_uint_eq(st.total_bytes, 24 + 16 + 5);
	ck_assert_uint_eq(st.kinds[BTFX_KIND_INT].count, 0xaaaaaaaau);
	btfx_free(btf);
}
END_TEST

/*
 * ---- byte-identity with bpftool -----------------------------------------
 * Test cases tagged "bpftool" and "vmlinux_bpftool": they run in
 * tests/check_dump_bpftool and tests/check_dump_vmlinux_bpftool, which
 * skip (77) when bpftool or the kernel's BTF is absent.
 */

/* Standard output of a shell command (malloc'd), or NULL if it failed. */
static char *run_cmd(const char *cmd, size_t *len_out)
{
	FILE *f = popen(cmd, "r");
	size_t len = 0, cap = 1 << 16, n;
	char *buf = malloc(cap + 1), *q;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(buf);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			q = realloc(buf, cap + 1);
			ck_assert_ptr_nonnull(q);
			buf = q;
		}
	}
	if (pclose(f) != 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	*len_out = len;
	return buf;
}

/* Length of the line at s (at most 200), for messages. */
static int line_len(const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);

	if (nl)
		len = (size_t)(nl - s);
	return len < 200 ? (int)len : 200;
}

/* Fail naming the first line where the two texts differ. */
static void ck_same_text(const char *got, size_t got_len, const char *want, size_t want_len)
{
	size_t i, line = 1, bol = 0;

	for (i = 0; i < got_len && i < want_len && got[i] == want[i]; i++) {
		if (got[i] == '\n') {
			line++;
			bol = i + 1;
		}
	}
	if (i == got_len && i == want_len)
		return;
	ck_abort_msg("dump differs from bpftool at line %zu:\n  btfx:    %.*s\n  bpftool: %.*s",
		     line, line_len(got + bol, got_len - bol), got + bol,
		     line_len(want + bol, want_len - bol), want + bol);
}

/* Compare btfx_dump_raw(btf) with `bpftool btf dump file path [-B base]`. */
static void ck_like_bpftool(const struct btfx *btf, const char *bpftool, const char *path,
			    const char *base_path)
{
	char cmd[1024], *want, *got;
	size_t want_len;

	snprintf(cmd, sizeof(cmd), "'%s' btf dump file '%s'%s%s%s", bpftool, path,
		 base_path ? " -B '" : "", base_path ? base_path : "", base_path ? "'" : "");
	want = run_cmd(cmd, &want_len);
	ck_assert_msg(want != NULL, "failed: %s", cmd);
	got = tu_dump(btf);
	ck_assert_ptr_nonnull(got);
	ck_same_text(got, strlen(got), want, want_len);
	free(got);
	free(want);
}


/* A temporary file name; the file exists (empty) until unlinked. */
static void tmp_path(char *path, size_t len)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, len, "%s/check_dump.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

START_TEST(test_btfx_dump_raw_matches_bpftool_built)
{
	const char *bpftool = tu_bpftool();
	struct btfx *btf;
	char path[4096];

	ck_assert_ptr_nonnull(bpftool);
	btf = new_btf();
	tu_add_all_kinds(btf);
	tmp_path(path, sizeof(path));
	ck_assert_int_eq(btfx_write_file(btf, path, NULL), 0);
	ck_like_bpftool(btf, bpftool, path, NULL);
	unlink(path);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_raw_matches_bpftool_split)
{
	static const struct btfx_var_secinfo infos[] = { { 2, 0, 4 }, { 5, 4, 8 } };
	const char *bpftool = tu_bpftool();
	char base_path[4096], path[4096];
	struct btfx *base, *btf;

	ck_assert_ptr_nonnull(bpftool);
	base = new_base();
	btf = new_split(base);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 3);
	ck_assert_int_eq(btfx_add_struct(btf, "int", 8), 4);
	ck_assert_int_eq(btfx_append_member(btf, "bv", 3, 0, 0), 0);
	ck_assert_int_eq(btfx_add_var(btf, "sv", BTFX_VAR_STATIC, 3), 5);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 12, infos, 2), 6);
	tmp_path(base_path, sizeof(base_path));
	tmp_path(path, sizeof(path));
	ck_assert_int_eq(btfx_write_file(base, base_path, NULL), 0);
	ck_assert_int_eq(btfx_write_file(btf, path, NULL), 0);
	ck_like_bpftool(btf, bpftool, path, base_path);
	unlink(path);
	unlink(base_path);
	btfx_free(btf);
	btfx_free(base);
}
END_TEST

START_TEST(test_btfx_dump_raw_matches_bpftool_vmlinux)
{
	const char *bpftool = tu_bpftool();
	struct btfx *btf;

	ck_assert_ptr_nonnull(bpftool);
	btf = new_btf();
	ck_assert_msg(btfx_load_file(btf, TU_VMLINUX, NULL) == 0, "load: %s", btfx_errmsg(btf));
	ck_like_bpftool(btf, bpftool, TU_VMLINUX, NULL);
	btfx_free(btf);
}
END_TEST

static Suite *dump_suite(void)
{
	Suite *s = suite_create("dump");
	TCase *tc = tcase_create("kinds");

	tcase_add_test(tc, test_btfx_dump_raw_int);
	tcase_add_test(tc, test_btfx_dump_raw_ref_kinds);
	tcase_add_test(tc, test_btfx_dump_raw_array);
	tcase_add_test(tc, test_btfx_dump_raw_struct_union);
	tcase_add_test(tc, test_btfx_dump_raw_enum);
	tcase_add_test(tc, test_btfx_dump_raw_enum64);
	tcase_add_test(tc, test_btfx_dump_raw_fwd);
	tcase_add_test(tc, test_btfx_dump_raw_func);
	tcase_add_test(tc, test_btfx_dump_raw_var_datasec);
	tcase_add_test(tc, test_btfx_dump_raw_float_decl_tag);
	suite_add_tcase(s, tc);

	tc = tcase_create("objects");
	tcase_add_test(tc, test_btfx_dump_raw_split_own_types_only);
	tcase_add_test(tc, test_btfx_dump_type_raw_ids);
	tcase_add_test(tc, test_btfx_dump_raw_empty);
	tcase_add_test(tc, test_btfx_dump_raw_callback_error);
	tcase_add_test(tc, test_btfx_dump_raw_null_args);
	tcase_add_test(tc, test_btfx_dump_raw_large_chunks);
	tcase_add_test(tc, test_btfx_dump_raw_dangling_type_ids);
	tcase_add_test(tc, test_btfx_dump_raw_dangling_datasec_ref);
	tcase_add_test(tc, test_btfx_dump_raw_invalid_str_offsets);
	tcase_add_test(tc, test_btfx_dump_raw_unknown_kind);
	suite_add_tcase(s, tc);

	tc = tcase_create("stats");
	tcase_add_test(tc, test_btfx_stats_by_kind);
	tcase_add_test(tc, test_btfx_stats_empty);
	tcase_add_test(tc, test_btfx_stats_split_own_only);
	tcase_add_test(tc, test_btfx_stats_sz);
	suite_add_tcase(s, tc);

	tc = tcase_create("bpftool");
	tcase_set_tags(tc, "bpftool");
	tcase_add_test(tc, test_btfx_dump_raw_matches_bpftool_built);
	tcase_add_test(tc, test_btfx_dump_raw_matches_bpftool_split);
	suite_add_tcase(s, tc);

	tc = tcase_create("vmlinux_bpftool");
	tcase_set_tags(tc, "vmlinux_bpftool");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_btfx_dump_raw_matches_bpftool_vmlinux);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(dump_suite());
}
