#!/bin/sh
# Every fuzz harness over its seed corpus (fuzz/corpus/NAME), with the
# replay main instead of libFuzzer: what make fuzz found once, and the
# seeds, stay handled.  make fuzz runs the harnesses for real.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

for h in audit grammar import lesson msg policy registry xlcfg; do
	dir=$top_srcdir/fuzz/corpus/$h
	n=$(ls "$dir" | wc -l | tr -d ' ')
	run "$top_builddir/fuzz/replay-$h" "$dir"
	is "$rc" 0 "the $h harness takes its $n seeds"
	[ "$rc" -eq 0 ] || diag "$out" "$err"
	[ "$n" -ge 3 ] && pass "the $h corpus has seeds ($n)" ||
	    fail "the $h corpus has seeds ($n)"
done

done_testing
