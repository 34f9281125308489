/*
 * The simulated Xen host of the sandbox and of the tests: by default a
 * 4-cpu, 16 GiB machine with Domain-0 and whatever guests were
 * created, kept in a state file (sim_state.c) so that every xlshd
 * process sees the same host.  Each operation takes the lock, loads
 * the file, lets the clock act on the domains ("settles" them), applies
 * its change and, if anything changed, replaces the file atomically.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

static int	 sim_open(struct backend *, const struct backend_args *,
		    struct xerr *);
static void	 sim_close(struct backend *);
static int	 sim_domains(struct backend *, struct dominfo **, size_t *,
		    struct xerr *);
static int	 sim_host(struct backend *, struct hostinfo *, struct xerr *);
static int	 sim_vcpus(struct backend *, uint32_t, struct vcpuinfo **,
		    size_t *, uint32_t *, struct xerr *);
static int	 sim_create(struct backend *, const struct domcfg *,
		    uint32_t *, struct xerr *);
static int	 sim_shutdown(struct backend *, uint32_t, int, struct xerr *);
static int	 sim_destroy(struct backend *, uint32_t, struct xerr *);
static int	 sim_pause(struct backend *, uint32_t, int, struct xerr *);
static int	 sim_rename(struct backend *, uint32_t, const char *,
		    struct xerr *);
static int	 sim_mem_set(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
static int	 sim_mem_max(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
static int	 sim_config(struct backend *, uint32_t, struct domcfg *,
		    struct xerr *);
static int	 sim_console(struct backend *, uint32_t, int *, struct xerr *);
static int	 sim_dmesg(struct backend *, char **, struct xerr *);
static int	 sim_list_long(struct backend *, const struct dominfo *,
		    size_t, char **, struct xerr *);
static int	 sim_vcpu_set(struct backend *, uint32_t, uint32_t,
		    struct xerr *);

static int	 begin(struct backend *, struct simhost *, struct xerr *);
static int	 finish(struct backend *, struct simhost *, int,
		    struct xerr *);
static struct simdom *begin_dom(struct backend *, struct simhost *,
		    uint32_t, struct xerr *);
static void	 settle(struct simhost *);
static int	 settle_dom(struct simhost *, size_t);
static int	 take_effect(struct simhost *, size_t, uint64_t);
static uint64_t	 cpu_used(const struct simdom *, uint64_t, uint64_t);
static uint32_t	 dom_flags(const struct simhost *, const struct simdom *);
static struct simdom *find_dom(struct simhost *, uint32_t, struct xerr *);

const struct backend backend_sim = {
	.name =		"sim",
	.priv =		NULL,
	.open =		sim_open,
	.close =	sim_close,
	.domains =	sim_domains,
	.host =		sim_host,
	.vcpus =	sim_vcpus,
	.create =	sim_create,
	.shutdown =	sim_shutdown,
	.destroy =	sim_destroy,
	.pause =	sim_pause,
	.rename =	sim_rename,
	.mem_set =	sim_mem_set,
	.mem_max =	sim_mem_max,
	.vcpu_set =	sim_vcpu_set,
	.console =	sim_console,
	.dmesg =	sim_dmesg,
	.list_long =	sim_list_long
};

/* Lock, load and settle the host: every operation starts here. */
static int
begin(struct backend *b, struct simhost *h, struct xerr *e)
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
static int
finish(struct backend *b, struct simhost *h, int rv, struct xerr *e)
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

/* begin(), and find the domain; on failure all is undone. */
static struct simdom *
begin_dom(struct backend *b, struct simhost *h, uint32_t domid,
    struct xerr *e)
{
	struct simdom	*d;

	if (begin(b, h, e) == -1)
		return NULL;
	if ((d = find_dom(h, domid, e)) == NULL)
		finish(b, h, -1, e);
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

static uint32_t
dom_flags(const struct simhost *h, const struct simdom *d)
{
	if (d->shutdown)
		return DI_SHUTDOWN | (d->paused ? DI_PAUSED : 0);
	if (d->paused)
		return DI_PAUSED;
	if (d->domid == 0 || h->now < d->start_ms + SIM_BOOT_MS)
		return DI_RUNNING;
	return DI_BLOCKED;
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

static int
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
	if (begin(b, &h, e) == -1 || finish(b, &h, 0, e) == -1) {
		sim_close(b);
		return -1;
	}
	return 0;
}

static void
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

static int
sim_domains(struct backend *b, struct dominfo **out, size_t *np,
    struct xerr *e)
{
	struct simhost	 h;
	struct dominfo	*di;
	struct simdom	*d;
	size_t		 i, n;

	if (begin(b, &h, e) == -1)
		return -1;
	di = xcalloc(h.ndoms, sizeof(*di));
	for (i = 0; i < h.ndoms; i++) {
		d = &h.doms[i];
		di[i].domid = (uint32_t)d->domid;
		snprintf(di[i].name, sizeof(di[i].name), "%s", d->name);
		memcpy(di[i].uuid, d->uuid, sizeof(di[i].uuid));
		di[i].flags = dom_flags(&h, d);
		di[i].shutdown_reason = d->shutdown ? (uint32_t)d->reason : 0;
		di[i].current_memkb = d->mem_kb;
		di[i].max_memkb = d->maxmem_kb;
		di[i].vcpu_online = (uint32_t)d->vcpus;
		di[i].vcpu_max = (uint32_t)d->maxvcpus;
		di[i].cpu_time_ns = d->cpu_ns;
		di[i].start_time = d->start_ms / 1000;
	}
	n = h.ndoms;
	if (finish(b, &h, 0, e) == -1) {
		free(di);
		return -1;
	}
	*out = di;
	*np = n;
	return 0;
}

static int
sim_host(struct backend *b, struct hostinfo *hi, struct xerr *e)
{
	static const uint32_t	 caps[8] = { 0xbfebfbff, 0x77fafbff,
	    0x2c100800, 0x00000121, 0x0000000f, 0x009c6fbf, 0x00000000,
	    0x00000000 };
	struct simhost		 h;

	if (begin(b, &h, e) == -1)
		return -1;
	memset(hi, 0, sizeof(*hi));
	snprintf(hi->host, sizeof(hi->host), "xlsh-sandbox");
	snprintf(hi->release, sizeof(hi->release), "6.1.0-28-amd64");
	snprintf(hi->version, sizeof(hi->version),
	    "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)");
	snprintf(hi->machine, sizeof(hi->machine), "x86_64");
	hi->nr_cpus = (uint32_t)h.cpus;
	hi->max_cpu_id = (uint32_t)h.cpus - 1;
	hi->nr_nodes = 1;
	hi->cores_per_socket = (uint32_t)h.cpus;
	hi->threads_per_core = 1;
	hi->cpu_khz = 2400000;
	memcpy(hi->hw_cap, caps, sizeof(hi->hw_cap));
	snprintf(hi->virt_caps, sizeof(hi->virt_caps),
	    " pv hvm hvm_directio pv_directio hap shadow");
	hi->total_mib = h.memory_mib;
	hi->free_mib = simhost_free_kb(&h) / 1024;
	hi->free_cpus = 0;
	hi->xen_major = 4;
	hi->xen_minor = 17;
	snprintf(hi->xen_extra, sizeof(hi->xen_extra), ".7");
	snprintf(hi->xen_caps, sizeof(hi->xen_caps), "xen-3.0-x86_64 "
	    "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64");
	snprintf(hi->xen_scheduler, sizeof(hi->xen_scheduler), "credit2");
	hi->xen_pagesize = 4096;
	hi->virt_start = 0xffff800000000000ULL;
	/* xen_changeset stays empty, as in builds made outside git. */
	snprintf(hi->xen_commandline, sizeof(hi->xen_commandline),
	    "placeholder dom0_mem=2048M,max:2048M dom0_max_vcpus=4 "
	    "no-real-mode edd=off");
	snprintf(hi->cc_compiler, sizeof(hi->cc_compiler),
	    "x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0");
	snprintf(hi->cc_compile_by, sizeof(hi->cc_compile_by),
	    "pkg-xen-devel");
	snprintf(hi->cc_compile_domain, sizeof(hi->cc_compile_domain),
	    "lists.alioth.debian.org");
	snprintf(hi->cc_compile_date, sizeof(hi->cc_compile_date),
	    "Thu Jan 16 12:00:00 UTC 2025");
	snprintf(hi->build_id, sizeof(hi->build_id),
	    "5e3a9d0c71f24b8a9c06d2e81f4b7a3c6d90e215");
	hi->boot_time = h.boot_ms / 1000;
	return finish(b, &h, 0, e);
}

static int
sim_vcpus(struct backend *b, uint32_t domid, struct vcpuinfo **out,
    size_t *np, uint32_t *nr_cpus, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	struct vcpuinfo	*vi;
	uint32_t	 i, dflags;
	size_t		 n;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	dflags = dom_flags(&h, d);
	vi = xcalloc(d->maxvcpus, sizeof(*vi));
	for (i = 0; i < d->maxvcpus; i++) {
		vi[i].domid = domid;
		snprintf(vi[i].name, sizeof(vi[i].name), "%s", d->name);
		vi[i].vcpuid = i;
		snprintf(vi[i].hard, sizeof(vi[i].hard), "all");
		snprintf(vi[i].soft, sizeof(vi[i].soft), "all");
		/* A shut-down domain's vcpus are down, as in Xen. */
		if (i >= d->vcpus || d->shutdown)
			continue;
		vi[i].cpu = (domid + i) % h.cpus;
		vi[i].flags = VI_ONLINE;
		if (dflags & DI_RUNNING)
			vi[i].flags |= VI_RUNNING;
		else if (dflags & DI_BLOCKED)
			vi[i].flags |= VI_BLOCKED;
		vi[i].time_ns = d->cpu_ns / d->vcpus;
	}
	n = d->maxvcpus;
	if (finish(b, &h, 0, e) == -1) {
		free(vi);
		return -1;
	}
	*out = vi;
	*np = n;
	*nr_cpus = (uint32_t)h.cpus;
	return 0;
}

static int
sim_create(struct backend *b, const struct domcfg *cfg, uint32_t *domidp,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	 d;
	uint64_t	 need, avail;
	size_t		 t;
	char		 name[XLSH_NAME_MAX + 1], show[XLSH_NAME_MAX + 1];
	int		 rv = -1;

	for (t = 0; sim_type_names[t] != NULL; t++)
		if (strncmp(sim_type_names[t], cfg->type, sizeof(cfg->type)) == 0)
			break;
	if (memchr(cfg->name, '\0', sizeof(cfg->name)) == NULL ||
	    !valid_domain_name(cfg->name)) {
		snprintf(name, sizeof(name), "%.*s", XLSH_NAME_MAX, cfg->name);
		strvis_name(show, sizeof(show), name);
		xerr_set(e, XE_INVAL, "\"%s\" is not a valid domain name",
		    show);
		return -1;
	}
	if (cfg->memory_kb < SIM_MIN_KB) {
		xerr_set(e, XE_INVAL, "domain \"%s\": memory must be at least "
		    "%llu MiB", cfg->name, SIM_MIN_KB / 1024);
		return -1;
	}
	if (sim_type_names[t] == NULL ||
	    cfg->maxmem_kb < cfg->memory_kb || cfg->maxmem_kb > SIM_MAX_KB ||
	    cfg->vcpus < 1 || cfg->maxvcpus < cfg->vcpus ||
	    cfg->maxvcpus > XLSH_VCPUS_MAX ||
	    (unsigned int)cfg->on_poweroff > ACT_SOFT_RESET ||
	    (unsigned int)cfg->on_reboot > ACT_SOFT_RESET ||
	    (unsigned int)cfg->on_crash > ACT_SOFT_RESET) {
		xerr_set(e, XE_INVAL, "domain \"%s\": invalid configuration "
		    "(type, memory, vcpus or on_* out of range)", cfg->name);
		return -1;
	}
	if (begin(b, &h, e) == -1)
		return -1;
	if (simhost_find_name(&h, cfg->name) != NULL) {
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", cfg->name);
		goto out;
	}
	if (h.next_domid >= SIM_DOMID_LIMIT) {
		xerr_set(e, XE_FAIL, "the simulated host cannot hold more "
		    "domains");
		goto out;
	}
	need = cfg->memory_kb + SIM_OVERHEAD_KB;
	if (need > (avail = simhost_free_kb(&h))) {
		xerr_set(e, XE_NOMEM, "not enough free memory for domain "
		    "\"%s\": needs %llu MiB, %llu MiB free", cfg->name,
		    (unsigned long long)(need / 1024),
		    (unsigned long long)(avail / 1024));
		goto out;
	}
	memset(&d, 0, sizeof(d));
	d.domid = h.next_domid++;
	snprintf(d.name, sizeof(d.name), "%s", cfg->name);
	if (cfg->has_uuid)
		memcpy(d.uuid, cfg->uuid, sizeof(d.uuid));
	else {
		if (getrandom(d.uuid, sizeof(d.uuid), 0) !=
		    (ssize_t)sizeof(d.uuid))
			fatal("getrandom");
		d.uuid[6] = (d.uuid[6] & 0x0f) | 0x40;	/* version 4 */
		d.uuid[8] = (d.uuid[8] & 0x3f) | 0x80;
	}
	d.type = t;
	d.mem_kb = cfg->memory_kb;
	d.maxmem_kb = cfg->maxmem_kb;
	d.vcpus = cfg->vcpus;
	d.maxvcpus = cfg->maxvcpus;
	d.on_poweroff = cfg->on_poweroff;
	d.on_reboot = cfg->on_reboot;
	d.on_crash = cfg->on_crash;
	d.created_ms = d.start_ms = d.settled_ms = h.now;
	simhost_append(&h, &d);
	h.changed = 1;
	*domidp = (uint32_t)d.domid;
	rv = 0;
out:
	return finish(b, &h, rv, e);
}

static int
sim_shutdown(struct backend *b, uint32_t domid, int reboot, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be shut down this way");
		return -1;
	}
	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (d->shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u is already shut down", domid);
		return finish(b, &h, -1, e);
	}
	/* A second request changes what is asked, not when it is done. */
	if (d->pending == PEND_NONE)
		d->pending_left_ms = SIM_SHUTDOWN_MS;
	d->pending = reboot ? PEND_REBOOT : PEND_SHUTDOWN;
	h.changed = 1;
	return finish(b, &h, 0, e);
}

static int
sim_destroy(struct backend *b, uint32_t domid, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be destroyed");
		return -1;
	}
	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	simhost_remove(&h, (size_t)(d - h.doms));
	h.changed = 1;
	return finish(b, &h, 0, e);
}

static int
sim_pause(struct backend *b, uint32_t domid, int pause, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be %s",
		    pause ? "paused" : "unpaused");
		return -1;
	}
	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	/* Already (un)paused is fine, as with libxl. */
	if (d->paused != (pause != 0)) {
		d->paused = pause != 0;
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

static int
sim_rename(struct backend *b, uint32_t domid, const char *name,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d, *other;
	char		 show[XLSH_NAME_MAX + 1];

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be renamed");
		return -1;
	}
	if (!valid_domain_name(name)) {
		strvis_name(show, sizeof(show), name);
		xerr_set(e, XE_INVAL, "\"%s\" is not a valid domain name",
		    show);
		return -1;
	}
	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if ((other = simhost_find_name(&h, name)) != NULL && other != d) {
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", name);
		return finish(b, &h, -1, e);
	}
	if (other == NULL) {
		snprintf(d->name, sizeof(d->name), "%s", name);
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

static int
sim_mem_set(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	uint64_t	 avail;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (kb > d->maxmem_kb) {
		xerr_set(e, XE_INVAL, "memory_dynamic_max must be less than "
		    "or equal to memory_static_max");
		return finish(b, &h, -1, e);
	}
	if (kb < SIM_MIN_KB) {
		xerr_set(e, XE_INVAL, "a memory target of %llu KiB is below "
		    "the minimum of %llu MiB", (unsigned long long)kb,
		    SIM_MIN_KB / 1024);
		return finish(b, &h, -1, e);
	}
	if (kb > d->mem_kb && kb - d->mem_kb > (avail = simhost_free_kb(&h))) {
		xerr_set(e, XE_NOMEM, "not enough free memory to give domain "
		    "\"%s\" %llu MiB: needs %llu MiB more, %llu MiB free",
		    d->name, (unsigned long long)(kb / 1024),
		    (unsigned long long)((kb - d->mem_kb + 1023) / 1024),
		    (unsigned long long)(avail / 1024));
		return finish(b, &h, -1, e);
	}
	if (d->mem_kb != kb) {
		d->mem_kb = kb;
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

/* As libxl_domain_setmaxmem: no lower than the current target. */
static int
sim_mem_max(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (kb < d->mem_kb) {
		xerr_set(e, XE_INVAL, "memory_static_max must be greater than "
		    "or equal to memory_dynamic_max");
		return finish(b, &h, -1, e);
	}
	if (kb > SIM_MAX_KB) {
		xerr_set(e, XE_INVAL, "a maximum of %llu KiB is above the "
		    "simulated host's limit of %llu GiB",
		    (unsigned long long)kb, SIM_MAX_KB / 1024 / 1024);
		return finish(b, &h, -1, e);
	}
	if (d->maxmem_kb != kb) {
		d->maxmem_kb = kb;
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

static int
sim_vcpu_set(struct backend *b, uint32_t domid, uint32_t n, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (n == 0 || n > d->maxvcpus) {
		if (n == 0)
			xerr_set(e, XE_INVAL, "a domain needs at least one "
			    "vcpu");
		else
			xerr_set(e, XE_INVAL, "Requested %u VCPUs, however "
			    "maxcpus is %llu!", n,
			    (unsigned long long)d->maxvcpus);
		return finish(b, &h, -1, e);
	}
	if (d->vcpus != n) {
		d->vcpus = n;
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

static int
sim_config(struct backend *b, uint32_t domid, struct domcfg *cfg,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->name, sizeof(cfg->name), "%s", d->name);
	snprintf(cfg->type, sizeof(cfg->type), "%s", sim_type_names[d->type]);
	cfg->memory_kb = d->mem_kb;
	cfg->maxmem_kb = d->maxmem_kb;
	cfg->vcpus = (uint32_t)d->vcpus;
	cfg->maxvcpus = (uint32_t)d->maxvcpus;
	cfg->on_poweroff = (enum dom_action)d->on_poweroff;
	cfg->on_reboot = (enum dom_action)d->on_reboot;
	cfg->on_crash = (enum dom_action)d->on_crash;
	cfg->has_uuid = 1;
	memcpy(cfg->uuid, d->uuid, sizeof(cfg->uuid));
	return finish(b, &h, 0, e);
}

static int
sim_list_long(struct backend *b, const struct dominfo *d, size_t n,
    char **json, struct xerr *e)
{
	struct domcfg		 *cfg;
	const struct domcfg	**cp;
	size_t			  i;
	int			  rv = -1;

	cfg = xcalloc(n, sizeof(*cfg));
	cp = xcalloc(n, sizeof(*cp));
	for (i = 0; i < n; i++) {
		if (d[i].domid == 0)
			continue;
		if (sim_config(b, d[i].domid, &cfg[i], e) == -1) {
			if (e->code == XE_NOTFOUND)
				continue;	/* gone since the listing */
			goto out;
		}
		cp[i] = &cfg[i];
	}
	rv = domjson_list(d, cp, n, json, e);
out:
	free(cp);
	free(cfg);
	return rv;
}

/* A running guest's console; one that has shut down has none. */
static int
sim_console(struct backend *b, uint32_t domid, int *fd, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	char		 name[XLSH_NAME_MAX + 1];

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (d->shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u has shut down: it has no "
		    "console", domid);
		return finish(b, &h, -1, e);
	}
	snprintf(name, sizeof(name), "%s", d->name);
	if (finish(b, &h, 0, e) == -1)
		return -1;
	return sim_console_open(name, fd, e);
}

static int
sim_dmesg(struct backend *b, char **out, struct xerr *e)
{
	struct simhost	 h;

	if (begin(b, &h, e) == -1)
		return -1;
	*out = sim_xen_log(&h);
	if (finish(b, &h, 0, e) == -1) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
