/*
 * The lesson parser (xlsh-lessons(5)): any text is a lesson or a
 * FILE:LINE: fault, and a lesson's text and names expand ${user}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "helper/lesson.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct lesson	 l;
	struct xerr	 e;
	char		*x;
	size_t		 i, j;

	memset(&e, 0, sizeof(e));
	if (lesson_parse("fuzz.lesson", (const char *)data, len, &l,
	    &e) == -1) {
		if (strncmp(e.msg, "fuzz.lesson:", 12) != 0)
			abort();
		return 0;
	}
	for (i = 0; i < l.nsteps; i++) {
		x = lesson_expand(l.steps[i].todo, "alice");
		free(x);
		for (j = 0; j < l.steps[i].nchecks; j++)
			if (l.steps[i].checks[j].kind != CK_ANSWER &&
			    l.steps[i].checks[j].name == NULL)
				abort();
	}
	lesson_free(&l);
	return 0;
}
