/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * hashcons.h - the table behind BTFX_NEW_HASHCONS: an object's own types
 * keyed by the XXH3 of their record's bytes, so that a builder can find a
 * type identical to the one it is about to add.
 *
 * The table covers the own types below an index (upto) and is caught up
 * lazily, on the next lookup: types added without it (a loaded blob,
 * btfx_add_btf(), a type closed implicitly) are hashed then.  Each distinct
 * record is in it once, under its lowest id.  A lookup compares the bytes
 * on a hash match, so a record changed in place after it was indexed is at
 * worst not found; whoever changes records in place calls
 * btfx__hashcons_drop() so that they are indexed again.  Records that
 * were flushed to a stream (their bytes gone) are compared by a 128-bit
 * XXH3 kept for each of them instead: 16 bytes per flushed type.
 */
#ifndef BTFX_HASHCONS_H
#define BTFX_HASHCONS_H

#include <stdint.h>

struct btfx;
struct btfx_hashcons;

/*
 * Cover the own types below index limit (at most nr_types), make room for
 * one more, then look for rec, a record of len bytes that is none of them.
 * Returns the lowest own id below limit whose record is rec's bytes, 0 when
 * there is none (*hash_out then set for btfx__hashcons_insert()), or
 * -ENOMEM with the table as it was.
 */
int btfx__hashcons_find(struct btfx *btf, uint32_t limit, const void *rec, uint32_t len,
			uint32_t *hash_out);

/*
 * Own type id, published at index limit of the last btfx__hashcons_find()
 * that returned 0, with that call's hash.  Never fails (room was made).
 */
void btfx__hashcons_insert(struct btfx *btf, uint32_t id, uint32_t hash);

/* Forget the table (records changed or went away): rebuilt on the next find. */
void btfx__hashcons_drop(struct btfx *btf);

/* Own types the table covers (ids below start_id + this); 0 without a table. */
uint32_t btfx__hashcons_upto(const struct btfx *btf);

/*
 * Flush-as-you-go: keep the 128-bit XXH3 of the records of own types
 * [nr_flushed, upto), about to be dropped, in btf->flushed_hash: later
 * lookups trust a match of those 128 bits for them, as their bytes are
 * gone.  0 or -ENOMEM (nothing changed that matters: the new hashes are
 * used only once nr_flushed covers them).
 */
int btfx__hashcons_flush(struct btfx *btf, uint32_t upto);

#endif /* BTFX_HASHCONS_H */
