# fuzz/: fuzz targets for the reader (fuzz_read), the ELF finder and
# inflater (fuzz_elf), the builders' transactions (fuzz_build), and dedup
# of a read blob (fuzz_dedup), btfx_write() through fixed and failing sinks
# (fuzz_write), btfx_write_elf_into() on any input (fuzz_elf_write), the
# link of two inputs split from one buffer (fuzz_link).
# make check replays fuzz/corpus/<target> through each
# without libFuzzer; --enable-fuzzing (clang) builds the libFuzzer binaries:
#   fuzz/fuzz_read -max_len=8192 fuzz/corpus/read
#   fuzz/fuzz_elf -max_len=65536 fuzz/corpus/elf
#   fuzz/fuzz_build -max_len=512 fuzz/corpus/build
#   fuzz/fuzz_dedup -max_len=8192 fuzz/corpus/dedup
#   fuzz/fuzz_write -max_len=8192 fuzz/corpus/write
#   fuzz/fuzz_elf_write -max_len=65536 fuzz/corpus/elf_write
#   fuzz/fuzz_link -max_len=65536 fuzz/corpus/link
check_PROGRAMS += fuzz/replay_read fuzz/replay_elf fuzz/replay_build fuzz/replay_dedup \
	fuzz/replay_write fuzz/replay_elf_write fuzz/replay_link
TESTS += fuzz/replay_read fuzz/replay_elf fuzz/replay_build fuzz/replay_dedup fuzz/replay_write \
	fuzz/replay_elf_write fuzz/replay_link
fuzz_replay_read_SOURCES = fuzz/replay.c fuzz/fuzz_read.c
fuzz_replay_read_CPPFLAGS = $(AM_CPPFLAGS) -DCORPUS='"read"'
fuzz_replay_read_LDADD = libbtfx/libbtfx-core.la
fuzz_replay_elf_SOURCES = fuzz/replay.c fuzz/fuzz_elf.c
fuzz_replay_elf_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/libbtfx -DCORPUS='"elf"'
fuzz_replay_elf_LDADD = libbtfx/libbtfx-core.la
fuzz_replay_build_SOURCES = fuzz/replay.c fuzz/fuzz_build.c
fuzz_replay_build_CPPFLAGS = $(AM_CPPFLAGS) -DCORPUS='"build"'
fuzz_replay_build_LDADD = libbtfx/libbtfx-core.la
fuzz_replay_dedup_SOURCES = fuzz/replay.c fuzz/fuzz_dedup.c
fuzz_replay_dedup_CPPFLAGS = $(AM_CPPFLAGS) -DCORPUS='"dedup"'
fuzz_replay_dedup_LDADD = libbtfx/libbtfx-core.la
fuzz_replay_write_SOURCES = fuzz/replay.c fuzz/fuzz_write.c
fuzz_replay_write_CPPFLAGS = $(AM_CPPFLAGS) -DCORPUS='"write"'
fuzz_replay_write_LDADD = libbtfx/libbtfx-core.la
fuzz_replay_elf_write_SOURCES = fuzz/replay.c fuzz/fuzz_elf_write.c
fuzz_replay_elf_write_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/libbtfx -DCORPUS='"elf_write"'
fuzz_replay_elf_write_LDADD = libbtfx/libbtfx-core.la
fuzz_replay_link_SOURCES = fuzz/replay.c fuzz/fuzz_link.c
fuzz_replay_link_CPPFLAGS = $(AM_CPPFLAGS) -DCORPUS='"link"'
fuzz_replay_link_LDADD = libbtfx/libbtfx-core.la
EXTRA_DIST += fuzz/corpus

if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_read fuzz/fuzz_elf fuzz/fuzz_build fuzz/fuzz_dedup fuzz/fuzz_write \
	fuzz/fuzz_elf_write fuzz/fuzz_link
fuzz_fuzz_read_SOURCES = fuzz/fuzz_read.c
fuzz_fuzz_read_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_read_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_read_LDADD = libbtfx/libbtfx-core.la
fuzz_fuzz_elf_SOURCES = fuzz/fuzz_elf.c
fuzz_fuzz_elf_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/libbtfx
fuzz_fuzz_elf_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_elf_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_elf_LDADD = libbtfx/libbtfx-core.la
fuzz_fuzz_build_SOURCES = fuzz/fuzz_build.c
fuzz_fuzz_build_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_build_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_build_LDADD = libbtfx/libbtfx-core.la
fuzz_fuzz_dedup_SOURCES = fuzz/fuzz_dedup.c
fuzz_fuzz_dedup_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_dedup_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_dedup_LDADD = libbtfx/libbtfx-core.la
fuzz_fuzz_write_SOURCES = fuzz/fuzz_write.c
fuzz_fuzz_write_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_write_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_write_LDADD = libbtfx/libbtfx-core.la
fuzz_fuzz_elf_write_SOURCES = fuzz/fuzz_elf_write.c
fuzz_fuzz_elf_write_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/libbtfx
fuzz_fuzz_elf_write_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_elf_write_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_elf_write_LDADD = libbtfx/libbtfx-core.la
fuzz_fuzz_link_SOURCES = fuzz/fuzz_link.c
fuzz_fuzz_link_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_link_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_link_LDADD = libbtfx/libbtfx-core.la
endif
