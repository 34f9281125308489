/*
 * The audit file against the ends of its sessions' chains as the helper
 * said them elsewhere ("audit chain: session S ends at H", in syslog or
 * the helper's log, which the site keeps where the file's writers
 * cannot reach): each session of the file whose end is said there must
 * have a line with that hash.  A file whose chain was recomputed after
 * a change, or cut short, fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "common/xlsh.h"

#define SESSION_LEN	16

struct mark {
	char	session[SESSION_LEN + 1];
	char	hash[HEXLEN + 1];
};

static int	load(const char *, struct mark **, size_t *, FILE *);
static int	by_hash(const void *, const void *);
static int	by_session(const void *, const void *);
static int	hexn(const char *, size_t);

static int
hexn(const char *s, size_t n)
{
	return strspn(s, "0123456789abcdef") >= n;
}

static int
by_hash(const void *a, const void *b)
{
	return strcmp(((const struct mark *)a)->hash,
	    ((const struct mark *)b)->hash);
}

static int
by_session(const void *a, const void *b)
{
	return strcmp(((const struct mark *)a)->session,
	    ((const struct mark *)b)->session);
}

/* The session and hash of each line of the (verified) file. */
static int
load(const char *path, struct mark **out, size_t *nout, FILE *err)
{
	FILE		*f;
	struct mark	*m = NULL;
	char		*line = NULL, *s, *h;
	size_t		 cap = 0, n = 0, mcap = 0;
	ssize_t		 len;

	if ((f = fopen(path, "re")) == NULL) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		s = strstr(line, "\"session\":\"");
		h = strstr(line, "\"hash\":\"");
		if (s == NULL || h == NULL)
			continue;
		s += strlen("\"session\":\"");
		h += strlen("\"hash\":\"");
		if (!hexn(s, SESSION_LEN) || !hexn(h, HEXLEN))
			continue;
		if (n == mcap) {
			mcap = mcap == 0 ? 256 : mcap * 2;
			m = xreallocarray(m, mcap, sizeof(*m));
		}
		snprintf(m[n].session, sizeof(m[n].session), "%.*s",
		    SESSION_LEN, s);
		snprintf(m[n].hash, sizeof(m[n].hash), "%.*s", HEXLEN, h);
		n++;
	}
	free(line);
	fclose(f);
	*out = m;
	*nout = n;
	return 0;
}

/* 0 if every end said for a session of the file is in it, else 1. */
int
auditlog_against(const char *path, const char *against, FILE *out)
{
	FILE		*f;
	struct mark	*lines, *sess, key;
	char		*line = NULL, *p;
	size_t		 cap = 0, n, checked = 0;
	int		 rv = 0;

	if (load(path, &lines, &n, out) == -1)
		return 2;
	if ((f = fopen(against, "re")) == NULL) {
		fprintf(out, "%s: %s\n", against, strerror(errno));
		free(lines);
		return 2;
	}
	sess = xreallocarray(NULL, n + 1, sizeof(*sess));
	memcpy(sess, lines, n * sizeof(*sess));
	qsort(lines, n, sizeof(*lines), by_hash);
	qsort(sess, n, sizeof(*sess), by_session);
	while (rv == 0 && getline(&line, &cap, f) != -1) {
		if ((p = strstr(line, "audit chain: session ")) == NULL)
			continue;
		p += strlen("audit chain: session ");
		if (!hexn(p, SESSION_LEN) ||
		    strncmp(p + SESSION_LEN, " ends at ", 9) != 0 ||
		    !hexn(p + SESSION_LEN + 9, HEXLEN))
			continue;
		snprintf(key.session, sizeof(key.session), "%.*s",
		    SESSION_LEN, p);
		snprintf(key.hash, sizeof(key.hash), "%.*s", HEXLEN,
		    p + SESSION_LEN + 9);
		/* Sessions of other files (rotated ones) are not this one's. */
		if (bsearch(&key, sess, n, sizeof(*sess), by_session) == NULL)
			continue;
		checked++;
		if (bsearch(&key, lines, n, sizeof(*lines), by_hash) == NULL) {
			fprintf(out, "%s: session %s: %s says its chain ended "
			    "at %.16s..., which no line here has: the file "
			    "was changed and its chain made again, or cut "
			    "short\n", path, key.session, against, key.hash);
			rv = 1;
		}
	}
	if (rv == 0)
		fprintf(out, "%s: the ends of %zu session%s in %s are all "
		    "here\n", path, checked, checked == 1 ? "" : "s",
		    against);
	free(line);
	fclose(f);
	free(lines);
	free(sess);
	return rv;
}
