#!/bin/sh
# What starting xlsh costs, against the shell it stands in for: `xlsh
# --sandbox -c whoami` (the shell, its own helper started on a
# socketpair, the hello, the session) and `bash --norc -c true`, RUNS
# times each, in turn, the medians in milliseconds.  The sandbox's state
# directory is made once, by a run that is not timed, as a user's is
# there after their first session.  Each run is timed by the shell
# between two date(1)s; the median of as many intervals with nothing
# between them is taken out, so what is left is the command's fork,
# exec, run and exit.  Then how many shared libraries the sandbox's
# helper maps, once a request has opened its simulated host, and how
# many of them are Xen's: the simulated host needs none.  It reports
# numbers and never fails on a slow machine.
#   sh bench/startup.sh [RUNS]		(RUNS 100; needs bash(1))
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
. "$(dirname "$0")/lib.sh"
RUNS=${1:-100}
export XDG_STATE_HOME="$T/xdg" HOME="$T/home"
mkdir -m 700 "$XDG_STATE_HOME" "$HOME"

# interval FILE COMMAND...: the nanoseconds between a date(1) before
# COMMAND and one after it, added to FILE.  Anything on standard error
# ends the benchmark.
interval() {
	_f=$1
	shift
	a=$(date +%s%N)
	"$@" >/dev/null 2>"$T/err" || :
	b=$(date +%s%N)
	if [ -s "$T/err" ]; then
		echo "startup.sh: $*: $(head -n 1 "$T/err")" >&2
		exit 1
	fi
	echo $((b - a)) >>"$_f"
}

if [ "$("$XLSH" --sandbox -c whoami 2>&1)" = "" ]; then
	echo "startup.sh: xlsh --sandbox -c whoami printed nothing" >&2
	exit 1
fi
# The three in turn, so that a machine busy for a while slows each.
: >"$T/empty"
: >"$T/xlsh"
: >"$T/bash"
r=0
while [ $r -lt "$RUNS" ]; do
	interval "$T/empty" :
	interval "$T/xlsh" "$XLSH" --sandbox -c whoami
	interval "$T/bash" bash --norc -c true
	r=$((r + 1))
done
awk -v e="$(median "$T/empty")" -v x="$(median "$T/xlsh")" \
    -v b="$(median "$T/bash")" 'BEGIN {
	x = (x - e) / 1e6; b = (b - e) / 1e6
	printf "xlsh --sandbox -c whoami: %.1f ms; bash --norc -c true:" \
	    " %.1f ms; ratio %.1f\n", x, b, x / b }'

# A session kept open on a fifo, its helper found as its child, once it
# has answered a list.
mkfifo "$T/fifo"
"$XLSH" --sandbox <"$T/fifo" >"$T/out" 2>"$T/err" &
shell=$!
exec 3>"$T/fifo"
echo list >&3
i=0
while ! grep -q '^Domain-0 ' "$T/out" && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
pid=$(awk '{ print $1 }' "/proc/$shell/task/$shell/children")
if [ -z "$pid" ] || [ ! -r "/proc/$pid/maps" ]; then
	echo "startup.sh: the sandbox's helper was not found" >&2
	exit 1
fi
awk '$6 ~ /\.so(\.[0-9]+)*$/ { print $6 }' "/proc/$pid/maps" |
    sort -u >"$T/libs"
exec 3>&-
wait "$shell"
echo "xlshd --sandbox maps $(wc -l <"$T/libs" | tr -d ' ') shared" \
    "libraries, $(grep -c '/libxen' "$T/libs" || :) of them Xen's (libxen*)"
