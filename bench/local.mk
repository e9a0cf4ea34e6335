# bench/: benchmarks against libbpf; built and run by `make bench`, never by check.
#
# bench_btf is an EXTRA_PROGRAM: `make`, `make check` and `make install` never
# build it.  `make bench` builds it and runs it on /sys/kernel/btf/vmlinux;
# pass arguments with `make bench BENCH_ARGS='-n 31 path/to/file.btf'`.
# It links the libbpf of LIBBPF_CFLAGS and LIBBPF_LIBS: what configure found
# with pkg-config, or what was given to configure or to make (bench/README.md).
EXTRA_DIST += %reldir%/README.md %reldir%/bench_btf.c %reldir%/benchmem.c %reldir%/benchmem.h

EXTRA_PROGRAMS = %reldir%/bench_btf
%canon_reldir%_bench_btf_SOURCES = %reldir%/bench_btf.c %reldir%/benchmem.c %reldir%/benchmem.h \
	tests/rebuild.c tests/rebuild.h tests/bpfload.c tests/bpfload.h
%canon_reldir%_bench_btf_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-DBENCH_SAMPLE='"$(abs_top_srcdir)/tests/data/sample.btf"'
%canon_reldir%_bench_btf_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS) -O2
%canon_reldir%_bench_btf_LDADD = libbtfx/libbtfx.la $(LIBBPF_LIBS)
%canon_reldir%_bench_btf_DEPENDENCIES = libbtfx/libbtfx.la %reldir%/libbpf.flags
$(%canon_reldir%_bench_btf_OBJECTS): %reldir%/libbpf.flags
CLEANFILES += %reldir%/bench_btf$(EXEEXT) %reldir%/libbpf.flags

# bench_dedup: btfx_dedup() against btf__dedup() on exploded vmlinux
# (tests/explode_lib.h); `make bench-dedup BENCH_ARGS='-k 16'` passes options.
EXTRA_DIST += %reldir%/bench_dedup.c
EXTRA_PROGRAMS += %reldir%/bench_dedup
%canon_reldir%_bench_dedup_SOURCES = %reldir%/bench_dedup.c %reldir%/benchmem.c %reldir%/benchmem.h \
	tests/explode_lib.c \
	tests/explode_lib.h
%canon_reldir%_bench_dedup_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-DBENCH_SAMPLE='"$(abs_top_srcdir)/tests/data/sample.btf"'
%canon_reldir%_bench_dedup_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS) -O2
%canon_reldir%_bench_dedup_LDADD = libbtfx/libbtfx.la $(LIBBPF_LIBS)
%canon_reldir%_bench_dedup_DEPENDENCIES = libbtfx/libbtfx.la %reldir%/libbpf.flags
$(%canon_reldir%_bench_dedup_OBJECTS): %reldir%/libbpf.flags
CLEANFILES += %reldir%/bench_dedup$(EXEEXT)

# The libbpf flags of the last build, rewritten only when they change: other
# flags on the make command line rebuild the bench against the other libbpf.
%reldir%/libbpf.flags: bench-libbpf-flags
	@$(MKDIR_P) %reldir%
	@echo 'LIBBPF_CFLAGS=$(LIBBPF_CFLAGS) LIBBPF_LIBS=$(LIBBPF_LIBS)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

bench:
	@if test -z '$(LIBBPF_LIBS)'; then \
		echo "make bench needs libbpf: on Debian apt-get install -y libbpf-dev, or give" \
			"LIBBPF_CFLAGS and LIBBPF_LIBS to configure or make (bench/README.md)" >&2; \
		exit 1; \
	fi
	$(AM_V_at)$(MAKE) $(AM_MAKEFLAGS) %reldir%/bench_btf$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/bench_btf$(EXEEXT) $(BENCH_ARGS)

bench-dedup:
	@if test -z '$(LIBBPF_LIBS)'; then \
		echo "make bench-dedup needs libbpf: on Debian apt-get install -y libbpf-dev," \
			"or give LIBBPF_CFLAGS and LIBBPF_LIBS to configure or make" >&2; \
		exit 1; \
	fi
	$(AM_V_at)$(MAKE) $(AM_MAKEFLAGS) %reldir%/bench_dedup$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/bench_dedup$(EXEEXT) $(BENCH_ARGS)

# bench_hashcons: what BTFX_NEW_HASHCONS removes from an input re-added as a
# bottom-up encoder adds it (libbtfx only; no libbpf needed).
# `make bench-hashcons BENCH_ARGS='x16.btf x64.btf'` (files from tests/explode).
EXTRA_DIST += %reldir%/bench_hashcons.c
EXTRA_PROGRAMS += %reldir%/bench_hashcons
%canon_reldir%_bench_hashcons_SOURCES = %reldir%/bench_hashcons.c
%canon_reldir%_bench_hashcons_CFLAGS = $(AM_CFLAGS) -O2
%canon_reldir%_bench_hashcons_LDADD = libbtfx/libbtfx.la
CLEANFILES += %reldir%/bench_hashcons$(EXEEXT)

bench-hashcons: %reldir%/bench_hashcons$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/bench_hashcons$(EXEEXT) $(BENCH_ARGS)

# bench_write: btfx_write() to a file, a pipe and memory, and through gzip,
# against write()/memcpy() and gzip -c (libbtfx only; no libbpf needed).
# `make bench-write BENCH_ARGS='-n 31 FILE'`.
EXTRA_DIST += %reldir%/bench_write.c
EXTRA_PROGRAMS += %reldir%/bench_write
%canon_reldir%_bench_write_SOURCES = %reldir%/bench_write.c %reldir%/benchmem.c %reldir%/benchmem.h
%canon_reldir%_bench_write_CFLAGS = $(AM_CFLAGS) -O2
%canon_reldir%_bench_write_LDADD = libbtfx/libbtfx.la
CLEANFILES += %reldir%/bench_write$(EXEEXT)

bench-write: %reldir%/bench_write$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/bench_write$(EXEEXT) $(BENCH_ARGS)

# bench_stream: an encoder rebuilding vmlinux through the builders and
# streaming it to a file with flushes, against libbpf's btf__add_type() +
# btf__raw_data() + write().  `make bench-stream BENCH_ARGS='-n 11 -f 1000'`.
EXTRA_DIST += %reldir%/bench_stream.c
EXTRA_PROGRAMS += %reldir%/bench_stream
%canon_reldir%_bench_stream_SOURCES = %reldir%/bench_stream.c %reldir%/benchmem.c \
	%reldir%/benchmem.h tests/rebuild.c tests/rebuild.h
%canon_reldir%_bench_stream_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
%canon_reldir%_bench_stream_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS) -O2
%canon_reldir%_bench_stream_LDADD = libbtfx/libbtfx.la $(LIBBPF_LIBS)
%canon_reldir%_bench_stream_DEPENDENCIES = libbtfx/libbtfx.la %reldir%/libbpf.flags
$(%canon_reldir%_bench_stream_OBJECTS): %reldir%/libbpf.flags
CLEANFILES += %reldir%/bench_stream$(EXEEXT)

bench-stream:
	@if test -z '$(LIBBPF_LIBS)'; then \
		echo "make bench-stream needs libbpf: on Debian apt-get install -y libbpf-dev," \
			"or give LIBBPF_CFLAGS and LIBBPF_LIBS to configure or make" >&2; \
		exit 1; \
	fi
	$(AM_V_at)$(MAKE) $(AM_MAKEFLAGS) %reldir%/bench_stream$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/bench_stream$(EXEEXT) $(BENCH_ARGS)


# bench_dump_json: btfx_dump_json() and `btfx dump --format json` against
# `bpftool -j btf dump file` (needs bpftool, not libbpf).
# `make bench-dump-json BENCH_ARGS='-n 31 FILE'`.
EXTRA_DIST += %reldir%/bench_dump_json.c
EXTRA_PROGRAMS += %reldir%/bench_dump_json
%canon_reldir%_bench_dump_json_SOURCES = %reldir%/bench_dump_json.c
%canon_reldir%_bench_dump_json_CPPFLAGS = $(AM_CPPFLAGS) -DBENCH_BUILDDIR='"$(abs_top_builddir)"'
%canon_reldir%_bench_dump_json_CFLAGS = $(AM_CFLAGS) -O2
%canon_reldir%_bench_dump_json_LDADD = libbtfx/libbtfx.la
CLEANFILES += %reldir%/bench_dump_json$(EXEEXT)

bench-dump-json: %reldir%/bench_dump_json$(EXEEXT) tools/btfx$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/bench_dump_json$(EXEEXT) $(BENCH_ARGS)

.PHONY: bench-dump-json
# bench_link: `btfx link` against `bpftool gen object` on 100 objects it
# compiles with clang from tests/data/link/a.c (needs clang and bpftool; says
# "skipped" without them).  `make bench-link BENCH_ARGS='-n 21 -k 100 --elf'`.
EXTRA_DIST += %reldir%/bench_link.c
EXTRA_PROGRAMS += %reldir%/bench_link
%canon_reldir%_bench_link_SOURCES = %reldir%/bench_link.c
%canon_reldir%_bench_link_CPPFLAGS = $(AM_CPPFLAGS) \
	-DBENCH_TEMPLATE='"$(abs_top_srcdir)/tests/data/link/a.c"' \
	-DBENCH_BTFX='"$(abs_top_builddir)/tools/btfx$(EXEEXT)"' \
	-DBENCH_BTFX_REAL='"$(abs_top_builddir)/tools/.libs/btfx$(EXEEXT)"' \
	-DBENCH_LIBDIR='"$(abs_top_builddir)/libbtfx/.libs"'
%canon_reldir%_bench_link_CFLAGS = $(AM_CFLAGS) -O2
%canon_reldir%_bench_link_LDADD = libbtfx/libbtfx.la
CLEANFILES += %reldir%/bench_link$(EXEEXT)

bench-link: %reldir%/bench_link$(EXEEXT) tools/btfx$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/bench_link$(EXEEXT) $(BENCH_ARGS)

.PHONY: bench bench-dedup bench-hashcons bench-write bench-stream bench-link bench-libbpf-flags

# agreement: a new round of issue 10's agreement campaign, as root: blobs the
# test suite has never seen (the corpus generator with a new seed, mutations,
# what gcc+pahole and clang make, vmlinux), each loaded with BPF_BTF_LOAD and
# checked against btfx_validate_raw().  `make agreement AGREEMENT_ARGS='-s 7
# -n 5000 -v 200'`; the blobs go to AGREEMENT_DIR.
EXTRA_DIST += %reldir%/agreement.sh %reldir%/mutate.py %reldir%/gcc12_fix.py
AGREEMENT_DIR = agreement.d
agreement: tests/btf_corpus$(EXEEXT) tests/btf_kload$(EXEEXT) \
		tests/check_validate_kernel$(EXEEXT) tools/btfx$(EXEEXT)
	$(AM_V_at)srcdir='$(abs_top_srcdir)' $(SHELL) $(top_srcdir)/%reldir%/agreement.sh \
		$(AGREEMENT_ARGS) $(AGREEMENT_DIR)

.PHONY: agreement

# vm-agreement: the targets of other kernels against those kernels, booted in
# qemu (bench/vm_agreement.sh): `make vm-agreement VM_KERNEL=/boot/vmlinuz-X
# VM_TARGET=6.1 VM_SETS='agreement.d/gen agreement.d/enc'` (default: the
# shipped corpus).  Needs qemu-system-x86 and a static libc.
EXTRA_DIST += %reldir%/vm_agreement.sh %reldir%/vm_init.c
VM_DIR = vm-agreement.d
VM_TARGET = current
VM_SETS = $(abs_top_srcdir)/tests/data/validate
vm-agreement: tools/btfx$(EXEEXT)
	$(AM_V_at)test -n '$(VM_KERNEL)' || { echo 'make vm-agreement: set VM_KERNEL' >&2; exit 2; }
	$(AM_V_at)srcdir='$(abs_top_srcdir)' $(SHELL) $(top_srcdir)/%reldir%/vm_agreement.sh \
		-k '$(VM_KERNEL)' -t '$(VM_TARGET)' $(VM_DIR) $(VM_SETS)

.PHONY: vm-agreement

# as_loaded: `btfx validate --as-loaded` against libbpf's loader on real BPF
# programs (object files given in AS_LOADED, e.g. bcc's libbpf-tools built
# with clang; bench/README.md says how).  `make bench-as-loaded
# AS_LOADED='path/*.bpf.o'`.
EXTRA_DIST += %reldir%/as_loaded.c
EXTRA_PROGRAMS += %reldir%/as_loaded
%canon_reldir%_as_loaded_SOURCES = %reldir%/as_loaded.c tests/dedup_canon.c tests/dedup_canon.h \
	tests/bpfload.c tests/bpfload.h
%canon_reldir%_as_loaded_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
%canon_reldir%_as_loaded_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS)
%canon_reldir%_as_loaded_LDADD = libbtfx/libbtfx.la $(LIBBPF_LIBS)
%canon_reldir%_as_loaded_DEPENDENCIES = libbtfx/libbtfx.la %reldir%/libbpf.flags
$(%canon_reldir%_as_loaded_OBJECTS): %reldir%/libbpf.flags
CLEANFILES += %reldir%/as_loaded$(EXEEXT)

bench-as-loaded:
	@if test -z '$(LIBBPF_LIBS)' || test -z '$(AS_LOADED)'; then \
		echo "make bench-as-loaded needs libbpf (LIBBPF_CFLAGS, LIBBPF_LIBS) and" \
			"object files (AS_LOADED='path/*.bpf.o'): bench/README.md" >&2; \
		exit 1; \
	fi
	$(AM_V_at)$(MAKE) $(AM_MAKEFLAGS) %reldir%/as_loaded$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/as_loaded$(EXEEXT) $(AS_LOADED)

.PHONY: bench-as-loaded
