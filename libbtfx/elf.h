/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * elf.h - find a section (.BTF) in an ELF object held in memory: 32/64-bit,
 * either byte order, SHF_COMPRESSED (zlib) sections too.  No libelf.
 */
#ifndef BTFX_ELF_H
#define BTFX_ELF_H

#include <stddef.h>
#include <btfx/btfx.h>

/* Non-zero when data starts with the ELF magic. */
int btfx__elf_is(const void *data, size_t size);

/*
 * Find section name.  On success, sec_out and len_out describe its contents:
 * a pointer into data, or for a compressed section a buffer allocated with
 * mem that the caller frees (*owned_out is set to it, else NULL).
 * Returns 0, -ENOENT (no such section), -EBADMSG (malformed ELF; the reason
 * is written to errbuf), -ENOTSUP (a compression other than zlib), -ENOMEM.
 */
int btfx__elf_find_section(const struct btfx_allocator *mem, const void *data, size_t size,
			   const char *name, const void **sec_out, size_t *len_out,
			   void **owned_out, char *errbuf, size_t errlen);

#endif /* BTFX_ELF_H */
