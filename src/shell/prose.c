/*
 * A lesson's prose (TEXT_LESSON): each line wrapped to the terminal's
 * width, or to $COLUMNS when standard output is no terminal (no
 * wrapping without either), its continuation lines indented as it is;
 * headings in bold and a step done in green on a terminal, unless
 * NO_COLOR is set or the terminal is dumb.  Bytes are escaped as
 * put_escaped does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

#define PROSE_MIN_WIDTH	20	/* narrower than this: not wrapped */

static int	width(void);
static int	colour(void);
static void	put_line(FILE *, const char *, size_t, int);

static int
width(void)
{
	struct winsize	 ws;
	const char	*c;
	uint64_t	 n;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if ((c = getenv("COLUMNS")) != NULL && parse_uint(c, 10000, &n) == 0)
		return (int)n;
	return 0;
}

static int
colour(void)
{
	const char	*term = getenv("TERM");

	return isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL &&
	    term != NULL && strcmp(term, "dumb") != 0;
}

/* A word's bytes, control and non-ASCII bytes as \ooo; its width. */
static int
put_word(FILE *f, const char *w, size_t n)
{
	size_t	i;
	int	cols = 0;

	for (i = 0; i < n; i++) {
		if ((unsigned char)w[i] >= 0x20 && (unsigned char)w[i] < 0x7f) {
			putc(w[i], f);
			cols++;
		} else {
			fprintf(f, "\\%03o", (unsigned char)w[i]);
			cols += 4;
		}
	}
	return cols;
}

static int
word_width(const char *w, size_t n)
{
	size_t	i;
	int	cols = 0;

	for (i = 0; i < n; i++)
		cols += (unsigned char)w[i] >= 0x20 &&
		    (unsigned char)w[i] < 0x7f ? 1 : 4;
	return cols;
}

/* One line of len bytes, without its newline, wrapped at wid columns (0: not wrapped). */
static void
put_line(FILE *f, const char *s, size_t len, int wid)
{
	const char	*end = s + len, *w;
	size_t		 indent = strspn(s, " "), k;
	int		 col, ww;

	if (indent > len)
		indent = len;
	fwrite(s, 1, indent, f);
	col = (int)indent;
	for (w = s + indent; w < end; w += k) {
		while (w < end && *w == ' ')
			w++;
		if (w == end)
			break;
		for (k = 0; w + k < end && w[k] != ' '; k++)
			;
		ww = word_width(w, k);
		if (col > (int)indent) {
			if (wid >= PROSE_MIN_WIDTH && col + 1 + ww > wid) {
				putc('\n', f);
				fprintf(f, "%*s", (int)indent, "");
				col = (int)indent;
			} else {
				putc(' ', f);
				col++;
			}
		}
		col += put_word(f, w, k);
	}
}

void
put_lesson(FILE *f, const char *text)
{
	const char	*nl;
	size_t		 len;
	int		 wid = width(), c = colour(), hl;

	for (; *text != '\0'; text = nl != NULL ? nl + 1 : text + len) {
		nl = strchr(text, '\n');
		len = nl != NULL ? (size_t)(nl - text) : strlen(text);
		hl = !c ? 0 : strncmp(text, "Lesson ", 7) == 0 ? 1 :
		    strncmp(text, "Done:", 5) == 0 ||
		    strncmp(text, "Right:", 6) == 0 ? 2 : 0;
		if (hl)
			fputs(hl == 1 ? "\033[1m" : "\033[32m", f);
		put_line(f, text, len, wid);
		if (hl)
			fputs("\033[0m", f);
		fputc('\n', f);
	}
	fflush(f);
}

/*
 * Where a lesson's prose goes: the lesson verb's own answer, and any on
 * a terminal, to standard output; a step's notice after another verb's
 * output, when that output goes to a file or a pipe (xlsh -c 'list
 * --json' | jq), to standard error, so that the output stays the
 * verb's alone.
 */
FILE *
prose_file(const struct request *req)
{
	return req->verb->id == V_LESSON || isatty(STDOUT_FILENO) ?
	    stdout : stderr;
}
