/*
 * The xl.cfg reader: a config as a member's file or a template gives
 * it, read by cfgread.c and by libxlutil, which must agree (cfgdiff.c),
 * and checked key by key (xlcfg.c); then, for what passes, the
 * libxl_domain_config the libxl backend would build from it
 * (xlcfg_libxl.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>

#include "backend/backend.h"
#include "cfgdiff.h"
#include "common/xlsh.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	libxl_domain_config	d;
	struct domcfg		dc;
	struct cfgdiff		diff;
	struct xerr		e;

	if (cfgdiff((const char *)data, len, &diff) == -1) {
		fprintf(stderr, "fuzz_xlcfg: the readers differ: %s\n",
		    diff.why);
		abort();
	}
	memset(&e, 0, sizeof(e));
	if (xlcfg_parse((const char *)data, len, "fuzz.cfg", &dc, &e) == -1)
		return 0;
	libxl_domain_config_init(&d);
	xlcfg_libxl(&dc, &d, &e);
	libxl_domain_config_dispose(&d);
	return 0;
}
