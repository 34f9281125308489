/*
 * xlsh's own xl.cfg reader, which accepts and refuses what libxlutil
 * 4.17 (xl's) does, with the same values and the same first line of
 * complaint, so that neither the helper nor the simulated host loads
 * a Xen library to read a config.  Its grammar, with cfglex.c's tokens:
 *
 *	file	 := { [ assignment ] ( NEWLINE | ';' ) } [ assignment ]
 *	assignment := IDENT ( '=' | '+=' ) value
 *	value	 := STRING | NUMBER | '[' nl [ value nl { ',' nl value nl }
 *		    [ ',' nl ] ] ']'		(nl: any NEWLINEs)
 *
 * A name set again has its last value; += appends a string to a string
 * and a list to a list (either to nothing).  The first error ends the
 * reading, as the first line of libxlutil's report is the one xlsh
 * shows: where its bison parser would say "syntax error, unexpected X,
 * expecting Y", the parser here says the same, which needs the states
 * bison's tables would be in; and where nested lists would fill
 * bison's stack of 10000 states (YYMAXDEPTH), "memory exhausted".
 * The depths counted below are the indices of that stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cfglex.h"
#include "common/xlsh.h"

#define STACK_MAX	10000		/* bison's YYMAXDEPTH */
#define VALUE_DEPTH	4		/* above the start, stmts, IDENT, = */

#define EXPECT_VALUE	"STRING or NUMBER or '['"

static int	push(struct cfglex *, int);
static int	newlines(struct cfglex *, int);
static int	is_value(enum cfgtok);
static void	add_item(struct cfgset *, char *);
static int	list(struct cfglex *, struct cfgset *);
static int	value(struct cfglex *, struct cfgset *);
static void	set_clear(struct cfgset *);
static int	store(struct cfgfile *, struct cfgset *, int);

/* A state pushed at depth: bison gives up at its last slot. */
static int
push(struct cfglex *lx, int depth)
{
	if (depth < STACK_MAX - 1)
		return 0;
	return cfglex_fail(lx, lx->line, "memory exhausted");
}

/* Any NEWLINEs inside a list, each pushed at depth and reduced. */
static int
newlines(struct cfglex *lx, int depth)
{
	for (;;) {
		if (cfglex_peek(lx) == -1)
			return -1;
		if (lx->tok != TOK_NEWLINE)
			return 0;
		if (push(lx, depth) == -1)
			return -1;
		cfglex_take(lx);
	}
}

static int
is_value(enum cfgtok t)
{
	return t == TOK_STRING || t == TOK_NUMBER || t == TOK_OPEN;
}

static void
add_item(struct cfgset *v, char *s)
{
	v->items = xreallocarray(v->items, v->nitems + 1, sizeof(*v->items));
	v->items[v->nitems++] = s;
}

/*
 * A list whose '[' is the lookahead, into v: its strings and numbers,
 * and NULL for each list inside it, whose items are not kept.  Lists
 * inside lists are followed without recursion, on a stack of their
 * own; bison's, which the depths count, runs out first.
 */
static int
list(struct cfglex *lx, struct cfgset *v)
{
	int	*open = NULL;		/* the depths of the lists around */
	size_t	 nopen = 0;
	int	 at = VALUE_DEPTH, item, rv = -1;
	char	*s;

	v->list = 1;
	item = at;
	goto open;
next:
	/* A value at depth item: an atom, or another list. */
	if (lx->tok != TOK_OPEN) {
		if (push(lx, item) == -1)
			goto out;
		s = cfglex_take(lx);
		if (nopen == 0)
			add_item(v, s);
		else
			free(s);
		goto after;
	}
	if (nopen == 0)
		add_item(v, NULL);
	open = xreallocarray(open, nopen + 1, sizeof(*open));
	open[nopen++] = at;
	at = item;
open:
	/* '[' at depth at, an empty nlok above it, then any NEWLINEs. */
	if (push(lx, at) == -1)
		goto out;
	cfglex_take(lx);
	if (push(lx, at + 1) == -1 || newlines(lx, at + 2) == -1)
		goto out;
	if (is_value(lx->tok)) {
		item = at + 2;
		goto next;
	}
	/* An empty list: its valuelist reduced with the lookahead. */
	if (push(lx, at + 2) == -1)
		goto out;
	goto close;
after:
	/* The item's nlok, any NEWLINEs, then a comma and perhaps more. */
	if (push(lx, item + 1) == -1 || newlines(lx, item + 2) == -1)
		goto out;
	if (lx->tok == TOK_COMMA) {
		if (push(lx, at + 3) == -1)
			goto out;
		cfglex_take(lx);
		if (push(lx, at + 4) == -1 || newlines(lx, at + 5) == -1)
			goto out;
		if (is_value(lx->tok)) {
			item = at + 5;
			goto next;
		}
	}
close:
	/* Whatever is not ']' here is an error. */
	if (lx->tok != TOK_CLOSE) {
		cfglex_unexpected(lx, "']'");
		goto out;
	}
	if (push(lx, at + 3) == -1)
		goto out;
	cfglex_take(lx);
	if (nopen > 0) {
		item = at;
		at = open[--nopen];
		goto after;
	}
	rv = 0;
out:
	free(open);
	return rv;
}

/* The value after '=' or '+='. */
static int
value(struct cfglex *lx, struct cfgset *v)
{
	if (cfglex_peek(lx) == -1)
		return -1;
	if (!is_value(lx->tok))
		return cfglex_unexpected(lx, EXPECT_VALUE);
	v->line = lx->line;
	if (lx->tok == TOK_OPEN)
		return list(lx, v);
	if (push(lx, VALUE_DEPTH) == -1)
		return -1;
	v->value = cfglex_take(lx);
	return 0;
}

static void
set_clear(struct cfgset *v)
{
	size_t	i;

	free(v->name);
	free(v->value);
	for (i = 0; i < v->nitems; i++)
		free(v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

/*
 * Keep v, whose name and value cfg takes: in place of the setting of
 * the same name, or, for +=, added to it.  -1 if += would add a list
 * to a single value or the other way round.
 */
static int
store(struct cfgfile *cfg, struct cfgset *v, int add)
{
	struct cfgset	*old;
	char		*s;
	size_t		 i;

	for (i = 0; i < cfg->nsets; i++)
		if (strcmp(cfg->sets[i].name, v->name) == 0)
			break;
	if (i == cfg->nsets) {
		cfg->sets = xreallocarray(cfg->sets, cfg->nsets + 1,
		    sizeof(*cfg->sets));
		cfg->sets[cfg->nsets++] = *v;
		memset(v, 0, sizeof(*v));
		return 0;
	}
	old = &cfg->sets[i];
	if (add && old->list != v->list)
		return -1;
	if (add && !v->list) {
		xasprintf(&s, "%s%s", old->value, v->value);
		free(v->value);
		v->value = s;
	} else if (add) {
		old->items = xreallocarray(old->items, old->nitems +
		    v->nitems, sizeof(*old->items));
		for (i = 0; i < v->nitems; i++)
			old->items[old->nitems + i] = v->items[i];
		old->nitems += v->nitems;
		free(v->items);
		v->items = old->items;
		v->nitems = old->nitems;
		old->items = NULL;
		old->nitems = 0;
	}
	set_clear(old);
	*old = *v;
	memset(v, 0, sizeof(*v));
	return 0;
}

/*
 * Read len bytes of an xl.cfg (NUL bytes refused) into cfg, which
 * cfg_free frees whether this succeeds or not.  -1 on an error, with
 * its report in err: "SOURCE:LINE: config parsing error near ...".
 */
int
cfg_read(struct cfgfile *cfg, const char *data, size_t len,
    const char *source, char *err, size_t errsz)
{
	struct cfglex	lx;
	struct cfgset	v;
	int		add, rv = -1;

	memset(cfg, 0, sizeof(*cfg));
	memset(&v, 0, sizeof(v));
	if (data == NULL)
		data = "";
	if (len > 0 && memchr(data, '\0', len) != NULL) {
		if (errsz > 0)
			snprintf(err, errsz, "%s: the config contains a NUL "
			    "byte", source);
		return -1;
	}
	cfglex_init(&lx, data, len, source, err, errsz);
	for (;;) {
		/* A statement, or the end. */
		if (cfglex_peek(&lx) == -1)
			goto out;
		if (lx.tok == TOK_END)
			break;
		if (lx.tok == TOK_NEWLINE || lx.tok == TOK_SEMI) {
			cfglex_take(&lx);
			continue;
		}
		if (lx.tok != TOK_IDENT) {
			cfglex_unexpected(&lx, "$end or IDENT or NEWLINE or "
			    "';'");
			goto out;
		}
		v.name = cfglex_take(&lx);
		if (cfglex_peek(&lx) == -1)
			goto out;
		if (lx.tok != TOK_EQ && lx.tok != TOK_ADD) {
			cfglex_unexpected(&lx, "+= or '='");
			goto out;
		}
		add = lx.tok == TOK_ADD;
		cfglex_take(&lx);
		if (value(&lx, &v) == -1)
			goto out;
		if (store(cfg, &v, add) == -1) {
			cfglex_fail(&lx, lx.lineno, "can't add [list] to "
			    "\"string\" or vice versa");
			goto out;
		}
		/* After an assignment, only its end or the file's. */
		if (cfglex_peek(&lx) == -1)
			goto out;
		if (lx.tok == TOK_END)
			break;
		if (lx.tok != TOK_NEWLINE && lx.tok != TOK_SEMI) {
			cfglex_unexpected(&lx, "$end");
			goto out;
		}
		cfglex_take(&lx);
	}
	rv = 0;
out:
	set_clear(&v);
	cfglex_done(&lx);
	return rv;
}

void
cfg_free(struct cfgfile *cfg)
{
	size_t	i;

	for (i = 0; i < cfg->nsets; i++)
		set_clear(&cfg->sets[i]);
	free(cfg->sets);
	memset(cfg, 0, sizeof(*cfg));
}

/* A key's setting, or NULL if the file does not set it. */
const struct cfgset *
cfg_get(const struct cfgfile *cfg, const char *name)
{
	size_t	i;

	for (i = 0; i < cfg->nsets; i++)
		if (strcmp(cfg->sets[i].name, name) == 0)
			return &cfg->sets[i];
	return NULL;
}
