/*
 * The xl.cfg reader's lexer (cfglex.c), which its parser (cfgread.c)
 * calls for one token at a time, as libxlutil's parser calls its flex
 * scanner, and its error reports, which keep libxlutil's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef CFGLEX_H
#define CFGLEX_H

#include <stddef.h>

/* The tokens, in the order of libxlutil's grammar (their numbers). */
enum cfgtok {
	TOK_END,
	TOK_IDENT,
	TOK_STRING,
	TOK_NUMBER,
	TOK_NEWLINE,
	TOK_ADD,	/* += */
	TOK_EQ,
	TOK_SEMI,
	TOK_OPEN,
	TOK_CLOSE,
	TOK_COMMA
};

struct cfglex {
	const char	*p;		/* what is still to be read */
	const char	*end;
	const char	*source;	/* the name errors give */
	int		 lineno;	/* the line the lexer is on */
	/* The last token read, which the parser may not have taken yet. */
	int		 have;		/* it is the parser's lookahead */
	enum cfgtok	 tok;
	const char	*text;		/* as it stands in the file */
	size_t		 len;
	int		 line;		/* the line its error reports name */
	char		*val;		/* IDENT, NUMBER, STRING's value */
	/* The first error, which ends the reading. */
	char		*err;
	size_t		 errsz;
};

void	cfglex_init(struct cfglex *, const char *, size_t, const char *,
	    char *, size_t);
void	cfglex_done(struct cfglex *);
int	cfglex_peek(struct cfglex *);
char	*cfglex_take(struct cfglex *);
int	cfglex_fail(struct cfglex *, int, const char *);
int	cfglex_unexpected(struct cfglex *, const char *);

#endif /* CFGLEX_H */
