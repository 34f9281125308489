/*
 * The simulated host's rows in the helper's database (sim_state.c
 * describes them): the rows an operation needs, read and checked, each
 * domain against the host too; written back, only those that changed;
 * and what SQLite answers without loading every row: whether a name or
 * uuid is taken, and the free memory.
 *
 * A row that fails a check is reported, naming it, as an XE_STATE
 * error; the operation then rolls back (sim_finish), so that nothing
 * is written.
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

static int	load(struct simhost *, enum sim_query, uint32_t,
		    struct xerr *);
static int	write_row(struct simhost *, enum sim_query,
		    const struct field *, const void *, uint64_t,
		    struct xerr *);

/* The host row: 1 if read, 0 if there is none, -1 on error. */
int
sim_db_host(struct simhost *h, struct xerr *e)
{
	sqlite3_stmt	*st = sim_stmt(h->s, Q_HOST);
	int		 rc, rv;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rv = sim_read_row(h, st, sim_host_fields, h, e) == -1 ?
		    -1 : 1;
	else if (rc == SQLITE_DONE)
		rv = 0;
	else
		rv = db_fail(h->s->db, e, "sim_host");
	sqlite3_reset(st);
	return rv;
}

/* Whether there is a host row, read or not. */
int
sim_db_has_host(struct sim *s, struct xerr *e)
{
	sqlite3_stmt	*st = sim_stmt(s, Q_HOST);
	int		 rc, rv;

	if ((rc = sqlite3_step(st)) == SQLITE_ROW || rc == SQLITE_DONE)
		rv = rc == SQLITE_ROW;
	else
		rv = db_fail(s->db, e, "sim_host");
	sqlite3_reset(st);
	return rv;
}

/*
 * Append the rows of query q to the host, each checked.  All of them
 * (Q_ALL) are checked together too: Domain-0 first, and within the
 * host's memory.  The number of rows, or -1.
 */
static int
load(struct simhost *h, enum sim_query q, uint32_t domid, struct xerr *e)
{
	sqlite3_stmt	*st = sim_stmt(h->s, q);
	struct simdom	 d;
	uint64_t	 used = 0;
	const char	*why;
	char		 buf[128];
	int		 rc, n = 0;

	if (q == Q_DOM)
		sqlite3_bind_int64(st, 1, domid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof(d));
		if (sim_read_row(h, st, sim_dom_fields, &d, e) == -1)
			goto fail;
		if ((why = sim_dom_fault(h, &d, buf, sizeof(buf))) != NULL) {
			sim_row_fail(h, st, 1, e, "%s", why);
			goto fail;
		}
		if (q == Q_ALL && n == 0 && d.domid != 0) {
			sim_row_fail(h, st, 1, e, "Domain-0 (domid 0) is "
			    "missing");
			goto fail;
		}
		used += d.mem_kb + (d.domid != 0 ? SIM_OVERHEAD_KB : 0);
		if (q == Q_ALL && used > h->memory_mib * 1024) {
			sim_row_fail(h, st, 1, e, "the domains use more than "
			    "the host's %llu MiB of memory",
			    (unsigned long long)h->memory_mib);
			goto fail;
		}
		if (h->each != NULL) {
			if (h->each(h, &d, h->each_arg) == -1)
				goto fail;
		} else
			simhost_append(h, &d);
		n++;
	}
	if (rc != SQLITE_DONE) {
		db_fail(h->s->db, e, "sim_dom");
		goto fail;
	}
	sqlite3_reset(st);
	if (q == Q_ALL && n == 0) {
		xerr_set(e, XE_STATE, "%s: sim_dom: Domain-0 (domid 0) is "
		    "missing; the database was left as it is",
		    h->s->db->path);
		return -1;
	}
	return n;
fail:
	sqlite3_reset(st);
	return -1;
}

/* One domain's row: 1 if appended, 0 if there is none, -1 on error. */
int
sim_db_dom(struct simhost *h, uint32_t domid, struct xerr *e)
{
	return load(h, Q_DOM, domid, e);
}

/* The rows of unpaused domains with a request pending. */
int
sim_db_pending(struct simhost *h, struct xerr *e)
{
	return load(h, Q_PENDING, 0, e) == -1 ? -1 : 0;
}

/* Every domain's row, Domain-0 first. */
int
sim_db_all(struct simhost *h, struct xerr *e)
{
	return load(h, Q_ALL, 0, e) == -1 ? -1 : 0;
}

/*
 * For completion: the domid, name and uuid of the domains whose names
 * begin with prefix, in name order, read from the index of names and
 * uuids alone, each value checked as a listing checks it.  Names are
 * ASCII, so a prefix with another byte begins none, and the range of
 * the index ends at the prefix with its last byte's successor.
 */
int
sim_db_named(struct simhost *h, const char *prefix, struct dominfo **out,
    size_t *np, struct xerr *e)
{
	sqlite3_stmt	*st;
	struct dominfo	*di = NULL;
	struct simdom	 d;
	char		 end[XLSH_NAME_MAX + 2];
	size_t		 n = 0, cap = 0, len = strlen(prefix), i;
	int		 rc;

	*out = NULL;
	*np = 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)prefix[i] >= 0x7f)
			return 0;
	if (len >= sizeof(end))
		return 0;
	st = sim_stmt(h->s, len == 0 ? Q_NAMED_ALL : Q_NAMED);
	if (len > 0) {
		memcpy(end, prefix, len + 1);
		end[len - 1]++;
		sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof(d));
		if (sim_read_cols(h, st, sim_dom_fields, 3, &d, e) == -1)
			break;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			di = xreallocarray(di, cap, sizeof(*di));
		}
		memset(&di[n], 0, sizeof(*di));
		di[n].domid = (uint32_t)d.domid;
		memcpy(di[n].name, d.name, sizeof(di[n].name));
		memcpy(di[n].uuid, d.uuid, sizeof(di[n].uuid));
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_fail(h->s->db, e, "sim_dom");
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(di);
		return -1;
	}
	*out = di;
	*np = n;
	return 0;
}

/* Run statement q on a row (base by tab) or, if tab is NULL, a domid. */
static int
write_row(struct simhost *h, enum sim_query q, const struct field *tab,
    const void *base, uint64_t domid, struct xerr *e)
{
	sqlite3_stmt	*st = sim_stmt(h->s, q);
	char		 what[48];
	int		 rc;

	if (tab != NULL)
		sim_bind_row(st, tab, base);
	else
		sqlite3_bind_int64(st, 1, (sqlite3_int64)domid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (tab == sim_host_fields)
		snprintf(what, sizeof(what), "sim_host");
	else
		snprintf(what, sizeof(what), "sim_dom domid %llu",
		    (unsigned long long)domid);
	if (h->importing) {
		xerr_set(e, XE_STATE, "%s: %s cannot be imported: %s; the "
		    "file was left as it is", h->s->path, what,
		    sqlite3_errmsg(h->s->db->h));
		return -1;
	}
	return db_fail(h->s->db, e, what);
}

/* Whether sim_db_flush has anything to write. */
int
sim_db_changed(const struct simhost *h)
{
	size_t	i;

	if (h->ngone != 0 || h->fresh || h->dirty)
		return 1;
	for (i = 0; i < h->ndoms; i++)
		if (h->doms[i].fresh || h->doms[i].dirty)
			return 1;
	return 0;
}

/*
 * Write back what changed: the rows of domains gone, then the host
 * row, then the domains changed or new.  A domain's row is written
 * whole; one that only the clock moved on is not written at all, as
 * settling it again from its older row comes to the same.
 */
int
sim_db_flush(struct simhost *h, struct xerr *e)
{
	struct simdom	*d;
	size_t		 i;

	for (i = 0; i < h->ngone; i++)
		if (write_row(h, Q_DELETE, NULL, NULL, h->gone[i], e) == -1 ||
		    write_row(h, Q_DISKS_DELETE, NULL, NULL, h->gone[i],
		    e) == -1 ||
		    write_row(h, Q_NICS_DELETE, NULL, NULL, h->gone[i],
		    e) == -1 ||
		    write_row(h, Q_VCPUS_DELETE, NULL, NULL, h->gone[i],
		    e) == -1 ||
		    write_row(h, Q_SCHED_DELETE, NULL, NULL, h->gone[i],
		    e) == -1)
			return -1;
	h->ngone = 0;
	if ((h->fresh || h->dirty) && write_row(h, h->fresh ? Q_HOST_INSERT :
	    Q_HOST_UPDATE, sim_host_fields, h, 0, e) == -1)
		return -1;
	h->fresh = h->dirty = 0;
	for (i = 0; i < h->ndoms; i++) {
		d = &h->doms[i];
		if ((d->fresh || d->dirty) && write_row(h, d->fresh ?
		    Q_INSERT : Q_UPDATE, sim_dom_fields, d, d->domid,
		    e) == -1)
			return -1;
		d->fresh = d->dirty = 0;
	}
	h->importing = 0;
	return 0;
}

/* The domid of the domain whose key ("name" or "uuid") is val: 1, or 0. */
int
sim_db_find(struct simhost *h, const char *key, const char *val,
    uint64_t *domid, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc, rv;

	st = sim_stmt(h->s, strcmp(key, "name") == 0 ? Q_NAME : Q_UUID);
	sqlite3_bind_text(st, 1, val, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*domid = (uint64_t)sqlite3_column_int64(st, 0);
		rv = 1;
	} else if (rc == SQLITE_DONE)
		rv = 0;
	else
		rv = db_fail(h->s->db, e, "sim_dom");
	sqlite3_reset(st);
	return rv;
}

/*
 * Free memory: the total less every domain's current memory (Domain-0
 * included) and a fixed 64 MiB per guest for Xen's own structures.
 * Shut-down domains kept by on_*=preserve still hold theirs.  Added up
 * by SQLite, not by loading every row: the sums are checked instead,
 * and a row that spoils them is found and named.
 */
int
sim_db_free_kb(struct simhost *h, uint64_t *out, struct xerr *e)
{
	sqlite3_stmt	*st = sim_stmt(h->s, Q_USED);
	sqlite3_int64	 n = 0, guests, sum;
	uint64_t	 used, total = h->memory_mib * 1024;
	int		 rc, ok = 0;

	/* Integers all (else SUM is not one), in range: then it adds up. */
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (n = sqlite3_column_int64(st, 0)) >= 1 && n <= SIM_DOMID_LIMIT &&
	    sqlite3_column_type(st, 2) == SQLITE_INTEGER &&
	    sqlite3_column_int64(st, 3) >= (sqlite3_int64)SIM_MIN_KB &&
	    sqlite3_column_int64(st, 4) <= (sqlite3_int64)SIM_MAX_KB) {
		guests = sqlite3_column_int64(st, 1);
		sum = sqlite3_column_int64(st, 2);
		used = (uint64_t)sum + (uint64_t)guests * SIM_OVERHEAD_KB;
		*out = used >= total ? 0 : total - used;
		ok = 1;
	} else if (rc != SQLITE_ROW)
		db_fail(h->s->db, e, "sim_dom");	/* e.g. an overflow */
	sqlite3_reset(st);
	if (ok)
		return 0;
	st = sim_stmt(h->s, Q_BADMEM);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)SIM_MIN_KB);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)SIM_MAX_KB);
	if (sqlite3_step(st) == SQLITE_ROW)
		sim_bad_value(h, st, 1, 1, "mem_kb", e);
	else if (rc == SQLITE_ROW)
		xerr_set(e, XE_STATE, "%s: sim_dom: %s; the database was "
		    "left as it is", h->s->db->path, n == 0 ?
		    "Domain-0 (domid 0) is missing" : "more rows than domids");
	sqlite3_reset(st);
	return -1;
}
