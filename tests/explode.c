// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * explode.c - make a dedup input from deduplicated BTF:
 *
 *     explode [-k K] [-f PERCENT] [-s SEED] [-q] IN -o OUT
 *
 * IN (raw BTF or an ELF object with .BTF, e.g. /sys/kernel/btf/vmlinux)
 * is spread over K compile units, each with its own copy of every type it
 * reaches; in each, PERCENT% of the structs it reaches only through
 * pointers become FWDs (chosen by SEED).  The units are concatenated and
 * written to OUT as raw BTF in host byte order (explode_lib.h).  A line
 * of figures goes to standard output unless -q.
 *
 * Exit status: 0; 1 when reading, exploding or writing fails; 2 on bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "explode_lib.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: explode [-k K] [-f PERCENT] [-s SEED] [-q] IN -o OUT\n"
		   "  -k K        compile units (default 16)\n"
		   "  -f PERCENT  pointer-only structs made FWDs in each unit (default 0)\n"
		   "  -s SEED     which ones (default 1)\n"
		   "  -q          no figures on standard output\n");
}

static int num(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return !*s || *end || errno || *v > max || *s == '-' ? -1 : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(const char *in, const char *outp, const struct explode_opts *o, int quiet)
{
	struct explode_stats st;
	struct btfx *src = btfx_new(), *out = NULL;
	double t0 = now_s(), t1;
	size_t size = 0;
	int r;

	if (!src)
		return perror("explode"), 1;
	r = btfx_load_file(src, in, NULL);
	if (r < 0) {
		fprintf(stderr, "explode: %s: %s (%s)\n", in, btfx_strerror(r), btfx_errmsg(src));
		btfx_free(src);
		return 1;
	}
	r = explode(src, o, &out, &st);
	if (r < 0)
		fprintf(stderr, "explode: %s (%s)\n", btfx_strerror(r), btfx_errmsg(out));
	t1 = now_s();
	if (!r && (r = btfx_write_file(out, outp, NULL)) < 0)
		fprintf(stderr, "explode: %s: %s (%s)\n", outp, btfx_strerror(r), btfx_errmsg(out));
	if (!r && !quiet) {
		btfx_raw_size(out, NULL, &size);
		printf("explode: %u types, %u roots, %u units: %llu types (%llu FWDs, largest unit "
		       "%u), %zu bytes; %.3f s to explode, %.3f s in all\n",
		       st.in_types, st.roots, o->k, (unsigned long long)st.out_types,
		       (unsigned long long)st.fwds, st.max_cu, size, t1 - t0, now_s() - t0);
	}
	btfx_free(out);
	btfx_free(src);
	return r ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct explode_opts o = { .k = 16, .fwd_pct = 0, .seed = 1 };
	unsigned long long v;
	const char *outp = NULL;
	int c, quiet = 0;

	while ((c = getopt(argc, argv, "k:f:s:o:qh")) != -1) {
		switch (c) {
		case 'k':
			if (num(optarg, 1u << 24, &v) || !v)
				return usage(stderr), 2;
			o.k = (uint32_t)v;
			break;
		case 'f':
			if (num(optarg, 100, &v))
				return usage(stderr), 2;
			o.fwd_pct = (uint32_t)v;
			break;
		case 's':
			if (num(optarg, ~0ull, &v))
				return usage(stderr), 2;
			o.seed = v;
			break;
		case 'o':
			outp = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			return usage(stdout), 0;
		default:
			return usage(stderr), 2;
		}
	}
	if (optind != argc - 1 || !outp)
		return usage(stderr), 2;
	return run(argv[optind], outp, &o, quiet);
}
