/*
 * The registry's reading of the vm table: records as a damaged or
 * hand-edited database may hold them, read by reg_list and reg_get,
 * which must take each as a record or report it damaged.
 *
 * The input is lines of tab-separated fields, the table's columns in
 * order (uuid, name, owner, persistent, template, maxmem_kb,
 * maxvcpus, created_ms, created_by, config); a field "\N" is NULL, one
 * that reads as a whole integer is bound as one, anything else as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "helper/registry.h"
#include "fuzz.h"
#include "statedir.h"

#define NCOLS	10

static void	insert(struct db *, char *);
static void	bind(sqlite3_stmt *, int, const char *);

static void
bind(sqlite3_stmt *st, int col, const char *f)
{
	char		*end;
	long long	 v;

	if (strcmp(f, "\\N") == 0)
		return;
	errno = 0;
	v = strtoll(f, &end, 10);
	if (*f != '\0' && *end == '\0' && errno == 0)
		sqlite3_bind_int64(st, col, v);
	else
		sqlite3_bind_text(st, col, f, -1, SQLITE_TRANSIENT);
}

static void
insert(struct db *db, char *line)
{
	sqlite3_stmt	*st;
	char		*f[NCOLS], *p = line;
	int		 i;

	for (i = 0; i < NCOLS; i++) {
		f[i] = p;
		if (p != NULL && (p = strchr(p, '\t')) != NULL)
			*p++ = '\0';
	}
	if (sqlite3_prepare_v2(db->h, "INSERT OR IGNORE INTO vm (uuid, name, "
	    "owner, persistent, template, maxmem_kb, maxvcpus, created_ms, "
	    "created_by, config) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10)", -1, &st, NULL) != SQLITE_OK)
		abort();
	for (i = 0; i < NCOLS; i++)
		if (f[i] != NULL)
			bind(st, i + 1, f[i]);
	/* NOT NULL and CHECK refuse some rows, as they would any writer. */
	sqlite3_step(st);
	sqlite3_finalize(st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vmrec	*list = NULL, r;
	struct xerr	 e;
	struct db	*db;
	char		*text, *line, *next, host[UUID_STR];
	size_t		 n = 0, i;

	fuzz_statedir(&db);
	if ((text = malloc(len + 1)) == NULL)
		return 0;
	memcpy(text, data, len);
	text[len] = '\0';
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		insert(db, line);
	}
	free(text);

	memset(&e, 0, sizeof(e));
	if (reg_list(db, NULL, &list, &n, &e) == 0) {
		for (i = 0; i < n; i++) {
			if (reg_get(db, list[i].uuid, NULL, &r, 1, &e) == 1)
				reg_free(&r);
			if (reg_get(db, NULL, list[i].name, &r, 1, &e) == 1)
				reg_free(&r);
		}
		for (i = 0; i < n; i++)
			reg_free(&list[i]);
		free(list);
	}
	list = NULL;
	if (reg_list(db, "alice", &list, &n, &e) == 0) {
		for (i = 0; i < n; i++)
			reg_free(&list[i]);
		free(list);
	}
	reg_host_uuid(db, host, &e);

	if (db_exec(db, "DELETE FROM vm; DELETE FROM meta", &e) == -1) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	return 0;
}
