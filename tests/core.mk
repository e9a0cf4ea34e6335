# Unit suites of the core modules.
check_PROGRAMS += tests/check_strtab tests/check_build
TESTS += tests/check_strtab tests/check_build
tests_check_strtab_SOURCES = tests/check_strtab.c
tests_check_strtab_CFLAGS = $(TEST_CFLAGS)
tests_check_strtab_LDADD = $(TEST_LIBS)
tests_check_build_SOURCES = tests/check_build.c
tests_check_build_CFLAGS = $(TEST_CFLAGS)
tests_check_build_LDADD = $(TEST_LIBS)
