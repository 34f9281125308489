/*
 * The shell's state that its parts share: the connection to the
 * helper, whether the shell should end and whether it may ask, how it
 * prints an error, and how it asks a question.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>

#include "client.h"

struct client	 conn;
int		 shell_done;
int		 shell_asks;

/*
 * "xlsh: " before an error: in bold red on a terminal, unless NO_COLOR
 * is set (https://no-color.org) or the terminal is dumb.
 */
void
error_prefix(void)
{
	static int	 colour = -1;
	const char	*term = getenv("TERM");

	if (colour == -1)
		colour = isatty(STDERR_FILENO) && getenv("NO_COLOR") == NULL &&
		    term != NULL && strcmp(term, "dumb") != 0;
	fputs(colour ? "\033[1;31mxlsh:\033[0m " : "xlsh: ", stderr);
}

void
shell_error(const char *fmt, ...)
{
	va_list	ap;

	error_prefix();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static char **
no_completion(const char *text, int start, int end)
{
	(void)text;
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;
	return NULL;
}

/* A question at the prompt, nothing completed: 1 if the answer is yes. */
int
confirm(const char *question)
{
	rl_completion_func_t	*was = rl_attempted_completion_function;
	char			*ans;
	int			 yes;

	rl_attempted_completion_function = no_completion;
	ans = readline(question);
	rl_attempted_completion_function = was;
	yes = ans != NULL && strcmp(ans, "yes") == 0;
	free(ans);
	return yes;
}
