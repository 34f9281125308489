/*
 * The registry's volumes and network interfaces (db.c's tables volume
 * and vif).  A volume's record says who owns it, what it was made from
 * and which VM has it at which virtual disk; the pool (the backend)
 * holds the volume itself, found by the same name.  A vif belongs to
 * its VM's record and goes with it (reg_delete); MACs are unique.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

#define VOL_COLUMNS	"name, owner, size_mib, origin, vm, vdev, " \
			"created_ms, created_by"
#define MAC_TRIES	16

static int	vol_row(struct db *, sqlite3_stmt *, struct volrec *,
		    struct xerr *);

static int
vol_row(struct db *db, sqlite3_stmt *st, struct volrec *r, struct xerr *e)
{
	sqlite3_int64	size, vdev;
	uint32_t	devid;
	int		bad;

	memset(r, 0, sizeof(*r));
	bad = db_text(r->name, sizeof(r->name), st, 0) |
	    db_text(r->owner, sizeof(r->owner), st, 1) |
	    db_text(r->origin, sizeof(r->origin), st, 3) |
	    db_text(r->vm, sizeof(r->vm), st, 4) |
	    db_text(r->vdev, sizeof(r->vdev), st, 5) |
	    db_text(r->created_by, sizeof(r->created_by), st, 7);
	size = sqlite3_column_int64(st, 2);
	vdev = r->vdev[0] != '\0' ? parse_vdev(r->vdev, &devid) : 0;
	r->created_ms = (uint64_t)sqlite3_column_int64(st, 6);
	if (bad || !valid_volume_name(r->name) ||
	    (r->owner[0] != '\0' && !valid_member_name(r->owner)) ||
	    (r->origin[0] != '\0' && !valid_volume_name(r->origin)) ||
	    (r->vm[0] != '\0' && !is_uuid(r->vm)) || vdev == -1 ||
	    size <= 0 || (uint64_t)size > XLSH_VOL_MIB_MAX) {
		xerr_set(e, XE_STATE, "%s: the record of volume %s is "
		    "damaged; the database was left as it is", db->path,
		    r->name);
		return -1;
	}
	r->size_mib = (uint64_t)size;
	return 0;
}

int
volreg_get(struct db *db, const char *name, struct volrec *r,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc, rv;

	st = db_prepare(db, "SELECT " VOL_COLUMNS " FROM volume "
	    "WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rv = vol_row(db, st, r, e) == 0 ? 1 : -1;
	else if (rc == SQLITE_DONE)
		rv = 0;
	else
		rv = db_fail(db, e, "volume");
	db_done(db, st);
	return rv;
}

int
volreg_insert(struct db *db, const struct volrec *r, struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "INSERT INTO volume (" VOL_COLUMNS ") VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
	if (r->owner[0] != '\0')
		sqlite3_bind_text(st, 2, r->owner, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)r->size_mib);
	if (r->origin[0] != '\0')
		sqlite3_bind_text(st, 4, r->origin, -1, SQLITE_STATIC);
	if (r->vm[0] != '\0') {
		sqlite3_bind_text(st, 5, r->vm, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, r->vdev, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 7, (sqlite3_int64)r->created_ms);
	sqlite3_bind_text(st, 8, r->created_by, -1, SQLITE_STATIC);
	return db_run(db, st, r->name, e);
}

int
volreg_delete(struct db *db, const char *name, struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "DELETE FROM volume WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return db_run(db, st, name, e);
}

int
volreg_set_size(struct db *db, const char *name, uint64_t mib,
    struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "UPDATE volume SET size_mib = ?2 WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)mib);
	return db_run(db, st, name, e);
}

/* Attach the volume to VM vm at vdev, or (vm NULL) detach it. */
int
volreg_attach(struct db *db, const char *name, const char *vm,
    const char *vdev, struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "UPDATE volume SET vm = ?2, vdev = ?3 "
	    "WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (vm != NULL) {
		sqlite3_bind_text(st, 2, vm, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, vdev, -1, SQLITE_STATIC);
	}
	return db_run(db, st, name, e);
}

/* The volume VM vm has at vdev, if any, is its no longer. */
int
volreg_release(struct db *db, const char *vm, const char *vdev,
    struct xerr *e)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "UPDATE volume SET vm = NULL, vdev = NULL "
	    "WHERE vm = ?1 AND vdev = ?2");
	sqlite3_bind_text(st, 1, vm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, vdev, -1, SQLITE_STATIC);
	return db_run(db, st, vdev, e);
}

/*
 * The records of owner's volumes (NULL: everyone's) or of those
 * attached to VM vm (NULL: any), by name or, for a VM, by vdev.
 */
int
volreg_list(struct db *db, const char *owner, const char *vm,
    struct volrec **out, size_t *np, struct xerr *e)
{
	sqlite3_stmt	*st;
	struct volrec	*v = NULL;
	size_t		 n = 0, cap = 0;
	int		 rc;

	st = db_prepare(db, "SELECT " VOL_COLUMNS " FROM volume WHERE "
	    "(?1 IS NULL OR owner = ?1) AND (?2 IS NULL OR vm = ?2) "
	    "ORDER BY CASE WHEN ?2 IS NULL THEN name ELSE "
	    "length(vdev) || vdev END");
	if (owner != NULL)
		sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	if (vm != NULL)
		sqlite3_bind_text(st, 2, vm, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (vol_row(db, st, &v[n], e) == -1)
			break;
		n++;
	}
	db_done(db, st);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			db_fail(db, e, "volume");
		free(v);
		return -1;
	}
	*out = v;
	*np = n;
	return 0;
}

/* What the owner's volumes add up to, in MiB, for disk=. */
int
volreg_usage(struct db *db, const char *owner, uint64_t *mib,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, "SELECT COALESCE(SUM(size_mib), 0) FROM volume "
	    "WHERE owner = ?1");
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*mib = (uint64_t)sqlite3_column_int64(st, 0);
	db_done(db, st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, e, "volume");
}

/*
 * A new interface of VM vm on bridge, with a MAC no other vif has: the
 * one given (XE_EXISTS if another vif has it), or a new one.
 */
int
vif_add(struct db *db, const char *vm, const char *bridge,
    const uint8_t *given, struct vifrec *out, struct xerr *e)
{
	sqlite3_stmt	*st;
	char		 mac[18];
	int		 rc = SQLITE_CONSTRAINT, tries;

	memset(out, 0, sizeof(*out));
	snprintf(out->bridge, sizeof(out->bridge), "%s", bridge);
	for (tries = 0; tries < (given != NULL ? 1 : MAC_TRIES) &&
	    rc == SQLITE_CONSTRAINT; tries++) {
		if (given != NULL)
			memcpy(out->mac, given, 6);
		else
			new_mac(out->mac);
		fmt_mac(mac, out->mac);
		st = db_prepare(db, "INSERT INTO vif (vm, devid, mac, bridge) "
		    "SELECT ?1, COALESCE(MAX(devid) + 1, 0), ?2, ?3 FROM vif "
		    "WHERE vm = ?1 RETURNING devid");
		sqlite3_bind_text(st, 1, vm, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, mac, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, bridge, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			out->devid = (uint32_t)sqlite3_column_int64(st, 0);
			rc = sqlite3_step(st);
		}
		db_done(db, st);
	}
	if (rc == SQLITE_CONSTRAINT && given != NULL) {
		xerr_set(e, XE_EXISTS, "MAC address %s is in use by another "
		    "interface", mac);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "vif");
}

/* VM vm's interface with this MAC, if it has one, is no longer its. */
int
vif_delete(struct db *db, const char *vm, const uint8_t *m, struct xerr *e)
{
	sqlite3_stmt	*st;
	char		 mac[18];

	st = db_prepare(db, "DELETE FROM vif WHERE vm = ?1 AND mac = ?2");
	sqlite3_bind_text(st, 1, vm, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, fmt_mac(mac, m), -1, SQLITE_TRANSIENT);
	return db_run(db, st, "vif", e);
}

int
vif_list(struct db *db, const char *vm, struct vifrec **out, size_t *np,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	struct vifrec	*v = NULL;
	size_t		 n = 0, cap = 0;
	int		 rc, bad = 0;

	st = db_prepare(db, "SELECT devid, mac, bridge FROM vif WHERE vm = ?1 "
	    "ORDER BY devid");
	sqlite3_bind_text(st, 1, vm, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].devid = (uint32_t)sqlite3_column_int64(st, 0);
		if (sqlite3_column_text(st, 1) == NULL ||
		    parse_mac((const char *)sqlite3_column_text(st, 1),
		    v[n].mac) == -1 ||
		    db_text(v[n].bridge, sizeof(v[n].bridge), st, 2) == -1) {
			bad = 1;
			break;
		}
		n++;
	}
	db_done(db, st);
	if (bad || rc != SQLITE_DONE) {
		free(v);
		if (bad) {
			xerr_set(e, XE_STATE, "%s: a vif of VM %s is damaged; "
			    "the database was left as it is", db->path, vm);
			return -1;
		}
		return db_fail(db, e, "vif");
	}
	*out = v;
	*np = n;
	return 0;
}
