#!/bin/sh
# The tree's shape, as doc/ARCHITECTURE.md draws it: a folder per
# component, no .c file over 400 lines, each folder including only the
# folders it may, no file calling into a file that calls back into it,
# and no tracked file with a non-printable name or a
# compiled binary in it; and an archiver that builds without a warning.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

S=$top_srcdir/src
MAXLINES=400
FOLDERS="common shell helper backend sim libxl"

# Which folders a folder's files may include, besides their own.
may_include() {
	case $1 in
	common)		echo "" ;;
	shell)		echo "common" ;;
	backend)	echo "common" ;;
	helper|sim|libxl) echo "common backend" ;;
	esac
}

# Nothing directly in src/: every file belongs to a component.
loose=$(find "$S" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) |
    sed "s|^$S/||")
is "$loose" "" "no .c or .h file directly in src/"

for d in $FOLDERS; do
	[ -d "$S/$d" ] && pass "src/$d exists" || fail "src/$d exists"
done
extra=
for p in "$S"/*/; do
	d=$(basename "$p")
	case " $FOLDERS " in
	*" $d "*) ;;
	*) [ -n "$(find "$p" -name '*.[ch]')" ] && extra="$extra $d" ;;
	esac
done
is "$extra" "" "no folder of sources other than: $FOLDERS"

# No .c file over the limit.
long=$(find "$S" -name '*.c' -exec wc -l {} + | awk -v max=$MAXLINES \
    '$2 != "total" && $1 > max { sub(".*/src/", "src/", $2); print $2 " " $1 }')
is "$long" "" "no .c file over $MAXLINES lines"

# Includes: "folder/x.h" only of a permitted folder, "x.h" only of the
# file's own folder, never a path that climbs.
for d in $FOLDERS; do
	ok=$(may_include "$d")
	bad=
	for f in "$S/$d"/*.[ch]; do
		[ -f "$f" ] || continue
		for inc in $(sed -n 's/^#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
			case $inc in
			config.h) continue ;;
			*..*) bad="$bad $(basename "$f"):$inc"; continue ;;
			*/*) ;;
			*)
				[ -f "$S/$d/$inc" ] ||
				    bad="$bad $(basename "$f"):$inc"
				continue ;;
			esac
			case " $ok " in
			# common/paths.h is made in the build tree.
			*" ${inc%%/*} "*) [ -f "$S/$inc" ] ||
			    [ -f "$top_builddir/src/$inc" ] ||
			    bad="$bad $(basename "$f"):$inc" ;;
			*) bad="$bad $(basename "$f"):$inc" ;;
			esac
		done
	done
	is "$bad" "" "src/$d includes only its own files${ok:+ and those of: $ok}"
done

# Within a folder, files call each other in one direction only: from
# the objects' symbols, an edge a -> b when a uses what b defines; tsort
# finds any loop.  Above all in the helper, whose handlers reach the
# session through session.h and never the server.
callgraph() {
	for o in "$@"; do
		b=$(basename "$o" .o)
		b=${b#*-}
		nm "$o" | awk -v b="$b" '
		    $1 == "U" { print "U", b, $2 }
		    $2 ~ /^[TDRBC]$/ { print "D", b, $3 }'
	done | awk '
	    $1 == "D" { def[$3] = $2 }
	    $1 == "U" { n++; user[n] = $2; sym[n] = $3 }
	    END {
		for (i = 1; i <= n; i++)
			if ((sym[i] in def) && def[sym[i]] != user[i])
				print user[i], def[sym[i]]
	    }' | sort -u
}
for d in $FOLDERS; do
	# The programs' objects, not the unit tests' copies.
	objs=$(ls "$top_builddir/src/$d"/*.o 2>/dev/null | grep -v '/tests_')
	if [ -z "$objs" ]; then
		fail "src/$d: objects built"
		continue
	fi
	callgraph $objs >"$T/$d.edges"
	if tsort "$T/$d.edges" >/dev/null 2>"$T/loop"; then
		pass "src/$d: no two files call each other, even through others"
	else
		fail "src/$d: no two files call each other, even through others"
		sed 's/^/# /' "$T/loop"
	fi
done
# The graph is real: it has the helper's known edges, and tsort sees a
# loop when one is added.
grep -q '^server session$' "$T/helper.edges" &&
    grep -q '^request srv_info$' "$T/helper.edges" &&
    pass "the call graph sees server -> session and request -> srv_info" ||
    fail "the call graph sees server -> session and request -> srv_info"
{ cat "$T/helper.edges"; echo "session server"; } >"$T/looped"
tsort "$T/looped" >/dev/null 2>&1 && fail "tsort reports a loop" ||
    pass "tsort reports a loop"

# Tracked files: printable names, no compiled binaries.  From git where
# this is a checkout; otherwise the source tree less what the build made.
# (.git is a file in a worktree of git worktree add.)
if [ -e "$top_srcdir/.git" ] && command -v git >/dev/null 2>&1; then
	# git quotes a name with a control or non-ASCII byte.
	git -C "$top_srcdir" -c core.quotepath=on ls-files >"$T/files"
	how="git ls-files"
else
	# A build directory inside the source tree (distcheck's) is not
	# the tree's.
	src=$(cd "$top_srcdir" && pwd -P)
	bld=$(cd "$top_builddir" && pwd -P)
	prune=/nonexistent
	case $bld in "$src"/*) rel=${bld#"$src"/}; prune=./${rel%%/*} ;; esac
	(cd "$top_srcdir" && find . -path "$prune" -prune -o -type f \
	    ! -path './autom4te.cache/*' \
	    ! -name '*.o' ! -name '*.a' ! -path '*/.deps/*' \
	    ! -path ./src/xlsh ! -path ./src/xlshd ! -path ./tests/rawreq \
	    ! -path ./src/libxl/backend-libxl.so ! -path './tests/module-*.so' \
	    ! -path ./bench/load \
	    ! -path ./bench/floor ! -path ./bench/rtt \
	    ! -path './fuzz/replay-*' \
	    \( ! -path './tests/unit-*' -o -name '*.c' \) -print |
	    sed 's|^\./||') >"$T/files"
	how="the source tree"
fi
[ -s "$T/files" ] && pass "the files are listed ($how)" ||
    fail "the files are listed ($how)"
odd=$(LC_ALL=C grep -n '^"\|[^[:print:]]' "$T/files")
is "$odd" "" "no file name with a non-printable byte"
elf=
while IFS= read -r f; do
	case $f in \"*) continue ;; esac
	[ -f "$top_srcdir/$f" ] || continue
	[ "$(head -c 4 "$top_srcdir/$f" | od -An -c | tr -d ' ')" = '177ELF' ] &&
	    elf="$elf $f"
done <"$T/files"
is "$elf" "" "no ELF binary among the files"

# The libraries are archived as the Makefile does it, without a word on
# standard error (binutils warns of cru's u: D is its default now).
ar=$(sed -n 's/^AR = //p' "$top_builddir/Makefile")
arflags=$(sed -n 's/^ARFLAGS = //p' "$top_builddir/Makefile")
: >"$T/member.o"
(cd "$T" && $ar $arflags lib.a member.o) >/dev/null 2>"$T/ar.err"
is "$?:$(cat "$T/ar.err")" "0:" "ar $arflags makes an archive and says nothing"

done_testing
