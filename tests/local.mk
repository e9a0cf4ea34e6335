# tests/: one Check binary per module, CLI scripts, data.
AM_TESTS_ENVIRONMENT = \
	BTFX_TEST_DATA='$(abs_top_srcdir)/tests/data'; export BTFX_TEST_DATA; \
	BTFX_BUILDDIR='$(abs_top_builddir)'; export BTFX_BUILDDIR; \
	BTFX_SRCDIR='$(abs_top_srcdir)'; export BTFX_SRCDIR;
# Shell tests (tests/abi.sh, tests/cli/*.sh): POSIX sh; exit 77 skips.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)

TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -I$(top_srcdir)/libbtfx
TEST_LIBS = tests/libtestutil.la libbtfx/libbtfx-core.la $(CHECK_LIBS)

check_LTLIBRARIES = tests/libtestutil.la
tests_libtestutil_la_SOURCES = tests/testutil.c tests/testutil.h tests/rebuild.c tests/rebuild.h
tests_libtestutil_la_CFLAGS = $(TEST_CFLAGS)

include tests/core.mk
include tests/cli.mk
include tests/elf.mk
include tests/rw.mk
