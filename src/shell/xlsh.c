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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

struct client	 conn;
int		 shell_done;

static void	usage(int) __attribute__((noreturn));
static int	precheck(const char *);
static int	complete_print(const char *);
static void	error_prefix(void);
static void	grammar_error(const struct words *, const char *);
static int	read_config(const char *, char **, size_t *);
static int	from_stdin(void);

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: xlsh [--sandbox | --connect socket] [-l member] "
	    "[-c command]\n"
	    "       xlsh [--sandbox | --connect socket] [-l member] "
	    "--complete line\n"
	    "       xlsh --help | --version\n");
	exit(status);
}

/* create FILE: the shell reads the file, with the user's own rights. */
static int
read_config(const char *path, char **data, size_t *lenp)
{
	struct stat	st;
	ssize_t		r;
	int		fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		shell_error("create: cannot open %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		shell_error("create: %s is not a regular file\n",
		    path);
		close(fd);
		return -1;
	}
	if (st.st_size > XLSH_CONFIG_MAX) {
		shell_error("create: %s is larger than %d bytes\n",
		    path, XLSH_CONFIG_MAX);
		close(fd);
		return -1;
	}
	*data = xmalloc((size_t)st.st_size + 1);
	r = read(fd, *data, (size_t)st.st_size);
	close(fd);
	if (r != st.st_size) {
		shell_error("create: cannot read %s\n", path);
		free(*data);
		return -1;
	}
	*lenp = (size_t)r;
	return 0;
}

/*
 * "xlsh: " before an error: in bold red on a terminal, unless NO_COLOR
 * is set (https://no-color.org) or the terminal is dumb.
 */
static void
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

/* The grammar's error, with a suggestion for a mistyped verb. */
static void
grammar_error(const struct words *w, const char *err)
{
	const char	*near;

	if (w->n > 0 && verb_lookup(w->w[0]) == NULL &&
	    (near = closest_verb(w->w[0])) != NULL)
		shell_error("unknown verb '%s'; did you mean '%s'?\n",
		    w->w[0], near);
	else
		shell_error("%s\n", err);
}

static int
precheck(const char *line)
{
	struct words	w;
	struct request	req;
	char		err[512];

	if (tokenize(line, strlen(line), &w, err, sizeof(err)) == -1) {
		w.n = 0;
		grammar_error(&w, err);
		return -1;
	}
	if (w.n > 0 && parse_request(w.n, w.w, &req, err,
	    sizeof(err)) == -1) {
		grammar_error(&w, err);
		return -1;
	}
	return 0;
}

/* One command line; returns its exit status. */
int
run_line(const char *line, size_t len)
{
	struct words	 w;
	struct request	 req;
	struct reply	 r;
	char		 err[512], *data = NULL;
	const char	*dataname = NULL;
	size_t		 datalen = 0;
	int		 rv;

	if (tokenize(line, len, &w, err, sizeof(err)) == -1) {
		w.n = 0;
		grammar_error(&w, err);
		return XLSH_EXIT_USAGE;
	}
	if (w.n > 0 && parse_request(w.n, w.w, &req, err,
	    sizeof(err)) == -1) {
		grammar_error(&w, err);
		return XLSH_EXIT_USAGE;
	}
	if (w.n == 0)
		return XLSH_EXIT_OK;
	if (req.verb->flags & VF_LOCAL)
		return run_local(&req);
	if (conn.fd == -1) {
		shell_error("the connection to the helper is "
		    "closed\n");
		return XLSH_EXIT_FAIL;
	}
	if (req.verb->id == V_CONSOLE && !isatty(STDIN_FILENO)) {
		shell_error("console: needs a terminal\n");
		return XLSH_EXIT_FAIL;
	}
	if (verb_xl(req.verb) == V_CREATE &&
	    is_config_path(req.args[0].str)) {
		dataname = req.args[0].str;
		if (read_config(dataname, &data, &datalen) == -1)
			return XLSH_EXIT_FAIL;
	}
	fflush(stdout);
	if (client_request(&conn, w.n, w.w, dataname, data, datalen,
	    &r) == -1) {
		shell_error("%s\n", r.msg);
		free(data);
		client_close(&conn);
		shell_done = 1;
		return XLSH_EXIT_FAIL;
	}
	free(data);
	if (r.code != XE_OK) {
		error_prefix();
		put_escaped(stderr, r.msg);
		fputc('\n', stderr);
		rv = r.code == XE_USAGE ? XLSH_EXIT_USAGE : XLSH_EXIT_FAIL;
		reply_free(&r);
		return rv;
	}
	rv = XLSH_EXIT_OK;
	switch (req.verb->id) {
	case V_LIST:
		if (req_opt(&req, 'l'))		/* came as text */
			break;
		if (req_opt(&req, 'j'))
			render_list_json(stdout, &r);
		else
			render_list(stdout, &req, &r);
		break;
	case V_INFO:
		if (req_opt(&req, 'j'))
			render_info_json(stdout, &r.info);
		else
			render_info_kv(stdout, &r.info);
		break;
	case V_VM_LIST:
		render_vm_list(stdout, &r);
		break;
	case V_UPTIME:
		if (req_opt(&req, 'j'))
			render_uptime_json(stdout, &r, time(NULL));
		else
			render_uptime(stdout, &r, time(NULL));
		break;
	case V_VCPU_LIST:
		if (req_opt(&req, 'j'))
			render_vcpu_json(stdout, &r);
		else
			render_vcpu_list(stdout, &r);
		break;
	case V_CONSOLE:
		if (r.console_fd != -1)
			rv = shell_console(r.console_fd, r.console_name);
		break;
	default:
		break;
	}
	fflush(stdout);
	reply_free(&r);
	return rv;
}

/*
 * --complete LINE: what Tab would offer at the end of LINE, one per
 * line; a way to test completion without a terminal, as virsh has.
 */
static int
complete_print(const char *line)
{
	char		**m;
	const char	 *word;
	size_t		  i, n;
	int		  files;

	word = strrchr(line, ' ');
	word = word != NULL ? word + 1 : line;
	m = complete_line(line, (int)(word - line), word, &files);
	if (files)
		printf("(file names)\n");
	n = strlen(word);
	for (i = 0; m != NULL && m[i] != NULL; i++) {
		if (strncmp(m[i], word, n) == 0)
			printf("%s\n", m[i]);
		free(m[i]);
	}
	free(m);
	return XLSH_EXIT_OK;
}

/* Commands from a pipe or file, one per line; the last status wins. */
static int
from_stdin(void)
{
	int	 status = XLSH_EXIT_OK;
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;

	while (!shell_done && (n = getline(&line, &cap, stdin)) != -1) {
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
		{ "complete",	required_argument,	NULL, 'K' },
		{ "connect",	required_argument,	NULL, 'C' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "sandbox",	no_argument,		NULL, 'S' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const char	*command = NULL, *path = XLSH_SOCKET, *user = "";
	const char	*complete = NULL;
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
		case 'K':
			complete = optarg;
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
	if (optind != argc || (complete != NULL && command != NULL))
		usage(XLSH_EXIT_USAGE);
	/*
	 * Under sshd's ForceCommand the client's command comes in
	 * SSH_ORIGINAL_COMMAND; a login shell told to run "xlsh" by a
	 * ForceCommand runs that command, too.
	 */
	if ((command == NULL || strcmp(command, "xlsh") == 0 ||
	    strcmp(command, argv[0]) == 0) &&
	    getenv("SSH_ORIGINAL_COMMAND") != NULL)
		command = getenv("SSH_ORIGINAL_COMMAND");
	else if (command != NULL && (strcmp(command, "xlsh") == 0 ||
	    strcmp(command, argv[0]) == 0))
		command = NULL;
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
		shell_error("%s\n", err);
		client_close(&conn);
		return XLSH_EXIT_FAIL;
	}

	if (complete != NULL)
		rv = complete_print(complete);
	else if (command != NULL)
		rv = run_line(command, strlen(command));
	else if (isatty(STDIN_FILENO)) {
		interactive(&conn);
		rv = XLSH_EXIT_OK;
	} else
		rv = from_stdin();
	client_close(&conn);
	return rv;
}
