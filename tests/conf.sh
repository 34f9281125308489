#!/bin/sh
# The helper's configuration (xlshd.conf(5)): the file and the command
# line, -t and -T, what it makes (the socket, its group and mode, the
# directories), SIGHUP, --daemon, and one login: a member's own account
# is not asked for a password again.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

me=$(id -un)
mygroup=$(id -gn)
pam_members alice:alice-secret "$me:unused"
cat >"$T/policy.conf" <<EOF
permit domains=2 templates=tiny names=\${user}-* alice as vm-power-admin on own
permit $me as vm-operator
EOF
chmod 644 "$T/policy.conf"

# -t: a good file is silent; a bad one has each mistake on a line.
cat >"$T/good.conf" <<EOF
# a comment, and a blank line

backend sim
idle-timeout 60
	shared-login  students guests
bridge xenbr0 xenbr1
socket-mode 0600
EOF
run "$XLSHD" -t -f "$T/good.conf" --policy "$T/policy.conf"
is "$rc:$out$err" "0:" "xlshd -t: a good configuration says nothing"
run "$XLSHD" -T -f "$T/good.conf" --policy "$T/policy.conf" --idle-timeout 30
like "$out" '^backend sim$' "-T: the file's backend"
like "$out" '^idle-timeout 30$' "the command line overrides the file"
like "$out" '^shared-login guests$' "a list's words are each kept"
like "$out" '^bridge xenbr1$' "bridges too"
like "$out" '^socket-mode 0600$' "and the mode, in octal"
like "$out" '^socket /run/xlsh/xlshd.sock$' "the default socket"
cat >"$T/bad.conf" <<EOF
backend xen
idle-timeout soon
state relative/dir
socket-mode 999
shared-login bad;name
frobnicate yes
lockout
EOF
run "$XLSHD" -t -f "$T/bad.conf" --policy "$T/policy.conf"
is "$rc" 1 "xlshd -t: a bad configuration fails"
is "$err" "xlshd: $T/bad.conf:1: backend: unknown backend 'xen' (this build has: sim, libxl)
xlshd: $T/bad.conf:2: idle-timeout: 'soon' is not a number from 0 to 86400
xlshd: $T/bad.conf:3: state: 'relative/dir' is not an absolute path
xlshd: $T/bad.conf:4: socket-mode: '999' is not an octal mode from 0 to 0777
xlshd: $T/bad.conf:5: shared-login: 'bad;name' is not a login name
xlshd: $T/bad.conf:6: unknown keyword 'frobnicate'
xlshd: $T/bad.conf:7: lockout: no value" "every mistake, with its line"
run "$XLSHD" -t -f "$T/absent.conf" --policy "$T/policy.conf"
is "$rc:$err" "1:xlshd: $T/absent.conf: No such file or directory" \
    "a file given with -f must exist"
echo 'permit nobody as emperor' >"$T/badpolicy.conf"
chmod 644 "$T/badpolicy.conf"
run "$XLSHD" -t -f "$T/good.conf" --policy "$T/badpolicy.conf"
like "$rc:$err" "^1:$T/badpolicy.conf:1:18: unknown role 'emperor'" \
    "xlshd -t checks the policy too"
run "$XLSHD" -t -f "$T/good.conf" --policy "$T/nopolicy.conf"
is "$rc:$err" "1:xlshd: $T/nopolicy.conf: No such file or directory" \
    "a missing policy, in a line of xlshd's"
run "$XLSHD" -t -f "$T/good.conf" --idle-timeout soon
is "$rc:$err" "2:xlshd: --idle-timeout: 'soon' is not a number from 0 to 86400" \
    "an option's mistake is a usage error"

# The shipped file: every keyword, commented out with its default;
# each is one xlshd knows, and xlshd.conf(5) describes; and -T prints
# each one the file sets.
# (The file is made from etc/xlshd.conf.in by the build; the module is
# the build's own, not yet where the file says it is installed.)
sed -n 's/^#\([a-z][a-z-]* \)/\1/p' "$top_builddir/etc/xlshd.conf" >"$T/all.conf"
run "$XLSHD" -T -f "$T/all.conf" --policy "$T/policy.conf" \
    --backend-module "$top_builddir/src/libxl/backend-libxl.so"
is "$rc:$err" "0:" "the shipped xlshd.conf's lines, all uncommented, are valid"
shipped=$(cut -d' ' -f1 "$T/all.conf" | sort -u)
printed=$(printf '%s\n' "$out" | cut -d' ' -f1 | sort -u)
documented=$(sed -n 's/^\.It Ic \([a-z-]*\) .*/\1/p' \
    "$top_srcdir/man/xlshd.conf.5" | sort -u)
is "$printed" "$shipped" "-T prints every keyword the shipped file has"
is "$documented" "$shipped" "xlshd.conf(5) describes the same keywords"
for k in $shipped; do
	grep -q "^\.It Fl \\\\-$k Ar" "$top_srcdir/man/xlshd.8" || missing="$missing $k"
done
is "${missing:-}" "" "xlshd(8) has each as an option"

# One line makes a classroom: the simulated host, no --backend.
mkdir "$T/run"
cat >"$T/xlshd.conf" <<EOF
backend sim
state $T/state
audit $T/logs/audit.log
policy $T/policy.conf
templates $TEMPLATES
socket $T/run/sub/xlshd.sock
socket-group $mygroup
fail-delay 0
EOF
SOCK=$T/run/sub/xlshd.sock
start() {
	LD_PRELOAD=$PRELOAD PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR=$T/pam.d \
	    "$XLSHD" -f "$T/xlshd.conf" "$@" 2>>"$T/xlshd.log" &
	helper=$!
	wait_socket "$SOCK"
}
stop() { kill "$helper" 2>/dev/null; wait "$helper" 2>/dev/null; }
hup() { kill -HUP "$helper"; sleep 0.5; }
cleanup_hooks="$cleanup_hooks stop"
start
as alice alice-secret create tiny name=alice-web
is "$rc" 0 "a helper configured by its file serves a member"
as alice alice-secret info
like "$out" '^xen_caps +: xen-3.0-x86_64' "on the simulated host"
is "$(stat -c '%a %G' "$SOCK")" "660 $mygroup" \
    "its socket: mode 0660, the configured group"
is "$(stat -c '%a' "$T/run/sub")" 755 "its directory, made: 0755"
is "$(stat -c '%a' "$T/logs")" 700 "the audit log's directory, made: 0700"

# One login: my own account is a member; no password is asked.
run "$XLSH" --connect "$SOCK" -c whoami </dev/null
is "$rc" 0 "$me, a member by their own account, is logged in without a password"
like "$out" "^member: $me$" "as $me"
like "$out" '^role: +vm-operator$' "with the policy's role"
is "$err" "" "and not asked anything"
like "$(tail -n 3 "$T/logs/audit.log")" "\"member\":\"$me\",\"role\":\"vm-operator\",\"verb\":\"login\",\"target\":null,\"decision\":\"permit\"" \
    "the audit log has the login"
run "$XLSH" --connect "$SOCK" -l "$me" -c whoami </dev/null
is "$rc" 0 "-l with my own name: the same"
printf 'alice-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l alice -c whoami <"$T/in"
like "$rc:$out" "^0:member: alice" "another member's name still asks a password"
run "$XLSH" --connect "$SOCK" -l alice -c whoami </dev/null
is "$rc:$err" "1:xlsh: no answer to the login prompt" "and needs it"

# top's refreshes (a plain list each second) are not a record each:
# the first is, and one at the end of the run says how many followed.
before=$(grep -c '"verb":"list"' "$T/logs/audit.log")
printf 'list\nlist\nlist\nlist\nlist\ninfo\nlist\n' >"$T/in"
run "$XLSH" --connect "$SOCK" <"$T/in"
is "$rc" 0 "seven commands in one session"
is "$(grep -c '"verb":"list"' "$T/logs/audit.log")" $((before + 3)) \
    "five lists in a row and one more: three list records"
like "$(grep '"verb":"list"' "$T/logs/audit.log" | tail -n 2 | head -n 1)" \
    '"result":"ok: 4 more, each within 2 s of the one before"' \
    "one of them counts the run"
unlike "$(cat "$T/xlshd.log")" "session [0-9a-f]+: $me list" \
    "the helper's own log has no line per request"

# SIGHUP: a broken policy is refused and the old one kept ...
cp "$T/policy.conf" "$T/policy.good"
echo 'permit $me as emperor' >>"$T/policy.conf"
hup
like "$(cat "$T/xlshd.log")" 'reload: refused; the configuration and policy in use are kept' \
    "SIGHUP: a broken policy is refused"
run "$XLSH" --connect "$SOCK" -c whoami </dev/null
is "$rc" 0 "and the helper serves on, with the old one"
# ... a good one is taken, and so is the configuration.
cp "$T/policy.good" "$T/policy.conf"
echo "shared-login $me" >>"$T/xlshd.conf"
hup
like "$(cat "$T/xlshd.log")" "reload: $T/xlshd.conf and $T/policy.conf read" \
    "SIGHUP: a good one is read"
run "$XLSH" --connect "$SOCK" -c whoami </dev/null
is "$rc:$err" "1:xlsh: no answer to the login prompt" \
    "$me, now a shared login, is asked who logs in"
# Account management still speaks for an account of one's own.
sed -i "/^shared-login/d" "$T/xlshd.conf"
grep -v "^$me:" "$T/passdb" >"$T/passdb.new" && mv "$T/passdb.new" "$T/passdb"
hup
run "$XLSH" --connect "$SOCK" -c whoami </dev/null
like "$rc:$err" "^1:xlsh: Login refused: PAM's account check failed" \
    "an account PAM's account management refuses is refused"
echo "socket $T/elsewhere.sock" >>"$T/xlshd.conf"
hup
like "$(cat "$T/xlshd.log")" "reload: socket stays $SOCK until xlshd restarts" \
    "what only a restart changes is kept, and the log says so"
[ -S "$SOCK" ] && pass "the socket is still there" || fail "the socket is still there"
stop
sed -i '$d' "$T/xlshd.conf"
[ ! -e "$SOCK" ] && pass "SIGTERM removes the socket" ||
    fail "SIGTERM removes the socket"

# The simulated host's size, set when the helper starts.
start --sim-cpus 8 --sim-memory 32768
as alice alice-secret info
like "$out" '^nr_cpus +: 8$' "sim-cpus: the host's cpus"
like "$out" '^total_memory +: 32768$' "sim-memory: its memory"
stop
run "$XLSHD" -f "$T/xlshd.conf" --sim-memory 2100 --socket "$T/x.sock"
is "$rc:$err" "1:xlshd: sim-memory: the simulated host's domains use 2240 MiB, more than 2100" \
    "a host too small for its domains is refused, and left as it was"
start
as alice alice-secret info
like "$out" '^total_memory +: 32768$' "and 0 leaves the size as it is"
stop

# --daemon: checks first, in the foreground; then a pid file.
run "$XLSHD" -f "$T/xlshd.conf" --socket-group no-such-group-xlsh \
    --daemon --pidfile "$T/xlshd.pid"
is "$rc:$err" "1:xlshd: socket-group: there is no group no-such-group-xlsh (groupadd no-such-group-xlsh, or set socket-group in xlshd.conf)" \
    "--daemon: a mistake is told at once, before detaching"
[ ! -e "$T/xlshd.pid" ] && pass "and leaves no pid file" ||
    fail "and leaves no pid file"
# (env: an assignment before a function may outlive its call in sh.)
run env LD_PRELOAD="$PRELOAD" PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR="$T/pam.d" \
    "$XLSHD" -f "$T/xlshd.conf" --daemon --pidfile "$T/xlshd.pid"
is "$rc:$out:$err" "0::" "--daemon returns at once, silent"
pid=$(cat "$T/xlshd.pid" 2>/dev/null)
kill -0 "$pid" 2>/dev/null && pass "the pid file names a live helper" ||
    fail "the pid file names a live helper"
as alice alice-secret list alice-web
like "$out" '^alice-web ' "the detached helper serves"
[ "$rc" -eq 0 ] || diag "$err"
kill "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ ! -e "$T/xlshd.pid" ] && [ ! -e "$SOCK" ] &&
    pass "SIGTERM: the pid file and the socket go" ||
    fail "SIGTERM: the pid file and the socket go"

done_testing
