/*
 * A session of xlshd, as the code that serves it sees it: the helper's
 * configuration, the session's state, and what session.c offers the
 * login, the decisions and the verbs' handlers.  Handlers include this
 * header, never server.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef SESSION_H
#define SESSION_H

#include <sys/types.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "policy.h"

#define CONF_BRIDGES_MAX	8
#define CONF_SHARED_MAX		16
/* A plain list this soon after another is top's refresh (request.c). */
#define LIST_REPEAT_MS		2000

enum server_mode {
	MODE_SANDBOX,		/* one user's private simulated host */
	MODE_SYSTEM		/* the authority: PAM, policy, audit */
};

/*
 * The helper's configuration: its defaults, xlshd.conf and the command
 * line, in that order (conf.c); the strings it owns are in owned.
 */
struct server_conf {
	enum server_mode	 mode;
	const struct backend	*backend;
	const char		*backend_name;
	const char		*backend_module; /* libxl's: module.c */
	const char		*conf_path;	/* NULL: none read */
	const char		*policy_path;
	const char		*socket_path;	/* NULL: systemd's */
	const char		*socket_group;	/* NULL: the helper's own */
	unsigned int		 socket_mode;
	const char		*shared[CONF_SHARED_MAX]; /* logins for many */
	size_t			 nshared;
	int			 idle_set;	/* idle-timeout was given */
	char			**owned;
	size_t			 nowned;
	const char		*state_dir;
	const char		*templates_dir;
	const char		*lessons_dir;
	struct policy		*policy;	/* system mode */
	const char		*audit_path;	/* NULL: no audit file */
	const char		*pam_service;
	unsigned int		 fail_delay_ms;
	unsigned int		 lockout_max;	/* 0: no lockout */
	unsigned int		 lockout_secs;
	unsigned int		 idle_secs;	/* 0: sessions never time out */
	unsigned int		 login_grace_secs; /* hello to SESSION; 0: none */
	unsigned int		 max_startups;	/* not logged in, all; 0: any */
	unsigned int		 max_startups_uid; /* ... per peer uid */
	const char		*vg;		/* the storage pool; NULL: none */
	const char		*thin;		/* its thin pool; NULL: none */
	const char		*bridges[CONF_BRIDGES_MAX]; /* permitted */
	size_t			 nbridges;
	unsigned int		 sim_cpus;	/* 0: the host's as it is */
	unsigned int		 sim_memory_mib;
};

/* The protocol's phases (struct session's phase). */
#define PH_HELLO	0x01
#define PH_AUTH		0x02
#define PH_READY	0x04

struct session {
	int			 fd;
	const struct server_conf *conf;
	struct backend		 be;	/* its changes audited: session_backend.c */
	struct backend		 be_real;	/* the backend's own table */
	int			 be_open;
	int			 open_early;	/* backend_ready at login */
	int			 gone;		/* the client left: write no more */
	struct db		*db;		/* the registry, and the sim's host */
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
	uint64_t		 login_deadline; /* mono_ms(); 0: none */
	int			 audited;	/* the audit log is open */
	uint64_t		 list_last;	/* mono_ms() of a plain list */
	unsigned int		 list_repeats;	/* lists since, not audited */
	struct buf		 out;
	struct buf		 outq;		/* frames kept while corked */
	int			 corked;	/* reply_frame keeps them */
	/* The request being served. */
	const char		*data;		/* create FILE: its text */
	size_t			 datalen;
	const char		*dataname;
	const char		*verb_word;	/* as the client sent it */
	int			 reading;	/* its verb only reads */
	int			 resolved_is;	/* 1: by id, 2: by name */
	struct dominfo		 resolved;	/* what resolve_domain found */
	int			 acted;		/* its acting record written */
	const struct rule	*rule;		/* the rule that permitted it */
	struct dominfo		*known;		/* its listing, once asked */
	size_t			 nknown;
	int			 permitted;
	int			 replied;	/* DONE sent early (a
						   save's Ctrl-C) */
	char			 target[XLSH_NAME_MAX + 1];
	/* Lessons (lesson_run.c): the member's current one, once read. */
	int			 lesson_seen;
	unsigned int		 lesson_cur;	/* 0: none */
	char			 lesson_tag[16];	/* DONE's: "L2.3" */
};

/* reload.c */
int	conf_shared(const struct server_conf *, const char *);

/* session.c */
int	reply_frame(struct session *, uint32_t, struct buf *);
int	reply_text(struct session *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	reply_done(struct session *, const struct xerr *);
int	session_flush(struct session *);
int	reply_stdout(struct session *, const char *);
int	login_left(const struct session *, int);
void	session_audit(struct session *, const char *, const char *,
	    const char *);
void	session_audit_acting(struct session *, const char *);
void	session_audit_repeats(struct session *);

/* session_backend.c */
int	backend_ready(struct session *, struct xerr *);
int	resolve_domain(struct session *, const struct req_arg *,
	    struct dominfo *, struct xerr *);

#endif /* SESSION_H */
