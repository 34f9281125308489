/*
 * The helper's database (db.h): opening it, migrating its schema, and
 * nested transactions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "common/xlsh.h"


static int	begin(struct db *, const char *, struct xerr *);
static int	exec1(struct db *, const char *, struct xerr *);
static int	migrate(struct db *, struct xerr *);
static int	user_version(struct db *, int *, struct xerr *);
static int	wal(struct db *, struct xerr *);

int
db_schema_version(void)
{
	return db_nschema;
}

/* One statement, kept compiled (a transaction's begin and end). */
static int
exec1(struct db *db, const char *sql, struct xerr *e)
{
	sqlite3_stmt	*st = db_prepare(db, sql);
	int		 rc = sqlite3_step(st);

	db_done(db, st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
	    db_fail(db, e, sql);
}

int
db_exec(struct db *db, const char *sql, struct xerr *e)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, e, sql);
	return 0;
}

/*
 * Open (or make) dir/xlsh.db.  The file is made 0600 before SQLite
 * sees it, so that its journal files are too.
 */
int
db_open(const char *dir, struct db **out, struct xerr *e)
{
	struct db	*db;
	int		 fd, keep = 1;

	db = xcalloc(1, sizeof(*db));
	xasprintf(&db->path, "%s/%s", dir, DB_FILE);
	if ((fd = open(db->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1) {
		xerr_set(e, XE_STATE, "%s: %s", db->path, strerror(errno));
		free(db->path);
		free(db);
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		if (db->h == NULL)
			xerr_set(e, XE_STATE, "%s: out of memory", db->path);
		else
			db_fail(db, e, "open");
		db_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);
	/*
	 * A small lookaside: SQLite's default, 1200 bytes times 100,
	 * written through at open, is 120 KiB of every session's memory.
	 */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_LOOKASIDE, NULL, 128, 32);
	sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL, &keep);
	if (wal(db, e) == -1 ||
	    db_exec(db, "PRAGMA synchronous = FULL", e) == -1 ||
	    db_exec(db, "PRAGMA mmap_size = " DB_MMAP_BYTES, e) == -1 ||
	    migrate(db, e) == -1) {
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void
db_release(struct db *db)
{
	sqlite3_db_release_memory(db->h);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_stmts_free(db);
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

/*
 * WAL mode, which the file keeps once set: xlshd sets it before it
 * listens.  Setting it takes an exclusive lock and does not wait for
 * one, so a session that finds it set leaves it, and one that races
 * another to set it tries again for a while.
 */
static int
wal(struct db *db, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 tries, rc = SQLITE_BUSY, is_wal = 0;

	for (tries = 0; tries < 1000 && !is_wal; tries++) {
		st = db_prepare(db, tries == 0 ? "PRAGMA journal_mode" :
		    "PRAGMA journal_mode = WAL");
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			is_wal = sqlite3_stricmp((const char *)
			    sqlite3_column_text(st, 0), "wal") == 0;
		db_done(db, st);
		if (rc != SQLITE_ROW && rc != SQLITE_BUSY)
			break;
		if (!is_wal && tries > 0)
			usleep(10000);
	}
	if (!is_wal)
		return db_fail(db, e, "PRAGMA journal_mode = WAL");
	return 0;
}

/* PRAGMA user_version: 0, or -1 with e set. */
static int
user_version(struct db *db, int *v, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, "PRAGMA user_version");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	db_done(db, st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, e, "user_version");
}

/*
 * Bring the schema to this program's version, one step at a time.  A
 * database already there is only read: the sessions that open it
 * together then take no write lock.
 */
static int
migrate(struct db *db, struct xerr *e)
{
	char	sql[64];
	int	v;

	if (user_version(db, &v, e) == -1)
		return -1;
	if (v == db_nschema)
		return 0;
	if (db_begin(db, e) == -1)
		return -1;
	if (user_version(db, &v, e) == -1)
		goto fail;
	if (v > db_nschema) {
		xerr_set(e, XE_STATE, "%s: schema version %d is newer than "
		    "this xlshd's (%d); the file was left as it is",
		    db->path, v, db_nschema);
		goto fail;
	}
	for (; v < db_nschema; v++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (db_exec(db, db_schema[v], e) == -1 ||
		    db_exec(db, sql, e) == -1)
			goto fail;
	}
	return db_end(db, 1, e);
fail:
	db_end(db, 0, NULL);
	return -1;
}

int
db_begin(struct db *db, struct xerr *e)
{
	return begin(db, "BEGIN IMMEDIATE", e);
}

int
db_begin_read(struct db *db, struct xerr *e)
{
	return begin(db, "BEGIN", e);
}

static int
begin(struct db *db, const char *outer, struct xerr *e)
{
	char	sql[32];

	if (db->depth == 0)
		snprintf(sql, sizeof(sql), "%s", outer);
	else
		snprintf(sql, sizeof(sql), "SAVEPOINT s%d", db->depth);
	if (exec1(db, sql, e) == -1)
		return -1;
	db->depth++;
	return 0;
}

/*
 * End the innermost transaction: commit (or release) it, or roll it
 * back.  A failed commit rolls back.  e may be NULL when rolling back.
 */
int
db_end(struct db *db, int commit, struct xerr *e)
{
	struct xerr	ignore;
	char		sql[64];
	int		rv = 0;

	if (db->depth == 0)
		fatalx("db_end without db_begin");
	if (e == NULL)
		e = &ignore;
	db->depth--;
	if (db->depth == 0) {
		if (commit && exec1(db, "COMMIT", e) == 0)
			return 0;
		rv = commit ? -1 : 0;
		if (sqlite3_get_autocommit(db->h) == 0)
			exec1(db, "ROLLBACK", &ignore);
		return rv;
	}
	if (!commit) {
		snprintf(sql, sizeof(sql), "ROLLBACK TO s%d", db->depth);
		if (exec1(db, sql, e) == -1)
			return -1;
	}
	snprintf(sql, sizeof(sql), "RELEASE s%d", db->depth);
	return exec1(db, sql, e);
}
