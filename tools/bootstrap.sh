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

# Build and test dependencies (libbpf, bpftool, pahole, clang are test and
# benchmark peers only; the library needs zlib and xxhash).
pkgs="build-essential autoconf automake libtool pkg-config zlib1g-dev libxxhash-dev check
      libbpf-dev bpftool dwarves clang llvm python3 xz-utils"
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
	echo "== btfx dump $btf (first 20 lines of $(./tools/btfx dump "$btf" | wc -l))"
	./tools/btfx dump "$btf" | head -n 20
	;;
*)
	echo "usage: $0 [run|check]" >&2
	exit 2
	;;
esac
