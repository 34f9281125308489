/*
 * "Did you mean": the permitted verb nearest a mistyped one, for the
 * grammar's refusal of an unknown verb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "client.h"

static int	distance(const char *, const char *);

/*
 * The edit distance between a and b, capped at 9: insertions, deletions,
 * substitutions and, as one edit, two adjacent letters swapped (the
 * optimal string alignment distance), so "lsit" is one edit from "list".
 */
static int
distance(const char *a, const char *b)
{
	int	d[XLSH_NAME_MAX + 1][XLSH_NAME_MAX + 1];
	int	la = (int)strlen(a), lb = (int)strlen(b), i, j, c;

	if (la > XLSH_NAME_MAX || lb > XLSH_NAME_MAX)
		return 9;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	}
	return d[la][lb] < 9 ? d[la][lb] : 9;
}

/*
 * The permitted verb closest to a mistyped one, if one is close: at
 * most two edits, or a verb the word begins.
 */
const char *
closest_verb(const char *word)
{
	const char	*best = NULL;
	int		 bd = 3, dv;
	size_t		 k;

	for (k = 0; k < V__COUNT; k++) {
		if (!verb_offered(verbs[k]))
			continue;
		dv = distance(word, verbs[k]->name);
		if (strlen(word) >= 3 &&
		    strncmp(verbs[k]->name, word, strlen(word)) == 0)
			dv = 1;
		if (dv < bd) {
			bd = dv;
			best = verbs[k]->name;
		}
	}
	return best;
}
