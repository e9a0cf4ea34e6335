// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_sink.c - the sinks: memory (growing, fixed and full), descriptors
 * (a pipe, a file, /dev/full), FILE *, callbacks (short writes, EINTR,
 * failures, seeks), paths (atomic rename, modes under a umask, no file
 * left by an abort or a failure) and the gzip filter (inflated back with
 * zlib), with sticky errors and messages naming the output.
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
#include <unistd.h>
#include <zlib.h>

#include "testutil.h"

/* n bytes of a pattern that compresses somewhat, not trivially. */
static uint8_t *pattern(size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	uint32_t x = 12345;
	size_t i;

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (i % 7 == 0) ? (uint8_t)(x >> 24) : (uint8_t)"btfx_sink"[i % 9];
	}
	return p;
}

/* Write data in pieces of varying size; all must succeed. */
static void write_pieces(struct btfx_sink *s, const uint8_t *data, size_t n)
{
	size_t off = 0, step = 1;

	while (off < n) {
		size_t k = step < n - off ? step : n - off;

		ck_assert_int_eq(btfx_sink_write(s, data + off, k), 0);
		off += k;
		step = step * 3 + 1;
		if (step > 100000)
			step = 7;
	}
	ck_assert_uint_eq(btfx_sink_offset(s), n);
}


static uint8_t *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	p = malloc(n ? (size_t)n : 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static uint8_t *read_fd_whole(int fd, size_t *len)
{
	struct stat st;
	uint8_t *p;

	ck_assert_int_eq(fstat(fd, &st), 0);
	p = malloc(st.st_size ? (size_t)st.st_size : 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(pread(fd, p, (size_t)st.st_size, 0), st.st_size);
	*len = (size_t)st.st_size;
	return p;
}

/*
 * ---------------------------------------------------------------------------
 * Memory
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_sink_mem_growing)
{
	size_t n = 300000, len;
	uint8_t *data = pattern(n);
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	const uint8_t *got;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(btfx_sink_seekable(s), 1);
	write_pieces(s, data, n);
	got = btfx_sink_mem_data(s, &len);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(got, data, n);
	ck_assert_int_eq(btfx_sink_pwrite(s, 10, "ABCD", 4), 0);
	got = btfx_sink_mem_data(s, &len);
	ck_assert_mem_eq(got + 10, "ABCD", 4);
	ck_assert_uint_eq(btfx_sink_offset(s), n);
	/* Patching past the end is a misuse, not an output error. */
	ck_assert_int_eq(btfx_sink_pwrite(s, n - 2, "ABCD", 4), -EINVAL);
	ck_assert_int_eq(btfx_sink_write(s, "x", 1), 0);
	ck_assert_str_eq(btfx_sink_errmsg(s), "");
	ck_assert_int_eq(btfx_sink_close(s), 0);
	free(data);
}
END_TEST

START_TEST(test_btfx_sink_mem_fixed_enospc)
{
	uint8_t buf[100];
	struct btfx_sink *s = btfx_sink_mem(buf, sizeof(buf), NULL);
	size_t len;

	ck_assert_ptr_nonnull(s);
	memset(buf, 0xee, sizeof(buf));
	ck_assert_int_eq(btfx_sink_write(s, "0123456789", 10), 0);
	ck_assert_int_eq(btfx_sink_write(s, buf + 50, 0), 0);
	ck_assert_int_eq(btfx_sink_write(s, "abcdefghijklmnopqrstuvwxyz", 26), 0);
	ck_assert_ptr_eq(btfx_sink_mem_data(s, &len), buf);
	ck_assert_uint_eq(len, 36);
	ck_assert_int_eq(btfx_sink_write(s, buf, 65), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), "memory buffer"));
	/* Sticky: even what would fit now fails, and nothing is written. */
	ck_assert_int_eq(btfx_sink_write(s, "z", 1), -ENOSPC);
	ck_assert_int_eq(btfx_sink_pwrite(s, 0, "z", 1), -ENOSPC);
	ck_assert_uint_eq(btfx_sink_offset(s), 36);
	ck_assert_mem_eq(buf, "0123456789abcdefghijklmnopqrstuvwxyz", 36);
	ck_assert_uint_eq(buf[36], 0xee);
	ck_assert_int_eq(btfx_sink_close(s), -ENOSPC);

	/* Exactly full is fine. */
	s = btfx_sink_mem(buf, 4, NULL);
	ck_assert_int_eq(btfx_sink_write(s, "wxyz", 4), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	ck_assert_mem_eq(buf, "wxyz", 4);
}
END_TEST

START_TEST(test_btfx_sink_bad_arguments)
{
	struct btfx_sink_opts o = { .sz = sizeof(o), .flags = 1u << 20 };
	struct { struct btfx_sink_opts o; uint32_t extra[2]; } big = { { .sz = sizeof(big) } };
	struct btfx_sink_ops ops = { .sz = sizeof(ops) };
	struct btfx_sink *s;

	errno = 0;
	ck_assert_ptr_null(btfx_sink_mem(NULL, 0, &o));
	ck_assert_int_eq(errno, EINVAL);
	o.flags = 0;
	o.sz = 2;
	ck_assert_ptr_null(btfx_sink_fd(1, &o));
	ck_assert_ptr_null(btfx_sink_fd(-1, NULL));
	ck_assert_ptr_null(btfx_sink_stdio(NULL, NULL));
	ck_assert_ptr_null(btfx_sink_path(NULL, NULL));
	ck_assert_ptr_null(btfx_sink_path("", NULL));
	ck_assert_ptr_null(btfx_sink_callback(NULL, NULL, NULL));
	ck_assert_ptr_null(btfx_sink_callback(&ops, NULL, NULL)); /* no write */
	ck_assert_ptr_null(btfx_sink_gzip(NULL, 6, NULL));
	/* A longer opts struct is fine while its unknown tail is zero. */
	s = btfx_sink_mem(NULL, 0, &big.o);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_null(btfx_sink_gzip(s, 10, NULL));
	ck_assert_ptr_null(btfx_sink_gzip(s, -2, NULL));
	btfx_sink_abort(s);
	big.extra[1] = 1;
	ck_assert_ptr_null(btfx_sink_mem(NULL, 0, &big.o));
	/* Calls on no sink. */
	ck_assert_int_eq(btfx_sink_write(NULL, "x", 1), -EINVAL);
	ck_assert_int_eq(btfx_sink_pwrite(NULL, 0, "x", 1), -EINVAL);
	ck_assert_int_eq(btfx_sink_close(NULL), -EINVAL);
	ck_assert_uint_eq(btfx_sink_offset(NULL), 0);
	ck_assert_int_eq(btfx_sink_seekable(NULL), 0);
	ck_assert_str_eq(btfx_sink_errmsg(NULL), "");
	ck_assert_ptr_null(btfx_sink_mem_data(NULL, NULL));
	btfx_sink_abort(NULL);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Descriptors and FILE *
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_sink_fd_pipe)
{
	uint8_t got[5000];
	int fds[2];
	struct btfx_sink *s;
	uint8_t *data = pattern(sizeof(got));

	ck_assert_int_eq(pipe(fds), 0);
	s = btfx_sink_fd(fds[1], NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(btfx_sink_seekable(s), 0);
	write_pieces(s, data, sizeof(got));
	ck_assert_int_eq(btfx_sink_pwrite(s, 0, "x", 1), -ESPIPE);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	ck_assert_int_eq(read(fds[0], got, sizeof(got)), (ssize_t)sizeof(got));
	ck_assert_mem_eq(got, data, sizeof(got));
	close(fds[0]);
	close(fds[1]);
	free(data);
}
END_TEST

START_TEST(test_btfx_sink_fd_file_seekable)
{
	FILE *f = tmpfile();
	int fd = fileno(f);
	uint8_t *got;
	size_t len;
	struct btfx_sink *s;

	ck_assert_int_eq(write(fd, "HEAD", 4), 4);
	s = btfx_sink_fd(fd, NULL);
	ck_assert_int_eq(btfx_sink_seekable(s), 1);
	ck_assert_int_eq(btfx_sink_write(s, "00000000rest", 12), 0);
	/* Offsets count from where fd was: the patch lands after "HEAD". */
	ck_assert_int_eq(btfx_sink_pwrite(s, 2, "1234", 4), 0);
	ck_assert_int_eq(btfx_sink_write(s, "!", 1), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	got = read_fd_whole(fd, &len);
	ck_assert_uint_eq(len, 17);
	ck_assert_mem_eq(got, "HEAD00123400rest!", 17);
	free(got);
	fclose(f);
}
END_TEST

/*
 * Writes a file sink sends through its bounce buffer (a source lying a few
 * bytes before its destination within the page, as a heap blob after a
 * 24-byte header) and writes it takes as they are give the same file.
 */
START_TEST(test_btfx_sink_fd_file_aliased)
{
	static const size_t heads[] = { 0, 8, 24, 4095 };
	const size_t n = (600u << 10) + 13;
	uint8_t *data = pattern(n + 8192), *got;
	size_t h, len, i;

	for (h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
		for (i = 0; i < 64; i += 8) {
			FILE *f = tmpfile();
			int fd = fileno(f);
			/* Source at page + 16 + i: (position - source) mod 4096 is small. */
			uint8_t *src = (uint8_t *)(((uintptr_t)data + 4095) & ~(uintptr_t)4095) + 16 + i;
			struct btfx_sink *s = btfx_sink_fd(fd, NULL);

			ck_assert_int_eq(btfx_sink_write(s, data, heads[h]), 0);
			ck_assert_int_eq(btfx_sink_write(s, src, n), 0);
			ck_assert_int_eq(btfx_sink_write(s, src + 5, 70000), 0);
			ck_assert_int_eq(btfx_sink_close(s), 0);
			got = read_fd_whole(fd, &len);
			ck_assert_uint_eq(len, heads[h] + n + 70000);
			ck_assert_mem_eq(got, data, heads[h]);
			ck_assert(!memcmp(got + heads[h], src, n));
			ck_assert(!memcmp(got + heads[h] + n, src + 5, 70000));
			free(got);
			fclose(f);
		}
	}
	free(data);
}
END_TEST

START_TEST(test_btfx_sink_fd_dev_full)
{
	int fd = open("/dev/full", O_WRONLY);
	struct btfx_sink *s;

	if (fd < 0)
		return; /* no /dev/full here */
	s = btfx_sink_fd(fd, NULL);
	ck_assert_int_eq(btfx_sink_write(s, "abc", 3), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), "fd "));
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), "write"));
	ck_assert_int_eq(btfx_sink_write(s, "abc", 3), -ENOSPC);
	ck_assert_int_eq(btfx_sink_close(s), -ENOSPC);
	close(fd);
}
END_TEST

START_TEST(test_btfx_sink_stdio)
{
	FILE *f = tmpfile();
	size_t n = 200000, len;
	uint8_t *data = pattern(n), *got;
	struct btfx_sink *s = btfx_sink_stdio(f, NULL);

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(btfx_sink_seekable(s), 1);
	write_pieces(s, data, n);
	ck_assert_int_eq(btfx_sink_pwrite(s, n - 3, "XYZ", 3), 0);
	ck_assert_int_eq(btfx_sink_write(s, "tail", 4), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	memcpy(data + n - 3, "XYZ", 3);
	got = read_fd_whole(fileno(f), &len);
	ck_assert_uint_eq(len, n + 4);
	ck_assert_mem_eq(got, data, n);
	ck_assert_mem_eq(got + n, "tail", 4);
	free(got);
	free(data);
	fclose(f);
}
END_TEST

/* A buffered FILE * on /dev/full: the error shows at the latest when close flushes. */
START_TEST(test_btfx_sink_stdio_dev_full)
{
	FILE *f = fopen("/dev/full", "w");
	struct btfx_sink *s;
	int r;

	if (!f)
		return;
	s = btfx_sink_stdio(f, NULL);
	r = btfx_sink_write(s, "abc", 3);
	ck_assert(r == 0 || r == -ENOSPC);
	ck_assert_int_eq(btfx_sink_close(s), -ENOSPC);
	fclose(f);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Callbacks
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_sink_callback_short_and_eintr)
{
	struct tu_cbout c = { .max_take = 7, .eintr = 3 };
	size_t n = 100000;
	uint8_t *data = pattern(n);
	struct btfx_sink *s = btfx_sink_callback(&tu_cbout_ops, &c, NULL);

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(btfx_sink_seekable(s), 0);
	write_pieces(s, data, n);
	ck_assert_int_eq(btfx_sink_pwrite(s, 0, "x", 1), -ESPIPE);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	ck_assert_uint_eq(c.len, n);
	ck_assert_mem_eq(c.buf, data, n);
	free(c.buf);
	free(data);
}
END_TEST

START_TEST(test_btfx_sink_callback_seek)
{
	struct tu_cbout c = { 0 };
	struct btfx_sink *s = btfx_sink_callback(&tu_cbout_seek_ops, &c, NULL);

	ck_assert_int_eq(btfx_sink_seekable(s), 1);
	ck_assert_int_eq(btfx_sink_write(s, "....body", 8), 0);
	ck_assert_int_eq(btfx_sink_pwrite(s, 0, "HDR:", 4), 0);
	ck_assert_int_eq(btfx_sink_write(s, "+end", 4), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	ck_assert_uint_eq(c.len, 12);
	ck_assert_mem_eq(c.buf, "HDR:body+end", 12);
	free(c.buf);
}
END_TEST

START_TEST(test_btfx_sink_callback_fails)
{
	struct tu_cbout c = { .fail_at = 3, .fail_err = -EIO };
	struct btfx_sink *s = btfx_sink_callback(&tu_cbout_ops, &c, NULL);

	ck_assert_int_eq(btfx_sink_write(s, "a", 1), 0);
	ck_assert_int_eq(btfx_sink_write(s, "b", 1), 0);
	ck_assert_int_eq(btfx_sink_write(s, "c", 1), -EIO);
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), "callback: write"));
	ck_assert_int_eq(btfx_sink_write(s, "d", 1), -EIO);
	ck_assert_int_eq(c.calls, 3); /* not called again */
	ck_assert_uint_eq(btfx_sink_offset(s), 2);
	ck_assert_int_eq(btfx_sink_close(s), -EIO);
	free(c.buf);

	/* A callback that takes nothing is an error, not a loop. */
	memset(&c, 0, sizeof(c));
	c.fail_at = 1;
	c.fail_err = 0;
	s = btfx_sink_callback(&tu_cbout_ops, &c, NULL);
	ck_assert_int_eq(btfx_sink_write(s, "a", 1), -EIO);
	btfx_sink_abort(s);
	free(c.buf);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Paths
 * ---------------------------------------------------------------------------
 */

START_TEST(test_btfx_sink_path_commit)
{
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	size_t n = 150000, len;
	uint8_t *data = pattern(n), *got;
	struct btfx_sink *s;

	snprintf(path, sizeof(path), "%s/out.bin", dir);
	s = btfx_sink_path(path, NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(btfx_sink_seekable(s), 1);
	write_pieces(s, data, n);
	ck_assert_int_eq(btfx_sink_pwrite(s, 0, "HDR", 3), 0);
	/* Nothing at path before the close, only the temporary file. */
	ck_assert_int_eq(access(path, F_OK), -1);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_ptr_nonnull(strstr(names, "out.bin.tmp."));
	ck_assert_int_eq(btfx_sink_close(s), 0);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "out.bin");
	got = read_whole(path, &len);
	memcpy(data, "HDR", 3);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(got, data, n);
	free(got);
	free(data);
	tu_rm_tmpdir(dir);
}
END_TEST

START_TEST(test_btfx_sink_path_abort_leaves_nothing)
{
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	struct btfx_sink *s;

	snprintf(path, sizeof(path), "%s/out.bin", dir);
	s = btfx_sink_path(path, NULL);
	ck_assert_int_eq(btfx_sink_write(s, "partial", 7), 0);
	btfx_sink_abort(s);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "");
	tu_rm_tmpdir(dir);
}
END_TEST

/* A write fails half way (the file size limit): close reports it, nothing is left. */
START_TEST(test_btfx_sink_path_failed_write_leaves_nothing)
{
	struct rlimit old, lim;
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	uint8_t *data = pattern(100000);
	struct btfx_sink *s;
	int r;

	snprintf(path, sizeof(path), "%s/out.bin", dir);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	s = btfx_sink_path(path, NULL);
	r = btfx_sink_write(s, data, 100000);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_int_eq(r, -EFBIG);
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), path));
	ck_assert_int_eq(btfx_sink_write(s, "x", 1), -EFBIG);
	ck_assert_int_eq(btfx_sink_close(s), -EFBIG);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "");
	free(data);
	tu_rm_tmpdir(dir);
}
END_TEST

START_TEST(test_btfx_sink_path_missing_directory)
{
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	struct btfx_sink *s;

	snprintf(path, sizeof(path), "%s/nope/out.bin", dir);
	s = btfx_sink_path(path, NULL);
	ck_assert_ptr_nonnull(s); /* returned failed, with its message */
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), "nope/out.bin"));
	ck_assert_int_eq(btfx_sink_write(s, "x", 1), -ENOENT);
	ck_assert_int_eq(btfx_sink_close(s), -ENOENT);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "");
	tu_rm_tmpdir(dir);
}
END_TEST

/* The rename fails (the target is a non-empty directory): the temporary goes. */
START_TEST(test_btfx_sink_path_rename_fails)
{
	char *dir = tu_tmpdir();
	char path[4200], inner[4300], names[256];
	struct btfx_sink *s;
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/out.bin", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(inner, sizeof(inner), "%s/keep", path);
	f = fopen(inner, "w");
	fclose(f);
	s = btfx_sink_path(path, NULL);
	ck_assert_int_eq(btfx_sink_write(s, "data", 4), 0);
	r = btfx_sink_close(s);
	ck_assert_msg(r == -EISDIR || r == -ENOTEMPTY || r == -EEXIST, "got %d", r);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "out.bin");
	unlink(inner);
	tu_rm_tmpdir(dir);
}
END_TEST

/* A device is written in place: /dev/full reports ENOSPC and stays a device. */
START_TEST(test_btfx_sink_path_dev_full)
{
	struct btfx_sink *s;
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (stat("/dev/full", &st) || !S_ISCHR(st.st_mode))
		return;
	s = btfx_sink_path("/dev/full", NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(btfx_sink_write(s, "abc", 3), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), "/dev/full: write"));
	ck_assert_int_eq(btfx_sink_close(s), -ENOSPC);
	ck_assert_int_eq(stat("/dev/full", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	d = opendir("/dev");
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		ck_assert_msg(strncmp(e->d_name, "full.tmp", 8), "/dev/%s left", e->d_name);
	closedir(d);
	/* /dev/null takes it all and is not replaced either. */
	s = btfx_sink_path("/dev/null", NULL);
	ck_assert_int_eq(btfx_sink_write(s, "abc", 3), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	ck_assert_int_eq(stat("/dev/null", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
}
END_TEST

static mode_t mode_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void write_path(const char *path, const struct btfx_sink_opts *o)
{
	struct btfx_sink *s = btfx_sink_path(path, o);

	ck_assert_int_eq(btfx_sink_write(s, "new", 3), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);
}

START_TEST(test_btfx_sink_path_modes)
{
	struct btfx_sink_opts o = { .sz = sizeof(o), .flags = BTFX_SINK_FSYNC, .mode = 0755 };
	char *dir = tu_tmpdir();
	char path[4200];
	mode_t old = umask(027);

	snprintf(path, sizeof(path), "%s/a", dir);
	write_path(path, NULL);
	ck_assert_uint_eq(mode_of(path), 0640); /* 0666 & ~027 */
	snprintf(path, sizeof(path), "%s/b", dir);
	write_path(path, &o);
	ck_assert_uint_eq(mode_of(path), 0750); /* 0755 & ~027 */
	umask(0);
	snprintf(path, sizeof(path), "%s/c", dir);
	write_path(path, NULL);
	ck_assert_uint_eq(mode_of(path), 0666);
	/* A replaced file keeps its mode, whatever the umask. */
	ck_assert_int_eq(chmod(path, 0604), 0);
	umask(077);
	write_path(path, NULL);
	ck_assert_uint_eq(mode_of(path), 0604);
	umask(old);
	tu_rm_tmpdir(dir);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * gzip
 * ---------------------------------------------------------------------------
 */

/* Inflate a gzip stream; must be one complete stream that gives want. */
static void inflate_equals(const uint8_t *gz, size_t gz_len, const uint8_t *want, size_t n)
{
	uint8_t *out = malloc(n + 16);
	z_stream z;

	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)gz;
	z.avail_in = (uInt)gz_len;
	z.next_out = out;
	z.avail_out = (uInt)(n + 16);
	ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	ck_assert_uint_eq(z.total_out, n);
	ck_assert_uint_eq(z.avail_in, 0);
	ck_assert_mem_eq(out, want, n);
	inflateEnd(&z);
	free(out);
}

START_TEST(test_btfx_sink_gzip_levels)
{
	static const int levels[] = { -1, 0, 1, 6, 9 };
	size_t n = 400000;
	uint8_t *data = pattern(n);
	unsigned int i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		struct tu_cbout c = { 0 };
		struct btfx_sink *in = btfx_sink_callback(&tu_cbout_ops, &c, NULL);
		struct btfx_sink *s = btfx_sink_gzip(in, levels[i], NULL);

		ck_assert_ptr_nonnull(s);
		ck_assert_int_eq(btfx_sink_seekable(s), 0);
		write_pieces(s, data, n);
		ck_assert_int_eq(btfx_sink_pwrite(s, 0, "x", 1), -ESPIPE);
		ck_assert_int_eq(btfx_sink_close(s), 0);
		ck_assert_int_eq(btfx_sink_close(in), 0);
		ck_assert_uint_ge(c.len, 18);
		ck_assert_uint_eq(c.buf[0], 0x1f);
		ck_assert_uint_eq(c.buf[1], 0x8b);
		if (levels[i])
			ck_assert_uint_lt(c.len, n);
		inflate_equals(c.buf, c.len, data, n);
		free(c.buf);
	}
	free(data);
}
END_TEST

START_TEST(test_btfx_sink_gzip_empty)
{
	struct tu_cbout c = { 0 };
	struct btfx_sink *in = btfx_sink_callback(&tu_cbout_ops, &c, NULL);
	struct btfx_sink *s = btfx_sink_gzip(in, 6, NULL);

	ck_assert_int_eq(btfx_sink_close(s), 0);
	ck_assert_int_eq(btfx_sink_close(in), 0);
	inflate_equals(c.buf, c.len, (const uint8_t *)"", 0);
	free(c.buf);
}
END_TEST

/* The inner sink's error is the filter's, with its message; at write or at close. */
START_TEST(test_btfx_sink_gzip_inner_fails)
{
	uint8_t small[40];
	size_t n = 300000;
	uint8_t *data = pattern(n);
	struct tu_cbout c = { .fail_at = 2, .fail_err = -EPIPE };
	struct btfx_sink *in = btfx_sink_callback(&tu_cbout_ops, &c, NULL);
	struct btfx_sink *s = btfx_sink_gzip(in, 1, NULL);
	int r = 0;
	size_t off;

	for (off = 0; off < n && !r; off += 1000)
		r = btfx_sink_write(s, data + off, 1000);
	if (!r)
		r = btfx_sink_close(s);
	else
		ck_assert_int_eq(btfx_sink_close(s), -EPIPE);
	ck_assert_int_eq(r, -EPIPE);
	ck_assert_int_eq(btfx_sink_close(in), -EPIPE);
	free(c.buf);

	/* Too small a fixed buffer: the error shows by the finish, with inner's message. */
	in = btfx_sink_mem(small, sizeof(small), NULL);
	s = btfx_sink_gzip(in, 9, NULL);
	ck_assert_int_eq(btfx_sink_write(s, data, 1000), 0);
	ck_assert_int_eq(btfx_sink_finish(s), -ENOSPC);
	ck_assert_str_eq(btfx_sink_errmsg(s), btfx_sink_errmsg(in));
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), "memory buffer"));
	ck_assert_int_eq(btfx_sink_close(s), -ENOSPC);
	ck_assert_int_eq(btfx_sink_close(in), -ENOSPC);
	free(data);
}
END_TEST

START_TEST(test_btfx_sink_gzip_to_path)
{
	char *dir = tu_tmpdir();
	char path[4200];
	size_t n = 123457, len;
	uint8_t *data = pattern(n), *got;
	struct btfx_sink *s, *in;

	snprintf(path, sizeof(path), "%s/out.gz", dir);
	in = btfx_sink_path(path, NULL);
	s = btfx_sink_gzip(in, 6, NULL);
	write_pieces(s, data, n);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	/* The filter left its inner sink open: the file appears at its close. */
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(btfx_sink_close(in), 0);
	got = read_whole(path, &len);
	inflate_equals(got, len, data, n);
	free(got);
	free(data);
	tu_rm_tmpdir(dir);
}
END_TEST

/* Aborting the filter leaves inner as it was: still open, still writable. */
START_TEST(test_btfx_sink_gzip_abort_leaves_inner)
{
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	size_t n = 200000;
	uint8_t *data = pattern(n);
	struct btfx_sink *in, *s;

	snprintf(path, sizeof(path), "%s/out.gz", dir);
	in = btfx_sink_path(path, NULL);
	s = btfx_sink_gzip(in, 6, NULL);
	ck_assert_int_eq(btfx_sink_write(s, data, n), 0);
	btfx_sink_abort(s);
	ck_assert_int_eq(btfx_sink_write(in, "x", 1), 0);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_ptr_nonnull(strstr(names, "out.gz.tmp."));
	btfx_sink_abort(in);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "");
	tu_rm_tmpdir(dir);
	free(data);
}
END_TEST

/* gzip into a growing memory sink: the whole .gz is there once the filter is closed. */
START_TEST(test_btfx_sink_gzip_to_memory)
{
	size_t n = 250001, len;
	uint8_t *data = pattern(n);
	struct btfx_sink *in = btfx_sink_mem(NULL, 0, NULL);
	struct btfx_sink *s = btfx_sink_gzip(in, 6, NULL);
	const uint8_t *gz;

	ck_assert_ptr_nonnull(s);
	write_pieces(s, data, n);
	ck_assert_int_eq(btfx_sink_close(s), 0);
	gz = btfx_sink_mem_data(in, &len);
	ck_assert_ptr_nonnull(gz);
	inflate_equals(gz, len, data, n);
	/* A finished inner cannot take a new filter. */
	ck_assert_int_eq(btfx_sink_finish(in), 0);
	errno = 0;
	ck_assert_ptr_null(btfx_sink_gzip(in, 6, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(btfx_sink_close(in), 0);
	free(data);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * Finish
 * ---------------------------------------------------------------------------
 */

/* A finished memory sink keeps its bytes, refuses writes, repeats its result. */
START_TEST(test_btfx_sink_finish_mem)
{
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	uint8_t buf[8];
	const uint8_t *got;
	size_t len;

	ck_assert_int_eq(btfx_sink_write(s, "abcdef", 6), 0);
	ck_assert_int_eq(btfx_sink_finish(s), 0);
	got = btfx_sink_mem_data(s, &len);
	ck_assert_uint_eq(len, 6);
	ck_assert_mem_eq(got, "abcdef", 6);
	ck_assert_int_eq(btfx_sink_write(s, "g", 1), -EINVAL);
	ck_assert_int_eq(btfx_sink_pwrite(s, 0, "A", 1), -EINVAL);
	ck_assert_uint_eq(btfx_sink_offset(s), 6);
	ck_assert_int_eq(btfx_sink_finish(s), 0);
	ck_assert_int_eq(btfx_sink_close(s), 0);

	/* A full fixed sink: finish returns the sticky error, every time; abort frees. */
	s = btfx_sink_mem(buf, sizeof(buf), NULL);
	ck_assert_int_eq(btfx_sink_write(s, "0123456789", 10), -ENOSPC);
	ck_assert_int_eq(btfx_sink_finish(s), -ENOSPC);
	ck_assert_int_eq(btfx_sink_finish(s), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), "memory buffer"));
	btfx_sink_abort(s);
	ck_assert_int_eq(btfx_sink_finish(NULL), -EINVAL);
}
END_TEST

/* Finished, the file is in place; an abort then only frees the sink. */
START_TEST(test_btfx_sink_finish_path_then_abort)
{
	char *dir = tu_tmpdir();
	char path[4200], names[256];
	struct btfx_sink *s;
	uint8_t *got;
	size_t len;

	snprintf(path, sizeof(path), "%s/out.bin", dir);
	s = btfx_sink_path(path, NULL);
	ck_assert_int_eq(btfx_sink_write(s, "data", 4), 0);
	ck_assert_int_eq(btfx_sink_finish(s), 0);
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "out.bin");
	ck_assert_int_eq(btfx_sink_write(s, "more", 4), -EINVAL);
	btfx_sink_abort(s);
	got = read_whole(path, &len);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(got, "data", 4);
	free(got);
	tu_rm_tmpdir(dir);
}
END_TEST

/* A failed rename: finish says which output, which step and why; nothing is left. */
START_TEST(test_btfx_sink_finish_rename_message)
{
	char *dir = tu_tmpdir();
	char path[4200], inner[4300], names[256];
	struct btfx_sink *s;
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/out.bin", dir);
	s = btfx_sink_path(path, NULL);
	ck_assert_int_eq(btfx_sink_write(s, "data", 4), 0);
	/* The target becomes a non-empty directory after the sink was made. */
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(inner, sizeof(inner), "%s/keep", path);
	f = fopen(inner, "w");
	fclose(f);
	r = btfx_sink_finish(s);
	ck_assert_msg(r == -EISDIR || r == -ENOTEMPTY || r == -EEXIST, "got %d", r);
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), path));
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), ": rename from "));
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), strerror(-r)));
	tu_list_dir(dir, names, sizeof(names));
	ck_assert_str_eq(names, "out.bin"); /* the temporary went at the finish */
	ck_assert_int_eq(btfx_sink_finish(s), r);
	ck_assert_int_eq(btfx_sink_close(s), r);
	unlink(inner);
	tu_rm_tmpdir(dir);
}
END_TEST

/* A FILE * on /dev/full: the buffered bytes fail at the flush of the finish. */
START_TEST(test_btfx_sink_finish_stdio_flush)
{
	FILE *f = fopen("/dev/full", "w");
	struct btfx_sink *s;

	if (!f)
		return;
	s = btfx_sink_stdio(f, NULL);
	ck_assert_int_eq(btfx_sink_write(s, "abc", 3), 0);
	ck_assert_int_eq(btfx_sink_finish(s), -ENOSPC);
	ck_assert_ptr_nonnull(strstr(btfx_sink_errmsg(s), ": flush: "));
	ck_assert_int_eq(btfx_sink_close(s), -ENOSPC);
	fclose(f);
}
END_TEST

static Suite *sink_suite(void)
{
	Suite *s = suite_create("sink");
	TCase *tm = tcase_create("mem");
	TCase *tf = tcase_create("fd");
	TCase *tc = tcase_create("callback");
	TCase *tp = tcase_create("path");
	TCase *tz = tcase_create("gzip");
	TCase *tn = tcase_create("finish");

	tcase_add_test(tm, test_btfx_sink_mem_growing);
	tcase_add_test(tm, test_btfx_sink_mem_fixed_enospc);
	tcase_add_test(tm, test_btfx_sink_bad_arguments);
	suite_add_tcase(s, tm);
	tcase_add_test(tf, test_btfx_sink_fd_pipe);
	tcase_add_test(tf, test_btfx_sink_fd_file_seekable);
	tcase_add_test(tf, test_btfx_sink_fd_file_aliased);
	tcase_add_test(tf, test_btfx_sink_fd_dev_full);
	tcase_add_test(tf, test_btfx_sink_stdio);
	tcase_add_test(tf, test_btfx_sink_stdio_dev_full);
	suite_add_tcase(s, tf);
	tcase_add_test(tc, test_btfx_sink_callback_short_and_eintr);
	tcase_add_test(tc, test_btfx_sink_callback_seek);
	tcase_add_test(tc, test_btfx_sink_callback_fails);
	suite_add_tcase(s, tc);
	tcase_add_test(tp, test_btfx_sink_path_commit);
	tcase_add_test(tp, test_btfx_sink_path_abort_leaves_nothing);
	tcase_add_test(tp, test_btfx_sink_path_failed_write_leaves_nothing);
	tcase_add_test(tp, test_btfx_sink_path_missing_directory);
	tcase_add_test(tp, test_btfx_sink_path_rename_fails);
	tcase_add_test(tp, test_btfx_sink_path_modes);
	tcase_add_test(tp, test_btfx_sink_path_dev_full);
	suite_add_tcase(s, tp);
	tcase_add_test(tz, test_btfx_sink_gzip_levels);
	tcase_add_test(tz, test_btfx_sink_gzip_empty);
	tcase_add_test(tz, test_btfx_sink_gzip_inner_fails);
	tcase_add_test(tz, test_btfx_sink_gzip_to_path);
	tcase_add_test(tz, test_btfx_sink_gzip_abort_leaves_inner);
	tcase_add_test(tz, test_btfx_sink_gzip_to_memory);
	suite_add_tcase(s, tz);
	tcase_add_test(tn, test_btfx_sink_finish_mem);
	tcase_add_test(tn, test_btfx_sink_finish_path_then_abort);
	tcase_add_test(tn, test_btfx_sink_finish_rename_message);
	tcase_add_test(tn, test_btfx_sink_finish_stdio_flush);
	suite_add_tcase(s, tn);
	return s;
}

int main(void)
{
	return tu_run(sink_suite());
}
