#!/bin/sh
# A lockout that holds: while a member is locked out PAM is not asked,
# so a right password is answered exactly as a wrong one, after the
# same delay; attempts during the lockout do not extend it; failures
# from one Unix account do not lock the member out of another's
# logins; and the lockout grows with further failures instead of
# starting at its longest.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# verbose: pam_matrix says "Authentication succeeded" when it is asked
# and the password is right; a lockout must never let that through.
pam_members verbose carol:carol-secret
echo 'permit carol as read-only' >"$T/policy.conf"
chmod 644 "$T/policy.conf"
# Another Unix account reaches the socket too.
chmod 711 "$T"
mkdir -m 755 "$T/pub"
SOCK=$T/pub/xlshd.sock
# --lockout-time 16: locked out for 2 s after the second failure in a
# row, then 4, 8 and 16 s after each further one.
system_helper "$SOCK" --socket-mode 0666 --fail-delay 200 --lockout 2 \
    --lockout-time 16

# login PASSWORD [AS]: carol logs in and lists, as root or as AS (a
# user name); its time in ms in $ms.
login() {
	printf '%s\n' "$1" >"$T/in"
	chmod 644 "$T/in"
	start=$(date +%s%N)
	if [ -n "${2:-}" ]; then
		run setpriv --reuid="$2" --regid="$2" --clear-groups \
		    "$XLSH" --connect "$SOCK" -l carol -c list <"$T/in"
	else
		run "$XLSH" --connect "$SOCK" -l carol -c list <"$T/in"
	fi
	ms=$((($(date +%s%N) - start) / 1000000))
}
# Until the clock of the last failure says AT ms.
until_ms() {
	while [ $((($(date +%s%N) - fail_at) / 1000000)) -lt "$1" ]; do
		sleep 0.05
	done
}

login carol-secret
is "$rc" 0 "carol logs in"
login wrong1
login wrong2
fail_at=$(date +%s%N)
is "$rc" 1 "two failures in a row"
like "$err" 'Login incorrect' "each a failed login"

login carol-secret
right_ms=$ms
right_err=$err
is "$rc" 1 "locked out: the right password is refused"
like "$err" 'Login incorrect' "with the usual words"
unlike "$err" 'Authentication succeeded' "and PAM was not asked: nothing tells it was right"
login wrong3
wrong_ms=$ms
is "$rc:$err" "1:$right_err" "a wrong one gets the same answer"
d=$((right_ms - wrong_ms))
[ "$d" -lt 0 ] && d=$((-d))
# Both after the failure delay (200 ms), neither much later.
if [ "$d" -lt 150 ] && [ "$right_ms" -ge 190 ] && [ "$wrong_ms" -ge 190 ]
then
	pass "after the same delay ($right_ms ms and $wrong_ms ms)"
else
	fail "after the same delay ($right_ms ms and $wrong_ms ms)"
fi
like "$(cat "$T/xlshd.log")" 'carol is locked out \(from uid 0\); PAM was not asked' \
    "the log says why"

nobody=$(id -u nobody)
login carol-secret "$nobody"
is "$rc" 0 "from another Unix account (uid $nobody) carol logs in meanwhile"
[ "$rc" -eq 0 ] || diag "$err"

# Right passwords during the lockout do not extend it: it ends 2 s after
# the last failure.
until_ms 700
login carol-secret
until_ms 1400
login carol-secret
is "$rc" 1 "still locked out at 1.4 s"
until_ms 2300
login carol-secret
is "$rc" 0 "at 2.3 s the lockout is over, though right passwords came during it"

# Further failures lengthen it: after two more, 2 s; after a third
# once that is over, 4 s.
login wrong4
login wrong5
fail_at=$(date +%s%N)
until_ms 2300
login wrong6
fail_at=$(date +%s%N)
is "$rc" 1 "a failure once the lockout is over"
until_ms 2600
login carol-secret
is "$rc" 1 "locks her out for longer: still at 2.6 s"
until_ms 4400
login carol-secret
is "$rc" 0 "and not at 4.4 s"

done_testing
