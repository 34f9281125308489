/*
 * Payload buffers.  Integers are big-endian; a string is a u32 length
 * and that many bytes, none of them NUL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xlsh.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void
buf_free(struct buf *b)
{
	if (b->data != NULL)
		explicit_bzero(b->data, b->cap);
	free(b->data);
	buf_init(b, b->max);
}

void
buf_reset(struct buf *b)
{
	b->len = b->off = 0;
}

size_t
buf_left(const struct buf *b)
{
	return b->len - b->off;
}

/* Make room for n more bytes and return where they go. */
int
buf_reserve(struct buf *b, size_t n, uint8_t **p)
{
	size_t	cap;

	if (n > b->max || b->len > b->max - n)
		return -1;
	/*
	 * Even for no bytes there is somewhere to point: b->data + 0 on a
	 * NULL b->data is undefined (a frame with no payload did it).
	 */
	if (b->data == NULL || b->len + n > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < b->len + n)
			cap *= 2;
		if (cap > b->max)
			cap = b->max;
		b->data = xreallocarray(b->data, cap, 1);
		b->cap = cap;
	}
	*p = b->data + b->len;
	b->len += n;
	return 0;
}

int
buf_put(struct buf *b, const void *v, size_t n)
{
	uint8_t	*p;

	if (buf_reserve(b, n, &p) == -1)
		return -1;
	if (n > 0)
		memcpy(p, v, n);
	return 0;
}

int
buf_put_u8(struct buf *b, uint8_t v)
{
	return buf_put(b, &v, 1);
}

int
buf_put_u32(struct buf *b, uint32_t v)
{
	uint8_t	p[4] = { v >> 24, v >> 16, v >> 8, v };

	return buf_put(b, p, sizeof(p));
}

int
buf_put_u64(struct buf *b, uint64_t v)
{
	return buf_put_u32(b, (uint32_t)(v >> 32)) ||
	    buf_put_u32(b, (uint32_t)v) ? -1 : 0;
}

int
buf_put_bytes(struct buf *b, const void *v, size_t n)
{
	if (n > UINT32_MAX || n > b->max || b->len + 4 > b->max - n)
		return -1;
	return buf_put_u32(b, (uint32_t)n) || buf_put(b, v, n) ? -1 : 0;
}

int
buf_put_str(struct buf *b, const char *s)
{
	return buf_put_bytes(b, s, strlen(s));
}

int
buf_get(struct buf *b, void *v, size_t n)
{
	if (buf_left(b) < n)
		return -1;
	if (v != NULL && n > 0)
		memcpy(v, b->data + b->off, n);
	b->off += n;
	return 0;
}

int
buf_get_u8(struct buf *b, uint8_t *v)
{
	return buf_get(b, v, 1);
}

int
buf_get_u32(struct buf *b, uint32_t *v)
{
	uint8_t	p[4];

	if (buf_get(b, p, sizeof(p)) == -1)
		return -1;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	return 0;
}

int
buf_get_u64(struct buf *b, uint64_t *v)
{
	uint32_t	hi, lo;

	if (buf_get_u32(b, &hi) == -1 || buf_get_u32(b, &lo) == -1)
		return -1;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

/* Bytes that may contain NUL; *out is allocated and NUL-terminated. */
int
buf_get_bytes(struct buf *b, char **out, size_t *lenp)
{
	uint32_t	n;

	if (buf_get_u32(b, &n) == -1 || buf_left(b) < n)
		return -1;
	*out = xmalloc((size_t)n + 1);
	memcpy(*out, b->data + b->off, n);
	(*out)[n] = '\0';
	b->off += n;
	if (lenp != NULL)
		*lenp = n;
	return 0;
}

/* A string without embedded NULs, allocated. */
int
buf_get_str(struct buf *b, char **out)
{
	size_t	n;

	if (buf_get_bytes(b, out, &n) == -1)
		return -1;
	if (memchr(*out, '\0', n) != NULL) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* A string into a fixed array; too long or with a NUL is an error. */
int
buf_get_strn(struct buf *b, char *out, size_t size)
{
	uint32_t	n;
	size_t		save = b->off;

	if (buf_get_u32(b, &n) == -1 || buf_left(b) < n || n >= size ||
	    memchr(b->data + b->off, '\0', n) != NULL) {
		b->off = save;
		return -1;
	}
	memcpy(out, b->data + b->off, n);
	out[n] = '\0';
	b->off += n;
	return 0;
}
