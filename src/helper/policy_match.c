/*
 * The policy applied: which rule matches a member's request (the last
 * that matches wins; none denies), the role and verbs that come with
 * a login, the member's groups, and xlshd -C's check mode.
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
static int	check_request(const struct policy *, const struct member *,
		    const struct request *, char *, size_t);

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

int
policy_pattern_ok(const struct rule *r, const struct member *m,
    const char *domname)
{
	char		 pat[PATTERN_MAX * 8 + 1];
	const char	*s;
	size_t		 n = 0, k;

	if (r->pattern == NULL || domname == NULL)
		return 1;
	for (s = r->pattern; *s != '\0'; ) {
		if (strncmp(s, USER_VAR, strlen(USER_VAR)) == 0) {
			/* A name with glob characters must not widen it. */
			if (!valid_member_name(m->name))
				return 0;
			k = strlen(m->name);
			if (n + k >= sizeof(pat))
				return 0;
			memcpy(pat + n, m->name, k);
			n += k;
			s += strlen(USER_VAR);
		} else if (n + 1 < sizeof(pat))
			pat[n++] = *s++;
		else
			return 0;
	}
	pat[n] = '\0';
	return fnmatch(pat, domname, FNM_NOESCAPE) == 0;
}

const struct rule *
policy_match(const struct policy *pol, const struct member *m,
    enum verb_id verb, const char *target)
{
	const struct rule	*r, *last = NULL;
	size_t			 i;

	if ((unsigned int)verb >= V__COUNT)
		return NULL;
	for (i = 0; i < pol->nrules; i++) {
		r = &pol->rules[i];
		/*
		 * A deny rule with a pattern is about those domains only:
		 * it leaves a request that names no domain alone (a plain
		 * list, say, which is then filtered domain by domain).
		 */
		if (target == NULL && !r->permit && r->pattern != NULL)
			continue;
		if ((r->verbs & (1ULL << verb)) && ident_ok(r, m) &&
		    policy_pattern_ok(r, m, target))
			last = r;
	}
	return last != NULL && last->permit ? last : NULL;
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
		if ((verbs[v].flags & VF_LOCAL) ||
		    (last != NULL && last->permit))
			mask |= bit;
	}
	return mask;
}

const struct rule *
policy_decide(const struct policy *pol, const struct member *m,
    const struct request *req, const char *target, int target_dom0,
    char *why, size_t whylen)
{
	const struct verb	*v = req->verb;
	const struct rule	*r;
	const char		*cfg;
	char			 b[256];
	size_t			 i, n;

	if (v->flags & VF_LOCAL) {
		snprintf(why, whylen, "permission denied: %s is a builtin "
		    "of the shell", v->name);
		return NULL;
	}
	if ((r = policy_match(pol, m, v->id, target)) == NULL) {
		snprintf(why, whylen, "permission denied: %s%s%s: no rule "
		    "permits it", v->name, target != NULL ? " " : "",
		    target != NULL ? (strvis_name(b, sizeof(b), target), b) : "");
		return NULL;
	}
	if ((v->flags & VF_MODIFIES) && target_dom0 &&
	    !(r->features & POL_DOM0)) {
		snprintf(why, whylen, "permission denied: Domain-0 is not a "
		    "permitted target");
		return NULL;
	}
	if (verb_xl(v) != V_CREATE || req->nargs < 1)
		return r;
	cfg = req->args[0].str;
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

/*
 * Every name the request acts on must be permitted: each domain
 * argument (id 0 is Domain-0), a new name, or for create and vm-start
 * without one, the template or file.
 */
static int
check_request(const struct policy *pol, const struct member *m,
    const struct request *req, char *why, size_t whylen)
{
	const struct req_arg	*a;
	const char		*t;
	int			 i, newname = 0, checked = 0, dom0;

	for (i = 0; i < req->nargs; i++)
		newname |= req->args[i].type == A_NEWNAME;
	for (i = 0; i < req->nargs; i++) {
		a = &req->args[i];
		t = a->str;
		dom0 = 0;
		if (a->type == A_DOMAIN || a->type == A_DOMID) {
			dom0 = strcmp(t, "Domain-0") == 0 ||
			    ((a->is_id || a->type == A_DOMID) && a->num == 0);
			if (dom0)
				t = "Domain-0";
		} else if (a->type != A_NEWNAME &&
		    (a->type != A_CONFIG || newname))
			continue;
		checked = 1;
		if (policy_decide(pol, m, req, t, dom0, why, whylen) == NULL)
			return -1;
	}
	if (!checked && policy_decide(pol, m, req, NULL, 0, why,
	    whylen) == NULL)
		return -1;
	return 0;
}

int
policy_check_main(const char *file, const char *user, int argc, char **argv)
{
	struct policy	*pol = NULL;
	struct request	 req;
	struct member	 m;
	char		**groups = NULL;
	char		 err[512], b[256];
	size_t		 ngroups = 0;
	int		 rc = 1;

	if (!valid_member_name(user)) {
		fprintf(stderr, "%s: '%s' is not a valid user name\n",
		    progname, (strvis_name(b, sizeof(b), user), b));
		return 1;
	}
	if (policy_load(file, &pol, stderr) == -1)
		return 1;
	if (parse_request(argc, argv, &req, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", progname, err);
		goto out;
	}
	if (req.verb->flags & VF_LOCAL) {
		rc = 0;
		goto out;
	}
	if (policy_groups(user, &groups, &ngroups) == -1) {
		fprintf(stderr, "%s: %s: cannot read the groups\n", progname,
		    user);
		goto out;
	}
	m.name = user;
	m.groups = groups;
	m.ngroups = ngroups;
	if (check_request(pol, &m, &req, err, sizeof(err)) == 0)
		rc = 0;
	else
		fprintf(stderr, "%s: %s\n", progname, err);
	strv_free(groups, ngroups);
out:
	puts(rc == 0 ? "permit" : "deny");
	policy_free(pol);
	return rc;
}
