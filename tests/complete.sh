#!/bin/sh
# Completion and the prompt through a real terminal: tmux runs the
# shell, send-keys types, capture-pane reads the screen.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	fail "tmux is needed for the terminal tests (apt-get install tmux)"
	done_testing
	exit 1
fi

x create tiny name=webserver
is "$rc" 0 "a domain to complete"
cat >"$T/mine.cfg" <<'CFG'
name = "mine"
CFG

tm new-session -d -x 120 -y 30 \
    "env XDG_STATE_HOME='$XDG_STATE_HOME' HOME='$HOME' TERM=xterm '$XLSH' --sandbox"

PROMPT='[a-z0-9_.-]+@sandbox> '

wait_last "^$PROMPT\$"
like "$(last)" "^$PROMPT\$" "the prompt shows member@sandbox"

tm send-keys -t 0 'sh' Tab
wait_last 'shutdown $' ; like "$(last)" "^${PROMPT}shutdown \$" "sh<TAB> completes 'shutdown '"
tm send-keys -t 0 'webs' Tab
wait_last 'webserver $'
like "$(last)" "^${PROMPT}shutdown webserver \$" "a domain prefix completes to the domain"

tm send-keys -t 0 C-c
wait_last "^$PROMPT\$"
like "$(last)" "^$PROMPT\$" "Ctrl-C abandons the line and the shell goes on"

tm send-keys -t 0 'shutdown -' Tab Tab
sleep 0.5
like "$(screen)" '-F +-w' "options of a verb are offered"
tm send-keys -t 0 C-c

tm send-keys -t 0 'pause Dom' Tab
sleep 0.5
like "$(last)" "^${PROMPT}pause Dom\$" "Domain-0 is not offered to a verb that changes domains"
tm send-keys -t 0 C-c
tm send-keys -t 0 'list Dom' Tab
wait_last 'Domain-0 $'
like "$(last)" "^${PROMPT}list Domain-0 \$" "but is offered to list"
tm send-keys -t 0 C-c

tm send-keys -t 0 'sched-credit2 -d webs' Tab
wait_last 'webserver $'
like "$(last)" "^${PROMPT}sched-credit2 -d webserver \$" \
    "an option's value completes: a domain after -d"
tm send-keys -t 0 -- '-w 512 ' Tab Tab
sleep 0.5
like "$(last)" "^${PROMPT}sched-credit2 -d webserver -w 512 \$" \
    "nothing after an option's value: sched-credit2 has no arguments"
tm send-keys -t 0 C-c
tm send-keys -t 0 'vcpu-pin webserver a' Tab
wait_last 'all $'
like "$(last)" "^${PROMPT}vcpu-pin webserver all \$" "vcpu-pin: all for the vcpu"
tm send-keys -t 0 C-c

tm send-keys -t 0 'create ti' Tab
wait_last 'tiny $'
like "$(last)" "^${PROMPT}create tiny \$" "templates complete for create"
tm send-keys -t 0 C-c

tm send-keys -t 0 'vm-install ' Tab
wait_last 'template=$'
like "$(last)" "^${PROMPT}vm-install template=\$" "an xe selector key completes first"
tm send-keys -t 0 't' Tab
wait_last 'template=tiny $'
like "$(last)" "^${PROMPT}vm-install template=tiny \$" "then its value"
tm send-keys -t 0 C-c
# Keys come in any order: the one not given yet is offered.
tm send-keys -t 0 'vm-install new-name-label=web2 ' Tab
wait_last 'template=$'
like "$(last)" "^${PROMPT}vm-install new-name-label=web2 template=\$" \
    "after new-name-label=, the key not given yet: template="
tm send-keys -t 0 C-c
tm send-keys -t 0 'vm-install template=tiny ' Tab
wait_last 'new-name-label=$'
like "$(last)" "^${PROMPT}vm-install template=tiny new-name-label=\$" \
    "after template=, new-name-label="
tm send-keys -t 0 C-c

tm send-keys -t 0 'list /et' Tab
sleep 0.5
like "$(last)" "^${PROMPT}list /et\$" "no file names where a domain is wanted"
tm send-keys -t 0 C-c
tm send-keys -t 0 'pau' Tab
wait_last 'pause $'
tm send-keys -t 0 Tab Tab
sleep 0.5
unlike "$(screen)" 'mine\.cfg|home' "no file names are ever listed for a domain"
tm send-keys -t 0 C-c

tm send-keys -t 0 "create $T/mi" Tab
wait_last 'mine\.cfg'
like "$(last)" "mine\\.cfg \$" "a file path completes for create's FILE"
tm send-keys -t 0 C-c

tm send-keys -t 0 'list webserver' Enter
wait_screen '^webserver +1 +128 +1 '
like "$(screen)" '^webserver +1 +128 +1 ' "a command runs from the prompt"

# vm-uninstall asks at the prompt; anything but "yes" leaves the VM.
tm send-keys -t 0 C-l
tm send-keys -t 0 'vm-install template=tiny new-name-label=kept' Enter
wait_screen '^[0-9a-f]{8}-'
tm send-keys -t 0 'vm-uninstall vm=kept' Enter
wait_last 'Type yes to go on: $'
like "$(last)" '^vm-uninstall: delete VM kept, its record and its volumes for good\? Type yes to go on: $' \
    "vm-uninstall asks first"
tm send-keys -t 0 'y' Tab
sleep 0.3
like "$(last)" 'go on: y$' "nothing is completed at the question"
tm send-keys -t 0 C-u 'no' Enter
wait_screen 'not done'
like "$(screen)" '^xlsh: vm-uninstall: not done$' "no: not done"
tm send-keys -t 0 'vm-param-get vm=kept param-name=power-state' Enter
wait_screen '^halted$'
like "$(screen)" '^halted$' "the VM is still there"
tm send-keys -t 0 'vm-uninstall vm=kept' Enter
wait_last 'Type yes to go on: $'
tm send-keys -t 0 'yes' Enter
sleep 0.3
tm send-keys -t 0 'vm-param-get vm=kept param-name=uuid' Enter
wait_screen 'No matching VMs'
like "$(screen)" 'No matching VMs found for vm=kept' "yes: it is gone"

tm send-keys -t 0 'exit' Enter
i=0
while tm has-session 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if tm has-session 2>/dev/null; then fail "exit ends the shell"; else pass "exit ends the shell"; fi

done_testing
