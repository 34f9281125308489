/*
 * Lessons (xlsh-lessons(5)): guided exercises read from NN-NAME.lesson
 * files (lesson_file.c), each step's checks held against the host and
 * the registry (lesson_check.c), the members' progress in the database
 * (lesson_db.c), and the lesson verb (srv_lesson.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef LESSON_H
#define LESSON_H

#include <stddef.h>
#include <stdint.h>

#include "common/proto.h"

#define LESSON_MAX		99	/* lesson numbers are 1..99 */
#define LESSON_STEPS_MAX	32
#define LESSON_HINTS_MAX	8
#define LESSON_CHECKS_MAX	8
#define LESSON_FILE_MAX		(64 * 1024)
#define LESSON_TAG_MAX		16	/* "L12.30", the prompt's */

/* What a check looks at. */
enum check_kind { CK_DOMAIN, CK_VOLUME, CK_VM, CK_ANSWER };

/* What it asks of it (lesson_check.c's table names them). */
enum check_what {
	CW_EXISTS,
	CW_ABSENT,
	CW_RUNNING,
	CW_PAUSED,
	CW_SHUTDOWN,
	CW_HALTED,
	CW_MEMORY,
	CW_MAXMEM,
	CW_VCPUS,
	CW_MAXVCPUS,
	CW_REASON,
	CW_REBOOTED,
	CW_DISK,
	CW_NICS,
	CW_SNAPSHOT_OF,
	CW_SIZE,
	CW_ATTACHED,
	CW_DETACHED,
	CW_OWNER,
	/* check answer KEY: the host's value of KEY */
	CW_CPUS,
	CW_HOST_MEMORY,
	CW_XEN_VERSION,
	CW_SCHEDULER,
	CW_DOMAINS,
	CW_LONGEST_UP,
	CW_VCPUS_TOTAL,
	CW_DOM_MEMORY,		/* answer domain-memory NAME: MiB */
	CW_NET_BACKEND		/* answer net-backend NAME: its vif's BE */
};

struct check {
	enum check_kind	 kind;
	enum check_what	 what;
	char		*name;	/* the domain, volume or VM, ${user} unexpanded */
	char		*arg;	/* its value, if it has one */
	char		*arg2;	/* disk's volume, or NULL */
	uint64_t	 num;	/* the value as a number (sizes in KiB) */
	int		 line;
};

struct step {
	char		*title;
	char		*todo;	/* what to do */
	char		*why;	/* and why */
	char		*hints[LESSON_HINTS_MAX];
	size_t		 nhints;
	struct check	 checks[LESSON_CHECKS_MAX];
	size_t		 nchecks;
};

struct lesson {
	unsigned int	 number;
	char		*file;		/* its path, for messages */
	char		*title;
	char		*text;		/* the introduction */
	struct step	 steps[LESSON_STEPS_MAX];
	size_t		 nsteps;
};

/* A member's progress in one lesson. */
struct progress {
	char		 member[64];
	unsigned int	 lesson;
	unsigned int	 step;		/* steps done; nsteps: all done */
	unsigned int	 nsteps;	/* the lesson's, when last seen */
	unsigned int	 hints;		/* hints given for this step */
	char		 memo[128];	/* what the step noted as it began */
	int		 current;
	uint64_t	 updated_ms;
};

struct db;
struct session;

/* lesson_vocab.c */
int	 lesson_parse_check(char **, int, struct check *, char *, size_t);
char	*lesson_expand(const char *, const char *);
int	 lesson_asks(const struct step *);

/* lesson_file.c */
int	 lesson_parse(const char *, const char *, size_t, struct lesson *,
	    struct xerr *);
int	 lesson_load(const char *, unsigned int, struct lesson **,
	    struct xerr *);
int	 lesson_numbers(const char *, unsigned int **, size_t *);
void	 lesson_free(struct lesson *);

/* lesson_check.c: 1 the step's checks hold, 0 not, -1 error. */
int	 lesson_step_holds(struct session *, const struct step *,
	    struct progress *, struct xerr *);
int	 lesson_answer(struct session *, const struct step *, const char *,
	    struct xerr *);

/* lesson_run.c */
int	 lesson_say(struct session *, const char *, const char *,
	    const char *);
void	 lesson_tag(struct session *, const struct progress *);
void	 lesson_show(struct session *, const struct lesson *,
	    const struct progress *);
int	 lesson_advance(struct session *, const struct lesson *,
	    struct progress *, struct xerr *);
void	 lesson_after(struct session *);

/* lesson_db.c: 1 found, 0 not, -1 error. */
int	 progress_get(struct db *, const char *, unsigned int,
	    struct progress *, struct xerr *);
int	 progress_current(struct db *, const char *, struct progress *,
	    struct xerr *);
int	 progress_list(struct db *, const char *, struct progress **,
	    size_t *, struct xerr *);
int	 progress_start(struct db *, const struct progress *, struct xerr *);
int	 progress_set(struct db *, const struct progress *, unsigned int,
	    struct xerr *);
int	 progress_reset(struct db *, const char *, unsigned int,
	    struct xerr *);

#endif /* LESSON_H */
