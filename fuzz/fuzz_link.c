// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_link.c - libFuzzer target for btfx_link_*() over two inputs split
 * from one buffer.  Layout: a mode byte, a 16-bit split point (little
 * endian), then the two inputs: bytes [3, 3 + split % (size - 2)) and the
 * rest.  Mode bits: 0 and 1, input 1 and 2 are ELF objects (else raw BTF);
 * 2, raw inputs get a placement entry for ".data" and ".bss" (input 2's
 * at a fixed offset); 3, BTFX_LINK_NO_DEDUP; 4, input 1 is added twice.
 *
 * Every call must give 0 or a negative errno with a message; a failed
 * add leaves the input count as it was; a finished link's output loads
 * back from its raw bytes, its id maps point below the output's type
 * count, its .BTF.ext and ELF image can be written; btfx_prepare_load()
 * of the output read back, and btfx_link_prepare_load() of the output
 * itself (with the inputs' symbols), give 0 (and an object that loads
 * again) or an error with a message and the object unchanged.  Every allocation
 * goes through a counting allocator: nothing is left after
 * btfx_link_free() (a leak aborts, also when replayed without a
 * sanitizer).  fuzz/replay.c runs it over fuzz/corpus/link.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <btfx/btfx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum {
	MODE_ELF1 = 1u << 0,
	MODE_ELF2 = 1u << 1,
	MODE_PLACE = 1u << 2,
	MODE_NO_DEDUP = 1u << 3,
	MODE_TWICE = 1u << 4,
};

static long live; /* allocations not yet freed */

static void *count_realloc(void *ctx, void *p, size_t n)
{
	void *q;

	(void)ctx;
	q = realloc(p, n ? n : 1);
	if (q && !p)
		live++;
	return q;
}

static void count_free(void *ctx, void *p)
{
	(void)ctx;
	if (p)
		live--;
	free(p);
}

static const struct btfx_allocator counting = { sizeof(counting), count_realloc, count_free,
						NULL };

static void check_err(struct btfx_link *link, int err)
{
	if (err >= 0)
		return;
	if (err != -EINVAL && err != -EEXIST && err != -EBADMSG && err != -ENOTSUP &&
	    err != -E2BIG && err != -ENOMEM && err != -ENOENT && err != -EOVERFLOW &&
	    err != -ELOOP)
		abort();
	if (!btfx_link_errmsg(link)[0])
		abort();
}

static int add(struct btfx_link *link, const uint8_t *p, size_t n, int elf, unsigned int mode,
	       uint32_t at)
{
	struct btfx_link_sec secs[2] = {
		{ .name = ".data", .size = 64, .align = 8, .flags = at ? BTFX_LINK_SEC_AT : 0,
		  .offset = at },
		{ .name = ".bss", .size = 64, .align = 4 },
	};
	struct btfx_link_input_opts o = { .sz = sizeof(o), .secs = secs, .sec_cnt = 2 };
	const struct btfx_link_input_opts *op = mode & MODE_PLACE ? &o : NULL;
	uint32_t before = btfx_link_input_cnt(link);
	int r;

	r = elf ? btfx_link_add_elf(link, p, n, "in.o", op) :
		  btfx_link_add_raw(link, p, n, "in.btf", op);
	check_err(link, r);
	if ((r < 0 && btfx_link_input_cnt(link) != before) ||
	    (r >= 0 && ((uint32_t)r != before || btfx_link_input_cnt(link) != before + 1)))
		abort();
	return r;
}

/*
 * btfx_prepare_load() of btf (with link: btfx_link_prepare_load(), btf
 * its output, with the inputs' symbols): 0 and a blob that loads, or an
 * error and btf unchanged.
 */
static void check_prepare_load(struct btfx *btf, struct btfx_link *link)
{
	const void *raw;
	struct btfx *again;
	size_t len, len2;
	uint8_t *before;
	int err;

	if (btfx_raw_data(btf, NULL, &raw, &len))
		return; /* no memory */
	before = malloc(len);
	if (!before)
		return;
	memcpy(before, raw, len);
	err = link ? btfx_link_prepare_load(link) : btfx_prepare_load(btf, NULL);
	if (err > 0 || (err && !btfx_errmsg(btf)[0]))
		abort();
	if (err && err != -ENOMEM &&
	    (btfx_raw_data(btf, NULL, &raw, &len2) || len2 != len || memcmp(raw, before, len)))
		abort();
	if (!err && !btfx_raw_data(btf, NULL, &raw, &len2) && (again = btfx_new())) {
		err = btfx_load(again, raw, len2, NULL);
		if (err && err != -ENOMEM)
			abort();
		btfx_free(again);
	}
	free(before);
}

/* A finished link: its output and maps hold together. */
static void check_done(struct btfx_link *link)
{
	struct btfx *out = btfx_link_btf(link), *back;
	const void *raw, *ext;
	size_t len, ext_len;
	uint32_t i, k, cnt;
	struct btfx_sink *sink;
	int err;

	if (!out || btfx_raw_data(out, NULL, &raw, &len) || btfx_link_ext_data(link, &ext, &ext_len))
		abort();
	back = btfx_new();
	if (!back)
		abort();
	err = btfx_load(back, raw, len, NULL);
	if (err == -ENOMEM)
		goto out;
	if (err || btfx_type_cnt(back) != btfx_type_cnt(out))
		abort();
	for (k = 0; k < btfx_link_input_cnt(link); k++) {
		const uint32_t *map = btfx_link_id_map(link, k, &cnt);

		if (!map || !cnt || map[0])
			abort();
		for (i = 0; i < cnt; i++)
			if (map[i] >= btfx_type_cnt(out))
				abort();
		check_err(link, btfx_link_str_off(link, k, 0));
	}
	sink = btfx_sink_mem(NULL, 0, NULL);
	if (sink) {
		check_err(link, btfx_link_write_elf(link, sink, NULL));
		check_err(link, btfx_link_write_ext(link, sink));
		btfx_sink_abort(sink);
	}
	check_prepare_load(back, NULL);
	check_prepare_load(out, link); /* last: it changes the output */
out:
	btfx_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx_link_opts lo = { .sz = sizeof(lo), .allocator = &counting };
	struct btfx_link *link;
	unsigned int mode;
	size_t split;
	int err;

	if (size < 3)
		return 0;
	mode = data[0];
	split = ((size_t)data[1] | (size_t)data[2] << 8) % (size - 2);
	data += 3;
	size -= 3;
	if (mode & MODE_NO_DEDUP)
		lo.flags = BTFX_LINK_NO_DEDUP;
	live = 0;
	link = btfx_link_new(&lo);
	if (!link)
		return 0;
	add(link, data, split, mode & MODE_ELF1, mode, 0);
	if (mode & MODE_TWICE)
		add(link, data, split, mode & MODE_ELF1, mode, 0);
	add(link, data + split, size - split, mode & MODE_ELF2, mode, 128);
	err = btfx_link_finish(link, NULL);
	check_err(link, err);
	if (!err)
		check_done(link);
	else if (btfx_link_btf(link) || add(link, data, split, 0, 0, 0) != -EINVAL)
		abort();
	btfx_link_free(link);
	if (live)
		abort();
	return 0;
}
