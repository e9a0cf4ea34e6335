// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_dump_c.c - libFuzzer target for btfx_dump_c(): the C dump of any
 * blob the reader accepts returns 0 or a negative errno (-ELOOP for a type
 * loop C cannot write, or nesting too deep), never crashes or hangs; so
 * does the dump of each of the first types alone.  Output goes to a
 * callback that counts bytes.
 *
 * fuzz/replay.c runs it over fuzz/corpus/dump_c (and fuzz/corpus/read) in
 * make check.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <btfx/btfx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, const char *text, size_t len)
{
	(void)text;
	*(size_t *)ctx += len;
	return 0;
}

static void must(int err)
{
	if (err && err != -ELOOP && err != -ENOMEM)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx *btf = btfx_new();
	size_t bytes = 0;
	struct btfx_dump_c_opts opts = { .sz = sizeof(opts), .write = count, .ctx = &bytes };
	uint32_t id;

	if (!btf)
		return 0;
	if (btfx_load(btf, data, size, NULL) == 0) {
		must(btfx_dump_c(btf, &opts));
		opts.ids_cnt = 1;
		for (id = 1; id < btfx_type_cnt(btf) && id <= 16; id++) {
			opts.ids = &id;
			must(btfx_dump_c(btf, &opts));
		}
	}
	btfx_free(btf);
	return 0;
}
