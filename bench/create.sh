#!/bin/sh
# What making and removing a VM costs, against the least a change that
# must survive a crash costs: a durable write of a small file
# (bench/floor) in the directory the helper's state is in.  A helper
# whose host holds N guests, and one session (one xlsh, one connection)
# reading `create tiny name=cI` and `destroy cI` for CYCLES cycles from
# standard input: each is a transaction of the registry and the
# simulated host, and an audit record.  The session's own start is
# taken out: five sessions of one cycle are timed, and five of
# CYCLES + 1, in turn, and the difference of the medians divided by
# CYCLES; then the same with an audit log, each change's record
# fsynced as a Dom0's helper does.  The ratio is printed, not judged.
# It never fails on a slow machine.
#   sh bench/create.sh [N [CYCLES]]	(1000; 200)
# The guests and their records are made as bench/lib.sh says; FLOOR
# names bench/floor where it is not in the source tree (a build
# elsewhere).
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
. "$(dirname "$0")/lib.sh"
FLOOR=${FLOOR:-$top/bench/floor}
N=${1:-1000}
K=${2:-200}

# cycles COUNT: the commands of COUNT cycles.
cycles() {
	i=1
	while [ $i -le "$1" ]; do
		printf 'create tiny name=c%d\ndestroy c%d\n' $i $i
		i=$((i + 1))
	done
}

bench_host "$N"
"$FLOOR" 1000 "$T/state" >"$T/floor"
cat "$T/floor"
floor=$(sed -n 's/^durable write: \([0-9.]*\) us .*/\1/p' "$T/floor")

cycles 1 >"$T/one"
cycles $((K + 1)) >"$T/many"
# figure WHAT: the cycle's cost, from the sessions just timed.
figure() {
	awk -v n="$N" -v t1="$t1" -v tk="$tk" -v k="$K" -v floor="$floor" \
	    -v what="$1" 'BEGIN {
		us = (tk - t1) / k
		printf "create+destroy among %d VMs%s: %.2f ms per cycle, " \
		    "%.0f cycles per second; durable write %.0f us; " \
		    "ratio %.1f\n", n, what, us / 1000, 1e6 / us, floor,
		    us / floor }'
}
sessions
figure ""

# Again with an audit log, as a Dom0's helper keeps one: each change's
# record is fsynced too, a second file made durable per change.
kill "$helper"
wait "$helper" 2>/dev/null || :
rm -rf "$T/state" "$T/s"
BENCH_AUDIT=1 bench_host "$N" >/dev/null
sessions
figure " with the audit log"
