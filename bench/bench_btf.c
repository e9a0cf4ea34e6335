// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_btf.c - libbtfx against libbpf, in one process, on the same input.
 *
 * Every operation is timed interleaved: each round runs the libbtfx side and
 * the libbpf side once (the order alternates between rounds, so neither side
 * always runs on caches the other warmed), with CLOCK_MONOTONIC around the
 * library calls only.  The table gives the median of each side, the ratio
 * libbtfx/libbpf and the goal for that ratio.  Peak memory is measured in a
 * forked child per side (VmHWM of /proc/self/status, reset first through
 * /proc/self/clear_refs), since ru_maxrss is per process.
 *
 * Once, outside the timing, the libbtfx rebuild is checked: its type section
 * must be byte-identical to the input's.  The input's string section is not
 * in first-use order (a vmlinux has strings no type uses, and its types are
 * not in the order the strings were added), so the checked rebuild first
 * adds every string of the source in order, and the builders then find
 * theirs.  The timed rebuild does what libbpf's side does, re-adding each
 * type with its strings, with no such pre-pass; --prestr times it too.
 *
 * --only btfx|libbpf --op NAME runs one side of one operation and nothing
 * else, for callgrind or perf; the library calls are in the timed_*
 * functions, so `valgrind --tool=callgrind --toggle-collect='timed_*'`
 * counts exactly what the table times.  It prints the median and the
 * fastest run: on a shared machine the fastest of many runs is the steady
 * figure to compare two builds of the library by (LD_LIBRARY_PATH).
 *
 * After the table, as a reference and not a goal, validation is timed
 * against the running kernel's own verifier on the same blob (BPF_BTF_LOAD,
 * as root); where loading is not permitted the line says it was skipped.
 *
 * Exit status: 0, or 1 when a library call fails or the rebuild mismatches
 * (a ratio above its goal prints MISSED but does not fail), 2 on bad usage.
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
#include "bpfload.h"

#include "rebuild.h"

#ifndef BENCH_SAMPLE
#define BENCH_SAMPLE "tests/data/sample.btf"
#endif
#define VMLINUX "/sys/kernel/btf/vmlinux"
#define DEFAULT_ROUNDS 15
#define NOINLINE __attribute__((noinline))

enum side { SIDE_X, SIDE_B, NR_SIDES };

static const char *const side_names[NR_SIDES] = { "btfx", "libbpf" };

/* Struct names looked up per round by the find row. */
#define NR_NAMES 100

struct bench {
	const char *path;
	uint8_t *data;
	size_t size;
	int rounds;
	int prestr;      /* time the rebuild with the source's strings added first */
	int incremental; /* one-at-a-time builders instead of whole-array ones */

	struct btfx *src_x; /* the input as libbtfx parsed it */
	struct btf *src_b;  /* and as libbpf did */
	struct rb_scratch sc;

	struct btfx *ser_x; /* a rebuild, serialized only by btfx_write_mem() */
	uint8_t *ser_buf;   /* where write_mem and memcpy write */
	uint8_t *ser_src;   /* what memcpy copies */
	size_t ser_len;

	const char *names[NR_NAMES]; /* struct names to look up */
	int name_ids[NR_NAMES];      /* the lowest STRUCT id of each */
	int nr_names;
};

struct op {
	const char *name;  /* for --op */
	const char *label; /* table row */
	const char *peer;  /* what the libbpf column runs */
	double goal;       /* ratio goal; 0: for reference only */
	int goal_minor;    /* the goal is against libbpf 1.goal_minor or later */
	int (*run[NR_SIDES])(struct bench *b, double *ns_out);
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int fail_x(const struct btfx *btf, const char *what, int err)
{
	fprintf(stderr, "bench_btf: libbtfx %s: %s (%s)\n", what, btfx_strerror(err),
		btf ? btfx_errmsg(btf) : "");
	return -1;
}

static int fail_b(const char *what, int err)
{
	fprintf(stderr, "bench_btf: libbpf %s: %s\n", what, strerror(err < 0 ? -err : err));
	return -1;
}

/*
 * ---------------------------------------------------------------------------
 * Rebuilding through the libbtfx builders
 * ---------------------------------------------------------------------------
 */

/* Rebuild every type of src into dst (empty); 0 or the failing id's error. */
static int x_rebuild_into(struct btfx *dst, const struct btfx *src, struct rb_scratch *sc,
			  int prestr, int incremental)
{
	uint32_t id = 0;
	int r;

	if (prestr) {
		r = rb_add_strings(dst, src);
		if (r < 0)
			return fail_x(dst, "add_str", r);
	}
	r = rb_rebuild_scratch(dst, src, sc, !incremental, &id);
	if (r == -EPROTO) {
		fprintf(stderr, "bench_btf: rebuilding [%u] gave another id\n", id);
		return -1;
	}
	if (r < 0) {
		fprintf(stderr, "bench_btf: rebuilding [%u] %s '%s'\n", id,
			btfx_kind_str(btfx_kind(btfx_type_by_id(src, id))),
			btfx_name_by_id(src, id));
		return fail_x(dst, "builder", r);
	}
	return 0;
}

/*
 * A new object holding a rebuild of src (*out may be set on failure too).
 * Unplaced DATASECs are allowed, as in a compiler's .o (no effect on vmlinux).
 */
static int x_rebuild_new(const struct btfx *src, struct rb_scratch *sc, int prestr, int incremental,
			 struct btfx **out)
{
	struct btfx_new_opts opts = { .sz = sizeof(opts), .flags = BTFX_NEW_UNPLACED_DATASEC };
	struct btfx *dst = btfx_new_opts(&opts);

	*out = dst;
	if (!dst)
		return -errno;
	return x_rebuild_into(dst, src, sc, prestr, incremental);
}

/* The same with libbpf: btf__add_type() of every type. */
static int b_rebuild_new(const struct btf *src, struct btf **out)
{
	uint32_t id, cnt = btf__type_cnt(src);
	struct btf *dst = btf__new_empty();
	int r;

	*out = dst;
	if (!dst)
		return -errno;
	for (id = 1; id < cnt; id++) {
		r = btf__add_type(dst, src, btf__type_by_id(src, id));
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * ---------------------------------------------------------------------------
 * The timed library calls.  Nothing else runs between the clock reads, and
 * callgrind's --toggle-collect='timed_*' counts exactly these.
 * ---------------------------------------------------------------------------
 */

static NOINLINE int timed_x_parse_file(const char *path, struct btfx **out)
{
	struct btfx *btf = btfx_new();
	int err;

	if (!btf)
		return -errno;
	err = btfx_load_file(btf, path, NULL);
	*out = btf;
	return err;
}

static NOINLINE struct btf *timed_b_parse_file(const char *path)
{
	return btf__parse_raw(path);
}

static NOINLINE int timed_x_parse_mem(const void *data, size_t size, uint32_t flags,
				      struct btfx **out)
{
	struct btfx_load_opts opts = { .sz = sizeof(opts), .flags = flags };
	struct btfx *btf = btfx_new();
	int err;

	if (!btf)
		return -errno;
	err = btfx_load(btf, data, size, &opts);
	*out = btf;
	return err;
}

static NOINLINE struct btf *timed_b_parse_mem(const void *data, size_t size)
{
	return btf__new(data, (__u32)size);
}

static NOINLINE void timed_x_find(const struct btfx *btf, const char *const *names, int n,
				   int *ids)
{
	int i;

	for (i = 0; i < n; i++)
		ids[i] = btfx_find_by_name_kind(btf, names[i], BTFX_KIND_STRUCT);
}

static NOINLINE void timed_b_find(const struct btf *btf, const char *const *names, int n,
				  int *ids)
{
	int i;

	for (i = 0; i < n; i++)
		ids[i] = btf__find_by_name_kind(btf, names[i], BTF_KIND_STRUCT);
}

static NOINLINE int timed_x_rebuild(const struct btfx *src, struct rb_scratch *sc, int prestr,
				    int incremental, struct btfx **out)
{
	return x_rebuild_new(src, sc, prestr, incremental, out);
}

static NOINLINE int timed_b_rebuild(const struct btf *src, struct btf **out)
{
	return b_rebuild_new(src, out);
}

static NOINLINE int timed_x_write_mem(struct btfx *btf, void *buf, size_t cap)
{
	return btfx_write_mem(btf, buf, cap, NULL);
}

static NOINLINE void timed_memcpy(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
	__asm__ volatile("" : : "r"(dst) : "memory");
}

static NOINLINE int timed_x_raw_data(struct btfx *btf, size_t *size_out)
{
	const void *p;

	return btfx_raw_data(btf, NULL, &p, size_out);
}

static NOINLINE const void *timed_b_raw_data(struct btf *btf, uint32_t *size_out)
{
	return btf__raw_data(btf, size_out);
}

/*
 * ---------------------------------------------------------------------------
 * One run of one side of each operation: time, then clean up untimed.
 * ---------------------------------------------------------------------------
 */

static int x_parse_file(struct bench *b, double *ns)
{
	struct btfx *btf = NULL;
	double t0 = now_ns();
	int err = timed_x_parse_file(b->path, &btf);

	*ns = now_ns() - t0;
	if (err)
		fail_x(btf, "btfx_load_file", err);
	btfx_free(btf);
	return err ? -1 : 0;
}

static int b_parse_file(struct bench *b, double *ns)
{
	double t0 = now_ns();
	struct btf *btf = timed_b_parse_file(b->path);

	*ns = now_ns() - t0;
	if (!btf)
		return fail_b("btf__parse_raw", errno);
	btf__free(btf);
	return 0;
}

static int x_parse_mem(struct bench *b, double *ns, uint32_t flags)
{
	struct btfx *btf = NULL;
	double t0 = now_ns();
	int err = timed_x_parse_mem(b->data, b->size, flags, &btf);

	*ns = now_ns() - t0;
	if (err)
		fail_x(btf, "btfx_load", err);
	btfx_free(btf);
	return err ? -1 : 0;
}

static int x_parse_borrow(struct bench *b, double *ns)
{
	return x_parse_mem(b, ns, BTFX_LOAD_BORROW);
}

static int x_parse_copy(struct bench *b, double *ns)
{
	return x_parse_mem(b, ns, 0);
}

static int b_parse_mem(struct bench *b, double *ns)
{
	double t0 = now_ns();
	struct btf *btf = timed_b_parse_mem(b->data, b->size);

	*ns = now_ns() - t0;
	if (!btf)
		return fail_b("btf__new", errno);
	btf__free(btf);
	return 0;
}

/* Every rule of the kernel's verifier, against libbpf's parse (which checks far less). */
static NOINLINE int timed_x_validate(const void *data, size_t size)
{
	return btfx_validate_raw(data, size, NULL);
}

static int x_validate(struct bench *b, double *ns)
{
	double t0 = now_ns();
	int ret = timed_x_validate(b->data, b->size);

	*ns = now_ns() - t0;
	if (ret < 0)
		return fail_x(NULL, "btfx_validate_raw", ret);
	return 0;
}

/* Did the lookups find what the setup's scan found? */
static int check_found(const struct bench *b, const int *ids, const char *side)
{
	int i;

	for (i = 0; i < b->nr_names; i++) {
		if (ids[i] != b->name_ids[i]) {
			fprintf(stderr, "bench_btf: %s found %d for STRUCT '%s', not %d\n", side,
				ids[i], b->names[i], b->name_ids[i]);
			return -1;
		}
	}
	return 0;
}

/* Lookups on a just-parsed object, so that any index is built in the timing. */
static int x_find(struct bench *b, double *ns)
{
	struct btfx_load_opts o = { .sz = sizeof(o), .flags = BTFX_LOAD_BORROW };
	struct btfx *btf = btfx_new();
	int ids[NR_NAMES], err;
	double t0;

	if (!btf)
		return fail_x(NULL, "btfx_new", -errno);
	if ((err = btfx_load(btf, b->data, b->size, &o))) {
		fail_x(btf, "btfx_load", err);
		btfx_free(btf);
		return -1;
	}
	t0 = now_ns();
	timed_x_find(btf, b->names, b->nr_names, ids);
	*ns = now_ns() - t0;
	btfx_free(btf);
	return check_found(b, ids, "libbtfx");
}

static int b_find(struct bench *b, double *ns)
{
	struct btf *btf = btf__new(b->data, (__u32)b->size);
	int ids[NR_NAMES];
	double t0;

	if (!btf)
		return fail_b("btf__new", errno);
	t0 = now_ns();
	timed_b_find(btf, b->names, b->nr_names, ids);
	*ns = now_ns() - t0;
	btf__free(btf);
	return check_found(b, ids, "libbpf");
}

static int x_rebuild(struct bench *b, double *ns)
{
	struct btfx *dst = NULL;
	double t0 = now_ns();
	int err = timed_x_rebuild(b->src_x, &b->sc, b->prestr, b->incremental, &dst);

	*ns = now_ns() - t0;
	if (err && !dst)
		fail_x(NULL, "btfx_new", err);
	btfx_free(dst);
	return err ? -1 : 0;
}

static int b_rebuild(struct bench *b, double *ns)
{
	struct btf *dst = NULL;
	double t0 = now_ns();
	int err = timed_b_rebuild(b->src_b, &dst);

	*ns = now_ns() - t0;
	if (err)
		fail_b("btf__add_type", err);
	btf__free(dst);
	return err ? -1 : 0;
}

static int x_write_mem(struct bench *b, double *ns)
{
	double t0 = now_ns();
	int r = timed_x_write_mem(b->ser_x, b->ser_buf, b->ser_len);

	*ns = now_ns() - t0;
	if (r < 0)
		return fail_x(b->ser_x, "btfx_write_mem", r);
	if ((size_t)r != b->ser_len) {
		fprintf(stderr, "bench_btf: btfx_write_mem wrote %d of %zu bytes\n", r, b->ser_len);
		return -1;
	}
	return 0;
}

static int b_memcpy(struct bench *b, double *ns)
{
	double t0 = now_ns();

	timed_memcpy(b->ser_buf, b->ser_src, b->ser_len);
	*ns = now_ns() - t0;
	return 0;
}

/* Fresh objects each time: neither library may answer from a cache. */
static int x_raw_data(struct bench *b, double *ns)
{
	struct btfx *dst = NULL;
	size_t size = 0;
	double t0;
	int err;

	err = x_rebuild_new(b->src_x, &b->sc, b->prestr, b->incremental, &dst);
	if (err) {
		btfx_free(dst);
		return -1;
	}
	t0 = now_ns();
	err = timed_x_raw_data(dst, &size);
	*ns = now_ns() - t0;
	if (err)
		fail_x(dst, "btfx_raw_data", err);
	btfx_free(dst);
	return err ? -1 : 0;
}

static int b_raw_data(struct bench *b, double *ns)
{
	struct btf *dst = NULL;
	const void *p;
	uint32_t size;
	double t0;

	if (b_rebuild_new(b->src_b, &dst)) {
		btf__free(dst);
		return fail_b("btf__add_type", errno);
	}
	t0 = now_ns();
	p = timed_b_raw_data(dst, &size);
	*ns = now_ns() - t0;
	btf__free(dst);
	return p ? 0 : fail_b("btf__raw_data", errno);
}

static const struct op ops[] = {
	{ "parse-file", "parse from file", "btf__parse_raw", 0.3, 0, { x_parse_file, b_parse_file } },
	/* libbpf 1.1's btf__new() checks no id and no string: the goal is against 1.8's. */
	{ "parse-mem", "parse from memory, BORROW", "btf__new", 0.5, 8,
	  { x_parse_borrow, b_parse_mem } },
	{ "parse-mem-copy", "parse from memory, copy", "btf__new", 0, 0,
	  { x_parse_copy, b_parse_mem } },
	{ "validate", "validate, every kernel rule", "btf__new", 1.0, 0, { x_validate, b_parse_mem } },
	{ "rebuild", "rebuild via builders", "btf__add_type", 0.5, 0, { x_rebuild, b_rebuild } },
	{ "find", "find 100 struct names, fresh object", "btf__find_by_name_kind", 0, 0,
	  { x_find, b_find } },
	{ "serialize", "serialize: write_mem / memcpy", "memcpy", 1.5, 0, { x_write_mem, b_memcpy } },
	{ "raw-data", "serialize: raw_data, fresh", "btf__raw_data", 0, 0,
	  { x_raw_data, b_raw_data } },
};

#define NR_OPS (sizeof(ops) / sizeof(ops[0]))

/*
 * ---------------------------------------------------------------------------
 * Input and setup
 * ---------------------------------------------------------------------------
 */

static int read_file(const char *path, uint8_t **data_out, size_t *size_out)
{
	size_t len = 0, cap = 1 << 20;
	uint8_t *buf = malloc(cap), *p;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 || !buf)
		goto err_out;
	for (;;) {
		if (len == cap) {
			p = realloc(buf, cap * 2);
			if (!p)
				goto err_out;
			buf = p;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto err_out;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	*data_out = buf;
	*size_out = len;
	return 0;
err_out:
	fprintf(stderr, "bench_btf: %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(buf);
	return -1;
}

/* The input: the argument, else vmlinux, else the test sample. */
static const char *default_input(void)
{
	static char path[4096];
	const char *dir = getenv("BTFX_TEST_DATA");

	if (access(VMLINUX, R_OK) == 0)
		return VMLINUX;
	if (dir) {
		snprintf(path, sizeof(path), "%s/sample.btf", dir);
		return path;
	}
	return BENCH_SAMPLE;
}

/*
 * NR_NAMES struct names spread over the input, and the lowest STRUCT id of
 * each, found by a plain scan here.
 */
static void setup_names(struct bench *b)
{
	uint32_t id, cnt = btfx_type_cnt(b->src_x), nr_structs = 0, step, seen = 0;

	for (id = 1; id < cnt; id++)
		nr_structs += btfx_kind(btfx_type_by_id(b->src_x, id)) == BTFX_KIND_STRUCT;
	step = nr_structs / NR_NAMES + 1;
	for (id = 1; id < cnt && b->nr_names < NR_NAMES; id++) {
		const char *s = btfx_name_by_id(b->src_x, id);
		uint32_t j;

		if (btfx_kind(btfx_type_by_id(b->src_x, id)) != BTFX_KIND_STRUCT || !*s ||
		    seen++ % step)
			continue;
		for (j = 1; j <= id; j++) {
			if (btfx_kind(btfx_type_by_id(b->src_x, j)) == BTFX_KIND_STRUCT &&
			    !strcmp(btfx_name_by_id(b->src_x, j), s))
				break;
		}
		b->names[b->nr_names] = s;
		b->name_ids[b->nr_names++] = (int)j;
	}
}

static int setup_x(struct bench *b)
{
	struct btfx *btf = btfx_new();
	int err;

	if (!btf)
		return fail_x(NULL, "btfx_new", -errno);
	b->src_x = btf;
	err = btfx_load(btf, b->data, b->size, NULL);
	if (err)
		return fail_x(btf, "btfx_load", err);
	if (btfx_base(btf) || btfx_start_id(btf) != 1) {
		fprintf(stderr, "bench_btf: %s is split BTF; give a standalone blob\n", b->path);
		return -1;
	}
	if (rb_scratch_init(&b->sc, btf))
		return fail_x(NULL, "scratch", -ENOMEM);
	setup_names(b);
	return 0;
}

static int setup_b(struct bench *b)
{
	b->src_b = btf__new(b->data, (__u32)b->size);
	return b->src_b ? 0 : fail_b("btf__new", errno);
}

/* The object and buffers btfx_write_mem() and memcpy work on. */
static int setup_serialize(struct bench *b)
{
	int err;

	err = x_rebuild_new(b->src_x, &b->sc, b->prestr, b->incremental, &b->ser_x);
	if (err)
		return -1;
	err = btfx_raw_size(b->ser_x, NULL, &b->ser_len);
	if (err)
		return fail_x(b->ser_x, "btfx_raw_size", err);
	b->ser_buf = malloc(b->ser_len);
	b->ser_src = malloc(b->ser_len);
	if (!b->ser_buf || !b->ser_src)
		return fail_x(NULL, "serialize buffers", -ENOMEM);
	/* Fault both in, and give memcpy real bytes to copy. */
	memset(b->ser_buf, 0, b->ser_len);
	memset(b->ser_src, 0, b->ser_len);
	memcpy(b->ser_src, b->data, b->size < b->ser_len ? b->size : b->ser_len);
	return 0;
}

static void teardown(struct bench *b)
{
	btfx_free(b->src_x);
	btfx_free(b->ser_x);
	btf__free(b->src_b);
	rb_scratch_free(&b->sc);
	free(b->ser_buf);
	free(b->ser_src);
	free(b->data);
}

/*
 * ---------------------------------------------------------------------------
 * The rebuild check
 * ---------------------------------------------------------------------------
 */

struct sections {
	const uint8_t *types;
	const uint8_t *strs;
	uint32_t type_len;
	uint32_t str_len;
};

/* Sections of a host-order blob; -1 when it is not one. */
static int blob_sections(const void *blob, size_t len, struct sections *s)
{
	struct btfx_header h;
	const uint8_t *p = blob;

	if (len < BTFX_HDR_LEN_CLASSIC)
		return -1;
	memset(&h, 0, sizeof(h));
	memcpy(&h, p, BTFX_HDR_LEN_CLASSIC);
	if (h.magic != BTFX_MAGIC || h.hdr_len < BTFX_HDR_LEN_CLASSIC || h.hdr_len > len)
		return -1;
	len -= h.hdr_len;
	if (h.type_off > len || h.type_len > len - h.type_off || h.str_off > len ||
	    h.str_len > len - h.str_off)
		return -1;
	s->types = p + h.hdr_len + h.type_off;
	s->type_len = h.type_len;
	s->strs = p + h.hdr_len + h.str_off;
	s->str_len = h.str_len;
	return 0;
}

static size_t first_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n && a[i] == b[i]; i++)
		;
	return i;
}

/* Type id whose record holds byte off of the source's type section. */
static uint32_t id_at(const struct btfx *src, size_t off)
{
	uint32_t id, cnt = btfx_type_cnt(src);
	size_t pos = 0;

	for (id = btfx_start_id(src); id < cnt; id++) {
		pos += btfx_record_len(src, id);
		if (off < pos)
			return id;
	}
	return cnt;
}

static void report_diff(const struct bench *b, const struct sections *in,
			const struct sections *out)
{
	size_t n = in->type_len < out->type_len ? in->type_len : out->type_len;
	size_t d = first_diff(in->types, out->types, n);
	uint32_t id = id_at(b->src_x, d);

	printf("rebuild check: MISMATCH: type sections %u vs %u bytes, first difference at byte "
	       "%zu, type [%u] %s '%s'\n",
	       in->type_len, out->type_len, d, id,
	       id < btfx_type_cnt(b->src_x) ?
		       btfx_kind_str(btfx_kind(btfx_type_by_id(b->src_x, id))) :
		       "(past the end)",
	       id < btfx_type_cnt(b->src_x) ? btfx_name_by_id(b->src_x, id) : "");
	if (in->str_len != out->str_len || memcmp(in->strs, out->strs, in->str_len))
		printf("rebuild check: string sections differ (%u vs %u bytes)\n", in->str_len,
		       out->str_len);
}

/* 0 when the rebuild's type section is byte-identical to the input's. */
static int verify_rebuild(struct bench *b)
{
	struct sections in, out;
	struct btfx *dst = NULL;
	const void *p;
	size_t len;
	int err;

	if (blob_sections(b->data, b->size, &in)) {
		/* Not host order: compare with libbtfx's own serialization. */
		err = btfx_raw_data(b->src_x, NULL, &p, &len);
		if (err)
			return fail_x(b->src_x, "btfx_raw_data", err);
		if (blob_sections(p, len, &in))
			return fail_x(b->src_x, "btfx_raw_data output", -EBADMSG);
	}
	/* Byte identity needs the source's string order: pre-pass on. */
	err = x_rebuild_new(b->src_x, &b->sc, 1, b->incremental, &dst);
	if (!err)
		err = btfx_raw_data(dst, NULL, &p, &len);
	if (err) {
		fail_x(dst, "rebuild for the check", err);
		btfx_free(dst);
		return -1;
	}
	err = blob_sections(p, len, &out) ? fail_x(dst, "btfx_raw_data output", -EBADMSG) : 0;
	if (!err && (in.type_len != out.type_len || memcmp(in.types, out.types, in.type_len))) {
		report_diff(b, &in, &out);
		err = -1;
	} else if (!err) {
		printf("rebuild check: OK: type section byte-identical (%u bytes); strings %s "
		       "(%u vs %u bytes)%s\n",
		       in.type_len,
		       in.str_len == out.str_len && !memcmp(in.strs, out.strs, in.str_len) ?
			       "identical" :
			       "differ",
		       in.str_len, out.str_len, ", source strings added first");
	}
	btfx_free(dst);
	return err;
}

/*
 * ---------------------------------------------------------------------------
 * Peak memory, one forked child per side
 * ---------------------------------------------------------------------------
 */

/* Parse, rebuild and serialize once; kb[0] is the start, kb[1..3] the peaks. */
static int mem_run_x(const struct bench *b, long kb[4])
{
	struct btfx *src = NULL, *dst = NULL;
	struct rb_scratch sc = { 0 };
	const void *p;
	size_t len;
	int err;

	err = timed_x_parse_file(b->path, &src);
	kb[1] = bench_status_kb("VmHWM");
	if (!err)
		err = rb_scratch_init(&sc, src);
	if (!err)
		err = x_rebuild_new(src, &sc, b->prestr, b->incremental, &dst);
	kb[2] = bench_status_kb("VmHWM");
	if (!err)
		err = btfx_raw_data(dst, NULL, &p, &len);
	kb[3] = bench_status_kb("VmHWM");
	btfx_free(dst);
	btfx_free(src);
	rb_scratch_free(&sc);
	return err;
}

static int mem_run_b(const struct bench *b, long kb[4])
{
	struct btf *src, *dst = NULL;
	uint32_t len;
	int err = 0;

	src = timed_b_parse_file(b->path);
	kb[1] = bench_status_kb("VmHWM");
	if (!src || b_rebuild_new(src, &dst))
		err = -1;
	kb[2] = bench_status_kb("VmHWM");
	if (!err && !timed_b_raw_data(dst, &len))
		err = -1;
	kb[3] = bench_status_kb("VmHWM");
	btf__free(dst);
	btf__free(src);
	return err;
}

static int mem_side(const struct bench *b, enum side side, long kb[4])
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		kb[0] = bench_reset_hwm() ? -1 : bench_status_kb("VmRSS");
		if ((side == SIDE_X ? mem_run_x : mem_run_b)(b, kb))
			_exit(1);
		_exit(write(fds[1], kb, 4 * sizeof(long)) == 4 * sizeof(long) ? 0 : 1);
	}
	close(fds[1]);
	status = read(fds[0], kb, 4 * sizeof(long)) == 4 * sizeof(long);
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return kb[0] < 0 ? -1 : 0;
}

/*
 * ---------------------------------------------------------------------------
 * Reporting
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

static void print_header(void)
{
	printf("%-32s %12s %12s %7s %7s  %-7s %s\n", "operation", "libbtfx", "libbpf", "ratio",
	       "goal", "status", "libbpf side");
}

/* Does the row's goal hold against the libbpf linked in? */
static int goal_applies(const struct op *op)
{
	return op->goal > 0 && (libbpf_major_version() > 1 ||
				(int)libbpf_minor_version() >= op->goal_minor);
}

static void print_row(const struct op *op, double x_ns, double b_ns)
{
	double ratio = x_ns / b_ns;
	char goal[16] = "-";

	if (goal_applies(op))
		snprintf(goal, sizeof(goal), "<=%.2g", op->goal);
	else if (op->goal > 0)
		snprintf(goal, sizeof(goal), "(1.%d)", op->goal_minor); /* against a later libbpf */
	printf("%-32s %9.3f ms %9.3f ms %7.3f %7s  %-7s %s\n", op->label, x_ns / 1e6, b_ns / 1e6,
	       ratio, goal,
	       !goal_applies(op) ? "ref" : ratio <= op->goal ? "ok" : "MISSED", op->peer);
}

/* Peak RSS of each side, in KiB: [0] at the start, [1..3] after each step. */
static int measure_mem(const struct bench *b, long kb[NR_SIDES][4])
{
	if (mem_side(b, SIDE_X, kb[SIDE_X]) || mem_side(b, SIDE_B, kb[SIDE_B])) {
		fprintf(stderr, "bench_btf: peak RSS could not be measured\n");
		return -1;
	}
	return 0;
}

static void print_mem(long kb[NR_SIDES][4])
{
	static const char *const phases[] = { "", "peak RSS: parse file", "peak RSS: + rebuild",
					      "peak RSS: + raw_data" };
	int i;

	for (i = 1; i < 4; i++) {
		double x = (double)(kb[SIDE_X][i] - kb[SIDE_X][0]);
		double bb = (double)(kb[SIDE_B][i] - kb[SIDE_B][0]);

		printf("%-32s %9.2f MB %9.2f MB %7.3f %7s  %-7s %s\n", phases[i], x / 1024,
		       bb / 1024, bb > 0 ? x / bb : 0.0, "-", "ref", "same steps, own process");
	}
}

/*
 * ---------------------------------------------------------------------------
 * Driving
 * ---------------------------------------------------------------------------
 */

/* All rounds of one operation, interleaved; 0 or -1.  med: the medians. */
static int run_op(struct bench *b, const struct op *op, double med[NR_SIDES])
{
	double *v[NR_SIDES];
	int r, i, s, err = 0;

	v[SIDE_X] = calloc((size_t)b->rounds, sizeof(double));
	v[SIDE_B] = calloc((size_t)b->rounds, sizeof(double));
	if (!v[SIDE_X] || !v[SIDE_B])
		err = -1;
	/* A warm-up run of each side, untimed. */
	for (s = 0; !err && s < NR_SIDES; s++)
		err = op->run[s](b, &v[s][0]);
	for (r = 0; !err && r < b->rounds; r++) {
		for (i = 0; !err && i < NR_SIDES; i++) {
			s = r % 2 ? NR_SIDES - 1 - i : i;
			err = op->run[s](b, &v[s][r]);
		}
	}
	if (!err) {
		med[SIDE_X] = median(v[SIDE_X], b->rounds);
		med[SIDE_B] = median(v[SIDE_B], b->rounds);
		print_row(op, med[SIDE_X], med[SIDE_B]);
	} else {
		printf("%-32s FAILED\n", op->label);
	}
	free(v[SIDE_X]);
	free(v[SIDE_B]);
	return err;
}

static int run_all(struct bench *b, long kb[NR_SIDES][4])
{
	uint32_t nr = btfx_type_cnt(b->src_x) - 1;
	double med[NR_OPS][NR_SIDES];
	size_t i;
	int err = 0;

	print_header();
	for (i = 0; i < NR_OPS; i++) {
		med[i][SIDE_X] = med[i][SIDE_B] = 0;
		if (run_op(b, &ops[i], med[i]))
			err = -1;
	}
	if (kb)
		print_mem(kb);
	printf("\nper type (ns):                  %9s %12s\n", "libbtfx", "libbpf");
	for (i = 0; i < NR_OPS; i++)
		if (!strncmp(ops[i].name, "parse", 5) || !strcmp(ops[i].name, "rebuild"))
			printf("  %-30s %9.1f %12.1f\n", ops[i].label, med[i][SIDE_X] / nr,
			       med[i][SIDE_B] / nr);
	return err;
}

/*
 * A reference, not a goal: the running kernel's own verifier on the same
 * blob (BPF_BTF_LOAD, which needs root), interleaved with validation.  The
 * kernel copies the blob, checks it and builds its object; the timing
 * takes the call and the close of its fd (the kernel frees the object
 * later).
 */
static void kernel_ref(struct bench *b)
{
	double *v = calloc((size_t)b->rounds * 2, sizeof(double)), t0, kmed, xmed;
	int r, kerr = 0, xerr = 0;

	if (!v)
		return;
	for (r = 0; !kerr && !xerr && r < b->rounds; r++) {
		t0 = now_ns();
		kerr = bl_load(b->data, b->size, NULL, 0);
		v[r] = now_ns() - t0;
		if (!kerr)
			xerr = x_validate(b, &v[b->rounds + r]);
	}
	if (kerr == -EPERM || kerr == -EACCES || kerr == -ENOSYS) {
		printf("\nkernel reference: skipped, BPF_BTF_LOAD is not permitted here (%s)\n",
		       strerror(-kerr));
	} else if (kerr) {
		printf("\nkernel reference: skipped, the kernel refuses the blob (%s)\n",
		       strerror(-kerr));
	} else if (!xerr) {
		kmed = median(v, b->rounds);
		xmed = median(v + b->rounds, b->rounds);
		printf("\nkernel reference (BPF_BTF_LOAD of the same blob, %d interleaved rounds):\n"
		       "  the running kernel's verifier %9.3f ms\n"
		       "  validate, every kernel rule   %9.3f ms   ratio %.3f\n",
		       b->rounds, kmed / 1e6, xmed / 1e6, xmed / kmed);
	}
	free(v);
}

/* --only: one side of one operation, for callgrind and perf. */
static int run_only(struct bench *b, enum side side, const struct op *op)
{
	double *v = calloc((size_t)b->rounds, sizeof(double));
	int r, err = v ? 0 : -1;

	for (r = 0; !err && r < b->rounds; r++)
		err = op->run[side](b, &v[r]);
	if (!err) {
		double med = median(v, b->rounds); /* sorts: v[0] is then the fastest run */

		printf("%s %s: median %.3f ms, fastest %.3f ms over %d runs\n",
		       side_names[side], op->name, med / 1e6, v[0] / 1e6, b->rounds);
	}
	free(v);
	return err;
}

static const struct op *find_op(const char *name)
{
	size_t i;

	for (i = 0; i < NR_OPS; i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: bench_btf [-n ROUNDS] [--prestr] [--incremental] [--no-mem]\n"
		   "                 [--only btfx|libbpf --op OP] [FILE]\n"
		   "FILE: raw BTF (default %s, else $BTFX_TEST_DATA/sample.btf\n"
		   "      or %s)\nOP:", VMLINUX, BENCH_SAMPLE);
	for (i = 0; i < NR_OPS; i++)
		fprintf(f, " %s", ops[i].name);
	fprintf(f, "\n");
}

struct args {
	int only; /* -1: both sides */
	const struct op *op;
	int mem;
	int rounds; /* 0: default */
};

/* 0, or 2 for bad usage (-1 after -h). */
static int parse_args(int argc, char **argv, struct bench *b, struct args *a)
{
	static const struct option lopts[] = {
		{ "only", required_argument, NULL, 'o' },
		{ "op", required_argument, NULL, 'p' },
		{ "prestr", no_argument, NULL, 's' },
		{ "incremental", no_argument, NULL, 'i' },
		{ "no-mem", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "n:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			a->rounds = atoi(optarg);
			if (a->rounds < 1)
				return 2;
			break;
		case 'o':
			if (!strcmp(optarg, "btfx"))
				a->only = SIDE_X;
			else if (!strcmp(optarg, "libbpf"))
				a->only = SIDE_B;
			else
				return 2;
			break;
		case 'p':
			a->op = find_op(optarg);
			if (!a->op)
				return 2;
			break;
		case 's':
			b->prestr = 1;
			break;
		case 'i':
			b->incremental = 1;
			break;
		case 'm':
			a->mem = 0;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return 2;
		}
	}
	if (optind + 1 < argc || (a->only >= 0) != (a->op != NULL))
		return 2;
	b->path = optind < argc ? argv[optind] : default_input();
	b->rounds = a->rounds ? a->rounds : a->only >= 0 ? 1 : DEFAULT_ROUNDS;
	return 0;
}

/* Load the input into both libraries and prepare what the operations need. */
static int setup(struct bench *b, int only, const struct op *op)
{
	if (read_file(b->path, &b->data, &b->size))
		return -1;
	if (setup_x(b))
		return -1;
	if (only != SIDE_X && setup_b(b))
		return -1;
	if (only < 0 && verify_rebuild(b))
		return -1;
	if ((only < 0 || !strcmp(op->name, "serialize")) && setup_serialize(b))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = { .only = -1, .mem = 1 };
	struct bench b = { .prestr = 0 };
	long kb[NR_SIDES][4];
	int err;

	err = parse_args(argc, argv, &b, &a);
	if (err) {
		if (err > 0)
			usage(stderr);
		return err > 0 ? 2 : 0;
	}
	libbpf_set_print(NULL);
	if (a.only < 0) {
		printf("libbtfx %s vs libbpf %s on %s\n", btfx_version(), libbpf_version_string(),
		       b.path);
		/* Before this process holds anything big: the children inherit it. */
		if (a.mem && measure_mem(&b, kb))
			err = -1;
	}
	if (!err)
		err = setup(&b, a.only, a.op);
	if (!err && a.only >= 0) {
		err = run_only(&b, (enum side)a.only, a.op);
	} else if (!err) {
		printf("%zu bytes, %u types, %u string bytes; %d interleaved rounds per operation, "
		       "medians; %s builders%s\n\n",
		       b.size, btfx_type_cnt(b.src_x) - 1, btfx_str_sec_len(b.src_x), b.rounds,
		       b.incremental ? "one-at-a-time" : "whole-array",
		       b.prestr ? ", timed with the source's strings added first" : "");
		err = run_all(&b, a.mem ? kb : NULL);
		kernel_ref(&b);
	}
	teardown(&b);
	return err ? 1 : 0;
}
