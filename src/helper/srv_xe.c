/*
 * xlshd: the xe-style verbs that read: vm-list, vm-param-get and
 * host-list, printed as xe prints records (REFERENCE: cli_printer's
 * multi-line records), and quota, the member's usage against their
 * limits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "handlers.h"
#include "registry.h"
#include "session.h"

struct field {
	const char	*key;		/* with its access mark */
	const char	*value;
};

static void	record(FILE *, const struct field *, size_t);

/*
 * One record: keys padded to 4 + the longest, the first on the right,
 * the others on the left; a blank line after it.
 */
static void
record(FILE *f, const struct field *fl, size_t n)
{
	size_t	w = 0, i;

	for (i = 0; i < n; i++)
		if (strlen(fl[i].key) > w)
			w = strlen(fl[i].key);
	w += 4;
	for (i = 0; i < n; i++)
		fprintf(f, i == 0 ? "%-*s: %s\n" : "%*s: %s\n", (int)w,
		    fl[i].key, fl[i].value);
	fputc('\n', f);
}

/* Every VM the member may see, halted ones too. */
int
srv_vm_list(struct session *s, const struct request *req, struct xerr *e)
{
	struct field	 fl[3];
	struct target	 t;
	struct vm	*v;
	FILE		*f;
	char		*text = NULL, u[UUID_STR];
	size_t		 n, i, len = 0;

	if (backend_ready(s, e) == -1 || vm_all(s, &v, &n, e) == -1)
		return -1;
	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	for (i = 0; i < n; i++) {
		vm_target(&v[i], &t);
		if (!visible(s, req->verb->id, &t))
			continue;
		fl[0].key = "uuid ( RO)";
		fl[0].value = v[i].has_rec ? v[i].rec.uuid :
		    fmt_uuid(u, v[i].dom.uuid);
		fl[1].key = "name-label ( RW)";
		fl[1].value = t.name;
		fl[2].key = "power-state ( RO)";
		fl[2].value = vm_power_state(&v[i]);
		record(f, fl, 3);
	}
	if (fclose(f) != 0)
		fatal("open_memstream");
	free(v);
	reply_stdout(s, text);
	free(text);
	return 0;
}

/* One field of one VM, the value alone, as xe prints it. */
int
srv_vm_param_get(struct session *s, const struct request *req,
    struct xerr *e)
{
	const char	*p = req->args[1].str;
	struct vm	 v;
	char		 val[128];
	int		 rc;

	if ((rc = vm_find(s, req->args[0].str, &v, e)) <= 0) {
		if (rc == 0)
			domain_missing(req, req->args[0].str, e);
		return -1;
	}
	if (strcmp(p, "uuid") == 0)
		snprintf(val, sizeof(val), "%s", v.has_rec ? v.rec.uuid :
		    fmt_uuid(val, v.dom.uuid));
	else if (strcmp(p, "name-label") == 0)
		snprintf(val, sizeof(val), "%s", v.has_rec ? v.rec.name :
		    v.dom.name);
	else if (strcmp(p, "power-state") == 0)
		snprintf(val, sizeof(val), "%s", vm_power_state(&v));
	else if (strcmp(p, "memory-static-max") == 0)
		/* Bytes, as xe gives them. */
		snprintf(val, sizeof(val), "%llu", (unsigned long long)
		    (v.has_rec ? v.rec.maxmem_kb : v.dom.max_memkb) * 1024);
	else if (strcmp(p, "VCPUs-max") == 0)
		snprintf(val, sizeof(val), "%u", v.has_rec ? v.rec.maxvcpus :
		    v.dom.vcpu_max);
	else if (strcmp(p, "owner") == 0)
		snprintf(val, sizeof(val), "%s", v.has_rec ? v.rec.owner : "");
	else
		fatalx("vm-param-get: %s", p);
	reg_free(&v.rec);
	reply_text(s, TEXT_STDOUT, "%s\n", val);
	return 0;
}

int
srv_host_list(struct session *s, const struct request *req, struct xerr *e)
{
	struct hostinfo	 h;
	struct field	 fl[3];
	FILE		*f;
	char		*text = NULL, u[UUID_STR], desc[HOST_STR + 32];
	size_t		 len = 0;

	(void)req;
	if (host_info(s, &h, e) == -1 || reg_host_uuid(s->db, u, e) == -1)
		return -1;
	snprintf(desc, sizeof(desc), "Xen %u.%u%s (xlsh, %s backend)",
	    h.xen_major, h.xen_minor, h.xen_extra, s->be.name);
	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	fl[0].key = "uuid ( RO)";
	fl[0].value = u;
	fl[1].key = "name-label ( RW)";
	fl[1].value = h.host;
	fl[2].key = "name-description ( RW)";
	fl[2].value = desc;
	record(f, fl, 3);
	if (fclose(f) != 0)
		fatal("open_memstream");
	reply_stdout(s, text);
	free(text);
	return 0;
}

/* The member's VMs, memory and vcpus against the limits of their create. */
int
srv_quota(struct session *s, const struct request *req, struct xerr *e)
{
	const struct rule	*r;
	struct usage		 u;
	uint64_t		 disk, nimg, bytes;
	char			 lim[5][32];

	(void)req;
	if ((r = maker_rule(s, V_CREATE)) == NULL)
		r = maker_rule(s, V_XE_VM_INSTALL);
	if (backend_ready(s, e) == -1 ||
	    usage_of(s, s->member, NULL, &u, e) == -1 ||
	    disk_usage(s, s->member, &disk, e) == -1 ||
	    imgreg_usage(s->db, s->member, &nimg, &bytes, e) == -1)
		return -1;
	if (r == NULL) {
		reply_text(s, TEXT_STDOUT, "%s may not make VMs (%llu owned)\n",
		    s->member, (unsigned long long)u.domains);
		return 0;
	}
	snprintf(lim[0], sizeof(lim[0]), r->max_domains == QUOTA_NONE ?
	    "no limit" : "%llu", (unsigned long long)r->max_domains);
	snprintf(lim[1], sizeof(lim[1]), r->max_memkb == QUOTA_NONE ?
	    "no limit" : "%llu MiB", (unsigned long long)(r->max_memkb /
	    1024));
	snprintf(lim[2], sizeof(lim[2]), r->max_vcpus == QUOTA_NONE ?
	    "no limit" : "%llu", (unsigned long long)r->max_vcpus);
	snprintf(lim[3], sizeof(lim[3]), r->max_disk_mib == QUOTA_NONE ?
	    "no limit" : "%llu MiB", (unsigned long long)r->max_disk_mib);
	snprintf(lim[4], sizeof(lim[4]), r->max_images == QUOTA_NONE ?
	    "no limit" : "%llu", (unsigned long long)r->max_images);
	/* disk: the volumes' sizes and the saved images', as disk= counts. */
	reply_text(s, TEXT_STDOUT, "%-9s %10s  %s\n"
	    "%-9s %10llu  %s\n%-9s %6llu MiB  %s\n%-9s %10llu  %s\n"
	    "%-9s %6llu MiB  %s\n%-9s %10llu  %s\n",
	    "", "used", "limit",
	    "VMs", (unsigned long long)u.domains, lim[0],
	    "memory", (unsigned long long)(u.memkb / 1024), lim[1],
	    "vcpus", (unsigned long long)u.vcpus, lim[2],
	    "disk", (unsigned long long)disk, lim[3],
	    "images", (unsigned long long)nimg, lim[4]);
	return 0;
}
