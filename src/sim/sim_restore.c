/*
 * The simulated host's restore: a domain made again from an image that
 * sim_save.c wrote, with its name, uuid, type, memory, vcpus and on_*
 * actions, its disks and interfaces.  As on Xen, it is a new domain: a
 * new domid, its uptime and cpu time from naught.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

#define STREAM_MAX	(16 * 1024)	/* bytes of the stream's text */

static int	read_stream(int, struct simdom *, char **, struct xerr *);
static int	parse_line(char *, struct simdom *, unsigned int *);
static int	add_devices(struct simhost *, uint32_t, char *,
		    struct xerr *);

/* The stream's text, up to "end", as one string; fd left past it. */
static int
read_stream(int fd, struct simdom *d, char **devs, struct xerr *e)
{
	char		*buf, *line, *next, *end;
	size_t		 len = 0;
	ssize_t		 n;
	unsigned int	 seen = 0, all = 0, i;

	*devs = NULL;
	buf = xmalloc(STREAM_MAX + 1);
	while (len < STREAM_MAX && (n = read(fd, buf + len,
	    STREAM_MAX - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	if (len <= strlen(SIM_IMAGE_MAGIC) + 1 ||
	    strncmp(buf, SIM_IMAGE_MAGIC "\n", strlen(SIM_IMAGE_MAGIC) + 1) !=
	    0 || (end = strstr(buf, "\nend\n")) == NULL) {
		xerr_set(e, XE_INVAL, "the image holds no domain of the "
		    "simulated host (one saved by xl on Xen?)");
		free(buf);
		return -1;
	}
	end[1] = '\0';
	memset(d, 0, sizeof(*d));
	*devs = xcalloc(1, (size_t)(end - buf) + 2);
	for (line = strchr(buf, '\n') + 1; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (strncmp(line, "disk ", 5) == 0 ||
		    strncmp(line, "nic ", 4) == 0) {
			strcat(*devs, line);
			strcat(*devs, "\n");
		} else if (parse_line(line, d, &seen) == -1) {
			xerr_set(e, XE_INVAL, "the image is damaged: '%.40s'",
			    line);
			free(buf);
			free(*devs);
			*devs = NULL;
			return -1;
		}
	}
	for (i = 0; sim_dom_fields[i].key != NULL; i++)
		all |= 1U << i;
	free(buf);
	if (seen != all) {
		xerr_set(e, XE_INVAL, "the image is damaged: a field of the "
		    "domain is missing");
		free(*devs);
		*devs = NULL;
		return -1;
	}
	return 0;
}

/* "key value": the field's, in its range. */
static int
parse_line(char *line, struct simdom *d, unsigned int *seen)
{
	const struct field	*f;
	char			*val;
	unsigned int		 i;

	if ((val = strchr(line, ' ')) == NULL)
		return -1;
	*val++ = '\0';
	for (i = 0, f = sim_dom_fields; f->key != NULL; f++, i++)
		if (strcmp(f->key, line) == 0)
			break;
	if (f->key == NULL || (*seen & (1U << i)))
		return -1;
	*seen |= 1U << i;
	if (f->kind != F_NUM)
		return sim_field_text(f, val, d);
	if (parse_uint(val, f->max, sim_numfield(d, f)) == -1 ||
	    *sim_numfield(d, f) < f->min)
		return -1;
	return 0;
}

/* The devices of the stream, for the new domain. */
static int
add_devices(struct simhost *h, uint32_t domid, char *devs, struct xerr *e)
{
	struct backend	 b = { .priv = h->s };
	struct volinfo	 v;
	sqlite3_stmt	*st;
	char		*line, *next, a[3][VOL_PATH_MAX + 1];
	size_t		 vglen = strlen(h->s->vg);
	int		 rc, disk;

	for (line = devs; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		disk = strncmp(line, "disk ", 5) == 0;
		if (sscanf(line + (disk ? 5 : 4), "%15s %40s %136s", a[0], a[1],
		    a[2]) != 3) {
			xerr_set(e, XE_INVAL, "the image is damaged: '%.40s'",
			    line);
			return -1;
		}
		if (disk && (strncmp(a[2], "/dev/", 5) != 0 ||
		    strncmp(a[2] + 5, h->s->vg, vglen) != 0 ||
		    (rc = sim_vol(&b, a[2] + 6 + vglen, &v, e)) != 1)) {
			if (e->code == XE_OK)
				xerr_set(e, XE_NOTFOUND, "the domain's disk "
				    "%s is gone: it cannot be restored", a[2]);
			return -1;
		}
		st = db_prepare(h->s->db, disk ?
		    "INSERT INTO sim_disk (domid, devid, readonly, target) "
		    "VALUES (?1, ?2, ?3, ?4)" :
		    "INSERT INTO sim_nic (domid, devid, mac, bridge) "
		    "VALUES (?1, ?2, ?3, ?4)");
		sqlite3_bind_int64(st, 1, domid);
		sqlite3_bind_text(st, 2, a[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, a[1], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, a[2], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		db_done(h->s->db, st);
		if (rc != SQLITE_DONE)
			return db_fail(h->s->db, e, disk ? "sim_disk" :
			    "sim_nic");
	}
	return 0;
}

int
sim_restore(struct backend *b, int fd, const char *name, int paused,
    uint32_t *domidp, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	 d;
	struct saveimg	 si;
	uint64_t	 other, avail, need;
	char		*devs = NULL, u[UUID_STR];
	int		 r, rv = -1;

	if (lseek(fd, 0, SEEK_SET) == -1 || saveimg_read(fd, &si, e) == -1)
		return -1;
	saveimg_free(&si);
	if (read_stream(fd, &d, &devs, e) == -1)
		return -1;
	if (name != NULL)
		snprintf(d.name, sizeof(d.name), "%s", name);
	if (d.mem_kb > d.maxmem_kb || d.vcpus > d.maxvcpus) {
		xerr_set(e, XE_INVAL, "the image is damaged: its memory or "
		    "vcpus are out of range");
		goto out;
	}
	if (sim_begin(b, &h, e) == -1)
		goto out;
	if ((r = sim_db_find(&h, "name", d.name, &other, e)) == 0 &&
	    (r = sim_db_find(&h, "uuid", fmt_uuid(u, d.uuid), &other,
	    e)) == 1)
		xerr_set(e, XE_EXISTS, "Domain with UUID %s already exists.",
		    u);
	else if (r == 1)
		xerr_set(e, XE_EXISTS, "Domain with name \"%s\" already "
		    "exists.", d.name);
	if (r != 0)
		goto finish;
	need = d.mem_kb + SIM_OVERHEAD_KB;
	if (sim_db_free_kb(&h, &avail, e) == -1)
		goto finish;
	if (need > avail) {
		xerr_set(e, XE_NOMEM, "not enough free memory for domain "
		    "\"%s\": needs %llu MiB, %llu MiB free", d.name,
		    (unsigned long long)(need / 1024),
		    (unsigned long long)(avail / 1024));
		goto finish;
	}
	if (h.next_domid >= SIM_DOMID_LIMIT) {
		xerr_set(e, XE_FAIL, "the simulated host cannot hold more "
		    "domains");
		goto finish;
	}
	d.domid = h.next_domid++;
	h.dirty = 1;
	d.start_ms = d.settled_ms = h.now;
	d.cpu_ns = 0;
	d.paused = paused != 0;
	d.shutdown = d.reason = 0;
	d.pending = PEND_NONE;
	d.pending_left_ms = 0;
	d.fresh = 1;
	d.dirty = 0;
	/* All of them or none: sim_finish keeps what the clock did. */
	if (db_begin(h.s->db, e) == -1)
		goto finish;
	r = add_devices(&h, (uint32_t)d.domid, devs, e);
	if (db_end(h.s->db, r == 0, r == 0 ? e : NULL) == -1 || r == -1)
		goto finish;
	simhost_append(&h, &d);
	*domidp = (uint32_t)d.domid;
	rv = 0;
finish:
	rv = sim_finish(b, &h, rv, e);
out:
	free(devs);
	return rv;
}
