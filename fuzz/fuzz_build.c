// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_build.c - libFuzzer target for the builders: the input is a program
 * of builder calls with small arguments (names from a table of good and bad
 * ones).  Every failing call must return a negative errno and leave the
 * serialized object byte for byte as it was; at the end the object must
 * load back from its own blob.  The first byte also picks the object the
 * program starts from: an empty one, one loaded from a seed blob whose
 * DATASEC is sorted or not (as blobs of other producers may be), or one
 * loaded from bytes of the input itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <btfx/btfx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	NULL, "", "a", "int", "_x9", "9bad", "has space", ".data", "a-b", "long_name_for_growth",
	"s", "u", "e", "E1", "E2", "f", "p",
};
#define NR_NAMES (sizeof(names) / sizeof(names[0]))

struct prog {
	const uint8_t *p;
	size_t left;
};

static uint32_t arg(struct prog *g)
{
	uint32_t v;

	if (!g->left)
		return 0;
	v = *g->p++;
	g->left--;
	/* A few large values, to reach the limits. */
	if (v == 0xff)
		return 0xffffffffu;
	if (v == 0xfe)
		return 0x80000000u;
	if (v == 0xfd)
		return 0x1000000u;
	return v;
}

static const char *name(struct prog *g)
{
	return names[arg(g) % NR_NAMES];
}

/* Up to three secinfos or members, read in order. */
static int call_array(struct btfx *btf, struct prog *g, int members, const char *nm,
		      const uint32_t *a)
{
	struct btfx_var_secinfo v[3];
	struct btfx_member_info m[3];
	uint32_t i, n = a[0] % 4;

	for (i = 0; i < n; i++) {
		if (members)
			m[i].name = name(g);
		v[i].type = m[i].type = arg(g);
		v[i].offset = m[i].bit_offset = arg(g);
		v[i].size = m[i].bit_size = arg(g);
	}
	if (members)
		return btfx_add_composite_with_members(btf, (int)(a[1] % 6), nm, a[2], m, n,
						       sizeof(*m));
	if (!n)
		return btfx_add_datasec(btf, nm, a[1]);
	return btfx_add_datasec_with_vars(btf, nm, a[1], v, n);
}

static int call(struct btfx *btf, struct prog *g)
{
	uint32_t op = arg(g) % 24, a[5], i;
	const char *nm = name(g);

	/* Read in a fixed order: compilers evaluate a call's arguments in different ones. */
	for (i = 0; i < 5; i++)
		a[i] = arg(g);
	switch (op) {
	case 0:
		return btfx_add_int_bits(btf, nm, a[0], a[1], a[2], a[3]);
	case 1:
		return btfx_add_float(btf, nm, a[0]);
	case 2:
		return btfx_add_ptr(btf, a[0]);
	case 3:
		return btfx_add_const(btf, a[0]);
	case 4:
		return btfx_add_typedef(btf, nm, a[0]);
	case 5:
		return btfx_add_type_tag(btf, nm, a[0]);
	case 6:
		return btfx_add_array(btf, a[0], a[1], a[2]);
	case 7:
		return btfx_add_struct(btf, nm, a[0]);
	case 8:
		return btfx_add_union(btf, nm, a[0]);
	case 9:
		return btfx_append_member(btf, nm, a[0], a[1], a[2]);
	case 10:
		return btfx_add_enum(btf, nm, a[0], a[1]);
	case 11:
		return btfx_add_enum64(btf, nm, a[0], a[1]);
	case 12:
		return btfx_append_enum_value(btf, nm, (int64_t)(int32_t)(a[0] << 24));
	case 13:
		return btfx_add_fwd(btf, nm, (int)a[0]);
	case 14:
		return btfx_add_func_proto(btf, a[0]);
	case 15:
		return btfx_append_param(btf, nm, a[0]);
	case 16:
		return btfx_add_func(btf, nm, (int)a[0], a[1]);
	case 17:
		return btfx_add_var(btf, nm, (int)a[0], a[1]);
	case 18:
		return btfx_add_decl_tag(btf, nm, a[0], (int)(a[1] & 0xff) - 2);
	case 19:
		return btfx_append_secinfo(btf, a[0], a[1], a[2]);
	case 20:
		return call_array(btf, g, 0, nm, a);
	case 21:
		return call_array(btf, g, 1, nm, a);
	case 22:
		return btfx_add_str(btf, nm ? names[a[0] % NR_NAMES] : "x");
	default:
		return btfx_add_type_copy(btf, btf, a[0]);
	}
}

/* Reverse the secinfos of the last own type, a DATASEC, in a blob of btf. */
static void unsort_last(const struct btfx *btf, uint8_t *blob)
{
	uint32_t first = btfx_start_id(btf), last = btfx_type_cnt(btf) - 1, hdr_len, type_off;
	const struct btfx_type *t = btfx_type_by_id(btf, last);
	struct btfx_var_secinfo *v, x;
	uint32_t i, n = btfx_vlen(t);

	memcpy(&hdr_len, blob + 4, 4);
	memcpy(&type_off, blob + 8, 4);
	/* Own records are packed in id order in the blob as in memory. */
	v = (struct btfx_var_secinfo *)(blob + hdr_len + type_off +
					((const uint8_t *)(t + 1) -
					 (const uint8_t *)btfx_type_by_id(btf, first)));
	for (i = 0; i < n / 2; i++) {
		memcpy(&x, &v[i], sizeof(x));
		memcpy(&v[i], &v[n - 1 - i], sizeof(x));
		memcpy(&v[n - 1 - i], &x, sizeof(x));
	}
}

/* Load a copy of a seed object ending in a DATASEC into btf. */
static int load_seed(struct btfx *btf, int unsort)
{
	const struct btfx_var_secinfo v[] = { { 2, 0, 4 }, { 3, 8, 4 }, { 5, 16, 8 } };
	struct btfx *seed = btfx_new();
	const void *raw;
	uint8_t *blob = NULL;
	size_t len;
	int err = -1;

	if (!seed || btfx_add_int(seed, "int", 4, 1) != 1 || btfx_add_var(seed, "a", 1, 1) != 2 ||
	    btfx_add_var(seed, "s", 0, 1) != 3 || btfx_add_array(seed, 1, 1, 2) != 4 ||
	    btfx_add_var(seed, "p", 1, 4) != 5 || btfx_add_struct(seed, "s", 8) != 6 ||
	    btfx_append_member(seed, "f", 1, 0, 0) ||
	    btfx_add_datasec_with_vars(seed, ".data", 32, v, 3) != 7)
		abort();
	if (btfx_raw_data(seed, NULL, &raw, &len) || !(blob = malloc(len)))
		goto out;
	memcpy(blob, raw, len);
	if (unsort)
		unsort_last(seed, blob);
	err = btfx_load(btf, blob, len, NULL);
	if (err) {
		fprintf(stderr, "%s\n", btfx_errmsg(btf));
		abort();
	}
out:
	free(blob);
	btfx_free(seed);
	return err;
}

static struct btfx *start(struct prog *g, uint32_t flags, unsigned int mode)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = flags };
	struct btfx *btf = btfx_new_opts(&o);
	size_t n, skip;

	if (!btf || mode == 0)
		return btf;
	if (mode < 3) {
		if (load_seed(btf, mode == 2)) {
			btfx_free(btf);
			return NULL;
		}
		return btf;
	}
	/* A blob from the input: past the selector, its 16-bit length, its bytes. */
	skip = g->left < 3 ? g->left : 3;
	n = skip == 3 ? (size_t)g->p[1] | (size_t)g->p[2] << 8 : 0;
	g->p += skip;
	g->left -= skip;
	n = n < g->left ? n : g->left;
	if (btfx_load(btf, g->p, n, NULL)) {
		btfx_free(btf);
		btf = btfx_new_opts(&o);
	}
	g->p += n;
	g->left -= n;
	return btf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx_new_opts o = { .sz = sizeof(o) };
	struct prog g = { data, size };
	struct btfx *btf, *back;
	const void *raw;
	void *before = NULL;
	size_t len, blen = 0;
	int r;

	o.flags = size && (data[0] & 1) ? BTFX_NEW_UNPLACED_DATASEC : 0;
	btf = start(&g, o.flags, size ? (data[0] >> 1) & 3 : 0);
	if (!btf)
		return 0;
	while (g.left) {
		if (btfx_raw_data(btf, NULL, &raw, &len))
			abort();
		before = realloc(before, len);
		memcpy(before, raw, len);
		blen = len;
		r = call(btf, &g);
		if (r >= 0)
			continue;
		/* Failed: a message, and nothing changed. */
		if (!btfx_errmsg(btf)[0])
			abort();
		if (btfx_raw_data(btf, NULL, &raw, &len) || len != blen || memcmp(raw, before, len))
			abort();
	}
	if (btfx_raw_data(btf, NULL, &raw, &len))
		abort();
	back = btfx_new_opts(&(struct btfx_new_opts){ .sz = sizeof(struct btfx_new_opts) });
	/* Dangling forward references are allowed to builders, not to loaders. */
	if (back && btfx_load(back, raw, len, NULL) == 0 &&
	    btfx_type_cnt(back) != btfx_type_cnt(btf))
		abort();
	btfx_free(back);
	btfx_free(btf);
	free(before);
	return 0;
}
