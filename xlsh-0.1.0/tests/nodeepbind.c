/*
 * For the sanitizer build (make check-asan) only: preloaded before
 * pam_wrapper, a dlopen that drops RTLD_DEEPBIND, which pam_wrapper
 * asks for when it opens its copy of libpam and which
 * AddressSanitizer refuses.  The next dlopen (the sanitizer's, then
 * the C library's) does the rest.  pam_wrapper 1.1.5 and later read
 * PAM_WRAPPER_DISABLE_DEEPBIND instead; Debian 12 has 1.1.4.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void	*dlopen(const char *, int);

void *
dlopen(const char *file, int flags)
{
	static void	*(*next)(const char *, int);

	if (next == NULL &&
	    (next = (void *(*)(const char *, int))dlsym(RTLD_NEXT,
	    "dlopen")) == NULL) {
		fprintf(stderr, "nodeepbind: no next dlopen: %s\n", dlerror());
		abort();
	}
	return next(file, flags & ~RTLD_DEEPBIND);
}
