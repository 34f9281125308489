#!/bin/sh
# make fuzz: each harness built with clang's libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer, and run for FUZZ_SECONDS (60 by
# default) from a copy of its seed corpus.  A crash or a sanitizer's
# report fails it and leaves the input that caused it, to be added to
# fuzz/corpus/NAME once fixed (make check replays the corpus).
#   sh fuzz/run.sh SRCDIR BUILDDIR
# SPDX-License-Identifier: GPL-3.0-or-later

set -u
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
secs=${FUZZ_SECONDS:-60}
cc=${CC_FUZZ:-clang}
out=$build/fuzz/work
mkdir -p "$out"

flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
-I$build -I$src/src -I$src/src/common -DLIBXL_API_VERSION=0x041400"
# Every file of src/common: the grammar is spread over several.
common=$(echo "$src"/src/common/*.c)

xen="-DHAVE_YAJL_YAJL_VERSION_H"
xenlibs="-lxlutil -lxenlight $(pkg-config --cflags --libs yajl sqlite3)"

# Leaks that are Xen's own, not the harnesses' (fuzz/lsan.supp).
LSAN_OPTIONS=suppressions=$src/fuzz/lsan.supp:print_suppressions=0
export LSAN_OPTIONS

# Where the harnesses that keep a database keep it: in memory, where
# SQLite's fsyncs cost nothing.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=/dev/shm
	export TMPDIR
fi

failed=0
for h in audit grammar import lesson msg policy registry xlcfg; do
	extra=
	libs=
	case $h in
	audit)
		extra=$src/src/helper/audit_record.c
		libs="$(pkg-config --cflags --libs yajl) -lmd"
		;;
	lesson)
		extra="$src/src/helper/lesson_file.c
		    $src/src/helper/lesson_vocab.c"
		;;
	policy)
		extra="$src/src/helper/policy.c $src/src/helper/policy_lex.c
		    $src/src/helper/policy_match.c $src/src/helper/policy_opt.c"
		;;
	import)
		extra="$xen $src/fuzz/statedir.c $src/src/sim/*.c
		    $src/src/backend/*.c"
		libs=$xenlibs
		;;
	registry)
		extra="$xen $src/fuzz/statedir.c $src/src/helper/registry.c
		    $src/src/backend/*.c"
		libs=$xenlibs
		;;
	xlcfg)
		extra="$xen $src/src/backend/*.c $src/src/libxl/xlcfg_libxl.c
		    $src/src/libxl/xlcfg_dev.c $src/fuzz/cfgdiff.c"
		libs=$xenlibs
		;;
	esac
	# shellcheck disable=SC2086
	if ! $cc $flags -o "$out/fuzz-$h" "$src/fuzz/fuzz_$h.c" $extra \
	    $common $libs; then
		echo "fuzz: $h: does not build with $cc"
		failed=1
		continue
	fi
	rm -rf "$out/corpus-$h"
	cp -R "$src/fuzz/corpus/$h" "$out/corpus-$h"
	if (cd "$out" && "./fuzz-$h" -max_total_time="$secs" \
	    -max_len=8192 -print_final_stats=1 "corpus-$h" \
	    >"$out/fuzz-$h.log" 2>&1); then
		echo "fuzz: $h: $(grep -E '^stat::number_of_executed_units' \
		    "$out/fuzz-$h.log" | awk '{ print $2 }') runs in $secs s," \
		    "no crash"
	else
		echo "fuzz: $h: FAILED; see $out/fuzz-$h.log"
		grep -E 'ERROR|SUMMARY|Test unit written' "$out/fuzz-$h.log" |
		    head -n 5
		failed=1
	fi
done
exit $failed
