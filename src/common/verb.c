/*
 * The verb table.  One table, compiled into both xlsh and xlshd, drives
 * lookup, argument validation, completion, help and the policy
 * vocabulary; tests/verbs-man.sh checks that each verb is in xlsh(1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xlsh.h"

#define JSON_OPT	{ 'j', "print JSON instead of xl's table", "json" }
#define DOM(m)		{ .type = A_DOMAIN, .meta = (m) }
#define DOMS(m)		{ .type = A_DOMAIN, .meta = (m), .optional = 1, \
			  .repeat = 1 }

const struct verb verbs[V__COUNT] = {
	[V_HELP] = {
		.id = V_HELP, .name = "help", .flags = VF_LOCAL,
		.role = ROLE_NONE,
		.args = { { .type = A_VERB, .meta = "VERB", .optional = 1 } },
		.summary = "list the verbs, or describe one",
		.example = "help shutdown",
	},
	[V_WHOAMI] = {
		.id = V_WHOAMI, .name = "whoami", .flags = VF_LOCAL,
		.role = ROLE_NONE,
		.summary = "show who you are, your role and limits",
		.example = "whoami",
	},
	[V_HISTORY] = {
		.id = V_HISTORY, .name = "history", .flags = VF_LOCAL,
		.role = ROLE_NONE,
		.summary = "list the lines typed at the prompt",
		.example = "history",
	},
	[V_EXIT] = {
		.id = V_EXIT, .name = "exit", .alias = "logout",
		.role = ROLE_NONE,
		.flags = VF_LOCAL,
		.summary = "end the session",
		.example = "exit",
	},
	[V_LIST] = {
		.id = V_LIST, .name = "list",
		.role = ROLE_READ_ONLY,
		.opts = { { 'l', "show each domain's configuration as JSON" },
			  { 'v', "also show UUID, reason code and label" },
			  JSON_OPT },
		.args = { DOMS("DOMAIN") },
		.summary = "list domains, as xl list does",
		.example = "list -v",
	},
	[V_VM_LIST] = {
		.id = V_VM_LIST, .name = "vm-list",
		.role = ROLE_READ_ONLY,
		.summary = "xe style: list VMs, halted ones too",
		.example = "vm-list",
	},
	[V_INFO] = {
		.id = V_INFO, .name = "info",
		.role = ROLE_READ_ONLY,
		.opts = { JSON_OPT },
		.summary = "describe the host and the hypervisor",
		.example = "info",
	},
	[V_UPTIME] = {
		.id = V_UPTIME, .name = "uptime",
		.role = ROLE_READ_ONLY,
		.args = { DOMS("DOMAIN") },
		.opts = { JSON_OPT },
		.summary = "show how long domains have been running",
		.example = "uptime",
	},
	[V_VCPU_LIST] = {
		.id = V_VCPU_LIST, .name = "vcpu-list",
		.role = ROLE_READ_ONLY,
		.args = { DOMS("DOMAIN") },
		.opts = { JSON_OPT },
		.summary = "list the virtual cpus of domains",
		.example = "vcpu-list web",
	},
	[V_DOMID] = {
		.id = V_DOMID, .name = "domid",
		.role = ROLE_READ_ONLY,
		.args = { { .type = A_DOMAIN, .meta = "NAME" } },
		.summary = "print the id of the domain with this name",
		.example = "domid web",
	},
	[V_DOMNAME] = {
		.id = V_DOMNAME, .name = "domname",
		.role = ROLE_READ_ONLY,
		.args = { { .type = A_DOMID, .meta = "ID" } },
		.summary = "print the name of the domain with this id",
		.example = "domname 3",
	},
	[V_TEMPLATES] = {
		.id = V_TEMPLATES, .name = "templates",
		.role = ROLE_READ_ONLY,
		.summary = "list the templates that create accepts",
		.example = "templates",
	},
	[V_QUOTA] = {
		.id = V_QUOTA, .name = "quota", .flags = VF_SELF,
		.role = ROLE_NONE,
		.summary = "show your usage against your quotas",
		.example = "quota",
	},
	[V_DMESG] = {
		.id = V_DMESG, .name = "dmesg",
		.role = ROLE_POOL_OPERATOR,
		.summary = "show the hypervisor's messages",
		.example = "dmesg",
	},
	[V_CREATE] = {
		.id = V_CREATE, .name = "create", .flags = VF_MODIFIES,
		.role = ROLE_VM_ADMIN,
		.opts = { { 'c', "attach to its console once it is made" } },
		.args = { { .type = A_CONFIG, .meta = "TEMPLATE|FILE" },
			  { .type = A_NEWNAME, .key = "name", .meta = "NAME",
			    .optional = 1 } },
		.summary = "create a domain from a template or xl.cfg",
		.example = "create tiny name=web",
	},
	[V_SHUTDOWN] = {
		.id = V_SHUTDOWN, .name = "shutdown", .flags = VF_MODIFIES,
		.role = ROLE_VM_OPERATOR,
		.opts = { { 'w', "wait until the domain has shut down" },
			  { 'F', "fall back to the ACPI power button" } },
		.args = { DOM("DOMAIN") },
		.summary = "ask a domain to shut down",
		.example = "shutdown -w web",
	},
	[V_REBOOT] = {
		.id = V_REBOOT, .name = "reboot", .flags = VF_MODIFIES,
		.role = ROLE_VM_OPERATOR,
		.args = { DOM("DOMAIN") },
		.summary = "ask a domain to reboot",
		.example = "reboot web",
	},
	[V_DESTROY] = {
		.id = V_DESTROY, .name = "destroy", .flags = VF_MODIFIES,
		.role = ROLE_VM_ADMIN,
		.args = { DOM("DOMAIN") },
		.summary = "end a domain at once, pulling its plug",
		.example = "destroy web",
	},
	[V_PAUSE] = {
		.id = V_PAUSE, .name = "pause", .flags = VF_MODIFIES,
		.role = ROLE_VM_OPERATOR,
		.args = { DOM("DOMAIN") },
		.summary = "stop scheduling a domain's vcpus",
		.example = "pause web",
	},
	[V_UNPAUSE] = {
		.id = V_UNPAUSE, .name = "unpause", .flags = VF_MODIFIES,
		.role = ROLE_VM_OPERATOR,
		.args = { DOM("DOMAIN") },
		.summary = "resume a paused domain",
		.example = "unpause web",
	},
	[V_RENAME] = {
		.id = V_RENAME, .name = "rename", .flags = VF_MODIFIES,
		.role = ROLE_VM_ADMIN,
		.args = { DOM("DOMAIN"),
			  { .type = A_NEWNAME, .meta = "NEW-NAME" } },
		.summary = "give a domain a new name",
		.example = "rename web www",
	},
	[V_MEM_SET] = {
		.id = V_MEM_SET, .name = "mem-set", .flags = VF_MODIFIES,
		.role = ROLE_VM_POWER_ADMIN,
		.args = { DOM("DOMAIN"), { .type = A_SIZE, .meta = "SIZE" } },
		.summary = "set a domain's memory target (MiB unless a unit "
		    "b, k, m, g or t follows)",
		.example = "mem-set web 256m",
	},
	[V_MEM_MAX] = {
		.id = V_MEM_MAX, .name = "mem-max", .flags = VF_MODIFIES,
		.role = ROLE_VM_POWER_ADMIN,
		.args = { DOM("DOMAIN"), { .type = A_SIZE, .meta = "SIZE" } },
		.summary = "set a domain's maximum memory, mem-set's "
		    "limit (MiB unless a unit follows)",
		.example = "mem-max web 512m",
	},
	[V_VCPU_SET] = {
		.id = V_VCPU_SET, .name = "vcpu-set", .flags = VF_MODIFIES,
		.role = ROLE_VM_ADMIN,
		.args = { DOM("DOMAIN"), { .type = A_COUNT, .meta = "COUNT" } },
		.summary = "set the number of a domain's online vcpus",
		.example = "vcpu-set web 2",
	},
	/*
	 * It types into the domain, at its login prompt: more than power
	 * control, so vm-admin's (xe gives it to vm-operator), and
	 * Domain-0's only with dom0.
	 */
	[V_CONSOLE] = {
		.id = V_CONSOLE, .name = "console", .flags = VF_MODIFIES,
		.role = ROLE_VM_ADMIN,
		.args = { DOM("DOMAIN") },
		.summary = "open a domain's console; Ctrl-] leaves",
		.example = "console web",
	},
	[V_VOL_LIST] = {
		.id = V_VOL_LIST, .name = "vol-list",
		.role = ROLE_READ_ONLY,
		.opts = { { 'd', "also show type, capacity and allocation",
			    "details" } },
		.summary = "virsh style: list the pool's volumes",
		.example = "vol-list --details",
	},
	[V_VOL_CREATE] = {
		.id = V_VOL_CREATE, .name = "vol-create",
		.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
		.args = { { .type = A_NEWVOL, .meta = "NAME" },
			  { .type = A_VOLSIZE, .meta = "SIZE" } },
		.summary = "create an empty volume in the pool",
		.example = "vol-create web-data 2g",
	},
	[V_VOL_SNAPSHOT] = {
		.id = V_VOL_SNAPSHOT, .name = "vol-snapshot",
		.role = ROLE_VM_POWER_ADMIN, .flags = VF_MODIFIES,
		.args = { { .type = A_VOLUME, .meta = "VOL" },
			  { .type = A_NEWVOL, .meta = "NAME" } },
		.summary = "create a volume as a snapshot of another",
		.example = "vol-snapshot web-root web-before-upgrade",
	},
	[V_VOL_RESIZE] = {
		.id = V_VOL_RESIZE, .name = "vol-resize",
		.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
		.args = { { .type = A_VOLUME, .meta = "VOL" },
			  { .type = A_VOLSIZE, .meta = "SIZE" } },
		.summary = "grow a volume (never shrink it)",
		.example = "vol-resize web-data 4g",
	},
	[V_VOL_DELETE] = {
		.id = V_VOL_DELETE, .name = "vol-delete",
		.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES | VF_CONFIRM,
		.opts = { { 'f', "do not ask first", "force" } },
		.args = { { .type = A_VOLUME, .meta = "VOL" } },
		.summary = "delete a volume no VM uses, and its data",
		.example = "vol-delete web-data",
	},
	[V_BLOCK_LIST] = {
		.id = V_BLOCK_LIST, .name = "block-list",
		.role = ROLE_READ_ONLY,
		.args = { DOM("DOMAIN") },
		.summary = "list a domain's virtual block devices",
		.example = "block-list web",
	},
	[V_BLOCK_ATTACH] = {
		.id = V_BLOCK_ATTACH, .name = "block-attach",
		.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
		.args = { DOM("DOMAIN"), { .type = A_VOLUME, .meta = "VOL" },
			  { .type = A_VDEV, .meta = "VDEV" } },
		.summary = "give a running domain a volume as a disk",
		.example = "block-attach web web-data xvdb",
	},
	[V_BLOCK_DETACH] = {
		.id = V_BLOCK_DETACH, .name = "block-detach",
		.role = ROLE_VM_ADMIN, .flags = VF_MODIFIES,
		.args = { DOM("DOMAIN"), { .type = A_VDEV, .meta = "VDEV" } },
		.summary = "take a disk away from a running domain",
		.example = "block-detach web xvdb",
	},
	[V_NETWORK_LIST] = {
		.id = V_NETWORK_LIST, .name = "network-list",
		.role = ROLE_READ_ONLY,
		.args = { DOM("DOMAIN") },
		.summary = "list a domain's network interfaces",
		.example = "network-list web",
	},
	[V_XE_VM_START] = {
		.id = V_XE_VM_START, .name = "vm-start",
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_VM, .key = "vm", .meta = "VM" } },
		.summary = "xe style: start a halted VM",
		.example = "vm-start vm=web",
	},
	[V_XE_VM_SHUTDOWN] = {
		.id = V_XE_VM_SHUTDOWN, .name = "vm-shutdown", .xl = V_SHUTDOWN,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
		.summary = "xe style: shut a domain down and wait",
		.example = "vm-shutdown vm=web",
	},
	[V_XE_VM_REBOOT] = {
		.id = V_XE_VM_REBOOT, .name = "vm-reboot", .xl = V_REBOOT,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
		.summary = "xe style: reboot a domain",
		.example = "vm-reboot vm=web",
	},
	[V_XE_VM_PAUSE] = {
		.id = V_XE_VM_PAUSE, .name = "vm-pause", .xl = V_PAUSE,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
		.summary = "xe style: pause a domain",
		.example = "vm-pause vm=web",
	},
	[V_XE_VM_UNPAUSE] = {
		.id = V_XE_VM_UNPAUSE, .name = "vm-unpause", .xl = V_UNPAUSE,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
		.summary = "xe style: resume a paused domain",
		.example = "vm-unpause vm=web",
	},
	[V_XE_VM_INSTALL] = {
		.id = V_XE_VM_INSTALL, .name = "vm-install",
		.role = ROLE_VM_ADMIN,
		.flags = VF_MODIFIES,
		.args = { { .type = A_TEMPLATE, .key = "template",
			    .meta = "TEMPLATE" },
			  { .type = A_NEWNAME, .key = "new-name-label",
			    .meta = "NAME" } },
		.summary = "xe style: a new halted VM from a template",
		.example = "vm-install template=tiny new-name-label=web",
	},
	[V_XE_VM_UNINSTALL] = {
		.id = V_XE_VM_UNINSTALL, .name = "vm-uninstall",
		.role = ROLE_VM_ADMIN,
		.flags = VF_MODIFIES | VF_CONFIRM,
		.opts = { { 'f', "do not ask first", "force" } },
		.args = { { .type = A_VM, .key = "vm", .meta = "VM" } },
		.summary = "xe style: delete a halted VM",
		.example = "vm-uninstall vm=web",
	},
	[V_XE_VM_PARAM_GET] = {
		.id = V_XE_VM_PARAM_GET, .name = "vm-param-get",
		.role = ROLE_READ_ONLY,
		.args = { { .type = A_VM, .key = "vm", .meta = "VM" },
			  { .type = A_PARAM, .key = "param-name",
			    .meta = "PARAM" } },
		.summary = "xe style: print one field of a VM",
		.example = "vm-param-get vm=web param-name=power-state",
	},
	[V_XE_VM_PARAM_SET] = {
		.id = V_XE_VM_PARAM_SET, .name = "vm-param-set",
		.role = ROLE_POOL_ADMIN,
		.flags = VF_MODIFIES,
		.args = { { .type = A_VM, .key = "vm", .meta = "VM" },
			  { .type = A_MEMBER, .key = "owner",
			    .meta = "MEMBER" } },
		.summary = "xe style: give a VM to a member",
		.example = "vm-param-set vm=web owner=alice",
	},
	[V_XE_HOST_LIST] = {
		.id = V_XE_HOST_LIST, .name = "host-list",
		.role = ROLE_READ_ONLY,
		.summary = "xe style: show the host's uuid and name",
		.example = "host-list",
	},
	[V_TOP] = {
		.id = V_TOP, .name = "top", .flags = VF_LOCAL,
		.role = ROLE_READ_ONLY,
		.summary = "watch the domains, as xentop; q quits",
		.example = "top",
	},
	[V_LESSON] = {
		.id = V_LESSON, .name = "lesson", .flags = VF_SELF,
		.role = ROLE_NONE,
		.args = { { .type = A_WORD, .optional = 1,
			    .meta = "N|hint|reset|answer|status" },
			  { .type = A_WORD, .optional = 1,
			    .meta = "N|WORD" } },
		.summary = "guided exercises: list, start, hint, answer",
		.example = "lesson 2",
	},
};

