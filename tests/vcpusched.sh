#!/bin/sh
# vcpu-pin, sched-credit2 and dmesg -c on the simulated host, in system
# mode under the shipped member rule: xl's formats (vcpu-list's
# affinity column, sched-credit2's pool line and table), the refusals
# (cpus and vcpus that do not exist, another member's VM, an option
# above a member's or an operator's role), completion of options and
# their values, and what persists over a helper's restart.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

pam_members alice:alice-secret bob:bob-secret oper:oper-secret \
    pop:pop-secret admin:admin-secret

shipped_policy alice bob <<'EOF'
permit oper as vm-operator
permit pop as pool-operator
EOF

SOCK=$T/xlshd.sock
system_helper "$SOCK" --fail-delay 0

A() { as alice alice-secret "$@"; }
B() { as bob bob-secret "$@"; }
OP() { as oper oper-secret "$@"; }
PO() { as pop pop-secret "$@"; }
ADM() { as admin admin-secret "$@"; }

# xlv NAME ID VCPU CPU STATE TIME HARD SOFT: a vcpu-list row as xl's
# print_vcpuinfo writes it (an offline vcpu's cpu is "-").
xlv() {
	if [ "$4" = - ]; then
		printf '%-32s %5u %5u%5s %3s%sp %9s  %s / %s\n' "$1" "$2" "$3" \
		    - - - "$6" "$7" "$8"
	else
		printf '%-32s %5u %5u%5u %3s%s- %9s  %s / %s\n' "$1" "$2" "$3" \
		    "$4" "$(printf %.1s "$5")" "$(printf %s "$5" | cut -c2)" \
		    "$6" "$7" "$8"
	fi
}
# rows_as_xl: vcpu-list's output, each row rebuilt from its fields with
# xl's formats; the header as xl prints it.
rows_as_xl() {
	printf '%-32s %5s %5s %5s %5s %9s %s\n' Name ID VCPU CPU State \
	    'Time(s)' 'Affinity (Hard / Soft)'
	printf '%s\n' "$1" | sed 1d | while read -r n id v c st t h _ s; do
		xlv "$n" "$id" "$v" "$c" "$st" "$t" "$h" "$s"
	done
}
# affinity NAME VCPU: the hard / soft column of that row of $out.
affinity() {
	printf '%s\n' "$out" | awk -v n="$1" -v v="$2" \
	    '$1 == n && $3 == v { print $7, $8, $9 }'
}

A create small name=alice-web
is "$rc" 0 "alice creates alice-web (2 vcpus at most, 1 online)"
B create tiny name=bob-db
is "$rc" 0 "bob creates bob-db"

# vcpu-pin and vcpu-list's affinity column.
A vcpu-list alice-web
is "$(affinity alice-web 0)" "all / all" "a new domain's vcpus may run anywhere"
A vcpu-pin alice-web 0 1
is "$rc:$out:$err" "0::" "vcpu-pin alice-web 0 1: xl prints nothing"
A vcpu-list alice-web
is "$out" "$(rows_as_xl "$out")" "vcpu-list's rows in xl's formats"
is "$(affinity alice-web 0)" "1 / all" "vcpu 0: hard 1, soft untouched"
is "$(affinity alice-web 1)" "all / all" "vcpu 1 untouched"
like "$(printf '%s\n' "$out" | awk '$1 == "alice-web" && $3 == 1')" \
    '^alice-web +1 +1    - +--p +0\.0  all / all$' \
    "the offline vcpu as xl shows it: - --p"
A vcpu-pin alice-web all 0-3,^2 3
is "$rc" 0 "vcpu-pin alice-web all 0-3,^2 3: both vcpus, soft too"
A vcpu-list alice-web
is "$(affinity alice-web 0):$(affinity alice-web 1)" "0-1,3 / 3:0-1,3 / 3" \
    "^ takes a cpu out; ranges as xl's print_bitmap writes them"
A vcpu-pin alice-web 1 - 1,2
A vcpu-list alice-web
is "$(affinity alice-web 1)" "0-1,3 / 1-2" "- leaves the hard affinity"
A vcpu-pin alice-web 1 all -
A vcpu-list alice-web
is "$(affinity alice-web 1)" "all / 1-2" "all is every cpu; - leaves the soft"
A vcpu-pin alice-web 0 all all
A vcpu-list alice-web
is "$(affinity alice-web 0)" "all / all" "and vcpu 0 is free again"
A vcpu-pin alice-web 0 2
A vcpu-list alice-web
is "$(printf '%s\n' "$out" | awk '$1 == "alice-web" && $3 == 0 { print $4 }')" 2 \
    "a pinned vcpu runs on a cpu of its hard affinity"
A vcpu-pin alice-web 0 1

# What is refused changes nothing.
A vcpu-pin alice-web 2 1
is "$rc:$err" "1:xlsh: Could not set affinity for vcpu \`2': domain 1 has 2 vcpus, numbered from 0" \
    "a vcpu the domain does not have"
A vcpu-pin alice-web 0 4
is "$rc:$err" "1:xlsh: cpu 4 does not exist: the host has cpus 0 to 3" \
    "a cpu the host does not have"
A vcpu-pin alice-web 0 2-9
is "$rc:$err" "1:xlsh: cpu 9 does not exist: the host has cpus 0 to 3" \
    "a range beyond the host's cpus"
A vcpu-pin alice-web 0 0,^0
is "$rc:$err" "1:xlsh: Could not set affinity for vcpu \`0': its hard affinity 0,^0 has no cpu" \
    "an affinity with no cpu left"
A vcpu-pin alice-web 0 ^all
is "$rc:$err" "2:xlsh: vcpu-pin: Can't combine \"^\" and \"all\"." "^all, in xl's words"
A vcpu-pin alice-web 0 1-x
is "$rc:$err" "2:xlsh: vcpu-pin: Invalid pcpu range: 1-x." "a bad range, in xl's words"
A vcpu-pin alice-web x 1
like "$rc:$err" "^2:xlsh: vcpu-pin: Invalid argument x as VCPU" "a bad vcpu, in xl's words"
A vcpu-pin alice-web 0 -
is "$rc:$err" "2:xlsh: vcpu-pin: nothing to do: '-' keeps an affinity as it is; give a hard affinity, a soft one, or both" \
    "- alone does nothing, and says so"
A vcpu-list alice-web
is "$(affinity alice-web 0):$(affinity alice-web 1)" "1 / all:all / 1-2" \
    "nothing refused changed an affinity"

# Another's domain, Domain-0, an operator.
A vcpu-pin bob-db 0 1
is "$rc:$err" "1:xlsh: Domain 'bob-db' does not exist." \
    "alice may not pin bob's VM, which she cannot see"
A vcpu-pin 2 0 1
is "$rc:$err" "1:xlsh: Domain '2' does not exist." "nor by its id"
A vcpu-pin Domain-0 0 1
is "$rc:$err" "1:xlsh: Domain 'Domain-0' does not exist." "nor Domain-0"
B vcpu-list bob-db
is "$(affinity bob-db 0)" "all / all" "bob's VM is untouched"
OP vcpu-pin bob-db 0 1
is "$rc:$err" "1:xlsh: permission denied: vcpu-pin bob-db: no rule permits it" \
    "an operator sees bob-db but may not place it: vm-power-admin's verb"
PO vcpu-pin Domain-0 0 0
is "$rc:$err" "1:xlsh: permission denied: Domain-0 is not a permitted target" \
    "pinning Domain-0 needs dom0"
ADM vcpu-pin Domain-0 0 0
is "$rc" 0 "an administrator with dom0 may"
ADM vcpu-list Domain-0
is "$(affinity Domain-0 0):$(affinity Domain-0 1)" "0 / all:all / all" \
    "Domain-0's vcpu 0 on cpu 0"
xlshd_check() {
	run "$XLSHD" -C "$T/policy.conf" "$@"
}
xlshd_check -u alice -o alice vcpu-pin alice-web 0 1
is "$out" permit "check mode: alice may pin her own VM"
xlshd_check -u alice -o bob vcpu-pin bob-db 0 1
is "$out" deny "but not bob's"

# sched-credit2: xl's pool line and table.
ADM sched-credit2
is "$out" "$(printf '%s\n' 'Cpupool Pool-0: ratelimit=1000us' \
    'Name                                ID Weight  Cap' \
    'Domain-0                             0    256    0' \
    'alice-web                            1    256    0' \
    'bob-db                               2    256    0')" \
    "sched-credit2: the pool's line, then each domain's weight and cap"
A sched-credit2
is "$out" "$(printf '%s\n' 'Cpupool Pool-0: ratelimit=1000us' \
    'Name                                ID Weight  Cap' \
    'alice-web                            1    256    0')" \
    "a member's listing shows only what list shows her"
A sched-credit2 -d alice-web -w 512
is "$rc:$err" "1:xlsh: permission denied: sched-credit2 -w needs the role pool-operator" \
    "a member may not set a weight, even her own VM's"
A sched-credit2 -d alice-web -c 50
is "$rc:$err" "1:xlsh: permission denied: sched-credit2 -c needs the role pool-operator" \
    "nor a cap"
A sched-credit2 -d bob-db
is "$rc:$err" "1:xlsh: Domain 'bob-db' does not exist." \
    "-d of another's VM reads as one that does not exist"
OP sched-credit2 -d alice-web -w 512 -c 50
is "$rc:$err" "1:xlsh: permission denied: sched-credit2 -w -c needs the role pool-operator" \
    "an operator neither"
OP sched-credit2 -d bob-db
is "$rc" 0 "an operator may look"
PO sched-credit2 -d alice-web -w 512 -c 50
is "$rc:$out:$err" "0::" "a pool-operator sets weight and cap; xl prints nothing"
PO sched-credit2 --domain=alice-web
is "$out" "$(printf '%s\n' 'Name                                ID Weight  Cap' \
    'alice-web                            1    512   50')" \
    "-d DOMAIN (here --domain=): its header and row"
PO sched-credit2 --domain bob-db --weight=128
PO sched-credit2 -d bob-db
is "$out" "$(printf '%s\n' 'Name                                ID Weight  Cap' \
    'bob-db                               2    128    0')" \
    "--domain NAME and --weight=N: the cap kept"
PO sched-credit2 -d alice-web -c 300
is "$rc:$err" "1:xlsh: Cpu cap out of range, valid range is from 0 to 200 for specified number of vcpus" \
    "a cap above 100 per vcpu, in libxl's words"
PO sched-credit2 -w 5
is "$rc:$err" "2:xlsh: Must specify a domain." "-w without -d, in xl's words"
PO sched-credit2 -s -d alice-web
is "$rc:$err" "2:xlsh: Specifying a cpupool or schedparam is not allowed with domain options." \
    "-s with -d"
PO sched-credit2 -d alice-web -w 0
is "$rc" 2 "a weight of 0 is a usage error"
PO sched-credit2 -s
is "$out" "Cpupool Pool-0: ratelimit=1000us" "-s: the pool's line"
PO sched-credit2 -d Domain-0 -w 5
is "$rc:$err" "1:xlsh: permission denied: Domain-0 is not a permitted target" \
    "setting Domain-0's weight needs dom0"
PO sched-credit2 -d Domain-0
is "$rc" 0 "looking at it does not"
xlshd_check -u alice -o alice sched-credit2 -d alice-web
is "$out" permit "check mode: alice may look at her VM's"
xlshd_check -u alice -o alice sched-credit2 -d alice-web -w 5
is "$out" deny "but not set its weight"
like "$err" "sched-credit2 -w needs the role pool-operator" "and check mode says why"
xlshd_check -u pop sched-credit2 -d alice-web -w 5
is "$out" permit "a pool-operator may"

# dmesg -c: the administrators'.
PO dmesg -c
is "$rc:$err" "1:xlsh: permission denied: dmesg -c needs the role pool-admin" \
    "a pool-operator may read the messages but not clear them"
OP dmesg
is "$rc:$err" "1:xlsh: permission denied: dmesg: no rule permits it" \
    "an operator may not read them"
A dmesg -c
is "$rc:$err" "1:xlsh: permission denied: dmesg: no rule permits it" \
    "nor may a member, with -c or without"
PO dmesg
boot=$out
like "$boot" 'Xen version 4\.17' "dmesg: the boot's messages"
ADM dmesg -c
is "$rc:$out" "0:$boot" "dmesg -c prints them, as dmesg does"
ADM dmesg
is "$rc:$out" "0:" "then the ring is empty: nothing came after"
grep '"verb":"dmesg"' "$T/audit.log" | grep -q '"acting"' &&
    pass "dmesg -c is audited before it acts, as a change" ||
    fail "dmesg -c is audited before it acts, as a change"

# Completion: options, their values, and an option above the role.
printf 'pop-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l pop --complete 'sched-credit2 -' <"$T/in"
is "$out" "$(printf '%s\n' -d -w -c -s)" "sched-credit2's options"
run "$XLSH" --connect "$SOCK" -l pop --complete 'sched-credit2 -d a' <"$T/in"
is "$out" alice-web "a domain after -d"
run "$XLSH" --connect "$SOCK" -l pop --complete 'sched-credit2 --domain=b' <"$T/in"
is "$out" --domain=bob-db "and after --domain="
run "$XLSH" --connect "$SOCK" -l pop --complete 'dmesg -' <"$T/in"
is "$out" "" "dmesg -c is not offered to a pool-operator"
printf 'alice-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l alice --complete 'sched-credit2 -' <"$T/in"
is "$out" "$(printf '%s\n' -d -s)" "nor -w and -c to a member"
run "$XLSH" --connect "$SOCK" -l alice --complete 'sched-credit2 -d ' <"$T/in"
is "$out" alice-web "her own VMs after -d"
run "$XLSH" --connect "$SOCK" -l alice --complete 'vcpu-pin ' <"$T/in"
is "$out" alice-web "vcpu-pin: her VMs"
run "$XLSH" --connect "$SOCK" -l alice --complete 'vcpu-pin alice-web a' <"$T/in"
is "$out" all "then all for the vcpu"
printf 'admin-secret\n' >"$T/in"
run "$XLSH" --connect "$SOCK" -l admin --complete 'dmesg -' <"$T/in"
is "$out" -c "dmesg -c is offered to an administrator"
A help sched-credit2
like "$out" '^  -w WEIGHT, --weight=WEIGHT  set its weight, 1 to 65535' \
    "help names an option's value and its long form"
like "$out" '^ +\(pool-operator\)$' "and the role it needs"

# A restart of the helper keeps it all.
stop_helper
system_helper "$SOCK" --fail-delay 0
A vcpu-list alice-web
is "$(affinity alice-web 0):$(affinity alice-web 1)" "1 / all:all / 1-2" \
    "affinities persist over a restart"
PO sched-credit2 -d alice-web
is "$(printf '%s\n' "$out" | tail -n 1)" \
    "alice-web                            1    512   50" \
    "so do weight and cap"
ADM dmesg
is "$rc:$out" "0:" "and the ring stays empty"

# A domain made anew (a reboot) starts from Xen's defaults.
A reboot alice-web
sleep 2
A domid alice-web
newid=$out
A vcpu-list alice-web
is "$(affinity alice-web 0)" "all / all" "after a reboot (domain $newid) every cpu again"
PO sched-credit2 -d alice-web
is "$(printf '%s\n' "$out" | tail -n 1)" \
    "$(printf '%-33s %4d %6d %4d' alice-web "$newid" 256 0)" \
    "and weight 256, cap 0"

done_testing
