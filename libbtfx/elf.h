/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * elf.h - the ELF file format as libbtfx reads and writes it, without
 * libelf: the gABI constants and on-disk records (elf.c reads them,
 * elf_write.c writes them), a parsed view of a file held in memory, and
 * the finder of a section (.BTF): 32/64-bit, either byte order,
 * SHF_COMPRESSED (zlib) sections too.
 */
#ifndef BTFX_ELF_H
#define BTFX_ELF_H

#include <stddef.h>
#include <stdint.h>
#include <btfx/btfx.h>

#include "internal.h"

#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define EV_CURRENT 1
#define ET_REL 1

#define SHN_UNDEF 0
#define SHN_LORESERVE 0xff00
#define SHN_XINDEX 0xffff
#define SHT_NULL 0
#define SHT_PROGBITS 1
#define SHT_STRTAB 3
#define SHT_RELA 4
#define SHT_NOBITS 8
#define SHT_REL 9
#define SHF_ALLOC 0x2
#define SHF_INFO_LINK 0x40
#define SHF_COMPRESSED 0x800
#define ELFCOMPRESS_ZLIB 1

struct elf32_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_shdr {
	uint32_t sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size;
	uint32_t sh_link, sh_info, sh_addralign, sh_entsize;
};

struct elf64_shdr {
	uint32_t sh_name, sh_type;
	uint64_t sh_flags, sh_addr, sh_offset, sh_size;
	uint32_t sh_link, sh_info;
	uint64_t sh_addralign, sh_entsize;
};

struct elf32_chdr {
	uint32_t ch_type, ch_size, ch_addralign;
};

struct elf64_chdr {
	uint32_t ch_type, ch_reserved;
	uint64_t ch_size, ch_addralign;
};

_Static_assert(sizeof(struct elf32_ehdr) == 52, "Elf32_Ehdr layout");
_Static_assert(sizeof(struct elf64_ehdr) == 64, "Elf64_Ehdr layout");
_Static_assert(sizeof(struct elf32_shdr) == 40, "Elf32_Shdr layout");
_Static_assert(sizeof(struct elf64_shdr) == 64, "Elf64_Shdr layout");
_Static_assert(sizeof(struct elf32_chdr) == 12, "Elf32_Chdr layout");
_Static_assert(sizeof(struct elf64_chdr) == 24, "Elf64_Chdr layout");

/* A section header in host order, whatever the class. */
struct btfx__shdr {
	uint32_t name;
	uint32_t type;
	uint64_t flags;
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
	uint32_t link;
	uint32_t info;
	uint64_t addralign;
	uint64_t entsize;
};

/* A file held in memory, as btfx__elf_open() found it. */
struct btfx__elf {
	const uint8_t *data;
	size_t size;
	int is64;
	int swap;     /* the file's byte order is not the host's */
	size_t shoff; /* section header table, checked to fit; 0: none */
	size_t shentsize;
	size_t shnum; /* extended numbering resolved */
	size_t shstrndx;
	const char *strs; /* section name string table (btfx__elf_open_strs()) */
	size_t strs_len;
	char *errbuf; /* where messages go; may be NULL */
	size_t errlen;
};

static inline uint16_t btfx__elf16(const struct btfx__elf *e, uint16_t v)
{
	return e->swap ? btfx__bswap16(v) : v;
}

static inline uint32_t btfx__elf32(const struct btfx__elf *e, uint32_t v)
{
	return e->swap ? btfx__bswap32(v) : v;
}

static inline uint64_t btfx__elf64(const struct btfx__elf *e, uint64_t v)
{
	return e->swap ? __builtin_bswap64(v) : v;
}

/* Does [off, off + len) lie inside the file? */
static inline int btfx__elf_fits(const struct btfx__elf *e, uint64_t off, uint64_t len)
{
	return off <= e->size && len <= e->size - off;
}

/* Format a message into e->errbuf; returns err. */
int btfx__elf_err(struct btfx__elf *e, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Identify e->data/e->size (magic, class, data encoding) and locate the
 * section header table, every bound checked: 0 (e->shoff 0 when the file
 * has none) or -EBADMSG with the reason in e->errbuf.
 */
int btfx__elf_open(struct btfx__elf *e);

/* Section header i (i < e->shnum) in host order. */
void btfx__elf_shdr(const struct btfx__elf *e, size_t i, struct btfx__shdr *sh);

/* Locate the section name string table: 0, -ENOENT (none), -EBADMSG. */
int btfx__elf_open_strs(struct btfx__elf *e);

/* Is section i (header sh) called name?  0 no, 1 yes, -EBADMSG bad name offset. */
int btfx__elf_name_is(struct btfx__elf *e, size_t i, const struct btfx__shdr *sh, const char *name,
		      size_t name_len);

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
