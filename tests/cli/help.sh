#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# help.sh - every command btfx --help lists has its own --help text and a
# section of the man page (tools/btfx.1), and the man page names no
# command btfx does not have.
. "$(dirname "$0")/lib.sh"

MAN="$BTFX_SRCDIR/tools/btfx.1"
[ -r "$MAN" ] || fail "$MAN is missing"

"$BTFX" --help >"$TMP/help" || fail "btfx --help exited $?"
# Commands are the indented words at the start of the "Commands:" lines.
cmds=$(sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' "$TMP/help")
[ -n "$cmds" ] || fail "btfx --help lists no command"
for c in $cmds; do
	"$BTFX" "$c" --help >"$TMP/$c.help" || fail "btfx $c --help exited $?"
	grep -q "^Usage: btfx $c " "$TMP/$c.help" || fail "btfx $c --help has no usage line"
	grep -q "^\.SS $c\$" "$MAN" || fail "btfx.1 has no section for '$c'"
done
for s in $(sed -n 's/^\.SS \([a-z][a-z]*\)$/\1/p' "$MAN"); do
	echo "$cmds" | grep -qx "$s" || fail "btfx.1 documents '$s', which btfx --help does not list"
done
# The page renders without warnings where man is there.
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l "$MAN" >"$TMP/man.txt" 2>"$TMP/man.err" ||
		fail "man -l btfx.1 failed: $(cat "$TMP/man.err")"
	[ ! -s "$TMP/man.err" ] || fail "man -l btfx.1 warns: $(cat "$TMP/man.err")"
fi
exit 0
