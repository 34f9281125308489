/*
 * The policy file's hand lexer: it splits each logical line into words
 * (blanks, "quoted words", comments, backslash-newline continuations)
 * and reports errors as file:line:column.  Also the tests parse_rule()
 * in policy.c makes of a word: is it a keyword, is it an option.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/xlsh.h"
#include "policy_lex.h"

#define POLICY_LINE_MAX		1024		/* bytes in a physical line */

static void	step(struct parser *);
static void	newline(struct parser *, size_t);

void
perr(struct parser *ps, int line, int col, const char *fmt, ...)
{
	va_list	ap;

	ps->nerrs++;
	if (ps->errs == NULL)
		return;
	fprintf(ps->errs, "%s:%d:%d: ", ps->name, line, col);
	va_start(ap, fmt);
	vfprintf(ps->errs, fmt, ap);
	va_end(ap);
	fputc('\n', ps->errs);
}

/* Step over one byte that is not a newline, minding the line's length. */
static void
step(struct parser *ps)
{
	if (ps->col > POLICY_LINE_MAX && !ps->toolong) {
		perr(ps, ps->line, ps->col, "line longer than %d bytes",
		    POLICY_LINE_MAX);
		ps->bad = ps->toolong = 1;
	}
	ps->p++;
	ps->col++;
}

static void
newline(struct parser *ps, size_t n)
{
	ps->p += n;
	ps->line++;
	ps->col = 1;
	ps->toolong = 0;
}

/*
 * Split one logical line into words.  Returns 0 at the end of the
 * text, else 1 with *nw words (perhaps none); ps->bad is set when the
 * line had an error, already reported.
 */
int
lex_rule(struct parser *ps, struct word *w, size_t *nw)
{
	char	 buf[POLICY_LINE_MAX + 1];
	size_t	 n = 0;
	int	 in_word = 0, quoted = 0, wline = 0, wcol = 0, c;

	*nw = 0;
	ps->bad = 0;
	if (ps->p == ps->end)
		return 0;
	for (;;) {
		c = ps->p < ps->end ? (unsigned char)*ps->p : -1;
		if (in_word && (c == -1 || c == ' ' || c == '\t' ||
		    c == '\n' || c == '#' || c == '\\' || c == '"')) {
			if (c == '"' && !quoted) {
				perr(ps, ps->line, ps->col,
				    "a quote may only begin a word");
				ps->bad = 1;
			}
			if (*nw == POLICY_WORDS_MAX) {
				if (!ps->bad)
					perr(ps, wline, wcol, "too many words "
					    "in one rule (at most %d)",
					    POLICY_WORDS_MAX);
				ps->bad = 1;
			} else {
				buf[n] = '\0';
				w[*nw].s = xstrdup(buf);
				w[*nw].quoted = quoted;
				w[*nw].line = wline;
				w[(*nw)++].col = wcol;
			}
			in_word = quoted = 0;
			n = 0;
		}
		if (c == -1)
			return 1;
		if (c == '\n') {
			newline(ps, 1);
			return 1;
		}
		if (c == '\\' && ps->p + 1 < ps->end && ps->p[1] == '\n') {
			newline(ps, 2);
			continue;
		}
		if (c == '\\') {
			perr(ps, ps->line, ps->col,
			    "a backslash may only end a line");
			ps->bad = 1;
		} else if (c == '#') {
			while (ps->p < ps->end && *ps->p != '\n')
				step(ps);
			continue;
		} else if (c == '"') {
			in_word = quoted = 1;
			wline = ps->line;
			wcol = ps->col;
			for (step(ps); ps->p < ps->end && *ps->p != '"' &&
			    *ps->p != '\n'; step(ps)) {
				c = (unsigned char)*ps->p;
				if (c < 0x20 || c == 0x7f) {
					perr(ps, ps->line, ps->col, "unexpected "
					    "control character \\%03o", c);
					ps->bad = 1;
				} else if (n < POLICY_LINE_MAX)
					buf[n++] = (char)c;
			}
			if (ps->p == ps->end || *ps->p == '\n') {
				perr(ps, wline, wcol, "unterminated quote");
				ps->bad = 1;
				continue;
			}
			c = ps->p + 1 < ps->end ? ps->p[1] : ' ';
			if (c != ' ' && c != '\t' && c != '\n' && c != '#' &&
			    c != '\\') {
				perr(ps, ps->line, ps->col + 1,
				    "a quoted word must end at a blank");
				ps->bad = 1;
			}
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			perr(ps, ps->line, ps->col,
			    "unexpected control character \\%03o", c);
			ps->bad = 1;
		} else if (c != ' ' && c != '\t') {
			if (!in_word) {
				in_word = 1;
				wline = ps->line;
				wcol = ps->col;
			}
			if (n < POLICY_LINE_MAX)
				buf[n++] = (char)c;
		}
		step(ps);
	}
}

/* A keyword: never a quoted word. */
int
kw(const struct word *w, const char *s)
{
	return !w->quoted && strcmp(w->s, s) == 0;
}

int
is_option(const struct word *w)
{
	return !w->quoted && (strcmp(w->s, "dom0") == 0 ||
	    strcmp(w->s, "files") == 0 || strchr(w->s, '=') != NULL);
}

/* A word from a file or a peer, made safe to print; truncated. */
const char *
pvis(const char *s, char *buf, size_t len)
{
	strvis_name(buf, len, s);
	return buf;
}
