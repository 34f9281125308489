/*
 * The decoding of frames and payloads: the input as one frame's
 * payload read as each record a peer may send or receive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/proto.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct buf	 b;
	struct dominfo	 d;
	struct vcpuinfo	 v;
	uint32_t	 u32;
	uint64_t	 u64;
	char		*s, str[256];
	size_t		 n;
	int		 pass;

	if (len > FRAME_MAX)
		return 0;
	for (pass = 0; pass < 4; pass++) {
		buf_init(&b, FRAME_MAX);
		if (len > 0 && buf_put(&b, data, len) == -1)
			abort();
		switch (pass) {
		case 0:
			while (msg_get_dominfo(&b, &d) == 0)
				continue;
			break;
		case 1:
			while (msg_get_vcpuinfo(&b, &v) == 0)
				continue;
			break;
		case 2:
			/* A REQUEST: argc, then words, then data. */
			if (buf_get_u32(&b, &u32) == 0 && u32 <= 16)
				while (u32-- > 0 && buf_get_str(&b, &s) == 0)
					free(s);
			if (buf_get_bytes(&b, &s, &n) == 0)
				free(s);
			break;
		default:
			while (buf_get_u64(&b, &u64) == 0 &&
			    buf_get_strn(&b, str, sizeof(str)) == 0)
				continue;
			break;
		}
		buf_free(&b);
	}
	return 0;
}
