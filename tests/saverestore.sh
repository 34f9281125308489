#!/bin/sh
# save, restore, images and image-delete on the simulated host, in
# system mode under the shipped member rule: xl's words and virsh's
# table exactly, a round trip that keeps the name, uuid, owner and
# memory, the image kept after a restore and restored again once its
# VM's record has gone, the refusals (a path for a name, another
# member's image or domain, a name not hers, a name in use, the images=
# and disk= quotas, an operator), completion, a helper's restart, and
# Ctrl-C during a save's wait at a terminal, and a VM's devices kept.
# SPDX-License-Identifier: GPL-3.0-or-later

. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

RAW=$top_builddir/tests/rawreq
pam_members alice:alice-secret bob:bob-secret carol:carol-secret \
    admin:admin-secret

member_rule=$(shipped_member_rule)
case $member_rule in
*' disk=20 images=3 '*)
	pass "the shipped member rule has images=3 and disk=20" ;;
*) fail "the shipped member rule has images=3 and disk=20: $member_rule" ;;
esac
shipped_policy alice bob <<'EOF'
permit carol as vm-operator
EOF

SOCK=$T/xlshd.sock
system_helper "$SOCK" --fail-delay 0

A() { as alice alice-secret "$@"; }
B() { as bob bob-secret "$@"; }
C() { as carol carol-secret "$@"; }
ADM() { as admin admin-secret "$@"; }
# The images table with its times made TIME (their width is fixed).
untimed() { printf '%s\n' "$out" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/TIME/'; }
files() { ls "$T/state/images" 2>/dev/null | wc -l | tr -d ' '; }

A create tiny name=alice-web
is "$rc" 0 "alice creates alice-web"
A vm-param-get vm=alice-web param-name=uuid
uuid=$out
A mem-set alice-web 100
A list alice-web
like "$(row alice-web)" '^alice-web +[0-9]+ +100 +1 ' "with 100 MiB"

# save: xl's line, the domain gone, the VM suspended, the image hers.
A save alice-web alice-1
is "$rc" 0 "save alice-web alice-1"
is "$out" "" "save prints nothing on standard output"
is "$err" "Saving to alice-1 new xl format (info 0x3/0x0/245)" \
    "and xl's line on standard error"
A list alice-web
is "$rc" 1 "the domain is gone"
is "$err" "xlsh: Domain 'alice-web' does not exist." "in xl's words"
A vm-list
like "$out" 'power-state \( RO\): suspended' "vm-list shows the VM suspended"
A vm-param-get vm=alice-web param-name=owner
is "$out" "alice" "its record kept, hers"
is "$(files)" 1 "one file in the images directory"
is "$(stat -c %a "$T/state/images")" 700 "which is the helper's alone"
is "$(stat -c %a "$T/state/images/"*.save)" 600 "and so is the image"
A images
is "$(untimed)" "$(printf ' Name      Domain      Owner   Size         Saved\n-----------------------------------------------------------------\n alice-1   alice-web   alice   100.00 MiB   TIME')" \
    "images: virsh's table of hers"
A quota
like "$out" '^disk +101 MiB +20480 MiB$' "quota: the image counts in disk="
like "$out" '^images +1 +3$' "and in images="
A vm-start vm=alice-web
is "$rc" 1 "vm-start refuses a suspended VM"
A create tiny name=alice-web
is "$err" "Parsing config from tiny
xlsh: A VM named alice-web exists, saved (restore one of its images to run it; images lists them)." \
    "and its name is still taken"

# restore: xl's lines, the same name, uuid, owner and memory.
A restore alice-1
is "$rc" 0 "restore alice-1"
is "$err" "$(printf 'Loading new save file alice-1 (new xl fmt info 0x3/0x0/245)\n Savefile contains xl domain config in JSON format\nParsing config from <saved>')" \
    "in xl's words"
A list alice-web
like "$(row alice-web)" '^alice-web +[0-9]+ +100 +1 +-?[rb-]' "alice-web runs again, 100 MiB"
A vm-param-get vm=alice-web param-name=uuid
is "$out" "$uuid" "with its uuid"
A vm-param-get vm=alice-web param-name=owner
is "$out" "alice" "and its owner"
A vm-param-get vm=alice-web param-name=power-state
is "$out" "running" "running"
A images
like "$out" '^ alice-1 ' "the image is kept, as xl keeps its file"
A restore alice-1
is "$rc" 1 "restoring it while the domain runs is refused"
is "$err" "$(printf 'Loading new save file alice-1 (new xl fmt info 0x3/0x0/245)\n Savefile contains xl domain config in JSON format\nParsing config from <saved>\nxlsh: Domain with name "alice-web" already exists.')" \
    "the name is in use"

# Names are names, never paths; nothing is written.
for bad in "$T/x" ../x images/x; do
	A save alice-web "$bad"
	is "$rc:$err" "2:xlsh: save: '$bad' is a path: images are kept by the helper and named, never placed (give a name such as web-1; images lists yours)" \
	    "save alice-web $bad is refused"
done
A save alice-web .x
is "$err" "xlsh: save: '.x' is not a valid image name (a letter or digit, then letters, digits, '.', '_' or '-', at most 64)" \
    "a name beginning with a dot is not a name"
A restore /etc/passwd
is "$rc" 2 "restore takes no path either"
: >"$T/gate"
run "$RAW" "$SOCK" login alice alice-secret "$T/gate" save alice-web ../../x
like "$out" "^2 save: '../../x' is a path" "a client of its own gets the same from the helper"
is "$(files)" 1 "nothing was written"
[ ! -e "$T/x" ] && pass "no file outside either" || fail "no file outside either"
A list alice-web
is "$rc" 0 "and alice-web still runs"
A save alice-web web-1
is "$err" "xlsh: permission denied: alice may not name a saved image web-1: the names permitted are alice-*" \
    "an image's name must be among hers"
A save alice-web alice-1
is "$err" "xlsh: an image named alice-1 already exists (image-delete deletes it)" \
    "an image's name is taken once"

# Another member's image and domain read as none; an operator may not.
B images
is "$out" "$(printf ' Name   Domain   Owner   Size   Saved\n---------------------------------------')" \
    "bob sees no image of alice's"
B restore alice-1
is "$rc:$err" "1:xlsh: no saved image named 'alice-1' (images lists yours)" \
    "bob may not restore alice's image: it is not there for him"
B image-delete --force alice-1
is "$err" "xlsh: no saved image named 'alice-1' (images lists yours)" "nor delete it"
B save alice-web bob-1
is "$err" "xlsh: Domain 'alice-web' does not exist." "nor save her domain"
printf '%s\n' bob-secret >"$T/in"
run "$XLSH" --connect "$SOCK" -l bob --complete 'restore ' <"$T/in"
is "$out" "" "completion offers bob none of hers"
printf '%s\n' alice-secret >"$T/in"
run "$XLSH" --connect "$SOCK" -l alice --complete 'restore al' <"$T/in"
is "$out" "alice-1" "and alice her own"
C save alice-web carol-1
is "$rc:$err" "1:xlsh: permission denied: save alice-web: no rule permits it" \
    "an operator may not save"
C images
like "$out" '^ alice-1 ' "but may see the images, as every domain"
C restore alice-1
like "$err" '^xlsh: permission denied: restore alice-1: no rule permits it' \
    "nor restore"
ADM save Domain-0 admin-0
is "$err" "xlsh: Domain-0 cannot be saved" "Domain-0 is never saved"
is "$(files)" 1 "and no file is left of it"

# The images= quota: three images, not four; the domain runs on.
A save alice-web alice-2 && A restore alice-2
A save alice-web alice-3 && A restore alice-3
A images
is "$(untimed | wc -l)" 5 "three images of alice's"
A save alice-web alice-4
is "$rc:$err" "1:xlsh: quota exceeded: alice may have 3 saved images and has 3 (image-delete deletes one)" \
    "a fourth is over images="
A list alice-web
is "$rc" 0 "and alice-web runs on"

# image-delete: asked for, then done; the file goes.
A image-delete alice-3
is "$rc" 1 "with -c, image-delete needs --force"
like "$err" 'add --force' "and says so"
A image-delete --force alice-3
is "$rc:$out" "0:Image alice-3 deleted" "image-delete --force alice-3"
is "$(files)" 2 "its file is gone"

# The disk= quota counts images' sizes with the volumes'.
A vol-create alice-big 20200m
is "$rc" 0 "a volume of 20200 MiB (two images of 100 MiB and a little beside it)"
A save alice-web alice-3
is "$err" "xlsh: quota exceeded: alice may have 20 GiB of volumes and images and has 20401 MiB; this would make it 20502 MiB" \
    "an image that would pass disk= is refused"
A vol-delete --force alice-big

# save -c, a checkpoint: the domain runs on; -p: it is left paused.
A save -c alice-web alice-3
is "$rc:$err" "0:Saving to alice-3 new xl format (info 0x3/0x0/245)" "save -c alice-web alice-3"
A list alice-web
like "$(row alice-web)" '^alice-web +[0-9]+ +100 +1 +[-r][-b]-' "alice-web runs on, unpaused"
A vm-param-get vm=alice-web param-name=power-state
is "$out" "running" "and is not suspended"
A image-delete --force alice-3
A save -p alice-web alice-3
is "$rc" 0 "save -p alice-web alice-3"
A list alice-web
like "$(row alice-web)" '^alice-web +[0-9]+ +100 +1 +[-r][-b]p' "alice-web is left paused"
A unpause alice-web
A image-delete --force alice-3

# A create'd VM restored, destroyed (its record goes), restored again.
A destroy alice-web
A vm-param-get vm=alice-web param-name=uuid
is "$rc" 1 "a destroyed create'd VM has no record"
A restore alice-1
is "$rc" 0 "its image restores it all the same"
A vm-param-get vm=alice-web param-name=uuid
is "$out" "$uuid" "with its uuid"
A vm-param-get vm=alice-web param-name=owner
is "$out" "alice" "and alice its owner again"

# An installed VM: suspended, and vm-uninstall waits for its image.
A vm-install template=small new-name-label=alice-db
A vm-start vm=alice-db
A image-delete --force alice-2
A save alice-db alice-db-1
is "$rc" 0 "an installed VM is saved"
A vm-uninstall --force vm=alice-db
is "$err" "xlsh: VM alice-db is suspended: restore it, or delete its images (image-delete), first" \
    "vm-uninstall refuses it while suspended"
A image-delete --force alice-db-1
A vm-param-get vm=alice-db param-name=power-state
is "$out" "halted" "its last image deleted, it is halted, its record kept"

# The administrator sees every image, and restores alice's as hers.
A save alice-web alice-2
ADM images
like "$(untimed)" '^ alice-2 +alice-web +alice +100\.00 MiB +TIME$' "admin sees alice's images"
ADM restore alice-2
is "$rc" 0 "admin restores alice's image"
A vm-param-get vm=alice-web param-name=owner
is "$out" "alice" "and it is still alice's VM"

# A restart of the helper keeps the images.
A save alice-web alice-3
stop_helper
system_helper "$SOCK" --fail-delay 0
A images
is "$(untimed | awk 'NR > 2 { print $1 }' | tr '\n' ' ')" "alice-1 alice-2 alice-3 " \
    "after a restart, the images are there"
A restore alice-3
is "$rc" 0 "and restore"
A list alice-web
like "$(row alice-web)" '^alice-web +[0-9]+ +100 ' "alice-web, 100 MiB, again"

# The audit log has each, permitted or not.
like "$(grep -c '"verb":"save"' "$T/audit.log")" '^[1-9]' "save is audited"
like "$(grep '"verb":"restore"' "$T/audit.log" | grep -c deny)" '^[1-9]' \
    "refused restores too"

# In the sandbox: Ctrl-C stops the wait, not the save (4 GiB, 4 s).
command -v tmux >/dev/null 2>&1 || { fail "tmux is needed"; done_testing; exit 1; }
cat >"$T/big.cfg" <<'EOF'
name = "big"
type = "pvh"
memory = 4096
vcpus = 1
EOF
x create "$T/big.cfg"
is "$rc" 0 "a sandbox domain of 4 GiB"
tm new-session -d -x 100 -y 20 "env XDG_STATE_HOME='$XDG_STATE_HOME' HOME='$HOME' TERM=xterm '$XLSH' --sandbox"
wait_screen '@sandbox> $'
tm send-keys -t 0 'save big big-1' Enter
wait_screen '\[[0-9]+ s; Ctrl-C stops waiting\]'
like "$(screen)" '\[[0-9]+ s; Ctrl-C stops waiting\]' "a long save shows its progress at a terminal"
tm send-keys -t 0 C-c
wait_screen 'interrupted: stopped waiting'
like "$(screen)" 'xlsh: interrupted: stopped waiting; the save of big into big-1 goes on' \
    "Ctrl-C stops the wait with a clear line"
wait_last '@sandbox> $'
like "$(last)" '@sandbox> $' "and the prompt comes back"
tm send-keys -t 0 'images' Enter
wait_screen '^ big-1 '
like "$(screen)" ' big-1 +big +[a-z0-9_-]+ +4\.00 GiB ' "the save went on and made its image"
x list big
is "$rc" 1 "and the domain is gone, saved"
x restore big-1
is "$rc" 0 "restore big-1"
x list big
like "$(row big)" '^big +[0-9]+ +4096 ' "big runs again with its 4 GiB"

# A VM's disk and interface go into the image and come back with it;
# while it is saved its volume stays its own.
x vm-install template=debian new-name-label=d1
x vm-start vm=d1
x network-list d1
mac=$(printf '%s\n' "$out" | awk 'NR == 2 { print $3 }')
x save d1 d1-img
is "$rc" 0 "save d1, a VM with a root volume and a vif"
x vol-delete --force d1-root
is "$rc:$err" "1:xlsh: volume d1-root is attached to VM d1 as xvda: detach it first (block-detach), or vm-uninstall the VM" \
    "its volume may not be deleted while it is saved"
x restore d1-img
is "$rc" 0 "restore d1-img"
x block-list d1
like "$out" '^51712 ' "d1 has its disk xvda again"
x network-list d1
like "$out" "^0 +0 +$mac " "and its interface, with its MAC"

done_testing
