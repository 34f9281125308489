/*
 * The peer of a request's cost within a session: the round trip of a
 * small buffer over a UNIX stream socketpair between two processes,
 * with nothing done at either end.  A request of xlsh's is at least
 * this: the shell writes a frame, the helper reads it, writes its
 * answer, and the shell reads that.
 *
 *   rtt [COUNT [SIZE]]	COUNT round trips (10000) of SIZE bytes (64,
 *			about a REQUEST frame of a few words)
 *
 * It prints the median and the 99th percentile in microseconds.  A
 * hundred round trips go first, untimed, so that neither process is
 * still faulting its pages in.  The two processes go where the
 * scheduler puts them, as a shell and its helper do: on one core a
 * round trip is two context switches, on two it is two wake-ups of
 * another core, which in a virtual machine may cost several times as
 * much (run it under taskset -c 0 to see the first alone).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define WARMUP	100
#define MAXSIZE	65536

static void	 echo(int, size_t);
static void	 readn(int, char *, size_t);
static void	 writen(int, const char *, size_t);

static void
readn(int fd, char *p, size_t n)
{
	ssize_t	r;

	while (n > 0) {
		if ((r = read(fd, p, n)) == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			perror("rtt: read");
			exit(1);
		}
		if (r == 0) {
			fprintf(stderr, "rtt: read: end of file\n");
			exit(1);
		}
		p += r;
		n -= r;
	}
}

static void
writen(int fd, const char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			perror("rtt: write");
			exit(1);
		}
		p += w;
		n -= w;
	}
}

/* The child: every buffer read is written back, until end of file. */
static void
echo(int fd, size_t size)
{
	char	buf[MAXSIZE];
	ssize_t	r;
	size_t	have;

	for (;;) {
		for (have = 0; have < size; have += r) {
			r = read(fd, buf + have, size - have);
			if (r == -1 && errno == EINTR) {
				r = 0;
				continue;
			}
			if (r == -1) {
				perror("rtt: child: read");
				_exit(1);
			}
			if (r == 0)
				_exit(have == 0 ? 0 : 1);
		}
		writen(fd, buf, size);
	}
}

int
main(int argc, char *argv[])
{
	static char	 buf[MAXSIZE];
	struct timespec	 t0, t1;
	long long	*ns;
	long		 count = 10000, size = 64, i;
	pid_t		 pid;
	int		 sv[2], status;

	if (argc > 3) {
		fprintf(stderr, "usage: rtt [COUNT [SIZE]]\n");
		return 2;
	}
	if (argc > 1)
		count = bench_number("rtt", argv[1], 1, 10000000, "COUNT");
	if (argc > 2)
		size = bench_number("rtt", argv[2], 1, MAXSIZE, "SIZE");
	if ((ns = calloc(count, sizeof(*ns))) == NULL) {
		perror("rtt");
		return 1;
	}
	memset(buf, 'x', size);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
		perror("rtt: socketpair");
		return 1;
	}
	if ((pid = fork()) == -1) {
		perror("rtt: fork");
		return 1;
	}
	if (pid == 0) {
		close(sv[0]);
		echo(sv[1], size);
	}
	close(sv[1]);

	for (i = 0; i < WARMUP + count; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		writen(sv[0], buf, size);
		readn(sv[0], buf, size);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (i >= WARMUP)
			ns[i - WARMUP] = (t1.tv_sec - t0.tv_sec) * 1000000000LL +
			    (t1.tv_nsec - t0.tv_nsec);
	}
	close(sv[0]);
	if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "rtt: the child failed\n");
		return 1;
	}

	qsort(ns, count, sizeof(*ns), cmp_ns);
	printf("socketpair round trip: %.1f us (median of %ld, %ld bytes);"
	    " p99 %.1f us\n", ns[count / 2] / 1000.0, count, size,
	    ns[count * 99 / 100] / 1000.0);
	free(ns);
	return 0;
}
