/*
 * One connection to xlshd: the protocol's state machine, as a dispatch
 * table of {message, phases, handler}, and the request dispatch by
 * verb.  Anything malformed ends this connection only; the daemon and
 * other sessions never see it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

#define PH_HELLO	0x01
#define PH_READY	0x02

#define HELLO_TIMEOUT_MS	10000

static int	recv_hello(struct session *, struct buf *);
static int	recv_request(struct session *, struct buf *);
static int	recv_names(struct session *, struct buf *);
static int	serve_request(struct session *, int, char **);
static int	authorize(struct session *, const struct request *,
		    struct xerr *);
static int	reply_done(struct session *, const struct xerr *);

static const struct dispatch {
	uint32_t	  type;
	int		  phases;
	int		(*fn)(struct session *, struct buf *);
} dispatch[] = {
	{ MSG_HELLO,		PH_HELLO,	recv_hello },
	{ MSG_REQUEST,		PH_READY,	recv_request },
	{ MSG_NAMES_QUERY,	PH_READY,	recv_names },
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
	[V_CREATE] = srv_create,
	[V_XE_VM_START] = srv_create,
	[V_SHUTDOWN] = srv_shutdown,
	[V_REBOOT] = srv_shutdown,
	[V_XE_VM_SHUTDOWN] = srv_shutdown,
	[V_DESTROY] = srv_destroy,
	[V_PAUSE] = srv_pause,
	[V_UNPAUSE] = srv_pause,
	[V_RENAME] = srv_rename,
	[V_MEM_SET] = srv_mem_set,
	[V_VCPU_SET] = srv_vcpu_set,
};

void
slog(const char *fmt, ...)
{
	va_list		ap;
	char		ts[32];
	time_t		now = time(NULL);
	struct tm	tm;

	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s xlshd[%ld]: ", ts, (long)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

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
	struct dominfo	*list;
	size_t		 n, i;
	int		 found = 0;

	if (backend_ready(s, e) == -1 ||
	    s->be.domains(&s->be, &list, &n, e) == -1)
		return -1;
	for (i = 0; i < n && !found; i++) {
		if (a->is_id ? list[i].domid == a->num :
		    strcmp(list[i].name, a->str) == 0) {
			*out = list[i];
			found = 1;
		}
	}
	free(list);
	if (!found) {
		xerr_set(e, XE_NOTFOUND, "Domain '%s' does not exist.",
		    a->str);
		return -1;
	}
	return 0;
}

/*
 * May this session do this?  The sandbox gives its one user every verb
 * on every guest; Domain-0 is never a target of a verb that changes a
 * domain.
 */
static int
authorize(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;
	int		i;

	if (!(req->verb->flags & VF_MODIFIES))
		return 0;
	for (i = 0; i < req->nargs; i++) {
		if (req->args[i].type != A_DOMAIN)
			continue;
		if (resolve_domain(s, &req->args[i], &d, e) == -1)
			return -1;
		if (d.domid == 0) {
			xerr_set(e, XE_DENIED, "permission denied: %s: "
			    "Domain-0 is the host's control domain and not "
			    "a permitted target", req->verb->name);
			return -1;
		}
	}
	return 0;
}

static int
recv_hello(struct session *s, struct buf *in)
{
	char		 magic[8], host[HOST_STR];
	uint32_t	 version;

	if (buf_get_strn(in, magic, sizeof(magic)) == -1 ||
	    buf_get_u32(in, &version) == -1 || buf_left(in) != 0 ||
	    strcmp(magic, PROTO_MAGIC) != 0) {
		slog("session uid %ld: malformed hello", (long)s->peer_uid);
		return -1;
	}
	if (version != PROTO_VERSION) {
		struct xerr	e;

		xerr_set(&e, XE_FAIL, "protocol version %u is not spoken "
		    "here (xlshd speaks %d); update xlsh", version,
		    PROTO_VERSION);
		reply_done(s, &e);
		slog("session %s: protocol version %u refused", s->member,
		    version);
		return -1;
	}
	if (s->conf->mode == MODE_SANDBOX)
		snprintf(host, sizeof(host), "sandbox");
	else if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "xen");
	host[sizeof(host) - 1] = '\0';

	buf_reset(&s->out);
	if (buf_put_u32(&s->out, PROTO_VERSION) ||
	    buf_put_str(&s->out, s->conf->mode == MODE_SANDBOX ?
	    "sandbox" : "system") ||
	    buf_put_str(&s->out, s->member) ||
	    buf_put_str(&s->out, s->role) ||
	    buf_put_str(&s->out, host))
		fatalx("recv_hello: reply");
	reply_frame(s, MSG_HELLO_OK, &s->out);
	s->phase = PH_READY;
	slog("session %s: started (peer uid %ld pid %ld)", s->member,
	    (long)s->peer_uid, (long)s->peer_pid);
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
	slog("session %s: malformed request", s->member);
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
	if (parse_request(argc, argv, &req, e.msg, sizeof(e.msg)) == -1)
		e.code = XE_USAGE;
	else if ((fn = handlers[req.verb->id]) == NULL)
		xerr_set(&e, XE_USAGE, "%s is answered by the shell, not "
		    "the helper", req.verb->name);
	else if (authorize(s, &req, &e) == 0 && fn(s, &req, &e) == 0)
		e.code = XE_OK;
	if (e.code != XE_OK && e.msg[0] == '\0')
		xerr_set(&e, XE_FAIL, "%s failed", argv[0]);
	slog("session %s: %s%s%s: %s%s%s", s->member, argv[0],
	    argc > 1 ? " " : "", argc > 1 ? argv[1] : "",
	    xerr_name(e.code), e.code ? ": " : "", e.code ? e.msg : "");
	return reply_done(s, &e);
}

static int
recv_names(struct session *s, struct buf *in)
{
	uint32_t	kind;
	struct xerr	e;

	memset(&e, 0, sizeof(e));
	if (buf_get_u32(in, &kind) == -1 || buf_left(in) != 0) {
		slog("session %s: malformed names query", s->member);
		return -1;
	}
	if (srv_names(s, kind, &e) == 0)
		e.code = XE_OK;
	return reply_done(s, &e);
}

void
session_serve(int fd, const struct server_conf *conf)
{
	struct session	 s;
	struct buf	 in;
	struct ucred	 cred;
	socklen_t	 len = sizeof(cred);
	struct passwd	*pw;
	uint32_t	 type;
	size_t		 i;

	memset(&s, 0, sizeof(s));
	s.fd = fd;
	s.conf = conf;
	s.phase = PH_HELLO;
	buf_init(&s.out, FRAME_MAX);
	buf_init(&in, FRAME_MAX);

	/* Identity comes from the kernel, never from a message. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
		slog("connection: SO_PEERCRED: %s", strerror(errno));
		return;
	}
	s.peer_uid = cred.uid;
	s.peer_pid = cred.pid;
	if (conf->mode == MODE_SANDBOX && cred.uid != geteuid()) {
		slog("connection from uid %ld refused: this sandbox belongs "
		    "to uid %ld", (long)cred.uid, (long)geteuid());
		return;
	}
	if ((pw = getpwuid(cred.uid)) != NULL)
		snprintf(s.member, sizeof(s.member), "%s", pw->pw_name);
	else
		snprintf(s.member, sizeof(s.member), "uid%ld",
		    (long)cred.uid);
	s.role = conf->mode == MODE_SANDBOX ? "sandbox-owner" : "none";

	for (;;) {
		if (frame_read(fd, &type, &in, s.phase == PH_HELLO ?
		    HELLO_TIMEOUT_MS : -1) == -1) {
			if (errno == EPIPE)
				slog("session %s: ended", s.member);
			else if (errno == EMSGSIZE)
				slog("session %s: frame over %d bytes; "
				    "closed", s.member, FRAME_MAX);
			else
				slog("session %s: read: %s; closed",
				    s.member, strerror(errno));
			break;
		}
		for (i = 0; i < sizeof(dispatch) / sizeof(dispatch[0]); i++)
			if (dispatch[i].type == type)
				break;
		if (i == sizeof(dispatch) / sizeof(dispatch[0]) ||
		    !(dispatch[i].phases & s.phase)) {
			slog("session %s: message 0x%x not expected %s; "
			    "closed", s.member, type, s.phase == PH_HELLO ?
			    "before hello" : "after hello");
			break;
		}
		if (dispatch[i].fn(&s, &in) == -1)
			break;
	}
	if (s.be_open && s.be.close != NULL)
		s.be.close(&s.be);
	buf_free(&in);
	buf_free(&s.out);
}
