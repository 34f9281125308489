/*
 * The end of a login: the member's groups, role, verbs and limits, found
 * once and told to the shell in SESSION.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "authz.h"
#include "server.h"
#include "session.h"

static void	describe_limits(struct session *, char *, size_t);
static int	files_permitted(struct session *);

/*
 * May the member create from a file of their own?  Then the shell
 * completes file names for create; for no one else.
 */
static int
files_permitted(struct session *s)
{
	const struct rule	*r = maker_rule(s, V_CREATE);

	return r != NULL && (r->features & POL_FILES);
}
/* The quotas and templates that bind the member's create, in words. */
static void
describe_limits(struct session *s, char *out, size_t size)
{
	const struct rule	*r;
	char			 names[PATTERN_MAX * 8 + 1];
	size_t			 n = 0, i;

	out[0] = '\0';
	if ((r = maker_rule(s, V_CREATE)) == NULL)
		return;
#define ADD(...) do {							\
	if (n < size)							\
		n += (size_t)snprintf(out + n, size - n, __VA_ARGS__);	\
} while (0)
	if (r->max_domains != QUOTA_NONE)
		ADD("%s%llu VMs", n ? ", " : "",
		    (unsigned long long)r->max_domains);
	if (r->max_memkb != QUOTA_NONE)
		ADD("%s%llu MiB of memory", n ? ", " : "",
		    (unsigned long long)(r->max_memkb / 1024));
	if (r->max_vcpus != QUOTA_NONE)
		ADD("%s%llu vcpus", n ? ", " : "",
		    (unsigned long long)r->max_vcpus);
	if (r->max_disk_mib != QUOTA_NONE)
		ADD("%s%llu MiB of volumes and images", n ? ", " : "",
		    (unsigned long long)r->max_disk_mib);
	if (r->max_images != QUOTA_NONE)
		ADD("%s%llu saved images", n ? ", " : "",
		    (unsigned long long)r->max_images);
	if (r->pattern != NULL)
		ADD("%sdomains named %s", n ? "; " : "", r->pattern);
	/* As the member's names are matched: ${user} is theirs. */
	policy_names(r, &s->m, names, sizeof(names));
	if (names[0] != '\0')
		ADD("%snew VMs named %s", n ? "; " : "", names);
	for (i = 0; i < r->ntemplates; i++)
		ADD("%s%s", i == 0 ? (n ? "; templates " : "templates ") :
		    ", ", r->templates[i]);
#undef ADD
}

/*
 * The member is known: find their groups, role and verbs, and tell the
 * shell.  In the sandbox the member is the peer, and the policy gives
 * them every verb on their own simulated host.
 */
int
member_start(struct session *s)
{
	struct xerr	 e;
	char		 text[512];
	size_t		 i, n = 0;

	if (s->conf->mode == MODE_SANDBOX) {
		snprintf(s->member, sizeof(s->member), "%s", s->login);
		snprintf(text, sizeof(text), "permit files %s as pool-admin\n",
		    s->member);
		if (policy_parse(text, strlen(text), "(sandbox)", &s->policy,
		    stderr) == -1)
			fatalx("the sandbox's policy does not parse");
	} else {
		s->policy = s->conf->policy;
		/* One login has found them already (auth.c). */
		if (s->groups == NULL &&
		    policy_groups(s->member, &s->groups, &s->ngroups) == -1) {
			s->groups = NULL;
			s->ngroups = 0;
		}
	}
	s->m.name = s->member;
	s->m.groups = s->groups;
	s->m.ngroups = s->ngroups;
	s->role = policy_role(s->policy, &s->m);
	s->verbs = policy_verbs(s->policy, &s->m);

	buf_reset(&s->out);
	if (buf_put_str(&s->out, s->member) ||
	    buf_put_str(&s->out, s->login) ||
	    buf_put_str(&s->out, role_name(s->role)))
		fatalx("member_start");
	for (i = 0; i < V__COUNT; i++)
		if (s->verbs & (1ULL << i))
			n++;
	if (buf_put_u32(&s->out, (uint32_t)n))
		fatalx("member_start: verbs");
	for (i = 0; i < V__COUNT; i++)
		if ((s->verbs & (1ULL << i)) &&
		    buf_put_str(&s->out, verbs[i]->name))
			fatalx("member_start: verb");
	describe_limits(s, text, sizeof(text));
	if (buf_put_str(&s->out, text) ||
	    buf_put_u32(&s->out, s->conf->idle_secs) ||
	    buf_put_u32(&s->out, files_permitted(s) ? SESSION_FILES : 0))
		fatalx("member_start: limits");
	reply_frame(s, MSG_SESSION, &s->out);
	s->phase = PH_READY;
	startups_logged_in();
	slog("session %s: %s logged in as %s (%s), from uid %ld pid %ld",
	    s->id, s->login, s->member, role_name(s->role),
	    (long)s->peer_uid, (long)s->peer_pid);
	/*
	 * Open the database and the backend now, while the member reads
	 * the prompt, not on the first request; a failure is the first
	 * request's to tell (backend_ready tries again).
	 */
	if (s->open_early && backend_ready(s, &e) == 0) {
		/* What opening used and freed goes back: idle is cheap. */
		db_release(s->db);
		malloc_trim(0);
	}
	return 0;
}
