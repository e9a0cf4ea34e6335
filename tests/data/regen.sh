#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# regen.sh - remake the binary test data in tests/data from its sources.
# Needs clang 14 (BPF target), llvm-objcopy-14, gcc with -m32 multilib,
# GNU objcopy, pahole 1.24, python3 and gzip.  See README.
set -eu
cd "$(dirname "$0")"
D="-fdebug-prefix-map=$(pwd)=."
OBJCOPY_LLVM=${OBJCOPY_LLVM:-llvm-objcopy-14}
CLANG=${CLANG:-clang-14}

# BPF objects, little- and big-endian.
$CLANG -target bpfel -g -O2 $D -c globals.c -o globals.bpfel.o
$CLANG -target bpfel -g -O2 $D -c types.c -o types.bpfel.o
$CLANG -target bpfel -g -O2 $D -c externs.c -o externs.bpfel.o
$CLANG -target bpfel -g -O2 $D -c hidden.c -o hidden.bpfel.o
$CLANG -target bpfel -g -O2 $D -c undef.c -o undef.bpfel.o
$CLANG -target bpfeb -g -O2 $D -c types.c -o types.bpfeb.o

# Their raw .BTF sections.
for f in globals.bpfel types.bpfel types.bpfeb; do
	$OBJCOPY_LLVM --dump-section .BTF=$f.btf $f.o
done
gzip -9 -n -c types.bpfel.btf > types.bpfel.btf.gz

# ELF32: a little-endian i386 object with a .BTF added, and a minimal
# big-endian ELF32 container written by mkelf32.py.
gcc -m32 -O2 -c globals.c -o globals.elf32le.tmp.o
objcopy --add-section .BTF=globals.bpfel.btf --set-section-flags .BTF=readonly,contents \
	globals.elf32le.tmp.o globals.elf32le.o
rm -f globals.elf32le.tmp.o
python3 mkelf32.py big types.bpfeb.btf types.elf32be.o

# SHF_COMPRESSED (ELFCOMPRESS_ZLIB) .BTF sections, written by zsection.py:
# llvm-objcopy-14 only compresses .debug_*, leaves ch_reserved uninitialised
# and sizes ELF32 compressed sections 12 bytes too long.
python3 zsection.py types.bpfel.o types.bpfel.zlib.o .BTF
python3 zsection.py types.elf32be.o types.elf32be.zlib.o .BTF

# sample.btf: pahole's BTF for a gcc -g object with kernel-like types.
gcc -g -O2 $D -c sample.c -o sample.tmp.o
pahole -J sample.tmp.o
$OBJCOPY_LLVM --dump-section .BTF=sample.btf sample.tmp.o
rm -f sample.tmp.o
