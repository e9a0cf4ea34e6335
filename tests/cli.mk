# The dump module's suite and the btfx command line's tests.
check_PROGRAMS += tests/check_dump
TESTS += tests/check_dump
tests_check_dump_SOURCES = tests/check_dump.c
tests_check_dump_CFLAGS = $(TEST_CFLAGS)
tests_check_dump_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_dump_c
TESTS += tests/check_dump_c
tests_check_dump_c_SOURCES = tests/check_dump_c.c
tests_check_dump_c_CFLAGS = $(TEST_CFLAGS)
tests_check_dump_c_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_dump_json
TESTS += tests/check_dump_json
tests_check_dump_json_SOURCES = tests/check_dump_json.c
tests_check_dump_json_CFLAGS = $(TEST_CFLAGS)
tests_check_dump_json_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/check_diff
TESTS += tests/check_diff
tests_check_diff_SOURCES = tests/check_diff.c
tests_check_diff_CFLAGS = $(TEST_CFLAGS)
tests_check_diff_LDADD = $(TEST_LIBS)

# CLI scripts: POSIX sh, run with $(SHELL); exit 77 skips.
CLI_TESTS = \
	tests/cli/dump.sh \
	tests/cli/dump-bpftool.sh \
	tests/cli/dump-vmlinux.sh \
	tests/cli/dump-c.sh \
	tests/cli/dump-json.sh \
	tests/cli/diff.sh \
	tests/cli/stats.sh \
	tests/cli/stats-vmlinux.sh \
	tests/cli/errors.sh \
	tests/cli/dedup.sh \
	tests/cli/convert.sh \
	tests/cli/convert-elf.sh \
	tests/cli/help.sh \
	tests/cli/validate.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) tests/cli/lib.sh tests/cli/json-compare.py
