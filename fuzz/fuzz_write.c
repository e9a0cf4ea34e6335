// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_write.c - libFuzzer target for btfx_write() and the sinks.  The
 * input is 4 control bytes and a raw BTF blob: byte 0 picks the byte order
 * (bits 0-1) and BTFX_WRITE_LAYOUT (bit 2), bytes 1-2 the capacity of a
 * fixed memory sink in 1/65535ths of the blob's size, byte 3 the call at
 * which a callback sink fails.  When the blob loads, it is written
 *  - through a growing memory sink: the bytes equal btfx_write_mem()'s,
 *    and they load back to the same types (raw dump) and sections;
 *  - through a fixed memory sink of that capacity: success and the same
 *    bytes when they fit, else -ENOSPC with a message, and what was written
 *    is a prefix of the blob;
 *  - through a callback taking at most 1000 bytes a call and failing at
 *    that call: its error with a message, or success, and a prefix again.
 * Any broken promise aborts.  fuzz/replay.c replays fuzz/corpus/write.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <btfx/btfx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct text {
	char *p;
	size_t len;
};

static int collect_text(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;
	char *q = realloc(t->p, t->len + len + 1);

	if (!q)
		return -ENOMEM;
	memcpy(q + t->len, s, len);
	t->len += len;
	q[t->len] = '\0';
	t->p = q;
	return 0;
}

struct cb {
	uint8_t *buf;
	size_t len, cap;
	long calls, fail_at;
};

static ssize_t cb_write(void *ctx, const void *buf, size_t len)
{
	struct cb *c = ctx;

	if (++c->calls == c->fail_at)
		return -EIO;
	if (len > 1000)
		len = 1000;
	if (c->len + len > c->cap) {
		uint8_t *q = realloc(c->buf, (c->len + len) * 2);

		if (!q)
			return -ENOMEM;
		c->buf = q;
		c->cap = (c->len + len) * 2;
	}
	memcpy(c->buf + c->len, buf, len);
	c->len += len;
	return (ssize_t)len;
}

/* The written blob loads back to the same types as btf. */
static void check_reads_back(const struct btfx *btf, const uint8_t *blob, size_t len)
{
	struct btfx *again = btfx_new();
	struct text a = { 0 }, b = { 0 };

	if (!again)
		return;
	if (btfx_load(again, blob, len, NULL) || btfx_type_cnt(again) != btfx_type_cnt(btf) ||
	    btfx_type_sec_len(again) != btfx_type_sec_len(btf) ||
	    btfx_str_sec_len(again) != btfx_str_sec_len(btf))
		abort();
	if (!btfx_dump_raw(btf, collect_text, &a) && !btfx_dump_raw(again, collect_text, &b) &&
	    (a.len != b.len || (a.len && memcmp(a.p, b.p, a.len))))
		abort();
	free(a.p);
	free(b.p);
	btfx_free(again);
}

static void check_growing(struct btfx *btf, const struct btfx_write_opts *o, const uint8_t *want,
			  size_t size)
{
	struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);
	const void *got;
	size_t len;

	if (!s)
		return;
	if (btfx_write(btf, s, o)) {
		btfx_sink_abort(s); /* only -ENOMEM can fail here */
		return;
	}
	/* Finished, the sink keeps its bytes and refuses more. */
	if (btfx_sink_finish(s) || btfx_sink_write(s, "", 1) != -EINVAL)
		abort();
	got = btfx_sink_mem_data(s, &len);
	if (len != size || memcmp(got, want, size))
		abort();
	check_reads_back(btf, got, len);
	if (btfx_sink_close(s))
		abort();
}

static void check_fixed(struct btfx *btf, const struct btfx_write_opts *o, const uint8_t *want,
			size_t size, size_t cap)
{
	uint8_t *buf = malloc(cap ? cap : 1);
	struct btfx_sink *s = buf ? btfx_sink_mem(buf, cap, NULL) : NULL;
	uint64_t off;
	int r;

	if (!s) {
		free(buf);
		return;
	}
	r = btfx_write(btf, s, o);
	off = btfx_sink_offset(s);
	if (cap >= size ? (r || off != size) : (r != -ENOSPC || !*btfx_errmsg(btf) || off > cap))
		abort();
	if (off && memcmp(buf, want, (size_t)off))
		abort();
	if (btfx_sink_close(s) != r)
		abort();
	free(buf);
}

static void check_callback(struct btfx *btf, const struct btfx_write_opts *o, const uint8_t *want,
			   size_t size, long fail_at)
{
	static const struct btfx_sink_ops ops = { sizeof(ops), cb_write, NULL };
	struct cb c = { .fail_at = fail_at };
	struct btfx_sink *s = btfx_sink_callback(&ops, &c, NULL);
	int r;

	if (!s)
		return;
	r = btfx_write(btf, s, o);
	if (r && (r != -EIO || !strstr(btfx_errmsg(btf), "callback") || c.calls != fail_at))
		abort();
	if (!r && c.len != size)
		abort();
	if (c.len > size || (c.len && memcmp(c.buf, want, c.len)))
		abort();
	if (btfx_sink_close(s) != r)
		abort();
	free(c.buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx_write_opts o = { .sz = sizeof(o) };
	struct btfx *btf;
	uint8_t *want;
	size_t len, cap;

	if (size < 4)
		return 0;
	o.endian = data[0] & 3;
	o.flags = data[0] & 4 ? BTFX_WRITE_LAYOUT : 0;
	btf = btfx_new();
	if (!btf)
		return 0;
	if (btfx_load(btf, data + 4, size - 4, NULL) || btfx_raw_size(btf, &o, &len) ||
	    !(want = malloc(len))) {
		btfx_free(btf);
		return 0;
	}
	/* -ENOTSUP: kinds libbtfx cannot swap or write without a layout; btfx_write() agrees. */
	if (btfx_write_mem(btf, want, len, &o) != (int)len) {
		struct btfx_sink *s = btfx_sink_mem(NULL, 0, NULL);

		if (s && btfx_write(btf, s, &o) != -ENOTSUP)
			abort();
		btfx_sink_abort(s);
		goto out;
	}
	cap = (size_t)(((uint64_t)len * (data[1] | (unsigned)data[2] << 8)) / 65535u);
	check_growing(btf, &o, want, len);
	check_fixed(btf, &o, want, len, cap);
	check_callback(btf, &o, want, len, data[3]);
out:
	free(want);
	btfx_free(btf);
	return 0;
}
