/*
 * cfgread.c beside libxlutil, the reader it replaces: the same input
 * must be accepted or refused by both, refused with the same first line
 * of complaint, and accepted with the same value for every key.  Used
 * by the xlcfg fuzz harness and tests/unit-cfgread.c, which link
 * libxlutil for it; xlsh itself does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef CFGDIFF_H
#define CFGDIFF_H

#include <stddef.h>

/* What the two readers made of one input. */
struct cfgdiff {
	int	accepted;		/* by both */
	size_t	nkeys;			/* the keys compared */
	char	why[512];		/* how they differ */
};

/* 0 if the two readers agree on data, -1 if not (d->why says how). */
int	cfgdiff(const char *, size_t, struct cfgdiff *);

#endif /* CFGDIFF_H */
