#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# validate.sh - `btfx validate`: exit 0 valid, 1 invalid, 2 usage or I/O
# error; one line per problem naming the type id, kind, name and rule;
# --all; --json (one object per line, checked with python3 when there);
# --target; raw, gzip and ELF inputs; the running kernel's BTF when there.
. "$(dirname "$0")/lib.sh"

# A valid raw file, and the same after a gzip round trip and in an ELF object.
run_btfx 0 validate "$BTFX_TEST_DATA/sample.btf"
grep -q "^$BTFX_TEST_DATA/sample.btf: valid for the current kernel\$" "$TMP/out" ||
	fail "validate sample.btf: $(cat "$TMP/out")"

# Unplaced DATASECs (size 0): the kernel refuses them, so does validate.
run_btfx 1 validate "$BTFX_TEST_DATA/types.bpfel.btf"
[ "$(wc -l <"$TMP/out")" -eq 1 ] || fail "validate stops at the first problem: $(cat "$TMP/out")"
grep -q "\[61\] DATASEC '.bss': .*(datasec-size)\$" "$TMP/out" ||
	fail "validate types.bpfel.btf: $(cat "$TMP/out")"
run_btfx 1 validate --all "$BTFX_TEST_DATA/types.bpfel.btf"
[ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "validate --all: $(cat "$TMP/out")"
[ ! -s "$TMP/err" ] || fail "validate of raw BTF says more: $(cat "$TMP/err")"
run_btfx 1 validate "$BTFX_TEST_DATA/types.bpfel.btf.gz"
grep -q "(datasec-size)\$" "$TMP/out" || fail "validate .gz: $(cat "$TMP/out")"
run_btfx 1 validate --all "$BTFX_TEST_DATA/globals.bpfel.o"
grep -q "\[24\] VAR 'bpf_prog_active': .*(var-linkage)\$" "$TMP/out" ||
	fail "validate globals.bpfel.o: $(cat "$TMP/out")"

# A compiler's object leaves its DATASECs for the linker or loader to
# place: validate says so, and the object placed by `btfx link` is valid,
# and so is the object as libbpf loads it (--as-loaded).
run_btfx 1 validate "$BTFX_TEST_DATA/types.bpfel.o"
grep -q "\[61\] DATASEC '.bss': .*(datasec-size)\$" "$TMP/out" ||
	fail "validate types.bpfel.o: $(cat "$TMP/out")"
stderr_is_one_line "validate --as-loaded .*types.bpfel.o"
run_btfx 0 link -o "$TMP/placed.btf" "$BTFX_TEST_DATA/types.bpfel.o"
run_btfx 0 validate "$TMP/placed.btf"
[ ! -s "$TMP/err" ] || fail "validate of a placed object says more: $(cat "$TMP/err")"
run_btfx 0 validate --as-loaded "$BTFX_TEST_DATA/types.bpfel.o"
grep -qx ".*types.bpfel.o: valid for the current kernel" "$TMP/out" ||
	fail "validate --as-loaded types.bpfel.o: $(cat "$TMP/out")"

# Externs (.kconfig, .ksyms): the kernel refuses them as the compiler
# writes them; libbpf rewrites them before loading, and so does --as-loaded.
run_btfx 1 validate "$BTFX_TEST_DATA/externs.bpfel.o"
grep -q "FUNC 'bpf_obj_new_impl': .*(func-linkage)\$" "$TMP/out" ||
	fail "validate externs.bpfel.o: $(cat "$TMP/out")"
stderr_is_one_line "validate --as-loaded .*externs.bpfel.o"
run_btfx 0 validate --as-loaded --all "$BTFX_TEST_DATA/externs.bpfel.o"
[ ! -s "$TMP/err" ] || fail "validate --as-loaded says more: $(cat "$TMP/err")"
# `btfx link --as-loaded` writes what libbpf would load: valid, and where
# the kernel can be asked, accepted (tests/btf_kload exits 77 otherwise).
run_btfx 0 link --as-loaded -o "$TMP/loaded.btf" "$BTFX_TEST_DATA/externs.bpfel.o"
run_btfx 0 validate "$TMP/loaded.btf"
rc=0
"$BTFX_BUILDDIR/tests/btf_kload" "$TMP/loaded.btf" 2>"$TMP/kerr" || rc=$?
[ $rc -eq 0 ] || [ $rc -eq 77 ] || fail "the kernel refuses link --as-loaded's output: $(cat "$TMP/kerr")"
# Only for an object file, and alone.
run_btfx 2 validate --as-loaded "$BTFX_TEST_DATA/sample.btf"
grep -q "takes an ELF object file" "$TMP/err" || fail "--as-loaded on raw BTF: $(cat "$TMP/err")"
run_btfx 2 validate --as-loaded --base "$BTFX_TEST_DATA/sample.btf" \
	"$BTFX_TEST_DATA/externs.bpfel.o"

# The other byte order: the kernel takes only its own.
run_btfx 1 validate "$BTFX_TEST_DATA/types.bpfeb.btf"
grep -q "byte order.*(hdr-magic)\$" "$TMP/out" || fail "validate bpfeb: $(cat "$TMP/out")"

# --json: one object per problem, nothing when valid.
run_btfx 1 validate --json --all "$BTFX_TEST_DATA/types.bpfel.btf"
[ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "validate --json: $(cat "$TMP/out")"
if have_python3; then
	python3 - "$TMP/out" <<'PY' || fail "validate --json: bad objects: $(cat "$TMP/out")"
import json, sys
for line in open(sys.argv[1]):
    p = json.loads(line)
    assert set(p) == {"file", "id", "kind", "name", "rule", "message"}, p
    assert p["kind"] == "DATASEC" and p["rule"] == "datasec-size" and p["id"] >= 61, p
PY
fi
run_btfx 0 validate --json "$BTFX_TEST_DATA/sample.btf"
[ ! -s "$TMP/out" ] || fail "validate --json of a valid file prints $(cat "$TMP/out")"

# Targets; standard input.
run_btfx 0 validate --target 2026 "$BTFX_TEST_DATA/sample.btf"
run_btfx 0 validate - <"$BTFX_TEST_DATA/sample.btf"
grep -q "^-: valid for the current kernel" "$TMP/out" || fail "validate -: $(cat "$TMP/out")"
# 5.15 knows neither signed enums nor ENUM64.
run_btfx 1 validate --all --target 5.15 "$BTFX_TEST_DATA/sample.btf"
grep -q "\[49\] ENUM64 'cap_mask': kind 19 (ENUM64) is unknown to the 5.15 kernel (kind)\$" \
	"$TMP/out" || fail "validate --target 5.15: $(cat "$TMP/out")"

# The LTS kernels: ENUM64 is 6.0's, so 6.1 and 6.12 take it, 5.10 does not.
for t in 6.12 6.1; do
	run_btfx 0 validate --target $t "$BTFX_TEST_DATA/sample.btf"
	grep -q "valid for the $t kernel" "$TMP/out" || fail "validate --target $t: $(cat "$TMP/out")"
done
run_btfx 1 validate --all --target 5.10 "$BTFX_TEST_DATA/sample.btf"
grep -q "\[49\] ENUM64 'cap_mask': kind 19 (ENUM64) is unknown to the 5.10 kernel (kind)\$" \
	"$TMP/out" || fail "validate --target 5.10: $(cat "$TMP/out")"

# Usage and I/O errors: 2.
run_btfx 2 validate
run_btfx 2 validate --target 4.0 "$BTFX_TEST_DATA/sample.btf"
stderr_is_one_line "unknown target"
grep -q "current, 2026, 6.12, 6.1, 5.15, 5.10 or lts" "$TMP/err" || fail "targets: $(cat "$TMP/err")"
run_btfx 2 validate --target 6.1,, "$BTFX_TEST_DATA/sample.btf"
# Several targets: each named on its lines, newest first; the worst status.
run_btfx 1 validate --target 5.10,6.1 "$BTFX_TEST_DATA/sample.btf"
[ "$(sed 's/:.*//' "$TMP/out")" = "$(printf '%s\n%s' "$BTFX_TEST_DATA/sample.btf" \
	"$BTFX_TEST_DATA/sample.btf (5.10)")" ] || fail "--target 5.10,6.1: $(cat "$TMP/out")"
grep -q "valid for the 6.1 kernel" "$TMP/out" || fail "--target 5.10,6.1: $(cat "$TMP/out")"
run_btfx 1 validate --target lts --json "$BTFX_TEST_DATA/sample.btf"
[ "$(grep -c '"target": "5.1[05]"' "$TMP/out")" = 2 ] || fail "--target lts --json: $(cat "$TMP/out")"
run_btfx 0 validate --target 6.12,6.1,current "$BTFX_TEST_DATA/sample.btf"
[ "$(grep -c 'valid for the' "$TMP/out")" = 3 ] || fail "three targets: $(cat "$TMP/out")"
run_btfx 2 validate "$TMP/nonexistent"
run_btfx 2 validate "$BTFX_TEST_DATA/sample.btf" --base "$TMP/nonexistent"
run_btfx 0 validate --help
grep -q "^Usage: btfx validate FILE" "$TMP/out" || fail "validate --help: $(cat "$TMP/out")"

# Garbage is invalid, not an error of the tool.
printf '\237\353\001\000\030\000\000\000garbage' >"$TMP/bad.btf"
run_btfx 1 validate "$TMP/bad.btf"

# The running kernel's BTF validates clean, for the current kernel.
if [ -r "$VMLINUX" ]; then
	run_btfx 0 validate "$VMLINUX"
	run_btfx 1 validate --target 5.15 "$VMLINUX"
	grep -q "kind_flag.*5.15\|ENUM64.*5.15" "$TMP/out" || fail "vmlinux 5.15: $(cat "$TMP/out")"
else
	echo "validate.sh: $VMLINUX not there: its part is skipped"
fi
exit 0
