/*
 * xlshd - the helper behind xlsh.  It listens on a UNIX socket (or
 * serves one connection on its standard input), forks a process per
 * connection, and answers each session's requests through a backend.
 * This file: the options that are not xlshd.conf's keywords (conf.c
 * has those), the modes, and the order of what is done before serving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "audit.h"
#include "common/paths.h"
#include "server.h"

static void	usage(int) __attribute__((noreturn));
static int	serve(struct server_conf *, int, int, const char *);

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: xlshd [-tT] [-f config] [--sandbox] [-i | --socket path] "
	    "[--daemon]\n"
	    "             [--pidfile file] [--KEYWORD value ...]\n"
	    "       xlshd -C file -u user [-o owner] verb [argument ...]\n"
	    "       xlshd --verify-audit file [file ...] [--against log]\n"
	    "       xlshd --version\n"
	    "Each KEYWORD of xlshd.conf(5) is an option too, e.g. "
	    "--backend sim.\n");
	exit(status);
}

/*
 * Serve: one session on standard input (-i), or a socket's connections
 * until SIGTERM; what is checked first is said on standard error.
 */
static int
serve(struct server_conf *conf, int inetd, int daemon, const char *pidfile)
{
	int	lfd, activated;

	/* Before the environment goes: systemd's word is in it. */
	activated = inetd ? -1 : activated_socket();
	if (conf->mode == MODE_SYSTEM)
		helper_environment();
	else {
		auditlog_syslog(0);
		if (conf->state_dir == NULL) {
			fprintf(stderr, "xlshd: --sandbox needs --state dir\n");
			return 2;
		}
	}
	if (helper_dirs(conf) == -1)
		return 1;

	/* Under -i the session itself reports a failure, to its user. */
	if (!inetd && helper_prepare(conf, conf->mode == MODE_SYSTEM &&
	    conf->backend != &backend_sim) == -1)
		return 1;

	signal(SIGPIPE, SIG_IGN);
	if (inetd) {
		session_serve(STDIN_FILENO, conf, 0);
		return 0;
	}
	if (activated != -1) {
		lfd = activated;
		conf->socket_path = NULL;
	} else if (conf->socket_path == NULL) {
		fprintf(stderr, "xlshd: no socket: give --socket path or -i\n");
		return 2;
	} else if ((lfd = helper_listen(conf)) == -1)
		return 1;
	if (daemon && helper_detach(pidfile) == -1)
		return 1;
	listen_signals();
	serve_forever(lfd, conf);
	close(lfd);
	if (conf->socket_path != NULL)
		unlink(conf->socket_path);
	if (pidfile != NULL)
		unlink(pidfile);
	return 0;
}

int
main(int argc, char **argv)
{
	struct server_conf	 conf;
	enum server_mode	 mode = MODE_SYSTEM;
	const char		*check = NULL, *user = NULL, *owner = NULL;
	const char		*verify = NULL, *against = NULL;
	const char		*conf_path = NULL, *pidfile = NULL;
	int			 ch, inetd = 0, test = 0, daemon = 0;
	int			 rv, must = 0;

	progname = "xlshd";
	/* "+": a checked command's own options are not xlshd's. */
	while ((ch = getopt_long(argc, argv, CONF_SHORTOPTS, conf_longopts(),
	    NULL)) != -1) {
		switch (ch) {
		case 'C':
			check = optarg;
			break;
		case 'd':
			daemon = 1;
			break;
		case 'f':
			conf_path = optarg;
			break;
		case 'h':
			usage(0);
		case 'i':
			inetd = 1;
			break;
		case 'o':
			owner = optarg;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 't':
		case 'T':
			test = ch;
			break;
		case 'u':
			user = optarg;
			break;
		case 'V':
			printf("xlshd %s\n", PACKAGE_VERSION);
			return 0;
		case 'W':
			against = optarg;
			break;
		case 'X':
			mode = MODE_SANDBOX;
			break;
		case 'Y':
			verify = optarg;
			break;
		default:
			if (ch < CONF_OPT)
				usage(2);
		}
	}
	if (verify != NULL)
		return auditlog_verify(verify, argc - optind, argv + optind,
		    against, stdout);
	if (against != NULL)
		usage(2);
	if (check != NULL) {
		if (user == NULL || optind == argc)
			usage(2);
		if (owner != NULL && !valid_member_name(owner)) {
			fprintf(stderr, "xlshd: -o: '%s' is not a member "
			    "name\n", owner);
			return 2;
		}
		return policy_check_main(check, user, owner, argc - optind,
		    argv + optind);
	}
	if (optind != argc || user != NULL || owner != NULL ||
	    (inetd && daemon) || (pidfile != NULL && !daemon))
		usage(2);
	/* The command line alone first: its mistakes are usage errors. */
	if (conf_build(&conf, mode, NULL, 0, argc, argv, stderr, 0) == -1)
		return 2;
	conf_free(&conf);
	/*
	 * The system helper's configuration file may be missing (it then
	 * has its defaults); one given by -f may not.  A sandbox reads one
	 * only when given one.
	 */
	if (conf_path != NULL)
		must = 1;
	else if (mode == MODE_SYSTEM)
		conf_path = CONFFILE;
	if (conf_build(&conf, mode, conf_path, must, argc, argv, stderr,
	    1) == -1)
		return 1;
	/* -t too: whether the libxl backend's module loads. */
	if (backend_load(&conf, stderr) == -1) {
		conf_free(&conf);
		return 1;
	}
	if (test == 'T')
		conf_print(&conf, stdout);
	rv = test != 0 ? 0 : serve(&conf, inetd, daemon, pidfile);
	conf_free(&conf);
	return rv;
}
