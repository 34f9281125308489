/*
 * xlshd - the helper behind xlsh.  It listens on a UNIX socket (or
 * serves one connection on its standard input), forks a process per
 * connection, and answers each session's requests through a backend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

static volatile sig_atomic_t	quit;
static const char		*socket_path;

static void	usage(int) __attribute__((noreturn));
static int	listen_on(const char *);
static void	serve_forever(int, const struct server_conf *);
static int	check_state_dir(const char *);

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: xlshd [-i | --socket path] [--backend sim] "
	    "--state dir [--templates dir]\n"
	    "       xlshd --version\n");
	exit(status);
}

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static void
on_sigchld(int sig)
{
	(void)sig;
}

static int
listen_on(const char *path)
{
	struct sockaddr_un	sun;
	struct stat		st;
	int			fd;
	mode_t			old;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "xlshd: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	/* Replace a stale socket, never anything else. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "xlshd: %s exists and is not a "
			    "socket\n", path);
			return -1;
		}
		unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		fprintf(stderr, "xlshd: socket: %s\n", strerror(errno));
		return -1;
	}
	old = umask(0077);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 64) == -1) {
		umask(old);
		fprintf(stderr, "xlshd: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	return fd;
}

static void
serve_forever(int lfd, const struct server_conf *conf)
{
	int	fd;
	pid_t	pid;

	slog("listening on %s (backend %s, state %s)", socket_path,
	    conf->backend->name, conf->state_dir);
	while (!quit) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno != EINTR && errno != ECONNABORTED)
				slog("accept: %s", strerror(errno));
			continue;
		}
		/* A process per connection: one session cannot stall another. */
		switch ((pid = fork())) {
		case -1:
			slog("fork: %s", strerror(errno));
			close(fd);
			break;
		case 0:
			close(lfd);
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			signal(SIGCHLD, SIG_DFL);
			session_serve(fd, conf);
			_exit(0);
		default:
			close(fd);
			break;
		}
	}
	slog("stopping");
}

/* The state directory: ours, and writable by nobody else. */
static int
check_state_dir(const char *dir)
{
	struct stat	st;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "xlshd: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "xlshd: %s is not a directory\n", dir);
		return -1;
	}
	if (st.st_uid != geteuid() || (st.st_mode & 022) != 0) {
		fprintf(stderr, "xlshd: %s must belong to uid %ld and not be "
		    "writable by group or others\n", dir, (long)geteuid());
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "backend",	required_argument,	NULL, 'b' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "socket",	required_argument,	NULL, 's' },
		{ "state",	required_argument,	NULL, 'S' },
		{ "templates",	required_argument,	NULL, 'T' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct server_conf	 conf;
	struct sigaction	 sa;
	const char		*backend = "sim";
	int			 ch, inetd = 0, lfd;

	progname = "xlshd";
	memset(&conf, 0, sizeof(conf));
	conf.mode = MODE_SANDBOX;
	conf.templates_dir = TEMPLATESDIR;

	while ((ch = getopt_long(argc, argv, "hi", longopts, NULL)) != -1) {
		switch (ch) {
		case 'b':
			backend = optarg;
			break;
		case 'h':
			usage(0);
		case 'i':
			inetd = 1;
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
		case 'V':
			printf("xlshd %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(2);
		}
	}
	if (optind != argc || inetd == (socket_path != NULL))
		usage(2);
	if (strcmp(backend, "sim") == 0)
		conf.backend = &backend_sim;
	else {
		fprintf(stderr, "xlshd: unknown backend '%s' (this build "
		    "has: sim)\n", backend);
		return 2;
	}
	if (conf.state_dir == NULL) {
		fprintf(stderr, "xlshd: the sim backend needs --state dir\n");
		return 2;
	}
	if (check_state_dir(conf.state_dir) == -1)
		return 1;

	signal(SIGPIPE, SIG_IGN);
	if (inetd) {
		session_serve(STDIN_FILENO, &conf);
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* Without SA_RESTART: a child's end interrupts accept to be reaped. */
	sa.sa_handler = on_sigchld;
	sigaction(SIGCHLD, &sa, NULL);
	if ((lfd = listen_on(socket_path)) == -1)
		return 1;
	serve_forever(lfd, &conf);
	close(lfd);
	unlink(socket_path);
	return 0;
}
