// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* testutil.c - helpers shared by the Check suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

const char *tu_data_path(const char *name)
{
	static char path[4096];
	const char *dir = getenv("BTFX_TEST_DATA");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", name);
	return path;
}

struct strbuf {
	char *p;
	size_t len, cap;
};

static int sb_print(void *ctx, const char *text, size_t len)
{
	struct strbuf *sb = ctx;

	if (sb->len + len + 1 > sb->cap) {
		size_t cap = (sb->cap + len + 1) * 2;
		char *p = realloc(sb->p, cap);

		if (!p)
			return -12;
		sb->p = p;
		sb->cap = cap;
	}
	memcpy(sb->p + sb->len, text, len);
	sb->len += len;
	sb->p[sb->len] = '\0';
	return 0;
}

char *tu_dump(const struct btfx *btf)
{
	struct strbuf sb = { NULL, 0, 0 };

	sb_print(&sb, "", 0);
	if (btfx_dump_raw(btf, sb_print, &sb)) {
		free(sb.p);
		return NULL;
	}
	return sb.p;
}

void *tu_types_copy(struct btfx *btf, size_t *len_out)
{
	const void *raw;
	size_t size;
	uint32_t hdr_len, type_off, type_len;
	void *p;

	if (btfx_raw_data(btf, NULL, &raw, &size))
		return NULL;
	memcpy(&hdr_len, (const char *)raw + 4, 4);
	memcpy(&type_off, (const char *)raw + 8, 4);
	memcpy(&type_len, (const char *)raw + 12, 4);
	p = malloc(type_len ? type_len : 1);
	if (p)
		memcpy(p, (const char *)raw + hdr_len + type_off, type_len);
	*len_out = type_len;
	return p;
}

static void *fa_realloc(void *ctx, void *p, size_t n)
{
	struct tu_failalloc *fa = ctx;
	void *q;

	fa->calls++;
	if (fa->fail_at && fa->calls == fa->fail_at)
		return NULL;
	q = realloc(p, n);
	if (q && !p)
		fa->live++;
	return q;
}

static void fa_free(void *ctx, void *p)
{
	struct tu_failalloc *fa = ctx;

	if (p)
		fa->live--;
	free(p);
}

void tu_failalloc_init(struct tu_failalloc *fa, struct btfx_allocator *a, long fail_at)
{
	fa->fail_at = fail_at;
	fa->calls = 0;
	fa->live = 0;
	a->realloc = fa_realloc;
	a->free = fa_free;
	a->ctx = fa;
}

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int tu_have_vmlinux(void)
{
	return access(TU_VMLINUX, R_OK) == 0;
}

static const char *nm(const struct btfx *btf, uint32_t off)
{
	return btfx_str_by_offset(btf, off);
}

static int rebuild_members(struct btfx *dst, const struct btfx *src, const struct btfx_type *t)
{
	const struct btfx_member *m = (const struct btfx_member *)(t + 1);
	uint32_t i, n = btfx_vlen(t);
	int id, err;

	id = btfx_kind(t) == BTFX_KIND_STRUCT ? btfx_add_struct(dst, nm(src, t->name_off), t->size)
					      : btfx_add_union(dst, nm(src, t->name_off), t->size);
	for (i = 0; id >= 0 && i < n; i++) {
		uint32_t off = m[i].offset, bsz = 0;

		if (btfx_kflag(t)) {
			bsz = BTFX_MEMBER_BITFIELD_SIZE(off);
			off = BTFX_MEMBER_BIT_OFFSET(off);
		}
		err = btfx_add_field(dst, nm(src, m[i].name_off), m[i].type, off, bsz);
		if (err)
			return err;
	}
	return id;
}

static int rebuild_enum(struct btfx *dst, const struct btfx *src, const struct btfx_type *t)
{
	uint32_t i, n = btfx_vlen(t), flags = btfx_kflag(t) ? BTFX_ENUM_SIGNED : 0;
	int id, err = 0;

	if (btfx_kind(t) == BTFX_KIND_ENUM) {
		const struct btfx_enum *e = (const struct btfx_enum *)(t + 1);

		id = btfx_add_enum(dst, nm(src, t->name_off), t->size, flags);
		for (i = 0; id >= 0 && !err && i < n; i++)
			err = btfx_add_enum_value(dst, nm(src, e[i].name_off),
						  flags ? (int64_t)e[i].val : (int64_t)(uint32_t)e[i].val);
	} else {
		const struct btfx_enum64 *e = (const struct btfx_enum64 *)(t + 1);

		id = btfx_add_enum64(dst, nm(src, t->name_off), t->size, flags);
		for (i = 0; id >= 0 && !err && i < n; i++)
			err = btfx_add_enum_value(dst, nm(src, e[i].name_off),
						  (int64_t)((uint64_t)e[i].val_hi32 << 32 | e[i].val_lo32));
	}
	return err ? err : id;
}

static int rebuild_proto(struct btfx *dst, const struct btfx *src, const struct btfx_type *t)
{
	const struct btfx_param *p = (const struct btfx_param *)(t + 1);
	uint32_t i, n = btfx_vlen(t);
	int id, err = 0;

	id = btfx_add_func_proto(dst, t->type);
	for (i = 0; id >= 0 && !err && i < n; i++)
		err = btfx_add_func_param(dst, nm(src, p[i].name_off), p[i].type);
	return err ? err : id;
}

static int rebuild_one(struct btfx *dst, const struct btfx *src, const struct btfx_type *t)
{
	const char *name = nm(src, t->name_off);
	const uint32_t *x = (const uint32_t *)(t + 1);

	switch (btfx_kind(t)) {
	case BTFX_KIND_INT:
		return btfx_add_int_bits(dst, name, t->size, BTFX_INT_ENCODING(x[0]),
					 BTFX_INT_OFFSET(x[0]), BTFX_INT_BITS(x[0]));
	case BTFX_KIND_PTR:
		return btfx_add_ptr(dst, t->type);
	case BTFX_KIND_ARRAY:
		return btfx_add_array(dst, x[1], x[0], x[2]);
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		return rebuild_members(dst, src, t);
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		return rebuild_enum(dst, src, t);
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
	case BTFX_KIND_FUNC_PROTO:
		return rebuild_proto(dst, src, t);
	case BTFX_KIND_VAR:
		return btfx_add_var(dst, name, (int)x[0], t->type);
	case BTFX_KIND_DATASEC:
		return btfx_add_datasec(dst, name, t->size, (const struct btfx_var_secinfo *)x,
					btfx_vlen(t));
	case BTFX_KIND_FLOAT:
		return btfx_add_float(dst, name, t->size);
	case BTFX_KIND_DECL_TAG:
		if (btfx_kflag(t))
			return btfx_add_decl_attr(dst, name, t->type, (int)x[0]);
		return btfx_add_decl_tag(dst, name, t->type, (int)x[0]);
	case BTFX_KIND_TYPE_TAG:
		if (btfx_kflag(t))
			return btfx_add_type_attr(dst, name, t->type);
		return btfx_add_type_tag(dst, name, t->type);
	default:
		return -95; /* EOPNOTSUPP */
	}
}

int tu_rebuild(struct btfx *dst, const struct btfx *src, uint32_t *bad_id)
{
	uint32_t id, cnt = btfx_type_cnt(src);
	int r;

	for (id = btfx_start_id(src); id < cnt; id++) {
		r = rebuild_one(dst, src, btfx_type_by_id(src, id));
		if (r < 0) {
			*bad_id = id;
			return r;
		}
	}
	return 0;
}
