/*
 * The verbs that change a domain: its life, its resources and its
 * scheduling, as xl's (verb.c holds the table).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>

#include "xlsh.h"
#include "verb_table.h"

const struct verb verb_create = {
	.id = V_CREATE, .name = "create", .flags = VF_MODIFIES,
	.role = ROLE_VM_ADMIN,
	.opts = { { 'c', "attach to its console once it is made" } },
	.args = { { .type = A_CONFIG, .meta = "TEMPLATE|FILE" },
		  { .type = A_NEWNAME, .key = "name", .meta = "NAME",
		    .optional = 1 } },
	.summary = "create a domain from a template or xl.cfg",
	.example = "create tiny name=web",
};

const struct verb verb_shutdown = {
	.id = V_SHUTDOWN, .name = "shutdown", .flags = VF_MODIFIES,
	.role = ROLE_VM_OPERATOR,
	.opts = { { 'w', "wait until the domain has shut down" },
		  { 'F', "fall back to the ACPI power button" } },
	.args = { DOM("DOMAIN") },
	.summary = "ask a domain to shut down",
	.example = "shutdown -w web",
};

const struct verb verb_reboot = {
	.id = V_REBOOT, .name = "reboot", .flags = VF_MODIFIES,
	.role = ROLE_VM_OPERATOR,
	.opts = { { 'F', "fall back to the ACPI reset button" } },
	.args = { DOM("DOMAIN") },
	.summary = "ask a domain to reboot",
	.example = "reboot web",
};

const struct verb verb_destroy = {
	.id = V_DESTROY, .name = "destroy", .flags = VF_MODIFIES,
	.role = ROLE_VM_ADMIN,
	.args = { DOM("DOMAIN") },
	.summary = "end a domain at once, pulling its plug",
	.example = "destroy web",
};

const struct verb verb_pause = {
	.id = V_PAUSE, .name = "pause", .flags = VF_MODIFIES,
	.role = ROLE_VM_OPERATOR,
	.args = { DOM("DOMAIN") },
	.summary = "stop scheduling a domain's vcpus",
	.example = "pause web",
};

const struct verb verb_unpause = {
	.id = V_UNPAUSE, .name = "unpause", .flags = VF_MODIFIES,
	.role = ROLE_VM_OPERATOR,
	.args = { DOM("DOMAIN") },
	.summary = "resume a paused domain",
	.example = "unpause web",
};

const struct verb verb_rename = {
	.id = V_RENAME, .name = "rename", .flags = VF_MODIFIES,
	.role = ROLE_VM_ADMIN,
	.args = { DOM("DOMAIN"),
		  { .type = A_NEWNAME, .meta = "NEW-NAME" } },
	.summary = "give a domain a new name",
	.example = "rename web www",
};

const struct verb verb_mem_set = {
	.id = V_MEM_SET, .name = "mem-set", .flags = VF_MODIFIES,
	.role = ROLE_VM_POWER_ADMIN,
	.args = { DOM("DOMAIN"), { .type = A_SIZE, .meta = "SIZE" } },
	.summary = "set a domain's memory target (MiB unless a unit "
	    "b, k, m, g or t follows)",
	.example = "mem-set web 256m",
};

const struct verb verb_mem_max = {
	.id = V_MEM_MAX, .name = "mem-max", .flags = VF_MODIFIES,
	.role = ROLE_VM_POWER_ADMIN,
	.args = { DOM("DOMAIN"), { .type = A_SIZE, .meta = "SIZE" } },
	.summary = "set a domain's maximum memory, mem-set's "
	    "limit (MiB unless a unit follows)",
	.example = "mem-max web 512m",
};

const struct verb verb_vcpu_set = {
	.id = V_VCPU_SET, .name = "vcpu-set", .flags = VF_MODIFIES,
	.role = ROLE_VM_ADMIN,
	.args = { DOM("DOMAIN"), { .type = A_COUNT, .meta = "COUNT" } },
	.summary = "set the number of a domain's online vcpus",
	.example = "vcpu-set web 2",
};

/*
 * It types into the domain, at its login prompt: more than power
 * control, so vm-admin's (xe gives it to vm-operator), and
 * Domain-0's only with dom0.
 */
const struct verb verb_console = {
	.id = V_CONSOLE, .name = "console", .flags = VF_MODIFIES,
	.role = ROLE_VM_ADMIN,
	.args = { DOM("DOMAIN") },
	.summary = "open a domain's console; Ctrl-] leaves",
	.example = "console web",
};

/* Each key's role: sysrq_keys (verb_lookup.c). */
const struct verb verb_sysrq = {
	.id = V_SYSRQ, .name = "sysrq", .flags = VF_MODIFIES,
	.role = ROLE_VM_OPERATOR,
	.args = { DOM("DOMAIN"),
		  { .type = A_SYSRQ, .meta = "KEY" } },
	.summary = "send a SysRq key (s sync, u remount r/o, b reboot, "
	    "o power off)",
	.example = "sysrq web s",
};

const struct verb verb_vcpu_pin = {
	.id = V_VCPU_PIN, .name = "vcpu-pin", .flags = VF_MODIFIES,
	.role = ROLE_VM_POWER_ADMIN,
	.args = { DOM("DOMAIN"),
		  { .type = A_VCPU, .meta = "VCPU|all" },
		  { .type = A_CPUS, .meta = "CPUS|-" },
		  { .type = A_CPUS, .meta = "SOFT-CPUS|-",
		    .optional = 1 } },
	.summary = "pin a domain's vcpu to host cpus (hard "
	    "affinity; a soft one may follow; - keeps one)",
	.example = "vcpu-pin web 0 0-1",
};

/* Images the helper keeps: xl's save writes any path as root. */
const struct verb verb_save = {
	.id = V_SAVE, .name = "save", .flags = VF_MODIFIES,
	.role = ROLE_VM_POWER_ADMIN,
	.opts = { { 'c', "leave the domain running (a checkpoint)" },
		  { 'p', "leave the domain paused, not destroyed" } },
	.args = { DOM("DOMAIN"),
		  { .type = A_NEWIMAGE, .meta = "IMAGE" } },
	.summary = "save a domain into an image, then destroy it",
	.example = "save web web-monday",
};

const struct verb verb_restore = {
	.id = V_RESTORE, .name = "restore", .flags = VF_MODIFIES,
	.role = ROLE_VM_POWER_ADMIN,
	.opts = { { 'p', "leave the domain paused" } },
	.args = { { .type = A_IMAGE, .meta = "IMAGE" } },
	.summary = "make a saved domain run again from its image",
	.example = "restore web-monday",
};
