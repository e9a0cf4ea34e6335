// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_write.c - btfx_write() of a blob (vmlinux by default) to a file, to
 * a pipe drained by a forked reader, and to memory, little and big endian,
 * against write()/memcpy() of the same output bytes from one buffer; the
 * extra peak RSS of a write (VmHWM during the write minus VmRSS before it,
 * in a child that loaded the object); and btfx_write() through the gzip
 * sink at levels 1 and 6 against `gzip -c -LEVEL` of the raw blob.
 *
 *   bench_write [-n ROUNDS] [FILE]      (make bench-write BENCH_ARGS=...)
 *
 * Times are medians of ROUNDS (default 15) runs; goals: >= 0.7x the
 * throughput of write()/memcpy(), < 256 KiB extra RSS, gzip within 1.1x.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <btfx/btfx.h>

#include "benchmem.h"

#define MAX_ROUNDS 101

enum { T_FILE, T_PIPE, T_MEM, NR_TARGETS };
static const char *const target_names[NR_TARGETS] = { "file", "pipe", "memory" };

struct bench {
	const char *in;
	int rounds;
	char dir[256];
	struct btfx *btf;
	size_t size;   /* blob size (both byte orders) */
	uint8_t *ref;  /* the output bytes, for the write()/memcpy() side */
	uint8_t *dst;  /* the memory target */
	int pipe_fd;   /* write end of the drained pipe */
	pid_t reader;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("write");
		p += n;
		len -= (size_t)n;
	}
}

/* A reader draining the pipe until EOF. */
static void start_reader(struct bench *b)
{
	int fds[2];

	if (pipe(fds))
		die("pipe");
	b->reader = fork();
	if (b->reader < 0)
		die("fork");
	if (!b->reader) {
		static uint8_t buf[1 << 16];

		close(fds[1]);
		while (read(fds[0], buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	close(fds[0]);
	b->pipe_fd = fds[1];
}

static int open_out(const struct bench *b)
{
	char path[300];
	int fd;

	snprintf(path, sizeof(path), "%s/out.btf", b->dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(path);
	return fd;
}

/* One write of the object (lib) or of the reference bytes, to target t. */
static double one_round(struct bench *b, int t, int lib, const struct btfx_write_opts *o)
{
	struct btfx_sink *s = NULL;
	double t0;
	int fd = t == T_FILE ? open_out(b) : t == T_PIPE ? b->pipe_fd : -1;

	if (lib)
		s = t == T_MEM ? btfx_sink_mem(b->dst, b->size, NULL) : btfx_sink_fd(fd, NULL);
	t0 = now_s();
	if (lib) {
		if (btfx_write(b->btf, s, o) || btfx_sink_close(s)) {
			fprintf(stderr, "btfx_write: %s\n", btfx_errmsg(b->btf));
			exit(1);
		}
	} else if (t == T_MEM) {
		memcpy(b->dst, b->ref, b->size);
	} else {
		write_all(fd, b->ref, b->size);
	}
	t0 = now_s() - t0;
	if (t == T_FILE)
		close(fd);
	return t0;
}

/* Extra peak RSS (KiB) of btfx_write() to target t, in a child. */
static long extra_rss(struct bench *b, int t, const struct btfx_write_opts *o)
{
	int fds[2];
	long kb = -1;
	pid_t pid;

	if (pipe(fds))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		long before, peak;

		close(fds[0]);
		if (bench_reset_hwm())
			_exit(1);
		before = bench_status_kb("VmRSS:");
		one_round(b, t, 1, o);
		peak = bench_status_kb("VmHWM:");
		kb = peak - before;
		if (write(fds[1], &kb, sizeof(kb)) != sizeof(kb))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &kb, sizeof(kb)) != sizeof(kb))
		kb = -1;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return kb;
}

static void bench_raw(struct bench *b, int big)
{
	struct btfx_write_opts o = { .sz = sizeof(o),
				     .endian = big ? BTFX_ENDIAN_BIG : BTFX_ENDIAN_LITTLE };
	double tl[MAX_ROUNDS], tr[MAX_ROUNDS];
	int t, i;

	if (btfx_write_mem(b->btf, b->ref, b->size, &o) != (int)b->size)
		die("btfx_write_mem");
	memcpy(b->dst, b->ref, b->size); /* touch the target */
	for (t = 0; t < NR_TARGETS; t++) {
		double ml, mr;
		long kb;

		for (i = 0; i < b->rounds; i++) {
			tr[i] = one_round(b, t, 0, &o);
			tl[i] = one_round(b, t, 1, &o);
		}
		ml = median(tl, b->rounds);
		mr = median(tr, b->rounds);
		kb = extra_rss(b, t, &o);
		printf("| %-6s | %-6s | %8.1f | %8.1f | %5.2fx %-4s | %6ld KiB %-4s |\n",
		       target_names[t], big ? "big" : "little", b->size / ml / 1e6,
		       b->size / mr / 1e6, mr / ml, mr / ml >= 0.7 ? "ok" : "MISS", kb,
		       kb >= 0 && kb < 256 ? "ok" : "MISS");
	}
}

/* btfx_write() through gzip at level to /dev/null, and gzip -c of the raw blob. */
static void bench_gzip(struct bench *b, int level)
{
	struct btfx_write_opts o = { .sz = sizeof(o), .endian = BTFX_ENDIAN_LITTLE };
	double tl[MAX_ROUNDS], tg[MAX_ROUNDS], ml, mg;
	char cmd[600], raw[300];
	int i, fd = open("/dev/null", O_WRONLY);

	snprintf(raw, sizeof(raw), "%s/raw.btf", b->dir);
	if (btfx_write_file(b->btf, raw, &o))
		die("btfx_write_file");
	snprintf(cmd, sizeof(cmd), "gzip -c -%d <'%s' >/dev/null", level, raw);
	for (i = 0; i < b->rounds; i++) {
		struct btfx_sink *in = btfx_sink_fd(fd, NULL);
		struct btfx_sink *s = btfx_sink_gzip(in, level, NULL);
		double t0 = now_s();

		if (btfx_write(b->btf, s, &o) || btfx_sink_close(s) || btfx_sink_close(in))
			die("gzip write");
		tl[i] = now_s() - t0;
		t0 = now_s();
		if (system(cmd))
			die("gzip -c");
		tg[i] = now_s() - t0;
	}
	ml = median(tl, b->rounds);
	mg = median(tg, b->rounds);
	printf("| gzip -%d | %8.1f ms | %8.1f ms | %5.2fx %-4s |\n", level, ml * 1e3, mg * 1e3,
	       ml / mg, ml / mg <= 1.1 ? "ok" : "MISS");
	close(fd);
	unlink(raw);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20, n = 0, k;
	uint8_t *p = malloc(cap);

	if (!f || !p)
		die(path);
	while ((k = fread(p + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap && !(p = realloc(p, cap *= 2)))
			die("realloc");
	}
	fclose(f);
	*len = n;
	return p;
}

static void setup(struct bench *b)
{
	const char *t = getenv("TMPDIR");
	uint8_t *blob;
	size_t len;

	snprintf(b->dir, sizeof(b->dir), "%s/bench_write.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(b->dir))
		die("mkdtemp");
	/* Loaded from a copy (not borrowed): the object's memory is all touched before a write. */
	blob = read_file(b->in, &len);
	b->btf = btfx_new();
	if (!b->btf || btfx_load(b->btf, blob, len, NULL)) {
		fprintf(stderr, "%s: %s\n", b->in, btfx_errmsg(b->btf));
		exit(1);
	}
	free(blob);
	if (btfx_raw_size(b->btf, NULL, &b->size))
		die("btfx_raw_size");
	b->ref = malloc(b->size);
	b->dst = malloc(b->size);
	if (!b->ref || !b->dst)
		die("malloc");
	start_reader(b);
}

int main(int argc, char **argv)
{
	struct bench b = { .in = "/sys/kernel/btf/vmlinux", .rounds = 15 };
	char path[300];
	int opt;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || (b.rounds = atoi(optarg)) < 1 || b.rounds > MAX_ROUNDS) {
			fprintf(stderr, "usage: bench_write [-n ROUNDS (1-%d)] [FILE]\n", MAX_ROUNDS);
			return 2;
		}
	}
	if (optind < argc)
		b.in = argv[optind];
	signal(SIGPIPE, SIG_IGN);
	setup(&b);
	printf("%s: %zu bytes, %u types, median of %d rounds\n\n", b.in, b.size,
	       btfx_type_cnt(b.btf) - 1, b.rounds);
	printf("| target | endian | btfx_write MB/s | write()/memcpy() MB/s | ratio (>= 0.7) | "
	       "extra peak RSS (< 256 KiB) |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
	bench_raw(&b, 0);
	bench_raw(&b, 1);
	printf("\n| gzip | btfx_write + gzip sink | gzip -c | ratio (<= 1.1) |\n"
	       "| --- | ---: | ---: | ---: |\n");
	bench_gzip(&b, 1);
	bench_gzip(&b, 6);
	close(b.pipe_fd);
	waitpid(b.reader, NULL, 0);
	snprintf(path, sizeof(path), "%s/out.btf", b.dir);
	unlink(path);
	rmdir(b.dir);
	btfx_free(b.btf);
	free(b.ref);
	free(b.dst);
	return 0;
}
