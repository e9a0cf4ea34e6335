// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_btf.c - the object: lookups by id, offset and name, sizes, split
 * objects, copying records between objects, and the library's static text.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "testutil.h"

/* [1] int, [2] typedef myint, [3] const, [4] array[3][5] of myint, [5] ptr,
 * [6] struct s { int a; }, [7] func_proto, [8] func f, [9] fwd, [10] array
 * of 2^40-byte elements (overflow) */
static struct btfx *sample(void)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_typedef(btf, "myint", 1), 2);
	ck_assert_int_eq(btfx_add_const(btf, 2), 3);
	ck_assert_int_eq(btfx_add_array(btf, 1, 11, 3), 4);
	ck_assert_int_eq(btfx_add_ptr(btf, 6), 5);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 4), 6);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 7);
	ck_assert_int_eq(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 7), 8);
	ck_assert_int_eq(btfx_add_fwd(btf, "s", BTFX_FWD_STRUCT), 9);
	ck_assert_int_eq(btfx_add_array(btf, 1, 12, 0x1000000u), 10);
	ck_assert_int_eq(btfx_add_array(btf, 1, 3, 5), 11);
	ck_assert_int_eq(btfx_add_array(btf, 1, 13, 0x1000000u), 12);
	ck_assert_int_eq(btfx_add_array(btf, 1, 14, 0x1000000u), 13);
	ck_assert_int_eq(btfx_add_struct(btf, "big", 0xffffffffu), 14);
	return btf;
}

START_TEST(test_btfx_type_by_id_ranges)
{
	struct btfx *btf = sample();
	const struct btfx_type *t;

	t = btfx_type_by_id(btf, 0);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->info, 0);
	ck_assert_uint_eq(btfx_type_cnt(btf), 15);
	ck_assert_uint_eq(btfx_start_id(btf), 1);
	ck_assert_ptr_null(btfx_base(btf));
	ck_assert_ptr_nonnull(btfx_type_by_id(btf, 14));
	ck_assert_ptr_null(btfx_type_by_id(btf, 15));
	ck_assert_ptr_null(btfx_type_by_id(btf, UINT32_MAX));
	ck_assert_uint_eq(btfx_type_size(btf, 1), 16);
	ck_assert_uint_eq(btfx_type_size(btf, 6), 24);
	ck_assert_uint_eq(btfx_type_size(btf, 0), 0);
	ck_assert_uint_eq(btfx_type_size(btf, 15), 0);
	ck_assert_str_eq(btfx_name_by_id(btf, 2), "myint");
	ck_assert_str_eq(btfx_name_by_id(btf, 3), "");
	ck_assert_ptr_null(btfx_name_by_id(btf, 99));
	ck_assert_ptr_null(btfx_str_by_offset(btf, btfx_str_len(btf)));
	ck_assert_int_eq(btfx_is_big_endian(btf), __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_find_by_name_kind)
{
	struct btfx *btf = sample();

	ck_assert_int_eq(btfx_find_by_name_kind(btf, "s", BTFX_KIND_STRUCT), 6);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "s", BTFX_KIND_FWD), 9);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "s", -1), 6);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "f", BTFX_KIND_FUNC), 8);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "f", BTFX_KIND_STRUCT), -ENOENT);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "nope", -1), -ENOENT);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, NULL, -1), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_resolve_size)
{
	struct btfx *btf = sample();
	uint64_t sz = 0;

	ck_assert_int_eq(btfx_resolve_size(btf, 1, &sz), 0);
	ck_assert_uint_eq(sz, 4);
	ck_assert_int_eq(btfx_resolve_size(btf, 3, &sz), 0); /* const -> typedef -> int */
	ck_assert_uint_eq(sz, 4);
	ck_assert_int_eq(btfx_resolve_size(btf, 4, &sz), 0); /* [3] of [5] of const myint */
	ck_assert_uint_eq(sz, 60);
	ck_assert_int_eq(btfx_resolve_size(btf, 5, &sz), 0);
	ck_assert_uint_eq(sz, 8);
	ck_assert_int_eq(btfx_resolve_size(btf, 6, &sz), 0);
	ck_assert_uint_eq(sz, 4);
	/* 2^24 * 2^24 * 2^24 elements of 2^32 - 1 bytes: past 64 bits. */
	sz = 7;
	ck_assert_int_eq(btfx_resolve_size(btf, 10, &sz), -E2BIG);
	ck_assert_uint_eq(sz, 7);
	ck_assert_int_eq(btfx_resolve_size(btf, 0, &sz), -EINVAL);  /* void */
	ck_assert_int_eq(btfx_resolve_size(btf, 7, &sz), -EINVAL);  /* FUNC_PROTO */
	ck_assert_int_eq(btfx_resolve_size(btf, 8, &sz), -EINVAL);  /* FUNC */
	ck_assert_int_eq(btfx_resolve_size(btf, 9, &sz), -EINVAL);  /* FWD */
	ck_assert_int_eq(btfx_resolve_size(btf, 99, &sz), -ENOENT);
	btfx_free(btf);
}
END_TEST

/* A typedef loop (possible with forward references) ends, with -EINVAL. */
START_TEST(test_btfx_resolve_size_loop)
{
	struct btfx *btf = btfx_new();
	uint64_t sz;

	ck_assert_int_eq(btfx_add_typedef(btf, "a", 2), 1);
	ck_assert_int_eq(btfx_add_typedef(btf, "b", 1), 2);
	ck_assert_int_eq(btfx_resolve_size(btf, 1, &sz), -EINVAL);
	ck_assert_int_eq(btfx_add_typedef(btf, "dangling", 77), 3);
	ck_assert_int_eq(btfx_resolve_size(btf, 3, &sz), -ENOENT);
	btfx_free(btf);
}
END_TEST

/* Split objects: ids and string offsets continue after the base's. */
START_TEST(test_btfx_new_opts_split)
{
	struct btfx *base = sample(), *split;
	struct btfx_new_opts o = { .sz = sizeof(o) };
	uint32_t base_strs = btfx_str_len(base);
	int id, off;

	o.base = base;
	split = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(split);
	ck_assert_uint_eq(btfx_start_id(split), 15);
	ck_assert_uint_eq(btfx_type_cnt(split), 15);
	ck_assert_ptr_eq(btfx_base(split), base);
	ck_assert_uint_eq(btfx_str_len(split), 0);
	/* A string the base has is the base's; a new one comes after it. */
	ck_assert_int_eq(btfx_add_str(split, "myint"), btfx_find_str(base, "myint"));
	off = btfx_add_str(split, "module_thing");
	ck_assert_int_eq(off, (int)base_strs);
	id = btfx_add_struct(split, "module_thing", 8);
	ck_assert_int_eq(id, 15);
	ck_assert_int_eq(btfx_append_member(split, "x", 5, 0, 0), 0); /* a base type */
	ck_assert_str_eq(btfx_name_by_id(split, 15), "module_thing");
	ck_assert_str_eq(btfx_name_by_id(split, 2), "myint");
	ck_assert_ptr_eq(btfx_type_by_id(split, 6), btfx_type_by_id(base, 6));
	ck_assert_int_eq(btfx_find_by_name_kind(split, "module_thing", BTFX_KIND_STRUCT), 15);
	ck_assert_int_eq(btfx_find_by_name_kind(split, "s", BTFX_KIND_STRUCT), 6);
	ck_assert_uint_eq(btfx_type_size(split, 1), 16);
	btfx_free(split);
	btfx_free(base);
}
END_TEST

START_TEST(test_btfx_add_type_copy)
{
	struct btfx *src = sample(), *dst = btfx_new();
	const struct btfx_type *a, *b;
	uint32_t id;

	ck_assert_int_eq(btfx_add_str(dst, "other"), 1);
	for (id = 1; id < btfx_type_cnt(src); id++)
		ck_assert_int_eq(btfx_add_type_copy(dst, src, id), (int)id);
	for (id = 1; id < btfx_type_cnt(src); id++) {
		a = btfx_type_by_id(src, id);
		b = btfx_type_by_id(dst, id);
		ck_assert_uint_eq(btfx_type_size(src, id), btfx_type_size(dst, id));
		ck_assert_uint_eq(a->info, b->info);
		ck_assert_str_eq(btfx_name_by_id(src, id), btfx_name_by_id(dst, id));
	}
	/* Member names were re-added too. */
	b = btfx_type_by_id(dst, 6);
	ck_assert_str_eq(btfx_str_by_offset(dst, ((const struct btfx_member *)(b + 1))->name_off),
			 "a");
	/* Copying from itself works although the buffers move. */
	ck_assert_int_eq(btfx_add_type_copy(dst, dst, 6), 15);
	ck_assert_int_eq(btfx_add_type_copy(dst, src, 0), -EINVAL);
	ck_assert_int_eq(btfx_add_type_copy(dst, src, 99), -EINVAL);
	ck_assert_int_eq(btfx_add_type_copy(dst, NULL, 1), -EINVAL);
	ck_assert_uint_eq(btfx_type_cnt(dst), 16);
	btfx_free(src);
	btfx_free(dst);
}
END_TEST

START_TEST(test_btfx_static_text)
{
	ck_assert_str_eq(btfx_version(), "0.1.0");
	ck_assert_str_eq(btfx_strerror(-EBADMSG), "malformed BTF");
	ck_assert_str_eq(btfx_strerror(EINVAL), "invalid argument");
	ck_assert_str_eq(btfx_strerror(-E2BIG), "a limit of the BTF format would be exceeded");
	ck_assert_str_eq(btfx_strerror(-12345), "unknown error");
	ck_assert_str_eq(btfx_errmsg(NULL), "");
	ck_assert_str_eq(btfx_kind_str(BTFX_KIND_FUNC_PROTO), "FUNC_PROTO");
	ck_assert_str_eq(btfx_kind_str(0), "UNKN");
	ck_assert_str_eq(btfx_kind_str(77), "UNKN");
}
END_TEST

/* A failed call leaves a message; a later success does not clear it. */
START_TEST(test_btfx_errmsg_names_the_type)
{
	struct btfx *btf = btfx_new();

	ck_assert_str_eq(btfx_errmsg(btf), "");
	ck_assert_int_eq(btfx_add_struct(btf, "pair", 8), 1);
	ck_assert_int_eq(btfx_append_member(btf, "a", 2, 64, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 2, 72, 0), -EINVAL);
	ck_assert_str_eq(btfx_errmsg(btf), "[1] STRUCT 'pair': member 1 ends past size 8");
	btfx_free(btf);
}
END_TEST

static Suite *btf_suite(void)
{
	Suite *s = suite_create("btf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_btfx_type_by_id_ranges);
	tcase_add_test(tc, test_btfx_find_by_name_kind);
	tcase_add_test(tc, test_btfx_resolve_size);
	tcase_add_test(tc, test_btfx_resolve_size_loop);
	tcase_add_test(tc, test_btfx_new_opts_split);
	tcase_add_test(tc, test_btfx_add_type_copy);
	tcase_add_test(tc, test_btfx_static_text);
	tcase_add_test(tc, test_btfx_errmsg_names_the_type);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(btf_suite());
}
