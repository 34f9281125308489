/*
 * xlsh's requests to its helper and the replies, name queries for
 * completion, and the escaped printing of what the helper sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

static void	await_frame(struct client *);
static void	add_lesson(struct reply *, const char *);
static int	read_replies(struct client *, struct reply *);

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

void
reply_free(struct reply *r)
{
	free(r->doms);
	free(r->vcpus);
	free(r->lesson);
	if (r->console_fd != -1)
		close(r->console_fd);
	buf_free(&r->info);
	memset(r, 0, sizeof(*r));
	r->console_fd = -1;
}

volatile sig_atomic_t	client_interrupted;

/*
 * A lesson's prose is kept to be shown after the answer's records
 * (list's table, a console): it is about what the request did.
 */
static void
add_lesson(struct reply *r, const char *text)
{
	size_t	had = r->lesson != NULL ? strlen(r->lesson) : 0;

	if (had + strlen(text) > FRAME_MAX * 4)
		return;		/* more than any lesson says */
	r->lesson = xreallocarray(r->lesson, had + strlen(text) + 1, 1);
	memcpy(r->lesson + had, text, strlen(text) + 1);
}

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
	static int	tty = -1;	/* standard error stays what it is */

	if (tty == -1)
		tty = isatty(STDERR_FILENO);
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
			if (stream == TEXT_LESSON)
				add_lesson(r, text);
			else
				put_escaped(stream == TEXT_STDERR ? stderr :
				    stdout, text);
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
			/* The lesson's step, if the helper says: "L2.3". */
			if (buf_left(&b) > 0 && buf_get_strn(&b,
			    c->lesson_tag, sizeof(c->lesson_tag)))
				goto bad;
			if (c->lesson_tag[strspn(c->lesson_tag,
			    "L0123456789.")] != '\0')
				c->lesson_tag[0] = '\0';
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
