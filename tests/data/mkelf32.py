#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""mkelf32.py - write a minimal ELF32 relocatable object that holds one
section (default .BTF) with the bytes of a file.

usage: mkelf32.py {little|big} IN OUT [SECTION]

Layout: ELF header, section data (8-aligned), .shstrtab, section headers
[0] NULL, [1] SECTION (PROGBITS), [2] .shstrtab (STRTAB).  e_machine is
EM_NONE: the file is only a container.  zsection.py compresses it.
"""
import struct
import sys


def main():
    args = sys.argv[1:]
    order = {"little": "<", "big": ">"}[args[0]]
    data = open(args[1], "rb").read()
    name = args[3] if len(args) > 3 else ".BTF"
    shstr = b"\0" + name.encode() + b"\0.shstrtab\0"
    ehsize, shentsize = 52, 40

    data_off = 56
    shstr_off = data_off + len(data)
    shoff = (shstr_off + len(shstr) + 3) & ~3
    ident = b"\x7fELF" + bytes([1, 1 if order == "<" else 2, 1, 0]) + bytes(8)
    ehdr = ident + struct.pack(order + "HHIIIIIHHHHHH", 1, 0, 1, 0, 0, shoff, 0,
                               ehsize, 0, 0, shentsize, 3, 2)
    sh = struct.pack(order + "10I", *([0] * 10))
    sh += struct.pack(order + "10I", 1, 1, 0, 0, data_off, len(data), 0, 0, 4, 0)
    sh += struct.pack(order + "10I", 2 + len(name), 3, 0, 0, shstr_off, len(shstr),
                      0, 0, 1, 0)
    out = ehdr + bytes(data_off - len(ehdr)) + data + shstr
    out += bytes(shoff - len(out)) + sh
    open(args[2], "wb").write(out)


if __name__ == "__main__":
    main()
