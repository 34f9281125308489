#!/bin/sh
# What each request makes durable, and when, seen by tests/fsynclog.so
# (preloaded into a helper that keeps an audit log): a change's
# "acting" line is fsynced before its database commit, the line of its
# outcome and the lines of reads share the next fsync, and the session's
# logout line has one of its own.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

SOCK=$T/s
LOG=$T/fsyncs
mkdir -m 700 "$T/st"
env LD_PRELOAD="${NODEEPBIND:+$NODEEPBIND }$top_builddir/tests/fsynclog.so" \
    FSYNC_LOG="$LOG" "$XLSHD" --sandbox --socket "$SOCK" --state "$T/st" \
    --templates "$TEMPLATES" --audit "$T/audit.log" 2>>"$T/xlshd.log" &
helper=$!
cleanup_hooks="$cleanup_hooks stop_helper"
wait_socket "$SOCK"

# ended N: until the audit log has N logout lines and the helper no
# session process: a session's last syncs come after its client left.
ended() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(grep -c '"verb":"logout"' "$T/audit.log")" -ge "$1" ] &&
		    [ -z "$(pgrep -P "$helper")" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# syncs: the lines of $LOG since the last call, each "KIND FILE", the
# file's name alone: audit.log, xlsh.db-wal, ...  Not in a subshell:
# it moves $seen on.
seen=0
syncs() {
	n=$(wc -l <"$LOG" 2>/dev/null || echo 0)
	sed -n "$((seen + 1)),${n}p" "$LOG" 2>/dev/null |
	    awk '{ n = split($2, p, "/"); print $1, p[n] }'
	seen=$n
}

run "$XLSH" --connect "$SOCK" -c "create tiny name=a"
is "$rc" 0 "create a"
ended 1
syncs >/dev/null
run "$XLSH" --connect "$SOCK" -c "mem-set a 64"
is "$rc" 0 "mem-set a 64"
ended 2
syncs >"$T/got"
got=$(grep -E 'audit\.log|xlsh\.db-wal' "$T/got")
is "$(printf '%s\n' "$got" | head -n 2 | tr '\n' ' ')" \
    "fsync audit.log fdatasync xlsh.db-wal " \
    "a change: its acting line fsynced, then its commit"
is "$(printf '%s\n' "$got" | grep -c audit)" 2 \
    "two fsyncs of the log in its session: the acting line's, the logout's"
is "$(grep -c '"verb":"mem-set".*"result":"acting"' "$T/audit.log")" 1 \
    "the acting line is in the log"
is "$(grep -c '"verb":"mem-set".*"result":"ok"' "$T/audit.log")" 1 \
    "and so is the outcome's, which shared the logout's"

printf 'domid a\ndomid a\nlist\nuptime a\n' >"$T/reads"
run "$XLSH" --connect "$SOCK" <"$T/reads"
is "$rc" 0 "four reads in a session"
ended 3
syncs >"$T/got"
is "$(grep -c audit "$T/got")" 1 \
    "one fsync of the log in its session: the logout's, for all its lines"
is "$(grep -c '"verb":"domid"' "$T/audit.log")" 2 "both domid lines are there"

done_testing
