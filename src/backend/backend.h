/*
 * The seam between xlshd's request handlers and whatever runs the
 * domains: libxl on a real Dom0, or the simulated host of the sandbox.
 * One operation per verb family; every operation returns 0, or -1 with
 * the reason in the struct xerr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef BACKEND_H
#define BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "common/proto.h"

/* What xl.cfg's on_poweroff/on_reboot/on_crash may say. */
enum dom_action {
	ACT_DESTROY,
	ACT_RESTART,
	ACT_PRESERVE,
	ACT_RENAME_RESTART,
	ACT_COREDUMP_DESTROY,
	ACT_COREDUMP_RESTART,
	ACT_SOFT_RESET
};

/*
 * Keys of xl.cfg through which a config file makes root in Dom0 run a
 * program or open a file (shared/DESIGN.md section 7).  The parser only
 * records them; policy decides.
 */
#define CFG_RISK_BOOTLOADER	0x0001	/* bootloader=, bootloader_args= */
#define CFG_RISK_DEVICE_MODEL	0x0002	/* device_model_override=, _args */
#define CFG_RISK_KERNEL		0x0004	/* kernel=, ramdisk=, stubdomain_kernel= */
#define CFG_RISK_DISK		0x0008	/* disk = [ ... ] */
#define CFG_RISK_SCRIPT		0x0010	/* script= in a vif or disk */
#define CFG_RISK_PCI		0x0020	/* pci = [ ... ] */

/*
 * A disk or a network interface of a domain being made, as the helper
 * chose them: a volume of the storage pool at a virtual device, and a
 * vif on a permitted bridge with a MAC of Xen's range.
 */
#define DOM_DISKS_MAX	8
#define DOM_NICS_MAX	4
#define BRIDGE_MAX	15		/* IFNAMSIZ - 1 */
#define VOL_PATH_MAX	(2 * XLSH_VOL_MAX + 8)	/* /dev/VG/NAME */

struct diskspec {
	char		vdev[XLSH_VDEV_MAX + 1];
	char		volume[XLSH_VOL_MAX + 1];
	char		target[VOL_PATH_MAX + 1];	/* the volume's path */
	int		readonly;
};

struct nicspec {
	uint8_t		mac[6];
	char		bridge[BRIDGE_MAX + 1];
};

struct domcfg {
	char		name[XLSH_NAME_MAX + 1];
	char		type[8];	/* "pv", "pvh" or "hvm" */
	uint64_t	memory_kb;
	uint64_t	maxmem_kb;
	uint32_t	vcpus;
	uint32_t	maxvcpus;
	enum dom_action	on_poweroff;
	enum dom_action	on_reboot;
	enum dom_action	on_crash;
	int		has_uuid;
	uint8_t		uuid[16];
	unsigned int	risks;		/* CFG_RISK_* */
	/*
	 * The xl.cfg text as given, which xlcfg_parse sets to its first
	 * argument: the caller's buffer, valid while that is.  The libxl
	 * backend reads the keys this struct does not keep (kernel=,
	 * ramdisk=, cmdline= ...) from it.  NULL when there is none.
	 */
	const char	*text;
	size_t		 textlen;
	/* xlsh's own keys (xlcfg_xlsh.c): a root disk and a bridge. */
	char		 root_base[XLSH_VOL_MAX + 1];	/* "": none */
	uint64_t	 root_mib;			/* 0: the base's */
	char		 bridge[BRIDGE_MAX + 1];	/* "": no vif */
	int		 file_devices;	/* disk= or vif= is set */
	/* Set by the helper, never read from the text. */
	struct diskspec	 disks[DOM_DISKS_MAX];
	size_t		 ndisks;
	struct nicspec	 nics[DOM_NICS_MAX];
	size_t		 nnics;
};

/*
 * The storage pool: one volume group, named by the helper's
 * configuration, and the thin pool in it that holds the volumes (thin
 * empty: the volumes are the group's own, allocated in full).
 */
struct poolinfo {
	char		vg[XLSH_VOL_MAX + 1];
	char		thin[XLSH_VOL_MAX + 1];
	uint64_t	vg_mib;
	uint64_t	vg_free_mib;
	uint64_t	thin_mib;	/* the thin pool's data */
	uint64_t	thin_used_mib;
};

/* A volume of the pool, as lvs shows it. */
struct volinfo {
	char		name[XLSH_VOL_MAX + 1];
	char		origin[XLSH_VOL_MAX + 1];	/* a snapshot's; "" */
	char		path[VOL_PATH_MAX + 1];		/* /dev/VG/NAME */
	uint64_t	size_mib;
	uint64_t	used_mib;	/* allocated; all of it if not thin */
	int		open;		/* a domain holds it */
};

/* A running domain's disk and interface, as xl block-list and
 * network-list show them. */
struct diskinfo {
	uint32_t	devid;
	uint32_t	backend_id;
	uint32_t	frontend_id;
	int		state;
	int		evtch;
	int		rref;
	char		backend[96];	/* the backend's xenstore path */
	char		target[VOL_PATH_MAX + 1];
};

struct nicinfo {
	uint32_t	devid;
	uint32_t	backend_id;
	uint8_t		mac[6];
	int		state;
	int		evtch;
	int		rref_tx;
	int		rref_rx;
	char		backend[96];
	char		bridge[BRIDGE_MAX + 1];
};

/*
 * cfgread.c: an xl.cfg read as libxlutil 4.17 reads it, into its
 * settings: each a name and a single value (a string, or a number kept
 * as its text) or a list of strings, in which NULL stands for a list
 * inside the list.  A name set again has its last value; += appends to
 * a string or a list.
 */
struct cfgset {
	char		 *name;
	int		  line;		/* where its value starts */
	int		  list;		/* a list, not a single value */
	char		 *value;	/* a single value */
	char		**items;	/* a list's */
	size_t		  nitems;
};

struct cfgfile {
	struct cfgset	*sets;
	size_t		 nsets;
};

int	cfg_read(struct cfgfile *, const char *, size_t, const char *,
	    char *, size_t);
void	cfg_free(struct cfgfile *);
const struct cfgset *cfg_get(const struct cfgfile *, const char *);

/* xlcfg.c: parse an xl.cfg into a domcfg. */
int	xlcfg_parse(const char *, size_t, const char *, struct domcfg *,
	    struct xerr *);
/* xlcfg_keys.c */
const char *dom_action_name(enum dom_action);

/* vcpu-pin's vcpu for all of them; sched_set's "leave it". */
#define VCPU_ALL	UINT32_MAX
#define SCHED_KEEP	UINT32_MAX

/* A cpupool, as sched-credit2 shows it. */
struct cpupoolinfo {
	uint32_t	poolid;
	char		name[XLSH_NAME_MAX + 1];
	int		credit2;	/* its scheduler is credit2 */
	int		has_params;	/* ratelimit_us could be read */
	uint32_t	ratelimit_us;
};

/* A domain's credit2 parameters, and the cpupool it is in. */
struct schedinfo {
	uint32_t	poolid;
	uint32_t	weight;
	uint32_t	cap;
};

struct db;

/* One domain, named by its domid, its name or its uuid. */
enum domkey_kind { KEY_DOMID, KEY_NAME, KEY_UUID };
struct domkey {
	enum domkey_kind	 kind;
	uint32_t		 domid;
	const char		*name;
	uint8_t			 uuid[16];
};

struct backend_args {
	const char	*state_dir;	/* sim: where an old state file is */
	struct db	*db;		/* sim: the host's tables (db.h) */
	const char	*vg;		/* the storage pool's volume group */
	const char	*thin;		/* its thin pool; NULL: none */
	/* sim, at the helper's start: the host's size; 0: as it is. */
	unsigned int	 sim_cpus;
	unsigned int	 sim_memory_mib;
};

struct backend {
	const char	*name;
	void		*priv;

	int	(*open)(struct backend *, const struct backend_args *,
		    struct xerr *);
	void	(*close)(struct backend *);

	/* All domains, Domain-0 first, in domid order. */
	int	(*domains)(struct backend *, struct dominfo **, size_t *,
		    struct xerr *);
	/*
	 * For completion, and optional (NULL: the caller filters
	 * domains()'s): the domains whose names begin with a prefix, in
	 * name order, found without reading every domain; only their
	 * domid, name and uuid are set.
	 */
	int	(*named)(struct backend *, const char *, struct dominfo **,
		    size_t *, struct xerr *);
	/*
	 * One domain, found by its key without listing them all: 1, or 0
	 * if there is none (e untouched), or -1.
	 */
	int	(*lookup)(struct backend *, const struct domkey *,
		    struct dominfo *, struct xerr *);
	int	(*host)(struct backend *, struct hostinfo *, struct xerr *);
	/* The vcpus of one domain; nr_cpus is the host's cpu count. */
	int	(*vcpus)(struct backend *, uint32_t, struct vcpuinfo **,
		    size_t *, uint32_t *, struct xerr *);

	int	(*create)(struct backend *, const struct domcfg *,
		    uint32_t *, struct xerr *);
	/*
	 * SHUT_* flags.  A guest without PV drivers cannot be asked:
	 * with SHUT_FALLBACK its ACPI power (reset) button is pressed
	 * instead, and 1 is returned, as xl shutdown -F does.
	 */
	int	(*shutdown)(struct backend *, uint32_t, int, struct xerr *);
	int	(*destroy)(struct backend *, uint32_t, struct xerr *);
	int	(*pause)(struct backend *, uint32_t, int, struct xerr *);
	int	(*rename)(struct backend *, uint32_t, const char *,
		    struct xerr *);
	int	(*mem_set)(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
	/* xl mem-max: the static maximum, not below the current target. */
	int	(*mem_max)(struct backend *, uint32_t, uint64_t,
		    struct xerr *);
	int	(*vcpu_set)(struct backend *, uint32_t, uint32_t,
		    struct xerr *);
	/*
	 * xl dmesg: the hypervisor's console ring, as text to free; with
	 * clear (dmesg -c), emptied once it is read.
	 */
	int	(*dmesg)(struct backend *, int, char **, struct xerr *);
	/* A descriptor of the domain's console, for the shell to bridge. */
	int	(*console)(struct backend *, uint32_t, int *, struct xerr *);
	/*
	 * list -l: the JSON array xl list -l prints for these domains
	 * (those whose configuration cannot be had, Domain-0 among them,
	 * are left out, as xl leaves them out).
	 */
	int	(*list_long)(struct backend *, const struct dominfo *, size_t,
		    char **, struct xerr *);

	/*
	 * The storage pool: its volumes, and one by name (1, or 0 if
	 * there is none, or -1).  vol_create makes an empty volume, or
	 * (origin not NULL) a snapshot of origin of at least its size;
	 * sizes are whole extents of XLSH_EXTENT_MIB.  Each fails with
	 * XE_STATE when no pool is configured.
	 */
	int	(*pool)(struct backend *, struct poolinfo *, struct xerr *);
	int	(*vols)(struct backend *, struct volinfo **, size_t *,
		    struct xerr *);
	int	(*vol)(struct backend *, const char *, struct volinfo *,
		    struct xerr *);
	int	(*vol_create)(struct backend *, const char *, uint64_t,
		    const char *, struct xerr *);
	int	(*vol_resize)(struct backend *, const char *, uint64_t,
		    struct xerr *);
	int	(*vol_delete)(struct backend *, const char *, struct xerr *);

	/* A running domain's disks and network interfaces. */
	int	(*disks)(struct backend *, uint32_t, struct diskinfo **,
		    size_t *, struct xerr *);
	int	(*disk_attach)(struct backend *, uint32_t,
		    const struct diskspec *, struct xerr *);
	/* By its vdev (xvdb), as xl block-detach names it. */
	int	(*disk_detach)(struct backend *, uint32_t, const char *,
		    struct xerr *);
	int	(*nics)(struct backend *, uint32_t, struct nicinfo **,
		    size_t *, struct xerr *);
	/*
	 * xl vcpu-pin: the hard and soft affinity of one vcpu of a domain
	 * (VCPU_ALL: of each), each a cpu list as xl takes it (cpuset.c),
	 * or NULL to leave it as it is.
	 */
	int	(*vcpu_pin)(struct backend *, uint32_t, uint32_t,
		    const char *, const char *, struct xerr *);
	/* xl sched-credit2: the cpupools, and a domain's parameters. */
	int	(*cpupools)(struct backend *, struct cpupoolinfo **, size_t *,
		    struct xerr *);
	int	(*sched_get)(struct backend *, uint32_t, struct schedinfo *,
		    struct xerr *);
	/* Its weight and cap; SCHED_KEEP leaves one as it is. */
	int	(*sched_set)(struct backend *, uint32_t, uint32_t, uint32_t,
		    struct xerr *);
	/* A new interface; its devid is the backend's choice. */
	int	(*nic_attach)(struct backend *, uint32_t,
		    const struct nicspec *, uint32_t *, struct xerr *);
	int	(*nic_detach)(struct backend *, uint32_t, uint32_t,
		    struct xerr *);
	/* xl sysrq: a magic SysRq key for the guest's kernel. */
	int	(*sysrq)(struct backend *, uint32_t, char, struct xerr *);
	/*
	 * xl save: the domain written to the descriptor as xl's save file
	 * (saveimg.c's head, then the backend's stream), and then
	 * destroyed, or with SAVE_CHECKPOINT left running (paused with
	 * SAVE_PAUSED).  tick, if not NULL, is called with its argument now
	 * and then while the domain is written (the helper answers a
	 * Ctrl-C there).  xl restore: a domain made again from such a
	 * file, read from its start, under the name given (NULL: its
	 * own), and left paused if asked; its domid.
	 */
	int	(*save)(struct backend *, uint32_t, int, unsigned int,
		    void (*)(void *), void *, struct xerr *);
	int	(*restore)(struct backend *, int, const char *, int,
		    uint32_t *, struct xerr *);
};

#define SHUT_REBOOT	0x1	/* reboot, not power off */
#define SHUT_FALLBACK	0x2	/* xl's -F: the ACPI button if need be */

/* save's flags: xl save's -c and -p. */
#define SAVE_CHECKPOINT		0x01	/* the domain runs on */
#define SAVE_PAUSED		0x02	/* ... paused */

/* saveimg.c: the head of xl's save file. */
#define SAVEIMG_BYTEORDER	0x01020304U
#define SAVEIMG_JSON		0x01	/* the configuration is JSON */
#define SAVEIMG_STREAMV2	0x02	/* libxl's stream, version 2 */
struct saveimg {
	uint32_t	 mandatory;	/* SAVEIMG_* */
	uint32_t	 optional;
	uint32_t	 optlen;	/* bytes of optional data */
	char		*config;	/* read: the JSON, or NULL */
};
int	saveimg_write(int, const char *, struct saveimg *, struct xerr *);
int	saveimg_read(int, struct saveimg *, struct xerr *);
void	saveimg_free(struct saveimg *);

/*
 * xlcfg_libxl.c: the libxl_domain_config of a domcfg, for the libxl
 * backend; visible only where libxl.h was included first.
 */
#ifdef LIBXL_H
int	xlcfg_libxl(const struct domcfg *, libxl_domain_config *,
	    struct xerr *);
void	lx_disk_of(const struct diskspec *, libxl_device_disk *);
#endif
#ifdef LIBXL_H
/* xlcfg_dev.c: an administrator's xl.cfg's disk= and vif=. */
int	xlcfg_file_devices(const struct cfgfile *, libxl_domain_config *,
	    struct xerr *);
#endif

/* xlcfg_keys.c, xlcfg_xlsh.c: a domcfg's settings from a read xl.cfg. */
int	xlcfg_read_settings(const struct cfgfile *, const char *,
	    struct domcfg *, struct xerr *);
int	xlcfg_read_xlsh(const struct cfgfile *, const char *, struct domcfg *,
	    struct xerr *);

/* sim_console.c: the console of guest NAME, its log (NULL: none). */
int	sim_console_open(const char *, const char *, int *, struct xerr *);

/* domjson.c: list -l's JSON for the sim, without libxl. */
int	domjson_list(const struct dominfo *, const struct domcfg *const *,
	    size_t, char **, struct xerr *);

extern const struct backend backend_sim;

/*
 * The libxl backend is a module of its own, backend-libxl.so, which the
 * helper loads (dlopen) only when it is configured, so that a helper of
 * the simulated host maps none of Xen's libraries.  The module exports
 * one symbol, this function: its table, or NULL when the helper that
 * asks was built for another seam than the module (abi, BACKEND_ABI).
 * What it uses of common/ and backend/ is the helper's own, which the
 * helper exports to it: one copy of each, the log's settings among them.
 */
#define BACKEND_MODULE_ENTRY	"xlsh_backend_module"
/* Raise it when struct backend, or what its operations pass, changes. */
#define BACKEND_ABI		3
const struct backend *xlsh_backend_module(unsigned int)
	    __attribute__((visibility("default")));

#endif /* BACKEND_H */
