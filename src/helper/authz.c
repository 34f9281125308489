/*
 * xlshd's decisions: may this member use this verb on this domain,
 * may they see it, and does a change keep them within their quotas.
 * The policy is consulted here only; its language is policy.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "session.h"

/*
 * May the member use this verb on this domain at all?  Listings show
 * only such domains; Domain-0 follows the same rule.
 */
int
visible(struct session *s, enum verb_id verb, const struct dominfo *d)
{
	const struct rule	*r;

	r = policy_match(s->policy, &s->m, verb, d->name);
	return r != NULL && r->permit;
}

/* The decision for req with target name (NULL: none), kept for quotas. */
int
authorize_name(struct session *s, const struct request *req,
    const char *name, struct xerr *e)
{
	const struct rule	*r;
	char			 why[256];

	r = policy_decide(s->policy, &s->m, req, name,
	    name != NULL && strcmp(name, "Domain-0") == 0, why, sizeof(why));
	if (r == NULL) {
		s->permitted = 0;
		xerr_set(e, XE_DENIED, "%s", why);
		return -1;
	}
	s->rule = r;
	s->permitted = 1;
	return 0;
}

/*
 * Would the member stay within the permitting rule's quotas if domain
 * d (NULL: a new one) had memkb of memory and vcpus vcpus?  Their
 * domains are those the rule's pattern gives them.
 */
int
quota_check(struct session *s, const struct dominfo *d, uint64_t memkb,
    uint32_t vcpus, struct xerr *e)
{
	const struct rule	*r = s->rule;
	struct dominfo		*list;
	size_t			 n, i;
	uint64_t		 doms = 0, mem = 0, cpus = 0;

	if (r == NULL)
		fatalx("quota_check without a permitting rule");
	if (r->max_domains == QUOTA_NONE && r->max_memkb == QUOTA_NONE &&
	    r->max_vcpus == QUOTA_NONE)
		return 0;
	if (backend_ready(s, e) == -1 ||
	    s->be.domains(&s->be, &list, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (list[i].domid == 0 || (d != NULL &&
		    list[i].domid == d->domid) ||
		    !policy_pattern_ok(r, &s->m, list[i].name))
			continue;
		doms++;
		mem += list[i].current_memkb;
		cpus += list[i].vcpu_online;
	}
	free(list);
	/* Over quota: the policy's answer to this request is no. */
	s->permitted = 0;
	if (d == NULL && doms + 1 > r->max_domains) {
		xerr_set(e, XE_DENIED, "quota exceeded: %s may have %llu "
		    "domains and has %llu", s->member,
		    (unsigned long long)r->max_domains,
		    (unsigned long long)doms);
		return -1;
	}
	if (mem + memkb > r->max_memkb) {
		xerr_set(e, XE_DENIED, "quota exceeded: %s may use %llu MiB "
		    "of memory; this would make it %llu MiB", s->member,
		    (unsigned long long)(r->max_memkb / 1024),
		    (unsigned long long)((mem + memkb) / 1024));
		return -1;
	}
	if (cpus + vcpus > r->max_vcpus) {
		xerr_set(e, XE_DENIED, "quota exceeded: %s may use %llu "
		    "vcpus; this would make it %llu", s->member,
		    (unsigned long long)r->max_vcpus,
		    (unsigned long long)(cpus + vcpus));
		return -1;
	}
	s->permitted = 1;
	return 0;
}

/*
 * May the member use this verb on this domain, with the features the
 * rule grants (Domain-0 only with dom0)?  For completion.
 */
int
actionable(struct session *s, const struct verb *v, const struct dominfo *d)
{
	const struct rule	*r;

	r = policy_match(s->policy, &s->m, v->id, d->name);
	if (r == NULL || !r->permit)
		return 0;
	return !(v->flags & VF_MODIFIES) || d->domid != 0 ||
	    (r->features & POL_DOM0);
}

/*
 * The answer for a domain that does not exist, in the verb's words (xl's
 * for domid and domname); also the answer for one the member may not
 * see, so that the two cannot be told apart.
 */
void
domain_missing(const struct request *req, const char *str, struct xerr *e)
{
	switch (verb_xl(req->verb)) {
	case V_DOMID:
		xerr_set(e, XE_NOTFOUND, "Can't get domid of domain name "
		    "'%s', maybe this domain does not exist.", str);
		break;
	case V_DOMNAME:
		xerr_set(e, XE_NOTFOUND, "Can't get domain name of domain "
		    "id '%s', maybe this domain does not exist.", str);
		break;
	default:
		xerr_set(e, XE_NOTFOUND, "Domain '%s' does not exist.", str);
		break;
	}
}

/*
 * The policy decision for a request before it is served.  Each domain
 * it names must exist and be permitted; create and vm-start are
 * decided again once the new domain's name is known.
 */
int
authorize_request(struct session *s, const struct request *req,
    struct xerr *e)
{
	struct dominfo	d;
	struct req_arg	a;
	int		i, named = 0;

	s->rule = NULL;
	s->permitted = 0;
	s->target[0] = '\0';
	for (i = 0; i < req->nargs; i++) {
		a = req->args[i];
		if (a.type == A_DOMID) {
			a.type = A_DOMAIN;
			a.is_id = 1;
		} else if (a.type != A_DOMAIN)
			continue;
		if (resolve_domain(s, &a, &d, e) == -1) {
			snprintf(s->target, sizeof(s->target), "%s", a.str);
			s->permitted = 0;
			if (e->code == XE_NOTFOUND)
				domain_missing(req, a.str, e);
			return -1;
		}
		snprintf(s->target, sizeof(s->target), "%s", d.name);
		if (authorize_name(s, req, d.name, e) == -1) {
			/*
			 * A domain the member may not see reads exactly as
			 * one that does not exist: neither its name nor its
			 * being there is told (the audit line has both).
			 */
			if (!visible(s, V_LIST, &d))
				domain_missing(req, a.str, e);
			return -1;
		}
		named = 1;
	}
	if (!named)
		return authorize_name(s, req, NULL, e);
	return 0;
}
