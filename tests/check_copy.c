// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_copy.c - what dedup and link do to records: the visitors over the
 * type ids and string offsets of a record (read-only and read-write),
 * and appending one object to another (btfx_add_btf()).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/*
 * [1] int, [2] ptr -> 3, [3] struct pair { int a; struct pair *next; },
 * [4] array[3] of int (index int), [5] func_proto int (int x, ...),
 * [6] func f, [7] var v, [8] datasec .data { v }, [9] enum color,
 * [10] typedef pair_t, [11] fwd s, [12] decl_tag on f, [13] float.
 */
static struct btfx *make_built(void)
{
	struct btfx_var_secinfo si = { 7, 0, 4 };
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 3), 2);
	ck_assert_int_eq(btfx_add_struct(btf, "pair", 16), 3);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "next", 2, 64, 0), 0);
	ck_assert_int_eq(btfx_add_array(btf, 1, 1, 3), 4);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 5);
	ck_assert_int_eq(btfx_append_param(btf, "x", 1), 0);
	ck_assert_int_eq(btfx_append_param(btf, NULL, 0), 0);
	ck_assert_int_eq(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 5), 6);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 7);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 4, &si, 1), 8);
	ck_assert_int_eq(btfx_add_enum(btf, "color", 4, 0), 9);
	ck_assert_int_eq(btfx_append_enum_value(btf, "RED", 0), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "BLUE", 7), 0);
	ck_assert_int_eq(btfx_add_typedef(btf, "pair_t", 3), 10);
	ck_assert_int_eq(btfx_add_fwd(btf, "s", BTFX_FWD_STRUCT), 11);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "tag", 6, -1), 12);
	ck_assert_int_eq(btfx_add_float(btf, "double", 8), 13);
	return btf;
}

/* What an object holds: its dump and its native blob. */
struct snap {
	char *dump;
	void *raw;
	size_t size;
	uint32_t cnt;
};

static void snap_take(struct snap *s, struct btfx *btf)
{
	const void *raw;

	s->dump = tu_dump(btf);
	ck_assert_ptr_nonnull(s->dump);
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw, &s->size), 0);
	s->raw = malloc(s->size);
	ck_assert_ptr_nonnull(s->raw);
	memcpy(s->raw, raw, s->size);
	s->cnt = btfx_type_cnt(btf);
}

/* btf still holds exactly what s saw; s is freed. */
static void snap_check(struct snap *s, struct btfx *btf)
{
	const void *raw;
	size_t size;
	char *dump = tu_dump(btf);

	ck_assert_ptr_nonnull(dump);
	ck_assert_str_eq(dump, s->dump);
	ck_assert_uint_eq(btfx_type_cnt(btf), s->cnt);
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw, &size), 0);
	ck_assert_uint_eq(size, s->size);
	ck_assert_mem_eq(raw, s->raw, size);
	free(dump);
	free(s->dump);
	free(s->raw);
}

/*
 * ---------------------------------------------------------------------------
 * Visitors
 * ---------------------------------------------------------------------------
 */

struct rec {
	uint32_t vals[16];
	int n;
};

static int record_val(void *ctx, uint32_t value)
{
	struct rec *r = ctx;

	ck_assert_int_lt(r->n, 16);
	r->vals[r->n++] = value;
	return 0;
}

static int record_ptr(void *ctx, uint32_t *field)
{
	return record_val(ctx, *field);
}

/* Type ids (expected, -1 terminated) of record id, by both visitors. */
static void expect_ids(struct btfx *btf, uint32_t id, const int64_t *want)
{
	struct rec r = { { 0 }, 0 }, w = { { 0 }, 0 };
	int n = 0;

	while (want[n] >= 0)
		n++;
	ck_assert_int_eq(btfx_for_each_type_id(btf, id, record_val, &r), n);
	ck_assert_int_eq(btfx_visit_type_ids(btf, id, record_ptr, &w), n);
	ck_assert_int_eq(r.n, n);
	ck_assert_int_eq(w.n, n);
	while (n--) {
		ck_assert_uint_eq(r.vals[n], (uint32_t)want[n]);
		ck_assert_uint_eq(w.vals[n], (uint32_t)want[n]);
	}
}

START_TEST(test_btfx_visit_type_ids_every_kind)
{
	static const int64_t none[] = { -1 }, ptr[] = { 3, -1 }, pair[] = { 1, 2, -1 },
			     arr[] = { 1, 1, -1 }, proto[] = { 1, 1, 0, -1 }, func[] = { 5, -1 },
			     var[] = { 1, -1 }, sec[] = { 7, -1 }, tdef[] = { 3, -1 },
			     tag[] = { 6, -1 };
	struct btfx *btf = make_built();
	struct snap s;

	snap_take(&s, btf);
	expect_ids(btf, 1, none);
	expect_ids(btf, 2, ptr);
	expect_ids(btf, 3, pair);
	expect_ids(btf, 4, arr);
	expect_ids(btf, 5, proto);
	expect_ids(btf, 6, func);
	expect_ids(btf, 7, var);
	expect_ids(btf, 8, sec);
	expect_ids(btf, 9, none);
	expect_ids(btf, 10, tdef);
	expect_ids(btf, 11, none);
	expect_ids(btf, 12, tag);
	expect_ids(btf, 13, none);
	/* Void has no fields. */
	ck_assert_int_eq(btfx_for_each_type_id(btf, 0, record_val, NULL), 0);
	/* Visiting without a change changes nothing. */
	snap_check(&s, btf);
	btfx_free(btf);
}
END_TEST

/* String offsets, name_off first, as strings. */
static void expect_strs(struct btfx *btf, uint32_t id, const char *const *want)
{
	struct rec r = { { 0 }, 0 };
	int n = 0;

	while (want[n])
		n++;
	ck_assert_int_eq(btfx_for_each_str_off(btf, id, record_val, &r), n);
	ck_assert_int_eq(r.n, n);
	r.n = 0;
	ck_assert_int_eq(btfx_visit_str_offs(btf, id, record_ptr, &r), n);
	while (n--)
		ck_assert_str_eq(btfx_str_by_offset(btf, r.vals[n]), want[n]);
}

START_TEST(test_btfx_visit_str_offs_every_kind)
{
	static const char *const intn[] = { "int", NULL }, *const ptr[] = { "", NULL },
				 *const pair[] = { "pair", "a", "next", NULL },
				 *const proto[] = { "", "x", "", NULL },
				 *const color[] = { "color", "RED", "BLUE", NULL },
				 *const sec[] = { ".data", NULL };
	struct btfx *btf = make_built();

	expect_strs(btf, 1, intn);
	expect_strs(btf, 2, ptr);
	expect_strs(btf, 3, pair);
	expect_strs(btf, 5, proto);
	expect_strs(btf, 8, sec);
	expect_strs(btf, 9, color);
	btfx_free(btf);
}
END_TEST

static int add_100(void *ctx, uint32_t *field)
{
	(void)ctx;
	if (*field)
		*field += 100;
	return 0;
}

START_TEST(test_btfx_visit_type_ids_changes_record)
{
	struct btfx *btf = make_built();
	const struct btfx_member *m;
	const struct btfx_type *t;
	const void *raw1, *raw2;
	size_t size1, size2;
	void *copy;

	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw1, &size1), 0);
	copy = malloc(size1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, raw1, size1);
	ck_assert_int_eq(btfx_visit_type_ids(btf, 3, add_100, NULL), 2);
	t = btfx_type_by_id(btf, 3);
	m = (const struct btfx_member *)(t + 1);
	ck_assert_uint_eq(m[0].type, 101);
	ck_assert_uint_eq(m[1].type, 102);
	ck_assert_uint_eq(m[1].offset, 64);
	ck_assert_uint_eq(t->size, 16);
	/* Forward references are allowed, as the builders allow them. */
	ck_assert_int_eq(btfx_visit_type_ids(btf, 5, add_100, NULL), 3);
	ck_assert_uint_eq(btfx_type_by_id(btf, 5)->type, 101);
	ck_assert_uint_eq(((const struct btfx_param *)(btfx_type_by_id(btf, 5) + 1))[1].type, 0);
	/* The blob is written again. */
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw2, &size2), 0);
	ck_assert_uint_eq(size2, size1);
	ck_assert_int_ne(memcmp(raw2, copy, size1), 0);
	free(copy);
	btfx_free(btf);
}
END_TEST

/* Changes the first field, then fails at the second. */
static int change_then_fail(void *ctx, uint32_t *field)
{
	int *calls = ctx;

	*field = 1;
	return ++*calls == 2 ? -EEXIST : 0;
}

static int set_huge(void *ctx, uint32_t *field)
{
	*field = *(uint32_t *)ctx;
	return 0;
}

START_TEST(test_btfx_visit_type_ids_unchanged_on_error)
{
	struct btfx *btf = make_built();
	uint32_t huge = BTFX_MAX_TYPE + 1u;
	struct snap s;
	int calls = 0;

	snap_take(&s, btf);
	ck_assert_int_eq(btfx_visit_type_ids(btf, 3, change_then_fail, &calls), -EEXIST);
	ck_assert_int_eq(calls, 2);
	ck_assert_str_eq(btfx_errmsg(btf),
			 "[3] STRUCT 'pair': visitor failed: conflicting duplicate");
	ck_assert_int_eq(btfx_visit_type_ids(btf, 4, set_huge, &huge), -EINVAL);
	ck_assert_str_eq(btfx_errmsg(btf), "[4] ARRAY (anon): new type id 2147483648 out of range");
	huge = BTFX_MAX_TYPE;
	snap_check(&s, btf);
	ck_assert_int_eq(btfx_visit_type_ids(btf, 4, set_huge, &huge), 2);
	ck_assert_uint_eq(((const struct btfx_array *)(btfx_type_by_id(btf, 4) + 1))->index_type,
			  BTFX_MAX_TYPE);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_visit_type_ids_bad_args)
{
	struct btfx_new_opts o = { .sz = sizeof(o) };
	struct btfx *base = make_built(), *split;
	struct rec r = { { 0 }, 0 };

	ck_assert_int_eq(btfx_visit_type_ids(base, 0, record_ptr, &r), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(base), "void"));
	ck_assert_int_eq(btfx_visit_type_ids(base, 14, record_ptr, &r), -ENOENT);
	ck_assert_int_eq(btfx_visit_str_offs(base, 99, record_ptr, &r), -ENOENT);
	ck_assert_int_eq(btfx_visit_type_ids(base, 1, NULL, NULL), -EINVAL);
	ck_assert_int_eq(btfx_for_each_type_id(base, 14, record_val, &r), -ENOENT);
	ck_assert_int_eq(btfx_for_each_str_off(base, 1, NULL, NULL), -EINVAL);
	/* A split object changes its own records only; it reads the base's. */
	o.base = base;
	split = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(split);
	ck_assert_int_eq(btfx_add_ptr(split, 3), 14);
	ck_assert_int_eq(btfx_visit_type_ids(split, 3, record_ptr, &r), -EINVAL);
	ck_assert_str_eq(btfx_errmsg(split),
			 "visit_type_ids: [3] is in the base, not this object's own");
	ck_assert_int_eq(r.n, 0);
	ck_assert_int_eq(btfx_for_each_type_id(split, 3, record_val, &r), 2);
	ck_assert_int_eq(btfx_visit_type_ids(split, 14, record_ptr, &r), 1);
	ck_assert_uint_eq(r.vals[2], 3);
	btfx_free(split);
	btfx_free(base);
}
END_TEST

/* The read-only visitor stops at fn's first non-zero return. */
static int stop_at_second(void *ctx, uint32_t value)
{
	int *calls = ctx;

	(void)value;
	return ++*calls == 2 ? 42 : 0;
}

START_TEST(test_btfx_for_each_type_id_stops)
{
	struct btfx *btf = make_built();
	int calls = 0;

	ck_assert_int_eq(btfx_for_each_type_id(btf, 5, stop_at_second, &calls), 42);
	ck_assert_int_eq(calls, 2);
	btfx_free(btf);
}
END_TEST

/* Renames by offset: ctx holds the new offset of the name. */
static int rename_first(void *ctx, uint32_t *field)
{
	uint32_t *off = ctx;

	if (*off) {
		*field = *off;
		*off = 0;
	}
	return 0;
}

START_TEST(test_btfx_visit_str_offs_renames)
{
	struct btfx *btf = make_built();
	uint32_t off;

	/* Look up once, so that the name index exists. */
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "pair", BTFX_KIND_STRUCT), 3);
	off = (uint32_t)btfx_add_str(btf, "couple");
	ck_assert_int_eq(btfx_visit_str_offs(btf, 3, rename_first, &off), 3);
	ck_assert_str_eq(btfx_name_by_id(btf, 3), "couple");
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "couple", BTFX_KIND_STRUCT), 3);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "pair", BTFX_KIND_STRUCT), -ENOENT);
	/* The middle of a string is its tail, as the kernel reads it. */
	off = (uint32_t)btfx_find_str(btf, "couple") + 2;
	ck_assert_int_eq(btfx_visit_str_offs(btf, 3, rename_first, &off), 3);
	ck_assert_str_eq(btfx_name_by_id(btf, 3), "uple");
	btfx_free(btf);
}
END_TEST

/* Adds a string and uses it, then fails when ctx says so. */
static int add_and_use(void *ctx, uint32_t *field)
{
	struct btfx **btf = ctx;
	int off = btfx_add_str(btf[0], "brand_new_name");

	ck_assert_int_gt(off, 0);
	*field = (uint32_t)off;
	return btf[1] ? -ECANCELED : 0;
}

START_TEST(test_btfx_visit_str_offs_unchanged_on_error)
{
	struct btfx *btf = make_built(), *ctx[2];
	uint32_t past = btfx_str_sec_len(btf);
	struct snap s;
	char msg[128];

	snap_take(&s, btf);
	snprintf(msg, sizeof(msg),
		 "[9] ENUM 'color': new string offset %u past the string sections", past);
	ck_assert_int_eq(btfx_visit_str_offs(btf, 9, set_huge, &past), -EINVAL);
	ck_assert_str_eq(btfx_errmsg(btf), msg);
	/* The strings the callback added go too. */
	ctx[0] = btf;
	ctx[1] = btf;
	ck_assert_int_eq(btfx_visit_str_offs(btf, 1, add_and_use, ctx), -ECANCELED);
	ck_assert_int_eq(btfx_find_str(btf, "brand_new_name"), -ENOENT);
	snap_check(&s, btf);
	ctx[1] = NULL;
	ck_assert_int_eq(btfx_visit_str_offs(btf, 1, add_and_use, ctx), 1);
	ck_assert_str_eq(btfx_name_by_id(btf, 1), "brand_new_name");
	btfx_free(btf);
}
END_TEST

/* A loaded, borrowed object: the visitor copies before it writes. */
START_TEST(test_btfx_visit_type_ids_loaded_borrowed)
{
	struct btfx_load_opts lo = { .sz = sizeof(lo), .flags = BTFX_LOAD_BORROW };
	struct btfx *src = make_built(), *btf = btfx_new();
	const void *raw;
	void *blob, *orig;
	size_t size;

	ck_assert_int_eq(btfx_raw_data(src, NULL, &raw, &size), 0);
	blob = malloc(size);
	orig = malloc(size);
	ck_assert_ptr_nonnull(blob);
	ck_assert_ptr_nonnull(orig);
	memcpy(blob, raw, size);
	memcpy(orig, raw, size);
	ck_assert_int_eq(btfx_load(btf, blob, size, &lo), 0);
	ck_assert_int_eq(btfx_visit_type_ids(btf, 2, add_100, NULL), 1);
	ck_assert_uint_eq(btfx_type_by_id(btf, 2)->type, 103);
	ck_assert_mem_eq(blob, orig, size);
	btfx_free(btf);
	btfx_free(src);
	free(blob);
	free(orig);
}
END_TEST

/* Out of memory at every step: unchanged, no leak. */
START_TEST(test_btfx_visit_type_ids_oom)
{
	struct btfx_load_opts lo = { .sz = sizeof(lo), .flags = BTFX_LOAD_BORROW };
	struct btfx *src = btfx_new();
	struct btfx_member_info mi[64];
	struct tu_failalloc fa;
	struct btfx_allocator a;
	const void *raw;
	size_t size;
	long n;
	int i, r = -ENOMEM;

	/* A struct of 64 members: more than the visitor copies on the stack. */
	ck_assert_int_eq(btfx_add_int(src, "int", 4, 0), 1);
	for (i = 0; i < 64; i++) {
		mi[i].name = NULL;
		mi[i].type = 1;
		mi[i].bit_offset = 32u * (uint32_t)i;
		mi[i].bit_size = 0;
	}
	ck_assert_int_eq(btfx_add_composite_with_members(src, BTFX_KIND_STRUCT, "big", 256, mi, 64, sizeof(*mi)), 2);
	ck_assert_int_eq(btfx_raw_data(src, NULL, &raw, &size), 0);
	for (n = 1; r == -ENOMEM; n++) {
		struct btfx_new_opts o = { .sz = sizeof(o), .allocator = &a };
		struct btfx *btf;
		struct snap s;

		tu_failalloc_init(&fa, &a, 0);
		btf = btfx_new_opts(&o);
		ck_assert_ptr_nonnull(btf);
		ck_assert_int_eq(btfx_load(btf, raw, size, &lo), 0);
		snap_take(&s, btf);
		fa.calls = 0;
		fa.fail_at = n;
		r = btfx_visit_type_ids(btf, 2, add_100, NULL);
		fa.fail_at = 0;
		if (r == -ENOMEM)
			snap_check(&s, btf);
		else {
			ck_assert_int_eq(r, 64);
			free(s.dump);
			free(s.raw);
		}
		btfx_free(btf);
		ck_assert_int_eq(fa.live, 0);
	}
	ck_assert_int_gt(n, 2);
	btfx_free(src);
}
END_TEST

static struct btfx *load_kind25(void)
{
	uint8_t blob[512];
	size_t len = tu_kind25_blob(blob);
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	ck_assert_msg(btfx_load(btf, blob, len, NULL) == 0, "%s", btfx_errmsg(btf));
	ck_assert_uint_eq(btfx_kind(btfx_type_by_id(btf, 2)), 25);
	return btf;
}

START_TEST(test_btfx_visit_type_ids_unknown_kind)
{
	struct btfx *btf = load_kind25();
	struct rec r = { { 0 }, 0 };

	ck_assert_int_eq(btfx_visit_type_ids(btf, 2, record_ptr, &r), -ENOTSUP);
	ck_assert_str_eq(btfx_errmsg(btf), "visit_type_ids: [2] is of unknown kind 25");
	ck_assert_int_eq(btfx_visit_str_offs(btf, 2, record_ptr, &r), -ENOTSUP);
	ck_assert_int_eq(btfx_for_each_type_id(btf, 2, record_val, &r), -ENOTSUP);
	ck_assert_int_eq(btfx_for_each_str_off(btf, 2, record_val, &r), -ENOTSUP);
	ck_assert_int_eq(r.n, 0);
	ck_assert_int_eq(btfx_visit_str_offs(btf, 1, record_ptr, &r), 1);
	btfx_free(btf);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * btfx_add_btf()
 * ---------------------------------------------------------------------------
 */

/* A non-empty destination: [1] long, [2] ptr -> 1, [3] struct other. */
static struct btfx *make_dst(const struct btfx_new_opts *o)
{
	struct btfx *btf = btfx_new_opts(o);
	uint32_t s = btfx_start_id(btf);

	ck_assert_ptr_nonnull(btf);
	ck_assert_int_eq(btfx_add_int(btf, "long", 8, BTFX_INT_SIGNED), (int)s);
	ck_assert_int_eq(btfx_add_ptr(btf, s), (int)s + 1);
	ck_assert_int_eq(btfx_add_struct(btf, "other", 8), (int)s + 2);
	ck_assert_int_eq(btfx_append_member(btf, "p", s + 1, 0, 0), 0);
	ck_assert_int_gt(btfx_add_str(btf, "a string of its own"), 0);
	return btf;
}

/* A copy of btf made by loading its blob (over the same base). */
static struct btfx *clone(struct btfx *btf)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .base = btfx_base(btf) };
	struct btfx *c = btfx_new_opts(&o);
	const void *raw;
	size_t size;

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw, &size), 0);
	ck_assert_msg(btfx_load(c, raw, size, NULL) == 0, "%s", btfx_errmsg(c));
	return c;
}

struct shift {
	uint32_t from; /* ids from here move */
	uint32_t by;
};

static int shift_id(void *ctx, uint32_t *field)
{
	const struct shift *sh = ctx;

	if (*field >= sh->from)
		*field += sh->by;
	return 0;
}

/*
 * What add_btf(dst, src) should give, made another way: each record copied
 * with btfx_add_type_copy() (strings re-added, ids kept), then its ids
 * shifted with btfx_visit_type_ids().
 */
static struct btfx *expected_add(struct btfx *dst, const struct btfx *src)
{
	struct btfx *exp = clone(dst);
	struct shift sh = { btfx_start_id(src), btfx_type_cnt(dst) - btfx_start_id(src) };
	uint32_t id;
	int nid;

	for (id = btfx_start_id(src); id < btfx_type_cnt(src); id++) {
		nid = btfx_add_type_copy(exp, src, id);
		ck_assert_msg(nid == (int)(id + sh.by), "copy [%u]: %d %s", id, nid,
			      btfx_errmsg(exp));
		ck_assert_int_ge(btfx_visit_type_ids(exp, (uint32_t)nid, shift_id, &sh), 0);
	}
	return exp;
}

/* a and b hold the same types and strings, byte for byte. */
static void assert_same(struct btfx *a, struct btfx *b)
{
	struct snap s;

	snap_take(&s, a);
	snap_check(&s, b);
}

static void check_add(struct btfx *dst, const struct btfx *src)
{
	struct btfx *exp = expected_add(dst, src);
	uint32_t cnt = btfx_type_cnt(dst);

	ck_assert_int_eq(btfx_add_btf(dst, src), (int)cnt);
	ck_assert_uint_eq(btfx_type_cnt(dst), cnt + btfx_type_cnt(src) - btfx_start_id(src));
	assert_same(exp, dst);
	btfx_free(exp);
}

START_TEST(test_btfx_add_btf_built)
{
	struct btfx *src = make_built(), *dst = make_dst(NULL);
	char *line;

	check_add(dst, src);
	/* [2] PTR -> 3 of src is [5] PTR -> 6 here; [3] struct pair is [6]. */
	line = tu_dump(dst);
	ck_assert_ptr_nonnull(strstr(line, "[5] PTR '(anon)' type_id=6\n"));
	ck_assert_ptr_nonnull(strstr(line, "[6] STRUCT 'pair' size=16 vlen=2\n"
					   "\t'a' type_id=4 bits_offset=0\n"
					   "\t'next' type_id=5 bits_offset=64\n"));
	ck_assert_ptr_nonnull(strstr(line, "[15] DECL_TAG 'tag' type_id=9 component_idx=-1\n"));
	free(line);
	/* Into an empty object, it is the source again. */
	btfx_free(dst);
	dst = btfx_new();
	ck_assert_int_eq(btfx_add_btf(dst, src), 1);
	assert_same(src, dst);
	btfx_free(dst);
	btfx_free(src);
}
END_TEST

START_TEST(test_btfx_add_btf_file)
{
	struct btfx *src = btfx_new(), *dst = make_dst(NULL);
	uint32_t strs = btfx_str_sec_len(dst);

	ck_assert_ptr_nonnull(src);
	ck_assert_int_eq(btfx_load_file(src, tu_data_path("types.bpfel.btf"), NULL), 0);
	ck_assert_uint_gt(btfx_type_cnt(src), 20);
	check_add(dst, src);
	ck_assert_uint_gt(btfx_str_sec_len(dst), strs);
	/* Twice: strings are shared, the types come again. */
	strs = btfx_str_sec_len(dst);
	check_add(dst, src);
	ck_assert_uint_eq(btfx_str_sec_len(dst), strs);
	btfx_free(dst);
	btfx_free(src);
}
END_TEST

/* An object appended to itself holds its types twice. */
START_TEST(test_btfx_add_btf_self)
{
	struct btfx *btf = make_built(), *src = clone(btf), *exp = clone(btf);

	ck_assert_int_eq(btfx_add_btf(exp, src), 14);
	ck_assert_int_eq(btfx_add_btf(btf, btf), 14);
	assert_same(exp, btf);
	btfx_free(btf);
	btfx_free(src);
	btfx_free(exp);
}
END_TEST

START_TEST(test_btfx_add_btf_id_map)
{
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx *base = make_built(), *src, *dst;
	struct btfx_add_btf_opts o = { .sz = sizeof(o) };
	uint32_t map[32], i;

	/* src split over base: [14] ptr -> 3 (the base's), [15] ptr -> 14. */
	no.base = base;
	src = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(src);
	ck_assert_int_eq(btfx_add_ptr(src, 3), 14);
	ck_assert_int_eq(btfx_add_ptr(src, 14), 15);
	ck_assert_int_eq(btfx_add_typedef(src, "split_name", 15), 16);
	dst = make_dst(&no); /* [14] long, [15] ptr, [16] struct other */
	for (i = 0; i < 32; i++)
		map[i] = 0xdead;
	o.id_map = map;
	o.id_map_cnt = 17;
	ck_assert_int_eq(btfx_add_btf_opts(dst, src, &o), 17);
	for (i = 0; i < 14; i++)
		ck_assert_uint_eq(map[i], i);
	ck_assert_uint_eq(map[14], 17);
	ck_assert_uint_eq(map[15], 18);
	ck_assert_uint_eq(map[16], 19);
	ck_assert_uint_eq(map[17], 0xdead);
	/* Base ids and strings stay the base's. */
	ck_assert_uint_eq(btfx_type_by_id(dst, 17)->type, 3);
	ck_assert_uint_eq(btfx_type_by_id(dst, 18)->type, 17);
	ck_assert_uint_eq(btfx_type_by_id(dst, 19)->type, 18);
	ck_assert_str_eq(btfx_name_by_id(dst, 19), "split_name");
	ck_assert_int_eq(btfx_find_by_name_kind(dst, "split_name", BTFX_KIND_TYPEDEF), 19);
	btfx_free(dst);
	btfx_free(src);
	btfx_free(base);
}
END_TEST

START_TEST(test_btfx_add_btf_bad_args)
{
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx *base = make_built(), *other = make_built(), *src, *dst = make_dst(NULL);
	struct btfx_add_btf_opts o = { .sz = sizeof(o) };
	uint32_t map[16];
	struct snap s;

	no.base = base;
	src = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(src);
	ck_assert_int_eq(btfx_add_ptr(src, 3), 14);
	snap_take(&s, dst);
	ck_assert_int_eq(btfx_add_btf(dst, NULL), -EINVAL);
	/* Split over a base dst does not have. */
	ck_assert_int_eq(btfx_add_btf(dst, src), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(dst), "base"));
	/* A map too small for the source's ids, or NULL. */
	o.id_map = map;
	o.id_map_cnt = 13;
	ck_assert_int_eq(btfx_add_btf_opts(dst, other, &o), -EINVAL);
	o.id_map = NULL;
	o.id_map_cnt = 14;
	ck_assert_int_eq(btfx_add_btf_opts(dst, other, &o), -EINVAL);
	o.id_map = map;
	o.flags = 1;
	ck_assert_int_eq(btfx_add_btf_opts(dst, other, &o), -EINVAL);
	o.flags = 0;
	o.sz = 4;
	ck_assert_int_eq(btfx_add_btf_opts(dst, other, &o), -EINVAL);
	snap_check(&s, dst);
	/* A short sz is fine: no map then. */
	o.sz = offsetof(struct btfx_add_btf_opts, id_map);
	ck_assert_int_eq(btfx_add_btf_opts(dst, other, &o), 4);
	btfx_free(dst);
	btfx_free(src);
	btfx_free(other);
	btfx_free(base);
}
END_TEST

/* An empty source adds nothing and says where the next type would go. */
START_TEST(test_btfx_add_btf_empty_source)
{
	struct btfx *src = btfx_new(), *dst = make_dst(NULL);
	struct btfx_add_btf_opts o = { .sz = sizeof(o) };
	uint32_t map[1] = { 7 };
	struct snap s;

	snap_take(&s, dst);
	o.id_map = map;
	o.id_map_cnt = 1;
	ck_assert_int_eq(btfx_add_btf_opts(dst, src, &o), 4);
	ck_assert_uint_eq(map[0], 0);
	snap_check(&s, dst);
	btfx_free(dst);
	btfx_free(src);
}
END_TEST

START_TEST(test_btfx_add_btf_unknown_kind)
{
	struct btfx *src = load_kind25(), *dst = make_dst(NULL);
	struct snap s;

	snap_take(&s, dst);
	ck_assert_int_eq(btfx_add_btf(dst, src), -ENOTSUP);
	ck_assert_str_eq(btfx_errmsg(dst), "add_btf: source [2] is of unknown kind 25");
	snap_check(&s, dst);
	btfx_free(dst);
	btfx_free(src);
}
END_TEST

/* Out of memory at every allocation: dst identical, nothing leaked. */
START_TEST(test_btfx_add_btf_oom)
{
	struct btfx *src = btfx_new();
	struct tu_failalloc fa;
	struct btfx_allocator a;
	struct btfx_new_opts o = { .sz = sizeof(o), .allocator = &a };
	long n;
	int r = -ENOMEM, loaded;

	ck_assert_int_eq(btfx_load_file(src, tu_data_path("types.bpfel.btf"), NULL), 0);
	for (loaded = 0; loaded < 2; loaded++) {
		r = -ENOMEM;
		for (n = 1; r == -ENOMEM; n++) {
			struct btfx *dst, *tmp;
			struct snap s;

			tu_failalloc_init(&fa, &a, 0);
			tmp = make_dst(&o);
			dst = tmp;
			if (loaded) {
				/* Loaded: own buffers to copy, no string index yet. */
				const void *raw;
				size_t size;

				dst = btfx_new_opts(&o);
				ck_assert_ptr_nonnull(dst);
				ck_assert_int_eq(btfx_raw_data(tmp, NULL, &raw, &size), 0);
				ck_assert_int_eq(btfx_load(dst, raw, size, NULL), 0);
				btfx_free(tmp);
			}
			snap_take(&s, dst);
			fa.calls = 0;
			fa.fail_at = n;
			r = btfx_add_btf(dst, src);
			fa.fail_at = 0;
			if (r == -ENOMEM) {
				snap_check(&s, dst);
				ck_assert_int_eq(btfx_add_btf(dst, src), 4);
			} else {
				ck_assert_int_eq(r, 4);
				free(s.dump);
				free(s.raw);
			}
			btfx_free(dst);
			ck_assert_int_eq(fa.live, 0);
		}
		ck_assert_int_gt(n, 3);
	}
	btfx_free(src);
}
END_TEST

static Suite *copy_suite(void)
{
	Suite *s = suite_create("copy");
	TCase *tv = tcase_create("visit");
	TCase *ta = tcase_create("add_btf");

	tcase_add_test(tv, test_btfx_visit_type_ids_every_kind);
	tcase_add_test(tv, test_btfx_visit_str_offs_every_kind);
	tcase_add_test(tv, test_btfx_visit_type_ids_changes_record);
	tcase_add_test(tv, test_btfx_visit_type_ids_unchanged_on_error);
	tcase_add_test(tv, test_btfx_visit_type_ids_bad_args);
	tcase_add_test(tv, test_btfx_for_each_type_id_stops);
	tcase_add_test(tv, test_btfx_visit_str_offs_renames);
	tcase_add_test(tv, test_btfx_visit_str_offs_unchanged_on_error);
	tcase_add_test(tv, test_btfx_visit_type_ids_loaded_borrowed);
	tcase_add_test(tv, test_btfx_visit_type_ids_oom);
	tcase_add_test(tv, test_btfx_visit_type_ids_unknown_kind);
	suite_add_tcase(s, tv);

	tcase_add_test(ta, test_btfx_add_btf_built);
	tcase_add_test(ta, test_btfx_add_btf_file);
	tcase_add_test(ta, test_btfx_add_btf_self);
	tcase_add_test(ta, test_btfx_add_btf_id_map);
	tcase_add_test(ta, test_btfx_add_btf_bad_args);
	tcase_add_test(ta, test_btfx_add_btf_empty_source);
	tcase_add_test(ta, test_btfx_add_btf_unknown_kind);
	tcase_add_test(ta, test_btfx_add_btf_oom);
	suite_add_tcase(s, ta);
	return s;
}

int main(void)
{
	return tu_run(copy_suite());
}
