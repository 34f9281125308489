/*
 * The database's statements (db.h): kept compiled, each statement of
 * the program is compiled once per connection and reset after each
 * use, as SQLite advises, instead of being compiled for every request.
 * They are found by their text, in a small hash table.  And what
 * every statement's user shares: its error as a message (db_fail), a
 * statement without rows run (db_run), a text column read (db_text).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "common/xlsh.h"

struct db_stmt {
	struct db_stmt	*next;
	char		*sql;
	sqlite3_stmt	*st;
};

static size_t	bucket(const char *);

/* FNV-1a over the text. */
static size_t
bucket(const char *sql)
{
	uint32_t	h = 2166136261u;

	for (; *sql != '\0'; sql++)
		h = (h ^ (uint8_t)*sql) * 16777619u;
	return h % DB_STMT_BUCKETS;
}

/*
 * The statement for sql, ready to bind and step, ended by db_done.
 * One still being stepped (a caller's loop that asks again) is not
 * handed out twice: the second gets a statement of its own, which
 * db_done finalizes.
 */
sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	struct db_stmt	*k;
	sqlite3_stmt	*st;
	size_t		 b = bucket(sql);

	for (k = db->stmts[b]; k != NULL; k = k->next)
		if (strcmp(k->sql, sql) == 0)
			break;
	if (k != NULL && !sqlite3_stmt_busy(k->st))
		return k->st;
	if (sqlite3_prepare_v3(db->h, sql, -1, k == NULL ?
	    SQLITE_PREPARE_PERSISTENT : 0, &st, NULL) != SQLITE_OK)
		fatalx("%s: %s: %s", db->path, sql, sqlite3_errmsg(db->h));
	if (k == NULL) {
		k = xcalloc(1, sizeof(*k));
		k->sql = xstrdup(sql);
		k->st = st;
		k->next = db->stmts[b];
		db->stmts[b] = k;
	}
	return st;
}

/* Done with a statement of db_prepare's: reset (or finalized). */
int
db_done(struct db *db, sqlite3_stmt *st)
{
	struct db_stmt	*k;
	const char	*sql = sqlite3_sql(st);
	size_t		 b, first;
	int		 rc;

	/*
	 * By its address, in the bucket of its text first (where it is
	 * unless SQLite gave back other text), then in every other.
	 */
	first = sql != NULL ? bucket(sql) : 0;
	for (b = 0; b < DB_STMT_BUCKETS; b++)
		for (k = db->stmts[(first + b) % DB_STMT_BUCKETS]; k != NULL;
		    k = k->next)
			if (k->st == st) {
				rc = sqlite3_reset(st);
				sqlite3_clear_bindings(st);
				return rc;
			}
	return sqlite3_finalize(st);
}

/* Finalize every statement kept: before the connection closes. */
void
db_stmts_free(struct db *db)
{
	struct db_stmt	*k, *next;
	size_t		 b;

	for (b = 0; b < DB_STMT_BUCKETS; b++) {
		for (k = db->stmts[b]; k != NULL; k = next) {
			next = k->next;
			sqlite3_finalize(k->st);
			free(k->sql);
			free(k);
		}
		db->stmts[b] = NULL;
	}
}

int
db_fail(struct db *db, struct xerr *e, const char *what)
{
	if ((sqlite3_errcode(db->h) & 0xff) == SQLITE_BUSY)
		db->busy = 1;
	xerr_set(e, XE_STATE, "%s: %s: %s", db->path, what,
	    sqlite3_errmsg(db->h));
	return -1;
}

int
db_run(struct db *db, sqlite3_stmt *st, const char *what, struct xerr *e)
{
	int	rc = sqlite3_step(st);

	db_done(db, st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT) {
		xerr_set(e, XE_EXISTS, "%s: already exists", what);
		return -1;
	}
	return db_fail(db, e, what);
}

int
db_text(char *out, size_t size, sqlite3_stmt *st, int col)
{
	const char	*t = (const char *)sqlite3_column_text(st, col);
	size_t		 n = (size_t)sqlite3_column_bytes(st, col);

	snprintf(out, size, "%s", t != NULL ? t : "");
	return n < size && strlen(out) == n ? 0 : -1;
}
