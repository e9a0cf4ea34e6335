// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_diff.c - btfx_diff(): an object against itself (nothing, 0), the
 * bytes a DATASEC of N variables adds (per kind, and in total the
 * difference of the two blobs' sizes), a struct that gained a member, an
 * anonymous union matched by its place after ids moved, JSON, and the
 * argument checks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

struct text {
	char *s;
	size_t len, cap;
	int calls;
};

static int text_print(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;

	t->calls++;
	if (t->len + len + 1 > t->cap) {
		t->cap = (t->len + len + 1) * 2;
		t->s = realloc(t->s, t->cap);
		ck_assert_ptr_nonnull(t->s);
	}
	memcpy(t->s + t->len, s, len);
	t->len += len;
	t->s[t->len] = '\0';
	return 0;
}

static int fail_print(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	(void)s;
	(void)len;
	return -EPIPE;
}

static struct btfx *new_btf(void)
{
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	return btf;
}

/* A small object: int, long, struct task { int pid; long *p; }. */
static void add_common(struct btfx *btf)
{
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "long", 8, BTFX_INT_SIGNED), 2);
	ck_assert_int_eq(btfx_add_ptr(btf, 2), 3);
	ck_assert_int_eq(btfx_add_struct(btf, "task", 16), 4);
	ck_assert_int_eq(btfx_append_member(btf, "pid", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "p", 3, 64, 0), 0);
}

static size_t blob_len(struct btfx *btf)
{
	const void *data;
	size_t len;

	ck_assert_int_eq(btfx_raw_data(btf, NULL, &data, &len), 0);
	return len;
}

static int diff(const struct btfx *a, const struct btfx *b, uint32_t flags, struct text *t,
		struct btfx_diff_totals *tot)
{
	struct btfx_diff_opts o = { .sz = sizeof(o), .flags = flags, .totals = tot };

	return btfx_diff(a, b, text_print, t, &o);
}

START_TEST(test_btfx_diff_self)
{
	struct btfx *btf = new_btf();
	struct btfx_diff_totals tot;
	struct text t = { 0 };
	unsigned int k;

	add_common(btf);
	memset(&tot, 0xff, sizeof(tot));
	ck_assert_int_eq(diff(btf, btf, 0, &t, &tot), 0);
	ck_assert_int_eq(t.calls, 0);
	ck_assert_uint_eq(tot.added + tot.removed + tot.changed, 0);
	for (k = 0; k <= BTFX_MAX_KIND; k++)
		ck_assert_int_eq(tot.kind_bytes[k], 0);
	ck_assert_int_eq(tot.total_bytes, 0);
	ck_assert_int_eq(diff(btf, btf, BTFX_DIFF_JSON, &t, NULL), 0);
	ck_assert_str_eq(t.s,
			 "{\"added\":[],\"removed\":[],\"changed\":[],\"bytes\":["
			 "{\"what\":\"types\",\"old_count\":4,\"new_count\":4,"
			 "\"old_bytes\":80,\"new_bytes\":80,\"delta\":0},"
			 "{\"what\":\"strings\",\"old_count\":6,\"new_count\":6,"
			 "\"old_bytes\":21,\"new_bytes\":21,\"delta\":0},"
			 "{\"what\":\"total\",\"old_bytes\":125,\"new_bytes\":125,\"delta\":0}],"
			 "\"identical\":true}\n");
	free(t.s);
	btfx_free(btf);
}
END_TEST

/* Two objects built alike (different objects, same contents) are identical too. */
START_TEST(test_btfx_diff_same_contents)
{
	struct btfx *a = new_btf(), *b = new_btf();
	struct text t = { 0 };

	add_common(a);
	add_common(b);
	ck_assert_int_eq(diff(a, b, 0, &t, NULL), 0);
	ck_assert_int_eq(t.calls, 0);
	btfx_free(a);
	btfx_free(b);
}
END_TEST

/* The thread's question: what does a DATASEC of N per-CPU variables cost? */
START_TEST(test_btfx_diff_datasec_of_n_vars)
{
	enum { N = 291 };
	struct btfx *a = new_btf(), *b = new_btf();
	struct btfx_var_secinfo *infos = calloc(N, sizeof(*infos));
	struct btfx_diff_totals tot;
	struct text t = { 0 };
	char name[32], row[128];
	size_t str_added = 0;
	uint32_t i;

	ck_assert_ptr_nonnull(infos);
	add_common(a);
	add_common(b);
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "pcpu_var_%u", i);
		str_added += strlen(name) + 1;
		ck_assert_int_eq(btfx_add_var(b, name, BTFX_VAR_GLOBAL_ALLOCATED, 4), 5 + (int)i);
		infos[i] = (struct btfx_var_secinfo){ 5 + i, 16 * i, 16 };
	}
	ck_assert_int_eq(btfx_add_datasec_with_vars(b, ".data..percpu", 16 * N, infos, N), 5 + N);
	str_added += sizeof(".data..percpu");
	ck_assert_int_eq(diff(a, b, 0, &t, &tot), 1);
	ck_assert_uint_eq(tot.added, N + 1);
	ck_assert_uint_eq(tot.removed, 0);
	ck_assert_uint_eq(tot.changed, 0);
	ck_assert_int_eq(tot.kind_bytes[BTFX_KIND_VAR], 16 * N);
	ck_assert_int_eq(tot.kind_bytes[BTFX_KIND_DATASEC], 12 + 12 * N);
	ck_assert_int_eq(tot.kind_bytes[BTFX_KIND_STRUCT], 0);
	ck_assert_int_eq(tot.type_bytes, 16 * N + 12 + 12 * N);
	ck_assert_int_eq(tot.str_bytes, (int64_t)str_added);
	ck_assert_int_eq(tot.total_bytes, (int64_t)blob_len(b) - (int64_t)blob_len(a));
	/* The text says the same. */
	snprintf(row, sizeof(row), "\n%-12s %9u %9u %11u %11u %+10d\n", "VAR", 0, N, 0, 16 * N,
		 16 * N);
	ck_assert_msg(strstr(t.s, row), "no row '%s'", row);
	snprintf(row, sizeof(row), "\n%-12s %9s %9s %11zu %11zu %+10lld\n", "total", "", "",
		 blob_len(a), blob_len(b), (long long)tot.total_bytes);
	ck_assert_msg(strstr(t.s, row), "no row '%s'", row);
	ck_assert(strstr(t.s, "+ DATASEC .data..percpu [296] 3504 bytes\n") != NULL);
	ck_assert(strstr(t.s, "+ VAR pcpu_var_0 [5] 16 bytes\n") != NULL);
	ck_assert(strstr(t.s, "\n~ ") == NULL && strstr(t.s, "\n- ") == NULL);
	/* And backwards: all removed, the same bytes negated. */
	ck_assert_int_eq(diff(b, a, 0, &t, &tot), 1);
	ck_assert_uint_eq(tot.removed, N + 1);
	ck_assert_int_eq(tot.total_bytes, (int64_t)blob_len(a) - (int64_t)blob_len(b));
	free(t.s);
	free(infos);
	btfx_free(a);
	btfx_free(b);
}
END_TEST

START_TEST(test_btfx_diff_struct_member_added)
{
	struct btfx *a = new_btf(), *b = new_btf();
	struct btfx_diff_totals tot;
	struct text t = { 0 };

	add_common(a);
	add_common(b);
	ck_assert_int_eq(btfx_add_struct(a, "rq", 8), 5);
	ck_assert_int_eq(btfx_append_member(a, "nr", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(b, "rq", 16), 5);
	ck_assert_int_eq(btfx_append_member(b, "nr", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(b, "curr", 4, 64, 0), 0);
	ck_assert_int_eq(diff(a, b, 0, &t, &tot), 1);
	ck_assert_uint_eq(tot.changed, 1);
	ck_assert_uint_eq(tot.added + tot.removed, 0);
	ck_assert_int_eq(tot.kind_bytes[BTFX_KIND_STRUCT], 12);
	ck_assert_int_eq(tot.str_bytes, 5);
	ck_assert_msg(!strncmp(t.s, "~ STRUCT rq [5 -> 5] 24 -> 36 bytes (+12)\n", 42), "%s", t.s);
	/* A member whose type changed, same size: changed, 0 bytes. */
	free(t.s);
	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(btfx_add_struct(a, "x", 8), 6);
	ck_assert_int_eq(btfx_append_member(a, "v", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(b, "x", 8), 6);
	ck_assert_int_eq(btfx_append_member(b, "v", 2, 0, 0), 0);
	ck_assert_int_eq(diff(a, b, 0, &t, &tot), 1);
	ck_assert_uint_eq(tot.changed, 2);
	ck_assert(strstr(t.s, "~ STRUCT x [6 -> 6] 24 -> 24 bytes (+0)\n") != NULL);
	free(t.s);
	btfx_free(a);
	btfx_free(b);
}
END_TEST

/* Anonymous types are matched by their place, whatever their ids. */
START_TEST(test_btfx_diff_anon_by_place)
{
	struct btfx *a = new_btf(), *b = new_btf();
	struct btfx_diff_totals tot;
	struct text t = { 0 };

	add_common(a);
	ck_assert_int_eq(btfx_add_union(a, NULL, 4), 5);
	ck_assert_int_eq(btfx_append_member(a, "x", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(a, "outer", 4), 6);
	ck_assert_int_eq(btfx_append_member(a, "u", 5, 0, 0), 0);

	add_common(b);
	ck_assert_int_eq(btfx_add_int(b, "short", 2, BTFX_INT_SIGNED), 5);
	ck_assert_int_eq(btfx_add_struct(b, "outer", 4), 6);
	ck_assert_int_eq(btfx_append_member(b, "u", 7, 0, 0), 0);
	ck_assert_int_eq(btfx_add_union(b, NULL, 4), 7);
	ck_assert_int_eq(btfx_append_member(b, "x", 1, 0, 0), 0);
	ck_assert_int_eq(diff(a, b, 0, &t, &tot), 1);
	ck_assert_uint_eq(tot.added, 1);
	ck_assert_uint_eq(tot.removed + tot.changed, 0);
	ck_assert_msg(!strncmp(t.s, "+ INT short [5] 16 bytes\n", 25), "%s", t.s);
	/* Now the union gains a member: it is the one reported changed. */
	ck_assert_int_eq(btfx_append_member(b, "y", 2, 0, 0), 0);
	free(t.s);
	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(diff(a, b, 0, &t, &tot), 1);
	ck_assert_uint_eq(tot.changed, 1);
	ck_assert_msg(strstr(t.s, "~ UNION STRUCT outer.u [5 -> 7] 24 -> 36 bytes (+12)\n"), "%s",
		      t.s);
	free(t.s);
	btfx_free(a);
	btfx_free(b);
}
END_TEST

START_TEST(test_btfx_diff_bad_args)
{
	struct btfx *btf = new_btf();
	struct btfx_diff_opts o = { .sz = sizeof(o) };
	struct text t = { 0 };

	add_common(btf);
	ck_assert_int_eq(btfx_diff(NULL, btf, text_print, &t, NULL), -EINVAL);
	ck_assert_int_eq(btfx_diff(btf, NULL, text_print, &t, NULL), -EINVAL);
	ck_assert_int_eq(btfx_diff(btf, btf, NULL, &t, NULL), -EINVAL);
	o.flags = 2;
	ck_assert_int_eq(btfx_diff(btf, btf, text_print, &t, &o), -EINVAL);
	o.flags = 0;
	o.reserved = 1;
	ck_assert_int_eq(btfx_diff(btf, btf, text_print, &t, &o), -EINVAL);
	o.reserved = 0;
	o.sz = 4;
	ck_assert_int_eq(btfx_diff(btf, btf, text_print, &t, &o), -EINVAL);
	ck_assert_int_eq(t.calls, 0);
	/* The callback's error comes back. */
	o.sz = sizeof(o);
	o.flags = BTFX_DIFF_JSON;
	ck_assert_int_eq(btfx_diff(btf, btf, fail_print, NULL, &o), -EPIPE);
	btfx_free(btf);
}
END_TEST

static Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_test(tc, test_btfx_diff_self);
	tcase_add_test(tc, test_btfx_diff_same_contents);
	tcase_add_test(tc, test_btfx_diff_datasec_of_n_vars);
	tcase_add_test(tc, test_btfx_diff_struct_member_added);
	tcase_add_test(tc, test_btfx_diff_anon_by_place);
	tcase_add_test(tc, test_btfx_diff_bad_args);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(diff_suite());
}
