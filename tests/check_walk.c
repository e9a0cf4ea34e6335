// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_walk.c - the two-chain fast walk (walk.c), with its portable and
 * its AVX2 element readers, against a plain one-record-at-a-time walk
 * written here from the format's sizes, on random sections, on mutated ones (so that the second chain starts inside
 * records, on words that look like records, and on broken records), and on
 * sections built to keep the second chain from ever joining the first.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "walk.h"

/* ---- the plain walk ---------------------------------------------------- */

struct plain {
	int ret;
	uint32_t nr, max_name, max_ref;
	uint32_t *offs;
};

static uint32_t umax(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* Bytes of a record of kind with vlen elements, or 0 for an unknown kind. */
static uint64_t plain_size(uint32_t kind, uint32_t vlen)
{
	switch (kind) {
	case BTFX_KIND_INT:
	case BTFX_KIND_VAR:
	case BTFX_KIND_DECL_TAG:
		return 16;
	case BTFX_KIND_ARRAY:
		return 24;
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
	case BTFX_KIND_DATASEC:
	case BTFX_KIND_ENUM64:
		return 12 + 12ull * vlen;
	case BTFX_KIND_ENUM:
	case BTFX_KIND_FUNC_PROTO:
		return 12 + 8ull * vlen;
	case BTFX_KIND_PTR:
	case BTFX_KIND_FWD:
	case BTFX_KIND_TYPEDEF:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_FUNC:
	case BTFX_KIND_FLOAT:
	case BTFX_KIND_TYPE_TAG:
		return 12;
	default:
		return 0;
	}
}

static int last_word_is_type(uint32_t kind)
{
	switch (kind) {
	case BTFX_KIND_PTR:
	case BTFX_KIND_TYPEDEF:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_FUNC:
	case BTFX_KIND_FUNC_PROTO:
	case BTFX_KIND_VAR:
	case BTFX_KIND_DECL_TAG:
	case BTFX_KIND_TYPE_TAG:
		return 1;
	default:
		return 0;
	}
}

static void plain_elems(const uint32_t *t, uint32_t kind, uint32_t vlen, uint32_t *mn,
			uint32_t *mr)
{
	const uint32_t *e = t + 3;
	uint32_t i;

	for (i = 0; i < vlen; i++) {
		switch (kind) {
		case BTFX_KIND_STRUCT:
		case BTFX_KIND_UNION:
			*mn = umax(*mn, e[3 * i]);
			*mr = umax(*mr, e[3 * i + 1]);
			break;
		case BTFX_KIND_FUNC_PROTO:
			*mn = umax(*mn, e[2 * i]);
			*mr = umax(*mr, e[2 * i + 1]);
			break;
		case BTFX_KIND_ENUM:
			*mn = umax(*mn, e[2 * i]);
			break;
		case BTFX_KIND_ENUM64:
			*mn = umax(*mn, e[3 * i]);
			break;
		case BTFX_KIND_DATASEC:
			*mr = umax(*mr, e[3 * i]);
			break;
		}
	}
}

static void plain_walk(const uint32_t *words, uint32_t len, int elems, struct plain *p)
{
	uint32_t off = 0;

	p->nr = p->max_name = p->max_ref = 0;
	p->ret = -1;
	while (off < len) {
		const uint32_t *t = words + off / 4;
		uint32_t kind, vlen;
		uint64_t sz;

		if (len - off < 12)
			return;
		kind = BTFX_INFO_KIND(t[1]);
		vlen = BTFX_INFO_VLEN(t[1]);
		sz = plain_size(kind, vlen);
		if (!sz || sz > len - off)
			return;
		p->max_name = umax(p->max_name, t[0]);
		if (last_word_is_type(kind))
			p->max_ref = umax(p->max_ref, t[2]);
		if (kind == BTFX_KIND_ARRAY)
			p->max_ref = umax(p->max_ref, umax(t[3], t[4]));
		if (elems)
			plain_elems(t, kind, vlen, &p->max_name, &p->max_ref);
		p->offs[p->nr++] = off;
		off += (uint32_t)sz;
	}
	p->ret = 0;
}

/* ---- sections ---------------------------------------------------------- */

struct sec {
	uint32_t *w;
	uint32_t len; /* bytes */
	uint32_t cap; /* words */
};

static uint32_t rnd(uint32_t n)
{
	return (uint32_t)random() % n;
}

static void put(struct sec *s, uint32_t v)
{
	ck_assert_uint_lt(s->len / 4, s->cap);
	s->w[s->len / 4] = v;
	s->len += 4;
}

/* A random record of a known kind: names below 4000, ids below 6000. */
static void put_record(struct sec *s)
{
	static const uint32_t kinds[] = {
		BTFX_KIND_INT,	    BTFX_KIND_PTR,	  BTFX_KIND_ARRAY,   BTFX_KIND_STRUCT,
		BTFX_KIND_UNION,    BTFX_KIND_ENUM,	  BTFX_KIND_FWD,     BTFX_KIND_TYPEDEF,
		BTFX_KIND_VOLATILE, BTFX_KIND_CONST,	  BTFX_KIND_RESTRICT, BTFX_KIND_FUNC,
		BTFX_KIND_FUNC_PROTO, BTFX_KIND_VAR,	  BTFX_KIND_DATASEC, BTFX_KIND_FLOAT,
		BTFX_KIND_DECL_TAG, BTFX_KIND_TYPE_TAG, BTFX_KIND_ENUM64,
	};
	uint32_t kind = kinds[rnd(sizeof(kinds) / sizeof(kinds[0]))], vlen = 0, i, words;

	if (plain_size(kind, 1) > 12)
		vlen = rnd(8) ? rnd(7) : rnd(40);
	put(s, rnd(4000));
	put(s, BTFX_INFO(kind, rnd(2), vlen));
	put(s, rnd(6000));
	words = (uint32_t)(plain_size(kind, vlen) / 4) - 3;
	for (i = 0; i < words; i++)
		put(s, rnd(4) ? rnd(6000) : (uint32_t)random());
}

static void sec_init(struct sec *s, uint32_t cap_words)
{
	s->w = calloc(cap_words, 4);
	ck_assert_ptr_nonnull(s->w);
	s->len = 0;
	s->cap = cap_words;
}

static void random_section(struct sec *s, uint32_t min_len)
{
	sec_init(s, min_len / 4 + 1024);
	while (s->len < min_len)
		put_record(s);
}

/* Does walk.c have an AVX2 element reader, and this CPU AVX2? */
static int have_avx2(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	return __builtin_cpu_supports("avx2");
#else
	return 0;
#endif
}

/*
 * Walk both ways, with and without elements, the elements both with the
 * AVX2 reader and without; they must agree exactly.
 */
static int same_walks(const struct sec *s, int *joined)
{
	uint64_t cap = btfx__walk_offs_cap(s->len);
	struct plain p = { .offs = calloc(s->len / 12 + 1, 4) };
	uint32_t *offs = calloc(cap, 4);
	int elems, portable, j = 0;

	ck_assert_ptr_nonnull(p.offs);
	ck_assert_ptr_nonnull(offs);
	for (elems = 0; elems < 2; elems++) {
		plain_walk(s->w, s->len, elems, &p);
		/* With elements, both the AVX2 reader (where there is one) and the portable one. */
		for (portable = 0; portable < 2; portable++) {
			struct btfx__walk w = { .types = (const uint8_t *)s->w,
						.len = s->len,
						.offs = offs,
						.elems = elems,
						.portable = portable };
			int ret;

			memset(offs, 0xee, cap * 4);
			ret = btfx__walk_fast(&w);
			ck_assert_int_eq(w.avx2, elems && !portable && have_avx2());
			ck_assert_int_eq(ret, p.ret);
			if (!ret) {
				ck_assert_uint_eq(w.nr, p.nr);
				ck_assert_mem_eq(offs, p.offs, (size_t)p.nr * 4);
				ck_assert_uint_eq(w.max_name, p.max_name);
				ck_assert_uint_eq(w.max_ref, p.max_ref);
				j += w.joined;
			}
		}
	}
	free(offs);
	free(p.offs);
	if (joined)
		*joined = j == 4;
	return p.ret;
}

/* ---- tests ------------------------------------------------------------- */

START_TEST(test_walk_random_sections_match_plain_walk)
{
	int i, joined, nr_joined = 0;

	srandom(1);
	for (i = 0; i < 300; i++) {
		struct sec s;

		random_section(&s, 4096 + rnd(60000));
		ck_assert_int_eq(same_walks(&s, &joined), 0);
		nr_joined += joined;
		free(s.w);
	}
	/* The second chain must be doing the work, not the fallback. */
	ck_assert_int_ge(nr_joined, 280);
}
END_TEST

START_TEST(test_walk_small_sections_use_one_chain)
{
	int i, joined;

	srandom(2);
	for (i = 0; i < 200; i++) {
		struct sec s;

		random_section(&s, rnd(3000));
		ck_assert_int_eq(same_walks(&s, &joined), 0);
		ck_assert_int_eq(joined, 0);
		free(s.w);
	}
}
END_TEST

/* A word for a mutation: often an info word that looks like a record. */
static uint32_t lookalike(void)
{
	switch (rnd(5)) {
	case 0:
		return BTFX_INFO(1 + rnd(BTFX_KIND_ENUM64), rnd(2), rnd(4));
	case 1:
		return BTFX_INFO(1 + rnd(BTFX_KIND_ENUM64), 0, rnd(4000));
	case 2:
		return BTFX_INFO(20 + rnd(100), 0, 0);
	case 3:
		return 0;
	default:
		return (uint32_t)random();
	}
}

START_TEST(test_walk_mutated_sections_match_plain_walk)
{
	int i, j, nr_bad = 0, nr_good = 0;
	struct sec s;

	srandom(3);
	random_section(&s, 20000);
	for (i = 0; i < 3000; i++) {
		uint32_t save[3], at[3], n = 1 + rnd(3);

		for (j = 0; j < (int)n; j++) {
			/* Mostly around the middle, where the second chain starts. */
			at[j] = rnd(3) ? s.len / 16 + rnd(s.len / 8) : rnd(s.len / 4);
			save[j] = s.w[at[j]];
			s.w[at[j]] = lookalike();
		}
		if (same_walks(&s, NULL))
			nr_bad++;
		else
			nr_good++;
		for (j = (int)n - 1; j >= 0; j--)
			s.w[at[j]] = save[j];
	}
	free(s.w);
	ck_assert_int_gt(nr_bad, 100);
	ck_assert_int_gt(nr_good, 100);
}
END_TEST

/* A record broken right after the middle is found, not skipped by chain B. */
START_TEST(test_walk_bad_record_in_second_half)
{
	uint32_t i, off, nr;
	struct sec s;
	struct plain p;

	srandom(4);
	random_section(&s, 40000);
	p.offs = calloc(s.len / 12 + 1, 4);
	ck_assert_ptr_nonnull(p.offs);
	plain_walk(s.w, s.len, 1, &p);
	ck_assert_int_eq(p.ret, 0);
	nr = p.nr;
	for (i = 0; i < nr; i += 7) {
		uint32_t save;

		off = p.offs[i];
		if (off < s.len / 2)
			continue;
		save = s.w[off / 4 + 1];
		s.w[off / 4 + 1] = BTFX_INFO(0, 0, 0);
		ck_assert_int_eq(same_walks(&s, NULL), -1);
		s.w[off / 4 + 1] = BTFX_INFO(BTFX_KIND_STRUCT, 0, 0xffffff);
		ck_assert_int_eq(same_walks(&s, NULL), -1);
		s.w[off / 4 + 1] = save;
		plain_walk(s.w, s.len, 1, &p); /* same_walks reused nothing of p */
		ck_assert_uint_eq(p.nr, nr);
	}
	free(p.offs);
	free(s.w);
}
END_TEST

/*
 * One ENUM filling the section, its names and values all PTR info words:
 * from anywhere inside it, chain B reads PTR after PTR that are not
 * records.  Nothing of what B found may show in the result.
 */
START_TEST(test_walk_second_chain_never_joins)
{
	uint32_t i, n = 3000;
	struct sec s;
	int joined;

	sec_init(&s, 3 + 2 * n + 8);
	put(&s, 1);
	put(&s, BTFX_INFO(BTFX_KIND_ENUM, 0, n));
	put(&s, 4);
	for (i = 0; i < n; i++) {
		put(&s, BTFX_INFO(BTFX_KIND_PTR, 0, 0));
		put(&s, BTFX_INFO(BTFX_KIND_PTR, 0, 0));
	}
	ck_assert_int_eq(same_walks(&s, &joined), 0);
	ck_assert_int_eq(joined, 0);
	/* Then one record after it: still one chain's result. */
	put(&s, 7);
	put(&s, BTFX_INFO(BTFX_KIND_TYPEDEF, 0, 0));
	put(&s, 9);
	ck_assert_int_eq(same_walks(&s, &joined), 0);
	ck_assert_int_eq(joined, 0);
	free(s.w);
}
END_TEST

/* Records that all look alike (PTRs): B joins at once, whatever the middle. */
START_TEST(test_walk_uniform_section_joins)
{
	uint32_t i;
	struct sec s;
	int joined;

	sec_init(&s, 3 * 5000 + 2);
	for (i = 0; i < 5000; i++) {
		put(&s, i);
		put(&s, BTFX_INFO(BTFX_KIND_PTR, 0, 0));
		put(&s, i + 1);
	}
	ck_assert_int_eq(same_walks(&s, &joined), 0);
	ck_assert_int_eq(joined, 1);
	/* A 4- or 8-byte tail after well-formed records is not plain. */
	put(&s, 0);
	ck_assert_int_eq(same_walks(&s, NULL), -1);
	put(&s, 0);
	ck_assert_int_eq(same_walks(&s, NULL), -1);
	free(s.w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("walk");
	TCase *tc = tcase_create("walk");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_walk_random_sections_match_plain_walk);
	tcase_add_test(tc, test_walk_small_sections_use_one_chain);
	tcase_add_test(tc, test_walk_mutated_sections_match_plain_walk);
	tcase_add_test(tc, test_walk_bad_record_in_second_half);
	tcase_add_test(tc, test_walk_second_chain_never_joins);
	tcase_add_test(tc, test_walk_uniform_section_joins);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
