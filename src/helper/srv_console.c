/*
 * xlshd: console.  The helper opens the domain's console (a pty) and
 * hands the descriptor to the shell, which bridges it to the terminal;
 * no program runs for it, on either side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "handlers.h"
#include "session.h"

int
srv_console(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;

	if (resolve_domain(s, &req->args[0], &d, e) == -1)
		return -1;
	return console_pass(s, &d, e);
}

/* The domain's console, passed to the shell (console, create -c). */
int
console_pass(struct session *s, const struct dominfo *dom, struct xerr *e)
{
	struct dominfo	d = *dom;
	int		fd;

	if (s->be.console == NULL) {
		xerr_set(e, XE_FAIL, "console: the %s backend has no consoles",
		    s->be.name);
		return -1;
	}
	if (s->be.console(&s->be, d.domid, &fd, e) == -1)
		return -1;
	buf_reset(&s->out);
	if (buf_put_str(&s->out, d.name))
		fatalx("srv_console");
	reply_frame(s, MSG_CONSOLE, &s->out);
	session_flush(s);
	if (fd_send(s->fd, fd) == -1) {
		xerr_set(e, XE_FAIL, "console: cannot pass it on: %s",
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}
