/*
 * The verb table: every verb, indexed by its id.  One table, compiled
 * into both xlsh and xlshd, drives lookup, argument validation,
 * completion, help and the policy vocabulary; tests/verbs-man.sh checks
 * that each verb is in xlsh(1).  Each verb is defined in its family's
 * file: verb_info.c (reading the host), verb_vm.c (a domain's life and
 * settings), verb_dev.c (the storage pool, devices and images),
 * verb_xe.c (xe's names); the shell's own verbs here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>

#include "xlsh.h"
#include "verb_table.h"

const struct verb verb_help = {
	.id = V_HELP, .name = "help", .flags = VF_LOCAL,
	.role = ROLE_NONE,
	.args = { { .type = A_VERB, .meta = "VERB", .optional = 1 } },
	.summary = "list the verbs, or describe one",
	.example = "help shutdown",
};

const struct verb verb_whoami = {
	.id = V_WHOAMI, .name = "whoami", .flags = VF_LOCAL,
	.role = ROLE_NONE,
	.summary = "show who you are, your role and limits",
	.example = "whoami",
};

const struct verb verb_history = {
	.id = V_HISTORY, .name = "history", .flags = VF_LOCAL,
	.role = ROLE_NONE,
	.summary = "list the lines typed at the prompt",
	.example = "history",
};

const struct verb verb_exit = {
	.id = V_EXIT, .name = "exit", .alias = "logout",
	.role = ROLE_NONE,
	.flags = VF_LOCAL,
	.summary = "end the session",
	.example = "exit",
};

const struct verb verb_top = {
	.id = V_TOP, .name = "top", .flags = VF_LOCAL,
	.role = ROLE_READ_ONLY,
	.summary = "watch the domains, as xentop; q quits",
	.example = "top",
};

const struct verb verb_lesson = {
	.id = V_LESSON, .name = "lesson", .flags = VF_SELF,
	.role = ROLE_NONE,
	.args = { { .type = A_WORD, .optional = 1,
		    .meta = "N|hint|reset|answer|status" },
		  { .type = A_WORD, .optional = 1,
		    .meta = "N|WORD" } },
	.summary = "guided exercises: list, start, hint, answer",
	.example = "lesson 2",
};

const struct verb *const verbs[V__COUNT] = {
	[V_HELP] = &verb_help,
	[V_WHOAMI] = &verb_whoami,
	[V_HISTORY] = &verb_history,
	[V_EXIT] = &verb_exit,
	[V_LIST] = &verb_list,
	[V_VM_LIST] = &verb_vm_list,
	[V_INFO] = &verb_info,
	[V_UPTIME] = &verb_uptime,
	[V_VCPU_LIST] = &verb_vcpu_list,
	[V_DOMID] = &verb_domid,
	[V_DOMNAME] = &verb_domname,
	[V_TEMPLATES] = &verb_templates,
	[V_QUOTA] = &verb_quota,
	[V_DMESG] = &verb_dmesg,
	[V_CREATE] = &verb_create,
	[V_SHUTDOWN] = &verb_shutdown,
	[V_REBOOT] = &verb_reboot,
	[V_DESTROY] = &verb_destroy,
	[V_PAUSE] = &verb_pause,
	[V_UNPAUSE] = &verb_unpause,
	[V_RENAME] = &verb_rename,
	[V_MEM_SET] = &verb_mem_set,
	[V_MEM_MAX] = &verb_mem_max,
	[V_VCPU_SET] = &verb_vcpu_set,
	[V_CONSOLE] = &verb_console,
	[V_VOL_LIST] = &verb_vol_list,
	[V_VOL_CREATE] = &verb_vol_create,
	[V_VOL_SNAPSHOT] = &verb_vol_snapshot,
	[V_VOL_RESIZE] = &verb_vol_resize,
	[V_VOL_DELETE] = &verb_vol_delete,
	[V_BLOCK_LIST] = &verb_block_list,
	[V_BLOCK_ATTACH] = &verb_block_attach,
	[V_BLOCK_DETACH] = &verb_block_detach,
	[V_NETWORK_LIST] = &verb_network_list,
	[V_NETWORK_ATTACH] = &verb_network_attach,
	[V_NETWORK_DETACH] = &verb_network_detach,
	[V_SYSRQ] = &verb_sysrq,
	[V_XE_VM_START] = &verb_xe_vm_start,
	[V_XE_VM_SHUTDOWN] = &verb_xe_vm_shutdown,
	[V_XE_VM_REBOOT] = &verb_xe_vm_reboot,
	[V_XE_VM_PAUSE] = &verb_xe_vm_pause,
	[V_XE_VM_UNPAUSE] = &verb_xe_vm_unpause,
	[V_XE_VM_INSTALL] = &verb_xe_vm_install,
	[V_XE_VM_UNINSTALL] = &verb_xe_vm_uninstall,
	[V_XE_VM_PARAM_GET] = &verb_xe_vm_param_get,
	[V_XE_VM_PARAM_SET] = &verb_xe_vm_param_set,
	[V_XE_HOST_LIST] = &verb_xe_host_list,
	[V_TOP] = &verb_top,
	[V_VCPU_PIN] = &verb_vcpu_pin,
	[V_SCHED_CREDIT2] = &verb_sched_credit2,
	[V_SAVE] = &verb_save,
	[V_RESTORE] = &verb_restore,
	[V_IMAGES] = &verb_images,
	[V_IMAGE_DELETE] = &verb_image_delete,
	[V_LESSON] = &verb_lesson,
};
