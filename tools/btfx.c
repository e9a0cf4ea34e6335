// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btfx.c - the btfx command line: the command table, global options, and
 * the helpers every command shares (cli.h).
 *
 * Exit status: 0 success, 1 the input is bad or a check failed, 2 usage or
 * I/O error.  Errors go to standard error, one line each, "btfx: ...".
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define PROG "btfx"
#define STDOUT_BUF_LEN (1u << 20)

/* New commands slot in here, in the order --help lists them. */
static const struct cli_cmd commands[] = {
	{ "dump", "FILE [--format raw|c|json] [--pretty] [--type NAME]... [--base BASE]",
	  "print the types (raw: as `bpftool btf dump file`, json: as `bpftool -j`)", cli_cmd_dump },
	{ "stats", "FILE [--json] [--base BASE]",
	  "count types and bytes by kind, and strings", cli_cmd_stats },
	{ "validate", "FILE [--base BASE] [--target T[,T...]] (T: current 2026 6.12 6.1 5.15 5.10 lts) [--all] [--json] [--as-loaded]",
	  "the kernel's verdict on FILE (exit 0 valid, 1 invalid), with each problem",
	  cli_cmd_validate },
	{ "dedup", "IN -o OUT [--base BASE]",
	  "deduplicate IN's types (as libbpf's btf__dedup) and write them to OUT", cli_cmd_dedup },
	{ "convert", "IN -o OUT [--endian little|big|native] [--gzip[=LEVEL]] [--layout] "
		     "[--elf [--elf32] [--machine bpf|host|N] | --into OBJ]",
	  "write IN's types to OUT (- is standard output) in a byte order, maybe gzipped",
	  cli_cmd_convert },
	{ "link", "-o OUT IN... [--elf] [--as-loaded]",
	  "link the BTF and .BTF.ext of objects (OUT, OUT.ext)", cli_cmd_link },
	{ "diff", "OLD NEW [--base BASE] [--json]",
	  "types added, removed and changed, bytes by kind and of the blob (exit 1 if any)",
	  cli_cmd_diff },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s COMMAND [ARGS...]\n"
		   "       %s --help | --version\n\n"
		   "Commands:\n", PROG, PROG);
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %s %s\n      %s\n", commands[i].name, commands[i].args,
			commands[i].summary);
	fprintf(f, "\nFILE is raw BTF (either byte order, or gzip-compressed) or an ELF object\n"
		   "with a .BTF section; - reads standard input.\n"
		   "Exit status: 0 success, 1 bad input, 2 usage or I/O error.\n");
}

void cli_print_usage(const struct cli_cmd *cmd)
{
	printf("Usage: %s %s %s\n  %s\n", PROG, cmd->name, cmd->args, cmd->summary);
}

int cli_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "%s: %s: %s (usage: %s %s %s)\n", PROG, cmd->name, msg, PROG,
			cmd->name, cmd->args);
	else
		fprintf(stderr, "%s: %s (try '%s --help')\n", PROG, msg, PROG);
	return CLI_EXIT_USAGE;
}

int cli_read_file(const char *path, void **data, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 1 << 12, n = 0, r;
	char *buf = NULL, *p;
	struct stat st;
	int err = 0;

	if (!f)
		return -errno;
	/* a regular file: its size (+1 to see the end), no growing */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size < SIZE_MAX / 4)
		cap = ((size_t)st.st_size + 1) / 2 + 1;
	do {
		if (!(p = realloc(buf, cap *= 2))) {
			err = -ENOMEM;
			break;
		}
		buf = p;
		n += (r = fread(buf + n, 1, cap - n, f));
	} while (r && n == cap);
	if (!err && ferror(f))
		err = -EIO;
	if (f != stdin)
		fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*len = n;
	return 0;
}

int cli_is_elf(const void *data, size_t len)
{
	return len >= 4 && !memcmp(data, "\177ELF", 4);
}

int cli_io_error(const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", PROG, what, strerror(err < 0 ? -err : err));
	return CLI_EXIT_USAGE;
}

/*
 * Match option name at argv[*i], as "NAME VALUE" or "NAME=VALUE".  Returns
 * 1 and *val (advancing *i past a separate value), 0 when argv[*i] is
 * another argument, -1 when the value is missing.
 */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, name, n))
		return 0;
	if (arg[n] == '=') {
		*val = arg + n + 1;
		return 1;
	}
	if (arg[n])
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
}

/* Is argv[*i] one of opts?  1 (consumed), 0 (not an option of ours), or an exit status. */
static int match_opt(const struct cli_cmd *cmd, int argc, char **argv, int *i,
		     const struct cli_opt *opts)
{
	const struct cli_opt *o;
	int r;

	for (o = opts; o && o->name; o++) {
		if (o->flag) {
			if (strcmp(argv[*i], o->name))
				continue;
			*o->flag = 1;
			return 1;
		}
		r = opt_value(argc, argv, i, o->name, o->value);
		if (r < 0)
			return -cli_usage_error(cmd, "%s needs a value", o->name);
		if (r)
			return 1;
	}
	return 0;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, const struct cli_opt *opts,
	      const char **pos, int npos)
{
	int i, n = 0, r;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			cli_print_usage(cmd);
			return -1;
		}
		r = match_opt(cmd, argc, argv, &i, opts);
		if (r < 0)
			return -r;
		if (r)
			continue;
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error(cmd, "unknown option '%s'", argv[i]);
		if (n == npos)
			return cli_usage_error(cmd, "extra argument '%s'", argv[i]);
		pos[n++] = argv[i];
	}
	if (n < npos)
		return cli_usage_error(cmd, "missing FILE");
	return CLI_EXIT_OK;
}

/* Does the library's error say the input itself is bad? */
static int is_input_error(int err)
{
	return err == -EBADMSG || err == -ENOTSUP || err == -EOPNOTSUPP || err == -E2BIG ||
	       err == -ENOENT;
}

/* "btfx: PATH: reason", without repeating the path the message starts with. */
static void load_error(const struct btfx *btf, const char *path, int err)
{
	const char *msg = btfx_errmsg(btf);
	size_t n = strlen(path);

	if (!msg || !*msg)
		msg = btfx_strerror(err);
	if (!strncmp(msg, path, n) && msg[n] == ':' && msg[n + 1] == ' ')
		fprintf(stderr, "%s: %s\n", PROG, msg);
	else
		fprintf(stderr, "%s: %s: %s\n", PROG, path, msg);
}

int cli_load(const char *path, const struct btfx *base, struct btfx **out)
{
	struct btfx_new_opts opts = { .sz = sizeof(opts), .base = base };
	struct btfx *btf;
	struct stat st;
	int err;

	*out = NULL;
	/* A missing file is an I/O error; -ENOENT from the loader is "no .BTF". */
	if (strcmp(path, "-") && stat(path, &st))
		return cli_io_error(path, errno);
	btf = btfx_new_opts(&opts);
	if (!btf)
		return cli_io_error(path, errno);
	err = btfx_load_file(btf, path, NULL);
	if (err) {
		load_error(btf, path, err);
		btfx_free(btf);
		return is_input_error(err) ? CLI_EXIT_BAD : CLI_EXIT_USAGE;
	}
	*out = btf;
	return CLI_EXIT_OK;
}

int cli_load_with_base(const char *path, const char *base_path, struct btfx **base_out,
		       struct btfx **out)
{
	int status;

	*base_out = NULL;
	*out = NULL;
	if (!base_path)
		return cli_load(path, NULL, out);
	if (!strcmp(path, "-") && !strcmp(base_path, "-"))
		return cli_usage_error(NULL, "FILE and BASE cannot both be standard input");
	status = cli_load(base_path, NULL, base_out);
	if (status == CLI_EXIT_OK)
		status = cli_load(path, *base_out, out);
	if (status != CLI_EXIT_OK) {
		btfx_free(*base_out);
		*base_out = NULL;
	}
	return status;
}

int cli_open_input(int parse_status, const char *path, const char *base_path,
		   struct cli_input *in)
{
	in->btf = NULL;
	in->base = NULL;
	if (parse_status < 0)
		return cli_stdout_finish(CLI_EXIT_OK);
	if (parse_status != CLI_EXIT_OK)
		return parse_status;
	return cli_load_with_base(path, base_path, &in->base, &in->btf);
}

void cli_close_input(struct cli_input *in)
{
	btfx_free(in->btf);
	btfx_free(in->base);
	in->btf = NULL;
	in->base = NULL;
}

int cli_stdout_print(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	errno = 0;
	if (fwrite(text, 1, len, stdout) != len)
		return errno ? -errno : -EIO;
	return 0;
}

int cli_stdout_finish(int status)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_io_error("standard output", errno ? errno : EIO);
	return status;
}

static const struct cli_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static char outbuf[STDOUT_BUF_LEN];
	const struct cli_cmd *cmd;

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	/* A reader that went away is a write error (EPIPE: exit 2), not a death by signal. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2)
		return cli_usage_error(NULL, "missing command");
	if (cli_is_help(argv[1])) {
		print_help(stdout);
		return cli_stdout_finish(CLI_EXIT_OK);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("%s (libbtfx) %s\n", PROG, btfx_version());
		return cli_stdout_finish(CLI_EXIT_OK);
	}
	if (argv[1][0] == '-')
		return cli_usage_error(NULL, "unknown option '%s'", argv[1]);
	cmd = find_command(argv[1]);
	if (!cmd)
		return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
	return cmd->run(cmd, argc - 1, argv + 1);
}
