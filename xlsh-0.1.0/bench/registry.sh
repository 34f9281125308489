#!/bin/sh
# What one request costs the helper as the registry grows: a host of N
# guests, each with its record (owner, config), and one shell session
# sending a stream of requests that name one VM: pause/unpause (a
# domain looked up), vm-param-get (a record joined to its domain),
# mem-set (a change with its quota, in a transaction), create/destroy
# (a record made and removed).  Run it at 10 and at 10,000 to compare;
# it reports numbers and never fails on a slow machine.
#   sh bench/registry.sh [N [REQUESTS]]	(N up to 32000; sqlite3(1))
# The guests and their records are made as bench/lib.sh says.
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
. "$(dirname "$0")/lib.sh"
N=${1:-10000}
K=${2:-200}
bench_host "$N"

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
