# tests/: one Check binary per module, CLI scripts, data.
BTFX_TEST_ENV = BTFX_TEST_DATA='$(abs_top_srcdir)/tests/data' \
	BTFX_BUILDDIR='$(abs_top_builddir)' BTFX_SRCDIR='$(abs_top_srcdir)'
AM_TESTS_ENVIRONMENT = export $(BTFX_TEST_ENV);
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
include tests/peers.mk
include tests/dedup.mk
include tests/corpus.mk
include tests/validate.mk
