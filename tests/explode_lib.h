/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * explode_lib.h - dedup inputs made from deduplicated BTF: the types of one
 * object spread over K "compile units", each with its own copy of every
 * type it reaches, concatenated into one object, as pahole emits a kernel's
 * types before dedup.  Used by tests/explode, the libbpf differential test
 * and bench/bench_dedup.
 */
#ifndef BTFX_EXPLODE_LIB_H
#define BTFX_EXPLODE_LIB_H

#include <stdint.h>
#include <btfx/btfx.h>

struct explode_opts {
	uint32_t k;       /* compile units, >= 1 */
	uint32_t fwd_pct; /* 0..100: share of pointer-only structs turned into FWDs */
	uint64_t seed;    /* picks those structs; the same seed, the same output */
};

struct explode_stats {
	uint32_t in_types;  /* own types of the source */
	uint32_t roots;     /* types spread over the units */
	uint64_t out_types; /* types of the result */
	uint64_t fwds;      /* STRUCT/UNIONs the result has as FWDs */
	uint32_t max_cu;    /* types of the largest unit */
};

/*
 * Every type of src that nothing references or that has a name is a root
 * (and any type no root reaches); the roots go round robin to k units,
 * except that a VAR goes with the DATASEC that holds it and a DECL_TAG with
 * the type it tags, so that each VAR and DATASEC (which dedup never merges)
 * is emitted once.  Each unit gets its roots and every type they reach,
 * renumbered, in the source's order.  In each unit, fwd_pct percent of the
 * named STRUCT/UNIONs that the unit reaches only through PTRs (chosen by a
 * hash of seed, unit and id) are emitted as FWDs of that name and kind,
 * and what only they reached is left out.  The units are appended to a new
 * object, one after another.  Linear in the size of the result.
 * @param src an object that is not split BTF.
 * @param out receives the new object (the caller frees it).
 * @param st receives figures; may be NULL.
 * @return 0, -EINVAL (k == 0, fwd_pct > 100, split src), -ENOMEM, or the
 *         error of a libbtfx call (its message on *out when *out is set).
 */
int explode(const struct btfx *src, const struct explode_opts *opts, struct btfx **out,
	    struct explode_stats *st);

#endif /* BTFX_EXPLODE_LIB_H */
