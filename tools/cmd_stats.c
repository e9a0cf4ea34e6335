// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cmd_stats.c - `btfx stats FILE [--json] [--base BASE]`: the object's own
 * types by kind (count, trailing records, bytes), its strings, and the size
 * of a classic blob holding them.
 *
 * The table lists the kinds present; --json lists every kind libbtfx knows
 * (count 0 included) and any other kind present, so that scripts see one
 * shape.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct stats_args {
	const char *path;
	const char *base_path;
	int json;
};

/* A kind's name; unknown kinds are "KIND_<n>". */
static const char *kind_name(unsigned int kind, char *buf, size_t len)
{
	if (kind > BTFX_KIND_UNKN && kind < BTFX_NR_KINDS)
		return btfx_kind_str(kind);
	snprintf(buf, len, "KIND_%u", kind);
	return buf;
}

static void print_table(const struct btfx_stats *st)
{
	char buf[32];
	unsigned int k;
	uint64_t vlen = 0;

	printf("%-12s %10s %10s %12s\n", "kind", "count", "vlen", "bytes");
	for (k = 0; k <= BTFX_MAX_KIND; k++) {
		const struct btfx_kind_stats *ks = &st->kinds[k];

		vlen += ks->vlen;
		if (!ks->count)
			continue;
		printf("%-12s %10" PRIu32 " %10" PRIu32 " %12" PRIu64 "\n",
		       kind_name(k, buf, sizeof(buf)), ks->count, ks->vlen, ks->bytes);
	}
	printf("%-12s %10" PRIu32 " %10" PRIu64 " %12" PRIu64 "\n", "types", st->type_cnt, vlen,
	       st->type_bytes);
	printf("%-12s %10" PRIu32 " %10s %12" PRIu64 "\n", "strings", st->str_cnt, "",
	       st->str_bytes);
	printf("%-12s %10s %10s %12" PRIu64 "\n", "total", "", "", st->total_bytes);
}

static void print_json(const struct btfx_stats *st)
{
	const char *sep = "";
	char buf[32];
	unsigned int k;

	printf("{\n  \"types\": {\"count\": %" PRIu32 ", \"bytes\": %" PRIu64 "},\n",
	       st->type_cnt, st->type_bytes);
	printf("  \"strings\": {\"count\": %" PRIu32 ", \"bytes\": %" PRIu64 "},\n",
	       st->str_cnt, st->str_bytes);
	printf("  \"total_bytes\": %" PRIu64 ",\n  \"kinds\": {", st->total_bytes);
	for (k = 0; k <= BTFX_MAX_KIND; k++) {
		const struct btfx_kind_stats *ks = &st->kinds[k];
		int known = k > BTFX_KIND_UNKN && k < BTFX_NR_KINDS;

		if (!known && !ks->count)
			continue;
		printf("%s\n    \"%s\": {\"count\": %" PRIu32 ", \"vlen\": %" PRIu32
		       ", \"bytes\": %" PRIu64 "}",
		       sep, kind_name(k, buf, sizeof(buf)), ks->count, ks->vlen, ks->bytes);
		sep = ",";
	}
	printf("\n  }\n}\n");
}

/* CLI_EXIT_OK, or a usage error (printed); -1 for --help (printed). */
static int parse_args(const struct cli_cmd *cmd, int argc, char **argv, struct stats_args *a)
{
	const struct cli_opt opts[] = {
		{ "--json", NULL, &a->json },
		{ "--base", &a->base_path, NULL },
		{ NULL, NULL, NULL },
	};

	return cli_parse(cmd, argc, argv, opts, &a->path, 1);
}

int cli_cmd_stats(const struct cli_cmd *cmd, int argc, char **argv)
{
	struct stats_args a = { 0 };
	struct btfx_stats st;
	struct cli_input in;
	int status, err;

	status = parse_args(cmd, argc, argv, &a);
	status = cli_open_input(status, a.path, a.base_path, &in);
	if (!in.btf)
		return status;
	memset(&st, 0, sizeof(st));
	st.sz = sizeof(st);
	err = btfx_stats(in.btf, &st);
	cli_close_input(&in);
	if (err) {
		fprintf(stderr, "btfx: %s: %s\n", a.path, btfx_strerror(err));
		return CLI_EXIT_USAGE;
	}
	if (a.json)
		print_json(&st);
	else
		print_table(&st);
	return cli_stdout_finish(CLI_EXIT_OK);
}
