/*
 * xlsh's xl.cfg reader (src/backend/cfgread.c) beside libxlutil 4.17,
 * the reader it replaced: both are given the fuzz corpus, the shipped
 * templates, the Xen test bed's guest, inputs made to be awkward
 * (escapes, +=, empty lists, trailing commas, comments, CRLF, NUL
 * bytes, huge numbers, unterminated strings, lists nested until
 * libxlutil's parser runs out of stack) and thousands of their
 * mutations, and must accept and refuse the same, refuse with the same
 * first line of complaint, and accept with the same value for every
 * key (fuzz/cfgdiff.c).  libxlutil is linked into this test only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "cfgdiff.h"
#include "common/paths.h"
#include "common/proto.h"
#include "common/xlsh.h"
#include "tap.h"

#define MUTANTS		20000
#define BIG		(XLSH_CONFIG_MAX - 64)

/* An input written here, and what libxlutil does with it. */
struct tricky {
	const char	*what;
	const char	*text;
	int		 accept;
};

static const struct tricky tricky[] = {
	{ "empty file", "", 1 },
	{ "only newlines and semicolons", "\n\n;;\n;", 1 },
	{ "no newline at the end", "name = \"x\"", 1 },
	{ "two on a line", "a = 1; b = \"2\";", 1 },
	{ "double quotes", "a = \"it's\"\n", 1 },
	{ "single quotes", "a = 'say \"hi\"'\n", 1 },
	{ "escapes", "a = \"\\\" \\' \\\\ \\a\\b\\f\\n\\r\\t\\v\"\n", 1 },
	{ "an octal escape, dropped", "a = \"x\\123y\"\n", 1 },
	{ "an octal escape with blanks and a sign", "a = \"\\1 +5z\"\n", 1 },
	{ "a short octal escape", "a = \"\\12\"\n", 0 },
	{ "a hex escape", "a = \"\\x41\"\n", 0 },
	{ "an unknown escape", "a = \"\\q\"\n", 0 },
	{ "a backslash at the line's end", "a = \"x\\\ny\"\n", 0 },
	{ "an unterminated string", "name = \"q\nmemory = 1\n", 0 },
	{ "an unterminated string at the end", "name = 'q", 0 },
	{ "a string with a CR", "a = \"x\ry\"\n", 1 },
	{ "a string with high bytes", "a = \"caf\xc3\xa9\"\n", 1 },
	{ "numbers kept as text", "a = 0x1f\nb = 007\nc = 1e5\n", 1 },
	{ "a huge number", "memory = 99999999999999999999999999999999\n", 1 },
	{ "a number then a name", "a = 12g\n", 0 },
	{ "a decimal point", "a = 1.5\n", 0 },
	{ "a lone byte at the very end is dropped", "a = 1.", 1 },
	{ "so is a lone #", "a = 1\n#", 1 },
	{ "but not a comment without its newline", "a = 1\n# c", 0 },
	{ "a comment after a value", "a = 1 # one\n", 1 },
	{ "a comment alone", "# only\n  # indented\n", 1 },
	{ "a comment where a value should be", "a = # c\n", 0 },
	{ "CRLF", "name = \"x\"\r\nmemory = 1\r\n", 0 },
	{ "CRLF after a comment", "# c\r\nname = \"x\"\n", 1 },
	{ "a capital", "Name = \"x\"\n", 0 },
	{ "dots and underscores in keys", "a.b_c9 = 1\n", 1 },
	{ "python", "a = range(3)\n", 0 },
	{ "an empty list", "a = []\nb = [\n]\n", 1 },
	{ "a trailing comma", "a = [1, 2,]\n", 1 },
	{ "a trailing comma and newlines", "a = [\n1,\n2\n,\n]\n", 1 },
	{ "a lone comma", "a = [,]\n", 0 },
	{ "two commas", "a = [1,,2]\n", 0 },
	{ "no comma", "a = [1 2]\n", 0 },
	{ "a name in a list", "a = [b]\n", 0 },
	{ "an unterminated list", "a = [1,\n\n", 0 },
	{ "nested lists", "a = [[1, 2], \"x\", []]\n", 1 },
	{ "the last value wins", "a = 1\na = \"2\"\n", 1 },
	{ "a list then a value", "a = [1]\na = 2\n", 1 },
	{ "+= on strings", "a = \"x\"\na += \"y\"\na += 3\n", 1 },
	{ "+= on lists", "a = [1]\na += [2]\na += [3, [4]]\n", 1 },
	{ "+= on nothing", "a += \"x\"\nb += [1]\n", 1 },
	{ "+= of a list to a string", "a = \"s\"\na += [1,\n2\n]\n", 0 },
	{ "+= of a string to a list", "a = []\na += \"s\"\n", 0 },
	{ "+= after =", "a = [\"x\"]\nb = 1\na += []\n", 1 },
	{ "a space in +=", "a + = 1\n", 0 },
	{ "no value", "a =\n", 0 },
	{ "no value at the end", "a =", 0 },
	{ "no =", "a\n", 0 },
	{ "two =", "a = = 1\n", 0 },
	{ "two values", "a = 1 2\n", 0 },
	{ "a value first", "1 = a\n", 0 },
	{ "a bracket after a value", "a = 1 ]\n", 0 },
	{ "an error after good lines", "a = 1\nb = 2\nc = @\n", 0 },
	{ "a lexical error at the line's end", "a = 1$\nb = 2\n", 0 },
	{ "a tab and a blank", "\ta\t=\t1 \t;\n", 1 },
	{ "a vertical tab", "a = 1\v\n", 0 },
	{ "devices", "name = \"d\"\ndisk = [ 'phy:/dev/vg/d,xvda,w' ]\n"
	    "vif = [ 'bridge=xenbr0,script=vif-bridge' ]\n", 1 },
	{ "a disk that is not a list", "disk = 'phy:/dev/vg/d,xvda,w'\n", 1 },
};

static void	check(const char *, const char *, size_t, int);
static void	check_files(const char *, const char *);
static char	*slurp(const char *, size_t *);
static uint32_t	next(uint32_t *);
static void	mutants(void);
static void	nested(void);
static void	values(void);
static void	messages(void);

/* One input through both readers; accept: 1 or 0, or -1 for either. */
static void
check(const char *what, const char *data, size_t len, int accept)
{
	struct cfgdiff	d;
	int		same;

	same = cfgdiff(data, len, &d) == 0;
	ok(same && (accept == -1 || d.accepted == accept), "%s: %s, %zu "
	    "keys compared%s%s", what, !same ? "the readers differ" :
	    d.accepted ? "accepted by both" : "refused by both", d.nkeys,
	    same ? "" : ": ", same ? "" : d.why);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

/* Every file of a directory of the source tree (or the file named). */
static void
check_files(const char *dir, const char *only)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[4096], *buf;
	size_t		 len;
	int		 n = 0;

	snprintf(path, sizeof(path), "%s/%s", ABS_SRCDIR, dir);
	if ((d = opendir(path)) == NULL) {
		ok(0, "%s: %s", path, "cannot be opened");
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (only != NULL &&
		    strcmp(de->d_name, only) != 0))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", ABS_SRCDIR, dir,
		    de->d_name);
		if ((buf = slurp(path, &len)) == NULL) {
			ok(0, "%s: cannot be read", path);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		check(path, buf, len, -1);
		free(buf);
		n++;
	}
	closedir(d);
	ok(n > 0, "%s: %d files", dir, n);
}

/* A small generator of its own, so that every run tries the same. */
static uint32_t
next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/*
 * The tricky inputs and the corpus's, changed a byte or a few at a
 * time into mostly broken configs: every one must be read alike.
 */
static void
mutants(void)
{
	static const char	 bytes[] = "\"'[]=+;,#\\\n\r\t x1a.-@\0";
	struct cfgdiff		 d;
	char			 buf[512];
	size_t			 len, k, at, i;
	uint32_t		 s = 2463534242u;
	int			 n, bad = 0, accepted = 0, nuls = 0;

	for (n = 0; n < MUTANTS; n++) {
		k = next(&s) % (sizeof(tricky) / sizeof(tricky[0]));
		len = strlen(tricky[k].text);
		memcpy(buf, tricky[k].text, len);
		for (i = next(&s) % 4; i <= 3; i++) {
			at = len == 0 ? 0 : next(&s) % len;
			switch (next(&s) % 3) {
			case 0:
				if (len > 0) {
					memmove(buf + at, buf + at + 1,
					    len - at - 1);
					len--;
				}
				break;
			case 1:
				if (len + 1 < sizeof(buf)) {
					memmove(buf + at + 1, buf + at,
					    len - at);
					len++;
				}
				/* FALLTHROUGH */
			default:
				if (len > 0)
					buf[at] = bytes[next(&s) %
					    (sizeof(bytes) - 1)];
			}
		}
		if (memchr(buf, '\0', len) != NULL)
			nuls++;
		if (cfgdiff(buf, len, &d) == -1) {
			if (bad++ < 5)
				ok(0, "mutant %d: %s", n, d.why);
		} else
			accepted += d.accepted;
	}
	ok(bad == 0, "%d mutants read alike (%d accepted, %d with a NUL "
	    "byte, refused), %d differ", MUTANTS, accepted, nuls, bad);
}

/*
 * Lists inside lists: libxlutil's parser has room for 10000 states
 * and gives up ("memory exhausted") at a depth that depends on what
 * the lists hold; cfgread must give up at the very same byte.  Each
 * pattern is repeated k times and closed k times, every k near where
 * the two depths that matter lie, a sample of the others.  Then long
 * inputs, and every byte value where a value, a key, a string and a
 * comment go.
 */
static void
nested(void)
{
	static const char *const each[] = { "[", "[\n", "[1,", "[1,\n",
	    "[\"x\",\n\n[],", "[[]," };
	struct cfgdiff	 d;
	char		*buf, what[128];
	size_t		 len, n, e;
	int		 k, c, bad, deepest;

	buf = xmalloc(BIG + 1);
	for (e = 0; e < sizeof(each) / sizeof(each[0]); e++) {
		n = strlen(each[e]);
		bad = deepest = 0;
		for (k = 1; k <= 5100 && 2 + (size_t)k * (n + 1) <= BIG;
		    k += (k > 1900 && k < 2100) || k > 4900 ? 1 : 53) {
			memcpy(buf, "a=", 2);
			for (len = 2; len < 2 + (size_t)k * n; len += n)
				memcpy(buf + len, each[e], n);
			memset(buf + len, ']', (size_t)k);
			len += (size_t)k;
			if (cfgdiff(buf, len, &d) == -1) {
				if (bad++ < 3)
					ok(0, "k = %d: %s", k, d.why);
			} else if (d.accepted)
				deepest = k;
		}
		strvis_name(what, sizeof(what), each[e]);
		ok(bad == 0 && deepest > 1000, "lists of \"%s\" read alike, "
		    "the deepest accepted %d deep", what, deepest);
	}
	/* A long list, a long string and a long comment. */
	memcpy(buf, "a = [", 5);
	for (len = 5; len + 4 < BIG; len += 2)
		memcpy(buf + len, "1,", 2);
	buf[len++] = ']';
	check("a list of 16000 numbers", buf, len, 1);
	buf[0] = 'a';
	buf[1] = '=';
	buf[2] = '"';
	memset(buf + 3, 'x', BIG - 4);
	buf[BIG - 1] = '"';
	check("a string of 32 KiB", buf, BIG, 1);
	buf[0] = '#';
	buf[BIG - 1] = '\n';
	check("a comment of 32 KiB", buf, BIG, 1);
	free(buf);

	bad = 0;
	for (c = 1; c < 256; c++) {
		xasprintf(&buf, "a = %c\nb = [%c]\nc = \"%c\"\n#%c\nd = 1 %c\n"
		    "%c", c, c, c, c, c, c);
		for (k = 0; k < 2; k++) {
			if (k == 1)
				buf[0] = (char)c;
			if (cfgdiff(buf, strlen(buf), &d) == -1 && bad++ < 3)
				ok(0, "byte %#x: %s", c, d.why);
		}
		free(buf);
	}
	ok(bad == 0, "every byte but NUL, in a key, a value, a list, a "
	    "string, a comment and at the end, read alike");
	check("a NUL byte in a comment", "a = 1\n# \0\n", 10, 0);
	check("a NUL byte in a string", "a = \"\0\"\n", 8, 0);
}

/* What the reader keeps, said outright. */
static void
values(void)
{
	struct cfgfile		 cfg;
	const struct cfgset	*s;
	char			 err[256];
	const char		*text = "a = \"x\"\na += \"y\" ; n = 0x10\n"
	    "l = [ 'p', [ 'q' ], 3, ]\nl += []\nl += [ \"r\" ]\n"
	    "e = []\na = \"z\" + \"w\"\n";

	ok(cfg_read(&cfg, text, strlen(text), "t.cfg", err,
	    sizeof(err)) == -1 && strcmp(err, "t.cfg:7: config parsing "
	    "error near `+': lexical error") == 0, "a lone + is a lexical "
	    "error: %s", err);
	cfg_free(&cfg);
	text = "a = \"x\"\na += \"y\" ; n = 0x10\n"
	    "l = [ 'p', [ 'q' ], 3, ]\nl += []\nl += [ \"r\" ]\ne = []\n";
	ok(cfg_read(&cfg, text, strlen(text), "t.cfg", err,
	    sizeof(err)) == 0, "a config with +=, lists and a number read%s%s",
	    err[0] != '\0' ? ": " : "", err);
	ok((s = cfg_get(&cfg, "a")) != NULL && !s->list &&
	    strcmp(s->value, "xy") == 0 && s->line == 2, "a += \"y\" appends "
	    "to the string, and the line is the last setting's");
	ok((s = cfg_get(&cfg, "n")) != NULL && strcmp(s->value, "0x10") == 0,
	    "a number is kept as its text");
	ok((s = cfg_get(&cfg, "l")) != NULL && s->list && s->nitems == 4 &&
	    strcmp(s->items[0], "p") == 0 && s->items[1] == NULL &&
	    strcmp(s->items[2], "3") == 0 && strcmp(s->items[3], "r") == 0,
	    "a list: strings, NULL for a list in it, += appends");
	ok((s = cfg_get(&cfg, "e")) != NULL && s->list && s->nitems == 0,
	    "an empty list is a list");
	ok(cfg_get(&cfg, "x") == NULL && cfg.nsets == 4, "four keys, no "
	    "other");
	cfg_free(&cfg);
	ok(cfg_read(&cfg, "a = \"\0\"", 7, "t.cfg", err, sizeof(err)) == -1 &&
	    strcmp(err, "t.cfg: the config contains a NUL byte") == 0,
	    "a NUL byte: %s", err);
	cfg_free(&cfg);
}

/* The errors as xlcfg_parse gives them, in libxlutil's words. */
static void
messages(void)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} m[] = {
		{ "name=\"t\"\nmemory = = 3\n", "web.cfg:2: config parsing "
		    "error near `=': syntax error, unexpected '=', expecting "
		    "STRING or NUMBER or '['" },
		{ "name=\"t\"\nmemory =\n", "web.cfg:1: config parsing error "
		    "near <newline>: syntax error, unexpected NEWLINE, "
		    "expecting STRING or NUMBER or '['" },
		{ "name=\"t\"\r\n", "web.cfg:1: config parsing error near "
		    "`\\015': lexical error" },
		{ "name = \"q\nmemory = 1\n", "web.cfg:1: config parsing "
		    "error near `\"q': lexical error" },
		{ "disk = [ 'a' 'b' ]\n", "web.cfg:1: config parsing error "
		    "near `'b'': syntax error, unexpected STRING, expecting "
		    "']'" },
		{ "name = 'a\\x41'\n", "web.cfg:1: config parsing error near "
		    "`'a\\\\x41'': invalid digit after backslash "
		    "hexnumerical character escape in quoted string" },
		{ "v = [1]\nv += \"s\"\n", "web.cfg:2: config parsing error "
		    "near `\"s\"': can't add [list] to \"string\" or vice "
		    "versa" },
		{ "memory = 1 2\n", "web.cfg:1: config parsing error near "
		    "`2': syntax error, unexpected NUMBER, expecting $end" },
		{ "name = \"t\"\nmemory", "web.cfg:2: config parsing error "
		    "near `': syntax error, unexpected $end, expecting += or "
		    "'='" },
	};
	struct domcfg	dc;
	struct xerr	e;
	size_t		i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		memset(&e, 0, sizeof(e));
		ok(xlcfg_parse(m[i].text, strlen(m[i].text), "web.cfg", &dc,
		    &e) == -1 && strcmp(e.msg, m[i].msg) == 0, "message %zu: "
		    "%s", i, e.msg);
	}
}

int
main(void)
{
	size_t	i;

	for (i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++)
		check(tricky[i].what, tricky[i].text, strlen(tricky[i].text),
		    tricky[i].accept);
	check_files("fuzz/corpus/xlcfg", NULL);
	check_files("etc/templates", NULL);
	check_files("tests/xen", "guest.cfg");
	nested();
	mutants();
	values();
	messages();
	return tap_done();
}
