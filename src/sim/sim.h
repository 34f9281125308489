/*
 * The simulated Xen host, shared by its two halves: backend_sim.c (the
 * operations and the clock) and sim_state.c (the host in memory and in
 * its state file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef SIM_H
#define SIM_H

#include <stddef.h>
#include <stdint.h>

#include "backend/backend.h"
#include "common/xlsh.h"

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

extern const char *const sim_type_names[];

int		 simhost_load(struct sim *, struct simhost *, struct xerr *);
int		 simhost_save(struct sim *, struct simhost *, struct xerr *);
uint64_t	 simhost_free_kb(const struct simhost *);
struct simdom	*simhost_find_name(struct simhost *, const char *);
void		 simhost_append(struct simhost *, const struct simdom *);
void		 simhost_remove(struct simhost *, size_t);

/* sim_dmesg.c */
char		*sim_xen_log(const struct simhost *);

#endif /* SIM_H */
