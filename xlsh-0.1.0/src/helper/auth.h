/*
 * Logging a member in: PAM (auth.c), then the member's role, verbs and
 * limits (member.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef AUTH_H
#define AUTH_H

#include "session.h"

/* auth.c: 0, -1 (refused, e says why) or -2 (the client left). */
int	auth_login(struct session *, const char *, struct xerr *);

/* faillock.c */
int	faillock_locked(struct session *, const char *);
void	faillock_update(struct session *, const char *, int);

/* member.c: SESSION sent, the session READY. */
int	member_start(struct session *);

#endif /* AUTH_H */
