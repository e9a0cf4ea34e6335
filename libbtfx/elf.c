// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * elf.c - find a section in an ELF object held in memory, without libelf.
 *
 * ELFCLASS32 and ELFCLASS64, either byte order.  The ELF header and the
 * section headers are copied out with memcpy (the buffer may be unaligned)
 * into the native-layout records below and byte-swapped when the file's
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

#define EI_NIDENT	16
#define EI_CLASS	4
#define EI_DATA		5
#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ELFDATA2MSB	2

#define SHN_UNDEF	0
#define SHN_XINDEX	0xffff
#define SHT_NOBITS	8
#define SHF_COMPRESSED	0x800
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
struct shdr {
	uint32_t name;
	uint32_t type;
	uint64_t flags;
	uint64_t offset;
	uint64_t size;
	uint32_t link;
};

struct elf {
	const uint8_t *data;
	size_t size;
	int is64;
	int swap;       /* the file's byte order is not the host's */
	size_t shoff;   /* section header table, checked to fit */
	size_t shentsize;
	size_t shnum;
	size_t shstrndx;
	const char *strs; /* section name string table */
	size_t strs_len;
	char *errbuf;
	size_t errlen;
};

__attribute__((format(printf, 3, 4))) static int elf_err(struct elf *e, int err,
							  const char *fmt, ...)
{
	va_list ap;

	if (e->errbuf && e->errlen) {
		va_start(ap, fmt);
		vsnprintf(e->errbuf, e->errlen, fmt, ap);
		va_end(ap);
	}
	return err;
}

static uint16_t e16(const struct elf *e, uint16_t v)
{
	return e->swap ? btfx__bswap16(v) : v;
}

static uint32_t e32(const struct elf *e, uint32_t v)
{
	return e->swap ? btfx__bswap32(v) : v;
}

static uint64_t e64(const struct elf *e, uint64_t v)
{
	return e->swap ? __builtin_bswap64(v) : v;
}

/* Does [off, off + len) lie inside the file? */
static int elf_fits(const struct elf *e, uint64_t off, uint64_t len)
{
	return off <= e->size && len <= e->size - off;
}

int btfx__elf_is(const void *data, size_t size)
{
	return size >= 4 && memcmp(data, "\177ELF", 4) == 0;
}

/* Read the ELF header into e; e_shnum/e_shstrndx still raw (0 = none). */
static int elf_read_ehdr(struct elf *e, uint64_t *shoff, uint16_t *shnum, uint16_t *shstrndx)
{
	struct elf32_ehdr h32;
	struct elf64_ehdr h64;
	uint16_t shentsize;

	if (e->is64) {
		if (e->size < sizeof(h64))
			return elf_err(e, -EBADMSG, "truncated ELF header (%zu bytes)", e->size);
		memcpy(&h64, e->data, sizeof(h64));
		*shoff = e64(e, h64.e_shoff);
		shentsize = e16(e, h64.e_shentsize);
		*shnum = e16(e, h64.e_shnum);
		*shstrndx = e16(e, h64.e_shstrndx);
	} else {
		if (e->size < sizeof(h32))
			return elf_err(e, -EBADMSG, "truncated ELF header (%zu bytes)", e->size);
		memcpy(&h32, e->data, sizeof(h32));
		*shoff = e32(e, h32.e_shoff);
		shentsize = e16(e, h32.e_shentsize);
		*shnum = e16(e, h32.e_shnum);
		*shstrndx = e16(e, h32.e_shstrndx);
	}
	e->shentsize = e->is64 ? sizeof(struct elf64_shdr) : sizeof(struct elf32_shdr);
	if (*shoff && shentsize != e->shentsize)
		return elf_err(e, -EBADMSG, "bad section header size %u (expected %zu)",
			       shentsize, e->shentsize);
	return 0;
}

/* Section header i (i < shnum, the table already checked to fit). */
static void elf_shdr(const struct elf *e, size_t i, struct shdr *sh)
{
	const uint8_t *p = e->data + e->shoff + i * e->shentsize;
	struct elf32_shdr s32;
	struct elf64_shdr s64;

	if (e->is64) {
		memcpy(&s64, p, sizeof(s64));
		sh->name = e32(e, s64.sh_name);
		sh->type = e32(e, s64.sh_type);
		sh->flags = e64(e, s64.sh_flags);
		sh->offset = e64(e, s64.sh_offset);
		sh->size = e64(e, s64.sh_size);
		sh->link = e32(e, s64.sh_link);
	} else {
		memcpy(&s32, p, sizeof(s32));
		sh->name = e32(e, s32.sh_name);
		sh->type = e32(e, s32.sh_type);
		sh->flags = e32(e, s32.sh_flags);
		sh->offset = e32(e, s32.sh_offset);
		sh->size = e32(e, s32.sh_size);
		sh->link = e32(e, s32.sh_link);
	}
}

/* Identify the file and locate its section header table. */
static int elf_open(struct elf *e)
{
	uint16_t shnum = 0, shstrndx = 0;
	uint64_t shoff = 0, cnt;
	struct shdr sh0;
	int err;

	if (!btfx__elf_is(e->data, e->size))
		return elf_err(e, -EBADMSG, "not an ELF file");
	if (e->size < EI_NIDENT)
		return elf_err(e, -EBADMSG, "truncated ELF header (%zu bytes)", e->size);
	if (e->data[EI_CLASS] != ELFCLASS32 && e->data[EI_CLASS] != ELFCLASS64)
		return elf_err(e, -EBADMSG, "unknown ELF class %u", e->data[EI_CLASS]);
	if (e->data[EI_DATA] != ELFDATA2LSB && e->data[EI_DATA] != ELFDATA2MSB)
		return elf_err(e, -EBADMSG, "unknown ELF data encoding %u", e->data[EI_DATA]);
	e->is64 = e->data[EI_CLASS] == ELFCLASS64;
	e->swap = (e->data[EI_DATA] == ELFDATA2MSB) != btfx__host_big_endian();
	err = elf_read_ehdr(e, &shoff, &shnum, &shstrndx);
	if (err || !shoff)
		return err;
	if (!elf_fits(e, shoff, e->shentsize))
		return elf_err(e, -EBADMSG, "section header table past end of file");
	e->shoff = (size_t)shoff;
	elf_shdr(e, 0, &sh0);
	cnt = shnum ? shnum : sh0.size;
	e->shstrndx = shstrndx == SHN_XINDEX ? sh0.link : shstrndx;
	if (cnt > (e->size - e->shoff) / e->shentsize)
		return elf_err(e, -EBADMSG,
			       "section header table past end of file (%llu sections at %llu)",
			       (unsigned long long)cnt, (unsigned long long)shoff);
	e->shnum = (size_t)cnt;
	return 0;
}

/* Locate the section name string table; -ENOENT when the file has none. */
static int elf_open_strs(struct elf *e)
{
	struct shdr sh;

	if (!e->shnum || e->shstrndx == SHN_UNDEF)
		return elf_err(e, -ENOENT, "no section name string table");
	if (e->shstrndx >= e->shnum)
		return elf_err(e, -EBADMSG, "section name string table index %zu out of range",
			       e->shstrndx);
	elf_shdr(e, e->shstrndx, &sh);
	if (sh.type == SHT_NOBITS || !elf_fits(e, sh.offset, sh.size))
		return elf_err(e, -EBADMSG, "section %zu (section names) past end of file",
			       e->shstrndx);
	e->strs = (const char *)e->data + sh.offset;
	e->strs_len = (size_t)sh.size;
	return 0;
}

/* Is section i called name?  0 no, 1 yes, -EBADMSG bad name offset. */
static int elf_name_is(struct elf *e, size_t i, const struct shdr *sh, const char *name,
		       size_t name_len)
{
	size_t avail;

	if (sh->name >= e->strs_len)
		return elf_err(e, -EBADMSG, "section %zu name offset %u out of range", i,
			       sh->name);
	avail = e->strs_len - sh->name;
	return name_len < avail && memcmp(e->strs + sh->name, name, name_len + 1) == 0;
}

/* Inflate SHF_COMPRESSED section i into a buffer of its own. */
static int elf_inflate(struct elf *e, const struct btfx_allocator *mem, size_t i,
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
		return elf_err(e, -EBADMSG, "section %zu compression header truncated", i);
	if (e->is64) {
		memcpy(&c64, p, sizeof(c64));
		type = e32(e, c64.ch_type);
		size = e64(e, c64.ch_size);
	} else {
		memcpy(&c32, p, sizeof(c32));
		type = e32(e, c32.ch_type);
		size = e32(e, c32.ch_size);
	}
	if (type != ELFCOMPRESS_ZLIB)
		return elf_err(e, -ENOTSUP, "section %zu compression type %u not supported", i,
			       type);
	if (size > BTFX_ALLOC_MAX)
		return elf_err(e, -EBADMSG, "section %zu uncompressed size %llu too large", i,
			       (unsigned long long)size);
	err = btfx__inflate(mem, p + hlen, len - hlen, 0, (size_t)size, (size_t)size, out,
			    out_len, why, sizeof(why));
	if (err)
		return elf_err(e, err, "section %zu: %s", i, why);
	return 0;
}

/* The contents of matching section i: borrowed, or inflated into *owned_out. */
static int elf_section_data(struct elf *e, const struct btfx_allocator *mem, size_t i,
			    const struct shdr *sh, const void **sec_out, size_t *len_out,
			    void **owned_out)
{
	const uint8_t *p;
	void *buf;
	size_t len;
	int err;

	if (!elf_fits(e, sh->offset, sh->size))
		return elf_err(e, -EBADMSG, "section %zu past end of file", i);
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
	struct elf e = { .data = data, .size = size, .errbuf = errbuf, .errlen = errlen };
	size_t i, name_len = strlen(name);
	struct shdr sh;
	int err, nobits = 0;

	*sec_out = NULL;
	*len_out = 0;
	*owned_out = NULL;
	if (!mem)
		mem = &btfx__libc_allocator;
	if (errbuf && errlen)
		errbuf[0] = '\0';
	err = elf_open(&e);
	if (!err && !e.shoff)
		return elf_err(&e, -ENOENT, "no section header table");
	if (!err)
		err = elf_open_strs(&e);
	if (err)
		return err;
	for (i = 1; i < e.shnum; i++) {
		elf_shdr(&e, i, &sh);
		err = elf_name_is(&e, i, &sh, name, name_len);
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
	return elf_err(&e, -ENOENT, nobits ? "section '%.64s' has no data (SHT_NOBITS)" :
			"no section '%.64s'", name);
}
