/*
 * Typed payloads of the protocol's reply messages (see PROTOCOL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "proto.h"

int
msg_put_dominfo(struct buf *b, const struct dominfo *d)
{
	return buf_put_u32(b, d->domid) || buf_put_str(b, d->name) ||
	    buf_put(b, d->uuid, sizeof(d->uuid)) ||
	    buf_put_u32(b, d->flags) || buf_put_u32(b, d->shutdown_reason) ||
	    buf_put_u64(b, d->current_memkb) ||
	    buf_put_u64(b, d->outstanding_memkb) ||
	    buf_put_u64(b, d->max_memkb) || buf_put_u32(b, d->vcpu_online) ||
	    buf_put_u32(b, d->vcpu_max) || buf_put_u64(b, d->cpu_time_ns) ||
	    buf_put_u64(b, d->start_time) ? -1 : 0;
}

int
msg_get_dominfo(struct buf *b, struct dominfo *d)
{
	memset(d, 0, sizeof(*d));
	return buf_get_u32(b, &d->domid) ||
	    buf_get_strn(b, d->name, sizeof(d->name)) ||
	    buf_get(b, d->uuid, sizeof(d->uuid)) ||
	    buf_get_u32(b, &d->flags) || buf_get_u32(b, &d->shutdown_reason) ||
	    buf_get_u64(b, &d->current_memkb) ||
	    buf_get_u64(b, &d->outstanding_memkb) ||
	    buf_get_u64(b, &d->max_memkb) || buf_get_u32(b, &d->vcpu_online) ||
	    buf_get_u32(b, &d->vcpu_max) || buf_get_u64(b, &d->cpu_time_ns) ||
	    buf_get_u64(b, &d->start_time) ? -1 : 0;
}

int
msg_put_vcpuinfo(struct buf *b, const struct vcpuinfo *v)
{
	return buf_put_u32(b, v->domid) || buf_put_str(b, v->name) ||
	    buf_put_u32(b, v->vcpuid) || buf_put_u32(b, v->cpu) ||
	    buf_put_u32(b, v->flags) || buf_put_u64(b, v->time_ns) ||
	    buf_put_str(b, v->hard) || buf_put_str(b, v->soft) ? -1 : 0;
}

int
msg_get_vcpuinfo(struct buf *b, struct vcpuinfo *v)
{
	memset(v, 0, sizeof(*v));
	return buf_get_u32(b, &v->domid) ||
	    buf_get_strn(b, v->name, sizeof(v->name)) ||
	    buf_get_u32(b, &v->vcpuid) || buf_get_u32(b, &v->cpu) ||
	    buf_get_u32(b, &v->flags) || buf_get_u64(b, &v->time_ns) ||
	    buf_get_strn(b, v->hard, sizeof(v->hard)) ||
	    buf_get_strn(b, v->soft, sizeof(v->soft)) ? -1 : 0;
}

/*
 * The host as xl info's ordered "key: value" fields, so that the shell
 * prints them without knowing each one.
 */
int
msg_put_hostinfo(struct buf *b, const struct hostinfo *h)
{
	char		 v[40][HOST_STR * 2];
	const char	*k[40];
	int		 n = 0, i;

#define KV(key, ...) do {						\
	k[n] = (key);							\
	snprintf(v[n], sizeof(v[n]), __VA_ARGS__);			\
	n++;								\
} while (0)
	KV("host", "%s", h->host);
	KV("release", "%s", h->release);
	KV("version", "%s", h->version);
	KV("machine", "%s", h->machine);
	KV("nr_cpus", "%u", h->nr_cpus);
	KV("max_cpu_id", "%u", h->max_cpu_id);
	KV("nr_nodes", "%u", h->nr_nodes);
	KV("cores_per_socket", "%u", h->cores_per_socket);
	KV("threads_per_core", "%u", h->threads_per_core);
	KV("cpu_mhz", "%u.%03u", h->cpu_khz / 1000, h->cpu_khz % 1000);
	KV("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x",
	    h->hw_cap[0], h->hw_cap[1], h->hw_cap[2], h->hw_cap[3],
	    h->hw_cap[4], h->hw_cap[5], h->hw_cap[6], h->hw_cap[7]);
	KV("virt_caps", "%s", h->virt_caps[0] == ' ' ?
	    h->virt_caps + 1 : h->virt_caps);
	KV("total_memory", "%" PRIu64, h->total_mib);
	KV("free_memory", "%" PRIu64, h->free_mib);
	KV("sharing_freed_memory", "%" PRIu64, h->sharing_freed_mib);
	KV("sharing_used_memory", "%" PRIu64, h->sharing_used_mib);
	KV("outstanding_claims", "%" PRIu64, h->outstanding_mib);
	KV("free_cpus", "%u", h->free_cpus);
	KV("xen_major", "%u", h->xen_major);
	KV("xen_minor", "%u", h->xen_minor);
	KV("xen_extra", "%s", h->xen_extra);
	KV("xen_version", "%u.%u%s", h->xen_major, h->xen_minor,
	    h->xen_extra);
	KV("xen_caps", "%s", h->xen_caps);
	KV("xen_scheduler", "%s", h->xen_scheduler);
	KV("xen_pagesize", "%u", h->xen_pagesize);
	KV("platform_params", "virt_start=0x%" PRIx64, h->virt_start);
	KV("xen_changeset", "%s", h->xen_changeset);
	KV("xen_commandline", "%s", h->xen_commandline);
	KV("cc_compiler", "%s", h->cc_compiler);
	KV("cc_compile_by", "%s", h->cc_compile_by);
	KV("cc_compile_domain", "%s", h->cc_compile_domain);
	KV("cc_compile_date", "%s", h->cc_compile_date);
	KV("build_id", "%s", h->build_id);
	KV("xend_config_format", "4");
#undef KV
	if (buf_put_u32(b, (uint32_t)n))
		return -1;
	for (i = 0; i < n; i++)
		if (buf_put_str(b, k[i]) || buf_put_str(b, v[i]))
			return -1;
	return 0;
}

const char *
xerr_name(int code)
{
	static const char *names[] = {
		[XE_OK] = "ok", [XE_FAIL] = "failed", [XE_USAGE] = "usage",
		[XE_NOTFOUND] = "not found", [XE_EXISTS] = "exists",
		[XE_NOMEM] = "no memory", [XE_INVAL] = "invalid",
		[XE_DENIED] = "denied", [XE_TIMEOUT] = "timeout",
		[XE_STATE] = "state", [XE_NOSPACE] = "no space",
		[XE_BUSY] = "busy"
	};

	if (code < 0 || (size_t)code >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[code];
}
