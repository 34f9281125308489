/*
 * Unit tests of the audit log: the record's form, escaping, the hash
 * chain and what verify makes of tampering, torn writes and concurrent
 * writers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <dirent.h>
#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yajl/yajl_tree.h>

#include "common/xlsh.h"
#include "helper/audit.h"
#include "tap.h"

#define ZEROS	"00000000000000000000000000000000" \
		"00000000000000000000000000000000"
#define RC	"\xef\xbf\xbd"	/* U+FFFD */

static char	 dir[] = "/tmp/unit-audit.XXXXXX";
static int	 fsyncs;	/* fsync calls, counted by ours below */
static char	*msg;		/* what the last verify printed */


/* The program's fsync, which audit.c's calls reach: counted. */
int
fsync(int fd)
{
	fsyncs++;
	return (int)syscall(SYS_fsync, fd);
}

static char *
path(const char *name)
{
	static char	buf[8][256];
	static int	i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static int
put(const char *file, const char *verb, const char *target, const char *result)
{
	struct audit_rec	r = {
		.session = "0123456789abcdef", .peer_uid = 1000,
		.member = "alice", .role = "vm-admin", .verb = verb,
		.target = target, .decision = "permit", .result = result,
	};
	char			err[256];

	return auditlog_write(file, &r, err, sizeof(err));
}

/* Append n records; returns how many were written. */
static int
write_n(const char *file, int n)
{
	char	err[256], target[32];
	int	fd, i, good = 0;

	if ((fd = auditlog_open(file, err, sizeof(err))) == -1)
		return 0;
	for (i = 0; i < n; i++) {
		snprintf(target, sizeof(target), "dom%d", i);
		good += put(file, "list", target, "ok") == 0;
	}
	close(fd);
	return good;
}

static int
verify_files(const char *file, int nmore, char **more, const char *against)
{
	FILE	*f;
	size_t	 n;
	int	 rv;

	free(msg);
	if ((f = open_memstream(&msg, &n)) == NULL)
		fatal("open_memstream");
	rv = auditlog_verify(file, nmore, more, against, f);
	fclose(f);
	if (n > 0 && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	return rv;
}

static int
verify_against(const char *file, const char *against)
{
	return verify_files(file, 0, NULL, against);
}

static int
verify(const char *file)
{
	return verify_against(file, NULL);
}

static char *
slurp(const char *file, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(file, "r")) == NULL)
		fatal("%s", file);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void
spill(const char *file, const char *buf, size_t len)
{
	FILE	*f;

	if ((f = fopen(file, "w")) == NULL ||
	    fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		fatal("%s", file);
	chmod(file, 0600);
}

static size_t
count_lines(const char *buf, size_t len)
{
	size_t	i, n = 0;

	for (i = 0; i < len; i++)
		n += buf[i] == '\n';
	return n;
}

/* The start of line k (from 1), and its length without the newline. */
static char *
line_at(char *buf, int k, size_t *len)
{
	char	*p = buf, *nl;

	while (--k > 0 && (p = strchr(p, '\n')) != NULL)
		p++;
	if (p == NULL)
		fatalx("no such line");
	nl = strchr(p, '\n');
	*len = nl != NULL ? (size_t)(nl - p) : strlen(p);
	return p;
}

/* The value of member key ("prev" or "hash") of line k. */
static char *
member_of(char *buf, int k, const char *key)
{
	static char	 out[65];
	char		 pat[16], *p, *line;
	size_t		 len;

	line = line_at(buf, k, &len);
	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	if ((p = strstr(line, pat)) == NULL || p > line + len)
		return "";
	snprintf(out, sizeof(out), "%.64s", p + strlen(pat));
	return out;
}

static void
test_chain(void)
{
	static const char *keys[] = { "{\"time\":\"", ",\"session\":",
		",\"peer_uid\":1000,", ",\"member\":", ",\"role\":",
		",\"verb\":", ",\"target\":", ",\"decision\":", ",\"result\":",
		",\"prev\":", ",\"hash\":" };
	char		*buf, *line, *p, *q, hash[65];
	size_t		 len, n, i;
	struct stat	 st;
	SHA2_CTX	 ctx;
	int		 ordered = 1;

	ok(write_n(path("chain"), 50) == 50, "50 records written");
	ok(verify(path("chain")) == 0 &&
	    strstr(msg, "50 records, chain intact") != NULL, "%s", msg);
	buf = slurp(path("chain"), &len);
	ok(count_lines(buf, len) == 50 && buf[len - 1] == '\n',
	    "one line per record");
	ok(stat(path("chain"), &st) == 0 && (st.st_mode & 07777) == 0600,
	    "the file is created with mode 0600");
	ok(strcmp(member_of(buf, 1, "prev"), ZEROS) == 0,
	    "the first line's prev is 64 zeros");
	ok(strcmp(member_of(buf, 2, "prev"), member_of(buf, 1, "hash")) == 0,
	    "the second line's prev is the first line's hash");

	line = line_at(buf, 1, &n);
	for (i = 0, p = line; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((q = strstr(p, keys[i])) == NULL || q > line + n)
			ordered = 0;
		else
			p = q;
	}
	ok(ordered && line[n - 1] == '}', "the members come in order");
	/* As in 2026-11-22T03:57:00.123Z, after {"time":" */
	ok(line[9 + 4] == '-' &&
	    line[9 + 10] == 'T' && line[9 + 19] == '.' && line[9 + 23] == 'Z' &&
	    line[9 + 24] == '"', "the time is RFC 3339 UTC with milliseconds");

	p = strstr(line, ",\"hash\":\"");
	SHA256Init(&ctx);
	SHA256Update(&ctx, (const uint8_t *)line, (size_t)(p - line));
	SHA256Update(&ctx, (const uint8_t *)"}", 1);
	SHA256End(&ctx, hash);
	ok(strcmp(hash, member_of(buf, 1, "hash")) == 0,
	    "hash is SHA-256 of the line without its hash member");
	free(buf);
}

static void
test_hostile(void)
{
	struct audit_rec r = {
		.session = "00ff", .peer_uid = -1, .member = NULL,
		.role = NULL, .verb = "login", .target = NULL,
		.decision = "deny", .result = "bad password",
	};
	static const char head[] = "a\"b\\c\nd\x1b[2Je\xff\xc3(\xc0\xaf"
	    "\xed\xa0\x80\xc2\x9b\xc3\xa9/";
	/* Each byte of a bad sequence is one U+FFFD, a C1 control one. */
	static const char fffd[] = RC RC "(" RC RC RC RC RC RC "\xc3\xa9/";
	char		 err[256], *big, *buf, *line;
	size_t		 len, n, i;
	yajl_val	 doc;
	const char	*t, *res, *mem;
	const char	*tpath[] = { "target", NULL };
	const char	*rpath[] = { "result", NULL };
	const char	*mpath[] = { "member", NULL };
	int		 fd, clean = 1, short_lines = 1, k;

	if ((fd = auditlog_open(path("hostile"), err, sizeof(err))) == -1)
		fatalx("%s", err);
	ok(auditlog_write(path("hostile"), &r, err, sizeof(err)) == 0,
	    "a login record");
	big = xmalloc(10 * 1024 + 1);
	memset(big, 'x', 10 * 1024);
	big[10 * 1024] = '\0';
	memcpy(big, head, sizeof(head) - 1);
	ok(put(path("hostile"), "info", big, "line1\nline2\r\x7f") == 0,
	    "a 10 KB hostile target is written");
	for (i = 0; i < 10 * 1024 - 1; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	r.member = big;
	r.result = big;
	ok(auditlog_write(path("hostile"), &r, err, sizeof(err)) == 0,
	    "a 10 KB member and result of two-byte characters are written");
	close(fd);

	buf = slurp(path("hostile"), &len);
	ok(count_lines(buf, len) == 3, "three records are three lines");
	for (i = 0; i < len; i++)
		if (((unsigned char)buf[i] < 0x20 && buf[i] != '\n') ||
		    buf[i] == 0x7f)
			clean = 0;
	ok(clean, "no raw control character reaches the file");
	for (k = 1; k <= 3; k++) {
		line_at(buf, k, &n);
		short_lines &= n + 1 <= AUDIT_LINE_MAX;
	}
	ok(short_lines, "no line is longer than %d bytes", AUDIT_LINE_MAX);
	ok(verify(path("hostile")) == 0, "%s", msg);
	ok(strstr(buf, "\"member\":null,\"role\":null") != NULL &&
	    strstr(buf, "\"peer_uid\":-1,") != NULL, "NULL members are null");

	line = line_at(buf, 2, &n);
	line[n] = '\0';
	doc = yajl_tree_parse(line, NULL, 0);
	line[n] = '\n';
	t = YAJL_GET_STRING(yajl_tree_get(doc, tpath, yajl_t_string));
	res = YAJL_GET_STRING(yajl_tree_get(doc, rpath, yajl_t_string));
	ok(t != NULL && strncmp(t, "a\"b\\c\nd\x1b[2Je", 12) == 0,
	    "quotes, backslash, newline and ESC come back as they were");
	ok(t != NULL && strncmp(t + 12, fffd, strlen(fffd)) == 0,
	    "invalid UTF-8 and C1 controls become U+FFFD");
	ok(t != NULL && strlen(t) < AUDIT_LINE_MAX &&
	    strcmp(t + strlen(t) - 3, "...") == 0, "the target is cut, "
	    "with \"...\" (%zu bytes)", t != NULL ? strlen(t) : 0);
	ok(res != NULL && strcmp(res, "line1\nline2\r\xef\xbf\xbd") == 0,
	    "the result keeps its newline escaped; DEL becomes U+FFFD");
	yajl_tree_free(doc);

	line = line_at(buf, 3, &n);
	line[n] = '\0';
	doc = yajl_tree_parse(line, NULL, 0);
	mem = YAJL_GET_STRING(yajl_tree_get(doc, mpath, yajl_t_string));
	t = YAJL_GET_STRING(yajl_tree_get(doc, rpath, yajl_t_string));
	ok(mem != NULL && strlen(mem) <= 256 && t != NULL &&
	    strlen(t) > 1000 && (strlen(t) - 3) % 2 == 0 &&
	    strcmp(t + strlen(t) - 5, "\xc3\xa9...") == 0,
	    "long strings are cut between characters (member %zu, result %zu)",
	    mem != NULL ? strlen(mem) : 0, t != NULL ? strlen(t) : 0);
	yajl_tree_free(doc);
	free(buf);
	free(big);
}

/* Copy the 50-record chain, change it, and verify the copy. */
static int
tamper(const char *name, int (*edit)(char *, size_t))
{
	char	*buf;
	size_t	 len;

	buf = slurp(path("chain"), &len);
	len = (size_t)edit(buf, len);
	spill(path(name), buf, len);
	free(buf);
	return verify(path(name));
}

static int
modify(char *buf, size_t len)
{
	char	*line, *p;
	size_t	 n;

	line = line_at(buf, 20, &n);
	p = strstr(line, "\"verb\":\"list\"");
	p[8] = 'L';
	return (int)len;
}

static int
remove30(char *buf, size_t len)
{
	char	*line;
	size_t	 n;

	line = line_at(buf, 30, &n);
	memmove(line, line + n + 1, len - (size_t)(line + n + 1 - buf));
	return (int)(len - n - 1);
}

static int
remove1(char *buf, size_t len)
{
	size_t	n;

	line_at(buf, 1, &n);
	memmove(buf, buf + n + 1, len - n - 1);
	return (int)(len - n - 1);
}

static int
swap(char *buf, size_t len)
{
	char	*a, *b, *tmp;
	size_t	 na, nb;

	a = line_at(buf, 10, &na);
	b = line_at(buf, 11, &nb);
	tmp = xmalloc(na + nb + 2);
	memcpy(tmp, b, nb + 1);
	memcpy(tmp + nb + 1, a, na + 1);
	memcpy(a, tmp, na + nb + 2);
	free(tmp);
	return (int)len;
}

static int
cut(char *buf, size_t len)
{
	return (int)len - 20;
}

static int
cut_newline(char *buf, size_t len)
{
	return (int)len - 1;
}

static int
garbage(char *buf, size_t len)
{
	buf[len - 2] = 'x';
	return (int)len;
}

static void
test_tamper(void)
{
	char	*buf;
	size_t	 len;
	int	 fd;
	char	 err[256];

	ok(tamper("modified", modify) == 1 &&
	    strstr(msg, "modified:20: hash mismatch") != NULL, "%s", msg);
	ok(tamper("removed", remove30) == 1 &&
	    strstr(msg, "removed:30: prev does not match line 29") != NULL,
	    "%s", msg);
	ok(tamper("swapped", swap) == 1 &&
	    strstr(msg, "swapped:10: prev does not match") != NULL, "%s", msg);
	ok(tamper("head", remove1) == 1 &&
	    strstr(msg, "head:1: prev is not zero") != NULL, "%s", msg);

	ok(tamper("torn", cut) == 1 &&
	    strstr(msg, "torn:50: incomplete last line") != NULL, "%s", msg);
	ok(write_n(path("torn"), 1) == 1,
	    "auditlog_write goes on after a torn line");
	buf = slurp(path("torn"), &len);
	ok(count_lines(buf, len) == 51 && buf[len - 1] == '\n' &&
	    strncmp(line_at(buf, 51, &len), "{\"time\":", 8) == 0,
	    "the new record has a line of its own");
	ok(strcmp(member_of(buf, 51, "prev"), member_of(buf, 49, "hash")) == 0,
	    "and chains on from the last whole line");
	free(buf);
	ok(verify(path("torn")) == 1 &&
	    strstr(msg, "torn:50: not a JSON object") != NULL, "%s", msg);

	ok(tamper("newline", cut_newline) == 1 &&
	    strstr(msg, "newline:50: incomplete last line") != NULL,
	    "%s", msg);
	ok(write_n(path("newline"), 1) == 1 && verify(path("newline")) == 0 &&
	    strstr(msg, "51 records") != NULL,
	    "a record that lost only its newline stays in the chain: %s", msg);

	ok(tamper("garbage", garbage) == 1 &&
	    strstr(msg, "garbage:50: not a JSON object") != NULL, "%s", msg);
	ok(write_n(path("garbage"), 1) == 1, "auditlog_write goes on after a "
	    "line that is not a record");
	buf = slurp(path("garbage"), &len);
	ok(strcmp(member_of(buf, 51, "prev"), ZEROS) == 0,
	    "and starts the chain again from zeros");
	free(buf);

	fd = auditlog_open(path("empty"), err, sizeof(err));
	close(fd);
	ok(verify(path("empty")) == 0 && strstr(msg, "0 records") != NULL,
	    "%s", msg);
	ok(verify(path("absent")) == 2, "a missing file: %s", msg);
}

static void
test_concurrent(void)
{
	pid_t	 pid[4];
	char	*buf;
	size_t	 len;
	int	 i, status, good = 0;

	for (i = 0; i < 4; i++) {
		if ((pid[i] = fork()) == -1)
			fatal("fork");
		if (pid[i] == 0)
			_exit(write_n(path("conc"), 100) == 100 ? 0 : 1);
	}
	for (i = 0; i < 4; i++)
		if (waitpid(pid[i], &status, 0) == pid[i] &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			good++;
	ok(good == 4, "4 processes wrote 100 records each");
	buf = slurp(path("conc"), &len);
	ok(count_lines(buf, len) == 400, "400 lines");
	free(buf);
	ok(verify(path("conc")) == 0 &&
	    strstr(msg, "400 records, chain intact") != NULL, "%s", msg);
}

/*
 * A rotation (logrotate's rename and create) with writers before and
 * after it: the new file goes on from the old one's last record, and
 * the two verify as one chain, in their order and only in it.
 */
static void
test_rotate(void)
{
	char	*files[2];
	pid_t	 pid;
	int	 status;

	ok(write_n(path("rot"), 5) == 5, "5 records before the rotation");
	if (rename(path("rot"), path("rot.1")) == -1)
		fatal("rename");
	/* Another process, as another session of the helper would be. */
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid == 0)
		_exit(write_n(path("rot"), 3) == 3 ? 0 : 1);
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0, "3 records after it, in a new file");
	files[0] = path("rot");
	ok(verify_files(path("rot.1"), 1, files, NULL) == 0 &&
	    strstr(msg, "rot.1: 5 records, chain intact\n") != NULL &&
	    strstr(msg, "/rot: 3 records, chain intact") != NULL,
	    "the old file and the new verify as one chain: %s", msg);
	ok(verify(path("rot")) == 1 &&
	    strstr(msg, "rot:1: prev is not zero") != NULL,
	    "the new file alone does not start a chain: %s", msg);
	files[0] = path("rot.1");
	ok(verify_files(path("rot"), 1, files, NULL) == 1,
	    "the two in the wrong order do not verify: %s", msg);
	files[0] = path("conc");
	ok(verify_files(path("rot.1"), 1, files, NULL) == 1 &&
	    strstr(msg, "conc:1: does not go on from") != NULL,
	    "nor another log after the old file: %s", msg);
	files[0] = path("rot");
	files[1] = path("rot");
	ok(verify_files(path("rot.1"), 2, files, NULL) == 1,
	    "nor the new file twice: %s", msg);
}

static void
test_open(void)
{
	char	err[256];
	int	fd;

	err[0] = '\0';
	ok(auditlog_open(dir, err, sizeof(err)) == -1 && err[0] != '\0',
	    "a directory is refused: %s", err);
	if (symlink(path("chain"), path("link")) == -1)
		fatal("symlink");
	ok(auditlog_open(path("link"), err, sizeof(err)) == -1,
	    "a symbolic link is refused: %s", err);
	if (mkfifo(path("fifo"), 0600) == -1)
		fatal("mkfifo");
	ok(auditlog_open(path("fifo"), err, sizeof(err)) == -1 &&
	    strstr(err, "not a regular file") != NULL,
	    "a FIFO is refused: %s", err);
	if ((fd = auditlog_open(path("groupw"), err, sizeof(err))) != -1)
		close(fd);
	chmod(path("groupw"), 0660);
	ok(auditlog_open(path("groupw"), err, sizeof(err)) == -1 &&
	    strstr(err, "writable by group") != NULL,
	    "a group-writable file is refused: %s", err);
}

/*
 * Whoever can write the file can make its chain again after a change;
 * the end of each session's chain, said elsewhere, shows it.
 */
static void
test_seal(void)
{
	char	*buf, *h, *p, seal[256];
	size_t	 len;

	unlink(path("seal.log"));
	unlink(path("forged.log"));
	write_n(path("seal.log"), 5);
	buf = slurp(path("seal.log"), &len);
	for (h = NULL, p = buf; (p = strstr(p, "\"hash\":\"")) != NULL; p++)
		h = p;
	ok(h != NULL, "the last line has its hash");
	snprintf(seal, sizeof(seal), "2026-12-01T00:00:00 xlshd[1]: audit "
	    "chain: session 0123456789abcdef ends at %.64s\n"
	    "audit chain: session fedcba9876543210 ends at %.64s\n",
	    h != NULL ? h + 8 : "", ZEROS);
	free(buf);
	spill(path("seal.txt"), seal, strlen(seal));
	ok(verify_against(path("seal.log"), path("seal.txt")) == 0 &&
	    strstr(msg, "the ends of 1 session in") != NULL,
	    "the file has the end its session's seal says: %s", msg);

	/* The same records written again: a chain intact, but not that one. */
	write_n(path("forged.log"), 5);
	ok(verify(path("forged.log")) == 0, "a file made again has an intact "
	    "chain");
	ok(verify_against(path("forged.log"), path("seal.txt")) == 1 &&
	    strstr(msg, "session 0123456789abcdef") != NULL &&
	    strstr(msg, "made again") != NULL,
	    "but not the end said elsewhere: %s", msg);

	/* Its last line removed: a shorter chain, still intact. */
	buf = slurp(path("seal.log"), &len);
	len--;
	while (len > 0 && buf[len - 1] != '\n')
		len--;
	spill(path("forged.log"), buf, len);
	free(buf);
	ok(verify(path("forged.log")) == 0 &&
	    verify_against(path("forged.log"), path("seal.txt")) == 1,
	    "a file cut short fails too: %s", msg);
	ok(verify_against(path("seal.log"), path("nosuch.txt")) == 2,
	    "a log that cannot be read: %s", msg);
	unlink(path("seal.txt"));
}

/*
 * A read's record is written but not fsynced; the next record that is
 * fsynced makes both durable.  Both are in the file at once.
 */
static void
test_nosync(void)
{
	struct audit_rec	r = {
		.session = "0123456789abcdef", .peer_uid = 1000,
		.member = "alice", .role = "vm-admin", .verb = "list",
		.decision = "permit", .result = "ok", .nosync = 1,
	};
	char			err[256];
	int			n;

	n = fsyncs;
	ok(auditlog_write(path("nosync"), &r, err, sizeof(err)) == 0 &&
	    fsyncs == n, "a read's record is written without an fsync");
	ok(verify(path("nosync")) == 0 && strstr(msg, "1 record,") != NULL,
	    "and is in the file at once");
	r.verb = "destroy";
	r.nosync = 0;
	ok(auditlog_write(path("nosync"), &r, err, sizeof(err)) == 0 &&
	    fsyncs == n + 1, "a change's record is fsynced");
	ok(verify(path("nosync")) == 0 && strstr(msg, "2 records,") != NULL,
	    "after the read's, chained to it");
}

int
main(void)
{
	DIR		*d;
	struct dirent	*de;

	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp");
	auditlog_syslog(0);
	test_chain();
	test_hostile();
	test_tamper();
	test_concurrent();
	test_rotate();
	test_open();
	test_seal();
	test_nosync();
	/* Every file made, the chains' heads (NAME.head) among them. */
	if ((d = opendir(dir)) == NULL)
		fatal("%s", dir);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			unlink(path(de->d_name));
	closedir(d);
	rmdir(dir);
	free(msg);
	return tap_done();
}
