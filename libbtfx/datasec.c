// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * datasec.c - DATASEC builders.
 *
 * The kernel wants a DATASEC's secinfos sorted by offset, inside the
 * section, not overlapping and each as large as its VAR's type.  Every
 * entry point here sorts (stably: equal offsets keep the order they were
 * added in) and checks, so callers can add variables in any order: whole
 * arrays (btfx_add_datasec_with_vars), one at a time after an empty
 * DATASEC (btfx_add_datasec, then btfx_append_secinfo), or across many CUs
 * while other types are added (struct btfx_datasec_builder, the pahole
 * per-CPU flow).  The checks and the sort always run on a scratch copy
 * that is published only when they pass.  A compiler's unplaced sections
 * (size 0, offsets not final) are accepted when the object allows them and
 * keep the order they were given in, as clang emits them;
 * btfx_place_datasec() places and sorts them.
 */
#include <stdlib.h>

#include "build.h"
#include "hashcons.h"

struct btfx_datasec_builder {
	struct btfx *btf;
	char *name;
	uint32_t size;
	uint32_t finished;
	struct btfx_var_secinfo *v;
	size_t cnt, cap;
};

/* Stable insertion sort by offset: inputs are mostly sorted already. */
static void sort_secinfos(struct btfx_var_secinfo *v, uint32_t cnt)
{
	uint32_t i, j;

	for (i = 1; i < cnt; i++) {
		struct btfx_var_secinfo x = v[i];

		if (v[i - 1].offset <= x.offset)
			continue;
		/* Binary search for the first entry with offset > x.offset. */
		{
			uint32_t lo = 0, hi = i;

			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;

				if (v[mid].offset <= x.offset)
					lo = mid + 1;
				else
					hi = mid;
			}
			j = lo;
		}
		memmove(&v[j + 1], &v[j], (size_t)(i - j) * sizeof(*v));
		v[j] = x;
	}
}

static int unplaced_ok(const struct btfx *btf, uint32_t sec_sz)
{
	return sec_sz == 0 && (btf->flags & BTFX_NEW_UNPLACED_DATASEC);
}

/*
 * As the kernel's btf_datasec_resolve(): a placed secinfo holds all of its
 * VAR's type.  Checked when the VAR (var, or NULL) and the size of its type
 * are known; a forward reference is checked when the blob is loaded.
 */
static int check_var_size(struct btfx_txn *tx, uint32_t i, const struct btfx_var_secinfo *v,
			  const struct btfx_type *var)
{
	uint64_t sz;

	if (!var || btfx_resolve_size(tx->btf, var->type, &sz) || v->size >= sz)
		return 0;
	return btfx__txn_fail(tx, -EINVAL, "secinfo %u ([%u] %s): size %u is below the %llu "
			      "bytes of its type", i, v->type,
			      btfx__msg_name(tx->btf, var->name_off), v->size,
			      (unsigned long long)sz);
}

int btfx__check_secinfos(struct btfx_txn *tx, uint32_t sec_sz, struct btfx_var_secinfo *v,
			 uint32_t cnt)
{
	const struct btfx *btf = tx->btf;
	int unplaced = unplaced_ok(btf, sec_sz);
	uint64_t end = 0;
	uint32_t i;
	int err;

	if (sec_sz == 0 && !unplaced)
		return btfx__txn_fail(tx, -EINVAL, "section size is 0");
	for (i = 0; i < cnt; i++) {
		const struct btfx_type *t;

		if (!v[i].type || v[i].type > BTFX_MAX_TYPE)
			return btfx__txn_fail(tx, -EINVAL, "secinfo %u: bad type id %u", i,
					      v[i].type);
		t = v[i].type < btfx_type_cnt(btf) ? btfx__type_quiet(btf, v[i].type) : NULL;
		if (t && btfx_kind(t) != BTFX_KIND_VAR)
			return btfx__txn_fail(tx, -EINVAL,
					      "secinfo %u: type [%u] is a %s, not a VAR", i,
					      v[i].type, btfx_kind_str(btfx_kind(t)));
		if (unplaced)
			continue;
		if (!v[i].size)
			return btfx__txn_fail(tx, -EINVAL, "secinfo %u ([%u]): size is 0", i,
					      v[i].type);
		if ((err = check_var_size(tx, i, &v[i], t)))
			return err;
	}
	/* Unplaced offsets are not final: keep the compiler's order until placed. */
	if (unplaced)
		return 0;
	sort_secinfos(v, cnt);
	for (i = 0; i < cnt; i++) {
		if (v[i].offset < end)
			return btfx__txn_fail(tx, -EINVAL,
					      "secinfo [%u] at offset %u overlaps [%u] ending "
					      "at %llu", v[i].type, v[i].offset, v[i - 1].type,
					      (unsigned long long)end);
		end = (uint64_t)v[i].offset + v[i].size;
		if (end > sec_sz)
			return btfx__txn_fail(tx, -EINVAL,
					      "secinfo [%u] ends at %llu, past section size %u",
					      v[i].type, (unsigned long long)end, sec_sz);
	}
	return 0;
}

/* A DATASEC, complete, or open (the head of btfx_append_secinfo() calls). */
static int add_datasec(struct btfx *btf, const char *name, uint32_t byte_sz,
		       const struct btfx_var_secinfo *infos, uint32_t cnt, int open)
{
	struct btfx_var_secinfo *v;
	struct btfx_txn tx;
	struct btfx_type *t;
	uint32_t name_off;
	size_t len;
	int err;

	if (cnt > BTFX_MAX_VLEN_CLASSIC)
		return btfx__err(btf, -E2BIG, "DATASEC '%.64s': %u secinfos, over %u",
				 name ? name : "", cnt, BTFX_MAX_VLEN_CLASSIC);
	if (cnt && !infos)
		return btfx__err(btf, -EINVAL, "DATASEC '%.64s': NULL secinfos", name ? name : "");
	len = sizeof(*t) + (size_t)cnt * sizeof(*v);
	err = btfx__txn_begin(&tx, btf, BTFX_KIND_DATASEC, name, len);
	if (err)
		return err;
	if (!btfx__is_section_name(name))
		return btfx__txn_fail(&tx, -EINVAL, "'%.64s' is not a section name",
				      name ? name : "");
	/* Sort in place, in the reserved room after the record. */
	t = btfx__txn_rec(&tx);
	v = (struct btfx_var_secinfo *)(t + 1);
	if (cnt)
		memcpy(v, infos, (size_t)cnt * sizeof(*v));
	if ((err = btfx__check_secinfos(&tx, byte_sz, v, cnt)))
		return err;
	if ((err = btfx__txn_str(&tx, name, &name_off)))
		return err;
	t = btfx__txn_rec(&tx);
	t->name_off = name_off;
	t->info = BTFX_INFO(BTFX_KIND_DATASEC, 0, cnt);
	t->size = byte_sz;
	if (open)
		return btfx__txn_commit_open(&tx, (uint32_t)len);
	return btfx__txn_commit(&tx, (uint32_t)len);
}

int btfx_add_datasec_with_vars(struct btfx *btf, const char *name, uint32_t byte_sz,
			       const struct btfx_var_secinfo *infos, uint32_t cnt)
{
	return add_datasec(btf, name, byte_sz, infos, cnt, 0);
}

int btfx_add_datasec(struct btfx *btf, const char *name, uint32_t byte_sz)
{
	return add_datasec(btf, name, byte_sz, NULL, 0, 1);
}

#define DATASEC_MASK (1u << BTFX_KIND_DATASEC)

/*
 * The existing secinfos and the new one are copied to scratch room past the
 * end of the type section (not part of the object), checked and sorted
 * there, and copied over the record only on success: the published record
 * is never touched before the check passed, whatever order it was loaded in.
 */
int btfx_append_secinfo(struct btfx *btf, uint32_t var_type_id, uint32_t offset,
			uint32_t byte_sz)
{
	struct btfx_var_secinfo *cur, *scratch, one = { var_type_id, offset, byte_sz };
	struct btfx_txn tx;
	struct btfx_type *t;
	uint32_t n;
	size_t bytes;
	int err;

	err = btfx__txn_append_begin(&tx, btf, DATASEC_MASK, sizeof(one), "append_secinfo");
	if (err)
		return err;
	n = btfx_vlen(btfx__own_type(btf, tx.id));
	bytes = (size_t)(n + 1) * sizeof(one);
	if ((err = btfx__buf_reserve(&btf->types, bytes)))
		return btfx__txn_fail(&tx, err, "%s", btfx_strerror(err));
	/* The record is the last one: its secinfos end where the scratch begins. */
	t = btfx__own_type(btf, tx.id);
	cur = (struct btfx_var_secinfo *)(t + 1);
	scratch = (struct btfx_var_secinfo *)btfx__buf_tail(&btf->types);
	memcpy(scratch, cur, (size_t)n * sizeof(one));
	scratch[n] = one;
	if ((err = btfx__check_secinfos(&tx, t->size, scratch, n + 1)))
		return err;
	/* cur[n] is scratch[0]: the ranges overlap. */
	memmove(cur, scratch, bytes);
	btf->types.len += sizeof(one);
	t->info = BTFX_INFO(BTFX_KIND_DATASEC, 0, n + 1);
	btfx__invalidate(btf);
	return 0;
}

struct btfx_datasec_builder *btfx_datasec_builder_new(struct btfx *btf, const char *name,
						      uint32_t byte_sz)
{
	struct btfx_datasec_builder *sec;
	size_t len;

	if (!btf || !name) {
		errno = EINVAL;
		return NULL;
	}
	sec = btfx__mem_zalloc_array(&btf->mem, 1, sizeof(*sec));
	if (!sec)
		goto err_nomem;
	len = strlen(name) + 1;
	sec->name = btfx__mem_alloc(&btf->mem, len);
	if (!sec->name) {
		btfx__mem_free(&btf->mem, sec);
		goto err_nomem;
	}
	memcpy(sec->name, name, len);
	sec->btf = btf;
	sec->size = byte_sz;
	return sec;
err_nomem:
	errno = ENOMEM;
	return NULL;
}

void btfx_datasec_builder_free(struct btfx_datasec_builder *sec)
{
	const struct btfx_allocator *mem;

	if (!sec)
		return;
	mem = &sec->btf->mem;
	btfx__mem_free(mem, sec->v);
	btfx__mem_free(mem, sec->name);
	btfx__mem_free(mem, sec);
}

/* A call on a finished builder, or with bad arguments: -EINVAL, message on the object. */
static int sec_misuse(struct btfx_datasec_builder *sec, const char *call, const char *reason)
{
	if (!sec)
		return -EINVAL;
	return btfx__err(sec->btf, -EINVAL, "%s: DATASEC '%.64s': %s", call, sec->name,
			 sec->finished ? "the builder is finished" : reason);
}

int btfx_datasec_builder_add_vars(struct btfx_datasec_builder *sec,
				  const struct btfx_var_secinfo *infos,
				  uint32_t cnt)
{
	struct btfx_var_secinfo *v;
	size_t cap;

	if (!sec || sec->finished || (cnt && !infos))
		return sec_misuse(sec, "datasec_builder_add_vars", "NULL secinfos");
	if (sec->cnt + cnt > sec->cap) {
		cap = sec->cap * 2 > sec->cnt + cnt ? sec->cap * 2 : sec->cnt + cnt + 16;
		v = btfx__mem_realloc_array(&sec->btf->mem, sec->v, cap, sizeof(*v));
		if (!v)
			return btfx__err(sec->btf, -ENOMEM, "datasec_builder_add_vars: "
					 "DATASEC '%.64s': out of memory for %zu secinfos",
					 sec->name, cap);
		sec->v = v;
		sec->cap = cap;
	}
	if (cnt)
		memcpy(sec->v + sec->cnt, infos, (size_t)cnt * sizeof(*infos));
	sec->cnt += cnt;
	return 0;
}

int btfx_datasec_builder_add_var(struct btfx_datasec_builder *sec, uint32_t var_type_id,
				 uint32_t offset,
				 uint32_t byte_sz)
{
	struct btfx_var_secinfo one = { var_type_id, offset, byte_sz };

	return btfx_datasec_builder_add_vars(sec, &one, 1);
}

int btfx_datasec_builder_set_size(struct btfx_datasec_builder *sec, uint32_t byte_sz)
{
	if (!sec || sec->finished)
		return sec_misuse(sec, "datasec_builder_set_size", "");
	sec->size = byte_sz;
	return 0;
}

uint32_t btfx_datasec_builder_cnt(const struct btfx_datasec_builder *sec)
{
	return sec ? (uint32_t)sec->cnt : 0;
}

int btfx_datasec_builder_finish(struct btfx_datasec_builder *sec)
{
	int id;

	if (!sec || sec->finished)
		return sec_misuse(sec, "datasec_builder_finish", "");
	if (sec->cnt > BTFX_MAX_VLEN_CLASSIC)
		return btfx__err(sec->btf, -E2BIG, "DATASEC '%.64s': %zu secinfos, over %u",
				 sec->name, sec->cnt, BTFX_MAX_VLEN_CLASSIC);
	id = btfx_add_datasec_with_vars(sec->btf, sec->name, sec->size, sec->v, (uint32_t)sec->cnt);
	if (id >= 0)
		sec->finished = 1;
	return id;
}

int btfx_place_datasec(struct btfx *btf, uint32_t id, uint32_t byte_sz, btfx_place_fn fn,
		       void *ctx)
{
	struct btfx_var_secinfo *v, *cur;
	struct btfx_txn tx;
	struct btfx_type *t;
	uint32_t i, n, saved_flags;
	size_t bytes;
	int err;

	if (!fn || id < btf->start_id || id >= btfx_type_cnt(btf))
		return btfx__err(btf, -EINVAL, "place_datasec: [%u] is not a type of this object",
				 id);
	if (btfx__is_flushed(btf, id))
		return btfx__err_flushed(btf, "place_datasec", id);
	if ((err = btfx__make_writable(btf)))
		return btfx__err(btf, err, "place_datasec: %s", btfx_strerror(err));
	t = btfx__own_type(btf, id);
	if (btfx_kind(t) != BTFX_KIND_DATASEC)
		return btfx__err(btf, -EINVAL, "place_datasec: [%u] is a %s, not a DATASEC", id,
				 btfx_kind_str(btfx_kind(t)));
	n = btfx_vlen(t);
	bytes = (size_t)n * sizeof(*v);
	v = btfx__mem_alloc(&btf->mem, bytes ? bytes : 1);
	if (!v)
		return btfx__err(btf, -ENOMEM, "place_datasec: out of memory");
	cur = (struct btfx_var_secinfo *)(t + 1);
	memcpy(v, cur, bytes);
	tx.btf = btf;
	tx.kind = BTFX_KIND_DATASEC;
	tx.name = NULL;
	tx.name_off = t->name_off;
	tx.id = id;
	tx.str_mark = btfx__str_mark(btf);
	for (i = 0; i < n; i++) {
		const char *vname = btfx_name_by_id(btf, v[i].type);

		err = fn(ctx, vname ? vname : "", v[i].type, &v[i].offset, &v[i].size);
		if (err) {
			err = btfx__txn_fail(&tx, err, "secinfo %u ([%u] '%.64s'): %s", i,
					     v[i].type, vname ? vname : "",
					     err == -ENOENT ? "no place for it" :
							      btfx_strerror(err));
			goto out;
		}
	}
	/* Placed entries get the full checks, whatever the object allows. */
	saved_flags = btf->flags;
	btf->flags &= ~(uint32_t)BTFX_NEW_UNPLACED_DATASEC;
	err = btfx__check_secinfos(&tx, byte_sz, v, n);
	btf->flags = saved_flags;
	if (!err) {
		memcpy(cur, v, bytes);
		t->size = byte_sz;
		btfx__invalidate(btf);
		/* Its record changed: the hash-consing table indexes it anew. */
		if (id - btf->start_id < btfx__hashcons_upto(btf))
			btfx__hashcons_drop(btf);
	}
out:
	btfx__mem_free(&btf->mem, v);
	return err;
}
