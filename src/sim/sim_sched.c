/*
 * The simulated host's scheduling: vcpu-pin's affinities (table
 * sim_vcpu, as xl prints them, a row only for a vcpu pinned to less
 * than every cpu), sched-credit2's weight and cap (table sim_sched, a
 * row only where they are not credit2's defaults), both gone with the
 * domain, so that a rebooted one starts again from the defaults, as a
 * domain Xen makes anew does; its one cpupool, Pool-0, of credit2 with
 * Xen's default rate limit; and whether dmesg -c emptied the console
 * ring (sim_ring).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

#define AFF_MAX		64	/* as struct vcpuinfo's hard and soft */

static int	affinity_of(struct sim *, uint32_t, uint32_t, char *, char *,
		    struct xerr *);
static int	pin_one(struct sim *, const struct simhost *, uint32_t,
		    uint32_t, const char *, const char *, struct xerr *);
static int	cpus_text(const struct simhost *, uint32_t, const char *,
		    const char *, char *, struct xerr *);
static int	read_sched(struct sim *, uint32_t, struct schedinfo *,
		    struct xerr *);

/* A vcpu's affinities as stored, "all" where there is no row. */
static int
affinity_of(struct sim *s, uint32_t domid, uint32_t vcpu, char *hard,
    char *soft, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc, bad = 0;

	snprintf(hard, AFF_MAX, "all");
	snprintf(soft, AFF_MAX, "all");
	st = db_prepare(s->db, "SELECT hard, soft FROM sim_vcpu WHERE "
	    "domid = ?1 AND vcpu = ?2");
	sqlite3_bind_int64(st, 1, domid);
	sqlite3_bind_int64(st, 2, vcpu);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		bad = db_text(hard, AFF_MAX, st, 0) == -1 ||
		    db_text(soft, AFF_MAX, st, 1) == -1;
	db_done(s->db, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s->db, e, "sim_vcpu");
	if (bad) {
		xerr_set(e, XE_STATE, "sim_vcpu: domain %u vcpu %u: a bad "
		    "affinity", domid, vcpu);
		return -1;
	}
	return 0;
}

/*
 * vcpu-list's affinities of a domain's n vcpus, and each online vcpu
 * on a cpu of its hard affinity, as Xen's scheduler keeps it: the one
 * of them it would be on anyway, else the (domid + vcpu)-th of them.
 */
int
sim_affinity(struct sim *s, uint32_t domid, struct vcpuinfo *vi, size_t n,
    uint32_t ncpus, struct xerr *e)
{
	uint8_t		*map;
	char		 err[160];
	uint32_t	 c, k, pick;
	size_t		 i;
	int		 rv = 0;

	map = xcalloc((ncpus + 7) / 8, 1);
	for (i = 0; i < n && rv == 0; i++) {
		if ((rv = affinity_of(s, domid, (uint32_t)i, vi[i].hard,
		    vi[i].soft, e)) == -1 || !(vi[i].flags & VI_ONLINE) ||
		    cpuset_parse(vi[i].hard, map, ncpus, err,
		    sizeof(err)) == -1 || (map[vi[i].cpu / 8] &
		    (1U << (vi[i].cpu % 8))))
			continue;
		for (c = k = 0; c < ncpus; c++)
			k += (map[c / 8] >> (c % 8)) & 1;
		if (k == 0)
			continue;
		pick = (domid + (uint32_t)i) % k;
		for (c = 0; c < ncpus; c++)
			if (((map[c / 8] >> (c % 8)) & 1) && pick-- == 0)
				break;
		vi[i].cpu = c;
	}
	free(map);
	return rv;
}

/* A cpu list as xl prints it, from the words given; none is refused. */
static int
cpus_text(const struct simhost *h, uint32_t vcpu, const char *which,
    const char *list, char *out, struct xerr *e)
{
	uint8_t		*map;
	char		 err[160];
	uint32_t	 nbits = (uint32_t)h->cpus;
	int		 rv = -1;

	map = xcalloc((nbits + 7) / 8, 1);
	if (cpuset_parse(list, map, nbits, err, sizeof(err)) == -1)
		xerr_set(e, XE_INVAL, "%s", err);
	else {
		cpuset_format(map, nbits, out, AFF_MAX);
		if (strcmp(out, "none") == 0)
			xerr_set(e, XE_INVAL, "Could not set affinity for "
			    "vcpu `%u': its %s affinity %s has no cpu", vcpu,
			    which, list);
		else
			rv = 0;
	}
	free(map);
	return rv;
}

static int
pin_one(struct sim *s, const struct simhost *h, uint32_t domid,
    uint32_t vcpu, const char *hard, const char *soft, struct xerr *e)
{
	sqlite3_stmt	*st;
	char		 oh[AFF_MAX], os[AFF_MAX];

	if (affinity_of(s, domid, vcpu, oh, os, e) == -1 ||
	    (hard != NULL && cpus_text(h, vcpu, "hard", hard, oh, e) == -1) ||
	    (soft != NULL && cpus_text(h, vcpu, "soft", soft, os, e) == -1))
		return -1;
	if (strcmp(oh, "all") == 0 && strcmp(os, "all") == 0) {
		st = db_prepare(s->db, "DELETE FROM sim_vcpu WHERE domid = ?1 "
		    "AND vcpu = ?2");
	} else {
		st = db_prepare(s->db, "INSERT OR REPLACE INTO sim_vcpu "
		    "(domid, vcpu, hard, soft) VALUES (?1, ?2, ?3, ?4)");
		sqlite3_bind_text(st, 3, oh, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, os, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 1, domid);
	sqlite3_bind_int64(st, 2, vcpu);
	return db_run(s->db, st, "sim_vcpu", e);
}

int
sim_vcpu_pin(struct backend *b, uint32_t domid, uint32_t vcpu,
    const char *hard, const char *soft, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	uint32_t	 i, first, last;
	int		 rv = 0;

	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	first = vcpu == VCPU_ALL ? 0 : vcpu;
	last = vcpu == VCPU_ALL ? (uint32_t)d->maxvcpus - 1 : vcpu;
	if (vcpu != VCPU_ALL && vcpu >= d->maxvcpus) {
		xerr_set(e, XE_INVAL, "Could not set affinity for vcpu `%u': "
		    "domain %u has %u vcpu%s, numbered from 0", vcpu, domid,
		    (unsigned int)d->maxvcpus, d->maxvcpus == 1 ? "" : "s");
		return sim_finish(b, &h, -1, e);
	}
	for (i = first; i <= last && rv == 0; i++)
		rv = pin_one(h.s, &h, domid, i, hard, soft, e);
	return sim_finish(b, &h, rv, e);
}

int
sim_cpupools(struct backend *b, struct cpupoolinfo **out, size_t *np,
    struct xerr *e)
{
	struct cpupoolinfo	*p;

	(void)b;
	(void)e;
	p = xcalloc(1, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "Pool-0");
	p->credit2 = 1;
	p->has_params = 1;
	p->ratelimit_us = SIM_RATELIMIT_US;
	*out = p;
	*np = 1;
	return 0;
}

/* A domain's weight and cap, credit2's defaults where it has no row. */
static int
read_sched(struct sim *s, uint32_t domid, struct schedinfo *si,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(si, 0, sizeof(*si));
	si->weight = SIM_WEIGHT;
	si->cap = SIM_CAP;
	st = db_prepare(s->db, "SELECT weight, cap FROM sim_sched WHERE "
	    "domid = ?1");
	sqlite3_bind_int64(st, 1, domid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		si->weight = (uint32_t)sqlite3_column_int64(st, 0);
		si->cap = (uint32_t)sqlite3_column_int64(st, 1);
	}
	db_done(s->db, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s->db, e, "sim_sched");
	return 0;
}

int
sim_sched_get(struct backend *b, uint32_t domid, struct schedinfo *si,
    struct xerr *e)
{
	struct simhost	 h;

	if (sim_begin_dom(b, &h, domid, 1, e) == NULL)
		return -1;
	return sim_finish(b, &h, read_sched(h.s, domid, si, e), e);
}

int
sim_sched_set(struct backend *b, uint32_t domid, uint32_t weight,
    uint32_t cap, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	struct schedinfo si;
	sqlite3_stmt	*st;
	uint64_t	 capmax;

	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if (read_sched(h.s, domid, &si, e) == -1)
		return sim_finish(b, &h, -1, e);
	capmax = d->maxvcpus * 100;
	if (cap != SCHED_KEEP && cap > capmax) {
		xerr_set(e, XE_INVAL, "Cpu cap out of range, valid range is "
		    "from 0 to %llu for specified number of vcpus",
		    (unsigned long long)capmax);
		return sim_finish(b, &h, -1, e);
	}
	if (weight == 0 || (weight != SCHED_KEEP && weight > 65535)) {
		xerr_set(e, XE_INVAL, "Cpu weight out of range, valid values "
		    "are within range from 1 to 65535");
		return sim_finish(b, &h, -1, e);
	}
	if (weight != SCHED_KEEP)
		si.weight = weight;
	if (cap != SCHED_KEEP)
		si.cap = cap;
	if (si.weight == SIM_WEIGHT && si.cap == SIM_CAP)
		st = db_prepare(h.s->db, "DELETE FROM sim_sched WHERE "
		    "domid = ?1");
	else {
		st = db_prepare(h.s->db, "INSERT OR REPLACE INTO sim_sched "
		    "(domid, weight, cap) VALUES (?1, ?2, ?3)");
		sqlite3_bind_int64(st, 2, si.weight);
		sqlite3_bind_int64(st, 3, si.cap);
	}
	sqlite3_bind_int64(st, 1, domid);
	return sim_finish(b, &h, db_run(h.s->db, st, "sim_sched", e), e);
}

/*
 * Within an operation's transaction: 1 if dmesg -c has emptied the
 * ring, else 0; with clear, it is emptied now (after the reading).
 */
int
sim_ring_cleared(struct sim *s, int clear, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(s->db, "SELECT 1 FROM sim_ring WHERE id = 1");
	rc = sqlite3_step(st);
	db_done(s->db, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s->db, e, "sim_ring");
	if (clear && rc == SQLITE_DONE) {
		st = db_prepare(s->db, "INSERT INTO sim_ring (id, cleared_ms) "
		    "VALUES (1, ?1)");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)now_ms());
		if (db_run(s->db, st, "sim_ring", e) == -1)
			return -1;
	}
	return rc == SQLITE_ROW;
}
