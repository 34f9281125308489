/*
 * The simulated host's storage pool: a volume group of SIM_VG_MIB and,
 * unless the helper's configuration names none, a thin pool of
 * SIM_THIN_MIB in it, whose volumes are in table sim_lv.  It behaves
 * as lvm does: volumes are whole extents; a thin volume takes only what
 * its guest wrote (a snapshot shares its origin's), so thin volumes may
 * add up to more than the pool, with lvm's warning, and creation stops
 * when the pool's data is full; without a thin pool a volume takes its
 * whole size from the group, and a group without room says so.  A new
 * pool holds one prepared base volume (SIM_BASE), as an administrator's
 * would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

static int	lv_read(struct sim *, sqlite3_stmt *, struct volinfo *,
		    struct xerr *);
static int	lv_get(struct sim *, const char *, struct volinfo *,
		    struct xerr *);
static int	lv_need(struct sim *, const char *, struct volinfo *,
		    struct xerr *);
static int	room(struct sim *, uint64_t, const char *, struct xerr *);

/*
 * The pool's base volume: once, in a new pool.  Every session opens
 * the backend: a read says whether there is anything to write, so that
 * an open takes no write lock once the pool is made.
 */
int
sim_pool_init(struct sim *s, struct xerr *e)
{
	sqlite3_stmt	*st;
	char		 sql[256];
	int		 rc;

	st = db_prepare(s->db, "SELECT 1 FROM meta WHERE key = 'sim_pool'");
	rc = sqlite3_step(st);
	db_done(s->db, st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(s->db, e, "meta");
	snprintf(sql, sizeof(sql), "INSERT INTO sim_lv (name, size_mib, "
	    "used_mib, origin) SELECT '%s', %d, %d, NULL WHERE NOT EXISTS "
	    "(SELECT 1 FROM meta WHERE key = 'sim_pool'); "
	    "INSERT OR IGNORE INTO meta (key, value) VALUES ('sim_pool', "
	    "'made')", SIM_BASE, SIM_BASE_MIB, SIM_BASE_USED_MIB);
	if (db_begin(s->db, e) == -1)
		return -1;
	if (db_exec(s->db, sql, e) == -1) {
		db_end(s->db, 0, NULL);
		return -1;
	}
	return db_end(s->db, 1, e);
}

/* One row of name, size_mib, used_mib, origin, open; checked. */
static int
lv_read(struct sim *s, sqlite3_stmt *st, struct volinfo *v, struct xerr *e)
{
	const char	*name = (const char *)sqlite3_column_text(st, 0);
	const char	*origin = (const char *)sqlite3_column_text(st, 3);
	sqlite3_int64	 size = sqlite3_column_int64(st, 1);
	sqlite3_int64	 used = sqlite3_column_int64(st, 2);

	memset(v, 0, sizeof(*v));
	if (name == NULL || !valid_volume_name(name) ||
	    (origin != NULL && !valid_volume_name(origin)) ||
	    size <= 0 || (uint64_t)size > XLSH_VOL_MIB_MAX ||
	    size % XLSH_EXTENT_MIB != 0 || used < 0 || used > size) {
		xerr_set(e, XE_STATE, "%s: a row of sim_lv is damaged; the "
		    "database was left as it is", s->db->path);
		return -1;
	}
	snprintf(v->name, sizeof(v->name), "%s", name);
	snprintf(v->origin, sizeof(v->origin), "%s", origin != NULL ?
	    origin : "");
	snprintf(v->path, sizeof(v->path), "/dev/%s/%s", s->vg, name);
	v->size_mib = (uint64_t)size;
	v->used_mib = s->thin[0] != '\0' ? (uint64_t)used : (uint64_t)size;
	v->open = sqlite3_column_int(st, 4) != 0;
	return 0;
}

#define LV_COLUMNS	"name, size_mib, used_mib, origin, EXISTS (SELECT 1 " \
			"FROM sim_disk WHERE target = '/dev/' || ?1 || '/' || " \
			"sim_lv.name)"

static int
lv_get(struct sim *s, const char *name, struct volinfo *v, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc, rv;

	st = db_prepare(s->db, "SELECT " LV_COLUMNS " FROM sim_lv "
	    "WHERE name = ?2");
	sqlite3_bind_text(st, 1, s->vg, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rv = lv_read(s, st, v, e) == 0 ? 1 : -1;
	else if (rc == SQLITE_DONE)
		rv = 0;
	else
		rv = db_fail(s->db, e, "sim_lv");
	db_done(s->db, st);
	return rv;
}

/* The volume called name, which must be there: 0, or -1 as lvm says. */
static int
lv_need(struct sim *s, const char *name, struct volinfo *v, struct xerr *e)
{
	int	r;

	if ((r = lv_get(s, name, v, e)) == 0)
		xerr_set(e, XE_NOTFOUND, "Failed to find logical volume "
		    "\"%s/%s\"", s->vg, name);
	return r == 1 ? 0 : -1;
}

int
sim_pool(struct backend *b, struct poolinfo *p, struct xerr *e)
{
	struct sim	*s = b->priv;
	sqlite3_stmt	*st;
	uint64_t	 sum = 0, used = 0;
	int		 rc;

	st = db_prepare(s->db, "SELECT COALESCE(SUM(size_mib), 0), "
	    "COALESCE(SUM(used_mib), 0) FROM sim_lv");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sum = (uint64_t)sqlite3_column_int64(st, 0);
		used = (uint64_t)sqlite3_column_int64(st, 1);
	}
	db_done(s->db, st);
	if (rc != SQLITE_ROW)
		return db_fail(s->db, e, "sim_lv");
	memset(p, 0, sizeof(*p));
	snprintf(p->vg, sizeof(p->vg), "%s", s->vg);
	snprintf(p->thin, sizeof(p->thin), "%s", s->thin);
	p->vg_mib = SIM_VG_MIB;
	if (s->thin[0] != '\0') {
		p->thin_mib = SIM_THIN_MIB;
		p->thin_used_mib = used < SIM_THIN_MIB ? used : SIM_THIN_MIB;
		p->vg_free_mib = SIM_VG_MIB - SIM_THIN_MIB;
	} else
		p->vg_free_mib = sum < SIM_VG_MIB ? SIM_VG_MIB - sum : 0;
	return 0;
}

int
sim_vols(struct backend *b, struct volinfo **out, size_t *np,
    struct xerr *e)
{
	struct sim	*s = b->priv;
	struct volinfo	*v = NULL;
	sqlite3_stmt	*st;
	size_t		 n = 0, cap = 0;
	int		 rc;

	st = db_prepare(s->db, "SELECT " LV_COLUMNS " FROM sim_lv "
	    "ORDER BY name");
	sqlite3_bind_text(st, 1, s->vg, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (lv_read(s, st, &v[n], e) == -1)
			break;
		n++;
	}
	db_done(s->db, st);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			db_fail(s->db, e, "sim_lv");
		free(v);
		return -1;
	}
	*out = v;
	*np = n;
	return 0;
}

int
sim_vol(struct backend *b, const char *name, struct volinfo *v,
    struct xerr *e)
{
	return lv_get(b->priv, name, v, e);
}

/*
 * Room for mib more: in the thin pool, any while its data is not full
 * (lvm warns of the overcommitment, which the caller may show); in the
 * group, the extents it has free.
 */
static int
room(struct sim *s, uint64_t mib, const char *what, struct xerr *e)
{
	struct backend	b = { .priv = s };
	struct poolinfo	p;

	if (sim_pool(&b, &p, e) == -1)
		return -1;
	if (p.thin[0] != '\0') {
		if (p.thin_used_mib >= p.thin_mib) {
			xerr_set(e, XE_NOSPACE, "Cannot %s, free space in "
			    "thin pool %s/%s reached threshold.", what,
			    p.vg, p.thin);
			return -1;
		}
		return 0;
	}
	if (mib > p.vg_free_mib) {
		xerr_set(e, XE_NOSPACE, "Volume group \"%s\" has insufficient "
		    "free space (%llu extents): %llu required.", p.vg,
		    (unsigned long long)(p.vg_free_mib / XLSH_EXTENT_MIB),
		    (unsigned long long)(mib / XLSH_EXTENT_MIB));
		return -1;
	}
	return 0;
}

int
sim_vol_create(struct backend *b, const char *name, uint64_t mib,
    const char *origin, struct xerr *e)
{
	struct sim	*s = b->priv;
	struct volinfo	 v, o;
	sqlite3_stmt	*st;
	int		 r;

	if (!valid_volume_name(name) || mib == 0 ||
	    mib % XLSH_EXTENT_MIB != 0 || mib > XLSH_VOL_MIB_MAX)
		fatalx("sim_vol_create: unchecked arguments");
	if (db_begin(s->db, e) == -1)
		return -1;
	if ((r = lv_get(s, name, &v, e)) != 0) {
		if (r == 1)
			xerr_set(e, XE_EXISTS, "Logical Volume \"%s\" already "
			    "exists in volume group \"%s\"", name, s->vg);
		goto fail;
	}
	if (origin != NULL) {
		if (lv_need(s, origin, &o, e) == -1)
			goto fail;
		if (mib < o.size_mib)
			mib = o.size_mib;
	}
	if (room(s, mib, origin != NULL ? "create new snapshot" :
	    "create new thin volume", e) == -1)
		goto fail;
	st = db_prepare(s->db, "INSERT INTO sim_lv (name, size_mib, "
	    "used_mib, origin) VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)mib);
	sqlite3_bind_int64(st, 3, s->thin[0] != '\0' ? 0 :
	    (sqlite3_int64)mib);
	if (origin != NULL)
		sqlite3_bind_text(st, 4, origin, -1, SQLITE_STATIC);
	if (db_run(s->db, st, "sim_lv", e) == -1)
		goto fail;
	return db_end(s->db, 1, e);
fail:
	db_end(s->db, 0, NULL);
	return -1;
}

int
sim_vol_resize(struct backend *b, const char *name, uint64_t mib,
    struct xerr *e)
{
	struct sim	*s = b->priv;
	struct volinfo	 v;
	sqlite3_stmt	*st;

	if (db_begin(s->db, e) == -1)
		return -1;
	if (lv_need(s, name, &v, e) == -1)
		goto fail;
	if (mib <= v.size_mib) {
		xerr_set(e, XE_INVAL, "New size given (%llu extents) not "
		    "larger than existing size (%llu extents)",
		    (unsigned long long)(mib / XLSH_EXTENT_MIB),
		    (unsigned long long)(v.size_mib / XLSH_EXTENT_MIB));
		goto fail;
	}
	if (room(s, mib - v.size_mib, "extend thin volume", e) == -1)
		goto fail;
	st = db_prepare(s->db, "UPDATE sim_lv SET size_mib = ?2, used_mib = "
	    "CASE WHEN ?3 THEN used_mib ELSE ?2 END WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)mib);
	sqlite3_bind_int(st, 3, s->thin[0] != '\0');
	if (db_run(s->db, st, "sim_lv", e) == -1)
		goto fail;
	return db_end(s->db, 1, e);
fail:
	db_end(s->db, 0, NULL);
	return -1;
}

int
sim_vol_delete(struct backend *b, const char *name, struct xerr *e)
{
	struct sim	*s = b->priv;
	struct volinfo	 v;
	sqlite3_stmt	*st;

	if (db_begin(s->db, e) == -1)
		return -1;
	if (lv_need(s, name, &v, e) == -1)
		goto fail;
	if (v.open) {
		xerr_set(e, XE_BUSY, "Logical volume %s/%s in use.", s->vg,
		    name);
		goto fail;
	}
	/* A thin snapshot outlives its origin, as lvm's does. */
	st = db_prepare(s->db, "UPDATE sim_lv SET origin = NULL "
	    "WHERE origin = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (db_run(s->db, st, "sim_lv", e) == -1)
		goto fail;
	st = db_prepare(s->db, "DELETE FROM sim_lv WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (db_run(s->db, st, "sim_lv", e) == -1)
		goto fail;
	return db_end(s->db, 1, e);
fail:
	db_end(s->db, 0, NULL);
	return -1;
}

/*
 * A guest wrote mib to the volume at path (its boot): what it takes of
 * the thin pool grows, up to its size and the pool's.
 */
int
sim_pool_write(struct sim *s, const char *path, uint64_t mib,
    struct xerr *e)
{
	struct backend	 b = { .priv = s };
	struct poolinfo	 p;
	sqlite3_stmt	*st;
	size_t		 len = strlen(s->vg);

	if (s->thin[0] == '\0' || strncmp(path, "/dev/", 5) != 0 ||
	    strncmp(path + 5, s->vg, len) != 0 || path[5 + len] != '/')
		return 0;
	if (sim_pool(&b, &p, e) == -1)
		return -1;
	if (mib > p.thin_mib - p.thin_used_mib)
		mib = p.thin_mib - p.thin_used_mib;
	st = db_prepare(s->db, "UPDATE sim_lv SET used_mib = MIN(size_mib, "
	    "used_mib + ?2) WHERE name = ?1");
	sqlite3_bind_text(st, 1, path + 6 + len, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)mib);
	return db_run(s->db, st, "sim_lv", e);
}
