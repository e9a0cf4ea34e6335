// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_dedup.c - `btfx dedup IN -o OUT [--base BASE]`: deduplicate IN's own
 * types (split BTF: against BASE, which is kept as it is) and write them,
 * raw, to OUT (through a temporary file and a rename: a failed run never
 * leaves part of OUT).  A summary line goes to standard error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct dedup_args {
	const char *path;
	const char *base_path;
	const char *out;
};

int cli_cmd_dedup(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct dedup_args a = { 0 };
	const struct cli_opt opts[] = {
		{ "-o", &a.out, NULL },
		{ "--base", &a.base_path, NULL },
		{ NULL, NULL, NULL },
	};
	struct cli_input in;
	uint32_t before;
	int status, err;

	status = cli_parse(cmd, argc, argv, opts, &a.path, 1);
	if (status == CLI_EXIT_OK && !a.out)
		status = cli_usage_error(cmd, "no output file (-o OUT)");
	status = cli_open_input(status, a.path, a.base_path, &in);
	if (!in.btf)
		return status;
	before = btfx_type_cnt(in.btf) - btfx_start_id(in.btf);
	err = btfx_dedup(in.btf, NULL);
	if (err) {
		fprintf(stderr, "btfx: %s: dedup: %s\n", a.path, btfx_errmsg(in.btf));
		cli_close_input(&in);
		return err == -ENOMEM ? CLI_EXIT_USAGE : CLI_EXIT_BAD;
	}
	err = btfx_write_file(in.btf, a.out, NULL);
	if (err) {
		fprintf(stderr, "btfx: %s\n", btfx_errmsg(in.btf));
		cli_close_input(&in);
		return CLI_EXIT_USAGE;
	}
	fprintf(stderr, "btfx: %s: %u types -> %u\n", a.path, before,
		btfx_type_cnt(in.btf) - btfx_start_id(in.btf));
	cli_close_input(&in);
	return CLI_EXIT_OK;
}
