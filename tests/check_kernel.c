// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_kernel.c - the running kernel is the oracle: what libbtfx writes
 * must load with BPF_BTF_LOAD, with no error in the verifier's log.
 * Needs root (or CAP_BPF) and a kernel with BTF; otherwise the whole suite
 * is skipped (exit 77) and says why.  tests/check_kernel_vmlinux, the
 * "vmlinux" part, also needs the running kernel's BTF (see testutil.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpfload.h"
#include "rebuild.h"
#include "testutil.h"

static char kernel_log[1 << 20];

/* Load a blob; returns 0 or -errno, with the verifier's log in kernel_log. */
static int kernel_load(const void *blob, size_t len)
{
	return bl_load(blob, len, kernel_log, sizeof(kernel_log));
}

static void expect_loads(struct btfx *btf, const char *what)
{
	const void *blob;
	size_t len;
	int err;

	ck_assert_int_eq(btfx_raw_data(btf, NULL, &blob, &len), 0);
	err = kernel_load(blob, len);
	if (err) {
		/* The reason is the end of the log (it lists every type first). */
		size_t n = strlen(kernel_log);

		ck_abort_msg("%s: kernel rejected it (%s): ...%.300s", what, strerror(-err),
			     kernel_log + (n > 300 ? n - 300 : 0));
	}
}

/* One of each kind the kernel takes from user space, with the checks' edges. */
static struct btfx *every_kind(void)
{
	struct btfx *btf = btfx_new();
	const struct btfx_member_info m[] = {
		{ "a", 1, 0, 0 }, { "b", 1, 32, 3 }, { "c", 1, 35, 29 }, { "p", 6, 64, 0 },
	};
	const struct btfx_var_secinfo vi[] = { { 14, 8, 16 }, { 13, 0, 4 } };
	int s;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "char", 1, BTFX_INT_CHAR), 2);
	ck_assert_int_eq(btfx_add_float(btf, "double", 8), 3);
	ck_assert_int_eq(btfx_add_const(btf, 1), 4);
	ck_assert_int_eq(btfx_add_volatile(btf, 4), 5);
	ck_assert_int_eq(btfx_add_ptr(btf, 5), 6);
	s = btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 16, m, 4, sizeof(*m));
	ck_assert_int_eq(s, 7);
	ck_assert_int_eq(btfx_add_union(btf, "u", 8), 8);
	ck_assert_int_eq(btfx_append_member(btf, "x", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "y", 3, 0, 0), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 9);
	ck_assert_int_eq(btfx_append_enum_value(btf, "E_NEG", -5), 0);
	ck_assert_int_eq(btfx_append_enum_value(btf, "E_POS", 7), 0);
	ck_assert_int_eq(btfx_add_enum64(btf, "e64", 8, 0), 10);
	ck_assert_int_eq(btfx_append_enum_value(btf, "E_BIG", (int64_t)0xfffffffff0ull), 0);
	ck_assert_int_eq(btfx_add_fwd(btf, "later", BTFX_FWD_UNION), 11);
	ck_assert_int_eq(btfx_add_typedef(btf, "s_t", 7), 12);
	ck_assert_int_eq(btfx_add_var(btf, "counter", BTFX_VAR_GLOBAL_ALLOCATED, 1), 13);
	ck_assert_int_eq(btfx_add_var(btf, "state", BTFX_VAR_STATIC, 7), 14);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 24, vi, 2), 15);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 16);
	ck_assert_int_eq(btfx_append_param(btf, "arg", 6), 0);
	ck_assert_int_eq(btfx_append_param(btf, "n", 12), 0);
	ck_assert_int_eq(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 16), 17);
	ck_assert_int_eq(btfx_add_func(btf, "g", BTFX_FUNC_STATIC, 16), 18);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "kfunc", 17, -1), 19);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "nonnull", 17, 0), 20);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "hot", 7, 1), 21);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "pcpu", 13, -1), 22);
	ck_assert_int_eq(btfx_add_type_tag(btf, "user", 1), 23);
	ck_assert_int_eq(btfx_add_ptr(btf, 23), 24);
	ck_assert_int_eq(btfx_add_restrict(btf, 24), 25);
	ck_assert_int_eq(btfx_add_array(btf, 1, 2, 16), 26);
	return btf;
}

START_TEST(test_kernel_loads_every_kind)
{
	struct btfx *btf = every_kind();

	expect_loads(btf, "every kind");
	btfx_free(btf);
}
END_TEST

/* The oracle says no where libbtfx says no: an unplaced DATASEC. */
START_TEST(test_kernel_rejects_unplaced_datasec)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = BTFX_NEW_UNPLACED_DATASEC };
	struct btfx *btf = btfx_new_opts(&o);
	const struct btfx_var_secinfo vi[] = { { 2, 0, 4 } };
	const void *blob;
	size_t len;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 2);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 0, vi, 1), 3);
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &blob, &len), 0);
	ck_assert_int_eq(kernel_load(blob, len), -EINVAL);
	btfx_free(btf);
}
END_TEST

/* Set a field to *ctx. */
static int rename_to(void *ctx, uint32_t *field)
{
	*field = *(const uint32_t *)ctx;
	return 0;
}

/* Rename own FUNC id to s, past the builders' name rules. */
static void force_name(struct btfx *btf, uint32_t id, const char *s)
{
	uint32_t off;
	int r = btfx_add_str(btf, s);

	ck_assert_int_gt(r, 0);
	off = (uint32_t)r;
	/* A FUNC's one string field is its name. */
	ck_assert_int_eq(btfx_visit_str_offs(btf, id, rename_to, &off), 1);
}

/*
 * The kernel's name rules (since 6.5: '.' in identifiers; any printable
 * character in a section name) and libbtfx's agree both ways: what the
 * builders take loads, and a name they refuse, forced into a blob, is
 * refused by the kernel too.
 */
START_TEST(test_kernel_agrees_on_names)
{
	const struct btfx_var_secinfo vi[] = { { 4, 0, 4 } };
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 2);
	ck_assert_int_eq(btfx_add_func(btf, "asan.module_ctor", BTFX_FUNC_STATIC, 2), 3);
	ck_assert_int_eq(btfx_add_var(btf, "foo.llvm.123", BTFX_VAR_STATIC, 1), 4);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data rel~!", 4, vi, 1), 5);
	ck_assert_int_eq(btfx_add_fwd(btf, "later_enum", BTFX_FWD_ENUM), 6);
	expect_loads(btf, "dotted names, a printable section name, an enum FWD");

	ck_assert_int_eq(btfx_add_func(btf, "9bad", BTFX_FUNC_STATIC, 2), -EINVAL);
	ck_assert_int_eq(btfx_add_var(btf, "a-b", BTFX_VAR_STATIC, 1), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_kernel_refuses_what_builders_refuse)
{
	static const char *const bad[] = { "9bad", "a-b", "has space" };
	const void *blob;
	size_t len, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct btfx *btf = btfx_new();

		ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
		ck_assert_int_eq(btfx_add_func_proto(btf, 1), 2);
		ck_assert_int_eq(btfx_add_func(btf, bad[i], BTFX_FUNC_STATIC, 2), -EINVAL);
		ck_assert_int_eq(btfx_add_func(btf, "f", BTFX_FUNC_STATIC, 2), 3);
		force_name(btf, 3, bad[i]);
		ck_assert_str_eq(btfx_name_by_id(btf, 3), bad[i]);
		ck_assert_int_eq(btfx_raw_data(btf, NULL, &blob, &len), 0);
		ck_assert_msg(kernel_load(blob, len) == -EINVAL, "kernel took FUNC '%s'", bad[i]);
		btfx_free(btf);
	}
}
END_TEST

static struct btfx *rebuilt_from_flags(const char *path, uint32_t flags)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = flags };
	struct btfx *src = btfx_new(), *dst = btfx_new_opts(&o);
	uint32_t bad = 0;

	ck_assert_int_eq(btfx_load_file(src, path, NULL), 0);
	ck_assert_int_eq(rb_add_strings(dst, src), 0);
	ck_assert_msg(rb_rebuild(dst, src, 0, &bad) == 0, "[%u]: %s", bad, btfx_errmsg(dst));
	btfx_free(src);
	return dst;
}

static struct btfx *rebuilt_from(const char *path)
{
	return rebuilt_from_flags(path, 0);
}

/* A linker's layout: each variable after the previous one, 8-aligned. */
static int lay_out(void *ctx, const char *name, uint32_t id, uint32_t *offset, uint32_t *size)
{
	uint32_t *end = ctx;

	(void)name;
	(void)id;
	*offset = (*end + 7) & ~7u;
	*end = *offset + *size; /* the size clang gave stays */
	return 0;
}

/* clang's unplaced DATASECs, placed by btfx_place_datasec(), then loaded. */
START_TEST(test_kernel_loads_clang_object_placed)
{
	struct btfx *btf = rebuilt_from_flags(tu_data_path("types.bpfel.o"),
					      BTFX_NEW_UNPLACED_DATASEC);
	const void *blob;
	size_t len;
	uint32_t id, placed = 0;

	/* Unplaced, the kernel refuses it, as libbtfx's default does. */
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &blob, &len), 0);
	ck_assert_int_eq(kernel_load(blob, len), -EINVAL);
	for (id = 1; id < btfx_type_cnt(btf); id++) {
		uint32_t end = 0, size;

		if (btfx_kind(btfx_type_by_id(btf, id)) != BTFX_KIND_DATASEC)
			continue;
		/* A first placement learns where the layout ends. */
		ck_assert_int_eq(btfx_place_datasec(btf, id, UINT32_MAX, lay_out, &end), 0);
		size = end;
		end = 0;
		/* One byte short: the last variable would end past the section. */
		ck_assert_int_eq(btfx_place_datasec(btf, id, size - 1, lay_out, &end), -EINVAL);
		end = 0;
		ck_assert_int_eq(btfx_place_datasec(btf, id, size, lay_out, &end), 0);
		ck_assert_uint_eq(btfx_type_by_id(btf, id)->size, size);
		placed++;
	}
	ck_assert_uint_eq(placed, 3);
	expect_loads(btf, "types.bpfel.o placed");
	btfx_free(btf);
}
END_TEST

START_TEST(test_kernel_loads_pahole_sample)
{
	struct btfx *btf = rebuilt_from(tu_data_path("sample.btf"));

	expect_loads(btf, "sample.btf rebuilt");
	btfx_free(btf);
}
END_TEST

START_TEST(test_kernel_loads_vmlinux_rebuilt)
{
	struct btfx *btf = rebuilt_from(TU_VMLINUX);

	expect_loads(btf, "vmlinux rebuilt");
	btfx_free(btf);
}
END_TEST

static Suite *kernel_suite(void)
{
	Suite *s = suite_create("kernel");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_kernel_loads_every_kind);
	tcase_add_test(tc, test_kernel_rejects_unplaced_datasec);
	tcase_add_test(tc, test_kernel_agrees_on_names);
	tcase_add_test(tc, test_kernel_refuses_what_builders_refuse);
	tcase_add_test(tc, test_kernel_loads_pahole_sample);
	tcase_add_test(tc, test_kernel_loads_clang_object_placed);
	suite_add_tcase(s, tc);

	/* tests/check_kernel_vmlinux: skipped (77) without the kernel's BTF. */
	tc = tcase_create("vmlinux");
	tcase_set_tags(tc, "vmlinux");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_kernel_loads_vmlinux_rebuilt);
	suite_add_tcase(s, tc);
	return s;
}

/* Is BPF_BTF_LOAD permitted here?  A one-INT blob tells. */
static int kernel_available(void)
{
	struct btfx *btf = btfx_new();
	const void *blob;
	size_t len;
	int err;

	btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED);
	btfx_raw_data(btf, NULL, &blob, &len);
	err = kernel_load(blob, len);
	btfx_free(btf);
	if (err)
		printf("SKIP: BPF_BTF_LOAD is not permitted here (%s); the kernel checks were "
		       "not run\n", strerror(-err));
	return err == 0;
}

int main(void)
{
	if (!kernel_available())
		return 77;
	return tu_run(kernel_suite());
}
