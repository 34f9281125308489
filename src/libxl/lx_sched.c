/*
 * The libxl backend's scheduling: a vcpu's affinities (xl vcpu-pin),
 * the cpupools and a domain's credit2 weight and cap (xl
 * sched-credit2).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxl_utils.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

static int	to_bitmap(struct lx *, const char *, uint32_t, const char *,
		    uint32_t, libxl_bitmap *, struct xerr *);

/* A cpu list (cpuset.c) as a libxl bitmap of the host's cpus. */
static int
to_bitmap(struct lx *lx, const char *list, uint32_t nr_cpus,
    const char *which, uint32_t vcpu, libxl_bitmap *bm, struct xerr *e)
{
	uint8_t		*map;
	char		 err[160];
	uint32_t	 i, set = 0;
	int		 lrc, rc = -1;

	map = xcalloc((nr_cpus + 7) / 8, 1);
	if (cpuset_parse(list, map, nr_cpus, err, sizeof(err)) == -1) {
		xerr_set(e, XE_INVAL, "%s", err);
		goto out;
	}
	if ((lrc = libxl_cpu_bitmap_alloc(lx->ctx, bm, 0)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_cpu_bitmap_alloc", e);
		goto out;
	}
	for (i = 0; i < nr_cpus; i++)
		if (map[i / 8] & (1U << (i % 8))) {
			libxl_bitmap_set(bm, (int)i);
			set++;
		}
	if (set == 0) {
		xerr_set(e, XE_INVAL, "Could not set affinity for vcpu `%u': "
		    "its %s affinity %s has no cpu", vcpu, which, list);
		goto out;
	}
	rc = 0;
out:
	free(map);
	return rc;
}

int
lx_vcpu_pin(struct backend *b, uint32_t domid, uint32_t vcpu,
    const char *hard, const char *soft, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	 info;
	libxl_physinfo	 pi;
	libxl_bitmap	 hm, sm;
	uint32_t	 max;
	int		 lrc, rc = -1;

	libxl_dominfo_init(&info);
	libxl_physinfo_init(&pi);
	libxl_bitmap_init(&hm);
	libxl_bitmap_init(&sm);
	if (lx_info(lx, domid, &info, e) == -1)
		goto out;
	if ((lrc = libxl_get_physinfo(lx->ctx, &pi)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_get_physinfo", e);
		goto out;
	}
	max = info.vcpu_max_id + 1;
	if (vcpu != VCPU_ALL && vcpu >= max) {
		xerr_set(e, XE_INVAL, "Could not set affinity for vcpu `%u': "
		    "domain %u has %u vcpu%s, numbered from 0", vcpu, domid,
		    max, max == 1 ? "" : "s");
		goto out;
	}
	if ((hard != NULL && to_bitmap(lx, hard, pi.nr_cpus, "hard",
	    vcpu, &hm, e) == -1) || (soft != NULL && to_bitmap(lx, soft,
	    pi.nr_cpus, "soft", vcpu, &sm, e) == -1))
		goto out;
	if (vcpu == VCPU_ALL)
		lrc = libxl_set_vcpuaffinity_all(lx->ctx, domid, max,
		    hard != NULL ? &hm : NULL, soft != NULL ? &sm : NULL);
	else
		lrc = libxl_set_vcpuaffinity(lx->ctx, domid, vcpu,
		    hard != NULL ? &hm : NULL, soft != NULL ? &sm : NULL);
	if (lrc != 0) {
		lx_fail(lx, lrc, domid, "libxl_set_vcpuaffinity", e);
		goto out;
	}
	rc = 0;
out:
	libxl_bitmap_dispose(&sm);
	libxl_bitmap_dispose(&hm);
	libxl_physinfo_dispose(&pi);
	libxl_dominfo_dispose(&info);
	return rc;
}

int
lx_cpupools(struct backend *b, struct cpupoolinfo **out, size_t *np,
    struct xerr *e)
{
	struct lx			*lx = lx_begin(b);
	libxl_cpupoolinfo		*pl;
	libxl_sched_credit2_params	 sp;
	struct cpupoolinfo		*p;
	int				 i, n = 0;

	if ((pl = libxl_list_cpupool(lx->ctx, &n)) == NULL)
		return lx_fail(lx, ERROR_FAIL, 0, "libxl_list_cpupool", e);
	p = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*p));
	for (i = 0; i < n; i++) {
		p[i].poolid = pl[i].poolid;
		snprintf(p[i].name, sizeof(p[i].name), "%s",
		    pl[i].pool_name != NULL ? pl[i].pool_name : "");
		p[i].credit2 = pl[i].sched == LIBXL_SCHEDULER_CREDIT2;
		if (p[i].credit2 && libxl_sched_credit2_params_get(lx->ctx,
		    pl[i].poolid, &sp) == 0) {
			p[i].has_params = 1;
			p[i].ratelimit_us = (uint32_t)sp.ratelimit_us;
		}
	}
	libxl_cpupoolinfo_list_free(pl, n);
	*out = p;
	*np = (size_t)n;
	return 0;
}

int
lx_sched_get(struct backend *b, uint32_t domid, struct schedinfo *si,
    struct xerr *e)
{
	struct lx			*lx = lx_begin(b);
	libxl_dominfo			 info;
	libxl_domain_sched_params	 sp;
	int				 lrc, rc = -1;

	memset(si, 0, sizeof(*si));
	libxl_dominfo_init(&info);
	libxl_domain_sched_params_init(&sp);
	if (lx_info(lx, domid, &info, e) == -1)
		goto out;
	if ((lrc = libxl_domain_sched_params_get(lx->ctx, domid, &sp)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_domain_sched_params_get", e);
		goto out;
	}
	if (sp.sched != LIBXL_SCHEDULER_CREDIT2) {
		xerr_set(e, XE_STATE, "libxl_domain_sched_params_get returned "
		    "%s not credit2.", libxl_scheduler_to_string(sp.sched));
		goto out;
	}
	si->poolid = info.cpupool;
	si->weight = (uint32_t)sp.weight;
	si->cap = (uint32_t)sp.cap;
	rc = 0;
out:
	libxl_domain_sched_params_dispose(&sp);
	libxl_dominfo_dispose(&info);
	return rc;
}

int
lx_sched_set(struct backend *b, uint32_t domid, uint32_t weight,
    uint32_t cap, struct xerr *e)
{
	struct lx			*lx = lx_begin(b);
	libxl_domain_sched_params	 sp;
	int				 lrc, rc = -1;

	libxl_domain_sched_params_init(&sp);
	sp.sched = LIBXL_SCHEDULER_CREDIT2;
	if (weight != SCHED_KEEP)
		sp.weight = (int)weight;
	if (cap != SCHED_KEEP)
		sp.cap = (int)cap;
	if ((lrc = libxl_domain_sched_params_set(lx->ctx, domid, &sp)) != 0)
		lx_fail(lx, lrc, domid, "libxl_domain_sched_params_set", e);
	else
		rc = 0;
	libxl_domain_sched_params_dispose(&sp);
	return rc;
}
