// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * percpu.c - an encoder's flow from the thread libbtfx comes from: types
 * are added CU by CU, the per-CPU variables of every CU are collected into
 * one .data..percpu DATASEC (in whatever order their offsets come), and the
 * section is written once all CUs are done.  Offset-0 symbols are skipped,
 * as pahole does.  Prints the raw dump; with a path argument, also writes
 * the BTF there.
 *
 *   cc percpu.c $(pkg-config --cflags --libs libbtfx)
 */
#include <stdio.h>
#include <stdlib.h>

#include <btfx/btfx.h>

struct sym {
	const char *name;
	unsigned int offset, size;
	int global;
};

/* Two "CUs" worth of per-CPU symbols, offsets as a linker placed them. */
static const struct sym cu_syms[2][3] = {
	{ { "runqueues", 4096, 64, 1 }, { "fixed_percpu_data", 0, 48, 1 }, { "cpu_number", 128, 4, 1 } },
	{ { "sched_clock_data", 256, 16, 0 }, { "cpu_stopper", 1024, 72, 0 }, { "irq_stat", 64, 8, 1 } },
};

static int print(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	return fwrite(text, 1, len, stdout) == len ? 0 : -1;
}

static int fail(struct btfx *btf, const char *what, int err)
{
	fprintf(stderr, "percpu: %s: %s (%s)\n", what, btfx_errmsg(btf), btfx_strerror(err));
	return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
	struct btfx *btf = btfx_new();
	struct btfx_datasec_builder *sec;
	int cu, i, id, ty, err;

	if (!btf)
		return EXIT_FAILURE;
	sec = btfx_datasec_builder_new(btf, ".data..percpu", 4096 + 64);
	if (!sec)
		return EXIT_FAILURE;
	for (cu = 0; cu < 2; cu++) {
		/* Each CU has types of its own; a u8 array stands in for them. */
		ty = btfx_add_int(btf, "unsigned char", 1, 0);
		if (ty < 0)
			return fail(btf, "add_int", ty);
		for (i = 0; i < 3; i++) {
			const struct sym *s = &cu_syms[cu][i];
			int arr;

			if (!s->offset) /* not a real per-CPU allocation */
				continue;
			arr = btfx_add_array(btf, (unsigned int)ty, (unsigned int)ty, s->size);
			id = btfx_add_var(btf, s->name,
					  s->global ? BTFX_VAR_GLOBAL_ALLOCATED : BTFX_VAR_STATIC,
					  (unsigned int)arr);
			if (arr < 0 || id < 0)
				return fail(btf, s->name, arr < 0 ? arr : id);
			err = btfx_datasec_builder_add_var(sec, (unsigned int)id, s->offset,
							   s->size);
			if (err)
				return fail(btf, "datasec_builder_add_var", err);
		}
	}
	id = btfx_datasec_builder_finish(sec);
	btfx_datasec_builder_free(sec);
	if (id < 0)
		return fail(btf, "datasec_builder_finish", id);
	if (btfx_dump_raw(btf, print, NULL))
		return EXIT_FAILURE;
	if (argc > 1 && (err = btfx_write_file(btf, argv[1], NULL)))
		return fail(btf, argv[1], err);
	btfx_free(btf);
	return EXIT_SUCCESS;
}
