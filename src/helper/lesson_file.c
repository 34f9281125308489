/*
 * Lesson files, xlsh-lessons(5): NN-NAME.lesson in the lessons
 * directory, one keyword a line, read strictly: the first fault is
 * reported as FILE:LINE: and the lesson is not used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xlsh.h"
#include "lesson.h"

#define LINE_MAX_LEN	1024
#define WORDS_MAX	6

static int	append(char **, const char *);
static int	lesson_name(const char *, unsigned int *);

/* Append a line of text; an empty one ends a paragraph: a blank line. */
static int
append(char **text, const char *s)
{
	char	*t;

	if (*text == NULL)
		*text = xstrdup(*s == '\0' ? "\n\n" : s);
	else {
		xasprintf(&t, "%s%s%s", *text, *s == '\0' || (*text)[0] ==
		    '\0' || (*text)[strlen(*text) - 1] == '\n' ? "" : " ",
		    *s == '\0' ? "\n\n" : s);
		free(*text);
		*text = t;
	}
	return 0;
}

/* What a step needs before the next begins, or the file ends. */
static const char *
step_incomplete(const struct step *st, int answers)
{
	if (st->todo == NULL)
		return "has no 'do' line";
	if (st->nchecks == 0)
		return "has no 'check' line";
	if (st->nhints == 0)
		return "has no 'hint' line";
	if (!answers)
		return "has no 'answer' line (its model answer)";
	return NULL;
}

/*
 * Parse a lesson's text; path names it in messages.  0, or -1 with
 * "PATH:LINE: what" in e, and l freed.
 */
int
lesson_parse(const char *path, const char *text, size_t len,
    struct lesson *l, struct xerr *e)
{
	char		 line[LINE_MAX_LEN + 1], err[200], *w[WORDS_MAX], *p;
	char		*rest;
	struct step	*st = NULL;
	const char	*why, *end = text + len;
	size_t		 k;
	int		 lineno = 0, nw, answers = 0, asks;

	memset(l, 0, sizeof(*l));
	l->file = xstrdup(path);
	err[0] = '\0';
	while (text < end) {
		lineno++;
		p = memchr(text, '\n', (size_t)(end - text));
		k = (p != NULL ? (size_t)(p - text) : (size_t)(end - text));
		if (k > LINE_MAX_LEN) {
			snprintf(err, sizeof(err), "line longer than %d bytes",
			    LINE_MAX_LEN);
			goto bad;
		}
		memcpy(line, text, k);
		line[k] = '\0';
		text += k + (p != NULL);
		for (p = line; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 && *p != '\t') {
				snprintf(err, sizeof(err), "control character "
				    "0x%02x", (unsigned char)*p);
				goto bad;
			}
		while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t'))
			line[--k] = '\0';
		p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		rest = p + strcspn(p, " \t");
		if (*rest != '\0') {
			*rest++ = '\0';
			rest += strspn(rest, " \t");
		}
		if (strcmp(p, "title") == 0) {
			if (l->title != NULL || st != NULL || *rest == '\0') {
				snprintf(err, sizeof(err), "one 'title TEXT' "
				    "comes first");
				goto bad;
			}
			l->title = xstrdup(rest);
			continue;
		}
		if (l->title == NULL) {
			snprintf(err, sizeof(err), "'title TEXT' must come "
			    "first");
			goto bad;
		}
		if (strcmp(p, "step") == 0) {
			if (st != NULL && (why = step_incomplete(st,
			    answers)) != NULL) {
				snprintf(err, sizeof(err), "the step before "
				    "%s", why);
				goto bad;
			}
			if (*rest == '\0' || l->nsteps == LESSON_STEPS_MAX) {
				snprintf(err, sizeof(err), "'step TITLE', at "
				    "most %d of them", LESSON_STEPS_MAX);
				goto bad;
			}
			st = &l->steps[l->nsteps++];
			st->title = xstrdup(rest);
			answers = 0;
			continue;
		}
		if (strcmp(p, "text") == 0 && st == NULL) {
			append(&l->text, rest);
			continue;
		}
		if (st == NULL) {
			snprintf(err, sizeof(err), "'%s' before the first "
			    "step (only title and text may come first)", p);
			goto bad;
		}
		if (strcmp(p, "do") == 0)
			append(&st->todo, rest);
		else if (strcmp(p, "why") == 0)
			append(&st->why, rest);
		else if (strcmp(p, "hint") == 0) {
			if (*rest == '\0' || st->nhints == LESSON_HINTS_MAX) {
				snprintf(err, sizeof(err), "'hint TEXT', at "
				    "most %d a step", LESSON_HINTS_MAX);
				goto bad;
			}
			st->hints[st->nhints++] = xstrdup(rest);
		} else if (strcmp(p, "check") == 0) {
			for (nw = 0; *rest != '\0' && nw < WORDS_MAX; nw++) {
				w[nw] = rest;
				rest += strcspn(rest, " \t");
				if (*rest != '\0')
					*rest++ = '\0';
				rest += strspn(rest, " \t");
			}
			if (*rest != '\0' ||
			    st->nchecks == LESSON_CHECKS_MAX) {
				snprintf(err, sizeof(err), "check: too many "
				    "words, or more than %d checks a step",
				    LESSON_CHECKS_MAX);
				goto bad;
			}
			if (lesson_parse_check(w, nw, &st->checks[st->nchecks], err,
			    sizeof(err)) == -1)
				goto bad;
			st->nchecks++;
			asks = lesson_asks(st);
			if (asks && st->nchecks > 1) {
				snprintf(err, sizeof(err), "check answer "
				    "must be its step's only check");
				goto bad;
			}
		} else if (strcmp(p, "answer") == 0 ||
		    strcmp(p, "wrong") == 0) {
			if (*rest == '\0') {
				snprintf(err, sizeof(err), "'%s' needs a "
				    "command line", p);
				goto bad;
			}
			answers += p[0] == 'a';
		} else {
			snprintf(err, sizeof(err), "unknown keyword '%s'", p);
			goto bad;
		}
	}
	if (l->title == NULL || l->nsteps == 0) {
		snprintf(err, sizeof(err), "a lesson needs a title and a "
		    "step");
		goto bad;
	}
	if ((why = step_incomplete(st, answers)) != NULL) {
		snprintf(err, sizeof(err), "the last step %s", why);
		goto bad;
	}
	return 0;
bad:
	xerr_set(e, XE_STATE, "%s:%d: %s", path, lineno, err);
	lesson_free(l);
	return -1;
}

/* NN-NAME.lesson: its number, 1..LESSON_MAX, or 0 for another name. */
static int
lesson_name(const char *name, unsigned int *n)
{
	size_t	d = strspn(name, "0123456789"), len = strlen(name);
	char	num[3];

	if (d == 0 || d > 2 || name[d] != '-' || len < d + 9 ||
	    strcmp(name + len - 7, ".lesson") != 0 ||
	    strspn(name + d + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789._-") != len - d - 1)
		return 0;
	memcpy(num, name, d);
	num[d] = '\0';
	*n = (unsigned int)atoi(num);
	return *n >= 1 && *n <= LESSON_MAX;
}

static int
cmp_uint(const void *a, const void *b)
{
	unsigned int	x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* The lessons' numbers, sorted, each once.  A missing directory: none. */
int
lesson_numbers(const char *dir, unsigned int **out, size_t *np)
{
	DIR		*d;
	struct dirent	*de;
	unsigned int	*v = NULL, n;
	size_t		 k = 0, i, j;

	*out = NULL;
	*np = 0;
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		if (!lesson_name(de->d_name, &n))
			continue;
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k++] = n;
	}
	closedir(d);
	if (k > 0)
		qsort(v, k, sizeof(*v), cmp_uint);
	for (i = j = 0; i < k; i++)
		if (j == 0 || v[j - 1] != v[i])
			v[j++] = v[i];
	*out = v;
	*np = j;
	return 0;
}

/* Read and parse lesson n of dir; two files of one number are a fault. */
int
lesson_load(const char *dir, unsigned int n, struct lesson **out,
    struct xerr *e)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	struct lesson	*l;
	char		*path = NULL, *text = NULL;
	unsigned int	 k;
	ssize_t		 r;
	int		 fd = -1, rc = -1;

	*out = NULL;
	if ((d = opendir(dir)) == NULL) {
		xerr_set(e, XE_NOTFOUND, "no lesson %u", n);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!lesson_name(de->d_name, &k) || k != n)
			continue;
		if (path != NULL) {
			xerr_set(e, XE_STATE, "%s and %s/%s are both lesson "
			    "%u", path, dir, de->d_name, n);
			goto out;
		}
		xasprintf(&path, "%s/%s", dir, de->d_name);
	}
	if (path == NULL) {
		xerr_set(e, XE_NOTFOUND, "no lesson %u; 'lesson' lists them",
		    n);
		goto out;
	}
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > LESSON_FILE_MAX) {
		xerr_set(e, XE_STATE, "%s: not a readable file of at most %d "
		    "bytes", path, LESSON_FILE_MAX);
		goto out;
	}
	text = xmalloc((size_t)st.st_size + 1);
	if ((r = read(fd, text, (size_t)st.st_size)) != st.st_size) {
		xerr_set(e, XE_STATE, "%s: cannot read it", path);
		goto out;
	}
	l = xcalloc(1, sizeof(*l));
	if (lesson_parse(path, text, (size_t)r, l, e) == -1) {
		free(l);
		goto out;
	}
	l->number = n;
	*out = l;
	rc = 0;
out:
	closedir(d);
	if (fd != -1)
		close(fd);
	free(text);
	free(path);
	return rc;
}

void
lesson_free(struct lesson *l)
{
	size_t	i, j;

	if (l == NULL)
		return;
	for (i = 0; i < l->nsteps; i++) {
		free(l->steps[i].title);
		free(l->steps[i].todo);
		free(l->steps[i].why);
		for (j = 0; j < l->steps[i].nhints; j++)
			free(l->steps[i].hints[j]);
		for (j = 0; j < l->steps[i].nchecks; j++) {
			free(l->steps[i].checks[j].name);
			free(l->steps[i].checks[j].arg);
			free(l->steps[i].checks[j].arg2);
		}
	}
	free(l->file);
	free(l->title);
	free(l->text);
	memset(l, 0, sizeof(*l));
}
