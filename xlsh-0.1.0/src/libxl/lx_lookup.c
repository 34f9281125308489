/*
 * The libxl backend's view of one domain: libxl's dominfo made ours
 * (for lx_domains' listing too), and one domain found by its domid,
 * name or uuid without listing them all when libxl can say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxl.h>
#include <libxl_utils.h>

#include "backend/backend.h"
#include "common/xlsh.h"
#include "lx.h"

/* When the host booted: Domain-0's start, as xl uptime counts it. */
uint64_t
lx_boot_time(void)
{
	FILE	*f;
	double	 up;
	time_t	 now = time(NULL);
	int	 ok;

	if ((f = fopen("/proc/uptime", "re")) == NULL)
		return (uint64_t)now;
	ok = fscanf(f, "%lf", &up) == 1;
	fclose(f);
	if (!ok || up < 0 || up > (double)now)
		return (uint64_t)now;
	return (uint64_t)now - (uint64_t)up;
}

/* One of libxl's dominfo as ours; boot is lx_boot_time()'s. */
void
lx_dominfo(struct lx *lx, const libxl_dominfo *in, uint64_t boot,
    struct dominfo *d)
{
	char		*name;
	uint32_t	 start;

	memset(d, 0, sizeof(*d));
	d->domid = in->domid;
	/*
	 * A domain being torn down may have lost its name already; xl
	 * prints such a one as "(null)" (glibc's printf of a NULL %s),
	 * and so do we.  No request can name it: it is no valid name.
	 */
	name = libxl_domid_to_name(lx->ctx, in->domid);
	snprintf(d->name, sizeof(d->name), "%s", name != NULL ? name :
	    "(null)");
	free(name);
	memcpy(d->uuid, libxl_uuid_bytearray_const(&in->uuid),
	    sizeof(d->uuid));
	d->flags = (in->running ? DI_RUNNING : 0) |
	    (in->blocked ? DI_BLOCKED : 0) |
	    (in->paused ? DI_PAUSED : 0) |
	    (in->shutdown ? DI_SHUTDOWN : 0) |
	    (in->dying ? DI_DYING : 0);
	d->shutdown_reason = in->shutdown ? (uint32_t)in->shutdown_reason : 0;
	d->current_memkb = in->current_memkb;
	d->outstanding_memkb = in->outstanding_memkb;
	d->max_memkb = in->max_memkb;
	d->vcpu_online = in->vcpu_online;
	d->vcpu_max = in->vcpu_max_id + 1;
	d->cpu_time_ns = in->cpu_time;
	if (in->domid == 0)
		d->start_time = boot;
	else {
		/* (uint32_t)-1 when libxl does not know it. */
		start = libxl_vm_get_start_time(lx->ctx, in->domid);
		d->start_time = start != UINT32_MAX ? start :
		    (uint64_t)time(NULL);
	}
}

/*
 * A name by libxl_name_to_domid, an id by libxl_domain_info, a uuid by
 * the list (libxl has no index of uuids).  A name is checked back, as
 * libxl_name_to_domid takes "" and digits on trust.
 */
int
lx_lookup(struct backend *b, const struct domkey *k, struct dominfo *d,
    struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	*list, info;
	uint32_t	 domid = k->domid;
	int		 i, n = 0, found = 0, lrc;

	if (k->kind == KEY_NAME) {
		if (!valid_domain_name(k->name) &&
		    strcmp(k->name, "Domain-0") != 0)
			return 0;
		if (libxl_name_to_domid(lx->ctx, k->name, &domid) != 0)
			return 0;
	} else if (k->kind == KEY_UUID) {
		if ((list = libxl_list_domain(lx->ctx, &n)) == NULL)
			return lx_fail(lx, ERROR_FAIL, 0, "libxl_list_domain",
			    e);
		for (i = 0; i < n && !found; i++) {
			if (memcmp(libxl_uuid_bytearray(&list[i].uuid),
			    k->uuid, sizeof(k->uuid)) == 0) {
				domid = list[i].domid;
				found = 1;
			}
		}
		libxl_dominfo_list_free(list, n);
		if (!found)
			return 0;
	}
	libxl_dominfo_init(&info);
	lrc = libxl_domain_info(lx->ctx, &info, domid);
	if (lrc == ERROR_DOMAIN_NOTFOUND || lrc == ERROR_INVAL) {
		libxl_dominfo_dispose(&info);
		return 0;
	}
	if (lrc != 0) {
		libxl_dominfo_dispose(&info);
		return lx_fail(lx, lrc, domid, "libxl_domain_info", e);
	}
	lx_dominfo(lx, &info, lx_boot_time(), d);
	libxl_dominfo_dispose(&info);
	if (k->kind == KEY_NAME && strcmp(d->name, k->name) != 0)
		return 0;
	return 1;
}
