// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_names.c - btfx_find_by_name_kind() through the name index
 * (names.c): the lowest id of a name and kind, as a scan from id 1 finds
 * it, on real BTF, with duplicate names, while types are being added,
 * after a failed builder, over a base, from several threads, and with no
 * memory for an index.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* What a scan from id 1 finds: the reference the index must agree with. */
struct ref {
	const char *name;
	uint32_t kind;
	uint32_t id;
};

static int ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Every named type of btf, sorted by name, kind and id; *nr set. */
static struct ref *named_types(const struct btfx *btf, size_t *nr)
{
	uint32_t id, cnt = btfx_type_cnt(btf);
	struct ref *r = calloc(cnt, sizeof(*r));
	size_t n = 0;

	ck_assert_ptr_nonnull(r);
	for (id = 1; id < cnt; id++) {
		const char *s = btfx_name_by_id(btf, id);

		if (s && *s) {
			r[n].name = s;
			r[n].kind = btfx_kind(btfx_type_by_id(btf, id));
			r[n].id = id;
			n++;
		}
	}
	qsort(r, n, sizeof(*r), ref_cmp);
	*nr = n;
	return r;
}

/* Every name and kind, and every name with any kind: the lowest id. */
static void check_all_names(const struct btfx *btf)
{
	size_t i, j, n, lookups = 0;
	struct ref *r = named_types(btf, &n);

	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i = j) {
		uint32_t lowest = r[i].id;

		for (j = i; j < n && !strcmp(r[j].name, r[i].name); j++) {
			if (j == i || r[j].kind != r[j - 1].kind) {
				ck_assert_int_eq(btfx_find_by_name_kind(btf, r[j].name, (int)r[j].kind),
						 (int)r[j].id);
				lookups++;
			}
			if (r[j].id < lowest)
				lowest = r[j].id;
		}
		ck_assert_int_eq(btfx_find_by_name_kind(btf, r[i].name, -1), (int)lowest);
		ck_assert_int_eq(btfx_find_by_name_kind(btf, r[i].name, BTFX_KIND_UNKN), -ENOENT);
	}
	ck_assert_uint_gt(lookups, 0);
	free(r);
}

START_TEST(test_names_sample_matches_scan)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("sample.btf"), NULL), 0);
	check_all_names(btf);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "no such name", -1), -ENOENT);
	btfx_free(btf);
}
END_TEST

START_TEST(test_names_vmlinux_matches_scan)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_load_file(btf, TU_VMLINUX, NULL), 0);
	check_all_names(btf);
	ck_assert_int_gt(btfx_find_by_name_kind(btf, "task_struct", BTFX_KIND_STRUCT), 0);
	btfx_free(btf);
}
END_TEST

/* Same name, several kinds and duplicates; anonymous types by "". */
START_TEST(test_names_duplicates_and_anonymous)
{
	struct btfx *btf = btfx_new();
	int i32 = btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED);
	int s1 = btfx_add_struct(btf, "foo", 4);
	int td = btfx_add_typedef(btf, "foo", i32);
	int s2 = btfx_add_struct(btf, "foo", 8);
	int anon = btfx_add_ptr(btf, i32);

	ck_assert_int_gt(i32, 0);
	ck_assert_int_gt(s2, 0);
	ck_assert_int_gt(anon, 0);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "foo", BTFX_KIND_STRUCT), s1);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "foo", BTFX_KIND_TYPEDEF), td);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "foo", -1), s1);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "fo", -1), -ENOENT);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "", BTFX_KIND_PTR), anon);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "", BTFX_KIND_STRUCT), -ENOENT);
	btfx_free(btf);
}
END_TEST

/* The index follows additions, grows, and forgets a rolled-back type. */
START_TEST(test_names_follow_additions)
{
	struct btfx_member_info bad[] = { { .name = "not an identifier", .type = 1 } };
	struct btfx *btf = btfx_new();
	char name[32];
	int i, id, i32 = btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED);

	ck_assert_int_eq(btfx_find_by_name_kind(btf, "int", BTFX_KIND_INT), i32);
	for (i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		id = btfx_add_typedef(btf, name, (uint32_t)i32);
		ck_assert_int_gt(id, 0);
		ck_assert_int_eq(btfx_find_by_name_kind(btf, name, BTFX_KIND_TYPEDEF), id);
		if (i % 500 == 0)
			ck_assert_int_eq(btfx_find_by_name_kind(btf, "t0", -1), i32 + 1);
	}
	/* A struct whose member fails: the struct is added, then dropped. */
	ck_assert_int_lt(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "gone", 4, bad, 1,
							 sizeof(*bad)), 0);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "gone", -1), -ENOENT);
	id = btfx_add_struct(btf, "gone", 4);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "gone", BTFX_KIND_STRUCT), id);
	check_all_names(btf);
	btfx_free(btf);
}
END_TEST

/* Over a base: the base's types first; the split object's own after. */
START_TEST(test_names_split)
{
	struct btfx *base = btfx_new(), *split;
	int i32 = btfx_add_int(base, "int", 4, BTFX_INT_SIGNED);
	int bs = btfx_add_struct(base, "foo", 4), td, own;

	ck_assert_int_gt(bs, 0);
	split = btfx_new_opts(&(struct btfx_new_opts){ .sz = sizeof(struct btfx_new_opts),
						       .base = base });
	ck_assert_ptr_nonnull(split);
	td = btfx_add_typedef(split, "foo", (uint32_t)i32);
	own = btfx_add_struct(split, "bar", 8);
	ck_assert_int_gt(own, bs);
	ck_assert_int_eq(btfx_find_by_name_kind(split, "foo", -1), bs);
	ck_assert_int_eq(btfx_find_by_name_kind(split, "foo", BTFX_KIND_TYPEDEF), td);
	ck_assert_int_eq(btfx_find_by_name_kind(split, "bar", BTFX_KIND_STRUCT), own);
	ck_assert_int_eq(btfx_find_by_name_kind(base, "bar", -1), -ENOENT);
	ck_assert_int_eq(btfx_find_by_name_kind(split, "int", BTFX_KIND_INT), i32);
	check_all_names(split);
	btfx_free(split);
	btfx_free(base);
}
END_TEST

/* Loading replaces the types: an index built while empty is not kept. */
START_TEST(test_names_index_of_empty_object_dropped_by_load)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_find_by_name_kind(btf, "int", -1), -ENOENT);
	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("sample.btf"), NULL), 0);
	check_all_names(btf);
	btfx_free(btf);
}
END_TEST

struct finder {
	const struct btfx *btf;
	const struct ref *r;
	size_t n;
	int wrong;
};

static void *find_all(void *arg)
{
	struct finder *f = arg;
	size_t i;

	for (i = 0; i < f->n; i++) {
		/* The first of each name and kind has the lowest id. */
		if (i && !strcmp(f->r[i].name, f->r[i - 1].name) && f->r[i].kind == f->r[i - 1].kind)
			continue;
		if (btfx_find_by_name_kind(f->btf, f->r[i].name, (int)f->r[i].kind) !=
		    (int)f->r[i].id)
			f->wrong++;
	}
	return NULL;
}

/* First lookups from several threads at once on one const object. */
START_TEST(test_names_first_lookup_from_threads)
{
	enum { NT = 4 };
	struct finder f[NT];
	pthread_t th[NT];
	struct btfx *btf;
	struct ref *r;
	size_t n;
	int round, i;

	for (round = 0; round < 20; round++) {
		btf = btfx_new();
		ck_assert_int_eq(btfx_load_file(btf, tu_data_path("sample.btf"), NULL), 0);
		/* The reference scan must not build the index: names only. */
		r = named_types(btf, &n);
		for (i = 0; i < NT; i++) {
			f[i] = (struct finder){ .btf = btf, .r = r, .n = n };
			ck_assert_int_eq(pthread_create(&th[i], NULL, find_all, &f[i]), 0);
		}
		for (i = 0; i < NT; i++) {
			ck_assert_int_eq(pthread_join(th[i], NULL), 0);
			ck_assert_int_eq(f[i].wrong, 0);
		}
		free(r);
		btfx_free(btf);
	}
}
END_TEST

/* With every allocation failing in turn, lookups still answer right. */
START_TEST(test_names_no_memory_for_index)
{
	struct tu_failalloc fa;
	struct btfx_allocator a;
	long fail_at;

	for (fail_at = 1; fail_at < 40; fail_at++) {
		struct btfx *btf;
		int i32, s, t;

		tu_failalloc_init(&fa, &a, 0);
		btf = btfx_new_opts(&(struct btfx_new_opts){ .sz = sizeof(struct btfx_new_opts),
							     .allocator = &a });
		ck_assert_ptr_nonnull(btf);
		i32 = btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED);
		s = btfx_add_struct(btf, "s", 4);
		ck_assert_int_gt(s, 0);
		/* From here on, allocation number fail_at fails. */
		fa.fail_at = fa.calls + fail_at;
		ck_assert_int_eq(btfx_find_by_name_kind(btf, "s", BTFX_KIND_STRUCT), s);
		t = btfx_add_typedef(btf, "t", (uint32_t)i32);
		if (t > 0)
			ck_assert_int_eq(btfx_find_by_name_kind(btf, "t", -1), t);
		else
			ck_assert_int_eq(btfx_find_by_name_kind(btf, "t", -1), -ENOENT);
		ck_assert_int_eq(btfx_find_by_name_kind(btf, "int", BTFX_KIND_INT), i32);
		btfx_free(btf);
		ck_assert_int_eq(fa.live, 0);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("names");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_names_sample_matches_scan);
	tcase_add_test(tc, test_names_duplicates_and_anonymous);
	tcase_add_test(tc, test_names_follow_additions);
	tcase_add_test(tc, test_names_split);
	tcase_add_test(tc, test_names_index_of_empty_object_dropped_by_load);
	tcase_add_test(tc, test_names_first_lookup_from_threads);
	tcase_add_test(tc, test_names_no_memory_for_index);
	suite_add_tcase(s, tc);

	/* tests/check_names_vmlinux: skipped (77) without the kernel's BTF. */
	tc = tcase_create("vmlinux");
	tcase_set_tags(tc, "vmlinux");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_names_vmlinux_matches_scan);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
