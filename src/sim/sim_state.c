/*
 * The simulated host in memory, and the fields of its rows: the tables
 * sim_host (one row, id 1) and sim_dom (one row per domain) of the
 * helper's database, whose columns are named as the fields below.  The
 * same tables read the lines of the old state file (sim_load.c), which
 * held the host before the database did.
 *
 * Numbers are SQLite integers, type and pending their names ("pv",
 * "pvh", "hvm"; "none", "shutdown", "reboot"), on_* the names
 * dom_action_name() gives, the uuid lower-case text.  Every value read
 * is checked against these ranges, and each domain against the host
 * (sim_dom_fault): a row that fails is reported and nothing is written.
 *
 * An administrator sets the host's size, cpus and memory_mib, with
 * xlshd.conf's sim-cpus and sim-memory (sim_resize in sim_clock.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

const char *const sim_type_names[] = { "pv", "pvh", "hvm", NULL };
static const char *const pend_names[] = { "none", "shutdown", "reboot",
	NULL };

/* cpus and memory_mib may be left out of an old file, written before. */
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

/*
 * domid first: sim_db.c binds it as ?1.  cpu_ns up to UINT64_MAX in an
 * old file; the database's integers stop at SIM_CPU_NS_MAX.
 */
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
 * A field that is not a number, from its text: a name, a lower-case
 * uuid, or the name of an enum's value.  0, or -1 if it is none.
 */
int
sim_field_text(const struct field *f, const char *val, void *base)
{
	uint64_t	v;

	switch (f->kind) {
	case F_NAME:
		/* Valid, it fits: XLSH_NAME_MAX bytes at most. */
		if (!valid_domain_name(val) && strcmp(val, "Domain-0") != 0)
			return -1;
		memcpy((char *)base + f->off, val, strlen(val) + 1);
		return 0;
	case F_UUID:
		/* Lower case, as written: the value reads back so. */
		if (strpbrk(val, "ABCDEF") != NULL ||
		    parse_uuid(val, (uint8_t *)base + f->off) == -1)
			return -1;
		return 0;
	case F_ENUM:
		for (v = 0; f->names[v] != NULL; v++)
			if (strcmp(f->names[v], val) == 0)
				break;
		if (f->names[v] == NULL)
			return -1;
		*sim_numfield(base, f) = v;
		return 0;
	case F_ACTION:
		for (v = 0; v <= ACT_SOFT_RESET; v++)
			if (strcmp(dom_action_name((enum dom_action)v),
			    val) == 0)
				break;
		if (v > ACT_SOFT_RESET)
			return -1;
		*sim_numfield(base, f) = v;
		return 0;
	default:
		return -1;
	}
}

/*
 * What a domain's fields, each in range, cannot tell alone: whether it
 * is consistent, and fits the host row.  NULL, or why not (in buf).
 */
const char *
sim_dom_fault(const struct simhost *h, const struct simdom *d, char *buf,
    size_t size)
{
	if (d->domid == 0 && (strcmp(d->name, "Domain-0") != 0 ||
	    d->paused || d->shutdown || d->pending != PEND_NONE))
		snprintf(buf, size, "domain 0 is not a running Domain-0");
	else if (d->domid != 0 && d->domid >= h->next_domid)
		snprintf(buf, size, "domid %llu is not below next_domid %llu",
		    (unsigned long long)d->domid,
		    (unsigned long long)h->next_domid);
	else if (d->domid != 0 && !valid_domain_name(d->name))
		snprintf(buf, size, "a guest cannot be named %s", d->name);
	else if (d->mem_kb > d->maxmem_kb || d->vcpus > d->maxvcpus)
		snprintf(buf, size, "more memory or vcpus than the maximum");
	else if (d->start_ms < d->created_ms || d->settled_ms < d->start_ms)
		snprintf(buf, size, "the times are out of order");
	else if ((d->pending == PEND_NONE) != (d->pending_left_ms == 0) ||
	    (d->shutdown && d->pending != PEND_NONE))
		snprintf(buf, size, "the pending request is inconsistent");
	else
		return NULL;
	return buf;
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

/* Take domain i out; its row, if it has one, is deleted when flushed. */
void
simhost_remove(struct simhost *h, size_t i)
{
	if (!h->doms[i].fresh) {
		if (h->ngone == h->gonecap) {
			h->gonecap = h->gonecap == 0 ? 4 : h->gonecap * 2;
			h->gone = xreallocarray(h->gone, h->gonecap,
			    sizeof(*h->gone));
		}
		h->gone[h->ngone++] = h->doms[i].domid;
	}
	memmove(&h->doms[i], &h->doms[i + 1],
	    (h->ndoms - i - 1) * sizeof(*h->doms));
	h->ndoms--;
}

void
simhost_free(struct simhost *h)
{
	free(h->doms);
	free(h->gone);
	h->doms = NULL;
	h->gone = NULL;
	h->ndoms = h->cap = h->ngone = h->gonecap = 0;
}
