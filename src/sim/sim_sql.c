/*
 * The simulated host's statements, made from the field tables so that
 * the columns and the fields cannot disagree, and prepared once per
 * backend; and a row's values both ways: bound into a statement, and
 * read out of one, every value checked (sim_state.c has the ranges).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

enum { COL_NAME, COL_PARAM, COL_SET };

static char	*sql_of(enum sim_query);
static void	 put_cols(FILE *, const struct field *, int);
static void	 show_value(sqlite3_stmt *, int, char *, size_t);

/* The columns of a field table: names, parameters, or name = param. */
static void
put_cols(FILE *f, const struct field *tab, int how)
{
	int	i;

	for (i = 0; tab[i].key != NULL; i++) {
		if (i > 0)
			fputs(", ", f);
		if (how == COL_NAME)
			fputs(tab[i].key, f);
		else if (how == COL_PARAM)
			fprintf(f, "?%d", i + 1);
		else
			fprintf(f, "%s = ?%d", tab[i].key, i + 1);
	}
}

static char *
sql_of(enum sim_query q)
{
	const struct field	*h = sim_host_fields, *d = sim_dom_fields;
	FILE			*f;
	char			*sql = NULL;
	size_t			 len = 0;

	if ((f = open_memstream(&sql, &len)) == NULL)
		fatal("open_memstream");
	if (q == Q_HOST || q == Q_DOM || q == Q_ALL || q == Q_PENDING) {
		fputs("SELECT ", f);
		put_cols(f, q == Q_HOST ? h : d, COL_NAME);
	}
	switch (q) {
	case Q_HOST:
		fputs(" FROM sim_host WHERE id = 1", f);
		break;
	case Q_HOST_INSERT:
		fputs("INSERT INTO sim_host (", f);
		put_cols(f, h, COL_NAME);
		fputs(", id) VALUES (", f);
		put_cols(f, h, COL_PARAM);
		fputs(", 1)", f);
		break;
	case Q_HOST_UPDATE:
		fputs("UPDATE sim_host SET ", f);
		put_cols(f, h, COL_SET);
		fputs(" WHERE id = 1", f);
		break;
	case Q_DOM:
		fputs(" FROM sim_dom WHERE domid = ?1", f);
		break;
	case Q_ALL:
		fputs(" FROM sim_dom ORDER BY domid", f);
		break;
	case Q_PENDING:
		/* The partial index sim_dom_pending finds them. */
		fputs(" FROM sim_dom WHERE pending != 'none' AND paused = 0 "
		    "ORDER BY domid", f);
		break;
	case Q_INSERT:
		fputs("INSERT INTO sim_dom (", f);
		put_cols(f, d, COL_NAME);
		fputs(") VALUES (", f);
		put_cols(f, d, COL_PARAM);
		fputs(")", f);
		break;
	case Q_UPDATE:
		/* domid is ?1: it sets itself. */
		fputs("UPDATE sim_dom SET ", f);
		put_cols(f, d, COL_SET);
		fputs(" WHERE domid = ?1", f);
		break;
	case Q_DELETE:
		fputs("DELETE FROM sim_dom WHERE domid = ?1", f);
		break;
	case Q_DISKS_DELETE:
		fputs("DELETE FROM sim_disk WHERE domid = ?1", f);
		break;
	case Q_NICS_DELETE:
		fputs("DELETE FROM sim_nic WHERE domid = ?1", f);
		break;
	case Q_VCPUS_DELETE:
		fputs("DELETE FROM sim_vcpu WHERE domid = ?1", f);
		break;
	case Q_SCHED_DELETE:
		fputs("DELETE FROM sim_sched WHERE domid = ?1", f);
		break;
	case Q_NAME:
		fputs("SELECT domid FROM sim_dom WHERE name = ?1", f);
		break;
	case Q_UUID:
		fputs("SELECT domid FROM sim_dom WHERE uuid = ?1", f);
		break;
	case Q_USED:
		fputs("SELECT COUNT(*), SUM(domid != 0), SUM(mem_kb), "
		    "MIN(mem_kb), MAX(mem_kb) FROM sim_dom", f);
		break;
	case Q_BADMEM:
		fputs("SELECT domid, mem_kb FROM sim_dom WHERE "
		    "typeof(mem_kb) != 'integer' OR mem_kb < ?1 OR "
		    "mem_kb > ?2 ORDER BY domid LIMIT 1", f);
		break;
	case Q_NAMED:
		/* The index of names and uuids has all: the range in it. */
		fputs("SELECT domid, name, uuid FROM sim_dom INDEXED BY "
		    "sim_dom_name_uuid WHERE name >= ?1 AND name < ?2 "
		    "ORDER BY name", f);
		break;
	case Q_NAMED_ALL:
		fputs("SELECT domid, name, uuid FROM sim_dom INDEXED BY "
		    "sim_dom_name_uuid ORDER BY name", f);
		break;
	case Q_COUNT:
		break;
	}
	if (fclose(f) != 0)
		fatal("open_memstream");
	return sql;
}

sqlite3_stmt *
sim_stmt(struct sim *s, enum sim_query q)
{
	char	*sql;

	if (s->stmt[q] == NULL) {
		sql = sql_of(q);
		s->stmt[q] = db_prepare(s->db, sql);
		free(sql);
	}
	return s->stmt[q];
}

void
sim_db_close(struct sim *s)
{
	int	q;

	/* The database keeps them (db_stmt.c): let go of them here. */
	for (q = 0; q < Q_COUNT; q++) {
		if (s->stmt[q] != NULL)
			db_done(s->db, s->stmt[q]);
		s->stmt[q] = NULL;
	}
}

/* A column's value as a reader of the message should see it. */
static void
show_value(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	char	vis[XLSH_NAME_MAX + 1];

	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
		snprintf(buf, size, "%lld",
		    (long long)sqlite3_column_int64(st, col));
		break;
	case SQLITE_FLOAT:
		snprintf(buf, size, "%g", sqlite3_column_double(st, col));
		break;
	case SQLITE_TEXT:
		strvis_name(vis, sizeof(vis),
		    (const char *)sqlite3_column_text(st, col));
		snprintf(buf, size, "\"%s\"", vis);
		break;
	case SQLITE_BLOB:
		snprintf(buf, size, "(a blob)");
		break;
	default:
		snprintf(buf, size, "NULL");
		break;
	}
}

/* A row failed: name it (a domain's by its domid, column 0). */
int
sim_row_fail(struct simhost *h, sqlite3_stmt *st, int dom, struct xerr *e,
    const char *fmt, ...)
{
	va_list	ap;
	char	row[48], what[160];

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (dom)
		snprintf(row, sizeof(row), "sim_dom domid %lld",
		    (long long)sqlite3_column_int64(st, 0));
	else
		snprintf(row, sizeof(row), "sim_host");
	xerr_set(e, XE_STATE, "%s: %s: %s; the database was left as it is",
	    h->s->db->path, row, what);
	return -1;
}

/* Column col of the current row, named key, holds a bad value. */
int
sim_bad_value(struct simhost *h, sqlite3_stmt *st, int dom, int col,
    const char *key, struct xerr *e)
{
	char	shown[XLSH_NAME_MAX + 8];

	show_value(st, col, shown, sizeof(shown));
	return sim_row_fail(h, st, dom, e, "bad value %s=%s", key, shown);
}

/* The current row of st into base, by the table, every value checked. */
int
sim_read_row(struct simhost *h, sqlite3_stmt *st, const struct field *tab,
    void *base, struct xerr *e)
{
	return sim_read_cols(h, st, tab, INT_MAX, base, e);
}

/*
 * The same for the row's first ncols columns, the table's first fields.
 * Each column's value is taken once and read with sqlite3_value_*():
 * the helper has one thread, which is what such a value asks.
 */
int
sim_read_cols(struct simhost *h, sqlite3_stmt *st, const struct field *tab,
    int ncols, void *base, struct xerr *e)
{
	const struct field	*f;
	sqlite3_value		*val;
	const char		*text;
	sqlite3_int64		 v;
	int			 i;

	for (i = 0, f = tab; f->key != NULL && i < ncols; i++, f++) {
		val = sqlite3_column_value(st, i);
		if (f->kind == F_NUM) {
			if (sqlite3_value_type(val) != SQLITE_INTEGER ||
			    (v = sqlite3_value_int64(val)) < 0 ||
			    (uint64_t)v < f->min || (uint64_t)v > f->max)
				goto bad;
			*sim_numfield(base, f) = (uint64_t)v;
			continue;
		}
		if (sqlite3_value_type(val) != SQLITE_TEXT)
			goto bad;
		/* No NUL inside: then the value is all that C sees. */
		text = (const char *)sqlite3_value_text(val);
		if (text == NULL ||
		    strlen(text) != (size_t)sqlite3_value_bytes(val) ||
		    sim_field_text(f, text, base) == -1)
			goto bad;
	}
	return 0;
bad:
	return sim_bad_value(h, st, tab == sim_dom_fields, i, f->key, e);
}

void
sim_bind_row(sqlite3_stmt *st, const struct field *tab, const void *base)
{
	const struct field	*f;
	uint64_t		 v = 0;
	char			 uuid[40];
	int			 i;

	for (i = 1, f = tab; f->key != NULL; i++, f++) {
		if (f->kind != F_NAME && f->kind != F_UUID)
			v = *sim_numfield((void *)(uintptr_t)base, f);
		switch (f->kind) {
		case F_NUM:
			/* SQLite's integers are signed (SIM_CPU_NS_MAX). */
			sqlite3_bind_int64(st, i, v > (uint64_t)INT64_MAX ?
			    INT64_MAX : (sqlite3_int64)v);
			break;
		case F_NAME:
			sqlite3_bind_text(st, i, (const char *)base + f->off,
			    -1, SQLITE_TRANSIENT);
			break;
		case F_UUID:
			fmt_uuid(uuid, (const uint8_t *)base + f->off);
			sqlite3_bind_text(st, i, uuid, -1, SQLITE_TRANSIENT);
			break;
		case F_ENUM:
			sqlite3_bind_text(st, i, f->names[v], -1,
			    SQLITE_STATIC);
			break;
		case F_ACTION:
			sqlite3_bind_text(st, i,
			    dom_action_name((enum dom_action)v), -1,
			    SQLITE_STATIC);
			break;
		}
	}
}
