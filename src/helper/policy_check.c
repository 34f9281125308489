/*
 * xlshd -C FILE -u USER [-o OWNER] VERB [ARG ...]: a request decided by
 * a policy file alone, as the helper would decide it (policy_match.c),
 * with OWNER as the owner of the VMs and volumes it names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static int	check_request(const struct policy *, const struct member *,
		    const char *, const struct request *, char *, size_t);

/*
 * Every name the request acts on must be permitted: each domain or VM
 * argument (id 0 is Domain-0), owned by owner; a new name; or for
 * create without one, the template or file.
 */
static int
check_request(const struct policy *pol, const struct member *m,
    const char *owner, const struct request *req, char *why, size_t whylen)
{
	const struct req_arg	*a;
	struct target		 t;
	int			 i, newname = 0, checked = 0;

	for (i = 0; i < req->nargs; i++)
		newname |= req->args[i].type == A_NEWNAME;
	for (i = 0; (a = req_target(req, i)) != NULL; i++) {
		memset(&t, 0, sizeof(t));
		t.name = a->str;
		if (a->type == A_VOLUME || a->type == A_IMAGE)
			t.owner = owner;
		else if (a->type == A_DOMAIN || a->type == A_DOMID ||
		    a->type == A_VM) {
			t.dom0 = strcmp(a->str, "Domain-0") == 0 ||
			    ((a->is_id || a->type == A_DOMID) && a->num == 0);
			if (t.dom0)
				t.name = "Domain-0";
			else
				t.owner = owner;
		} else if (a->type == A_NEWNAME || a->type == A_NEWVOL ||
		    a->type == A_NEWIMAGE ||
		    (a->type == A_CONFIG && !newname)) {
			t.is_new = 1;
			t.owner = m->name;
		} else
			continue;
		checked = 1;
		if (policy_decide(pol, m, req, &t, why, whylen) == NULL)
			return -1;
	}
	if (!checked && policy_decide(pol, m, req, NULL, why, whylen) == NULL)
		return -1;
	return 0;
}

int
policy_check_main(const char *file, const char *user, const char *owner,
    int argc, char **argv)
{
	struct policy	*pol = NULL;
	struct request	 req;
	struct member	 m;
	char		**groups = NULL;
	char		 err[512], b[256];
	size_t		 ngroups = 0;
	int		 rc = 1;

	if (!valid_member_name(user)) {
		fprintf(stderr, "%s: '%s' is not a valid user name\n",
		    progname, (strvis_name(b, sizeof(b), user), b));
		return 1;
	}
	if (policy_load(file, &pol, stderr) == -1)
		return 1;
	if (parse_request(argc, argv, &req, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", progname, err);
		goto out;
	}
	if (req.verb->flags & (VF_LOCAL | VF_SELF)) {
		rc = 0;
		goto out;
	}
	if (policy_groups(user, &groups, &ngroups) == -1) {
		fprintf(stderr, "%s: %s: cannot read the groups\n", progname,
		    user);
		goto out;
	}
	m.name = user;
	m.groups = groups;
	m.ngroups = ngroups;
	if (check_request(pol, &m, owner, &req, err, sizeof(err)) == 0)
		rc = 0;
	else
		fprintf(stderr, "%s: %s\n", progname, err);
	strv_free(groups, ngroups);
out:
	puts(rc == 0 ? "permit" : "deny");
	policy_free(pol);
	return rc;
}
