/*
 * xe's verbs: VM records, their lifecycle and the host's record (verb.c
 * holds the table).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>

#include "xlsh.h"
#include "verb_table.h"

const struct verb verb_vm_list = {
	.id = V_VM_LIST, .name = "vm-list",
	.role = ROLE_READ_ONLY,
	.summary = "xe style: list VMs, halted ones too",
	.example = "vm-list",
};

const struct verb verb_xe_vm_start = {
	.id = V_XE_VM_START, .name = "vm-start",
	.role = ROLE_VM_OPERATOR,
	.flags = VF_MODIFIES,
	.args = { { .type = A_VM, .key = "vm", .meta = "VM" } },
	.summary = "xe style: start a halted VM",
	.example = "vm-start vm=web",
};

const struct verb verb_xe_vm_shutdown = {
	.id = V_XE_VM_SHUTDOWN, .name = "vm-shutdown", .xl = V_SHUTDOWN,
	.role = ROLE_VM_OPERATOR,
	.flags = VF_MODIFIES,
	.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
	.summary = "xe style: shut a domain down and wait",
	.example = "vm-shutdown vm=web",
};

const struct verb verb_xe_vm_reboot = {
	.id = V_XE_VM_REBOOT, .name = "vm-reboot", .xl = V_REBOOT,
	.role = ROLE_VM_OPERATOR,
	.flags = VF_MODIFIES,
	.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
	.summary = "xe style: reboot a domain",
	.example = "vm-reboot vm=web",
};

const struct verb verb_xe_vm_pause = {
	.id = V_XE_VM_PAUSE, .name = "vm-pause", .xl = V_PAUSE,
	.role = ROLE_VM_OPERATOR,
	.flags = VF_MODIFIES,
	.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
	.summary = "xe style: pause a domain",
	.example = "vm-pause vm=web",
};

const struct verb verb_xe_vm_unpause = {
	.id = V_XE_VM_UNPAUSE, .name = "vm-unpause", .xl = V_UNPAUSE,
	.role = ROLE_VM_OPERATOR,
	.flags = VF_MODIFIES,
	.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
	.summary = "xe style: resume a paused domain",
	.example = "vm-unpause vm=web",
};

const struct verb verb_xe_vm_install = {
	.id = V_XE_VM_INSTALL, .name = "vm-install",
	.role = ROLE_VM_ADMIN,
	.flags = VF_MODIFIES,
	.args = { { .type = A_TEMPLATE, .key = "template",
		    .meta = "TEMPLATE" },
		  { .type = A_NEWNAME, .key = "new-name-label",
		    .meta = "NAME" } },
	.summary = "xe style: a new halted VM from a template",
	.example = "vm-install template=tiny new-name-label=web",
};

const struct verb verb_xe_vm_uninstall = {
	.id = V_XE_VM_UNINSTALL, .name = "vm-uninstall",
	.role = ROLE_VM_ADMIN,
	.flags = VF_MODIFIES | VF_CONFIRM,
	.opts = { { 'f', "do not ask first", "force" } },
	.args = { { .type = A_VM, .key = "vm", .meta = "VM" } },
	.summary = "xe style: delete a halted VM",
	.example = "vm-uninstall vm=web",
};

const struct verb verb_xe_vm_param_get = {
	.id = V_XE_VM_PARAM_GET, .name = "vm-param-get",
	.role = ROLE_READ_ONLY,
	.args = { { .type = A_VM, .key = "vm", .meta = "VM" },
		  { .type = A_PARAM, .key = "param-name",
		    .meta = "PARAM" } },
	.summary = "xe style: print one field of a VM",
	.example = "vm-param-get vm=web param-name=power-state",
};

const struct verb verb_xe_vm_param_set = {
	.id = V_XE_VM_PARAM_SET, .name = "vm-param-set",
	.role = ROLE_POOL_ADMIN,
	.flags = VF_MODIFIES,
	.args = { { .type = A_VM, .key = "vm", .meta = "VM" },
		  { .type = A_MEMBER, .key = "owner",
		    .meta = "MEMBER" } },
	.summary = "xe style: give a VM to a member",
	.example = "vm-param-set vm=web owner=alice",
};

const struct verb verb_xe_host_list = {
	.id = V_XE_HOST_LIST, .name = "host-list",
	.role = ROLE_READ_ONLY,
	.summary = "xe style: show the host's uuid and name",
	.example = "host-list",
};
