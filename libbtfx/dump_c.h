/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * dump_c.h - what the two halves of the C dump share: dump_c.c (output,
 * names, alignment, the definitions of structs, enums and typedefs, the
 * driver) and dump_c_order.c (ordering, emission, declarators).
 */
#ifndef BTFX_DUMP_C_H
#define BTFX_DUMP_C_H

#include <stdint.h>

#include "buf.h"

#define CD_BUF_LEN 65536
#define CD_MAX_DEPTH 512          /* nesting of any recursion */
#define CD_MIN_STEPS 4000000u     /* work budget: steps for any input... */
#define CD_STEPS_PER_TYPE 256u    /* ...plus this many per type */
#define CD_ALIGN_BUSY 0xfe        /* align[]: being computed (a loop) */
#define CD_ALIGN_NONE 0xff        /* align[]: no alignment */

/* Per-type state bits (st[]). */
enum {
	CD_ORDERING = 1u << 0,
	CD_ORDERED = 1u << 1,
	CD_EMITTING = 1u << 2,
	CD_EMITTED = 1u << 3,
	CD_FWD_EMITTED = 1u << 4,
	CD_NAME_RESOLVED = 1u << 5,
	CD_REFERENCED = 1u << 6,
};

/* One name and how often it was used (open addressing; key borrowed). */
struct cd_slot {
	const char *key;
	uint32_t hash;
	uint32_t cnt;
};

struct cd_map {
	struct cd_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t cnt;
};

struct cd {
	const struct btfx *btf;
	const struct btfx_allocator *mem;
	btfx_print_fn fn;
	void *ctx;
	uint32_t nr;     /* btfx_type_cnt() */
	uint32_t ptr_sz;
	uint8_t *st;     /* CD_* bits per type */
	uint8_t *align;  /* memo of alignments; 0: not known yet */
	uint32_t *name_at; /* 1 + offset of a "name___N" in names; 0: none */
	struct btfx_buf names;
	struct btfx_buf stack; /* uint32_t type ids of declarators */
	struct btfx_buf queue; /* uint32_t type ids to define */
	struct cd_map type_names;  /* struct, union, enum names */
	struct cd_map ident_names; /* typedef names and enumerators */
	uint64_t steps, max_steps;
	uint32_t depth;
	uint32_t loop_id; /* the type where a loop was found */
	int err;     /* first error; the dump stops */
	int out_err; /* the callback's error */
	size_t len;
	char buf[CD_BUF_LEN];
};

/* dump_c.c */
void btfx__cd_put(struct cd *d, const char *s, size_t n);
void btfx__cd_str(struct cd *d, const char *s);
void btfx__cd_u64(struct cd *d, uint64_t v);
int btfx__cd_enter(struct cd *d);
const struct btfx_type *btfx__cd_type(const struct cd *d, uint32_t id);
const char *btfx__cd_str_at(const struct cd *d, uint32_t off);
uint32_t btfx__cd_word(const struct btfx_type *t, size_t i);
uint32_t btfx__cd_elem(const struct btfx_type *t, uint32_t i, uint32_t w);
uint32_t btfx__cd_bitfield(const struct btfx_type *t, uint32_t i);
uint32_t btfx__cd_bit_offset(const struct btfx_type *t, uint32_t i);
uint32_t btfx__cd_align(struct cd *d, uint32_t id);
const char *btfx__cd_type_name(struct cd *d, uint32_t id);
const char *btfx__cd_ident_name(struct cd *d, uint32_t id);
void btfx__cd_struct_fwd(struct cd *d, uint32_t id, const struct btfx_type *t);
void btfx__cd_fwd_def(struct cd *d, uint32_t id, const struct btfx_type *t);
void btfx__cd_struct_def(struct cd *d, uint32_t id, const struct btfx_type *t, int lvl);
void btfx__cd_enum_def(struct cd *d, uint32_t id, const struct btfx_type *t, int lvl);
void btfx__cd_typedef_def(struct cd *d, uint32_t id, const struct btfx_type *t, int lvl);
void btfx__cd_missing_alias(struct cd *d, uint32_t id);
int btfx__cd_blacklisted(const struct cd *d, uint32_t id);

/* dump_c_order.c */
int btfx__cd_dump_type(struct cd *d, uint32_t id);
void btfx__cd_decl(struct cd *d, uint32_t id, const char *fname, int lvl);

#endif /* BTFX_DUMP_C_H */
