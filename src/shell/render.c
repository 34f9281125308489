/*
 * The shell's renderers: xl 4.17's own formats for list, list -v,
 * vm-list, uptime, vcpu-list and info, so that what students learn
 * here reads the same on a real Dom0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"

/* Text made in memory and written at once, not a line at a time. */
struct text {
	char	*p;
	size_t	 len, cap;
};

static const char	*vis(const char *, char *, size_t);
static char		*room(struct text *, size_t);
static void		 put(struct text *, const char *, size_t);
static void		 pad(struct text *, size_t, size_t);
static void		 put_int(struct text *, int64_t, int);
static void		 put_tenths(struct text *, double, int);

static const char *
vis(const char *name, char *buf, size_t size)
{
	strvis_name(buf, size, name);
	return buf;
}

/* Make room for n more bytes at the end of t. */
static char *
room(struct text *t, size_t n)
{
	if (t->len + n > t->cap) {
		t->cap = t->cap == 0 ? 4096 : t->cap;
		while (t->len + n > t->cap)
			t->cap *= 2;
		t->p = xreallocarray(t->p, t->cap, 1);
	}
	t->len += n;
	return t->p + t->len - n;
}

static void
put(struct text *t, const char *s, size_t n)
{
	memcpy(room(t, n), s, n);
}

/* Spaces that make a field of len bytes width wide. */
static void
pad(struct text *t, size_t len, size_t width)
{
	if (len < width)
		memset(room(t, width - len), ' ', width - len);
}

/* An integer right-aligned in width, as "%*lld" prints it. */
static void
put_int(struct text *t, int64_t v, int width)
{
	uint64_t	u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	char		d[24];
	size_t		i = sizeof(d);

	do
		d[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		d[--i] = '-';
	pad(t, sizeof(d) - i, width > 0 ? (size_t)width : 0);
	put(t, d + i, sizeof(d) - i);
}

/*
 * v as printf's "%*.1f" prints it: the exact binary value rounded to
 * tenths, half to even.  A time in seconds is worked out in integers
 * from the double's bits; any other value is printf's.
 */
static void
put_tenths(struct text *t, double v, int width)
{
	uint64_t	bits, m, q = 0, rem, half;
	int		e;
	char		s[64];

	memcpy(&bits, &v, sizeof(bits));
	e = (int)(bits >> 52 & 0x7ff);
	if ((bits >> 63) != 0 || e == 0x7ff || v >= 1e15) {
		snprintf(s, sizeof(s), "%*.1f", width, v);
		put(t, s, strlen(s));
		return;
	}
	/* v = m * 2^e with m below 2^53, so that 10m fits; 0 and
	 * subnormals are 0.0, and so is all below 2^-64. */
	if (e != 0) {
		m = ((bits & ((1ULL << 52) - 1)) | 1ULL << 52) * 10;
		e -= 1075;
		if (e >= 0)
			q = m << e;
		else if (e > -64) {
			rem = m & ((1ULL << -e) - 1);
			half = 1ULL << (-e - 1);
			q = (m >> -e) + (rem > half ||
			    (rem == half && (m >> -e & 1)));
		}
	}
	put_int(t, (int64_t)(q / 10), width - 2);
	s[0] = '.';
	s[1] = (char)('0' + q % 10);
	put(t, s, 2);
}

void
render_list(FILE *f, const struct request *req, const struct reply *r)
{
	static const char	 reasons[] = "-rscwS";
	static const char	 head[] = "Name                              "
	    "          ID   Mem VCPUs\tState\tTime(s)";
	static const char	 vhead[] = "   UUID                            "
	    "Reason-Code\tSecurity Label";
	const struct dominfo	*d;
	struct text		 t = { NULL, 0, 0 };
	char			 name[4 * XLSH_NAME_MAX + 1], *p;
	char			 uuid[UUID_STR], more[80];
	int			 verbose = req_opt(req, 'v');
	uint32_t		 why;
	size_t			 i, n;

	put(&t, head, sizeof(head) - 1);
	if (verbose)
		put(&t, vhead, sizeof(vhead) - 1);
	put(&t, "\n", 1);
	/* Each line as "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f". */
	for (i = 0; i < r->ndoms; i++) {
		d = &r->doms[i];
		why = (d->flags & DI_SHUTDOWN) ? d->shutdown_reason : 0;
		n = strlen(vis(d->name, name, sizeof(name)));
		put(&t, name, n);
		pad(&t, n, 40);
		put(&t, " ", 1);
		put_int(&t, (int)d->domid, 5);
		put(&t, " ", 1);
		put_int(&t, (int64_t)(unsigned long)((d->current_memkb +
		    d->outstanding_memkb) / 1024), 5);
		put(&t, " ", 1);
		put_int(&t, (int)d->vcpu_online, 5);
		p = room(&t, 13);
		memcpy(p, "     ", 5);
		p[5] = (d->flags & DI_RUNNING) ? 'r' : '-';
		p[6] = (d->flags & DI_BLOCKED) ? 'b' : '-';
		p[7] = (d->flags & DI_PAUSED) ? 'p' : '-';
		p[8] = (d->flags & DI_SHUTDOWN) ? 's' : '-';
		p[9] = why < sizeof(reasons) - 1 ? reasons[why] : '?';
		p[10] = (d->flags & DI_DYING) ? 'd' : '-';
		p[11] = p[12] = ' ';
		put_tenths(&t, (float)d->cpu_time_ns / 1e9, 8);
		if (verbose) {
			if (d->flags & DI_SHUTDOWN)
				snprintf(more, sizeof(more), " %s %8x %16s",
				    fmt_uuid(uuid, d->uuid), why, "-");
			else
				snprintf(more, sizeof(more), " %s %8s %16s",
				    fmt_uuid(uuid, d->uuid), "-", "-");
			put(&t, more, strlen(more));
		}
		put(&t, "\n", 1);
	}
	fwrite(t.p, 1, t.len, f);
	free(t.p);
}

/* "3 days,  4:05:06", "1 day, ...", or " 4:05:06", as xl uptime. */
char *
uptime_string(unsigned long up)
{
	char	*s;
	int	 day, hour, min, sec;

	day = (int)(up / 86400);
	up %= 86400;
	hour = (int)(up / 3600);
	up %= 3600;
	min = (int)(up / 60);
	sec = (int)(up % 60);
	if (day > 1)
		xasprintf(&s, "%d days, %2d:%02d:%02d", day, hour, min, sec);
	else if (day == 1)
		xasprintf(&s, "%d day, %2d:%02d:%02d", day, hour, min, sec);
	else
		xasprintf(&s, "%2d:%02d:%02d", hour, min, sec);
	return s;
}

void
render_uptime(FILE *f, const struct reply *r, time_t now)
{
	char		 name[4 * XLSH_NAME_MAX + 1], *up;
	unsigned long	 secs;
	size_t		 i;

	fprintf(f, "%-33s %4s %s\n", "Name", "ID", "Uptime");
	for (i = 0; i < r->ndoms; i++) {
		secs = (uint64_t)now > r->doms[i].start_time ?
		    (unsigned long)((uint64_t)now - r->doms[i].start_time) : 0;
		up = uptime_string(secs);
		fprintf(f, "%-33s %4d %s\n",
		    vis(r->doms[i].name, name, sizeof(name)),
		    (int)r->doms[i].domid, up);
		free(up);
	}
}

void
render_vcpu_list(FILE *f, const struct reply *r)
{
	const struct vcpuinfo	*v;
	char			 name[4 * XLSH_NAME_MAX + 1];
	size_t			 i;

	fprintf(f, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU",
	    "CPU", "State", "Time(s)", "Affinity (Hard / Soft)");
	for (i = 0; i < r->nvcpus; i++) {
		v = &r->vcpus[i];
		fprintf(f, "%-32s %5u %5u",
		    vis(v->name, name, sizeof(name)), v->domid, v->vcpuid);
		if (v->flags & VI_ONLINE)
			fprintf(f, "%5u %3c%c- ", v->cpu,
			    (v->flags & VI_RUNNING) ? 'r' : '-',
			    (v->flags & VI_BLOCKED) ? 'b' : '-');
		else
			fprintf(f, "%5c %3c%cp ", '-', '-', '-');
		fprintf(f, "%9.1f  ", (double)v->time_ns / 1e9);
		fprintf(f, "%s / ", vis(v->hard, name, sizeof(name)));
		fprintf(f, "%s\n", vis(v->soft, name, sizeof(name)));
	}
}

/* xl info: "key<padded to 23>: value". */
void
render_info_kv(FILE *f, struct buf *b)
{
	uint32_t	 n, i;
	char		*k, *v;

	if (buf_get_u32(b, &n) == -1)
		return;
	for (i = 0; i < n; i++) {
		if (buf_get_str(b, &k) == -1)
			return;
		if (buf_get_str(b, &v) == -1) {
			free(k);
			return;
		}
		/* xl prints virt_caps's flags straight after the colon. */
		if (v[0] == '\0' && strcmp(k, "virt_caps") == 0)
			fprintf(f, "%-23s:\n", k);
		else {
			fprintf(f, "%-23s: ", k);
			put_escaped(f, v);
			fputc('\n', f);
		}
		free(k);
		free(v);
	}
}
