/*
 * The storage pool's verbs, virsh's names: vol-list, vol-create,
 * vol-snapshot, vol-resize and vol-delete.  authorize_request has
 * found and permitted each volume the request names, and the name of a
 * new one; the registry's record of a new volume makes its maker its
 * owner.  request.c serves the changes in one transaction, so that the
 * disk= quota and the act cannot be raced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "handlers.h"
#include "session.h"

#define VOL_COLS	VSH_COLS

static int		 new_record(struct session *, const char *, uint64_t,
			    const char *, struct xerr *);

/*
 * virsh's vshPrettyCapacity: bytes in two decimals of the largest unit
 * they reach (volumes' and images' sizes).
 */
const char *
vsh_capacity(char *buf, size_t size, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB",
		"PiB" };
	double		 v = (double)bytes;
	size_t		 u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, "%.2f %s", v, units[u]);
	return buf;
}

/*
 * virsh's table: each cell after a space, padded to its column's width
 * and two more, the last unpadded; the header underlined by dashes,
 * three for each column beyond its width.
 */
void
vsh_table(FILE *f, char *(*rows)[VSH_COLS], size_t nrows, int ncols)
{
	size_t	w[VSH_COLS] = { 0 }, r, len;
	int	c;

	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++)
			if ((len = strlen(rows[r][c])) > w[c])
				w[c] = len;
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++)
			fprintf(f, " %-*s", c + 1 < ncols ? (int)w[c] + 2 : 0,
			    rows[r][c]);
		fputc('\n', f);
		if (r == 0) {
			for (c = 0; c < ncols; c++)
				for (len = 0; len < w[c] + 3; len++)
					fputc('-', f);
			fputc('\n', f);
		}
	}
}

int
srv_vol_list(struct session *s, const struct request *req, struct xerr *e)
{
	static const char hdr[][12] = { "Name", "Path", "Type", "Capacity",
			    "Allocation" };
	char		*(*rows)[VOL_COLS], *text = NULL, cap[2][32];
	struct vol	*v;
	struct target	 t;
	FILE		*f;
	size_t		 n, i, k, len = 0;
	int		 c, details = req_opt(req, 'd'), rv;

	if (vol_all(s, &v, &n, e) == -1)
		return -1;
	rows = xcalloc(n + 1, sizeof(*rows));
	for (c = 0; c < VOL_COLS; c++)
		rows[0][c] = xstrdup(hdr[c]);
	for (i = 0, k = 1; i < n; i++) {
		vol_target(&v[i], &t);
		if (!visible(s, V_VOL_LIST, &t))
			continue;
		rows[k][0] = xstrdup(v[i].info.name);
		rows[k][1] = xstrdup(v[i].info.path);
		rows[k][2] = xstrdup("block");
		rows[k][3] = xstrdup(vsh_capacity(cap[0], sizeof(cap[0]),
		    v[i].info.size_mib << 20));
		rows[k][4] = xstrdup(vsh_capacity(cap[1], sizeof(cap[1]),
		    v[i].info.used_mib << 20));
		k++;
	}
	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	vsh_table(f, rows, k, details ? VOL_COLS : 2);
	if (fclose(f) != 0)
		fatal("open_memstream");
	rv = reply_stdout(s, text);
	for (i = 0; i < k; i++)
		for (c = 0; c < VOL_COLS; c++)
			free(rows[i][c]);
	free(rows);
	free(text);
	free(v);
	return rv;
}

/* The record of a volume just made, the member's. */
static int
new_record(struct session *s, const char *name, uint64_t mib,
    const char *origin, struct xerr *e)
{
	struct volrec	r;

	memset(&r, 0, sizeof(r));
	snprintf(r.name, sizeof(r.name), "%s", name);
	snprintf(r.owner, sizeof(r.owner), "%s", s->member);
	snprintf(r.origin, sizeof(r.origin), "%s", origin != NULL ? origin :
	    "");
	snprintf(r.created_by, sizeof(r.created_by), "%s", s->member);
	r.size_mib = mib;
	r.created_ms = now_ms();
	/* A record left by a volume removed outside xlsh goes first. */
	return volreg_delete(s->db, name, e) == -1 ? -1 :
	    volreg_insert(s->db, &r, e);
}

int
srv_vol_create(struct session *s, const struct request *req, struct xerr *e)
{
	const char	*name = req->args[0].str;
	uint64_t	 mib = req->args[1].num;
	char		 out[XLSH_VOL_MAX + 32];

	if (quota_disk(s, mib, e) == -1 ||
	    s->be.vol_create(&s->be, name, mib, NULL, e) == -1 ||
	    new_record(s, name, mib, NULL, e) == -1)
		return -1;
	snprintf(out, sizeof(out), "Vol %s created\n", name);
	return reply_stdout(s, out);
}

int
srv_vol_snapshot(struct session *s, const struct request *req,
    struct xerr *e)
{
	const char	*from = req->args[0].str, *name = req->args[1].str;
	struct vol	 v;
	char		 out[2 * XLSH_VOL_MAX + 32];
	int		 r;

	if ((r = vol_find(s, from, &v, e)) != 1) {
		if (r == 0)
			volume_missing(from, e);
		return -1;
	}
	if (quota_disk(s, v.info.size_mib, e) == -1 ||
	    s->be.vol_create(&s->be, name, v.info.size_mib, from, e) == -1 ||
	    new_record(s, name, v.info.size_mib, from, e) == -1)
		return -1;
	snprintf(out, sizeof(out), "Vol %s created from %s\n", name, from);
	return reply_stdout(s, out);
}

int
srv_vol_resize(struct session *s, const struct request *req, struct xerr *e)
{
	const char	*name = req->args[0].str;
	uint64_t	 mib = req->args[1].num;
	struct vol	 v;
	char		 out[2 * XLSH_VOL_MAX + 64];
	int		 r;

	if ((r = vol_find(s, name, &v, e)) != 1) {
		if (r == 0)
			volume_missing(name, e);
		return -1;
	}
	/* The backend refuses a shrink in lvm's words. */
	if (mib > v.info.size_mib && v.has_rec &&
	    strcmp(v.rec.owner, s->member) == 0 &&
	    quota_disk(s, mib - v.info.size_mib, e) == -1)
		return -1;
	if (s->be.vol_resize(&s->be, name, mib, e) == -1 ||
	    (v.has_rec && volreg_set_size(s->db, name, mib, e) == -1))
		return -1;
	snprintf(out, sizeof(out), "Size of volume '%s' successfully changed "
	    "to %s\n", name, req->args[1].str);
	return reply_stdout(s, out);
}

int
srv_vol_delete(struct session *s, const struct request *req, struct xerr *e)
{
	const char	*name = req->args[0].str;
	struct vmrec	 vm;
	struct vol	 v;
	char		 out[XLSH_VOL_MAX + 32];
	int		 r;

	if ((r = vol_find(s, name, &v, e)) != 1) {
		if (r == 0)
			volume_missing(name, e);
		return -1;
	}
	if ((r = vol_holder(s, &v, &vm, e)) == -1)
		return -1;
	if (r == 1) {
		xerr_set(e, XE_BUSY, "volume %s is attached to VM %s as %s: "
		    "detach it first (block-detach), or vm-uninstall the VM",
		    name, vm.name, v.rec.vdev);
		return -1;
	}
	if (s->be.vol_delete(&s->be, name, e) == -1 ||
	    volreg_delete(s->db, name, e) == -1)
		return -1;
	snprintf(out, sizeof(out), "Vol %s deleted\n", name);
	return reply_stdout(s, out);
}
