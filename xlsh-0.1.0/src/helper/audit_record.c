/*
 * One record of the audit log (audit.c describes the log): its members,
 * written as a line of JSON with yajl and ended by its SHA-256 hash, and
 * the check of one line that auditlog_verify makes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "audit.h"
#include "common/xlsh.h"

#define HASH_KEY	",\"hash\":\""
#define SUFFIX_LEN	(sizeof(HASH_KEY) - 1 + HEXLEN + 2)

enum jtype { J_STR, J_STRNULL, J_INT, J_HEX };
enum { F_TIME, F_SESSION, F_UID, F_MEMBER, F_ROLE, F_VERB, F_TARGET,
    F_DECISION, F_RESULT, F_PREV, F_HASH, F__COUNT };

/*
 * The members of a record, in their order.  The caps on the JSON size
 * of the strings add up to 3456 bytes, which with the names, the time,
 * the uid and the hashes (some 300 bytes) keeps a line within
 * AUDIT_LINE_MAX.
 */
static const struct {
	const char	*name;
	enum jtype	 type;
	size_t		 max;
} fields[F__COUNT] = {
	[F_TIME] = { "time", J_STR, 0 },
	[F_SESSION] = { "session", J_STR, 64 },
	[F_UID] = { "peer_uid", J_INT, 0 },
	[F_MEMBER] = { "member", J_STRNULL, 128 },
	[F_ROLE] = { "role", J_STRNULL, 64 },
	[F_VERB] = { "verb", J_STR, 64 },
	[F_TARGET] = { "target", J_STRNULL, 1024 },
	[F_DECISION] = { "decision", J_STR, 64 },
	[F_RESULT] = { "result", J_STR, 2048 },
	[F_PREV] = { "prev", J_HEX, 0 },
	[F_HASH] = { "hash", J_HEX, 0 },
};

static size_t	utf8_seq(const unsigned char *);
static char	*clean(const char *, size_t);
static int	 is_hex(const char *, size_t);
static void	 body_hash(const char *, size_t, char *);
static int	 type_ok(yajl_val, enum jtype);

/* The length of the well-formed UTF-8 sequence at p, or 0. */
static size_t
utf8_seq(const unsigned char *p)
{
	uint32_t	cp;
	size_t		n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * A copy of s that is well-formed UTF-8 and whose JSON form, quotes
 * aside, takes at most max bytes.  Bytes that are not UTF-8, DEL and
 * the C1 controls (which some terminals obey) become U+FFFD; yajl
 * escapes the C0 controls.  A string cut short, between characters,
 * ends in "...".
 */
static char *
clean(const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out, *q, *mark;
	size_t			 n, c, cost = 0;
	int			 bad;

	q = mark = out = xmalloc(3 * strlen(s) + 4);
	for (; *p != '\0'; p += n) {
		n = utf8_seq(p);
		bad = n == 0 || *p == 0x7f || (n == 2 && *p == 0xc2 &&
		    p[1] < 0xa0);
		if (bad)
			c = 3;
		else if (n == 1)
			c = *p < 0x20 ? 6 : *p == '"' || *p == '\\' ? 2 : 1;
		else
			c = n;
		if ((cost += c) > max) {
			memcpy(mark, "...", 3);
			q = mark + 3;
			break;
		}
		if (bad) {
			memcpy(q, "\xef\xbf\xbd", 3);
			q += 3;
			n = n == 0 ? 1 : n;
		} else {
			memcpy(q, p, n);
			q += n;
		}
		if (cost + 3 <= max)
			mark = q;
	}
	*q = '\0';
	return out;
}

static int
is_hex(const char *s, size_t n)
{
	for (; n > 0; s++, n--)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* Copy the hash that ends a record's text (no newline) into hash. */
int
auditlog_line_hash(const char *line, size_t len, char *hash)
{
	const char	*h;

	if (len < SUFFIX_LEN)
		return -1;
	h = line + len - SUFFIX_LEN + sizeof(HASH_KEY) - 1;
	if (memcmp(line + len - SUFFIX_LEN, HASH_KEY, sizeof(HASH_KEY) - 1) ||
	    !is_hex(h, HEXLEN) || memcmp(h + HEXLEN, "\"}", 2) != 0)
		return -1;
	memcpy(hash, h, HEXLEN);
	hash[HEXLEN] = '\0';
	return 0;
}

/* The hash of a record: its text up to ,"hash": then a closing brace. */
static void
body_hash(const char *body, size_t len, char *hash)
{
	SHA2_CTX	ctx;

	SHA256Init(&ctx);
	SHA256Update(&ctx, (const uint8_t *)body, len);
	SHA256Update(&ctx, (const uint8_t *)"}", 1);
	SHA256End(&ctx, hash);
}

/* Write the record into out (AUDIT_LINE_MAX bytes), newline included. */
int
auditlog_make_line(const struct audit_rec *r, const char *prev, char *out,
    size_t *lenp, char *err, size_t errlen)
{
	const char		*in[F__COUNT] = { [F_SESSION] = r->session,
	    [F_MEMBER] = r->member, [F_ROLE] = r->role, [F_VERB] = r->verb,
	    [F_TARGET] = r->target, [F_DECISION] = r->decision,
	    [F_RESULT] = r->result, [F_PREV] = prev };
	char			*own[F__COUNT] = { NULL };
	char			 now[32], hash[SHA256_DIGEST_STRING_LENGTH];
	const unsigned char	*buf;
	uint64_t		 ms = now_ms();
	time_t			 t = (time_t)(ms / 1000);
	struct tm		 tm;
	size_t			 len, i;
	yajl_gen		 g;
	int			 bad;

	len = strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%S",
	    gmtime_r(&t, &tm));
	snprintf(now + len, sizeof(now) - len, ".%03uZ", (unsigned)(ms % 1000));
	in[F_TIME] = now;
	for (i = 0; i < F__COUNT; i++) {
		if (in[i] == NULL && fields[i].type == J_STR)
			fatalx("audit: a record without %s", fields[i].name);
		if (in[i] != NULL && fields[i].max > 0)
			in[i] = own[i] = clean(in[i], fields[i].max);
	}

	if ((g = yajl_gen_alloc(NULL)) == NULL)
		fatalx("yajl_gen_alloc");
	yajl_gen_config(g, yajl_gen_validate_utf8, 1);
	bad = yajl_gen_map_open(g);
	for (i = 0; i < F__COUNT && !bad; i++) {
		if (i == F_HASH) {
			yajl_gen_get_buf(g, &buf, &len);
			body_hash((const char *)buf, len, hash);
			in[i] = hash;
		}
		bad = yajl_gen_string(g, (const unsigned char *)fields[i].name,
		    strlen(fields[i].name));
		if (bad)
			break;
		if (i == F_UID)
			bad = yajl_gen_integer(g, r->peer_uid);
		else if (in[i] == NULL)
			bad = yajl_gen_null(g);
		else
			bad = yajl_gen_string(g, (const unsigned char *)in[i],
			    strlen(in[i]));
	}
	bad = bad || yajl_gen_map_close(g) || yajl_gen_get_buf(g, &buf, &len);
	/* The caps make a long line impossible; a newline, doubly so. */
	if (!bad && len < AUDIT_LINE_MAX && memchr(buf, '\n', len) == NULL) {
		memcpy(out, buf, len);
		out[len] = '\n';
		*lenp = len + 1;
	} else {
		snprintf(err, errlen, "audit: cannot generate the record");
		bad = 1;
	}
	yajl_gen_free(g);
	for (i = 0; i < F__COUNT; i++)
		free(own[i]);
	return bad ? -1 : 0;
}

static int
type_ok(yajl_val v, enum jtype type)
{
	switch (type) {
	case J_STRNULL:
		if (YAJL_IS_NULL(v))
			return 1;
		/* FALLTHROUGH */
	case J_STR:
		return YAJL_IS_STRING(v);
	case J_INT:
		return YAJL_IS_INTEGER(v);
	case J_HEX:
		return YAJL_IS_STRING(v) && strlen(v->u.string) == HEXLEN &&
		    is_hex(v->u.string, HEXLEN);
	}
	return 0;
}

/* Check one line, without its newline; if good, its hash is in hash. */
int
auditlog_check_line(const char *line, size_t len, size_t lineno,
    const char *prev, char *hash, char *why, size_t whylen)
{
	yajl_val	 doc = NULL, *v;
	char		 raw[HEXLEN + 1];
	size_t		 i;
	int		 rv = -1;

	if (strlen(line) == len)
		doc = yajl_tree_parse(line, NULL, 0);
	if (!YAJL_IS_OBJECT(doc)) {
		snprintf(why, whylen, "not a JSON object");
		goto out;
	}
	v = doc->u.object.values;
	for (i = 0; i < F__COUNT; i++) {
		if (i >= doc->u.object.len || !type_ok(v[i], fields[i].type) ||
		    strcmp(doc->u.object.keys[i], fields[i].name) != 0) {
			snprintf(why, whylen, "not an audit record: \"%s\" is "
			    "missing, misplaced or malformed", fields[i].name);
			goto out;
		}
	}
	if (doc->u.object.len != F__COUNT ||
	    auditlog_line_hash(line, len, raw) == -1) {
		snprintf(why, whylen, "not an audit record: it does not end "
		    "in its hash");
		goto out;
	}
	body_hash(line, len - SUFFIX_LEN, hash);
	if (strcmp(raw, hash) != 0)
		snprintf(why, whylen, "hash mismatch: the line was modified");
	else if (strcmp(v[F_PREV]->u.string, prev) != 0 && lineno == 1)
		snprintf(why, whylen, "prev is not zero: lines before it "
		    "were removed");
	else if (strcmp(v[F_PREV]->u.string, prev) != 0)
		snprintf(why, whylen, "prev does not match line %zu: a line "
		    "before it was removed or changed", lineno - 1);
	else
		rv = 0;
out:
	yajl_tree_free(doc);
	return rv;
}
