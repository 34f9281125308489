/*
 * A running domain's devices, xl's verbs and tables: block-list,
 * block-attach, block-detach, network-list, network-attach and
 * network-detach.  A disk is always a volume of the storage pool,
 * named by the member and found by the helper; a network interface is
 * a vif on a bridge of xlshd.conf's list, with a MAC of the member's
 * (unicast) or a new one of Xen's 00:16:3e.  A path, a backend domain
 * or a hotplug script are never the member's to give.  A disk or an
 * interface given to a VM with a record stays the VM's (the volume's
 * record, the vif's, say so) until it is detached, and comes back when
 * the VM is started again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "handlers.h"
#include "session.h"

static int	held_by(struct session *, const struct vol *, struct xerr *);
static int	find_nic(struct session *, const struct dominfo *,
		    const struct req_arg *, struct nicinfo *, size_t *,
		    struct xerr *);

int
srv_block_list(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	 d;
	struct diskinfo	*disks;
	FILE		*f;
	char		*text = NULL;
	size_t		 n, i, len = 0;
	int		 rv;

	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    s->be.disks(&s->be, d.domid, &disks, &n, e) == -1)
		return -1;
	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	fprintf(f, "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE",
	    "handle", "state", "evt-ch", "ring-ref", "BE-path");
	for (i = 0; i < n; i++)
		fprintf(f, "%-5u %-3u %-6u %-5d %-6d %-8d %-30s\n",
		    disks[i].devid, disks[i].backend_id, disks[i].frontend_id,
		    disks[i].state, disks[i].evtch, disks[i].rref,
		    disks[i].backend);
	if (fclose(f) != 0)
		fatal("open_memstream");
	rv = reply_stdout(s, text);
	free(text);
	free(disks);
	return rv;
}

int
srv_network_list(struct session *s, const struct request *req,
    struct xerr *e)
{
	struct dominfo	 d;
	struct nicinfo	*nics;
	FILE		*f;
	char		*text = NULL, mac[18];
	size_t		 n, i, len = 0;
	int		 rv;

	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    s->be.nics(&s->be, d.domid, &nics, &n, e) == -1)
		return -1;
	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	fprintf(f, "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx",
	    "BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-",
	    "rx-ring-ref", "BE-path");
	for (i = 0; i < n; i++)
		fprintf(f, "%-3u %-2u %s%6u %5d %6d %5d/%-11d %-30s\n",
		    nics[i].devid, nics[i].backend_id, fmt_mac(mac,
		    nics[i].mac), nics[i].devid, nics[i].state, nics[i].evtch,
		    nics[i].rref_tx, nics[i].rref_rx, nics[i].backend);
	if (fclose(f) != 0)
		fatal("open_memstream");
	rv = reply_stdout(s, text);
	free(text);
	free(nics);
	return rv;
}

/* A volume that a VM's record holds is that VM's, halted or not. */
static int
held_by(struct session *s, const struct vol *v, struct xerr *e)
{
	struct vmrec	vm;
	int		r;

	if ((r = vol_holder(s, v, &vm, e)) != 1)
		return r;
	xerr_set(e, XE_BUSY, "volume %s is attached to VM %s as %s",
	    v->info.name, vm.name, v->rec.vdev);
	return -1;
}

int
srv_block_attach(struct session *s, const struct request *req,
    struct xerr *e)
{
	struct diskspec	 spec;
	struct dominfo	 d;
	struct vmrec	 vm;
	struct vol	 v;
	char		 uuid[UUID_STR];
	int		 r;

	if (resolve_domain(s, &req->args[0], &d, e) == -1)
		return -1;
	if ((r = vol_find(s, req->args[1].str, &v, e)) != 1) {
		if (r == 0)
			volume_missing(req->args[1].str, e);
		return -1;
	}
	if (held_by(s, &v, e) == -1)
		return -1;
	memset(&spec, 0, sizeof(spec));
	snprintf(spec.vdev, sizeof(spec.vdev), "%s", req->args[2].str);
	snprintf(spec.volume, sizeof(spec.volume), "%s", v.info.name);
	snprintf(spec.target, sizeof(spec.target), "%s", v.info.path);
	if ((r = reg_get(s->db, fmt_uuid(uuid, d.uuid), NULL, &vm, 0,
	    e)) == -1)
		return -1;
	/* Recorded first: a vdev a halted disk of the VM has is refused. */
	if (r == 1 && v.has_rec &&
	    volreg_attach(s->db, v.info.name, uuid, spec.vdev, e) == -1) {
		if (e->code == XE_EXISTS)
			xerr_set(e, XE_EXISTS, "VM %s already has a disk %s",
			    vm.name, spec.vdev);
		return -1;
	}
	return s->be.disk_attach(&s->be, d.domid, &spec, e);
}

int
srv_block_detach(struct session *s, const struct request *req,
    struct xerr *e)
{
	struct dominfo	d;
	char		uuid[UUID_STR];

	/* The backend says, in xl's words, if there is no such disk. */
	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    volreg_release(s->db, fmt_uuid(uuid, d.uuid), req->args[1].str,
	    e) == -1)
		return -1;
	return s->be.disk_detach(&s->be, d.domid, req->args[1].str, e);
}

/*
 * The domain's interface a word names (a devid, or a MAC: found 1, or
 * 0 with xl's "Unknown device"), and how many it has.
 */
static int
find_nic(struct session *s, const struct dominfo *d, const struct req_arg *a,
    struct nicinfo *out, size_t *count, struct xerr *e)
{
	struct nicinfo	*nics;
	size_t		 n, i;
	int		 found = 0;

	if (s->be.nics(&s->be, d->domid, &nics, &n, e) == -1)
		return -1;
	for (i = 0; i < n && !found; i++) {
		if (a->is_mac ? memcmp(nics[i].mac, a->mac, 6) == 0 :
		    nics[i].devid == a->num) {
			*out = nics[i];
			found = 1;
		}
	}
	free(nics);
	*count = n;
	if (!found && a->str != NULL)
		xerr_set(e, XE_NOTFOUND, "Unknown device %s.", a->str);
	return found;
}

int
srv_network_attach(struct session *s, const struct request *req,
    struct xerr *e)
{
	struct nicspec	 ns;
	struct nicinfo	 other;
	struct dominfo	 d;
	struct vmrec	 vm;
	struct vifrec	 vif;
	struct req_arg	 bymac;
	char		 uuid[UUID_STR], mac[18];
	uint32_t	 devid;
	size_t		 n;
	int		 r;

	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    bridge_permitted(s, req->args[1].str, e) == -1)
		return -1;
	memset(&ns, 0, sizeof(ns));
	snprintf(ns.bridge, sizeof(ns.bridge), "%s", req->args[1].str);
	if (req->nargs > 2)
		memcpy(ns.mac, req->args[2].mac, 6);
	else
		new_mac(ns.mac);
	memset(&bymac, 0, sizeof(bymac));
	bymac.is_mac = 1;
	memcpy(bymac.mac, ns.mac, 6);
	if ((r = find_nic(s, &d, &bymac, &other, &n, e)) == -1)
		return -1;
	if (r == 1) {
		xerr_set(e, XE_EXISTS, "domain %s already has an interface "
		    "with MAC address %s", d.name, fmt_mac(mac, ns.mac));
		return -1;
	}
	if (n >= DOM_NICS_MAX) {
		xerr_set(e, XE_INVAL, "domain %s has %zu network interfaces, "
		    "the most a domain may have", d.name, n);
		return -1;
	}
	if ((r = reg_get(s->db, fmt_uuid(uuid, d.uuid), NULL, &vm, 0,
	    e)) == -1)
		return -1;
	/* Recorded first: a MAC another VM's vif has is refused. */
	if (r == 1 && vif_add(s->db, uuid, ns.bridge, ns.mac, &vif, e) == -1)
		return -1;
	return s->be.nic_attach(&s->be, d.domid, &ns, &devid, e);
}

int
srv_network_detach(struct session *s, const struct request *req,
    struct xerr *e)
{
	struct dominfo	d;
	struct nicinfo	nic;
	struct vmrec	vm;
	char		uuid[UUID_STR];
	size_t		n;
	int		r;

	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    (r = find_nic(s, &d, &req->args[1], &nic, &n, e)) == -1)
		return -1;
	if (r == 0)
		return -1;
	if ((r = reg_get(s->db, fmt_uuid(uuid, d.uuid), NULL, &vm, 0,
	    e)) == -1 ||
	    (r == 1 && vif_delete(s->db, uuid, nic.mac, e) == -1))
		return -1;
	return s->be.nic_detach(&s->be, d.domid, nic.devid, e);
}
