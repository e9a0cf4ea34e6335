// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * strtab.c - the string section and its index.
 *
 * The index is an open-addressing table with linear probing, keyed by the
 * XXH3 of each string.  A slot holds the string's offset and 32 bits of its
 * hash: a probe compares hashes before bytes.  Like libbpf's strset, the
 * index stores offsets, not pointers, so it survives the buffer moving.
 * Removal (a rollback) uses backward-shift deletion, so no tombstones.
 *
 * The index is one allocated block behind one pointer.  The first lookup
 * may come through a const object from several threads: each builds an
 * index of the (unchanging) section and publishes it with a
 * compare-and-swap; the losers free theirs.  Growing and removing happen
 * only in modifications, which have the table to themselves.
 */
#include <errno.h>
#include <string.h>

#include "hash.h"
#include "strtab.h"

int btfx__strtab_init(struct btfx_strtab *st, const struct btfx_allocator *mem, int with_empty)
{
	memset(st, 0, sizeof(*st));
	btfx__buf_init(&st->data, mem);
	if (with_empty)
		return btfx__buf_append(&st->data, "", 1);
	return 0;
}

void btfx__strtab_borrow(struct btfx_strtab *st, const void *data, size_t len)
{
	btfx__mem_free(st->data.mem, st->idx);
	st->idx = NULL;
	btfx__buf_borrow(&st->data, data, len);
}

void btfx__strtab_free(struct btfx_strtab *st)
{
	btfx__mem_free(st->data.mem, st->idx);
	st->idx = NULL;
	btfx__buf_free(&st->data);
}

uint32_t btfx__strtab_nr_indexed(const struct btfx_strtab *st)
{
	const struct btfx_strtab_index *idx = __atomic_load_n(&st->idx, __ATOMIC_ACQUIRE);

	return idx ? idx->nr_used : 0;
}

static inline int slot_matches(const struct btfx_strtab *st, const struct btfx_strtab_slot *sl,
			uint32_t h, const char *s, size_t len)
{
	const char *p;

	if (sl->hash != h)
		return 0;
	p = (const char *)st->data.data + sl->off1 - 1;
	return memcmp(p, s, len) == 0 && p[len] == '\0';
}

static void slot_put(struct btfx_strtab_slot *slots, uint32_t mask, uint32_t off, uint32_t h)
{
	uint32_t i = h & mask;

	while (slots[i].off1)
		i = (i + 1) & mask;
	slots[i].off1 = off + 1;
	slots[i].hash = h;
}

static struct btfx_strtab_index *index_alloc(const struct btfx_strtab *st, uint32_t nr)
{
	struct btfx_strtab_index *idx;
	size_t size = sizeof(*idx) + (size_t)nr * sizeof(idx->slots[0]);

	idx = btfx__mem_zalloc_array(st->data.mem, size, 1);
	if (!idx)
		return NULL;
	idx->nr_slots = nr;
	return idx;
}

/* Index every string of the section, first occurrence wins. */
static void index_fill(const struct btfx_strtab *st, struct btfx_strtab_index *idx)
{
	const char *base = (const char *)st->data.data;
	uint32_t mask = idx->nr_slots - 1;
	size_t off = 0, len;

	while (off < st->data.len) {
		uint32_t h, i;
		int dup = 0;

		len = strlen(base + off);
		h = btfx__str_hash(base + off, len);
		for (i = h & mask; idx->slots[i].off1; i = (i + 1) & mask) {
			if (idx->slots[i].hash == h &&
			    !strcmp(base + idx->slots[i].off1 - 1, base + off)) {
				dup = 1;
				break;
			}
		}
		if (!dup) {
			idx->slots[i].off1 = (uint32_t)off + 1;
			idx->slots[i].hash = h;
			idx->nr_used++;
		}
		off += len + 1;
	}
}

/* Number of strings in the section (for sizing the first index). */
static size_t count_strings(const struct btfx_strtab *st)
{
	const char *p = (const char *)st->data.data, *end;
	size_t n = 0;

	if (!st->data.len)
		return 0; /* data may be NULL: no pointer arithmetic on it */
	end = p + st->data.len;
	while (p < end) {
		const char *z = memchr(p, '\0', (size_t)(end - p));

		if (!z)
			break;
		n++;
		p = z + 1;
	}
	return n;
}

/* Slots for want strings at most half full: a power of two, or 0. */
static uint32_t slots_for(size_t want)
{
	uint32_t nr = 64;

	while ((size_t)nr / 2 < want + 1) {
		if (nr >= (1u << 30))
			return 0;
		nr *= 2;
	}
	return nr;
}

/* The index, built and published by this call if need be; NULL: no memory. */
static struct btfx_strtab_index *get_index(const struct btfx_strtab *st, uint32_t extra)
{
	struct btfx_strtab_index **at = (struct btfx_strtab_index **)(uintptr_t)&st->idx;
	struct btfx_strtab_index *idx = __atomic_load_n(at, __ATOMIC_ACQUIRE), *none = NULL;
	uint32_t nr;

	if (idx)
		return idx;
	if (!(nr = slots_for(count_strings(st) + extra)) || !(idx = index_alloc(st, nr)))
		return NULL;
	index_fill(st, idx);
	if (!__atomic_compare_exchange_n(at, &none, idx, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		/* Another thread published one first: use it. */
		btfx__mem_free(st->data.mem, idx);
		idx = none;
	}
	return idx;
}

/* Make room for one more string (a modification). 0 or -ENOMEM. */
static int grow(struct btfx_strtab *st)
{
	struct btfx_strtab_index *idx = st->idx, *bigger;
	uint32_t i, nr;

	/* The common case first: a modification has the index to itself, no atomics. */
	if (idx && (idx->nr_used + 2) * 2 <= idx->nr_slots)
		return 0;
	if (!(idx = get_index(st, 1)))
		return -ENOMEM;
	if ((idx->nr_used + 2) * 2 <= idx->nr_slots)
		return 0;
	if (!(nr = slots_for((size_t)idx->nr_used + 1)) || !(bigger = index_alloc(st, nr)))
		return -ENOMEM;
	/* Move the slots: no need to hash the strings again. */
	for (i = 0; i < idx->nr_slots; i++) {
		if (idx->slots[i].off1)
			slot_put(bigger->slots, nr - 1, idx->slots[i].off1 - 1, idx->slots[i].hash);
	}
	bigger->nr_used = idx->nr_used;
	btfx__mem_free(st->data.mem, idx);
	__atomic_store_n(&st->idx, bigger, __ATOMIC_RELEASE);
	return 0;
}

/* Look s up by its hash h: 0 and *off_out, or -ENOENT with *slot_out free. */
static inline int lookup(const struct btfx_strtab *st, const struct btfx_strtab_index *idx,
		  const char *s, size_t len, uint32_t h, uint32_t *off_out, uint32_t *slot_out)
{
	uint32_t i, mask = idx->nr_slots - 1;

	for (i = h & mask; idx->slots[i].off1; i = (i + 1) & mask) {
		if (slot_matches(st, &idx->slots[i], h, s, len)) {
			*off_out = idx->slots[i].off1 - 1;
			return 0;
		}
	}
	*slot_out = i;
	return -ENOENT;
}

int btfx__strtab_find(const struct btfx_strtab *st, const char *s, size_t len,
		      uint32_t *off_out)
{
	const struct btfx_strtab_index *idx = get_index(st, 0);
	uint32_t slot;

	if (!idx)
		return -ENOMEM;
	return lookup(st, idx, s, len, btfx__str_hash(s, len), off_out, &slot);
}

int btfx__strtab_add(struct btfx_strtab *st, const char *s, size_t len, size_t max_len,
		     uint32_t *off_out)
{
	struct btfx_strtab_index *idx;
	uint32_t h, slot;
	size_t off;
	int err;

	/* Room for one more string keeps the load at most one half. */
	if ((err = grow(st)))
		return err;
	idx = st->idx;
	h = btfx__str_hash(s, len);
	if (!lookup(st, idx, s, len, h, off_out, &slot))
		return 0;
	off = st->data.len;
	if (len + 1 > max_len || off > max_len - len - 1)
		return -E2BIG;
	/* s may point into our own buffer: reserve, then copy from the new place. */
	if (st->data.data && s >= (const char *)st->data.data &&
	    s < (const char *)st->data.data + st->data.len) {
		size_t src = (size_t)(s - (const char *)st->data.data);

		err = btfx__buf_reserve(&st->data, len + 1);
		if (err)
			return err;
		s = (const char *)st->data.data + src;
	} else if ((err = btfx__buf_reserve(&st->data, len + 1))) {
		return err;
	}
	memcpy(st->data.data + off, s, len);
	st->data.data[off + len] = '\0';
	st->data.len += len + 1;
	idx->slots[slot].off1 = (uint32_t)off + 1;
	idx->slots[slot].hash = h;
	idx->nr_used++;
	*off_out = (uint32_t)off;
	return 0;
}

/* Remove the slot at i, shifting later members of its cluster back. */
static void slot_del(struct btfx_strtab_index *idx, uint32_t i)
{
	uint32_t mask = idx->nr_slots - 1, j = i, home;

	for (;;) {
		idx->slots[i].off1 = 0;
		for (;;) {
			j = (j + 1) & mask;
			if (!idx->slots[j].off1)
				return;
			home = idx->slots[j].hash & mask;
			/* Can slot j move to i?  Only if home is not in (i, j]. */
			if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
				break;
		}
		idx->slots[i] = idx->slots[j];
		i = j;
	}
}

void btfx__strtab_truncate(struct btfx_strtab *st, size_t mark)
{
	const char *base = (const char *)st->data.data;
	struct btfx_strtab_index *idx = st->idx;
	size_t off = mark;

	if (mark >= st->data.len)
		return;
	while (idx && off < st->data.len) {
		size_t len = strlen(base + off);
		uint32_t h = btfx__str_hash(base + off, len), mask = idx->nr_slots - 1, i;

		for (i = h & mask; idx->slots[i].off1; i = (i + 1) & mask) {
			if (idx->slots[i].off1 - 1 == off) {
				slot_del(idx, i);
				idx->nr_used--;
				break;
			}
		}
		off += len + 1;
	}
	st->data.len = mark;
}
