#!/bin/sh
# xlsh beside virsh, each against its own simulated host of N running
# guests dom-0 ... dom-(N-1): listing them all (`xlsh -c list`, `virsh
# list --all`) and completing a guest's name among them (`xlsh
# --complete 'pause dom-1'`, `virsh complete -- suspend dom-1`), each a
# whole new process every time, the median of RUNS.  virsh's host is
# libvirt's test driver, a <node> of <domain type='test'> read from an
# XML file at each connection; xlsh's is a sandbox helper's, made as
# bench/lib.sh says.  It reports numbers; it never fails on a slow
# machine, and without virsh it says so and stops.
#   sh bench/virsh.sh [N...]	(100 1000 10000; RUNS from $RUNS, 5)
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu
. "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
[ $# -gt 0 ] || set -- 100 1000 10000
# A host in a directory of its own for each N, all of them under $base.
base=$T
trap 'kill "$helper" 2>/dev/null || :; rm -rf "$base"' EXIT
if ! command -v virsh >/dev/null 2>&1; then
	echo "virsh.sh: skipped: no virsh here (apt-get install" \
	    "libvirt-clients)"
	exit 0
fi
# virsh keeps a history under the cache directory.
export XDG_CACHE_HOME="$base/cache" XDG_CONFIG_HOME="$base/config"
# virsh's complete came in libvirt 5.x; an older one has no peer.
has_complete=0
virsh help complete >/dev/null 2>&1 && has_complete=1

# median_ms COMMAND...: the median wall time of $RUNS runs, in ms with
# one decimal; the last run's output in $T/out.
median_ms() {
	r=0
	while [ $r -lt "$RUNS" ]; do
		start=$(date +%s%N)
		"$@" >"$T/out" 2>"$T/err" || {
			echo "virsh.sh: $* failed: $(head -n 1 "$T/err")" >&2
			exit 1
		}
		echo $(($(date +%s%N) - start))
		r=$((r + 1))
	done | sort -n | awk '{ t[NR] = $1 }
	    END { printf "%.1f\n", t[int((NR + 1) / 2)] / 1e6 }'
}

# candidates: the names in $T/out, one a line, blank lines aside.
candidates() { grep -c . "$T/out" || :; }

for n; do
	T=$base/$n
	mkdir "$T"
	bench_host "$n" >/dev/null
	awk -v n="$n" 'BEGIN {
		print "<node>"
		for (i = 0; i < n; i++)
			printf "<domain type=\"test\"><name>dom-%d</name>" \
			    "<memory>16384</memory><vcpu>1</vcpu>" \
			    "<os><type>hvm</type></os></domain>\n", i
		print "</node>"
	}' >"$T/node.xml"
	uri=test://$(cd "$T" && pwd)/node.xml

	xl=$(median_ms "$XLSH" --connect "$T/s" -c list)
	vl=$(median_ms virsh -c "$uri" list --all)
	[ "$(grep -c ' running$' "$T/out")" -eq "$n" ] || {
		echo "virsh.sh: virsh lists no $n running guests" >&2
		exit 1
	}
	xc=$(median_ms "$XLSH" --connect "$T/s" --complete 'pause dom-1')
	xk=$(candidates)
	vc="n/a (this virsh has no complete)" vk=
	if [ $has_complete = 1 ]; then
		vc="$(median_ms virsh -c "$uri" complete -- suspend dom-1) ms"
		vk=$(candidates)
	fi
	kill "$helper"
	wait "$helper" 2>/dev/null || :
	helper=
	if [ "$xk" = "$vk" ]; then
		k="$xk candidates"
	else
		k="xlsh $xk candidates, virsh ${vk:-no}"
	fi
	echo "list of $n VMs: xlsh $xl ms, virsh $vl ms;" \
	    "completion among $n: xlsh $xc ms, virsh $vc ($k)"
done
