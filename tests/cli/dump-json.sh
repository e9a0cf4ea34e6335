#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dump-json.sh - `btfx dump --format json` of every test blob and of the
# running kernel's BTF parses with Python's json module, lists the types of
# the raw dump (count, ids, kinds, names), and --pretty gives the same
# document; where bpftool can read the file, the JSON equals `bpftool -j`'s
# field by field but for the differences json-compare.py knows (printed),
# and the pretty form is byte for byte `bpftool -p`'s where no unsigned
# ENUM has a value past 2^31.  A blob whose names hold quotes, control bytes
# and bytes outside UTF-8 gives valid JSON too.  Skips (77) without python3.
. "$(dirname "$0")/lib.sh"
need_python3
BPFTOOL=$(find_bpftool)
CMP="$BTFX_SRCDIR/tests/cli/json-compare.py"

# check FILE [BASE]
check() {
	base_opt=
	[ -n "${2:-}" ] && base_opt="--base $2"
	# shellcheck disable=SC2086
	run_btfx 0 dump "$1" $base_opt
	mv "$TMP/out" "$TMP/raw"
	# shellcheck disable=SC2086
	run_btfx 0 dump "$1" --format json $base_opt
	mv "$TMP/out" "$TMP/json"
	# shellcheck disable=SC2086
	run_btfx 0 dump "$1" --format=json --pretty $base_opt
	python3 -c 'import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
sys.exit(a != b)' "$TMP/json" "$TMP/out" || fail "$1: --pretty gives another document"
	case $1 in *.zlib.o | *.gz) BT= ;; *) BT=$BPFTOOL ;; esac
	if [ -z "$BT" ]; then
		python3 "$CMP" "$TMP/raw" "$TMP/json" || fail "$1: JSON does not match the raw dump"
		echo "ok: $1"
		return 0
	fi
	# shellcheck disable=SC2086
	"$BT" -j btf dump file "$1" ${2:+-B "$2"} >"$TMP/bpftool" 2>/dev/null ||
		fail "bpftool cannot read $1"
	python3 "$CMP" "$TMP/raw" "$TMP/json" "$TMP/bpftool" >"$TMP/cmp" ||
		{ cat "$TMP/cmp" >&2; fail "$1: JSON differs from bpftool's"; }
	sed "s|^|$1: |" "$TMP/cmp"
	if ! grep -q enum32 "$TMP/cmp"; then
		cmp "$TMP/json" "$TMP/bpftool" >/dev/null || fail "$1: not bpftool -j's bytes"
		# shellcheck disable=SC2086
		"$BT" -p btf dump file "$1" ${2:+-B "$2"} >"$TMP/bpftool"
		cmp "$TMP/out" "$TMP/bpftool" >/dev/null || fail "$1: not bpftool -p's bytes"
	fi
	echo "ok: $1"
}

checked=0
for f in "$BTFX_TEST_DATA"/*.btf "$BTFX_TEST_DATA"/*.btf.gz "$BTFX_TEST_DATA"/*.o; do
	[ -f "$f" ] || continue
	check "$f"
	checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || fail "no test data in $BTFX_TEST_DATA"

# Names with every kind of byte (the reader takes any bytes in an INT's name).
python3 - "$TMP/odd.btf" <<'PY' || fail "cannot write odd.btf"
import struct, sys
names = [b'q"b\\s\tn\nr\x01\x1f\x7f', b'\xc3\xa9\xf0\x90\x8d\x88', b'\x80\xc0\xaf\xed\xa0\x80\xff\xe2\x82']
strs = b'\0' + b'\0'.join(names) + b'\0'
types = b''
for i, n in enumerate(names):
    types += struct.pack('<4I', strs.index(b'\0' + n + b'\0') + 1, 1 << 24, 4, 32)
hdr = struct.pack('<HBBIIIII', 0xeb9f, 1, 0, 24, 0, len(types), len(types), len(strs))
open(sys.argv[1], 'wb').write(hdr + types + strs)
PY
run_btfx 0 dump "$TMP/odd.btf" --format json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n = [t["name"] for t in d["types"]]
want = ["q\"b\\s\tn\nr\x01\x1f\x7f", "\u00e9\U00010348", "\x80\xc0\xaf\xed\xa0\x80\xff\xe2\x82"]
sys.exit(n != want)' "$TMP/out" || fail "odd names: $(cat "$TMP/out")"

if [ -r "$VMLINUX" ]; then
	check "$VMLINUX"
else
	echo "SKIP (in part): $VMLINUX absent"
fi
exit 0
