/*
 * xlshd's decisions: may this member use this verb on this VM, and may
 * they see it.  A VM's owner is its record's (registry.c), never a
 * part of its name.  The policy is consulted here only; its language
 * is policy.c's.  Quotas are quota.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "session.h"

static int	find_target(struct session *, const struct request *,
		    const struct req_arg *, struct vm *, struct target *,
		    struct xerr *);
static int	authorize_volume(struct session *, const struct request *,
		    const char *, struct xerr *);
static int	authorize_image(struct session *, const struct request *,
		    const char *, struct xerr *);

/*
 * May the member use this verb on this VM at all?  Listings show only
 * such VMs; Domain-0 follows the same rule.
 */
int
visible(struct session *s, enum verb_id verb, const struct target *t)
{
	const struct rule	*r;

	r = policy_match(s->policy, &s->m, verb, t);
	return r != NULL && r->permit;
}

/* May the member open the console of a VM of theirs called name? */
int
console_permitted(struct session *s, const char *name)
{
	struct target	t;

	memset(&t, 0, sizeof(t));
	t.name = name;
	t.owner = s->member;
	return visible(s, V_CONSOLE, &t);
}

/*
 * May the member use this verb on this VM, with the features the rule
 * grants (Domain-0 only with dom0)?  For completion.
 */
int
actionable(struct session *s, const struct verb *v, const struct target *t)
{
	const struct rule	*r;

	r = policy_match(s->policy, &s->m, v->id, t);
	if (r == NULL || !r->permit)
		return 0;
	return !(v->flags & VF_MODIFIES) || !t->dom0 ||
	    (r->features & POL_DOM0);
}

/* The decision for req on target t (NULL: none), kept for quotas. */
int
authorize_target(struct session *s, const struct request *req,
    const struct target *t, struct xerr *e)
{
	const struct rule	*r;
	char			 why[256];

	r = policy_decide(s->policy, &s->m, req, t, why, sizeof(why));
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
 * The rule that lets the member make VMs with verb v (create,
 * vm-install), whatever their names: its quotas, templates and
 * features are those whoami and quota show.  NULL if none does.
 */
const struct rule *
maker_rule(struct session *s, enum verb_id v)
{
	return policy_match(s->policy, &s->m, v, NULL);
}

/* A VM the member makes, or a new name: theirs, if the names permit. */
int
authorize_new(struct session *s, const struct request *req,
    const char *name, struct xerr *e)
{
	struct target	t;

	memset(&t, 0, sizeof(t));
	t.name = name;
	t.owner = s->member;
	t.is_new = 1;
	return authorize_target(s, req, &t, e);
}

/*
 * The answer for a VM that does not exist, in the verb's words (xl's
 * for domid and domname, xe's for vm=); also the answer for one the
 * member may not see, so that the two cannot be told apart.
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
		if (req->verb->args[0].type == A_VM)
			xerr_set(e, XE_NOTFOUND, "No matching VMs found for "
			    "vm=%s.", str);
		else
			xerr_set(e, XE_NOTFOUND, "Domain '%s' does not exist.",
			    str);
		break;
	}
}

/* A domain or VM argument of the request, found, as a target. */
static int
find_target(struct session *s, const struct request *req,
    const struct req_arg *arg, struct vm *v, struct target *t,
    struct xerr *e)
{
	struct req_arg	a = *arg;
	char		owner[MEMBER_MAX];
	int		rc;

	memset(v, 0, sizeof(*v));
	if (a.type == A_VM) {
		if ((rc = vm_find(s, a.str, v, e)) == -1)
			return -1;
		if (rc == 0) {
			domain_missing(req, a.str, e);
			return -1;
		}
		vm_target(v, t);
		return 0;
	}
	if (a.type == A_DOMID) {
		a.type = A_DOMAIN;
		a.is_id = 1;
	}
	if (resolve_domain(s, &a, &v->dom, e) == -1) {
		if (e->code == XE_NOTFOUND)
			domain_missing(req, a.str, e);
		return -1;
	}
	v->live = 1;
	if (dom_target(s, &v->dom, t, owner, e) == -1)
		return -1;
	/* t->owner pointed into owner: keep it in the vm instead. */
	snprintf(v->rec.owner, sizeof(v->rec.owner), "%s", owner);
	if (t->owner != NULL)
		t->owner = v->rec.owner;
	t->name = v->dom.name;
	return 0;
}

/*
 * A volume the request names: it must be in the pool and permitted;
 * one the member may not see reads as one that is not there.
 */
static int
authorize_volume(struct session *s, const struct request *req,
    const char *name, struct xerr *e)
{
	struct target	t;
	struct vol	v;
	int		r;

	if ((r = vol_find(s, name, &v, e)) != 1) {
		if (r == 0)
			volume_missing(name, e);
		s->permitted = 0;
		return -1;
	}
	vol_target(&v, &t);
	if (authorize_target(s, req, &t, e) == -1) {
		if (!visible(s, V_VOL_LIST, &t))
			volume_missing(name, e);
		return -1;
	}
	return 0;
}

/*
 * A saved image the request names: it must be there and permitted; one
 * the member may not see (images) reads as one that is not there.
 */
static int
authorize_image(struct session *s, const struct request *req,
    const char *name, struct xerr *e)
{
	struct target	t;
	struct imgrec	r;
	int		rc = -1;

	if (backend_ready(s, e) == -1 ||
	    (rc = imgreg_get(s->db, name, &r, e)) != 1) {
		if (rc == 0)
			image_missing(name, e);
		s->permitted = 0;
		return -1;
	}
	img_target(&r, &t);
	rc = authorize_target(s, req, &t, e);
	if (rc == -1 && !visible(s, V_IMAGES, &t))
		image_missing(name, e);
	imgreg_free(&r);
	return rc;
}

/*
 * The policy decision for a request before it is served.  Each domain,
 * VM or volume it names must exist and be permitted, and a new
 * volume's name too; create, vm-install and rename are decided again
 * once the new name is known.  Verbs about the member themselves
 * (quota) are everyone's.
 */
int
authorize_request(struct session *s, const struct request *req,
    struct xerr *e)
{
	const struct req_arg	*a;
	struct target		 t;
	struct vm		 v;
	int			 i, named = 0, rv;

	s->rule = NULL;
	s->permitted = 0;
	s->target[0] = '\0';
	if (req->verb->flags & VF_SELF) {
		s->permitted = 1;
		return 0;
	}
	/* The values of options count: sched-credit2 -d DOMAIN. */
	for (i = 0; (a = req_target(req, i)) != NULL; i++) {
		if (a->type == A_VOLUME || a->type == A_NEWVOL ||
		    a->type == A_IMAGE || a->type == A_NEWIMAGE) {
			if (!named)
				snprintf(s->target, sizeof(s->target), "%s",
				    a->str);
			if ((a->type == A_VOLUME ?
			    authorize_volume(s, req, a->str, e) :
			    a->type == A_IMAGE ?
			    authorize_image(s, req, a->str, e) :
			    authorize_new(s, req, a->str, e)) == -1)
				return -1;
			named = 1;
			continue;
		}
		if (a->type != A_DOMAIN && a->type != A_DOMID &&
		    a->type != A_VM)
			continue;
		snprintf(s->target, sizeof(s->target), "%s", a->str);
		if (find_target(s, req, a, &v, &t, e) == -1) {
			s->permitted = 0;
			return -1;
		}
		snprintf(s->target, sizeof(s->target), "%s", t.name);
		rv = authorize_target(s, req, &t, e);
		if (rv == -1 && !visible(s, V_LIST, &t)) {
			/*
			 * A VM the member may not see reads exactly as one
			 * that does not exist: neither its name nor its
			 * being there is told (the audit line has both).
			 */
			domain_missing(req, a->str, e);
		}
		reg_free(&v.rec);
		if (rv == -1)
			return -1;
		named = 1;
	}
	if (!named)
		return authorize_target(s, req, NULL, e);
	return 0;
}
