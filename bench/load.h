/*
 * bench/load's two files: load.c speaks the protocol and keeps time,
 * report.c sorts the latencies and reads the helper's memory in /proc.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef LOAD_H
#define LOAD_H

#include <sys/types.h>

#include <stdint.h>

#define NS_MS		1000000ULL

/* Latencies, in ns. */
struct lats {
	uint64_t	*v;
	size_t		 n, cap;
};

struct pss {
	unsigned long	 listener;	/* KiB */
	unsigned long	 sessions;	/* KiB, the children together */
	unsigned long	 nsessions;
};

void	 lat_add(struct lats *, uint64_t);
void	 say_lats(const char *, struct lats *);
void	 measure(pid_t, struct pss *, int);
void	 say_pss(const char *, const struct pss *);

#endif /* LOAD_H */
