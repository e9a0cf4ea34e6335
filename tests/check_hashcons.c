// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_hashcons.c - hash-consing on insert (BTFX_NEW_HASHCONS): every
 * builder returns the id of an identical own type and adds nothing, and a
 * new id for any difference; incremental types are compared at
 * btfx_finish_type(); loaded and split objects; failures leave the object
 * as it was (OOM sweep).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static struct btfx *new_hc(uint32_t flags, const struct btfx *base)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = BTFX_NEW_HASHCONS | flags,
				   .base = base };
	struct btfx *btf = btfx_new_opts(&o);

	ck_assert_ptr_nonnull(btf);
	return btf;
}

/* The object a NEW() or SAME() checks, and its counts before the call. */
static struct btfx *cur;
static uint32_t cnt0, sl0;

static int mark(struct btfx *btf)
{
	cur = btf;
	cnt0 = btfx_type_cnt(btf);
	sl0 = btfx_str_sec_len(btf);
	return 0;
}

/* The call added a type: its id is the next one. */
static int check_new(int id, int line)
{
	if (id != (int)cnt0 || btfx_type_cnt(cur) != cnt0 + 1)
		ck_abort_msg("line %d: got %d, want new id %u (%s)", line, id, cnt0,
			     btfx_errmsg(cur));
	return id;
}

/* The call returned want and added nothing, not even a string. */
static int check_same(int id, int want, int line)
{
	if (id != want || btfx_type_cnt(cur) != cnt0 || btfx_str_sec_len(cur) != sl0)
		ck_abort_msg("line %d: got %d (cnt %u, strs %u), want %d (cnt %u, strs %u)",
			     line, id, btfx_type_cnt(cur), btfx_str_sec_len(cur), want, cnt0, sl0);
	return id;
}

#define NEW(btf, call) (mark(btf), check_new((call), __LINE__))
#define SAME(btf, want, call) (mark(btf), check_same((call), (want), __LINE__))

START_TEST(test_hashcons_single_call_builders)
{
	size_t psz = sizeof(struct btfx_param_info);
	struct btfx *b = new_hc(0, NULL);
	int i32, u32, p, c, td, fn_proto, f, v, arr, fw, tag;

	i32 = NEW(b, btfx_add_int(b, "int", 4, BTFX_INT_SIGNED));
	SAME(b, i32, btfx_add_int(b, "int", 4, BTFX_INT_SIGNED));
	SAME(b, i32, btfx_add_int_bits(b, "int", 4, BTFX_INT_SIGNED, 0, 32));
	u32 = NEW(b, btfx_add_int(b, "int", 4, 0));
	NEW(b, btfx_add_int(b, "unsigned int", 4, 0));
	NEW(b, btfx_add_int(b, "int", 8, BTFX_INT_SIGNED));
	NEW(b, btfx_add_int_bits(b, "int", 4, BTFX_INT_SIGNED, 0, 31));
	NEW(b, btfx_add_int_bits(b, "int", 4, BTFX_INT_SIGNED, 1, 31));
	NEW(b, btfx_add_int(b, "int", 4, BTFX_INT_CHAR));
	f = NEW(b, btfx_add_float(b, "double", 8));
	SAME(b, f, btfx_add_float(b, "double", 8));
	NEW(b, btfx_add_float(b, "double", 16));
	NEW(b, btfx_add_float(b, "float", 8));

	p = NEW(b, btfx_add_ptr(b, i32));
	SAME(b, p, btfx_add_ptr(b, i32));
	NEW(b, btfx_add_ptr(b, u32));
	c = NEW(b, btfx_add_const(b, i32));
	SAME(b, c, btfx_add_const(b, i32));
	c = NEW(b, btfx_add_volatile(b, i32));
	SAME(b, c, btfx_add_volatile(b, i32));
	c = NEW(b, btfx_add_restrict(b, p));
	SAME(b, c, btfx_add_restrict(b, p));
	td = NEW(b, btfx_add_typedef(b, "s32", i32));
	SAME(b, td, btfx_add_typedef(b, "s32", i32));
	NEW(b, btfx_add_typedef(b, "s32", u32));
	NEW(b, btfx_add_typedef(b, "i32", i32));
	tag = NEW(b, btfx_add_type_tag(b, "user", p));
	SAME(b, tag, btfx_add_type_tag(b, "user", p));
	NEW(b, btfx_add_type_attr(b, "user", p)); /* kind_flag */
	NEW(b, btfx_add_type_tag(b, "rcu", p));

	arr = NEW(b, btfx_add_array(b, i32, u32, 4));
	SAME(b, arr, btfx_add_array(b, i32, u32, 4));
	NEW(b, btfx_add_array(b, u32, u32, 4));
	NEW(b, btfx_add_array(b, i32, i32, 4));
	NEW(b, btfx_add_array(b, i32, u32, 5));

	fw = NEW(b, btfx_add_fwd(b, "s", BTFX_FWD_STRUCT));
	SAME(b, fw, btfx_add_fwd(b, "s", BTFX_FWD_STRUCT));
	NEW(b, btfx_add_fwd(b, "s", BTFX_FWD_UNION));
	fw = NEW(b, btfx_add_fwd(b, "s", BTFX_FWD_ENUM));
	SAME(b, fw, btfx_add_fwd(b, "s", BTFX_FWD_ENUM));
	NEW(b, btfx_add_fwd(b, "t", BTFX_FWD_STRUCT));

	fn_proto = NEW(b, btfx_add_func_proto_with_params(b, i32, NULL, 0, psz));
	SAME(b, fn_proto, btfx_add_func_proto_with_params(b, i32, NULL, 0, psz));
	v = NEW(b, btfx_add_func(b, "f", BTFX_FUNC_GLOBAL, (uint32_t)fn_proto));
	SAME(b, v, btfx_add_func(b, "f", BTFX_FUNC_GLOBAL, (uint32_t)fn_proto));
	NEW(b, btfx_add_func(b, "f", BTFX_FUNC_STATIC, (uint32_t)fn_proto));
	NEW(b, btfx_add_func(b, "g", BTFX_FUNC_GLOBAL, (uint32_t)fn_proto));
	tag = NEW(b, btfx_add_decl_tag(b, "t", (uint32_t)v, -1));
	SAME(b, tag, btfx_add_decl_tag(b, "t", (uint32_t)v, -1));
	NEW(b, btfx_add_decl_attr(b, "t", (uint32_t)v, -1));
	NEW(b, btfx_add_decl_tag(b, "u", (uint32_t)v, -1));

	v = NEW(b, btfx_add_var(b, "v", BTFX_VAR_GLOBAL_ALLOCATED, i32));
	SAME(b, v, btfx_add_var(b, "v", BTFX_VAR_GLOBAL_ALLOCATED, i32));
	NEW(b, btfx_add_var(b, "v", BTFX_VAR_STATIC, i32));
	NEW(b, btfx_add_var(b, "v", BTFX_VAR_GLOBAL_ALLOCATED, u32));
	NEW(b, btfx_add_var(b, "w", BTFX_VAR_GLOBAL_ALLOCATED, i32));
	/* A copy of a record is compared too, from this object or another. */
	SAME(b, arr, btfx_add_type_copy(b, b, (uint32_t)arr));
	SAME(b, td, btfx_add_type_copy(b, b, (uint32_t)td));
	btfx_free(b);
}
END_TEST

START_TEST(test_hashcons_whole_array_builders)
{
	struct btfx_member_info m[2] = { { "a", 1, 0, 0 }, { "b", 1, 32, 0 } };
	struct btfx_enum_info e[2] = { { "A", 0 }, { "B", 1 } };
	struct btfx_param_info pa[2] = { { "x", 1 }, { "y", 2 } };
	struct btfx_var_secinfo si[2] = { { 3, 0, 4 }, { 4, 4, 4 } };
	struct btfx_datasec_builder *db;
	struct btfx *b = new_hc(0, NULL);
	int s, en, fp, ds;

	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(b, "char", 1, BTFX_INT_SIGNED), 2);
	ck_assert_int_eq(btfx_add_var(b, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 3);
	ck_assert_int_eq(btfx_add_var(b, "w", BTFX_VAR_GLOBAL_ALLOCATED, 1), 4);

	s = NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m, 2, sizeof(*m)));
	SAME(b, s, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m, 2, sizeof(*m)));
	NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "t", 8, m, 2, sizeof(*m)));
	NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 12, m, 2, sizeof(*m)));
	NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m, 1, sizeof(*m)));
	NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_UNION, "s", 8, m, 1, sizeof(*m)));
	m[1].name = "c";
	NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m, 2, sizeof(*m)));
	m[1].name = "b";
	m[1].type = 2;
	NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m, 2, sizeof(*m)));
	m[1].type = 1;
	m[1].bit_offset = 40;
	NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m, 2, sizeof(*m)));
	m[1].bit_offset = 32;
	m[1].bit_size = 32; /* a bitfield: kind_flag and the offset word change */
	NEW(b, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m, 2, sizeof(*m)));
	m[1].bit_size = 0;
	SAME(b, s, btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m, 2, sizeof(*m)));

	en = NEW(b, btfx_add_enum_with_values(b, BTFX_KIND_ENUM, "e", 4, 0, e, 2, sizeof(*e)));
	SAME(b, en, btfx_add_enum_with_values(b, BTFX_KIND_ENUM, "e", 4, 0, e, 2, sizeof(*e)));
	NEW(b, btfx_add_enum_with_values(b, BTFX_KIND_ENUM, "e", 4, BTFX_ENUM_SIGNED, e, 2,
					 sizeof(*e)));
	NEW(b, btfx_add_enum_with_values(b, BTFX_KIND_ENUM64, "e", 4, 0, e, 2, sizeof(*e)));
	NEW(b, btfx_add_enum_with_values(b, BTFX_KIND_ENUM, "e", 8, 0, e, 2, sizeof(*e)));
	e[1].value = 2;
	NEW(b, btfx_add_enum_with_values(b, BTFX_KIND_ENUM, "e", 4, 0, e, 2, sizeof(*e)));
	e[1].name = "C";
	NEW(b, btfx_add_enum_with_values(b, BTFX_KIND_ENUM, "e", 4, 0, e, 2, sizeof(*e)));

	fp = NEW(b, btfx_add_func_proto_with_params(b, 1, pa, 2, sizeof(*pa)));
	SAME(b, fp, btfx_add_func_proto_with_params(b, 1, pa, 2, sizeof(*pa)));
	NEW(b, btfx_add_func_proto_with_params(b, 2, pa, 2, sizeof(*pa)));
	NEW(b, btfx_add_func_proto_with_params(b, 1, pa, 1, sizeof(*pa)));
	pa[1].name = "z";
	NEW(b, btfx_add_func_proto_with_params(b, 1, pa, 2, sizeof(*pa)));
	pa[1].type = 1;
	NEW(b, btfx_add_func_proto_with_params(b, 1, pa, 2, sizeof(*pa)));

	ds = NEW(b, btfx_add_datasec_with_vars(b, ".data", 8, si, 2));
	SAME(b, ds, btfx_add_datasec_with_vars(b, ".data", 8, si, 2));
	NEW(b, btfx_add_datasec_with_vars(b, ".bss", 8, si, 2));
	NEW(b, btfx_add_datasec_with_vars(b, ".data", 16, si, 2));
	si[1].offset = 8;
	NEW(b, btfx_add_datasec_with_vars(b, ".data", 16, si, 2));
	si[1].size = 8;
	NEW(b, btfx_add_datasec_with_vars(b, ".data", 16, si, 2));
	/* The builder sorts: another order of the same entries is the same DATASEC. */
	db = btfx_datasec_builder_new(b, ".data", 8);
	ck_assert_ptr_nonnull(db);
	ck_assert_int_eq(btfx_datasec_builder_add_var(db, 4, 4, 4), 0);
	ck_assert_int_eq(btfx_datasec_builder_add_var(db, 3, 0, 4), 0);
	SAME(b, ds, btfx_datasec_builder_finish(db));
	btfx_datasec_builder_free(db);
	btfx_free(b);
}
END_TEST

/* Build struct s { int a; int b; } incrementally; returns btfx_finish_type(). */
static int build_s(struct btfx *b, const char *second)
{
	ck_assert_int_gt(btfx_add_struct(b, "s", 8), 0);
	ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(b, second, 1, 32, 0), 0);
	return btfx_finish_type(b);
}

START_TEST(test_btfx_finish_type_dedups)
{
	struct btfx *b = new_hc(0, NULL);
	uint32_t sl;
	int s, id;

	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(b, "s", 8), 2);
	ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(b, "b", 1, 32, 0), 0);
	s = btfx_finish_type(b);
	ck_assert_int_eq(s, 2);
	ck_assert_int_eq(btfx_finish_type(b), -EINVAL); /* closed */
	ck_assert_int_eq(btfx_append_member(b, "c", 1, 64, 0), -EINVAL);
	sl = btfx_str_sec_len(b);
	/* An identical struct: [3] is provisional, finish gives [2] back. */
	ck_assert_int_eq(btfx_add_struct(b, "s", 8), 3);
	ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(b, "b", 1, 32, 0), 0);
	ck_assert_uint_eq(btfx_type_cnt(b), 4);
	ck_assert_int_eq(btfx_finish_type(b), s);
	ck_assert_uint_eq(btfx_type_cnt(b), 3);
	ck_assert_uint_eq(btfx_str_sec_len(b), sl);
	/* Its id is reused by the next type. */
	ck_assert_int_eq(btfx_add_ptr(b, (uint32_t)s), 3);
	/* A different one keeps its id. */
	id = build_s(b, "c");
	ck_assert_int_eq(id, 4);
	ck_assert_int_eq(build_s(b, "c"), 4);
	ck_assert_int_eq(build_s(b, "b"), 2);
	/* The other incremental kinds. */
	ck_assert_int_eq(btfx_add_enum(b, "e", 4, 0), 5);
	ck_assert_int_eq(btfx_append_enum_value(b, "A", 1), 0);
	ck_assert_int_eq(btfx_finish_type(b), 5);
	ck_assert_int_eq(btfx_add_enum(b, "e", 4, 0), 6);
	ck_assert_int_eq(btfx_append_enum_value(b, "A", 1), 0);
	ck_assert_int_eq(btfx_finish_type(b), 5);
	ck_assert_int_eq(btfx_add_enum64(b, "e", 8, 0), 6);
	ck_assert_int_eq(btfx_append_enum_value(b, "A", 1), 0);
	ck_assert_int_eq(btfx_finish_type(b), 6);
	ck_assert_int_eq(btfx_add_func_proto(b, 1), 7);
	ck_assert_int_eq(btfx_append_param(b, "x", 1), 0);
	ck_assert_int_eq(btfx_finish_type(b), 7);
	ck_assert_int_eq(btfx_add_func_proto(b, 1), 8);
	ck_assert_int_eq(btfx_append_param(b, "x", 1), 0);
	ck_assert_int_eq(btfx_finish_type(b), 7);
	ck_assert_int_eq(btfx_add_var(b, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 8);
	ck_assert_int_eq(btfx_add_datasec(b, ".data", 4), 9);
	ck_assert_int_eq(btfx_append_secinfo(b, 8, 0, 4), 0);
	ck_assert_int_eq(btfx_finish_type(b), 9);
	ck_assert_int_eq(btfx_add_datasec(b, ".data", 4), 10);
	ck_assert_int_eq(btfx_append_secinfo(b, 8, 0, 4), 0);
	ck_assert_int_eq(btfx_finish_type(b), 9);
	/* A whole-array builder finds an incremental one, and the other way round. */
	{
		struct btfx_member_info m[2] = { { "a", 1, 0, 0 }, { "b", 1, 32, 0 } };

		ck_assert_int_eq(btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m,
								 2, sizeof(*m)), 2);
	}
	ck_assert_uint_eq(btfx_type_cnt(b), 10);
	btfx_free(b);
}
END_TEST

START_TEST(test_hashcons_implicit_close_keeps_duplicate)
{
	struct btfx_member_info m[1] = { { "a", 1, 0, 0 } };
	struct btfx *b = new_hc(0, NULL);

	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 4, m, 1,
							 sizeof(*m)), 2);
	/* Not finished: the next add closes it as it is, a duplicate of [2]. */
	ck_assert_int_eq(btfx_add_struct(b, "s", 4), 3);
	ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_ptr(b, 3), 4);
	ck_assert_uint_eq(btfx_type_cnt(b), 5);
	ck_assert_int_eq(btfx_append_member(b, "b", 1, 0, 0), -EINVAL);
	ck_assert_int_eq(btfx_finish_type(b), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(b), "no open type"));
	/* [3] stays, and a later identical struct finds the first one. */
	ck_assert_int_eq(btfx_vlen(btfx_type_by_id(b, 3)), 1);
	ck_assert_int_eq(btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 4, m, 1,
							 sizeof(*m)), 2);
	/* A call that finds an existing type closes the open one too. */
	ck_assert_int_eq(btfx_add_struct(b, "u", 4), 5);
	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), -EINVAL);
	/* A failed whole-array builder leaves the open type open. */
	ck_assert_int_eq(btfx_add_struct(b, "w", 4), 6);
	ck_assert_int_eq(btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 4, m, 1,
							 1), -EINVAL);
	m[0].type = 0;
	ck_assert_int_eq(btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 4, m, 1,
							 sizeof(*m)), -EINVAL);
	ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_finish_type(b), 6);
	btfx_free(b);
}
END_TEST

/* Without the flag: every call adds, appending to any last type works. */
START_TEST(test_hashcons_off_adds_everything)
{
	struct btfx_member_info m[1] = { { "a", 1, 0, 0 } };
	struct btfx *b = btfx_new();
	int i;

	ck_assert_ptr_nonnull(b);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1 + 4 * i);
		ck_assert_int_eq(btfx_add_ptr(b, 1), 2 + 4 * i);
		ck_assert_int_eq(btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 8, m,
								 1, sizeof(*m)), 3 + 4 * i);
		ck_assert_int_eq(btfx_append_member(b, "b", 1, 32, 0), 0);
		ck_assert_int_eq(btfx_add_struct(b, "s", 8), 4 + 4 * i);
		ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
		ck_assert_int_eq(btfx_append_member(b, "b", 1, 32, 0), 0);
		ck_assert_int_eq(btfx_finish_type(b), 4 + 4 * i);
		/* Closed means nothing for appending without the flag. */
		ck_assert_int_eq(btfx_append_member(b, "c", 1, 32, 0), 0);
	}
	ck_assert_uint_eq(btfx_type_cnt(b), 13);
	ck_assert_int_eq(btfx_finish_type(b), -EINVAL);
	btfx_free(b);
}
END_TEST

START_TEST(test_hashcons_split)
{
	struct btfx *base = btfx_new(), *b;
	uint32_t sl;

	ck_assert_ptr_nonnull(base);
	ck_assert_int_eq(btfx_add_int(base, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_ptr(base, 1), 2);
	b = new_hc(0, base);
	sl = btfx_str_sec_len(b);
	/* Only own types are candidates: the base's int is added again. */
	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 3);
	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 3);
	ck_assert_int_eq(btfx_add_ptr(b, 1), 4);
	ck_assert_int_eq(btfx_add_ptr(b, 1), 4);
	ck_assert_int_eq(btfx_add_struct(b, "s", 4), 5);
	ck_assert_int_eq(btfx_append_member(b, "x", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_finish_type(b), 5);
	ck_assert_int_eq(btfx_add_struct(b, "s", 4), 6);
	ck_assert_int_eq(btfx_append_member(b, "x", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_finish_type(b), 5);
	ck_assert_uint_eq(btfx_type_cnt(b), 6);
	ck_assert_uint_eq(btfx_str_sec_len(b), sl + 4); /* "s" and "x" */
	btfx_free(b);
	btfx_free(base);
}
END_TEST

/* The lowest own id whose record has the bytes of [id], by brute force. */
static uint32_t first_equal(const struct btfx *b, uint32_t id)
{
	uint32_t i, len = btfx_record_len(b, id);

	for (i = btfx_start_id(b); i < id; i++) {
		if (btfx_record_len(b, i) == len &&
		    !memcmp(btfx_type_by_id(b, i), btfx_type_by_id(b, id), len))
			return i;
	}
	return id;
}

static void check_loaded(const char *path, uint32_t flags)
{
	struct btfx_load_opts lo = { .sz = sizeof(lo), .flags = flags };
	struct btfx *src = btfx_new(), *b = new_hc(0, NULL);
	const void *raw;
	size_t size;
	uint32_t id, cnt;

	ck_assert_ptr_nonnull(src);
	ck_assert_int_eq(btfx_load_file(src, path, NULL), 0);
	ck_assert_int_eq(btfx_raw_data(src, NULL, &raw, &size), 0);
	ck_assert_int_eq(btfx_load(b, raw, size, &lo), 0);
	cnt = btfx_type_cnt(b);
	/* Every type copied again is found, under its first id. */
	for (id = 1; id < cnt; id++)
		ck_assert_int_eq(btfx_add_type_copy(b, src, id), (int)first_equal(src, id));
	ck_assert_uint_eq(btfx_type_cnt(b), cnt);
	btfx_free(b);
	btfx_free(src);
}

START_TEST(test_hashcons_loaded)
{
	check_loaded(tu_data_path("types.bpfel.btf"), 0);
	check_loaded(tu_data_path("globals.bpfel.btf"), BTFX_LOAD_BORROW);
	check_loaded(tu_data_path("sample.btf"), 0);
	check_loaded(tu_data_path("types.bpfeb.btf"), 0);
}
END_TEST

START_TEST(test_hashcons_loaded_last_struct_closed)
{
	struct btfx *src = btfx_new(), *b = new_hc(0, NULL);
	const void *raw;
	size_t size;

	ck_assert_ptr_nonnull(src);
	ck_assert_int_eq(btfx_add_int(src, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(src, "s", 4), 2);
	ck_assert_int_eq(btfx_append_member(src, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_raw_data(src, NULL, &raw, &size), 0);
	ck_assert_int_eq(btfx_load(b, raw, size, NULL), 0);
	/* A loaded type is not open. */
	ck_assert_int_eq(btfx_append_member(b, "b", 1, 0, 0), -EINVAL);
	ck_assert_int_eq(btfx_finish_type(b), -EINVAL);
	ck_assert_int_eq(btfx_add_struct(b, "s", 4), 3);
	ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_finish_type(b), 2);
	btfx_free(b);
	btfx_free(src);
}
END_TEST

/* Types btfx_add_btf() appended are candidates (it compares nothing itself). */
START_TEST(test_hashcons_after_add_btf)
{
	struct btfx *src = btfx_new(), *b = new_hc(0, NULL);

	ck_assert_ptr_nonnull(src);
	ck_assert_int_eq(btfx_add_int(src, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_ptr(src, 1), 2);
	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_btf(b, src), 2);
	ck_assert_uint_eq(btfx_type_cnt(b), 4);
	/* [3] is a pointer to [2], the copied int. */
	ck_assert_int_eq(btfx_add_ptr(b, 1), 4);
	ck_assert_int_eq(btfx_add_ptr(b, 2), 3);
	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	btfx_free(b);
	btfx_free(src);
}
END_TEST

/* A DATASEC placed after it was indexed is found as it is now. */
static int place_at_4(void *ctx, const char *name, uint32_t var_id, uint32_t *offset,
		      uint32_t *size)
{
	(void)ctx;
	(void)name;
	(void)var_id;
	*offset = 4;
	*size = 4;
	return 0;
}

START_TEST(test_hashcons_placed_datasec)
{
	struct btfx *b = new_hc(BTFX_NEW_UNPLACED_DATASEC, NULL);
	struct btfx_var_secinfo si = { 2, 0, 0 }, placed = { 2, 4, 4 };

	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(b, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 2);
	ck_assert_int_eq(btfx_add_datasec_with_vars(b, ".data", 0, &si, 1), 3);
	ck_assert_int_eq(btfx_add_ptr(b, 1), 4); /* [3] is indexed by now */
	ck_assert_int_eq(btfx_place_datasec(b, 3, 8, place_at_4, NULL), 0);
	ck_assert_int_eq(btfx_add_datasec_with_vars(b, ".data", 8, &placed, 1), 3);
	ck_assert_int_eq(btfx_add_datasec_with_vars(b, ".data", 0, &si, 1), 5);
	btfx_free(b);
}
END_TEST

/* A pointer-size guess made while a type was open is not kept past its removal. */
START_TEST(test_btfx_finish_type_ptr_size_guess)
{
	struct btfx *b = new_hc(0, NULL);

	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(build_s(b, "b"), 2);
	ck_assert_int_eq(btfx_add_struct(b, "s", 8), 3);
	ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(b, "b", 1, 32, 0), 0);
	ck_assert_uint_eq(btfx_ptr_size(b), 8); /* no long yet: scans [1]..[3] */
	ck_assert_int_eq(btfx_finish_type(b), 2);
	ck_assert_int_eq(btfx_add_int(b, "long", 4, BTFX_INT_SIGNED), 3);
	ck_assert_uint_eq(btfx_ptr_size(b), 4);
	btfx_free(b);
}
END_TEST

/* Many types, mostly repeated, in a fixed pseudo-random order. */
static void build_many(struct btfx *b, uint32_t *ids, int n)
{
	uint32_t x = 12345;
	int i, k;
	char name[16];

	ck_assert_int_eq(btfx_add_int(b, "int", 4, BTFX_INT_SIGNED), 1);
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		k = (int)((x >> 16) % 700);
		snprintf(name, sizeof(name), "t%d", k % 300);
		if (k % 3 == 0)
			ids[i] = (uint32_t)btfx_add_typedef(b, name, 1 + (uint32_t)k % 7);
		else if (k % 3 == 1)
			ids[i] = (uint32_t)btfx_add_array(b, 1, 1, (uint32_t)k);
		else {
			ck_assert_int_gt(btfx_add_struct(b, name, 4), 0);
			ck_assert_int_eq(btfx_append_member(b, "a", 1, 0, 0), 0);
			ids[i] = (uint32_t)btfx_finish_type(b);
		}
		ck_assert_int_gt((int)ids[i], 0);
	}
}

START_TEST(test_hashcons_deterministic)
{
	enum { N = 5000 };
	struct btfx *b1 = new_hc(0, NULL), *b2 = new_hc(0, NULL);
	uint32_t *ids1 = malloc(N * sizeof(*ids1)), *ids2 = malloc(N * sizeof(*ids2)), id;
	const void *r1, *r2;
	size_t s1, s2;

	ck_assert_ptr_nonnull(ids1);
	ck_assert_ptr_nonnull(ids2);
	build_many(b1, ids1, N);
	build_many(b2, ids2, N);
	ck_assert_mem_eq(ids1, ids2, N * sizeof(*ids1));
	ck_assert_int_eq(btfx_raw_data(b1, NULL, &r1, &s1), 0);
	ck_assert_int_eq(btfx_raw_data(b2, NULL, &r2, &s2), 0);
	ck_assert_uint_eq(s1, s2);
	ck_assert_mem_eq(r1, r2, s1);
	/* No two own types are identical, and fewer than N were added. */
	for (id = 1; id < btfx_type_cnt(b1); id++)
		ck_assert_uint_eq(first_equal(b1, id), id);
	ck_assert_uint_lt(btfx_type_cnt(b1), N / 2);
	free(ids1);
	free(ids2);
	btfx_free(b1);
	btfx_free(b2);
}
END_TEST

/* Call i of the OOM sweep's sequence (twice the same types: the second round finds them). */
#define OOM_CALLS 14
static int oom_call(struct btfx *b, int i)
{
	struct btfx_member_info m[1] = { { "a", 1, 0, 0 } };

	switch (i % 7) {
	case 0:
		return btfx_add_int(b, "int", 4, BTFX_INT_SIGNED);
	case 1:
		return btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "s", 4, m, 1,
						       sizeof(*m));
	case 2:
		return btfx_add_typedef(b, "brand_new_name", 1);
	case 3:
		return btfx_add_struct(b, "s", 4);
	case 4:
		return btfx_append_member(b, "a", 1, 0, 0);
	case 5:
		return btfx_finish_type(b);
	default:
		return btfx_add_ptr(b, 1);
	}
}

/*
 * Each call of the sequence, on a new or a loaded object, with its nth
 * allocation failed, for n = 1, 2, ... until it succeeds: -ENOMEM, the
 * object as it was, the same call then succeeds, nothing leaked.
 */
START_TEST(test_hashcons_oom)
{
	struct btfx_allocator a;
	struct btfx_new_opts o = { .sz = sizeof(o), .allocator = &a,
				   .flags = BTFX_NEW_HASHCONS };
	struct btfx *src = btfx_new();
	struct tu_failalloc fa;
	const void *raw;
	size_t size;
	long n, failed = 0;
	int r, c, i, loaded;

	ck_assert_ptr_nonnull(src);
	ck_assert_int_eq(btfx_load_file(src, tu_data_path("types.bpfel.btf"), NULL), 0);
	ck_assert_int_eq(btfx_raw_data(src, NULL, &raw, &size), 0);
	for (loaded = 0; loaded < 2; loaded++) {
		for (c = 0; c < OOM_CALLS; c++) {
			for (n = 1, r = -ENOMEM; r == -ENOMEM; n++) {
				struct btfx *b;
				struct tu_snap s;

				tu_failalloc_init(&fa, &a, 0);
				b = btfx_new_opts(&o);
				ck_assert_ptr_nonnull(b);
				if (loaded)
					ck_assert_int_eq(btfx_load(b, raw, size, NULL), 0);
				for (i = 0; i < c; i++)
					ck_assert_int_ge(oom_call(b, i), 0);
				tu_snap_take(b, &s);
				fa.calls = 0;
				fa.fail_at = n;
				r = oom_call(b, c);
				fa.fail_at = 0;
				if (r == -ENOMEM) {
					failed++;
					ck_assert(tu_snap_same(b, &s));
					ck_assert_int_ge(oom_call(b, c), 0);
				} else {
					ck_assert_int_ge(r, 0);
					free(s.p);
				}
				btfx_free(b);
				ck_assert_int_eq(fa.live, 0);
			}
		}
	}
	ck_assert_int_gt(failed, 5);
	btfx_free(src);
}
END_TEST

static int retarget(void *ctx, uint32_t *field)
{
	*field = *(const uint32_t *)ctx;
	return 0;
}

/* A record changed through the visitors is found under its new bytes. */
START_TEST(test_hashcons_after_visit)
{
	struct btfx *btf = new_hc(0, NULL);
	uint32_t to = 2;

	ck_assert_int_eq(btfx_add_int(btf, "a", 4, 0), 1);
	ck_assert_int_eq(btfx_add_int(btf, "b", 4, 0), 2);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 3);
	ck_assert_int_eq(btfx_visit_type_ids(btf, 3, retarget, &to), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 2), 3);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 4);
	btfx_free(btf);
}
END_TEST

/* After btfx_dedup() renumbers everything, the table follows the new ids. */
START_TEST(test_hashcons_after_dedup)
{
	struct btfx *btf = new_hc(0, NULL);
	uint32_t map[8];
	struct btfx_dedup_opts o = { .sz = sizeof(o), .id_map = map, .id_map_cnt = 8 };

	ck_assert_int_eq(btfx_add_int(btf, "a", 4, 0), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 4), 2); /* two identical structs: */
	ck_assert_int_eq(btfx_append_member(btf, "x", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 4), 3);
	ck_assert_int_eq(btfx_append_member(btf, "x", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_ptr(btf, 3), 4); /* closes [3] as it is: kept */
	ck_assert_int_eq(btfx_dedup(btf, &o), 0);
	ck_assert_uint_eq(btfx_type_cnt(btf), 4); /* void, int, s, ptr */
	ck_assert_uint_eq(map[4], 3);
	ck_assert_int_eq(btfx_add_ptr(btf, 2), 3);
	ck_assert_int_eq(btfx_add_int(btf, "a", 4, 0), 1);
	btfx_free(btf);
}
END_TEST

static Suite *hashcons_suite(void)
{
	Suite *s = suite_create("hashcons");
	TCase *tc = tcase_create("hashcons");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hashcons_single_call_builders);
	tcase_add_test(tc, test_hashcons_after_visit);
	tcase_add_test(tc, test_hashcons_after_dedup);
	tcase_add_test(tc, test_hashcons_whole_array_builders);
	tcase_add_test(tc, test_btfx_finish_type_dedups);
	tcase_add_test(tc, test_hashcons_implicit_close_keeps_duplicate);
	tcase_add_test(tc, test_hashcons_off_adds_everything);
	tcase_add_test(tc, test_hashcons_split);
	tcase_add_test(tc, test_hashcons_loaded);
	tcase_add_test(tc, test_hashcons_loaded_last_struct_closed);
	tcase_add_test(tc, test_hashcons_after_add_btf);
	tcase_add_test(tc, test_hashcons_placed_datasec);
	tcase_add_test(tc, test_btfx_finish_type_ptr_size_guess);
	tcase_add_test(tc, test_hashcons_deterministic);
	tcase_add_test(tc, test_hashcons_oom);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(hashcons_suite());
}
