/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * walk.h - the fast walk over a well-formed type section: every record's
 * offset, the largest string offset and the largest type id it holds.
 *
 * The walk only says yes or "not plain": anything unusual (a kind it does
 * not know, a record past the end, too short a tail) makes it return -1 and
 * the reader's careful walk finds and names the problem.  It reads nothing
 * outside [types, types + len).
 */
#ifndef BTFX_WALK_H
#define BTFX_WALK_H

#include <stdint.h>

/* Room the walk needs in offs beyond one entry per 12 bytes of section. */
#define BTFX__WALK_SLACK 80u

/* Entries of offs a walk over len bytes may write. */
static inline uint64_t btfx__walk_offs_cap(uint32_t len)
{
	return (uint64_t)len / 12 + BTFX__WALK_SLACK;
}

struct btfx__walk {
	/* in */
	const uint8_t *types; /* 4-byte aligned */
	uint32_t len;         /* a multiple of 4 */
	uint32_t *offs;       /* btfx__walk_offs_cap(len) entries */
	int elems;            /* also the members', params', enumerators' fields */
	int portable;         /* never the AVX2 element reader (for tests) */
	/* out */
	uint32_t nr;       /* records; offs[0..nr) are their offsets */
	uint32_t max_name; /* largest string offset of a checked field */
	uint32_t max_ref;  /* largest type id of a checked field */
	int joined;        /* the second chain's records were used (for tests) */
	int avx2;          /* the AVX2 walk was chosen (for tests) */
};

/* 0 when every record is of a known kind and inside the section, else -1. */
int btfx__walk_fast(struct btfx__walk *w);

#endif /* BTFX_WALK_H */
