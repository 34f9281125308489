#!/bin/sh
# Every verb of the table, and every alias, is documented in xlsh(1),
# and --help, usage and the man page's SYNOPSIS agree.  help and help
# VERB fit a terminal of 80 columns.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

MAN=$top_srcdir/man/xlsh.1
x help
is "$rc" 0 "help lists the verbs"
# A verb's line starts with two blanks; a summary wrapped goes on in
# lines indented to its column.
verbs=$(printf '%s\n' "$out" | awk 'NR > 1 && /^  [^ ]/ { print $1 }')
[ -n "$verbs" ] && pass "help printed verbs" || fail "help printed verbs"
wide=$(printf '%s\n' "$out" | awk 'length($0) > 80')
is "$wide" "" "help's lines fit in 80 columns"
is "$(printf '%s\n' "$out" | grep -Ev '^(Verbs|  [^ ]|                                       [^ ])')" "" \
    "each line is a verb's or its summary's, in the summary's column"
# mem-max's summary, wrapped, says the same as help mem-max.
summary() { awk -v v="$1" '$1 == v { on = 1; sub(/^  [^ ]+( [^ ]+)*  +/, "")
    printf "%s", $0; next } on && /^   / { sub(/^ +/, " "); printf "%s", $0
    next } { on = 0 }' ; }
listed=$(printf '%s\n' "$out" | summary mem-max)
x help mem-max
own=$(printf '%s\n' "$out" | sed -n '2,/^example: /p' | sed '$d' | tr '\n' ' ' |
    sed 's/ $//')
is "$listed" "$own" "a wrapped summary loses no word"
long=
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
	[ -n "$(printf '%s\n' "$out" | awk 'length($0) > 80')" ] &&
	    long="$long $v"
done
is "$long" "" "help VERB's lines fit in 80 columns, for every verb"
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
