# The parts of the suites that need a peer: bpftool, the running kernel's BTF
# (/sys/kernel/btf/vmlinux, or $BTFX_VMLINUX).  Each is the suite's source
# built again with TU_PART set to the tag of its test cases; it runs only
# those, and exits 77 (SKIP) when a peer it needs is absent (testutil.h).
# BPFTOOL=/nonexistent and BTFX_VMLINUX=/nonexistent show what is skipped.
peer_tests = tests/check_dump_bpftool tests/check_dump_vmlinux_bpftool tests/check_dump_c_bpftool \
	tests/check_names_vmlinux tests/check_kernel_vmlinux \
	tests/check_roundtrip_bpftool tests/check_roundtrip_vmlinux \
	tests/check_roundtrip_vmlinux_bpftool tests/check_writer_vmlinux \
	tests/check_dedup_vmlinux
check_PROGRAMS += $(peer_tests)
TESTS += $(peer_tests)

tests_check_dump_bpftool_SOURCES = tests/check_dump.c
tests_check_dump_bpftool_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"bpftool"'
tests_check_dump_bpftool_CFLAGS = $(TEST_CFLAGS)
tests_check_dump_bpftool_LDADD = $(TEST_LIBS)
tests_check_dump_vmlinux_bpftool_SOURCES = tests/check_dump.c
tests_check_dump_vmlinux_bpftool_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux_bpftool"'
tests_check_dump_vmlinux_bpftool_CFLAGS = $(TEST_CFLAGS)
tests_check_dump_vmlinux_bpftool_LDADD = $(TEST_LIBS)

tests_check_dump_c_bpftool_SOURCES = tests/check_dump_c.c
tests_check_dump_c_bpftool_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"bpftool"'
tests_check_dump_c_bpftool_CFLAGS = $(TEST_CFLAGS)
tests_check_dump_c_bpftool_LDADD = $(TEST_LIBS)

tests_check_names_vmlinux_SOURCES = tests/check_names.c
tests_check_names_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_names_vmlinux_CFLAGS = $(TEST_CFLAGS) -pthread
tests_check_names_vmlinux_LDADD = $(TEST_LIBS) -lpthread

tests_check_kernel_vmlinux_SOURCES = tests/check_kernel.c tests/bpfload.c tests/bpfload.h
tests_check_kernel_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_kernel_vmlinux_CFLAGS = $(TEST_CFLAGS)
tests_check_kernel_vmlinux_LDADD = $(TEST_LIBS)

tests_check_roundtrip_bpftool_SOURCES = tests/check_roundtrip.c
tests_check_roundtrip_bpftool_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"bpftool"'
tests_check_roundtrip_bpftool_CFLAGS = $(TEST_CFLAGS)
tests_check_roundtrip_bpftool_LDADD = $(TEST_LIBS)
tests_check_roundtrip_vmlinux_SOURCES = tests/check_roundtrip.c
tests_check_roundtrip_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_roundtrip_vmlinux_CFLAGS = $(TEST_CFLAGS)
tests_check_roundtrip_vmlinux_LDADD = $(TEST_LIBS)
tests_check_roundtrip_vmlinux_bpftool_SOURCES = tests/check_roundtrip.c
tests_check_roundtrip_vmlinux_bpftool_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux_bpftool"'
tests_check_roundtrip_vmlinux_bpftool_CFLAGS = $(TEST_CFLAGS)
tests_check_roundtrip_vmlinux_bpftool_LDADD = $(TEST_LIBS)

tests_check_writer_vmlinux_SOURCES = tests/check_writer.c
tests_check_writer_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_writer_vmlinux_CFLAGS = $(TEST_CFLAGS) $(ZLIB_CFLAGS)
tests_check_writer_vmlinux_LDADD = $(TEST_LIBS) $(ZLIB_LIBS)

tests_check_dedup_vmlinux_SOURCES = tests/check_dedup.c
tests_check_dedup_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_dedup_vmlinux_CFLAGS = $(TEST_CFLAGS)
tests_check_dedup_vmlinux_LDADD = $(TEST_LIBS)
