/*
 * The libxl backend's shared parts: its logger and its per-process
 * state (lx_ctx.c), its operations (lx_domain.c, lx_info.c),
 * list -l's JSON (lx_json.c), scheduling (lx_sched.c) and the domain
 * monitor (lx_monitor.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef LX_H
#define LX_H

#include <stddef.h>
#include <stdint.h>

#include <libxl.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"

#define REASON_MAX	200		/* bytes of libxl's reason kept */

/* A logger of our own.  libxl is given &vt, which comes first. */
struct lxlog {
	struct xentoollog_logger vt;
	int	quiet;			/* keep errors, log nothing */
	char	reason[REASON_MAX];	/* the first error since the reset */
	void	(*tick)(void *);	/* set while a save runs */
	void	*tick_arg;
};

struct lx {
	libxl_ctx	*ctx;
	struct lxlog	 log;
	char		 vg[XLSH_VOL_MAX + 1];	/* the storage pool; "" */
	char		 thin[XLSH_VOL_MAX + 1];
};

/* lx_ctx.c */
int	lx_open(struct backend *, const struct backend_args *, struct xerr *);
void	lx_close(struct backend *);
void	lxlog_init(struct lxlog *);
struct lx *lx_begin(struct backend *);
int	lx_fail(struct lx *, int, uint32_t, const char *, struct xerr *);
int	lx_info(struct lx *, uint32_t, libxl_dominfo *, struct xerr *);

/* lx_domain.c */
int	lx_room(struct lx *, libxl_domain_config *, const char *,
	    struct xerr *);
int	lx_create(struct backend *, const struct domcfg *, uint32_t *,
	    struct xerr *);
int	lx_shutdown(struct backend *, uint32_t, int, struct xerr *);
int	lx_destroy(struct backend *, uint32_t, struct xerr *);
int	lx_pause(struct backend *, uint32_t, int, struct xerr *);
int	lx_rename(struct backend *, uint32_t, const char *, struct xerr *);
int	lx_mem_set(struct backend *, uint32_t, uint64_t, struct xerr *);
int	lx_mem_max(struct backend *, uint32_t, uint64_t, struct xerr *);
int	lx_vcpu_set(struct backend *, uint32_t, uint32_t, struct xerr *);

/* lx_info.c */
int	lx_domains(struct backend *, struct dominfo **, size_t *,
	    struct xerr *);
int	lx_host(struct backend *, struct hostinfo *, struct xerr *);
int	lx_vcpus(struct backend *, uint32_t, struct vcpuinfo **, size_t *,
	    uint32_t *, struct xerr *);
int	lx_list_long(struct backend *, const struct dominfo *, size_t,
	    char **, struct xerr *);
int	lx_console(struct backend *, uint32_t, int *, struct xerr *);
int	lx_dmesg(struct backend *, int, char **, struct xerr *);

/* lx_json.c */
int	lx_json_write(const struct dominfo *, size_t,
	    int (*)(const struct dominfo *, libxl_domain_config *, void *),
	    void *, char **, struct xerr *);

/* lx_lookup.c */
uint64_t lx_boot_time(void);
void	lx_dominfo(struct lx *, const libxl_dominfo *, uint64_t,
	    struct dominfo *);
int	lx_lookup(struct backend *, const struct domkey *, struct dominfo *,
	    struct xerr *);

/* lx_device.c */
int	lx_disks(struct backend *, uint32_t, struct diskinfo **, size_t *,
	    struct xerr *);
int	lx_disk_attach(struct backend *, uint32_t, const struct diskspec *,
	    struct xerr *);
int	lx_disk_detach(struct backend *, uint32_t, const char *,
	    struct xerr *);
int	lx_nics(struct backend *, uint32_t, struct nicinfo **, size_t *,
	    struct xerr *);
int	lx_nic_attach(struct backend *, uint32_t, const struct nicspec *,
	    uint32_t *, struct xerr *);
int	lx_nic_detach(struct backend *, uint32_t, uint32_t, struct xerr *);
int	lx_sysrq(struct backend *, uint32_t, char, struct xerr *);

/* lx_pool.c */
int	lx_pool(struct backend *, struct poolinfo *, struct xerr *);
int	lx_vols(struct backend *, struct volinfo **, size_t *,
	    struct xerr *);
int	lx_vol(struct backend *, const char *, struct volinfo *,
	    struct xerr *);
int	lx_vol_create(struct backend *, const char *, uint64_t,
	    const char *, struct xerr *);
int	lx_vol_resize(struct backend *, const char *, uint64_t,
	    struct xerr *);
int	lx_vol_delete(struct backend *, const char *, struct xerr *);

/* lx_sched.c */
int	lx_vcpu_pin(struct backend *, uint32_t, uint32_t, const char *,
	    const char *, struct xerr *);
int	lx_cpupools(struct backend *, struct cpupoolinfo **, size_t *,
	    struct xerr *);
int	lx_sched_get(struct backend *, uint32_t, struct schedinfo *,
	    struct xerr *);
int	lx_sched_set(struct backend *, uint32_t, uint32_t, uint32_t,
	    struct xerr *);

/* lx_save.c */
int	lx_save(struct backend *, uint32_t, int, unsigned int,
	    void (*)(void *), void *, struct xerr *);
int	lx_restore(struct backend *, int, const char *, int, uint32_t *,
	    struct xerr *);

/* lx_monitor.c */
void	monitor_start(struct lx *, uint32_t, libxl_domain_config *);

#endif /* LX_H */
