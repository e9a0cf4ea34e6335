// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "testutil.h"

START_TEST(test_placeholder_build)
{
	ck_assert_ptr_nonnull(btfx_version());
}
END_TEST

static Suite *build_suite(void)
{
	Suite *s = suite_create("build");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_placeholder_build);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(build_suite());
}
