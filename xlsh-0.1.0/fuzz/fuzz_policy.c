/*
 * The policy parser, and the decisions of what it parsed for a few
 * members, verbs and targets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "helper/policy.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static char *const	 groups[] = { "xlsh-members", "wheel" };
	static const char	*words[][3] = {
		{ "create", "tiny", "name=alice-x" },
		{ "destroy", "alice-web", NULL },
		{ "pause", "Domain-0", NULL },
		{ "vm-install", "template=tiny", "new-name-label=bob-x" },
	};
	struct policy		*pol = NULL;
	struct member		 m = { "alice", groups, 2 };
	struct request		 req;
	struct target		 t;
	FILE			*devnull;
	char			 why[256], *argv[3];
	size_t			 i, k;
	int			 argc;

	if ((devnull = fopen("/dev/null", "w")) == NULL)
		return 0;
	if (policy_parse((const char *)data, len, "fuzz", &pol,
	    devnull) == 0) {
		policy_role(pol, &m);
		policy_verbs(pol, &m);
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			for (argc = 0; argc < 3 && words[i][argc] != NULL;
			    argc++)
				argv[argc] = (char *)(uintptr_t)words[i][argc];
			if (parse_request(argc, argv, &req, why,
			    sizeof(why)) == -1)
				continue;
			memset(&t, 0, sizeof(t));
			t.name = req.nargs > 0 ? req.args[0].str : NULL;
			for (k = 0; k < 3; k++) {
				t.owner = k == 0 ? "alice" : k == 1 ? "bob" :
				    NULL;
				t.is_new = k == 0;
				t.dom0 = strcmp(argv[argc - 1], "Domain-0") == 0;
				policy_decide(pol, &m, &req, t.name != NULL ?
				    &t : NULL, why, sizeof(why));
			}
		}
	}
	policy_free(pol);
	fclose(devnull);
	return 0;
}
