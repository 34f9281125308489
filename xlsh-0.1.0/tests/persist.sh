#!/bin/sh
# The simulated host outlives its helpers: kill -9, several shells at
# once, a crash's leftovers, a corrupt row that is never overwritten,
# and the import of an older xlshd's state file.  The database is
# looked into, and spoiled, with the sqlite3 shell.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	fail "the sqlite3 shell is needed (apt-get install sqlite3)"
	done_testing
	exit 1
fi
DB=$STATE/xlsh.db
q() { sqlite3 -cmd '.timeout 5000' "$DB" "$@"; }

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
is "$(q 'PRAGMA integrity_check')" ok "after kill -9 the database is whole"
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
is "$(q 'PRAGMA integrity_check')" ok "after kill -9 during writes the database is whole"
start_helper
c list two
is "$rc" 0 "after kill -9 during writes the state still loads"
like "$(row two)" '^two +2 +(256|10[0-9]|110) ' "two has one of the values written"

# The sandbox shell sees the same host.
x list one
is "$rc" 0 "xlsh --sandbox uses the same state"

# kill -9 of a session (a child of the helper) in the middle of a
# stream of changes, each its own transaction.
children() {
	for s in /proc/[0-9]*/stat; do
		{ read -r pid comm state ppid rest <"$s"; } 2>/dev/null &&
		    [ "$ppid" = "$1" ] && echo "$pid"
	done
}
n=0
while [ $n -lt 400 ]; do
	echo "mem-set two $((100 + n % 20))"
	n=$((n + 1))
done >"$T/changes"
"$XLSH" --connect "$SOCK" <"$T/changes" >/dev/null 2>&1 &
session=$!
killed=0
n=0
while [ $killed -eq 0 ] && [ $n -lt 50 ]; do
	sleep 0.05
	for pid in $(children "$helper"); do
		kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	done
	n=$((n + 1))
done
wait "$session" 2>/dev/null
is "$killed" 1 "a session was killed in its stream of changes"
is "$(q 'PRAGMA integrity_check')" ok "and the database is whole"
c list two
like "$(row two)" '^two +2 +(256|1[01][0-9]) ' "two has one of the values written"
c create tiny name=three
is "$rc" 0 "and does not stop the next request"
c list three
is "$rc" 0 "which is kept"
is "$(q "SELECT COUNT(*) FROM sim_dom WHERE name = 'three'")" 1 "in one row"

# A bad row is reported and left as it is, and so is the rest.
stop_helper
mem=$(q "SELECT mem_kb FROM sim_dom WHERE name = 'three'")
id3=$(q "SELECT domid FROM sim_dom WHERE name = 'three'")
q "UPDATE sim_dom SET mem_kb = -5 WHERE name = 'three'"
sum=$(q .dump | cksum)
start_helper
c create tiny name=four
is "$rc" 1 "a bad row fails the request"
like "$err" "xlsh\.db: sim_dom domid $id3: bad value mem_kb=-5; the database was left as it is" \
    "with the database, the row, the value and a promise"
c list
is "$rc" 1 "listing fails too"
c pause three
is "$rc" 1 "and a request naming the bad one"
like "$err" "bad value mem_kb=-5" "for the same reason"
is "$(q .dump | cksum)" "$sum" "the database was not written"
c pause one
is "$rc" 0 "a request naming another domain reads only its row, and works"
stop_helper
q "UPDATE sim_dom SET mem_kb = $mem WHERE name = 'three'"
start_helper
c list three
is "$rc" 0 "mending the row restores the host"

# An older xlshd's state file is imported by a new helper's first
# request, and put aside.
stop_helper
STATE=$T/old
DB=$STATE/xlsh.db
mkdir -m 700 "$STATE"
now=$(($(date +%s) * 1000))
dom0="domid=0 name=Domain-0 uuid=00000000-0000-0000-0000-000000000000 type=pv"
dom0="$dom0 mem_kb=2097152 maxmem_kb=2097152 vcpus=4 maxvcpus=4"
guest="domid=41 name=kept uuid=0123abcd-4567-89ab-cdef-0123456789ab type=pvh"
guest="$guest mem_kb=131072 maxmem_kb=131072 vcpus=1 maxvcpus=1"
acts="on_poweroff=destroy on_reboot=restart on_crash=destroy"
times="created_ms=$now start_ms=$now paused=0 shutdown=0 reason=0"
times="$times pending=none pending_left_ms=0 cpu_ns=0 settled_ms=$now"
printf 'xlsh-sim 1\nhost boot_ms=%s next_domid=42 cpus=4 memory_mib=16384\n' "$now" \
    >"$STATE/host"
printf 'dom %s %s %s\n' "$dom0" "$acts" "$times" "$guest" "$acts" "$times" \
    >>"$STATE/host"
cp "$STATE/host" "$T/host.old"
start_helper
c list kept
is "$rc" 0 "a helper on an old state file lists its domain"
like "$(row kept)" '^kept +41 +128 ' "under its domid"
is "$(q "SELECT uuid FROM sim_dom WHERE domid = 41")" \
    0123abcd-4567-89ab-cdef-0123456789ab "with its uuid"
[ ! -e "$STATE/host" ] && cmp -s "$STATE/host.imported" "$T/host.old" &&
    pass "the file is kept as host.imported" ||
    fail "the file is kept as host.imported"
like "$(cat "$T/xlshd.log")" "imported the simulated host from $STATE/host \\(2 domains\\); the file is kept as $STATE/host.imported" \
    "the helper's log says so"
c create tiny name=new
is "$rc" 0 "a guest is created on it"
is "$(q "SELECT domid FROM sim_dom WHERE name = 'new'")" 42 "the next domid is the file's"

# A VM record whose name is longer than a domain name may be is damaged:
# cut to fit, it would read as another VM's name.
c vm-install template=tiny new-name-label=rec
is "$rc" 0 "a VM is installed"
long=$(printf 'r%.0s' $(seq 70))
q "UPDATE vm SET name = '$long' WHERE name = 'rec'"
c vm-list
is "$rc" 1 "a record with a name of 70 bytes is refused"
like "$err" "xlsh.db: the record of VM [0-9a-f-]+ is damaged" "as damaged"
unlike "$out" "${long%??????}" "not listed cut short to 64 bytes"
q "UPDATE vm SET name = 'rec' WHERE name = '$long'"
c vm-list
is "$rc" 0 "mended, the registry reads again"
like "$out" 'name-label \( RW\): rec' "and lists the VM"

done_testing
