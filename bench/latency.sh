#!/bin/sh
# What a request costs within a session, against the least any request
# between two processes costs: a socketpair's round trip (bench/rtt).
# Five runs of bench/rtt, and the median of their medians is the peer.
# For each size N, a helper whose host holds N guests, and one session
# (one xlsh, one connection) reading REQUESTS commands from standard
# input: `domid dom-N/2`, then `list dom-N/2` (one domain looked up and
# rendered).  The session's own start (the process, the hello, the
# database and the backend opened on the first request) is taken out:
# five sessions of one request are timed, and five of REQUESTS + 1, in
# turn, and the difference of the medians divided by REQUESTS.  It
# reports numbers and never fails on a slow machine.
#   sh bench/latency.sh [REQUESTS [SIZES...]]	(1000; 10 10000)
# The guests and their records are made as bench/lib.sh says; RTT names
# bench/rtt where it is not in the source tree (a build elsewhere).
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
# Like with like: the scheduler puts rtt's two processes, and a shell
# and its helper, on one core or on two, and on this kind of machine a
# wake-up across cores costs several times a round trip on one.  So
# the whole benchmark runs on one cpu (BENCH_CPU, 0 by default; set
# BENCH_CPU= to let the scheduler choose).
if [ -n "${BENCH_CPU-0}" ] && [ -z "${BENCH_PINNED:-}" ] &&
    command -v taskset >/dev/null 2>&1; then
	BENCH_PINNED=1 exec taskset -c "${BENCH_CPU:-0}" sh "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
[ -z "${BENCH_PINNED:-}" ] || echo "every process on cpu ${BENCH_CPU:-0}"
RTT=${RTT:-$top/bench/rtt}
K=${1:-1000}
[ $# -gt 0 ] && shift
SIZES=${*:-10 10000}

# per_request WHAT COMMAND LINES: the cost of one COMMAND, in us, from
# sessions of one and of K + 1; the last session's output must have
# LINES lines per command.
per_request() {
	echo "$2" >"$T/one"
	i=0
	while [ $i -le "$K" ]; do
		echo "$2"
		i=$((i + 1))
	done >"$T/many"
	sessions
	if [ "$(wc -l <"$T/out")" -ne $(((K + 1) * $3)) ]; then
		echo "latency.sh: $2: $(wc -l <"$T/out") lines of output," \
		    "not $(((K + 1) * $3))" >&2
		exit 1
	fi
	awk -v what="$1" -v n="$N" -v t1="$t1" -v tk="$tk" -v k="$K" \
	    -v rtt="$rtt" 'BEGIN { us = (tk - t1) / k
		printf "%s among %d VMs: %.0f us per request; socketpair" \
		    " round trip %.1f us; ratio %.1f\n", what, n, us, rtt,
		    us / rtt }'
}

# Five runs of rtt, and the median of their medians.
for r in 1 2 3 4 5; do
	"$RTT" 2000 64
done >"$T/rtt"
cat "$T/rtt"
rtt=$(sed -n 's/^socketpair round trip: \([0-9.]*\) us .*/\1/p' "$T/rtt" |
    sort -n | sed -n 3p)

# Each size's helper is stopped before the next is made, the last one
# by lib.sh's trap.
for N in $SIZES; do
	if [ -n "$helper" ]; then
		kill "$helper"
		wait "$helper" 2>/dev/null || :
		rm -rf "$T/state" "$T/s"
	fi
	bench_host "$N"
	v=dom-$((N / 2))
	per_request domid "domid $v" 1
	per_request list "list $v" 2
done
