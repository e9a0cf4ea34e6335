#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""zsection.py - make one section of an ELF object SHF_COMPRESSED (zlib).

usage: zsection.py IN OUT [SECTION]     (SECTION defaults to .BTF)

Works on ELF32 and ELF64 of either byte order.  The section keeps its file
offset: an Elf32_Chdr/Elf64_Chdr (ELFCOMPRESS_ZLIB, the original size and
alignment) and a zlib stream (level 9) are written there, the rest of the
old range is zeroed, and sh_size, sh_flags (| SHF_COMPRESSED) and
sh_addralign (that of the header) are updated; nothing else moves.  The
output is byte-for-byte reproducible, unlike llvm-objcopy-14's (which
leaves Elf64_Chdr.ch_reserved uninitialised and sizes ELF32 compressed
sections for an Elf64_Chdr).
"""
import struct
import sys
import zlib

SHF_COMPRESSED = 0x800
ELFCOMPRESS_ZLIB = 1


def main():
    src, dst = sys.argv[1], sys.argv[2]
    want = (sys.argv[3] if len(sys.argv) > 3 else ".BTF").encode()
    b = bytearray(open(src, "rb").read())
    assert b[:4] == b"\x7fELF"
    is64 = b[4] == 2
    o = "<" if b[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(o + "Q", b, 40)
        shentsize, shnum, shstrndx = struct.unpack_from(o + "HHH", b, 58)
        shfmt, chfmt = o + "IIQQQQIIQQ", o + "IIQQ"
    else:
        shoff, = struct.unpack_from(o + "I", b, 32)
        shentsize, shnum, shstrndx = struct.unpack_from(o + "HHH", b, 46)
        shfmt, chfmt = o + "10I", o + "III"
    shdrs = [list(struct.unpack_from(shfmt, b, shoff + i * shentsize)) for i in range(shnum)]
    strs = shdrs[shstrndx][4]
    for i, sh in enumerate(shdrs):
        name = bytes(b[strs + sh[0]:b.index(b"\0", strs + sh[0])])
        if name != want:
            continue
        off, size, align = sh[4], sh[5], sh[8]
        assert not sh[2] & SHF_COMPRESSED
        if is64:
            chdr = struct.pack(chfmt, ELFCOMPRESS_ZLIB, 0, size, align)
        else:
            chdr = struct.pack(chfmt, ELFCOMPRESS_ZLIB, size, align)
        z = chdr + zlib.compress(bytes(b[off:off + size]), 9)
        assert len(z) <= size, "compressed section does not fit"
        b[off:off + size] = z + bytes(size - len(z))
        sh[2] |= SHF_COMPRESSED
        sh[5] = len(z)
        sh[8] = 8 if is64 else 4
        assert off % sh[8] == 0
        struct.pack_into(shfmt, b, shoff + i * shentsize, *sh)
        open(dst, "wb").write(b)
        return
    sys.exit("no section " + want.decode())


if __name__ == "__main__":
    main()
