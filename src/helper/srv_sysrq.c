/*
 * xlshd: xl sysrq, a magic SysRq key for a guest's kernel.  Which keys
 * a member may send was decided with the request (policy_sysrq_ok, by
 * sysrq_keys' roles); Domain-0's kernel is the host's, and takes none
 * through xlsh.  As xl sysrq, it prints nothing: the guest answers on
 * its console.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handlers.h"
#include "session.h"

int
srv_sysrq(struct session *s, const struct request *req, struct xerr *e)
{
	struct dominfo	d;

	if (resolve_domain(s, &req->args[0], &d, e) == -1)
		return -1;
	if (d.domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0's kernel is the host's: it "
		    "takes no sysrq through xlsh");
		return -1;
	}
	return s->be.sysrq(&s->be, d.domid, req->args[1].str[0], e);
}
