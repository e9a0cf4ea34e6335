# bindings/python: the btfx package (ctypes over libbtfx.so.0), installed into
# the Python site directory configure found (or --with-python-dir), and its
# unittest suite, run by `make check` against the build tree's library.
if HAVE_PYTHON
btfxpythondir = $(BTFX_PYTHON_DIR)/btfx
btfxpython_PYTHON = \
	%reldir%/btfx/__init__.py \
	%reldir%/btfx/__main__.py \
	%reldir%/btfx/_lib.py \
	%reldir%/btfx/btf.py \
	%reldir%/btfx/errors.py \
	%reldir%/btfx/types.py
else
EXTRA_DIST += %reldir%/btfx/__init__.py %reldir%/btfx/__main__.py %reldir%/btfx/_lib.py \
	%reldir%/btfx/btf.py %reldir%/btfx/errors.py %reldir%/btfx/types.py
endif
EXTRA_DIST += %reldir%/README.md %reldir%/tests/test_btfx.py %reldir%/tests/python.sh

# every_kind: the C builders' side of the byte-for-byte test.
check_PROGRAMS += %reldir%/tests/every_kind
%canon_reldir%_tests_every_kind_SOURCES = %reldir%/tests/every_kind.c
%canon_reldir%_tests_every_kind_LDADD = libbtfx/libbtfx.la

TESTS += %reldir%/tests/python.sh
BTFX_TEST_ENV += BTFX_LIBRARY='$(abs_top_builddir)/libbtfx/.libs/libbtfx.so.0' \
	BTFX_PYTHON='$(PYTHON)' BTFX_SANITIZERS='$(BTFX_SANITIZERS)' BTFX_CC='$(CC)'
EXTRA_DIST += bench/bench_python.sh
