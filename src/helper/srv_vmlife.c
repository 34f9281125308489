/*
 * xlshd: xe's lifecycle of installed VMs: vm-install makes a halted VM
 * whose record is kept until vm-uninstall; vm-start starts it (again)
 * from its record, with its uuid; vm-param-set gives a VM, or a domain
 * made in Dom0, to a member.  Each runs in the transaction request.c
 * opens, so that its decision, quota and act are one.
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
#include "template.h"

/* vm-install template=T new-name-label=N: prints the new VM's uuid. */
int
srv_vm_install(struct session *s, const struct request *req,
    struct xerr *e)
{
	const char	*tmpl = req->args[0].str, *name = req->args[1].str;
	struct domcfg	 cfg;
	struct vmrec	 rec;
	char		*data = NULL;
	size_t		 len;
	int		 rv = -1;

	memset(&rec, 0, sizeof(rec));
	snprintf(s->target, sizeof(s->target), "%s", name);
	if (authorize_new(s, req, name, e) == -1 ||
	    template_read(s->conf->templates_dir, tmpl, &data, &len,
	    e) == -1 || xlcfg_parse(data, len, tmpl, &cfg, e) == -1)
		goto out;
	snprintf(cfg.name, sizeof(cfg.name), "%s", name);
	cfg.has_uuid = 0;	/* every VM of a template is a new one */
	if (vm_new_record(s, &cfg, tmpl, 1, &rec, e) == -1 ||
	    quota_check(s, 1, NULL, 0, 0, e) == -1 ||
	    reg_insert(s->db, &rec, e) == -1 ||
	    vmdev_make(s, &cfg, rec.uuid, 0, e) == -1)
		goto out;
	slog("session %s: %s installed VM %s (%s) from %s", s->id,
	    s->member, name, rec.uuid, tmpl);
	reply_text(s, TEXT_STDOUT, "%s\n", rec.uuid);
	rv = 0;
out:
	reg_free(&rec);
	free(data);
	return rv;
}

/*
 * vm-start vm=N: a halted VM made by vm-install, started from its
 * record's configuration with its name and uuid.  A domain left shut
 * down (on_*=preserve) is cleared away first: halted is halted.
 */
int
srv_vm_start(struct session *s, const struct request *req, struct xerr *e)
{
	struct domcfg	 cfg;
	struct vm	 v;
	uint32_t	 domid;
	int		 rc, rv = -1;

	if ((rc = vm_find(s, req->args[0].str, &v, e)) <= 0) {
		if (rc == 0)
			domain_missing(req, req->args[0].str, e);
		return -1;
	}
	if (!v.has_rec || !v.rec.persistent) {
		xerr_set(e, XE_INVAL, "VM %s was not made by vm-install: "
		    "only an installed VM is started with vm-start",
		    v.has_rec ? v.rec.name : v.dom.name);
		goto out;
	}
	if (strcmp(vm_power_state(&v), "halted") != 0) {
		xerr_set(e, XE_INVAL, "VM %s is %s, not halted%s", v.rec.name,
		    vm_power_state(&v), v.rec.saved ? " (restore runs it "
		    "again from its image; images lists them)" : "");
		goto out;
	}
	if (xlcfg_parse(v.rec.config, strlen(v.rec.config),
	    v.rec.template[0] != '\0' ? v.rec.template : v.rec.name, &cfg,
	    e) == -1)
		goto out;
	snprintf(cfg.name, sizeof(cfg.name), "%s", v.rec.name);
	if (parse_uuid(v.rec.uuid, cfg.uuid) == -1)
		fatalx("vm-start: uuid %s", v.rec.uuid);
	cfg.has_uuid = 1;
	if (quota_check(s, 0, v.rec.uuid, cfg.maxmem_kb, cfg.maxvcpus,
	    e) == -1 ||
	    reg_set_maxmem(s->db, v.rec.uuid, cfg.maxmem_kb, e) == -1 ||
	    vmdev_config(s, v.rec.uuid, &cfg, e) == -1)
		goto out;
	if (v.live && s->be.destroy(&s->be, v.dom.domid, e) == -1)
		goto out;
	if (s->be.create(&s->be, &cfg, &domid, e) == -1)
		goto out;
	slog("session %s: %s started VM %s (%s) as domain %u", s->id,
	    s->member, v.rec.name, v.rec.uuid, domid);
	rv = 0;
out:
	reg_free(&v.rec);
	return rv;
}

/*
 * vm-uninstall vm=N: the record of a halted VM deleted (the shell has
 * asked the user first).
 */
int
srv_vm_uninstall(struct session *s, const struct request *req,
    struct xerr *e)
{
	struct vm	v;
	int		rc, rv = -1;

	if ((rc = vm_find(s, req->args[0].str, &v, e)) <= 0) {
		if (rc == 0)
			domain_missing(req, req->args[0].str, e);
		return -1;
	}
	if (!v.has_rec || !v.rec.persistent)
		xerr_set(e, XE_INVAL, "VM %s was not made by vm-install: "
		    "destroy ends it", v.has_rec ? v.rec.name : v.dom.name);
	else if (v.rec.saved && !v.live)
		xerr_set(e, XE_INVAL, "VM %s is suspended: restore it, or "
		    "delete its images (image-delete), first", v.rec.name);
	else if (strcmp(vm_power_state(&v), "halted") != 0)
		xerr_set(e, XE_INVAL, "VM %s is %s: shut it down first "
		    "(vm-shutdown vm=%s)", v.rec.name, vm_power_state(&v),
		    v.rec.name);
	else if ((!v.live || s->be.destroy(&s->be, v.dom.domid, e) == 0) &&
	    vmdev_remove(s, &v.rec, e) == 0 &&
	    reg_delete(s->db, v.rec.uuid, e) == 0) {
		slog("session %s: %s uninstalled VM %s (%s)", s->id,
		    s->member, v.rec.name, v.rec.uuid);
		rv = 0;
	}
	reg_free(&v.rec);
	return rv;
}

/*
 * vm-param-set vm=N owner=M: the VM is M's from now on.  A domain made
 * in Dom0 has no record: it gets one, which goes with the domain.
 */
int
srv_vm_param_set(struct session *s, const struct request *req,
    struct xerr *e)
{
	const char	*owner = req->args[1].str;
	struct vm	 v;
	int		 rc, rv;

	if ((rc = vm_find(s, req->args[0].str, &v, e)) <= 0) {
		if (rc == 0)
			domain_missing(req, req->args[0].str, e);
		return -1;
	}
	if (v.live && v.dom.domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 belongs to the host, not to a "
		    "member");
		reg_free(&v.rec);
		return -1;
	}
	if (v.has_rec)
		rv = reg_set_owner(s->db, v.rec.uuid, owner, e);
	else {
		fmt_uuid(v.rec.uuid, v.dom.uuid);
		snprintf(v.rec.name, sizeof(v.rec.name), "%s", v.dom.name);
		snprintf(v.rec.owner, sizeof(v.rec.owner), "%s", owner);
		v.rec.maxmem_kb = v.dom.max_memkb;
		v.rec.maxvcpus = v.dom.vcpu_max;
		v.rec.created_ms = now_ms();
		snprintf(v.rec.created_by, sizeof(v.rec.created_by), "%s",
		    s->member);
		rv = reg_insert(s->db, &v.rec, e);
	}
	if (rv == 0)
		slog("session %s: %s gave VM %s (%s) to %s", s->id,
		    s->member, v.rec.name, v.rec.uuid, owner);
	reg_free(&v.rec);
	return rv;
}
