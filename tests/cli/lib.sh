# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# lib.sh - sourced by the CLI tests: finds btfx, bpftool and the test data,
# makes a scratch directory, and gives small assertion helpers.
# Run from `make check` (BTFX_BUILDDIR, BTFX_SRCDIR and BTFX_TEST_DATA set
# by AM_TESTS_ENVIRONMENT) or by hand from a build directory.
# A test that needs a peer (need_bpftool, need_vmlinux, need_python3) skips
# as a whole (exit 77) without it; BPFTOOL=/nonexistent and
# BTFX_VMLINUX=/nonexistent show what is then skipped.

: "${BTFX_BUILDDIR:=.}"
: "${BTFX_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${BTFX_TEST_DATA:=$BTFX_SRCDIR/tests/data}"
BTFX="$BTFX_BUILDDIR/tools/btfx"
# The running kernel's BTF; $BTFX_VMLINUX overrides.
VMLINUX=${BTFX_VMLINUX:-/sys/kernel/btf/vmlinux}

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

# skip WHY: the whole test is skipped (automake's SKIP).
skip() {
	echo "SKIP: $*"
	exit 77
}

# bpftool, or "" when it is not there: $BPFTOOL when set (and executable),
# else the first on $PATH, else in /usr/local/sbin, /usr/sbin or /sbin (not
# on a user's $PATH on Debian).
find_bpftool() {
	if [ -n "${BPFTOOL:-}" ]; then
		[ -x "$BPFTOOL" ] && echo "$BPFTOOL"
		return 0
	fi
	p=$(command -v bpftool 2>/dev/null) && [ -x "$p" ] && { echo "$p"; return 0; }
	for p in /usr/local/sbin/bpftool /usr/sbin/bpftool /sbin/bpftool; do
		[ -x "$p" ] && { echo "$p"; return 0; }
	done
	return 0
}

have_python3() {
	command -v python3 >/dev/null 2>&1
}

# need_bpftool: sets $BPFTOOL, or skips the test.
need_bpftool() {
	BPFTOOL=$(find_bpftool)
	[ -n "$BPFTOOL" ] || skip "bpftool not found (set BPFTOOL=/path/to/bpftool)"
}

need_vmlinux() {
	[ -r "$VMLINUX" ] || skip "$VMLINUX absent (set BTFX_VMLINUX=/path/to/vmlinux.btf)"
}

need_python3() {
	have_python3 || skip "python3 not found"
}

# same_as_bpftool FILE [BASE]: btfx dump prints what bpftool prints (the
# expected text stays in $TMP/want); status 2 when bpftool cannot read FILE.
same_as_bpftool() {
	if [ -n "${2:-}" ]; then
		"$BPFTOOL" btf dump file "$1" -B "$2" >"$TMP/want" 2>/dev/null || return 2
		run_btfx 0 dump "$1" --base "$2"
	else
		"$BPFTOOL" btf dump file "$1" >"$TMP/want" 2>/dev/null || return 2
		run_btfx 0 dump "$1"
	fi
	cmp "$TMP/out" "$TMP/want" >/dev/null || {
		diff "$TMP/want" "$TMP/out" | head -5 >&2
		fail "btfx dump $1 differs from bpftool"
	}
	echo "ok: $1"
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
