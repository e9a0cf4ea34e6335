// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_link.c - the linker: objects compiled at test time from
 * tests/data/link/ (clang -O2 -g -target bpf) linked by btfx_link_*(),
 * compared with `bpftool gen object` on the same objects (types, DATASECs
 * and .BTF.ext records, after canonical renumbering), loaded into the
 * kernel as root; linking one object; errors naming file and symbol.
 * Parts needing clang, bpftool or root exit 77 (skip) without them.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <btfx/btfx.h>

#include "bpfload.h"
#include "dedup_canon.h"
#include "testutil.h"

#ifdef TU_HAVE_LIBBPF
#include <bpf/btf.h>

/*
 * libbpf's own reader (btf_ext__new(), which checks the header, every
 * section's record size and length) takes btfx link's .BTF.ext as it takes
 * bpftool's; the records themselves are compared by ext_text().
 */
static void libbpf_reads_ext(const void *ext, size_t len, const void *ref_ext, size_t ref_len)
{
	struct btf_ext *a = btf_ext__new(ext, (__u32)len), *b = btf_ext__new(ref_ext, (__u32)ref_len);

	ck_assert_msg(a, "libbpf's btf_ext__new refuses btfx link's .BTF.ext: %s", strerror(errno));
	ck_assert_msg(b, "libbpf's btf_ext__new refuses bpftool's .BTF.ext: %s", strerror(errno));
	btf_ext__free(a);
	btf_ext__free(b);
}
#else
static void libbpf_reads_ext(const void *ext, size_t len, const void *ref_ext, size_t ref_len)
{
	(void)ext, (void)len, (void)ref_ext, (void)ref_len;
	printf("libbpf absent: .BTF.ext not read by libbpf's btf_ext__new\n");
}
#endif

static char tmpdir[] = "/tmp/btfx-link-XXXXXX";
static int have_clang, have_bpftool;

static char *path_in(const char *name)
{
	static char buf[8][512];
	static int n;
	char *p = buf[n++ % 8];

	snprintf(p, 512, "%s/%s", tmpdir, name);
	return p;
}

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	ck_assert_msg(f, "%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc(n + 1);
	ck_assert(p && fread(p, 1, n, f) == (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void run(const char *cmd)
{
	if (system(cmd)) {
		fprintf(stderr, "failed: %s\n", cmd);
		exit(99);
	}
}

/*
 * Four copies of a.c with their globals renamed (cp1.o .. cp4.o): all
 * carry the same unresolved externs (b_data, b_total, c_scale); cp1 and
 * cp2 define one LICENSE, cp3 and cp4 their own LICENSE_3, LICENSE_4, all
 * in the section "license" that libbpf's linker keeps once.  lic.o has
 * a license of other contents.
 */
static void compile_copies(void)
{
	char cmd[2048];
	FILE *f;
	int i;

	for (i = 1; have_clang && i <= 4; i++) {
		snprintf(cmd, sizeof(cmd),
			 "clang -O2 -g -target bpf -c %s/link/a.c -o %s/cp%d.o "
			 "-Dshared_counter=sc_%d -Da_data=a_data_%d -Da_limit=a_limit_%d "
			 "-Da_hidden=a_hidden_%d -Da_custom=a_custom_%d -Da_map=a_map_%d "
			 "-Dprog_a=prog_a_%d %s%d",
			 getenv("BTFX_TEST_DATA"), tmpdir, i, i, i, i, i, i, i, i,
			 i > 2 ? "-DLICENSE=LICENSE_" : "-DCOPY=", i);
		run(cmd);
	}
	if (!have_clang)
		return;
	f = fopen(path_in("lic.c"), "w");
	if (!f)
		exit(99);
	fputs("char LICENSE[] __attribute__((section(\"license\"), used)) = \"BSD\";\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "clang -O2 -g -target bpf -c %s -o %s", path_in("lic.c"),
		 path_in("lic.o"));
	run(cmd);
	if (have_bpftool) {
		snprintf(cmd, sizeof(cmd),
			 "cd %s && bpftool gen object cp.o cp1.o cp2.o cp3.o cp4.o", tmpdir);
		run(cmd);
	}
}

static void compile_all(void)
{
	const char *names[] = { "a", "b", "c" };
	char cmd[2048];
	int i;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(99);
	}
	have_clang = system("clang --version >/dev/null 2>&1") == 0;
	have_bpftool = system("bpftool version >/dev/null 2>&1") == 0;
	for (i = 0; have_clang && i < 3; i++) {
		snprintf(cmd, sizeof(cmd), "clang -O2 -g -target bpf -c %s/link/%s.c -o %s/%s.o",
			 getenv("BTFX_TEST_DATA"), names[i], tmpdir, names[i]);
		if (system(cmd)) {
			fprintf(stderr, "failed: %s\n", cmd);
			exit(99);
		}
	}
	if (have_clang && have_bpftool) {
		snprintf(cmd, sizeof(cmd), "cd %s && bpftool gen object abc.o a.o b.o c.o", tmpdir);
		if (system(cmd)) {
			fprintf(stderr, "failed: %s\n", cmd);
			exit(99);
		}
	}
	compile_copies();
}

static struct btfx_link *link_files(const char *const *files, int n, int *err)
{
	struct btfx_link *link = btfx_link_new(NULL);
	int i;

	ck_assert(link);
	*err = 0;
	for (i = 0; i < n && !*err; i++) {
		size_t len;
		void *data = slurp(path_in(files[i]), &len);
		int r = btfx_link_add_elf(link, data, len, files[i], NULL);

		free(data);
		if (r < 0)
			*err = r;
		else
			ck_assert_int_eq(r, i);
	}
	if (!*err)
		*err = btfx_link_finish(link, NULL);
	return link;
}

/* The .BTF.ext of blob as text: one line per record, type ids by their dump. */
static char *ext_text(const uint8_t *e, size_t len, const struct btfx *btf)
{
	static const char *kinds[] = { "func", "line", "core" };
	size_t cap = 1 << 20, n = 0;
	char *out = calloc(1, cap);
	uint32_t hdr_len, k;

	ck_assert(len >= 32 && out);
	memcpy(&hdr_len, e + 4, 4);
	for (k = 0; k < 3; k++) {
		uint32_t off, rlen, rs, pos = 4, w[4];

		memcpy(&off, e + 8 + 8 * k, 4);
		memcpy(&rlen, e + 12 + 8 * k, 4);
		if (!rlen)
			continue;
		memcpy(&rs, e + hdr_len + off, 4);
		while (pos < rlen) {
			const uint8_t *b = e + hdr_len + off + pos;
			uint32_t sec, cnt, i;

			memcpy(&sec, b, 4);
			memcpy(&cnt, b + 4, 4);
			for (i = 0; i < cnt; i++) {
				memcpy(w, b + 8 + i * rs, 16);
				n += snprintf(out + n, cap - n, "%s %s @%u ", kinds[k],
					      btfx_str_by_offset(btf, sec), w[0]);
				if (k == 1)
					n += snprintf(out + n, cap - n, "%s|%s|%u\n",
						      btfx_str_by_offset(btf, w[1]),
						      btfx_str_by_offset(btf, w[2]), w[3]);
				else
					n += snprintf(out + n, cap - n, "%s %s %s %u\n",
						      btfx_kind_str(btfx_kind(btfx_type_by_id(btf, w[1]))),
						      btfx_name_by_id(btf, w[1]),
						      k == 2 ? btfx_str_by_offset(btf, w[2]) : "",
						      k == 2 ? w[3] : 0);
				ck_assert(n < cap);
			}
			pos += 8 + cnt * rs;
		}
	}
	return out;
}

START_TEST(test_link_matches_bpftool)
{
	static const char *const files[] = { "a.o", "b.o", "c.o" };
	struct btfx_link *link;
	struct btfx *ref;
	const void *ext, *ref_ext;
	size_t ext_len, ref_len, len;
	char *a, *b, *diff, *ta, *tb;
	uint8_t *obj;
	void *owned = NULL;
	int err;

	if (!have_clang || !have_bpftool)
		return;
	link = link_files(files, 3, &err);
	ck_assert_msg(err == 0, "%s", btfx_link_errmsg(link));
	ref = btfx_new();
	ck_assert_int_eq(btfx_load_file(ref, path_in("abc.o"), NULL), 0);
	a = canon_dump(btfx_link_btf(link));
	b = canon_dump(ref);
	diff = canon_diff(a, b);
	ck_assert_msg(!diff, "btfx vs bpftool: %s", diff);
	/* .BTF.ext: the records, as text, are the same */
	ck_assert_int_eq(btfx_link_ext_data(link, &ext, &ext_len), 0);
	obj = slurp(path_in("abc.o"), &len);
	ref_ext = memmem(obj, len, "\x9f\xeb\x01\x00\x20\x00\x00\x00", 8);
	ck_assert(ref_ext);
	ref_len = len - (size_t)((const uint8_t *)ref_ext - obj);
	ta = ext_text(ext, ext_len, btfx_link_btf(link));
	tb = ext_text(ref_ext, ref_len, ref);
	ck_assert_msg(!strcmp(ta, tb), "ext differs:\n%s\n---\n%s", ta, tb);
	libbpf_reads_ext(ext, ext_len, ref_ext, ref_len);
	ck_assert(strstr(ta, "core") && strstr(ta, "line") && strstr(ta, "func"));
	free(owned);
	free(ta);
	free(tb);
	free(obj);
	free(a);
	free(b);
	btfx_free(ref);
	btfx_link_free(link);
}
END_TEST

/*
 * Objects sharing unresolved externs and a "license" section: the section
 * is kept once (the first input's), as libbpf's linker keeps it, and the
 * VARs of later inputs' license are dropped, or met by the first's VAR
 * of their name; a later license of other contents is an error.
 */
START_TEST(test_link_license_kept_once)
{
	static const char *const files[] = { "cp1.o", "cp2.o", "cp3.o", "cp4.o" };
	static const char *const bad[] = { "cp1.o", "lic.o" };
	struct btfx_link *link;
	struct btfx *ref;
	char *a, *b, *diff;
	int err;

	if (!have_clang)
		return;
	link = link_files(bad, 2, &err);
	ck_assert_int_eq(err, -EINVAL);
	ck_assert_msg(strstr(btfx_link_errmsg(link), "lic.o: section 'license'") &&
			      strstr(btfx_link_errmsg(link), "cp1.o"),
		      "%s", btfx_link_errmsg(link));
	btfx_link_free(link);
	link = link_files(files, 4, &err);
	ck_assert_msg(err == 0, "%s", btfx_link_errmsg(link));
	ck_assert_int_eq(btfx_find_by_name_kind(btfx_link_btf(link), "LICENSE_3", BTFX_KIND_VAR),
			 -ENOENT);
	ck_assert_uint_eq(btfx_link_id_map(link, 2, NULL)[31], 0);
	if (have_bpftool) {
		ref = btfx_new();
		ck_assert_int_eq(btfx_load_file(ref, path_in("cp.o"), NULL), 0);
		a = canon_dump(btfx_link_btf(link));
		b = canon_dump(ref);
		diff = canon_diff(a, b);
		ck_assert_msg(!diff, "btfx vs bpftool: %s", diff);
		ck_assert_uint_eq(btfx_type_cnt(btfx_link_btf(link)), btfx_type_cnt(ref));
		free(a);
		free(b);
		btfx_free(ref);
	}
	btfx_link_free(link);
}
END_TEST

/* The linked BTF passes btfx validate and the kernel's BPF_BTF_LOAD. */
START_TEST(test_link_kernel_load)
{
	static const char *const files[] = { "a.o", "b.o", "c.o" };
	struct btfx_link *link;
	const void *raw;
	size_t len;
	char log[4096];
	int err;

	if (!have_clang)
		return;
	link = link_files(files, 3, &err);
	ck_assert_msg(err == 0, "%s", btfx_link_errmsg(link));
	ck_assert_int_eq(btfx_raw_data(btfx_link_btf(link), NULL, &raw, &len), 0);
	/* btfx validate's verdict first: it must need no kernel to say yes. */
	err = btfx_validate_raw(raw, len, NULL);
	ck_assert_msg(err == 0, "btfx_validate_raw: %d: %s", err,
		      btfx_errmsg(btfx_link_btf(link)));
	err = btfx_validate(btfx_link_btf(link), NULL);
	ck_assert_msg(err == 0, "btfx_validate: %d: %s", err, btfx_errmsg(btfx_link_btf(link)));
	err = bl_load(raw, len, log, sizeof(log));
	if (err != -EPERM && err != -EACCES && err != -ENOSYS)
		ck_assert_msg(err == 0, "BPF_BTF_LOAD: %d: %s", err, log);
	btfx_link_free(link);
}
END_TEST

START_TEST(test_link_one_object_is_its_dedup)
{
	struct btfx_link *link = btfx_link_new(NULL);
	struct btfx *btf = btfx_new();
	const void *raw;
	size_t len;
	char *a, *b, *diff;

	if (!have_clang) {
		btfx_free(btf);
		btfx_link_free(link);
		return;
	}
	ck_assert_int_eq(btfx_load_file(btf, path_in("a.o"), NULL), 0);
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw, &len), 0);
	ck_assert_int_eq(btfx_link_add_raw(link, raw, len, "a.btf", NULL), 0);
	ck_assert_int_eq(btfx_link_finish(link, NULL), 0);
	ck_assert_int_eq(btfx_dedup(btf, NULL), 0);
	a = canon_dump(btfx_link_btf(link));
	b = canon_dump(btf);
	diff = canon_diff(a, b);
	ck_assert_msg(!diff, "%s", diff);
	free(a);
	free(b);
	btfx_free(btf);
	btfx_link_free(link);
}
END_TEST

START_TEST(test_link_add_elf_duplicate_definition)
{
	static const char *const files[] = { "a.o", "b.o", "a.o" };
	struct btfx_link *link;
	int err;

	if (!have_clang)
		return;
	link = link_files(files, 3, &err);
	ck_assert_int_eq(err, -EEXIST);
	ck_assert_msg(strstr(btfx_link_errmsg(link), "a.o: '") &&
			      strstr(btfx_link_errmsg(link), "defined twice"),
		      "%s", btfx_link_errmsg(link));
	/* the failed add left the link as it was: it still finishes */
	ck_assert_int_eq(btfx_link_input_cnt(link), 2);
	ck_assert_int_eq(btfx_link_finish(link, NULL), 0);
	btfx_link_free(link);
}
END_TEST

/* Raw BTF: one VAR 'x' of linkage and an INT of size sz, in a DATASEC. */
static void *var_blob(int linkage, uint32_t sz, size_t *len)
{
	struct btfx *btf = btfx_new_opts(&(struct btfx_new_opts){
		.sz = sizeof(struct btfx_new_opts), .flags = BTFX_NEW_UNPLACED_DATASEC });
	const void *raw;
	void *copy;
	int t, v;

	t = btfx_add_int(btf, sz == 4 ? "int" : "long", sz, BTFX_INT_SIGNED);
	v = btfx_add_var(btf, "x", linkage, (uint32_t)t);
	ck_assert_int_gt(v, 0);
	if (linkage != BTFX_VAR_GLOBAL_EXTERN) {
		struct btfx_var_secinfo si = { (uint32_t)v, 0, sz };

		ck_assert_int_gt(btfx_add_datasec_with_vars(btf, ".data", 0, &si, 1), 0);
	}
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw, len), 0);
	copy = malloc(*len);
	memcpy(copy, raw, *len);
	btfx_free(btf);
	return copy;
}

START_TEST(test_link_add_raw_type_clash)
{
	struct btfx_link *link = btfx_link_new(NULL);
	size_t l1, l2;
	void *b1 = var_blob(BTFX_VAR_GLOBAL_ALLOCATED, 4, &l1);
	void *b2 = var_blob(BTFX_VAR_GLOBAL_EXTERN, 8, &l2);

	ck_assert_int_eq(btfx_link_add_raw(link, b1, l1, "one.o", NULL), 0);
	ck_assert_int_eq(btfx_link_add_raw(link, b2, l2, "two.o", NULL), -EINVAL);
	ck_assert_msg(strstr(btfx_link_errmsg(link), "two.o: 'x'") &&
			      strstr(btfx_link_errmsg(link), "one.o"),
		      "%s", btfx_link_errmsg(link));
	ck_assert_int_eq(btfx_link_input_cnt(link), 1);
	free(b1);
	free(b2);
	btfx_link_free(link);
}
END_TEST

START_TEST(test_link_add_raw_placement)
{
	struct btfx_link *link = btfx_link_new(NULL);
	struct btfx_link_sec sec = { .name = ".data", .size = 4, .align = 4 };
	struct btfx_link_input_opts o = { .sz = sizeof(o), .secs = &sec, .sec_cnt = 1 };
	const struct btfx_var_secinfo *v;
	const struct btfx_type *t;
	struct btfx *out;
	const uint32_t *map;
	uint32_t cnt;
	size_t l1, l2;
	void *b1 = var_blob(BTFX_VAR_GLOBAL_ALLOCATED, 4, &l1);
	void *b2 = var_blob(BTFX_VAR_STATIC, 4, &l2);
	int id;

	ck_assert_int_eq(btfx_link_add_raw(link, b1, l1, "one", &o), 0);
	sec.flags = BTFX_LINK_SEC_AT;
	sec.offset = 12;
	ck_assert_int_eq(btfx_link_add_raw(link, b2, l2, "two", &o), 1);
	ck_assert_int_eq(btfx_link_finish(link, &out), 0);
	id = btfx_find_by_name_kind(out, ".data", BTFX_KIND_DATASEC);
	ck_assert_int_gt(id, 0);
	t = btfx_type_by_id(out, (uint32_t)id);
	ck_assert_uint_eq(t->size, 16);
	ck_assert_uint_eq(btfx_vlen(t), 2);
	v = (const void *)(t + 1);
	ck_assert_uint_eq(v[0].offset, 0);
	ck_assert_uint_eq(v[1].offset, 12);
	map = btfx_link_id_map(link, 1, &cnt);
	ck_assert(map && cnt == 4);
	ck_assert_uint_eq(map[3], (uint32_t)id);
	ck_assert_uint_eq(map[2], v[1].type);
	ck_assert_int_eq(btfx_link_str_off(link, 1, 1), btfx_find_str(out, "int"));
	/* a variable past its part's size */
	btfx_link_free(link);
	link = btfx_link_new(NULL);
	sec.size = 2;
	ck_assert_int_eq(btfx_link_add_raw(link, b1, l1, "one", &o), -EINVAL);
	ck_assert_msg(strstr(btfx_link_errmsg(link), "one: 'x'") &&
			      strstr(btfx_link_errmsg(link), "outside"),
		      "%s", btfx_link_errmsg(link));
	free(b1);
	free(b2);
	btfx_link_free(link);
}
END_TEST

struct oom_in {
	const char *name;
	void *data;
	size_t len;
};

/* An allocator that is not one: refused by btfx_link_new() and btfx_new_opts(). */
START_TEST(test_bad_allocators)
{
	struct {
		struct btfx_allocator a;
		uint64_t later; /* a field of a later version */
	} big;
	struct btfx_link_opts lo = { .sz = sizeof(lo), .allocator = &big.a };
	struct btfx_new_opts no = { .sz = sizeof(no), .allocator = &big.a };
	struct tu_failalloc fa;
	struct btfx_link *link;
	struct btfx *btf;
	int i;

	for (i = 0; i < 4; i++) {
		memset(&big, 0, sizeof(big));
		tu_failalloc_init(&fa, &big.a, 0);
		if (i == 0)
			big.a.sz = sizeof(big.a) - 1; /* too small */
		else if (i == 1)
			big.a.realloc = NULL;
		else if (i == 2)
			big.a.free = NULL;
		else
			big.a.sz = sizeof(big), big.later = 1; /* a field this version lacks */
		errno = 0;
		ck_assert_ptr_null(btfx_link_new(&lo));
		ck_assert_int_eq(errno, EINVAL);
		errno = 0;
		ck_assert_ptr_null(btfx_new_opts(&no));
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_int_eq(fa.calls, 0);
	}
	/* Past this version's struct, zero bytes are fine. */
	big.later = 0;
	link = btfx_link_new(&lo);
	btf = btfx_new_opts(&no);
	ck_assert(link && btf);
	btfx_link_free(link);
	btfx_free(btf);
	ck_assert_int_eq(fa.live, 0);
}
END_TEST

/* One link of ins under fa failing its nth allocation: 1 if it failed one. */
static int oom_run(const struct oom_in *ins, int cnt, struct tu_failalloc *fa, long n,
		   const char *want)
{
	struct btfx_allocator a;
	struct btfx_link_opts o = { .sz = sizeof(o), .allocator = &a };
	struct btfx_link *link;
	struct btfx_sink *sink;
	int i, r, hit = 0;
	char *got;

	tu_failalloc_init(fa, &a, 0);
	link = btfx_link_new(&o);
	ck_assert(link);
	fa->calls = 0;
	fa->fail_at = n;
	for (i = 0; i < cnt; i++) {
		r = btfx_link_add_elf(link, ins[i].data, ins[i].len, ins[i].name, NULL);
		if (r == -ENOMEM) {
			/* the failed add left the link as it was, and usable */
			hit = 1;
			ck_assert_uint_eq(btfx_link_input_cnt(link), (uint32_t)i);
			ck_assert(btfx_link_errmsg(link)[0]);
			fa->fail_at = 0;
			r = btfx_link_add_elf(link, ins[i].data, ins[i].len, ins[i].name, NULL);
		}
		ck_assert_msg(r == i, "%d: %s", r, btfx_link_errmsg(link));
	}
	r = btfx_link_finish(link, NULL);
	if (r == -ENOMEM) {
		hit = 1;
		ck_assert(!btfx_link_btf(link) && !btfx_link_id_map(link, 0, NULL));
		r = btfx_link_add_elf(link, ins[0].data, ins[0].len, "x", NULL);
		ck_assert_int_eq(r, -EINVAL);
	} else {
		ck_assert_msg(r == 0, "%d: %s", r, btfx_link_errmsg(link));
		got = canon_dump(btfx_link_btf(link));
		ck_assert_msg(got && !strcmp(got, want), "at %ld: %s", n, canon_diff(got, want));
		free(got);
		sink = btfx_sink_mem(NULL, 0, NULL);
		r = btfx_link_write_elf(link, sink, NULL);
		ck_assert(r == 0 || r == -ENOMEM);
		hit |= r == -ENOMEM;
		btfx_sink_abort(sink);
	}
	btfx_link_free(link);
	ck_assert_int_eq(fa->live, 0);
	return hit;
}

/*
 * Out of memory at every allocation of btfx_link_*() in turn, over ELF
 * inputs with .BTF.ext, externs and a license kept once: -ENOMEM, a
 * failed add leaves the link as it was and usable, a failed finish leaves
 * it failed, the result is unchanged otherwise, nothing leaks.
 */
START_TEST(test_link_oom)
{
	static const char *const names[] = { "cp1.o", "cp2.o", "b.o", "c.o" };
	struct oom_in ins[4];
	struct tu_failalloc fa;
	struct btfx_link *link;
	char *want;
	long n;
	int i, err;

	if (!have_clang)
		return;
	link = link_files(names, 4, &err);
	ck_assert_msg(err == 0, "%s", btfx_link_errmsg(link));
	want = canon_dump(btfx_link_btf(link));
	btfx_link_free(link);
	for (i = 0; i < 4; i++) {
		ins[i].name = names[i];
		ins[i].data = slurp(path_in(names[i]), &ins[i].len);
	}
	for (n = 1; oom_run(ins, 4, &fa, n, want); n++)
		;
	ck_assert_int_gt(n, 100);
	for (i = 0; i < 4; i++)
		free(ins[i].data);
	free(want);
}
END_TEST

static Suite *link_suite(void)
{
	Suite *s = suite_create("link");
	TCase *tc = tcase_create("link");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_link_matches_bpftool);
	tcase_add_test(tc, test_link_kernel_load);
	tcase_add_test(tc, test_link_license_kept_once);
	tcase_add_test(tc, test_bad_allocators);
	tcase_add_test(tc, test_link_oom);
	tcase_add_test(tc, test_link_one_object_is_its_dedup);
	tcase_add_test(tc, test_link_add_elf_duplicate_definition);
	tcase_add_test(tc, test_link_add_raw_type_clash);
	tcase_add_test(tc, test_link_add_raw_placement);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;
	char cmd[600];

	compile_all();
	sr = srunner_create(link_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd))
		return 1;
	if (failed)
		return 1;
	return have_clang && have_bpftool ? 0 : 77;
}
