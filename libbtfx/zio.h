/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* zio.h - zlib helpers: gzip detection and inflation of whole buffers. */
#ifndef BTFX_ZIO_H
#define BTFX_ZIO_H

#include <stddef.h>
#include <btfx/btfx.h>

/* Non-zero when data starts with the gzip magic. */
int btfx__gz_is(const void *data, size_t size);

/*
 * Inflate a gzip (gz != 0) or zlib (gz == 0) stream into a buffer allocated
 * with mem (the caller frees it).  expect_len, when non-zero, is the exact
 * inflated size.  Returns 0, -EBADMSG (corrupt or truncated stream, or
 * larger than max_len; reason in errbuf), -ENOMEM.
 */
int btfx__inflate(const struct btfx_allocator *mem, const void *data, size_t size, int gz,
		  size_t expect_len, size_t max_len, void **out, size_t *out_len, char *errbuf,
		  size_t errlen);

#endif /* BTFX_ZIO_H */
