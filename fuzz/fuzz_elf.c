// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_elf.c - libFuzzer target for the ELF section finder and the gzip
 * inflater (internal: links the library's core).  Any input must give 0 or
 * a negative errno; a found section's bytes are all read (ASan checks they
 * are inside the input or the inflated buffer).
 */
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "elf.h"
#include "zio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch(const void *p, size_t len)
{
	const volatile uint8_t *b = p;
	uint8_t x = 0;
	size_t i;

	for (i = 0; i < len; i++)
		x ^= b[i];
	(void)x;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct btfx_allocator *mem = &btfx__libc_allocator;
	const void *sec;
	void *owned = NULL, *out = NULL;
	size_t len;
	char why[128];
	int err;

	if (btfx__elf_is(data, size)) {
		err = btfx__elf_find_section(mem, data, size, ".BTF", &sec, &len, &owned, why,
					     sizeof(why));
		if (err > 0)
			abort();
		if (!err)
			touch(sec, len);
		btfx__mem_free(mem, owned);
	}
	if (btfx__gz_is(data, size)) {
		err = btfx__inflate(mem, data, size, 1, 0, 1u << 20, &out, &len, why, sizeof(why));
		if (err > 0)
			abort();
		if (!err)
			touch(out, len);
		btfx__mem_free(mem, out);
	}
	return 0;
}
