/*
 * A client that skips the shell's checks, to show that the helper
 * makes them again: it sends what it is told, frame by frame.
 *
 *   rawreq SOCKET req WORD...	hello, then a request of these words
 *   rawreq SOCKET login USER PASS GATE WORD...
 *				hello, a login answering every prompt
 *				with PASS, then, once the file GATE
 *				exists, the request: sessions that all
 *				act at one instant
 *   rawreq SOCKET hold SECONDS	connect and send nothing; print how
 *				long the helper kept it open ("closed
 *				after N ms", or "open" after SECONDS)
 *   rawreq SOCKET trickle SECONDS	the same, sending a byte of a hello
 *				every second
 *   rawreq SOCKET vanish USER PASS WORD...
 *				a login, the request, and at once the
 *				connection closed, its answer unread
 *   rawreq SOCKET early		a request before the hello
 *   rawreq SOCKET hello2		a second hello after the first
 *   rawreq SOCKET huge		a frame length over the cap
 *   rawreq SOCKET half		half a frame, then close
 *   rawreq SOCKET garbage		bytes that are no frame
 *
 * It prints the result code and message of MSG_DONE, or "closed" if
 * the helper ended the connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>

#include <sys/stat.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/proto.h"
#include "common/xlsh.h"

static int
conn(const char *path)
{
	int	fd;

	if ((fd = sock_connect(path)) == -1) {
		perror(path);
		exit(3);
	}
	return fd;
}

static void
hello(int fd)
{
	struct buf	b;
	uint32_t	type;

	buf_init(&b, FRAME_MAX);
	if (buf_put_str(&b, PROTO_MAGIC) || buf_put_u32(&b, PROTO_VERSION) ||
	    frame_write(fd, MSG_HELLO, &b) == -1 ||
	    frame_read(fd, &type, &b, 5000) == -1 || type != MSG_HELLO_OK) {
		printf("no hello\n");
		exit(3);
	}
	buf_free(&b);
}

/* AUTH_START, every prompt answered with pass, until SESSION. */
static void
login(int fd, const char *user, const char *pass)
{
	struct buf	b;
	uint32_t	type, style;

	buf_init(&b, FRAME_MAX);
	buf_put_str(&b, user);
	if (frame_write(fd, MSG_AUTH_START, &b) == -1)
		exit(3);
	for (;;) {
		if (frame_read(fd, &type, &b, 10000) == -1) {
			printf("closed during the login\n");
			exit(3);
		}
		if (type == MSG_SESSION)
			break;
		if (type == MSG_AUTH_FAIL) {
			printf("login failed\n");
			exit(3);
		}
		if (type != MSG_AUTH_PROMPT || buf_get_u32(&b, &style))
			continue;
		if (style != PROMPT_ECHO_OFF && style != PROMPT_ECHO_ON)
			continue;
		buf_reset(&b);
		buf_put_str(&b, pass);
		if (frame_write(fd, MSG_AUTH_REPLY, &b) == -1)
			exit(3);
	}
	buf_free(&b);
}

/* Until the file gate exists: up to a minute. */
static void
wait_gate(const char *gate)
{
	struct stat	st;
	int		i;

	for (i = 0; i < 60000 && stat(gate, &st) == -1; i++)
		usleep(1000);
}

/*
 * Hold the connection: until the helper closes it, or seconds pass.
 * With trickle, one byte of a frame header each second.
 */
static int
hold(int fd, int seconds, int trickle)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	uint64_t	start = mono_ms();
	char		c;
	int		i;

	signal(SIGPIPE, SIG_IGN);	/* a closed connection is the answer */
	for (i = 0; i < seconds; i++) {
		if (trickle && write(fd, "\0", 1) != 1)
			break;
		if (poll(&pfd, 1, 1000) == 1 &&
		    (read(fd, &c, 1) <= 0 || (pfd.revents & POLLHUP)))
			break;
	}
	if (i == seconds)
		printf("open\n");
	else
		printf("closed after %llu ms\n",
		    (unsigned long long)(mono_ms() - start));
	return 0;
}

static void
request(int fd, int argc, char **argv)
{
	struct buf	b;
	int		i;

	buf_init(&b, FRAME_MAX);
	buf_put_u32(&b, (uint32_t)argc);
	for (i = 0; i < argc; i++)
		buf_put_str(&b, argv[i]);
	buf_put_u32(&b, 0);
	frame_write(fd, MSG_REQUEST, &b);
	buf_free(&b);
}

/* Print the outcome: the code and message of MSG_DONE, or "closed". */
static int
outcome(int fd)
{
	struct buf	 b;
	uint32_t	 type, code;
	char		 msg[512];
	int		 rv = 0;

	buf_init(&b, FRAME_MAX);
	for (;;) {
		if (frame_read(fd, &type, &b, 5000) == -1) {
			printf("closed\n");
			break;
		}
		if (type != MSG_DONE)
			continue;
		if (buf_get_u32(&b, &code) || buf_get_strn(&b, msg,
		    sizeof(msg))) {
			printf("malformed\n");
			rv = 1;
			break;
		}
		printf("%u %s\n", code, msg);
		break;
	}
	buf_free(&b);
	return rv;
}

int
main(int argc, char **argv)
{
	static const unsigned char huge[] = { 0xff, 0xff, 0xff, 0xff,
	    0, 0, 0, 0x40 };
	static const unsigned char half[] = { 0, 0, 0, 0x20, 0, 0, 0,
	    0x40, 0, 0, 0 };
	int	fd;

	if (argc < 3) {
		fprintf(stderr, "usage: rawreq socket mode [word ...]\n");
		return 2;
	}
	fd = conn(argv[1]);
	if (strcmp(argv[2], "req") == 0) {
		hello(fd);
		request(fd, argc - 3, argv + 3);
	} else if (strcmp(argv[2], "login") == 0 && argc >= 7) {
		hello(fd);
		login(fd, argv[3], argv[4]);
		wait_gate(argv[5]);
		request(fd, argc - 6, argv + 6);
	} else if ((strcmp(argv[2], "hold") == 0 ||
	    strcmp(argv[2], "trickle") == 0) && argc == 4) {
		return hold(fd, atoi(argv[3]), argv[2][0] == 't');
	} else if (strcmp(argv[2], "vanish") == 0 && argc >= 6) {
		hello(fd);
		login(fd, argv[3], argv[4]);
		request(fd, argc - 5, argv + 5);
		close(fd);
		return 0;
	} else if (strcmp(argv[2], "early") == 0) {
		request(fd, argc - 3, argv + 3);
	} else if (strcmp(argv[2], "hello2") == 0) {
		struct buf b;

		hello(fd);
		buf_init(&b, 64);
		buf_put_str(&b, PROTO_MAGIC);
		buf_put_u32(&b, PROTO_VERSION);
		frame_write(fd, MSG_HELLO, &b);
		buf_free(&b);
	} else if (strcmp(argv[2], "huge") == 0) {
		hello(fd);
		if (write(fd, huge, sizeof(huge)) != sizeof(huge))
			return 3;
	} else if (strcmp(argv[2], "half") == 0) {
		hello(fd);
		if (write(fd, half, sizeof(half)) != sizeof(half))
			return 3;
		shutdown(fd, SHUT_WR);
	} else if (strcmp(argv[2], "garbage") == 0) {
		if (write(fd, "GET / HTTP/1.0\r\n\r\n", 18) != 18)
			return 3;
	} else {
		fprintf(stderr, "rawreq: unknown mode %s\n", argv[2]);
		return 2;
	}
	return outcome(fd);
}
