/*
 * What bench/rtt and bench/floor share: the order of their samples for
 * qsort, and their arguments' numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

int
cmp_ns(const void *a, const void *b)
{
	long long	x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* A number from min to max for prog's argument what, or exit 2. */
long
bench_number(const char *prog, const char *s, long min, long max,
    const char *what)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "%s: %s must be a number from %ld to %ld\n",
		    prog, what, min, max);
		exit(2);
	}
	return v;
}
