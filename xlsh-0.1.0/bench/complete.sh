#!/bin/sh
# How long completing a domain name takes, as a member at a shell would
# wait for it: `xlsh --complete` (connect, hello, one NAMES_QUERY with
# the prefix, the helper's listing and filtering, print) against a
# helper whose simulated host holds N guests.  It reports numbers; it
# never fails on a slow machine.
#   sh bench/complete.sh [N [RUNS]]		(N up to 32000)
# The guests and their records are made as bench/lib.sh says.
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
. "$(dirname "$0")/lib.sh"
N=${1:-10000}
RUNS=${2:-100}
bench_host "$N"

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
