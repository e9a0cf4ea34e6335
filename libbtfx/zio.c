// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * zio.c - zlib helpers: gzip detection and inflation of whole buffers.
 *
 * btfx__inflate() feeds zlib in chunks of at most UINT_MAX bytes (avail_in
 * and avail_out are 32-bit), grows the output by doubling up to a limit
 * (expect_len when given, else max_len) and, once the output holds that
 * many bytes, inflates into a one-byte scratch area: any byte landing there
 * means the stream is larger than allowed.  zlib allocates through the
 * object's allocator, so failing-allocator tests reach its memory too.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <zlib.h>

#include "internal.h"
#include "zio.h"

#define ZIO_MIN_CHUNK 4096
/* deflate cannot expand more than 1032:1; slack for headers and empty blocks. */
#define ZIO_MAX_RATIO 1032
#define ZIO_SLACK 1024

struct zio {
	z_stream zs;
	const struct btfx_allocator *mem;
	const uint8_t *in;
	size_t in_len;
	size_t in_fed;  /* bytes of in handed to zlib so far */
	uint8_t *out;
	size_t cap;     /* allocated bytes of out */
	size_t out_fed; /* bytes of out handed to zlib so far */
	size_t limit;   /* most bytes the output may have */
	size_t hint;    /* first allocation */
	uint8_t scratch;
	int in_scratch; /* next_out points at scratch */
	char *errbuf;
	size_t errlen;
};

__attribute__((format(printf, 3, 4))) static int zio_err(struct zio *z, int err,
							  const char *fmt, ...)
{
	va_list ap;

	if (z->errbuf && z->errlen) {
		va_start(ap, fmt);
		vsnprintf(z->errbuf, z->errlen, fmt, ap);
		va_end(ap);
	}
	return err;
}

int btfx__gz_is(const void *data, size_t size)
{
	const uint8_t *p = data;

	return size >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

static voidpf zio_zalloc(voidpf opaque, uInt items, uInt size)
{
	struct zio *z = opaque;

	return btfx__mem_realloc_array(z->mem, NULL, items, size);
}

static void zio_zfree(voidpf opaque, voidpf p)
{
	struct zio *z = opaque;

	btfx__mem_free(z->mem, p);
}

/* Hand zlib the next chunk of input once it has used up the last one. */
static void zio_feed_in(struct zio *z)
{
	size_t n = z->in_len - z->in_fed;

	if (z->zs.avail_in || !n)
		return;
	if (n > UINT_MAX)
		n = UINT_MAX;
	z->zs.next_in = (Bytef *)(uintptr_t)(z->in + z->in_fed);
	z->zs.avail_in = (uInt)n;
	z->in_fed += n;
}

/* Grow the output; 0 or -ENOMEM. */
static int zio_grow(struct zio *z)
{
	size_t cap = z->cap;
	uint8_t *p;

	if (!cap)
		cap = z->hint;
	else
		cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
	if (cap > z->limit)
		cap = z->limit;
	p = btfx__mem_realloc_array(z->mem, z->out, cap, 1);
	if (!p)
		return zio_err(z, -ENOMEM, "out of memory inflating %zu bytes", cap);
	z->out = p;
	z->cap = cap;
	return 0;
}

/* Give zlib room for more output once it has filled what it had. */
static int zio_feed_out(struct zio *z)
{
	size_t n;
	int err;

	if (z->zs.avail_out)
		return 0;
	if (z->in_scratch)
		return zio_err(z, -EBADMSG, "stream inflates to more than %zu bytes", z->limit);
	if (z->out_fed == z->limit) {
		z->zs.next_out = &z->scratch;
		z->zs.avail_out = 1;
		z->in_scratch = 1;
		return 0;
	}
	if (z->out_fed == z->cap) {
		err = zio_grow(z);
		if (err)
			return err;
	}
	n = z->cap - z->out_fed;
	if (n > UINT_MAX)
		n = UINT_MAX;
	z->zs.next_out = z->out + z->out_fed;
	z->zs.avail_out = (uInt)n;
	z->out_fed += n;
	return 0;
}

/* Bytes of output zlib has produced. */
static size_t zio_out_len(const struct zio *z)
{
	if (z->in_scratch)
		return z->out_fed + (z->zs.avail_out ? 0 : 1);
	return z->out_fed - z->zs.avail_out;
}

/* Run inflate() to the end of the stream; 0 or a negative errno. */
static int zio_run(struct zio *z, const char *what)
{
	int ret, err;

	for (;;) {
		zio_feed_in(z);
		err = zio_feed_out(z);
		if (err)
			return err;
		ret = inflate(&z->zs, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			break;
		if (ret == Z_OK)
			continue;
		if (ret == Z_MEM_ERROR)
			return zio_err(z, -ENOMEM, "out of memory in zlib");
		if (ret == Z_NEED_DICT)
			return zio_err(z, -EBADMSG, "%s stream needs a preset dictionary", what);
		if (ret == Z_BUF_ERROR && !z->zs.avail_out)
			continue;
		if (ret == Z_BUF_ERROR && !z->zs.avail_in && z->in_fed == z->in_len)
			return zio_err(z, -EBADMSG, "%s stream truncated after %zu bytes", what,
				       z->in_len);
		return zio_err(z, -EBADMSG, "corrupt %s stream: %s", what,
			       z->zs.msg ? z->zs.msg : "inflate failed");
	}
	if (zio_out_len(z) > z->limit)
		return zio_err(z, -EBADMSG, "stream inflates to more than %zu bytes", z->limit);
	if (z->zs.avail_in || z->in_fed != z->in_len)
		return zio_err(z, -EBADMSG, "%zu bytes of trailing data after the %s stream",
			       (size_t)z->zs.avail_in + (z->in_len - z->in_fed), what);
	return 0;
}

/* Most bytes a stream of size bytes can inflate to. */
static size_t zio_max_out(size_t size)
{
	if (size > (SIZE_MAX - ZIO_SLACK) / ZIO_MAX_RATIO)
		return SIZE_MAX;
	return size * ZIO_MAX_RATIO + ZIO_SLACK;
}

/* First allocation: expect_len when known, else four times the input. */
static size_t zio_hint(size_t size, size_t expect_len, size_t limit)
{
	size_t hint = expect_len;

	if (!hint)
		hint = size > SIZE_MAX / 4 ? SIZE_MAX : size * 4;
	if (hint < ZIO_MIN_CHUNK)
		hint = ZIO_MIN_CHUNK;
	return hint < limit ? hint : limit;
}

/* Check the size, shrink the buffer to it and hand it over. */
static int zio_finish(struct zio *z, size_t expect_len, void **out, size_t *out_len)
{
	size_t len = zio_out_len(z);
	uint8_t *p;

	if (expect_len && len != expect_len)
		return zio_err(z, -EBADMSG, "stream inflates to %zu bytes, expected %zu", len,
			       expect_len);
	if (!z->out) {
		z->out = btfx__mem_alloc(z->mem, 1);
		if (!z->out)
			return zio_err(z, -ENOMEM, "out of memory");
	} else if (len && len < z->cap) {
		p = btfx__mem_realloc_array(z->mem, z->out, len, 1);
		if (p)
			z->out = p;
	}
	*out = z->out;
	*out_len = len;
	z->out = NULL;
	return 0;
}

int btfx__inflate(const struct btfx_allocator *mem, const void *data, size_t size, int gz,
		  size_t expect_len, size_t max_len, void **out, size_t *out_len, char *errbuf,
		  size_t errlen)
{
	const char *what = gz ? "gzip" : "zlib";
	struct zio z;
	int ret, err;

	memset(&z, 0, sizeof(z));
	z.mem = mem ? mem : &btfx__libc_allocator;
	z.in = data;
	z.in_len = size;
	z.limit = max_len < BTFX_ALLOC_MAX ? max_len : BTFX_ALLOC_MAX;
	z.errbuf = errbuf;
	z.errlen = errlen;
	*out = NULL;
	*out_len = 0;
	if (expect_len > z.limit)
		return zio_err(&z, -EBADMSG, "inflated size %zu exceeds the limit of %zu bytes",
			       expect_len, z.limit);
	if (expect_len > zio_max_out(size))
		return zio_err(&z, -EBADMSG, "%zu bytes of %s data cannot inflate to %zu bytes",
			       size, what, expect_len);
	if (expect_len)
		z.limit = expect_len;
	z.hint = zio_hint(size, expect_len, z.limit);
	z.zs.zalloc = zio_zalloc;
	z.zs.zfree = zio_zfree;
	z.zs.opaque = &z;
	ret = inflateInit2(&z.zs, gz ? 15 + 16 : 15);
	if (ret != Z_OK)
		return zio_err(&z, ret == Z_MEM_ERROR ? -ENOMEM : -EINVAL,
			       "cannot start zlib: %s", z.zs.msg ? z.zs.msg : "inflateInit2 failed");
	err = zio_run(&z, what);
	if (!err)
		err = zio_finish(&z, expect_len, out, out_len);
	inflateEnd(&z.zs);
	btfx__mem_free(z.mem, z.out);
	return err;
}
