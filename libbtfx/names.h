/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * names.h - an index of an object's own types by name, for
 * btfx_find_by_name_kind().
 *
 * Built on the first lookup, then kept up to date as types are added.
 * The first lookup may come through a const object (a base shared by
 * split objects in several threads), so the index is published with one
 * atomic compare-and-swap: two threads may both build one, one wins.
 * Adding types is a modification, done by one thread at a time.
 */
#ifndef BTFX_NAMES_H
#define BTFX_NAMES_H

#include <stdint.h>

struct btfx;
struct btfx_names;

/* The first own type named name (not "") of kind (-1: any), or -ENOENT. */
int btfx__names_find(const struct btfx *btf, const char *name, uint32_t hash, int kind);

/* Hash of a name, as btfx__names_find() wants it. */
uint32_t btfx__names_hash(const char *name);

/* Type id was just added: index it, or drop the index if that fails. */
void btfx__names_added(struct btfx *btf, uint32_t id);

/* Forget the index (the object's types were replaced). */
void btfx__names_drop(struct btfx *btf);

#endif /* BTFX_NAMES_H */
