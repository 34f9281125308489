/*
 * xlshd: the names a member may use: the templates verb, and the name
 * lists of completion (NAMES_QUERY), of domains, VMs, volumes, saved
 * images and templates, each for one verb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "handlers.h"
#include "session.h"
#include "template.h"

static int	template_offered(struct session *, const struct verb *,
		    const char *);
static int	by_name(const void *, const void *);

int
srv_templates(struct session *s, const struct request *req,
    struct xerr *e)
{
	char	**names;
	size_t	  n, i;

	(void)req;
	if (template_list(s->conf->templates_dir, &names, &n) == -1) {
		xerr_set(e, XE_FAIL, "cannot read the templates directory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (template_offered(s, verb_by_id(V_CREATE), names[i]) ||
		    template_offered(s, verb_by_id(V_XE_VM_INSTALL), names[i]))
			reply_text(s, TEXT_STDOUT, "%s\n", names[i]);
	strv_free(names, n);
	return 0;
}

/* May the rule for v give this template? */
static int
template_offered(struct session *s, const struct verb *v, const char *name)
{
	const struct rule	*r;
	size_t			 i;

	if ((r = policy_match(s->policy, &s->m, v->id, NULL)) == NULL ||
	    !r->permit)
		return 0;
	if (r->templates == NULL)
		return 1;
	for (i = 0; i < r->ntemplates; i++)
		if (strcmp(r->templates[i], name) == 0)
			return 1;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	const struct dominfo	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

/*
 * For completion: the names that begin with prefix of the domains the
 * member may use verb v on, or of the templates they may create from,
 * in as many frames as they need (the prefix keeps most answers to one).
 */
int
srv_names(struct session *s, uint32_t kind, const struct verb *v,
    const char *prefix, struct xerr *e)
{
	size_t		  plen = strlen(prefix);
	struct dominfo	 *d = NULL;
	struct vm	 *vms;
	struct vol	 *vols;
	struct imgrec	 *imgs;
	struct target	  t;
	char		**names = NULL;
	struct buf	  body;
	size_t		  n = 0, i, k, first;
	int		  rv = 0, halted;

	if (kind == NAMES_DOMAINS) {
		/* Those the prefix begins, by an index where there is one. */
		if (backend_ready(s, e) == -1 || (s->be.named != NULL ?
		    s->be.named(&s->be, prefix, &d, &n, e) :
		    s->be.domains(&s->be, &d, &n, e)) == -1)
			return -1;
		for (i = k = 0; i < n; i++)
			if (strncmp(d[i].name, prefix, plen) == 0)
				d[k++] = d[i];
		n = k;
		/* In name order, as the index gives them. */
		if (s->be.named == NULL && n > 1)
			qsort(d, n, sizeof(*d), by_name);
		sight_filter(s, v, 1, d, &n);
	} else if (kind == NAMES_VMS) {
		if (backend_ready(s, e) == -1 || vm_all(s, &vms, &n, e) == -1)
			return -1;
		names = xcalloc(n + 1, sizeof(*names));
		/* vm-start and vm-uninstall: only installed VMs, halted. */
		halted = v->id == V_XE_VM_START || v->id == V_XE_VM_UNINSTALL;
		for (i = k = 0; i < n; i++) {
			vm_target(&vms[i], &t);
			if (halted && (!vms[i].has_rec ||
			    !vms[i].rec.persistent ||
			    strcmp(vm_power_state(&vms[i]), "halted") != 0))
				continue;
			if (strncmp(t.name, prefix, plen) == 0 &&
			    actionable(s, v, &t))
				names[k++] = xstrdup(t.name);
		}
		free(vms);
		n = k;
	} else if (kind == NAMES_VOLUMES) {
		if (vol_all(s, &vols, &n, e) == -1)
			return -1;
		names = xcalloc(n + 1, sizeof(*names));
		for (i = k = 0; i < n; i++) {
			vol_target(&vols[i], &t);
			if (strncmp(t.name, prefix, plen) == 0 &&
			    actionable(s, v, &t))
				names[k++] = xstrdup(t.name);
		}
		free(vols);
		n = k;
	} else if (kind == NAMES_BRIDGES) {
		/* For those who may use the verb at all. */
		names = xcalloc(s->conf->nbridges + 1, sizeof(*names));
		for (i = 0; i < s->conf->nbridges &&
		    (s->verbs & (1ULL << v->id)); i++)
			if (strncmp(s->conf->bridges[i], prefix, plen) == 0)
				names[n++] = xstrdup(s->conf->bridges[i]);
	} else if (kind == NAMES_IMAGES) {
		if (backend_ready(s, e) == -1 ||
		    imgreg_list(s->db, NULL, &imgs, &n, e) == -1)
			return -1;
		names = xcalloc(n + 1, sizeof(*names));
		for (i = k = 0; i < n; i++) {
			img_target(&imgs[i], &t);
			if (strncmp(t.name, prefix, plen) == 0 &&
			    actionable(s, v, &t))
				names[k++] = xstrdup(t.name);
		}
		imgreg_free_list(imgs, n);
		n = k;
	} else if (kind == NAMES_TEMPLATES) {
		if (template_list(s->conf->templates_dir, &names, &n) == -1)
			n = 0;
		for (i = k = 0; i < n; i++) {
			if (strncmp(names[i], prefix, plen) == 0 &&
			    template_offered(s, v, names[i]))
				names[k++] = names[i];
			else
				free(names[i]);
		}
		n = k;
	} else {
		xerr_set(e, XE_USAGE, "unknown name list %u", kind);
		return -1;
	}
	/* Each frame as full as it can be; an empty list is one frame. */
	buf_init(&body, FRAME_MAX - 4);
	i = 0;
	do {
		buf_reset(&body);
		for (first = i; i < n; i++)
			if (buf_put_str(&body, d != NULL ? d[i].name :
			    names[i]))
				break;
		buf_reset(&s->out);
		if (buf_put_u32(&s->out, (uint32_t)(i - first)) ||
		    buf_put(&s->out, body.data, body.len))
			fatalx("srv_names");
		rv = reply_frame(s, MSG_NAMES, &s->out);
	} while (i < n && rv == 0);
	buf_free(&body);
	free(d);
	strv_free(names, names != NULL ? n : 0);
	return rv;
}
