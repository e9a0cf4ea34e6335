#!/bin/sh
# bootstrap.sh - set up a fresh Debian machine, build libbtfx, then either
# run the main job (default) or every test ("check").
#
#   sh tools/bootstrap.sh          install, build, btfx stats + dump of the
#                                  running kernel's BTF (or a shipped sample)
#   sh tools/bootstrap.sh check    install, build, make check, the sanitizer
#                                  build's check, make distcheck
set -eu
cd "$(dirname "$0")/.."

# Build and test dependencies.  The library needs zlib and xxhash; the tests
# and the bench call the rest (the bpftool, python3 and vmlinux parts skip
# (77) without their peer, so CI must have every one of them):
#   bpftool      tests/check_*_bpftool, tests/cli/dump-*.sh (bpftool btf dump)
#   python3      tests/cli/stats*.sh (JSON), tests/cli/dump-vmlinux.sh,
#                tests/data/*.py
#   binutils     tests/abi.sh (nm); diffutils: cmp, diff; gzip, xz-utils: dist
#   libbpf-dev   make bench (libelf-dev: to build a current libbpf for it)
#   clang, llvm, dwarves (pahole): fuzz/ (clang), tests/data/regen.sh (which
#                also needs gcc-multilib; it is run by hand, never by check)
pkgs="build-essential autoconf automake libtool pkg-config zlib1g-dev libxxhash-dev check
      bpftool python3 binutils diffutils gzip xz-utils
      libbpf-dev libelf-dev clang llvm dwarves"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -q || echo "apt-get update failed; trying with the cached package lists"
	# shellcheck disable=SC2086
	$sudo apt-get install -y -q $missing </dev/null
fi

[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure --enable-werror
make -j"$(nproc)"

case "${1:-run}" in
check)
	make -j"$(nproc)" check
	make check-asan
	make distcheck
	;;
run)
	btf=/sys/kernel/btf/vmlinux
	[ -r "$btf" ] || btf=tests/data/sample.btf
	echo "== btfx stats $btf"
	./tools/btfx stats "$btf"
	# Into a file first: btfx reports a reader that stops early (EPIPE)
	# as an error, so it is not piped into head.
	./tools/btfx dump "$btf" >btfx-dump.txt
	echo "== btfx dump $btf (first 20 lines of $(wc -l <btfx-dump.txt), all in btfx-dump.txt)"
	head -n 20 btfx-dump.txt
	;;
*)
	echo "usage: $0 [run|check]" >&2
	exit 2
	;;
esac
