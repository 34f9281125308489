/*
 * The audit log: one JSON line per request, hash-chained.
 * The functions are auditlog_*: libpam links libaudit, whose audit_open()
 * and friends a function of the same name in xlshd would take over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef AUDIT_H
#define AUDIT_H

#include <stddef.h>
#include <stdio.h>

#define AUDIT_LINE_MAX	4096	/* bytes in a record, its newline included */
#define HEXLEN		64	/* a SHA-256 in hex */

/* One record.  NULL members are written as JSON null. */
struct audit_rec {
	const char	*session;	/* the session's id (hex) */
	long		 peer_uid;	/* from SO_PEERCRED */
	const char	*member;	/* NULL before login */
	const char	*role;		/* NULL: none yet */
	const char	*verb;		/* a verb, or "login", "logout", ... */
	const char	*target;	/* NULL: none */
	const char	*decision;	/* "permit" or "deny" */
	const char	*result;	/* "ok", or the error message */
	/*
	 * 1: a request that only read, or a change's outcome after its
	 * "acting" record.  Its line is written (it survives the helper's
	 * death) but not fsynced: the next record that is makes it durable
	 * too.
	 */
	int		 nosync;
};

/*
 * auditlog_open opens the file, as auditlog_write does for each record
 * (so that a record goes to the file the name now names: logrotate may
 * have moved the old one), and returns a descriptor, or -1 with a
 * message.
 */
int	auditlog_open(const char *, char *, size_t);
int	auditlog_write(const char *, const struct audit_rec *, char *,
	    size_t);
int	auditlog_verify(const char *, int, char **, const char *, FILE *);
void	auditlog_syslog(int);
void	auditlog_seal(const char *);

/* audit_seal.c: the file against the ends of chains said elsewhere. */
int	auditlog_against(const char *, const char *, FILE *);

/*
 * audit_record.c, for audit.c: a record made into its line, the hash
 * that ends a line, and the check of one line.
 */
int	auditlog_make_line(const struct audit_rec *, const char *, char *,
	    size_t *, char *, size_t);
int	auditlog_line_hash(const char *, size_t, char *);
int	auditlog_check_line(const char *, size_t, size_t, const char *,
	    char *, char *, size_t);

#endif /* AUDIT_H */
