#!/bin/sh
# The lessons (xlsh-lessons(5)).  Every shipped lesson's model answers
# (its answer lines) played against a fresh sandbox: each step is done
# once they have run, and not before, after the step's wrong lines
# (another name, the verb undone, the command merely typed through
# lesson answer) have run.  Then the lesson verb's own answers, the
# strict parser's FILE:LINE errors, the prose wrapped for a narrow
# terminal without colour, and, on a system helper, the progress kept
# per member across a restart, checks that hold only for the member's
# own domains, and lesson status for instructors alone.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

LESSONS=$top_srcdir/etc/lessons
ME=$(id -un)

# progress N: lesson N's state in the lesson list ("new", "K/N", "done"),
# with a * before it when it is the one under way.
progress() {
	x lesson
	printf '%s\n' "$out" | awk -v n="$1" '
	    $1 == "*" && $2 == n { print "*" $3; exit }
	    $1 == n { print $2; exit }'
}

# Each lesson file's steps as lines "S TITLE", "W LINE" and "A LINE".
steps_of() {
	sed -n 's/^step /S /p; s/^wrong /W /p; s/^answer /A /p' "$1" |
	    sed "s/\${user}/$ME/g"
}

# await N WANT: until lesson N's progress is WANT, 5 s at most (a
# shutdown or a reboot takes the guest a moment).
await() {
	_i=0
	while [ $_i -lt 25 ]; do
		got=$(progress "$1")
		[ "$got" = "$2" ] && return 0
		sleep 0.2
		_i=$((_i + 1))
	done
	return 1
}

nlessons=0
for f in "$LESSONS"/[0-9]*.lesson; do
	nlessons=$((nlessons + 1))
	n=$(basename "$f" | sed 's/-.*//; s/^0//')
	total=$(grep -c '^step ' "$f")
	x lesson "$n"
	is "$rc" 0 "lesson $n starts"
	like "$out" "^Lesson $n, step 1 of $total: " "lesson $n shows its first step"
	steps_of "$f" >"$T/steps"
	echo "S" >>"$T/steps"
	done_steps=0
	title=
	: >"$T/wrong"
	: >"$T/answer"
	# Each step: its wrong lines, the step undone, its answers, done.
	while IFS= read -r l; do
		case $l in
		W\ *) printf '%s\n' "${l#W }" >>"$T/wrong"; continue ;;
		A\ *) printf '%s\n' "${l#A }" >>"$T/answer"; continue ;;
		esac
		if [ -n "$title" ]; then
			nwrong=$(wc -l <"$T/wrong")
			[ "$nwrong" -gt 0 ] ||
			    fail "lesson $n, '$title' has no wrong line"
			while IFS= read -r line; do
				x "$line" </dev/null
			done <"$T/wrong"
			got=$(progress "$n")
			is "$got" "*$done_steps/$total" \
			    "lesson $n, '$title': $nwrong wrong lines leave it undone"
			while IFS= read -r line; do
				x "$line" </dev/null
				[ "$rc" -eq 0 ] || diag "lesson $n: '$line': $err"
			done <"$T/answer"
			done_steps=$((done_steps + 1))
			want="*$done_steps/$total"
			[ "$done_steps" -eq "$total" ] && want="*done"
			await "$n" "$want"
			is "$got" "$want" "lesson $n, '$title': the model answer does it"
		fi
		title=${l#S }
		: >"$T/wrong"
		: >"$T/answer"
	done <"$T/steps"
done
is "$nlessons" 7 "seven lessons are shipped"

# The lesson list, every lesson done, none under way after a reset.
x lesson
is "$(printf '%s\n' "$out" | awk '$1 ~ /^[0-9]/ || $1 == "*"' | grep -c done)" 7 \
    "the list shows all seven done"
x lesson reset 7
is "$rc" 0 "lesson reset 7"
is "$(progress 7)" new "lesson 7 is new again"
x lesson reset 7
is "$rc" 1 "resetting a lesson not begun fails"
like "$err" "you have not begun lesson 7" "and says so"

# The verb's own refusals.
x lesson hint
is "$rc" 1 "no hint without a lesson under way"
like "$err" "no lesson under way" "and says so"
x lesson 42
like "$err" "no lesson 42" "a lesson that does not exist"
x lesson frob
is "$rc" 2 "lesson frob is a usage error"
like "$err" "expected N \(1 to 99\), hint, answer WORD, reset N or status" "that says what it takes"
x lesson 'a;b'
is "$rc" 2 "a word the grammar refuses"
x lesson reset 1
x lesson 1
x lesson answer 3
is "$rc" 1 "a wrong answer fails"
like "$err" "'3' is not the answer" "and says so, without the answer"
x lesson hint
like "$out" '^Hint 1 of 2: ' "the first hint"
x lesson hint
like "$out" '^Hint 2 of 2: .*lesson answer 8' "the second"
x lesson hint
like "$out" '^Hint 2 of 2: ' "and the last again after that"
x lesson reset 2
x lesson 2
x lesson answer 128
is "$rc" 1 "a step that asks nothing takes no answer"
like "$err" "asks for no answer: do what it says" "and says so"
run "$XLSH" --sandbox --complete 'lesson '
is "$out" "$(printf 'answer\nhint\nreset\nstatus')" "completion offers lesson's words"
run "$XLSH" --sandbox --complete 'lesson h'
is "$out" "hint" "by their beginning"
run "$XLSH" --sandbox --complete 'les'
is "$out" "lesson" "and the verb"
x help lesson
like "$out" "lesson \[N\|hint\|reset\|answer\|status\] \[N\|WORD\]" "help lesson"

# Narrow terminals and NO_COLOR: the prose wrapped, no escapes.
x lesson reset 3
run env COLUMNS=40 "$XLSH" --sandbox -c 'lesson 3'
long=$(printf '%s\n' "$out" | awk 'length > 40' | wc -l)
is "$long" 0 "COLUMNS=40: no line longer than 40"
like "$out" "^  Why: A paused guest keeps its memory" "wrapped lines keep their indent"
run env NO_COLOR=1 "$XLSH" --sandbox -c 'lesson 3'
unlike "$out" "$(printf '\033')" "no escapes when standard output is no terminal"

# The state reached another way does it: xe's vm-pause for pause; and
# steps whose state was reached before are done with the one before.
x vm-pause vm="$ME-box"
like "$err" "^Done: step 2 of lesson 3, Pause it\.$" "xe's vm-pause does lesson 3's pause"
like "$err" "^Lesson 3, step 3 of 6: Unpause it$" "and the next step is shown"
x vm-unpause vm="$ME-box"
like "$err" "^Done: step 3 of lesson 3, Unpause it\.$" "vm-unpause does unpause"
x mem-set "$ME-box" 96m
like "$err" "^Done: step 6 of lesson 3, Give it a second vcpu\.$" \
    "maxmem and vcpus, set before, do steps 5 and 6 with step 4"
like "$err" "^Lesson 3 is complete" "and the lesson"
# A step's notice after another verb's output goes to standard error
# when standard output is no terminal: a script's output stays the
# verb's alone (list --json's JSON), while lesson's own is on stdout.
# Lesson 3 begins again with its guest already there.
x lesson reset 3
x lesson 3
like "$out" "^Lesson 3, step 1 of 6" "lesson's own prose is on standard output"
x list --json "$ME-box"
like "$out" '^\[' "list --json's output is JSON"
unlike "$out" "Lesson|Done" "and nothing else, during a lesson"
x pause "$ME-box"
is "$out" "" "pause's standard output stays empty"
like "$err" "^Done: step 2 of lesson 3, Pause it\.$" \
    "the step's notice is on standard error"
x unpause "$ME-box"

# The strict parser: each fault FILE:LINE, the lesson refused.
mkdir -p "$T/lessons"
bad() {	# N TEXT EXPECTED-MESSAGE
	printf '%b' "$2" >"$T/lessons/$1-bad.lesson"
}
good='title T\nstep S\ndo it\nhint h\ncheck domain ${user}-a exists\nanswer create tiny name=${user}-a\n'
printf '%b' "$good" >"$T/lessons/01-good.lesson"
bad 02 'step S\n' 
bad 03 'title T\nstep S\ndo it\nhint h\nchek domain a exists\nanswer x\n'
bad 04 'title T\nstep S\ndo it\nhint h\ncheck domain a flying\nanswer x\n'
bad 05 'title T\nstep S\ndo it\nhint h\ncheck domain a memory lots\nanswer x\n'
bad 06 'title T\nstep S\ndo it\nhint h\ncheck domain a exists\n'
bad 07 'title T\nstep S\ndo it\ncheck domain a exists\nanswer x\nstep U\n'
bad 08 'title T\nstep S\ndo it\nhint h\ncheck answer cpus\ncheck domain a exists\nanswer x\n'
bad 09 'title T\nstep S\ndo it\nhint h\ncheck domain ../x exists\nanswer x\n'
bad 10 'title T\ntext a\tb \001\n'
bad 11 'title T\nstep S\ndo it\nhint h\ncheck volume v snapshot-of\nanswer x\n'
printf '%b' "$good" >"$T/lessons/12-twice.lesson"
printf '%b' "$good" >"$T/lessons/12-again.lesson"

pam_members alice:alice-secret bob:bob-secret admin:admin-secret \
    teacher:teacher-secret eve:eve-secret
shipped_policy alice bob <<'EOF'
permit teacher as pool-operator
EOF
SOCK=$T/xlshd.sock
system_helper "$SOCK" --fail-delay 0 --lessons "$T/lessons"
A() { as alice alice-secret "$@"; }
B() { as bob bob-secret "$@"; }
ADM() { as admin admin-secret "$@"; }
TEA() { as teacher teacher-secret "$@"; }

A lesson
like "$out" '^  1 new   T$' "a good site lesson is listed"
for k in 02:1 03:5 04:5 05:5 06:5 07:6 08:6 09:5 10:2 11:5; do
	num=${k%:*} ln=${k#*:}
	like "$err" "^lesson ${num#0}: $T/lessons/$num-bad.lesson:$ln: " \
	    "a bad lesson $num: FILE:$ln"
done
like "$err" "02-bad.lesson:1: 'title TEXT' must come first" "title first"
like "$err" "03-bad.lesson:5: unknown keyword 'chek'" "an unknown keyword"
like "$err" "04-bad.lesson:5: check domain: unknown condition 'flying'" "an unknown condition"
like "$err" "05-bad.lesson:5: check domain memory: 'lots' is not a valid value" "a bad size"
like "$err" "06-bad.lesson:5: the last step has no 'answer' line" "a step needs a model answer"
like "$err" "07-bad.lesson:6: the step before has no 'hint' line" "and a hint"
like "$err" "08-bad.lesson:6: check answer must be its step's only check" "a question is a step's only check"
like "$err" "09-bad.lesson:5: check domain: '../x' is not a valid name" "names are validated"
like "$err" "10-bad.lesson:2: control character 0x01" "control characters"
like "$err" "12-again.lesson and $T/lessons/12-twice.lesson are both lesson 12|12-twice.lesson and $T/lessons/12-again.lesson are both lesson 12" \
    "two files of one number"
A lesson 3
is "$rc" 1 "a bad lesson cannot be started"
like "$err" "03-bad.lesson:5: unknown keyword 'chek'" "and says why"

# Checks hold only for the member's own: admin's alice-a is not hers.
A lesson 1
like "$out" "^Lesson 1, step 1 of 1: S" "alice starts lesson 1"
ADM create tiny name=alice-a
is "$rc" 0 "admin makes a domain called alice-a"
A list
A lesson
is "$(printf '%s\n' "$out" | awk '$1 == "*" { print $3 }')" "0/1" \
    "another's domain of the name does not do alice's step"
ADM destroy alice-a
A create tiny name=alice-a
like "$err" "^Done: step 1 of lesson 1, S\.$" "her own does, and she is told at once"
like "$err" "Lesson 1 is complete" "the lesson's end"

# Progress per member, kept across a restart; nobody sees another's.
B lesson 1
B lesson
like "$out" '^\* 1 0/1   T$' "bob's own progress"
stop_helper
system_helper "$SOCK" --fail-delay 0 --lessons "$T/lessons"
A lesson
like "$out" '^\* 1 done  T$' "alice's progress outlives the helper"
B lesson
like "$out" '^\* 1 0/1   T$' "and bob's, each their own"
A lesson status
is "$rc" 1 "a member may not see the class's progress"
like "$err" "permission denied: lesson status is for instructors \(role pool-operator or above\)" \
    "and is told who may"
A lesson status bob
is "$rc" 1 "nor one other member's"
TEA lesson status
is "$rc" 0 "an instructor (pool-operator) may"
is "$out" "$(printf 'MEMBER               LESSON   STEPS HINTS\nalice                    1*   1/1       0\nbob                      1*   0/1       0')" \
    "every member's progress"
TEA lesson status bob
is "$out" "$(printf 'MEMBER               LESSON   STEPS HINTS\nbob                      1*   0/1       0')" \
    "or one member's"
ADM lesson status
is "$rc" 0 "so may a pool-admin"

# A member with no rule may take lessons, but no answer tells her what
# info, which her role lacks, would have.
cat >"$T/lessons/02-ask.lesson" <<'EOF2'
title Q
step How many CPUs?
do Answer.
hint info
check answer cpus
answer lesson answer 4
EOF2
rm -f "$T/lessons/02-bad.lesson"
as eve eve-secret lesson 2
is "$rc" 0 "a member with no rule starts a lesson"
as eve eve-secret lesson answer 4
is "$rc" 1 "but may not learn the host's cpus from an answer"
like "$err" "the answer is in info's output, and your role does not include info" \
    "and is told why"
A lesson 2
A lesson answer 4
like "$out" "^Right: 4 is the answer" "alice, who may use info, may"
is "$rc" 0 "a right answer succeeds"

# A member under the shipped rule does the shipped lesson 4: the
# template lab is permitted, and its guest's shutdown, kept, is told
# apart from a destroy.
stop_helper
system_helper "$SOCK" --fail-delay 0 --lessons "$LESSONS"
A lesson 4
like "$out" "^Lesson 4, step 1 of 4: A guest that stays when it stops$" \
    "alice starts the shipped lesson 4"
A create lab name=alice-lab
is "$rc" 0 "the shipped member rule permits the template lab"
like "$err" "^Done: step 1 of lesson 4" "step 1 done"
A reboot alice-lab
sleep 2
A list alice-lab
like "$err" "^Done: step 2 of lesson 4, Reboot it\.$" "the reboot seen at the next request"
A destroy alice-lab
A create lab name=alice-lab
A lesson
like "$out" '^\* 4 2/4 ' "a destroy and a new guest do not do the shutdown step"
A shutdown -w alice-lab
like "$err" "^Done: step 3 of lesson 4, Shut it down\.$" "a shutdown, kept, does"
A destroy alice-lab
like "$err" "^Lesson 4 is complete" "and the destroy ends the lesson"
B lesson
like "$out" '^  4 new   Shutting' "bob's lesson 4 is new: alice's progress is hers"

done_testing
