// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * strtab.c - the string section and its index.
 *
 * The index is an open-addressing table with linear probing, keyed by the
 * XXH3 of each string.  A slot holds the string's offset and 32 bits of its
 * hash: a probe compares hashes before bytes.  Like libbpf's strset, the
 * index stores offsets, not pointers, so it survives the buffer moving.
 * Removal (a rollback) uses backward-shift deletion, so no tombstones.
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
	btfx__mem_free(st->data.mem, st->slots);
	st->slots = NULL;
	st->nr_slots = 0;
	st->nr_used = 0;
	btfx__buf_borrow(&st->data, data, len);
}

void btfx__strtab_free(struct btfx_strtab *st)
{
	btfx__mem_free(st->data.mem, st->slots);
	st->slots = NULL;
	st->nr_slots = st->nr_used = 0;
	btfx__buf_free(&st->data);
}

static int slot_matches(const struct btfx_strtab *st, const struct btfx_strtab_slot *sl,
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

/* Rebuild the index with nr slots over every string in the section. */
static int rehash(struct btfx_strtab *st, uint32_t nr)
{
	struct btfx_strtab_slot *slots;
	const char *base = (const char *)st->data.data;
	size_t off = 0, len;
	uint32_t used = 0;

	slots = btfx__mem_realloc_array(st->data.mem, NULL, nr, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	memset(slots, 0, (size_t)nr * sizeof(*slots));
	if (st->nr_slots) {
		/* Move the existing slots: no need to hash the strings again. */
		uint32_t i;

		for (i = 0; i < st->nr_slots; i++) {
			if (!st->slots[i].off1)
				continue;
			slot_put(slots, nr - 1, st->slots[i].off1 - 1, st->slots[i].hash);
			used++;
		}
	} else {
		/* First index: every string, first occurrence wins. */
		while (off < st->data.len) {
			uint32_t h, i;
			int dup = 0;

			len = strlen(base + off);
			h = btfx__str_hash(base + off, len);
			for (i = h & (nr - 1); slots[i].off1; i = (i + 1) & (nr - 1)) {
				if (slots[i].hash == h && !strcmp(base + slots[i].off1 - 1, base + off)) {
					dup = 1;
					break;
				}
			}
			if (!dup) {
				slots[i].off1 = (uint32_t)off + 1;
				slots[i].hash = h;
				used++;
			}
			off += len + 1;
		}
	}
	btfx__mem_free(st->data.mem, st->slots);
	st->slots = slots;
	st->nr_slots = nr;
	st->nr_used = used;
	return 0;
}

/* Make sure the index exists and has room for one more string. */
/* Number of strings in the section (for sizing the first index). */
static size_t count_strings(const struct btfx_strtab *st)
{
	const char *p = (const char *)st->data.data, *end = p + st->data.len;
	size_t n = 0;

	while (p < end) {
		const char *z = memchr(p, '\0', (size_t)(end - p));

		if (!z)
			break;
		n++;
		p = z + 1;
	}
	return n;
}

static int ensure_index(struct btfx_strtab *st, uint32_t extra)
{
	uint32_t nr = st->nr_slots ? st->nr_slots : 64;
	size_t want = (st->nr_slots ? (size_t)st->nr_used : count_strings(st)) + extra;

	while ((size_t)nr / 2 < want + 1) {
		if (nr >= (1u << 30))
			return -ENOMEM;
		nr *= 2;
	}
	if (nr == st->nr_slots)
		return 0;
	return rehash(st, nr);
}

/* Look s up by its hash h: 0 and *off_out, or -ENOENT with *slot_out free. */
static int lookup(const struct btfx_strtab *st, const char *s, size_t len, uint32_t h,
		  uint32_t *off_out, uint32_t *slot_out)
{
	uint32_t i, mask = st->nr_slots - 1;

	for (i = h & mask; st->slots[i].off1; i = (i + 1) & mask) {
		if (slot_matches(st, &st->slots[i], h, s, len)) {
			*off_out = st->slots[i].off1 - 1;
			return 0;
		}
	}
	*slot_out = i;
	return -ENOENT;
}

int btfx__strtab_find(struct btfx_strtab *st, const char *s, size_t len, uint32_t *off_out)
{
	uint32_t slot;
	int err;

	if (!st->nr_slots && (err = ensure_index(st, 0)))
		return err;
	return lookup(st, s, len, btfx__str_hash(s, len), off_out, &slot);
}

int btfx__strtab_add(struct btfx_strtab *st, const char *s, size_t len, size_t max_len,
		     uint32_t *off_out)
{
	uint32_t h, slot;
	size_t off;
	int err;

	/* Room for one more string keeps the load at most one half. */
	if ((!st->nr_slots || (st->nr_used + 2) * 2 > st->nr_slots) && (err = ensure_index(st, 1)))
		return err;
	h = btfx__str_hash(s, len);
	if (!lookup(st, s, len, h, off_out, &slot))
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
	st->slots[slot].off1 = (uint32_t)off + 1;
	st->slots[slot].hash = h;
	st->nr_used++;
	*off_out = (uint32_t)off;
	return 0;
}

/* Remove the slot at i, shifting later members of its cluster back. */
static void slot_del(struct btfx_strtab *st, uint32_t i)
{
	uint32_t mask = st->nr_slots - 1, j = i, home;

	for (;;) {
		st->slots[i].off1 = 0;
		for (;;) {
			j = (j + 1) & mask;
			if (!st->slots[j].off1)
				return;
			home = st->slots[j].hash & mask;
			/* Can slot j move to i?  Only if home is not in (i, j]. */
			if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
				break;
		}
		st->slots[i] = st->slots[j];
		i = j;
	}
}

void btfx__strtab_truncate(struct btfx_strtab *st, size_t mark)
{
	const char *base = (const char *)st->data.data;
	size_t off = mark;

	if (mark >= st->data.len)
		return;
	if (st->nr_slots) {
		while (off < st->data.len) {
			size_t len = strlen(base + off);
			uint32_t h = btfx__str_hash(base + off, len), mask = st->nr_slots - 1, i;

			for (i = h & mask; st->slots[i].off1; i = (i + 1) & mask) {
				if (st->slots[i].off1 - 1 == off) {
					slot_del(st, i);
					st->nr_used--;
					break;
				}
			}
			off += len + 1;
		}
	}
	st->data.len = mark;
}
