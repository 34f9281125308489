/*
 * The policy language of xlshd: who may use which verbs on which
 * domains.  See xlsh-policy(5).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/xlsh.h"

#define QUOTA_NONE	UINT64_MAX
#define PATTERN_MAX	255		/* bytes in a domain pattern */
#define USER_VAR	"${user}"	/* the member's name, in a pattern */

/*
 * A rule's and a session's verbs are a mask of 64 bits, one per verb:
 * a verb past the 64th needs a wider mask first.
 */
_Static_assert(V__COUNT <= 64, "more verbs than a verb mask holds");

/* Root-equivalent features a permit rule may grant. */
#define POL_DOM0	0x01	/* modify Domain-0 */
#define POL_FILES	0x02	/* create from the member's own xl.cfg */

struct rule {
	int		 permit;
	char		*ident;		/* user or group name */
	int		 is_group;
	enum role	 role;		/* ROLE_NONE if no "as" */
	uint64_t	 verbs;		/* bit (1ULL << enum verb_id) per verb covered */
	char		*pattern;	/* on PATTERN; NULL: every domain */
	int		 own;		/* on own: the VMs the member owns */
	char		*names;		/* names=: the names they may give */
	unsigned int	 features;	/* POL_* */
	uint64_t	 max_domains, max_memkb, max_vcpus;	/* QUOTA_NONE if unset */
	uint64_t	 max_disk_mib;		/* volumes' sizes; QUOTA_NONE */
	uint64_t	 max_images;	/* saved images; QUOTA_NONE */
	char		**templates;	/* NULL: any template */
	size_t		 ntemplates;
	int		 line;
};

struct policy {
	char		*path;
	struct rule	*rules;
	size_t		 nrules;
};

/*
 * What a request acts on, for matching rules.  A VM's owner comes from
 * its record in the registry, never from its name.
 */
struct target {
	const char		*name;		/* the domain's, or a new one */
	const char		*owner;		/* its record's; NULL: none */
	int			 is_new;	/* made now, for the member */
	int			 dom0;		/* Domain-0 */
};

struct member {
	const char		*name;
	char *const		*groups;	/* group names */
	size_t			 ngroups;
};

/*
 * Read and parse a policy file, refusing it unless it is a regular
 * file owned by root (or the effective uid) and not writable by group
 * or others.  Errors go to errs, one line each.  0 or -1.
 */
int	policy_load(const char *path, struct policy **, FILE *errs);
/* Parse text; name is the file name in messages.  0 or -1. */
int	policy_parse(const char *text, size_t len, const char *name,
	    struct policy **, FILE *errs);
void	policy_free(struct policy *);

/*
 * The permit rule that decides, or NULL when the last matching rule
 * is a deny rule or no rule matches.  target NULL: no domain.
 */
const struct rule *policy_match(const struct policy *, const struct member *,
	    enum verb_id, const struct target *);
/* Does the rule's "on" take in this target?  No "on": 1. */
int	policy_target_ok(const struct rule *, const struct member *,
	    const struct target *);
/* May the rule's member give a VM this name (names=)?  None: 1. */
/*
 * sysrq's key (the request's second argument) under rule r: each key's
 * least role is sysrq_keys'; a rule without a role gives the verb's.
 */
int	policy_sysrq_ok(const struct rule *, const struct request *, char *,
	    size_t);
int	policy_name_ok(const struct rule *, const struct member *,
	    const char *);
/*
 * The rule's names= as it applies to the member, ${user} made their
 * name, into out; as written if it cannot be made so.  None: "".
 */
void	policy_names(const struct rule *, const struct member *, char *,
	    size_t);
/*
 * The role shown to the member: that of the last permit rule with
 * "as" whose identity matches, or ROLE_NONE.
 */
enum role policy_role(const struct policy *, const struct member *);
/*
 * The verbs (bit 1ULL << verb_id) for which the last rule matching
 * identity and verb, ignoring patterns, is a permit rule: what the
 * shell offers.  Builtins are always included.
 */
uint64_t policy_verbs(const struct policy *, const struct member *);
/*
 * The whole decision for one parsed request, short of quotas: the
 * permitting rule, or NULL with a one-line reason in why.
 */
const struct rule *policy_decide(const struct policy *, const struct member *,
	    const struct request *, const struct target *, char *why,
	    size_t whylen);

/* The group names of a Unix user (strv_free them); none if no such user. */
int	policy_groups(const char *user, char ***groups, size_t *n);

/*
 * xlshd -C FILE -u USER [-o OWNER] VERB [ARG ...]: 0 permit, 1 deny or
 * error.  OWNER is that of the VMs named (NULL: they have none).
 */
int	policy_check_main(const char *file, const char *user,
	    const char *owner, int argc, char **argv);

#endif /* POLICY_H */
