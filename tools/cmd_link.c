// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_link.c - `btfx link -o OUT IN... [--elf] [--as-loaded]`: link the BTF
 * and .BTF.ext of the inputs (ELF objects, whose section headers and
 * symbols place them, or raw BTF) as a static linker does, deduplicated;
 * with --as-loaded, then rewritten as libbpf rewrites an object's BTF
 * before loading it (btfx_prepare_load(): its externs).  OUT gets the
 * raw BTF and OUT.ext the .BTF.ext (when any input had records); with
 * --elf, OUT is one ELF object holding .BTF and .BTF.ext.  Every output is
 * written through a temporary file and a rename, without fsync() (as
 * linkers write their outputs).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int add_input(struct btfx_link *link, const char *path)
{
	void *data = NULL;
	size_t len = 0;
	int err = cli_read_file(path, &data, &len);

	if (err)
		return cli_io_error(path, err);
	if (cli_is_elf(data, len))
		err = btfx_link_add_elf(link, data, len, path, NULL);
	else
		err = btfx_link_add_raw(link, data, len, path, NULL);
	free(data);
	if (err < 0) {
		fprintf(stderr, "btfx: %s\n", btfx_link_errmsg(link));
		return err == -ENOMEM ? CLI_EXIT_USAGE : CLI_EXIT_BAD;
	}
	return CLI_EXIT_OK;
}

/* Write OUT (and OUT.ext), or with elf the one ELF object. */
static int write_outputs(struct btfx_link *link, const char *out, int elf)
{
	const void *ext;
	size_t ext_len;
	struct btfx_sink *s;
	char *ext_path;
	int err;

	if (!elf) {
		/* a temporary file and a rename, no fsync(): as linkers write */
		s = btfx_sink_path(out, NULL);
		err = s ? btfx_write(btfx_link_btf(link), s, NULL) : -errno;
		if (!err)
			err = btfx_sink_finish(s);
		if (err)
			fprintf(stderr, "btfx: %s: %s\n", out, s ? btfx_sink_errmsg(s) : strerror(-err));
		if (s)
			btfx_sink_close(s);
		if (err)
			return CLI_EXIT_USAGE;
		btfx_link_ext_data(link, &ext, &ext_len);
		if (!ext_len)
			return CLI_EXIT_OK;
	}
	ext_path = malloc(strlen(out) + 5);
	if (!ext_path)
		return CLI_EXIT_USAGE;
	sprintf(ext_path, elf ? "%s" : "%s.ext", out);
	s = btfx_sink_path(ext_path, NULL);
	err = s ? 0 : -errno;
	if (!err)
		err = elf ? btfx_link_write_elf(link, s, NULL) : btfx_link_write_ext(link, s);
	if (!err)
		err = btfx_sink_finish(s);
	if (err)
		fprintf(stderr, "btfx: %s: %s\n", ext_path,
			s ? btfx_sink_errmsg(s) : strerror(-err));
	if (s)
		btfx_sink_close(s);
	free(ext_path);
	return err ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

int cli_cmd_link(const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *out = NULL;
	struct btfx_link *link;
	int i, elf = 0, as_loaded = 0, nin = 0, status = CLI_EXIT_OK;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			cli_print_usage(cmd);
			return CLI_EXIT_OK;
		}
		if (!strcmp(argv[i], "--elf"))
			elf = 1;
		else if (!strcmp(argv[i], "--as-loaded"))
			as_loaded = 1;
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
		else
			nin++;
	}
	if (!out || !nin)
		return cli_usage_error(cmd, !out ? "no output file (-o OUT)" : "no input");
	link = btfx_link_new(NULL);
	if (!link) {
		fprintf(stderr, "btfx: link: %s\n", strerror(errno));
		return CLI_EXIT_USAGE;
	}
	for (i = 1; i < argc && status == CLI_EXIT_OK; i++) {
		if (!strcmp(argv[i], "-o"))
			i++;
		else if (strcmp(argv[i], "--elf") && strcmp(argv[i], "--as-loaded"))
			status = add_input(link, argv[i]);
	}
	if (status == CLI_EXIT_OK && btfx_link_finish(link, NULL)) {
		fprintf(stderr, "btfx: link: %s\n", btfx_link_errmsg(link));
		status = CLI_EXIT_BAD;
	}
	/* Only new types are added (dummy_ksym): .BTF.ext's ids still hold. */
	if (status == CLI_EXIT_OK && as_loaded && btfx_link_prepare_load(link)) {
		fprintf(stderr, "btfx: link: %s\n", btfx_errmsg(btfx_link_btf(link)));
		status = CLI_EXIT_BAD;
	}
	if (status == CLI_EXIT_OK)
		status = write_outputs(link, out, elf);
	btfx_link_free(link);
	return status;
}
