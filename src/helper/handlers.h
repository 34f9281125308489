/*
 * Serving requests: request.c dispatches a request to its verb's
 * handler, one file per verb family (srv_info.c, srv_vmcontrol.c,
 * srv_xe.c, srv_vmlife.c, srv_console.c, srv_storage.c, srv_device.c,
 * srv_sysrq.c).
 * Every handler returns 0, or -1 with the reason in its struct xerr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef HANDLERS_H
#define HANDLERS_H

#include <stdio.h>

#include "session.h"

/* request.c: a REQUEST's words, answered with DONE. */
int	serve_request(struct session *, int, char **);

/* srv_info.c */
/* The host, with the machine's own name in system mode. */
int	host_info(struct session *, struct hostinfo *, struct xerr *);
int	srv_list(struct session *, const struct request *, struct xerr *);
int	srv_vm_list(struct session *, const struct request *, struct xerr *);
int	srv_info(struct session *, const struct request *, struct xerr *);
int	srv_dmesg(struct session *, const struct request *, struct xerr *);
int	srv_uptime(struct session *, const struct request *, struct xerr *);
int	srv_vcpu_list(struct session *, const struct request *,
	    struct xerr *);
int	srv_domid(struct session *, const struct request *, struct xerr *);
int	srv_domname(struct session *, const struct request *, struct xerr *);

/* srv_names.c */
int	srv_templates(struct session *, const struct request *,
	    struct xerr *);
int	srv_names(struct session *, uint32_t, const struct verb *,
	    const char *, struct xerr *);

/* srv_vmcontrol.c */
int	srv_create(struct session *, const struct request *, struct xerr *);
int	srv_shutdown(struct session *, const struct request *,
	    struct xerr *);
int	srv_destroy(struct session *, const struct request *, struct xerr *);
int	srv_pause(struct session *, const struct request *, struct xerr *);
int	srv_rename(struct session *, const struct request *, struct xerr *);
int	srv_mem_set(struct session *, const struct request *, struct xerr *);
int	srv_mem_max(struct session *, const struct request *, struct xerr *);
int	srv_vcpu_set(struct session *, const struct request *,
	    struct xerr *);

/* srv_xe.c */
int	srv_vm_param_get(struct session *, const struct request *,
	    struct xerr *);
int	srv_host_list(struct session *, const struct request *,
	    struct xerr *);
int	srv_quota(struct session *, const struct request *, struct xerr *);

/* srv_vmlife.c */
int	srv_vm_install(struct session *, const struct request *,
	    struct xerr *);
int	srv_vm_start(struct session *, const struct request *, struct xerr *);
int	srv_vm_uninstall(struct session *, const struct request *,
	    struct xerr *);
int	srv_vm_param_set(struct session *, const struct request *,
	    struct xerr *);

/* srv_storage.c */
int	srv_vol_list(struct session *, const struct request *, struct xerr *);
int	srv_vol_create(struct session *, const struct request *,
	    struct xerr *);
int	srv_vol_snapshot(struct session *, const struct request *,
	    struct xerr *);
int	srv_vol_resize(struct session *, const struct request *,
	    struct xerr *);
int	srv_vol_delete(struct session *, const struct request *,
	    struct xerr *);

/* srv_device.c */
int	srv_block_list(struct session *, const struct request *,
	    struct xerr *);
int	srv_block_attach(struct session *, const struct request *,
	    struct xerr *);
int	srv_block_detach(struct session *, const struct request *,
	    struct xerr *);
int	srv_network_list(struct session *, const struct request *,
	    struct xerr *);
int	srv_network_attach(struct session *, const struct request *,
	    struct xerr *);
int	srv_network_detach(struct session *, const struct request *,
	    struct xerr *);

/* srv_sysrq.c */
int	srv_sysrq(struct session *, const struct request *, struct xerr *);

/* srv_sched.c */
int	srv_vcpu_pin(struct session *, const struct request *, struct xerr *);
int	srv_sched_credit2(struct session *, const struct request *,
	    struct xerr *);

/* srv_save.c */
int	srv_save(struct session *, const struct request *, struct xerr *);
int	srv_restore(struct session *, const struct request *, struct xerr *);

/* srv_image.c */
int	srv_images(struct session *, const struct request *, struct xerr *);
int	srv_image_delete(struct session *, const struct request *,
	    struct xerr *);
int	image_path(struct session *, const char *, char *, size_t,
	    struct xerr *);

/* srv_storage.c: virsh's table (vol-list, images). */
#define VSH_COLS	5
void	vsh_table(FILE *, char *(*)[VSH_COLS], size_t, int);
const char *vsh_capacity(char *, size_t, uint64_t);

/* srv_lesson.c */
int	srv_lesson(struct session *, const struct request *, struct xerr *);

/* srv_console.c */
int	srv_console(struct session *, const struct request *, struct xerr *);
int	console_pass(struct session *, const struct dominfo *, struct xerr *);

#endif /* HANDLERS_H */
