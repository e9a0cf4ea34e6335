# fuzz/: the reader's fuzz target.  make check replays fuzz/corpus/read
# through it without libFuzzer; --enable-fuzzing (clang) builds the libFuzzer
# binary fuzz/fuzz_read: fuzz/fuzz_read -max_len=8192 fuzz/corpus/read
check_PROGRAMS += fuzz/replay_read
TESTS += fuzz/replay_read
fuzz_replay_read_SOURCES = fuzz/replay.c fuzz/fuzz_read.c
fuzz_replay_read_LDADD = libbtfx/libbtfx-core.la
EXTRA_DIST += fuzz/corpus

if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_read
fuzz_fuzz_read_SOURCES = fuzz/fuzz_read.c
fuzz_fuzz_read_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_read_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_read_LDADD = libbtfx/libbtfx-core.la
endif
