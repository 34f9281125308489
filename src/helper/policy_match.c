/*
 * The policy applied: which rule matches a member's request (the last
 * that matches wins; none denies), the role and verbs that come with
 * a login, and the member's groups.  xlshd -C's check mode is
 * policy_check.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fnmatch.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static int	ident_ok(const struct rule *, const struct member *);
static int	unnamed(const struct request *);
static int	expand(const char *, const struct member *, char *, size_t);
static const struct rule *match_role(const struct policy *,
		    const struct member *, enum verb_id, enum role,
		    const struct target *);
static void	option_needs(const struct request *, enum role, char *,
		    size_t);

static int
ident_ok(const struct rule *r, const struct member *m)
{
	size_t	i;

	if (!r->is_group)
		return strcmp(r->ident, m->name) == 0;
	for (i = 0; i < m->ngroups; i++)
		if (strcmp(m->groups[i], r->ident) == 0)
			return 1;
	return 0;
}

/*
 * Does the request leave the new VM's name to its template or file, the
 * verb taking a NAME it was not given (create without name=)?
 */
static int
unnamed(const struct request *req)
{
	const struct verb	*v = req->verb;
	int			 i, takes = 0;

	for (i = 0; i < VERB_ARGS_MAX; i++)
		if (v->args[i].type == A_NEWNAME)
			takes = 1;
	for (i = 0; i < req->nargs; i++)
		if (req->args[i].type == A_NEWNAME)
			return 0;
	return takes;
}

/* The rule's pattern p with ${user} made the member's name, into out. */
static int
expand(const char *p, const struct member *m, char *out, size_t size)
{
	size_t	n = 0, k;

	while (*p != '\0') {
		if (strncmp(p, USER_VAR, strlen(USER_VAR)) == 0) {
			/* A name with glob characters must not widen it. */
			if (!valid_member_name(m->name))
				return -1;
			k = strlen(m->name);
			if (n + k >= size)
				return -1;
			memcpy(out + n, m->name, k);
			n += k;
			p += strlen(USER_VAR);
		} else if (n + 1 < size)
			out[n++] = *p++;
		else
			return -1;
	}
	out[n] = '\0';
	return 0;
}

int
policy_target_ok(const struct rule *r, const struct member *m,
    const struct target *t)
{
	char	pat[PATTERN_MAX * 8 + 1];

	if (t == NULL)
		return 1;
	if (r->own)
		return t->is_new || (t->owner != NULL &&
		    strcmp(t->owner, m->name) == 0);
	if (r->pattern == NULL)
		return 1;
	if (expand(r->pattern, m, pat, sizeof(pat)) == -1)
		return 0;
	return fnmatch(pat, t->name, FNM_NOESCAPE) == 0;
}

int
policy_name_ok(const struct rule *r, const struct member *m,
    const char *name)
{
	char	pat[PATTERN_MAX * 8 + 1];

	if (r->names == NULL)
		return 1;
	if (expand(r->names, m, pat, sizeof(pat)) == -1)
		return 0;
	return fnmatch(pat, name, FNM_NOESCAPE) == 0;
}

void
policy_names(const struct rule *r, const struct member *m, char *out,
    size_t size)
{
	if (r->names == NULL)
		snprintf(out, size, "%s", "");
	else if (expand(r->names, m, out, size) == -1)
		snprintf(out, size, "%s", r->names);
}

const struct rule *
policy_match(const struct policy *pol, const struct member *m,
    enum verb_id verb, const struct target *t)
{
	return match_role(pol, m, verb, ROLE_NONE, t);
}

/*
 * policy_match for a request that needs role need (an option's, such
 * as sched-credit2 -w): a rule with "as" covers it only if its role
 * has it; a rule without covers its verbs whatever their options.
 */
static const struct rule *
match_role(const struct policy *pol, const struct member *m,
    enum verb_id verb, enum role need, const struct target *t)
{
	const struct rule	*r, *last = NULL;
	size_t			 i;

	if ((unsigned int)verb >= V__COUNT)
		return NULL;
	for (i = 0; i < pol->nrules; i++) {
		r = &pol->rules[i];
		/*
		 * A deny rule with "on" is about those domains only: it
		 * leaves a request that names no domain alone (a plain
		 * list, say, which is then filtered domain by domain).
		 */
		if (t == NULL && !r->permit && (r->pattern != NULL || r->own))
			continue;
		if ((r->verbs & (1ULL << verb)) && ident_ok(r, m) &&
		    (r->role == ROLE_NONE || need <= r->role) &&
		    policy_target_ok(r, m, t))
			last = r;
	}
	return last != NULL && last->permit ? last : NULL;
}

/* The options given that need role need, as "-w" or "-w -c". */
static void
option_needs(const struct request *req, enum role need, char *out,
    size_t size)
{
	size_t	n = 0;
	int	i;

	out[0] = '\0';
	for (i = 0; i < VERB_OPTS_MAX && n < size; i++)
		if ((req->opts & (1U << i)) &&
		    req->verb->opts[i].role == need)
			n += (size_t)snprintf(out + n, size - n, "%s-%c",
			    n > 0 ? " " : "", req->verb->opts[i].letter);
}

enum role
policy_role(const struct policy *pol, const struct member *m)
{
	enum role	role = ROLE_NONE;
	size_t		i;

	for (i = 0; i < pol->nrules; i++)
		if (pol->rules[i].permit && pol->rules[i].role != ROLE_NONE &&
		    ident_ok(&pol->rules[i], m))
			role = pol->rules[i].role;
	return role;
}

uint64_t
policy_verbs(const struct policy *pol, const struct member *m)
{
	const struct rule	*last;
	uint64_t		 mask = 0, bit;
	size_t			 v, i;

	for (v = 0; v < V__COUNT; v++) {
		bit = 1ULL << v;
		last = NULL;
		for (i = 0; i < pol->nrules; i++)
			if ((pol->rules[i].verbs & bit) &&
			    ident_ok(&pol->rules[i], m))
				last = &pol->rules[i];
		if ((verbs[v]->flags & (VF_LOCAL | VF_SELF)) ||
		    (last != NULL && last->permit))
			mask |= bit;
	}
	return mask;
}

const struct rule *
policy_decide(const struct policy *pol, const struct member *m,
    const struct request *req, const struct target *t, char *why,
    size_t whylen)
{
	const struct verb	*v = req->verb;
	const struct rule	*r;
	const char		*cfg = NULL;
	char			 b[256], pat[PATTERN_MAX * 8 + 1];
	size_t			 i, n;
	int			 k;

	if (v->flags & VF_LOCAL) {
		snprintf(why, whylen, "permission denied: %s is a builtin "
		    "of the shell", v->name);
		return NULL;
	}
	if ((r = match_role(pol, m, v->id, req_role(req), t)) == NULL) {
		if (req_role(req) > v->role &&
		    policy_match(pol, m, v->id, t) != NULL) {
			option_needs(req, req_role(req), b, sizeof(b));
			snprintf(why, whylen, "permission denied: %s %s needs "
			    "the role %s", v->name, b,
			    role_name(req_role(req)));
			return NULL;
		}
		snprintf(why, whylen, "permission denied: %s%s%s: no rule "
		    "permits it", v->name, t != NULL ? " " : "",
		    t != NULL ? (strvis_name(b, sizeof(b), t->name), b) : "");
		return NULL;
	}
	if (req_modifies(req) && t != NULL && t->dom0 &&
	    !(r->features & POL_DOM0)) {
		snprintf(why, whylen, "permission denied: Domain-0 is not a "
		    "permitted target");
		return NULL;
	}
	if (v->id == V_SYSRQ && !policy_sysrq_ok(r, req, why, whylen))
		return NULL;
	if (t != NULL && t->is_new && !policy_name_ok(r, m, t->name)) {
		policy_names(r, m, pat, sizeof(pat));
		for (k = 0; k < req->nargs; k++)
			if (req->args[k].type == A_NEWVOL ||
			    req->args[k].type == A_NEWIMAGE)
				break;
		snprintf(why, whylen, "permission denied: %s may not name a "
		    "%s %s%s: the names permitted are %s", m->name,
		    k == req->nargs ? "VM" : req->args[k].type == A_NEWVOL ?
		    "volume" : "saved image",
		    (strvis_name(b, sizeof(b), t->name), b),
		    unnamed(req) ? " (no name= given)" : "", pat);
		return NULL;
	}
	/* A template or a file: create's, vm-install's. */
	for (k = 0; k < req->nargs && cfg == NULL; k++)
		if (req->args[k].type == A_CONFIG ||
		    req->args[k].type == A_TEMPLATE)
			cfg = req->args[k].str;
	if (cfg == NULL)
		return r;
	if (is_config_path(cfg)) {
		if (r->features & POL_FILES)
			return r;
		snprintf(why, whylen, "permission denied: %s from a file "
		    "needs the files option", v->name);
		return NULL;
	}
	if (r->templates == NULL)
		return r;
	for (i = 0; i < r->ntemplates; i++)
		if (strcmp(r->templates[i], cfg) == 0)
			return r;
	n = (size_t)snprintf(why, whylen, "permission denied: template %s is "
	    "not among yours (", (strvis_name(b, sizeof(b), cfg), b));
	for (i = 0; i < r->ntemplates && n < whylen; i++)
		n += (size_t)snprintf(why + n, whylen - n, "%s%s",
		    i > 0 ? ", " : "", r->templates[i]);
	if (n < whylen)
		snprintf(why + n, whylen - n, ")");
	return NULL;
}

int
policy_groups(const char *user, char ***out, size_t *nout)
{
	struct passwd	*pw;
	struct group	*gr;
	gid_t		*gids = NULL, gid;
	char		**names;
	int		 ng = 16, cnt, i;
	size_t		 n = 0, k;

	*out = NULL;
	*nout = 0;
	if ((pw = getpwnam(user)) == NULL)
		return 0;
	gid = pw->pw_gid;
	for (;;) {
		gids = xreallocarray(gids, (size_t)ng, sizeof(*gids));
		cnt = ng;
		if (getgrouplist(user, gid, gids, &cnt) != -1)
			break;
		if (ng >= 65536) {
			free(gids);
			return -1;
		}
		ng = cnt > ng ? cnt : ng * 2;
	}
	names = xcalloc((size_t)cnt, sizeof(*names));
	for (i = 0; i < cnt; i++) {
		if ((gr = getgrgid(gids[i])) == NULL)
			continue;
		for (k = 0; k < n; k++)
			if (strcmp(names[k], gr->gr_name) == 0)
				break;
		if (k == n)
			names[n++] = xstrdup(gr->gr_name);
	}
	free(gids);
	*out = names;
	*nout = n;
	return 0;
}
