/*
 * A growable byte buffer for building and reading protocol payloads,
 * in the manner of OpenSSH's sshbuf: every call returns 0 or -1, so
 * calls chain with || and are checked once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	uint8_t	*data;
	size_t	 len;	/* bytes written */
	size_t	 off;	/* bytes consumed by the getters */
	size_t	 cap;
	size_t	 max;	/* never grow past this */
};

void	 buf_init(struct buf *, size_t);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
size_t	 buf_left(const struct buf *);
int	 buf_reserve(struct buf *, size_t, uint8_t **);
int	 buf_put(struct buf *, const void *, size_t);
int	 buf_put_u8(struct buf *, uint8_t);
int	 buf_put_u32(struct buf *, uint32_t);
int	 buf_put_u64(struct buf *, uint64_t);
int	 buf_put_str(struct buf *, const char *);
int	 buf_put_bytes(struct buf *, const void *, size_t);
int	 buf_get(struct buf *, void *, size_t);
int	 buf_get_u8(struct buf *, uint8_t *);
int	 buf_get_u32(struct buf *, uint32_t *);
int	 buf_get_u64(struct buf *, uint64_t *);
int	 buf_get_str(struct buf *, char **);
int	 buf_get_strn(struct buf *, char *, size_t);
int	 buf_get_bytes(struct buf *, char **, size_t *);

#endif /* BUF_H */
