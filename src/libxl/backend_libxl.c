/*
 * The real backend: libxl on a Xen Dom0.  Its table of operations, and
 * the one symbol the module backend-libxl.so exports, which gives the
 * helper the table; the context and the logger are in lx_ctx.c, the
 * operations in lx_info.c (those that only read) and lx_domain.c
 * (those that change a domain).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>

#include "backend/backend.h"
#include "lx.h"

static const struct backend backend_libxl = {
	.name =		"libxl",
	.priv =		NULL,
	.open =		lx_open,
	.close =	lx_close,
	.domains =	lx_domains,
	.lookup =	lx_lookup,
	.host =		lx_host,
	.vcpus =	lx_vcpus,
	.create =	lx_create,
	.shutdown =	lx_shutdown,
	.destroy =	lx_destroy,
	.pause =	lx_pause,
	.rename =	lx_rename,
	.mem_set =	lx_mem_set,
	.mem_max =	lx_mem_max,
	.vcpu_set =	lx_vcpu_set,
	.list_long =	lx_list_long,
	.console =	lx_console,
	.dmesg =	lx_dmesg,
	.pool =		lx_pool,
	.vols =		lx_vols,
	.vol =		lx_vol,
	.vol_create =	lx_vol_create,
	.vol_resize =	lx_vol_resize,
	.vol_delete =	lx_vol_delete,
	.disks =	lx_disks,
	.disk_attach =	lx_disk_attach,
	.disk_detach =	lx_disk_detach,
	.nics =		lx_nics,
	.vcpu_pin =	lx_vcpu_pin,
	.cpupools =	lx_cpupools,
	.sched_get =	lx_sched_get,
	.sched_set =	lx_sched_set,
	.nic_attach =	lx_nic_attach,
	.nic_detach =	lx_nic_detach,
	.sysrq =	lx_sysrq,
	.save =		lx_save,
	.restore =	lx_restore
};

/*
 * The module is built with its symbols hidden: this one alone, which
 * backend.h declares visible, is seen.
 */
const struct backend *
xlsh_backend_module(unsigned int abi)
{
	return abi == BACKEND_ABI ? &backend_libxl : NULL;
}
