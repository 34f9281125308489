/*
 * xl sysrq on the simulated host, and what its guests print on their
 * consoles after their boot log.  The guests are Debian 12 (Linux 6.1)
 * with Debian's default kernel.sysrq = 438: sync, remount, reboot and
 * power off are enabled, the signal and dump keys are not.  A guest
 * prints what Linux's drivers/tty/sysrq.c prints, and does what it
 * does: b resets it at once (shutdown reason reboot, on_reboot
 * applies), o powers it off at once (reason poweroff, on_poweroff), s
 * and u only print.  A paused or shut down guest does not answer.
 *
 * What a guest prints goes to its console log (sim_console.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "sim.h"

/* What the guest's kernel says for a key, and after it. */
struct sysrq_op {
	char		 key;
	const char	*action;
	const char	*after;
	enum pend	 pend;		/* what it does to the domain */
};

static const struct sysrq_op ops[] = {
	{ 's', "Emergency Sync", "Emergency Sync complete", PEND_NONE },
	{ 'u', "Emergency Remount R/O", "Emergency Remount complete",
	    PEND_NONE },
	{ 'b', "Resetting", NULL, PEND_REBOOT },
	{ 'o', "Power Off", "reboot: Power down", PEND_SHUTDOWN },
	{ '\0', NULL, NULL, PEND_NONE }
};

int
sim_sysrq(struct backend *b, uint32_t domid, char key, struct xerr *e)
{
	struct simhost	 h;
	struct simdom	*d;
	const struct sysrq_op *op;
	char		 line[80];
	int		 rv = 0;

	if (domid == 0) {
		xerr_set(e, XE_INVAL, "Domain-0 takes no sysrq this way");
		return -1;
	}
	if ((d = sim_begin_dom(b, &h, domid, 0, e)) == NULL)
		return -1;
	/* xenstore takes the key; no kernel runs to read it. */
	if (d->paused || d->shutdown)
		return sim_finish(b, &h, 0, e);
	for (op = ops; op->key != '\0' && op->key != key; op++)
		;
	snprintf(line, sizeof(line), "sysrq: %s", op->key != '\0' ?
	    op->action : "This sysrq operation is disabled.");
	if (sim_console_say(h.s, d, h.now, line, e) == -1 ||
	    (op->after != NULL &&
	    sim_console_say(h.s, d, h.now, op->after, e) == -1))
		rv = -1;
	else if (op->pend != PEND_NONE) {
		/* At once: the clock's next moment completes it. */
		d->pending = op->pend;
		d->pending_left_ms = 1;
		d->dirty = 1;
	}
	return sim_finish(b, &h, rv, e);
}
