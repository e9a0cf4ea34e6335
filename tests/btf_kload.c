// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf_kload.c - load a file's BTF into the running kernel (BPF_BTF_LOAD),
 * for the shell tests: `tests/btf_kload FILE` reads FILE as btfx does (raw,
 * gzip or the .BTF of an ELF object) and loads its types in the host's byte
 * order.  Exit 0 when the kernel takes it, 1 when it refuses it (its log's
 * reason on standard error), 77 when loading is not permitted here, 2 when
 * FILE cannot be read.
 */
#include <errno.h>
#include <stdio.h>

#include <btfx/btfx.h>

#include "bpfload.h"

int main(int argc, char **argv)
{
	const struct btfx_write_opts wo = { .sz = sizeof(wo), .endian = BTFX_ENDIAN_NATIVE };
	char log[65536], reason[256];
	struct btfx *btf = btfx_new();
	const void *blob;
	size_t len;
	int err;

	if (argc != 2 || !btf) {
		fprintf(stderr, "usage: btf_kload FILE\n");
		return 2;
	}
	err = btfx_load_file(btf, argv[1], NULL);
	if (!err)
		err = btfx_raw_data(btf, &wo, &blob, &len);
	if (err) {
		fprintf(stderr, "btf_kload: %s: %s\n", argv[1], btfx_errmsg(btf));
		btfx_free(btf);
		return 2;
	}
	err = bl_load(blob, len, log, sizeof(log));
	btfx_free(btf);
	if (err == -EPERM || err == -EACCES || err == -ENOSYS) {
		fprintf(stderr, "btf_kload: BPF_BTF_LOAD not permitted here (%s)\n",
			bl_errno_name(-err));
		return 77;
	}
	if (err) {
		bl_reason(log, reason, sizeof(reason));
		fprintf(stderr, "btf_kload: %s: the kernel refuses it (%s): %s\n", argv[1],
			bl_errno_name(-err), reason);
		return 1;
	}
	return 0;
}
