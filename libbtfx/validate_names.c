// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * validate_names.c - which strings are good names (C identifiers by the
 * kernel's ctype, as the profile's classes in vctx.cclass say): one name
 * on its own, and one pass over the string section marking every string
 * that is one in vctx.ident_ok: a byte at a time (the reference), or with
 * SSE2 or AVX2 (chosen when it runs) 64 bytes at a time.
 */
#include <string.h>

#include "validate.h"

/*
 * The kernel's btf_name_valid_identifier(): a first character, then
 * others up to the NUL, at most name_len of them in all.  No class has the
 * NUL, so the loop stops there (the section ends with one), four at a time.
 * Returns where the name's NUL is, or NULL when it is not a good name.
 */
static const unsigned char *ident_end(const struct vctx *v, const unsigned char *s)
{
	const uint8_t *c = v->cclass;
	const unsigned char *p = s + 1;

	if (!(c[s[0]] & VC_FIRST))
		return NULL;
	for (;;) {
		if (!(c[p[0]] & VC_REST))
			break;
		if (!(c[p[1]] & VC_REST)) {
			p += 1;
			break;
		}
		if (!(c[p[2]] & VC_REST)) {
			p += 2;
			break;
		}
		if (!(c[p[3]] & VC_REST)) {
			p += 3;
			break;
		}
		p += 4;
	}
	return !*p && (size_t)(p - s) <= v->prof->name_len ? p : NULL;
}

static int ident_scan(const struct vctx *v, const unsigned char *s)
{
	return ident_end(v, s) != NULL;
}

int btfx__vname_scan(const struct vctx *v, uint32_t off)
{
	const unsigned char *s = (const unsigned char *)btfx__vstr(v, off);
	uint32_t o = off - v->start_str_off;
	int ok;

	if (!s)
		return 0;
	if (!(ok = ident_scan(v, s)) || off < v->start_str_off || o >= v->ident_len ||
	    !btfx__vname_off_ok(v, off))
		return ok;
	/* Remembered only with a valid offset: btfx__vname_known() says both. */
	v->ident_ok[o / 8] |= (uint8_t)(1u << (o % 8));
	return 1;
}

/*
 * ident_end() two bytes a step, for a string that is not the section's
 * last: two[w] says both bytes of the 16-bit word w may follow a name's
 * first character.  A step reads the byte after a character that may
 * follow, so at most the string's NUL and the byte after it, which is in
 * the section.
 */
static const unsigned char *ident_end2(const struct vctx *v, const uint8_t *two,
				       const unsigned char *s)
{
	const uint8_t *c = v->cclass;
	const unsigned char *p = s + 1;
	uint16_t w;

	if (!(c[s[0]] & VC_FIRST))
		return NULL;
	for (;;) {
		memcpy(&w, p, 2);
		if (!two[w])
			break;
		memcpy(&w, p + 2, 2);
		if (!two[w]) {
			p += 2;
			break;
		}
		p += 4;
	}
	p += (c[p[0]] & VC_REST) != 0;
	return !*p && (size_t)(p - s) <= v->prof->name_len ? p : NULL;
}

/* The table of ident_end2(), or NULL (no memory: one byte a step then). */
static uint8_t *pair_table(const struct vctx *v)
{
	uint8_t *two = btfx__mem_alloc(v->mem, 65536), row[256];
	unsigned int a;

	if (!two)
		return NULL;
	for (a = 0; a < 256; a++)
		row[a] = (v->cclass[a] & VC_REST) != 0;
	for (a = 0; a < 256; a++)
		memcpy(two + 256 * a, row[a] ? row : (const uint8_t[256]){ 0 }, 256);
	return two;
}

/*
 * The own string offsets that may be marked: the kernel refuses offsets
 * past BTFX_MAX_NAME_OFFSET (btfx__vname_off_ok()), so they stay unmarked.
 */
static uint32_t mark_lim(const struct vctx *v)
{
	if (v->start_str_off > BTFX_MAX_NAME_OFFSET)
		return 0;
	if (v->ident_len > BTFX_MAX_NAME_OFFSET - v->start_str_off + 1)
		return BTFX_MAX_NAME_OFFSET - v->start_str_off + 1;
	return v->ident_len;
}

void btfx__vmark_names_plain(struct vctx *v)
{
	const unsigned char *s = (const unsigned char *)v->strs, *p, *q, *end, *last;
	uint32_t o;
	uint8_t *two;

	end = s + mark_lim(v);
	/* The last string is scanned a byte a step: nothing follows its NUL. */
	for (last = s + v->str_len - 1; last > s && last[-1]; last--)
		;
	two = v->str_len >= 4096 ? pair_table(v) : NULL;
	for (p = s; p < end; p = q + 1) {
		o = (uint32_t)(p - s);
		if ((q = two && p < last ? ident_end2(v, two, p) : ident_end(v, p)))
			v->ident_ok[o / 8] |= (uint8_t)(1u << (o % 8));
		else
			q = memchr(p, 0, v->str_len - o);
	}
	btfx__mem_free(v->mem, two);
}

#ifdef __SSE2__
#include <emmintrin.h>

/*
 * SSE2: the section is classified 64 bytes at a time into bitmasks (bit i
 * for byte i), and the marks of a block's strings come from the masks
 * with no branch per string.  A string is a good name when its first byte
 * may start a name, no byte before its NUL is one that may not follow (a
 * bad byte, rare) and it has at most name_len bytes.  A longer string
 * covers a whole block without a NUL: only then is a length measured.
 */
struct nblock {
	uint64_t nul;	/* NUL bytes */
	uint64_t rest;	/* bytes that may follow a name's first one (VC_REST) */
	uint64_t first; /* bytes that may start a name (VC_FIRST) */
};

/* The bytes of c in lo..hi (unsigned), as 0xff. */
static inline __m128i in_range(__m128i c, int lo, int hi)
{
	__m128i t = _mm_add_epi8(c, _mm_set1_epi8((char)(0x80 - lo)));

	return _mm_cmplt_epi8(t, _mm_set1_epi8((char)(hi - lo + 1 - 0x80)));
}

/*
 * The kernel's isalpha() (ASCII letters, Latin-1 letters from 0xc0 but
 * 0xd7 and 0xf7), '_' and dot (the profile's '.', or '_' again) may start
 * a name; digits may follow.  btfx__vname_classes() lets a test compare
 * this with vctx.cclass.  Adds bytes p[0..15] to b at bit sh.
 */
static inline void classify16(const unsigned char *p, __m128i dot, struct nblock *b, int sh)
{
	__m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i x = _mm_or_si128(c, _mm_set1_epi8(0x20)); /* lower case */
	__m128i hi = _mm_andnot_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xf7)),
				      in_range(c, 0xc0, 0xff));
	__m128i fc = _mm_or_si128(_mm_or_si128(in_range(x, 'a', 'z'), hi),
				  _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('_')),
					       _mm_cmpeq_epi8(c, dot)));
	__m128i rc = _mm_or_si128(fc, in_range(c, '0', '9'));

	b->nul |= (uint64_t)(unsigned int)_mm_movemask_epi8(_mm_cmpeq_epi8(c, _mm_setzero_si128()))
		  << sh;
	b->rest |= (uint64_t)(unsigned int)_mm_movemask_epi8(rc) << sh;
	b->first |= (uint64_t)(unsigned int)_mm_movemask_epi8(fc) << sh;
}

static inline void classify64(const unsigned char *p, __m128i dot, struct nblock *b)
{
	*b = (struct nblock){ 0 };
	classify16(p, dot, b, 0);
	classify16(p + 16, dot, b, 16);
	classify16(p + 32, dot, b, 32);
	classify16(p + 48, dot, b, 48);
}

/* The '.' the profile's classes take in names, or '_' (taken anyway). */
static __m128i dot_class(const struct vctx *v)
{
	return _mm_set1_epi8(v->cclass['.'] & VC_FIRST ? '.' : '_');
}

/*
 * The walk over the blocks.  Each block's candidates (strings starting in
 * it with a first byte) are marked at once; the one still open at the
 * block's end is unmarked later if a bad byte or its length says so.
 */
struct nwalk {
	uint8_t *ok;	   /* vctx.ident_ok */
	uint32_t lim;	   /* offsets from lim on are not marked */
	uint32_t name_len; /* the profile's */
	uint32_t open;	   /* the start of the string open at the last block's end */
	uint32_t live;	   /* that string is marked */
	uint32_t measure;  /* it covers a block without a NUL: measure it */
	uint64_t zc;	   /* 1: the block's first byte starts a string */
};

static inline void unmark_open(struct nwalk *w)
{
	if (w->live)
		w->ok[w->open / 8] &= (uint8_t) ~(1u << (w->open % 8));
	w->live = 0;
}

/* Or the marks m of the block at base into the bitmap, below lim. */
static inline void store_marks(struct nwalk *w, uint32_t base, uint64_t m)
{
	uint8_t *o = w->ok + base / 8;
	uint64_t word;

	if (base + 64 <= w->lim) {
		memcpy(&word, o, 8); /* x86: little-endian, as the bitmap */
		word |= m;
		memcpy(o, &word, 8);
		return;
	}
	m = base < w->lim ? m & ((1ull << (w->lim - base)) - 1) : 0;
	for (; m; m >>= 8)
		*o++ |= (uint8_t)m;
	if (w->open >= w->lim)
		w->live = 0; /* not marked */
}

/*
 * Take the strings with a bad byte out of the candidates cand: the one a
 * bad byte is in starts after the last NUL before it, or at the block's
 * first byte, or is the open string.
 */
static uint64_t drop_bad(struct nwalk *w, uint64_t nul, uint64_t bad, uint64_t cand)
{
	for (; bad; bad &= bad - 1) {
		uint64_t below = nul & ((1ull << __builtin_ctzll(bad)) - 1);

		if (below) {
			cand &= ~(2ull << (63 - __builtin_clzll(below)));
		} else {
			unmark_open(w);
			cand &= ~1ull;
		}
	}
	return cand;
}

/* The open string ends at the block's first NUL, end: too long? */
static void end_long(struct nwalk *w, uint32_t end)
{
	if (end - w->open > w->name_len)
		unmark_open(w);
	w->measure = 0;
}

static inline void mark_block(struct nwalk *w, uint32_t base, const struct nblock *b)
{
	uint64_t cand = ((b->nul << 1) | w->zc) & b->first;
	uint64_t bad = ~(b->rest | b->nul);
	int last;

	w->zc = b->nul >> 63;
	if (bad)
		cand = drop_bad(w, b->nul, bad, cand);
	if (!b->nul) {
		if (cand) { /* the block's first byte starts the open string */
			w->open = base;
			w->live = 1;
		}
		w->measure = 1;
		store_marks(w, base, cand);
		return;
	}
	if (w->measure)
		end_long(w, base + (uint32_t)__builtin_ctzll(b->nul));
	last = 63 - __builtin_clzll(b->nul);
	w->open = base + (uint32_t)last + 1;
	w->live = (uint32_t)(cand >> last >> 1) & 1;
	store_marks(w, base, cand);
}

/*
 * Every block through classify (a constant where this is inlined: SSE2 or
 * AVX2), which finds what it needs in ctx, then mark_block().
 */
VINLINE void mark_blocks(struct vctx *v, const void *ctx,
			 void (*classify)(const unsigned char *, const void *, struct nblock *))
{
	const unsigned char *s = (const unsigned char *)v->strs, *p;
	struct nwalk w = {
		.ok = v->ident_ok, .lim = mark_lim(v), .name_len = v->prof->name_len, .zc = 1
	};
	unsigned char tail[64];
	struct nblock b;
	uint32_t base;

	for (base = 0; base < v->str_len; base += 64) {
		p = s + base;
		if (v->str_len - base < 64) { /* NULs after the end start no name */
			memset(tail, 0, sizeof(tail));
			memcpy(tail, p, v->str_len - base);
			p = tail;
		}
		classify(p, ctx, &b);
		mark_block(&w, base, &b);
	}
}

VINLINE void classify64_sse2(const unsigned char *p, const void *ctx, struct nblock *b)
{
	classify64(p, *(const __m128i *)ctx, b);
}

static void mark_sse2(struct vctx *v)
{
	__m128i dot = dot_class(v);

	mark_blocks(v, &dot, classify64_sse2);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AVX2_PATH 1
#include <immintrin.h>

/*
 * AVX2: the classes of 32 bytes at a time from two table lookups, one by
 * each nibble of the byte (vpshufb), whose AND has a bit for each box of
 * the byte grid a class covers:
 *   0: 0x41-0x4f, 0x61-0x6f   1: 0x50-0x5a, 0x70-0x7a   2: '_'   3: '.'
 *   4: digits   5: 0xc0-0xcf, 0xe0-0xef   6: 0xd0-0xff but 0xd7, 0xf7
 *   7: NUL
 * A name may start with a byte of 0-3, 5 or 6 (box 3 only when the
 * profile takes '.') and go on with one of 0-6: as classify16().
 */
struct nluts {
	__m256i lo, hi;
};

enum { BOX_FIRST = 0x6f, BOX_REST = 0x7f };

__attribute__((target("avx2"))) static struct nluts nibble_luts(const struct vctx *v)
{
	uint8_t lo[32] = { 0 }, hi[32] = { 0 };
	struct nluts l;
	unsigned int n;

	for (n = 0; n < 16; n++) {
		lo[n] = (uint8_t)((n >= 1 ? 0x01 : 0) | (n <= 10 ? 0x02 : 0) |
				  (n == 15 ? 0x04 : 0) | (n == 14 ? 0x08 : 0) |
				  (n <= 9 ? 0x10 : 0) | 0x20 | (n != 7 ? 0x40 : 0) |
				  (n == 0 ? 0x80 : 0));
		hi[n] = (uint8_t)((n == 4 || n == 6 ? 0x01 : 0) | (n == 5 || n == 7 ? 0x02 : 0) |
				  (n == 5 ? 0x04 : 0) |
				  (n == 2 && (v->cclass['.'] & VC_FIRST) ? 0x08 : 0) |
				  (n == 3 ? 0x10 : 0) | (n == 12 || n == 14 ? 0x20 : 0) |
				  (n == 13 || n == 15 ? 0x40 : 0) | (n == 0 ? 0x80 : 0));
		lo[n + 16] = lo[n]; /* vpshufb looks up within each 16-byte lane */
		hi[n + 16] = hi[n];
	}
	memcpy(&l.lo, lo, 32);
	memcpy(&l.hi, hi, 32);
	return l;
}

__attribute__((target("avx2"))) VINLINE void
classify32_avx2(const unsigned char *p, const struct nluts *l, struct nblock *b, int sh)
{
	__m256i c = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i nib = _mm256_set1_epi8(0x0f);
	__m256i lo = _mm256_shuffle_epi8(l->lo, _mm256_and_si256(c, nib));
	__m256i hi = _mm256_shuffle_epi8(l->hi, _mm256_and_si256(_mm256_srli_epi16(c, 4), nib));
	__m256i box = _mm256_and_si256(lo, hi), zero = _mm256_setzero_si256();
	__m256i nf = _mm256_cmpeq_epi8(_mm256_and_si256(box, _mm256_set1_epi8(BOX_FIRST)), zero);
	__m256i nr = _mm256_cmpeq_epi8(_mm256_and_si256(box, _mm256_set1_epi8(BOX_REST)), zero);

	b->nul |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, zero)) << sh;
	b->rest |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(nr) << sh;
	b->first |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(nf) << sh;
}

__attribute__((target("avx2"))) VINLINE void classify64_avx2(const unsigned char *p,
							     const void *ctx, struct nblock *b)
{
	*b = (struct nblock){ 0 };
	classify32_avx2(p, ctx, b, 0);
	classify32_avx2(p + 32, ctx, b, 32);
}

__attribute__((target("avx2"))) static void mark_avx2(struct vctx *v)
{
	struct nluts l = nibble_luts(v);

	mark_blocks(v, &l, classify64_avx2);
}

__attribute__((target("avx2"))) static void
classes_avx2(const struct vctx *v, const unsigned char *bytes, struct nblock *b)
{
	struct nluts l = nibble_luts(v);

	classify64_avx2(bytes, &l, b);
}

static int have_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}
#else
#define HAVE_AVX2_PATH 0
#endif

int btfx__vname_classes(const struct vctx *v, int isa, uint8_t cls[256])
{
	unsigned char bytes[64];
	struct nblock b;
	unsigned int i, k;

	if (isa == BTFX__VISA_AVX2 && !(HAVE_AVX2_PATH && have_avx2()))
		return 0;
	for (i = 0; i < 256; i += 64) {
		for (k = 0; k < 64; k++)
			bytes[k] = (unsigned char)(i + k);
#if HAVE_AVX2_PATH
		if (isa == BTFX__VISA_AVX2)
			classes_avx2(v, bytes, &b);
		else
#endif
			classify64(bytes, dot_class(v), &b);
		for (k = 0; k < 64; k++)
			cls[i + k] = (uint8_t)(((b.first >> k) & 1 ? VC_FIRST : 0) |
					       ((b.rest >> k) & 1 ? VC_REST : 0));
	}
	return 1;
}

int btfx__vmark_names_isa(struct vctx *v, int isa)
{
	if (v->prof->name_len < 128) /* a longer string than a name covers a block without a NUL */
		return 0;
#if HAVE_AVX2_PATH
	if (isa == BTFX__VISA_AVX2) {
		if (!have_avx2())
			return 0;
		mark_avx2(v);
		return 1;
	}
#endif
	if (isa != BTFX__VISA_SSE2)
		return 0;
	mark_sse2(v);
	return 1;
}
#else
int btfx__vname_classes(const struct vctx *v, int isa, uint8_t cls[256])
{
	(void)v;
	(void)isa;
	(void)cls;
	return 0;
}

int btfx__vmark_names_isa(struct vctx *v, int isa)
{
	(void)v;
	(void)isa;
	return 0;
}
#endif

/*
 * Mark every own string that starts after a NUL and is a good name, in one
 * pass over the section: nearly all of them are names, and this costs less
 * than finding each on first use.  A name elsewhere (inside a string) is
 * scanned when met.  The section ends with a NUL (checked before).
 */
void btfx__vmark_names(struct vctx *v)
{
	if (!btfx__vmark_names_isa(v, BTFX__VISA_AVX2) &&
	    !btfx__vmark_names_isa(v, BTFX__VISA_SSE2))
		btfx__vmark_names_plain(v);
}
