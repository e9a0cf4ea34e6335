/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * types.h - the one per-kind table: record sizes, names, and visitors over
 * the type ids and string offsets a record holds.
 */
#ifndef BTFX_TYPES_H
#define BTFX_TYPES_H

#include <stdint.h>
#include <btfx/format.h>

/* Sizes of a kind's trailing data: one info_sz record, vlen elem_sz ones. */
struct btfx_kind_desc {
	const char *name;  /* as bpftool prints it */
	uint8_t info_sz;
	uint8_t elem_sz;
	uint8_t has_size;  /* the last word of btfx_type is a size, not a type id */
};

extern const struct btfx_kind_desc btfx__kinds[BTFX_NR_KINDS];

static inline int btfx__kind_known(unsigned int kind)
{
	return kind > BTFX_KIND_UNKN && kind < BTFX_NR_KINDS;
}

/* Byte length of a record of a known kind with vlen trailing elements. */
static inline uint32_t btfx__rec_size(unsigned int kind, uint32_t vlen)
{
	return (uint32_t)sizeof(struct btfx_type) + btfx__kinds[kind].info_sz +
	       vlen * btfx__kinds[kind].elem_sz;
}

/*
 * Visit every type-id field of a record (known kinds only); fn may change
 * the id in place.  Stops at and returns fn's first non-zero return.
 */
typedef int (*btfx__id_fn)(uint32_t *id, void *ctx);
int btfx__visit_type_ids(struct btfx_type *t, btfx__id_fn fn, void *ctx);

/* Visit every string-offset field of a record, name_off first. */
typedef int (*btfx__str_fn)(uint32_t *off, void *ctx);
int btfx__visit_str_offs(struct btfx_type *t, btfx__str_fn fn, void *ctx);

#endif /* BTFX_TYPES_H */
