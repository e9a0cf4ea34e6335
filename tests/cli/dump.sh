#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dump.sh - `btfx dump` prints byte for byte what `bpftool btf dump file`
# prints: on the running kernel's BTF, on the test data (raw BTF of both
# byte orders, ELF objects), on split BTF with --base, and from stdin.
# Compressed inputs, which bpftool cannot read, must dump as their
# uncompressed twins.  Skips (77) without bpftool.
. "$(dirname "$0")/lib.sh"

BPFTOOL=$(find_bpftool)
if [ -z "$BPFTOOL" ]; then
	echo "bpftool not found: skipped"
	exit 77
fi

# same_as_bpftool FILE [BASE]
same_as_bpftool() {
	if [ -n "${2:-}" ]; then
		"$BPFTOOL" btf dump file "$1" -B "$2" >"$TMP/want" 2>/dev/null || return 2
		run_btfx 0 dump "$1" --base "$2"
	else
		"$BPFTOOL" btf dump file "$1" >"$TMP/want" 2>/dev/null || return 2
		run_btfx 0 dump "$1"
	fi
	cmp "$TMP/out" "$TMP/want" >/dev/null || {
		diff "$TMP/want" "$TMP/out" | head -5 >&2
		fail "btfx dump $1 differs from bpftool"
	}
	echo "ok: $1"
}

checked=0
if [ -r "$VMLINUX" ]; then
	same_as_bpftool "$VMLINUX"
	"$BTFX" dump - <"$VMLINUX" >"$TMP/stdin" || fail "btfx dump - failed"
	cmp "$TMP/stdin" "$TMP/want" >/dev/null || fail "btfx dump - <vmlinux differs"
	run_btfx 0 dump "$VMLINUX" --format raw
	cmp "$TMP/out" "$TMP/want" >/dev/null || fail "btfx dump --format raw differs"
	run_btfx 0 dump --format=raw "$VMLINUX"
	cmp "$TMP/out" "$TMP/want" >/dev/null || fail "btfx dump --format=raw differs"
	checked=$((checked + 1))
fi

for f in "$BTFX_TEST_DATA"/*.btf "$BTFX_TEST_DATA"/*.o; do
	[ -f "$f" ] || continue
	if same_as_bpftool "$f"; then
		checked=$((checked + 1))
	else
		echo "bpftool cannot read $f: not compared"
	fi
done

# Compressed inputs dump as their uncompressed twins.
for pair in types.bpfel.btf.gz:types.bpfel.btf types.bpfel.zlib.o:types.bpfel.o \
	types.elf32be.zlib.o:types.elf32be.o; do
	z="$BTFX_TEST_DATA/${pair%%:*}"
	plain="$BTFX_TEST_DATA/${pair#*:}"
	[ -f "$z" ] && [ -f "$plain" ] || continue
	run_btfx 0 dump "$plain"
	mv "$TMP/out" "$TMP/plain"
	run_btfx 0 dump "$z"
	cmp "$TMP/out" "$TMP/plain" >/dev/null || fail "btfx dump $z differs from $plain"
	echo "ok: $z"
	checked=$((checked + 1))
done

# Split BTF over vmlinux, written by hand: ids and string offsets continue
# after the base's.
if [ -r "$VMLINUX" ] && have_python3; then
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
	same_as_bpftool "$TMP/split.btf" "$VMLINUX"
	run_btfx 0 stats "$TMP/split.btf" --base "$VMLINUX"
	grep -q '^types  *3 ' "$TMP/out" || fail "stats --base counts other than own types"
	checked=$((checked + 1))
fi

[ "$checked" -gt 0 ] || { echo "nothing to compare: skipped"; exit 77; }
exit 0
