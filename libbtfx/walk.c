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
 * The per-kind facts come from tables indexed by the kind, so that a
 * record costs a few loads and no branch that depends on its kind (vmlinux
 * mixes kinds too much for such branches to be predicted).  On x86-64 with
 * AVX2 the elements' fields are read eight words at a time.
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

/* The shape of a kind's elements, for the walk that checks them. */
enum { SH_NONE, SH_MEMBER, SH_PARAM, SH_ENUM, SH_ENUM64, SH_SECINFO, NR_SHAPES };

struct shape {
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

static const uint8_t shape_of[128] = {
	[BTFX_KIND_STRUCT] = SH_MEMBER, [BTFX_KIND_UNION] = SH_MEMBER,
	[BTFX_KIND_FUNC_PROTO] = SH_PARAM, [BTFX_KIND_ENUM] = SH_ENUM,
	[BTFX_KIND_ENUM64] = SH_ENUM64,	[BTFX_KIND_DATASEC] = SH_SECINFO,
};

static const struct shape shapes[NR_SHAPES] = {
	[SH_MEMBER] = { 3, 1, 0, 1 },	/* name_off, type, offset */
	[SH_PARAM] = { 2, 1, 0, 1 },	/* name_off, type */
	[SH_ENUM] = { 2, 1, 0, 0 },	/* name_off, val */
	[SH_ENUM64] = { 3, 1, 0, 0 },	/* name_off, val_lo32, val_hi32 */
	[SH_SECINFO] = { 3, 0, 1, 0 }, /* type, offset, size */
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
		const struct shape *e = &shapes[shape_of[BTFX_INFO_KIND(info)]];
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

/* The portable walk: elements one by one. */
#define WC_NAME walk_two
#define WC_ATTR inline __attribute__((always_inline))
#define WC_STATE
#define WC_RECORD(off, acc) record(types, len, off, elems, &n, &r)
#define WC_FOLD(acc, nm, rf) ((void)0)
#include "walk_chains.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WALK_AVX2 1
#include <immintrin.h>

/*
 * With AVX2, the elements are read eight words at a time: the first
 * sixteen words after btfx_type of every record, known kind or not, with
 * lanes past the elements masked off, then eight at a time for longer
 * records.  Which lanes hold a string offset and which a type id depends
 * on the element's shape and on where the block falls in it (three
 * phases for three-word elements); the maxima are kept in vectors and
 * folded at the end.  No branch depends on vlen for most records.
 */

/* Lane l of block p (words 8p..8p+7) is word `want` of a w-word element. */
#define LANE(w, p, l, want) ((8 * (p) + (l)) % (w) == (want) ? ALL : 0)
#define ROW(w, p, want)                                                                  \
	{                                                                                \
		LANE(w, p, 0, want), LANE(w, p, 1, want), LANE(w, p, 2, want),           \
		LANE(w, p, 3, want), LANE(w, p, 4, want), LANE(w, p, 5, want),           \
		LANE(w, p, 6, want), LANE(w, p, 7, want)                                 \
	}
#define NONE { 0, 0, 0, 0, 0, 0, 0, 0 }
/* [shape][phase]: lanes with a string offset, lanes with a type id. */
#define SHAPE(w, name, ref)                                                              \
	{                                                                                \
		{ ROW(w, 0, name), ROW(w, 0, ref) }, { ROW(w, 1, name), ROW(w, 1, ref) }, \
			{ ROW(w, 2, name), ROW(w, 2, ref) }                              \
	}
#define NO_WORD 9 /* no lane is word 9 of an element */

static const uint32_t lanes_of[NR_SHAPES][3][2][8] __attribute__((aligned(32))) = {
	[SH_NONE] = { { NONE, NONE }, { NONE, NONE }, { NONE, NONE } },
	[SH_MEMBER] = SHAPE(3, 0, 1),
	[SH_PARAM] = SHAPE(2, 0, 1),
	[SH_ENUM] = SHAPE(2, 0, NO_WORD),
	[SH_ENUM64] = SHAPE(3, 0, NO_WORD),
	[SH_SECINFO] = SHAPE(3, NO_WORD, 0),
};

/* The first k lanes. */
#define FIRST(k) { (k) > 0 ? ALL : 0, (k) > 1 ? ALL : 0, (k) > 2 ? ALL : 0, (k) > 3 ? ALL : 0, \
		   (k) > 4 ? ALL : 0, (k) > 5 ? ALL : 0, (k) > 6 ? ALL : 0, (k) > 7 ? ALL : 0 }
static const uint32_t first_lanes[9][8] __attribute__((aligned(32))) = {
	FIRST(0), FIRST(1), FIRST(2), FIRST(3), FIRST(4), FIRST(5), FIRST(6), FIRST(7), FIRST(8),
};

#define LOADV(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))

/* Fold block v (its first `left` words real) in at phase ph. */
static inline __attribute__((always_inline, target("avx2"))) void
fold_block(__m256i v, uint32_t left, uint32_t shape, uint32_t ph, __m256i *vn, __m256i *vr)
{
	v = _mm256_and_si256(v, LOADV(first_lanes[left < 8 ? left : 8]));
	*vn = _mm256_max_epu32(*vn, _mm256_and_si256(v, LOADV(lanes_of[shape][ph][0])));
	*vr = _mm256_max_epu32(*vr, _mm256_and_si256(v, LOADV(lanes_of[shape][ph][1])));
}

/* record() with elems, the elements into the vectors vn and vr. */
static inline __attribute__((always_inline, target("avx2"))) uint32_t
record_avx2(const uint8_t *types, uint32_t len, uint32_t off, __m256i *vn, __m256i *vr,
	    uint32_t *name, uint32_t *ref)
{
	const uint32_t *t = (const uint32_t *)(const void *)(types + off), *x = t + HDR / 4;
	const struct kind_size *f;
	uint32_t info, sz, words, shape, w, ph, i, tmp[8];

	if (len - off < HDR + 64)
		return record(types, len, off, 1, name, ref); /* near the end */
	info = t[1];
	f = &sizes[info >> 24];
	sz = BTFX_INFO_VLEN(info) * f->elem + f->hdr;
	if (!f->hdr || sz > len - off)
		return 0;
	*name = t[0];
	*ref = t[2] & f->ref;
	if (f->array)
		*ref = umax(*ref, umax(t[3], t[4]));
	shape = shape_of[BTFX_INFO_KIND(info)];
	words = (sz - f->hdr) / 4; /* 0 for a kind without elements */
	fold_block(LOADV(x), words, shape, 0, vn, vr);
	fold_block(LOADV(x + 8), words < 8 ? 0 : words - 8, shape, 1, vn, vr);
	for (w = 16, ph = 2; w < words; w += 8, ph = ph == 2 ? 0 : ph + 1) {
		if (len - off - HDR - 4 * w >= 32) {
			fold_block(LOADV(x + w), words - w, shape, ph, vn, vr);
			continue;
		}
		/* The last block of the section: only its own words. */
		memset(tmp, 0, sizeof(tmp));
		for (i = 0; i < 8 && w + i < words; i++)
			tmp[i] = x[w + i];
		fold_block(LOADV(tmp), words - w, shape, ph, vn, vr);
	}
	return sz;
}

static __attribute__((target("avx2"))) uint32_t hmax(__m256i v)
{
	uint32_t lane[8], m = 0;
	int i;

	_mm256_storeu_si256((__m256i *)(void *)lane, v);
	for (i = 0; i < 8; i++)
		m = umax(m, lane[i]);
	return m;
}

#define WC_NAME walk_two_avx2
#define WC_ATTR __attribute__((target("avx2")))
#define WC_STATE                                                                         \
	__m256i vn_A = _mm256_setzero_si256(), vr_A = vn_A, vn_B = vn_A, vr_B = vn_A;
#define WC_RECORD(off, acc) record_avx2(types, len, off, &vn_##acc, &vr_##acc, &n, &r)
#define WC_FOLD(acc, nm, rf) ((nm) = umax(nm, hmax(vn_##acc)), (rf) = umax(rf, hmax(vr_##acc)))
#include "walk_chains.h"
#endif /* x86-64 */

int btfx__walk_fast(struct btfx__walk *w)
{
	w->avx2 = 0;
#ifdef WALK_AVX2
	if (w->elems && !w->portable && __builtin_cpu_supports("avx2")) {
		w->avx2 = 1;
		return walk_two_avx2(w, 1);
	}
#endif
	return w->elems ? walk_two(w, 1) : walk_two(w, 0);
}
