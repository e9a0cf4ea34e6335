# Unit suites of the core modules, and the real-data suites.
core_tests = tests/check_strtab tests/check_btf tests/check_build tests/check_datasec \
	tests/check_roundtrip tests/check_kernel tests/check_names tests/check_copy \
	tests/check_hashcons tests/check_dedup
check_PROGRAMS += $(core_tests)
TESTS += $(core_tests)
tests_check_strtab_SOURCES = tests/check_strtab.c
tests_check_strtab_CFLAGS = $(TEST_CFLAGS)
tests_check_strtab_LDADD = $(TEST_LIBS)
tests_check_btf_SOURCES = tests/check_btf.c
tests_check_btf_CFLAGS = $(TEST_CFLAGS) -pthread
tests_check_btf_LDADD = $(TEST_LIBS) -lpthread
tests_check_build_SOURCES = tests/check_build.c
tests_check_build_CFLAGS = $(TEST_CFLAGS)
tests_check_build_LDADD = $(TEST_LIBS)
tests_check_datasec_SOURCES = tests/check_datasec.c
tests_check_datasec_CFLAGS = $(TEST_CFLAGS)
tests_check_datasec_LDADD = $(TEST_LIBS)
tests_check_roundtrip_SOURCES = tests/check_roundtrip.c
tests_check_roundtrip_CFLAGS = $(TEST_CFLAGS)
tests_check_roundtrip_LDADD = $(TEST_LIBS)
tests_check_names_SOURCES = tests/check_names.c
tests_check_names_CFLAGS = $(TEST_CFLAGS) -pthread
tests_check_names_LDADD = $(TEST_LIBS) -lpthread
tests_check_copy_SOURCES = tests/check_copy.c
tests_check_copy_CFLAGS = $(TEST_CFLAGS)
tests_check_copy_LDADD = $(TEST_LIBS)
tests_check_hashcons_SOURCES = tests/check_hashcons.c
tests_check_hashcons_CFLAGS = $(TEST_CFLAGS)
tests_check_hashcons_LDADD = $(TEST_LIBS)
tests_check_dedup_SOURCES = tests/check_dedup.c
tests_check_dedup_CFLAGS = $(TEST_CFLAGS)
tests_check_dedup_LDADD = $(TEST_LIBS)
tests_check_kernel_SOURCES = tests/check_kernel.c tests/bpfload.c tests/bpfload.h
tests_check_kernel_CFLAGS = $(TEST_CFLAGS)
tests_check_kernel_LDADD = $(TEST_LIBS)

TESTS += tests/abi.sh
EXTRA_DIST += tests/abi.sh
