// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_validate.c - `btfx validate FILE [--base BASE] [--target T] [--all]
 * [--json] [--as-loaded]`: the kernel's verdict on FILE, offline.
 *
 * Raw BTF is validated byte for byte, as BPF_BTF_LOAD would get it
 * (btfx_validate_raw()).  A gzip stream or an ELF object is read by the
 * reader first and its types validated as they would be written in the
 * host's byte order (btfx_validate()): the reader's own checks then stand
 * in for the header rules.  Exit status: 0 valid, 1 invalid, 2 usage or
 * I/O error.  Problems go to standard output, one line each, or one JSON
 * object per line with --json.
 *
 * --as-loaded takes an ELF object file as libbpf loads it: placed as a
 * linker places it (btfx_link_add_elf(), no dedup), then rewritten as
 * libbpf rewrites it (btfx_prepare_load(): the .kconfig and .ksyms
 * externs).  Without it, a compiler's object whose DATASECs are unplaced
 * or whose externs are refused gets a line on standard error about it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct validate_args {
	const char *path;
	const char *base_path;
	const char *target;
	int all, json, as_loaded;
};

struct validate_out {
	const char *path;
	const char *target; /* named in each line when several targets are checked, else NULL */
	int json;
	int for_loader; /* reported: a DATASEC of size 0 or an extern (the loader fixes them) */
	int hinted;	/* the hint for for_loader was printed (once for all targets) */
};

static const char *const targets[] = {
	[BTFX_TARGET_CURRENT] = "current", [BTFX_TARGET_2026] = "2026", [BTFX_TARGET_6_12] = "6.12",
	[BTFX_TARGET_6_1] = "6.1",	   [BTFX_TARGET_5_15] = "5.15", [BTFX_TARGET_5_10] = "5.10",
};

/* A JSON string: bytes past ASCII are taken as Latin-1, so the output is always valid. */
static void json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static int print_problem(const struct btfx_problem *p, void *ctx)
{
	struct validate_out *o = ctx;
	const char *kind = p->kind ? btfx_kind_str(p->kind) : "";

	o->for_loader |= !strcmp(p->rule, "datasec-size") || !strcmp(p->rule, "var-linkage") ||
			 !strcmp(p->rule, "func-linkage");
	if (!o->json) {
		printf("%s", o->path);
		if (o->target)
			printf(" (%s)", o->target);
		if (p->type_id || p->kind)
			printf(": [%u] %s '%s': %s (%s)\n", p->type_id, kind, p->name, p->msg,
			       p->rule);
		else
			printf(": %s (%s)\n", p->msg, p->rule);
		return 0;
	}
	printf("{\"file\": ");
	json_str(o->path);
	if (o->target) {
		printf(", \"target\": ");
		json_str(o->target);
	}
	printf(", \"id\": %u, \"kind\": ", p->type_id);
	json_str(kind);
	printf(", \"name\": ");
	json_str(p->name);
	printf(", \"rule\": ");
	json_str(p->rule);
	printf(", \"message\": ");
	json_str(p->msg);
	printf("}\n");
	return 0;
}

/* The targets in the order they are checked and printed: newest first. */
static const uint32_t order[] = { BTFX_TARGET_CURRENT, BTFX_TARGET_2026, BTFX_TARGET_6_12,
				  BTFX_TARGET_6_1,     BTFX_TARGET_5_15, BTFX_TARGET_5_10 };
#define NR_ORDER (sizeof(order) / sizeof(order[0]))
#define FIRST_LTS 2 /* order[FIRST_LTS..]: the long-term kernels, "lts" */

/*
 * --target's value: one target, a comma-separated list, or "lts" (each of
 * the long-term kernels) into *mask (a bit per BTFX_TARGET_*): 0, or -1
 * at an unknown name.
 */
static int parse_targets(const char *val, uint32_t *mask)
{
	size_t i, n;
	uint32_t t;

	*mask = 0;
	while (*val) {
		n = strcspn(val, ",");
		if (n == 3 && !strncmp(val, "lts", 3)) {
			for (i = FIRST_LTS; i < NR_ORDER; i++)
				*mask |= 1u << order[i];
		} else {
			for (t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
				if (strlen(targets[t]) == n && !strncmp(val, targets[t], n))
					break;
			if (t == sizeof(targets) / sizeof(targets[0]))
				return -1;
			*mask |= 1u << t;
		}
		val += n + (val[n] == ',');
	}
	return *mask ? 0 : -1;
}

static int parse_args(const struct cli_cmd *cmd, int argc, char **argv, struct validate_args *a,
		      uint32_t *mask)
{
	const struct cli_opt opts[] = {
		{ "--base", &a->base_path, NULL },
		{ "--target", &a->target, NULL },
		{ "--all", NULL, &a->all },
		{ "--json", NULL, &a->json },
		{ "--as-loaded", NULL, &a->as_loaded },
		{ NULL, NULL, NULL },
	};
	int status = cli_parse(cmd, argc, argv, opts, &a->path, 1);

	if (status != CLI_EXIT_OK)
		return status;
	if (a->as_loaded && a->base_path)
		return cli_usage_error(cmd, "--as-loaded takes an object file, without --base");
	if (!parse_targets(a->target, mask))
		return CLI_EXIT_OK;
	return cli_usage_error(cmd,
			       "unknown target in '%s' (current, 2026, 6.12, 6.1, 5.15, 5.10 or "
			       "lts, or several with commas)",
			       a->target);
}

/* Raw BTF of either byte order starts with the magic. */
static int is_raw(const void *data, size_t len)
{
	const unsigned char *d = data;

	return len >= 2 && ((d[0] == 0x9f && d[1] == 0xeb) || (d[0] == 0xeb && d[1] == 0x9f));
}

/* gzip or ELF: the reader's object, validated as it would be written.  An exit status. */
static int validate_object(const struct validate_args *a, struct btfx *base,
			   const struct btfx_validate_opts *o, int *ret)
{
	struct btfx *btf = NULL;
	int status;

	if (!strcmp(a->path, "-")) {
		fprintf(stderr, "btfx: validate: standard input must be raw BTF\n");
		return CLI_EXIT_USAGE;
	}
	/* The reader's refusal is printed as an error line: the input is bad. */
	if ((status = cli_load(a->path, base, &btf)) != CLI_EXIT_OK)
		return status;
	*ret = btfx_validate(btf, o);
	btfx_free(btf);
	return CLI_EXIT_OK;
}

/*
 * --as-loaded: the ELF object data as libbpf loads it (placed as a linker
 * places it, externs rewritten as libbpf does), validated.  An exit status.
 */
static int validate_as_loaded(const struct validate_args *a, const void *data, size_t len,
			      const struct btfx_validate_opts *o, int *ret)
{
	const struct btfx_link_opts lo = { .sz = sizeof(lo), .flags = BTFX_LINK_NO_DEDUP };
	struct btfx_link *link = btfx_link_new(&lo);
	struct btfx *btf = NULL;
	int err;

	if (!link)
		return cli_io_error(a->path, -ENOMEM);
	err = btfx_link_add_elf(link, data, len, a->path, NULL);
	if (err >= 0)
		err = btfx_link_finish(link, &btf);
	if (err) {
		fprintf(stderr, "btfx: validate: %s\n", btfx_link_errmsg(link));
	} else if ((err = btfx_link_prepare_load(link))) {
		fprintf(stderr, "btfx: validate: %s: %s\n", a->path, btfx_errmsg(btf));
	} else {
		*ret = btfx_validate(btf, o);
	}
	btfx_link_free(link);
	if (err == -ENOMEM)
		return cli_io_error(a->path, err);
	return err ? CLI_EXIT_BAD : CLI_EXIT_OK;
}

/* Validate FILE; an exit status. */
static int run(const struct validate_args *a, struct btfx *base, const struct btfx_validate_opts *o,
	       uint32_t target)
{
	void *data = NULL;
	size_t len = 0;
	int ret, status, elf = 0;

	if ((ret = cli_read_file(a->path, &data, &len)))
		return cli_io_error(a->path, ret);
	if (a->as_loaded) {
		status = cli_is_elf(data, len) ?
				 validate_as_loaded(a, data, len, o, &ret) :
				 cli_usage_error(NULL, "%s: --as-loaded takes an ELF object file",
						 a->path);
		free(data);
		if (status != CLI_EXIT_OK)
			return status;
	} else if (is_raw(data, len)) {
		ret = btfx_validate_raw(data, len, o);
		free(data);
	} else {
		elf = cli_is_elf(data, len);
		free(data);
		if ((status = validate_object(a, base, o, &ret)) != CLI_EXIT_OK)
			return status;
	}
	if (ret < 0)
		return cli_io_error(a->path, ret);
	/* A compiler's object: placed, and its externs rewritten, on the way to the kernel. */
	if (elf && ((const struct validate_out *)o->ctx)->for_loader &&
	    !((struct validate_out *)o->ctx)->hinted++)
		fprintf(stderr,
			"btfx: validate: %s: a compiler leaves an object's DATASECs unplaced (size "
			"0) and its externs for the linker or loader (libbpf) to place; `btfx "
			"validate --as-loaded %s` validates it as libbpf will load it\n",
			a->path, a->path);
	if (!ret && !a->json)
		printf("%s: valid for the %s kernel\n", a->path, targets[target]);
	return ret ? CLI_EXIT_BAD : CLI_EXIT_OK;
}

int cli_cmd_validate(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct validate_args a = { .target = "current" };
	struct btfx_validate_opts o = { .sz = sizeof(o) };
	struct validate_out out;
	struct btfx *base = NULL;
	uint32_t i, target, mask = 0;
	int status, st;

	status = parse_args(cmd, argc, argv, &a, &mask);
	if (status < 0)
		return cli_stdout_finish(CLI_EXIT_OK);
	if (status != CLI_EXIT_OK)
		return status;
	if (a.base_path && (status = cli_load(a.base_path, NULL, &base)) != CLI_EXIT_OK)
		return status == CLI_EXIT_BAD ? CLI_EXIT_USAGE : status;
	out.path = a.path;
	out.json = a.json;
	out.target = NULL;
	out.hinted = 0;
	o.flags = a.all ? BTFX_VALIDATE_ALL : 0;
	o.base = base;
	o.report = print_problem;
	o.ctx = &out;
	/* Each target in turn, newest first: the worst status. */
	for (i = 0; i < NR_ORDER; i++) {
		target = order[i];
		if (!(mask >> target & 1))
			continue;
		if (mask & (mask - 1))
			out.target = targets[target];
		out.for_loader = 0;
		o.target = target;
		st = run(&a, base, &o, target);
		status = st > status ? st : status; /* OK < BAD < USAGE */
		if (st == CLI_EXIT_USAGE)
			break;
	}
	btfx_free(base);
	return cli_stdout_finish(status);
}
