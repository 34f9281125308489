/*
 * Reading the text file in which an older xlshd kept the simulated
 * host, STATE_DIR/host, for sim_import.c to import it: a magic line
 * and then one line per record, fields as key=value separated by
 * single spaces, by the same field tables as the rows (sim_state.c):
 *
 *	xlsh-sim 1
 *	host boot_ms=N next_domid=N cpus=N memory_mib=N
 *	dom domid=0 name=Domain-0 uuid=... type=pv mem_kb=N ...
 *	dom domid=3 name=web ...
 *
 * Domains are listed in domid order, Domain-0 first.  cpus and
 * memory_mib, the host's size, may be left out (files written before
 * they existed): a host of 4 cpus and 16 GiB.  Every line is parsed
 * and checked, alone and against the lines before it: a file that
 * fails is reported, line by line, and left as it is.
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

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

#define SIM_FILE_MAX		(16 * 1024 * 1024)

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
static int	 parse_u64(const char *, uint64_t *);

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

/* The file's host and domains; none (h->ndoms 0) if there is no file. */
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
			if (parse_fields(s, sim_host_fields, h, p + 5, line,
			    e) == -1)
				return -1;
		} else {
			if (strncmp(p, "dom ", 4) != 0) {
				corrupt(s, line, e, "expected a dom line");
				return -1;
			}
			memset(&d, 0, sizeof(d));
			if (parse_fields(s, sim_dom_fields, &d, p + 4, line,
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
		if (f->kind != F_NUM) {
			if (sim_field_text(f, val, base) == -1)
				goto bad;
		} else if (parse_u64(val, &v) == -1 || v < f->min ||
		    v > f->max)
			goto bad;
		else
			*sim_numfield(base, f) = v;
	}
	for (f = tab, i = 0; f->key != NULL; f++, i++) {
		if (!(seen & (1U << i)) && f->optional)
			*sim_numfield(base, f) = f->def;
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

/* What one line cannot tell: order and consistency, and room. */
static int
check_dom(struct sim *s, struct simhost *h, const struct simdom *d,
    uint64_t *used, int line, struct xerr *e)
{
	uint64_t	 need;
	const char	*why;
	char		 buf[128];

	need = d->mem_kb + (h->ndoms > 0 ? SIM_OVERHEAD_KB : 0);
	if (h->ndoms == 0 && d->domid != 0)
		corrupt(s, line, e, "the first domain is not a running "
		    "Domain-0");
	else if (h->ndoms > 0 && d->domid <= h->doms[h->ndoms - 1].domid)
		corrupt(s, line, e, "domid %llu is out of order",
		    (unsigned long long)d->domid);
	else if ((why = sim_dom_fault(h, d, buf, sizeof(buf))) != NULL)
		corrupt(s, line, e, "%s", why);
	else if (*used + need > h->memory_mib * 1024)
		corrupt(s, line, e, "the domains use more than the host's "
		    "%llu MiB of memory", (unsigned long long)h->memory_mib);
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
