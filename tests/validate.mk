# The differential test of issue 10 against the kernel's BPF_BTF_LOAD, over
# the corpus in tests/data/validate (tests/corpus.mk).  It needs
# btfx_validate_raw() (libbtfx/validate.c): include this file from
# tests/local.mk, after tests/corpus.mk, once the validator is merged.
validate_tests = tests/check_validate_kernel
check_PROGRAMS += $(validate_tests)
TESTS += $(validate_tests)
tests_check_validate_kernel_SOURCES = tests/check_validate_kernel.c tests/bpfload.c \
	tests/bpfload.h
tests_check_validate_kernel_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_kernel_LDADD = $(TEST_LIBS)
