# examples/: programs using only <btfx/btfx.h>; run by make check, and built
# against the installed library through pkg-config by installcheck.
check_PROGRAMS += examples/percpu
TESTS += examples/percpu
examples_percpu_SOURCES = examples/percpu.c
examples_percpu_LDADD = libbtfx/libbtfx.la
check_PROGRAMS += examples/loadcheck
TESTS += examples/loadcheck
examples_loadcheck_SOURCES = examples/loadcheck.c
examples_loadcheck_LDADD = libbtfx/libbtfx.la

installcheck-local:
	PKG_CONFIG_PATH="$(DESTDIR)$(pkgconfigdir)" && export PKG_CONFIG_PATH && \
	$(CC) -o examples/percpu-installed $(srcdir)/examples/percpu.c \
		`pkg-config --cflags --libs libbtfx` && \
	LD_LIBRARY_PATH="$(DESTDIR)$(libdir)" ./examples/percpu-installed >/dev/null && \
	rm -f examples/percpu-installed
	PKG_CONFIG_PATH="$(DESTDIR)$(pkgconfigdir)" && export PKG_CONFIG_PATH && \
	$(CC) -o examples/loadcheck-installed $(srcdir)/examples/loadcheck.c \
		`pkg-config --cflags --libs libbtfx` && \
	LD_LIBRARY_PATH="$(DESTDIR)$(libdir)" BTFX_TEST_DATA=$(abs_top_srcdir)/tests/data \
		./examples/loadcheck-installed >/dev/null && \
	rm -f examples/loadcheck-installed
