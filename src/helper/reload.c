/*
 * The helper's configuration built (its defaults, then xlshd.conf, then
 * the command line: conf.c reads the last two) and built again on
 * SIGHUP: a configuration or policy that does not load is refused, and
 * the one in use kept; what only a restart can change (the backend and
 * its module, the socket, the state directory) is kept too, and the log
 * says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/paths.h"
#include "server.h"

/* What the configuration was built from, to build it again. */
static const char	*built_path;
static int		 built_must, built_argc;
static char		**built_argv;

static int	 same(const char *, const char *);
static void	 keep(struct server_conf *, const char **, const char *,
		    const char *);

void
conf_defaults(struct server_conf *c, enum server_mode mode)
{
	memset(c, 0, sizeof(*c));
	c->mode = mode;
	c->templates_dir = TEMPLATESDIR;
	c->lessons_dir = LESSONSDIR;
	c->backend_module = LIBXL_MODULE;
	c->policy_path = POLICYFILE;
	c->pam_service = "xlsh";
	c->fail_delay_ms = 2000;
	c->lockout_max = 5;
	c->lockout_secs = 900;
	c->login_grace_secs = 60;
	c->max_startups = 100;
	c->max_startups_uid = 20;
	c->idle_secs = 1800;
	c->socket_mode = 0660;
	if (mode == MODE_SYSTEM) {
		c->socket_path = XLSH_SOCKET;
		c->socket_group = "xlsh";
		c->state_dir = STATEDIR;
		c->audit_path = AUDITFILE;
	}
}

/*
 * What follows from the mode and the backend once all is read.  0, or
 * -1 after a message to errs.
 */
int
conf_finish(struct server_conf *c, FILE *errs)
{
	if (c->backend_name == NULL)
		c->backend_name = c->mode == MODE_SYSTEM ? "libxl" : "sim";
	if (c->thin != NULL && c->vg == NULL) {
		fprintf(errs, "xlshd: thin-pool needs volume-group\n");
		return -1;
	}
	/* The simulated host is built in; libxl's is a module (module.c). */
	if (strcmp(c->backend_name, "sim") == 0) {
		c->backend = &backend_sim;
		/* The simulated host has a pool and a bridge of its own. */
		if (c->vg == NULL) {
			c->vg = "xlsh";
			c->thin = "pool";
		}
		if (c->nbridges == 0)
			c->bridges[c->nbridges++] = "xenbr0";
	}
	/* A user's own sandbox is theirs to leave open. */
	if (c->mode == MODE_SANDBOX && !c->idle_set)
		c->idle_secs = 0;
	return 0;
}

/* Is login one that several members share (shared-login)? */
int
conf_shared(const struct server_conf *c, const char *login)
{
	size_t	i;

	for (i = 0; i < c->nshared; i++)
		if (strcmp(c->shared[i], login) == 0)
			return 1;
	return 0;
}

/*
 * Build the configuration: the defaults, the file at path (if any; a
 * missing one is an error when must is set), the command line's
 * keyword options, what follows from them, and with policy, the policy.
 * 0, or -1 after messages to errs, with nothing held.
 */
int
conf_build(struct server_conf *c, enum server_mode mode, const char *path,
    int must, int argc, char **argv, FILE *errs, int policy)
{
	conf_defaults(c, mode);
	if (policy) {
		built_path = path;
		built_must = must;
		built_argc = argc;
		built_argv = argv;
	}
	if ((path != NULL && conf_file(c, path, must, errs) == -1) ||
	    conf_args(c, argc, argv, errs) == -1 ||
	    conf_finish(c, errs) == -1)
		goto fail;
	if (policy && mode == MODE_SYSTEM &&
	    policy_load(c->policy_path, &c->policy, errs) == -1)
		goto fail;
	return 0;
fail:
	conf_free(c);
	return -1;
}

static int
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* A setting only a restart changes: the one in use stays. */
static void
keep(struct server_conf *n, const char **field, const char *old,
    const char *what)
{
	if (same(*field, old))
		return;
	slog("reload: %s stays %s until xlshd restarts", what,
	    old != NULL ? old : "systemd's");
	*field = old != NULL ? conf_own(n, old) : NULL;
}

/*
 * SIGHUP: build the configuration and the policy again.  Sessions that
 * run go on with what they had; new ones get the new.
 */
void
conf_reload(struct server_conf *c)
{
	struct server_conf	 n;
	FILE			*errs;
	char			*text = NULL, *line, *p;
	size_t			 len = 0;
	int			 rv;

	if ((errs = open_memstream(&text, &len)) == NULL) {
		slog("reload: %s", strerror(errno));
		return;
	}
	rv = conf_build(&n, c->mode, built_path, built_must, built_argc,
	    built_argv, errs, 1);
	fclose(errs);
	for (p = text; (line = strsep(&p, "\n")) != NULL;)
		if (*line != '\0')
			slog("reload: %s", line);
	free(text);
	if (rv == -1) {
		slog("reload: refused; the configuration and policy in use "
		    "are kept");
		return;
	}
	keep(&n, &n.backend_name, c->backend_name, "backend");
	keep(&n, &n.backend_module, c->backend_module, "backend-module");
	n.backend = c->backend;
	keep(&n, &n.socket_path, c->socket_path, "socket");
	keep(&n, &n.state_dir, c->state_dir, "state");
	if (n.socket_mode != c->socket_mode ||
	    !same(n.socket_group, c->socket_group)) {
		slog("reload: the socket's mode and group change when xlshd "
		    "restarts");
		n.socket_mode = c->socket_mode;
		keep(&n, &n.socket_group, c->socket_group, "socket-group");
	}
	conf_free(c);
	*c = n;
	slog("reload: %s and %s read", c->conf_path != NULL ? c->conf_path :
	    "(no configuration file)", c->mode == MODE_SYSTEM ?
	    c->policy_path : "no policy");
}
