/*
 * Writing the simulated host's state file (sim_state.c describes it):
 * the whole host is formatted by the field tables into host.tmp, which
 * then replaces host, so that a reader sees the old file or the new
 * one, never a part.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

static void	 format_fields(FILE *, const struct field *, const void *);

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
			v = *sim_numfield((void *)(uintptr_t)base, fl);
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
	format_fields(f, sim_host_fields, h);
	for (i = 0; i < h->ndoms; i++) {
		fputs("dom", f);
		format_fields(f, sim_dom_fields, &h->doms[i]);
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
