/*
 * The helper's database (db.h): opening it, migrating its schema, and
 * nested transactions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "common/xlsh.h"

/*
 * The schema, one step per version: step i takes a database of version
 * i to version i + 1.  Steps are only ever appended.
 *
 * vm: the registry, one record per VM.  owner is the member it
 * belongs to, NULL for none; persistent is 1 for a VM made by
 * vm-install, which keeps its record while halted, 0 for a domain made
 * by create, whose record goes with it.  maxmem_kb and maxvcpus are
 * its configuration's, for quotas and xe's fields.
 *
 * sim_host, sim_dom: the simulated host (src/sim/sim.h has the fields'
 * meanings); numbers as SQLite integers, names of enums as text.
 * sim_dom_pending finds the few domains with a shutdown or reboot
 * pending, which every operation settles, without a scan of them all.
 */
static const char *const schema[] = {
	"CREATE TABLE vm ("
	"  uuid TEXT PRIMARY KEY NOT NULL,"
	"  name TEXT NOT NULL UNIQUE,"
	"  owner TEXT,"
	"  persistent INTEGER NOT NULL CHECK (persistent IN (0, 1)),"
	"  template TEXT,"
	"  config TEXT NOT NULL,"
	"  maxmem_kb INTEGER NOT NULL,"
	"  maxvcpus INTEGER NOT NULL,"
	"  created_ms INTEGER NOT NULL,"
	"  created_by TEXT NOT NULL);"
	"CREATE INDEX vm_owner ON vm (owner);"
	"CREATE TABLE sim_host ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  boot_ms INTEGER NOT NULL,"
	"  next_domid INTEGER NOT NULL,"
	"  cpus INTEGER NOT NULL,"
	"  memory_mib INTEGER NOT NULL);"
	"CREATE TABLE sim_dom ("
	"  domid INTEGER PRIMARY KEY NOT NULL,"
	"  name TEXT NOT NULL UNIQUE,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  type TEXT NOT NULL,"
	"  mem_kb INTEGER NOT NULL,"
	"  maxmem_kb INTEGER NOT NULL,"
	"  vcpus INTEGER NOT NULL,"
	"  maxvcpus INTEGER NOT NULL,"
	"  on_poweroff TEXT NOT NULL,"
	"  on_reboot TEXT NOT NULL,"
	"  on_crash TEXT NOT NULL,"
	"  created_ms INTEGER NOT NULL,"
	"  start_ms INTEGER NOT NULL,"
	"  paused INTEGER NOT NULL,"
	"  shutdown INTEGER NOT NULL,"
	"  reason INTEGER NOT NULL,"
	"  pending TEXT NOT NULL,"
	"  pending_left_ms INTEGER NOT NULL,"
	"  cpu_ns INTEGER NOT NULL,"
	"  settled_ms INTEGER NOT NULL);"
	"CREATE INDEX sim_dom_pending ON sim_dom (domid)"
	"  WHERE pending != 'none';",
	/* 2: facts about the host, such as the uuid host-list shows. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY NOT NULL,"
	"  value TEXT NOT NULL);",
	/*
	 * 3: storage and networks.  volume: the registry's record of a
	 * volume of the pool (owner NULL: nobody's), and the VM it is
	 * attached to (vm, vdev) for as long as it is; vif: a VM's
	 * network interfaces, MACs unique on the host.  sim_lv, sim_disk
	 * and sim_nic: the simulated host's volumes and the running
	 * domains' devices.
	 */
	"CREATE TABLE volume ("
	"  name TEXT PRIMARY KEY NOT NULL,"
	"  owner TEXT,"
	"  size_mib INTEGER NOT NULL,"
	"  origin TEXT,"
	"  vm TEXT,"
	"  vdev TEXT,"
	"  created_ms INTEGER NOT NULL,"
	"  created_by TEXT NOT NULL,"
	"  CHECK ((vm IS NULL) = (vdev IS NULL)),"
	"  UNIQUE (vm, vdev));"
	"CREATE INDEX volume_owner ON volume (owner);"
	"CREATE TABLE vif ("
	"  vm TEXT NOT NULL,"
	"  devid INTEGER NOT NULL,"
	"  mac TEXT NOT NULL UNIQUE,"
	"  bridge TEXT NOT NULL,"
	"  PRIMARY KEY (vm, devid));"
	"CREATE TABLE sim_lv ("
	"  name TEXT PRIMARY KEY NOT NULL,"
	"  size_mib INTEGER NOT NULL,"
	"  used_mib INTEGER NOT NULL,"
	"  origin TEXT);"
	"CREATE TABLE sim_disk ("
	"  domid INTEGER NOT NULL,"
	"  devid INTEGER NOT NULL,"
	"  target TEXT NOT NULL,"
	"  readonly INTEGER NOT NULL,"
	"  PRIMARY KEY (domid, devid));"
	"CREATE TABLE sim_nic ("
	"  domid INTEGER NOT NULL,"
	"  devid INTEGER NOT NULL,"
	"  mac TEXT NOT NULL,"
	"  bridge TEXT NOT NULL,"
	"  PRIMARY KEY (domid, devid));",
	/*
	 * 4: completion's names: the domains a prefix begins, with their
	 * uuids, from the index alone.
	 */
	"CREATE INDEX sim_dom_name_uuid ON sim_dom (name, uuid);",
	/*
	 * 5: the members' progress in lessons (xlsh-lessons(5)): steps
	 * done, hints given, what the step noted as it began, and which
	 * lesson is each member's current one.
	 */
	"CREATE TABLE lesson ("
	"  member TEXT NOT NULL,"
	"  lesson INTEGER NOT NULL,"
	"  step INTEGER NOT NULL,"
	"  nsteps INTEGER NOT NULL,"
	"  hints INTEGER NOT NULL,"
	"  memo TEXT NOT NULL,"
	"  current INTEGER NOT NULL CHECK (current IN (0, 1)),"
	"  updated_ms INTEGER NOT NULL,"
	"  PRIMARY KEY (member, lesson));"
	"CREATE UNIQUE INDEX lesson_current ON lesson (member)"
	"  WHERE current = 1;",
};
#define SCHEMA_VERSION	((int)(sizeof(schema) / sizeof(schema[0])))

static int	begin(struct db *, const char *, struct xerr *);
static int	exec1(struct db *, const char *, struct xerr *);
static int	migrate(struct db *, struct xerr *);
static int	user_version(struct db *, int *, struct xerr *);
static int	wal(struct db *, struct xerr *);

int
db_schema_version(void)
{
	return SCHEMA_VERSION;
}

/* One statement, kept compiled (a transaction's begin and end). */
static int
exec1(struct db *db, const char *sql, struct xerr *e)
{
	sqlite3_stmt	*st = db_prepare(db, sql);
	int		 rc = sqlite3_step(st);

	db_done(db, st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
	    db_fail(db, e, sql);
}

int
db_exec(struct db *db, const char *sql, struct xerr *e)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, e, sql);
	return 0;
}

/*
 * Open (or make) dir/xlsh.db.  The file is made 0600 before SQLite
 * sees it, so that its journal files are too.
 */
int
db_open(const char *dir, struct db **out, struct xerr *e)
{
	struct db	*db;
	int		 fd, keep = 1;

	db = xcalloc(1, sizeof(*db));
	xasprintf(&db->path, "%s/%s", dir, DB_FILE);
	if ((fd = open(db->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1) {
		xerr_set(e, XE_STATE, "%s: %s", db->path, strerror(errno));
		free(db->path);
		free(db);
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		if (db->h == NULL)
			xerr_set(e, XE_STATE, "%s: out of memory", db->path);
		else
			db_fail(db, e, "open");
		db_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);
	/*
	 * A small lookaside: SQLite's default, 1200 bytes times 100,
	 * written through at open, is 120 KiB of every session's memory.
	 */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_LOOKASIDE, NULL, 128, 32);
	sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL, &keep);
	if (wal(db, e) == -1 ||
	    db_exec(db, "PRAGMA synchronous = FULL", e) == -1 ||
	    db_exec(db, "PRAGMA mmap_size = " DB_MMAP_BYTES, e) == -1 ||
	    migrate(db, e) == -1) {
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void
db_release(struct db *db)
{
	sqlite3_db_release_memory(db->h);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_stmts_free(db);
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

/*
 * WAL mode, which the file keeps once set: xlshd sets it before it
 * listens.  Setting it takes an exclusive lock and does not wait for
 * one, so a session that finds it set leaves it, and one that races
 * another to set it tries again for a while.
 */
static int
wal(struct db *db, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 tries, rc = SQLITE_BUSY, is_wal = 0;

	for (tries = 0; tries < 1000 && !is_wal; tries++) {
		st = db_prepare(db, tries == 0 ? "PRAGMA journal_mode" :
		    "PRAGMA journal_mode = WAL");
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			is_wal = sqlite3_stricmp((const char *)
			    sqlite3_column_text(st, 0), "wal") == 0;
		db_done(db, st);
		if (rc != SQLITE_ROW && rc != SQLITE_BUSY)
			break;
		if (!is_wal && tries > 0)
			usleep(10000);
	}
	if (!is_wal)
		return db_fail(db, e, "PRAGMA journal_mode = WAL");
	return 0;
}

/* PRAGMA user_version: 0, or -1 with e set. */
static int
user_version(struct db *db, int *v, struct xerr *e)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_prepare(db, "PRAGMA user_version");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	db_done(db, st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, e, "user_version");
}

/*
 * Bring the schema to this program's version, one step at a time.  A
 * database already there is only read: the sessions that open it
 * together then take no write lock.
 */
static int
migrate(struct db *db, struct xerr *e)
{
	char	sql[64];
	int	v;

	if (user_version(db, &v, e) == -1)
		return -1;
	if (v == SCHEMA_VERSION)
		return 0;
	if (db_begin(db, e) == -1)
		return -1;
	if (user_version(db, &v, e) == -1)
		goto fail;
	if (v > SCHEMA_VERSION) {
		xerr_set(e, XE_STATE, "%s: schema version %d is newer than "
		    "this xlshd's (%d); the file was left as it is",
		    db->path, v, SCHEMA_VERSION);
		goto fail;
	}
	for (; v < SCHEMA_VERSION; v++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (db_exec(db, schema[v], e) == -1 ||
		    db_exec(db, sql, e) == -1)
			goto fail;
	}
	return db_end(db, 1, e);
fail:
	db_end(db, 0, NULL);
	return -1;
}

int
db_begin(struct db *db, struct xerr *e)
{
	return begin(db, "BEGIN IMMEDIATE", e);
}

int
db_begin_read(struct db *db, struct xerr *e)
{
	return begin(db, "BEGIN", e);
}

static int
begin(struct db *db, const char *outer, struct xerr *e)
{
	char	sql[32];

	if (db->depth == 0)
		snprintf(sql, sizeof(sql), "%s", outer);
	else
		snprintf(sql, sizeof(sql), "SAVEPOINT s%d", db->depth);
	if (exec1(db, sql, e) == -1)
		return -1;
	db->depth++;
	return 0;
}

/*
 * End the innermost transaction: commit (or release) it, or roll it
 * back.  A failed commit rolls back.  e may be NULL when rolling back.
 */
int
db_end(struct db *db, int commit, struct xerr *e)
{
	struct xerr	ignore;
	char		sql[64];
	int		rv = 0;

	if (db->depth == 0)
		fatalx("db_end without db_begin");
	if (e == NULL)
		e = &ignore;
	db->depth--;
	if (db->depth == 0) {
		if (commit && exec1(db, "COMMIT", e) == 0)
			return 0;
		rv = commit ? -1 : 0;
		if (sqlite3_get_autocommit(db->h) == 0)
			exec1(db, "ROLLBACK", &ignore);
		return rv;
	}
	if (!commit) {
		snprintf(sql, sizeof(sql), "ROLLBACK TO s%d", db->depth);
		if (exec1(db, sql, e) == -1)
			return -1;
	}
	snprintf(sql, sizeof(sql), "RELEASE s%d", db->depth);
	return exec1(db, sql, e);
}
