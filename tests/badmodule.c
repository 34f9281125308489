/*
 * Backend modules xlshd must refuse, each in one line (tests/module.sh).
 * As it is: a module of another xlshd, whose entry has no table for
 * this one's seam.  With -DUNEXPORTED: one that calls what the helper
 * keeps to itself (policy_load, none of libcommon.a's or libbackend.a's),
 * which must fail as it is loaded, not when it is called.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "backend/backend.h"

#ifdef UNEXPORTED
struct policy;
int	policy_load(const char *, struct policy **, FILE *);
#endif

const struct backend *
xlsh_backend_module(unsigned int abi)
{
#ifdef UNEXPORTED
	struct policy	*p;

	if (policy_load("/nonexistent", &p, stderr) == 0)
		return NULL;
#endif
	return NULL;
}
