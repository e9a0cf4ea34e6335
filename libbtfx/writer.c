// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * writer.c - serialize an object: a header, the type section, an optional
 * kind-layout section and the string section, in either byte order.
 *
 * The classic 24-byte header is the default (what released kernels load);
 * BTFX_WRITE_LAYOUT adds the 32-byte header and one layout record per kind.
 * Only this object's own types and strings are written (split BTF stays
 * split).  The in-memory form is the wire format, so a native-order write
 * is a header and two copies.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

struct plan {
	int swap;
	int layout;
	uint32_t hdr_len;
	uint32_t layout_cnt;
	size_t total;
	struct btfx_header hdr;
};

static int make_plan(struct btfx *btf, const struct btfx_write_opts *opts, struct plan *p)
{
	uint32_t endian, flags;
	int big;

	if (BTFX_OPTS_VALID(opts, struct btfx_write_opts))
		return btfx__err(btf, -EINVAL, "write: bad opts");
	endian = BTFX_OPTS_GET(opts, endian, BTFX_ENDIAN_NATIVE);
	flags = BTFX_OPTS_GET(opts, flags, 0);
	if (endian > BTFX_ENDIAN_SOURCE || (flags & ~(uint32_t)BTFX_WRITE_LAYOUT))
		return btfx__err(btf, -EINVAL, "write: bad endian %u or flags %#x", endian, flags);
	big = endian == BTFX_ENDIAN_BIG || (endian == BTFX_ENDIAN_NATIVE && btfx__host_big_endian()) ||
	      (endian == BTFX_ENDIAN_SOURCE && btf->src_big_endian);
	memset(p, 0, sizeof(*p));
	p->swap = big != btfx__host_big_endian();
	p->layout = !!(flags & BTFX_WRITE_LAYOUT);
	if (!p->layout && btf->nr_unknown)
		return btfx__err(btf, -ENOTSUP,
				 "write: kinds unknown to libbtfx need BTFX_WRITE_LAYOUT");
	/*
	 * Which words of an unknown record are 32-bit, which 16 or 8, is not
	 * known: swapping it word by word would garble it.  libbpf refuses too.
	 */
	if (p->swap && btf->nr_unknown)
		return btfx__err(btf, -ENOTSUP,
				 "write: cannot change the byte order of %u records of kinds "
				 "unknown to libbtfx", btf->nr_unknown);
	p->hdr_len = p->layout ? BTFX_HDR_LEN_LAYOUT : BTFX_HDR_LEN_CLASSIC;
	p->layout_cnt = p->layout ? (btf->layout_cnt > BTFX_NR_KINDS ? btf->layout_cnt :
								     BTFX_NR_KINDS) : 0;
	p->hdr.magic = BTFX_MAGIC;
	p->hdr.version = BTFX_VERSION;
	p->hdr.hdr_len = p->hdr_len;
	p->hdr.type_off = 0;
	p->hdr.type_len = (uint32_t)btf->types.len;
	p->hdr.layout_off = p->layout ? p->hdr.type_len : 0;
	p->hdr.layout_len = p->layout_cnt * (uint32_t)sizeof(struct btfx_layout);
	p->hdr.str_off = p->hdr.type_len + p->hdr.layout_len;
	p->hdr.str_len = (uint32_t)btf->strs.data.len;
	p->total = (size_t)p->hdr_len + p->hdr.str_off + p->hdr.str_len;
	return 0;
}

static void put32(uint8_t *dst, uint32_t v, int swap)
{
	if (swap)
		v = btfx__bswap32(v);
	memcpy(dst, &v, 4);
}

static void emit_header(const struct plan *p, uint8_t *out)
{
	uint16_t magic = p->swap ? btfx__bswap16(BTFX_MAGIC) : BTFX_MAGIC;

	memcpy(out, &magic, 2);
	out[2] = BTFX_VERSION;
	out[3] = 0;
	put32(out + 4, p->hdr_len, p->swap);
	put32(out + 8, p->hdr.type_off, p->swap);
	put32(out + 12, p->hdr.type_len, p->swap);
	put32(out + 16, p->hdr.str_off, p->swap);
	put32(out + 20, p->hdr.str_len, p->swap);
	if (p->layout) {
		put32(out + 24, p->hdr.layout_off, p->swap);
		put32(out + 28, p->hdr.layout_len, p->swap);
	}
}

static void emit_layout(const struct btfx *btf, const struct plan *p, uint8_t *out)
{
	uint32_t k;

	for (k = 0; k < p->layout_cnt; k++) {
		struct btfx_layout l = { 0, 0, 0 };
		uint16_t flags;

		if (btfx__kind_known(k)) {
			l.info_sz = btfx__kinds[k].info_sz;
			l.elem_sz = btfx__kinds[k].elem_sz;
		} else if (k < btf->layout_cnt && k) {
			l = btf->layout[k];
		}
		flags = p->swap ? btfx__bswap16(l.flags) : l.flags;
		out[4 * k] = l.info_sz;
		out[4 * k + 1] = l.elem_sz;
		memcpy(out + 4 * k + 2, &flags, 2);
	}
}

static void emit(const struct btfx *btf, const struct plan *p, uint8_t *out)
{
	uint8_t *types = out + p->hdr_len;
	size_t i, n = btf->types.len / 4;

	emit_header(p, out);
	if (!p->swap) {
		if (btf->types.len)
			memcpy(types, btf->types.data, btf->types.len);
	} else {
		const uint32_t *src = (const uint32_t *)btf->types.data;

		for (i = 0; i < n; i++)
			put32(types + 4 * i, src[i], 1);
	}
	if (p->layout)
		emit_layout(btf, p, out + p->hdr_len + p->hdr.layout_off);
	if (btf->strs.data.len)
		memcpy(out + p->hdr_len + p->hdr.str_off, btf->strs.data.data, btf->strs.data.len);
}

int btfx_raw_size(struct btfx *btf, const struct btfx_write_opts *opts, size_t *size_out)
{
	struct plan p;
	int err;

	if ((err = make_plan(btf, opts, &p)))
		return err;
	*size_out = p.total;
	return 0;
}

int btfx_write_mem(struct btfx *btf, void *buf, size_t cap, const struct btfx_write_opts *opts)
{
	struct plan p;
	int err;

	if ((err = make_plan(btf, opts, &p)))
		return err;
	if (!buf || cap < p.total)
		return btfx__err(btf, -ENOSPC, "write: buffer of %zu bytes, need %zu", cap, p.total);
	if (p.total > INT32_MAX)
		return btfx__err(btf, -E2BIG, "write: blob of %zu bytes", p.total);
	emit(btf, &p, buf);
	return (int)p.total;
}

int btfx_raw_data(struct btfx *btf, const struct btfx_write_opts *opts, const void **data_out,
		  size_t *size_out)
{
	struct btfx_raw_out *out;
	struct plan p;
	int err;

	if ((err = make_plan(btf, opts, &p)))
		return err;
	/* One blob per variant: a blob handed out earlier is never rewritten. */
	out = &btf->raw_out[p.swap | p.layout << 1];
	if (!out->len) {
		if (p.total > out->cap) {
			void *q = btfx__mem_realloc_array(&btf->mem, out->data, p.total, 1);

			if (!q)
				return btfx__err(btf, -ENOMEM, "write: out of memory");
			out->data = q;
			out->cap = p.total;
		}
		emit(btf, &p, out->data);
		out->len = p.total;
	}
	*data_out = out->data;
	*size_out = out->len;
	return 0;
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int btfx_write_file(struct btfx *btf, const char *path, const struct btfx_write_opts *opts)
{
	const void *data;
	char *tmp;
	size_t size, plen;
	int fd, err;

	if (!path)
		return btfx__err(btf, -EINVAL, "write_file: NULL path");
	if ((err = btfx_raw_data(btf, opts, &data, &size)))
		return err;
	plen = strlen(path);
	tmp = btfx__mem_alloc(&btf->mem, plen + 16);
	if (!tmp)
		return btfx__err(btf, -ENOMEM, "write_file: out of memory");
	snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = btfx__err(btf, -errno, "%s: create: %s", tmp, strerror(errno));
		goto out;
	}
	err = write_all(fd, data, size);
	if (!err && fchmod(fd, 0644))
		err = -errno;
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		btfx__err(btf, err, "%s: write: %s", path, strerror(-err));
	}
out:
	btfx__mem_free(&btf->mem, tmp);
	return err;
}
