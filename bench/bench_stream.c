// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_stream.c - an encoder's job: rebuild a BTF (vmlinux by default)
 * type by type and write the result to a file.
 *
 * libbtfx: the builders (tests/rebuild.c: one whole-array builder call per
 * type, strings added as the types need them), a stream writer over a path
 * sink, btfx_stream_flush() every -f types (default 1000), then
 * btfx_stream_close() and btfx_sink_close().
 * libbpf: btf__add_type() of every type into btf__new_empty() (what
 * bench_btf's "rebuild" times), then btf__raw_data() and write() of the
 * blob to a file.
 *
 * Time: the median of -n rounds (default 11), sides alternating, with
 * CLOCK_MONOTONIC around the whole job (source loaded before).  Memory: one
 * forked child per side loads the source, resets VmHWM (clear_refs), takes
 * VmRSS, runs the job once; the extra memory is VmHWM after the job minus
 * that VmRSS.  Goals: time and extra memory at most 0.5x libbpf's.
 *
 * Usage: bench_stream [-n ROUNDS] [-f EVERY] [-o DIR] [-s btfx|libbpf] [FILE]
 * -s runs only one side's job, ROUNDS times, for perf or callgrind.
 * Exit status: 0, 1 when a library call fails, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <btfx/btfx.h>

#include "benchmem.h"
#include "rebuild.h"

#define VMLINUX "/sys/kernel/btf/vmlinux"
#define NOINLINE __attribute__((noinline))

struct job {
	const char *in;
	char out_x[4096], out_b[4096];
	uint32_t every;
	struct btfx *src_x;
	struct btf *src_b;
	struct rb_scratch sc;
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

struct flusher {
	struct btfx_stream *st;
	uint32_t every, n;
};

static int flush_hook(void *ctx, uint32_t id)
{
	struct flusher *f = ctx;
	int r;

	(void)id;
	if (++f->n % f->every)
		return 0;
	r = btfx_stream_flush(f->st);
	return r < 0 ? r : 0;
}

/* libbtfx: build and stream; 0 or a negative errno. */
static NOINLINE int timed_x(struct job *j)
{
	struct btfx *dst = btfx_new();
	struct btfx_sink *sink = btfx_sink_path(j->out_x, NULL);
	struct flusher f = { .every = j->every };
	uint32_t bad = 0;
	int err = -ENOMEM;

	if (dst && sink && (f.st = btfx_stream_open(dst, sink, NULL))) {
		err = rb_rebuild_hook(dst, j->src_x, &j->sc, 1, &bad, flush_hook, &f);
		if (err)
			btfx_stream_abort(f.st);
		else
			err = btfx_stream_close(f.st);
	}
	if (err) {
		fprintf(stderr, "bench_stream: libbtfx: [%u] %s\n", bad,
			dst ? btfx_errmsg(dst) : "");
		btfx_sink_abort(sink);
	} else {
		err = btfx_sink_close(sink);
	}
	btfx_free(dst);
	return err;
}

/* libbpf: btf__add_type() each, btf__raw_data(), write(). */
static NOINLINE int timed_b(struct job *j)
{
	uint32_t id, cnt = btf__type_cnt(j->src_b), len;
	struct btf *dst = btf__new_empty();
	const char *p;
	int fd, err = 0;
	ssize_t n;

	for (id = 1; dst && id < cnt && !err; id++)
		err = btf__add_type(dst, j->src_b, btf__type_by_id(j->src_b, id)) < 0;
	p = !dst || err ? NULL : btf__raw_data(dst, &len);
	fd = p ? open(j->out_b, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666) : -1;
	for (; fd >= 0 && len; p += n, len -= (uint32_t)n) {
		n = write(fd, p, len);
		if (n <= 0)
			break;
	}
	err = fd < 0 || len || close(fd) ? -EIO : 0;
	if (err)
		fprintf(stderr, "bench_stream: libbpf side failed\n");
	btf__free(dst);
	return err;
}

static int load(struct job *j)
{
	int err;

	j->src_x = btfx_new();
	if (!j->src_x || (err = btfx_load_file(j->src_x, j->in, NULL))) {
		fprintf(stderr, "bench_stream: %s: %s\n", j->in,
			j->src_x ? btfx_errmsg(j->src_x) : "out of memory");
		return -1;
	}
	if (rb_scratch_init(&j->sc, j->src_x))
		return -1;
	j->src_b = btf__parse(j->in, NULL);
	if (!j->src_b) {
		fprintf(stderr, "bench_stream: libbpf: %s: %s\n", j->in, strerror(errno));
		return -1;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Extra peak memory of one side's job, in KiB, from a forked child; -1 on failure. */
static long mem_side(struct job *j, int libbpf)
{
	int fds[2], status;
	long kb = -1;
	pid_t pid;

	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		long base;

		close(fds[0]);
		base = bench_reset_hwm() ? -1 : bench_status_kb("VmRSS");
		if (base < 0 || (libbpf ? timed_b(j) : timed_x(j)))
			_exit(1);
		kb = bench_status_kb("VmHWM") - base;
		if (write(fds[1], &kb, sizeof(kb)) != sizeof(kb))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &kb, sizeof(kb)) != sizeof(kb))
		kb = -1;
	close(fds[0]);
	if (pid > 0 && (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
			WEXITSTATUS(status)))
		kb = -1;
	return kb;
}

static int run(struct job *j, int rounds)
{
	double *tx = calloc((size_t)rounds, sizeof(double)), *tb = calloc((size_t)rounds, 8), t;
	long kx, kb;
	int i;

	if (!tx || !tb)
		return 1;
	for (i = 0; i < rounds; i++) {
		int first_b = i % 2;

		if (first_b) {
			t = now_ns();
			if (timed_b(j))
				return 1;
			tb[i] = now_ns() - t;
		}
		t = now_ns();
		if (timed_x(j))
			return 1;
		tx[i] = now_ns() - t;
		if (!first_b) {
			t = now_ns();
			if (timed_b(j))
				return 1;
			tb[i] = now_ns() - t;
		}
	}
	qsort(tx, (size_t)rounds, sizeof(double), cmp_double);
	qsort(tb, (size_t)rounds, sizeof(double), cmp_double);
	kx = mem_side(j, 0);
	kb = mem_side(j, 1);
	if (kx < 0 || kb < 0)
		return 1;
	printf("%-44s %12s %12s %7s %5s\n", "encoder job (flush every N types)", "libbtfx",
	       "libbpf", "ratio", "goal");
	printf("%-44s %9.2f ms %9.2f ms %7.2f %5.2f %s\n", "time (median)", tx[rounds / 2] / 1e6,
	       tb[rounds / 2] / 1e6, tx[rounds / 2] / tb[rounds / 2], 0.5,
	       tx[rounds / 2] / tb[rounds / 2] <= 0.5 ? "ok" : "MISSED");
	printf("%-44s %8ld KiB %8ld KiB %7.2f %5.2f %s\n", "extra peak RSS (VmHWM - VmRSS before)",
	       kx, kb, (double)kx / (double)kb, 0.5, (double)kx / (double)kb <= 0.5 ? "ok" : "MISSED");
	free(tx);
	free(tb);
	return 0;
}

int main(int argc, char **argv)
{
	struct job j = { .in = VMLINUX, .every = 1000 };
	const char *dir = getenv("TMPDIR");
	const char *only = NULL;
	int rounds = 11, c, err;

	while ((c = getopt(argc, argv, "n:f:o:s:")) != -1) {
		if (c == 'n')
			rounds = atoi(optarg);
		else if (c == 'f')
			j.every = (uint32_t)atoi(optarg);
		else if (c == 'o')
			dir = optarg;
		else if (c == 's')
			only = optarg;
		else
			return 2;
	}
	if (optind < argc)
		j.in = argv[optind];
	if (rounds < 1 || !j.every)
		return 2;
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(j.out_x, sizeof(j.out_x), "%s/bench_stream.%d.btfx", dir, (int)getpid());
	snprintf(j.out_b, sizeof(j.out_b), "%s/bench_stream.%d.libbpf", dir, (int)getpid());
	if (load(&j))
		return 1;
	printf("input %s, %u types; flush every %u types; %d rounds; output in %s\n", j.in,
	       btfx_type_cnt(j.src_x) - 1, j.every, rounds, dir);
	if (only) {
		for (err = 0, c = 0; c < rounds && !err; c++)
			err = strcmp(only, "libbpf") ? timed_x(&j) : timed_b(&j);
		err = err ? 1 : 0;
	} else {
		err = run(&j, rounds);
	}
	unlink(j.out_x);
	unlink(j.out_b);
	rb_scratch_free(&j.sc);
	btfx_free(j.src_x);
	btf__free(j.src_b);
	return err;
}
