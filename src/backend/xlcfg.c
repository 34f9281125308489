/*
 * Read an xl.cfg with cfgread.c, which reads what libxlutil (xl's own
 * parser) reads, and keep the few settings a domain is made of (read
 * in xlcfg_keys.c and xlcfg_xlsh.c).  Keys
 * that would make root in Dom0 run a program or open a file are only
 * recorded (CFG_RISK_*); policy decides what to do with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "common/proto.h"
#include "common/xlsh.h"

static void	 syntax_error(const char *, const char *, struct xerr *);

/* The reader's complaint, made printable. */
static void
syntax_error(const char *fn, const char *report, struct xerr *e)
{
	char	line[sizeof(e->msg)], show[sizeof(e->msg)];
	size_t	n, fl = strlen(fn);

	n = strcspn(report, "\n");
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	if (n > 0)
		memcpy(line, report, n);
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
	    line[n - 1] == '\r'))
		n--;
	line[n] = '\0';
	if (n == 0) {
		xerr_set(e, XE_INVAL, "%s: cannot parse", fn);
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
	struct cfgfile	 cfg;
	char		 report[sizeof(e->msg)];
	char		 fn[128];
	int		 rv = -1;

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

	if (cfg_read(&cfg, data, len, fn, report, sizeof(report)) == -1) {
		syntax_error(fn, report, e);
		goto out;
	}
	if (xlcfg_read_settings(&cfg, fn, dc, e) == -1 ||
	    xlcfg_read_xlsh(&cfg, fn, dc, e) == -1)
		goto out;
	dc->text = data;
	dc->textlen = len;
	rv = 0;
out:
	cfg_free(&cfg);
	return rv;
}
