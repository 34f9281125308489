/*
 * The VM registry (registry.c): one record per VM in the database's vm
 * table, and the VMs as members see them (vm.c): records joined by
 * uuid to the domains that run, and domains without a record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef REGISTRY_H
#define REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "backend/backend.h"
#include "backend/db.h"
#include "common/proto.h"
#include "common/xlsh.h"

#define MEMBER_MAX	64

struct vmrec {
	char		 uuid[UUID_STR];
	char		 name[XLSH_NAME_MAX + 1];
	char		 owner[MEMBER_MAX];	/* "": nobody's */
	int		 persistent;	/* vm-install's: kept while halted */
	int		 saved;		/* saved, not restored */
	char		 template[XLSH_NAME_MAX + 1];	/* "": a file */
	uint64_t	 maxmem_kb;
	uint32_t	 maxvcpus;
	uint64_t	 created_ms;
	char		 created_by[MEMBER_MAX];
	char		*config;	/* the xl.cfg text, if asked for */
};

/* registry.c: 1 found, 0 not, -1 error. */
int	reg_get(struct db *, const char *, const char *, struct vmrec *,
	    int, struct xerr *);
int	reg_insert(struct db *, const struct vmrec *, struct xerr *);
int	reg_delete(struct db *, const char *, struct xerr *);
int	reg_rename(struct db *, const char *, const char *, struct xerr *);
int	reg_set_owner(struct db *, const char *, const char *,
	    struct xerr *);
int	reg_set_maxmem(struct db *, const char *, uint64_t, struct xerr *);
int	reg_set_saved(struct db *, const char *, int, struct xerr *);
/* A record kept while its VM has no domain: not stale. */
#define REC_KEPT(r)	((r)->persistent || (r)->saved)
int	reg_list(struct db *, const char *, struct vmrec **, size_t *,
	    struct xerr *);
void	reg_free(struct vmrec *);
int	reg_host_uuid(struct db *, char *, struct xerr *);

/* A volume's record: who owns it, and the VM that has it, if one does. */
struct volrec {
	char		 name[XLSH_VOL_MAX + 1];
	char		 owner[MEMBER_MAX];	/* "": nobody's */
	uint64_t	 size_mib;
	char		 origin[XLSH_VOL_MAX + 1];	/* "": none */
	char		 vm[UUID_STR];		/* "": not attached */
	char		 vdev[XLSH_VDEV_MAX + 1];
	uint64_t	 created_ms;
	char		 created_by[MEMBER_MAX];
};

/* A VM's network interface. */
struct vifrec {
	uint32_t	 devid;
	uint8_t		 mac[6];
	char		 bridge[BRIDGE_MAX + 1];
};

/* registry_vol.c: 1 found, 0 not, -1 error. */
int	volreg_get(struct db *, const char *, struct volrec *, struct xerr *);
int	volreg_insert(struct db *, const struct volrec *, struct xerr *);
int	volreg_delete(struct db *, const char *, struct xerr *);
int	volreg_set_size(struct db *, const char *, uint64_t, struct xerr *);
int	volreg_attach(struct db *, const char *, const char *, const char *,
	    struct xerr *);
int	volreg_release(struct db *, const char *, const char *,
	    struct xerr *);
int	volreg_list(struct db *, const char *, const char *,
	    struct volrec **, size_t *, struct xerr *);
int	volreg_usage(struct db *, const char *, uint64_t *, struct xerr *);
int	vif_add(struct db *, const char *, const char *, const uint8_t *,
	    struct vifrec *, struct xerr *);
int	vif_delete(struct db *, const char *, const uint8_t *,
	    struct xerr *);
int	vif_list(struct db *, const char *, struct vifrec **, size_t *,
	    struct xerr *);

/*
 * A saved image: its name, the file the helper named, its owner (the
 * saved VM's), its size, and a copy of the saved VM's record.
 */
struct imgrec {
	char		 name[XLSH_IMAGE_MAX + 1];
	char		 file[UUID_STR];
	char		 owner[MEMBER_MAX];	/* "": nobody's */
	uint64_t	 size;		/* bytes */
	int		 has_rec;	/* the VM had a record */
	struct vmrec	 vm;		/* its copy; config allocated */
	char		*vols;		/* "VOL:VDEV ..." */
	char		*vifs;		/* "DEVID:MAC:BRIDGE ..." */
	uint64_t	 created_ms;
	char		 created_by[MEMBER_MAX];
};

/* registry_img.c: 1 found, 0 not, -1 error. */
int	imgreg_get(struct db *, const char *, struct imgrec *,
	    struct xerr *);
int	imgreg_insert(struct db *, const struct imgrec *, struct xerr *);
int	imgreg_set_size(struct db *, const char *, uint64_t, struct xerr *);
int	imgreg_delete(struct db *, const char *, struct xerr *);
int	imgreg_list(struct db *, const char *, struct imgrec **, size_t *,
	    struct xerr *);
int	imgreg_usage(struct db *, const char *, uint64_t *, uint64_t *,
	    struct xerr *);
int	imgreg_of_vm(struct db *, const char *, uint64_t *, struct xerr *);
void	imgreg_free(struct imgrec *);
void	imgreg_free_list(struct imgrec *, size_t);
int	imgreg_put_vif(struct db *, const char *, const struct vifrec *,
	    struct xerr *);

/* A VM as a member sees it: a record, a running domain, or both. */
struct vm {
	struct vmrec	 rec;
	int		 has_rec;
	struct dominfo	 dom;
	int		 live;		/* a domain runs (or is paused) */
};

struct session;
struct target;

/* registry_img.c: an image as the policy sees it; a missing one. */
void	img_target(const struct imgrec *, struct target *);
void	image_missing(const char *, struct xerr *);

/* vm.c */
int	live_domains(struct session *, struct xerr *);
int	live_uuid(struct session *, const char *, struct dominfo *,
	    struct xerr *);
int	dom_target(struct session *, const struct dominfo *, struct target *,
	    char *, struct xerr *);
int	vm_find(struct session *, const char *, struct vm *, struct xerr *);
int	vm_all(struct session *, struct vm **, size_t *, struct xerr *);
void	vm_target(const struct vm *, struct target *);
int	vm_name_free(struct session *, const char *, struct xerr *);
int	vm_new_record(struct session *, struct domcfg *, const char *, int,
	    struct vmrec *, struct xerr *);
int	vm_forget(struct session *, const struct dominfo *, struct xerr *);
const char *vm_power_state(const struct vm *);

/* A volume as a member sees it: the pool's, and its record if any. */
struct vol {
	struct volinfo	 info;
	struct volrec	 rec;
	int		 has_rec;
};

/* vmdev.c */
int	bridge_permitted(struct session *, const char *, struct xerr *);
int	vmdev_make(struct session *, const struct domcfg *, const char *,
	    int, struct xerr *);
int	vmdev_config(struct session *, const char *, struct domcfg *,
	    struct xerr *);
int	vmdev_remove(struct session *, const struct vmrec *, struct xerr *);

/* volume.c */
int	vol_find(struct session *, const char *, struct vol *, struct xerr *);
int	vol_all(struct session *, struct vol **, size_t *, struct xerr *);
void	vol_target(const struct vol *, struct target *);
int	vol_holder(struct session *, const struct vol *, struct vmrec *,
	    struct xerr *);
void	volume_missing(const char *, struct xerr *);

#endif /* REGISTRY_H */
