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

#define HELP_COLS	80	/* help's lines fit a terminal this wide */
#define HELP_SUMMARY	39	/* the column of help's summaries */

static void	wrap(const char *, int, const char *);
static void	help_all(void);
static void	help_verb(const struct verb *);

/*
 * Print head, then text from column indent, its words wrapped so that
 * no line is wider than HELP_COLS, and every line after the first
 * starting at indent too.  A head that reaches indent has the text
 * start on the next line.
 */
static void
wrap(const char *head, int indent, const char *text)
{
	const char	*p = text;
	int		 col, n, fresh = 1;

	col = printf("%s", head);
	if (col > 0 && col >= indent) {
		putchar('\n');
		col = 0;
	}
	while (*p != '\0') {
		n = (int)strcspn(p, " ");
		if (!fresh && col + 1 + n > HELP_COLS) {
			putchar('\n');
			col = 0;
			fresh = 1;
		}
		if (fresh)
			col += printf("%*s", indent - col, "");
		else
			col += printf(" ");
		col += printf("%.*s", n, p);
		fresh = 0;
		p += n;
		p += strspn(p, " ");
	}
	putchar('\n');
}

static void
help_all(void)
{
	char	u[160], head[168];
	size_t	i;

	printf("Verbs (help VERB describes one):\n");
	for (i = 0; i < V__COUNT; i++) {
		if ((verbs[i]->flags & VF_HIDDEN) ||
		    !verb_permitted(&conn, verbs[i]))
			continue;
		verb_usage(verbs[i], u, sizeof(u));
		snprintf(head, sizeof(head), "  %s", u);
		wrap(head, HELP_SUMMARY, verbs[i]->summary);
	}
}

static void
help_verb(const struct verb *v)
{
	const struct verb_opt	*o;
	char			 u[160], head[48], more[160];
	int			 i;

	verb_usage(v, u, sizeof(u));
	printf("usage: %s\n", u);
	wrap("", 0, v->summary);
	if (!verb_permitted(&conn, v))
		printf("(your role, %s, does not include it)\n", conn.role);
	if (v->alias != NULL)
		printf("alias: %s\n", v->alias);
	for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter != '\0'; i++) {
		o = &v->opts[i];
		if (o->type != A_NONE && o->lng != NULL)
			snprintf(head, sizeof(head), "  -%c %s, --%s=%s",
			    o->letter, o->meta, o->lng, o->meta);
		else if (o->type != A_NONE)
			snprintf(head, sizeof(head), "  -%c %s", o->letter,
			    o->meta);
		else if (o->lng != NULL)
			snprintf(head, sizeof(head), "  --%s", o->lng);
		else
			snprintf(head, sizeof(head), "  -%c", o->letter);
		if (o->role > v->role)
			snprintf(more, sizeof(more), "%s (%s)", o->help,
			    role_name(o->role));
		else
			snprintf(more, sizeof(more), "%s", o->help);
		wrap(head, (int)strlen(head) + 2, more);
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
