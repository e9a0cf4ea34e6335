// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_validate_plain.c - the validator's shortcuts against the general
 * way.  btfx_validate_raw() settles most records from the kind tables,
 * resolves most references without its stack and marks names with SSE2;
 * btfx__validate_raw_plain() takes every record through check_one() and
 * every reference through resolve().  On the corpus of tests/data/validate,
 * on mutations of it, and (the vmlinux part) on the running kernel's BTF
 * and mutations of it, both must report the same problems in the same
 * order, for every target, with BTFX_VALIDATE_ALL; and btfx_validate_raw()'s
 * optimistic attempt (btfx__validate_raw_fast(), which checks struct members
 * out of the kernel's order and stops at any problem) must find a problem
 * exactly in the blobs that have one.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "validate.h"

/* Both ways on one blob, every target: the same count and the same problems. */
static void same(const void *data, size_t len, const char *what)
{
	uint32_t target;

	for (target = BTFX_TARGET_CURRENT; target < BTFX__NR_TARGETS; target++) {
		struct tu_report quick = { 0 }, plain = { 0 };
		struct btfx_validate_opts o = { .sz = sizeof(o), .target = target,
						.flags = BTFX_VALIDATE_ALL,
						.report = tu_report_problem };
		int a, b, f;

		o.ctx = &quick;
		a = btfx_validate_raw(data, len, &o);
		o.ctx = &plain;
		b = btfx__validate_raw_plain(data, len, &o);
		/* The optimistic attempt must take exactly the valid blobs. */
		f = btfx__validate_raw_fast(data, len, &o);
		ck_assert_msg(f == !!b, "%s, target %u: the optimistic attempt says %d, the plain way %d problems",
			      what, target, f, b);
		ck_assert_msg(a == b, "%s, target %u: %d problems, %d the plain way", what, target,
			      a, b);
		ck_assert_msg(!strcmp(tu_report_text(&quick), tu_report_text(&plain)),
			      "%s, target %u: the reports differ:\n%s---- the plain way:\n%s", what,
			      target, tu_report_text(&quick), tu_report_text(&plain));
		free(quick.text);
		free(plain.text);
	}
}

static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * n mutations of a blob, each of its type section: a flipped bit, a word
 * set to an edge value or moved by a little, seeded by seed.
 */
static void same_mutated(const uint8_t *data, size_t len, int n, uint32_t seed, const char *what)
{
	static const uint32_t edge[] = { 0, 1, 2, 3, 4, 7, 8, 12, 16, 32, 0x01000000u,
					 0x80000000u, 0x0fffffffu, 0xffffffffu };
	uint32_t hdr_len, type_off, type_len, w, x = seed | 1;
	uint8_t *m = malloc(len);
	char label[256];
	int i;

	ck_assert_ptr_nonnull(m);
	if (len < 24)
		goto out;
	memcpy(&hdr_len, data + 4, 4);
	memcpy(&type_off, data + 8, 4);
	memcpy(&type_len, data + 12, 4);
	if (type_len < 4 || (uint64_t)hdr_len + type_off + type_len > len)
		goto out;
	for (i = 0; i < n; i++) {
		size_t at = hdr_len + type_off + rnd(&x) % (type_len / 4) * 4;

		memcpy(m, data, len);
		memcpy(&w, m + at, 4);
		switch (rnd(&x) % 3) {
		case 0:
			w ^= 1u << (rnd(&x) % 32);
			break;
		case 1:
			w = edge[rnd(&x) % (sizeof(edge) / sizeof(edge[0]))];
			break;
		default:
			w += rnd(&x) % 5 - 2;
		}
		memcpy(m + at, &w, 4);
		snprintf(label, sizeof(label), "%s, mutation %d (word at %zu)", what, i, at);
		same(m, len, label);
	}
out:
	free(m);
}

static void *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	size_t cap = 0, n;

	ck_assert_msg(f != NULL, "%s: cannot open", path);
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			p = realloc(p, cap);
			ck_assert_ptr_nonnull(p);
		}
		n = fread(p + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	fclose(f);
	return p;
}

/* Every blob of the kernel corpus, and three mutations of each. */
START_TEST(test_corpus)
{
	const char *dir_path = tu_data_path("validate");
	struct dirent *e;
	char path[1024];
	int blobs = 0;
	DIR *dir = opendir(dir_path);

	ck_assert_msg(dir != NULL, "%s: cannot open", dir_path);
	while ((e = readdir(dir))) {
		size_t len, n = strlen(e->d_name);
		void *data;

		if (n < 5 || strcmp(e->d_name + n - 4, ".btf"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir_path, e->d_name);
		data = read_all(path, &len);
		same(data, len, e->d_name);
		same_mutated(data, len, 3, (uint32_t)blobs * 2654435761u, e->d_name);
		free(data);
		blobs++;
	}
	closedir(dir);
	ck_assert_int_gt(blobs, 500);
}
END_TEST

/* The running kernel's BTF (128k types), and mutations of it. */
START_TEST(test_vmlinux)
{
	size_t len;
	void *data = read_all(TU_VMLINUX, &len);

	same(data, len, "vmlinux");
	same_mutated(data, len, 40, 12345, "vmlinux");
	free(data);
}
END_TEST

static Suite *plain_suite(void)
{
	Suite *s = suite_create("validate_plain");
	TCase *tc = tcase_create("corpus");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_corpus);
	suite_add_tcase(s, tc);
	/* tests/check_validate_plain_vmlinux: skipped (77) without the kernel's BTF. */
	tc = tcase_create("vmlinux");
	tcase_set_tags(tc, "vmlinux");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_vmlinux);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(plain_suite());
}
