#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Undo GCC 12's known BTF defects, for a round of the agreement campaign.

usage: gcc12_fix.py IN OUT

GCC 12's encoder (gcc -gbtf, bpf-gcc) marks 'char' and 'signed char' as
SIGNED and CHAR at once (INT encoding 0x3), and gives a FWD a type
(its size or type word is not 0): every kernel refuses both ("Unsupported
encoding", "type != 0"), so the kernel never looks at the rest of what GCC
wrote.  This writes IN (raw BTF, little-endian, as GCC writes it for x86
and BPF) to OUT with each such INT marked SIGNED only, as clang marks
them, and each FWD's type 0, so that the rest is judged too.  Exits 1,
writing nothing, when IN has neither or cannot be walked.
"""
import struct
import sys

# Per kind: bytes after the 12-byte record, bytes per vlen element.
KINDS = {1: (4, 0), 2: (0, 0), 3: (12, 0), 4: (0, 12), 5: (0, 12), 6: (0, 8),
         7: (0, 0), 8: (0, 0), 9: (0, 0), 10: (0, 0), 11: (0, 0), 12: (0, 0),
         13: (0, 8), 14: (4, 0), 15: (0, 12), 16: (0, 0), 17: (4, 0), 18: (0, 0),
         19: (0, 12)}
INT_SIGNED, INT_CHAR = 1, 2


def fix(b):
    """The number of records changed in bytearray b, or -1 when it cannot be walked."""
    if len(b) < 24 or struct.unpack_from('<H', b, 0)[0] != 0xeb9f:
        return -1
    hdr_len, type_off, type_len = struct.unpack_from('<III', b, 4)
    p, end, fixed = hdr_len + type_off, hdr_len + type_off + type_len, 0
    if end > len(b):
        return -1
    while p + 12 <= end:
        info = struct.unpack_from('<I', b, p + 4)[0]
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        if kind not in KINDS:
            return -1
        if kind == 1:
            word = struct.unpack_from('<I', b, p + 12)[0]
            if (word >> 24) & 0xf == INT_SIGNED | INT_CHAR:
                struct.pack_into('<I', b, p + 12, (word & ~(0xf << 24)) | INT_SIGNED << 24)
                fixed += 1
        elif kind == 7 and struct.unpack_from('<I', b, p + 8)[0]:
            struct.pack_into('<I', b, p + 8, 0)
            fixed += 1
        extra, elem = KINDS[kind]
        p += 12 + extra + vlen * elem
    return fixed if p == end else -1


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split('\n\n')[1])
    b = bytearray(open(sys.argv[1], 'rb').read())
    n = fix(b)
    if n <= 0:
        sys.stderr.write('gcc12_fix.py: %s: %s\n' %
                         (sys.argv[1], 'no INT marked SIGNED and CHAR, no FWD with a type' if n == 0
                          else 'not raw little-endian BTF that can be walked'))
        sys.exit(1)
    open(sys.argv[2], 'wb').write(b)


if __name__ == '__main__':
    main()
