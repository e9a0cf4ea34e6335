// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_convert.c - `btfx convert IN -o OUT [--endian little|big|native]
 * [--gzip[=LEVEL]] [--layout] [--elf [--elf32] [--machine M] | --into OBJ]`:
 * write IN's own types as raw BTF in the byte order asked for (IN's own by
 * default), optionally gzip-compressed, or as the .BTF section of a new
 * relocatable ELF object (--elf: btfx_write_elf()) or of a copy of an
 * existing one (--into: btfx_write_elf_into(), which is read whole first,
 * so OUT may be OBJ), to OUT through a path sink: a temporary file renamed
 * at the end, so a failed run leaves no part of OUT; "-" is standard output.
 * Write errors (ENOSPC, EPIPE: SIGPIPE is ignored by main()) exit 2 with a
 * message naming the output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

struct convert_args {
	const char *path;
	const char *out;
	const char *endian;
	const char *into;
	const char *machine;
	int gzip_level; /* -2: no gzip */
	int layout;
	int elf;
	int elf32;
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

/* The ELF options' combinations. */
static int check_elf_args(const struct cli_cmd *cmd, const struct convert_args *a)
{
	if (a->elf && a->into)
		return cli_usage_error(cmd, "--elf and --into exclude each other");
	if ((a->elf32 || a->machine) && !a->elf)
		return cli_usage_error(cmd, "%s needs --elf", a->elf32 ? "--elf32" : "--machine");
	if ((a->elf || a->into) && a->gzip_level != -2)
		return cli_usage_error(cmd, "--gzip cannot be combined with %s",
				       a->elf ? "--elf" : "--into");
	if (a->into && a->endian)
		return cli_usage_error(cmd, "--endian cannot be combined with --into (the BTF "
				       "takes the byte order of the object)");
	return CLI_EXIT_OK;
}

/* --machine bpf|host|NUMBER (0 to 65535; 0 is host). */
static int parse_machine(const struct cli_cmd *cmd, const char *s, uint32_t *machine)
{
	char *end;
	long v;

	if (!s || !strcmp(s, "host")) {
		*machine = BTFX_ELF_MACHINE_HOST;
		return CLI_EXIT_OK;
	}
	if (!strcmp(s, "bpf")) {
		*machine = BTFX_ELF_MACHINE_BPF;
		return CLI_EXIT_OK;
	}
	errno = 0;
	v = strtol(s, &end, 0);
	if (!*s || *end || errno || v < 0 || v > 0xffff)
		return cli_usage_error(cmd, "--machine must be bpf, host or 0 to 65535, not '%s'",
				       s);
	*machine = (uint32_t)v;
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
		{ "--elf32", NULL, &a->elf32 },
		{ "--machine", &a->machine, NULL },
		{ NULL, NULL, NULL },
	};
	int status = take_gzip(cmd, &argc, argv, &a->gzip_level);

	if (status == CLI_EXIT_OK)
		status = cli_parse(cmd, argc, argv, opts, &a->path, 1);
	if (status != CLI_EXIT_OK)
		return status;
	if ((status = check_elf_args(cmd, a)) != CLI_EXIT_OK)
		return status;
	if (!a->out)
		return cli_usage_error(cmd, "no output file (-o OUT)");
	o->flags = a->layout ? BTFX_WRITE_LAYOUT : 0;
	if (a->elf && (status = parse_machine(cmd, a->machine, &(uint32_t){ 0 })) != CLI_EXIT_OK)
		return status;
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

/* The whole of path, malloc'd; NULL after a message, errno set. */
static void *read_whole(const char *path, size_t *len_out)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY), err = 0;

	if (fd < 0 || fstat(fd, &st)) {
		err = errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err = EISDIR; /* not a regular file: nothing to add a section to */
		goto out;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		err = ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : EIO; /* shrank under us */
			goto out;
		}
		got += (size_t)n;
	}
out:
	if (fd >= 0)
		close(fd);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	*len_out = got;
	return buf;
}

/*
 * IN's types to the sink as asked: raw, --elf or --into.  0, a negative
 * errno (the message is btfx_errmsg()), or 1 when --into's file cannot be
 * read (the message is out).
 */
static int write_output(const struct convert_args *a, struct btfx *btf, struct btfx_sink *sink,
			const struct btfx_write_opts *o)
{
	struct btfx_elf_opts eo = { .sz = sizeof(eo), .endian = o->endian, .flags = o->flags };
	size_t len = 0;
	void *obj;
	int err;

	if (!a->elf && !a->into)
		return btfx_write(btf, sink, o);
	if (a->elf32)
		eo.flags |= BTFX_ELF_CLASS32;
	if (parse_machine(NULL, a->machine, &eo.machine) != CLI_EXIT_OK)
		return -EINVAL; /* checked by parse_args() */
	if (a->elf)
		return btfx_write_elf(btf, sink, &eo);
	obj = read_whole(a->into, &len);
	if (!obj) {
		cli_io_error(a->into, errno);
		return 1;
	}
	err = btfx_write_elf_into(btf, obj, len, sink, &eo);
	free(obj);
	return err;
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
	err = write_output(&a, in.btf, sink, &o);
	if (err > 0) {
		if (file != sink)
			btfx_sink_abort(sink);
		btfx_sink_abort(file);
		cli_close_input(&in);
		return CLI_EXIT_USAGE;
	}
	if (err) {
		fprintf(stderr, "btfx: %s\n", btfx_errmsg(in.btf));
		if (file != sink)
			btfx_sink_abort(sink);
		btfx_sink_abort(file);
		cli_close_input(&in);
		return err == -ENOTSUP || err == -EBADMSG ? CLI_EXIT_BAD : CLI_EXIT_USAGE;
	}
	cli_close_input(&in);
	return close_output(sink, file);
}
