#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Mutate raw BTF blobs for a round of the kernel agreement campaign.

usage: mutate.py [--seed N] [--count N] OUT SRC...

SRC is a raw BTF file, or a directory with a verdicts.txt (tests/btf_corpus
record), of which the blobs the kernel accepted are taken.  OUT gets COUNT
blobs, NNNNN-mut.btf, each a copy of a source chosen at random with one to
three changes: a flipped bit, a word set to an edge value or moved by a
little, new kind bits or kind_flag, a header field moved by a little, a
string byte replaced by one the name rules care about, or the end cut off.
The places are in the header, the type section or the string section, as
the header gives them.  The same seed and sources give the same blobs.
"""
import argparse
import os
import random
import struct
import sys

EDGE_WORDS = [0, 1, 2, 3, 4, 7, 8, 12, 0xff, 0xffff, 0x10000, 0xfffff, 0x100000,
              0xffffff, 1 << 24, 0x7fffffff, 1 << 31, 0xffffffff]
NAME_BYTES = [0, ord('-'), ord('1'), ord('.'), ord(' '), ord('_'), 0x7f, 0x80,
              0xa0, 0xd7, 0xe9]


def sources(paths):
    blobs = []
    for p in paths:
        if not os.path.isdir(p):
            blobs.append(open(p, 'rb').read())
            continue
        for line in open(os.path.join(p, 'verdicts.txt')):
            f = line.split()
            if f and not line.startswith('#') and f[1] == 'ACCEPT':
                blobs.append(open(os.path.join(p, f[0]), 'rb').read())
    return blobs


def sections(b):
    """(start, length) of the type and string sections, or None past the blob."""
    if len(b) < 24:
        return None, None
    hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from('<IIIII', b, 4)

    def sec(off, n):
        start = hdr_len + off
        return (start, n) if n >= 4 and start + n <= len(b) else None
    return sec(type_off, type_len), sec(str_off, str_len)


def word_at(rng, sec):
    start, n = sec
    return start + rng.randrange(n // 4) * 4


def mutate(rng, b):
    types, strs = sections(b)
    m = rng.randrange(8)
    if m == 0 or not types:
        p = rng.randrange(len(b))
        b[p] ^= 1 << rng.randrange(8)
    elif m == 1:
        struct.pack_into('<I', b, word_at(rng, types), rng.choice(EDGE_WORDS))
    elif m == 2:
        p = word_at(rng, types)
        w = struct.unpack_from('<I', b, p)[0]
        struct.pack_into('<I', b, p, (w + rng.choice([-2, -1, 1, 2])) & 0xffffffff)
    elif m == 3:
        p = word_at(rng, types) + 3  # the top byte of an info word, if it is one
        b[p] = (b[p] & 0x80) | rng.randrange(0x80)
    elif m == 4:
        b[word_at(rng, types) + 3] ^= 0x80  # kind_flag
    elif m == 5:
        p = rng.choice([8, 12, 16, 20])
        w = struct.unpack_from('<I', b, p)[0]
        struct.pack_into('<I', b, p, (w + rng.choice([-4, -1, 1, 4, 12])) & 0xffffffff)
    elif m == 6 and strs:
        b[strs[0] + rng.randrange(strs[1])] = rng.choice(NAME_BYTES)
    else:
        del b[rng.randrange(24, len(b)):]


def main():
    ap = argparse.ArgumentParser(description='Mutate raw BTF blobs.')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=1000)
    ap.add_argument('out')
    ap.add_argument('src', nargs='+')
    a = ap.parse_args()
    blobs = [b for b in sources(a.src) if len(b) > 24]
    if not blobs:
        sys.exit('mutate.py: no source blob in ' + ' '.join(a.src))
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.count):
        b = bytearray(rng.choice(blobs))
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            mutate(rng, b)
        with open(os.path.join(a.out, '%05d-mut.btf' % i), 'wb') as f:
            f.write(b)


if __name__ == '__main__':
    main()
