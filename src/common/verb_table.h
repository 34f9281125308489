/*
 * The verb table's parts: each verb's definition, in its family's file,
 * and the shorthands they share.  Only src/common/verb*.c include it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef VERB_TABLE_H
#define VERB_TABLE_H

#define JSON_OPT	{ 'j', "print JSON instead of xl's table", "json" }
#define DOM(m)		{ .type = A_DOMAIN, .meta = (m) }
#define DOMS(m)		{ .type = A_DOMAIN, .meta = (m), .optional = 1, \
			  .repeat = 1 }

extern const struct verb verb_help;
extern const struct verb verb_whoami;
extern const struct verb verb_history;
extern const struct verb verb_exit;
extern const struct verb verb_list;
extern const struct verb verb_vm_list;
extern const struct verb verb_info;
extern const struct verb verb_uptime;
extern const struct verb verb_vcpu_list;
extern const struct verb verb_domid;
extern const struct verb verb_domname;
extern const struct verb verb_templates;
extern const struct verb verb_quota;
extern const struct verb verb_dmesg;
extern const struct verb verb_create;
extern const struct verb verb_shutdown;
extern const struct verb verb_reboot;
extern const struct verb verb_destroy;
extern const struct verb verb_pause;
extern const struct verb verb_unpause;
extern const struct verb verb_rename;
extern const struct verb verb_mem_set;
extern const struct verb verb_mem_max;
extern const struct verb verb_vcpu_set;
extern const struct verb verb_console;
extern const struct verb verb_vol_list;
extern const struct verb verb_vol_create;
extern const struct verb verb_vol_snapshot;
extern const struct verb verb_vol_resize;
extern const struct verb verb_vol_delete;
extern const struct verb verb_block_list;
extern const struct verb verb_block_attach;
extern const struct verb verb_block_detach;
extern const struct verb verb_network_list;
extern const struct verb verb_network_attach;
extern const struct verb verb_network_detach;
extern const struct verb verb_sysrq;
extern const struct verb verb_xe_vm_start;
extern const struct verb verb_xe_vm_shutdown;
extern const struct verb verb_xe_vm_reboot;
extern const struct verb verb_xe_vm_pause;
extern const struct verb verb_xe_vm_unpause;
extern const struct verb verb_xe_vm_install;
extern const struct verb verb_xe_vm_uninstall;
extern const struct verb verb_xe_vm_param_get;
extern const struct verb verb_xe_vm_param_set;
extern const struct verb verb_xe_host_list;
extern const struct verb verb_top;
extern const struct verb verb_vcpu_pin;
extern const struct verb verb_sched_credit2;
extern const struct verb verb_save;
extern const struct verb verb_restore;
extern const struct verb verb_images;
extern const struct verb verb_image_delete;
extern const struct verb verb_lesson;

#endif /* VERB_TABLE_H */
