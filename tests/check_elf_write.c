// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_elf_write.c - btfx_write_elf() and btfx_write_elf_into().
 *
 * Outputs are read back through the ELF finder (elf.c): their .BTF must
 * hold exactly btfx_write_mem()'s bytes in the byte order asked for, and
 * load to the same types.  --into inputs are made here from
 * btfx_write_elf() outputs (renaming .BTF to add one) and from the objects
 * of tests/data, then damaged one field at a time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "elf.h"

/* ---------------------------------------------------------------------- */
/* Helpers */

static struct btfx *load_sample(void)
{
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("sample.btf"), NULL), 0);
	return btf;
}

/* The bytes a memory sink holds, copied; the sink closed. */
static void *sink_take(struct btfx_sink *s, size_t *len)
{
	const void *d = btfx_sink_mem_data(s, len);
	void *p = malloc(*len ? *len : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, d, *len);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	return p;
}

static void *write_elf(struct btfx *btf, const struct btfx_elf_opts *o, size_t *len)
{
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);

	ck_assert_int_eq(btfx_write_elf(btf, s, o), 0);
	return sink_take(s, len);
}

/* obj's .BTF equals btfx_write_mem(btf) in the byte order given, and loads equal. */
static void check_btf_of(const void *obj, size_t len, struct btfx *btf, uint32_t endian,
			 uint32_t flags)
{
	struct btfx_write_opts wo = { .sz = sizeof(wo), .endian = endian, .flags = flags };
	const void *sec;
	void *owned, *raw;
	size_t sec_len, raw_len;
	struct btfx *back = btfx_new();
	char why[256] = "";
	char *d1, *d2;

	ck_assert_int_eq(btfx_raw_size(btf, &wo, &raw_len), 0);
	raw = malloc(raw_len);
	ck_assert_int_eq(btfx_write_mem(btf, raw, raw_len, &wo), (int)raw_len);
	ck_assert_msg(btfx__elf_find_section(NULL, obj, len, ".BTF", &sec, &sec_len, &owned, why,
					     sizeof(why)) == 0, "%s", why);
	ck_assert_uint_eq(sec_len, raw_len);
	ck_assert(memcmp(sec, raw, raw_len) == 0);
	ck_assert_int_eq(btfx_load(back, sec, sec_len, NULL), 0);
	d1 = tu_dump(btf);
	d2 = tu_dump(back);
	ck_assert_str_eq(d1, d2);
	free(d1);
	free(d2);
	free(owned);
	free(raw);
	btfx_free(back);
}

/* A parsed view of an output, for its header fields. */
static void open_elf(const void *obj, size_t len, struct btfx__elf *e)
{
	*e = (struct btfx__elf){ .data = obj, .size = len };
	ck_assert_int_eq(btfx__elf_open(e), 0);
	ck_assert_int_eq(btfx__elf_open_strs(e), 0);
}

static uint16_t machine_of(const struct btfx__elf *e)
{
	uint16_t m;

	memcpy(&m, e->data + 18, 2);
	return btfx__elf16(e, m);
}

/* Rename every ".BTF" in the section names to ".XYZ" (in place). */
static void rename_btf(void *obj, size_t len)
{
	struct btfx__elf e;
	char *p;

	open_elf(obj, len, &e);
	for (p = (char *)e.strs; p + 4 <= e.strs + e.strs_len; p++)
		if (!memcmp(p, ".BTF", 4))
			memcpy(p, ".XYZ", 4);
}

/* ---------------------------------------------------------------------- */
/* btfx_write_elf() */

/* _i: class (bit 0: ELF32), byte order (bit 1: big), layout (bit 2). */
START_TEST(test_btfx_write_elf_variants)
{
	struct btfx *btf = load_sample();
	uint32_t endian = _i & 2 ? BTFX_ENDIAN_BIG : BTFX_ENDIAN_LITTLE;
	uint32_t flags = _i & 4 ? BTFX_WRITE_LAYOUT : 0;
	struct btfx_elf_opts o = { .sz = sizeof(o), .endian = endian,
				   .flags = flags | (_i & 1 ? BTFX_ELF_CLASS32 : 0) };
	struct btfx__elf e;
	struct btfx__shdr sh;
	size_t len;
	void *obj = write_elf(btf, &o, &len);

	open_elf(obj, len, &e);
	ck_assert_int_eq(e.is64, !(_i & 1));
	ck_assert_int_eq(((uint8_t *)obj)[EI_DATA], _i & 2 ? ELFDATA2MSB : ELFDATA2LSB);
	ck_assert_uint_eq(e.shnum, 3);
	ck_assert_uint_eq(e.shstrndx, 2);
	btfx__elf_shdr(&e, 1, &sh);
	ck_assert_uint_eq(sh.type, SHT_PROGBITS);
	ck_assert_uint_eq(sh.addralign, 4);
	ck_assert_uint_eq(sh.offset, e.is64 ? 64 : 52);
	ck_assert_uint_eq(e.shoff % (e.is64 ? 8 : 4), 0);
	ck_assert_uint_eq(e.shoff + 3 * e.shentsize, len);
#if defined(__x86_64__)
	ck_assert_uint_eq(machine_of(&e), e.is64 ? 62 : 3);
#endif
	check_btf_of(obj, len, btf, endian, flags);
	free(obj);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_write_elf_machine)
{
	struct btfx *btf = load_sample();
	struct btfx_elf_opts o = { .sz = sizeof(o), .machine = BTFX_ELF_MACHINE_BPF };
	struct btfx__elf e;
	size_t len;
	void *obj = write_elf(btf, &o, &len);

	open_elf(obj, len, &e);
	ck_assert_uint_eq(machine_of(&e), 247);
	free(obj);
	o.machine = 0xffff;
	obj = write_elf(btf, &o, &len);
	open_elf(obj, len, &e);
	ck_assert_uint_eq(machine_of(&e), 0xffff);
	free(obj);
	/* NULL opts: native order, ELF64. */
	obj = write_elf(btf, NULL, &len);
	open_elf(obj, len, &e);
	ck_assert_int_eq(e.is64, 1);
	ck_assert_int_eq(e.swap, 0);
	free(obj);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_write_elf_einval)
{
	struct btfx *btf = load_sample();
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	struct btfx_elf_opts o = { .sz = sizeof(o), .machine = 0x10000 };
	struct {
		struct btfx_elf_opts o;
		uint32_t extra;
	} big = { { .sz = sizeof(big) }, 1 };

	ck_assert_int_eq(btfx_write_elf(btf, s, &o), -EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "machine"));
	o.machine = 0;
	o.flags = 1u << 30;
	ck_assert_int_eq(btfx_write_elf(btf, s, &o), -EINVAL);
	o.flags = 0;
	o.reserved = 1;
	ck_assert_int_eq(btfx_write_elf(btf, s, &o), -EINVAL);
	o.reserved = 0;
	o.sz = 2;
	ck_assert_int_eq(btfx_write_elf(btf, s, &o), -EINVAL);
	ck_assert_int_eq(btfx_write_elf(btf, s, &big.o), -EINVAL);
	ck_assert_int_eq(btfx_write_elf(NULL, s, NULL), -EINVAL);
	ck_assert_int_eq(btfx_write_elf(btf, NULL, NULL), -EINVAL);
	ck_assert_uint_eq(btfx_sink_offset(s), 0);
	/* A short sz is the defaults. */
	o.sz = sizeof(size_t);
	ck_assert_int_eq(btfx_write_elf(btf, s, &o), 0);
	btfx_sink_abort(s);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_write_elf_enospc)
{
	struct btfx *btf = load_sample();
	char buf[200];
	struct btfx_sink *s = btfx_sink_mem(buf, sizeof(buf), NULL);

	ck_assert_int_eq(btfx_write_elf(btf, s, NULL), -ENOSPC);
	ck_assert_str_ne(btfx_errmsg(btf), "");
	btfx_sink_abort(s);
	btfx_free(btf);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* btfx_write_elf_into() */

static void *into(struct btfx *btf, const void *in, size_t in_len, size_t *len)
{
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	int err = btfx_write_elf_into(btf, in, in_len, s, NULL);

	ck_assert_msg(err == 0, "%d %s", err, btfx_errmsg(btf));
	return sink_take(s, len);
}

/* Every byte of the input after its ELF header is kept at its offset. */
static void check_kept(const void *in, size_t in_len, const void *out, size_t out_len)
{
	size_t eh = ((const uint8_t *)in)[EI_CLASS] == ELFCLASS64 ? 64 : 52;

	ck_assert_uint_ge(out_len, in_len);
	ck_assert(memcmp(in, out, 24) == 0); /* ident, type, machine, version */
	ck_assert(memcmp((const char *)in + eh, (const char *)out + eh, in_len - eh) == 0);
}

/* _i: class (bit 0: ELF32), byte order (bit 1: big). */
START_TEST(test_btfx_write_elf_into_add_replace)
{
	struct btfx *btf = load_sample(), *small = btfx_new();
	uint32_t endian = _i & 2 ? BTFX_ENDIAN_BIG : BTFX_ENDIAN_LITTLE;
	struct btfx_elf_opts o = { .sz = sizeof(o), .endian = endian,
				   .flags = _i & 1 ? BTFX_ELF_CLASS32 : 0 };
	size_t len, len1, len2;
	void *in, *out1, *out2;
	struct btfx__elf e;
	struct btfx__shdr sh;

	ck_assert_int_eq(btfx_add_int(small, "int", 4, 1), 1);
	in = write_elf(small, &o, &len);
	rename_btf(in, len); /* no .BTF: one is added, and its name */
	out1 = into(btf, in, len, &len1);
	check_kept(in, len, out1, len1);
	open_elf(out1, len1, &e);
	ck_assert_uint_eq(e.shnum, 4);
	btfx__elf_shdr(&e, 3, &sh);
	ck_assert_int_eq(btfx__elf_name_is(&e, 3, &sh, ".BTF", 4), 1);
	check_btf_of(out1, len1, btf, endian, 0);
	/* Replace it, twice. */
	out2 = into(small, out1, len1, &len2);
	check_kept(out1, len1, out2, len2);
	open_elf(out2, len2, &e);
	ck_assert_uint_eq(e.shnum, 4);
	check_btf_of(out2, len2, small, endian, 0);
	free(out1);
	out1 = into(btf, out2, len2, &len1);
	check_btf_of(out1, len1, btf, endian, 0);
	free(out1);
	free(out2);
	free(in);
	btfx_free(small);
	btfx_free(btf);
}
END_TEST

/* ".BTF" already in .shstrtab (another section's name, or a tail of one) is reused. */
START_TEST(test_btfx_write_elf_into_name_suffix)
{
	struct btfx *btf = load_sample();
	size_t len, len1;
	void *in = write_elf(btf, NULL, &len), *out;
	struct btfx__elf e;
	struct btfx__shdr sh;
	uint32_t six = 6;

	/* Section 1 is renamed ".shstrtab": no .BTF, but the string is there. */
	memcpy((uint8_t *)in + len - 2 * 64, &six, 4);
	out = into(btf, in, len, &len1);
	open_elf(out, len1, &e);
	ck_assert_uint_eq(e.shnum, 4);
	btfx__elf_shdr(&e, 2, &sh);
	ck_assert_uint_eq(sh.size, 16); /* .shstrtab not grown */
	btfx__elf_shdr(&e, 3, &sh);
	ck_assert_uint_eq(sh.name, 1);
	check_btf_of(out, len1, btf, BTFX_ENDIAN_NATIVE, 0);
	free(out);
	free(in);
	btfx_free(btf);
}
END_TEST

/* Extended numbering in the input (e_shnum 0, sh_size of section 0) is kept. */
START_TEST(test_btfx_write_elf_into_extended)
{
	struct btfx *btf = load_sample();
	size_t len, len1;
	uint8_t *in = write_elf(btf, NULL, &len), *out;
	struct btfx__elf e;
	struct btfx__shdr sh;
	uint64_t three = 3;
	uint16_t zero = 0;

	open_elf(in, len, &e);
	rename_btf(in, len);
	memcpy(in + 60, &zero, 2);               /* e_shnum */
	memcpy(in + e.shoff + 32, &three, 8);    /* section 0's sh_size */
	out = into(btf, in, len, &len1);
	open_elf(out, len1, &e);
	ck_assert_uint_eq(e.shnum, 4);
	memcpy(&zero, out + 60, 2);
	ck_assert_uint_eq(zero, 0);
	btfx__elf_shdr(&e, 0, &sh);
	ck_assert_uint_eq(sh.size, 4);
	check_btf_of(out, len1, btf, BTFX_ENDIAN_NATIVE, 0);
	free(out);
	free(in);
	btfx_free(btf);
}
END_TEST

/* Bad input: the error, a message, and nothing written. */
static void check_refused(struct btfx *btf, const void *in, size_t len, int want,
			  const char *msg)
{
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	int err = btfx_write_elf_into(btf, in, len, s, NULL);

	ck_assert_msg(err == want, "%d, want %d: %s", err, want, btfx_errmsg(btf));
	ck_assert_msg(strstr(btfx_errmsg(btf), msg), "'%s' lacks '%s'", btfx_errmsg(btf), msg);
	ck_assert_uint_eq(btfx_sink_offset(s), 0);
	btfx_sink_abort(s);
}

START_TEST(test_btfx_write_elf_into_bad)
{
	struct btfx *btf = load_sample();
	size_t len, dlen;
	uint8_t *in = write_elf(btf, NULL, &len), *bad = malloc(len);
	uint64_t big = 1ull << 40;
	uint32_t big32 = 1u << 30;
	uint16_t seven = 7;
	void *d;

	check_refused(btf, "\177ELF", 4, -EBADMSG, "truncated");
	check_refused(btf, "hello world, not an ELF", 23, -EBADMSG, "not an ELF");
	memcpy(bad, in, len);
	bad[EI_CLASS] = 9;
	check_refused(btf, bad, len, -EBADMSG, "class");
	memcpy(bad, in, len);
	memcpy(bad + 40, &big, 8); /* e_shoff */
	check_refused(btf, bad, len, -EBADMSG, "past end");
	memcpy(bad, in, len);
	memset(bad + 40, 0, 8);
	check_refused(btf, bad, len, -ENOTSUP, "no section header table");
	memcpy(bad, in, len);
	memcpy(bad + 62, &seven, 2); /* e_shstrndx out of range */
	check_refused(btf, bad, len, -EBADMSG, "out of range");
	memcpy(bad, in, len);
	memset(bad + 62, 0, 2);
	check_refused(btf, bad, len, -ENOTSUP, "no section name string table");
	memcpy(bad, in, len);
	memcpy(bad + (len - 2 * 64) + 24, &big, 8); /* .BTF's sh_offset */
	check_refused(btf, bad, len, -EBADMSG, "section 1 past end");
	memcpy(bad, in, len);
	memcpy(bad + (len - 2 * 64), &big32, 4); /* .BTF's sh_name */
	check_refused(btf, bad, len, -EBADMSG, "name offset");
	check_refused(btf, in, len - 1, -EBADMSG, "past end");
	/* clang's BPF objects relocate .BTF: refused, not garbled. */
	d = tu_read_file(tu_data_path("types.bpfel.o"), &dlen);
	check_refused(btf, d, dlen, -ENOTSUP, "relocates");
	ck_assert_int_eq(btfx_write_elf_into(btf, NULL, 0, NULL, NULL), -EINVAL);
	ck_assert_int_eq(btfx_write_elf_into(NULL, in, len, NULL, NULL), -EINVAL);
	free(d);
	free(bad);
	free(in);
	btfx_free(btf);
}
END_TEST

static Suite *elf_write_suite(void)
{
	Suite *s = suite_create("elf_write");
	TCase *tc = tcase_create("write_elf");

	tcase_add_loop_test(tc, test_btfx_write_elf_variants, 0, 8);
	tcase_add_test(tc, test_btfx_write_elf_machine);
	tcase_add_test(tc, test_btfx_write_elf_einval);
	tcase_add_test(tc, test_btfx_write_elf_enospc);
	suite_add_tcase(s, tc);
	tc = tcase_create("write_elf_into");
	tcase_add_loop_test(tc, test_btfx_write_elf_into_add_replace, 0, 4);
	tcase_add_test(tc, test_btfx_write_elf_into_name_suffix);
	tcase_add_test(tc, test_btfx_write_elf_into_extended);
	tcase_add_test(tc, test_btfx_write_elf_into_bad);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(elf_write_suite());
}
