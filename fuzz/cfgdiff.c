/*
 * cfgread.c beside libxlutil (cfgdiff.h).  Every key either reader
 * could have set is compared: a key is an IDENT at the start of a
 * statement, so it starts a run of [._0-9a-z] that follows a byte not
 * in that set, or the start of the file.  libxlutil has no list of its
 * keys; each such run is asked of both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LIBXL_API_VERSION
#define LIBXL_API_VERSION 0x041400
#endif
#include <libxlutil.h>

#include "backend/backend.h"
#include "cfgdiff.h"

#define SOURCE	"t.cfg"

static int	in_name(int);
static int	same_key(XLU_Config *, const struct cfgfile *, const char *,
		    struct cfgdiff *);
static int	same_keys(XLU_Config *, const struct cfgfile *, const char *,
		    size_t, struct cfgdiff *);

static int
in_name(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
	    c == '_';
}

/* One key: unset in both, or the same string, or the same list. */
static int
same_key(XLU_Config *xlu, const struct cfgfile *cfg, const char *key,
    struct cfgdiff *d)
{
	const struct cfgset	*set = cfg_get(cfg, key);
	XLU_ConfigList		*list;
	const char		*s, *item;
	int			 rc, n, i;

	d->nkeys++;
	rc = xlu_cfg_get_string(xlu, key, &s, 1);
	if (rc == ESRCH) {
		if (set == NULL)
			return 0;
		snprintf(d->why, sizeof(d->why), "%s: set only in cfgread",
		    key);
		return -1;
	}
	if (set == NULL) {
		snprintf(d->why, sizeof(d->why), "%s: set only in libxlutil",
		    key);
		return -1;
	}
	if (rc == 0) {
		if (set->list || strcmp(s, set->value) != 0) {
			snprintf(d->why, sizeof(d->why), "%s: \"%.100s\" in "
			    "libxlutil, %s%.100s in cfgread", key, s,
			    set->list ? "a list" : "", set->list ? "" :
			    set->value);
			return -1;
		}
		return 0;
	}
	if (xlu_cfg_get_list(xlu, key, &list, &n, 1) != 0 || !set->list ||
	    (size_t)n != set->nitems) {
		snprintf(d->why, sizeof(d->why), "%s: a list of %d in "
		    "libxlutil, %s of %zu in cfgread", key, n,
		    set->list ? "a list" : "not a list", set->nitems);
		return -1;
	}
	for (i = 0; i < n; i++) {
		item = xlu_cfg_get_listitem(list, i);
		if ((item == NULL) != (set->items[i] == NULL) ||
		    (item != NULL && strcmp(item, set->items[i]) != 0)) {
			snprintf(d->why, sizeof(d->why), "%s[%d]: %.100s in "
			    "libxlutil, %.100s in cfgread", key, i,
			    item != NULL ? item : "(a list)",
			    set->items[i] != NULL ? set->items[i] : "(a list)");
			return -1;
		}
	}
	return 0;
}

static int
same_keys(XLU_Config *xlu, const struct cfgfile *cfg, const char *data,
    size_t len, struct cfgdiff *d)
{
	char	*key;
	size_t	 i, j;

	for (i = 0; i < cfg->nsets; i++)
		if (same_key(xlu, cfg, cfg->sets[i].name, d) == -1)
			return -1;
	for (i = 0; i < len; i = j) {
		j = i + 1;
		if (data[i] < 'a' || data[i] > 'z' ||
		    (i > 0 && in_name((unsigned char)data[i - 1])))
			continue;
		while (j < len && in_name((unsigned char)data[j]))
			j++;
		if ((key = strndup(data + i, j - i)) == NULL)
			abort();
		if (same_key(xlu, cfg, key, d) == -1) {
			free(key);
			return -1;
		}
		free(key);
	}
	return 0;
}

int
cfgdiff(const char *data, size_t len, struct cfgdiff *d)
{
	XLU_Config	*xlu;
	struct cfgfile	 cfg;
	FILE		*report;
	char		*rbuf = NULL, *err;
	size_t		 rlen = 0, errsz = len + 512;
	int		 rc, mine, rv = -1;

	memset(d, 0, sizeof(*d));
	if (data == NULL)
		data = "";
	if ((err = malloc(errsz)) == NULL)
		abort();
	mine = cfg_read(&cfg, data, len, SOURCE, err, errsz);
	/* libxlutil asserts on a NUL inside a string: cfgread refuses any. */
	if (len > 0 && memchr(data, '\0', len) != NULL) {
		if (mine == 0)
			snprintf(d->why, sizeof(d->why), "a NUL byte accepted");
		else
			rv = 0;
		cfg_free(&cfg);
		free(err);
		return rv;
	}
	if ((report = open_memstream(&rbuf, &rlen)) == NULL ||
	    (xlu = xlu_cfg_init(report, SOURCE)) == NULL)
		abort();
	rc = xlu_cfg_readdata(xlu, data, (int)len);
	fflush(report);
	if ((rc == 0) != (mine == 0))
		snprintf(d->why, sizeof(d->why), "%s by libxlutil (%.200s), "
		    "%s by cfgread (%.200s)", rc == 0 ? "accepted" : "refused",
		    rbuf, mine == 0 ? "accepted" : "refused", err);
	else if (rc != 0) {
		rbuf[strcspn(rbuf, "\n")] = '\0';
		if (strcmp(rbuf, err) != 0)
			snprintf(d->why, sizeof(d->why), "libxlutil: %.240s; "
			    "cfgread: %.240s", rbuf, err);
		else
			rv = 0;
	} else if (same_keys(xlu, &cfg, data, len, d) == 0) {
		d->accepted = 1;
		rv = 0;
	}
	xlu_cfg_destroy(xlu);
	fclose(report);
	free(rbuf);
	cfg_free(&cfg);
	free(err);
	return rv;
}
