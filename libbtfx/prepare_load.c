// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * prepare_load.c - an object file's BTF as libbpf rewrites it before
 * BPF_BTF_LOAD (btfx_prepare_load()), so that the validator judges what
 * the kernel will be given.  The facts, from libbpf 1.x's object loader:
 *
 *  - .kconfig: every extern is a variable (a function there is refused) of
 *    a type libbpf can fill from the kernel config: after modifiers and
 *    typedefs, a bool INT of 1 byte, another INT of 1, 2, 4 or 8 bytes, the
 *    enum libbpf_tristate, or a non-empty array of 1-byte INTs.  They are
 *    laid out in one block, by alignment (largest first), then size
 *    (smallest first), then name, each at its size rounded up to its
 *    alignment; they become allocated globals, the section as big as the
 *    block.
 *  - .ksyms: each entry takes 4 bytes, in the section's order.  A variable
 *    becomes an allocated global of the first 32-bit INT (id 0 when there
 *    is none).  A function becomes global and its entry points at one
 *    added variable, "dummy_ksym", an allocated global of that INT; its
 *    prototype's unnamed parameters (but '...') take that variable's name.
 *  - every DATASEC's entries are sorted by offset.
 *  - a global whose ELF symbol is hidden (or internal) becomes static: an
 *    allocated VAR of a data section (not .kconfig or .ksyms) as the
 *    object is opened, the first global FUNC of a name when that symbol is
 *    a subprogram (in .text) as it is loaded.  The symbols are asked of
 *    opts' sym_static (btfx_link_prepare_load() asks a link's inputs).
 *  - an extern anywhere else (not resolved by linking) is refused.
 *
 * Sections of data are placed from the ELF file by the linker, not here
 * (btfx_link_add_elf()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hashcons.h"
#include "internal.h"

#define KCONFIG ".kconfig"
#define KSYMS ".ksyms"
#define DUMMY "dummy_ksym"

/* A .kconfig extern: its secinfo's index, its size, its alignment and name. */
struct kcfg {
	uint32_t idx;
	uint32_t size;
	uint32_t align;
	const char *name;
};

/* A .kconfig type, as libbpf's find_kcfg_type() sorts them. */
enum { KCFG_NO, KCFG_CHAR, KCFG_OTHER };

/* The kind of .kconfig value type id is (depth bounds arrays of arrays). */
static int kcfg_type(const struct btfx *btf, uint32_t id, int depth)
{
	const struct btfx_type *t = btfx__skip_mods(btf, &id);
	const struct btfx_array *a;
	const char *name;

	if (!t || depth > 2)
		return KCFG_NO;
	switch (btfx_kind(t)) {
	case BTFX_KIND_INT:
		if (BTFX_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTFX_INT_BOOL)
			return t->size == 1 ? KCFG_OTHER : KCFG_NO;
		if (t->size == 1)
			return KCFG_CHAR;
		return t->size && t->size <= 8 && !(t->size & (t->size - 1)) ? KCFG_OTHER :
										 KCFG_NO;
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		name = btfx_str_by_offset(btf, t->name_off);
		if (!name || strcmp(name, "libbpf_tristate") ||
		    (btfx_kind(t) == BTFX_KIND_ENUM && t->size != 4))
			return KCFG_NO;
		return KCFG_OTHER;
	case BTFX_KIND_ARRAY:
		a = (const struct btfx_array *)(t + 1);
		return a->nelems && kcfg_type(btf, a->type, depth + 1) == KCFG_CHAR ? KCFG_OTHER :
										      KCFG_NO;
	default:
		return KCFG_NO;
	}
}

/*
 * The alignment of a .kconfig value of type id (a kcfg_type() one), as
 * libbpf's btf__align_of(): a scalar's size up to the pointer's, an
 * array's element's.
 */
static uint32_t kcfg_align(const struct btfx *btf, uint32_t id)
{
	const struct btfx_type *t = btfx__skip_mods(btf, &id);

	if (t && btfx_kind(t) == BTFX_KIND_ARRAY) {
		id = ((const struct btfx_array *)(t + 1))->type;
		t = btfx__skip_mods(btf, &id);
	}
	if (!t || !t->size)
		return 1;
	return t->size < btfx_ptr_size(btf) ? t->size : btfx_ptr_size(btf);
}

static int cmp_kcfg(const void *pa, const void *pb)
{
	const struct kcfg *a = pa, *b = pb;

	if (a->align != b->align)
		return a->align > b->align ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int cmp_secinfo(const void *pa, const void *pb)
{
	const struct btfx_var_secinfo *a = pa, *b = pb;

	return a->offset < b->offset ? -1 : a->offset > b->offset;
}

static struct btfx_var_secinfo *secinfos(struct btfx_type *t)
{
	return (struct btfx_var_secinfo *)(t + 1);
}

/* The record of own type id: a VAR or FUNC, else NULL. */
static struct btfx_type *extern_rec(struct btfx *btf, uint32_t id)
{
	struct btfx_type *t;

	if (id < btf->start_id || id >= btfx_type_cnt(btf))
		return NULL;
	t = btfx__own_type(btf, id);
	return btfx_kind(t) == BTFX_KIND_VAR || btfx_kind(t) == BTFX_KIND_FUNC ? t : NULL;
}

/*
 * Lay out .kconfig (DATASEC sec) into kc (one per entry, filled); the block's
 * size in *size.  Changes nothing.
 */
static int kconfig_plan(struct btfx *btf, const struct btfx_type *sec, struct kcfg *kc,
			uint32_t *size)
{
	const struct btfx_var_secinfo *v = (const struct btfx_var_secinfo *)(sec + 1);
	uint32_t i, n = btfx_vlen(sec);
	uint64_t off = 0, sz;

	for (i = 0; i < n; i++) {
		const struct btfx_type *t = extern_rec(btf, v[i].type);
		const char *name = t ? btfx_str_by_offset(btf, t->name_off) : NULL;

		if (!t || !name)
			return btfx__err(btf, -EINVAL, "prepare_load: " KCONFIG
					 " entry %u: [%u] is not a variable of this object",
					 i, v[i].type);
		if (btfx_kind(t) == BTFX_KIND_FUNC)
			return btfx__err(btf, -ENOTSUP,
					 "prepare_load: extern function '%.64s' in " KCONFIG
					 ": libbpf refuses it",
					 name);
		kc[i].idx = i;
		kc[i].name = name;
		kc[i].align = kcfg_align(btf, t->type);
		if (kcfg_type(btf, t->type, 0) == KCFG_NO || btfx_resolve_size(btf, t->type, &sz) ||
		    !sz || sz > UINT32_MAX)
			return btfx__err(btf, -ENOTSUP,
					 "prepare_load: " KCONFIG " extern '%.64s': libbpf takes "
					 "only bool, char, 1/2/4/8-byte integers, libbpf_tristate "
					 "and char arrays",
					 name);
		kc[i].size = (uint32_t)sz;
	}
	qsort(kc, n, sizeof(*kc), cmp_kcfg);
	for (i = 0; i < n; i++) {
		off = (off + kc[i].align - 1) / kc[i].align * kc[i].align;
		if (off + kc[i].size > UINT32_MAX)
			return btfx__err(btf, -E2BIG, "prepare_load: " KCONFIG " is too big");
		kc[i].align = (uint32_t)off; /* now its offset */
		off += kc[i].size;
	}
	*size = (uint32_t)off;
	return 0;
}

static void kconfig_apply(struct btfx *btf, struct btfx_type *sec, const struct kcfg *kc)
{
	struct btfx_var_secinfo *v = secinfos(sec);
	uint32_t i, n = btfx_vlen(sec);

	for (i = 0; i < n; i++) {
		struct btfx_type *t = btfx__own_type(btf, v[kc[i].idx].type);

		*(uint32_t *)(t + 1) = BTFX_VAR_GLOBAL_ALLOCATED;
		v[kc[i].idx].offset = kc[i].align;
	}
}

/* The first 32-bit INT, as libbpf's find_int_btf_id(); 0 when none. */
static uint32_t first_int32(const struct btfx *btf)
{
	uint32_t id, n = btfx_type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btfx_type *t = btfx_type_by_id(btf, id);

		if (t && btfx_kind(t) == BTFX_KIND_INT &&
		    BTFX_INT_BITS(*(const uint32_t *)(t + 1)) == 32)
			return id;
	}
	return 0;
}

static void ksyms_apply(struct btfx *btf, struct btfx_type *sec, uint32_t int_id, uint32_t dummy)
{
	struct btfx_var_secinfo *v = secinfos(sec);
	uint32_t i, j, n = btfx_vlen(sec), dummy_name = 0;

	if (dummy)
		dummy_name = btfx__own_type(btf, dummy)->name_off;
	for (i = 0; i < n; i++) {
		struct btfx_type *t = extern_rec(btf, v[i].type);

		if (btfx_kind(t) == BTFX_KIND_FUNC) {
			struct btfx_type *p = btfx__own_type(btf, t->type); /* ksyms_check() */
			struct btfx_param *a = (struct btfx_param *)(p + 1);

			for (j = 0; j < btfx_vlen(p); j++)
				if (a[j].type && !a[j].name_off)
					a[j].name_off = dummy_name;
			t->info = (t->info & ~0xffffu) | BTFX_FUNC_GLOBAL;
			v[i].type = dummy;
		} else {
			*(uint32_t *)(t + 1) = BTFX_VAR_GLOBAL_ALLOCATED;
			t->type = int_id;
		}
		v[i].offset = 4 * i;
		v[i].size = 4;
	}
	sec->size = 4 * n;
}

/* Check the .ksyms entries; *funcs: whether one is a function. */
static int ksyms_check(struct btfx *btf, const struct btfx_type *sec, int *funcs)
{
	const struct btfx_var_secinfo *v = (const struct btfx_var_secinfo *)(sec + 1);
	uint32_t i, n = btfx_vlen(sec);

	*funcs = 0;
	if (n > UINT32_MAX / 4)
		return btfx__err(btf, -E2BIG, "prepare_load: " KSYMS " is too big");
	for (i = 0; i < n; i++) {
		const struct btfx_type *t = extern_rec(btf, v[i].type), *p;

		if (!t)
			return btfx__err(btf, -EINVAL, "prepare_load: " KSYMS
					 " entry %u: [%u] is not a variable or function of "
					 "this object", i, v[i].type);
		if (btfx_kind(t) != BTFX_KIND_FUNC)
			continue;
		p = btfx_type_by_id(btf, t->type);
		if (!p || btfx_kind(p) != BTFX_KIND_FUNC_PROTO || t->type < btf->start_id)
			return btfx__err(btf, -EINVAL, "prepare_load: " KSYMS
					 " function [%u]: its type [%u] is not a prototype of "
					 "this object", v[i].type, t->type);
		*funcs = 1;
	}
	return 0;
}

/* Is type id an entry of own DATASEC sec (0: none)? */
static int in_sec(struct btfx *btf, uint32_t sec, uint32_t id)
{
	const struct btfx_type *t;
	uint32_t i;

	if (!sec)
		return 0;
	t = btfx__own_type(btf, sec);
	for (i = 0; i < btfx_vlen(t); i++)
		if (((const struct btfx_var_secinfo *)(t + 1))[i].type == id)
			return 1;
	return 0;
}

/* An extern VAR or FUNC outside .kconfig and .ksyms: libbpf refuses the object. */
static int stray_externs(struct btfx *btf, uint32_t kc_id, uint32_t ks_id)
{
	uint32_t id, n = btfx_type_cnt(btf);

	for (id = btf->start_id; id < n; id++) {
		const struct btfx_type *t = btfx__own_type(btf, id);
		int ext = (btfx_kind(t) == BTFX_KIND_VAR &&
			   *(const uint32_t *)(t + 1) == BTFX_VAR_GLOBAL_EXTERN) ||
			  (btfx_kind(t) == BTFX_KIND_FUNC && btfx_vlen(t) == BTFX_FUNC_EXTERN);

		if (ext && !in_sec(btf, kc_id, id) && !in_sec(btf, ks_id, id))
			return btfx__err(btf, -ENOTSUP,
					 "prepare_load: [%u] extern %s %s is in neither " KCONFIG
					 " nor " KSYMS ": libbpf refuses the object (link it with "
					 "the object that defines it)",
					 id, btfx_kind_str(btfx_kind(t)),
					 btfx__msg_name(btf, t->name_off));
	}
	return 0;
}

/* The own DATASEC named name, or 0. */
static uint32_t find_sec(const struct btfx *btf, const char *name)
{
	int id = btfx_find_by_name_kind(btf, name, BTFX_KIND_DATASEC);

	return id > 0 && (uint32_t)id >= btf->start_id ? (uint32_t)id : 0;
}

/*
 * Is (own type id, a FUNC or a VAR, named name) new to ids[0..n): not
 * there, nor a FUNC of the same name (libbpf marks the first only)?
 */
static int is_new(struct btfx *btf, const uint32_t *ids, uint32_t n, uint32_t id,
		  const char *name)
{
	unsigned int kind = btfx_kind(btfx_type_by_id(btf, id));
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (ids[i] == id)
			return 0;
		if (kind == BTFX_KIND_FUNC && btfx_kind(btfx_type_by_id(btf, ids[i])) == kind &&
		    !strcmp(btfx_name_by_id(btf, ids[i]), name))
			return 0;
	}
	return 1;
}

/*
 * The globals libbpf's loader makes static, from opts' sym_static: each
 * allocated global VAR of a data section (not .kconfig, not .ksyms) and
 * the first global FUNC of each name whose symbol is hidden (a FUNC's: a
 * subprogram of .text).  *ids (allocated; NULL when none) gets their ids;
 * returns their count or a negative errno.
 */
static int hidden_globals(struct btfx *btf, const struct btfx_prepare_load_opts *opts,
			  uint32_t kc_id, uint32_t ks_id, uint32_t **ids)
{
	btfx_sym_static_fn fn = BTFX_OPTS_GET(opts, sym_static, NULL);
	uint32_t id, i, n = 0, cnt = btfx_type_cnt(btf);
	const struct btfx_type *t, *sec;
	const char *name;
	int r;

	*ids = NULL;
	if (!fn)
		return 0;
	if (!(*ids = btfx__mem_zalloc_array(&btf->mem, cnt, sizeof(**ids))))
		return btfx__err(btf, -ENOMEM, "prepare_load: out of memory");
	for (id = btf->start_id; id < cnt; id++) {
		t = btfx_type_by_id(btf, id);
		if (btfx_kind(t) == BTFX_KIND_FUNC && btfx_vlen(t) == BTFX_FUNC_GLOBAL) {
			name = btfx_name_by_id(btf, id);
			if ((r = fn(BTFX_OPTS_GET(opts, ctx, NULL), name, 1)) < 0)
				goto fail;
			if (r && is_new(btf, *ids, n, id, name))
				(*ids)[n++] = id;
		}
		if (btfx_kind(t) != BTFX_KIND_DATASEC || id == kc_id || id == ks_id)
			continue;
		sec = t;
		for (i = 0; i < btfx_vlen(sec); i++) {
			uint32_t vid = ((const struct btfx_var_secinfo *)(sec + 1))[i].type;

			t = btfx_type_by_id(btf, vid);
			if (!t || vid < btf->start_id || btfx_kind(t) != BTFX_KIND_VAR ||
			    ((const struct btfx_var *)(t + 1))->linkage != BTFX_VAR_GLOBAL_ALLOCATED)
				continue;
			name = btfx_name_by_id(btf, vid);
			if ((r = fn(BTFX_OPTS_GET(opts, ctx, NULL), name, 0)) < 0)
				goto fail;
			if (r && is_new(btf, *ids, n, vid, name))
				(*ids)[n++] = vid;
		}
	}
	return (int)n;
fail:
	btfx__mem_free(&btf->mem, *ids);
	*ids = NULL;
	return btfx__err(btf, r, "prepare_load: the symbol lookup failed: %s", btfx_strerror(r));
}

int btfx_prepare_load(struct btfx *btf, const struct btfx_prepare_load_opts *opts)
{
	uint32_t kc_id, ks_id, kc_size = 0, int_id = 0, dummy = 0, id, n, *hidden = NULL;
	struct kcfg *kc = NULL;
	int err, funcs = 0, nhidden;

	if (!btf)
		return -EINVAL;
	if (opts && btfx__opts_valid(opts, opts->sz, sizeof(*opts)))
		return btfx__err(btf, -EINVAL, "prepare_load: bad opts");
	if ((err = btfx__check_whole(btf, "prepare_load")))
		return err;
	if ((err = btfx__make_writable(btf)))
		return btfx__err(btf, err, "prepare_load: %s", btfx_strerror(err));
	kc_id = find_sec(btf, KCONFIG);
	ks_id = find_sec(btf, KSYMS);
	/* Everything that can fail first: the object is unchanged on error. */
	if ((err = stray_externs(btf, kc_id, ks_id)))
		return err;
	if ((nhidden = hidden_globals(btf, opts, kc_id, ks_id, &hidden)) < 0)
		return nhidden;
	if (kc_id) {
		n = btfx_vlen(btfx__own_type(btf, kc_id));
		kc = btfx__mem_zalloc_array(&btf->mem, n ? n : 1, sizeof(*kc));
		if (!kc) {
			err = btfx__err(btf, -ENOMEM, "prepare_load: out of memory");
			goto out;
		}
		if ((err = kconfig_plan(btf, btfx__own_type(btf, kc_id), kc, &kc_size)))
			goto out;
	}
	if (ks_id && (err = ksyms_check(btf, btfx__own_type(btf, ks_id), &funcs)))
		goto out;
	if (ks_id)
		int_id = first_int32(btf);
	if (funcs) {
		if (!int_id) {
			err = btfx__err(btf, -ENOTSUP,
					"prepare_load: no 32-bit INT for libbpf's '" DUMMY
					"' variable (libbpf would make it of type void, which "
					"the kernel refuses)");
			goto out;
		}
		if ((err = btfx_add_var(btf, DUMMY, BTFX_VAR_GLOBAL_ALLOCATED, int_id)) < 0)
			goto out;
		dummy = (uint32_t)err;
	}
	if (kc_id) {
		kconfig_apply(btf, btfx__own_type(btf, kc_id), kc);
		btfx__own_type(btf, kc_id)->size = kc_size;
	}
	if (ks_id)
		ksyms_apply(btf, btfx__own_type(btf, ks_id), int_id, dummy);
	for (n = 0; n < (uint32_t)nhidden; n++) {
		struct btfx_type *t = btfx__own_type(btf, hidden[n]);

		if (btfx_kind(t) == BTFX_KIND_FUNC)
			t->info = (t->info & ~0xffffu) | BTFX_FUNC_STATIC;
		else
			((struct btfx_var *)(t + 1))->linkage = BTFX_VAR_STATIC;
	}
	for (id = btf->start_id; id < btfx_type_cnt(btf); id++) {
		struct btfx_type *t = btfx__own_type(btf, id);

		if (btfx_kind(t) == BTFX_KIND_DATASEC)
			qsort(secinfos(t), btfx_vlen(t), sizeof(struct btfx_var_secinfo),
			      cmp_secinfo);
	}
	btfx__invalidate(btf);
	btfx__hashcons_drop(btf);
	err = 0;
out:
	btfx__mem_free(&btf->mem, kc);
	btfx__mem_free(&btf->mem, hidden);
	return err;
}
