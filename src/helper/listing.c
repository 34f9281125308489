/*
 * The decisions of a listing: which of many domains the member may
 * see (list, uptime, vcpu-list) or act on with a verb (completion),
 * asked of the policy once per verb where its answer cannot depend on
 * the domain.  When no rule for the verb has a pattern, a VM's name
 * does not count, and its owner only as the member or anyone else
 * ("on own"): two answers, one for the member's VMs and one for the
 * others'.  When they agree no record is read; when only the member's
 * are permitted, the member's records are read in one query and each
 * domain is looked for among them by uuid.  Anything else (a pattern,
 * Domain-0, a damaged record of the member's, a policy that gives the
 * others' VMs and not the member's) is decided domain by domain, its
 * owner its record's (a record that cannot be read hides it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "session.h"

struct sight {
	struct session		*s;
	const struct verb	*v;
	int			 act;	/* actionable, not only visible */
	int			 each;	/* every domain decided alone */
	int			 mine;	/* the answer for the member's VMs */
	int			 others; /* and for everyone else's */
	struct vmrec		*own;	/* the member's records, by uuid */
	size_t			 nown;
};

static void	sight_init(struct sight *, struct session *,
		    const struct verb *, int);
static int	decide(const struct sight *, const struct target *);
static int	sees(const struct sight *, const struct dominfo *);
static int	by_uuid(const void *, const void *);

static int
decide(const struct sight *g, const struct target *t)
{
	return g->act ? actionable(g->s, g->v, t) :
	    visible(g->s, g->v->id, t);
}

static void
sight_init(struct sight *g, struct session *s, const struct verb *v,
    int act)
{
	const struct rule	*r;
	struct target		 t;
	struct xerr		 e;
	size_t			 i;

	memset(g, 0, sizeof(*g));
	g->s = s;
	g->v = v;
	g->act = act;
	for (i = 0; i < s->policy->nrules; i++) {
		r = &s->policy->rules[i];
		if ((r->verbs & (1ULL << v->id)) && r->pattern != NULL)
			g->each = 1;
	}
	if (g->each)
		return;
	memset(&t, 0, sizeof(t));
	t.name = "";
	t.owner = s->m.name;
	g->mine = decide(g, &t);
	t.owner = NULL;
	g->others = decide(g, &t);
	if (g->mine == g->others)
		return;
	memset(&e, 0, sizeof(e));
	if (!g->mine || reg_list(s->db, s->m.name, &g->own, &g->nown,
	    &e) == -1)
		g->each = 1;
}

static int
by_uuid(const void *key, const void *rec)
{
	const struct vmrec	*r = rec;

	return strcmp(key, r->uuid);
}

/* May the member see (or act on) d? */
static int
sees(const struct sight *g, const struct dominfo *d)
{
	struct target	t;
	struct xerr	e;
	char		owner[MEMBER_MAX], u[UUID_STR];

	if (g->each || d->domid == 0) {
		if (dom_target(g->s, d, &t, owner, &e) == -1) {
			slog("session %s: %s", g->s->id, e.msg);
			return 0;
		}
		return decide(g, &t);
	}
	if (g->mine == g->others)
		return g->mine;
	/* The member's VMs alone (none: no array to search). */
	return g->nown > 0 && bsearch(fmt_uuid(u, d->uuid), g->own,
	    g->nown, sizeof(*g->own), by_uuid) != NULL;
}

/*
 * Keep, in order, the domains of d the member may use verb v on (act)
 * or see with it; their number in *np.
 */
void
sight_filter(struct session *s, const struct verb *v, int act,
    struct dominfo *d, size_t *np)
{
	struct sight	g;
	size_t		i, k;

	sight_init(&g, s, v, act);
	for (i = k = 0; i < *np; i++)
		if (sees(&g, &d[i]))
			d[k++] = d[i];
	*np = k;
	free(g.own);
}
