/*
 * xlshd: the verbs that only read: list, info, uptime,
 * vcpu-list, domid, domname and dmesg (templates and completion's name
 * lists are srv_names.c's).
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

#define DOMS_PER_FRAME		200
#define VCPUS_PER_FRAME		200

static int	select_domains(struct session *, const struct request *,
		    struct dominfo **, size_t *, struct xerr *);
static int	send_domains(struct session *, const struct dominfo *, size_t);

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

/*
 * Guests may write to it too: the shell escapes what is not text.
 * dmesg -c empties it once it is read.
 */
int
srv_dmesg(struct session *s, const struct request *req, struct xerr *e)
{
	char	*text;

	if (backend_ready(s, e) == -1 ||
	    s->be.dmesg(&s->be, req_opt(req, 'c'), &text, e) == -1)
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
