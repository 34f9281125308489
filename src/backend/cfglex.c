/*
 * The xl.cfg reader's lexer, which reads what libxlutil 4.17's scanner
 * reads, token for token:
 *
 *	name	[a-z][._0-9a-z]*	a key (IDENT)
 *	number	[0-9][0-9a-fx]*		kept as its text (NUMBER)
 *	string	"..." or '...' on one line, with C's escapes (STRING)
 *	newline	\n, or a comment from # to the end of its line (NEWLINE)
 *	+=  =  ;  [  ]  ,		and blanks and tabs between tokens
 *
 * Anything else is a lexical error, reported with what follows it up to
 * a blank or the line's end; but a single such byte at the very end of
 * the file is dropped, as flex drops it, so that "memory = 1." reads as
 * memory = 1 and a file may end in a lone "#".  The first error ends
 * the reading: the file is refused, and its report is libxlutil's
 * first line, "FILE:LINE: config parsing error near `TEXT': WHY".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfglex.h"
#include "common/xlsh.h"

/* The parser's names of the tokens, indexed by enum cfgtok. */
static const char *const tok_names[] = {
	"$end", "IDENT", "STRING", "NUMBER", "NEWLINE", "+=", "'='", "';'",
	"'['", "']'", "','"
};

static int	report(struct cfglex *, int, const char *, size_t, int,
		    const char *);
static int	is_ident(int);
static int	is_number(int);
static size_t	octal_len(const char *, const char *);
static int	unquote(struct cfglex *, char **);
static const char *string_end(const char *, const char *);
static int	bad_byte(struct cfglex *, const char *);
static int	lex(struct cfglex *);

void
cfglex_init(struct cfglex *lx, const char *data, size_t len,
    const char *source, char *err, size_t errsz)
{
	memset(lx, 0, sizeof(*lx));
	lx->p = data;
	lx->end = data + len;
	lx->source = source;
	lx->lineno = 1;
	lx->tok = TOK_END;
	lx->text = data;
	lx->line = 1;
	lx->err = err;
	lx->errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
}

void
cfglex_done(struct cfglex *lx)
{
	free(lx->val);
	lx->val = NULL;
}

/*
 * The one line of an error, near a token's text: a newline's line is
 * the one before it (libxlutil counts it twice), and the end of the
 * file is near `' or near the byte it dropped there.
 */
static int
report(struct cfglex *lx, int line, const char *text, size_t len, int eof,
    const char *why)
{
	const char	*nl = "";
	int		 quote;

	if (!eof) {
		if (len > 0 && text[len - 1] == '\n') {
			len--;
			line--;
			if (len == 0)
				nl = "<newline>";
		}
		while (len > 0 && (text[len - 1] == ' ' ||
		    text[len - 1] == '\t'))
			len--;
	}
	quote = eof || len > 0;
	if (lx->errsz > 0 && lx->err[0] == '\0')
		snprintf(lx->err, lx->errsz, "%s:%d: config parsing error near "
		    "%s%.*s%s%s: %s", lx->source, line, quote ? "`" : "",
		    (int)len, text, quote ? "'" : "", nl, why);
	return -1;
}

/* An error near the last token read, at the line given. */
int
cfglex_fail(struct cfglex *lx, int line, const char *why)
{
	return report(lx, line, lx->text, lx->len, lx->tok == TOK_END, why);
}

/* The parser's error for a lookahead it has no use for. */
int
cfglex_unexpected(struct cfglex *lx, const char *expecting)
{
	char	why[128];

	snprintf(why, sizeof(why), "syntax error, unexpected %s, expecting %s",
	    tok_names[lx->tok], expecting);
	return cfglex_fail(lx, lx->line, why);
}

static int
is_ident(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	    c == '_';
}

static int
is_number(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == 'x';
}

/*
 * How much of an octal escape's tail libxlutil skips: it reads up to
 * three bytes after the escape's first digit as strtoul would in base
 * ten (blanks, a sign, digits) and keeps nothing of them.  0: no digit.
 */
static size_t
octal_len(const char *p, const char *end)
{
	size_t	n = 0, max = (size_t)(end - p) < 3 ? (size_t)(end - p) : 3;
	int	digits = 0;

	while (n < max && (p[n] == ' ' || p[n] == '\t' || p[n] == '\n' ||
	    p[n] == '\v' || p[n] == '\f' || p[n] == '\r'))
		n++;
	if (n < max && (p[n] == '+' || p[n] == '-'))
		n++;
	while (n < max && p[n] >= '0' && p[n] <= '9') {
		n++;
		digits = 1;
	}
	return digits ? n : 0;
}

/*
 * The current token, a quoted string, without its quotes and escapes:
 * \" \' \\ and \a \b \f \n \r \t \v.  libxlutil refuses \x always (it
 * skips the byte after the x and then wants more than the two digits it
 * reads) and drops an octal escape whole; those words are its own.
 */
static int
unquote(struct cfglex *lx, char **out)
{
	const char	*p = lx->text + 1, *end = lx->text + lx->len - 1;
	char		*q;
	size_t		 n;
	int		 c;

	*out = q = xmalloc(lx->len - 1);
	while (p < end) {
		if ((c = *p++) != '\\') {
			*q++ = (char)c;
			continue;
		}
		switch ((c = *p++)) {
		case '"':
		case '\'':
		case '\\':
			*q++ = (char)c;
			break;
		case 'a':
			*q++ = '\a';
			break;
		case 'b':
			*q++ = '\b';
			break;
		case 'f':
			*q++ = '\f';
			break;
		case 'n':
			*q++ = '\n';
			break;
		case 'r':
			*q++ = '\r';
			break;
		case 't':
			*q++ = '\t';
			break;
		case 'v':
			*q++ = '\v';
			break;
		case 'x':
			*q = '\0';
			return cfglex_fail(lx, lx->lineno, "invalid digit after "
			    "backslash hexnumerical character escape in quoted "
			    "string");
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			if ((n = octal_len(p, end + 1)) < 2) {
				*q = '\0';
				return cfglex_fail(lx, lx->lineno, "invalid "
				    "digit after backslash octalnumerical "
				    "character escape in quoted string");
			}
			p += n;
			break;
		default:
			*q = '\0';
			return cfglex_fail(lx, lx->lineno, "invalid character "
			    "after backlash in quoted string");
		}
	}
	*q = '\0';
	return 0;
}

/* The end of a quoted string that starts at s, or NULL if it has none. */
static const char *
string_end(const char *s, const char *end)
{
	const char	*p;

	for (p = s + 1; p < end && *p != '\n'; p++) {
		if (*p == *s)
			return p + 1;
		if (*p == '\\' && (++p == end || *p == '\n'))
			return NULL;
	}
	return NULL;
}

/*
 * A byte no token starts with.  At the end of the file it is dropped
 * and the file ends, near it (at the line of the token before, as the
 * end always is); otherwise it is an error near it and
 * what follows it up to a blank or the end of its line.
 */
static int
bad_byte(struct cfglex *lx, const char *s)
{
	const char	*t = s + 1;

	if (t == lx->end) {
		lx->p = t;
		lx->tok = TOK_END;
		lx->text = s;
		lx->len = 1;
		return 0;
	}
	if (*t == '\n') {
		lx->lineno++;
		t++;
	} else if (*t == ' ' || *t == '\t')
		t++;
	else
		while (t < lx->end && *t != ' ' && *t != '\t' && *t != '\n')
			t++;
	return report(lx, lx->lineno, s, (size_t)(t - s), 0, "lexical error");
}

static int
lex(struct cfglex *lx)
{
	const char	*s, *t;
	int		 line = lx->lineno;

	free(lx->val);
	lx->val = NULL;
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t'))
		lx->p++;
	s = t = lx->p;
	if (s == lx->end) {
		/* The end keeps the line of the token before it. */
		lx->tok = TOK_END;
		lx->text = s;
		lx->len = 0;
		return 0;
	}
	if (*s == '\n' || (*s == '#' && (t = memchr(s, '\n',
	    (size_t)(lx->end - s))) != NULL)) {
		lx->tok = TOK_NEWLINE;
		t = (*s == '\n' ? s : t) + 1;
		lx->lineno++;
	} else if (*s >= 'a' && *s <= 'z') {
		lx->tok = TOK_IDENT;
		for (t = s + 1; t < lx->end && is_ident(*t); t++)
			;
	} else if (*s >= '0' && *s <= '9') {
		lx->tok = TOK_NUMBER;
		for (t = s + 1; t < lx->end && is_number(*t); t++)
			;
	} else if (*s == '+' && s + 1 < lx->end && s[1] == '=') {
		lx->tok = TOK_ADD;
		t = s + 2;
	} else if (*s == '"' || *s == '\'') {
		if ((t = string_end(s, lx->end)) == NULL)
			return bad_byte(lx, s);
		lx->tok = TOK_STRING;
	} else {
		t = s + 1;
		switch (*s) {
		case '=':
			lx->tok = TOK_EQ;
			break;
		case ';':
			lx->tok = TOK_SEMI;
			break;
		case '[':
			lx->tok = TOK_OPEN;
			break;
		case ']':
			lx->tok = TOK_CLOSE;
			break;
		case ',':
			lx->tok = TOK_COMMA;
			break;
		default:
			return bad_byte(lx, s);
		}
	}
	lx->p = t;
	lx->text = s;
	lx->len = (size_t)(t - s);
	lx->line = line;
	if (lx->tok == TOK_STRING)
		return unquote(lx, &lx->val);
	if (lx->tok == TOK_IDENT || lx->tok == TOK_NUMBER) {
		lx->val = xmalloc(lx->len + 1);
		memcpy(lx->val, s, lx->len);
		lx->val[lx->len] = '\0';
	}
	return 0;
}

/* The next token, read if the parser has not seen it yet. */
int
cfglex_peek(struct cfglex *lx)
{
	if (lx->have)
		return 0;
	if (lex(lx) == -1)
		return -1;
	lx->have = 1;
	return 0;
}

/* The lookahead taken by the parser, with its value if it has one. */
char *
cfglex_take(struct cfglex *lx)
{
	char	*v = lx->val;

	lx->have = 0;
	lx->val = NULL;
	return v;
}
