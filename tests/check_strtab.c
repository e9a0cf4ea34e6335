// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* check_strtab.c - the string table: add, find, rollback, limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

START_TEST(test_btfx_add_str_dedups)
{
	struct btfx *btf = btfx_new();
	int a, b, c;

	ck_assert_int_eq(btfx_add_str(btf, ""), 0);
	a = btfx_add_str(btf, "foo");
	b = btfx_add_str(btf, "bar");
	c = btfx_add_str(btf, "foo");
	ck_assert_int_eq(a, 1);
	ck_assert_int_eq(b, 5);
	ck_assert_int_eq(c, a);
	ck_assert_uint_eq(btfx_str_sec_len(btf), 9);
	ck_assert_str_eq(btfx_str_by_offset(btf, (uint32_t)b), "bar");
	ck_assert_ptr_null(btfx_str_by_offset(btf, 9));
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_find_str_does_not_add)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_find_str(btf, "x"), -ENOENT);
	ck_assert_uint_eq(btfx_str_sec_len(btf), 1);
	ck_assert_int_eq(btfx_find_str(btf, ""), 0);
	ck_assert_int_eq(btfx_add_str(btf, "x"), 1);
	ck_assert_int_eq(btfx_find_str(btf, "x"), 1);
	ck_assert_int_eq(btfx_find_str(btf, NULL), -EINVAL);
	ck_assert_int_eq(btfx_add_str(btf, NULL), -EINVAL);
	btfx_free(btf);
}
END_TEST

/* Many strings: the index grows and every string is still found. */
START_TEST(test_btfx_add_str_many)
{
	struct btfx *btf = btfx_new();
	char s[32];
	int i, off[20000];

	for (i = 0; i < 20000; i++) {
		snprintf(s, sizeof(s), "s%d", i);
		off[i] = btfx_add_str(btf, s);
		ck_assert_int_gt(off[i], 0);
	}
	for (i = 0; i < 20000; i++) {
		snprintf(s, sizeof(s), "s%d", i);
		ck_assert_int_eq(btfx_find_str(btf, s), off[i]);
		ck_assert_int_eq(btfx_add_str(btf, s), off[i]);
	}
	btfx_free(btf);
}
END_TEST

/* A string taken from the table itself survives the buffer moving. */
START_TEST(test_btfx_add_str_from_own_buffer)
{
	struct btfx *btf = btfx_new();
	char big[300];
	int a, i;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	a = btfx_add_str(btf, big);
	ck_assert_int_eq(a, 1);
	/* "aaa...a" minus its first char is a new string inside the buffer. */
	for (i = 0; i < 50; i++) {
		const char *p = btfx_str_by_offset(btf, (uint32_t)a + 1 + (uint32_t)i);

		ck_assert_int_gt(btfx_add_str(btf, p), 0);
	}
	ck_assert_int_eq(btfx_find_str(btf, big + 10), btfx_add_str(btf, big + 10));
	btfx_free(btf);
}
END_TEST

/* Truncate removes strings from the index, not only from the buffer. */
START_TEST(test_strtab_truncate_forgets)
{
	struct btfx_strtab st;
	uint32_t off, mark, i;
	char s[16];

	ck_assert_int_eq(btfx__strtab_init(&st, &btfx__libc_allocator, 1), 0);
	ck_assert_int_eq(btfx__strtab_add(&st, "keep", 4, 1000, &off), 0);
	mark = (uint32_t)st.data.len;
	for (i = 0; i < 100; i++) {
		snprintf(s, sizeof(s), "t%u", i);
		ck_assert_int_eq(btfx__strtab_add(&st, s, strlen(s), 100000, &off), 0);
	}
	btfx__strtab_truncate(&st, mark);
	ck_assert_uint_eq(st.data.len, mark);
	ck_assert_uint_eq(btfx__strtab_nr_indexed(&st), 2);
	for (i = 0; i < 100; i++) {
		snprintf(s, sizeof(s), "t%u", i);
		ck_assert_int_eq(btfx__strtab_find(&st, s, strlen(s), &off), -ENOENT);
	}
	ck_assert_int_eq(btfx__strtab_find(&st, "keep", 4, &off), 0);
	ck_assert_uint_eq(off, 1);
	/* Re-adding lands at the same place. */
	ck_assert_int_eq(btfx__strtab_add(&st, "t5", 2, 1000, &off), 0);
	ck_assert_uint_eq(off, mark);
	btfx__strtab_free(&st);
}
END_TEST

START_TEST(test_strtab_add_limit)
{
	struct btfx_strtab st;
	uint32_t off;

	ck_assert_int_eq(btfx__strtab_init(&st, &btfx__libc_allocator, 1), 0);
	ck_assert_int_eq(btfx__strtab_add(&st, "abc", 3, 5, &off), 0);
	ck_assert_int_eq(btfx__strtab_add(&st, "de", 2, 5, &off), -E2BIG);
	ck_assert_uint_eq(st.data.len, 5);
	btfx__strtab_free(&st);
}
END_TEST

START_TEST(test_btfx_add_str_oom)
{
	struct btfx_new_opts opts = { .sz = sizeof(opts) };
	struct btfx_allocator a;
	struct tu_failalloc fa;
	long n;
	int done = 0;

	for (n = 1; !done && n < 100; n++) {
		struct btfx *btf;
		int r;

		tu_failalloc_init(&fa, &a, n);
		opts.allocator = &a;
		btf = btfx_new_opts(&opts);
		if (!btf) {
			ck_assert_int_eq(errno, ENOMEM);
			ck_assert_int_eq(fa.live, 0);
			continue;
		}
		r = btfx_add_str(btf, "hello");
		if (r < 0) {
			ck_assert_int_eq(r, -ENOMEM);
			ck_assert_uint_eq(btfx_str_sec_len(btf), 1);
			ck_assert_int_eq(btfx_find_str(btf, "hello") < 0, 1);
		} else {
			ck_assert_int_eq(r, 1);
			done = 1;
		}
		btfx_free(btf);
		ck_assert_int_eq(fa.live, 0);
	}
	ck_assert_int_eq(done, 1);
}
END_TEST

static Suite *strtab_suite(void)
{
	Suite *s = suite_create("strtab");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_btfx_add_str_dedups);
	tcase_add_test(tc, test_btfx_find_str_does_not_add);
	tcase_add_test(tc, test_btfx_add_str_many);
	tcase_add_test(tc, test_btfx_add_str_from_own_buffer);
	tcase_add_test(tc, test_strtab_truncate_forgets);
	tcase_add_test(tc, test_strtab_add_limit);
	tcase_add_test(tc, test_btfx_add_str_oom);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(strtab_suite());
}
