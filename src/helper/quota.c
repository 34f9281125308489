/*
 * Quotas: what a member's VMs hold, counted from the registry, and
 * whether a change keeps them within the permitting rule's limits.
 * The callers hold the database's write lock (request.c begins a
 * transaction for every verb that changes the registry), so that the
 * count and the act cannot be raced by another session.
 *
 * domains= counts every VM the member owns, halted ones too; memory=
 * and vcpus= count the maximums (maxmem, maxvcpus) of the running ones,
 * which their guests may grow into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "session.h"

static const char	*mib_str(char *, size_t, uint64_t);

/*
 * What member's VMs hold, leaving out the VM skip (NULL: none).  Stale
 * records met on the way are deleted when a transaction is open.
 */
int
usage_of(struct session *s, const char *member, const char *skip,
    struct usage *u, struct xerr *e)
{
	struct vmrec	*recs;
	struct dominfo	 d;
	size_t		 n, i;
	int		 live, rv = 0;

	/* A member owns few VMs: each is looked up, not the host listed. */
	memset(u, 0, sizeof(*u));
	if (backend_ready(s, e) == -1 ||
	    reg_list(s->db, member, &recs, &n, e) == -1)
		return -1;
	for (i = 0; i < n && rv == 0; i++) {
		if ((live = live_uuid(s, recs[i].uuid, &d, e)) == -1) {
			rv = -1;
			break;
		}
		if (!live && !REC_KEPT(&recs[i])) {
			if (s->db->depth > 0)
				rv = reg_delete(s->db, recs[i].uuid, e);
			continue;
		}
		if (skip != NULL && strcmp(recs[i].uuid, skip) == 0)
			continue;
		u->domains++;
		if (live) {
			u->memkb += recs[i].maxmem_kb;
			u->vcpus += recs[i].maxvcpus;
		}
	}
	free(recs);
	return rv;
}

/*
 * Would the member stay within the permitting rule's quotas with a new
 * VM (add), and with the VM uuid (NULL: the new one) running with these
 * maximums (0 and 0: halted)?
 */
int
quota_check(struct session *s, int add, const char *uuid, uint64_t memkb,
    uint32_t vcpus, struct xerr *e)
{
	const struct rule	*r = s->rule;
	struct usage		 u;

	if (r == NULL)
		fatalx("quota_check without a permitting rule");
	if (r->max_domains == QUOTA_NONE && r->max_memkb == QUOTA_NONE &&
	    r->max_vcpus == QUOTA_NONE)
		return 0;
	if (usage_of(s, s->member, uuid, &u, e) == -1)
		return -1;
	if (uuid != NULL)
		u.domains++;		/* the VM itself, left out above */
	/* Over quota: the policy's answer to this request is no. */
	s->permitted = 0;
	if (add && u.domains + 1 > r->max_domains) {
		xerr_set(e, XE_DENIED, "quota exceeded: %s may have %llu "
		    "VMs and has %llu", s->member,
		    (unsigned long long)r->max_domains,
		    (unsigned long long)u.domains);
		return -1;
	}
	if (u.memkb + memkb > r->max_memkb) {
		xerr_set(e, XE_DENIED, "quota exceeded: %s may use %llu MiB "
		    "of memory (counted at each running VM's maximum); this "
		    "would make it %llu MiB", s->member,
		    (unsigned long long)(r->max_memkb / 1024),
		    (unsigned long long)((u.memkb + memkb) / 1024));
		return -1;
	}
	if (u.vcpus + vcpus > r->max_vcpus) {
		xerr_set(e, XE_DENIED, "quota exceeded: %s may use %llu "
		    "vcpus (counted at each running VM's maximum); this "
		    "would make it %llu", s->member,
		    (unsigned long long)r->max_vcpus,
		    (unsigned long long)(u.vcpus + vcpus));
		return -1;
	}
	s->permitted = 1;
	return 0;
}

/* A size as quotas speak of it: GiB when whole, else MiB. */
static const char *
mib_str(char *buf, size_t size, uint64_t mib)
{
	if (mib % 1024 == 0)
		snprintf(buf, size, "%llu GiB", (unsigned long long)(mib >> 10));
	else
		snprintf(buf, size, "%llu MiB", (unsigned long long)mib);
	return buf;
}

/* What a member's volumes and saved images take, in MiB. */
int
disk_usage(struct session *s, const char *member, uint64_t *mib,
    struct xerr *e)
{
	uint64_t	vols, n, bytes;

	if (volreg_usage(s->db, member, &vols, e) == -1 ||
	    imgreg_usage(s->db, member, &n, &bytes, e) == -1)
		return -1;
	*mib = vols + IMG_MIB(bytes);
	return 0;
}

/*
 * Would the member stay within the permitting rule's disk= with add
 * MiB more of volumes or images?  Their volumes are counted at their
 * sizes, what the guests may write, not what the thin pool has given
 * them yet; their saved images at theirs.
 */
int
quota_disk(struct session *s, uint64_t add, struct xerr *e)
{
	const struct rule	*r = s->rule;
	uint64_t		 used;
	char			 a[32], b[32], c[32];

	if (r == NULL)
		fatalx("quota_disk without a permitting rule");
	if (r->max_disk_mib == QUOTA_NONE)
		return 0;
	if (disk_usage(s, s->member, &used, e) == -1)
		return -1;
	if (used + add > r->max_disk_mib) {
		s->permitted = 0;
		xerr_set(e, XE_DENIED, "quota exceeded: %s may have %s of "
		    "volumes and images and has %s; this would make it %s",
		    s->member,
		    mib_str(a, sizeof(a), r->max_disk_mib),
		    mib_str(b, sizeof(b), used),
		    mib_str(c, sizeof(c), used + add));
		return -1;
	}
	return 0;
}

/*
 * Would the member stay within images= with one more saved image, and
 * within disk= with its bytes?
 */
int
quota_image(struct session *s, uint64_t bytes, struct xerr *e)
{
	const struct rule	*r = s->rule;
	uint64_t		 n, used;

	if (r == NULL)
		fatalx("quota_image without a permitting rule");
	if (r->max_images != QUOTA_NONE) {
		if (imgreg_usage(s->db, s->member, &n, &used, e) == -1)
			return -1;
		if (n + 1 > r->max_images) {
			s->permitted = 0;
			xerr_set(e, XE_DENIED, "quota exceeded: %s may have "
			    "%llu saved images and has %llu (image-delete "
			    "deletes one)", s->member,
			    (unsigned long long)r->max_images,
			    (unsigned long long)n);
			return -1;
		}
	}
	return quota_disk(s, IMG_MIB(bytes), e);
}
