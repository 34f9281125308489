/*
 * The curated templates (template.c): NAME.cfg in the templates
 * directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stddef.h>

#include "common/proto.h"

int	template_list(const char *, char ***, size_t *);	/* strv_free */
int	template_read(const char *, const char *, char **, size_t *,
	    struct xerr *);

#endif /* TEMPLATE_H */
