// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* rebuild.c - re-add every type of a BTF object through the public builders. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rebuild.h"

int rb_add_strings(struct btfx *dst, const struct btfx *src)
{
	uint32_t off = btfx_str_sec_len(src) ? 1 : 0, len = btfx_str_sec_len(src);
	int err;

	while (off < len) {
		const char *s = btfx_str_by_offset(src, off);

		if (!s)
			return -EINVAL;
		err = btfx_add_str(dst, s);
		if (err < 0)
			return err;
		off += (uint32_t)strlen(s) + 1;
	}
	return 0;
}

int rb_scratch_init(struct rb_scratch *sc, const struct btfx *src)
{
	uint32_t id, n = 1, cnt = btfx_type_cnt(src);

	for (id = btfx_start_id(src); id < cnt; id++)
		if (btfx_vlen(btfx_type_by_id(src, id)) > n)
			n = btfx_vlen(btfx_type_by_id(src, id));
	sc->members = calloc(n, sizeof(*sc->members));
	sc->enums = calloc(n, sizeof(*sc->enums));
	sc->params = calloc(n, sizeof(*sc->params));
	return sc->members && sc->enums && sc->params ? 0 : -ENOMEM;
}

void rb_scratch_free(struct rb_scratch *sc)
{
	free(sc->members);
	free(sc->enums);
	free(sc->params);
}

static const char *name_of(const struct btfx *src, uint32_t off)
{
	const char *s = btfx_str_by_offset(src, off);

	return s ? s : "";
}

/* Bit offset and bitfield size of a member, as the builders take them. */
static uint32_t bit_off(uint32_t kflag, uint32_t v)
{
	return kflag ? BTFX_MEMBER_BIT_OFFSET(v) : v;
}

static uint32_t bit_size(uint32_t kflag, uint32_t v)
{
	return kflag ? BTFX_MEMBER_BITFIELD_SIZE(v) : 0;
}

static int add_composite(struct btfx *dst, const struct btfx *src, const struct btfx_type *t,
			 struct rb_scratch *sc, int whole_arrays)
{
	const struct btfx_member *m = (const struct btfx_member *)(t + 1);
	uint32_t i, n = btfx_vlen(t), kflag = (uint32_t)btfx_kflag(t);
	int id, err;

	if (!whole_arrays) {
		id = btfx_kind(t) == BTFX_KIND_STRUCT ?
			     btfx_add_struct(dst, name_of(src, t->name_off), t->size) :
			     btfx_add_union(dst, name_of(src, t->name_off), t->size);
		for (i = 0; id >= 0 && i < n; i++) {
			uint32_t v = m[i].offset;

			err = btfx_append_member(dst, name_of(src, m[i].name_off), m[i].type,
						 bit_off(kflag, v), bit_size(kflag, v));
			if (err < 0)
				id = err;
		}
		return id;
	}
	for (i = 0; i < n; i++) {
		sc->members[i].name = name_of(src, m[i].name_off);
		sc->members[i].type = m[i].type;
		sc->members[i].bit_offset = bit_off(kflag, m[i].offset);
		sc->members[i].bit_size = bit_size(kflag, m[i].offset);
	}
	return btfx_add_composite_with_members(dst, (int)btfx_kind(t), name_of(src, t->name_off),
					       t->size, sc->members, n, sizeof(*sc->members));
}

/* The value of enumerator i of an ENUM or ENUM64, as the builders take it. */
static int64_t enum_value(const struct btfx_type *t, uint32_t i)
{
	const struct btfx_enum64 *e64 = (const struct btfx_enum64 *)(t + 1);
	const struct btfx_enum *e = (const struct btfx_enum *)(t + 1);

	if (btfx_kind(t) == BTFX_KIND_ENUM64)
		return (int64_t)((uint64_t)e64[i].val_hi32 << 32 | e64[i].val_lo32);
	if (btfx_kflag(t))
		return e[i].val;
	return (int64_t)(uint32_t)e[i].val;
}

static uint32_t enum_name_off(const struct btfx_type *t, uint32_t i)
{
	if (btfx_kind(t) == BTFX_KIND_ENUM64)
		return ((const struct btfx_enum64 *)(t + 1))[i].name_off;
	return ((const struct btfx_enum *)(t + 1))[i].name_off;
}

static int add_enum(struct btfx *dst, const struct btfx *src, const struct btfx_type *t,
		    struct rb_scratch *sc, int whole_arrays)
{
	uint32_t i, n = btfx_vlen(t), flags = btfx_kflag(t) ? BTFX_ENUM_SIGNED : 0;
	int id, err;

	if (!whole_arrays) {
		id = btfx_kind(t) == BTFX_KIND_ENUM ?
			     btfx_add_enum(dst, name_of(src, t->name_off), t->size, flags) :
			     btfx_add_enum64(dst, name_of(src, t->name_off), t->size, flags);
		for (i = 0; id >= 0 && i < n; i++) {
			err = btfx_append_enum_value(dst, name_of(src, enum_name_off(t, i)),
						     enum_value(t, i));
			if (err < 0)
				id = err;
		}
		return id;
	}
	for (i = 0; i < n; i++) {
		sc->enums[i].name = name_of(src, enum_name_off(t, i));
		sc->enums[i].value = enum_value(t, i);
	}
	return btfx_add_enum_with_values(dst, (int)btfx_kind(t), name_of(src, t->name_off),
					 t->size, flags, sc->enums, n, sizeof(*sc->enums));
}

static int add_proto(struct btfx *dst, const struct btfx *src, const struct btfx_type *t,
		     struct rb_scratch *sc, int whole_arrays)
{
	const struct btfx_param *p = (const struct btfx_param *)(t + 1);
	uint32_t i, n = btfx_vlen(t);
	int id, err;

	if (!whole_arrays) {
		id = btfx_add_func_proto(dst, t->type);
		for (i = 0; id >= 0 && i < n; i++) {
			err = btfx_append_param(dst, name_of(src, p[i].name_off), p[i].type);
			if (err < 0)
				id = err;
		}
		return id;
	}
	for (i = 0; i < n; i++) {
		sc->params[i].name = name_of(src, p[i].name_off);
		sc->params[i].type = p[i].type;
	}
	return btfx_add_func_proto_with_params(dst, t->type, sc->params, n, sizeof(*sc->params));
}

/* Kinds of a single record: a head and at most one fixed trailer. */
static int add_simple(struct btfx *dst, const struct btfx *src, const struct btfx_type *t)
{
	const char *name = name_of(src, t->name_off);
	const uint32_t *w = (const uint32_t *)(t + 1);
	const struct btfx_array *a = (const struct btfx_array *)(t + 1);
	const struct btfx_var_secinfo *vs = (const struct btfx_var_secinfo *)(t + 1);

	switch (btfx_kind(t)) {
	case BTFX_KIND_INT:
		return btfx_add_int_bits(dst, name, t->size, BTFX_INT_ENCODING(*w),
					 BTFX_INT_OFFSET(*w), BTFX_INT_BITS(*w));
	case BTFX_KIND_PTR:
		return btfx_add_ptr(dst, t->type);
	case BTFX_KIND_ARRAY:
		return btfx_add_array(dst, a->index_type, a->type, a->nelems);
	case BTFX_KIND_FWD:
		return btfx_add_fwd(dst, name, btfx_kflag(t));
	case BTFX_KIND_TYPEDEF:
		return btfx_add_typedef(dst, name, t->type);
	case BTFX_KIND_VOLATILE:
		return btfx_add_volatile(dst, t->type);
	case BTFX_KIND_CONST:
		return btfx_add_const(dst, t->type);
	case BTFX_KIND_RESTRICT:
		return btfx_add_restrict(dst, t->type);
	case BTFX_KIND_FUNC:
		return btfx_add_func(dst, name, (int)btfx_vlen(t), t->type);
	case BTFX_KIND_VAR:
		return btfx_add_var(dst, name, (int)*w, t->type);
	case BTFX_KIND_DATASEC:
		return btfx_add_datasec_with_vars(dst, name, t->size, vs, btfx_vlen(t));
	case BTFX_KIND_FLOAT:
		return btfx_add_float(dst, name, t->size);
	case BTFX_KIND_DECL_TAG:
		if (btfx_kflag(t))
			return btfx_add_decl_attr(dst, name, t->type, (int)(int32_t)*w);
		return btfx_add_decl_tag(dst, name, t->type, (int)(int32_t)*w);
	case BTFX_KIND_TYPE_TAG:
		if (btfx_kflag(t))
			return btfx_add_type_attr(dst, name, t->type);
		return btfx_add_type_tag(dst, name, t->type);
	default:
		return -ENOTSUP;
	}
}

static int add_one(struct btfx *dst, const struct btfx *src, const struct btfx_type *t,
		   struct rb_scratch *sc, int whole_arrays)
{
	switch (btfx_kind(t)) {
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		return add_composite(dst, src, t, sc, whole_arrays);
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		return add_enum(dst, src, t, sc, whole_arrays);
	case BTFX_KIND_FUNC_PROTO:
		return add_proto(dst, src, t, sc, whole_arrays);
	default:
		return add_simple(dst, src, t);
	}
}

int rb_rebuild_hook(struct btfx *dst, const struct btfx *src, struct rb_scratch *sc,
		    int whole_arrays, uint32_t *bad_id, rb_hook_fn hook, void *ctx)
{
	uint32_t id, cnt = btfx_type_cnt(src);
	int r;

	for (id = btfx_start_id(src); id < cnt; id++) {
		r = add_one(dst, src, btfx_type_by_id(src, id), sc, whole_arrays);
		if (r < 0 || (uint32_t)r != id) {
			*bad_id = id;
			return r < 0 ? r : -EPROTO;
		}
		if (hook && (r = hook(ctx, id)) < 0) {
			*bad_id = id;
			return r;
		}
	}
	return 0;
}

int rb_rebuild_scratch(struct btfx *dst, const struct btfx *src, struct rb_scratch *sc,
		       int whole_arrays, uint32_t *bad_id)
{
	return rb_rebuild_hook(dst, src, sc, whole_arrays, bad_id, NULL, NULL);
}

int rb_rebuild(struct btfx *dst, const struct btfx *src, int whole_arrays, uint32_t *bad_id)
{
	struct rb_scratch sc = { NULL, NULL, NULL };
	int err = 0;

	if (whole_arrays)
		err = rb_scratch_init(&sc, src);
	if (err)
		*bad_id = 0;
	else
		err = rb_rebuild_scratch(dst, src, &sc, whole_arrays, bad_id);
	rb_scratch_free(&sc);
	return err;
}
