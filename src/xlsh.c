/*
 * xlsh - a restricted login shell for Xen Dom0 management.
 *
 * It reads a line, splits it into words once, checks them against the
 * verb table and sends them to its helper, xlshd, which alone acts.
 * It never runs another program, except the sandbox's own helper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "client.h"

static struct client		 conn;
static int			 done;
static volatile sig_atomic_t	 got_sigint;

static void	usage(int) __attribute__((noreturn));
static int	run_line(const char *, size_t);
static int	run_local(const struct request *);
static int	precheck(const char *);
static int	start_session(const char *, char *, size_t);
static int	read_config(const char *, char **, size_t *);
static void	help_all(void);
static void	help_verb(const struct verb *);
static void	interactive(void);
static int	from_stdin(void);
static char	**rl_attempt(const char *, int, int);
static char	*rl_no_files(const char *, int);

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: xlsh [--sandbox | --connect socket] [-l member] "
	    "[-c command]\n"
	    "       xlsh --help | --version\n");
	exit(status);
}

static void
help_all(void)
{
	char	u[160];
	size_t	i;

	printf("Verbs (help VERB describes one):\n");
	for (i = 0; i < V__COUNT; i++) {
		if ((verbs[i].flags & VF_HIDDEN) ||
		    !verb_permitted(&conn, &verbs[i]))
			continue;
		verb_usage(&verbs[i], u, sizeof(u));
		printf("  %-36s %s\n", u, verbs[i].summary);
	}
}

static void
help_verb(const struct verb *v)
{
	char	u[160];
	int	i;

	verb_usage(v, u, sizeof(u));
	printf("usage: %s\n%s\n", u, v->summary);
	if (!verb_permitted(&conn, v))
		printf("(your role, %s, does not include it)\n", conn.role);
	if (v->alias != NULL)
		printf("alias: %s\n", v->alias);
	for (i = 0; i < VERB_OPTS_MAX && v->opts[i].letter != '\0'; i++)
		printf("  -%c  %s\n", v->opts[i].letter, v->opts[i].help);
	if (v->example != NULL)
		printf("example: %s\n", v->example);
}

static int
run_local(const struct request *req)
{
	switch (req->verb->id) {
	case V_HELP:
		if (req->nargs == 0)
			help_all();
		else
			help_verb(verb_lookup(req->args[0].str));
		return XLSH_EXIT_OK;
	case V_WHOAMI:
		printf("member: %s\nlogin:  %s\nrole:   %s\nhost:   %s%s\n",
		    conn.member, conn.login, conn.role, conn.host,
		    strcmp(conn.mode, "sandbox") == 0 ?
		    " (a simulated Xen host of your own)" : "");
		return XLSH_EXIT_OK;
	case V_EXIT:
		done = 1;
		return XLSH_EXIT_OK;
	default:
		fatalx("run_local: verb %s", req->verb->name);
	}
}

/* create FILE: the shell reads the file, with the user's own rights. */
static int
read_config(const char *path, char **data, size_t *lenp)
{
	struct stat	st;
	ssize_t		r;
	int		fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		fprintf(stderr, "xlsh: create: cannot open %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "xlsh: create: %s is not a regular file\n",
		    path);
		close(fd);
		return -1;
	}
	if (st.st_size > XLSH_CONFIG_MAX) {
		fprintf(stderr, "xlsh: create: %s is larger than %d bytes\n",
		    path, XLSH_CONFIG_MAX);
		close(fd);
		return -1;
	}
	*data = xmalloc((size_t)st.st_size + 1);
	r = read(fd, *data, (size_t)st.st_size);
	close(fd);
	if (r != st.st_size) {
		fprintf(stderr, "xlsh: create: cannot read %s\n", path);
		free(*data);
		return -1;
	}
	*lenp = (size_t)r;
	return 0;
}

/* Log in where the helper asks for it, with up to LOGIN_TRIES tries. */
#define LOGIN_TRIES	3

static int
start_session(const char *user, char *err, size_t errlen)
{
	int	i, rv;

	if (!(conn.flags & HELLO_AUTH))
		return client_session(&conn, err, errlen);
	for (i = 0; i < LOGIN_TRIES; i++) {
		if ((rv = client_login(&conn, user, err, errlen)) == 0)
			return 0;
		if (rv == -2)
			return -1;
		fprintf(stderr, "xlsh: %s\n", err);
	}
	snprintf(err, errlen, "%d failed logins", LOGIN_TRIES);
	return -1;
}

static int
precheck(const char *line)
{
	struct words	w;
	struct request	req;
	char		err[512];

	if (tokenize(line, strlen(line), &w, err, sizeof(err)) == -1 ||
	    (w.n > 0 && parse_request(w.n, w.w, &req, err,
	    sizeof(err)) == -1)) {
		fprintf(stderr, "xlsh: %s\n", err);
		return -1;
	}
	return 0;
}

/* One command line; returns its exit status. */
static int
run_line(const char *line, size_t len)
{
	struct words	 w;
	struct request	 req;
	struct reply	 r;
	char		 err[512], *data = NULL;
	const char	*dataname = NULL;
	size_t		 datalen = 0;
	int		 rv;

	if (tokenize(line, len, &w, err, sizeof(err)) == -1 ||
	    (w.n > 0 && parse_request(w.n, w.w, &req, err,
	    sizeof(err)) == -1)) {
		fprintf(stderr, "xlsh: %s\n", err);
		return XLSH_EXIT_USAGE;
	}
	if (w.n == 0)
		return XLSH_EXIT_OK;
	if (req.verb->flags & VF_LOCAL)
		return run_local(&req);
	if (conn.fd == -1) {
		fprintf(stderr, "xlsh: the connection to the helper is "
		    "closed\n");
		return XLSH_EXIT_FAIL;
	}
	if ((req.verb->id == V_CREATE || req.verb->id == V_XE_VM_START) &&
	    is_config_path(req.args[0].str)) {
		dataname = req.args[0].str;
		if (read_config(dataname, &data, &datalen) == -1)
			return XLSH_EXIT_FAIL;
	}
	fflush(stdout);
	if (client_request(&conn, w.n, w.w, dataname, data, datalen,
	    &r) == -1) {
		fprintf(stderr, "xlsh: %s\n", r.msg);
		free(data);
		client_close(&conn);
		done = 1;
		return XLSH_EXIT_FAIL;
	}
	free(data);
	if (r.code != XE_OK) {
		fputs("xlsh: ", stderr);
		put_escaped(stderr, r.msg);
		fputc('\n', stderr);
		rv = r.code == XE_USAGE ? XLSH_EXIT_USAGE : XLSH_EXIT_FAIL;
		reply_free(&r);
		return rv;
	}
	switch (req.verb->id) {
	case V_LIST:
		if (!req_opt(&req, 'l'))	/* -l came as text */
			render_list(stdout, &req, &r);
		break;
	case V_VM_LIST:
		render_vm_list(stdout, &r);
		break;
	case V_UPTIME:
		render_uptime(stdout, &r, time(NULL));
		break;
	case V_VCPU_LIST:
		render_vcpu_list(stdout, &r);
		break;
	default:
		break;
	}
	fflush(stdout);
	reply_free(&r);
	return XLSH_EXIT_OK;
}

/* Completion never falls back to readline's file names. */
static char *
rl_no_files(const char *text, int state)
{
	(void)text;
	(void)state;
	return NULL;
}

static char	**cands;
static size_t	  cand_i;

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
rl_attempt(const char *text, int start, int end)
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
}

/* Ctrl-C at the prompt abandons the line, as in other shells. */
static int
rl_on_signal(void)
{
	if (got_sigint) {
		got_sigint = 0;
		rl_replace_line("", 0);
		rl_crlf();
		rl_on_new_line();
		rl_redisplay();
	}
	return 0;
}

static void
interactive(void)
{
	struct sigaction	 sa;
	char			*line, prompt[HOST_STR + 80];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);

	/* Readline: no INPUTRC from the environment, no file names. */
	unsetenv("INPUTRC");
	rl_readline_name = "xlsh";
	rl_catch_signals = 0;
	rl_signal_event_hook = rl_on_signal;
	rl_attempted_completion_function = rl_attempt;
	rl_completion_entry_function = rl_no_files;
	rl_basic_word_break_characters = " \t";
	rl_completer_quote_characters = NULL;
	rl_filename_quote_characters = NULL;
	using_history();
	stifle_history(1000);

	snprintf(prompt, sizeof(prompt), "%s@%s> ", conn.member, conn.host);
	while (!done) {
		if ((line = readline(prompt)) == NULL) {
			putchar('\n');
			break;
		}
		if (line[0] != '\0')
			add_history(line);
		run_line(line, strlen(line));
		free(line);
	}
}

/* Commands from a pipe or file, one per line; the last status wins. */
static int
from_stdin(void)
{
	int	 status = XLSH_EXIT_OK;
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;

	while (!done && (n = getline(&line, &cap, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		status = run_line(line, (size_t)n);
	}
	free(line);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "connect",	required_argument,	NULL, 'C' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "sandbox",	no_argument,		NULL, 'S' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const char	*command = NULL, *path = XLSH_SOCKET, *user = "";
	char		 err[512];
	int		 ch, sandbox = 0, rv;

	progname = "xlsh";
	conn.fd = -1;
	conn.helper = -1;
	while ((ch = getopt_long(argc, argv, "c:hl:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			command = optarg;
			break;
		case 'l':
			user = optarg;
			break;
		case 'C':
			path = optarg;
			break;
		case 'h':
			usage(0);
		case 'S':
			sandbox = 1;
			break;
		case 'V':
			printf("xlsh %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(XLSH_EXIT_USAGE);
		}
	}
	if (optind != argc)
		usage(XLSH_EXIT_USAGE);
	signal(SIGPIPE, SIG_IGN);

	/* A command that cannot be valid fails before any connection. */
	if (command != NULL && precheck(command) == -1)
		return XLSH_EXIT_USAGE;
	if (sandbox)
		rv = client_sandbox(&conn, err, sizeof(err));
	else
		rv = client_connect(&conn, path, err, sizeof(err));
	if (rv == -1 || client_hello(&conn, err, sizeof(err)) == -1 ||
	    start_session(user, err, sizeof(err)) == -1) {
		fprintf(stderr, "xlsh: %s\n", err);
		client_close(&conn);
		return XLSH_EXIT_FAIL;
	}
	complete_init(&conn);

	if (command != NULL)
		rv = run_line(command, strlen(command));
	else if (isatty(STDIN_FILENO)) {
		interactive();
		rv = XLSH_EXIT_OK;
	} else
		rv = from_stdin();
	client_close(&conn);
	return rv;
}
