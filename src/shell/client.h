/*
 * The shell's side of the protocol, its renderers and its completion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef CLIENT_H
#define CLIENT_H

#include <sys/types.h>

#include <signal.h>
#include <stdio.h>

#include "common/proto.h"
#include "common/xlsh.h"

struct client {
	int		fd;
	pid_t		helper;		/* the sandbox's private helper, or -1 */
	char		mode[16];	/* "sandbox" or "system" */
	char		host[HOST_STR];
	uint32_t	flags;		/* HELLO_* */
	/* Known once logged in: */
	char		member[64];
	char		login[64];	/* the Unix login at this end */
	char		role[64];
	uint64_t	verbs;		/* bit per verb the member may use */
	char		limits[512];	/* quotas and templates, in words */
	uint32_t	idle_secs;	/* 0: no idle timeout */
	uint32_t	features;	/* SESSION_FILES ... */
	char		lesson_tag[16];	/* the step under way, for the prompt */
};

/* What a request brought back, for the renderers. */
struct reply {
	struct dominfo	*doms;
	size_t		 ndoms;
	struct vcpuinfo	*vcpus;
	size_t		 nvcpus;
	uint32_t	 nr_cpus;
	int		 code;
	char		 msg[512];
	int		 console_fd;	/* MSG_CONSOLE's descriptor, or -1 */
	struct buf	 info;		/* MSG_INFO's payload, if any */
	char		 console_name[XLSH_NAME_MAX + 1];
	char		*lesson;	/* TEXT_LESSON's, shown after the rest */
};

/* connect.c */
int	client_sandbox(struct client *, char *, size_t);
int	client_connect(struct client *, const char *, char *, size_t);
void	client_close(struct client *);

/* login.c */
int	client_hello(struct client *, char *, size_t);
int	client_login(struct client *, const char *, char *, size_t);
int	client_session(struct client *, char *, size_t);
int	start_session(const char *, char *, size_t);
int	verb_permitted(const struct client *, const struct verb *);

/* client.c */
int	client_request(struct client *, int, char **, const char *,
	    const char *, size_t, struct reply *);
int	client_names(struct client *, uint32_t, const char *, const char *,
	    char ***, size_t *);
void	reply_free(struct reply *);
void	put_escaped(FILE *, const char *);

/* prose.c */
void	put_lesson(FILE *, const char *);
FILE	*prose_file(const struct request *);

/* render.c */
void	render_list(FILE *, const struct request *, const struct reply *);
void	render_uptime(FILE *, const struct reply *, time_t);
void	render_vcpu_list(FILE *, const struct reply *);
void	render_info_kv(FILE *, struct buf *);
char	*uptime_string(unsigned long);

/* render_json.c */
void	render_list_json(FILE *, const struct reply *);
void	render_vcpu_json(FILE *, const struct reply *);
void	render_uptime_json(FILE *, const struct reply *, time_t);
void	render_info_json(FILE *, struct buf *);

/* client.c: set by the shell's SIGINT handler */
extern volatile sig_atomic_t	client_interrupted;

/* shell.c */
extern struct client	conn;
extern int		shell_done;
extern int		shell_asks;	/* a user at a prompt can answer */
void	error_prefix(void);
void	shell_error(const char *, ...) __attribute__((format(printf, 1, 2)));

/* line.c */
int	precheck(const char *);
int	run_line(const char *, size_t);

/* builtin.c */
int	run_local(const struct request *);

/* console.c */
int	shell_console(int, const char *);

/* top.c */
int	shell_top(void);

/* history.c */
char	*history_begin(const struct client *);
void	history_end(char *);
int	shell_history(void);

/* interactive.c */
void	interactive(struct client *);
int	confirm(const char *);

/* complete.c */
char	**complete_line(const char *, int, const char *, int *);
int	 verb_offered(const struct verb *);
/* suggest.c */
const char *closest_verb(const char *);

#endif /* CLIENT_H */
