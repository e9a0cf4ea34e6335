#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""json-compare.py RAW OURS [BPFTOOL]: check `btfx dump --format json`.

OURS must parse as JSON ({"types": [...]}) and list the types of RAW (the
raw dump, `btfx dump FILE`) with the same ids, kinds and names, in order.
With BPFTOOL (`bpftool -j btf dump file`), compare field by field: the same
keys in the same order and the same values, but for the differences we know
of, which are counted and printed:
  enum32-unsigned-val  bpftool sign-extends the value of an unsigned 32-bit
                       ENUM to 64 bits (4294967295 becomes 2^64 - 1).
Exit status 0 when all holds, 1 otherwise (the first differences printed).
"""
import json
import re
import sys

HEAD = re.compile(r"^\[(\d+)\] (\S+) '(.*)'")


def load_json(path):
    with open(path, 'rb') as f:
        data = f.read()
    # Strict: the text must be UTF-8 and JSON; no NaN and no duplicate keys.
    def no_dups(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError('duplicate key in %r' % keys)
        return pairs
    return json.loads(data.decode('utf-8'), object_pairs_hook=no_dups,
                      parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))


def raw_types(path):
    out = []
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        for line in f:
            m = HEAD.match(line)
            if m:
                out.append((int(m.group(1)), m.group(2), m.group(3)))
    return out


def types_of(doc):
    if len(doc) != 1 or doc[0][0] != 'types' or not isinstance(doc[0][1], list):
        raise ValueError('top level is not {"types": [...]}')
    return doc[0][1]


def field(t, key):
    for k, v in t:
        if k == key:
            return v
    return None


def known(kind, path, ours, theirs):
    if kind == 'ENUM' and path.endswith('.val') and isinstance(ours, int) \
            and 2**31 <= ours < 2**32 and theirs == ours + 2**64 - 2**32:
        return 'enum32-unsigned-val'
    return None


def compare(a, b, path, kind, diffs, known_cnt):
    """a: ours, b: bpftool's, as lists of pairs / lists / scalars."""
    if isinstance(a, list) and isinstance(b, list):
        if a and isinstance(a[0], tuple) or b and isinstance(b[0], tuple):
            ka, kb = [k for k, _ in a], [k for k, _ in b]
            if ka != kb:
                diffs.append('%s: keys %s vs bpftool %s' % (path, ka, kb))
                return
            for (k, va), (_, vb) in zip(a, b):
                compare(va, vb, path + '.' + k, kind, diffs, known_cnt)
            return
        if len(a) != len(b):
            diffs.append('%s: %d elements vs bpftool %d' % (path, len(a), len(b)))
            return
        for i, (va, vb) in enumerate(zip(a, b)):
            compare(va, vb, '%s[%d]' % (path, i), kind, diffs, known_cnt)
        return
    if a == b and type(a) == type(b):
        return
    why = known(kind, path, a, b)
    if why:
        known_cnt[why] = known_cnt.get(why, 0) + 1
    else:
        diffs.append('%s: %r vs bpftool %r' % (path, a, b))


def main(argv):
    raw = raw_types(argv[1])
    ours = types_of(load_json(argv[2]))
    got = [(field(t, 'id'), field(t, 'kind'), field(t, 'name')) for t in ours]
    if len(got) != len(raw):
        print('type count %d, raw dump %d' % (len(got), len(raw)))
        return 1
    for g, r in zip(got, raw):
        # The raw dump prints names as they are; compare printable ones.
        if g[:2] != r[:2] or (g[2] != r[2] and r[2].isprintable()):
            print('type %r, raw dump %r' % (g, r))
            return 1
    if len(argv) < 4:
        return 0
    theirs = types_of(load_json(argv[3]))
    diffs, known_cnt = [], {}
    if len(theirs) != len(ours):
        print('type count %d, bpftool %d' % (len(ours), len(theirs)))
        return 1
    for a, b in zip(ours, theirs):
        compare(a, b, '[%s]' % field(a, 'id'), field(a, 'kind'), diffs, known_cnt)
    for k, n in sorted(known_cnt.items()):
        print('known difference %s: %d' % (k, n))
    for d in diffs[:10]:
        print('differs: ' + d)
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
