#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dump-vmlinux.sh - `btfx dump` of the running kernel's BTF prints byte for
# byte what bpftool prints, also from stdin and with --format raw, and so
# does a split BTF over it (written by hand with python3: ids and string
# offsets continue after the base's).  Skips (77) without the kernel's BTF,
# bpftool or python3.
. "$(dirname "$0")/lib.sh"
need_vmlinux
need_bpftool
need_python3

same_as_bpftool "$VMLINUX" || fail "bpftool cannot read $VMLINUX"
"$BTFX" dump - <"$VMLINUX" >"$TMP/stdin" || fail "btfx dump - failed"
cmp "$TMP/stdin" "$TMP/want" >/dev/null || fail "btfx dump - <vmlinux differs"
run_btfx 0 dump "$VMLINUX" --format raw
cmp "$TMP/out" "$TMP/want" >/dev/null || fail "btfx dump --format raw differs"
run_btfx 0 dump --format=raw "$VMLINUX"
cmp "$TMP/out" "$TMP/want" >/dev/null || fail "btfx dump --format=raw differs"

python3 - "$VMLINUX" "$TMP/split.btf" <<'PY' || fail "cannot write split BTF"
import struct, sys
base = open(sys.argv[1], 'rb').read()
magic, = struct.unpack_from('<H', base, 0)
e = '<' if magic == 0xeb9f else '>'
hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from(e + '5I', base, 4)
n, p, t = 0, hdr_len + type_off, hdr_len + type_off + type_len
def rec_len(info, vlen):
    k = (info >> 24) & 0x1f
    fixed = {1: 4, 3: 12, 14: 4, 17: 4}.get(k, 0)
    elem = {4: 12, 5: 12, 6: 8, 13: 8, 15: 12, 19: 12}.get(k, 0)
    return 12 + fixed + vlen * elem
while p < t:
    _, info, _ = struct.unpack_from(e + '3I', base, p)
    p += rec_len(info, info & 0xffff)
    n += 1
strs = b'\0mod_ptr\0mod_s\0f\0'
so = lambda s: str_len + strs.index(s + b'\0')
types = struct.pack(e + '3I', so(b'mod_ptr'), 8 << 24, n + 2)            # TYPEDEF
types += struct.pack(e + '3I', 0, 2 << 24, 1)                             # PTR
types += struct.pack(e + '6I', so(b'mod_s'), 4 << 24 | 1, 8, so(b'f'), n + 2, 0)  # STRUCT
hdr = struct.pack(e + 'HBBIIIII', 0xeb9f, 1, 0, 24, 0, len(types), len(types), len(strs))
open(sys.argv[2], 'wb').write(hdr + types + strs)
PY
same_as_bpftool "$TMP/split.btf" "$VMLINUX" || fail "bpftool cannot read the split BTF"
run_btfx 0 stats "$TMP/split.btf" --base "$VMLINUX"
grep -q '^types  *3 ' "$TMP/out" || fail "stats --base counts other than own types"
exit 0
