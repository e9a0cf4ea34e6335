#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# stats.sh - `btfx stats`: the table, valid JSON with --json, and figures
# that add up (kinds sum to the totals; a classic raw file's size is the
# total), on every file of the test data; stats-vmlinux.sh runs the same
# checks on the running kernel's BTF.  Skips (77) without python3.
. "$(dirname "$0")/lib.sh"
need_python3

# Is FILE raw BTF with the classic 24-byte header (either byte order)?
is_classic_raw() {
	case "$(od -An -tu1 -N8 "$1" | tr -s ' ' | sed 's/^ //; s/ $//')" in
	"159 235 1 "*" 24 0 0 0" | "235 159 1 "*" 0 0 0 24") return 0 ;;
	*) return 1 ;;
	esac
}

# check_file FILE: the total is the file's size when FILE is a classic raw blob.
check_file() {
	run_btfx 0 stats "$1"
	head -1 "$TMP/out" | grep -q '^kind  *count  *vlen  *bytes$' || fail "stats $1: no header"
	grep -q '^types ' "$TMP/out" && grep -q '^strings ' "$TMP/out" || fail "stats $1: no totals"
	total=$(awk '$1 == "total" { print $2 }' "$TMP/out")
	sized=
	if is_classic_raw "$1"; then
		sized=" (total is the file size)"
		size=$(wc -c <"$1" | tr -d ' ')
		[ "$total" = "$size" ] || fail "stats $1: total $total, file has $size bytes"
	fi
	run_btfx 0 stats --json "$1"
	python3 -m json.tool "$TMP/out" >/dev/null || fail "stats --json $1: not JSON"
	python3 - "$TMP/out" <<'PY' || fail "stats --json $1: figures do not add up"
import json, sys
s = json.load(open(sys.argv[1]))
k = s["kinds"]
assert sum(v["count"] for v in k.values()) == s["types"]["count"]
assert sum(v["bytes"] for v in k.values()) == s["types"]["bytes"]
assert s["total_bytes"] == 24 + s["types"]["bytes"] + s["strings"]["bytes"]
for name in ("INT", "PTR", "STRUCT", "FUNC_PROTO", "DATASEC", "ENUM64"):
    assert name in k, name
PY
	echo "ok: $1$sized"
}

if [ -n "${STATS_VMLINUX:-}" ]; then
	need_vmlinux
	check_file "$VMLINUX"
	exit 0
fi
checked=0
for f in "$BTFX_TEST_DATA"/*.btf "$BTFX_TEST_DATA"/*.o "$BTFX_TEST_DATA"/*.gz; do
	[ -f "$f" ] || continue
	check_file "$f"
	checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || fail "no test data in $BTFX_TEST_DATA"
exit 0
