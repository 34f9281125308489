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

static const char *
vis(const char *name, char *buf, size_t size)
{
	strvis_name(buf, size, name);
	return buf;
}

void
render_list(FILE *f, const struct request *req, const struct reply *r)
{
	static const char	 reasons[] = "-rscwS";
	const struct dominfo	*d;
	char			 name[4 * XLSH_NAME_MAX + 1];
	char			 uuid[UUID_STR];
	int			 verbose = req_opt(req, 'v');
	uint32_t		 why;
	size_t			 i;

	fprintf(f, "Name                                        ID   Mem "
	    "VCPUs\tState\tTime(s)");
	if (verbose)
		fprintf(f, "   UUID                            "
		    "Reason-Code\tSecurity Label");
	fputc('\n', f);
	for (i = 0; i < r->ndoms; i++) {
		d = &r->doms[i];
		why = (d->flags & DI_SHUTDOWN) ? d->shutdown_reason : 0;
		fprintf(f, "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f",
		    vis(d->name, name, sizeof(name)), (int)d->domid,
		    (unsigned long)((d->current_memkb +
		    d->outstanding_memkb) / 1024), (int)d->vcpu_online,
		    (d->flags & DI_RUNNING) ? 'r' : '-',
		    (d->flags & DI_BLOCKED) ? 'b' : '-',
		    (d->flags & DI_PAUSED) ? 'p' : '-',
		    (d->flags & DI_SHUTDOWN) ? 's' : '-',
		    why < sizeof(reasons) - 1 ? reasons[why] : '?',
		    (d->flags & DI_DYING) ? 'd' : '-',
		    (float)d->cpu_time_ns / 1e9);
		if (verbose) {
			fprintf(f, " %s", fmt_uuid(uuid, d->uuid));
			if (d->flags & DI_SHUTDOWN)
				fprintf(f, " %8x", why);
			else
				fprintf(f, " %8s", "-");
			fprintf(f, " %16s", "-");
		}
		fputc('\n', f);
	}
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
