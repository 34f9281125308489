/*
 * The helper's database's schema (db.c migrates it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>

#include "db.h"

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
const char *const db_schema[] = {
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
	 * 5: the simulated host's vcpu-pin affinities (hard and soft, as
	 * xl prints them) and sched-credit2 parameters, a row only where
	 * a domain's differ from Xen's defaults (every cpu; weight 256,
	 * cap 0), gone with the domain; and whether dmesg -c has emptied
	 * the hypervisor's console ring.
	 */
	"CREATE TABLE sim_vcpu ("
	"  domid INTEGER NOT NULL,"
	"  vcpu INTEGER NOT NULL,"
	"  hard TEXT NOT NULL,"
	"  soft TEXT NOT NULL,"
	"  PRIMARY KEY (domid, vcpu));"
	"CREATE TABLE sim_sched ("
	"  domid INTEGER PRIMARY KEY NOT NULL,"
	"  weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 65535),"
	"  cap INTEGER NOT NULL CHECK (cap >= 0));"
	"CREATE TABLE sim_ring ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  cleared_ms INTEGER NOT NULL);",
	/*
	 * 6: saved images.  image: its file STATE_DIR/images/FILE.save
	 * (a uuid the helper chose), owner the saved VM's (NULL: nobody's),
	 * size in bytes, and a copy of the VM's record (has_rec 0: it had
	 * none) and devices ("VOL:VDEV ...", "DEVID:MAC:BRIDGE ..."), from
	 * which restore makes it again if it has gone.  vm.saved: saved
	 * and not restored since; kept while it has no domain.
	 */
	"CREATE TABLE image ("
	"  name TEXT PRIMARY KEY NOT NULL,"
	"  file TEXT NOT NULL UNIQUE,"
	"  owner TEXT,"
	"  size INTEGER NOT NULL,"
	"  has_rec INTEGER NOT NULL CHECK (has_rec IN (0, 1)),"
	"  vm TEXT NOT NULL,"
	"  vm_name TEXT NOT NULL,"
	"  persistent INTEGER NOT NULL CHECK (persistent IN (0, 1)),"
	"  template TEXT,"
	"  config TEXT NOT NULL,"
	"  maxmem_kb INTEGER NOT NULL,"
	"  maxvcpus INTEGER NOT NULL,"
	"  vols TEXT NOT NULL,"
	"  vifs TEXT NOT NULL,"
	"  created_ms INTEGER NOT NULL,"
	"  created_by TEXT NOT NULL);"
	"CREATE INDEX image_owner ON image (owner);"
	"CREATE INDEX image_vm ON image (vm);"
	"ALTER TABLE vm ADD COLUMN saved INTEGER NOT NULL DEFAULT 0"
	"  CHECK (saved IN (0, 1));",
	/*
	 * 7: the members' progress in lessons (xlsh-lessons(5)): steps
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
const int db_nschema = (int)(sizeof(db_schema) / sizeof(db_schema[0]));
