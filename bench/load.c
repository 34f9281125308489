/*
 * A load generator that speaks PROTOCOL to a sandbox helper: SESSIONS
 * connections (HELLO, then SESSION at once, no login), each sending the
 * request WORD... every INTERVAL_MS for SECONDS, their first requests
 * spread over one interval.  One process polls them all; a request's
 * latency runs from its REQUEST written to its DONE read.  A session
 * has at most one request in flight, as a shell has: when an answer
 * comes after the session's next turn, the next request leaves at once,
 * so a helper that falls behind shows as fewer requests per second.
 *
 *   load [-n N] [-p PID] SOCKET SESSIONS INTERVAL_MS SECONDS WORD...
 *
 * A %d in a word is the session's number modulo N (by default
 * SESSIONS).  With -p, PID is the helper's listener: the proportional
 * set size (PSS) of it and of its children, the sessions' processes, is
 * read from /proc once all sessions are idle (connected, before the
 * load) and once while they are busy (halfway through the load)
 * (report.c).  Errors are DONEs with a non-zero code and connections
 * that end.  It reports numbers; only a helper it cannot reach fails it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/proto.h"
#include "common/xlsh.h"

#include "load.h"

#define DRAIN_NS	(30 * 1000 * NS_MS)	/* for the last answers */

struct sess {
	int		 fd;		/* -1 once the connection ended */
	int		 busy;		/* a request waits for its DONE */
	int		 answered;	/* its first request was */
	uint64_t	 due;		/* ns: when the next request leaves */
	uint64_t	 sent;		/* ns: when the one in flight left */
	struct buf	 req;		/* the REQUEST's payload */
	uint8_t		*in;		/* bytes read, short of a frame */
	size_t		 inlen;
};


static uint64_t	 now_ns(void);
static int	 conn(const char *);
static size_t	 handshake(const char *, struct sess *, size_t);
static void	 refuse(struct sess *, const char *);
static void	 make_request(struct sess *, size_t, unsigned long, int,
		    char **);
static int	 readable(struct sess *);
static void	 done(struct sess *, struct buf *);
static void	 usage(void);

/* Every request's; each session's first, which opens the helper's
 * database; and the others. */
static struct lats	 all, first, later;
static unsigned long	 bad_code, closed, refused, nconn;
static char		 first_error[300], first_refusal[300];

static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* A connection, or -1 (errno) after the first. */
static int
conn(const char *path)
{
	int	fd;

	if ((fd = sock_connect(path)) == -1) {
		if (errno == EMFILE || errno == ENFILE)
			fatal("socket");
		if (refused == 0 && nconn == 0)
			fatal("%s", path);
		return -1;
	}
	nconn++;
	return fd;
}

/* Session s did not begin: an error, the first one's reason kept. */
static void
refuse(struct sess *s, const char *why)
{
	if (refused++ == 0)
		snprintf(first_refusal, sizeof(first_refusal), "%s: %s", why,
		    strerror(errno));
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
}

/*
 * Every session says hello first; then each one's HELLO_OK and SESSION
 * are read, while the helper's processes answer the others.  A session
 * the helper refuses or ends is an error; the others go on.  Returns
 * the number that began.
 */
static size_t
handshake(const char *path, struct sess *s, size_t n)
{
	struct buf	b;
	uint32_t	type, version, flags;
	char		mode[16], host[128];
	size_t		i, began = 0;

	buf_init(&b, FRAME_MAX);
	for (i = 0; i < n; i++) {
		if ((s[i].fd = conn(path)) == -1) {
			refuse(&s[i], "connect");
			continue;
		}
		buf_reset(&b);
		if (buf_put_str(&b, PROTO_MAGIC) ||
		    buf_put_u32(&b, PROTO_VERSION))
			fatalx("buffer");
		if (frame_write(s[i].fd, MSG_HELLO, &b) == -1)
			refuse(&s[i], "hello");
	}
	for (i = 0; i < n; i++) {
		if (s[i].fd == -1)
			continue;
		if (frame_read(s[i].fd, &type, &b, 60000) == -1) {
			refuse(&s[i], "no answer to the hello");
			continue;
		}
		if (type != MSG_HELLO_OK || buf_get_u32(&b, &version) ||
		    buf_get_strn(&b, mode, sizeof(mode)) ||
		    buf_get_strn(&b, host, sizeof(host)) ||
		    buf_get_u32(&b, &flags))
			fatalx("session %zu: a malformed HELLO_OK", i);
		if (flags & HELLO_AUTH)
			fatalx("the helper wants a login: %s mode, not a "
			    "sandbox's", mode);
		if (frame_read(s[i].fd, &type, &b, 60000) == -1 ||
		    type != MSG_SESSION) {
			refuse(&s[i], "no SESSION");
			continue;
		}
		if (fcntl(s[i].fd, F_SETFL, O_NONBLOCK) == -1)
			fatal("fcntl");
		began++;
	}
	buf_free(&b);
	return began;
}

/* Session i's REQUEST: the words, each %d made i modulo mod. */
static void
make_request(struct sess *s, size_t i, unsigned long mod, int argc,
    char **argv)
{
	char	 word[1100];
	char	*p;
	int	 k;

	buf_init(&s->req, FRAME_MAX);
	buf_put_u32(&s->req, (uint32_t)argc);
	for (k = 0; k < argc; k++) {
		if ((p = strstr(argv[k], "%d")) == NULL)
			snprintf(word, sizeof(word), "%s", argv[k]);
		else
			snprintf(word, sizeof(word), "%.*s%lu%s",
			    (int)(p - argv[k]), argv[k], i % mod, p + 2);
		if (buf_put_str(&s->req, word))
			fatalx("a word too long");
	}
	if (buf_put_u32(&s->req, 0))
		fatalx("a request too long");
}

/*
 * What the socket has: whole frames are taken, a DONE ends the request
 * in flight.  Returns -1 when the connection has ended or broken.
 */
static int
readable(struct sess *s)
{
	struct buf	 b;
	ssize_t		 r;
	uint32_t	 len, type;
	uint8_t		*h;

	r = read(s->fd, s->in + s->inlen, FRAME_HDR + FRAME_MAX - s->inlen);
	if (r == -1)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (r == 0)
		return -1;
	s->inlen += (size_t)r;
	buf_init(&b, FRAME_MAX);
	while (s->inlen >= FRAME_HDR) {
		h = s->in;
		len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
		    (uint32_t)h[2] << 8 | h[3];
		type = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 |
		    (uint32_t)h[6] << 8 | h[7];
		if (len > FRAME_MAX) {
			buf_free(&b);
			return -1;
		}
		if (s->inlen < FRAME_HDR + len)
			break;
		if (type == MSG_DONE) {
			buf_reset(&b);
			if (buf_put(&b, h + FRAME_HDR, len) == -1)
				fatalx("buffer");
			done(s, &b);
		}
		s->inlen -= FRAME_HDR + len;
		memmove(s->in, h + FRAME_HDR + len, s->inlen);
	}
	buf_free(&b);
	return 0;
}

static void
done(struct sess *s, struct buf *b)
{
	uint32_t	code;
	uint64_t	ns = now_ns() - s->sent;
	char		msg[256];

	if (!s->busy)
		return;
	s->busy = 0;
	lat_add(&all, ns);
	lat_add(s->answered++ == 0 ? &first : &later, ns);
	if (buf_get_u32(b, &code) || buf_get_strn(b, msg, sizeof(msg)))
		fatalx("a malformed DONE");
	if (code != 0 && bad_code++ == 0)
		snprintf(first_error, sizeof(first_error), "%u %s", code, msg);
}



static void
usage(void)
{
	fprintf(stderr, "usage: load [-n n] [-p pid] socket sessions "
	    "interval_ms seconds word ...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sess	*s;
	struct pollfd	*pfd;
	struct rlimit	 rl;
	struct pss	 idle, busy;
	struct timespec	 ts;
	uint64_t	 now, start, end, mid, wake, interval;
	unsigned long	 n, ms, seconds, mod = 0;
	size_t		 i, np, *who;
	pid_t		 pid = 0, kid = -1;
	int		 ch, inflight, fds[2] = { -1, -1 };

	progname = "load";
	while ((ch = getopt(argc, argv, "n:p:")) != -1) {
		switch (ch) {
		case 'n':
			mod = strtoul(optarg, NULL, 10);
			break;
		case 'p':
			pid = (pid_t)strtol(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 5 || argc - 4 > XLSH_WORDS_MAX ||
	    (n = strtoul(argv[1], NULL, 10)) == 0 ||
	    (ms = strtoul(argv[2], NULL, 10)) == 0 ||
	    (seconds = strtoul(argv[3], NULL, 10)) == 0)
		usage();
	if (mod == 0)
		mod = n;
	signal(SIGPIPE, SIG_IGN);

	/* A descriptor per session, and a few more. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		fatal("getrlimit");
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		fatal("setrlimit");
	if (rl.rlim_cur != RLIM_INFINITY && n + 16 > rl.rlim_cur)
		fatalx("%lu sessions need more descriptors than the hard "
		    "limit, %llu", n, (unsigned long long)rl.rlim_cur);

	s = xcalloc(n, sizeof(*s));
	pfd = xcalloc(n, sizeof(*pfd));
	who = xcalloc(n, sizeof(*who));
	for (i = 0; i < n; i++) {
		s[i].in = xmalloc(FRAME_HDR + FRAME_MAX);
		make_request(&s[i], i, mod, argc - 4, argv + 4);
	}
	printf("sessions: %zu connected of %lu\n", handshake(argv[0], s, n),
	    n);
	/* The sessions of an earlier run may still be ending: up to 10 s
	 * for the helper to have only ours. */
	for (i = 0; pid != 0; i++) {
		measure(pid, &idle, 1);
		if (idle.nsessions <= n || i == 100) {
			say_pss("idle", &idle);
			break;
		}
		usleep(100000);
	}

	interval = ms * NS_MS;
	start = now_ns();
	end = start + seconds * 1000 * NS_MS;
	mid = start + (end - start) / 2;
	for (i = 0; i < n; i++)
		s[i].due = start + interval * i / n;
	for (;;) {
		now = now_ns();
		/* Halfway: the busy PSS, read by a child of ours, so the
		 * sessions are not kept waiting meanwhile. */
		if (pid != 0 && kid == -1 && now >= mid) {
			if (pipe(fds) == -1 || (kid = fork()) == -1)
				fatal("fork");
			if (kid == 0) {
				measure(pid, &busy, 1);
				_exit(write(fds[1], &busy, sizeof(busy)) !=
				    sizeof(busy));
			}
			close(fds[1]);
		}
		wake = now < end ? end : now + DRAIN_NS;
		if (pid != 0 && kid == -1 && mid < wake)
			wake = mid;
		inflight = 0;
		for (i = np = 0; i < n; i++) {
			if (s[i].fd == -1)
				continue;
			if (!s[i].busy && now < end && s[i].due <= now) {
				if (frame_write(s[i].fd, MSG_REQUEST,
				    &s[i].req) == -1) {
					close(s[i].fd);
					s[i].fd = -1;
					closed++;
					continue;
				}
				s[i].sent = now;
				s[i].busy = 1;
				s[i].due += interval;
				if (s[i].due < now)
					s[i].due = now;
			}
			if (!s[i].busy && now < end && s[i].due < wake)
				wake = s[i].due;
			inflight += s[i].busy;
			pfd[np].fd = s[i].fd;
			pfd[np].events = POLLIN;
			who[np++] = i;
		}
		if (now >= end && (inflight == 0 || now >= end + DRAIN_NS))
			break;
		ts.tv_sec = (time_t)((wake - now) / 1000000000ULL);
		ts.tv_nsec = (long)((wake - now) % 1000000000ULL);
		if (ppoll(pfd, np, &ts, NULL) == -1 && errno != EINTR)
			fatal("ppoll");
		for (i = 0; i < np; i++) {
			if (pfd[i].revents == 0 ||
			    readable(&s[who[i]]) == 0)
				continue;
			close(s[who[i]].fd);
			s[who[i]].fd = -1;
			s[who[i]].busy = 0;
			closed++;
		}
	}
	now = now_ns();

	printf("requests: %zu in %.2f s, %.0f per second (every %lu ms in "
	    "each session: %.0f per second asked)\n", all.n,
	    (double)(now - start) / 1e9, (double)all.n * 1e9 /
	    (double)(now - start), ms, (double)n * 1000 / (double)ms);
	printf("errors: %lu (%lu answers with a non-zero code, %lu "
	    "connections ended, %lu sessions that did not begin)\n",
	    bad_code + closed + refused, bad_code, closed, refused);
	if (bad_code != 0)
		printf("first error: %s\n", first_error);
	if (refused != 0)
		printf("first session that did not begin: %s\n",
		    first_refusal);
	say_lats("latency", &all);
	say_lats("latency of each session's first", &first);
	say_lats("latency of the others", &later);
	if (kid > 0) {
		if (read(fds[0], &busy, sizeof(busy)) != sizeof(busy))
			fatalx("the busy PSS was not read");
		waitpid(kid, NULL, 0);
		say_pss("busy", &busy);
	}
	/* The sessions end with their connections: up to 30 s for their
	 * processes to go, so that the helper can be stopped cleanly. */
	for (i = 0; i < n; i++)
		if (s[i].fd != -1)
			close(s[i].fd);
	for (i = 0; pid != 0 && i < 300; i++) {
		measure(pid, &idle, 0);
		if (idle.nsessions == 0)
			break;
		usleep(100000);
	}
	for (i = 0; i < n; i++) {
		buf_free(&s[i].req);
		free(s[i].in);
	}
	free(s);
	free(pfd);
	free(who);
	free(all.v);
	free(first.v);
	free(later.v);
	return 0;
}
