/*
 * Logging in: the greeting, the login conversation (the helper runs
 * PAM and relays its prompts, answered from the terminal), and the
 * session that follows, with the verbs it permits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "client.h"

static int	read_session(struct client *, struct buf *);
static char	*answer_prompt(int, const char *);

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
	    buf_get_u32(b, &c->idle_secs) ||
	    buf_get_u32(b, &c->features))
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

/* Log in where the helper asks for it, with up to LOGIN_TRIES tries. */
#define LOGIN_TRIES	3

int
start_session(const char *user, char *err, size_t errlen)
{
	int	i, rv;

	if (!(conn.flags & HELLO_AUTH))
		return client_session(&conn, err, errlen);
	for (i = 0; i < LOGIN_TRIES; i++) {
		if ((rv = client_login(&conn, user, err, errlen)) == 0)
			return 0;
		if (rv == -2)
			return -1;
		shell_error("%s\n", err);
	}
	snprintf(err, errlen, "%d failed logins", LOGIN_TRIES);
	return -1;
}
