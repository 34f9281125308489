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

#define DOMID_MAX	0x7fefU		/* below Xen's reserved ids */

static int	parse_arg(const struct verb *, const struct verb_arg *,
		    const char *, struct req_arg *, char *, size_t);
static int	parse_opts(const struct verb *, const char *,
		    struct request *, char *, size_t);

/* create's argument names a file rather than a template. */
int
is_config_path(const char *s)
{
	size_t	n = strlen(s);

	return strchr(s, '/') != NULL ||
	    (n > 4 && strcmp(s + n - 4, ".cfg") == 0);
}

int
req_opt(const struct request *req, char letter)
{
	int	i;

	for (i = 0; i < VERB_OPTS_MAX; i++)
		if (req->verb->opts[i].letter == letter)
			return (req->opts & (1U << i)) != 0;
	return 0;
}

static int
parse_opts(const struct verb *v, const char *word, struct request *req,
    char *err, size_t errlen)
{
	const char	*p;
	int		 i;

	if (word[1] == '-') {
		for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter; i++) {
			if (v->opts[i].lng != NULL &&
			    strcmp(word + 2, v->opts[i].lng) == 0) {
				req->opts |= 1U << i;
				return 0;
			}
		}
		snprintf(err, errlen, "%s: unknown option '%s'", v->name,
		    word);
		return -1;
	}
	for (p = word + 1; *p != '\0'; p++) {
		/* An option with a long form has only that. */
		for (i = 0; i < VERB_OPTS_MAX; i++)
			if (v->opts[i].letter != '\0' &&
			    v->opts[i].lng == NULL &&
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
		req->opts |= 1U << i;
	}
	return 0;
}

static int
parse_arg(const struct verb *v, const struct verb_arg *spec,
    const char *word, struct req_arg *out, char *err, size_t errlen)
{
	size_t		klen, i;
	uint32_t	vdev;

	memset(out, 0, sizeof(*out));
	out->type = spec->type;
	if (spec->key != NULL) {
		klen = strlen(spec->key);
		if (strncmp(word, spec->key, klen) != 0 || word[klen] != '=') {
			snprintf(err, errlen, "%s: expected %s=%s, not '%s'",
			    v->name, spec->key, spec->meta, word);
			return -1;
		}
		word += klen + 1;
		if (*word == '\0') {
			snprintf(err, errlen, "%s: %s= needs a value",
			    v->name, spec->key);
			return -1;
		}
	} else if (strchr(word, '=') != NULL) {
		snprintf(err, errlen, "%s: '%s' is not a %s: key=value "
		    "settings are not accepted here", v->name, word,
		    spec->meta);
		return -1;
	}
	out->str = word;

	switch (spec->type) {
	case A_DOMAIN:
		if (word[strspn(word, "0123456789")] == '\0') {
			if (parse_uint(word, DOMID_MAX, &out->num) == -1)
				goto bad;
			out->is_id = 1;
		} else if (!valid_domain_name(word) &&
		    strcmp(word, "Domain-0") != 0)
			goto bad;
		break;
	case A_NEWNAME:
		if (!valid_domain_name(word))
			goto bad;
		break;
	case A_DOMID:
		if (parse_uint(word, DOMID_MAX, &out->num) == -1)
			goto bad;
		break;
	case A_SIZE:
		if (parse_size_kb(word, &out->num) == -1)
			goto bad;
		break;
	case A_COUNT:
		if (parse_uint(word, XLSH_VCPUS_MAX, &out->num) == -1 ||
		    out->num == 0)
			goto bad;
		break;
	case A_CONFIG:
		if (is_config_path(word)) {
			if (strlen(word) > 255)
				goto bad;
		} else if (!valid_domain_name(word))
			goto bad;
		break;
	case A_VM:
		if (!valid_domain_name(word) && strcmp(word, "Domain-0") != 0 &&
		    !is_uuid(word))
			goto bad;
		break;
	case A_TEMPLATE:
		if (!valid_domain_name(word))
			goto bad;
		break;
	case A_MEMBER:
		if (!valid_member_name(word))
			goto bad;
		break;
	case A_VOLUME:
	case A_NEWVOL:
		if (!valid_volume_name(word))
			goto bad;
		break;
	case A_VOLSIZE:
		if (parse_volsize_mib(word, &out->num) == -1)
			goto bad;
		break;
	case A_VDEV:
		if (parse_vdev(word, &vdev) == -1)
			goto bad;
		out->num = vdev;
		break;
	case A_PARAM:
		for (i = 0; vm_params[i] != NULL; i++)
			if (strcmp(vm_params[i], word) == 0)
				break;
		if (vm_params[i] == NULL) {
			snprintf(err, errlen, "%s: unknown param-name '%s' "
			    "(uuid, name-label, power-state, "
			    "memory-static-max, VCPUs-max or owner)",
			    v->name, word);
			return -1;
		}
		break;
	case A_WORD:
		if (strlen(word) > XLSH_NAME_MAX ||
		    word[strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789._-")] != '\0')
			goto bad;
		break;
	case A_VERB:
		if (verb_lookup(word) == NULL) {
			snprintf(err, errlen, "%s: no such verb '%s'",
			    v->name, word);
			return -1;
		}
		break;
	case A_NONE:
		fatalx("parse_arg: A_NONE");
	}
	return 0;

bad:
	switch (spec->type) {
	case A_DOMAIN:
		snprintf(err, errlen, "%s: '%s' is not a domain name or id",
		    v->name, word);
		break;
	case A_NEWNAME:
		if (strcmp(word, "Domain-0") == 0) {
			snprintf(err, errlen, "%s: 'Domain-0' is reserved for "
			    "the host's own domain", v->name);
			break;
		}
		snprintf(err, errlen, "%s: '%s' is not a valid domain name "
		    "(a letter or digit, then letters, digits, '.', '_' or "
		    "'-', at most %d, not all digits)", v->name, word,
		    XLSH_NAME_MAX);
		break;
	case A_DOMID:
		snprintf(err, errlen, "%s: '%s' is not a domain id (0 to %u)",
		    v->name, word, DOMID_MAX);
		break;
	case A_SIZE:
		snprintf(err, errlen, "%s: '%s' is not a memory size (a "
		    "number of MiB, or a number followed by b, k, m, g or t)",
		    v->name, word);
		break;
	case A_COUNT:
		snprintf(err, errlen, "%s: '%s' is not a vcpu count (1 to "
		    "%d)", v->name, word, XLSH_VCPUS_MAX);
		break;
	case A_VM:
		snprintf(err, errlen, "%s: '%s' is not a VM's name or uuid",
		    v->name, word);
		break;
	case A_TEMPLATE:
		snprintf(err, errlen, "%s: '%s' is not a template name",
		    v->name, word);
		break;
	case A_MEMBER:
		snprintf(err, errlen, "%s: '%s' is not a member's name",
		    v->name, word);
		break;
	case A_VOLUME:
	case A_NEWVOL:
		snprintf(err, errlen, "%s: '%s' is not a valid volume name "
		    "(a letter or digit, then letters, digits, '.' or '-', at "
		    "most %d, not beginning snapshot or pvmove)", v->name, word,
		    XLSH_VOL_MAX);
		break;
	case A_VOLSIZE:
		snprintf(err, errlen, "%s: '%s' is not a volume size (a number "
		    "of MiB, or a number followed by k, m, g or t; at most "
		    "16t)", v->name, word);
		break;
	case A_VDEV:
		snprintf(err, errlen, "%s: '%s' is not a virtual disk "
		    "(xvda to xvdz, or xvdaa to xvdzz)", v->name, word);
		break;
	case A_WORD:
		snprintf(err, errlen, "%s: '%s' is not a word (letters, "
		    "digits, '.', '_' or '-', at most %d)", v->name, word,
		    XLSH_NAME_MAX);
		break;
	default:
		snprintf(err, errlen, "%s: '%s' is not a template name or a "
		    "path to an xl.cfg file", v->name, word);
		break;
	}
	return -1;
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
	char			 usage[160];
	int			 i, ai = 0;

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
			if (parse_opts(v, argv[i], req, err, errlen) == -1)
				return -1;
			continue;
		}
		spec = ai < VERB_ARGS_MAX ? &v->args[ai] : NULL;
		if (spec == NULL || spec->type == A_NONE) {
			snprintf(err, errlen, "%s: unexpected argument '%s'; "
			    "usage: %s", v->name, argv[i], usage);
			return -1;
		}
		if (req->nargs == REQ_ARGS_MAX) {
			snprintf(err, errlen, "%s: too many arguments",
			    v->name);
			return -1;
		}
		if (parse_arg(v, spec, argv[i], &req->args[req->nargs],
		    err, errlen) == -1)
			return -1;
		req->nargs++;
		if (!spec->repeat)
			ai++;
	}
	for (; ai < VERB_ARGS_MAX && v->args[ai].type != A_NONE; ai++) {
		spec = &v->args[ai];
		if (spec->optional || (spec->repeat && req->nargs > 0))
			continue;
		snprintf(err, errlen, "%s: missing %s%s%s; usage: %s",
		    v->name, spec->key ? spec->key : "", spec->key ? "=" : "",
		    spec->meta, usage);
		return -1;
	}
	return 0;
}
