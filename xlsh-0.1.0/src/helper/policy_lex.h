/*
 * The policy file's lexer, for its parser: the words of a rule and the
 * state they share.  Only policy_lex.c, policy.c and policy_opt.c
 * include this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef POLICY_LEX_H
#define POLICY_LEX_H

#include <stddef.h>
#include <stdio.h>

#include "policy.h"

#define POLICY_WORDS_MAX	64		/* words in one rule */

struct word {
	char	*s;
	int	 quoted;
	int	 line, col;
};

struct parser {
	const char	*name;
	FILE		*errs;
	int		 nerrs;
	const char	*p, *end;
	int		 line, col;
	int		 bad;		/* this rule had an error */
	int		 toolong;	/* this line was reported */
	int		 toomany;	/* rules past the limit */
	struct policy	*pol;
};

/* policy_lex.c */
void	perr(struct parser *, int, int, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
int	lex_rule(struct parser *, struct word *, size_t *);
int	kw(const struct word *, const char *);
int	is_option(const struct word *);
const char *pvis(const char *, char *, size_t);

/* policy_opt.c */
int	parse_option(struct parser *, struct rule *, const struct word *,
	    unsigned int *);
int	parse_on(struct parser *, struct rule *, const struct word *);

#endif /* POLICY_LEX_H */
