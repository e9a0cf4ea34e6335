# The validator's suite (tests/check_validate.c) and its vmlinux part.
check_PROGRAMS += tests/check_validate tests/check_validate_vmlinux
TESTS += tests/check_validate tests/check_validate_vmlinux
tests_check_validate_SOURCES = tests/check_validate.c tests/bpfload.c tests/bpfload.h
tests_check_validate_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_LDADD = $(TEST_LIBS)
tests_check_validate_vmlinux_SOURCES = tests/check_validate.c tests/bpfload.c \
	tests/bpfload.h
tests_check_validate_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_validate_vmlinux_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_vmlinux_LDADD = $(TEST_LIBS)

# The differential test against the kernel's BPF_BTF_LOAD, over the corpus
# in tests/data/validate (made by tests/corpus.mk).
validate_tests = tests/check_validate_kernel
check_PROGRAMS += $(validate_tests)
TESTS += $(validate_tests)
tests_check_validate_kernel_SOURCES = tests/check_validate_kernel.c tests/bpfload.c \
	tests/bpfload.h
tests_check_validate_kernel_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_kernel_LDADD = $(TEST_LIBS)

# The pass marking good names: its SSE2 path against the plain scan.
check_PROGRAMS += tests/check_validate_names
TESTS += tests/check_validate_names
tests_check_validate_names_SOURCES = tests/check_validate_names.c
tests_check_validate_names_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_names_LDADD = $(TEST_LIBS)

# The validator's shortcuts against the general way (btfx__validate_raw_plain()):
# on the corpus, and on the kernel's BTF (a part of its own, skipped without it).
check_PROGRAMS += tests/check_validate_plain tests/check_validate_plain_vmlinux
TESTS += tests/check_validate_plain tests/check_validate_plain_vmlinux
tests_check_validate_plain_SOURCES = tests/check_validate_plain.c
tests_check_validate_plain_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_plain_LDADD = $(TEST_LIBS)
tests_check_validate_plain_vmlinux_SOURCES = tests/check_validate_plain.c
tests_check_validate_plain_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_validate_plain_vmlinux_CFLAGS = $(TEST_CFLAGS)
tests_check_validate_plain_vmlinux_LDADD = $(TEST_LIBS)

# btfx_prepare_load(): an object's BTF as libbpf rewrites it before loading;
# and against libbpf's own (check_prepare_load_libbpf: SKIP without libbpf).
prepare_load_tests = tests/check_prepare_load tests/check_prepare_load_libbpf
check_PROGRAMS += $(prepare_load_tests)
TESTS += $(prepare_load_tests)
tests_check_prepare_load_SOURCES = tests/check_prepare_load.c tests/bpfload.c tests/bpfload.h
tests_check_prepare_load_CFLAGS = $(TEST_CFLAGS)
tests_check_prepare_load_LDADD = $(TEST_LIBS)
tests_check_prepare_load_libbpf_SOURCES = tests/check_prepare_load.c tests/bpfload.c \
	tests/bpfload.h
if HAVE_LIBBPF
tests_check_prepare_load_libbpf_CPPFLAGS = $(AM_CPPFLAGS) -DTU_LIBBPF_PART -DTU_HAVE_LIBBPF
tests_check_prepare_load_libbpf_CFLAGS = $(TEST_CFLAGS) $(LIBBPF_CFLAGS)
tests_check_prepare_load_libbpf_LDADD = $(TEST_LIBS) $(LIBBPF_LIBS)
else
tests_check_prepare_load_libbpf_CPPFLAGS = $(AM_CPPFLAGS) -DTU_LIBBPF_PART
tests_check_prepare_load_libbpf_CFLAGS = $(TEST_CFLAGS)
tests_check_prepare_load_libbpf_LDADD = $(TEST_LIBS)
endif
