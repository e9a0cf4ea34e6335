// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_datasec.c - DATASEC builders: sorted, stable, checked secinfos;
 * the per-CU builder object; unplaced sections and placing them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* int and four VARs: ids 1..5 ("a".."d" at ids 2..5). */
static struct btfx *vars(uint32_t flags)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = flags };
	struct btfx *btf = btfx_new_opts(&o);

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(btf, "a", BTFX_VAR_GLOBAL_ALLOCATED, 1), 2);
	ck_assert_int_eq(btfx_add_var(btf, "b", BTFX_VAR_STATIC, 1), 3);
	ck_assert_int_eq(btfx_add_var(btf, "c", BTFX_VAR_GLOBAL_ALLOCATED, 1), 4);
	ck_assert_int_eq(btfx_add_var(btf, "d", BTFX_VAR_GLOBAL_ALLOCATED, 1), 5);
	return btf;
}

static const struct btfx_var_secinfo *secinfos(struct btfx *btf, uint32_t id, uint32_t *n)
{
	const struct btfx_type *t = btfx_type_by_id(btf, id);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(btfx_kind(t), BTFX_KIND_DATASEC);
	*n = btfx_vlen(t);
	return (const struct btfx_var_secinfo *)(t + 1);
}

static void expect_order(struct btfx *btf, uint32_t id, const uint32_t *types, uint32_t cnt)
{
	const struct btfx_var_secinfo *v;
	uint32_t i, n;

	v = secinfos(btf, id, &n);
	ck_assert_uint_eq(n, cnt);
	for (i = 0; i < n; i++)
		ck_assert_msg(v[i].type == types[i], "secinfo %u: type %u, want %u", i, v[i].type,
			      types[i]);
}

START_TEST(test_btfx_add_datasec_with_vars_sorts)
{
	struct btfx *btf = vars(0);
	const struct btfx_var_secinfo in[] = { { 4, 8, 4 }, { 2, 0, 4 }, { 5, 12, 4 }, { 3, 4, 4 } };
	const uint32_t want[] = { 2, 3, 4, 5 };
	const struct btfx_var_secinfo *v;
	uint32_t n;

	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data..percpu", 16, in, 4), 6);
	expect_order(btf, 6, want, 4);
	v = secinfos(btf, 6, &n);
	ck_assert_uint_eq(v[3].offset, 12);
	ck_assert_uint_eq(btfx_type_by_id(btf, 6)->size, 16);
	btfx_free(btf);
}
END_TEST

/*
 * An unplaced section keeps the compiler's order (clang mixes offset 0 for
 * globals with real offsets for statics); placing sorts it, stably.
 */
START_TEST(test_btfx_add_datasec_with_vars_stable)
{
	struct btfx *btf = vars(BTFX_NEW_UNPLACED_DATASEC);
	const struct btfx_var_secinfo zero[] = { { 5, 0, 4 }, { 2, 0, 4 }, { 4, 0, 4 },
						 { 3, 0, 4 } };
	const struct btfx_var_secinfo mixed[] = { { 5, 8, 4 }, { 2, 0, 4 }, { 4, 8, 4 },
						  { 3, 0, 4 } };
	const uint32_t want_zero[] = { 5, 2, 4, 3 }, want_mixed[] = { 5, 2, 4, 3 };

	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".bss", 0, zero, 4), 6);
	expect_order(btf, 6, want_zero, 4);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 0, mixed, 4), 7);
	expect_order(btf, 7, want_mixed, 4);
	ck_assert_int_eq(btfx_append_secinfo(btf, 2, 8, 4), 0);
	{
		const uint32_t want_more[] = { 5, 2, 4, 3, 2 };

		expect_order(btf, 7, want_more, 5);
	}
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_datasec_with_vars_zero_size_entry)
{
	struct btfx *btf = vars(0);
	const struct btfx_var_secinfo in[] = { { 2, 0, 4 }, { 3, 4, 0 } };

	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".bss", 8, in, 2), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "size is 0"));
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_datasec_with_vars_rejects)
{
	struct btfx *btf = vars(0);
	const struct btfx_var_secinfo overlap[] = { { 2, 0, 8 }, { 3, 4, 4 } };
	const struct btfx_var_secinfo past[] = { { 2, 0, 4 }, { 3, 14, 4 } };
	const struct btfx_var_secinfo notvar[] = { { 1, 0, 4 } };
	const struct btfx_var_secinfo ok[] = { { 2, 0, 4 } };

	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, overlap, 2), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "overlaps"));
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, past, 2), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "past section size 16"));
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, notvar, 1), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "not a VAR"));
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 0, ok, 1), -EINVAL);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, "", 16, ok, 1), -EINVAL);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, "tab\there", 16, ok, 1), -EINVAL);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, NULL, 1), -EINVAL);
	ck_assert_uint_eq(btfx_type_cnt(btf), 6);
	ck_assert_int_eq(btfx_find_str(btf, ".data"), -ENOENT);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_append_secinfo_inserts_sorted)
{
	struct btfx *btf = vars(0);
	const uint32_t want[] = { 2, 3, 4, 5 };

	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, NULL, 0), 6);
	ck_assert_int_eq(btfx_append_secinfo(btf, 5, 12, 4), 0);
	ck_assert_int_eq(btfx_append_secinfo(btf, 3, 4, 4), 0);
	ck_assert_int_eq(btfx_append_secinfo(btf, 2, 0, 4), 0);
	ck_assert_int_eq(btfx_append_secinfo(btf, 4, 8, 4), 0);
	expect_order(btf, 6, want, 4);
	/* An overlap is refused and the order is as before. */
	ck_assert_int_eq(btfx_append_secinfo(btf, 4, 6, 4), -EINVAL);
	expect_order(btf, 6, want, 4);
	ck_assert_int_eq(btfx_append_secinfo(btf, 4, 16, 4), -EINVAL);
	expect_order(btf, 6, want, 4);
	btfx_free(btf);
}
END_TEST

/*
 * A failed append to a DATASEC loaded with its secinfos out of order leaves
 * the object byte for byte as it was (it used to sort the record during the
 * check and then undo the wrong entry); a successful one sorts the section.
 */
START_TEST(test_btfx_append_secinfo_loaded_unsorted)
{
	struct btfx *built = vars(0), *btf;
	const struct btfx_var_secinfo in[] = { { 2, 0, 4 }, { 3, 4, 4 }, { 4, 8, 4 } };
	const uint32_t loaded[] = { 4, 3, 2 }, want[] = { 2, 3, 4, 5 };
	struct tu_snap snap;
	int unsort;

	ck_assert_int_eq(btfx_add_datasec_with_vars(built, ".data", 16, in, 3), 6);
	for (unsort = 0; unsort < 2; unsort++) {
		btf = tu_reload(built, 0, unsort);
		ck_assert_ptr_nonnull(btf);
		if (unsort)
			expect_order(btf, 6, loaded, 3);
		tu_snap_take(btf, &snap);
		ck_assert_int_eq(btfx_append_secinfo(btf, 5, 6, 4), -EINVAL);
		ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "overlaps"));
		ck_assert(tu_snap_same(btf, &snap));
		tu_snap_take(btf, &snap);
		ck_assert_int_eq(btfx_append_secinfo(btf, 5, 14, 4), -EINVAL);
		ck_assert(tu_snap_same(btf, &snap));
		ck_assert_int_eq(btfx_append_secinfo(btf, 5, 12, 4), 0);
		expect_order(btf, 6, want, 4);
		btfx_free(btf);
	}
	btfx_free(built);
}
END_TEST

/* Section names: any printable characters (space too), 1 to 512 of them. */
START_TEST(test_btfx_add_datasec_with_vars_names)
{
	struct btfx *btf = vars(0);
	const struct btfx_var_secinfo ok[] = { { 2, 0, 4 } };
	char name[600];

	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data..percpu", 16, ok, 1), 6);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, "has space", 16, ok, 1), 7);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, " ~!@#$%^&*()-+={}[]|\\:;'\"<>,?/`", 16,
						    ok, 1), 8);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, "\xa0\xff", 16, ok, 1), 9); /* Latin-1 */
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, "\x7f", 16, ok, 1), -EINVAL);
	ck_assert_str_ne(btfx_errmsg(btf), "");
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, "a\x9f", 16, ok, 1), -EINVAL);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, "a\nb", 16, ok, 1), -EINVAL);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, NULL, 16, ok, 1), -EINVAL);
	memset(name, '.', sizeof(name));
	name[512] = '\0';
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, name, 16, ok, 1), 10);
	name[512] = '.';
	name[513] = '\0';
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, name, 16, ok, 1), -EINVAL);
	ck_assert_uint_eq(btfx_type_cnt(btf), 11);
	btfx_free(btf);
}
END_TEST

/* The seeds' flow: variables collected across CUs, other types in between. */
START_TEST(test_btfx_datasec_builder_across_cus)
{
	struct btfx *btf = btfx_new();
	struct btfx_datasec_builder *sec = btfx_datasec_builder_new(btf, ".data..percpu", 0);
	uint32_t cu, i, n, last = 0;
	const struct btfx_var_secinfo *v;
	int id, vid;

	ck_assert_ptr_nonnull(sec);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	for (cu = 0; cu < 10; cu++) {
		char name[32];

		ck_assert_int_gt(btfx_add_ptr(btf, 1), 0); /* other types of the CU */
		for (i = 0; i < 5; i++) {
			snprintf(name, sizeof(name), "v%u_%u", cu, i);
			vid = btfx_add_var(btf, name, BTFX_VAR_GLOBAL_ALLOCATED, 1);
			ck_assert_int_gt(vid, 0);
			/* Offsets arrive out of order across CUs. */
			ck_assert_int_eq(btfx_datasec_builder_add_var(sec, (uint32_t)vid,
								      (9 - cu) * 40 + i * 8, 4),
					 0);
		}
	}
	ck_assert_uint_eq(btfx_datasec_builder_cnt(sec), 50);
	ck_assert_int_eq(btfx_datasec_builder_set_size(sec, 400), 0);
	id = btfx_datasec_builder_finish(sec);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(btfx_datasec_builder_finish(sec), -EINVAL);
	ck_assert_int_eq(btfx_datasec_builder_add_var(sec, 2, 0, 4), -EINVAL);
	v = secinfos(btf, (uint32_t)id, &n);
	ck_assert_uint_eq(n, 50);
	for (i = 0; i < n; i++) {
		ck_assert_uint_ge(v[i].offset, last);
		last = v[i].offset;
	}
	btfx_datasec_builder_free(sec);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_datasec_builder_finish_failure_stays_open)
{
	struct btfx *btf = vars(0);
	struct btfx_datasec_builder *sec = btfx_datasec_builder_new(btf, ".data", 8);

	ck_assert_int_eq(btfx_datasec_builder_add_var(sec, 2, 0, 4), 0);
	ck_assert_int_eq(btfx_datasec_builder_add_var(sec, 3, 4, 8), 0);
	ck_assert_int_eq(btfx_datasec_builder_finish(sec), -EINVAL);
	ck_assert_uint_eq(btfx_type_cnt(btf), 6);
	ck_assert_int_eq(btfx_datasec_builder_set_size(sec, 12), 0);
	ck_assert_int_eq(btfx_datasec_builder_finish(sec), 6);
	btfx_datasec_builder_free(sec);
	btfx_datasec_builder_free(NULL);
	btfx_free(btf);
}
END_TEST

/* Unplaced entries (a compiler's) need the object flag; placing fixes them. */
START_TEST(test_btfx_add_datasec_with_vars_unplaced)
{
	struct btfx *strict = vars(0), *btf = vars(BTFX_NEW_UNPLACED_DATASEC);
	const struct btfx_var_secinfo in[] = { { 2, 0, 4 }, { 3, 0, 4 }, { 4, 0, 4 } };

	ck_assert_int_eq(btfx_add_datasec_with_vars(strict, ".data", 0, in, 3), -EINVAL);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 0, in, 3), 6);
	/* A placed section in the same object still gets every check. */
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".bss", 4, in, 3), -EINVAL);
	btfx_free(strict);
	btfx_free(btf);
}
END_TEST

struct sym {
	const char *name;
	uint32_t off, size;
};

static int lookup(void *ctx, const char *name, uint32_t id, uint32_t *off, uint32_t *size)
{
	const struct sym *s;

	(void)id;
	for (s = ctx; s->name; s++) {
		if (!strcmp(s->name, name)) {
			*off = s->off;
			*size = s->size;
			return 0;
		}
	}
	return -ENOENT;
}

START_TEST(test_btfx_place_datasec)
{
	struct btfx *btf = vars(BTFX_NEW_UNPLACED_DATASEC);
	const struct btfx_var_secinfo in[] = { { 2, 0, 4 }, { 3, 0, 4 }, { 4, 0, 4 } };
	const struct sym good[] = { { "a", 8, 4 }, { "b", 0, 4 }, { "c", 4, 4 }, { NULL, 0, 0 } };
	const struct sym missing[] = { { "a", 8, 4 }, { "b", 0, 4 }, { NULL, 0, 0 } };
	const struct sym overlap[] = { { "a", 2, 4 }, { "b", 0, 4 }, { "c", 8, 4 },
				       { NULL, 0, 0 } };
	const uint32_t want[] = { 3, 4, 2 };

	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 0, in, 3), 6);
	ck_assert_int_eq(btfx_place_datasec(btf, 6, 12, lookup, (void *)missing), -ENOENT);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "'c'"));
	ck_assert_int_eq(btfx_place_datasec(btf, 6, 12, lookup, (void *)overlap), -EINVAL);
	ck_assert_int_eq(btfx_type_by_id(btf, 6)->size, 0);
	ck_assert_int_eq(btfx_place_datasec(btf, 6, 8, lookup, (void *)good), -EINVAL);
	ck_assert_int_eq(btfx_place_datasec(btf, 6, 12, lookup, (void *)good), 0);
	ck_assert_uint_eq(btfx_type_by_id(btf, 6)->size, 12);
	expect_order(btf, 6, want, 3);
	ck_assert_int_eq(btfx_place_datasec(btf, 1, 12, lookup, (void *)good), -EINVAL);
	ck_assert_int_eq(btfx_place_datasec(btf, 60, 12, lookup, (void *)good), -EINVAL);
	btfx_free(btf);
}
END_TEST

/*
 * As the kernel's btf_datasec_resolve(): a placed secinfo is at least the
 * size of its VAR's type, when both are known.
 */
START_TEST(test_btfx_add_datasec_with_vars_secinfo_below_type_size)
{
	struct btfx *btf = vars(BTFX_NEW_UNPLACED_DATASEC);
	const struct btfx_var_secinfo small[] = { { 2, 0, 4 }, { 3, 4, 3 } };
	const struct btfx_var_secinfo arr[] = { { 7, 0, 8 } };
	const struct btfx_var_secinfo fwd[] = { { 8, 0, 1 } };
	const struct btfx_var_secinfo unplaced[] = { { 2, 0, 0 }, { 3, 0, 0 } };
	const struct sym tiny[] = { { "a", 0, 4 }, { "b", 4, 2 }, { NULL, 0, 0 } };
	const struct sym fits[] = { { "a", 0, 4 }, { "b", 4, 4 }, { NULL, 0, 0 } };

	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, small, 2), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "size 3 is below the 4 bytes"));
	ck_assert_int_eq(btfx_add_array(btf, 1, 1, 4), 6);
	ck_assert_int_eq(btfx_add_var(btf, "arr", BTFX_VAR_STATIC, 6), 7);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, arr, 1), -EINVAL);
	/* A VAR of a type not added yet is not checked here. */
	ck_assert_int_eq(btfx_add_var(btf, "later", BTFX_VAR_STATIC, 100), 8);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".fwd", 16, fwd, 1), 9);
	/* Appends and placing check it too; unplaced entries do not. */
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, NULL, 0), 10);
	ck_assert_int_eq(btfx_append_secinfo(btf, 2, 0, 2), -EINVAL);
	ck_assert_int_eq(btfx_append_secinfo(btf, 2, 0, 4), 0);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".bss", 0, unplaced, 2), 11);
	ck_assert_int_eq(btfx_place_datasec(btf, 11, 8, lookup, (void *)tiny), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "below"));
	ck_assert_uint_eq(btfx_type_by_id(btf, 11)->size, 0);
	ck_assert_int_eq(btfx_place_datasec(btf, 11, 8, lookup, (void *)fits), 0);
	btfx_free(btf);
}
END_TEST

/* Every failing call on a section builder says why on the object. */
START_TEST(test_btfx_datasec_builder_messages)
{
	struct btfx *btf = vars(0);
	struct btfx_datasec_builder *sec = btfx_datasec_builder_new(btf, ".data", 8);

	ck_assert_ptr_nonnull(sec);
	ck_assert_int_eq(btfx_datasec_builder_add_vars(sec, NULL, 1), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "NULL secinfos"));
	ck_assert_int_eq(btfx_datasec_builder_add_var(sec, 2, 0, 2), 0);
	ck_assert_int_eq(btfx_datasec_builder_finish(sec), -EINVAL); /* below the VAR's size */
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "below"));
	ck_assert_int_eq(btfx_datasec_builder_set_size(sec, 8), 0);
	btfx_datasec_builder_free(sec);
	btfx_free(btf);
	btf = vars(0);
	sec = btfx_datasec_builder_new(btf, ".data", 8);
	ck_assert_int_eq(btfx_datasec_builder_add_var(sec, 2, 0, 4), 0);
	ck_assert_int_eq(btfx_datasec_builder_finish(sec), 6);
	ck_assert_int_eq(btfx_datasec_builder_add_var(sec, 3, 4, 4), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "finished"));
	ck_assert_int_eq(btfx_datasec_builder_set_size(sec, 16), -EINVAL);
	ck_assert_int_eq(btfx_datasec_builder_finish(sec), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "datasec_builder_finish"));
	ck_assert_int_eq(btfx_datasec_builder_add_var(NULL, 3, 4, 4), -EINVAL);
	btfx_datasec_builder_free(sec);
	btfx_free(btf);
}
END_TEST

static Suite *datasec_suite(void)
{
	Suite *s = suite_create("datasec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_btfx_add_datasec_with_vars_sorts);
	tcase_add_test(tc, test_btfx_add_datasec_with_vars_stable);
	tcase_add_test(tc, test_btfx_add_datasec_with_vars_zero_size_entry);
	tcase_add_test(tc, test_btfx_add_datasec_with_vars_rejects);
	tcase_add_test(tc, test_btfx_append_secinfo_inserts_sorted);
	tcase_add_test(tc, test_btfx_append_secinfo_loaded_unsorted);
	tcase_add_test(tc, test_btfx_add_datasec_with_vars_names);
	tcase_add_test(tc, test_btfx_add_datasec_with_vars_secinfo_below_type_size);
	tcase_add_test(tc, test_btfx_datasec_builder_messages);
	tcase_add_test(tc, test_btfx_datasec_builder_across_cus);
	tcase_add_test(tc, test_btfx_datasec_builder_finish_failure_stays_open);
	tcase_add_test(tc, test_btfx_add_datasec_with_vars_unplaced);
	tcase_add_test(tc, test_btfx_place_datasec);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(datasec_suite());
}
