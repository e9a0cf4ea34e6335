#!/bin/sh
# abi.sh - the exported symbols of libbtfx.so are exactly the version map's
# and exactly the BTFX_API declarations of btfx.h; libbtfx.a defines no
# global symbol outside the btfx_ namespace (ASan's __odr_asan.* markers
# of btfx_ globals aside).
set -eu
src=${BTFX_SRCDIR:?}
build=${BTFX_BUILDDIR:?}
so=$build/libbtfx/.libs/libbtfx.so
ar=$build/libbtfx/.libs/libbtfx.a
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -ho '^BTFX_API [^(]*(' "$src/include/btfx/btfx.h" |
	sed -E 's/.*[ *]([a-z_0-9]+)\($/\1/' | sort -u >"$tmp/api"
sed -n 's/^[[:space:]]*\(btfx_[a-z_0-9]*\);$/\1/p' "$src/libbtfx/libbtfx.map" | sort -u >"$tmp/map"
if ! cmp -s "$tmp/api" "$tmp/map"; then
	echo "FAIL: BTFX_API declarations (<) and libbtfx.map (>) differ:"
	diff "$tmp/api" "$tmp/map" || true
	exit 1
fi
if [ -f "$so" ]; then
	nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' |
		sed 's/@.*//' | grep -v '^LIBBTFX_' | sort -u >"$tmp/so"
	if ! cmp -s "$tmp/map" "$tmp/so"; then
		echo "FAIL: libbtfx.map (<) and the symbols libbtfx.so exports (>) differ:"
		diff "$tmp/map" "$tmp/so" || true
		exit 1
	fi
	echo "libbtfx.so exports the $(wc -l <"$tmp/so") symbols of the map"
else
	echo "no shared library built: export check skipped"
fi
if [ -f "$ar" ]; then
	bad=$(nm -g --defined-only "$ar" 2>/dev/null | awk 'NF == 3 { print $3 }' |
		grep -v -e '^btfx_' -e '^__odr_asan[.]' || true)
	if [ -n "$bad" ]; then
		echo "FAIL: libbtfx.a defines globals outside btfx_:"
		echo "$bad"
		exit 1
	fi
	echo "libbtfx.a: every global symbol starts with btfx_"
fi
