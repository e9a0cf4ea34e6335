#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# convert-elf.sh - `btfx convert --elf` and `--into` against the peers that
# read ELF: readelf, objcopy, ld -r, bpftool, pahole, gcc.  Each part needs
# its peer and is left out (with a SKIP line) without it; with none of
# them the test only checks what btfx reads back, and exits 77 when even
# that could not run.
. "${BTFX_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

SAMPLE="$BTFX_TEST_DATA/sample.btf"
BPFTOOL=$(find_bpftool)
have() { command -v "$1" >/dev/null 2>&1; }
ran_peer=0

run_btfx 0 dump "$SAMPLE"
cp "$TMP/out" "$TMP/sample.dump"

# btfx reads back what it wrote, as the raw blob.
same_dump() {
	run_btfx 0 dump "$1"
	cmp -s "$TMP/out" "$TMP/sample.dump" || fail "btfx dump $1 differs from the raw blob's"
}

# --elf in both classes and byte orders.
for v in "" "--elf32" "--endian big" "--elf32 --endian big" "--machine bpf"; do
	# shellcheck disable=SC2086
	run_btfx 0 convert "$SAMPLE" -o "$TMP/e.o" --elf $v
	same_dump "$TMP/e.o"
	case "$v" in *elf32*) class=ELF32 ;; *) class=ELF64 ;; esac
	case "$v" in *big*) data="big endian" ;; *) data="little endian" ;; esac
	if have readelf; then
		ran_peer=1
		readelf -h "$TMP/e.o" >"$TMP/h" 2>&1 || fail "readelf -h ($v)"
		grep -q "Class: *$class" "$TMP/h" || fail "not $class ($v)"
		grep -q "$data" "$TMP/h" || fail "not $data ($v)"
		readelf -S "$TMP/e.o" >"$TMP/s" 2>"$TMP/serr" || fail "readelf -S ($v)"
		[ ! -s "$TMP/serr" ] || fail "readelf -S warns ($v): $(cat "$TMP/serr")"
		grep -q "\.BTF  *PROGBITS" "$TMP/s" || fail "no .BTF PROGBITS ($v)"
		case "$v" in *bpf*) grep -q "Machine: *Linux BPF" "$TMP/h" || fail "not EM_BPF" ;; esac
	fi
	if [ -n "$BPFTOOL" ]; then
		ran_peer=1
		"$BPFTOOL" btf dump file "$TMP/e.o" >"$TMP/b" 2>&1 || fail "bpftool ($v)"
		cmp -s "$TMP/b" "$TMP/sample.dump" || fail "bpftool dump differs ($v)"
	fi
	# GNU objcopy of a host build knows no big-endian x86 (or BPF) target.
	if have objcopy && [ "$data" = "little endian" ] && [ "$v" != "--machine bpf" ]; then
		ran_peer=1
		objcopy "$TMP/e.o" "$TMP/e2.o" || fail "objcopy ($v)"
		objcopy --dump-section .BTF="$TMP/s1" "$TMP/e.o" "$TMP/e3.o" &&
			objcopy --dump-section .BTF="$TMP/s2" "$TMP/e2.o" "$TMP/e3.o" &&
			cmp -s "$TMP/s1" "$TMP/s2" || fail "objcopy changed .BTF ($v)"
	fi
done
# The section is the raw blob's bytes.
run_btfx 0 convert "$SAMPLE" -o "$TMP/e.o" --elf
if have objcopy; then
	objcopy --dump-section .BTF="$TMP/s1" "$TMP/e.o" "$TMP/e3.o"
	run_btfx 0 convert "$SAMPLE" -o "$TMP/raw.btf"
	cmp -s "$TMP/s1" "$TMP/raw.btf" || fail ".BTF is not the raw blob"
fi

# ld -r accepts the host objects (ELF64, and ELF32 on x86 as elf_i386).
if have ld; then
	ran_peer=1
	run_btfx 0 convert "$SAMPLE" -o "$TMP/h.o" --elf
	ld -r -o "$TMP/l.o" "$TMP/h.o" || fail "ld -r"
	same_dump "$TMP/l.o"
	if [ "$(uname -m)" = x86_64 ]; then
		run_btfx 0 convert "$SAMPLE" -o "$TMP/h32.o" --elf --elf32
		ld -r -m elf_i386 -o "$TMP/l32.o" "$TMP/h32.o" || fail "ld -r -m elf_i386"
		same_dump "$TMP/l32.o"
	fi
else
	echo "SKIP: ld not found"
fi

# -o - writes the same bytes to a pipe.
run_btfx 0 convert "$SAMPLE" -o "$TMP/p.o" --elf --endian big
"$BTFX" convert "$SAMPLE" -o - --elf --endian big | cat >"$TMP/p2.o"
cmp -s "$TMP/p.o" "$TMP/p2.o" || fail "--elf to a pipe differs"

# --into an object of gcc -g: every other section kept, readable by pahole and bpftool.
if have gcc && have readelf; then
	ran_peer=1
	cat >"$TMP/t.c" <<'EOC'
struct point { int x, y; };
struct line { struct point a, b; const char *name; };
struct line g_line;
int f(struct line *l) { return l->a.x + l->b.y; }
EOC
	gcc -g -c "$TMP/t.c" -o "$TMP/t.o" || fail "gcc -g -c"
	cp "$TMP/t.o" "$TMP/t.orig"
	run_btfx 0 convert "$SAMPLE" -o "$TMP/t1.o" --into "$TMP/t.o"
	cmp -s "$TMP/t.o" "$TMP/t.orig" || fail "--into changed its input"
	same_dump "$TMP/t1.o"
	for s in $(readelf -SW "$TMP/t.o" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
		[ "$s" = .shstrtab ] && continue
		readelf -x "$s" "$TMP/t.o" >"$TMP/x1" 2>&1
		readelf -x "$s" "$TMP/t1.o" >"$TMP/x2" 2>&1
		cmp -s "$TMP/x1" "$TMP/x2" || fail "section $s changed"
	done
	# Replace twice, OUT = OBJ, through a pipe once.
	run_btfx 0 convert "$SAMPLE" -o "$TMP/t1.o" --into "$TMP/t1.o"
	same_dump "$TMP/t1.o"
	"$BTFX" convert "$SAMPLE" -o - --into "$TMP/t1.o" >"$TMP/t2.o" || fail "--into to a pipe"
	same_dump "$TMP/t2.o"
	# pahole -J's own BTF for t.o, put in by btfx, reads as pahole's structs.
	if have pahole && pahole -J --btf_encode_detached="$TMP/t.btf" "$TMP/t.o" 2>/dev/null; then
		run_btfx 0 convert "$TMP/t.btf" -o "$TMP/tp.o" --into "$TMP/t.o"
		pahole -F btf "$TMP/tp.o" >"$TMP/pa" 2>&1 || fail "pahole -F btf"
		grep -q "struct line {" "$TMP/pa" || fail "pahole does not see struct line"
		[ -z "$BPFTOOL" ] || "$BPFTOOL" btf dump file "$TMP/tp.o" | grep -q "STRUCT 'point'" ||
			fail "bpftool does not see struct point"
	else
		echo "SKIP: pahole not found"
	fi
	if have objcopy; then
		objcopy --compress-debug-sections=zlib "$TMP/t1.o" "$TMP/tz.o" || fail "objcopy zlib"
		same_dump "$TMP/tz.o"
	fi
else
	echo "SKIP: gcc or readelf not found"
fi

# Bad objects for --into: exit 1 with a message, or 2 for I/O; no output file.
printf 'not an elf file at all' >"$TMP/bad.o"
run_btfx 1 convert "$SAMPLE" -o "$TMP/u.o" --into "$TMP/bad.o"
stderr_is_one_line "not an ELF"
head -c 40 "$TMP/e.o" >"$TMP/trunc.o"
run_btfx 1 convert "$SAMPLE" -o "$TMP/u.o" --into "$TMP/trunc.o"
stderr_is_one_line "truncated"
run_btfx 1 convert "$SAMPLE" -o "$TMP/u.o" --into "$BTFX_TEST_DATA/types.bpfel.o"
stderr_is_one_line "relocates"
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.o" --into "$TMP/missing.o"
stderr_is_one_line "missing.o"
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.o" --into "$TMP"
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.o" --elf --machine 70000
stderr_is_one_line "machine"
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.o" --elf --gzip
run_btfx 2 convert "$SAMPLE" -o "$TMP/u.o" --into "$TMP/e.o" --endian big
[ ! -e "$TMP/u.o" ] || fail "a refused --into left an output"
[ -z "$(ls "$TMP" | grep 'u\.o\.tmp\.')" ] || fail "a temporary file was left behind"

[ "$ran_peer" = 1 ] || skip "none of readelf, objcopy, ld, bpftool, gcc found"
echo "ok"
