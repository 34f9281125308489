#!/bin/sh
# make check-deb: the .deb built from a clean copy of the tree, checked
# by lintian, installed as an administrator would (apt-get install), used
# once through the init script and a member's login, and purged; TAP on
# standard output.  It needs root and changes the host while it runs:
# run it where tests run (CI), not on a Dom0 with xlsh on it, which it
# refuses.
#   sh tests/deb/check-deb.sh [SRCDIR]
# SRCDIR (make check-deb gives its distdir) is copied; without it, the
# files git knows of in this tree.
# SPDX-License-Identifier: GPL-3.0-or-later

top=$(cd "$(dirname "$0")/../.." && pwd)
top_builddir=$top
top_srcdir=$top
. "$top/tests/lib.sh"

MEMBER=xlshdebcheck
GROUPS_MADE="xlsh xlsh-members xlsh-operators xlsh-admins"
INIT=/etc/init.d/xlshd
export DEBIAN_FRONTEND=noninteractive
# The init script's messages plain, without a terminal's colours.
export TERM=dumb

say() { echo "check-deb: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
	say "needs root: it installs the package, starts the helper and" \
	    "purges them"
	exit 1
fi
# What the purge at the end would take from a host that has xlsh.
if dpkg-query -W -f '${Status}' xlsh 2>/dev/null |
    grep -qv not-installed; then
	say "the package xlsh is on this host; check-deb would purge it"
	exit 1
fi
for f in /etc/xlsh /var/lib/xlsh /var/log/xlsh $INIT; do
	if [ -e "$f" ]; then
		say "$f exists (xlsh installed by hand?); check-deb would" \
		    "remove it"
		exit 1
	fi
done
if getent passwd "$MEMBER" >/dev/null; then
	say "the user $MEMBER exists; check-deb makes and removes it"
	exit 1
fi
# Groups the installation makes are removed at the end (the package
# leaves them, as Debian's do); those that were here stay.
groups_before=
for g in $GROUPS_MADE; do
	if getent group "$g" >/dev/null; then
		groups_before="$groups_before $g"
	fi
done

# The helpers started from the installed binary, running or deleted.
installed_helpers() {
	for _e in /proc/[0-9]*/exe; do
		case $(readlink "$_e" 2>/dev/null) in
		/usr/sbin/xlshd | "/usr/sbin/xlshd (deleted)")
			_p=${_e%/exe}
			echo "${_p#/proc/}"
			;;
		esac
	done
}

# Whatever state a failed check left: no helper, no package, no member,
# no groups of ours.
undo() {
	if [ -x "$INIT" ]; then
		"$INIT" stop >/dev/null 2>&1
	fi
	for _p in $(installed_helpers); do
		kill "$_p" 2>/dev/null
	done
	if dpkg-query -W xlsh >/dev/null 2>&1; then
		apt-get purge -y -q xlsh >/dev/null 2>&1 ||
		    dpkg --purge xlsh >/dev/null 2>&1
	fi
	if getent passwd "$MEMBER" >/dev/null; then
		userdel "$MEMBER" 2>/dev/null
	fi
	for _g in $GROUPS_MADE; do
		case " $groups_before " in
		*" $_g "*) ;;
		*) groupdel "$_g" 2>/dev/null ;;
		esac
	done
}
cleanup_hooks="$cleanup_hooks undo"
# Interrupted, it cleans up too (lib.sh's trap is on EXIT).
trap 'exit 1' INT TERM HUP

# The tree, copied.
src=$T/xlsh
mkdir "$src"
if [ -n "$1" ]; then
	cp -a "$1/." "$src"
elif git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && git ls-files -z | tar --null -T - -cf -) |
	    tar -xf - -C "$src"
else
	say "$top is not a git checkout: name the tree to build" \
	    "(make check-deb gives its distdir)"
	exit 1
fi

# 1. The package.
if (cd "$src" && dpkg-buildpackage -b -us -uc) >"$T/build.log" 2>&1; then
	pass "dpkg-buildpackage -b builds the package"
else
	fail "dpkg-buildpackage -b builds the package"
	diag "$(tail -n 30 "$T/build.log")"
	echo "Bail out! no package to check"
	exit 1
fi
deb=$(ls "$T"/xlsh_*.deb)
changes=$(ls "$T"/xlsh_*.changes)
diag "built $(basename "$deb")"

# Errors and warnings fail; pedantic and informational tags do not.
lintian "$changes" >"$T/lintian.log" 2>&1
if ! command -v lintian >/dev/null; then
	fail "lintian: no error and no warning (lintian is not installed)"
elif grep -Eq '^[EW]: ' "$T/lintian.log"; then
	fail "lintian: no error and no warning"
else
	pass "lintian: no error and no warning"
fi
grep -v 'running with root privileges' "$T/lintian.log" >"$T/tags"
if [ -s "$T/tags" ]; then
	diag "$(cat "$T/tags")"
fi

# 2. The installation.  This machine has no init (a container): the
# runlevel is unknown and policy-rc.d, if there, forbids starting
# services, so invoke-rc.d would never run the init script.  Installed
# in a mount namespace of its own where runlevel says 2 and policy-rc.d
# allows, postinst starts the helper as on a host booted with sysvinit:
# with the default configuration, which drives Xen through libxl, on a
# host without Xen the start fails, and the installation must not.
# Where systemd is installed, runlevel is systemctl itself, which
# deb-systemd-helper calls too: the stand-in answers to the name
# runlevel and hands every other call to the real program.
cat >"$T/sysv" <<'EOF'
# sh sysv DIR COMMAND...: COMMAND where runlevel says 2 and policy-rc.d
# allows everything, in this mount namespace only.
set -e
dir=$1
shift
real=$(readlink -f /sbin/runlevel)
# The real program under its own name: systemctl acts as runlevel when
# its name says runlevel.
mkdir "$dir/real"
: >"$dir/real/${real##*/}"
mount --bind "$real" "$dir/real/${real##*/}"
cat >"$dir/runlevel" <<EOT
#!/bin/sh
case \${0##*/} in
runlevel) echo N 2 ;;
*) exec "$dir/real/${real##*/}" "\$@" ;;
esac
EOT
chmod 755 "$dir/runlevel"
mount --bind "$dir/runlevel" "$real"
if [ -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 0\n' >"$dir/policy-rc.d"
	chmod 755 "$dir/policy-rc.d"
	mount --bind "$dir/policy-rc.d" /usr/sbin/policy-rc.d
fi
exec "$@"
EOF
sysv=no
if [ -x /sbin/runlevel ] && command -v mount >/dev/null &&
    unshare --mount true 2>/dev/null; then
	sysv=yes
	unshare --mount sh "$T/sysv" "$T" apt-get install -y -q "$deb" \
	    >"$T/install.log" 2>&1
else
	apt-get install -y -q "$deb" >"$T/install.log" 2>&1
fi
install_rc=$?
if [ $install_rc -eq 0 ] && dpkg-query -W -f '${Status}' xlsh |
    grep -q 'install ok installed'; then
	pass "apt-get install of the .deb (dependencies from the archive)"
else
	fail "apt-get install of the .deb (dependencies from the archive)"
	diag "$(tail -n 30 "$T/install.log")"
	echo "Bail out! the package is not installed"
	exit 1
fi
# What postinst said.
diag "$(sed -n '/^Setting up xlsh /,$p' "$T/install.log")"
if [ $sysv = no ]; then
	pass "# SKIP postinst's start: no mount namespace to play sysvinit in"
elif [ -n "$(installed_helpers)" ]; then
	pass "postinst started the helper"
else
	like "$(cat "$T/install.log")" \
	    '^xlsh: warning: the helper xlshd did not start; see /etc/xlsh/xlshd.conf' \
	    "postinst: the helper did not start, one warning, installed"
fi

# 3. What postinst and the package made.
like "$(cat /etc/shells)" '^/usr/bin/xlsh$' "/etc/shells has /usr/bin/xlsh"
for g in $GROUPS_MADE; do
	if getent group "$g" >/dev/null; then
		pass "group $g"
	else
		fail "group $g"
	fi
done
for d in /var/lib/xlsh /var/log/xlsh; do
	is "$(stat -c '%F %a %U %G' "$d" 2>&1)" "directory 700 root root" \
	    "$d: root's alone"
done
for u in xlshd.socket xlshd.service; do
	if [ -f "/lib/systemd/system/$u" ] ||
	    [ -f "/usr/lib/systemd/system/$u" ]; then
		pass "unit $u"
	else
		fail "unit $u"
	fi
done
if [ -L /etc/systemd/system/sockets.target.wants/xlshd.socket ]; then
	pass "xlshd.socket is enabled"
else
	fail "xlshd.socket is enabled"
fi
if [ -x "$INIT" ] && ls /etc/rc2.d/S[0-9][0-9]xlshd >/dev/null 2>&1; then
	pass "$INIT, started in runlevel 2"
else
	fail "$INIT, started in runlevel 2"
fi
# The configuration files, each a conffile, the administrator's to edit.
conffiles=$(dpkg-query -W -f '${Conffiles}' xlsh)
for f in /etc/xlsh/xlshd.conf /etc/xlsh/policy.conf /etc/pam.d/xlsh \
    /etc/logrotate.d/xlsh /etc/ssh/sshd_config.d/xlsh.conf \
    /etc/xlsh/templates/lab.cfg /etc/xlsh/lessons/01-reading-the-host.lesson \
    /etc/xlsh/lessons/07-xe-records.lesson; do
	if [ -f "$f" ] && printf '%s\n' "$conffiles" | grep -q " $f "; then
		pass "$f, a conffile"
	else
		fail "$f, a conffile"
	fi
done
like "$(cat /etc/ssh/sshd_config.d/xlsh.conf)" '^[[:space:]]*ForceCommand /usr/bin/xlsh$' \
    "sshd's settings force the installed xlsh"
# The libxl backend's module, where the helper looks for it, which the
# package's xlshd.conf names too; the helper loads it.
module=$(/usr/sbin/xlshd -T --sandbox 2>/dev/null |
    sed -n 's/^backend-module //p')
if [ -n "$module" ] && dpkg -L xlsh | grep -qx "$module"; then
	pass "the package has the libxl backend's module, $module"
else
	fail "the package has the libxl backend's module (${module:-none})"
fi
like "$(cat /etc/xlsh/xlshd.conf)" "^#backend-module $module\$" \
    "xlshd.conf shows it as the default"
run /usr/sbin/xlshd -t --sandbox --backend libxl
is "$rc:$out$err" "0:" "xlshd -t --backend libxl loads it"

# 4. The helper on the simulated host, started by the init script, and
# a member logged in by their own Unix account (SO_PEERCRED).
conf=/etc/xlsh/xlshd.conf
if [ -f $conf ]; then
	sed -i '/^[[:space:]]*backend[[:space:]]/d' $conf
fi
echo "backend sim" >>$conf
run "$INIT" restart
if [ $rc -eq 0 ]; then
	pass "$INIT restart with backend sim"
else
	fail "$INIT restart with backend sim"
	diag "$out" "$err"
fi
run "$INIT" status
is "$rc" 0 "$INIT status: running ($out)"
is "$(stat -c '%F %a %G' /run/xlsh/xlshd.sock 2>&1)" "socket 660 xlsh" \
    "/run/xlsh/xlshd.sock: mode 0660, group xlsh"
useradd -M -s /bin/sh -G xlsh,xlsh-members "$MEMBER"
run timeout 30 su -s /bin/sh "$MEMBER" -c '/usr/bin/xlsh -c whoami' \
    </dev/null
like "$out" "^member: $MEMBER\$" "whoami through su: the member"
like "$out" '^role: +vm-power-admin$' "whoami: the role"
if [ $rc -ne 0 ]; then
	diag "xlsh exited $rc: $err"
fi
run "$INIT" stop
is "$rc" 0 "$INIT stop"
is "$(installed_helpers)" "" "no helper running after stop"
is "$(ls -A /run/xlsh 2>/dev/null)" "" "stop leaves no socket or pid file"
userdel "$MEMBER"

# 5. The purge leaves nothing.
run apt-get purge -y -q xlsh
if [ $rc -eq 0 ]; then
	pass "apt-get purge xlsh"
else
	fail "apt-get purge xlsh"
	diag "$out" "$err"
fi
for f in /etc/xlsh /var/lib/xlsh /var/log/xlsh $INIT /etc/pam.d/xlsh \
    /etc/logrotate.d/xlsh /etc/ssh/sshd_config.d/xlsh.conf ${module%/*} \
    /etc/systemd/system/sockets.target.wants/xlshd.socket /run/xlsh; do
	if [ -e "$f" ] || [ -L "$f" ]; then
		fail "purged: no $f"
	else
		pass "purged: no $f"
	fi
done
is "$(ls /etc/rc?.d/*xlshd 2>/dev/null)" "" "purged: no rc?.d links"
unlike "$(cat /etc/shells)" 'xlsh' "purged: no xlsh in /etc/shells"
is "$(installed_helpers)" "" "purged: no helper running"
if dpkg -L xlsh >/dev/null 2>&1; then
	fail "purged: dpkg -L xlsh fails"
else
	pass "purged: dpkg -L xlsh fails"
fi

done_testing
