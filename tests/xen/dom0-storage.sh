# Sourced by dom0-test.sh, in its TAP stream: guests with a disk and a
# network through xlsh on a real Xen.  A volume group on a loop device
# with a thin pool, a base volume holding an ext4 root with a marker
# file, a bridge with a link-local address; then, through a helper of
# its own (--volume-group, --thin-pool, --bridge), a template's VM whose
# root volume is a snapshot of the base and whose vif is on the bridge:
# its console shows it mounted /dev/xvda, read the marker and reached
# dom0's address; block-list and network-list match xl's; the attached
# volume cannot be deleted; vm-uninstall takes the volume away.
# SPDX-License-Identifier: GPL-3.0-or-later

VG=xlshvg
BR=xlshbr0
SSOCK=/run/xstore.sock
SMARK='xlsh-store:'
STPL=$W/stpl

# The lvm of a host without udevd: it makes the device nodes itself.
mkdir -p /etc/lvm /run/lock/lvm
if ! grep -q 'udev_sync = 0' /etc/lvm/lvm.conf 2>/dev/null; then
	printf 'activation {\n\tudev_sync = 0\n\tudev_rules = 0\n}\n' \
	    >>/etc/lvm/lvm.conf
fi

# The guest's initramfs: busybox, the modules that read /dev/xvda as
# ext4 (in modprobe's order), and an init that mounts it and hands over
# to the volume's /init.  (Debian's own initrd is too big for a small
# guest.)
store_initramfs() {
	I=$W/sird
	mkdir -p "$I/bin" "$I/dev" "$I/proc" "$I/sys" "$I/newroot" "$I/lib"
	cp /bin/busybox "$I/bin/busybox"
	: >"$I/modules"
	for m in xen-blkfront ext4; do
		modprobe --show-depends "$m"
	done | awk '$1 == "insmod" { print $2 }' | while read -r ko; do
		grep -qx "$(basename "$ko")" "$I/modules" && continue
		cp "$ko" "$I/lib/" && basename "$ko" >>"$I/modules"
	done
	cat >"$I/init" <<'EOF'
#!/bin/busybox sh
b=/bin/busybox
$b mount -t proc proc /proc
$b mount -t devtmpfs devtmpfs /dev
for m in $($b cat /modules); do
	$b insmod "/lib/$m"
done
i=0
while [ ! -b /dev/xvda ] && [ $i -lt 30 ]; do
	$b sleep 1
	i=$((i + 1))
done
$b mount -t ext4 /dev/xvda /newroot || echo "xlsh-store: no /dev/xvda"
$b umount /proc
$b umount /dev
exec $b switch_root /newroot /init
EOF
	chmod 755 "$I/init"
	(cd "$I" && find . | busybox cpio -o -H newc 2>/dev/null) |
	    gzip -9 >/var/lib/xlsh-test/store-initramfs.gz
}

store_setup() {
	# No udev here: what it would load, loaded by hand.
	modprobe loop && modprobe dm_thin_pool && modprobe bridge &&
	modprobe xen-blkback && modprobe xen-netback &&
	truncate -s 768M /var/tmp/xlsh-vg.img &&
	loop=$(losetup -f --show /var/tmp/xlsh-vg.img) &&
	pvcreate -q "$loop" && vgcreate -q "$VG" "$loop" &&
	lvcreate -q -L 512M -T "$VG/pool" &&
	lvcreate -q -V 64M -T "$VG/pool" -n base &&
	mkfs.ext4 -q -L xlsh-base "/dev/$VG/base" &&
	mkdir -p /mnt/base && mount "/dev/$VG/base" /mnt/base || return 1
	mkdir -p /mnt/base/bin /mnt/base/proc /mnt/base/sys /mnt/base/dev \
	    /mnt/base/lib /mnt/base/tmp
	cp /bin/busybox /mnt/base/bin/busybox
	cp "/lib/modules/$(uname -r)/kernel/drivers/net/xen-netfront.ko" \
	    /mnt/base/lib/
	echo "marker-$$-$(date +%s)" >/mnt/base/marker
	cat >/mnt/base/init <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/hvc0 >/dev/hvc0 2>&1
b=/bin/busybox
echo "xlsh-store: root $($b grep ' / ' /proc/mounts | $b head -n 1)"
echo "xlsh-store: marker $($b cat /marker)"
$b insmod /lib/xen-netfront.ko
i=0
while ! $b ip link show eth0 >/dev/null 2>&1 && [ $i -lt 20 ]; do
	$b sleep 1
	i=$((i + 1))
done
$b ip addr add 169.254.0.2/16 dev eth0
$b ip link set eth0 up
if $b ping -c 3 -W 5 169.254.0.1 >/tmp/ping 2>&1; then
	echo "xlsh-store: ping 169.254.0.1 ok"
else
	echo "xlsh-store: ping 169.254.0.1 failed"
	$b cat /tmp/ping
fi
while :; do $b sleep 60; done
EOF
	chmod 755 /mnt/base/init
	umount /mnt/base
	store_initramfs
	ip link add "$BR" type bridge &&
	ip addr add 169.254.0.1/16 dev "$BR" &&
	ip link set "$BR" up
}

# The test's first helper was given no volume group: no pool.
x vol-list
is "$rc:$err" "1:xlsh: this host has no storage pool: xlshd was started without --volume-group" \
    "a helper without --volume-group says it has no pool"

if store_setup >"$W/store-setup.log" 2>&1; then
	pass "dom0: volume group $VG with a thin pool, a base volume, bridge $BR"
else
	fail "dom0: volume group $VG with a thin pool, a base volume, bridge $BR"
	sed 's/^/# /' "$W/store-setup.log"
fi
marker=$(mount "/dev/$VG/base" /mnt/base 2>/dev/null &&
    cat /mnt/base/marker; umount /mnt/base 2>/dev/null)

# The template: Debian's kernel, the initramfs above, root on xvda.
mkdir -p "$STPL"
cat >"$STPL/store.cfg" <<EOF
name = "store"
type = "pv"
kernel = "/var/lib/xlsh-test/guest-vmlinuz"
ramdisk = "/var/lib/xlsh-test/store-initramfs.gz"
extra = "console=hvc0"
memory = 192
vcpus = 1
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
xlsh_root = "base"
xlsh_root_size = "128m"
xlsh_bridge = "$BR"
EOF
"$XLSHD" --sandbox --backend "$BACKEND" --socket "$SSOCK" \
    --state "$W/sstate" --templates "$STPL" --volume-group "$VG" \
    --thin-pool pool --bridge "$BR" 2>"$W/xlshd-store.log" &
store_pid=$!
poll 10 test -S "$SSOCK"
s() { run "$XLSH" --connect "$SSOCK" -c "$*"; }

s vol-list --details
like "$out" "^ base +/dev/$VG/base +block +64\\.00 MiB " \
    "xlsh vol-list: the base volume, lvm's (libblockdev)"
unlike "$out" ' pool ' "not the thin pool itself"
s vm-install template=store new-name-label=xst
is "$rc" 0 "xlsh vm-install template=store new-name-label=xst"
[ "$rc" -eq 0 ] || diag "$err"
run lvs --noheadings -o lv_name,origin,lv_size --units m "$VG"
like "$out" 'xst-root +base +128\.00m' \
    "lvs: xst-root is a 128 MiB snapshot of base"
t=$(now)
s vm-start vm=xst
is "$rc" 0 "xlsh vm-start vm=xst"
if [ "$rc" -ne 0 ]; then
	diag "$err" "Xen's hotplug log:"
	tail -n 40 /var/log/xen/xen-hotplug.log 2>&1 | sed 's/^/# /'
	ls -l "/dev/$VG/" 2>&1 | sed 's/^/# /'
	lsmod | grep -E 'xen|dm_' | sed 's/^/# /'
	# What xl itself says of the same devices, at length.
	sed -e 's/^name = .*/name = "xref"/' -e '/^xlsh_/d' "$STPL/store.cfg" \
	    >"$W/ref.cfg"
	printf 'disk = [ "phy:/dev/%s/xst-root,xvda,w" ]\nvif = [ "bridge=%s" ]\n' \
	    "$VG" "$BR" >>"$W/ref.cfg"
	xl -vvv create "$W/ref.cfg" 2>&1 | grep -v ' debug: ' | tail -n 40 |
	    sed 's/^/# xl: /'
	xl destroy xref >/dev/null 2>&1
fi
SLOG=$CONSOLE_DIR/guest-xst.log
store_said() { grep -q "$SMARK $1" "$SLOG" 2>/dev/null; }
if poll "$BOOT_WAIT" store_said 'ping'; then
	pass "xst booted from its volume ($(since "$t") s)"
else
	fail "xst booted from its volume"
	tail -n 30 "$SLOG" 2>&1 | sed 's/^/# /'
fi
like "$(cat "$SLOG" 2>/dev/null)" "$SMARK root /dev/xvda / ext4 rw" \
    "its console: it mounted /dev/xvda as its root"
like "$(cat "$SLOG" 2>/dev/null)" "$SMARK marker $marker" \
    "and read the base's marker ($marker)"
like "$(cat "$SLOG" 2>/dev/null)" "$SMARK ping 169.254.0.1 ok" \
    "and reached dom0's address on $BR"
s block-list xst
run_x=$out
run xl block-list xst
same "$run_x" "$out" "xlsh block-list xst = xl block-list xst" xlsh xl
like "$run_x" '^51712 0 ' "xvda, 51712, served by dom0"
s network-list xst
run_x=$out
run xl network-list xst
same "$run_x" "$out" "xlsh network-list xst = xl network-list xst" xlsh xl
like "$run_x" '^0   0  00:16:3e:' "one vif, a MAC in Xen's range"
# A vif given to the running guest and taken back (xl's calls).
s network-attach xst bridge=$BR mac=00:16:3e:00:00:43
is "$rc:$out" "0:" "xlsh network-attach xst bridge=$BR mac=00:16:3e:00:00:43"
[ "$rc" -eq 0 ] || diag "$err"
s network-list xst
run_x=$out
run xl network-list xst
same "$run_x" "$out" "xlsh network-list xst = xl network-list xst, two vifs" \
    xlsh xl
like "$out" '^1 +0 +00:16:3e:00:00:43 ' "xl network-list: the new vif, devid 1"
s network-attach xst bridge=xlshnobr
is "$rc:$err" "1:xlsh: bridge xlshnobr is not one this host permits (xlshd --bridge)" \
    "a bridge the helper does not permit is refused"
s network-detach xst 00:16:3e:00:00:43
is "$rc" 0 "xlsh network-detach xst 00:16:3e:00:00:43"
[ "$rc" -eq 0 ] || diag "$err"
run xl network-list xst
unlike "$out" '00:16:3e:00:00:43' "xl network-list: the vif is gone"
s network-detach xst 7
is "$rc:$err" "1:xlsh: Unknown device 7." "network-detach of a vif xst lacks: xl's words"
# sysrq: xl's call; the guest's kernel answers on its console.
s sysrq xst s
is "$rc:$out:$err" "0::" "xlsh sysrq xst s: silent, as xl"
store_sysrq() { grep -q 'sysrq: .*Emergency Sync' "$SLOG" 2>/dev/null; }
if poll 20 store_sysrq; then
	pass "xst's console: sysrq: Emergency Sync"
else
	fail "xst's console: sysrq: Emergency Sync"
	tail -n 10 "$SLOG" 2>&1 | sed 's/^/# /'
fi
# A volume given to the running guest and taken back (xl's calls).
s vol-create xdata 16m
s block-attach xst xdata xvdb
is "$rc" 0 "xlsh block-attach xst xdata xvdb"
[ "$rc" -eq 0 ] || diag "$err"
run xl block-list xst
like "$out" '^51728 ' "xl block-list: xst has xvdb"
s block-detach xst xvdb
is "$rc" 0 "xlsh block-detach xst xvdb"
[ "$rc" -eq 0 ] || diag "$err"
run xl block-list xst
unlike "$out" '^51728 ' "xl block-list: xvdb is gone"
s vol-delete --force xdata
is "$rc" 0 "and the volume, let go, is deleted"
s vol-delete --force xst-root
is "$rc" 1 "vol-delete of xst's root volume is refused"
like "$err" 'attached to VM xst as xvda' "because xst has it"
s destroy xst
is "$rc" 0 "xlsh destroy xst"
s vm-uninstall --force vm=xst
is "$rc" 0 "xlsh vm-uninstall --force vm=xst"
[ "$rc" -eq 0 ] || diag "$err"
run lvs --noheadings -o lv_name "$VG"
unlike "$out" 'xst-root' "lvs: xst-root is gone"
like "$out" 'base' "the base stays"
# An administrator's own xl.cfg with disk= and vif=, as xl takes it.
cat >"$W/adm.cfg" <<EOF
name = "xad"
type = "pv"
kernel = "/var/lib/xlsh-test/guest-vmlinuz"
ramdisk = "/var/lib/xlsh-test/guest-initramfs.cpio.gz"
extra = "console=hvc0"
memory = 128
disk = [ "phy:/dev/$VG/base,xvdb,r" ]
vif = [ "bridge=$BR,mac=00:16:3e:00:00:42" ]
EOF
s create "$W/adm.cfg"
is "$rc" 0 "xlsh create FILE with disk= and vif= (files permitted)"
[ "$rc" -eq 0 ] || diag "$err"
s block-list xad
run_x=$out
run xl block-list xad
same "$run_x" "$out" "xlsh block-list xad = xl block-list xad" xlsh xl
like "$run_x" '^51728 0 ' "its disk is xvdb"
s network-list xad
run_x=$out
run xl network-list xad
same "$run_x" "$out" "xlsh network-list xad = xl network-list xad" xlsh xl
like "$run_x" '00:16:3e:00:00:42' "with the file's MAC"
s destroy xad
is "$rc" 0 "xlsh destroy xad"
kill "$store_pid" 2>/dev/null
wait "$store_pid" 2>/dev/null
if [ "$tap_failed" -ne 0 ]; then
	diag "the storage helper's log:"
	sed 's/^/#   /' "$W/xlshd-store.log"
fi
