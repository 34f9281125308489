/*
 * The members' progress in lessons: the database's lesson table (db.c,
 * schema version 7), one row per member and lesson, at most one of a
 * member's rows current.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/db.h"
#include "common/xlsh.h"
#include "lesson.h"

#define PROGRESS_COLUMNS	"member, lesson, step, nsteps, hints, memo, " \
				"current, updated_ms"

static int	row(struct db *, sqlite3_stmt *, struct progress *,
		    struct xerr *);
static int	one(struct db *, sqlite3_stmt *, struct progress *,
		    struct xerr *);
static void	bind_progress(sqlite3_stmt *, const struct progress *);

static int
row(struct db *db, sqlite3_stmt *st, struct progress *p, struct xerr *e)
{
	sqlite3_int64	lesson, step, nsteps, hints;

	memset(p, 0, sizeof(*p));
	lesson = sqlite3_column_int64(st, 1);
	step = sqlite3_column_int64(st, 2);
	nsteps = sqlite3_column_int64(st, 3);
	hints = sqlite3_column_int64(st, 4);
	if ((db_text(p->member, sizeof(p->member), st, 0) |
	    db_text(p->memo, sizeof(p->memo), st, 5)) ||
	    !valid_member_name(p->member) || lesson < 1 ||
	    lesson > LESSON_MAX || nsteps < 1 ||
	    nsteps > LESSON_STEPS_MAX || step < 0 || step > nsteps ||
	    hints < 0 || hints > LESSON_HINTS_MAX) {
		xerr_set(e, XE_STATE, "%s: a lesson's progress is damaged; "
		    "the database was left as it is", db->path);
		return -1;
	}
	p->lesson = (unsigned int)lesson;
	p->step = (unsigned int)step;
	p->nsteps = (unsigned int)nsteps;
	p->hints = (unsigned int)hints;
	p->current = sqlite3_column_int(st, 6);
	p->updated_ms = (uint64_t)sqlite3_column_int64(st, 7);
	return 0;
}

static int
one(struct db *db, sqlite3_stmt *st, struct progress *p, struct xerr *e)
{
	int	rc, rv;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rv = row(db, st, p, e) == 0 ? 1 : -1;
	else if (rc == SQLITE_DONE)
		rv = 0;
	else
		rv = db_fail(db, e, "lesson");
	db_done(db, st);
	return rv;
}

int
progress_get(struct db *db, const char *member, unsigned int lesson,
    struct progress *p, struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "SELECT " PROGRESS_COLUMNS " FROM lesson "
	    "WHERE member = ?1 AND lesson = ?2");
	sqlite3_bind_text(st, 1, member, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)lesson);
	return one(db, st, p, e);
}

/* The member's current lesson, found by the partial index. */
int
progress_current(struct db *db, const char *member, struct progress *p,
    struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "SELECT " PROGRESS_COLUMNS " FROM lesson "
	    "WHERE member = ?1 AND current = 1");
	sqlite3_bind_text(st, 1, member, -1, SQLITE_STATIC);
	return one(db, st, p, e);
}

/* A member's rows (NULL: everyone's), by member and lesson. */
int
progress_list(struct db *db, const char *member, struct progress **out,
    size_t *np, struct xerr *e)
{
	sqlite3_stmt	*st;
	struct progress	*v = NULL;
	size_t		 n = 0;
	int		 rc;

	st = db_prepare(db, "SELECT " PROGRESS_COLUMNS " FROM lesson "
	    "WHERE ?1 IS NULL OR member = ?1 ORDER BY member, lesson");
	if (member != NULL)
		sqlite3_bind_text(st, 1, member, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof(*v));
		if (row(db, st, &v[n], e) == -1)
			break;
		n++;
	}
	db_done(db, st);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			db_fail(db, e, "lesson");
		free(v);
		return -1;
	}
	*out = v;
	*np = n;
	return 0;
}

/* A row's values, ?1 to ?7, as p has them, updated now. */
static void
bind_progress(sqlite3_stmt *st, const struct progress *p)
{
	sqlite3_bind_text(st, 1, p->member, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)p->lesson);
	sqlite3_bind_int(st, 3, (int)p->step);
	sqlite3_bind_int(st, 4, (int)p->nsteps);
	sqlite3_bind_int(st, 5, (int)p->hints);
	sqlite3_bind_text(st, 6, p->memo, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)now_ms());
}

/*
 * Make p's lesson the member's current one, its row as p has it (a new
 * one, or the one there was, resumed).
 */
int
progress_start(struct db *db, const struct progress *p, struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "UPDATE lesson SET current = 0 WHERE "
	    "member = ?1 AND current = 1 AND lesson != ?2");
	sqlite3_bind_text(st, 1, p->member, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)p->lesson);
	if (db_run(db, st, "lesson", e) == -1)
		return -1;
	st = db_prepare(db, "INSERT OR REPLACE INTO lesson (" PROGRESS_COLUMNS
	    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)");
	bind_progress(st, p);
	return db_run(db, st, "lesson", e);
}

/*
 * The row's step, hints and memo as p has them, if its step is still
 * from (another session may have moved it on): 1 set, 0 not, -1.
 */
int
progress_set(struct db *db, const struct progress *p, unsigned int from,
    struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "UPDATE lesson SET step = ?3, nsteps = ?4, "
	    "hints = ?5, memo = ?6, updated_ms = ?7 WHERE member = ?1 AND "
	    "lesson = ?2 AND step = ?8");
	bind_progress(st, p);
	sqlite3_bind_int(st, 8, (int)from);
	if (db_run(db, st, "lesson", e) == -1)
		return -1;
	return sqlite3_changes(db->h) > 0;
}

int
progress_reset(struct db *db, const char *member, unsigned int lesson,
    struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "DELETE FROM lesson WHERE member = ?1 AND "
	    "lesson = ?2");
	sqlite3_bind_text(st, 1, member, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)lesson);
	return db_run(db, st, "lesson", e);
}
