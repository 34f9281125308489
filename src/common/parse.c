/*
 * The grammar: a list of words checked against the verb table into a
 * struct request with every argument typed and range-checked.  The
 * shell calls this before sending, and the helper again on what it
 * receives, so a modified client gains nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xlsh.h"

static int	opt_value(const struct verb *, int, const char *,
		    struct request *, char *, size_t);
static int	parse_opts(const struct verb *, int, char *const *, int *,
		    struct request *, char *, size_t);
static int	place(const struct verb *, int, const char *, struct request *,
		    char *, size_t);

/* The word as the verb's argument k, the request's next. */
static int
place(const struct verb *v, int k, const char *word, struct request *req,
    char *err, size_t errlen)
{
	if (req->nargs == REQ_ARGS_MAX) {
		snprintf(err, errlen, "%s: too many arguments", v->name);
		return -1;
	}
	if (parse_arg(v, &v->args[k], word, &req->args[req->nargs], err,
	    errlen) == -1)
		return -1;
	req->nargs++;
	return 0;
}

/* The value of option i, the word w: typed as an argument is. */
static int
opt_value(const struct verb *v, int i, const char *w, struct request *req,
    char *err, size_t errlen)
{
	struct verb_arg	spec;

	memset(&spec, 0, sizeof(spec));
	spec.type = v->opts[i].type;
	spec.meta = v->opts[i].meta;
	if (parse_arg(v, &spec, w, &req->optv[i], err, errlen) == -1)
		return -1;
	req->opts |= 1U << i;
	return 0;
}

/*
 * The option word argv[*ip]: flags, -d VALUE, -dVALUE, --domain=VALUE
 * or --domain VALUE; a value in the next word moves *ip on.
 */
static int
parse_opts(const struct verb *v, int argc, char *const *argv, int *ip,
    struct request *req, char *err, size_t errlen)
{
	const char	*word = argv[*ip], *p, *eq;
	size_t		 len;
	int		 i;

	if (word[1] == '-') {
		eq = strchr(word + 2, '=');
		len = eq != NULL ? (size_t)(eq - word - 2) : strlen(word + 2);
		for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter; i++)
			if (v->opts[i].lng != NULL &&
			    strlen(v->opts[i].lng) == len &&
			    strncmp(word + 2, v->opts[i].lng, len) == 0)
				break;
		if (i == VERB_OPTS_MAX || v->opts[i].letter == '\0') {
			snprintf(err, errlen, "%s: unknown option '%s'",
			    v->name, word);
			return -1;
		}
		if (v->opts[i].type == A_NONE) {
			if (eq != NULL) {
				snprintf(err, errlen, "%s: option '--%s' takes "
				    "no value", v->name, v->opts[i].lng);
				return -1;
			}
			req->opts |= 1U << i;
			return 0;
		}
		if (eq != NULL)
			return opt_value(v, i, eq + 1, req, err, errlen);
		goto next_word;
	}
	for (p = word + 1; *p != '\0'; p++) {
		/* A flag with a long form has only that. */
		for (i = 0; i < VERB_OPTS_MAX; i++)
			if (v->opts[i].letter != '\0' &&
			    (v->opts[i].lng == NULL ||
			    v->opts[i].type != A_NONE) &&
			    v->opts[i].letter == *p)
				break;
		if (i == VERB_OPTS_MAX) {
			if (*p == '-')
				snprintf(err, errlen, "%s: long options such "
				    "as '%s' are not accepted", v->name, word);
			else
				snprintf(err, errlen, "%s: unknown option "
				    "-%c", v->name, *p);
			return -1;
		}
		if (v->opts[i].type == A_NONE) {
			req->opts |= 1U << i;
			continue;
		}
		if (p[1] != '\0')
			return opt_value(v, i, p + 1, req, err, errlen);
		goto next_word;
	}
	return 0;

next_word:
	if (*ip + 1 >= argc) {
		snprintf(err, errlen, "%s: option -%c needs a %s", v->name,
		    v->opts[i].letter, v->opts[i].meta);
		return -1;
	}
	(*ip)++;
	return opt_value(v, i, argv[*ip], req, err, errlen);
}

/*
 * Check argv against the verb table.  argv[0] is the verb.  The words
 * stay owned by the caller; req points into them.
 */
int
parse_request(int argc, char *const *argv, struct request *req, char *err,
    size_t errlen)
{
	const struct verb	*v;
	const struct verb_arg	*spec;
	const char		*later[VERB_ARGS_MAX] = { NULL };
	char			 usage[160];
	int			 i, k, ai = 0;

	memset(req, 0, sizeof(*req));
	if (argc < 1) {
		snprintf(err, errlen, "empty command");
		return -1;
	}
	if ((v = verb_lookup(argv[0])) == NULL) {
		snprintf(err, errlen, "unknown verb '%s'; type 'help' for "
		    "the list", argv[0]);
		return -1;
	}
	req->verb = v;
	verb_usage(v, usage, sizeof(usage));

	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			if (parse_opts(v, argc, argv, &i, req, err,
			    errlen) == -1)
				return -1;
			continue;
		}
		if (verb_key_foreign(v, argv[i])) {
			snprintf(err, errlen, "%s: %.*s= is not accepted; "
			    "usage: %s", v->name,
			    (int)(strchr(argv[i], '=') - argv[i]), argv[i],
			    usage);
			return -1;
		}
		/*
		 * key=VALUE arguments come in any order, as xl's and xe's:
		 * one ahead of its place waits for it.
		 */
		if ((k = verb_keyed(v, argv[i])) != -1 && k != ai) {
			if (k < ai || later[k] != NULL) {
				snprintf(err, errlen, "%s: %s= is given twice; "
				    "usage: %s", v->name, v->args[k].key, usage);
				return -1;
			}
			later[k] = argv[i];
			continue;
		}
		spec = ai < VERB_ARGS_MAX ? &v->args[ai] : NULL;
		if (spec == NULL || spec->type == A_NONE) {
			snprintf(err, errlen, "%s: unexpected argument '%s'; "
			    "usage: %s", v->name, argv[i], usage);
			return -1;
		}
		if (place(v, ai, argv[i], req, err, errlen) == -1)
			return -1;
		if (!spec->repeat)
			ai++;
		for (; ai < VERB_ARGS_MAX && later[ai] != NULL; ai++)
			if (place(v, ai, later[ai], req, err, errlen) == -1)
				return -1;
	}
	for (; ai < VERB_ARGS_MAX && v->args[ai].type != A_NONE; ai++) {
		spec = &v->args[ai];
		if (later[ai] != NULL) {
			if (place(v, ai, later[ai], req, err, errlen) == -1)
				return -1;
			continue;
		}
		for (k = ai + 1; k < VERB_ARGS_MAX && later[k] == NULL; k++)
			;
		if ((spec->optional && k == VERB_ARGS_MAX) ||
		    (spec->repeat && req->nargs > 0))
			continue;
		snprintf(err, errlen, "%s: missing %s%s%s; usage: %s",
		    v->name, spec->key ? spec->key : "", spec->key ? "=" : "",
		    spec->meta, usage);
		return -1;
	}
	return 0;
}
