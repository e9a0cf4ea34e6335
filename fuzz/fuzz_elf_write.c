// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_elf_write.c - libFuzzer target for btfx_write_elf_into() (internal:
 * links the library's core for the ELF finder).  Any input must give 0 or
 * a negative errno and leave a refused output empty; when it is accepted,
 * the output's .BTF must load to the same types as the object written, in
 * the input's byte order, and every input byte after the ELF header must
 * be in the output at its offset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct text {
	char buf[4096];
	size_t len;
};

static int collect(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;

	if (len > sizeof(t->buf) - t->len)
		abort();
	memcpy(t->buf + t->len, s, len);
	t->len += len;
	return 0;
}

static struct btfx *make_btf(void)
{
	struct btfx *btf = btfx_new();
	int id;

	if (!btf)
		abort();
	id = btfx_add_int(btf, "int", 4, 1);
	if (id < 0 || btfx_add_ptr(btf, id) < 0 || btfx_add_struct(btf, "s", 8) < 0 ||
	    btfx_append_member(btf, "a", id, 0, 0) < 0 || btfx_finish_type(btf) < 0)
		abort();
	return btf;
}

/* The accepted output: its .BTF reads back as btf. */
static void check_output(struct btfx *btf, const uint8_t *in, size_t in_len, const uint8_t *out,
			 size_t out_len)
{
	struct text want = { .len = 0 }, got = { .len = 0 };
	size_t eh = in[EI_CLASS] == ELFCLASS64 ? sizeof(struct elf64_ehdr) :
						sizeof(struct elf32_ehdr);
	struct btfx *back = btfx_new();
	const void *sec;
	void *owned = NULL;
	size_t len;

	if (out_len < in_len || memcmp(in + eh, out + eh, in_len - eh))
		abort();
	if (!back || btfx__elf_find_section(NULL, out, out_len, ".BTF", &sec, &len, &owned, NULL,
					    0))
		abort();
	if (btfx_load(back, sec, len, NULL) ||
	    btfx_is_big_endian(back) != (in[EI_DATA] == ELFDATA2MSB))
		abort();
	btfx_dump_raw(btf, collect, &want);
	btfx_dump_raw(back, collect, &got);
	if (want.len != got.len || memcmp(want.buf, got.buf, want.len))
		abort();
	free(owned);
	btfx_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx *btf = make_btf();
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	const void *out;
	size_t out_len;
	int err;

	if (!s)
		abort();
	err = btfx_write_elf_into(btf, data, size, s, NULL);
	if (err > 0 || (err && btfx_sink_offset(s)))
		abort();
	out = btfx_sink_mem_data(s, &out_len);
	if (!err)
		check_output(btf, data, size, out, out_len);
	btfx_sink_abort(s);
	btfx_free(btf);
	return 0;
}
