// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sink.c - where written bytes go: memory (growing, or fixed), a file
 * descriptor, a FILE *, a user callback, a path (through a temporary file
 * renamed at close), and a gzip filter in front of any of them.
 *
 * Every sink is one struct btfx_sink and a class of five operations: take
 * bytes (all of them, or fail), patch bytes already taken (seekable sinks
 * only), commit (make the output final), discard (throw it away), release
 * (free).  btfx_sink_finish() commits, or discards after an error, once;
 * the sink then lives on until close or abort so that its message and a
 * memory sink's bytes can be read.  The first error is kept: every later
 * call returns it.  Short writes are continued and EINTR is retried.  The
 * library never touches signals: a caller writing to a pipe ignores SIGPIPE
 * to see EPIPE.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"
#include "sink.h"

#define SINK_MAGIC 0x6b6e6973u /* "sink" */
#define MEM_MIN_CAP 4096
#define GZ_OUT_LEN (32u << 10)
#define TMP_TRIES 64

_Static_assert(sizeof(struct btfx_sink_opts) == sizeof(size_t) + 8, "btfx_sink_opts padding");
_Static_assert(sizeof(struct btfx_sink_ops) == sizeof(size_t) + 2 * sizeof(void *),
	       "btfx_sink_ops padding");

struct btfx_sink_class {
	/* Take all len bytes: 0 or a negative errno (the message is set). */
	int (*write)(struct btfx_sink *s, const void *buf, size_t len);
	/* Overwrite len bytes at off, inside what was taken. */
	int (*pwrite)(struct btfx_sink *s, uint64_t off, const void *buf, size_t len);
	/* Make the output final (flush, rename); only called while healthy. */
	int (*commit)(struct btfx_sink *s);
	/* Throw away an output that will not be committed (NULL: nothing to do). */
	void (*discard)(struct btfx_sink *s);
	/* Free what the sink holds; the output is committed or discarded. */
	void (*release)(struct btfx_sink *s);
};

struct gz_state {
	z_stream z;
	struct btfx_sink *inner;
	uint8_t out[GZ_OUT_LEN];
};

/* Record the first error: "NAME: what: strerror". Returns the sticky error. */
static int sink_fail(struct btfx_sink *s, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int sink_fail(struct btfx_sink *s, int err, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (s->err)
		return s->err;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(s->msg, sizeof(s->msg), "%s: %s: %s", s->path ? s->path : s->name, what,
		 strerror(-err));
	s->err = err;
	return err;
}

static int sink_check(const struct btfx_sink *s)
{
	return s && s->magic == SINK_MAGIC ? 0 : -EINVAL;
}

int btfx__sink_check(const struct btfx_sink *s)
{
	return sink_check(s);
}

static struct btfx_sink *sink_new(const struct btfx_sink_class *cls,
				  const struct btfx_sink_opts *opts)
{
	struct btfx_sink *s;
	uint32_t flags;

	if (btfx__opts_valid(opts, opts ? opts->sz : 0, sizeof(struct btfx_sink_opts))) {
		errno = EINVAL;
		return NULL;
	}
	flags = BTFX_OPTS_GET(opts, flags, 0);
	if (flags & ~(uint32_t)BTFX_SINK_FSYNC) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->magic = SINK_MAGIC;
	s->cls = cls;
	s->flags = flags;
	return s;
}

/*
 * ---------------------------------------------------------------------------
 * Memory
 * ---------------------------------------------------------------------------
 */

static const struct btfx_sink_class mem_class;

/* Capacity for need bytes in a growing buffer: 0 or -ENOMEM. */
static int mem_grow(struct btfx_sink *s, size_t need)
{
	size_t cap = s->u.mem.cap > MEM_MIN_CAP ? s->u.mem.cap : MEM_MIN_CAP;
	void *p;

	while (cap < need)
		cap = cap > BTFX_ALLOC_MAX / 2 ? BTFX_ALLOC_MAX : cap * 2;
	p = realloc(s->u.mem.data, cap);
	if (!p)
		return -ENOMEM;
	s->u.mem.data = p;
	s->u.mem.cap = cap;
	return 0;
}

/* Room for len more bytes: 0, or -ENOSPC (fixed) / -ENOMEM (growing). */
static int mem_make_room(struct btfx_sink *s, size_t len)
{
	if (len <= s->u.mem.cap - s->u.mem.len)
		return 0;
	if (!s->u.mem.owned)
		return -ENOSPC;
	if (len > BTFX_ALLOC_MAX - s->u.mem.len)
		return -ENOMEM;
	return mem_grow(s, s->u.mem.len + len);
}

static int mem_write(struct btfx_sink *s, const void *buf, size_t len)
{
	int err = mem_make_room(s, len);

	if (err == -ENOSPC)
		return sink_fail(s, err, "%zu bytes after %zu do not fit in %zu", len,
				 s->u.mem.len, s->u.mem.cap);
	if (err)
		return sink_fail(s, err, "grow past %zu bytes", s->u.mem.len);
	if (len)
		memcpy(s->u.mem.data + s->u.mem.len, buf, len);
	s->u.mem.len += len;
	return 0;
}

void *btfx__sink_room(struct btfx_sink *s, size_t len)
{
	if (s->err || s->finished || s->cls != &mem_class || mem_make_room(s, len))
		return NULL;
	return s->u.mem.data + s->u.mem.len;
}

void btfx__sink_advance(struct btfx_sink *s, size_t len)
{
	s->u.mem.len += len;
	s->off += len;
}

static int mem_pwrite(struct btfx_sink *s, uint64_t off, const void *buf, size_t len)
{
	if (len)
		memcpy(s->u.mem.data + off, buf, len);
	return 0;
}

static void mem_release(struct btfx_sink *s)
{
	if (s->u.mem.owned)
		free(s->u.mem.data);
}

static const struct btfx_sink_class mem_class = {
	.write = mem_write,
	.pwrite = mem_pwrite,
	.release = mem_release,
};

void btfx__sink_mem_init(struct btfx_sink *s, void *buf, size_t cap)
{
	memset(s, 0, sizeof(*s));
	s->magic = SINK_MAGIC;
	s->cls = &mem_class;
	s->seekable = 1;
	s->u.mem.data = buf;
	s->u.mem.cap = buf ? cap : 0;
	s->u.mem.owned = !buf;
	snprintf(s->name, sizeof(s->name), "memory buffer");
}

struct btfx_sink *btfx_sink_mem(void *buf, size_t cap, const struct btfx_sink_opts *opts)
{
	struct btfx_sink *s = sink_new(&mem_class, opts);

	if (!s)
		return NULL;
	btfx__sink_mem_init(s, buf, cap);
	s->flags = BTFX_OPTS_GET(opts, flags, 0);
	if (!buf && cap) {
		s->u.mem.data = malloc(cap);
		if (!s->u.mem.data) {
			free(s);
			return NULL;
		}
		s->u.mem.cap = cap;
	}
	return s;
}

const void *btfx_sink_mem_data(const struct btfx_sink *s, size_t *len)
{
	if (sink_check(s) || s->cls != &mem_class) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = s->u.mem.len;
	return s->u.mem.data;
}

/*
 * ---------------------------------------------------------------------------
 * File descriptors (and the path sink's temporary file)
 * ---------------------------------------------------------------------------
 */

/* All of len bytes to fd (at off when off >= 0): 0 or a negative errno. */
static int fd_write_all(int fd, int64_t off, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = off < 0 ? write(fd, p, len) : pwrite(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
		if (off >= 0)
			off += n;
	}
	return 0;
}

#define PAGE_LEN 4096u
#define BOUNCE_LEN (192u << 10) /* a multiple of PAGE_LEN */
#define BOUNCE_MIN (64u << 10)

static const struct btfx_sink_class fd_class, path_class;

/*
 * Does each byte of buf lie a little before its destination within the
 * page, when written at file position pos?  The kernel's copy into the page
 * cache then stalls on 4K aliasing (its loads match the low 12 bits of the
 * stores it just made) and runs at half speed.  It is the common case of
 * a blob: a heap buffer starts 16 bytes into its page and the type section
 * goes to file offset 24, after the header.
 */
static int aliased(uint64_t pos, const void *buf)
{
	uint64_t d = (pos - (uintptr_t)buf) & (PAGE_LEN - 1);

	return d && d < 512;
}

/*
 * The sink's bounce buffer, BOUNCE_LEN bytes placed half a page from file
 * position pos, where the kernel's copy from it does not alias (writes of
 * BOUNCE_LEN keep it so); NULL without memory.
 */
static uint8_t *bounce_for(struct btfx_sink *s, uint64_t pos)
{
	uintptr_t b;

	if (!s->u.fd.bounce && !(s->u.fd.bounce = malloc(BOUNCE_LEN + PAGE_LEN)))
		return NULL;
	b = (uintptr_t)s->u.fd.bounce;
	return s->u.fd.bounce + ((pos + PAGE_LEN / 2 - b) & (PAGE_LEN - 1));
}

/*
 * An aliased write: through the bounce buffer, a user copy and write()s of
 * 192 KiB costing less than the stalls; without memory for it, as it is.
 */
static int fd_write_bounced(struct btfx_sink *s, const uint8_t *src, size_t len)
{
	uint8_t *p = bounce_for(s, s->base + s->off);
	size_t n;
	int err = 0;

	if (!p)
		return fd_write_all(s->u.fd.fd, -1, src, len);
	for (; len && !err; src += n, len -= n) {
		n = len < BOUNCE_LEN ? len : BOUNCE_LEN;
		memcpy(p, src, n);
		err = fd_write_all(s->u.fd.fd, -1, p, n);
	}
	return err;
}

void *btfx__sink_chunk(struct btfx_sink *s, size_t *cap)
{
	if (s->err || s->finished || !s->seekable ||
	    (s->cls != &fd_class && s->cls != &path_class))
		return NULL;
	*cap = BOUNCE_LEN;
	return bounce_for(s, s->base + s->off);
}

int btfx__sink_put_chunk(struct btfx_sink *s, size_t n)
{
	int err = fd_write_all(s->u.fd.fd, -1, bounce_for(s, s->base + s->off), n);

	if (err)
		return sink_fail(s, err, "write");
	s->off += n;
	return 0;
}

static int fd_write(struct btfx_sink *s, const void *buf, size_t len)
{
	int err;

	if (s->seekable && len >= BOUNCE_MIN && aliased(s->base + s->off, buf))
		err = fd_write_bounced(s, buf, len);
	else
		err = fd_write_all(s->u.fd.fd, -1, buf, len);
	return err ? sink_fail(s, err, "write") : 0;
}

static int fd_pwrite(struct btfx_sink *s, uint64_t off, const void *buf, size_t len)
{
	int err = fd_write_all(s->u.fd.fd, (int64_t)(s->base + off), buf, len);

	return err ? sink_fail(s, err, "write at %llu", (unsigned long long)off) : 0;
}

/* The path sink's descriptor, if still open (the fd sink's is the caller's). */
static void fd_release(struct btfx_sink *s)
{
	if (s->u.fd.owned && s->u.fd.fd >= 0)
		close(s->u.fd.fd);
	s->u.fd.fd = -1;
	free(s->u.fd.bounce);
	s->u.fd.bounce = NULL;
}

static const struct btfx_sink_class fd_class = {
	.write = fd_write,
	.pwrite = fd_pwrite,
	.release = fd_release,
};

static void fd_setup(struct btfx_sink *s, int fd, int owned)
{
	off_t pos = lseek(fd, 0, SEEK_CUR);

	s->u.fd.fd = fd;
	s->u.fd.owned = owned;
	s->seekable = pos >= 0;
	s->base = pos >= 0 ? (uint64_t)pos : 0;
}

struct btfx_sink *btfx_sink_fd(int fd, const struct btfx_sink_opts *opts)
{
	struct btfx_sink *s;

	if (fd < 0) {
		errno = EINVAL;
		return NULL;
	}
	s = sink_new(&fd_class, opts);
	if (!s)
		return NULL;
	fd_setup(s, fd, 0);
	snprintf(s->name, sizeof(s->name), "fd %d", fd);
	return s;
}

/*
 * ---------------------------------------------------------------------------
 * FILE *
 * ---------------------------------------------------------------------------
 */

static int stdio_write(struct btfx_sink *s, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		size_t n;

		errno = 0;
		n = fwrite(p, 1, len, s->u.file);
		p += n;
		len -= n;
		if (!len)
			break;
		if (errno == EINTR) {
			clearerr(s->u.file);
			continue;
		}
		return sink_fail(s, errno ? -errno : -EIO, "write");
	}
	return 0;
}

static int stdio_flush(struct btfx_sink *s)
{
	while (fflush(s->u.file)) {
		if (errno != EINTR)
			return sink_fail(s, errno ? -errno : -EIO, "flush");
		clearerr(s->u.file);
	}
	return 0;
}

static int stdio_pwrite(struct btfx_sink *s, uint64_t off, const void *buf, size_t len)
{
	int err = stdio_flush(s);

	if (err)
		return err;
	if (fseeko(s->u.file, (off_t)(s->base + off), SEEK_SET))
		return sink_fail(s, -errno, "seek to %llu", (unsigned long long)off);
	if ((err = stdio_write(s, buf, len)) || (err = stdio_flush(s)))
		return err;
	if (fseeko(s->u.file, (off_t)(s->base + s->off), SEEK_SET))
		return sink_fail(s, -errno, "seek back to %llu", (unsigned long long)s->off);
	return 0;
}

static void noop_release(struct btfx_sink *s)
{
	(void)s;
}

static const struct btfx_sink_class stdio_class = {
	.write = stdio_write,
	.pwrite = stdio_pwrite,
	.commit = stdio_flush,
	.release = noop_release,
};

struct btfx_sink *btfx_sink_stdio(FILE *f, const struct btfx_sink_opts *opts)
{
	struct btfx_sink *s;
	off_t pos;

	if (!f) {
		errno = EINVAL;
		return NULL;
	}
	s = sink_new(&stdio_class, opts);
	if (!s)
		return NULL;
	s->u.file = f;
	snprintf(s->name, sizeof(s->name), "FILE fd %d", fileno(f));
	pos = ftello(f);
	s->seekable = pos >= 0 && lseek(fileno(f), 0, SEEK_CUR) >= 0;
	s->base = pos >= 0 ? (uint64_t)pos : 0;
	return s;
}

/*
 * ---------------------------------------------------------------------------
 * Callback
 * ---------------------------------------------------------------------------
 */

static int cb_write(struct btfx_sink *s, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = s->u.cb.ops.write(s->u.cb.ctx, p, len);

		if (n == -EINTR)
			continue;
		if (n < 0)
			return sink_fail(s, n < -4095 ? -EIO : (int)n, "write");
		if (n == 0 || (size_t)n > len)
			return sink_fail(s, -EIO, "write returned %zd for %zu bytes", n, len);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int cb_seek(struct btfx_sink *s, uint64_t off)
{
	int err = s->u.cb.ops.seek(s->u.cb.ctx, off);

	if (err > 0 || err < -4095)
		err = -EIO;
	return err ? sink_fail(s, err, "seek to %llu", (unsigned long long)off) : 0;
}

static int cb_pwrite(struct btfx_sink *s, uint64_t off, const void *buf, size_t len)
{
	int err;

	if ((err = cb_seek(s, off)) || (err = cb_write(s, buf, len)))
		return err;
	return cb_seek(s, s->off);
}

static const struct btfx_sink_class cb_class = {
	.write = cb_write,
	.pwrite = cb_pwrite,
	.release = noop_release,
};

struct btfx_sink *btfx_sink_callback(const struct btfx_sink_ops *ops, void *ctx,
				     const struct btfx_sink_opts *opts)
{
	struct btfx_sink *s;

	if (!ops || btfx__opts_valid(ops, ops->sz, sizeof(*ops)) || !ops->write) {
		errno = EINVAL;
		return NULL;
	}
	s = sink_new(&cb_class, opts);
	if (!s)
		return NULL;
	s->u.cb.ops.sz = sizeof(s->u.cb.ops);
	s->u.cb.ops.write = ops->write;
	s->u.cb.ops.seek = BTFX_OPTS_GET(ops, seek, NULL);
	s->u.cb.ctx = ctx;
	s->seekable = s->u.cb.ops.seek != NULL;
	snprintf(s->name, sizeof(s->name), "callback");
	return s;
}

/*
 * ---------------------------------------------------------------------------
 * Path: a temporary file beside the target, renamed over it at close
 * ---------------------------------------------------------------------------
 */

static int path_commit(struct btfx_sink *s)
{
	int fd = s->u.fd.fd;

	if (!s->tmp) {
		/* Standard output, or a device or FIFO written in place: nothing to rename. */
		s->u.fd.fd = -1;
		if (s->u.fd.owned && close(fd))
			return sink_fail(s, -errno, "close");
		return 0;
	}
	while ((s->flags & BTFX_SINK_FSYNC) && fsync(fd)) {
		if (errno != EINTR)
			return sink_fail(s, -errno, "fsync");
	}
	s->u.fd.fd = -1;
	if (close(fd))
		return sink_fail(s, -errno, "close");
	if (rename(s->tmp, s->path))
		return sink_fail(s, -errno, "rename from %s", s->tmp);
	return 0;
}

/* Close the temporary file and unlink it: the target stays as it was. */
static void path_discard(struct btfx_sink *s)
{
	fd_release(s);
	if (s->tmp)
		unlink(s->tmp);
}

static const struct btfx_sink_class path_class = {
	.write = fd_write,
	.pwrite = fd_pwrite,
	.commit = path_commit,
	.discard = path_discard,
	.release = fd_release,
};

/* A name no file has yet: "PATH.tmp.XXXXXX", hex from the clock and the sink's address. */
static void tmp_name(struct btfx_sink *s, size_t cap, unsigned int attempt)
{
	struct timespec ts;
	uint64_t x;

	clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)s ^
	    ((uint64_t)getpid() << 20) ^ ((uint64_t)attempt * 0xbf58476d1ce4e5b9ull);
	x ^= x >> 29;
	snprintf(s->tmp, cap, "%s.tmp.%06x", s->path, (unsigned int)(x & 0xffffff));
}

/*
 * Create the temporary file: with O_EXCL and the mode open(2) would give the
 * target (the umask applies), then the replaced file's mode when there is one.
 */
static int path_open(struct btfx_sink *s, uint32_t mode)
{
	size_t cap = strlen(s->path) + 16;
	struct stat st;
	unsigned int i;
	int fd = -1;

	/* A device or a FIFO (/dev/null, /dev/stdout) is written in place, never replaced. */
	if (!stat(s->path, &st) && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		do
			fd = open(s->path, O_WRONLY | O_CLOEXEC);
		while (fd < 0 && errno == EINTR);
		if (fd < 0)
			return sink_fail(s, -errno, "open");
		fd_setup(s, fd, 1);
		return 0;
	}
	s->tmp = malloc(cap);
	if (!s->tmp)
		return sink_fail(s, -ENOMEM, "create temporary file");
	for (i = 0; i < TMP_TRIES && fd < 0; i++) {
		tmp_name(s, cap, i);
		fd = open(s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
		if (fd < 0 && errno != EEXIST && errno != EINTR)
			break;
	}
	if (fd < 0) {
		int err = sink_fail(s, -errno, "create %s", s->tmp);

		free(s->tmp);
		s->tmp = NULL;
		return err;
	}
	s->u.fd.fd = fd;
	s->u.fd.owned = 1;
	s->seekable = 1;
	if (!stat(s->path, &st) && S_ISREG(st.st_mode) && fchmod(fd, st.st_mode & 07777))
		return sink_fail(s, -errno, "keep the mode %o", (unsigned int)(st.st_mode & 07777));
	return 0;
}

struct btfx_sink *btfx_sink_path(const char *path, const struct btfx_sink_opts *opts)
{
	struct btfx_sink *s;
	uint32_t mode;

	if (!path || !*path) {
		errno = EINVAL;
		return NULL;
	}
	s = sink_new(&path_class, opts);
	if (!s)
		return NULL;
	mode = BTFX_OPTS_GET(opts, mode, 0);
	s->u.fd.fd = -1;
	if (!strcmp(path, "-")) {
		fd_setup(s, STDOUT_FILENO, 0);
		snprintf(s->name, sizeof(s->name), "standard output");
		return s;
	}
	s->path = strdup(path);
	if (!s->path) {
		free(s);
		return NULL;
	}
	snprintf(s->name, sizeof(s->name), "%s", path);
	path_open(s, mode ? mode & 07777 : 0666);
	return s;
}

/*
 * ---------------------------------------------------------------------------
 * gzip filter
 * ---------------------------------------------------------------------------
 */

/* Hand the inner sink what deflate has produced; the inner's error becomes ours. */
static int gz_drain(struct btfx_sink *s)
{
	struct gz_state *g = s->gz;
	size_t n = GZ_OUT_LEN - g->z.avail_out;
	int err;

	if (n && (err = btfx_sink_write(g->inner, g->out, n))) {
		if (!btfx_sink_errmsg(g->inner)[0])
			return sink_fail(s, err, "write to the inner sink");
		s->err = err;
		snprintf(s->msg, sizeof(s->msg), "%s", btfx_sink_errmsg(g->inner));
		return err;
	}
	g->z.next_out = g->out;
	g->z.avail_out = GZ_OUT_LEN;
	return 0;
}

/* Deflate until the input is used up (Z_NO_FLUSH) or the stream ended (Z_FINISH). */
static int gz_run(struct btfx_sink *s, int flush)
{
	struct gz_state *g = s->gz;
	int zr, err;

	for (;;) {
		zr = deflate(&g->z, flush);
		if (zr == Z_STREAM_ERROR)
			return sink_fail(s, -EIO, "deflate: %s", g->z.msg ? g->z.msg : "error");
		if (zr == Z_STREAM_END || g->z.avail_out == 0 || flush == Z_FINISH) {
			if ((err = gz_drain(s)))
				return err;
		}
		if (zr == Z_STREAM_END || (flush != Z_FINISH && !g->z.avail_in))
			return 0;
	}
}

static int gz_write(struct btfx_sink *s, const void *buf, size_t len)
{
	struct gz_state *g = s->gz;
	const uint8_t *p = buf;
	int err;

	while (len) {
		uInt n = len > (1u << 30) ? (1u << 30) : (uInt)len;

		g->z.next_in = (Bytef *)p;
		g->z.avail_in = n;
		if ((err = gz_run(s, Z_NO_FLUSH)))
			return err;
		p += n;
		len -= n;
	}
	return 0;
}

/* The rest of the deflate stream and the gzip trailer, into inner (left open). */
static int gz_commit(struct btfx_sink *s)
{
	struct gz_state *g = s->gz;

	g->z.next_in = NULL;
	g->z.avail_in = 0;
	return gz_run(s, Z_FINISH);
}

/* inner is the caller's: neither finished nor aborted here. */
static void gz_release(struct btfx_sink *s)
{
	struct gz_state *g = s->gz;

	deflateEnd(&g->z);
	free(g);
}

static const struct btfx_sink_class gz_class = {
	.write = gz_write,
	.commit = gz_commit,
	.release = gz_release,
};

struct btfx_sink *btfx_sink_gzip(struct btfx_sink *inner, int level,
				 const struct btfx_sink_opts *opts)
{
	struct btfx_sink *s;
	struct gz_state *g;

	if (sink_check(inner) || inner->finished || level < -1 || level > 9) {
		errno = EINVAL;
		return NULL;
	}
	s = sink_new(&gz_class, opts);
	if (!s)
		return NULL;
	g = calloc(1, sizeof(*g));
	/* windowBits 15 + 16: a gzip header and trailer around the deflate stream. */
	if (!g || deflateInit2(&g->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(g);
		free(s);
		errno = ENOMEM;
		return NULL;
	}
	g->inner = inner;
	g->z.next_out = g->out;
	g->z.avail_out = GZ_OUT_LEN;
	s->gz = g;
	snprintf(s->name, sizeof(s->name), "%s", inner->path ? inner->path : inner->name);
	if (inner->err) {
		s->err = inner->err;
		snprintf(s->msg, sizeof(s->msg), "%s", inner->msg);
	}
	return s;
}

/*
 * ---------------------------------------------------------------------------
 * Every sink
 * ---------------------------------------------------------------------------
 */

int btfx_sink_write(struct btfx_sink *s, const void *buf, size_t len)
{
	int err;

	if (sink_check(s) || s->finished || (!buf && len))
		return -EINVAL;
	if (s->err)
		return s->err;
	if ((err = s->cls->write(s, buf, len)))
		return err;
	s->off += len;
	return 0;
}

uint64_t btfx_sink_offset(const struct btfx_sink *s)
{
	return sink_check(s) ? 0 : s->off;
}

int btfx_sink_seekable(const struct btfx_sink *s)
{
	return !sink_check(s) && s->seekable;
}

int btfx_sink_pwrite(struct btfx_sink *s, uint64_t off, const void *buf, size_t len)
{
	if (sink_check(s) || s->finished || (!buf && len))
		return -EINVAL;
	if (s->err)
		return s->err;
	if (!s->seekable || !s->cls->pwrite)
		return -ESPIPE;
	if (off > s->off || len > s->off - off)
		return -EINVAL;
	return s->cls->pwrite(s, off, buf, len);
}

const char *btfx_sink_errmsg(const struct btfx_sink *s)
{
	return sink_check(s) ? "" : s->msg;
}

int btfx_sink_finish(struct btfx_sink *s)
{
	if (sink_check(s))
		return -EINVAL;
	if (s->finished)
		return s->err;
	s->finished = 1;
	if (!s->err && s->cls->commit)
		s->cls->commit(s);
	if (s->err && s->cls->discard)
		s->cls->discard(s);
	return s->err;
}

static void sink_free(struct btfx_sink *s)
{
	s->cls->release(s);
	s->magic = 0;
	free(s->path);
	free(s->tmp);
	free(s);
}

int btfx_sink_close(struct btfx_sink *s)
{
	int err;

	if (sink_check(s))
		return -EINVAL;
	err = btfx_sink_finish(s);
	sink_free(s);
	return err;
}

void btfx_sink_abort(struct btfx_sink *s)
{
	if (sink_check(s))
		return;
	if (!s->finished && s->cls->discard)
		s->cls->discard(s);
	s->finished = 1;
	sink_free(s);
}
