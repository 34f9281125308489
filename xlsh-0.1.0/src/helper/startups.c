/*
 * What a peer can hold before it logs in (OpenSSH's MaxStartups is the
 * model): the listener counts its sessions that have not logged in
 * yet, in all and per peer uid, and refuses a connection over either
 * bound at once, closing it without a process.  A session tells the
 * listener it has logged in through a pipe (its pid), and its end is
 * seen when it is reaped.  The deadlines of a login are server.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

struct child {
	pid_t	pid;
	uid_t	uid;
	int	prelogin;
};

static struct child	*kids;
static size_t		 nkids, capkids;
static int		 notify_rd = -1, notify_wr = -1;
static uint64_t		 refused, last_said;

static void	logged_in(pid_t);

/* The pipe sessions write to once logged in.  Its read end, or -1. */
int
startups_init(void)
{
	int	p[2];

	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	if (fcntl(p[0], F_SETFL, O_NONBLOCK) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	notify_rd = p[0];
	notify_wr = p[1];
	return notify_rd;
}

static void
logged_in(pid_t pid)
{
	size_t	i;

	for (i = 0; i < nkids; i++)
		if (kids[i].pid == pid)
			kids[i].prelogin = 0;
}

/* The listener: the pids of sessions that have logged in. */
void
startups_read(void)
{
	pid_t	pids[64];
	ssize_t	n, i;

	while ((n = read(notify_rd, pids, sizeof(pids))) > 0)
		for (i = 0; i < n / (ssize_t)sizeof(pid_t); i++)
			logged_in(pids[i]);
}

/* The listener: sessions that have ended. */
void
startups_reap(void)
{
	pid_t	pid;
	size_t	i;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
		for (i = 0; i < nkids; i++) {
			if (kids[i].pid == pid) {
				kids[i] = kids[--nkids];
				break;
			}
		}
	}
}

/*
 * May a peer of this uid start one more login?  If not, the caller
 * closes the connection; the log says so at most once a second.
 */
int
startups_admit(const struct server_conf *conf, uid_t uid)
{
	size_t	i, all = 0, mine = 0;

	for (i = 0; i < nkids; i++) {
		if (!kids[i].prelogin)
			continue;
		all++;
		mine += kids[i].uid == uid;
	}
	if ((conf->max_startups == 0 || all < conf->max_startups) &&
	    (conf->max_startups_uid == 0 || mine < conf->max_startups_uid))
		return 0;
	refused++;
	if (mono_ms() - last_said >= 1000) {
		slog("connection from uid %lu refused: %zu logins in progress "
		    "from it, %zu in all (--max-startups-per-uid %u, "
		    "--max-startups %u); %llu refused so far",
		    (unsigned long)uid, mine, all, conf->max_startups_uid,
		    conf->max_startups, (unsigned long long)refused);
		last_said = mono_ms();
	}
	return -1;
}

void
startups_add(pid_t pid, uid_t uid)
{
	if (nkids == capkids) {
		capkids = capkids == 0 ? 64 : capkids * 2;
		kids = xreallocarray(kids, capkids, sizeof(*kids));
	}
	kids[nkids].pid = pid;
	kids[nkids].uid = uid;
	kids[nkids].prelogin = 1;
	nkids++;
}

/* In a session's process: the listener's end is not its to read. */
void
startups_child(void)
{
	if (notify_rd != -1)
		close(notify_rd);
	notify_rd = -1;
	free(kids);
	kids = NULL;
	nkids = capkids = 0;
}

/* In a session's process, once its member has logged in. */
void
startups_logged_in(void)
{
	pid_t	pid = getpid();

	if (notify_wr == -1)
		return;
	while (write(notify_wr, &pid, sizeof(pid)) == -1 && errno == EINTR)
		;
	close(notify_wr);
	notify_wr = -1;
}
