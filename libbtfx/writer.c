// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * writer.c - serialize an object: a header, the type section, an optional
 * kind-layout section and the string section, in either byte order.
 *
 * The classic 24-byte header is the default (what released kernels load);
 * BTFX_WRITE_LAYOUT adds the 32-byte header and one layout record per kind.
 * Only this object's own types and strings are written (split BTF stays
 * split).
 *
 * Everything goes through a sink (sink.c), streamed from the object's own
 * buffers in chunks of at most 1 MiB (64 KiB when swapped): the in-memory form is the
 * wire format, so a native-order write hands the sink slices of the type
 * and string sections as they are.  The other byte order is swapped on the
 * fly, one chunk at a time: every field of every kind libbtfx knows is a
 * 32-bit word (types.h; the one kind table), so the swap is a plain
 * bswap32 over an array, done 16 bytes at a time in vector registers
 * (btfx__swap_words()), and a record of an unknown kind is refused rather
 * than garbled.  A memory
 * sink is swapped into directly; any other sink gets the chunk through one
 * 64 KiB scratch buffer (a smaller one on the stack when that allocation
 * fails).  No second copy of the blob is ever made.
 */
#include <assert.h>
#include <stdio.h>

#include "internal.h"
#include "sink.h"
#include "writer.h"

static int make_plan(struct btfx *btf, const struct btfx_write_opts *opts, struct btfx_wplan *p)
{
	int err = btfx__check_whole(btf, "write");

	return err ? err : btfx__write_plan(btf, opts, p);
}

int btfx__write_plan(struct btfx *btf, const struct btfx_write_opts *opts, struct btfx_wplan *p)
{
	uint32_t endian, flags;
	int big;

	if (BTFX_OPTS_VALID(opts, struct btfx_write_opts))
		return btfx__err(btf, -EINVAL, "write: bad opts");
	endian = BTFX_OPTS_GET(opts, endian, BTFX_ENDIAN_NATIVE);
	flags = BTFX_OPTS_GET(opts, flags, 0);
	if (endian > BTFX_ENDIAN_SOURCE || (flags & ~(uint32_t)BTFX_WRITE_LAYOUT))
		return btfx__err(btf, -EINVAL, "write: bad endian %u or flags %#x", endian, flags);
	big = endian == BTFX_ENDIAN_BIG || (endian == BTFX_ENDIAN_NATIVE && btfx__host_big_endian()) ||
	      (endian == BTFX_ENDIAN_SOURCE && btf->src_big_endian);
	memset(p, 0, sizeof(*p));
	p->swap = big != btfx__host_big_endian();
	p->layout = !!(flags & BTFX_WRITE_LAYOUT);
	if (!p->layout && btf->nr_unknown)
		return btfx__err(btf, -ENOTSUP,
				 "write: kinds unknown to libbtfx need BTFX_WRITE_LAYOUT");
	/*
	 * Which words of an unknown record are 32-bit, which 16 or 8, is not
	 * known: swapping it word by word would garble it.  libbpf refuses too.
	 */
	if (p->swap && btf->nr_unknown)
		return btfx__err(btf, -ENOTSUP,
				 "write: cannot change the byte order of %u records of kinds "
				 "unknown to libbtfx", btf->nr_unknown);
	p->hdr_len = p->layout ? BTFX_HDR_LEN_LAYOUT : BTFX_HDR_LEN_CLASSIC;
	p->layout_cnt = p->layout ? (btf->layout_cnt > BTFX_NR_KINDS ? btf->layout_cnt :
								     BTFX_NR_KINDS) : 0;
	p->hdr.magic = BTFX_MAGIC;
	p->hdr.version = BTFX_VERSION;
	p->hdr.hdr_len = p->hdr_len;
	p->hdr.type_off = 0;
	p->hdr.type_len = (uint32_t)btf->types.len;
	p->hdr.layout_off = p->layout ? p->hdr.type_len : 0;
	p->hdr.layout_len = p->layout_cnt * (uint32_t)sizeof(struct btfx_layout);
	p->hdr.str_off = p->hdr.type_len + p->hdr.layout_len;
	p->hdr.str_len = (uint32_t)btf->strs.data.len;
	p->total = (size_t)p->hdr_len + p->hdr.str_off + p->hdr.str_len;
	return 0;
}

#define WRITE_CHUNK (64u << 10)  /* swapped bytes: the scratch buffer */
#define PLAIN_CHUNK (1u << 20)   /* bytes handed over as they are */
#define STACK_CHUNK 2048u
#define LAYOUT_BATCH 64u

static void put32(uint8_t *dst, uint32_t v, int swap)
{
	if (swap)
		v = btfx__bswap32(v);
	memcpy(dst, &v, 4);
}

static void emit_header(const struct btfx_wplan *p, uint8_t *out)
{
	uint16_t magic = p->swap ? btfx__bswap16(BTFX_MAGIC) : BTFX_MAGIC;

	memcpy(out, &magic, 2);
	out[2] = BTFX_VERSION;
	out[3] = 0;
	put32(out + 4, p->hdr_len, p->swap);
	put32(out + 8, p->hdr.type_off, p->swap);
	put32(out + 12, p->hdr.type_len, p->swap);
	put32(out + 16, p->hdr.str_off, p->swap);
	put32(out + 20, p->hdr.str_len, p->swap);
	if (p->layout) {
		put32(out + 24, p->hdr.layout_off, p->swap);
		put32(out + 28, p->hdr.layout_len, p->swap);
	}
}

/* The layout record of kind k as written. */
static void layout_rec(const struct btfx *btf, const struct btfx_wplan *p, uint32_t k, uint8_t *out)
{
	struct btfx_layout l = { 0, 0, 0 };
	uint16_t flags;

	if (btfx__kind_known(k)) {
		l.info_sz = btfx__kinds[k].info_sz;
		l.elem_sz = btfx__kinds[k].elem_sz;
	} else if (k < btf->layout_cnt && k) {
		l = btf->layout[k];
	}
	flags = p->swap ? btfx__bswap16(l.flags) : l.flags;
	out[0] = l.info_sz;
	out[1] = l.elem_sz;
	memcpy(out + 2, &flags, 2);
}

static int put_layout(const struct btfx *btf, const struct btfx_wplan *p, struct btfx_sink *sink)
{
	uint8_t buf[4 * LAYOUT_BATCH];
	uint32_t k, n;
	int err;

	for (k = 0; k < p->layout_cnt; k += n) {
		uint32_t i;

		n = p->layout_cnt - k < LAYOUT_BATCH ? p->layout_cnt - k : LAYOUT_BATCH;
		for (i = 0; i < n; i++)
			layout_rec(btf, p, k + i, buf + 4 * i);
		if ((err = btfx_sink_write(sink, buf, 4 * n)))
			return err;
	}
	return 0;
}

/* Bytes as they are, in chunks. */
static int put_plain(struct btfx_sink *sink, const uint8_t *src, size_t len)
{
	size_t n;
	int err;

	for (; len; src += n, len -= n) {
		n = len < PLAIN_CHUNK ? len : PLAIN_CHUNK;
		if ((err = btfx_sink_write(sink, src, n)))
			return err;
	}
	return 0;
}

/*
 * 16 bytes at a time in a GCC/Clang vector: rotate each 32-bit lane by 16,
 * then swap the bytes of each 16-bit lane.  Shifts and ors exist on every
 * SIMD ISA (SSE2 included, where no byte shuffle does), so -O2 gives vector
 * code without target flags: about 4x the scalar bswap loop, near memcpy().
 * The loads and stores go through memcpy(): any alignment.
 */
typedef uint32_t swap_v32 __attribute__((vector_size(16)));
typedef uint16_t swap_v16 __attribute__((vector_size(16)));

void btfx__swap_words(void *dst, const void *src, size_t len)
{
	const uint8_t *s = src;
	uint8_t *d = dst;
	size_t i = 0;

	for (; len - i >= 16; i += 16) {
		swap_v32 w;
		swap_v16 h;

		memcpy(&w, s + i, 16);
		h = (swap_v16)((w << 16) | (w >> 16));
		h = (h << 8) | (h >> 8);
		memcpy(d + i, &h, 16);
	}
	for (; i < len; i += 4) {
		uint32_t w;

		memcpy(&w, s + i, 4);
		w = btfx__bswap32(w);
		memcpy(d + i, &w, 4);
	}
}

/* 32-bit words in the other byte order, a chunk at a time through scratch. */
static int put_swapped(struct btfx *btf, struct btfx_sink *sink, const uint8_t *src, size_t len)
{
	uint8_t stack[STACK_CHUNK], *scratch, *room;
	size_t cap = WRITE_CHUNK, n;
	int err = 0;

	room = btfx__sink_room(sink, len);
	if (room) {
		btfx__swap_words(room, src, len);
		btfx__sink_advance(sink, len);
		return 0;
	}
	/* A file: swap into its sink's write buffer, placed not to alias. */
	for (; len && (room = btfx__sink_chunk(sink, &cap)) && !err; src += n, len -= n) {
		n = len < cap ? len : cap;
		btfx__swap_words(room, src, n);
		err = btfx__sink_put_chunk(sink, n);
	}
	if (!len || err)
		return err;
	cap = WRITE_CHUNK;
	scratch = btfx__mem_alloc(&btf->mem, WRITE_CHUNK);
	if (!scratch) {
		scratch = stack;
		cap = STACK_CHUNK;
	}
	for (; len && !err; src += n, len -= n) {
		n = len < cap ? len : cap;
		btfx__swap_words(scratch, src, n);
		err = btfx_sink_write(sink, scratch, n);
	}
	if (scratch != stack)
		btfx__mem_free(&btf->mem, scratch);
	return err;
}

/* Header, types, layout, strings: 0 or the sink's error. */
static int put_all(struct btfx *btf, const struct btfx_wplan *p, struct btfx_sink *sink)
{
	uint8_t hdr[BTFX_HDR_LEN_LAYOUT];
	int err;

	emit_header(p, hdr);
	if ((err = btfx_sink_write(sink, hdr, p->hdr_len)))
		return err;
	if (p->swap)
		err = put_swapped(btf, sink, btf->types.data, btf->types.len);
	else
		err = put_plain(sink, btf->types.data, btf->types.len);
	if (err)
		return err;
	if (p->layout && (err = put_layout(btf, p, sink)))
		return err;
	return put_plain(sink, btf->strs.data.data, btf->strs.data.len);
}

int btfx_write(struct btfx *btf, struct btfx_sink *sink, const struct btfx_write_opts *opts)
{
	struct btfx_wplan p;
	int err;

	if (!btf)
		return -EINVAL;
	if ((err = make_plan(btf, opts, &p)))
		return err;
	if (btfx__sink_check(sink))
		return btfx__err(btf, -EINVAL, "write: not a sink");
	if ((err = put_all(btf, &p, sink)))
		return btfx__err(btf, err, "%s", btfx_sink_errmsg(sink));
	return 0;
}

/* Into len bytes at out (enough for the plan): a fixed memory sink on the stack. */
static void emit(struct btfx *btf, const struct btfx_wplan *p, void *out)
{
	struct btfx_sink s;
	int err;

	btfx__sink_mem_init(&s, out, p->total);
	err = put_all(btf, p, &s);
	assert(!err && s.u.mem.len == p->total);
	(void)err;
}

int btfx_raw_size(struct btfx *btf, const struct btfx_write_opts *opts, size_t *size_out)
{
	struct btfx_wplan p;
	int err;

	if ((err = make_plan(btf, opts, &p)))
		return err;
	*size_out = p.total;
	return 0;
}

int btfx_write_mem(struct btfx *btf, void *buf, size_t cap, const struct btfx_write_opts *opts)
{
	struct btfx_wplan p;
	int err;

	if ((err = make_plan(btf, opts, &p)))
		return err;
	if (!buf || cap < p.total)
		return btfx__err(btf, -ENOSPC, "write: buffer of %zu bytes, need %zu", cap, p.total);
	if (p.total > INT32_MAX)
		return btfx__err(btf, -E2BIG, "write: blob of %zu bytes", p.total);
	emit(btf, &p, buf);
	return (int)p.total;
}

int btfx_raw_data(struct btfx *btf, const struct btfx_write_opts *opts, const void **data_out,
		  size_t *size_out)
{
	struct btfx_raw_out *out;
	struct btfx_wplan p;
	int err;

	if ((err = make_plan(btf, opts, &p)))
		return err;
	/* One blob per variant: a blob handed out earlier is never rewritten. */
	out = &btf->raw_out[p.swap | p.layout << 1];
	if (!out->len) {
		if (p.total > out->cap) {
			void *q = btfx__mem_realloc_array(&btf->mem, out->data, p.total, 1);

			if (!q)
				return btfx__err(btf, -ENOMEM, "write: out of memory");
			out->data = q;
			out->cap = p.total;
		}
		emit(btf, &p, out->data);
		out->len = p.total;
	}
	*data_out = out->data;
	*size_out = out->len;
	return 0;
}

int btfx_write_file(struct btfx *btf, const char *path, const struct btfx_write_opts *opts)
{
	const struct btfx_sink_opts so = { .sz = sizeof(so), .flags = BTFX_SINK_FSYNC };
	struct btfx_sink *sink;
	struct btfx_wplan p;
	int err;

	if (!path)
		return btfx__err(btf, -EINVAL, "write_file: NULL path");
	if ((err = make_plan(btf, opts, &p)))
		return err;
	sink = btfx_sink_path(path, &so);
	if (!sink)
		return btfx__err(btf, -errno, "%s: write: %s", path, strerror(errno));
	err = btfx_write(btf, sink, opts);
	if (err) {
		btfx_sink_abort(sink);
		return err;
	}
	/* Finish first: the message of a failed fsync or rename names path and why. */
	err = btfx_sink_finish(sink);
	if (err)
		btfx__err(btf, err, "%s", btfx_sink_errmsg(sink));
	btfx_sink_close(sink);
	return err;
}

void btfx__write_header(const struct btfx_wplan *p, uint8_t *out)
{
	emit_header(p, out);
}

int btfx__write_layout(const struct btfx *btf, const struct btfx_wplan *p, struct btfx_sink *sink)
{
	return put_layout(btf, p, sink);
}

int btfx__write_plain(struct btfx_sink *sink, const uint8_t *src, size_t len)
{
	return put_plain(sink, src, len);
}

int btfx__write_swapped(struct btfx *btf, struct btfx_sink *sink, const uint8_t *src, size_t len)
{
	return put_swapped(btf, sink, src, len);
}
