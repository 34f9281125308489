/*
 * Completion from the verb table: verbs, a verb's options, domain
 * names, template names, verbs for help, and xe-style key= words.
 * This file knows nothing of readline; xlsh.c filters and displays.
 * It never offers file names, except for create's FILE argument once
 * the word being completed contains a '/'.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client.h"

static struct client	*conn;

struct cands {
	char	**v;
	size_t	  n;
};

static void	add(struct cands *, const char *, const char *);
static void	add_names(struct cands *, uint32_t, const char *,
		    const char *);

void
complete_init(struct client *c)
{
	conn = c;
}

static void
add(struct cands *c, const char *prefix, const char *s)
{
	c->v = xreallocarray(c->v, c->n + 2, sizeof(*c->v));
	xasprintf(&c->v[c->n++], "%s%s", prefix ? prefix : "", s);
	c->v[c->n] = NULL;
}

/* The helper knows which names the member may use with the verb. */
static void
add_names(struct cands *c, uint32_t kind, const char *verb,
    const char *prefix)
{
	char	**names;
	size_t	  n, i;

	if (conn == NULL || client_names(conn, kind, verb, &names, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		add(c, prefix, names[i]);
		free(names[i]);
	}
	free(names);
}

static int
offered(const struct verb *v)
{
	return !(v->flags & VF_HIDDEN) &&
	    (conn == NULL || verb_permitted(conn, v));
}

/*
 * The candidates for the word that starts at byte start of line.
 * Returns a NULL-terminated array (NULL if none); *files is set when
 * file names are the right answer instead.
 */
char **
complete_line(const char *line, int start, const char *word, int *files)
{
	struct words		 w;
	struct cands		 c = { NULL, 0 };
	const struct verb	*v;
	const struct verb_arg	*spec;
	char			 err[256], pfx[32];
	int			 i, idx = 0;
	size_t			 k;

	*files = 0;
	if (tokenize(line, (size_t)start, &w, err, sizeof(err)) == -1)
		return NULL;
	if (w.n == 0) {
		for (k = 0; k < V__COUNT; k++) {
			if (!offered(&verbs[k]))
				continue;
			add(&c, NULL, verbs[k].name);
			if (verbs[k].alias != NULL)
				add(&c, NULL, verbs[k].alias);
		}
		return c.v;
	}
	if ((v = verb_lookup(w.w[0])) == NULL || !offered(v))
		return NULL;
	if (word[0] == '-') {
		for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter; i++) {
			snprintf(pfx, sizeof(pfx), "-%c", v->opts[i].letter);
			add(&c, NULL, pfx);
		}
		return c.v;
	}
	/* Which positional argument is this? */
	for (i = 1; i < w.n; i++) {
		if (w.w[i][0] == '-')
			continue;
		if (idx < VERB_ARGS_MAX && v->args[idx].type != A_NONE &&
		    !v->args[idx].repeat)
			idx++;
	}
	if (idx >= VERB_ARGS_MAX || v->args[idx].type == A_NONE)
		return NULL;
	spec = &v->args[idx];
	pfx[0] = '\0';
	if (spec->key != NULL)
		snprintf(pfx, sizeof(pfx), "%s=", spec->key);

	switch (spec->type) {
	case A_DOMAIN:
		add_names(&c, NAMES_DOMAINS, v->name, pfx);
		break;
	case A_CONFIG:
		if (strchr(word, '/') != NULL) {
			*files = 1;
			break;
		}
		add_names(&c, NAMES_TEMPLATES, v->name, pfx);
		break;
	case A_VERB:
		for (k = 0; k < V__COUNT; k++)
			if (offered(&verbs[k]))
				add(&c, NULL, verbs[k].name);
		break;
	case A_NEWNAME:
		if (spec->key != NULL)
			add(&c, NULL, pfx);
		break;
	default:
		break;
	}
	return c.v;
}
