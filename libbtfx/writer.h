/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * writer.h - the pieces of writer.c the stream writer (stream.c) reuses:
 * the plan of a blob, its header, the layout section, and the chunked
 * plain and byte-swapped puts.
 */
#ifndef BTFX_WRITER_H
#define BTFX_WRITER_H

#include "internal.h"

/* What a write produces: byte order, sections, and the header's fields. */
struct btfx_wplan {
	int swap;
	int layout;
	uint32_t hdr_len;
	uint32_t layout_cnt;
	size_t total;
	struct btfx_header hdr;
};

/*
 * The plan of writing btf with opts, without the whole-object check (the
 * stream plans before anything is flushed): 0, -EINVAL or -ENOTSUP.
 */
int btfx__write_plan(struct btfx *btf, const struct btfx_write_opts *opts,
		     struct btfx_wplan *p);
/* The header of p in its byte order, p->hdr_len bytes at out. */
void btfx__write_header(const struct btfx_wplan *p, uint8_t *out);
/* The layout section of p: 0 or the sink's error. */
int btfx__write_layout(const struct btfx *btf, const struct btfx_wplan *p, struct btfx_sink *sink);
/* len bytes as they are / as 32-bit words swapped: 0 or the sink's error. */
int btfx__write_plain(struct btfx_sink *sink, const uint8_t *src, size_t len);
int btfx__write_swapped(struct btfx *btf, struct btfx_sink *sink, const uint8_t *src, size_t len);

#endif /* BTFX_WRITER_H */
