#!/bin/sh
# How long completing a domain name takes, as a member at a shell would
# wait for it: `xlsh --complete` (connect, hello, one NAMES_QUERY with
# the prefix, the helper's listing and filtering, print) against a
# helper whose simulated host holds N guests.  It reports numbers; it
# never fails on a slow machine.
#   sh bench/complete.sh [N [RUNS]]		(N up to 32000)
# Creating N guests one `create` at a time would take a shell and a
# connection each, so the bench creates one and inserts the rest into
# the database as copies of its row (with sqlite3(1)), on a host made
# large enough to hold them (sim_host's memory_mib, see xlshd(8)).
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
XLSH=${XLSH:-$top/src/xlsh}
XLSHD=${XLSHD:-$top/src/xlshd}
N=${1:-10000}
RUNS=${2:-100}

T=$(mktemp -d "${TMPDIR:-/tmp}/xlsh-bench.XXXXXX")
trap 'kill "$helper" 2>/dev/null; rm -rf "$T"' EXIT
mkdir -m 700 "$T/state"
printf 'name = "x"\nmemory = 16\n' >"$T/d.cfg"
"$XLSHD" --sandbox --socket "$T/s" --state "$T/state" \
    --templates "$top/etc/templates" 2>"$T/log" &
helper=$!
while [ ! -S "$T/s" ]; do sleep 0.05; done

# One guest made by the helper, then its row copied N - 1 times with
# its own domid, name and uuid; the host grows to hold them all.
"$XLSH" --connect "$T/s" -c "create $T/d.cfg name=dom-0" 2>/dev/null
sqlite3 -cmd '.timeout 10000' "$T/state/xlsh.db" "
BEGIN IMMEDIATE;
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $N - 1)
INSERT INTO sim_dom SELECT n + 1, 'dom-' || n,
    printf('00000000-0000-4000-8000-%012d', n), type, mem_kb, maxmem_kb,
    vcpus, maxvcpus, on_poweroff, on_reboot, on_crash, created_ms,
    start_ms, paused, shutdown, reason, pending, pending_left_ms, cpu_ns,
    settled_ms
    FROM i, sim_dom WHERE name = 'dom-0';
UPDATE sim_host SET next_domid = $N + 1, memory_mib = 2048 + $N * 80 + 1024;
COMMIT;"
echo "database: $(sqlite3 "$T/state/xlsh.db" \
    "SELECT COUNT(*) FROM sim_dom WHERE domid != 0") guests"

# mean_us RUNS COMMAND...: microseconds per run, output in $T/out.
mean_us() {
	runs=$1
	shift
	start=$(date +%s%N)
	r=0
	while [ $r -lt "$runs" ]; do
		"$@" >"$T/out"
		r=$((r + 1))
	done
	echo $((($(date +%s%N) - start) / 1000 / runs))
}

# A prefix that leaves one name, one that leaves 1111, and none at all.
for prefix in "dom-$((N - 1))" "dom-1" ""; do
	us=$(mean_us "$RUNS" "$XLSH" --connect "$T/s" --complete \
	    "pause $prefix")
	echo "complete 'pause $prefix' among $N guests:" \
	    "$(wc -l <"$T/out" | tr -d ' ') candidates, $us us per" \
	    "completion (mean of $RUNS, a new shell and connection each)"
done
us=$(mean_us 10 "$XLSH" --connect "$T/s" -c list)
echo "list of $N guests: $(wc -l <"$T/out" | tr -d ' ') lines," \
    "$us us (mean of 10)"
