/*
 * Unit tests of saveimg.c, the head of xl's save file that save writes
 * and restore reads, and of valid_image_name: a head written is read
 * back (flags, the configuration, the stream after it), and what xl
 * 4.17 refuses is refused in its words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "common/xlsh.h"
#include "tap.h"

static const char magic[32] = "Xen saved domain, xl format\n \0 \r";

static int	file_of(const void *, size_t);
static int	head(unsigned char *, uint32_t, uint32_t, uint32_t, uint32_t);

/* A file holding these bytes, at its start. */
static int
file_of(const void *p, size_t len)
{
	FILE	*f = tmpfile();
	int	 fd;

	if (f == NULL || (fd = dup(fileno(f))) == -1)
		return -1;
	fclose(f);
	if (write(fd, p, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) == -1)
		return -1;
	return fd;
}

/* xl's 48 bytes: the magic and four words in the host's order. */
static int
head(unsigned char *b, uint32_t order, uint32_t mand, uint32_t opt,
    uint32_t optlen)
{
	uint32_t	w[4] = { order, mand, opt, optlen };

	memcpy(b, magic, sizeof(magic));
	memcpy(b + 32, w, sizeof(w));
	return 48;
}

int
main(void)
{
	struct saveimg	 w, r;
	struct xerr	 e;
	unsigned char	 b[256];
	char		 rest[16];
	const char	*json = "{\"c_info\": {\"name\": \"web\"}}";
	uint32_t	 clen;
	int		 fd, n;

	/* A head with a configuration, and the stream after it. */
	fd = file_of("", 0);
	memset(&e, 0, sizeof(e));
	ok(saveimg_write(fd, json, &w, &e) == 0, "a head is written");
	ok(w.mandatory == 0x3 && w.optional == 0 &&
	    w.optlen == 4 + strlen(json) + 1,
	    "info 0x3/0x0/N, N the JSON's length, its NUL and 4");
	ok(write(fd, "STREAM", 6) == 6, "a stream after it");
	lseek(fd, 0, SEEK_SET);
	ok(saveimg_read(fd, &r, &e) == 0, "and read back");
	ok(r.mandatory == 0x3 && r.optional == 0 && r.optlen == w.optlen,
	    "its flags and length");
	ok(r.config != NULL && strcmp(r.config, json) == 0,
	    "its configuration");
	memset(rest, 0, sizeof(rest));
	ok(read(fd, rest, sizeof(rest)) == 6 && strcmp(rest, "STREAM") == 0,
	    "the descriptor is left at the stream");
	saveimg_free(&r);
	ok(r.config == NULL, "saveimg_free frees the configuration");
	close(fd);

	/* The bytes are xl's. */
	fd = file_of("", 0);
	saveimg_write(fd, json, &w, &e);
	lseek(fd, 0, SEEK_SET);
	ok(read(fd, b, 52) == 52 && memcmp(b, magic, 32) == 0,
	    "the magic is xl's, its NUL and CR included");
	memcpy(&clen, b + 48, 4);
	ok(clen == strlen(json) + 1, "the optional data begin with the "
	    "configuration's length, its NUL counted");
	close(fd);

	/* No configuration: stream version 2, no optional data. */
	fd = file_of("", 0);
	ok(saveimg_write(fd, NULL, &w, &e) == 0 && w.mandatory == 0x2 &&
	    w.optlen == 0, "without a configuration: info 0x2/0x0/0");
	lseek(fd, 0, SEEK_SET);
	ok(saveimg_read(fd, &r, &e) == 0 && r.config == NULL,
	    "read back without one");
	close(fd);

	/* What xl refuses. */
	n = head(b, SAVEIMG_BYTEORDER, 0x3, 0, 0);
	b[0] = 'x';
	fd = file_of(b, (size_t)n);
	ok(saveimg_read(fd, &r, &e) == -1 && strcmp(e.msg, "File has wrong "
	    "magic number - corrupt or for a different tool?") == 0,
	    "another magic: %s", e.msg);
	close(fd);
	n = head(b, 0x04030201, 0x3, 0, 0);
	fd = file_of(b, (size_t)n);
	ok(saveimg_read(fd, &r, &e) == -1 &&
	    strcmp(e.msg, "File has wrong byte order") == 0,
	    "another byte order: %s", e.msg);
	close(fd);
	n = head(b, SAVEIMG_BYTEORDER, 0x7, 0, 0);
	fd = file_of(b, (size_t)n);
	ok(saveimg_read(fd, &r, &e) == -1 && strcmp(e.msg, "Savefile has "
	    "mandatory flag(s) 0x4 which are not supported; need newer xl") ==
	    0, "a mandatory flag of a newer xl: %s", e.msg);
	close(fd);
	n = head(b, SAVEIMG_BYTEORDER, 0x3, 0, 10);
	clen = 20;
	memcpy(b + n, &clen, 4);
	fd = file_of(b, (size_t)n + 14);
	ok(saveimg_read(fd, &r, &e) == -1 &&
	    strcmp(e.msg, "Savefile truncated.") == 0,
	    "a configuration longer than the optional data: %s", e.msg);
	close(fd);
	fd = file_of(b, 20);
	ok(saveimg_read(fd, &r, &e) == -1, "a head cut short: %s", e.msg);
	close(fd);
	n = head(b, SAVEIMG_BYTEORDER, 0x3, 0, 40);
	clen = 30;
	memcpy(b + n, &clen, 4);
	fd = file_of(b, (size_t)n + 10);
	ok(saveimg_read(fd, &r, &e) == -1, "a configuration cut short: %s",
	    e.msg);
	close(fd);

	/* Optional data beyond the configuration are skipped, as xl does. */
	n = head(b, SAVEIMG_BYTEORDER, 0x3, 0, 4 + 3 + 5);
	clen = 3;
	memcpy(b + n, &clen, 4);
	memcpy(b + n + 4, "{}\0", 3);
	memcpy(b + n + 7, "extraSTREAM", 11);
	fd = file_of(b, (size_t)n + 18);
	memset(rest, 0, sizeof(rest));
	ok(saveimg_read(fd, &r, &e) == 0 && strcmp(r.config, "{}") == 0 &&
	    read(fd, rest, sizeof(rest)) == 6 && strcmp(rest, "STREAM") == 0,
	    "optional data after the configuration are skipped");
	saveimg_free(&r);
	close(fd);

	/* Image names: names, never paths. */
	ok(valid_image_name("web-1") && valid_image_name("a") &&
	    valid_image_name("Web_2.monday") && valid_image_name("7"),
	    "web-1, a, Web_2.monday and 7 are image names");
	ok(!valid_image_name("") && !valid_image_name("/tmp/x") &&
	    !valid_image_name("../x") && !valid_image_name(".x") &&
	    !valid_image_name("-x") && !valid_image_name("a/b") &&
	    !valid_image_name("a b"), "paths, dots and dashes first are not");
	memset(b, 'a', 65);
	b[65] = '\0';
	ok(!valid_image_name((char *)b), "nor 65 bytes");
	b[64] = '\0';
	ok(valid_image_name((char *)b), "64 are");
	return tap_done();
}
