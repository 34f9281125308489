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

struct cands {
	char	**v;
	size_t	  n;
	size_t	  cap;	/* v's room, the NULL at its end included */
};

/* lesson's first words, beside a lesson's number. */
static const char *const lesson_words[] = {
	"answer", "hint", "reset", "status", NULL
};

static void	add(struct cands *, const char *, const char *);
static void	take(struct cands *, char *);
static void	add_names(struct cands *, uint32_t, const char *,
		    const char *, const char *);
static int	opt_offered(const struct verb *, const struct verb_opt *);
static const struct verb_opt *value_opt(const struct verb *, const char *);
static void	add_values(struct cands *, const struct verb *,
		    enum arg_type, const char *, const char *);

/* Add s, allocated, as it is. */
static void
take(struct cands *c, char *s)
{
	if (c->n + 2 > c->cap) {
		c->cap = c->cap == 0 ? 16 : c->cap * 2;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n++] = s;
	c->v[c->n] = NULL;
}

static void
add(struct cands *c, const char *prefix, const char *s)
{
	size_t	 pl = prefix != NULL ? strlen(prefix) : 0, sl = strlen(s);
	char	*p;

	p = xmalloc(pl + sl + 1);
	if (pl > 0)
		memcpy(p, prefix, pl);
	memcpy(p + pl, s, sl + 1);
	take(c, p);
}

/* The helper knows which names the member may use with the verb. */
static void
add_names(struct cands *c, uint32_t kind, const char *verb,
    const char *prefix, const char *word)
{
	char	**names, start[XLSH_NAME_MAX + 1];
	size_t	  n, i, plen = strlen(prefix);

	/* Only names that can match the word: "vm=web" asks for "web". */
	if (strncmp(word, prefix, plen) == 0)
		snprintf(start, sizeof(start), "%s", word + plen);
	else
		start[0] = '\0';
	if (conn.fd == -1 ||
	    client_names(&conn, kind, verb, start, &names, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		if (plen == 0)
			take(c, names[i]);
		else {
			add(c, prefix, names[i]);
			free(names[i]);
		}
	}
	free(names);
}

/* Before a session (the -c precheck) every verb may be suggested. */
int
verb_offered(const struct verb *v)
{
	return !(v->flags & VF_HIDDEN) &&
	    (conn.member[0] == '\0' || verb_permitted(&conn, v));
}

/*
 * An option above the verb's role is offered to a member whose role has
 * it, or whose rules name no role; the helper decides again.
 */
static int
opt_offered(const struct verb *v, const struct verb_opt *o)
{
	enum role	r;

	if (!verb_offered(v) || o->role <= v->role || conn.member[0] == '\0')
		return 1;
	if (role_lookup(conn.role, &r) == -1)
		return 0;
	return r == ROLE_NONE || r >= o->role;
}

/* The option whose value is the word after w (-d, --domain), or NULL. */
static const struct verb_opt *
value_opt(const struct verb *v, const char *w)
{
	const char	*p;
	int		 i;

	if (w[0] != '-' || w[1] == '\0')
		return NULL;
	for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter != '\0'; i++) {
		if (v->opts[i].type == A_NONE)
			continue;
		if (w[1] == '-') {
			if (v->opts[i].lng != NULL &&
			    strcmp(w + 2, v->opts[i].lng) == 0)
				return &v->opts[i];
			continue;
		}
		/* The last of a group of letters: -sd takes the next word. */
		p = w + strlen(w) - 1;
		if (*p == v->opts[i].letter && strchr(w + 1, *p) == p &&
		    strspn(w + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
		    "RSTUVWXYZ") == strlen(w + 1))
			return &v->opts[i];
	}
	return NULL;
}

/* The values an argument of this type may take, after prefix. */
static void
add_values(struct cands *c, const struct verb *v, enum arg_type type,
    const char *pfx, const char *word)
{
	switch (type) {
	case A_DOMAIN:
		add_names(c, NAMES_DOMAINS, v->name, pfx, word);
		break;
	case A_VCPU:
	case A_CPUS:
		if (strncmp("all", word + strlen(pfx), strlen(word) -
		    strlen(pfx)) == 0)
			add(c, pfx, "all");
		break;
	default:
		break;
	}
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
	struct cands		 c = { NULL, 0, 0 };
	const struct verb	*v;
	const struct verb_arg	*spec;
	const struct verb_opt	*o;
	const char		*eq;
	char			 err[256], pfx[32], key[2] = "";
	enum role		 role;
	int			 given[VERB_ARGS_MAX] = { 0 };
	int			 i, kk, idx = 0;
	size_t			 k;

	*files = 0;
	if (tokenize(line, (size_t)start, &w, err, sizeof(err)) == -1)
		return NULL;
	if (w.n == 0) {
		for (k = 0; k < V__COUNT; k++) {
			if (!verb_offered(verbs[k]))
				continue;
			add(&c, NULL, verbs[k]->name);
			if (verbs[k]->alias != NULL)
				add(&c, NULL, verbs[k]->alias);
		}
		return c.v;
	}
	if ((v = verb_lookup(w.w[0])) == NULL || !verb_offered(v))
		return NULL;
	/* The value of an option: -d NAME, --domain=NAME. */
	if (w.n > 1 && (o = value_opt(v, w.w[w.n - 1])) != NULL) {
		add_values(&c, v, o->type, "", word);
		return c.v;
	}
	if (strncmp(word, "--", 2) == 0 && (eq = strchr(word, '=')) != NULL) {
		snprintf(pfx, sizeof(pfx), "%.*s", (int)(eq - word), word);
		if ((o = value_opt(v, pfx)) != NULL) {
			snprintf(pfx, sizeof(pfx), "%.*s", (int)(eq + 1 - word),
			    word);
			add_values(&c, v, o->type, pfx, word);
		}
		return c.v;
	}
	if (word[0] == '-') {
		for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter; i++) {
			if (!opt_offered(v, &v->opts[i]))
				continue;
			if (v->opts[i].type != A_NONE)
				snprintf(pfx, sizeof(pfx), "-%c",
				    v->opts[i].letter);
			else if (v->opts[i].lng != NULL)
				snprintf(pfx, sizeof(pfx), "--%s",
				    v->opts[i].lng);
			else
				snprintf(pfx, sizeof(pfx), "-%c",
				    v->opts[i].letter);
			add(&c, NULL, pfx);
		}
		return c.v;
	}
	/*
	 * Which argument is this?  The next one not given yet: key=VALUE
	 * arguments come in any order (parse.c), the others in turn; a
	 * word that begins with its key is that argument's.
	 */
	for (i = 1; i < w.n; i++) {
		/* An option, and the word that is its value. */
		if (w.w[i][0] == '-' && w.w[i][1] != '\0') {
			if (value_opt(v, w.w[i]) != NULL)
				i++;
			continue;
		}
		if ((kk = verb_keyed(v, w.w[i])) != -1) {
			given[kk] = 1;
			continue;
		}
		while (idx < VERB_ARGS_MAX && given[idx])
			idx++;
		if (idx < VERB_ARGS_MAX && v->args[idx].type != A_NONE &&
		    !v->args[idx].repeat)
			given[idx++] = 1;
	}
	while (idx < VERB_ARGS_MAX && given[idx])
		idx++;
	if ((kk = verb_keyed(v, word)) != -1)
		idx = kk;
	if (idx >= VERB_ARGS_MAX || v->args[idx].type == A_NONE)
		return NULL;
	spec = &v->args[idx];
	pfx[0] = '\0';
	if (spec->key != NULL)
		snprintf(pfx, sizeof(pfx), "%s=", spec->key);

	switch (spec->type) {
	case A_DOMAIN:
	case A_VCPU:
	case A_CPUS:
		add_values(&c, v, spec->type, pfx, word);
		break;
	case A_CONFIG:
		/* File names only for those who may create from files. */
		if (strchr(word, '/') != NULL) {
			*files = (conn.features & SESSION_FILES) != 0;
			break;
		}
		add_names(&c, NAMES_TEMPLATES, v->name, pfx, word);
		break;
	case A_VM:
		add_names(&c, NAMES_VMS, v->name, pfx, word);
		break;
	case A_TEMPLATE:
		add_names(&c, NAMES_TEMPLATES, v->name, pfx, word);
		break;
	case A_VOLUME:
		add_names(&c, NAMES_VOLUMES, v->name, pfx, word);
		break;
	case A_IMAGE:
		add_names(&c, NAMES_IMAGES, v->name, pfx, word);
		break;
	case A_PARAM:
		if (strncmp(word, pfx, strlen(pfx)) == 0)
			word += strlen(pfx);
		for (k = 0; vm_params[k] != NULL; k++)
			if (strncmp(vm_params[k], word, strlen(word)) == 0)
				add(&c, pfx, vm_params[k]);
		break;
	case A_VERB:
		for (k = 0; k < V__COUNT; k++)
			if (verb_offered(verbs[k]))
				add(&c, NULL, verbs[k]->name);
		break;
	case A_NEWNAME:
		if (spec->key != NULL)
			add(&c, NULL, pfx);
		break;
	case A_BRIDGE:
		add_names(&c, NAMES_BRIDGES, v->name, pfx, word);
		break;
	case A_MAC:
		add(&c, NULL, pfx);
		break;
	case A_SYSRQ:
		/* The keys the member's role may send. */
		if (role_lookup(conn.role, &role) == -1)
			role = ROLE_NONE;
		for (k = 0; sysrq_keys[k].key != '\0'; k++)
			if (sysrq_keys[k].role <= role) {
				key[0] = sysrq_keys[k].key;
				add(&c, NULL, key);
			}
		break;
	case A_SIZE:
	case A_VOLSIZE:
		/* A number so far: its units, as xl reads them. */
		if (word[0] != '\0' && word[strspn(word, "0123456789")] ==
		    '\0') {
			add(&c, word, "k");
			add(&c, word, "m");
			add(&c, word, "g");
			add(&c, word, "t");
		}
		break;
	case A_WORD:
		/* lesson's words; its numbers are the lesson list's. */
		if (v->id == V_LESSON && idx == 0)
			for (k = 0; lesson_words[k] != NULL; k++)
				if (strncmp(lesson_words[k], word,
				    strlen(word)) == 0)
					add(&c, NULL, lesson_words[k]);
		break;
	default:
		break;
	}
	return c.v;
}
