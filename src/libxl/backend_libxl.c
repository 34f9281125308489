/*
 * The real backend: libxl on a Xen Dom0, called as xl calls it (xen's
 * tools/xl, 4.17).  One libxl_ctx per process: xlshd forks a process
 * per connection before the backend is opened, as libxl_event.h asks,
 * and the session's process opens it when first needed.
 *
 * libxl reports why it failed only through its logger, so the backend
 * has a xentoollog logger of its own.  It forwards warnings and errors
 * to xlshd's log and keeps the first error of the operation under way
 * (libxl logs the cause first and then its consequences: a failed
 * create ends with the errors of tearing the half-built domain down),
 * which then becomes the user's message.
 *
 * xl create leaves a process behind for each domain, which waits for
 * the domain to shut down and carries out on_poweroff, on_reboot and
 * on_crash.  create does the same here: see lx_monitor.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/utsname.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxl.h>
#include <libxl_event.h>
#include <libxl_json.h>
#include <libxl_utils.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

#define LX_MIN_KB	(16 * 1024)	/* the least mem-set, as the sim's */

static void	 lxlog_vmessage(struct xentoollog_logger *, xentoollog_level,
		    int, const char *, const char *, va_list)
		    __attribute__((format(printf, 5, 0)));
static void	 lxlog_destroy(struct xentoollog_logger *);
static const char *lxlog_words(const char *);

static struct lx *lx_begin(struct backend *);
static int	 lx_fail(struct lx *, int, uint32_t, const char *,
		    struct xerr *);
static int	 lx_info(struct lx *, uint32_t, libxl_dominfo *,
		    struct xerr *);
static void	 copy_str(char *, size_t, const char *);
static uint64_t	 boot_time(void);
static void	 fmt_bitmap(char *, size_t, const libxl_bitmap *, int);

static int	 lx_open(struct backend *, const struct backend_args *,
		    struct xerr *);
static void	 lx_close(struct backend *);
static int	 lx_domains(struct backend *, struct dominfo **, size_t *,
		    struct xerr *);
static int	 lx_host(struct backend *, struct hostinfo *, struct xerr *);
static int	 lx_vcpus(struct backend *, uint32_t, struct vcpuinfo **,
		    size_t *, uint32_t *, struct xerr *);
static int	 lx_create(struct backend *, const struct domcfg *,
		    uint32_t *, struct xerr *);
static int	 lx_shutdown(struct backend *, uint32_t, int, struct xerr *);
static int	 lx_destroy(struct backend *, uint32_t, struct xerr *);
static int	 lx_pause(struct backend *, uint32_t, int, struct xerr *);
static int	 lx_rename(struct backend *, uint32_t, const char *,
		    struct xerr *);
static int	 lx_mem_set(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
static int	 lx_mem_max(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
static int	 lx_vcpu_set(struct backend *, uint32_t, uint32_t,
		    struct xerr *);
static int	 lx_get_config(const struct dominfo *, libxl_domain_config *,
		    void *);
static int	 lx_list_long(struct backend *, const struct dominfo *,
		    size_t, char **, struct xerr *);
static int	 lx_console(struct backend *, uint32_t, int *, struct xerr *);
static int	 lx_dmesg(struct backend *, char **, struct xerr *);

const struct backend backend_libxl = {
	.name =		"libxl",
	.priv =		NULL,
	.open =		lx_open,
	.close =	lx_close,
	.domains =	lx_domains,
	.host =		lx_host,
	.vcpus =	lx_vcpus,
	.create =	lx_create,
	.shutdown =	lx_shutdown,
	.destroy =	lx_destroy,
	.pause =	lx_pause,
	.rename =	lx_rename,
	.mem_set =	lx_mem_set,
	.mem_max =	lx_mem_max,
	.vcpu_set =	lx_vcpu_set,
	.list_long =	lx_list_long,
	.console =	lx_console,
	.dmesg =	lx_dmesg
};

/*
 * The logger.  libxl's own lines read "libxl: error: file.c:123:func:
 * Domain 5:words"; the libraries below it (xencall, xc, xenstore) use
 * their own context and no prefix.
 */
static void
lxlog_vmessage(struct xentoollog_logger *vt, xentoollog_level level,
    int errnoval, const char *context, const char *fmt, va_list ap)
{
	struct lxlog	*l = (struct lxlog *)vt;
	char		 msg[512], show[1024];
	const char	*lvl;
	size_t		 n;
	int		 libxl, k;

	if (level < XTL_WARN)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (errnoval >= 0)
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnoval));
	strvis_name(show, sizeof(show), msg);
	if (context == NULL)
		context = "xen";
	/* xtl_level_to_string's words, without linking libxentoollog. */
	lvl = level == XTL_WARN ? "warning" : level == XTL_ERROR ? "error" :
	    "critical";
	if (!l->quiet)
		slog("%s: %s: %s", context, lvl, show);
	if (level < XTL_ERROR || l->reason[0] != '\0')
		return;
	libxl = strcmp(context, "libxl") == 0;
	k = snprintf(l->reason, sizeof(l->reason), "%s%s%s",
	    libxl ? "" : context, libxl ? "" : ": ",
	    libxl ? lxlog_words(show) : show);
	if (k < 0 || (size_t)k >= sizeof(l->reason))
		memcpy(l->reason + sizeof(l->reason) - 4, "...", 4);
}

static void
lxlog_destroy(struct xentoollog_logger *vt)
{
	/* It lives inside its owner's struct, and goes with that. */
	(void)vt;
}

void
lxlog_init(struct lxlog *l)
{
	memset(l, 0, sizeof(*l));
	l->vt.vmessage = lxlog_vmessage;
	l->vt.progress = NULL;	/* allowed: libxl reports no progress */
	l->vt.destroy = lxlog_destroy;
}

/* The words of a libxl message, without "file.c:123:func: Domain 5:". */
static const char *
lxlog_words(const char *s)
{
	const char	*p, *c, *d;

	if ((p = strstr(s, ": ")) != NULL && (c = strstr(s, ".c:")) != NULL &&
	    c < p && memchr(s, ' ', (size_t)(p - s)) == NULL)
		s = p + 2;
	if (strncmp(s, "Domain ", 7) == 0) {
		for (d = s + 7; *d >= '0' && *d <= '9'; d++)
			;
		if (d > s + 7 && *d == ':')
			s = d + 1;
	}
	while (*s == ' ')
		s++;
	return s;
}

/* Every operation starts here: a fresh reason for a new operation. */
static struct lx *
lx_begin(struct backend *b)
{
	struct lx	*lx = b->priv;

	if (lx == NULL || lx->ctx == NULL)
		fatalx("libxl backend used before open");
	lx->log.reason[0] = '\0';
	return lx;
}

/*
 * libxl said no.  rc is libxl's error code; the message is libxl's own
 * first logged error if there was one, else what failed.
 */
static int
lx_fail(struct lx *lx, int rc, uint32_t domid, const char *what,
    struct xerr *e)
{
	int	code;

	switch (rc) {
	case ERROR_DOMAIN_NOTFOUND:
		xerr_set(e, XE_NOTFOUND, "Domain %u does not exist.", domid);
		return -1;
	case ERROR_INVAL:
		code = XE_INVAL;
		break;
	case ERROR_NOMEM:
		code = XE_NOMEM;
		break;
	default:
		code = XE_FAIL;
		break;
	}
	if (lx->log.reason[0] != '\0')
		xerr_set(e, code, "%s", lx->log.reason);
	else
		xerr_set(e, code, "%s failed (libxl error %d)", what, rc);
	return -1;
}

/* libxl_domain_info, which also tells a domain that does not exist. */
static int
lx_info(struct lx *lx, uint32_t domid, libxl_dominfo *info, struct xerr *e)
{
	int	lrc;

	if ((lrc = libxl_domain_info(lx->ctx, info, domid)) != 0)
		return lx_fail(lx, lrc, domid, "libxl_domain_info", e);
	return 0;
}

/* libxl's strings may be NULL. */
static void
copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

/* When the host booted: Domain-0's start, as xl uptime counts it. */
static uint64_t
boot_time(void)
{
	FILE	*f;
	double	 up;
	time_t	 now = time(NULL);
	int	 ok;

	if ((f = fopen("/proc/uptime", "re")) == NULL)
		return (uint64_t)now;
	ok = fscanf(f, "%lf", &up) == 1;
	fclose(f);
	if (!ok || up < 0 || up > (double)now)
		return (uint64_t)now;
	return (uint64_t)now - (uint64_t)up;
}

/*
 * A cpu map as xl's print_bitmap writes it: "all" when every one of
 * the nbits cpus is set, "none" when none is, else ranges: "0-3,6".
 */
static void
fmt_bitmap(char *buf, size_t size, const libxl_bitmap *m, int nbits)
{
	size_t	len = 0;
	int	i, first, n, nranges = 0;

	buf[0] = '\0';
	for (i = 0; i < nbits; i++) {
		if (!libxl_bitmap_test(m, i))
			continue;
		for (first = i; i + 1 < nbits && libxl_bitmap_test(m, i + 1);)
			i++;
		if (first == 0 && i == nbits - 1) {
			snprintf(buf, size, "all");
			return;
		}
		if (first == i)
			n = snprintf(buf + len, size - len, "%s%d",
			    nranges > 0 ? "," : "", first);
		else
			n = snprintf(buf + len, size - len, "%s%d-%d",
			    nranges > 0 ? "," : "", first, i);
		if (n < 0 || (size_t)n >= size - len) {
			/* size is a vcpuinfo's 64 bytes. */
			snprintf(buf + size - 4, 4, "...");
			return;
		}
		len += (size_t)n;
		nranges++;
	}
	if (nranges == 0)
		snprintf(buf, size, "none");
}

static int
lx_open(struct backend *b, const struct backend_args *args,
    struct xerr *e)
{
	struct lx	*lx;
	int		 lrc;

	(void)args;
	lx = xcalloc(1, sizeof(*lx));
	lxlog_init(&lx->log);
	/* A failure is told in one line, with libxl's first error in it. */
	lx->log.quiet = 1;
	if ((lrc = libxl_ctx_alloc(&lx->ctx, LIBXL_VERSION, 0,
	    &lx->log.vt)) != 0) {
		xerr_set(e, XE_FAIL, "cannot reach Xen: this host runs no Xen "
		    "hypervisor, or xlshd lacks access to /dev/xen "
		    "(libxl_ctx_alloc: %d%s%s)", lrc,
		    lx->log.reason[0] != '\0' ? "; " : "", lx->log.reason);
		free(lx);
		return -1;
	}
	lx->log.quiet = 0;
	b->priv = lx;
	return 0;
}

static void
lx_close(struct backend *b)
{
	struct lx	*lx = b->priv;

	if (lx == NULL)
		return;
	libxl_ctx_free(lx->ctx);
	free(lx);
	b->priv = NULL;
}

static int
lx_domains(struct backend *b, struct dominfo **out, size_t *np,
    struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	*info = NULL, *in;
	struct dominfo	*di = NULL, *d;
	char		*name;
	uint64_t	 boot, now = (uint64_t)time(NULL);
	uint32_t	 start;
	int		 i, n = 0, rc = -1;

	if ((info = libxl_list_domain(lx->ctx, &n)) == NULL) {
		lx_fail(lx, ERROR_FAIL, 0, "libxl_list_domain", e);
		goto out;
	}
	boot = boot_time();
	di = xcalloc((size_t)n, sizeof(*di));
	for (i = 0; i < n; i++) {
		in = &info[i];
		d = &di[i];
		d->domid = in->domid;
		name = libxl_domid_to_name(lx->ctx, in->domid);
		copy_str(d->name, sizeof(d->name), name);
		free(name);
		memcpy(d->uuid, libxl_uuid_bytearray_const(&in->uuid),
		    sizeof(d->uuid));
		d->flags = (in->running ? DI_RUNNING : 0) |
		    (in->blocked ? DI_BLOCKED : 0) |
		    (in->paused ? DI_PAUSED : 0) |
		    (in->shutdown ? DI_SHUTDOWN : 0) |
		    (in->dying ? DI_DYING : 0);
		d->shutdown_reason = in->shutdown ?
		    (uint32_t)in->shutdown_reason : 0;
		d->current_memkb = in->current_memkb;
		d->outstanding_memkb = in->outstanding_memkb;
		d->max_memkb = in->max_memkb;
		d->vcpu_online = in->vcpu_online;
		d->vcpu_max = in->vcpu_max_id + 1;
		d->cpu_time_ns = in->cpu_time;
		if (in->domid == 0)
			d->start_time = boot;
		else {
			/* (uint32_t)-1 when libxl does not know it. */
			start = libxl_vm_get_start_time(lx->ctx, in->domid);
			d->start_time = start != UINT32_MAX ? start : now;
		}
	}
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
static int
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
	hi->boot_time = boot_time();
	rc = 0;
out:
	libxl_bitmap_dispose(&freemap);
	libxl_physinfo_dispose(&pi);
	return rc;
}

/* xl vcpu-list: the bitmaps span the host's nr_cpus, as xl prints them. */
static int
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
 * xl create without its options: build, unpause, and leave a monitor
 * behind.  Dom0 is not ballooned down to make room (xl's autoballoon):
 * a guest that does not fit in free memory is refused.
 */
static int
lx_create(struct backend *b, const struct domcfg *cfg, uint32_t *domidp,
    struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_domain_config	 d;
	uint32_t		 domid = INVALID_DOMID, other;
	uint64_t		 need = 0, avail = 0;
	int			 lrc, rc = -1;

	libxl_domain_config_init(&d);
	if (xlcfg_libxl(cfg, &d, e) == -1)
		goto out;
	/* Not found is ERROR_INVAL, the only answer wanted. */
	if ((lrc = libxl_name_to_domid(lx->ctx, cfg->name, &other)) == 0) {
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", cfg->name);
		goto out;
	}
	if (lrc != ERROR_INVAL) {
		lx_fail(lx, lrc, 0, "libxl_name_to_domid", e);
		goto out;
	}
	if ((lrc = libxl_domain_need_memory(lx->ctx, &d, INVALID_DOMID,
	    &need)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_domain_need_memory", e);
		goto out;
	}
	if ((lrc = libxl_get_free_memory(lx->ctx, &avail)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_get_free_memory", e);
		goto out;
	}
	if (need > avail) {
		xerr_set(e, XE_NOMEM, "not enough free memory for domain "
		    "\"%s\": needs %llu MiB, %llu MiB free", cfg->name,
		    (unsigned long long)((need + 1023) / 1024),
		    (unsigned long long)(avail / 1024));
		goto out;
	}
	/* Returns once the domain is built, paused, not when it boots. */
	if ((lrc = libxl_domain_create_new(lx->ctx, &d, &domid, NULL,
	    NULL)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_domain_create_new", e);
		/* libxl tears down what it began; as xl, make sure. */
		if (libxl_domid_valid_guest(domid))
			libxl_domain_destroy(lx->ctx, domid, NULL);
		goto out;
	}
	if ((lrc = libxl_domain_unpause(lx->ctx, domid, NULL)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_domain_unpause", e);
		libxl_domain_destroy(lx->ctx, domid, NULL);
		goto out;
	}
	monitor_start(lx, domid, &d);
	*domidp = domid;
	rc = 0;
out:
	libxl_domain_config_dispose(&d);
	return rc;
}

/*
 * A request through the guest's PV drivers.  xl shutdown -F falls
 * back to an ACPI button (libxl_send_trigger) when there are none;
 * the backend interface does not carry -F, so this does not.
 */
static int
lx_shutdown(struct backend *b, uint32_t domid, int reboot, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	 info;
	int		 lrc, rc = -1;

	libxl_dominfo_init(&info);
	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be shut down this way");
		goto out;
	}
	if (lx_info(lx, domid, &info, e) == -1)
		goto out;
	if (info.shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u is already shut down", domid);
		goto out;
	}
	lrc = reboot ? libxl_domain_reboot(lx->ctx, domid, NULL) :
	    libxl_domain_shutdown(lx->ctx, domid, NULL);
	if (lrc == ERROR_NOPARAVIRT) {
		xerr_set(e, XE_INVAL, "PV control interface not available: "
		    "domain %u has no PV drivers, and xlshd does not yet press "
		    "its ACPI %s button (xl's -F)", domid,
		    reboot ? "reset" : "power");
		goto out;
	}
	if (lrc != 0) {
		lx_fail(lx, lrc, domid, reboot ? "libxl_domain_reboot" :
		    "libxl_domain_shutdown", e);
		goto out;
	}
	rc = 0;
out:
	libxl_dominfo_dispose(&info);
	return rc;
}

/* The monitor sees the domain die and ends. */
static int
lx_destroy(struct backend *b, uint32_t domid, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	int		 lrc;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be destroyed");
		return -1;
	}
	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	if ((lrc = libxl_domain_destroy(lx->ctx, domid, NULL)) != 0)
		return lx_fail(lx, lrc, domid, "libxl_domain_destroy", e);
	return 0;
}

static int
lx_pause(struct backend *b, uint32_t domid, int pause, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	int		 lrc;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be %s",
		    pause ? "paused" : "unpaused");
		return -1;
	}
	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	lrc = pause ? libxl_domain_pause(lx->ctx, domid, NULL) :
	    libxl_domain_unpause(lx->ctx, domid, NULL);
	if (lrc != 0)
		return lx_fail(lx, lrc, domid, pause ? "libxl_domain_pause" :
		    "libxl_domain_unpause", e);
	return 0;
}

/*
 * libxl takes any bytes for a name (shared/REFERENCE.md 1.6): the name
 * is checked here, and the old one is passed so that libxl renames
 * only the domain that still bears it.
 */
static int
lx_rename(struct backend *b, uint32_t domid, const char *name,
    struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	char		*old = NULL, show[XLSH_NAME_MAX + 1];
	uint32_t	 other;
	int		 lrc, rc = -1;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be renamed");
		goto out;
	}
	if (!valid_domain_name(name)) {
		strvis_name(show, sizeof(show), name);
		xerr_set(e, XE_INVAL, "\"%s\" is not a valid domain name",
		    show);
		goto out;
	}
	if (lx_info(lx, domid, NULL, e) == -1)
		goto out;
	if ((old = libxl_domid_to_name(lx->ctx, domid)) == NULL) {
		lx_fail(lx, ERROR_FAIL, domid, "libxl_domid_to_name", e);
		goto out;
	}
	if ((lrc = libxl_name_to_domid(lx->ctx, name, &other)) == 0) {
		if (other != domid) {
			xerr_set(e, XE_EXISTS, "Domain with name \"%s\" "
			    "already exists.", name);
			goto out;
		}
		rc = 0;		/* its name already */
		goto out;
	}
	if (lrc != ERROR_INVAL) {
		lx_fail(lx, lrc, domid, "libxl_name_to_domid", e);
		goto out;
	}
	if ((lrc = libxl_domain_rename(lx->ctx, domid, old, name)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_domain_rename", e);
		goto out;
	}
	rc = 0;
out:
	free(old);
	return rc;
}

/*
 * xl mem-set: a new target, enforced as the domain's maximum.  Above
 * the configured maxmem libxl refuses with the sim's very words
 * ("memory_dynamic_max must be ..."): it compares with the maxmem it
 * recorded, not with dominfo's max_memkb, which after an enforced
 * mem-set is the last target.
 */
static int
lx_mem_set(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	 info;
	uint64_t	 avail = 0;
	int		 lrc, rc = -1;

	libxl_dominfo_init(&info);
	if (kb < LX_MIN_KB) {
		xerr_set(e, XE_INVAL, "a memory target of %llu KiB is below "
		    "the minimum of %d MiB", (unsigned long long)kb,
		    LX_MIN_KB / 1024);
		goto out;
	}
	if (kb > INT64_MAX) {
		xerr_set(e, XE_INVAL, "a memory target of %llu KiB is too "
		    "large", (unsigned long long)kb);
		goto out;
	}
	if (lx_info(lx, domid, &info, e) == -1)
		goto out;
	if ((lrc = libxl_get_free_memory(lx->ctx, &avail)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_get_free_memory", e);
		goto out;
	}
	if (kb > info.current_memkb && kb - info.current_memkb > avail) {
		xerr_set(e, XE_NOMEM, "not enough free memory to give domain "
		    "%u %llu MiB: needs %llu MiB more, %llu MiB free", domid,
		    (unsigned long long)(kb / 1024),
		    (unsigned long long)((kb - info.current_memkb + 1023) /
		    1024), (unsigned long long)(avail / 1024));
		goto out;
	}
	if ((lrc = libxl_set_memory_target(lx->ctx, domid, (int64_t)kb, 0,
	    1)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_set_memory_target", e);
		goto out;
	}
	rc = 0;
out:
	libxl_dominfo_dispose(&info);
	return rc;
}

/*
 * xl mem-max.  libxl_domain_setmaxmem refuses a maximum below the
 * current target, and returns 1, not an ERROR_*, for that.
 */
static int
lx_mem_max(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	int		 lrc;

	if (lx_info(lx, domid, NULL, e) == -1)
		return -1;
	if ((lrc = libxl_domain_setmaxmem(lx->ctx, domid, kb)) != 0)
		return lx_fail(lx, lrc > 0 ? ERROR_INVAL : lrc, domid,
		    "libxl_domain_setmaxmem", e);
	return 0;
}

/* xl vcpu-set: vcpus 0 to n-1 online, the others offline. */
static int
lx_vcpu_set(struct backend *b, uint32_t domid, uint32_t n, struct xerr *e)
{
	struct lx	*lx = lx_begin(b);
	libxl_dominfo	 info;
	libxl_bitmap	 map;
	uint32_t	 i, max;
	int		 lrc, rc = -1;

	libxl_dominfo_init(&info);
	libxl_bitmap_init(&map);
	if (lx_info(lx, domid, &info, e) == -1)
		goto out;
	max = info.vcpu_max_id + 1;
	if (n == 0) {
		xerr_set(e, XE_INVAL, "a domain needs at least one vcpu");
		goto out;
	}
	if (n > max) {
		xerr_set(e, XE_INVAL, "Requested %u VCPUs, however maxcpus is "
		    "%u!", n, max);
		goto out;
	}
	if ((lrc = libxl_cpu_bitmap_alloc(lx->ctx, &map, (int)n)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_cpu_bitmap_alloc", e);
		goto out;
	}
	for (i = 0; i < n; i++)
		libxl_bitmap_set(&map, (int)i);
	if ((lrc = libxl_set_vcpuonline(lx->ctx, domid, &map, NULL)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_set_vcpuonline", e);
		goto out;
	}
	rc = 0;
out:
	libxl_bitmap_dispose(&map);
	libxl_dominfo_dispose(&info);
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

static int
lx_list_long(struct backend *b, const struct dominfo *di, size_t n,
    char **json, struct xerr *e)
{
	return domjson_write(di, n, lx_get_config, lx_begin(b), json, e);
}

/*
 * The domain's primary console: the pty xenconsoled keeps for it,
 * opened here (the helper may, the member may not) and passed on.
 * libxl_primary_console_exec would run xenconsole instead: no program
 * runs for a request.
 */
static int
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
 * xl dmesg without -c: the console ring, read in the pieces libxl
 * calls lines (up to 16 KiB each), never cleared.
 */
static int
lx_dmesg(struct backend *b, char **out, struct xerr *e)
{
	struct lx			*lx = lx_begin(b);
	libxl_xen_console_reader	*cr;
	char				*line, *text = NULL;
	size_t				 len = 0;
	FILE				*f;
	int				 lrc;

	*out = NULL;
	if ((cr = libxl_xen_console_read_start(lx->ctx, 0)) == NULL) {
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
