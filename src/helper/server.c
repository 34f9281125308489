/*
 * One connection to xlshd: the protocol's state machine, as a dispatch
 * table of {message, phases, handler}, and the request dispatch by
 * verb.  Anything malformed ends this connection only; the daemon and
 * other sessions never see it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/random.h>
#include <sys/socket.h>

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "server.h"

#define PH_HELLO	0x01
#define PH_AUTH		0x02
#define PH_READY	0x04

#define LOGIN_TRIES	3	/* failed logins before the connection ends */
#define LOGIN_TIMEOUT_MS	60000	/* between messages while logging in */
#define IDLE_GRACE_SECS		30	/* past the idle timeout, for the shell */

#define HELLO_TIMEOUT_MS	10000

static int	recv_hello(struct session *, struct buf *);
static int	recv_auth(struct session *, struct buf *);
static int	recv_request(struct session *, struct buf *);
static int	recv_names(struct session *, struct buf *);
static int	recv_cancel(struct session *, struct buf *);
static int	serve_request(struct session *, int, char **);
static int	reply_done(struct session *, const struct xerr *);
static int	start_member(struct session *);
static void	audit(struct session *, const char *, const char *,
		    const char *);
static void	describe_limits(struct session *, char *, size_t);
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

typedef int (*handler_fn)(struct session *, const struct request *,
    struct xerr *);

/* The helper's half of the verb table. */
static const handler_fn handlers[V__COUNT] = {
	[V_LIST] = srv_list,
	[V_VM_LIST] = srv_vm_list,
	[V_INFO] = srv_info,
	[V_UPTIME] = srv_uptime,
	[V_VCPU_LIST] = srv_vcpu_list,
	[V_DOMID] = srv_domid,
	[V_DOMNAME] = srv_domname,
	[V_TEMPLATES] = srv_templates,
	[V_DMESG] = srv_dmesg,
	[V_CREATE] = srv_create,
	[V_SHUTDOWN] = srv_shutdown,
	[V_REBOOT] = srv_shutdown,
	[V_DESTROY] = srv_destroy,
	[V_PAUSE] = srv_pause,
	[V_UNPAUSE] = srv_pause,
	[V_RENAME] = srv_rename,
	[V_MEM_SET] = srv_mem_set,
	[V_MEM_MAX] = srv_mem_max,
	[V_VCPU_SET] = srv_vcpu_set,
	[V_CONSOLE] = srv_console,
};

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

static int
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
	memset(&args, 0, sizeof(args));
	args.state_dir = s->conf->state_dir;
	s->be = *s->conf->backend;
	if (s->be.open(&s->be, &args, e) == -1)
		return -1;
	s->be_open = 1;
	return 0;
}

/*
 * Find the domain a request names.  An id must exist (libxl would take
 * any number on trust); a name must match exactly.
 */
int
resolve_domain(struct session *s, const struct req_arg *a,
    struct dominfo *out, struct xerr *e)
{
	size_t	i;
	int	found = 0;

	/*
	 * One listing serves a request's every lookup (the decision, then
	 * the handler): the backend is asked once, not per argument.
	 */
	if (s->known == NULL && (backend_ready(s, e) == -1 ||
	    s->be.domains(&s->be, &s->known, &s->nknown, e) == -1))
		return -1;
	for (i = 0; i < s->nknown && !found; i++) {
		if (a->is_id ? s->known[i].domid == a->num :
		    strcmp(s->known[i].name, a->str) == 0) {
			*out = s->known[i];
			found = 1;
		}
	}
	if (!found) {
		xerr_set(e, XE_NOTFOUND, "Domain '%s' does not exist.",
		    a->str);
		return -1;
	}
	return 0;
}

/* One audit record; the session's own facts fill the rest. */
static void
audit(struct session *s, const char *verb, const char *decision,
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

/* The quotas and templates that bind the member's create, in words. */
static void
describe_limits(struct session *s, char *out, size_t size)
{
	const struct rule	*r;
	size_t			 n = 0, i;

	out[0] = '\0';
	r = policy_match(s->policy, &s->m, V_CREATE, NULL);
	if (r == NULL)
		return;
#define ADD(...) do {							\
	if (n < size)							\
		n += (size_t)snprintf(out + n, size - n, __VA_ARGS__);	\
} while (0)
	if (r->max_domains != QUOTA_NONE)
		ADD("%s%llu domains", n ? ", " : "",
		    (unsigned long long)r->max_domains);
	if (r->max_memkb != QUOTA_NONE)
		ADD("%s%llu MiB of memory", n ? ", " : "",
		    (unsigned long long)(r->max_memkb / 1024));
	if (r->max_vcpus != QUOTA_NONE)
		ADD("%s%llu vcpus", n ? ", " : "",
		    (unsigned long long)r->max_vcpus);
	if (r->pattern != NULL)
		ADD("%sdomains named %s", n ? "; " : "", r->pattern);
	for (i = 0; i < r->ntemplates; i++)
		ADD("%s%s", i == 0 ? (n ? "; templates " : "templates ") :
		    ", ", r->templates[i]);
#undef ADD
}

/*
 * The member is known: find their groups, role and verbs, and tell the
 * shell.  In the sandbox the member is the peer, and the policy gives
 * them every verb on their own simulated host.
 */
static int
start_member(struct session *s)
{
	char	 text[512];
	size_t	 i, n = 0;

	if (s->conf->mode == MODE_SANDBOX) {
		snprintf(s->member, sizeof(s->member), "%s", s->login);
		snprintf(text, sizeof(text), "permit files %s as pool-admin\n",
		    s->member);
		if (policy_parse(text, strlen(text), "(sandbox)", &s->policy,
		    stderr) == -1)
			fatalx("the sandbox's policy does not parse");
	} else {
		s->policy = s->conf->policy;
		if (policy_groups(s->member, &s->groups, &s->ngroups) == -1) {
			s->groups = NULL;
			s->ngroups = 0;
		}
	}
	s->m.name = s->member;
	s->m.groups = s->groups;
	s->m.ngroups = s->ngroups;
	s->role = policy_role(s->policy, &s->m);
	s->verbs = policy_verbs(s->policy, &s->m);

	buf_reset(&s->out);
	if (buf_put_str(&s->out, s->member) ||
	    buf_put_str(&s->out, s->login) ||
	    buf_put_str(&s->out, role_name(s->role)))
		fatalx("start_member");
	for (i = 0; i < V__COUNT; i++)
		if (s->verbs & (1ULL << i))
			n++;
	if (buf_put_u32(&s->out, (uint32_t)n))
		fatalx("start_member: verbs");
	for (i = 0; i < V__COUNT; i++)
		if ((s->verbs & (1ULL << i)) &&
		    buf_put_str(&s->out, verbs[i].name))
			fatalx("start_member: verb");
	describe_limits(s, text, sizeof(text));
	if (buf_put_str(&s->out, text) ||
	    buf_put_u32(&s->out, s->conf->idle_secs))
		fatalx("start_member: limits");
	reply_frame(s, MSG_SESSION, &s->out);
	s->phase = PH_READY;
	slog("session %s: %s logged in as %s (%s), from uid %ld pid %ld",
	    s->id, s->login, s->member, role_name(s->role),
	    (long)s->peer_uid, (long)s->peer_pid);
	return 0;
}

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
		audit(s, "protocol", "deny", "malformed hello");
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
		return start_member(s);
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
		audit(s, "protocol", "deny", "malformed login");
		return -1;
	}
	memset(&e, 0, sizeof(e));
	if ((rv = auth_login(s, user, &e)) == 0) {
		rv = start_member(s);
		audit(s, "login", "permit", "ok");
		return rv;
	}
	audit(s, "login", "deny", rv == -2 ? "the client left or stalled" :
	    e.msg);
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
	audit(s, "protocol", "deny", "malformed request");
out:
	for (i = 0; i < (uint32_t)got; i++)
		free(argv[i]);
	free(data);
	free(dataname);
	return rv;
}

static int
serve_request(struct session *s, int argc, char **argv)
{
	struct request	 req;
	struct xerr	 e;
	handler_fn	 fn;

	memset(&e, 0, sizeof(e));
	s->permitted = 0;
	s->target[0] = '\0';
	if (parse_request(argc, argv, &req, e.msg, sizeof(e.msg)) == -1)
		e.code = XE_USAGE;
	else if ((fn = handlers[verb_xl(req.verb)]) == NULL)
		xerr_set(&e, XE_USAGE, "%s is answered by the shell, not "
		    "the helper", req.verb->name);
	else if (authorize_request(s, &req, &e) == 0 && fn(s, &req, &e) == 0)
		e.code = XE_OK;
	free(s->known);
	s->known = NULL;
	s->nknown = 0;
	if (e.code != XE_OK && e.msg[0] == '\0')
		xerr_set(&e, XE_FAIL, "%s failed", argv[0]);
	slog("session %s: %s %s%s%s: %s%s%s", s->id, s->member, argv[0],
	    s->target[0] != '\0' ? " " : "", s->target,
	    xerr_name(e.code), e.code ? ": " : "", e.code ? e.msg : "");
	audit(s, argv[0], s->permitted ? "permit" : "deny",
	    e.code == XE_OK ? "ok" : e.msg);
	return reply_done(s, &e);
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
		audit(s, "protocol", "deny", "malformed names query");
		return -1;
	}
	if (srv_names(s, kind, v, prefix, &e) == 0)
		e.code = XE_OK;
	return reply_done(s, &e);
}

/*
 * How long the peer may keep silent: a moment before and during login,
 * and the idle timeout after it (the shell warns and leaves first; a
 * shell that does not is closed a little later).
 */
static int
read_timeout(const struct session *s)
{
	if (s->phase == PH_HELLO)
		return HELLO_TIMEOUT_MS;
	if (s->phase == PH_AUTH)
		return LOGIN_TIMEOUT_MS;
	if (s->conf->idle_secs == 0)
		return -1;
	return (int)(s->conf->idle_secs + IDLE_GRACE_SECS) * 1000;
}

void
session_serve(int fd, const struct server_conf *conf)
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

	memset(&s, 0, sizeof(s));
	s.fd = fd;
	s.conf = conf;
	s.phase = PH_HELLO;
	s.audit_fd = -1;
	buf_init(&s.out, FRAME_MAX);
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
	if (conf->audit_path != NULL && (s.audit_fd = auditlog_open(
	    conf->audit_path, e.msg, sizeof(e.msg))) == -1) {
		slog("session %s: %s; closed", s.id, e.msg);
		return;
	}
	if (conf->mode == MODE_SANDBOX && cred.uid != geteuid()) {
		slog("connection from uid %ld refused: this sandbox belongs "
		    "to uid %ld", (long)cred.uid, (long)geteuid());
		audit(&s, "protocol", "deny", "not the sandbox's owner");
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
				else
					snprintf(e.msg, sizeof(e.msg), "%s",
					    errno == EMSGSIZE ? "frame over "
					    "65536 bytes" : strerror(errno));
				slog("session %s: %s; closed", s.id, e.msg);
				audit(&s, "protocol", "deny", e.msg);
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
			audit(&s, "protocol", "deny", e.msg);
			break;
		}
		if (dispatch[i].fn(&s, &in) == -1)
			break;
	}
	if (s.member[0] != '\0') {
		s.target[0] = '\0';
		audit(&s, "logout", "permit", "ok");
	}
	if (s.be_open && s.be.close != NULL)
		s.be.close(&s.be);
	if (s.policy != NULL && s.policy != conf->policy)
		policy_free(s.policy);
	if (s.groups != NULL)
		strv_free(s.groups, s.ngroups);
	if (s.audit_fd != -1)
		close(s.audit_fd);
	buf_free(&in);
	buf_free(&s.out);
}
