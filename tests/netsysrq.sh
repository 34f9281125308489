#!/bin/sh
# network-attach, network-detach, sysrq and shutdown/reboot -F on the
# simulated host, in system mode under the shipped rules (two members,
# an operator, an administrator): xl's outputs and messages, the
# refusals (a bridge not permitted, a setting such as script=, a MAC
# that is not unicast, a key not allowed, another member's domain, an
# operator's role), an interface that stays with its VM's record, the
# guest's console answering sysrq (its log, and an open console through
# tmux in the sandbox), and the ACPI fallback of an HVM guest that has
# no PV drivers yet.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

pam_members alice:alice-secret bob:bob-secret oper:oper-secret \
    admin:admin-secret
shipped_policy alice bob <<'EOF'
permit oper as vm-operator
EOF
printf 'bridge xenbr0\nbridge lab1\n' >"$T/xlshd.conf"

SOCK=$T/xlshd.sock
system_helper "$SOCK" --fail-delay 0

A() { as alice alice-secret "$@"; }
B() { as bob bob-secret "$@"; }
O() { as oper oper-secret "$@"; }
ADM() { as admin admin-secret "$@"; }
# conlog DOMID: what the guest printed on its console since its boot.
conlog() { tr -d '\r' <"$T/state/console-$1.log" 2>/dev/null; }

# An HVM guest has no PV drivers while it boots (its first 5 s).
cat >"$T/hvm.cfg" <<'EOF'
name = "hv1"
type = "hvm"
memory = 128
on_poweroff = "preserve"
on_reboot = "preserve"
EOF
ADM create "$T/hvm.cfg"
is "$rc" 0 "an HVM guest, hv1"
ADM shutdown hv1
is "$rc:$err" '1:xlsh: PV control interface not available: external graceful shutdown not possible. Use "-F" to fallback to ACPI power event.' \
    "shutdown of a guest without PV drivers: xl's refusal"
ADM reboot hv1
is "$rc:$err" '1:xlsh: PV control interface not available: external graceful reboot not possible. Use "-F" to fallback to ACPI reset event.' \
    "reboot: the same, for the reset event"
ADM list hv1
like "$out" '^hv1 +[0-9]+ +128 +1 +r----- ' "and hv1 runs on"
ADM shutdown -F -w hv1
is "$rc" 0 "shutdown -F -w hv1"
is "$err" "$(printf 'PV control interface not available: sending ACPI power button event.\nWaiting for 1 domains\nDomain %s has been shut down, reason code 0' "$(ADM domid hv1; printf %s "$out")")" \
    "presses the ACPI power button, as xl says, and the guest shuts down"
ADM list hv1
like "$out" '^hv1 +[0-9]+ +128 +1 +---s-- ' "reason poweroff; on_poweroff preserve keeps it"
ADM destroy hv1
sed 's/hv1/hv2/' "$T/hvm.cfg" >"$T/hvm2.cfg"
ADM create "$T/hvm2.cfg"
ADM reboot -F hv2
is "$rc:$err" "0:PV control interface not available: sending ACPI reset button event." \
    "reboot -F: the reset button"
sleep 0.1
ADM list hv2
like "$out" '^hv2 +[0-9]+ +128 +1 +---sr- ' "which reboots it at once (reason reboot, on_reboot preserve)"
sed 's/hv1/hv3/' "$T/hvm.cfg" >"$T/hvm3.cfg"
ADM create "$T/hvm3.cfg"
hv3_made=$(date +%s)

# network-attach: a bridge of xlshd.conf's list, xl's syntax.
A vm-install template=debian new-name-label=alice-web
A vm-start vm=alice-web
is "$rc" 0 "alice-web runs, with the template's vif"
A domid alice-web
web=$out
A network-attach alice-web bridge=lab1 mac=00:16:3e:0a:0b:0c
is "$rc:$out:$err" "0::" "network-attach bridge=lab1 mac=...: silent, as xl"
A network-list alice-web
is "$(printf '%s\n' "$out" | sed -n 1p)" \
    "Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path                       " \
    "network-list: xl's header"
is "$(printf '%s\n' "$out" | sed -n 3p)" \
    "1   0  00:16:3e:0a:0b:0c     1     4     32   770/771         /local/domain/0/backend/vif/$web/1" \
    "the new interface: devid 1, the MAC given, in xl's row"
A network-attach alice-web bridge=xenbr0
is "$rc" 0 "network-attach without mac="
A network-list alice-web
mac2=$(printf '%s\n' "$out" | awk '$1 == 2 { print $3 }')
like "$mac2" '^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$' "gets a new MAC of Xen's range"
is "$(printf '%s\n' "$out" | wc -l)" 4 "three interfaces now"

# Refusals: nothing changes.
A network-attach alice-web bridge=br-evil
is "$rc:$err" "1:xlsh: bridge br-evil is not one this host permits (xlshd --bridge)" \
    "a bridge not in xlshd.conf is refused"
for kv in script=/tmp/own.sh backend=Domain-0 ip=10.0.0.1 model=e1000 \
    type=ioemu rate=1Mb/s; do
	A network-attach alice-web bridge=xenbr0 "$kv"
	is "$rc:$err" "2:xlsh: network-attach: ${kv%%=*}= is not accepted; usage: network-attach DOMAIN bridge=BRIDGE [mac=MAC]" \
	    "network-attach ... $kv: refused by its name"
done
A network-attach alice-web script=/tmp/own.sh bridge=xenbr0
is "$rc:$err" "2:xlsh: network-attach: script= is not accepted; usage: network-attach DOMAIN bridge=BRIDGE [mac=MAC]" \
    "in any place"
A network-attach alice-web xenbr0
is "$rc:$err" "2:xlsh: network-attach: expected bridge=BRIDGE, not 'xenbr0'" \
    "the bridge needs its key"
for m in 01:00:5e:00:00:01 ff:ff:ff:ff:ff:ff 00:00:00:00:00:00 00:16:3e:0a:0b \
    00:16:3e:0a:0b:zz; do
	A network-attach alice-web bridge=xenbr0 "mac=$m"
	is "$rc:$err" "2:xlsh: network-attach: '$m' is not a unicast MAC address (six hexadecimal pairs such as 00:16:3e:12:34:56, the first even)" \
	    "mac=$m is refused"
done
A network-attach alice-web bridge=xenbr0 mac=00:16:3e:0a:0b:0c
is "$rc:$err" "1:xlsh: domain alice-web already has an interface with MAC address 00:16:3e:0a:0b:0c" \
    "a MAC the domain has already"
A network-attach alice-web mac=00:16:3e:0a:0b:0d bridge=xenbr0
is "$rc" 0 "a fourth interface, mac= before bridge= as xl takes them"
A network-attach alice-web bridge=xenbr0
is "$rc:$err" "1:xlsh: domain alice-web has 4 network interfaces, the most a domain may have" \
    "a fifth is refused"
A network-list alice-web
is "$(printf '%s\n' "$out" | wc -l)" 5 "the refusals changed nothing"
B network-attach alice-web bridge=xenbr0
is "$rc:$err" "1:xlsh: Domain 'alice-web' does not exist." \
    "bob: alice's domain reads as one that does not exist"
B network-attach nosuch bridge=xenbr0
is "$err" "xlsh: Domain 'nosuch' does not exist." "as a missing one does"
B network-detach alice-web 1
is "$rc:$err" "1:xlsh: Domain 'alice-web' does not exist." "and for network-detach"
O network-attach alice-web bridge=xenbr0
is "$rc" 1 "vm-operator may not network-attach (vm-admin's)"
like "$err" '^xlsh: permission denied: network-attach' "saying so"
B vm-install template=debian new-name-label=bob-web
B vm-start vm=bob-web
B network-attach bob-web bridge=xenbr0 mac=00:16:3e:0a:0b:0c
is "$rc:$err" "1:xlsh: MAC address 00:16:3e:0a:0b:0c is in use by another interface" \
    "a MAC another VM's record has is refused"

# network-detach by devid or MAC, xl's "Unknown device".
A network-detach alice-web 9
is "$rc:$err" "1:xlsh: Unknown device 9." "network-detach of a devid it lacks"
A network-detach alice-web 00:16:3e:99:99:99
is "$rc:$err" "1:xlsh: Unknown device 00:16:3e:99:99:99." "and of a MAC it lacks"
A network-detach alice-web 1-2
is "$rc" 2 "a word that is neither is a usage error"
A network-detach alice-web 3
is "$rc:$out:$err" "0::" "network-detach by devid: silent"
A network-detach alice-web "$mac2"
is "$rc:$out:$err" "0::" "network-detach by MAC"
A network-list alice-web
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $1, $3 }' | tr '\n' ' ')" \
    "0 $(printf '%s\n' "$out" | awk '$1 == 0 { print $3 }') 1 00:16:3e:0a:0b:0c " \
    "network-list: the template's vif and the one on lab1 remain"

# What a VM's record holds comes back at vm-start; what was detached not.
A vm-shutdown vm=alice-web
A vm-start vm=alice-web
A network-list alice-web
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $3 }' | grep -c .)" 2 \
    "after vm-start: two interfaces"
like "$out" ' 00:16:3e:0a:0b:0c ' "the attached one, with its MAC"
unlike "$out" "$mac2" "not the detached one"

# sysrq: xl prints nothing; the guest answers on its console.
A domid alice-web
web=$out
A sysrq alice-web s
is "$rc:$out:$err" "0::" "sysrq alice-web s: silent, as xl"
like "$(conlog "$web")" '^\[ +[0-9]+\.[0-9]{6}\] sysrq: Emergency Sync$' \
    "the guest prints Linux's line"
like "$(conlog "$web")" '^\[ +[0-9]+\.[0-9]{6}\] Emergency Sync complete$' "and its end"
A sysrq alice-web u
like "$(conlog "$web")" '\] sysrq: Emergency Remount R/O$' "u: remount read-only"
like "$(conlog "$web")" '\] Emergency Remount complete$' "and its end"
A sysrq alice-web c
is "$rc:$err" "1:xlsh: permission denied: sysrq c (crash its kernel) needs pool-admin; vm-power-admin may send s, u, b and o" \
    "c is pool-admin's"
A sysrq alice-web x
is "$rc:$err" "1:xlsh: permission denied: sysrq x is not a key xlsh sends (s, u, b and o; for pool-admin also c, e, i, m, t and w)" \
    "a key not in the table is no one's"
A sysrq alice-web ss
is "$rc:$err" "2:xlsh: sysrq: 'ss' is not a sysrq key: one letter, such as s, u, b or o" \
    "one key at a time, as xl's 'Invalid sysrq.'"
A sysrq alice-web
is "$rc" 2 "the key is needed"
B sysrq alice-web s
is "$rc:$err" "1:xlsh: Domain 'alice-web' does not exist." \
    "bob may not send alice's guest a key"
B sysrq alice-web c
is "$rc:$err" "1:xlsh: Domain 'alice-web' does not exist." \
    "not even to hear which keys are refused"
O sysrq alice-web s
is "$rc:$err" "0:" "vm-operator sends s"
O sysrq alice-web e
is "$rc:$err" "1:xlsh: permission denied: sysrq e (send SIGTERM to all its tasks) needs pool-admin; vm-operator may send s, u, b and o" \
    "but not e"
ADM sysrq alice-web t
is "$rc:$err" "0:" "pool-admin sends t"
like "$(conlog "$web")" '\] sysrq: This sysrq operation is disabled\.$' \
    "which a Debian guest (kernel.sysrq=438) refuses"
ADM sysrq Domain-0 s
is "$rc:$err" "1:xlsh: Domain-0's kernel is the host's: it takes no sysrq through xlsh" \
    "Domain-0 takes no key, even from an administrator"
O sysrq Domain-0 s
is "$rc:$err" "1:xlsh: permission denied: Domain-0 is not a permitted target" \
    "nor from an operator"
grep '"verb":"sysrq"' "$T/audit.log" | grep -q '"member":"oper"'
is "$?" 0 "sysrq is audited"

# b resets the guest (reason reboot, on_reboot restart: a new domid),
# o powers it off (reason poweroff, on_poweroff destroy: halted).
A sysrq alice-web b
like "$(conlog "$web")" '\] sysrq: Resetting$' "b: Resetting"
sleep 0.1
A domid alice-web
like "$rc:$out" "^0:[0-9]+$" "alice-web came back"
test "$out" != "$web"
is "$?" 0 "under a new domid, as a reboot does"
web2=$out
is "$(conlog "$web2")" "" "its new console log begins empty"
A sysrq alice-web o
sleep 0.1
A vm-param-get vm=alice-web param-name=power-state
is "$out" halted "o powers it off: on_poweroff destroy leaves the VM halted"
cat >"$T/pres.cfg" <<'EOF'
name = "pres"
type = "pvh"
memory = 128
on_poweroff = "preserve"
on_reboot = "preserve"
EOF
ADM create "$T/pres.cfg"
ADM domid pres
pres=$out
ADM sysrq pres o
sleep 0.1
ADM list pres
like "$out" '^pres +[0-9]+ +128 +1 +---s-- ' "o: shut down, reason poweroff"
like "$(conlog "$pres")" '\] sysrq: Power Off$' "saying Power Off"
ADM destroy pres
ADM create "$T/pres.cfg"
ADM sysrq pres b
sleep 0.1
ADM list pres
like "$out" '^pres +[0-9]+ +128 +1 +---sr- ' "b: shut down, reason reboot"

# A guest with PV drivers: -F changes nothing.
B domid bob-web
bweb=$out
B shutdown -F -w bob-web
is "$rc:$err" "$(printf '0:Waiting for 1 domains\nDomain %s has been shut down, reason code 0' "$bweb")" \
    "shutdown -F of a PV guest: asked as without -F"
# An HVM guest has its PV drivers once it has booted.
now=$(date +%s)
[ $((now - hv3_made)) -lt 6 ] && sleep $((6 - (now - hv3_made)))
ADM shutdown hv3
is "$rc:$err" "0:" "a booted HVM guest is asked without -F"

# Completion: the bridges the host permits, the keys a role may send.
comp() {	# MEMBER PASSWORD LINE
	printf '%s\n' "$2" >"$T/in"
	run "$XLSH" --connect "$SOCK" -l "$1" --complete "$3" <"$T/in"
}
comp alice alice-secret 'network-attach alice-web '
is "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "bridge=lab1 bridge=xenbr0 " \
    "network-attach: bridge= with each permitted bridge"
comp alice alice-secret 'network-attach alice-web bridge='
is "$(printf '%s\n' "$out" | sort | tr '\n' ' ')" "bridge=lab1 bridge=xenbr0 " \
    "after bridge= too"
comp alice alice-secret 'network-attach alice-web bridge=l'
is "$out" "bridge=lab1" "by prefix"
comp alice alice-secret 'network-attach alice-web bridge=lab1 '
is "$out" "mac=" "then mac="
comp oper oper-secret 'network-attach alice-web bridge='
is "$out" "" "none for a member without the verb"
comp alice alice-secret 'sysrq alice-web '
is "$(printf '%s\n' "$out" | tr '\n' ' ')" "s u b o " "sysrq: a member's keys"
comp admin admin-secret 'sysrq alice-web '
is "$(printf '%s\n' "$out" | tr '\n' ' ')" "s u b o c e i m t w " \
    "an administrator's"

# In the sandbox: an open console shows the guest's answer as it comes.
x create tiny name=c1
tm new-session -d -x 100 -y 20 "env XDG_STATE_HOME='$XDG_STATE_HOME' HOME='$HOME' TERM=xterm '$XLSH' --sandbox"
wait_screen '@sandbox> $'
tm send-keys -t 0 'console c1' Enter
wait_screen 'c1 login: $'
like "$(last)" '^c1 login: $' "console c1: the login prompt"
x sysrq c1 s
is "$rc:$out:$err" "0::" "sysrq c1 s in the sandbox"
wait_screen 'Emergency Sync complete'
like "$(screen)" 'c1 login: \[ +[0-9]+\.[0-9]{6}\] sysrq: Emergency Sync$' \
    "the open console shows the guest's answer, where the cursor was"
like "$(screen)" '^\[ +[0-9]+\.[0-9]{6}\] Emergency Sync complete$' "as it comes"
tm send-keys -t 0 'C-]'
wait_screen '@sandbox> $'
tm send-keys -t 0 'console c1' Enter
wait_screen 'c1 login: $'
like "$(screen)" 'Reached target Multi-User System\.' "a console opened later: the boot log"
like "$(screen)" '\] sysrq: Emergency Sync$' "then what the kernel printed since"
tm send-keys -t 0 'C-]'
wait_screen '@sandbox> $'
x sysrq c1 o
sleep 0.1
x list c1
is "$rc" 1 "sysrq o: tiny's on_poweroff destroys it"
test -e "$STATE/console-1.log"
is "$?" 1 "and its console log goes with it"

done_testing
