/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * dedup_canon.h - compare two BTF objects whose types may be numbered
 * differently: the raw dump of each in a canonical order.
 */
#ifndef BTFX_DEDUP_CANON_H
#define BTFX_DEDUP_CANON_H

#include <btfx/btfx.h>

/*
 * The raw dump (btfx_dump_type_raw()) of btf's own types, renumbered into
 * a canonical order, as a malloc'd string; NULL on failure.
 *
 * Each type's line without its id and with every "type_id=N" blanked is
 * its template.  Types are coloured by colour refinement: first by their
 * template, then, until the partition stops changing, by their colour and
 * the colours of the types they reference in order.  They are sorted by
 * template, then colour; a type's canonical id is its place in that order,
 * and a reference prints the canonical id of the first type of the
 * referenced type's colour (types of one colour are indistinguishable by
 * refinement).  Void and a base's ids print as they are.  Isomorphic
 * objects give the same text, whatever the numbering; objects that differ
 * in a name, a size, a member or the shape of their references do not.
 */
char *canon_dump(const struct btfx *btf);

/*
 * Where two texts first differ: a malloc'd message quoting the first
 * differing line of each (with its line number), or NULL when they are
 * equal.
 */
char *canon_diff(const char *a, const char *b);

#endif /* BTFX_DEDUP_CANON_H */
