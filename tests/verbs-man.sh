#!/bin/sh
# Every verb of the table, and every alias, is documented in xlsh(1),
# and --help, usage and the man page's SYNOPSIS agree.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

MAN=$top_srcdir/man/xlsh.1
x help
is "$rc" 0 "help lists the verbs"
verbs=$(printf '%s\n' "$out" | awk 'NR > 1 { print $1 }')
[ -n "$verbs" ] && pass "help printed verbs" || fail "help printed verbs"
for v in $verbs; do
	grep -Eq "^\.It Cm $v( |\$)" "$MAN" && pass "xlsh.1 documents $v" ||
	    fail "xlsh.1 documents $v"
	x help "$v"
	alias=$(printf '%s\n' "$out" | sed -n 's/^alias: //p')
	if [ -n "$alias" ]; then
		grep -Eq "Cm $alias( |\$)" "$MAN" && pass "xlsh.1 documents alias $alias" ||
		    fail "xlsh.1 documents alias $alias"
	fi
	usage=$(printf '%s\n' "$out" | sed -n 's/^usage: //p')
	[ -n "$usage" ] && pass "help $v gives a usage line" || fail "help $v gives a usage line"
done
run "$XLSH" --help
like "$out" '^usage: xlsh \[--sandbox \| --connect socket\] \[-l member\] \[-c command\]$' "xlsh --help"
for f in sandbox connect; do
	grep -qE "Fl (\\\\)?-$f" "$MAN" && pass "xlsh.1 has --$f" || fail "xlsh.1 has --$f"
done
run "$XLSHD" --help
like "$out" '^usage: xlshd ' "xlshd --help"
for f in socket backend state templates; do
	grep -qE "Fl (\\\\)?-$f" "$top_srcdir/man/xlshd.8" && pass "xlshd.8 has --$f" ||
	    fail "xlshd.8 has --$f"
done

done_testing
