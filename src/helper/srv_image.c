/*
 * Saved images as members see them: images, virsh's table of those the
 * member may see, and image-delete; and where the helper keeps their
 * files, STATE_DIR/images (mode 0700), each UUID.save (mode 0600),
 * named by the helper, never by a member.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "authz.h"
#include "handlers.h"
#include "registry.h"
#include "session.h"

#define IMAGES_DIR	"images"

/*
 * The path of an image's file, its directory made if need be: the
 * helper's own, which no one else may enter.
 */
int
image_path(struct session *s, const char *file, char *path, size_t size,
    struct xerr *e)
{
	struct stat	st;

	if (!is_uuid(file))
		fatalx("image_path: %s", file);
	snprintf(path, size, "%s/%s", s->conf->state_dir, IMAGES_DIR);
	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		xerr_set(e, XE_STATE, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (lstat(path, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		xerr_set(e, XE_STATE, "%s: not a directory of the helper's "
		    "own, mode 0700", path);
		return -1;
	}
	if ((size_t)snprintf(path, size, "%s/%s/%s.save", s->conf->state_dir,
	    IMAGES_DIR, file) >= size) {
		xerr_set(e, XE_STATE, "%s: the state directory's path is too "
		    "long", s->conf->state_dir);
		return -1;
	}
	return 0;
}

/*
 * The images the member may see (their own; all of them for those
 * whose rule for images reaches every VM), as virsh lays out its
 * tables: name, the domain saved, its owner, size and when.
 */
int
srv_images(struct session *s, const struct request *req, struct xerr *e)
{
	static const char hdr[][8] = { "Name", "Domain", "Owner", "Size",
			    "Saved" };
	char		*(*rows)[VSH_COLS], *text = NULL, buf[64];
	struct imgrec	*v;
	struct target	 t;
	struct tm	 tm;
	time_t		 when;
	FILE		*f;
	size_t		 n, i, k, len = 0;
	int		 c, rv;

	(void)req;
	if (backend_ready(s, e) == -1 ||
	    imgreg_list(s->db, NULL, &v, &n, e) == -1)
		return -1;
	rows = xcalloc(n + 1, sizeof(*rows));
	for (c = 0; c < VSH_COLS; c++)
		rows[0][c] = xstrdup(hdr[c]);
	for (i = 0, k = 1; i < n; i++) {
		img_target(&v[i], &t);
		if (!visible(s, V_IMAGES, &t))
			continue;
		rows[k][0] = xstrdup(v[i].name);
		rows[k][1] = xstrdup(v[i].vm.name);
		rows[k][2] = xstrdup(v[i].owner[0] != '\0' ? v[i].owner : "-");
		rows[k][3] = xstrdup(vsh_capacity(buf, sizeof(buf), v[i].size));
		when = (time_t)(v[i].created_ms / 1000);
		if (localtime_r(&when, &tm) == NULL ||
		    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm) == 0)
			snprintf(buf, sizeof(buf), "-");
		rows[k][4] = xstrdup(buf);
		k++;
	}
	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	vsh_table(f, rows, k, VSH_COLS);
	if (fclose(f) != 0)
		fatal("open_memstream");
	rv = reply_stdout(s, text);
	for (i = 0; i < k; i++)
		for (c = 0; c < VSH_COLS; c++)
			free(rows[i][c]);
	free(rows);
	free(text);
	imgreg_free_list(v, n);
	return rv;
}

/*
 * image-delete: the record and the file (the shell has asked first).
 * The last image of a VM saved and not restored leaves it halted: a
 * vm-install'd VM keeps its record, a create'd one's goes.
 */
int
srv_image_delete(struct session *s, const struct request *req,
    struct xerr *e)
{
	const char	*name = req->args[0].str;
	struct imgrec	 img;
	struct vmrec	 vm;
	struct dominfo	 d;
	uint64_t	 left;
	char		 path[4096];
	int		 rc, live, rv = -1;

	if ((rc = imgreg_get(s->db, name, &img, e)) != 1) {
		if (rc == 0)
			image_missing(name, e);
		return -1;
	}
	if (image_path(s, img.file, path, sizeof(path), e) == -1 ||
	    imgreg_delete(s->db, name, e) == -1 ||
	    imgreg_of_vm(s->db, img.vm.uuid, &left, e) == -1 ||
	    (rc = reg_get(s->db, img.vm.uuid, NULL, &vm, 0, e)) == -1)
		goto out;
	if (rc == 1 && vm.saved && left == 0) {
		if ((live = live_uuid(s, vm.uuid, &d, e)) == -1 ||
		    reg_set_saved(s->db, vm.uuid, 0, e) == -1)
			goto out;
		if (!live && !vm.persistent &&
		    reg_delete(s->db, vm.uuid, e) == -1)
			goto out;
	}
	if (unlink(path) == -1 && errno != ENOENT) {
		xerr_set(e, XE_STATE, "%s: %s", path, strerror(errno));
		goto out;
	}
	reply_text(s, TEXT_STDOUT, "Image %s deleted\n", name);
	rv = 0;
out:
	imgreg_free(&img);
	return rv;
}
