/*
 * The libxl backend's operations that change a domain: create,
 * shutdown and reboot, destroy, pause and unpause, rename, mem-set,
 * mem-max and vcpu-set.
 *
 * xl create leaves a process behind for each domain, which waits for
 * the domain to shut down and carries out on_poweroff, on_reboot and
 * on_crash.  create does the same here: see lx_monitor.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <libxl.h>
#include <libxl_utils.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

#define LX_MIN_KB	(16 * 1024)	/* the least mem-set, as the sim's */

/*
 * May a domain of this configuration be made, under this name: is the
 * name free, and is there room for it in free memory?
 */
int
lx_room(struct lx *lx, libxl_domain_config *d, const char *name,
    struct xerr *e)
{
	uint32_t	other;
	uint64_t	need = 0, avail = 0;
	int		lrc;

	/* Not found is ERROR_INVAL, the only answer wanted. */
	if ((lrc = libxl_name_to_domid(lx->ctx, name, &other)) == 0) {
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", name);
		return -1;
	}
	if (lrc != ERROR_INVAL)
		return lx_fail(lx, lrc, 0, "libxl_name_to_domid", e);
	if ((lrc = libxl_domain_need_memory(lx->ctx, d, INVALID_DOMID,
	    &need)) != 0)
		return lx_fail(lx, lrc, 0, "libxl_domain_need_memory", e);
	if ((lrc = libxl_get_free_memory(lx->ctx, &avail)) != 0)
		return lx_fail(lx, lrc, 0, "libxl_get_free_memory", e);
	if (need > avail) {
		xerr_set(e, XE_NOMEM, "not enough free memory for domain "
		    "\"%s\": needs %llu MiB, %llu MiB free", name,
		    (unsigned long long)((need + 1023) / 1024),
		    (unsigned long long)(avail / 1024));
		return -1;
	}
	return 0;
}

/*
 * xl create without its options: build, unpause, and leave a monitor
 * behind.  Dom0 is not ballooned down to make room (xl's autoballoon):
 * a guest that does not fit in free memory is refused.
 */
int
lx_create(struct backend *b, const struct domcfg *cfg, uint32_t *domidp,
    struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_domain_config	 d;
	uint32_t		 domid = INVALID_DOMID;
	int			 lrc, rc = -1;

	libxl_domain_config_init(&d);
	if (xlcfg_libxl(cfg, &d, e) == -1 || lx_room(lx, &d, cfg->name,
	    e) == -1)
		goto out;
	/* Returns once the domain is built, paused, not when it boots. */
	if ((lrc = libxl_domain_create_new(lx->ctx, &d, &domid, NULL,
	    NULL)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_domain_create_new", e);
		/* libxl tears down what it began; as xl, make sure. */
		if (libxl_domid_valid_guest(domid))
			libxl_domain_destroy(lx->ctx, domid, NULL);
		goto out;
	}
	if ((lrc = libxl_domain_unpause(lx->ctx, domid, NULL)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_domain_unpause", e);
		libxl_domain_destroy(lx->ctx, domid, NULL);
		goto out;
	}
	monitor_start(lx, domid, &d);
	*domidp = domid;
	rc = 0;
out:
	libxl_domain_config_dispose(&d);
	return rc;
}

/*
 * A request through the guest's PV drivers.  A guest without them (an
 * HVM guest without the Xen platform device, or still in its firmware)
 * cannot be asked: as xl shutdown -F, SHUT_FALLBACK presses its ACPI
 * power button (reboot: its reset button) instead, and returns 1.
 */
int
lx_shutdown(struct backend *b, uint32_t domid, int flags, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	 info;
	int		 reboot = (flags & SHUT_REBOOT) != 0, lrc, rc = -1;

	libxl_dominfo_init(&info);
	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be shut down this way");
		goto out;
	}
	if (lx_info(lx, domid, &info, e) == -1)
		goto out;
	if (info.shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u is already shut down", domid);
		goto out;
	}
	lrc = reboot ? libxl_domain_reboot(lx->ctx, domid, NULL) :
	    libxl_domain_shutdown(lx->ctx, domid, NULL);
	if (lrc == ERROR_NOPARAVIRT && (flags & SHUT_FALLBACK)) {
		if ((lrc = libxl_send_trigger(lx->ctx, domid, reboot ?
		    LIBXL_TRIGGER_RESET : LIBXL_TRIGGER_POWER, 0,
		    NULL)) != 0) {
			lx_fail(lx, lrc, domid, "libxl_send_trigger", e);
			goto out;
		}
		rc = 1;
		goto out;
	}
	if (lrc == ERROR_NOPARAVIRT) {
		xerr_set(e, XE_INVAL, "PV control interface not available: "
		    "external graceful %s not possible. Use \"-F\" to "
		    "fallback to ACPI %s event.", reboot ? "reboot" :
		    "shutdown", reboot ? "reset" : "power");
		goto out;
	}
	if (lrc != 0) {
		lx_fail(lx, lrc, domid, reboot ? "libxl_domain_reboot" :
		    "libxl_domain_shutdown", e);
		goto out;
	}
	rc = 0;
out:
	libxl_dominfo_dispose(&info);
	return rc;
}

/* The monitor sees the domain die and ends. */
int
lx_destroy(struct backend *b, uint32_t domid, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	int		 lrc;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be destroyed");
		return -1;
	}
	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	if ((lrc = libxl_domain_destroy(lx->ctx, domid, NULL)) != 0)
		return lx_fail(lx, lrc, domid, "libxl_domain_destroy", e);
	return 0;
}

int
lx_pause(struct backend *b, uint32_t domid, int pause, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	int		 lrc;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be %s",
		    pause ? "paused" : "unpaused");
		return -1;
	}
	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	lrc = pause ? libxl_domain_pause(lx->ctx, domid, NULL) :
	    libxl_domain_unpause(lx->ctx, domid, NULL);
	if (lrc != 0)
		return lx_fail(lx, lrc, domid, pause ? "libxl_domain_pause" :
		    "libxl_domain_unpause", e);
	return 0;
}

/*
 * libxl takes any bytes for a name (shared/REFERENCE.md 1.6): the name
 * is checked here, and the old one is passed so that libxl renames
 * only the domain that still bears it.
 */
int
lx_rename(struct backend *b, uint32_t domid, const char *name,
    struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	char		*old = NULL, show[XLSH_NAME_MAX + 1];
	uint32_t	 other;
	int		 lrc, rc = -1;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be renamed");
		goto out;
	}
	if (!valid_domain_name(name)) {
		strvis_name(show, sizeof(show), name);
		xerr_set(e, XE_INVAL, "\"%s\" is not a valid domain name",
		    show);
		goto out;
	}
	if (lx_info(lx, domid, NULL, e) == -1)
		goto out;
	if ((old = libxl_domid_to_name(lx->ctx, domid)) == NULL) {
		lx_fail(lx, ERROR_FAIL, domid, "libxl_domid_to_name", e);
		goto out;
	}
	if ((lrc = libxl_name_to_domid(lx->ctx, name, &other)) == 0) {
		if (other != domid) {
			xerr_set(e, XE_EXISTS, "Domain with name \"%s\" "
			    "already exists.", name);
			goto out;
		}
		rc = 0;		/* its name already */
		goto out;
	}
	if (lrc != ERROR_INVAL) {
		lx_fail(lx, lrc, domid, "libxl_name_to_domid", e);
		goto out;
	}
	if ((lrc = libxl_domain_rename(lx->ctx, domid, old, name)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_domain_rename", e);
		goto out;
	}
	rc = 0;
out:
	free(old);
	return rc;
}

/*
 * xl mem-set: a new target, enforced as the domain's maximum.  Above
 * the configured maxmem libxl refuses with the sim's very words
 * ("memory_dynamic_max must be ..."): it compares with the maxmem it
 * recorded, not with dominfo's max_memkb, which after an enforced
 * mem-set is the last target.
 */
int
lx_mem_set(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	 info;
	uint64_t	 avail = 0;
	int		 lrc, rc = -1;

	libxl_dominfo_init(&info);
	if (kb < LX_MIN_KB) {
		xerr_set(e, XE_INVAL, "a memory target of %llu KiB is below "
		    "the minimum of %d MiB", (unsigned long long)kb,
		    LX_MIN_KB / 1024);
		goto out;
	}
	if (kb > INT64_MAX) {
		xerr_set(e, XE_INVAL, "a memory target of %llu KiB is too "
		    "large", (unsigned long long)kb);
		goto out;
	}
	if (lx_info(lx, domid, &info, e) == -1)
		goto out;
	if ((lrc = libxl_get_free_memory(lx->ctx, &avail)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_get_free_memory", e);
		goto out;
	}
	if (kb > info.current_memkb && kb - info.current_memkb > avail) {
		xerr_set(e, XE_NOMEM, "not enough free memory to give domain "
		    "%u %llu MiB: needs %llu MiB more, %llu MiB free", domid,
		    (unsigned long long)(kb / 1024),
		    (unsigned long long)((kb - info.current_memkb + 1023) /
		    1024), (unsigned long long)(avail / 1024));
		goto out;
	}
	if ((lrc = libxl_set_memory_target(lx->ctx, domid, (int64_t)kb, 0,
	    1)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_set_memory_target", e);
		goto out;
	}
	rc = 0;
out:
	libxl_dominfo_dispose(&info);
	return rc;
}

/*
 * xl mem-max.  libxl_domain_setmaxmem refuses a maximum below the
 * current target, and returns 1, not an ERROR_*, for that.
 */
int
lx_mem_max(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	int		 lrc;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	if ((lrc = libxl_domain_setmaxmem(lx->ctx, domid, kb)) != 0)
		return lx_fail(lx, lrc > 0 ? ERROR_INVAL : lrc, domid,
		    "libxl_domain_setmaxmem", e);
	return 0;
}

/* xl vcpu-set: vcpus 0 to n-1 online, the others offline. */
int
lx_vcpu_set(struct backend *b, uint32_t domid, uint32_t n, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	 info;
	libxl_bitmap	 map;
	uint32_t	 i, max;
	int		 lrc, rc = -1;

	libxl_dominfo_init(&info);
	libxl_bitmap_init(&map);
	if (lx_info(lx, domid, &info, e) == -1)
		goto out;
	max = info.vcpu_max_id + 1;
	if (n == 0) {
		xerr_set(e, XE_INVAL, "a domain needs at least one vcpu");
		goto out;
	}
	if (n > max) {
		xerr_set(e, XE_INVAL, "Requested %u VCPUs, however maxcpus is "
		    "%u!", n, max);
		goto out;
	}
	if ((lrc = libxl_cpu_bitmap_alloc(lx->ctx, &map, (int)n)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_cpu_bitmap_alloc", e);
		goto out;
	}
	for (i = 0; i < n; i++)
		libxl_bitmap_set(&map, (int)i);
	if ((lrc = libxl_set_vcpuonline(lx->ctx, domid, &map, NULL)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_set_vcpuonline", e);
		goto out;
	}
	rc = 0;
out:
	libxl_bitmap_dispose(&map);
	libxl_dominfo_dispose(&info);
	return rc;
}
