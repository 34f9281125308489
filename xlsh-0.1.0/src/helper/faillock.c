/*
 * The failed logins of each member from each peer account, in the
 * state directory, and the lockout they earn (--lockout,
 * --lockout-time): auth.c asks and tells.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "session.h"

static int	faillock_open(struct session *, const char *);
static void	faillock_read(int, unsigned long *, long long *);
static long long lock_ms(const struct session *, unsigned long);

/*
 * The failure record of member for logins from this peer's Unix
 * account: STATE/faillock/MEMBER@UID, locked while it is read and
 * written.  Failures from one account never lock a member out of
 * logins from another.
 */
static int
faillock_open(struct session *s, const char *member)
{
	char	path[1024];
	int	fd;

	if (!valid_member_name(member))
		return -1;
	snprintf(path, sizeof(path), "%s/faillock", s->conf->state_dir);
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/faillock/%s@%lu",
	    s->conf->state_dir, member, (unsigned long)s->peer_uid);
	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1)
		return -1;
	if (flock(fd, LOCK_EX) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read "COUNT LAST_MS" from a failure record. */
static void
faillock_read(int fd, unsigned long *count, long long *last)
{
	char	buf[64];
	ssize_t	n;

	*count = 0;
	*last = 0;
	if ((n = pread(fd, buf, sizeof(buf) - 1, 0)) <= 0)
		return;
	buf[n] = '\0';
	if (sscanf(buf, "%lu %lld", count, last) != 2)
		*count = 0;
}

/*
 * How long, in ms, the member stays locked out after count failures
 * in a row: none below --lockout; then an eighth of --lockout-time,
 * doubling with each further failure up to all of it.  The delays grow
 * rather than lock hard at once: on a shared Unix login anyone may
 * fail in a member's name.
 */
static long long
lock_ms(const struct session *s, unsigned long count)
{
	unsigned long	over;

	if (s->conf->lockout_max == 0 || count < s->conf->lockout_max)
		return 0;
	over = count - s->conf->lockout_max;
	return (long long)s->conf->lockout_secs * 1000 >>
	    (over >= 3 ? 0 : 3 - over);
}

/* Is the member locked out of logins from this peer, right now? */
int
faillock_locked(struct session *s, const char *member)
{
	unsigned long	count;
	long long	last;
	int		fd;

	if (s->conf->lockout_max == 0 || (fd = faillock_open(s, member)) == -1)
		return 0;
	faillock_read(fd, &count, &last);
	close(fd);
	return (long long)now_ms() - last < lock_ms(s, count);
}

/*
 * Count a failure, or forget them all after a success.  Attempts while
 * locked out are neither: they are never tried, and so can neither
 * extend the lockout nor end it.
 */
void
faillock_update(struct session *s, const char *member, int failed)
{
	unsigned long	count;
	long long	last, now = (long long)now_ms();
	char		buf[64];
	int		fd, n;

	if ((fd = faillock_open(s, member)) == -1)
		return;
	faillock_read(fd, &count, &last);
	/* Failures far apart are not a guess in a row. */
	if (now - last >= (long long)s->conf->lockout_secs * 1000 +
	    lock_ms(s, count))
		count = 0;
	count = failed ? count + 1 : 0;
	n = snprintf(buf, sizeof(buf), "%lu %lld\n", count, now);
	if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) == n)
		fsync(fd);
	close(fd);
}
