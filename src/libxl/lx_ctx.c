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
 * This file holds the context and the logger; backend_libxl.c the table
 * of operations, which are in lx_info.c (those that only read) and
 * lx_domain.c (those that change a domain).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

static void	 lxlog_vmessage(struct xentoollog_logger *, xentoollog_level,
		    int, const char *, const char *, va_list)
		    __attribute__((format(printf, 5, 0)));
static void	 lxlog_destroy(struct xentoollog_logger *);
static void	 lxlog_progress(struct xentoollog_logger *, const char *,
		    const char *, int, unsigned long, unsigned long);
static const char *lxlog_words(const char *);

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

	if (l->tick != NULL)
		l->tick(l->tick_arg);
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

/* Progress (a save's pages): a moment for the helper's tick. */
static void
lxlog_progress(struct xentoollog_logger *vt, const char *context,
    const char *doing, int percent, unsigned long done, unsigned long total)
{
	struct lxlog	*l = (struct lxlog *)vt;

	(void)context;
	(void)doing;
	(void)percent;
	(void)done;
	(void)total;
	if (l->tick != NULL)
		l->tick(l->tick_arg);
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
	l->vt.progress = lxlog_progress;
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
struct lx *
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
int
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
int
lx_info(struct lx *lx, uint32_t domid, libxl_dominfo *info, struct xerr *e)
{
	int	lrc;

	if ((lrc = libxl_domain_info(lx->ctx, info, domid)) != 0)
		return lx_fail(lx, lrc, domid, "libxl_domain_info", e);
	return 0;
}

int
lx_open(struct backend *b, const struct backend_args *args,
    struct xerr *e)
{
	struct lx	*lx;
	int		 lrc;

	lx = xcalloc(1, sizeof(*lx));
	snprintf(lx->vg, sizeof(lx->vg), "%s", args != NULL &&
	    args->vg != NULL ? args->vg : "");
	snprintf(lx->thin, sizeof(lx->thin), "%s", args != NULL &&
	    args->thin != NULL ? args->thin : "");
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

void
lx_close(struct backend *b)
{
	struct lx	*lx = b->priv;

	if (lx == NULL)
		return;
	libxl_ctx_free(lx->ctx);
	free(lx);
	b->priv = NULL;
}
