// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_read.c - libFuzzer target for the reader: any input either fails to
 * load with a negative errno, or loads, dumps, counts, and round-trips
 * through the writer to the same type and string sections.  The input's
 * length picks BTFX_LOAD_BORROW; whatever loads must load the same either
 * way, every type id and string offset any record holds must resolve, and
 * the name index must find each of the first named types (or a lower id
 * of the same name and kind).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude
 * -I<build>/include \ fuzz/fuzz_read.c libbtfx/[a-z]*.c -lxxhash -lz -o
 * fuzz_read
 *
 * fuzz/replay.c runs the same checks over fuzz/corpus/ without libFuzzer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <btfx/btfx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sink(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	(void)text;
	(void)len;
	return 0;
}

static void check_round_trip(struct btfx *btf)
{
	struct btfx_write_opts wo = { .sz = sizeof(wo),
				      .endian = BTFX_ENDIAN_BIG,
				      .flags = BTFX_WRITE_LAYOUT };
	const void *blob;
	size_t len;
	struct btfx *again;

	if (btfx_raw_data(btf, &wo, &blob, &len))
		return;
	again = btfx_new_opts(&(struct btfx_new_opts){ .sz = sizeof(struct btfx_new_opts),
						       .base = btfx_base(btf) });
	if (!again)
		return;
	if (btfx_load(again, blob, len, NULL) || btfx_type_cnt(again) != btfx_type_cnt(btf) ||
	    btfx_type_sec_len(again) != btfx_type_sec_len(btf) ||
	    btfx_str_sec_len(again) != btfx_str_sec_len(btf) ||
	    (btfx_type_sec_len(btf) &&
	     memcmp(btfx_type_by_id(again, btfx_start_id(again)),
		    btfx_type_by_id(btf, btfx_start_id(btf)), btfx_type_sec_len(btf))))
		abort();
	btfx_free(again);
}

/* The name index finds each of the first named types, or a lower id of that
 * name and kind. */
static void check_names(const struct btfx *btf)
{
	uint32_t id, cnt = btfx_type_cnt(btf);

	for (id = btfx_start_id(btf); id < cnt && id < btfx_start_id(btf) + 64; id++) {
		const char *s = btfx_name_by_id(btf, id), *s2;
		int kind = (int)btfx_kind(btfx_type_by_id(btf, id)), r;

		if (!s || !*s)
			continue;
		r = btfx_find_by_name_kind(btf, s, kind);
		if (r <= 0 || (uint32_t)r > id)
			abort();
		s2 = btfx_name_by_id(btf, (uint32_t)r);
		if (!s2 || strcmp(s, s2) ||
		    (int)btfx_kind(btfx_type_by_id(btf, (uint32_t)r)) != kind)
			abort();
		if (btfx_find_by_name_kind(btf, s, -1) > r)
			abort();
	}
}

static int id_ok(void *ctx, uint32_t id)
{
	if (id >= btfx_type_cnt(ctx))
		abort();
	return 0;
}

static int str_ok(void *ctx, uint32_t off)
{
	if (!btfx_str_by_offset(ctx, off))
		abort();
	return 0;
}

/* A loaded object is fully checked: every id and string of every record resolves. */
static void check_fields(const struct btfx *btf)
{
	uint32_t id, cnt = btfx_type_cnt(btf);

	for (id = btfx_start_id(btf); id < cnt; id++) {
		/* -ENOTSUP: a kind libbtfx does not know, whose fields it cannot tell. */
		int r1 = btfx_for_each_type_id(btf, id, id_ok, (void *)(uintptr_t)btf);
		int r2 = btfx_for_each_str_off(btf, id, str_ok, (void *)(uintptr_t)btf);

		if ((r1 < 0 && r1 != -ENOTSUP) || (r2 < 0 && r2 != -ENOTSUP))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx_load_opts lo = { .sz = sizeof(lo) };
	struct btfx_stats st = { .sz = sizeof(st) };
	struct btfx *btf = btfx_new(), *other;
	uint32_t id;
	uint64_t sz;
	int err;

	if (!btf)
		return 0;
	lo.flags = size % 2 ? BTFX_LOAD_BORROW : 0;
	err = btfx_load(btf, data, size, &lo);
	if (err > 0)
		abort();
	/* Borrowed or copied: the same verdict. */
	if ((other = btfx_new())) {
		if ((btfx_load(other, data, size, NULL) == 0) != (err == 0))
			abort();
		btfx_free(other);
	}
	if (!err) {
		btfx_dump_raw(btf, sink, NULL);
		btfx_stats(btf, &st);
		for (id = 0; id < btfx_type_cnt(btf); id++)
			btfx_resolve_size(btf, id, &sz);
		check_names(btf);
		check_fields(btf);
		check_round_trip(btf);
		/* Building on a loaded object copies it first. */
		btfx_add_ptr(btf, 1);
	}
	btfx_free(btf);
	return 0;
}
