/*
 * xlshd: xl's verbs that change domains: create, shutdown/reboot (and
 * vm-shutdown), destroy, pause/unpause, rename, mem-set, mem-max and
 * vcpu-set.  Those that change the registry run in a transaction that
 * request.c opens, with the decision.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "authz.h"
#include "handlers.h"
#include "session.h"
#include "registry.h"
#include "template.h"

#define SHUTDOWN_WAIT_MS	60000	/* shutdown -w gives up after this */
#define SHUTDOWN_POLL_MS	100

static int	wait_shutdown(struct session *, const struct dominfo *,
		    struct xerr *);

int
srv_create(struct session *s, const struct request *req, struct xerr *e)
{
	const char	*what = req->args[0].str;
	struct domcfg	 cfg;
	struct dominfo	 d;
	struct domkey	 k;
	struct vmrec	 rec;
	struct xerr	 ce;
	char		*data = NULL;
	size_t		 len;
	uint32_t	 domid;
	int		 i, r = 1, rv = -1;

	memset(&rec, 0, sizeof(rec));
	if (is_config_path(what)) {
		/* The shell read the file with the user's rights. */
		if (s->data == NULL || s->dataname == NULL ||
		    strcmp(s->dataname, what) != 0) {
			xerr_set(e, XE_USAGE, "%s: the text of %s was not "
			    "sent", req->verb->name, what);
			return -1;
		}
		reply_text(s, TEXT_STDERR, "Parsing config from %s\n", what);
		if (xlcfg_parse(s->data, s->datalen, what, &cfg, e) == -1)
			return -1;
	} else {
		if (template_read(s->conf->templates_dir, what, &data, &len,
		    e) == -1)
			return -1;
		reply_text(s, TEXT_STDERR, "Parsing config from %s\n", what);
		if (xlcfg_parse(data, len, what, &cfg, e) == -1)
			goto out;
	}
	for (i = 1; i < req->nargs; i++)
		if (req->args[i].type == A_NEWNAME)
			snprintf(cfg.name, sizeof(cfg.name), "%s",
			    req->args[i].str);
	/*
	 * Now that the name is known: may the member make it, is it free,
	 * does it fit?  Its record is written first, in the transaction
	 * the domain is made in.
	 */
	snprintf(s->target, sizeof(s->target), "%s", cfg.name);
	if (authorize_new(s, req, cfg.name, e) == -1 ||
	    vm_new_record(s, &cfg, is_config_path(what) ? NULL : what, 0,
	    &rec, e) == -1)
		goto out;
	if (req_opt(req, 'c') && !console_permitted(s, cfg.name)) {
		s->permitted = 0;
		xerr_set(e, XE_DENIED, "permission denied: %s may create %s "
		    "but not open its console: create it without -c",
		    s->member, cfg.name);
		goto out;
	}
	if (quota_check(s, 1, NULL, cfg.maxmem_kb, cfg.maxvcpus, e) == -1 ||
	    reg_insert(s->db, &rec, e) == -1 ||
	    vmdev_make(s, &cfg, rec.uuid, 1, e) == -1 ||
	    vmdev_config(s, rec.uuid, &cfg, e) == -1 ||
	    s->be.create(&s->be, &cfg, &domid, e) == -1)
		goto out;
	slog("session %s: %s created domain %u (%s, %s)", s->id, s->member,
	    domid, cfg.name, rec.uuid);
	rv = 0;
	/* As xl create -c: the domain stays made if its console fails. */
	memset(&k, 0, sizeof(k));
	k.kind = KEY_DOMID;
	k.domid = domid;
	memset(&ce, 0, sizeof(ce));
	if (req_opt(req, 'c') && ((r = s->be.lookup(&s->be, &k, &d,
	    &ce)) != 1 || console_pass(s, &d, &ce) == -1))
		reply_text(s, TEXT_STDERR, "console: %s\n", r == 0 ?
		    "the domain is gone already" : ce.msg);
out:
	reg_free(&rec);
	free(data);
	return rv;
}

/*
 * Wait up to ms for the shell's MSG_CANCEL (Ctrl-C).  Returns 1 if it
 * came, 0 if not, -1 if the shell sent anything else or left.
 */
static int
cancelled(struct session *s, int ms)
{
	struct pollfd	pfd = { s->fd, POLLIN, 0 };
	struct buf	in;
	uint32_t	type;
	int		rv;

	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	buf_init(&in, 16);
	rv = frame_read(s->fd, &type, &in, 1000) == 0 &&
	    type == MSG_CANCEL && buf_left(&in) == 0 ? 1 : -1;
	buf_free(&in);
	return rv;
}

/* shutdown -w: until the domain is gone or has shut down, or a bound. */
static int
wait_shutdown(struct session *s, const struct dominfo *d, struct xerr *e)
{
	struct dominfo	*list;
	size_t		 n, i;
	uint64_t	 deadline = now_ms() + SHUTDOWN_WAIT_MS;
	int		 found;

	reply_text(s, TEXT_STDERR, "Waiting for 1 domains\n");
	for (;;) {
		if (s->be.domains(&s->be, &list, &n, e) == -1)
			return -1;
		found = 0;
		for (i = 0; i < n; i++) {
			if (list[i].domid != d->domid)
				continue;
			found = 1;
			if (list[i].flags & DI_SHUTDOWN) {
				reply_text(s, TEXT_STDERR, "Domain %u has "
				    "been shut down, reason code %u\n",
				    d->domid, list[i].shutdown_reason);
				free(list);
				return 0;
			}
		}
		free(list);
		/*
		 * Gone: its on_poweroff destroyed it once it had shut down,
		 * which xl reports as the shutdown it saw.
		 */
		if (!found) {
			reply_text(s, TEXT_STDERR, "Domain %u has been shut "
			    "down, reason code 0\n", d->domid);
			return 0;
		}
		if (now_ms() >= deadline) {
			xerr_set(e, XE_TIMEOUT, "domain %s did not shut down "
			    "within %d s (is it paused?)", d->name,
			    SHUTDOWN_WAIT_MS / 1000);
			return -1;
		}
		/*
		 * Ctrl-C stops the waiting, not the shutdown: the domain
		 * was asked, and goes on as it would have.
		 */
		switch (cancelled(s, SHUTDOWN_POLL_MS)) {
		case 1:
			xerr_set(e, XE_FAIL, "interrupted: stopped waiting; "
			    "%s was asked to shut down and goes on doing so",
			    d->name);
			return -1;
		case -1:
			slog("session %s: the client left, or sent a message "
			    "other than a cancel, during a wait; closed", s->id);
			s->gone = 1;
			xerr_set(e, XE_FAIL, "the client left while waiting; "
			    "%s was asked to shut down and goes on doing so",
			    d->name);
			return -1;
		}
	}
}

int
srv_shutdown(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;
	int		reboot = verb_xl(req->verb) == V_REBOOT;
	int		wait = req->verb->id == V_XE_VM_SHUTDOWN ||
			    req_opt(req, 'w');
	int		r;

	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    (r = s->be.shutdown(&s->be, d.domid, (reboot ? SHUT_REBOOT : 0) |
	    (req_opt(req, 'F') ? SHUT_FALLBACK : 0), e)) == -1)
		return -1;
	/* -F, and the guest has no PV drivers: its ACPI button, as xl. */
	if (r == 1)
		reply_text(s, TEXT_STDERR, "PV control interface not "
		    "available: sending ACPI %s button event.\n", reboot ?
		    "reset" : "power");
	if (wait)
		return wait_shutdown(s, &d, e);
	return 0;
}

/*
 * A domain made by create ends with its record; a VM made by
 * vm-install is left halted, its record kept.
 */
int
srv_destroy(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;

	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    s->be.destroy(&s->be, d.domid, e) == -1)
		return -1;
	return vm_forget(s, &d, e);
}

int
srv_pause(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;

	if (resolve_domain(s, &req->args[0], &d, e) == -1)
		return -1;
	return s->be.pause(&s->be, d.domid, verb_xl(req->verb) == V_PAUSE, e);
}

/* The record keeps the VM's owner; the new name must be permitted. */
int
srv_rename(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;
	char		u[UUID_STR];

	if (resolve_domain(s, &req->args[0], &d, e) == -1)
		return -1;
	if (strcmp(d.name, req->args[1].str) == 0)
		return 0;
	if (authorize_new(s, req, req->args[1].str, e) == -1 ||
	    vm_name_free(s, req->args[1].str, e) == -1 ||
	    reg_rename(s->db, fmt_uuid(u, d.uuid), req->args[1].str,
	    e) == -1)
		return -1;
	return s->be.rename(&s->be, d.domid, req->args[1].str, e);
}

/*
 * The memory verbs change a VM's maximum (xl's mem-set, enforcing its
 * target, raises it too), which the memory quota counts: a raise is
 * checked, and the record keeps the new maximum, mem-max's lower one
 * too.
 */
static int
new_maxmem(struct session *s, const struct dominfo *d, uint64_t kb,
    int lower, struct xerr *e)
{
	struct vmrec	r;
	char		u[UUID_STR];
	int		rc;

	fmt_uuid(u, d->uuid);
	if ((rc = reg_get(s->db, u, NULL, &r, 0, e)) == -1)
		return -1;
	if (rc == 0 || kb == r.maxmem_kb || (kb < r.maxmem_kb && !lower))
		return 0;
	if (kb > r.maxmem_kb && quota_check(s, 0, u, kb, r.maxvcpus,
	    e) == -1)
		return -1;
	return reg_set_maxmem(s->db, u, kb, e);
}

int
srv_mem_set(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;

	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    new_maxmem(s, &d, req->args[1].num, 0, e) == -1)
		return -1;
	return s->be.mem_set(&s->be, d.domid, req->args[1].num, e);
}

int
srv_mem_max(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;

	if (resolve_domain(s, &req->args[0], &d, e) == -1 ||
	    new_maxmem(s, &d, req->args[1].num, 1, e) == -1)
		return -1;
	return s->be.mem_max(&s->be, d.domid, req->args[1].num, e);
}

/* Online vcpus stay within maxvcpus, which the quota has counted. */
int
srv_vcpu_set(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;

	if (resolve_domain(s, &req->args[0], &d, e) == -1)
		return -1;
	return s->be.vcpu_set(&s->be, d.domid, (uint32_t)req->args[1].num, e);
}
