/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * btfx/format.h - the BTF wire format, as libbtfx reads and writes it.
 *
 * Written from the format's documentation (the kernel's
 * Documentation/bpf/btf.rst and its UAPI description).  Self-contained:
 * includes only standard headers, never <linux/btf.h>.
 *
 * A blob is a header, then a type section, an optional kind-layout section
 * and a string section, at offsets relative to the end of the header.
 * All multi-byte fields are in the blob's byte order, which the magic tells.
 */
#ifndef BTFX_FORMAT_H
#define BTFX_FORMAT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The magic, as a host-order uint16_t read in the blob's byte order. */
#define BTFX_MAGIC 0xeB9F
/** The only format version. */
#define BTFX_VERSION 1

/** Length of the classic header (no layout section fields). */
#define BTFX_HDR_LEN_CLASSIC 24
/** Length of the header with layout_off/layout_len (2026 format). */
#define BTFX_HDR_LEN_LAYOUT 32

/**
 * The header.  Offsets are relative to the end of the header (hdr_len).
 * A classic header stops after str_len (24 bytes); the layout fields are
 * present when hdr_len >= 32.
 */
struct btfx_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t type_off;
	uint32_t type_len;
	uint32_t str_off;
	uint32_t str_len;
	uint32_t layout_off;
	uint32_t layout_len;
};

/**
 * One kind-layout record; the layout section holds one per kind, indexed by
 * kind number, so that a reader can skip kinds it does not know.
 */
struct btfx_layout {
	uint8_t info_sz; /* bytes of the single record after btfx_type */
	uint8_t elem_sz; /* bytes of each of the vlen records after that */
	uint16_t flags;  /* none defined; must be 0 */
};

/* Limits of the format. */
#define BTFX_MAX_TYPE_KERNEL 0x000fffffu /* largest type id kernels load */
#define BTFX_MAX_TYPE 0x7fffffffu        /* largest type id of the format */
#define BTFX_MAX_NAME_OFFSET 0x00ffffffu /* kernel's limit on name_off */
#define BTFX_MAX_STR_OFFSET 0x7fffffffu  /* largest string offset */
#define BTFX_MAX_VLEN_CLASSIC 0xffffu    /* vlen in a classic info word */
#define BTFX_MAX_VLEN 0x00ffffffu        /* vlen in a 2026 info word */
#define BTFX_MAX_KIND_CLASSIC 0x1fu
#define BTFX_MAX_KIND 0x7fu
#define BTFX_MAX_BITS 128u /* INT nr_bits, bitfield sizes */

/**
 * The common type record.  info: bits 0-23 vlen (0-15 in the classic
 * format), bits 24-30 kind (24-28 classic), bit 31 kind_flag.  The last
 * word is a size (INT, ENUM, STRUCT, UNION, DATASEC, FLOAT, ENUM64) or a type
 * id (everything else).
 */
struct btfx_type {
	uint32_t name_off;
	uint32_t info;
	union {
		uint32_t size;
		uint32_t type;
	};
};

/** The kinds. */
enum {
	BTFX_KIND_UNKN = 0,
	BTFX_KIND_INT = 1,
	BTFX_KIND_PTR = 2,
	BTFX_KIND_ARRAY = 3,
	BTFX_KIND_STRUCT = 4,
	BTFX_KIND_UNION = 5,
	BTFX_KIND_ENUM = 6,
	BTFX_KIND_FWD = 7,
	BTFX_KIND_TYPEDEF = 8,
	BTFX_KIND_VOLATILE = 9,
	BTFX_KIND_CONST = 10,
	BTFX_KIND_RESTRICT = 11,
	BTFX_KIND_FUNC = 12,
	BTFX_KIND_FUNC_PROTO = 13,
	BTFX_KIND_VAR = 14,
	BTFX_KIND_DATASEC = 15,
	BTFX_KIND_FLOAT = 16,
	BTFX_KIND_DECL_TAG = 17,
	BTFX_KIND_TYPE_TAG = 18,
	BTFX_KIND_ENUM64 = 19,
	BTFX_NR_KINDS = 20, /* kinds this version of libbtfx knows */
};

/** Field access to the info word. */
#define BTFX_INFO_KIND(info) (((info) >> 24) & 0x7f)
#define BTFX_INFO_VLEN(info) ((info)&0xffffff)
#define BTFX_INFO_KFLAG(info) ((info) >> 31)
#define BTFX_INFO(kind, kflag, vlen)                                                     \
	((((uint32_t)(kflag) & 1u) << 31) | (((uint32_t)(kind)&0x7fu) << 24) |            \
	 ((uint32_t)(vlen)&0xffffffu))

/* INT: followed by one uint32_t: encoding (bits 24-27), offset (16-23), bits (0-7). */
#define BTFX_INT_ENCODING(v) (((v)&0x0f000000u) >> 24)
#define BTFX_INT_OFFSET(v) (((v)&0x00ff0000u) >> 16)
#define BTFX_INT_BITS(v) ((v)&0x000000ffu)
#define BTFX_INT_MASK 0x0fff00ffu
#define BTFX_INT_ENC(encoding, offset, bits)                                             \
	((((uint32_t)(encoding)&0xfu) << 24) | (((uint32_t)(offset)&0xffu) << 16) |       \
	 ((uint32_t)(bits)&0xffu))

/* INT encodings; at most one may be set. */
#define BTFX_INT_SIGNED (1u << 0)
#define BTFX_INT_CHAR (1u << 1)
#define BTFX_INT_BOOL (1u << 2)

/** ENUM: vlen of these. kind_flag set: values are signed. */
struct btfx_enum {
	uint32_t name_off;
	int32_t val;
};

/** ENUM64: vlen of these. */
struct btfx_enum64 {
	uint32_t name_off;
	uint32_t val_lo32;
	uint32_t val_hi32;
};

/** ARRAY: one of these. */
struct btfx_array {
	uint32_t type;
	uint32_t index_type;
	uint32_t nelems;
};

/**
 * STRUCT, UNION: vlen of these.  With kind_flag set, offset holds the
 * bitfield size in bits 24-31 and the bit offset in bits 0-23; without it,
 * offset is the bit offset.
 */
struct btfx_member {
	uint32_t name_off;
	uint32_t type;
	uint32_t offset;
};

#define BTFX_MEMBER_BITFIELD_SIZE(v) ((v) >> 24)
#define BTFX_MEMBER_BIT_OFFSET(v) ((v)&0xffffffu)

/** FUNC_PROTO: vlen of these; a last one of {0, 0} means "...". */
struct btfx_param {
	uint32_t name_off;
	uint32_t type;
};

/** VAR linkage (the btfx_var record). */
enum {
	BTFX_VAR_STATIC = 0,
	BTFX_VAR_GLOBAL_ALLOCATED = 1,
	BTFX_VAR_GLOBAL_EXTERN = 2,
};

/** FUNC linkage (kept in the FUNC's vlen). */
enum {
	BTFX_FUNC_STATIC = 0,
	BTFX_FUNC_GLOBAL = 1,
	BTFX_FUNC_EXTERN = 2,
};

/** VAR: one of these. */
struct btfx_var {
	uint32_t linkage;
};

/** DATASEC: vlen of these, sorted by offset. */
struct btfx_var_secinfo {
	uint32_t type;
	uint32_t offset;
	uint32_t size;
};

/** DECL_TAG: one of these; -1 tags the whole type, else a member or param. */
struct btfx_decl_tag {
	int32_t component_idx;
};

/** FWD kind_flag values. */
enum {
	BTFX_FWD_STRUCT = 0,
	BTFX_FWD_UNION = 1,
	BTFX_FWD_ENUM = 2, /* btfx_add_fwd() only: an ENUM of size 4 with no values */
};

/** Kind of a type record. */
static inline unsigned int btfx_kind(const struct btfx_type *t)
{
	return BTFX_INFO_KIND(t->info);
}

/** Number of trailing records of a type record. */
static inline unsigned int btfx_vlen(const struct btfx_type *t)
{
	return BTFX_INFO_VLEN(t->info);
}

/** The kind_flag bit of a type record. */
static inline int btfx_kflag(const struct btfx_type *t)
{
	return (int)BTFX_INFO_KFLAG(t->info);
}

#ifdef __cplusplus
}
#endif

#endif /* BTFX_FORMAT_H */
