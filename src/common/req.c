/*
 * Questions put to a request the grammar accepted (parse.c): its
 * options and their values, the least role it needs, whether it
 * changes the host, the arguments the policy decides on; and whether
 * create's argument is a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "xlsh.h"

/* create's argument names a file rather than a template. */
int
is_config_path(const char *s)
{
	size_t	n = strlen(s);

	return strchr(s, '/') != NULL ||
	    (n > 4 && strcmp(s + n - 4, ".cfg") == 0);
}

int
req_opt(const struct request *req, char letter)
{
	int	i;

	for (i = 0; i < VERB_OPTS_MAX; i++)
		if (req->verb->opts[i].letter == letter)
			return (req->opts & (1U << i)) != 0;
	return 0;
}

/* The value of the option given with this letter, or NULL. */
const struct req_arg *
req_optv(const struct request *req, char letter)
{
	int	i;

	for (i = 0; i < VERB_OPTS_MAX; i++)
		if (req->verb->opts[i].letter == letter &&
		    (req->opts & (1U << i)) &&
		    req->verb->opts[i].type != A_NONE)
			return &req->optv[i];
	return NULL;
}

/* The least role the request needs: its verb's, or an option's above. */
enum role
req_role(const struct request *req)
{
	enum role	r = req->verb->role;
	int		i;

	for (i = 0; i < VERB_OPTS_MAX; i++)
		if ((req->opts & (1U << i)) && req->verb->opts[i].role > r)
			r = req->verb->opts[i].role;
	return r;
}

/* Does the request change the host: its verb, or an option it gives? */
int
req_modifies(const struct request *req)
{
	int	i;

	if (req->verb->flags & VF_MODIFIES)
		return 1;
	for (i = 0; i < VERB_OPTS_MAX; i++)
		if ((req->opts & (1U << i)) && req->verb->opts[i].modifies)
			return 1;
	return 0;
}

/*
 * The request's i-th argument, counting the values of the options
 * given after its positional ones (sched-credit2 -d DOMAIN), or NULL:
 * what the policy decides on.
 */
const struct req_arg *
req_target(const struct request *req, int i)
{
	int	k;

	if (i < req->nargs)
		return &req->args[i];
	i -= req->nargs;
	for (k = 0; k < VERB_OPTS_MAX; k++)
		if ((req->opts & (1U << k)) &&
		    req->verb->opts[k].type != A_NONE && i-- == 0)
			return &req->optv[k];
	return NULL;
}
