# fuzz/: one libFuzzer target per module that reads input: the reader
# (fuzz_read), the ELF finder and inflater (fuzz_elf), the builders'
# transactions (fuzz_build), dedup of a read blob (fuzz_dedup), btfx_write()
# through fixed and failing sinks (fuzz_write), btfx_write_elf_into() on any
# input (fuzz_elf_write), the C dump of a read blob (fuzz_dump_c),
# btfx_validate_raw() on any bytes (fuzz_validate), btfx_dump_json() of
# what loads, checked to be valid JSON (fuzz_dump_json), a link of two
# inputs split from one buffer (fuzz_link).
# make check replays fuzz/corpus/<target> through each without libFuzzer
# (replay_dump_c_read replays the reader's corpus through the C dump);
# --enable-fuzzing (clang) builds the libFuzzer binaries, run as
#   fuzz/fuzz_<target> -max_len=N fuzz/corpus/<target>
# with N 512 for build, 65536 for elf, elf_write and link, 8192 for the others.
# Each target is one block below.
FUZZ_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/libbtfx
FUZZ_LIBFUZZER = -fsanitize=fuzzer
EXTRA_DIST += fuzz/corpus

check_PROGRAMS += fuzz/replay_read
TESTS += fuzz/replay_read
fuzz_replay_read_SOURCES = fuzz/replay.c fuzz/fuzz_read.c
fuzz_replay_read_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"read"'
fuzz_replay_read_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_read
fuzz_fuzz_read_SOURCES = fuzz/fuzz_read.c
fuzz_fuzz_read_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_read_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_read_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_read_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_elf
TESTS += fuzz/replay_elf
fuzz_replay_elf_SOURCES = fuzz/replay.c fuzz/fuzz_elf.c
fuzz_replay_elf_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"elf"'
fuzz_replay_elf_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_elf
fuzz_fuzz_elf_SOURCES = fuzz/fuzz_elf.c
fuzz_fuzz_elf_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_elf_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_elf_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_elf_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_build
TESTS += fuzz/replay_build
fuzz_replay_build_SOURCES = fuzz/replay.c fuzz/fuzz_build.c
fuzz_replay_build_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"build"'
fuzz_replay_build_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_build
fuzz_fuzz_build_SOURCES = fuzz/fuzz_build.c
fuzz_fuzz_build_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_build_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_build_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_build_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_dedup
TESTS += fuzz/replay_dedup
fuzz_replay_dedup_SOURCES = fuzz/replay.c fuzz/fuzz_dedup.c
fuzz_replay_dedup_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"dedup"'
fuzz_replay_dedup_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_dedup
fuzz_fuzz_dedup_SOURCES = fuzz/fuzz_dedup.c
fuzz_fuzz_dedup_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_dedup_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_dedup_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_dedup_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_write
TESTS += fuzz/replay_write
fuzz_replay_write_SOURCES = fuzz/replay.c fuzz/fuzz_write.c
fuzz_replay_write_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"write"'
fuzz_replay_write_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_write
fuzz_fuzz_write_SOURCES = fuzz/fuzz_write.c
fuzz_fuzz_write_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_write_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_write_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_write_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_elf_write
TESTS += fuzz/replay_elf_write
fuzz_replay_elf_write_SOURCES = fuzz/replay.c fuzz/fuzz_elf_write.c
fuzz_replay_elf_write_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"elf_write"'
fuzz_replay_elf_write_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_elf_write
fuzz_fuzz_elf_write_SOURCES = fuzz/fuzz_elf_write.c
fuzz_fuzz_elf_write_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_elf_write_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_elf_write_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_elf_write_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_dump_c
TESTS += fuzz/replay_dump_c
fuzz_replay_dump_c_SOURCES = fuzz/replay.c fuzz/fuzz_dump_c.c
fuzz_replay_dump_c_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"dump_c"'
fuzz_replay_dump_c_LDADD = libbtfx/libbtfx-core.la

check_PROGRAMS += fuzz/replay_dump_c_read
TESTS += fuzz/replay_dump_c_read
fuzz_replay_dump_c_read_SOURCES = fuzz/replay.c fuzz/fuzz_dump_c.c
fuzz_replay_dump_c_read_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"read"'
fuzz_replay_dump_c_read_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_dump_c
fuzz_fuzz_dump_c_SOURCES = fuzz/fuzz_dump_c.c
fuzz_fuzz_dump_c_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_dump_c_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_dump_c_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_dump_c_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_validate
TESTS += fuzz/replay_validate
fuzz_replay_validate_SOURCES = fuzz/replay.c fuzz/fuzz_validate.c
fuzz_replay_validate_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"validate"'
fuzz_replay_validate_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_validate
fuzz_fuzz_validate_SOURCES = fuzz/fuzz_validate.c
fuzz_fuzz_validate_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_validate_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_validate_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_validate_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_dump_json
TESTS += fuzz/replay_dump_json
fuzz_replay_dump_json_SOURCES = fuzz/replay.c fuzz/fuzz_dump_json.c
fuzz_replay_dump_json_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"dump_json"'
fuzz_replay_dump_json_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_dump_json
fuzz_fuzz_dump_json_SOURCES = fuzz/fuzz_dump_json.c
fuzz_fuzz_dump_json_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_dump_json_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_dump_json_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_dump_json_LDADD = libbtfx/libbtfx-core.la
endif

check_PROGRAMS += fuzz/replay_link
TESTS += fuzz/replay_link
fuzz_replay_link_SOURCES = fuzz/replay.c fuzz/fuzz_link.c
fuzz_replay_link_CPPFLAGS = $(FUZZ_CPPFLAGS) -DCORPUS='"link"'
fuzz_replay_link_LDADD = libbtfx/libbtfx-core.la
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_link
fuzz_fuzz_link_SOURCES = fuzz/fuzz_link.c
fuzz_fuzz_link_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_link_CFLAGS = $(AM_CFLAGS) $(FUZZ_LIBFUZZER)
fuzz_fuzz_link_LDFLAGS = $(FUZZ_LIBFUZZER)
fuzz_fuzz_link_LDADD = libbtfx/libbtfx-core.la
endif
