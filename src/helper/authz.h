/*
 * xlshd's decisions (authz.c, listing.c, quota.c): every question put
 * to the policy about a member, a verb and a VM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef AUTHZ_H
#define AUTHZ_H

#include "registry.h"
#include "session.h"

/* authz.c */
int	visible(struct session *, enum verb_id, const struct target *);
int	console_permitted(struct session *, const char *);
int	actionable(struct session *, const struct verb *,
	    const struct target *);
int	authorize_target(struct session *, const struct request *,
	    const struct target *, struct xerr *);
int	authorize_new(struct session *, const struct request *,
	    const char *, struct xerr *);
const struct rule *maker_rule(struct session *, enum verb_id);
int	authorize_request(struct session *, const struct request *,
	    struct xerr *);
void	domain_missing(const struct request *, const char *, struct xerr *);

/* listing.c: the domains of a listing the member may see (or act on). */
void	sight_filter(struct session *, const struct verb *, int,
	    struct dominfo *, size_t *);

/* quota.c */
struct usage {
	uint64_t	domains;	/* records, halted ones too */
	uint64_t	memkb;		/* maxmem of the running ones */
	uint64_t	vcpus;		/* maxvcpus of the running ones */
};
int	usage_of(struct session *, const char *, const char *,
	    struct usage *, struct xerr *);
int	quota_check(struct session *, int, const char *, uint64_t,
	    uint32_t, struct xerr *);
int	quota_disk(struct session *, uint64_t, struct xerr *);
int	quota_image(struct session *, uint64_t, struct xerr *);
int	disk_usage(struct session *, const char *, uint64_t *,
	    struct xerr *);
/* An image's bytes as the disk= quota counts them: whole MiB. */
#define IMG_MIB(b)	(((b) + (1ULL << 20) - 1) >> 20)

#endif /* AUTHZ_H */
