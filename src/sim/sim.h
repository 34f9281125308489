/*
 * The simulated Xen host, shared by its parts: backend_sim.c (the
 * backend's table), sim_clock.c (open and close, the lock and the
 * clock), sim_ops.c
 * and sim_read.c (the operations that change domains and those that
 * read), sim_state.c (the host in memory and the fields of its state
 * file), sim_load.c and sim_save.c (reading and writing that file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef SIM_H
#define SIM_H

#include <stddef.h>
#include <stdint.h>

#include "backend/backend.h"
#include "common/xlsh.h"

#define SIM_MAGIC		"xlsh-sim"
#define SIM_VERSION		1

#define SIM_DOMID_LIMIT		0x7ff0		/* Xen's first reserved id */
#define SIM_TIME_MAX		100000000000000ULL	/* ms, year 5138 */

/* A new host's size; the host line of the state file may say others. */
#define SIM_CPUS		4
#define SIM_CPUS_MAX		4096
#define SIM_MEMORY_MIB		16384
#define SIM_MEMORY_MIB_MAX	(64ULL * 1024 * 1024)	/* 64 TiB */

#define SIM_DOM0_KB		(2048ULL * 1024)
#define SIM_DOM0_VCPUS		4
#define SIM_OVERHEAD_KB		(64ULL * 1024)	/* per guest */
#define SIM_MIN_KB		(16ULL * 1024)
#define SIM_MAX_KB		(1024ULL * 1024 * 1024)	/* 1 TiB */

/* Cpu time: ns of cpu per ms of wall-clock time (per vcpu for guests). */
#define SIM_BOOT_MS		5000
#define SIM_BOOT_NS_PER_MS	900000ULL	/* 0.9 s/s while booting */
#define SIM_IDLE_NS_PER_MS	10000ULL	/* 0.01 s/s afterwards */
#define SIM_DOM0_NS_PER_MS	50000ULL	/* 5% of one cpu in all */
#define SIM_SHUTDOWN_MS		1500		/* a guest's answer time */

enum pend { PEND_NONE, PEND_SHUTDOWN, PEND_REBOOT };

/* Every number is a uint64_t so that one field table reads them all. */
struct simdom {
	uint64_t	domid;
	char		name[XLSH_NAME_MAX + 1];
	uint8_t		uuid[16];
	uint64_t	type;		/* index into sim_type_names */
	uint64_t	mem_kb;		/* current memory */
	uint64_t	maxmem_kb;
	uint64_t	vcpus;		/* online */
	uint64_t	maxvcpus;
	uint64_t	on_poweroff;	/* enum dom_action */
	uint64_t	on_reboot;
	uint64_t	on_crash;
	uint64_t	created_ms;	/* first creation, kept over restarts */
	uint64_t	start_ms;	/* this incarnation */
	uint64_t	paused;
	uint64_t	shutdown;
	uint64_t	reason;		/* SHUTDOWN_*, if shutdown */
	uint64_t	pending;	/* enum pend: a request not yet done */
	uint64_t	pending_left_ms; /* unpaused time until it is */
	uint64_t	cpu_ns;		/* accumulated up to settled_ms */
	uint64_t	settled_ms;
};

struct simhost {
	uint64_t	 boot_ms;
	uint64_t	 next_domid;
	uint64_t	 cpus;
	uint64_t	 memory_mib;
	struct simdom	*doms;
	size_t		 ndoms;
	size_t		 cap;		/* doms allocated */
	uint64_t	 now;
	int		 changed;
	int		 lockfd;
};

struct sim {
	char	*dir;
	char	*path;		/* dir/host */
	char	*tmp;		/* dir/host.tmp */
	char	*lock;		/* dir/lock */
};

/* A field of the state file's lines, and where it is kept (sim_state.c). */
enum fkind { F_NUM, F_NAME, F_UUID, F_ENUM, F_ACTION };

struct field {
	const char		*key;
	enum fkind		 kind;
	size_t			 off;
	uint64_t		 min, max;
	const char *const	*names;
	int			 optional;	/* then def if left out */
	uint64_t		 def;
};

/* sim_clock.c */
int		 sim_open(struct backend *, const struct backend_args *,
		    struct xerr *);
void		 sim_close(struct backend *);
int		 sim_begin(struct backend *, struct simhost *, struct xerr *);
int		 sim_finish(struct backend *, struct simhost *, int,
		    struct xerr *);
struct simdom	*sim_begin_dom(struct backend *, struct simhost *,
		    uint32_t, struct xerr *);

/* sim_ops.c */
int		 sim_create(struct backend *, const struct domcfg *,
		    uint32_t *, struct xerr *);
int		 sim_shutdown(struct backend *, uint32_t, int, struct xerr *);
int		 sim_destroy(struct backend *, uint32_t, struct xerr *);
int		 sim_pause(struct backend *, uint32_t, int, struct xerr *);
int		 sim_rename(struct backend *, uint32_t, const char *,
		    struct xerr *);
int		 sim_mem_set(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
int		 sim_mem_max(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
int		 sim_vcpu_set(struct backend *, uint32_t, uint32_t,
		    struct xerr *);

/* sim_read.c */
int		 sim_domains(struct backend *, struct dominfo **, size_t *,
		    struct xerr *);
int		 sim_host(struct backend *, struct hostinfo *, struct xerr *);
int		 sim_vcpus(struct backend *, uint32_t, struct vcpuinfo **,
		    size_t *, uint32_t *, struct xerr *);
int		 sim_list_long(struct backend *, const struct dominfo *,
		    size_t, char **, struct xerr *);
int		 sim_console(struct backend *, uint32_t, int *, struct xerr *);
int		 sim_dmesg(struct backend *, char **, struct xerr *);

/* sim_state.c */
extern const char *const sim_type_names[];
extern const struct field sim_host_fields[];
extern const struct field sim_dom_fields[];

uint64_t	*sim_numfield(void *, const struct field *);
uint64_t	 simhost_free_kb(const struct simhost *);
struct simdom	*simhost_find_name(struct simhost *, const char *);
void		 simhost_append(struct simhost *, const struct simdom *);
void		 simhost_remove(struct simhost *, size_t);

/* sim_load.c */
int		 simhost_load(struct sim *, struct simhost *, struct xerr *);

/* sim_save.c */
int		 simhost_save(struct sim *, struct simhost *, struct xerr *);

/* sim_dmesg.c */
char		*sim_xen_log(const struct simhost *);

#endif /* SIM_H */
