/*
 * The helper's configuration: xlshd.conf(5) and the command line, which
 * share one table of keywords: each line "KEYWORD VALUE ..." of the
 * file is the option --KEYWORD VALUE, and an option given on the
 * command line overrides the file.  Built once at start and again on
 * SIGHUP (reload.c), from the defaults up, so that a line taken out of
 * the file goes back to its default.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

#define CONF_LINE_MAX	1024
#define CONF_SIZE_MAX	(64 * 1024)

enum conf_type {
	C_NUM,		/* a whole number from 0 to max */
	C_MODE,		/* an octal file mode */
	C_PATH,		/* a file's name; absolute, in the file */
	C_WORD,		/* a backend's name: sim or libxl */
	C_GROUP,	/* a group's name */
	C_VOLUME,	/* a volume group's or thin pool's name */
	C_BRIDGE,	/* bridge names, each one added */
	C_LOGIN		/* login names, each one added */
};

struct conf_key {
	const char	*name;
	enum conf_type	 type;
	size_t		 off;
	unsigned int	 max;
};

#define OFF(f)	offsetof(struct server_conf, f)
static const struct conf_key keys[] = {
	{ "audit",		C_PATH,		OFF(audit_path),	0 },
	{ "backend",		C_WORD,		OFF(backend_name),	0 },
	{ "backend-module",	C_PATH,		OFF(backend_module),	0 },
	{ "bridge",		C_BRIDGE,	0,			0 },
	{ "fail-delay",		C_NUM,		OFF(fail_delay_ms),	60000 },
	{ "idle-timeout",	C_NUM,		OFF(idle_secs),		86400 },
	{ "lessons",		C_PATH,		OFF(lessons_dir),	0 },
	{ "lockout",		C_NUM,		OFF(lockout_max),	1000 },
	{ "lockout-time",	C_NUM,		OFF(lockout_secs),	604800 },
	{ "login-grace",	C_NUM,		OFF(login_grace_secs),	3600 },
	{ "max-startups",	C_NUM,		OFF(max_startups),	100000 },
	{ "max-startups-per-uid", C_NUM,	OFF(max_startups_uid),	100000 },
	{ "policy",		C_PATH,		OFF(policy_path),	0 },
	{ "shared-login",	C_LOGIN,	0,			0 },
	{ "sim-cpus",		C_NUM,		OFF(sim_cpus),		4096 },
	{ "sim-memory",		C_NUM,		OFF(sim_memory_mib),	67108864 },
	{ "socket",		C_PATH,		OFF(socket_path),	0 },
	{ "socket-group",	C_GROUP,	OFF(socket_group),	0 },
	{ "socket-mode",	C_MODE,		OFF(socket_mode),	0777 },
	{ "state",		C_PATH,		OFF(state_dir),		0 },
	{ "templates",		C_PATH,		OFF(templates_dir),	0 },
	{ "thin-pool",		C_VOLUME,	OFF(thin),		0 },
	{ "volume-group",	C_VOLUME,	OFF(vg),		0 },
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

/* The options that are not keywords; the keywords follow them. */
static const struct option fixed[] = {
	{ "against",		required_argument,	NULL, 'W' },
	{ "config",		required_argument,	NULL, 'f' },
	{ "daemon",		no_argument,		NULL, 'd' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "pidfile",		required_argument,	NULL, 'p' },
	{ "sandbox",		no_argument,		NULL, 'X' },
	{ "verify-audit",	required_argument,	NULL, 'Y' },
	{ "version",		no_argument,		NULL, 'V' },
};
#define NFIXED	(sizeof(fixed) / sizeof(fixed[0]))

static struct option	longopts[NFIXED + NKEYS + 1];

static int	 set_key(struct server_conf *, const struct conf_key *, char *,
		    char *, size_t);
static int	 conf_line(struct server_conf *, char *, char *, size_t);

/* getopt_long's table: the fixed options, then one per keyword. */
const struct option *
conf_longopts(void)
{
	size_t	i;

	if (longopts[0].name != NULL)
		return longopts;
	memcpy(longopts, fixed, sizeof(fixed));
	for (i = 0; i < NKEYS; i++) {
		longopts[NFIXED + i].name = keys[i].name;
		longopts[NFIXED + i].has_arg = required_argument;
		longopts[NFIXED + i].val = CONF_OPT + (int)i;
	}
	return longopts;
}

char *
conf_own(struct server_conf *c, const char *s)
{
	c->owned = xreallocarray(c->owned, c->nowned + 1, sizeof(*c->owned));
	return c->owned[c->nowned++] = xstrdup(s);
}

void
conf_free(struct server_conf *c)
{
	size_t	i;

	for (i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	free(c->owned);
	c->owned = NULL;
	c->nowned = 0;
	if (c->policy != NULL)
		policy_free(c->policy);
	c->policy = NULL;
}

/*
 * Set one keyword from its value's words (separated by blanks; one for
 * all but the lists).  -1 with the reason in err.
 */
static int
set_key(struct server_conf *c, const struct conf_key *k, char *value,
    char *err, size_t errlen)
{
	const char	**list, *w;
	size_t		 *n, max;
	char		 *end, *p;
	uint64_t	  v;
	unsigned long	  m;

	if (k->type == C_BRIDGE || k->type == C_LOGIN) {
		list = k->type == C_BRIDGE ? c->bridges : c->shared;
		n = k->type == C_BRIDGE ? &c->nbridges : &c->nshared;
		max = k->type == C_BRIDGE ? CONF_BRIDGES_MAX : CONF_SHARED_MAX;
		for (p = value; (w = strsep(&p, " \t")) != NULL;) {
			if (*w == '\0')
				continue;
			if (k->type == C_BRIDGE ? !valid_bridge_name(w) :
			    !valid_member_name(w)) {
				snprintf(err, errlen, "'%s' is not a %s name",
				    w, k->type == C_BRIDGE ? "bridge's" :
				    "login");
				return -1;
			}
			if (*n == max) {
				snprintf(err, errlen, "more than %zu names",
				    max);
				return -1;
			}
			list[(*n)++] = conf_own(c, w);
		}
		return 0;
	}
	if (strpbrk(value, " \t") != NULL || *value == '\0') {
		snprintf(err, errlen, "'%s' is not one value", value);
		return -1;
	}
	switch (k->type) {
	case C_NUM:
		if (parse_uint(value, k->max, &v) == -1) {
			snprintf(err, errlen, "'%s' is not a number from 0 "
			    "to %u", value, k->max);
			return -1;
		}
		*(unsigned int *)(void *)((char *)c + k->off) = (unsigned)v;
		if (k->off == OFF(idle_secs))
			c->idle_set = 1;
		return 0;
	case C_MODE:
		errno = 0;
		m = strtoul(value, &end, 8);
		if (!isdigit((unsigned char)*value) || *end != '\0' ||
		    errno != 0 || m > k->max) {
			snprintf(err, errlen, "'%s' is not an octal mode "
			    "from 0 to 0777", value);
			return -1;
		}
		c->socket_mode = (unsigned int)m;
		return 0;
	case C_WORD:
		if (strcmp(value, "sim") != 0 && strcmp(value, "libxl") != 0) {
			snprintf(err, errlen, "unknown backend '%s' (this "
			    "build has: sim, libxl)", value);
			return -1;
		}
		break;
	case C_GROUP:
		if (!valid_member_name(value)) {
			snprintf(err, errlen, "'%s' is not a group's name",
			    value);
			return -1;
		}
		break;
	case C_VOLUME:
		if (!valid_volume_name(value)) {
			snprintf(err, errlen, "'%s' is not a volume group's "
			    "or pool's name", value);
			return -1;
		}
		break;
	default:
		break;
	}
	*(const char **)(void *)((char *)c + k->off) = conf_own(c, value);
	return 0;
}

/* One line of the file: a comment, a blank, or "KEYWORD VALUE". */
static int
conf_line(struct server_conf *c, char *line, char *err, size_t errlen)
{
	char	*word, *value, *end, why[200];
	size_t	 i;

	line += strspn(line, " \t");
	if (*line == '\0' || *line == '#')
		return 0;
	end = line + strlen(line);
	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	word = line;
	value = line + strcspn(line, " \t");
	if (*value != '\0')
		*value++ = '\0';
	value += strspn(value, " \t");
	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, word) == 0)
			break;
	if (i == NKEYS) {
		snprintf(err, errlen, "unknown keyword '%.64s'", word);
		return -1;
	}
	if (*value == '\0') {
		snprintf(err, errlen, "%s: no value", word);
		return -1;
	}
	if (keys[i].type == C_PATH && *value != '/') {
		snprintf(err, errlen, "%s: '%.200s' is not an absolute path",
		    word, value);
		return -1;
	}
	if (set_key(c, &keys[i], value, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s: %s", word, why);
		return -1;
	}
	return 0;
}

/*
 * Read the file at path into c; every line is checked and every error
 * reported (to errs), as "xlshd: FILE:LINE: reason".  A missing file
 * is an error only when must is set.  0 or -1.
 */
int
conf_file(struct server_conf *c, const char *path, int must, FILE *errs)
{
	FILE	*f;
	char	 line[CONF_LINE_MAX + 2], err[256];
	size_t	 len, total = 0;
	int	 lineno = 0, rv = 0;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT && !must)
			return 0;
		fprintf(errs, "xlshd: %s: %s\n", path, strerror(errno));
		return -1;
	}
	c->conf_path = conf_own(c, path);
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		len = strlen(line);
		total += len;
		if (total > CONF_SIZE_MAX) {
			fprintf(errs, "xlshd: %s: over %d bytes\n", path,
			    CONF_SIZE_MAX);
			rv = -1;
			break;
		}
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f)) {
			fprintf(errs, "xlshd: %s:%d: a line over %d bytes\n",
			    path, lineno, CONF_LINE_MAX);
			rv = -1;
			break;
		}
		if (strlen(line) != len) {
			fprintf(errs, "xlshd: %s:%d: a NUL byte\n", path,
			    lineno);
			rv = -1;
			continue;
		}
		if (conf_line(c, line, err, sizeof(err)) == -1) {
			fprintf(errs, "xlshd: %s:%d: %s\n", path, lineno, err);
			rv = -1;
		}
	}
	if (ferror(f)) {
		fprintf(errs, "xlshd: %s: %s\n", path, strerror(errno));
		rv = -1;
	}
	fclose(f);
	return rv;
}

/*
 * The command line's keyword options (the others are main's), over
 * what the file said.  0, or -1 after a message to errs.
 */
int
conf_args(struct server_conf *c, int argc, char **argv, FILE *errs)
{
	const struct conf_key	*k;
	char			 err[256], *v;
	int			 ch;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, CONF_SHORTOPTS,
	    conf_longopts(), NULL)) != -1) {
		if (ch < CONF_OPT || ch >= CONF_OPT + (int)NKEYS)
			continue;
		k = &keys[ch - CONF_OPT];
		v = conf_own(c, optarg);
		if (set_key(c, k, v, err, sizeof(err)) == -1) {
			fprintf(errs, "xlshd: --%s: %s\n", k->name, err);
			return -1;
		}
	}
	return 0;
}


/* The configuration in use, as xlshd.conf would say it (xlshd -T). */
void
conf_print(const struct server_conf *c, FILE *out)
{
	const struct conf_key	*k;
	const char		*v;
	size_t			 i, j;

	for (i = 0; i < NKEYS; i++) {
		k = &keys[i];
		switch (k->type) {
		case C_NUM:
			fprintf(out, "%s %u\n", k->name, *(const unsigned int *)
			    (const void *)((const char *)c + k->off));
			break;
		case C_MODE:
			fprintf(out, "%s %04o\n", k->name, c->socket_mode);
			break;
		case C_BRIDGE:
		case C_LOGIN:
			for (j = 0; j < (k->type == C_BRIDGE ? c->nbridges :
			    c->nshared); j++)
				fprintf(out, "%s %s\n", k->name, k->type ==
				    C_BRIDGE ? c->bridges[j] : c->shared[j]);
			break;
		default:
			v = *(const char *const *)(const void *)
			    ((const char *)c + k->off);
			if (v != NULL)
				fprintf(out, "%s %s\n", k->name, v);
			break;
		}
	}
}
