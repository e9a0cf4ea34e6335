// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * reader.c - fill an object from a BTF blob, a file, an ELF object or a
 * gzip stream.
 *
 * Every field of the blob is checked before it is used: the header, the
 * section bounds, each record against the end of the type section, each
 * string offset against the string section and each type id against the
 * number of types (the fields inside members, parameters, enumerators and
 * secinfos only without BTFX_LOAD_SHALLOW).  The walk over the type section
 * (walk.c) is one pass that also records each record's offset; when it
 * finds anything unusual, the careful walk here finds the first problem and
 * names it.  A blob in the host's byte order is not copied when the caller
 * lends it (or when the object owns the file it was read from), one of the
 * other order is copied once and swapped word by word (every field of every
 * record is a 32-bit word).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "elf.h"
#include "internal.h"
#include "names.h"
#include "walk.h"
#include "zio.h"

struct blob {
	const uint8_t *data;
	size_t size;
	int swap;
	struct btfx_header hdr;
	const char *what; /* for messages: "file.btf" or "BTF" */
};

static uint32_t rd32(const struct blob *b, size_t off)
{
	uint32_t v;

	memcpy(&v, b->data + off, 4);
	return b->swap ? btfx__bswap32(v) : v;
}

static int bad(struct btfx *btf, const struct blob *b, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct btfx *btf, const struct blob *b, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return btfx__err(btf, -EBADMSG, "%s: %s", b->what, msg);
}

static int parse_header(struct btfx *btf, struct blob *b)
{
	struct btfx_header *h = &b->hdr;
	uint16_t magic;
	size_t i;

	if (b->size < BTFX_HDR_LEN_CLASSIC)
		return bad(btf, b, "truncated header (%zu bytes, header needs %d)", b->size,
			   BTFX_HDR_LEN_CLASSIC);
	memcpy(&magic, b->data, 2);
	if (magic == BTFX_MAGIC)
		b->swap = 0;
	else if (magic == btfx__bswap16(BTFX_MAGIC))
		b->swap = 1;
	else
		return bad(btf, b, "bad magic %#06x", magic);
	memset(h, 0, sizeof(*h));
	h->magic = BTFX_MAGIC;
	h->version = b->data[2];
	h->flags = b->data[3];
	h->hdr_len = rd32(b, 4);
	if (h->version != BTFX_VERSION)
		return bad(btf, b, "unsupported version %u", h->version);
	if (h->flags)
		return bad(btf, b, "unsupported header flags %#x", h->flags);
	if (h->hdr_len < BTFX_HDR_LEN_CLASSIC || h->hdr_len > b->size)
		return bad(btf, b, "bad header length %u (blob is %zu bytes)", h->hdr_len, b->size);
	h->type_off = rd32(b, 8);
	h->type_len = rd32(b, 12);
	h->str_off = rd32(b, 16);
	h->str_len = rd32(b, 20);
	if (h->hdr_len >= BTFX_HDR_LEN_LAYOUT) {
		h->layout_off = rd32(b, 24);
		h->layout_len = rd32(b, 28);
	}
	for (i = h->hdr_len >= BTFX_HDR_LEN_LAYOUT ? BTFX_HDR_LEN_LAYOUT : BTFX_HDR_LEN_CLASSIC;
	     i < h->hdr_len; i++)
		if (b->data[i])
			return bad(btf, b, "unknown non-zero header field at byte %zu", i);
	return 0;
}

struct sec {
	const char *name;
	uint32_t off, len;
};

/* Sections inside the blob, aligned, not overlapping. */
static int check_sections(struct btfx *btf, const struct blob *b)
{
	const struct btfx_header *h = &b->hdr;
	struct sec s[3] = {
		{ "type", h->type_off, h->type_len },
		{ "string", h->str_off, h->str_len },
		{ "layout", h->layout_off, h->layout_len },
	};
	size_t avail = b->size - h->hdr_len;
	int i, j;

	for (i = 0; i < 3; i++) {
		if (s[i].off > avail || s[i].len > avail - s[i].off) {
			return bad(btf, b, "%s section out of range: ends at %llu, data is %zu bytes",
				   s[i].name, (unsigned long long)s[i].off + s[i].len, avail);
		}
	}
	if (h->type_off % 4 || h->type_len % 4)
		return bad(btf, b, "type section not 4-byte aligned (offset %u, length %u)",
			   h->type_off, h->type_len);
	if (h->layout_len && (h->layout_off % 4 || h->layout_len % 4))
		return bad(btf, b, "layout section not 4-byte aligned (offset %u, length %u)",
			   h->layout_off, h->layout_len);
	for (i = 0; i < 3; i++) {
		for (j = i + 1; j < 3; j++) {
			if (!s[i].len || !s[j].len)
				continue;
			if (s[i].off < s[j].off + s[j].len && s[j].off < s[i].off + s[i].len) {
				return bad(btf, b, "%s and %s sections overlap (at %u and %u)",
					   s[i].name, s[j].name, s[i].off, s[j].off);
			}
		}
	}
	return 0;
}

static int check_strings(struct btfx *btf, const struct blob *b)
{
	const struct btfx_header *h = &b->hdr;
	const uint8_t *s = b->data + h->hdr_len + h->str_off;

	if (!btf->base && !h->str_len)
		return bad(btf, b, "empty string section");
	if (!btf->base && s[0])
		return bad(btf, b, "string section does not start with \"\"");
	if (h->str_len && s[h->str_len - 1])
		return bad(btf, b, "unterminated string section (last byte is %#x)",
			   s[h->str_len - 1]);
	if ((uint64_t)btf->start_str_off + h->str_len > BTFX_MAX_STR_OFFSET)
		return btfx__err(btf, -E2BIG, "%s: string section too big (%u bytes)", b->what,
				 h->str_len);
	return 0;
}

static int read_layout(struct btfx *btf, const struct blob *b)
{
	const struct btfx_header *h = &b->hdr;
	const uint8_t *p = b->data + h->hdr_len + h->layout_off;
	uint32_t i, n = h->layout_len / 4;

	if (!n)
		return 0;
	btf->layout = btfx__mem_realloc_array(&btf->mem, NULL, n, sizeof(*btf->layout));
	if (!btf->layout)
		return btfx__err(btf, -ENOMEM, "%s: out of memory", b->what);
	for (i = 0; i < n; i++) {
		uint16_t flags;

		btf->layout[i].info_sz = p[4 * i];
		btf->layout[i].elem_sz = p[4 * i + 1];
		memcpy(&flags, p + 4 * i + 2, 2);
		btf->layout[i].flags = b->swap ? btfx__bswap16(flags) : flags;
		if (btf->layout[i].flags) {
			flags = btf->layout[i].flags;
			btfx__mem_free(&btf->mem, btf->layout);
			btf->layout = NULL;
			return bad(btf, b, "layout of kind %u: unknown flags %#x", i, flags);
		}
		if (btf->layout[i].info_sz % 4 || btf->layout[i].elem_sz % 4) {
			btfx__mem_free(&btf->mem, btf->layout);
			btf->layout = NULL;
			return bad(btf, b, "layout of kind %u: sizes not multiples of 4", i);
		}
	}
	btf->layout_cnt = n;
	return 0;
}

/* State of the walk over the type section. */
struct walk {
	struct btfx *btf;
	const struct blob *b;
	const uint8_t *types;
	uint32_t len;
	uint32_t str_end;  /* string offsets must be below this */
	uint32_t max_ref;  /* largest type id referenced */
	uint32_t nr;
	uint32_t unknown;  /* records of kinds known only from the layout */
	int elems;         /* check the elements' fields too (not SHALLOW) */
};

static int rec_fail(struct walk *w, uint32_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int rec_fail(struct walk *w, uint32_t off, const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return btfx__err(w->btf, -EBADMSG, "%s: [%u] at type offset %u: %s", w->b->what,
			 w->btf->start_id + w->nr, off, msg);
}

/* Size of the record at off, or a negative errno. */
static int64_t rec_size(struct walk *w, uint32_t off, const struct btfx_type *t)
{
	unsigned int kind = btfx_kind(t);
	uint64_t vlen = btfx_vlen(t), info_sz, elem_sz;

	if (btfx__kind_known(kind)) {
		info_sz = btfx__kinds[kind].info_sz;
		elem_sz = btfx__kinds[kind].elem_sz;
	} else if (kind && kind < w->btf->layout_cnt) {
		info_sz = w->btf->layout[kind].info_sz;
		elem_sz = w->btf->layout[kind].elem_sz;
		w->unknown++;
	} else if (!kind) {
		return rec_fail(w, off, "kind 0 (UNKN) is not a type");
	} else {
		rec_fail(w, off, "unknown kind %u and no layout section", kind);
		return -ENOTSUP;
	}
	return (int64_t)(sizeof(*t) + info_sz + vlen * elem_sz);
}

#define STR_OK(w, o) ((o) < (w)->str_end)
#define REF(w, id) ((w)->max_ref = (id) > (w)->max_ref ? (id) : (w)->max_ref)

/* Check the string offsets and collect the type ids of one record. */
static int rec_check(struct walk *w, uint32_t off, const struct btfx_type *t)
{
	unsigned int kind = btfx_kind(t), i, n = btfx_vlen(t);
	const uint32_t *x = (const uint32_t *)(t + 1);

	if (!STR_OK(w, t->name_off))
		return rec_fail(w, off, "name offset %u past the string section", t->name_off);
	if (!btfx__kind_known(kind))
		return 0;
	if (!btfx__kinds[kind].has_size && kind != BTFX_KIND_FWD)
		REF(w, t->type);
	if (kind == BTFX_KIND_ARRAY) {
		REF(w, x[0]);
		REF(w, x[1]);
	}
	if (!w->elems)
		return 0;
	switch (kind) {
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
	case BTFX_KIND_DATASEC:
	case BTFX_KIND_ENUM64:
		for (i = 0; i < n; i++, x += 3) {
			if (kind == BTFX_KIND_DATASEC) {
				REF(w, x[0]);
				continue;
			}
			if (!STR_OK(w, x[0]))
				return rec_fail(w, off, "member name offset %u out of range", x[0]);
			if (kind != BTFX_KIND_ENUM64)
				REF(w, x[1]);
		}
		break;
	case BTFX_KIND_ENUM:
	case BTFX_KIND_FUNC_PROTO:
		for (i = 0; i < n; i++, x += 2) {
			if (!STR_OK(w, x[0]))
				return rec_fail(w, off, "member name offset %u out of range", x[0]);
			if (kind == BTFX_KIND_FUNC_PROTO)
				REF(w, x[1]);
		}
		break;
	default:
		break;
	}
	return 0;
}

/* The careful walk: one record at a time, exact messages. */
static int walk_types_slow(struct walk *w)
{
	uint32_t off = 0;
	int64_t sz;
	int err;

	w->nr = 0;
	w->max_ref = 0;
	w->unknown = 0;
	while (off < w->len) {
		const struct btfx_type *t = (const struct btfx_type *)(w->types + off);

		if (w->len - off < sizeof(*t))
			return rec_fail(w, off, "record runs past the type section (%u bytes left)",
					w->len - off);
		sz = rec_size(w, off, t);
		if (sz < 0)
			return (int)sz;
		if ((uint64_t)sz > w->len - off)
			return rec_fail(w, off, "record of %llu bytes runs past the type section",
					(unsigned long long)sz);
		if ((err = rec_check(w, off, t)))
			return err;
		if (w->btf->start_id + (uint64_t)w->nr >= BTFX_MAX_TYPE)
			return btfx__err(w->btf, -E2BIG, "%s: more than %u types", w->b->what,
					 BTFX_MAX_TYPE);
		w->btf->type_offs[w->nr++] = off;
		off += (uint32_t)sz;
	}
	return 0;
}

/*
 * The fast walk (walk.c) over well-formed input; anything unusual (an
 * unknown kind, a record past the end, a bad string offset, too many
 * types) sends the whole walk to walk_types_slow(), which finds the first
 * problem and names it: the checks are the same, the messages live here.
 */
static int walk_types(struct walk *w)
{
	struct btfx__walk f = {
		.types = w->types,
		.len = w->len,
		.offs = w->btf->type_offs,
		.elems = w->elems,
	};

	if (w->btf->start_id + (uint64_t)w->len / sizeof(struct btfx_type) >= BTFX_MAX_TYPE)
		return walk_types_slow(w);
	if (btfx__walk_fast(&f) || f.max_name >= w->str_end)
		return walk_types_slow(w);
	w->nr = f.nr;
	w->max_ref = f.max_ref;
	return 0;
}

/* Slow path for a message: find the record with a type id out of range. */
static int find_bad_ref(struct walk *w, uint32_t cnt)
{
	uint32_t i;

	for (i = 0; i < w->nr; i++) {
		struct btfx_type *t = (struct btfx_type *)(w->types + w->btf->type_offs[i]);
		uint32_t save = w->max_ref;

		w->max_ref = 0;
		rec_check(w, 0, t);
		if (w->max_ref >= cnt) {
			w->nr = i;
			return rec_fail(w, w->btf->type_offs[i],
					"references type id %u, past the last type", w->max_ref);
		}
		w->max_ref = save;
	}
	return -EBADMSG;
}

/* Take the type section: borrowed, copied, or copied and swapped. */
static int take_types(struct btfx *btf, const struct blob *b, int borrow)
{
	const uint8_t *src = b->data + b->hdr.hdr_len + b->hdr.type_off;
	uint32_t i, len = b->hdr.type_len, *w;

	/* Records are read as 32-bit words: only an aligned section is used in place. */
	if (!b->swap && borrow && !((uintptr_t)src % 4)) {
		btfx__buf_borrow(&btf->types, src, len);
		return 0;
	}
	btfx__buf_free(&btf->types);
	if (btfx__buf_append(&btf->types, src, len))
		return btfx__err(btf, -ENOMEM, "%s: out of memory", b->what);
	if (b->swap) {
		w = (uint32_t *)btf->types.data;
		for (i = 0; i < len / 4; i++)
			w[i] = btfx__bswap32(w[i]);
	}
	return 0;
}

static int take_strings(struct btfx *btf, const struct blob *b, int borrow)
{
	const uint8_t *src = b->data + b->hdr.hdr_len + b->hdr.str_off;

	btfx__strtab_borrow(&btf->strs, src, b->hdr.str_len);
	if (!borrow && btfx__buf_reserve(&btf->strs.data, 0))
		return btfx__err(btf, -ENOMEM, "%s: out of memory", b->what);
	return 0;
}

static void reset(struct btfx *btf)
{
	btfx__buf_free(&btf->types);
	btfx__strtab_free(&btf->strs);
	btfx__strtab_init(&btf->strs, &btf->mem, !btf->base);
	btf->nr_types = 0;
	btfx__names_drop(btf);
	btfx__mem_free(&btf->mem, btf->layout);
	btf->layout = NULL;
	btf->layout_cnt = 0;
}

static int load_blob(struct btfx *btf, struct blob *b, uint32_t flags)
{
	struct walk w = { .btf = btf, .b = b, .elems = !(flags & BTFX_LOAD_SHALLOW) };
	int borrow = !!(flags & BTFX_LOAD_BORROW);
	size_t cap;
	int err;

	if ((err = parse_header(btf, b)) || (err = check_sections(btf, b)) ||
	    (err = check_strings(btf, b)))
		return err;
	if ((err = take_types(btf, b, borrow)) || (err = take_strings(btf, b, borrow)) ||
	    (err = read_layout(btf, b)))
		goto err_out;
	cap = btfx__walk_offs_cap(b->hdr.type_len);
	if (cap > btf->type_offs_cap) {
		uint32_t *p = btfx__mem_realloc_array(&btf->mem, btf->type_offs, cap, 4);

		if (!p) {
			err = btfx__err(btf, -ENOMEM, "%s: out of memory", b->what);
			goto err_out;
		}
		btf->type_offs = p;
		btf->type_offs_cap = cap;
	}
	w.types = btf->types.data;
	w.len = b->hdr.type_len;
	w.str_end = btf->start_str_off + b->hdr.str_len;
	if ((err = walk_types(&w)))
		goto err_out;
	if (w.max_ref >= btf->start_id + w.nr) {
		err = find_bad_ref(&w, btf->start_id + w.nr);
		goto err_out;
	}
	btfx__names_drop(btf); /* built by a lookup while the object was empty */
	btf->nr_types = w.nr;
	btf->nr_unknown = w.unknown;
	btf->src_big_endian = btfx__host_big_endian() ^ b->swap;
	btfx__invalidate(btf);
	return 0;
err_out:
	reset(btf);
	return err;
}

static int check_empty(struct btfx *btf, const struct btfx_load_opts *opts)
{
	if (BTFX_OPTS_VALID(opts, struct btfx_load_opts))
		return btfx__err(btf, -EINVAL, "load: bad opts");
	if ((BTFX_OPTS_GET(opts, flags, 0) & ~(uint32_t)(BTFX_LOAD_BORROW | BTFX_LOAD_SHALLOW)) ||
	    BTFX_OPTS_GET(opts, reserved, 0))
		return btfx__err(btf, -EINVAL, "load: unknown flags");
	if (btf->nr_types || btf->strs.data.len > 1)
		return btfx__err(btf, -EINVAL, "load: the object is not empty");
	return 0;
}

int btfx_load(struct btfx *btf, const void *data, size_t size, const struct btfx_load_opts *opts)
{
	struct blob b = { .data = data, .size = size, .what = "BTF" };
	int err;

	if ((err = check_empty(btf, opts)))
		return err;
	if (!data)
		return btfx__err(btf, -EINVAL, "load: NULL data");
	return load_blob(btf, &b, BTFX_OPTS_GET(opts, flags, 0));
}

#define SYSFS_MAGIC 0x62656572

/*
 * Map a file that cannot change under us: sysfs BTF is read-only kernel
 * memory, and reading it goes a page per call.  Other files are read, so
 * that what was checked stays what is used.  0, or 1 when not mapped.
 */
static int map_sysfs(struct btfx *btf, int fd, const struct stat *st)
{
	struct statfs sfs;
	void *p;

	if (!S_ISREG(st->st_mode) || st->st_size <= 0 || (uint64_t)st->st_size >= BTFX_ALLOC_MAX ||
	    fstatfs(fd, &sfs) || sfs.f_type != SYSFS_MAGIC)
		return 1;
	p = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (p == MAP_FAILED)
		return 1;
	/* Only raw BTF is used in place; anything else is read as usual. */
	if (st->st_size < 2 || !((((uint8_t *)p)[0] == 0x9f && ((uint8_t *)p)[1] == 0xeb) ||
				 (((uint8_t *)p)[0] == 0xeb && ((uint8_t *)p)[1] == 0x9f))) {
		munmap(p, (size_t)st->st_size);
		return 1;
	}
	btf->raw_map = p;
	btf->raw_map_len = (size_t)st->st_size;
	return 0;
}

/* Read a whole file (or stdin for "-") into memory of the object's allocator. */
static int slurp(struct btfx *btf, const char *path, void **out, size_t *len_out)
{
	struct btfx_buf buf;
	struct stat st;
	int fd, err = 0;
	ssize_t n;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (fd < 0)
		return btfx__err(btf, -errno, "%s: %s", path, strerror(errno));
	btfx__buf_init(&buf, &btf->mem);
	if (fd != STDIN_FILENO && !fstat(fd, &st) && !map_sysfs(btf, fd, &st)) {
		close(fd);
		*out = NULL;
		*len_out = 0;
		return 0;
	}
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size < BTFX_ALLOC_MAX)
		err = btfx__buf_reserve(&buf, (size_t)st.st_size + 4097);
	while (!err) {
		if (buf.cap - buf.len < 4096 && (err = btfx__buf_reserve(&buf, 65536)))
			break;
		n = read(fd, buf.data + buf.len, buf.cap - buf.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = -errno;
		if (n <= 0)
			break;
		buf.len += (size_t)n;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (err) {
		btfx__buf_free(&buf);
		if (err == -ENOMEM || err == -E2BIG)
			return btfx__err(btf, err, "%s: too big to read into memory", path);
		return btfx__err(btf, err, "%s: read: %s", path, strerror(-err));
	}
	*out = buf.data;
	*len_out = buf.len;
	return 0;
}

/* The BTF inside an ELF object or a gzip stream; raw BTF as it is. */
static int unwrap(struct btfx *btf, const char *path, void **raw, size_t *len,
		  const void **data_out, size_t *size_out)
{
	char why[128] = "";
	void *owned = NULL;
	int err;

	*data_out = *raw;
	*size_out = *len;
	if (btfx__gz_is(*raw, *len)) {
		err = btfx__inflate(&btf->mem, *raw, *len, 1, 0, BTFX_ALLOC_MAX, &owned, size_out,
				    why, sizeof(why));
		if (err)
			return btfx__err(btf, err, "%s: gzip: %s", path, why);
		btfx__mem_free(&btf->mem, *raw);
		*raw = owned;
		*len = *size_out;
		*data_out = owned;
	}
	if (btfx__elf_is(*data_out, *size_out)) {
		err = btfx__elf_find_section(&btf->mem, *raw, *len, ".BTF", data_out, size_out,
					     &owned, why, sizeof(why));
		if (err == -ENOENT)
			return btfx__err(btf, err, "%s: ELF object has no .BTF section", path);
		if (err)
			return btfx__err(btf, err, "%s: ELF: %s", path, why[0] ? why : "bad object");
		if (owned) {
			btfx__mem_free(&btf->mem, *raw);
			*raw = owned;
			*len = *size_out;
		}
	}
	return 0;
}

int btfx_load_file(struct btfx *btf, const char *path, const struct btfx_load_opts *opts)
{
	struct blob b = { .what = path };
	const void *data;
	size_t len = 0, size;
	void *raw = NULL;
	int err;

	if ((err = check_empty(btf, opts)))
		return err;
	if (!path)
		return btfx__err(btf, -EINVAL, "load_file: NULL path");
	if ((err = slurp(btf, path, &raw, &len)))
		return err;
	if (btf->raw_map) {
		data = btf->raw_map;
		size = btf->raw_map_len;
		err = 0;
	} else {
		err = unwrap(btf, path, &raw, &len, &data, &size);
	}
	if (!err) {
		b.data = data;
		b.size = size;
		/* The object owns the file's bytes: always borrowed. */
		err = load_blob(btf, &b, BTFX_OPTS_GET(opts, flags, 0) | BTFX_LOAD_BORROW);
	}
	if (err) {
		btfx__mem_free(&btf->mem, raw);
		if (btf->raw_map)
			munmap(btf->raw_map, btf->raw_map_len);
		btf->raw_map = NULL;
		return err;
	}
	btfx__mem_free(&btf->mem, btf->raw_owned);
	btf->raw_owned = raw;
	return 0;
}
