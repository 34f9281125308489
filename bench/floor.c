/*
 * The floor of a change that must survive a crash: a small file
 * written under a temporary name, fsync'ed, renamed over the real
 * name, and the directory fsync'ed, as a careful program replaces a
 * file.  A request that changes the registry commits a transaction
 * (SQLite's WAL, synchronous = FULL) and appends an audit record with
 * fsync: it cannot cost less than the disk's answer to one such write.
 *
 *   floor [COUNT [DIR]]	COUNT writes (1000) in DIR (TMPDIR, or
 *				/tmp): measure on the file system the
 *				helper's state is on
 *
 * It prints the median and the 99th percentile in microseconds; the
 * file it wrote is removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define FILESIZE	200

static int	 replace(int, const char *, const char *, const char *);

/* One durable replacement of NAME by TMP's new text; 0 or -1. */
static int
replace(int dirfd, const char *tmp, const char *name, const char *text)
{
	int	fd;

	if ((fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		perror(tmp);
		return -1;
	}
	if (write(fd, text, FILESIZE) != FILESIZE || fsync(fd) == -1) {
		perror(tmp);
		close(fd);
		return -1;
	}
	if (close(fd) == -1 || renameat(dirfd, tmp, dirfd, name) == -1 ||
	    fsync(dirfd) == -1) {
		perror(name);
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct timespec	 t0, t1;
	const char	*dir;
	char		 name[64], tmp[64], text[FILESIZE];
	long long	*ns;
	long		 count = 1000, i;
	int		 dirfd, rc = 1;

	if (argc > 3) {
		fprintf(stderr, "usage: floor [COUNT [DIR]]\n");
		return 2;
	}
	if (argc > 1)
		count = bench_number("floor", argv[1], 1, 1000000, "COUNT");
	if (argc > 2)
		dir = argv[2];
	else if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
		dir = "/tmp";
	if ((ns = calloc(count, sizeof(*ns))) == NULL) {
		perror("floor");
		return 1;
	}
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		perror(dir);
		free(ns);
		return 1;
	}
	snprintf(name, sizeof(name), ".floor.%ld", (long)getpid());
	snprintf(tmp, sizeof(tmp), ".floor.%ld.tmp", (long)getpid());

	for (i = 0; i < count; i++) {
		memset(text, 'a' + i % 26, sizeof(text));
		text[sizeof(text) - 1] = '\n';
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (replace(dirfd, tmp, name, text) == -1)
			goto out;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns[i] = (t1.tv_sec - t0.tv_sec) * 1000000000LL +
		    (t1.tv_nsec - t0.tv_nsec);
	}
	qsort(ns, count, sizeof(*ns), cmp_ns);
	printf("durable write: %.1f us (median of %ld, %d bytes);"
	    " p99 %.1f us\n", ns[count / 2] / 1000.0, count, FILESIZE,
	    ns[count * 99 / 100] / 1000.0);
	rc = 0;
out:
	unlinkat(dirfd, tmp, 0);
	unlinkat(dirfd, name, 0);
	close(dirfd);
	free(ns);
	return rc;
}
