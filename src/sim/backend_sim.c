/*
 * The simulated Xen host of the sandbox and of the tests: its table of
 * operations.  sim.h says which file holds what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "backend/backend.h"
#include "sim.h"

const struct backend backend_sim = {
	.name =		"sim",
	.priv =		NULL,
	.open =		sim_open,
	.close =	sim_close,
	.domains =	sim_domains,
	.named =	sim_named,
	.lookup =	sim_lookup,
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
	.list_long =	sim_list_long,
	.pool =		sim_pool,
	.vols =		sim_vols,
	.vol =		sim_vol,
	.vol_create =	sim_vol_create,
	.vol_resize =	sim_vol_resize,
	.vol_delete =	sim_vol_delete,
	.disks =	sim_disks,
	.disk_attach =	sim_disk_attach,
	.disk_detach =	sim_disk_detach,
	.nics =		sim_nics,
	.vcpu_pin =	sim_vcpu_pin,
	.cpupools =	sim_cpupools,
	.sched_get =	sim_sched_get,
	.sched_set =	sim_sched_set,
	.nic_attach =	sim_nic_attach,
	.nic_detach =	sim_nic_detach,
	.sysrq =	sim_sysrq,
	.save =		sim_save,
	.restore =	sim_restore
};
