#!/bin/sh
# xlsh behind a real OpenSSH server, set up by the shipped
# etc/ssh/sshd_config.d/xlsh.conf: a member of the group logs in once,
# with a key, and gets xlsh whatever their login shell and whatever
# the client asks for: no Unix shell, no sftp or scp, no forwarding.
# Needs root: it adds a group and users, and runs sshd, which must be
# root to log them in.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

# The EXIT trap's clean-up runs when a signal ends the test, too.
trap 'exit 1' HUP INT PIPE TERM

if [ "$(id -u)" -ne 0 ]; then
	fail "sshd.sh must run as root (it adds users and runs sshd):" \
	    "run make check as root"
	done_testing
	exit 1
fi
SSHD=/usr/sbin/sshd
for p in "$SSHD" ssh ssh-keygen sftp scp useradd bash timeout; do
	if ! command -v "$p" >/dev/null 2>&1; then
		fail "$p is needed (apt-get install openssh-server" \
		    "openssh-client)"
		done_testing
		exit 1
	fi
done

# The test's own group, the one of the shipped file's Match and of the
# helper's socket; A (login shell /bin/sh) and B (login shell xlsh) are
# in it, C is not.  Names with the test's pid, never an existing one.
G=xlsht$$
A=xlsha$$
B=xlshb$$
C=xlshc$$
HOST=$(uname -n)

# What sshd and the members read must be theirs to reach: the test's
# directory 0755 (its state stays 0700), the xlsh they run a root-owned
# copy, whatever the build tree's modes.
chmod 755 "$T"
mkdir -m 755 "$T/bin" "$T/sshd"
cp "$XLSH" "$T/bin/xlsh"
chmod 755 "$T/bin/xlsh"

users=
del_users() {
	for _u in $users; do
		# A session that outlived its client: the test's own users'
		# processes, by pid (zombies wait for init, and userdel -f).
		_i=0
		while _ps=$(ps -o pid=,stat= -u "$_u" |
		    awk '$2 !~ /^Z/ { print $1 }') && [ -n "$_ps" ] &&
		    [ $_i -lt 20 ]; do
			kill $_ps 2>/dev/null
			sleep 0.1
			_i=$((_i + 1))
		done
		userdel "$_u" 2>/dev/null || userdel -f "$_u" 2>/dev/null
	done
	groupdel "$G" 2>/dev/null
}
cleanup_hooks="$cleanup_hooks del_users"
if ! groupadd "$G"; then
	fail "groupadd $G"
	done_testing
	exit 1
fi
# adduser NAME SHELL [GROUP]: a user with a root-owned home in $T whose
# .ssh/authorized_keys has the test's key, and a directory of their
# own, drop-NAME, where sftp and scp could have written.
adduser() {
	mkdir -m 755 "$T/home-$1" "$T/home-$1/.ssh"
	useradd -N -M -d "$T/home-$1" -s "$2" -p '*' ${3:+-G "$3"} "$1" ||
	    return 1
	users="$users $1"
	cp "$T/key.pub" "$T/home-$1/.ssh/authorized_keys"
	chmod 644 "$T/home-$1/.ssh/authorized_keys"
	# What sshd would run before the command, were it allowed.
	printf 'touch %s/drop-%s/rc-ran\n' "$T" "$1" >"$T/home-$1/.ssh/rc"
	mkdir -m 755 "$T/drop-$1"
	chown "$1" "$T/drop-$1"
}
ssh-keygen -q -t ed25519 -N '' -C xlsh-test -f "$T/key" >/dev/null
ssh-keygen -q -t ed25519 -N '' -C xlsh-test-host -f "$T/sshd/host_key" \
    >/dev/null
if ! { adduser "$A" /bin/sh "$G" && adduser "$B" "$T/bin/xlsh" "$G" &&
    adduser "$C" /bin/sh; }; then
	fail "useradd of the test's users"
	done_testing
	exit 1
fi

# The helper, as root, on the simulated host: the shipped member rule
# for the test's group; A and B in pam_matrix's passdb, for PAM's
# account check of a login without a password.
pam_members "$A:unused" "$B:unused"
shipped_member_rule | sed "s/:xlsh-members /:$G /" >"$T/policy.conf"
chmod 644 "$T/policy.conf"
SOCK=$T/run/xlshd.sock
AUDIT=$T/audit.log
system_helper "$SOCK" --socket-group "$G"
if [ -S "$SOCK" ]; then pass "the helper listens, its socket the group $G's"
else
	fail "the helper listens"
	diag "$(cat "$T/xlshd.log")"
	done_testing
	exit 1
fi

# sshd: its own host key, config and pid file, on 127.0.0.1, and the
# shipped file for the test's group, ForceCommand the copy of xlsh.
sed -e "s|@bindir@|$T/bin|g" -e "s|^Match Group xlsh\$|Match Group $G|" \
    "$top_srcdir/etc/ssh/sshd_config.d/xlsh.conf.in" >"$T/sshd/xlsh.conf"
is "$(grep -c -e "^Match Group $G\$" -e "^	ForceCommand $T/bin/xlsh\$" \
    "$T/sshd/xlsh.conf")" 2 "the shipped file, for the test's group and xlsh"
cat >"$T/sshd/sshd_config" <<EOF
HostKey $T/sshd/host_key
ListenAddress 127.0.0.1
PidFile $T/sshd/sshd.pid
AuthorizedKeysFile %h/.ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
LogLevel VERBOSE
Subsystem sftp internal-sftp
SetEnv XLSH_SOCKET=$SOCK
Include $T/sshd/xlsh.conf
EOF
# sshd's privilege separation directory, which its service would make.
made_run_sshd=
if [ ! -d /run/sshd ]; then
	mkdir -m 755 /run/sshd && made_run_sshd=1
fi

run "$SSHD" -t -f "$T/sshd/sshd_config"
is "$rc:$err" "0:" "sshd -t accepts the shipped file"
settings() {	# USER: sshd's settings for a connection of USER's
	"$SSHD" -T -f "$T/sshd/sshd_config" \
	    -C "user=$1,host=localhost,addr=127.0.0.1" 2>&1 |
	    grep -E '^(forcecommand|disableforwarding|permittunnel|permituserrc|permittty) '
}
is "$(settings "$A")" "permittty yes
permituserrc no
disableforwarding yes
forcecommand $T/bin/xlsh
permittunnel no" "sshd's settings for a member of the group"
unlike "$(settings "$C")" '^forcecommand /|^disableforwarding yes' \
    "and not for another user"

# A free port: nothing answers there.
free_port() {
	while :; do
		_p=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 30000))
		bash -c "exec 3<>/dev/tcp/127.0.0.1/$_p" 2>/dev/null ||
		    { echo "$_p"; return; }
	done
}
stop_sshd() { kill "$sshd" 2>/dev/null; wait "$sshd" 2>/dev/null
	[ -z "$made_run_sshd" ] || rmdir /run/sshd 2>/dev/null; }
# Stopped before the users go.
cleanup_hooks="stop_sshd $cleanup_hooks"
tries=0
while :; do
	PORT=$(free_port)
	: >"$T/sshd.log"
	"$SSHD" -D -e -f "$T/sshd/sshd_config" -p "$PORT" 2>>"$T/sshd.log" &
	sshd=$!
	i=0
	while kill -0 "$sshd" 2>/dev/null &&
	    ! grep -q "Server listening on 127.0.0.1 port $PORT" "$T/sshd.log" &&
	    [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if grep -q "Server listening on 127.0.0.1 port $PORT" "$T/sshd.log"; then
		break
	fi
	wait "$sshd" 2>/dev/null
	tries=$((tries + 1))
	if [ $tries -ge 5 ]; then
		fail "sshd starts"
		diag "$(cat "$T/sshd.log")"
		done_testing
		exit 1
	fi
done
pass "sshd listens on 127.0.0.1 port $PORT"

# ossh ARG...: the test's ssh client, which never waits long or asks; a
# script, so that one in the background is stopped by its pid, and one
# in a terminal may read it (timeout's --foreground).
cat >"$T/ossh" <<EOF
#!/bin/sh
exec timeout --foreground 20 ssh -F /dev/null -i '$T/key' -p $PORT \\
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \\
    -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR "\$@"
EOF
chmod 755 "$T/ossh"
ossh() { "$T/ossh" "$@"; }
HEADER='Name                                        ID   Mem VCPUs	State	Time(s)'

# One login: the key was the login, the helper asks nothing more.
for u in "$A" "$B"; do
	shell=/bin/sh
	[ "$u" = "$B" ] && shell=xlsh
	run ossh "$u@127.0.0.1" list </dev/null
	is "$rc:$out" "0:$HEADER" "ssh $u list (login shell $shell): xl's header, no VM yet"
	unlike "$err" 'login:|Password' "no prompt for $u"
	run ossh "$u@127.0.0.1" whoami </dev/null
	like "$out" "^member: $u\$" "whoami: $u is the member"
	run ossh "$u@127.0.0.1" "create tiny name=$u-web" </dev/null
	is "$rc:$err" "0:Parsing config from tiny" "$u creates $u-web"
	run ossh "$u@127.0.0.1" list </dev/null
	like "$(row "$u-web")" "^$u-web +[0-9]+ +128 " "and lists it"
done
uid=$(id -u "$A")
like "$(grep '"verb":"login"' "$AUDIT")" \
    "\"peer_uid\":$uid,\"member\":\"$A\",\"role\":\"vm-power-admin\",\"verb\":\"login\".*\"decision\":\"permit\"" \
    "the audit log has $A's login, from their own uid"
like "$(cat "$T/xlshd.log")" "$A logged in as $A \\(vm-power-admin\\), from uid $uid" \
    "and so has the helper's log"

# Interactive: the prompt, a command and exit, in a terminal.
for u in "$A" "$B"; do
	tm kill-server 2>/dev/null
	TMUX_SOCK=xlsh-sshd-$$-$u
	tm new-session -d -x 120 -y 30 \
	    "TERM=xterm '$T/ossh' -tt $u@127.0.0.1; echo ssh ended: \$?; sleep 30"
	wait_screen "^$u@$HOST> \$"
	like "$(last)" "^$u@$HOST> \$" "ssh -tt $u: xlsh's prompt, no other login"
	tm send-keys -t 0 list Enter
	wait_screen "^$u-web "
	like "$(screen)" "^$u-web +[0-9]+ +128 " "list at the prompt"
	tm send-keys -t 0 exit Enter
	wait_screen '^ssh ended: '
	like "$(last)" '^ssh ended: 0$' "exit ends the session"
done
stop_tmux

# Only xlsh: a Unix shell, a command line of the shell's and a program
# are refused by xlsh's grammar; C, who is not in the group, shows that
# the same requests would have run.
for u in "$A" "$B"; do
	run ossh "$u@127.0.0.1" /bin/sh </dev/null
	is "$rc:$out:$err" "2::xlsh: unknown verb '/bin/sh'; type 'help' for the list" \
	    "ssh $u /bin/sh: refused"
	run ossh "$u@127.0.0.1" 'list; id' </dev/null
	is "$rc:$out:$err" "2::xlsh: ';' at column 5 is not allowed: xlsh runs one command per line, without shell operators" \
	    "ssh $u 'list; id': refused"
	printf 'id\n' >"$T/in"
	run ossh "$u@127.0.0.1" /bin/sh -s <"$T/in"
	unlike "$out" 'uid=' "ssh $u /bin/sh -s, id on its input: no id"
done
run ossh "$C@127.0.0.1" 'true; id' </dev/null
like "$rc:$out" "^0:uid=$(id -u "$C")" "C, not in the group, has a shell"
is "$(ls "$T/drop-$C")" rc-ran "and sshd ran C's ~/.ssh/rc"
is "$(ls "$T/drop-$A" "$T/drop-$B" | grep -c rc-ran)" 0 \
    "but not a member's"

# No file transfer: sftp (scp's default protocol too) and scp -O.
echo data >"$T/data"
for u in "$A" "$B" "$C"; do
	printf 'put %s %s/drop-%s/by-sftp\n' "$T/data" "$T" "$u" >"$T/in"
	run timeout 20 sftp -F /dev/null -i "$T/key" -P "$PORT" \
	    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	    -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR \
	    -b - "$u@127.0.0.1" <"$T/in"
	sftp_rc=$rc
	for o in '' -O; do
		run timeout 20 scp $o -F /dev/null -i "$T/key" -P "$PORT" \
		    -o StrictHostKeyChecking=no \
		    -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
		    -o ConnectTimeout=5 -o LogLevel=ERROR "$T/data" \
		    "$u@127.0.0.1:$T/drop-$u/by-scp$o" </dev/null
		eval "scp${o#-}_rc=\$rc"
	done
	files=$(ls "$T/drop-$u" | grep -v rc-ran | tr '\n' ' ')
	if [ "$u" = "$C" ]; then
		is "$sftp_rc:$scp_rc:${scpO_rc}:$files" "0:0:0:by-scp by-scp-O by-sftp " \
		    "C, not in the group, may copy files with sftp, scp and scp -O"
	else
		is "$((sftp_rc != 0)):$files" "1:" \
		    "sftp as $u fails and writes nothing"
		is "$((scp_rc != 0)):$((scpO_rc != 0)):$files" "1:1:" \
		    "scp and scp -O as $u fail and write nothing"
	fi
done

# No forwarding.  The target is sshd itself, whose banner a working
# forward would bring back, as C's does.
# talk PORT BYTES [FILE]: connect to PORT (retrying for 5 s while
# nothing listens there: ssh's own listener may not be up yet), send
# FILE, and print what comes back, BYTES at most, in 5 s at most; fails
# if it cannot connect.
talk() {
	bash -c '
	i=0
	until exec 3<>/dev/tcp/127.0.0.1/$1; do
		i=$((i + 1))
		[ $i -lt 50 ] || exit 1
		sleep 0.1
	done 2>/dev/null
	[ -z "$3" ] || cat "$3" >&3
	timeout 5 head -c "$2" <&3
	exit 0' talk "$@"
}
forwarders=
stop_forwarders() { for _p in $forwarders; do kill "$_p" 2>/dev/null; done; }
cleanup_hooks="stop_forwarders $cleanup_hooks"
for u in "$C" "$A" "$B"; do
	LPORT=$(free_port)
	"$T/ossh" -N -o ExitOnForwardFailure=yes -L "$LPORT:127.0.0.1:$PORT" \
	    "$u@127.0.0.1" </dev/null 2>/dev/null &
	fwd=$!
	forwarders="$forwarders $fwd"
	got=$(talk "$LPORT" 7) || got="(ssh's -L port did not listen)"
	if [ "$u" = "$C" ]; then
		is "$got" SSH-2.0 "ssh -L as C, not in the group: sshd's banner comes through"
	else
		is "$got" "" "ssh -L as $u: nothing comes through the forward"
	fi
	kill "$fwd" 2>/dev/null
	wait "$fwd" 2>/dev/null
done
for u in "$A" "$B"; do
	run ossh -W "127.0.0.1:$PORT" "$u@127.0.0.1" </dev/null
	is "$rc:$out" "255:" "ssh -W as $u: refused, no banner"
	RPORT=$(free_port)
	run ossh -N -o ExitOnForwardFailure=yes -R "$RPORT:127.0.0.1:$PORT" \
	    "$u@127.0.0.1" </dev/null
	is "$rc" 255 "ssh -R as $u: refused"
	like "$err" "remote port forwarding failed for listen port $RPORT" \
	    "ssh says so"
	bash -c "exec 3<>/dev/tcp/127.0.0.1/$RPORT" 2>/dev/null &&
	    fail "nothing listens on port $RPORT" ||
	    pass "nothing listens on port $RPORT"
	# -D: a SOCKS4 CONNECT to sshd's port through the local socket.
	DPORT=$(free_port)
	"$T/ossh" -N -o ExitOnForwardFailure=yes -D "$DPORT" "$u@127.0.0.1" \
	    </dev/null 2>/dev/null &
	fwd=$!
	forwarders="$forwarders $fwd"
	# Version 4, CONNECT, the port, 127.0.0.1, no user id.
	port=$(printf '\\%03o\\%03o' $((PORT / 256)) $((PORT % 256)))
	printf "\\004\\001$port\\177\\000\\000\\001\\000" >"$T/socks"
	# SOCKS's 8-byte answer, were it granted, and 7 of sshd's.
	talk "$DPORT" 15 "$T/socks" >"$T/socks.out"
	is "$?:$(grep -c SSH-2.0 "$T/socks.out")" 0:0 \
	    "ssh -D as $u: nothing comes through the SOCKS forward"
	kill "$fwd" 2>/dev/null
	wait "$fwd" 2>/dev/null
done

# sshd's side: every session of a member, sftp's and scp's among them,
# ran xlsh as the forced command; -L, -W and -D were refused.
for u in "$A" "$B"; do
	n=$(grep -c "^Starting session: .* for $u from " "$T/sshd.log")
	f=$(grep -c "^Starting session: forced-command (config) '$T/bin/xlsh' .*for $u from " \
	    "$T/sshd.log")
	if [ "$n" -gt 0 ] && [ "$n" -eq "$f" ]; then
		pass "sshd ran xlsh as the forced command in $u's $n sessions"
	else
		fail "sshd ran xlsh as the forced command in $u's $n sessions ($f)"
	fi
done
is "$(grep -c "^refused local port forward: originator 127.0.0.1 port [0-9]*, target 127.0.0.1 port $PORT[^0-9]" \
    "$T/sshd.log")" 6 "sshd logs the members' six forwards it refused"

done_testing
