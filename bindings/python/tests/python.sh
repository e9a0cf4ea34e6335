#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# python.sh - the btfx package's unittest suite under `python3 -X dev`, with
# the build tree's libbtfx (BTFX_LIBRARY).  In a sanitizer build (make
# check-asan) the interpreter gets ASan's runtime by LD_PRELOAD, leaks not
# reported (the interpreter's own).  Skips (77) without python3 or without a
# shared libbtfx.
set -u
src=${BTFX_SRCDIR:?}
build=${BTFX_BUILDDIR:?}
py=${BTFX_PYTHON:-python3}
command -v "$py" >/dev/null 2>&1 || { echo "SKIP: no $py"; exit 77; }
[ -f "${BTFX_LIBRARY:?}" ] || { echo "SKIP: no shared library $BTFX_LIBRARY"; exit 77; }
export BTFX_EVERY_KIND="$build/bindings/python/tests/every_kind"
export BTFX_CLI="$build/tools/btfx"
if [ "${BTFX_SANITIZERS:-no}" = yes ]; then
	asan=$(${BTFX_CC:-cc} -print-file-name=libasan.so)
	[ -f "$asan" ] || { echo "FAIL: no libasan.so for $BTFX_CC"; exit 1; }
	ubsan=$(${BTFX_CC:-cc} -print-file-name=libubsan.so)
	[ -f "$ubsan" ] && asan="$asan $ubsan"
	echo "with ASan's runtime: LD_PRELOAD=$asan"
	export LD_PRELOAD="$asan"
	export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
	export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
	# The helpers the suite runs (every_kind, btfx: libtool wrappers around
	# ASan binaries) inherit the preload and these options, which is harmless.
fi
exec "$py" -X dev -m unittest discover -v -s "$src/bindings/python/tests" -t "$src/bindings/python/tests"
