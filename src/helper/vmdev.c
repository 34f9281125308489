/*
 * A VM's disks and network interfaces, as the registry keeps them: the
 * volumes attached to its record and its vifs.  A template's xlsh_root
 * and xlsh_bridge (xlcfg_xlsh.c) give a new VM a root volume, a
 * snapshot of the template's base, and a vif on a permitted bridge;
 * each start builds the domain's devices from the record; vm-uninstall
 * deletes the VM's own volumes with it, as xe's does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "session.h"

#define ROOT_SUFFIX	"-root"
#define ROOT_VDEV	"xvda"

static int	make_root(struct session *, const struct domcfg *,
		    const char *, int, struct xerr *);

/*
 * The VM's root volume NAME-root, a snapshot of the template's base;
 * or, for create (reuse), the member's own NAME-root from before, if no
 * VM has it: a guest made again by create finds its disk again.
 */
static int
make_root(struct session *s, const struct domcfg *cfg, const char *uuid,
    int reuse, struct xerr *e)
{
	struct volrec	 r;
	struct vmrec	 holder;
	struct vol	 base, root;
	char		 name[XLSH_VOL_MAX + 1];
	uint64_t	 mib;
	int		 rc;

	if ((size_t)snprintf(name, sizeof(name), "%s%s", cfg->name,
	    ROOT_SUFFIX) >= sizeof(name) || !valid_volume_name(name)) {
		xerr_set(e, XE_INVAL, "VM %s: its root volume cannot be named "
		    "%s%s (at most %d bytes, no '_')", cfg->name, cfg->name,
		    ROOT_SUFFIX, XLSH_VOL_MAX);
		return -1;
	}
	if ((rc = vol_find(s, name, &root, e)) == -1)
		return -1;
	if (rc == 1) {
		if (reuse && root.has_rec &&
		    strcmp(root.rec.owner, s->member) == 0) {
			if ((rc = vol_holder(s, &root, &holder, e)) == -1)
				return -1;
			if (rc == 0)
				return volreg_attach(s->db, name, uuid,
				    ROOT_VDEV, e);
		}
		xerr_set(e, XE_EXISTS, "Logical Volume \"%s\" already exists "
		    "in volume group \"%s\": the new VM's root volume would "
		    "have this name", name, s->conf->vg);
		return -1;
	}
	if ((rc = vol_find(s, cfg->root_base, &base, e)) != 1) {
		if (rc == 0)
			xerr_set(e, XE_STATE, "the template's base volume %s "
			    "is not in the storage pool", cfg->root_base);
		return -1;
	}
	mib = cfg->root_mib > base.info.size_mib ? cfg->root_mib :
	    base.info.size_mib;
	if (quota_disk(s, mib, e) == -1 ||
	    s->be.vol_create(&s->be, name, mib, cfg->root_base, e) == -1)
		return -1;
	memset(&r, 0, sizeof(r));
	snprintf(r.name, sizeof(r.name), "%s", name);
	snprintf(r.owner, sizeof(r.owner), "%s", s->member);
	snprintf(r.origin, sizeof(r.origin), "%s", cfg->root_base);
	snprintf(r.vm, sizeof(r.vm), "%s", uuid);
	snprintf(r.vdev, sizeof(r.vdev), ROOT_VDEV);
	snprintf(r.created_by, sizeof(r.created_by), "%s", s->member);
	r.size_mib = mib;
	r.created_ms = now_ms();
	if (volreg_delete(s->db, name, e) == -1)	/* a stale record */
		return -1;
	return volreg_insert(s->db, &r, e);
}

/* A new VM's devices, as its configuration asks; in the request's
 * transaction, with the record of VM uuid already written. */
int
vmdev_make(struct session *s, const struct domcfg *cfg, const char *uuid,
    int reuse, struct xerr *e)
{
	struct vifrec	vif;

	if (cfg->root_base[0] != '\0' &&
	    make_root(s, cfg, uuid, reuse, e) == -1)
		return -1;
	if (cfg->bridge[0] == '\0')
		return 0;
	if (bridge_permitted(s, cfg->bridge, e) == -1)
		return -1;
	return vif_add(s->db, uuid, cfg->bridge, NULL, &vif, e);
}

/* A bridge of xlshd.conf's bridge list: -1 with the refusal if not. */
int
bridge_permitted(struct session *s, const char *bridge, struct xerr *e)
{
	size_t	i;

	for (i = 0; i < s->conf->nbridges; i++)
		if (strcmp(s->conf->bridges[i], bridge) == 0)
			return 0;
	xerr_set(e, XE_DENIED, "bridge %s is not one this host permits "
	    "(xlshd --bridge)", bridge);
	return -1;
}

/* The devices of VM uuid, from the registry, into cfg. */
int
vmdev_config(struct session *s, const char *uuid, struct domcfg *cfg,
    struct xerr *e)
{
	struct volrec	*vols;
	struct vifrec	*vifs;
	struct volinfo	 info;
	size_t		 n, i;
	int		 rc, rv = 0;

	cfg->ndisks = cfg->nnics = 0;
	if (volreg_list(s->db, NULL, uuid, &vols, &n, e) == -1)
		return -1;
	for (i = 0; i < n && rv == 0; i++) {
		if (cfg->ndisks == DOM_DISKS_MAX) {
			xerr_set(e, XE_INVAL, "VM %s has more than %d disks",
			    cfg->name, DOM_DISKS_MAX);
			rv = -1;
		} else if ((rc = s->be.vol(&s->be, vols[i].name, &info,
		    e)) != 1) {
			if (rc == 0)
				xerr_set(e, XE_STATE, "VM %s: its disk %s, "
				    "volume %s, is no longer in the storage "
				    "pool", cfg->name, vols[i].vdev,
				    vols[i].name);
			rv = -1;
		} else {
			snprintf(cfg->disks[cfg->ndisks].vdev,
			    sizeof(cfg->disks[0].vdev), "%s", vols[i].vdev);
			snprintf(cfg->disks[cfg->ndisks].volume,
			    sizeof(cfg->disks[0].volume), "%s", info.name);
			snprintf(cfg->disks[cfg->ndisks].target,
			    sizeof(cfg->disks[0].target), "%s", info.path);
			cfg->ndisks++;
		}
	}
	free(vols);
	if (rv == -1 || vif_list(s->db, uuid, &vifs, &n, e) == -1)
		return -1;
	for (i = 0; i < n && cfg->nnics < DOM_NICS_MAX; i++) {
		memcpy(cfg->nics[cfg->nnics].mac, vifs[i].mac, 6);
		snprintf(cfg->nics[cfg->nnics].bridge,
		    sizeof(cfg->nics[0].bridge), "%s", vifs[i].bridge);
		cfg->nnics++;
	}
	free(vifs);
	return 0;
}

/*
 * vm-uninstall: the volumes the VM has that are its owner's go with it
 * (and their data); any other is only let go.
 */
int
vmdev_remove(struct session *s, const struct vmrec *vm, struct xerr *e)
{
	struct volrec	*vols;
	struct volinfo	 info;
	size_t		 n, i;
	int		 rc, rv = 0;

	if (volreg_list(s->db, NULL, vm->uuid, &vols, &n, e) == -1)
		return -1;
	for (i = 0; i < n && rv == 0; i++) {
		if (strcmp(vols[i].owner, vm->owner) != 0 ||
		    vm->owner[0] == '\0') {
			rv = volreg_attach(s->db, vols[i].name, NULL, NULL, e);
			continue;
		}
		if ((rc = s->be.vol(&s->be, vols[i].name, &info, e)) == -1 ||
		    (rc == 1 && s->be.vol_delete(&s->be, vols[i].name,
		    e) == -1) || volreg_delete(s->db, vols[i].name, e) == -1)
			rv = -1;
		else
			slog("session %s: deleted volume %s with VM %s", s->id,
			    vols[i].name, vm->name);
	}
	free(vols);
	return rv;
}
