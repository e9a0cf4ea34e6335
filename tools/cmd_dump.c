// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_dump.c - `btfx dump FILE [--format raw|c|json] [--base BASE]
 * [--type NAME]...`.
 *
 * raw prints exactly what `bpftool btf dump file FILE [-B BASE]` prints;
 * c prints the C header of `bpftool btf dump file FILE format c`, or with
 * --type only the types of those names and what they need; json what
 * `bpftool -j` prints (`bpftool -p` with --pretty).
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "cli.h"

struct dump_args {
	const char *path;
	const char *base_path;
	const char *format;
	const char **types; /* --type NAMEs */
	int ntypes;
	int pretty; /* --pretty: indented JSON */
};

/*
 * Take every "--type NAME" and "--type=NAME" out of argv (cli_parse() keeps
 * one value per option); returns the new argc, or -1 after a usage error.
 */
static int take_types(const struct cli_cmd *cmd, int argc, char **argv, struct dump_args *a)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (i && !strcmp(argv[i], "--type")) {
			if (i + 1 >= argc) {
				cli_usage_error(cmd, "--type needs a type name");
				return -1;
			}
			a->types[a->ntypes++] = argv[++i];
			continue;
		}
		if (i && !strncmp(argv[i], "--type=", 7)) {
			a->types[a->ntypes++] = argv[i] + 7;
			continue;
		}
		argv[n++] = argv[i];
	}
	return n;
}

/* CLI_EXIT_OK, or a usage error (printed); -1 for --help (printed). */
static int parse_args(const struct cli_cmd *cmd, int argc, char **argv, struct dump_args *a)
{
	const struct cli_opt opts[] = {
		{ "--format", &a->format, NULL },
		{ "--base", &a->base_path, NULL },
		{ "--pretty", NULL, &a->pretty },
		{ NULL, NULL, NULL },
	};
	int status;

	argc = take_types(cmd, argc, argv, a);
	if (argc < 0)
		return CLI_EXIT_USAGE;
	status = cli_parse(cmd, argc, argv, opts, &a->path, 1);
	if (status != CLI_EXIT_OK)
		return status;
	if (strcmp(a->format, "raw") && strcmp(a->format, "c") && strcmp(a->format, "json"))
		return cli_usage_error(cmd, "unknown format '%s'", a->format);
	if (a->ntypes && strcmp(a->format, "c"))
		return cli_usage_error(cmd, "--type needs --format c");
	if (a->pretty && strcmp(a->format, "json"))
		return cli_usage_error(cmd, "--pretty needs --format json");
	return CLI_EXIT_OK;
}

/* Append the ids of every type named name; 0 when there is none. */
static int find_named(const struct btfx *btf, const char *name, uint32_t *ids, size_t *cnt)
{
	uint32_t id, n = btfx_type_cnt(btf);
	int found = 0;

	for (id = 1; id < n; id++) {
		const char *s = btfx_name_by_id(btf, id);

		if (s && !strcmp(s, name)) {
			ids[(*cnt)++] = id;
			found = 1;
		}
	}
	return found;
}

/* The ids of the --type names (*ids NULL: all types); an exit status. */
static int resolve_types(const struct dump_args *a, const struct btfx *btf, uint32_t **ids,
			 size_t *cnt)
{
	size_t i, cap = 0;

	*ids = NULL;
	*cnt = 0;
	if (!a->ntypes)
		return CLI_EXIT_OK;
	for (i = 0; i < (size_t)a->ntypes; i++)
		cap += btfx_type_cnt(btf);
	*ids = malloc(cap * sizeof(**ids) + 1);
	if (!*ids)
		return cli_io_error("memory", -ENOMEM);
	for (i = 0; i < (size_t)a->ntypes; i++) {
		if (find_named(btf, a->types[i], *ids, cnt))
			continue;
		fprintf(stderr, "btfx: %s: no type named '%s'\n", a->path, a->types[i]);
		free(*ids);
		*ids = NULL;
		return CLI_EXIT_BAD;
	}
	return CLI_EXIT_OK;
}

static int dump_c(const struct dump_args *a, const struct btfx *btf)
{
	struct btfx_dump_c_opts opts = { .sz = sizeof(opts), .write = cli_stdout_print };
	int status, err;
	uint32_t *ids;
	size_t cnt;

	status = resolve_types(a, btf, &ids, &cnt);
	if (status != CLI_EXIT_OK)
		return status;
	opts.ids = ids;
	opts.ids_cnt = cnt;
	err = btfx_dump_c(btf, &opts);
	free(ids);
	if (err == -ELOOP || err == -ENOENT || err == -EINVAL) {
		fprintf(stderr, "btfx: %s: %s\n", a->path, btfx_errmsg(btf));
		return CLI_EXIT_BAD;
	}
	if (err)
		return cli_io_error("standard output", err);
	return CLI_EXIT_OK;
}

int cli_cmd_dump(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct dump_args a = { .format = "raw" };
	struct cli_input in;
	int status, err;

	a.types = calloc((size_t)argc + 1, sizeof(*a.types));
	if (!a.types)
		return cli_io_error("memory", -ENOMEM);
	status = parse_args(cmd, argc, argv, &a);
	status = cli_open_input(status, a.path, a.base_path, &in);
	if (!in.btf) {
		free(a.types);
		return status;
	}
	if (!strcmp(a.format, "c")) {
		status = dump_c(&a, in.btf);
	} else if (!strcmp(a.format, "json")) {
		struct btfx_dump_json_opts jo = {
			.sz = sizeof(jo),
			.flags = a.pretty ? BTFX_DUMP_JSON_PRETTY : 0,
		};

		err = btfx_dump_json(in.btf, cli_stdout_print, NULL, &jo);
		status = err ? cli_io_error("standard output", err) : CLI_EXIT_OK;
	} else {
		err = btfx_dump_raw(in.btf, cli_stdout_print, NULL);
		status = err ? cli_io_error("standard output", err) : CLI_EXIT_OK;
	}
	cli_close_input(&in);
	free(a.types);
	if (status != CLI_EXIT_OK)
		return status;
	return cli_stdout_finish(CLI_EXIT_OK);
}
