/*
 * The audit log.  Every request the helper serves ends as one line of
 * JSON, appended to a file, fsynced (a read's with the next record that
 * is: audit.h) and copied to syslog (authpriv):
 *
 *	{"time":"2026-11-22T03:57:00.123Z","session":"9f0c...","peer_uid":1000,
 *	"member":"alice","role":"vm-operator","verb":"shutdown","target":"web",
 *	"decision":"permit","result":"ok","prev":"...","hash":"..."}
 *
 * "hash" is the SHA-256 of the line as it would read without its hash
 * member, and "prev" the hash of the line before it (64 zeros on the
 * first line), so that changing, inserting, removing or reordering lines
 * breaks the chain.  Lines removed from the end of the file leave a
 * shorter chain that is still intact: the chain alone cannot show that,
 * the syslog copy can.  A record's line is made and checked in
 * audit_record.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "audit.h"
#include "common/xlsh.h"

/* The tail that holds the last record, after a record cut short. */
#define TAIL_MAX	(2 * AUDIT_LINE_MAX + 1)
#define ZEROS16		"0000000000000000"

static const char zero_hash[HEXLEN + 1] = ZEROS16 ZEROS16 ZEROS16 ZEROS16;
static int use_syslog = 1;
static char last_hash[HEXLEN + 1];	/* of the last line written */

static int	 find_prev(int, char *, int *, char *, size_t);
static int	 head_open(const char *, char *, char *, size_t);
static int	 verify_one(const char *, char *, const char *, FILE *);

void
auditlog_syslog(int on)
{
	use_syslog = on;
}

/*
 * Find the hash of the last record in the tail of the file.  If the file
 * does not end in a newline a write was cut short: *torn is set and the
 * chain goes on from the last whole line (or from the torn one, if only
 * its newline is missing).  If that is not a record, the chain starts
 * again from zeros, and verify reports the break.
 */
static int
find_prev(int fd, char *prev, int *torn, char *err, size_t errlen)
{
	struct stat	 st;
	char		*tail, *end, *nl, *start;
	size_t		 n;
	ssize_t		 r;
	off_t		 off;

	memcpy(prev, zero_hash, sizeof(zero_hash));
	*torn = 0;
	if (fstat(fd, &st) == -1) {
		snprintf(err, errlen, "audit log: %s", strerror(errno));
		return -1;
	}
	if (st.st_size == 0)
		return 0;
	n = st.st_size < TAIL_MAX ? (size_t)st.st_size : TAIL_MAX;
	off = st.st_size - (off_t)n;
	tail = xmalloc(n);
	while ((r = pread(fd, tail, n, off)) == -1 && errno == EINTR)
		;
	if (r != (ssize_t)n) {
		snprintf(err, errlen, "audit log: read: %s",
		    r == -1 ? strerror(errno) : "short read");
		free(tail);
		return -1;
	}
	end = tail + n;
	if (end[-1] != '\n') {
		*torn = 1;
		nl = memrchr(tail, '\n', n);
		start = nl != NULL ? nl + 1 : tail;
		if ((nl != NULL || off == 0) &&
		    auditlog_line_hash(start, (size_t)(end - start), prev) == 0)
			goto out;
		if ((end = nl) == NULL)
			goto out;
	} else
		end--;
	nl = memrchr(tail, '\n', (size_t)(end - tail));
	start = nl != NULL ? nl + 1 : tail;
	if (nl != NULL || off == 0)
		(void)auditlog_line_hash(start, (size_t)(end - start), prev);
out:
	free(tail);
	return 0;
}

int
auditlog_open(const char *path, char *err, size_t errlen)
{
	struct stat	st;
	int		fd;

	/*
	 * Read and write, as auditlog_write reads the tail for the last hash.
	 * O_NONBLOCK keeps a FIFO put in its place from hanging us.
	 */
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0600);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", path, errno == ELOOP ?
		    "is a symbolic link" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(err, errlen, "%s: not a regular file", path);
	else if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
		snprintf(err, errlen, "%s: writable by group or others", path);
	else
		return fd;
	close(fd);
	return -1;
}

/*
 * The chain's head, beside the log (PATH.head): the hash of the last
 * record written to any file of the chain.  Writers take its lock, so
 * records are ordered across processes and across a rotation: a file
 * found empty (just rotated) goes on from the head, and xlshd
 * --verify-audit OLD NEW sees one chain.
 */
static int
head_open(const char *path, char *head, char *err, size_t errlen)
{
	char	name[1024], buf[HEXLEN + 1];
	ssize_t	n;
	int	fd;

	memcpy(head, zero_hash, sizeof(zero_hash));
	if ((size_t)snprintf(name, sizeof(name), "%s.head", path) >=
	    sizeof(name)) {
		snprintf(err, errlen, "audit log: name too long");
		return -1;
	}
	if ((fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
	    O_NOCTTY | O_NONBLOCK, 0600)) == -1) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: lock: %s", name,
			    strerror(errno));
			close(fd);
			return -1;
		}
	}
	if ((n = pread(fd, buf, HEXLEN, 0)) == HEXLEN) {
		buf[HEXLEN] = '\0';
		if (strspn(buf, "0123456789abcdef") == HEXLEN)
			memcpy(head, buf, sizeof(buf));
	}
	return fd;
}

/* Append one record to the file at path, chained; 0 or -1. */
int
auditlog_write(const char *path, const struct audit_rec *r, char *err,
    size_t errlen)
{
	struct stat	 st;
	char		 line[AUDIT_LINE_MAX + 1], prev[HEXLEN + 1], *p;
	char		 head[HEXLEN + 1];
	size_t		 len = 0, left;
	ssize_t		 w;
	int		 fd = -1, hfd, torn, rv = -1;

	if ((hfd = head_open(path, head, err, errlen)) == -1)
		return -1;
	if ((fd = auditlog_open(path, err, errlen)) == -1 ||
	    find_prev(fd, prev, &torn, err, errlen) == -1 ||
	    fstat(fd, &st) == -1)
		goto out;
	if (st.st_size == 0)
		memcpy(prev, head, sizeof(head));
	if (auditlog_make_line(r, prev, line + 1, &len, err, errlen) == -1)
		goto out;
	/* After a torn line, start on a line of our own. */
	line[0] = '\n';
	for (p = line + !torn, left = len + torn; left > 0; left -= (size_t)w) {
		if ((w = write(fd, p, left)) == -1 && errno == EINTR)
			w = 0;
		else if (w == -1) {
			snprintf(err, errlen, "audit log: write: %s",
			    strerror(errno));
			goto out;
		}
		p += w;
	}
	if (!r->nosync && fsync(fd) == -1) {
		snprintf(err, errlen, "audit log: fsync: %s", strerror(errno));
		goto out;
	}
	/* The line ends in "hash":"<64 hex digits>"}. */
	if (len > HEXLEN + 3) {
		snprintf(last_hash, sizeof(last_hash), "%.*s", HEXLEN,
		    line + 1 + len - HEXLEN - 3);
		if (pwrite(hfd, last_hash, HEXLEN, 0) != HEXLEN)
			slog("audit log: %s.head: %s", path, strerror(errno));
	}
	rv = 0;
out:
	if (fd != -1)
		close(fd);
	close(hfd);
	if (use_syslog && len > 0)
		syslog(LOG_AUTHPRIV | LOG_NOTICE, "%.*s", (int)len - 1,
		    line + 1);
	return rv;
}

/*
 * The end of a session's chain, said elsewhere than in the file: to
 * syslog (authpriv) and the helper's log.  Whoever can write the file
 * can recompute its chain, but not these lines (--verify-audit
 * --against checks the file against them).
 */
void
auditlog_seal(const char *session)
{
	if (last_hash[0] == '\0')
		return;
	slog("audit chain: session %s ends at %s", session, last_hash);
	if (use_syslog)
		syslog(LOG_AUTHPRIV | LOG_NOTICE, "audit chain: session %s "
		    "ends at %s", session, last_hash);
	last_hash[0] = '\0';
}

/*
 * Check one file's chain, from prev: zeros for the first file, the last
 * hash of before, the file rotated before it, for the next.  prev
 * becomes the file's last hash.  0, 1 (broken) or 2 (unreadable).
 */
static int
verify_one(const char *path, char *prev, const char *before, FILE *out)
{
	FILE	*f;
	char	*line = NULL, hash[HEXLEN + 1], why[128];
	size_t	 cap = 0, lineno = 0;
	ssize_t	 len;
	int	 rv = 0;

	if ((f = fopen(path, "re")) == NULL) {
		fprintf(out, "%s: %s\n", path, strerror(errno));
		return 2;
	}
	while (rv == 0 && (len = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (line[len - 1] != '\n') {
			snprintf(why, sizeof(why), "incomplete last line");
			rv = 1;
			break;
		}
		line[--len] = '\0';
		if (auditlog_check_line(line, (size_t)len, lineno, prev, hash,
		    why, sizeof(why)) == -1)
			rv = 1;
		else
			memcpy(prev, hash, HEXLEN + 1);
	}
	if (rv == 0 && ferror(f)) {
		fprintf(out, "%s: %s\n", path, strerror(errno));
		rv = 2;
	} else if (rv == 1 && before != NULL && lineno == 1 &&
	    strncmp(why, "hash", 4) != 0)
		fprintf(out, "%s:1: does not go on from %s's last record: "
		    "not the file rotated after it, or lines were removed\n",
		    path, before);
	else if (rv == 1)
		fprintf(out, "%s:%zu: %s\n", path, lineno, why);
	else
		fprintf(out, "%s: %zu record%s, chain intact\n", path, lineno,
		    lineno == 1 ? "" : "s");
	free(line);
	fclose(f);
	return rv;
}

/*
 * Check the chain through path and the files after it, in order (a log
 * and the files logrotate made of it, oldest first), and against the
 * ends of the sessions' chains that another log kept.
 */
int
auditlog_verify(const char *path, int nmore, char **more,
    const char *against, FILE *out)
{
	char	prev[HEXLEN + 1];
	int	i, rv;

	memcpy(prev, zero_hash, sizeof(prev));
	rv = verify_one(path, prev, NULL, out);
	for (i = 0; rv == 0 && i < nmore; i++)
		rv = verify_one(more[i], prev, i == 0 ? path : more[i - 1],
		    out);
	if (rv == 0 && against != NULL)
		rv = auditlog_against(path, against, out);
	for (i = 0; rv == 0 && against != NULL && i < nmore; i++)
		rv = auditlog_against(more[i], against, out);
	return rv;
}
