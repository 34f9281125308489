/*
 * xlshd's per-connection session and the request handlers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>

#include "backend.h"
#include "proto.h"
#include "xlsh.h"

enum server_mode {
	MODE_SANDBOX,		/* one user's private simulated host */
	MODE_SYSTEM		/* the Dom0's authority (issue 3) */
};

struct server_conf {
	enum server_mode	 mode;
	const struct backend	*backend;
	const char		*state_dir;
	const char		*templates_dir;
};

struct session {
	int			 fd;
	const struct server_conf *conf;
	struct backend		 be;
	int			 be_open;
	uid_t			 peer_uid;
	pid_t			 peer_pid;
	char			 member[64];
	const char		*role;
	int			 phase;
	struct buf		 out;
	/* The request being served. */
	const char		*data;		/* create FILE: its text */
	size_t			 datalen;
	const char		*dataname;
};

/* server.c */
void	session_serve(int, const struct server_conf *);
int	reply_text(struct session *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	reply_frame(struct session *, uint32_t, struct buf *);
int	resolve_domain(struct session *, const struct req_arg *,
	    struct dominfo *, struct xerr *);
int	backend_ready(struct session *, struct xerr *);
void	slog(const char *, ...) __attribute__((format(printf, 1, 2)));

/* srv_info.c */
int	srv_list(struct session *, const struct request *, struct xerr *);
int	srv_vm_list(struct session *, const struct request *, struct xerr *);
int	srv_info(struct session *, const struct request *, struct xerr *);
int	srv_uptime(struct session *, const struct request *, struct xerr *);
int	srv_vcpu_list(struct session *, const struct request *,
	    struct xerr *);
int	srv_domid(struct session *, const struct request *, struct xerr *);
int	srv_domname(struct session *, const struct request *, struct xerr *);
int	srv_templates(struct session *, const struct request *,
	    struct xerr *);
int	srv_names(struct session *, uint32_t, struct xerr *);

/* srv_vmcontrol.c */
int	srv_create(struct session *, const struct request *, struct xerr *);
int	srv_shutdown(struct session *, const struct request *,
	    struct xerr *);
int	srv_destroy(struct session *, const struct request *, struct xerr *);
int	srv_pause(struct session *, const struct request *, struct xerr *);
int	srv_rename(struct session *, const struct request *, struct xerr *);
int	srv_mem_set(struct session *, const struct request *, struct xerr *);
int	srv_vcpu_set(struct session *, const struct request *,
	    struct xerr *);

/* template.c */
int	template_list(const char *, char ***, size_t *);
int	template_read(const char *, const char *, char **, size_t *,
	    struct xerr *);
void	template_list_free(char **, size_t);

#endif /* SERVER_H */
