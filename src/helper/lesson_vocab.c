/*
 * The lesson format's check vocabulary (xlsh-lessons(5)): what a check
 * line may say, read into a struct check; and ${user} in a lesson's
 * text and names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xlsh.h"
#include "lesson.h"

/* The check vocabulary: kind, word, what, how many values it takes. */
struct vocab {
	enum check_kind	 kind;
	const char	*word;
	enum check_what	 what;
	int		 nargs;		/* -1: one or two (disk) */
};

static const struct vocab vocab[] = {
	{ CK_DOMAIN, "exists", CW_EXISTS, 0 },
	{ CK_DOMAIN, "absent", CW_ABSENT, 0 },
	{ CK_DOMAIN, "running", CW_RUNNING, 0 },
	{ CK_DOMAIN, "paused", CW_PAUSED, 0 },
	{ CK_DOMAIN, "shutdown", CW_SHUTDOWN, 0 },
	{ CK_DOMAIN, "memory", CW_MEMORY, 1 },
	{ CK_DOMAIN, "maxmem", CW_MAXMEM, 1 },
	{ CK_DOMAIN, "vcpus", CW_VCPUS, 1 },
	{ CK_DOMAIN, "maxvcpus", CW_MAXVCPUS, 1 },
	{ CK_DOMAIN, "reason", CW_REASON, 1 },
	{ CK_DOMAIN, "rebooted", CW_REBOOTED, 0 },
	{ CK_DOMAIN, "disk", CW_DISK, -1 },
	{ CK_DOMAIN, "nics", CW_NICS, 1 },
	{ CK_VOLUME, "exists", CW_EXISTS, 0 },
	{ CK_VOLUME, "absent", CW_ABSENT, 0 },
	{ CK_VOLUME, "snapshot-of", CW_SNAPSHOT_OF, 1 },
	{ CK_VOLUME, "size", CW_SIZE, 1 },
	{ CK_VOLUME, "attached", CW_ATTACHED, 1 },
	{ CK_VM, "exists", CW_EXISTS, 0 },
	{ CK_VM, "absent", CW_ABSENT, 0 },
	{ CK_VM, "halted", CW_HALTED, 0 },
	{ CK_VM, "running", CW_RUNNING, 0 },
	{ CK_VM, "paused", CW_PAUSED, 0 },
	{ CK_ANSWER, "cpus", CW_CPUS, 0 },
	{ CK_ANSWER, "memory", CW_HOST_MEMORY, 0 },
	{ CK_ANSWER, "xen-version", CW_XEN_VERSION, 0 },
	{ CK_ANSWER, "scheduler", CW_SCHEDULER, 0 },
	{ CK_ANSWER, "domains", CW_DOMAINS, 0 },
	{ CK_ANSWER, "longest-up", CW_LONGEST_UP, 0 },
	{ CK_ANSWER, "vcpus-total", CW_VCPUS_TOTAL, 0 },
	{ CK_ANSWER, "domain-memory", CW_DOM_MEMORY, 1 },
	{ CK_ANSWER, "net-backend", CW_NET_BACKEND, 1 },
	{ CK_VOLUME, "detached", CW_DETACHED, 0 },
};
#define NVOCAB	(sizeof(vocab) / sizeof(vocab[0]))

static const char *const reasons[] = {
	"poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
	NULL
};

static int	valid_name(enum check_kind, const char *);

/* s with each ${user} replaced by user; to free. */
char *
lesson_expand(const char *s, const char *user)
{
	const char	*p;
	char		*out;
	size_t		 n = 0, ulen = strlen(user);

	for (p = s; (p = strstr(p, "${user}")) != NULL; p += 7)
		n++;
	out = xmalloc(strlen(s) + n * ulen + 1);
	out[0] = '\0';
	while ((p = strstr(s, "${user}")) != NULL) {
		strncat(out, s, (size_t)(p - s));
		strcat(out, user);
		s = p + 7;
	}
	strcat(out, s);
	return out;
}

/* Is the step a question, answered with lesson answer WORD? */
int
lesson_asks(const struct step *st)
{
	return st->nchecks > 0 && st->checks[0].kind == CK_ANSWER;
}

/* A name with ${user} in it, valid for any member ("m" stands in). */
static int
valid_name(enum check_kind kind, const char *name)
{
	char	*x = lesson_expand(name, "m");
	int	 ok;

	ok = kind == CK_VOLUME ? valid_volume_name(x) :
	    valid_domain_name(x);
	free(x);
	return ok;
}

/* A check line's words, after "check": 0, or -1 with err set. */
int
lesson_parse_check(char **w, int n, struct check *c, char *err,
    size_t errlen)
{
	enum check_kind	 kind;
	size_t		 i;
	uint64_t	 v;
	uint32_t	 dev;
	int		 at;

	if (n < 2)
		goto usage;
	if (strcmp(w[0], "domain") == 0)
		kind = CK_DOMAIN;
	else if (strcmp(w[0], "volume") == 0)
		kind = CK_VOLUME;
	else if (strcmp(w[0], "vm") == 0)
		kind = CK_VM;
	else if (strcmp(w[0], "answer") == 0)
		kind = CK_ANSWER;
	else {
		snprintf(err, errlen, "check: '%s' is not domain, volume, vm "
		    "or answer", w[0]);
		return -1;
	}
	at = kind == CK_ANSWER ? 1 : 2;
	if (kind != CK_ANSWER && (n < 3 || !valid_name(kind, w[1]))) {
		snprintf(err, errlen, "check %s: '%s' is not a valid name",
		    w[0], w[1]);
		return -1;
	}
	for (i = 0; i < NVOCAB; i++)
		if (vocab[i].kind == kind && strcmp(vocab[i].word, w[at]) == 0)
			break;
	if (i == NVOCAB) {
		snprintf(err, errlen, "check %s: unknown condition '%s'", w[0],
		    w[at]);
		return -1;
	}
	if (vocab[i].nargs == -1 ? n - at - 1 < 1 || n - at - 1 > 2 :
	    n - at - 1 != vocab[i].nargs) {
		snprintf(err, errlen, "check %s %s: wrong number of values",
		    w[0], w[at]);
		return -1;
	}
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->what = vocab[i].what;
	if (kind != CK_ANSWER)
		c->name = xstrdup(w[1]);
	if (n > at + 1)
		c->arg = xstrdup(w[at + 1]);
	if (n > at + 2)
		c->arg2 = xstrdup(w[at + 2]);
	switch (c->what) {
	case CW_MEMORY:
	case CW_MAXMEM:
		if (parse_size_kb(c->arg, &c->num) == -1)
			goto bad;
		break;
	case CW_SIZE:
		if (parse_volsize_mib(c->arg, &c->num) == -1)
			goto bad;
		break;
	case CW_VCPUS:
	case CW_MAXVCPUS:
	case CW_NICS:
		if (parse_uint(c->arg, XLSH_VCPUS_MAX, &v) == -1)
			goto bad;
		c->num = v;
		break;
	case CW_REASON:
		for (i = 0; reasons[i] != NULL; i++)
			if (strcmp(reasons[i], c->arg) == 0)
				break;
		if (reasons[i] == NULL)
			goto bad;
		c->num = i;
		break;
	case CW_DISK:
		if (parse_vdev(c->arg, &dev) == -1 || (c->arg2 != NULL &&
		    !valid_name(CK_VOLUME, c->arg2)))
			goto bad;
		break;
	case CW_SNAPSHOT_OF:
		if (!valid_name(CK_VOLUME, c->arg))
			goto bad;
		break;
	case CW_ATTACHED:
	case CW_DOM_MEMORY:
	case CW_NET_BACKEND:
		if (!valid_name(CK_DOMAIN, c->arg))
			goto bad;
		break;
	default:
		break;
	}
	return 0;
bad:
	snprintf(err, errlen, "check %s %s: '%s%s%s' is not a valid value",
	    w[0], w[at], c->arg, c->arg2 != NULL ? " " : "",
	    c->arg2 != NULL ? c->arg2 : "");
	free(c->name);
	free(c->arg);
	free(c->arg2);
	memset(c, 0, sizeof(*c));
	return -1;
usage:
	snprintf(err, errlen, "check: expected domain|volume|vm NAME "
	    "CONDITION [VALUE], or answer KEY");
	return -1;
}
