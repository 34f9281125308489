#!/bin/sh
# Ownership from the registry, never from names: members alice and
# alice-bob under the shipped policy's member rule, in system mode.
# Every verb alice tries on alice-bob's VMs is refused, by name, id or
# uuid, in the words used for a VM that does not exist; her listings,
# completion and quota never include them.  Then an administrator
# gives a VM away, and the owner follows.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

pam_members alice:alice-secret alice-bob:bob-secret admin:admin-secret

# The shipped member rule, for two members instead of a group.
member_rule=$(shipped_member_rule)
case $member_rule in
*' on own'*) pass "the shipped member rule gives VMs by owner" ;;
*) fail "the shipped member rule gives VMs by owner: $member_rule" ;;
esac
shipped_policy alice alice-bob </dev/null

SOCK=$T/xlshd.sock
system_helper "$SOCK" --fail-delay 0

A() { as alice alice-secret "$@"; }
B() { as alice-bob bob-secret "$@"; }
ADM() { as admin admin-secret "$@"; }

B create tiny name=alice-bob-db
is "$rc" 0 "alice-bob creates alice-bob-db"
B vm-install template=tiny new-name-label=alice-bob-kept
is "$rc" 0 "and installs alice-bob-kept"
kept_uuid=$(printf '%s\n' "$out" | tail -n 1)
A create tiny name=alice-web
is "$rc" 0 "alice creates alice-web"
A create tiny
is "$(printf '%s\n' "$err" | tail -n 1)" "xlsh: permission denied: alice may not name a VM tiny (no name= \
given): the names permitted are alice-*" \
    "create without name= says which names she may give"
A vm-install template=tiny new-name-label=web
is "$err" "xlsh: permission denied: alice may not name a VM web: the names \
permitted are alice-*" "so does vm-install with a name outside them"
A whoami
like "$out" '; new VMs named alice-\*;' \
    "whoami gives names= with \${user} made her name"
B whoami
like "$out" '; new VMs named alice-bob-\*;' "and alice-bob's with his"
ADM domid alice-bob-db
db_id=$(printf '%s\n' "$out" | tail -n 1)
ADM vm-param-get vm=alice-bob-db param-name=uuid
db_uuid=$(printf '%s\n' "$out" | tail -n 1)

# refused WHAT COMMAND...: alice's try fails as for a missing VM.
refused() {
	what=$1
	shift
	A "$@"
	if [ "$rc" -ne 0 ] && printf '%s\n' "$err" |
	    grep -Eq "does not exist|No matching VMs found"; then
		pass "alice: $what"
	else
		fail "alice: $what"
		diag "rc $rc" "$err"
	fi
}
for cmd in "pause alice-bob-db" "unpause alice-bob-db" \
    "shutdown alice-bob-db" "shutdown -w alice-bob-db" \
    "reboot alice-bob-db" "destroy alice-bob-db" \
    "rename alice-bob-db alice-mine" "mem-set alice-bob-db 64" \
    "mem-max alice-bob-db 256" "vcpu-set alice-bob-db 1" \
    "list alice-bob-db" "list -l alice-bob-db" "uptime alice-bob-db" \
    "vcpu-list alice-bob-db" "domid alice-bob-db" \
    "vm-shutdown vm=alice-bob-db" "vm-reboot vm=alice-bob-db" \
    "vm-pause vm=alice-bob-db" "vm-unpause vm=alice-bob-db" \
    "vm-param-get vm=alice-bob-db param-name=owner" \
    "vm-start vm=alice-bob-kept" "vm-uninstall --force vm=alice-bob-kept" \
    "vm-param-get vm=alice-bob-kept param-name=power-state"; do
	refused "$cmd" $cmd
done
for cmd in "pause $db_id" "destroy $db_id" "mem-max $db_id 512" \
    "list $db_id" "domname $db_id"; do
	refused "by id: $cmd" $cmd
done
refused "by uuid: vm-param-get" vm-param-get vm="$db_uuid" param-name=owner
refused "by uuid: vm-start" vm-start vm="$kept_uuid"
A vm-param-get vm=nosuch-vm param-name=owner
missing=$err
A vm-param-get vm=alice-bob-kept param-name=owner
is "$err" "$(printf '%s\n' "$missing" | sed 's/nosuch-vm/alice-bob-kept/')" \
    "a VM she may not see reads exactly as one that does not exist"

B list alice-bob-db
is "$rc" 0 "alice-bob's VM is untouched"
B vm-param-get vm=alice-bob-kept param-name=power-state
is "$out" "$(printf 'Authentication succeeded\nhalted' | tail -n 1)" \
    "and so is the halted one"

A list
unlike "$out" 'alice-bob' "alice's list has none of alice-bob's"
like "$out" '^alice-web ' "but has hers"
A vm-list
unlike "$out" 'alice-bob' "nor has her vm-list, halted ones included"
A quota
like "$out" '^VMs +1 +3$' "her quota counts her VM alone"
B quota
like "$out" '^VMs +2 +3$' "alice-bob's counts his two, the halted one too"
printf 'alice-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l alice --complete 'pause alice' <"$T/in"
is "$out" "alice-web" "completion offers her VM, not alice-bob's"
run "$XLSH" --connect "$SOCK" -l alice --complete 'vm-start vm=' <"$T/in"
is "$out" "" "nor his halted VM to vm-start"
run "$XLSH" --connect "$SOCK" -l alice --complete 'create /' <"$T/in"
is "$rc:$out" "0:" "create / lists no files to a member without files"
printf 'admin-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l admin --complete 'create /' <"$T/in"
is "$out" "(file names)" "but does to an administrator who has files"

# The policy check says the same, given the owner.
run "$XLSHD" -C "$T/policy.conf" -u alice -o alice-bob destroy alice-bob-db
is "$out" deny "xlshd -C: alice may not destroy a VM alice-bob owns"
run "$XLSHD" -C "$T/policy.conf" -u alice -o alice destroy alice-bob-db
is "$out" permit "whatever its name, she may destroy one she owns"

# An administrator gives alice-bob-db to alice; the owner follows.
ADM vm-param-set vm=alice-bob-db owner=alice
is "$rc" 0 "admin gives alice-bob-db to alice"
A pause alice-bob-db
is "$rc" 0 "now alice may pause it"
B unpause alice-bob-db
is "$rc" 1 "and alice-bob may not"
A rename alice-bob-db alice-db
is "$rc" 0 "alice renames it within her names"
A vm-param-get vm=alice-db param-name=owner
is "$(printf '%s\n' "$out" | tail -n 1)" alice "rename keeps the owner"
A rename alice-db bob-db
is "$rc" 1 "a name outside names= is refused"
like "$err" 'may not name a VM bob-db' "saying so"
A quota
like "$out" '^VMs +2 +3$' "her quota now counts it"

# Installing counts against domains=, halted or not.
A vm-install template=tiny new-name-label=alice-h
is "$rc" 0 "a third VM, halted"
A vm-install template=tiny new-name-label=alice-h2
is "$rc" 1 "a fourth is over domains=3, though halted"
like "$err" 'quota exceeded: alice may have 3 VMs and has 3' "saying so"

done_testing
