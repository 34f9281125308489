/*
 * The simulated Xen host, shared by its parts: backend_sim.c (the
 * backend's table), sim_clock.c (open and close, the start and end of
 * every operation, and the clock), sim_ops.c and sim_read.c (the
 * operations that change domains and those that read), sim_state.c
 * (the host in memory and the fields of its rows), sim_sql.c (their
 * statements, and a row's values bound and read), sim_db.c (the rows
 * an operation needs, read, checked and written back), sim_import.c
 * (a new host, or the one of an old state file), sim_load.c
 * (reading that old file), sim_sysrq.c (sysrq), sim_console.c (the
 * guests' consoles and their logs), and sim_save.c and sim_restore.c
 * (save and restore, xl's, into images the helper keeps).
 *
 * The host is kept in the helper's database (backend/db.h), in two
 * tables: sim_host, one row (id 1) of the host's own fields, and
 * sim_dom, one row per domain, its columns named as struct simdom's
 * fields below; enums are stored as their names, uuids as lower-case
 * text.  An operation reads only the rows it needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef SIM_H
#define SIM_H

#include <stddef.h>
#include <stdint.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/xlsh.h"

/* The old state file's first line (sim_load.c). */
#define SIM_MAGIC		"xlsh-sim"
#define SIM_VERSION		1

#define SIM_DOMID_LIMIT		0x7ff0		/* Xen's first reserved id */
#define SIM_TIME_MAX		100000000000000ULL	/* ms, year 5138 */
/*
 * Cpu time stops growing here: SQLite's integers are signed, so the
 * largest it keeps is INT64_MAX (292 years of cpu).  An old state file
 * may say more (up to UINT64_MAX); it is imported as this.
 */
#define SIM_CPU_NS_MAX		((uint64_t)INT64_MAX)

/* A new host's size; the sim_host row may say others. */
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

/* The storage pool (sim_pool.c), named as the helper is told. */
#define SIM_VG			"xlsh"
#define SIM_THIN		"pool"
#define SIM_VG_MIB		(100 * 1024)
#define SIM_THIN_MIB		(64 * 1024)
#define SIM_BASE		"debian12-base"	/* a prepared root volume */
#define SIM_BASE_MIB		2048
#define SIM_BASE_USED_MIB	1100

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

	/* Not stored: what sim_db_flush must do with the row. */
	int		dirty;		/* changed: to be updated */
	int		fresh;		/* not in the database: to be added */
};

/* The host row and the domains an operation loaded. */
struct simhost {
	struct sim	*s;
	uint64_t	 boot_ms;
	uint64_t	 next_domid;
	uint64_t	 cpus;
	uint64_t	 memory_mib;
	struct simdom	*doms;		/* in domid order */
	size_t		 ndoms;
	size_t		 cap;		/* doms allocated */
	uint64_t	*gone;		/* domids of rows to be deleted */
	size_t		 ngone;
	size_t		 gonecap;
	uint64_t	 now;
	int		 dirty;		/* the host row changed */
	int		 fresh;		/* the host row is not in the db */
	size_t		 imported;	/* domains read from the old file */
	int		 importing;	/* its rows are not written yet */
	/* Set: sim_db_all hands it each row, checked, instead of keeping
	 * them all (it appends what is to be kept). */
	int		(*each)(struct simhost *, const struct simdom *,
			    void *);
	void		*each_arg;
};

/* The statements of sim_sql.c. */
enum sim_query {
	Q_HOST,		/* the host row */
	Q_HOST_INSERT,
	Q_HOST_UPDATE,
	Q_DOM,		/* one domain's row, by domid */
	Q_ALL,		/* every domain's, in domid order */
	Q_PENDING,	/* those whose request the clock may complete */
	Q_INSERT,
	Q_UPDATE,
	Q_DELETE,
	Q_DISKS_DELETE,	/* a domain's devices, when it is gone */
	Q_NICS_DELETE,
	Q_VCPUS_DELETE,	/* its affinities and scheduling, likewise */
	Q_SCHED_DELETE,
	Q_NAME,		/* the domid of a name */
	Q_UUID,		/* the domid of a uuid */
	Q_USED,		/* what the domains' memory adds up to */
	Q_BADMEM,	/* a row that makes it not add up */
	Q_NAMED,	/* domid, name, uuid of names in a range */
	Q_NAMED_ALL,	/* and of every domain */
	Q_COUNT
};

struct sim {
	struct db	*db;		/* the helper's, not ours to close */
	char		 vg[XLSH_VOL_MAX + 1];	/* the storage pool's group */
	char		 thin[XLSH_VOL_MAX + 1]; /* its thin pool; "": none */
	char		*dir;
	char		*path;		/* dir/host, the old state file */
	char		*imported;	/* dir/host.imported, once imported */
	sqlite3_stmt	*stmt[Q_COUNT];	/* prepared on first use */
};

/* A field of a row (and of the old file's lines), and where it is kept. */
enum fkind { F_NUM, F_NAME, F_UUID, F_ENUM, F_ACTION };

struct field {
	const char		*key;
	enum fkind		 kind;
	size_t			 off;
	uint64_t		 min, max;
	const char *const	*names;
	int			 optional;	/* in the old file: then def */
	uint64_t		 def;
};

/* sim_clock.c */
int		 sim_open(struct backend *, const struct backend_args *,
		    struct xerr *);
void		 sim_close(struct backend *);
int		 sim_begin(struct backend *, struct simhost *, struct xerr *);
int		 sim_begin_read(struct backend *, struct simhost *,
		    struct xerr *);
int		 sim_begin_all(struct backend *, struct simhost *,
		    struct xerr *);
void		 sim_settle(struct simhost *, size_t);
struct simdom	*sim_load_dom(struct simhost *, uint32_t, struct xerr *);
struct simdom	*sim_begin_dom(struct backend *, struct simhost *,
		    uint32_t, int, struct xerr *);
int		 sim_finish(struct backend *, struct simhost *, int,
		    struct xerr *);

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
int		 sim_lookup(struct backend *, const struct domkey *,
		    struct dominfo *, struct xerr *);
int		 sim_named(struct backend *, const char *, struct dominfo **,
		    size_t *, struct xerr *);
int		 sim_host(struct backend *, struct hostinfo *, struct xerr *);
int		 sim_vcpus(struct backend *, uint32_t, struct vcpuinfo **,
		    size_t *, uint32_t *, struct xerr *);
int		 sim_list_long(struct backend *, const struct dominfo *,
		    size_t, char **, struct xerr *);
int		 sim_console(struct backend *, uint32_t, int *, struct xerr *);
int		 sim_dmesg(struct backend *, int, char **, struct xerr *);

/* sim_state.c */
extern const char *const sim_type_names[];
extern const struct field sim_host_fields[];
extern const struct field sim_dom_fields[];

uint64_t	*sim_numfield(void *, const struct field *);
int		 sim_field_text(const struct field *, const char *, void *);
const char	*sim_dom_fault(const struct simhost *, const struct simdom *,
		    char *, size_t);
void		 simhost_append(struct simhost *, const struct simdom *);
void		 simhost_remove(struct simhost *, size_t);
void		 simhost_free(struct simhost *);

/* sim_sql.c */
sqlite3_stmt	*sim_stmt(struct sim *, enum sim_query);
void		 sim_db_close(struct sim *);
int		 sim_read_row(struct simhost *, sqlite3_stmt *,
		    const struct field *, void *, struct xerr *);
int		 sim_read_cols(struct simhost *, sqlite3_stmt *,
		    const struct field *, int, void *, struct xerr *);
void		 sim_bind_row(sqlite3_stmt *, const struct field *,
		    const void *);
int		 sim_row_fail(struct simhost *, sqlite3_stmt *, int,
		    struct xerr *, const char *, ...)
		    __attribute__((format(printf, 5, 6)));
int		 sim_bad_value(struct simhost *, sqlite3_stmt *, int, int,
		    const char *, struct xerr *);

/* sim_db.c */
int		 sim_db_host(struct simhost *, struct xerr *);
int		 sim_db_has_host(struct sim *, struct xerr *);
int		 sim_db_dom(struct simhost *, uint32_t, struct xerr *);
int		 sim_db_pending(struct simhost *, struct xerr *);
int		 sim_db_all(struct simhost *, struct xerr *);
int		 sim_db_named(struct simhost *, const char *,
		    struct dominfo **, size_t *, struct xerr *);
int		 sim_db_changed(const struct simhost *);
int		 sim_db_flush(struct simhost *, struct xerr *);
int		 sim_db_find(struct simhost *, const char *, const char *,
		    uint64_t *, struct xerr *);
int		 sim_db_free_kb(struct simhost *, uint64_t *, struct xerr *);

/* sim_pool.c */
int		 sim_pool_init(struct sim *, struct xerr *);
int		 sim_pool(struct backend *, struct poolinfo *, struct xerr *);
int		 sim_vols(struct backend *, struct volinfo **, size_t *,
		    struct xerr *);
int		 sim_vol(struct backend *, const char *, struct volinfo *,
		    struct xerr *);
int		 sim_vol_create(struct backend *, const char *, uint64_t,
		    const char *, struct xerr *);
int		 sim_vol_resize(struct backend *, const char *, uint64_t,
		    struct xerr *);
int		 sim_vol_delete(struct backend *, const char *,
		    struct xerr *);
int		 sim_pool_write(struct sim *, const char *, uint64_t,
		    struct xerr *);

/* sim_dev.c */
int		 sim_dev_make(struct sim *, uint32_t, const struct domcfg *,
		    struct xerr *);
int		 sim_disks(struct backend *, uint32_t, struct diskinfo **,
		    size_t *, struct xerr *);
int		 sim_disk_attach(struct backend *, uint32_t,
		    const struct diskspec *, struct xerr *);
int		 sim_disk_detach(struct backend *, uint32_t, const char *,
		    struct xerr *);
int		 sim_nics(struct backend *, uint32_t, struct nicinfo **,
		    size_t *, struct xerr *);
int		 sim_nic_attach(struct backend *, uint32_t,
		    const struct nicspec *, uint32_t *, struct xerr *);
int		 sim_nic_detach(struct backend *, uint32_t, uint32_t,
		    struct xerr *);

/* sim_sysrq.c */
int		 sim_sysrq(struct backend *, uint32_t, char, struct xerr *);

/* sim_console.c (with sim_console_open, backend.h) */
char		*sim_console_log(const struct sim *, uint32_t);
void		 sim_console_forget(const struct sim *, uint32_t);
int		 sim_console_say(const struct sim *, const struct simdom *,
		    uint64_t, const char *, struct xerr *);

/* sim_sched.c */
#define SIM_WEIGHT		256	/* credit2's defaults */
#define SIM_CAP			0
#define SIM_RATELIMIT_US	1000
int		 sim_vcpu_pin(struct backend *, uint32_t, uint32_t,
		    const char *, const char *, struct xerr *);
int		 sim_affinity(struct sim *, uint32_t, struct vcpuinfo *,
		    size_t, uint32_t, struct xerr *);
int		 sim_cpupools(struct backend *, struct cpupoolinfo **,
		    size_t *, struct xerr *);
int		 sim_sched_get(struct backend *, uint32_t, struct schedinfo *,
		    struct xerr *);
int		 sim_sched_set(struct backend *, uint32_t, uint32_t, uint32_t,
		    struct xerr *);
int		 sim_ring_cleared(struct sim *, int, struct xerr *);

/* sim_save.c, sim_restore.c: an image's stream begins so. */
#define SIM_IMAGE_MAGIC		"xlsh-sim-image 1"
int		 sim_save(struct backend *, uint32_t, int, unsigned int,
		    void (*)(void *), void *, struct xerr *);
int		 sim_restore(struct backend *, int, const char *, int,
		    uint32_t *, struct xerr *);

/* sim_import.c */
int		 simhost_create(struct sim *, struct simhost *, struct xerr *);
void		 simhost_imported(struct sim *, const struct simhost *);

/* sim_load.c */
int		 simhost_load(struct sim *, struct simhost *, struct xerr *);

/* sim_dmesg.c */
char		*sim_xen_log(const struct simhost *);

#endif /* SIM_H */
