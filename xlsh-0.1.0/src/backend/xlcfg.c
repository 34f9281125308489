/*
 * Read an xl.cfg with libxlutil, the parser xl itself uses, and keep
 * the few settings a domain is made of (read in xlcfg_keys.c).  Keys
 * that would make root in Dom0 run a program or open a file are only
 * recorded (CFG_RISK_*); policy decides what to do with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LIBXL_API_VERSION
#define LIBXL_API_VERSION 0x041400
#endif
#include <libxlutil.h>

#include "backend.h"
#include "common/proto.h"
#include "common/xlsh.h"

static void	 syntax_error(const char *, const char *, int,
		    struct xerr *);

/* libxlutil's first line of complaint, made printable. */
static void
syntax_error(const char *fn, const char *report, int rc, struct xerr *e)
{
	char	line[sizeof(e->msg)], show[sizeof(e->msg)];
	size_t	n, fl = strlen(fn);

	n = report != NULL ? strcspn(report, "\n") : 0;
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	if (n > 0)
		memcpy(line, report, n);
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
	    line[n - 1] == '\r'))
		n--;
	line[n] = '\0';
	if (n == 0) {
		xerr_set(e, XE_INVAL, "%s: cannot parse: %s", fn,
		    strerror(rc));
		return;
	}
	strvis_name(show, sizeof(show), line);
	if (strncmp(show, fn, fl) == 0 && show[fl] == ':')
		xerr_set(e, XE_INVAL, "%s", show);
	else
		xerr_set(e, XE_INVAL, "%s: %s", fn, show);
}

int
xlcfg_parse(const char *data, size_t len, const char *filename,
    struct domcfg *dc, struct xerr *e)
{
	XLU_Config	*cfg = NULL;
	FILE		*report = NULL;
	char		*rbuf = NULL;
	size_t		 rlen = 0;
	char		 fn[128];
	int		 rc, rv = -1;

	strvis_name(fn, sizeof(fn), filename != NULL ? filename : "config");
	memset(dc, 0, sizeof(*dc));
	snprintf(dc->type, sizeof(dc->type), "pvh");
	dc->on_poweroff = ACT_DESTROY;
	dc->on_reboot = ACT_RESTART;
	dc->on_crash = ACT_DESTROY;

	if (len > XLSH_CONFIG_MAX) {
		xerr_set(e, XE_INVAL, "%s: the config is longer than %d bytes",
		    fn, XLSH_CONFIG_MAX);
		return -1;
	}
	if (data == NULL)
		data = "";
	if (len > 0 && memchr(data, '\0', len) != NULL) {
		xerr_set(e, XE_INVAL, "%s: the config contains a NUL byte",
		    fn);
		return -1;
	}

	if ((report = open_memstream(&rbuf, &rlen)) == NULL)
		fatal("open_memstream");
	if ((cfg = xlu_cfg_init(report, fn)) == NULL)
		fatalx("xlu_cfg_init: out of memory");
	if ((rc = xlu_cfg_readdata(cfg, data, (int)len)) != 0) {
		fflush(report);
		syntax_error(fn, rbuf, rc, e);
		goto out;
	}
	if (xlcfg_read_settings(cfg, fn, dc, e) == -1 ||
	    xlcfg_read_xlsh(cfg, fn, dc, e) == -1)
		goto out;
	dc->text = data;
	dc->textlen = len;
	rv = 0;
out:
	xlu_cfg_destroy(cfg);
	fclose(report);
	free(rbuf);
	return rv;
}
