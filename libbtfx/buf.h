/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * buf.h - the allocator and growable byte buffers.
 *
 * Only buf.c calls the allocator.  A buffer either owns its memory (cap > 0
 * or data == NULL) or borrows read-only memory (cap == 0, data != NULL); the
 * first reserve on a borrowed buffer copies it.
 */
#ifndef BTFX_BUF_H
#define BTFX_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <btfx/btfx.h>

/* Largest allocation libbtfx makes; keeps every size well inside 32 bits. */
#define BTFX_ALLOC_MAX ((size_t)1 << 32)

extern const struct btfx_allocator btfx__libc_allocator;

/*
 * A caller's allocator as opts take it: NULL for libc's, else its sz
 * checked as an opts struct's and both functions set.  Returns the
 * allocator to use, or NULL when a is not valid.
 */
const struct btfx_allocator *btfx__allocator_pick(const struct btfx_allocator *a);

/* Allocate n bytes (n * size checked) or NULL. */
void *btfx__mem_alloc(const struct btfx_allocator *a, size_t n);
/* Resize p to cnt * size bytes, overflow- and cap-checked; NULL on failure. */
void *btfx__mem_realloc_array(const struct btfx_allocator *a, void *p, size_t cnt,
			      size_t size);
/* btfx__mem_realloc_array() of a new array, its cnt * size bytes zeroed. */
void *btfx__mem_zalloc_array(const struct btfx_allocator *a, size_t cnt, size_t size);
void btfx__mem_free(const struct btfx_allocator *a, void *p);

struct btfx_buf {
	uint8_t *data;
	size_t len;
	size_t cap; /* 0 with data != NULL: borrowed */
	const struct btfx_allocator *mem;
};

void btfx__buf_init(struct btfx_buf *b, const struct btfx_allocator *mem);
/* Point at borrowed read-only memory. */
void btfx__buf_borrow(struct btfx_buf *b, const void *data, size_t len);
/* Make room for add more bytes; owns the memory afterwards. 0 or -ENOMEM/-E2BIG. */
int btfx__buf_reserve(struct btfx_buf *b, size_t add);
/* Append n bytes (n may be 0): 0, or -ENOMEM/-E2BIG with b unchanged. */
int btfx__buf_append(struct btfx_buf *b, const void *p, size_t n);
/* Room for n more bytes, not yet counted in len (reserve done). */
static inline void *btfx__buf_tail(struct btfx_buf *b)
{
	return b->data + b->len;
}
static inline int btfx__buf_owned(const struct btfx_buf *b)
{
	return b->cap != 0 || b->data == NULL;
}
void btfx__buf_free(struct btfx_buf *b);

#endif /* BTFX_BUF_H */
