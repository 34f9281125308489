/*
 * Unit tests of the xl.cfg parser and of the simulated host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend/backend.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "tap.h"

#define WEB_CFG \
	"# a test guest\n" \
	"name = \"web\"\n" \
	"type = \"hvm\"\n" \
	"memory = 512\n" \
	"maxmem = 1024\n" \
	"vcpus = 2\n" \
	"maxvcpus = 4\n" \
	"on_poweroff = \"preserve\"\n" \
	"on_crash = \"coredump-restart\"\n" \
	"kernel = \"/boot/vmlinuz\"\n" \
	"disk = [ \"format=raw, vdev=xvda, target=/dev/vg/web\",\n" \
	"         \"vdev=xvdb, script=/etc/xen/scripts/block-evil, " \
	"target=/x\" ]\n"

static void	msleep(unsigned int);
static int	parse(const char *, struct domcfg *, struct xerr *);
static int	create(struct backend *, const char *, uint32_t *,
		    struct xerr *);
static int	lookup(struct backend *, uint32_t, struct dominfo *);
static int	lookup_name(struct backend *, const char *, struct dominfo *);
static size_t	count(struct backend *);
static char	*slurp(const char *, size_t *);
static void	spit(const char *, const char *);
static void	rmstate(const char *);
static void	test_config(void);
static void	test_host(const char *);
static void	test_corrupt(void);
static void	test_crafted(void);
static void	test_size(void);
static int	open_load(struct backend *, struct backend_args *,
		    struct xerr *);
static char	*host_text(const char *, int, const char *const *);

static void
msleep(unsigned int ms)
{
	struct timespec	ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int
parse(const char *text, struct domcfg *c, struct xerr *e)
{
	memset(e, 0, sizeof(*e));
	return xlcfg_parse(text, strlen(text), "web.cfg", c, e);
}

/* Create a guest from a config text given as printf-less fragments. */
static int
create(struct backend *b, const char *text, uint32_t *domid, struct xerr *e)
{
	struct domcfg	c;

	if (parse(text, &c, e) == -1) {
		printf("# parse: %s\n", e->msg);
		return -1;
	}
	memset(e, 0, sizeof(*e));
	return b->create(b, &c, domid, e);
}

static int
lookup(struct backend *b, uint32_t domid, struct dominfo *out)
{
	struct dominfo	*list;
	struct xerr	 e;
	size_t		 n, i;
	int		 found = 0;

	if (b->domains(b, &list, &n, &e) == -1) {
		printf("# domains: %s\n", e.msg);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (list[i].domid == domid) {
			*out = list[i];
			found = 1;
		}
	free(list);
	return found;
}

static int
lookup_name(struct backend *b, const char *name, struct dominfo *out)
{
	struct dominfo	*list;
	struct xerr	 e;
	size_t		 n, i;
	int		 found = 0;

	if (b->domains(b, &list, &n, &e) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0) {
			*out = list[i];
			found = 1;
		}
	free(list);
	return found;
}

static size_t
count(struct backend *b)
{
	struct dominfo	*list;
	struct xerr	 e;
	size_t		 n;

	if (b->domains(b, &list, &n, &e) == -1)
		return 0;
	free(list);
	return n;
}

static char *
slurp(const char *path, size_t *lenp)
{
	FILE	*f;
	char	*buf = xmalloc(1024 * 1024);
	size_t	 n = 0;

	if ((f = fopen(path, "r")) != NULL) {
		n = fread(buf, 1, 1024 * 1024 - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	*lenp = n;
	return buf;
}

static void
spit(const char *path, const char *text)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		fatal("%s", path);
	fputs(text, f);
	if (fclose(f) != 0)
		fatal("%s", path);
}

static void
rmstate(const char *dir)
{
	const char	*names[] = { "host", "host.tmp", "lock", NULL };
	char		 path[1024];
	int		 i;

	for (i = 0; names[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void
test_config(void)
{
	struct domcfg	c;
	struct xerr	e;
	char		big[XLSH_CONFIG_MAX + 16];
	static const char nul[] = "name = \"a\"\n\0memory = 5\n";

	ok(parse(WEB_CFG, &c, &e) == 0, "a full config parses");
	ok(strcmp(c.name, "web") == 0 && strcmp(c.type, "hvm") == 0,
	    "name and type (%s, %s)", c.name, c.type);
	ok(c.memory_kb == 512 * 1024 && c.maxmem_kb == 1024 * 1024,
	    "memory and maxmem in KiB");
	ok(c.vcpus == 2 && c.maxvcpus == 4, "vcpus and maxvcpus");
	ok(c.on_poweroff == ACT_PRESERVE && c.on_reboot == ACT_RESTART &&
	    c.on_crash == ACT_COREDUMP_RESTART, "on_* actions and default");
	ok(c.risks == (CFG_RISK_KERNEL | CFG_RISK_DISK | CFG_RISK_SCRIPT),
	    "risks: kernel, disk, script (%#x)", c.risks);
	ok(!c.has_uuid, "no uuid");

	ok(parse("name=\"t\"\nuuid=\"0123ABCD-4567-89ab-cdef-0123456789ab\"\n"
	    "builder=\"generic\"\n", &c, &e) == 0 && c.has_uuid &&
	    c.uuid[0] == 0x01 && c.uuid[3] == 0xcd && c.uuid[15] == 0xab &&
	    strcmp(c.type, "pv") == 0, "uuid and legacy builder=");
	ok(parse("name=\"t\"\n", &c, &e) == 0 && strcmp(c.type, "pvh") == 0 &&
	    c.memory_kb == 128 * 1024 && c.maxmem_kb == 128 * 1024 &&
	    c.vcpus == 1 && c.maxvcpus == 1 && c.on_poweroff == ACT_DESTROY &&
	    c.on_reboot == ACT_RESTART && c.on_crash == ACT_DESTROY &&
	    c.risks == 0, "defaults");
	ok(parse("name=\"t\"\nbootloader=\"pygrub\"\n"
	    "vif=[\"bridge=xenbr0,script=vif-x\"]\npci=[\"01:00.0\"]\n"
	    "device_model_args=[\"-x\"]\n", &c, &e) == 0 &&
	    c.risks == (CFG_RISK_BOOTLOADER | CFG_RISK_SCRIPT |
	    CFG_RISK_PCI | CFG_RISK_DEVICE_MODEL), "risks: bootloader, vif "
	    "script, pci, device model (%#x)", c.risks);

	ok(parse("memory = 512\n", &c, &e) == -1 && e.code == XE_INVAL &&
	    strcmp(e.msg, "web.cfg: no name= given") == 0,
	    "missing name: %s", e.msg);
	ok(parse("name=\"t\"\nmemory=\"abc\"\n", &c, &e) == -1 &&
	    strcmp(e.msg, "web.cfg: memory: \"abc\" is not a number of "
	    "MiB") == 0, "bad memory: %s", e.msg);
	ok(parse("name=\"t\"\nmemory=0\n", &c, &e) == -1 &&
	    e.code == XE_INVAL, "memory 0: %s", e.msg);
	ok(parse("name=\"t\"\nmemory=512\nmaxmem=256\n", &c, &e) == -1 &&
	    strstr(e.msg, "maxmem must be greater than or equal to "
	    "memory") != NULL, "maxmem < memory: %s", e.msg);
	ok(parse("name=\"t\"\nvcpus=129\n", &c, &e) == -1 &&
	    e.code == XE_INVAL, "too many vcpus: %s", e.msg);
	ok(parse("name=\"t\"\non_reboot=\"explode\"\n", &c, &e) == -1 &&
	    e.code == XE_INVAL, "bad action: %s", e.msg);
	ok(parse("name=\"Domain-0\"\n", &c, &e) == -1 && e.code == XE_INVAL,
	    "name Domain-0: %s", e.msg);
	ok(parse("name=\"t\"\nuuid=\"1234\"\n", &c, &e) == -1 &&
	    e.code == XE_INVAL, "bad uuid: %s", e.msg);
	ok(parse("name=\"t\"\nmemory = = 3\n", &c, &e) == -1 &&
	    e.code == XE_INVAL && strncmp(e.msg, "web.cfg:2: ", 11) == 0 &&
	    strchr(e.msg, '\n') == NULL, "syntax error: %s", e.msg);
	memset(&e, 0, sizeof(e));
	ok(xlcfg_parse(nul, sizeof(nul) - 1, "web.cfg", &c, &e) == -1 &&
	    strstr(e.msg, "NUL") != NULL, "NUL byte: %s", e.msg);
	memset(big, '#', sizeof(big));
	big[0] = '\n';
	memset(&e, 0, sizeof(e));
	ok(xlcfg_parse(big, sizeof(big), "web.cfg", &c, &e) == -1 &&
	    strstr(e.msg, "longer than") != NULL, "too long: %s", e.msg);
	ok(strcmp(dom_action_name(ACT_RENAME_RESTART), "rename-restart") == 0 &&
	    strcmp(dom_action_name(ACT_SOFT_RESET), "soft-reset") == 0,
	    "action names");
}

static void
test_host(const char *dir)
{
	struct backend		 b = backend_sim, b2;
	struct backend_args	 args = { dir };
	struct hostinfo		 hi;
	struct dominfo		*list = NULL, d, d2;
	struct vcpuinfo		*vi = NULL;
	struct xerr		 e;
	char			 path[1024], *text;
	size_t			 n = 0, len;
	uint32_t		 id1 = 0, id2 = 0, idc = 0, idp = 0, idt = 0;
	uint32_t		 nr = 0, id;
	uint64_t		 t0, t1, m0, m1;
	int			 gone, found;
	uint8_t			 uuid[16];

	memset(&e, 0, sizeof(e));
	ok(b.open(&b, &args, &e) == 0, "open a fresh state dir: %s", e.msg);
	snprintf(path, sizeof(path), "%s/host", dir);
	text = slurp(path, &len);
	ok(strncmp(text, "xlsh-sim 1\nhost boot_ms=", 24) == 0,
	    "the host file was created");
	free(text);

	ok(b.host(&b, &hi, &e) == 0 && hi.nr_cpus == 4 &&
	    hi.total_mib == 16384 && hi.free_mib == 16384 - 2048 &&
	    hi.xen_major == 4 && hi.xen_minor == 17 &&
	    strcmp(hi.xen_scheduler, "credit2") == 0 &&
	    hi.boot_time + 5 >= (uint64_t)time(NULL), "host info");

	ok(create(&b, "name=\"a\"\nmemory=256\nmaxmem=512\nvcpus=2\n"
	    "maxvcpus=4\n", &id1, &e) == 0 && id1 == 1, "create a: domid %u",
	    id1);
	ok(create(&b, "name=\"b\"\n", &id2, &e) == 0 && id2 == 2,
	    "create b: domid %u", id2);
	ok(b.domains(&b, &list, &n, &e) == 0 && n == 3, "three domains");
	ok(n == 3 && list[0].domid == 0 &&
	    strcmp(list[0].name, "Domain-0") == 0 &&
	    list[0].current_memkb == 2048 * 1024 &&
	    list[0].vcpu_online == 4 && list[0].flags == DI_RUNNING,
	    "Domain-0 first");
	ok(n == 3 && list[1].domid == 1 && strcmp(list[1].name, "a") == 0 &&
	    list[1].current_memkb == 256 * 1024 &&
	    list[1].max_memkb == 512 * 1024 && list[1].vcpu_online == 2 &&
	    list[1].vcpu_max == 4 && list[1].flags == DI_RUNNING,
	    "a: 256 MiB, 2 of 4 vcpus, running");
	ok(n == 3 && list[2].domid == 2 && strcmp(list[2].name, "b") == 0 &&
	    list[2].current_memkb == 128 * 1024 && list[2].vcpu_online == 1,
	    "b: 128 MiB, 1 vcpu");
	free(list);
	ok(b.host(&b, &hi, &e) == 0 &&
	    hi.free_mib == 16384 - 2048 - 256 - 64 - 128 - 64,
	    "free memory: %llu MiB", (unsigned long long)hi.free_mib);

	ok(create(&b, "name=\"a\"\n", &id, &e) == -1 && e.code == XE_EXISTS &&
	    strcmp(e.msg, "Domain with name \"a\" already exists.") == 0,
	    "duplicate name: %s", e.msg);
	ok(create(&b, "name=\"small\"\nmemory=8\n", &id, &e) == -1 &&
	    e.code == XE_INVAL, "create below 16 MiB: %s", e.msg);
	ok(create(&b, "name=\"huge\"\nmemory=1048576\n", &id, &e) == -1 &&
	    e.code == XE_NOMEM && strstr(e.msg, "needs 1048640 MiB") != NULL,
	    "not enough memory: %s", e.msg);

	ok(b.vcpus(&b, id1, &vi, &n, &nr, &e) == 0 && n == 4 && nr == 4,
	    "vcpus of a: 4 entries");
	ok(n == 4 && vi[0].cpu == 1 && vi[1].cpu == 2 &&
	    vi[0].flags == (VI_ONLINE | VI_RUNNING) &&
	    vi[1].flags == (VI_ONLINE | VI_RUNNING) &&
	    !(vi[2].flags & VI_ONLINE) && !(vi[3].flags & VI_ONLINE) &&
	    strcmp(vi[0].hard, "all") == 0, "vcpus: 2 online, 2 offline");
	free(vi);
	ok(b.vcpus(&b, 99, &vi, &n, &nr, &e) == -1 &&
	    e.code == XE_NOTFOUND &&
	    strcmp(e.msg, "Domain 99 does not exist.") == 0,
	    "vcpus of a missing domain: %s", e.msg);

	ok(b.pause(&b, id1, 1, &e) == 0 && lookup(&b, id1, &d) &&
	    d.flags == DI_PAUSED, "pause");
	ok(b.pause(&b, id1, 1, &e) == 0, "pause again is fine");
	ok(b.pause(&b, id1, 0, &e) == 0 && lookup(&b, id1, &d) &&
	    d.flags == DI_RUNNING, "unpause");
	ok(b.pause(&b, id1, 0, &e) == 0, "unpause again is fine");
	ok(b.pause(&b, 0, 1, &e) == -1, "Domain-0 is not paused");

	ok(b.mem_set(&b, id1, 131072, &e) == 0 && lookup(&b, id1, &d) &&
	    d.current_memkb == 131072, "mem_set 131072 KiB");
	ok(b.mem_set(&b, id1, 512 * 1024 + 1, &e) == -1 &&
	    e.code == XE_INVAL && strcmp(e.msg, "memory_dynamic_max must be "
	    "less than or equal to memory_static_max") == 0,
	    "mem_set above maxmem: %s", e.msg);
	ok(b.mem_set(&b, id1, 1024, &e) == -1 && e.code == XE_INVAL,
	    "mem_set below 16 MiB: %s", e.msg);
	ok(b.mem_set(&b, 77, 131072, &e) == -1 && e.code == XE_NOTFOUND,
	    "mem_set of a missing domain");
	ok(b.mem_max(&b, id1, 65536, &e) == -1 && e.code == XE_INVAL &&
	    strcmp(e.msg, "memory_static_max must be greater than or equal "
	    "to memory_dynamic_max") == 0,
	    "mem_max below the current memory: %s", e.msg);
	ok(b.mem_max(&b, id1, 768 * 1024, &e) == 0 && lookup(&b, id1, &d) &&
	    d.max_memkb == 768 * 1024, "mem_max 768 MiB");
	ok(b.mem_set(&b, id1, 600 * 1024, &e) == 0 && lookup(&b, id1, &d) &&
	    d.current_memkb == 600 * 1024, "then mem_set above the old max");
	ok(b.mem_max(&b, id1, 512 * 1024, &e) == -1 && e.code == XE_INVAL,
	    "and mem_max below it is refused");
	ok(b.mem_set(&b, id1, 131072, &e) == 0 &&
	    b.mem_max(&b, id1, 512 * 1024, &e) == 0 && lookup(&b, id1, &d) &&
	    d.max_memkb == 512 * 1024, "mem_max back to 512 MiB");
	ok(b.mem_max(&b, id1, 2ULL * 1024 * 1024 * 1024, &e) == -1 &&
	    e.code == XE_INVAL, "mem_max above 1 TiB: %s", e.msg);
	ok(b.mem_max(&b, 77, 131072, &e) == -1 && e.code == XE_NOTFOUND,
	    "mem_max of a missing domain");
	ok(create(&b, "name=\"g\"\nmaxmem=16384\n", &id, &e) == 0 &&
	    b.mem_set(&b, id, 15000 * 1024, &e) == -1 &&
	    e.code == XE_NOMEM && strstr(e.msg, "MiB free") != NULL,
	    "mem_set beyond free memory: %s", e.msg);
	ok(b.destroy(&b, id, &e) == 0, "destroy g");

	ok(b.vcpu_set(&b, id1, 3, &e) == 0 && lookup(&b, id1, &d) &&
	    d.vcpu_online == 3, "vcpu_set 3");
	ok(b.vcpu_set(&b, id1, 5, &e) == -1 && e.code == XE_INVAL &&
	    strcmp(e.msg, "Requested 5 VCPUs, however maxcpus is 4!") == 0,
	    "vcpu_set above max: %s", e.msg);
	ok(b.vcpu_set(&b, id1, 0, &e) == -1 && e.code == XE_INVAL,
	    "vcpu_set 0: %s", e.msg);

	ok(b.rename(&b, id2, "b2", &e) == 0 && lookup(&b, id2, &d) &&
	    strcmp(d.name, "b2") == 0, "rename b to b2");
	ok(b.rename(&b, id2, "a", &e) == -1 && e.code == XE_EXISTS &&
	    strcmp(e.msg, "Domain with name \"a\" already exists.") == 0,
	    "rename to a used name: %s", e.msg);
	ok(b.rename(&b, id2, "bad name", &e) == -1 && e.code == XE_INVAL,
	    "rename to an invalid name: %s", e.msg);
	ok(b.rename(&b, id2, "b2", &e) == 0, "rename to its own name");

	/* The cpu time grows while running, not while paused. */
	ok(create(&b, "name=\"t\"\nvcpus=2\n", &idt, &e) == 0, "create t");
	/* Booting: 2 vcpus at 0.9 s/s, i.e. 1.8 ms of cpu per ms. */
	m0 = now_ms();
	lookup(&b, idt, &d);
	t0 = d.cpu_time_ns;
	msleep(200);
	lookup(&b, idt, &d);
	t1 = d.cpu_time_ns;
	m1 = now_ms();
	ok(t1 >= t0 + 200 * 1800000ULL && t1 <= t0 + (m1 - m0) * 1800000ULL,
	    "cpu time grows while booting (%llu -> %llu ns)",
	    (unsigned long long)t0, (unsigned long long)t1);
	b.pause(&b, idt, 1, &e);
	lookup(&b, idt, &d);
	t0 = d.cpu_time_ns;
	msleep(200);
	lookup(&b, idt, &d);
	ok(d.cpu_time_ns == t0, "cpu time stands still while paused");
	ok(lookup(&b, 0, &d) && d.cpu_time_ns > 0, "Domain-0 has cpu time");

	/* Shutdowns, all at once to save time. */
	ok(create(&b, "name=\"c\"\n", &idc, &e) == 0, "create c");
	ok(create(&b, "name=\"p\"\non_poweroff=\"preserve\"\n", &idp,
	    &e) == 0, "create p with on_poweroff=preserve");
	lookup(&b, id1, &d2);
	memcpy(uuid, d2.uuid, sizeof(uuid));
	ok(b.shutdown(&b, id2, 0, &e) == 0 && lookup(&b, id2, &d) &&
	    !(d.flags & DI_SHUTDOWN), "shutdown b2: still listed");
	ok(b.pause(&b, idc, 1, &e) == 0 && b.shutdown(&b, idc, 0, &e) == 0,
	    "shutdown c while paused");
	m0 = now_ms();
	ok(b.shutdown(&b, id1, 1, &e) == 0, "reboot a");
	ok(b.shutdown(&b, idp, 0, &e) == 0, "shutdown p");
	ok(b.shutdown(&b, 0, 0, &e) == -1 && e.code == XE_INVAL,
	    "Domain-0 is not shut down: %s", e.msg);
	msleep(1600);
	ok(!lookup(&b, id2, &d), "b2 is gone after 1.6 s");
	ok(lookup(&b, idc, &d) && d.flags == DI_PAUSED,
	    "paused c has not shut down");
	/* The new a started 1.5 s after m0 with 3 vcpus at 0.9 s/s. */
	gone = !lookup(&b, id1, &d);
	found = lookup_name(&b, "a", &d);
	m1 = now_ms();
	ok(gone && found && d.domid > idp && memcmp(d.uuid, uuid, 16) == 0 &&
	    d.current_memkb == 131072 && d.vcpu_online == 3 &&
	    d.flags == DI_RUNNING &&
	    d.cpu_time_ns <= (m1 - m0 - 1500) * 3 * 900000ULL,
	    "a rebooted as domid %u, same name and uuid, fresh cpu time",
	    d.domid);
	ok(lookup(&b, idp, &d) && d.flags == DI_SHUTDOWN &&
	    d.shutdown_reason == SHUTDOWN_POWEROFF,
	    "p is preserved, shut down with reason 0");
	t0 = d.cpu_time_ns;
	ok(b.shutdown(&b, idp, 0, &e) == -1 && e.code == XE_INVAL &&
	    strstr(e.msg, "already shut down") != NULL,
	    "shutdown of a shut-down domain: %s", e.msg);
	ok(b.pause(&b, idc, 0, &e) == 0, "unpause c");
	msleep(1600);
	ok(!lookup(&b, idc, &d), "c shuts down once unpaused");
	ok(lookup(&b, idp, &d) && d.cpu_time_ns == t0,
	    "a shut-down domain uses no cpu");

	ok(b.destroy(&b, idp, &e) == 0 && !lookup(&b, idp, &d), "destroy p");
	ok(b.destroy(&b, idp, &e) == -1 && e.code == XE_NOTFOUND,
	    "destroy it again: %s", e.msg);
	ok(b.destroy(&b, 0, &e) == -1, "Domain-0 is not destroyed");
	n = count(&b);

	/* Another instance on the same directory sees the same host. */
	b.close(&b);
	b2 = backend_sim;
	ok(b2.open(&b2, &args, &e) == 0 && count(&b2) == n &&
	    lookup_name(&b2, "a", &d) && d.current_memkb == 131072 &&
	    lookup(&b2, idt, &d) && d.flags == DI_PAUSED,
	    "the state survives reopening");
	ok(create(&b2, "name=\"b\"\n", &id, &e) == 0 && id > idp + 1,
	    "domids are not reused: %u", id);

	/* A leftover host.tmp is ignored and overwritten. */
	snprintf(path, sizeof(path), "%s/host.tmp", dir);
	spit(path, "garbage\n");
	ok(b2.destroy(&b2, id, &e) == 0 && count(&b2) == n,
	    "a stale host.tmp is ignored");

	/* A corrupt file is refused and left alone. */
	snprintf(path, sizeof(path), "%s/host", dir);
	text = slurp(path, &len);
	spit(path, "xlsh-sim 1\nhost boot_ms=12 next_domid=9\n"
	    "dom domid=0 name=Domain-0\n");
	ok(b2.domains(&b2, &list, &n, &e) == -1 && e.code == XE_STATE &&
	    strstr(e.msg, "/host:3: ") != NULL &&
	    strstr(e.msg, "the file was left as it is") != NULL,
	    "a missing field is refused: %s", e.msg);
	spit(path, text);
	free(text);
	b2.close(&b2);
}

static void
test_corrupt(void)
{
	static const char *bad[] = {
		"",
		"xlsh-sim 1\n",
		"not-sim 1\nhost boot_ms=1 next_domid=1\n",
		"xlsh-sim 2\nhost boot_ms=1 next_domid=1\n",
		"xlsh-sim 1\nhost boot_ms=1 next_domid=1 extra=1\n",
		"xlsh-sim 1\nhost boot_ms=1 next_domid=1\n"
		    "dom domid=0 name=Domain-0 uuid=00000000-0000-0000-0000-"
		    "000000000000 type=pv mem_kb=2097152 maxmem_kb=2097152 "
		    "vcpus=4 maxvcpus=4 on_poweroff=destroy on_reboot=restart "
		    "on_crash=destroy created_ms=1 start_ms=1 paused=0 "
		    "shutdown=0 reason=0 pending=none pending_left_ms=0 "
		    "cpu_ns=0 settled_ms=1\n"
		    "dom domid=1 name=x uuid=00000000-0000-0000-0000-"
		    "000000000000 type=pv mem_kb=2097152 maxmem_kb=2097152 "
		    "vcpus=200 maxvcpus=4 on_poweroff=destroy "
		    "on_reboot=restart on_crash=destroy created_ms=1 "
		    "start_ms=1 paused=0 shutdown=0 reason=0 pending=none "
		    "pending_left_ms=0 cpu_ns=0 settled_ms=1\n",
		"xlsh-sim 1\nhost boot_ms=1 next_domid=1\ndom domid=0",
		NULL
	};
	struct backend		 b;
	struct backend_args	 args;
	struct xerr		 e;
	char			 tmpl[] = "/tmp/xlsh-unit-sim.XXXXXX", *dir;
	char			 path[1024], *after;
	size_t			 len;
	int			 i;

	if ((dir = mkdtemp(tmpl)) == NULL)
		fatal("mkdtemp");
	args.state_dir = dir;
	snprintf(path, sizeof(path), "%s/host", dir);
	for (i = 0; bad[i] != NULL; i++) {
		spit(path, bad[i]);
		b = backend_sim;
		memset(&e, 0, sizeof(e));
		ok(open_load(&b, &args, &e) == -1 && e.code == XE_STATE &&
		    strstr(e.msg, "; the file was left as it is") != NULL,
		    "corrupt file %d refused: %s", i, e.msg);
		after = slurp(path, &len);
		ok(len == strlen(bad[i]) && memcmp(after, bad[i], len) == 0,
		    "corrupt file %d unchanged", i);
		free(after);
	}
	rmstate(dir);

	b = backend_sim;
	args.state_dir = "/nonexistent/xlsh";
	ok(open_load(&b, &args, &e) == -1 && e.code == XE_STATE,
	    "a missing state dir: %s", e.msg);
}

/* A hand-written host whose guest started 10 s ago. */
static void
test_crafted(void)
{
	struct backend		 b = backend_sim;
	struct backend_args	 args;
	struct dominfo		 d;
	struct vcpuinfo		*vi = NULL;
	struct xerr		 e;
	char			 tmpl[] = "/tmp/xlsh-unit-sim.XXXXXX", *dir;
	char			 path[1024], text[2048];
	unsigned long long	 t = (unsigned long long)now_ms() - 10000;
	size_t			 n = 0;
	uint32_t		 nr;
	uint64_t		 want;

	/* 2 vcpus: 5 s at 0.9 s/s, then 5 s at 0.01 s/s. */
	want = 2 * (5000 * 900000ULL + 5000 * 10000ULL);
	if ((dir = mkdtemp(tmpl)) == NULL)
		fatal("mkdtemp");
	args.state_dir = dir;
	snprintf(path, sizeof(path), "%s/host", dir);
	snprintf(text, sizeof(text), "xlsh-sim 1\n"
	    "host boot_ms=%llu next_domid=8\n"
	    "dom domid=0 name=Domain-0 uuid=00000000-0000-0000-0000-"
	    "000000000000 type=pv mem_kb=2097152 maxmem_kb=2097152 vcpus=4 "
	    "maxvcpus=4 on_poweroff=destroy on_reboot=restart "
	    "on_crash=destroy created_ms=%llu start_ms=%llu paused=0 "
	    "shutdown=0 reason=0 pending=none pending_left_ms=0 cpu_ns=0 "
	    "settled_ms=%llu\n"
	    "dom domid=7 name=old uuid=0123abcd-4567-89ab-cdef-0123456789ab "
	    "type=hvm mem_kb=262144 maxmem_kb=524288 vcpus=2 maxvcpus=3 "
	    "on_poweroff=preserve on_reboot=restart on_crash=destroy "
	    "created_ms=%llu start_ms=%llu paused=0 shutdown=0 reason=0 "
	    "pending=none pending_left_ms=0 cpu_ns=0 settled_ms=%llu\n",
	    t, t, t, t, t, t, t);
	spit(path, text);
	memset(&e, 0, sizeof(e));
	ok(b.open(&b, &args, &e) == 0, "a hand-written host loads: %s",
	    e.msg);
	ok(lookup(&b, 7, &d) && strcmp(d.name, "old") == 0 &&
	    d.flags == DI_BLOCKED && d.uuid[0] == 0x01 && d.uuid[15] == 0xab &&
	    d.start_time == t / 1000, "a guest past its boot is blocked");
	ok(d.cpu_time_ns >= want && d.cpu_time_ns < want + 2 * 900000000ULL,
	    "its cpu time: 5 s busy then idle, 2 vcpus (%llu ns)",
	    (unsigned long long)d.cpu_time_ns);
	ok(lookup(&b, 0, &d) && d.cpu_time_ns >= 10000 * 50000ULL &&
	    d.cpu_time_ns < 12000 * 50000ULL,
	    "Domain-0: 5%% of a cpu (%llu ns)",
	    (unsigned long long)d.cpu_time_ns);
	ok(b.vcpus(&b, 7, &vi, &n, &nr, &e) == 0 && n == 3 &&
	    vi[0].flags == (VI_ONLINE | VI_BLOCKED) && vi[0].cpu == 3 &&
	    vi[1].cpu == 0 && vi[0].time_ns == vi[1].time_ns &&
	    vi[2].flags == 0, "vcpus: two blocked, one offline");
	free(vi);
	b.close(&b);
	rmstate(dir);
}

int
main(void)
{
	char	tmpl[] = "/tmp/xlsh-unit-sim.XXXXXX", *dir;

	setvbuf(stdout, NULL, _IOLBF, 0);
	test_config();
	if ((dir = mkdtemp(tmpl)) == NULL)
		fatal("mkdtemp");
	test_host(dir);
	rmstate(dir);
	test_corrupt();
	test_crafted();
	test_size();
	return tap_done();
}

/*
 * A state file: the host line's extra fields, then Domain-0 and one
 * guest of 16 MiB per name (domids from 1).
 */
static char *
host_text(const char *hostextra, int n, const char *const *names)
{
	char	*text = NULL, *p;
	int	 i;

	xasprintf(&text, "xlsh-sim 1\nhost boot_ms=1 next_domid=%d%s\n"
	    "dom domid=0 name=Domain-0 uuid=00000000-0000-0000-0000-"
	    "000000000000 type=pv mem_kb=2097152 maxmem_kb=2097152 vcpus=4 "
	    "maxvcpus=4 on_poweroff=destroy on_reboot=restart "
	    "on_crash=destroy created_ms=1 start_ms=1 paused=0 shutdown=0 "
	    "reason=0 pending=none pending_left_ms=0 cpu_ns=0 "
	    "settled_ms=1\n", n + 1, hostextra);
	for (i = 0; i < n; i++) {
		p = text;
		xasprintf(&text, "%sdom domid=%d name=%s uuid=00000000-0000-"
		    "4000-8000-%012d type=pvh mem_kb=16384 maxmem_kb=16384 "
		    "vcpus=1 maxvcpus=1 on_poweroff=destroy "
		    "on_reboot=restart on_crash=destroy created_ms=1 "
		    "start_ms=1 paused=1 shutdown=0 reason=0 pending=none "
		    "pending_left_ms=0 cpu_ns=0 settled_ms=1\n", p, i + 1,
		    names[i], i + 1);
		free(p);
	}
	return text;
}

/* The host's size is the state file's, checked as the domains load. */
static void
test_size(void)
{
	static const char *const two[] = { "alpha", "beta" };
	static const char *const dup[] = { "alpha", "beta", "gamma",
	    "beta" };
	struct backend		 b;
	struct backend_args	 args;
	struct hostinfo		 hi;
	struct vcpuinfo		*vi = NULL;
	struct xerr		 e;
	char			 tmpl[] = "/tmp/xlsh-unit-sim.XXXXXX", *dir;
	char			 path[1024], *text, *after, **names;
	size_t			 len, n;
	uint32_t		 id, nr;
	int			 i;

	if ((dir = mkdtemp(tmpl)) == NULL)
		fatal("mkdtemp");
	args.state_dir = dir;
	snprintf(path, sizeof(path), "%s/host", dir);

	/* Left out: the 4 cpus and 16 GiB of a new host, written back. */
	text = host_text("", 2, two);
	spit(path, text);
	free(text);
	b = backend_sim;
	memset(&e, 0, sizeof(e));
	ok(b.open(&b, &args, &e) == 0 && b.host(&b, &hi, &e) == 0 &&
	    hi.nr_cpus == 4 && hi.total_mib == 16384 &&
	    hi.free_mib == 16384 - 2048 - 2 * (16 + 64),
	    "a host line without a size: 4 cpus, 16384 MiB (%s)", e.msg);
	ok(create(&b, "name=\"c\"\nmemory=16\n", &id, &e) == 0 &&
	    id == 3, "a guest is added to it");
	text = slurp(path, &len);
	ok(strstr(text, " cpus=4 memory_mib=16384\n") != NULL,
	    "and the size is written with it");
	free(text);
	b.close(&b);

	/* A larger host, as an administrator wrote it. */
	text = host_text(" cpus=64 memory_mib=1048576", 2, two);
	spit(path, text);
	free(text);
	b = backend_sim;
	ok(b.open(&b, &args, &e) == 0 && b.host(&b, &hi, &e) == 0 &&
	    hi.nr_cpus == 64 && hi.max_cpu_id == 63 &&
	    hi.total_mib == 1048576 &&
	    hi.free_mib == 1048576 - 2048 - 2 * (16 + 64),
	    "cpus=64 memory_mib=1048576: %u cpus, %llu MiB", hi.nr_cpus,
	    (unsigned long long)hi.total_mib);
	ok(create(&b, "name=\"big\"\nmemory=524288\nvcpus=2\n", &id,
	    &e) == 0, "a 512 GiB guest fits: %s", e.msg);
	ok(b.vcpus(&b, id, &vi, &n, &nr, &e) == 0 && nr == 64 &&
	    vi[1].cpu == (id + 1) % 64, "vcpu-list spans its 64 cpus");
	free(vi);
	ok(b.dmesg(&b, &text, &e) == 0 &&
	    strstr(text, "\n(XEN) Brought up 64 CPUs\n") != NULL &&
	    strstr(text, "\n(XEN) System RAM: 1048576MB (1073741824kB)\n") !=
	    NULL, "dmesg: the boot of a host of its size");
	free(text);
	b.close(&b);

	/* Too small for its domains, or out of range: left as it is. */
	for (i = 0; i < 4; i++) {
		switch (i) {
		case 0:
			text = host_text(" memory_mib=2100", 2, two);
			break;
		case 1:
			text = host_text(" cpus=0", 2, two);
			break;
		case 2:
			text = host_text(" memory_mib=1 cpus=4", 0, two);
			break;
		default:
			text = host_text(" cpus=4 cpus=4", 0, two);
			break;
		}
		spit(path, text);
		b = backend_sim;
		memset(&e, 0, sizeof(e));
		ok(open_load(&b, &args, &e) == -1 && e.code == XE_STATE &&
		    strstr(e.msg, "; the file was left as it is") != NULL,
		    "bad size %d refused: %s", i, e.msg);
		if (i == 0)
			ok(strstr(e.msg, "/host:4: the domains use more than "
			    "the host's 2100 MiB of memory") != NULL,
			    "at the line of the guest that does not fit");
		after = slurp(path, &len);
		ok(len == strlen(text) && memcmp(after, text, len) == 0,
		    "bad size %d: the file unchanged", i);
		free(after);
		free(text);
	}

	/* A name twice is reported at the later line, however far. */
	text = host_text("", 4, dup);
	spit(path, text);
	free(text);
	b = backend_sim;
	ok(open_load(&b, &args, &e) == -1 && strstr(e.msg, "/host:7: the "
	    "name beta is used twice") != NULL, "%s", e.msg);

	/* Thousands of guests load, and keep their order. */
	names = xcalloc(5000, sizeof(*names));
	for (i = 0; i < 5000; i++)
		xasprintf(&names[i], "g%04d", 4999 - i);
	text = host_text(" memory_mib=1048576", 5000,
	    (const char *const *)names);
	spit(path, text);
	free(text);
	b = backend_sim;
	memset(&e, 0, sizeof(e));
	ok(b.open(&b, &args, &e) == 0 && count(&b) == 5001,
	    "5000 guests load: %s", e.msg);
	ok(create(&b, "name=\"g2500\"\nmemory=16\n", &id, &e) == -1 &&
	    e.code == XE_EXISTS, "a name among them is taken: %s", e.msg);
	b.close(&b);
	for (i = 0; i < 5000; i++)
		free(names[i]);
	free(names);
	rmstate(dir);
}

/* Open, and read the host once: where a corrupt file is found. */
static int
open_load(struct backend *b, struct backend_args *args, struct xerr *e)
{
	struct dominfo	*list;
	size_t		 n;

	if (b->open(b, args, e) == -1)
		return -1;
	if (b->domains(b, &list, &n, e) == -1) {
		b->close(b);
		return -1;
	}
	free(list);
	return 0;
}
