/*
 * What bench/load reports: latencies as quantiles, and the memory of
 * the helper's listener and session processes as /proc gives it, their
 * proportional set size (PSS: a page shared by k processes counts 1/k
 * in each), so that the sum is what they hold together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xlsh.h"

#include "load.h"

static int		 by_value(const void *, const void *);
static unsigned long	 pss_of(pid_t);

static int
by_value(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
lat_add(struct lats *l, uint64_t ns)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 4096 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = ns;
}

/* The median, 99th percentile (nearest rank) and maximum, in ms. */
void
say_lats(const char *what, struct lats *l)
{
	double	q[3] = { 0.50, 0.99, 1.0 }, ms[3] = { 0, 0, 0 };
	size_t	i, k;

	qsort(l->v, l->n, sizeof(*l->v), by_value);
	for (i = 0; i < 3 && l->n > 0; i++) {
		k = (size_t)(q[i] * (double)l->n + 0.999999);
		k = k == 0 ? 1 : k > l->n ? l->n : k;
		ms[i] = (double)l->v[k - 1] / (double)NS_MS;
	}
	printf("%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu "
	    "requests)\n", what, ms[0], ms[1], ms[2], l->n);
}

/* The process's PSS in KiB (smaps_rollup), 0 if it has gone. */
static unsigned long
pss_of(pid_t pid)
{
	char		 path[64], line[256];
	unsigned long	 kib = 0;
	FILE		*f;

	snprintf(path, sizeof(path), "/proc/%ld/smaps_rollup", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Pss: %lu kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/*
 * The listener and its children, found by their PPid in /proc; their
 * PSS only if with_pss.
 */
void
measure(pid_t pid, struct pss *p, int with_pss)
{
	struct dirent	*d;
	DIR		*dir;
	FILE		*f;
	char		 path[300], stat[512], *e, state;
	long		 ppid;

	memset(p, 0, sizeof(*p));
	p->listener = with_pss ? pss_of(pid) : 0;
	if ((dir = opendir("/proc")) == NULL)
		fatal("/proc");
	while ((d = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		e = fgets(stat, sizeof(stat), f) != NULL ?
		    strrchr(stat, ')') : NULL;
		fclose(f);
		/* After the name: " STATE PPID ...". */
		if (e == NULL || sscanf(e + 1, " %c %ld", &state, &ppid) != 2 ||
		    ppid != (long)pid || state == 'Z')
			continue;
		if (with_pss)
			p->sessions += pss_of((pid_t)atol(d->d_name));
		p->nsessions++;
	}
	closedir(dir);
}

void
say_pss(const char *when, const struct pss *p)
{
	printf("helper PSS %s: %lu KiB in all, the listener %lu KiB and "
	    "%lu session processes %lu KiB each\n", when,
	    p->listener + p->sessions, p->listener, p->nsessions,
	    p->nsessions != 0 ? p->sessions / p->nsessions : 0);
}
