// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_convert.c - `btfx convert IN -o OUT [--endian little|big|native]
 * [--gzip[=LEVEL]] [--layout]`: write IN's own types as raw BTF in the byte
 * order asked for (IN's own by default), optionally gzip-compressed, to OUT
 * through btfx_write() and a path sink: a temporary file renamed at the
 * end, so a failed run leaves no part of OUT; "-" is standard output.
 * Write errors (ENOSPC, EPIPE: SIGPIPE is ignored by main()) exit 2 with a
 * message naming the output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct convert_args {
	const char *path;
	const char *out;
	const char *endian;
	const char *into;
	int gzip_level; /* -2: no gzip */
	int layout;
	int elf;
};

/*
 * Take --gzip and --gzip=LEVEL out of argv (cli_parse() would read the next
 * argument as the value of a bare --gzip).  Returns CLI_EXIT_OK or a usage
 * error.
 */
static int take_gzip(const struct cli_cmd *cmd, int *argc, char **argv, int *level)
{
	int i, j;

	*level = -2;
	for (i = j = 1; i < *argc; i++) {
		const char *a = argv[i];
		char *end;
		long v;

		if (strcmp(a, "--gzip") && strncmp(a, "--gzip=", 7)) {
			argv[j++] = argv[i];
			continue;
		}
		*level = -1;
		if (!a[6])
			continue;
		errno = 0;
		v = strtol(a + 7, &end, 10);
		if (!a[7] || *end || v < 1 || v > 9)
			return cli_usage_error(cmd, "--gzip level '%s' is not 1 to 9", a + 7);
		*level = (int)v;
	}
	*argc = j;
	argv[j] = NULL;
	return CLI_EXIT_OK;
}

static int parse_endian(const struct cli_cmd *cmd, const char *s, uint32_t *endian)
{
	if (!s)
		*endian = BTFX_ENDIAN_SOURCE;
	else if (!strcmp(s, "little"))
		*endian = BTFX_ENDIAN_LITTLE;
	else if (!strcmp(s, "big"))
		*endian = BTFX_ENDIAN_BIG;
	else if (!strcmp(s, "native"))
		*endian = BTFX_ENDIAN_NATIVE;
	else
		return cli_usage_error(cmd, "--endian must be little, big or native, not '%s'", s);
	return CLI_EXIT_OK;
}

static int parse_args(const struct cli_cmd *cmd, int argc, char **argv, struct convert_args *a,
		      struct btfx_write_opts *o)
{
	const struct cli_opt opts[] = {
		{ "-o", &a->out, NULL },
		{ "--endian", &a->endian, NULL },
		{ "--layout", NULL, &a->layout },
		{ "--elf", NULL, &a->elf },
		{ "--into", &a->into, NULL },
		{ NULL, NULL, NULL },
	};
	int status = take_gzip(cmd, &argc, argv, &a->gzip_level);

	if (status == CLI_EXIT_OK)
		status = cli_parse(cmd, argc, argv, opts, &a->path, 1);
	if (status != CLI_EXIT_OK)
		return status;
	if (a->elf || a->into)
		return cli_usage_error(cmd, "%s: ELF output is not supported yet",
				       a->elf ? "--elf" : "--into");
	if (!a->out)
		return cli_usage_error(cmd, "no output file (-o OUT)");
	o->flags = a->layout ? BTFX_WRITE_LAYOUT : 0;
	return parse_endian(cmd, a->endian, &o->endian);
}

/*
 * OUT's sink: the path sink (*file), behind a gzip filter when asked.
 * NULL after a message.
 */
static struct btfx_sink *open_output(const struct convert_args *a, struct btfx_sink **file)
{
	struct btfx_sink *s = btfx_sink_path(a->out, NULL), *g;

	*file = s;
	if (!s || a->gzip_level == -2) {
		if (!s)
			cli_io_error(a->out, errno);
		return s;
	}
	g = btfx_sink_gzip(s, a->gzip_level, NULL);
	if (!g) {
		cli_io_error(a->out, errno);
		btfx_sink_abort(s);
	}
	return g;
}

/*
 * Finish the gzip stream (if any), then the file, and free both; a failure
 * prints the sink's message, which names OUT and the step that failed.
 */
static int close_output(struct btfx_sink *sink, struct btfx_sink *file)
{
	int err = btfx_sink_finish(sink);

	if (err)
		fprintf(stderr, "btfx: %s\n", btfx_sink_errmsg(sink));
	else if (file != sink && (err = btfx_sink_finish(file)))
		fprintf(stderr, "btfx: %s\n", btfx_sink_errmsg(file));
	if (file != sink)
		btfx_sink_abort(sink);
	btfx_sink_abort(file);
	return err ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

int cli_cmd_convert(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct convert_args a = { 0 };
	struct btfx_write_opts o = { .sz = sizeof(o) };
	struct btfx_sink *sink, *file;
	struct cli_input in;
	int status, err;

	status = parse_args(cmd, argc, argv, &a, &o);
	status = cli_open_input(status, a.path, NULL, &in);
	if (!in.btf)
		return status;
	sink = open_output(&a, &file);
	if (!sink) {
		cli_close_input(&in);
		return CLI_EXIT_USAGE;
	}
	err = btfx_write(in.btf, sink, &o);
	if (err) {
		fprintf(stderr, "btfx: %s\n", btfx_errmsg(in.btf));
		if (file != sink)
			btfx_sink_abort(sink);
		btfx_sink_abort(file);
		cli_close_input(&in);
		return err == -ENOTSUP ? CLI_EXIT_BAD : CLI_EXIT_USAGE;
	}
	cli_close_input(&in);
	return close_output(sink, file);
}
