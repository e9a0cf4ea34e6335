// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_dedup.c - btfx_dedup(): strings, primitive and reference types,
 * STRUCT/UNION equivalence over cycles, FWD resolution (unique and
 * ambiguous), enum declarations, split BTF over a base, the id map,
 * determinism, errors leaving the object unchanged, and an allocation
 * failure sweep.  The vmlinux part: the kernel's BTF, deduped, and twice
 * itself, deduped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Dedup btf and check its dump is want. */
static void dedup_dump_is(struct btfx *btf, const char *want)
{
	char *got;
	int err = btfx_dedup(btf, NULL);

	ck_assert_msg(err == 0, "dedup: %d %s", err, btfx_errmsg(btf));
	got = tu_dump(btf);
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(!strcmp(got, want), "got:\n%s\nwant:\n%s", got, want);
	free(got);
}

static void dedup_map(struct btfx *btf, uint32_t *map, uint32_t cnt)
{
	struct btfx_dedup_opts o = { .sz = sizeof(o), .id_map = map, .id_map_cnt = cnt };
	int err = btfx_dedup(btf, &o);

	ck_assert_msg(err == 0, "dedup: %d %s", err, btfx_errmsg(btf));
}

static void check_map(const uint32_t *got, const uint32_t *want, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		ck_assert_msg(got[i] == want[i], "id_map[%u] = %u, want %u", i, got[i], want[i]);
}

/* [n] int, [n+1] struct list { int v; struct list *next; }, [n+2] its pointer. */
static int add_list(struct btfx *btf, const char *name)
{
	int i = btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED);
	int s = btfx_add_struct(btf, name, 16);

	ck_assert_int_gt(i, 0);
	ck_assert_int_eq(btfx_append_member(btf, "v", (uint32_t)i, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "next", (uint32_t)s + 1, 64, 0), 0);
	ck_assert_int_eq(btfx_add_ptr(btf, (uint32_t)s), s + 1);
	return s;
}

START_TEST(test_btfx_dedup_prims)
{
	struct btfx *btf = btfx_new();
	uint32_t map[9];
	static const uint32_t want[9] = { 0, 1, 2, 3, 1, 2, 3, 4, 1 };

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_float(btf, "double", 8), 2);
	ck_assert_int_eq(btfx_add_fwd(btf, "s", BTFX_FWD_STRUCT), 3);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 4);
	ck_assert_int_eq(btfx_add_float(btf, "double", 8), 5);
	ck_assert_int_eq(btfx_add_fwd(btf, "s", BTFX_FWD_STRUCT), 6);
	/* Differs by encoding, so stays. */
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 7);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 8);
	dedup_map(btf, map, N(map));
	check_map(map, want, N(want));
	ck_assert_int_eq(btfx_type_cnt(btf), 5);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dedup_strings_compacted)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_ge(btfx_add_str(btf, "unused"), 0);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 1);
	ck_assert_int_ge(btfx_add_str(btf, "also unused"), 0);
	ck_assert_int_eq(btfx_add_int(btf, "long", 8, 0), 2);
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	/* "", then the names in order of first use. */
	ck_assert_int_eq(btfx_str_sec_len(btf), 1 + 4 + 5);
	ck_assert_str_eq(btfx_name_by_id(btf, 1), "int");
	ck_assert_str_eq(btfx_name_by_id(btf, 2), "long");
	ck_assert_int_eq(btfx_find_str(btf, "unused"), -ENOENT);
	btfx_free(btf);
}
END_TEST

/* A blob with "int" twice in its string section: one string after dedup. */
START_TEST(test_btfx_dedup_strings_merged)
{
	static const uint32_t blob[] = {
		0x0000eb9f | (1u << 16),
		24,
		0,
		32,
		32,
		13, /* header (magic, version, len...) */
		1,
		BTFX_INFO(BTFX_KIND_INT, 0, 0),
		4,
		32,
		5,
		BTFX_INFO(BTFX_KIND_INT, 0, 0),
		4,
		32,
	};
	char raw[sizeof(blob) + 13];
	struct btfx *btf = btfx_new();

	memcpy(raw, blob, sizeof(blob));
	memcpy(raw + sizeof(blob), "\0int\0int\0int", 13);
	ck_assert_int_eq(btfx_load(btf, raw, sizeof(raw), NULL), 0);
	ck_assert_int_eq(btfx_type_cnt(btf), 3);
	dedup_dump_is(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=(none)\n");
	ck_assert_int_eq(btfx_str_sec_len(btf), 5);
	btfx_free(btf);
}
END_TEST

/* Two copies of a self-referencing list: one. */
START_TEST(test_btfx_dedup_cycle_through_pointer)
{
	struct btfx *btf = btfx_new();
	uint32_t map[7];
	static const uint32_t want[7] = { 0, 1, 2, 3, 1, 2, 3 };

	ck_assert_int_eq(add_list(btf, "list"), 2);
	ck_assert_int_eq(add_list(btf, "list"), 5);
	dedup_map(btf, map, N(map));
	check_map(map, want, N(want));
	dedup_dump_is(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
			   "[2] STRUCT 'list' size=16 vlen=2\n"
			   "\t'v' type_id=1 bits_offset=0\n"
			   "\t'next' type_id=3 bits_offset=64\n"
			   "[3] PTR '(anon)' type_id=2\n");
	btfx_free(btf);
}
END_TEST

/* Same shape, different member type: not merged. */
START_TEST(test_btfx_dedup_cycle_different)
{
	struct btfx *btf = btfx_new();
	int l, s, p;

	ck_assert_int_eq(add_list(btf, "list"), 2);
	l = btfx_add_int(btf, "long", 4, BTFX_INT_SIGNED);
	s = btfx_add_struct(btf, "list", 16);
	ck_assert_int_eq(btfx_append_member(btf, "v", (uint32_t)l, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "next", (uint32_t)s + 1, 64, 0), 0);
	p = btfx_add_ptr(btf, (uint32_t)s);
	ck_assert_int_eq(p, s + 1);
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	ck_assert_int_eq(btfx_type_cnt(btf), 7);
	btfx_free(btf);
}
END_TEST

/*
 * CU 1: struct A { struct B *b; } with B a FWD; CU 2: the same with B
 * defined.  A merges, and CU 1's FWD resolves to CU 2's B.
 */
START_TEST(test_btfx_dedup_fwd_in_graph)
{
	struct btfx *btf = btfx_new();
	uint32_t map[9];

	ck_assert_int_eq(btfx_add_struct(btf, "A", 8), 1);
	ck_assert_int_eq(btfx_append_member(btf, "b", 2, 0, 0), 0);
	ck_assert_int_eq(btfx_add_ptr(btf, 3), 2);
	ck_assert_int_eq(btfx_add_fwd(btf, "B", BTFX_FWD_STRUCT), 3);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 4);
	ck_assert_int_eq(btfx_add_struct(btf, "A", 8), 5);
	ck_assert_int_eq(btfx_append_member(btf, "b", 6, 0, 0), 0);
	ck_assert_int_eq(btfx_add_ptr(btf, 7), 6);
	ck_assert_int_eq(btfx_add_struct(btf, "B", 4), 7);
	ck_assert_int_eq(btfx_append_member(btf, "x", 4, 0, 0), 0);
	/* A pointer to the FWD outside the graph follows it too. */
	ck_assert_int_eq(btfx_add_ptr(btf, 3), 8);
	dedup_map(btf, map, N(map));
	/* [3] FWD goes; [1] A keeps [2] ptr, which now points at B. */
	ck_assert_int_eq(btfx_type_cnt(btf), 5);
	ck_assert_int_eq(map[1], 1);
	ck_assert_int_eq(map[5], 1);
	ck_assert_int_eq(map[3], map[7]);
	ck_assert_int_eq(map[2], map[6]);
	ck_assert_int_eq(map[8], map[2]);
	ck_assert_int_eq(btfx_kind(btfx_type_by_id(btf, map[3])), BTFX_KIND_STRUCT);
	btfx_free(btf);
}
END_TEST

/* A FWD not in any graph resolves to the one struct of its name (pass 4). */
START_TEST(test_btfx_dedup_fwd_unique)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_add_fwd(btf, "foo", BTFX_FWD_STRUCT), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 2);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 3);
	ck_assert_int_eq(btfx_add_struct(btf, "foo", 4), 4);
	ck_assert_int_eq(btfx_append_member(btf, "u", 3, 0, 0), 0);
	ck_assert_int_eq(btfx_add_ptr(btf, 4), 5);
	/* A union FWD of the name stays: the kind differs. */
	ck_assert_int_eq(btfx_add_fwd(btf, "foo", BTFX_FWD_UNION), 6);
	dedup_dump_is(btf, "[1] PTR '(anon)' type_id=3\n"
			   "[2] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=(none)\n"
			   "[3] STRUCT 'foo' size=4 vlen=1\n"
			   "\t'u' type_id=2 bits_offset=0\n"
			   "[4] FWD 'foo' fwd_kind=union\n");
	btfx_free(btf);
}
END_TEST

/* Two different structs of one name: the FWD stays, both structs stay. */
START_TEST(test_btfx_dedup_fwd_ambiguous)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_add_fwd(btf, "foo", BTFX_FWD_STRUCT), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 2);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 3);
	ck_assert_int_eq(btfx_add_struct(btf, "foo", 4), 4);
	ck_assert_int_eq(btfx_append_member(btf, "u", 3, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(btf, "foo", 4), 5);
	ck_assert_int_eq(btfx_append_member(btf, "w", 3, 0, 0), 0);
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	ck_assert_int_eq(btfx_type_cnt(btf), 6);
	ck_assert_int_eq(btfx_kind(btfx_type_by_id(btf, 1)), BTFX_KIND_FWD);
	ck_assert_int_eq(btfx_type_by_id(btf, 2)->type, 1);
	btfx_free(btf);
}
END_TEST

/*
 * Enum declarations resolve to the full enum of their name, ENUM64 too,
 * before or after it.  When full enums of both kinds have the name, the
 * canonical declaration goes to the last of them, as in libbpf.
 */
START_TEST(test_btfx_dedup_enum_fwd)
{
	struct btfx *btf = btfx_new();
	uint32_t map[8];
	static const uint32_t want[8] = { 0, 3, 1, 3, 2, 2, 2, 3 };

	ck_assert_int_eq(btfx_add_fwd(btf, "e", BTFX_FWD_ENUM), 1);
	ck_assert_int_eq(btfx_add_enum64(btf, "e", 8, 0), 2);
	ck_assert_int_eq(btfx_append_enum_value(btf, "BIG", (int64_t)1 << 40), 0);
	ck_assert_int_eq(btfx_add_fwd(btf, "e", BTFX_FWD_ENUM), 3);
	ck_assert_int_eq(btfx_add_fwd(btf, "f", BTFX_FWD_ENUM), 4);
	ck_assert_int_eq(btfx_add_enum(btf, "f", 4, 0), 5);
	ck_assert_int_eq(btfx_append_enum_value(btf, "A", 1), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "f", 4, 0), 6);
	ck_assert_int_eq(btfx_append_enum_value(btf, "A", 1), 0);
	/* Full ENUM and ENUM64 of one name are different types, as in libbpf. */
	ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 7);
	ck_assert_int_eq(btfx_append_enum_value(btf, "BIG", 1), 0);
	dedup_map(btf, map, N(map));
	check_map(map, want, N(want));
	ck_assert_int_eq(btfx_type_cnt(btf), 4);
	ck_assert_int_eq(btfx_kind(btfx_type_by_id(btf, 1)), BTFX_KIND_ENUM64);
	ck_assert_int_eq(btfx_kind(btfx_type_by_id(btf, 3)), BTFX_KIND_ENUM);
	btfx_free(btf);
}
END_TEST

/* An ENUM64 declared first, defined later: the declaration resolves to it. */
START_TEST(test_btfx_dedup_enum64_fwd)
{
	struct btfx *btf = btfx_new();
	uint32_t map[4];
	static const uint32_t want[4] = { 0, 2, 1, 2 };

	ck_assert_int_eq(btfx_add_fwd(btf, "e", BTFX_FWD_ENUM), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 2);
	ck_assert_int_eq(btfx_add_enum64(btf, "e", 8, 0), 3);
	ck_assert_int_eq(btfx_append_enum_value(btf, "BIG", (int64_t)1 << 40), 0);
	dedup_map(btf, map, N(map));
	check_map(map, want, N(want));
	dedup_dump_is(btf, "[1] PTR '(anon)' type_id=2\n"
			   "[2] ENUM64 'e' encoding=UNSIGNED size=8 vlen=1\n"
			   "\t'BIG' val=1099511627776ULL\n");
	btfx_free(btf);
}
END_TEST

/* Anonymous structs and unions, by content only. */
START_TEST(test_btfx_dedup_anonymous)
{
	struct btfx *btf = btfx_new();
	int k;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 1);
	for (k = 0; k < 2; k++) {
		int s = btfx_add_struct(btf, NULL, 4);

		ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
		ck_assert_int_gt(btfx_add_union(btf, NULL, 4), s);
		ck_assert_int_eq(btfx_append_member(btf, NULL, (uint32_t)s, 0, 0), 0);
		ck_assert_int_eq(btfx_append_member(btf, "b", 1, 0, 0), 0);
	}
	ck_assert_int_eq(btfx_add_struct(btf, NULL, 4), 6);
	ck_assert_int_eq(btfx_append_member(btf, "c", 1, 0, 0), 0);
	dedup_dump_is(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=(none)\n"
			   "[2] STRUCT '(anon)' size=4 vlen=1\n"
			   "\t'a' type_id=1 bits_offset=0\n"
			   "[3] UNION '(anon)' size=4 vlen=2\n"
			   "\t'(anon)' type_id=2 bits_offset=0\n"
			   "\t'b' type_id=1 bits_offset=0\n"
			   "[4] STRUCT '(anon)' size=4 vlen=1\n"
			   "\t'c' type_id=1 bits_offset=0\n");
	btfx_free(btf);
}
END_TEST

/* Bitfields: same sizes merge, another size does not. */
START_TEST(test_btfx_dedup_bitfields)
{
	struct btfx *btf = btfx_new();
	static const uint32_t sizes[3] = { 3, 3, 4 };
	int k;

	ck_assert_int_eq(btfx_add_int(btf, "unsigned int", 4, 0), 1);
	for (k = 0; k < 3; k++) {
		ck_assert_int_gt(btfx_add_struct(btf, "flags", 4), 0);
		ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, sizes[k]), 0);
		ck_assert_int_eq(btfx_append_member(btf, "b", 1, sizes[k], 2), 0);
	}
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	ck_assert_int_eq(btfx_type_cnt(btf), 4);
	ck_assert(btfx_kflag(btfx_type_by_id(btf, 2)));
	btfx_free(btf);
}
END_TEST

/* Decl tags on members merge with their struct; another component stays. */
START_TEST(test_btfx_dedup_decl_tags)
{
	struct btfx *btf = btfx_new();
	uint32_t map[10];
	int k, s;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 1);
	for (k = 0; k < 2; k++) {
		s = btfx_add_struct(btf, "t", 8);
		ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
		ck_assert_int_eq(btfx_append_member(btf, "b", 1, 32, 0), 0);
		ck_assert_int_gt(btfx_add_decl_tag(btf, "user", (uint32_t)s, 1), 0);
		ck_assert_int_gt(btfx_add_decl_attr(btf, "user", (uint32_t)s, 1), 0);
	}
	ck_assert_int_eq(btfx_add_decl_tag(btf, "user", 5, 0), 8);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "user", 5, -1), 9);
	dedup_map(btf, map, N(map));
	ck_assert_int_eq(btfx_type_cnt(btf), 7);
	ck_assert_int_eq(map[5], 2);
	ck_assert_int_eq(map[6], 3);
	ck_assert_int_eq(map[7], 4);
	ck_assert_int_ne(map[3], map[4]); /* the attribute form is another type */
	ck_assert_int_eq(map[8], 5);
	ck_assert_int_eq(map[9], 6);
	ck_assert_int_eq(btfx_type_by_id(btf, 5)->type, 2);
	btfx_free(btf);
}
END_TEST

/* Reference types: modifiers, type tags (both forms), arrays, protos, funcs. */
START_TEST(test_btfx_dedup_ref_types)
{
	struct btfx *btf = btfx_new();
	int k, base;

	for (k = 0; k < 2; k++) {
		base = btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED);
		ck_assert_int_gt(btfx_add_const(btf, (uint32_t)base), 0);		 /* +1 */
		ck_assert_int_gt(btfx_add_volatile(btf, (uint32_t)base + 1), 0);	 /* +2 */
		ck_assert_int_gt(btfx_add_type_tag(btf, "rcu", (uint32_t)base + 2), 0);	 /* +3 */
		ck_assert_int_gt(btfx_add_type_attr(btf, "rcu", (uint32_t)base + 2), 0); /* +4 */
		ck_assert_int_gt(btfx_add_ptr(btf, (uint32_t)base + 3), 0);		 /* +5 */
		ck_assert_int_gt(btfx_add_array(btf, (uint32_t)base, (uint32_t)base + 5, 4), 0);
		ck_assert_int_gt(btfx_add_func_proto(btf, (uint32_t)base), 0); /* +7 */
		ck_assert_int_eq(btfx_append_param(btf, "x", (uint32_t)base + 6), 0);
		ck_assert_int_gt(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, (uint32_t)base + 7), 0);
		ck_assert_int_gt(btfx_add_typedef(btf, "t", (uint32_t)base + 4), 0);
		ck_assert_int_gt(btfx_add_restrict(btf, (uint32_t)base + 5), 0);
	}
	ck_assert_int_eq(btfx_type_cnt(btf), 23);
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	ck_assert_int_eq(btfx_type_cnt(btf), 12);
	ck_assert_int_ne(btfx_kflag(btfx_type_by_id(btf, 4)), btfx_kflag(btfx_type_by_id(btf, 5)));
	btfx_free(btf);
}
END_TEST

/* VAR and DATASEC are never merged, but their references are renumbered. */
START_TEST(test_btfx_dedup_var_datasec)
{
	struct btfx *btf = btfx_new();
	struct btfx_var_secinfo si[2] = { { 3, 0, 4 }, { 4, 4, 4 } };

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 1);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 2);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_GLOBAL_ALLOCATED, 2), 3);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 4);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 8, si, 2), 5);
	dedup_dump_is(btf, "[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=(none)\n"
			   "[2] VAR 'v' type_id=1, linkage=global\n"
			   "[3] VAR 'v' type_id=1, linkage=global\n"
			   "[4] DATASEC '.data' size=8 vlen=2\n"
			   "\ttype_id=2 offset=0 size=4 (VAR 'v')\n"
			   "\ttype_id=3 offset=4 size=4 (VAR 'v')\n");
	btfx_free(btf);
}
END_TEST

/* Split BTF: own types equal to the base's become the base ids; the base stays. */
START_TEST(test_btfx_dedup_split)
{
	struct btfx *base = btfx_new(), *split;
	struct btfx_new_opts o = { .sz = sizeof(o) };
	struct tu_snap s;
	uint32_t map[10];
	int l;

	ck_assert_int_eq(add_list(base, "list"), 2);
	ck_assert_int_eq(btfx_add_fwd(base, "node", BTFX_FWD_STRUCT), 4);
	tu_snap_take(base, &s);
	o.base = base;
	split = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(split);
	ck_assert_int_eq(add_list(split, "list"), 6); /* [5] int [6] list [7] ptr */
	ck_assert_int_eq(btfx_add_ptr(split, 4), 8);  /* to the base FWD */
	l = btfx_add_struct(split, "node", 24);	      /* [9] a new struct */
	ck_assert_int_eq(l, 9);
	ck_assert_int_eq(btfx_append_member(split, "l", 6, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(split, "x", 5, 128, 0), 0);
	dedup_map(split, map, N(map));
	ck_assert_int_eq(map[5], 1);
	ck_assert_int_eq(map[6], 2);
	ck_assert_int_eq(map[7], 3);
	ck_assert_int_eq(map[4], 4);
	ck_assert_int_eq(btfx_type_cnt(split), 7);
	ck_assert_int_eq(map[8], 5);
	ck_assert_int_eq(map[9], 6);
	ck_assert_int_eq(btfx_type_by_id(split, 5)->type, 4); /* still the base FWD */
	ck_assert_str_eq(btfx_name_by_id(split, 6), "node");
	/* Strings the base has are the base's: the split section has "l" and "x". */
	ck_assert_int_eq(btfx_str_sec_len(split), 4);
	ck_assert(tu_snap_same(base, &s));
	btfx_free(split);
	btfx_free(base);
}
END_TEST

/* Deduped input comes back byte for byte. */
START_TEST(test_btfx_dedup_sample_unchanged)
{
	struct btfx *btf = btfx_new();
	struct tu_snap s;

	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("sample.btf"), NULL), 0);
	tu_snap_take(btf, &s);
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	ck_assert(tu_snap_same(btf, &s));
	btfx_free(btf);
}
END_TEST

/*
 * Three copies of a deduped object (without VARs, which never merge),
 * deduped, are the object; and dedup again gives the same bytes.
 */
START_TEST(test_btfx_dedup_deterministic)
{
	struct btfx *one = btfx_new(), *two = btfx_new(), *src = btfx_new();
	struct tu_snap s;

	ck_assert_int_eq(btfx_load_file(src, tu_data_path("sample.btf"), NULL), 0);
	ck_assert_int_gt(btfx_add_btf(one, src), 0);
	ck_assert_int_eq(btfx_dedup(one, NULL), 0);
	tu_snap_take(one, &s);
	ck_assert_int_gt(btfx_add_btf(two, src), 0);
	ck_assert_int_gt(btfx_add_btf(two, src), 0);
	ck_assert_int_gt(btfx_add_btf(two, src), 0);
	ck_assert_int_eq(btfx_dedup(two, NULL), 0);
	ck_assert(tu_snap_same(two, &s));
	tu_snap_take(one, &s);
	ck_assert_int_eq(btfx_dedup(one, NULL), 0);
	ck_assert(tu_snap_same(one, &s));
	btfx_free(one);
	btfx_free(two);
	btfx_free(src);
}
END_TEST

START_TEST(test_btfx_dedup_bad_opts)
{
	struct btfx *btf = btfx_new();
	uint32_t map[4];
	struct btfx_dedup_opts o = { .sz = sizeof(o), .id_map = map, .id_map_cnt = 2 };
	struct {
		struct btfx_dedup_opts o;
		uint32_t extra;
	} big = { { .sz = sizeof(big) }, 1 };

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 1);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 2);
	ck_assert_int_eq(btfx_dedup(btf, &o), -EINVAL); /* 2 entries, 3 ids */
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "id map"));
	o.id_map_cnt = 3;
	o.flags = 1;
	ck_assert_int_eq(btfx_dedup(btf, &o), -EINVAL);
	o.flags = 0;
	o.sz = 4;
	ck_assert_int_eq(btfx_dedup(btf, &o), -EINVAL);
	ck_assert_int_eq(btfx_dedup(btf, &big.o), -EINVAL);
	big.extra = 0;
	ck_assert_int_eq(btfx_type_cnt(btf), 3);
	ck_assert_int_eq(btfx_dedup(btf, &big.o), 0);
	ck_assert_int_eq(btfx_type_cnt(btf), 2);
	/* A short struct: no id map field, defaults. */
	o.sz = sizeof(size_t);
	ck_assert_int_eq(btfx_dedup(btf, &o), 0);
	btfx_free(btf);
}
END_TEST

static int set_to_ctx(void *ctx, uint32_t *field)
{
	*field = *(uint32_t *)ctx;
	return 0;
}

/* A cycle of pointers and a dangling id: errors, the object unchanged. */
START_TEST(test_btfx_dedup_errors_unchanged)
{
	struct btfx *btf = btfx_new();
	struct tu_snap s;
	uint32_t to = 3;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 3), 2);
	ck_assert_int_eq(btfx_add_const(btf, 2), 3);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 4);
	tu_snap_take(btf, &s);
	ck_assert_int_eq(btfx_dedup(btf, NULL), -ELOOP);
	ck_assert(tu_snap_same(btf, &s));
	to = 9;
	ck_assert_int_eq(btfx_visit_type_ids(btf, 3, set_to_ctx, &to), 1);
	tu_snap_take(btf, &s);
	ck_assert_int_eq(btfx_dedup(btf, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "[9]"));
	ck_assert(tu_snap_same(btf, &s));
	to = 1;
	ck_assert_int_eq(btfx_visit_type_ids(btf, 3, set_to_ctx, &to), 1);
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	ck_assert_int_eq(btfx_type_cnt(btf), 4);
	btfx_free(btf);
}
END_TEST

/* A loaded blob (borrowed sections) is deduped into sections of its own. */
START_TEST(test_btfx_dedup_loaded)
{
	struct btfx *src = btfx_new(), *btf = btfx_new();
	const void *raw;
	size_t size;
	void *copy;
	char *dump;

	ck_assert_int_eq(btfx_load_file(src, tu_data_path("types.bpfel.btf"), NULL), 0);
	ck_assert_int_gt(btfx_add_btf(src, src), 0);
	ck_assert_int_eq(btfx_raw_data(src, NULL, &raw, &size), 0);
	copy = malloc(size);
	memcpy(copy, raw, size);
	ck_assert_int_eq(btfx_load(btf, copy, size, NULL), 0);
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	/* Nothing of the deduped object lives in the loaded blob any more. */
	memset(copy, 0, size);
	free(copy);
	dump = tu_dump(btf);
	ck_assert_ptr_nonnull(dump);
	free(dump);
	ck_assert_int_lt(btfx_type_cnt(btf), btfx_type_cnt(src));
	btfx_free(btf);
	btfx_free(src);
}
END_TEST

/*
 * The input of the sweep: types.bpfel.btf twice, over a deduped copy of it
 * as the base when split; its blob too when loaded.
 */
static struct btfx *oom_input(int split, struct btfx **base, void **blob, size_t *len)
{
	struct btfx_new_opts o = { .sz = sizeof(o) };
	struct btfx *src = btfx_new(), *two;
	const void *raw;

	ck_assert_int_eq(btfx_load_file(src, tu_data_path("types.bpfel.btf"), NULL), 0);
	*base = NULL;
	if (split) {
		*base = btfx_new();
		ck_assert_int_gt(btfx_add_btf(*base, src), 0);
		ck_assert_int_eq(btfx_dedup(*base, NULL), 0);
	}
	o.base = *base;
	two = btfx_new_opts(&o);
	ck_assert_int_gt(btfx_add_btf(two, src), 0);
	ck_assert_int_gt(btfx_add_btf(two, src), 0);
	ck_assert_int_eq(btfx_raw_data(two, NULL, &raw, len), 0);
	*blob = malloc(*len);
	ck_assert_ptr_nonnull(*blob);
	memcpy(*blob, raw, *len);
	btfx_free(two);
	return src;
}

/* src twice, or the blob loaded borrowed when not NULL. */
static void oom_fill(struct btfx *btf, const struct btfx *src, const void *blob, size_t len)
{
	struct btfx_load_opts lo = { .sz = sizeof(lo), .flags = BTFX_LOAD_BORROW };

	if (blob) {
		ck_assert_int_eq(btfx_load(btf, blob, len, &lo), 0);
		return;
	}
	ck_assert_int_gt(btfx_add_btf(btf, src), 0);
	ck_assert_int_gt(btfx_add_btf(btf, src), 0);
}

/*
 * Out of memory at every allocation: -ENOMEM, unchanged, nothing leaked.
 * The object is built, or loaded borrowing the blob (its sections then
 * live in caller memory until dedup gives it its own).
 */
static void oom_sweep(int split, int loaded)
{
	struct btfx *base, *src;
	struct tu_failalloc fa;
	struct btfx_allocator a;
	size_t len;
	void *blob, *pristine;
	long n;
	int r = -ENOMEM;

	src = oom_input(split, &base, &blob, &len);
	pristine = malloc(len);
	ck_assert_ptr_nonnull(pristine);
	memcpy(pristine, blob, len);
	for (n = 1; r == -ENOMEM; n++) {
		struct btfx_new_opts o = { .sz = sizeof(o), .allocator = &a, .base = base };
		struct btfx *btf;
		struct tu_snap s;

		tu_failalloc_init(&fa, &a, 0);
		btf = btfx_new_opts(&o);
		oom_fill(btf, src, loaded ? blob : NULL, len);
		tu_snap_take(btf, &s);
		fa.calls = 0;
		fa.fail_at = n;
		r = btfx_dedup(btf, NULL);
		fa.fail_at = 0;
		if (r == -ENOMEM) {
			ck_assert(tu_snap_same(btf, &s));
			ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
		} else {
			ck_assert_int_eq(r, 0);
			free(s.p);
		}
		btfx_free(btf);
		ck_assert_int_eq(fa.live, 0);
		/* Borrowed memory is only read. */
		ck_assert(!memcmp(blob, pristine, len));
	}
	ck_assert_int_gt(n, 5);
	free(pristine);
	free(blob);
	btfx_free(base);
	btfx_free(src);
}

START_TEST(test_btfx_dedup_oom)
{
	oom_sweep(0, 0);
}
END_TEST

START_TEST(test_btfx_dedup_oom_split)
{
	oom_sweep(1, 0);
}
END_TEST

START_TEST(test_btfx_dedup_oom_loaded)
{
	oom_sweep(0, 1);
}
END_TEST

START_TEST(test_btfx_dedup_oom_split_loaded)
{
	oom_sweep(1, 1);
}
END_TEST

START_TEST(test_btfx_dedup_vmlinux_unchanged)
{
	struct btfx *btf = btfx_new(), *copy = btfx_new();
	struct tu_snap s;
	uint32_t *map;
	uint32_t i, cnt;

	ck_assert_int_eq(btfx_load_file(btf, TU_VMLINUX, NULL), 0);
	/* Its strings in order of first use, as dedup leaves them. */
	ck_assert_int_gt(btfx_add_btf(copy, btf), 0);
	cnt = btfx_type_cnt(copy);
	map = malloc(cnt * sizeof(*map));
	ck_assert_ptr_nonnull(map);
	tu_snap_take(copy, &s);
	dedup_map(copy, map, cnt);
	ck_assert(tu_snap_same(copy, &s));
	for (i = 0; i < cnt; i++)
		ck_assert_uint_eq(map[i], i);
	free(map);
	btfx_free(copy);
	btfx_free(btf);
}
END_TEST

/* Twice the kernel's BTF, deduped, is the kernel's BTF deduped once over itself. */
START_TEST(test_btfx_dedup_vmlinux_twice)
{
	struct btfx *btf = btfx_new(), *two = btfx_new();

	ck_assert_int_eq(btfx_load_file(btf, TU_VMLINUX, NULL), 0);
	ck_assert_int_gt(btfx_add_btf(two, btf), 0);
	ck_assert_int_gt(btfx_add_btf(two, btf), 0);
	ck_assert_int_eq(btfx_dedup(two, NULL), 0);
	ck_assert_int_le(btfx_type_cnt(two), btfx_type_cnt(btf) + btfx_type_cnt(btf) / 100);
	btfx_free(two);
	btfx_free(btf);
}
END_TEST

/* A module over vmlinux: a copy of a few kernel types maps onto the base. */
START_TEST(test_btfx_dedup_vmlinux_split)
{
	struct btfx *base = btfx_new(), *split;
	struct btfx_new_opts o = { .sz = sizeof(o) };
	uint32_t map[2];
	int id;

	ck_assert_int_eq(btfx_load_file(base, TU_VMLINUX, NULL), 0);
	o.base = base;
	split = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(split);
	id = btfx_find_by_name_kind(base, "list_head", BTFX_KIND_STRUCT);
	ck_assert_int_gt(id, 0);
	/* A FWD of list_head and a pointer to it: the FWD maps to the base struct. */
	ck_assert_int_gt(btfx_add_fwd(split, "list_head", BTFX_FWD_STRUCT), 0);
	ck_assert_int_gt(btfx_add_ptr(split, btfx_type_cnt(base)), 0);
	{
		uint32_t *m = malloc((btfx_type_cnt(split)) * sizeof(*m));

		ck_assert_ptr_nonnull(m);
		dedup_map(split, m, btfx_type_cnt(split));
		map[0] = m[btfx_type_cnt(base)];
		map[1] = m[btfx_type_cnt(base) + 1];
		free(m);
	}
	ck_assert_uint_eq(map[0], (uint32_t)id);
	/* The pointer to list_head: the base has one, or it is the one own type. */
	ck_assert_uint_le(btfx_type_cnt(split), btfx_type_cnt(base) + 1);
	ck_assert_uint_eq(btfx_type_by_id(split, map[1])->type, (uint32_t)id);
	btfx_free(split);
	btfx_free(base);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dedup");
	TCase *tc = tcase_create("dedup");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_btfx_dedup_prims);
	tcase_add_test(tc, test_btfx_dedup_strings_compacted);
	tcase_add_test(tc, test_btfx_dedup_strings_merged);
	tcase_add_test(tc, test_btfx_dedup_cycle_through_pointer);
	tcase_add_test(tc, test_btfx_dedup_cycle_different);
	tcase_add_test(tc, test_btfx_dedup_fwd_in_graph);
	tcase_add_test(tc, test_btfx_dedup_fwd_unique);
	tcase_add_test(tc, test_btfx_dedup_fwd_ambiguous);
	tcase_add_test(tc, test_btfx_dedup_enum_fwd);
	tcase_add_test(tc, test_btfx_dedup_enum64_fwd);
	tcase_add_test(tc, test_btfx_dedup_anonymous);
	tcase_add_test(tc, test_btfx_dedup_bitfields);
	tcase_add_test(tc, test_btfx_dedup_decl_tags);
	tcase_add_test(tc, test_btfx_dedup_ref_types);
	tcase_add_test(tc, test_btfx_dedup_var_datasec);
	tcase_add_test(tc, test_btfx_dedup_split);
	tcase_add_test(tc, test_btfx_dedup_sample_unchanged);
	tcase_add_test(tc, test_btfx_dedup_deterministic);
	tcase_add_test(tc, test_btfx_dedup_bad_opts);
	tcase_add_test(tc, test_btfx_dedup_errors_unchanged);
	tcase_add_test(tc, test_btfx_dedup_loaded);
	tcase_add_test(tc, test_btfx_dedup_oom);
	tcase_add_test(tc, test_btfx_dedup_oom_split);
	tcase_add_test(tc, test_btfx_dedup_oom_loaded);
	tcase_add_test(tc, test_btfx_dedup_oom_split_loaded);
	suite_add_tcase(s, tc);

	/* tests/check_dedup_vmlinux: skipped (77) without the kernel's BTF. */
	tc = tcase_create("vmlinux");
	tcase_set_tags(tc, "vmlinux");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_btfx_dedup_vmlinux_unchanged);
	tcase_add_test(tc, test_btfx_dedup_vmlinux_twice);
	tcase_add_test(tc, test_btfx_dedup_vmlinux_split);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
