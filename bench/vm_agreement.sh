#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# bench/vm_agreement.sh - the validator's targets against kernels other
# than the running one: boots KERNEL (a bzImage, such as Debian's
# /boot/vmlinuz-*) in a virtual machine whose only program loads every blob
# of the corpus directories with BPF_BTF_LOAD, then compares the verdicts
# with `btfx validate --target TARGET` on each blob.
#
# usage: bench/vm_agreement.sh -k KERNEL [-t TARGET] WORKDIR DIR...
#
#   -k KERNEL  the kernel image to boot
#   -t TARGET  the btfx validate target to compare with (default current)
#
# Every *.btf file of each DIR goes into the machine (named DIR's last
# part, '-', its name).  Writes WORKDIR/verdicts.txt (the kernel's, in
# tests/btf_corpus record's format) and WORKDIR/disagree.txt, prints the
# count, and exits 1 on any disagreement, 77 when qemu-system-x86_64 or a
# static libc is missing, 2 on a usage error.  Run it from the top of a
# build tree (tools/btfx built), with python3.
set -eu

srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
kernel=
target=current
usage() {
	sed -n '9,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}
while getopts k:t:h opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	t) target=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] && [ -n "$kernel" ] || usage
[ -r "$kernel" ] || { echo "vm_agreement: $kernel: cannot read" >&2; exit 2; }
[ -x tools/btfx ] || { echo "vm_agreement: tools/btfx is not built" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || {
	echo "SKIP: no qemu-system-x86_64 (apt-get install -y qemu-system-x86)"
	exit 77
}
work=$1
shift
rm -rf "$work/root"
mkdir -p "$work/root/corpus"
${CC:-cc} -static -O2 -I"$srcdir/tests" -o "$work/root/init" "$srcdir/bench/vm_init.c" \
	"$srcdir/tests/bpfload.c" || {
	echo "SKIP: cannot link a static program (libc6-dev's libc.a)"
	exit 77
}
for d in "$@"; do
	set_name=$(basename "$d")
	for f in "$d"/*.btf; do
		[ -f "$f" ] && cp "$f" "$work/root/corpus/$set_name-$(basename "$f")"
	done
done

# The initramfs: an uncompressed cpio (newc) of the tree, written here.
python3 - "$work/root" "$work/initrd.cpio" <<'EOF'
import os, sys
root, out = sys.argv[1], sys.argv[2]
ino = [1]
def entry(f, name, mode, data=b''):
    name = name.encode() + b'\0'
    hdr = b'070701' + b''.join(b'%08X' % v for v in (
        ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0))
    ino[0] += 1
    f.write(hdr + name + b'\0' * (-(110 + len(name)) % 4) + data + b'\0' * (-len(data) % 4))
with open(out, 'wb') as f:
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(dirpath, root)
        if rel != '.':
            entry(f, rel, 0o40755)
        for n in sorted(files):
            p = os.path.join(dirpath, n)
            r = os.path.normpath(os.path.join(rel, n))
            entry(f, r, 0o100755 if n == 'init' else 0o100644, open(p, 'rb').read())
    entry(f, 'TRAILER!!!', 0)
EOF

rm -f "$work/serial.log"
# Emulated (TCG): nested KVM stalls such a kernel at boot on the machines here.
timeout 3600 qemu-system-x86_64 -m 2048 -smp 1 -kernel "$kernel" \
	-initrd "$work/initrd.cpio" -append "console=ttyS0 loglevel=0 panic=-1" \
	-display none -monitor none -serial "file:$work/serial.log" -no-reboot </dev/null
tr -d '\r' <"$work/serial.log" | sed -n 's/^V //p' >"$work/verdicts.txt"
tr -d '\r' <"$work/serial.log" | sed -n 's/^E //p'
kver=$(sed -n 's/^# kernel //p' "$work/verdicts.txt")
[ -n "$kver" ] || { echo "vm_agreement: the machine printed no verdicts (see $work/serial.log)" >&2; exit 1; }

# btfx validate's verdict on each, against the kernel's.
total=0
bad=0
: >"$work/disagree.txt"
while read -r name verdict err reason; do
	case $name in '#'*) continue ;; esac
	total=$((total + 1))
	rc=0
	tools/btfx validate --target "$target" "$work/root/corpus/$name" >/dev/null 2>&1 || rc=$?
	case $verdict:$rc in
	ACCEPT:0 | REJECT:1) ;;
	*)
		bad=$((bad + 1))
		echo "$name kernel $verdict $err $reason; btfx validate --target $target exit $rc" \
			>>"$work/disagree.txt"
		;;
	esac
done <"$work/verdicts.txt"
echo "vm_agreement: kernel $kver, target $target: $((total - bad)) of $total blobs agree"
head -20 "$work/disagree.txt"
[ "$bad" -eq 0 ]
