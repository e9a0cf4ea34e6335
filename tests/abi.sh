#!/bin/sh
# abi.sh - the exported symbols of libbtfx.so are exactly the version map's
# and exactly the BTFX_API declarations of btfx.h; the map names nothing but
# btfx_ functions; libbtfx.a defines no global symbol outside the btfx_
# namespace (ASan's __odr_asan.* markers of btfx_ globals aside).
set -eu
src=${BTFX_SRCDIR:?}
build=${BTFX_BUILDDIR:?}
so=$build/libbtfx/.libs/libbtfx.so
ar=$build/libbtfx/.libs/libbtfx.a
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The name declared by each declaration that starts with BTFX_API, also when
# the return type and the name are on separate lines (not the #define).
awk '/^BTFX_API([ \t]|$)/ { decl = ""; in_decl = 1 }
	in_decl { decl = decl " " $0 }
	in_decl && /\(/ {
		sub(/[ \t]*\(.*/, "", decl)
		n = split(decl, w, /[ \t*]+/)
		print w[n]
		in_decl = 0
	}' "$src/include/btfx/btfx.h" | sort -u >"$tmp/api"
# Every name the map lists, whatever it looks like: all but comments, the
# version nodes' "NAME {" and "} [PARENT];", the global:/local: labels and
# the local wildcard.
sed -e 's/#.*//' -e 's/^[^{]*{//' -e 's/}[^;]*;//' "$src/libbtfx/libbtfx.map" |
	tr -s ' \t;' '\n\n\n' |
	grep -v -e '^$' -e '^global:$' -e '^local:$' -e '^[*]$' | sort -u >"$tmp/map"
if grep -v '^btfx_[a-z0-9_]*$' "$tmp/map" >"$tmp/bad"; then
	echo "FAIL: libbtfx.map names what is not a btfx_ function:"
	cat "$tmp/bad"
	exit 1
fi
if grep -v '^btfx_[a-z0-9_]*$' "$tmp/api" >"$tmp/bad"; then
	echo "FAIL: BTFX_API declares what is not a btfx_ function:"
	cat "$tmp/bad"
	exit 1
fi
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
