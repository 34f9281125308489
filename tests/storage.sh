#!/bin/sh
# The storage pool and the guests' devices on the simulated host, in
# system mode under the shipped member rule: each vol-* verb and its
# output, lvm's errors, the disk= quota (and under concurrency), the
# volumes of a template's VM from vm-install to vm-uninstall, block-
# and network- verbs with xl's tables, and a member's refusals, where a
# volume she may not see reads exactly as one that does not exist.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

RAW=$top_builddir/tests/rawreq
pam_members alice:alice-secret bob:bob-secret admin:admin-secret

# The shipped member rule, for two members instead of a group.
member_rule=$(shipped_member_rule)
case $member_rule in
*' disk=20 '*debian*) pass "the shipped member rule has disk=20 and debian" ;;
*) fail "the shipped member rule has disk=20 and debian: $member_rule" ;;
esac
shipped_policy alice bob </dev/null

SOCK=$T/xlshd.sock
system_helper "$SOCK" --fail-delay 0

A() { as alice alice-secret "$@"; }
B() { as bob bob-secret "$@"; }
ADM() { as admin admin-secret "$@"; }

# The pool as a new simulated host has it: the prepared base alone.
ADM vol-list
is "$out" "$(printf ' Name            Path\n------------------------------------------\n debian12-base   /dev/xlsh/debian12-base')" \
    "vol-list: virsh's table, the prepared base volume"
ADM vol-list --details
like "$out" '^ debian12-base   /dev/xlsh/debian12-base   block   2\.00 GiB   1\.07 GiB$' \
    "vol-list --details: type, capacity and allocation"
A vol-list
is "$out" "$(printf ' Name   Path\n--------------\n')" \
    "alice sees none: the base is nobody's"

# vol-create, and what lvm would say.
A vol-create alice-data 1g
is "$rc:$out" "0:Vol alice-data created" "vol-create alice-data 1g"
A vol-list --details
like "$out" '^ alice-data   /dev/xlsh/alice-data   block   1\.00 GiB   0\.00 B$' \
    "a new thin volume: 1 GiB, nothing allocated"
A vol-create alice-data 2g
is "$rc" 1 "the name again is refused"
is "$err" 'xlsh: Logical Volume "alice-data" already exists in volume group "xlsh"' \
    "in lvm's words"
A vol-create alice-odd 5
A vol-list --details
like "$out" '^ alice-odd    /dev/xlsh/alice-odd    block   8\.00 MiB   0\.00 B$' \
    "5 MiB is rounded up to whole 4 MiB extents"
A vol-create alice-x 0
is "$rc" 2 "a size of 0 is a usage error"
like "$err" "is not a volume size" "saying what a size is"
A vol-create alice_x 1g
is "$rc" 2 "'_' is not in a volume's name"
A vol-create snapshot-alice 1g
is "$rc" 2 "nor a name lvm reserves"
A vol-create bob-data 1g
is "$rc" 1 "alice may not name a volume bob-*"
like "$err" 'alice may not name a volume bob-data: the names permitted are alice-\*' \
    "names= says which names"

# vol-resize: grow only.
A vol-resize alice-data 512m
is "$rc" 1 "vol-resize does not shrink"
is "$err" 'xlsh: New size given (128 extents) not larger than existing size (256 extents)' \
    "in lvm's words"
A vol-resize alice-data 2g
is "$rc:$out" "0:Size of volume 'alice-data' successfully changed to 2g" \
    "vol-resize alice-data 2g"

# vol-snapshot of her own volume.
A vol-snapshot alice-data alice-snap
is "$rc:$out" "0:Vol alice-snap created from alice-data" "vol-snapshot"
A vol-list
like "$out" ' alice-snap ' "the snapshot is hers"

# Another member's volume reads exactly as a missing one, for every verb.
B vol-create bob-secret 1g
is "$rc" 0 "bob makes bob-secret"
A vol-list
unlike "$out" 'bob-secret' "alice's vol-list does not show it"
for cmd in "vol-resize bob-secret 4g" "vol-delete --force bob-secret" \
    "vol-snapshot bob-secret alice-copy" "vol-resize debian12-base 4g" \
    "vol-snapshot debian12-base alice-base"; do
	vol=$(printf '%s\n' "$cmd" | awk '{ print ($2 == "--force") ? $3 : $2 }')
	A $cmd
	hidden="$rc:$err"
	missing_cmd=$(printf '%s\n' "$cmd" | sed "s/$vol/alice-nothing/")
	A $missing_cmd
	missing=$(printf '%s\n' "$rc:$err" | sed "s/alice-nothing/$vol/")
	is "$hidden" "$missing" "$cmd: answered as for a missing volume"
done
like "$hidden" "^1:xlsh: Storage volume not found: no storage vol with matching name 'debian12-base'\$" \
    "in virsh's words"
B vol-list
like "$out" ' bob-secret ' "bob still has his"

# Completion's names: only her volumes.
tm new-session -d -x 150 -y 30 "TERM=xterm '$XLSH' --connect '$SOCK'"
wait_screen '^xlsh login: $'
tm send-keys -t 0 alice Enter
wait_screen '^Password: '
tm send-keys -t 0 alice-secret Enter
wait_screen '^alice@[^ ]+> $'
tm send-keys -t 0 'vol-delete ' Tab
wait_last 'vol-delete alice-$'
tm send-keys -t 0 Tab Tab
wait_screen 'alice-snap'
like "$(screen)" 'alice-data +alice-odd +alice-snap' "Tab offers alice's volumes"
unlike "$(screen)" 'bob-secret|debian12-base' "and no one else's"
tm send-keys -t 0 C-u 'vol-delete alice-odd' Enter
wait_screen 'Type yes'
like "$(last)" '^vol-delete: delete volume alice-odd and its data for good\? Type yes to go on: $' \
    "vol-delete asks first"
tm send-keys -t 0 'yes' Enter
wait_last '^alice@[^ ]+> $'
tm kill-server 2>/dev/null
A vol-list
unlike "$out" 'alice-odd' "and deletes when told yes"
A vol-delete alice-snap
is "$rc" 1 "with -c, vol-delete needs --force"
like "$err" 'add --force' "and says so"

# The disk= quota (20 GiB): the volumes' sizes, not what they hold.
A quota
like "$out" '^disk +4096 MiB +20480 MiB$' "quota: two volumes of 2 GiB, of 20 GiB"
A vol-create alice-big 17g
is "$rc" 1 "17 GiB more would make 21 GiB"
is "$err" 'xlsh: quota exceeded: alice may have 20 GiB of volumes and images and has 4 GiB; this would make it 21 GiB' \
    "the quota says so"
A vol-resize alice-data 19g
is "$rc" 1 "growing past the quota is refused too"
A vol-create alice-big 16g
is "$rc" 0 "16 GiB more fits exactly"
A vol-delete --force alice-big
is "$rc:$out" "0:Vol alice-big deleted" "vol-delete --force"

# A template's VM: a root volume from the base, a vif on the bridge.
A vm-install template=debian new-name-label=alice-web
is "$rc" 0 "vm-install template=debian"
A vol-list --details
like "$out" '^ alice-web-root +/dev/xlsh/alice-web-root +block +4\.00 GiB +0\.00 B$' \
    "its root volume: a 4 GiB snapshot of the base"
A vm-start vm=alice-web
is "$rc" 0 "vm-start vm=alice-web"
A block-list alice-web
is "$out" "$(printf 'Vdev  BE  handle state evt-ch ring-ref BE-path                       \n51712 0   %s      4     9      8        /local/domain/0/backend/vbd/%s/51712' \
    "$(A domid alice-web; printf '%s' "$out")" "$(A domid alice-web; printf '%s' "$out")")" \
    "block-list: xl's table, xvda is 51712"
A network-list alice-web
like "$out" '^Idx BE Mac Addr\.         handle state evt-ch   tx-/rx-ring-ref BE-path +$' \
    "network-list: xl's header"
like "$out" '^0   0  00:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}     0     4     30   768/769         /local/domain/0/backend/vif/[0-9]+/0 *$' \
    "one vif, a MAC in Xen's range"
A vol-list --details
like "$out" '^ alice-web-root .* 4\.00 GiB +32\.00 MiB$' \
    "the guest's boot wrote to its thin volume"
A vol-delete --force alice-web-root
is "$rc" 1 "the root volume of a VM cannot be deleted"
is "$err" 'xlsh: volume alice-web-root is attached to VM alice-web as xvda: detach it first (block-detach), or vm-uninstall the VM' \
    "saying which VM has it"

# block-attach and block-detach.
A block-attach alice-web alice-data xvdb
is "$rc:$out:$err" "0::" "block-attach alice-web alice-data xvdb: silent, as xl"
A block-list alice-web
like "$out" '^51728 0 ' "xvdb is 51728"
A block-attach alice-web alice-snap xvdb
is "$rc" 1 "a second disk at xvdb is refused"
B create tiny name=bob-box
A block-attach alice-web bob-secret xvdc
hidden="$rc:$err"
A block-attach alice-web alice-nothing xvdc
is "$hidden" "$(printf '%s' "$rc:$err" | sed 's/alice-nothing/bob-secret/')" \
    "another's volume cannot be attached, and reads as missing"
A block-attach bob-box alice-snap xvdb
like "$rc:$err" "^1:xlsh: Domain 'bob-box' does not exist.\$" \
    "nor may she give hers to another's domain"
A vol-delete --force alice-data
is "$rc" 1 "an attached volume cannot be deleted"
A vm-uninstall --force vm=alice-web
is "$rc" 1 "a running VM is not uninstalled"
A block-detach alice-web xvdc
is "$rc:$err" "1:xlsh: Error: Device xvdc not connected." \
    "block-detach of a disk it has not: xl's words"
A block-detach alice-web xvdb
is "$rc" 0 "block-detach alice-web xvdb"
A block-list alice-web
unlike "$out" '^51728 ' "xvdb is gone"
A block-attach alice-web alice-data xvdb
A shutdown -w alice-web
is "$rc" 0 "shutdown -w alice-web"
A vm-start vm=alice-web
A block-list alice-web
like "$out" '^51728 0 ' "a disk attached while it ran comes back at vm-start"

# vm-uninstall deletes the volumes attached to the VM that its owner
# owns, as xe's deletes its disks; another's attached volume stays.
ADM vol-create admin-disk 1g
ADM block-attach alice-web admin-disk xvdc
is "$rc" 0 "the administrator gives alice-web a volume of his"
A destroy alice-web
A vm-uninstall --force vm=alice-web
is "$rc" 0 "vm-uninstall --force vm=alice-web"
A vol-list
unlike "$out" 'alice-web-root|alice-data' "its volumes are gone with it"
ADM vol-list
like "$out" ' admin-disk ' "the administrator's stays his"
ADM vol-delete --force admin-disk
is "$rc" 0 "and, let go, may be deleted"

# create from the template: the root volume outlives the domain.
A create debian name=alice-tmp
is "$rc" 0 "create debian name=alice-tmp"
A shutdown -w alice-tmp
A vol-list
like "$out" ' alice-tmp-root ' "a guest that shut down leaves its volume, hers"
A vol-snapshot alice-tmp-root alice-tmp-copy
A vol-delete --force alice-tmp-copy
is "$rc" 0 "(a copy of it made and deleted)"
A vol-delete --force alice-tmp-root
is "$rc:$out" "0:Vol alice-tmp-root deleted" "and no VM has it any more: it may be deleted"
A create debian name=alice-tmp
is "$rc" 0 "create debian again"
A destroy alice-tmp
A vol-list
like "$out" ' alice-tmp-root ' "destroy leaves the guest's volume, hers"
A create debian name=alice-tmp
is "$rc" 0 "create it again"
A block-list alice-tmp
like "$out" '^51712 ' "and it finds its disk again"
A destroy alice-tmp

# A bridge the host does not permit.
mkdir -p "$T/tpl"
cp "$TEMPLATES"/*.cfg "$T/tpl/"
sed 's/xenbr0/xenbr9/' "$TEMPLATES/debian.cfg" >"$T/tpl/wild.cfg"
stop_helper
echo 'permit dom0 files admin as pool-admin' >"$T/policy.conf"
system_helper "$SOCK" --fail-delay 0 --templates "$T/tpl"
ADM create wild name=w1
is "$rc" 1 "a vif only on a permitted bridge"
like "$err" '^xlsh: bridge xenbr9 is not one this host permits \(xlshd --bridge\)$' \
    "saying so"
ADM list w1
is "$rc" 1 "and nothing was made"
stop_helper
system_helper "$SOCK" --fail-delay 0 --templates "$T/tpl" --bridge xenbr9
ADM create wild name=w1
is "$rc" 0 "with --bridge xenbr9 it is made"
# create -c needs console too: bob may create, not open consoles.
echo 'permit templates=tiny bob verb create' >>"$T/policy.conf"
stop_helper
system_helper "$SOCK" --fail-delay 0 --templates "$T/tpl" --bridge xenbr9
: >"$T/gate"
run "$RAW" "$SOCK" login bob bob-secret "$T/gate" create -c tiny name=b1
like "$out" '^7 permission denied: bob may create b1 but not open its console' \
    "create -c is refused to a member who may not open the console"
ADM list b1
is "$rc" 1 "and nothing is made"
ADM network-list w1
like "$out" '/backend/vif/' "with its vif"
ADM destroy w1

# The simulated host does not take devices from a file's disk= or vif=.
printf 'name = "fd"\nmemory = 128\ndisk = [ "phy:/dev/xlsh/x,xvda,w" ]\n' \
    >"$T/fd.cfg"
chmod 644 "$T/fd.cfg"
ADM create "$T/fd.cfg"
is "$rc" 1 "create FILE with disk= on the simulated host is refused"
like "$err" 'the simulated host does not take disk= or vif= from a file' \
    "saying how to give a guest a disk instead"
ADM list fd
is "$rc" 1 "and nothing was made"

# Without a thin pool, volumes take their whole size from the group.
stop_helper
system_helper "$SOCK" --fail-delay 0 --volume-group vg0 --state "$T/state2"
ADM vol-create big 90g
is "$rc" 0 "a 90 GiB classic volume in the 100 GiB group"
ADM vol-create more 20g
is "$rc:$err" '1:xlsh: Volume group "vg0" has insufficient free space (2048 extents): 5120 required.' \
    "then lvm's insufficient free space"
ADM vol-list
like "$out" '/dev/vg0/big' "paths name the configured group"

# The disk quota under concurrency: 16 sessions of alice at once, each
# making 4 GiB: with 20 GiB, exactly 5 are made.
stop_helper
{
	printf '%s\n' "$member_rule" | sed 's/:xlsh-members/alice/'
} >"$T/policy.conf"
system_helper "$SOCK" --fail-delay 0 --state "$T/state3"
rm -f "$T/gate"
pids=
i=0
while [ $i -lt 16 ]; do
	"$RAW" "$SOCK" login alice alice-secret "$T/gate" \
	    vol-create "alice-r$i" 4g >"$T/r.$i" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
sleep 1
: >"$T/gate"
# shellcheck disable=SC2086
wait $pids
is "$(cat "$T"/r.* | grep -c '^0 ')" 5 "16 at once: exactly 5 volumes of 4 GiB fit 20 GiB"
A quota
like "$out" '^disk +20480 MiB +20480 MiB$' "and the quota is full, not over"

# The options that name the pool and the bridges are checked.
run "$XLSHD" --sandbox -i --state "$T/s4" --volume-group 'bad/vg'
is "$rc:$err" "2:xlshd: --volume-group: 'bad/vg' is not a volume group's or pool's name" \
    "a volume group's name is checked"
run "$XLSHD" --sandbox -i --state "$T/s4" --thin-pool pool
is "$rc:$err" "2:xlshd: thin-pool needs volume-group" \
    "a thin pool needs its group"
run "$XLSHD" --sandbox -i --state "$T/s4" --bridge 'br;rm'
like "$rc:$err" "^2:xlshd: --bridge: 'br;rm' is not a bridge's name" \
    "a bridge's name is checked"

done_testing
