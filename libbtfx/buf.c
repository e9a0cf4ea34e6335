// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * buf.c - the allocator and growable byte buffers.  The only place that
 * calls an allocator: every size is overflow-checked and capped here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *libc_realloc(void *ctx, void *p, size_t n)
{
	(void)ctx;
	return realloc(p, n);
}

static void libc_free(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

const struct btfx_allocator btfx__libc_allocator = {
	.sz = sizeof(struct btfx_allocator),
	.realloc = libc_realloc,
	.free = libc_free,
	.ctx = NULL,
};

const struct btfx_allocator *btfx__allocator_pick(const struct btfx_allocator *a)
{
	if (!a)
		return &btfx__libc_allocator;
	if (a->sz < sizeof(*a) || btfx__opts_valid(a, a->sz, sizeof(*a)) || !a->realloc ||
	    !a->free)
		return NULL;
	return a;
}

void *btfx__mem_realloc_array(const struct btfx_allocator *a, void *p, size_t cnt, size_t size)
{
	if (size && cnt > BTFX_ALLOC_MAX / size)
		return NULL;
	if (cnt * size == 0)
		cnt = size = 1;
	return a->realloc(a->ctx, p, cnt * size);
}

void *btfx__mem_alloc(const struct btfx_allocator *a, size_t n)
{
	return btfx__mem_realloc_array(a, NULL, n, 1);
}

void *btfx__mem_zalloc_array(const struct btfx_allocator *a, size_t cnt, size_t size)
{
	void *p = btfx__mem_realloc_array(a, NULL, cnt, size);

	if (p)
		memset(p, 0, cnt * size);
	return p;
}

void btfx__mem_free(const struct btfx_allocator *a, void *p)
{
	if (p)
		a->free(a->ctx, p);
}

void btfx__buf_init(struct btfx_buf *b, const struct btfx_allocator *mem)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->mem = mem;
}

void btfx__buf_borrow(struct btfx_buf *b, const void *data, size_t len)
{
	btfx__buf_free(b);
	/* Never written through while borrowed: reserve copies first. */
	b->data = (uint8_t *)(uintptr_t)data;
	b->len = len;
	b->cap = 0;
}

int btfx__buf_reserve(struct btfx_buf *b, size_t add)
{
	size_t need, cap;
	uint8_t *p;

	if (add > BTFX_ALLOC_MAX - b->len)
		return -E2BIG;
	need = b->len + add;
	if (btfx__buf_owned(b) && need <= b->cap)
		return 0;
	/* Amortised growth: +50%, at least 256 bytes. */
	cap = b->cap + b->cap / 2;
	if (cap < need)
		cap = need;
	if (cap < 256)
		cap = 256;
	if (cap > BTFX_ALLOC_MAX)
		cap = BTFX_ALLOC_MAX;
	if (btfx__buf_owned(b)) {
		p = btfx__mem_realloc_array(b->mem, b->data, cap, 1);
		if (!p)
			return -ENOMEM;
	} else {
		p = btfx__mem_alloc(b->mem, cap);
		if (!p)
			return -ENOMEM;
		memcpy(p, b->data, b->len);
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int btfx__buf_append(struct btfx_buf *b, const void *p, size_t n)
{
	int err = btfx__buf_reserve(b, n);

	if (err)
		return err;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

void btfx__buf_free(struct btfx_buf *b)
{
	if (btfx__buf_owned(b))
		btfx__mem_free(b->mem, b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}
