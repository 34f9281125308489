/*
 * The head of a saved image, as xl 4.17 writes its save files
 * (tools/xl/xl.h, xl_saverestore.c): 32 bytes of magic, then four
 * 32-bit words in the host's byte order (the byte order mark
 * 0x01020304, the mandatory flags, the optional flags, the length of
 * the optional data), then the optional data: a 32-bit length and the
 * domain's configuration as JSON with its NUL.  After it comes the
 * backend's stream: libxl's on Xen (which xl restore reads too), the
 * simulated host's own in the sandbox (sim_save.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "common/xlsh.h"

#define SAVEIMG_HDR		48
#define SAVEIMG_CONFIG_MAX	(4U << 20)	/* bytes of JSON we read */

static const char magic[32] = "Xen saved domain, xl format\n \0 \r";

static int	io_all(int, void *, size_t, int);

/* Read or write all of it; 0, or -1 with errno (0 at end of file). */
static int
io_all(int fd, void *p, size_t len, int wr)
{
	char	*c = p;
	ssize_t	 n;

	while (len > 0) {
		n = wr ? write(fd, c, len) : read(fd, c, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return -1;
		}
		c += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The head, with json (NULL: none) as the configuration, at fd's offset. */
int
saveimg_write(int fd, const char *json, struct saveimg *out, struct xerr *e)
{
	unsigned char	 hdr[SAVEIMG_HDR];
	uint32_t	 w[4], clen = json != NULL ? strlen(json) + 1 : 0;
	int		 rv;

	memset(out, 0, sizeof(*out));
	out->mandatory = SAVEIMG_STREAMV2 | (clen != 0 ? SAVEIMG_JSON : 0);
	out->optional = 0;
	out->optlen = clen != 0 ? 4 + clen : 0;
	w[0] = SAVEIMG_BYTEORDER;
	w[1] = out->mandatory;
	w[2] = out->optional;
	w[3] = out->optlen;
	memcpy(hdr, magic, sizeof(magic));
	memcpy(hdr + sizeof(magic), w, sizeof(w));
	rv = io_all(fd, hdr, sizeof(hdr), 1);
	if (rv == 0 && clen != 0)
		rv = io_all(fd, &clen, 4, 1) == -1 ||
		    io_all(fd, (void *)(uintptr_t)json, clen, 1) == -1 ? -1 : 0;
	if (rv == -1) {
		xerr_set(e, XE_FAIL, "cannot write the image: %s",
		    strerror(errno != 0 ? errno : EIO));
		return -1;
	}
	return 0;
}

/*
 * The head read from fd's offset, leaving it at the stream: its flags
 * and its configuration (out->config, allocated, NUL-terminated; NULL
 * when there is none).  A file of another tool, or of a newer xl, is
 * refused in xl's words.
 */
int
saveimg_read(int fd, struct saveimg *out, struct xerr *e)
{
	unsigned char	 hdr[SAVEIMG_HDR];
	uint32_t	 w[4], clen;

	memset(out, 0, sizeof(*out));
	if (io_all(fd, hdr, sizeof(hdr), 0) == -1)
		goto short_read;
	if (memcmp(hdr, magic, sizeof(magic)) != 0) {
		xerr_set(e, XE_INVAL, "File has wrong magic number - corrupt "
		    "or for a different tool?");
		return -1;
	}
	memcpy(w, hdr + sizeof(magic), sizeof(w));
	if (w[0] != SAVEIMG_BYTEORDER) {
		xerr_set(e, XE_INVAL, "File has wrong byte order");
		return -1;
	}
	out->mandatory = w[1];
	out->optional = w[2];
	out->optlen = w[3];
	if (out->mandatory & ~(SAVEIMG_JSON | SAVEIMG_STREAMV2)) {
		xerr_set(e, XE_INVAL, "Savefile has mandatory flag(s) 0x%x "
		    "which are not supported; need newer xl",
		    out->mandatory & ~(SAVEIMG_JSON | SAVEIMG_STREAMV2));
		return -1;
	}
	if (out->optlen == 0)
		return 0;
	if (out->optlen < 4 || io_all(fd, &clen, 4, 0) == -1)
		goto truncated;
	if (clen > out->optlen - 4 || clen > SAVEIMG_CONFIG_MAX) {
		xerr_set(e, XE_INVAL, "Savefile truncated.");
		return -1;
	}
	out->config = xmalloc((size_t)clen + 1);
	if (io_all(fd, out->config, clen, 0) == -1) {
		saveimg_free(out);
		goto short_read;
	}
	out->config[clen] = '\0';
	/* What else the optional data holds is skipped, as xl does. */
	if (lseek(fd, (off_t)(out->optlen - 4 - clen), SEEK_CUR) == -1) {
		saveimg_free(out);
		goto short_read;
	}
	return 0;
truncated:
	xerr_set(e, XE_INVAL, "Savefile truncated.");
	return -1;
short_read:
	xerr_set(e, XE_INVAL, "cannot read the image's header: %s",
	    errno != 0 ? strerror(errno) : "it is too short");
	return -1;
}

void
saveimg_free(struct saveimg *s)
{
	free(s->config);
	s->config = NULL;
}
