/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * dump_rec.h - a record as the dumps read it (dump.c: bpftool's raw text;
 * dump_json.c: bpftool's JSON): its info record and elements where the
 * kind table places them, and the names bpftool prints for kinds,
 * linkages and INT encodings.
 */
#ifndef BTFX_DUMP_REC_H
#define BTFX_DUMP_REC_H

#include <string.h>

#include "internal.h"

/* A record, its info record and its elements, as the kind table places them. */
struct rec {
	const struct btfx_type *t;
	const uint8_t *data;  /* the info record */
	const uint8_t *elems; /* the vlen elements */
	uint32_t elem_sz;
	uint32_t kind;
	uint32_t vlen;
};

static inline struct rec rec_of(const struct btfx_type *t)
{
	const struct btfx_kind_desc *d = &btfx__kinds[btfx_kind(t)];
	struct rec r = {
		.t = t,
		.data = (const uint8_t *)(t + 1),
		.elems = (const uint8_t *)(t + 1) + d->info_sz,
		.elem_sz = d->elem_sz,
		.kind = btfx_kind(t),
		.vlen = btfx_vlen(t),
	};

	return r;
}

static inline uint32_t ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Word i of the info record. */
static inline uint32_t rec_word(const struct rec *r, uint32_t i)
{
	return ld32(r->data + i * 4);
}

/* Element i. */
static inline const uint8_t *rec_elem(const struct rec *r, uint32_t i)
{
	return r->elems + (size_t)i * r->elem_sz;
}

static inline const char *kind_name(uint32_t kind)
{
	return btfx__kind_known(kind) ? btfx__kinds[kind].name : "UNKNOWN";
}

static inline const char *linkage_name(uint32_t linkage)
{
	switch (linkage) {
	case BTFX_VAR_STATIC:
		return "static";
	case BTFX_VAR_GLOBAL_ALLOCATED:
		return "global";
	case BTFX_VAR_GLOBAL_EXTERN:
		return "extern";
	default:
		return "(unknown)";
	}
}

static inline const char *int_encoding_name(uint32_t enc)
{
	switch (enc) {
	case 0:
		return "(none)";
	case BTFX_INT_SIGNED:
		return "SIGNED";
	case BTFX_INT_CHAR:
		return "CHAR";
	case BTFX_INT_BOOL:
		return "BOOL";
	default:
		return "UNKN";
	}
}

#endif /* BTFX_DUMP_REC_H */
