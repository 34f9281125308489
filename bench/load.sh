#!/bin/sh
# Many members at once: SESSIONS connections to one sandbox helper,
# each asking `domid dom-K` (a VM looked up by name, K the session's
# number) every INTERVAL_MS for SECONDS, by bench/load, among N VMs;
# then the requests per second the helper answered, their latency, and
# the memory its listener and session processes hold (PSS) with the
# sessions idle and busy.  It reports numbers; it never fails on a
# slow machine.
#   sh bench/load.sh [SESSIONS [INTERVAL_MS [SECONDS [N...]]]]
#				(500 100 10, and N 1000 and 10000)
# A process per session: 500 sessions are 500 of the helper's
# processes, and 500 descriptors of bench/load's (it raises its soft
# limit to the hard one).  The guests are made as bench/lib.sh says.
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
. "$(dirname "$0")/lib.sh"
LOAD=${LOAD:-$top/bench/load}
S=${1:-500}
MS=${2:-100}
SECS=${3:-10}
[ $# -gt 3 ] && shift 3 || set -- 1000 10000
# A host in a directory of its own for each N, all of them under $base.
base=$T
trap 'kill "$helper" 2>/dev/null || :; rm -rf "$base"' EXIT

for n; do
	# A host of its own for each size.
	T=$base/$n
	mkdir "$T"
	# One uid plays every member here, all of them logging in at
	# once: the limits of logins in progress, which guard against
	# one peer's flood (xlshd.conf(5): max-startups), are raised to
	# the sessions' number.
	BENCH_HELPER_ARGS="--max-startups $S --max-startups-per-uid $S" \
	    bench_host "$n" >/dev/null
	"$LOAD" -p "$helper" -n "$n" "$T/s" "$S" "$MS" "$SECS" \
	    domid 'dom-%d' >"$T/load"
	kill "$helper"
	wait "$helper" 2>/dev/null || :
	helper=
	# fig WHAT FIELD: a number of load's line that begins with WHAT.
	fig() { awk -v w="$1" -v f="$2" 'index($0, w) == 1 { print $f }' \
	    "$T/load"; }
	echo "$S sessions every $MS ms among $n VMs:" \
	    "$(fig requests: 6) req/s, p50 $(fig latency: 3) ms," \
	    "p99 $(fig latency: 6) ms, max $(fig latency: 9) ms," \
	    "$(fig errors: 2) errors; helper PSS idle" \
	    "$(fig 'helper PSS idle' 16) KiB/session, busy" \
	    "$(fig 'helper PSS busy' 16) KiB/session"
	if [ "$(fig errors: 2)" != 0 ]; then
		grep "^first" "$T/load" || :
	fi
done
