/*
 * What bench/rtt and bench/floor share (stats.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef BENCH_H
#define BENCH_H

int	cmp_ns(const void *, const void *);
long	bench_number(const char *, const char *, long, long, const char *);

#endif /* BENCH_H */
