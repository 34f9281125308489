/*
 * The backend that is a module: libxl's, backend-libxl.so, loaded with
 * dlopen(3) only when the configuration names it, so that a helper of
 * the simulated host maps none of Xen's libraries.  It is loaded once,
 * at start (and by -t), before any fork: every session's process has
 * it, and it is never unloaded.  Its symbols are all bound at once
 * (RTLD_NOW), so that one the helper does not export to it (xlshd
 * exports libcommon.a's and libbackend.a's) is told at start, in one
 * line, and never ends a session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

static int	refused(const struct server_conf *, const char *, FILE *);

/* The one line: the backend, the module and why, then -1. */
static int
refused(const struct server_conf *c, const char *why, FILE *errs)
{
	size_t	n = strlen(c->backend_module);

	/* dlerror(3) begins with the path, most of the time. */
	if (strncmp(why, c->backend_module, n) == 0 &&
	    strncmp(why + n, ": ", 2) == 0)
		why += n + 2;
	fprintf(errs, "xlshd: backend %s: %s: %s\n", c->backend_name,
	    c->backend_module, why);
	return -1;
}

/*
 * The configured backend's table, from its module when it is not built
 * in (conf_finish sets those that are).  0, or -1 after the line that
 * says why to errs.
 */
int
backend_load(struct server_conf *c, FILE *errs)
{
	const struct backend	*(*entry)(unsigned int);
	const struct backend	*b;
	struct stat		 st;
	void			*h;

	if (c->backend != NULL)
		return 0;
	/* Without a slash, dlopen would search the library path. */
	if (strchr(c->backend_module, '/') == NULL)
		return refused(c, "not a path (say ./ for this directory)",
		    errs);
	/* Code for a root process: the policy file's rule (policy.c). */
	if (stat(c->backend_module, &st) == 0 && (!S_ISREG(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid()) ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0))
		return refused(c, "must be a regular file owned by root and "
		    "not writable by group or others", errs);
	if ((h = dlopen(c->backend_module, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return refused(c, dlerror(), errs);
	/* POSIX's dlsym gives a function's address as a void *. */
	entry = (const struct backend *(*)(unsigned int))dlsym(h,
	    BACKEND_MODULE_ENTRY);
	if (entry == NULL)
		refused(c, dlerror(), errs);
	else if ((b = entry(BACKEND_ABI)) == NULL)
		refused(c, "a module of another xlshd (its backend seam is "
		    "not this one's)", errs);
	else {
		c->backend = b;
		return 0;
	}
	dlclose(h);
	return -1;
}
