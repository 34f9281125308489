/*
 * One command line: split into words, checked against the grammar,
 * answered by a builtin or sent to the helper, and its reply rendered
 * in xl's formats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

static int	read_config(const char *, char **, size_t *);
static void	grammar_error(const struct words *, const char *);
static int	ask(const struct request *);

/* create FILE: the shell reads the file, with the user's own rights. */
static int
read_config(const char *path, char **data, size_t *lenp)
{
	struct stat	st;
	ssize_t		r;
	int		fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		shell_error("create: cannot open %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		shell_error("create: %s is not a regular file\n",
		    path);
		close(fd);
		return -1;
	}
	if (st.st_size > XLSH_CONFIG_MAX) {
		shell_error("create: %s is larger than %d bytes\n",
		    path, XLSH_CONFIG_MAX);
		close(fd);
		return -1;
	}
	*data = xmalloc((size_t)st.st_size + 1);
	r = read(fd, *data, (size_t)st.st_size);
	close(fd);
	if (r != st.st_size) {
		shell_error("create: cannot read %s\n", path);
		free(*data);
		return -1;
	}
	*lenp = (size_t)r;
	return 0;
}

/*
 * A verb that deletes for good asks first; without a user at a prompt
 * (xlsh -c, lines from a pipe) it needs --force.
 */
static int
ask(const struct request *req)
{
	char	q[256];

	if (!shell_asks) {
		shell_error("%s: deletes %s for good: add --force to do it "
		    "without being asked\n", req->verb->name,
		    req->args[0].str);
		return -1;
	}
	if (req->args[0].type == A_VOLUME)
		snprintf(q, sizeof(q), "%s: delete volume %s and its data for "
		    "good? Type yes to go on: ", req->verb->name,
		    req->args[0].str);
	else if (req->args[0].type == A_IMAGE)
		snprintf(q, sizeof(q), "%s: delete saved image %s for good? "
		    "Type yes to go on: ", req->verb->name, req->args[0].str);
	else
		snprintf(q, sizeof(q), "%s: delete VM %s, its record and its "
		    "volumes for good? Type yes to go on: ", req->verb->name,
		    req->args[0].str);
	if (confirm(q))
		return 0;
	shell_error("%s: not done\n", req->verb->name);
	return -1;
}

/* The grammar's error, with a suggestion for a mistyped verb. */
static void
grammar_error(const struct words *w, const char *err)
{
	const char	*near;

	if (w->n > 0 && verb_lookup(w->w[0]) == NULL &&
	    (near = closest_verb(w->w[0])) != NULL)
		shell_error("unknown verb '%s'; did you mean '%s'?\n",
		    w->w[0], near);
	else
		shell_error("%s\n", err);
}

int
precheck(const char *line)
{
	struct words	w;
	struct request	req;
	char		err[512];

	if (tokenize(line, strlen(line), &w, err, sizeof(err)) == -1) {
		w.n = 0;
		grammar_error(&w, err);
		return -1;
	}
	if (w.n > 0 && parse_request(w.n, w.w, &req, err,
	    sizeof(err)) == -1) {
		grammar_error(&w, err);
		return -1;
	}
	return 0;
}

/* One command line; returns its exit status. */
int
run_line(const char *line, size_t len)
{
	struct words	 w;
	struct request	 req;
	struct reply	 r;
	char		 err[512], *data = NULL;
	const char	*dataname = NULL;
	size_t		 datalen = 0;
	int		 rv;

	if (tokenize(line, len, &w, err, sizeof(err)) == -1) {
		w.n = 0;
		grammar_error(&w, err);
		return XLSH_EXIT_USAGE;
	}
	if (w.n > 0 && parse_request(w.n, w.w, &req, err,
	    sizeof(err)) == -1) {
		grammar_error(&w, err);
		return XLSH_EXIT_USAGE;
	}
	if (w.n == 0)
		return XLSH_EXIT_OK;
	if (req.verb->flags & VF_LOCAL)
		return run_local(&req);
	if (conn.fd == -1) {
		shell_error("the connection to the helper is "
		    "closed\n");
		return XLSH_EXIT_FAIL;
	}
	if ((req.verb->id == V_CONSOLE || (verb_xl(req.verb) == V_CREATE &&
	    req_opt(&req, 'c'))) && !isatty(STDIN_FILENO)) {
		shell_error(req.verb->id == V_CONSOLE ? "%s: needs a "
		    "terminal\n" : "%s: -c needs a terminal, for the "
		    "console\n", req.verb->name);
		return XLSH_EXIT_FAIL;
	}
	if ((req.verb->flags & VF_CONFIRM) && !req_opt(&req, 'f') &&
	    ask(&req) == -1)
		return XLSH_EXIT_FAIL;
	if (verb_xl(req.verb) == V_CREATE &&
	    is_config_path(req.args[0].str)) {
		dataname = req.args[0].str;
		if (read_config(dataname, &data, &datalen) == -1)
			return XLSH_EXIT_FAIL;
	}
	fflush(stdout);
	if (client_request(&conn, w.n, w.w, dataname, data, datalen,
	    &r) == -1) {
		shell_error("%s\n", r.msg);
		free(data);
		client_close(&conn);
		shell_done = 1;
		return XLSH_EXIT_FAIL;
	}
	free(data);
	if (r.code != XE_OK) {
		error_prefix();
		put_escaped(stderr, r.msg);
		fputc('\n', stderr);
		rv = r.code == XE_USAGE ? XLSH_EXIT_USAGE : XLSH_EXIT_FAIL;
		if (r.lesson != NULL)
			put_lesson(prose_file(&req), r.lesson);
		reply_free(&r);
		return rv;
	}
	rv = XLSH_EXIT_OK;
	switch (req.verb->id) {
	case V_LIST:
		if (req_opt(&req, 'l'))		/* came as text */
			break;
		if (req_opt(&req, 'j'))
			render_list_json(stdout, &r);
		else
			render_list(stdout, &req, &r);
		break;
	case V_INFO:
		if (req_opt(&req, 'j'))
			render_info_json(stdout, &r.info);
		else
			render_info_kv(stdout, &r.info);
		break;
	case V_UPTIME:
		if (req_opt(&req, 'j'))
			render_uptime_json(stdout, &r, time(NULL));
		else
			render_uptime(stdout, &r, time(NULL));
		break;
	case V_VCPU_LIST:
		if (req_opt(&req, 'j'))
			render_vcpu_json(stdout, &r);
		else
			render_vcpu_list(stdout, &r);
		break;
	case V_CONSOLE:
	case V_CREATE:		/* create -c */
		if (r.console_fd != -1)
			rv = shell_console(r.console_fd, r.console_name);
		break;
	default:
		break;
	}
	if (r.lesson != NULL)
		put_lesson(prose_file(&req), r.lesson);
	fflush(stdout);
	reply_free(&r);
	return rv;
}
