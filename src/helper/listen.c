/*
 * xlshd's listener: a socket of its own or systemd's, and a process per
 * connection.  The parent only accepts, forks and reaps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

static volatile sig_atomic_t	quit, hup;

static void	on_signal(int);
static void	on_sigchld(int);

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		hup = 1;
	else
		quit = 1;
}

static void
on_sigchld(int sig)
{
	(void)sig;
}

/*
 * Listen on path; mode is the socket's permissions, gid its group
 * (-1: the helper's own).
 */
int
listen_on(const char *path, mode_t mode, gid_t gid)
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
	old = umask(~mode & 0777);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 64) == -1) {
		umask(old);
		fprintf(stderr, "xlshd: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	if (gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) == -1) {
		fprintf(stderr, "xlshd: %s: chown: %s\n", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

/*
 * systemd's socket activation: the listening socket is fd 3 when
 * LISTEN_PID names this process and LISTEN_FDS is 1.
 */
int
activated_socket(void)
{
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	uint64_t	 p, n;

	if (pid == NULL || fds == NULL || parse_uint(pid, INT32_MAX, &p) ||
	    parse_uint(fds, 64, &n) || (pid_t)p != getpid())
		return -1;
	if (n != 1) {
		fprintf(stderr, "xlshd: socket activation passed %llu "
		    "sockets; one is expected\n", (unsigned long long)n);
		exit(1);
	}
	return 3;
}

/*
 * SIGTERM and SIGINT end serve_forever; SIGHUP makes it read its
 * configuration and policy again; SIGCHLD wakes it to reap.
 */
void
listen_signals(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* Without SA_RESTART: a child's end interrupts accept to be reaped. */
	sa.sa_handler = on_sigchld;
	sigaction(SIGCHLD, &sa, NULL);
}

/*
 * Accept until SIGTERM or SIGINT; the conf's socket_path is NULL for
 * systemd's socket.
 */
void
serve_forever(int lfd, struct server_conf *conf)
{
	struct pollfd	pfd[2] = { { lfd, POLLIN, 0 }, { -1, POLLIN, 0 } };
	struct ucred	cred;
	socklen_t	len;
	sigset_t	block, orig;
	int		fd, fl;
	pid_t		pid;

	slog("listening on %s (%s mode, backend %s, state %s)",
	    conf->socket_path != NULL ? conf->socket_path :
	    "the activated socket",
	    conf->mode == MODE_SANDBOX ? "sandbox" : "system",
	    conf->backend->name, conf->state_dir);
	/*
	 * The signals are blocked but while waiting in ppoll, so that one
	 * that comes between the test of quit and the wait is not lost.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &orig);
	if ((fl = fcntl(lfd, F_GETFL)) == -1 ||
	    fcntl(lfd, F_SETFL, fl | O_NONBLOCK) == -1)
		fatal("fcntl");
	if ((pfd[1].fd = startups_init()) == -1)
		fatal("pipe");
	while (!quit) {
		if (hup) {
			hup = 0;
			conf_reload(conf);
		}
		startups_reap();
		if (ppoll(pfd, 2, NULL, &orig) == -1) {
			if (errno != EINTR)
				fatal("ppoll");
			continue;
		}
		if (pfd[1].revents & POLLIN)
			startups_read();
		if (!(pfd[0].revents & POLLIN))
			continue;
		if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno != EINTR && errno != ECONNABORTED &&
			    errno != EAGAIN)
				slog("accept: %s", strerror(errno));
			continue;
		}
		/* Over the bounds on logins in progress: closed, no process. */
		len = sizeof(cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred,
		    &len) == -1 || startups_admit(conf, cred.uid) == -1) {
			close(fd);
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
			startups_child();
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			signal(SIGHUP, SIG_DFL);
			signal(SIGCHLD, SIG_DFL);
			sigprocmask(SIG_SETMASK, &orig, NULL);
			session_serve(fd, conf, 1);
			_exit(0);
		default:
			startups_add(pid, cred.uid);
			close(fd);
			break;
		}
	}
	slog("stopping");
}
