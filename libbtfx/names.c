// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * names.c - the index of own types by name behind btfx_find_by_name_kind().
 *
 * Open addressing with linear probing over (hash, type id) slots, filled
 * in ascending id order and never deleted from: the types of one name are
 * met along their probe sequence in ascending id order, so the first match
 * is the lowest id, as a scan from id 1 would find.  Growing rebuilds from
 * the types, which keeps that order.
 */
#include <errno.h>
#include <string.h>

#include "hash.h"
#include "internal.h"
#include "names.h"

struct slot {
	uint32_t hash; /* btfx__str_hash() of the name */
	uint32_t id;   /* 0: empty */
};

struct btfx_names {
	uint32_t mask; /* slots - 1 */
	uint32_t used; /* named types indexed */
	uint32_t upto; /* own types looked at: ids below start_id + upto */
	struct slot slot[];
};

uint32_t btfx__names_hash(const char *name)
{
	return btfx__str_hash(name, strlen(name));
}

/* The name of own type id, or NULL when it has none (or was flushed: not indexed). */
static const char *own_name(const struct btfx *btf, uint32_t id)
{
	const char *s;

	if (btfx__is_flushed(btf, id))
		return NULL;
	s = btfx_str_by_offset(btf, btfx__own_type(btf, id)->name_off);

	return s && *s ? s : NULL;
}

static void insert(struct btfx_names *n, uint32_t hash, uint32_t id)
{
	uint32_t i = hash & n->mask;

	while (n->slot[i].id)
		i = (i + 1) & n->mask;
	n->slot[i].hash = hash;
	n->slot[i].id = id;
	n->used++;
}

/* An index of all own types with room for `room` more names, or NULL. */
static struct btfx_names *build(const struct btfx *btf, uint32_t room)
{
	uint32_t i, named = 0, slots = 16;
	struct btfx_names *n;
	const char *s;

	for (i = 0; i < btf->nr_types; i++)
		named += !!own_name(btf, btf->start_id + i);
	/* At most half full, with the room asked for. */
	while (slots / 2 < named + room)
		slots *= 2;
	n = btfx__mem_alloc(&btf->mem, sizeof(*n) + (size_t)slots * sizeof(n->slot[0]));
	if (!n)
		return NULL;
	memset(n->slot, 0, (size_t)slots * sizeof(n->slot[0]));
	n->mask = slots - 1;
	n->used = 0;
	n->upto = btf->nr_types;
	for (i = 0; i < btf->nr_types; i++) {
		if ((s = own_name(btf, btf->start_id + i)))
			insert(n, btfx__names_hash(s), btf->start_id + i);
	}
	return n;
}

/* The object's index, built and published by this call if need be. */
static const struct btfx_names *get(const struct btfx *btf)
{
	struct btfx_names **at = (struct btfx_names **)(uintptr_t)&btf->names;
	struct btfx_names *n = __atomic_load_n(at, __ATOMIC_ACQUIRE), *none = NULL;

	if (n)
		return n;
	if (!(n = build(btf, 0)))
		return NULL;
	if (!__atomic_compare_exchange_n(at, &none, n, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		/* Another thread published one first: use it. */
		btfx__mem_free(&btf->mem, n);
		n = none;
	}
	return n;
}

static int matches(const struct btfx *btf, uint32_t id, const char *name, int kind)
{
	const struct btfx_type *t;
	const char *s;

	if (btfx__is_flushed(btf, id))
		return 0;
	t = btfx__own_type(btf, id);
	if (kind >= 0 && btfx_kind(t) != (unsigned int)kind)
		return 0;
	s = btfx_str_by_offset(btf, t->name_off);
	return s && !strcmp(s, name);
}

int btfx__names_find(const struct btfx *btf, const char *name, uint32_t hash, int kind)
{
	const struct btfx_names *n = get(btf);
	uint32_t i, id;

	if (!n) {
		/* No memory for an index: look at every own type. */
		for (i = 0; i < btf->nr_types; i++) {
			if (matches(btf, btf->start_id + i, name, kind))
				return (int)(btf->start_id + i);
		}
		return -ENOENT;
	}
	for (i = hash & n->mask; (id = n->slot[i].id); i = (i + 1) & n->mask) {
		/* (An id past the types would be a stale slot; none should be.) */
		if (n->slot[i].hash == hash && id - btf->start_id < btf->nr_types &&
		    matches(btf, id, name, kind))
			return (int)id;
	}
	return -ENOENT;
}

void btfx__names_drop(struct btfx *btf)
{
	btfx__mem_free(&btf->mem, btf->names);
	btf->names = NULL;
}

void btfx__names_added(struct btfx *btf, uint32_t id)
{
	struct btfx_names *n = btf->names;
	const char *s;

	if (!n)
		return;
	if (id != btf->start_id + n->upto || id >= btf->start_id + btf->nr_types) {
		btfx__names_drop(btf);
		return;
	}
	n->upto++;
	if (!(s = own_name(btf, id)))
		return;
	if ((n->used + 1) * 2 > n->mask + 1) {
		/* Rebuilt with the new type in it, and room to grow. */
		struct btfx_names *bigger = build(btf, n->used + 1);

		btfx__names_drop(btf);
		btf->names = bigger;
		return;
	}
	insert(n, btfx__names_hash(s), id);
}
