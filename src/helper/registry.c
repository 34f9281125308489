/*
 * The VM registry: the records of the database's vm table (db.c has
 * its schema), read and written by index.  A record's owner is the
 * only source of a member's rights over a VM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

#define REC_COLUMNS	"uuid, name, owner, persistent, template, " \
			"maxmem_kb, maxvcpus, created_ms, created_by, saved"

static int	row(struct db *, sqlite3_stmt *, struct vmrec *, int,
		    struct xerr *);
static int	update(struct db *, const char *, const char *,
		    const char *, struct xerr *);

/* One record from a row of REC_COLUMNS (and config), checked. */
static int
row(struct db *db, sqlite3_stmt *st, struct vmrec *r, int with_config,
    struct xerr *e)
{
	sqlite3_int64	mem, cpus;
	int		bad;

	memset(r, 0, sizeof(*r));
	bad = db_text(r->uuid, sizeof(r->uuid), st, 0) |
	    db_text(r->name, sizeof(r->name), st, 1) |
	    db_text(r->owner, sizeof(r->owner), st, 2) |
	    db_text(r->template, sizeof(r->template), st, 4) |
	    db_text(r->created_by, sizeof(r->created_by), st, 8);
	r->persistent = sqlite3_column_int(st, 3);
	r->saved = sqlite3_column_int(st, 9) != 0;
	mem = sqlite3_column_int64(st, 5);
	cpus = sqlite3_column_int64(st, 6);
	r->created_ms = (uint64_t)sqlite3_column_int64(st, 7);
	if (bad || !is_uuid(r->uuid) || !valid_domain_name(r->name) ||
	    (r->owner[0] != '\0' && !valid_member_name(r->owner)) ||
	    mem <= 0 || cpus <= 0 || cpus > XLSH_VCPUS_MAX) {
		xerr_set(e, XE_STATE, "%s: the record of VM %s is damaged; "
		    "the database was left as it is", db->path, r->uuid);
		return -1;
	}
	r->maxmem_kb = (uint64_t)mem;
	r->maxvcpus = (uint32_t)cpus;
	if (with_config)
		r->config = xstrdup(sqlite3_column_text(st, 10) != NULL ?
		    (const char *)sqlite3_column_text(st, 10) : "");
	return 0;
}

/* The record with this uuid, or (uuid NULL) this name. */
int
reg_get(struct db *db, const char *uuid, const char *name, struct vmrec *r,
    int with_config, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc, rv;

	st = db_prepare(db, uuid != NULL ?
	    "SELECT " REC_COLUMNS ", config FROM vm WHERE uuid = ?1" :
	    "SELECT " REC_COLUMNS ", config FROM vm WHERE name = ?1");
	sqlite3_bind_text(st, 1, uuid != NULL ? uuid : name, -1,
	    SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rv = row(db, st, r, with_config, e) == 0 ? 1 : -1;
	else if (rc == SQLITE_DONE)
		rv = 0;
	else
		rv = db_fail(db, e, "vm");
	db_done(db, st);
	return rv;
}

int
reg_insert(struct db *db, const struct vmrec *r, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, "INSERT INTO vm (" REC_COLUMNS ", config) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?10)");
	sqlite3_bind_text(st, 1, r->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
	if (r->owner[0] != '\0')
		sqlite3_bind_text(st, 3, r->owner, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, r->persistent != 0);
	if (r->template[0] != '\0')
		sqlite3_bind_text(st, 5, r->template, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)r->maxmem_kb);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)r->maxvcpus);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)r->created_ms);
	sqlite3_bind_text(st, 9, r->created_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, r->config != NULL ? r->config : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 11, r->saved != 0);
	rc = sqlite3_step(st);
	db_done(db, st);
	if (rc == SQLITE_CONSTRAINT) {
		xerr_set(e, XE_EXISTS, "a VM named %s already exists",
		    r->name);
		return -1;
	}
	if (rc != SQLITE_DONE)
		return db_fail(db, e, "vm");
	return 0;
}

/* One column of one record; column is a constant of this file. */
static int
update(struct db *db, const char *sql, const char *uuid, const char *val,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, sql);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	if (val != NULL)
		sqlite3_bind_text(st, 2, val, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(db, st);
	if (rc == SQLITE_CONSTRAINT) {
		xerr_set(e, XE_EXISTS, "a VM named %s already exists", val);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "vm");
}

/*
 * A record goes with its interfaces; its volumes stay, their owners',
 * no longer attached to it.
 */
int
reg_delete(struct db *db, const char *uuid, struct xerr *e)
{
	if (update(db, "DELETE FROM vif WHERE vm = ?1", uuid, NULL, e) == -1 ||
	    update(db, "UPDATE volume SET vm = NULL, vdev = NULL "
	    "WHERE vm = ?1", uuid, NULL, e) == -1)
		return -1;
	return update(db, "DELETE FROM vm WHERE uuid = ?1", uuid, NULL, e);
}

int
reg_rename(struct db *db, const char *uuid, const char *name,
    struct xerr *e)
{
	return update(db, "UPDATE vm SET name = ?2 WHERE uuid = ?1", uuid,
	    name, e);
}

int
reg_set_owner(struct db *db, const char *uuid, const char *owner,
    struct xerr *e)
{
	return update(db, "UPDATE vm SET owner = ?2 WHERE uuid = ?1", uuid,
	    owner, e);
}

/* The VM was saved (1), or is no longer (0): save, restore. */
int
reg_set_saved(struct db *db, const char *uuid, int saved, struct xerr *e)
{
	return update(db, saved ? "UPDATE vm SET saved = 1 WHERE uuid = ?1" :
	    "UPDATE vm SET saved = 0 WHERE uuid = ?1", uuid, NULL, e);
}

int
reg_set_maxmem(struct db *db, const char *uuid, uint64_t kb, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, "UPDATE vm SET maxmem_kb = ?2 WHERE uuid = ?1");
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)kb);
	rc = sqlite3_step(st);
	db_done(db, st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "vm");
}

/*
 * Every record, or (owner not NULL) the owner's, in uuid order,
 * without configs.
 */
int
reg_list(struct db *db, const char *owner, struct vmrec **out, size_t *nout,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	struct vmrec	*v = NULL;
	size_t		 n = 0, cap = 0;
	int		 rc;

	st = db_prepare(db, owner != NULL ?
	    "SELECT " REC_COLUMNS " FROM vm WHERE owner = ?1 ORDER BY uuid" :
	    "SELECT " REC_COLUMNS " FROM vm ORDER BY uuid");
	if (owner != NULL)
		sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (row(db, st, &v[n], 0, e) == -1)
			break;
		n++;
	}
	db_done(db, st);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			db_fail(db, e, "vm");
		free(v);
		return -1;
	}
	*out = v;
	*nout = n;
	return 0;
}

void
reg_free(struct vmrec *r)
{
	free(r->config);
	r->config = NULL;
}

/*
 * The host's uuid, as xe's host-list shows it: made once, kept in the
 * meta table.
 */
int
reg_host_uuid(struct db *db, char *out, struct xerr *e)
{
	sqlite3_stmt	*st;
	uint8_t		 u[16];
	int		 rc, ok = 0;

	st = db_prepare(db, "SELECT value FROM meta WHERE key = 'host_uuid'");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ok = db_text(out, UUID_STR, st, 0) == 0 && is_uuid(out);
	db_done(db, st);
	if (ok)
		return 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, e, "meta");
	new_uuid(u);
	fmt_uuid(out, u);
	st = db_prepare(db, "INSERT OR REPLACE INTO meta (key, value) "
	    "VALUES ('host_uuid', ?1)");
	sqlite3_bind_text(st, 1, out, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(db, st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "meta");
}
