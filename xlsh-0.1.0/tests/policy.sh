#!/bin/sh
# The policy language, in the manner of doas's regress tests: each
# tests/policy/t-NAME.conf with t-NAME.patterns ("permit|deny USER
# [-o OWNER] VERB [ARGS...]" per line: -o OWNER owns the VMs the line
# names, else nobody does) is run through the check mode; each
# t-bad-NAME.conf must be refused with exactly t-bad-NAME.errors on
# stderr.  Then the checks on the file itself: owner, mode, symlinks,
# size.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# The check command: it is given FILE -u USER [-o OWNER] VERB [ARGS...].
# It runs in $T, so a relative top_builddir is made absolute.
case $XLSHD in /*) ;; *) XLSHD=$(pwd)/$XLSHD ;; esac
CHECK="$XLSHD -C"

DIR=$top_srcdir/tests/policy

# install NAME SOURCE: copy a policy into $T, mode 0644 whatever the
# checkout's mode.
install_conf() {
	cp "$2" "$T/$1" && chmod 0644 "$T/$1"
}

# check CONF -u USER [-o OWNER] VERB [ARGS...], in $T so that messages
# name CONF as given.
in_t() { (cd "$T" && exec "$@"); }
check() {
	# shellcheck disable=SC2086
	run in_t $CHECK "$@"
}

# patterns CONF PATTERNS: every line of PATTERNS against CONF.
patterns() {
	_conf=$1
	while IFS= read -r line; do
		case $line in ''|'#'*) continue ;; esac
		set -f
		# shellcheck disable=SC2086
		set -- $line
		set +f
		want=$1
		shift
		check "$_conf" -u "$@"
		case $want in
		permit) wrc=0 ;;
		*) wrc=1 ;;
		esac
		if [ "$out" = "$want" ] && [ "$rc" = "$wrc" ]; then
			pass "$name: $line"
		else
			fail "$name: $line"
			diag "got: '$out' status $rc" "stderr: $err"
		fi
	done <"$2"
}

for p in "$DIR"/t-*.patterns; do
	name=$(basename "$p" .patterns)
	conf=$name.conf
	install_conf "$conf" "$DIR/$conf"
	patterns "$conf" "$p"
done

# The shipped policy, with its groups replaced by groups that every
# Debian system has: mail is a member, daemon an operator, root an
# administrator, and bin has no rule at all.
name=shipped
conf=shipped.conf
sed -e 's/:xlsh-members/:mail/' -e 's/:xlsh-operators/:daemon/' \
    -e 's/:xlsh-admins/:root/' "$top_srcdir/etc/policy.conf" >"$T/$conf"
chmod 0644 "$T/$conf"
patterns "$conf" "$DIR/shipped.patterns"

for c in "$DIR"/t-bad-*.conf; do
	name=$(basename "$c" .conf)
	install_conf "$name.conf" "$c"
	check "$name.conf" -u alice list
	if [ "$rc" = 1 ] && [ -z "$out" ] &&
	    [ "$err" = "$(cat "$DIR/$name.errors")" ]; then
		pass "$name: refused with the expected errors"
	else
		fail "$name: refused with the expected errors"
		diag "status $rc, stdout '$out'" "stderr:" "$err"
	fi
done

# The limits, too large to keep as files.
good="permit alice as read-only"
{
	echo "$good"
	printf '%s #%0997d\n' "$good" 0
	printf '%s #%0998d\n' "$good" 0
	printf '# %01022d\n' 0
	printf '# %01023d\n' 0
	printf 'permit alice \\\n as read-only #%01008d\n' 0
	printf 'permit\001alice\n'
	printf 'permit alice\r\n'
	printf 'permit "ali\000ce"\n'
} >"$T/limits.conf"
chmod 0644 "$T/limits.conf"
check limits.conf -u alice list
is "$err" "$(printf '%s\n' \
    'limits.conf:3:1025: line longer than 1024 bytes' \
    'limits.conf:5:1025: line longer than 1024 bytes' \
    'limits.conf:8:7: unexpected control character \001' \
    'limits.conf:9:13: unexpected control character \015' \
    'limits.conf:10:12: unexpected control character \000')" \
    "lines of 1024 bytes pass, longer ones are refused; control characters"
is "$rc" 1 "limits.conf is refused"

i=0
while [ $i -lt 1001 ]; do echo "$good"; i=$((i + 1)); done >"$T/rules.conf"
chmod 0644 "$T/rules.conf"
check rules.conf -u alice list
is "$err" "rules.conf:1001:1: too many rules (at most 1000)" "1001 rules"
sed 1d "$T/rules.conf" >"$T/rules1000.conf"
chmod 0644 "$T/rules1000.conf"
check rules1000.conf -u alice list
is "$out" permit "1000 rules are accepted"

i=0
while [ $i -lt 2731 ]; do echo "$good"; i=$((i + 1)); done >"$T/big.conf"
chmod 0644 "$T/big.conf"
check big.conf -u alice list
is "$err" "xlshd: big.conf: larger than 65536 bytes" "a file over 64 KiB is refused"

# The file itself.
MODEMSG="must be owned by root and not writable by group or others"
install_conf mode.conf "$DIR/t-default.conf"
chmod 0600 "$T/mode.conf"
check mode.conf -u alice list
is "$out" permit "a 0600 file of ours is read"
chmod 0664 "$T/mode.conf"
check mode.conf -u alice list
is "$rc $out" "1 " "a group-writable file is refused"
is "$err" "xlshd: mode.conf: $MODEMSG" "with the message"
chmod 0646 "$T/mode.conf"
check mode.conf -u alice list
is "$rc $err" "1 xlshd: mode.conf: $MODEMSG" "a world-writable file is refused"
chmod 0644 "$T/mode.conf"
if [ "$(id -u)" = 0 ]; then
	chown nobody "$T/mode.conf"
	check mode.conf -u alice list
	is "$rc $err" "1 xlshd: mode.conf: $MODEMSG" \
	    "a file owned by another user is refused"
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - a file owned by another user is refused # SKIP not root"
fi

install_conf real.conf "$DIR/t-default.conf"
ln -s real.conf "$T/link.conf"
check link.conf -u alice list
is "$rc $out" "1 " "a symbolic link is refused"
is "$err" "xlshd: link.conf: must be a regular file, not a symbolic link" \
    "with the message"
mkdir "$T/dir.conf"
check dir.conf -u alice list
is "$rc $err" "1 xlshd: dir.conf: must be a regular file" "a directory is refused"
check missing.conf -u alice list
is "$rc $err" "1 xlshd: missing.conf: No such file or directory" \
    "a missing file is refused"

check real.conf -u 'al ice' list
is "$rc" 1 "a user name that cannot be a member's is refused"
check real.conf -u alice -o 'al/ice' destroy web
is "$rc $out" "2 " "an owner that cannot be a member's is refused"
is "$err" "xlshd: -o: 'al/ice' is not a member name" "with the message"

done_testing
