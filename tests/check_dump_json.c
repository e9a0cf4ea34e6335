// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_dump_json.c - btfx_dump_json(): the exact JSON of every kind in
 * compact and pretty form (as `bpftool -j` and `bpftool -p` print it),
 * escaping of any bytes a name may hold, split objects, unknown kinds,
 * opts and callback errors.  tests/cli/dump-json.sh compares with bpftool
 * on the test data and the running kernel's BTF.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Growing text buffer for the callback. */
struct text {
	char *s;
	size_t len, cap;
	int calls;
	int fail_with;
};

static int text_print(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;

	t->calls++;
	if (t->fail_with)
		return t->fail_with;
	if (t->len + len + 1 > t->cap) {
		t->cap = (t->len + len + 1) * 2;
		t->s = realloc(t->s, t->cap);
		ck_assert_ptr_nonnull(t->s);
	}
	memcpy(t->s + t->len, s, len);
	t->len += len;
	t->s[t->len] = '\0';
	return 0;
}

/* The JSON of btf; the caller frees it. */
static char *json_of(const struct btfx *btf, uint32_t flags)
{
	struct btfx_dump_json_opts o = { .sz = sizeof(o), .flags = flags };
	struct text t = { 0 };

	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, &o), 0);
	ck_assert_ptr_nonnull(t.s);
	return t.s;
}

#define ck_json(btf, flags, expected)             \
	do {                                      \
		char *got_ = json_of(btf, flags); \
		ck_assert_str_eq(got_, expected); \
		free(got_);                       \
	} while (0)

static struct btfx *new_btf(void)
{
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	return btf;
}


static const char all_kinds_json[] =
	"{\"types\":["
	"{\"id\":1,\"kind\":\"INT\",\"name\":\"int\",\"size\":4,\"bits_offset\":0,"
	"\"nr_bits\":32,\"encoding\":\"SIGNED\"},"
	"{\"id\":2,\"kind\":\"INT\",\"name\":\"char\",\"size\":1,\"bits_offset\":0,"
	"\"nr_bits\":8,\"encoding\":\"CHAR\"},"
	"{\"id\":3,\"kind\":\"INT\",\"name\":\"b\",\"size\":2,\"bits_offset\":3,"
	"\"nr_bits\":1,\"encoding\":\"BOOL\"},"
	"{\"id\":4,\"kind\":\"PTR\",\"name\":\"(anon)\",\"type_id\":2},"
	"{\"id\":5,\"kind\":\"CONST\",\"name\":\"(anon)\",\"type_id\":4},"
	"{\"id\":6,\"kind\":\"VOLATILE\",\"name\":\"(anon)\",\"type_id\":1},"
	"{\"id\":7,\"kind\":\"RESTRICT\",\"name\":\"(anon)\",\"type_id\":4},"
	"{\"id\":8,\"kind\":\"TYPEDEF\",\"name\":\"T\",\"type_id\":6},"
	"{\"id\":9,\"kind\":\"ARRAY\",\"name\":\"(anon)\",\"type_id\":2,\"index_type_id\":1,"
	"\"nr_elems\":7},"
	"{\"id\":10,\"kind\":\"STRUCT\",\"name\":\"S\",\"size\":8,\"vlen\":2,\"members\":["
	"{\"name\":\"bf\",\"type_id\":1,\"bits_offset\":0,\"bitfield_size\":5},"
	"{\"name\":\"(anon)\",\"type_id\":1,\"bits_offset\":32}]},"
	"{\"id\":11,\"kind\":\"UNION\",\"name\":\"U\",\"size\":4,\"vlen\":1,\"members\":["
	"{\"name\":\"i\",\"type_id\":1,\"bits_offset\":0}]},"
	"{\"id\":12,\"kind\":\"ENUM\",\"name\":\"E\",\"encoding\":\"SIGNED\",\"size\":4,"
	"\"vlen\":1,\"values\":[{\"name\":\"X\",\"val\":-7}]},"
	"{\"id\":13,\"kind\":\"ENUM64\",\"name\":\"E64\",\"encoding\":\"SIGNED\",\"size\":8,"
	"\"vlen\":2,\"values\":[{\"name\":\"N\",\"val\":-9223372036854775808},"
	"{\"name\":\"P\",\"val\":9223372036854775807}]},"
	"{\"id\":14,\"kind\":\"FWD\",\"name\":\"F\",\"fwd_kind\":\"union\"},"
	"{\"id\":15,\"kind\":\"VAR\",\"name\":\"v\",\"type_id\":1,\"linkage\":\"static\"},"
	"{\"id\":16,\"kind\":\"VAR\",\"name\":\"w\",\"type_id\":4,\"linkage\":\"extern\"},"
	"{\"id\":17,\"kind\":\"DATASEC\",\"name\":\".data\",\"size\":16,\"vlen\":2,\"vars\":["
	"{\"type_id\":15,\"offset\":0,\"size\":4},{\"type_id\":16,\"offset\":8,\"size\":8}]},"
	"{\"id\":18,\"kind\":\"FUNC_PROTO\",\"name\":\"(anon)\",\"ret_type_id\":1,\"vlen\":2,"
	"\"params\":[{\"name\":\"p\",\"type_id\":4},{\"name\":\"(anon)\",\"type_id\":0}]},"
	"{\"id\":19,\"kind\":\"FUNC\",\"name\":\"fn\",\"type_id\":18,\"linkage\":\"global\"},"
	"{\"id\":20,\"kind\":\"FLOAT\",\"name\":\"float\",\"size\":4},"
	"{\"id\":21,\"kind\":\"DECL_TAG\",\"name\":\"kfunc\",\"type_id\":19,"
	"\"component_idx\":-1},"
	"{\"id\":22,\"kind\":\"DECL_TAG\",\"name\":\"arg\",\"type_id\":19,\"component_idx\":0},"
	"{\"id\":23,\"kind\":\"TYPE_TAG\",\"name\":\"rcu\",\"type_id\":10}"
	"]}\n";

START_TEST(test_btfx_dump_json_all_kinds)
{
	struct btfx *btf = new_btf();

	tu_add_all_kinds(btf);
	ck_json(btf, 0, all_kinds_json);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_json_signed_enum)
{
	struct btfx *btf = new_btf();

	ck_assert_int_eq(btfx_add_enum(btf, "E", 4, BTFX_ENUM_SIGNED), 1);
	ck_assert_int_eq(btfx_append_enum_value(btf, "M", -7), 0);
	ck_assert_int_eq(btfx_add_enum64(btf, "U", 8, 0), 2);
	ck_assert_int_eq(btfx_append_enum_value(btf, "B", -1), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "V", 4, 0), 3);
	ck_assert_int_eq(btfx_append_enum_value(btf, "C", 0xfffffff9u), 0);
	ck_json(btf, 0,
		"{\"types\":[{\"id\":1,\"kind\":\"ENUM\",\"name\":\"E\",\"encoding\":\"SIGNED\","
		"\"size\":4,\"vlen\":1,\"values\":[{\"name\":\"M\",\"val\":-7}]},"
		"{\"id\":2,\"kind\":\"ENUM64\",\"name\":\"U\",\"encoding\":\"UNSIGNED\","
		"\"size\":8,\"vlen\":1,\"values\":[{\"name\":\"B\",\"val\":18446744073709551615}]},"
		"{\"id\":3,\"kind\":\"ENUM\",\"name\":\"V\",\"encoding\":\"UNSIGNED\","
		"\"size\":4,\"vlen\":1,\"values\":[{\"name\":\"C\",\"val\":4294967289}]}"
		"]}\n");
	btfx_free(btf);
}
END_TEST

/* Pretty output is bpftool -p's: fields on their own lines, "},{" between elements. */
START_TEST(test_btfx_dump_json_pretty)
{
	struct btfx *btf = new_btf();

	ck_json(btf, BTFX_DUMP_JSON_PRETTY, "{\n    \"types\": []\n}\n");
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 4), 2);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_struct(btf, "e", 0), 3);
	ck_json(btf, BTFX_DUMP_JSON_PRETTY,
		"{\n"
		"    \"types\": [{\n"
		"            \"id\": 1,\n"
		"            \"kind\": \"INT\",\n"
		"            \"name\": \"int\",\n"
		"            \"size\": 4,\n"
		"            \"bits_offset\": 0,\n"
		"            \"nr_bits\": 32,\n"
		"            \"encoding\": \"SIGNED\"\n"
		"        },{\n"
		"            \"id\": 2,\n"
		"            \"kind\": \"STRUCT\",\n"
		"            \"name\": \"s\",\n"
		"            \"size\": 4,\n"
		"            \"vlen\": 1,\n"
		"            \"members\": [{\n"
		"                    \"name\": \"a\",\n"
		"                    \"type_id\": 1,\n"
		"                    \"bits_offset\": 0\n"
		"                }\n"
		"            ]\n"
		"        },{\n"
		"            \"id\": 3,\n"
		"            \"kind\": \"STRUCT\",\n"
		"            \"name\": \"e\",\n"
		"            \"size\": 0,\n"
		"            \"vlen\": 0,\n"
		"            \"members\": []\n"
		"        }\n"
		"    ]\n"
		"}\n");
	ck_json(btf, 0,
		"{\"types\":[{\"id\":1,\"kind\":\"INT\",\"name\":\"int\",\"size\":4,"
		"\"bits_offset\":0,\"nr_bits\":32,\"encoding\":\"SIGNED\"},"
		"{\"id\":2,\"kind\":\"STRUCT\",\"name\":\"s\",\"size\":4,\"vlen\":1,"
		"\"members\":[{\"name\":\"a\",\"type_id\":1,\"bits_offset\":0}]},"
		"{\"id\":3,\"kind\":\"STRUCT\",\"name\":\"e\",\"size\":0,\"vlen\":0,"
		"\"members\":[]}]}\n");
	btfx_free(btf);
}
END_TEST

/* Quotes, backslashes, control bytes and bytes outside UTF-8 are escaped. */
START_TEST(test_btfx_dump_json_escapes)
{
	struct btfx *btf = new_btf();
	char *got;

	ck_assert_int_eq(btfx_add_int(btf, "q\"b\\t\tn\nr\rf\fb\b\x01\x1f\x7f", 4, 0), 1);
	/* é, €, U+10348 and U+10FFFF are well-formed UTF-8: kept as they are. */
	ck_assert_int_eq(
		btfx_add_int(btf, "\xc3\xa9\xe2\x82\xac\xf0\x90\x8d\x88\xf4\x8f\xbf\xbf", 4, 0), 2);
	/* A stray continuation byte, a cut sequence, overlong forms, a surrogate,
	 * past U+10FFFF, 0xff: each byte is \u00XX. */
	ck_assert_int_eq(btfx_add_int(btf,
				      "\x80|\xc3|\xc0\xaf|\xe0\x80\xaf|\xed\xa0\x80|"
				      "\xf4\x90\x80\x80|\xff|\xe2\x82",
				      4, 0),
			 3);
	got = json_of(btf, 0);
	ck_assert_str_eq(
		got, "{\"types\":[{\"id\":1,\"kind\":\"INT\","
		     "\"name\":\"q\\\"b\\\\t\\tn\\nr\\rf\\fb\\b\\u0001\\u001f\x7f\","
		     "\"size\":4,\"bits_offset\":0,\"nr_bits\":32,\"encoding\":\"(none)\"},"
		     "{\"id\":2,\"kind\":\"INT\","
		     "\"name\":\"\xc3\xa9\xe2\x82\xac\xf0\x90\x8d\x88\xf4\x8f\xbf\xbf\","
		     "\"size\":4,\"bits_offset\":0,\"nr_bits\":32,\"encoding\":\"(none)\"},"
		     "{\"id\":3,\"kind\":\"INT\",\"name\":\"\\u0080|\\u00c3|\\u00c0\\u00af|"
		     "\\u00e0\\u0080\\u00af|\\u00ed\\u00a0\\u0080|"
		     "\\u00f4\\u0090\\u0080\\u0080|\\u00ff|\\u00e2\\u0082\","
		     "\"size\":4,\"bits_offset\":0,\"nr_bits\":32,\"encoding\":\"(none)\"}]}\n");
	free(got);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_json_split_own_types_only)
{
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx *base = new_btf(), *btf;

	ck_assert_int_eq(btfx_add_int(base, "int", 4, BTFX_INT_SIGNED), 1);
	no.base = base;
	btf = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(btf);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 2);
	ck_json(btf, 0,
		"{\"types\":[{\"id\":2,\"kind\":\"PTR\",\"name\":\"(anon)\",\"type_id\":1}]}\n");
	btfx_free(btf);
	btfx_free(base);
}
END_TEST

START_TEST(test_btfx_dump_json_unknown_kind)
{
	uint8_t blob[512];
	size_t len = tu_kind25_blob(blob);
	struct btfx *btf = new_btf();

	ck_assert_msg(btfx_load(btf, blob, len, NULL) == 0, "%s", btfx_errmsg(btf));
	ck_json(btf, 0,
		"{\"types\":[{\"id\":1,\"kind\":\"INT\",\"name\":\"int\",\"size\":4,"
		"\"bits_offset\":0,\"nr_bits\":32,\"encoding\":\"(none)\"},"
		"{\"id\":2,\"kind\":\"UNKNOWN\",\"name\":\"int\",\"kind_nr\":25,"
		"\"vlen\":1}]}\n");
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_json_callback_error)
{
	struct btfx *btf = new_btf();
	struct text t = { .fail_with = -EPIPE };
	int i;

	for (i = 0; i < 3000; i++)
		ck_assert_int_gt(btfx_add_int(btf, "int", 4, 0), 0);
	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, NULL), -EPIPE);
	/* The first error stops the dump. */
	ck_assert_int_eq(t.calls, 1);
	btfx_free(btf);
}
END_TEST

/* Output comes in chunks, and a name longer than the buffer goes through whole. */
START_TEST(test_btfx_dump_json_large)
{
	struct btfx *btf = new_btf();
	struct text t = { 0 };
	char *name = malloc(100001);
	int i;

	ck_assert_ptr_nonnull(name);
	for (i = 0; i < 5000; i++)
		ck_assert_int_gt(btfx_add_int(btf, "int", 4, 0), 0);
	memset(name, 'n', 100000);
	name[100000] = '\0';
	ck_assert_int_eq(btfx_add_int(btf, name, 4, 0), 5001);
	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, NULL), 0);
	ck_assert_int_lt(t.calls, 40);
	ck_assert_uint_gt(t.len, 100000 + 5000 * 90);
	ck_assert(strstr(t.s, "{\"id\":5001,\"kind\":\"INT\",\"name\":\"nnnn") != NULL);
	ck_assert_str_eq(t.s + t.len - 67, "nnnn\",\"size\":4,\"bits_offset\":0,\"nr_bits\":32,"
					   "\"encoding\":\"(none)\"}]}\n");
	free(t.s);
	free(name);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_dump_json_bad_args)
{
	struct btfx *btf = new_btf();
	struct {
		struct btfx_dump_json_opts o;
		uint32_t tail;
		uint32_t pad;
	} big = { { .sz = sizeof(big) } };
	struct btfx_dump_json_opts o = { .sz = sizeof(o) };
	struct text t = { 0 };

	ck_assert_int_eq(btfx_dump_json(NULL, text_print, &t, NULL), -EINVAL);
	ck_assert_int_eq(btfx_dump_json(btf, NULL, &t, NULL), -EINVAL);
	o.flags = 2;
	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, &o), -EINVAL);
	o.flags = 0;
	o.reserved = 1;
	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, &o), -EINVAL);
	o.reserved = 0;
	o.sz = sizeof(size_t) - 1;
	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, &o), -EINVAL);
	ck_assert_int_eq(t.calls, 0);
	/* A short sz: flags are not read (compact). */
	o.sz = sizeof(size_t);
	o.flags = BTFX_DUMP_JSON_PRETTY;
	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, &o), 0);
	ck_assert_str_eq(t.s, "{\"types\":[]}\n");
	/* A longer sz with zeros past the known fields is fine, non-zero is not. */
	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, &big.o), 0);
	big.tail = 1;
	ck_assert_int_eq(btfx_dump_json(btf, text_print, &t, &big.o), -EINVAL);
	free(t.s);
	btfx_free(btf);
}
END_TEST

static Suite *dump_json_suite(void)
{
	Suite *s = suite_create("dump_json");
	TCase *tc = tcase_create("kinds");

	tcase_add_test(tc, test_btfx_dump_json_all_kinds);
	tcase_add_test(tc, test_btfx_dump_json_signed_enum);
	tcase_add_test(tc, test_btfx_dump_json_pretty);
	tcase_add_test(tc, test_btfx_dump_json_escapes);
	suite_add_tcase(s, tc);

	tc = tcase_create("objects");
	tcase_add_test(tc, test_btfx_dump_json_split_own_types_only);
	tcase_add_test(tc, test_btfx_dump_json_unknown_kind);
	tcase_add_test(tc, test_btfx_dump_json_callback_error);
	tcase_add_test(tc, test_btfx_dump_json_large);
	tcase_add_test(tc, test_btfx_dump_json_bad_args);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(dump_json_suite());
}
