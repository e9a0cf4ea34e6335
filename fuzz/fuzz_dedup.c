// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_dedup.c - libFuzzer target for btfx_dedup() of a read blob.  The
 * first byte of the input picks how the rest is loaded: bit 0, as split
 * BTF over a small fixed base built here (base_build()); bit 1, borrowed.
 * Whatever loads is deduped with an id map, and must either fail with a
 * negative errno the documentation lists, a message, and the object byte
 * for byte as it was; or succeed, and then:
 *  - the id map sends 0 to 0, a base id to itself (or, for an enum
 *    declaration of the base, to an own type), an own id to an id below the
 *    new type count, to a type of the same name and of the same kind (a FWD
 *    to the STRUCT or UNION it declares, an enum to an ENUM or ENUM64);
 *  - own records that are byte for byte the same (other than VAR and
 *    DATASEC, which dedup never merges) map to one id;
 *  - the result loads back from its own blob, to the same sections;
 *  - dedup of the result keeps its types (not its bytes: see
 *    check_fixed_point()) and maps every own id to itself;
 *  - the input loaded the other way (copied or borrowed) dedups to the
 *    same bytes and the same map.
 *
 * fuzz/replay.c runs the same checks over fuzz/corpus/dedup without
 * libFuzzer.  Seeds are a mode byte and a blob: printf '\1' | cat - x.btf.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <btfx/btfx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
	MODE_SPLIT = 1u << 0,
	MODE_BORROW = 1u << 1,
};

static const struct btfx_write_opts wo = { .sz = sizeof(wo), .flags = BTFX_WRITE_LAYOUT };

/*
 * The base of split inputs: a few types of each family, a FWD that nothing
 * resolves and an enum declaration, ids 1 to 15.  Split seeds made over it
 * reference these ids and the base's strings.
 */
static struct btfx *base_build(void)
{
	struct btfx *b = btfx_new();
	int ok;

	if (!b)
		return NULL;
	ok = btfx_add_int(b, "int", 4, BTFX_INT_SIGNED) == 1 &&
	     btfx_add_int(b, "char", 1, BTFX_INT_CHAR) == 2 && btfx_add_ptr(b, 4) == 3 &&
	     btfx_add_struct(b, "list", 16) == 4 && !btfx_append_member(b, "next", 3, 0, 0) &&
	     !btfx_append_member(b, "val", 1, 64, 0) &&
	     btfx_add_fwd(b, "node", BTFX_FWD_STRUCT) == 5 && btfx_add_ptr(b, 5) == 6 &&
	     btfx_add_enum(b, "e", 4, 0) == 7 && !btfx_append_enum_value(b, "A", 0) &&
	     !btfx_append_enum_value(b, "B", 1) && btfx_add_fwd(b, "d", BTFX_FWD_ENUM) == 8 &&
	     btfx_add_typedef(b, "t", 1) == 9 && btfx_add_func_proto(b, 1) == 10 &&
	     !btfx_append_param(b, "x", 3) && btfx_add_func(b, "f", BTFX_FUNC_GLOBAL, 10) == 11 &&
	     btfx_add_const(b, 2) == 12 && btfx_add_array(b, 1, 2, 4) == 13 &&
	     btfx_add_union(b, "u", 4) == 14 && !btfx_append_member(b, "a", 1, 0, 0) &&
	     !btfx_append_member(b, "b", 7, 0, 0) && btfx_add_float(b, "double", 8) == 15;
	if (!ok)
		abort();
	return b;
}

static const struct btfx *base_get(void)
{
	static struct btfx *base;

	if (!base)
		base = base_build();
	return base;
}

static struct btfx *load(const uint8_t *data, size_t size, unsigned int mode)
{
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx_load_opts lo = { .sz = sizeof(lo) };
	struct btfx *btf;

	if (mode & MODE_SPLIT)
		no.base = base_get();
	if (mode & MODE_BORROW)
		lo.flags = BTFX_LOAD_BORROW;
	btf = btfx_new_opts(&no);
	if (!btf)
		abort();
	if (btfx_load(btf, data, size, &lo)) {
		btfx_free(btf);
		return NULL;
	}
	return btf;
}

/* A copy of the object's blob, or NULL when it cannot be written. */
static void *blob_copy(struct btfx *btf, size_t *len)
{
	const void *p;
	void *copy;

	if (btfx_raw_data(btf, &wo, &p, len))
		return NULL;
	copy = malloc(*len);
	if (!copy)
		abort();
	memcpy(copy, p, *len);
	return copy;
}

static int blob_is(struct btfx *btf, const void *want, size_t want_len)
{
	const void *p;
	size_t len;

	if (btfx_raw_data(btf, &wo, &p, &len))
		abort();
	return len == want_len && !memcmp(p, want, len);
}

static int name_eq(const struct btfx *a, uint32_t ia, const struct btfx *b, uint32_t ib)
{
	const char *sa = btfx_name_by_id(a, ia), *sb = btfx_name_by_id(b, ib);

	return sa && sb && !strcmp(sa, sb);
}

static int kind_ok(const struct btfx_type *from, const struct btfx_type *to)
{
	unsigned int k = btfx_kind(from), k2 = btfx_kind(to);

	if (k == k2)
		return 1;
	if (k == BTFX_KIND_FWD)
		return k2 == (btfx_kflag(from) ? BTFX_KIND_UNION : BTFX_KIND_STRUCT);
	return (k == BTFX_KIND_ENUM || k == BTFX_KIND_ENUM64) &&
	       (k2 == BTFX_KIND_ENUM || k2 == BTFX_KIND_ENUM64);
}

/* Where each old id went: old is the input as loaded, new the result. */
static void check_map(const struct btfx *old, const struct btfx *new, const uint32_t *map)
{
	uint32_t id, start = btfx_start_id(old), cnt = btfx_type_cnt(new);

	if (map[0] != 0)
		abort();
	for (id = 1; id < btfx_type_cnt(old); id++) {
		const struct btfx_type *t = btfx_type_by_id(old, id);

		if (map[id] == 0 || map[id] >= cnt)
			abort();
		if (id < start && map[id] != id &&
		    (map[id] < start || btfx_kind(t) != BTFX_KIND_ENUM || btfx_vlen(t)))
			abort();
		if (!kind_ok(t, btfx_type_by_id(new, map[id])) || !name_eq(old, id, new, map[id]))
			abort();
	}
}

/* Own records alike byte for byte go to one id (VAR and DATASEC never merge). */
static void check_same_records(const struct btfx *old, const uint32_t *map)
{
	uint32_t a, b, start = btfx_start_id(old), cnt = btfx_type_cnt(old);

	for (a = start; a < cnt; a++) {
		const struct btfx_type *ta = btfx_type_by_id(old, a);
		uint32_t len = btfx_record_len(old, a);

		if (btfx_kind(ta) == BTFX_KIND_VAR || btfx_kind(ta) == BTFX_KIND_DATASEC)
			continue;
		for (b = a + 1; b < cnt; b++) {
			if (btfx_record_len(old, b) == len && map[a] != map[b] &&
			    !memcmp(ta, btfx_type_by_id(old, b), len))
				abort();
		}
	}
}

struct text {
	char *p;
	size_t len, cap;
};

static int text_add(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;

	if (t->len + len > t->cap) {
		t->cap = (t->len + len) * 2;
		t->p = realloc(t->p, t->cap);
		if (!t->p)
			abort();
	}
	memcpy(t->p + t->len, s, len);
	t->len += len;
	return 0;
}

/*
 * The result loads back to the same bytes, and dedup leaves its types as
 * they are.  Not its bytes: as libbpf's, the strings are in order of first
 * use in the input, and a type removed may have used one first.
 */
static void check_fixed_point(const void *blob, size_t len, unsigned int mode)
{
	struct btfx *again = load(blob, len, mode & ~MODE_BORROW);
	struct btfx_dedup_opts o = { .sz = sizeof(o) };
	struct text t1 = { 0 }, t2 = { 0 };
	uint32_t id;

	if (!again || !blob_is(again, blob, len))
		abort();
	o.id_map_cnt = btfx_type_cnt(again);
	o.id_map = malloc(o.id_map_cnt * sizeof(*o.id_map));
	if (!o.id_map || btfx_dump_raw(again, text_add, &t1))
		abort();
	if (btfx_dedup(again, &o) || btfx_type_cnt(again) != o.id_map_cnt ||
	    btfx_dump_raw(again, text_add, &t2) || t1.len != t2.len ||
	    (t1.len && memcmp(t1.p, t2.p, t1.len)))
		abort();
	for (id = btfx_start_id(again); id < o.id_map_cnt; id++) {
		if (o.id_map[id] != id)
			abort();
	}
	free(t1.p);
	free(t2.p);
	free(o.id_map);
	btfx_free(again);
}

/* The input loaded the other way dedups to the same bytes and map. */
static void check_same_again(const uint8_t *data, size_t size, unsigned int mode, const void *blob,
			     size_t len, const uint32_t *map)
{
	struct btfx *other = load(data, size, mode ^ MODE_BORROW);
	struct btfx_dedup_opts o = { .sz = sizeof(o) };

	if (!other)
		abort();
	o.id_map_cnt = btfx_type_cnt(other);
	o.id_map = malloc(o.id_map_cnt * sizeof(*o.id_map));
	if (!o.id_map)
		abort();
	if (btfx_dedup(other, &o) || !blob_is(other, blob, len) ||
	    memcmp(o.id_map, map, o.id_map_cnt * sizeof(*map)))
		abort();
	free(o.id_map);
	btfx_free(other);
}

static void check_failure(struct btfx *btf, int err, uint32_t cnt, const void *before,
			  size_t before_len)
{
	const char *msg = btfx_errmsg(btf);

	if (err != -EINVAL && err != -ENOTSUP && err != -ELOOP && err != -E2BIG && err != -ENOMEM)
		abort();
	if (!msg || !*msg || btfx_type_cnt(btf) != cnt || !blob_is(btf, before, before_len))
		abort();
}

static void check_success(struct btfx *btf, const uint8_t *data, size_t size, unsigned int mode,
			  const void *before, size_t before_len, const uint32_t *map)
{
	struct btfx *old = load(before, before_len, mode & ~MODE_BORROW);
	size_t len;
	void *blob;

	if (!old)
		abort();
	check_map(old, btf, map);
	check_same_records(old, map);
	btfx_free(old);
	blob = blob_copy(btf, &len);
	if (!blob)
		abort();
	check_fixed_point(blob, len, mode);
	check_same_again(data, size, mode, blob, len, map);
	free(blob);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx_dedup_opts o = { .sz = sizeof(o) };
	unsigned int mode;
	struct btfx *btf;
	size_t before_len;
	void *before;
	int err;

	if (!size)
		return 0;
	mode = data[0];
	btf = load(data + 1, size - 1, mode);
	if (!btf)
		return 0;
	/* Kinds libbtfx does not know may fail to write: nothing to compare. */
	before = blob_copy(btf, &before_len);
	o.id_map_cnt = btfx_type_cnt(btf);
	o.id_map = calloc(o.id_map_cnt, sizeof(*o.id_map));
	if (!o.id_map)
		abort();
	err = btfx_dedup(btf, &o);
	if (err > 0)
		abort();
	if (before && err)
		check_failure(btf, err, o.id_map_cnt, before, before_len);
	else if (before)
		check_success(btf, data + 1, size - 1, mode, before, before_len, o.id_map);
	free(o.id_map);
	free(before);
	btfx_free(btf);
	return 0;
}
