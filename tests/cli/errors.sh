#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# errors.sh - exit status (0 success, 1 bad input, 2 usage or I/O error)
# and one-line error messages of btfx.
. "$(dirname "$0")/lib.sh"

# --help and --version
run_btfx 0 --help
grep -q '^Usage: btfx' "$TMP/out" || fail "--help prints no usage"
grep -q 'dump' "$TMP/out" && grep -q 'stats' "$TMP/out" || fail "--help lacks commands"
run_btfx 0 -h
run_btfx 0 --version
grep -q '^btfx (libbtfx) [0-9]' "$TMP/out" || fail "--version: $(cat "$TMP/out")"
run_btfx 0 dump --help
grep -q '^Usage: btfx dump' "$TMP/out" || fail "dump --help"
run_btfx 0 stats --help

# Usage errors: 2, one line.
run_btfx 2
stderr_is_one_line 'btfx: missing command'
run_btfx 2 frobnicate
stderr_is_one_line "unknown command 'frobnicate'"
run_btfx 2 --frob
stderr_is_one_line "unknown option"
run_btfx 2 dump
stderr_is_one_line 'missing FILE'
run_btfx 2 dump a b
stderr_is_one_line "extra argument 'b'"
run_btfx 2 dump --bogus x
stderr_is_one_line "unknown option '--bogus'"
run_btfx 2 dump --format xml x
stderr_is_one_line "unknown format 'xml'"
run_btfx 2 dump x --format
stderr_is_one_line '--format needs a value'
run_btfx 2 dump x --base
stderr_is_one_line '--base needs a value'
run_btfx 2 dump --format c x --type
stderr_is_one_line '--type needs a type name'
run_btfx 2 dump x --type foo
stderr_is_one_line '--type needs --format c'
run_btfx 2 dump --format json x
stderr_is_one_line 'x: No such file'
run_btfx 2 dump --pretty "$BTFX_TEST_DATA/sample.btf"
stderr_is_one_line '--pretty needs --format json'
run_btfx 2 stats
stderr_is_one_line 'missing FILE'
run_btfx 2 stats --jsonx x
stderr_is_one_line "unknown option '--jsonx'"
run_btfx 2 dump - --base - </dev/null
stderr_is_one_line 'standard input'

# I/O errors: 2, "btfx: FILE: reason".
run_btfx 2 dump "$TMP/missing"
stderr_is_one_line "^btfx: $TMP/missing: No such file or directory\$"
run_btfx 2 stats "$TMP/missing"
stderr_is_one_line "^btfx: $TMP/missing: "
run_btfx 2 dump "$TMP"
stderr_is_one_line "^btfx: $TMP: "
run_btfx 2 dump "$BTFX_TEST_DATA/types.bpfel.btf" --base "$TMP/missing"
stderr_is_one_line "^btfx: $TMP/missing: "

# Bad input: 1, "btfx: FILE: reason".
printf 'this is not BTF, not ELF, not gzip either\n' >"$TMP/garbage"
run_btfx 1 dump "$TMP/garbage"
stderr_is_one_line "^btfx: $TMP/garbage: ."
[ -s "$TMP/out" ] && fail "output on bad input"
run_btfx 1 stats "$TMP/garbage"
stderr_is_one_line "^btfx: $TMP/garbage: ."
: >"$TMP/empty"
run_btfx 1 dump "$TMP/empty"
stderr_is_one_line "^btfx: $TMP/empty: ."
run_btfx 1 dump - <"$TMP/garbage"
stderr_is_one_line '^btfx: -: .'
if [ -f "$BTFX_TEST_DATA/types.bpfel.btf" ]; then
	head -c 40 "$BTFX_TEST_DATA/types.bpfel.btf" >"$TMP/truncated"
	run_btfx 1 dump "$TMP/truncated"
	stderr_is_one_line "^btfx: $TMP/truncated: ."
fi
# An ELF object without .BTF: btfx itself when it is an ELF executable.
for elf in "$BTFX_BUILDDIR/tools/.libs/btfx" "$BTFX_BUILDDIR/tools/btfx"; do
	if [ -f "$elf" ] && [ "$(head -c 4 "$elf" | od -An -c | tr -d ' ')" = '177ELF' ]; then
		run_btfx 1 dump "$elf"
		stderr_is_one_line "^btfx: $elf: .*\\.BTF"
		break
	fi
done

# Write errors on standard output: 2.
if [ -w /dev/full ] && [ -f "$BTFX_TEST_DATA/types.bpfel.btf" ]; then
	"$BTFX" dump "$BTFX_TEST_DATA/types.bpfel.btf" >/dev/full 2>"$TMP/err"
	[ $? -eq 2 ] || fail "dump >/dev/full: exit status not 2"
	stderr_is_one_line '^btfx: standard output: '
	"$BTFX" stats "$BTFX_TEST_DATA/types.bpfel.btf" --json >/dev/full 2>"$TMP/err"
	[ $? -eq 2 ] || fail "stats >/dev/full: exit status not 2"
fi
exit 0
