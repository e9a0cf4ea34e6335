# explode: the dedup input generator (tests/explode_lib.h), and the
# differential test of dedup against libbpf's btf__dedup().  libbpf is a
# test dependency only: without it check_dedup_libbpf runs the generator's
# own test case and exits 77 (SKIP); its vmlinux part is a peer part
# (tests/peers.mk).
check_PROGRAMS += tests/explode
tests_explode_SOURCES = tests/explode.c tests/explode_lib.c tests/explode_lib.h
tests_explode_CFLAGS = $(AM_CFLAGS) -O2
tests_explode_LDADD = libbtfx/libbtfx-core.la

dedup_libbpf_tests = tests/check_dedup_libbpf tests/check_dedup_libbpf_vmlinux
check_PROGRAMS += $(dedup_libbpf_tests)
TESTS += $(dedup_libbpf_tests)
dedup_libbpf_sources = tests/check_dedup_libbpf.c tests/explode_lib.c tests/explode_lib.h \
	tests/dedup_canon.c tests/dedup_canon.h
tests_check_dedup_libbpf_SOURCES = $(dedup_libbpf_sources)
tests_check_dedup_libbpf_vmlinux_SOURCES = $(dedup_libbpf_sources)
if HAVE_LIBBPF
tests_check_dedup_libbpf_CPPFLAGS = $(AM_CPPFLAGS) -DTU_HAVE_LIBBPF
tests_check_dedup_libbpf_CFLAGS = $(TEST_CFLAGS) $(LIBBPF_CFLAGS)
tests_check_dedup_libbpf_LDADD = $(TEST_LIBS) $(LIBBPF_LIBS)
tests_check_dedup_libbpf_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_HAVE_LIBBPF \
	-DTU_PART='"vmlinux"'
tests_check_dedup_libbpf_vmlinux_CFLAGS = $(TEST_CFLAGS) $(LIBBPF_CFLAGS)
tests_check_dedup_libbpf_vmlinux_LDADD = $(TEST_LIBS) $(LIBBPF_LIBS)
else
tests_check_dedup_libbpf_CFLAGS = $(TEST_CFLAGS)
tests_check_dedup_libbpf_LDADD = $(TEST_LIBS)
tests_check_dedup_libbpf_vmlinux_CPPFLAGS = $(AM_CPPFLAGS) -DTU_PART='"vmlinux"'
tests_check_dedup_libbpf_vmlinux_CFLAGS = $(TEST_CFLAGS)
tests_check_dedup_libbpf_vmlinux_LDADD = $(TEST_LIBS)
endif

# The linker against bpftool gen object, on objects compiled at test time.
check_PROGRAMS += tests/check_link
TESTS += tests/check_link
tests_check_link_SOURCES = tests/check_link.c tests/dedup_canon.c tests/dedup_canon.h \
	tests/bpfload.c tests/bpfload.h
if HAVE_LIBBPF
tests_check_link_CPPFLAGS = $(AM_CPPFLAGS) -DTU_HAVE_LIBBPF
tests_check_link_CFLAGS = $(TEST_CFLAGS) $(LIBBPF_CFLAGS)
tests_check_link_LDADD = $(TEST_LIBS) $(LIBBPF_LIBS)
else
tests_check_link_CFLAGS = $(TEST_CFLAGS)
tests_check_link_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += tests/data/link/link.h tests/data/link/a.c tests/data/link/b.c tests/data/link/c.c
