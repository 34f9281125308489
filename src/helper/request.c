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
#include "session.h"

typedef int (*handler_fn)(struct session *, const struct request *,
    struct xerr *);

/* The helper's half of the verb table. */
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
};

int
serve_request(struct session *s, int argc, char **argv)
{
	struct request	 req;
	struct xerr	 e;
	handler_fn	 fn;

	memset(&e, 0, sizeof(e));
	s->permitted = 0;
	s->target[0] = '\0';
	if (parse_request(argc, argv, &req, e.msg, sizeof(e.msg)) == -1)
		e.code = XE_USAGE;
	else if ((fn = handlers[verb_xl(req.verb)]) == NULL)
		xerr_set(&e, XE_USAGE, "%s is answered by the shell, not "
		    "the helper", req.verb->name);
	else if (authorize_request(s, &req, &e) == 0 && fn(s, &req, &e) == 0)
		e.code = XE_OK;
	free(s->known);
	s->known = NULL;
	s->nknown = 0;
	if (e.code != XE_OK && e.msg[0] == '\0')
		xerr_set(&e, XE_FAIL, "%s failed", argv[0]);
	slog("session %s: %s %s%s%s: %s%s%s", s->id, s->member, argv[0],
	    s->target[0] != '\0' ? " " : "", s->target,
	    xerr_name(e.code), e.code ? ": " : "", e.code ? e.msg : "");
	session_audit(s, argv[0], s->permitted ? "permit" : "deny",
	    e.code == XE_OK ? "ok" : e.msg);
	return reply_done(s, &e);
}
