# The validator's suite (tests/check_validate.c) and its vmlinux part.
check_PROGRAMS += tests/check_validate tests/check_validate_vmlinux
TESTS += tests/check_validate tests/check_validate_vmlinux
tests_check_validate_SOURCES = tests/check_validate.c
tests_check_validate_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_LDADD = $(TEST_LIBS)
tests_check_validate_vmlinux_SOURCES = tests/check_validate.c
tests_check_validate_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_validate_vmlinux_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_vmlinux_LDADD = $(TEST_LIBS)
