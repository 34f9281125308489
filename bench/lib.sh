# What the benchmarks share: a sandbox helper in $T (its pid in
# $helper) whose simulated host holds N guests, each with its record in
# the registry, as a helper that had made them would keep them; and the
# timing of whole sessions (session, sessions, median, at the end).
# Making N guests one `create` at a time would take a shell and a
# connection each, so one is made by the helper and its row and record
# are copied N - 1 times, with their own domid, name and uuid, on a
# host made large enough to hold them (sim_host's memory_mib, see
# xlshd(8)).  Needs sqlite3(1).
# SPDX-License-Identifier: GPL-3.0-or-later

top=$(cd "$(dirname "$0")/.." && pwd)
XLSH=${XLSH:-$top/src/xlsh}
XLSHD=${XLSHD:-$top/src/xlshd}

T=$(mktemp -d "${TMPDIR:-/tmp}/xlsh-bench.XXXXXX")
BENCH_HELPER_ARGS=${BENCH_HELPER_ARGS:-}
# The helper may not have been made, or may have ended: under set -e a
# failed kill must not end the trap before the directory is removed.
helper=
trap '[ -z "$helper" ] || kill "$helper" 2>/dev/null || :; rm -rf "$T"' EXIT

# bench_host N: the helper, listening on $T/s, with guests dom-0 ...
# (With BENCH_AUDIT set, it keeps an audit log, $T/audit.log, as a
# Dom0's helper does: a change's record fsynced before its answer;
# BENCH_HELPER_ARGS are more of xlshd's options.)
bench_host() {
	mkdir -m 700 "$T/state"
	printf 'name = "x"\nmemory = 16\n' >"$T/d.cfg"
	# shellcheck disable=SC2086
	"$XLSHD" --sandbox --socket "$T/s" --state "$T/state" \
	    --templates "$top/etc/templates" \
	    ${BENCH_AUDIT:+--audit "$T/audit.log"} $BENCH_HELPER_ARGS \
	    2>"$T/log" &
	helper=$!
	_i=0
	while [ ! -S "$T/s" ]; do
		# A helper that does not start says why in its log.
		if [ $_i -ge 200 ] || ! kill -0 "$helper" 2>/dev/null; then
			echo "${0##*/}: the helper did not start: $(tail -n 1 \
			    "$T/log")" >&2
			exit 1
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
	"$XLSH" --connect "$T/s" -c "create $T/d.cfg name=dom-0" 2>/dev/null
	sqlite3 -cmd '.timeout 10000' "$T/state/xlsh.db" "
BEGIN IMMEDIATE;
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $1 - 1)
INSERT INTO sim_dom SELECT n + 1, 'dom-' || n,
    printf('00000000-0000-4000-8000-%012d', n), type, mem_kb, maxmem_kb,
    vcpus, maxvcpus, on_poweroff, on_reboot, on_crash, created_ms,
    start_ms, paused, shutdown, reason, pending, pending_left_ms, cpu_ns,
    settled_ms
    FROM i, sim_dom WHERE name = 'dom-0';
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $1 - 1)
INSERT INTO vm SELECT printf('00000000-0000-4000-8000-%012d', n),
    'dom-' || n, owner, persistent, template, config, maxmem_kb, maxvcpus,
    created_ms, created_by, saved FROM i, vm WHERE name = 'dom-0';
UPDATE sim_host SET next_domid = $1 + 1, memory_mib = 2048 + $1 * 80 + 1024;
COMMIT;"
	echo "database: $(sqlite3 "$T/state/xlsh.db" "SELECT COUNT(*) FROM \
sim_dom WHERE domid != 0") guests, $(sqlite3 "$T/state/xlsh.db" "SELECT \
COUNT(*) FROM vm WHERE owner = '$(id -un)'") of them $(id -un)'s VMs"
}

# session FILE TIMES: one session of $XLSH at $T/s running FILE's
# commands, its output in $T/out, its microseconds added to the file
# TIMES.  An error of xlsh's on standard error ends the benchmark (a
# create's own "Parsing config from" does not).
session() {
	start=$(date +%s%N)
	"$XLSH" --connect "$T/s" <"$1" >"$T/out" 2>"$T/err" || :
	end=$(date +%s%N)
	if grep -q '^xlsh:' "$T/err"; then
		echo "${0##*/}: $(grep '^xlsh:' "$T/err" | head -n 1)" >&2
		exit 1
	fi
	echo $(((end - start) / 1000)) >>"$2"
}

# median FILE: the middle number of FILE (the upper of the middle two).
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int(NR / 2) + 1] }'
}

# sessions: in $t1 and $tk, the medians of five sessions of $T/one and
# five of $T/many, in turn, so that a machine busy for a while slows
# both.
sessions() {
	: >"$T/t1"
	: >"$T/tk"
	for r in 1 2 3 4 5; do
		session "$T/one" "$T/t1"
		session "$T/many" "$T/tk"
	done
	t1=$(median "$T/t1")
	tk=$(median "$T/tk")
}
