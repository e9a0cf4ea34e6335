/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * cli.h - what the commands of the btfx command line share: the command
 * table entry, exit codes, loading inputs, writing standard output, and
 * error lines.  Uses only the public API of libbtfx.
 */
#ifndef BTFX_CLI_H
#define BTFX_CLI_H

#include <stddef.h>
#include <btfx/btfx.h>

/* Exit status of every command. */
enum {
	CLI_EXIT_OK = 0,    /* success */
	CLI_EXIT_BAD = 1,   /* the input is bad, or a check failed */
	CLI_EXIT_USAGE = 2, /* usage or I/O error */
};

/* One command: `btfx NAME ARGS...`. */
struct cli_cmd {
	const char *name;
	const char *args;    /* argument synopsis, for usage lines */
	const char *summary; /* one line for --help */
	/* argv[0] is the command name; returns a CLI_EXIT_* status. */
	int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
};

int cli_cmd_dump(const struct cli_cmd *cmd, int argc, char **argv);
int cli_cmd_stats(const struct cli_cmd *cmd, int argc, char **argv);
int cli_cmd_dedup(const struct cli_cmd *cmd, int argc, char **argv);
int cli_cmd_convert(const struct cli_cmd *cmd, int argc, char **argv);
int cli_cmd_link(const struct cli_cmd *cmd, int argc, char **argv);
int cli_cmd_validate(const struct cli_cmd *cmd, int argc, char **argv);
int cli_cmd_diff(const struct cli_cmd *cmd, int argc, char **argv);

/* "btfx: <message>" on standard error; returns CLI_EXIT_USAGE. */
int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The usage line of a command on standard output (for CMD --help). */
void cli_print_usage(const struct cli_cmd *cmd);

/* Is arg "-h" or "--help"? */
int cli_is_help(const char *arg);

/* An option of a command: a flag (sets *flag to 1) or one with a value. */
struct cli_opt {
	const char *name;   /* "--json" */
	const char **value; /* "--name VALUE" or "--name=VALUE" sets *value */
	int *flag;          /* or, for a flag, this is set to 1 */
};

/*
 * Parse a command's arguments (argv[0] is its name): the options of opts
 * (ended by a {NULL} entry) and exactly npos positional arguments, stored
 * in pos[] ("-" is positional).  Returns CLI_EXIT_OK; CLI_EXIT_USAGE after
 * printing a usage error; -1 after printing the usage for -h/--help.
 */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, const struct cli_opt *opts,
	      const char **pos, int npos);

/*
 * Load an input file ("-" is standard input) over an optional base.  On
 * success *out is the object (btfx_free() it) and CLI_EXIT_OK is returned;
 * on failure an error line is printed and CLI_EXIT_BAD (the input is bad)
 * or CLI_EXIT_USAGE (it could not be read) is returned.
 */
int cli_load(const char *path, const struct btfx *base, struct btfx **out);

/*
 * cli_load() of path over the object loaded from base_path (when not NULL).
 * On success the caller frees *out, then *base_out (NULL without a base).
 */
int cli_load_with_base(const char *path, const char *base_path, struct btfx **base_out,
		       struct btfx **out);

/* The objects a command reads: FILE, over BASE when one was given. */
struct cli_input {
	struct btfx *btf;
	struct btfx *base;
};

/*
 * What every command reading FILE [--base BASE] does after cli_parse():
 * parse_status -1 (help printed) ends with success, another non-OK status
 * ends with it, else FILE is loaded over BASE.  Returns the exit status;
 * in->btf is NULL when the command must return it now, else the caller
 * goes on and releases the objects with cli_close_input().
 */
int cli_open_input(int parse_status, const char *path, const char *base_path,
		   struct cli_input *in);
void cli_close_input(struct cli_input *in);

/* A btfx_print_fn writing to standard output. */
int cli_stdout_print(void *ctx, const char *text, size_t len);

/*
 * Flush standard output; print an error line and return CLI_EXIT_USAGE if
 * any write failed, else return status.
 */
int cli_stdout_finish(int status);

/* The whole of path ("-": standard input) in a malloc'd buffer: 0 or -errno. */
int cli_read_file(const char *path, void **data, size_t *len);

/* data starts as an ELF object does. */
int cli_is_elf(const void *data, size_t len);

/* "btfx: what: strerror(-err)" on standard error; returns CLI_EXIT_USAGE. */
int cli_io_error(const char *what, int err);

#endif /* BTFX_CLI_H */
