/*
 * The simulated host's operations that read it: the domains, the host,
 * a domain's vcpus, list -l (the domains' configurations), a guest's
 * console and the hypervisor's messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

static void	 dom_config(const struct simdom *, struct domcfg *);
static struct simdom *find_dom(struct simhost *, uint32_t);
static uint32_t	 dom_flags(const struct simhost *, const struct simdom *);
static void	 fill_info(const struct simhost *, const struct simdom *,
		    struct dominfo *);

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

static void
fill_info(const struct simhost *h, const struct simdom *d, struct dominfo *di)
{
	memset(di, 0, sizeof(*di));
	di->domid = (uint32_t)d->domid;
	memcpy(di->name, d->name, sizeof(di->name));
	memcpy(di->uuid, d->uuid, sizeof(di->uuid));
	di->flags = dom_flags(h, d);
	di->shutdown_reason = d->shutdown ? (uint32_t)d->reason : 0;
	di->current_memkb = d->mem_kb;
	di->max_memkb = d->maxmem_kb;
	di->vcpu_online = (uint32_t)d->vcpus;
	di->vcpu_max = (uint32_t)d->maxvcpus;
	di->cpu_time_ns = d->cpu_ns;
	di->start_time = d->start_ms / 1000;
}

/* The listing made so far. */
struct listing {
	struct dominfo	*di;
	size_t		 n, cap;
};

/*
 * One row of the listing, settled and kept as a dominfo.  sim_begin_read
 * completed what was due, so only the clock moves it and there is
 * nothing to write: the row is not kept, unless the clock did more.
 */
static int
listed(struct simhost *h, const struct simdom *d, void *arg)
{
	struct listing	*l = arg;
	size_t		 i, from = h->ndoms;
	int		 changed = 0;

	simhost_append(h, d);
	sim_settle(h, from);
	for (i = from; i < h->ndoms; i++) {
		if (l->n == l->cap) {
			l->cap = l->cap == 0 ? 64 : l->cap * 2;
			l->di = xreallocarray(l->di, l->cap, sizeof(*l->di));
		}
		fill_info(h, &h->doms[i], &l->di[l->n++]);
		changed |= h->doms[i].dirty || h->doms[i].fresh;
	}
	if (!changed)
		h->ndoms = from;
	return 0;
}

/* Every domain, a row at a time: the rows are not all kept. */
int
sim_domains(struct backend *b, struct dominfo **out, size_t *np,
    struct xerr *e)
{
	struct simhost	 h;
	struct listing	 l = { NULL, 0, 0 };

	if (sim_begin_read(b, &h, e) == -1)
		return -1;
	h.each = listed;
	h.each_arg = &l;
	if (sim_db_all(&h, e) == -1) {
		sim_finish(b, &h, -1, e);
		free(l.di);
		return -1;
	}
	if (sim_finish(b, &h, 0, e) == -1) {
		free(l.di);
		return -1;
	}
	*out = l.di;
	*np = l.n;
	return 0;
}

/* One domain by its key: its row alone, found by an index. */
int
sim_lookup(struct backend *b, const struct domkey *k, struct dominfo *di,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	struct xerr	 why;
	uint64_t	 domid = k->domid;
	char		 u[UUID_STR];
	int		 r = 1;

	/* One transaction: the key found by its index, then its row. */
	if (sim_begin_read(b, &h, e) == -1)
		return -1;
	if (k->kind != KEY_DOMID)
		r = sim_db_find(&h, k->kind == KEY_NAME ? "name" : "uuid",
		    k->kind == KEY_NAME ? k->name : fmt_uuid(u, k->uuid),
		    &domid, e);
	if (r == 1) {
		memset(&why, 0, sizeof(why));
		if ((d = sim_load_dom(&h, (uint32_t)domid, &why)) != NULL)
			fill_info(&h, d, di);
		else if (why.code == XE_NOTFOUND)
			r = 0;
		else {
			*e = why;
			r = -1;
		}
	}
	if (sim_finish(b, &h, r == -1 ? -1 : 0, e) == -1)
		return -1;
	return r;
}

/* The domains a prefix begins, by the name's index: for completion. */
int
sim_named(struct backend *b, const char *prefix, struct dominfo **out,
    size_t *np, struct xerr *e)
{
	struct simhost	 h;

	if (sim_begin_read(b, &h, e) == -1)
		return -1;
	if (sim_db_named(&h, prefix, out, np, e) == -1)
		return sim_finish(b, &h, -1, e);
	if (sim_finish(b, &h, 0, e) == -1) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int
sim_host(struct backend *b, struct hostinfo *hi, struct xerr *e)
{
	static const uint32_t	 caps[8] = { 0xbfebfbff, 0x77fafbff,
	    0x2c100800, 0x00000121, 0x0000000f, 0x009c6fbf, 0x00000000,
	    0x00000000 };
	struct simhost		 h;
	uint64_t		 avail;

	if (sim_begin_all(b, &h, e) == -1)
		return -1;
	if (sim_db_free_kb(&h, &avail, e) == -1)
		return sim_finish(b, &h, -1, e);
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
	hi->free_mib = avail / 1024;
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
	return sim_finish(b, &h, 0, e);
}

int
sim_vcpus(struct backend *b, uint32_t domid, struct vcpuinfo **out,
    size_t *np, uint32_t *nr_cpus, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	struct vcpuinfo	*vi;
	uint32_t	 i, dflags;
	size_t		 n;

	if ((d = sim_begin_dom(b, &h, domid, 1, e)) == NULL)
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
	if (sim_finish(b, &h, sim_affinity(h.s, domid, vi, n,
	    (uint32_t)h.cpus, e), e) == -1) {
		free(vi);
		return -1;
	}
	*out = vi;
	*np = n;
	*nr_cpus = (uint32_t)h.cpus;
	return 0;
}

static void
dom_config(const struct simdom *d, struct domcfg *cfg)
{
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
}

/* A loaded domain, by a binary search: they are in domid order. */
static struct simdom *
find_dom(struct simhost *h, uint32_t domid)
{
	size_t	lo = 0, hi = h->ndoms, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (h->doms[mid].domid == domid)
			return &h->doms[mid];
		if (h->doms[mid].domid < domid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The configurations of the domains listed, read in one go. */
int
sim_list_long(struct backend *b, const struct dominfo *d, size_t n,
    char **json, struct xerr *e)
{
	struct simhost		  h;
	struct simdom		 *sd;
	struct domcfg		 *cfg;
	const struct domcfg	**cp;
	size_t			  i;
	int			  rv = -1;

	if (sim_begin_all(b, &h, e) == -1)
		return -1;
	cfg = xcalloc(n, sizeof(*cfg));
	cp = xcalloc(n, sizeof(*cp));
	for (i = 0; i < n; i++) {
		/* Domain-0's is not had; one gone since the listing either. */
		if (d[i].domid == 0 || (sd = find_dom(&h, d[i].domid)) == NULL)
			continue;
		dom_config(sd, &cfg[i]);
		cp[i] = &cfg[i];
	}
	if (sim_finish(b, &h, 0, e) == 0)
		rv = domjson_list(d, cp, n, json, e);
	free(cp);
	free(cfg);
	return rv;
}

/* A running guest's console; one that has shut down has none. */
int
sim_console(struct backend *b, uint32_t domid, int *fd, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	char		 name[XLSH_NAME_MAX + 1], *log;
	int		 rv;

	if ((d = sim_begin_dom(b, &h, domid, 1, e)) == NULL)
		return -1;
	if (d->shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u has shut down: it has no "
		    "console", domid);
		return sim_finish(b, &h, -1, e);
	}
	snprintf(name, sizeof(name), "%s", d->name);
	if (sim_finish(b, &h, 0, e) == -1)
		return -1;
	log = sim_console_log(b->priv, domid);
	rv = sim_console_open(name, log, fd, e);
	free(log);
	return rv;
}

/*
 * The ring holds the boot's messages until dmesg -c empties it, and
 * nothing after: the simulated hypervisor has nothing more to say.
 */
int
sim_dmesg(struct backend *b, int clear, char **out, struct xerr *e)
{
	struct simhost	 h;
	int		 rv;

	/* The host's size is all it needs. */
	if ((clear ? sim_begin(b, &h, e) : sim_begin_read(b, &h, e)) == -1)
		return -1;
	if ((rv = sim_ring_cleared(h.s, clear, e)) == 1)
		*out = xstrdup("");
	else if (rv == 0)
		*out = sim_xen_log(&h);
	if (sim_finish(b, &h, rv == -1 ? -1 : 0, e) == -1) {
		if (rv == -1)
			return -1;
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
