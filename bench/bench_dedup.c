// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_dedup.c - btfx_dedup() against libbpf's btf__dedup(), side by side
 * in one run, on exploded vmlinux (tests/explode_lib.h) at several sizes.
 *
 *     bench_dedup [-k K[,K...]] [-f PCT] [-s SEED] [-n ROUNDS] [-i SRC] [--keep]
 *     bench_dedup [-n ROUNDS] FILE...
 *
 * The inputs are made first, each in a forked child, into a temporary
 * directory: SRC (default /sys/kernel/btf/vmlinux) spread over K compile
 * units (default 16, 64 and 1024) with PCT% of the pointer-only structs of
 * each unit made FWDs (default 50); or they are the FILEs given.
 *
 * Every measurement is one forked child running one side once: the whole
 * job of a dedup tool, with CLOCK_MONOTONIC read between its steps:
 *     read   btfx_new() + btfx_load_file()   | btf__parse_raw()
 *     dedup  btfx_dedup()                    | btf__dedup()
 *     write  btfx_raw_data() + write(2)      | btf__raw_data() + write(2)
 * (freeing is not timed), and its peak RSS (VmHWM of /proc/self/status,
 * reset first through /proc/self/clear_refs, less the RSS at the start).
 * Rounds alternate which side runs first; the table gives medians, the
 * ratios libbtfx/libbpf and the goals (time 0.5, memory 1.0), then a table
 * of how both scale with the input.
 *
 * Exit status: 0; 1 when a library call fails or the two sides' results
 * have different type counts (a missed goal prints MISSED but does not
 * fail); 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>
/* libbpf >= 1.2's libbpf_legacy.h has an enumerator past int (-Wpedantic). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <bpf/libbpf.h>
#pragma GCC diagnostic pop
#include <btfx/btfx.h>

#include "benchmem.h"

#include "explode_lib.h"

#ifndef BENCH_SAMPLE
#define BENCH_SAMPLE "tests/data/sample.btf"
#endif
#define VMLINUX "/sys/kernel/btf/vmlinux"
#define MAX_INPUTS 16
#define MAX_ROUNDS 99

enum side { SIDE_X, SIDE_B, NR_SIDES };
enum step { ST_READ, ST_DEDUP, ST_WRITE, NR_STEPS };

static const char *const side_names[NR_SIDES] = { "libbtfx", "libbpf" };

/* What a child reports. */
struct result {
	double s[NR_STEPS]; /* seconds of each step */
	long rss_kb;        /* peak RSS less the RSS at the start */
	uint32_t types_in;  /* type count read, with void */
	uint32_t types_out; /* and after dedup */
	int err;            /* 0, -ENOTSUP (side not built) or the failing call's */
};

struct input {
	char path[4096];
	uint32_t k;        /* units, 0 for a given file */
	uint64_t bytes;
	double gen_s;      /* seconds to explode and write it */
	struct result r[NR_SIDES][MAX_ROUNDS];
	struct result med[NR_SIDES]; /* medians; err of the first failure */
};

struct bench {
	const char *src;
	uint32_t ks[MAX_INPUTS];
	int nk;
	uint32_t fwd_pct;
	uint64_t seed;
	int rounds;
	int keep;
	char dir[2048];
	struct input in[MAX_INPUTS];
	int nin;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_blob(const char *path, const void *p, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), err = 0;

	if (fd < 0)
		return -errno;
	while (len && !err) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno != EINTR)
			err = -errno;
		if (w > 0) {
			p = (const char *)p + w;
			len -= (size_t)w;
		}
	}
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/*
 * ---------------------------------------------------------------------------
 * One side's whole job, in a child
 * ---------------------------------------------------------------------------
 */

static int job_x(const char *in, const char *out, struct result *res)
{
	struct btfx_dedup_opts opts = { .sz = sizeof(opts) };
	struct btfx *btf;
	const void *p;
	size_t len;
	double t0 = now_s(), t1, t2;
	int err;

	btf = btfx_new();
	if (!btf)
		return -ENOMEM;
	err = btfx_load_file(btf, in, NULL);
	t1 = now_s();
	res->types_in = btfx_type_cnt(btf);
	if (!err)
		err = btfx_dedup(btf, &opts);
	t2 = now_s();
	if (!err)
		err = btfx_raw_data(btf, NULL, &p, &len);
	if (!err)
		err = write_blob(out, p, len);
	res->s[ST_READ] = t1 - t0;
	res->s[ST_DEDUP] = t2 - t1;
	res->s[ST_WRITE] = now_s() - t2;
	res->types_out = btfx_type_cnt(btf);
	res->rss_kb = bench_status_kb("VmHWM");
	if (err)
		fprintf(stderr, "bench_dedup: libbtfx: %s (%s)\n", btfx_strerror(err),
			btfx_errmsg(btf));
	btfx_free(btf);
	return err;
}

static int job_b(const char *in, const char *out, struct result *res)
{
	double t0 = now_s(), t1, t2;
	const void *p = NULL;
	struct btf *btf;
	uint32_t len;
	int err;

	btf = btf__parse_raw(in);
	t1 = now_s();
	err = btf ? 0 : -errno;
	if (!err) {
		res->types_in = btf__type_cnt(btf);
		err = btf__dedup(btf, NULL);
	}
	t2 = now_s();
	if (!err)
		p = btf__raw_data(btf, &len);
	if (!err)
		err = p ? write_blob(out, p, len) : -ENOMEM;
	res->s[ST_READ] = t1 - t0;
	res->s[ST_DEDUP] = t2 - t1;
	res->s[ST_WRITE] = now_s() - t2;
	if (btf)
		res->types_out = btf__type_cnt(btf);
	res->rss_kb = bench_status_kb("VmHWM");
	if (err)
		fprintf(stderr, "bench_dedup: libbpf: %s\n", strerror(-err));
	btf__free(btf);
	return err;
}

/* Run fn in a forked child; it fills *res, sent back through a pipe. */
static int in_child(int (*fn)(const char *, const char *, struct result *), const char *in,
		    const char *out, struct result *res)
{
	int fds[2], status;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe(fds))
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		long start;

		close(fds[0]);
		start = bench_reset_hwm() ? -1 : bench_status_kb("VmRSS");
		res->err = fn(in, out, res);
		res->rss_kb = start < 0 || res->rss_kb < 0 ? -1 : res->rss_kb - start;
		_exit(write(fds[1], res, sizeof(*res)) == (ssize_t)sizeof(*res) ? 0 : 1);
	}
	close(fds[1]);
	if (read(fds[0], res, sizeof(*res)) != (ssize_t)sizeof(*res))
		res->err = -EIO;
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		res->err = res->err ? res->err : -EIO;
	return res->err;
}

/*
 * ---------------------------------------------------------------------------
 * Making the inputs
 * ---------------------------------------------------------------------------
 */

/* In a child: explode the source into in->path; in->bytes, gen_s. */
static int gen_job(const struct bench *b, struct input *in)
{
	struct explode_opts o = { .k = in->k, .fwd_pct = b->fwd_pct, .seed = b->seed };
	struct btfx *src = btfx_new(), *out = NULL;
	struct explode_stats st;
	double t0;
	int err;

	if (!src)
		return -ENOMEM;
	err = btfx_load_file(src, b->src, NULL);
	t0 = now_s();
	if (!err)
		err = explode(src, &o, &out, &st);
	if (!err)
		err = btfx_write_file(out, in->path, NULL);
	in->gen_s = now_s() - t0;
	if (err)
		fprintf(stderr, "bench_dedup: exploding %s: %s (%s)\n", b->src, btfx_strerror(err),
			btfx_errmsg(out ? out : src));
	btfx_free(out);
	btfx_free(src);
	return err;
}

static int make_input(const struct bench *b, struct input *in)
{
	int fds[2], status, err = 0;
	pid_t pid;

	if (pipe(fds))
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(fds[0]);
		err = gen_job(b, in);
		_exit(!err && write(fds[1], &in->gen_s, sizeof(in->gen_s)) == sizeof(in->gen_s)
			      ? 0
			      : 1);
	}
	close(fds[1]);
	if (read(fds[0], &in->gen_s, sizeof(in->gen_s)) != sizeof(in->gen_s))
		err = -EIO;
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		err = -EIO;
	return err;
}

/*
 * ---------------------------------------------------------------------------
 * Measuring and reporting
 * ---------------------------------------------------------------------------
 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The medians of one side's rounds, or its first error. */
static void summarize(struct input *in, int side, int rounds)
{
	double v[MAX_ROUNDS];
	struct result *m = &in->med[side];
	int st, i;

	*m = in->r[side][0];
	for (i = 0; i < rounds; i++)
		if (in->r[side][i].err) {
			m->err = in->r[side][i].err;
			return;
		}
	for (st = 0; st < NR_STEPS; st++) {
		for (i = 0; i < rounds; i++)
			v[i] = in->r[side][i].s[st];
		m->s[st] = median(v, rounds);
	}
	for (i = 0; i < rounds; i++)
		v[i] = (double)in->r[side][i].rss_kb;
	m->rss_kb = (long)median(v, rounds);
}

static void measure(const struct bench *b, struct input *in)
{
	static int (*const jobs[NR_SIDES])(const char *, const char *, struct result *) = {
		job_x, job_b
	};
	char out[2100];
	int round, i;

	snprintf(out, sizeof(out), "%s/deduped.btf", b->dir);
	for (round = 0; round < b->rounds; round++)
		for (i = 0; i < NR_SIDES; i++) {
			int side = (round + i) % 2;

			in_child(jobs[side], in->path, out, &in->r[side][round]);
		}
	unlink(out);
	for (i = 0; i < NR_SIDES; i++)
		summarize(in, i, b->rounds);
}

static double total(const struct result *r)
{
	return r->s[ST_READ] + r->s[ST_DEDUP] + r->s[ST_WRITE];
}

static void print_row(const char *label, double x, double bpf, int have_x, double goal,
		      const char *unit)
{
	double ratio = bpf > 0 ? x / bpf : 0;

	char g[16] = "";

	if (goal > 0)
		snprintf(g, sizeof(g), "%.2f", goal);
	if (!have_x) {
		printf("  %-18s %10s %10.3f %s %7s %6s\n", label, "-", bpf, unit, "-", g);
		return;
	}
	printf("  %-18s %10.3f %10.3f %s %7.2f %6s  %s\n", label, x, bpf, unit, ratio, g,
	       goal <= 0 ? "" : ratio <= goal ? "ok" : "MISSED");
}

/* The table of one input; 1 when the sides disagree or a side failed. */
static int report_input(const struct input *in)
{
	const struct result *x = &in->med[SIDE_X], *p = &in->med[SIDE_B];
	static const char *const labels[NR_STEPS] = { "read", "dedup call", "write" };
	int have_x = !x->err, st;

	printf("\n%s", in->path);
	if (in->k)
		printf(" (%u units, made in %.2f s)", in->k, in->gen_s);
	printf(": %llu bytes, %u types -> %u types (libbpf)\n", (unsigned long long)in->bytes,
	       p->types_in - 1, p->types_out - 1);
	if (p->err)
		return printf("  libbpf failed: %s\n", strerror(-p->err)), 1;
	if (x->err && x->err != -ENOTSUP)
		return printf("  libbtfx failed: %s\n", btfx_strerror(x->err)), 1;
	printf("  %-18s %10s %10s   %7s %6s\n", "", side_names[SIDE_X], side_names[SIDE_B],
	       "ratio", "goal");
	for (st = 0; st < NR_STEPS; st++)
		print_row(labels[st], x->s[st], p->s[st], have_x, st == ST_DEDUP ? 0.5 : 0, "s");
	print_row("whole job", total(x), total(p), have_x, 0.5, "s");
	print_row("peak RSS", (double)x->rss_kb / 1024, (double)p->rss_kb / 1024, have_x, 1.0,
		  "M");
	if (have_x && x->types_out != p->types_out) {
		printf("  MISMATCH: libbtfx kept %u types, libbpf %u\n", x->types_out - 1,
		       p->types_out - 1);
		return 1;
	}
	return 0;
}

static void report_scaling(const struct bench *b)
{
	int i;

	printf("\nscaling (medians; ns per input type; RSS in MiB)\n");
	printf("%6s %9s %8s | %9s %9s %7s | %9s %9s %7s\n", "units", "types", "MB",
	       "bpf dedup", "bpf job", "bpf RSS", "btfx dedup", "btfx job", "btfx RSS");
	for (i = 0; i < b->nin; i++) {
		const struct input *in = &b->in[i];
		const struct result *x = &in->med[SIDE_X], *p = &in->med[SIDE_B];
		double n = (double)(p->types_in > 1 ? p->types_in - 1 : 1);

		if (p->err)
			continue;
		printf("%6u %9u %8.1f | %9.0f %9.0f %7.0f", in->k, p->types_in - 1,
		       (double)in->bytes / 1e6, p->s[ST_DEDUP] * 1e9 / n, total(p) * 1e9 / n,
		       (double)p->rss_kb / 1024);
		if (x->err)
			printf(" | %9s %9s %7s\n", "-", "-", "-");
		else
			printf(" | %9.0f %9.0f %7.0f\n", x->s[ST_DEDUP] * 1e9 / n,
			       total(x) * 1e9 / n, (double)x->rss_kb / 1024);
	}
}

/*
 * ---------------------------------------------------------------------------
 * Options
 * ---------------------------------------------------------------------------
 */

static void usage(FILE *f)
{
	fprintf(f, "usage: bench_dedup [-k K[,K...]] [-f PCT] [-s SEED] [-n ROUNDS] [-i SRC] "
		   "[--keep]\n"
		   "       bench_dedup [-n ROUNDS] FILE...\n");
}

static int parse_ks(struct bench *b, const char *s)
{
	char *end;

	b->nk = 0;
	do {
		unsigned long v = strtoul(s, &end, 10);

		if (end == s || !v || v > (1u << 24) || b->nk == MAX_INPUTS ||
		    (*end && *end != ','))
			return -1;
		b->ks[b->nk++] = (uint32_t)v;
		s = end + (*end == ',');
	} while (*end);
	return 0;
}

static int parse_args(struct bench *b, int argc, char **argv)
{
	static const struct option longopts[] = { { "keep", no_argument, NULL, 'K' },
						  { "help", no_argument, NULL, 'h' },
						  { NULL, 0, NULL, 0 } };
	int c;

	while ((c = getopt_long(argc, argv, "k:f:s:n:i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (parse_ks(b, optarg))
				return -1;
			break;
		case 'f':
			b->fwd_pct = (uint32_t)strtoul(optarg, NULL, 10);
			if (b->fwd_pct > 100)
				return -1;
			break;
		case 's':
			b->seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			b->rounds = atoi(optarg);
			if (b->rounds < 1 || b->rounds > MAX_ROUNDS)
				return -1;
			break;
		case 'i':
			b->src = optarg;
			break;
		case 'K':
			b->keep = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	return 0;
}

/* The inputs: the files given, else the source exploded. */
static int setup_inputs(struct bench *b, int argc, char **argv)
{
	struct stat sb;
	int i;

	for (i = 0; optind + i < argc && i < MAX_INPUTS; i++)
		snprintf(b->in[i].path, sizeof(b->in[i].path), "%s", argv[optind + i]);
	b->nin = i;
	if (!b->nin) {
		if (!b->src)
			b->src = access(VMLINUX, R_OK) ? BENCH_SAMPLE : VMLINUX;
		for (i = 0; i < b->nk; i++) {
			struct input *in = &b->in[b->nin++];

			in->k = b->ks[i];
			snprintf(in->path, sizeof(in->path), "%s/exploded-%u.btf", b->dir, in->k);
			if (make_input(b, in))
				return -1;
		}
	}
	for (i = 0; i < b->nin; i++) {
		if (stat(b->in[i].path, &sb))
			return fprintf(stderr, "bench_dedup: %s: %s\n", b->in[i].path,
				       strerror(errno)),
			       -1;
		b->in[i].bytes = (uint64_t)sb.st_size;
	}
	return 0;
}

static void cleanup(const struct bench *b)
{
	int i;

	if (b->keep) {
		printf("\ninputs kept in %s\n", b->dir);
		return;
	}
	for (i = 0; i < b->nin; i++)
		if (b->in[i].k)
			unlink(b->in[i].path);
	rmdir(b->dir);
}

int main(int argc, char **argv)
{
	static struct bench b = { .ks = { 16, 64, 1024 }, .nk = 3, .fwd_pct = 50, .seed = 1,
				  .rounds = 3 };
	const char *tmp = getenv("TMPDIR");
	int i, bad = 0;

	if (parse_args(&b, argc, argv))
		return usage(stderr), 2;
	snprintf(b.dir, sizeof(b.dir), "%s/bench-dedup-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(b.dir))
		return perror("bench_dedup: mkdtemp"), 1;
	printf("libbtfx %s vs libbpf %s, %d round%s per side, inputs in %s\n", btfx_version(),
	       libbpf_version_string(), b.rounds, b.rounds > 1 ? "s" : "", b.dir);
	if (setup_inputs(&b, argc, argv)) {
		cleanup(&b);
		return 1;
	}
	if (b.src)
		printf("made from %s, %u%% FWDs, seed %llu\n", b.src, b.fwd_pct,
		       (unsigned long long)b.seed);
	for (i = 0; i < b.nin; i++) {
		measure(&b, &b.in[i]);
		bad |= report_input(&b.in[i]);
	}
	report_scaling(&b);
	cleanup(&b);
	return bad;
}
