/*
 * The simulated Xen host of the sandbox and of the tests: by default a
 * 4-cpu, 16 GiB machine with Domain-0 and whatever guests were
 * created, kept in a state file (sim_state.c) so that every xlshd
 * process sees the same host.  Each operation takes the lock, loads
 * the file, lets the clock act on the domains ("settles" them), applies
 * its change and, if anything changed, replaces the file atomically.
 *
 * Here are open and close, the start and end of every operation (the
 * lock) and the clock; the backend's table is in backend_sim.c, the
 * operations in sim_ops.c (those that change domains) and sim_read.c
 * (those that read).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

static void	 settle(struct simhost *);
static int	 settle_dom(struct simhost *, size_t);
static int	 take_effect(struct simhost *, size_t, uint64_t);
static uint64_t	 cpu_used(const struct simdom *, uint64_t, uint64_t);
static struct simdom *find_dom(struct simhost *, uint32_t, struct xerr *);

/* Lock, load and settle the host: every operation starts here. */
int
sim_begin(struct backend *b, struct simhost *h, struct xerr *e)
{
	struct sim	*s = b->priv;

	memset(h, 0, sizeof(*h));
	h->lockfd = -1;
	if (s == NULL)
		fatalx("sim backend used before open");
	if ((h->lockfd = open(s->lock, O_RDWR | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		xerr_set(e, XE_STATE, "%s: %s", s->lock, strerror(errno));
		return -1;
	}
	while (flock(h->lockfd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			xerr_set(e, XE_STATE, "%s: lock: %s", s->lock,
			    strerror(errno));
			close(h->lockfd);
			return -1;
		}
	}
	h->now = now_ms();
	if (simhost_load(s, h, e) == -1) {
		free(h->doms);
		close(h->lockfd);
		return -1;
	}
	settle(h);
	return 0;
}

/* Save what changed, unlock.  Returns rv, or -1 if saving failed. */
int
sim_finish(struct backend *b, struct simhost *h, int rv, struct xerr *e)
{
	struct xerr	 se;

	if (h->changed && simhost_save(b->priv, h, &se) == -1 && rv == 0) {
		if (e != NULL)
			*e = se;
		rv = -1;
	}
	free(h->doms);
	h->doms = NULL;
	close(h->lockfd);
	return rv;
}

/* sim_begin(), and find the domain; on failure all is undone. */
struct simdom *
sim_begin_dom(struct backend *b, struct simhost *h, uint32_t domid,
    struct xerr *e)
{
	struct simdom	*d;

	if (sim_begin(b, h, e) == -1)
		return NULL;
	if ((d = find_dom(h, domid, e)) == NULL)
		sim_finish(b, h, -1, e);
	return d;
}

/*
 * Let the time since the last settlement act on every domain.  Domains
 * removed or re-created are taken out of the array; a re-created one is
 * appended and settled from its new start when the loop reaches it.
 */
static void
settle(struct simhost *h)
{
	size_t	i = 0;

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
	d->cpu_ns = d->cpu_ns > UINT64_MAX - used ? UINT64_MAX :
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
	h->changed = 1;
	switch (act) {
	case ACT_PRESERVE:
		d->shutdown = 1;
		return 0;
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

static struct simdom *
find_dom(struct simhost *h, uint32_t domid, struct xerr *e)
{
	size_t	i;

	for (i = 0; i < h->ndoms; i++)
		if (h->doms[i].domid == domid)
			return &h->doms[i];
	xerr_set(e, XE_NOTFOUND, "Domain %u does not exist.", domid);
	return NULL;
}

int
sim_open(struct backend *b, const struct backend_args *args,
    struct xerr *e)
{
	struct sim	*s;
	struct simhost	 h;
	struct stat	 st;

	if (args == NULL || args->state_dir == NULL) {
		xerr_set(e, XE_STATE, "the sim backend needs a state "
		    "directory");
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
	s->dir = xstrdup(args->state_dir);
	xasprintf(&s->path, "%s/host", s->dir);
	xasprintf(&s->tmp, "%s/host.tmp", s->dir);
	xasprintf(&s->lock, "%s/lock", s->dir);
	b->priv = s;
	/*
	 * A new host is made now; an existing one is read, and checked,
	 * by every operation, so reading it here too would only double
	 * the cost of a session's first request on a large host.
	 */
	if (lstat(s->path, &st) == 0)
		return 0;
	if (sim_begin(b, &h, e) == -1 || sim_finish(b, &h, 0, e) == -1) {
		sim_close(b);
		return -1;
	}
	return 0;
}

void
sim_close(struct backend *b)
{
	struct sim	*s = b->priv;

	if (s == NULL)
		return;
	free(s->dir);
	free(s->path);
	free(s->tmp);
	free(s->lock);
	free(s);
	b->priv = NULL;
}
