/*
 * The storage pool's volumes as members see them: the pool's volumes
 * (the backend's) joined by name to their records (registry_vol.c).  A
 * volume without a record (one the administrator made with lvcreate,
 * such as a template's base) belongs to nobody; a record whose volume
 * is gone from the pool is stale, and deleted when met in a
 * transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "session.h"

static int	join(struct session *, struct vol *, struct xerr *);

/* The volume's record, if it has one; a stale one is dropped. */
static int
join(struct session *s, struct vol *v, struct xerr *e)
{
	int	r;

	if ((r = volreg_get(s->db, v->info.name, &v->rec, e)) == -1)
		return -1;
	v->has_rec = r;
	return 0;
}

/* The volume called name: 1, or 0 if the pool has none, or -1. */
int
vol_find(struct session *s, const char *name, struct vol *v, struct xerr *e)
{
	struct volrec	rec;
	int		r;

	memset(v, 0, sizeof(*v));
	if (backend_ready(s, e) == -1 ||
	    (r = s->be.vol(&s->be, name, &v->info, e)) == -1)
		return -1;
	if (r == 0) {
		if (s->db->depth > 0 && volreg_get(s->db, name, &rec, e) == 1 &&
		    volreg_delete(s->db, name, e) == -1)
			return -1;
		return 0;
	}
	return join(s, v, e) == -1 ? -1 : 1;
}

/* Every volume of the pool, by name. */
int
vol_all(struct session *s, struct vol **out, size_t *np, struct xerr *e)
{
	struct volinfo	*info;
	struct vol	*v;
	size_t		 n, i;

	if (backend_ready(s, e) == -1 ||
	    s->be.vols(&s->be, &info, &n, e) == -1)
		return -1;
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].info = info[i];
		if (join(s, &v[i], e) == -1) {
			free(info);
			free(v);
			return -1;
		}
	}
	free(info);
	*out = v;
	*np = n;
	return 0;
}

/*
 * The VM that has the volume: 1 (its record in vm), or 0 if none does.
 * The record of a create-made domain that has ended is stale: it is
 * dropped (in a transaction), which lets its volumes go.
 */
int
vol_holder(struct session *s, const struct vol *v, struct vmrec *vm,
    struct xerr *e)
{
	struct dominfo	d;
	int		r, live;

	if (!v->has_rec || v->rec.vm[0] == '\0')
		return 0;
	if ((r = reg_get(s->db, v->rec.vm, NULL, vm, 0, e)) != 1)
		return r;
	if (REC_KEPT(vm))
		return 1;
	if ((live = live_uuid(s, vm->uuid, &d, e)) != 0)
		return live;
	if (s->db->depth > 0 && reg_delete(s->db, vm->uuid, e) == -1)
		return -1;
	return 0;
}

/* The policy's view of a volume: its name and owner. */
void
vol_target(const struct vol *v, struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->name = v->info.name;
	t->owner = v->has_rec && v->rec.owner[0] != '\0' ? v->rec.owner :
	    NULL;
}

/*
 * The answer for a volume that is not in the pool, virsh's; also for
 * one the member may not see.
 */
void
volume_missing(const char *name, struct xerr *e)
{
	xerr_set(e, XE_NOTFOUND, "Storage volume not found: no storage vol "
	    "with matching name '%s'", name);
}
