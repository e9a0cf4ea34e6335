/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * walk_chains.h - the two-chain walk of walk.c, written once and included
 * there once per way of reading a record (no include guard).
 *
 * The includer defines:
 *   WC_NAME              the function's name
 *   WC_ATTR              its attributes
 *   WC_STATE             declarations of extra state (vector accumulators)
 *   WC_RECORD(off, acc)  read the record at off into n and r (and the
 *                        extra state, chain acc: A or B); its size, or 0
 *   WC_FOLD(acc, nm, rf) fold chain acc's extra state into nm and rf
 * and may use `elems`, the function's second parameter.  Chain B's first
 * B_EARLY records are read with record() so that each one's findings stay
 * apart until the chains meet.
 */

static WC_ATTR int WC_NAME(struct btfx__walk *w, int elems)
{
	const uint8_t *types = w->types;
	uint32_t len = w->len, *offs = w->offs, *boffs;
	uint32_t a = 0, na = 0, an = 0, ar = 0, a_mid, mid, n, r, sz, j;
	uint32_t b, nb = 0, bn = 0, br = 0, b_skip = 0;
	uint32_t b_name[B_EARLY], b_ref[B_EARLY];
	WC_STATE

	w->max_name = w->max_ref = 0;
	w->joined = 0;
	if (len < TWO_CHAINS_MIN || !(mid = place_b(types, len)))
		return walk_one(w, 0, 0, elems);
	b = mid;
	/* A's records before mid are at most mid / 12 + 1, plus its reach. */
	boffs = offs + mid / HDR + 2 + A_REACH;

#define STEP_A()                                                                         \
	do {                                                                             \
		if (!(sz = WC_RECORD(a, A)))                                             \
			return -1;                                                       \
		an = umax(an, n);                                                        \
		ar = umax(ar, r);                                                        \
		offs[na++] = a;                                                          \
		a += sz;                                                                 \
	} while (0)
#define STEP_B()                                                                         \
	do {                                                                             \
		sz = nb < B_EARLY ? record(types, len, b, elems, &n, &r) : WC_RECORD(b, B); \
		if (!sz) {                                                               \
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
			WC_FOLD(A, an, ar);
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
	WC_FOLD(A, an, ar);
	WC_FOLD(B, bn, br);
	w->max_name = umax(an, bn);
	w->max_ref = umax(ar, br);
	w->joined = 1;
	return 0;
}

#undef WC_NAME
#undef WC_ATTR
#undef WC_STATE
#undef WC_RECORD
#undef WC_FOLD
