/*
 * The audit verifier's check of one line, as --verify-audit reads a
 * file someone may have written anything into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "helper/audit.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char	prev[HEXLEN + 1] =
	    "0000000000000000000000000000000000000000000000000000000000000000";
	char			*line, hash[HEXLEN + 1], why[128];

	if ((line = malloc(len + 1)) == NULL)
		return 0;
	memcpy(line, data, len);
	line[len] = '\0';
	/* verify hands it a line without its newline, NULs and all. */
	auditlog_check_line(line, len, 1, prev, hash, why, sizeof(why));
	free(line);
	return 0;
}
