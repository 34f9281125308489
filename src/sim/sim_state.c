/*
 * The simulated host in memory, and the fields of its state file,
 * STATE_DIR/host (read by sim_load.c, written by sim_save.c): a magic
 * line and then one line per record, fields as key=value separated by
 * single spaces:
 *
 *	xlsh-sim 1
 *	host boot_ms=N next_domid=N cpus=N memory_mib=N
 *	dom domid=0 name=Domain-0 uuid=... type=pv mem_kb=N ...
 *	dom domid=3 name=web ...
 *
 * Domains are listed in domid order, Domain-0 first.  cpus and
 * memory_mib, the host's size, may be left out (files written before
 * they existed): a host of 4 cpus and 16 GiB.  An administrator may
 * change them while no xlshd runs; a file that does not read back
 * exactly so, or whose domains do not fit the host, is never
 * overwritten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <string.h>

#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

const char *const sim_type_names[] = { "pv", "pvh", "hvm", NULL };
static const char *const pend_names[] = { "none", "shutdown", "reboot",
	NULL };

#define HF(k, min, max, opt, def) { #k, F_NUM, \
	offsetof(struct simhost, k), min, max, NULL, opt, def }
const struct field sim_host_fields[] = {
	HF(boot_ms,	0, SIM_TIME_MAX, 0, 0),
	HF(next_domid,	1, SIM_DOMID_LIMIT, 0, 0),
	HF(cpus,	1, SIM_CPUS_MAX, 1, SIM_CPUS),
	HF(memory_mib,	SIM_DOM0_KB / 1024, SIM_MEMORY_MIB_MAX, 1,
	    SIM_MEMORY_MIB),
	{ NULL, F_NUM, 0, 0, 0, NULL, 0, 0 }
};

#define DF(k, kind, min, max, names) { #k, kind, \
	offsetof(struct simdom, k), min, max, names, 0, 0 }
const struct field sim_dom_fields[] = {
	DF(domid,		F_NUM, 0, SIM_DOMID_LIMIT - 1, NULL),
	DF(name,		F_NAME, 0, 0, NULL),
	DF(uuid,		F_UUID, 0, 0, NULL),
	DF(type,		F_ENUM, 0, 0, sim_type_names),
	DF(mem_kb,		F_NUM, SIM_MIN_KB, SIM_MAX_KB, NULL),
	DF(maxmem_kb,		F_NUM, SIM_MIN_KB, SIM_MAX_KB, NULL),
	DF(vcpus,		F_NUM, 1, XLSH_VCPUS_MAX, NULL),
	DF(maxvcpus,		F_NUM, 1, XLSH_VCPUS_MAX, NULL),
	DF(on_poweroff,		F_ACTION, 0, 0, NULL),
	DF(on_reboot,		F_ACTION, 0, 0, NULL),
	DF(on_crash,		F_ACTION, 0, 0, NULL),
	DF(created_ms,		F_NUM, 0, SIM_TIME_MAX, NULL),
	DF(start_ms,		F_NUM, 0, SIM_TIME_MAX, NULL),
	DF(paused,		F_NUM, 0, 1, NULL),
	DF(shutdown,		F_NUM, 0, 1, NULL),
	DF(reason,		F_NUM, 0, SHUTDOWN_SOFT_RESET, NULL),
	DF(pending,		F_ENUM, 0, 0, pend_names),
	DF(pending_left_ms,	F_NUM, 0, SIM_SHUTDOWN_MS, NULL),
	DF(cpu_ns,		F_NUM, 0, UINT64_MAX, NULL),
	DF(settled_ms,		F_NUM, 0, SIM_TIME_MAX, NULL),
	{ NULL, F_NUM, 0, 0, 0, NULL, 0, 0 }
};

/* The uint64_t a numeric field of the table is kept in. */
uint64_t *
sim_numfield(void *base, const struct field *f)
{
	return (uint64_t *)(void *)((char *)base + f->off);
}

/*
 * Free memory: the total less every domain's current memory (Domain-0
 * included) and a fixed 64 MiB per guest for Xen's own structures.
 * Shut-down domains kept by on_*=preserve still hold theirs.
 */
uint64_t
simhost_free_kb(const struct simhost *h)
{
	uint64_t	used = 0;
	size_t		i;

	for (i = 0; i < h->ndoms; i++)
		used += h->doms[i].mem_kb +
		    (h->doms[i].domid != 0 ? SIM_OVERHEAD_KB : 0);
	return used >= h->memory_mib * 1024 ? 0 : h->memory_mib * 1024 - used;
}

struct simdom *
simhost_find_name(struct simhost *h, const char *name)
{
	size_t	i;

	for (i = 0; i < h->ndoms; i++)
		if (strcmp(h->doms[i].name, name) == 0)
			return &h->doms[i];
	return NULL;
}

void
simhost_append(struct simhost *h, const struct simdom *d)
{
	if (h->ndoms == h->cap) {
		h->cap = h->cap == 0 ? 16 : h->cap * 2;
		h->doms = xreallocarray(h->doms, h->cap, sizeof(*h->doms));
	}
	h->doms[h->ndoms++] = *d;
}

void
simhost_remove(struct simhost *h, size_t i)
{
	memmove(&h->doms[i], &h->doms[i + 1],
	    (h->ndoms - i - 1) * sizeof(*h->doms));
	h->ndoms--;
}
