/*
 * The devices an administrator's own xl.cfg asks for, on real Xen: its
 * disk = [ ... ] specs, parsed by libxlutil's xlu_disk_parse as xl parses
 * them, and its vif = [ ... ] specs, "key=value" lists read as xl's
 * parse_nic_config reads the keys kept here (mac, bridge, script, ip,
 * type, model, vifname); the lists themselves as cfgread.c read them.  Only a member permitted files (the policy's
 * files, root-equivalent) sends such a file; templates give their disks
 * and vifs through xlsh's own keys instead (xlcfg_xlsh.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxlutil.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"

#define SPEC_MAX	1024

static const struct cfgset *list_of(const struct cfgfile *, const char *);
static int	add_disks(const struct cfgfile *, libxl_domain_config *,
		    struct xerr *);
static int	add_vifs(const struct cfgfile *, libxl_domain_config *,
		    struct xerr *);
static int	vif_key(libxl_device_nic *, const char *, const char *,
		    struct xerr *);

/*
 * A key's list, or NULL if the key is not set or is a single value;
 * as xl does, its callers take its strings up to the first item that
 * is a list (NULL).
 */
static const struct cfgset *
list_of(const struct cfgfile *cfg, const char *key)
{
	const struct cfgset	*set;

	if ((set = cfg_get(cfg, key)) == NULL || !set->list)
		return NULL;
	return set;
}

static int
add_disks(const struct cfgfile *cfg, libxl_domain_config *d,
    struct xerr *e)
{
	const struct cfgset	*list;
	XLU_Config		*xlu = NULL;
	FILE			*report = NULL;
	char			*rbuf = NULL;
	size_t			 rlen = 0, i;
	libxl_device_disk	*disk;
	const char		*spec;
	int			 rc = -1;

	if ((list = list_of(cfg, "disk")) == NULL)
		return 0;
	/* xlu_disk_parse wants a config only to report to. */
	if ((report = open_memstream(&rbuf, &rlen)) == NULL)
		fatal("open_memstream");
	if ((xlu = xlu_cfg_init(report, "disk")) == NULL)
		fatalx("xlu_cfg_init: out of memory");
	for (i = 0; i < list->nitems && (spec = list->items[i]) != NULL;
	    i++) {
		d->disks = xreallocarray(d->disks, (size_t)d->num_disks + 1,
		    sizeof(*d->disks));
		disk = &d->disks[d->num_disks];
		libxl_device_disk_init(disk);
		d->num_disks++;
		if (xlu_disk_parse(xlu, 1, &spec, disk) != 0) {
			xerr_set(e, XE_INVAL, "disk: \"%.64s\" is not a disk "
			    "spec xl reads", spec);
			goto out;
		}
	}
	rc = 0;
out:
	xlu_cfg_destroy(xlu);
	fclose(report);
	free(rbuf);
	return rc;
}

static int
vif_key(libxl_device_nic *n, const char *k, const char *v, struct xerr *e)
{
	char	**field = NULL;

	if (strcmp(k, "mac") == 0) {
		if (parse_mac(v, n->mac) == -1) {
			xerr_set(e, XE_INVAL, "vif: mac=%.32s is not a MAC", v);
			return -1;
		}
		return 0;
	}
	if (strcmp(k, "type") == 0) {
		if (strcmp(v, "vif") == 0)
			n->nictype = LIBXL_NIC_TYPE_VIF;
		else if (strcmp(v, "ioemu") == 0)
			n->nictype = LIBXL_NIC_TYPE_VIF_IOEMU;
		else {
			xerr_set(e, XE_INVAL, "vif: type=%.32s is not vif or "
			    "ioemu", v);
			return -1;
		}
		return 0;
	}
	if (strcmp(k, "bridge") == 0)
		field = &n->bridge;
	else if (strcmp(k, "script") == 0)
		field = &n->script;
	else if (strcmp(k, "ip") == 0)
		field = &n->ip;
	else if (strcmp(k, "model") == 0)
		field = &n->model;
	else if (strcmp(k, "vifname") == 0)
		field = &n->ifname;
	if (field == NULL) {
		xerr_set(e, XE_INVAL, "vif: %.32s= is not a key xlshd sets "
		    "(mac, bridge, script, ip, type, model, vifname)", k);
		return -1;
	}
	free(*field);
	*field = xstrdup(v);
	return 0;
}

static int
add_vifs(const struct cfgfile *cfg, libxl_domain_config *d, struct xerr *e)
{
	const struct cfgset	*list;
	libxl_device_nic	*n;
	const char		*spec;
	char			 buf[SPEC_MAX], *p, *kv, *v;
	size_t			 i;

	if ((list = list_of(cfg, "vif")) == NULL)
		return 0;
	for (i = 0; i < list->nitems && (spec = list->items[i]) != NULL;
	    i++) {
		if (strlen(spec) >= sizeof(buf)) {
			xerr_set(e, XE_INVAL, "vif: a spec longer than %d bytes",
			    SPEC_MAX - 1);
			return -1;
		}
		d->nics = xreallocarray(d->nics, (size_t)d->num_nics + 1,
		    sizeof(*d->nics));
		n = &d->nics[d->num_nics];
		libxl_device_nic_init(n);
		n->devid = d->num_nics;
		n->nictype = LIBXL_NIC_TYPE_VIF;
		d->num_nics++;
		snprintf(buf, sizeof(buf), "%s", spec);
		for (p = buf; (kv = strsep(&p, ",")) != NULL; ) {
			kv += strspn(kv, " \t");
			if (*kv == '\0')
				continue;
			if ((v = strchr(kv, '=')) == NULL) {
				xerr_set(e, XE_INVAL, "vif: \"%.32s\" is not "
				    "key=value", kv);
				return -1;
			}
			*v++ = '\0';
			if (vif_key(n, kv, v, e) == -1)
				return -1;
		}
	}
	return 0;
}

/* The file's disks and vifs, after those the helper chose, into d. */
int
xlcfg_file_devices(const struct cfgfile *cfg, libxl_domain_config *d,
    struct xerr *e)
{
	if (add_disks(cfg, d, e) == -1 || add_vifs(cfg, d, e) == -1)
		return -1;
	return 0;
}
