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
		if (strcmp(verbs[i]->name, name) == 0)
			return verbs[i];
		if (verbs[i]->alias != NULL &&
		    strcmp(verbs[i]->alias, name) == 0)
			return verbs[i];
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
	return verbs[id];
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

/*
 * sysrq's keys.  Those an operator needs to bring a stuck guest down
 * cleanly are vm-operator's, as shutdown and reboot are; the ones that
 * kill its tasks, crash it or dump its state are pool-admin's, as XAPI
 * gives send_sysrq only to pool-admin.  No other key is sent.
 */
const struct sysrq_key sysrq_keys[] = {
	{ 's', ROLE_VM_OPERATOR, "sync the guest's filesystems" },
	{ 'u', ROLE_VM_OPERATOR, "remount its filesystems read-only" },
	{ 'b', ROLE_VM_OPERATOR, "reboot it at once, without syncing" },
	{ 'o', ROLE_VM_OPERATOR, "power it off at once" },
	{ 'c', ROLE_POOL_ADMIN, "crash its kernel" },
	{ 'e', ROLE_POOL_ADMIN, "send SIGTERM to all its tasks" },
	{ 'i', ROLE_POOL_ADMIN, "send SIGKILL to all its tasks" },
	{ 'm', ROLE_POOL_ADMIN, "dump its memory state to its console" },
	{ 't', ROLE_POOL_ADMIN, "dump its tasks to its console" },
	{ 'w', ROLE_POOL_ADMIN, "dump its blocked tasks to its console" },
	{ '\0', ROLE_NONE, NULL }
};

const struct sysrq_key *
sysrq_key(char key)
{
	size_t	i;

	for (i = 0; sysrq_keys[i].key != '\0'; i++)
		if (sysrq_keys[i].key == key)
			return &sysrq_keys[i];
	return NULL;
}

/*
 * A key=value word whose key is none of the verb's: xl's settings such
 * as script= or backend= are refused by their name.
 */
int
verb_key_foreign(const struct verb *v, const char *word)
{
	const char	*eq = strchr(word, '=');
	size_t		 n, i;

	if (eq == NULL)
		return 0;
	n = (size_t)(eq - word);
	for (i = 0; i < VERB_ARGS_MAX && v->args[i].type != A_NONE; i++)
		if (v->args[i].key != NULL &&
		    strlen(v->args[i].key) == n &&
		    strncmp(v->args[i].key, word, n) == 0)
			return 0;
	for (i = 0; i < VERB_ARGS_MAX; i++)
		if (v->args[i].key != NULL)
			return 1;
	return 0;
}

/* What a word of the type must be, for the grammar's refusals. */
const char *
arg_is(enum arg_type t)
{
	switch (t) {
	case A_BRIDGE:
		return "a bridge's name (at most 15 letters, digits, '.', "
		    "'_' or '-')";
	case A_MAC:
		return "a unicast MAC address (six hexadecimal pairs such as "
		    "00:16:3e:12:34:56, the first even)";
	case A_NIC:
		return "a network interface's devid or MAC address";
	case A_SYSRQ:
		return "a sysrq key: one letter, such as s, u, b or o";
	default:
		return "valid here";
	}
}

/* The argument whose key a word gives (key=VALUE), or -1. */
int
verb_keyed(const struct verb *v, const char *word)
{
	size_t	n;
	int	k;

	for (k = 0; k < VERB_ARGS_MAX && v->args[k].type != A_NONE; k++) {
		if (v->args[k].key == NULL)
			continue;
		n = strlen(v->args[k].key);
		if (strncmp(word, v->args[k].key, n) == 0 && word[n] == '=')
			return k;
	}
	return -1;
}
