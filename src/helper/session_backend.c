/*
 * The session's backend: opened on first use, with the session's
 * database connection; a domain named by a request found through it;
 * and every change it makes audited before it acts: the
 * session's copy of the backend's table has its changing operations
 * replaced by ones that write an "acting" record for the request (once)
 * and then call the backend's own.  The request's outcome is audited
 * after, by serve_request, even when the client has gone.  So a change
 * that was made always has its record, whatever the client does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <string.h>

#include "session.h"

/* The session whose be this is. */
#define SESSION_OF(b)	((struct session *)(void *)((char *)(b) - \
			    offsetof(struct session, be)))

static void	acting(struct backend *);
static void	audit_backend(struct session *);
static int	a_create(struct backend *, const struct domcfg *, uint32_t *,
		    struct xerr *);
static int	a_shutdown(struct backend *, uint32_t, int, struct xerr *);
static int	a_destroy(struct backend *, uint32_t, struct xerr *);
static int	a_pause(struct backend *, uint32_t, int, struct xerr *);
static int	a_rename(struct backend *, uint32_t, const char *,
		    struct xerr *);
static int	a_mem_set(struct backend *, uint32_t, uint64_t, struct xerr *);
static int	a_mem_max(struct backend *, uint32_t, uint64_t, struct xerr *);
static int	a_vcpu_set(struct backend *, uint32_t, uint32_t,
		    struct xerr *);
static int	a_console(struct backend *, uint32_t, int *, struct xerr *);
static int	a_vol_create(struct backend *, const char *, uint64_t,
		    const char *, struct xerr *);
static int	a_vol_resize(struct backend *, const char *, uint64_t,
		    struct xerr *);
static int	a_vol_delete(struct backend *, const char *, struct xerr *);
static int	a_disk_attach(struct backend *, uint32_t,
		    const struct diskspec *, struct xerr *);
static int	a_disk_detach(struct backend *, uint32_t, const char *,
		    struct xerr *);
static int	a_dmesg(struct backend *, int, char **, struct xerr *);
static int	a_vcpu_pin(struct backend *, uint32_t, uint32_t, const char *,
		    const char *, struct xerr *);
static int	a_sched_set(struct backend *, uint32_t, uint32_t, uint32_t,
		    struct xerr *);
static int	a_nic_attach(struct backend *, uint32_t,
		    const struct nicspec *, uint32_t *, struct xerr *);
static int	a_nic_detach(struct backend *, uint32_t, uint32_t,
		    struct xerr *);
static int	a_sysrq(struct backend *, uint32_t, char, struct xerr *);
static int	a_save(struct backend *, uint32_t, int, unsigned int,
		    void (*)(void *), void *, struct xerr *);
static int	a_restore(struct backend *, int, const char *, int,
		    uint32_t *, struct xerr *);

static void
acting(struct backend *b)
{
	struct session	*s = SESSION_OF(b);

	if (s->acted)
		return;
	session_audit_acting(s, s->verb_word != NULL ? s->verb_word : "?");
	s->acted = 1;
}

static int
a_create(struct backend *b, const struct domcfg *c, uint32_t *id,
    struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.create(b, c, id, e);
}

static int
a_shutdown(struct backend *b, uint32_t id, int reboot, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.shutdown(b, id, reboot, e);
}

static int
a_destroy(struct backend *b, uint32_t id, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.destroy(b, id, e);
}

static int
a_pause(struct backend *b, uint32_t id, int pause, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.pause(b, id, pause, e);
}

static int
a_rename(struct backend *b, uint32_t id, const char *name, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.rename(b, id, name, e);
}

static int
a_mem_set(struct backend *b, uint32_t id, uint64_t kb, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.mem_set(b, id, kb, e);
}

static int
a_mem_max(struct backend *b, uint32_t id, uint64_t kb, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.mem_max(b, id, kb, e);
}

static int
a_vcpu_set(struct backend *b, uint32_t id, uint32_t n, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.vcpu_set(b, id, n, e);
}

/* A console is a way in to the guest: recorded as a change is. */
static int
a_console(struct backend *b, uint32_t id, int *fd, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.console(b, id, fd, e);
}

int
backend_ready(struct session *s, struct xerr *e)
{
	struct backend_args	args;

	if (s->be_open)
		return 0;
	if (s->db == NULL && db_open(s->conf->state_dir, &s->db, e) == -1)
		return -1;
	memset(&args, 0, sizeof(args));
	args.state_dir = s->conf->state_dir;
	args.db = s->db;
	args.vg = s->conf->vg;
	args.thin = s->conf->thin;
	s->be = *s->conf->backend;
	if (s->be.open(&s->be, &args, e) == -1)
		return -1;
	audit_backend(s);
	s->be_open = 1;
	return 0;
}

/*
 * Find the domain a request names, by the backend's lookup, not by
 * listing them all.  An id must exist (libxl would take any number on
 * trust); a name must match exactly.
 */
int
resolve_domain(struct session *s, const struct req_arg *a,
    struct dominfo *out, struct xerr *e)
{
	struct domkey	k;
	int		rc;

	memset(&k, 0, sizeof(k));
	if (a->is_id) {
		k.kind = KEY_DOMID;
		k.domid = (uint32_t)a->num;
	} else {
		k.kind = KEY_NAME;
		k.name = a->str;
	}
	/* A read asks once: its decision's lookup serves its handler. */
	if (s->reading && s->resolved_is != 0 &&
	    s->resolved_is == (a->is_id ? 1 : 2) && (a->is_id ?
	    s->resolved.domid == k.domid : strcmp(s->resolved.name,
	    k.name) == 0)) {
		*out = s->resolved;
		return 0;
	}
	if (backend_ready(s, e) == -1 ||
	    (rc = s->be.lookup(&s->be, &k, out, e)) == -1)
		return -1;
	if (rc == 0) {
		xerr_set(e, XE_NOTFOUND, "Domain '%s' does not exist.",
		    a->str);
		return -1;
	}
	if (s->reading) {
		s->resolved = *out;
		s->resolved_is = a->is_id ? 1 : 2;
	}
	return 0;
}

static int
a_vol_create(struct backend *b, const char *name, uint64_t mib,
    const char *origin, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.vol_create(b, name, mib, origin, e);
}

static int
a_vol_resize(struct backend *b, const char *name, uint64_t mib,
    struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.vol_resize(b, name, mib, e);
}

static int
a_vol_delete(struct backend *b, const char *name, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.vol_delete(b, name, e);
}

static int
a_disk_attach(struct backend *b, uint32_t id, const struct diskspec *d,
    struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.disk_attach(b, id, d, e);
}

static int
a_disk_detach(struct backend *b, uint32_t id, const char *vdev,
    struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.disk_detach(b, id, vdev, e);
}

/* dmesg changes the host only when it clears the ring. */
static int
a_dmesg(struct backend *b, int clear, char **out, struct xerr *e)
{
	if (clear)
		acting(b);
	return SESSION_OF(b)->be_real.dmesg(b, clear, out, e);
}

static int
a_vcpu_pin(struct backend *b, uint32_t id, uint32_t vcpu, const char *hard,
    const char *soft, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.vcpu_pin(b, id, vcpu, hard, soft, e);
}

static int
a_sched_set(struct backend *b, uint32_t id, uint32_t weight, uint32_t cap,
    struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.sched_set(b, id, weight, cap, e);
}

static int
a_nic_attach(struct backend *b, uint32_t id, const struct nicspec *n,
    uint32_t *devid, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.nic_attach(b, id, n, devid, e);
}

static int
a_nic_detach(struct backend *b, uint32_t id, uint32_t devid, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.nic_detach(b, id, devid, e);
}

static int
a_sysrq(struct backend *b, uint32_t id, char key, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.sysrq(b, id, key, e);
}

static int
a_save(struct backend *b, uint32_t id, int fd, unsigned int flags,
    void (*tick)(void *), void *arg, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.save(b, id, fd, flags, tick, arg, e);
}

static int
a_restore(struct backend *b, int fd, const char *name, int paused,
    uint32_t *id, struct xerr *e)
{
	acting(b);
	return SESSION_OF(b)->be_real.restore(b, fd, name, paused, id, e);
}

/* Once the backend is open: its changing operations go through here. */
static void
audit_backend(struct session *s)
{
	s->be_real = s->be;
	s->be.create = a_create;
	s->be.shutdown = a_shutdown;
	s->be.destroy = a_destroy;
	s->be.pause = a_pause;
	s->be.rename = a_rename;
	s->be.mem_set = a_mem_set;
	s->be.mem_max = a_mem_max;
	s->be.vcpu_set = a_vcpu_set;
	s->be.vol_create = a_vol_create;
	s->be.vol_resize = a_vol_resize;
	s->be.vol_delete = a_vol_delete;
	s->be.disk_attach = a_disk_attach;
	s->be.disk_detach = a_disk_detach;
	s->be.dmesg = a_dmesg;
	s->be.vcpu_pin = a_vcpu_pin;
	s->be.sched_set = a_sched_set;
	s->be.nic_attach = a_nic_attach;
	s->be.nic_detach = a_nic_detach;
	s->be.sysrq = a_sysrq;
	s->be.save = a_save;
	s->be.restore = a_restore;
	if (s->be.console != NULL)
		s->be.console = a_console;
}
