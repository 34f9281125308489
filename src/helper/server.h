/*
 * xlshd's per-connection session and the request handlers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef SERVER_H
#define SERVER_H

#include <sys/types.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "policy.h"

enum server_mode {
	MODE_SANDBOX,		/* one user's private simulated host */
	MODE_SYSTEM		/* the authority: PAM, policy, audit */
};

struct server_conf {
	enum server_mode	 mode;
	const struct backend	*backend;
	const char		*state_dir;
	const char		*templates_dir;
	struct policy		*policy;	/* system mode */
	const char		*audit_path;	/* NULL: no audit file */
	const char		*pam_service;
	unsigned int		 fail_delay_ms;
	unsigned int		 lockout_max;	/* 0: no lockout */
	unsigned int		 lockout_secs;
	unsigned int		 idle_secs;	/* 0: sessions never time out */
};

struct session {
	int			 fd;
	const struct server_conf *conf;
	struct backend		 be;
	int			 be_open;
	char			 id[17];	/* for logs and the audit */
	uid_t			 peer_uid;
	pid_t			 peer_pid;
	char			 login[64];	/* the peer's Unix login */
	char			 member[64];	/* who PAM authenticated */
	char			**groups;
	size_t			 ngroups;
	struct member		 m;
	struct policy		*policy;	/* the conf's, or the sandbox's */
	enum role		 role;
	uint64_t		 verbs;		/* what the member may use */
	int			 phase;
	int			 failures;
	int			 audit_fd;
	struct buf		 out;
	/* The request being served. */
	const char		*data;		/* create FILE: its text */
	size_t			 datalen;
	const char		*dataname;
	const struct rule	*rule;		/* the rule that permitted it */
	struct dominfo		*known;		/* its listing, once asked */
	size_t			 nknown;
	int			 permitted;
	char			 target[XLSH_NAME_MAX + 1];
};

/* server.c */
void	session_serve(int, const struct server_conf *);
int	reply_text(struct session *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	reply_frame(struct session *, uint32_t, struct buf *);
int	resolve_domain(struct session *, const struct req_arg *,
	    struct dominfo *, struct xerr *);
int	backend_ready(struct session *, struct xerr *);
int	visible(struct session *, enum verb_id, const struct dominfo *);
int	actionable(struct session *, const struct verb *,
	    const struct dominfo *);
int	authorize_name(struct session *, const struct request *,
	    const char *, struct xerr *);
int	authorize_request(struct session *, const struct request *,
	    struct xerr *);
int	quota_check(struct session *, const struct dominfo *, uint64_t,
	    uint32_t, struct xerr *);

/* auth.c */
int	auth_login(struct session *, const char *, struct xerr *);

/* srv_info.c */
int	srv_list(struct session *, const struct request *, struct xerr *);
int	srv_vm_list(struct session *, const struct request *, struct xerr *);
int	srv_info(struct session *, const struct request *, struct xerr *);
int	srv_dmesg(struct session *, const struct request *, struct xerr *);
int	srv_uptime(struct session *, const struct request *, struct xerr *);
int	srv_vcpu_list(struct session *, const struct request *,
	    struct xerr *);
int	srv_domid(struct session *, const struct request *, struct xerr *);
int	srv_domname(struct session *, const struct request *, struct xerr *);
int	srv_templates(struct session *, const struct request *,
	    struct xerr *);
int	srv_names(struct session *, uint32_t, const struct verb *,
	    const char *, struct xerr *);

/* srv_vmcontrol.c */
int	srv_create(struct session *, const struct request *, struct xerr *);
int	srv_shutdown(struct session *, const struct request *,
	    struct xerr *);
int	srv_destroy(struct session *, const struct request *, struct xerr *);
int	srv_pause(struct session *, const struct request *, struct xerr *);
int	srv_rename(struct session *, const struct request *, struct xerr *);
int	srv_mem_set(struct session *, const struct request *, struct xerr *);
int	srv_mem_max(struct session *, const struct request *, struct xerr *);
int	srv_vcpu_set(struct session *, const struct request *,
	    struct xerr *);

/* srv_console.c */
int	srv_console(struct session *, const struct request *, struct xerr *);

/* template.c */
int	template_list(const char *, char ***, size_t *);	/* strv_free */
int	template_read(const char *, const char *, char **, size_t *,
	    struct xerr *);

#endif /* SERVER_H */
