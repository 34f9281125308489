/*
 * The helper's state: one SQLite database, STATE_DIR/xlsh.db, holding
 * the VM registry (the helper's) and the simulated host (the sim
 * backend's).  One connection per xlshd process, in WAL mode; the
 * schema is migrated by PRAGMA user_version (db_schema.c lists the steps).
 *
 * Transactions nest: the outermost db_begin is BEGIN IMMEDIATE (the
 * write lock, so that a decision and the act it permits cannot be
 * raced), the outermost db_begin_read a plain BEGIN (a snapshot, no
 * write lock), an inner one a SAVEPOINT.  Every db_begin is matched by one
 * db_end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef DB_H
#define DB_H

#include <sqlite3.h>

#include "common/proto.h"

#define DB_FILE		"xlsh.db"
#define DB_BUSY_MS	60000	/* how long to wait for another's write */
/*
 * Pages are read through a mapping of the file, not copied into each
 * new session's cache one read(2) at a time: a listing reads them all.
 */
#define DB_MMAP_BYTES	"268435456"	/* 256 MiB at most */

#define DB_STMT_BUCKETS	64

struct db {
	sqlite3		*h;
	char		*path;
	int		 depth;		/* open transactions, outermost first */
	int		 busy;		/* db_fail saw another's lock */
	struct db_stmt	*stmts[DB_STMT_BUCKETS];	/* db_stmt.c's */
};

/* db_schema.c: the schema's steps; step i takes version i to i + 1. */
extern const char *const db_schema[];
extern const int db_nschema;

int	db_open(const char *, struct db **, struct xerr *);
void	db_close(struct db *);
/* Give back the memory its caches can do without (an idle session). */
void	db_release(struct db *);
int	db_begin(struct db *, struct xerr *);
/*
 * A transaction that only reads: BEGIN (deferred) when outermost, so
 * that it takes no write lock and readers never wait for each other or
 * for a writer (WAL); a SAVEPOINT when nested.  Ended by db_end.
 */
int	db_begin_read(struct db *, struct xerr *);
int	db_end(struct db *, int, struct xerr *);	/* 1: commit */
/* One statement's error as a struct xerr (XE_STATE). */
int	db_fail(struct db *, struct xerr *, const char *);
/*
 * The statement for sql, or fatal: every statement of the program is
 * known.  Statements are kept compiled (db_stmt.c); db_done ends each
 * use, where sqlite3_finalize would, and returns sqlite3_reset's code.
 */
sqlite3_stmt *db_prepare(struct db *, const char *);
int	db_done(struct db *, sqlite3_stmt *);
void	db_stmts_free(struct db *);
/* Run a statement without results; 0 or -1. */
int	db_exec(struct db *, const char *, struct xerr *);
/*
 * Step a prepared statement that returns no rows, and end it: 0,
 * or -1 (a constraint as XE_EXISTS, "WHAT: already exists").
 */
int	db_run(struct db *, sqlite3_stmt *, const char *, struct xerr *);
/*
 * A text column into out: -1 if it does not fit or holds a NUL byte
 * (cut short, a name would read as another); NULL reads as "".
 */
int	db_text(char *, size_t, sqlite3_stmt *, int);
/* The schema version this program reads and writes. */
int	db_schema_version(void);

#endif /* DB_H */
