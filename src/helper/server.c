/*
 * One connection to xlshd: the protocol's state machine, as a dispatch
 * table of {message, phases, handler}: hello, login, then requests,
 * names queries and cancels until the connection ends.  Anything
 * malformed ends this connection only; the daemon and other sessions
 * never see it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/random.h>
#include <sys/socket.h>

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "auth.h"
#include "handlers.h"
#include "server.h"
#include "session.h"

#define LOGIN_TRIES	3	/* failed logins before the connection ends */
#define LOGIN_TIMEOUT_MS	60000	/* between messages while logging in */
#define IDLE_GRACE_SECS		30	/* past the idle timeout, for the shell */

#define HELLO_TIMEOUT_MS	10000

static int	recv_hello(struct session *, struct buf *);
static int	recv_auth(struct session *, struct buf *);
static int	recv_request(struct session *, struct buf *);
static int	recv_names(struct session *, struct buf *);
static int	recv_cancel(struct session *, struct buf *);
static int	read_timeout(const struct session *);

static const struct dispatch {
	uint32_t	  type;
	int		  phases;
	int		(*fn)(struct session *, struct buf *);
} dispatch[] = {
	{ MSG_HELLO,		PH_HELLO,	recv_hello },
	{ MSG_AUTH_START,	PH_AUTH,	recv_auth },
	{ MSG_REQUEST,		PH_READY,	recv_request },
	{ MSG_NAMES_QUERY,	PH_READY,	recv_names },
	{ MSG_CANCEL,		PH_READY,	recv_cancel },
};

static int
recv_hello(struct session *s, struct buf *in)
{
	char		 magic[8], host[HOST_STR];
	uint32_t	 version;
	int		 sandbox = s->conf->mode == MODE_SANDBOX;

	if (buf_get_strn(in, magic, sizeof(magic)) == -1 ||
	    buf_get_u32(in, &version) == -1 || buf_left(in) != 0 ||
	    strcmp(magic, PROTO_MAGIC) != 0) {
		slog("session %s: malformed hello", s->id);
		session_audit(s, "protocol", "deny", "malformed hello");
		return -1;
	}
	if (version != PROTO_VERSION) {
		struct xerr	e;

		xerr_set(&e, XE_FAIL, "protocol version %u is not spoken "
		    "here (xlshd speaks %d); update xlsh", version,
		    PROTO_VERSION);
		reply_done(s, &e);
		slog("session %s: protocol version %u refused", s->id,
		    version);
		return -1;
	}
	if (sandbox)
		snprintf(host, sizeof(host), "sandbox");
	else if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "xen");
	host[sizeof(host) - 1] = '\0';

	buf_reset(&s->out);
	if (buf_put_u32(&s->out, PROTO_VERSION) ||
	    buf_put_str(&s->out, sandbox ? "sandbox" : "system") ||
	    buf_put_str(&s->out, host) ||
	    buf_put_u32(&s->out, sandbox ? 0 : HELLO_AUTH))
		fatalx("recv_hello: reply");
	reply_frame(s, MSG_HELLO_OK, &s->out);
	if (sandbox)
		return member_start(s);
	s->phase = PH_AUTH;
	return 0;
}

static int
recv_auth(struct session *s, struct buf *in)
{
	char		user[64];
	struct xerr	e;
	int		rv;

	if (buf_get_strn(in, user, sizeof(user)) == -1 || buf_left(in) != 0) {
		slog("session %s: malformed login", s->id);
		session_audit(s, "protocol", "deny", "malformed login");
		return -1;
	}
	memset(&e, 0, sizeof(e));
	if ((rv = auth_login(s, user, &e)) == 0) {
		rv = member_start(s);
		session_audit(s, "login", "permit", "ok");
		return rv;
	}
	session_audit(s, "login", "deny", rv == -2 ?
	    "the client left or stalled" : e.msg);
	if (rv == -2)
		return -1;
	buf_reset(&s->out);
	if (buf_put_str(&s->out, e.msg))
		fatalx("recv_auth");
	reply_frame(s, MSG_AUTH_FAIL, &s->out);
	if (++s->failures >= LOGIN_TRIES) {
		slog("session %s: %d failed logins; closed", s->id,
		    s->failures);
		return -1;
	}
	return 0;
}

static int
recv_request(struct session *s, struct buf *in)
{
	char		*argv[XLSH_WORDS_MAX];
	char		*data = NULL, *dataname = NULL;
	size_t		 datalen = 0;
	uint32_t	 argc, hasdata, i;
	const char	*p;
	int		 rv = -1, got = 0;

	memset(argv, 0, sizeof(argv));
	if (buf_get_u32(in, &argc) == -1 || argc < 1 ||
	    argc > XLSH_WORDS_MAX)
		goto bad;
	for (i = 0; i < argc; i++, got++) {
		if (buf_get_str(in, &argv[i]) == -1 ||
		    strlen(argv[i]) > XLSH_LINE_MAX || argv[i][0] == '\0')
			goto bad;
		/* The words must be words the tokenizer could have made. */
		for (p = argv[i]; *p != '\0'; p++)
			if (!word_char_ok((unsigned char)*p))
				goto bad;
	}
	if (buf_get_u32(in, &hasdata) == -1 || hasdata > 1)
		goto bad;
	if (hasdata && (buf_get_str(in, &dataname) == -1 ||
	    buf_get_bytes(in, &data, &datalen) == -1 ||
	    datalen > XLSH_CONFIG_MAX))
		goto bad;
	if (buf_left(in) != 0)
		goto bad;
	s->data = data;
	s->datalen = datalen;
	s->dataname = dataname;
	rv = serve_request(s, (int)argc, argv);
	s->data = s->dataname = NULL;
	goto out;
bad:
	slog("session %s: malformed request", s->id);
	session_audit(s, "protocol", "deny", "malformed request");
out:
	for (i = 0; i < (uint32_t)got; i++)
		free(argv[i]);
	free(data);
	free(dataname);
	return rv;
}

/* A Ctrl-C that came after its request was done: nothing to stop. */
static int
recv_cancel(struct session *s, struct buf *in)
{
	(void)s;
	return buf_left(in) == 0 ? 0 : -1;
}

static int
recv_names(struct session *s, struct buf *in)
{
	uint32_t		 kind;
	char			 verb[32], prefix[XLSH_NAME_MAX + 1];
	const struct verb	*v;
	struct xerr		 e;

	memset(&e, 0, sizeof(e));
	if (buf_get_u32(in, &kind) == -1 ||
	    buf_get_strn(in, verb, sizeof(verb)) == -1 ||
	    buf_get_strn(in, prefix, sizeof(prefix)) == -1 ||
	    buf_left(in) != 0 || (v = verb_lookup(verb)) == NULL) {
		slog("session %s: malformed names query", s->id);
		session_audit(s, "protocol", "deny",
		    "malformed names query");
		return -1;
	}
	if (srv_names(s, kind, v, prefix, &e) == 0)
		e.code = XE_OK;
	return reply_done(s, &e);
}

/*
 * How long the peer may send its next message: a moment before and
 * during login, within the login's grace time,
 * and the idle timeout after it (the shell warns and leaves first; a
 * shell that does not is closed a little later).
 */
static int
read_timeout(const struct session *s)
{
	int	t;

	if (s->phase == PH_HELLO || s->phase == PH_AUTH) {
		t = s->phase == PH_HELLO ? HELLO_TIMEOUT_MS : LOGIN_TIMEOUT_MS;
		return login_left(s, t);
	}
	if (s->conf->idle_secs == 0)
		return -1;
	return (int)(s->conf->idle_secs + IDLE_GRACE_SECS) * 1000;
}

void
session_serve(int fd, const struct server_conf *conf, int early)
{
	struct session	 s;
	struct buf	 in;
	struct ucred	 cred;
	socklen_t	 len = sizeof(cred);
	struct passwd	*pw;
	struct xerr	 e;
	uint8_t		 rnd[8];
	uint32_t	 type;
	size_t		 i;
	int		 afd;

	memset(&s, 0, sizeof(s));
	s.fd = fd;
	s.conf = conf;
	s.open_early = early;
	if (conf->login_grace_secs != 0)
		s.login_deadline = mono_ms() + conf->login_grace_secs * 1000ULL;
	s.phase = PH_HELLO;
	buf_init(&s.out, FRAME_MAX);
	buf_init(&s.outq, 2 * (FRAME_HDR + FRAME_MAX));
	buf_init(&in, FRAME_MAX);
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		fatal("getrandom");
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(s.id + 2 * i, 3, "%02x", rnd[i]);

	/* Identity comes from the kernel, never from a message. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
		slog("connection: SO_PEERCRED: %s", strerror(errno));
		return;
	}
	s.peer_uid = cred.uid;
	s.peer_pid = cred.pid;
	if ((pw = getpwuid(cred.uid)) != NULL &&
	    valid_member_name(pw->pw_name))
		snprintf(s.login, sizeof(s.login), "%s", pw->pw_name);
	else
		snprintf(s.login, sizeof(s.login), "uid%ld", (long)cred.uid);
	if (conf->audit_path != NULL) {
		if ((afd = auditlog_open(conf->audit_path, e.msg,
		    sizeof(e.msg))) == -1) {
			slog("session %s: %s; closed", s.id, e.msg);
			return;
		}
		close(afd);
		s.audited = 1;
	}
	if (conf->mode == MODE_SANDBOX && cred.uid != geteuid()) {
		slog("connection from uid %ld refused: this sandbox belongs "
		    "to uid %ld", (long)cred.uid, (long)geteuid());
		session_audit(&s, "protocol", "deny",
		    "not the sandbox's owner");
		return;
	}

	for (;;) {
		if (frame_read(fd, &type, &in, read_timeout(&s)) == -1) {
			if (errno == EPIPE)
				slog("session %s: ended", s.id);
			else {
				if (errno == ETIMEDOUT && s.phase == PH_READY)
					snprintf(e.msg, sizeof(e.msg), "idle for "
					    "%u s", conf->idle_secs +
					    IDLE_GRACE_SECS);
				else if (errno == ETIMEDOUT &&
				    login_left(&s, 1) == 0)
					snprintf(e.msg, sizeof(e.msg), "not "
					    "logged in within %u s "
					    "(--login-grace)",
					    conf->login_grace_secs);
				else
					snprintf(e.msg, sizeof(e.msg), "%s",
					    errno == EMSGSIZE ? "frame over "
					    "65536 bytes" : strerror(errno));
				slog("session %s: %s; closed", s.id, e.msg);
				session_audit(&s, "protocol", "deny", e.msg);
			}
			break;
		}
		for (i = 0; i < sizeof(dispatch) / sizeof(dispatch[0]); i++)
			if (dispatch[i].type == type)
				break;
		if (i == sizeof(dispatch) / sizeof(dispatch[0]) ||
		    !(dispatch[i].phases & s.phase)) {
			snprintf(e.msg, sizeof(e.msg), "message 0x%x not "
			    "expected %s", type, s.phase == PH_HELLO ?
			    "before hello" : s.phase == PH_AUTH ?
			    "before login" : "after login");
			slog("session %s: %s; closed", s.id, e.msg);
			session_audit(&s, "protocol", "deny", e.msg);
			break;
		}
		if (dispatch[i].fn(&s, &in) == -1 || s.gone)
			break;
	}
	if (s.member[0] != '\0') {
		s.target[0] = '\0';
		session_audit_repeats(&s);
		session_audit(&s, "logout", "permit", "ok");
	}
	if (s.audited)
		auditlog_seal(s.id);
	if (s.be_open && s.be.close != NULL)
		s.be.close(&s.be);
	db_close(s.db);
	if (s.policy != NULL && s.policy != conf->policy)
		policy_free(s.policy);
	if (s.groups != NULL)
		strv_free(s.groups, s.ngroups);
	buf_free(&in);
	buf_free(&s.out);
	buf_free(&s.outq);
}
