#!/bin/sh
# Every escape a restricted shell has been broken with, and other bad
# input: each is one clear line on stderr, status 2, and no change.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

x create tiny name=keep
is "$rc" 0 "a domain to keep"

snapshot() {
	"$XLSH" --sandbox -c list | awk 'NR > 1 { print $1, $2, $3, $4, $5 }'
}
before=$(snapshot)

# Each line: a command; all must be refused by the grammar.
while IFS= read -r bad; do
	x "$bad"
	is "$rc" 2 "refused with status 2: $bad"
	is "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1 "one line: $err"
	like "$err" '^xlsh: ' "prefixed: $bad"
	is "$out" "" "nothing on stdout: $bad"
done <<'EOF2'
list; bash
list;bash
list && sh
list || sh
list | sh
list & 
list `id`
list $(id)
list ${PATH}
list $HOME
list > /tmp/pwned
list >> /tmp/pwned
list < /etc/passwd
list 2>&1
destroy 'keep'
destroy "keep"
destroy ke'e'p
destroy ke\ep
f() { sh; }
function f { sh; }
(list)
{ list; }
list *
list ~root
list # comment
!!
list !1
unknownverb
bash
sh -c id
xl list
exec sh
list -x
list --help=1
shutdown
pause keep extra
mem-set keep lots
mem-set keep -5
mem-max keep
dmesg -x
dmesg keep
mem-max keep 1q
mem-max 256 keep
vcpu-set keep 0
rename keep 1234
rename keep Domain-0
rename keep bad..$name
create tiny memory=99999
create tiny bootloader=/bin/sh
create ../../etc/shadow; id
vm-start
vm-shutdown
vm-shutdown vm=
vm-shutdown keep
vm-reboot
vm-pause vm=
vm-unpause keep
vm-pause vm=keep vm=keep
domname keep
help nosuchverb
EOF2

# Control characters and NUL inside a line, and over-long lines.
for c in '\n' '\r' '\v' '\f' '\033' '\001'; do
	x "$(printf "list${c}id")"
	is "$rc" 2 "control character $c refused"
	like "$err" 'control character' "named as a control character ($c)"
done
# A NUL cannot pass through argv; it can through standard input.
printf 'list\000bash\n' | "$XLSH" --sandbox >"$T/out" 2>"$T/err"
rc=$?
is "$rc" 2 "a NUL inside a line read from stdin is refused"
like "$(cat "$T/err")" 'control character 0x00' "and named"
long=$(head -c 1100 /dev/zero | tr '\0' a)
x "list $long"
is "$rc" 2 "a line over 1024 bytes is refused"
like "$err" 'line too long' "saying so"
x "list $(yes keep | head -n 20 | tr '\n' ' ')"
is "$rc" 2 "too many words are refused"

# A line of only blanks does nothing and succeeds.
x "   "
is "$rc" 0 "a blank line is no error"

is "$(snapshot)" "$before" "after all of it, the domains are as they were"
x list keep
like "$out" 'keep' "keep is still there"

done_testing
