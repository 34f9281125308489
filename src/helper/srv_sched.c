/*
 * xlshd: scheduling, xl's verbs and formats: vcpu-pin (a vcpu's hard
 * and soft affinity) and sched-credit2 (the pools' parameters, and the
 * domains' weights and caps, listed or set).  sched-credit2's lines
 * are xl's, written here and sent as text, as xe's records are.
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

#define SCHED_HEAD	"%-33s %4s %6s %4s\n"
#define SCHED_ROW	"%-33s %4u %6u %4u\n"

static int	pool_line(struct session *, uint32_t, struct xerr *);
static int	domain_row(struct session *, const struct dominfo *, int,
		    uint32_t, struct xerr *);
static int	list_all(struct session *, const struct request *,
		    struct xerr *);

/* vcpu-pin DOMAIN VCPU|all CPUS|- [SOFT-CPUS|-]: xl prints nothing. */
int
srv_vcpu_pin(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	 d;
	const char	*hard, *soft = NULL;
	uint32_t	 vcpu;

	if (resolve_domain(s, &req->args[0], &d, e) == -1)
		return -1;
	vcpu = req->args[1].all ? VCPU_ALL : (uint32_t)req->args[1].num;
	hard = strcmp(req->args[2].str, "-") == 0 ? NULL : req->args[2].str;
	if (req->nargs > 3 && strcmp(req->args[3].str, "-") != 0)
		soft = req->args[3].str;
	if (hard == NULL && soft == NULL) {
		xerr_set(e, XE_USAGE, "vcpu-pin: nothing to do: '-' keeps an "
		    "affinity as it is; give a hard affinity, a soft one, or "
		    "both");
		return -1;
	}
	return s->be.vcpu_pin(&s->be, d.domid, vcpu, hard, soft, e);
}

/* The pool's line: "Cpupool Pool-0: ratelimit=1000us". */
static int
pool_line(struct session *s, uint32_t poolid, struct xerr *e)
{
	struct cpupoolinfo	*p;
	size_t			 n, i;

	if (s->be.cpupools(&s->be, &p, &n, e) == -1)
		return -1;
	for (i = 0; i < n && p[i].poolid != poolid; i++)
		continue;
	if (i == n)
		xerr_set(e, XE_NOTFOUND, "unknown cpupool '%u'", poolid);
	else if (p[i].has_params)
		reply_text(s, TEXT_STDOUT, "Cpupool %s: ratelimit=%uus\n",
		    p[i].name, p[i].ratelimit_us);
	else
		reply_text(s, TEXT_STDOUT, "Cpupool %s: [sched params "
		    "unavailable]\n", p[i].name);
	free(p);
	return i == n ? -1 : 0;
}

/*
 * A domain's row, if it is in the pool (any, if poolid is UINT32_MAX);
 * one gone since the listing is left out when gone_ok.
 */
static int
domain_row(struct session *s, const struct dominfo *d, int gone_ok,
    uint32_t poolid, struct xerr *e)
{
	struct schedinfo	si;

	if (s->be.sched_get(&s->be, d->domid, &si, e) == -1) {
		if (gone_ok && e->code == XE_NOTFOUND) {
			memset(e, 0, sizeof(*e));
			return 0;
		}
		return -1;
	}
	if (poolid != UINT32_MAX && si.poolid != poolid)
		return 0;
	return reply_text(s, TEXT_STDOUT, SCHED_ROW, d->name, d->domid,
	    si.weight, si.cap);
}

/* Every credit2 pool, and in each the domains the member may see. */
static int
list_all(struct session *s, const struct request *req, struct xerr *e)
{
	struct cpupoolinfo	*p;
	struct dominfo		*d;
	size_t			 np, nd, i, k;
	int			 rc = -1;

	if (s->be.cpupools(&s->be, &p, &np, e) == -1)
		return -1;
	if (s->be.domains(&s->be, &d, &nd, e) == -1) {
		free(p);
		return -1;
	}
	sight_filter(s, req->verb, 0, d, &nd);
	for (i = 0; i < np; i++) {
		if (!p[i].credit2)
			continue;
		if (pool_line(s, p[i].poolid, e) == -1)
			goto out;
		reply_text(s, TEXT_STDOUT, SCHED_HEAD, "Name", "ID",
		    "Weight", "Cap");
		for (k = 0; k < nd; k++)
			if (domain_row(s, &d[k], 1, p[i].poolid, e) == -1)
				goto out;
	}
	rc = 0;
out:
	free(d);
	free(p);
	return rc;
}

/*
 * sched-credit2: every pool and domain; -d DOMAIN, one; -d DOMAIN with
 * -w or -c sets them (xl prints nothing); -s, Pool-0's parameters.
 */
int
srv_sched_credit2(struct session *s, const struct request *req,
    struct xerr *e)
{
	const struct req_arg	*dom = req_optv(req, 'd');
	const struct req_arg	*w = req_optv(req, 'w');
	const struct req_arg	*c = req_optv(req, 'c');
	struct dominfo		 d;

	if (backend_ready(s, e) == -1)
		return -1;
	if (req_opt(req, 's') && (dom != NULL || w != NULL || c != NULL)) {
		xerr_set(e, XE_USAGE, "Specifying a cpupool or schedparam is "
		    "not allowed with domain options.");
		return -1;
	}
	if (dom == NULL && (w != NULL || c != NULL)) {
		xerr_set(e, XE_USAGE, "Must specify a domain.");
		return -1;
	}
	if (req_opt(req, 's'))
		return pool_line(s, 0, e);
	if (dom == NULL)
		return list_all(s, req, e);
	if (resolve_domain(s, dom, &d, e) == -1)
		return -1;
	if (w != NULL || c != NULL)
		return s->be.sched_set(&s->be, d.domid,
		    w != NULL ? (uint32_t)w->num : SCHED_KEEP,
		    c != NULL ? (uint32_t)c->num : SCHED_KEEP, e);
	reply_text(s, TEXT_STDOUT, SCHED_HEAD, "Name", "ID", "Weight", "Cap");
	return domain_row(s, &d, 0, UINT32_MAX, e);
}
