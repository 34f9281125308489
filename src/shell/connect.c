/*
 * xlsh's connection to its helper: the system helper's socket, or a
 * private sandbox helper started on a socketpair.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "common/paths.h"

#define SANDBOX_LOG_MAX	(1024 * 1024)	/* bytes of xlshd.log, then .old */

static int	state_dir(char *, size_t, char *, size_t);
static int	mkdirs(const char *);
static void	helper_paths(char *, size_t, char *, size_t, char *, size_t);

static int
mkdirs(const char *path)
{
	char	tmp[PATH_MAX], *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -1;
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* $XDG_STATE_HOME/xlsh, or ~/.local/state/xlsh, created 0700. */
static int
state_dir(char *out, size_t size, char *err, size_t errlen)
{
	const char	*base = getenv("XDG_STATE_HOME");
	const char	*home = getenv("HOME");
	struct passwd	*pw;
	int		 n;

	if (base != NULL && base[0] == '/')
		n = snprintf(out, size, "%s/xlsh", base);
	else {
		if (home == NULL || home[0] != '/') {
			if ((pw = getpwuid(getuid())) == NULL) {
				snprintf(err, errlen, "cannot find your home "
				    "directory");
				return -1;
			}
			home = pw->pw_dir;
		}
		n = snprintf(out, size, "%s/.local/state/xlsh", home);
	}
	if (n < 0 || (size_t)n >= size) {
		snprintf(err, errlen, "state directory path too long");
		return -1;
	}
	if (mkdirs(out) == -1) {
		snprintf(err, errlen, "cannot create %s: %s", out,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Where the helper, templates and lessons are.  A shell run from its
 * build tree uses the helper beside it and the source tree's templates
 * and lessons; an installed one the installed paths.  Never the environment: a login shell must not be
 * talked into running another program.
 */
static void
helper_paths(char *helper, size_t hsize, char *templates, size_t tsize,
    char *lessons, size_t lsize)
{
	char	exe[PATH_MAX];
	ssize_t	n;

	snprintf(helper, hsize, "%s/xlshd", SBINDIR);
	snprintf(templates, tsize, "%s", TEMPLATESDIR);
	snprintf(lessons, lsize, "%s", LESSONSDIR);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return;
	exe[n] = '\0';
	if (strcmp(dirname(exe), ABS_BUILDDIR "/src") == 0) {
		snprintf(helper, hsize, "%s/src/xlshd", ABS_BUILDDIR);
		snprintf(templates, tsize, "%s/etc/templates", ABS_SRCDIR);
		snprintf(lessons, lsize, "%s/etc/lessons", ABS_SRCDIR);
	}
}

int
client_sandbox(struct client *c, char *err, size_t errlen)
{
	struct stat	st;
	char		dir[PATH_MAX - 32], helper[PATH_MAX], templates[PATH_MAX];
	char		lessons[PATH_MAX];
	char		logpath[PATH_MAX], auditpath[PATH_MAX];
	char		oldpath[PATH_MAX + 4];
	int		sv[2], logfd, nullfd;
	pid_t		pid;

	if (state_dir(dir, sizeof(dir), err, errlen) == -1)
		return -1;
	helper_paths(helper, sizeof(helper), templates, sizeof(templates),
	    lessons, sizeof(lessons));
	snprintf(logpath, sizeof(logpath), "%s/xlshd.log", dir);
	snprintf(auditpath, sizeof(auditpath), "%s/audit.log", dir);
	/* The helper's log is bounded: one old file of it is kept. */
	if (stat(logpath, &st) == 0 && st.st_size > SANDBOX_LOG_MAX) {
		snprintf(oldpath, sizeof(oldpath), "%s.old", logpath);
		(void)rename(logpath, oldpath);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return -1;
	}
	switch ((pid = fork())) {
	case -1:
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	case 0:
		/*
		 * Out of the terminal's session: the terminal's signals
		 * (Ctrl-C, a hangup) are the shell's, and the helper ends
		 * when the shell's end of the socket closes.
		 */
		setsid();
		logfd = open(logpath, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC, 0600);
		nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (nullfd == -1 || dup2(sv[1], 0) == -1 ||
		    dup2(nullfd, 1) == -1 ||
		    dup2(logfd != -1 ? logfd : nullfd, 2) == -1)
			_exit(127);
		execl(helper, "xlshd", "--sandbox", "-i", "--backend", "sim",
		    "--state", dir, "--templates", templates, "--lessons",
		    lessons, "--audit", auditpath, (char *)NULL);
		dprintf(2, "xlsh: cannot run %s: %s\n", helper,
		    strerror(errno));
		_exit(127);
	}
	close(sv[1]);
	c->fd = sv[0];
	c->helper = pid;
	return 0;
}

int
client_connect(struct client *c, const char *path, char *err, size_t errlen)
{
	int	fd;

	if ((fd = sock_connect(path)) == -1) {
		if (errno == ENAMETOOLONG)
			snprintf(err, errlen, "socket path too long: %s", path);
		else
			snprintf(err, errlen, "cannot reach the xlsh helper at "
			    "%s: %s", path, strerror(errno));
		return -1;
	}
	c->fd = fd;
	c->helper = -1;
	return 0;
}

void
client_close(struct client *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	if (c->helper != -1)
		waitpid(c->helper, NULL, 0);
	c->helper = -1;
}
