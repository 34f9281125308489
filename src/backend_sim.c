/*
 * The simulated Xen host of the sandbox and of the tests: a 4-cpu,
 * 16 GiB machine with Domain-0 and whatever guests were created, kept
 * in a text file under the state directory so that every xlshd process
 * sees the same host.  Each operation takes the lock, loads the file,
 * lets the clock act on the domains ("settles" them), applies its
 * change and, if anything changed, replaces the file atomically.
 *
 * The state file, STATE_DIR/host, is a magic line and then one line
 * per record, fields as key=value separated by single spaces:
 *
 *	xlsh-sim 1
 *	host boot_ms=N next_domid=N
 *	dom domid=0 name=Domain-0 uuid=... type=pv mem_kb=N ...
 *	dom domid=3 name=web ...
 *
 * Domains are listed in domid order, Domain-0 first.  A file that does
 * not read back exactly so is never overwritten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "proto.h"
#include "xlsh.h"

#define SIM_MAGIC		"xlsh-sim"
#define SIM_VERSION		1
#define SIM_FILE_MAX		(1024 * 1024)
#define SIM_GUESTS_MAX		1000
#define SIM_DOMID_LIMIT		0x7ff0		/* Xen's first reserved id */
#define SIM_TIME_MAX		100000000000000ULL	/* ms, year 5138 */

#define SIM_CPUS		4
#define SIM_TOTAL_KB		(16384ULL * 1024)
#define SIM_DOM0_KB		(2048ULL * 1024)
#define SIM_DOM0_VCPUS		4
#define SIM_OVERHEAD_KB		(64ULL * 1024)	/* per guest */
#define SIM_MIN_KB		(16ULL * 1024)
#define SIM_MAX_KB		(1024ULL * 1024 * 1024)	/* 1 TiB */

/* Cpu time: ns of cpu per ms of wall-clock time (per vcpu for guests). */
#define SIM_BOOT_MS		5000
#define SIM_BOOT_NS_PER_MS	900000ULL	/* 0.9 s/s while booting */
#define SIM_IDLE_NS_PER_MS	10000ULL	/* 0.01 s/s afterwards */
#define SIM_DOM0_NS_PER_MS	50000ULL	/* 5% of one cpu in all */
#define SIM_SHUTDOWN_MS		1500		/* a guest's answer time */

enum pend { PEND_NONE, PEND_SHUTDOWN, PEND_REBOOT };

/* Every number is a uint64_t so that one field table reads them all. */
struct simdom {
	uint64_t	domid;
	char		name[XLSH_NAME_MAX + 1];
	uint8_t		uuid[16];
	uint64_t	type;		/* index into type_names */
	uint64_t	mem_kb;		/* current memory */
	uint64_t	maxmem_kb;
	uint64_t	vcpus;		/* online */
	uint64_t	maxvcpus;
	uint64_t	on_poweroff;	/* enum dom_action */
	uint64_t	on_reboot;
	uint64_t	on_crash;
	uint64_t	created_ms;	/* first creation, kept over restarts */
	uint64_t	start_ms;	/* this incarnation */
	uint64_t	paused;
	uint64_t	shutdown;
	uint64_t	reason;		/* SHUTDOWN_*, if shutdown */
	uint64_t	pending;	/* enum pend: a request not yet done */
	uint64_t	pending_left_ms; /* unpaused time until it is */
	uint64_t	cpu_ns;		/* accumulated up to settled_ms */
	uint64_t	settled_ms;
};

struct simhost {
	uint64_t	 boot_ms;
	uint64_t	 next_domid;
	struct simdom	*doms;
	size_t		 ndoms;
	uint64_t	 now;
	int		 changed;
	int		 lockfd;
};

struct sim {
	char	*dir;
	char	*path;		/* dir/host */
	char	*tmp;		/* dir/host.tmp */
	char	*lock;		/* dir/lock */
};

enum fkind { F_NUM, F_NAME, F_UUID, F_ENUM, F_ACTION };

struct field {
	const char		*key;
	enum fkind		 kind;
	size_t			 off;
	uint64_t		 min, max;
	const char *const	*names;
};

static const char *const type_names[] = { "pv", "pvh", "hvm", NULL };
static const char *const pend_names[] = { "none", "shutdown", "reboot",
	NULL };

#define HF(k, min, max) { #k, F_NUM, offsetof(struct simhost, k), min, max, \
	NULL }
static const struct field host_fields[] = {
	HF(boot_ms,		0, SIM_TIME_MAX),
	HF(next_domid,		1, SIM_DOMID_LIMIT),
	{ NULL, F_NUM, 0, 0, 0, NULL }
};

#define DF(k, kind, min, max, names) { #k, kind, \
	offsetof(struct simdom, k), min, max, names }
static const struct field dom_fields[] = {
	DF(domid,		F_NUM, 0, SIM_DOMID_LIMIT - 1, NULL),
	DF(name,		F_NAME, 0, 0, NULL),
	DF(uuid,		F_UUID, 0, 0, NULL),
	DF(type,		F_ENUM, 0, 0, type_names),
	DF(mem_kb,		F_NUM, SIM_MIN_KB, SIM_MAX_KB, NULL),
	DF(maxmem_kb,		F_NUM, SIM_MIN_KB, SIM_MAX_KB, NULL),
	DF(vcpus,		F_NUM, 1, XLSH_VCPUS_MAX, NULL),
	DF(maxvcpus,		F_NUM, 1, XLSH_VCPUS_MAX, NULL),
	DF(on_poweroff,		F_ACTION, 0, 0, NULL),
	DF(on_reboot,		F_ACTION, 0, 0, NULL),
	DF(on_crash,		F_ACTION, 0, 0, NULL),
	DF(created_ms,		F_NUM, 0, SIM_TIME_MAX, NULL),
	DF(start_ms,		F_NUM, 0, SIM_TIME_MAX, NULL),
	DF(paused,		F_NUM, 0, 1, NULL),
	DF(shutdown,		F_NUM, 0, 1, NULL),
	DF(reason,		F_NUM, 0, SHUTDOWN_SOFT_RESET, NULL),
	DF(pending,		F_ENUM, 0, 0, pend_names),
	DF(pending_left_ms,	F_NUM, 0, SIM_SHUTDOWN_MS, NULL),
	DF(cpu_ns,		F_NUM, 0, UINT64_MAX, NULL),
	DF(settled_ms,		F_NUM, 0, SIM_TIME_MAX, NULL),
	{ NULL, F_NUM, 0, 0, 0, NULL }
};

static int	 sim_open(struct backend *, const struct backend_args *,
		    struct xerr *);
static void	 sim_close(struct backend *);
static int	 sim_domains(struct backend *, struct dominfo **, size_t *,
		    struct xerr *);
static int	 sim_host(struct backend *, struct hostinfo *, struct xerr *);
static int	 sim_vcpus(struct backend *, uint32_t, struct vcpuinfo **,
		    size_t *, uint32_t *, struct xerr *);
static int	 sim_create(struct backend *, const struct domcfg *,
		    uint32_t *, struct xerr *);
static int	 sim_shutdown(struct backend *, uint32_t, int, struct xerr *);
static int	 sim_destroy(struct backend *, uint32_t, struct xerr *);
static int	 sim_pause(struct backend *, uint32_t, int, struct xerr *);
static int	 sim_rename(struct backend *, uint32_t, const char *,
		    struct xerr *);
static int	 sim_mem_set(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
static int	 sim_config(struct backend *, uint32_t, struct domcfg *,
		    struct xerr *);
static int	 sim_console(struct backend *, uint32_t, int *, struct xerr *);
static int	 sim_list_long(struct backend *, const struct dominfo *,
		    size_t, char **, struct xerr *);
static int	 sim_vcpu_set(struct backend *, uint32_t, uint32_t,
		    struct xerr *);

static int	 begin(struct backend *, struct simhost *, struct xerr *);
static int	 finish(struct backend *, struct simhost *, int,
		    struct xerr *);
static struct simdom *begin_dom(struct backend *, struct simhost *,
		    uint32_t, struct xerr *);
static void	 new_host(struct simhost *);
static int	 load_host(struct sim *, struct simhost *, struct xerr *);
static int	 parse_host(struct sim *, struct simhost *, char *, size_t,
		    struct xerr *);
static int	 parse_fields(struct sim *, const struct field *, void *,
		    char *, int, struct xerr *);
static int	 check_dom(struct sim *, struct simhost *,
		    const struct simdom *, int, struct xerr *);
static void	 corrupt(struct sim *, int, struct xerr *, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static void	 format_fields(FILE *, const struct field *, const void *);
static int	 save_host(struct sim *, struct simhost *, struct xerr *);
static uint64_t	*numfield(void *, const struct field *);
static int	 parse_u64(const char *, uint64_t *);
static int	 parse_uuid(const char *, uint8_t *);
static void	 settle(struct simhost *);
static int	 settle_dom(struct simhost *, size_t);
static int	 take_effect(struct simhost *, size_t, uint64_t);
static uint64_t	 cpu_used(const struct simdom *, uint64_t, uint64_t);
static uint64_t	 free_kb(const struct simhost *);
static uint32_t	 dom_flags(const struct simhost *, const struct simdom *);
static struct simdom *find_dom(struct simhost *, uint32_t, struct xerr *);
static struct simdom *find_name(struct simhost *, const char *);
static void	 append_dom(struct simhost *, const struct simdom *);
static void	 remove_dom(struct simhost *, size_t);

const struct backend backend_sim = {
	.name =		"sim",
	.priv =		NULL,
	.open =		sim_open,
	.close =	sim_close,
	.domains =	sim_domains,
	.host =		sim_host,
	.vcpus =	sim_vcpus,
	.create =	sim_create,
	.shutdown =	sim_shutdown,
	.destroy =	sim_destroy,
	.pause =	sim_pause,
	.rename =	sim_rename,
	.mem_set =	sim_mem_set,
	.vcpu_set =	sim_vcpu_set,
	.console =	sim_console,
	.list_long =	sim_list_long
};

/* Lock, load and settle the host: every operation starts here. */
static int
begin(struct backend *b, struct simhost *h, struct xerr *e)
{
	struct sim	*s = b->priv;

	memset(h, 0, sizeof(*h));
	h->lockfd = -1;
	if (s == NULL)
		fatalx("sim backend used before open");
	if ((h->lockfd = open(s->lock, O_RDWR | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1) {
		xerr_set(e, XE_STATE, "%s: %s", s->lock, strerror(errno));
		return -1;
	}
	while (flock(h->lockfd, LOCK_EX) == -1) {
		if (errno != EINTR) {
			xerr_set(e, XE_STATE, "%s: lock: %s", s->lock,
			    strerror(errno));
			close(h->lockfd);
			return -1;
		}
	}
	h->now = now_ms();
	if (load_host(s, h, e) == -1) {
		free(h->doms);
		close(h->lockfd);
		return -1;
	}
	settle(h);
	return 0;
}

/* Save what changed, unlock.  Returns rv, or -1 if saving failed. */
static int
finish(struct backend *b, struct simhost *h, int rv, struct xerr *e)
{
	struct xerr	 se;

	if (h->changed && save_host(b->priv, h, &se) == -1 && rv == 0) {
		if (e != NULL)
			*e = se;
		rv = -1;
	}
	free(h->doms);
	h->doms = NULL;
	close(h->lockfd);
	return rv;
}

/* begin(), and find the domain; on failure all is undone. */
static struct simdom *
begin_dom(struct backend *b, struct simhost *h, uint32_t domid,
    struct xerr *e)
{
	struct simdom	*d;

	if (begin(b, h, e) == -1)
		return NULL;
	if ((d = find_dom(h, domid, e)) == NULL)
		finish(b, h, -1, e);
	return d;
}

static void
new_host(struct simhost *h)
{
	struct simdom	d;

	h->boot_ms = h->now;
	h->next_domid = 1;
	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "Domain-0");
	d.type = 0;
	d.mem_kb = d.maxmem_kb = SIM_DOM0_KB;
	d.vcpus = d.maxvcpus = SIM_DOM0_VCPUS;
	d.on_poweroff = ACT_DESTROY;
	d.on_reboot = ACT_RESTART;
	d.on_crash = ACT_DESTROY;
	d.created_ms = d.start_ms = d.settled_ms = h->now;
	append_dom(h, &d);
	h->changed = 1;
}

static void
corrupt(struct sim *s, int line, struct xerr *e, const char *fmt, ...)
{
	va_list	ap;
	char	what[192];

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	xerr_set(e, XE_STATE, "%s:%d: %s; the file was left as it is",
	    s->path, line, what);
}

static int
load_host(struct sim *s, struct simhost *h, struct xerr *e)
{
	struct stat	 st;
	FILE		*f;
	char		*buf;
	size_t		 len;
	int		 fd, rv = -1;

	if ((fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno != ENOENT) {
			xerr_set(e, XE_STATE, "%s: %s", s->path,
			    strerror(errno));
			return -1;
		}
		new_host(h);
		return 0;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > SIM_FILE_MAX) {
		corrupt(s, 1, e, "not a regular file of at most %d bytes",
		    SIM_FILE_MAX);
		close(fd);
		return -1;
	}
	/* Writers only ever rename a new file over it: the size holds. */
	if ((f = fdopen(fd, "r")) == NULL)
		fatal("fdopen");
	buf = xmalloc((size_t)st.st_size + 1);
	len = fread(buf, 1, (size_t)st.st_size, f);
	if (len != (size_t)st.st_size)
		xerr_set(e, XE_STATE, "%s: short read", s->path);
	else
		rv = parse_host(s, h, buf, len, e);
	fclose(f);
	free(buf);
	return rv;
}

static int
parse_host(struct sim *s, struct simhost *h, char *buf, size_t len,
    struct xerr *e)
{
	char		*p = buf, *nl, show[32];
	struct simdom	 d;
	uint64_t	 v;
	int		 line = 0;

	while (p < buf + len) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(buf + len - p))) == NULL) {
			corrupt(s, line, e, "the last line is incomplete");
			return -1;
		}
		*nl = '\0';
		if (strlen(p) != (size_t)(nl - p)) {
			corrupt(s, line, e, "the line holds a NUL byte");
			return -1;
		}
		if (line == 1) {
			if (strncmp(p, SIM_MAGIC " ", sizeof(SIM_MAGIC)) != 0) {
				corrupt(s, line, e, "not a simulated host "
				    "(the first line is not \"%s %d\")",
				    SIM_MAGIC, SIM_VERSION);
				return -1;
			}
			p += sizeof(SIM_MAGIC);
			if (parse_u64(p, &v) == -1 || v != SIM_VERSION) {
				strvis_name(show, sizeof(show), p);
				corrupt(s, line, e, "unknown version \"%s\" "
				    "(this xlshd reads %d)", show,
				    SIM_VERSION);
				return -1;
			}
		} else if (line == 2) {
			if (strncmp(p, "host ", 5) != 0) {
				corrupt(s, line, e, "expected the host line");
				return -1;
			}
			if (parse_fields(s, host_fields, h, p + 5, line,
			    e) == -1)
				return -1;
		} else {
			if (strncmp(p, "dom ", 4) != 0) {
				corrupt(s, line, e, "expected a dom line");
				return -1;
			}
			memset(&d, 0, sizeof(d));
			if (parse_fields(s, dom_fields, &d, p + 4, line,
			    e) == -1 || check_dom(s, h, &d, line, e) == -1)
				return -1;
			append_dom(h, &d);
		}
		p = nl + 1;
	}
	if (line < 2) {
		corrupt(s, line + 1, e, "the file ends before the host line");
		return -1;
	}
	if (h->ndoms == 0) {
		corrupt(s, line + 1, e, "Domain-0 is missing");
		return -1;
	}
	return 0;
}

/* "key=value key=value ...": each key of the table exactly once. */
static int
parse_fields(struct sim *s, const struct field *tab, void *base, char *p,
    int line, struct xerr *e)
{
	const struct field	*f;
	char			*tok, *val, show[XLSH_NAME_MAX + 1];
	uint32_t		 seen = 0;
	uint64_t		 v = 0;
	size_t			 i;

	while ((tok = strsep(&p, " ")) != NULL) {
		if ((val = strchr(tok, '=')) == NULL) {
			strvis_name(show, sizeof(show), tok);
			corrupt(s, line, e, "\"%s\" is not key=value", show);
			return -1;
		}
		*val++ = '\0';
		strvis_name(show, sizeof(show), tok);
		for (f = tab, i = 0; f->key != NULL; f++, i++)
			if (strcmp(f->key, tok) == 0)
				break;
		if (f->key == NULL) {
			corrupt(s, line, e, "unknown field \"%s\"", show);
			return -1;
		}
		if (seen & (1U << i)) {
			corrupt(s, line, e, "%s is given twice", f->key);
			return -1;
		}
		seen |= 1U << i;
		strvis_name(show, sizeof(show), val);
		switch (f->kind) {
		case F_NUM:
			if (parse_u64(val, &v) == -1 || v < f->min ||
			    v > f->max)
				goto bad;
			*numfield(base, f) = v;
			break;
		case F_NAME:
			if (!valid_domain_name(val) &&
			    strcmp(val, "Domain-0") != 0)
				goto bad;
			snprintf((char *)base + f->off, XLSH_NAME_MAX + 1,
			    "%s", val);
			break;
		case F_UUID:
			if (parse_uuid(val, (uint8_t *)base + f->off) == -1)
				goto bad;
			break;
		case F_ENUM:
			for (v = 0; f->names[v] != NULL; v++)
				if (strcmp(f->names[v], val) == 0)
					break;
			if (f->names[v] == NULL)
				goto bad;
			*numfield(base, f) = v;
			break;
		case F_ACTION:
			for (v = 0; v <= ACT_SOFT_RESET; v++)
				if (strcmp(dom_action_name((enum dom_action)v),
				    val) == 0)
					break;
			if (v > ACT_SOFT_RESET)
				goto bad;
			*numfield(base, f) = v;
			break;
		}
	}
	for (f = tab, i = 0; f->key != NULL; f++, i++) {
		if (!(seen & (1U << i))) {
			corrupt(s, line, e, "%s is missing", f->key);
			return -1;
		}
	}
	return 0;
bad:
	corrupt(s, line, e, "bad value %s=\"%s\"", f->key, show);
	return -1;
}

/* What one line cannot tell: order, uniqueness, consistency. */
static int
check_dom(struct sim *s, struct simhost *h, const struct simdom *d,
    int line, struct xerr *e)
{
	uint64_t	used = SIM_TOTAL_KB - free_kb(h);

	if (h->ndoms == 0 && (d->domid != 0 ||
	    strcmp(d->name, "Domain-0") != 0 || d->paused || d->shutdown ||
	    d->pending != PEND_NONE))
		corrupt(s, line, e, "the first domain is not a running "
		    "Domain-0");
	else if (h->ndoms > 0 && (d->domid <= h->doms[h->ndoms - 1].domid ||
	    d->domid >= h->next_domid))
		corrupt(s, line, e, "domid %llu is out of order or not below "
		    "next_domid", (unsigned long long)d->domid);
	else if (h->ndoms > 0 && !valid_domain_name(d->name))
		corrupt(s, line, e, "a guest cannot be named %s", d->name);
	else if (find_name(h, d->name) != NULL)
		corrupt(s, line, e, "the name %s is used twice", d->name);
	else if (h->ndoms > SIM_GUESTS_MAX)
		corrupt(s, line, e, "more than %d guests", SIM_GUESTS_MAX);
	else if (d->mem_kb > d->maxmem_kb || d->vcpus > d->maxvcpus)
		corrupt(s, line, e, "more memory or vcpus than the maximum");
	else if (used + d->mem_kb + (h->ndoms > 0 ? SIM_OVERHEAD_KB : 0) >
	    SIM_TOTAL_KB)
		corrupt(s, line, e, "the domains use more than the host's "
		    "memory");
	else if (d->start_ms < d->created_ms || d->settled_ms < d->start_ms)
		corrupt(s, line, e, "the times are out of order");
	else if ((d->pending == PEND_NONE) != (d->pending_left_ms == 0) ||
	    (d->shutdown && d->pending != PEND_NONE))
		corrupt(s, line, e, "the pending request is inconsistent");
	else
		return 0;
	return -1;
}

static void
format_fields(FILE *f, const struct field *tab, const void *base)
{
	const struct field	*fl;
	const uint8_t		*u;
	uint64_t		 v = 0;

	for (fl = tab; fl->key != NULL; fl++) {
		fprintf(f, " %s=", fl->key);
		if (fl->kind == F_NUM || fl->kind == F_ENUM ||
		    fl->kind == F_ACTION)
			v = *numfield((void *)(uintptr_t)base, fl);
		switch (fl->kind) {
		case F_NUM:
			fprintf(f, "%llu", (unsigned long long)v);
			break;
		case F_NAME:
			fputs((const char *)base + fl->off, f);
			break;
		case F_UUID:
			u = (const uint8_t *)base + fl->off;
			fprintf(f, "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
			    "%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
			    u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
			    u[10], u[11], u[12], u[13], u[14], u[15]);
			break;
		case F_ENUM:
			fputs(fl->names[v], f);
			break;
		case F_ACTION:
			fputs(dom_action_name((enum dom_action)v), f);
			break;
		}
	}
	fputc('\n', f);
}

/* host.tmp, fsync, rename over host, fsync the directory. */
static int
save_host(struct sim *s, struct simhost *h, struct xerr *e)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, i;
	int	 fd, dfd;

	if ((f = open_memstream(&buf, &len)) == NULL)
		fatal("open_memstream");
	fprintf(f, "%s %d\nhost", SIM_MAGIC, SIM_VERSION);
	format_fields(f, host_fields, h);
	for (i = 0; i < h->ndoms; i++) {
		fputs("dom", f);
		format_fields(f, dom_fields, &h->doms[i]);
	}
	if (fclose(f) != 0)
		fatal("open_memstream");

	if ((fd = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600)) == -1)
		goto fail;
	if (full_write(fd, buf, len) == -1 || fsync(fd) == -1) {
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(s->tmp, s->path) == -1)
		goto fail;
	free(buf);
	if ((dfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(dfd) == -1) {
		xerr_set(e, XE_STATE, "%s: fsync: %s", s->dir,
		    strerror(errno));
		if (dfd != -1)
			close(dfd);
		return -1;
	}
	close(dfd);
	h->changed = 0;
	return 0;
fail:
	xerr_set(e, XE_STATE, "%s: %s", s->tmp, strerror(errno));
	free(buf);
	return -1;
}

/* The uint64_t a numeric field of the table is kept in. */
static uint64_t *
numfield(void *base, const struct field *f)
{
	return (uint64_t *)(void *)((char *)base + f->off);
}

static int
parse_u64(const char *s, uint64_t *out)
{
	uint64_t	v = 0;

	if (*s == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' ||
		    v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* Lower-case xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, as written. */
static int
parse_uuid(const char *s, uint8_t *out)
{
	const char	*hex = "0123456789abcdef", *hi, *lo;
	int		 i = 0, n = 0;

	if (strlen(s) != 36)
		return -1;
	while (i < 36) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i++] != '-')
				return -1;
			continue;
		}
		if ((hi = strchr(hex, s[i])) == NULL ||
		    (lo = strchr(hex, s[i + 1])) == NULL)
			return -1;
		out[n++] = (uint8_t)((hi - hex) << 4 | (lo - hex));
		i += 2;
	}
	return 0;
}

/*
 * Let the time since the last settlement act on every domain.  Domains
 * removed or re-created are taken out of the array; a re-created one is
 * appended and settled from its new start when the loop reaches it.
 */
static void
settle(struct simhost *h)
{
	size_t	i = 0;

	while (i < h->ndoms)
		if (settle_dom(h, i) == 0)
			i++;
}

/* Returns 1 if domain i left its place in the array. */
static int
settle_dom(struct simhost *h, size_t i)
{
	struct simdom	*d = &h->doms[i];
	uint64_t	 t = d->settled_ms, stop = h->now, used;
	int		 fire = 0;

	if (h->now <= t)
		return 0;	/* nothing passed, or the clock went back */
	if (d->paused || d->shutdown) {
		d->settled_ms = h->now;
		return 0;
	}
	if (d->pending != PEND_NONE) {
		if (h->now - t >= d->pending_left_ms) {
			stop = t + d->pending_left_ms;
			fire = 1;
		} else
			d->pending_left_ms -= h->now - t;
	}
	used = cpu_used(d, t, stop);
	d->cpu_ns = d->cpu_ns > UINT64_MAX - used ? UINT64_MAX :
	    d->cpu_ns + used;
	d->settled_ms = stop;
	return fire ? take_effect(h, i, stop) : 0;
}

/* A shutdown or reboot request completes at time at. */
static int
take_effect(struct simhost *h, size_t i, uint64_t at)
{
	struct simdom	*d = &h->doms[i], nd;
	uint64_t	 act;

	act = d->pending == PEND_SHUTDOWN ? d->on_poweroff : d->on_reboot;
	d->reason = d->pending == PEND_SHUTDOWN ? SHUTDOWN_POWEROFF :
	    SHUTDOWN_REBOOT;
	d->pending = PEND_NONE;
	d->pending_left_ms = 0;
	h->changed = 1;
	switch (act) {
	case ACT_PRESERVE:
		d->shutdown = 1;
		return 0;
	case ACT_RESTART:
	case ACT_RENAME_RESTART:
	case ACT_COREDUMP_RESTART:
	case ACT_SOFT_RESET:
		if (h->next_domid >= SIM_DOMID_LIMIT)
			break;		/* no ids left: it stays down */
		nd = *d;
		nd.domid = h->next_domid++;
		nd.start_ms = nd.settled_ms = at;
		nd.cpu_ns = 0;
		nd.reason = 0;
		remove_dom(h, i);
		append_dom(h, &nd);
		return 1;
	default:
		break;
	}
	remove_dom(h, i);
	return 1;
}

/* Cpu time used in [a, b), a >= start_ms. */
static uint64_t
cpu_used(const struct simdom *d, uint64_t a, uint64_t b)
{
	uint64_t	boot_end = d->start_ms + SIM_BOOT_MS, busy = 0;

	if (d->domid == 0)
		return (b - a) * SIM_DOM0_NS_PER_MS;
	if (a < boot_end)
		busy = (b < boot_end ? b : boot_end) - a;
	return d->vcpus * (busy * SIM_BOOT_NS_PER_MS +
	    (b - a - busy) * SIM_IDLE_NS_PER_MS);
}

/*
 * Free memory: the total less every domain's current memory (Domain-0
 * included) and a fixed 64 MiB per guest for Xen's own structures.
 * Shut-down domains kept by on_*=preserve still hold theirs.
 */
static uint64_t
free_kb(const struct simhost *h)
{
	uint64_t	used = 0;
	size_t		i;

	for (i = 0; i < h->ndoms; i++)
		used += h->doms[i].mem_kb +
		    (h->doms[i].domid != 0 ? SIM_OVERHEAD_KB : 0);
	return used >= SIM_TOTAL_KB ? 0 : SIM_TOTAL_KB - used;
}

static uint32_t
dom_flags(const struct simhost *h, const struct simdom *d)
{
	if (d->shutdown)
		return DI_SHUTDOWN | (d->paused ? DI_PAUSED : 0);
	if (d->paused)
		return DI_PAUSED;
	if (d->domid == 0 || h->now < d->start_ms + SIM_BOOT_MS)
		return DI_RUNNING;
	return DI_BLOCKED;
}

static struct simdom *
find_dom(struct simhost *h, uint32_t domid, struct xerr *e)
{
	size_t	i;

	for (i = 0; i < h->ndoms; i++)
		if (h->doms[i].domid == domid)
			return &h->doms[i];
	xerr_set(e, XE_NOTFOUND, "Domain %u does not exist.", domid);
	return NULL;
}

static struct simdom *
find_name(struct simhost *h, const char *name)
{
	size_t	i;

	for (i = 0; i < h->ndoms; i++)
		if (strcmp(h->doms[i].name, name) == 0)
			return &h->doms[i];
	return NULL;
}

static void
append_dom(struct simhost *h, const struct simdom *d)
{
	h->doms = xreallocarray(h->doms, h->ndoms + 1, sizeof(*h->doms));
	h->doms[h->ndoms++] = *d;
}

static void
remove_dom(struct simhost *h, size_t i)
{
	memmove(&h->doms[i], &h->doms[i + 1],
	    (h->ndoms - i - 1) * sizeof(*h->doms));
	h->ndoms--;
}

static int
sim_open(struct backend *b, const struct backend_args *args,
    struct xerr *e)
{
	struct sim	*s;
	struct simhost	 h;
	struct stat	 st;

	if (args == NULL || args->state_dir == NULL) {
		xerr_set(e, XE_STATE, "the sim backend needs a state "
		    "directory");
		return -1;
	}
	if (stat(args->state_dir, &st) == -1) {
		xerr_set(e, XE_STATE, "%s: %s", args->state_dir,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		xerr_set(e, XE_STATE, "%s: not a directory", args->state_dir);
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	s->dir = xstrdup(args->state_dir);
	xasprintf(&s->path, "%s/host", s->dir);
	xasprintf(&s->tmp, "%s/host.tmp", s->dir);
	xasprintf(&s->lock, "%s/lock", s->dir);
	b->priv = s;
	if (begin(b, &h, e) == -1 || finish(b, &h, 0, e) == -1) {
		sim_close(b);
		return -1;
	}
	return 0;
}

static void
sim_close(struct backend *b)
{
	struct sim	*s = b->priv;

	if (s == NULL)
		return;
	free(s->dir);
	free(s->path);
	free(s->tmp);
	free(s->lock);
	free(s);
	b->priv = NULL;
}

static int
sim_domains(struct backend *b, struct dominfo **out, size_t *np,
    struct xerr *e)
{
	struct simhost	 h;
	struct dominfo	*di;
	struct simdom	*d;
	size_t		 i, n;

	if (begin(b, &h, e) == -1)
		return -1;
	di = xcalloc(h.ndoms, sizeof(*di));
	for (i = 0; i < h.ndoms; i++) {
		d = &h.doms[i];
		di[i].domid = (uint32_t)d->domid;
		snprintf(di[i].name, sizeof(di[i].name), "%s", d->name);
		memcpy(di[i].uuid, d->uuid, sizeof(di[i].uuid));
		di[i].flags = dom_flags(&h, d);
		di[i].shutdown_reason = d->shutdown ? (uint32_t)d->reason : 0;
		di[i].current_memkb = d->mem_kb;
		di[i].max_memkb = d->maxmem_kb;
		di[i].vcpu_online = (uint32_t)d->vcpus;
		di[i].vcpu_max = (uint32_t)d->maxvcpus;
		di[i].cpu_time_ns = d->cpu_ns;
		di[i].start_time = d->start_ms / 1000;
	}
	n = h.ndoms;
	if (finish(b, &h, 0, e) == -1) {
		free(di);
		return -1;
	}
	*out = di;
	*np = n;
	return 0;
}

static int
sim_host(struct backend *b, struct hostinfo *hi, struct xerr *e)
{
	static const uint32_t	 caps[8] = { 0xbfebfbff, 0x77fafbff,
	    0x2c100800, 0x00000121, 0x0000000f, 0x009c6fbf, 0x00000000,
	    0x00000000 };
	struct simhost		 h;

	if (begin(b, &h, e) == -1)
		return -1;
	memset(hi, 0, sizeof(*hi));
	snprintf(hi->host, sizeof(hi->host), "xlsh-sandbox");
	snprintf(hi->release, sizeof(hi->release), "6.1.0-28-amd64");
	snprintf(hi->version, sizeof(hi->version),
	    "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)");
	snprintf(hi->machine, sizeof(hi->machine), "x86_64");
	hi->nr_cpus = SIM_CPUS;
	hi->max_cpu_id = SIM_CPUS - 1;
	hi->nr_nodes = 1;
	hi->cores_per_socket = SIM_CPUS;
	hi->threads_per_core = 1;
	hi->cpu_khz = 2400000;
	memcpy(hi->hw_cap, caps, sizeof(hi->hw_cap));
	snprintf(hi->virt_caps, sizeof(hi->virt_caps),
	    " pv hvm hvm_directio pv_directio hap shadow");
	hi->total_mib = SIM_TOTAL_KB / 1024;
	hi->free_mib = free_kb(&h) / 1024;
	hi->free_cpus = 0;
	hi->xen_major = 4;
	hi->xen_minor = 17;
	snprintf(hi->xen_extra, sizeof(hi->xen_extra), ".7");
	snprintf(hi->xen_caps, sizeof(hi->xen_caps), "xen-3.0-x86_64 "
	    "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64");
	snprintf(hi->xen_scheduler, sizeof(hi->xen_scheduler), "credit2");
	hi->xen_pagesize = 4096;
	hi->virt_start = 0xffff800000000000ULL;
	/* xen_changeset stays empty, as in builds made outside git. */
	snprintf(hi->xen_commandline, sizeof(hi->xen_commandline),
	    "placeholder dom0_mem=2048M,max:2048M dom0_max_vcpus=4 "
	    "no-real-mode edd=off");
	snprintf(hi->cc_compiler, sizeof(hi->cc_compiler),
	    "x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0");
	snprintf(hi->cc_compile_by, sizeof(hi->cc_compile_by),
	    "pkg-xen-devel");
	snprintf(hi->cc_compile_domain, sizeof(hi->cc_compile_domain),
	    "lists.alioth.debian.org");
	snprintf(hi->cc_compile_date, sizeof(hi->cc_compile_date),
	    "Thu Jan 16 12:00:00 UTC 2025");
	snprintf(hi->build_id, sizeof(hi->build_id),
	    "5e3a9d0c71f24b8a9c06d2e81f4b7a3c6d90e215");
	hi->boot_time = h.boot_ms / 1000;
	return finish(b, &h, 0, e);
}

static int
sim_vcpus(struct backend *b, uint32_t domid, struct vcpuinfo **out,
    size_t *np, uint32_t *nr_cpus, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	struct vcpuinfo	*vi;
	uint32_t	 i, dflags;
	size_t		 n;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	dflags = dom_flags(&h, d);
	vi = xcalloc(d->maxvcpus, sizeof(*vi));
	for (i = 0; i < d->maxvcpus; i++) {
		vi[i].domid = domid;
		snprintf(vi[i].name, sizeof(vi[i].name), "%s", d->name);
		vi[i].vcpuid = i;
		snprintf(vi[i].hard, sizeof(vi[i].hard), "all");
		snprintf(vi[i].soft, sizeof(vi[i].soft), "all");
		/* A shut-down domain's vcpus are down, as in Xen. */
		if (i >= d->vcpus || d->shutdown)
			continue;
		vi[i].cpu = (domid + i) % SIM_CPUS;
		vi[i].flags = VI_ONLINE;
		if (dflags & DI_RUNNING)
			vi[i].flags |= VI_RUNNING;
		else if (dflags & DI_BLOCKED)
			vi[i].flags |= VI_BLOCKED;
		vi[i].time_ns = d->cpu_ns / d->vcpus;
	}
	n = d->maxvcpus;
	if (finish(b, &h, 0, e) == -1) {
		free(vi);
		return -1;
	}
	*out = vi;
	*np = n;
	*nr_cpus = SIM_CPUS;
	return 0;
}

static int
sim_create(struct backend *b, const struct domcfg *cfg, uint32_t *domidp,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	 d;
	uint64_t	 need, avail;
	size_t		 t;
	char		 name[XLSH_NAME_MAX + 1], show[XLSH_NAME_MAX + 1];
	int		 rv = -1;

	for (t = 0; type_names[t] != NULL; t++)
		if (strncmp(type_names[t], cfg->type, sizeof(cfg->type)) == 0)
			break;
	if (memchr(cfg->name, '\0', sizeof(cfg->name)) == NULL ||
	    !valid_domain_name(cfg->name)) {
		snprintf(name, sizeof(name), "%.*s", XLSH_NAME_MAX, cfg->name);
		strvis_name(show, sizeof(show), name);
		xerr_set(e, XE_INVAL, "\"%s\" is not a valid domain name",
		    show);
		return -1;
	}
	if (cfg->memory_kb < SIM_MIN_KB) {
		xerr_set(e, XE_INVAL, "domain \"%s\": memory must be at least "
		    "%llu MiB", cfg->name, SIM_MIN_KB / 1024);
		return -1;
	}
	if (type_names[t] == NULL ||
	    cfg->maxmem_kb < cfg->memory_kb || cfg->maxmem_kb > SIM_MAX_KB ||
	    cfg->vcpus < 1 || cfg->maxvcpus < cfg->vcpus ||
	    cfg->maxvcpus > XLSH_VCPUS_MAX ||
	    (unsigned int)cfg->on_poweroff > ACT_SOFT_RESET ||
	    (unsigned int)cfg->on_reboot > ACT_SOFT_RESET ||
	    (unsigned int)cfg->on_crash > ACT_SOFT_RESET) {
		xerr_set(e, XE_INVAL, "domain \"%s\": invalid configuration "
		    "(type, memory, vcpus or on_* out of range)", cfg->name);
		return -1;
	}
	if (begin(b, &h, e) == -1)
		return -1;
	if (find_name(&h, cfg->name) != NULL) {
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", cfg->name);
		goto out;
	}
	if (h.ndoms > SIM_GUESTS_MAX || h.next_domid >= SIM_DOMID_LIMIT) {
		xerr_set(e, XE_FAIL, "the simulated host cannot hold more "
		    "domains");
		goto out;
	}
	need = cfg->memory_kb + SIM_OVERHEAD_KB;
	if (need > (avail = free_kb(&h))) {
		xerr_set(e, XE_NOMEM, "not enough free memory for domain "
		    "\"%s\": needs %llu MiB, %llu MiB free", cfg->name,
		    (unsigned long long)(need / 1024),
		    (unsigned long long)(avail / 1024));
		goto out;
	}
	memset(&d, 0, sizeof(d));
	d.domid = h.next_domid++;
	snprintf(d.name, sizeof(d.name), "%s", cfg->name);
	if (cfg->has_uuid)
		memcpy(d.uuid, cfg->uuid, sizeof(d.uuid));
	else {
		if (getrandom(d.uuid, sizeof(d.uuid), 0) !=
		    (ssize_t)sizeof(d.uuid))
			fatal("getrandom");
		d.uuid[6] = (d.uuid[6] & 0x0f) | 0x40;	/* version 4 */
		d.uuid[8] = (d.uuid[8] & 0x3f) | 0x80;
	}
	d.type = t;
	d.mem_kb = cfg->memory_kb;
	d.maxmem_kb = cfg->maxmem_kb;
	d.vcpus = cfg->vcpus;
	d.maxvcpus = cfg->maxvcpus;
	d.on_poweroff = cfg->on_poweroff;
	d.on_reboot = cfg->on_reboot;
	d.on_crash = cfg->on_crash;
	d.created_ms = d.start_ms = d.settled_ms = h.now;
	append_dom(&h, &d);
	h.changed = 1;
	*domidp = (uint32_t)d.domid;
	rv = 0;
out:
	return finish(b, &h, rv, e);
}

static int
sim_shutdown(struct backend *b, uint32_t domid, int reboot, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be shut down this way");
		return -1;
	}
	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (d->shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u is already shut down", domid);
		return finish(b, &h, -1, e);
	}
	/* A second request changes what is asked, not when it is done. */
	if (d->pending == PEND_NONE)
		d->pending_left_ms = SIM_SHUTDOWN_MS;
	d->pending = reboot ? PEND_REBOOT : PEND_SHUTDOWN;
	h.changed = 1;
	return finish(b, &h, 0, e);
}

static int
sim_destroy(struct backend *b, uint32_t domid, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be destroyed");
		return -1;
	}
	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	remove_dom(&h, (size_t)(d - h.doms));
	h.changed = 1;
	return finish(b, &h, 0, e);
}

static int
sim_pause(struct backend *b, uint32_t domid, int pause, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be %s",
		    pause ? "paused" : "unpaused");
		return -1;
	}
	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	/* Already (un)paused is fine, as with libxl. */
	if (d->paused != (pause != 0)) {
		d->paused = pause != 0;
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

static int
sim_rename(struct backend *b, uint32_t domid, const char *name,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d, *other;
	char		 show[XLSH_NAME_MAX + 1];

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be renamed");
		return -1;
	}
	if (!valid_domain_name(name)) {
		strvis_name(show, sizeof(show), name);
		xerr_set(e, XE_INVAL, "\"%s\" is not a valid domain name",
		    show);
		return -1;
	}
	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if ((other = find_name(&h, name)) != NULL && other != d) {
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", name);
		return finish(b, &h, -1, e);
	}
	if (other == NULL) {
		snprintf(d->name, sizeof(d->name), "%s", name);
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

static int
sim_mem_set(struct backend *b, uint32_t domid, uint64_t kb, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	uint64_t	 avail;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (kb > d->maxmem_kb) {
		xerr_set(e, XE_INVAL, "memory_dynamic_max must be less than "
		    "or equal to memory_static_max");
		return finish(b, &h, -1, e);
	}
	if (kb < SIM_MIN_KB) {
		xerr_set(e, XE_INVAL, "a memory target of %llu KiB is below "
		    "the minimum of %llu MiB", (unsigned long long)kb,
		    SIM_MIN_KB / 1024);
		return finish(b, &h, -1, e);
	}
	if (kb > d->mem_kb && kb - d->mem_kb > (avail = free_kb(&h))) {
		xerr_set(e, XE_NOMEM, "not enough free memory to give domain "
		    "\"%s\" %llu MiB: needs %llu MiB more, %llu MiB free",
		    d->name, (unsigned long long)(kb / 1024),
		    (unsigned long long)((kb - d->mem_kb + 1023) / 1024),
		    (unsigned long long)(avail / 1024));
		return finish(b, &h, -1, e);
	}
	if (d->mem_kb != kb) {
		d->mem_kb = kb;
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

static int
sim_vcpu_set(struct backend *b, uint32_t domid, uint32_t n, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (n == 0 || n > d->maxvcpus) {
		if (n == 0)
			xerr_set(e, XE_INVAL, "a domain needs at least one "
			    "vcpu");
		else
			xerr_set(e, XE_INVAL, "Requested %u VCPUs, however "
			    "maxcpus is %llu!", n,
			    (unsigned long long)d->maxvcpus);
		return finish(b, &h, -1, e);
	}
	if (d->vcpus != n) {
		d->vcpus = n;
		h.changed = 1;
	}
	return finish(b, &h, 0, e);
}

static int
sim_config(struct backend *b, uint32_t domid, struct domcfg *cfg,
    struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->name, sizeof(cfg->name), "%s", d->name);
	snprintf(cfg->type, sizeof(cfg->type), "%s", type_names[d->type]);
	cfg->memory_kb = d->mem_kb;
	cfg->maxmem_kb = d->maxmem_kb;
	cfg->vcpus = (uint32_t)d->vcpus;
	cfg->maxvcpus = (uint32_t)d->maxvcpus;
	cfg->on_poweroff = (enum dom_action)d->on_poweroff;
	cfg->on_reboot = (enum dom_action)d->on_reboot;
	cfg->on_crash = (enum dom_action)d->on_crash;
	cfg->has_uuid = 1;
	memcpy(cfg->uuid, d->uuid, sizeof(cfg->uuid));
	return finish(b, &h, 0, e);
}

static int
sim_list_long(struct backend *b, const struct dominfo *d, size_t n,
    char **json, struct xerr *e)
{
	struct domcfg		 *cfg;
	const struct domcfg	**cp;
	size_t			  i;
	int			  rv = -1;

	cfg = xcalloc(n, sizeof(*cfg));
	cp = xcalloc(n, sizeof(*cp));
	for (i = 0; i < n; i++) {
		if (d[i].domid == 0)
			continue;
		if (sim_config(b, d[i].domid, &cfg[i], e) == -1) {
			if (e->code == XE_NOTFOUND)
				continue;	/* gone since the listing */
			goto out;
		}
		cp[i] = &cfg[i];
	}
	rv = domjson_list(d, cp, n, json, e);
out:
	free(cp);
	free(cfg);
	return rv;
}

/* A running guest's console; one that has shut down has none. */
static int
sim_console(struct backend *b, uint32_t domid, int *fd, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	char		 name[XLSH_NAME_MAX + 1];

	if ((d = begin_dom(b, &h, domid, e)) == NULL)
		return -1;
	if (d->shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u has shut down: it has no "
		    "console", domid);
		return finish(b, &h, -1, e);
	}
	snprintf(name, sizeof(name), "%s", d->name);
	if (finish(b, &h, 0, e) == -1)
		return -1;
	return sim_console_open(name, fd, e);
}
