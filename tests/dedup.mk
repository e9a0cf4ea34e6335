# explode: the dedup input generator (tests/explode_lib.h).
check_PROGRAMS += tests/explode
tests_explode_SOURCES = tests/explode.c tests/explode_lib.c tests/explode_lib.h
tests_explode_CFLAGS = $(AM_CFLAGS) -O2
tests_explode_LDADD = libbtfx/libbtfx-core.la

