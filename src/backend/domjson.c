/*
 * list -l for the simulated host: each domain's configuration as the
 * JSON xl 4.17's list -l prints, written with yajl alone, so that the
 * sim's helper maps no Xen library.  The shape is that of libxl's
 * generator (libxl_domain_config_gen_json, made from libxl_types.idl)
 * for the libxl_domain_config the sim's domains would have:
 *
 *  - a struct's fields come in the IDL's order, and a field whose value
 *    is its default is left out: an integer 0, a memory size of
 *    LIBXL_MEMKB_DEFAULT, an enumeration at its init value (destroy for
 *    the on_* actions), a nil uuid, an empty bitmap;
 *  - a field that is itself a struct is always written, empty or not,
 *    and the keyed union u as "type.pv", "type.pvh" or "type.hvm";
 *  - a bitmap is the array of its set bits, a uuid the usual string,
 *    an enumeration its lowercased name;
 *  - libxl's generator beautifies with yajl's default indent.
 *
 * Of all the fields, the sim's domains set only the type, the name and
 * uuid, the vcpus, the memory and the actions; an HVM domain's
 * build_info also holds the (empty) structs vga, vnc, sdl, spice and
 * rdm.  tests/unit-domjson.c checks the text against libxl's own for
 * the same domains.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <yajl/yajl_gen.h>

#include "backend.h"
#include "common/xlsh.h"

/* A writer whose first error is kept and ends the writing. */
struct jw {
	yajl_gen	g;
	yajl_gen_status	s;
};

static void	 jw_key(struct jw *, const char *);
static void	 jw_str(struct jw *, const char *, const char *);
static void	 jw_int(struct jw *, const char *, long long);
static void	 jw_memkb(struct jw *, const char *, uint64_t);
static void	 jw_open(struct jw *, const char *);
static void	 jw_close(struct jw *);
static void	 jw_empty(struct jw *, const char *);
static const char *action_name(enum dom_action);
static void	 write_guest(struct jw *, const struct dominfo *,
		    const struct domcfg *);
static void	 write_dom0(struct jw *, const struct dominfo *);

/* libxl's LIBXL_MEMKB_DEFAULT: a size not given. */
#define MEMKB_DEFAULT	UINT64_MAX

/* An HVM domain's structs in build_info's u.hvm, in the IDL's order. */
static const char *const hvm_structs[] = {
	"vga", "vnc", "sdl", "spice", "rdm"
};

static void
jw_key(struct jw *w, const char *key)
{
	if (w->s == yajl_gen_status_ok && key != NULL)
		w->s = yajl_gen_string(w->g, (const unsigned char *)key,
		    strlen(key));
}

static void
jw_str(struct jw *w, const char *key, const char *val)
{
	jw_key(w, key);
	if (w->s == yajl_gen_status_ok)
		w->s = yajl_gen_string(w->g, (const unsigned char *)val,
		    strlen(val));
}

static void
jw_int(struct jw *w, const char *key, long long val)
{
	jw_key(w, key);
	if (w->s == yajl_gen_status_ok)
		w->s = yajl_gen_integer(w->g, val);
}

/* A MemKB field: left out at its default, else its decimal digits. */
static void
jw_memkb(struct jw *w, const char *key, uint64_t kb)
{
	char	num[24];
	int	len;

	if (kb == MEMKB_DEFAULT)
		return;
	len = snprintf(num, sizeof(num), "%" PRIu64, kb);
	jw_key(w, key);
	if (w->s == yajl_gen_status_ok)
		w->s = yajl_gen_number(w->g, num, (size_t)len);
}

/* An object: as the value of key, or (key NULL) an array's element. */
static void
jw_open(struct jw *w, const char *key)
{
	jw_key(w, key);
	if (w->s == yajl_gen_status_ok)
		w->s = yajl_gen_map_open(w->g);
}

static void
jw_close(struct jw *w)
{
	if (w->s == yajl_gen_status_ok)
		w->s = yajl_gen_map_close(w->g);
}

/* A struct field whose fields are all at their defaults. */
static void
jw_empty(struct jw *w, const char *key)
{
	jw_open(w, key);
	jw_close(w);
}

/*
 * libxl_action_on_shutdown's names; NULL for destroy, its default,
 * which the generator leaves out (and for what is not an action, which
 * the old code made destroy).
 */
static const char *
action_name(enum dom_action a)
{
	switch (a) {
	case ACT_RESTART:
		return "restart";
	case ACT_PRESERVE:
		return "preserve";
	case ACT_RENAME_RESTART:
		return "restart_rename";
	case ACT_COREDUMP_DESTROY:
		return "coredump_destroy";
	case ACT_COREDUMP_RESTART:
		return "coredump_restart";
	case ACT_SOFT_RESET:
		return "soft_reset";
	case ACT_DESTROY:
	default:
		return NULL;
	}
}

/*
 * A guest's configuration: c_info, b_info and the actions.  A type
 * other than pv and hvm is pvh.  avail_vcpus has the first vcpu_online
 * of the maxvcpus set, and is left out (empty) when none is.
 */
static void
write_guest(struct jw *w, const struct dominfo *d, const struct domcfg *c)
{
	const char	*type = "pvh", *act;
	char		 uuid[UUID_STR];
	uint32_t	 i, online;
	size_t		 k;
	static const uint8_t nil[16];

	if (strcmp(c->type, "pv") == 0 || strcmp(c->type, "hvm") == 0)
		type = c->type;
	jw_open(w, "c_info");
	jw_str(w, "type", type);
	jw_str(w, "name", d->name);
	if (memcmp(d->uuid, nil, sizeof(nil)) != 0) {
		jw_str(w, "uuid", fmt_uuid(uuid, d->uuid));
	}
	jw_close(w);

	jw_open(w, "b_info");
	if (c->maxvcpus != 0)
		jw_int(w, "max_vcpus", (int)c->maxvcpus);
	online = d->vcpu_online < c->maxvcpus ? d->vcpu_online : c->maxvcpus;
	if (online > 0) {
		jw_key(w, "avail_vcpus");
		if (w->s == yajl_gen_status_ok)
			w->s = yajl_gen_array_open(w->g);
		for (i = 0; i < online; i++)
			jw_int(w, NULL, i);
		if (w->s == yajl_gen_status_ok)
			w->s = yajl_gen_array_close(w->g);
	}
	jw_memkb(w, "max_memkb", d->max_memkb);
	jw_memkb(w, "target_memkb", d->current_memkb);
	jw_empty(w, "sched_params");
	if (strcmp(type, "hvm") == 0) {
		jw_open(w, "type.hvm");
		for (k = 0; k < sizeof(hvm_structs) / sizeof(hvm_structs[0]);
		    k++)
			jw_empty(w, hvm_structs[k]);
		jw_close(w);
	} else if (strcmp(type, "pv") == 0)
		jw_empty(w, "type.pv");
	else
		jw_empty(w, "type.pvh");
	jw_empty(w, "arch_arm");
	jw_empty(w, "arch_x86");
	jw_close(w);

	if ((act = action_name(c->on_poweroff)) != NULL)
		jw_str(w, "on_poweroff", act);
	if ((act = action_name(c->on_reboot)) != NULL)
		jw_str(w, "on_reboot", act);
	if ((act = action_name(c->on_crash)) != NULL)
		jw_str(w, "on_crash", act);
}

/*
 * Domain-0 as libxl describes it on a real host (checked against xl
 * 4.17 under Xen): a PV domain with its memory and the credit2
 * scheduler's defaults, nothing else (no uuid, no vcpus).
 */
static void
write_dom0(struct jw *w, const struct dominfo *d)
{
	jw_open(w, "c_info");
	jw_str(w, "type", "pv");
	jw_str(w, "name", d->name);
	jw_close(w);

	jw_open(w, "b_info");
	jw_memkb(w, "max_memkb", d->max_memkb);
	jw_memkb(w, "target_memkb", d->current_memkb);
	jw_open(w, "sched_params");
	jw_str(w, "sched", "credit2");
	jw_int(w, "weight", 256);
	jw_int(w, "cap", 0);
	jw_close(w);
	jw_empty(w, "type.pv");
	jw_empty(w, "arch_arm");
	jw_empty(w, "arch_x86");
	jw_close(w);
}

/*
 * The JSON array xl list -l prints (xl_info.c list_domains_details)
 * for the sim's domains: for each, an object of its domid and its
 * configuration.  cfgs[i] is NULL where the sim keeps no configuration:
 * such domains are left out, as xl leaves out those it cannot retrieve;
 * but Domain-0's is made up, as libxl makes it up.  The text ends with
 * a newline, as puts ends xl's.
 */
int
domjson_list(const struct dominfo *d, const struct domcfg *const *cfgs,
    size_t n, char **out, struct xerr *e)
{
	struct jw		 w;
	const unsigned char	*buf;
	size_t			 i, len;

	if ((w.g = yajl_gen_alloc(NULL)) == NULL)
		fatalx("yajl_gen_alloc");
	yajl_gen_config(w.g, yajl_gen_beautify, 1);
	w.s = yajl_gen_array_open(w.g);
	for (i = 0; i < n; i++) {
		if (d[i].domid != 0 && cfgs[i] == NULL)
			continue;
		jw_open(&w, NULL);
		jw_int(&w, "domid", d[i].domid);
		jw_open(&w, "config");
		if (d[i].domid == 0)
			write_dom0(&w, &d[i]);
		else
			write_guest(&w, &d[i], cfgs[i]);
		jw_close(&w);
		jw_close(&w);
	}
	if (w.s == yajl_gen_status_ok)
		w.s = yajl_gen_array_close(w.g);
	if (w.s == yajl_gen_status_ok)
		w.s = yajl_gen_get_buf(w.g, &buf, &len);
	if (w.s != yajl_gen_status_ok) {
		yajl_gen_free(w.g);
		xerr_set(e, XE_FAIL, "unable to format domain config as JSON "
		    "(YAJL:%d)", w.s);
		return -1;
	}
	xasprintf(out, "%.*s\n", (int)len, buf);
	yajl_gen_free(w.g);
	return 0;
}
