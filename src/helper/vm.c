/*
 * VMs as members see them: the registry's records joined by uuid to
 * the domains that run (domids change; uuids do not), and the domains
 * that have no record, made in Dom0 with xl, which belong to nobody.
 *
 * A record of a domain made by create (not persistent) whose domain has
 * gone is stale: it is not a VM any more, counts for nothing, and is
 * deleted by the next request that changes the registry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "session.h"

/* The running domains, listed once per request. */
int
live_domains(struct session *s, struct xerr *e)
{
	if (s->known != NULL)
		return 0;
	if (backend_ready(s, e) == -1 ||
	    s->be.domains(&s->be, &s->known, &s->nknown, e) == -1)
		return -1;
	return 0;
}

/* The running domain with this uuid, or name: 1, 0 if none, -1. */
static int
live(struct session *s, enum domkey_kind kind, const char *key,
    struct dominfo *d, struct xerr *e)
{
	struct domkey	k;

	memset(&k, 0, sizeof(k));
	k.kind = kind;
	k.name = key;
	if (kind == KEY_UUID && parse_uuid(key, k.uuid) == -1)
		return 0;
	if (backend_ready(s, e) == -1)
		return -1;
	return s->be.lookup(&s->be, &k, d, e);
}

int
live_uuid(struct session *s, const char *uuid, struct dominfo *d,
    struct xerr *e)
{
	return live(s, KEY_UUID, uuid, d, e);
}

/* The target a running domain is, with its record's owner in owner. */
int
dom_target(struct session *s, const struct dominfo *d, struct target *t,
    char *owner, struct xerr *e)
{
	struct vmrec	r;
	char		u[UUID_STR];
	int		rc;

	memset(t, 0, sizeof(*t));
	t->name = d->name;
	t->dom0 = d->domid == 0;
	owner[0] = '\0';
	if (t->dom0)
		return 0;
	if ((rc = reg_get(s->db, fmt_uuid(u, d->uuid), NULL, &r, 0, e)) == -1)
		return -1;
	if (rc == 1 && r.owner[0] != '\0') {
		snprintf(owner, MEMBER_MAX, "%s", r.owner);
		t->owner = owner;
	}
	return 0;
}

void
vm_target(const struct vm *v, struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->name = v->has_rec ? v->rec.name : v->dom.name;
	t->dom0 = v->live && v->dom.domid == 0;
	if (v->has_rec && v->rec.owner[0] != '\0')
		t->owner = v->rec.owner;
}

/*
 * xe's power-state; a domain kept shut down (on_*=preserve) is halted,
 * a VM saved and not restored suspended.
 */
const char *
vm_power_state(const struct vm *v)
{
	if (!v->live && v->has_rec && v->rec.saved)
		return "suspended";
	if (!v->live || (v->dom.flags & (DI_SHUTDOWN | DI_DYING)))
		return "halted";
	if (v->dom.flags & DI_PAUSED)
		return "paused";
	return "running";
}

/*
 * The VM that xe's vm=SELECTOR names: a record by uuid or name, else a
 * running domain without one.  1 found, 0 not, -1 error.
 */
int
vm_find(struct session *s, const char *sel, struct vm *v, struct xerr *e)
{
	uint8_t	b[16];
	char	u[UUID_STR];
	int	rc, by_uuid = is_uuid(sel);

	memset(v, 0, sizeof(*v));
	if (backend_ready(s, e) == -1)
		return -1;
	/* Records keep uuids in lower case; either case selects. */
	if (by_uuid && parse_uuid(sel, b) == 0)
		fmt_uuid(u, b);
	if ((rc = reg_get(s->db, by_uuid ? u : NULL, sel, &v->rec, 1,
	    e)) == -1)
		return -1;
	if (rc == 1) {
		v->has_rec = 1;
		if ((rc = live_uuid(s, v->rec.uuid, &v->dom, e)) == -1) {
			reg_free(&v->rec);
			return -1;
		}
		v->live = rc;
		if (!v->live && !REC_KEPT(&v->rec)) {
			reg_free(&v->rec);
			memset(v, 0, sizeof(*v));
			return 0;	/* stale */
		}
		return 1;
	}
	rc = by_uuid ? live(s, KEY_UUID, u, &v->dom, e) :
	    live(s, KEY_NAME, sel, &v->dom, e);
	v->live = rc == 1;
	return rc;
}

static int
by_uuid(const void *a, const void *b)
{
	const struct dominfo	*const *x = a, *const *y = b;

	return memcmp((*x)->uuid, (*y)->uuid, sizeof((*x)->uuid));
}

static int
by_name(const void *a, const void *b)
{
	const struct vm	*x = a, *y = b;

	return strcmp(x->has_rec ? x->rec.name : x->dom.name,
	    y->has_rec ? y->rec.name : y->dom.name);
}

/*
 * Every VM, by name: the records (stale ones left out) and the domains
 * without one.  Records (in uuid order) and domains (sorted so) are
 * merged, so that ten thousand of each cost a sort, not a product.
 */
int
vm_all(struct session *s, struct vm **out, size_t *nout, struct xerr *e)
{
	const struct dominfo	**live;
	struct vmrec		 *recs;
	struct vm		 *v;
	char			  u[UUID_STR];
	size_t			  nrecs, n = 0, i = 0, k = 0;
	int			  c;

	if (live_domains(s, e) == -1 ||
	    reg_list(s->db, NULL, &recs, &nrecs, e) == -1)
		return -1;
	live = xcalloc(s->nknown + 1, sizeof(*live));
	for (k = 0; k < s->nknown; k++)
		live[k] = &s->known[k];
	qsort(live, s->nknown, sizeof(*live), by_uuid);
	v = xcalloc(nrecs + s->nknown + 1, sizeof(*v));
	for (k = 0; i < nrecs || k < s->nknown; ) {
		if (i == nrecs)
			c = 1;
		else if (k == s->nknown)
			c = -1;
		else
			c = strcmp(recs[i].uuid, fmt_uuid(u, live[k]->uuid));
		if (c <= 0 && (c == 0 || REC_KEPT(&recs[i]))) {
			v[n].rec = recs[i];
			v[n].has_rec = 1;
		}
		if (c >= 0) {
			v[n].dom = *live[k++];
			v[n].live = 1;
		}
		if (c <= 0)
			i++;
		if (v[n].has_rec || v[n].live)
			n++;
	}
	qsort(v, n, sizeof(*v), by_name);
	free(live);
	free(recs);
	*out = v;
	*nout = n;
	return 0;
}

/*
 * May a VM take this name?  Not if a domain has it, nor a record; a
 * stale record gives it up (the caller holds a transaction).
 */
int
vm_name_free(struct session *s, const char *name, struct xerr *e)
{
	struct dominfo	d;
	struct vmrec	r;
	int		rc;

	if ((rc = live(s, KEY_NAME, name, &d, e)) == -1)
		return -1;
	if (rc == 1) {
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", name);
		return -1;
	}
	if ((rc = reg_get(s->db, NULL, name, &r, 0, e)) <= 0)
		return rc;
	if (!REC_KEPT(&r) && (rc = live_uuid(s, r.uuid, &d, e)) != 1)
		return rc == -1 ? -1 : reg_delete(s->db, r.uuid, e);
	if (r.saved)
		xerr_set(e, XE_EXISTS, "A VM named %s exists, saved (restore "
		    "one of its images to run it; images lists them).", name);
	else
		xerr_set(e, XE_EXISTS, "A VM named %s exists, halted "
		    "(vm-start vm=%s starts it).", name, name);
	return -1;
}

/*
 * The record of a VM about to be made from cfg: the member's, with
 * cfg's uuid, or a new one that cfg is given.  The name must be free.
 */
int
vm_new_record(struct session *s, struct domcfg *cfg, const char *template,
    int persistent, struct vmrec *r, struct xerr *e)
{
	struct vmrec	old;
	struct dominfo	d;
	int		rc, live;

	memset(r, 0, sizeof(*r));
	if (vm_name_free(s, cfg->name, e) == -1)
		return -1;
	if (!cfg->has_uuid) {
		new_uuid(cfg->uuid);
		cfg->has_uuid = 1;
	}
	fmt_uuid(r->uuid, cfg->uuid);
	if ((rc = reg_get(s->db, r->uuid, NULL, &old, 0, e)) == -1 ||
	    (live = live_uuid(s, r->uuid, &d, e)) == -1)
		return -1;
	if (rc == 1 || live) {
		if (rc == 1 && !REC_KEPT(&old) && !live) {
			if (reg_delete(s->db, r->uuid, e) == -1)
				return -1;
		} else {
			xerr_set(e, XE_EXISTS, "A VM with uuid %s already "
			    "exists.", r->uuid);
			return -1;
		}
	}
	snprintf(r->name, sizeof(r->name), "%s", cfg->name);
	snprintf(r->owner, sizeof(r->owner), "%s", s->member);
	r->persistent = persistent;
	if (template != NULL)
		snprintf(r->template, sizeof(r->template), "%s", template);
	r->maxmem_kb = cfg->maxmem_kb;
	r->maxvcpus = cfg->maxvcpus;
	r->created_ms = now_ms();
	snprintf(r->created_by, sizeof(r->created_by), "%s", s->member);
	r->config = xmalloc(cfg->textlen + 1);
	if (cfg->text != NULL)
		memcpy(r->config, cfg->text, cfg->textlen);
	r->config[cfg->textlen] = '\0';
	return 0;
}

/* A domain made by create has ended: its record goes with it. */
int
vm_forget(struct session *s, const struct dominfo *d, struct xerr *e)
{
	struct vmrec	r;
	char		u[UUID_STR];
	int		rc;

	if ((rc = reg_get(s->db, fmt_uuid(u, d->uuid), NULL, &r, 0,
	    e)) <= 0)
		return rc;
	return REC_KEPT(&r) ? 0 : reg_delete(s->db, u, e);
}
