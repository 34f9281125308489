/*
 * What a session offers the code that serves it: replies to the shell,
 * the backend opened on first use, a domain named by a request found,
 * and audit records filled with the session's own facts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "session.h"

int
reply_frame(struct session *s, uint32_t type, struct buf *b)
{
	if (frame_write(s->fd, type, b) == -1) {
		slog("session %s: write: %s", s->member, strerror(errno));
		exit(1);
	}
	return 0;
}

int
reply_text(struct session *s, int stream, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;
	int	 rv;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	buf_reset(&s->out);
	if (buf_put_u32(&s->out, (uint32_t)stream) ||
	    buf_put_str(&s->out, text))
		fatalx("reply_text: %zu bytes", strlen(text));
	free(text);
	rv = reply_frame(s, MSG_TEXT, &s->out);
	return rv;
}

int
reply_done(struct session *s, const struct xerr *e)
{
	buf_reset(&s->out);
	if (buf_put_u32(&s->out, (uint32_t)e->code) ||
	    buf_put_str(&s->out, e->code == XE_OK ? "" : e->msg))
		fatalx("reply_done");
	return reply_frame(s, MSG_DONE, &s->out);
}

int
backend_ready(struct session *s, struct xerr *e)
{
	struct backend_args	args;

	if (s->be_open)
		return 0;
	if (s->db == NULL && db_open(s->conf->state_dir, &s->db, e) == -1)
		return -1;
	memset(&args, 0, sizeof(args));
	args.state_dir = s->conf->state_dir;
	args.db = s->db;
	s->be = *s->conf->backend;
	if (s->be.open(&s->be, &args, e) == -1)
		return -1;
	s->be_open = 1;
	return 0;
}

/*
 * Find the domain a request names, by the backend's lookup, not by
 * listing them all.  An id must exist (libxl would take any number on
 * trust); a name must match exactly.
 */
int
resolve_domain(struct session *s, const struct req_arg *a,
    struct dominfo *out, struct xerr *e)
{
	struct domkey	k;
	int		rc;

	memset(&k, 0, sizeof(k));
	if (a->is_id) {
		k.kind = KEY_DOMID;
		k.domid = (uint32_t)a->num;
	} else {
		k.kind = KEY_NAME;
		k.name = a->str;
	}
	if (backend_ready(s, e) == -1 ||
	    (rc = s->be.lookup(&s->be, &k, out, e)) == -1)
		return -1;
	if (rc == 0) {
		xerr_set(e, XE_NOTFOUND, "Domain '%s' does not exist.",
		    a->str);
		return -1;
	}
	return 0;
}

/* One audit record; the session's own facts fill the rest. */
void
session_audit(struct session *s, const char *verb, const char *decision,
    const char *result)
{
	struct audit_rec	r;
	char			err[256];

	if (s->audit_fd == -1)
		return;
	memset(&r, 0, sizeof(r));
	r.session = s->id;
	r.peer_uid = (long)s->peer_uid;
	r.member = s->member[0] != '\0' ? s->member : NULL;
	r.role = s->member[0] != '\0' ? role_name(s->role) : NULL;
	r.verb = verb;
	r.target = s->target[0] != '\0' ? s->target : NULL;
	r.decision = decision;
	r.result = result;
	if (auditlog_write(s->audit_fd, &r, err, sizeof(err)) == -1)
		slog("session %s: audit: %s", s->id, err);
}
