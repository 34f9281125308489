/*
 * Questions put to the verb table (verb.c): a verb by name or id, the
 * xl verb an xe alias does, a usage line, and the roles' names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xlsh.h"

const char *const vm_params[] = {
	"uuid", "name-label", "power-state", "memory-static-max",
	"VCPUs-max", "owner", NULL
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

/*
 * The usage line: "shutdown [-w] [-F] DOMAIN", "sched-credit2 [-d DOMAIN]
 * [-w WEIGHT] ...".
 */
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
		if (v->opts[i].type != A_NONE)
			n += (size_t)snprintf(out + n, size - n, " [-%c %s]",
			    v->opts[i].letter, v->opts[i].meta);
		else if (v->opts[i].lng != NULL)
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
