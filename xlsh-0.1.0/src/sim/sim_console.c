/*
 * The simulated host's consoles: a pseudo-terminal whose other end is
 * a small process playing a booting Debian guest.  It prints a boot
 * log, then answers at a login prompt (every login is incorrect: the
 * sandbox's guests have no users), until the console is let go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "backend/backend.h"
#include "common/proto.h"

#define GUEST_LIFETIME_SECS	3600	/* a forgotten console goes */

static const char *const boot_log[] = {
	"[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists."
	    "debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1",
	"[    0.000000] Command line: root=/dev/xvda1 ro console=hvc0",
	"[    0.000000] Hypervisor detected: Xen PVH",
	"[    0.000000] Xen version 4.17.",
	"[    0.104212] smpboot: Allowing 1 CPUs, 0 hotplug CPUs",
	"[    0.380104] xen:grant_table: Grant tables using version 1 layout",
	"[    0.612338] hvc0: hvc0 is a Xen console",
	"[    0.903551] blkfront: xvda: flush diskcache: enabled",
	"[    1.204716] EXT4-fs (xvda1): mounted filesystem with ordered data "
	    "mode",
	"[    1.811932] systemd[1]: Hostname set to <",	/* name> */
	"[  OK  ] Reached target Multi-User System.",
	NULL
};

static void	guest(int, const char *);
static void	put(int, const char *);
static int	get_line(int, char *, size_t, int);

static void
put(int fd, const char *s)
{
	full_write(fd, s, strlen(s));
}

/* A line typed at the console, echoed or not; -1 when it is let go. */
static int
get_line(int fd, char *buf, size_t size, int echo)
{
	struct termios	t;

	if (tcgetattr(fd, &t) == 0) {
		t.c_lflag |= ICANON;
		if (echo)
			t.c_lflag |= ECHO;
		else
			t.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSANOW, &t);
	}
	ssize_t n = read(fd, buf, size - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static void
guest(int fd, const char *name)
{
	struct timespec	 ts = { 0, 40 * 1000000L };
	char		 line[256], user[64];
	size_t		 i;

	alarm(GUEST_LIFETIME_SECS);
	for (i = 0; boot_log[i] != NULL; i++) {
		put(fd, boot_log[i]);
		/* The one line that names the guest. */
		if (boot_log[i][strlen(boot_log[i]) - 1] == '<') {
			put(fd, name);
			put(fd, ">.");
		}
		put(fd, "\r\n");
		nanosleep(&ts, NULL);
	}
	for (;;) {
		snprintf(line, sizeof(line), "\r\nDebian GNU/Linux 12 %s hvc0"
		    "\r\n\r\n%s login: ", name, name);
		put(fd, line);
		if (get_line(fd, user, sizeof(user), 1) == -1)
			break;
		if (user[0] == '\0')
			continue;
		put(fd, "Password: ");
		if (get_line(fd, line, sizeof(line), 0) == -1)
			break;
		explicit_bzero(line, sizeof(line));
		sleep(1);
		put(fd, "\r\nLogin incorrect\r\n");
	}
}

/*
 * Open a console for domain name: the master side of a new pty, its
 * slave held by a detached process that plays the guest.
 */
int
sim_console_open(const char *name, int *out, struct xerr *e)
{
	int	 master, slave;
	char	*path;
	pid_t	 pid;

	if ((master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1 ||
	    grantpt(master) == -1 || unlockpt(master) == -1 ||
	    (path = ptsname(master)) == NULL) {
		xerr_set(e, XE_FAIL, "cannot make a console: %s",
		    strerror(errno));
		if (master != -1)
			close(master);
		return -1;
	}
	/* Twice forked, so that no one has to wait for the guest. */
	switch ((pid = fork())) {
	case -1:
		close(master);
		xerr_set(e, XE_FAIL, "fork: %s", strerror(errno));
		return -1;
	case 0:
		if (fork() != 0)
			_exit(0);
		setsid();
		/* Nothing of the session's: its socket, locks, audit. */
		close_range(STDERR_FILENO + 1, ~0U, 0);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		if ((slave = open(path, O_RDWR | O_CLOEXEC)) == -1)
			_exit(1);
		guest(slave, name);
		_exit(0);
	default:
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	*out = master;
	return 0;
}
