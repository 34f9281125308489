/*
 * The simulated host's import: a text file STATE_DIR/host as an older
 * xlshd left it (or anyone who could write there), read, checked and
 * written into the database when the backend opens (sim_load.c,
 * sim_import.c), then read back row by row as every request reads it:
 * the domain list, each domain by name and by uuid, the host, xl
 * list -l.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/xlsh.h"
#include "fuzz.h"
#include "statedir.h"

static void	read_back(struct backend *);

static void
read_back(struct backend *b)
{
	struct dominfo	*d = NULL, one;
	struct hostinfo	 hi;
	struct domkey	 k;
	struct xerr	 e;
	char		*json = NULL;
	size_t		 n = 0, i;

	memset(&e, 0, sizeof(e));
	b->host(b, &hi, &e);
	if (b->domains(b, &d, &n, &e) == -1)
		return;
	for (i = 0; i < n; i++) {
		memset(&k, 0, sizeof(k));
		k.kind = KEY_NAME;
		k.name = d[i].name;
		b->lookup(b, &k, &one, &e);
		k.kind = KEY_UUID;
		memcpy(k.uuid, d[i].uuid, sizeof(k.uuid));
		b->lookup(b, &k, &one, &e);
	}
	if (b->list_long(b, d, n, &json, &e) == 0)
		free(json);
	free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct backend		 b = backend_sim;
	struct backend_args	 args;
	struct xerr		 e;
	struct db		*db;
	const char		*dir;
	char			 path[4200];
	int			 fd;

	dir = fuzz_statedir(&db);
	snprintf(path, sizeof(path), "%s/host", dir);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, data, len) != (ssize_t)len) {
		perror(path);
		exit(1);
	}
	close(fd);

	memset(&e, 0, sizeof(e));
	memset(&args, 0, sizeof(args));
	args.state_dir = dir;
	args.db = db;
	if (b.open(&b, &args, &e) == 0) {
		read_back(&b);
		b.close(&b);
	}

	/* The next input is imported afresh. */
	if (db_exec(db, "DELETE FROM sim_dom; DELETE FROM sim_host", &e) ==
	    -1) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	unlink(path);
	snprintf(path, sizeof(path), "%s/host.imported", dir);
	unlink(path);
	return 0;
}
