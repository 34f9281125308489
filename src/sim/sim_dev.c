/*
 * The simulated domains' disks and network interfaces, in tables
 * sim_disk and sim_nic: made with the domain (sim_create), attached
 * and detached while it runs, gone with it (sim_db_flush deletes
 * them).  A disk is a volume of the pool (sim_pool.c); one that a
 * domain holds writable is in use, as a block device opened by blkback
 * is, and no other domain may have it.  What block-list and
 * network-list show of the frontends (event channels, ring references)
 * is made up, steadily.
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

#define XENBUS_CONNECTED	4
#define BOOT_WRITE_MIB		32	/* what a guest writes as it boots */

static int	disk_usable(struct sim *, uint32_t, const struct diskspec *,
		    struct xerr *);
static int	add_disk(struct sim *, uint32_t, uint32_t,
		    const struct diskspec *, struct xerr *);
static int	make_devices(struct sim *, uint32_t, const struct domcfg *,
		    struct xerr *);

/* The volume exists, and no other domain holds it (or it is read). */
static int
disk_usable(struct sim *s, uint32_t domid, const struct diskspec *d,
    struct xerr *e)
{
	struct backend	 b = { .priv = s };
	struct volinfo	 v;
	sqlite3_stmt	*st;
	const char	*name;
	size_t		 len = strlen(s->vg);
	int		 rc, r, other;

	name = d->target + 6 + len;
	if (strncmp(d->target, "/dev/", 5) != 0 ||
	    strncmp(d->target + 5, s->vg, len) != 0 ||
	    d->target[5 + len] != '/' || (r = sim_vol(&b, name, &v, e)) == 0) {
		xerr_set(e, XE_NOTFOUND, "disk vdev=%s: %s does not exist",
		    d->vdev, d->target);
		return -1;
	}
	if (r == -1)
		return -1;
	st = db_prepare(s->db, "SELECT domid FROM sim_disk WHERE target = ?1 "
	    "AND domid != ?2 AND (readonly = 0 OR ?3 = 0)");
	sqlite3_bind_text(st, 1, d->target, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, domid);
	sqlite3_bind_int(st, 3, d->readonly);
	rc = sqlite3_step(st);
	other = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	db_done(s->db, st);
	if (rc == SQLITE_ROW) {
		xerr_set(e, XE_BUSY, "disk vdev=%s: %s is in use by domain %d",
		    d->vdev, d->target, other);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : db_fail(s->db, e, "sim_disk");
}

static int
add_disk(struct sim *s, uint32_t domid, uint32_t devid,
    const struct diskspec *d, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(s->db, "INSERT INTO sim_disk (domid, devid, target, "
	    "readonly) VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_int64(st, 1, domid);
	sqlite3_bind_int64(st, 2, devid);
	sqlite3_bind_text(st, 3, d->target, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, d->readonly);
	rc = sqlite3_step(st);
	db_done(s->db, st);
	if (rc == SQLITE_CONSTRAINT) {
		xerr_set(e, XE_EXISTS, "disk vdev=%s is already attached to "
		    "domain %u", d->vdev, domid);
		return -1;
	}
	if (rc != SQLITE_DONE)
		return db_fail(s->db, e, "sim_disk");
	return d->readonly ? 0 : sim_pool_write(s, d->target, BOOT_WRITE_MIB,
	    e);
}

/*
 * A new domain's devices, all or none: the caller's operation is
 * committed even when it fails (its clock moved on).
 */
int
sim_dev_make(struct sim *s, uint32_t domid, const struct domcfg *cfg,
    struct xerr *e)
{
	int	rv;

	if (db_begin(s->db, e) == -1)
		return -1;
	rv = make_devices(s, domid, cfg, e);
	if (db_end(s->db, rv == 0, rv == 0 ? e : NULL) == -1)
		rv = -1;
	return rv;
}

static int
make_devices(struct sim *s, uint32_t domid, const struct domcfg *cfg,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	uint32_t	 devid;
	size_t		 i;
	char		 mac[18];

	for (i = 0; i < cfg->ndisks; i++) {
		if (parse_vdev(cfg->disks[i].vdev, &devid) == -1)
			fatalx("sim_dev_make: unchecked vdev");
		if (disk_usable(s, domid, &cfg->disks[i], e) == -1 ||
		    add_disk(s, domid, devid, &cfg->disks[i], e) == -1)
			return -1;
	}
	for (i = 0; i < cfg->nnics; i++) {
		fmt_mac(mac, cfg->nics[i].mac);
		st = db_prepare(s->db, "INSERT INTO sim_nic (domid, devid, "
		    "mac, bridge) VALUES (?1, ?2, ?3, ?4)");
		sqlite3_bind_int64(st, 1, domid);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, mac, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, cfg->nics[i].bridge, -1,
		    SQLITE_STATIC);
		if (db_run(s->db, st, "sim_nic", e) == -1)
			return -1;
	}
	return 0;
}

int
sim_disks(struct backend *b, uint32_t domid, struct diskinfo **out,
    size_t *np, struct xerr *e)
{
	struct sim	*s = b->priv;
	struct diskinfo	*d = NULL;
	sqlite3_stmt	*st;
	const char	*t;
	size_t		 n = 0, cap = 0;
	int		 rc;

	st = db_prepare(s->db, "SELECT devid, target FROM sim_disk "
	    "WHERE domid = ?1 ORDER BY devid");
	sqlite3_bind_int64(st, 1, domid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			d = xreallocarray(d, cap, sizeof(*d));
		}
		memset(&d[n], 0, sizeof(d[n]));
		d[n].devid = (uint32_t)sqlite3_column_int64(st, 0);
		d[n].frontend_id = domid;
		d[n].state = XENBUS_CONNECTED;
		d[n].evtch = 9 + 2 * (int)n;
		d[n].rref = 8 + 8 * (int)n;
		snprintf(d[n].backend, sizeof(d[n].backend),
		    "/local/domain/0/backend/vbd/%u/%u", domid, d[n].devid);
		t = (const char *)sqlite3_column_text(st, 1);
		snprintf(d[n].target, sizeof(d[n].target), "%s",
		    t != NULL ? t : "");
		n++;
	}
	db_done(s->db, st);
	if (rc != SQLITE_DONE) {
		free(d);
		return db_fail(s->db, e, "sim_disk");
	}
	*out = d;
	*np = n;
	return 0;
}

int
sim_disk_attach(struct backend *b, uint32_t domid, const struct diskspec *d,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*dom;
	uint32_t	 devid;
	int		 rv = -1;

	if (parse_vdev(d->vdev, &devid) == -1)
		fatalx("sim_disk_attach: unchecked vdev");
	if ((dom = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if (dom->shutdown)
		xerr_set(e, XE_INVAL, "Domain %u is shut down: a disk cannot "
		    "be attached", domid);
	else if (db_begin(h.s->db, e) == 0) {
		if (disk_usable(h.s, domid, d, e) == 0 &&
		    add_disk(h.s, domid, devid, d, e) == 0)
			rv = 0;
		if (db_end(h.s->db, rv == 0, rv == 0 ? e : NULL) == -1)
			rv = -1;
	}
	return sim_finish(b, &h, rv, e);
}

int
sim_disk_detach(struct backend *b, uint32_t domid, const char *vdev,
    struct xerr *e)
{
	struct simhost	 h;
	sqlite3_stmt	*st;
	uint32_t	 devid;
	int		 rv = -1;

	if (parse_vdev(vdev, &devid) == -1)
		fatalx("sim_disk_detach: unchecked vdev");
	if (sim_begin_dom(b, &h, domid, 0, e) == NULL)
		return -1;
	st = db_prepare(h.s->db, "DELETE FROM sim_disk WHERE domid = ?1 AND "
	    "devid = ?2");
	sqlite3_bind_int64(st, 1, domid);
	sqlite3_bind_int64(st, 2, devid);
	if (db_run(h.s->db, st, "sim_disk", e) == 0) {
		if (sqlite3_changes(h.s->db->h) == 0)
			xerr_set(e, XE_NOTFOUND, "Error: Device %s not "
			    "connected.", vdev);
		else
			rv = 0;
	}
	return sim_finish(b, &h, rv, e);
}

int
sim_nics(struct backend *b, uint32_t domid, struct nicinfo **out,
    size_t *np, struct xerr *e)
{
	struct sim	*s = b->priv;
	struct nicinfo	*v = NULL;
	sqlite3_stmt	*st;
	const char	*mac, *br;
	size_t		 n = 0, cap = 0;
	int		 rc;

	st = db_prepare(s->db, "SELECT devid, mac, bridge FROM sim_nic "
	    "WHERE domid = ?1 ORDER BY devid");
	sqlite3_bind_int64(st, 1, domid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].devid = (uint32_t)sqlite3_column_int64(st, 0);
		mac = (const char *)sqlite3_column_text(st, 1);
		br = (const char *)sqlite3_column_text(st, 2);
		if (mac == NULL || parse_mac(mac, v[n].mac) == -1 ||
		    br == NULL) {
			rc = SQLITE_CORRUPT;
			break;
		}
		snprintf(v[n].bridge, sizeof(v[n].bridge), "%s", br);
		v[n].state = XENBUS_CONNECTED;
		v[n].evtch = 30 + 2 * (int)n;
		v[n].rref_tx = 768 + 2 * (int)n;
		v[n].rref_rx = 769 + 2 * (int)n;
		snprintf(v[n].backend, sizeof(v[n].backend),
		    "/local/domain/0/backend/vif/%u/%u", domid, v[n].devid);
		n++;
	}
	db_done(s->db, st);
	if (rc != SQLITE_DONE) {
		free(v);
		if (rc == SQLITE_CORRUPT) {
			xerr_set(e, XE_STATE, "%s: a row of sim_nic is "
			    "damaged; the database was left as it is",
			    s->db->path);
			return -1;
		}
		return db_fail(s->db, e, "sim_nic");
	}
	*out = v;
	*np = n;
	return 0;
}

/* A new vif, at the next devid: one past the highest, as libxl's. */
int
sim_nic_attach(struct backend *b, uint32_t domid, const struct nicspec *n,
    uint32_t *devid, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*dom;
	sqlite3_stmt	*st;
	char		 mac[18];
	int		 rc, rv = -1;

	if ((dom = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if (dom->shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u is shut down: a network "
		    "interface cannot be attached", domid);
		return sim_finish(b, &h, -1, e);
	}
	fmt_mac(mac, n->mac);
	st = db_prepare(h.s->db, "INSERT INTO sim_nic (domid, devid, mac, "
	    "bridge) SELECT ?1, COALESCE(MAX(devid) + 1, 0), ?2, ?3 FROM "
	    "sim_nic WHERE domid = ?1 RETURNING devid");
	sqlite3_bind_int64(st, 1, domid);
	sqlite3_bind_text(st, 2, mac, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, n->bridge, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*devid = (uint32_t)sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	db_done(h.s->db, st);
	if (rc == SQLITE_DONE)
		rv = 0;
	else
		db_fail(h.s->db, e, "sim_nic");
	return sim_finish(b, &h, rv, e);
}

int
sim_nic_detach(struct backend *b, uint32_t domid, uint32_t devid,
    struct xerr *e)
{
	struct simhost	 h;
	sqlite3_stmt	*st;
	int		 rv = -1;

	if (sim_begin_dom(b, &h, domid, 0, e) == NULL)
		return -1;
	st = db_prepare(h.s->db, "DELETE FROM sim_nic WHERE domid = ?1 AND "
	    "devid = ?2");
	sqlite3_bind_int64(st, 1, domid);
	sqlite3_bind_int64(st, 2, devid);
	if (db_run(h.s->db, st, "sim_nic", e) == 0) {
		if (sqlite3_changes(h.s->db->h) == 0)
			xerr_set(e, XE_NOTFOUND, "Unknown device %u.", devid);
		else
			rv = 0;
	}
	return sim_finish(b, &h, rv, e);
}
