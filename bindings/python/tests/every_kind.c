// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * every_kind.c - build a BTF object holding every kind with the C builders
 * and write its raw blob (host byte order) to standard output; the Python
 * suite (test_btfx.py, EveryKind) makes the same calls through the bindings
 * and compares the bytes.  Keep both in step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <btfx/btfx.h>

static int build(struct btfx *b)
{
	struct btfx_member_info m[] = {
		{ "a", 1, 0, 0 }, { "b", 1, 32, 0 }, { "c", 1, 64, 3 }, { NULL, 7, 96, 0 },
	};
	struct btfx_member_info u[] = { { "x", 1, 0, 0 }, { "y", 9, 0, 0 } };
	struct btfx_enum_info e[] = { { "A", 0 }, { "B", -1 } };
	struct btfx_enum_info e64[] = { { "BIG", (int64_t)0xffffffff00000001ull }, { "ONE", 1 } };
	struct btfx_param_info p[] = { { "x", 1 }, { "s", 3 }, { NULL, 0 } };
	struct btfx_var_secinfo sec[] = { { 19, 4, 4 }, { 18, 0, 4 } };
	int err = 0;

	err |= btfx_add_int(b, "int", 4, BTFX_INT_SIGNED) != 1;
	err |= btfx_add_ptr(b, 0) != 2;
	err |= btfx_add_struct(b, "s", 16) != 3; /* members come by composite below */
	err |= btfx_add_array(b, 1, 1, 4) != 4;
	err |= btfx_add_composite_with_members(b, BTFX_KIND_STRUCT, "pair", 16, m, 4,
					       sizeof(m[0])) != 5;
	err |= btfx_add_composite_with_members(b, BTFX_KIND_UNION, NULL, 4, u, 2,
					       sizeof(u[0])) != 6;
	err |= btfx_add_enum_with_values(b, BTFX_KIND_ENUM, "e", 4, 0, e, 2, sizeof(e[0])) != 7;
	err |= btfx_add_fwd(b, "fs", BTFX_FWD_STRUCT) != 8;
	err |= btfx_add_typedef(b, "u32_t", 1) != 9;
	err |= btfx_add_volatile(b, 1) != 10;
	err |= btfx_add_const(b, 10) != 11;
	err |= btfx_add_restrict(b, 2) != 12;
	err |= btfx_add_func_proto_with_params(b, 1, p, 3, sizeof(p[0])) != 13;
	err |= btfx_add_func(b, "f", BTFX_FUNC_GLOBAL, 13) != 14;
	err |= btfx_add_float(b, "double", 8) != 15;
	err |= btfx_add_type_tag(b, "user", 1) != 16;
	err |= btfx_add_enum_with_values(b, BTFX_KIND_ENUM64, "e64", 8, 0, e64, 2,
					 sizeof(e64[0])) != 17;
	err |= btfx_add_var(b, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1) != 18;
	err |= btfx_add_var(b, "w", BTFX_VAR_STATIC, 9) != 19;
	err |= btfx_add_datasec_with_vars(b, ".data", 8, sec, 2) != 20;
	err |= btfx_add_decl_tag(b, "tag", 5, 1) != 21;
	err |= btfx_add_decl_attr(b, "noinline", 14, -1) != 22;
	err |= btfx_add_type_attr(b, "address_space(1)", 2) != 23;
	err |= btfx_add_int_bits(b, "u3", 1, 0, 2, 3) != 24;
	err |= btfx_add_fwd(b, "fu", BTFX_FWD_UNION) != 25;
	err |= btfx_add_fwd(b, "fe", BTFX_FWD_ENUM) != 26;
	return err ? -1 : 0;
}

int main(void)
{
	struct btfx *b = btfx_new();
	const void *data;
	size_t len;

	if (!b || build(b) || btfx_raw_data(b, NULL, &data, &len)) {
		fprintf(stderr, "every_kind: %s\n", b ? btfx_errmsg(b) : "out of memory");
		btfx_free(b);
		return 1;
	}
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout)) {
		perror("every_kind: write");
		btfx_free(b);
		return 1;
	}
	btfx_free(b);
	return 0;
}
