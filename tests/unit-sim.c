/*
 * Unit tests of the xl.cfg parser and of the simulated host, which
 * lives in the helper's database: its operations, rows that fail their
 * checks, the import of an old state file, and what an operation costs
 * on a large host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend/backend.h"
#include "backend/db.h"
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

/* A state directory, its database, and the backend open on both. */
struct env {
	char			 dir[64];
	struct db		*db;
	struct backend_args	 args;
	struct backend		 b;
};

static void	msleep(unsigned int);
static int	parse(const char *, struct domcfg *, struct xerr *);
static int	create(struct backend *, const char *, uint32_t *,
		    struct xerr *);
static int	lookup(struct backend *, uint32_t, struct dominfo *);
static int	lookup_name(struct backend *, const char *, struct dominfo *);
static size_t	count(struct backend *);
static char	*slurp(const char *, size_t *);
static void	spit(const char *, const char *);
static int	exists(const char *, const char *);
static void	env_start(struct env *);
static int	env_open(struct env *, struct xerr *);
static void	env_end(struct env *);
static int	sql(struct db *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static long long sql_int(struct db *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static char	*snapshot(struct db *);
static int	open_load(struct backend *, struct backend_args *,
		    struct xerr *);
static char	*host_text(const char *, int, const char *const *);
static void	test_config(void);
static void	test_host(void);
static void	test_rows(void);
static void	test_import(void);
static void	test_old_corrupt(void);
static int	import_text(struct env *, const char *, struct xerr *);
static void	test_size(void);
static void	test_scale(int);
static int	named(struct backend *, const char *, int, char *, size_t,
		    struct xerr *);
static void	test_named(void);

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

static int
exists(const char *dir, const char *name)
{
	struct stat	st;
	char		path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

/* A new state directory and its database; the backend not yet open. */
static void
env_start(struct env *v)
{
	struct xerr	e;

	memset(v, 0, sizeof(*v));
	snprintf(v->dir, sizeof(v->dir), "/tmp/xlsh-unit-sim.XXXXXX");
	if (mkdtemp(v->dir) == NULL)
		fatal("mkdtemp");
	if (db_open(v->dir, &v->db, &e) == -1)
		fatalx("%s", e.msg);
	v->args.state_dir = v->dir;
	v->args.db = v->db;
	v->b = backend_sim;
}

static int
env_open(struct env *v, struct xerr *e)
{
	memset(e, 0, sizeof(*e));
	v->b = backend_sim;
	return v->b.open(&v->b, &v->args, e);
}

/* Close all and remove the directory with whatever it holds. */
static void
env_end(struct env *v)
{
	const char	*names[] = { "host", "host.imported", "xlsh.db",
	    "xlsh.db-wal", "xlsh.db-shm", NULL };
	char		 path[1024];
	int		 i;

	if (v->b.priv != NULL)
		v->b.close(&v->b);
	db_close(v->db);
	v->db = NULL;
	for (i = 0; names[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", v->dir, names[i]);
		unlink(path);
	}
	if (rmdir(v->dir) == -1)
		printf("# rmdir %s: %s\n", v->dir, strerror(errno));
}

/* SQL straight to the database, as an administrator's sqlite3 would. */
static int
sql(struct db *db, const char *fmt, ...)
{
	va_list	 ap;
	char	*text, *err = NULL;
	int	 rc;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	if ((rc = sqlite3_exec(db->h, text, NULL, NULL, &err)) != SQLITE_OK)
		printf("# %s: %s\n", text, err);
	sqlite3_free(err);
	free(text);
	return rc == SQLITE_OK ? 0 : -1;
}

static long long
sql_int(struct db *db, const char *fmt, ...)
{
	sqlite3_stmt	*st;
	va_list		 ap;
	char		*text;
	long long	 v = -1;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	st = db_prepare(db, text);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	db_done(db, st);
	free(text);
	return v;
}

/* Every row of the host, as text: to see that nothing was written. */
static char *
snapshot(struct db *db)
{
	sqlite3_stmt	*st;
	const char	*q[] = { "SELECT quote(id) || quote(boot_ms) || "
	    "quote(next_domid) || quote(cpus) || quote(memory_mib) "
	    "FROM sim_host", "SELECT quote(domid) || quote(name) || "
	    "quote(uuid) || quote(type) || quote(mem_kb) || "
	    "quote(maxmem_kb) || quote(vcpus) || quote(maxvcpus) || "
	    "quote(on_poweroff) || quote(on_reboot) || quote(on_crash) || "
	    "quote(created_ms) || quote(start_ms) || quote(paused) || "
	    "quote(shutdown) || quote(reason) || quote(pending) || "
	    "quote(pending_left_ms) || quote(cpu_ns) || quote(settled_ms) "
	    "FROM sim_dom ORDER BY domid", NULL };
	FILE		*f;
	char		*text = NULL;
	size_t		 len = 0;
	int		 i;

	if ((f = open_memstream(&text, &len)) == NULL)
		fatal("open_memstream");
	for (i = 0; q[i] != NULL; i++) {
		st = db_prepare(db, q[i]);
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(f, "%s\n", sqlite3_column_text(st, 0));
		db_done(db, st);
	}
	fclose(f);
	return text;
}

/* Open, and read the host once: where a bad row or file is found. */
static int
open_load(struct backend *b, struct backend_args *args, struct xerr *e)
{
	struct dominfo	*list;
	size_t		 n;

	memset(e, 0, sizeof(*e));
	if (b->open(b, args, e) == -1)
		return -1;
	if (b->domains(b, &list, &n, e) == -1) {
		b->close(b);
		return -1;
	}
	free(list);
	return 0;
}

/*
 * An old state file: the host line's extra fields, then Domain-0 and
 * one guest of 16 MiB per name (domids from 1).
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
test_host(void)
{
	struct env		 v;
	struct backend		 b, b2;
	struct backend_args	 args2;
	struct db		*db2;
	struct hostinfo		 hi;
	struct dominfo		*list = NULL, d, d2;
	struct vcpuinfo		*vi = NULL;
	struct xerr		 e;
	char			*before, *after;
	size_t			 n = 0;
	uint32_t		 id1 = 0, id2 = 0, idc = 0, idp = 0, idt = 0;
	uint32_t		 nr = 0, id;
	uint64_t		 t0, t1, m0, m1;
	int			 gone, found, changes;
	uint8_t			 uuid[16];

	env_start(&v);
	ok(env_open(&v, &e) == 0, "open a fresh state dir: %s", e.msg);
	b = v.b;
	ok(sql_int(v.db, "SELECT COUNT(*) FROM sim_host") == 1 &&
	    sql_int(v.db, "SELECT COUNT(*) FROM sim_dom WHERE domid = 0 AND "
	    "name = 'Domain-0'") == 1, "the host row and Domain-0's were made");
	ok(!exists(v.dir, "host") && !exists(v.dir, "lock"),
	    "and no state file, nor a lock file");

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
	changes = sqlite3_total_changes(v.db->h);
	ok(count(&b) == 3 && sqlite3_total_changes(v.db->h) == changes,
	    "a listing writes no row: the clock alone changes none");
	ok(b.pause(&b, id1, 1, &e) == 0 &&
	    sqlite3_total_changes(v.db->h) == changes + 1 &&
	    b.pause(&b, id1, 0, &e) == 0 &&
	    sqlite3_total_changes(v.db->h) == changes + 2,
	    "a pause writes one row, and so does an unpause");
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
	ok(sql_int(v.db, "SELECT COUNT(*) FROM sim_dom WHERE domid = %u",
	    id1) == 0 && sql_int(v.db, "SELECT domid FROM sim_dom WHERE "
	    "name = 'a'") == d.domid && sql_int(v.db, "SELECT next_domid "
	    "FROM sim_host") == d.domid + 1, "its old row went, a new one "
	    "came under next_domid, which moved on");
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

	/* Another connection, as another process has, sees the same host. */
	if (db_open(v.dir, &db2, &e) == -1)
		fatalx("%s", e.msg);
	memset(&args2, 0, sizeof(args2));
	args2.state_dir = v.dir;
	args2.db = db2;
	b.close(&b);
	b2 = backend_sim;
	ok(b2.open(&b2, &args2, &e) == 0 && count(&b2) == n &&
	    lookup_name(&b2, "a", &d) && d.current_memkb == 131072 &&
	    lookup(&b2, idt, &d) && d.flags == DI_PAUSED,
	    "the state survives reopening, on another connection");
	ok(create(&b2, "name=\"b\"\n", &id, &e) == 0 && id > idp + 1,
	    "domids are not reused: %u", id);
	ok(b2.destroy(&b2, id, &e) == 0 && count(&b2) == n, "destroy b");

	/* A bad row is refused and left alone; mended, all is well. */
	ok(sql(db2, "UPDATE sim_dom SET vcpus = 9 WHERE domid = %u",
	    idt) == 0, "a row given more vcpus than its maximum");
	before = snapshot(db2);
	ok(b2.domains(&b2, &list, &n, &e) == -1 && e.code == XE_STATE &&
	    strstr(e.msg, "/xlsh.db: sim_dom domid ") != NULL &&
	    strstr(e.msg, ": more memory or vcpus than the maximum; the "
	    "database was left as it is") != NULL, "is refused: %s", e.msg);
	ok(b2.vcpus(&b2, idt, &vi, &n, &nr, &e) == -1 && e.code == XE_STATE,
	    "by an operation on it too: %s", e.msg);
	after = snapshot(db2);
	ok(strcmp(before, after) == 0, "and nothing was written");
	free(before);
	free(after);
	ok(sql(db2, "UPDATE sim_dom SET vcpus = 2 WHERE domid = %u",
	    idt) == 0 && count(&b2) == n && lookup(&b2, idt, &d) &&
	    d.vcpu_online == 2, "mended, the host reads again");
	b2.close(&b2);
	db_close(db2);
	v.b.priv = NULL;
	env_end(&v);
}

/*
 * Rows that fail their checks, as an administrator's sqlite3 could
 * leave them: each is reported, naming the row, by the listing, an
 * operation on the domain and one that adds up the memory; and
 * nothing is written, not even a request that has since completed
 * (y's shutdown, which would remove its row).
 */
static void
test_rows(void)
{
	static const struct {
		const char	*sql;
		const char	*want;
		int		 ops;	/* 1: pause x too; 2: and create */
	} bad[] = {
		{ "UPDATE sim_dom SET mem_kb = 99999999999999 WHERE "
		    "domid = 1", "sim_dom domid 1: bad value "
		    "mem_kb=99999999999999", 2 },
		{ "UPDATE sim_dom SET mem_kb = 20000.5 WHERE domid = 1",
		    "sim_dom domid 1: bad value mem_kb=20000.5", 2 },
		{ "UPDATE sim_dom SET mem_kb = 'lots' WHERE domid = 1",
		    "sim_dom domid 1: bad value mem_kb=\"lots\"", 2 },
		{ "UPDATE sim_dom SET mem_kb = NULL WHERE domid = 1", NULL,
		    0 },
		{ "UPDATE sim_dom SET vcpus = 200 WHERE domid = 1",
		    "sim_dom domid 1: bad value vcpus=200", 1 },
		{ "UPDATE sim_dom SET cpu_ns = -1 WHERE domid = 1",
		    "sim_dom domid 1: bad value cpu_ns=-1", 1 },
		{ "UPDATE sim_dom SET name = 'bad name' WHERE domid = 1",
		    "sim_dom domid 1: bad value name=\"bad name\"", 1 },
		{ "UPDATE sim_dom SET name = '123' WHERE domid = 1",
		    "sim_dom domid 1: bad value name=\"123\"", 0 },
		{ "UPDATE sim_dom SET name = CAST(x'780079' AS TEXT) WHERE "
		    "domid = 1", "sim_dom domid 1: bad value name=\"x\"", 0 },
		{ "UPDATE sim_dom SET name = x'78' WHERE domid = 1",
		    "sim_dom domid 1: bad value name=(a blob)", 0 },
		{ "UPDATE sim_dom SET uuid = upper(uuid) WHERE domid = 1",
		    "sim_dom domid 1: bad value uuid=\"", 0 },
		{ "UPDATE sim_dom SET type = 'xen' WHERE domid = 1",
		    "sim_dom domid 1: bad value type=\"xen\"", 0 },
		{ "UPDATE sim_dom SET on_crash = 'explode' WHERE domid = 1",
		    "sim_dom domid 1: bad value on_crash=\"explode\"", 0 },
		{ "UPDATE sim_dom SET pending = 'later' WHERE domid = 1",
		    "sim_dom domid 1: bad value pending=\"later\"", 1 },
		{ "UPDATE sim_dom SET mem_kb = maxmem_kb + 1 WHERE domid = 1",
		    "sim_dom domid 1: more memory or vcpus than the maximum",
		    1 },
		{ "UPDATE sim_dom SET pending = 'shutdown' WHERE domid = 1",
		    "sim_dom domid 1: the pending request is inconsistent", 1 },
		{ "UPDATE sim_dom SET start_ms = created_ms - 1 WHERE "
		    "domid = 1", "sim_dom domid 1: the times are out of order",
		    1 },
		{ "UPDATE sim_dom SET domid = 40000 WHERE domid = 1",
		    "sim_dom domid 40000: bad value domid=40000", 0 },
		{ "UPDATE sim_dom SET paused = 1 WHERE domid = 0",
		    "sim_dom domid 0: domain 0 is not a running Domain-0", 0 },
		{ "DELETE FROM sim_dom WHERE domid = 0",
		    "sim_dom domid 1: Domain-0 (domid 0) is missing", 0 },
		{ "UPDATE sim_host SET next_domid = 2",
		    "sim_dom domid 2: domid 2 is not below next_domid 2", 0 },
		{ "UPDATE sim_host SET cpus = 0", "sim_host: bad value cpus=0",
		    1 },
		{ "UPDATE sim_host SET memory_mib = 'big'",
		    "sim_host: bad value memory_mib=\"big\"", 0 },
		{ "UPDATE sim_host SET memory_mib = 2100",
		    "sim_dom domid 1: the domains use more than the host's "
		    "2100 MiB of memory", 0 },
	};
	struct env	 v;
	struct xerr	 e;
	struct dominfo	 d;
	uint32_t	 id;
	char		*before, *after;
	size_t		 i;
	int		 refused;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		env_start(&v);
		if (env_open(&v, &e) == -1 ||
		    create(&v.b, "name=\"x\"\n", &id, &e) == -1 ||
		    create(&v.b, "name=\"y\"\n", &id, &e) == -1)
			fatalx("bad row %zu: %s", i, e.msg);
		/* y's shutdown has completed by the time of the next read. */
		sql(v.db, "UPDATE sim_dom SET pending = 'shutdown', "
		    "pending_left_ms = 1 WHERE domid = 2");
		msleep(2);
		if (bad[i].want == NULL) {
			ok(sql(v.db, "%s", bad[i].sql) == -1,
			    "bad row %zu cannot be written: NOT NULL", i);
			env_end(&v);
			continue;
		}
		ok(sql(v.db, "%s", bad[i].sql) == 0, "bad row %zu: %s", i,
		    bad[i].sql);
		before = snapshot(v.db);
		v.b.close(&v.b);
		refused = open_load(&v.b, &v.args, &e) == -1;
		ok(refused && e.code == XE_STATE &&
		    strstr(e.msg, bad[i].want) != NULL &&
		    strstr(e.msg, "; the database was left as it is") != NULL,
		    "bad row %zu refused by a listing: %s", i, e.msg);
		if (refused && env_open(&v, &e) == -1)
			fatalx("%s", e.msg);
		if (bad[i].ops >= 1)
			ok(v.b.pause(&v.b, 1, 1, &e) == -1 &&
			    e.code == XE_STATE &&
			    strstr(e.msg, bad[i].want) != NULL,
			    "and by a pause of domain 1: %s", e.msg);
		if (bad[i].ops >= 2)
			ok(create(&v.b, "name=\"z\"\n", &id, &e) == -1 &&
			    e.code == XE_STATE &&
			    strstr(e.msg, bad[i].want) != NULL,
			    "and by a create, adding up the memory: %s",
			    e.msg);
		after = snapshot(v.db);
		ok(strcmp(before, after) == 0, "bad row %zu: nothing was "
		    "written", i);
		free(before);
		free(after);
		env_end(&v);
	}

	/* A bad row is not read by an operation on another domain. */
	env_start(&v);
	ok(env_open(&v, &e) == 0 && create(&v.b, "name=\"x\"\n", &id,
	    &e) == 0 && create(&v.b, "name=\"y\"\n", &id, &e) == 0 &&
	    sql(v.db, "UPDATE sim_dom SET vcpus = 200 WHERE domid = 1") == 0 &&
	    v.b.pause(&v.b, 2, 1, &e) == 0 &&
	    sql_int(v.db, "SELECT paused FROM sim_dom WHERE domid = 2") == 1,
	    "a pause of domain 2 reads its row alone");
	ok(sql(v.db, "UPDATE sim_dom SET vcpus = 1 WHERE domid = 1") == 0 &&
	    lookup(&v.b, 2, &d) && d.flags == DI_PAUSED, "mended, all read");
	env_end(&v);
}

/*
 * An old state file is imported when the backend is opened, in a
 * transaction of its own, and put aside as host.imported; its domains
 * keep their domids, names, uuids and times.  A second open imports
 * nothing.
 */
static void
test_import(void)
{
	struct env		 v;
	struct backend		 b;
	struct backend_args	 args;
	struct db		*db2;
	struct dominfo		 d;
	struct vcpuinfo		*vi = NULL;
	struct xerr		 e;
	char			 path[1024], logpath[1024], *text, *log;
	char			*kept, want[512];
	unsigned long long	 t = (unsigned long long)now_ms() - 10000;
	size_t			 n = 0, len;
	uint32_t		 nr, id;
	uint64_t		 cpu;
	int			 saved, fd, listed;

	/* 2 vcpus: 5 s at 0.9 s/s, then 5 s at 0.01 s/s. */
	cpu = 2 * (5000 * 900000ULL + 5000 * 10000ULL);
	env_start(&v);
	snprintf(path, sizeof(path), "%s/host", v.dir);
	xasprintf(&text, "xlsh-sim 1\n"
	    "host boot_ms=%llu next_domid=8\n"
	    "dom domid=0 name=Domain-0 uuid=00000000-0000-0000-0000-"
	    "000000000000 type=pv mem_kb=2097152 maxmem_kb=2097152 vcpus=4 "
	    "maxvcpus=4 on_poweroff=destroy on_reboot=restart "
	    "on_crash=destroy created_ms=%llu start_ms=%llu paused=0 "
	    "shutdown=0 reason=0 pending=none pending_left_ms=0 cpu_ns=0 "
	    "settled_ms=%llu\n"
	    "dom domid=5 name=ancient uuid=0123abcd-4567-89ab-cdef-"
	    "0123456789aa type=pv mem_kb=65536 maxmem_kb=65536 vcpus=1 "
	    "maxvcpus=1 on_poweroff=destroy on_reboot=restart "
	    "on_crash=destroy created_ms=%llu start_ms=%llu paused=0 "
	    "shutdown=0 reason=0 pending=none pending_left_ms=0 "
	    "cpu_ns=18446744073709551615 settled_ms=%llu\n"
	    "dom domid=7 name=old uuid=0123abcd-4567-89ab-cdef-0123456789ab "
	    "type=hvm mem_kb=262144 maxmem_kb=524288 vcpus=2 maxvcpus=3 "
	    "on_poweroff=preserve on_reboot=restart on_crash=destroy "
	    "created_ms=%llu start_ms=%llu paused=0 shutdown=0 reason=0 "
	    "pending=none pending_left_ms=0 cpu_ns=0 settled_ms=%llu\n",
	    t, t, t, t, t, t, t, t, t, t);
	spit(path, text);

	/*
	 * Open imports it, in a transaction of its own (not a request's,
	 * which might be rolled back); its log line, from standard error.
	 */
	snprintf(logpath, sizeof(logpath), "%s.log", v.dir);
	fflush(stderr);
	if ((saved = dup(STDERR_FILENO)) == -1 || (fd = open(logpath,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1)
		fatal("%s", logpath);
	dup2(fd, STDERR_FILENO);
	close(fd);
	ok(env_open(&v, &e) == 0 &&
	    sql_int(v.db, "SELECT COUNT(*) FROM sim_host") == 1,
	    "open imports an old file");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	listed = lookup(&v.b, 7, &d);
	log = slurp(logpath, &len);
	unlink(logpath);
	snprintf(want, sizeof(want), "imported the simulated host from "
	    "%s/host (3 domains); the file is kept as %s/host.imported\n",
	    v.dir, v.dir);
	ok(strstr(log, want) != NULL && strchr(log, '\n') ==
	    log + len - 1, "one line is logged: %.*s", (int)len - 1, log);
	free(log);
	ok(!exists(v.dir, "host") && exists(v.dir, "host.imported"),
	    "the file is renamed to host.imported");
	snprintf(path, sizeof(path), "%s/host.imported", v.dir);
	kept = slurp(path, &len);
	ok(strcmp(kept, text) == 0, "and kept as it was");
	ok(sql_int(v.db, "SELECT COUNT(*) FROM sim_dom") == 3 &&
	    sql_int(v.db, "SELECT next_domid FROM sim_host") == 8 &&
	    sql_int(v.db, "SELECT boot_ms FROM sim_host") == (long long)t,
	    "its rows are in the database");

	ok(listed && strcmp(d.name, "old") == 0 &&
	    d.flags == DI_BLOCKED && d.uuid[0] == 0x01 && d.uuid[15] == 0xab &&
	    d.start_time == t / 1000, "domid 7 keeps its name, uuid, start");
	ok(d.cpu_time_ns >= cpu && d.cpu_time_ns < cpu + 2 * 900000000ULL,
	    "its cpu time: 5 s busy then idle, 2 vcpus (%llu ns)",
	    (unsigned long long)d.cpu_time_ns);
	ok(lookup(&v.b, 0, &d) && d.cpu_time_ns >= 10000 * 50000ULL &&
	    d.cpu_time_ns < 12000 * 50000ULL,
	    "Domain-0: 5%% of a cpu (%llu ns)",
	    (unsigned long long)d.cpu_time_ns);
	ok(v.b.vcpus(&v.b, 7, &vi, &n, &nr, &e) == 0 && n == 3 &&
	    vi[0].flags == (VI_ONLINE | VI_BLOCKED) && vi[0].cpu == 3 &&
	    vi[1].cpu == 0 && vi[0].time_ns == vi[1].time_ns &&
	    vi[2].flags == 0, "vcpus: two blocked, one offline");
	free(vi);
	ok(lookup(&v.b, 5, &d) && d.cpu_time_ns == (uint64_t)INT64_MAX &&
	    sql_int(v.db, "SELECT cpu_ns FROM sim_dom WHERE domid = 5") ==
	    INT64_MAX, "cpu time beyond INT64_MAX is kept as INT64_MAX");
	msleep(20);
	ok(lookup(&v.b, 5, &d) && d.cpu_time_ns == (uint64_t)INT64_MAX,
	    "and grows no further");
	ok(create(&v.b, "name=\"new\"\n", &id, &e) == 0 && id == 8,
	    "the next domid is the file's: %u", id);

	/* Again a file at host: the database has a host, it is not read. */
	spit(path, "xlsh-sim 1\n");
	snprintf(path, sizeof(path), "%s/host", v.dir);
	spit(path, text);
	v.b.close(&v.b);
	if (db_open(v.dir, &db2, &e) == -1)
		fatalx("%s", e.msg);
	memset(&args, 0, sizeof(args));
	args.state_dir = v.dir;
	args.db = db2;
	b = backend_sim;
	ok(b.open(&b, &args, &e) == 0 && count(&b) == 4 &&
	    exists(v.dir, "host"), "a second open imports nothing");
	snprintf(path, sizeof(path), "%s/host.imported", v.dir);
	free(kept);
	kept = slurp(path, &len);
	ok(strcmp(kept, "xlsh-sim 1\n") == 0, "and renames nothing");
	b.close(&b);
	db_close(db2);
	free(kept);
	free(text);
	env_end(&v);
}

/* Old files that do not read back: never imported, never moved. */
static void
test_old_corrupt(void)
{
	static const struct {
		const char	*text;
		int		 line;
	} bad[] = {
		{ "", 1 },
		{ "xlsh-sim 1\n", 2 },
		{ "not-sim 1\nhost boot_ms=1 next_domid=1\n", 1 },
		{ "xlsh-sim 2\nhost boot_ms=1 next_domid=1\n", 1 },
		{ "xlsh-sim 1\nhost boot_ms=1 next_domid=1 extra=1\n", 2 },
		{ "xlsh-sim 1\nhost boot_ms=1 next_domid=2\n"
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
		    "pending_left_ms=0 cpu_ns=0 settled_ms=1\n", 4 },
		{ "xlsh-sim 1\nhost boot_ms=1 next_domid=1\ndom domid=0", 3 },
	};
	static const char *const two[] = { "alpha", "beta" };
	struct env		 v;
	struct backend_args	 args;
	struct backend		 b;
	struct xerr		 e;
	char			 path[1024], want[32], *after, *text, *p;
	size_t			 i, len;

	env_start(&v);
	snprintf(path, sizeof(path), "%s/host", v.dir);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		spit(path, bad[i].text);
		snprintf(want, sizeof(want), "/host:%d: ", bad[i].line);
		ok(open_load(&v.b, &v.args, &e) == -1 && e.code == XE_STATE &&
		    strstr(e.msg, want) != NULL &&
		    strstr(e.msg, "; the file was left as it is") != NULL,
		    "corrupt file %zu refused at line %d: %s", i,
		    bad[i].line, e.msg);
		after = slurp(path, &len);
		ok(len == strlen(bad[i].text) &&
		    memcmp(after, bad[i].text, len) == 0 &&
		    !exists(v.dir, "host.imported") &&
		    sql_int(v.db, "SELECT COUNT(*) FROM sim_host") == 0 &&
		    sql_int(v.db, "SELECT COUNT(*) FROM sim_dom") == 0,
		    "corrupt file %zu: unchanged, in place, not imported", i);
		free(after);
	}

	/* Read back, but two domains with one uuid: the rows refuse it. */
	text = host_text("", 2, two);
	if ((p = strstr(text, "8000-000000000002")) == NULL)
		fatalx("host_text");
	p[16] = '1';
	spit(path, text);
	ok(open_load(&v.b, &v.args, &e) == -1 && e.code == XE_STATE &&
	    strstr(e.msg, "/host: sim_dom domid 2 cannot be imported: ") !=
	    NULL && strstr(e.msg, "uuid; the file was left as it is") != NULL,
	    "a uuid twice is not imported: %s", e.msg);
	after = slurp(path, &len);
	ok(strcmp(after, text) == 0 && !exists(v.dir, "host.imported") &&
	    sql_int(v.db, "SELECT COUNT(*) FROM sim_host") == 0 &&
	    sql_int(v.db, "SELECT COUNT(*) FROM sim_dom") == 0,
	    "nothing of it is: the file unchanged, in place");
	free(after);
	free(text);
	env_end(&v);

	b = backend_sim;
	memset(&args, 0, sizeof(args));
	args.state_dir = "/nonexistent/xlsh";
	args.db = NULL;
	ok(open_load(&b, &args, &e) == -1 && e.code == XE_STATE,
	    "no database: %s", e.msg);
	env_start(&v);
	args.db = v.db;
	ok(open_load(&b, &args, &e) == -1 && e.code == XE_STATE,
	    "a missing state dir: %s", e.msg);
	env_end(&v);
}

/* Import an old file into a new state directory: 0, or -1. */
static int
import_text(struct env *v, const char *text, struct xerr *e)
{
	char	path[1024];

	env_start(v);
	snprintf(path, sizeof(path), "%s/host", v->dir);
	spit(path, text);
	return open_load(&v->b, &v->args, e);
}

/*
 * The host's size: an old file's host line, checked as its domains
 * load; then the sim_host row, which an administrator may change.
 */
static void
test_size(void)
{
	static const char *const two[] = { "alpha", "beta" };
	static const char *const dup[] = { "alpha", "beta", "gamma",
	    "beta" };
	struct env		 v;
	struct hostinfo		 hi;
	struct vcpuinfo		*vi = NULL;
	struct xerr		 e;
	char			 path[1024], *text, *after, **names;
	size_t			 len, n;
	uint32_t		 id, nr;
	int			 i;

	/* Left out: the 4 cpus and 16 GiB of a new host, written back. */
	text = host_text("", 2, two);
	ok(import_text(&v, text, &e) == 0 && v.b.host(&v.b, &hi, &e) == 0 &&
	    hi.nr_cpus == 4 && hi.total_mib == 16384 &&
	    hi.free_mib == 16384 - 2048 - 2 * (16 + 64),
	    "a host line without a size: 4 cpus, 16384 MiB");
	free(text);
	ok(create(&v.b, "name=\"c\"\nmemory=16\n", &id, &e) == 0 &&
	    id == 3, "a guest is added to it");
	ok(sql_int(v.db, "SELECT cpus FROM sim_host") == 4 &&
	    sql_int(v.db, "SELECT memory_mib FROM sim_host") == 16384,
	    "and the size is in the host row");

	/* The administrator's way: SQL while no helper runs. */
	v.b.close(&v.b);
	ok(sql(v.db, "UPDATE sim_host SET cpus = 8, memory_mib = 32768") ==
	    0 && env_open(&v, &e) == 0 && v.b.host(&v.b, &hi, &e) == 0 &&
	    hi.nr_cpus == 8 && hi.total_mib == 32768 &&
	    hi.free_mib == 32768 - 2048 - 3 * (16 + 64) &&
	    v.b.dmesg(&v.b, 0, &text, &e) == 0 &&
	    strstr(text, "\n(XEN) Brought up 8 CPUs\n") != NULL,
	    "UPDATE sim_host SET cpus = 8, memory_mib = 32768: a larger host");
	free(text);
	env_end(&v);

	/* A larger host, as an administrator wrote it in the old file. */
	text = host_text(" cpus=64 memory_mib=1048576", 2, two);
	ok(import_text(&v, text, &e) == 0 && v.b.host(&v.b, &hi, &e) == 0 &&
	    hi.nr_cpus == 64 && hi.max_cpu_id == 63 &&
	    hi.total_mib == 1048576 &&
	    hi.free_mib == 1048576 - 2048 - 2 * (16 + 64),
	    "cpus=64 memory_mib=1048576: %u cpus, %llu MiB", hi.nr_cpus,
	    (unsigned long long)hi.total_mib);
	free(text);
	ok(create(&v.b, "name=\"big\"\nmemory=524288\nvcpus=2\n", &id,
	    &e) == 0, "a 512 GiB guest fits: %s", e.msg);
	ok(v.b.vcpus(&v.b, id, &vi, &n, &nr, &e) == 0 && nr == 64 &&
	    vi[1].cpu == (id + 1) % 64, "vcpu-list spans its 64 cpus");
	free(vi);
	ok(v.b.dmesg(&v.b, 0, &text, &e) == 0 &&
	    strstr(text, "\n(XEN) Brought up 64 CPUs\n") != NULL &&
	    strstr(text, "\n(XEN) System RAM: 1048576MB (1073741824kB)\n") !=
	    NULL, "dmesg: the boot of a host of its size");
	free(text);
	env_end(&v);

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
		ok(import_text(&v, text, &e) == -1 && e.code == XE_STATE &&
		    strstr(e.msg, "; the file was left as it is") != NULL,
		    "bad size %d refused: %s", i, e.msg);
		if (i == 0)
			ok(strstr(e.msg, "/host:4: the domains use more than "
			    "the host's 2100 MiB of memory") != NULL,
			    "at the line of the guest that does not fit");
		snprintf(path, sizeof(path), "%s/host", v.dir);
		after = slurp(path, &len);
		ok(len == strlen(text) && memcmp(after, text, len) == 0 &&
		    !exists(v.dir, "host.imported") &&
		    sql_int(v.db, "SELECT COUNT(*) FROM sim_host") == 0,
		    "bad size %d: the file unchanged, not imported", i);
		free(after);
		free(text);
		env_end(&v);
	}

	/* A name twice is reported at the later line, however far. */
	text = host_text("", 4, dup);
	ok(import_text(&v, text, &e) == -1 && strstr(e.msg, "/host:7: the "
	    "name beta is used twice") != NULL, "%s", e.msg);
	free(text);
	env_end(&v);

	/* Thousands of guests are imported, and keep their order. */
	names = xcalloc(5000, sizeof(*names));
	for (i = 0; i < 5000; i++)
		xasprintf(&names[i], "g%04d", 4999 - i);
	text = host_text(" memory_mib=1048576", 5000,
	    (const char *const *)names);
	ok(import_text(&v, text, &e) == 0 && count(&v.b) == 5001 &&
	    sql_int(v.db, "SELECT name FROM sim_dom WHERE domid = 1 AND "
	    "name = 'g4999'") != -1, "5000 guests are imported: %s", e.msg);
	free(text);
	ok(create(&v.b, "name=\"g2500\"\nmemory=16\n", &id, &e) == -1 &&
	    e.code == XE_EXISTS, "a name among them is taken: %s", e.msg);
	env_end(&v);
	for (i = 0; i < 5000; i++)
		free(names[i]);
	free(names);
}

/*
 * What an operation on one domain costs as the host grows: a host of n
 * guests, their rows inserted straight in one transaction, then 200
 * pauses and unpauses of one of them.  The time is reported, never
 * judged.
 */
static void
test_scale(int n)
{
	struct env	 v;
	struct timespec	 t0, t1;
	struct dominfo	 d;
	struct xerr	 e;
	sqlite3_stmt	*st;
	uint64_t	 now = now_ms();
	uint32_t	 target = (uint32_t)n / 2 + 1;
	double		 us;
	int		 i, fails = 0;

	env_start(&v);
	if (env_open(&v, &e) == -1)
		fatalx("%s", e.msg);
	sql(v.db, "BEGIN");
	st = db_prepare(v.db, "INSERT INTO sim_dom (domid, name, uuid, "
	    "type, mem_kb, maxmem_kb, vcpus, maxvcpus, on_poweroff, "
	    "on_reboot, on_crash, created_ms, start_ms, paused, shutdown, "
	    "reason, pending, pending_left_ms, cpu_ns, settled_ms) VALUES "
	    "(?1, 'g' || ?1, printf('00000000-0000-4000-8000-%012d', ?1), "
	    "'pvh', 16384, 16384, 1, 1, 'destroy', 'restart', 'destroy', "
	    "?2, ?2, 0, 0, 0, 'none', 0, 0, ?2)");
	for (i = 1; i <= n; i++) {
		sqlite3_bind_int(st, 1, i);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
		if (sqlite3_step(st) != SQLITE_DONE)
			fatalx("insert: %s", sqlite3_errmsg(v.db->h));
		sqlite3_reset(st);
	}
	db_done(v.db, st);
	sql(v.db, "UPDATE sim_host SET next_domid = %d, memory_mib = %d",
	    n + 1, 2048 + n * 80 + 1024);
	sql(v.db, "COMMIT");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 200; i++)
		if (v.b.pause(&v.b, target, i % 2 == 0, &e) == -1)
			fails++;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / 200;
	ok(fails == 0 && lookup(&v.b, target, &d) && d.flags == DI_RUNNING &&
	    count(&v.b) == (size_t)n + 1, "a host of %d guests: 200 pauses "
	    "and unpauses of domain %u", n, target);
	printf("# pause/unpause of one domain among %d guests: %.0f us per "
	    "operation (mean of 200)\n", n, us);
	env_end(&v);
}

/*
 * The names a prefix begins, as named() gives them, joined by spaces;
 * each checked against the listing (check) for its domid and uuid.
 */
static int
named(struct backend *b, const char *prefix, int check, char *out,
    size_t size, struct xerr *e)
{
	struct dominfo	*d;
	struct dominfo	 l;
	size_t		 n, i, len = 0;

	out[0] = '\0';
	memset(e, 0, sizeof(*e));
	if (b->named(b, prefix, &d, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (check && (!lookup(b, d[i].domid, &l) ||
		    strcmp(l.name, d[i].name) != 0 ||
		    memcmp(l.uuid, d[i].uuid, sizeof(l.uuid)) != 0))
			snprintf(d[i].name, sizeof(d[i].name), "(wrong)");
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    i > 0 ? " " : "", d[i].name);
		if (len >= size)
			fatalx("named: too many");
	}
	free(d);
	return 0;
}

/*
 * Completion's names: those a prefix begins, from the index of names
 * and uuids, in name order; none for a prefix no name can begin (a
 * byte outside ASCII, or longer than a name); a bad row reported when
 * its name is in the range, and not read when it is not; a shutdown
 * that has completed settled first.
 */
static void
test_named(void)
{
	static const char *const made[] = { "wex", "webz", "web_3", "web",
	    "weba", "web.2", "web-1", "x", "gone" };
	struct env	 v;
	struct xerr	 e;
	uint32_t	 id;
	char		 got[512], text[64], big[80];
	size_t		 i;

	env_start(&v);
	if (env_open(&v, &e) == -1)
		fatalx("%s", e.msg);
	for (i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		snprintf(text, sizeof(text), "name=\"%s\"\n", made[i]);
		if (create(&v.b, text, &id, &e) == -1)
			fatalx("named: %s", e.msg);
	}
	ok(named(&v.b, "web", 1, got, sizeof(got), &e) == 0 &&
	    strcmp(got, "web web-1 web.2 web_3 weba webz") == 0,
	    "named web: the six it begins, in name order: %s", got);
	ok(named(&v.b, "web-", 1, got, sizeof(got), &e) == 0 &&
	    strcmp(got, "web-1") == 0, "named web-: web-1 alone");
	ok(named(&v.b, "webz", 1, got, sizeof(got), &e) == 0 &&
	    strcmp(got, "webz") == 0, "named webz: itself");
	ok(named(&v.b, "", 1, got, sizeof(got), &e) == 0 && strcmp(got,
	    "Domain-0 gone web web-1 web.2 web_3 weba webz wex x") == 0,
	    "named with no prefix: all, Domain-0 among them: %s", got);
	memset(big, 'w', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ok(named(&v.b, "w\xc3\xa9", 1, got, sizeof(got), &e) == 0 &&
	    got[0] == '\0' &&
	    named(&v.b, "\x7f", 1, got, sizeof(got), &e) == 0 &&
	    got[0] == '\0' &&
	    named(&v.b, "\xff", 1, got, sizeof(got), &e) == 0 &&
	    got[0] == '\0' && named(&v.b, big, 1, got, sizeof(got), &e) == 0 &&
	    got[0] == '\0', "none for bytes outside ASCII, nor for a prefix "
	    "longer than a name");
	sql(v.db, "UPDATE sim_dom SET name = 'bad name' WHERE name = 'x'");
	ok(named(&v.b, "web", 0, got, sizeof(got), &e) == 0 &&
	    strcmp(got, "web web-1 web.2 web_3 weba webz") == 0,
	    "a bad row outside the range is not read");
	ok(named(&v.b, "", 0, got, sizeof(got), &e) == -1 &&
	    e.code == XE_STATE && strstr(e.msg, "bad value name=\"bad name\"")
	    != NULL, "one inside it is reported: %s", e.msg);
	sql(v.db, "UPDATE sim_dom SET name = 'x' WHERE name = 'bad name'");
	sql(v.db, "UPDATE sim_dom SET pending = 'shutdown', "
	    "pending_left_ms = 1 WHERE name = 'gone'");
	msleep(2);
	ok(named(&v.b, "g", 1, got, sizeof(got), &e) == 0 && got[0] == '\0',
	    "a shutdown that has completed is settled before the names");
	env_end(&v);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_config();
	test_host();
	test_rows();
	test_import();
	test_old_corrupt();
	test_size();
	test_named();
	test_scale(10);
	test_scale(10000);
	return tap_done();
}
