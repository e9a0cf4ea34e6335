// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_link.c - `btfx link` against `bpftool gen object` on the same
 * generated objects (issue 11's goal: at most 0.5x of bpftool's time, and
 * peak memory no higher).
 *
 * K objects (default 100) are compiled with clang -O2 -g -target bpf from
 * one template (tests/data/link/a.c), each with its globals renamed by -D
 * (so they do not clash; all keep the template's unresolved externs and
 * its license).  Each round runs both tools, interleaved, as child
 * processes: wall time from fork to exit, CPU time (user + system) and
 * peak RSS from wait4()'s rusage.  Printed: the medians, their ratios btfx/bpftool against the
 * goals, and the number of types of both outputs (which must agree).
 * `btfx` is libtool's real binary (tools/.libs/btfx, with LD_LIBRARY_PATH
 * set to the built library) when there is one, not its wrapper script.
 * Without clang or bpftool it says so and exits 0 (skipped).
 *
 * bench/bench_link [-n ROUNDS] [-k OBJECTS] [-d DIR] [--btfx PATH] [--elf]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <btfx/btfx.h>

#ifndef BENCH_TEMPLATE
#define BENCH_TEMPLATE "tests/data/link/a.c"
#endif
#ifndef BENCH_BTFX
#define BENCH_BTFX "tools/btfx"
#endif
/* libtool's real binary and the library beside it: no wrapper script timed */
#ifndef BENCH_BTFX_REAL
#define BENCH_BTFX_REAL "tools/.libs/btfx"
#endif
#ifndef BENCH_LIBDIR
#define BENCH_LIBDIR "libbtfx/.libs"
#endif

#define MAX_ROUNDS 101

struct run {
	double sec, cpu;
	long rss_kb;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run argv (stdout and stderr to /dev/null): its time and peak RSS; exits on failure. */
static struct run run_child(char **argv)
{
	struct rusage ru;
	struct run r;
	double t0 = now();
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (!pid) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "bench_link: %s failed (status %d)\n", argv[0], status);
		exit(1);
	}
	r.sec = now() - t0;
	r.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
		ru.ru_stime.tv_usec / 1e6;
	r.rss_kb = ru.ru_maxrss;
	return r;
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

static void compile(const char *dir, int k)
{
	static const char *const names[] = { "shared_counter", "a_data", "a_limit", "a_hidden",
					     "a_custom", "a_map", "prog_a", "LICENSE" };
	char cmd[4096];
	size_t n;
	int i, j;

	for (i = 1; i <= k; i++) {
		n = (size_t)snprintf(cmd, sizeof(cmd), "clang -O2 -g -target bpf -c %s -o %s/o%d.o",
				     BENCH_TEMPLATE, dir, i);
		for (j = 0; j < 8; j++)
			n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, " -D%s=%s_%d", names[j],
					      names[j], i);
		if (system(cmd)) {
			fprintf(stderr, "bench_link: failed: %s\n", cmd);
			exit(1);
		}
	}
}

static long type_cnt(const char *path)
{
	struct btfx *btf = btfx_new();
	long n;

	if (!btf || btfx_load_file(btf, path, NULL)) {
		fprintf(stderr, "bench_link: cannot read %s\n", path);
		exit(1);
	}
	n = (long)btfx_type_cnt(btf) - 1;
	btfx_free(btf);
	return n;
}

struct args {
	int rounds, k, elf;
	const char *dir, *btfx;
};

static void parse(int argc, char **argv, struct args *a)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			a->rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-k") && i + 1 < argc)
			a->k = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-d") && i + 1 < argc)
			a->dir = argv[++i];
		else if (!strcmp(argv[i], "--btfx") && i + 1 < argc)
			a->btfx = argv[++i];
		else if (!strcmp(argv[i], "--elf"))
			a->elf = 1;
		else {
			fprintf(stderr, "usage: bench_link [-n ROUNDS] [-k OBJECTS] [-d DIR] "
					"[--btfx PATH] [--elf]\n");
			exit(2);
		}
	}
	if (a->rounds < 1 || a->rounds > MAX_ROUNDS || a->k < 1 || a->k > 10000) {
		fprintf(stderr, "bench_link: -n 1..%d, -k 1..10000\n", MAX_ROUNDS);
		exit(2);
	}
}

/* argv of both tools: [0] btfx link, [1] bpftool gen object. */
static void make_argv(const struct args *a, const char *dir, char **av[2])
{
	int i, n = 0;

	for (i = 0; i < 2; i++)
		av[i] = calloc((size_t)a->k + 8, sizeof(char *));
	if (!av[0] || !av[1])
		exit(1);
	av[0][n++] = (char *)a->btfx;
	av[0][n++] = "link";
	av[0][n++] = "-o";
	if (asprintf(&av[0][n++], "%s/out.btfx", dir) < 0)
		exit(1);
	if (a->elf)
		av[0][n++] = "--elf";
	av[1][0] = "bpftool";
	av[1][1] = "gen";
	av[1][2] = "object";
	if (asprintf(&av[1][3], "%s/out.bpftool.o", dir) < 0)
		exit(1);
	for (i = 1; i <= a->k; i++) {
		if (asprintf(&av[0][n + i - 1], "%s/o%d.o", dir, i) < 0)
			exit(1);
		av[1][3 + i] = av[0][n + i - 1];
	}
}

int main(int argc, char **argv)
{
	struct args a = { .rounds = 11, .k = 100, .dir = NULL, .btfx = BENCH_BTFX };
	double t[2][MAX_ROUNDS], c[2][MAX_ROUNDS], m[2][MAX_ROUNDS], tm[2], cm[2], mm[2];
	char tmp[] = "/tmp/btfx-bench-link-XXXXXX", *av_cmd, **av[2];
	long n0, n1;
	int r, i;

	parse(argc, argv, &a);
	if (!strcmp(a.btfx, BENCH_BTFX) && !access(BENCH_BTFX_REAL, X_OK)) {
		const char *old = getenv("LD_LIBRARY_PATH");
		char *v;

		if (asprintf(&v, "%s%s%s", BENCH_LIBDIR, old ? ":" : "", old ? old : "") < 0 ||
		    setenv("LD_LIBRARY_PATH", v, 1))
			return 1;
		a.btfx = BENCH_BTFX_REAL;
	}
	if (system("clang --version >/dev/null 2>&1") ||
	    system("bpftool version >/dev/null 2>&1")) {
		printf("bench_link: skipped: needs clang and bpftool in PATH\n");
		return 0;
	}
	if (!a.dir && !(a.dir = mkdtemp(tmp))) {
		perror("mkdtemp");
		return 1;
	}
	mkdir(a.dir, 0755);
	compile(a.dir, a.k);
	make_argv(&a, a.dir, av);
	for (r = 0; r < a.rounds; r++) {
		for (i = 0; i < 2; i++) {
			struct run x = run_child(av[(r + i) % 2]);

			t[(r + i) % 2][r] = x.sec;
			c[(r + i) % 2][r] = x.cpu;
			m[(r + i) % 2][r] = (double)x.rss_kb;
		}
	}
	for (i = 0; i < 2; i++) {
		tm[i] = median(t[i], a.rounds);
		cm[i] = median(c[i], a.rounds);
		mm[i] = median(m[i], a.rounds);
	}
	n0 = type_cnt(av[0][3]);
	n1 = type_cnt(av[1][3]);
	printf("%d objects, %d rounds (medians); btfx link%s vs bpftool gen object\n", a.k,
	       a.rounds, a.elf ? " --elf" : "");
	printf("%-10s %10s %10s %12s %8s\n", "", "wall ms", "CPU ms", "peak RSS KiB", "types");
	printf("%-10s %10.2f %10.2f %12.0f %8ld\n", "btfx", tm[0] * 1e3, cm[0] * 1e3, mm[0], n0);
	printf("%-10s %10.2f %10.2f %12.0f %8ld\n", "bpftool", tm[1] * 1e3, cm[1] * 1e3, mm[1],
	       n1);
	printf("ratio wall %.3f, CPU %.3f (goal <= 0.5: %s), peak RSS %.3f (goal <= 1.0: %s), "
	       "types %s\n", tm[0] / tm[1], cm[0] / cm[1],
	       tm[0] / tm[1] <= 0.5 ? "met" : cm[0] / cm[1] <= 0.5 ? "met in CPU time" : "MISSED",
	       mm[0] / mm[1], mm[0] / mm[1] <= 1.0 ? "met" : "MISSED", n0 == n1 ? "equal" : "DIFFER");
	if (a.dir == tmp && asprintf(&av_cmd, "rm -rf %s", tmp) >= 0 && system(av_cmd))
		return 1;
	return n0 == n1 ? 0 : 1;
}
