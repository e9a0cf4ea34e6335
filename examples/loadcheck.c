// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loadcheck.c - a build step for BPF programs: will the kernel take the BTF
 * of this object file once libbpf has loaded it?  The object is placed as
 * a linker places it (sizes of its sections, offsets of its globals), its
 * externs are rewritten as libbpf rewrites them (btfx_prepare_load()),
 * then every rule of the kernel's verifier is checked, every problem
 * printed.  Exit status 0 when the kernel would take it, 1 when not, 2
 * when the object cannot be read.  Without an argument it checks
 * $BTFX_TEST_DATA/externs.bpfel.o (tests/data), for `make check`.
 *
 *   cc loadcheck.c $(pkg-config --cflags --libs libbtfx)
 *   ./a.out prog.bpf.o
 */
#include <stdio.h>
#include <stdlib.h>

#include <btfx/btfx.h>

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET) &&
	    (p = malloc((size_t)n)) && fread(p, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(p);
		p = NULL;
	}
	if (f)
		fclose(f);
	return p;
}

static int print_problem(const struct btfx_problem *p, void *ctx)
{
	printf("%s: [%u] %s '%s': %s (%s)\n", (const char *)ctx, p->type_id,
	       p->kind ? btfx_kind_str(p->kind) : "", p->name, p->msg, p->rule);
	return 0; /* go on: every problem */
}

int main(int argc, char **argv)
{
	const struct btfx_link_opts lo = { .sz = sizeof(lo), .flags = BTFX_LINK_NO_DEDUP };
	struct btfx_validate_opts vo = { .sz = sizeof(vo), .flags = BTFX_VALIDATE_ALL };
	char dflt[4096];
	const char *path = argv[1], *dir = getenv("BTFX_TEST_DATA");
	struct btfx_link *link;
	struct btfx *btf;
	size_t len;
	void *data;
	int ret = 2;

	if (argc < 2) {
		snprintf(dflt, sizeof(dflt), "%s/externs.bpfel.o", dir ? dir : "tests/data");
		path = dflt;
	}
	data = read_file(path, &len);
	link = btfx_link_new(&lo);
	if (!data || !link) {
		fprintf(stderr, "loadcheck: %s: cannot read it\n", path);
		goto out;
	}
	/* 1. Placed, as the linker (or libbpf) places an object's sections. */
	if (btfx_link_add_elf(link, data, len, path, NULL) < 0 || btfx_link_finish(link, &btf)) {
		fprintf(stderr, "loadcheck: %s\n", btfx_link_errmsg(link));
		goto out;
	}
	/* 2. Rewritten as libbpf rewrites it before BPF_BTF_LOAD. */
	if (btfx_link_prepare_load(link)) {
		printf("%s: libbpf will not load it: %s\n", path, btfx_errmsg(btf));
		ret = 1;
		goto out;
	}
	/* 3. The kernel's rules, every problem. */
	vo.report = print_problem;
	vo.ctx = (void *)path;
	ret = btfx_validate(btf, &vo);
	if (ret == 0)
		printf("%s: the kernel will take its BTF (%u types)\n", path, btfx_type_cnt(btf) - 1);
	ret = ret == 0 ? 0 : ret > 0 ? 1 : 2;
out:
	btfx_link_free(link);
	free(data);
	return ret;
}
