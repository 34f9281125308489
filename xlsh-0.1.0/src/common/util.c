/*
 * Allocation that cannot fail quietly, fatal errors, escaping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/random.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "proto.h"
#include "xlsh.h"

static int	hexval(int);

const char *progname = "xlsh";
int log_syslog;

/*
 * A line of the helper's log on standard error: time, program, process;
 * or, for a helper that detached (log_syslog), to syslog, which adds
 * them itself.
 */
void
slog(const char *fmt, ...)
{
	va_list		ap;
	char		ts[32];
	time_t		now = time(NULL);
	struct tm	tm;

	if (log_syslog) {
		va_start(ap, fmt);
		vsyslog(LOG_NOTICE, fmt, ap);
		va_end(ap);
		return;
	}
	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s %s[%ld]: ", ts, progname, (long)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;
	char	msg[512];

	if (log_syslog) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		syslog(LOG_ERR, "%s: %s", msg, strerror(saved));
		exit(70);
	}
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	exit(70);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	if (log_syslog) {
		va_start(ap, fmt);
		vsyslog(LOG_ERR, fmt, ap);
		va_end(ap);
		exit(70);
	}
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		fatal("malloc %zu", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal("calloc %zu x %zu", n, size);
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		fatalx("reallocarray: %zu x %zu overflows", n, size);
	if ((p = realloc(old, n * size != 0 ? n * size : 1)) == NULL)
		fatal("realloc %zu x %zu", n, size);
	return p;
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		fatal("strdup");
	return p;
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n == -1)
		fatal("vasprintf");
	return n;
}

void
xerr_set(struct xerr *e, int code, const char *fmt, ...)
{
	va_list	ap;

	if (e == NULL)
		return;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

/*
 * Copy a string for printing, with every byte that is not printable
 * ASCII written as \ooo, so that names and messages from others cannot
 * move the cursor or change the terminal.  Returns the length needed.
 */
size_t
strvis_name(char *dst, size_t size, const char *src)
{
	size_t		 n = 0;
	const unsigned char *s;
	char		 tmp[5];
	size_t		 k, i;

	for (s = (const unsigned char *)src; *s != '\0'; s++) {
		if (*s >= 0x20 && *s < 0x7f && *s != '\\') {
			tmp[0] = (char)*s;
			k = 1;
		} else if (*s == '\\') {
			tmp[0] = tmp[1] = '\\';
			k = 2;
		} else {
			snprintf(tmp, sizeof(tmp), "\\%03o", *s);
			k = 4;
		}
		for (i = 0; i < k; i++, n++)
			if (size > 0 && n < size - 1)
				dst[n] = tmp[i];
	}
	if (size > 0)
		dst[n < size ? n : size - 1] = '\0';
	return n;
}

/* A clock for deadlines, which no one can set back. */
uint64_t
mono_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Free n strings and their array. */
void
strv_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hex digits of either case. */
int
parse_uuid(const char *s, uint8_t *out)
{
	int	i = 0, n = 0, hi, lo;

	if (strlen(s) != 36)
		return -1;
	while (i < 36) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i++] != '-')
				return -1;
			continue;
		}
		if ((hi = hexval((unsigned char)s[i])) == -1 ||
		    (lo = hexval((unsigned char)s[i + 1])) == -1)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A new random uuid (version 4). */
void
new_uuid(uint8_t *u)
{
	if (getrandom(u, 16, 0) != 16)
		fatal("getrandom");
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
}

/* The uuid in lower case, as xl and xe print it; out has UUID_STR bytes. */
char *
fmt_uuid(char *out, const uint8_t *u)
{
	snprintf(out, UUID_STR, "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3],
	    u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
	    u[14], u[15]);
	return out;
}

/* A MAC as xl prints it, 00:16:3e:0a:1b:2c; out has 18 bytes. */
char *
fmt_mac(char *out, const uint8_t *m)
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
	return out;
}

/* Six hexadecimal pairs separated by colons. */
int
parse_mac(const char *s, uint8_t *m)
{
	int	i, hi, lo;

	if (strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++) {
		if ((hi = hexval(s[3 * i])) == -1 ||
		    (lo = hexval(s[3 * i + 1])) == -1 ||
		    (i < 5 && s[3 * i + 2] != ':'))
			return -1;
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* A new MAC in Xen's range, 00:16:3e, the rest random. */
void
new_mac(uint8_t *m)
{
	m[0] = 0x00;
	m[1] = 0x16;
	m[2] = 0x3e;
	if (getrandom(m + 3, 3, 0) != 3)
		fatal("getrandom");
	m[3] &= 0x7f;
}
