# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# lib.sh - sourced by the CLI tests: finds btfx, bpftool and the test data,
# makes a scratch directory, and gives small assertion helpers.
# Run from `make check` (BTFX_BUILDDIR, BTFX_SRCDIR and BTFX_TEST_DATA set
# by AM_TESTS_ENVIRONMENT) or by hand from a build directory.

: "${BTFX_BUILDDIR:=.}"
: "${BTFX_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${BTFX_TEST_DATA:=$BTFX_SRCDIR/tests/data}"
BTFX="$BTFX_BUILDDIR/tools/btfx"
VMLINUX=/sys/kernel/btf/vmlinux

if [ ! -x "$BTFX" ]; then
	echo "$0: $BTFX not built" >&2
	exit 99
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/btfx-cli.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# bpftool, or "" when it is not installed ($BPFTOOL overrides).
find_bpftool() {
	if [ -n "${BPFTOOL:-}" ]; then
		echo "$BPFTOOL"
		return
	fi
	for p in /usr/sbin/bpftool /usr/bin/bpftool /sbin/bpftool /usr/local/sbin/bpftool; do
		if [ -x "$p" ]; then
			echo "$p"
			return
		fi
	done
	command -v bpftool 2>/dev/null || true
}

have_python3() {
	command -v python3 >/dev/null 2>&1
}

# run_btfx WANT_STATUS ARGS...: run btfx, stdout in $TMP/out, stderr in
# $TMP/err, and check its exit status.
run_btfx() {
	want=$1
	shift
	"$BTFX" "$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" != "$want" ]; then
		sed 's/^/  stderr: /' "$TMP/err" >&2
		fail "btfx $*: exit status $got, expected $want"
	fi
}

# The last run wrote exactly one line to standard error, matching a pattern.
stderr_is_one_line() {
	n=$(wc -l <"$TMP/err")
	[ "$n" -eq 1 ] || fail "expected one error line, got $n: $(cat "$TMP/err")"
	grep -q -- "$1" "$TMP/err" || fail "error line '$(cat "$TMP/err")' lacks '$1'"
}
