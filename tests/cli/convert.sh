#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# convert.sh - btfx convert IN -o OUT: round trips through every byte order
# and the layout header, gzip output that `gzip -d` turns back into the raw
# blob, standard output, and write failures (/dev/full, a reader that has
# gone, a missing or unusable output directory): each exits 2 with one
# error line naming the output and leaves no file behind.
. "$(dirname "$0")/lib.sh"

SAMPLE="$BTFX_TEST_DATA/sample.btf"
EL="$BTFX_TEST_DATA/types.bpfel.btf"
EB="$BTFX_TEST_DATA/types.bpfeb.btf"

# The byte order of a raw blob from its magic: "little" or "big".
order_of() {
	m=$(od -An -tx1 -N2 "$1" | tr -d ' \n')
	case $m in
	9feb) echo little ;;
	eb9f) echo big ;;
	*) echo "unknown($m)" ;;
	esac
}
native=$(printf '\001\000' | od -An -tu2 | tr -d ' \n')
[ "$native" = 1 ] && native=little || native=big

"$BTFX" dump "$SAMPLE" >"$TMP/sample.dump" || fail "dump of sample.btf"

# Every byte order, with and without the layout section: the same types,
# and converting back gives the original bytes.
for e in little big native; do
	for l in "" --layout; do
		run_btfx 0 convert "$SAMPLE" -o "$TMP/s.$e.btf" --endian $e $l
		[ ! -s "$TMP/err" ] || fail "convert --endian $e $l wrote to stderr: $(cat "$TMP/err")"
		want=$e
		[ $e = native ] && want=$native
		[ "$(order_of "$TMP/s.$e.btf")" = $want ] || fail "--endian $e $l wrote $(order_of "$TMP/s.$e.btf")"
		run_btfx 0 dump "$TMP/s.$e.btf"
		cmp -s "$TMP/out" "$TMP/sample.dump" || fail "--endian $e $l changed the types"
		run_btfx 0 convert "$TMP/s.$e.btf" -o "$TMP/back.btf" --endian little
		cmp -s "$TMP/back.btf" "$SAMPLE" || fail "--endian $e $l and back is not sample.btf"
	done
done
# The default keeps the input's order; the two test blobs are each other's swap.
run_btfx 0 convert "$EB" -o "$TMP/eb.btf"
cmp -s "$TMP/eb.btf" "$EB" || fail "convert without --endian changed a big-endian blob"
run_btfx 0 convert "$EB" -o "$TMP/el.btf" --endian little
cmp -s "$TMP/el.btf" "$EL" || fail "big to little is not the little-endian blob"
run_btfx 0 convert "$EL" -o "$TMP/eb2.btf" --endian big
cmp -s "$TMP/eb2.btf" "$EB" || fail "little to big is not the big-endian blob"

# Standard output: the same bytes as a file.
run_btfx 0 convert "$SAMPLE" -o "$TMP/big.btf" --endian big
run_btfx 0 convert "$SAMPLE" -o - --endian big
cmp -s "$TMP/out" "$TMP/big.btf" || fail "-o - differs from a file"

# gzip at the default level and others: gzip -d gives the raw blob, btfx reads it.
for g in --gzip --gzip=1 --gzip=9; do
	run_btfx 0 convert "$SAMPLE" -o "$TMP/s.gz" --endian big $g
	if command -v gzip >/dev/null 2>&1; then
		gzip -d -c "$TMP/s.gz" >"$TMP/s.raw" || fail "gzip -d of $g output failed"
		cmp -s "$TMP/s.raw" "$TMP/big.btf" || fail "$g output does not decompress to the blob"
	fi
	run_btfx 0 dump "$TMP/s.gz"
	cmp -s "$TMP/out" "$TMP/sample.dump" || fail "$g output does not read back"
done
run_btfx 0 convert "$SAMPLE" -o - --gzip
if command -v gzip >/dev/null 2>&1; then
	gzip -d -c <"$TMP/out" | cmp -s - "$SAMPLE" || fail "--gzip -o - does not decompress to the blob"
fi

# Modes: a new file follows the umask, a replaced one keeps its own.
(umask 027 && "$BTFX" convert "$SAMPLE" -o "$TMP/m.btf") || fail "convert under umask 027"
[ "$(stat -c %a "$TMP/m.btf")" = 640 ] || fail "new file mode $(stat -c %a "$TMP/m.btf"), not 640"
chmod 604 "$TMP/m.btf"
(umask 077 && "$BTFX" convert "$SAMPLE" -o "$TMP/m.btf") || fail "convert over a file"
[ "$(stat -c %a "$TMP/m.btf")" = 604 ] || fail "replaced file mode $(stat -c %a "$TMP/m.btf"), not 604"

# Usage errors: 2, one line.
run_btfx 2 convert "$SAMPLE"
stderr_is_one_line "no output file"
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.btf" --endian middle
stderr_is_one_line "endian"
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.btf" --gzip=0
stderr_is_one_line "gzip"
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.o" --elf32
stderr_is_one_line "needs --elf"
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.o" --into "$TMP/x.o"
stderr_is_one_line "x.o: No such file"
[ ! -e "$TMP/u.btf" ] && [ ! -e "$TMP/u.o" ] || fail "a usage error left an output"

# /dev/full: ENOSPC, exit 2, the device stays a device and no temporary is left.
if [ -c /dev/full ]; then
	run_btfx 2 convert "$SAMPLE" -o /dev/full
	stderr_is_one_line "/dev/full: write: No space left on device"
	[ -c /dev/full ] || fail "/dev/full is no longer a device"
	[ -z "$(ls /dev | grep '^full\.tmp\.')" ] || fail "a temporary file was left in /dev"
	run_btfx 2 convert "$SAMPLE" -o /dev/full --gzip
	stderr_is_one_line "/dev/full"
fi

# A reader that has gone: EPIPE, exit 2 with a message (not SIGPIPE).  The
# reader (true) exits before btfx starts writing.
{ sleep 1; "$BTFX" convert "$SAMPLE" -o - 2>"$TMP/err"; echo $? >"$TMP/rc"; } | true
[ "$(cat "$TMP/rc")" = 2 ] || fail "writing to a closed pipe: exit $(cat "$TMP/rc"), not 2"
stderr_is_one_line "standard output: write: Broken pipe"
# The same when the reader goes after one byte of a blob too big for the pipe.
if [ -r "$VMLINUX" ]; then
	{ "$BTFX" convert "$VMLINUX" -o - 2>"$TMP/err"; echo $? >"$TMP/rc"; } | head -c 1 >/dev/null
	[ "$(cat "$TMP/rc")" = 2 ] || fail "head -c 1 of vmlinux: exit $(cat "$TMP/rc"), not 2"
	stderr_is_one_line "Broken pipe"
fi

# Output directories that fail: nothing is left, neither OUT nor a temporary.
run_btfx 2 convert "$SAMPLE" -o "$TMP/no/such/dir/out.btf"
stderr_is_one_line "no/such/dir/out.btf"
mkdir "$TMP/outdir" && : >"$TMP/outdir/keep"
run_btfx 2 convert "$SAMPLE" -o "$TMP/outdir"
stderr_is_one_line "outdir: rename from .*outdir\.tmp\.[0-9a-f]*: Is a directory"
run_btfx 2 convert "$SAMPLE" -o "$TMP/outdir" --gzip
stderr_is_one_line "outdir: rename from .*: Is a directory"
[ "$(ls "$TMP/outdir")" = keep ] || fail "the output directory was changed"
[ -z "$(ls "$TMP" | grep 'outdir\.tmp\.')" ] || fail "a temporary file was left behind"
if [ "$(id -u)" != 0 ]; then
	mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
	run_btfx 2 convert "$SAMPLE" -o "$TMP/ro/out.btf"
	stderr_is_one_line "ro/out.btf"
	[ -z "$(ls "$TMP/ro")" ] || fail "something was left in a read-only directory"
	chmod 755 "$TMP/ro"
fi
exit 0
