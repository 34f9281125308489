/*
 * xlsh's connection to its helper: the system helper's socket, or a
 * private sandbox helper started on a socketpair.
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
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

static int	state_dir(char *, size_t, char *, size_t);
static int	mkdirs(const char *);
static void	helper_paths(char *, size_t, char *, size_t);
static int	read_replies(struct client *, struct reply *);
static int	read_session(struct client *, struct buf *);
static char	*answer_prompt(int, const char *);

/* Print a string from the helper with control bytes made visible. */
void
put_escaped(FILE *f, const char *s)
{
	const unsigned char	*p;

	/*
	 * Keep newlines, tabs and printable ASCII, backslashes too (text
	 * such as xl dmesg's is shown as xl shows it); every other byte
	 * as \ooo, so that nothing reaches the terminal as a control.
	 */
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\t' || (*p >= 0x20 && *p < 0x7f))
			putc(*p, f);
		else
			fprintf(f, "\\%03o", *p);
	}
}

static int
mkdirs(const char *path)
{
	char	tmp[PATH_MAX], *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -1;
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0700) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* $XDG_STATE_HOME/xlsh, or ~/.local/state/xlsh, created 0700. */
static int
state_dir(char *out, size_t size, char *err, size_t errlen)
{
	const char	*base = getenv("XDG_STATE_HOME");
	const char	*home = getenv("HOME");
	struct passwd	*pw;
	int		 n;

	if (base != NULL && base[0] == '/')
		n = snprintf(out, size, "%s/xlsh", base);
	else {
		if (home == NULL || home[0] != '/') {
			if ((pw = getpwuid(getuid())) == NULL) {
				snprintf(err, errlen, "cannot find your home "
				    "directory");
				return -1;
			}
			home = pw->pw_dir;
		}
		n = snprintf(out, size, "%s/.local/state/xlsh", home);
	}
	if (n < 0 || (size_t)n >= size) {
		snprintf(err, errlen, "state directory path too long");
		return -1;
	}
	if (mkdirs(out) == -1) {
		snprintf(err, errlen, "cannot create %s: %s", out,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Where the helper and templates are.  A shell run from its build tree
 * uses the helper and templates beside it; an installed one the
 * installed paths.  Never the environment: a login shell must not be
 * talked into running another program.
 */
static void
helper_paths(char *helper, size_t hsize, char *templates, size_t tsize)
{
	char	exe[PATH_MAX];
	ssize_t	n;

	snprintf(helper, hsize, "%s/xlshd", SBINDIR);
	snprintf(templates, tsize, "%s", TEMPLATESDIR);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return;
	exe[n] = '\0';
	if (strcmp(dirname(exe), ABS_BUILDDIR "/src") == 0) {
		snprintf(helper, hsize, "%s/src/xlshd", ABS_BUILDDIR);
		snprintf(templates, tsize, "%s/etc/templates", ABS_SRCDIR);
	}
}

int
client_sandbox(struct client *c, char *err, size_t errlen)
{
	char	 dir[PATH_MAX - 32], helper[PATH_MAX], templates[PATH_MAX];
	char	 logpath[PATH_MAX], auditpath[PATH_MAX];
	int	 sv[2], logfd, nullfd;
	pid_t	 pid;

	if (state_dir(dir, sizeof(dir), err, errlen) == -1)
		return -1;
	helper_paths(helper, sizeof(helper), templates, sizeof(templates));
	snprintf(logpath, sizeof(logpath), "%s/xlshd.log", dir);
	snprintf(auditpath, sizeof(auditpath), "%s/audit.log", dir);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return -1;
	}
	switch ((pid = fork())) {
	case -1:
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	case 0:
		/*
		 * Out of the terminal's session: the terminal's signals
		 * (Ctrl-C, a hangup) are the shell's, and the helper ends
		 * when the shell's end of the socket closes.
		 */
		setsid();
		logfd = open(logpath, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC, 0600);
		nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (nullfd == -1 || dup2(sv[1], 0) == -1 ||
		    dup2(nullfd, 1) == -1 ||
		    dup2(logfd != -1 ? logfd : nullfd, 2) == -1)
			_exit(127);
		execl(helper, "xlshd", "--sandbox", "-i", "--backend", "sim",
		    "--state", dir, "--templates", templates, "--audit",
		    auditpath, (char *)NULL);
		dprintf(2, "xlsh: cannot run %s: %s\n", helper,
		    strerror(errno));
		_exit(127);
	}
	close(sv[1]);
	c->fd = sv[0];
	c->helper = pid;
	return 0;
}

int
client_connect(struct client *c, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		snprintf(err, errlen, "cannot reach the xlsh helper at %s: "
		    "%s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	c->fd = fd;
	c->helper = -1;
	return 0;
}

int
client_hello(struct client *c, char *err, size_t errlen)
{
	struct buf	b;
	uint32_t	type, version, code;
	char		msg[256];
	int		rv = -1;

	buf_init(&b, FRAME_MAX);
	if (buf_put_str(&b, PROTO_MAGIC) || buf_put_u32(&b, PROTO_VERSION))
		fatalx("client_hello");
	if (frame_write(c->fd, MSG_HELLO, &b) == -1 ||
	    frame_read(c->fd, &type, &b, 30000) == -1) {
		snprintf(err, errlen, "the xlsh helper did not answer (%s)%s",
		    strerror(errno), c->helper != -1 ?
		    "; see xlshd.log in the sandbox's state directory" : "");
		goto out;
	}
	if (type == MSG_DONE && buf_get_u32(&b, &code) == 0 &&
	    buf_get_strn(&b, msg, sizeof(msg)) == 0) {
		snprintf(err, errlen, "%s", msg);
		goto out;
	}
	if (type != MSG_HELLO_OK || buf_get_u32(&b, &version) ||
	    buf_get_strn(&b, c->mode, sizeof(c->mode)) ||
	    buf_get_strn(&b, c->host, sizeof(c->host)) ||
	    buf_get_u32(&b, &c->flags)) {
		snprintf(err, errlen, "the xlsh helper sent a malformed "
		    "greeting");
		goto out;
	}
	rv = 0;
out:
	buf_free(&b);
	return rv;
}

/* MSG_SESSION: who the member is and which verbs they may use. */
static int
read_session(struct client *c, struct buf *b)
{
	const struct verb	*v;
	char			 name[32];
	uint32_t		 n, i;

	if (buf_get_strn(b, c->member, sizeof(c->member)) ||
	    buf_get_strn(b, c->login, sizeof(c->login)) ||
	    buf_get_strn(b, c->role, sizeof(c->role)) ||
	    buf_get_u32(b, &n) || n > V__COUNT)
		return -1;
	c->verbs = 0;
	for (i = 0; i < n; i++) {
		if (buf_get_strn(b, name, sizeof(name)) == -1)
			return -1;
		/* A verb this shell does not know is not offered. */
		if ((v = verb_lookup(name)) != NULL)
			c->verbs |= 1ULL << v->id;
	}
	if (buf_get_strn(b, c->limits, sizeof(c->limits)) ||
	    buf_get_u32(b, &c->idle_secs))
		return -1;
	return buf_left(b) == 0 ? 0 : -1;
}

/*
 * The shell's own verbs above ROLE_NONE (top) ask the helper for
 * listings: they are offered to those who may list.
 */
int
verb_permitted(const struct client *c, const struct verb *v)
{
	if (v->role == ROLE_NONE)
		return 1;
	if (v->flags & VF_LOCAL)
		return (c->verbs & (1ULL << V_LIST)) != 0;
	return (c->verbs & (1ULL << v->id)) != 0;
}

/*
 * Answer one prompt of the helper's PAM conversation: from the
 * terminal, without echo for a secret, or else one line of standard
 * input, so that scripts and tests can log in.
 */
static char *
answer_prompt(int style, const char *prompt)
{
	struct termios	 t, saved;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 n;
	int		 tty = isatty(STDIN_FILENO), noecho;

	noecho = tty && style == PROMPT_ECHO_OFF &&
	    tcgetattr(STDIN_FILENO, &saved) == 0;
	if (tty) {
		put_escaped(stderr, prompt);
		fflush(stderr);
	}
	if (noecho) {
		t = saved;
		t.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
	}
	n = getline(&line, &cap, stdin);
	if (noecho) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (n == -1) {
		free(line);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	return line;
}

/*
 * Log in: the helper runs PAM and relays its prompts.  user may be
 * empty: the helper then asks for the name.  Returns 0 when logged in,
 * -1 with the reason in err when the login failed (another try may be
 * made), -2 when the connection is lost.
 */
int
client_login(struct client *c, const char *user, char *err, size_t errlen)
{
	struct buf	 b;
	uint32_t	 type, style;
	char		 prompt[PROMPT_MAX + 1], *ans;
	int		 rv = -2;

	buf_init(&b, FRAME_MAX);
	if (buf_put_str(&b, user) ||
	    frame_write(c->fd, MSG_AUTH_START, &b) == -1) {
		snprintf(err, errlen, "lost the xlsh helper");
		goto out;
	}
	for (;;) {
		if (frame_read(c->fd, &type, &b, -1) == -1) {
			snprintf(err, errlen, "lost the xlsh helper (%s)",
			    strerror(errno));
			goto out;
		}
		if (type == MSG_SESSION) {
			if (read_session(c, &b) == -1) {
				snprintf(err, errlen, "the xlsh helper sent a "
				    "malformed session");
				goto out;
			}
			rv = 0;
			goto out;
		}
		if (type == MSG_AUTH_FAIL) {
			if (buf_get_strn(&b, prompt, sizeof(prompt)) == -1)
				snprintf(prompt, sizeof(prompt), "login failed");
			snprintf(err, errlen, "%s", prompt);
			rv = -1;
			goto out;
		}
		if (type != MSG_AUTH_PROMPT || buf_get_u32(&b, &style) ||
		    buf_get_strn(&b, prompt, sizeof(prompt))) {
			snprintf(err, errlen, "the xlsh helper sent a "
			    "malformed prompt");
			goto out;
		}
		if (style == PROMPT_ERROR || style == PROMPT_INFO) {
			put_escaped(stderr, prompt);
			fputc('\n', stderr);
			continue;
		}
		if ((ans = answer_prompt((int)style, prompt)) == NULL) {
			snprintf(err, errlen, "no answer to the login prompt");
			goto out;
		}
		buf_reset(&b);
		if (buf_put_str(&b, ans))
			ans[0] = '\0';
		explicit_bzero(ans, strlen(ans));
		free(ans);
		if (frame_write(c->fd, MSG_AUTH_REPLY, &b) == -1) {
			snprintf(err, errlen, "lost the xlsh helper");
			goto out;
		}
	}
out:
	buf_free(&b);	/* zeroes the answer it held */
	return rv;
}

/* In the sandbox the session follows the greeting at once. */
int
client_session(struct client *c, char *err, size_t errlen)
{
	struct buf	b;
	uint32_t	type;
	int		rv = -1;

	buf_init(&b, FRAME_MAX);
	if (frame_read(c->fd, &type, &b, 30000) == -1 ||
	    type != MSG_SESSION || read_session(c, &b) == -1)
		snprintf(err, errlen, "the xlsh helper did not start a "
		    "session");
	else
		rv = 0;
	buf_free(&b);
	return rv;
}

void
reply_free(struct reply *r)
{
	free(r->doms);
	free(r->vcpus);
	if (r->console_fd != -1)
		close(r->console_fd);
	buf_free(&r->info);
	memset(r, 0, sizeof(*r));
	r->console_fd = -1;
}

volatile sig_atomic_t	client_interrupted;

#define PROGRESS_AFTER_MS	1000	/* a wait this long shows progress */

/*
 * Until the next frame arrives: on a terminal, after a second, a line
 * that counts the seconds (erased when the answer comes; nothing when
 * standard error is no terminal); and a Ctrl-C (which interrupts the
 * wait without SA_RESTART) passed on as MSG_CANCEL, once: the helper
 * stops a long wait, and the answer still ends with DONE.
 */
static void
await_frame(struct client *c)
{
	struct pollfd	pfd = { c->fd, POLLIN, 0 };
	uint64_t	start = now_ms(), waited;
	int		sent = 0, shown = 0, rv;
	int		tty = isatty(STDERR_FILENO);

	for (;;) {
		rv = poll(&pfd, 1, tty ? PROGRESS_AFTER_MS : -1);
		if (rv > 0)
			break;
		if (rv == -1 && errno != EINTR)
			break;
		if (client_interrupted && !sent) {
			client_interrupted = 0;
			sent = 1;
			fputs(shown ? "\r\033[K^C\n" : "^C\n", stderr);
			shown = 0;
			frame_write(c->fd, MSG_CANCEL, NULL);
		}
		waited = now_ms() - start;
		if (tty && !sent && waited >= PROGRESS_AFTER_MS) {
			fprintf(stderr, "\r\033[K[%llu s; Ctrl-C stops "
			    "waiting]", (unsigned long long)(waited / 1000));
			shown = 1;
		}
	}
	if (shown)
		fputs("\r\033[K", stderr);
}

/* Read replies until MSG_DONE; texts and info are printed at once. */
static int
read_replies(struct client *c, struct reply *r)
{
	struct buf	 b;
	uint32_t	 type, n, stream, code, i;
	char		*text;
	int		 rv = -1;

	buf_init(&b, FRAME_MAX);
	client_interrupted = 0;
	for (;;) {
		await_frame(c);
		if (frame_read(c->fd, &type, &b, -1) == -1) {
			snprintf(r->msg, sizeof(r->msg), "lost the xlsh "
			    "helper (%s)", strerror(errno));
			break;
		}
		switch (type) {
		case MSG_TEXT:
			if (buf_get_u32(&b, &stream) ||
			    buf_get_str(&b, &text))
				goto bad;
			put_escaped(stream == TEXT_STDERR ? stderr : stdout,
			    text);
			free(text);
			continue;
		case MSG_INFO:
			buf_reset(&r->info);
			if (buf_put(&r->info, b.data, b.len) == -1)
				goto bad;
			continue;
		case MSG_DOMAINS:
			if (buf_get_u32(&b, &n) || n > FRAME_MAX)
				goto bad;
			r->doms = xreallocarray(r->doms, r->ndoms + n,
			    sizeof(*r->doms));
			for (i = 0; i < n; i++)
				if (msg_get_dominfo(&b,
				    &r->doms[r->ndoms++]) == -1)
					goto bad;
			continue;
		case MSG_VCPUS:
			if (buf_get_u32(&b, &r->nr_cpus) ||
			    buf_get_u32(&b, &n) || n > FRAME_MAX)
				goto bad;
			r->vcpus = xreallocarray(r->vcpus, r->nvcpus + n,
			    sizeof(*r->vcpus));
			for (i = 0; i < n; i++)
				if (msg_get_vcpuinfo(&b,
				    &r->vcpus[r->nvcpus++]) == -1)
					goto bad;
			continue;
		case MSG_CONSOLE:
			/* The descriptor follows the frame, on its own. */
			if (r->console_fd != -1 || buf_get_strn(&b,
			    r->console_name, sizeof(r->console_name)) ||
			    (r->console_fd = fd_recv(c->fd)) == -1)
				goto bad;
			continue;
		case MSG_NAMES:
			/* Only client_names asks for these. */
			goto bad;
		case MSG_DONE:
			if (buf_get_u32(&b, &code) ||
			    buf_get_strn(&b, r->msg, sizeof(r->msg)))
				goto bad;
			r->code = (int)code;
			rv = 0;
			goto out;
		default:
			goto bad;
		}
	}
	goto out;
bad:
	snprintf(r->msg, sizeof(r->msg), "the xlsh helper sent a malformed "
	    "reply (message 0x%x)", type);
out:
	buf_free(&b);
	if (rv == -1)
		r->code = XE_FAIL;
	return rv;
}

int
client_request(struct client *c, int argc, char **argv, const char *dataname,
    const char *data, size_t datalen, struct reply *r)
{
	struct buf	b;
	int		i;

	memset(r, 0, sizeof(*r));
	r->console_fd = -1;
	buf_init(&r->info, FRAME_MAX);
	buf_init(&b, FRAME_MAX);
	if (buf_put_u32(&b, (uint32_t)argc))
		fatalx("client_request");
	for (i = 0; i < argc; i++)
		if (buf_put_str(&b, argv[i]))
			fatalx("client_request: word");
	if (buf_put_u32(&b, data != NULL) || (data != NULL &&
	    (buf_put_str(&b, dataname) || buf_put_bytes(&b, data, datalen)))) {
		buf_free(&b);
		r->code = XE_FAIL;
		snprintf(r->msg, sizeof(r->msg), "request too large");
		return -1;
	}
	if (frame_write(c->fd, MSG_REQUEST, &b) == -1) {
		buf_free(&b);
		r->code = XE_FAIL;
		snprintf(r->msg, sizeof(r->msg), "lost the xlsh helper (%s)",
		    strerror(errno));
		return -1;
	}
	buf_free(&b);
	return read_replies(c, r);
}

/* For completion: names of domains or templates; errors give none. */
int
client_names(struct client *c, uint32_t kind, const char *verb,
    const char *prefix, char ***out, size_t *np)
{
	struct buf	  b;
	uint32_t	  type, n, i, code;
	char		**names = NULL;
	size_t		  got = 0;

	*out = NULL;
	*np = 0;
	buf_init(&b, FRAME_MAX);
	if (buf_put_u32(&b, kind) || buf_put_str(&b, verb) ||
	    buf_put_str(&b, prefix) ||
	    frame_write(c->fd, MSG_NAMES_QUERY, &b) == -1)
		goto fail;
	for (;;) {
		if (frame_read(c->fd, &type, &b, 10000) == -1)
			goto fail;
		if (type == MSG_DONE) {
			if (buf_get_u32(&b, &code))
				goto fail;
			break;
		}
		if (type != MSG_NAMES || buf_get_u32(&b, &n) ||
		    n > FRAME_MAX / 4)
			goto fail;
		names = xreallocarray(names, got + n, sizeof(*names));
		for (i = 0; i < n; i++, got++)
			if (buf_get_str(&b, &names[got]) == -1)
				goto fail;
	}
	buf_free(&b);
	*out = names;
	*np = got;
	return 0;
fail:
	/* Where the answer stands in the stream is unknown now. */
	buf_free(&b);
	while (got > 0)
		free(names[--got]);
	free(names);
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
	return -1;
}

void
client_close(struct client *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	if (c->helper != -1)
		waitpid(c->helper, NULL, 0);
	c->helper = -1;
}
