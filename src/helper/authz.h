/*
 * xlshd's decisions (authz.c): every question put to the policy about
 * a member, a verb and a domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef AUTHZ_H
#define AUTHZ_H

#include "session.h"

int	visible(struct session *, enum verb_id, const struct dominfo *);
int	actionable(struct session *, const struct verb *,
	    const struct dominfo *);
int	authorize_name(struct session *, const struct request *,
	    const char *, struct xerr *);
int	authorize_request(struct session *, const struct request *,
	    struct xerr *);
void	domain_missing(const struct request *, const char *, struct xerr *);
int	quota_check(struct session *, const struct dominfo *, uint64_t,
	    uint32_t, struct xerr *);

#endif /* AUTHZ_H */
