// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * walk.c - the fast walk over a type section.
 *
 * A record's length depends on the record before it, so a walk from the
 * start is one long chain of dependent loads: on vmlinux (126k records) the
 * chain, not the work, sets the pace.  This walk runs two chains at once in
 * one loop: chain A from the start of the section, chain B from a point
 * near its middle.  B cannot know that its starting point is a record
 * boundary, so everything B finds is provisional: when A reaches B's part
 * of the section it must land on an offset B recorded; from there on A
 * would make exactly the steps B made, so B's records are A's.  Whatever B
 * found before that point (records read from the middle of another record,
 * words it skipped as not a record) is dropped.  When A never lands on one
 * of B's offsets, A goes on alone to the end and B's work is thrown away:
 * slower, never wrong.
 *
 * The per-kind facts come from one table indexed by the kind, so that a
 * record costs a few loads and no branch that depends on its kind (vmlinux
 * mixes kinds too much for such branches to be predicted).
 */

#include <string.h>

#include <btfx/format.h>

#include "walk.h"

/*
 * What the walk needs to know about a kind, indexed by the top byte of
 * info (kind_flag and kind) so that the chain from one record to the next
 * is a load, a shift, a load, a multiply and an add.
 */
struct kind_size {
	uint8_t hdr;   /* bytes before the elements; 0: not a kind we know */
	uint8_t elem;  /* bytes per element */
	uint8_t array; /* ARRAY: two type ids after btfx_type */
	uint8_t pad;
	uint32_t ref; /* btfx_type's last word is a type id: ~0, else 0 */
};

/* And about its elements, for the walk that checks them. */
struct kind_elems {
	uint8_t ew;      /* words per element; 0: no elements */
	uint8_t el_name; /* element word 0 is a string offset */
	uint8_t el_ref0; /* element word 0 is a type id (DATASEC) */
	uint8_t el_ref1; /* element word 1 is a type id */
};

#define HDR sizeof(struct btfx_type)
#define ALL 0xffffffffu
/* The same entry with kind_flag clear and set. */
#define KIND(k, ...) [k] = __VA_ARGS__, [0x80 | (k)] = __VA_ARGS__
#define SIMPLE(extra, is_ref) { .hdr = HDR + (extra), .ref = (is_ref) ? ALL : 0 }
#define VLEN(type, is_ref) { .hdr = HDR, .elem = sizeof(type), .ref = (is_ref) ? ALL : 0 }

_Static_assert(sizeof(struct kind_size) == 8, "one table entry, 8 bytes");

static const struct kind_size sizes[256] = {
	KIND(BTFX_KIND_INT, SIMPLE(4, 0)),
	KIND(BTFX_KIND_PTR, SIMPLE(0, 1)),
	KIND(BTFX_KIND_ARRAY, { .hdr = HDR + sizeof(struct btfx_array), .array = 1 }),
	KIND(BTFX_KIND_STRUCT, VLEN(struct btfx_member, 0)),
	KIND(BTFX_KIND_UNION, VLEN(struct btfx_member, 0)),
	KIND(BTFX_KIND_ENUM, VLEN(struct btfx_enum, 0)),
	KIND(BTFX_KIND_FWD, SIMPLE(0, 0)),
	KIND(BTFX_KIND_TYPEDEF, SIMPLE(0, 1)),
	KIND(BTFX_KIND_VOLATILE, SIMPLE(0, 1)),
	KIND(BTFX_KIND_CONST, SIMPLE(0, 1)),
	KIND(BTFX_KIND_RESTRICT, SIMPLE(0, 1)),
	KIND(BTFX_KIND_FUNC, SIMPLE(0, 1)),
	KIND(BTFX_KIND_FUNC_PROTO, VLEN(struct btfx_param, 1)),
	KIND(BTFX_KIND_VAR, SIMPLE(sizeof(struct btfx_var), 1)),
	KIND(BTFX_KIND_DATASEC, VLEN(struct btfx_var_secinfo, 0)),
	KIND(BTFX_KIND_FLOAT, SIMPLE(0, 0)),
	KIND(BTFX_KIND_DECL_TAG, SIMPLE(sizeof(struct btfx_decl_tag), 1)),
	KIND(BTFX_KIND_TYPE_TAG, SIMPLE(0, 1)),
	KIND(BTFX_KIND_ENUM64, VLEN(struct btfx_enum64, 0)),
};

static const struct kind_elems elems_of[128] = {
	[BTFX_KIND_STRUCT] = { 3, 1, 0, 1 },
	[BTFX_KIND_UNION] = { 3, 1, 0, 1 },
	[BTFX_KIND_ENUM] = { 2, 1, 0, 0 },
	[BTFX_KIND_FUNC_PROTO] = { 2, 1, 0, 1 },
	[BTFX_KIND_DATASEC] = { 3, 0, 1, 0 },
	[BTFX_KIND_ENUM64] = { 3, 1, 0, 0 },
};

/* Chain B reports a record's findings one by one for its first few records. */
#define B_EARLY 32u
/* A may take this many records past B's start to land on B's offsets. */
#define A_REACH 64u
/* Below this many bytes, one chain. */
#define TWO_CHAINS_MIN 4096u

static inline uint32_t umax(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/*
 * The record at off: its size, and the largest string offset and type id
 * among the fields checked, or 0 when it is not a plain record.
 */
static inline __attribute__((always_inline)) uint32_t
record(const uint8_t *types, uint32_t len, uint32_t off, int elems, uint32_t *name,
       uint32_t *ref)
{
	const uint32_t *t = (const uint32_t *)(const void *)(types + off), *x;
	const struct kind_size *f;
	uint32_t info, sz, n, i, nm, rm;

	if (len - off < HDR)
		return 0;
	info = t[1];
	f = &sizes[info >> 24];
	sz = BTFX_INFO_VLEN(info) * f->elem + f->hdr;
	if (!f->hdr || sz > len - off)
		return 0;
	nm = t[0];
	rm = t[2] & f->ref;
	if (f->array)
		rm = umax(rm, umax(t[3], t[4]));
	if (elems) {
		const struct kind_elems *e = &elems_of[BTFX_INFO_KIND(info)];
		uint32_t en = -(uint32_t)e->el_name, e0 = -(uint32_t)e->el_ref0;
		uint32_t e1 = -(uint32_t)e->el_ref1;

		n = e->ew ? BTFX_INFO_VLEN(info) : 0;
		x = t + HDR / 4;
		for (i = 0; i < n; i++, x += e->ew) {
			nm = umax(nm, x[0] & en);
			rm = umax(rm, umax(x[0] & e0, x[1] & e1));
		}
	}
	*name = nm;
	*ref = rm;
	return sz;
}

/* Could a record start at off?  For placing chain B, nothing more. */
static int plausible(const uint8_t *types, uint32_t len, uint32_t off, uint32_t *sz)
{
	const uint32_t *t = (const uint32_t *)(const void *)(types + off);
	const struct kind_size *f;
	uint32_t vlen;

	if (len - off < HDR)
		return 0;
	f = &sizes[t[1] >> 24];
	vlen = BTFX_INFO_VLEN(t[1]);
	if (!f->hdr || (vlen && !f->elem) || vlen > 0xffff)
		return 0;
	*sz = vlen * f->elem + f->hdr;
	return *sz <= len - off;
}

/* A word near the middle where two records in a row look plausible, or 0. */
static uint32_t place_b(const uint8_t *types, uint32_t len)
{
	uint32_t off = len / 2 & ~3u, end = off + 1024, sz, sz2;

	for (; off < end; off += 4) {
		if (plausible(types, len, off, &sz) &&
		    (off + sz == len || plausible(types, len, off + sz, &sz2)))
			return off;
	}
	return 0;
}

/* Chain A alone from off to the end. */
static int walk_one(struct btfx__walk *w, uint32_t off, uint32_t nr, int elems)
{
	const uint8_t *types = w->types;
	uint32_t *offs = w->offs, len = w->len, mn = w->max_name, mr = w->max_ref, n, r, sz;

	while (off < len) {
		if (!(sz = record(types, len, off, elems, &n, &r)))
			return -1;
		mn = umax(mn, n);
		mr = umax(mr, r);
		offs[nr++] = off;
		off += sz;
	}
	w->nr = nr;
	w->max_name = mn;
	w->max_ref = mr;
	return 0;
}

static inline __attribute__((always_inline)) int walk_two(struct btfx__walk *w, int elems)
{
	const uint8_t *types = w->types;
	uint32_t len = w->len, *offs = w->offs, *boffs;
	uint32_t a = 0, na = 0, an = 0, ar = 0, a_mid, mid, n, r, sz, j;
	uint32_t b, nb = 0, bn = 0, br = 0, b_skip = 0;
	uint32_t b_name[B_EARLY], b_ref[B_EARLY];

	w->max_name = w->max_ref = 0;
	w->joined = 0;
	if (len < TWO_CHAINS_MIN || !(mid = place_b(types, len)))
		return walk_one(w, 0, 0, elems);
	b = mid;
	/* A's records before mid are at most mid / 12 + 1, plus its reach. */
	boffs = offs + mid / HDR + 2 + A_REACH;

#define STEP_A()                                                                         \
	do {                                                                             \
		if (!(sz = record(types, len, a, elems, &n, &r)))                        \
			return -1;                                                       \
		an = umax(an, n);                                                        \
		ar = umax(ar, r);                                                        \
		offs[na++] = a;                                                          \
		a += sz;                                                                 \
	} while (0)
#define STEP_B()                                                                         \
	do {                                                                             \
		if (!(sz = record(types, len, b, elems, &n, &r))) {                      \
			b_skip = nb;                                                     \
			b += 4;                                                          \
			break;                                                           \
		}                                                                        \
		if (nb < B_EARLY) {                                                      \
			b_name[nb] = n;                                                  \
			b_ref[nb] = r;                                                   \
		} else {                                                                 \
			bn = umax(bn, n);                                                \
			br = umax(br, r);                                                \
		}                                                                        \
		boffs[nb++] = b;                                                         \
		b += sz;                                                                 \
	} while (0)

	while (a < mid && b < len) {
		STEP_A();
		STEP_B();
	}
	while (a < mid)
		STEP_A();
	while (b < len)
		STEP_B();
#undef STEP_B

	/* A lands on one of B's offsets, within reach and among B's first few. */
	a_mid = na;
	for (j = 0;;) {
		while (j < nb && boffs[j] < a)
			j++;
		if (j < B_EARLY && j < nb && boffs[j] == a)
			break;
		if (a >= len || j >= B_EARLY || na - a_mid >= A_REACH) {
			w->max_name = an;
			w->max_ref = ar;
			return walk_one(w, a, na, elems);
		}
		STEP_A();
	}
#undef STEP_A
	/* From B's j-th record on, B stepped where A would have: no skip allowed. */
	if (b_skip > j)
		return -1;
	memmove(offs + na, boffs + j, (size_t)(nb - j) * sizeof(*offs));
	w->nr = na + nb - j;
	for (; j < nb && j < B_EARLY; j++) {
		bn = umax(bn, b_name[j]);
		br = umax(br, b_ref[j]);
	}
	w->max_name = umax(an, bn);
	w->max_ref = umax(ar, br);
	w->joined = 1;
	return 0;
}

int btfx__walk_fast(struct btfx__walk *w)
{
	return w->elems ? walk_two(w, 1) : walk_two(w, 0);
}
