/*
 * Host cpus as xl takes them (vcpu-pin's CPUS, xl's parse_cpurange)
 * and prints them (vcpu-list's affinity, xl's print_bitmap).  A list
 * is words separated by commas, each a cpu (3), a range (0-3) or all,
 * and each but all may begin with ^, which takes its cpus out again:
 * "0-3,^2" is 0, 1 and 3.  xl's node:N forms are not taken.  A set is
 * a bitmap of nbits cpus, bit i of byte i / 8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xlsh.h"

#define CPU_NUM_MAX	65535	/* above any host's cpus */

static int	one_range(const char *, size_t, uint64_t *, uint64_t *,
		    int *, int *, char *, size_t);
static int	walk(const char *, uint8_t *, uint32_t, char *, size_t);

/*
 * One word of the list, s[0..len): its range [*a, *b], *neg for ^,
 * *all for all.  0, or -1 with xl's words in err.
 */
static int
one_range(const char *s, size_t len, uint64_t *a, uint64_t *b,
    int *neg, int *all, char *err, size_t errlen)
{
	char		 w[CPUSET_WORD_MAX + 1], *p, sep;
	size_t		 n;

	*neg = *all = 0;
	snprintf(w, sizeof(w), "%.*s", (int)len, s);
	p = w;
	if (*p == '^') {
		*neg = 1;
		p++;
	}
	if (strncmp(p, "node:", 5) == 0 || strncmp(p, "nodes:", 6) == 0) {
		snprintf(err, errlen, "NUMA nodes are not taken here: '%s' "
		    "(name the cpus)", w);
		return -1;
	}
	if (strcmp(p, "all") == 0) {
		if (*neg) {
			snprintf(err, errlen, "Can't combine \"^\" and "
			    "\"all\".");
			return -1;
		}
		*all = 1;
		return 0;
	}
	n = strspn(p, "0123456789");
	sep = p[n];
	p[n] = '\0';
	if (n == 0 || parse_uint(p, CPU_NUM_MAX, a) == -1 ||
	    (sep != '\0' && sep != '-')) {
		p[n] = sep;
		goto bad;
	}
	p[n] = sep;
	*b = *a;
	if (sep == '-' && (parse_uint(p + n + 1, CPU_NUM_MAX, b) == -1 ||
	    *b < *a))
		goto bad;
	return 0;
bad:
	snprintf(err, errlen, "Invalid pcpu range: %s.", p);
	return -1;
}

/* The list, into map if it is not NULL (nbits cpus). */
static int
walk(const char *s, uint8_t *map, uint32_t nbits, char *err, size_t errlen)
{
	uint64_t	a, b, i;
	size_t		len;
	int		neg, all;

	if (strlen(s) > CPUSET_WORD_MAX) {
		snprintf(err, errlen, "a cpu list of at most %d characters",
		    CPUSET_WORD_MAX);
		return -1;
	}
	for (; *s != '\0'; s += len) {
		if (*s == ',') {
			len = 1;
			continue;
		}
		len = strcspn(s, ",");
		if (one_range(s, len, &a, &b, &neg, &all, err, errlen) == -1)
			return -1;
		if (map == NULL)
			continue;
		if (all) {
			a = 0;
			b = nbits - 1;
		} else if (b >= nbits) {
			snprintf(err, errlen, "cpu %llu does not exist: the "
			    "host has cpus 0 to %lu", (unsigned long long)b,
			    (unsigned long)nbits - 1);
			return -1;
		}
		for (i = a; i <= b; i++) {
			if (neg)
				map[i / 8] &= (uint8_t)~(1U << (i % 8));
			else
				map[i / 8] |= (uint8_t)(1U << (i % 8));
		}
	}
	return 0;
}

/* Is s a cpu list as xl takes it?  0, or -1 with the reason. */
int
cpuset_check(const char *s, char *err, size_t errlen)
{
	return walk(s, NULL, 0, err, errlen);
}

/*
 * The cpus of s, out of nbits (at least 1), into map ((nbits + 7) / 8
 * bytes, cleared first).  A cpu beyond them is an error.
 */
int
cpuset_parse(const char *s, uint8_t *map, uint32_t nbits, char *err,
    size_t errlen)
{
	memset(map, 0, (nbits + 7) / 8);
	return walk(s, map, nbits, err, errlen);
}

/*
 * As xl's print_bitmap: "all" when the cpus 0 to nbits - 1 are all
 * set, "none" when none is, else the ranges, "0-3,6"; cut with "..."
 * if out is too small.
 */
void
cpuset_format(const uint8_t *map, uint32_t nbits, char *out, size_t size)
{
	size_t		len = 0;
	uint32_t	i, first;
	int		n, nranges = 0;

#define ISSET(k)	((map[(k) / 8] >> ((k) % 8)) & 1)
	out[0] = '\0';
	for (i = 0; i < nbits; i++) {
		if (!ISSET(i))
			continue;
		for (first = i; i + 1 < nbits && ISSET(i + 1);)
			i++;
		if (first == 0 && i == nbits - 1) {
			snprintf(out, size, "all");
			return;
		}
		if (first == i)
			n = snprintf(out + len, size - len, "%s%u",
			    nranges > 0 ? "," : "", first);
		else
			n = snprintf(out + len, size - len, "%s%u-%u",
			    nranges > 0 ? "," : "", first, i);
		if (n < 0 || (size_t)n >= size - len) {
			if (size >= 4)
				snprintf(out + size - 4, 4, "...");
			return;
		}
		len += (size_t)n;
		nranges++;
	}
#undef ISSET
	if (nranges == 0)
		snprintf(out, size, "none");
}
