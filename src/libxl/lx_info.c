/*
 * The libxl backend's operations that only read: the domains, the host
 * (xl info), a domain's vcpus (xl vcpu-list), the configurations of
 * xl list -l, a domain's console and the hypervisor's console ring
 * (xl dmesg).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/utsname.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxl.h>
#include <libxl_utils.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

static void	 copy_str(char *, size_t, const char *);
static void	 fmt_bitmap(char *, size_t, const libxl_bitmap *, int);
static int	 lx_get_config(const struct dominfo *, libxl_domain_config *,
		    void *);

/* libxl's strings may be NULL. */
static void
copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/*
 * A cpu map as xl's print_bitmap writes it (cpuset_format): "all" when
 * every one of the nbits cpus is set, "none" when none is, else ranges:
 * "0-3,6".  The cpus past libxl's map are not set.
 */
static void
fmt_bitmap(char *buf, size_t size, const libxl_bitmap *m, int nbits)
{
	uint8_t	*map;
	size_t	 bytes = ((size_t)nbits + 7) / 8;

	map = xcalloc(bytes + 1, 1);
	if (m->map != NULL)
		memcpy(map, m->map, m->size < bytes ? m->size : bytes);
	cpuset_format(map, (uint32_t)nbits, buf, size);
	free(map);
}

int
lx_domains(struct backend *b, struct dominfo **out, size_t *np,
    struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	*info = NULL;
	struct dominfo	*di = NULL;
	uint64_t	 boot;
	int		 i, n = 0, rc = -1;

	if ((info = libxl_list_domain(lx->ctx, &n)) == NULL) {
		lx_fail(lx, ERROR_FAIL, 0, "libxl_list_domain", e);
		goto out;
	}
	boot = lx_boot_time();
	di = xcalloc((size_t)n, sizeof(*di));
	for (i = 0; i < n; i++)
		lx_dominfo(lx, &info[i], boot, &di[i]);
	*out = di;
	*np = (size_t)n;
	di = NULL;
	rc = 0;
out:
	free(di);
	if (info != NULL)
		libxl_dominfo_list_free(info, n);
	return rc;
}

/* What xl info prints (xl_info.c output_nodeinfo/physinfo/xeninfo). */
int
lx_host(struct backend *b, struct hostinfo *hi, struct xerr *e)
{
	struct lx			*lx = lx_begin(b);
	struct utsname			 u;
	libxl_physinfo			 pi;
	libxl_bitmap			 freemap;
	const libxl_version_info	*vi;
	uint64_t			 per_mib;
	int				 sched, lrc, rc = -1;

	libxl_physinfo_init(&pi);
	libxl_bitmap_init(&freemap);
	memset(hi, 0, sizeof(*hi));
	if (uname(&u) == 0) {
		copy_str(hi->host, sizeof(hi->host), u.nodename);
		copy_str(hi->release, sizeof(hi->release), u.release);
		copy_str(hi->version, sizeof(hi->version), u.version);
		copy_str(hi->machine, sizeof(hi->machine), u.machine);
	}
	if ((lrc = libxl_get_physinfo(lx->ctx, &pi)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_get_physinfo", e);
		goto out;
	}
	if ((vi = libxl_get_version_info(lx->ctx)) == NULL) {
		lx_fail(lx, ERROR_FAIL, 0, "libxl_get_version_info", e);
		goto out;
	}
	if ((sched = libxl_get_scheduler(lx->ctx)) < 0) {
		lx_fail(lx, sched, 0, "libxl_get_scheduler", e);
		goto out;
	}
	if ((lrc = libxl_get_freecpus(lx->ctx, &freemap)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_get_freecpus", e);
		goto out;
	}
	if (vi->pagesize <= 0 || vi->pagesize > (1 << 20)) {
		xerr_set(e, XE_FAIL, "Xen reports a page size of %d bytes",
		    vi->pagesize);
		goto out;
	}

	hi->nr_cpus = pi.nr_cpus;
	hi->max_cpu_id = pi.max_cpu_id;
	hi->nr_nodes = pi.nr_nodes;
	hi->cores_per_socket = pi.cores_per_socket;
	hi->threads_per_core = pi.threads_per_core;
	hi->cpu_khz = pi.cpu_khz;
	memcpy(hi->hw_cap, pi.hw_cap, sizeof(hi->hw_cap));
	/* xl 4.17's order; pv_directio is PV with hvm_directio. */
	snprintf(hi->virt_caps, sizeof(hi->virt_caps),
	    "%s%s%s%s%s%s%s%s%s%s%s",
	    pi.cap_pv ? " pv" : "",
	    pi.cap_hvm ? " hvm" : "",
	    pi.cap_hvm && pi.cap_hvm_directio ? " hvm_directio" : "",
	    pi.cap_pv && pi.cap_hvm_directio ? " pv_directio" : "",
	    pi.cap_hap ? " hap" : "",
	    pi.cap_shadow ? " shadow" : "",
	    pi.cap_iommu_hap_pt_share ? " iommu_hap_pt_share" : "",
	    pi.cap_vmtrace ? " vmtrace" : "",
	    pi.cap_vpmu ? " vpmu" : "",
	    pi.cap_gnttab_v1 ? " gnttab-v1" : "",
	    pi.cap_gnttab_v2 ? " gnttab-v2" : "");
	per_mib = (uint64_t)((1 << 20) / vi->pagesize);
	hi->total_mib = pi.total_pages / per_mib;
	hi->free_mib = (pi.free_pages > pi.outstanding_pages ?
	    pi.free_pages - pi.outstanding_pages : 0) / per_mib;
	hi->sharing_freed_mib = pi.sharing_freed_pages / per_mib;
	hi->sharing_used_mib = pi.sharing_used_frames / per_mib;
	hi->outstanding_mib = pi.outstanding_pages / per_mib;
	hi->free_cpus = (uint32_t)libxl_bitmap_count_set(&freemap);

	hi->xen_major = (uint32_t)vi->xen_version_major;
	hi->xen_minor = (uint32_t)vi->xen_version_minor;
	copy_str(hi->xen_extra, sizeof(hi->xen_extra), vi->xen_version_extra);
	copy_str(hi->xen_caps, sizeof(hi->xen_caps), vi->capabilities);
	copy_str(hi->xen_scheduler, sizeof(hi->xen_scheduler),
	    libxl_scheduler_to_string((libxl_scheduler)sched));
	hi->xen_pagesize = (uint32_t)vi->pagesize;
	hi->virt_start = vi->virt_start;
	copy_str(hi->xen_changeset, sizeof(hi->xen_changeset), vi->changeset);
	copy_str(hi->xen_commandline, sizeof(hi->xen_commandline),
	    vi->commandline);
	copy_str(hi->cc_compiler, sizeof(hi->cc_compiler), vi->compiler);
	copy_str(hi->cc_compile_by, sizeof(hi->cc_compile_by),
	    vi->compile_by);
	copy_str(hi->cc_compile_domain, sizeof(hi->cc_compile_domain),
	    vi->compile_domain);
	copy_str(hi->cc_compile_date, sizeof(hi->cc_compile_date),
	    vi->compile_date);
	copy_str(hi->build_id, sizeof(hi->build_id), vi->build_id);
	hi->boot_time = lx_boot_time();
	rc = 0;
out:
	libxl_bitmap_dispose(&freemap);
	libxl_physinfo_dispose(&pi);
	return rc;
}

/* xl vcpu-list: the bitmaps span the host's nr_cpus, as xl prints them. */
int
lx_vcpus(struct backend *b, uint32_t domid, struct vcpuinfo **out,
    size_t *np, uint32_t *nr_cpus, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_physinfo	 pi;
	libxl_vcpuinfo	*vl = NULL;
	struct vcpuinfo	*vi = NULL;
	int		 i, nb = 0, nrcpus = 0, lrc, rc = -1;

	libxl_physinfo_init(&pi);
	if ((lrc = libxl_get_physinfo(lx->ctx, &pi)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_get_physinfo", e);
		goto out;
	}
	if ((vl = libxl_list_vcpu(lx->ctx, domid, &nb, &nrcpus)) == NULL) {
		/* Gone, or libxl could not say: the former is the usual. */
		if (lx_info(lx, domid, NULL, e) == 0)
			lx_fail(lx, ERROR_FAIL, domid, "libxl_list_vcpu", e);
		goto out;
	}
	vi = xcalloc((size_t)nb, sizeof(*vi));
	for (i = 0; i < nb; i++) {
		vi[i].domid = domid;
		vi[i].vcpuid = vl[i].vcpuid;
		if (vl[i].online) {
			vi[i].cpu = vl[i].cpu;
			vi[i].flags = VI_ONLINE |
			    (vl[i].running ? VI_RUNNING : 0) |
			    (vl[i].blocked ? VI_BLOCKED : 0);
		}
		vi[i].time_ns = vl[i].vcpu_time;
		fmt_bitmap(vi[i].hard, sizeof(vi[i].hard), &vl[i].cpumap,
		    (int)pi.nr_cpus);
		fmt_bitmap(vi[i].soft, sizeof(vi[i].soft), &vl[i].cpumap_soft,
		    (int)pi.nr_cpus);
	}
	*out = vi;
	*np = (size_t)nb;
	*nr_cpus = pi.nr_cpus;
	vi = NULL;
	rc = 0;
out:
	free(vi);
	if (vl != NULL)
		libxl_vcpuinfo_list_free(vl, nb);
	libxl_physinfo_dispose(&pi);
	return rc;
}

/*
 * xl list -l (xl_info.c list_domains_details): libxl's record of each
 * domain's configuration, in one array.  Domains whose record cannot
 * be had are left out, as xl leaves them out.  Domain-0 has one too
 * (libxl makes it up from what the hypervisor says), as a real xl
 * list -l shows.
 */
static int
lx_get_config(const struct dominfo *d, libxl_domain_config *dc, void *arg)
{
	struct lx	*lx = arg;

	return libxl_retrieve_domain_configuration(lx->ctx, d->domid, dc,
	    NULL) == 0 ? 0 : -1;
}

int
lx_list_long(struct backend *b, const struct dominfo *di, size_t n,
    char **json, struct xerr *e)
{
	return lx_json_write(di, n, lx_get_config, lx_begin(b), json, e);
}

/*
 * The domain's primary console: the pty xenconsoled keeps for it,
 * opened here (the helper may, the member may not) and passed on.
 * libxl_primary_console_exec would run xenconsole instead: no program
 * runs for a request.
 */
int
lx_console(struct backend *b, uint32_t domid, int *fd, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	char		*path = NULL;
	int		 lrc;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	if ((lrc = libxl_primary_console_get_tty(lx->ctx, domid, &path)) != 0)
		return lx_fail(lx, lrc, domid, "libxl_primary_console_get_tty",
		    e);
	*fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*fd == -1) {
		xerr_set(e, XE_FAIL, "console of domain %u: %s: %s", domid,
		    path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

/*
 * xl dmesg: the console ring, read in the pieces libxl calls lines (up
 * to 16 KiB each), and with clear (-c) emptied as it is read.
 */
int
lx_dmesg(struct backend *b, int clear, char **out, struct xerr *e)
{
	struct lx			*lx = lx_begin(b);
	libxl_xen_console_reader	*cr;
	char				*line, *text = NULL;
	size_t				 len = 0;
	FILE				*f;
	int				 lrc;

	*out = NULL;
	if ((cr = libxl_xen_console_read_start(lx->ctx, clear)) == NULL) {
		xerr_set(e, XE_FAIL, "cannot read the hypervisor's console");
		return -1;
	}
	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	while ((lrc = libxl_xen_console_read_line(lx->ctx, cr, &line)) > 0)
		fputs(line, f);
	libxl_xen_console_read_finish(lx->ctx, cr);
	if (fclose(f) != 0)
		fatal("open_memstream");
	if (lrc < 0) {
		free(text);
		return lx_fail(lx, lrc, 0, "libxl_xen_console_read_line", e);
	}
	*out = text;
	return 0;
}
