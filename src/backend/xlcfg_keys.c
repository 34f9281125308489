/*
 * The keys of an xl.cfg that cfgread.c has read: the settings a
 * struct domcfg keeps (name, type, memory, vcpus, the on_* actions,
 * uuid), each read and checked, and the keys that would make root in
 * Dom0 run a program or open a file, only recorded (CFG_RISK_*).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "common/proto.h"
#include "common/xlsh.h"

#define MEM_MAX_MIB	(1024 * 1024)	/* 1 TiB */
#define SHOW_MAX	48		/* bytes of a bad value quoted back */

struct risk_key {
	const char	*key;
	unsigned int	 risk;
};

/*
 * Keys whose mere presence is recorded.  Besides the obvious ones:
 * the firmware and device tree keys name files read as root, and
 * iomem/ioports/irqs/dtdev/usbdev pass host hardware through, as pci
 * does.
 */
static const struct risk_key risk_keys[] = {
	{ "bootloader",			CFG_RISK_BOOTLOADER },
	{ "bootloader_args",		CFG_RISK_BOOTLOADER },
	{ "device_model_override",	CFG_RISK_DEVICE_MODEL },
	{ "device_model_args",		CFG_RISK_DEVICE_MODEL },
	{ "device_model_args_pv",	CFG_RISK_DEVICE_MODEL },
	{ "device_model_args_hvm",	CFG_RISK_DEVICE_MODEL },
	{ "stubdomain_kernel",		CFG_RISK_KERNEL },
	{ "stubdomain_ramdisk",		CFG_RISK_KERNEL },
	{ "kernel",			CFG_RISK_KERNEL },
	{ "ramdisk",			CFG_RISK_KERNEL },
	{ "firmware_override",		CFG_RISK_KERNEL },
	{ "acpi_firmware",		CFG_RISK_KERNEL },
	{ "smbios_firmware",		CFG_RISK_KERNEL },
	{ "device_tree",		CFG_RISK_KERNEL },
	{ "disk",			CFG_RISK_DISK },
	{ "pci",			CFG_RISK_PCI },
	{ "iomem",			CFG_RISK_PCI },
	{ "ioports",			CFG_RISK_PCI },
	{ "irqs",			CFG_RISK_PCI },
	{ "dtdev",			CFG_RISK_PCI },
	{ "usbdev",			CFG_RISK_PCI },
	{ NULL,				0 }
};

/* List keys whose items may name a hotplug script. */
static const char *const script_keys[] = { "disk", "vif", "vtpm", NULL };

/* Indexed by enum dom_action. */
static const char *const action_names[] = {
	"destroy",
	"restart",
	"preserve",
	"rename-restart",
	"coredump-destroy",
	"coredump-restart",
	"soft-reset",
	NULL
};

static int	 has_script(const char *);
static int	 item_has_script(const struct cfgfile *, const char *);
static int	 get_str(const struct cfgfile *, const char *, const char *,
		    const char **, struct xerr *);
static int	 get_num(const struct cfgfile *, const char *, const char *,
		    const char *, uint64_t, uint64_t, uint64_t *,
		    struct xerr *);
static int	 get_action(const struct cfgfile *, const char *,
		    const char *, enum dom_action *, struct xerr *);
static int	 get_type(const struct cfgfile *, const char *,
		    struct domcfg *, struct xerr *);

const char *
dom_action_name(enum dom_action a)
{
	if ((unsigned int)a >= sizeof(action_names) /
	    sizeof(action_names[0]) - 1)
		return "unknown";
	return action_names[a];
}

/* "script" followed, perhaps after blanks, by '='. */
static int
has_script(const char *s)
{
	const char	*p;

	for (p = s; (p = strstr(p, "script")) != NULL; ) {
		p += strlen("script");
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '=')
			return 1;
	}
	return 0;
}

/* A single value, or any string of a list, that names a script. */
static int
item_has_script(const struct cfgfile *cfg, const char *key)
{
	const struct cfgset	*set;
	size_t			 i;

	if ((set = cfg_get(cfg, key)) == NULL)
		return 0;
	if (!set->list)
		return has_script(set->value);
	for (i = 0; i < set->nitems; i++)
		if (set->items[i] != NULL && has_script(set->items[i]))
			return 1;
	return 0;
}

/* A single string value; *out stays NULL if the key is not set. */
static int
get_str(const struct cfgfile *cfg, const char *fn, const char *key,
    const char **out, struct xerr *e)
{
	const struct cfgset	*set;

	*out = NULL;
	if ((set = cfg_get(cfg, key)) == NULL)
		return 0;
	if (set->list) {
		xerr_set(e, XE_INVAL, "%s: %s: expected a single value, "
		    "not a list", fn, key);
		return -1;
	}
	*out = set->value;
	return 0;
}

/* A whole decimal number in [min, max]; def if the key is not set. */
static int
get_num(const struct cfgfile *cfg, const char *fn, const char *key, const char *what,
    uint64_t min, uint64_t max, uint64_t *out, struct xerr *e)
{
	const char		*s, *p;
	char			 show[SHOW_MAX];
	unsigned long long	 v = 0;

	if (get_str(cfg, fn, key, &s, e) == -1)
		return -1;
	if (s == NULL)
		return 0;
	strvis_name(show, sizeof(show), s);
	if (*s == '\0')
		goto bad;
	for (p = s; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			goto bad;
	for (p = s; *p != '\0'; p++) {
		if (v > (ULLONG_MAX - (unsigned long long)(*p - '0')) / 10)
			goto range;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (v < min || v > max)
		goto range;
	*out = v;
	return 0;
bad:
	xerr_set(e, XE_INVAL, "%s: %s: \"%s\" is not a number of %s", fn,
	    key, show, what);
	return -1;
range:
	xerr_set(e, XE_INVAL, "%s: %s: %s is out of range (%llu to %llu "
	    "%s)", fn, key, show, (unsigned long long)min,
	    (unsigned long long)max, what);
	return -1;
}

static int
get_action(const struct cfgfile *cfg, const char *fn, const char *key,
    enum dom_action *out, struct xerr *e)
{
	const char	*s;
	char		 show[SHOW_MAX];
	int		 i;

	if (get_str(cfg, fn, key, &s, e) == -1)
		return -1;
	if (s == NULL)
		return 0;
	for (i = 0; action_names[i] != NULL; i++) {
		if (strcmp(s, action_names[i]) == 0) {
			*out = (enum dom_action)i;
			return 0;
		}
	}
	strvis_name(show, sizeof(show), s);
	xerr_set(e, XE_INVAL, "%s: %s: \"%s\" is not one of destroy, "
	    "restart, preserve, rename-restart, coredump-destroy, "
	    "coredump-restart, soft-reset", fn, key, show);
	return -1;
}

/* type=, or the deprecated builder= that older configs carry. */
static int
get_type(const struct cfgfile *cfg, const char *fn, struct domcfg *dc,
    struct xerr *e)
{
	const char	*s;
	char		 show[SHOW_MAX];

	if (get_str(cfg, fn, "type", &s, e) == -1)
		return -1;
	if (s != NULL) {
		if (strcmp(s, "pv") == 0 || strcmp(s, "pvh") == 0 ||
		    strcmp(s, "hvm") == 0) {
			snprintf(dc->type, sizeof(dc->type), "%s", s);
			return 0;
		}
		strvis_name(show, sizeof(show), s);
		xerr_set(e, XE_INVAL, "%s: type: \"%s\" is not one of pv, "
		    "pvh, hvm", fn, show);
		return -1;
	}
	if (get_str(cfg, fn, "builder", &s, e) == -1)
		return -1;
	if (s == NULL)
		return 0;
	if (strcmp(s, "hvm") == 0)
		snprintf(dc->type, sizeof(dc->type), "hvm");
	else if (strcmp(s, "generic") == 0)
		snprintf(dc->type, sizeof(dc->type), "pv");
	else {
		strvis_name(show, sizeof(show), s);
		xerr_set(e, XE_INVAL, "%s: builder: \"%s\" is not one of "
		    "generic, hvm", fn, show);
		return -1;
	}
	return 0;
}

int
xlcfg_read_settings(const struct cfgfile *cfg, const char *fn,
    struct domcfg *dc, struct xerr *e)
{
	const struct risk_key	*rk;
	const struct cfgset	*set;
	const char		*s;
	char			 show[SHOW_MAX];
	uint64_t		 mem = 128, maxmem, vcpus = 1, maxvcpus;
	int			 i;

	if (get_str(cfg, fn, "name", &s, e) == -1)
		return -1;
	if (s == NULL) {
		xerr_set(e, XE_INVAL, "%s: no name= given", fn);
		return -1;
	}
	if (strcmp(s, "Domain-0") == 0) {
		xerr_set(e, XE_INVAL, "%s: name: \"Domain-0\" is reserved for "
		    "the host's own domain", fn);
		return -1;
	}
	if (!valid_domain_name(s)) {
		strvis_name(show, sizeof(show), s);
		xerr_set(e, XE_INVAL, "%s: name: \"%s\" is not a valid domain "
		    "name ([A-Za-z0-9][A-Za-z0-9._-]*, at most %d bytes, not "
		    "all digits)", fn, show, XLSH_NAME_MAX);
		return -1;
	}
	snprintf(dc->name, sizeof(dc->name), "%s", s);

	if (get_type(cfg, fn, dc, e) == -1 ||
	    get_num(cfg, fn, "memory", "MiB", 1, MEM_MAX_MIB, &mem, e) == -1)
		return -1;
	maxmem = mem;
	if (get_num(cfg, fn, "maxmem", "MiB", 1, MEM_MAX_MIB, &maxmem,
	    e) == -1)
		return -1;
	if (maxmem < mem) {
		xerr_set(e, XE_INVAL, "%s: maxmem must be greater than or "
		    "equal to memory (%llu MiB < %llu MiB)", fn,
		    (unsigned long long)maxmem, (unsigned long long)mem);
		return -1;
	}
	if (get_num(cfg, fn, "vcpus", "vcpus", 1, XLSH_VCPUS_MAX, &vcpus,
	    e) == -1)
		return -1;
	maxvcpus = vcpus;
	if (get_num(cfg, fn, "maxvcpus", "vcpus", 1, XLSH_VCPUS_MAX,
	    &maxvcpus, e) == -1)
		return -1;
	if (maxvcpus < vcpus) {
		xerr_set(e, XE_INVAL, "%s: maxvcpus must be greater than or "
		    "equal to vcpus (%llu < %llu)", fn,
		    (unsigned long long)maxvcpus, (unsigned long long)vcpus);
		return -1;
	}
	dc->memory_kb = mem * 1024;
	dc->maxmem_kb = maxmem * 1024;
	dc->vcpus = (uint32_t)vcpus;
	dc->maxvcpus = (uint32_t)maxvcpus;

	if (get_action(cfg, fn, "on_poweroff", &dc->on_poweroff, e) == -1 ||
	    get_action(cfg, fn, "on_reboot", &dc->on_reboot, e) == -1 ||
	    get_action(cfg, fn, "on_crash", &dc->on_crash, e) == -1)
		return -1;

	if (get_str(cfg, fn, "uuid", &s, e) == -1)
		return -1;
	if (s != NULL) {
		if (parse_uuid(s, dc->uuid) == -1) {
			strvis_name(show, sizeof(show), s);
			xerr_set(e, XE_INVAL, "%s: uuid: \"%s\" is not a UUID "
			    "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", fn,
			    show);
			return -1;
		}
		dc->has_uuid = 1;
	}

	for (rk = risk_keys; rk->key != NULL; rk++)
		if (cfg_get(cfg, rk->key) != NULL)
			dc->risks |= rk->risk;
	/* firmware= is a path only when it is not a built-in name. */
	if ((set = cfg_get(cfg, "firmware")) != NULL && !set->list &&
	    strchr(set->value, '/') != NULL)
		dc->risks |= CFG_RISK_KERNEL;
	for (i = 0; script_keys[i] != NULL; i++)
		if (item_has_script(cfg, script_keys[i]))
			dc->risks |= CFG_RISK_SCRIPT;
	return 0;
}
