# tools/: the btfx command line; links only the shared library.
bin_PROGRAMS += tools/btfx
tools_btfx_SOURCES = \
	tools/btfx.c tools/cli.h \
	tools/cmd_dump.c \
	tools/cmd_stats.c \
	tools/cmd_dedup.c \
	tools/cmd_diff.c \
	tools/cmd_convert.c \
	tools/cmd_link.c \
	tools/cmd_validate.c
tools_btfx_LDADD = libbtfx/libbtfx.la
man1_MANS = tools/btfx.1
EXTRA_DIST += tools/btfx.1
