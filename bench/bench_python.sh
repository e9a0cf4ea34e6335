#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# bench_python.sh [FILE] - wall time of a fresh python3 loading FILE (default
# /sys/kernel/btf/vmlinux) through the btfx package and reading every type's
# id, kind and name, side by side with `bpftool btf dump file FILE` printing
# all of them (to /dev/null); best of 5 runs each, and the ratio.  Run from
# the build tree (or set BTFX_LIBRARY and PYTHONPATH).  The package runs
# byte-compiled, as `make install` leaves it: a warm-up run writes its .pyc
# files under a temporary PYTHONPYCACHEPREFIX (even if the environment sets
# PYTHONDONTWRITEBYTECODE; compiling the sources costs some 20 ms a run).
set -eu
file=${1:-/sys/kernel/btf/vmlinux}
top=$(cd "$(dirname "$0")/.." && pwd)
export BTFX_LIBRARY=${BTFX_LIBRARY:-$(pwd)/libbtfx/.libs/libbtfx.so.0}
export PYTHONPATH=${PYTHONPATH:-$top/bindings/python}
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export PYTHONPYCACHEPREFIX="$cache"
unset PYTHONDONTWRITEBYTECODE
py='
import sys, btfx
n = 0
with btfx.load(sys.argv[1]) as b:
    for t in b:
        t.id, t.kind, t.name
        n += 1
print(n)
'
best() { # best wall time of 5 runs of "$@", in seconds
	b=
	for _ in 1 2 3 4 5; do
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		b=$(echo "$s $e ${b:-1e9}" | awk '{ t = $2 - $1; print (t < $3) ? t : $3 }')
	done
	echo "$b"
}
py3=$(python3 -c "import sys; print(sys.executable)")  # not a pyenv shim: the interpreter itself
"$py3" -c "$py" "$file" >/dev/null  # warm-up: byte-compiles the package
p=$(best "$py3" -c "$py" "$file")
b=$(best bpftool btf dump file "$file")
echo "types: $("$py3" -c "$py" "$file")"
echo "python3 btfx (id, kind, name of every type): ${p}s"
echo "bpftool btf dump file:                        ${b}s"
echo "ratio: $(echo "$p $b" | awk '{ printf "%.2f", $1 / $2 }')"
