/*
 * The policy file: a doas-like file of permit and deny rules, read
 * and parsed.  A hand lexer (policy_lex.c) splits each logical line
 * into words and parse_rule() fills one struct rule; the language is
 * described in xlsh-policy(5), the matching is in policy_match.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "policy_lex.h"

#define POLICY_FILE_MAX		(64 * 1024)	/* bytes in a policy file */
#define POLICY_RULES_MAX	1000

static int	parse_verb(struct parser *, const struct rule *,
		    const struct word *, uint64_t *);
static void	parse_rule(struct parser *, struct word *, size_t);
static void	rule_clear(struct rule *);
static int	refuse(FILE *, const char *, int, const char *);

/* One verb of a verb list: in the table, not a builtin, in the role. */
static int
parse_verb(struct parser *ps, const struct rule *r, const struct word *w,
    uint64_t *listed)
{
	const struct verb	*v;
	char			 b[256];

	if ((v = verb_lookup(w->s)) == NULL)
		perr(ps, w->line, w->col, "unknown verb '%s'",
		    pvis(w->s, b, sizeof(b)));
	else if (v->flags & VF_LOCAL)
		perr(ps, w->line, w->col, "'%s' is a builtin: policy does "
		    "not apply to it", w->s);
	else if (v->flags & VF_SELF)
		perr(ps, w->line, w->col, "'%s' is every member's: policy "
		    "does not apply to it", w->s);
	else if (r->role != ROLE_NONE && v->role > r->role)
		perr(ps, w->line, w->col, "verb '%s' is not in role %s",
		    v->name, role_name(r->role));
	else {
		*listed |= 1ULL << v->id;
		return 0;
	}
	return -1;
}

static void
parse_rule(struct parser *ps, struct word *w, size_t n)
{
	static const char *const kws[] = { "as", "on", "verb" };
	struct rule		 r;
	const char		*id;
	char			 b[256];
	unsigned int		 seen = 0;
	uint64_t		 listed = 0;
	size_t			 i = 1, j, k;
	int			 bad = 0;

	memset(&r, 0, sizeof(r));
	r.role = ROLE_NONE;
	r.max_domains = r.max_memkb = r.max_vcpus = r.max_disk_mib =
	    r.max_images = QUOTA_NONE;
	r.line = w[0].line;
	if (!kw(&w[0], "permit") && !kw(&w[0], "deny")) {
		perr(ps, w[0].line, w[0].col, "unknown keyword '%s': a rule "
		    "begins with permit or deny", pvis(w[0].s, b, sizeof(b)));
		return;
	}
	r.permit = kw(&w[0], "permit");
	for (; i < n && is_option(&w[i]); i++)
		bad |= parse_option(ps, &r, &w[i], &seen) == -1;

	if (i == n || kw(&w[i], "as") || kw(&w[i], "on") ||
	    kw(&w[i], "verb")) {
		j = i < n ? i : n - 1;
		perr(ps, w[j].line, w[j].col, "missing identity (a user "
		    "name, or :group)");
		goto out;
	}
	r.is_group = w[i].s[0] == ':';
	id = w[i].s + r.is_group;
	if (!valid_member_name(id)) {
		perr(ps, w[i].line, w[i].col, "'%s' is not a %s name",
		    pvis(id, b, sizeof(b)), r.is_group ? "group" : "user");
		bad = 1;
	}
	r.ident = xstrdup(id);
	i++;

	for (k = 0; k < 3 && i < n; k++) {
		if (!kw(&w[i], kws[k]))
			continue;
		if (++i == n) {
			perr(ps, w[i - 1].line, w[i - 1].col, "%s: missing %s",
			    kws[k], k == 0 ? "role" : k == 1 ? "pattern" :
			    "verb name");
			goto out;
		}
		if (k == 0 && (role_lookup(w[i].s, &r.role) == -1 ||
		    r.role == ROLE_NONE)) {
			perr(ps, w[i].line, w[i].col, "unknown role '%s' "
			    "(read-only, vm-operator, vm-admin, "
			    "vm-power-admin, pool-operator or pool-admin)",
			    pvis(w[i].s, b, sizeof(b)));
			bad = 1;
		} else if (k == 1)
			bad |= parse_on(ps, &r, &w[i]) == -1;
		else if (k == 2) {
			for (; i < n && !kw(&w[i], "as") && !kw(&w[i], "on");
			    i++)
				bad |= parse_verb(ps, &r, &w[i], &listed) == -1;
			continue;
		}
		i++;
	}
	if (i < n) {
		if (kw(&w[i], "as") || kw(&w[i], "on") || kw(&w[i], "verb"))
			perr(ps, w[i].line, w[i].col, "'%s' out of place: "
			    "the order is as, on, verb", w[i].s);
		else
			perr(ps, w[i].line, w[i].col, "unknown keyword '%s'",
			    pvis(w[i].s, b, sizeof(b)));
		goto out;
	}
	if (bad)
		goto out;

	for (j = 0; j < V__COUNT; j++) {
		if ((verbs[j]->flags & (VF_LOCAL | VF_SELF)) || (listed != 0 &&
		    !(listed & (1ULL << j))) || (r.role != ROLE_NONE &&
		    verbs[j]->role > r.role))
			continue;
		r.verbs |= 1ULL << j;
	}
	if (ps->pol->nrules == POLICY_RULES_MAX) {
		if (!ps->toomany)
			perr(ps, w[0].line, w[0].col, "too many rules (at "
			    "most %d)", POLICY_RULES_MAX);
		ps->toomany = 1;
		goto out;
	}
	ps->pol->rules = xreallocarray(ps->pol->rules, ps->pol->nrules + 1,
	    sizeof(*ps->pol->rules));
	ps->pol->rules[ps->pol->nrules++] = r;
	return;

out:
	rule_clear(&r);
}

static void
rule_clear(struct rule *r)
{
	size_t	i;

	free(r->ident);
	free(r->pattern);
	free(r->names);
	for (i = 0; i < r->ntemplates; i++)
		free(r->templates[i]);
	free(r->templates);
}

int
policy_parse(const char *text, size_t len, const char *name,
    struct policy **out, FILE *errs)
{
	struct parser	 ps;
	struct word	 w[POLICY_WORDS_MAX];
	size_t		 nw, i;

	memset(&ps, 0, sizeof(ps));
	ps.name = name;
	ps.errs = errs;
	ps.p = text;
	ps.end = text + len;
	ps.line = ps.col = 1;
	ps.pol = xcalloc(1, sizeof(*ps.pol));
	ps.pol->path = xstrdup(name);
	while (lex_rule(&ps, w, &nw)) {
		if (!ps.bad && nw > 0)
			parse_rule(&ps, w, nw);
		for (i = 0; i < nw; i++)
			free(w[i].s);
	}
	if (ps.nerrs > 0) {
		policy_free(ps.pol);
		*out = NULL;
		return -1;
	}
	*out = ps.pol;
	return 0;
}

/* Refuse a policy file with one message. */
static int
refuse(FILE *errs, const char *path, int fd, const char *why)
{
	if (errs != NULL)
		fprintf(errs, "xlshd: %s: %s\n", path, why);
	if (fd != -1)
		close(fd);
	return -1;
}

int
policy_load(const char *path, struct policy **out, FILE *errs)
{
	struct stat	 st;
	char		*text;
	ssize_t		 r;
	size_t		 len = 0;
	int		 fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return refuse(errs, path, -1, errno == ELOOP ? "must be a "
		    "regular file, not a symbolic link" : strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return refuse(errs, path, fd, "must be a regular file");
	if ((st.st_uid != 0 && st.st_uid != geteuid()) ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
		return refuse(errs, path, fd, "must be owned by root and not "
		    "writable by group or others");
	text = xmalloc(POLICY_FILE_MAX + 1);
	while (len <= POLICY_FILE_MAX && (r = read(fd, text + len,
	    POLICY_FILE_MAX + 1 - len)) != 0) {
		if (r == -1 && errno != EINTR) {
			free(text);
			return refuse(errs, path, fd, strerror(errno));
		}
		len += r > 0 ? (size_t)r : 0;
	}
	close(fd);
	if (len > POLICY_FILE_MAX) {
		free(text);
		return refuse(errs, path, -1, "larger than 65536 bytes");
	}
	rc = policy_parse(text, len, path, out, errs);
	free(text);
	return rc;
}

void
policy_free(struct policy *pol)
{
	size_t	i;

	if (pol == NULL)
		return;
	for (i = 0; i < pol->nrules; i++)
		rule_clear(&pol->rules[i]);
	free(pol->rules);
	free(pol->path);
	free(pol);
}
