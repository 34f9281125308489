#!/bin/sh
# The shell as people use it: the completion engine through --complete,
# "did you mean", ssh's ForceCommand, colour, history and hangups.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

x create tiny name=web1
x create tiny name=web2
x create small name=db

comp() { run "$XLSH" --sandbox --complete "$1"; }

comp ''
like "$out" '^vcpu-set$' "--complete: every verb for an empty line"
like "$out" '^logout$' "aliases too"
comp 'sh'
is "$out" "shutdown" "a verb prefix"
comp 'vm-s'
is "$out" "$(printf 'vm-start\nvm-shutdown')" "an ambiguous prefix gives all"
comp 'shutdown -'
is "$out" "$(printf -- '-w\n-F')" "a verb's options"
comp 'pause we'
is "$out" "$(printf 'web1\nweb2')" "domain names"
comp 'pause Dom'
is "$out" "" "Domain-0 is not offered to a verb that changes domains"
comp 'list Dom'
is "$out" "Domain-0" "but is to list"
comp 'rename web1 '
is "$out" "" "nothing is offered for a new name"
comp 'mem-set web1 '
is "$out" "" "nor for a size not yet begun"
comp 'mem-set web1 256'
is "$out" "$(printf '256k\n256m\n256g\n256t')" "a number gets xl's units"
comp 'create t'
is "$out" "tiny" "templates for create"
comp 'create tiny n'
is "$out" "name=" "create's name= key"
comp 'vm-install '
is "$out" "$(printf 'template=debian\ntemplate=lab\ntemplate=small\ntemplate=tiny\ntemplate=web')" "vm-install's template= with each template"
comp 'vm-param-get vm=web1 param-name=p'
is "$out" "param-name=power-state" "vm-param-get's field names"
comp 'vm-shutdown vm=d'
is "$out" "vm=db" "xe's vm= with domain names"
comp 'vm-pa'
is "$out" "$(printf 'vm-pause\nvm-param-get\nvm-param-set')" "xe's vm-pa..."
comp 'vm-unpause vm=w'
is "$out" "$(printf 'vm=web1\nvm=web2')" "vm-unpause's vm= with domain names"
comp 'help vcpu-'
is "$out" "$(printf 'vcpu-list\nvcpu-set\nvcpu-pin')" "verbs for help"
comp 'list /et'
is "$out" "" "no file names where a domain is wanted"
comp 'create ./'
is "$out" "(file names)" "file names only for create's FILE"
comp 'list; sh'
is "$out" "" "nothing after a character the grammar refuses"
comp 'frob '
is "$out" "" "nothing after an unknown verb"

# --json: libxl's shapes and names, for scripts.
x list --json web1
is "$(printf '%s\n' "$out" | head -n 1)" "[" "list --json prints an array"
like "$out" '^        "name": "web1",$' "with the domain's name"
like "$out" '^        "current_memkb": 131072,$' "libxl_dominfo's field names"
like "$out" '^        "paused": false,$' "booleans as JSON booleans"
x vcpu-list --json web1
like "$out" '^        "vcpuid": 0,$' "vcpu-list --json: libxl_vcpuinfo's names"
x uptime --json web1
like "$out" '^        "uptime": [0-9]+$' "uptime --json: seconds"
x info --json
like "$out" '^    "xen_version": "4\.17\.7",$' "info --json: xl info's fields as an object"
is "$(printf '%s\n' "$out" | tail -n 1)" "}" "which ends the output"

x shutdwn web1
is "$rc" 2 "a mistyped verb is an error"
is "$err" "xlsh: unknown verb 'shutdwn'; did you mean 'shutdown'?" \
    "with the closest verb suggested"
x lst
like "$err" "did you mean 'list'" "lst: list"
x lsit
is "$err" "xlsh: unknown verb 'lsit'; did you mean 'list'?" \
    "lsit: list, two letters swapped being one edit"
x frobnicate
is "$err" "xlsh: unknown verb 'frobnicate'; type 'help' for the list" \
    "no suggestion when nothing is close"

# sshd: a ForceCommand'ed xlsh gets the client's command in the
# environment, and a login shell may be told to run xlsh itself.
SSH_ORIGINAL_COMMAND='list web2' run "$XLSH" --sandbox
like "$(row web2)" '^web2 ' "SSH_ORIGINAL_COMMAND is run"
SSH_ORIGINAL_COMMAND='list web2' run "$XLSH" --sandbox -c xlsh
like "$(row web2)" '^web2 ' "also under -c xlsh"
SSH_ORIGINAL_COMMAND='list; sh' run "$XLSH" --sandbox
is "$rc" 2 "and goes through the same grammar"
# A member whose login shell is xlsh: sshd runs xlsh -c /PATH/xlsh, with
# argv[0] only "xlsh" (as here, found through PATH).
mkdir -p "$T/bin"
ln -s "$XLSH" "$T/bin/xlsh-link"
self() { PATH="$top_builddir/src:$PATH" run xlsh --sandbox "$@"; }
SSH_ORIGINAL_COMMAND='list web2' self -c "$XLSH"
like "$(row web2)" '^web2 ' "under -c with xlsh's own path, argv[0] xlsh"
SSH_ORIGINAL_COMMAND='list web2' self -c "$T/bin/xlsh-link"
like "$(row web2)" '^web2 ' "or a link to it"
printf 'list web1\n' >"$T/in"
self -c "$XLSH" <"$T/in"
like "$(row web1)" '^web1 ' "without SSH_ORIGINAL_COMMAND it reads its input"
SSH_ORIGINAL_COMMAND='list web2' self -c "$top_builddir/src/xlshd"
is "$rc:$out" "2:" "another program's path is a command line"
like "$err" "^xlsh: unknown verb '" "an unknown verb"
SSH_ORIGINAL_COMMAND='list web2' self -c "$XLSH list"
is "$rc:$out" "2:" "so is xlsh's path with words after it"
SSH_ORIGINAL_COMMAND="$XLSH" self -c "$XLSH"
is "$rc:$out" "2:" "and the client's command is never taken for xlsh"

# At a terminal.
command -v tmux >/dev/null 2>&1 || { fail "tmux is needed"; done_testing; exit 1; }
start() {	# ENV...: a sandbox shell in a new tmux server
	tm kill-server 2>/dev/null
	TMUX_SOCK=xlsh-shell-$$-$n
	n=$((n + 1))
	tm new-session -d -x 100 -y 20 "env XDG_STATE_HOME='$XDG_STATE_HOME' HOME='$HOME' TERM=xterm $* '$XLSH' --sandbox"
	wait_screen '@sandbox> $'
}
n=0

start
tm send-keys -t 0 'frob' Enter
wait_screen 'unknown verb'
like "$(tm capture-pane -p -e -t 0)" '31mxlsh:' \
    "errors are red at a terminal"
start NO_COLOR=1
tm send-keys -t 0 'frob' Enter
wait_screen 'unknown verb'
unlike "$(tm capture-pane -p -e -t 0)" '31m' \
    "and plain with NO_COLOR"

# History: saved in the member's own home, private, recalled next time.
tm send-keys -t 0 'list web1' Enter
wait_screen '^web1 '
tm send-keys -t 0 'exit' Enter
sleep 0.5
is "$(cat "$HOME/.xlsh_history" 2>/dev/null | grep -c 'list web1')" 1 \
    "history is saved in ~/.xlsh_history"
is "$(stat -c %a "$HOME/.xlsh_history" 2>/dev/null)" 600 "mode 0600"
start
tm send-keys -t 0 Up Up
wait_screen '> list web1$'
like "$(last)" '> list web1$' "and recalled in the next session"
tm send-keys -t 0 C-u

# history lists the lines, numbered, escaped; the next one is its own.
tm send-keys -t 0 'whoami' Enter
tm send-keys -t 0 'x' C-v C-a 'y' Enter
tm send-keys -t 0 'history' Enter
wait_last '> $'
wait_screen '^ +[0-9]+  history$'
h=$(screen | grep -E '^ +[0-9]+  ' | tail -n 3)
n=$(printf '%s\n' "$h" | awk 'NR == 1 { print $1 }')
is "$h" "$(printf '%5d  whoami\n%5d  x\\001y\n%5d  history' "$n" \
    $((n + 1)) $((n + 2)))" "history: numbered lines, a control byte escaped"
like "$(screen | grep -E '^ +[0-9]+  ' | grep -B2 "^ *$n  whoami\$")" \
    "^ +$((n - 2))  list web1"'$' "the last session's lines come before them"
run "$XLSH" --sandbox -c history
is "$rc:$out:$err" "0::" "without a prompt there is no history to list"

# A home others may write to gets no history file.
rm -f "$HOME/.xlsh_history"
chmod 777 "$HOME"
start
tm send-keys -t 0 'list web2' Enter 'exit' Enter
sleep 0.5
if [ -e "$HOME/.xlsh_history" ]; then fail "no history in a home others may write"; else
	pass "no history in a home others may write"; fi
chmod 755 "$HOME"

# top: live, fits the terminal, q returns to a sane prompt.
start
tm send-keys -t 0 'list web1' Enter
wait_screen '^web1 '
tm send-keys -t 0 'top' Enter
wait_screen '^xlsh top - '
like "$(screen)" '^ +web1 +1 +[rbp] +[0-9]+ +[0-9]+\.[0-9] +131072 +1 *$' "top shows web1's row"
like "$(screen)" 'NAME +ID STATE +CPU\(sec\) CPU\(%\) +MEM\(k\) VCPUS' "under xentop's headings"
unlike "$(screen)" '> list web1' "on a screen of its own"
tm resize-window -t 0 -x 40 -y 20
sleep 1.5
is "$(screen | awk '{ if (length($0) > 40) print "long" }' | head -n 1)" "" \
    "on a narrow terminal no line is longer than the width"
tm send-keys -t 0 q
wait_screen '@sandbox> $'
like "$(screen)" '^web1 ' "q returns to the prompt, the screen as it was"
tm send-keys -t 0 'whoami' Enter
wait_screen '^member: '
like "$(screen)" '^member: ' "and the terminal works as before"
tm send-keys -t 0 'top' Enter
wait_screen '^xlsh top - '
tm send-keys -t 0 C-c
wait_screen '@sandbox> $'
like "$(last)" '@sandbox> $' "Ctrl-C leaves top too"

# console: the guest's boot log and login prompt, and back with Ctrl-].
x console web1
is "$rc" 1 "console without a terminal fails"
like "$err" 'console: needs a terminal' "saying so"
start
tm send-keys -t 0 'console web1' Enter
wait_screen 'web1 login: $'
like "$(screen)" "web1's console; Ctrl-\\] returns" "console says how to leave"
like "$(screen)" 'Linux version 6\.1\.0' "the guest's boot log is shown"
like "$(last)" '^web1 login: $' "then its login prompt"
tm send-keys -t 0 'root' Enter
wait_screen '^Password: '
tm send-keys -t 0 'hunter2' Enter
wait_screen '^Login incorrect'
like "$(screen)" '^Login incorrect' "the guest answers"
unlike "$(screen)" 'hunter2' "and does not echo the password"
tm send-keys -t 0 'C-]'
wait_screen '@sandbox> $'
like "$(last)" '@sandbox> $' "Ctrl-] returns to the prompt"
tm send-keys -t 0 'whoami' Enter
wait_screen '^member: '
like "$(screen)" '@sandbox> whoami$' "the terminal echoes again"
like "$(screen)" '^member: ' "and the shell works"

# create -c: made, then its console at once, as xl create -c.
x create -c tiny name=cc1
is "$rc:$err" "1:xlsh: create: -c needs a terminal, for the console" \
    "create -c without a terminal is refused before anything is made"
x list cc1
is "$rc" 1 "and nothing was made"
start
tm send-keys -t 0 'create -c tiny name=cc1' Enter
wait_screen 'cc1 login: $'
like "$(screen)" "cc1's console; Ctrl-\\] returns" "create -c attaches the new domain's console"
like "$(screen)" 'Parsing config from tiny' "after saying what it parses"
tm send-keys -t 0 'C-]'
wait_screen '@sandbox> $'
like "$(last)" '@sandbox> $' "Ctrl-] returns to the prompt"
x list cc1
is "$rc" 0 "and the domain runs on"

# Ctrl-C during a long wait stops the waiting, not the shutdown.
x create tiny name=slow
x pause slow
start
tm send-keys -t 0 'shutdown -w slow' Enter
wait_screen '^Waiting for 1 domains'
wait_screen '\[[0-9]+ s; Ctrl-C stops waiting\]'
like "$(screen)" '\[[0-9]+ s; Ctrl-C stops waiting\]' "a long wait shows its progress at a terminal"
tm send-keys -t 0 C-c
wait_screen 'interrupted: stopped waiting'
like "$(screen)" 'xlsh: interrupted: stopped waiting; slow was asked to shut down' \
    "Ctrl-C stops the wait with a clear line"
wait_screen '@sandbox> $'
like "$(last)" '@sandbox> $' "and the shell goes on"
x list slow
like "$(row slow)" '^slow .* --p--- ' "the paused domain is still there, untouched"
x unpause slow
sleep 2
x list slow
is "$rc" 1 "once unpaused it completes the shutdown it was asked for"
x create tiny name=quiet
x shutdown -w quiet
is "$rc" 0 "a wait of over a second without a terminal"
unlike "$err" 'Ctrl-C stops' "shows no progress line"

# The idle timeout: a warning, then the end, at the helper's word.
"$XLSHD" --sandbox --idle-timeout 4 --socket "$T/idle.sock" --state "$STATE" \
    --templates "$TEMPLATES" 2>"$T/idle.log" &
idler=$!
wait_socket "$T/idle.sock"
tm kill-server 2>/dev/null
TMUX_SOCK=xlsh-shell-$$-idle
tm new-session -d -x 100 -y 20 "TERM=xterm '$XLSH' --connect '$T/idle.sock'; echo shell-exited; sleep 30"
wait_screen '@sandbox> $'
tm send-keys -t 0 'li'
sleep 2.5
like "$(screen)" 'the session ends in 2 seconds unless you type' "an idle session is warned"
like "$(last)" '@sandbox> li$' "and the line being typed is kept"
i=0
while ! screen | grep -q shell-exited && [ $i -lt 60 ]; do sleep 0.1; i=$((i + 1)); done
like "$(screen)" 'idle timeout: session ended' "then ended"
unlike "$(cat "$T/idle.log")" 'li: ' "the half-typed line is not run"
kill "$idler" 2>/dev/null
wait "$idler" 2>/dev/null

# A hangup ends the session cleanly: the helper sees it end.
start
pid=$(tm list-panes -t 0 -F '#{pane_pid}')
kill -HUP "$pid"
sleep 0.5
like "$(tail -n 3 "$STATE/xlshd.log")" 'ended' "SIGHUP ends the session; the helper logs its end"

# The sandbox helper's log is bounded: over 1 MiB, it becomes
# xlshd.log.old (one such file) and a new one starts.
head -c 1100000 /dev/zero | tr '\0' x >"$STATE/xlshd.log"
x list
is "$rc" 0 "a sandbox with a log over 1 MiB starts"
is "$(stat -c %s "$STATE/xlshd.log.old")" 1100000 "the old log is kept as xlshd.log.old"
[ "$(stat -c %s "$STATE/xlshd.log")" -lt 4096 ] && pass "and a new one begins" ||
    fail "and a new one begins"

done_testing
