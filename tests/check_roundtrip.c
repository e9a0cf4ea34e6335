// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_roundtrip.c - real BTF through the whole library: load it, re-add
 * every type through the builders into a new object (through the whole-array
 * builders, and again one member at a time), serialize; the type section
 * must be byte-identical to the input's and the raw dump identical to
 * bpftool's dump of the input.  Inputs: the running kernel's vmlinux,
 * clang -target bpf objects and a pahole -J blob from tests/data, and
 * big-endian objects.  What needs bpftool or the kernel's BTF runs in binaries
 * of its own that skip (77) without them (testutil.h, tests/peers.mk).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rebuild.h"
#include "testutil.h"

static struct btfx *load(const char *path)
{
	struct btfx *btf = btfx_new();
	int err = btfx_load_file(btf, path, NULL);

	ck_assert_msg(err == 0, "%s: %d %s", path, err, btfx_errmsg(btf));
	return btf;
}

/* Strings first, in order: none merged, so every offset comes out the same. */
static struct btfx *rebuild(const struct btfx *src, uint32_t flags, int whole_arrays)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = flags };
	struct btfx *dst = btfx_new_opts(&o);
	uint32_t bad = 0;
	int err;

	ck_assert_ptr_nonnull(dst);
	ck_assert_int_eq(rb_add_strings(dst, src), 0);
	ck_assert_uint_eq(btfx_str_sec_len(dst), btfx_str_sec_len(src));
	err = rb_rebuild(dst, src, whole_arrays, &bad);
	ck_assert_msg(err == 0, "rebuild of [%u] failed: %d %s", bad, err, btfx_errmsg(dst));
	return dst;
}

static void same_sections(struct btfx *a, struct btfx *b)
{
	size_t la, lb;
	void *ta = tu_types_copy(a, &la), *tb = tu_types_copy(b, &lb);

	ck_assert_uint_eq(btfx_type_cnt(a), btfx_type_cnt(b));
	ck_assert_uint_eq(la, lb);
	ck_assert_msg(memcmp(ta, tb, la) == 0, "type sections differ");
	ck_assert_uint_eq(btfx_str_sec_len(a), btfx_str_sec_len(b));
	ck_assert_int_eq(memcmp(btfx_str_by_offset(a, 0), btfx_str_by_offset(b, 0),
				btfx_str_sec_len(a)), 0);
	free(ta);
	free(tb);
}

/* bpftool's raw dump of a file. */
static char *bpftool_dump(const char *path)
{
	const char *bpftool = tu_bpftool();
	char cmd[8300], *out = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;

	ck_assert_ptr_nonnull(bpftool);
	snprintf(cmd, sizeof(cmd), "'%s' btf dump file '%s' 2>/dev/null", bpftool, path);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	do {
		if (cap - len < 65536) {
			cap = cap * 2 + 65536;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		n = fread(out + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	out[len] = '\0';
	ck_assert_int_eq(pclose(f), 0);
	return out;
}

static void same_as_bpftool(const struct btfx *btf, const char *input)
{
	char *want = bpftool_dump(input), *got = tu_dump(btf);

	ck_assert_ptr_nonnull(got);
	if (strcmp(got, want)) {
		size_t i = 0;

		while (got[i] && got[i] == want[i])
			i++;
		ck_abort_msg("%s: dump differs from bpftool at byte %zu: ...%.80s", input, i,
			     got + (i > 40 ? i - 40 : 0));
	}
	free(want);
	free(got);
}

static void roundtrip_file(const char *path, uint32_t flags, int whole_arrays)
{
	struct btfx *src = load(path), *dst = rebuild(src, flags, whole_arrays);

	same_sections(src, dst);
	/* Only in the binaries of the parts that need bpftool (testutil.h). */
	if (tu_part_needs("bpftool"))
		same_as_bpftool(dst, path);
	btfx_free(src);
	btfx_free(dst);
}

/* _i: whole arrays (1) or one at a time (0). */
START_TEST(test_roundtrip_vmlinux)
{
	roundtrip_file(TU_VMLINUX, 0, _i);
}
END_TEST

static const char *const objects[] = {
	"types.bpfel.o", "globals.bpfel.o", "types.bpfeb.o", "sample.btf",
};

/* _i: object _i / 2, whole arrays when _i is odd. */
START_TEST(test_roundtrip_objects)
{
	/* clang leaves DATASECs unplaced (size 0, offsets 0) for a linker. */
	roundtrip_file(tu_data_path(objects[_i / 2]), BTFX_NEW_UNPLACED_DATASEC, _i % 2);
}
END_TEST

START_TEST(test_roundtrip_objects_need_unplaced_flag)
{
	struct btfx *src = load(tu_data_path("globals.bpfel.o")), *dst = btfx_new();
	uint32_t bad = 0;

	ck_assert_int_eq(rb_add_strings(dst, src), 0);
	ck_assert_int_eq(rb_rebuild(dst, src, 0, &bad), -EINVAL);
	ck_assert_int_eq(btfx_kind(btfx_type_by_id(src, bad)), BTFX_KIND_DATASEC);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(dst), "section size is 0"));
	btfx_free(src);
	btfx_free(dst);
}
END_TEST

/* Byte order: a big-endian object stays byte-identical when written BE. */
START_TEST(test_roundtrip_big_endian_object)
{
	struct btfx_write_opts wo = { .sz = sizeof(wo), .endian = BTFX_ENDIAN_BIG };
	struct btfx *src = load(tu_data_path("types.bpfeb.o"));
	struct btfx *raw = load(tu_data_path("types.bpfeb.btf"));
	struct btfx *dst = rebuild(src, BTFX_NEW_UNPLACED_DATASEC, 0);
	const void *a, *b;
	size_t la, lb;

	ck_assert_int_eq(btfx_is_big_endian(src), 1);
	ck_assert_int_eq(btfx_raw_data(dst, &wo, &a, &la), 0);
	wo.endian = BTFX_ENDIAN_SOURCE;
	ck_assert_int_eq(btfx_raw_data(raw, &wo, &b, &lb), 0);
	ck_assert_uint_eq(la, lb);
	ck_assert_int_eq(memcmp(a, b, la), 0);
	btfx_free(src);
	btfx_free(raw);
	btfx_free(dst);
}
END_TEST

/* vmlinux written big-endian, read back, rebuilt: identical again. */
START_TEST(test_roundtrip_vmlinux_big_endian)
{
	struct btfx_write_opts wo = { .sz = sizeof(wo), .endian = BTFX_ENDIAN_BIG };
	struct btfx *src, *be, *dst;
	const void *blob;
	size_t len;

	src = load(TU_VMLINUX);
	ck_assert_int_eq(btfx_raw_data(src, &wo, &blob, &len), 0);
	be = btfx_new();
	ck_assert_int_eq(btfx_load(be, blob, len, NULL), 0);
	ck_assert_int_eq(btfx_is_big_endian(be), 1);
	dst = rebuild(be, 0, 0);
	same_sections(src, dst);
	btfx_free(src);
	btfx_free(be);
	btfx_free(dst);
}
END_TEST

static Suite *roundtrip_suite(void)
{
	Suite *s = suite_create("roundtrip");
	TCase *tc = tcase_create("core");
	int nr_objects = (int)(sizeof(objects) / sizeof(objects[0]));

	tcase_add_loop_test(tc, test_roundtrip_objects, 0, 2 * nr_objects);
	tcase_add_test(tc, test_roundtrip_objects_need_unplaced_flag);
	tcase_add_test(tc, test_roundtrip_big_endian_object);
	suite_add_tcase(s, tc);

	/*
	 * The parts that need a peer, each a binary of its own that skips (77)
	 * without it (testutil.h): the same round trips, compared with
	 * bpftool's dump in the bpftool parts.
	 */
	tc = tcase_create("bpftool");
	tcase_set_tags(tc, "bpftool");
	tcase_add_loop_test(tc, test_roundtrip_objects, 0, 2 * nr_objects);
	suite_add_tcase(s, tc);

	tc = tcase_create("vmlinux");
	tcase_set_tags(tc, "vmlinux");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_roundtrip_vmlinux, 0, 2);
	tcase_add_test(tc, test_roundtrip_vmlinux_big_endian);
	suite_add_tcase(s, tc);

	tc = tcase_create("vmlinux_bpftool");
	tcase_set_tags(tc, "vmlinux_bpftool");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_roundtrip_vmlinux, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(roundtrip_suite());
}
