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

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "common/paths.h"

static void	usage(int) __attribute__((noreturn));
static int	complete_print(const char *);
static int	from_stdin(void);
static int	names_self(const char *);

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

/*
 * Does command name this very program: the word xlsh, or a path to
 * the file that is running (or a link to it)?  sshd runs a ForceCommand
 * with the member's login shell, SHELL -c COMMAND: when that shell is
 * xlsh, its -c is its own path and argv[0] only "xlsh".  A word without
 * a slash is never looked up in the file system.
 */
static int
names_self(const char *command)
{
	struct stat	cmd, self;

	if (strcmp(command, "xlsh") == 0)
		return 1;
	return strchr(command, '/') != NULL && stat(command, &cmd) == 0 &&
	    stat("/proc/self/exe", &self) == 0 && cmd.st_dev == self.st_dev &&
	    cmd.st_ino == self.st_ino;
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
	const char	*complete = NULL, *env;
	char		 err[512];
	int		 ch, sandbox = 0, rv;

	progname = "xlsh";
	conn.fd = -1;
	conn.helper = -1;
	/*
	 * Another helper's socket, for a test's sshd (SetEnv): harmless,
	 * as the helper decides who the peer is and what it may do.
	 */
	if ((env = getenv("XLSH_SOCKET")) != NULL && *env != '\0')
		path = env;
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
	 * Under sshd's ForceCommand the client's command, if it gave one,
	 * comes in SSH_ORIGINAL_COMMAND, whether xlsh runs as the forced
	 * command or as the login shell told to run it; without one, xlsh
	 * goes on as without -c.  Any other -c is a command line.
	 */
	if (command == NULL || names_self(command))
		command = getenv("SSH_ORIGINAL_COMMAND");
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
