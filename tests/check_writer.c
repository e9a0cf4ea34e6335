// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_writer.c - btfx_raw_size(), btfx_write_mem(), btfx_raw_data() and
 * btfx_write_file(), btfx_write() through every sink: round trips in every byte order, the layout header,
 * short buffers, bad opts, atomic files, the cached blob, and the running
 * kernel's BTF written back byte for byte.
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"
#include "testutil.h"

static const struct btfx_write_opts o_native = { .sz = sizeof(o_native),
						 .endian = BTFX_ENDIAN_NATIVE };
static const struct btfx_write_opts o_little = { .sz = sizeof(o_little),
						 .endian = BTFX_ENDIAN_LITTLE };
static const struct btfx_write_opts o_big = { .sz = sizeof(o_big), .endian = BTFX_ENDIAN_BIG };
static const struct btfx_write_opts o_source = { .sz = sizeof(o_source),
						 .endian = BTFX_ENDIAN_SOURCE };

/* A u32 at off of a blob in the given byte order. */
static uint32_t get32(const void *blob, size_t off, int big)
{
	const uint8_t *p = (const uint8_t *)blob + off;

	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int blob_is_big(const void *blob)
{
	const uint8_t *p = blob;

	ck_assert((p[0] == 0xeb && p[1] == 0x9f) || (p[0] == 0x9f && p[1] == 0xeb));
	return p[0] == 0xeb;
}

static uint8_t *read_whole(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *p = malloc(cap);

	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	ck_assert_ptr_nonnull(p);
	while ((got = fread(p + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			p = realloc(p, cap);
			ck_assert_ptr_nonnull(p);
		}
	}
	fclose(fp);
	*len = n;
	return p;
}

static struct btfx *load_mem(const void *data, size_t size)
{
	struct btfx *btf = btfx_new();
	int r;

	ck_assert_ptr_nonnull(btf);
	r = btfx_load(btf, data, size, NULL);
	ck_assert_msg(r == 0, "load: %d %s", r, btfx_errmsg(btf));
	return btf;
}

static struct btfx *load_path(const char *path)
{
	struct btfx *btf = btfx_new();
	int r;

	ck_assert_ptr_nonnull(btf);
	r = btfx_load_file(btf, path, NULL);
	ck_assert_msg(r == 0, "%s: %d %s", path, r, btfx_errmsg(btf));
	return btf;
}

/* A small built object with most kinds. */
static struct btfx *make_built(void)
{
	struct btfx *btf = btfx_new();
	int i, s, p;

	ck_assert_ptr_nonnull(btf);
	i = btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED);
	ck_assert_int_eq(i, 1);
	p = btfx_add_ptr(btf, (uint32_t)i);
	ck_assert_int_gt(p, 0);
	s = btfx_add_struct(btf, "pair", 16);
	ck_assert_int_gt(s, 0);
	ck_assert_int_eq(btfx_append_member(btf, "a", (uint32_t)i, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "next", (uint32_t)p, 64, 0), 0);
	ck_assert_int_gt(btfx_add_enum(btf, "color", 4, 0), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "RED", 0), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "BLUE", 7), 0);
	ck_assert_int_gt(btfx_add_typedef(btf, "pair_t", (uint32_t)s), 0);
	ck_assert_int_gt(btfx_add_array(btf, (uint32_t)i, (uint32_t)i, 3), 0);
	ck_assert_int_gt(btfx_add_func_proto(btf, (uint32_t)i), 0);
	ck_assert_int_eq(btfx_append_param(btf, "x", (uint32_t)i), 0);
	ck_assert_int_gt(btfx_add_float(btf, "double", 8), 0);
	ck_assert_int_gt(btfx_add_enum64(btf, "big", 8, 0), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "HUGE", (int64_t)0x123456789), 0);
	return btf;
}

/* The own type section and string section of a, b are byte-identical. */
static void assert_same_sections(struct btfx *a, struct btfx *b)
{
	/* With the layout section: it holds kinds libbtfx does not know too. */
	struct btfx_write_opts o = { .sz = sizeof(o), .flags = BTFX_WRITE_LAYOUT };
	const void *ra, *rb;
	size_t la, lb;

	ck_assert_uint_eq(btfx_type_cnt(a), btfx_type_cnt(b));
	ck_assert_uint_eq(btfx_type_sec_len(a), btfx_type_sec_len(b));
	ck_assert_uint_eq(btfx_str_sec_len(a), btfx_str_sec_len(b));
	ck_assert_int_eq(btfx_raw_data(a, &o, &ra, &la), 0);
	ck_assert_int_eq(btfx_raw_data(b, &o, &rb, &lb), 0);
	ck_assert_uint_eq(la, lb);
	ck_assert_mem_eq(ra, rb, la);
}

/* Check the classic header of a blob: sections back to back. */
static void check_classic_header(const void *blob, size_t size, const struct btfx *btf)
{
	int big = blob_is_big(blob);
	const uint8_t *p = blob;

	ck_assert_uint_eq(p[2], BTFX_VERSION);
	ck_assert_uint_eq(p[3], 0);
	ck_assert_uint_eq(get32(blob, 4, big), BTFX_HDR_LEN_CLASSIC);
	ck_assert_uint_eq(get32(blob, 8, big), 0);
	ck_assert_uint_eq(get32(blob, 12, big), btfx_type_sec_len(btf));
	ck_assert_uint_eq(get32(blob, 16, big), btfx_type_sec_len(btf));
	ck_assert_uint_eq(get32(blob, 20, big), btfx_str_sec_len(btf));
	ck_assert_uint_eq(size, 24u + btfx_type_sec_len(btf) + btfx_str_sec_len(btf));
}

/*
 * ---------------------------------------------------------------------------
 * Round trips
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_raw_data_native_round_trip_file)
{
	size_t flen, size;
	uint8_t *file = read_whole(tu_data_path("sample.btf"), &flen);
	struct btfx *a = load_mem(file, flen), *b;
	const void *raw;

	ck_assert_int_eq(btfx_raw_data(a, NULL, &raw, &size), 0);
	check_classic_header(raw, size, a);
	/* pahole writes the classic layout: the output is the input. */
	ck_assert_uint_eq(size, flen);
	ck_assert_mem_eq(raw, file, flen);
	b = load_mem(raw, size);
	assert_same_sections(a, b);
	btfx_free(a);
	btfx_free(b);
	free(file);
}
END_TEST

START_TEST(test_btfx_write_mem_round_trip_built)
{
	struct btfx *a = make_built(), *b;
	size_t size;
	uint8_t *buf;
	char *da, *db;

	ck_assert_int_eq(btfx_raw_size(a, NULL, &size), 0);
	buf = malloc(size);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(btfx_write_mem(a, buf, size, NULL), (int)size);
	check_classic_header(buf, size, a);
	ck_assert_int_eq(blob_is_big(buf), __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	/* The sections are the object's, byte for byte. */
	ck_assert_mem_eq(buf + 24, btfx_type_by_id(a, 1), btfx_type_sec_len(a));
	ck_assert_mem_eq(buf + 24 + btfx_type_sec_len(a), btfx_str_by_offset(a, 0), btfx_str_sec_len(a));
	b = load_mem(buf, size);
	assert_same_sections(a, b);
	da = tu_dump(a);
	db = tu_dump(b);
	ck_assert_str_eq(da, db);
	free(da);
	free(db);
	btfx_free(a);
	btfx_free(b);
	free(buf);
}
END_TEST

/* An object with no types writes a header and "" and loads back. */
START_TEST(test_btfx_write_mem_empty_object)
{
	struct btfx *a = btfx_new(), *b;
	const struct btfx_write_opts *opts[2] = { &o_little, &o_big };
	const void *raw;
	size_t size;
	int i, r;

	ck_assert_ptr_nonnull(a);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(btfx_raw_data(a, opts[i], &raw, &size), 0);
		ck_assert_uint_eq(size, 25);
		check_classic_header(raw, size, a);
		b = btfx_new();
		r = btfx_load(b, raw, size, NULL);
		ck_assert_msg(r == 0, "%s: %d %s", i ? "big" : "little", r, btfx_errmsg(b));
		ck_assert_uint_eq(btfx_type_cnt(b), 1);
		ck_assert_uint_eq(btfx_str_sec_len(b), 1);
		btfx_free(b);
	}
	btfx_free(a);
}
END_TEST

/* BIG and LITTLE both load back to the same host-order types. */
static void check_both_orders(struct btfx *a)
{
	const struct btfx_write_opts *opts[2] = { &o_little, &o_big };
	char *da = tu_dump(a), *db;
	struct btfx *b;
	size_t size;
	uint8_t *buf;
	int i;

	ck_assert_ptr_nonnull(da);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(btfx_raw_size(a, opts[i], &size), 0);
		buf = malloc(size);
		ck_assert_ptr_nonnull(buf);
		ck_assert_int_eq(btfx_write_mem(a, buf, size, opts[i]), (int)size);
		ck_assert_int_eq(blob_is_big(buf), i);
		check_classic_header(buf, size, a);
		/* The first record's info word, in the wire order. */
		ck_assert_uint_eq(get32(buf, 24 + 4, i), btfx_type_by_id(a, 1)->info);
		b = load_mem(buf, size);
		ck_assert_int_eq(btfx_is_big_endian(b), i);
		assert_same_sections(a, b);
		db = tu_dump(b);
		ck_assert_str_eq(da, db);
		free(db);
		btfx_free(b);
		free(buf);
	}
	free(da);
}

START_TEST(test_btfx_write_mem_big_and_little_built)
{
	struct btfx *a = make_built();

	check_both_orders(a);
	btfx_free(a);
}
END_TEST

START_TEST(test_btfx_write_mem_big_and_little_file)
{
	struct btfx *a = load_path(tu_data_path("sample.btf"));

	check_both_orders(a);
	btfx_free(a);
	a = load_path(tu_data_path("types.bpfeb.btf"));
	check_both_orders(a);
	btfx_free(a);
}
END_TEST

/* ENDIAN_SOURCE writes a loaded blob back in the order it came in. */
static void check_source_order(const char *name, int big)
{
	size_t flen, size;
	uint8_t *file = read_whole(tu_data_path(name), &flen);
	struct btfx *a = load_path(tu_data_path(name));
	const void *raw;

	ck_assert_int_eq(btfx_is_big_endian(a), big);
	ck_assert_int_eq(btfx_raw_data(a, &o_source, &raw, &size), 0);
	ck_assert_int_eq(blob_is_big(raw), big);
	ck_assert_uint_eq(size, flen);
	ck_assert_mem_eq(raw, file, flen);
	/* The same through the explicit order. */
	ck_assert_int_eq(btfx_raw_data(a, big ? &o_big : &o_little, &raw, &size), 0);
	ck_assert_mem_eq(raw, file, flen);
	btfx_free(a);
	free(file);
}

START_TEST(test_btfx_raw_data_source_order_big)
{
	check_source_order("types.bpfeb.btf", 1);
}
END_TEST

START_TEST(test_btfx_raw_data_source_order_little)
{
	check_source_order("types.bpfel.btf", 0);
}
END_TEST

/* ENDIAN_SOURCE of a built object is the host's order. */
START_TEST(test_btfx_raw_data_source_order_built)
{
	struct btfx *a = make_built();
	const void *raw;
	size_t size;

	ck_assert_int_eq(btfx_raw_data(a, &o_source, &raw, &size), 0);
	ck_assert_int_eq(blob_is_big(raw), __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	btfx_free(a);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * The layout header
 * ---------------------------------------------------------------------------
 */

static void check_layout_blob(struct btfx *a, const struct btfx_write_opts *base_opts,
			      uint32_t nkinds)
{
	struct btfx_write_opts o = *base_opts;
	uint32_t type_len = btfx_type_sec_len(a), lo, ll, so;
	const uint8_t *lay;
	struct btfx *b;
	size_t size;
	uint8_t *buf;
	int big;

	o.flags = BTFX_WRITE_LAYOUT;
	ck_assert_int_eq(btfx_raw_size(a, &o, &size), 0);
	buf = malloc(size);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(btfx_write_mem(a, buf, size, &o), (int)size);
	big = blob_is_big(buf);
	ck_assert_uint_eq(get32(buf, 4, big), BTFX_HDR_LEN_LAYOUT);
	ck_assert_uint_eq(get32(buf, 8, big), 0);
	ck_assert_uint_eq(get32(buf, 12, big), type_len);
	lo = get32(buf, 24, big);
	ll = get32(buf, 28, big);
	so = get32(buf, 16, big);
	ck_assert_uint_eq(lo % 4, 0);
	ck_assert_uint_eq(lo, type_len);
	ck_assert_uint_eq(ll, nkinds * 4);
	ck_assert_uint_eq(so, lo + ll);
	ck_assert_uint_eq(get32(buf, 20, big), btfx_str_sec_len(a));
	ck_assert_uint_eq(size, 32u + so + btfx_str_sec_len(a));
	/* One record per kind: kind 0 empty, then the known sizes. */
	lay = buf + 32 + lo;
	ck_assert_uint_eq(get32(lay, 0, big), 0);
	ck_assert_uint_eq(lay[4 * BTFX_KIND_INT], 4);
	ck_assert_uint_eq(lay[4 * BTFX_KIND_INT + 1], 0);
	ck_assert_uint_eq(lay[4 * BTFX_KIND_STRUCT], 0);
	ck_assert_uint_eq(lay[4 * BTFX_KIND_STRUCT + 1], 12);
	ck_assert_uint_eq(lay[4 * BTFX_KIND_ENUM + 1], 8);
	ck_assert_uint_eq(lay[4 * BTFX_KIND_ARRAY], 12);
	ck_assert_uint_eq(lay[4 * BTFX_KIND_FUNC_PROTO + 1], 8);
	ck_assert_uint_eq(lay[4 * BTFX_KIND_ENUM64 + 1], 12);
	ck_assert_uint_eq(get32(lay, 4 * BTFX_KIND_PTR, big), 0);
	b = load_mem(buf, size);
	assert_same_sections(a, b);
	ck_assert_int_eq(btfx_is_big_endian(b), big);
	btfx_free(b);
	free(buf);
}

START_TEST(test_btfx_write_mem_layout)
{
	struct btfx *a = make_built();

	check_layout_blob(a, &o_native, BTFX_NR_KINDS);
	check_layout_blob(a, &o_big, BTFX_NR_KINDS);
	check_layout_blob(a, &o_little, BTFX_NR_KINDS);
	btfx_free(a);
	a = load_path(tu_data_path("sample.btf"));
	check_layout_blob(a, &o_native, BTFX_NR_KINDS);
	btfx_free(a);
}
END_TEST

START_TEST(test_btfx_write_mem_unknown_kind_needs_layout)
{
	struct btfx_write_opts o = { .sz = sizeof(o), .endian = BTFX_ENDIAN_BIG };
	uint8_t in[512], out[512];
	size_t len = tu_kind25_blob(in);
	struct btfx *a = load_mem(in, len), *b;
	const struct btfx_type *t;
	int n, big;

	ck_assert_uint_eq(btfx_kind(btfx_type_by_id(a, 2)), 25);
	ck_assert_int_eq(btfx_write_mem(a, out, sizeof(out), NULL), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "BTFX_WRITE_LAYOUT"));
	ck_assert_int_eq(btfx_write_mem(a, out, sizeof(out), &o), -ENOTSUP);
	for (big = 0; big < 2; big++) {
		o.endian = big ? BTFX_ENDIAN_BIG : BTFX_ENDIAN_LITTLE;
		o.flags = BTFX_WRITE_LAYOUT;
		n = btfx_write_mem(a, out, sizeof(out), &o);
		if (big != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)) {
			/* Swapping a record of unknown shape would garble it. */
			ck_assert_int_eq(n, -ENOTSUP);
			ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "byte order"));
			continue;
		}
		ck_assert_int_gt(n, 0);
		ck_assert_uint_eq(get32(out, 28, big), 26 * 4);
		ck_assert_uint_eq(out[32 + get32(out, 24, big) + 4 * 25], 4);
		ck_assert_uint_eq(out[32 + get32(out, 24, big) + 4 * 25 + 1], 8);
		b = load_mem(out, (size_t)n);
		t = btfx_type_by_id(b, 2);
		ck_assert_uint_eq(btfx_kind(t), 25);
		ck_assert_uint_eq(btfx_kflag(t), 1);
		ck_assert_uint_eq(((const uint32_t *)(t + 1))[0], 0x1234);
		ck_assert_uint_eq(((const uint32_t *)(t + 1))[2], 6);
		assert_same_sections(a, b);
		btfx_free(b);
	}
	/* A layout of 26 kinds with no record of kind 25 writes classic. */
	{
		uint8_t in2[512];
		size_t len2 = tu_kind25_blob(in2);
		uint32_t type_len = 16, str_len = 5;
		struct btfx *c;

		memcpy(in2 + 12, &type_len, 4);           /* only [1] INT */
		memcpy(in2 + 24, &type_len, 4);           /* layout right after it */
		memmove(in2 + 32 + 16, in2 + 32 + 40, len2 - 72);
		type_len = 16 + 26 * 4;
		memcpy(in2 + 16, &type_len, 4);
		memcpy(in2 + 20, &str_len, 4);
		c = load_mem(in2, len2 - 24);
		ck_assert_uint_eq(btfx_type_cnt(c), 2);
		ck_assert_int_eq(btfx_write_mem(c, out, sizeof(out), NULL), 24 + 16 + 5);
		btfx_free(c);
	}
	/* Native with the layout is the input, byte for byte (on LE hosts). */
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
		o.endian = BTFX_ENDIAN_NATIVE;
		ck_assert_int_eq(btfx_write_mem(a, out, sizeof(out), &o), (int)len);
		ck_assert_mem_eq(out, in, len);
	}
	btfx_free(a);
}
END_TEST

/*
 * Bug 3 of issue 7: a record of a kind libbtfx does not know was swapped
 * word by word.  Its layout says 4 info bytes and 8-byte elements, not
 * which of them are 32-bit words: a big-endian write must be refused, in
 * every way of asking for it, and leave the object writable natively.
 */
START_TEST(test_btfx_write_mem_unknown_kind_not_swapped)
{
	struct btfx_write_opts o = { .sz = sizeof(o), .flags = BTFX_WRITE_LAYOUT };
	int host_big = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
	uint8_t in[512], out[512];
	size_t len = tu_kind25_blob(in), size;
	struct btfx *a = load_mem(in, len);
	const void *raw;

	o.endian = host_big ? BTFX_ENDIAN_LITTLE : BTFX_ENDIAN_BIG;
	ck_assert_int_eq(btfx_write_mem(a, out, sizeof(out), &o), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "unknown to libbtfx"));
	ck_assert_int_eq(btfx_raw_data(a, &o, &raw, &size), -ENOTSUP);
	ck_assert_int_eq(btfx_raw_size(a, &o, &size), -ENOTSUP);
	ck_assert_int_eq(btfx_write_file(a, "/nonexistent/never", &o), -ENOTSUP);
	/* The order it is held in (native, and the source's) is fine. */
	o.endian = BTFX_ENDIAN_SOURCE;
	ck_assert_int_eq(btfx_write_mem(a, out, sizeof(out), &o), (int)len);
	ck_assert_mem_eq(out, in, len);
	o.endian = BTFX_ENDIAN_NATIVE;
	ck_assert_int_eq(btfx_raw_data(a, &o, &raw, &size), 0);
	ck_assert_uint_eq(size, len);
	btfx_free(a);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_write_mem_short_buffer)
{
	struct btfx *a = make_built();
	size_t size, i;
	uint8_t *buf;

	ck_assert_int_eq(btfx_raw_size(a, NULL, &size), 0);
	buf = malloc(size);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 0xa5, size);
	ck_assert_int_eq(btfx_write_mem(a, buf, size - 1, NULL), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "buffer"));
	for (i = 0; i < size; i++)
		ck_assert_uint_eq(buf[i], 0xa5);
	ck_assert_int_eq(btfx_write_mem(a, buf, 0, NULL), -ENOSPC);
	ck_assert_int_eq(btfx_write_mem(a, NULL, size, NULL), -ENOSPC);
	ck_assert_int_eq(btfx_write_mem(a, buf, 24, &o_big), -ENOSPC);
	/* The layout header needs more room than the classic one. */
	{
		struct btfx_write_opts o = { .sz = sizeof(o), .flags = BTFX_WRITE_LAYOUT };

		ck_assert_int_eq(btfx_write_mem(a, buf, size, &o), -ENOSPC);
	}
	ck_assert_int_eq(btfx_write_mem(a, buf, size, NULL), (int)size);
	btfx_free(a);
	free(buf);
}
END_TEST

struct long_write_opts {
	struct btfx_write_opts o;
	uint64_t future;
};

/* Every writer rejects opts with -EINVAL and a message. */
static void expect_bad_opts(struct btfx *a, const struct btfx_write_opts *o, const char *dir)
{
	uint8_t buf[4096];
	const void *raw;
	size_t size = 12345;
	char path[4200];

	ck_assert_int_eq(btfx_raw_size(a, o, &size), -EINVAL);
	ck_assert_uint_eq(size, 12345);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "write: bad"));
	ck_assert_int_eq(btfx_write_mem(a, buf, sizeof(buf), o), -EINVAL);
	ck_assert_int_eq(btfx_raw_data(a, o, &raw, &size), -EINVAL);
	snprintf(path, sizeof(path), "%s/out.btf", dir);
	ck_assert_int_eq(btfx_write_file(a, path, o), -EINVAL);
	ck_assert_int_eq(access(path, F_OK), -1);
}


START_TEST(test_btfx_write_mem_bad_opts)
{
	struct btfx *a = make_built();
	struct btfx_write_opts o;
	struct long_write_opts lo;
	char *dir = tu_tmpdir();
	char names[256];

	memset(&o, 0, sizeof(o));
	o.sz = sizeof(size_t) - 1;
	expect_bad_opts(a, &o, dir);
	o.sz = 0;
	expect_bad_opts(a, &o, dir);
	o.sz = sizeof(o);
	o.endian = BTFX_ENDIAN_SOURCE + 1;
	expect_bad_opts(a, &o, dir);
	o.endian = 0xffffffffu;
	expect_bad_opts(a, &o, dir);
	o.endian = 0;
	o.flags = 1u << 1;
	expect_bad_opts(a, &o, dir);
	o.flags = 0x80000000u;
	expect_bad_opts(a, &o, dir);
	memset(&lo, 0, sizeof(lo));
	lo.o.sz = sizeof(lo);
	lo.future = 1;
	expect_bad_opts(a, &lo.o, dir);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "");
	tu_rm_tmpdir(dir);
	btfx_free(a);
}
END_TEST

START_TEST(test_btfx_write_mem_opts_short_and_long)
{
	struct btfx *a = make_built();
	struct long_write_opts lo;
	struct btfx_write_opts o;
	size_t nsize, size;
	uint8_t nat[4096], buf[4096];

	ck_assert_int_eq(btfx_raw_size(a, NULL, &nsize), 0);
	ck_assert_int_eq(btfx_write_mem(a, nat, sizeof(nat), NULL), (int)nsize);
	/* Long, zero trailing bytes: the known fields are used. */
	memset(&lo, 0, sizeof(lo));
	lo.o.sz = sizeof(lo);
	lo.o.flags = BTFX_WRITE_LAYOUT;
	ck_assert_int_eq(btfx_raw_size(a, &lo.o, &size), 0);
	ck_assert_uint_eq(size, nsize + 8 + BTFX_NR_KINDS * 4);
	/* Short: only sz; the fields past it are not read. */
	memset(&o, 0, sizeof(o));
	o.sz = sizeof(size_t);
	o.endian = BTFX_ENDIAN_BIG;
	o.flags = 0xff;
	ck_assert_int_eq(btfx_write_mem(a, buf, sizeof(buf), &o), (int)nsize);
	ck_assert_mem_eq(buf, nat, nsize);
	/* sz covering endian only. */
	o.sz = offsetof(struct btfx_write_opts, flags);
	ck_assert_int_eq(btfx_write_mem(a, buf, sizeof(buf), &o), (int)nsize);
	ck_assert_int_eq(blob_is_big(buf), 1);
	btfx_free(a);
}
END_TEST

/* raw_size, write_mem and raw_data agree for every order and flag. */
START_TEST(test_btfx_raw_size_matches_writers)
{
	struct btfx *a = load_path(tu_data_path("sample.btf"));
	struct btfx_write_opts o = { .sz = sizeof(o) };
	static uint8_t buf[1 << 16];
	const void *raw;
	size_t size, rsize;

	for (o.endian = 0; o.endian <= BTFX_ENDIAN_SOURCE; o.endian++) {
		for (o.flags = 0; o.flags <= BTFX_WRITE_LAYOUT; o.flags++) {
			ck_assert_int_eq(btfx_raw_size(a, &o, &size), 0);
			ck_assert_int_eq(btfx_write_mem(a, buf, sizeof(buf), &o), (int)size);
			ck_assert_int_eq(btfx_raw_data(a, &o, &raw, &rsize), 0);
			ck_assert_uint_eq(rsize, size);
			ck_assert_mem_eq(raw, buf, size);
		}
	}
	btfx_free(a);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * The cached blob of btfx_raw_data()
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_raw_data_refreshed_after_builder)
{
	struct btfx *a = make_built(), *b;
	uint32_t cnt = btfx_type_cnt(a);
	const void *raw;
	size_t size1, size2;

	ck_assert_int_eq(btfx_raw_data(a, NULL, &raw, &size1), 0);
	ck_assert_int_gt(btfx_add_int(a, "u128", 16, 0), 0);
	ck_assert_int_eq(btfx_raw_data(a, NULL, &raw, &size2), 0);
	ck_assert_uint_eq(size2, size1 + 16 + sizeof("u128"));
	b = load_mem(raw, size2);
	ck_assert_uint_eq(btfx_type_cnt(b), cnt + 1);
	ck_assert_str_eq(btfx_name_by_id(b, cnt), "u128");
	btfx_free(b);
	/* A string alone changes the blob too. */
	ck_assert_int_gt(btfx_add_str(a, "just a string"), 0);
	ck_assert_int_eq(btfx_raw_data(a, NULL, &raw, &size1), 0);
	ck_assert_uint_eq(size1, size2 + sizeof("just a string"));
	b = load_mem(raw, size1);
	ck_assert_int_ge(btfx_find_str(b, "just a string"), 0);
	btfx_free(b);
	/* So does a member appended to the last type. */
	ck_assert_int_gt(btfx_add_struct(a, "s", 4), 0);
	ck_assert_int_eq(btfx_raw_data(a, NULL, &raw, &size2), 0);
	ck_assert_int_eq(btfx_append_member(a, "m", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_raw_data(a, NULL, &raw, &size1), 0);
	ck_assert_uint_eq(size1, size2 + 12 + sizeof("m"));
	b = load_mem(raw, size1);
	assert_same_sections(a, b);
	btfx_free(b);
	btfx_free(a);
}
END_TEST

/* The cache follows the requested order and flags. */
START_TEST(test_btfx_raw_data_cache_follows_opts)
{
	struct btfx_write_opts lay = { .sz = sizeof(lay), .flags = BTFX_WRITE_LAYOUT };
	struct btfx *a = make_built();
	const void *raw;
	size_t size, lsize;

	ck_assert_int_eq(btfx_raw_data(a, &o_little, &raw, &size), 0);
	ck_assert_int_eq(blob_is_big(raw), 0);
	ck_assert_int_eq(btfx_raw_data(a, &o_big, &raw, &size), 0);
	ck_assert_int_eq(blob_is_big(raw), 1);
	ck_assert_int_eq(btfx_raw_data(a, &o_little, &raw, &size), 0);
	ck_assert_int_eq(blob_is_big(raw), 0);
	ck_assert_uint_eq(get32(raw, 4, 0), 24);
	ck_assert_int_eq(btfx_raw_data(a, &lay, &raw, &lsize), 0);
	ck_assert_uint_eq(lsize, size + 8 + BTFX_NR_KINDS * 4);
	ck_assert_uint_eq(get32(raw, 4, blob_is_big(raw)), 32);
	ck_assert_int_eq(btfx_raw_data(a, NULL, &raw, &size), 0);
	ck_assert_uint_eq(get32(raw, 4, blob_is_big(raw)), 24);
	btfx_free(a);
}
END_TEST

/*
 * Bug 3 of issue 7: a call with other opts rewrote the blob a first call
 * had returned.  Each blob returned stays valid and unchanged, and is
 * returned again, until the object is modified.
 */
START_TEST(test_btfx_raw_data_keeps_returned_blobs)
{
	struct btfx_write_opts lay = { .sz = sizeof(lay), .flags = BTFX_WRITE_LAYOUT };
	struct btfx_write_opts lay_big = { .sz = sizeof(lay_big), .endian = BTFX_ENDIAN_BIG,
					   .flags = BTFX_WRITE_LAYOUT };
	struct btfx *a = make_built();
	const void *nat, *big, *l, *lb, *again;
	size_t nsize, bsize, lsize, lbsize, size;
	uint8_t *nat_copy, *big_copy;

	ck_assert_int_eq(btfx_raw_data(a, &o_native, &nat, &nsize), 0);
	nat_copy = malloc(nsize);
	ck_assert_ptr_nonnull(nat_copy);
	memcpy(nat_copy, nat, nsize);
	ck_assert_int_eq(btfx_raw_data(a, &o_big, &big, &bsize), 0);
	ck_assert_int_eq(blob_is_big(big), 1);
	big_copy = malloc(bsize);
	ck_assert_ptr_nonnull(big_copy);
	memcpy(big_copy, big, bsize);
	/* The first blob was not touched by the second call. */
	ck_assert_mem_eq(nat, nat_copy, nsize);
	ck_assert_int_eq(btfx_raw_data(a, &o_native, &again, &size), 0);
	ck_assert_ptr_eq(again, nat);
	ck_assert_uint_eq(size, nsize);
	ck_assert_mem_eq(nat, nat_copy, nsize);
	ck_assert_mem_eq(big, big_copy, bsize);
	/* The layout variants are blobs of their own too. */
	ck_assert_int_eq(btfx_raw_data(a, &lay, &l, &lsize), 0);
	ck_assert_int_eq(btfx_raw_data(a, &lay_big, &lb, &lbsize), 0);
	ck_assert_ptr_ne(l, nat);
	ck_assert_ptr_ne(lb, big);
	ck_assert_ptr_ne(l, lb);
	ck_assert_uint_eq(get32(l, 4, blob_is_big(l)), 32);
	ck_assert_uint_eq(get32(lb, 4, 1), 32);
	ck_assert_mem_eq(nat, nat_copy, nsize);
	ck_assert_mem_eq(big, big_copy, bsize);
	/* Little endian is native or big: one of the two blobs above. */
	ck_assert_int_eq(btfx_raw_data(a, &o_little, &again, &size), 0);
	ck_assert_ptr_eq(again, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? big : nat);
	/* A failing call leaves them too. */
	{
		struct btfx_write_opts bad = { .sz = sizeof(bad), .endian = 99 };

		ck_assert_int_eq(btfx_raw_data(a, &bad, &again, &size), -EINVAL);
	}
	ck_assert_mem_eq(nat, nat_copy, nsize);
	ck_assert_mem_eq(big, big_copy, bsize);
	free(nat_copy);
	free(big_copy);
	btfx_free(a);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Files
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_write_file_loads)
{
	struct btfx *a = load_path(tu_data_path("sample.btf")), *b;
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	const void *raw;
	size_t size, flen;
	uint8_t *file;

	snprintf(path, sizeof(path), "%s/out.btf", dir);
	ck_assert_int_eq(btfx_write_file(a, path, &o_big), 0);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "out.btf");
	file = read_whole(path, &flen);
	ck_assert_int_eq(btfx_raw_data(a, &o_big, &raw, &size), 0);
	ck_assert_uint_eq(flen, size);
	ck_assert_mem_eq(file, raw, size);
	b = load_path(path);
	ck_assert_int_eq(btfx_is_big_endian(b), 1);
	assert_same_sections(a, b);
	btfx_free(b);
	btfx_free(a);
	free(file);
	tu_rm_tmpdir(dir);
}
END_TEST

START_TEST(test_btfx_write_file_missing_directory)
{
	struct btfx *a = make_built();
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	int r;

	snprintf(path, sizeof(path), "%s/nope/out.btf", dir);
	r = btfx_write_file(a, path, NULL);
	ck_assert_int_eq(r, -ENOENT);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "nope"));
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "");
	ck_assert_int_eq(btfx_write_file(a, NULL, NULL), -EINVAL);
	tu_rm_tmpdir(dir);
	btfx_free(a);
}
END_TEST

/* The rename fails (the target is a non-empty directory): no temp file stays. */
START_TEST(test_btfx_write_file_rename_fails)
{
	struct btfx *a = make_built();
	char *dir = tu_tmpdir();
	char path[4200], inner[4300], names[256];
	FILE *fp;
	int r;

	snprintf(path, sizeof(path), "%s/out.btf", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(inner, sizeof(inner), "%s/keep", path);
	fp = fopen(inner, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	r = btfx_write_file(a, path, NULL);
	ck_assert_msg(r == -EISDIR || r == -ENOTEMPTY || r == -EEXIST, "got %d", r);
	/* The message names the output and the step that failed, and why. */
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), path));
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), ": rename from "));
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), strerror(-r)));
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "out.btf");
	tu_list_dir(path, names, sizeof(names));
	ck_assert_str_eq(names, "keep");
	unlink(inner);
	tu_rm_tmpdir(dir);
	btfx_free(a);
}
END_TEST

/* A device that is full: ENOSPC, and the message names it. */
START_TEST(test_btfx_write_file_dev_full)
{
	struct btfx *a = make_built();
	struct stat st;

	if (!stat("/dev/full", &st) && S_ISCHR(st.st_mode)) {
		ck_assert_int_eq(btfx_write_file(a, "/dev/full", NULL), -ENOSPC);
		ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "/dev/full: write: "));
		ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), strerror(ENOSPC)));
	}
	btfx_free(a);
}
END_TEST

START_TEST(test_btfx_write_file_replaces_existing)
{
	struct btfx *a = make_built();
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	const void *raw;
	size_t size, flen;
	uint8_t *file;
	FILE *fp;
	int i;

	snprintf(path, sizeof(path), "%s/out.btf", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < 10000; i++)
		fputs("old contents ", fp);
	fclose(fp);
	ck_assert_int_eq(btfx_write_file(a, path, NULL), 0);
	file = read_whole(path, &flen);
	ck_assert_int_eq(btfx_raw_data(a, NULL, &raw, &size), 0);
	ck_assert_uint_eq(flen, size);
	ck_assert_mem_eq(file, raw, size);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "out.btf");
	free(file);
	tu_rm_tmpdir(dir);
	btfx_free(a);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * btfx_write() through every sink
 * ---------------------------------------------------------------------------
 */

/* sample.btf and n more INTs with names of their own: types and strings past 64 KiB. */
static struct btfx *make_big(uint32_t n)
{
	struct btfx *btf = load_path(tu_data_path("sample.btf"));
	char name[32];
	uint32_t i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "int_number_%u", i);
		ck_assert_int_gt(btfx_add_int(btf, name, 1u << (i % 4), 0), 0);
	}
	return btf;
}


enum { S_MEM_GROW, S_MEM_FIXED, S_FD_FILE, S_FD_PIPE, S_STDIO, S_CB, S_CB_SEEK, S_PATH, S_GZIP,
       NR_SINKS };

static uint8_t *inflate_all(const uint8_t *gz, size_t gz_len, size_t want)
{
	uint8_t *out = malloc(want + 1);
	z_stream z;

	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)gz;
	z.avail_in = (uInt)gz_len;
	z.next_out = out;
	z.avail_out = (uInt)want + 1;
	ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	ck_assert_uint_eq(z.total_out, want);
	inflateEnd(&z);
	return out;
}

static void write_ok(struct btfx *btf, struct btfx_sink *s, const struct btfx_write_opts *o)
{
	int r = btfx_write(btf, s, o);

	ck_assert_msg(r == 0, "btfx_write: %d %s", r, btfx_errmsg(btf));
}

/* What btfx_write() sends through sink kind k; want bytes expected. NULL: k not possible here. */
static uint8_t *through(int k, struct btfx *btf, const struct btfx_write_opts *o, size_t want,
			const char *dir)
{
	struct tu_cbout c = { .max_take = k == S_CB ? 4093 : 0 };
	uint8_t *out = NULL;
	struct btfx_sink *s, *inner;
	char path[4200];
	size_t len;
	FILE *f;
	int fds[2];

	switch (k) {
	case S_MEM_GROW:
		s = btfx_sink_mem(NULL, 0, NULL);
		write_ok(btf, s, o);
		out = malloc(want + 1);
		ck_assert_uint_eq(btfx_sink_offset(s), want);
		memcpy(out, btfx_sink_mem_data(s, &len), want);
		ck_assert_uint_eq(len, want);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		return out;
	case S_MEM_FIXED:
		out = malloc(want + 1);
		s = btfx_sink_mem(out, want, NULL);
		write_ok(btf, s, o);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		return out;
	case S_FD_FILE:
	case S_STDIO:
		f = tmpfile();
		s = k == S_STDIO ? btfx_sink_stdio(f, NULL) : btfx_sink_fd(fileno(f), NULL);
		write_ok(btf, s, o);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		out = malloc(want + 1);
		ck_assert_int_eq(pread(fileno(f), out, want + 1, 0), (ssize_t)want);
		fclose(f);
		return out;
	case S_FD_PIPE:
		ck_assert_int_eq(pipe(fds), 0);
		if (want > 65536 && fcntl(fds[1], F_SETPIPE_SZ, (int)want) < (int)want) {
			close(fds[0]);
			close(fds[1]);
			return NULL;
		}
		s = btfx_sink_fd(fds[1], NULL);
		write_ok(btf, s, o);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		close(fds[1]);
		out = malloc(want + 1);
		for (len = 0; len < want;) {
			ssize_t n = read(fds[0], out + len, want + 1 - len);

			ck_assert_int_gt(n, 0);
			len += (size_t)n;
		}
		close(fds[0]);
		return out;
	case S_CB:
	case S_CB_SEEK:
		s = btfx_sink_callback(k == S_CB ? &tu_cbout_ops : &tu_cbout_seek_ops, &c, NULL);
		write_ok(btf, s, o);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		ck_assert_uint_eq(c.len, want);
		return c.buf;
	case S_PATH:
		snprintf(path, sizeof(path), "%s/out.btf", dir);
		s = btfx_sink_path(path, NULL);
		write_ok(btf, s, o);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		out = read_whole(path, &len);
		ck_assert_uint_eq(len, want);
		unlink(path);
		return out;
	default:
		inner = btfx_sink_callback(&tu_cbout_ops, &c, NULL);
		s = btfx_sink_gzip(inner, 1, NULL);
		write_ok(btf, s, o);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		ck_assert_int_eq(btfx_sink_close(inner), 0);
		out = inflate_all(c.buf, c.len, want);
		free(c.buf);
		return out;
	}
}

static void every_sink(struct btfx *btf)
{
	static const uint32_t endians[] = { BTFX_ENDIAN_NATIVE, BTFX_ENDIAN_LITTLE,
					    BTFX_ENDIAN_BIG, BTFX_ENDIAN_SOURCE };
	char *dir = tu_tmpdir(), names[256];
	unsigned int e, l;
	int k;

	for (e = 0; e < 4; e++) {
		for (l = 0; l < 2; l++) {
			struct btfx_write_opts o = { .sz = sizeof(o), .endian = endians[e],
						     .flags = l ? BTFX_WRITE_LAYOUT : 0 };
			size_t size;
			uint8_t *want, *got;

			ck_assert_int_eq(btfx_raw_size(btf, &o, &size), 0);
			want = malloc(size);
			ck_assert_int_eq(btfx_write_mem(btf, want, size, &o), (int)size);
			for (k = 0; k < NR_SINKS; k++) {
				got = through(k, btf, &o, size, dir);
				if (!got)
					continue;
				ck_assert_msg(!memcmp(got, want, size), "sink %d endian %u layout %u",
					      k, endians[e], l);
				free(got);
			}
			free(want);
		}
	}
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "");
	tu_rm_tmpdir(dir);
}

START_TEST(test_btfx_write_every_sink_small)
{
	struct btfx *a = load_path(tu_data_path("sample.btf"));
	struct btfx *b = load_path(tu_data_path("types.bpfeb.btf"));
	struct btfx *c = make_built();
	struct btfx *d = btfx_new();

	every_sink(a);
	every_sink(b);
	every_sink(c);
	every_sink(d);
	btfx_free(a);
	btfx_free(b);
	btfx_free(c);
	btfx_free(d);
}
END_TEST

START_TEST(test_btfx_write_every_sink_big)
{
	struct btfx *a = make_big(30000);

	ck_assert_uint_gt(btfx_type_sec_len(a), 4 * 65536);
	ck_assert_uint_gt(btfx_str_sec_len(a), 2 * 65536);
	every_sink(a);
	btfx_free(a);
}
END_TEST

/* A callback failing at its Nth call, for every N of a whole write: the error each time. */
START_TEST(test_btfx_write_callback_fails_each_chunk)
{
	struct btfx *a = make_big(20000);
	char *before = tu_dump(a);
	unsigned int e;

	for (e = 0; e < 2; e++) {
		struct btfx_write_opts o = { .sz = sizeof(o),
					     .endian = e ? BTFX_ENDIAN_BIG : BTFX_ENDIAN_LITTLE,
					     .flags = BTFX_WRITE_LAYOUT };
		struct tu_cbout c = { 0 };
		struct btfx_sink *s = btfx_sink_callback(&tu_cbout_ops, &c, NULL);
		long calls, n;

		write_ok(a, s, &o);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		calls = c.calls;
		free(c.buf);
		ck_assert_int_ge(calls, e ? 8 : 4); /* header, types (chunks when swapped), layout, strings */
		for (n = 1; n <= calls; n++) {
			struct tu_cbout f = { .fail_at = n, .fail_err = n % 2 ? -EIO : -EPIPE };
			int r;

			s = btfx_sink_callback(&tu_cbout_ops, &f, NULL);
			r = btfx_write(a, s, &o);
			ck_assert_int_eq(r, f.fail_err);
			ck_assert_int_eq(f.calls, n);
			ck_assert_msg(strstr(btfx_errmsg(a), "callback: write"), "%s", btfx_errmsg(a));
			ck_assert_int_eq(btfx_sink_write(s, "x", 1), f.fail_err);
			ck_assert_int_eq(btfx_sink_close(s), f.fail_err);
			free(f.buf);
		}
	}
	{
		char *after = tu_dump(a);

		ck_assert_str_eq(before, after);
		free(after);
	}
	free(before);
	btfx_free(a);
}
END_TEST

START_TEST(test_btfx_write_bad_arguments)
{
	struct btfx *a = make_built();
	struct btfx_write_opts bad = { .sz = sizeof(bad), .endian = 9 };
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	uint8_t small[10];

	ck_assert_int_eq(btfx_write(a, NULL, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "not a sink"));
	ck_assert_int_eq(btfx_write(NULL, s, NULL), -EINVAL);
	ck_assert_int_eq(btfx_write(a, s, &bad), -EINVAL);
	ck_assert_uint_eq(btfx_sink_offset(s), 0);
	btfx_sink_abort(s);
	/* A fixed sink too small: -ENOSPC naming the memory buffer. */
	s = btfx_sink_mem(small, sizeof(small), NULL);
	ck_assert_int_eq(btfx_write(a, s, NULL), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(a), "memory buffer"));
	ck_assert_int_eq(btfx_sink_close(s), -ENOSPC);
	btfx_free(a);
}
END_TEST

/* Two objects written one after the other into one sink: the offsets add up. */
START_TEST(test_btfx_write_twice_into_one_sink)
{
	struct btfx *a = make_built();
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	const void *raw;
	const uint8_t *got;
	size_t size, len;

	ck_assert_int_eq(btfx_raw_data(a, &o_big, &raw, &size), 0);
	write_ok(a, s, &o_big);
	write_ok(a, s, &o_big);
	got = btfx_sink_mem_data(s, &len);
	ck_assert_uint_eq(len, 2 * size);
	ck_assert_mem_eq(got, raw, size);
	ck_assert_mem_eq(got + size, raw, size);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	btfx_free(a);
}
END_TEST

START_TEST(test_btfx_write_file_mode)
{
	struct btfx *a = make_built();
	char *dir = tu_tmpdir();
	char path[4200];
	struct stat st;
	mode_t old = umask(022);

	snprintf(path, sizeof(path), "%s/out.btf", dir);
	ck_assert_int_eq(btfx_write_file(a, path, NULL), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	ck_assert_int_eq(chmod(path, 0600), 0);
	umask(0);
	ck_assert_int_eq(btfx_write_file(a, path, NULL), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	unlink(path);
	ck_assert_int_eq(btfx_write_file(a, path, NULL), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0666);
	umask(old);
	tu_rm_tmpdir(dir);
	btfx_free(a);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * The running kernel's BTF
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_raw_data_vmlinux_round_trip)
{
	struct btfx *a, *b, *c;
	const void *raw, *raw2;
	size_t flen, size, size2;
	uint8_t *file, *big;

	file = read_whole(TU_VMLINUX, &flen);
	a = load_path(TU_VMLINUX);
	ck_assert_uint_gt(btfx_type_cnt(a), 1000);
	ck_assert_int_eq(btfx_raw_data(a, &o_native, &raw, &size), 0);
	ck_assert_uint_eq(size, flen);
	ck_assert_msg(!memcmp(raw, file, flen), "native write differs from %s", TU_VMLINUX);
	/* Big endian, loaded and written natively again: the input again. */
	ck_assert_int_eq(btfx_raw_data(a, &o_big, &raw, &size), 0);
	ck_assert_int_eq(blob_is_big(raw), 1);
	big = malloc(size);
	ck_assert_ptr_nonnull(big);
	memcpy(big, raw, size);
	b = load_mem(big, size);
	ck_assert_int_eq(btfx_is_big_endian(b), 1);
	ck_assert_int_eq(btfx_raw_data(b, &o_native, &raw2, &size2), 0);
	ck_assert_uint_eq(size2, flen);
	ck_assert_msg(!memcmp(raw2, file, flen), "BE round trip differs from %s", TU_VMLINUX);
	/* And BE written as SOURCE is the BE blob. */
	ck_assert_int_eq(btfx_raw_data(b, &o_source, &raw2, &size2), 0);
	ck_assert_uint_eq(size2, size);
	ck_assert_msg(!memcmp(raw2, big, size), "SOURCE write differs from the BE input");
	/* Borrowed, the native blob loads in place. */
	c = btfx_new();
	{
		struct btfx_load_opts lo = { .sz = sizeof(lo), .flags = BTFX_LOAD_BORROW };

		ck_assert_int_eq(btfx_load(c, file, flen, &lo), 0);
	}
	assert_same_sections(a, c);
	btfx_free(c);
	btfx_free(b);
	btfx_free(a);
	free(big);
	free(file);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Split BTF: only the own types and strings are written
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_write_mem_split)
{
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx *base = make_built(), *split, *back;
	const void *raw;
	size_t size;
	int p;

	no.base = base;
	split = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(split);
	p = btfx_add_ptr(split, 3);
	ck_assert_int_eq(p, (int)btfx_type_cnt(base));
	ck_assert_int_gt(btfx_add_typedef(split, "pp_t", (uint32_t)p), 0);
	ck_assert_int_eq(btfx_raw_data(split, &o_big, &raw, &size), 0);
	ck_assert_uint_eq(get32(raw, 12, 1), btfx_type_sec_len(split));
	ck_assert_uint_eq(get32(raw, 20, 1), btfx_str_sec_len(split));
	ck_assert_uint_eq(size, 24u + btfx_type_sec_len(split) + btfx_str_sec_len(split));
	back = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(back);
	ck_assert_msg(btfx_load(back, raw, size, NULL) == 0, "%s", btfx_errmsg(back));
	ck_assert_uint_eq(btfx_type_cnt(back), btfx_type_cnt(split));
	ck_assert_str_eq(btfx_name_by_id(back, (uint32_t)p + 1), "pp_t");
	ck_assert_uint_eq(btfx_type_by_id(back, (uint32_t)p)->type, 3);
	assert_same_sections(split, back);
	btfx_free(back);
	btfx_free(split);
	btfx_free(base);
}
END_TEST

/* The vector swap equals the word-by-word one: every length and alignment. */
START_TEST(test_btfx_swap_words_matches_plain)
{
	uint8_t src[1100], got[1100], want[1100];
	uint32_t x = 2463534242u;
	unsigned int round;
	size_t i;

	for (i = 0; i < sizeof(src); i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		src[i] = (uint8_t)x;
	}
	for (round = 0; round < 2000; round++) {
		size_t so, dof, len;

		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		so = x % 16;
		dof = (x >> 4) % 16;
		len = round < 70 ? 4 * round : 4 * ((x >> 8) % 268);
		memset(got, 0xa5, sizeof(got));
		memcpy(want, got, sizeof(want));
		for (i = 0; i < len; i += 4) {
			want[dof + i] = src[so + i + 3];
			want[dof + i + 1] = src[so + i + 2];
			want[dof + i + 2] = src[so + i + 1];
			want[dof + i + 3] = src[so + i];
		}
		btfx__swap_words(got + dof, src + so, len);
		ck_assert_msg(!memcmp(got, want, sizeof(got)), "len %zu src+%zu dst+%zu", len, so,
			      dof);
	}
	/* In place. */
	memcpy(got, src, sizeof(got));
	btfx__swap_words(got + 4, got + 4, 1000);
	for (i = 0; i < 1000; i++)
		ck_assert_uint_eq(got[4 + i], src[4 + (i & ~(size_t)3) + 3 - (i & 3)]);
}
END_TEST

static Suite *writer_suite(void)
{
	Suite *s = suite_create("writer");
	TCase *tc = tcase_create("mem");
	TCase *tf = tcase_create("file");
	TCase *tv = tcase_create("vmlinux");

	tcase_add_test(tc, test_btfx_raw_data_native_round_trip_file);
	tcase_add_test(tc, test_btfx_write_mem_round_trip_built);
	tcase_add_test(tc, test_btfx_write_mem_empty_object);
	tcase_add_test(tc, test_btfx_write_mem_big_and_little_built);
	tcase_add_test(tc, test_btfx_swap_words_matches_plain);
	tcase_add_test(tc, test_btfx_write_mem_big_and_little_file);
	tcase_add_test(tc, test_btfx_raw_data_source_order_big);
	tcase_add_test(tc, test_btfx_raw_data_source_order_little);
	tcase_add_test(tc, test_btfx_raw_data_source_order_built);
	tcase_add_test(tc, test_btfx_write_mem_layout);
	tcase_add_test(tc, test_btfx_write_mem_unknown_kind_needs_layout);
	tcase_add_test(tc, test_btfx_write_mem_short_buffer);
	tcase_add_test(tc, test_btfx_write_mem_bad_opts);
	tcase_add_test(tc, test_btfx_write_mem_opts_short_and_long);
	tcase_add_test(tc, test_btfx_raw_size_matches_writers);
	tcase_add_test(tc, test_btfx_raw_data_refreshed_after_builder);
	tcase_add_test(tc, test_btfx_raw_data_cache_follows_opts);
	tcase_add_test(tc, test_btfx_raw_data_keeps_returned_blobs);
	tcase_add_test(tc, test_btfx_write_mem_unknown_kind_not_swapped);
	tcase_add_test(tc, test_btfx_write_mem_split);
	suite_add_tcase(s, tc);

	tcase_add_test(tf, test_btfx_write_file_loads);
	tcase_add_test(tf, test_btfx_write_file_missing_directory);
	tcase_add_test(tf, test_btfx_write_file_rename_fails);
	tcase_add_test(tf, test_btfx_write_file_dev_full);
	tcase_add_test(tf, test_btfx_write_file_replaces_existing);
	tcase_add_test(tf, test_btfx_write_file_mode);
	tcase_add_test(tf, test_btfx_write_every_sink_small);
	tcase_add_test(tf, test_btfx_write_every_sink_big);
	tcase_add_test(tf, test_btfx_write_callback_fails_each_chunk);
	tcase_add_test(tf, test_btfx_write_bad_arguments);
	tcase_add_test(tf, test_btfx_write_twice_into_one_sink);
	tcase_set_timeout(tf, 60);
	suite_add_tcase(s, tf);

	/* tests/check_writer_vmlinux: skipped (77) without the kernel's BTF. */
	tcase_set_tags(tv, "vmlinux");
	tcase_set_timeout(tv, 120);
	tcase_add_test(tv, test_btfx_raw_data_vmlinux_round_trip);
	suite_add_tcase(s, tv);
	return s;
}

int main(void)
{
	return tu_run(writer_suite());
}
