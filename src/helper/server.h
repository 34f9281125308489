/*
 * xlshd's listener (listen.c) and its connections (server.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>

#include <stdio.h>

#include "session.h"

struct option;

/* conf.c: xlshd.conf's keywords, which are options too. */
#define CONF_OPT	256	/* getopt's value of the first keyword */
#define CONF_SHORTOPTS	"+C:df:hio:tTu:"
const struct option *conf_longopts(void);
char	*conf_own(struct server_conf *, const char *);
void	conf_free(struct server_conf *);
int	conf_file(struct server_conf *, const char *, int, FILE *);
int	conf_args(struct server_conf *, int, char **, FILE *);
void	conf_print(const struct server_conf *, FILE *);

/* reload.c: the configuration built, and built again on SIGHUP. */
void	conf_defaults(struct server_conf *, enum server_mode);
int	conf_finish(struct server_conf *, FILE *);
int	conf_build(struct server_conf *, enum server_mode, const char *,
	    int, int, char **, FILE *, int);
void	conf_reload(struct server_conf *);

/* module.c: a backend that is a module (libxl's), loaded at start. */
int	backend_load(struct server_conf *, FILE *);

/*
 * server.c: one connection, served to its end; with early, its
 * database and backend opened at login (a listener's sessions), not
 * at the first request (the sandbox's own, which may need neither).
 */
void	session_serve(int, const struct server_conf *, int);

/* setup.c */
int	helper_dirs(const struct server_conf *);
int	helper_prepare(const struct server_conf *, int);
void	helper_environment(void);
int	helper_listen(const struct server_conf *);
int	helper_detach(const char *);

/* listen.c */
int	listen_on(const char *, mode_t, gid_t);
int	activated_socket(void);
void	listen_signals(void);
void	serve_forever(int, struct server_conf *);

/* startups.c: the bounds on sessions not logged in yet. */
int	startups_init(void);
void	startups_read(void);
void	startups_reap(void);
int	startups_admit(const struct server_conf *, uid_t);
void	startups_add(pid_t, uid_t);
void	startups_child(void);
void	startups_logged_in(void);

#endif /* SERVER_H */
