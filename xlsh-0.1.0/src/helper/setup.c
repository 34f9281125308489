/*
 * What xlshd does before it serves (xlshd.c's main calls it): the state
 * directory checked, the database made or migrated and the backend
 * probed before the socket is listened on, and, in system mode, an
 * environment of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "audit.h"
#include "server.h"

static int	state_dir_check(const char *);
static int	parent_dir(const char *, mode_t);

/* The state directory: ours, and writable by nobody else. */
static int
state_dir_check(const char *dir)
{
	struct stat	st;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "xlshd: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "xlshd: %s is not a directory\n", dir);
		return -1;
	}
	if (st.st_uid != geteuid() || (st.st_mode & 022) != 0) {
		fprintf(stderr, "xlshd: %s must belong to uid %ld and not be "
		    "writable by group or others\n", dir, (long)geteuid());
		return -1;
	}
	return 0;
}

/*
 * The directory a file goes in, made with mode if it is missing (its
 * parent must exist: /run, /var/log).  An existing one is left as it is.
 */
static int
parent_dir(const char *file, mode_t mode)
{
	char	*copy = xstrdup(file), *dir = dirname(copy);
	int	 rv = 0;

	if (mkdir(dir, mode) == -1 && errno != EEXIST) {
		fprintf(stderr, "xlshd: %s: %s\n", dir, strerror(errno));
		rv = -1;
	}
	free(copy);
	return rv;
}

/*
 * The directories the helper writes in, made if missing, with safe
 * modes: the state directory 0700 (and it must be safe), the audit
 * log's 0700; and the audit log opened once, to tell of a problem now.
 */
int
helper_dirs(const struct server_conf *conf)
{
	char	err[256];
	int	fd;

	if (state_dir_check(conf->state_dir) == -1)
		return -1;
	if (conf->audit_path == NULL)
		return 0;
	if (parent_dir(conf->audit_path, 0700) == -1)
		return -1;
	if ((fd = auditlog_open(conf->audit_path, err, sizeof(err))) == -1) {
		fprintf(stderr, "xlshd: %s\n", err);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * The helper's own socket: its directory made (0755: the socket's
 * mode and group say who may connect), the socket with socket-mode and
 * socket-group; a sandbox's is its owner's alone.
 */
int
helper_listen(const struct server_conf *conf)
{
	struct group	*gr;
	gid_t		 gid = (gid_t)-1;

	if (conf->mode == MODE_SANDBOX)
		return listen_on(conf->socket_path, 0600, gid);
	if (conf->socket_group != NULL) {
		if ((gr = getgrnam(conf->socket_group)) == NULL) {
			fprintf(stderr, "xlshd: socket-group: there is no "
			    "group %s (groupadd %s, or set socket-group in "
			    "xlshd.conf)\n", conf->socket_group,
			    conf->socket_group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (parent_dir(conf->socket_path, 0755) == -1)
		return -1;
	return listen_on(conf->socket_path, conf->socket_mode, gid);
}

/*
 * --daemon: everything has been checked, and the socket listens; now
 * leave the terminal.  The parent writes the pid file and exits 0; the
 * child logs to syslog from here on.
 */
int
helper_detach(const char *pidfile)
{
	FILE	*f;
	pid_t	 pid;
	int	 fd;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		fprintf(stderr, "xlshd: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid != 0) {
		if (pidfile != NULL && ((f = fopen(pidfile, "we")) == NULL ||
		    fprintf(f, "%ld\n", (long)pid) < 0 || fclose(f) == EOF)) {
			fprintf(stderr, "xlshd: %s: %s\n", pidfile,
			    strerror(errno));
			kill(pid, SIGTERM);
			_exit(1);
		}
		_exit(0);
	}
	setsid();
	if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	openlog("xlshd", LOG_PID, LOG_DAEMON);
	log_syslog = 1;
	return 0;
}

/*
 * Before listening: the database is made, or migrated, once before any
 * session uses it; and with probe, whether the backend can be opened
 * at all, so that a host without Xen is told at once, in one line.
 * The backend is closed again before any fork: a libxl context must
 * not cross one.
 */
int
helper_prepare(const struct server_conf *conf, int probe)
{
	struct backend		be = *conf->backend;
	struct backend_args	args;
	struct db		*db;
	struct xerr		e;
	int			rv = 0;

	memset(&e, 0, sizeof(e));
	if (db_open(conf->state_dir, &db, &e) == -1) {
		fprintf(stderr, "xlshd: %s\n", e.msg);
		return -1;
	}
	memset(&args, 0, sizeof(args));
	args.state_dir = conf->state_dir;
	args.db = db;
	args.vg = conf->vg;
	args.thin = conf->thin;
	/* The simulated host's size is set once, here. */
	if (conf->backend == &backend_sim) {
		args.sim_cpus = conf->sim_cpus;
		args.sim_memory_mib = conf->sim_memory_mib;
		probe = probe || args.sim_cpus != 0 || args.sim_memory_mib != 0;
	}
	if (probe && be.open(&be, &args, &e) == -1) {
		fprintf(stderr, "xlshd: %s\n", e.msg);
		rv = -1;
	} else if (probe)
		be.close(&be);
	db_close(db);
	return rv;
}

/*
 * A daemon started by root takes nothing from the environment of
 * whoever started it: PAM modules and libxl see a known one.
 */
void
helper_environment(void)
{
	clearenv();
	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
	/* lvm (run by libblockdev) would complain of the session's fds. */
	setenv("LVM_SUPPRESS_FD_WARNINGS", "1", 1);
}
