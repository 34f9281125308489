/*
 * The simulated host's save and restore.  An image is xl's save file
 * in its head (saveimg.c: xl's magic and flags, and the domain's
 * configuration as libxl's JSON names it), then the simulated host's
 * own stream: a line of magic, one line per field of the domain's row
 * (sim_state.c's table, "key value"), one per disk and network
 * interface, "end", and then the domain's memory, as long as xl's
 * would be but a hole in the file (no block of it written).  Writing
 * the memory takes time, SIM_SAVE_MIB_S MiB a second, so that a save
 * can be watched and its wait interrupted; the domain is paused while
 * it is written, and destroyed once it is.
 * sim_restore.c reads it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

#define SIM_SAVE_MIB_S		1024	/* memory written a second */
#define SIM_SAVE_TICK_MS	100

static void	 put_fields(FILE *, const struct simdom *);
static int	 put_devices(struct sim *, FILE *, uint32_t, struct xerr *);
static int	 write_memory(int, uint64_t, void (*)(void *), void *,
		    struct xerr *);
static int	 resume(struct backend *, uint32_t, int, struct xerr *);

static void
put_fields(FILE *f, const struct simdom *d)
{
	const struct field	*fl;
	uint64_t		 v;
	char			 u[UUID_STR];

	for (fl = sim_dom_fields; fl->key != NULL; fl++) {
		v = fl->kind == F_NAME || fl->kind == F_UUID ? 0 :
		    *sim_numfield((void *)(uintptr_t)d, fl);
		switch (fl->kind) {
		case F_NAME:
			fprintf(f, "%s %s\n", fl->key, d->name);
			break;
		case F_UUID:
			fprintf(f, "%s %s\n", fl->key, fmt_uuid(u, d->uuid));
			break;
		case F_ENUM:
			fprintf(f, "%s %s\n", fl->key, fl->names[v]);
			break;
		case F_ACTION:
			fprintf(f, "%s %s\n", fl->key,
			    dom_action_name((enum dom_action)v));
			break;
		default:
			fprintf(f, "%s %llu\n", fl->key, (unsigned long long)v);
			break;
		}
	}
}

/* "disk DEVID READONLY TARGET" and "nic DEVID MAC BRIDGE" lines. */
static int
put_devices(struct sim *s, FILE *f, uint32_t domid, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc, i;

	for (i = 0; i < 2; i++) {
		st = db_prepare(s->db, i == 0 ?
		    "SELECT devid, readonly, target FROM sim_disk "
		    "WHERE domid = ?1 ORDER BY devid" :
		    "SELECT devid, mac, bridge FROM sim_nic "
		    "WHERE domid = ?1 ORDER BY devid");
		sqlite3_bind_int64(st, 1, domid);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (i == 0)
				fprintf(f, "disk %lld %d %s\n",
				    (long long)sqlite3_column_int64(st, 0),
				    sqlite3_column_int(st, 1),
				    (const char *)sqlite3_column_text(st, 2));
			else
				fprintf(f, "nic %lld %s %s\n",
				    (long long)sqlite3_column_int64(st, 0),
				    (const char *)sqlite3_column_text(st, 1),
				    (const char *)sqlite3_column_text(st, 2));
		}
		db_done(s->db, st);
		if (rc != SQLITE_DONE)
			return db_fail(s->db, e, i == 0 ? "sim_disk" :
			    "sim_nic");
	}
	return 0;
}

/* The domain runs again, or is left paused. */
static int
resume(struct backend *b, uint32_t domid, int paused, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;

	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	d->paused = paused != 0;
	d->dirty = 1;
	return sim_finish(b, &h, 0, e);
}

/* The memory: time passes as it is written, and the file grows a hole. */
static int
write_memory(int fd, uint64_t kb, void (*tick)(void *), void *arg,
    struct xerr *e)
{
	struct timespec	 ts = { 0, SIM_SAVE_TICK_MS * 1000000L };
	uint64_t	 ms = kb / 1024 * 1000 / SIM_SAVE_MIB_S, t;
	off_t		 at;

	for (t = 0; t < ms; t += SIM_SAVE_TICK_MS) {
		if (tick != NULL)
			tick(arg);
		nanosleep(&ts, NULL);
	}
	if ((at = lseek(fd, 0, SEEK_CUR)) == -1 ||
	    ftruncate(fd, at + (off_t)(kb * 1024)) == -1) {
		xerr_set(e, XE_FAIL, "cannot write the image: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
sim_save(struct backend *b, uint32_t domid, int fd, unsigned int flags,
    void (*tick)(void *), void *arg, struct xerr *e)
{
	struct sim	*s = b->priv;
	struct simhost	 h;
	struct simdom	*d;
	struct saveimg	 si;
	struct xerr	 ue;
	FILE		*f;
	char		*text = NULL, *json = NULL, u[UUID_STR];
	size_t		 len = 0;
	uint64_t	 kb;
	int		 rv = -1, paused;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 cannot be saved");
		return -1;
	}
	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	if (d->shutdown) {
		xerr_set(e, XE_INVAL, "Domain %u has shut down: there is "
		    "nothing to save", domid);
		return sim_finish(b, &h, -1, e);
	}
	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	fprintf(f, "%s\n", SIM_IMAGE_MAGIC);
	put_fields(f, d);
	if (put_devices(s, f, domid, e) == -1) {
		fclose(f);
		free(text);
		return sim_finish(b, &h, -1, e);
	}
	fputs("end\n", f);
	if (fclose(f) != 0)
		fatal("open_memstream");
	xasprintf(&json, "{\n    \"c_info\": {\n        \"type\": \"%s\",\n"
	    "        \"name\": \"%s\",\n        \"uuid\": \"%s\"\n    },\n"
	    "    \"b_info\": {\n        \"max_vcpus\": %llu,\n"
	    "        \"max_memkb\": %llu,\n        \"target_memkb\": %llu\n"
	    "    }\n}\n", sim_type_names[d->type], d->name,
	    fmt_uuid(u, d->uuid), (unsigned long long)d->maxvcpus,
	    (unsigned long long)d->maxmem_kb, (unsigned long long)d->mem_kb);
	kb = d->mem_kb;
	/* As libxl suspends it: it runs no more while it is written. */
	paused = (int)d->paused;
	d->paused = 1;
	d->dirty = 1;
	if (sim_finish(b, &h, 0, e) == -1)
		goto out;
	if (saveimg_write(fd, json, &si, e) == -1 ||
	    full_write(fd, text, len) == -1 ||
	    write_memory(fd, kb, tick, arg, e) == -1) {
		if (e->code == XE_OK)
			xerr_set(e, XE_FAIL, "cannot write the image: %s",
			    strerror(errno));
		/* As xl: "Failed to save domain, resuming domain". */
		memset(&ue, 0, sizeof(ue));
		resume(b, domid, paused, &ue);
		goto out;
	}
	/* xl save -c: a checkpoint, the domain resumed (-p: paused). */
	if (flags & SAVE_CHECKPOINT)
		rv = resume(b, domid, paused || (flags & SAVE_PAUSED), e);
	else
		rv = sim_destroy(b, domid, e);
out:
	free(text);
	free(json);
	return rv;
}
