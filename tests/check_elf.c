// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_elf.c - the ELF section finder (elf.c) and the zlib helpers (zio.c).
 *
 * Real objects from tests/data (see its README) must give the same bytes as
 * the .BTF blobs extracted from them with llvm-objcopy.  Malformed objects
 * are built here by mk_elf() in each class and byte order (the loop index
 * of the looped cases picks one of the four) and then damaged one field at
 * a time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "testutil.h"
#include "buf.h"
#include "elf.h"
#include "zio.h"

/* ---------------------------------------------------------------------- */
/* Helpers */

static void *read_data(const char *name, size_t *len_out)
{
	const char *path = tu_data_path(name);
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, len = 0, n;
	char *p = malloc(cap);

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_ptr_nonnull(p);
	while ((n = fread(p + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			p = realloc(p, cap);
			ck_assert_ptr_nonnull(p);
		}
	}
	ck_assert(!ferror(f));
	fclose(f);
	*len_out = len;
	return p;
}

/* Find sec in the object file obj and compare it with the file raw. */
static void check_object(const char *obj, const char *sec, const char *raw, int compressed)
{
	size_t obj_len, raw_len, len;
	void *o = read_data(obj, &obj_len), *r = read_data(raw, &raw_len), *owned;
	char errbuf[256] = "";
	const void *data;
	int err;

	ck_assert(btfx__elf_is(o, obj_len));
	err = btfx__elf_find_section(NULL, o, obj_len, sec, &data, &len, &owned, errbuf,
				     sizeof(errbuf));
	ck_assert_msg(err == 0, "%s: %d %s", obj, err, errbuf);
	ck_assert_uint_eq(len, raw_len);
	ck_assert_int_eq(memcmp(data, r, len), 0);
	if (compressed) {
		ck_assert_ptr_eq(owned, data);
	} else {
		ck_assert_ptr_null(owned);
		ck_assert((const char *)data >= (const char *)o &&
			  (const char *)data + len <= (const char *)o + obj_len);
	}
	btfx__mem_free(&btfx__libc_allocator, owned);
	free(o);
	free(r);
}

static void put16(uint8_t *p, int big, uint16_t v)
{
	p[big ? 0 : 1] = (uint8_t)(v >> 8);
	p[big ? 1 : 0] = (uint8_t)v;
}

static void put32(uint8_t *p, int big, uint32_t v)
{
	put16(p + (big ? 0 : 2), big, (uint16_t)(v >> 16));
	put16(p + (big ? 2 : 0), big, (uint16_t)v);
}

static void put64(uint8_t *p, int big, uint64_t v)
{
	put32(p + (big ? 0 : 4), big, (uint32_t)(v >> 32));
	put32(p + (big ? 4 : 0), big, (uint32_t)v);
}

/* A word of the class's size (sh_offset, sh_size, e_shoff, ...). */
static void put_word(uint8_t *p, int is64, int big, uint64_t v)
{
	if (is64)
		put64(p, big, v);
	else
		put32(p, big, (uint32_t)v);
}

/* ---------------------------------------------------------------------- */
/* A tiny ELF writer for malformed inputs */

struct mksec {
	const char *name;
	uint32_t type;
	uint32_t flags;
	const void *data;
	size_t len;
};

struct mkelf {
	int is64, big;
	int xnum; /* extended numbering: e_shnum = 0, e_shstrndx = SHN_XINDEX */
	uint8_t *p;
	size_t len;
	size_t shoff, shentsize, nsec, shstrndx;
	size_t sec_off[4]; /* where section i + 1's contents went */
	size_t sec_len[4];
};

/* Field offsets in the ELF header and section headers. */
#define EH_SHOFF(m)	((m)->is64 ? 40 : 32)
#define EH_SHENTSIZE(m) ((m)->is64 ? 58 : 46)
#define EH_SHNUM(m)	((m)->is64 ? 60 : 48)
#define EH_SHSTRNDX(m)	((m)->is64 ? 62 : 50)
#define SH(m, i)	((m)->p + (m)->shoff + (i) * (m)->shentsize)
#define SH_OFFSET(m)	((m)->is64 ? 24 : 16)
#define SH_SIZE(m)	((m)->is64 ? 32 : 20)
#define SH_LINK(m)	((m)->is64 ? 40 : 24)

#define SHT_PROGBITS	1
#define SHT_STRTAB	3
#define SHT_NOBITS	8
#define SHF_COMPRESSED	0x800

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static void mk_shdr(struct mkelf *m, size_t i, uint32_t name, uint32_t type, uint32_t flags,
		    size_t off, size_t size)
{
	uint8_t *sh = SH(m, i);

	put32(sh, m->big, name);
	put32(sh + 4, m->big, type);
	put_word(sh + 8, m->is64, m->big, flags);
	put_word(sh + SH_OFFSET(m), m->is64, m->big, off);
	put_word(sh + SH_SIZE(m), m->is64, m->big, size);
}

static void mk_ehdr(struct mkelf *m)
{
	static const uint8_t magic[] = { 0x7f, 'E', 'L', 'F' };
	size_t nsh = m->nsec + 2;

	memcpy(m->p, magic, 4);
	m->p[4] = m->is64 ? 2 : 1;
	m->p[5] = m->big ? 2 : 1;
	m->p[6] = 1;
	put16(m->p + 16, m->big, 1);	/* ET_REL */
	put32(m->p + 20, m->big, 1);	/* EV_CURRENT */
	put_word(m->p + EH_SHOFF(m), m->is64, m->big, m->shoff);
	put16(m->p + (m->is64 ? 52 : 40), m->big, m->is64 ? 64 : 52);
	put16(m->p + EH_SHENTSIZE(m), m->big, (uint16_t)m->shentsize);
	put16(m->p + EH_SHNUM(m), m->big, m->xnum ? 0 : (uint16_t)nsh);
	put16(m->p + EH_SHSTRNDX(m), m->big, m->xnum ? 0xffff : (uint16_t)m->shstrndx);
	if (m->xnum) {
		put_word(SH(m, 0) + SH_SIZE(m), m->is64, m->big, nsh);
		put32(SH(m, 0) + SH_LINK(m), m->big, (uint32_t)m->shstrndx);
	}
}

/*
 * Lay out: header, section data (8-aligned), .shstrtab, section headers
 * [0] null, [1..n] secs, [n+1] .shstrtab.  variant: 1 ELF64, 2 MSB,
 * 4 extended numbering.
 */
static void mk_elf(struct mkelf *m, int variant, const struct mksec *secs, size_t n)
{
	size_t i, off, str_off, str_len = 1 + sizeof(".shstrtab"), name;

	memset(m, 0, sizeof(*m));
	m->is64 = variant & 1;
	m->big = (variant >> 1) & 1;
	m->xnum = (variant >> 2) & 1;
	m->shentsize = m->is64 ? 64 : 40;
	m->nsec = n;
	m->shstrndx = n + 1;
	off = m->is64 ? 64 : 52;
	for (i = 0; i < n; i++) {
		off = align8(off) + (secs[i].type == SHT_NOBITS ? 0 : secs[i].len);
		str_len += strlen(secs[i].name) + 1;
	}
	str_off = off;
	m->shoff = align8(str_off + str_len);
	m->len = m->shoff + (n + 2) * m->shentsize;
	m->p = calloc(1, m->len);
	ck_assert_ptr_nonnull(m->p);

	off = m->is64 ? 64 : 52;
	name = 1 + sizeof(".shstrtab");
	memcpy(m->p + str_off + 1, ".shstrtab", sizeof(".shstrtab"));
	for (i = 0; i < n; i++) {
		off = align8(off);
		if (secs[i].type != SHT_NOBITS)
			memcpy(m->p + off, secs[i].data, secs[i].len);
		memcpy(m->p + str_off + name, secs[i].name, strlen(secs[i].name) + 1);
		if (i < 4) {
			m->sec_off[i] = off;
			m->sec_len[i] = secs[i].len;
		}
		mk_shdr(m, i + 1, (uint32_t)name, secs[i].type, secs[i].flags, off, secs[i].len);
		name += strlen(secs[i].name) + 1;
		off += secs[i].type == SHT_NOBITS ? 0 : secs[i].len;
	}
	mk_shdr(m, n + 1, 1, SHT_STRTAB, 0, str_off, str_len);
	mk_ehdr(m);
}

static const char payload[] = "BTF section payload, not real BTF";

/* The usual test object: .text, .BTF, .bss. */
static void mk_simple(struct mkelf *m, int variant)
{
	static const char text[16] = { 1, 2, 3 };
	const struct mksec secs[] = {
		{ ".text", SHT_PROGBITS, 0, text, sizeof(text) },
		{ ".BTF", SHT_PROGBITS, 0, payload, sizeof(payload) },
		{ ".bss", SHT_NOBITS, 3, NULL, 64 },
	};

	mk_elf(m, variant, secs, 3);
}

/* A compression header in front of a zlib stream of plain; malloc'd. */
static uint8_t *mk_chdr(int is64, int big, uint32_t type, const void *plain, size_t len,
			size_t *out_len)
{
	size_t hlen = is64 ? 24 : 12;
	uLongf zlen = compressBound(len);
	uint8_t *p = calloc(1, hlen + zlen);

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(compress2(p + hlen, &zlen, plain, len, 9), Z_OK);
	put32(p, big, type);
	if (is64) {
		put64(p + 8, big, len);
		put64(p + 16, big, 1);
	} else {
		put32(p + 4, big, (uint32_t)len);
		put32(p + 8, big, 1);
	}
	*out_len = hlen + zlen;
	return p;
}

/* Build an object whose .BTF is compressed (ch_type type) payload. */
static void mk_compressed(struct mkelf *m, int variant, uint32_t type)
{
	size_t zlen;
	uint8_t *z = mk_chdr(variant & 1, (variant >> 1) & 1, type, payload, sizeof(payload),
			     &zlen);
	const struct mksec secs[] = {
		{ ".BTF", SHT_PROGBITS, SHF_COMPRESSED, z, zlen },
	};

	mk_elf(m, variant, secs, 1);
	free(z);
}

/* Look for .BTF and expect err, with a reason containing why (or any). */
static void expect_err(const struct mkelf *m, size_t len, int err, const char *why)
{
	char errbuf[128] = "";
	size_t sec_len = 1;
	const void *data = &sec_len;
	void *owned = &sec_len;
	int ret;

	ret = btfx__elf_find_section(NULL, m->p, len, ".BTF", &data, &sec_len, &owned, errbuf,
				     sizeof(errbuf));
	ck_assert_msg(ret == err, "variant is64=%d big=%d: got %d (%s), want %d", m->is64,
		      m->big, ret, errbuf, err);
	ck_assert_msg(errbuf[0] != '\0', "no reason for %d", err);
	if (why)
		ck_assert_msg(strstr(errbuf, why) != NULL, "'%s' lacks '%s'", errbuf, why);
	ck_assert_ptr_null(data);
	ck_assert_ptr_null(owned);
	ck_assert_uint_eq(sec_len, 0);
}

static void expect_payload(const struct mkelf *m, const struct btfx_allocator *mem)
{
	char errbuf[128] = "";
	const void *data;
	size_t len;
	void *owned;
	int err;

	err = btfx__elf_find_section(mem, m->p, m->len, ".BTF", &data, &len, &owned, errbuf,
				     sizeof(errbuf));
	ck_assert_msg(err == 0, "is64=%d big=%d: %d %s", m->is64, m->big, err, errbuf);
	ck_assert_uint_eq(len, sizeof(payload));
	ck_assert_int_eq(memcmp(data, payload, len), 0);
	btfx__mem_free(mem ? mem : &btfx__libc_allocator, owned);
}

/* ---------------------------------------------------------------------- */
/* btfx__elf_find_section on real objects */

START_TEST(test_elf_find_section_bpfel)
{
	check_object("globals.bpfel.o", ".BTF", "globals.bpfel.btf", 0);
	check_object("types.bpfel.o", ".BTF", "types.bpfel.btf", 0);
}
END_TEST

START_TEST(test_elf_find_section_bpfeb)
{
	check_object("types.bpfeb.o", ".BTF", "types.bpfeb.btf", 0);
}
END_TEST

START_TEST(test_elf_find_section_elf32_lsb)
{
	check_object("globals.elf32le.o", ".BTF", "globals.bpfel.btf", 0);
}
END_TEST

START_TEST(test_elf_find_section_elf32_msb)
{
	check_object("types.elf32be.o", ".BTF", "types.bpfeb.btf", 0);
}
END_TEST

START_TEST(test_elf_find_section_compressed_elf64)
{
	check_object("types.bpfel.zlib.o", ".BTF", "types.bpfel.btf", 1);
}
END_TEST

START_TEST(test_elf_find_section_compressed_elf32_msb)
{
	check_object("types.elf32be.zlib.o", ".BTF", "types.bpfeb.btf", 1);
}
END_TEST

START_TEST(test_elf_find_section_other_sections)
{
	size_t len, sec_len;
	void *o = read_data("types.bpfel.o", &len), *owned;
	char errbuf[128] = "";
	const void *data;

	ck_assert_int_eq(btfx__elf_find_section(NULL, o, len, "license", &data, &sec_len,
						&owned, errbuf, sizeof(errbuf)), 0);
	ck_assert_uint_eq(sec_len, 4);
	ck_assert_str_eq(data, "GPL");
	ck_assert_int_eq(btfx__elf_find_section(NULL, o, len, ".BTF.ext", &data, &sec_len,
						&owned, errbuf, sizeof(errbuf)), 0);
	ck_assert_uint_gt(sec_len, 0);
	/* A prefix of a section name is not a match, nor is a longer name. */
	ck_assert_int_eq(btfx__elf_find_section(NULL, o, len, ".BT", &data, &sec_len, &owned,
						errbuf, sizeof(errbuf)), -ENOENT);
	ck_assert_int_eq(btfx__elf_find_section(NULL, o, len, ".BTF.ex", &data, &sec_len,
						&owned, errbuf, sizeof(errbuf)), -ENOENT);
	ck_assert_int_eq(btfx__elf_find_section(NULL, o, len, ".BTF.extra", &data, &sec_len,
						&owned, errbuf, sizeof(errbuf)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(errbuf, ".BTF.extra"));
	free(o);
}
END_TEST

START_TEST(test_elf_find_section_unaligned)
{
	size_t len, raw_len, sec_len;
	static const char *const objs[] = { "types.bpfeb.o", "types.elf32be.zlib.o" };
	void *r = read_data("types.bpfeb.btf", &raw_len), *o, *owned;
	char *shifted, errbuf[128] = "";
	const void *data;
	size_t i;

	/* Loads through memcpy: an odd address is fine (UBSan checks). */
	for (i = 0; i < 2; i++) {
		o = read_data(objs[i], &len);
		shifted = malloc(len + 1);
		ck_assert_ptr_nonnull(shifted);
		memcpy(shifted + 1, o, len);
		ck_assert_int_eq(btfx__elf_find_section(NULL, shifted + 1, len, ".BTF", &data,
							&sec_len, &owned, errbuf,
							sizeof(errbuf)), 0);
		ck_assert_uint_eq(sec_len, raw_len);
		ck_assert_int_eq(memcmp(data, r, raw_len), 0);
		free(owned);
		free(o);
		free(shifted);
	}
	free(r);
}
END_TEST

START_TEST(test_elf_is_magic)
{
	static const uint8_t elf[] = { 0x7f, 'E', 'L', 'F', 2 };
	static const uint8_t gz[] = { 0x1f, 0x8b, 8 };

	ck_assert(btfx__elf_is(elf, sizeof(elf)));
	ck_assert(btfx__elf_is(elf, 4));
	ck_assert(!btfx__elf_is(elf, 3));
	ck_assert(!btfx__elf_is(gz, sizeof(gz)));
	ck_assert(!btfx__elf_is(elf, 0));
}
END_TEST

/* ---------------------------------------------------------------------- */
/* btfx__elf_find_section on built objects, _i = class | order << 1 */

START_TEST(test_elf_find_section_built)
{
	struct mkelf m;

	mk_simple(&m, _i);
	expect_payload(&m, NULL);
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_extended_numbering)
{
	struct mkelf m;

	mk_simple(&m, _i | 4);
	expect_payload(&m, NULL);
	/* e_shnum == 0 and a huge count in section 0: bounded by the file. */
	put_word(SH(&m, 0) + SH_SIZE(&m), m.is64, m.big, m.is64 ? (uint64_t)1 << 40 : 0xffffffff);
	expect_err(&m, m.len, -EBADMSG, "past end of file");
	/* SHN_XINDEX with an index out of range in section 0's sh_link. */
	put_word(SH(&m, 0) + SH_SIZE(&m), m.is64, m.big, m.nsec + 2);
	put32(SH(&m, 0) + SH_LINK(&m), m.big, 1000);
	expect_err(&m, m.len, -EBADMSG, "out of range");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_compressed_built)
{
	struct mkelf m;

	mk_compressed(&m, _i, 1);
	expect_payload(&m, NULL);
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_nobits)
{
	static const struct mksec secs[] = {
		{ ".BTF", SHT_NOBITS, 0, NULL, 100 },
	};
	struct mkelf m;

	mk_elf(&m, _i, secs, 1);
	expect_err(&m, m.len, -ENOENT, "NOBITS");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_not_found)
{
	struct mkelf m;
	const void *data;
	size_t len;
	void *owned;
	char errbuf[64];

	mk_simple(&m, _i);
	ck_assert_int_eq(btfx__elf_find_section(NULL, m.p, m.len, ".BTF.ext", &data, &len,
						&owned, errbuf, sizeof(errbuf)), -ENOENT);
	/* No room for a reason: still the right errno, nothing written. */
	ck_assert_int_eq(btfx__elf_find_section(NULL, m.p, m.len, ".BTF.ext", &data, &len,
						&owned, NULL, 0), -ENOENT);
	/* No section header table at all. */
	put_word(m.p + EH_SHOFF(&m), m.is64, m.big, 0);
	expect_err(&m, m.len, -ENOENT, NULL);
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_no_shstrtab)
{
	struct mkelf m;

	mk_simple(&m, _i);
	put16(m.p + EH_SHSTRNDX(&m), m.big, 0);
	expect_err(&m, m.len, -ENOENT, NULL);
	free(m.p);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Malformed objects */

START_TEST(test_elf_find_section_truncated_header)
{
	struct mkelf m;
	size_t len;

	mk_simple(&m, _i);
	for (len = 0; len < (m.is64 ? 64u : 52u); len++)
		expect_err(&m, len, -EBADMSG, len < 4 ? "not an ELF" : "truncated ELF header");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_bad_ident)
{
	struct mkelf m;

	mk_simple(&m, _i);
	m.p[4] = 3;
	expect_err(&m, m.len, -EBADMSG, "class");
	m.p[4] = m.is64 ? 2 : 1;
	m.p[5] = 0;
	expect_err(&m, m.len, -EBADMSG, "data encoding");
	m.p[5] = m.big ? 2 : 1;
	m.p[0] = 0;
	expect_err(&m, m.len, -EBADMSG, "not an ELF");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_table_past_end)
{
	struct mkelf m;

	mk_simple(&m, _i);
	/* The table cut short by one byte. */
	expect_err(&m, m.len - 1, -EBADMSG, "section header table past end of file");
	put_word(m.p + EH_SHOFF(&m), m.is64, m.big, m.len - 8);
	expect_err(&m, m.len, -EBADMSG, "section header table past end of file");
	put_word(m.p + EH_SHOFF(&m), m.is64, m.big, m.is64 ? UINT64_MAX : UINT32_MAX);
	expect_err(&m, m.len, -EBADMSG, "section header table past end of file");
	put_word(m.p + EH_SHOFF(&m), m.is64, m.big, m.is64 ? UINT64_MAX - 7 : UINT32_MAX - 7);
	expect_err(&m, m.len, -EBADMSG, "section header table past end of file");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_huge_shnum)
{
	struct mkelf m;

	mk_simple(&m, _i);
	put16(m.p + EH_SHNUM(&m), m.big, 0xfffe);
	expect_err(&m, m.len, -EBADMSG, "section header table past end of file");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_bad_shentsize)
{
	struct mkelf m;

	mk_simple(&m, _i);
	put16(m.p + EH_SHENTSIZE(&m), m.big, (uint16_t)(m.shentsize - 1));
	expect_err(&m, m.len, -EBADMSG, "section header size");
	put16(m.p + EH_SHENTSIZE(&m), m.big, 0);
	expect_err(&m, m.len, -EBADMSG, "section header size");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_bad_shstrndx)
{
	struct mkelf m;

	mk_simple(&m, _i);
	put16(m.p + EH_SHSTRNDX(&m), m.big, (uint16_t)(m.nsec + 2));
	expect_err(&m, m.len, -EBADMSG, "out of range");
	/* The string table's own contents out of the file. */
	put16(m.p + EH_SHSTRNDX(&m), m.big, (uint16_t)m.shstrndx);
	put_word(SH(&m, m.shstrndx) + SH_SIZE(&m), m.is64, m.big, m.len);
	expect_err(&m, m.len, -EBADMSG, "past end of file");
	/* A NOBITS section as the string table. */
	put_word(SH(&m, m.shstrndx) + SH_SIZE(&m), m.is64, m.big, 10);
	put32(SH(&m, m.shstrndx) + 4, m.big, SHT_NOBITS);
	expect_err(&m, m.len, -EBADMSG, "section names");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_name_out_of_range)
{
	struct mkelf m;

	mk_simple(&m, _i);
	put32(SH(&m, 2), m.big, 0x10000);
	expect_err(&m, m.len, -EBADMSG, "section 2 name offset 65536 out of range");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_data_past_end)
{
	struct mkelf m;
	uint64_t big_off;

	mk_simple(&m, _i);
	big_off = m.is64 ? UINT64_MAX : UINT32_MAX;
	put_word(SH(&m, 2) + SH_OFFSET(&m), m.is64, m.big, big_off);
	expect_err(&m, m.len, -EBADMSG, "section 2 past end of file");
	put_word(SH(&m, 2) + SH_OFFSET(&m), m.is64, m.big, 8);
	put_word(SH(&m, 2) + SH_SIZE(&m), m.is64, m.big, big_off - 4);
	expect_err(&m, m.len, -EBADMSG, "section 2 past end of file");
	put_word(SH(&m, 2) + SH_SIZE(&m), m.is64, m.big, m.len - 7);
	expect_err(&m, m.len, -EBADMSG, "section 2 past end of file");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_bad_ch_type)
{
	struct mkelf m;

	mk_compressed(&m, _i, 2); /* ELFCOMPRESS_ZSTD */
	expect_err(&m, m.len, -ENOTSUP, "compression type 2");
	free(m.p);
	mk_compressed(&m, _i, 0xff000000);
	expect_err(&m, m.len, -ENOTSUP, "not supported");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_short_chdr)
{
	struct mkelf m;

	mk_compressed(&m, _i, 1);
	put_word(SH(&m, 1) + SH_SIZE(&m), m.is64, m.big, m.is64 ? 23 : 11);
	expect_err(&m, m.len, -EBADMSG, "compression header truncated");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_corrupt_zlib)
{
	size_t off, hlen;
	struct mkelf m;

	mk_compressed(&m, _i, 1);
	off = m.sec_off[0];
	hlen = m.is64 ? 24 : 12;
	m.p[off + hlen + 4] ^= 0x55;
	expect_err(&m, m.len, -EBADMSG, "section 1: corrupt zlib stream");
	free(m.p);
	/* Truncated: the section ends two bytes early. */
	mk_compressed(&m, _i, 1);
	off = m.sec_off[0];
	put_word(SH(&m, 1) + SH_SIZE(&m), m.is64, m.big, m.sec_len[0] - 2);
	expect_err(&m, m.len, -EBADMSG, "truncated");
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_bad_ch_size)
{
	size_t off;
	struct mkelf m;

	mk_compressed(&m, _i, 1);
	off = m.sec_off[0];
	put_word(m.p + off + (m.is64 ? 8 : 4), m.is64, m.big, sizeof(payload) + 1);
	expect_err(&m, m.len, -EBADMSG, "expected");
	put_word(m.p + off + (m.is64 ? 8 : 4), m.is64, m.big, sizeof(payload) - 1);
	expect_err(&m, m.len, -EBADMSG, "more than");
	put_word(m.p + off + (m.is64 ? 8 : 4), m.is64, m.big, 0);
	expect_err(&m, m.len, -EBADMSG, "more than 0");
	/* Sizes no zlib stream of this length can reach: refused before allocating. */
	put_word(m.p + off + (m.is64 ? 8 : 4), m.is64, m.big, UINT32_MAX);
	expect_err(&m, m.len, -EBADMSG, "cannot inflate to 4294967295");
	if (m.is64) {
		put64(m.p + off + 8, m.big, UINT64_MAX);
		expect_err(&m, m.len, -EBADMSG, "too large");
	}
	free(m.p);
}
END_TEST

START_TEST(test_elf_find_section_failalloc)
{
	struct btfx_allocator a;
	struct tu_failalloc fa;
	struct mkelf m;
	const void *data;
	size_t len;
	void *owned;
	long n;
	int err;

	mk_compressed(&m, _i, 1);
	for (n = 1;; n++) {
		tu_failalloc_init(&fa, &a, n);
		err = btfx__elf_find_section(&a, m.p, m.len, ".BTF", &data, &len, &owned, NULL, 0);
		if (!err)
			break;
		ck_assert_int_eq(err, -ENOMEM);
		ck_assert_int_eq(fa.live, 0);
		ck_assert_ptr_null(owned);
	}
	ck_assert_int_gt(n, 1);
	ck_assert_int_eq(fa.live, 1);
	ck_assert_int_eq(memcmp(data, payload, sizeof(payload)), 0);
	btfx__mem_free(&a, owned);
	ck_assert_int_eq(fa.live, 0);
	free(m.p);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* btfx__gz_is and btfx__inflate */

/* Compressible but not trivial test data. */
static uint8_t *mk_plain(size_t len)
{
	uint8_t *p = malloc(len ? len : 1);
	uint32_t x = 12345;
	size_t i;

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < len; i++) {
		x = x * 1103515245 + 12345;
		p[i] = (uint8_t)("abcdefgh"[(x >> 16) & 7] + (i % 3));
	}
	return p;
}

/* Deflate plain as zlib (gz == 0) or gzip; malloc'd. */
static uint8_t *deflate_buf(const void *plain, size_t len, int gz, size_t *out_len)
{
	z_stream zs;
	uLong bound;
	uint8_t *p;

	memset(&zs, 0, sizeof(zs));
	ck_assert_int_eq(deflateInit2(&zs, 9, Z_DEFLATED, gz ? 15 + 16 : 15, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	bound = deflateBound(&zs, len) + 32;
	p = malloc(bound);
	ck_assert_ptr_nonnull(p);
	zs.next_in = (Bytef *)(uintptr_t)plain;
	zs.avail_in = (uInt)len;
	zs.next_out = p;
	zs.avail_out = (uInt)bound;
	ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return p;
}

static void roundtrip(size_t len, int gz, size_t expect_len)
{
	uint8_t *plain = mk_plain(len), *z;
	size_t zlen, out_len = 1;
	char errbuf[128] = "";
	void *out = NULL;
	int err;

	z = deflate_buf(plain, len, gz, &zlen);
	ck_assert(!btfx__gz_is(z, zlen) == !gz);
	err = btfx__inflate(NULL, z, zlen, gz, expect_len, BTFX_ALLOC_MAX, &out, &out_len, errbuf,
			    sizeof(errbuf));
	ck_assert_msg(err == 0, "len %zu gz %d: %d %s", len, gz, err, errbuf);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(out_len, len);
	ck_assert_int_eq(memcmp(out, plain, len), 0);
	free(out);
	free(z);
	free(plain);
}

static void expect_inflate_err(const void *z, size_t zlen, int gz, size_t expect_len,
			       size_t max_len, int err, const char *why)
{
	char errbuf[128] = "";
	void *out = errbuf;
	size_t out_len = 1;
	int ret;

	ret = btfx__inflate(NULL, z, zlen, gz, expect_len, max_len, &out, &out_len, errbuf,
			    sizeof(errbuf));
	ck_assert_msg(ret == err, "zlen %zu: got %d (%s), want %d", zlen, ret, errbuf, err);
	ck_assert(errbuf[0] != '\0');
	if (why)
		ck_assert_msg(strstr(errbuf, why) != NULL, "'%s' lacks '%s'", errbuf, why);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(out_len, 0);
}

START_TEST(test_inflate_zlib_roundtrip)
{
	roundtrip(0, 0, 0);
	roundtrip(1, 0, 0);
	roundtrip(1000, 0, 0);
	roundtrip(300000, 0, 0);
	roundtrip(300000, 0, 300000);
	roundtrip(4096, 0, 4096);
}
END_TEST

START_TEST(test_inflate_gzip_roundtrip)
{
	roundtrip(0, 1, 0);
	roundtrip(5000, 1, 0);
	roundtrip(300000, 1, 0);
	roundtrip(300000, 1, 300000);
}
END_TEST

START_TEST(test_inflate_gzip_file)
{
	size_t zlen, raw_len, out_len;
	void *z = read_data("types.bpfel.btf.gz", &zlen), *raw = read_data("types.bpfel.btf",
									   &raw_len);
	char errbuf[128];
	void *out;

	ck_assert(btfx__gz_is(z, zlen));
	ck_assert_int_eq(btfx__inflate(NULL, z, zlen, 1, 0, BTFX_ALLOC_MAX, &out, &out_len,
				       errbuf, sizeof(errbuf)), 0);
	ck_assert_uint_eq(out_len, raw_len);
	ck_assert_int_eq(memcmp(out, raw, raw_len), 0);
	free(out);
	free(z);
	free(raw);
}
END_TEST

START_TEST(test_inflate_truncated)
{
	uint8_t *plain = mk_plain(20000), *z;
	size_t zlen, cut;
	int gz;

	for (gz = 0; gz < 2; gz++) {
		z = deflate_buf(plain, 20000, gz, &zlen);
		for (cut = 0; cut < zlen; cut += cut < 64 || cut > zlen - 64 ? 1 : 97)
			expect_inflate_err(z, cut, gz, 0, BTFX_ALLOC_MAX, -EBADMSG, NULL);
		expect_inflate_err(z, zlen - 1, gz, 0, BTFX_ALLOC_MAX, -EBADMSG, "truncated");
		free(z);
	}
	free(plain);
}
END_TEST

START_TEST(test_inflate_max_len)
{
	uint8_t *plain = mk_plain(10000), *z;
	size_t zlen, out_len;
	void *out;
	int gz;

	for (gz = 0; gz < 2; gz++) {
		z = deflate_buf(plain, 10000, gz, &zlen);
		expect_inflate_err(z, zlen, gz, 0, 9999, -EBADMSG, "more than 9999 bytes");
		expect_inflate_err(z, zlen, gz, 0, 0, -EBADMSG, "more than 0 bytes");
		expect_inflate_err(z, zlen, gz, 10000, 9999, -EBADMSG, "exceeds the limit");
		ck_assert_int_eq(btfx__inflate(NULL, z, zlen, gz, 0, 10000, &out, &out_len, NULL,
					       0), 0);
		ck_assert_uint_eq(out_len, 10000);
		free(out);
		free(z);
	}
	free(plain);
}
END_TEST

START_TEST(test_inflate_expect_len)
{
	uint8_t *plain = mk_plain(10000), *z;
	size_t zlen;

	z = deflate_buf(plain, 10000, 0, &zlen);
	expect_inflate_err(z, zlen, 0, 10001, BTFX_ALLOC_MAX, -EBADMSG, "expected 10001");
	expect_inflate_err(z, zlen, 0, 9999, BTFX_ALLOC_MAX, -EBADMSG, "more than 9999");
	expect_inflate_err(z, zlen, 0, 1, BTFX_ALLOC_MAX, -EBADMSG, "more than 1 bytes");
	free(z);
	free(plain);
}
END_TEST

START_TEST(test_inflate_corrupt)
{
	uint8_t *plain = mk_plain(10000), *z, *g;
	size_t zlen, glen;

	z = deflate_buf(plain, 10000, 0, &zlen);
	g = deflate_buf(plain, 10000, 1, &glen);
	/* The wrong wrapper either way. */
	expect_inflate_err(g, glen, 0, 0, BTFX_ALLOC_MAX, -EBADMSG, "corrupt zlib stream");
	expect_inflate_err(z, zlen, 1, 0, BTFX_ALLOC_MAX, -EBADMSG, "corrupt gzip stream");
	/* A damaged checksum and damaged data. */
	z[zlen - 1] ^= 1;
	expect_inflate_err(z, zlen, 0, 0, BTFX_ALLOC_MAX, -EBADMSG, "corrupt");
	g[glen - 5] ^= 1;
	expect_inflate_err(g, glen, 1, 0, BTFX_ALLOC_MAX, -EBADMSG, "corrupt");
	z[zlen / 2] ^= 0xff;
	z[zlen / 2 + 1] ^= 0xff;
	expect_inflate_err(z, zlen, 0, 0, BTFX_ALLOC_MAX, -EBADMSG, NULL);
	free(z);
	free(g);
	free(plain);
}
END_TEST

START_TEST(test_inflate_trailing_data)
{
	uint8_t *plain = mk_plain(100), *z, *z2;
	size_t zlen;

	z = deflate_buf(plain, 100, 0, &zlen);
	z2 = malloc(zlen + 3);
	ck_assert_ptr_nonnull(z2);
	memcpy(z2, z, zlen);
	memset(z2 + zlen, 0, 3);
	expect_inflate_err(z2, zlen + 3, 0, 0, BTFX_ALLOC_MAX, -EBADMSG, "3 bytes of trailing");
	free(z2);
	free(z);
	free(plain);
}
END_TEST

START_TEST(test_inflate_failalloc)
{
	uint8_t *plain = mk_plain(100000), *z;
	struct btfx_allocator a;
	struct tu_failalloc fa;
	size_t zlen, out_len;
	void *out;
	long n;
	int err;

	z = deflate_buf(plain, 100000, 1, &zlen);
	for (n = 1;; n++) {
		tu_failalloc_init(&fa, &a, n);
		err = btfx__inflate(&a, z, zlen, 1, 0, BTFX_ALLOC_MAX, &out, &out_len, NULL, 0);
		if (!err)
			break;
		ck_assert_int_eq(err, -ENOMEM);
		ck_assert_int_eq(fa.live, 0);
		ck_assert_ptr_null(out);
	}
	ck_assert_int_gt(n, 2);
	ck_assert_int_eq(fa.live, 1);
	ck_assert_uint_eq(out_len, 100000);
	ck_assert_int_eq(memcmp(out, plain, out_len), 0);
	btfx__mem_free(&a, out);
	free(z);
	free(plain);
}
END_TEST

START_TEST(test_gz_is_magic)
{
	static const uint8_t gz[] = { 0x1f, 0x8b };
	static const uint8_t zl[] = { 0x78, 0x9c };

	ck_assert(btfx__gz_is(gz, 2));
	ck_assert(!btfx__gz_is(gz, 1));
	ck_assert(!btfx__gz_is(gz, 0));
	ck_assert(!btfx__gz_is(zl, 2));
}
END_TEST

static TCase *files_tcase(void)
{
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_elf_find_section_bpfel);
	tcase_add_test(tc, test_elf_find_section_bpfeb);
	tcase_add_test(tc, test_elf_find_section_elf32_lsb);
	tcase_add_test(tc, test_elf_find_section_elf32_msb);
	tcase_add_test(tc, test_elf_find_section_compressed_elf64);
	tcase_add_test(tc, test_elf_find_section_compressed_elf32_msb);
	tcase_add_test(tc, test_elf_find_section_other_sections);
	tcase_add_test(tc, test_elf_find_section_unaligned);
	tcase_add_test(tc, test_elf_is_magic);
	return tc;
}

/* Each looped case runs for ELF32/64 x LSB/MSB. */
static TCase *built_tcase(void)
{
	TCase *tc = tcase_create("built");

	tcase_add_loop_test(tc, test_elf_find_section_built, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_extended_numbering, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_compressed_built, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_nobits, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_not_found, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_no_shstrtab, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_failalloc, 0, 4);
	return tc;
}

static TCase *malformed_tcase(void)
{
	TCase *tc = tcase_create("malformed");

	tcase_add_loop_test(tc, test_elf_find_section_truncated_header, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_bad_ident, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_table_past_end, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_huge_shnum, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_bad_shentsize, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_bad_shstrndx, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_name_out_of_range, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_data_past_end, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_bad_ch_type, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_short_chdr, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_corrupt_zlib, 0, 4);
	tcase_add_loop_test(tc, test_elf_find_section_bad_ch_size, 0, 4);
	return tc;
}

static TCase *zio_tcase(void)
{
	TCase *tc = tcase_create("zio");

	tcase_add_test(tc, test_inflate_zlib_roundtrip);
	tcase_add_test(tc, test_inflate_gzip_roundtrip);
	tcase_add_test(tc, test_inflate_gzip_file);
	tcase_add_test(tc, test_inflate_truncated);
	tcase_add_test(tc, test_inflate_max_len);
	tcase_add_test(tc, test_inflate_expect_len);
	tcase_add_test(tc, test_inflate_corrupt);
	tcase_add_test(tc, test_inflate_trailing_data);
	tcase_add_test(tc, test_inflate_failalloc);
	tcase_add_test(tc, test_gz_is_magic);
	return tc;
}

static Suite *elf_suite(void)
{
	Suite *s = suite_create("elf");

	suite_add_tcase(s, files_tcase());
	suite_add_tcase(s, built_tcase());
	suite_add_tcase(s, malformed_tcase());
	suite_add_tcase(s, zio_tcase());
	return s;
}

int main(void)
{
	return tu_run(elf_suite());
}
