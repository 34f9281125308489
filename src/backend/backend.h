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
};

/* xlcfg.c: parse an xl.cfg with libxlutil. */
int	xlcfg_parse(const char *, size_t, const char *, struct domcfg *,
	    struct xerr *);
/* xlcfg_keys.c */
const char *dom_action_name(enum dom_action);

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
	/* xl dmesg: the hypervisor's console ring, as text to free. */
	int	(*dmesg)(struct backend *, char **, struct xerr *);
	/* A descriptor of the domain's console, for the shell to bridge. */
	int	(*console)(struct backend *, uint32_t, int *, struct xerr *);
	/*
	 * list -l: the JSON array xl list -l prints for these domains
	 * (those whose configuration cannot be had, Domain-0 among them,
	 * are left out, as xl leaves them out).
	 */
	int	(*list_long)(struct backend *, const struct dominfo *, size_t,
		    char **, struct xerr *);
};

/*
 * xlcfg_libxl.c: the libxl_domain_config of a domcfg, for the libxl
 * backend; visible only where libxl.h was included first.
 */
#ifdef LIBXL_H
int	domjson_write(const struct dominfo *, size_t,
	    int (*)(const struct dominfo *, libxl_domain_config *, void *),
	    void *, char **, struct xerr *);
int	xlcfg_libxl(const struct domcfg *, libxl_domain_config *,
	    struct xerr *);
#endif

/*
 * xlcfg_keys.c: whether an xl.cfg key is set, to a value or a list;
 * for xlcfg.c, the settings of a domcfg read from a parsed xl.cfg.
 */
#ifdef LIBXLUTIL_H
int	xlcfg_key_set(XLU_Config *, const char *);
int	xlcfg_read_settings(XLU_Config *, const char *, struct domcfg *,
	    struct xerr *);
#endif

/* sim_console.c */
int	sim_console_open(const char *, int *, struct xerr *);

/* domjson.c */
int	domjson_list(const struct dominfo *, const struct domcfg *const *,
	    size_t, char **, struct xerr *);

extern const struct backend backend_libxl;
extern const struct backend backend_sim;

#endif /* BACKEND_H */
