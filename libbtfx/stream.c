// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * stream.c - flush-as-you-go: a stream writer sends an object's finished
 * type records to a sink while the encoder keeps adding types, and drops
 * them from memory (btf.c keeps their ids counted, hashcons.c their
 * 128-bit hashes).
 *
 * The blob is the one btfx_write() would give: header, type section,
 * optional layout section, string section.  Its header needs the section
 * lengths, known only at close.  A seekable sink gets a placeholder header
 * (zeros) at open, then the types as they are flushed, the layout and the
 * strings at close, and the header patched with btfx_sink_pwrite().  Any
 * other sink cannot be patched, so the type section is spooled (to an
 * unlinked temporary file, or to a growing memory sink) and the whole blob
 * is written in order at close.  The bytes go through writer.c's chunked
 * puts, swapped on the way when the byte order changes.  Small flushes
 * (an encoder may flush after every type) are gathered in a buffer of
 * STREAM_BUF bytes, so that the sink sees few large writes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "sink.h"
#include "writer.h"

#define STREAM_MAGIC 0x62747373u /* "btss" */
#define COPY_CHUNK (64u << 10)
#define STREAM_BUF (64u << 10)
#define STACK_CHUNK 2048u

struct btfx_stream {
	uint32_t magic;
	int err;                  /* first sink error: sticky, 0 while healthy */
	struct btfx *btf;
	struct btfx_sink *sink;
	struct btfx_sink *spool;  /* unseekable sink: the type section until close */
	int spool_fd;             /* its unlinked temporary file, or -1 (memory) */
	uint64_t hdr_at;          /* seekable sink: offset of the header */
	uint64_t type_len;        /* bytes of the type section written */
	uint8_t *buf;             /* STREAM_BUF bytes gathering small flushes, or NULL */
	size_t buf_len;
	struct btfx_wplan plan;
};

/* Check the arguments of btfx_stream_open() and plan the blob: 0 or -errno (message set). */
static int open_plan(struct btfx *btf, struct btfx_sink *sink,
		     const struct btfx_stream_opts *opts, struct btfx_wplan *p)
{
	struct btfx_write_opts wo = { .sz = sizeof(wo) };
	uint32_t flags;
	int err;

	if (BTFX_OPTS_VALID(opts, struct btfx_stream_opts))
		return btfx__err(btf, -EINVAL, "stream_open: bad opts");
	flags = BTFX_OPTS_GET(opts, flags, 0);
	if (flags & ~(uint32_t)(BTFX_WRITE_LAYOUT | BTFX_STREAM_SPOOL_MEM))
		return btfx__err(btf, -EINVAL, "stream_open: bad flags %#x", flags);
	if (btfx__sink_check(sink))
		return btfx__err(btf, -EINVAL, "stream_open: not a sink");
	if ((err = btfx__check_whole(btf, "stream_open")))
		return err;
	wo.endian = BTFX_OPTS_GET(opts, endian, BTFX_ENDIAN_NATIVE);
	wo.flags = flags & BTFX_WRITE_LAYOUT;
	return btfx__write_plan(btf, &wo, p);
}

/* An unlinked temporary file in $TMPDIR (else /tmp): its fd, or -errno. */
static int spool_file(struct btfx *btf)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, err;

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/btfx-spool.XXXXXX", dir) >= sizeof(path))
		return btfx__err(btf, -ENAMETOOLONG, "stream_open: TMPDIR too long");
	fd = mkstemp(path);
	if (fd < 0) {
		err = -errno;
		return btfx__err(btf, err, "stream_open: spool file in %.200s: %s", dir,
				 strerror(-err));
	}
	unlink(path);
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

static int make_spool(struct btfx_stream *st, uint32_t flags)
{
	int fd = -1;

	if (!(flags & BTFX_STREAM_SPOOL_MEM)) {
		fd = spool_file(st->btf);
		if (fd < 0)
			return fd;
	}
	st->spool = fd < 0 ? btfx_sink_mem(NULL, 0, NULL) : btfx_sink_fd(fd, NULL);
	if (!st->spool) {
		if (fd >= 0)
			close(fd);
		return btfx__err(st->btf, -ENOMEM, "stream_open: out of memory");
	}
	st->spool_fd = fd;
	return 0;
}

/* The sink's error: the stream writer fails with it. */
static int fail(struct btfx_stream *st, int err, struct btfx_sink *s)
{
	st->err = err;
	return btfx__err(st->btf, err, "%s", btfx_sink_errmsg(s));
}

static int start(struct btfx_stream *st, uint32_t flags)
{
	uint8_t zeros[BTFX_HDR_LEN_LAYOUT] = { 0 };
	int err;

	if (!btfx_sink_seekable(st->sink))
		return make_spool(st, flags);
	st->hdr_at = btfx_sink_offset(st->sink);
	if ((err = btfx_sink_write(st->sink, zeros, st->plan.hdr_len)))
		return fail(st, err, st->sink);
	return 0;
}

static void release(struct btfx_stream *st)
{
	struct btfx *btf = st->btf;

	btfx__mem_free(&btf->mem, st->buf);
	btfx_sink_abort(st->spool);
	if (st->spool_fd >= 0)
		close(st->spool_fd);
	btf->stream = NULL;
	st->magic = 0;
	btfx__mem_free(&btf->mem, st);
}

struct btfx_stream *btfx_stream_open(struct btfx *btf, struct btfx_sink *sink,
				     const struct btfx_stream_opts *opts)
{
	struct btfx_stream *st;
	struct btfx_wplan plan;
	int err;

	if (!btf) {
		errno = EINVAL;
		return NULL;
	}
	if ((err = open_plan(btf, sink, opts, &plan)))
		goto err_out;
	st = btfx__mem_alloc(&btf->mem, sizeof(*st));
	if (!st) {
		err = btfx__err(btf, -ENOMEM, "stream_open: out of memory");
		goto err_out;
	}
	memset(st, 0, sizeof(*st));
	st->magic = STREAM_MAGIC;
	st->btf = btf;
	st->sink = sink;
	st->spool_fd = -1;
	st->plan = plan;
	/* Without the buffer every flush goes to the sink as it is. */
	st->buf = btfx__mem_alloc(&btf->mem, STREAM_BUF);
	btf->stream = st;
	if ((err = start(st, BTFX_OPTS_GET(opts, flags, 0)))) {
		release(st);
		goto err_out;
	}
	return st;
err_out:
	errno = -err;
	return NULL;
}

static int check_st(const struct btfx_stream *st)
{
	return st && st->magic == STREAM_MAGIC ? 0 : -EINVAL;
}

/* Where the type section goes: the spool, or the sink. */
static struct btfx_sink *types_out(struct btfx_stream *st)
{
	return st->spool ? st->spool : st->sink;
}

/* Hand the gathered bytes over: 0 or the sink's error (the stream fails). */
static int drain(struct btfx_stream *st)
{
	int err = 0;

	if (st->buf_len)
		err = btfx__write_plain(types_out(st), st->buf, st->buf_len);
	st->buf_len = 0;
	return err ? fail(st, err, types_out(st)) : 0;
}

/* len bytes of records, in the stream's byte order: gathered or written. */
static int put_types(struct btfx_stream *st, const uint8_t *src, size_t len)
{
	struct btfx_sink *out = types_out(st), mem;
	int err;

	if (st->buf && st->buf_len + len > STREAM_BUF && (err = drain(st)))
		return err;
	if (!st->buf || len > STREAM_BUF) {
		if (st->plan.swap)
			err = btfx__write_swapped(st->btf, out, src, len);
		else
			err = btfx__write_plain(out, src, len);
		return err ? fail(st, err, out) : 0;
	}
	/* A memory sink over the buffer's free room: the swap goes straight in. */
	btfx__sink_mem_init(&mem, st->buf + st->buf_len, STREAM_BUF - st->buf_len);
	if (st->plan.swap)
		err = btfx__write_swapped(st->btf, &mem, src, len);
	else
		err = btfx__write_plain(&mem, src, len);
	if (err)
		return fail(st, err, &mem); /* cannot happen: room was checked */
	st->buf_len += len;
	return 0;
}

/* Write and drop the own types below index upto: how many, or -errno. */
static int flush_upto(struct btfx_stream *st, uint32_t upto)
{
	struct btfx *btf = st->btf;
	uint32_t n = upto - btf->nr_flushed;
	size_t len;
	int err;

	if (!n)
		return 0;
	if ((err = btfx__flush_prepare(btf, upto)))
		return btfx__err(btf, err, "stream_flush: %s", btfx_strerror(err));
	/* The records left in memory start at offset 0 of the buffer. */
	len = upto < btf->nr_types ? btf->type_offs[upto] : btf->types.len;
	if ((err = put_types(st, btf->types.data, len)))
		return err;
	st->type_len += len;
	btfx__flush_commit(btf, upto);
	return (int)n;
}

int btfx_stream_flush(struct btfx_stream *st)
{
	struct btfx *btf;
	uint32_t upto;

	if (check_st(st))
		return -EINVAL;
	if (st->err)
		return st->err;
	btf = st->btf;
	upto = btf->nr_types;
	/* The type an incremental builder still appends to stays. */
	if (upto && btf->open_id == btf->start_id + upto - 1)
		upto--;
	return flush_upto(st, upto);
}

/* The header's lengths, now that they are known: 0 or -E2BIG. */
static int plan_final(struct btfx_stream *st)
{
	struct btfx_wplan *p = &st->plan;
	uint64_t str_off = st->type_len + p->hdr.layout_len;
	uint64_t strs = st->btf->strs.data.len;

	if (str_off + strs + p->hdr_len > UINT32_MAX)
		return btfx__err(st->btf, -E2BIG, "stream_close: the blob would pass 4 GiB");
	p->hdr.type_len = (uint32_t)st->type_len;
	p->hdr.layout_off = p->layout ? p->hdr.type_len : 0;
	p->hdr.str_off = (uint32_t)str_off;
	p->hdr.str_len = (uint32_t)strs;
	p->total = p->hdr_len + str_off + strs;
	return 0;
}

/* The layout section and the string section, to the sink. */
static int put_tail(struct btfx_stream *st)
{
	struct btfx *btf = st->btf;
	int err = 0;

	if (st->plan.layout)
		err = btfx__write_layout(btf, &st->plan, st->sink);
	if (!err)
		err = btfx__write_plain(st->sink, btf->strs.data.data, btf->strs.data.len);
	return err ? fail(st, err, st->sink) : 0;
}

/* The spool file's bytes, read back a chunk at a time. */
static int copy_spool_file(struct btfx_stream *st)
{
	uint8_t stack[STACK_CHUNK], *buf;
	size_t cap = COPY_CHUNK;
	uint64_t off = 0;
	ssize_t n;
	int err = 0;

	buf = btfx__mem_alloc(&st->btf->mem, COPY_CHUNK);
	if (!buf) {
		buf = stack;
		cap = STACK_CHUNK;
	}
	while (off < st->type_len && !err) {
		size_t want = st->type_len - off < cap ? (size_t)(st->type_len - off) : cap;

		n = pread(st->spool_fd, buf, want, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			err = btfx__err(st->btf, err, "stream_close: reading the spool file: %s",
					strerror(-err));
			break;
		}
		if ((err = btfx_sink_write(st->sink, buf, (size_t)n)))
			err = fail(st, err, st->sink);
		off += (uint64_t)n;
	}
	if (buf != stack)
		btfx__mem_free(&st->btf->mem, buf);
	return err;
}

/* Unseekable sink: header, spooled types, layout, strings. */
static int finish_spooled(struct btfx_stream *st)
{
	uint8_t hdr[BTFX_HDR_LEN_LAYOUT];
	const void *data;
	size_t len;
	int err;

	btfx__write_header(&st->plan, hdr);
	if ((err = btfx_sink_write(st->sink, hdr, st->plan.hdr_len)))
		return fail(st, err, st->sink);
	if (st->spool_fd >= 0) {
		err = copy_spool_file(st);
	} else {
		data = btfx_sink_mem_data(st->spool, &len);
		if ((err = btfx__write_plain(st->sink, data, len)))
			err = fail(st, err, st->sink);
	}
	return err ? err : put_tail(st);
}

/* Seekable sink: layout, strings, then the header patched. */
static int finish_seekable(struct btfx_stream *st)
{
	uint8_t hdr[BTFX_HDR_LEN_LAYOUT];
	int err;

	if ((err = put_tail(st)))
		return err;
	btfx__write_header(&st->plan, hdr);
	if ((err = btfx_sink_pwrite(st->sink, st->hdr_at, hdr, st->plan.hdr_len)))
		return fail(st, err, st->sink);
	return 0;
}

int btfx_stream_close(struct btfx_stream *st)
{
	struct btfx *btf;
	int err;

	if (check_st(st))
		return -EINVAL;
	btf = st->btf;
	err = st->err;
	if (!err) {
		/* Everything goes now, a type left open as it is. */
		err = flush_upto(st, btf->nr_types);
		err = err < 0 ? err : 0;
	}
	if (!err)
		err = drain(st);
	if (!err) {
		btf->open_id = 0;
		err = plan_final(st);
	}
	if (!err)
		err = st->spool ? finish_spooled(st) : finish_seekable(st);
	release(st);
	return err;
}

void btfx_stream_abort(struct btfx_stream *st)
{
	if (check_st(st))
		return;
	release(st);
}
