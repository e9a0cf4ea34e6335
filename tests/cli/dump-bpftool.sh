#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dump-bpftool.sh - `btfx dump` prints byte for byte what
# `bpftool btf dump file` prints, on every file of the test data (raw BTF of
# both byte orders, ELF objects) but the compressed ones, which bpftool
# cannot read (dump.sh compares those with their twins).  Skips (77) without
# bpftool.
. "$(dirname "$0")/lib.sh"
need_bpftool

checked=0
for f in "$BTFX_TEST_DATA"/*.btf "$BTFX_TEST_DATA"/*.o; do
	case $f in *.zlib.o) continue ;; esac
	[ -f "$f" ] || continue
	same_as_bpftool "$f" || fail "bpftool cannot read $f"
	checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || fail "no test data in $BTFX_TEST_DATA"
exit 0
