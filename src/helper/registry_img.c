/*
 * The registry's saved images (db.c's table image): one record per
 * image that save made, with its owner, its size and a copy of the
 * saved VM's record, from which restore makes the VM again should its
 * record have gone.  The file itself, STATE_DIR/images/FILE.save, is
 * named by the helper (a uuid), never by a member (image.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "registry.h"

#define IMG_COLUMNS	"name, file, owner, size, has_rec, vm, vm_name, " \
			"persistent, template, config, maxmem_kb, maxvcpus, " \
			"vols, vifs, created_ms, created_by"

static int	img_row(struct db *, sqlite3_stmt *, struct imgrec *,
		    struct xerr *);
static char	*col_dup(sqlite3_stmt *, int);

static char *
col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char	*t = sqlite3_column_text(st, col);

	return xstrdup(t != NULL ? (const char *)t : "");
}

/* One record from a row of IMG_COLUMNS, checked. */
static int
img_row(struct db *db, sqlite3_stmt *st, struct imgrec *r, struct xerr *e)
{
	sqlite3_int64	size, mem, cpus;
	int		bad;

	memset(r, 0, sizeof(*r));
	bad = db_text(r->name, sizeof(r->name), st, 0) |
	    db_text(r->file, sizeof(r->file), st, 1) |
	    db_text(r->owner, sizeof(r->owner), st, 2) |
	    db_text(r->vm.uuid, sizeof(r->vm.uuid), st, 5) |
	    db_text(r->vm.name, sizeof(r->vm.name), st, 6) |
	    db_text(r->vm.template, sizeof(r->vm.template), st, 8) |
	    db_text(r->created_by, sizeof(r->created_by), st, 15);
	size = sqlite3_column_int64(st, 3);
	r->has_rec = sqlite3_column_int(st, 4) != 0;
	r->vm.persistent = sqlite3_column_int(st, 7) != 0;
	mem = sqlite3_column_int64(st, 10);
	cpus = sqlite3_column_int64(st, 11);
	r->created_ms = (uint64_t)sqlite3_column_int64(st, 14);
	if (bad || !valid_image_name(r->name) || !is_uuid(r->file) ||
	    (r->owner[0] != '\0' && !valid_member_name(r->owner)) ||
	    !is_uuid(r->vm.uuid) || !valid_domain_name(r->vm.name) ||
	    size < 0 || mem <= 0 || cpus <= 0 || cpus > XLSH_VCPUS_MAX) {
		xerr_set(e, XE_STATE, "%s: the record of image %s is damaged; "
		    "the database was left as it is", db->path, r->name);
		return -1;
	}
	r->size = (uint64_t)size;
	r->vm.maxmem_kb = (uint64_t)mem;
	r->vm.maxvcpus = (uint32_t)cpus;
	snprintf(r->vm.owner, sizeof(r->vm.owner), "%s", r->owner);
	r->vm.config = col_dup(st, 9);
	r->vols = col_dup(st, 12);
	r->vifs = col_dup(st, 13);
	return 0;
}

/* The image called name: 1, 0 if none, -1. */
int
imgreg_get(struct db *db, const char *name, struct imgrec *r, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc, rv;

	st = db_prepare(db, "SELECT " IMG_COLUMNS " FROM image "
	    "WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rv = img_row(db, st, r, e) == 0 ? 1 : -1;
	else if (rc == SQLITE_DONE)
		rv = 0;
	else
		rv = db_fail(db, e, "image");
	db_done(db, st);
	return rv;
}

int
imgreg_insert(struct db *db, const struct imgrec *r, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, "INSERT INTO image (" IMG_COLUMNS ") VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	    "?15, ?16)");
	sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->file, -1, SQLITE_STATIC);
	if (r->owner[0] != '\0')
		sqlite3_bind_text(st, 3, r->owner, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)r->size);
	sqlite3_bind_int(st, 5, r->has_rec != 0);
	sqlite3_bind_text(st, 6, r->vm.uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r->vm.name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, r->vm.persistent != 0);
	if (r->vm.template[0] != '\0')
		sqlite3_bind_text(st, 9, r->vm.template, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, r->vm.config != NULL ? r->vm.config : "",
	    -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)r->vm.maxmem_kb);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)r->vm.maxvcpus);
	sqlite3_bind_text(st, 13, r->vols != NULL ? r->vols : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 14, r->vifs != NULL ? r->vifs : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)r->created_ms);
	sqlite3_bind_text(st, 16, r->created_by, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(db, st);
	if (rc == SQLITE_CONSTRAINT) {
		xerr_set(e, XE_EXISTS, "an image named %s already exists",
		    r->name);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "image");
}

int
imgreg_set_size(struct db *db, const char *name, uint64_t size,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, "UPDATE image SET size = ?2 WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)size);
	rc = sqlite3_step(st);
	db_done(db, st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "image");
}

int
imgreg_delete(struct db *db, const char *name, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, "DELETE FROM image WHERE name = ?1");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(db, st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "image");
}

/* Every image, or (owner not NULL) the owner's, by name. */
int
imgreg_list(struct db *db, const char *owner, struct imgrec **out,
    size_t *nout, struct xerr *e)
{
	sqlite3_stmt	*st;
	struct imgrec	*v = NULL;
	size_t		 n = 0, cap = 0;
	int		 rc;

	st = db_prepare(db, owner != NULL ?
	    "SELECT " IMG_COLUMNS " FROM image WHERE owner = ?1 ORDER BY name" :
	    "SELECT " IMG_COLUMNS " FROM image ORDER BY name");
	if (owner != NULL)
		sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if (img_row(db, st, &v[n], e) == -1)
			break;
		n++;
	}
	db_done(db, st);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			db_fail(db, e, "image");
		imgreg_free_list(v, n);
		return -1;
	}
	*out = v;
	*nout = n;
	return 0;
}

/* The owner's images: how many, and their sizes in bytes. */
int
imgreg_usage(struct db *db, const char *owner, uint64_t *count,
    uint64_t *bytes, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	*count = *bytes = 0;
	st = db_prepare(db, "SELECT count(*), total(size) FROM image "
	    "WHERE owner = ?1");
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*count = (uint64_t)sqlite3_column_int64(st, 0);
		*bytes = (uint64_t)sqlite3_column_double(st, 1);
	}
	db_done(db, st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, e, "image");
}

/* How many images the VM with this uuid has. */
int
imgreg_of_vm(struct db *db, const char *uuid, uint64_t *count,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	*count = 0;
	st = db_prepare(db, "SELECT count(*) FROM image WHERE vm = ?1");
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*count = (uint64_t)sqlite3_column_int64(st, 0);
	db_done(db, st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, e, "image");
}

void
imgreg_free(struct imgrec *r)
{
	reg_free(&r->vm);
	free(r->vols);
	free(r->vifs);
	r->vols = r->vifs = NULL;
}

void
imgreg_free_list(struct imgrec *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		imgreg_free(&v[i]);
	free(v);
}

/* A saved VM's interface again, as it was (restore, its record made). */
int
imgreg_put_vif(struct db *db, const char *vm, const struct vifrec *v,
    struct xerr *e)
{
	sqlite3_stmt	*st;
	char		 mac[18];
	int		 rc;

	st = db_prepare(db, "INSERT INTO vif (vm, devid, mac, bridge) "
	    "VALUES (?1, ?2, ?3, ?4)");
	sqlite3_bind_text(st, 1, vm, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v->devid);
	sqlite3_bind_text(st, 3, fmt_mac(mac, v->mac), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, v->bridge, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(db, st);
	if (rc == SQLITE_CONSTRAINT) {
		xerr_set(e, XE_EXISTS, "the saved VM's interface %s is "
		    "another VM's now", mac);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "vif");
}

/* The policy's view of an image: its name and its owner. */
void
img_target(const struct imgrec *r, struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->name = r->name;
	t->owner = r->owner[0] != '\0' ? r->owner : NULL;
}

/*
 * The answer for an image that is not there; also for one the member
 * may not see, so that the two cannot be told apart.
 */
void
image_missing(const char *name, struct xerr *e)
{
	xerr_set(e, XE_NOTFOUND, "no saved image named '%s' (images lists "
	    "yours)", name);
}
