# Shared helpers of the scenario tests: TAP output and a private sandbox.
# SPDX-License-Identifier: GPL-3.0-or-later

: "${top_builddir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
XLSH=$top_builddir/src/xlsh
XLSHD=$top_builddir/src/xlshd
TEMPLATES=$top_srcdir/etc/templates

T=$(mktemp -d "${TMPDIR:-/tmp}/xlsh-test.XXXXXX")
export XDG_STATE_HOME="$T/state"
export HOME="$T/home"
mkdir -p "$HOME"
STATE="$XDG_STATE_HOME/xlsh"
unset INPUTRC

tap_n=0
tap_failed=0
cleanup_hooks=
trap 'for h in $cleanup_hooks; do $h; done; stop_tmux; rm -rf "$T"' EXIT

# wait_socket PATH: until a helper listens there, 5 s at most.
wait_socket() {
	_i=0
	while [ ! -S "$1" ] && [ $_i -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
}

# pam_members [verbose] NAME:PASSWORD...: PAM for a system helper
# without root: pam_wrapper ($PRELOAD, to preload) and pam_matrix with
# these members, in the service directory $T/pam.d; the state directory
# $T/state.  A test cannot go on without them: it fails and ends.
pam_members() {
	PAMW=$(pkg-config --libs pam_wrapper 2>/dev/null | tr -d ' ')
	MATRIX=$(dirname "${PAMW:-/nonexistent}")/pam_wrapper/pam_matrix.so
	# What the helper preloads: a sanitizer build's shim first.
	PRELOAD="${NODEEPBIND:+$NODEEPBIND }$PAMW"
	if [ ! -f "$PAMW" ] || [ ! -f "$MATRIX" ]; then
		fail "pam_wrapper is needed (apt-get install libpam-wrapper)"
		done_testing
		exit 1
	fi
	_v=
	if [ "$1" = verbose ]; then
		_v=" verbose"
		shift
	fi
	mkdir -p "$T/pam.d" "$T/state"
	chmod 700 "$T/state"
	for _m; do
		echo "$_m:xlsh"
	done >"$T/passdb"
	for _t in auth account; do
		echo "$_t required $MATRIX passdb=$T/passdb$_v"
	done >"$T/pam.d/xlsh"
}

# as MEMBER PASSWORD WORD...: one command of MEMBER's through the
# helper at $SOCK, logged in with PASSWORD; run's $rc, $out and $err.
as() {
	_m=$1 _p=$2
	shift 2
	printf '%s\n' "$_p" >"$T/in"
	run "$XLSH" --connect "$SOCK" -l "$_m" -c "$*" <"$T/in"
}

# shipped_member_rule: the shipped policy's rule for :xlsh-members, its
# continued lines joined, blanks squeezed.
shipped_member_rule() {
	awk '/\\$/ { sub(/\\$/, ""); line = line $0; next }
	    { line = line $0; if (line ~ /:xlsh-members/) print line
	      line = "" }' "$top_srcdir/etc/policy.conf" | tr -s ' \t' '  '
}

# shipped_policy MEMBER...: $T/policy.conf with the shipped member
# rule for each MEMBER, the rules on standard input, and an
# administrator, admin, as pool-admin with dom0 and files.
shipped_policy() {
	_rule=$(shipped_member_rule)
	{
		for _m in "$@"; do
			printf '%s\n' "$_rule" | sed "s/:xlsh-members/$_m/"
		done
		cat
		echo 'permit dom0 files admin as pool-admin'
	} >"$T/policy.conf"
	chmod 644 "$T/policy.conf"
}

# system_helper SOCKET OPTION...: a system-mode helper on the simulated
# host, with the PAM of pam_members, the configuration $T/xlshd.conf
# (made empty if missing), the policy $T/policy.conf and the audit log
# $T/audit.log unless the options say otherwise; the socket is the
# group's of whoever runs the test; its pid in $helper, its log
# $T/xlshd.log, stopped when the test ends.
system_helper() {
	_sock=$1
	shift
	[ -f "$T/xlshd.conf" ] || : >"$T/xlshd.conf"
	LD_PRELOAD=$PRELOAD PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR=$T/pam.d \
	    "$XLSHD" -f "$T/xlshd.conf" --socket-group "$(id -gn)" \
	    --socket "$_sock" --backend sim --state "$T/state" \
	    --templates "$TEMPLATES" --policy "$T/policy.conf" \
	    --audit "$T/audit.log" "$@" 2>>"$T/xlshd.log" &
	helper=$!
	cleanup_hooks="$cleanup_hooks stop_helper"
	wait_socket "$_sock"
}
stop_helper() { kill "$helper" 2>/dev/null; wait "$helper" 2>/dev/null; }

# Terminal tests: a tmux server of the test's own (a test may change
# TMUX_SOCK to start afresh), send-keys to type, capture-pane to read.
TMUX_SOCK=xlsh-test-$$
tm() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
stop_tmux() { tm kill-server 2>/dev/null; }
screen() { tm capture-pane -p -N -t 0; }
# The last line of the screen with something on it.
last() { screen | grep -v '^ *$' | tail -n 1; }
# wait_screen REGEX: until a line of the screen matches, 5 s at most;
# wait_last REGEX: until its last line does.
wait_until() {
	_i=0
	while [ $_i -lt 50 ]; do
		"$1" | grep -Eq -- "$2" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
wait_screen() { wait_until screen "$1"; }
wait_last() { wait_until last "$1"; }

pass() { tap_n=$((tap_n + 1)); printf "ok %d - %s\n" "$tap_n" "$*"; }
fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	printf "not ok %d - %s\n" "$tap_n" "$*"
}
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# run CMD...: run it, keeping its status in $rc, stdout in $out and
# stderr in $err.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# x WORDS...: one command through a new sandbox shell.
x() { run "$XLSH" --sandbox -c "$*"; }

is() {	# ACTUAL EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then pass "$3"; else
		fail "$3"; diag "got:      '$1'" "expected: '$2'"; fi
}

like() {	# TEXT EXTENDED-REGEX DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then pass "$3"; else
		fail "$3"; diag "text:" "$1" "does not match: $2"; fi
}

unlike() {	# TEXT EXTENDED-REGEX DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		fail "$3"; diag "text:" "$1" "matches: $2"; else pass "$3"; fi
}

# A row of xl list for one domain name, or nothing.
# broken_frames SOCKET: a replayed hello, an oversize frame, half a
# frame and garbage (tests/rawreq) each end their own connection.
broken_frames() {
	run "$top_builddir/tests/rawreq" "$1" hello2
	is "$out" closed "a replayed hello ends the connection"
	run "$top_builddir/tests/rawreq" "$1" huge
	is "$out" closed "an oversize frame ends the connection"
	run "$top_builddir/tests/rawreq" "$1" half
	is "$out" closed "half a frame ends the connection"
	run "$top_builddir/tests/rawreq" "$1" garbage
	is "$out" closed "garbage ends the connection"
}

row() { printf '%s\n' "$out" | awk -v n="$1" '$1 == n'; }

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
