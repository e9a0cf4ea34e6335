// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * as_loaded.c - `btfx validate --as-loaded` against libbpf on real BPF
 * programs: for each object file, the BTF libbpf's bpf_object__open_mem()
 * holds (placed and rewritten for loading; with libbpf 1.6 or later, as
 * root, after bpf_object__prepare(): as the kernel got it) against
 * libbtfx's (the object placed by the linker without dedup, then
 * btfx_link_prepare_load()).  They must be the same types up to
 * numbering (tests/dedup_canon.h); libbtfx's must validate clean and, as
 * root, the running kernel must accept both; or, where the compiler wrote
 * BTF no kernel takes (GCC 12), libbtfx's must be invalid and the kernel
 * must refuse both (counted apart).
 *
 *   bench/as_loaded OBJ...      (`make bench-as-loaded AS_LOADED='*.bpf.o'`)
 *
 * One line an object, then a summary.  Exit status 0 when every object
 * agrees, 1 when one does not, 2 on a usage or I/O error.  An object libbpf
 * cannot open must be refused by libbtfx too (and is counted apart).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <btfx/btfx.h>

#include "bpfload.h"
#include "dedup_canon.h"

enum { SAME, SAME_INVALID, DIFFERENT, BOTH_REFUSE, ERROR, NR_RESULTS };

static char kernel_log[1 << 16];

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	char *p = malloc(cap), *q;

	if (!f || !p)
		goto fail;
	while ((got = fread(p + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			if (!(q = realloc(p, cap *= 2)))
				goto fail;
			p = q;
		}
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*len = n;
	return p;
fail:
	if (f)
		fclose(f);
	free(p);
	return NULL;
}

/* libbtfx's BTF of the object as libbpf loads it, or NULL (*why says why). */
static struct btfx *btfx_as_loaded(const void *data, size_t len, const char *name,
				   struct btfx_link **link, const char **why)
{
	const struct btfx_link_opts lo = { .sz = sizeof(lo), .flags = BTFX_LINK_NO_DEDUP };
	struct btfx *btf = NULL;

	*link = btfx_link_new(&lo);
	if (!*link) {
		*why = "out of memory";
		return NULL;
	}
	if (btfx_link_add_elf(*link, data, len, name, NULL) < 0 || btfx_link_finish(*link, &btf)) {
		*why = btfx_link_errmsg(*link);
		return NULL;
	}
	if (btfx_link_prepare_load(*link)) {
		*why = btfx_errmsg(btf);
		return NULL;
	}
	return btf;
}

/* The kernel's verdict on btf's blob: "accepted", "refused", or "-" (not permitted). */
static const char *kernel(const void *blob, size_t len, int *refused)
{
	int err = bl_load(blob, len, kernel_log, sizeof(kernel_log));

	if (err == -EPERM || err == -EACCES || err == -ENOSYS)
		return "-";
	*refused |= err != 0;
	return err ? "refused" : "accepted";
}

static int one(const char *path)
{
	struct bpf_object *obj;
	struct btfx_link *link = NULL;
	struct btfx *ours, *theirs = NULL;
	const char *why = "", *k1, *k2;
	const void *blob, *lblob;
	char *a = NULL, *b = NULL, *diff = NULL;
	size_t len, blen;
	__u32 llen;
	int ret = ERROR, refused = 0, valid, prepared = 0;
	void *data = read_file(path, &len);

	if (!data) {
		fprintf(stderr, "as_loaded: %s: %s\n", path, strerror(errno));
		return ERROR;
	}
	ours = btfx_as_loaded(data, len, path, &link, &why);
	obj = bpf_object__open_mem(data, len, NULL);
	if (!obj || !bpf_object__btf(obj)) {
		printf("%-28s libbpf cannot open it; libbtfx %s\n", path,
		       ours ? "takes it: DIFFERENT" : "refuses it too");
		ret = ours ? DIFFERENT : BOTH_REFUSE;
		goto out;
	}
	if (!ours) {
		printf("%-28s libbpf opens it; libbtfx refuses it: %s: DIFFERENT\n", path, why);
		ret = DIFFERENT;
		goto out;
	}
#if LIBBPF_MAJOR_VERSION > 1 || (LIBBPF_MAJOR_VERSION == 1 && LIBBPF_MINOR_VERSION >= 6)
	/*
	 * Loaded up to the programs (as root): the BTF the kernel got, with
	 * hidden subprograms made static, which opening does not do yet.
	 */
	prepared = !bpf_object__prepare(obj);
#endif
	lblob = btf__raw_data(bpf_object__btf(obj), &llen);
	theirs = btfx_new();
	if (!lblob || !theirs || btfx_load(theirs, lblob, llen, NULL) ||
	    btfx_raw_data(ours, NULL, &blob, &blen) || !(a = canon_dump(ours)) ||
	    !(b = canon_dump(theirs))) {
		fprintf(stderr, "as_loaded: %s: cannot compare\n", path);
		goto out;
	}
	diff = canon_diff(b, a);
	valid = btfx_validate(ours, NULL) == 0;
	k1 = kernel(blob, blen, &refused);
	k2 = kernel(lblob, llen, &refused);
	if (diff || (valid && refused))
		ret = DIFFERENT;
	else if (valid)
		ret = SAME;
	else /* invalid: the kernel must refuse both, where it was asked */
		ret = strcmp(k1, "-") && (strcmp(k1, "refused") || strcmp(k2, "refused")) ?
			      DIFFERENT :
			      SAME_INVALID;
	printf("%-28s %u types: %s (%s); libbtfx's %s; the kernel: libbtfx's %s, libbpf's %s\n",
	       path, btfx_type_cnt(ours) - 1,
	       diff ? "NOT the same as libbpf's" : "the same as libbpf's",
	       prepared ? "prepared" : "opened: no hidden subprogram made static yet",
	       valid ? "valid" : "INVALID", k1, k2);
	if (diff)
		printf("    libbpf's, then libbtfx's: %s\n", diff);
out:
	free(diff);
	free(a);
	free(b);
	btfx_free(theirs);
	bpf_object__close(obj);
	btfx_link_free(link);
	free(data);
	return ret;
}

int main(int argc, char **argv)
{
	int i, n[NR_RESULTS] = { 0 };

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout, "usage: as_loaded OBJ...\n");
		return argc < 2 ? 2 : 0;
	}
	libbpf_set_print(NULL);
	for (i = 1; i < argc; i++)
		n[one(argv[i])]++;
	printf("%d objects: %d the same as libbpf's (valid, and accepted where the kernel was "
	       "asked), %d the same and invalid (refused by the kernel where it was asked), %d "
	       "refused by both, %d different, %d errors\n",
	       argc - 1, n[SAME], n[SAME_INVALID], n[BOTH_REFUSE], n[DIFFERENT], n[ERROR]);
	return n[ERROR] ? 2 : n[DIFFERENT] ? 1 : 0;
}
