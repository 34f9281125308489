#!/bin/sh
# xlshd as the authority, end to end over a real socket: PAM logins
# (pam_wrapper + pam_matrix, no root PAM configuration), the policy,
# ownership, quotas, the audit log, and clients that misbehave.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

RAW=$top_builddir/tests/rawreq
# verbose: pam_matrix talks through the conversation with resp == NULL.
pam_members verbose alice:alice-secret bob:bob-secret admin:admin-secret \
    carol:carol-secret dave:dave-secret
cat >"$T/policy.conf" <<'EOF'
# Members: their own domains, within quotas, from two templates.
permit domains=2 memory=768 vcpus=3 templates=tiny,small names=${user}-* alice as vm-power-admin on own
permit domains=2 memory=768 vcpus=3 templates=tiny,small names=${user}-* bob as vm-power-admin on own
# An observer.
permit dave as read-only
# The administrator: everything, Domain-0 and files included.
permit dom0 files admin as pool-admin
EOF
chmod 644 "$T/policy.conf"

SOCK=$T/xlshd.sock
AUDIT=$T/audit.log
system_helper "$SOCK" --fail-delay 500 --lockout 3 --lockout-time 60

# as MEMBER PASSWORD COMMAND: one command, logging in on stdin.
as() {
	m=$1 p=$2
	shift 2
	printf '%s\n' "$p" >"$T/in"
	run "$XLSH" --connect "$SOCK" -l "$m" -c "$*" <"$T/in"
}
# The last record of a request (each session ends with a logout).
last_audit() { grep -v '"verb":"logout"' "$AUDIT" | tail -n 1; }

as alice alice-secret create tiny name=alice-web
is "$rc" 0 "alice logs in with her password and creates alice-web"
like "$(last_audit)" '"member":"alice","role":"vm-power-admin","verb":"create","target":"alice-web","decision":"permit","result":"ok"' \
    "the audit line records it"

# XLSH_SOCKET names the socket when --connect does not (a test's sshd
# sets it).
printf 'alice-secret\n' >"$T/in"
XLSH_SOCKET=$SOCK run "$XLSH" -l alice -c "list alice-web" <"$T/in"
is "$rc" 0 "XLSH_SOCKET names the helper's socket"
XLSH_SOCKET=$SOCK run "$XLSH" --connect "$T/nosuch" -l alice -c list <"$T/in"
is "$err" "xlsh: cannot reach the xlsh helper at $T/nosuch: No such file or directory" \
    "--connect overrides it"

# The name may also be asked for: login: then Password:.
printf 'bob\nbob-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -c "create small name=bob-db" <"$T/in"
is "$rc" 0 "bob logs in, giving his name at the prompt, and creates bob-db"
like "$(grep '"member":"bob","role":"[a-z-]*","verb":"login"' "$AUDIT")" \
    '"role":"vm-power-admin","verb":"login"' "the login record has his role"

as alice alice-secret list
is "$rc" 0 "alice lists"
like "$(row alice-web)" '^alice-web +1 +128 ' "she sees alice-web"
is "$(row bob-db)" "" "she does not see bob-db"
is "$(row Domain-0)" "" "nor Domain-0"

# The shared helper serves this machine: its name, not the sandbox's.
as alice alice-secret info
is "$(printf '%s\n' "$out" | head -n 1)" "host                   : $(uname -n)" \
    "info gives the machine's name in system mode"
as alice alice-secret host-list
like "$out" "^ +name-label \\( RW\\): $(uname -n)\$" "so does host-list"

# A domain alice may not see reads exactly as one that does not exist:
# the same message (with the word she typed) and the same status.
for cmd in "pause bob-db" "destroy bob-db" "shutdown bob-db" "list bob-db" \
    "mem-set bob-db 64" "rename bob-db alice-db" "vcpu-list bob-db" \
    "domid bob-db" "uptime bob-db" "unpause bob-db" "vm-shutdown vm=bob-db"; do
	missing=$(printf '%s\n' "$cmd" | sed 's/bob-db/bob-nosuch/')
	as alice alice-secret "$missing"
	mrc=$rc merr=$(printf '%s\n' "$err" | sed 's/bob-nosuch/bob-db/g')
	as alice alice-secret "$cmd"
	is "$rc" 1 "alice cannot $cmd"
	is "$rc:$err" "$mrc:$merr" "$cmd reads as $missing does"
	like "$(last_audit)" "\"member\":\"alice\".*\"target\":\"bob-db\",\"decision\":\"deny\"" \
	    "audit line with target and decision deny: $cmd"
done
like "$err" "^xlsh: Domain 'bob-db' does not exist" "in xl's words"
as admin admin-secret domid bob-db
bobid=$out
as admin admin-secret domid alice-web
aliceid=$out
for v in domname pause destroy vcpu-list; do
	as alice alice-secret "$v 999"
	mrc=$rc merr=$(printf '%s\n' "$err" | sed "s/999/$bobid/g")
	as alice alice-secret "$v $bobid"
	is "$rc:$err" "$mrc:$merr" "$v of bob-db's id $bobid reads as $v 999 does"
	unlike "$out$err" 'bob' "and names nobody"
done
like "$err" "^xlsh: Domain '$bobid' does not exist" "in xl's words"
as alice alice-secret domname "$aliceid"
is "$out" alice-web "her own id she may translate"
as alice alice-secret pause 0
like "$err" "^xlsh: Domain '0' does not exist" "Domain-0, which she may not see, is not named"
as alice alice-secret pause alice-nosuch
like "$err" "^xlsh: Domain 'alice-nosuch' does not exist" "one of hers that is missing does not exist"
as alice alice-secret rename alice-web bob-web
is "$rc" 1 "alice cannot rename her domain into bob's names"
as alice alice-secret pause Domain-0
is "$rc" 1 "alice cannot pause Domain-0"
as alice alice-secret destroy 0
is "$rc" 1 "nor destroy domid 0"
like "$err" "Domain '0' does not exist" "which she may not see"
as alice alice-secret create tiny
is "$rc" 1 "a domain not named alice-* is refused"
like "$err" 'permission denied' "permission denied for the name tiny"
as alice alice-secret create web name=alice-big
is "$rc" 1 "a template outside her list is refused"
like "$err" 'template' "saying it is the template"
printf 'name = "alice-own"\nmemory = 64\n' >"$T/own.cfg"
as alice alice-secret create "$T/own.cfg"
is "$rc" 1 "alice cannot create from a file of her own"

# Quotas: two domains, 768 MiB and three vcpus, counted at each running
# domain's maximum: tiny's 128 MiB and 1 vcpu, small's 512 MiB and 2.
as alice alice-secret create small name=alice-two
is "$rc" 0 "a second domain fits the quota (128 + 512 MiB of 768)"
as alice alice-secret create tiny name=alice-three
is "$rc" 1 "a third domain exceeds it"
like "$err" 'quota exceeded: alice may have 2 VMs' "saying so"
like "$(last_audit)" '"verb":"create","target":"alice-three","decision":"deny"' \
    "a quota refusal is audited as a deny"
as alice alice-secret mem-max alice-two 700
is "$rc" 1 "mem-max beyond her memory quota is refused"
like "$err" 'quota exceeded: alice may use 768 MiB' "saying so"
as alice alice-secret mem-max alice-two 16g
is "$rc" 1 "so is mem-max alice-two 16g"
as alice alice-secret mem-set alice-two 300
is "$rc" 0 "mem-set within her maximum works"
[ "$rc" -eq 0 ] || diag "$err"
as alice alice-secret destroy alice-two
is "$rc" 0 "alice destroys her own domain"

# A change is audited before the backend acts, and its outcome after,
# even when the client vanishes at once; so is the session's end.
as alice alice-secret create tiny name=alice-gone
is "$rc" 0 "alice creates alice-gone"
"$RAW" "$SOCK" vanish alice alice-secret shutdown -w alice-gone
i=0
while [ "$(grep -c '"verb":"shutdown","target":"alice-gone"' "$AUDIT")" -lt 2 ] &&
    [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
like "$(grep '"target":"alice-gone"' "$AUDIT" | grep '"verb":"shutdown"' | head -n 1)" \
    '"decision":"permit","result":"acting"' \
    "shutdown -w from a client that vanished: audited before acting"
like "$(grep '"target":"alice-gone"' "$AUDIT" | grep '"verb":"shutdown"' | tail -n 1)" \
    '"decision":"permit","result":"the client left while waiting; alice-gone was asked to shut down and goes on doing so"' \
    "and its outcome after"
sid=$(grep '"verb":"shutdown","target":"alice-gone"' "$AUDIT" | tail -n 1 |
    sed 's/.*"session":"\([0-9a-f]*\)".*/\1/')
like "$(grep "\"session\":\"$sid\"" "$AUDIT" | tail -n 1)" '"verb":"logout"' \
    "and the session's end"
i=0
while as alice alice-secret list alice-gone && [ "$rc" -eq 0 ] && [ $i -lt 30 ]
do
	sleep 0.2
	i=$((i + 1))
done
is "$rc" 1 "the domain was shut down all the same"

# whoami and help show what she may do.
as alice alice-secret whoami
like "$out" '^member: alice$' "whoami: the member"
like "$err" '^Authentication succeeded$' "PAM's messages are relayed to the shell"
like "$out" '^role:   vm-power-admin$' "whoami: the role"
like "$out" '^limits: 2 VMs, 768 MiB of memory, 3 vcpus; new VMs named alice-\*; templates tiny, small$' \
    "whoami: her quotas"
as carol carol-secret help
is "$rc" 0 "carol, with no rule, logs in"
unlike "$out" '^  (list|create|destroy) ' "and is offered no verb of the table"
as carol carol-secret list
is "$rc" 1 "carol may not list"
like "$err" 'permission denied' "permission denied for carol"

# Wrong passwords and unknown members: the same answer, after the delay.
start=$(date +%s%N)
as alice wrong-password list
end=$(date +%s%N)
is "$rc" 1 "a wrong password fails"
like "$err" 'Login incorrect' "Login incorrect"
ms=$(( (end - start) / 1000000 ))
if [ "$ms" -ge 500 ]; then pass "after the fail delay ($ms ms)"; else
	fail "after the fail delay ($ms ms)"; fi
wrong_err=$err
as mallory whatever list
is "$rc" 1 "an unknown member fails"
is "$err" "$wrong_err" "with the same words as a wrong password"
like "$(grep '"verb":"login"' "$AUDIT" | tail -n 1)" '"decision":"deny"' \
    "failed logins are audited"

# Lockout: after three failures even the right password is refused.
for w in wrong1 wrong2 wrong3; do as carol $w list; done
as carol carol-secret list
is "$rc" 1 "carol is locked out after three failures"
like "$err" 'Login incorrect' "with the same words"
like "$(cat "$T/xlshd.log")" 'carol is locked out' "the log says why"

# The administrator may do it all.
as admin admin-secret list
like "$(row Domain-0)" '^Domain-0 +0 ' "admin sees Domain-0"
like "$(row bob-db)" '^bob-db ' "and bob-db"
as admin admin-secret mem-set Domain-0 1900
is "$rc" 0 "admin may change Domain-0"
printf 'name = "admin-own"\nmemory = 64\n' >"$T/admin.cfg"
as admin admin-secret create "$T/admin.cfg"
is "$rc" 0 "admin may create from a file"
as admin admin-secret destroy bob-db
is "$rc" 0 "admin may destroy bob's domain"

# Clients that misbehave end their own connection only.
run "$RAW" "$SOCK" req list
is "$out" closed "a request before login ends the connection"
like "$(tail -n 3 "$T/xlshd.log")" 'not expected before login' "with a logged reason"
broken_frames "$SOCK"
as alice alice-secret list alice-web
is "$rc" 0 "and the daemon goes on"

# A client that stalls at the password prompt holds up no one else.
mkfifo "$T/stall"
"$XLSH" --connect "$SOCK" -l bob -c list <"$T/stall" >/dev/null 2>&1 &
staller=$!
exec 9>"$T/stall"	# opened, never written: the prompt waits
sleep 0.3
as alice alice-secret list alice-web
is "$rc" 0 "another member logs in and works meanwhile"
exec 9>&-
wait "$staller" 2>/dev/null
like "$(cat "$T/xlshd.log")" 'login: no answer to a prompt' \
    "the stalled login ends with a logged reason once its client goes"

# At a terminal: the login prompts, the password unseen, and only what
# the member may use offered.
terminal() {	# MEMBER PASSWORD: a logged-in shell in tmux
	tm kill-server 2>/dev/null
	TMUX_SOCK=xlsh-system-$$-$1
	tm new-session -d -x 120 -y 30 "TERM=xterm '$XLSH' --connect '$SOCK'"
	wait_screen '^xlsh login: $'
	tm send-keys -t 0 "$1" Enter
	wait_screen '^Password: '
	tm send-keys -t 0 "$2" Enter
	wait_screen "^$1@[^ ]+> \$"
}
terminal alice alice-secret
like "$(last)" '^alice@[^ ]+> $' "at a terminal, alice logs in at the prompts"
unlike "$(screen)" 'alice-secret' "her password is not echoed"
tm send-keys -t 0 'pause ' Tab
wait_screen 'pause alice-web $'
like "$(last)" 'pause alice-web $' "completion offers only her own domain"
tm send-keys -t 0 C-c
tm send-keys -t 0 'create ' Tab Tab
sleep 0.5
like "$(screen)" '^small +tiny *$' "and her templates, not the others"
tm send-keys -t 0 C-c
terminal dave dave-secret
tm send-keys -t 0 'pau' Tab
sleep 0.5
like "$(last)" 'pau$' "a read-only member is not offered pause"
tm send-keys -t 0 C-u 'li' Tab
wait_screen 'list $'
like "$(last)" 'list $' "but is offered list"
tm send-keys -t 0 C-u 'help' Enter
wait_screen '^  whoami'
unlike "$(screen)" '^  (pause|destroy|create) ' "help lists only what dave may use"
like "$(screen)" '^  vcpu-list ' "including the read-only verbs"

# Socket activation in system mode, as xlshd.socket starts it.  The
# activator passes on no environment but what -E names: a sanitizer
# build's options (make check-asan) among it.
if command -v systemd-socket-activate >/dev/null 2>&1; then
	systemd-socket-activate -l "$T/act.sock" -E ASAN_OPTIONS \
	    -E UBSAN_OPTIONS env LD_PRELOAD="$PRELOAD" \
	    PAM_WRAPPER=1 PAM_WRAPPER_SERVICE_DIR="$T/pam.d" "$XLSHD" \
	    -f /dev/null --backend sim --state "$T/state" --templates "$TEMPLATES" \
	    --policy "$T/policy.conf" --audit "$AUDIT" 2>"$T/act.log" &
	act=$!
	wait_socket "$T/act.sock"
	printf 'alice-secret\n' >"$T/in"
	run "$XLSH" --connect "$T/act.sock" -l alice -c "list alice-web" <"$T/in"
	is "$rc" 0 "a socket-activated system helper serves a member"
	[ "$rc" -eq 0 ] || diag "$err" "$(cat "$T/act.log")"
	kill "$act" 2>/dev/null
	wait "$act" 2>/dev/null
else
	pass "# SKIP socket activation: no systemd-socket-activate"
fi

# The audit chain: intact, then tampered with.
run "$XLSHD" --verify-audit "$AUDIT"
is "$rc" 0 "the audit chain verifies"
like "$out" 'records, chain intact' "saying so"
# Each session's end is said in the helper's log too (and syslog).
run "$XLSHD" --verify-audit "$AUDIT" --against "$T/xlshd.log"
is "$rc" 0 "the file has every end of chain the helper's log says"
like "$out" 'the ends of [1-9][0-9]* sessions in .* are all here' \
    "and says how many: $(printf '%s\n' "$out" | tail -n 1)"
n=$(wc -l <"$AUDIT")
is "$(grep -c '"decision":"deny"' "$AUDIT" | tr -d ' ')" \
    "$(grep -c '"decision":"deny"' "$AUDIT" | tr -d ' ')" "deny lines are there"
cp "$AUDIT" "$T/audit.mod"
sed -i "5s/\"peer_uid\":[0-9]*/\"peer_uid\":4242/" "$T/audit.mod"
run "$XLSHD" --verify-audit "$T/audit.mod"
is "$rc" 1 "a modified line breaks the chain"
like "$out" ':5: ' "at line 5"
sed '7d' "$AUDIT" >"$T/audit.del"
run "$XLSHD" --verify-audit "$T/audit.del"
is "$rc" 1 "a deleted line breaks the chain"
like "$out" ':7: ' "found at the line after the gap"
[ "$n" -gt 40 ] && pass "every request left a line ($n)" || fail "every request left a line ($n)"

# A listener's session opens the database at login, before its first
# request: a logged-in session waiting at its gate holds xlsh.db open.
rm -f "$T/gate"
"$RAW" "$SOCK" login dave dave-secret "$T/gate" list >"$T/early" 2>&1 &
raw=$!
sess=
i=0
while [ $i -lt 50 ]; do
	for p in $(pgrep -P "$helper"); do
		ls -l "/proc/$p/fd" 2>/dev/null | grep -q 'xlsh\.db$' &&
		    sess=$p
	done
	[ -n "$sess" ] && break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$sess" ] && [ ! -f "$T/gate" ] &&
    pass "a session has its database open at login, before a request" ||
    fail "a session has its database open at login, before a request"
: >"$T/gate"
wait "$raw"
like "$(cat "$T/early")" '^0 ' "and its first request is answered"

done_testing
