/*
 * The simulated host's consoles: a pseudo-terminal whose other end is
 * a small process playing a booting Debian guest.  It prints a boot
 * log, then answers at a login prompt (every login is incorrect: the
 * sandbox's guests have no users), until the console is let go.  What
 * the guest's kernel printed since its boot (sim_sysrq.c keeps it in a
 * console log) follows the boot log, and what it prints while the
 * console is open shows as it comes, amid the prompt, as on a real
 * console.  The log is STATE/console-DOMID.log (xenconsoled keeps
 * guest-NAME.log); a new domain's starts empty, and it goes with the
 * domain (sim_console_forget).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

#define GUEST_LIFETIME_SECS	3600	/* a forgotten console goes */
#define FOLLOW_MS		200	/* how often the log is looked at */

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

static void	guest(int, const char *, const char *);
static void	put(int, const char *);
static int	get_line(int, char *, size_t, int, const char *, off_t *);
static void	follow(int, const char *, off_t *);

/* What the log has beyond *off, written to the console. */
static void
follow(int fd, const char *log, off_t *off)
{
	char	buf[1024];
	ssize_t	n;
	int	lfd;

	if (log == NULL || (lfd = open(log, O_RDONLY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return;
	while ((n = pread(lfd, buf, sizeof(buf), *off)) > 0) {
		full_write(fd, buf, (size_t)n);
		*off += n;
	}
	close(lfd);
}

static void
put(int fd, const char *s)
{
	full_write(fd, s, strlen(s));
}

/*
 * A line typed at the console, echoed or not; -1 when it is let go.
 * While none comes, the console log is followed.
 */
static int
get_line(int fd, char *buf, size_t size, int echo, const char *log,
    off_t *off)
{
	struct termios	t;
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };

	if (tcgetattr(fd, &t) == 0) {
		t.c_lflag |= ICANON;
		if (echo)
			t.c_lflag |= ECHO;
		else
			t.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSANOW, &t);
	}
	/* Canonical mode: readable once a whole line is typed. */
	while (poll(&pfd, 1, FOLLOW_MS) == 0)
		follow(fd, log, off);
	ssize_t n = read(fd, buf, size - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static void
guest(int fd, const char *name, const char *log)
{
	struct timespec	 ts = { 0, 40 * 1000000L };
	char		 line[256], user[64];
	size_t		 i;
	off_t		 off = 0;

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
	follow(fd, log, &off);
	for (;;) {
		snprintf(line, sizeof(line), "\r\nDebian GNU/Linux 12 %s hvc0"
		    "\r\n\r\n%s login: ", name, name);
		put(fd, line);
		if (get_line(fd, user, sizeof(user), 1, log, &off) == -1)
			break;
		if (user[0] == '\0')
			continue;
		put(fd, "Password: ");
		if (get_line(fd, line, sizeof(line), 0, log, &off) == -1)
			break;
		explicit_bzero(line, sizeof(line));
		sleep(1);
		put(fd, "\r\nLogin incorrect\r\n");
	}
}

/* The console log of domain domid, to free. */
char *
sim_console_log(const struct sim *s, uint32_t domid)
{
	char	*path;

	xasprintf(&path, "%s/console-%u.log", s->dir, domid);
	return path;
}

/* A new domain's console log starts empty; a gone one's goes. */
void
sim_console_forget(const struct sim *s, uint32_t domid)
{
	char	*log = sim_console_log(s, domid);

	unlink(log);
	free(log);
}

/* One line on d's console, stamped with its uptime as printk does. */
int
sim_console_say(const struct sim *s, const struct simdom *d, uint64_t now,
    const char *line, struct xerr *e)
{
	char		*path, *text;
	uint64_t	 up = now > d->start_ms ? now - d->start_ms : 0;
	int		 fd, n, rv = 0;

	path = sim_console_log(s, (uint32_t)d->domid);
	n = xasprintf(&text, "[%5llu.%06llu] %s\r\n",
	    (unsigned long long)(up / 1000),
	    (unsigned long long)(up % 1000 * 1000),
	    line);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1 || full_write(fd, text,
	    (size_t)n) == -1) {
		xerr_set(e, XE_STATE, "%s: %s", path, strerror(errno));
		rv = -1;
	}
	if (fd != -1)
		close(fd);
	free(text);
	free(path);
	return rv;
}

/*
 * Open a console for domain name: the master side of a new pty, its
 * slave held by a detached process that plays the guest and follows
 * its console log (NULL: none).
 */
int
sim_console_open(const char *name, const char *log, int *out,
    struct xerr *e)
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
		guest(slave, name, log);
		_exit(0);
	default:
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	*out = master;
	return 0;
}
