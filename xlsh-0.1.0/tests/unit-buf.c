/*
 * Unit tests of the payload buffer and of frames: limits, empty
 * payloads, strings with embedded NULs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/proto.h"
#include "tap.h"

int
main(void)
{
	struct buf	 b, in;
	uint8_t		*p = NULL;
	uint32_t	 type, u;
	char		*str, small[4];
	int		 sv[2];

	/* No bytes still point somewhere (NULL + 0 was undefined). */
	buf_init(&b, 64);
	ok(buf_reserve(&b, 0, &p) == 0, "reserving 0 bytes of a new buffer");
	ok(p != NULL, "gives a place, not NULL");
	ok(buf_left(&b) == 0, "and holds nothing");
	ok(buf_put_bytes(&b, "", 0) == 0, "putting 0 bytes");
	buf_free(&b);

	/* The cap holds before anything is allocated. */
	buf_init(&b, 8);
	ok(buf_reserve(&b, 9, &p) == -1, "9 bytes over a cap of 8 refused");
	ok(buf_put_u32(&b, 1) == 0 && buf_put_u32(&b, 2) == 0,
	    "8 bytes under a cap of 8");
	ok(buf_put_u8(&b, 3) == -1, "the ninth refused");
	ok(buf_get_u32(&b, &u) == 0 && u == 1, "read back in order");
	buf_free(&b);

	/* A string with a NUL inside is refused, a long one for strn. */
	buf_init(&b, 64);
	ok(buf_put_bytes(&b, "a\0b", 3) == 0, "bytes with a NUL");
	ok(buf_get_str(&b, &str) == -1, "are not a string");
	buf_reset(&b);
	ok(buf_put_str(&b, "abcd") == 0 &&
	    buf_get_strn(&b, small, sizeof(small)) == -1,
	    "a string longer than its room is refused");
	buf_free(&b);

	/* Frames: an empty payload crosses a socket as one. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return 99;
	buf_init(&b, FRAME_MAX);
	buf_init(&in, FRAME_MAX);
	ok(frame_write(sv[0], MSG_CANCEL, &b) == 0, "an empty CANCEL sent");
	ok(frame_read(sv[1], &type, &in, 1000) == 0 && type == MSG_CANCEL,
	    "and read");
	ok(buf_left(&in) == 0, "with no payload");
	buf_reset(&in);
	ok(buf_put_u32(&b, 42) == 0 && frame_write(sv[0], MSG_HELLO, &b) == 0,
	    "a frame with a payload sent");
	ok(frame_read(sv[1], &type, &in, 1000) == 0 && type == MSG_HELLO &&
	    buf_get_u32(&in, &u) == 0 && u == 42, "and read whole");
	/* A header claiming more than FRAME_MAX is refused unread. */
	{
		uint8_t	hdr[8] = { 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 1 };

		buf_reset(&in);
		ok(write(sv[0], hdr, sizeof(hdr)) == (ssize_t)sizeof(hdr),
		    "a header of 65537 bytes sent");
		ok(frame_read(sv[1], &type, &in, 1000) == -1 &&
		    errno == EMSGSIZE, "refused as too large");
	}
	buf_free(&b);
	buf_free(&in);
	close(sv[0]);
	close(sv[1]);
	return tap_done();
}
