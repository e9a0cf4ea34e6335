/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * strtab.h - the string section: NUL-terminated strings in one growable
 * buffer, and an XXH3-keyed open-addressing index from string to offset,
 * built on first use.  Offsets here are local to this section.
 */
#ifndef BTFX_STRTAB_H
#define BTFX_STRTAB_H

#include "buf.h"

struct btfx_strtab_slot {
	uint32_t off1; /* offset + 1; 0 = empty */
	uint32_t hash; /* low 32 bits of the string's XXH3 */
};

/* The index: one block, so that one pointer publishes all of it. */
struct btfx_strtab_index {
	uint32_t nr_slots; /* a power of two */
	uint32_t nr_used;
	struct btfx_strtab_slot slots[];
};

/*
 * The index is built on first use.  A lookup may be the first use and come
 * through a const object (a base shared by split objects in several
 * threads): it builds an index and publishes it with one atomic
 * compare-and-swap; a thread that loses frees its own and uses the
 * winner's.  Adding and truncating are modifications, made by one thread
 * while nobody else uses the table.
 */
struct btfx_strtab {
	struct btfx_buf data;
	struct btfx_strtab_index *idx; /* NULL before the first use */
};

/* Empty table; with_empty adds "" at offset 0. 0 or -ENOMEM. */
int btfx__strtab_init(struct btfx_strtab *st, const struct btfx_allocator *mem, int with_empty);
/* Borrow an existing section (checked by the caller: ends with NUL). */
void btfx__strtab_borrow(struct btfx_strtab *st, const void *data, size_t len);
void btfx__strtab_free(struct btfx_strtab *st);

/*
 * Offset of s in the table, or -ENOENT; -ENOMEM if the index cannot be
 * built.  Safe from several threads at once on a table nobody modifies.
 */
int btfx__strtab_find(const struct btfx_strtab *st, const char *s, size_t len,
		      uint32_t *off_out);
/* Strings in the index (0 before it exists). */
uint32_t btfx__strtab_nr_indexed(const struct btfx_strtab *st);
/* Add s (or find it): 0 and *off_out, -E2BIG past max_len bytes, -ENOMEM. */
int btfx__strtab_add(struct btfx_strtab *st, const char *s, size_t len, size_t max_len,
		     uint32_t *off_out);
/* Drop every string added at or after offset mark (a rollback). */
void btfx__strtab_truncate(struct btfx_strtab *st, size_t mark);

static inline const char *btfx__strtab_at(const struct btfx_strtab *st, uint32_t off)
{
	return off < st->data.len ? (const char *)st->data.data + off : NULL;
}

#endif /* BTFX_STRTAB_H */
