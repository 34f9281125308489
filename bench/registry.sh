#!/bin/sh
# What one request costs the helper as the registry grows: a host of N
# guests, each with its record (owner, config), and one shell session
# sending a stream of requests that name one VM: pause/unpause (a
# domain looked up), vm-param-get (a record joined to its domain),
# mem-set (a change with its quota, in a transaction), create/destroy
# (a record made and removed).  Run it at 10 and at 10,000 to compare;
# it reports numbers and never fails on a slow machine.
#   sh bench/registry.sh [N [REQUESTS]]	(N up to 32000; sqlite3(1))
# The guests are inserted into the database as copies of one made by
# the helper, as bench/complete.sh does.
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
XLSH=${XLSH:-$top/src/xlsh}
XLSHD=${XLSHD:-$top/src/xlshd}
N=${1:-10000}
K=${2:-200}
ME=$(id -un)

T=$(mktemp -d "${TMPDIR:-/tmp}/xlsh-bench.XXXXXX")
trap 'kill "$helper" 2>/dev/null; rm -rf "$T"' EXIT
mkdir -m 700 "$T/state"
printf 'name = "x"\nmemory = 16\n' >"$T/d.cfg"
"$XLSHD" --sandbox --socket "$T/s" --state "$T/state" \
    --templates "$top/etc/templates" 2>"$T/log" &
helper=$!
while [ ! -S "$T/s" ]; do sleep 0.05; done

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
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $N - 1)
INSERT INTO vm SELECT printf('00000000-0000-4000-8000-%012d', n),
    'dom-' || n, owner, persistent, template, config, maxmem_kb, maxvcpus,
    created_ms, created_by FROM i, vm WHERE name = 'dom-0';
UPDATE sim_host SET next_domid = $N + 1, memory_mib = 2048 + $N * 80 + 1024;
COMMIT;"
echo "database: $(sqlite3 "$T/state/xlsh.db" \
    "SELECT COUNT(*) FROM vm WHERE owner = '$ME'") VMs of $ME, $(sqlite3 \
    "$T/state/xlsh.db" "SELECT COUNT(*) FROM sim_dom WHERE domid != 0") guests"

# per_request NAME: the mean cost of each request of $T/cmds, in one
# session (no shell or connection per request), in microseconds.
per_request() {
	n=$(wc -l <"$T/cmds" | tr -d ' ')
	start=$(date +%s%N)
	"$XLSH" --connect "$T/s" <"$T/cmds" >/dev/null 2>"$T/err" || :
	if grep -q '^xlsh:' "$T/err"; then
		echo "$1: failed: $(grep '^xlsh:' "$T/err" | head -n 1)" >&2
		exit 1
	fi
	echo "$1 among $N VMs: $((($(date +%s%N) - start) / 1000 / n)) us" \
	    "per request (mean of $n, one session)"
}

v=dom-$((N / 2))
i=0
: >"$T/cmds"
while [ $i -lt "$K" ]; do
	printf 'pause %s\nunpause %s\n' "$v" "$v" >>"$T/cmds"
	i=$((i + 2))
done
per_request "pause/unpause $v"
i=0
: >"$T/cmds"
while [ $i -lt "$K" ]; do
	echo "vm-param-get vm=$v param-name=power-state" >>"$T/cmds"
	i=$((i + 1))
done
per_request "vm-param-get vm=$v"
"$XLSH" --connect "$T/s" -c "mem-max $v 64"
i=0
: >"$T/cmds"
while [ $i -lt "$K" ]; do
	printf 'mem-set %s 20\nmem-set %s 24\n' "$v" "$v" >>"$T/cmds"
	i=$((i + 2))
done
per_request "mem-set $v (a transaction)"
i=0
: >"$T/cmds"
while [ $i -lt "$K" ]; do
	printf 'create tiny name=new-%d\ndestroy new-%d\n' $i $i >>"$T/cmds"
	i=$((i + 2))
done
per_request "create tiny/destroy (a record made and removed)"
