/*
 * xlshd - the helper behind xlsh.  It listens on a UNIX socket (or
 * serves one connection on its standard input), forks a process per
 * connection, and answers each session's requests through a backend.
 * This file: the options, the two modes and their defaults, and the
 * checks made once before serving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "server.h"

static void	usage(int) __attribute__((noreturn));

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: xlshd [--sandbox] [-i | --socket path] "
	    "[--backend sim|libxl] [--state dir]\n"
	    "             [--templates dir] [--policy file] [--audit file]\n"
	    "             [--fail-delay ms] [--lockout count] "
	    "[--lockout-time seconds]\n"
	    "             [--idle-timeout seconds] [--login-grace seconds]\n"
	    "             [--max-startups count] "
	    "[--max-startups-per-uid count]\n"
	    "             [--volume-group vg [--thin-pool pool]] "
	    "[--bridge name ...]\n"
	    "       xlshd -C file -u user [-o owner] verb [argument ...]\n"
	    "       xlshd --verify-audit file [--against log]\n"
	    "       xlshd --version\n");
	exit(status);
}

/* A whole number option, or usage. */
static unsigned int
number(const char *opt, const char *arg, uint64_t max)
{
	uint64_t	v;

	if (parse_uint(arg, max, &v) == -1) {
		fprintf(stderr, "xlshd: %s: '%s' is not a number from 0 to "
		    "%llu\n", opt, arg, (unsigned long long)max);
		exit(2);
	}
	return (unsigned int)v;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "audit",		required_argument,	NULL, 'A' },
		{ "backend",		required_argument,	NULL, 'b' },
		{ "bridge",		required_argument,	NULL, 'B' },
		{ "fail-delay",		required_argument,	NULL, 'D' },
		{ "help",		no_argument,		NULL, 'h' },
		{ "idle-timeout",	required_argument,	NULL, 'I' },
		{ "lockout",		required_argument,	NULL, 'L' },
		{ "lockout-time",	required_argument,	NULL, 'M' },
		{ "login-grace",	required_argument,	NULL, 'G' },
		{ "max-startups",	required_argument,	NULL, 'm' },
		{ "max-startups-per-uid", required_argument,	NULL, 'U' },
		{ "policy",		required_argument,	NULL, 'P' },
		{ "sandbox",		no_argument,		NULL, 'X' },
		{ "socket",		required_argument,	NULL, 's' },
		{ "state",		required_argument,	NULL, 'S' },
		{ "templates",		required_argument,	NULL, 'T' },
		{ "thin-pool",		required_argument,	NULL, 'N' },
		{ "volume-group",	required_argument,	NULL, 'g' },
		{ "verify-audit",	required_argument,	NULL, 'Y' },
		{ "against",		required_argument,	NULL, 'W' },
		{ "version",		no_argument,		NULL, 'V' },
		{ NULL,			0,			NULL, 0 }
	};
	struct server_conf	 conf;
	const char		*backend = NULL, *check = NULL, *user = NULL;
	const char		*owner = NULL, *verify = NULL;
	const char		*against = NULL;
	const char		*socket_path = NULL;
	const char		*policy_path = POLICYFILE;
	int			 ch, inetd = 0, lfd, activated;
	int			 idle_given = 0;

	progname = "xlshd";
	memset(&conf, 0, sizeof(conf));
	conf.mode = MODE_SYSTEM;
	conf.templates_dir = TEMPLATESDIR;
	conf.pam_service = "xlsh";
	conf.fail_delay_ms = 2000;
	conf.lockout_max = 5;
	conf.lockout_secs = 900;
	conf.login_grace_secs = 60;
	conf.max_startups = 100;
	conf.max_startups_uid = 20;
	conf.idle_secs = 1800;

	/* "+": a checked command's own options are not xlshd's. */
	while ((ch = getopt_long(argc, argv, "+C:hio:u:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A':
			conf.audit_path = optarg;
			break;
		case 'b':
			backend = optarg;
			break;
		case 'B':
			if (conf.nbridges == CONF_BRIDGES_MAX ||
			    !valid_bridge_name(optarg)) {
				fprintf(stderr, "xlshd: --bridge: '%s' is not a "
				    "bridge's name, or more than %d were "
				    "given\n", optarg, CONF_BRIDGES_MAX);
				return 2;
			}
			conf.bridges[conf.nbridges++] = optarg;
			break;
		case 'g':
		case 'N':
			if (!valid_volume_name(optarg)) {
				fprintf(stderr, "xlshd: %s: '%s' is not a volume "
				    "group's or pool's name\n", ch == 'g' ?
				    "--volume-group" : "--thin-pool", optarg);
				return 2;
			}
			if (ch == 'g')
				conf.vg = optarg;
			else
				conf.thin = optarg;
			break;
		case 'C':
			check = optarg;
			break;
		case 'D':
			conf.fail_delay_ms = number("--fail-delay", optarg,
			    60000);
			break;
		case 'h':
			usage(0);
		case 'I':
			idle_given = 1;
			conf.idle_secs = number("--idle-timeout", optarg,
			    86400);
			break;
		case 'i':
			inetd = 1;
			break;
		case 'o':
			owner = optarg;
			break;
		case 'L':
			conf.lockout_max = number("--lockout", optarg, 1000);
			break;
		case 'G':
			conf.login_grace_secs = number("--login-grace", optarg,
			    3600);
			break;
		case 'm':
			conf.max_startups = number("--max-startups", optarg,
			    100000);
			break;
		case 'U':
			conf.max_startups_uid = number("--max-startups-per-uid",
			    optarg, 100000);
			break;
		case 'M':
			conf.lockout_secs = number("--lockout-time", optarg,
			    86400 * 7);
			break;
		case 'P':
			policy_path = optarg;
			break;
		case 's':
			socket_path = optarg;
			break;
		case 'S':
			conf.state_dir = optarg;
			break;
		case 'T':
			conf.templates_dir = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'V':
			printf("xlshd %s\n", PACKAGE_VERSION);
			return 0;
		case 'X':
			conf.mode = MODE_SANDBOX;
			break;
		case 'Y':
			verify = optarg;
			break;
		case 'W':
			against = optarg;
			break;
		default:
			usage(2);
		}
	}
	if (verify != NULL) {
		if (optind != argc)
			usage(2);
		return auditlog_verify(verify, against, stdout);
	}
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
	    (inetd && socket_path != NULL))
		usage(2);
	/* The system helper drives Xen; a sandbox only ever simulates. */
	if (backend == NULL)
		backend = conf.mode == MODE_SYSTEM ? "libxl" : "sim";
	if (conf.thin != NULL && conf.vg == NULL) {
		fprintf(stderr, "xlshd: --thin-pool needs --volume-group\n");
		return 2;
	}
	if (strcmp(backend, "sim") == 0) {
		conf.backend = &backend_sim;
		/* The simulated host has a pool and a bridge of its own. */
		if (conf.vg == NULL) {
			conf.vg = "xlsh";
			conf.thin = "pool";
		}
		if (conf.nbridges == 0)
			conf.bridges[conf.nbridges++] = "xenbr0";
	} else if (strcmp(backend, "libxl") == 0)
		conf.backend = &backend_libxl;
	else {
		fprintf(stderr, "xlshd: unknown backend '%s' (this build "
		    "has: sim, libxl)\n", backend);
		return 2;
	}
	/* Before the environment goes: systemd's word is in it. */
	activated = activated_socket();
	if (conf.mode == MODE_SYSTEM) {
		helper_environment();
		if (conf.state_dir == NULL)
			conf.state_dir = STATEDIR;
		if (conf.audit_path == NULL)
			conf.audit_path = AUDITFILE;
		if (policy_load(policy_path, &conf.policy, stderr) == -1)
			return 1;
	} else {
		auditlog_syslog(0);
		/* A user's own sandbox is theirs to leave open. */
		if (!idle_given)
			conf.idle_secs = 0;
		if (conf.state_dir == NULL) {
			fprintf(stderr, "xlshd: --sandbox needs --state dir\n");
			return 2;
		}
	}
	if (state_dir_check(conf.state_dir) == -1)
		return 1;
	if (conf.audit_path != NULL) {
		char	err[256];
		int	fd;

		if ((fd = auditlog_open(conf.audit_path, err, sizeof(err))) == -1) {
			fprintf(stderr, "xlshd: %s\n", err);
			return 1;
		}
		close(fd);
	}

	/* Under -i the session itself reports a failure, to its user. */
	if (!inetd && helper_prepare(&conf, conf.mode == MODE_SYSTEM &&
	    conf.backend == &backend_libxl) == -1)
		return 1;

	signal(SIGPIPE, SIG_IGN);
	if (inetd) {
		session_serve(STDIN_FILENO, &conf);
		return 0;
	}
	listen_signals();
	if (socket_path != NULL) {
		/*
		 * The sandbox's socket is its owner's alone; the system's
		 * is anyone's who can reach it: PAM decides who gets in.
		 */
		if ((lfd = listen_on(socket_path, conf.mode == MODE_SANDBOX ?
		    0600 : 0666)) == -1)
			return 1;
	} else if ((lfd = activated) == -1) {
		fprintf(stderr, "xlshd: no socket: give --socket path or -i, "
		    "or start xlshd through xlshd.socket\n");
		return 2;
	}
	serve_forever(lfd, socket_path, &conf);
	close(lfd);
	if (socket_path != NULL)
		unlink(socket_path);
	if (conf.policy != NULL)
		policy_free(conf.policy);
	return 0;
}
