/*
 * The simulated Xen host of the sandbox and of the tests: by default a
 * 4-cpu, 16 GiB machine with Domain-0 and whatever guests were
 * created, kept in the helper's database (sim_state.c) so that every
 * xlshd process sees the same host.  Each operation is a transaction
 * (nested in the helper's, if it holds one): it reads the host row and
 * the rows it needs, lets the clock act on those domains ("settles"
 * them), applies its change and writes back the rows that changed.
 *
 * Settling is lazy: the time passed acts on a domain when a row is
 * read, and a row that only the clock moved on need not be written,
 * since settling it again from its older row comes to the same (cpu
 * time and a request's countdown add up over any split of the time).
 * What cannot wait is a request completing, which removes a domain,
 * frees its memory and name, or re-creates it under the next domid: so
 * every operation first settles the unpaused domains with a request
 * pending (an index finds them), in domid order, as an operation that
 * settled every domain would.
 *
 * Here are open and close, the start and end of every operation and
 * the clock; the backend's table is in backend_sim.c, the operations
 * in sim_ops.c (those that change domains) and sim_read.c (those that
 * read).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

static int	 begin(struct backend *, struct simhost *, int,
		    struct xerr *);
static int	 settle_dom(struct simhost *, size_t);
static int	 take_effect(struct simhost *, size_t, uint64_t);
static uint64_t	 cpu_used(const struct simdom *, uint64_t, uint64_t);
static int	 sim_resize(struct backend *, const struct backend_args *,
		    struct xerr *);

/*
 * Begin the transaction, read the host row (or make the host: a new
 * one, or the old state file's), and settle and write back the domains
 * whose request may complete.  Every operation starts here; it then
 * loads the rows it needs.  An operation that only reads (rd) begins
 * with a snapshot and no write lock, so that sessions reading at once
 * never wait for each other; should the host need writing first (it
 * is new, or a request completes), it begins again with the lock.
 */
static int
begin(struct backend *b, struct simhost *h, int rd, struct xerr *e)
{
	struct sim	*s = b->priv;
	int		 r;

	if (s == NULL)
		fatalx("sim backend used before open");
	memset(h, 0, sizeof(*h));
	h->s = s;
	h->now = now_ms();
	rd = rd && s->db->depth == 0;
	if ((rd ? db_begin_read(s->db, e) : db_begin(s->db, e)) == -1)
		return -1;
	if ((r = sim_db_host(h, e)) == 0)
		r = rd ? 2 : simhost_create(s, h, e);
	else if (r == 1)
		r = sim_db_pending(h, e);
	if (r == -1)
		return sim_finish(b, h, -1, e);
	sim_settle(h, 0);
	if (rd && (r == 2 || sim_db_changed(h))) {
		db_end(s->db, 0, NULL);
		simhost_free(h);
		return begin(b, h, 0, e);
	}
	if (sim_db_flush(h, e) == -1)
		return sim_finish(b, h, -1, e);
	h->ndoms = 0;		/* written: each operation loads its own */
	return 0;
}

int
sim_begin(struct backend *b, struct simhost *h, struct xerr *e)
{
	return begin(b, h, 0, e);
}

/* sim_begin() for an operation that only reads. */
int
sim_begin_read(struct backend *b, struct simhost *h, struct xerr *e)
{
	return begin(b, h, 1, e);
}

/* sim_begin_read(), and every domain, Domain-0 first: the listings. */
int
sim_begin_all(struct backend *b, struct simhost *h, struct xerr *e)
{
	if (begin(b, h, 1, e) == -1)
		return -1;
	if (sim_db_all(h, e) == -1)
		return sim_finish(b, h, -1, e);
	sim_settle(h, 0);
	return 0;
}

/* sim_begin() or sim_begin_read(), and one domain; on failure all is
 * finished. */
struct simdom *
sim_begin_dom(struct backend *b, struct simhost *h, uint32_t domid,
    int rd, struct xerr *e)
{
	struct simdom	*d;

	if (begin(b, h, rd, e) == -1)
		return NULL;
	if ((d = sim_load_dom(h, domid, e)) == NULL)
		sim_finish(b, h, -1, e);
	return d;
}

/* Within sim_begin's transaction: one domain's row, settled. */
struct simdom *
sim_load_dom(struct simhost *h, uint32_t domid, struct xerr *e)
{
	int	r;

	if ((r = sim_db_dom(h, domid, e)) == 1) {
		sim_settle(h, 0);
		/* It cannot complete now: sim_begin saw to that. */
		if (h->ndoms == 1 && h->doms[0].domid == domid)
			return &h->doms[0];
		r = 0;
	}
	if (r == 0)
		xerr_set(e, XE_NOTFOUND, "Domain %u does not exist.", domid);
	return NULL;
}

/*
 * Write back what changed and end the transaction.  Returns rv, or -1
 * if writing failed.  A state error (a bad row, the database's own)
 * rolls back instead, so that nothing is written; other failures still
 * keep what the clock did.
 */
int
sim_finish(struct backend *b, struct simhost *h, int rv, struct xerr *e)
{
	struct sim	*s = b->priv;
	struct xerr	 se;
	int		 commit = rv == 0 || e->code != XE_STATE;

	if (commit && sim_db_flush(h, &se) == -1) {
		commit = 0;
		if (rv == 0) {
			*e = se;
			rv = -1;
		}
	}
	if (db_end(s->db, commit, &se) == -1 && commit) {
		commit = 0;
		if (rv == 0) {
			*e = se;
			rv = -1;
		}
	}
	if (commit && h->imported != 0)
		simhost_imported(s, h);
	simhost_free(h);
	return rv;
}

/*
 * Let the time since the last settlement act on every domain loaded
 * from the i-th on.  Domains removed or re-created are taken out of the
 * array; a re-created one is appended and settled from its new start
 * when the loop reaches it.
 */
void
sim_settle(struct simhost *h, size_t i)
{
	while (i < h->ndoms)
		if (settle_dom(h, i) == 0)
			i++;
}

/* Returns 1 if domain i left its place in the array. */
static int
settle_dom(struct simhost *h, size_t i)
{
	struct simdom	*d = &h->doms[i];
	uint64_t	 t = d->settled_ms, stop = h->now, used;
	int		 fire = 0;

	if (h->now <= t)
		return 0;	/* nothing passed, or the clock went back */
	if (d->paused || d->shutdown) {
		d->settled_ms = h->now;
		return 0;
	}
	if (d->pending != PEND_NONE) {
		if (h->now - t >= d->pending_left_ms) {
			stop = t + d->pending_left_ms;
			fire = 1;
		} else
			d->pending_left_ms -= h->now - t;
	}
	used = cpu_used(d, t, stop);
	d->cpu_ns = d->cpu_ns > SIM_CPU_NS_MAX - used ? SIM_CPU_NS_MAX :
	    d->cpu_ns + used;
	d->settled_ms = stop;
	return fire ? take_effect(h, i, stop) : 0;
}

/* A shutdown or reboot request completes at time at. */
static int
take_effect(struct simhost *h, size_t i, uint64_t at)
{
	struct simdom	*d = &h->doms[i], nd;
	uint64_t	 act;

	act = d->pending == PEND_SHUTDOWN ? d->on_poweroff : d->on_reboot;
	d->reason = d->pending == PEND_SHUTDOWN ? SHUTDOWN_POWEROFF :
	    SHUTDOWN_REBOOT;
	d->pending = PEND_NONE;
	d->pending_left_ms = 0;
	d->dirty = 1;
	if (act == ACT_PRESERVE) {
		d->shutdown = 1;
		return 0;
	}
	/* This incarnation's console log goes with it. */
	if (h->s != NULL)
		sim_console_forget(h->s, (uint32_t)d->domid);
	switch (act) {
	case ACT_RESTART:
	case ACT_RENAME_RESTART:
	case ACT_COREDUMP_RESTART:
	case ACT_SOFT_RESET:
		if (h->next_domid >= SIM_DOMID_LIMIT)
			break;		/* no ids left: it stays down */
		nd = *d;
		nd.domid = h->next_domid++;
		nd.start_ms = nd.settled_ms = at;
		nd.cpu_ns = 0;
		nd.reason = 0;
		nd.fresh = 1;
		h->dirty = 1;
		simhost_remove(h, i);
		simhost_append(h, &nd);
		return 1;
	default:
		break;
	}
	simhost_remove(h, i);
	return 1;
}

/* Cpu time used in [a, b), a >= start_ms. */
static uint64_t
cpu_used(const struct simdom *d, uint64_t a, uint64_t b)
{
	uint64_t	boot_end = d->start_ms + SIM_BOOT_MS, busy = 0;

	if (d->domid == 0)
		return (b - a) * SIM_DOM0_NS_PER_MS;
	if (a < boot_end)
		busy = (b < boot_end ? b : boot_end) - a;
	return d->vcpus * (busy * SIM_BOOT_NS_PER_MS +
	    (b - a - busy) * SIM_IDLE_NS_PER_MS);
}

int
sim_open(struct backend *b, const struct backend_args *args,
    struct xerr *e)
{
	struct sim	*s;
	struct simhost	 h;
	struct stat	 st;
	int		 r;

	if (args == NULL || args->state_dir == NULL || args->db == NULL) {
		xerr_set(e, XE_STATE, "the sim backend needs a state "
		    "directory and the helper's database");
		return -1;
	}
	if (stat(args->state_dir, &st) == -1) {
		xerr_set(e, XE_STATE, "%s: %s", args->state_dir,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		xerr_set(e, XE_STATE, "%s: not a directory", args->state_dir);
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	s->db = args->db;
	snprintf(s->vg, sizeof(s->vg), "%s", args->vg != NULL ? args->vg :
	    SIM_VG);
	snprintf(s->thin, sizeof(s->thin), "%s", args->vg == NULL ?
	    SIM_THIN : args->thin != NULL ? args->thin : "");
	s->dir = xstrdup(args->state_dir);
	xasprintf(&s->path, "%s/host", s->dir);
	xasprintf(&s->imported, "%s/host.imported", s->dir);
	b->priv = s;
	/*
	 * A new host is made now, so that it boots with its first
	 * helper, and an old state file is imported now, in a transaction
	 * of its own: not in a request's, which may be rolled back after
	 * the file was renamed.  A corrupt old file is left for every
	 * operation to report, as a corrupt row would be.
	 */
	if ((r = sim_db_has_host(s, e)) == -1) {
		sim_close(b);
		return -1;
	}
	if (r == 0 && (sim_begin(b, &h, e) == -1 ||
	    sim_finish(b, &h, 0, e) == -1) && lstat(s->path, &st) == -1) {
		sim_close(b);
		return -1;
	}
	if (sim_pool_init(s, e) == -1 || sim_resize(b, args, e) == -1) {
		sim_close(b);
		return -1;
	}
	return 0;
}

/*
 * The host's size from the helper's configuration (sim-cpus,
 * sim-memory), when it differs from the host's: its domains must still
 * fit in the memory.
 */
static int
sim_resize(struct backend *b, const struct backend_args *args,
    struct xerr *e)
{
	struct simhost	h;
	uint64_t	used = 0, mib = args->sim_memory_mib;
	size_t		i;

	if (args->sim_cpus == 0 && mib == 0)
		return 0;
	if (mib != 0 && (mib < SIM_DOM0_KB / 1024 || mib > SIM_MEMORY_MIB_MAX)) {
		xerr_set(e, XE_USAGE, "sim-memory: %llu MiB is not from %llu "
		    "to %llu", (unsigned long long)mib, SIM_DOM0_KB / 1024,
		    SIM_MEMORY_MIB_MAX);
		return -1;
	}
	if (sim_begin_all(b, &h, e) == -1)
		return -1;
	for (i = 0; i < h.ndoms; i++)
		used += h.doms[i].mem_kb + (h.doms[i].domid != 0 ?
		    SIM_OVERHEAD_KB : 0);
	if (mib != 0 && used > mib * 1024) {
		xerr_set(e, XE_USAGE, "sim-memory: the simulated host's "
		    "domains use %llu MiB, more than %llu",
		    (unsigned long long)(used / 1024), (unsigned long long)mib);
		return sim_finish(b, &h, -1, e);
	}
	if (args->sim_cpus != 0 && h.cpus != args->sim_cpus) {
		h.cpus = args->sim_cpus;
		h.dirty = 1;
	}
	if (mib != 0 && h.memory_mib != mib) {
		h.memory_mib = mib;
		h.dirty = 1;
	}
	return sim_finish(b, &h, 0, e);
}

void
sim_close(struct backend *b)
{
	struct sim	*s = b->priv;

	if (s == NULL)
		return;
	sim_db_close(s);
	free(s->dir);
	free(s->path);
	free(s->imported);
	free(s);
	b->priv = NULL;
}
