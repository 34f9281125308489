/*
 * list -l's JSON two ways, for the same domains: the sim's own writer
 * (backend/domjson.c, yajl alone) and libxl's generator
 * (libxl_domain_config_gen_json, through libxl/lx_json.c) on the
 * libxl_domain_config that domjson.c used to fill for the sim.  The
 * two texts must be the same, byte for byte: every type, every action,
 * vcpus and their bitmaps, memory sizes, uuids, names, Domain-0, and
 * domains left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "libxl/lx.h"
#include "tap.h"

#define NACTIONS	7	/* enum dom_action's values */

/* A list of domains, each with its configuration or NULL. */
struct doms {
	struct dominfo	*d;
	struct domcfg	*c;
	const struct domcfg **cp;
	size_t		 n;
	size_t		 size;
};

static libxl_action_on_shutdown ref_action(enum dom_action);
static void	 ref_fill(libxl_domain_config *, const struct dominfo *,
		    const struct domcfg *);
static void	 ref_fill_dom0(libxl_domain_config *, const struct dominfo *);
static int	 ref_get(const struct dominfo *, libxl_domain_config *,
		    void *);
static void	 doms_free(struct doms *);
static struct dominfo *add(struct doms *, const char *, const char *,
		    struct domcfg **);
static int	 same(const struct doms *, const char *);
static void	 test_types(void);
static void	 test_actions(void);
static void	 test_vcpus(void);
static void	 test_memory(void);
static void	 test_uuids(void);
static void	 test_names(void);
static void	 test_dom0(void);
static void	 test_left_out(void);
static void	 test_difference(void);

static const char *const types[] = { "pv", "pvh", "hvm", "" };
static uint32_t next_domid = 1;

/*
 * The reference: how domjson.c filled a libxl_domain_config from what
 * the sim keeps before it wrote the JSON itself.
 */
static libxl_action_on_shutdown
ref_action(enum dom_action a)
{
	switch (a) {
	case ACT_RESTART:
		return LIBXL_ACTION_ON_SHUTDOWN_RESTART;
	case ACT_PRESERVE:
		return LIBXL_ACTION_ON_SHUTDOWN_PRESERVE;
	case ACT_RENAME_RESTART:
		return LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME;
	case ACT_COREDUMP_DESTROY:
		return LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY;
	case ACT_COREDUMP_RESTART:
		return LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART;
	case ACT_SOFT_RESET:
		return LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET;
	case ACT_DESTROY:
	default:
		return LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
	}
}

static void
ref_fill(libxl_domain_config *dc, const struct dominfo *d,
    const struct domcfg *c)
{
	libxl_domain_type	type = LIBXL_DOMAIN_TYPE_PVH;
	uint32_t		i;

	if (strcmp(c->type, "pv") == 0)
		type = LIBXL_DOMAIN_TYPE_PV;
	else if (strcmp(c->type, "hvm") == 0)
		type = LIBXL_DOMAIN_TYPE_HVM;
	dc->c_info.type = type;
	dc->c_info.name = strdup(d->name);
	memcpy(libxl_uuid_bytearray(&dc->c_info.uuid), d->uuid, 16);
	libxl_domain_build_info_init_type(&dc->b_info, type);
	dc->b_info.max_vcpus = (int)c->maxvcpus;
	dc->b_info.avail_vcpus.size = (c->maxvcpus + 7) / 8;
	dc->b_info.avail_vcpus.map = calloc(dc->b_info.avail_vcpus.size, 1);
	if (dc->b_info.avail_vcpus.map == NULL)
		fatal("calloc");
	for (i = 0; i < d->vcpu_online && i < c->maxvcpus; i++)
		dc->b_info.avail_vcpus.map[i / 8] |= (uint8_t)(1 << (i % 8));
	dc->b_info.max_memkb = d->max_memkb;
	dc->b_info.target_memkb = d->current_memkb;
	dc->on_poweroff = ref_action(c->on_poweroff);
	dc->on_reboot = ref_action(c->on_reboot);
	dc->on_crash = ref_action(c->on_crash);
}

static void
ref_fill_dom0(libxl_domain_config *dc, const struct dominfo *d)
{
	dc->c_info.type = LIBXL_DOMAIN_TYPE_PV;
	dc->c_info.name = strdup(d->name);
	libxl_domain_build_info_init_type(&dc->b_info, LIBXL_DOMAIN_TYPE_PV);
	dc->b_info.max_memkb = d->max_memkb;
	dc->b_info.target_memkb = d->current_memkb;
	dc->b_info.sched_params.sched = LIBXL_SCHEDULER_CREDIT2;
	dc->b_info.sched_params.weight = 256;
	dc->b_info.sched_params.cap = 0;
}

static int
ref_get(const struct dominfo *d, libxl_domain_config *dc, void *arg)
{
	const struct doms	*l = arg;
	const struct domcfg	*c = l->cp[d - l->d];

	if (d->domid == 0)
		ref_fill_dom0(dc, d);
	else if (c != NULL)
		ref_fill(dc, d, c);
	else
		return -1;
	return 0;
}

static void
doms_free(struct doms *l)
{
	free(l->d);
	free(l->c);
	free(l->cp);
	memset(l, 0, sizeof(*l));
}

/*
 * A domain added to the list: a guest of type (with a configuration of
 * one vcpu and destroy everywhere, *cp set to it for the caller to
 * change), Domain-0 (name NULL), or, type NULL, a guest the sim keeps
 * no configuration for.
 */
static struct dominfo *
add(struct doms *l, const char *name, const char *type, struct domcfg **cp)
{
	struct dominfo	*d;
	struct domcfg	*c;
	size_t		 i;

	if (l->n == l->size) {
		l->size = l->size == 0 ? 16 : l->size * 2;
		l->d = xreallocarray(l->d, l->size, sizeof(*l->d));
		l->c = xreallocarray(l->c, l->size, sizeof(*l->c));
		l->cp = xreallocarray(l->cp, l->size, sizeof(*l->cp));
		for (i = 0; i < l->n; i++)
			if (l->cp[i] != NULL)
				l->cp[i] = &l->c[i];
	}
	d = &l->d[l->n];
	c = &l->c[l->n];
	memset(d, 0, sizeof(*d));
	memset(c, 0, sizeof(*c));
	d->domid = name == NULL ? 0 : next_domid++;
	snprintf(d->name, sizeof(d->name), "%s",
	    name == NULL ? "Domain-0" : name);
	d->max_memkb = 262144;
	d->current_memkb = 131072;
	d->vcpu_online = 1;
	d->uuid[0] = 0x5a;
	d->uuid[15] = (uint8_t)d->domid;
	snprintf(c->type, sizeof(c->type), "%s", type != NULL ? type : "pv");
	snprintf(c->name, sizeof(c->name), "%s", d->name);
	c->maxvcpus = c->vcpus = 1;
	c->memory_kb = d->current_memkb;
	c->maxmem_kb = d->max_memkb;
	l->cp[l->n] = type != NULL || name == NULL ? c : NULL;
	l->n++;
	if (cp != NULL)
		*cp = c;
	return d;
}

/*
 * Whether both writers give the same text for the list; the first
 * difference is told.
 */
static int
same(const struct doms *l, const char *what)
{
	struct xerr	 e;
	char		*ours = NULL, *ref = NULL;
	size_t		 i;
	int		 rv = 0;

	memset(&e, 0, sizeof(e));
	if (domjson_list(l->d, l->cp, l->n, &ours, &e) == -1) {
		printf("# %s: domjson_list: %s\n", what, e.msg);
		goto out;
	}
	if (lx_json_write(l->d, l->n, ref_get, (void *)l, &ref, &e) == -1) {
		printf("# %s: lx_json_write: %s\n", what, e.msg);
		goto out;
	}
	if (strcmp(ours, ref) == 0) {
		rv = 1;
		goto out;
	}
	for (i = 0; ours[i] == ref[i]; i++)
		;
	i = i > 60 ? i - 60 : 0;
	printf("# %s: the texts differ after byte %zu\n# ours: %.120s\n"
	    "# libxl: %.120s\n", what, i, ours + i, ref + i);
out:
	free(ours);
	free(ref);
	return rv;
}

/* Each type alone, as one domain and beside Domain-0. */
static void
test_types(void)
{
	struct doms	l = { 0 };
	size_t		i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		add(&l, "guest", types[i], NULL);
		ok(same(&l, types[i]), "type \"%s\" alone", types[i]);
		doms_free(&l);
		add(&l, NULL, NULL, NULL);
		add(&l, "guest", types[i], NULL);
		ok(same(&l, types[i]), "type \"%s\" after Domain-0", types[i]);
		doms_free(&l);
	}
}

/* Every on_poweroff, on_reboot and on_crash together, for each type. */
static void
test_actions(void)
{
	struct doms	 l = { 0 };
	struct domcfg	*c;
	size_t		 t;
	int		 p, r, k, bad;

	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		bad = 0;
		for (p = 0; p < NACTIONS; p++)
			for (r = 0; r < NACTIONS; r++)
				for (k = 0; k < NACTIONS; k++) {
					add(&l, "act", types[t], &c);
					c->on_poweroff = (enum dom_action)p;
					c->on_reboot = (enum dom_action)r;
					c->on_crash = (enum dom_action)k;
					bad += !same(&l, "actions");
					doms_free(&l);
				}
		ok(bad == 0, "type \"%s\": the %d triples of actions, each "
		    "alone (%d differ)", types[t],
		    NACTIONS * NACTIONS * NACTIONS, bad);
		for (p = 0; p < NACTIONS; p++) {
			add(&l, "act", types[t], &c);
			c->on_poweroff = c->on_reboot = c->on_crash =
			    (enum dom_action)p;
		}
		ok(same(&l, "actions"), "type \"%s\": the actions in one list",
		    types[t]);
		doms_free(&l);
	}
}

/*
 * max_vcpus from 0 to past 128 and each count online from none to more
 * than the maximum: bitmaps of one byte, of up to 64 bits, of more.
 */
static void
test_vcpus(void)
{
	struct doms	 l = { 0 };
	struct dominfo	*d;
	struct domcfg	*c;
	uint32_t	 max, on;
	size_t		 t;
	int		 bad;

	for (max = 0; max <= 130; max++) {
		bad = 0;
		for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
			for (on = 0; on <= max + 2; on++) {
				d = add(&l, "vcpus", types[t], &c);
				c->maxvcpus = max;
				c->vcpus = on;
				d->vcpu_online = on;
				d->vcpu_max = max;
				bad += !same(&l, "vcpus");
				doms_free(&l);
			}
		ok(bad == 0, "max_vcpus %u, 0 to %u online, every type (%d "
		    "differ)", max, max + 2, bad);
	}
	for (max = 192; max <= 1024; max *= 2) {
		d = add(&l, "many", "hvm", &c);
		c->maxvcpus = max;
		d->vcpu_online = max - 1;
		ok(same(&l, "vcpus"), "max_vcpus %u, %u online", max, max - 1);
		doms_free(&l);
	}
}

/* Memory: none, small, large, past what yajl's integers hold, default. */
static void
test_memory(void)
{
	static const uint64_t	 kb[] = {
		0, 1, 1024, 131072, 4194304, 1ULL << 32, (1ULL << 40) + 7,
		(uint64_t)INT64_MAX, (uint64_t)INT64_MAX + 1, UINT64_MAX - 1,
		UINT64_MAX
	};
	struct doms		 l = { 0 };
	struct dominfo		*d;
	size_t			 i, j, t, nkb = sizeof(kb) / sizeof(kb[0]);
	int			 bad = 0;

	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++)
		for (i = 0; i < nkb; i++)
			for (j = 0; j < nkb; j++) {
				d = add(&l, "mem", types[t], NULL);
				d->max_memkb = kb[i];
				d->current_memkb = kb[j];
				bad += !same(&l, "memory");
				doms_free(&l);
			}
	ok(bad == 0, "max_memkb and target_memkb, %zu sizes each, every "
	    "type (%d differ)", nkb, bad);
	bad = 0;
	for (i = 0; i < nkb; i++) {
		d = add(&l, NULL, NULL, NULL);
		d->max_memkb = kb[i];
		d->current_memkb = kb[nkb - 1 - i];
		bad += !same(&l, "memory");
		doms_free(&l);
	}
	ok(bad == 0, "Domain-0's memory, %zu sizes (%d differ)", nkb, bad);
}

/* The nil uuid (left out), all ones, each byte, and some others. */
static void
test_uuids(void)
{
	struct doms	 l = { 0 };
	struct dominfo	*d;
	int		 i, j, bad = 0;

	d = add(&l, "nil", "pvh", NULL);
	memset(d->uuid, 0, sizeof(d->uuid));
	ok(same(&l, "uuid"), "the nil uuid");
	doms_free(&l);
	d = add(&l, "ones", "pvh", NULL);
	memset(d->uuid, 0xff, sizeof(d->uuid));
	ok(same(&l, "uuid"), "the uuid of all ones");
	doms_free(&l);
	for (i = 0; i < 16; i++)
		for (j = 0; j < 256; j += 15) {
			d = add(&l, "uuid", "hvm", NULL);
			memset(d->uuid, 0, sizeof(d->uuid));
			d->uuid[i] = (uint8_t)j;
			bad += !same(&l, "uuid");
			doms_free(&l);
		}
	for (i = 0; i < 64; i++) {
		d = add(&l, "uuid", "pv", NULL);
		for (j = 0; j < 16; j++)
			d->uuid[j] = (uint8_t)(i * 37 + j * 101 + 3);
	}
	bad += !same(&l, "uuid");
	doms_free(&l);
	ok(bad == 0, "uuids of one byte set, and 64 others (%d differ)", bad);
}

/*
 * Names: those valid_domain_name permits (letters, digits, '.', '_',
 * '-', up to 64 bytes), none of which JSON escapes; and, beyond what a
 * name may be, the characters yajl escapes or passes through.
 */
static void
test_names(void)
{
	static const char *const valid[] = {
		"a", "web", "web-1", "x.y_z", "A.b-C_d.9", "db_2.example",
		"0a", "a0", "a-", "Domain-1", "domain-0"
	};
	static const char *const odd[] = {
		"", "\"", "\\", "a\"b\\c", "/etc/passwd", "tab\there",
		"line\nbreak", "\r\b\f", "\001\002\037\177", "caf\xc3\xa9",
		"\xe2\x82\xac\xf0\x9f\x98\x80", "\xff\xfe bad utf-8",
		"</script>", "{\"k\": [1]}", "'quoted'", "%s%n"
	};
	struct doms	 l = { 0 };
	char		 longest[XLSH_NAME_MAX + 1];
	size_t		 i;
	int		 bad = 0;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		if (!valid_domain_name(valid[i]))
			printf("# not a valid name: %s\n", valid[i]);
		add(&l, valid[i], types[i % 3], NULL);
	}
	memset(longest, 'n', XLSH_NAME_MAX);
	longest[XLSH_NAME_MAX] = '\0';
	add(&l, longest, "hvm", NULL);
	ok(valid_domain_name(longest) && same(&l, "names"),
	    "%zu valid names, the longest among them", l.n);
	doms_free(&l);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		add(&l, odd[i], types[i % 3], NULL);
		bad += !same(&l, "names");
		doms_free(&l);
	}
	ok(bad == 0, "%zu names beyond what names may be: quotes, "
	    "backslashes, controls, UTF-8 and not (%d differ)",
	    sizeof(odd) / sizeof(odd[0]), bad);
}

/* Domain-0: made up, whatever the sim says of its vcpus and uuid. */
static void
test_dom0(void)
{
	struct doms	 l = { 0 };
	struct dominfo	*d;

	add(&l, NULL, NULL, NULL);
	ok(same(&l, "dom0"), "Domain-0 alone");
	doms_free(&l);
	d = add(&l, NULL, NULL, NULL);
	d->vcpu_online = 4;
	d->vcpu_max = 8;
	memset(d->uuid, 0x11, sizeof(d->uuid));
	l.cp[0] = NULL;
	ok(same(&l, "dom0"), "Domain-0 with vcpus and a uuid, no "
	    "configuration kept");
	doms_free(&l);
}

/*
 * Guests whose configuration the sim does not keep are left out; a
 * list of none, or of only such guests, is an empty array; and a long
 * list of everything at once.
 */
static void
test_left_out(void)
{
	struct doms	 l = { 0 };
	struct dominfo	*d;
	struct domcfg	*c;
	size_t		 i;

	ok(same(&l, "empty"), "no domains at all");
	add(&l, "gone", NULL, NULL);
	add(&l, "gone2", NULL, NULL);
	ok(same(&l, "left out"), "only domains without a configuration");
	doms_free(&l);
	add(&l, NULL, NULL, NULL);
	for (i = 0; i < 200; i++) {
		d = add(&l, i % 5 == 2 ? "gone" : "vm", i % 5 == 2 ? NULL :
		    types[i % 4], &c);
		c->maxvcpus = (uint32_t)(i % 70);
		d->vcpu_online = (uint32_t)(i % 13);
		c->on_poweroff = (enum dom_action)(i % NACTIONS);
		c->on_reboot = (enum dom_action)((i / 7) % NACTIONS);
		c->on_crash = (enum dom_action)((i / 49) % NACTIONS);
		d->max_memkb = (uint64_t)i * 4096;
		d->current_memkb = (uint64_t)i * 2048;
		d->uuid[3] = (uint8_t)i;
	}
	ok(same(&l, "all"), "Domain-0 and 200 guests of every kind, one in "
	    "five without a configuration, in one array");
	doms_free(&l);
}

/* The comparison itself: a text that differs is seen to. */
static void
test_difference(void)
{
	struct doms	 l = { 0 };
	struct xerr	 e;
	char		*a = NULL, *b = NULL;

	add(&l, "guest", "hvm", NULL);
	domjson_list(l.d, l.cp, l.n, &a, &e);
	snprintf(l.c[0].type, sizeof(l.c[0].type), "pvh");
	domjson_list(l.d, l.cp, l.n, &b, &e);
	ok(a != NULL && b != NULL && strcmp(a, b) != 0 &&
	    strstr(a, "\"type.hvm\": {\n") != NULL &&
	    strstr(a, "\"vga\": {\n\n") != NULL,
	    "another type gives another text");
	free(a);
	free(b);
	doms_free(&l);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_types();
	test_actions();
	test_vcpus();
	test_memory();
	test_uuids();
	test_names();
	test_dom0();
	test_left_out();
	test_difference();
	return tap_done();
}
