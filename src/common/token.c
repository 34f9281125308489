/*
 * The tokenizer.  A command line is words separated by blanks, and a
 * word is made of a small set of harmless characters.  There is no
 * quoting, escaping, expansion, comment, redirection or command
 * separator: every character that would mean something to a shell is
 * an error that names it, so nothing a user types is ever half-read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xlsh.h"

int
word_char_ok(int c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("._,:=@+/%^-", c) != NULL;
}

/* Why a character is refused, in words a shell user recognises. */
static const char *
why_refused(int c)
{
	switch (c) {
	case ';':
	case '&':
	case '|':
		return "xlsh runs one command per line, without shell "
		    "operators";
	case '`':
	case '$':
		return "xlsh has no substitution or variables";
	case '(':
	case ')':
	case '{':
	case '}':
		return "xlsh has no subshells, groups or functions";
	case '<':
	case '>':
		return "xlsh has no redirection";
	case '\'':
	case '"':
	case '\\':
		return "xlsh has no quoting; names never contain blanks";
	case '*':
	case '?':
	case '[':
	case ']':
	case '~':
		return "xlsh does not expand patterns or home directories";
	case '#':
		return "xlsh has no comments";
	case '!':
		return "xlsh has no history expansion";
	default:
		return "it is not part of xlsh's grammar";
	}
}

/*
 * Split line[0..len) into words.  The line need not be NUL-terminated
 * and may contain NULs, which are refused like any control character.
 * Returns 0, or -1 with a one-line message in err.
 */
int
tokenize(const char *line, size_t len, struct words *out, char *err,
    size_t errlen)
{
	size_t		 i;
	unsigned char	 c;
	int		 inword = 0;

	out->n = 0;
	if (len > XLSH_LINE_MAX) {
		snprintf(err, errlen, "line too long: %zu bytes, the limit "
		    "is %d", len, XLSH_LINE_MAX);
		return -1;
	}
	for (i = 0; i < len; i++) {
		c = (unsigned char)line[i];
		if (c == ' ' || c == '\t') {
			out->buf[i] = '\0';
			inword = 0;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			snprintf(err, errlen, "control character 0x%02x at "
			    "column %zu is not allowed", c, i + 1);
			return -1;
		}
		if (c >= 0x80) {
			snprintf(err, errlen, "byte 0x%02x at column %zu is "
			    "not allowed: commands are plain ASCII", c, i + 1);
			return -1;
		}
		if (!word_char_ok(c)) {
			snprintf(err, errlen, "'%c' at column %zu is not "
			    "allowed: %s", c, i + 1, why_refused(c));
			return -1;
		}
		out->buf[i] = (char)c;
		if (!inword) {
			if (out->n == XLSH_WORDS_MAX) {
				snprintf(err, errlen, "too many words: the "
				    "limit is %d", XLSH_WORDS_MAX);
				return -1;
			}
			out->w[out->n++] = &out->buf[i];
			inword = 1;
		}
	}
	out->buf[len] = '\0';
	return 0;
}
