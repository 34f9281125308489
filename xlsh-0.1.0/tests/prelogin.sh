#!/bin/sh
# What a peer can hold before it logs in: connections that never log
# in are bounded per peer uid and in all, and refused at once over the
# bound, without a process; a login must be done within the grace time
# however its bytes trickle in; and meanwhile a member from another
# Unix account logs in as usual.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

RAW=$top_builddir/tests/rawreq
pam_members alice:alice-secret
echo 'permit alice as read-only' >"$T/policy.conf"
chmod 644 "$T/policy.conf"
chmod 711 "$T"
mkdir -m 755 "$T/pub"
SOCK=$T/pub/xlshd.sock
system_helper "$SOCK" --socket-mode 0666 --fail-delay 0 --login-grace 4 \
    --max-startups 12 \
    --max-startups-per-uid 6
stop_held() { pkill -f "rawreq $SOCK" 2>/dev/null; }
cleanup_hooks="$cleanup_hooks stop_held"
nobody=$(id -u nobody)
helpers() { pgrep -c -P "$helper" 2>/dev/null || echo 0; }

# A flood from root: 6 connections that say nothing, 2 that trickle a
# byte a second, and 12 more; only 6 get a process.
i=0
held=
while [ $i -lt 6 ]; do
	"$RAW" "$SOCK" hold 20 >"$T/hold.$i" &
	held="$held $!"
	i=$((i + 1))
done
sleep 0.5
i=0
while [ $i -lt 12 ]; do
	"$RAW" "$SOCK" trickle 20 >"$T/over.$i" &
	held="$held $!"
	i=$((i + 1))
done
i=0
while [ "$(cat "$T"/over.* | grep -c closed)" -lt 12 ] && [ $i -lt 30 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$(cat "$T"/over.* | grep -c '^closed after [0-9][0-9]\{0,2\} ms$')" 12 \
    "past 6 logins in progress from one uid, each is closed at once"
n=$(helpers)
[ "$n" -le 6 ] && pass "and costs the helper no process ($n sessions)" ||
    fail "and costs the helper no process ($n sessions)"
like "$(cat "$T/xlshd.log")" 'connection from uid 0 refused: 6 logins in progress from it' \
    "the log says why"

# Meanwhile a member from another Unix account logs in as usual.
printf 'alice-secret\n' >"$T/in"
chmod 644 "$T/in"
run setpriv --reuid="$nobody" --regid="$nobody" --clear-groups \
    "$XLSH" --connect "$SOCK" -l alice -c list <"$T/in"
is "$rc" 0 "alice logs in from uid $nobody during the flood"

# The held ones are closed when the login grace time (4 s) runs out,
# trickling or not.
# shellcheck disable=SC2086
wait $held
is "$(cat "$T"/hold.* | grep -c '^closed after [3-5][0-9][0-9][0-9] ms$')" 6 \
    "silent connections are closed after the 4 s grace time"
"$RAW" "$SOCK" trickle 20 >"$T/trickle"
like "$(cat "$T/trickle")" '^closed after [3-5][0-9]{3} ms$' \
    "so is one that sends a byte each second: $(cat "$T/trickle")"
like "$(cat "$T/xlshd.log")" 'not logged in within 4 s \(--login-grace\)' \
    "the log says why"
printf 'alice-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l alice -c list <"$T/in"
is "$rc" 0 "then root's logins are served again"

done_testing
