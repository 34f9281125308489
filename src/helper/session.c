/*
 * What a session offers the code that serves it: replies to the shell,
 * and audit records filled with the session's own facts.  The backend
 * is session_backend.c's.
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

static void	audit(struct session *, const char *, const char *,
		    const char *, int);

/*
 * A client that has gone is written to no more, but what it asked is
 * seen through: the request's outcome and the session's end are still
 * audited (serve_request, session_serve).
 */
int
reply_frame(struct session *s, uint32_t type, struct buf *b)
{
	if (s->gone)
		return -1;
	if (s->corked) {
		if (s->outq.len + FRAME_HDR + b->len > s->outq.max &&
		    session_flush(s) == -1)
			return -1;
		if (frame_put(&s->outq, type, b) == -1)
			fatalx("reply_frame: frame over %d bytes", FRAME_MAX);
		return 0;
	}
	if (frame_write(s->fd, type, b) == -1) {
		slog("session %s: write: %s", s->id, strerror(errno));
		s->gone = 1;
		return -1;
	}
	return 0;
}

/*
 * Write what reply_frame kept while the session was corked (a request
 * that only reads: its frames, its DONE among them, go in one write, so
 * the shell wakes once).  Anything that waits, or passes a descriptor,
 * flushes first.
 */
int
session_flush(struct session *s)
{
	int	rv = 0;

	if (s->outq.len > 0 && !s->gone &&
	    full_write(s->fd, s->outq.data, s->outq.len) == -1) {
		slog("session %s: write: %s", s->id, strerror(errno));
		s->gone = 1;
		rv = -1;
	}
	buf_reset(&s->outq);
	return rv;
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

/* Standard output's text, in pieces that fit a frame. */
int
reply_stdout(struct session *s, const char *text)
{
	size_t	len = strlen(text), k;

	for (; len > 0; text += k, len -= k) {
		k = len < FRAME_MAX / 2 ? len : FRAME_MAX / 2;
		if (reply_text(s, TEXT_STDOUT, "%.*s", (int)k, text) == -1)
			return -1;
	}
	return 0;
}

int
reply_done(struct session *s, const struct xerr *e)
{
	buf_reset(&s->out);
	/* The lesson's step, for the prompt, once a lesson was seen. */
	if (buf_put_u32(&s->out, (uint32_t)e->code) ||
	    buf_put_str(&s->out, e->code == XE_OK ? "" : e->msg) ||
	    (s->lesson_seen && buf_put_str(&s->out, s->lesson_tag)))
		fatalx("reply_done");
	return reply_frame(s, MSG_DONE, &s->out);
}

/*
 * What is left of the login's grace time (--login-grace), in ms, at
 * most max: the whole of a login, hello to SESSION, however its bytes
 * come (LoginGraceTime is the model).
 */
int
login_left(const struct session *s, int max)
{
	uint64_t	now = mono_ms();

	if (s->login_deadline == 0)
		return max;
	if (now >= s->login_deadline)
		return 0;
	return s->login_deadline - now < (uint64_t)max ?
	    (int)(s->login_deadline - now) : max;
}

/*
 * One audit record; the session's own facts fill the rest.  It is
 * fsynced before the answer unless its request only read, or a record
 * fsynced before the change it made already says the change was
 * permitted and began (session_audit_acting): a crash may then cost
 * the line that tells how it ended, never one of a change.
 */
void
session_audit(struct session *s, const char *verb, const char *decision,
    const char *result)
{
	audit(s, verb, decision, result, s->reading || s->acted);
}

/* The record of a change about to be made: fsynced before it is. */
void
session_audit_acting(struct session *s, const char *verb)
{
	audit(s, verb, "permit", "acting", 0);
}

static void
audit(struct session *s, const char *verb, const char *decision,
    const char *result, int nosync)
{
	struct audit_rec	r;
	char			err[256];

	if (!s->audited)
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
	r.nosync = nosync;
	if (auditlog_write(s->conf->audit_path, &r, err, sizeof(err)) == -1)
		slog("session %s: audit: %s", s->id, err);
}

/* The end of a run of lists (top's): one record says how many. */
void
session_audit_repeats(struct session *s)
{
	char	result[64], target[sizeof(s->target)];

	if (s->list_repeats == 0)
		return;
	memcpy(target, s->target, sizeof(target));
	s->target[0] = '\0';
	snprintf(result, sizeof(result), "ok: %u more, each within %d s of "
	    "the one before", s->list_repeats, LIST_REPEAT_MS / 1000);
	s->list_repeats = 0;
	session_audit(s, "list", "permit", result);
	memcpy(s->target, target, sizeof(target));
}
