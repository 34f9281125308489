/*
 * A host where the database has none: a new one, booted now, or the
 * one an older xlshd kept in the text file STATE_DIR/host (sim_load.c
 * reads it).  That file is imported once, when the backend is opened
 * (sim_open) and finds no host row, in a transaction of its own, and
 * then renamed to
 * host.imported, never deleted; a file that does not read back is
 * reported with its line, as it always was, and left where it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

static void	new_host(struct simhost *);

static void
new_host(struct simhost *h)
{
	struct simdom	d;

	h->boot_ms = h->now;
	h->next_domid = 1;
	h->cpus = SIM_CPUS;
	h->memory_mib = SIM_MEMORY_MIB;
	h->fresh = 1;
	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "Domain-0");
	d.type = 0;
	d.mem_kb = d.maxmem_kb = SIM_DOM0_KB;
	d.vcpus = d.maxvcpus = SIM_DOM0_VCPUS;
	d.on_poweroff = ACT_DESTROY;
	d.on_reboot = ACT_RESTART;
	d.on_crash = ACT_DESTROY;
	d.created_ms = d.start_ms = d.settled_ms = h->now;
	d.fresh = 1;
	simhost_append(h, &d);
}

/*
 * The host and its domains, all new rows for sim_db_flush: the old
 * file's if there is one, else a new host.
 */
int
simhost_create(struct sim *s, struct simhost *h, struct xerr *e)
{
	size_t	i;

	if (simhost_load(s, h, e) == -1)
		return -1;
	if (h->ndoms == 0) {
		new_host(h);
		return 0;
	}
	h->fresh = 1;
	h->imported = h->ndoms;
	h->importing = 1;
	for (i = 0; i < h->ndoms; i++) {
		h->doms[i].fresh = 1;
		/* What the database's signed integers can hold. */
		if (h->doms[i].cpu_ns > SIM_CPU_NS_MAX)
			h->doms[i].cpu_ns = SIM_CPU_NS_MAX;
	}
	return 0;
}

/*
 * The import is committed: the file goes aside, kept.  Were the
 * rename to fail, the file stays where it is; as the database has a
 * host now, it is not read again.
 */
void
simhost_imported(struct sim *s, const struct simhost *h)
{
	int	dfd;

	if (renameat2(AT_FDCWD, s->path, AT_FDCWD, s->imported,
	    RENAME_NOREPLACE) == -1) {
		slog("imported the simulated host from %s (%zu domains); "
		    "the file stays, as it could not be renamed to %s: %s",
		    s->path, h->imported, s->imported, strerror(errno));
		return;
	}
	if ((dfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	slog("imported the simulated host from %s (%zu domains); the file "
	    "is kept as %s", s->path, h->imported, s->imported);
}
