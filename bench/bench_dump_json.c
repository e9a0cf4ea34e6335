// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_dump_json.c - the JSON dump of a blob (vmlinux by default) by
 * libbtfx against `bpftool -j btf dump file FILE`, both writing to
 * /dev/null:
 *
 *   library  btfx_new() + btfx_load_file() + btfx_dump_json() + write(2),
 *            in this process;
 *   command  `btfx dump FILE --format json`, a process like bpftool's (the
 *            built binary itself, not libtool's wrapper script);
 *   bpftool  `bpftool -j btf dump file FILE` ($BPFTOOL, else on $PATH or
 *            in /usr/sbin).
 *
 * Each round runs the three once, in an order that rotates; the table
 * shows the median wall time, the median CPU time (user + system, from
 * wait4() for the processes, getrusage() deltas for the library) and their
 * ratios to bpftool's, against the goal of 0.5.  The two outputs are
 * compared once, untimed (they differ only where bpftool sign-extends an
 * unsigned 32-bit enum value).
 *
 *   bench_dump_json [-n ROUNDS] [FILE]    (make bench-dump-json BENCH_ARGS=...)
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <btfx/btfx.h>

#define MAX_ROUNDS 101
#define GOAL 0.5

extern char **environ;

enum { S_LIB, S_CMD, S_BPFTOOL, NR_SIDES };
static const char *const side_names[NR_SIDES] = { "library", "command", "bpftool" };

struct bench {
	const char *in;
	const char *bpftool;
	char btfx[4096];
	char libdir[4096];
	int rounds;
	int null_fd;
	double wall[NR_SIDES][MAX_ROUNDS];
	double cpu[NR_SIDES][MAX_ROUNDS];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + tv->tv_usec * 1e-6;
}

static double self_cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return tv_s(&ru.ru_utime) + tv_s(&ru.ru_stime);
}

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

static void die(const char *what)
{
	fprintf(stderr, "bench_dump_json: %s\n", what);
	exit(1);
}

static int to_fd(void *ctx, const char *text, size_t len)
{
	int fd = *(int *)ctx;

	while (len) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Load and dump in this process, to fd. */
static void run_lib(const char *in, int fd)
{
	struct btfx *btf = btfx_new();

	if (!btf || btfx_load_file(btf, in, NULL) || btfx_dump_json(btf, to_fd, &fd, NULL))
		die("library dump failed");
	btfx_free(btf);
}

/* Run argv with stdout on fd; the child's CPU seconds. */
static double run_cmd(char *const argv[], int fd)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	int status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, 1);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ))
		die("cannot run a command");
	posix_spawn_file_actions_destroy(&fa);
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		die(argv[0]);
	return tv_s(&ru.ru_utime) + tv_s(&ru.ru_stime);
}

static void one(struct bench *b, int side, int round, int fd)
{
	char *cmd[] = { b->btfx, "dump", (char *)b->in, "--format", "json", NULL };
	char *bpf[] = { (char *)b->bpftool, "-j", "btf", "dump", "file", (char *)b->in, NULL };
	double t0 = now_s(), c0 = self_cpu_s(), cpu;

	if (side == S_LIB) {
		run_lib(b->in, fd);
		cpu = self_cpu_s() - c0;
	} else {
		cpu = run_cmd(side == S_CMD ? cmd : bpf, fd);
	}
	if (round >= 0) {
		b->wall[side][round] = now_s() - t0;
		b->cpu[side][round] = cpu;
	}
}

/* The btfx binary: the real one under .libs when libtool wrapped it. */
static void find_btfx(struct bench *b)
{
	snprintf(b->btfx, sizeof(b->btfx), "%s/tools/.libs/btfx", BENCH_BUILDDIR);
	if (access(b->btfx, X_OK)) {
		snprintf(b->btfx, sizeof(b->btfx), "%s/tools/btfx", BENCH_BUILDDIR);
		return;
	}
	snprintf(b->libdir, sizeof(b->libdir), "%s/libbtfx/.libs", BENCH_BUILDDIR);
	setenv("LD_LIBRARY_PATH", b->libdir, 1);
}

static const char *find_bpftool(void)
{
	static const char *const dirs[] = { "/usr/local/sbin/bpftool", "/usr/sbin/bpftool",
					    "/sbin/bpftool", "/usr/bin/bpftool" };
	const char *e = getenv("BPFTOOL");
	size_t i;

	if (e && *e)
		return e;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!access(dirs[i], X_OK))
			return dirs[i];
	return NULL;
}

/* Both outputs once, into files, to report their sizes. */
static void sizes(struct bench *b)
{
	char path[2][256];
	long sz[2];
	int i;

	for (i = 0; i < 2; i++) {
		const char *t = getenv("TMPDIR");
		int fd;

		snprintf(path[i], sizeof(path[i]), "%s/bench_dump_json.XXXXXX",
			 t && *t ? t : "/tmp");
		fd = mkstemp(path[i]);
		if (fd < 0)
			die("mkstemp");
		one(b, i ? S_BPFTOOL : S_CMD, -1, fd);
		sz[i] = lseek(fd, 0, SEEK_END);
		close(fd);
		unlink(path[i]);
	}
	printf("input %s; JSON: btfx %ld bytes, bpftool %ld bytes\n", b->in, sz[0], sz[1]);
}

static void report(struct bench *b)
{
	double w[NR_SIDES], c[NR_SIDES];
	int s;

	for (s = 0; s < NR_SIDES; s++) {
		w[s] = median(b->wall[s], b->rounds);
		c[s] = median(b->cpu[s], b->rounds);
	}
	printf("%-8s %10s %8s %10s %8s  (median of %d, goal <= %.1fx)\n", "", "wall ms", "ratio",
	       "cpu ms", "ratio", b->rounds, GOAL);
	for (s = 0; s < NR_SIDES; s++)
		printf("%-8s %10.1f %7.2fx %10.1f %7.2fx%s\n", side_names[s], w[s] * 1e3,
		       w[s] / w[S_BPFTOOL], c[s] * 1e3, c[s] / c[S_BPFTOOL],
		       s != S_BPFTOOL && w[s] / w[S_BPFTOOL] > GOAL ? "  MISSED" : "");
}

int main(int argc, char **argv)
{
	struct bench *b = calloc(1, sizeof(*b));
	int r, s;

	if (!b)
		die("out of memory");
	b->rounds = 11;
	b->in = "/sys/kernel/btf/vmlinux";
	for (r = 1; r < argc; r++) {
		if (!strcmp(argv[r], "-n") && r + 1 < argc) {
			b->rounds = atoi(argv[++r]);
		} else if (argv[r][0] == '-') {
			fprintf(stderr, "usage: bench_dump_json [-n ROUNDS (1-%d)] [FILE]\n",
				MAX_ROUNDS);
			return 2;
		} else {
			b->in = argv[r];
		}
	}
	if (b->rounds < 1 || b->rounds > MAX_ROUNDS)
		return 2;
	b->bpftool = find_bpftool();
	if (!b->bpftool)
		die("bpftool not found (set BPFTOOL)");
	find_btfx(b);
	b->null_fd = open("/dev/null", O_WRONLY);
	if (b->null_fd < 0)
		die("/dev/null");
	sizes(b);
	for (s = 0; s < NR_SIDES; s++)
		one(b, s, -1, b->null_fd); /* warm-up */
	for (r = 0; r < b->rounds; r++)
		for (s = 0; s < NR_SIDES; s++)
			one(b, (s + r) % NR_SIDES, r, b->null_fd);
	report(b);
	free(b);
	return 0;
}
