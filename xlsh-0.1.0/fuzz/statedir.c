/*
 * The fuzz harnesses' state directory (statedir.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/db.h"
#include "common/xlsh.h"
#include "statedir.h"

static char		 dir[4096];
static struct db	*db;

static void
cleanup(void)
{
	DIR		*d;
	struct dirent	*de;
	char		 p[sizeof(dir) + 256];

	if (db != NULL)
		db_close(db);
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

const char *
fuzz_statedir(struct db **out)
{
	struct xerr	 e;
	const char	*tmp;

	if (db == NULL) {
		if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
			tmp = "/tmp";
		snprintf(dir, sizeof(dir), "%s/xlsh-fuzz.XXXXXX", tmp);
		if (mkdtemp(dir) == NULL) {
			perror(dir);
			exit(1);
		}
		memset(&e, 0, sizeof(e));
		if (db_open(dir, &db, &e) == -1) {
			fprintf(stderr, "%s\n", e.msg);
			rmdir(dir);
			exit(1);
		}
		atexit(cleanup);
	}
	*out = db;
	return dir;
}
