/*
 * The interactive shell: readline with completion from the verb table
 * (never of file names where a domain is wanted), Ctrl-C abandoning
 * the line, an idle timeout with a warning; history.c keeps the lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "client.h"

#define IDLE_WARN_SECS	60	/* the warning comes this long before, */
					/* or halfway on a short timeout */

static volatile sig_atomic_t	 got_sigint;
static char			**cands;
static size_t			  cand_i;
static uint32_t			  idle_secs;
static uint64_t			  idle_deadline;	/* ms; 0: none */
static int			  idle_warned, idle_expired;
static int			  idle_warn_secs;

static char	*no_files(const char *, int);
static char	*cand_gen(const char *, int);
static char	**attempt(const char *, int, int);
static void	 on_sigint(int);
static void	 abandon_line(void);
static void	 idle_arm(void);
static int	 idle_getc(FILE *);

/* Completion never falls back to readline's file names. */
static char *
no_files(const char *text, int state)
{
	(void)text;
	(void)state;
	return NULL;
}

static char *
cand_gen(const char *text, int state)
{
	size_t	n = strlen(text);

	if (state == 0)
		cand_i = 0;
	while (cands != NULL && cands[cand_i] != NULL) {
		if (strncmp(cands[cand_i], text, n) == 0)
			return xstrdup(cands[cand_i++]);
		cand_i++;
	}
	return NULL;
}

static char **
attempt(const char *text, int start, int end)
{
	char	**m;
	size_t	  i;
	int	  files;

	(void)end;
	rl_attempted_completion_over = 1;
	rl_completion_append_character = ' ';
	cands = complete_line(rl_line_buffer, start, text, &files);
	if (files) {
		rl_filename_completion_desired = 1;
		return rl_completion_matches(text,
		    rl_filename_completion_function);
	}
	m = rl_completion_matches(text, cand_gen);
	for (i = 0; cands != NULL && cands[i] != NULL; i++)
		free(cands[i]);
	free(cands);
	cands = NULL;
	/* A lone "key=" wants its value next, not a blank. */
	if (m != NULL && m[1] == NULL && m[0][0] != '\0' &&
	    m[0][strlen(m[0]) - 1] == '=')
		rl_completion_append_character = '\0';
	return m;
}

static void
on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
	client_interrupted = 1;
}

/* Ctrl-C at the prompt abandons the line, as in other shells. */
static void
abandon_line(void)
{
	got_sigint = 0;
	rl_replace_line("", 0);
	rl_crlf();
	rl_on_new_line();
	rl_redisplay();
}

static void
idle_arm(void)
{
	idle_warned = 0;
	idle_deadline = idle_secs == 0 ? 0 :
	    now_ms() + (uint64_t)idle_secs * 1000;
}

/*
 * Readline's source of keys: waits for one, warning once when the
 * session has been idle until a minute before the helper's timeout,
 * and ending it (EOF, with idle_expired set) when the minute is up.
 */
static int
idle_getc(FILE *f)
{
	struct pollfd	pfd;
	uint64_t	now, warn_ms = (uint64_t)idle_warn_secs * 1000;
	int		ms, rv, c;

	for (;;) {
		/* A Ctrl-C that came while keys were being handled. */
		if (got_sigint)
			abandon_line();
		ms = -1;
		if (idle_deadline != 0) {
			now = now_ms();
			if (!idle_warned && now + warn_ms >= idle_deadline) {
				idle_warned = 1;
				fprintf(stderr, "\r\nxlsh: idle for a while: "
				    "the session ends in %d seconds unless "
				    "you type\r\n", idle_warn_secs);
				rl_on_new_line();
				rl_redisplay();
			}
			if (now >= idle_deadline) {
				idle_expired = 1;
				return EOF;
			}
			ms = (int)(idle_deadline - now);
			if (!idle_warned)
				ms = ms > (int)warn_ms ? ms - (int)warn_ms : 0;
		}
		pfd.fd = fileno(f);
		pfd.events = POLLIN;
		rv = poll(&pfd, 1, ms);
		if ((rv == -1 && errno == EINTR) || got_sigint)
			continue;
		if (rv <= 0)
			continue;
		if ((c = rl_getc(f)) != EOF)
			idle_arm();
		return c;
	}
}

void
interactive(struct client *c)
{
	struct sigaction	 sa;
	char			*line, *hist, prompt[HOST_STR + 128];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);

	/* Readline: no INPUTRC from the environment, no file names. */
	unsetenv("INPUTRC");
	rl_readline_name = "xlsh";
	rl_catch_signals = 0;
	rl_getc_function = idle_getc;
	rl_attempted_completion_function = attempt;
	rl_completion_entry_function = no_files;
	rl_basic_word_break_characters = " \t";
	rl_completer_quote_characters = NULL;
	rl_filename_quote_characters = NULL;
	hist = history_begin(c);

	idle_secs = c->idle_secs;
	idle_warn_secs = idle_secs >= 2 * IDLE_WARN_SECS ? IDLE_WARN_SECS :
	    (int)idle_secs / 2;
	shell_asks = 1;
	while (!shell_done) {
		/* The lesson's step under way, briefly: [L2.3]. */
		snprintf(prompt, sizeof(prompt), "%s%s%s%s@%s> ",
		    c->lesson_tag[0] != '\0' ? "[" : "", c->lesson_tag,
		    c->lesson_tag[0] != '\0' ? "] " : "", c->member, c->host);
		idle_arm();
		got_sigint = 0;
		line = readline(prompt);
		if (idle_expired) {
			fprintf(stderr, "\r\nxlsh: idle timeout: session "
			    "ended\n");
			free(line);
			break;
		}
		if (line == NULL) {
			putchar('\n');
			break;
		}
		if (line[0] != '\0')
			add_history(line);
		run_line(line, strlen(line));
		free(line);
	}
	history_end(hist);
}

