#!/bin/sh
# Build (or find up to date) the real-Xen test bed's boot files in a
# cache directory outside the source tree:
#
#   xen.elf                  Xen 4.17 from Debian, gunzipped: an ELF32
#                            multiboot image that QEMU's -kernel loads
#   dom0-vmlinuz, dom0-initrd.img
#                            Debian's kernel and its initramfs for dom0
#   dom0.img                 ext4 root of a debootstrapped bookworm with
#                            xen-utils-4.17, the runtime libraries of
#                            xlsh and xlshd, and the guest's boot files
#                            in /opt/xlsh-guest
#   guest-vmlinuz, guest-initramfs.cpio.gz
#                            copies of those guest files, for reference
#   image.sha256             the hash of this script the files were
#                            built by
#
# The files are rebuilt only when one is missing or this script changed.
# Runs as root (debootstrap, chroot, mknod).  Environment:
#   XLSH_XEN_CACHE           the cache directory (/var/cache/xlsh-xen)
#   XLSH_XEN_MIRROR          Debian mirror (default: the machine's own)
#   XLSH_XEN_SECURITY_MIRROR Debian security mirror (likewise)
#   XLSH_XEN_REBUILD=1       rebuild even when up to date
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

CACHE=${XLSH_XEN_CACHE:-/var/cache/xlsh-xen}
SUITE=bookworm
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
OUTPUTS="xen.elf dom0-vmlinuz dom0-initrd.img dom0.img guest-vmlinuz
guest-initramfs.cpio.gz"

# Packages of dom0: Xen and its tools, the kernel (which also boots the
# guest), busybox for poweroff -f and the guest's initramfs, and what
# xlsh and xlshd link besides libxen (xen-utils brings that); for the
# storage pool and the guests' network, lvm with thin pools, ext4 for
# the base volume and iproute2 for the bridge (and Xen's vif-bridge).
DOM0_PACKAGES="linux-image-amd64 initramfs-tools kmod udev
xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common xenstore-utils
busybox-static libreadline8 libyajl2 libpam0g libmd0 libpam-wrapper
libblockdev-lvm2 lvm2 thin-provisioning-tools e2fsprogs iproute2"

say() { printf 'build-image: %s\n' "$*"; }
die() { printf 'build-image: %s\n' "$*" >&2; exit 1; }

T0=$(date +%s)
elapsed() { echo "$(($(date +%s) - T0)) s"; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap and chroot)"

want_hash=$(sha256sum <"$SELF" | cut -d' ' -f1)

up_to_date() {
	[ "${XLSH_XEN_REBUILD:-0}" = 1 ] && return 1
	[ -f "$CACHE/image.sha256" ] || return 1
	[ "$(cat "$CACHE/image.sha256")" = "$want_hash" ] || return 1
	for f in $OUTPUTS; do
		[ -s "$CACHE/$f" ] || return 1
	done
	return 0
}

mkdir -p "$CACHE"
# One build at a time; a second caller waits and then finds it done.
exec 9>"$CACHE/.lock"
flock 9

if up_to_date; then
	say "up to date in $CACHE (script hash ${want_hash%"${want_hash#????????????}"})"
	exit 0
fi
say "building into $CACHE"

# Host tools, installed when missing (a fresh Debian 12 has none).
need=
command -v debootstrap >/dev/null 2>&1 || need="$need debootstrap"
command -v mkfs.ext4 >/dev/null 2>&1 || need="$need e2fsprogs"
command -v cpio >/dev/null 2>&1 || need="$need cpio"
command -v qemu-system-x86_64 >/dev/null 2>&1 || need="$need qemu-system-x86"
if [ -n "$need" ]; then
	say "installing host tools:$need"
	apt-get update -q
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends $need
	say "host tools installed ($(elapsed))"
fi

# The URI of the machine's configured Debian source that carries SUITE:
# the deb822 file first, then the one-line format.
mirror_for() {
	uri=
	f=/etc/apt/sources.list.d/debian.sources
	if [ -r "$f" ]; then
		uri=$(awk -v want="$1" '
			function flush() {
				if (!done && ok && u != "") { print u; done = 1 }
				u = ""; ok = 0
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			tolower($1) == "uris:" { u = $2 }
			tolower($1) == "suites:" {
				for (i = 2; i <= NF; i++) if ($i == want) ok = 1
			}
			END { flush() }' "$f")
	fi
	if [ -z "$uri" ]; then
		uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		    2>/dev/null | awk -v want="$1" '
			$1 != "deb" { next }
			{ i = 2; if ($i ~ /^\[/) while ($i !~ /\]$/) i++;
			  if ($i ~ /^\[/ || $i ~ /\]$/) i++ }
			$(i + 1) == want { print $i; exit }')
	fi
	printf '%s\n' "$uri"
}

MIRROR=${XLSH_XEN_MIRROR:-$(mirror_for "$SUITE")}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=${XLSH_XEN_SECURITY_MIRROR:-$(mirror_for "$SUITE-security")}
SECURITY=${SECURITY:-http://deb.debian.org/debian-security}
say "mirror $MIRROR, security $SECURITY"

B=$(mktemp -d "$CACHE/build.XXXXXX")
R=$B/rootfs
mounted=
cleanup() {
	for m in $mounted; do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	# Never delete through a mount that is still there (/dev is bound).
	for m in $mounted; do
		if mountpoint -q "$m"; then
			echo "build-image: $m still mounted; leaving $B" >&2
			return
		fi
	done
	rm -rf --one-file-system "$B"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

say "debootstrap $SUITE (minbase)"
t=$(date +%s)
debootstrap --variant=minbase "$SUITE" "$R" "$MIRROR" >"$B/debootstrap.log" 2>&1 || {
	tail -n 30 "$B/debootstrap.log" >&2
	die "debootstrap failed"
}
say "debootstrap done in $(($(date +%s) - t)) s"

cat >"$R/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY $SUITE-security main
EOF
# No service starts inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
chmod 755 "$R/usr/sbin/policy-rc.d"

mount -t proc proc "$R/proc" || die "cannot mount proc in the chroot"
mounted="$R/proc"
mount -t sysfs sysfs "$R/sys" || die "cannot mount sysfs in the chroot"
mounted="$R/sys $mounted"
mount --bind /dev "$R/dev" || die "cannot bind /dev into the chroot"
mounted="$R/dev $mounted"

say "installing dom0 packages"
t=$(date +%s)
# One line: the list goes into a command string.
# shellcheck disable=SC2086,SC2116
packages=$(echo $DOM0_PACKAGES)
if ! chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive LC_ALL=C sh -c "
	apt-get update -q &&
	apt-get install -y -q --no-install-recommends $packages &&
	apt-get clean" >"$B/packages.log" 2>&1; then
	tail -n 30 "$B/packages.log" >&2
	die "installing packages in the chroot failed"
fi
say "packages installed in $(($(date +%s) - t)) s"

for m in $mounted; do umount "$m"; done
mounted=
rm -f "$R/usr/sbin/policy-rc.d"
rm -rf "$R/var/lib/apt/lists/"* "$R/var/cache/apt/"*.bin

kver=$(ls "$R/lib/modules" | sort -V | tail -n 1)
[ -f "$R/boot/vmlinuz-$kver" ] || die "no kernel in the image"
[ -f "$R/boot/initrd.img-$kver" ] || die "no initrd for $kver in the image"
xengz=$(ls "$R"/boot/xen-4.17*-amd64.gz 2>/dev/null | head -n 1)
[ -n "$xengz" ] || die "no /boot/xen-4.17-amd64.gz in the image"

# The guest: the same kernel, and a busybox initramfs whose init says
# it is up on its console (hvc0), answers "xlsh-guest: heard LINE" to
# each LINE typed there, and brings hot-added vcpus online.  Xen's shutdown request
# makes the kernel run /sbin/poweroff, which powers off at once.
say "guest initramfs"
G=$B/guest
mkdir -p "$G/bin" "$G/sbin" "$G/dev" "$G/proc" "$G/sys" "$G/tmp"
cp "$R/bin/busybox" "$G/bin/busybox"
for a in sh mount echo sleep cat mkdir ls uname; do
	ln -s busybox "$G/bin/$a"
done
for a in poweroff reboot halt; do
	printf '#!/bin/busybox sh\nexec /bin/busybox %s -f\n' "$a" >"$G/sbin/$a"
	chmod 755 "$G/sbin/$a"
done
mknod "$G/dev/console" c 5 1
cat >"$G/init" <<'EOF'
#!/bin/busybox sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
echo "xlsh-guest: up ($(uname -r))"
# A vcpu that Xen adds (xl vcpu-set) is only made present; bring it
# online, as udev would.
while :; do
	for f in /sys/devices/system/cpu/cpu[0-9]*/online; do
		[ -f "$f" ] && [ "$(cat "$f")" = 0 ] && echo 1 >"$f"
	done
	sleep 1
done &
# Answer each line typed on the console, so that a test sees its input
# arrive.
while :; do
	while read -r line; do
		echo "xlsh-guest: heard $line"
	done
	sleep 1
done
EOF
chmod 755 "$G/init"
(cd "$G" && find . | cpio -o -H newc --quiet) | gzip -9 >"$B/guest-initramfs.cpio.gz"
mkdir -p "$R/opt/xlsh-guest"
cp "$R/boot/vmlinuz-$kver" "$R/opt/xlsh-guest/vmlinuz"
cp "$B/guest-initramfs.cpio.gz" "$R/opt/xlsh-guest/initramfs.cpio.gz"

# dom0's first process: mount the 9p share and hand over to the test
# bed's init on it (tests/xen/dom0-init), so that editing that script
# needs no new image.
cat >"$R/sbin/xlsh-boot" <<'EOF'
#!/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
echo "xlsh-boot: mounting the 9p share"
modprobe 9pnet_virtio && modprobe 9p && mkdir -p /xlsh &&
    mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 xlsh /xlsh &&
    [ -f /xlsh/dom0-init ] && exec /bin/sh /xlsh/dom0-init
echo "xlsh-boot: no share or no /xlsh/dom0-init; powering off"
sync
exec busybox poweroff -f
EOF
chmod 755 "$R/sbin/xlsh-boot"
echo xlsh-dom0 >"$R/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\txlsh-dom0\n' >"$R/etc/hosts"
: >"$R/etc/fstab"

{
	echo "kernel $kver"
	echo "xen $(basename "$xengz")"
	chroot "$R" dpkg-query -W -f '${Package} ${Version}\n' \
	    xen-hypervisor-4.17-amd64 xen-utils-4.17 linux-image-amd64
} >"$B/versions.txt"

say "ext4 image"
t=$(date +%s)
mb=$(du -sm "$R" | cut -f1)
size=$((mb + mb / 4 + 256))
rm -f "$B/dom0.img"
mkfs.ext4 -q -L xlsh-dom0 -d "$R" "$B/dom0.img" "${size}M"
say "image of ${size} MiB made in $(($(date +%s) - t)) s"

cp "$R/boot/vmlinuz-$kver" "$B/dom0-vmlinuz"
cp "$R/boot/initrd.img-$kver" "$B/dom0-initrd.img"
cp "$R/boot/vmlinuz-$kver" "$B/guest-vmlinuz"
gunzip -c "$xengz" >"$B/xen.elf"

# Into place; the hash last, so that an interrupted build is redone.
rm -f "$CACHE/image.sha256"
for f in $OUTPUTS versions.txt; do
	mv -f "$B/$f" "$CACHE/$f"
done
cat "$B/debootstrap.log" "$B/packages.log" >"$CACHE/build.log"
echo "$want_hash" >"$CACHE/image.sha256"
sed 's/^/build-image:   /' "$CACHE/versions.txt"
say "done in $(elapsed)"
