// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * reader.c - fill an object from a BTF blob, a file, an ELF object or a
 * gzip stream.
 *
 * Every field of the blob is checked before it is used: the header, where
 * the sections sit, each record against the end of the type section, every
 * string offset against the string section, every type id against the
 * number of types, and that a FUNC points at a FUNC_PROTO (what libbpf
 * checks on load).  One walk over the type section does it, reading each
 * kind's shape from the table in types.c, and records each record's offset;
 * the first problem is named by type id and offset.  A blob in the host's
 * byte order is not copied when the caller lends it (or when the object
 * owns the file it was read from); one of the other order is copied once
 * and swapped word by word (every field of every kind libbtfx knows is a
 * 32-bit word; a kind it does not know is refused rather than swapped).
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

/*
 * Where the sections may sit, as libbpf checks it: the type section first,
 * 4-byte aligned; the string section after it, inside the blob; a layout
 * section, when there is one, aligned and between the two.
 */
static int check_sections(struct btfx *btf, const struct blob *b)
{
	const struct btfx_header *h = &b->hdr;
	uint64_t avail = b->size - h->hdr_len, type_end = (uint64_t)h->type_off + h->type_len;

	const char *const names[3] = { "type", "string", "layout" };
	const uint32_t off[3] = { h->type_off, h->str_off, h->layout_off };
	const uint32_t len[3] = { h->type_len, h->str_len, h->layout_len };
	int i;

	for (i = 0; i < 3; i++) {
		if ((uint64_t)off[i] + len[i] > avail && (i < 2 || len[i]))
			return bad(btf, b,
				   "%s section out of range: ends at %llu, data is %llu bytes",
				   names[i], (unsigned long long)off[i] + len[i],
				   (unsigned long long)avail);
	}
	if (type_end > h->str_off)
		return bad(btf, b,
			   "type section (at %u, %u bytes) does not end before the string "
			   "section at %u",
			   h->type_off, h->type_len, h->str_off);
	if (h->type_off % 4 || h->type_len % 4)
		return bad(btf, b, "type section not 4-byte aligned (offset %u, length %u)",
			   h->type_off, h->type_len);
	if (!h->layout_len)
		return 0;
	if (h->layout_off % 4 || h->layout_len % 4)
		return bad(btf, b, "layout section not 4-byte aligned (offset %u, length %u)",
			   h->layout_off, h->layout_len);
	if (h->layout_off < type_end || (uint64_t)h->layout_off + h->layout_len > h->str_off)
		return bad(btf, b,
			   "layout section (at %u, %u bytes) not between the type section "
			   "ending at %llu and the string section at %u",
			   h->layout_off, h->layout_len, (unsigned long long)type_end, h->str_off);
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

/*
 * The layout section, one record per kind.  Its flags mean nothing yet and
 * are kept as they are (a later format may define them: that is what the
 * section is for); the sizes of an entry are checked when a record of that
 * kind is met.
 */
static int read_layout(struct btfx *btf, const struct blob *b)
{
	const struct btfx_header *h = &b->hdr;
	const uint8_t *p = b->data + h->hdr_len + h->layout_off;
	uint32_t i, n = h->layout_len / 4;
	uint16_t flags;

	if (!n)
		return 0;
	btf->layout = btfx__mem_realloc_array(&btf->mem, NULL, n, sizeof(*btf->layout));
	if (!btf->layout)
		return btfx__err(btf, -ENOMEM, "%s: out of memory", b->what);
	for (i = 0; i < n; i++) {
		btf->layout[i].info_sz = p[4 * i];
		btf->layout[i].elem_sz = p[4 * i + 1];
		memcpy(&flags, p + 4 * i + 2, 2);
		btf->layout[i].flags = b->swap ? btfx__bswap16(flags) : flags;
	}
	btf->layout_cnt = n;
	return 0;
}

const struct btfx_layout *btfx__layout_of(const struct btfx *btf, unsigned int kind)
{
	/* Split BTF without a layout section of its own shares its base's. */
	while (btf && !btf->layout_cnt)
		btf = btf->base;
	return btf && kind < btf->layout_cnt ? &btf->layout[kind] : NULL;
}

/*
 * Per-kind facts for the walk, made from btfx__kinds[] once per load: which
 * words hold a string offset or a type id, as masks of all ones, so that a
 * record's largest string offset and type id are found without a branch
 * on its kind.  An element has at most one string word and one id word
 * (types.h); sw and iw say which.
 */
struct shape {
	uint32_t info_words, elem_words;
	uint32_t last;	    /* all ones when btfx_type's last word is a type id */
	uint32_t info[4];   /* type-id words of the info record */
	uint32_t vlen_mask; /* all ones when vlen counts elements */
	uint32_t sw, smask; /* the element's string word, all ones if it has one */
	uint32_t iw, imask; /* the element's type-id word, all ones if it has one */
};

#define ALL_IF(x) ((x) ? UINT32_MAX : 0u)

static void make_shapes(struct shape *sh)
{
	unsigned int k, j;

	memset(sh, 0, sizeof(*sh) * BTFX_NR_KINDS);
	for (k = 0; k < BTFX_NR_KINDS; k++) {
		const struct btfx_kind_desc *d = &btfx__kinds[k];

		if (!btfx__kind_known(k))
			continue;
		sh[k].info_words = d->info_sz / 4;
		sh[k].elem_words = d->elem_sz / 4;
		sh[k].last = ALL_IF(d->last == BTFX__LAST_TYPE);
		for (j = 0; j < 4; j++)
			sh[k].info[j] = ALL_IF((d->info_ids >> j) & 1);
		sh[k].vlen_mask = ALL_IF(d->elem_sz);
		sh[k].sw = d->elem_strs ? (uint32_t)__builtin_ctz(d->elem_strs) : 0;
		sh[k].smask = ALL_IF(d->elem_strs);
		sh[k].iw = d->elem_ids ? (uint32_t)__builtin_ctz(d->elem_ids) : 0;
		sh[k].imask = ALL_IF(d->elem_ids);
	}
}

/* State of the walk over the type section. */
struct walk {
	struct btfx *btf;
	const struct blob *b;
	const uint8_t *types;
	uint32_t len;
	uint32_t str_end; /* string offsets must be below this */
	uint32_t max_ref; /* largest type id referenced */
	uint32_t nr;
	uint32_t unknown;   /* records of kinds known only from a layout section */
	uint32_t fwd_funcs; /* FUNCs whose prototype comes later in the section */
	struct shape shapes[BTFX_NR_KINDS];
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

#define STR_OK(w, o) ((o) < (w)->str_end)

static inline uint32_t umax(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/*
 * A record of a kind libbtfx knows: its size, the largest string offset
 * and type id among its fields.  The caller has checked that btfx_type
 * fits; the size is checked against the section before anything past it
 * is read.
 */
static inline uint64_t known_rec(const struct shape *sh, const uint32_t *t, uint32_t left,
				 uint32_t *name, uint32_t *ref)
{
	uint32_t vlen = BTFX_INFO_VLEN(t[1]), nm = t[0], rf = t[2] & sh->last, i, j;
	uint64_t sz = 12 + 4 * ((uint64_t)sh->info_words + (uint64_t)vlen * sh->elem_words);
	const uint32_t *x = t + 3, *xs, *xi;

	if (sz > left)
		return sz;
	for (j = 0; j < sh->info_words; j++)
		rf = umax(rf, x[j] & sh->info[j]);
	x += sh->info_words;
	/* One loop for every kind: the words and masks come from the table. */
	vlen &= sh->vlen_mask;
	for (i = 0, xs = x + sh->sw, xi = x + sh->iw; i < vlen; i++) {
		nm = umax(nm, *xs & sh->smask);
		rf = umax(rf, *xi & sh->imask);
		xs += sh->elem_words;
		xi += sh->elem_words;
	}
	*name = nm;
	*ref = rf;
	return sz;
}

/* A record of a kind only a layout section describes; -errno on failure. */
static int64_t unknown_rec(struct walk *w, uint32_t off, const struct btfx_type *t)
{
	unsigned int kind = btfx_kind(t);
	const struct btfx_layout *l = btfx__layout_of(w->btf, kind);

	if (!kind)
		return rec_fail(w, off, "kind 0 (UNKN) is not a type");
	if (!l) {
		rec_fail(w, off, "unknown kind %u and no layout section", kind);
		return -ENOTSUP;
	}
	if (l->info_sz % 4 || l->elem_sz % 4)
		return rec_fail(w, off, "layout of kind %u: sizes %u and %u not multiples of 4",
				kind, l->info_sz, l->elem_sz);
	if (w->b->swap) {
		/* Its fields may be narrower than a word: only the writer of the kind can
		 * swap it. */
		rec_fail(w, off, "cannot byte-swap kind %u, unknown to libbtfx", kind);
		return -ENOTSUP;
	}
	w->unknown++;
	return (int64_t)(sizeof(*t) + l->info_sz + (uint64_t)btfx_vlen(t) * l->elem_sz);
}
/* The record of type id, own (already walked) or the base's. */
static inline const struct btfx_type *walked_type(const struct walk *w, uint32_t id)
{
	const struct btfx *btf = w->btf;

	if (id < btf->start_id)
		return btfx_type_by_id(btf->base, id);
	return (const struct btfx_type *)(w->types + btf->type_offs[id - btf->start_id]);
}

/* A FUNC must point at a FUNC_PROTO, as libbpf checks on load. */
static inline int check_proto(struct walk *w, uint32_t off, const struct btfx_type *t)
{
	const struct btfx_type *p = t->type ? walked_type(w, t->type) : NULL;

	if (p && btfx_kind(p) == BTFX_KIND_FUNC_PROTO)
		return 0;
	return rec_fail(w, off, "FUNC's type [%u] is a %s, not a FUNC_PROTO", t->type,
			p ? btfx_kind_str(btfx_kind(p)) : "void");
}

/* A FUNC met in the walk: checked now, or once the records after it are known.
 */
static int check_func(struct walk *w, uint32_t off, const struct btfx_type *t)
{
	if (t->type < w->btf->start_id + w->nr)
		return check_proto(w, off, t);
	w->fwd_funcs++;
	return 0;
}

/*
 * One record at off, the nr-th: checked; its size, or -errno with the
 * message set.  *ref gets the largest type id it holds.
 */
static inline int64_t walk_one(struct walk *w, uint32_t off, uint32_t nr, uint32_t *ref)
{
	const struct btfx_type *t = (const struct btfx_type *)(w->types + off);
	uint32_t left = w->len - off, name = 0;
	unsigned int kind;
	int64_t sz;

	w->nr = nr; /* for messages, and for check_func() */
	if (left < sizeof(*t))
		return rec_fail(w, off, "record runs past the type section (%u bytes left)", left);
	kind = btfx_kind(t);
	if (!btfx__kind_known(kind))
		sz = unknown_rec(w, off, t);
	else
		sz = (int64_t)known_rec(&w->shapes[kind], (const uint32_t *)t, left, &name, ref);
	if (sz < 0)
		return sz;
	if ((uint64_t)sz > left)
		return rec_fail(w, off, "record of %llu bytes runs past the type section",
				(unsigned long long)sz);
	if (!STR_OK(w, t->name_off))
		return rec_fail(w, off, "name offset %u past the string section", t->name_off);
	if (!STR_OK(w, name))
		return rec_fail(w, off, "member name offset %u past the string section", name);
	if (kind == BTFX_KIND_FUNC) {
		int err = check_func(w, off, t);

		if (err)
			return err;
	}
	return sz;
}

/* Walk the type section: every record's offset, bounds, kind, strings. */
static int walk_types(struct walk *w)
{
	uint32_t *restrict offs = w->btf->type_offs;
	uint32_t off = 0, nr = 0, max_ref = 0, ref, len = w->len;
	uint64_t room = BTFX_MAX_TYPE - (uint64_t)w->btf->start_id;
	int64_t sz;

	make_shapes(w->shapes);
	w->unknown = 0;
	w->fwd_funcs = 0;
	while (off < len) {
		if (nr >= room)
			return btfx__err(w->btf, -E2BIG, "%s: more than %u types", w->b->what,
					 BTFX_MAX_TYPE);
		ref = 0;
		if ((sz = walk_one(w, off, nr, &ref)) < 0)
			return (int)sz;
		max_ref = umax(max_ref, ref);
		offs[nr++] = off;
		off += (uint32_t)sz;
	}
	w->nr = nr;
	w->max_ref = max_ref;
	return 0;
}

/* The largest type id in one record (known kinds). */
static uint32_t rec_max_ref(struct walk *w, const struct btfx_type *t)
{
	uint32_t name, ref = 0;

	if (btfx__kind_known(btfx_kind(t)))
		known_rec(&w->shapes[btfx_kind(t)], (const uint32_t *)t, UINT32_MAX, &name, &ref);
	return ref;
}

/* After the walk: type ids in range, FUNCs whose prototype came later. */
static int check_refs(struct walk *w)
{
	uint32_t i, cnt = w->btf->start_id + w->nr, nr = w->nr;
	int err = 0;

	if (w->max_ref < cnt && !w->fwd_funcs)
		return 0;
	for (i = 0; i < nr && !err; i++) {
		uint32_t off = w->btf->type_offs[i], ref;
		const struct btfx_type *t = (const struct btfx_type *)(w->types + off);

		w->nr = i; /* for the message's type id */
		ref = rec_max_ref(w, t);
		if (ref >= cnt)
			err = rec_fail(w, off, "references type id %u, past the last type", ref);
		else if (btfx_kind(t) == BTFX_KIND_FUNC && t->type >= w->btf->start_id + i)
			err = check_proto(w, off, t);
	}
	w->nr = nr;
	return err;
}

/* Take the type section: borrowed, copied, or copied and swapped. */
static int take_types(struct btfx *btf, const struct blob *b, int borrow)
{
	const uint8_t *src = b->data + b->hdr.hdr_len + b->hdr.type_off;
	uint32_t i, len = b->hdr.type_len, *w;

	/* Records are read as 32-bit words: only an aligned section is used in place.
	 */
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
	struct walk w = { .btf = btf, .b = b };
	int borrow = !!(flags & BTFX_LOAD_BORROW);
	size_t cap;
	int err;

	if ((err = parse_header(btf, b)) || (err = check_sections(btf, b)) ||
	    (err = check_strings(btf, b)))
		return err;
	if ((err = take_types(btf, b, borrow)) || (err = take_strings(btf, b, borrow)) ||
	    (err = read_layout(btf, b)))
		goto err_out;
	cap = b->hdr.type_len / sizeof(struct btfx_type) + 1; /* records are 12 bytes or more */
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
	if ((err = check_refs(&w)))
		goto err_out;
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
	if ((BTFX_OPTS_GET(opts, flags, 0) & ~(uint32_t)BTFX_LOAD_BORROW) ||
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

/* Read a whole file (or stdin for "-") into memory of the object's allocator.
 */
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

/*
 * The BTF inside an ELF object or a gzip stream; raw BTF as it is.  An ELF
 * object's class gives the pointer size (*ptr_sz: 4 or 8), as in libbpf.
 */
static int unwrap(struct btfx *btf, const char *path, void **raw, size_t *len,
		  const void **data_out, size_t *size_out, uint32_t *ptr_sz)
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
			return btfx__err(btf, err, "%s: ELF: %s", path,
					 why[0] ? why : "bad object");
		/* EI_CLASS, checked by the finder: 1 is ELFCLASS32, 2 ELFCLASS64. */
		*ptr_sz = ((const uint8_t *)*raw)[4] == 1 ? 4 : 8;
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
	uint32_t ptr_sz = 0;
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
		err = unwrap(btf, path, &raw, &len, &data, &size, &ptr_sz);
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
	if (ptr_sz)
		btf->ptr_sz = ptr_sz;
	return 0;
}
