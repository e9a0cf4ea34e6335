// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_write_libbpf.c - btfx_write() against libbpf's writer: the
 * big-endian blob of the running kernel's BTF (tests/data/sample.btf when
 * the kernel has none) equals, byte for byte, what libbpf's btf__raw_data()
 * gives after btf__set_endianness(BTF_BIG_ENDIAN), and the little-endian
 * one equals libbpf's little-endian blob; both read back to the same types.
 *
 * Built without libbpf (configure found none), the binary exits 77 (SKIP)
 * saying why.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef TU_HAVE_LIBBPF
#include <bpf/btf.h>
#endif

#include "testutil.h"

#ifdef TU_HAVE_LIBBPF
static const char *input_path(void)
{
	return tu_have_vmlinux() ? TU_VMLINUX : tu_data_path("sample.btf");
}

/* btfx_write() of btf in byte order endian, through a growing memory sink (malloc'd copy). */
static uint8_t *btfx_blob(struct btfx *btf, uint32_t endian, size_t *len)
{
	struct btfx_write_opts o = { .sz = sizeof(o), .endian = endian };
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	const void *data;
	uint8_t *copy;
	int r;

	ck_assert_ptr_nonnull(s);
	r = btfx_write(btf, s, &o);
	ck_assert_msg(r == 0, "btfx_write: %s", btfx_errmsg(btf));
	data = btfx_sink_mem_data(s, len);
	copy = malloc(*len);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, data, *len);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	return copy;
}

static void same_as_libbpf(enum btf_endianness endian, uint32_t btfx_endian, int big)
{
	const char *path = input_path();
	struct btf *lb = btf__parse(path, NULL);
	struct btfx *a = btfx_new(), *b = btfx_new();
	const void *want;
	uint32_t size;
	uint8_t *got;
	size_t len;
	char *da, *db;
	int r;

	ck_assert_msg(lb != NULL, "libbpf cannot parse %s: %d", path, errno);
	ck_assert_int_eq(btf__set_endianness(lb, endian), 0);
	want = btf__raw_data(lb, &size);
	ck_assert_ptr_nonnull(want);
	r = btfx_load_file(a, path, NULL);
	ck_assert_msg(r == 0, "%s: %s", path, btfx_errmsg(a));
	got = btfx_blob(a, btfx_endian, &len);
	ck_assert_uint_eq(len, size);
	ck_assert_msg(!memcmp(got, want, len), "%s: bytes differ from libbpf's", path);
	r = btfx_load(b, got, len, NULL);
	ck_assert_msg(r == 0, "reload: %s", btfx_errmsg(b));
	ck_assert_int_eq(btfx_is_big_endian(b), big);
	da = tu_dump(a);
	db = tu_dump(b);
	ck_assert_str_eq(da, db);
	free(da);
	free(db);
	free(got);
	btfx_free(b);
	btfx_free(a);
	btf__free(lb);
}

START_TEST(test_btfx_write_big_endian_as_libbpf)
{
	same_as_libbpf(BTF_BIG_ENDIAN, BTFX_ENDIAN_BIG, 1);
}
END_TEST

START_TEST(test_btfx_write_little_endian_as_libbpf)
{
	same_as_libbpf(BTF_LITTLE_ENDIAN, BTFX_ENDIAN_LITTLE, 0);
}
END_TEST

static Suite *write_libbpf_suite(void)
{
	Suite *s = suite_create("write_libbpf");
	TCase *tc = tcase_create("libbpf");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_btfx_write_big_endian_as_libbpf);
	tcase_add_test(tc, test_btfx_write_little_endian_as_libbpf);
	suite_add_tcase(s, tc);
	return s;
}
#endif

int main(void)
{
#ifdef TU_HAVE_LIBBPF
	return tu_run(write_libbpf_suite());
#else
	printf("SKIP: the writer's comparison with libbpf needs libbpf, which configure did not "
	       "find (LIBBPF_CFLAGS and LIBBPF_LIBS)\n");
	return 77;
#endif
}
