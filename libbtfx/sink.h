/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * sink.h - the sink object, for the modules that put one on the stack
 * (the writer's fixed memory output) instead of allocating it.
 */
#ifndef BTFX_SINK_H
#define BTFX_SINK_H

#include <stdint.h>
#include <stdio.h>
#include <btfx/btfx.h>

#define BTFX_SINK_MSG_MAX 256
#define BTFX_SINK_NAME_MAX 64

struct btfx_sink_class;

struct btfx_sink {
	uint32_t magic;
	uint32_t flags; /* BTFX_SINK_* of the opts */
	const struct btfx_sink_class *cls;
	int err;        /* first error, sticky; 0 while healthy */
	int seekable;
	int finished;   /* btfx_sink_finish() was called: no more writes */
	uint64_t off;   /* bytes taken by btfx_sink_write() */
	uint64_t base;  /* fd or FILE: its file offset when the sink was made */
	union {
		struct {
			uint8_t *data;
			size_t len, cap;
			int owned; /* growing buffer of the sink's own */
		} mem;
		struct {
			int fd;
			int owned;	 /* the path sink's temporary file */
			uint8_t *bounce; /* see fd_write_bounced() */
		} fd;
		FILE *file;
		struct {
			struct btfx_sink_ops ops;
			void *ctx;
		} cb;
	} u;
	char *path;    /* path sink: the target and its temporary name */
	char *tmp;
	void *gz;      /* gzip filter state (sink.c) */
	char name[BTFX_SINK_NAME_MAX]; /* "fd 3", "callback", "memory buffer" (path: path) */
	char msg[BTFX_SINK_MSG_MAX];
};

/*
 * A fixed memory sink in caller storage (no allocation): s needs no
 * btfx_sink_close(); read its result from s->u.mem.len and s->err.
 */
void btfx__sink_mem_init(struct btfx_sink *s, void *buf, size_t cap);

/* Is s a live sink? 0 or -EINVAL. */
int btfx__sink_check(const struct btfx_sink *s);

/*
 * Room for len more bytes written in place, for a healthy memory sink
 * (growing it if needed): the caller fills it, then btfx__sink_advance()s.
 * NULL for other sinks, a failed one, or when the room cannot be had: the
 * caller then goes through btfx_sink_write(), which reports why.
 */
void *btfx__sink_room(struct btfx_sink *s, size_t len);
void btfx__sink_advance(struct btfx_sink *s, size_t len);

/*
 * A healthy sink on a regular file: its write buffer, placed so that the
 * kernel's copy from it into the page cache does not alias (see sink.c),
 * and its size in *cap; NULL for other sinks or without memory.  The
 * caller fills up to *cap bytes and hands them over with
 * btfx__sink_put_chunk() (0 or the sink's sticky error).
 */
void *btfx__sink_chunk(struct btfx_sink *s, size_t *cap);
int btfx__sink_put_chunk(struct btfx_sink *s, size_t n);

#endif /* BTFX_SINK_H */
