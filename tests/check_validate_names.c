// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_validate_names.c - the validator's pass marking good names
 * (libbtfx/validate_names.c): each vector path (SSE2, AVX2 where the CPU
 * has it) must mark exactly what the plain scan marks, on random and
 * adversarial string sections, for each target's name rules, and its byte
 * classes must be the profile's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "validate.h"

/* The name rules of the targets (validate.c's rows), and other lengths. */
static const struct btfx__vprof profs[] = {
	{ .name = "current", .ident_dot = 1, .name_len = 512 },
	{ .name = "5.15", .ident_dot = 1, .name_len = 128 },
	{ .name = "dot-129", .ident_dot = 1, .name_len = 129 },
	{ .name = "nodot-200", .ident_dot = 0, .name_len = 200 },
	{ .name = "dot-127", .ident_dot = 1, .name_len = 127 }, /* the plain scan only */
};
#define NR_PROFS (sizeof(profs) / sizeof(profs[0]))

static uint32_t rnd_x = 1;

static uint32_t rnd(uint32_t n)
{
	rnd_x = rnd_x * 1103515245u + 12345u;
	return (rnd_x >> 8) % n;
}

static void vctx_init(struct vctx *v, const struct btfx__vprof *prof)
{
	memset(v, 0, sizeof(*v));
	v->prof = prof;
	v->mem = &btfx__libc_allocator;
	btfx__vinit_tables(v);
}

/* The paths compared with the plain scan, and their names. */
static const int isas[] = { BTFX__VISA_SSE2, BTFX__VISA_AVX2 };
static const char *const isa_names[] = { "SSE2", "AVX2" };
#define NR_ISAS (sizeof(isas) / sizeof(isas[0]))
#define PLAIN (-1)

/*
 * The marks of one path (an isa, or PLAIN) over s (len bytes, ending with a
 * NUL): malloc'd, or NULL when the path cannot be taken.
 */
static uint8_t *marks(const struct btfx__vprof *prof, const char *s, uint32_t len,
		      uint32_t start_str_off, int path)
{
	char *copy = malloc(len); /* exactly: a read past the end is caught (ASan) */
	struct vctx v;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, s, len);
	vctx_init(&v, prof);
	v.strs = copy;
	v.str_len = v.ident_len = len;
	v.start_str_off = start_str_off;
	/* As check_strs() allocates it: no slack for a path that writes past. */
	v.ident_ok = calloc(len / 8 + 1, 1);
	ck_assert_ptr_nonnull(v.ident_ok);
	if (path == PLAIN)
		btfx__vmark_names_plain(&v);
	else if (!btfx__vmark_names_isa(&v, path)) {
		free(v.ident_ok);
		v.ident_ok = NULL;
	}
	free(copy);
	return v.ident_ok;
}

/* Both paths, every target's rules: the same marks. */
static void same_marks_off(const char *s, uint32_t len, uint32_t start_str_off)
{
	unsigned int i;
	uint32_t o;

	if (!len || s[len - 1])
		ck_abort_msg("a section must end with a NUL");
	for (i = 0; i < NR_PROFS * NR_ISAS; i++) {
		const struct btfx__vprof *prof = &profs[i / NR_ISAS];
		const char *isa = isa_names[i % NR_ISAS];
		uint8_t *a = marks(prof, s, len, start_str_off, isas[i % NR_ISAS]);
		uint8_t *b = a ? marks(prof, s, len, start_str_off, PLAIN) : NULL;

		if (!a)
			continue; /* the path is not there, or not for these rules */
		for (o = 0; o < len; o++) {
			int ma = (a[o / 8] >> (o % 8)) & 1, mb = (b[o / 8] >> (o % 8)) & 1;

			/* Not ck_assert() a byte: Check logs each passing one. */
			if (ma != mb)
				ck_abort_msg("%s rules, %u-byte section, own strings from %u: "
					     "offset %u (byte 0x%02x) is %sa name by %s, %sby the "
					     "plain scan",
					     prof->name, len, start_str_off, o, (unsigned char)s[o],
					     ma ? "" : "not ", isa, mb ? "" : "not ");
		}
		if (memcmp(a, b, len / 8 + 1))
			ck_abort_msg("%s rules, %s, %u-byte section: bits past the end differ",
				     prof->name, isa, len);
		free(a);
		free(b);
	}
}

static void same_marks(const char *s, uint32_t len)
{
	same_marks_off(s, len, 0);
}

START_TEST(test_classes)
{
	uint8_t cls[256];
	unsigned int i, c;

	for (i = 0; i < NR_PROFS * NR_ISAS; i++) {
		const struct btfx__vprof *prof = &profs[i / NR_ISAS];
		struct vctx v;

		vctx_init(&v, prof);
		memset(cls, 0xee, sizeof(cls));
		if (!btfx__vname_classes(&v, isas[i % NR_ISAS], cls)) {
			if (i < NR_ISAS)
				printf("no %s path here: its classes are not compared\n",
				       isa_names[i % NR_ISAS]);
			continue;
		}
		for (c = 0; c < 256; c++)
			if (cls[c] != (v.cclass[c] & (VC_FIRST | VC_REST)))
				ck_abort_msg("%s rules, byte 0x%02x: %s class %#x, cclass %#x",
					     prof->name, c, isa_names[i % NR_ISAS], cls[c],
					     v.cclass[c] & (VC_FIRST | VC_REST));
	}
}
END_TEST

/* A random byte of a string: mostly name characters, now and then any. */
static char rnd_char(void)
{
	static const char name_chars[] = "abcxyzABZ_0159.";

	if (rnd(16))
		return name_chars[rnd(sizeof(name_chars) - 1)];
	return (char)(1 + rnd(255));
}

/* A random string length: short ones, around 64 and 128 bytes, around 512. */
static uint32_t rnd_len(void)
{
	switch (rnd(12)) {
	case 0:
		return 60 + rnd(80);
	case 1:
		return 120 + rnd(16);
	case 2:
		return 500 + rnd(100);
	default:
		return rnd(40);
	}
}

/* Random strings until about target bytes; returns the section's length. */
static uint32_t rnd_section(char *s, uint32_t cap, uint32_t target)
{
	uint32_t len = 0, n, k;

	if (rnd(2))
		s[len++] = 0; /* the usual "" at 0; split BTF need not have it */
	while (len < target) {
		n = rnd_len();
		if (len + n + 1 > cap)
			break;
		for (k = 0; k < n; k++)
			s[len++] = rnd_char();
		s[len++] = 0;
	}
	if (!len || s[len - 1])
		s[len++] = 0;
	return len;
}

START_TEST(test_random_sections)
{
	static char s[40000];
	int i;

	for (i = 0; i < 1500; i++) {
		uint32_t target = i < 200 ? (uint32_t)i :
				  i % 10  ? 1 + rnd(3000) :
					    4000 + rnd(30000);

		same_marks(s, rnd_section(s, sizeof(s), target));
	}
}
END_TEST

/*
 * One name of n bytes at every offset mod 64 (after shift bytes of short
 * strings), optionally with one bad byte at bad (-1: none), and a tail.
 */
static void long_name(char *s, uint32_t shift, uint32_t n, int bad, char badc, uint32_t tail)
{
	uint32_t len = 0, k;

	for (k = 0; k < shift; k++)
		s[len++] = k % 3 == 2 ? 0 : 'q';
	s[len++] = 0;
	for (k = 0; k < n; k++)
		s[len++] = (int)k == bad ? badc : k % 7 == 3 ? '7' : 'n';
	s[len++] = 0;
	for (k = 0; k < tail; k++)
		s[len++] = k % 5 == 4 ? 0 : 't';
	s[len++] = 0;
	same_marks(s, len);
}

START_TEST(test_lengths_and_edges)
{
	static char s[2048];
	uint32_t n, shift;

	for (n = 0; n <= 600; n++) {
		shift = n % 67;
		long_name(s, shift, n, -1, 0, n % 3 ? 0 : 40);
		long_name(s, 63 - shift % 64, n, n ? (int)rnd(n) : -1, "-\x01 \x7f\xd7"[n % 5],
			  n % 70);
		if (n) {
			long_name(s, shift + 1, n, (int)n - 1, '$', 0); /* bad last byte */
			long_name(s, shift, n, 0, '9', 1);		/* digit first */
		}
	}
	/* The length limits, at every alignment. */
	for (shift = 0; shift < 130; shift++)
		for (n = 125; n <= 131; n++) {
			long_name(s, shift, n, -1, 0, shift % 4);
			long_name(s, shift, n + 384, -1, 0, shift % 4);
		}
}
END_TEST

START_TEST(test_every_byte)
{
	static char s[8192];
	uint32_t len, c, k, shift;

	for (shift = 0; shift < 64; shift += 7) {
		len = 0;
		for (k = 0; k < shift; k++)
			s[len++] = 0;
		for (c = 1; c < 256; c++) {
			s[len++] = (char)c; /* first */
			s[len++] = 0;
			s[len++] = 'a'; /* second */
			s[len++] = (char)c;
			s[len++] = 0;
			for (k = 0; k < 14 + shift % 5; k++) /* further on */
				s[len++] = k == 9 ? (char)c : '_';
			s[len++] = 0;
		}
		same_marks(s, len);
	}
}
END_TEST

/* Split BTF: own string offsets start past the base's, up to the limit. */
START_TEST(test_offset_limit)
{
	static char s[5000];
	uint32_t len, cut;
	int i;

	for (i = 0; i < 200; i++) {
		len = rnd_section(s, sizeof(s), 1 + rnd(i % 2 ? 4500 : 300));
		cut = rnd(len + 1); /* offsets from cut on are past the limit */
		same_marks_off(s, len, BTFX_MAX_NAME_OFFSET + 1 - cut);
		same_marks_off(s, len, 1 + rnd(1000));
	}
	same_marks_off(s, len, BTFX_MAX_NAME_OFFSET + 1);
	same_marks_off(s, len, UINT32_MAX - len);
}
END_TEST

static Suite *names_suite(void)
{
	Suite *s = suite_create("validate_names");
	TCase *tc = tcase_create("names");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_classes);
	tcase_add_test(tc, test_random_sections);
	tcase_add_test(tc, test_lengths_and_edges);
	tcase_add_test(tc, test_every_byte);
	tcase_add_test(tc, test_offset_limit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(names_suite());
}
