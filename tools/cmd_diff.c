// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_diff.c - `btfx diff OLD NEW [--base BASE] [--json]`: the types added,
 * removed and changed, and the bytes by kind and of the whole blob
 * (btfx_diff()).  Exit status as diff(1): 0 identical, 1 different, 2 on
 * any error (a bad or unreadable input too).
 */
#include <stdio.h>

#include "cli.h"

struct diff_args {
	const char *paths[2];
	const char *base_path;
	int json;
};

/* A load status of cli_load() as diff's: any failure is trouble (2). */
static int load_status(int status)
{
	return status == CLI_EXIT_OK ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

/* Load OLD and NEW (over BASE); returns the exit status of a failure, or OK. */
static int load_all(const struct diff_args *a, struct btfx **base, struct btfx *btf[2])
{
	int status = CLI_EXIT_OK, i;

	if (a->base_path)
		status = load_status(cli_load(a->base_path, NULL, base));
	for (i = 0; i < 2 && status == CLI_EXIT_OK; i++)
		status = load_status(cli_load(a->paths[i], *base, &btf[i]));
	return status;
}

int cli_cmd_diff(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct diff_args a = { { NULL, NULL }, NULL, 0 };
	const struct cli_opt opts[] = {
		{ "--json", NULL, &a.json },
		{ "--base", &a.base_path, NULL },
		{ NULL, NULL, NULL },
	};
	struct btfx *base = NULL, *btf[2] = { NULL, NULL };
	struct btfx_diff_opts dopts = { .sz = sizeof(dopts) };
	int status, err;

	status = cli_parse(cmd, argc, argv, opts, a.paths, 2);
	if (status != CLI_EXIT_OK)
		return status < 0 ? CLI_EXIT_OK : status;
	status = load_all(&a, &base, btf);
	if (status == CLI_EXIT_OK) {
		dopts.flags = a.json ? BTFX_DIFF_JSON : 0;
		err = btfx_diff(btf[0], btf[1], cli_stdout_print, NULL, &dopts);
		status = err < 0 ? cli_io_error("diff", err) : err ? CLI_EXIT_BAD : CLI_EXIT_OK;
		status = cli_stdout_finish(status);
	}
	btfx_free(btf[1]);
	btfx_free(btf[0]);
	btfx_free(base);
	return status;
}
