# bench/: benchmarks against libbpf; built and run by `make bench`, never by check.
#
# bench_btf is an EXTRA_PROGRAM: `make`, `make check` and `make install` never
# build it.  `make bench` builds it and runs it on /sys/kernel/btf/vmlinux;
# pass arguments with `make bench BENCH_ARGS='-n 31 path/to/file.btf'`.
EXTRA_DIST += %reldir%/README.md %reldir%/bench_btf.c

if HAVE_LIBBPF
EXTRA_PROGRAMS = %reldir%/bench_btf
%canon_reldir%_bench_btf_SOURCES = %reldir%/bench_btf.c tests/rebuild.c tests/rebuild.h
%canon_reldir%_bench_btf_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests \
	-DBENCH_SAMPLE='"$(abs_top_srcdir)/tests/data/sample.btf"'
%canon_reldir%_bench_btf_CFLAGS = $(AM_CFLAGS) $(LIBBPF_CFLAGS) -O2
%canon_reldir%_bench_btf_LDADD = libbtfx/libbtfx.la $(LIBBPF_LIBS)
CLEANFILES += %reldir%/bench_btf$(EXEEXT)

bench: %reldir%/bench_btf$(EXEEXT)
	$(AM_V_at)$(builddir)/%reldir%/bench_btf$(EXEEXT) $(BENCH_ARGS)
else
bench:
	@echo "make bench needs libbpf (on Debian: apt-get install -y libbpf-dev)" >&2; exit 1
endif

.PHONY: bench
