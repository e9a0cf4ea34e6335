#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# dump-c.sh - `btfx dump FILE --format c`: the header of every blob of
# tests/data and of the running kernel's BTF compiles with gcc and with
# clang -target bpf; the kernel's declares the same definitions as bpftool's
# format c; sizeof and offsetof of 300 of its structs, from the raw dump,
# hold in the header; a BPF program using it compiles; --type.  Parts
# without gcc, clang, bpftool or the kernel's BTF are skipped; with none of
# them the test skips (77).
. "$(dirname "$0")/lib.sh"

ran=0
have() { command -v "$1" >/dev/null 2>&1; }

# Compile header $1 (and the test file $2, default: the header) with both compilers.
compiles() {
	src=${2:-$1}
	if have gcc; then
		gcc -fsyntax-only -Wno-attributes -x c -include "$1" /dev/null 2>"$TMP/cc.err" ||
			fail "gcc rejects $1: $(head -3 "$TMP/cc.err")"
		[ "$src" = "$1" ] || gcc -fsyntax-only -Wno-attributes -x c "$src" 2>"$TMP/cc.err" ||
			fail "gcc rejects $src: $(head -3 "$TMP/cc.err")"
		ran=1
	fi
	if have clang; then
		clang -fsyntax-only -target bpf -x c "$src" 2>"$TMP/cc.err" ||
			fail "clang -target bpf rejects $src: $(head -3 "$TMP/cc.err")"
		ran=1
	fi
}

# Every blob of tests/data.
for f in "$BTFX_TEST_DATA"/*.btf "$BTFX_TEST_DATA"/*.btf.gz "$BTFX_TEST_DATA"/*.o; do
	[ -e "$f" ] || continue
	run_btfx 0 dump "$f" --format c
	grep -q '^#endif /\* __VMLINUX_H__ \*/$' "$TMP/out" || fail "$f: no include guard end"
	cp "$TMP/out" "$TMP/blob.h"
	compiles "$TMP/blob.h"
done

# --type: one type and what it needs; a name not there is exit 1.
f="$BTFX_TEST_DATA/types.bpfel.btf"
name=$("$BTFX" dump "$f" | sed -n "s/^\[[0-9]*\] STRUCT '\([A-Za-z_][A-Za-z0-9_]*\)'.*/\1/p" | head -1)
if [ -n "$name" ]; then
	run_btfx 0 dump "$f" --format c --type "$name"
	grep -q "^struct $name {" "$TMP/out" || fail "--type $name: no definition"
	cp "$TMP/out" "$TMP/one.h"
	compiles "$TMP/one.h"
	run_btfx 0 dump "$f" --format=c --type="$name" --type "$name"
	cmp -s "$TMP/out" "$TMP/one.h" || fail "--type twice differs"
fi
run_btfx 1 dump "$f" --format c --type no_such_type_name
stderr_is_one_line "no type named 'no_such_type_name'"

[ -r "$VMLINUX" ] || { [ $ran = 1 ] && exit 0; skip "$VMLINUX absent, no compiler"; }

run_btfx 0 dump "$VMLINUX" --format c
cp "$TMP/out" "$TMP/vmlinux.h"
compiles "$TMP/vmlinux.h"

# The same definitions as bpftool's (the whole text differs only where
# bpftool 7.1 leaves out mode(byte) of 1-byte enums).
BPFTOOL=$(find_bpftool)
if [ -n "$BPFTOOL" ] && "$BPFTOOL" btf dump file "$VMLINUX" format c >"$TMP/want.h" 2>/dev/null; then
	grep -E '^(struct|union|enum|typedef) ' "$TMP/want.h" | sort >"$TMP/want.names"
	grep -E '^(struct|union|enum|typedef) ' "$TMP/vmlinux.h" | sort >"$TMP/got.names"
	cmp -s "$TMP/want.names" "$TMP/got.names" ||
		fail "declarations differ from bpftool's: $(diff "$TMP/want.names" "$TMP/got.names" | head -5)"
	n=$(diff "$TMP/want.h" "$TMP/vmlinux.h" | grep -c '^[<>]')
	echo "vmlinux.h: $n lines differ from bpftool's"
	diff "$TMP/want.h" "$TMP/vmlinux.h" | grep '^[<>]' |
		grep -v -e '^< };$' -e '^> } __attribute__((mode(byte)));$' >"$TMP/other" || true
	[ -s "$TMP/other" ] && fail "unexpected differences: $(head -3 "$TMP/other")"
fi

# sizeof and offsetof of 300 uniquely named structs, from the raw dump.
"$BTFX" dump "$VMLINUX" >"$TMP/raw" || fail "raw dump failed"
awk '
/^\[[0-9]+\] STRUCT / { name = $3; gsub("\047", "", name); cur = ""
	if (name != "(anon)") { cnt[name]++; sz[name] = $4; sub("size=", "", sz[name]); cur = name; nm++; mem[name] = "" }
	next }
/^\[/ { cur = ""; next }
/^\t/ && cur != "" && $0 !~ /bitfield_size=/ { m = $1; gsub("\047", "", m); off = $3; sub("bits_offset=", "", off)
	if (m != "(anon)" && off % 8 == 0) mem[cur] = mem[cur] " " m ":" off / 8 }
END {
	print "#include \"vmlinux.h\""
	n = 0
	for (s in cnt) {
		if (cnt[s] != 1 || n >= 300) continue
		n++
		printf "_Static_assert(sizeof(struct %s) == %s, \"%s\");\n", s, sz[s], s
		k = split(mem[s], a, " ")
		for (i = 1; i <= k; i++) { split(a[i], p, ":")
			printf "_Static_assert(__builtin_offsetof(struct %s, %s) == %s, \"%s.%s\");\n", s, p[1], p[2], s, p[1] }
	}
	print "int asserted_structs = " n ";"
}' "$TMP/raw" >"$TMP/layout.c"
grep -q 'asserted_structs = 300;' "$TMP/layout.c" || fail "fewer than 300 structs to check"
# (the layout is the kernel's target's, x86-64 or other: native compilers;
# under -target bpf va_list has another size)
cd "$TMP" || exit 1
for cc in gcc clang; do
	have $cc || continue
	$cc -fsyntax-only -Wno-attributes layout.c 2>cc.err ||
		fail "$cc: layout asserts fail: $(grep error cc.err | head -3)"
done
cd - >/dev/null || exit 1

# A BPF program against the header.
if have clang; then
	cat >"$TMP/prog.c" <<'C'
#include "vmlinux.h"
__attribute__((section("tp/sched/sched_process_exec"), used))
int on_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *t = (struct task_struct *)0;
	return ctx->pid + (t ? t->pid : 0) + (int)sizeof(struct sk_buff);
}
char LICENSE[] __attribute__((section("license"), used)) = "GPL";
C
	clang -O2 -g -target bpf -c "$TMP/prog.c" -o "$TMP/prog.o" 2>"$TMP/cc.err" ||
		fail "BPF program: $(head -3 "$TMP/cc.err")"
	# Its BTF, made from the dumped header, loads into the running kernel
	# once its DATASECs are placed as a loader places them (btfx link).
	"$BTFX" link -o "$TMP/prog.btf" "$TMP/prog.o" 2>"$TMP/load.err" ||
		fail "btfx link of the BPF program: $(cat "$TMP/load.err")"
	"$BTFX_BUILDDIR/tests/btf_kload" "$TMP/prog.btf" 2>"$TMP/load.err"
	case $? in
	0) ;;
	77) echo "SKIP: the BPF program's BTF was not loaded: $(cat "$TMP/load.err")" ;;
	*) fail "BPF program's BTF: $(cat "$TMP/load.err")" ;;
	esac
	ran=1
fi
[ $ran = 1 ] || skip "no gcc, no clang"
exit 0
