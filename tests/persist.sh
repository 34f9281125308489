#!/bin/sh
# The simulated host outlives its helpers: kill -9, several shells at
# once, a crash's leftovers, and a corrupt file that is never overwritten.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

SOCK=$T/xlshd.sock
mkdir -m 700 -p "$STATE"
start_helper() {
	rm -f "$SOCK"
	"$XLSHD" --sandbox --socket "$SOCK" --state "$STATE" --templates "$TEMPLATES" \
	    2>>"$T/xlshd.log" &
	helper=$!
	wait_socket "$SOCK"
}
stop_helper() { kill -9 "$helper" 2>/dev/null; wait "$helper" 2>/dev/null; }
cleanup_hooks=stop_helper
c() { run "$XLSH" --connect "$SOCK" -c "$*"; }

start_helper
c create tiny name=one
is "$rc" 0 "create one through the socket"
c create small name=two
is "$rc" 0 "create two"

# Several shells at once: each creates a domain of its own.
pids=
for n in 1 2 3 4 5 6; do
	"$XLSH" --connect "$SOCK" -c "create tiny name=par$n" \
	    >"$T/par$n.out" 2>&1 &
	pids="$pids $!"
done
wait_rc=0
for pid in $pids; do
	wait "$pid" || wait_rc=1
done
is "$wait_rc" 0 "six shells created domains at the same time"
[ "$wait_rc" -eq 0 ] || diag "$(cat "$T"/par*.out)"
c list
is "$(printf '%s\n' "$out" | grep -c '^par[1-6] ')" 6 "all six are listed"
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $2 }' | sort -n | uniq -d)" "" \
    "with distinct domids"

# kill -9 the helper; the state is whole when a new one starts.
stop_helper
start_helper
c list one two
is "$rc" 0 "after kill -9, a new helper lists the domains"
like "$out" "$(printf '\none +1 +128 ')" "one survived"
like "$out" "$(printf '\ntwo +2 +256 ')" "two survived"

# kill -9 in the middle of a stream of changes.
(
	for n in 1 2 3 4 5 6 7 8 9 10; do
		"$XLSH" --connect "$SOCK" -c "mem-set two $((100 + n))" \
		    >/dev/null 2>&1
	done
) &
writer=$!
sleep 0.2
kill -9 "$helper"
wait "$writer" 2>/dev/null
wait "$helper" 2>/dev/null
start_helper
c list two
is "$rc" 0 "after kill -9 during writes the state still loads"
like "$(row two)" '^two +2 +(256|10[0-9]|110) ' "two has one of the values written"

# The sandbox shell sees the same host.
x list one
is "$rc" 0 "xlsh --sandbox uses the same state"

# A crash's leftover temporary file is ignored.
echo garbage >"$STATE/host.tmp"
c create tiny name=three
is "$rc" 0 "a leftover host.tmp does not stop the helper"
c list three
is "$rc" 0 "and the new domain is kept"

# A corrupt state file is reported and left as it is.
stop_helper
cp "$STATE/host" "$T/host.good"
printf 'this is not a state file\n' >"$STATE/host"
sum=$(cksum <"$STATE/host")
start_helper
c create tiny name=four
is "$rc" 1 "a corrupt state file fails the request"
like "$err" 'host:1: .*left as it is' "with the file, the line and a promise"
c list
is "$rc" 1 "listing fails too"
is "$(cksum <"$STATE/host")" "$sum" "the corrupt file was not overwritten"
cp "$T/host.good" "$STATE/host"
c list three
is "$rc" 0 "restoring the file restores the host"

done_testing
