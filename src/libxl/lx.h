/*
 * The libxl backend's shared parts: its logger and its per-process
 * state (backend_libxl.c), and the domain monitor (lx_monitor.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef LX_H
#define LX_H

#include <stdint.h>

#include <libxl.h>

#define REASON_MAX	200		/* bytes of libxl's reason kept */

/* A logger of our own.  libxl is given &vt, which comes first. */
struct lxlog {
	struct xentoollog_logger vt;
	int	quiet;			/* keep errors, log nothing */
	char	reason[REASON_MAX];	/* the first error since the reset */
};

struct lx {
	libxl_ctx	*ctx;
	struct lxlog	 log;
};

void	lxlog_init(struct lxlog *);
void	monitor_start(struct lx *, uint32_t, libxl_domain_config *);

#endif /* LX_H */
