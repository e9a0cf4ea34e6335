// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dedup.c - full graph deduplication of an object's types (btfx_dedup()).
 *
 * The problem.  An encoder emits the types of every compile unit again:
 * `int`, `struct list_head` and `struct task_struct` appear once per unit
 * that reaches them, and a unit that only points to a struct may know it
 * only as a forward declaration (FWD).  Dedup finds, for every type, one
 * canonical representative among the types that describe the same C type,
 * keeps the representatives only, and renumbers every reference.  The
 * result must be what libbpf's btf__dedup() gives, whose algorithm this
 * file follows (the blog post "BTF deduplication" of 2018 and the comments
 * of libbpf's src/btf.c describe it); the code is our own.
 *
 * The passes.
 *
 *  1. Strings.  Every string offset of every own record is looked up in
 *     the order records and their fields come; a string the base has takes
 *     the base's offset, the others go into a new string section in order
 *     of first use.  Unused strings go; equal strings get one offset.  A
 *     memo from old to new offsets looks each string up once.
 *     From here on two names must be equal exactly when their offsets
 *     are: true of the old offsets already when no string has two of
 *     them and the base has none (what encoders write); otherwise the
 *     passes work on a copy of the records holding the new offsets.
 *
 *  2. Primitive types: INT, FLOAT, FWD by their whole record; ENUM and
 *     ENUM64 by name first, then values.  An enum declared but not defined
 *     (vlen 0) is equivalent to any ENUM or ENUM64 of its name, whatever
 *     its size and kind, and resolves to the full one, whichever came first.
 *
 *  3. STRUCT, UNION and TYPEDEF.  Their members may point back to
 *     themselves, so they cannot be compared field by field as values.
 *     Two candidates that agree on everything but referenced ids (name,
 *     size, member names and offsets) are compared as graphs: a walk of
 *     both at once records a hypothetical map from each type of the
 *     canonical graph to the type met at the same place in the candidate
 *     graph.  Meeting a type again with the same partner closes a cycle
 *     and agrees; meeting it with another partner is a contradiction,
 *     unless the two partners are structurally identical (compilers emit
 *     identical copies of a type in one unit).  A FWD meets a STRUCT or
 *     UNION of its name and kind: they agree, and if the whole graphs do,
 *     the FWD resolves to the struct.  Success also maps the candidate's
 *     structs that are known to correspond to canonical ones.
 *
 *  4. A FWD still unresolved resolves to the one canonical STRUCT or UNION
 *     of its name and kind, and stays when there are several.
 *
 *  5. Reference types: PTR, TYPEDEF's kin (CONST, VOLATILE, RESTRICT,
 *     TYPE_TAG), FUNC, DECL_TAG, ARRAY, FUNC_PROTO.  Their referenced ids
 *     are made canonical first, depth first (every chain of references
 *     ends at a type of passes 2-4), and then the records are compared
 *     whole, each referenced id read as its canonical one: equal records
 *     are one type.  VAR and DATASEC are never merged.
 *
 *  6. Compaction: the representatives are copied out in their order and
 *     get consecutive ids; in the copies every string offset takes its new
 *     value and every type id goes through the canonical map and the new
 *     numbering.
 *
 * One shortcut libbpf does not take.  The canonical graph of a check is
 * made of the records of the candidate it started from, many of which are
 * copies already mapped to a canonical type, and a kernel struct meets the
 * copies of, say, `struct list_head` of many units in one check.  libbpf
 * walks the candidate's struct against each copy again; here, once a
 * candidate STRUCT or UNION has matched one copy, it matches the others of
 * the same canonical type without a walk.  At 1,024 units that is 2.4 M
 * struct walks instead of 10.8 M.  The walks skipped could only differ by
 * a contradiction inside them (a canonical type met with two different
 * candidate types): on every input the tests and benchmarks run, the
 * result is the same, byte for byte, as without the shortcut and as
 * libbpf's.
 *
 * Which representative.  The first candidate in the order candidates were
 * found, which is id order, except where libbpf's own rule differs (a full
 * enum after its declaration wins over it).  So on the same input the
 * output can be byte-identical to libbpf's.  One known difference: libbpf
 * compares the second of two arrays with itself in its identical-types
 * check (and thus may merge structs whose arrays differ); we compare both.
 *
 * Split BTF.  The base's types are canonical from the start and enter the
 * candidate tables first, so an own type equal to a base type maps to the
 * base id.  The base is never changed: a candidate graph that would need a
 * base FWD resolved into an own struct is not equivalent (only references
 * to that FWD follow it).
 *
 * Data.  One flat array indexed by type id, of the canonical map (chains
 * in it are shortened as they are followed), the hypothetical map (later
 * the new ids) and the shortcut's matches.  One open-addressing table from a 32-bit signature to canonical
 * ids; types of one signature lie along one probe sequence in the order
 * they were added, which is what makes the choice of candidate
 * deterministic.  A STRUCT's or UNION's signature also covers what any
 * type equivalent to each member's type shares with it (its shape()): the
 * kernel's anonymous unions of anonymous structs, alike in names and
 * offsets, would otherwise make one chain of thousands of candidates.
 * The records are read where they are, the object's own (a loaded blob's
 * too, even mapped read-only), or in the copy of pass 1, which keeps their
 * layout: the object's type offsets serve until compaction.  No allocation
 * per type.  Memory on top of the input: three words per type id, two
 * to four per string used, the new sections, and the copy only when
 * strings moved.
 *
 * Transaction.  Nothing writes to the object's records; the new records
 * and strings are built apart, and the object is touched only at the end,
 * by moving them in, when nothing can fail any more.
 */
#include <sys/mman.h>

#include "hash.h"
#include "internal.h"
#include "hashcons.h"
#include "names.h"

_Static_assert(sizeof(struct btfx_dedup_opts) == sizeof(size_t) + sizeof(void *) + 8,
	       "btfx_dedup_opts: no padding");

#define UNSEEN 0xffffffffu	/* map: not processed yet */
#define IN_PROGRESS 0xfffffffeu /* map: a reference type being resolved */
#define MAPPED(v) ((v) <= BTFX_MAX_TYPE)
#define IDENTICAL_DEPTH 16   /* as libbpf's structural fallback */
#define MAX_DEPTH (1u << 14) /* deepest walk of references, against stack overflow */

/* How dedup treats a kind. */
enum {
	C_SELF = 0,  /* VAR, DATASEC: never merged */
	C_PRIM,	     /* INT, FLOAT, FWD: by the whole record */
	C_ENUM,	     /* ENUM, ENUM64: by name, then values; declarations resolve */
	C_COMPOSITE, /* STRUCT, UNION: graph equivalence */
	C_TYPEDEF,   /* graph equivalence too (Go's types may cycle through one) */
	C_REF,	     /* the rest: referenced ids first, then the whole record */
};

static const uint8_t kind_cls[BTFX_NR_KINDS] = {
	[BTFX_KIND_INT] = C_PRIM,	 [BTFX_KIND_FLOAT] = C_PRIM,
	[BTFX_KIND_FWD] = C_PRIM,	 [BTFX_KIND_ENUM] = C_ENUM,
	[BTFX_KIND_ENUM64] = C_ENUM,	 [BTFX_KIND_STRUCT] = C_COMPOSITE,
	[BTFX_KIND_UNION] = C_COMPOSITE, [BTFX_KIND_TYPEDEF] = C_TYPEDEF,
	[BTFX_KIND_PTR] = C_REF,	 [BTFX_KIND_CONST] = C_REF,
	[BTFX_KIND_VOLATILE] = C_REF,	 [BTFX_KIND_RESTRICT] = C_REF,
	[BTFX_KIND_TYPE_TAG] = C_REF,	 [BTFX_KIND_FUNC] = C_REF,
	[BTFX_KIND_DECL_TAG] = C_REF,	 [BTFX_KIND_ARRAY] = C_REF,
	[BTFX_KIND_FUNC_PROTO] = C_REF,
};

/* Signature -> canonical ids.  A slot is empty when id is 0 (void is never in it). */
struct cand_slot {
	uint32_t hash;
	uint32_t id;
};

struct cand_table {
	struct cand_slot *slots;
	uint32_t mask; /* slots - 1 */
	uint32_t used;
};

/*
 * What dedup keeps per type id, together: a walk reads all of it for the
 * types it meets, which lie anywhere in the input.
 */
struct dedup_id {
	uint32_t map;	/* canonical id, UNSEEN or IN_PROGRESS */
	uint32_t hypot; /* hypothetical map; after pass 5, new ids */
	uint32_t met;	/* canonical STRUCT/UNION: the candidate a copy of it matched */
};

/* Pass 1's memo: an own string offset (0: an empty slot) and its new one. */
struct str_slot {
	uint32_t old;
	uint32_t new;
};

/* A growing list of ids. */
struct id_list {
	uint32_t *ids;
	uint32_t cnt;
	uint32_t cap;
};

struct dedup {
	struct btfx *btf;
	const struct btfx *base;
	uint32_t start_id;	 /* first own id */
	uint32_t nr;		 /* own types before */
	uint32_t cnt;		 /* all ids before: start_id + nr */
	uint32_t new_nr;	 /* own types after */
	const uint8_t *recs;	 /* the own records: the object's, or copy.data */
	const uint32_t *offs;	 /* their offsets: the object's (a copy has its layout) */
	struct btfx_buf copy;	 /* the records with new string offsets, if needed */
	struct btfx_buf out;	 /* the records kept, made by compact() */
	uint32_t *new_offs;	 /* new_nr offsets into out, made by compact() */
	struct btfx_strtab strs; /* the new own string section */
	struct dedup_id *ids;	 /* cnt of them */
	struct id_list hypot_list; /* the ids whose hypot is set */
	struct id_list met_list;   /* the ids whose met is set */
	int hypot_adjust_canon; /* equivalence needs a base FWD resolved */
	int anon_fwd;		/* the input has a FWD without a name */
	uint32_t depth;
	uint32_t bad; /* a bad value, for messages */
	struct cand_table tab;
	struct str_slot *str_memo; /* own string offsets met, at most half full */
	uint32_t str_mask;	   /* its slots - 1 */
	uint32_t str_used;
	int strs_moved;		/* some string's new offset is not its only old one */
	int strs_final;		/* recs hold the new string offsets already */
};

/*
 * ---------------------------------------------------------------------------
 * Records
 * ---------------------------------------------------------------------------
 */

static inline const struct btfx_type *own(const struct dedup *d, uint32_t id)
{
	return (const struct btfx_type *)(d->recs + d->offs[id - d->start_id]);
}

/* For the visitors, which read only here: their callbacks do not write. */
static inline struct btfx_type *unconst(const struct btfx_type *t)
{
	return (struct btfx_type *)(uintptr_t)t;
}

/* Any record: own (the working copy), the base's, or void. */
static inline const struct btfx_type *type_of(const struct dedup *d, uint32_t id)
{
	return id >= d->start_id ? own(d, id) : btfx_type_by_id(d->btf, id);
}

static inline uint32_t rec_len(const struct btfx_type *t)
{
	return (uint32_t)btfx__rec_size(btfx_kind(t), btfx_vlen(t));
}

static inline int same_header(const struct btfx_type *a, const struct btfx_type *b)
{
	return a->name_off == b->name_off && a->info == b->info && a->size == b->size;
}

/* Equal records: header, then trailing data of the one length both have. */
static int same_record(const struct btfx_type *a, const struct btfx_type *b)
{
	return same_header(a, b) && !memcmp(a + 1, b + 1, rec_len(a) - sizeof(struct btfx_type));
}

static inline int is_any_enum(const struct btfx_type *t)
{
	return btfx_kind(t) == BTFX_KIND_ENUM || btfx_kind(t) == BTFX_KIND_ENUM64;
}

/* Two ARRAYs alike but for their element and index types. */
static int same_array_shape(const struct btfx_type *a, const struct btfx_type *b)
{
	return same_header(a, b) && ((const struct btfx_array *)(a + 1))->nelems ==
					    ((const struct btfx_array *)(b + 1))->nelems;
}

/* Same enum, or one of them a declaration (vlen 0) of the other's name. */
static int enum_compat(const struct btfx_type *a, const struct btfx_type *b)
{
	if (btfx_vlen(a) && btfx_vlen(b))
		return same_record(a, b);
	return a->name_off == b->name_off && is_any_enum(a) && is_any_enum(b);
}

/* Equal but for referenced ids: the header, member names and offsets. */
static int shallow_equal(const struct btfx_type *a, const struct btfx_type *b)
{
	const struct btfx_member *ma = (const void *)(a + 1), *mb = (const void *)(b + 1);
	uint32_t i, n;

	if (btfx_kind(a) == BTFX_KIND_TYPEDEF)
		return a->name_off == b->name_off && a->info == b->info;
	if (!same_header(a, b))
		return 0;
	for (i = 0, n = btfx_vlen(a); i < n; i++)
		if (ma[i].name_off != mb[i].name_off || ma[i].offset != mb[i].offset)
			return 0;
	return 1;
}

static inline uint64_t mix(uint64_t h, uint32_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

/* Header, member names and offsets: what shallow_equal() compares. */
static uint64_t shallow_hash(const struct btfx_type *t)
{
	const struct btfx_member *m = (const void *)(t + 1);
	uint64_t h = mix(mix(mix(0, t->name_off), t->info), t->size);
	uint32_t i, n;

	for (i = 0, n = btfx_vlen(t); i < n; i++)
		h = mix(mix(h, m[i].name_off), m[i].offset);
	return h;
}

/*
 * What every type that is_equiv() can find equivalent to type id has too:
 * its kind (a FWD's the kind it declares, ENUM and ENUM64 alike) and name;
 * for a reference type its info word (and ARRAY its length) and, to depth,
 * what it refers to; for an anonymous STRUCT or UNION, what shallow_equal()
 * compares, unless the input has anonymous FWDs, which would match it.
 */
static uint64_t shape(const struct dedup *d, uint32_t id, int depth)
{
	const struct btfx_type *t = type_of(d, id);
	unsigned int kind = btfx_kind(t);
	uint64_t h;

	if (!id)
		return 0;
	if (kind == BTFX_KIND_FWD)
		kind = btfx_kflag(t) ? BTFX_KIND_UNION : BTFX_KIND_STRUCT;
	else if (kind == BTFX_KIND_ENUM64)
		kind = BTFX_KIND_ENUM;
	h = mix(mix(1, kind), t->name_off);
	switch (kind_cls[kind]) {
	case C_COMPOSITE:
		if (!t->name_off && !d->anon_fwd && btfx_kind(t) != BTFX_KIND_FWD)
			h = mix(h, (uint32_t)shallow_hash(t));
		break;
	case C_TYPEDEF:
	case C_REF:
		h = mix(h, t->info);
		if (kind == BTFX_KIND_ARRAY)
			h = mix(h, ((const struct btfx_array *)(t + 1))->nelems);
		if (depth > 0 && btfx__kinds[kind].last == BTFX__LAST_TYPE)
			h = mix(h, (uint32_t)shape(d, t->type, depth - 1));
		else if (depth > 0 && kind == BTFX_KIND_ARRAY)
			h = mix(h, (uint32_t)shape(d, ((const struct btfx_array *)(t + 1))->type,
						   depth - 1));
		break;
	default:
		break;
	}
	return h;
}

/* resolve() without shortening chains, for readers of a const dedup. */
static uint32_t canon_of(const struct dedup *d, uint32_t id)
{
	while (MAPPED(d->ids[id].map) && d->ids[id].map != id)
		id = d->ids[id].map;
	return id;
}

/*
 * The words of a record past its first two, each referenced id read as its
 * canonical one (all final by then, in pass 5): hashed into *h (b NULL),
 * or compared with b's (same kind and vlen); 1 equal, 0 not.  Records are
 * never rewritten before compaction: they may be the object's own.
 */
static int ref_words(const struct dedup *d, const struct btfx_type *a, const struct btfx_type *b,
		     uint64_t *h)
{
	const struct btfx_kind_desc *k = &btfx__kinds[btfx_kind(a)];
	const uint32_t *wa = (const uint32_t *)(a + 1), *wb = b ? (const uint32_t *)(b + 1) : NULL;
	uint32_t i, j, n = k->info_sz / 4 + btfx_vlen(a) * (k->elem_sz / 4);
	uint32_t step = k->elem_sz / 4, v;

	v = k->last == BTFX__LAST_TYPE ? canon_of(d, a->type) : a->size;
	if (!b)
		*h = mix(mix(mix(0, a->name_off), a->info), v);
	else if (v != (k->last == BTFX__LAST_TYPE ? canon_of(d, b->type) : b->size))
		return 0;
	for (i = 0; i < n; i++) {
		j = i < k->info_sz / 4 ? k->info_ids >> i & 1 :
					  k->elem_ids >> ((i - k->info_sz / 4) % step) & 1;
		v = j ? canon_of(d, wa[i]) : wa[i];
		if (!b)
			*h = mix(*h, v);
		else if (v != (j ? canon_of(d, wb[i]) : wb[i]))
			return 0;
	}
	return 1;
}

/* Reference types alike, their referenced ids read as canonical ones. */
static int same_ref(const struct dedup *d, const struct btfx_type *a, const struct btfx_type *b)
{
	return a->name_off == b->name_off && a->info == b->info && ref_words(d, a, b, NULL);
}

/*
 * The signature: what equal types share (referenced ids only once final).
 * A STRUCT's or UNION's includes the shape of its members' types, so that
 * the many anonymous unions of anonymous structs (alike in their own
 * names and offsets) do not all share one chain of candidates.
 */
static uint32_t sig_hash(const struct dedup *d, const struct btfx_type *t)
{
	const struct btfx_member *m = (const void *)(t + 1);
	uint64_t h;
	uint32_t i, n;

	switch (kind_cls[btfx_kind(t)]) {
	case C_ENUM:
		h = XXH3_64bits(&t->name_off, sizeof(t->name_off));
		break;
	case C_TYPEDEF:
		h = XXH3_64bits(t, 2 * sizeof(uint32_t)); /* name_off, info */
		break;
	case C_COMPOSITE:
		h = shallow_hash(t);
		for (i = 0, n = btfx_vlen(t); i < n; i++)
			h = mix(h, (uint32_t)shape(d, m[i].type, 1));
		break;
	default:
		ref_words(d, t, NULL, &h);
		break;
	}
	return (uint32_t)(h ^ (h >> 32));
}

/*
 * ---------------------------------------------------------------------------
 * The candidate table
 * ---------------------------------------------------------------------------
 */

static void slot_put(struct cand_slot *slots, uint32_t mask, uint32_t hash, uint32_t id)
{
	uint32_t i = hash & mask;

	while (slots[i].id)
		i = (i + 1) & mask;
	slots[i].hash = hash;
	slots[i].id = id;
}

/*
 * Double the table.  Slots are moved starting after an empty one, so that
 * each cluster is read from its start: ids of one signature keep the order
 * they were added in.
 */
static int tab_grow(struct dedup *d)
{
	struct cand_table *tab = &d->tab;
	uint32_t n = tab->slots ? (tab->mask + 1) * 2 : 1024, i, start = 0;
	struct cand_slot *s;

	if (!n || !(s = btfx__mem_zalloc_array(&d->btf->mem, n, sizeof(*s))))
		return -ENOMEM;
	if (tab->slots) {
		while (tab->slots[start].id)
			start++;
		for (i = 1; i <= tab->mask + 1; i++) {
			const struct cand_slot *o = &tab->slots[(start + i) & tab->mask];

			if (o->id)
				slot_put(s, n - 1, o->hash, o->id);
		}
		btfx__mem_free(&d->btf->mem, tab->slots);
	}
	tab->slots = s;
	tab->mask = n - 1;
	return 0;
}

static int tab_add(struct dedup *d, uint32_t hash, uint32_t id)
{
	int err;

	if ((!d->tab.slots || (d->tab.used + 1) * 2 > d->tab.mask + 1) && (err = tab_grow(d)))
		return err;
	slot_put(d->tab.slots, d->tab.mask, hash, id);
	d->tab.used++;
	return 0;
}

/* The next candidate of signature hash from slot *pos on, or 0. */
static uint32_t cand_next(const struct cand_table *tab, uint32_t hash, uint32_t *pos)
{
	uint32_t i;

	if (!tab->slots)
		return 0;
	for (i = *pos & tab->mask; tab->slots[i].id; i = (i + 1) & tab->mask) {
		if (tab->slots[i].hash == hash) {
			*pos = i + 1;
			return tab->slots[i].id;
		}
	}
	return 0;
}

#define for_each_cand(d, hash, pos, cand) \
	for ((pos) = (hash); ((cand) = cand_next(&(d)->tab, (hash), &(pos)));)

/*
 * ---------------------------------------------------------------------------
 * Maps
 * ---------------------------------------------------------------------------
 */

static uint32_t resolve_chain(struct dedup *d, uint32_t id)
{
	uint32_t end = id, next;

	while (MAPPED(d->ids[end].map) && d->ids[end].map != end)
		end = d->ids[end].map;
	for (; id != end; id = next) { /* shorten the chain: only its end ever moves on */
		next = d->ids[id].map;
		d->ids[id].map = end;
	}
	return end;
}

/* The canonical id id ends at (itself when not mapped yet). */
static inline uint32_t resolve(struct dedup *d, uint32_t id)
{
	uint32_t m = d->ids[id].map;

	if (m == id || !MAPPED(m) || d->ids[m].map == m)
		return MAPPED(m) ? m : id;
	return resolve_chain(d, id);
}

static int list_push(struct dedup *d, struct id_list *l, uint32_t id)
{
	if (l->cnt == l->cap) {
		uint32_t cap = l->cap < 16 ? 16 : l->cap + l->cap / 2;
		uint32_t *p = btfx__mem_realloc_array(&d->btf->mem, l->ids, cap, sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->ids = p;
		l->cap = cap;
	}
	l->ids[l->cnt++] = id;
	return 0;
}

static int hypot_add(struct dedup *d, uint32_t from, uint32_t to)
{
	if (list_push(d, &d->hypot_list, from))
		return -ENOMEM;
	d->ids[from].hypot = to;
	return 0;
}

/* Forget the check: its hypothetical map and the matches it met. */
static void hypot_clear(struct dedup *d)
{
	uint32_t i;

	for (i = 0; i < d->hypot_list.cnt; i++)
		d->ids[d->hypot_list.ids[i]].hypot = UNSEEN;
	for (i = 0; i < d->met_list.cnt; i++)
		d->ids[d->met_list.ids[i]].met = UNSEEN;
	d->hypot_list.cnt = 0;
	d->met_list.cnt = 0;
	d->hypot_adjust_canon = 0;
}

/*
 * ---------------------------------------------------------------------------
 * Pass 1: strings, and the checks every record must pass
 * ---------------------------------------------------------------------------
 */

static int check_id(uint32_t *id, void *arg)
{
	struct dedup *d = arg;

	if (*id < d->cnt)
		return 0;
	d->bad = *id;
	return -EINVAL;
}

/*
 * The new offset of an own string: the base's, or one in d->strs.  *moved
 * is set when it is not a new string at the end of d->strs: the base has
 * it, or another old offset gave it first.
 */
static int new_str_off(struct dedup *d, uint32_t off, uint32_t *out, int *moved)
{
	const struct btfx *btf = d->btf;
	size_t len = d->strs.data.len;
	const char *s = btfx_str_by_offset(btf, off);
	uint32_t o;
	int r;

	if (!s)
		return -EINVAL;
	if (d->base) {
		r = btfx_find_str((struct btfx *)(uintptr_t)d->base, s);
		if (r >= 0) {
			*out = (uint32_t)r;
			*moved = 1;
			return 0;
		}
		if (r != -ENOENT)
			return r;
	}
	r = btfx__strtab_add(&d->strs, s, strlen(s), BTFX_MAX_STR_OFFSET - btf->start_str_off, &o);
	*out = btf->start_str_off + o;
	*moved |= d->strs.data.len == len;
	return r;
}

/*
 * Give an own string offset its new offset, once: the first use of a
 * string gives it its place in the new section.  When every string has
 * one old offset only and the base has none of them (a blob whose writer
 * deduplicated its strings, as encoders do), d->strs_moved stays 0: equal
 * old offsets already mean equal strings, and the records get their new
 * offsets only when compaction copies them.
 */
static struct str_slot *str_slot(const struct dedup *d, uint32_t off)
{
	uint32_t i = (uint32_t)((off * 0x9e3779b97f4a7c15ull) >> 32) & d->str_mask;

	while (d->str_memo[i].old && d->str_memo[i].old != off)
		i = (i + 1) & d->str_mask;
	return &d->str_memo[i];
}

/* Room for one more offset in the memo, at most half full. */
static int str_memo_grow(struct dedup *d)
{
	struct str_slot *old = d->str_memo;
	uint32_t i, n = old ? d->str_mask + 1 : 0;

	if (old && (d->str_used + 1) * 2 <= n)
		return 0;
	d->str_memo = btfx__mem_realloc_array(&d->btf->mem, NULL, n ? 2 * (size_t)n : 4096,
					      sizeof(*old));
	if (!d->str_memo) {
		d->str_memo = old;
		return -ENOMEM;
	}
	d->str_mask = (n ? 2 * n : 4096) - 1;
	memset(d->str_memo, 0, ((size_t)d->str_mask + 1) * sizeof(*old));
	for (i = 0; i < n; i++)
		if (old[i].old)
			*str_slot(d, old[i].old) = old[i];
	btfx__mem_free(&d->btf->mem, old);
	return 0;
}

static int memo_str(uint32_t *off, void *arg)
{
	struct dedup *d = arg;
	struct str_slot *sl;
	int moved = 0, err;

	if (!*off || *off < d->btf->start_str_off)
		return 0; /* "", or the base's */
	if ((err = str_memo_grow(d)))
		return err;
	sl = str_slot(d, *off);
	if (sl->old)
		return 0;
	if ((err = new_str_off(d, *off, &sl->new, &moved))) {
		d->bad = *off;
		return err;
	}
	sl->old = *off;
	d->str_used++;
	d->strs_moved |= moved;
	return 0;
}

/* An own string offset's new one (memo_str() has seen it). */
static inline uint32_t str_off_new(const struct dedup *d, uint32_t off)
{
	return !off || off < d->btf->start_str_off ? off : str_slot(d, off)->new;
}

static int rewrite_str(uint32_t *off, void *arg)
{
	*off = str_off_new(arg, *off);
	return 0;
}

static int prep_own_type(struct dedup *d, uint32_t id)
{
	const struct btfx_type *t = own(d, id);
	unsigned int kind = btfx_kind(t);
	int err;

	if (!btfx__kind_known(kind))
		return btfx__err(d->btf, -ENOTSUP, "dedup: [%u] is of unknown kind %u", id, kind);
	if (btfx__visit_type_ids(unconst(t), check_id, d))
		return btfx__err(d->btf, -EINVAL,
				 "dedup: [%u] %s %s refers to [%u], past the last id", id,
				 btfx_kind_str(kind), btfx__msg_name(d->btf, t->name_off), d->bad);
	err = btfx__visit_str_offs(unconst(t), memo_str, d);
	if (err == -EINVAL)
		return btfx__err(d->btf, err, "dedup: [%u] %s: string offset %u past the strings",
				 id, btfx_kind_str(kind), d->bad);
	if (err)
		return btfx__err(d->btf, err, "dedup: [%u]: strings: %s", id, btfx_strerror(err));
	d->ids[id].map = kind_cls[kind] == C_SELF ? id : UNSEEN;
	return 0;
}

/*
 * Strings moved: work on a copy of the records holding the new offsets,
 * so that equal names are equal offsets there too.
 */
static int prep_copy(struct dedup *d)
{
	uint32_t id;

	if (btfx__buf_append(&d->copy, d->btf->types.data, d->btf->types.len))
		return btfx__err(d->btf, -ENOMEM, "dedup: out of memory");
	d->recs = d->copy.data;
	for (id = d->start_id; id < d->cnt; id++)
		btfx__visit_str_offs(unconst(own(d, id)), rewrite_str, d);
	d->strs_final = 1;
	return 0;
}

/* The base's types are canonical and the first candidates. */
static int prep_base(struct dedup *d)
{
	uint32_t id;

	for (id = 1; id < d->start_id; id++)
		d->ids[id].map = id; /* before any signature: they read the map */
	for (id = 1; id < d->start_id; id++) {
		const struct btfx_type *t = btfx_type_by_id(d->btf, id);
		unsigned int kind = btfx_kind(t);

		if (!btfx__kind_known(kind))
			return btfx__err(d->btf, -ENOTSUP, "dedup: base [%u] is of unknown kind %u",
					 id, kind);
		if (kind_cls[kind] != C_SELF && tab_add(d, sig_hash(d, t), id))
			return btfx__err(d->btf, -ENOMEM, "dedup: out of memory");
	}
	return 0;
}

static int prep(struct dedup *d)
{
	uint32_t id;
	int err;

	d->ids[0].map = 0;
	for (id = 0; id < d->cnt; id++)
		d->ids[id].hypot = d->ids[id].met = UNSEEN;
	for (id = d->start_id; id < d->cnt; id++)
		if ((err = prep_own_type(d, id)))
			return err;
	if (d->strs_moved && (err = prep_copy(d)))
		return err;
	for (id = 1; id < d->cnt && !d->anon_fwd; id++) {
		const struct btfx_type *t = type_of(d, id);
		const char *name = id < d->start_id ? btfx_str_by_offset(d->btf, t->name_off) :
				   t->name_off ? "x" : ""; /* own: only offset 0 is "" (pass 1) */

		d->anon_fwd = btfx_kind(t) == BTFX_KIND_FWD && (!name || !*name);
	}
	return prep_base(d);
}

/*
 * ---------------------------------------------------------------------------
 * Pass 2: primitive types
 * ---------------------------------------------------------------------------
 */

static int dedup_prim(struct dedup *d, uint32_t id)
{
	const struct btfx_type *t = own(d, id), *c;
	int cls = kind_cls[btfx_kind(t)];
	uint32_t h, pos, cand, new_id = id;

	if (cls != C_PRIM && cls != C_ENUM)
		return 0;
	h = sig_hash(d, t);
	for_each_cand(d, h, pos, cand)
	{
		c = type_of(d, cand);
		if (same_record(t, c)) {
			new_id = cand;
			break;
		}
		if (cls != C_ENUM || !enum_compat(t, c))
			continue;
		if (!btfx_vlen(t)) {
			new_id = cand; /* a declaration: to the full enum */
			break;
		}
		d->ids[cand].map = id; /* the canonical declaration: to this full enum */
	}
	d->ids[id].map = new_id;
	return new_id == id ? tab_add(d, h, id) : 0;
}

/*
 * ---------------------------------------------------------------------------
 * Pass 3: STRUCT, UNION, TYPEDEF: graph equivalence
 * ---------------------------------------------------------------------------
 */

static int identical(const struct dedup *d, uint32_t id1, uint32_t id2, int depth);

/* Pairs of referenced ids of two shallow-equal records: all identical? */
static int identical_refs(const struct dedup *d, const struct btfx_type *t1,
			  const struct btfx_type *t2, int depth)
{
	const uint32_t *w1 = (const uint32_t *)(t1 + 1), *w2 = (const uint32_t *)(t2 + 1);
	const struct btfx_kind_desc *k = &btfx__kinds[btfx_kind(t1)];
	uint32_t i, j, n = btfx_vlen(t1), step = k->elem_sz / 4;

	if (k->last == BTFX__LAST_TYPE && t1->type != t2->type &&
	    !identical(d, t1->type, t2->type, depth - 1))
		return 0;
	for (j = 0; j < 2; j++) /* ARRAY: index_type first, then type, as libbpf */
		if ((k->info_ids >> (1 - j) & 1) && w1[1 - j] != w2[1 - j] &&
		    !identical(d, w1[1 - j], w2[1 - j], depth - 1))
			return 0;
	w1 += k->info_sz / 4;
	w2 += k->info_sz / 4;
	for (i = 0; k->elem_ids && i < n; i++, w1 += step, w2 += step)
		for (j = 0; j < step; j++)
			if ((k->elem_ids >> j & 1) && w1[j] != w2[j] &&
			    !identical(d, w1[j], w2[j], depth - 1))
				return 0;
	return 1;
}

/* Structurally identical types, to a depth (compilers emit such copies). */
static int identical(const struct dedup *d, uint32_t id1, uint32_t id2, int depth)
{
	const struct btfx_type *t1 = type_of(d, id1), *t2 = type_of(d, id2);
	unsigned int kind = btfx_kind(t1);

	if (depth <= 0 || kind != btfx_kind(t2))
		return 0;
	if (id1 == 0 || id2 == 0)
		return id1 == id2;
	switch (kind_cls[kind]) {
	case C_PRIM:
		return same_record(t1, t2);
	case C_ENUM:
		return enum_compat(t1, t2);
	case C_COMPOSITE:
	case C_TYPEDEF:
		if (!shallow_equal(t1, t2))
			return 0;
		break;
	case C_REF:
		if (kind == BTFX_KIND_DECL_TAG)
			return 0;
		if (t1->name_off != t2->name_off || t1->info != t2->info)
			return 0;
		if (kind == BTFX_KIND_ARRAY && !same_array_shape(t1, t2))
			return 0;
		break;
	default:
		return 0;
	}
	if (kind == BTFX_KIND_FUNC_PROTO) {
		const struct btfx_param *p1 = (const void *)(t1 + 1), *p2 = (const void *)(t2 + 1);
		uint32_t i;

		for (i = 0; i < btfx_vlen(t1); i++)
			if (p1[i].name_off != p2[i].name_off)
				return 0;
	}
	return identical_refs(d, t1, t2, depth);
}

static inline int is_equiv(struct dedup *d, uint32_t cand_id, uint32_t canon_id);

/* Each pair of referenced ids, in record order, equivalent? */
static int equiv_refs(struct dedup *d, const struct btfx_type *cand, const struct btfx_type *canon)
{
	const uint32_t *w1 = (const uint32_t *)(cand + 1), *w2 = (const uint32_t *)(canon + 1);
	const struct btfx_kind_desc *k = &btfx__kinds[btfx_kind(cand)];
	uint32_t i, j, n = btfx_vlen(cand), step = k->elem_sz / 4;
	int eq;

	if (k->last == BTFX__LAST_TYPE && (eq = is_equiv(d, cand->type, canon->type)) <= 0)
		return eq;
	for (j = 0; j < 2; j++) /* ARRAY: index_type first, then type, as libbpf */
		if ((k->info_ids >> (1 - j) & 1) && (eq = is_equiv(d, w1[1 - j], w2[1 - j])) <= 0)
			return eq;
	if (!k->elem_ids)
		return 1;
	/* An element holds one type id at most: word j. */
	j = (uint32_t)__builtin_ctz(k->elem_ids);
	w1 += k->info_sz / 4 + j;
	w2 += k->info_sz / 4 + j;
	for (i = 0; i < n; i++, w1 += step, w2 += step)
		if (*w1 != *w2 && (eq = is_equiv(d, *w1, *w2)) <= 0)
			return eq;
	return 1;
}

/* Two records of one kind: equal but for referenced ids, and those equivalent? */
static int equiv_same_kind(struct dedup *d, const struct btfx_type *cand,
			   const struct btfx_type *canon)
{
	const struct btfx_param *p1 = (const void *)(cand + 1), *p2 = (const void *)(canon + 1);
	unsigned int kind = btfx_kind(cand);
	uint32_t i;

	switch (kind_cls[kind]) {
	case C_PRIM:
		return same_record(cand, canon);
	case C_ENUM:
		return enum_compat(cand, canon);
	case C_COMPOSITE:
		if (!shallow_equal(cand, canon))
			return 0;
		break;
	case C_TYPEDEF:
		if (cand->info != canon->info)
			return 0;
		break;
	case C_REF:
		if (kind == BTFX_KIND_DECL_TAG)
			return -EINVAL;
		if (cand->info != canon->info)
			return 0;
		if (kind == BTFX_KIND_ARRAY && !same_array_shape(cand, canon))
			return 0;
		for (i = 0; kind == BTFX_KIND_FUNC_PROTO && i < btfx_vlen(cand); i++)
			if (p1[i].name_off != p2[i].name_off)
				return 0;
		break;
	default:
		return -EINVAL; /* VAR, DATASEC where a type is expected */
	}
	return equiv_refs(d, cand, canon);
}

/* A FWD against a STRUCT or UNION of its name: same kind? */
static int equiv_fwd(struct dedup *d, const struct btfx_type *cand, const struct btfx_type *canon,
		     uint32_t canon_id)
{
	unsigned int real, fwd;

	if (btfx_kind(cand) == BTFX_KIND_FWD) {
		real = btfx_kind(canon);
		fwd = btfx_kflag(cand) ? BTFX_KIND_UNION : BTFX_KIND_STRUCT;
	} else {
		real = btfx_kind(cand);
		fwd = btfx_kflag(canon) ? BTFX_KIND_UNION : BTFX_KIND_STRUCT;
		/* The base is never changed: its FWD cannot become our struct. */
		if (fwd == real && canon_id < d->start_id)
			d->hypot_adjust_canon = 1;
	}
	return fwd == real;
}

/*
 * is_equiv() past its quick answers: canon_end is canon_id resolved.  Out
 * of line, so that the quick answers (most of the calls) cost no frame.
 */
static __attribute__((noinline)) int is_equiv_walk(struct dedup *d, uint32_t cand_id,
						    uint32_t canon_id, uint32_t canon_end)
{
	const struct btfx_type *cand, *canon;
	uint32_t hyp;
	int eq;

	/* A FWD resolved to a STRUCT or UNION stands for it. */
	if (canon_end != canon_id && btfx_kind(type_of(d, canon_id)) == BTFX_KIND_FWD &&
	    btfx_kind(type_of(d, canon_end)) != BTFX_KIND_FWD)
		canon_id = canon_end;
	hyp = d->ids[canon_id].hypot;
	if (MAPPED(hyp))
		return hyp == cand_id || identical(d, hyp, cand_id, IDENTICAL_DEPTH);
	if (hypot_add(d, canon_id, cand_id))
		return -ENOMEM;
	cand = type_of(d, cand_id);
	canon = type_of(d, canon_id);
	if (cand->name_off != canon->name_off)
		return 0;
	if (btfx_kind(cand) != btfx_kind(canon)) {
		if (btfx_kind(cand) == BTFX_KIND_FWD || btfx_kind(canon) == BTFX_KIND_FWD)
			return equiv_fwd(d, cand, canon, canon_id);
		return 0;
	}
	if (d->depth >= MAX_DEPTH)
		return -ELOOP;
	d->depth++;
	eq = equiv_same_kind(d, cand, canon);
	d->depth--;
	if (eq == 1 && canon_end != canon_id && kind_cls[btfx_kind(cand)] == C_COMPOSITE &&
	    d->ids[canon_end].met == UNSEEN) {
		if (list_push(d, &d->met_list, canon_end))
			return -ENOMEM;
		d->ids[canon_end].met = cand_id;
	}
	return eq;
}

/*
 * Is the graph from cand_id equivalent to the one from canon_id?  1 yes,
 * 0 no, or a negative errno.  Records canon -> cand pairs in the hypot map.
 * Answers first what needs no walk: ids equal or canonically equal, a
 * pair met before in this check (with no FWD to stand in for canon_id), or
 * a STRUCT or UNION that matched another copy of canon_id's canonical one.
 */
static inline __attribute__((always_inline)) int is_equiv(struct dedup *d, uint32_t cand_id,
								uint32_t canon_id)
{
	uint32_t canon_end;

	if (cand_id == canon_id)
		return 1;
	canon_end = resolve(d, canon_id);
	if (resolve(d, cand_id) == canon_end)
		return 1;
	if (canon_end == canon_id && d->ids[canon_id].hypot == cand_id)
		return 1;
	if (canon_end != canon_id && d->ids[canon_end].met == cand_id)
		return 1;
	return is_equiv_walk(d, cand_id, canon_id, canon_end);
}

/*
 * After a successful check: resolve FWDs met against structs (both ways;
 * only base FWDs when the check needed one), and map the candidate's
 * structs whose partners are already canonical.
 */
static void merge_hypot(struct dedup *d)
{
	uint32_t i, t_id, c_id;
	unsigned int t_kind, c_kind;

	for (i = 0; i < d->hypot_list.cnt; i++) {
		c_id = resolve(d, d->hypot_list.ids[i]);
		t_id = resolve(d, d->ids[d->hypot_list.ids[i]].hypot);
		t_kind = btfx_kind(type_of(d, t_id));
		c_kind = btfx_kind(type_of(d, c_id));
		if (t_kind != BTFX_KIND_FWD && c_kind == BTFX_KIND_FWD)
			d->ids[c_id].map = t_id;
		if (d->hypot_adjust_canon)
			continue;
		if (t_kind == BTFX_KIND_FWD && c_kind != BTFX_KIND_FWD)
			d->ids[t_id].map = c_id;
		if ((t_kind == BTFX_KIND_STRUCT || t_kind == BTFX_KIND_UNION) &&
		    c_kind != BTFX_KIND_FWD && MAPPED(d->ids[c_id].map) && !MAPPED(d->ids[t_id].map))
			d->ids[t_id].map = c_id;
	}
}

static int dedup_composite(struct dedup *d, uint32_t id)
{
	const struct btfx_type *t;
	uint32_t h, pos, cand, new_id = id;
	int cls, eq;

	if (MAPPED(d->ids[id].map))
		return 0;
	t = own(d, id);
	cls = kind_cls[btfx_kind(t)];
	if (cls != C_COMPOSITE && cls != C_TYPEDEF)
		return 0;
	h = sig_hash(d, t);
	for_each_cand(d, h, pos, cand)
	{
		/* Also keeps a FWD of the same signature out (no FWD <-> STRUCT loop). */
		if (btfx_kind(type_of(d, cand)) != btfx_kind(t) ||
		    !shallow_equal(t, type_of(d, cand)))
			continue;
		hypot_clear(d);
		if ((eq = is_equiv(d, id, cand)) < 0)
			return eq;
		if (!eq)
			continue;
		merge_hypot(d);
		if (d->hypot_adjust_canon)
			continue;
		new_id = cand;
		break;
	}
	d->ids[id].map = new_id;
	return new_id == id ? tab_add(d, h, id) : 0;
}

/*
 * ---------------------------------------------------------------------------
 * Pass 4: FWDs to the one STRUCT or UNION of their name
 * ---------------------------------------------------------------------------
 */

struct name_slot {
	uint32_t name_off;
	uint32_t id; /* 0: empty, or (in a used slot) the name is ambiguous */
	uint32_t used;
};

static struct name_slot *name_slot(struct name_slot *s, uint32_t mask, uint32_t name_off)
{
	uint32_t i = (uint32_t)XXH3_64bits(&name_off, sizeof(name_off)) & mask;

	while (s[i].used && s[i].name_off != name_off)
		i = (i + 1) & mask;
	return &s[i];
}

/* Canonical STRUCTs and UNIONs by name (id 0: more than one). */
static struct name_slot *names_fill(struct dedup *d, uint32_t *mask_out)
{
	uint32_t id, n = 0, sz = 64;
	struct name_slot *s, *sl;

	for (id = 1; id < d->cnt; id++)
		n += kind_cls[btfx_kind(type_of(d, id))] == C_COMPOSITE && d->ids[id].map == id;
	while (sz / 2 < n + 1)
		sz *= 2;
	if (!(s = btfx__mem_zalloc_array(&d->btf->mem, sz, sizeof(*s))))
		return NULL;
	for (id = 1; id < d->cnt; id++) {
		const struct btfx_type *t = type_of(d, id);

		if (kind_cls[btfx_kind(t)] != C_COMPOSITE || d->ids[id].map != id)
			continue;
		sl = name_slot(s, sz - 1, t->name_off);
		sl->id = sl->used ? 0 : id;
		sl->name_off = t->name_off;
		sl->used = 1;
	}
	*mask_out = sz - 1;
	return s;
}

static int resolve_fwds(struct dedup *d)
{
	struct name_slot *s, *sl;
	uint32_t id, mask;

	if (!(s = names_fill(d, &mask)))
		return -ENOMEM;
	for (id = d->start_id; id < d->cnt; id++) {
		const struct btfx_type *t = own(d, id);
		unsigned int want = btfx_kflag(t) ? BTFX_KIND_UNION : BTFX_KIND_STRUCT;

		if (btfx_kind(t) != BTFX_KIND_FWD || d->ids[id].map != id)
			continue;
		sl = name_slot(s, mask, t->name_off);
		if (sl->used && sl->id && btfx_kind(type_of(d, sl->id)) == want)
			d->ids[id].map = sl->id;
	}
	btfx__mem_free(&d->btf->mem, s);
	return 0;
}

/*
 * ---------------------------------------------------------------------------
 * Pass 5: reference types
 * ---------------------------------------------------------------------------
 */

static int dedup_ref(struct dedup *d, uint32_t id);

static int ref_field(uint32_t *id, void *arg)
{
	int r = dedup_ref(arg, *id);

	return r < 0 ? r : 0;
}

/* The canonical id of id, its references made canonical first; or -errno. */
static int dedup_ref(struct dedup *d, uint32_t id)
{
	const struct btfx_type *t;
	uint32_t h, pos, cand, new_id = id;
	int err;

	if (d->ids[id].map == IN_PROGRESS) {
		d->bad = id;
		return -ELOOP;
	}
	if (MAPPED(d->ids[id].map))
		return (int)resolve(d, id);
	if (d->depth >= MAX_DEPTH) {
		d->bad = id;
		return -ELOOP;
	}
	d->ids[id].map = IN_PROGRESS;
	t = own(d, id);
	d->depth++;
	err = btfx__visit_type_ids(unconst(t), ref_field, d);
	d->depth--;
	if (err)
		return err;
	h = sig_hash(d, t);
	for_each_cand(d, h, pos, cand)
	{
		if (same_ref(d, t, type_of(d, cand))) {
			new_id = cand;
			break;
		}
	}
	d->ids[id].map = new_id;
	if (new_id == id && (err = tab_add(d, h, id)))
		return err;
	return (int)new_id;
}

/*
 * ---------------------------------------------------------------------------
 * Pass 6: compaction and renumbering
 * ---------------------------------------------------------------------------
 */

/* Copy the representatives into d->out, in id order; hypot becomes the new ids. */
static int compact(struct dedup *d)
{
	uint32_t i, id, len, next = d->start_id;
	size_t size = 0;

	for (i = 0, d->new_nr = 0; i < d->nr; i++) {
		id = d->start_id + i;
		if (d->ids[id].map == id) {
			d->new_nr++;
			size += rec_len(own(d, id));
		}
	}
	d->new_offs = btfx__mem_realloc_array(&d->btf->mem, NULL, d->new_nr ? d->new_nr : 1,
					      sizeof(*d->new_offs));
	if (!d->new_offs || btfx__buf_reserve(&d->out, size ? size : 1))
		return btfx__err(d->btf, -ENOMEM, "dedup: out of memory");
	for (id = 0; id < d->start_id; id++)
		d->ids[id].hypot = id;
	for (i = 0; i < d->nr; i++) {
		const struct btfx_type *t;

		id = d->start_id + i;
		d->ids[id].hypot = UNSEEN;
		if (d->ids[id].map != id)
			continue;
		t = own(d, id);
		len = rec_len(t);
		d->new_offs[next - d->start_id] = (uint32_t)d->out.len;
		btfx__buf_append(&d->out, t, len); /* reserved: cannot fail */
		d->ids[id].hypot = next++;
	}
	return 0;
}

static int remap_field(uint32_t *id, void *arg)
{
	struct dedup *d = arg;
	uint32_t n = d->ids[resolve(d, *id)].hypot;

	if (!MAPPED(n)) {
		d->bad = *id;
		return -EINVAL;
	}
	*id = n;
	return 0;
}

/* Every id and string offset of the records kept to its new value. */
static int remap(struct dedup *d)
{
	uint32_t i;

	for (i = 0; i < d->new_nr; i++) {
		struct btfx_type *t = (struct btfx_type *)(d->out.data + d->new_offs[i]);

		if (!d->strs_final)
			btfx__visit_str_offs(t, rewrite_str, d);
		if (btfx__visit_type_ids(t, remap_field, d))
			return btfx__err(d->btf, -EINVAL,
					 "dedup: [%u] refers to [%u], which has no representative",
					 d->start_id + i, d->bad);
	}
	return 0;
}

/*
 * ---------------------------------------------------------------------------
 * The call
 * ---------------------------------------------------------------------------
 */

static void dedup_free(struct dedup *d)
{
	const struct btfx_allocator *a = &d->btf->mem;

	btfx__buf_free(&d->copy);
	btfx__buf_free(&d->out);
	btfx__strtab_free(&d->strs);
	btfx__mem_free(a, d->new_offs);
	btfx__mem_free(a, d->ids);
	btfx__mem_free(a, d->hypot_list.ids);
	btfx__mem_free(a, d->met_list.ids);
	btfx__mem_free(a, d->tab.slots);
	btfx__mem_free(a, d->str_memo);
}

static int dedup_init(struct dedup *d, struct btfx *btf)
{
	const struct btfx_allocator *a = &btf->mem;

	memset(d, 0, sizeof(*d));
	d->btf = btf;
	d->base = btf->base;
	d->start_id = btf->start_id;
	d->nr = btf->nr_types;
	d->cnt = btfx_type_cnt(btf);
	btfx__buf_init(&d->copy, a);
	btfx__buf_init(&d->out, a);
	if (btfx__strtab_init(&d->strs, a, !btf->base))
		return -ENOMEM;
	d->recs = btf->types.data;
	d->ids = btfx__mem_realloc_array(a, NULL, d->cnt, sizeof(*d->ids));
	if (!d->ids)
		return -ENOMEM;
	d->offs = btf->type_offs;
	return 0;
}

/* Passes 2 to 5 over the own types. */
static int dedup_types(struct dedup *d)
{
	uint32_t id;
	int err = 0;

	for (id = d->start_id; id < d->cnt && !err; id++)
		err = dedup_prim(d, id);
	for (id = d->start_id; id < d->cnt && !err; id++)
		err = dedup_composite(d, id);
	if (!err)
		err = resolve_fwds(d);
	for (id = d->start_id; id < d->cnt && err >= 0; id++)
		err = dedup_ref(d, id);
	if (err == -ENOMEM)
		return btfx__err(d->btf, err, "dedup: out of memory");
	if (err == -ELOOP)
		return btfx__err(d->btf, err,
				 "dedup: [%u]: a cycle of reference types, or "
				 "references deeper than %u",
				 d->bad, MAX_DEPTH);
	if (err < 0)
		return btfx__err(d->btf, err,
				 "dedup: a VAR, DATASEC or DECL_TAG where a type "
				 "is expected");
	return 0;
}

/* Move the new sections into the object; nothing fails from here on. */
static void publish(struct dedup *d)
{
	struct btfx *btf = d->btf;

	btfx__buf_free(&btf->types);
	btf->types = d->out;
	btfx__mem_free(&btf->mem, btf->type_offs);
	btf->type_offs = d->new_offs;
	btf->type_offs_cap = d->new_nr ? d->new_nr : 1;
	btf->nr_types = d->new_nr;
	btfx__strtab_free(&btf->strs);
	btf->strs = d->strs;
	/* Nothing borrows from a loaded blob any more. */
	btfx__mem_free(&btf->mem, btf->raw_owned);
	btf->raw_owned = NULL;
	if (btf->raw_map)
		munmap(btf->raw_map, btf->raw_map_len);
	btf->raw_map = NULL;
	btfx__buf_init(&d->out, &btf->mem);
	btfx__strtab_init(&d->strs, &btf->mem, 0);
	d->new_offs = NULL;
	btfx__names_drop(btf);
	btfx__ptr_size_forget(btf);
	btfx__hashcons_drop(btf); /* ids and string offsets changed */
	btf->open_id = 0;
	btfx__invalidate(btf);
}

static void fill_id_map(struct dedup *d, uint32_t *map)
{
	uint32_t id;

	for (id = 0; id < d->cnt; id++)
		map[id] = d->ids[resolve(d, id)].hypot;
}

int btfx_dedup(struct btfx *btf, const struct btfx_dedup_opts *opts)
{
	uint32_t *id_map = BTFX_OPTS_GET(opts, id_map, NULL);
	struct dedup d;
	int err;

	if (BTFX_OPTS_VALID(opts, struct btfx_dedup_opts) || BTFX_OPTS_GET(opts, flags, 0))
		return btfx__err(btf, -EINVAL, "dedup: bad opts");
	if (id_map && BTFX_OPTS_GET(opts, id_map_cnt, 0) < btfx_type_cnt(btf))
		return btfx__err(btf, -EINVAL, "dedup: id map of %u entries, the object has %u ids",
				 BTFX_OPTS_GET(opts, id_map_cnt, 0), btfx_type_cnt(btf));
	if (btf->nr_unknown)
		return btfx__err(btf, -ENOTSUP, "dedup: records of kinds libbtfx does not know");
	if ((err = btfx__check_whole(btf, "dedup")))
		return err;
	err = dedup_init(&d, btf);
	if (err)
		err = btfx__err(btf, err, "dedup: out of memory");
	if (!err)
		err = prep(&d);
	if (!err)
		err = dedup_types(&d);
	if (!err)
		err = compact(&d);
	if (!err)
		err = remap(&d);
	if (!err) {
		if (id_map)
			fill_id_map(&d, id_map);
		publish(&d);
	}
	dedup_free(&d);
	return err;
}
