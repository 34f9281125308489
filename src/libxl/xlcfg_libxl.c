/*
 * The libxl backend's half of reading an xl.cfg: turn a domcfg, which
 * xlcfg.c has already parsed and checked, into the libxl_domain_config
 * that libxl_domain_create_new wants.  What the domcfg keeps (name,
 * type, memory, vcpus, on_*, uuid) is taken from it, so that a name
 * given on the command line and the quota checked by policy hold; the
 * few other keys a kernel-booted guest needs are read again from the
 * config text (cfgread.c), as xl's parse_config_data reads them.
 * Disks and vifs are the helper's (from the registry) and, in an
 * administrator's own file, its disk= and vif= (xlcfg_dev.c).
 *
 * xl acts on some 150 keys.  Every key xl would act on and this file
 * does not is refused, never quietly dropped: a guest would otherwise
 * come up without the disk or network its author asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxl_utils.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"

/*
 * The keys of xl.cfg that xl's parse_config_data (4.17) acts on and
 * that are not made here: devices, device models, bootloaders,
 * firmware, scheduling and HVM platform settings.
 */
static const char *const unset_keys[] = {
	"acpi", "acpi_firmware", "acpi_laptop_slate", "acpi_s3", "acpi_s4",
	"altp2m", "altp2mhvm", "apic", "bios", "bios_path_override", "boot",
	"bootloader", "bootloader_args", "cap", "channel", "cpu_weight",
	"cpuid", "cpus", "cpus_soft", "device_model", "device_model_args",
	"device_model_args_hvm", "device_model_args_pv",
	"device_model_override", "device_model_stubdomain_override",
	"device_model_stubdomain_seclabel", "device_model_user",
	"device_model_version", "device_tree", "display",
	"dm_restrict", "driver_domain", "dtdev", "e820_host", "extratime",
	"firmware", "firmware_override", "gfx_passthru", "gic_version", "hap",
	"hdtype", "hpet", "init_seclabel", "iomem", "ioports", "irqs",
	"keymap", "latency", "localtime", "max_event_channels",
	"max_grant_frames", "max_grant_version", "max_maptrack_frames",
	"mca_caps", "mmio_hole", "ms_vm_genid", "msr_relaxed", "nestedhvm",
	"nographic", "nomigrate", "nx", "on_soft_reset", "on_watchdog", "oos",
	"opengl", "p9", "pae", "passthrough", "pci", "pci_msitranslate",
	"pci_permissive", "pci_power_mgmt", "pci_seize", "period", "pool",
	"pvcalls", "pvshim", "pvshim_cmdline", "pvshim_extra", "pvshim_path",
	"rdm", "rdm_mem_boundary", "rtc_timeoffset", "sdl", "seclabel",
	"serial", "shadow_memory", "slice", "smbios_firmware", "soundhw",
	"spice", "spice_clipboard_sharing", "spice_image_compression",
	"spice_streaming_video", "spiceagent_mouse", "spicedisable_ticketing",
	"spicehost", "spicepasswd", "spiceport", "spicetls_port",
	"spiceusbredirection", "spicevdagent", "stdvga", "stubdomain_cmdline",
	"stubdomain_kernel", "stubdomain_memory", "stubdomain_ramdisk", "tee",
	"timer_mode", "tsc_mode", "usb", "usbctrl", "usbdev", "usbdevice",
	"usbversion", "vdispl", "vendor_device", "vfb", "vga", "videoram",
	"vif2", "viridian", "vkb", "vkb_device", "vmtrace_buf_kb",
	"vnc", "vncdisplay", "vnclisten", "vncpasswd", "vncunused",
	"vncviewer", "vnuma", "vpmu", "vpt_align", "vsnd", "vtpm", "vuart",
	"xauthority", "xen_platform_pci", "xend_suspend_evtchn_compat",
	NULL
};

static int	get_str(const struct cfgfile *, const char *, const char **,
		    struct xerr *);
static int	action(const char *, enum dom_action,
		    libxl_action_on_shutdown *, struct xerr *);
static int	cmdline(const struct cfgfile *, char **, struct xerr *);
static void	devices(const struct domcfg *, libxl_domain_config *);
static int	build(const struct cfgfile *, const struct domcfg *,
		    libxl_domain_config *, struct xerr *);

/* A single string value, or NULL if the key is not set. */
static int
get_str(const struct cfgfile *cfg, const char *key, const char **out,
    struct xerr *e)
{
	const struct cfgset	*set;

	*out = NULL;
	if ((set = cfg_get(cfg, key)) == NULL)
		return 0;
	if (set->list) {
		xerr_set(e, XE_INVAL, "%s: expected a single value, not a list",
		    key);
		return -1;
	}
	*out = set->value;
	return 0;
}

/*
 * on_poweroff/on_reboot/on_crash.  The domain monitor of
 * lx_monitor.c destroys, restarts or leaves a domain; the other
 * actions (renaming, core dumps, soft reset) it does not carry out.
 */
static int
action(const char *key, enum dom_action a, libxl_action_on_shutdown *out,
    struct xerr *e)
{
	switch (a) {
	case ACT_DESTROY:
		*out = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
		return 0;
	case ACT_RESTART:
		*out = LIBXL_ACTION_ON_SHUTDOWN_RESTART;
		return 0;
	case ACT_PRESERVE:
		*out = LIBXL_ACTION_ON_SHUTDOWN_PRESERVE;
		return 0;
	default:
		xerr_set(e, XE_INVAL, "xlshd does not yet carry out %s = "
		    "\"%s\" (destroy, restart and preserve it does)", key,
		    dom_action_name(a));
		return -1;
	}
}

/* cmdline=, or else root= and extra=, as xl's parse_cmdline joins them. */
static int
cmdline(const struct cfgfile *cfg, char **out, struct xerr *e)
{
	const char	*line, *root, *extra;

	*out = NULL;
	if (get_str(cfg, "cmdline", &line, e) == -1 ||
	    get_str(cfg, "root", &root, e) == -1 ||
	    get_str(cfg, "extra", &extra, e) == -1)
		return -1;
	if (line != NULL)
		*out = xstrdup(line);
	else if (root != NULL && extra != NULL)
		xasprintf(out, "root=%s %s", root, extra);
	else if (root != NULL)
		xasprintf(out, "root=%s", root);
	else if (extra != NULL)
		*out = xstrdup(extra);
	return 0;
}

static int
build(const struct cfgfile *cfg, const struct domcfg *dc,
    libxl_domain_config *d, struct xerr *e)
{
	libxl_domain_build_info	*b = &d->b_info;
	libxl_domain_type	 type;
	const char		*kernel, *ramdisk;
	uint32_t		 i;

	if (strcmp(dc->type, "pv") == 0)
		type = LIBXL_DOMAIN_TYPE_PV;
	else if (strcmp(dc->type, "pvh") == 0)
		type = LIBXL_DOMAIN_TYPE_PVH;
	else if (strcmp(dc->type, "hvm") == 0)
		type = LIBXL_DOMAIN_TYPE_HVM;
	else {
		xerr_set(e, XE_INVAL, "type: \"%.8s\" is not one of pv, pvh, "
		    "hvm", dc->type);
		return -1;
	}
	if (dc->vcpus < 1 || dc->maxvcpus < dc->vcpus ||
	    dc->maxvcpus > XLSH_VCPUS_MAX || dc->memory_kb == 0 ||
	    dc->maxmem_kb < dc->memory_kb) {
		xerr_set(e, XE_INVAL, "domain \"%s\": invalid configuration "
		    "(memory or vcpus out of range)", dc->name);
		return -1;
	}

	d->c_info.type = type;
	d->c_info.name = xstrdup(dc->name);
	/* Any free domid, as xl's default domid_policy. */
	d->c_info.domid = INVALID_DOMID;
	if (dc->has_uuid)
		memcpy(libxl_uuid_bytearray(&d->c_info.uuid), dc->uuid,
		    sizeof(dc->uuid));
	else
		libxl_uuid_generate(&d->c_info.uuid);

	libxl_domain_build_info_init_type(b, type);
	b->target_memkb = dc->memory_kb;
	b->max_memkb = dc->maxmem_kb;
	b->max_vcpus = (int)dc->maxvcpus;
	/*
	 * The map libxl_cpu_bitmap_alloc would make, but without a ctx,
	 * which that wants only to report running out of memory.
	 * libxl_bitmap_dispose frees it.
	 */
	b->avail_vcpus.size = (dc->vcpus + 7) / 8;
	b->avail_vcpus.map = xcalloc(b->avail_vcpus.size, 1);
	for (i = 0; i < dc->vcpus; i++)
		libxl_bitmap_set(&b->avail_vcpus, (int)i);

	/* Since 4.10 the kernel of PV and PVH guests is in b_info itself. */
	if (get_str(cfg, "kernel", &kernel, e) == -1 ||
	    get_str(cfg, "ramdisk", &ramdisk, e) == -1 ||
	    cmdline(cfg, &b->cmdline, e) == -1)
		return -1;
	if (kernel != NULL)
		b->kernel = xstrdup(kernel);
	if (ramdisk != NULL)
		b->ramdisk = xstrdup(ramdisk);

	if (action("on_poweroff", dc->on_poweroff, &d->on_poweroff, e) == -1 ||
	    action("on_reboot", dc->on_reboot, &d->on_reboot, e) == -1 ||
	    action("on_crash", dc->on_crash, &d->on_crash, e) == -1)
		return -1;
	/* xl's defaults for the two this file does not read. */
	d->on_watchdog = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
	d->on_soft_reset = LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET;
	return 0;
}

/*
 * A disk as the helper gives it: a whole block device in dom0 (phy,
 * raw), a volume of the storage pool.
 */
void
lx_disk_of(const struct diskspec *s, libxl_device_disk *d)
{
	libxl_device_disk_init(d);
	d->pdev_path = xstrdup(s->target);
	d->vdev = xstrdup(s->vdev);
	d->backend = LIBXL_DISK_BACKEND_PHY;
	d->format = LIBXL_DISK_FORMAT_RAW;
	d->readwrite = !s->readonly;
}

/* The domcfg's disks, and its vifs: PV, on a bridge, libxl's script. */
static void
devices(const struct domcfg *dc, libxl_domain_config *d)
{
	size_t	i;

	d->num_disks = (int)dc->ndisks;
	d->disks = dc->ndisks == 0 ? NULL : xcalloc(dc->ndisks,
	    sizeof(*d->disks));
	for (i = 0; i < dc->ndisks; i++)
		lx_disk_of(&dc->disks[i], &d->disks[i]);
	d->num_nics = (int)dc->nnics;
	d->nics = dc->nnics == 0 ? NULL : xcalloc(dc->nnics, sizeof(*d->nics));
	for (i = 0; i < dc->nnics; i++) {
		libxl_device_nic_init(&d->nics[i]);
		d->nics[i].devid = (libxl_devid)i;
		memcpy(d->nics[i].mac, dc->nics[i].mac, 6);
		d->nics[i].bridge = xstrdup(dc->nics[i].bridge);
		d->nics[i].nictype = LIBXL_NIC_TYPE_VIF;
	}
}

/*
 * Fill d, which the caller has passed through libxl_domain_config_init
 * and disposes of afterwards, whether this succeeds or not.
 */
int
xlcfg_libxl(const struct domcfg *dc, libxl_domain_config *d, struct xerr *e)
{
	struct cfgfile		  cfg;
	char			  report[sizeof(e->msg)];
	const char *const	 *k;
	int			  rc = -1;

	if (dc->text == NULL)
		fatalx("xlcfg_libxl: the domcfg carries no config text");
	/* xlcfg_parse read this very text already: this cannot fail. */
	if (cfg_read(&cfg, dc->text, dc->textlen, dc->name, report,
	    sizeof(report)) == -1) {
		xerr_set(e, XE_INVAL, "domain \"%s\": the config cannot be "
		    "read again", dc->name);
		goto out;
	}
	for (k = unset_keys; *k != NULL; k++) {
		if (cfg_get(&cfg, *k) != NULL) {
			xerr_set(e, XE_INVAL, "xlshd does not yet set up %s",
			    *k);
			goto out;
		}
	}
	if (build(&cfg, dc, d, e) == -1)
		goto out;
	devices(dc, d);
	if (xlcfg_file_devices(&cfg, d, e) == -1)
		goto out;
	rc = 0;
out:
	cfg_free(&cfg);
	return rc;
}
