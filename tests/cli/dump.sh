#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dump.sh - `btfx dump` needing no peer: from stdin and with --format raw
# it prints what it prints for the file, and compressed inputs (which
# bpftool cannot read) dump as their uncompressed twins.  The comparisons
# with bpftool are dump-bpftool.sh and dump-vmlinux.sh.
. "$(dirname "$0")/lib.sh"

plain="$BTFX_TEST_DATA/types.bpfel.btf"
run_btfx 0 dump "$plain"
mv "$TMP/out" "$TMP/want"
"$BTFX" dump - <"$plain" >"$TMP/stdin" || fail "btfx dump - failed"
cmp "$TMP/stdin" "$TMP/want" >/dev/null || fail "btfx dump - <$plain differs"
run_btfx 0 dump "$plain" --format raw
cmp "$TMP/out" "$TMP/want" >/dev/null || fail "btfx dump --format raw differs"
run_btfx 0 dump --format=raw "$plain"
cmp "$TMP/out" "$TMP/want" >/dev/null || fail "btfx dump --format=raw differs"
echo "ok: $plain from stdin and with --format raw"

# Compressed inputs dump as their uncompressed twins.
for pair in types.bpfel.btf.gz:types.bpfel.btf types.bpfel.zlib.o:types.bpfel.o \
	types.elf32be.zlib.o:types.elf32be.o; do
	z="$BTFX_TEST_DATA/${pair%%:*}"
	plain="$BTFX_TEST_DATA/${pair#*:}"
	[ -f "$z" ] && [ -f "$plain" ] || fail "test data $z or $plain missing"
	run_btfx 0 dump "$plain"
	mv "$TMP/out" "$TMP/plain"
	run_btfx 0 dump "$z"
	cmp "$TMP/out" "$TMP/plain" >/dev/null || fail "btfx dump $z differs from $plain"
	echo "ok: $z"
done
exit 0
