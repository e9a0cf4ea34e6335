// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * elf.c - find a section in an ELF object held in memory, without libelf.
 *
 * ELFCLASS32 and ELFCLASS64, either byte order.  The ELF header and the
 * section headers are copied out with memcpy (the buffer may be unaligned)
 * into the native-layout records of elf.h and byte-swapped when the file's
 * order is not the host's.  The extended numbering of the gABI is followed:
 * e_shnum == 0 means section 0's sh_size holds the count, and e_shstrndx ==
 * SHN_XINDEX means section 0's sh_link holds the index.  Every offset and
 * count is checked against the buffer before use; the section count is
 * bounded by what the file can hold, so a huge e_shnum is rejected rather
 * than looped over.  SHF_COMPRESSED sections with ELFCOMPRESS_ZLIB are
 * inflated into a buffer of exactly ch_size bytes.
 */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"
#include "elf.h"
#include "zio.h"

int btfx__elf_err(struct btfx__elf *e, int err, const char *fmt, ...)
{
	va_list ap;

	if (e->errbuf && e->errlen) {
		va_start(ap, fmt);
		vsnprintf(e->errbuf, e->errlen, fmt, ap);
		va_end(ap);
	}
	return err;
}

int btfx__elf_is(const void *data, size_t size)
{
	return size >= 4 && memcmp(data, "\177ELF", 4) == 0;
}

/* Read the ELF header into e; e_shnum/e_shstrndx still raw (0 = none). */
static int elf_read_ehdr(struct btfx__elf *e, uint64_t *shoff, uint16_t *shnum, uint16_t *shstrndx)
{
	struct elf32_ehdr h32;
	struct elf64_ehdr h64;
	uint16_t shentsize;

	if (e->is64) {
		if (e->size < sizeof(h64))
			return btfx__elf_err(e, -EBADMSG, "truncated ELF header (%zu bytes)",
					     e->size);
		memcpy(&h64, e->data, sizeof(h64));
		*shoff = btfx__elf64(e, h64.e_shoff);
		shentsize = btfx__elf16(e, h64.e_shentsize);
		*shnum = btfx__elf16(e, h64.e_shnum);
		*shstrndx = btfx__elf16(e, h64.e_shstrndx);
	} else {
		if (e->size < sizeof(h32))
			return btfx__elf_err(e, -EBADMSG, "truncated ELF header (%zu bytes)",
					     e->size);
		memcpy(&h32, e->data, sizeof(h32));
		*shoff = btfx__elf32(e, h32.e_shoff);
		shentsize = btfx__elf16(e, h32.e_shentsize);
		*shnum = btfx__elf16(e, h32.e_shnum);
		*shstrndx = btfx__elf16(e, h32.e_shstrndx);
	}
	e->shentsize = e->is64 ? sizeof(struct elf64_shdr) : sizeof(struct elf32_shdr);
	if (*shoff && shentsize != e->shentsize)
		return btfx__elf_err(e, -EBADMSG, "bad section header size %u (expected %zu)",
				     shentsize, e->shentsize);
	return 0;
}

/* Section header i (i < shnum, the table already checked to fit). */
void btfx__elf_shdr(const struct btfx__elf *e, size_t i, struct btfx__shdr *sh)
{
	const uint8_t *p = e->data + e->shoff + i * e->shentsize;
	struct elf32_shdr s32;
	struct elf64_shdr s64;

	if (e->is64) {
		memcpy(&s64, p, sizeof(s64));
		sh->name = btfx__elf32(e, s64.sh_name);
		sh->type = btfx__elf32(e, s64.sh_type);
		sh->flags = btfx__elf64(e, s64.sh_flags);
		sh->offset = btfx__elf64(e, s64.sh_offset);
		sh->size = btfx__elf64(e, s64.sh_size);
		sh->link = btfx__elf32(e, s64.sh_link);
		sh->addr = btfx__elf64(e, s64.sh_addr);
		sh->info = btfx__elf32(e, s64.sh_info);
		sh->addralign = btfx__elf64(e, s64.sh_addralign);
		sh->entsize = btfx__elf64(e, s64.sh_entsize);
	} else {
		memcpy(&s32, p, sizeof(s32));
		sh->name = btfx__elf32(e, s32.sh_name);
		sh->type = btfx__elf32(e, s32.sh_type);
		sh->flags = btfx__elf32(e, s32.sh_flags);
		sh->offset = btfx__elf32(e, s32.sh_offset);
		sh->size = btfx__elf32(e, s32.sh_size);
		sh->link = btfx__elf32(e, s32.sh_link);
		sh->addr = btfx__elf32(e, s32.sh_addr);
		sh->info = btfx__elf32(e, s32.sh_info);
		sh->addralign = btfx__elf32(e, s32.sh_addralign);
		sh->entsize = btfx__elf32(e, s32.sh_entsize);
	}
}

/* Identify the file and locate its section header table. */
int btfx__elf_open(struct btfx__elf *e)
{
	uint16_t shnum = 0, shstrndx = 0;
	uint64_t shoff = 0, cnt;
	struct btfx__shdr sh0;
	int err;

	if (!btfx__elf_is(e->data, e->size))
		return btfx__elf_err(e, -EBADMSG, "not an ELF file");
	if (e->size < EI_NIDENT)
		return btfx__elf_err(e, -EBADMSG, "truncated ELF header (%zu bytes)", e->size);
	if (e->data[EI_CLASS] != ELFCLASS32 && e->data[EI_CLASS] != ELFCLASS64)
		return btfx__elf_err(e, -EBADMSG, "unknown ELF class %u", e->data[EI_CLASS]);
	if (e->data[EI_DATA] != ELFDATA2LSB && e->data[EI_DATA] != ELFDATA2MSB)
		return btfx__elf_err(e, -EBADMSG, "unknown ELF data encoding %u", e->data[EI_DATA]);
	e->is64 = e->data[EI_CLASS] == ELFCLASS64;
	e->swap = (e->data[EI_DATA] == ELFDATA2MSB) != btfx__host_big_endian();
	err = elf_read_ehdr(e, &shoff, &shnum, &shstrndx);
	if (err || !shoff)
		return err;
	if (!btfx__elf_fits(e, shoff, e->shentsize))
		return btfx__elf_err(e, -EBADMSG, "section header table past end of file");
	e->shoff = (size_t)shoff;
	btfx__elf_shdr(e, 0, &sh0);
	cnt = shnum ? shnum : sh0.size;
	e->shstrndx = shstrndx == SHN_XINDEX ? sh0.link : shstrndx;
	if (cnt > (e->size - e->shoff) / e->shentsize)
		return btfx__elf_err(
			e, -EBADMSG,
			"section header table past end of file (%llu sections at %llu)",
			(unsigned long long)cnt, (unsigned long long)shoff);
	e->shnum = (size_t)cnt;
	return 0;
}

/* Locate the section name string table; -ENOENT when the file has none. */
int btfx__elf_open_strs(struct btfx__elf *e)
{
	struct btfx__shdr sh;

	if (!e->shnum || e->shstrndx == SHN_UNDEF)
		return btfx__elf_err(e, -ENOENT, "no section name string table");
	if (e->shstrndx >= e->shnum)
		return btfx__elf_err(e, -EBADMSG,
				     "section name string table index %zu out of range",
				     e->shstrndx);
	btfx__elf_shdr(e, e->shstrndx, &sh);
	if (sh.type == SHT_NOBITS || !btfx__elf_fits(e, sh.offset, sh.size))
		return btfx__elf_err(e, -EBADMSG, "section %zu (section names) past end of file",
				     e->shstrndx);
	e->strs = (const char *)e->data + sh.offset;
	e->strs_len = (size_t)sh.size;
	return 0;
}

/* Is section i called name?  0 no, 1 yes, -EBADMSG bad name offset. */
int btfx__elf_name_is(struct btfx__elf *e, size_t i, const struct btfx__shdr *sh, const char *name,
		      size_t name_len)
{
	size_t avail;

	if (sh->name >= e->strs_len)
		return btfx__elf_err(e, -EBADMSG, "section %zu name offset %u out of range", i,
				     sh->name);
	avail = e->strs_len - sh->name;
	return name_len < avail && memcmp(e->strs + sh->name, name, name_len + 1) == 0;
}

/* Inflate SHF_COMPRESSED section i into a buffer of its own. */
static int elf_inflate(struct btfx__elf *e, const struct btfx_allocator *mem, size_t i,
		       const uint8_t *p, size_t len, void **out, size_t *out_len)
{
	struct elf32_chdr c32;
	struct elf64_chdr c64;
	size_t hlen = e->is64 ? sizeof(c64) : sizeof(c32);
	char why[BTFX_ERRMSG_MAX];
	uint64_t size;
	uint32_t type;
	int err;

	if (len < hlen)
		return btfx__elf_err(e, -EBADMSG, "section %zu compression header truncated", i);
	if (e->is64) {
		memcpy(&c64, p, sizeof(c64));
		type = btfx__elf32(e, c64.ch_type);
		size = btfx__elf64(e, c64.ch_size);
	} else {
		memcpy(&c32, p, sizeof(c32));
		type = btfx__elf32(e, c32.ch_type);
		size = btfx__elf32(e, c32.ch_size);
	}
	if (type != ELFCOMPRESS_ZLIB)
		return btfx__elf_err(e, -ENOTSUP, "section %zu compression type %u not supported",
				     i, type);
	if (size > BTFX_ALLOC_MAX)
		return btfx__elf_err(e, -EBADMSG, "section %zu uncompressed size %llu too large", i,
				     (unsigned long long)size);
	err = btfx__inflate(mem, p + hlen, len - hlen, 0, (size_t)size, (size_t)size, out, out_len,
			    why, sizeof(why));
	if (err)
		return btfx__elf_err(e, err, "section %zu: %s", i, why);
	return 0;
}

/* The contents of matching section i: borrowed, or inflated into *owned_out. */
static int elf_section_data(struct btfx__elf *e, const struct btfx_allocator *mem, size_t i,
			    const struct btfx__shdr *sh, const void **sec_out, size_t *len_out,
			    void **owned_out)
{
	const uint8_t *p;
	void *buf;
	size_t len;
	int err;

	if (!btfx__elf_fits(e, sh->offset, sh->size))
		return btfx__elf_err(e, -EBADMSG, "section %zu past end of file", i);
	p = e->data + sh->offset; /* only once it is known to be inside */
	if (!(sh->flags & SHF_COMPRESSED)) {
		*sec_out = p;
		*len_out = (size_t)sh->size;
		return 0;
	}
	err = elf_inflate(e, mem, i, p, (size_t)sh->size, &buf, &len);
	if (err)
		return err;
	*sec_out = buf;
	*len_out = len;
	*owned_out = buf;
	return 0;
}

int btfx__elf_find_section(const struct btfx_allocator *mem, const void *data, size_t size,
			   const char *name, const void **sec_out, size_t *len_out,
			   void **owned_out, char *errbuf, size_t errlen)
{
	struct btfx__elf e = { .data = data, .size = size, .errbuf = errbuf, .errlen = errlen };
	size_t i, name_len = strlen(name);
	struct btfx__shdr sh;
	int err, nobits = 0;

	*sec_out = NULL;
	*len_out = 0;
	*owned_out = NULL;
	if (!mem)
		mem = &btfx__libc_allocator;
	if (errbuf && errlen)
		errbuf[0] = '\0';
	err = btfx__elf_open(&e);
	if (!err && !e.shoff)
		return btfx__elf_err(&e, -ENOENT, "no section header table");
	if (!err)
		err = btfx__elf_open_strs(&e);
	if (err)
		return err;
	for (i = 1; i < e.shnum; i++) {
		btfx__elf_shdr(&e, i, &sh);
		err = btfx__elf_name_is(&e, i, &sh, name, name_len);
		if (err < 0)
			return err;
		if (!err)
			continue;
		if (sh.type == SHT_NOBITS) {
			nobits = 1;
			continue;
		}
		return elf_section_data(&e, mem, i, &sh, sec_out, len_out, owned_out);
	}
	return btfx__elf_err(
		&e, -ENOENT,
		nobits ? "section '%.64s' has no data (SHT_NOBITS)" : "no section '%.64s'", name);
}
