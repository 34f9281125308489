/*
 * Preloaded by tests/durable.sh: each fsync and fdatasync of the
 * process, with the path of the file it was given, appended as a line
 * ("fsync PATH") to the file $FSYNC_LOG, then done.  So a test can see
 * which files a request made durable, and in which order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
note(const char *what, int fd)
{
	char		link[64], path[PATH_MAX], line[PATH_MAX + 32];
	const char	*log = getenv("FSYNC_LOG");
	ssize_t		n;
	int		lfd, len;

	if (log == NULL)
		return;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) == -1)
		n = 0;
	path[n] = '\0';
	len = snprintf(line, sizeof(line), "%s %s\n", what, path);
	if ((lfd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1)
		return;
	if (write(lfd, line, (size_t)len) != len)
		(void)0;
	close(lfd);
}

int
fsync(int fd)
{
	int	(*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");

	note("fsync", fd);
	return real(fd);
}

int
fdatasync(int fd)
{
	int	(*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");

	note("fdatasync", fd);
	return real(fd);
}
