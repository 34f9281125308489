/*
 * The simulated host in memory and in its state file, STATE_DIR/host:
 * a magic line and then one line per record, fields as key=value
 * separated by single spaces:
 *
 *	xlsh-sim 1
 *	host boot_ms=N next_domid=N cpus=N memory_mib=N
 *	dom domid=0 name=Domain-0 uuid=... type=pv mem_kb=N ...
 *	dom domid=3 name=web ...
 *
 * Domains are listed in domid order, Domain-0 first.  cpus and
 * memory_mib, the host's size, may be left out (files written before
 * they existed): a host of 4 cpus and 16 GiB.  An administrator may
 * change them while no xlshd runs; a file that does not read back
 * exactly so, or whose domains do not fit the host, is never
 * overwritten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

#define SIM_MAGIC		"xlsh-sim"
#define SIM_VERSION		1
#define SIM_FILE_MAX		(16 * 1024 * 1024)

enum fkind { F_NUM, F_NAME, F_UUID, F_ENUM, F_ACTION };

struct field {
	const char		*key;
	enum fkind		 kind;
	size_t			 off;
	uint64_t		 min, max;
	const char *const	*names;
	int			 optional;	/* then def if left out */
	uint64_t		 def;
};

const char *const sim_type_names[] = { "pv", "pvh", "hvm", NULL };
static const char *const pend_names[] = { "none", "shutdown", "reboot",
	NULL };

#define HF(k, min, max, opt, def) { #k, F_NUM, \
	offsetof(struct simhost, k), min, max, NULL, opt, def }
static const struct field host_fields[] = {
	HF(boot_ms,	0, SIM_TIME_MAX, 0, 0),
	HF(next_domid,	1, SIM_DOMID_LIMIT, 0, 0),
	HF(cpus,	1, SIM_CPUS_MAX, 1, SIM_CPUS),
	HF(memory_mib,	SIM_DOM0_KB / 1024, SIM_MEMORY_MIB_MAX, 1,
	    SIM_MEMORY_MIB),
	{ NULL, F_NUM, 0, 0, 0, NULL, 0, 0 }
};

#define DF(k, kind, min, max, names) { #k, kind, \
	offsetof(struct simdom, k), min, max, names, 0, 0 }
static const struct field dom_fields[] = {
	DF(domid,		F_NUM, 0, SIM_DOMID_LIMIT - 1, NULL),
	DF(name,		F_NAME, 0, 0, NULL),
	DF(uuid,		F_UUID, 0, 0, NULL),
	DF(type,		F_ENUM, 0, 0, sim_type_names),
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
	{ NULL, F_NUM, 0, 0, 0, NULL, 0, 0 }
};

static void	 new_host(struct simhost *);
static int	 parse_host(struct sim *, struct simhost *, char *, size_t,
		    struct xerr *);
static int	 parse_fields(struct sim *, const struct field *, void *,
		    char *, int, struct xerr *);
static int	 check_dom(struct sim *, struct simhost *,
		    const struct simdom *, uint64_t *, int, struct xerr *);
static int	 check_names(struct sim *, struct simhost *, struct xerr *);
static int	 name_cmp(const void *, const void *);
static void	 corrupt(struct sim *, int, struct xerr *, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static void	 format_fields(FILE *, const struct field *, const void *);
static uint64_t	*numfield(void *, const struct field *);
static int	 parse_u64(const char *, uint64_t *);

static void
new_host(struct simhost *h)
{
	struct simdom	d;

	h->boot_ms = h->now;
	h->next_domid = 1;
	h->cpus = SIM_CPUS;
	h->memory_mib = SIM_MEMORY_MIB;
	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "Domain-0");
	d.type = 0;
	d.mem_kb = d.maxmem_kb = SIM_DOM0_KB;
	d.vcpus = d.maxvcpus = SIM_DOM0_VCPUS;
	d.on_poweroff = ACT_DESTROY;
	d.on_reboot = ACT_RESTART;
	d.on_crash = ACT_DESTROY;
	d.created_ms = d.start_ms = d.settled_ms = h->now;
	simhost_append(h, &d);
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

int
simhost_load(struct sim *s, struct simhost *h, struct xerr *e)
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
	uint64_t	 v, used = 0;
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
			    e) == -1 || check_dom(s, h, &d, &used, line,
			    e) == -1)
				return -1;
			simhost_append(h, &d);
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
	return check_names(s, h, e);
}

/* "key=value ...": each key of the table once, if optional at most once. */
static int
parse_fields(struct sim *s, const struct field *tab, void *base, char *p,
    int line, struct xerr *e)
{
	const struct field	*f;
	char			*tok, *val, show[XLSH_NAME_MAX + 1];
	uint32_t		 seen = 0;
	uint64_t		 v = 0;
	size_t			 i, nf, next = 0;

	for (nf = 0; tab[nf].key != NULL; nf++)
		continue;
	while ((tok = strsep(&p, " ")) != NULL) {
		if ((val = strchr(tok, '=')) == NULL) {
			strvis_name(show, sizeof(show), tok);
			corrupt(s, line, e, "\"%s\" is not key=value", show);
			return -1;
		}
		*val++ = '\0';
		/* Written in the table's order: try the next field first. */
		for (i = 0; i < nf; i++)
			if (strcmp(tab[(next + i) % nf].key, tok) == 0)
				break;
		if (i == nf) {
			strvis_name(show, sizeof(show), tok);
			corrupt(s, line, e, "unknown field \"%s\"", show);
			return -1;
		}
		i = (next + i) % nf;
		f = &tab[i];
		next = i + 1;
		if (seen & (1U << i)) {
			corrupt(s, line, e, "%s is given twice", f->key);
			return -1;
		}
		seen |= 1U << i;
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
			/* Lower case, as written: the file reads back so. */
			if (strpbrk(val, "ABCDEF") != NULL ||
			    parse_uuid(val, (uint8_t *)base + f->off) == -1)
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
		if (!(seen & (1U << i)) && f->optional)
			*numfield(base, f) = f->def;
		else if (!(seen & (1U << i))) {
			corrupt(s, line, e, "%s is missing", f->key);
			return -1;
		}
	}
	return 0;
bad:
	strvis_name(show, sizeof(show), val);
	corrupt(s, line, e, "bad value %s=\"%s\"", f->key, show);
	return -1;
}

/* What one line cannot tell: order, uniqueness, consistency. */
static int
check_dom(struct sim *s, struct simhost *h, const struct simdom *d,
    uint64_t *used, int line, struct xerr *e)
{
	uint64_t	need = d->mem_kb + (h->ndoms > 0 ? SIM_OVERHEAD_KB : 0);

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
	else if (d->mem_kb > d->maxmem_kb || d->vcpus > d->maxvcpus)
		corrupt(s, line, e, "more memory or vcpus than the maximum");
	else if (*used + need > h->memory_mib * 1024)
		corrupt(s, line, e, "the domains use more than the host's "
		    "%llu MiB of memory", (unsigned long long)h->memory_mib);
	else if (d->start_ms < d->created_ms || d->settled_ms < d->start_ms)
		corrupt(s, line, e, "the times are out of order");
	else if ((d->pending == PEND_NONE) != (d->pending_left_ms == 0) ||
	    (d->shutdown && d->pending != PEND_NONE))
		corrupt(s, line, e, "the pending request is inconsistent");
	else {
		*used += need;
		return 0;
	}
	return -1;
}

/*
 * No name twice.  Sorting the names keeps a load of many thousands of
 * domains fast; the line reported is the later of the two.
 */
static int
check_names(struct sim *s, struct simhost *h, struct xerr *e)
{
	const struct simdom	**by;
	size_t			  i, later;
	int			  rv = 0;

	by = xreallocarray(NULL, h->ndoms, sizeof(*by));
	for (i = 0; i < h->ndoms; i++)
		by[i] = &h->doms[i];
	qsort(by, h->ndoms, sizeof(*by), name_cmp);
	for (i = 1; i < h->ndoms; i++) {
		if (strcmp(by[i - 1]->name, by[i]->name) != 0)
			continue;
		later = (size_t)(by[i] > by[i - 1] ? by[i] - h->doms :
		    by[i - 1] - h->doms);
		/* Line 1 is the magic, 2 the host, 3 Domain-0. */
		corrupt(s, (int)later + 3, e, "the name %s is used twice",
		    by[i]->name);
		rv = -1;
		break;
	}
	free(by);
	return rv;
}

static int
name_cmp(const void *a, const void *b)
{
	const struct simdom	*const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
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
int
simhost_save(struct sim *s, struct simhost *h, struct xerr *e)
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


/*
 * Free memory: the total less every domain's current memory (Domain-0
 * included) and a fixed 64 MiB per guest for Xen's own structures.
 * Shut-down domains kept by on_*=preserve still hold theirs.
 */
uint64_t
simhost_free_kb(const struct simhost *h)
{
	uint64_t	used = 0;
	size_t		i;

	for (i = 0; i < h->ndoms; i++)
		used += h->doms[i].mem_kb +
		    (h->doms[i].domid != 0 ? SIM_OVERHEAD_KB : 0);
	return used >= h->memory_mib * 1024 ? 0 : h->memory_mib * 1024 - used;
}

struct simdom *
simhost_find_name(struct simhost *h, const char *name)
{
	size_t	i;

	for (i = 0; i < h->ndoms; i++)
		if (strcmp(h->doms[i].name, name) == 0)
			return &h->doms[i];
	return NULL;
}

void
simhost_append(struct simhost *h, const struct simdom *d)
{
	if (h->ndoms == h->cap) {
		h->cap = h->cap == 0 ? 16 : h->cap * 2;
		h->doms = xreallocarray(h->doms, h->cap, sizeof(*h->doms));
	}
	h->doms[h->ndoms++] = *d;
}

void
simhost_remove(struct simhost *h, size_t i)
{
	memmove(&h->doms[i], &h->doms[i + 1],
	    (h->ndoms - i - 1) * sizeof(*h->doms));
	h->ndoms--;
}
