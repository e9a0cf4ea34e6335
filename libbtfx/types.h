/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * types.h - the one per-kind table.
 *
 * Everything that differs between kinds is data in btfx__kinds[]: the size
 * of the one record after btfx_type and of each of its vlen elements, what
 * btfx_type's last word holds, and which words of the record and of each
 * element are type ids and which are string offsets.  The reader's walk,
 * the byte swap, the visitors, the dump and every later module read this
 * table; adding a kind is adding one entry.
 */
#ifndef BTFX_TYPES_H
#define BTFX_TYPES_H

#include <btfx/format.h>
#include <stdint.h>

/* What the last word of btfx_type holds. */
enum {
	BTFX__LAST_SIZE = 0, /* a size in bytes */
	BTFX__LAST_TYPE = 1, /* a type id */
	BTFX__LAST_NONE = 2, /* nothing (FWD) */
};

struct btfx_kind_desc {
	const char *name;  /* as bpftool prints it; NULL: a kind libbtfx does not know */
	uint8_t info_sz;   /* bytes of the one record after btfx_type */
	uint8_t elem_sz;   /* bytes of each of the vlen elements after it */
	uint8_t last;	   /* BTFX__LAST_*: what btfx_type's last word is */
	uint8_t info_ids;  /* bit i set: word i of the info record is a type id */
	uint8_t elem_strs; /* bit i set: word i of each element is a string offset */
	uint8_t elem_ids;  /* bit i set: word i of each element is a type id */
	/* An element holds at most one string offset and one type id (the reader's walk
	 * relies on it; check_btf tests it). */
	/* The kernel verifier's rules for the kind (validate.c). */
	uint8_t v_name;	   /* BTFX__VNAME_*: what the type's own name may be */
	uint8_t v_vlen0;   /* vlen must be 0 */
	uint8_t v_since;   /* BTFX__ERA_*: the first kernels that know the kind */
	uint8_t v_kflag;   /* BTFX__ERA_* from which kind_flag may be set; BTFX__ERA_NEVER */
};

/* What a type's own name may be, for the kernel's verifier. */
enum {
	BTFX__VNAME_ANY = 0,   /* anything (only its offset is checked) */
	BTFX__VNAME_EMPTY,     /* must be "" */
	BTFX__VNAME_IDENT,     /* a C identifier, not "" */
	BTFX__VNAME_OPT_IDENT, /* "" or a C identifier */
	BTFX__VNAME_NONEMPTY,  /* any string but "" (tag values) */
	BTFX__VNAME_SECTION,   /* a section name: printable, not "" */
};

/* Kernel generations, oldest first: the targets of validation map to one. */
enum {
	BTFX__ERA_5_10 = 0,
	BTFX__ERA_5_15,
	BTFX__ERA_6_1,
	BTFX__ERA_6_12,
	BTFX__ERA_CURRENT,
	BTFX__ERA_2026,
	BTFX__ERA_NEVER = 0xff,
};

/* Indexed by any 7-bit kind; entries of kinds libbtfx does not know are zero.
 */
extern const struct btfx_kind_desc btfx__kinds[BTFX_MAX_KIND + 1];

static inline int btfx__kind_known(unsigned int kind)
{
	return kind <= BTFX_MAX_KIND && btfx__kinds[kind].name != NULL;
}

/* Byte length of a record of a known kind with vlen trailing elements. */
static inline uint64_t btfx__rec_size(unsigned int kind, uint32_t vlen)
{
	return sizeof(struct btfx_type) + btfx__kinds[kind].info_sz +
	       (uint64_t)vlen * btfx__kinds[kind].elem_sz;
}

/*
 * Visit every type-id field of a record of a known kind (records of other
 * kinds have none that libbtfx knows of): the last word of btfx_type when
 * it is a type id, then the info record's, then each element's.  fn may
 * change the id in place.  Stops at and returns fn's first non-zero return.
 */
typedef int (*btfx__id_fn)(uint32_t *id, void *ctx);
int btfx__visit_type_ids(struct btfx_type *t, btfx__id_fn fn, void *ctx);

/* Visit every string-offset field of a record, name_off first. */
typedef int (*btfx__str_fn)(uint32_t *off, void *ctx);
int btfx__visit_str_offs(struct btfx_type *t, btfx__str_fn fn, void *ctx);

#endif /* BTFX_TYPES_H */
