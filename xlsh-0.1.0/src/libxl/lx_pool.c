/*
 * The libxl backend's storage pool: the volume group xlshd's
 * --volume-group names, and the thin pool of --thin-pool in it, driven
 * through libblockdev's LVM plugin, which runs lvm with a fixed
 * argument vector (doc/STORAGE.md).  Names come checked (valid_volume_
 * name); the group and pool are the configuration's; no path comes from
 * a member.  Volumes are thin volumes of the thin pool, snapshots thin
 * snapshots, activated (lvm marks them to be skipped); without a thin
 * pool, classic volumes and snapshots of their origin's size.  The
 * thin pool itself and lvm's hidden volumes are not the pool's volumes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <blockdev/lvm.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

#define MIB		(1024ULL * 1024)

static int	ready(struct lx *, struct xerr *);
static int	lvm_fail(GError *, int, const char *, struct xerr *);
static int	is_volume(const struct lx *, const BDLVMLVdata *);
static void	volinfo(const struct lx *, const BDLVMLVdata *,
		    struct volinfo *);
static int	find(struct lx *, const char *, struct volinfo *,
		    struct xerr *);
static int	need(struct lx *, const char *, struct volinfo *,
		    struct xerr *);

/* A pool is configured, and lvm can be run. */
static int
ready(struct lx *lx, struct xerr *e)
{
	static int	inited;

	if (lx->vg[0] == '\0') {
		xerr_set(e, XE_STATE, "this host has no storage pool: xlshd "
		    "was started without --volume-group");
		return -1;
	}
	if (!inited && !(inited = bd_lvm_init())) {
		xerr_set(e, XE_STATE, "volume group %s: lvm cannot be run "
		    "(is lvm2 installed?)", lx->vg);
		return -1;
	}
	return 0;
}

/*
 * lvm's own words from libblockdev's error: its last line, without the
 * "Process reported exit code N:" libblockdev puts before it.
 */
static int
lvm_fail(GError *err, int code, const char *what, struct xerr *e)
{
	const char	*m = err != NULL && err->message != NULL ? err->message :
			    what, *p;
	char		 line[256];
	size_t		 n;

	if ((p = strstr(m, "exit code")) != NULL && (p = strchr(p, ':')))
		m = p + 1;
	while (*m != '\0') {
		n = strcspn(m, "\n");
		if (m[n] == '\0' || m[n + 1] == '\0')
			break;
		m += n + 1;
	}
	m += strspn(m, " \t");
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(m, "\n"), m);
	xerr_set(e, code, "%s", line[0] != '\0' ? line : what);
	if (err != NULL)
		g_error_free(err);
	return -1;
}

/* A volume of the pool: not the thin pool, not one of lvm's own. */
static int
is_volume(const struct lx *lx, const BDLVMLVdata *d)
{
	if (d->lv_name == NULL || !valid_volume_name(d->lv_name) ||
	    strcmp(d->lv_name, lx->thin) == 0 || d->attr == NULL ||
	    strlen(d->attr) < 6)
		return 0;
	/* t, T, d, D: pools and their data; e, i, l, I: lvm's own. */
	return strchr("tTdDeilI", d->attr[0]) == NULL;
}

static void
volinfo(const struct lx *lx, const BDLVMLVdata *d, struct volinfo *v)
{
	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%s", d->lv_name);
	if (d->origin != NULL && valid_volume_name(d->origin))
		snprintf(v->origin, sizeof(v->origin), "%s", d->origin);
	snprintf(v->path, sizeof(v->path), "/dev/%s/%s", lx->vg, d->lv_name);
	v->size_mib = d->size / MIB;
	/* A thin volume holds data_percent of its size. */
	v->used_mib = d->attr[0] == 'V' ? v->size_mib * d->data_percent / 100 :
	    v->size_mib;
	v->open = d->attr[5] == 'o';
}

/* The volume called name: 1, or 0 if there is none, or -1. */
static int
find(struct lx *lx, const char *name, struct volinfo *v, struct xerr *e)
{
	BDLVMLVdata	**all, **d;
	GError		 *err = NULL;
	int		  found = 0;

	if ((all = bd_lvm_lvs(lx->vg, &err)) == NULL)
		return lvm_fail(err, XE_STATE, "lvs", e);
	for (d = all; *d != NULL; d++) {
		if (!found && strcmp((*d)->lv_name, name) == 0 &&
		    is_volume(lx, *d)) {
			volinfo(lx, *d, v);
			found = 1;
		}
		bd_lvm_lvdata_free(*d);
	}
	g_free(all);
	return found;
}

/* The volume called name, which must be there: 0, or -1 as lvm says. */
static int
need(struct lx *lx, const char *name, struct volinfo *v, struct xerr *e)
{
	int	r;

	if ((r = find(lx, name, v, e)) == 0)
		xerr_set(e, XE_NOTFOUND, "Failed to find logical volume "
		    "\"%s/%s\"", lx->vg, name);
	return r == 1 ? 0 : -1;
}

int
lx_pool(struct backend *b, struct poolinfo *p, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	BDLVMVGdata	*vg;
	BDLVMLVdata	*thin;
	GError		*err = NULL;

	if (ready(lx, e) == -1)
		return -1;
	if ((vg = bd_lvm_vginfo(lx->vg, &err)) == NULL)
		return lvm_fail(err, XE_STATE, "vgs", e);
	memset(p, 0, sizeof(*p));
	snprintf(p->vg, sizeof(p->vg), "%s", lx->vg);
	snprintf(p->thin, sizeof(p->thin), "%s", lx->thin);
	p->vg_mib = vg->size / MIB;
	p->vg_free_mib = vg->free / MIB;
	bd_lvm_vgdata_free(vg);
	if (lx->thin[0] == '\0')
		return 0;
	if ((thin = bd_lvm_lvinfo(lx->vg, lx->thin, &err)) == NULL)
		return lvm_fail(err, XE_STATE, "lvs", e);
	p->thin_mib = thin->size / MIB;
	p->thin_used_mib = p->thin_mib * thin->data_percent / 100;
	bd_lvm_lvdata_free(thin);
	return 0;
}

int
lx_vols(struct backend *b, struct volinfo **out, size_t *np, struct xerr *e)
{
	struct lx	 *lx = lx_begin(b);
	BDLVMLVdata	**all, **d;
	struct volinfo	 *v;
	GError		 *err = NULL;
	size_t		  n = 0, k = 0;

	if (ready(lx, e) == -1)
		return -1;
	if ((all = bd_lvm_lvs(lx->vg, &err)) == NULL)
		return lvm_fail(err, XE_STATE, "lvs", e);
	for (d = all; *d != NULL; d++)
		n++;
	v = xcalloc(n + 1, sizeof(*v));
	for (d = all; *d != NULL; d++) {
		if (is_volume(lx, *d))
			volinfo(lx, *d, &v[k++]);
		bd_lvm_lvdata_free(*d);
	}
	g_free(all);
	/* lvs sorts by group and name already; the sim's order is by name. */
	*out = v;
	*np = k;
	return 0;
}

int
lx_vol(struct backend *b, const char *name, struct volinfo *v,
    struct xerr *e)
{
	struct lx	*lx = lx_begin(b);

	if (ready(lx, e) == -1)
		return -1;
	return find(lx, name, v, e);
}

int
lx_vol_create(struct backend *b, const char *name, uint64_t mib,
    const char *origin, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	struct volinfo	 v, o;
	GError		*err = NULL;
	int		 r, thin;

	if (ready(lx, e) == -1 || (r = find(lx, name, &v, e)) == -1)
		return -1;
	if (r == 1) {
		xerr_set(e, XE_EXISTS, "Logical Volume \"%s\" already exists "
		    "in volume group \"%s\"", name, lx->vg);
		return -1;
	}
	thin = lx->thin[0] != '\0';
	if (origin == NULL) {
		if (!(thin ? bd_lvm_thlvcreate(lx->vg, lx->thin, name,
		    mib * MIB, NULL, &err) : bd_lvm_lvcreate(lx->vg, name,
		    mib * MIB, NULL, NULL, NULL, &err)))
			return lvm_fail(err, XE_NOSPACE, "lvcreate", e);
		return 0;
	}
	if (need(lx, origin, &o, e) == -1)
		return -1;
	if (thin) {
		/* Thin snapshots are made inactive: activate it. */
		if (!bd_lvm_thsnapshotcreate(lx->vg, origin, name, lx->thin,
		    NULL, &err))
			return lvm_fail(err, XE_NOSPACE, "lvcreate", e);
		if (!bd_lvm_lvactivate(lx->vg, name, TRUE, NULL, &err))
			return lvm_fail(err, XE_FAIL, "lvchange", e);
	} else if (!bd_lvm_lvsnapshotcreate(lx->vg, origin, name,
	    o.size_mib * MIB, NULL, &err))
		return lvm_fail(err, XE_NOSPACE, "lvcreate", e);
	if (mib > o.size_mib && !bd_lvm_lvresize(lx->vg, name, mib * MIB,
	    NULL, &err))
		return lvm_fail(err, XE_NOSPACE, "lvresize", e);
	return 0;
}

int
lx_vol_resize(struct backend *b, const char *name, uint64_t mib,
    struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	struct volinfo	 v;
	GError		*err = NULL;

	if (ready(lx, e) == -1 || need(lx, name, &v, e) == -1)
		return -1;
	if (mib <= v.size_mib) {
		xerr_set(e, XE_INVAL, "New size given (%llu extents) not "
		    "larger than existing size (%llu extents)",
		    (unsigned long long)(mib / XLSH_EXTENT_MIB),
		    (unsigned long long)(v.size_mib / XLSH_EXTENT_MIB));
		return -1;
	}
	if (!bd_lvm_lvresize(lx->vg, name, mib * MIB, NULL, &err))
		return lvm_fail(err, XE_NOSPACE, "lvresize", e);
	return 0;
}

int
lx_vol_delete(struct backend *b, const char *name, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	struct volinfo	 v;
	GError		*err = NULL;

	if (ready(lx, e) == -1 || need(lx, name, &v, e) == -1)
		return -1;
	if (v.open) {
		xerr_set(e, XE_BUSY, "Logical volume %s/%s in use.", lx->vg,
		    name);
		return -1;
	}
	if (!bd_lvm_lvremove(lx->vg, name, FALSE, NULL, &err))
		return lvm_fail(err, XE_BUSY, "lvremove", e);
	return 0;
}
