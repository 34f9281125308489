/*
 * The tokenizer and the grammar, with a line as the shell reads it and
 * as words the helper receives (NUL-separated, as in a REQUEST).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "common/xlsh.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct words	 w;
	struct request	 req;
	char		 err[512], copy[XLSH_LINE_MAX * 2 + 2];
	char		*argv[XLSH_WORDS_MAX];
	size_t		 i, start;
	int		 argc = 0;

	/* As a line. */
	if (tokenize((const char *)data, len, &w, err, sizeof(err)) == 0 &&
	    w.n > 0)
		parse_request(w.n, w.w, &req, err, sizeof(err));

	/* As words: each NUL ends one. */
	if (len >= sizeof(copy))
		return 0;
	memcpy(copy, data, len);
	copy[len] = '\0';
	for (i = 0, start = 0; i <= len && argc < XLSH_WORDS_MAX; i++) {
		if (copy[i] != '\0')
			continue;
		argv[argc++] = copy + start;
		start = i + 1;
	}
	if (argc > 0)
		parse_request(argc, argv, &req, err, sizeof(err));
	return 0;
}
