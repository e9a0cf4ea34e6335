// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "testutil.h"

START_TEST(test_placeholder_strtab)
{
	ck_assert_ptr_nonnull(btfx_version());
}
END_TEST

static Suite *strtab_suite(void)
{
	Suite *s = suite_create("strtab");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_placeholder_strtab);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(strtab_suite());
}
