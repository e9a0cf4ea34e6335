// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_build.c - builders for every kind: the exact bytes of a valid call,
 * every rejected argument with its errno, and the object left unchanged by
 * each failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define INFO(kind, kflag, vlen) BTFX_INFO(kind, kflag, vlen)
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The own type section must be exactly these words. */
static void expect_words(struct btfx *btf, const uint32_t *w, size_t n)
{
	size_t len;
	uint32_t *got = tu_types_copy(btf, &len);

	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(len, n * 4);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(got[i] == w[i], "word %zu: got %#x, want %#x", i, got[i], w[i]);
	free(got);
}

/* Run a failing call: exact errno, a message, object unchanged. */
#define REJECT(btf, call, errno_)                                                        \
	do {                                                                             \
		struct tu_snap s_;                                                       \
		tu_snap_take(btf, &s_);                                                  \
		ck_assert_int_eq((call), (errno_));                                      \
		ck_assert_str_ne(btfx_errmsg(btf), "");                                  \
		ck_assert(tu_snap_same(btf, &s_));                                       \
	} while (0)

START_TEST(test_btfx_add_int_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
		5, INFO(BTFX_KIND_INT, 0, 0), 1, BTFX_INT_ENC(BTFX_INT_BOOL, 0, 8),
		11, INFO(BTFX_KIND_INT, 0, 0), 2, BTFX_INT_ENC(0, 3, 9),
	};

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "_Bool", 1, BTFX_INT_BOOL), 2);
	ck_assert_int_eq(btfx_add_int_bits(btf, "u9", 2, 0, 3, 9), 3);
	expect_words(btf, want, N(want));
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_int_rejects)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	REJECT(btf, btfx_add_int(btf, "", 4, 0), -EINVAL);
	REJECT(btf, btfx_add_int(btf, NULL, 4, 0), -EINVAL);
	REJECT(btf, btfx_add_int(btf, "x", 3, 0), -EINVAL);
	REJECT(btf, btfx_add_int(btf, "x", 32, 0), -EINVAL);
	REJECT(btf, btfx_add_int(btf, "x", 4, BTFX_INT_SIGNED | BTFX_INT_CHAR), -EINVAL);
	REJECT(btf, btfx_add_int(btf, "x", 4, 8), -EINVAL);
	REJECT(btf, btfx_add_int_bits(btf, "x", 4, 0, 0, 0), -EINVAL);
	REJECT(btf, btfx_add_int_bits(btf, "x", 4, 0, 1, 32), -EINVAL);
	REJECT(btf, btfx_add_int_bits(btf, "x", 16, 0, 0, 129), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "[2] INT 'x'"));
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_float_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = { 1, INFO(BTFX_KIND_FLOAT, 0, 0), 8 };

	ck_assert_int_eq(btfx_add_float(btf, "double", 8), 1);
	expect_words(btf, want, N(want));
	REJECT(btf, btfx_add_float(btf, "x", 3), -EINVAL);
	REJECT(btf, btfx_add_float(btf, "", 4), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_ref_kinds_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
		0, INFO(BTFX_KIND_PTR, 0, 0), 1,
		0, INFO(BTFX_KIND_CONST, 0, 0), 2,
		0, INFO(BTFX_KIND_VOLATILE, 0, 0), 3,
		0, INFO(BTFX_KIND_RESTRICT, 0, 0), 2,
		5, INFO(BTFX_KIND_TYPEDEF, 0, 0), 1,
		11, INFO(BTFX_KIND_TYPE_TAG, 0, 0), 1,
		16, INFO(BTFX_KIND_TYPE_TAG, 1, 0), 0,
		0, INFO(BTFX_KIND_PTR, 0, 0), 100, /* forward reference */
	};

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 2);
	ck_assert_int_eq(btfx_add_const(btf, 2), 3);
	ck_assert_int_eq(btfx_add_volatile(btf, 3), 4);
	ck_assert_int_eq(btfx_add_restrict(btf, 2), 5);
	ck_assert_int_eq(btfx_add_typedef(btf, "myint", 1), 6);
	ck_assert_int_eq(btfx_add_type_tag(btf, "user", 1), 7);
	ck_assert_int_eq(btfx_add_type_attr(btf, "as(1)", 0), 8);
	ck_assert_int_eq(btfx_add_ptr(btf, 100), 9);
	expect_words(btf, want, N(want));
	REJECT(btf, btfx_add_ptr(btf, 0x80000000u), -EINVAL);
	REJECT(btf, btfx_add_typedef(btf, "1bad", 1), -EINVAL);
	REJECT(btf, btfx_add_typedef(btf, "has space", 1), -EINVAL);
	REJECT(btf, btfx_add_typedef(btf, NULL, 1), -EINVAL);
	REJECT(btf, btfx_add_type_tag(btf, "", 1), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_array_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
		0, INFO(BTFX_KIND_ARRAY, 0, 0), 0, 1, 1, 16,
	};

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_array(btf, 1, 1, 16), 2);
	expect_words(btf, want, N(want));
	REJECT(btf, btfx_add_array(btf, 0, 1, 1), -EINVAL);
	REJECT(btf, btfx_add_array(btf, 1, 0, 1), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_append_member_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
		5, INFO(BTFX_KIND_STRUCT, 1, 3), 8,
		7, 1, 0, 9, 1, 3u << 24 | 32, 11, 1, 5u << 24 | 35,
		0, INFO(BTFX_KIND_UNION, 0, 2), 4,
		7, 1, 0, 9, 1, 0,
	};

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 8), 2);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 1, 32, 3), 0);
	ck_assert_int_eq(btfx_append_member(btf, "c", 1, 35, 5), 0);
	ck_assert_int_eq(btfx_add_union(btf, NULL, 4), 3);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 1, 0, 0), 0);
	expect_words(btf, want, N(want));
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_append_member_rejects)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	REJECT(btf, btfx_append_member(btf, "a", 1, 0, 0), -EINVAL); /* last type is an INT */
	ck_assert_int_eq(btfx_add_struct(btf, "s", 8), 2);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 32, 0), 0);
	REJECT(btf, btfx_append_member(btf, "b", 1, 0, 0), -EINVAL);   /* before a */
	REJECT(btf, btfx_append_member(btf, "b", 1, 72, 0), -EINVAL);  /* past size */
	REJECT(btf, btfx_append_member(btf, "b", 1, 60, 5), -EINVAL);  /* bitfield past size */
	REJECT(btf, btfx_append_member(btf, "b", 1, 32, 129), -EINVAL);
	REJECT(btf, btfx_append_member(btf, "b-", 1, 32, 0), -EINVAL);
	REJECT(btf, btfx_append_member(btf, "b", 0, 32, 0), -EINVAL);  /* void */
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "[2] STRUCT 's'"));
	ck_assert_int_eq(btfx_add_union(btf, "u", 4), 3);
	REJECT(btf, btfx_append_member(btf, "a", 1, 8, 0), -EINVAL);   /* union offset */
	REJECT(btf, btfx_add_struct(btf, "bad name", 4), -EINVAL);
	btfx_free(btf);
}
END_TEST

/*
 * With kind_flag set a member's offset has 24 bits: a plain member at bit
 * 2^24 or more in a struct that has a bitfield is refused (it used to be
 * stored as bits_offset=0 bitfield_size=1); without kind_flag it is fine,
 * and a first bitfield after such a member is refused.
 */
START_TEST(test_btfx_append_member_offsets_2_24)
{
	const uint32_t big = 1u << 24, sz = (1u << 21) + 16; /* bytes: past 2^24 bits */
	struct btfx *btf = btfx_new();
	const struct btfx_type *t;
	const struct btfx_member *m;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	/* kind_flag set by a bitfield first. */
	ck_assert_int_eq(btfx_add_struct(btf, "k", sz), 2);
	ck_assert_int_eq(btfx_append_member(btf, "bf", 1, 0, 3), 0);
	REJECT(btf, btfx_append_member(btf, "a", 1, big, 0), -E2BIG);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "24 bits"));
	REJECT(btf, btfx_append_member(btf, "a", 1, big + 64, 0), -E2BIG);
	REJECT(btf, btfx_append_member(btf, "a", 1, big, 4), -E2BIG);
	REJECT(btf, btfx_append_member(btf, "a", 1, 12, 0), -EINVAL); /* not byte-aligned */
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, big - 8, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 1, big - 1, 1), 0);
	t = btfx_type_by_id(btf, 2);
	m = (const struct btfx_member *)(t + 1);
	ck_assert_int_eq(btfx_kflag(t), 1);
	ck_assert_uint_eq(m[1].offset, big - 8);
	ck_assert_uint_eq(m[2].offset, 1u << 24 | (big - 1));
	/* Without kind_flag a plain member may sit at 2^24 and past it. */
	ck_assert_int_eq(btfx_add_struct(btf, "p", sz), 3);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, big, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 1, big + 64, 0), 0);
	REJECT(btf, btfx_append_member(btf, "c", 1, big + 68, 0), -EINVAL); /* not byte-aligned */
	/* Then a bitfield cannot set kind_flag. */
	REJECT(btf, btfx_append_member(btf, "c", 1, big + 96, 4), -E2BIG);
	t = btfx_type_by_id(btf, 3);
	m = (const struct btfx_member *)(t + 1);
	ck_assert_int_eq(btfx_kflag(t), 0);
	ck_assert_uint_eq(m[1].offset, big + 64);
	/* The same through the whole-array builder. */
	{
		const struct btfx_member_info bad[] = { { "bf", 1, 0, 3 }, { "a", 1, big, 0 } };
		const struct btfx_member_info ok[] = { { "a", 1, big, 0 },
						       { "b", 1, big + 32, 0 } };

		REJECT(btf, btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "w", sz, bad, 2,
							    sizeof(*bad)), -E2BIG);
		ck_assert_int_eq(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "w", sz,
								 ok, 2, sizeof(*ok)), 4);
	}
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_composite_with_members_whole)
{
	struct btfx *btf = btfx_new(), *one = btfx_new();
	const struct btfx_member_info m[] = {
		{ "a", 1, 0, 0 }, { "b", 1, 32, 4 }, { NULL, 1, 36, 4 },
	};
	const struct btfx_member_info bad[] = { { "a", 1, 0, 0 }, { "z", 1, 640, 0 } };
	size_t l1, l2;
	void *w1, *w2;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 8, m, 3,
							 sizeof(*m)), 2);
	ck_assert_int_eq(btfx_add_int(one, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(one, "s", 8), 2);
	ck_assert_int_eq(btfx_append_member(one, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(one, "b", 1, 32, 4), 0);
	ck_assert_int_eq(btfx_append_member(one, NULL, 1, 36, 4), 0);
	w1 = tu_types_copy(btf, &l1);
	w2 = tu_types_copy(one, &l2);
	ck_assert_uint_eq(l1, l2);
	ck_assert_int_eq(memcmp(w1, w2, l1), 0);
	free(w1);
	free(w2);
	/* A bad member drops the whole type and its strings. */
	REJECT(btf, btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "fresh_name", 8, bad, 2,
						    sizeof(*bad)), -EINVAL);
	ck_assert_int_eq(btfx_find_str(btf, "fresh_name"), -ENOENT);
	REJECT(btf, btfx_add_composite_with_members(btf, BTFX_KIND_ENUM, "e", 8, m, 3,
						    sizeof(*m)), -EINVAL);
	btfx_free(btf);
	btfx_free(one);
}
END_TEST

START_TEST(test_btfx_add_enum_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_ENUM, 1, 2), 4, 3, 5, 5, (uint32_t)-1,
		7, INFO(BTFX_KIND_ENUM, 0, 1), 4, 9, 0xffffffffu,
		11, INFO(BTFX_KIND_ENUM64, 0, 2), 8, 15, 1, 0, 17, 0, 0x80000000u,
	};

	ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 1);
	ck_assert_int_eq(btfx_append_enum_value(btf, "A", 5), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "B", -1), 0); /* makes it signed */
	ck_assert_int_eq(btfx_add_enum(btf, "u", 4, 0), 2);
	ck_assert_int_eq(btfx_append_enum_value(btf, "C", 0xffffffffll), 0);
	ck_assert_int_eq(btfx_add_enum64(btf, "big", 8, 0), 3);
	ck_assert_int_eq(btfx_append_enum_value(btf, "D", 1), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "E", (int64_t)0x8000000000000000ull), 0);
	expect_words(btf, want, N(want));
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_enum_rejects)
{
	struct btfx *btf = btfx_new();
	const struct btfx_enum_info v[] = { { "X", 1 }, { "bad name", 2 } };

	REJECT(btf, btfx_add_enum(btf, "e", 3, 0), -EINVAL);
	REJECT(btf, btfx_add_enum(btf, "e", 4, 0x10), -EINVAL);
	REJECT(btf, btfx_append_enum_value(btf, "A", 1), -EINVAL); /* no enum */
	ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 1);
	REJECT(btf, btfx_append_enum_value(btf, "A", 0x100000000ll), -E2BIG);
	REJECT(btf, btfx_append_enum_value(btf, "A", INT32_MIN - 1ll), -E2BIG);
	REJECT(btf, btfx_append_enum_value(btf, "", 1), -EINVAL);
	ck_assert_int_eq(btfx_append_enum_value(btf, "U", 0x90000000ll), 0);
	REJECT(btf, btfx_append_enum_value(btf, "N", -1), -EINVAL); /* cannot turn signed */
	REJECT(btf, btfx_add_enum_with_values(btf, BTFX_KIND_ENUM, "f", 4, 0, v, 2,
					      sizeof(*v)), -EINVAL);
	ck_assert_int_eq(btfx_find_str(btf, "X"), -ENOENT);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_fwd_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_FWD, 0, 0), 0, 3, INFO(BTFX_KIND_FWD, 1, 0), 0,
		5, INFO(BTFX_KIND_ENUM, 0, 0), 4, /* as libbpf: an empty 4-byte ENUM */
	};

	ck_assert_int_eq(btfx_add_fwd(btf, "s", BTFX_FWD_STRUCT), 1);
	ck_assert_int_eq(btfx_add_fwd(btf, "u", BTFX_FWD_UNION), 2);
	ck_assert_int_eq(btfx_add_fwd(btf, "e", BTFX_FWD_ENUM), 3);
	expect_words(btf, want, N(want));
	REJECT(btf, btfx_add_fwd(btf, "", BTFX_FWD_STRUCT), -EINVAL);
	REJECT(btf, btfx_add_fwd(btf, "", BTFX_FWD_ENUM), -EINVAL);
	REJECT(btf, btfx_add_fwd(btf, NULL, BTFX_FWD_ENUM), -EINVAL);
	REJECT(btf, btfx_add_fwd(btf, "x", 3), -EINVAL);
	REJECT(btf, btfx_add_fwd(btf, "x", -1), -EINVAL);
	/* Values may be appended to it, as to any ENUM. */
	ck_assert_int_eq(btfx_append_enum_value(btf, "E", 1), 0);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_func_bytes)
{
	struct btfx *btf = btfx_new();
	const struct btfx_param_info p[] = { { "a", 1 }, { NULL, 0 } };
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
		0, INFO(BTFX_KIND_FUNC_PROTO, 0, 2), 1, 5, 1, 0, 0,
		7, INFO(BTFX_KIND_FUNC, 0, BTFX_FUNC_GLOBAL), 2,
		0, INFO(BTFX_KIND_FUNC_PROTO, 0, 2), 1, 5, 1, 0, 0,
	};

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 2);
	ck_assert_int_eq(btfx_append_param(btf, "a", 1), 0);
	ck_assert_int_eq(btfx_append_param(btf, NULL, 0), 0);
	REJECT(btf, btfx_append_param(btf, "b", 1), -EINVAL); /* after ... */
	ck_assert_int_eq(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 2), 3);
	ck_assert_int_eq(btfx_add_func_proto_with_params(btf, 1, p, 2, sizeof(*p)), 4);
	expect_words(btf, want, N(want));
	REJECT(btf, btfx_add_func(btf, "g", 3, 2), -EINVAL);
	REJECT(btf, btfx_add_func(btf, "g", BTFX_FUNC_STATIC, 1), -EINVAL); /* not a proto */
	REJECT(btf, btfx_add_func(btf, "", BTFX_FUNC_STATIC, 2), -EINVAL);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 5);
	REJECT(btf, btfx_append_param(btf, "v", 0), -EINVAL); /* named void */
	REJECT(btf, btfx_append_param(btf, "9", 1), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_var_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
		5, INFO(BTFX_KIND_VAR, 0, 0), 1, BTFX_VAR_GLOBAL_ALLOCATED,
	};

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 2);
	expect_words(btf, want, N(want));
	REJECT(btf, btfx_add_var(btf, "w", 3, 1), -EINVAL);
	REJECT(btf, btfx_add_var(btf, "w", BTFX_VAR_STATIC, 0), -EINVAL);
	REJECT(btf, btfx_add_var(btf, "w-", BTFX_VAR_STATIC, 1), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_add_decl_tag_bytes)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
		5, INFO(BTFX_KIND_STRUCT, 0, 1), 4, 7, 1, 0,
		9, INFO(BTFX_KIND_DECL_TAG, 0, 0), 2, (uint32_t)-1,
		9, INFO(BTFX_KIND_DECL_TAG, 0, 0), 2, 0,
		13, INFO(BTFX_KIND_DECL_TAG, 1, 0), 2, 0,
	};

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 4), 2);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "tag", 2, -1), 3);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "tag", 2, 0), 4);
	ck_assert_int_eq(btfx_add_decl_attr(btf, "attr", 2, 0), 5);
	expect_words(btf, want, N(want));
	REJECT(btf, btfx_add_decl_tag(btf, "tag", 2, 1), -EINVAL);  /* past vlen */
	REJECT(btf, btfx_add_decl_tag(btf, "tag", 2, -2), -EINVAL);
	REJECT(btf, btfx_add_decl_tag(btf, "tag", 1, -1), -EINVAL); /* INT */
	REJECT(btf, btfx_add_decl_tag(btf, "", 2, -1), -EINVAL);
	REJECT(btf, btfx_add_decl_tag(btf, "tag", 0, -1), -EINVAL);
	btfx_free(btf);
}
END_TEST

/* int, two VARs, then a type of the kind the appenders are tried on. */
static struct btfx *ending_in(int kind)
{
	const struct btfx_var_secinfo v[] = { { 2, 0, 4 }, { 3, 8, 4 } };
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(btf, "a", BTFX_VAR_GLOBAL_ALLOCATED, 1), 2);
	ck_assert_int_eq(btfx_add_var(btf, "b", BTFX_VAR_GLOBAL_ALLOCATED, 1), 3);
	switch (kind) {
	case BTFX_KIND_STRUCT:
		ck_assert_int_eq(btfx_add_struct(btf, "s", 8), 4);
		ck_assert_int_eq(btfx_append_member(btf, "x", 1, 32, 0), 0);
		break;
	case BTFX_KIND_ENUM:
		ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 4);
		ck_assert_int_eq(btfx_append_enum_value(btf, "A", 0x90000000ll), 0);
		break;
	case BTFX_KIND_FUNC_PROTO:
		ck_assert_int_eq(btfx_add_func_proto(btf, 1), 4);
		ck_assert_int_eq(btfx_append_param(btf, "p", 1), 0);
		break;
	default:
		ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, v, 2), 4);
		break;
	}
	return btf;
}

/* Failing calls on the last type, then one that succeeds. */
static void appends(struct btfx *btf, int kind)
{
	const struct btfx_member_info m[] = { { "a", 1, 0, 0 }, { "b", 1, 8, 0 } };

	REJECT(btf, btfx_add_int(btf, "x", 3, 0), -EINVAL);
	REJECT(btf, btfx_add_composite_with_members(btf, BTFX_KIND_UNION, "u", 4, m, 2,
						    sizeof(*m)), -EINVAL);
	switch (kind) {
	case BTFX_KIND_STRUCT:
		REJECT(btf, btfx_append_member(btf, "y", 1, 0, 0), -EINVAL);
		REJECT(btf, btfx_append_member(btf, "y", 1, 72, 0), -EINVAL);
		REJECT(btf, btfx_append_member(btf, "y", 1, 32, 129), -EINVAL);
		REJECT(btf, btfx_append_member(btf, "y", 0, 32, 0), -EINVAL);
		REJECT(btf, btfx_append_enum_value(btf, "Y", 1), -EINVAL);
		ck_assert_int_eq(btfx_append_member(btf, "y", 1, 40, 3), 0);
		break;
	case BTFX_KIND_ENUM:
		REJECT(btf, btfx_append_enum_value(btf, "Y", 0x100000000ll), -E2BIG);
		REJECT(btf, btfx_append_enum_value(btf, "Y", -1), -EINVAL);
		REJECT(btf, btfx_append_enum_value(btf, "", 1), -EINVAL);
		REJECT(btf, btfx_append_member(btf, "y", 1, 0, 0), -EINVAL);
		ck_assert_int_eq(btfx_append_enum_value(btf, "Y", 7), 0);
		break;
	case BTFX_KIND_FUNC_PROTO:
		REJECT(btf, btfx_append_param(btf, "v", 0), -EINVAL);
		REJECT(btf, btfx_append_param(btf, "9", 1), -EINVAL);
		ck_assert_int_eq(btfx_append_param(btf, "q", 1), 0);
		break;
	default:
		REJECT(btf, btfx_append_secinfo(btf, 3, 2, 4), -EINVAL);
		REJECT(btf, btfx_append_secinfo(btf, 3, 14, 4), -EINVAL);
		REJECT(btf, btfx_append_secinfo(btf, 1, 4, 4), -EINVAL);
		REJECT(btf, btfx_append_param(btf, "q", 1), -EINVAL);
		ck_assert_int_eq(btfx_append_secinfo(btf, 3, 4, 4), 0);
		break;
	}
}

/*
 * The same transactions on an object as built, loaded from its blob, and
 * loaded with its DATASECs out of order: same errors, nothing changed by
 * a failure, the same object after the successful call.
 */
START_TEST(test_builders_loaded_transactions)
{
	const int kinds[] = { BTFX_KIND_STRUCT, BTFX_KIND_ENUM, BTFX_KIND_FUNC_PROTO,
			      BTFX_KIND_DATASEC };
	size_t k;
	int mode;

	for (k = 0; k < N(kinds); k++) {
		struct btfx *built = ending_in(kinds[k]);
		char *want, *got;

		for (mode = 0; mode < 3; mode++) {
			struct btfx *btf = mode ? tu_reload(built, 0, mode == 2) :
						  ending_in(kinds[k]);

			ck_assert_ptr_nonnull(btf);
			appends(btf, kinds[k]);
			if (mode == 0) {
				want = tu_dump(btf);
			} else {
				got = tu_dump(btf);
				ck_assert_str_eq(got, want);
				free(got);
			}
			btfx_free(btf);
		}
		free(want);
		btfx_free(built);
	}
}
END_TEST

/*
 * Names as the kernel has checked them since 6.5: identifiers may hold '.'
 * (sanitizers' and LTO's symbols), at most 512 characters.
 */
START_TEST(test_builders_dotted_names)
{
	struct btfx *btf = btfx_new();
	const struct btfx_member_info m[] = { { "a.b", 1, 0, 0 } };
	const struct btfx_enum_info v[] = { { "E.1", 1 } };
	char name[600];

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_func_proto(btf, 0), 2);
	ck_assert_int_eq(btfx_append_param(btf, "p.q", 1), 0);
	ck_assert_int_eq(btfx_add_func(btf, "asan.module_ctor", BTFX_FUNC_STATIC, 2), 3);
	ck_assert_int_eq(btfx_add_func(btf, "foo.llvm.123", BTFX_FUNC_GLOBAL, 2), 4);
	ck_assert_int_eq(btfx_add_var(btf, "x.llvm.77", BTFX_VAR_STATIC, 1), 5);
	ck_assert_int_eq(btfx_add_var(btf, ".w", BTFX_VAR_STATIC, 1), 6);
	ck_assert_int_eq(btfx_add_typedef(btf, "t.t", 1), 7);
	ck_assert_int_eq(btfx_add_fwd(btf, "f.f", BTFX_FWD_STRUCT), 8);
	ck_assert_int_eq(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s.s", 4, m, 1,
							 sizeof(*m)), 9);
	ck_assert_int_eq(btfx_add_enum_with_values(btf, BTFX_KIND_ENUM, "e.e", 4, 0, v, 1,
						   sizeof(*v)), 10);
	ck_assert_int_eq(btfx_add_var(btf, "caf\xe9", BTFX_VAR_STATIC, 1), 11); /* Latin-1 */
	REJECT(btf, btfx_add_func(btf, "9.x", BTFX_FUNC_STATIC, 2), -EINVAL);
	REJECT(btf, btfx_add_func(btf, "a-b", BTFX_FUNC_STATIC, 2), -EINVAL);
	REJECT(btf, btfx_add_var(btf, "a b", BTFX_VAR_STATIC, 1), -EINVAL);
	REJECT(btf, btfx_add_var(btf, "a\x80", BTFX_VAR_STATIC, 1), -EINVAL);
	REJECT(btf, btfx_add_var(btf, "a\xd7", BTFX_VAR_STATIC, 1), -EINVAL);
	REJECT(btf, btfx_add_var(btf, "", BTFX_VAR_STATIC, 1), -EINVAL);
	REJECT(btf, btfx_add_typedef(btf, "t$", 1), -EINVAL);
	/* 512 characters are a name, 513 are not. */
	memset(name, 'n', sizeof(name));
	name[512] = '\0';
	ck_assert_int_gt(btfx_add_var(btf, name, BTFX_VAR_STATIC, 1), 0);
	name[512] = 'n';
	name[513] = '\0';
	REJECT(btf, btfx_add_var(btf, name, BTFX_VAR_STATIC, 1), -EINVAL);
	btfx_free(btf);
}
END_TEST

/*
 * The whole-array builders take the element size, so that the info structs
 * can grow: shorter is refused, longer needs zero bytes past what this
 * version knows.
 */
START_TEST(test_builders_elem_sz)
{
	struct member_v2 {
		struct btfx_member_info m;
		uint64_t later;
	} m2[2];
	struct enum_v2 {
		struct btfx_enum_info e;
		uint32_t later[2];
	} e2[1];
	struct param_v2 {
		struct btfx_param_info p;
		char later[16];
	} p2[1];
	struct btfx *btf = btfx_new(), *one = btfx_new();
	const struct btfx_member_info m[2] = { { "a", 1, 0, 0 }, { "b", 1, 32, 0 } };
	char *want, *got;

	memset(m2, 0, sizeof(m2));
	memset(e2, 0, sizeof(e2));
	memset(p2, 0, sizeof(p2));
	m2[0].m = m[0];
	m2[1].m = m[1];
	e2[0].e.name = "A";
	e2[0].e.value = 1;
	p2[0].p.name = "x";
	p2[0].p.type = 1;
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	REJECT(btf, btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 8, m, 2,
						    sizeof(*m) - 1), -EINVAL);
	REJECT(btf, btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 8, m, 2, 0),
	       -EINVAL);
	REJECT(btf, btfx_add_enum_with_values(btf, BTFX_KIND_ENUM, "e", 4, 0, &e2[0].e, 1, 8),
	       -EINVAL);
	REJECT(btf, btfx_add_func_proto_with_params(btf, 1, &p2[0].p, 1, 4), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "element size 4"));
	/* Longer elements with zero tails: the same types as the short ones. */
	ck_assert_int_eq(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 8, &m2[0].m,
							 2, sizeof(*m2)), 2);
	ck_assert_int_eq(btfx_add_enum_with_values(btf, BTFX_KIND_ENUM, "e", 4, 0, &e2[0].e, 1,
						   sizeof(*e2)), 3);
	ck_assert_int_eq(btfx_add_func_proto_with_params(btf, 1, &p2[0].p, 1, sizeof(*p2)), 4);
	ck_assert_int_eq(btfx_add_int(one, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_composite_with_members(one, BTFX_KIND_STRUCT, "s", 8, m, 2,
							 sizeof(*m)), 2);
	ck_assert_int_eq(btfx_add_enum_with_values(one, BTFX_KIND_ENUM, "e", 4, 0, &e2[0].e, 1,
						   sizeof(e2[0].e)), 3);
	ck_assert_int_eq(btfx_add_func_proto_with_params(one, 1, &p2[0].p, 1, sizeof(p2[0].p)), 4);
	want = tu_dump(one);
	got = tu_dump(btf);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	/* A non-zero byte past what this version knows. */
	m2[1].later = 1;
	e2[0].later[1] = 1;
	p2[0].later[15] = 1;
	REJECT(btf, btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "t", 8, &m2[0].m, 2,
						    sizeof(*m2)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "members 1 has non-zero bytes"));
	REJECT(btf, btfx_add_enum_with_values(btf, BTFX_KIND_ENUM, "f", 4, 0, &e2[0].e, 1,
					      sizeof(*e2)), -EINVAL);
	REJECT(btf, btfx_add_func_proto_with_params(btf, 1, &p2[0].p, 1, sizeof(*p2)), -EINVAL);
	/* NULL arrays and too many elements. */
	REJECT(btf, btfx_add_func_proto_with_params(btf, 1, NULL, 1, sizeof(p2[0].p)), -EINVAL);
	REJECT(btf, btfx_add_func_proto_with_params(btf, 1, &p2[0].p, 70000, sizeof(p2[0].p)),
	       -E2BIG);
	ck_assert_int_eq(btfx_add_func_proto_with_params(btf, 1, NULL, 0, 0) > 0, 0);
	ck_assert_int_eq(btfx_add_func_proto_with_params(btf, 1, NULL, 0, sizeof(p2[0].p)), 5);
	btfx_free(btf);
	btfx_free(one);
}
END_TEST

/* An empty DATASEC to append to, as libbpf's btf__add_datasec(). */
START_TEST(test_btfx_add_datasec_empty)
{
	struct btfx *btf = btfx_new();
	const uint32_t want[] = {
		1, INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(BTFX_INT_SIGNED, 0, 32),
		5, INFO(BTFX_KIND_VAR, 0, 0), 1, BTFX_VAR_STATIC,
		7, INFO(BTFX_KIND_DATASEC, 0, 1), 8, 2, 4, 4,
	};

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_STATIC, 1), 2);
	REJECT(btf, btfx_add_datasec(btf, "", 8), -EINVAL);
	REJECT(btf, btfx_add_datasec(btf, ".bss", 0), -EINVAL);
	ck_assert_int_eq(btfx_add_datasec(btf, ".bss", 8), 3);
	REJECT(btf, btfx_append_secinfo(btf, 2, 6, 4), -EINVAL);
	ck_assert_int_eq(btfx_append_secinfo(btf, 2, 4, 4), 0);
	expect_words(btf, want, N(want));
	btfx_free(btf);
}
END_TEST

/* The allocator has a size, checked as an opts struct's. */
START_TEST(test_btfx_new_opts_allocator_sz)
{
	struct {
		struct btfx_allocator a;
		char extra[8];
	} big;
	struct btfx_new_opts o = { .sz = sizeof(o), .allocator = &big.a };
	struct tu_failalloc fa;
	struct btfx *btf;

	memset(&big, 0, sizeof(big));
	tu_failalloc_init(&fa, &big.a, 0);
	btf = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(btf);
	btfx_free(btf);
	big.a.sz = sizeof(big);
	btf = btfx_new_opts(&o); /* longer, zero tail */
	ck_assert_ptr_nonnull(btf);
	btfx_free(btf);
	big.extra[7] = 1;
	errno = 0;
	ck_assert_ptr_null(btfx_new_opts(&o));
	ck_assert_int_eq(errno, EINVAL);
	big.a.sz = sizeof(big.a) - 1;
	ck_assert_ptr_null(btfx_new_opts(&o));
	big.a.sz = 0;
	ck_assert_ptr_null(btfx_new_opts(&o));
	ck_assert_int_eq(fa.live, 0);
}
END_TEST

/* The builders leave no trace when memory runs out at any allocation. */
START_TEST(test_builders_oom_sweep)
{
	struct btfx_new_opts opts = { .sz = sizeof(opts) };
	struct btfx_allocator a;
	struct tu_failalloc fa;
	long n;
	int done = 0;

	for (n = 1; !done && n < 200; n++) {
		struct btfx *btf;
		int r;

		tu_failalloc_init(&fa, &a, 0);
		opts.allocator = &a;
		btf = btfx_new_opts(&opts);
		ck_assert_ptr_nonnull(btf);
		ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
		fa.fail_at = fa.calls + n;
		r = btfx_add_struct(btf, "a_fairly_long_struct_name_to_grow_things", 8);
		if (r >= 0)
			r = btfx_append_member(btf, "member_name_that_is_long_too", 1, 0, 0);
		if (r < 0) {
			ck_assert_int_eq(r, -ENOMEM);
			fa.fail_at = 0;
			ck_assert_int_eq(btfx_find_str(btf, "member_name_that_is_long_too"), -ENOENT);
		} else {
			done = 1;
		}
		fa.fail_at = 0;
		ck_assert_int_eq(btfx_add_ptr(btf, 1) > 0, 1);
		btfx_free(btf);
		ck_assert_int_eq(fa.live, 0);
	}
	ck_assert_int_eq(done, 1);
}
END_TEST

START_TEST(test_btfx_new_opts_rejects)
{
	struct {
		struct btfx_new_opts o;
		char extra[8];
	} big;
	struct btfx_new_opts o = { .sz = 2 };
	struct btfx *btf;

	errno = 0;
	ck_assert_ptr_null(btfx_new_opts(&o));
	ck_assert_int_eq(errno, EINVAL);
	memset(&big, 0, sizeof(big));
	big.o.sz = sizeof(big);
	btf = btfx_new_opts(&big.o); /* longer, zero tail: accepted */
	ck_assert_ptr_nonnull(btf);
	btfx_free(btf);
	big.extra[3] = 1;
	ck_assert_ptr_null(btfx_new_opts(&big.o));
	ck_assert_int_eq(errno, EINVAL);
	o.sz = sizeof(o);
	o.reserved = 1; /* reserved fields must be 0 */
	ck_assert_ptr_null(btfx_new_opts(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.reserved = 0;
	o.flags = 1u << 7; /* unknown flag */
	ck_assert_ptr_null(btfx_new_opts(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.flags = 0;
	o.sz = sizeof(size_t); /* shortest: defaults */
	btf = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(btf);
	btfx_free(btf);
	btfx_free(NULL);
}
END_TEST

static Suite *build_suite(void)
{
	Suite *s = suite_create("build");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_btfx_add_int_bytes);
	tcase_add_test(tc, test_btfx_add_int_rejects);
	tcase_add_test(tc, test_btfx_add_float_bytes);
	tcase_add_test(tc, test_btfx_add_ref_kinds_bytes);
	tcase_add_test(tc, test_btfx_add_array_bytes);
	tcase_add_test(tc, test_btfx_append_member_bytes);
	tcase_add_test(tc, test_btfx_append_member_rejects);
	tcase_add_test(tc, test_btfx_append_member_offsets_2_24);
	tcase_add_test(tc, test_btfx_add_composite_with_members_whole);
	tcase_add_test(tc, test_btfx_add_enum_bytes);
	tcase_add_test(tc, test_btfx_add_enum_rejects);
	tcase_add_test(tc, test_btfx_add_fwd_bytes);
	tcase_add_test(tc, test_btfx_add_func_bytes);
	tcase_add_test(tc, test_btfx_add_var_bytes);
	tcase_add_test(tc, test_btfx_add_decl_tag_bytes);
	tcase_add_test(tc, test_builders_loaded_transactions);
	tcase_add_test(tc, test_builders_dotted_names);
	tcase_add_test(tc, test_builders_elem_sz);
	tcase_add_test(tc, test_btfx_add_datasec_empty);
	tcase_add_test(tc, test_btfx_new_opts_allocator_sz);
	tcase_add_test(tc, test_builders_oom_sweep);
	tcase_add_test(tc, test_btfx_new_opts_rejects);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(build_suite());
}
