/*
 * --json for list, vcpu-list, uptime and info: the same records as the
 * tables, in libxl's JSON shapes (libxl_dominfo, libxl_vcpuinfo) with
 * libxl's field names, beautified as libxl's generator does, for
 * scripts that would otherwise parse xl's columns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "client.h"

static const char *const reasons[] = {
	"poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset"
};

static void
str(yajl_gen g, const char *s)
{
	yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static void
key_str(yajl_gen g, const char *k, const char *v)
{
	str(g, k);
	str(g, v);
}

static void
key_int(yajl_gen g, const char *k, long long v)
{
	str(g, k);
	yajl_gen_integer(g, v);
}

static void
key_bool(yajl_gen g, const char *k, int v)
{
	str(g, k);
	yajl_gen_bool(g, v != 0);
}

static yajl_gen
start(void)
{
	yajl_gen	g;

	if ((g = yajl_gen_alloc(NULL)) == NULL)
		fatalx("yajl_gen_alloc");
	yajl_gen_config(g, yajl_gen_beautify, 1);
	/* Names may hold any byte a hostile helper sends: keep it JSON. */
	yajl_gen_config(g, yajl_gen_validate_utf8, 1);
	return g;
}

static void
finish(FILE *f, yajl_gen g)
{
	const unsigned char	*buf;
	size_t			 len;

	if (yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok)
		fprintf(f, "%.*s%s", (int)len, buf,
		    len > 0 && buf[len - 1] == '\n' ? "" : "\n");
	yajl_gen_free(g);
}

void
render_list_json(FILE *f, const struct reply *r)
{
	const struct dominfo	*d;
	yajl_gen		 g = start();
	char			 uuid[UUID_STR];
	size_t			 i;

	yajl_gen_array_open(g);
	for (i = 0; i < r->ndoms; i++) {
		d = &r->doms[i];
		fmt_uuid(uuid, d->uuid);
		yajl_gen_map_open(g);
		key_str(g, "uuid", uuid);
		key_int(g, "domid", d->domid);
		key_str(g, "name", d->name);
		key_bool(g, "running", d->flags & DI_RUNNING);
		key_bool(g, "blocked", d->flags & DI_BLOCKED);
		key_bool(g, "paused", d->flags & DI_PAUSED);
		key_bool(g, "shutdown", d->flags & DI_SHUTDOWN);
		key_bool(g, "dying", d->flags & DI_DYING);
		if ((d->flags & DI_SHUTDOWN) &&
		    d->shutdown_reason < sizeof(reasons) / sizeof(reasons[0]))
			key_str(g, "shutdown_reason",
			    reasons[d->shutdown_reason]);
		key_int(g, "outstanding_memkb", (long long)d->outstanding_memkb);
		key_int(g, "current_memkb", (long long)d->current_memkb);
		key_int(g, "max_memkb", (long long)d->max_memkb);
		key_int(g, "cpu_time", (long long)d->cpu_time_ns);
		key_int(g, "vcpu_max_id", d->vcpu_max > 0 ? d->vcpu_max - 1 : 0);
		key_int(g, "vcpu_online", d->vcpu_online);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	finish(f, g);
}

void
render_vcpu_json(FILE *f, const struct reply *r)
{
	const struct vcpuinfo	*v;
	yajl_gen		 g = start();
	size_t			 i;

	yajl_gen_array_open(g);
	for (i = 0; i < r->nvcpus; i++) {
		v = &r->vcpus[i];
		yajl_gen_map_open(g);
		key_str(g, "name", v->name);
		key_int(g, "domid", v->domid);
		key_int(g, "vcpuid", v->vcpuid);
		key_int(g, "cpu", v->cpu);
		key_bool(g, "online", v->flags & VI_ONLINE);
		key_bool(g, "blocked", v->flags & VI_BLOCKED);
		key_bool(g, "running", v->flags & VI_RUNNING);
		key_int(g, "vcpu_time", (long long)v->time_ns);
		key_str(g, "cpumap", v->hard);
		key_str(g, "cpumap_soft", v->soft);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	finish(f, g);
}

void
render_uptime_json(FILE *f, const struct reply *r, time_t now)
{
	yajl_gen	g = start();
	size_t		i;

	yajl_gen_array_open(g);
	for (i = 0; i < r->ndoms; i++) {
		yajl_gen_map_open(g);
		key_str(g, "name", r->doms[i].name);
		key_int(g, "domid", r->doms[i].domid);
		key_int(g, "start_time", (long long)r->doms[i].start_time);
		key_int(g, "uptime", (uint64_t)now > r->doms[i].start_time ?
		    (long long)((uint64_t)now - r->doms[i].start_time) : 0);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	finish(f, g);
}

/* xl info's fields as one object, in xl's order, values as strings. */
void
render_info_json(FILE *f, struct buf *b)
{
	yajl_gen	 g = start();
	uint32_t	 n, i;
	char		*k, *v;

	yajl_gen_map_open(g);
	if (buf_get_u32(b, &n) == 0) {
		for (i = 0; i < n; i++) {
			if (buf_get_str(b, &k) == -1)
				break;
			if (buf_get_str(b, &v) == -1) {
				free(k);
				break;
			}
			key_str(g, k, v);
			free(k);
			free(v);
		}
	}
	yajl_gen_map_close(g);
	finish(f, g);
}
