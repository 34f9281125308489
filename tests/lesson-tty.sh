#!/bin/sh
# A student does lesson 2 at a terminal (tmux): the step on the prompt,
# the prose wrapped to a narrow terminal with its indent and in colour,
# a hint, create -c and its console left with Ctrl-], the step done
# once back at the prompt, an answer, the console again, the lesson's
# end; and no colour with NO_COLOR.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

command -v tmux >/dev/null 2>&1 || { fail "tmux is needed"; done_testing; exit 1; }
ME=$(id -un)
WIDTH=60
n=0
start() {	# ENV...: a sandbox shell in a new tmux server, 60 columns
	tm kill-server 2>/dev/null
	TMUX_SOCK=xlsh-lesson-$$-$n
	n=$((n + 1))
	tm new-session -d -x $WIDTH -y 40 "env XDG_STATE_HOME='$XDG_STATE_HOME' HOME='$HOME' TERM=xterm $* '$XLSH' --sandbox"
	wait_screen '@sandbox> $'
}
# The lines of the screen from the last that matches REGEX on.
since() { screen | awk -v re="$1" '$0 ~ re { buf = "" } { buf = buf $0 "\n" } END { printf "%s", buf }'; }

start
like "$(last)" "^$ME@sandbox> \$" "no lesson under way: the plain prompt"
tm send-keys -t 0 'lesson 2' Enter
wait_last '^\[L2\.1\] '
like "$(last)" "^\\[L2\\.1\\] $ME@sandbox> \$" "the prompt shows lesson 2, step 1"
like "$(screen)" '^Lesson 2, step 1 of 4: Make a guest and watch' \
    "the step's heading"
# Between the heading and the prompt, each line is the step's own, with
# its indent: the shell wrapped them, not the terminal.
body=$(since '^Lesson 2, step 1 of 4' | sed 1d | grep -v '^ *$' | grep -v '@sandbox> ')
unlike "$body" '^[^ ]' "wrapped to $WIDTH columns, each line indented as its paragraph"
like "$body" "^  Why: create -c is how you see" "the why"
like "$(tm capture-pane -p -e -t 0)" "$(printf '\033')\\[1mLesson 2: A first guest" \
    "headings in bold at a terminal"

tm send-keys -t 0 'lesson hint' Enter
wait_screen '^Hint 1 of 2: '
like "$(screen)" '^Hint 1 of 2: The template' "a hint"

# create -c: the console, then Ctrl-], then the step is done.
tm send-keys -t 0 "create -c tiny name=$ME-first" Enter
wait_screen "$ME-first login: \$"
like "$(screen)" "$ME-first's console; Ctrl-\\] returns" "create -c attaches the console"
unlike "$(screen)" '^Done: step 1' "the step's news waits until the console is left"
tm send-keys -t 0 'C-]'
wait_last '^\[L2\.2\] '
like "$(screen)" '^Done: step 1 of lesson 2, Make a guest and' \
    "after Ctrl-], the step is done"
like "$(screen)" '^Lesson 2, step 2 of 4: See it in the list' "and the next is shown"
like "$(last)" "^\\[L2\\.2\\] $ME@sandbox> \$" "the prompt moves on"
like "$(tm capture-pane -p -e -t 0)" "$(printf '\033')\\[32mDone: step 1" \
    "a step done in green"

tm send-keys -t 0 "list $ME-first" Enter
wait_screen "^$ME-first "
tm send-keys -t 0 'lesson answer 256' Enter
wait_screen "'256' is not the answer"
like "$(last)" '^\[L2\.2\] ' "a wrong answer: the same step"
tm send-keys -t 0 'lesson answer 128' Enter
wait_last '^\[L2\.3\] '
like "$(screen)" '^Right: 128 is the answer\.' "the right one"

# Its console again, and back; then pause it.  (The login prompt of
# the first console is still on the screen: wait for this one's.)
since_console() { since "sandbox> console $ME-first\$"; }
tm send-keys -t 0 "console $ME-first" Enter
wait_until since_console "$ME-first login: \$"
like "$(since_console)" "$ME-first login: \$" "console attaches the running guest's console"
tm send-keys -t 0 Enter
tm send-keys -t 0 'C-]'
wait_last '^\[L2\.3\] '
like "$(last)" "^\\[L2\\.3\\] $ME@sandbox> \$" "the console does not do step 3"
tm send-keys -t 0 "pause $ME-first" Enter
wait_last '^\[L2\.4\] '
like "$(screen)" '^Done: step 3 of lesson 2, Back to its console\.' "pause does"
tm send-keys -t 0 "destroy $ME-first" Enter
wait_screen '^Lesson 2 is complete'
wait_last '@sandbox> $'
like "$(last)" "^$ME@sandbox> \$" "the lesson done, the prompt is plain again"
tm send-keys -t 0 'exit' Enter

start NO_COLOR=1
tm send-keys -t 0 'lesson 3' Enter
wait_last '^\[L3\.1\] '
unlike "$(tm capture-pane -p -e -t 0)" "$(printf '\033')\\[(1|32)m" \
    "no colour with NO_COLOR"
like "$(last)" "^\\[L3\\.1\\] $ME@sandbox> \$" "the prompt of a new session shows the step"

done_testing
