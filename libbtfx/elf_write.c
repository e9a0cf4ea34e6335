// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * elf_write.c - BTF in an ELF object, without libelf: a new relocatable
 * object holding .BTF, or an existing object with .BTF added or replaced.
 *
 * Both are written front to back into a sink, so a pipe works: every
 * offset is computed before the first byte goes out (the BTF's size from
 * btfx_raw_size()), the BTF itself streams through btfx_write(), and the
 * section header table comes last.  The ELF records of elf.h are filled
 * in host order and swapped into the file's order field by field (the
 * btfx__elf16/32/64 helpers are their own inverse), then copied out with
 * memcpy.
 *
 * A new object is: ELF header, .BTF (right after it: 52 and 64 are
 * multiples of 4), .shstrtab, padding, then three section headers (null,
 * .BTF, .shstrtab).  An existing object keeps all its bytes and indices:
 * its bytes are copied as they are (only the ELF header's e_shoff and
 * e_shnum change), and the new BTF, a grown copy of .shstrtab when the
 * name ".BTF" is missing, and a new section header table are appended.
 * Reusing the input's offsets never moves a section, so no link, info,
 * relocation or group index needs fixing; the price is that the bytes of
 * a replaced .BTF and of the old header table stay in the file, unused.
 */
#include <stdio.h>

#include "internal.h"
#include "elf.h"
#include "sink.h"

_Static_assert(sizeof(struct btfx_elf_opts) == sizeof(size_t) + 16, "btfx_elf_opts padding");

#define SHDR_BATCH 32 /* section headers per sink write */
#define BTF_ALIGN 8   /* where the appended .BTF starts */

static const char zeros[16];
static const char new_shstrtab[] = "\0.BTF\0.shstrtab"; /* and its final NUL */
#define NEW_SHSTRTAB_LEN sizeof(new_shstrtab)
#define NAME_BTF 1
#define NAME_SHSTRTAB 6

/* What to write: the file's class and order, and the BTF's write opts. */
struct elf_plan {
	struct btfx__elf e;          /* is64, swap: the output's */
	struct btfx_write_opts wo;
	size_t btf_len;
	uint32_t machine;
};

/* The host's e_machine for the class: a 64-bit host's 32-bit sibling for ELFCLASS32. */
static uint16_t host_machine(int is64)
{
#if defined(__x86_64__)
	return is64 ? 62 : 3;    /* EM_X86_64, EM_386 */
#elif defined(__i386__)
	return is64 ? 62 : 3;
#elif defined(__aarch64__)
	return is64 ? 183 : 40;  /* EM_AARCH64, EM_ARM */
#elif defined(__arm__)
	return is64 ? 183 : 40;
#elif defined(__powerpc__)
	return is64 ? 21 : 20;   /* EM_PPC64, EM_PPC */
#elif defined(__s390__)
	return 22;               /* EM_S390, both classes */
#elif defined(__riscv)
	return 243;              /* EM_RISCV, both classes */
#elif defined(__loongarch__)
	return 258;              /* EM_LOONGARCH */
#elif defined(__mips__)
	return 8;                /* EM_MIPS */
#elif defined(__sparc__)
	return is64 ? 43 : 2;    /* EM_SPARCV9, EM_SPARC */
#else
	(void)is64;
	return 0;                /* EM_NONE */
#endif
}

/* Check opts; fill the BTF's write opts and what the caller asked for. */
static int elf_opts(struct btfx *btf, const struct btfx_elf_opts *opts, struct elf_plan *p,
		    uint32_t *flags)
{
	const uint32_t known = BTFX_WRITE_LAYOUT | BTFX_ELF_CLASS32;

	memset(p, 0, sizeof(*p));
	if (BTFX_OPTS_VALID(opts, struct btfx_elf_opts) || BTFX_OPTS_GET(opts, reserved, 0))
		return btfx__err(btf, -EINVAL, "write_elf: bad opts");
	*flags = BTFX_OPTS_GET(opts, flags, 0);
	p->machine = BTFX_OPTS_GET(opts, machine, BTFX_ELF_MACHINE_HOST);
	if ((*flags & ~known) || p->machine > 0xffff)
		return btfx__err(btf, -EINVAL, "write_elf: bad flags %#x or machine %u", *flags,
				 p->machine);
	p->wo.sz = sizeof(p->wo);
	p->wo.flags = *flags & BTFX_WRITE_LAYOUT;
	p->wo.endian = BTFX_OPTS_GET(opts, endian, BTFX_ENDIAN_NATIVE);
	return 0;
}

/* Bytes of zeros to move the sink's offset from off to a multiple of align. */
static int put_pad(struct btfx_sink *sink, uint64_t off, uint64_t align)
{
	uint64_t n = (align - off % align) % align;

	return n ? btfx_sink_write(sink, zeros, (size_t)n) : 0;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) / align * align;
}

/* Section header sh in the file's class and order, at out. */
static void shdr_emit(const struct btfx__elf *e, const struct btfx__shdr *sh, uint8_t *out)
{
	struct elf32_shdr s32;
	struct elf64_shdr s64;

	if (e->is64) {
		s64.sh_name = btfx__elf32(e, sh->name);
		s64.sh_type = btfx__elf32(e, sh->type);
		s64.sh_flags = btfx__elf64(e, sh->flags);
		s64.sh_addr = btfx__elf64(e, sh->addr);
		s64.sh_offset = btfx__elf64(e, sh->offset);
		s64.sh_size = btfx__elf64(e, sh->size);
		s64.sh_link = btfx__elf32(e, sh->link);
		s64.sh_info = btfx__elf32(e, sh->info);
		s64.sh_addralign = btfx__elf64(e, sh->addralign);
		s64.sh_entsize = btfx__elf64(e, sh->entsize);
		memcpy(out, &s64, sizeof(s64));
	} else {
		s32.sh_name = btfx__elf32(e, sh->name);
		s32.sh_type = btfx__elf32(e, sh->type);
		s32.sh_flags = btfx__elf32(e, (uint32_t)sh->flags);
		s32.sh_addr = btfx__elf32(e, (uint32_t)sh->addr);
		s32.sh_offset = btfx__elf32(e, (uint32_t)sh->offset);
		s32.sh_size = btfx__elf32(e, (uint32_t)sh->size);
		s32.sh_link = btfx__elf32(e, sh->link);
		s32.sh_info = btfx__elf32(e, sh->info);
		s32.sh_addralign = btfx__elf32(e, (uint32_t)sh->addralign);
		s32.sh_entsize = btfx__elf32(e, (uint32_t)sh->entsize);
		memcpy(out, &s32, sizeof(s32));
	}
}

/*
 * Patch e_shoff and e_shnum (0: extended numbering) of the ELF header at
 * hdr, in the file's class and order; for a new object also fill the rest.
 */
static void ehdr_patch(const struct btfx__elf *e, uint8_t *hdr, uint64_t shoff, uint16_t shnum)
{
	struct elf32_ehdr h32;
	struct elf64_ehdr h64;

	if (e->is64) {
		memcpy(&h64, hdr, sizeof(h64));
		h64.e_shoff = btfx__elf64(e, shoff);
		h64.e_shnum = btfx__elf16(e, shnum);
		memcpy(hdr, &h64, sizeof(h64));
	} else {
		memcpy(&h32, hdr, sizeof(h32));
		h32.e_shoff = btfx__elf32(e, (uint32_t)shoff);
		h32.e_shnum = btfx__elf16(e, shnum);
		memcpy(hdr, &h32, sizeof(h32));
	}
}

/* The ELF header of a new ET_REL object with 3 sections, .shstrtab at 2. */
static void ehdr_new(const struct elf_plan *p, uint8_t *hdr, uint64_t shoff)
{
	const struct btfx__elf *e = &p->e;
	struct elf32_ehdr h32 = { { 0 } };
	struct elf64_ehdr h64 = { { 0 } };
	uint8_t ident[EI_NIDENT] = { 0x7f, 'E', 'L', 'F' };

	ident[EI_CLASS] = e->is64 ? ELFCLASS64 : ELFCLASS32;
	ident[EI_DATA] = btfx__host_big_endian() != e->swap ? ELFDATA2MSB : ELFDATA2LSB;
	ident[EI_VERSION] = EV_CURRENT;
	if (e->is64) {
		memcpy(h64.e_ident, ident, EI_NIDENT);
		h64.e_type = btfx__elf16(e, ET_REL);
		h64.e_machine = btfx__elf16(e, (uint16_t)p->machine);
		h64.e_version = btfx__elf32(e, EV_CURRENT);
		h64.e_ehsize = btfx__elf16(e, sizeof(h64));
		h64.e_shentsize = btfx__elf16(e, sizeof(struct elf64_shdr));
		h64.e_shstrndx = btfx__elf16(e, 2);
		memcpy(hdr, &h64, sizeof(h64));
	} else {
		memcpy(h32.e_ident, ident, EI_NIDENT);
		h32.e_type = btfx__elf16(e, ET_REL);
		h32.e_machine = btfx__elf16(e, (uint16_t)p->machine);
		h32.e_version = btfx__elf32(e, EV_CURRENT);
		h32.e_ehsize = btfx__elf16(e, sizeof(h32));
		h32.e_shentsize = btfx__elf16(e, sizeof(struct elf32_shdr));
		h32.e_shstrndx = btfx__elf16(e, 2);
		memcpy(hdr, &h32, sizeof(h32));
	}
	ehdr_patch(e, hdr, shoff, 3);
}

/* The BTF through btfx_write(), checked to be the btf_len bytes planned. */
static int put_btf(struct btfx *btf, const struct elf_plan *p, struct btfx_sink *sink)
{
	uint64_t start = btfx_sink_offset(sink);
	int err = btfx_write(btf, sink, &p->wo);

	if (err)
		return err;
	if (btfx_sink_offset(sink) - start != p->btf_len)
		return btfx__err(btf, -EIO, "write_elf: BTF of %llu bytes, planned %zu",
				 (unsigned long long)(btfx_sink_offset(sink) - start), p->btf_len);
	return 0;
}

/* Plan a new object: its class, byte order and the BTF's size. */
static int plan_new(struct btfx *btf, const struct btfx_elf_opts *opts, struct elf_plan *p)
{
	uint32_t flags;
	int big, err;

	if ((err = elf_opts(btf, opts, p, &flags)))
		return err;
	if ((err = btfx_raw_size(btf, &p->wo, &p->btf_len)))
		return err;
	big = p->wo.endian == BTFX_ENDIAN_BIG ||
	      (p->wo.endian == BTFX_ENDIAN_NATIVE && btfx__host_big_endian()) ||
	      (p->wo.endian == BTFX_ENDIAN_SOURCE && btfx_is_big_endian(btf));
	p->e.is64 = !(flags & BTFX_ELF_CLASS32);
	p->e.swap = big != btfx__host_big_endian();
	if (p->machine == BTFX_ELF_MACHINE_HOST)
		p->machine = host_machine(p->e.is64);
	return 0;
}

int btfx_write_elf(struct btfx *btf, struct btfx_sink *sink, const struct btfx_elf_opts *opts)
{
	struct btfx__shdr sh[3] = { { 0 } };
	uint8_t hdr[sizeof(struct elf64_ehdr)], shb[3 * sizeof(struct elf64_shdr)];
	size_t ehsize, shsize, i;
	uint64_t str_off, shoff;
	struct elf_plan p;
	int err;

	if (!btf)
		return -EINVAL;
	if ((err = plan_new(btf, opts, &p)))
		return err;
	if (btfx__sink_check(sink))
		return btfx__err(btf, -EINVAL, "write_elf: not a sink");
	ehsize = p.e.is64 ? sizeof(struct elf64_ehdr) : sizeof(struct elf32_ehdr);
	shsize = p.e.is64 ? sizeof(struct elf64_shdr) : sizeof(struct elf32_shdr);
	str_off = ehsize + (uint64_t)p.btf_len;
	shoff = align_up(str_off + NEW_SHSTRTAB_LEN, p.e.is64 ? 8 : 4);
	if (!p.e.is64 && shoff + 3 * shsize > UINT32_MAX)
		return btfx__err(btf, -E2BIG, "write_elf: %llu bytes do not fit ELFCLASS32",
				 (unsigned long long)(shoff + 3 * shsize));
	sh[1] = (struct btfx__shdr){ .name = NAME_BTF, .type = SHT_PROGBITS, .offset = ehsize,
				     .size = p.btf_len, .addralign = 4 };
	sh[2] = (struct btfx__shdr){ .name = NAME_SHSTRTAB, .type = SHT_STRTAB,
				     .offset = str_off, .size = NEW_SHSTRTAB_LEN, .addralign = 1 };
	for (i = 0; i < 3; i++)
		shdr_emit(&p.e, &sh[i], shb + i * shsize);
	ehdr_new(&p, hdr, shoff);
	err = btfx_sink_write(sink, hdr, ehsize);
	if (!err && (err = put_btf(btf, &p, sink)))
		return err;
	if (!err)
		err = btfx_sink_write(sink, new_shstrtab, NEW_SHSTRTAB_LEN);
	if (!err)
		err = put_pad(sink, str_off + NEW_SHSTRTAB_LEN, p.e.is64 ? 8 : 4);
	if (!err)
		err = btfx_sink_write(sink, shb, 3 * shsize);
	if (err)
		return btfx__err(btf, err, "%s", btfx_sink_errmsg(sink));
	return 0;
}

/* An existing object, as btfx_write_elf_into() rewrites it. */
struct elf_into {
	struct elf_plan p;         /* p.e: the input, parsed */
	char why[BTFX_ERRMSG_MAX];
	size_t ehsize;
	int extended;              /* e_shnum 0 in the input or the output */
	size_t btf_idx;            /* the input's .BTF, or 0 */
	uint32_t btf_name;         /* ".BTF" in .shstrtab (or in its grown copy) */
	int add_name;              /* .shstrtab grows by ".BTF" */
	uint64_t btf_off, str_off, shoff;
	size_t shnum;              /* sections written */
};

/* The input's raw e_shnum (0: extended numbering); the header is known to fit. */
static uint16_t raw_shnum(const struct btfx__elf *e)
{
	struct elf32_ehdr h32;
	struct elf64_ehdr h64;

	if (e->is64) {
		memcpy(&h64, e->data, sizeof(h64));
		return btfx__elf16(e, h64.e_shnum);
	}
	memcpy(&h32, e->data, sizeof(h32));
	return btfx__elf16(e, h32.e_shnum);
}

/* Identify the input and its section tables: 0 or a negative errno with a message. */
static int into_open(struct btfx *btf, struct elf_into *x)
{
	struct btfx__elf *e = &x->p.e;
	int err;

	e->errbuf = x->why;
	e->errlen = sizeof(x->why);
	if ((err = btfx__elf_open(e)))
		return btfx__err(btf, err, "ELF input: %s", x->why);
	if (!e->shoff || !e->shnum)
		return btfx__err(btf, -ENOTSUP, "ELF input: no section header table");
	err = btfx__elf_open_strs(e);
	if (err == -ENOENT)
		return btfx__err(btf, -ENOTSUP, "ELF input: no section name string table");
	if (err)
		return btfx__err(btf, err, "ELF input: %s", x->why);
	x->ehsize = e->is64 ? sizeof(struct elf64_ehdr) : sizeof(struct elf32_ehdr);
	x->extended = raw_shnum(e) == 0;
	return 0;
}

/* Check every section's name and bounds; find the first .BTF. */
static int into_scan(struct btfx *btf, struct elf_into *x)
{
	struct btfx__elf *e = &x->p.e;
	struct btfx__shdr sh;
	size_t i;
	int err;

	for (i = 1; i < e->shnum; i++) {
		btfx__elf_shdr(e, i, &sh);
		err = btfx__elf_name_is(e, i, &sh, ".BTF", 4);
		if (err < 0)
			return btfx__err(btf, err, "ELF input: %s", x->why);
		if (sh.type != SHT_NOBITS && !btfx__elf_fits(e, sh.offset, sh.size))
			return btfx__err(btf, -EBADMSG, "ELF input: section %zu past end of file",
					 i);
		if (err && !x->btf_idx)
			x->btf_idx = i;
	}
	if (!x->btf_idx)
		return 0;
	if (x->btf_idx == e->shstrndx)
		return btfx__err(btf, -EBADMSG, "ELF input: section %zu is .BTF and the "
				 "section name string table", x->btf_idx);
	btfx__elf_shdr(e, x->btf_idx, &sh);
	if (sh.flags & SHF_ALLOC)
		return btfx__err(btf, -ENOTSUP, "ELF input: section %zu (.BTF) is SHF_ALLOC "
				 "(part of a linked image)", x->btf_idx);
	for (i = 1; i < e->shnum; i++) {
		btfx__elf_shdr(e, i, &sh);
		if ((sh.type == SHT_REL || sh.type == SHT_RELA) && sh.info == x->btf_idx)
			return btfx__err(btf, -ENOTSUP, "ELF input: section %zu relocates "
					 "section %zu (.BTF)", i, x->btf_idx);
	}
	return 0;
}

/* Where ".BTF" is named: the existing section's name, a suffix in .shstrtab, or appended. */
static void into_name(struct elf_into *x)
{
	const struct btfx__elf *e = &x->p.e;
	struct btfx__shdr sh;
	size_t off;

	if (x->btf_idx) {
		btfx__elf_shdr(e, x->btf_idx, &sh);
		x->btf_name = sh.name;
		return;
	}
	for (off = 0; off + 5 <= e->strs_len; off++) {
		if (!memcmp(e->strs + off, ".BTF", 5)) {
			x->btf_name = (uint32_t)off;
			return;
		}
	}
	x->add_name = 1;
	x->btf_name = (uint32_t)e->strs_len;
}

/* Offsets of what is appended; -E2BIG past what the class can hold. */
static int into_layout(struct btfx *btf, struct elf_into *x)
{
	const struct btfx__elf *e = &x->p.e;
	uint64_t end;

	x->shnum = e->shnum + !x->btf_idx;
	x->extended |= x->shnum >= SHN_LORESERVE;
	x->btf_off = align_up(e->size, BTF_ALIGN);
	x->str_off = x->btf_off + x->p.btf_len;
	end = x->str_off + (x->add_name ? e->strs_len + 5 : 0);
	x->shoff = align_up(end, e->is64 ? 8 : 4);
	end = x->shoff + (uint64_t)x->shnum * e->shentsize;
	if (!e->is64 && (end > UINT32_MAX || e->strs_len + 5 > UINT32_MAX))
		return btfx__err(btf, -E2BIG, "write_elf: %llu bytes do not fit ELFCLASS32",
				 (unsigned long long)end);
	return 0;
}

/* Section header i of the output. */
static void into_shdr(const struct elf_into *x, size_t i, struct btfx__shdr *sh)
{
	const struct btfx__elf *e = &x->p.e;

	if (i < e->shnum)
		btfx__elf_shdr(e, i, sh);
	else
		*sh = (struct btfx__shdr){ .addralign = 4 };
	if (i == 0 && x->extended)
		sh->size = x->shnum;
	if (i == e->shstrndx && x->add_name) {
		sh->offset = x->str_off;
		sh->size = e->strs_len + 5;
	}
	if (i == (x->btf_idx ? x->btf_idx : e->shnum)) {
		sh->name = x->btf_name;
		sh->type = SHT_PROGBITS;
		sh->flags &= ~(uint64_t)SHF_COMPRESSED;
		sh->offset = x->btf_off;
		sh->size = x->p.btf_len;
		if (sh->addralign != 8)
			sh->addralign = 4;
	}
}

/* The section header table, in batches. */
static int put_shdrs(const struct elf_into *x, struct btfx_sink *sink)
{
	uint8_t buf[SHDR_BATCH * sizeof(struct elf64_shdr)];
	struct btfx__shdr sh;
	size_t i, n = 0;
	int err;

	for (i = 0; i < x->shnum; i++) {
		into_shdr(x, i, &sh);
		shdr_emit(&x->p.e, &sh, buf + n * x->p.e.shentsize);
		if (++n < SHDR_BATCH && i + 1 < x->shnum)
			continue;
		if ((err = btfx_sink_write(sink, buf, n * x->p.e.shentsize)))
			return err;
		n = 0;
	}
	return 0;
}

/* Everything but the BTF's own write errors, which carry their message. */
static int into_put(struct btfx *btf, const struct elf_into *x, struct btfx_sink *sink)
{
	const struct btfx__elf *e = &x->p.e;
	uint8_t hdr[sizeof(struct elf64_ehdr)];
	int err;

	memcpy(hdr, e->data, x->ehsize);
	ehdr_patch(e, hdr, x->shoff, x->extended ? 0 : (uint16_t)x->shnum);
	err = btfx_sink_write(sink, hdr, x->ehsize);
	if (!err)
		err = btfx_sink_write(sink, e->data + x->ehsize, e->size - x->ehsize);
	if (!err)
		err = put_pad(sink, e->size, BTF_ALIGN);
	if (!err && (err = put_btf(btf, &x->p, sink)))
		return err;
	if (!err && x->add_name)
		err = btfx_sink_write(sink, e->strs, e->strs_len);
	if (!err && x->add_name)
		err = btfx_sink_write(sink, ".BTF", 5);
	if (!err)
		err = put_pad(sink, btfx_sink_offset(sink), e->is64 ? 8 : 4);
	if (!err)
		err = put_shdrs(x, sink);
	if (err)
		return btfx__err(btf, err, "%s", btfx_sink_errmsg(sink));
	return 0;
}

int btfx_write_elf_into(struct btfx *btf, const void *elf, size_t len, struct btfx_sink *sink,
			const struct btfx_elf_opts *opts)
{
	struct elf_into x = { .btf_idx = 0 };
	uint32_t flags;
	int err;

	if (!btf)
		return -EINVAL;
	if ((err = elf_opts(btf, opts, &x.p, &flags)))
		return err;
	x.p.e = (struct btfx__elf){ .data = elf, .size = len };
	if (!elf)
		return btfx__err(btf, -EINVAL, "write_elf_into: NULL input");
	if (btfx__sink_check(sink))
		return btfx__err(btf, -EINVAL, "write_elf_into: not a sink");
	if ((err = into_open(btf, &x)) || (err = into_scan(btf, &x)))
		return err;
	x.p.wo.endian = btfx__host_big_endian() != x.p.e.swap ? BTFX_ENDIAN_BIG :
								 BTFX_ENDIAN_LITTLE;
	if ((err = btfx_raw_size(btf, &x.p.wo, &x.p.btf_len)))
		return err;
	into_name(&x);
	if ((err = into_layout(btf, &x)))
		return err;
	return into_put(btf, &x, sink);
}
