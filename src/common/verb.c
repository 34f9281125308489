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
		.summary = "show who you are logged in as and your role",
		.example = "whoami",
	},
	[V_HISTORY] = {
		.id = V_HISTORY, .name = "history", .flags = VF_LOCAL,
		.role = ROLE_NONE,
		.summary = "list the lines typed at the prompt, numbered",
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
		.summary = "list guest domains with their UUIDs",
		.example = "vm-list",
	},
	[V_INFO] = {
		.id = V_INFO, .name = "info",
		.role = ROLE_READ_ONLY,
		.opts = { JSON_OPT },
		.summary = "show information about the host and hypervisor",
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
	[V_DMESG] = {
		.id = V_DMESG, .name = "dmesg",
		.role = ROLE_POOL_OPERATOR,
		.summary = "show the hypervisor's messages (its console "
		    "ring), as xl dmesg does",
		.example = "dmesg",
	},
	[V_CREATE] = {
		.id = V_CREATE, .name = "create", .flags = VF_MODIFIES,
		.role = ROLE_VM_ADMIN,
		.args = { { .type = A_CONFIG, .meta = "TEMPLATE|FILE" },
			  { .type = A_NEWNAME, .key = "name", .meta = "NAME",
			    .optional = 1 } },
		.summary = "create a domain from a template or an xl.cfg file",
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
		.summary = "end a domain at once, like pulling its plug",
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
		.summary = "set a domain's maximum memory, the most mem-set "
		    "may give it (MiB unless a unit follows)",
		.example = "mem-max web 512m",
	},
	[V_VCPU_SET] = {
		.id = V_VCPU_SET, .name = "vcpu-set", .flags = VF_MODIFIES,
		.role = ROLE_VM_ADMIN,
		.args = { DOM("DOMAIN"), { .type = A_COUNT, .meta = "COUNT" } },
		.summary = "set the number of a domain's online vcpus",
		.example = "vcpu-set web 2",
	},
	/* It types into the domain: Domain-0's only with dom0. */
	[V_CONSOLE] = {
		.id = V_CONSOLE, .name = "console", .flags = VF_MODIFIES,
		.role = ROLE_VM_OPERATOR,
		.args = { DOM("DOMAIN") },
		.summary = "attach to a domain's console; Ctrl-] returns",
		.example = "console web",
	},
	[V_XE_VM_START] = {
		.id = V_XE_VM_START, .name = "vm-start", .xl = V_CREATE,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_CONFIG, .key = "vm", .meta = "TEMPLATE" } },
		.summary = "xe style: start a domain from a template "
		    "(create TEMPLATE)",
		.example = "vm-start vm=tiny",
	},
	[V_XE_VM_SHUTDOWN] = {
		.id = V_XE_VM_SHUTDOWN, .name = "vm-shutdown", .xl = V_SHUTDOWN,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
		.summary = "xe style: shut a domain down and wait "
		    "(shutdown -w DOMAIN)",
		.example = "vm-shutdown vm=web",
	},
	[V_XE_VM_REBOOT] = {
		.id = V_XE_VM_REBOOT, .name = "vm-reboot", .xl = V_REBOOT,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
		.summary = "xe style: reboot a domain (reboot DOMAIN)",
		.example = "vm-reboot vm=web",
	},
	[V_XE_VM_PAUSE] = {
		.id = V_XE_VM_PAUSE, .name = "vm-pause", .xl = V_PAUSE,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
		.summary = "xe style: pause a domain (pause DOMAIN)",
		.example = "vm-pause vm=web",
	},
	[V_XE_VM_UNPAUSE] = {
		.id = V_XE_VM_UNPAUSE, .name = "vm-unpause", .xl = V_UNPAUSE,
		.role = ROLE_VM_OPERATOR,
		.flags = VF_MODIFIES,
		.args = { { .type = A_DOMAIN, .key = "vm", .meta = "DOMAIN" } },
		.summary = "xe style: resume a paused domain (unpause DOMAIN)",
		.example = "vm-unpause vm=web",
	},
	[V_TOP] = {
		.id = V_TOP, .name = "top", .flags = VF_LOCAL,
		.role = ROLE_READ_ONLY,
		.summary = "a live view of the domains, as xentop; q quits",
		.example = "top",
	},
};

const struct verb *
verb_lookup(const char *name)
{
	size_t	i;

	for (i = 0; i < V__COUNT; i++) {
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
		if (verbs[i].alias != NULL &&
		    strcmp(verbs[i].alias, name) == 0)
			return &verbs[i];
	}
	return NULL;
}

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_NONE] = "none",
	[ROLE_READ_ONLY] = "read-only",
	[ROLE_VM_OPERATOR] = "vm-operator",
	[ROLE_VM_ADMIN] = "vm-admin",
	[ROLE_VM_POWER_ADMIN] = "vm-power-admin",
	[ROLE_POOL_OPERATOR] = "pool-operator",
	[ROLE_POOL_ADMIN] = "pool-admin",
};

const char *
role_name(enum role r)
{
	if ((unsigned int)r >= ROLE__COUNT)
		return "unknown";
	return role_names[r];
}

int
role_lookup(const char *name, enum role *out)
{
	int	i;

	for (i = 0; i < ROLE__COUNT; i++) {
		if (strcmp(role_names[i], name) == 0) {
			*out = (enum role)i;
			return 0;
		}
	}
	return -1;
}

const struct verb *
verb_by_id(enum verb_id id)
{
	if ((unsigned int)id >= V__COUNT)
		return NULL;
	return &verbs[id];
}

/*
 * The xl verb an xe alias does (vm-pause: pause), else the verb's own;
 * the table leaves .xl at 0, V_HELP, which is no alias's.
 */
enum verb_id
verb_xl(const struct verb *v)
{
	return v->xl != V_HELP ? v->xl : v->id;
}

/* The usage line: "shutdown [-w] [-F] DOMAIN". */
void
verb_usage(const struct verb *v, char *out, size_t size)
{
	const struct verb_arg	*a;
	size_t			 n;
	int			 i;

	n = (size_t)snprintf(out, size, "%s", v->name);
	for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter != '\0'; i++) {
		if (n >= size)
			break;
		if (v->opts[i].lng != NULL)
			n += (size_t)snprintf(out + n, size - n, " [--%s]",
			    v->opts[i].lng);
		else
			n += (size_t)snprintf(out + n, size - n, " [-%c]",
			    v->opts[i].letter);
	}
	for (i = 0; i < VERB_ARGS_MAX && v->args[i].type != A_NONE; i++) {
		a = &v->args[i];
		if (n >= size)
			break;
		n += (size_t)snprintf(out + n, size - n, " %s%s%s%s%s",
		    a->optional ? "[" : "", a->key ? a->key : "",
		    a->key ? "=" : "", a->meta, a->repeat ? " ...]" :
		    a->optional ? "]" : "");
	}
}
