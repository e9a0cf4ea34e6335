// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_stream.c - the stream writer (flush-as-you-go): the running
 * kernel's BTF (else tests/data/sample.btf) rebuilt through the builders
 * with a flush every N types gives the bytes of an unflushed build written
 * with btfx_write_mem(), through seekable and unseekable sinks, in both
 * byte orders, with and without layout; flushed types cannot be looked up
 * or modified, and the object is unchanged by the failed calls; a sink
 * failing at each call in turn; hash-consing against flushed types.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rebuild.h"
#include "testutil.h"

/* The source: the kernel's BTF when there is one, else sample.btf. */
static struct btfx *load_src(void)
{
	struct btfx *btf = btfx_new();
	int r;

	ck_assert_ptr_nonnull(btf);
	r = btfx_load_file(btf, tu_have_vmlinux() ? TU_VMLINUX : tu_data_path("sample.btf"), NULL);
	ck_assert_msg(r == 0, "load: %d %s", r, btfx_errmsg(btf));
	return btf;
}

static struct btfx *new_obj(uint32_t flags)
{
	struct btfx_new_opts no = { .sz = sizeof(no), .flags = flags };
	struct btfx *btf = btfx_new_opts(&no);

	ck_assert_ptr_nonnull(btf);
	return btf;
}

/* src rebuilt without a stream, written with wo: malloc'd bytes. */
static uint8_t *reference(const struct btfx *src, const struct btfx_write_opts *wo, size_t *len)
{
	struct btfx *dst = new_obj(0);
	uint32_t bad = 0;
	uint8_t *out;
	size_t n;
	int r;

	ck_assert_int_eq(rb_add_strings(dst, src), 0);
	r = rb_rebuild(dst, src, 1, &bad);
	ck_assert_msg(r == 0, "rebuild: [%u] %d %s", bad, r, btfx_errmsg(dst));
	ck_assert_int_eq(btfx_raw_size(dst, wo, &n), 0);
	out = malloc(n);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(btfx_write_mem(dst, out, n, wo), (int)n);
	btfx_free(dst);
	*len = n;
	return out;
}

/* Flush every `every` types, from the rebuild's hook. */
struct run {
	struct btfx_stream *st;
	uint32_t every, n, flushed;
};

static int flush_hook(void *ctx, uint32_t id)
{
	struct run *r = ctx;
	int f;

	(void)id;
	if (++r->n % r->every)
		return 0;
	f = btfx_stream_flush(r->st);
	if (f > 0)
		r->flushed += (uint32_t)f;
	return f < 0 ? f : 0;
}

/*
 * src rebuilt into a new object (flags) streamed to sink with a flush every
 * `every` types: 0, or the first error of open, a flush or close.
 */
static int stream_build(const struct btfx *src, struct btfx_sink *sink,
			const struct btfx_stream_opts *so, uint32_t every, int whole,
			uint32_t flags, char *msg, size_t msg_len)
{
	struct btfx *dst = new_obj(flags);
	struct rb_scratch sc = { NULL, NULL, NULL };
	struct run run = { .every = every };
	uint32_t bad = 0;
	int r;

	ck_assert_int_eq(rb_add_strings(dst, src), 0);
	ck_assert_int_eq(rb_scratch_init(&sc, src), 0);
	run.st = btfx_stream_open(dst, sink, so);
	r = run.st ? 0 : -errno;
	if (!r) {
		r = rb_rebuild_hook(dst, src, &sc, whole, &bad, flush_hook, &run);
		if (r)
			btfx_stream_abort(run.st);
		else
			r = btfx_stream_close(run.st);
	}
	if (!r) {
		ck_assert_uint_eq(btfx_type_cnt(dst), btfx_type_cnt(src));
		ck_assert_uint_eq(btfx_type_sec_len(dst), btfx_type_sec_len(src));
		ck_assert(every == 1 || run.flushed > 0 || run.n < every);
	}
	snprintf(msg, msg_len, "%s", btfx_errmsg(dst));
	rb_scratch_free(&sc);
	btfx_free(dst);
	return r;
}


static uint8_t *read_file(const char *path, size_t *len)
{
	struct stat sb;
	uint8_t *p;
	int fd = open(path, O_RDONLY);

	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fstat(fd, &sb), 0);
	p = malloc((size_t)sb.st_size + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pread(fd, p, (size_t)sb.st_size, 0), sb.st_size);
	close(fd);
	*len = (size_t)sb.st_size;
	return p;
}

static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

enum { S_MEM, S_PATH, S_FD, S_CB_SPOOL_FILE, S_CB_SPOOL_MEM, NR_SINKS };
static const char *const sink_names[] = { "memory", "path", "fd", "callback (spool file)",
					  "callback (spool memory)" };

/* The stream's output through sink kind k: malloc'd bytes. */
static uint8_t *streamed(int k, const struct btfx *src, struct btfx_stream_opts so,
			 uint32_t every, int whole, size_t *len)
{
	char dir[] = "/tmp/check_stream.XXXXXX", path[64], msg[256];
	struct tu_cbout c = { 0 };
	struct btfx_sink *s;
	uint8_t *out = NULL;
	int fd = -1, r;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.btf", dir);
	if (k == S_MEM)
		s = btfx_sink_mem(NULL, 0, NULL);
	else if (k == S_PATH)
		s = btfx_sink_path(path, NULL);
	else if (k == S_FD)
		s = btfx_sink_fd(fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), NULL);
	else
		s = btfx_sink_callback(&tu_cbout_ops, &c, NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(btfx_sink_seekable(s), k <= S_FD);
	if (k == S_CB_SPOOL_MEM)
		so.flags |= BTFX_STREAM_SPOOL_MEM;
	r = stream_build(src, s, &so, every, whole, 0, msg, sizeof(msg));
	ck_assert_msg(r == 0, "%s, every %u: %d %s", sink_names[k], every, r, msg);
	if (k == S_MEM) {
		const void *d = btfx_sink_mem_data(s, len);

		out = malloc(*len);
		ck_assert_ptr_nonnull(out);
		memcpy(out, d, *len);
	}
	ck_assert_int_eq(btfx_sink_close(s), 0);
	if (k == S_PATH || k == S_FD)
		out = read_file(path, len);
	if (k >= S_CB_SPOOL_FILE) {
		out = c.buf;
		*len = c.len;
	}
	if (fd >= 0)
		close(fd);
	unlink(path);
	rmdir(dir);
	return out;
}

/* _i: sink kind x (big endian) x (layout). */
START_TEST(test_btfx_stream_close_same_bytes)
{
	static const uint32_t every[] = { 1, 7, 1000 };
	int k = _i / 4, big = _i / 2 % 2, layout = _i % 2;
	struct btfx_write_opts wo = { .sz = sizeof(wo),
				      .endian = big ? BTFX_ENDIAN_BIG : BTFX_ENDIAN_LITTLE,
				      .flags = layout ? BTFX_WRITE_LAYOUT : 0 };
	struct btfx_stream_opts so = { .sz = sizeof(so), .endian = wo.endian, .flags = wo.flags };
	struct btfx *src = load_src();
	uint8_t *ref, *out;
	size_t ref_len, len;
	unsigned int i;

	ref = reference(src, &wo, &ref_len);
	for (i = 0; i < sizeof(every) / sizeof(every[0]); i++) {
		/* One at a time (types left open while appended to), or whole arrays. */
		out = streamed(k, src, so, every[i], i == 2, &len);
		ck_assert_msg(len == ref_len && !memcmp(out, ref, len),
			      "%s, %s endian, layout %d, every %u: %zu bytes, want %zu",
			      sink_names[k], big ? "big" : "little", layout, every[i], len,
			      ref_len);
		free(out);
	}
	free(ref);
	btfx_free(src);
}
END_TEST

/* [1] int, [2] int *, [3] struct s { int a; } (closed), [4] DATASEC .data. */
static struct btfx *small_obj(uint32_t flags)
{
	static const struct btfx_member_info m[] = { { "a", 1, 0, 0 } };
	struct btfx *btf = new_obj(flags);

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 2);
	ck_assert_int_eq(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 4, m, 1,
								 sizeof(m[0])),
			 3);
	return btf;
}

static int noop_visit(void *ctx, uint32_t *field)
{
	(void)ctx;
	(void)field;
	return 0;
}

static int noop_field(void *ctx, uint32_t value)
{
	(void)ctx;
	(void)value;
	return 0;
}

static int place_any(void *ctx, const char *name, uint32_t var, uint32_t *off, uint32_t *sz)
{
	(void)ctx;
	(void)name;
	(void)var;
	(void)off;
	(void)sz;
	return 0;
}

static int print_nothing(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	(void)text;
	(void)len;
	return 0;
}

struct sizes {
	uint32_t cnt, types, strs;
};

static void sizes_take(const struct btfx *btf, struct sizes *s)
{
	s->cnt = btfx_type_cnt(btf);
	s->types = btfx_type_sec_len(btf);
	s->strs = btfx_str_sec_len(btf);
}

static void sizes_same(const struct btfx *btf, const struct sizes *s)
{
	ck_assert_uint_eq(btfx_type_cnt(btf), s->cnt);
	ck_assert_uint_eq(btfx_type_sec_len(btf), s->types);
	ck_assert_uint_eq(btfx_str_sec_len(btf), s->strs);
}

#define ASSERT_STALE(btf, call)                                                           \
	do {                                                                              \
		int r_ = (call);                                                          \
		ck_assert_msg(r_ == -ESTALE, #call ": %d", r_);                           \
		ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "was flushed to the stream")); \
	} while (0)

/*
 * [4] const s, [5] struct t { int *p; const s q; }, [6] int v, [7] DATASEC
 * .data { v }; with st, flushes on the way.
 */
static void extend(struct btfx *btf, struct btfx_stream *st)
{
	ck_assert_int_eq(btfx_add_const(btf, 3), 4);
	ck_assert_int_eq(btfx_add_struct(btf, "t", 16), 5);
	ck_assert_int_eq(btfx_append_member(btf, "p", 2, 0, 0), 0);
	if (st)
		ck_assert_int_eq(btfx_stream_flush(st), 1); /* [4]; [5] is open */
	ck_assert_int_eq(btfx_append_member(btf, "q", 4, 64, 0), 0);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_GLOBAL_ALLOCATED, 1), 6);
	ck_assert_int_eq(btfx_add_datasec(btf, ".data", 4), 7);
	if (st)
		ck_assert_int_eq(btfx_stream_flush(st), 2); /* [5], [6]; [7] is open */
	ck_assert_int_eq(btfx_append_secinfo(btf, 6, 0, 4), 0);
}

START_TEST(test_btfx_stream_flushed_types_refused)
{
	struct btfx *btf = small_obj(0), *other;
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	struct btfx_stream *st;
	struct btfx_stats stats = { .sz = sizeof(stats) };
	const void *data;
	uint64_t sz;
	struct sizes before;
	size_t len;
	uint8_t buf[512];
	int n;

	ck_assert_ptr_nonnull(s);
	st = btfx_stream_open(btf, s, NULL);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(btfx_stream_flush(st), 3);
	ck_assert_int_eq(btfx_stream_flush(st), 0);
	sizes_take(btf, &before);
	ck_assert_uint_eq(before.cnt, 4);

	/* Lookups. */
	ck_assert_ptr_null(btfx_type_by_id(btf, 1));
	ck_assert_str_eq(btfx_errmsg(btf), "type_by_id: [1] was flushed to the stream");
	ck_assert_ptr_null(btfx_type_by_id(btf, 3));
	ck_assert_ptr_null(btfx_name_by_id(btf, 3));
	ck_assert_uint_eq(btfx_record_len(btf, 2), 0);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "int", -1), -ENOENT);
	ck_assert_int_eq(btfx_resolve_size(btf, 2, &sz), -ENOENT);
	ck_assert_int_eq(btfx_for_each_type_id(btf, 2, noop_field, NULL), -ENOENT);
	ck_assert_ptr_nonnull(btfx_type_by_id(btf, 0));

	/* Modifications of flushed types: -ESTALE, nothing changed. */
	ASSERT_STALE(btf, btfx_append_member(btf, "b", 1, 32, 0));
	ASSERT_STALE(btf, btfx_visit_type_ids(btf, 2, noop_visit, NULL));
	ASSERT_STALE(btf, btfx_visit_str_offs(btf, 3, noop_visit, NULL));
	sizes_same(btf, &before);

	/* Whole-object calls: -EBUSY. */
	ck_assert_int_eq(btfx_write_mem(btf, buf, sizeof(buf), NULL), -EBUSY);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "stream writer is open"));
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &data, &len), -EBUSY);
	ck_assert_int_eq(btfx_raw_size(btf, NULL, &len), -EBUSY);
	ck_assert_int_eq(btfx_write(btf, s, NULL), -EBUSY);
	ck_assert_int_eq(btfx_dedup(btf, NULL), -EBUSY);
	ck_assert_int_eq(btfx_dump_raw(btf, print_nothing, NULL), -EBUSY);
	ck_assert_int_eq(btfx_stats(btf, &stats), -EBUSY);
	errno = 0;
	ck_assert_ptr_null(btfx_stream_open(btf, s, NULL));
	ck_assert_int_eq(errno, EBUSY);
	other = new_obj(0);
	ck_assert_int_eq(btfx_add_btf(other, btf), -EBUSY);
	btfx_free(other);
	sizes_same(btf, &before);

	/* New types refer to flushed ones; an open type is kept by a flush. */
	extend(btf, st);
	ck_assert_int_eq(btfx_stream_close(st), 0);
	ASSERT_STALE(btf, btfx_place_datasec(btf, 7, 8, place_any, NULL));
	ASSERT_STALE(btf, btfx_append_secinfo(btf, 6, 4, 4));
	ck_assert_int_eq(btfx_write_mem(btf, buf, sizeof(buf), NULL), -EBUSY);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "were flushed to a stream"));
	errno = 0;
	ck_assert_ptr_null(btfx_stream_open(btf, s, NULL));
	ck_assert_int_eq(errno, EBUSY);

	/* The failed calls changed nothing: the bytes of the same build, unflushed. */
	other = small_obj(0);
	extend(other, NULL);
	n = btfx_write_mem(other, buf, sizeof(buf), NULL);
	ck_assert_int_gt(n, 0);
	data = btfx_sink_mem_data(s, &len);
	ck_assert_uint_eq(len, (size_t)n);
	ck_assert(!memcmp(data, buf, len));
	btfx_free(other);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	btfx_free(btf);
}
END_TEST

/* Without Check's asserts (for a child under a file size limit): 0 or -errno. */
static int stream_quiet(const struct btfx *src, struct btfx_sink *sink, uint32_t every)
{
	struct btfx_new_opts no = { .sz = sizeof(no) };
	struct btfx *dst = btfx_new_opts(&no);
	struct run run = { .every = every };
	uint32_t bad;
	int r;

	if (!dst || rb_add_strings(dst, src))
		return -ENOMEM;
	run.st = btfx_stream_open(dst, sink, NULL);
	r = run.st ? 0 : -errno;
	if (!r) {
		r = rb_rebuild_hook(dst, src, NULL, 0, &bad, flush_hook, &run);
		if (r)
			btfx_stream_abort(run.st);
		else
			r = btfx_stream_close(run.st);
	}
	btfx_free(dst);
	return r;
}

static struct btfx *load_sample(void)
{
	struct btfx *btf = btfx_new();

	ck_assert_ptr_nonnull(btf);
	ck_assert_int_eq(btfx_load_file(btf, tu_data_path("sample.btf"), NULL), 0);
	return btf;
}

/* _i: seekable callback, unseekable spooled to a file, in memory; x big endian. */
START_TEST(test_btfx_stream_sink_fails_each_call)
{
	const struct btfx_sink_ops *ops = _i / 2 == 0 ? &tu_cbout_seek_ops : &tu_cbout_ops;
	struct btfx_stream_opts so = { .sz = sizeof(so),
				       .endian = _i % 2 ? BTFX_ENDIAN_BIG : BTFX_ENDIAN_LITTLE,
				       .flags = _i / 2 == 2 ? BTFX_STREAM_SPOOL_MEM : 0 };
	struct btfx_write_opts wo = { .sz = sizeof(wo), .endian = so.endian };
	struct btfx *src = load_sample();
	size_t ref_len;
	uint8_t *ref = reference(src, &wo, &ref_len);
	char msg[256];
	long at;
	int r;

	for (at = 1;; at++) {
		struct tu_cbout c = { .fail_at = at, .fail_err = at % 2 ? -EIO : -EPIPE };
		struct btfx_sink *s = btfx_sink_callback(ops, &c, NULL);

		ck_assert_ptr_nonnull(s);
		r = stream_build(src, s, &so, 7, 0, 0, msg, sizeof(msg));
		if (c.calls < at) {
			/* Fewer calls than at: it went through. */
			ck_assert_int_eq(r, 0);
			ck_assert_int_eq(btfx_sink_close(s), 0);
			ck_assert(c.len == ref_len && !memcmp(c.buf, ref, ref_len));
			free(c.buf);
			break;
		}
		ck_assert_msg(r == c.fail_err, "fail at call %ld: %d, want %d", at, r, c.fail_err);
		ck_assert_msg(strstr(msg, "callback") != NULL, "fail at call %ld: '%s'", at, msg);
		btfx_sink_abort(s);
		free(c.buf);
	}
	ck_assert_int_gt(at, 3);
	free(ref);
	btfx_free(src);
}
END_TEST

/* A path sink whose writes fail (EFBIG past a file size limit) leaves no file. */
START_TEST(test_btfx_stream_path_sink_fails)
{
	static const rlim_t limits[] = { 0, 1, 24, 100, 1000, 3000, 1u << 20 };
	struct btfx *src = load_sample();
	char dir[] = "/tmp/check_stream.XXXXXX", path[64];
	unsigned int i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.btf", dir);
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		int status, r;
		pid_t pid = fork();

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			struct rlimit rl = { limits[i], limits[i] };
			struct btfx_sink *s = btfx_sink_path(path, NULL);

			signal(SIGXFSZ, SIG_IGN);
			if (!s || setrlimit(RLIMIT_FSIZE, &rl))
				_exit(100);
			r = stream_quiet(src, s, 7);
			if (r)
				btfx_sink_abort(s);
			else
				r = btfx_sink_close(s);
			_exit(r < 0 ? -r : 0);
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFEXITED(status));
		if (limits[i] < 4096) {
			ck_assert_msg(WEXITSTATUS(status) == EFBIG, "limit %lu: exit %d",
				      (unsigned long)limits[i], WEXITSTATUS(status));
			ck_assert_int_eq(dir_entries(dir), 0);
		} else {
			ck_assert_int_eq(WEXITSTATUS(status), 0);
			ck_assert_int_eq(dir_entries(dir), 1);
		}
	}
	unlink(path);
	rmdir(dir);
	btfx_free(src);
}
END_TEST

/* Hash-consing finds types equal to flushed ones. */
START_TEST(test_btfx_stream_hashcons_flushed)
{
	static const struct btfx_member_info m[] = { { "a", 1, 0, 0 } };
	struct btfx *btf = small_obj(BTFX_NEW_HASHCONS), *ref = small_obj(BTFX_NEW_HASHCONS);
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	struct btfx_stream *st = btfx_stream_open(btf, s, NULL);
	uint8_t buf[256];
	const void *data;
	size_t len;
	int n;

	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(btfx_stream_flush(st), 3);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 2);
	ck_assert_int_eq(btfx_add_composite_with_members(btf, BTFX_KIND_STRUCT, "s", 4, m, 1,
							 sizeof(m[0])),
			 3);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 4), 4);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_finish_type(btf), 3);
	/* Not equal: a new type. */
	ck_assert_int_eq(btfx_add_ptr(btf, 3), 4);
	ck_assert_int_eq(btfx_add_ptr(ref, 3), 4);
	ck_assert_uint_eq(btfx_type_cnt(btf), 5);
	ck_assert_int_eq(btfx_stream_close(st), 0);
	n = btfx_write_mem(ref, buf, sizeof(buf), NULL);
	data = btfx_sink_mem_data(s, &len);
	ck_assert_uint_eq(len, (size_t)n);
	ck_assert(!memcmp(data, buf, len));
	ck_assert_int_eq(btfx_sink_close(s), 0);
	btfx_free(ref);
	btfx_free(btf);
}
END_TEST

/* The first id of src whose record equals id's. */
static uint32_t first_equal(const struct btfx *src, uint32_t id)
{
	const struct btfx_type *t = btfx_type_by_id(src, id);
	uint32_t len = btfx_record_len(src, id), j;

	for (j = 1; j < id; j++) {
		if (btfx_record_len(src, j) == len && !memcmp(btfx_type_by_id(src, j), t, len))
			return j;
	}
	return id;
}

/*
 * Types added without hash-consing lookups (btfx_add_btf()), flushed before
 * any table exists, then every one of them added again: each is found.
 */
START_TEST(test_btfx_stream_hashcons_table_after_flush)
{
	struct btfx *src = load_sample(), *btf = new_obj(BTFX_NEW_HASHCONS);
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	struct btfx_stream *st;
	uint32_t id, cnt = btfx_type_cnt(src);

	ck_assert_int_ge(btfx_add_btf(btf, src), 0);
	st = btfx_stream_open(btf, s, NULL);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(btfx_stream_flush(st), (int)cnt - 1);
	for (id = 1; id < cnt; id++) {
		int r = btfx_add_type_copy(btf, src, id);

		ck_assert_msg(r == (int)first_equal(src, id), "[%u]: %d %s", id, r,
			      btfx_errmsg(btf));
	}
	ck_assert_uint_eq(btfx_type_cnt(btf), cnt);
	ck_assert_int_eq(btfx_stream_close(st), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	btfx_free(btf);
	btfx_free(src);
}
END_TEST

/* The source rebuilt with hash-consing, flushed every 1000, then added again: all found. */
START_TEST(test_btfx_stream_hashcons_rebuild_twice)
{
	struct btfx *src = load_src(), *btf = new_obj(BTFX_NEW_HASHCONS);
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	struct rb_scratch sc = { NULL, NULL, NULL };
	struct run run = { .every = 1000 };
	uint32_t bad = 0, cnt = btfx_type_cnt(src);
	int r;

	ck_assert_int_eq(rb_add_strings(btf, src), 0);
	ck_assert_int_eq(rb_scratch_init(&sc, src), 0);
	run.st = btfx_stream_open(btf, s, NULL);
	ck_assert_ptr_nonnull(run.st);
	r = rb_rebuild_hook(btf, src, &sc, 1, &bad, flush_hook, &run);
	ck_assert_msg(r == 0, "rebuild: [%u] %d %s", bad, r, btfx_errmsg(btf));
	ck_assert_int_gt(btfx_stream_flush(run.st), 0);
	/* Again: every type is found among the flushed ones, with its own id. */
	r = rb_rebuild_hook(btf, src, &sc, 1, &bad, NULL, NULL);
	ck_assert_msg(r == 0, "second pass: [%u] %d %s", bad, r, btfx_errmsg(btf));
	ck_assert_uint_eq(btfx_type_cnt(btf), cnt);
	ck_assert_int_eq(btfx_stream_close(run.st), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	rb_scratch_free(&sc);
	btfx_free(btf);
	btfx_free(src);
}
END_TEST

/* Arguments of btfx_stream_open() and the calls on a stream writer. */
START_TEST(test_btfx_stream_open_bad_args)
{
	struct {
		struct btfx_stream_opts o;
		uint64_t extra;
	} big = { { .sz = sizeof(big) }, 0 };
	struct btfx_stream_opts bad_endian = { .sz = sizeof(bad_endian), .endian = 9 };
	struct btfx_stream_opts bad_flags = { .sz = sizeof(bad_flags), .flags = 1u << 5 };
	struct btfx_stream_opts short_sz = { .sz = 2 };
	struct btfx *btf = small_obj(0);
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	struct btfx_stream *st;
	uint8_t junk[64] = { 0 }, out[512];

	errno = 0;
	ck_assert_ptr_null(btfx_stream_open(NULL, s, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(btfx_stream_open(btf, NULL, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "not a sink"));
	ck_assert_ptr_null(btfx_stream_open(btf, (struct btfx_sink *)junk, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(btfx_stream_open(btf, s, &bad_endian));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(btfx_stream_open(btf, s, &bad_flags));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(btfx_stream_open(btf, s, &short_sz));
	ck_assert_int_eq(errno, EINVAL);
	big.extra = 1;
	ck_assert_ptr_null(btfx_stream_open(btf, s, &big.o));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_uint_eq(btfx_sink_offset(s), 0);
	/* A longer opts with zeros is fine; nothing written to the sink on failure. */
	big.extra = 0;
	st = btfx_stream_open(btf, s, &big.o);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(btfx_stream_flush(NULL), -EINVAL);
	ck_assert_int_eq(btfx_stream_close(NULL), -EINVAL);
	ck_assert_int_eq(btfx_stream_flush((struct btfx_stream *)junk), -EINVAL);
	btfx_stream_abort(NULL);
	btfx_stream_abort(st);
	/* Aborted: types flushed by nothing, the object writes as a whole again. */
	ck_assert_int_gt(btfx_write_mem(btf, out, sizeof(out), NULL), 0);
	/* btfx_free() of an object with an open stream writer aborts it. */
	st = btfx_stream_open(btf, s, NULL);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(btfx_stream_flush(st), 3);
	btfx_free(btf);
	btfx_sink_abort(s);
}
END_TEST

Suite *stream_suite(void);
Suite *stream_suite(void)
{
	Suite *s = suite_create("stream");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_btfx_stream_close_same_bytes, 0, NR_SINKS * 4);
	tcase_add_test(tc, test_btfx_stream_open_bad_args);
	tcase_add_test(tc, test_btfx_stream_flushed_types_refused);
	tcase_add_loop_test(tc, test_btfx_stream_sink_fails_each_call, 0, 6);
	tcase_add_test(tc, test_btfx_stream_path_sink_fails);
	tcase_add_test(tc, test_btfx_stream_hashcons_flushed);
	tcase_add_test(tc, test_btfx_stream_hashcons_table_after_flush);
	tcase_add_test(tc, test_btfx_stream_hashcons_rebuild_twice);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return tu_run(stream_suite());
}
