/*
 * A lesson step's checks, held against the host (the backend) and the
 * registry: never against what was typed.  A domain, volume or VM is
 * the member's only if the registry says the member owns it; another's
 * of the same name is as good as absent.  A question's answer is
 * compared with the host's own value of the moment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authz.h"
#include "handlers.h"
#include "lesson.h"
#include "registry.h"
#include "session.h"

static int	domain_holds(struct session *, const struct check *,
		    const char *, struct progress *, struct xerr *);
static int	volume_holds(struct session *, const struct check *,
		    const char *, struct xerr *);
static int	vm_holds(struct session *, const struct check *,
		    const char *, struct xerr *);
static int	host_value(struct session *, enum check_what, const char *,
		    char *, size_t, struct xerr *);

/* Is the domain d the member's?  1, 0, or -1. */
static int
mine(struct session *s, const struct dominfo *d, struct xerr *e)
{
	struct vmrec	rec;
	char		u[UUID_STR];
	int		rc;

	fmt_uuid(u, d->uuid);
	if ((rc = reg_get(s->db, u, NULL, &rec, 0, e)) != 1)
		return rc;
	return strcmp(rec.owner, s->member) == 0;
}

/* A disk of domain d at vdev, of volume vol if vol is not NULL. */
static int
has_disk(struct session *s, const struct dominfo *d, const char *vdev,
    const char *vol, struct xerr *e)
{
	struct diskinfo	*disks = NULL;
	struct volinfo	 vi;
	size_t		 n, i;
	uint32_t	 devid;
	int		 rc = 0;

	if (parse_vdev(vdev, &devid) == -1 ||
	    s->be.disks(&s->be, d->domid, &disks, &n, e) == -1)
		return -1;
	if (vol != NULL && (rc = s->be.vol(&s->be, vol, &vi, e)) != 1)
		goto out;
	rc = 0;
	for (i = 0; i < n; i++)
		if (disks[i].devid == devid && (vol == NULL ||
		    strcmp(disks[i].target, vi.path) == 0))
			rc = 1;
out:
	free(disks);
	return rc;
}

static int
domain_holds(struct session *s, const struct check *c, const char *name,
    struct progress *p, struct xerr *e)
{
	struct domkey	 k;
	struct dominfo	 d;
	struct nicinfo	*nics = NULL;
	char		 u[UUID_STR], memo[sizeof(p->memo)], *vol;
	size_t		 n;
	int		 rc, down;

	memset(&k, 0, sizeof(k));
	k.kind = KEY_NAME;
	k.name = name;
	if ((rc = s->be.lookup(&s->be, &k, &d, e)) == 1)
		rc = mine(s, &d, e);
	if (rc == -1)
		return -1;
	if (c->what == CW_ABSENT)
		return !rc;
	if (rc == 0)
		return 0;
	down = (d.flags & (DI_SHUTDOWN | DI_DYING)) != 0;
	switch (c->what) {
	case CW_EXISTS:
		return 1;
	case CW_RUNNING:
		return !down && !(d.flags & DI_PAUSED);
	case CW_PAUSED:
		return !down && (d.flags & DI_PAUSED);
	case CW_SHUTDOWN:
		return down;
	case CW_MEMORY:
		return d.current_memkb == c->num;
	case CW_MAXMEM:
		return d.max_memkb == c->num;
	case CW_VCPUS:
		return d.vcpu_online == c->num;
	case CW_MAXVCPUS:
		return d.vcpu_max == c->num;
	case CW_REASON:
		return down && d.shutdown_reason == c->num;
	case CW_REBOOTED:
		/*
		 * The same domain (its uuid) under a new domid, which a
		 * reboot gives it; noted the first time the step sees it.
		 */
		snprintf(memo, sizeof(memo), "%s %" PRIu32, fmt_uuid(u,
		    d.uuid), d.domid);
		if (strncmp(p->memo, u, strlen(u)) != 0) {
			snprintf(p->memo, sizeof(p->memo), "%s", memo);
			return 0;
		}
		return strcmp(p->memo, memo) != 0 && !down;
	case CW_DISK:
		vol = c->arg2 != NULL ? lesson_expand(c->arg2, s->member) :
		    NULL;
		rc = has_disk(s, &d, c->arg, vol, e);
		free(vol);
		return rc;
	case CW_NICS:
		if (s->be.nics(&s->be, d.domid, &nics, &n, e) == -1)
			return -1;
		free(nics);
		return n == c->num;
	default:
		return 0;
	}
}

static int
volume_holds(struct session *s, const struct check *c, const char *name,
    struct xerr *e)
{
	struct vol	 v;
	struct vm	 vm;
	char		*arg = NULL;
	int		 rc;

	if ((rc = vol_find(s, name, &v, e)) == -1)
		return -1;
	rc = rc == 1 && v.has_rec && strcmp(v.rec.owner, s->member) == 0;
	if (c->what == CW_ABSENT)
		return !rc;
	if (!rc)
		return 0;
	if (c->arg != NULL)
		arg = lesson_expand(c->arg, s->member);
	switch (c->what) {
	case CW_EXISTS:
		break;
	case CW_SNAPSHOT_OF:
		rc = strcmp(v.info.origin, arg) == 0;
		break;
	case CW_SIZE:
		rc = v.info.size_mib == c->num;
		break;
	case CW_DETACHED:
		rc = v.rec.vm[0] == '\0' && !v.info.open;
		break;
	case CW_ATTACHED:
		if ((rc = vm_find(s, arg, &vm, e)) == 1) {
			rc = vm.has_rec && strcmp(vm.rec.uuid, v.rec.vm) == 0;
			reg_free(&vm.rec);
		}
		break;
	default:
		rc = 0;
		break;
	}
	free(arg);
	return rc;
}

static int
vm_holds(struct session *s, const struct check *c, const char *name,
    struct xerr *e)
{
	struct vm	 v;
	const char	*state;
	int		 rc;

	if ((rc = vm_find(s, name, &v, e)) == -1)
		return -1;
	if (rc == 1) {
		rc = v.has_rec && strcmp(v.rec.owner, s->member) == 0;
		reg_free(&v.rec);
	}
	if (c->what == CW_ABSENT)
		return !rc;
	if (!rc)
		return 0;
	state = vm_power_state(&v);
	switch (c->what) {
	case CW_EXISTS:
		return 1;
	case CW_HALTED:
		return strcmp(state, "halted") == 0;
	case CW_RUNNING:
		return strcmp(state, "running") == 0;
	case CW_PAUSED:
		return strcmp(state, "paused") == 0;
	default:
		return 0;
	}
}

/*
 * Do all the step's checks hold?  A question's (check answer) never
 * holds here: lesson_answer decides it.  p->memo may change.
 */
int
lesson_step_holds(struct session *s, const struct step *st,
    struct progress *p, struct xerr *e)
{
	char	*name;
	size_t	 i;
	int	 rc = 1;

	if (lesson_asks(st))
		return 0;
	if (backend_ready(s, e) == -1)
		return -1;
	for (i = 0; i < st->nchecks && rc == 1; i++) {
		name = lesson_expand(st->checks[i].name, s->member);
		switch (st->checks[i].kind) {
		case CK_DOMAIN:
			rc = domain_holds(s, &st->checks[i], name, p, e);
			break;
		case CK_VOLUME:
			rc = volume_holds(s, &st->checks[i], name, e);
			break;
		case CK_VM:
			rc = vm_holds(s, &st->checks[i], name, e);
			break;
		default:
			rc = 0;
			break;
		}
		free(name);
	}
	return rc;
}

/* The host's value of what, as text, seen as the member sees it. */
/* A value of the member's domain called name ("none" if none is). */
static int
domain_value(struct session *s, enum check_what what, const char *name,
    char *out, size_t size, struct xerr *e)
{
	struct domkey	 k;
	struct dominfo	 d;
	struct nicinfo	*nics = NULL;
	size_t		 n = 0;
	int		 rc;

	memset(&k, 0, sizeof(k));
	k.kind = KEY_NAME;
	k.name = name;
	snprintf(out, size, "none");
	if (backend_ready(s, e) == -1 ||
	    (rc = s->be.lookup(&s->be, &k, &d, e)) == -1 ||
	    (rc == 1 && (rc = mine(s, &d, e)) == -1))
		return -1;
	if (rc == 0)
		return 0;
	if (what == CW_DOM_MEMORY) {
		snprintf(out, size, "%" PRIu64, d.current_memkb / 1024);
		return 0;
	}
	if (s->be.nics(&s->be, d.domid, &nics, &n, e) == -1)
		return -1;
	if (n > 0)
		snprintf(out, size, "%" PRIu32, nics[0].backend_id);
	free(nics);
	return 0;
}

static int
host_value(struct session *s, enum check_what what, const char *arg,
    char *out, size_t size, struct xerr *e)
{
	struct hostinfo	 h;
	struct dominfo	*d = NULL, *first = NULL;
	size_t		 n = 0, i;
	uint64_t	 sum = 0;

	if (what == CW_CPUS || what == CW_HOST_MEMORY ||
	    what == CW_XEN_VERSION || what == CW_SCHEDULER) {
		/* What info would not show the member, no answer shows. */
		if (!(s->verbs & (1ULL << V_INFO))) {
			xerr_set(e, XE_DENIED, "lesson: the answer is in info's "
			    "output, and your role does not include info");
			return -1;
		}
		if (host_info(s, &h, e) == -1)
			return -1;
		if (what == CW_CPUS)
			snprintf(out, size, "%" PRIu32, h.nr_cpus);
		else if (what == CW_HOST_MEMORY)
			snprintf(out, size, "%" PRIu64, h.total_mib);
		else if (what == CW_XEN_VERSION)
			snprintf(out, size, "%" PRIu32 ".%" PRIu32,
			    h.xen_major, h.xen_minor);
		else
			snprintf(out, size, "%s", h.xen_scheduler);
		return 0;
	}
	if (what == CW_DOM_MEMORY || what == CW_NET_BACKEND)
		return domain_value(s, what, arg, out, size, e);
	/* The domains list shows the member. */
	if (backend_ready(s, e) == -1 ||
	    s->be.domains(&s->be, &d, &n, e) == -1)
		return -1;
	sight_filter(s, verb_by_id(V_LIST), 0, d, &n);
	for (i = 0; i < n; i++) {
		sum += d[i].vcpu_online;
		if (first == NULL || d[i].start_time < first->start_time)
			first = &d[i];
	}
	if (what == CW_DOMAINS)
		snprintf(out, size, "%zu", n);
	else if (what == CW_VCPUS_TOTAL)
		snprintf(out, size, "%" PRIu64, sum);
	else
		snprintf(out, size, "%s", first != NULL ? first->name :
		    "none");
	free(d);
	return 0;
}

/*
 * Is word the answer to the step's question?  1, 0 (e says what was
 * asked, not the answer), or -1.
 */
int
lesson_answer(struct session *s, const struct step *st, const char *word,
    struct xerr *e)
{
	char	value[HOST_STR], *arg = NULL;
	int	rc;

	if (!lesson_asks(st)) {
		xerr_set(e, XE_STATE, "lesson: this step asks for no answer: "
		    "do what it says");
		return 0;
	}
	if (st->checks[0].arg != NULL)
		arg = lesson_expand(st->checks[0].arg, s->member);
	rc = host_value(s, st->checks[0].what, arg, value, sizeof(value), e);
	free(arg);
	if (rc == -1)
		return -1;
	if (strcasecmp(value, word) == 0)
		return 1;
	xerr_set(e, XE_INVAL, "lesson: '%s' is not the answer; 'lesson "
	    "hint' helps", word);
	return 0;
}
