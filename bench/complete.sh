#!/bin/sh
# How long completing a domain name takes, as a member at a shell would
# wait for it: `xlsh --complete` (connect, hello, one NAMES_QUERY with
# the prefix, filter, print) against a helper holding N domains.
# It reports numbers; it never fails on a slow machine.
#   sh bench/complete.sh [N [RUNS]]
# The simulated host holds 16 GiB, so N is at most about 170 domains of
# 16 MiB; a 10,000-domain run needs a larger simulated host.
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
XLSH=${XLSH:-$top/src/xlsh}
XLSHD=${XLSHD:-$top/src/xlshd}
N=${1:-150}
RUNS=${2:-200}

T=$(mktemp -d "${TMPDIR:-/tmp}/xlsh-bench.XXXXXX")
trap 'kill "$helper" 2>/dev/null; rm -rf "$T"' EXIT
mkdir -m 700 "$T/state"
printf 'name = "x"\nmemory = 16\n' >"$T/d.cfg"
"$XLSHD" --sandbox --socket "$T/s" --state "$T/state" \
    --templates "$top/etc/templates" 2>"$T/log" &
helper=$!
while [ ! -S "$T/s" ]; do sleep 0.05; done

start=$(date +%s%N)
i=0
while [ $i -lt "$N" ]; do
	"$XLSH" --connect "$T/s" -c "create $T/d.cfg name=dom-$i" 2>/dev/null
	i=$((i + 1))
done
made=$(( ($(date +%s%N) - start) / 1000000 ))

# The prefix that leaves one name, and one that leaves many.
for prefix in "dom-$((N - 1))" "dom-1"; do
	start=$(date +%s%N)
	r=0
	while [ $r -lt "$RUNS" ]; do
		"$XLSH" --connect "$T/s" --complete "pause $prefix" >"$T/out"
		r=$((r + 1))
	done
	total=$(( ($(date +%s%N) - start) / 1000 ))
	echo "complete 'pause $prefix' among $N domains:" \
	    "$(wc -l <"$T/out" | tr -d ' ') candidates," \
	    "$((total / RUNS)) us per completion (mean of $RUNS," \
	    "a new shell process and connection each)"
done
echo "creating the $N domains took $made ms ($((made / N)) ms each)"
