/*
 * The domain monitor of the libxl backend: the equivalent of the
 * process xl create leaves behind for each domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxl.h>
#include <libxl_event.h>
#include <libxl_utils.h>

#include "common/xlsh.h"
#include "lx.h"

#define RESTART_PAUSE	2		/* seconds; see monitor_shutdown */

static void	 monitor_detach(void);
static int	 monitor_run(uint32_t, libxl_domain_config *);
static int	 monitor_shutdown(libxl_ctx *, uint32_t *, int,
		    libxl_domain_config *);
static void	 monitor_reload(libxl_ctx *, uint32_t, libxl_domain_config *);

/*
 * The domain monitor: the equivalent of the process xl create leaves
 * behind ("daemonized create", xl_vmcontrol.c create_domain).  It
 * waits for the domain's shutdown and then does what on_poweroff,
 * on_reboot or on_crash says: destroy it, leave it (preserve), or
 * destroy it and create it again from its configuration (restart),
 * after which it watches the new domain.  It ends when the domain is
 * gone or left.
 *
 * It is a grandchild of the session's process in a session of its own,
 * so that it outlives the session and is nobody's child to reap.  A
 * libxl ctx may not be used across fork(): the child hands its copy of
 * the parent's to libxl_postfork_child_noexec and allocates its own.
 * It keeps no descriptor of the session's, above all not the socket of
 * the connection, and logs to xlshd's standard error.
 */
void
monitor_start(struct lx *lx, uint32_t domid, libxl_domain_config *d)
{
	pid_t	pid;
	int	status = 0;

	switch ((pid = fork())) {
	case -1:
		slog("domain %u: no monitor (fork: %s): on_poweroff, "
		    "on_reboot and on_crash will not be carried out", domid,
		    strerror(errno));
		return;
	case 0:
		break;
	default:
		/* The middle child forks once more and exits at once. */
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			slog("domain %u: its monitor did not start: "
			    "on_poweroff, on_reboot and on_crash will not be "
			    "carried out", domid);
		return;
	}

	libxl_postfork_child_noexec(lx->ctx);
	if (setsid() == -1 || (pid = fork()) == -1)
		_exit(1);
	if (pid != 0)
		_exit(0);
	monitor_detach();
	_exit(monitor_run(domid, d));
}

static void
monitor_detach(void)
{
	struct stat	in, err;
	int		fd;

	if (chdir("/") == -1 || (fd = open("/dev/null", O_RDWR)) == -1)
		_exit(1);
	/* Under inetd (xlshd -i) standard error may be the connection. */
	if (fstat(STDIN_FILENO, &in) == 0 && fstat(STDERR_FILENO, &err) == 0 &&
	    S_ISSOCK(err.st_mode) && in.st_dev == err.st_dev &&
	    in.st_ino == err.st_ino)
		dup2(fd, STDERR_FILENO);
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
	closefrom(STDERR_FILENO + 1);
}

static int
monitor_run(uint32_t domid, libxl_domain_config *d)
{
	struct lxlog			 mlog;
	libxl_ctx			*ctx = NULL;
	libxl_evgen_domain_death	*death = NULL;
	libxl_event			*ev;
	int				 more = 1, watch_again, lrc, rc = 1;

	lxlog_init(&mlog);
	if ((lrc = libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, &mlog.vt)) != 0) {
		slog("monitor of domain %u: libxl_ctx_alloc: %d", domid, lrc);
		return 1;
	}
	slog("monitor of domain %u (%s): waiting for it to shut down", domid,
	    d->c_info.name);
	while (more) {
		if (death == NULL && (lrc = libxl_evenable_domain_death(ctx,
		    domid, 0, &death)) != 0) {
			slog("monitor of domain %u: "
			    "libxl_evenable_domain_death: %d", domid, lrc);
			goto out;
		}
		if ((lrc = libxl_event_wait(ctx, &ev, LIBXL_EVENTMASK_ALL,
		    NULL, NULL)) != 0) {
			slog("monitor of domain %u: libxl_event_wait: %d",
			    domid, lrc);
			goto out;
		}
		watch_again = 0;
		/* Those of another domid are left over from a restart. */
		if (ev->domid == domid &&
		    ev->type == LIBXL_EVENT_TYPE_DOMAIN_DEATH) {
			slog("monitor of domain %u: destroyed", domid);
			more = 0;
		} else if (ev->domid == domid &&
		    ev->type == LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN) {
			more = monitor_shutdown(ctx, &domid,
			    ev->u.domain_shutdown.shutdown_reason, d);
			watch_again = more;
		}
		libxl_event_free(ctx, ev);
		if (watch_again) {
			/* A new domain, or one reset: watch it afresh. */
			libxl_evdisable_domain_death(ctx, death);
			death = NULL;
			while (libxl_event_check(ctx, &ev, LIBXL_EVENTMASK_ALL,
			    NULL, NULL) == 0)
				libxl_event_free(ctx, ev);
		}
	}
	rc = 0;
out:
	if (death != NULL)
		libxl_evdisable_domain_death(ctx, death);
	libxl_domain_config_dispose(d);
	libxl_ctx_free(ctx);
	return rc;
}

/*
 * A shutdown: carry out its action.  Returns 1 to go on watching
 * *domidp (a new domain after a restart), 0 to stop.
 */
static int
monitor_shutdown(libxl_ctx *ctx, uint32_t *domidp, int reason,
    libxl_domain_config *d)
{
	libxl_action_on_shutdown	 act;
	const char			*why, *what;
	uint32_t			 domid = *domidp, newid = INVALID_DOMID;
	int				 lrc;

	switch (reason) {
	case LIBXL_SHUTDOWN_REASON_POWEROFF:
		act = d->on_poweroff;
		break;
	case LIBXL_SHUTDOWN_REASON_REBOOT:
		act = d->on_reboot;
		break;
	case LIBXL_SHUTDOWN_REASON_CRASH:
		act = d->on_crash;
		break;
	case LIBXL_SHUTDOWN_REASON_WATCHDOG:
		act = d->on_watchdog;
		break;
	case LIBXL_SHUTDOWN_REASON_SOFT_RESET:
		act = d->on_soft_reset;
		break;
	case LIBXL_SHUTDOWN_REASON_SUSPEND:
		slog("monitor of domain %u: suspended; leaving it", domid);
		return 0;
	default:
		act = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
		break;
	}
	why = libxl_shutdown_reason_to_string(reason);
	what = libxl_action_on_shutdown_to_string(act);
	slog("monitor of domain %u: shut down (%s): %s", domid,
	    why != NULL ? why : "unknown reason",
	    what != NULL ? what : "unknown action");

	switch (act) {
	case LIBXL_ACTION_ON_SHUTDOWN_DESTROY:
		libxl_domain_destroy(ctx, domid, NULL);
		return 0;
	case LIBXL_ACTION_ON_SHUTDOWN_RESTART:
		monitor_reload(ctx, domid, d);
		libxl_domain_destroy(ctx, domid, NULL);
		/* xl waits so, or "re-creation fails sometimes". */
		sleep(RESTART_PAUSE);
		if ((lrc = libxl_domain_create_new(ctx, d, &newid, NULL,
		    NULL)) != 0) {
			slog("monitor of domain %u: cannot create it again "
			    "(%d)", domid, lrc);
			if (libxl_domid_valid_guest(newid))
				libxl_domain_destroy(ctx, newid, NULL);
			return 0;
		}
		break;
	case LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET:
		monitor_reload(ctx, domid, d);
		if ((lrc = libxl_domain_soft_reset(ctx, d, domid, NULL,
		    NULL)) != 0) {
			slog("monitor of domain %u: soft reset failed (%d)",
			    domid, lrc);
			return 0;
		}
		newid = domid;
		break;
	case LIBXL_ACTION_ON_SHUTDOWN_PRESERVE:
	default:
		/* The others were refused when the domain was created. */
		return 0;
	}
	libxl_domain_unpause(ctx, newid, NULL);
	slog("monitor of domain %u: now domain %u", domid, newid);
	*domidp = newid;
	return 1;
}

/*
 * The configuration to start again from: libxl's record of the domain
 * as it is now (renamed, say), else the one it was created from.
 */
static void
monitor_reload(libxl_ctx *ctx, uint32_t domid, libxl_domain_config *d)
{
	libxl_domain_config	now;

	libxl_domain_config_init(&now);
	if (libxl_retrieve_domain_configuration(ctx, domid, &now,
	    NULL) != 0) {
		libxl_domain_config_dispose(&now);
		return;
	}
	libxl_domain_config_dispose(d);
	*d = now;
}
