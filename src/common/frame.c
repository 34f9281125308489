/*
 * Frames: u32 payload length | u32 type | payload, big-endian.  The
 * length is checked against FRAME_MAX before anything is allocated,
 * and frames are read and written whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "proto.h"
#include "xlsh.h"

static int	full_read(int, void *, size_t, uint64_t);


/* Write all n bytes, through short writes and interruptions. */
int
full_write(int fd, const void *p, size_t n)
{
	const char	*s = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Read exactly n bytes.  With a deadline (ms, mono_ms()'s clock; 0 for
 * none) give up, with ETIMEDOUT, when it passes: a peer that sends a
 * byte now and then cannot stretch it.  End of file is EPIPE, or 0
 * bytes at a frame boundary, which the caller tells apart.
 */
static int
full_read(int fd, void *p, size_t n, uint64_t deadline)
{
	char		*s = p;
	ssize_t		 r;
	struct pollfd	 pfd;
	uint64_t	 now;
	int		 rv;

	while (n > 0) {
		if (deadline != 0) {
			if ((now = mono_ms()) >= deadline) {
				errno = ETIMEDOUT;
				return -1;
			}
			pfd.fd = fd;
			pfd.events = POLLIN;
			rv = poll(&pfd, 1, (int)(deadline - now));
			if (rv == -1 && errno == EINTR)
				continue;
			if (rv == -1)
				return -1;
			if (rv == 0) {
				errno = ETIMEDOUT;
				return -1;
			}
		}
		if ((r = read(fd, s, n)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		if (r == 0) {
			errno = EPIPE;
			return -1;
		}
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Append one frame to out: 0, or -1 (EMSGSIZE) for an oversize payload. */
int
frame_put(struct buf *out, uint32_t type, const struct buf *payload)
{
	size_t	n = payload != NULL ? payload->len : 0;

	if (n > FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	if (buf_put_u32(out, (uint32_t)n) || buf_put_u32(out, type) ||
	    (n > 0 && buf_put(out, payload->data, n)))
		fatalx("frame_put: buffer");
	return 0;
}

int
frame_write(int fd, uint32_t type, const struct buf *payload)
{
	struct buf	 f;
	int		 rv;

	buf_init(&f, FRAME_HDR + FRAME_MAX);
	if ((rv = frame_put(&f, type, payload)) == 0)
		rv = full_write(fd, f.data, f.len);
	buf_free(&f);
	return rv;
}

/*
 * Read one frame into payload (reset first), the whole of it within
 * timeout_ms (-1: no limit).  Returns 0, or -1 with errno: EPIPE for
 * end of file, EMSGSIZE for an oversize length, ETIMEDOUT when the
 * frame is not all there in time.
 */
int
frame_read(int fd, uint32_t *type, struct buf *payload, int timeout_ms)
{
	uint8_t		 hdr[FRAME_HDR];
	uint8_t		*p;
	uint32_t	 len;
	uint64_t	 deadline = 0;

	if (timeout_ms >= 0)
		deadline = mono_ms() + (uint64_t)timeout_ms + 1;
	buf_reset(payload);
	if (full_read(fd, hdr, sizeof(hdr), deadline) == -1)
		return -1;
	len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
	    (uint32_t)hdr[2] << 8 | hdr[3];
	*type = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
	    (uint32_t)hdr[6] << 8 | hdr[7];
	if (len > FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	if (buf_reserve(payload, len, &p) == -1) {
		errno = EMSGSIZE;
		return -1;
	}
	return full_read(fd, p, len, deadline);
}
