#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# bench/agreement.sh - a new round of issue 10's agreement campaign: blobs
# the test suite has never seen, loaded into the running kernel with
# BPF_BTF_LOAD, whose accept/reject verdicts btfx_validate_raw() must give.
#
# usage: bench/agreement.sh [-s SEED] [-n COUNT] [-v COUNT] WORKDIR
#
#   -s SEED   seed of the generator and the mutations (default: the time,
#             printed; give it again to make the same blobs)
#   -n COUNT  mutations of each kind of source (default 2000)
#   -v COUNT  mutations of /sys/kernel/btf/vmlinux, 5.5 MB each (default 50)
#
# Run it as root from the top of a build tree (`make agreement` does, with
# AGREEMENT_ARGS, into AGREEMENT_DIR); it needs tests/btf_corpus, tests/check_validate_kernel
# and tools/btfx built, and python3.  The sets, each in WORKDIR/SET:
#
#   gen          tests/btf_corpus gen with SEED: the shipped corpus's
#                generator (builders, then raw patches); its random
#                families (about 160 of its 981 blobs) change with the seed
#   corpus-mut   mutations (bench/mutate.py) of the shipped corpus's
#                accepted blobs
#   enc          what encoders make: gcc -g objects of this tree's sources
#                encoded by pahole -J (-O2, and -O0 with every type), clang
#                -g objects of them and of tests/data's types.c and
#                sample.c encoded by pahole, clang
#                -target bpf objects of tests/data placed by `btfx link`
#                (and with --as-loaded, as libbpf would load them), GCC's
#                own encoder (gcc -gbtf objects of this tree's sources,
#                bpf-gcc objects of tests/data, as written, with GCC 12's
#                known defects undone by bench/gcc12_fix.py, and placed by
#                `btfx link --as-loaded`), and vmlinux itself; each part
#                skipped, with a line, when its tool is missing
#   enc-mut      mutations of the accepted blobs of enc
#   vmlinux-mut  mutations of vmlinux's header, types and strings
#
# Each set's verdicts are recorded (tests/btf_corpus record) and checked
# (BTFX_VALIDATE_CORPUS=SET tests/check_validate_kernel, which also loads
# each blob again, and checks that what libbtfx writes from each blob the
# kernel accepted, read and written back or deduplicated, is accepted too).  Prints a line per set and exits 1 on any disagreement,
# 77 where BPF_BTF_LOAD is not permitted, 2 on a usage error (and another
# non-zero status when a step fails: set -e).
set -eu

srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
seed=$(date +%s)
count=2000
vcount=50
usage() {
	sed -n '7,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}
while getopts s:n:v:h opt; do
	case $opt in
	s) seed=$OPTARG ;;
	n) count=$OPTARG ;;
	v) vcount=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
for n in "$seed" "$count" "$vcount"; do
	case $n in '' | *[!0-9]*) usage ;; esac
done
work=$1
vmlinux=/sys/kernel/btf/vmlinux

for p in tests/btf_corpus tests/btf_kload tests/check_validate_kernel tools/btfx; do
	[ -x "$p" ] || { echo "agreement: $p is not built: run make check first" >&2; exit 2; }
done
rc=0
tests/btf_kload "$srcdir/tests/data/sample.btf" 2>/dev/null || rc=$?
if [ $rc -eq 77 ]; then
	echo "SKIP: BPF_BTF_LOAD is not permitted here (run as root): no verdict to compare with"
	exit 77
fi
mkdir -p "$work"
echo "agreement: seed $seed, $count mutations a source, $vcount of vmlinux, in $work"

# gen: the generator with a new seed.
mkdir -p "$work/gen"
tests/btf_corpus gen "$work/gen" "$seed" >/dev/null

# corpus-mut: mutations of the shipped corpus's accepted blobs.
python3 "$srcdir/bench/mutate.py" --seed "$seed" --count "$count" \
	"$work/corpus-mut" "$srcdir/tests/data/validate"

# enc: what encoders make.
enc=$work/enc
mkdir -p "$enc" "$work/obj"
if command -v gcc >/dev/null && command -v pahole >/dev/null; then
	for f in "$srcdir"/libbtfx/*.c "$srcdir"/tools/*.c; do
		b=$(basename "$f" .c)
		for opt in O2 O0; do
			extra=
			[ $opt = O0 ] && extra=-fno-eliminate-unused-debug-types
			o=$work/obj/$b-$opt.o
			gcc -g -$opt $extra -I"$srcdir/include" -I"$srcdir/libbtfx" -I. -c "$f" -o "$o" \
				2>/dev/null || continue
			pahole --btf_encode_detached="$enc/gcc-$b-$opt.btf" "$o" >/dev/null 2>&1 ||
				echo "agreement: pahole could not encode $o"
		done
	done
else
	echo "agreement: no gcc or pahole: no gcc objects encoded by pahole"
fi
# clang's DWARF (tags from btf_decl_tag and btf_type_tag attributes) through pahole.
if command -v clang >/dev/null && command -v pahole >/dev/null; then
	for f in "$srcdir"/libbtfx/*.c "$srcdir"/tests/data/types.c "$srcdir"/tests/data/sample.c; do
		b=$(basename "$f" .c)
		clang -g -O2 -I"$srcdir/include" -I"$srcdir/libbtfx" -I. -c "$f" \
			-o "$work/obj/$b-clang.o" 2>/dev/null || continue
		pahole --btf_encode_detached="$enc/clang-pahole-$b.btf" "$work/obj/$b-clang.o" \
			>/dev/null 2>&1 || echo "agreement: pahole could not encode $b-clang.o"
	done
else
	echo "agreement: no clang or pahole: no clang objects encoded by pahole"
fi
if command -v clang >/dev/null; then
	for f in "$srcdir"/tests/data/*.c "$srcdir"/tests/data/link/*.c; do
		b=$(basename "$f" .c)
		clang -target bpf -g -O2 -I"$srcdir/tests/data/link" -c "$f" \
			-o "$work/obj/$b.bpf.o" 2>/dev/null || continue
		tools/btfx link -o "$enc/clang-$b.btf" "$work/obj/$b.bpf.o" >/dev/null
		# libbpf refuses some (an extern left for another object): so does this.
		tools/btfx link --as-loaded -o "$enc/clang-$b.loaded.btf" "$work/obj/$b.bpf.o" \
			>/dev/null 2>"$work/obj/$b.err" ||
			echo "agreement: $b.bpf.o, as loaded: $(cat "$work/obj/$b.err")"
	done
else
	echo "agreement: no clang: no BPF objects"
fi
# GCC's own encoder: the .BTF as GCC wrote it (no kernel takes GCC 12's),
# and the same with GCC 12's known defects undone, so that the rest is
# judged too (gcc12_fix.py refuses a blob without them: GCC 13 and later).
gcc_btf() { # OBJCOPY OBJECT NAME
	"$1" --dump-section .BTF="$enc/$3.btf" "$2" 2>/dev/null || return 1
	python3 "$srcdir/bench/gcc12_fix.py" "$enc/$3.btf" "$enc/$3.fixed.btf" 2>/dev/null || true
}
if gcc -gbtf -c -x c /dev/null -o "$work/obj/gbtf-probe.o" 2>/dev/null; then
	for f in "$srcdir"/libbtfx/*.c "$srcdir"/tools/*.c; do
		b=$(basename "$f" .c)
		gcc -gbtf -O2 -I"$srcdir/include" -I"$srcdir/libbtfx" -I. -c "$f" \
			-o "$work/obj/$b-gbtf.o" 2>/dev/null || continue
		gcc_btf objcopy "$work/obj/$b-gbtf.o" "gccbtf-$b" || true
	done
else
	echo "agreement: gcc has no -gbtf: no BTF from GCC's encoder"
fi
if command -v bpf-gcc >/dev/null && command -v bpf-objcopy >/dev/null; then
	for f in "$srcdir"/tests/data/*.c "$srcdir"/tests/data/link/*.c; do
		b=$(basename "$f" .c)
		o=$work/obj/$b.gcc.bpf.o
		bpf-gcc -gbtf -O2 -I"$srcdir/tests/data/link" -c "$f" -o "$o" 2>/dev/null || continue
		gcc_btf bpf-objcopy "$o" "bpfgcc-$b" || continue
		for v in "" .fixed; do
			[ -f "$enc/bpfgcc-$b$v.btf" ] || continue
			[ -z "$v" ] || bpf-objcopy --update-section .BTF="$enc/bpfgcc-$b$v.btf" "$o" "$o$v"
			# libbpf refuses GCC 12's objects with externs (their BTF is
			# not extern): so does this.
			tools/btfx link --as-loaded -o "$enc/bpfgcc-$b$v.loaded.btf" "$o$v" \
				>/dev/null 2>"$work/obj/$b$v.gcc.err" ||
				echo "agreement: bpf-gcc's $b.o$v, as loaded: $(cat "$work/obj/$b$v.gcc.err")"
		done
	done
else
	echo "agreement: no bpf-gcc (gcc-bpf, binutils-bpf): no BPF objects from GCC"
fi
[ -r $vmlinux ] && cp $vmlinux "$enc/vmlinux.btf"

# The mutations of what the kernel took from enc need enc's verdicts first.
tests/btf_corpus record "$enc" >/dev/null
python3 "$srcdir/bench/mutate.py" --seed "$seed" --count "$count" "$work/enc-mut" "$enc"
if [ -r $vmlinux ] && [ "$vcount" -gt 0 ]; then
	python3 "$srcdir/bench/mutate.py" --seed "$seed" --count "$vcount" \
		"$work/vmlinux-mut" $vmlinux
fi

status=0
printf '%-12s %s\n' set result
for set in gen corpus-mut enc enc-mut vmlinux-mut; do
	d=$work/$set
	[ -d "$d" ] || continue
	[ -f "$d/verdicts.txt" ] && [ "$set" = enc ] || tests/btf_corpus record "$d" >/dev/null
	out=$(BTFX_VALIDATE_CORPUS=$d tests/check_validate_kernel 2>&1) || status=1
	# The disagreements, a change of the kernel's mind, outputs refused,
	# dedup declining, and Check's failures.
	printf '%s\n' "$out" | grep -E '^(DISAGREE|CHANGED|DIFFERS|WRITTEN|NOTE) |:[FE]:' || true
	printf '%-12s %s\n' "$set" "$(printf '%s\n' "$out" | sed -n 's/^btfx_validate_raw agrees with kernel [^ ]* on //p')"
	printf '%-12s %s\n' '' "$(printf '%s\n' "$out" | sed -n 's/^libbtfx wrote //p')"
done
[ $status -eq 0 ] || echo "agreement: disagreements with the kernel (listed above)"
exit $status
