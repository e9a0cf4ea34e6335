// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_dump.c - `btfx dump FILE [--format raw|c|json] [--base BASE]`.
 *
 * raw prints exactly what `bpftool btf dump file FILE [-B BASE]` prints;
 * json what `bpftool -j` prints (`bpftool -p` with --pretty); c is not
 * there yet (exit 2).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct dump_args {
	const char *path;
	const char *base_path;
	const char *format;
	int pretty; /* --pretty: indented JSON */
};

/* CLI_EXIT_OK, or a usage error (printed); -1 for --help (printed). */
static int parse_args(const struct cli_cmd *cmd, int argc, char **argv, struct dump_args *a)
{
	const struct cli_opt opts[] = {
		{ "--format", &a->format, NULL },
		{ "--base", &a->base_path, NULL },
		{ "--pretty", NULL, &a->pretty },
		{ NULL, NULL, NULL },
	};
	int status = cli_parse(cmd, argc, argv, opts, &a->path, 1);

	if (status != CLI_EXIT_OK)
		return status;
	if (!strcmp(a->format, "c")) {
		fprintf(stderr, "btfx: dump: --format %s is not supported yet\n", a->format);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(a->format, "raw") && strcmp(a->format, "json"))
		return cli_usage_error(cmd, "unknown format '%s'", a->format);
	if (a->pretty && strcmp(a->format, "json"))
		return cli_usage_error(cmd, "--pretty needs --format json");
	return CLI_EXIT_OK;
}

int cli_cmd_dump(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct dump_args a = { .format = "raw" };
	struct cli_input in;
	int status, err;

	status = parse_args(cmd, argc, argv, &a);
	status = cli_open_input(status, a.path, a.base_path, &in);
	if (!in.btf)
		return status;
	if (!strcmp(a.format, "json")) {
		struct btfx_dump_json_opts jo = {
			.sz = sizeof(jo),
			.flags = a.pretty ? BTFX_DUMP_JSON_PRETTY : 0,
		};

		err = btfx_dump_json(in.btf, cli_stdout_print, NULL, &jo);
	} else {
		err = btfx_dump_raw(in.btf, cli_stdout_print, NULL);
	}
	cli_close_input(&in);
	if (err)
		return cli_io_error("standard output", err);
	return cli_stdout_finish(CLI_EXIT_OK);
}
