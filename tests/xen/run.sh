#!/bin/sh
# The real-Xen test bed: boot Xen 4.17 and a Debian dom0 under QEMU's TCG
# emulation with the freshly built xlsh, xlshd and its libxl backend's
# module and tests/xen/dom0-test.sh on a 9p share, and exit with the
# status the test left there.
# `make check-xen` runs it; it is not part of `make check`.
#
# Measured on the CI kind of machine (Debian 12, 2 vCPUs, 24 GB; TCG, as
# /dev/kvm is PVM), Xen 4.17.7, dom0 and guest kernel 6.1:
#   image build from scratch (build-image.sh)     ~100 s: debootstrap ~33,
#       packages ~58, mkfs ~4; the host tools' first install adds ~11 s
#   QEMU start to xl ready in dom0                ~30-38 s (dom0's own
#       uptime at that point: ~25 s)
#   xl create to the guest's "xlsh-guest: up"     ~16-21 s
#   whole run, image cached, --backend libxl      ~180 s (4 guest boots)
#   whole run, image cached, --backend sim        ~110-120 s (2 guest boots)
#   QEMU peak RSS                                 ~2.45 GB (3.3 GB without
#       tb-size=256)
#
# Environment:
#   top_srcdir, top_builddir  the trees (default: two levels up from here)
#   XLSH_XEN_BACKEND     xlshd's backend in dom0 (libxl); sim runs the xlsh
#                        half against the simulator and skips the checks
#                        that need xlshd to act on Xen
#   XLSH_XEN_CACHE       the image cache (/var/cache/xlsh-xen)
#   XLSH_XEN_TIMEOUT     seconds before QEMU is killed (900)
#   XLSH_XEN_LOGDIR      where serial.log and dom0-test.log are kept
#                        ($top_builddir/tests/xen)
#   XLSH_XEN_QUIET=1     do not echo the serial console
#   XLSH_XEN_ACCEL       QEMU's -accel (tcg,thread=multi,tb-size=256)
#   XLSH_XEN_CPU         QEMU's -cpu (Westmere; see CPU below)
#   XLSH_XEN_STORAGE=0   leave out dom0-storage.sh (guests with a disk
#                        and a network)
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
CACHE=${XLSH_XEN_CACHE:-/var/cache/xlsh-xen}
export XLSH_XEN_CACHE="$CACHE"
TIMEOUT=${XLSH_XEN_TIMEOUT:-900}
BACKEND=${XLSH_XEN_BACKEND:-libxl}
LOGDIR=${XLSH_XEN_LOGDIR:-$top_builddir/tests/xen}
# TCG's translation cache defaults to 1 GiB; 256 MiB costs no time here
# and keeps QEMU's peak RSS near 2.5 GB instead of 3.3.
ACCEL=${XLSH_XEN_ACCEL:-tcg,thread=multi,tb-size=256}
# With -cpu max (all TCG emulates, AVX and XSAVE among it) dom0's
# programs were seen to die or hang now and then (xlshd, xlsh and xl
# alike, never on the host) and blkback never connected a guest's disk;
# Westmere, which has neither, ran the whole test, storage included.
CPU=${XLSH_XEN_CPU:-Westmere}

say() { printf 'check-xen: %s\n' "$*"; }
die() { printf 'check-xen: %s\n' "$*" >&2; exit 1; }
T0=$(date +%s)
elapsed() { echo $(($(date +%s) - T0)); }

[ "$(id -u)" -eq 0 ] || die "must run as root (image build, QEMU)"
case $CACHE in
*,* | *" "*) die "XLSH_XEN_CACHE may hold no comma or blank: $CACHE" ;;
esac
for f in src/xlsh src/xlshd src/libxl/backend-libxl.so; do
	[ -f "$top_builddir/$f" ] || die "no $top_builddir/$f: run make first"
done

mkdir -p "$LOGDIR"
# One run per tree at a time: they would share serial.log.
exec 8>"$LOGDIR/.check-xen.lock"
flock -n 8 || die "another check-xen is running here ($LOGDIR)"

sh "$here/build-image.sh" 8>&- || die "the image build failed"
t_image=$(elapsed)
for f in xen.elf dom0-vmlinuz dom0-initrd.img dom0.img; do
	[ -s "$CACHE/$f" ] || die "no $CACHE/$f after the image build"
done

W=$(mktemp -d "${TMPDIR:-/tmp}/xlsh-xen.XXXXXX")
S=$W/share
LOG=$LOGDIR/serial.log
mkdir -p "$S/bin" "$S/templates" "$LOGDIR"
qemu_wrapper=
tail_pid=
hwm_pid=

cleanup() {
	# QEMU runs under timeout(1): end both, then anything left.
	if [ -n "$qemu_wrapper" ] && kill -0 "$qemu_wrapper" 2>/dev/null; then
		kill "$qemu_wrapper" 2>/dev/null
	fi
	if [ -s "$W/qemu.pid" ]; then
		qpid=$(cat "$W/qemu.pid")
		if kill -0 "$qpid" 2>/dev/null &&
		    grep -q qemu "/proc/$qpid/cmdline" 2>/dev/null; then
			kill "$qpid" 2>/dev/null
			sleep 1
			kill -9 "$qpid" 2>/dev/null
		fi
	fi
	[ -n "$hwm_pid" ] && kill "$hwm_pid" 2>/dev/null
	[ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The share: the binaries (and the libxl backend's module), the
# templates, the test and its init, the guest's config, the backend to
# use.
cp "$top_builddir/src/xlsh" "$top_builddir/src/xlshd" \
    "$top_builddir/src/libxl/backend-libxl.so" "$S/bin/"
cp "$top_srcdir/etc/templates/"*.cfg "$S/templates/"
cp "$here/dom0-init" "$here/dom0-test.sh" "$here/dom0-storage.sh" \
    "$here/guest.cfg" "$S/"
echo "$BACKEND" >"$S/backend"
echo "${XLSH_XEN_STORAGE:-1}" >"$S/storage"

# dom0's kernel arguments travel inside a multiboot module string, where
# commas separate modules: none may contain one.
DOM0_ARGS="root=/dev/vda rw console=hvc0 init=/sbin/xlsh-boot"
XEN_ARGS="dom0_mem=1024M,max:1024M dom0_max_vcpus=2 console=com1 com1=115200,8n1 smap=0"

: >"$LOG"
say "booting Xen (backend $BACKEND, timeout $TIMEOUT s, log $LOG)"
t_qemu=$(elapsed)
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 \
    -accel "$ACCEL" -cpu "$CPU" -m 2048 -smp 2 \
    -kernel "$CACHE/xen.elf" -append "$XEN_ARGS" \
    -initrd "$CACHE/dom0-vmlinuz $DOM0_ARGS,$CACHE/dom0-initrd.img" \
    -drive "file=$CACHE/dom0.img,if=virtio,format=raw,snapshot=on" \
    -virtfs "local,path=$S,mount_tag=xlsh,security_model=none" \
    -nic none -display none -monitor none -no-reboot \
    -serial "file:$LOG" -pidfile "$W/qemu.pid" \
    </dev/null >"$W/qemu.out" 2>&1 &
qemu_wrapper=$!

# QEMU's high-water mark of resident memory, read while it runs.
(
	while [ ! -s "$W/qemu.pid" ] && kill -0 "$qemu_wrapper" 2>/dev/null; do
		sleep 1
	done
	qpid=$(cat "$W/qemu.pid" 2>/dev/null)
	while [ -n "$qpid" ] && [ -r "/proc/$qpid/status" ]; do
		awk '$1 == "VmHWM:" { print $2 }' "/proc/$qpid/status" \
		    >"$W/hwm.new" 2>/dev/null && [ -s "$W/hwm.new" ] &&
		    mv "$W/hwm.new" "$W/hwm"
		sleep 2
	done
) &
hwm_pid=$!

# The console, as it comes: echoed with a prefix, and the moment xl
# answers in dom0 noted.
(
	cr=$(printf '\r')
	tail -n +1 -f --pid="$qemu_wrapper" "$LOG" 2>/dev/null |
	    while IFS= read -r line; do
		line=${line%"$cr"}
		[ "${XLSH_XEN_QUIET:-0}" = 1 ] || printf 'xen| %s\n' "$line"
		case $line in
		*"xlsh-dom0: xl ready"*)
			echo $(($(date +%s) - T0)) >"$W/t_ready" ;;
		esac
	done
) &
tail_pid=$!

wait "$qemu_wrapper"
qrc=$?
qemu_wrapper=
t_end=$(elapsed)
# tail --pid ends by itself once QEMU has gone.
wait "$tail_pid"
tail_pid=

if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	say "QEMU killed after $TIMEOUT s"
elif [ "$qrc" -ne 0 ]; then
	say "QEMU exited with status $qrc"
	sed 's/^/check-xen: qemu: /' "$W/qemu.out"
fi

[ -f "$S/dom0-test.log" ] && cp "$S/dom0-test.log" "$LOGDIR/dom0-test.log"
say "image ready after ${t_image} s"
if [ -s "$W/t_ready" ]; then
	say "xl ready $(($(cat "$W/t_ready") - t_qemu)) s after QEMU started"
fi
say "QEMU ran $((t_end - t_qemu)) s; whole run $(elapsed) s"
[ -s "$W/hwm" ] && say "QEMU peak RSS $(($(cat "$W/hwm") / 1024)) MiB"

if [ ! -s "$S/status" ]; then
	say "FAIL: the test left no status; the console's last 50 lines:"
	tail -n 50 "$LOG" | tr -d '\r' | sed 's/^/check-xen: | /'
	exit 1
fi
status=$(cat "$S/status")
case $status in
'' | *[!0-9]*) say "FAIL: bad status '$status'"; exit 1 ;;
esac
if [ -f "$LOGDIR/dom0-test.log" ]; then
	say "$(grep -c '^ok ' "$LOGDIR/dom0-test.log") ok" \
	    "($(grep -c '^ok .*# SKIP' "$LOGDIR/dom0-test.log") skipped)," \
	    "$(grep -c '^not ok ' "$LOGDIR/dom0-test.log") not ok;" \
	    "TAP in $LOGDIR/dom0-test.log"
fi
if [ "$status" -eq 0 ]; then
	say "PASS (backend $BACKEND)"
else
	say "FAIL: the test's status is $status (backend $BACKEND)"
fi
# The closing line CI reads, as the default suite's.
if [ -f "$LOGDIR/dom0-test.log" ]; then
	echo "$(grep -c '^ok ' "$LOGDIR/dom0-test.log") passed," \
	    "$(grep -c '^not ok ' "$LOGDIR/dom0-test.log") failed"
fi
exit "$status"
