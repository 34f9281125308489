/*
 * A request: parsed again, decided, handled by its verb's handler,
 * logged and audited, and answered with DONE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "handlers.h"
#include "lesson.h"
#include "session.h"

typedef int (*handler_fn)(struct session *, const struct request *,
    struct xerr *);

/* The helper's half of the verb table. */
static void	request_reset(struct session *);
static void	decide_and_serve(struct session *, const struct request *,
		    handler_fn, struct xerr *);
static void	serve(struct session *, const struct request *, handler_fn,
		    struct xerr *);

static const handler_fn handlers[V__COUNT] = {
	[V_LIST] = srv_list,
	[V_VM_LIST] = srv_vm_list,
	[V_INFO] = srv_info,
	[V_UPTIME] = srv_uptime,
	[V_VCPU_LIST] = srv_vcpu_list,
	[V_DOMID] = srv_domid,
	[V_DOMNAME] = srv_domname,
	[V_TEMPLATES] = srv_templates,
	[V_DMESG] = srv_dmesg,
	[V_CREATE] = srv_create,
	[V_SHUTDOWN] = srv_shutdown,
	[V_REBOOT] = srv_shutdown,
	[V_DESTROY] = srv_destroy,
	[V_PAUSE] = srv_pause,
	[V_UNPAUSE] = srv_pause,
	[V_RENAME] = srv_rename,
	[V_MEM_SET] = srv_mem_set,
	[V_MEM_MAX] = srv_mem_max,
	[V_VCPU_SET] = srv_vcpu_set,
	[V_CONSOLE] = srv_console,
	[V_VOL_LIST] = srv_vol_list,
	[V_VOL_CREATE] = srv_vol_create,
	[V_VOL_SNAPSHOT] = srv_vol_snapshot,
	[V_VOL_RESIZE] = srv_vol_resize,
	[V_VOL_DELETE] = srv_vol_delete,
	[V_BLOCK_LIST] = srv_block_list,
	[V_BLOCK_ATTACH] = srv_block_attach,
	[V_BLOCK_DETACH] = srv_block_detach,
	[V_NETWORK_LIST] = srv_network_list,
	[V_NETWORK_ATTACH] = srv_network_attach,
	[V_NETWORK_DETACH] = srv_network_detach,
	[V_SYSRQ] = srv_sysrq,
	[V_QUOTA] = srv_quota,
	[V_XE_VM_START] = srv_vm_start,
	[V_XE_VM_INSTALL] = srv_vm_install,
	[V_XE_VM_UNINSTALL] = srv_vm_uninstall,
	[V_XE_VM_PARAM_GET] = srv_vm_param_get,
	[V_XE_VM_PARAM_SET] = srv_vm_param_set,
	[V_XE_HOST_LIST] = srv_host_list,
	[V_VCPU_PIN] = srv_vcpu_pin,
	[V_SCHED_CREDIT2] = srv_sched_credit2,
	[V_SAVE] = srv_save,
	[V_RESTORE] = srv_restore,
	[V_IMAGES] = srv_images,
	[V_IMAGE_DELETE] = srv_image_delete,
	[V_LESSON] = srv_lesson,
};

/*
 * The verbs whose decision and act must be one: they change the
 * registry, or what its quotas count.  Each is served inside one
 * transaction (BEGIN IMMEDIATE): another session's request waits.
 * shutdown -w and console, which may last, are not among them.
 */
static const unsigned char in_transaction[V__COUNT] = {
	[V_CREATE] = 1,
	[V_DESTROY] = 1,
	[V_RENAME] = 1,
	[V_MEM_SET] = 1,
	[V_MEM_MAX] = 1,
	[V_VCPU_SET] = 1,
	[V_XE_VM_START] = 1,
	[V_XE_VM_INSTALL] = 1,
	[V_XE_VM_UNINSTALL] = 1,
	[V_XE_VM_PARAM_SET] = 1,
	[V_VOL_CREATE] = 1,
	[V_VOL_SNAPSHOT] = 1,
	[V_VOL_RESIZE] = 1,
	[V_VOL_DELETE] = 1,
	[V_BLOCK_ATTACH] = 1,
	[V_BLOCK_DETACH] = 1,
	[V_NETWORK_ATTACH] = 1,
	[V_NETWORK_DETACH] = 1,
	[V_SAVE] = 1,
	[V_RESTORE] = 1,
	[V_IMAGE_DELETE] = 1,
	[V_LESSON] = 1,
};

/*
 * A plain list that came within LIST_REPEAT_MS of the one before, as top's
 * refreshes do: counted, not audited one by one (the record of the
 * first, and one for the run at its end, say it all).
 */
static int
repeated_list(struct session *s, int argc, const struct xerr *e)
{
	uint64_t	now = mono_ms();
	int		again;

	if (s->verb_word == NULL || strcmp(s->verb_word, "list") != 0 ||
	    argc != 1 || e->code != XE_OK) {
		s->list_last = 0;
		return 0;
	}
	again = s->list_last != 0 && now - s->list_last < LIST_REPEAT_MS;
	s->list_last = now;
	if (again)
		s->list_repeats++;
	return again;
}

/* What a request sets as it is decided and served, cleared before. */
static void
request_reset(struct session *s)
{
	s->resolved_is = 0;
	s->acted = 0;
	s->permitted = 0;
	s->rule = NULL;
	s->target[0] = '\0';
	free(s->known);
	s->known = NULL;
	s->nknown = 0;
}

/* Decide the request, and if it is permitted, serve it. */
static void
decide_and_serve(struct session *s, const struct request *req,
    handler_fn fn, struct xerr *e)
{
	if (authorize_request(s, req, e) == 0 && fn(s, req, e) == 0)
		e->code = XE_OK;
}

/*
 * Decide and serve a request.  One that only reads does both in one
 * snapshot (db_begin_read): its decision and its answer see the same
 * state, and its lookups share one lock.  Should it write after all
 * (the sim's host settling a request that completes; host-list's
 * first uuid) while another session writes, SQLite refuses the
 * upgrade: its replies, kept while corked, are dropped, what it wrote
 * is rolled back, and it runs again without the snapshot, where each
 * write waits its turn.  console, which may last, has no snapshot.
 */
static void
serve(struct session *s, const struct request *req, handler_fn fn,
    struct xerr *e)
{
	struct xerr	ce;
	int		snap = s->reading && verb_xl(req->verb) != V_CONSOLE;

	if (snap && (backend_ready(s, e) == -1 ||
	    db_begin_read(s->db, e) == -1))
		return;
	if (!snap) {
		decide_and_serve(s, req, fn, e);
		return;
	}
	s->db->busy = 0;
	decide_and_serve(s, req, fn, e);
	if (e->code != XE_OK && s->db->busy) {
		db_end(s->db, 0, NULL);
		buf_reset(&s->outq);
		request_reset(s);
		memset(e, 0, sizeof(*e));
		decide_and_serve(s, req, fn, e);
		return;
	}
	/* Only what it wrote, if anything, can fail to commit. */
	if (db_end(s->db, 1, &ce) == -1 && e->code == XE_OK) {
		slog("session %s: %s: not recorded: %s", s->id, s->verb_word,
		    ce.msg);
		*e = ce;
	}
}

int
serve_request(struct session *s, int argc, char **argv)
{
	struct request	 req;
	struct xerr	 e, ce;
	handler_fn	 fn = NULL;
	int		 txn = 0;

	memset(&e, 0, sizeof(e));
	s->verb_word = argv[0];
	s->reading = 0;
	request_reset(s);
	if (parse_request(argc, argv, &req, e.msg, sizeof(e.msg)) == -1)
		e.code = XE_USAGE;
	else if ((fn = handlers[verb_xl(req.verb)]) == NULL)
		xerr_set(&e, XE_USAGE, "%s is answered by the shell, not "
		    "the helper", req.verb->name);
	else {
		/*
		 * One write for its replies (session_flush), and its audit
		 * record's fsync shared with the next change's.
		 */
		s->reading = !req_modifies(&req);
		s->corked = s->reading;
		txn = in_transaction[verb_xl(req.verb)];
		if (txn && (backend_ready(s, &e) == -1 ||
		    db_begin(s->db, &e) == -1))
			txn = 0;	/* e says why */
		else if (txn)
			decide_and_serve(s, &req, fn, &e);
		else
			serve(s, &req, fn, &e);
	}
	if (txn && db_end(s->db, e.code == XE_OK, &ce) == -1 &&
	    e.code == XE_OK) {
		slog("session %s: %s: not recorded: %s", s->id, argv[0],
		    ce.msg);
		e = ce;
	}
	free(s->known);
	s->known = NULL;
	s->nknown = 0;
	/* The lesson verb checks its step itself. */
	if (fn != NULL && fn != srv_lesson)
		lesson_after(s);
	if (e.code != XE_OK && e.msg[0] == '\0')
		xerr_set(&e, XE_FAIL, "%s failed", argv[0]);
	/* The audit log has every request; this log what went wrong. */
	if (e.code == XE_FAIL)
		slog("session %s: %s %s%s%s: %s", s->id, s->member, argv[0],
		    s->target[0] != '\0' ? " " : "", s->target, e.msg);
	if (!repeated_list(s, argc, &e)) {
		session_audit_repeats(s);
		session_audit(s, argv[0], s->permitted ? "permit" : "deny",
		    e.code == XE_OK ? "ok" : e.msg);
	}
	if (!s->replied)
		reply_done(s, &e);
	s->corked = s->reading = s->acted = s->replied = 0;
	return session_flush(s);
}
