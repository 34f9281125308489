/*
 * The simulated host's operations that change domains: create,
 * shutdown (and reboot), destroy, pause (and unpause), rename,
 * mem-set, mem-max and vcpu-set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"


int
sim_create(struct backend *b, const struct domcfg *cfg, uint32_t *domidp,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	 d;
	uint64_t	 need, avail, other;
	size_t		 t;
	char		 name[XLSH_NAME_MAX + 1], show[XLSH_NAME_MAX + 1];
	char		 uuid[40];
	int		 r, rv = -1;

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
	/* Its disks and vifs are the helper's: a file's are not simulated. */
	if (cfg->file_devices) {
		xerr_set(e, XE_INVAL, "domain \"%s\": the simulated host does "
		    "not take disk= or vif= from a file: give a template's "
		    "xlsh_root and xlsh_bridge, or block-attach a volume",
		    cfg->name);
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
	if (sim_begin(b, &h, e) == -1)
		return -1;
	if ((r = sim_db_find(&h, "name", cfg->name, &other, e)) != 0) {
		if (r == 1)
			xerr_set(e, XE_EXISTS, "Domain with name \"%s\" "
			    "already exists.", cfg->name);
		goto out;
	}
	if (h.next_domid >= SIM_DOMID_LIMIT) {
		xerr_set(e, XE_FAIL, "the simulated host cannot hold more "
		    "domains");
		goto out;
	}
	need = cfg->memory_kb + SIM_OVERHEAD_KB;
	if (sim_db_free_kb(&h, &avail, e) == -1)
		goto out;
	if (need > avail) {
		xerr_set(e, XE_NOMEM, "not enough free memory for domain "
		    "\"%s\": needs %llu MiB, %llu MiB free", cfg->name,
		    (unsigned long long)(need / 1024),
		    (unsigned long long)(avail / 1024));
		goto out;
	}
	memset(&d, 0, sizeof(d));
	if (cfg->has_uuid)
		memcpy(d.uuid, cfg->uuid, sizeof(d.uuid));
	else
		new_uuid(d.uuid);
	/* The registry joins domains to its records by uuid: one each. */
	fmt_uuid(uuid, d.uuid);
	if ((r = sim_db_find(&h, "uuid", uuid, &other, e)) != 0) {
		if (r == 1)
			xerr_set(e, XE_EXISTS, "Domain with UUID %s already "
			    "exists.", uuid);
		goto out;
	}
	d.domid = h.next_domid++;
	h.dirty = 1;
	snprintf(d.name, sizeof(d.name), "%s", cfg->name);
	d.type = t;
	d.mem_kb = cfg->memory_kb;
	d.maxmem_kb = cfg->maxmem_kb;
	d.vcpus = cfg->vcpus;
	d.maxvcpus = cfg->maxvcpus;
	d.on_poweroff = cfg->on_poweroff;
	d.on_reboot = cfg->on_reboot;
	d.on_crash = cfg->on_crash;
	d.created_ms = d.start_ms = d.settled_ms = h.now;
	d.fresh = 1;
	sim_console_forget(h.s, (uint32_t)d.domid);
	if (sim_dev_make(h.s, (uint32_t)d.domid, cfg, e) == -1)
		goto out;
	simhost_append(&h, &d);
	*domidp = (uint32_t)d.domid;
	rv = 0;
out:
	return sim_finish(b, &h, rv, e);
}

/*
 * An HVM guest has no PV drivers until its kernel has come up
 * (SIM_BOOT_MS after it starts): until then it cannot be asked, and
 * SHUT_FALLBACK presses its ACPI power button, which the kernel answers
 * as a request, or its reset button, which reboots it at once.
 */
int
sim_shutdown(struct backend *b, uint32_t domid, int flags, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	int		 reboot = (flags & SHUT_REBOOT) != 0, rv = 0;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be shut down this way");
		return -1;
	}
	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if (d->shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u is already shut down", domid);
		return sim_finish(b, &h, -1, e);
	}
	if (strcmp(sim_type_names[d->type], "hvm") == 0 &&
	    h.now < d->start_ms + SIM_BOOT_MS) {
		if (!(flags & SHUT_FALLBACK)) {
			xerr_set(e, XE_INVAL, "PV control interface not "
			    "available: external graceful %s not possible. "
			    "Use \"-F\" to fallback to ACPI %s event.",
			    reboot ? "reboot" : "shutdown",
			    reboot ? "reset" : "power");
			return sim_finish(b, &h, -1, e);
		}
		rv = 1;
	}
	/* A second request changes what is asked, not when it is done. */
	if (d->pending == PEND_NONE)
		d->pending_left_ms = SIM_SHUTDOWN_MS;
	if (rv == 1 && reboot)
		d->pending_left_ms = 1;	/* the reset button: at once */
	d->pending = reboot ? PEND_REBOOT : PEND_SHUTDOWN;
	d->dirty = 1;
	return sim_finish(b, &h, 0, e) == -1 ? -1 : rv;
}

int
sim_destroy(struct backend *b, uint32_t domid, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be destroyed");
		return -1;
	}
	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	sim_console_forget(h.s, domid);
	simhost_remove(&h, (size_t)(d - h.doms));
	return sim_finish(b, &h, 0, e);
}

int
sim_pause(struct backend *b, uint32_t domid, int pause, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be %s",
		    pause ? "paused" : "unpaused");
		return -1;
	}
	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	/* Already (un)paused is fine, as with libxl. */
	if (d->paused != (pause != 0)) {
		d->paused = pause != 0;
		d->dirty = 1;
	}
	return sim_finish(b, &h, 0, e);
}

int
sim_rename(struct backend *b, uint32_t domid, const char *name,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	uint64_t	 other;
	char		 show[XLSH_NAME_MAX + 1];
	int		 r;

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
	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if ((r = sim_db_find(&h, "name", name, &other, e)) == -1)
		return sim_finish(b, &h, -1, e);
	if (r == 1 && other != domid) {
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", name);
		return sim_finish(b, &h, -1, e);
	}
	if (r == 0) {
		snprintf(d->name, sizeof(d->name), "%s", name);
		d->dirty = 1;
	}
	return sim_finish(b, &h, 0, e);
}

int
sim_mem_set(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	uint64_t	 avail;

	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if (kb > d->maxmem_kb) {
		xerr_set(e, XE_INVAL, "memory_dynamic_max must be less than "
		    "or equal to memory_static_max");
		return sim_finish(b, &h, -1, e);
	}
	if (kb < SIM_MIN_KB) {
		xerr_set(e, XE_INVAL, "a memory target of %llu KiB is below "
		    "the minimum of %llu MiB", (unsigned long long)kb,
		    SIM_MIN_KB / 1024);
		return sim_finish(b, &h, -1, e);
	}
	if (kb > d->mem_kb && sim_db_free_kb(&h, &avail, e) == -1)
		return sim_finish(b, &h, -1, e);
	if (kb > d->mem_kb && kb - d->mem_kb > avail) {
		xerr_set(e, XE_NOMEM, "not enough free memory to give domain "
		    "\"%s\" %llu MiB: needs %llu MiB more, %llu MiB free",
		    d->name, (unsigned long long)(kb / 1024),
		    (unsigned long long)((kb - d->mem_kb + 1023) / 1024),
		    (unsigned long long)(avail / 1024));
		return sim_finish(b, &h, -1, e);
	}
	if (d->mem_kb != kb) {
		d->mem_kb = kb;
		d->dirty = 1;
	}
	return sim_finish(b, &h, 0, e);
}

/* As libxl_domain_setmaxmem: no lower than the current target. */
int
sim_mem_max(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if (kb < d->mem_kb) {
		xerr_set(e, XE_INVAL, "memory_static_max must be greater than "
		    "or equal to memory_dynamic_max");
		return sim_finish(b, &h, -1, e);
	}
	if (kb > SIM_MAX_KB) {
		xerr_set(e, XE_INVAL, "a maximum of %llu KiB is above the "
		    "simulated host's limit of %llu GiB",
		    (unsigned long long)kb, SIM_MAX_KB / 1024 / 1024);
		return sim_finish(b, &h, -1, e);
	}
	if (d->maxmem_kb != kb) {
		d->maxmem_kb = kb;
		d->dirty = 1;
	}
	return sim_finish(b, &h, 0, e);
}

int
sim_vcpu_set(struct backend *b, uint32_t domid, uint32_t n, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if (n == 0 || n > d->maxvcpus) {
		if (n == 0)
			xerr_set(e, XE_INVAL, "a domain needs at least one "
			    "vcpu");
		else
			xerr_set(e, XE_INVAL, "Requested %u VCPUs, however "
			    "maxcpus is %llu!", n,
			    (unsigned long long)d->maxvcpus);
		return sim_finish(b, &h, -1, e);
	}
	if (d->vcpus != n) {
		d->vcpus = n;
		d->dirty = 1;
	}
	return sim_finish(b, &h, 0, e);
}
