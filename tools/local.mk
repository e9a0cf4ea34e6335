# tools/: the btfx command line; links only the shared library.
bin_PROGRAMS += tools/btfx
tools_btfx_SOURCES = tools/btfx.c
tools_btfx_LDADD = libbtfx/libbtfx.la
