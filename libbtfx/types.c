// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * types.c - the per-kind table (record sizes, names) and the visitors over
 * the type ids and string offsets of a record.  Every module that needs to
 * know a kind's shape asks here.
 */
#include <btfx/btfx.h>

#include "types.h"

#define K(n, i, e, s) { .name = n, .info_sz = i, .elem_sz = e, .has_size = s }

const struct btfx_kind_desc btfx__kinds[BTFX_NR_KINDS] = {
	[BTFX_KIND_UNKN] = K("UNKN", 0, 0, 0),
	[BTFX_KIND_INT] = K("INT", 4, 0, 1),
	[BTFX_KIND_PTR] = K("PTR", 0, 0, 0),
	[BTFX_KIND_ARRAY] = K("ARRAY", sizeof(struct btfx_array), 0, 0),
	[BTFX_KIND_STRUCT] = K("STRUCT", 0, sizeof(struct btfx_member), 1),
	[BTFX_KIND_UNION] = K("UNION", 0, sizeof(struct btfx_member), 1),
	[BTFX_KIND_ENUM] = K("ENUM", 0, sizeof(struct btfx_enum), 1),
	[BTFX_KIND_FWD] = K("FWD", 0, 0, 0),
	[BTFX_KIND_TYPEDEF] = K("TYPEDEF", 0, 0, 0),
	[BTFX_KIND_VOLATILE] = K("VOLATILE", 0, 0, 0),
	[BTFX_KIND_CONST] = K("CONST", 0, 0, 0),
	[BTFX_KIND_RESTRICT] = K("RESTRICT", 0, 0, 0),
	[BTFX_KIND_FUNC] = K("FUNC", 0, 0, 0),
	[BTFX_KIND_FUNC_PROTO] = K("FUNC_PROTO", 0, sizeof(struct btfx_param), 0),
	[BTFX_KIND_VAR] = K("VAR", sizeof(struct btfx_var), 0, 0),
	[BTFX_KIND_DATASEC] = K("DATASEC", 0, sizeof(struct btfx_var_secinfo), 1),
	[BTFX_KIND_FLOAT] = K("FLOAT", 0, 0, 1),
	[BTFX_KIND_DECL_TAG] = K("DECL_TAG", sizeof(struct btfx_decl_tag), 0, 0),
	[BTFX_KIND_TYPE_TAG] = K("TYPE_TAG", 0, 0, 0),
	[BTFX_KIND_ENUM64] = K("ENUM64", 0, sizeof(struct btfx_enum64), 1),
};

const char *btfx_kind_str(unsigned int kind)
{
	return btfx__kind_known(kind) ? btfx__kinds[kind].name : "UNKN";
}

int btfx__visit_type_ids(struct btfx_type *t, btfx__id_fn fn, void *ctx)
{
	unsigned int kind = btfx_kind(t), i, n = btfx_vlen(t);
	int err;

	if (!btfx__kind_known(kind))
		return 0;
	if (!btfx__kinds[kind].has_size) {
		/* FWD's last word is unused; FUNC_PROTO's is the return type. */
		if (kind != BTFX_KIND_FWD && (err = fn(&t->type, ctx)))
			return err;
	}
	switch (kind) {
	case BTFX_KIND_ARRAY: {
		struct btfx_array *a = (struct btfx_array *)(t + 1);

		if ((err = fn(&a->type, ctx)))
			return err;
		return fn(&a->index_type, ctx);
	}
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION: {
		struct btfx_member *m = (struct btfx_member *)(t + 1);

		for (i = 0; i < n; i++)
			if ((err = fn(&m[i].type, ctx)))
				return err;
		return 0;
	}
	case BTFX_KIND_FUNC_PROTO: {
		struct btfx_param *p = (struct btfx_param *)(t + 1);

		for (i = 0; i < n; i++)
			if ((err = fn(&p[i].type, ctx)))
				return err;
		return 0;
	}
	case BTFX_KIND_DATASEC: {
		struct btfx_var_secinfo *v = (struct btfx_var_secinfo *)(t + 1);

		for (i = 0; i < n; i++)
			if ((err = fn(&v[i].type, ctx)))
				return err;
		return 0;
	}
	default:
		return 0;
	}
}

int btfx__visit_str_offs(struct btfx_type *t, btfx__str_fn fn, void *ctx)
{
	unsigned int kind = btfx_kind(t), i, n = btfx_vlen(t);
	int err;

	if ((err = fn(&t->name_off, ctx)))
		return err;
	switch (kind) {
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION: {
		struct btfx_member *m = (struct btfx_member *)(t + 1);

		for (i = 0; i < n; i++)
			if ((err = fn(&m[i].name_off, ctx)))
				return err;
		return 0;
	}
	case BTFX_KIND_ENUM: {
		struct btfx_enum *e = (struct btfx_enum *)(t + 1);

		for (i = 0; i < n; i++)
			if ((err = fn(&e[i].name_off, ctx)))
				return err;
		return 0;
	}
	case BTFX_KIND_ENUM64: {
		struct btfx_enum64 *e = (struct btfx_enum64 *)(t + 1);

		for (i = 0; i < n; i++)
			if ((err = fn(&e[i].name_off, ctx)))
				return err;
		return 0;
	}
	case BTFX_KIND_FUNC_PROTO: {
		struct btfx_param *p = (struct btfx_param *)(t + 1);

		for (i = 0; i < n; i++)
			if ((err = fn(&p[i].name_off, ctx)))
				return err;
		return 0;
	}
	default:
		return 0;
	}
}
