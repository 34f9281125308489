/*
 * xlshd's listener (listen.c) and its connections (server.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>

#include "session.h"

/* server.c: one connection, served to its end. */
void	session_serve(int, const struct server_conf *);

/* setup.c */
int	state_dir_check(const char *);
int	helper_prepare(const struct server_conf *, int);
void	helper_environment(void);

/* listen.c */
int	listen_on(const char *, mode_t);
int	activated_socket(void);
void	listen_signals(void);
void	serve_forever(int, const char *, const struct server_conf *);

/* startups.c: the bounds on sessions not logged in yet. */
int	startups_init(void);
void	startups_read(void);
void	startups_reap(void);
int	startups_admit(const struct server_conf *, uid_t);
void	startups_add(pid_t, uid_t);
void	startups_child(void);
void	startups_logged_in(void);

#endif /* SERVER_H */
