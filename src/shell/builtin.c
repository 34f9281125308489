/*
 * The shell's own verbs, run without the helper: help, whoami,
 * history, exit and top.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "client.h"

static void	help_all(void);
static void	help_verb(const struct verb *);

static void
help_all(void)
{
	char	u[160];
	size_t	i;

	printf("Verbs (help VERB describes one):\n");
	for (i = 0; i < V__COUNT; i++) {
		if ((verbs[i].flags & VF_HIDDEN) ||
		    !verb_permitted(&conn, &verbs[i]))
			continue;
		verb_usage(&verbs[i], u, sizeof(u));
		printf("  %-36s %s\n", u, verbs[i].summary);
	}
}

static void
help_verb(const struct verb *v)
{
	char	u[160];
	int	i;

	verb_usage(v, u, sizeof(u));
	printf("usage: %s\n%s\n", u, v->summary);
	if (!verb_permitted(&conn, v))
		printf("(your role, %s, does not include it)\n", conn.role);
	if (v->alias != NULL)
		printf("alias: %s\n", v->alias);
	for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter != '\0'; i++) {
		if (v->opts[i].lng != NULL)
			printf("  --%s  %s\n", v->opts[i].lng,
			    v->opts[i].help);
		else
			printf("  -%c  %s\n", v->opts[i].letter,
			    v->opts[i].help);
	}
	if (v->example != NULL)
		printf("example: %s\n", v->example);
}

int
run_local(const struct request *req)
{
	switch (req->verb->id) {
	case V_HELP:
		if (req->nargs == 0)
			help_all();
		else
			help_verb(verb_lookup(req->args[0].str));
		return XLSH_EXIT_OK;
	case V_WHOAMI:
		printf("member: %s\nlogin:  %s\nrole:   %s\n", conn.member,
		    conn.login, conn.role);
		if (conn.limits[0] != '\0')
			printf("limits: %s\n", conn.limits);
		printf("host:   %s%s\n", conn.host,
		    strcmp(conn.mode, "sandbox") == 0 ?
		    " (a simulated Xen host of your own)" : "");
		return XLSH_EXIT_OK;
	case V_HISTORY:
		return shell_history();
	case V_EXIT:
		shell_done = 1;
		return XLSH_EXIT_OK;
	case V_TOP:
		return shell_top();
	default:
		fatalx("run_local: verb %s", req->verb->name);
	}
}
