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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

/* The state directory: ours, and writable by nobody else. */
int
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
