#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dedup.sh - btfx dedup IN -o OUT: a deduplicated input comes back as it
# was, K exploded copies of it dedup to the same types, and a failed run
# exits 1 or 2 with one error line and leaves no OUT.
. "$(dirname "$0")/lib.sh"

EXPLODE="$BTFX_BUILDDIR/tests/explode"
[ -x "$EXPLODE" ] || fail "$EXPLODE not built"
SAMPLE="$BTFX_TEST_DATA/sample.btf"

# Already deduplicated (pahole's output): the same bytes back.
run_btfx 0 dedup "$SAMPLE" -o "$TMP/same.btf"
cmp -s "$SAMPLE" "$TMP/same.btf" || fail "dedup of sample.btf changed it"
stderr_is_one_line "sample.btf: 110 types -> 110"

# Four units with their own copies, a third of the structs behind pointers as FWDs.
"$EXPLODE" -q -k 4 -f 30 "$SAMPLE" -o "$TMP/x4.btf" || fail "explode failed"
run_btfx 0 dedup "$TMP/x4.btf" -o "$TMP/x4d.btf"
"$BTFX" stats "$SAMPLE" >"$TMP/want" || fail "stats of sample.btf"
"$BTFX" stats "$TMP/x4d.btf" >"$TMP/got" || fail "stats of the result"
diff "$TMP/want" "$TMP/got" >/dev/null || {
	diff "$TMP/want" "$TMP/got" >&2
	fail "the four units do not dedup to sample.btf's types"
}
# Deduplicating the result again keeps its types (its strings may be
# reordered by first use, as libbpf's string dedup orders them).
run_btfx 0 dedup "$TMP/x4d.btf" -o "$TMP/x4dd.btf"
"$BTFX" dump "$TMP/x4d.btf" >"$TMP/d1" && "$BTFX" dump "$TMP/x4dd.btf" >"$TMP/d2" ||
	fail "dump of the results"
cmp -s "$TMP/d1" "$TMP/d2" || fail "a second dedup changed the types"

# Usage and I/O errors: 2; bad input: 1; never a partial OUT.
run_btfx 2 dedup "$SAMPLE"
stderr_is_one_line "no output file"
run_btfx 2 dedup "$TMP/missing.btf" -o "$TMP/out1.btf"
[ ! -e "$TMP/out1.btf" ] || fail "an OUT was left after a missing input"
head -c 100 "$SAMPLE" >"$TMP/cut.btf"
run_btfx 1 dedup "$TMP/cut.btf" -o "$TMP/out2.btf"
stderr_is_one_line "cut.btf"
[ ! -e "$TMP/out2.btf" ] || fail "an OUT was left after a bad input"
run_btfx 2 dedup "$SAMPLE" -o "$TMP/no/such/dir/out.btf"
# OUT is a directory: the rename fails after the write; the temporary goes.
mkdir "$TMP/outdir"
run_btfx 2 dedup "$SAMPLE" -o "$TMP/outdir"
stderr_is_one_line "outdir"
[ -z "$(ls "$TMP" | grep 'outdir\.tmp\.')" ] || fail "a temporary file was left behind"
exit 0
