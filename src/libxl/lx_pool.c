/*
 * The libxl backend's storage pool: the volume group that xlshd's
 * --volume-group names, with the thin pool of --thin-pool in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

static int	no_pool(struct lx *, struct xerr *);

static int
no_pool(struct lx *lx, struct xerr *e)
{
	if (lx->vg[0] == '\0')
		xerr_set(e, XE_STATE, "this host has no storage pool: xlshd "
		    "was started without --volume-group");
	else
		xerr_set(e, XE_STATE, "volume group %s: this xlshd was built "
		    "without LVM support (libblockdev)", lx->vg);
	return -1;
}

int
lx_pool(struct backend *b, struct poolinfo *p, struct xerr *e)
{
	(void)p;
	return no_pool(lx_begin(b), e);
}

int
lx_vols(struct backend *b, struct volinfo **out, size_t *np, struct xerr *e)
{
	(void)out;
	(void)np;
	return no_pool(lx_begin(b), e);
}

int
lx_vol(struct backend *b, const char *name, struct volinfo *v,
    struct xerr *e)
{
	(void)name;
	(void)v;
	return no_pool(lx_begin(b), e);
}

int
lx_vol_create(struct backend *b, const char *name, uint64_t mib,
    const char *origin, struct xerr *e)
{
	(void)name;
	(void)mib;
	(void)origin;
	return no_pool(lx_begin(b), e);
}

int
lx_vol_resize(struct backend *b, const char *name, uint64_t mib,
    struct xerr *e)
{
	(void)name;
	(void)mib;
	return no_pool(lx_begin(b), e);
}

int
lx_vol_delete(struct backend *b, const char *name, struct xerr *e)
{
	(void)name;
	return no_pool(lx_begin(b), e);
}
