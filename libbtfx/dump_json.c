// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dump_json.c - the JSON of `bpftool -j btf dump file FILE`.
 *
 * {"types":[...]} with one object per own type: "id", "kind", "name" and the
 * kind's fields under bpftool's names, with "members", "values", "params"
 * or "vars" arrays.  Compact output is byte-identical to `bpftool -j` and
 * BTFX_DUMP_JSON_PRETTY to `bpftool -p` (v7.1) for any blob whose names are
 * printable UTF-8: the writer below keeps the same state as bpftool's
 * json_writer (a nesting depth and a pending separator), so it puts the
 * same newlines and commas in the same places.
 *
 * Where bpftool writes invalid JSON we do not: bytes below 0x20 other than
 * \b \t \n \f \r become \u00XX, and each byte that is not part of a
 * well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
 * nothing past U+10FFFF) becomes \u00XX, its value read as Latin-1.  A
 * kind libbtfx does not know prints as "kind":"UNKNOWN" with its number in
 * "kind_nr" and its "vlen".
 *
 * The records come from a loaded or built object, so every string offset
 * and element count in them is in bounds.
 */
#include "internal.h"
#include "dump_rec.h"
#include "json.h"

#define JSON_BUF_LEN 32768
#define NUM_MAX 24 /* digits of any 64-bit value, a sign */

_Static_assert(sizeof(struct btfx_dump_json_opts) == sizeof(size_t) + 8,
	       "btfx_dump_json_opts padding");

/* Output buffer and the writer state of bpftool's json_writer. */
struct jw {
	btfx_print_fn fn;
	void *ctx;
	int err;
	int pretty;
	uint32_t depth;
	char sep; /* ',' before the next item, or 0 at the start of a container */
	size_t len;
	char buf[JSON_BUF_LEN];
};

static void jw_flush(struct jw *w)
{
	if (w->len && !w->err)
		w->err = w->fn(w->ctx, w->buf, w->len);
	w->len = 0;
}

/* Room for n more bytes (n < JSON_BUF_LEN); a pointer to write them at. */
static char *jw_room(struct jw *w, size_t n)
{
	if (n > JSON_BUF_LEN - w->len)
		jw_flush(w);
	return w->buf + w->len;
}

static void jw_put(struct jw *w, const char *s, size_t n)
{
	while (n && !w->err) {
		size_t k = n < JSON_BUF_LEN / 2 ? n : JSON_BUF_LEN / 2;

		memcpy(jw_room(w, k), s, k);
		w->len += k;
		s += k;
		n -= k;
	}
}

static void jw_char(struct jw *w, char c)
{
	*jw_room(w, 1) = c;
	w->len++;
}

static void jw_u64(struct jw *w, uint64_t v)
{
	char tmp[NUM_MAX];
	char *p = tmp + sizeof(tmp);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	jw_put(w, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void jw_i64(struct jw *w, int64_t v)
{
	if (v < 0) {
		jw_char(w, '-');
		jw_u64(w, -(uint64_t)v);
	} else {
		jw_u64(w, (uint64_t)v);
	}
}

/* Length of the well-formed UTF-8 sequence at s (s[0] >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		lo = c == 0xe0 ? 0xa0 : 0x80; /* no overlong form */
		hi = c == 0xed ? 0x9f : 0xbf; /* no surrogate */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		lo = c == 0xf0 ? 0x90 : 0x80; /* no overlong form */
		hi = c == 0xf4 ? 0x8f : 0xbf; /* nothing past U+10FFFF */
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++) /* a NUL stops here too: it is not 10xxxxxx */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* The escape of one byte: a control byte, '"', '\\' or a stray byte; its length. */
static size_t escape(unsigned char c, char p[6])
{
	static const char hex[] = "0123456789abcdef";

	p[0] = '\\';
	switch (c) {
	case '"':
	case '\\':
		p[1] = (char)c;
		return 2;
	case '\b':
		p[1] = 'b';
		return 2;
	case '\t':
		p[1] = 't';
		return 2;
	case '\n':
		p[1] = 'n';
		return 2;
	case '\f':
		p[1] = 'f';
		return 2;
	case '\r':
		p[1] = 'r';
		return 2;
	default:
		memcpy(p + 1, "u00", 3);
		p[4] = hex[c >> 4];
		p[5] = hex[c & 15];
		return 6;
	}
}

void btfx__json_str(const char *str, btfx__json_put_fn put, void *ctx)
{
	const unsigned char *s = (const unsigned char *)str, *run = s;
	char esc[6];

	put(ctx, "\"", 1);
	for (;;) {
		unsigned char c = *s;
		size_t n;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			s++;
			continue;
		}
		n = c >= 0x80 ? utf8_len(s) : 0;
		if (n) {
			s += n;
			continue;
		}
		if (s > run)
			put(ctx, (const char *)run, (size_t)(s - run));
		if (!c)
			break;
		put(ctx, esc, escape(c, esc));
		run = ++s;
	}
	put(ctx, "\"", 1);
}

static void jw_put_cb(void *ctx, const char *s, size_t n)
{
	jw_put(ctx, s, n);
}

static void jw_str(struct jw *w, const char *str)
{
	btfx__json_str(str, jw_put_cb, w);
}

/* Newline and indent before a field, in pretty output. */
static void jw_eol(struct jw *w)
{
	uint32_t i;

	if (!w->pretty)
		return;
	jw_char(w, '\n');
	for (i = 0; i < w->depth; i++)
		jw_put(w, "    ", 4);
}

/* The separator before an item. */
static void jw_eor(struct jw *w)
{
	if (w->sep)
		jw_char(w, w->sep);
	w->sep = ',';
}

static void jw_begin(struct jw *w, char c)
{
	jw_eor(w);
	jw_char(w, c);
	w->depth++;
	w->sep = 0;
}

static void jw_end(struct jw *w, char c)
{
	w->depth--;
	if (w->sep)
		jw_eol(w);
	jw_char(w, c);
	w->sep = ',';
}

/* "key": (key is plain ASCII). */
static void jw_name(struct jw *w, const char *key)
{
	jw_eor(w);
	jw_eol(w);
	w->sep = 0;
	jw_char(w, '"');
	jw_put(w, key, strlen(key));
	jw_put(w, w->pretty ? "\": " : "\":", w->pretty ? 3 : 2);
}

static void jw_uint_field(struct jw *w, const char *key, uint64_t v)
{
	jw_name(w, key);
	jw_eor(w);
	jw_u64(w, v);
}

static void jw_int_field(struct jw *w, const char *key, int64_t v)
{
	jw_name(w, key);
	jw_eor(w);
	jw_i64(w, v);
}

static void jw_str_field(struct jw *w, const char *key, const char *s)
{
	jw_name(w, key);
	jw_eor(w);
	jw_str(w, s);
}

/* "name": as bpftool gives it: (anon) for offset 0, (invalid) for a bad one. */
static void jw_name_field(struct jw *w, const struct btfx *btf, uint32_t off)
{
	const char *s = off ? btfx_str_by_offset(btf, off) : "(anon)";

	jw_str_field(w, "name", s ? s : "(invalid)");
}

static void json_int(struct jw *w, const struct rec *r)
{
	uint32_t v = ld32(r->data);

	jw_uint_field(w, "size", r->t->size);
	jw_uint_field(w, "bits_offset", BTFX_INT_OFFSET(v));
	jw_uint_field(w, "nr_bits", BTFX_INT_BITS(v));
	jw_str_field(w, "encoding", int_encoding_name(BTFX_INT_ENCODING(v)));
}

static void json_array(struct jw *w, const struct rec *r)
{
	jw_uint_field(w, "type_id", ld32(r->data));
	jw_uint_field(w, "index_type_id", ld32(r->data + 4));
	jw_uint_field(w, "nr_elems", ld32(r->data + 8));
}

/* "size", "vlen", then the array named key; its elements are written by elem(). */
typedef void (*elem_fn)(struct jw *w, const struct btfx *btf, const struct rec *r,
			const uint8_t *e);

static void json_elems(struct jw *w, const struct btfx *btf, const struct rec *r, const char *key,
		       elem_fn elem)
{
	uint32_t i;

	jw_uint_field(w, "vlen", r->vlen);
	jw_name(w, key);
	jw_begin(w, '[');
	for (i = 0; i < r->vlen; i++) {
		jw_begin(w, '{');
		elem(w, btf, r, rec_elem(r, i));
		jw_end(w, '}');
	}
	jw_end(w, ']');
}

static void elem_member(struct jw *w, const struct btfx *btf, const struct rec *r, const uint8_t *m)
{
	uint32_t off = ld32(m + 8);

	jw_name_field(w, btf, ld32(m));
	jw_uint_field(w, "type_id", ld32(m + 4));
	if (!btfx_kflag(r->t)) {
		jw_uint_field(w, "bits_offset", off);
		return;
	}
	jw_uint_field(w, "bits_offset", BTFX_MEMBER_BIT_OFFSET(off));
	if (BTFX_MEMBER_BITFIELD_SIZE(off))
		jw_uint_field(w, "bitfield_size", BTFX_MEMBER_BITFIELD_SIZE(off));
}

static void elem_enum(struct jw *w, const struct btfx *btf, const struct rec *r, const uint8_t *e)
{
	uint64_t v = ld32(e + 4);

	jw_name_field(w, btf, ld32(e));
	if (r->kind == BTFX_KIND_ENUM64)
		v |= (uint64_t)ld32(e + 8) << 32;
	else if (btfx_kflag(r->t))
		v = (uint64_t)(int64_t)(int32_t)(uint32_t)v;
	if (btfx_kflag(r->t))
		jw_int_field(w, "val", (int64_t)v);
	else
		jw_uint_field(w, "val", v);
}

static void elem_param(struct jw *w, const struct btfx *btf, const struct rec *r, const uint8_t *p)
{
	(void)r;
	jw_name_field(w, btf, ld32(p));
	jw_uint_field(w, "type_id", ld32(p + 4));
}

static void elem_var(struct jw *w, const struct btfx *btf, const struct rec *r, const uint8_t *v)
{
	(void)btf;
	(void)r;
	jw_uint_field(w, "type_id", ld32(v));
	jw_uint_field(w, "offset", ld32(v + 4));
	jw_uint_field(w, "size", ld32(v + 8));
}

/* The fields after "name" of the kinds with elements; 0 if r is not one. */
static int json_vlen_kind(struct jw *w, const struct btfx *btf, const struct rec *r)
{
	switch (r->kind) {
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		jw_uint_field(w, "size", r->t->size);
		json_elems(w, btf, r, "members", elem_member);
		return 1;
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		jw_str_field(w, "encoding", btfx_kflag(r->t) ? "SIGNED" : "UNSIGNED");
		jw_uint_field(w, "size", r->t->size);
		json_elems(w, btf, r, "values", elem_enum);
		return 1;
	case BTFX_KIND_FUNC_PROTO:
		jw_uint_field(w, "ret_type_id", r->t->type);
		json_elems(w, btf, r, "params", elem_param);
		return 1;
	case BTFX_KIND_DATASEC:
		jw_uint_field(w, "size", r->t->size);
		json_elems(w, btf, r, "vars", elem_var);
		return 1;
	default:
		return 0;
	}
}

/* Everything after "name". */
static void json_body(struct jw *w, const struct btfx *btf, const struct rec *r)
{
	if (json_vlen_kind(w, btf, r))
		return;
	switch (r->kind) {
	case BTFX_KIND_INT:
		json_int(w, r);
		break;
	case BTFX_KIND_PTR:
	case BTFX_KIND_TYPEDEF:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_TYPE_TAG:
		jw_uint_field(w, "type_id", r->t->type);
		break;
	case BTFX_KIND_ARRAY:
		json_array(w, r);
		break;
	case BTFX_KIND_FWD:
		jw_str_field(w, "fwd_kind", btfx_kflag(r->t) ? "union" : "struct");
		break;
	case BTFX_KIND_FUNC:
	case BTFX_KIND_VAR:
		jw_uint_field(w, "type_id", r->t->type);
		jw_str_field(w, "linkage",
			     linkage_name(r->kind == BTFX_KIND_FUNC ? r->vlen : ld32(r->data)));
		break;
	case BTFX_KIND_FLOAT:
		jw_uint_field(w, "size", r->t->size);
		break;
	case BTFX_KIND_DECL_TAG:
		jw_uint_field(w, "type_id", r->t->type);
		jw_int_field(w, "component_idx", (int32_t)ld32(r->data));
		break;
	case BTFX_KIND_UNKN:
		break;
	default:
		jw_uint_field(w, "kind_nr", r->kind);
		jw_uint_field(w, "vlen", r->vlen);
		break;
	}
}

static void json_one(struct jw *w, const struct btfx *btf, uint32_t id, const struct btfx_type *t)
{
	struct rec r = rec_of(t);

	jw_begin(w, '{');
	jw_uint_field(w, "id", id);
	jw_str_field(w, "kind", kind_name(r.kind));
	jw_name_field(w, btf, t->name_off);
	json_body(w, btf, &r);
	jw_end(w, '}');
}

int btfx_dump_json(const struct btfx *btf, btfx_print_fn fn, void *ctx,
		   const struct btfx_dump_json_opts *opts)
{
	uint32_t id, cnt, flags;
	struct jw w;

	if (!btf || !fn || BTFX_OPTS_VALID(opts, struct btfx_dump_json_opts))
		return -EINVAL;
	flags = BTFX_OPTS_GET(opts, flags, 0);
	if ((flags & ~(uint32_t)BTFX_DUMP_JSON_PRETTY) || BTFX_OPTS_GET(opts, reserved, 0))
		return -EINVAL;
	memset(&w, 0, offsetof(struct jw, buf));
	w.fn = fn;
	w.ctx = ctx;
	w.pretty = !!(flags & BTFX_DUMP_JSON_PRETTY);
	jw_begin(&w, '{');
	jw_name(&w, "types");
	jw_begin(&w, '[');
	cnt = btfx_type_cnt(btf);
	for (id = btfx_start_id(btf); id < cnt && !w.err; id++)
		json_one(&w, btf, id, btfx_type_by_id(btf, id));
	jw_end(&w, ']');
	jw_end(&w, '}');
	jw_char(&w, '\n');
	jw_flush(&w);
	return w.err;
}
