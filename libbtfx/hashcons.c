// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * hashcons.c - own types by the hash of their record (BTFX_NEW_HASHCONS).
 *
 * Names are deduplicated string offsets and type ids are plain numbers, so
 * two records describe the same type exactly when their bytes are equal:
 * the key is XXH3 over the record, a hit is confirmed with memcmp.  Open
 * addressing with linear probing over (hash, id) slots in one block, at
 * most half full, grown by doubling into a new block (no allocation per
 * type); never deleted from, except by dropping the whole table.  A record
 * equal to one already indexed is not indexed again, so every lookup
 * answers the lowest id, whatever the order of the slots.
 *
 * Flush-as-you-go (stream.c) drops the records of flushed types, so a
 * match against one of them cannot be confirmed by memcmp.  Their bytes
 * could be kept in a store of the table's own, which costs as much memory
 * as the flushed type section itself; instead the 128-bit XXH3 of each
 * flushed record is kept (16 bytes per flushed type, on top of the 8-byte
 * slots the table has anyway) and a match of all 128 bits is trusted.
 * XXH3-128 has no known collisions on such inputs; by the birthday bound
 * two of 2^32 different records collide with probability below 2^-64.
 * The slot hash is the low 32 bits of that same 128-bit hash, so the
 * table can be rebuilt (grown, or after a drop) without the records.
 */
#include <string.h>

#include "hash.h"
#include "hashcons.h"
#include "internal.h"

struct slot {
	uint32_t hash; /* low 32 bits of the record's XXH3 */
	uint32_t id;   /* 0: empty */
};

struct btfx_hashcons {
	uint32_t mask; /* slots - 1 */
	uint32_t used; /* records indexed */
	uint32_t upto; /* own types looked at: indexes below upto */
	uint32_t unused;
	struct slot slot[];
};

#define MIN_SLOTS 64

struct btfx_h128 {
	uint64_t lo, hi;
};

static struct btfx_h128 rec_hash(const void *rec, uint32_t len)
{
	XXH128_hash_t h = XXH3_128bits(rec, len);
	struct btfx_h128 r = { h.low64, h.high64 };

	return r;
}

/* Bytes of the record of own type index idx. */
static uint32_t own_len(const struct btfx *btf, uint32_t idx)
{
	if (idx + 1 < btf->nr_types)
		return btf->type_offs[idx + 1] - btf->type_offs[idx];
	return (uint32_t)btf->types.len - btf->type_offs[idx];
}

/* Is own type idx (indexed, below limit) the record rec, of hash h? */
static int same(const struct btfx *btf, uint32_t idx, const void *rec, uint32_t len,
		const struct btfx_h128 *h)
{
	const struct btfx_h128 *f;

	if (idx < btf->nr_flushed) {
		f = &btf->flushed_hash[idx];
		return f->lo == h->lo && f->hi == h->hi;
	}
	return own_len(btf, idx) == len && !memcmp(btf->types.data + btf->type_offs[idx], rec, len);
}

/* The indexed own type below index limit whose record is rec, or 0. */
static uint32_t lookup(const struct btfx *btf, const struct btfx_hashcons *hc, uint32_t limit,
		       const void *rec, uint32_t len, const struct btfx_h128 *h)
{
	uint32_t i, id, idx, hash = (uint32_t)h->lo;

	for (i = hash & hc->mask; (id = hc->slot[i].id); i = (i + 1) & hc->mask) {
		idx = id - btf->start_id;
		if (hc->slot[i].hash != hash || idx >= limit)
			continue;
		if (same(btf, idx, rec, len, h))
			return id;
	}
	return 0;
}

static void insert(struct btfx_hashcons *hc, uint32_t hash, uint32_t id)
{
	uint32_t i = hash & hc->mask;

	while (hc->slot[i].id)
		i = (i + 1) & hc->mask;
	hc->slot[i].hash = hash;
	hc->slot[i].id = id;
	hc->used++;
}

/*
 * Room for more entries (fresh: in a new, empty table covering nothing):
 * 0, or -ENOMEM with the table as it was.
 */
static int reserve(struct btfx *btf, uint64_t more, int fresh)
{
	struct btfx_hashcons *old = fresh ? NULL : btf->hc, *hc;
	uint64_t want = (old ? old->used : 0) + more;
	uint64_t slots = MIN_SLOTS, i;

	if (old && want * 2 <= (uint64_t)old->mask + 1)
		return 0;
	while (slots < want * 2)
		slots *= 2;
	if (slots > UINT32_MAX)
		return -ENOMEM;
	hc = btfx__mem_realloc_array(&btf->mem, NULL, slots * sizeof(hc->slot[0]) + sizeof(*hc),
				     1);
	if (!hc)
		return -ENOMEM;
	memset(hc, 0, sizeof(*hc) + slots * sizeof(hc->slot[0]));
	hc->mask = (uint32_t)slots - 1;
	hc->upto = old ? old->upto : 0;
	for (i = 0; old && i <= old->mask; i++) {
		if (old->slot[i].id)
			insert(hc, old->slot[i].hash, old->slot[i].id);
	}
	btfx__hashcons_drop(btf);
	btf->hc = hc;
	return 0;
}

/* Index the own types from upto to limit, a duplicate only under its first id. */
static void catch_up(struct btfx *btf, uint32_t limit)
{
	struct btfx_hashcons *hc = btf->hc;
	const void *rec = NULL;
	struct btfx_h128 h;
	uint32_t len = 0;

	for (; hc->upto < limit; hc->upto++) {
		if (hc->upto < btf->nr_flushed) {
			h = btf->flushed_hash[hc->upto];
		} else {
			rec = btf->types.data + btf->type_offs[hc->upto];
			len = own_len(btf, hc->upto);
			h = rec_hash(rec, len);
		}
		if (!lookup(btf, hc, hc->upto, rec, len, &h))
			insert(hc, (uint32_t)h.lo, btf->start_id + hc->upto);
	}
}

int btfx__hashcons_find(struct btfx *btf, uint32_t limit, const void *rec, uint32_t len,
			uint32_t *hash_out)
{
	/* Types went away under the table (replaced): index them anew. */
	int fresh = btf->hc && btf->hc->upto > limit;
	uint32_t upto = btf->hc && !fresh ? btf->hc->upto : 0;
	struct btfx_h128 h;
	int err;

	err = reserve(btf, (uint64_t)limit - upto + 1, fresh);
	if (err)
		return err;
	catch_up(btf, limit);
	h = rec_hash(rec, len);
	*hash_out = (uint32_t)h.lo;
	return (int)lookup(btf, btf->hc, limit, rec, len, &h);
}

void btfx__hashcons_insert(struct btfx *btf, uint32_t id, uint32_t hash)
{
	struct btfx_hashcons *hc = btf->hc;

	/* Anything else would break the order; the next catch-up indexes it. */
	if (!hc || id - btf->start_id != hc->upto || (hc->used + 1) * 2 > hc->mask + 1)
		return;
	insert(hc, hash, id);
	hc->upto++;
}

void btfx__hashcons_drop(struct btfx *btf)
{
	btfx__mem_free(&btf->mem, btf->hc);
	btf->hc = NULL;
}

uint32_t btfx__hashcons_upto(const struct btfx *btf)
{
	return btf->hc ? btf->hc->upto : 0;
}

int btfx__hashcons_flush(struct btfx *btf, uint32_t upto)
{
	struct btfx_h128 *p = btf->flushed_hash;
	uint64_t cap = btf->flushed_hash_cap;
	uint32_t i;

	if (upto > cap) {
		cap = cap + cap / 2 > upto ? cap + cap / 2 : upto;
		if (cap > UINT32_MAX)
			cap = UINT32_MAX;
		p = btfx__mem_realloc_array(&btf->mem, p, (size_t)cap, sizeof(*p));
		if (!p)
			return -ENOMEM;
		btf->flushed_hash = p;
		btf->flushed_hash_cap = (uint32_t)cap;
	}
	for (i = btf->nr_flushed; i < upto; i++)
		p[i] = rec_hash(btf->types.data + btf->type_offs[i], own_len(btf, i));
	return 0;
}
