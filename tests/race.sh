#!/bin/sh
# Quotas that hold under concurrency: N sessions of one member, each
# logged in and speaking the protocol directly (tests/rawreq), all
# released at one instant to create a VM.  The quota's decision and
# the create are one transaction, so exactly the quota's number is
# made, round after round: for domains=, and for memory=.  And readers
# do not wait for a writer.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

RAW=$top_builddir/tests/rawreq
N=16
pam_members alice:alice-secret bob:bob-secret
cat >"$T/policy.conf" <<'EOF'
permit domains=3 memory=1g vcpus=4 templates=tiny names=${user}-* alice as vm-power-admin on own
permit domains=100 memory=512 vcpus=100 templates=tiny names=${user}-* bob as vm-power-admin on own
EOF
chmod 644 "$T/policy.conf"

SOCK=$T/xlshd.sock
system_helper "$SOCK" --fail-delay 0

# round MEMBER PASSWORD TAG: N creates at once; prints how many were made.
round() {
	rm -f "$T/gate"
	pids=
	i=0
	while [ $i -lt $N ]; do
		"$RAW" "$SOCK" login "$1" "$2" "$T/gate" \
		    create tiny "name=$1-$3$i" >"$T/r.$i" 2>&1 &
		pids="$pids $!"
		i=$((i + 1))
	done
	# Every session logged in (its helper process waits on the gate)?
	sleep 1
	: >"$T/gate"
	# shellcheck disable=SC2086
	wait $pids
	cat "$T"/r.* | grep -c '^0 '
	cat "$T"/r.* >>"$T/all"
	rm -f "$T"/r.*
}

as() {
	m=$1
	printf '%s\n' "$2" >"$T/in"
	shift 2
	run "$XLSH" --connect "$SOCK" -l "$m" -c "$*" <"$T/in"
}

for r in 1 2 3; do
	made=$(round alice alice-secret "r$r-")
	is "$made" 3 "round $r: $N creates at once against domains=3 made 3"
	as alice alice-secret quota
	like "$out" '^VMs +3 +3$' "round $r: her quota says 3 of 3"
	as alice alice-secret list
	is "$(printf '%s\n' "$out" | grep -c '^alice-')" 3 \
	    "round $r: and there are 3"
	for d in $(printf '%s\n' "$out" | awk '/^alice-/ { print $1 }'); do
		as alice alice-secret destroy "$d"
	done
done
grep -q 'quota exceeded: alice may have 3 VMs and has 3' "$T/all" &&
    pass "the others were told the quota" ||
    fail "the others were told the quota"

# memory=512 with tiny's 128 MiB: four, however many ask at once.
made=$(round bob bob-secret m)
is "$made" 4 "$N creates at once against memory=512 made 4 of 128 MiB"
grep -q 'quota exceeded: bob may use 512 MiB' "$T/all" &&
    pass "the others were told the memory quota" ||
    fail "the others were told the memory quota"
as bob bob-secret list
one=$(printf '%s\n' "$out" | awk '/^bob-/ { print $1; exit }')
as bob bob-secret mem-max "$one" 256
is "$rc" 1 "mem-max above the memory quota is refused"
like "$err" 'quota exceeded: bob may use 512 MiB' "saying so"

# Readers never wait for a writer: while another holds the database's
# write lock (sqlite3 here, a create elsewhere), list, domid and
# quota answer, and the lock is still held when they have.
# hold_lock FILE END: sqlite3 holds the database's write lock, having
# written a row, until FILE exists (30 s at most), then ends with END
# (ROLLBACK, or COMMIT); its pid in $holder.
hold_lock() {
	(
		echo 'BEGIN IMMEDIATE;'
		echo "UPDATE meta SET value = value WHERE key = 'host_uuid';"
		i=0
		while [ ! -f "$1" ] && [ $i -lt 300 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		echo "$2;"
	) | sqlite3 "$T/state/xlsh.db" &
	holder=$!
}
as bob bob-secret list
hold_lock "$T/readers-done" ROLLBACK
sleep 0.5
as bob bob-secret list
is "$rc" 0 "list while another holds the write lock"
as bob bob-secret domid "$one"
like "$out" '^[0-9]+$' "domid while another holds the write lock"
as bob bob-secret quota
is "$rc" 0 "quota while another holds the write lock"
if kill -0 "$holder" 2>/dev/null && [ ! -f "$T/readers-done" ]; then
	pass "they answered without waiting for the lock"
else
	fail "they answered without waiting for the lock"
fi
: >"$T/readers-done"
wait "$holder"

# A read that must write first (a shutdown completing, which removes
# its domain) while another writes: it waits its turn, then answers as
# the host now is.  The other commits, so that the read's snapshot is
# stale by then and SQLite refuses to make it a write: it runs again.
as bob bob-secret shutdown "$one"
is "$rc" 0 "shutdown $one (it completes 1.5 s later)"
hold_lock "$T/release" COMMIT
sleep 2
printf '%s\n' bob-secret | "$XLSH" --connect "$SOCK" -l bob -c list \
    >"$T/list.out" 2>"$T/list.err" &
lister=$!
sleep 0.5
: >"$T/release"
wait "$holder"
wait "$lister"
is "$?" 0 "list, which settled the shutdown, once the lock was free"
is "$(grep -c "^$one " "$T/list.out")" 0 "and $one is gone"
is "$(cat "$T/list.err")" "" "with nothing on standard error"

done_testing
