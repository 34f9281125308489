/*
 * History: the lines typed at the prompt, kept per member and saved
 * only in the member's own private home; the history builtin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>

#include "client.h"

#define HISTORY_LINES	1000

static char	*history_path(const struct client *);

/*
 * History is saved only where it stays the member's: in the home of
 * the Unix user running the shell ($HOME, else the password file's),
 * when that user is the member and the home is theirs and writable by
 * no one else.  On a shared jump host account it stays in memory.
 */
static char *
history_path(const struct client *c)
{
	struct passwd	*pw;
	struct stat	 st;
	const char	*home = getenv("HOME");
	char		*path;

	if ((pw = getpwuid(getuid())) == NULL ||
	    strcmp(pw->pw_name, c->member) != 0)
		return NULL;
	if (home == NULL || home[0] != '/')
		home = pw->pw_dir;
	if (stat(home, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != getuid() || (st.st_mode & 022) != 0)
		return NULL;
	xasprintf(&path, "%s/.xlsh_history", home);
	if (lstat(path, &st) == 0 && (!S_ISREG(st.st_mode) ||
	    st.st_uid != getuid() || (st.st_mode & 077) != 0)) {
		fprintf(stderr, "xlsh: %s is not a private file of yours; "
		    "history will not be saved\n", path);
		free(path);
		return NULL;
	}
	return path;
}

/*
 * Start the history of an interactive session: the file's lines when
 * there is one (its path is returned, for history_end), else NULL.
 */
char *
history_begin(const struct client *c)
{
	char	*hist;

	/* Lines are never expanded: xlsh calls no history_expand(). */
	using_history();
	stifle_history(HISTORY_LINES);
	if ((hist = history_path(c)) != NULL)
		read_history(hist);
	return hist;
}

/* Save the history where history_begin found it, and free the path. */
void
history_end(char *hist)
{
	int	fd;

	if (hist == NULL)
		return;
	/* Created private before readline writes it. */
	if ((fd = open(hist, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) != -1) {
		close(fd);
		write_history(hist);
	}
	free(hist);
}

/*
 * history: the lines kept, numbered as readline counts them (bash's
 * layout), escaped as every other line xlsh prints.  Empty without a
 * prompt: only interactive lines are kept.
 */
int
shell_history(void)
{
	HIST_ENTRY	**h;
	char		 *vis;
	size_t		  n;
	int		  i;

	if ((h = history_list()) == NULL)
		return XLSH_EXIT_OK;
	for (i = 0; h[i] != NULL; i++) {
		n = strvis_name(NULL, 0, h[i]->line) + 1;
		vis = xmalloc(n);
		strvis_name(vis, n, h[i]->line);
		printf("%5d  %s\n", history_base + i, vis);
		free(vis);
	}
	return XLSH_EXIT_OK;
}
