#!/bin/sh
# The benchmarks still run and still measure what they say: a host of
# 6000 guests inserted as bench/complete.sh inserts them loads, its names
# complete in full (more than one NAMES frame), and list shows them all;
# bench/registry.sh, bench/load.sh and bench/virsh.sh each run once,
# small.  The times are printed, never judged.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	fail "the sqlite3 shell is needed (apt-get install sqlite3)"
	done_testing
	exit 1
fi

run env XLSH="$XLSH" XLSHD="$XLSHD" TMPDIR="$T" \
    sh "$top_srcdir/bench/complete.sh" 6000 1
is "$rc" 0 "bench/complete.sh 6000 1 runs"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^database: 6000 guests, 6000 of them $(id -un)'s VMs$" \
    "the database holds the 6000 guests and their records"
like "$out" "^complete 'pause dom-5999' among 6000 guests: 1 candidates, " \
    "one name completes to itself"
like "$out" "^complete 'pause dom-1' among 6000 guests: 1111 candidates, " \
    "dom-1 leaves 1111 names"
like "$out" "^complete 'pause ' among 6000 guests: 6000 candidates, " \
    "an empty word offers all 6000, more than one frame holds"
like "$out" "^list of 6000 guests: 6002 lines, " \
    "list shows the header, Domain-0 and every guest"
is "$err" "" "and nothing on standard error"

# bench/registry.sh: a request's cost with a registry of N VMs.
run env XLSH="$XLSH" XLSHD="$XLSHD" TMPDIR="$T" \
    sh "$top_srcdir/bench/registry.sh" 300 20
is "$rc" 0 "bench/registry.sh 300 20 runs"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^database: 300 guests, 300 of them $(id -un)'s VMs$" \
    "the database holds 300 guests with their records"
for what in "pause/unpause dom-150" "vm-param-get vm=dom-150" \
    "mem-set dom-150 \\(a transaction\\)" "create tiny/destroy"; do
	like "$out" "^$what.* among 300 VMs: [0-9]+ us per request" \
	    "it measures $what"
done
is "$err" "" "and nothing on standard error"

# bench/load.sh: many sessions at once, by bench/load, which speaks the
# protocol itself.
num='[0-9]+(\.[0-9]+)?'
run env XLSH="$XLSH" XLSHD="$XLSHD" LOAD="$top_builddir/bench/load" \
    TMPDIR="$T" sh "$top_srcdir/bench/load.sh" 20 100 2 100
is "$rc" 0 "bench/load.sh 20 100 2 100 runs"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^20 sessions every 100 ms among 100 VMs: $num req/s, p50 $num ms, p99 $num ms, max $num ms, 0 errors; helper PSS idle [1-9][0-9]* KiB/session, busy [1-9][0-9]* KiB/session$" \
    "it reports the rate, the latency, no errors and the helper's memory"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "in one line"
is "$err" "" "and nothing on standard error"

# bench/virsh.sh: xlsh beside virsh on libvirt's test driver.
run env XLSH="$XLSH" XLSHD="$XLSHD" TMPDIR="$T" RUNS=1 \
    sh "$top_srcdir/bench/virsh.sh" 100
is "$rc" 0 "bench/virsh.sh 100 runs"
printf '%s\n' "$out" | sed 's/^/# /'
if command -v virsh >/dev/null 2>&1; then
	like "$out" "^list of 100 VMs: xlsh $num ms, virsh $num ms; completion among 100: xlsh $num ms, virsh ($num ms|n/a .*) \\((11 candidates|xlsh 11 candidates, virsh no)\\)$" \
	    "it lists and completes with both, the same 11 names"
else
	like "$out" "^virsh.sh: skipped: no virsh here" \
	    "without virsh it says it skips (libvirt-clients has virsh)"
fi

# The three that measure xlsh against a peer.  Their figures are
# numbers, perhaps under zero: at these sizes a session's own start,
# which is taken out, varies by more than what is left.
num='-?[0-9.]+'

# bench/latency.sh: a request in one session against a socketpair's
# round trip (bench/rtt), at two sizes.
run env XLSH="$XLSH" XLSHD="$XLSHD" TMPDIR="$T" \
    RTT="$top_builddir/bench/rtt" sh "$top_srcdir/bench/latency.sh" 20 10 300
is "$rc" 0 "bench/latency.sh 20 10 300 runs"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^socketpair round trip: $num us \\(median of 2000, 64 bytes\\);\
 p99 $num us$" "bench/rtt measures a round trip"
for n in 10 300; do
	for what in domid list; do
		like "$out" "^$what among $n VMs: $num us per request;\
 socketpair round trip $num us; ratio $num$" \
		    "it measures $what among $n VMs against it"
	done
done
is "$err" "" "and nothing on standard error"

# bench/startup.sh: xlsh --sandbox against bash, and the libraries the
# sandbox's helper maps.
run env XLSH="$XLSH" XLSHD="$XLSHD" TMPDIR="$T" \
    sh "$top_srcdir/bench/startup.sh" 3
is "$rc" 0 "bench/startup.sh 3 runs"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^xlsh --sandbox -c whoami: $num ms; bash --norc -c true:\
 $num ms; ratio $num$" "it measures both starts"
like "$out" "^xlshd --sandbox maps [1-9][0-9]* shared libraries, [0-9]+\
 of them Xen's \\(libxen\\*\\)$" "it counts the sandbox helper's libraries"
is "$err" "" "and nothing on standard error"

# bench/create.sh: create+destroy cycles against a durable write
# (bench/floor).
run env XLSH="$XLSH" XLSHD="$XLSHD" TMPDIR="$T" \
    FLOOR="$top_builddir/bench/floor" sh "$top_srcdir/bench/create.sh" 100 5
is "$rc" 0 "bench/create.sh 100 5 runs"
printf '%s\n' "$out" | sed 's/^/# /'
like "$out" "^database: 100 guests, 100 of them $(id -un)'s VMs$" \
    "the database holds 100 guests with their records"
like "$out" "^durable write: $num us \\(median of 1000, 200 bytes\\);\
 p99 $num us$" "bench/floor measures a durable write"
like "$out" "^create\\+destroy among 100 VMs: $num ms per cycle,\
 (-?[0-9]+|-?inf) cycles per second; durable write [0-9]+ us; ratio $num$" \
    "it measures create+destroy against it"
like "$out" "^create\\+destroy among 100 VMs with the audit log: $num ms per\
 cycle, (-?[0-9]+|-?inf) cycles per second; durable write [0-9]+ us; ratio $num$" \
    "and again with an audit log"
is "$err" "" "and nothing on standard error"

done_testing
