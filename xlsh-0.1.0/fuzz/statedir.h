/*
 * A state directory of the fuzz harnesses that read the database: one
 * per process, made on first use under TMPDIR and removed at exit,
 * with the helper's database opened (made and migrated) in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef FUZZ_STATEDIR_H
#define FUZZ_STATEDIR_H

struct db;

/* The directory; *db its open database.  Exits if either cannot be. */
const char	*fuzz_statedir(struct db **);

#endif /* FUZZ_STATEDIR_H */
