/*
 * policy-check FILE -u USER VERB [ARG ...]: the policy's decision, as
 * xlshd -C gives it, for tests/policy.sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "policy.h"

int
main(int argc, char **argv)
{
	progname = "xlshd";
	if (argc < 5 || strcmp(argv[2], "-u") != 0) {
		fprintf(stderr, "usage: policy-check file -u user verb "
		    "[arg ...]\n");
		return 2;
	}
	return policy_check_main(argv[1], argv[3], argc - 4, argv + 4);
}
