/*
 * xl's save and restore, into images the helper keeps.  A member names
 * an image, never a file: its file is STATE_DIR/images/UUID.save,
 * named and made by the helper (srv_image.c), and the registry's
 * record of it (registry_img.c) says whose it is, how large, and what
 * VM it holds.  The image is its VM's owner's, and counts against
 * their images= and disk= quotas.
 *
 * save writes the domain into the image and destroys it, as xl save
 * does; the VM's record is kept, marked saved (xe's power-state
 * suspended), so that its name, owner and devices wait for it.
 * restore makes the domain again from the image, with its name, uuid
 * and owner; the image is kept, as xl keeps its file, until
 * image-delete.  A VM whose record has gone since (a create'd domain
 * restored and destroyed) gets it again from the image's copy.
 *
 * Both run in the transaction request.c opens, with their decision.
 * Ctrl-C during a save stops the wait, not the save: the answer comes
 * at once, and the session finishes the save before it reads the next
 * request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authz.h"
#include "handlers.h"
#include "registry.h"
#include "session.h"

#define IMAGE_HEAD_KB	64	/* a save's estimate beyond the memory */

struct savewait {
	struct session	*s;
	const char	*dom;		/* the domain's name */
	const char	*image;
};

static void	save_tick(void *);
static int	devices_text(struct session *, const char *, struct imgrec *,
		    struct xerr *);
static int	record_again(struct session *, const struct imgrec *,
		    struct xerr *);

/*
 * Now and then while the domain is written: a Ctrl-C (MSG_CANCEL) is
 * answered at once, and the save goes on.  Anything else from the
 * shell, or its leaving, ends the answers; the save goes on too.
 */
static void
save_tick(void *arg)
{
	struct savewait	*w = arg;
	struct session	*s = w->s;
	struct pollfd	 pfd = { s->fd, POLLIN, 0 };
	struct xerr	 e;
	struct buf	 in;
	uint32_t	 type;
	int		 rc;

	if (s->replied || s->gone || poll(&pfd, 1, 0) <= 0)
		return;
	buf_init(&in, 16);
	rc = frame_read(s->fd, &type, &in, 1000);
	if (rc == 0 && type == MSG_CANCEL && buf_left(&in) == 0) {
		xerr_set(&e, XE_FAIL, "interrupted: stopped waiting; the save "
		    "of %s into %s goes on (images shows it when done)",
		    w->dom, w->image);
		reply_done(s, &e);
		s->replied = 1;
	} else {
		slog("session %s: the client left, or sent a message other "
		    "than a cancel, during a save; closed", s->id);
		s->gone = 1;
	}
	buf_free(&in);
}

/* The VM's volumes and interfaces, as the image keeps them. */
static int
devices_text(struct session *s, const char *uuid, struct imgrec *img,
    struct xerr *e)
{
	struct volrec	*v;
	struct vifrec	*f;
	FILE		*fp;
	char		*t = NULL, mac[18];
	size_t		 n, i, len = 0;
	int		 k;

	for (k = 0; k < 2; k++) {
		if ((fp = open_memstream(&t, &len)) == NULL)
			fatal("open_memstream");
		if (k == 0 && volreg_list(s->db, NULL, uuid, &v, &n, e) == 0) {
			for (i = 0; i < n; i++)
				fprintf(fp, "%s%s:%s", i ? " " : "", v[i].name,
				    v[i].vdev);
			free(v);
		} else if (k == 1 && vif_list(s->db, uuid, &f, &n, e) == 0) {
			for (i = 0; i < n; i++)
				fprintf(fp, "%s%u:%s:%s", i ? " " : "",
				    f[i].devid, fmt_mac(mac, f[i].mac),
				    f[i].bridge);
			free(f);
		} else {
			fclose(fp);
			free(t);
			return -1;
		}
		if (fclose(fp) != 0)
			fatal("open_memstream");
		*(k == 0 ? &img->vols : &img->vifs) = t;
		t = NULL;
	}
	return 0;
}

int
srv_save(struct session *s, const struct request *req, struct xerr *e)
{
	const char	*name = req->args[1].str;
	struct savewait	 w;
	struct dominfo	 d;
	struct imgrec	 img, old;
	struct saveimg	 si;
	struct stat	 st;
	uint8_t		 u[16];
	char		 path[4096];
	int		 fd = -1, rc, keep, rv = -1;

	memset(&img, 0, sizeof(img));
	memset(&si, 0, sizeof(si));
	if (resolve_domain(s, &req->args[0], &d, e) == -1)
		return -1;
	if ((rc = imgreg_get(s->db, name, &old, e)) != 0) {
		if (rc == 1) {
			imgreg_free(&old);
			xerr_set(e, XE_EXISTS, "an image named %s already "
			    "exists (image-delete deletes it)", name);
		}
		return -1;
	}
	snprintf(img.name, sizeof(img.name), "%s", name);
	fmt_uuid(img.vm.uuid, d.uuid);
	if ((rc = reg_get(s->db, img.vm.uuid, NULL, &img.vm, 1, e)) == -1)
		goto out;
	img.has_rec = rc;
	if (!img.has_rec) {
		/* A domain made in Dom0: nobody's, as its image. */
		snprintf(img.vm.name, sizeof(img.vm.name), "%s", d.name);
		img.vm.maxmem_kb = d.max_memkb != 0 ? d.max_memkb :
		    d.current_memkb;
		img.vm.maxvcpus = d.vcpu_max != 0 ? d.vcpu_max : 1;
		img.vm.config = xstrdup("");
	}
	snprintf(img.owner, sizeof(img.owner), "%s", img.vm.owner);
	/* The owner's quotas; an administrator's own rule has its own. */
	if (strcmp(img.owner, s->member) == 0 && quota_image(s,
	    (d.current_memkb + IMAGE_HEAD_KB) * 1024, e) == -1)
		goto out;
	if (devices_text(s, img.vm.uuid, &img, e) == -1)
		goto out;
	new_uuid(u);
	fmt_uuid(img.file, u);
	img.created_ms = now_ms();
	snprintf(img.created_by, sizeof(img.created_by), "%s", s->member);
	if (image_path(s, img.file, path, sizeof(path), e) == -1)
		goto out;
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		xerr_set(e, XE_STATE, "%s: %s", path, strerror(errno));
		goto out;
	}
	w.s = s;
	w.dom = d.name;
	w.image = name;
	/* xl save -p, as -c, leaves the domain (paused). */
	keep = req_opt(req, 'c') || req_opt(req, 'p');
	if (s->be.save(&s->be, d.domid, fd, (keep ? SAVE_CHECKPOINT : 0) |
	    (req_opt(req, 'p') ? SAVE_PAUSED : 0), save_tick, &w, e) == -1)
		goto out;
	if (fstat(fd, &st) == -1 || lseek(fd, 0, SEEK_SET) == -1 ||
	    saveimg_read(fd, &si, e) == -1) {
		if (e->code == XE_OK)
			xerr_set(e, XE_STATE, "%s: %s", path, strerror(errno));
		goto out;
	}
	img.size = (uint64_t)st.st_size;
	if (imgreg_insert(s->db, &img, e) == -1 || (img.has_rec && !keep &&
	    reg_set_saved(s->db, img.vm.uuid, 1, e) == -1))
		goto out;
	reply_text(s, TEXT_STDERR, "Saving to %s new xl format (info "
	    "0x%x/0x%x/%u)\n", name, si.mandatory, si.optional, si.optlen);
	slog("session %s: %s saved domain %u (%s) into image %s (%s, %llu "
	    "bytes)", s->id, s->member, d.domid, d.name, name, img.file,
	    (unsigned long long)img.size);
	rv = 0;
out:
	if (fd != -1) {
		close(fd);
		if (rv == -1)
			unlink(path);
	}
	saveimg_free(&si);
	imgreg_free(&img);
	return rv;
}

/*
 * The VM's record, gone since the save, made again from the image's
 * copy: its name, uuid and owner, its volumes attached again and its
 * interfaces, which must be free.
 */
static int
record_again(struct session *s, const struct imgrec *img, struct xerr *e)
{
	struct vmrec	 r = img->vm;
	struct volrec	 v;
	struct vifrec	 f;
	uint64_t	 devid;
	char		*list, *rest, *w, *c, *c2;
	int		 rc = 0, k;

	r.saved = 0;
	r.created_ms = now_ms();
	snprintf(r.created_by, sizeof(r.created_by), "%s", s->member);
	if (reg_insert(s->db, &r, e) == -1)
		return -1;
	for (k = 0; k < 2 && rc == 0; k++) {
		list = xstrdup(k == 0 ? img->vols : img->vifs);
		rest = list;
		while (rc == 0 && (w = strsep(&rest, " ")) != NULL) {
			if (*w == '\0' || (c = strchr(w, ':')) == NULL)
				continue;
			*c++ = '\0';
			if (k == 0) {
				if ((rc = volreg_get(s->db, w, &v, e)) == 1 &&
				    v.vm[0] == '\0') {
					rc = volreg_attach(s->db, w, r.uuid, c,
					    e);
					continue;
				}
				if (rc != -1)
					xerr_set(e, XE_BUSY, "the saved VM's "
					    "volume %s is %s", w, rc == 0 ?
					    "gone" : "another VM's now");
				rc = -1;
				continue;
			}
			memset(&f, 0, sizeof(f));
			if ((c2 = strrchr(c, ':')) == NULL || c2 - c != 17)
				continue;
			*c2++ = '\0';
			if (parse_mac(c, f.mac) == -1 ||
			    parse_uint(w, 255, &devid) == -1)
				continue;
			f.devid = (uint32_t)devid;
			snprintf(f.bridge, sizeof(f.bridge), "%s", c2);
			rc = imgreg_put_vif(s->db, r.uuid, &f, e);
		}
		free(list);
	}
	return rc;
}

int
srv_restore(struct session *s, const struct request *req, struct xerr *e)
{
	const char	*name = req->args[0].str;
	struct imgrec	 img;
	struct vmrec	 rec;
	struct dominfo	 d;
	struct saveimg	 si;
	char		 path[4096];
	uint32_t	 domid;
	int		 fd = -1, rc, has = 0, rv = -1;

	memset(&si, 0, sizeof(si));
	memset(&rec, 0, sizeof(rec));
	if ((rc = imgreg_get(s->db, name, &img, e)) != 1) {
		if (rc == 0)
			image_missing(name, e);
		return -1;
	}
	if (image_path(s, img.file, path, sizeof(path), e) == -1)
		goto out;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		xerr_set(e, XE_STATE, "Can't open restore file: %s",
		    strerror(errno));
		goto out;
	}
	if (saveimg_read(fd, &si, e) == -1)
		goto out;
	reply_text(s, TEXT_STDERR, "Loading new save file %s (new xl fmt "
	    "info 0x%x/0x%x/%u)\n", name, si.mandatory, si.optional,
	    si.optlen);
	if (si.optlen != 0)
		reply_text(s, TEXT_STDERR, " Savefile contains xl domain "
		    "config%s\n", si.mandatory & SAVEIMG_JSON ?
		    " in JSON format" : "");
	reply_text(s, TEXT_STDERR, "Parsing config from <saved>\n");
	/* Its record, if it has one still: its name now, its owner. */
	if (img.has_rec &&
	    (has = reg_get(s->db, img.vm.uuid, NULL, &rec, 0, e)) == -1)
		goto out;
	if (has && (rc = live_uuid(s, rec.uuid, &d, e)) != 0) {
		if (rc == 1)
			xerr_set(e, XE_EXISTS, "Domain with name \"%s\" "
			    "already exists.", d.name);
		goto out;
	}
	if (!has && vm_name_free(s, img.vm.name, e) == -1)
		goto out;
	snprintf(s->target, sizeof(s->target), "%s", has ? rec.name :
	    img.vm.name);
	if (strcmp(img.owner, s->member) == 0 && quota_check(s, !has &&
	    img.has_rec, has ? rec.uuid : NULL, img.vm.maxmem_kb,
	    img.vm.maxvcpus, e) == -1)
		goto out;
	if (!has && img.has_rec && record_again(s, &img, e) == -1)
		goto out;
	if (s->be.restore(&s->be, fd, has ? rec.name : img.vm.name,
	    req_opt(req, 'p'), &domid, e) == -1)
		goto out;
	if (img.has_rec && reg_set_saved(s->db, img.vm.uuid, 0, e) == -1)
		goto out;
	slog("session %s: %s restored image %s as domain %u (%s)", s->id,
	    s->member, name, domid, s->target);
	rv = 0;
out:
	if (fd != -1)
		close(fd);
	saveimg_free(&si);
	imgreg_free(&img);
	return rv;
}
