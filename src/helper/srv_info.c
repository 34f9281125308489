/*
 * xlshd: the verbs that only read: list, info, uptime,
 * vcpu-list, domid, domname, templates, dmesg, and completion's name
 * lists.
 * The helper sends typed records; the shell renders them as xl does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authz.h"
#include "handlers.h"
#include "session.h"
#include "template.h"

#define DOMS_PER_FRAME		200
#define VCPUS_PER_FRAME		200

static int	select_domains(struct session *, const struct request *,
		    struct dominfo **, size_t *, struct xerr *);
static int	send_domains(struct session *, const struct dominfo *, size_t);
static int	template_offered(struct session *, const struct verb *,
		    const char *);

/* The domains a request names, in its order, or all of them. */
static int
select_domains(struct session *s, const struct request *req,
    struct dominfo **out, size_t *np, struct xerr *e)
{
	struct dominfo	*list;
	size_t		 n = 0;
	int		 i;

	if (req->nargs == 0) {
		/* Everything the member may see, and nothing else. */
		if (backend_ready(s, e) == -1 ||
		    s->be.domains(&s->be, &list, &n, e) == -1)
			return -1;
		sight_filter(s, req->verb, 0, list, &n);
		*out = list;
		*np = n;
		return 0;
	}
	list = xreallocarray(NULL, (size_t)req->nargs, sizeof(*list));
	for (i = 0; i < req->nargs; i++) {
		if (resolve_domain(s, &req->args[i], &list[n], e) == -1) {
			free(list);
			return -1;
		}
		n++;
	}
	*out = list;
	*np = n;
	return 0;
}

static int
send_domains(struct session *s, const struct dominfo *d, size_t n)
{
	size_t	i, k;

	i = 0;
	do {
		k = n - i < DOMS_PER_FRAME ? n - i : DOMS_PER_FRAME;
		buf_reset(&s->out);
		if (buf_put_u32(&s->out, (uint32_t)k))
			fatalx("send_domains");
		for (; k > 0; k--, i++)
			if (msg_put_dominfo(&s->out, &d[i]) == -1)
				fatalx("send_domains: record");
		reply_frame(s, MSG_DOMAINS, &s->out);
	} while (i < n);
	return 0;
}

static int
send_selected(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	*d;
	size_t		 n;

	if (select_domains(s, req, &d, &n, e) == -1)
		return -1;
	send_domains(s, d, n);
	free(d);
	return 0;
}

/* list -l: libxl's JSON of each guest's configuration. */
static int
list_long(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	*d;
	char		*json;
	size_t		 n;
	int		 rv;

	if (select_domains(s, req, &d, &n, e) == -1)
		return -1;
	rv = s->be.list_long(&s->be, d, n, &json, e);
	free(d);
	if (rv == -1)
		return -1;
	reply_stdout(s, json);
	free(json);
	return 0;
}

/* Guests may write to it too: the shell escapes what is not text. */
int
srv_dmesg(struct session *s, const struct request *req, struct xerr *e)
{
	char	*text;

	(void)req;
	if (backend_ready(s, e) == -1 || s->be.dmesg(&s->be, &text, e) == -1)
		return -1;
	reply_stdout(s, text);
	free(text);
	return 0;
}

int
srv_list(struct session *s, const struct request *req, struct xerr *e)
{
	if (req_opt(req, 'l'))
		return list_long(s, req, e);
	return send_selected(s, req, e);
}

int
srv_uptime(struct session *s, const struct request *req, struct xerr *e)
{
	return send_selected(s, req, e);
}

/*
 * The host as the backend describes it.  In system mode the helper
 * serves the machine it runs on, whichever backend: its name is the
 * machine's, as xl info's is (uname's nodename), and as HELLO's; only
 * the sandbox's simulated host keeps a name of its own.
 */
int
host_info(struct session *s, struct hostinfo *h, struct xerr *e)
{
	char	name[sizeof(h->host)];

	memset(h, 0, sizeof(*h));
	if (backend_ready(s, e) == -1 || s->be.host(&s->be, h, e) == -1)
		return -1;
	if (s->conf->mode == MODE_SYSTEM &&
	    gethostname(name, sizeof(name)) == 0) {
		name[sizeof(name) - 1] = '\0';
		snprintf(h->host, sizeof(h->host), "%s", name);
	}
	return 0;
}

int
srv_info(struct session *s, const struct request *req, struct xerr *e)
{
	struct hostinfo	h;

	(void)req;
	if (host_info(s, &h, e) == -1)
		return -1;
	buf_reset(&s->out);
	if (msg_put_hostinfo(&s->out, &h) == -1)
		fatalx("srv_info");
	return reply_frame(s, MSG_INFO, &s->out);
}

int
srv_vcpu_list(struct session *s, const struct request *req,
    struct xerr *e)
{
	struct dominfo	*d;
	struct vcpuinfo	*v;
	size_t		 n, i, nv, j, k;
	uint32_t	 nr_cpus;

	if (select_domains(s, req, &d, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (s->be.vcpus(&s->be, d[i].domid, &v, &nv, &nr_cpus,
		    e) == -1) {
			/* Gone since the listing: skip it, as xl does. */
			if (e->code == XE_NOTFOUND && req->nargs == 0)
				continue;
			free(d);
			return -1;
		}
		j = 0;
		do {
			k = nv - j < VCPUS_PER_FRAME ? nv - j :
			    VCPUS_PER_FRAME;
			buf_reset(&s->out);
			if (buf_put_u32(&s->out, nr_cpus) ||
			    buf_put_u32(&s->out, (uint32_t)k))
				fatalx("srv_vcpu_list");
			for (; k > 0; k--, j++) {
				snprintf(v[j].name, sizeof(v[j].name), "%s",
				    d[i].name);
				if (msg_put_vcpuinfo(&s->out, &v[j]) == -1)
					fatalx("srv_vcpu_list: record");
			}
			reply_frame(s, MSG_VCPUS, &s->out);
		} while (j < nv);
		free(v);
	}
	free(d);
	return 0;
}

/* domid NAME and domname ID: one resolves a name, the other an id. */
static int
translate(struct session *s, const struct request *req, int by_id,
    struct xerr *e)
{
	struct dominfo	d;
	struct req_arg	a = req->args[0];

	a.type = A_DOMAIN;
	a.is_id = by_id;
	if (resolve_domain(s, &a, &d, e) == -1) {
		if (e->code == XE_NOTFOUND)
			domain_missing(req, a.str, e);
		return -1;
	}
	if (by_id)
		return reply_text(s, TEXT_STDOUT, "%s\n", d.name);
	return reply_text(s, TEXT_STDOUT, "%u\n", d.domid);
}

int
srv_domid(struct session *s, const struct request *req, struct xerr *e)
{
	return translate(s, req, 0, e);
}

int
srv_domname(struct session *s, const struct request *req, struct xerr *e)
{
	return translate(s, req, 1, e);
}

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
