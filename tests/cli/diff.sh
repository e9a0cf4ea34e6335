#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# diff.sh - `btfx diff`: a blob against itself and against its twin of the
# other byte order prints nothing and exits 0; adding a DATASEC of N
# variables (blobs written here with python3) reports N + 1 types added,
# the bytes of each kind, and a total equal to the difference of the two
# files' sizes, in text and in --json; a struct that gained a member is
# changed; over --base only the own types count; errors exit 2.  Skips (77) without python3.
. "$(dirname "$0")/lib.sh"
need_python3

D=$BTFX_TEST_DATA
for f in "$D/sample.btf" "$D/types.bpfel.btf"; do
	run_btfx 0 diff "$f" "$f"
	[ ! -s "$TMP/out" ] || fail "diff $f $f printed something"
done
run_btfx 0 diff "$D/types.bpfel.btf" "$D/types.bpfeb.o"
[ ! -s "$TMP/out" ] || fail "diff of byte-order twins printed something"
run_btfx 0 diff "$D/types.bpfel.btf" "$D/types.bpfel.btf" --json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(bool(not d["identical"] or d["added"] or d["removed"] or d["changed"]))' "$TMP/out" ||
	fail "--json of identical blobs: $(cat "$TMP/out")"

# old: int, struct rq { int nr; }; new: the same + N VARs in a DATASEC,
# and rq { int nr; int curr; }.
python3 - "$TMP" <<'PY' || fail "cannot write the blobs"
import struct, sys
N = 291
def blob(n_vars, rq_members):
    strs = bytearray(b'\0')
    def s(x):
        off = len(strs)
        strs.extend(x + b'\0')
        return off
    t = struct.pack('<4I', s(b'int'), 1 << 24, 4, 0x01000020)
    t += struct.pack('<3I', s(b'rq'), 4 << 24 | len(rq_members), 4 * len(rq_members))
    for i, m in enumerate(rq_members):
        t += struct.pack('<3I', s(m), 1, 32 * i)
    for i in range(n_vars):
        t += struct.pack('<4I', s(b'pcpu_%d' % i), 14 << 24, 1, 1)
    if n_vars:
        t += struct.pack('<3I', s(b'.data..percpu'), 15 << 24 | n_vars, 4 * n_vars)
        for i in range(n_vars):
            t += struct.pack('<3I', 3 + i, 4 * i, 4)
    hdr = struct.pack('<HBBIIIII', 0xeb9f, 1, 0, 24, 0, len(t), len(t), len(strs))
    return hdr + t + bytes(strs)
open(sys.argv[1] + '/old.btf', 'wb').write(blob(0, [b'nr']))
open(sys.argv[1] + '/new.btf', 'wb').write(blob(N, [b'nr']))
open(sys.argv[1] + '/rq2.btf', 'wb').write(blob(0, [b'nr', b'curr']))
PY
old_sz=$(wc -c <"$TMP/old.btf")
new_sz=$(wc -c <"$TMP/new.btf")
run_btfx 1 diff "$TMP/old.btf" "$TMP/new.btf"
[ "$(grep -c '^+ ' "$TMP/out")" -eq 292 ] || fail "not 292 types added"
grep -q '^- \|^~ ' "$TMP/out" && fail "types removed or changed: $(grep '^[-~] ' "$TMP/out")"
grep -q "^VAR  *0  *291  *0  *4656  *+4656\$" "$TMP/out" || fail "VAR row: $(cat "$TMP/out")"
grep -q "^DATASEC  *0  *1  *0  *3504  *+3504\$" "$TMP/out" || fail "DATASEC row"
grep -q "^total  *$old_sz  *$new_sz  *+$((new_sz - old_sz))\$" "$TMP/out" ||
	fail "total row is not the files' sizes $old_sz -> $new_sz: $(tail -1 "$TMP/out")"
echo "ok: the DATASEC of 291 variables adds $((new_sz - old_sz)) bytes"
run_btfx 1 diff "$TMP/old.btf" "$TMP/new.btf" --json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
rows = {r["what"]: r for r in d["bytes"]}
ok = (len(d["added"]) == 292 and not d["removed"] and not d["changed"] and
      rows["VAR"]["delta"] == 291 * 16 and rows["DATASEC"]["delta"] == 12 + 291 * 12 and
      rows["total"]["delta"] == int(sys.argv[2]) and not d["identical"])
sys.exit(not ok)' "$TMP/out" "$((new_sz - old_sz))" || fail "--json: $(head -c 300 "$TMP/out")"

run_btfx 1 diff "$TMP/old.btf" "$TMP/rq2.btf"
grep -q '^~ STRUCT rq \[2 -> 2\] 24 -> 36 bytes (+12)$' "$TMP/out" || fail "rq: $(cat "$TMP/out")"

# Split BTF over old.btf (int, struct rq): only the own types are compared.
python3 - "$TMP" <<'PY' || fail "cannot write split blobs"
import struct, sys
def split(n_ptrs):
    strs = b'\0'
    t = b''.join(struct.pack('<3I', 0, 2 << 24, 1 + i) for i in range(n_ptrs))
    hdr = struct.pack('<HBBIIIII', 0xeb9f, 1, 0, 24, 0, len(t), len(t), len(strs))
    return hdr + t + strs
open(sys.argv[1] + '/s1.btf', 'wb').write(split(1))
open(sys.argv[1] + '/s2.btf', 'wb').write(split(2))
PY
run_btfx 0 diff "$TMP/s1.btf" "$TMP/s1.btf" --base "$TMP/old.btf"
[ ! -s "$TMP/out" ] || fail "split diff against itself printed something"
run_btfx 1 diff "$TMP/s1.btf" "$TMP/s2.btf" --base "$TMP/old.btf"
[ "$(grep -c '^[-+~] ' "$TMP/out")" -eq 1 ] || fail "split: $(cat "$TMP/out")"
grep -q '^+ PTR (STRUCT rq) \[4\] 12 bytes$' "$TMP/out" || fail "split: $(cat "$TMP/out")"
grep -q '^types  *1  *2  *12  *24  *+12$' "$TMP/out" || fail "split counts base types"

run_btfx 2 diff "$TMP/old.btf"
stderr_is_one_line 'missing FILE'
run_btfx 2 diff "$TMP/old.btf" "$TMP/nonexistent"
stderr_is_one_line 'nonexistent'
printf 'junk' >"$TMP/junk"
run_btfx 2 diff "$TMP/junk" "$TMP/old.btf"
run_btfx 0 diff --help
grep -q '^Usage: btfx diff OLD NEW' "$TMP/out" || fail "diff --help"
exit 0
