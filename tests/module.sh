#!/bin/sh
# The libxl backend is a module, backend-libxl.so, which xlshd loads
# only when its backend is libxl: -t and -T load it; a missing or broken
# one is one line naming it and exit 1, with -t as at start; the module
# shows the helper one symbol and uses only what the helper exports; and
# the helper of the simulated host maps neither it nor Xen's libraries.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

MODULE=$top_builddir/src/libxl/backend-libxl.so
: >"$T/empty.conf"
echo "permit $(id -un) as vm-operator" >"$T/policy.conf"
chmod 644 "$T/policy.conf"

# -t and -T load the configured module.
run "$XLSHD" -t --sandbox --backend libxl --backend-module "$MODULE"
is "$rc:$out$err" "0:" "xlshd -t --backend libxl: the module loads, silently"
run "$XLSHD" -T -f "$T/empty.conf" --policy "$T/policy.conf" \
    --backend-module "$MODULE"
is "$rc:$err" "0:" "-T of a system helper, whose backend is libxl"
like "$out" "^backend-module $MODULE\$" "-T prints the module"
echo "backend-module $MODULE" >"$T/module.conf"
run "$XLSHD" -t -f "$T/module.conf" --policy "$T/policy.conf"
is "$rc:$out$err" "0:" "backend-module in xlshd.conf"
echo "backend-module relative/backend-libxl.so" >"$T/relative.conf"
run "$XLSHD" -t -f "$T/relative.conf" --policy "$T/policy.conf"
is "$rc:$err" "1:xlshd: $T/relative.conf:1: backend-module: 'relative/backend-libxl.so' is not an absolute path" \
    "there, an absolute path"
run "$XLSHD" -T --sandbox --backend-module "$T/none.so"
is "$rc" 0 "the simulated host's helper loads no module"
like "$out" '^backend sim$' "(its backend is sim)"

# refused WHY DESCRIPTION PATH: xlshd -t with the libxl backend's module
# at PATH fails with one line, which names it and says WHY.
refused() {
	run "$XLSHD" -t --sandbox --backend libxl --backend-module "$3"
	is "$rc:$out" "1:" "$2: -t exits 1"
	is "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1 "in one line"
	like "$err" "^xlshd: backend libxl: $3: $1\$" "which names it and why"
}
refused 'cannot open shared object file: No such file or directory' \
    "a missing module" "$T/none.so"
i=0
while [ $i -lt 20 ]; do
	echo "not a module, not a module"
	i=$((i + 1))
done >"$T/text.so"
refused 'invalid ELF header' "a text file" "$T/text.so"
lib=$(ldd "$XLSHD" | awk '$1 ~ /^libsqlite3/ { print $3 }')
refused 'undefined symbol: xlsh_backend_module' "a library that is not one" \
    "$lib"
refused "a module of another xlshd \\(its backend seam is not this one's\\)" \
    "a module of another seam" "$top_builddir/tests/module-other.so"
refused 'undefined symbol: policy_load' \
    "one that calls what the helper does not export" \
    "$top_builddir/tests/module-unexported.so"
cp "$MODULE" "$T/writable.so"
chmod 666 "$T/writable.so"
refused 'must be a regular file owned by root and not writable by group or others' \
    "a module others may write" "$T/writable.so"
refused 'not a path \(say \./ for this directory\)' "a bare name" \
    backend-libxl.so

# At start as with -t, before the socket, and a system helper alike.
run "$XLSHD" --sandbox --backend libxl --backend-module "$T/none.so" \
    --socket "$T/x.sock" --state "$T/lxstate"
is "$rc:$out:$err" "1::xlshd: backend libxl: $T/none.so: cannot open shared object file: No such file or directory" \
    "xlshd at start: the one line, exit 1"
[ ! -e "$T/x.sock" ] && pass "and no socket" || fail "and no socket"
run "$XLSHD" -i -f "$T/empty.conf" --policy "$T/policy.conf" \
    --backend-module "$T/text.so" --state "$T/lxstate" </dev/null
like "$rc:$err" "^1:xlshd: backend libxl: $T/text.so: invalid ELF header\$" \
    "xlshd -i, a system helper: the same"

# The module shows one symbol; the helper exports what the module uses
# and no name of its own that a library in its process defines (a
# library's call would reach the helper's instead: see audit_open in
# ARCHITECTURE.md).  Its own: those of its dynamic list; the others it
# shows are libraries' variables copied into it, a sanitizer's among
# them.
is "$(nm -D --defined-only "$MODULE" | awk '{ print $3 }')" \
    xlsh_backend_module "the module exports xlsh_backend_module alone"
nm -D --defined-only "$XLSHD" | awk 'NF == 3 { print $3 }' | sort -u \
    >"$T/exported"
like "$(cat "$T/exported")" '^slog$' "xlshd exports slog, for the module"
unlike "$(cat "$T/exported")" '^(policy_load|session_serve)$' \
    "and not its own functions"
{ ldd "$XLSHD"; ldd "$MODULE"; } | awk '$3 ~ /^\// { print $3 }' |
    sort -u >"$T/libs"
while read -r l; do
	nm -D --defined-only "$l" 2>/dev/null | awk 'NF == 3 { print $3 }'
done <"$T/libs" | sed 's/@.*//' | sort -u >"$T/libsyms"
sed -n 's/^[[:space:]]*\([A-Za-z0-9_.]*\);$/\1/p' \
    "$top_builddir/src/helper/exports.list" | sort -u >"$T/listed"
like "$(cat "$T/listed")" '^xerr_set$' "the dynamic list has what it exports"
is "$(comm -12 "$T/listed" "$T/exported" | comm -12 - "$T/libsyms" |
    tr '\n' ' ')" "" "no symbol xlshd exports is one its libraries define"

# maps PID: the shared objects the process maps.
maps() {
	awk '$6 ~ /\.so(\.[0-9]+)*$/ { print $6 }' "/proc/$1/maps" | sort -u
}

# A helper of the libxl backend maps the module, and Xen's libraries
# through it.  (A sandbox's: no probe of Xen, which is not here.)
"$XLSHD" --sandbox -f "$T/module.conf" --backend libxl \
    --socket "$T/lx.sock" --state "$T/lxstate" 2>"$T/lx.log" &
lx=$!
stop_lx() { kill "$lx" 2>/dev/null; wait "$lx" 2>/dev/null; }
cleanup_hooks="$cleanup_hooks stop_lx"
wait_socket "$T/lx.sock"
maps "$lx" >"$T/lxmaps"
like "$(cat "$T/lxmaps")" '/backend-libxl\.so$' \
    "a libxl helper maps backend-libxl.so"
like "$(cat "$T/lxmaps")" '/libxenlight\.so' "and libxenlight"
# SIGHUP: another module waits for a restart.
echo "backend-module $T/none.so" >"$T/module.conf"
kill -HUP "$lx"
i=0
while ! grep -q 'reload: .* read$' "$T/lx.log" && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
like "$(cat "$T/lx.log")" "reload: backend-module stays $MODULE until xlshd restarts" \
    "SIGHUP keeps the module in use, and the log says so"
kill -0 "$lx" 2>/dev/null && pass "the helper goes on" ||
    fail "the helper goes on"
stop_lx

# The sandbox's helper, found as the shell's child once it has answered
# a list (bench/startup.sh looks at it so too).
mkfifo "$T/fifo"
"$XLSH" --sandbox <"$T/fifo" >"$T/sb.out" 2>"$T/sb.err" &
shell=$!
exec 3>"$T/fifo"
echo list >&3
i=0
while ! grep -q '^Domain-0 ' "$T/sb.out" && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
pid=$(awk '{ print $1 }' "/proc/$shell/task/$shell/children" 2>/dev/null)
if [ -n "$pid" ] && [ -r "/proc/$pid/maps" ]; then
	maps "$pid" >"$T/sbmaps"
	pass "the sandbox's helper is found (pid $pid)"
else
	: >"$T/sbmaps"
	fail "the sandbox's helper is found"
fi
exec 3>&-
wait "$shell"
like "$(cat "$T/sbmaps")" '/libsqlite3\.so' "it maps its libraries (sqlite's)"
unlike "$(cat "$T/sbmaps")" 'backend-libxl' "but not the libxl module"
xen=$(grep -E '/libxen' "$T/sbmaps" | sed 's|.*/||' | tr '\n' ' ')
is "$xen" "" "nor any of Xen's libraries"

done_testing
