/*
 * The keys of an xl.cfg that are xlsh's, not xl's (xl ignores them): a
 * template's wish for a root disk and a network interface.
 *
 *	xlsh_root = "debian12-base"	the new VM's root disk (xvda) is a
 *					snapshot of this volume of the pool
 *	xlsh_root_size = "4g"		grown to this size (default: the
 *					base volume's)
 *	xlsh_bridge = "xenbr0"		one vif on this bridge
 *
 * Only names are read here; the helper makes the volume and the vif,
 * and the bridge must be one the helper's configuration permits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "common/proto.h"
#include "common/xlsh.h"

static int	get(const struct cfgfile *, const char *, const char *,
		    const char **, struct xerr *);

static int
get(const struct cfgfile *cfg, const char *fn, const char *key,
    const char **out, struct xerr *e)
{
	const struct cfgset	*set;

	*out = NULL;
	if ((set = cfg_get(cfg, key)) == NULL)
		return 0;
	if (set->list) {
		xerr_set(e, XE_INVAL, "%s: %s: expected a single value, not a "
		    "list", fn, key);
		return -1;
	}
	*out = set->value;
	return 0;
}

int
xlcfg_read_xlsh(const struct cfgfile *cfg, const char *fn, struct domcfg *dc,
    struct xerr *e)
{
	const char	*root, *size, *bridge;
	char		 show[XLSH_NAME_MAX + 1];

	dc->file_devices = cfg_get(cfg, "disk") != NULL ||
	    cfg_get(cfg, "vif") != NULL;
	if (get(cfg, fn, "xlsh_root", &root, e) == -1 ||
	    get(cfg, fn, "xlsh_root_size", &size, e) == -1 ||
	    get(cfg, fn, "xlsh_bridge", &bridge, e) == -1)
		return -1;
	if (root != NULL) {
		if (!valid_volume_name(root)) {
			strvis_name(show, sizeof(show), root);
			xerr_set(e, XE_INVAL, "%s: xlsh_root: \"%s\" is not a "
			    "volume's name", fn, show);
			return -1;
		}
		snprintf(dc->root_base, sizeof(dc->root_base), "%s", root);
	}
	if (size != NULL) {
		if (root == NULL || parse_volsize_mib(size, &dc->root_mib) ==
		    -1) {
			strvis_name(show, sizeof(show), size);
			xerr_set(e, XE_INVAL, "%s: xlsh_root_size: \"%s\" is "
			    "not a volume size, or there is no xlsh_root", fn,
			    show);
			return -1;
		}
	}
	if (bridge != NULL) {
		if (!valid_bridge_name(bridge)) {
			strvis_name(show, sizeof(show), bridge);
			xerr_set(e, XE_INVAL, "%s: xlsh_bridge: \"%s\" is not "
			    "a bridge's name", fn, show);
			return -1;
		}
		snprintf(dc->bridge, sizeof(dc->bridge), "%s", bridge);
	}
	return 0;
}
