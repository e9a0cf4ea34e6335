# The ELF section finder and the zlib helpers, over the objects in tests/data.
check_PROGRAMS += tests/check_elf
TESTS += tests/check_elf
tests_check_elf_SOURCES = tests/check_elf.c
tests_check_elf_CFLAGS = $(TEST_CFLAGS) $(ZLIB_CFLAGS)
tests_check_elf_LDADD = $(TEST_LIBS) $(ZLIB_LIBS)

# tests/data: sources, the script that remakes the binaries, the binaries.
EXTRA_DIST += \
	tests/data/README \
	tests/data/regen.sh \
	tests/data/mkelf32.py \
	tests/data/zsection.py \
	tests/data/globals.c \
	tests/data/types.c \
	tests/data/sample.c \
	tests/data/externs.c \
	tests/data/externs.bpfel.o \
	tests/data/hidden.c \
	tests/data/hidden.bpfel.o \
	tests/data/undef.c \
	tests/data/undef.bpfel.o \
	tests/data/globals.bpfel.o \
	tests/data/globals.bpfel.btf \
	tests/data/globals.elf32le.o \
	tests/data/types.bpfel.o \
	tests/data/types.bpfeb.o \
	tests/data/types.bpfel.btf \
	tests/data/types.bpfeb.btf \
	tests/data/types.bpfel.btf.gz \
	tests/data/types.bpfel.zlib.o \
	tests/data/types.elf32be.o \
	tests/data/types.elf32be.zlib.o \
	tests/data/sample.btf

# ELF output: btfx_write_elf() and btfx_write_elf_into().
check_PROGRAMS += tests/check_elf_write
TESTS += tests/check_elf_write
tests_check_elf_write_SOURCES = tests/check_elf_write.c
tests_check_elf_write_CFLAGS = $(TEST_CFLAGS)
tests_check_elf_write_LDADD = $(TEST_LIBS)
