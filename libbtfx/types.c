// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * types.c - the per-kind table and the visitors over the type ids and
 * string offsets of a record.  Every module that needs a kind's shape asks
 * here; nothing else restates a kind's sizes or field positions.
 */
#include <btfx/btfx.h>

#include "types.h"

#define W0 1u
#define W1 2u

/* clang-format off */
/* The verifier's rules: name, vlen must be 0, since which era, kind_flag from which era. */
#define V(nm, v0, since, kf) .v_name = BTFX__VNAME_##nm, .v_vlen0 = v0, \
	.v_since = BTFX__ERA_##since, .v_kflag = BTFX__ERA_##kf
/* A kind with nothing after btfx_type. */
#define PLAIN(n, last_, v) { .name = n, .last = BTFX__LAST_##last_, v }
/* A kind with one info record after btfx_type. */
#define INFO(n, last_, rec, ids, v) \
	{ .name = n, .last = BTFX__LAST_##last_, .info_sz = sizeof(rec), .info_ids = ids, v }
/* A kind with vlen elements after btfx_type. */
#define ELEMS(n, last_, elem, strs, ids, v) \
	{ .name = n, .last = BTFX__LAST_##last_, .elem_sz = sizeof(elem), \
	  .elem_strs = strs, .elem_ids = ids, v }
/* clang-format on */

const struct btfx_kind_desc btfx__kinds[BTFX_MAX_KIND + 1] = {
	/* INT names are not checked by the kernel. */
	[BTFX_KIND_INT] = INFO("INT", SIZE, uint32_t, 0, V(ANY, 1, 5_10, NEVER)),
	[BTFX_KIND_PTR] = PLAIN("PTR", TYPE, V(EMPTY, 1, 5_10, NEVER)),
	/* type, index_type, nelems */
	[BTFX_KIND_ARRAY] = INFO("ARRAY", NONE, struct btfx_array, W0 | W1,
				 V(EMPTY, 1, 5_10, NEVER)),
	/* name_off, type, offset */
	[BTFX_KIND_STRUCT] = ELEMS("STRUCT", SIZE, struct btfx_member, W0, W1,
				   V(OPT_IDENT, 0, 5_10, 5_10)),
	[BTFX_KIND_UNION] = ELEMS("UNION", SIZE, struct btfx_member, W0, W1,
				  V(OPT_IDENT, 0, 5_10, 5_10)),
	/* name_off, val; kind_flag: signed values (6.0) */
	[BTFX_KIND_ENUM] = ELEMS("ENUM", SIZE, struct btfx_enum, W0, 0,
				 V(OPT_IDENT, 0, 5_10, 6_1)),
	/* kind_flag: a union */
	[BTFX_KIND_FWD] = PLAIN("FWD", NONE, V(IDENT, 1, 5_10, 5_10)),
	[BTFX_KIND_TYPEDEF] = PLAIN("TYPEDEF", TYPE, V(IDENT, 1, 5_10, NEVER)),
	[BTFX_KIND_VOLATILE] = PLAIN("VOLATILE", TYPE, V(EMPTY, 1, 5_10, NEVER)),
	[BTFX_KIND_CONST] = PLAIN("CONST", TYPE, V(EMPTY, 1, 5_10, NEVER)),
	[BTFX_KIND_RESTRICT] = PLAIN("RESTRICT", TYPE, V(EMPTY, 1, 5_10, NEVER)),
	/* vlen: the linkage */
	[BTFX_KIND_FUNC] = PLAIN("FUNC", TYPE, V(IDENT, 0, 5_10, NEVER)),
	/* name_off, type */
	[BTFX_KIND_FUNC_PROTO] = ELEMS("FUNC_PROTO", TYPE, struct btfx_param, W0, W1,
				       V(EMPTY, 0, 5_10, NEVER)),
	/* linkage */
	[BTFX_KIND_VAR] = INFO("VAR", TYPE, struct btfx_var, 0, V(IDENT, 1, 5_10, NEVER)),
	/* type, offset, size */
	[BTFX_KIND_DATASEC] = ELEMS("DATASEC", SIZE, struct btfx_var_secinfo, 0, W0,
				    V(SECTION, 0, 5_10, NEVER)),
	[BTFX_KIND_FLOAT] = PLAIN("FLOAT", SIZE, V(ANY, 1, 5_15, NEVER)), /* 5.13 */
	/* component_idx; kind_flag: an attribute, not a tag */
	/* 5.16; kind_flag after 6.12 */
	[BTFX_KIND_DECL_TAG] = INFO("DECL_TAG", TYPE, struct btfx_decl_tag, 0,
				    V(NONEMPTY, 1, 6_1, CURRENT)),
	/* 5.17; kind_flag after 6.12 */
	[BTFX_KIND_TYPE_TAG] = PLAIN("TYPE_TAG", TYPE, V(NONEMPTY, 1, 6_1, CURRENT)),
	/* name_off, val_lo32, val_hi32; 6.0 */
	[BTFX_KIND_ENUM64] = ELEMS("ENUM64", SIZE, struct btfx_enum64, W0, 0,
				   V(OPT_IDENT, 0, 6_1, 6_1)),
};

const char *btfx_kind_str(unsigned int kind)
{
	return btfx__kind_known(kind) ? btfx__kinds[kind].name : "UNKN";
}

/* fn on each word of w whose bit is set in mask. */
static int visit_words(uint32_t *w, unsigned int mask, btfx__id_fn fn, void *ctx)
{
	unsigned int i;
	int err;

	for (i = 0; mask; i++, mask >>= 1)
		if ((mask & 1) && (err = fn(&w[i], ctx)))
			return err;
	return 0;
}

/* fn on the words in info_mask of the info record and elem_mask of each
 * element. */
static int visit_trailing(struct btfx_type *t, unsigned int info_mask, unsigned int elem_mask,
			  btfx__id_fn fn, void *ctx)
{
	const struct btfx_kind_desc *d = &btfx__kinds[btfx_kind(t)];
	uint8_t *p = (uint8_t *)(t + 1);
	uint32_t i, n = btfx_vlen(t);
	int err;

	if (info_mask && (err = visit_words((uint32_t *)p, info_mask, fn, ctx)))
		return err;
	if (!elem_mask)
		return 0;
	for (i = 0, p += d->info_sz; i < n; i++, p += d->elem_sz)
		if ((err = visit_words((uint32_t *)p, elem_mask, fn, ctx)))
			return err;
	return 0;
}

int btfx__visit_type_ids(struct btfx_type *t, btfx__id_fn fn, void *ctx)
{
	const struct btfx_kind_desc *d;
	int err;

	if (!btfx__kind_known(btfx_kind(t)))
		return 0;
	d = &btfx__kinds[btfx_kind(t)];
	if (d->last == BTFX__LAST_TYPE && (err = fn(&t->type, ctx)))
		return err;
	return visit_trailing(t, d->info_ids, d->elem_ids, fn, ctx);
}

int btfx__visit_str_offs(struct btfx_type *t, btfx__str_fn fn, void *ctx)
{
	int err;

	if ((err = fn(&t->name_off, ctx)))
		return err;
	if (!btfx__kind_known(btfx_kind(t)))
		return 0;
	return visit_trailing(t, 0, btfx__kinds[btfx_kind(t)].elem_strs, fn, ctx);
}
