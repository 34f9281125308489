/*
 * The libxl backend's devices: a running domain's disks and network
 * interfaces, listed as xl block-list and network-list list them
 * (xl_block.c, xl_nic.c), a disk attached and detached as xl
 * block-attach and block-detach do (xlcfg_libxl.c makes a new
 * domain's), a vif attached and detached as xl network-attach and
 * network-detach do, and xl sysrq.  A disk is always a whole block device in dom0 (phy, raw), a
 * volume of the storage pool the helper chose; a vif is a PV one on a
 * bridge, with libxl's default hotplug script.  Nothing here comes
 * from a member's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxl_utils.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

int
lx_disks(struct backend *b, uint32_t domid, struct diskinfo **out,
    size_t *np, struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_device_disk	*disks;
	libxl_diskinfo		 info;
	struct diskinfo		*v;
	int			 nb = 0, i;
	size_t			 n = 0;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	/* No disks and an error look alike, as in xl block-list. */
	disks = libxl_device_disk_list(lx->ctx, domid, &nb);
	v = xcalloc((size_t)nb + 1, sizeof(*v));
	for (i = 0; i < nb; i++) {
		if (libxl_device_disk_getinfo(lx->ctx, domid, &disks[i],
		    &info) != 0)
			continue;
		v[n].devid = (uint32_t)info.devid;
		v[n].backend_id = info.backend_id;
		v[n].frontend_id = info.frontend_id;
		v[n].state = info.state;
		v[n].evtch = info.evtch;
		v[n].rref = info.rref;
		snprintf(v[n].backend, sizeof(v[n].backend), "%s",
		    info.backend != NULL ? info.backend : "");
		snprintf(v[n].target, sizeof(v[n].target), "%s",
		    disks[i].pdev_path != NULL ? disks[i].pdev_path : "");
		libxl_diskinfo_dispose(&info);
		n++;
	}
	if (disks != NULL)
		libxl_device_disk_list_free(disks, nb);
	*out = v;
	*np = n;
	return 0;
}

int
lx_disk_attach(struct backend *b, uint32_t domid, const struct diskspec *s,
    struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_device_disk	 d;
	int			 lrc, rc = 0;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	lx_disk_of(s, &d);
	if ((lrc = libxl_device_disk_add(lx->ctx, domid, &d, NULL)) != 0)
		rc = lx_fail(lx, lrc, domid, "libxl_device_disk_add", e);
	libxl_device_disk_dispose(&d);
	return rc;
}

/* As xl block-detach: the disk at vdev, removed safely. */
int
lx_disk_detach(struct backend *b, uint32_t domid, const char *vdev,
    struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_device_disk	 d;
	int			 lrc, rc = 0;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	libxl_device_disk_init(&d);
	if (libxl_vdev_to_device_disk(lx->ctx, domid, vdev, &d) != 0) {
		xerr_set(e, XE_NOTFOUND, "Error: Device %s not connected.",
		    vdev);
		rc = -1;
	} else if ((lrc = libxl_device_disk_safe_remove(lx->ctx, domid, &d,
	    NULL)) != 0)
		rc = lx_fail(lx, lrc, domid, "libxl_device_disk_safe_remove",
		    e);
	libxl_device_disk_dispose(&d);
	return rc;
}

int
lx_nics(struct backend *b, uint32_t domid, struct nicinfo **out,
    size_t *np, struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_device_nic	*nics;
	libxl_nicinfo		 info;
	struct nicinfo		*v;
	int			 nb = 0, i;
	size_t			 n = 0;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	nics = libxl_device_nic_list(lx->ctx, domid, &nb);
	v = xcalloc((size_t)nb + 1, sizeof(*v));
	for (i = 0; i < nb; i++) {
		if (libxl_device_nic_getinfo(lx->ctx, domid, &nics[i],
		    &info) == 0) {
			v[n].devid = (uint32_t)info.devid;
			v[n].backend_id = info.backend_id;
			memcpy(v[n].mac, nics[i].mac, 6);
			v[n].state = info.state;
			v[n].evtch = info.evtch;
			v[n].rref_tx = info.rref_tx;
			v[n].rref_rx = info.rref_rx;
			snprintf(v[n].backend, sizeof(v[n].backend), "%s",
			    info.backend != NULL ? info.backend : "");
			snprintf(v[n].bridge, sizeof(v[n].bridge), "%s",
			    nics[i].bridge != NULL ? nics[i].bridge : "");
			libxl_nicinfo_dispose(&info);
			n++;
		}
		libxl_device_nic_dispose(&nics[i]);
	}
	free(nics);
	*out = v;
	*np = n;
	return 0;
}

/* As xl network-attach bridge=BRIDGE mac=MAC, and nothing else set. */
int
lx_nic_attach(struct backend *b, uint32_t domid, const struct nicspec *ns,
    uint32_t *devid, struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_device_nic	 nic;
	char			 mac[18];
	int			 lrc, rc = 0;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	libxl_device_nic_init(&nic);
	nic.nictype = LIBXL_NIC_TYPE_VIF;
	memcpy(nic.mac, ns->mac, 6);
	nic.bridge = xstrdup(ns->bridge);
	/* devid -1: libxl takes the next free one, and sets it here. */
	if ((lrc = libxl_device_nic_add(lx->ctx, domid, &nic, NULL)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_device_nic_add", e);
		rc = -1;
	} else if (nic.devid >= 0)
		*devid = (uint32_t)nic.devid;
	else {
		/* Not set back: found again by its MAC. */
		libxl_device_nic_dispose(&nic);
		libxl_device_nic_init(&nic);
		if (libxl_mac_to_device_nic(lx->ctx, domid, fmt_mac(mac,
		    ns->mac), &nic) == 0 && nic.devid >= 0)
			*devid = (uint32_t)nic.devid;
		else
			*devid = 0;
	}
	libxl_device_nic_dispose(&nic);
	return rc;
}

int
lx_nic_detach(struct backend *b, uint32_t domid, uint32_t devid,
    struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_device_nic	 nic;
	int			 lrc, rc = 0;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	libxl_device_nic_init(&nic);
	if (libxl_devid_to_device_nic(lx->ctx, domid, (int)devid,
	    &nic) != 0) {
		xerr_set(e, XE_NOTFOUND, "Unknown device %u.", devid);
		rc = -1;
	} else if ((lrc = libxl_device_nic_remove(lx->ctx, domid, &nic,
	    NULL)) != 0)
		rc = lx_fail(lx, lrc, domid, "libxl_device_nic_remove", e);
	libxl_device_nic_dispose(&nic);
	return rc;
}

int
lx_sysrq(struct backend *b, uint32_t domid, char key, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	int		 lrc;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	if ((lrc = libxl_send_sysrq(lx->ctx, domid, key)) != 0)
		return lx_fail(lx, lrc, domid, "libxl_send_sysrq", e);
	return 0;
}
