/*
 * The parts of a policy rule that say how far it reaches: its options
 * (dom0, files, quotas, templates=, names=) and its "on": own, or a
 * pattern of domain names.  For policy.c's parse_rule.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "policy_lex.h"

/* Options, in parse_option's order; those from O_VALUED on take "=". */
#define O_DOM0		0
#define O_FILES		1
#define O_VALUED	2
#define O_DOMAINS	2
#define O_MEMORY	3
#define O_VCPUS		4
#define O_TEMPLATES	5
#define O_NAMES		6
#define O_DISK		7
#define O_IMAGES	8

static int	check_pattern(struct parser *, const struct word *,
		    const char *, const char *);
static int	parse_templates(struct parser *, struct rule *,
		    const struct word *, const char *);

int
parse_option(struct parser *ps, struct rule *r, const struct word *w,
    unsigned int *seen)
{
	static const char *const names[] = {
		"dom0", "files", "domains", "memory", "vcpus", "templates",
		"names", "disk", "images"
	};
	char		 v[256];
	const char	*val;
	size_t		 i, klen = strcspn(w->s, "=");

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == klen &&
		    strncmp(names[i], w->s, klen) == 0)
			break;
	if (i == sizeof(names) / sizeof(names[0]) ||
	    (i < O_VALUED) != (w->s[klen] == '\0')) {
		perr(ps, w->line, w->col, "unknown option '%s'",
		    pvis(w->s, v, sizeof(v)));
		return -1;
	}
	val = w->s + klen + (w->s[klen] == '=');
	if (!r->permit) {
		perr(ps, w->line, w->col, "option '%s' on a deny rule",
		    names[i]);
		return -1;
	}
	if (*seen & (1U << i)) {
		perr(ps, w->line, w->col, "option '%s' given twice", names[i]);
		return -1;
	}
	*seen |= 1U << i;
	switch (i) {
	case O_DOM0:
	case O_FILES:
		r->features |= i == O_DOM0 ? POL_DOM0 : POL_FILES;
		break;
	case O_DOMAINS:
	case O_VCPUS:
	case O_IMAGES:
		if (parse_uint(val, 65535, i == O_DOMAINS ? &r->max_domains :
		    i == O_VCPUS ? &r->max_vcpus : &r->max_images) == -1) {
			perr(ps, w->line, w->col, "%s=%s: not a whole number "
			    "(0 to 65535)", names[i], pvis(val, v, sizeof(v)));
			return -1;
		}
		break;
	case O_MEMORY:
		if (parse_size_kb(val, &r->max_memkb) == -1) {
			perr(ps, w->line, w->col, "memory=%s: not a size (MiB, "
			    "or a number followed by b, k, m, g or t)",
			    pvis(val, v, sizeof(v)));
			return -1;
		}
		break;
	case O_DISK:
		/* GiB, or a size with its unit as volumes are given. */
		if (parse_uint(val, XLSH_VOL_MIB_MAX >> 10, &r->max_disk_mib) ==
		    0)
			r->max_disk_mib <<= 10;
		else if (parse_volsize_mib(val, &r->max_disk_mib) == -1) {
			perr(ps, w->line, w->col, "disk=%s: not a size (GiB, "
			    "or a number followed by m, g or t)",
			    pvis(val, v, sizeof(v)));
			return -1;
		}
		break;
	case O_TEMPLATES:
		return parse_templates(ps, r, w, val);
	case O_NAMES:
		if (check_pattern(ps, w, val, "names=: ") == -1)
			return -1;
		r->names = xstrdup(val);
		break;
	}
	return 0;
}

static int
parse_templates(struct parser *ps, struct rule *r, const struct word *w,
    const char *val)
{
	char	*list, *rest, *t, v[256];

	list = xstrdup(val);
	for (rest = list; (t = strsep(&rest, ",")) != NULL; ) {
		if (!valid_domain_name(t)) {
			if (*t == '\0')
				perr(ps, w->line, w->col, "templates=: an "
				    "empty template name");
			else
				perr(ps, w->line, w->col, "templates=: '%s' "
				    "is not a template name",
				    pvis(t, v, sizeof(v)));
			free(list);
			return -1;
		}
		r->templates = xreallocarray(r->templates, r->ntemplates + 1,
		    sizeof(*r->templates));
		r->templates[r->ntemplates++] = xstrdup(t);
	}
	free(list);
	return 0;
}

/* A glob over domain names: [A-Za-z0-9._*?[]!-] and ${user}. */
static int
check_pattern(struct parser *ps, const struct word *w, const char *s,
    const char *what)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._*?[]!-";
	const char	*p = s;
	char		 c[2], v[8];

	if (*s == '\0' || strlen(s) > PATTERN_MAX) {
		perr(ps, w->line, w->col, "%sa pattern has 1 to %d bytes",
		    what, PATTERN_MAX);
		return -1;
	}
	while (*p != '\0') {
		if (strncmp(p, USER_VAR, strlen(USER_VAR)) == 0)
			p += strlen(USER_VAR);
		else if (strchr(ok, *p) != NULL)
			p++;
		else {
			c[0] = *p;
			c[1] = '\0';
			perr(ps, w->line, w->col + w->quoted + (int)(p - w->s),
			    "%sbad character '%s' in pattern (only letters, "
			    "digits, . _ - * ? [ ] ! and ${user})", what,
			    pvis(c, v, sizeof(v)));
			return -1;
		}
	}
	return 0;
}

/*
 * "on own", or "on PATTERN".  A pattern names domains, whoever owns
 * them; one with ${user} would give member alice the VMs of member
 * alice-bob, and is refused in favour of own and names=.
 */
int
parse_on(struct parser *ps, struct rule *r, const struct word *w)
{
	if (kw(w, "own")) {
		r->own = 1;
		return 0;
	}
	if (check_pattern(ps, w, w->s, "") == -1)
		return -1;
	if (strstr(w->s, USER_VAR) != NULL) {
		perr(ps, w->line, w->col, "on %s: ownership does not come "
		    "from names (alice's pattern would match alice-bob's "
		    "VMs): write \"on own\" for the VMs a member owns, and "
		    "names=%s for the names they may give", w->s, w->s);
		return -1;
	}
	r->pattern = xstrdup(w->s);
	return 0;
}

int
policy_sysrq_ok(const struct rule *r, const struct request *req, char *why,
    size_t whylen)
{
	const struct sysrq_key	*k;
	enum role		 role = r->role;
	char			 key;

	if (req->nargs < 2)
		fatalx("policy_sysrq_ok: no key");
	key = req->args[1].str[0];
	if (role == ROLE_NONE)
		role = req->verb->role;
	if ((k = sysrq_key(key)) == NULL) {
		snprintf(why, whylen, "permission denied: sysrq %c is not "
		    "a key xlsh sends (s, u, b and o; for pool-admin also "
		    "c, e, i, m, t and w)", key);
		return 0;
	}
	if (k->role > role) {
		snprintf(why, whylen, "permission denied: sysrq %c (%s) "
		    "needs %s; %s may send s, u, b and o", key, k->what,
		    role_name(k->role), role_name(role));
		return 0;
	}
	return 1;
}
