/*
 * The libxl backend's save and restore, as xl 4.17's save and restore
 * (xl_saverestore.c, xl_vmcontrol.c's create_domain): the image is
 * xl's save file, its head (saveimg.c) with the configuration libxl
 * retrieves for the domain as JSON, then libxl's stream, version 2.
 * xl restore reads such a file too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxl.h>
#include <libxl_utils.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "lx.h"

/*
 * xl save: the configuration, the domain's memory through
 * libxl_domain_suspend, and the domain destroyed, or with -c resumed
 * (paused first with -p), as xl's.  A save that fails resumes the
 * domain, as xl's does.
 */
int
lx_save(struct backend *b, uint32_t domid, int fd, unsigned int flags,
    void (*tick)(void *), void *arg, struct xerr *e)
{
	struct lx		*lx = lx_begin(b);
	libxl_domain_config	 d;
	struct saveimg		 si;
	char			*json = NULL;
	int			 lrc, rc = -1;

	libxl_domain_config_init(&d);
	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be saved");
		goto out;
	}
	if (lx_info(lx, domid, NULL, e) == -1)
		goto out;
	if ((lrc = libxl_retrieve_domain_configuration(lx->ctx, domid, &d,
	    NULL)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_retrieve_domain_configuration",
		    e);
		goto out;
	}
	if ((json = libxl_domain_config_to_json(lx->ctx, &d)) == NULL) {
		xerr_set(e, XE_FAIL, "unable to convert config file to JSON");
		goto out;
	}
	if (saveimg_write(fd, json, &si, e) == -1)
		goto out;
	lx->log.tick = tick;
	lx->log.tick_arg = arg;
	lrc = libxl_domain_suspend(lx->ctx, domid, fd, 0, NULL);
	lx->log.tick = NULL;
	lx->log.tick_arg = NULL;
	if (lrc != 0) {
		lx_fail(lx, lrc, domid, "libxl_domain_suspend", e);
		slog("domain %u: failed to save domain, resuming domain",
		    domid);
		libxl_domain_resume(lx->ctx, domid, 1, NULL);
		goto out;
	}
	/* xl save -c (-p): a checkpoint, the domain resumed (paused). */
	if (flags & SAVE_CHECKPOINT) {
		if ((flags & SAVE_PAUSED) &&
		    (lrc = libxl_domain_pause(lx->ctx, domid, NULL)) != 0) {
			lx_fail(lx, lrc, domid, "libxl_domain_pause", e);
			goto out;
		}
		if ((lrc = libxl_domain_resume(lx->ctx, domid, 1,
		    NULL)) != 0) {
			lx_fail(lx, lrc, domid, "libxl_domain_resume", e);
			goto out;
		}
		rc = 0;
		goto out;
	}
	/* Its monitor sees it suspended, and leaves it to us. */
	if ((lrc = libxl_domain_destroy(lx->ctx, domid, NULL)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_domain_destroy", e);
		goto out;
	}
	rc = 0;
out:
	free(json);
	libxl_domain_config_dispose(&d);
	return rc;
}

/*
 * xl restore: the configuration from the image's head, the domain
 * made from libxl's stream after it, unpaused unless asked, and a
 * monitor left behind as for create.
 */
int
lx_restore(struct backend *b, int fd, const char *name, int paused,
    uint32_t *domidp, struct xerr *e)
{
	struct lx			*lx = lx_begin(b);
	libxl_domain_config		 d;
	libxl_domain_restore_params	 params;
	struct saveimg			 si;
	uint32_t			 domid = INVALID_DOMID;
	int				 lrc, rc = -1;

	memset(&si, 0, sizeof(si));
	libxl_domain_config_init(&d);
	libxl_domain_restore_params_init(&params);
	if (lseek(fd, 0, SEEK_SET) == -1 || saveimg_read(fd, &si, e) == -1)
		goto out;
	if (si.config == NULL || !(si.mandatory & SAVEIMG_JSON)) {
		xerr_set(e, XE_INVAL, "Config file not specified and none in "
		    "save file");
		goto out;
	}
	if ((lrc = libxl_domain_config_from_json(lx->ctx, &d,
	    si.config)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_domain_config_from_json", e);
		goto out;
	}
	if (name != NULL) {
		free(d.c_info.name);
		d.c_info.name = xstrdup(name);
	}
	if (d.c_info.name == NULL || !valid_domain_name(d.c_info.name)) {
		xerr_set(e, XE_INVAL, "the image's domain has no valid name");
		goto out;
	}
	if (lx_room(lx, &d, d.c_info.name, e) == -1)
		goto out;
	params.stream_version = (si.mandatory & SAVEIMG_STREAMV2) ? 2 : 1;
	if ((lrc = libxl_domain_create_restore(lx->ctx, &d, &domid, fd, -1,
	    &params, NULL, NULL)) != 0) {
		lx_fail(lx, lrc, 0, "libxl_domain_create_restore", e);
		if (libxl_domid_valid_guest(domid))
			libxl_domain_destroy(lx->ctx, domid, NULL);
		goto out;
	}
	if (!paused && (lrc = libxl_domain_unpause(lx->ctx, domid,
	    NULL)) != 0) {
		lx_fail(lx, lrc, domid, "libxl_domain_unpause", e);
		libxl_domain_destroy(lx->ctx, domid, NULL);
		goto out;
	}
	monitor_start(lx, domid, &d);
	*domidp = domid;
	rc = 0;
out:
	saveimg_free(&si);
	libxl_domain_restore_params_dispose(&params);
	libxl_domain_config_dispose(&d);
	return rc;
}
