// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_reader.c - btfx_load() and btfx_load_file(): every check the reader
 * makes is tripped by a hand-made blob, in both byte orders; the object
 * stays empty and usable after a failure; borrowed versus copied memory;
 * opts; files (raw, gzip, ELF of both orders and classes, compressed .BTF);
 * split BTF; and a truncation and byte-flip sweep that must never crash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "testutil.h"

/*
 * The valid blob.  Strings: "" 0, "int" 1, "foo" 5, "a" 9, "b" 11,
 * "ptr_t" 13; 19 bytes.  Types (word index in brackets):
 *   [1] INT 'int' size 4 signed 32 bits  (0, 4 words)
 *   [2] PTR -> 1                         (4, 3 words)
 *   [3] STRUCT 'foo' size 16: a int, b ptr (7, 9 words)
 *   [4] TYPEDEF 'ptr_t' -> 2             (16, 3 words)
 *   [5] ARRAY of 4 int, index int        (19, 6 words)
 *   [6] FUNC_PROTO int (int a)           (25, 5 words)
 */
static const uint32_t valid_types[] = {
	1,  BTFX_INFO(BTFX_KIND_INT, 0, 0),        4,  BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
	0,  BTFX_INFO(BTFX_KIND_PTR, 0, 0),        1,
	5,  BTFX_INFO(BTFX_KIND_STRUCT, 0, 2),     16, 9, 1, 0, 11, 2, 64,
	13, BTFX_INFO(BTFX_KIND_TYPEDEF, 0, 0),    2,
	0,  BTFX_INFO(BTFX_KIND_ARRAY, 0, 0),      0,  1, 1, 4,
	0,  BTFX_INFO(BTFX_KIND_FUNC_PROTO, 0, 1), 1,  9, 1,
};
static const char valid_strs[] = "\0int\0foo\0a\0b\0ptr_t"; /* + its NUL: 19 */
#define VALID_NWORDS (sizeof(valid_types) / 4)
#define VALID_STR_LEN ((uint32_t)sizeof(valid_strs))
#define VALID_CNT 7u /* ids 0..6 */

/* Word indexes of the records of the valid blob. */
enum { W_INT = 0, W_PTR = 4, W_STRUCT = 7, W_TYPEDEF = 16, W_ARRAY = 19, W_PROTO = 25 };

/* Header field offsets. */
enum {
	H_HDR_LEN = 4,
	H_TYPE_OFF = 8,
	H_TYPE_LEN = 12,
	H_STR_OFF = 16,
	H_STR_LEN = 20,
	H_LAYOUT_OFF = 24,
	H_LAYOUT_LEN = 28,
};

/* A blob under construction: header | types | layout | strings. */
struct blob {
	uint8_t d[1024];
	size_t len;
	int swap;        /* written in the foreign byte order */
	uint32_t hdr_len;
	size_t type_at;  /* byte offsets in d */
	size_t layout_at;
	size_t str_at;
};

static uint32_t sw32(uint32_t v, int swap)
{
	return swap ? __builtin_bswap32(v) : v;
}

/* Put a header field, in the blob's byte order. */
static void hput(struct blob *b, size_t off, uint32_t v)
{
	v = sw32(v, b->swap);
	memcpy(b->d + off, &v, 4);
}

static uint32_t hget(const struct blob *b, size_t off)
{
	uint32_t v;

	memcpy(&v, b->d + off, 4);
	return sw32(v, b->swap);
}

/* Put word w of the type section, in the blob's byte order. */
static void tput(struct blob *b, size_t w, uint32_t v)
{
	hput(b, b->type_at + 4 * w, v);
}

/*
 * Build a blob from type words, strings and an optional layout section
 * (nlayout records; with hdr_len >= 32 only).
 */
static void blob_build(struct blob *b, int swap, uint32_t hdr_len, const uint32_t *types,
		       size_t nwords, const char *strs, uint32_t str_len,
		       const struct btfx_layout *layout, uint32_t nlayout)
{
	uint16_t magic = swap ? __builtin_bswap16(BTFX_MAGIC) : BTFX_MAGIC;
	uint32_t type_len = (uint32_t)nwords * 4, layout_len = nlayout * 4;
	size_t i;

	memset(b, 0, sizeof(*b));
	b->swap = swap;
	b->hdr_len = hdr_len;
	b->type_at = hdr_len;
	b->layout_at = hdr_len + type_len;
	b->str_at = b->layout_at + layout_len;
	b->len = b->str_at + str_len;
	ck_assert_uint_le(b->len, sizeof(b->d));
	memcpy(b->d, &magic, 2);
	b->d[2] = BTFX_VERSION;
	hput(b, H_HDR_LEN, hdr_len);
	hput(b, H_TYPE_OFF, 0);
	hput(b, H_TYPE_LEN, type_len);
	hput(b, H_STR_OFF, type_len + layout_len);
	hput(b, H_STR_LEN, str_len);
	if (hdr_len >= BTFX_HDR_LEN_LAYOUT && nlayout) {
		hput(b, H_LAYOUT_OFF, type_len);
		hput(b, H_LAYOUT_LEN, layout_len);
	}
	for (i = 0; i < nwords; i++)
		tput(b, i, types[i]);
	for (i = 0; i < nlayout; i++) {
		uint16_t fl = swap ? __builtin_bswap16(layout[i].flags) : layout[i].flags;

		b->d[b->layout_at + 4 * i] = layout[i].info_sz;
		b->d[b->layout_at + 4 * i + 1] = layout[i].elem_sz;
		memcpy(b->d + b->layout_at + 4 * i + 2, &fl, 2);
	}
	memcpy(b->d + b->str_at, strs, str_len);
}

static void valid_blob(struct blob *b, int swap)
{
	blob_build(b, swap, BTFX_HDR_LEN_CLASSIC, valid_types, VALID_NWORDS, valid_strs,
		   VALID_STR_LEN, NULL, 0);
}

/* A layout section for the known kinds, plus kind 25 when with25. */
static uint32_t make_layout(struct btfx_layout *l, int with25)
{
	uint32_t n = with25 ? 26 : BTFX_NR_KINDS;

	memset(l, 0, 26 * sizeof(*l));
	l[BTFX_KIND_INT].info_sz = 4;
	l[BTFX_KIND_ARRAY].info_sz = 12;
	l[BTFX_KIND_STRUCT].elem_sz = 12;
	l[BTFX_KIND_UNION].elem_sz = 12;
	l[BTFX_KIND_ENUM].elem_sz = 8;
	l[BTFX_KIND_FUNC_PROTO].elem_sz = 8;
	l[BTFX_KIND_VAR].info_sz = 4;
	l[BTFX_KIND_DATASEC].elem_sz = 12;
	l[BTFX_KIND_DECL_TAG].info_sz = 4;
	l[BTFX_KIND_ENUM64].elem_sz = 12;
	if (with25) {
		l[25].info_sz = 4;
		l[25].elem_sz = 8;
	}
	return n;
}

/* The valid types plus [7], a kind-25 record: 4 info bytes, 2 elements of 8. */
static size_t types_with_kind25(uint32_t *w)
{
	static const uint32_t rec[] = { 9, BTFX_INFO(25, 0, 2), 0, 0xaaaa, 1, 2, 3, 4 };

	memcpy(w, valid_types, sizeof(valid_types));
	memcpy(w + VALID_NWORDS, rec, sizeof(rec));
	return VALID_NWORDS + sizeof(rec) / 4;
}

/* Load data of size into a fresh object; the object is returned in *out. */
static int load(const void *data, size_t size, struct btfx **out)
{
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	*out = btf;
	return btfx_load(btf, data, size, NULL);
}

/* The object after a failure: empty, and a valid blob then loads. */
static void check_empty_and_usable(struct btfx *btf)
{
	struct blob ok;

	ck_assert_uint_eq(btfx_type_cnt(btf), 1);
	ck_assert_uint_eq(btfx_type_sec_len(btf), 0);
	ck_assert_uint_eq(btfx_str_sec_len(btf), 1);
	ck_assert_ptr_null(btfx_type_by_id(btf, 1));
	valid_blob(&ok, 0);
	ck_assert_int_eq(btfx_load(btf, ok.d, ok.len, NULL), 0);
	ck_assert_uint_eq(btfx_type_cnt(btf), VALID_CNT);
	ck_assert_str_eq(btfx_name_by_id(btf, 3), "foo");
}

/* Load b (of size, or b->len when size is 0): err and a message with phrase. */
static void expect_fail_size(const struct blob *b, size_t size, int err, const char *phrase)
{
	struct btfx *btf;
	void *copy;
	int r;

	if (!size)
		size = b->len;
	/* An exact-size heap copy, so that ASan sees any read past the end. */
	copy = malloc(size);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, b->d, size);
	r = load(copy, size, &btf);
	ck_assert_msg(r == err, "swap %d: got %d (%s), want %d (%s)", b->swap, r,
		      btfx_errmsg(btf), err, phrase);
	ck_assert_msg(strstr(btfx_errmsg(btf), phrase), "swap %d: message '%s' lacks '%s'",
		      b->swap, btfx_errmsg(btf), phrase);
	check_empty_and_usable(btf);
	btfx_free(btf);
	free(copy);
}

static void expect_fail(const struct blob *b, int err, const char *phrase)
{
	expect_fail_size(b, 0, err, phrase);
}

/* Run a mutation over the valid blob in both byte orders. */
typedef void (*mutate_fn)(struct blob *b);

static void expect_fail_both(mutate_fn fn, int err, const char *phrase)
{
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		valid_blob(&b, swap);
		fn(&b);
		expect_fail(&b, err, phrase);
	}
}

/*
 * ---------------------------------------------------------------------------
 * The valid blob itself
 * ---------------------------------------------------------------------------
 */

static void check_valid_types(const struct btfx *btf)
{
	const struct btfx_type *t;

	ck_assert_uint_eq(btfx_type_cnt(btf), VALID_CNT);
	ck_assert_uint_eq(btfx_type_sec_len(btf), VALID_NWORDS * 4);
	ck_assert_uint_eq(btfx_str_sec_len(btf), VALID_STR_LEN);
	t = btfx_type_by_id(btf, 1);
	ck_assert_uint_eq(btfx_kind(t), BTFX_KIND_INT);
	ck_assert_uint_eq(t->size, 4);
	ck_assert_uint_eq(*(const uint32_t *)(t + 1), BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32));
	t = btfx_type_by_id(btf, 3);
	ck_assert_uint_eq(btfx_kind(t), BTFX_KIND_STRUCT);
	ck_assert_uint_eq(btfx_vlen(t), 2);
	ck_assert_uint_eq(((const struct btfx_member *)(t + 1))[1].offset, 64);
	ck_assert_str_eq(btfx_name_by_id(btf, 3), "foo");
	ck_assert_str_eq(btfx_name_by_id(btf, 4), "ptr_t");
	ck_assert_uint_eq(btfx_record_len(btf, 5), 24);
	ck_assert_uint_eq(((const struct btfx_array *)(btfx_type_by_id(btf, 5) + 1))->nelems, 4);
	ck_assert_uint_eq(btfx_kind(btfx_type_by_id(btf, 6)), BTFX_KIND_FUNC_PROTO);
	ck_assert_ptr_null(btfx_type_by_id(btf, VALID_CNT));
}

START_TEST(test_btfx_load_valid_both_orders)
{
	struct btfx *le, *be;
	struct blob b;
	uint32_t id;

	valid_blob(&b, 0);
	ck_assert_int_eq(load(b.d, b.len, &le), 0);
	check_valid_types(le);
	ck_assert_int_eq(btfx_is_big_endian(le), __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	valid_blob(&b, 1);
	ck_assert_int_eq(load(b.d, b.len, &be), 0);
	check_valid_types(be);
	ck_assert_int_eq(btfx_is_big_endian(be), __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__);
	for (id = 1; id < VALID_CNT; id++) {
		ck_assert_uint_eq(btfx_record_len(le, id), btfx_record_len(be, id));
		ck_assert_mem_eq(btfx_type_by_id(le, id), btfx_type_by_id(be, id),
				 btfx_record_len(le, id));
	}
	btfx_free(le);
	btfx_free(be);
}
END_TEST

/* A header longer than 24 bytes whose extra bytes are zero is fine. */
START_TEST(test_btfx_load_long_header_zero_padded)
{
	struct btfx *btf;
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		blob_build(&b, swap, 28, valid_types, VALID_NWORDS, valid_strs, VALID_STR_LEN,
			   NULL, 0);
		ck_assert_int_eq(load(b.d, b.len, &btf), 0);
		check_valid_types(btf);
		btfx_free(btf);
		blob_build(&b, swap, 40, valid_types, VALID_NWORDS, valid_strs, VALID_STR_LEN,
			   NULL, 0);
		ck_assert_int_eq(load(b.d, b.len, &btf), 0);
		check_valid_types(btf);
		btfx_free(btf);
	}
}
END_TEST

/* A blob with an empty type section and some strings is valid. */
START_TEST(test_btfx_load_no_types)
{
	struct btfx_load_opts o = { .sz = sizeof(o) };
	struct btfx *btf;
	struct blob b;
	int swap, borrow, r;

	for (swap = 0; swap < 2; swap++) {
		for (borrow = 0; borrow < 2; borrow++) {
			blob_build(&b, swap, 24, NULL, 0, valid_strs, VALID_STR_LEN, NULL, 0);
			o.flags = borrow ? BTFX_LOAD_BORROW : 0;
			btf = btfx_new();
			r = btfx_load(btf, b.d, b.len, &o);
			ck_assert_msg(r == 0, "swap %d borrow %d: %d %s", swap, borrow, r,
				      btfx_errmsg(btf));
			ck_assert_uint_eq(btfx_type_cnt(btf), 1);
			ck_assert_uint_eq(btfx_type_sec_len(btf), 0);
			ck_assert_uint_eq(btfx_str_sec_len(btf), VALID_STR_LEN);
			ck_assert_str_eq(btfx_str_by_offset(btf, 13), "ptr_t");
			btfx_free(btf);
		}
	}
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Header checks
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_load_truncated_header)
{
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		valid_blob(&b, swap);
		expect_fail_size(&b, BTFX_HDR_LEN_CLASSIC - 1, -EBADMSG, "truncated header");
		expect_fail_size(&b, 1, -EBADMSG, "truncated header");
	}
}
END_TEST

START_TEST(test_btfx_load_empty_blob)
{
	struct btfx *btf;
	static const uint8_t one = 0;

	/* size 0 with a valid pointer: nothing may be read. */
	ck_assert_int_eq(load(&one, 0, &btf), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "truncated header"));
	check_empty_and_usable(btf);
	btfx_free(btf);
}
END_TEST

static void mut_magic(struct blob *b)
{
	b->d[0] = 0x12;
	b->d[1] = 0x34;
}

START_TEST(test_btfx_load_bad_magic)
{
	expect_fail_both(mut_magic, -EBADMSG, "bad magic");
}
END_TEST

static void mut_version(struct blob *b)
{
	b->d[2] = 2;
}

START_TEST(test_btfx_load_unsupported_version)
{
	expect_fail_both(mut_version, -EBADMSG, "unsupported version 2");
}
END_TEST

static void mut_version0(struct blob *b)
{
	b->d[2] = 0;
}

START_TEST(test_btfx_load_version_zero)
{
	expect_fail_both(mut_version0, -EBADMSG, "unsupported version 0");
}
END_TEST

static void mut_flags(struct blob *b)
{
	b->d[3] = 0x40;
}

START_TEST(test_btfx_load_unsupported_header_flags)
{
	expect_fail_both(mut_flags, -EBADMSG, "unsupported header flags");
}
END_TEST

static void mut_hdr_len_short(struct blob *b)
{
	hput(b, H_HDR_LEN, 20);
}

START_TEST(test_btfx_load_header_length_too_small)
{
	expect_fail_both(mut_hdr_len_short, -EBADMSG, "bad header length 20");
}
END_TEST

static void mut_hdr_len_past_end(struct blob *b)
{
	hput(b, H_HDR_LEN, (uint32_t)b->len + 1);
}

START_TEST(test_btfx_load_header_length_past_blob)
{
	expect_fail_both(mut_hdr_len_past_end, -EBADMSG, "bad header length");
}
END_TEST

static void mut_hdr_len_huge(struct blob *b)
{
	hput(b, H_HDR_LEN, 0xffffffffu);
}

START_TEST(test_btfx_load_header_length_huge)
{
	expect_fail_both(mut_hdr_len_huge, -EBADMSG, "bad header length");
}
END_TEST

/* Bytes 24..27 of a 28-byte header, and 32.. of a 40-byte one, must be 0. */
START_TEST(test_btfx_load_unknown_header_field)
{
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		blob_build(&b, swap, 28, valid_types, VALID_NWORDS, valid_strs, VALID_STR_LEN,
			   NULL, 0);
		b.d[26] = 1;
		expect_fail(&b, -EBADMSG, "unknown non-zero header field at byte 26");
		blob_build(&b, swap, 40, valid_types, VALID_NWORDS, valid_strs, VALID_STR_LEN,
			   NULL, 0);
		b.d[39] = 0x80;
		expect_fail(&b, -EBADMSG, "unknown non-zero header field at byte 39");
	}
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Section checks
 * ---------------------------------------------------------------------------
 */

static void mut_type_len_long(struct blob *b)
{
	hput(b, H_TYPE_LEN, (uint32_t)(b->len - b->hdr_len) + 4);
}

START_TEST(test_btfx_load_type_section_out_of_range)
{
	expect_fail_both(mut_type_len_long, -EBADMSG, "type section out of range");
}
END_TEST

static void mut_type_off_wraps(struct blob *b)
{
	/* off + len wraps around 2^32 to a small number. */
	hput(b, H_TYPE_OFF, 8);
	hput(b, H_TYPE_LEN, 0xfffffffcu);
}

START_TEST(test_btfx_load_type_section_wraps)
{
	expect_fail_both(mut_type_off_wraps, -EBADMSG, "type section out of range");
}
END_TEST

static void mut_type_off_past(struct blob *b)
{
	hput(b, H_TYPE_OFF, 0x7ffffff0u);
	hput(b, H_TYPE_LEN, 0);
}

START_TEST(test_btfx_load_type_offset_past_blob)
{
	expect_fail_both(mut_type_off_past, -EBADMSG, "type section out of range");
}
END_TEST

static void mut_str_len_long(struct blob *b)
{
	hput(b, H_STR_LEN, VALID_STR_LEN + 1);
}

START_TEST(test_btfx_load_string_section_out_of_range)
{
	expect_fail_both(mut_str_len_long, -EBADMSG, "string section out of range");
}
END_TEST

static void mut_str_wraps(struct blob *b)
{
	hput(b, H_STR_LEN, 0xffffffffu - hget(b, H_STR_OFF) + 2);
}

START_TEST(test_btfx_load_string_section_wraps)
{
	expect_fail_both(mut_str_wraps, -EBADMSG, "string section out of range");
}
END_TEST

static void mut_type_len_unaligned(struct blob *b)
{
	hput(b, H_TYPE_LEN, VALID_NWORDS * 4 - 2);
}

START_TEST(test_btfx_load_type_section_unaligned_length)
{
	expect_fail_both(mut_type_len_unaligned, -EBADMSG,
			 "type section not 4-byte aligned (offset 0, length 118)");
}
END_TEST

/* The type section at offset 2: strings moved to the front, types after. */
static void mut_type_off_unaligned(struct blob *b)
{
	hput(b, H_TYPE_OFF, 2);
	hput(b, H_TYPE_LEN, VALID_NWORDS * 4 - 4);
}

START_TEST(test_btfx_load_type_section_unaligned_offset)
{
	expect_fail_both(mut_type_off_unaligned, -EBADMSG, "type section not 4-byte aligned");
}
END_TEST

static void mut_overlap(struct blob *b)
{
	/* Strings start inside the type section. */
	hput(b, H_STR_OFF, 8);
}

/* Strings first, then types: libbpf and the kernel want the type section first. */
START_TEST(test_btfx_load_strings_before_types)
{
	struct blob b;
	uint8_t moved[1024];
	size_t tlen;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		valid_blob(&b, swap);
		tlen = VALID_NWORDS * 4;
		memcpy(moved, b.d + b.hdr_len + tlen, VALID_STR_LEN);
		memcpy(moved + VALID_STR_LEN + 1, b.d + b.hdr_len, tlen); /* + 1: 4-aligned */
		memcpy(b.d + b.hdr_len, moved, VALID_STR_LEN + 1 + tlen);
		hput(&b, H_STR_OFF, 0);
		hput(&b, H_TYPE_OFF, VALID_STR_LEN + 1);
		b.len += 1;
		expect_fail(&b, -EBADMSG, "type section (at 20, 120 bytes) does not end before");
	}
}
END_TEST

/*
 * [7] a FUNC pointing at a FUNC_PROTO or a PTR: [6] and [2] before it, or
 * [8] after it.
 */
static void func_blob(struct blob *b, int swap, uint32_t target_kind, int forward)
{
	int proto = target_kind == BTFX_KIND_FUNC_PROTO;
	uint32_t func[3] = { 1, BTFX_INFO(BTFX_KIND_FUNC, 0, 1), forward ? 8 : proto ? 6 : 2 };
	uint32_t target[3] = { 0, BTFX_INFO(target_kind, 0, 0), 1 };
	size_t n = VALID_NWORDS;
	uint32_t w[64];

	memcpy(w, valid_types, sizeof(valid_types));
	memcpy(w + n, func, sizeof(func));
	n += 3;
	if (forward) {
		memcpy(w + n, target, sizeof(target));
		n += 3;
	}
	blob_build(b, swap, BTFX_HDR_LEN_CLASSIC, w, n, valid_strs, VALID_STR_LEN, NULL, 0);
}

/* A FUNC must point at a FUNC_PROTO, before or after it (libbpf 1.8 checks it on load). */
START_TEST(test_btfx_load_func_needs_proto)
{
	struct btfx *btf;
	struct blob b;
	int swap, fwd;

	for (swap = 0; swap < 2; swap++) {
		for (fwd = 0; fwd < 2; fwd++) {
			func_blob(&b, swap, BTFX_KIND_FUNC_PROTO, fwd);
			ck_assert_int_eq(load(b.d, b.len, &btf), 0);
			ck_assert_uint_eq(btfx_kind(btfx_type_by_id(btf, 7)), BTFX_KIND_FUNC);
			btfx_free(btf);
			func_blob(&b, swap, BTFX_KIND_PTR, fwd);
			expect_fail(&b, -EBADMSG,
				    fwd ? "[7] at type offset 120: FUNC's type [8] is a PTR, not a FUNC_PROTO"
					: "[7] at type offset 120: FUNC's type [2] is a PTR, not a FUNC_PROTO");
		}
		/* To itself, and to void. */
		func_blob(&b, swap, BTFX_KIND_FUNC_PROTO, 0);
		tput(&b, VALID_NWORDS + 2, 7);
		expect_fail(&b, -EBADMSG, "FUNC's type [7] is a FUNC, not a FUNC_PROTO");
		tput(&b, VALID_NWORDS + 2, 0);
		expect_fail(&b, -EBADMSG, "FUNC's type [0] is a void, not a FUNC_PROTO");
	}
}
END_TEST

START_TEST(test_btfx_load_sections_overlap)
{
	expect_fail_both(mut_overlap, -EBADMSG, "does not end before the string section");
}
END_TEST

static void mut_str_empty(struct blob *b)
{
	hput(b, H_STR_LEN, 0);
}

START_TEST(test_btfx_load_empty_string_section)
{
	expect_fail_both(mut_str_empty, -EBADMSG, "empty string section");
}
END_TEST

static void mut_str_first(struct blob *b)
{
	b->d[b->str_at] = 'x';
}

START_TEST(test_btfx_load_strings_not_starting_empty)
{
	expect_fail_both(mut_str_first, -EBADMSG, "does not start with \"\"");
}
END_TEST

static void mut_str_unterminated(struct blob *b)
{
	b->d[b->len - 1] = 'z';
}

START_TEST(test_btfx_load_unterminated_string_section)
{
	expect_fail_both(mut_str_unterminated, -EBADMSG, "unterminated string section");
}
END_TEST

/* A string section just past the largest string offset: -E2BIG. */
START_TEST(test_btfx_load_string_section_too_big)
{
	size_t str_len = (size_t)BTFX_MAX_STR_OFFSET + 1;
	size_t size = BTFX_HDR_LEN_CLASSIC + str_len;
	struct btfx *btf;
	uint32_t h[6];
	uint8_t *p;

	if (sizeof(size_t) < 8)
		return;
	/* Untouched anonymous pages read as zero and cost nothing. */
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		 -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "%s: no 2 GiB mapping, skipped\n", __func__);
		return;
	}
	h[0] = BTFX_MAGIC | BTFX_VERSION << 16;
	h[1] = BTFX_HDR_LEN_CLASSIC;
	h[2] = 0;
	h[3] = 0;
	h[4] = 0;
	h[5] = (uint32_t)str_len;
	memcpy(p, h, sizeof(h));
	ck_assert_int_eq(load(p, size, &btf), -E2BIG);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "string section too big"));
	check_empty_and_usable(btf);
	btfx_free(btf);
	munmap(p, size);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Record checks
 * ---------------------------------------------------------------------------
 */

static void mut_cut_in_header(struct blob *b)
{
	/* The FUNC_PROTO record at byte 100 keeps 8 of its 12 header bytes. */
	hput(b, H_TYPE_LEN, W_PROTO * 4 + 8);
}

START_TEST(test_btfx_load_record_header_past_section)
{
	expect_fail_both(mut_cut_in_header, -EBADMSG,
			 "[6] at type offset 100: "
			 "record runs past the type section (8 bytes left)");
}
END_TEST

static void mut_cut_in_trailer(struct blob *b)
{
	/* The FUNC_PROTO record keeps 16 of its 20 bytes. */
	hput(b, H_TYPE_LEN, W_PROTO * 4 + 16);
}

START_TEST(test_btfx_load_record_past_section)
{
	expect_fail_both(mut_cut_in_trailer, -EBADMSG,
			 "[6] at type offset 100: record of 20 bytes runs past the type section");
}
END_TEST

static void mut_vlen_huge(struct blob *b)
{
	tput(b, W_STRUCT + 1, BTFX_INFO(BTFX_KIND_STRUCT, 0, 0xffffff));
}

START_TEST(test_btfx_load_record_vlen_past_section)
{
	expect_fail_both(mut_vlen_huge, -EBADMSG, "runs past the type section");
}
END_TEST

static void mut_kind0(struct blob *b)
{
	tput(b, W_PTR + 1, BTFX_INFO(0, 0, 0));
}

START_TEST(test_btfx_load_kind_zero)
{
	expect_fail_both(mut_kind0, -EBADMSG, "[2] at type offset 16: kind 0");
}
END_TEST

static void mut_kind25(struct blob *b)
{
	tput(b, W_TYPEDEF + 1, BTFX_INFO(25, 0, 0));
}

START_TEST(test_btfx_load_unknown_kind)
{
	expect_fail_both(mut_kind25, -ENOTSUP, "[4] at type offset 64: unknown kind 25");
}
END_TEST

static void mut_kind_max(struct blob *b)
{
	tput(b, W_TYPEDEF + 1, BTFX_INFO(BTFX_MAX_KIND, 1, 0));
}

START_TEST(test_btfx_load_unknown_kind_max)
{
	expect_fail_both(mut_kind_max, -ENOTSUP, "unknown kind 127");
}
END_TEST

static void mut_name_off(struct blob *b)
{
	tput(b, W_TYPEDEF, VALID_STR_LEN);
}

START_TEST(test_btfx_load_name_offset_past_strings)
{
	expect_fail_both(mut_name_off, -EBADMSG,
			 "[4] at type offset 64: name offset 19 past the string section");
}
END_TEST

static void mut_name_off_huge(struct blob *b)
{
	tput(b, W_INT, 0xffffffffu);
}

START_TEST(test_btfx_load_name_offset_huge)
{
	expect_fail_both(mut_name_off_huge, -EBADMSG, "past the string section");
}
END_TEST

static void mut_member_name(struct blob *b)
{
	tput(b, W_STRUCT + 6, 1000);
}

START_TEST(test_btfx_load_member_name_offset)
{
	expect_fail_both(mut_member_name, -EBADMSG,
			 "[3] at type offset 28: member name offset 1000");
}
END_TEST

static void mut_param_name(struct blob *b)
{
	tput(b, W_PROTO + 3, VALID_STR_LEN);
}

START_TEST(test_btfx_load_param_name_offset)
{
	expect_fail_both(mut_param_name, -EBADMSG, "[6] at type offset 100: member name offset 19");
}
END_TEST

/* ENUM and ENUM64 value names are string offsets too. */
START_TEST(test_btfx_load_enum_value_name_offset)
{
	static const uint32_t e32[] = { 5, BTFX_INFO(BTFX_KIND_ENUM, 0, 2), 4, 9, 0, 11, 1 };
	static const uint32_t e64[] = { 5, BTFX_INFO(BTFX_KIND_ENUM64, 0, 1), 8, 11, 1, 2 };
	struct btfx *btf;
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		blob_build(&b, swap, 24, e32, 7, valid_strs, VALID_STR_LEN, NULL, 0);
		ck_assert_int_eq(load(b.d, b.len, &btf), 0);
		ck_assert_uint_eq(btfx_type_cnt(btf), 2);
		btfx_free(btf);
		tput(&b, 5, 40);
		expect_fail(&b, -EBADMSG, "[1] at type offset 0: member name offset 40");
		blob_build(&b, swap, 24, e64, 6, valid_strs, VALID_STR_LEN, NULL, 0);
		ck_assert_int_eq(load(b.d, b.len, &btf), 0);
		ck_assert_uint_eq(btfx_type_cnt(btf), 2);
		btfx_free(btf);
		tput(&b, 3, 19);
		expect_fail(&b, -EBADMSG, "member name offset 19");
	}
}
END_TEST

static void mut_ptr_ref(struct blob *b)
{
	tput(b, W_PTR + 2, VALID_CNT);
}

START_TEST(test_btfx_load_references_missing_type)
{
	expect_fail_both(mut_ptr_ref, -EBADMSG,
			 "[2] at type offset 16: references type id 7, past the last type");
}
END_TEST

static void mut_member_ref(struct blob *b)
{
	tput(b, W_STRUCT + 7, 0x80000000u);
}

START_TEST(test_btfx_load_member_references_missing_type)
{
	expect_fail_both(mut_member_ref, -EBADMSG, "[3] at type offset 28: references type id");
}
END_TEST

static void mut_array_index_ref(struct blob *b)
{
	tput(b, W_ARRAY + 4, 100);
}

START_TEST(test_btfx_load_array_references_missing_type)
{
	expect_fail_both(mut_array_index_ref, -EBADMSG,
			 "[5] at type offset 76: references type id 100");
}
END_TEST

static void mut_param_ref(struct blob *b)
{
	tput(b, W_PROTO + 4, 8);
}

START_TEST(test_btfx_load_param_references_missing_type)
{
	expect_fail_both(mut_param_ref, -EBADMSG, "[6] at type offset 100: references type id 8");
}
END_TEST

static int load_flags(const void *data, size_t size, uint32_t flags, struct btfx **out)
{
	struct btfx_load_opts o = { .sz = sizeof(o), .flags = flags };
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	*out = btf;
	return btfx_load(btf, data, size, &o);
}

/*
 * A long section broken in its second half: the message names the
 * record, borrowed or copied.
 */
START_TEST(test_btfx_load_bad_record_in_second_half)
{
	struct btfx *src = btfx_new(), *btf;
	const uint8_t *first;
	const void *raw;
	uint32_t *w, hdr_len, type_off, str_len, at;
	size_t size;
	int i, id = 0, int_id;
	char name[16], want[96];

	ck_assert_ptr_nonnull(src);
	int_id = btfx_add_int(src, "int", 4, BTFX_INT_SIGNED);
	ck_assert_int_gt(int_id, 0);
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		ck_assert_int_gt(id = btfx_add_struct(src, name, 8), 0);
		ck_assert_int_eq(btfx_append_member(src, "a", int_id, 0, 0), 0);
		ck_assert_int_eq(btfx_append_member(src, "b", int_id, 32, 0), 0);
	}
	ck_assert_int_eq(btfx_raw_data(src, NULL, &raw, &size), 0);
	w = malloc(size);
	ck_assert_ptr_nonnull(w);
	memcpy(w, raw, size);
	hdr_len = w[1];
	type_off = w[2];
	str_len = w[5];
	first = (const uint8_t *)btfx_type_by_id(src, 1);
	/* Member 'b' of the 900th struct: its name offset, then its type. */
	id = int_id + 900;
	at = (uint32_t)((const uint8_t *)btfx_type_by_id(src, (uint32_t)id) - first);
	ck_assert_uint_gt(at, btfx_type_sec_len(src) / 2);
	w[(hdr_len + type_off + at) / 4 + 6] = str_len + 3;
	snprintf(want, sizeof(want), "[%d] at type offset %u: member name offset %u", id, at,
		 str_len + 3);
	ck_assert_int_eq(load(w, size, &btf), -EBADMSG);
	ck_assert_msg(strstr(btfx_errmsg(btf), want), "'%s'", btfx_errmsg(btf));
	btfx_free(btf);
	ck_assert_int_eq(load_flags(w, size, BTFX_LOAD_BORROW, &btf), -EBADMSG);
	ck_assert_msg(strstr(btfx_errmsg(btf), want), "'%s'", btfx_errmsg(btf));
	btfx_free(btf);
	/* The record's own name. */
	w[(hdr_len + type_off + at) / 4] = str_len;
	snprintf(want, sizeof(want), "[%d] at type offset %u: name offset %u past", id, at,
		 str_len);
	ck_assert_int_eq(load_flags(w, size, 0, &btf), -EBADMSG);
	ck_assert_msg(strstr(btfx_errmsg(btf), want), "'%s'", btfx_errmsg(btf));
	btfx_free(btf);
	free(w);
	btfx_free(src);
}
END_TEST

/* A forward reference (to a later id) is fine. */
START_TEST(test_btfx_load_forward_reference)
{
	struct btfx *btf;
	struct blob b;

	valid_blob(&b, 0);
	tput(&b, W_PTR + 2, 6);
	ck_assert_int_eq(load(b.d, b.len, &btf), 0);
	ck_assert_uint_eq(btfx_type_by_id(btf, 2)->type, 6);
	btfx_free(btf);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * The 32-byte header and the layout section
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_load_layout_describes_unknown_kind)
{
	struct btfx_layout lay[26];
	uint32_t w[64], n;
	const struct btfx_type *t;
	struct btfx *btf;
	struct blob b;
	size_t nw;
	int swap;

	nw = types_with_kind25(w);
	n = make_layout(lay, 1);
	for (swap = 0; swap < 2; swap++) {
		blob_build(&b, swap, BTFX_HDR_LEN_LAYOUT, w, nw, valid_strs, VALID_STR_LEN, lay, n);
		if (swap) {
			/* Its fields may not be words: libbtfx cannot swap it. */
			expect_fail(&b, -ENOTSUP, "[7] at type offset 120: cannot byte-swap kind 25");
			continue;
		}
		ck_assert_int_eq(load(b.d, b.len, &btf), 0);
		ck_assert_uint_eq(btfx_type_cnt(btf), VALID_CNT + 1);
		t = btfx_type_by_id(btf, VALID_CNT);
		ck_assert_uint_eq(btfx_kind(t), 25);
		ck_assert_uint_eq(btfx_vlen(t), 2);
		ck_assert_str_eq(btfx_name_by_id(btf, VALID_CNT), "a");
		ck_assert_uint_eq(btfx_record_len(btf, VALID_CNT), 12 + 4 + 2 * 8);
		ck_assert_uint_eq(((const uint32_t *)(t + 1))[0], 0xaaaa);
		ck_assert_uint_eq(((const uint32_t *)(t + 1))[4], 4);
		ck_assert_str_eq(btfx_name_by_id(btf, 3), "foo");
		btfx_free(btf);
	}
}
END_TEST

START_TEST(test_btfx_load_unknown_kind_without_layout)
{
	struct btfx_layout lay[26];
	uint32_t w[64], n;
	struct blob b;
	size_t nw;
	int swap;

	nw = types_with_kind25(w);
	n = make_layout(lay, 0);
	for (swap = 0; swap < 2; swap++) {
		/* Classic header: no layout at all. */
		blob_build(&b, swap, BTFX_HDR_LEN_CLASSIC, w, nw, valid_strs, VALID_STR_LEN, NULL,
			   0);
		expect_fail(&b, -ENOTSUP, "[7] at type offset 120: unknown kind 25");
		/* 32-byte header with an empty layout section. */
		blob_build(&b, swap, BTFX_HDR_LEN_LAYOUT, w, nw, valid_strs, VALID_STR_LEN, NULL,
			   0);
		expect_fail(&b, -ENOTSUP, "unknown kind 25");
		/* A layout of the 20 known kinds only. */
		blob_build(&b, swap, BTFX_HDR_LEN_LAYOUT, w, nw, valid_strs, VALID_STR_LEN, lay, n);
		expect_fail(&b, -ENOTSUP, "unknown kind 25");
	}
}
END_TEST

START_TEST(test_btfx_load_layout_known_kinds_only)
{
	struct btfx_layout lay[26];
	struct btfx *btf;
	struct blob b;
	uint32_t n = make_layout(lay, 0);
	int swap;

	for (swap = 0; swap < 2; swap++) {
		blob_build(&b, swap, BTFX_HDR_LEN_LAYOUT, valid_types, VALID_NWORDS, valid_strs,
			   VALID_STR_LEN, lay, n);
		ck_assert_uint_eq(hget(&b, H_LAYOUT_LEN), 80);
		ck_assert_int_eq(load(b.d, b.len, &btf), 0);
		check_valid_types(btf);
		btfx_free(btf);
	}
}
END_TEST

static void layout_blob(struct blob *b, int swap)
{
	struct btfx_layout lay[26];
	uint32_t w[64], n = make_layout(lay, 1);
	size_t nw = types_with_kind25(w);

	blob_build(b, swap, BTFX_HDR_LEN_LAYOUT, w, nw, valid_strs, VALID_STR_LEN, lay, n);
}

START_TEST(test_btfx_load_layout_out_of_range)
{
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		layout_blob(&b, swap);
		hput(&b, H_LAYOUT_LEN, (uint32_t)(b.len - b.hdr_len));
		expect_fail(&b, -EBADMSG, "layout section out of range");
		layout_blob(&b, swap);
		hput(&b, H_LAYOUT_OFF, 0xfffffff0u);
		expect_fail(&b, -EBADMSG, "layout section out of range");
	}
}
END_TEST

START_TEST(test_btfx_load_layout_unaligned)
{
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		layout_blob(&b, swap);
		hput(&b, H_LAYOUT_LEN, 26 * 4 - 2);
		expect_fail(&b, -EBADMSG, "layout section not 4-byte aligned");
		layout_blob(&b, swap);
		hput(&b, H_LAYOUT_OFF, hget(&b, H_LAYOUT_OFF) + 2);
		hput(&b, H_LAYOUT_LEN, 25 * 4);
		expect_fail(&b, -EBADMSG, "layout section not 4-byte aligned");
	}
}
END_TEST

START_TEST(test_btfx_load_layout_overlaps)
{
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		layout_blob(&b, swap);
		hput(&b, H_LAYOUT_OFF, hget(&b, H_LAYOUT_OFF) - 4);
		expect_fail(&b, -EBADMSG, "not between the type section ending at");
		layout_blob(&b, swap);
		hput(&b, H_LAYOUT_OFF, hget(&b, H_LAYOUT_OFF) + 4);
		expect_fail(&b, -EBADMSG, "not between the type section ending at");
	}
}
END_TEST

START_TEST(test_btfx_load_layout_sizes_not_multiple_of_4)
{
	struct blob b;
	int swap;

	struct btfx *btf;

	/* Checked where a record of the kind needs it, as libbpf does. */
	layout_blob(&b, 0);
	b.d[b.layout_at + 4 * 25] = 6;
	expect_fail(&b, -EBADMSG, "[7] at type offset 120: layout of kind 25: sizes 6 and 8");
	/* A known kind's shape comes from libbtfx's table, whatever the layout says. */
	layout_blob(&b, 0);
	b.d[b.layout_at + 4 * 3 + 1] = 1;
	ck_assert_int_eq(load(b.d, b.len, &btf), 0);
	ck_assert_uint_eq(btfx_type_cnt(btf), VALID_CNT + 1);
	btfx_free(btf);
	(void)swap;
}
END_TEST

/*
 * Layout flags mean nothing yet: a later format may give them a meaning,
 * which is what the section is for.  They are kept, not refused.
 */
START_TEST(test_btfx_load_layout_flags_kept)
{
	struct btfx_write_opts o = { .sz = sizeof(o), .flags = BTFX_WRITE_LAYOUT };
	struct btfx *btf;
	const uint8_t *out;
	const void *raw;
	struct blob b;
	size_t len;
	uint32_t lay_off;

	layout_blob(&b, 0);
	b.d[b.layout_at + 4 * 25 + 2] = 1;
	ck_assert_int_eq(load(b.d, b.len, &btf), 0);
	ck_assert_int_eq(btfx_raw_data(btf, &o, &raw, &len), 0);
	out = raw;
	memcpy(&lay_off, out + H_LAYOUT_OFF, 4);
	ck_assert_uint_eq(out[BTFX_HDR_LEN_LAYOUT + lay_off + 4 * 25 + 2], 1);
	btfx_free(btf);
}
END_TEST

/*
 * Split BTF without a layout section of its own uses its base's, as libbpf
 * 1.8 does: they come from one encoder.  Without either, the kind is refused.
 */
START_TEST(test_btfx_load_split_uses_base_layout)
{
	static const uint32_t rec[] = { 0, BTFX_INFO(25, 0, 1), 0, 0xbbbb, 5, 6 };
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx *base, *split;
	const struct btfx_type *t;
	struct blob b, sb;

	layout_blob(&b, 0);
	ck_assert_int_eq(load(b.d, b.len, &base), 0);
	no.base = base;
	blob_build(&sb, 0, BTFX_HDR_LEN_CLASSIC, rec, 6, "", 0, NULL, 0);
	split = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(split);
	ck_assert_int_eq(btfx_load(split, sb.d, sb.len, NULL), 0);
	ck_assert_uint_eq(btfx_type_cnt(split), VALID_CNT + 2);
	t = btfx_type_by_id(split, VALID_CNT + 1);
	ck_assert_uint_eq(btfx_kind(t), 25);
	ck_assert_uint_eq(btfx_record_len(split, VALID_CNT + 1), 24);
	ck_assert_uint_eq(((const uint32_t *)(t + 1))[2], 6);
	btfx_free(split);
	btfx_free(base);

	/* A base without a layout section: nothing describes kind 25. */
	valid_blob(&b, 0);
	ck_assert_int_eq(load(b.d, b.len, &base), 0);
	no.base = base;
	split = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(split);
	ck_assert_int_eq(btfx_load(split, sb.d, sb.len, NULL), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(split), "[7] at type offset 0: unknown kind 25"));
	btfx_free(split);
	btfx_free(base);
}
END_TEST

/* A record of kind 25 whose layout says elem_sz 8 runs past the section. */
START_TEST(test_btfx_load_layout_record_past_section)
{
	struct blob b;
	int swap;

	layout_blob(&b, 0);
	tput(&b, VALID_NWORDS + 1, BTFX_INFO(25, 0, 3));
	expect_fail(&b, -EBADMSG, "[7] at type offset 120: record of 40 bytes runs past");
	(void)swap;
}
END_TEST

/* The name of a record of an unknown kind is still checked. */
START_TEST(test_btfx_load_layout_record_name_offset)
{
	struct blob b;
	int swap;

	layout_blob(&b, 0);
	tput(&b, VALID_NWORDS, 500);
	expect_fail(&b, -EBADMSG, "[7] at type offset 120: name offset 500");
	(void)swap;
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Arguments, opts, borrowing
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_load_null_data)
{
	struct btfx *btf;

	ck_assert_int_eq(load(NULL, 100, &btf), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "NULL data"));
	check_empty_and_usable(btf);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_load_not_empty)
{
	struct btfx *btf;
	struct blob b;

	valid_blob(&b, 0);
	ck_assert_int_eq(load(b.d, b.len, &btf), 0);
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "not empty"));
	/* Unchanged. */
	check_valid_types(btf);
	btfx_free(btf);

	/* A built type. */
	btf = btfx_new();
	ck_assert_int_eq(btfx_add_int(btf, "x", 4, 0), 1);
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, NULL), -EINVAL);
	ck_assert_uint_eq(btfx_type_cnt(btf), 2);
	ck_assert_str_eq(btfx_name_by_id(btf, 1), "x");
	btfx_free(btf);

	/* Only a string. */
	btf = btfx_new();
	ck_assert_int_eq(btfx_add_str(btf, "s"), 1);
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, NULL), -EINVAL);
	ck_assert_uint_eq(btfx_str_sec_len(btf), 3);
	btfx_free(btf);
}
END_TEST

/* An opts struct with room for a future field. */
struct long_load_opts {
	struct btfx_load_opts o;
	uint64_t future;
};

START_TEST(test_btfx_load_bad_opts)
{
	struct long_load_opts lo;
	struct btfx_load_opts o;
	struct btfx *btf = btfx_new();
	struct blob b;

	valid_blob(&b, 0);
	memset(&o, 0, sizeof(o));
	o.sz = sizeof(size_t) - 1;
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "bad opts"));
	o.sz = 0;
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, &o), -EINVAL);
	o.sz = sizeof(o);
	o.flags = 1u << 2;
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "unknown flags"));
	o.flags = 0x80000000u;
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, &o), -EINVAL);
	o.flags = 0;
	o.reserved = 1; /* reserved fields must be 0 */
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, &o), -EINVAL);
	o.reserved = 0;
	memset(&lo, 0, sizeof(lo));
	lo.o.sz = sizeof(lo);
	lo.future = 1;
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, &lo.o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "bad opts"));
	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("sample.btf"), &lo.o), -EINVAL);
	o.sz = 2;
	o.flags = 0;
	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("sample.btf"), &o), -EINVAL);
	check_empty_and_usable(btf);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_load_opts_short_and_long)
{
	struct long_load_opts lo;
	struct btfx_load_opts o;
	struct btfx *btf;
	struct blob b;

	valid_blob(&b, 0);
	/* Long, with zeroed trailing bytes. */
	memset(&lo, 0, sizeof(lo));
	lo.o.sz = sizeof(lo);
	lo.o.flags = BTFX_LOAD_BORROW;
	btf = btfx_new();
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, &lo.o), 0);
	check_valid_types(btf);
	btfx_free(btf);
	/* Short: just sz, flags unseen even though set. */
	memset(&o, 0, sizeof(o));
	o.sz = sizeof(size_t);
	o.flags = 0xff;
	btf = btfx_new();
	ck_assert_int_eq(btfx_load(btf, b.d, b.len, &o), 0);
	check_valid_types(btf);
	btfx_free(btf);
}
END_TEST

static int inside(const void *p, const void *buf, size_t len)
{
	const uint8_t *q = p, *s = buf;

	return q >= s && q < s + len;
}

START_TEST(test_btfx_load_borrow_points_into_caller_memory)
{
	struct btfx_load_opts o = { .sz = sizeof(o), .flags = BTFX_LOAD_BORROW };
	struct btfx *btf = btfx_new();
	struct blob b;
	uint32_t *buf;

	/* A 4-byte aligned copy of the blob. */
	valid_blob(&b, 0);
	buf = malloc(b.len);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, b.d, b.len);
	ck_assert_int_eq(btfx_load(btf, buf, b.len, &o), 0);
	check_valid_types(btf);
	ck_assert(inside(btfx_type_by_id(btf, 1), buf, b.len));
	ck_assert_ptr_eq(btfx_type_by_id(btf, 1), (const uint8_t *)buf + b.type_at);
	ck_assert_ptr_eq(btfx_str_by_offset(btf, 5), (const char *)buf + b.str_at + 5);
	btfx_free(btf);
	free(buf);
}
END_TEST

START_TEST(test_btfx_load_copies_by_default)
{
	struct btfx *btf;
	struct blob b;
	uint8_t *buf;

	valid_blob(&b, 0);
	buf = malloc(b.len);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, b.d, b.len);
	ck_assert_int_eq(load(buf, b.len, &btf), 0);
	ck_assert(!inside(btfx_type_by_id(btf, 1), buf, b.len));
	ck_assert(!inside(btfx_str_by_offset(btf, 5), buf, b.len));
	/* The caller's memory may go away. */
	memset(buf, 0xee, b.len);
	free(buf);
	check_valid_types(btf);
	btfx_free(btf);
}
END_TEST

/* The foreign byte order cannot be borrowed: the types are swapped copies. */
START_TEST(test_btfx_load_borrow_foreign_order_copies)
{
	struct btfx_load_opts o = { .sz = sizeof(o), .flags = BTFX_LOAD_BORROW };
	struct btfx *btf = btfx_new();
	struct blob b;
	uint32_t *buf;

	valid_blob(&b, 1);
	buf = malloc(b.len);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, b.d, b.len);
	ck_assert_int_eq(btfx_load(btf, buf, b.len, &o), 0);
	check_valid_types(btf);
	ck_assert(!inside(btfx_type_by_id(btf, 1), buf, b.len));
	btfx_free(btf);
	free(buf);
}
END_TEST

/*
 * A borrowed blob whose type section is not 4-byte aligned in memory (a
 * 26-byte header): every record must still read correctly (run under
 * UBSan, which flags misaligned loads), or the blob must be rejected.
 */
START_TEST(test_btfx_load_borrow_unaligned_header_length)
{
	struct btfx_load_opts o = { .sz = sizeof(o), .flags = BTFX_LOAD_BORROW };
	struct btfx *btf = btfx_new();
	struct blob b;
	uint32_t *buf;
	int r;

	blob_build(&b, 0, 26, valid_types, VALID_NWORDS, valid_strs, VALID_STR_LEN, NULL, 0);
	buf = malloc(b.len);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, b.d, b.len);
	r = btfx_load(btf, buf, b.len, &o);
	if (r == 0) {
		check_valid_types(btf);
		ck_assert_uint_eq((uintptr_t)btfx_type_by_id(btf, 1) % 4, 0);
	} else {
		ck_assert_int_eq(r, -EBADMSG);
	}
	btfx_free(btf);
	free(buf);
}
END_TEST

/* The same for a caller buffer that is itself not 4-byte aligned. */
START_TEST(test_btfx_load_borrow_unaligned_buffer)
{
	struct btfx_load_opts o = { .sz = sizeof(o), .flags = BTFX_LOAD_BORROW };
	struct btfx *btf = btfx_new();
	struct blob b;
	uint8_t *buf;
	int r;

	valid_blob(&b, 0);
	buf = malloc(b.len + 1);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf + 1, b.d, b.len);
	r = btfx_load(btf, buf + 1, b.len, &o);
	if (r == 0) {
		check_valid_types(btf);
		ck_assert_uint_eq((uintptr_t)btfx_type_by_id(btf, 1) % 4, 0);
	} else {
		ck_assert_int_eq(r, -EINVAL);
	}
	btfx_free(btf);
	free(buf);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Files
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_load_file_missing)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("no-such-file.btf"), NULL), -ENOENT);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "no-such-file.btf"));
	check_empty_and_usable(btf);
	btfx_free(btf);
	btf = btfx_new();
	ck_assert_int_eq(btfx_load_file(btf, NULL, NULL), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_load_file_not_btf)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("types.c"), NULL), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "bad magic"));
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "types.c"));
	check_empty_and_usable(btf);
	btfx_free(btf);
}
END_TEST

static struct btfx *load_file_ok(const char *name)
{
	struct btfx *btf = btfx_new();
	int r;

	ck_assert_ptr_nonnull(btf);
	r = btfx_load_file(btf, tu_data_path(name), NULL);
	ck_assert_msg(r == 0, "%s: %d %s", name, r, btfx_errmsg(btf));
	return btf;
}

/* Same own types: byte-identical records, same strings. */
static void assert_same_btf(const struct btfx *a, const struct btfx *b, const char *what)
{
	uint32_t id, n = btfx_type_cnt(a);

	ck_assert_msg(btfx_type_cnt(b) == n, "%s: %u types, want %u", what, btfx_type_cnt(b), n);
	ck_assert_uint_eq(btfx_type_sec_len(a), btfx_type_sec_len(b));
	ck_assert_uint_eq(btfx_str_sec_len(a), btfx_str_sec_len(b));
	for (id = 1; id < n; id++) {
		ck_assert_uint_eq(btfx_record_len(a, id), btfx_record_len(b, id));
		ck_assert_msg(!memcmp(btfx_type_by_id(a, id), btfx_type_by_id(b, id),
				      btfx_record_len(a, id)),
			      "%s: type %u differs", what, id);
		ck_assert_str_eq(btfx_name_by_id(a, id), btfx_name_by_id(b, id));
	}
	ck_assert_mem_eq(btfx_str_by_offset(a, 0), btfx_str_by_offset(b, 0), btfx_str_sec_len(a));
}

static void check_file_like_raw(const char *name, const char *raw, int big)
{
	struct btfx *a = load_file_ok(raw), *b = load_file_ok(name);

	ck_assert_uint_gt(btfx_type_cnt(a), 1);
	assert_same_btf(a, b, name);
	ck_assert_int_eq(btfx_is_big_endian(b), big);
	ck_assert_int_eq(btfx_is_big_endian(a), big);
	btfx_free(a);
	btfx_free(b);
}

START_TEST(test_btfx_load_file_gzip)
{
	check_file_like_raw("types.bpfel.btf.gz", "types.bpfel.btf", 0);
}
END_TEST

START_TEST(test_btfx_load_file_elf64_le)
{
	check_file_like_raw("types.bpfel.o", "types.bpfel.btf", 0);
	check_file_like_raw("globals.bpfel.o", "globals.bpfel.btf", 0);
}
END_TEST

START_TEST(test_btfx_load_file_elf64_be)
{
	check_file_like_raw("types.bpfeb.o", "types.bpfeb.btf", 1);
}
END_TEST

START_TEST(test_btfx_load_file_elf32)
{
	check_file_like_raw("globals.elf32le.o", "globals.bpfel.btf", 0);
	check_file_like_raw("types.elf32be.o", "types.bpfeb.btf", 1);
}
END_TEST

/* An ELF object's class gives the pointer size, as in libbpf; raw BTF is guessed. */
START_TEST(test_btfx_load_file_elf_class_ptr_size)
{
	static const struct {
		const char *file;
		uint32_t ptr;
	} f[] = {
		{ "globals.elf32le.o", 4 }, { "types.elf32be.o", 4 }, { "types.elf32be.zlib.o", 4 },
		{ "types.bpfel.o", 8 },	    { "globals.bpfel.o", 8 },
	};
	struct btfx *btf;
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		btf = load_file_ok(f[i].file);
		ck_assert_msg(btfx_ptr_size(btf) == f[i].ptr, "%s: pointer size %u", f[i].file,
			      btfx_ptr_size(btf));
		btfx_free(btf);
	}
	/* The same BTF, raw: no class to go by; its 'long' (8 bytes) says. */
	btf = load_file_ok("globals.bpfel.btf");
	ck_assert_uint_eq(btfx_ptr_size(btf), 8);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_load_file_elf_zlib)
{
	check_file_like_raw("types.bpfel.zlib.o", "types.bpfel.btf", 0);
	check_file_like_raw("types.elf32be.zlib.o", "types.bpfeb.btf", 1);
}
END_TEST

/* The big- and little-endian builds of types.c hold the same types. */
START_TEST(test_btfx_load_file_both_orders_same_types)
{
	struct btfx *le = load_file_ok("types.bpfel.btf"), *be = load_file_ok("types.bpfeb.btf");

	assert_same_btf(le, be, "types.bpfeb.btf");
	ck_assert_int_eq(btfx_is_big_endian(le), 0);
	ck_assert_int_eq(btfx_is_big_endian(be), 1);
	btfx_free(le);
	btfx_free(be);
}
END_TEST

/* A file and the same bytes through btfx_load() give the same object. */
START_TEST(test_btfx_load_file_like_load)
{
	struct btfx *f = load_file_ok("sample.btf"), *m = btfx_new();
	FILE *fp = fopen(tu_data_path("sample.btf"), "rb");
	static uint8_t buf[1 << 16];
	size_t n;

	ck_assert_ptr_nonnull(fp);
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	ck_assert_uint_gt(n, 24);
	ck_assert_int_eq(btfx_load(m, buf, n, NULL), 0);
	assert_same_btf(m, f, "sample.btf");
	btfx_free(f);
	btfx_free(m);
}
END_TEST

/* "-" reads standard input. */
START_TEST(test_btfx_load_file_stdin)
{
	struct btfx *raw = load_file_ok("types.bpfel.btf"), *in = btfx_new();

	ck_assert_ptr_nonnull(freopen(tu_data_path("types.bpfel.btf.gz"), "rb", stdin));
	ck_assert_int_eq(btfx_load_file(in, "-", NULL), 0);
	assert_same_btf(raw, in, "stdin");
	btfx_free(raw);
	btfx_free(in);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Split BTF
 * ---------------------------------------------------------------------------
 */

/* Split strings at base offset 19: "bar" 19, "x" 23, "y" 25; 27 total. */
static const char split_strs[] = "bar\0x\0y";
#define SPLIT_STR_LEN ((uint32_t)sizeof(split_strs))

/*
 * [7] PTR -> 3 (base 'foo'); [8] STRUCT 'bar' size 16: x ptr (7), y int (1, base)
 * named with a base string; [9] TYPEDEF 'ptr_t' (base string) -> 8.
 */
static const uint32_t split_types[] = {
	0,  BTFX_INFO(BTFX_KIND_PTR, 0, 0),     3,
	19, BTFX_INFO(BTFX_KIND_STRUCT, 0, 2),  16, 23, 7, 0, 25, 1, 64,
	13, BTFX_INFO(BTFX_KIND_TYPEDEF, 0, 0), 8,
};
#define SPLIT_NWORDS (sizeof(split_types) / 4)

static struct btfx *split_new(struct btfx **base_out)
{
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx *base;
	struct blob b;

	valid_blob(&b, 0);
	ck_assert_int_eq(load(b.d, b.len, &base), 0);
	no.base = base;
	*base_out = base;
	return btfx_new_opts(&no);
}

START_TEST(test_btfx_load_split)
{
	const struct btfx_type *t;
	struct btfx *base, *split;
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		split = split_new(&base);
		ck_assert_ptr_nonnull(split);
		ck_assert_uint_eq(btfx_start_id(split), VALID_CNT);
		blob_build(&b, swap, 24, split_types, SPLIT_NWORDS, split_strs, SPLIT_STR_LEN,
			   NULL, 0);
		ck_assert_msg(btfx_load(split, b.d, b.len, NULL) == 0, "%s", btfx_errmsg(split));
		ck_assert_uint_eq(btfx_type_cnt(split), VALID_CNT + 3);
		ck_assert_uint_eq(btfx_start_id(split), VALID_CNT);
		ck_assert_ptr_eq(btfx_base(split), base);
		ck_assert_uint_eq(btfx_str_sec_len(split), SPLIT_STR_LEN);
		/* Base types through the split object. */
		ck_assert_str_eq(btfx_name_by_id(split, 3), "foo");
		ck_assert_ptr_eq(btfx_type_by_id(split, 1), btfx_type_by_id(base, 1));
		/* Own types. */
		t = btfx_type_by_id(split, 7);
		ck_assert_uint_eq(btfx_kind(t), BTFX_KIND_PTR);
		ck_assert_uint_eq(t->type, 3);
		ck_assert_str_eq(btfx_name_by_id(split, btfx_type_by_id(split, 7)->type), "foo");
		ck_assert_str_eq(btfx_name_by_id(split, 8), "bar");
		ck_assert_str_eq(btfx_name_by_id(split, 9), "ptr_t");
		ck_assert_uint_eq(btfx_record_len(split, 8), 36);
		ck_assert_uint_eq(btfx_record_len(split, 2), 12);
		/* Both string ranges. */
		ck_assert_str_eq(btfx_str_by_offset(split, 1), "int");
		ck_assert_str_eq(btfx_str_by_offset(split, 13), "ptr_t");
		ck_assert_str_eq(btfx_str_by_offset(split, 19), "bar");
		ck_assert_str_eq(btfx_str_by_offset(split, 23), "x");
		ck_assert_str_eq(btfx_str_by_offset(split, 25), "y");
		ck_assert_ptr_null(btfx_str_by_offset(split, 27));
		ck_assert_int_eq(btfx_find_by_name_kind(split, "bar", BTFX_KIND_STRUCT), 8);
		ck_assert_int_eq(btfx_find_by_name_kind(split, "foo", BTFX_KIND_STRUCT), 3);
		btfx_free(split);
		btfx_free(base);
	}
}
END_TEST

static void expect_split_fail(struct blob *b, int err, const char *phrase)
{
	struct btfx *base, *split = split_new(&base);
	struct blob ok;

	ck_assert_int_eq(btfx_load(split, b->d, b->len, NULL), err);
	ck_assert_msg(strstr(btfx_errmsg(split), phrase), "message '%s' lacks '%s'",
		      btfx_errmsg(split), phrase);
	ck_assert_uint_eq(btfx_type_cnt(split), VALID_CNT);
	ck_assert_uint_eq(btfx_str_sec_len(split), 0);
	blob_build(&ok, 0, 24, split_types, SPLIT_NWORDS, split_strs, SPLIT_STR_LEN, NULL, 0);
	ck_assert_int_eq(btfx_load(split, ok.d, ok.len, NULL), 0);
	ck_assert_uint_eq(btfx_type_cnt(split), VALID_CNT + 3);
	btfx_free(split);
	btfx_free(base);
}

START_TEST(test_btfx_load_split_bad_references)
{
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		blob_build(&b, swap, 24, split_types, SPLIT_NWORDS, split_strs, SPLIT_STR_LEN,
			   NULL, 0);
		tput(&b, 14, 10);
		expect_split_fail(&b, -EBADMSG, "[9] at type offset 48: references type id 10");
		blob_build(&b, swap, 24, split_types, SPLIT_NWORDS, split_strs, SPLIT_STR_LEN,
			   NULL, 0);
		tput(&b, 3, 27);
		expect_split_fail(&b, -EBADMSG, "[8] at type offset 12: name offset 27");
		blob_build(&b, swap, 24, split_types, SPLIT_NWORDS, split_strs, SPLIT_STR_LEN,
			   NULL, 0);
		b.d[b.len - 1] = 'q';
		expect_split_fail(&b, -EBADMSG, "unterminated string section");
	}
}
END_TEST

/* Split BTF may have no strings of its own. */
START_TEST(test_btfx_load_split_no_strings)
{
	static const uint32_t t[] = { 13, BTFX_INFO(BTFX_KIND_TYPEDEF, 0, 0), 3 };
	struct btfx *base, *split = split_new(&base);
	struct blob b;

	blob_build(&b, 0, 24, t, 3, "", 0, NULL, 0);
	ck_assert_msg(btfx_load(split, b.d, b.len, NULL) == 0, "%s", btfx_errmsg(split));
	ck_assert_uint_eq(btfx_type_cnt(split), VALID_CNT + 1);
	ck_assert_str_eq(btfx_name_by_id(split, 7), "ptr_t");
	btfx_free(split);
	btfx_free(base);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Robustness: truncations and byte flips never crash
 * ---------------------------------------------------------------------------
 */

static int ok_err(int r)
{
	return r == 0 || r == -EBADMSG || r == -ENOTSUP || r == -E2BIG || r == -EINVAL;
}

/* Load a malloc'd exact-size copy, and walk the result when it loads. */
static void try_load(const uint8_t *data, size_t size, uint32_t flags, const char *what,
		     size_t at)
{
	struct btfx_load_opts o = { .sz = sizeof(o), .flags = flags };
	struct btfx *btf = btfx_new();
	uint8_t *copy = malloc(size ? size : 1);
	uint32_t id, n;
	int r;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, data, size);
	r = btfx_load(btf, copy, size, &o);
	ck_assert_msg(ok_err(r), "%s at %zu: returned %d", what, at, r);
	if (r) {
		ck_assert_msg(btfx_errmsg(btf)[0], "%s at %zu: no message", what, at);
		ck_assert_uint_eq(btfx_type_cnt(btf), 1);
	} else {
		n = btfx_type_cnt(btf);
		for (id = 1; id < n; id++) {
			ck_assert_ptr_nonnull(btfx_type_by_id(btf, id));
			ck_assert_ptr_nonnull(btfx_name_by_id(btf, id));
			ck_assert_uint_ge(btfx_record_len(btf, id), 12);
		}
	}
	btfx_free(btf);
	free(copy);
}

static void sweep(const uint8_t *data, size_t size, uint32_t flags)
{
	static const char *const what[] = { "truncated", "set 0", "set 0xff", "x^1", "x^0x80" };
	uint8_t *m = malloc(size);
	size_t i;
	int v;

	ck_assert_ptr_nonnull(m);
	for (i = 0; i <= size; i++)
		try_load(data, i, flags, what[0], i);
	for (i = 0; i < size; i++) {
		for (v = 1; v <= 4; v++) {
			memcpy(m, data, size);
			m[i] = v == 1 ? 0 : v == 2 ? 0xff : v == 3 ? data[i] ^ 1 : data[i] ^ 0x80;
			try_load(m, size, flags, what[v], i);
		}
	}
	free(m);
}

START_TEST(test_btfx_load_sweep_valid_blob)
{
	struct blob b;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		valid_blob(&b, swap);
		sweep(b.d, b.len, 0);
		sweep(b.d, b.len, BTFX_LOAD_BORROW);
		layout_blob(&b, swap);
		sweep(b.d, b.len, 0);
	}
}
END_TEST

static uint8_t *read_data(const char *name, size_t *len)
{
	return tu_read_file(tu_data_path(name), len);
}

START_TEST(test_btfx_load_sweep_sample)
{
	size_t len;
	uint8_t *p = read_data("sample.btf", &len);

	ck_assert_uint_gt(len, 1000);
	sweep(p, len, 0);
	free(p);
}
END_TEST

START_TEST(test_btfx_load_sweep_big_endian_file)
{
	size_t len;
	uint8_t *p = read_data("types.bpfeb.btf", &len);

	ck_assert_uint_gt(len, 1000);
	sweep(p, len, BTFX_LOAD_BORROW);
	free(p);
}
END_TEST

static Suite *reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *tc = tcase_create("malformed");
	TCase *tl = tcase_create("layout");
	TCase *ta = tcase_create("api");
	TCase *tf = tcase_create("files");
	TCase *ts = tcase_create("split");
	TCase *tr = tcase_create("robustness");

	tcase_add_test(tc, test_btfx_load_valid_both_orders);
	tcase_add_test(tc, test_btfx_load_long_header_zero_padded);
	tcase_add_test(tc, test_btfx_load_no_types);
	tcase_add_test(tc, test_btfx_load_truncated_header);
	tcase_add_test(tc, test_btfx_load_empty_blob);
	tcase_add_test(tc, test_btfx_load_bad_magic);
	tcase_add_test(tc, test_btfx_load_unsupported_version);
	tcase_add_test(tc, test_btfx_load_version_zero);
	tcase_add_test(tc, test_btfx_load_unsupported_header_flags);
	tcase_add_test(tc, test_btfx_load_header_length_too_small);
	tcase_add_test(tc, test_btfx_load_header_length_past_blob);
	tcase_add_test(tc, test_btfx_load_header_length_huge);
	tcase_add_test(tc, test_btfx_load_unknown_header_field);
	tcase_add_test(tc, test_btfx_load_type_section_out_of_range);
	tcase_add_test(tc, test_btfx_load_type_section_wraps);
	tcase_add_test(tc, test_btfx_load_type_offset_past_blob);
	tcase_add_test(tc, test_btfx_load_string_section_out_of_range);
	tcase_add_test(tc, test_btfx_load_string_section_wraps);
	tcase_add_test(tc, test_btfx_load_type_section_unaligned_length);
	tcase_add_test(tc, test_btfx_load_type_section_unaligned_offset);
	tcase_add_test(tc, test_btfx_load_sections_overlap);
	tcase_add_test(tc, test_btfx_load_strings_before_types);
	tcase_add_test(tc, test_btfx_load_func_needs_proto);
	tcase_add_test(tc, test_btfx_load_empty_string_section);
	tcase_add_test(tc, test_btfx_load_strings_not_starting_empty);
	tcase_add_test(tc, test_btfx_load_unterminated_string_section);
	tcase_add_test(tc, test_btfx_load_string_section_too_big);
	tcase_add_test(tc, test_btfx_load_record_header_past_section);
	tcase_add_test(tc, test_btfx_load_record_past_section);
	tcase_add_test(tc, test_btfx_load_record_vlen_past_section);
	tcase_add_test(tc, test_btfx_load_kind_zero);
	tcase_add_test(tc, test_btfx_load_unknown_kind);
	tcase_add_test(tc, test_btfx_load_unknown_kind_max);
	tcase_add_test(tc, test_btfx_load_name_offset_past_strings);
	tcase_add_test(tc, test_btfx_load_name_offset_huge);
	tcase_add_test(tc, test_btfx_load_member_name_offset);
	tcase_add_test(tc, test_btfx_load_param_name_offset);
	tcase_add_test(tc, test_btfx_load_enum_value_name_offset);
	tcase_add_test(tc, test_btfx_load_references_missing_type);
	tcase_add_test(tc, test_btfx_load_member_references_missing_type);
	tcase_add_test(tc, test_btfx_load_array_references_missing_type);
	tcase_add_test(tc, test_btfx_load_param_references_missing_type);
	tcase_add_test(tc, test_btfx_load_bad_record_in_second_half);
	tcase_add_test(tc, test_btfx_load_forward_reference);
	suite_add_tcase(s, tc);

	tcase_add_test(tl, test_btfx_load_layout_describes_unknown_kind);
	tcase_add_test(tl, test_btfx_load_unknown_kind_without_layout);
	tcase_add_test(tl, test_btfx_load_layout_known_kinds_only);
	tcase_add_test(tl, test_btfx_load_layout_out_of_range);
	tcase_add_test(tl, test_btfx_load_layout_unaligned);
	tcase_add_test(tl, test_btfx_load_layout_overlaps);
	tcase_add_test(tl, test_btfx_load_layout_sizes_not_multiple_of_4);
	tcase_add_test(tl, test_btfx_load_layout_flags_kept);
	tcase_add_test(tl, test_btfx_load_split_uses_base_layout);
	tcase_add_test(tl, test_btfx_load_layout_record_past_section);
	tcase_add_test(tl, test_btfx_load_layout_record_name_offset);
	suite_add_tcase(s, tl);

	tcase_add_test(ta, test_btfx_load_null_data);
	tcase_add_test(ta, test_btfx_load_not_empty);
	tcase_add_test(ta, test_btfx_load_bad_opts);
	tcase_add_test(ta, test_btfx_load_opts_short_and_long);
	tcase_add_test(ta, test_btfx_load_borrow_points_into_caller_memory);
	tcase_add_test(ta, test_btfx_load_copies_by_default);
	tcase_add_test(ta, test_btfx_load_borrow_foreign_order_copies);
	tcase_add_test(ta, test_btfx_load_borrow_unaligned_header_length);
	tcase_add_test(ta, test_btfx_load_borrow_unaligned_buffer);
	suite_add_tcase(s, ta);

	tcase_add_test(tf, test_btfx_load_file_missing);
	tcase_add_test(tf, test_btfx_load_file_not_btf);
	tcase_add_test(tf, test_btfx_load_file_gzip);
	tcase_add_test(tf, test_btfx_load_file_elf64_le);
	tcase_add_test(tf, test_btfx_load_file_elf64_be);
	tcase_add_test(tf, test_btfx_load_file_elf32);
	tcase_add_test(tf, test_btfx_load_file_elf_class_ptr_size);
	tcase_add_test(tf, test_btfx_load_file_elf_zlib);
	tcase_add_test(tf, test_btfx_load_file_both_orders_same_types);
	tcase_add_test(tf, test_btfx_load_file_like_load);
	tcase_add_test(tf, test_btfx_load_file_stdin);
	suite_add_tcase(s, tf);

	tcase_add_test(ts, test_btfx_load_split);
	tcase_add_test(ts, test_btfx_load_split_bad_references);
	tcase_add_test(ts, test_btfx_load_split_no_strings);
	suite_add_tcase(s, ts);

	tcase_set_timeout(tr, 300);
	tcase_add_test(tr, test_btfx_load_sweep_valid_blob);
	tcase_add_test(tr, test_btfx_load_sweep_sample);
	tcase_add_test(tr, test_btfx_load_sweep_big_endian_file);
	suite_add_tcase(s, tr);
	return s;
}

int main(void)
{
	return tu_run(reader_suite());
}
