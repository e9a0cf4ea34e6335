// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dump.c - the raw text format of `bpftool btf dump file FILE`.
 *
 * One line per type, "[id] KIND 'name'" and the kind's fields, then one
 * tab-indented line per member, value, parameter or secinfo.  The output is
 * byte-identical to bpftool's (v7.1, libbpf 1.1) for every object bpftool
 * can load.  Two cases bpftool cannot show are ours: a kind libbtfx does not
 * know (kept from a blob with a kind-layout section) prints as
 * "[id] UNKNOWN 'name' kind=K vlen=N".
 *
 * The records come from a loaded or built object, so they are complete and
 * every id and string offset in them resolves; where a kind's elements sit
 * and how long they are comes from the kind table (types.c).
 *
 * Text is formatted into a buffer on the stack and handed to the callback
 * in chunks of up to DUMP_BUF_LEN bytes.
 */
#include "internal.h"
#include "dump_rec.h"

#define DUMP_BUF_LEN 32768
#define NUM_MAX 24 /* digits of any 64-bit value, a sign */

struct out {
	btfx_print_fn fn;
	void *ctx;
	int err;
	size_t len;
	char buf[DUMP_BUF_LEN];
};

static void out_flush(struct out *o)
{
	if (o->len && !o->err)
		o->err = o->fn(o->ctx, o->buf, o->len);
	o->len = 0;
}

static void out_put(struct out *o, const char *s, size_t n)
{
	if (n > DUMP_BUF_LEN - o->len)
		out_flush(o);
	if (o->err)
		return;
	if (n >= DUMP_BUF_LEN) {
		o->err = o->fn(o->ctx, s, n);
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

static void out_u64(struct out *o, uint64_t v)
{
	char tmp[NUM_MAX];
	char *p = tmp + sizeof(tmp);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_put(o, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void out_i64(struct out *o, int64_t v)
{
	if (v < 0) {
		out_put(o, "-", 1);
		out_u64(o, -(uint64_t)v);
	} else {
		out_u64(o, (uint64_t)v);
	}
}

/* " key=value" */
static void out_field(struct out *o, const char *key, uint64_t v)
{
	out_str(o, key);
	out_u64(o, v);
}

/* 'name' as bpftool quotes it: (anon) for offset 0, (invalid) for a bad one. */
static void out_name(struct out *o, const struct btfx *btf, uint32_t off)
{
	const char *s = off ? btfx_str_by_offset(btf, off) : "(anon)";

	out_put(o, "'", 1);
	out_str(o, s ? s : "(invalid)");
	out_put(o, "'", 1);
}

static void dump_int(struct out *o, const struct rec *r)
{
	uint32_t v = rec_word(r, 0);

	out_field(o, " size=", r->t->size);
	out_field(o, " bits_offset=", BTFX_INT_OFFSET(v));
	out_field(o, " nr_bits=", BTFX_INT_BITS(v));
	out_str(o, " encoding=");
	out_str(o, int_encoding_name(BTFX_INT_ENCODING(v)));
}

static void dump_array(struct out *o, const struct rec *r)
{
	out_field(o, " type_id=", rec_word(r, 0));
	out_field(o, " index_type_id=", rec_word(r, 1));
	out_field(o, " nr_elems=", rec_word(r, 2));
}

static void dump_members(struct out *o, const struct btfx *btf, const struct rec *r)
{
	int kflag = btfx_kflag(r->t);
	uint32_t i;

	out_field(o, " size=", r->t->size);
	out_field(o, " vlen=", r->vlen);
	for (i = 0; i < r->vlen; i++) {
		const uint8_t *m = rec_elem(r, i);
		uint32_t off = ld32(m + 8);

		out_put(o, "\n\t", 2);
		out_name(o, btf, ld32(m));
		out_field(o, " type_id=", ld32(m + 4));
		if (!kflag) {
			out_field(o, " bits_offset=", off);
			continue;
		}
		out_field(o, " bits_offset=", BTFX_MEMBER_BIT_OFFSET(off));
		if (BTFX_MEMBER_BITFIELD_SIZE(off))
			out_field(o, " bitfield_size=", BTFX_MEMBER_BITFIELD_SIZE(off));
	}
}

static void dump_enum(struct out *o, const struct btfx *btf, const struct rec *r)
{
	int is64 = r->kind == BTFX_KIND_ENUM64, sign = btfx_kflag(r->t);
	uint32_t i;

	out_str(o, sign ? " encoding=SIGNED" : " encoding=UNSIGNED");
	out_field(o, " size=", r->t->size);
	out_field(o, " vlen=", r->vlen);
	for (i = 0; i < r->vlen; i++) {
		const uint8_t *e = rec_elem(r, i);
		uint64_t v = ld32(e + 4);

		out_put(o, "\n\t", 2);
		out_name(o, btf, ld32(e));
		out_str(o, " val=");
		if (is64)
			v |= (uint64_t)ld32(e + 8) << 32;
		if (sign)
			out_i64(o, is64 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v);
		else
			out_u64(o, v);
		if (is64)
			out_str(o, sign ? "LL" : "ULL");
	}
}

static void dump_func_proto(struct out *o, const struct btfx *btf, const struct rec *r)
{
	uint32_t i;

	out_field(o, " ret_type_id=", r->t->type);
	out_field(o, " vlen=", r->vlen);
	for (i = 0; i < r->vlen; i++) {
		const uint8_t *p = rec_elem(r, i);

		out_put(o, "\n\t", 2);
		out_name(o, btf, ld32(p));
		out_field(o, " type_id=", ld32(p + 4));
	}
}

static void dump_datasec(struct out *o, const struct btfx *btf, const struct rec *r)
{
	uint32_t i;

	out_field(o, " size=", r->t->size);
	out_field(o, " vlen=", r->vlen);
	for (i = 0; i < r->vlen; i++) {
		const uint8_t *v = rec_elem(r, i);
		uint32_t id = ld32(v);
		const struct btfx_type *ref = btfx_type_by_id(btf, id);

		out_field(o, "\n\ttype_id=", id);
		out_field(o, " offset=", ld32(v + 4));
		out_field(o, " size=", ld32(v + 8));
		if (!ref)
			continue;
		out_str(o, " (");
		out_str(o, kind_name(btfx_kind(ref)));
		out_put(o, " ", 1);
		out_name(o, btf, ref->name_off);
		out_put(o, ")", 1);
	}
}

/* Everything after "[id] KIND 'name'". */
static void dump_body(struct out *o, const struct btfx *btf, const struct rec *r)
{
	switch (r->kind) {
	case BTFX_KIND_INT:
		dump_int(o, r);
		break;
	case BTFX_KIND_PTR:
	case BTFX_KIND_TYPEDEF:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_TYPE_TAG:
		out_field(o, " type_id=", r->t->type);
		break;
	case BTFX_KIND_ARRAY:
		dump_array(o, r);
		break;
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		dump_members(o, btf, r);
		break;
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		dump_enum(o, btf, r);
		break;
	case BTFX_KIND_FWD:
		out_str(o, btfx_kflag(r->t) ? " fwd_kind=union" : " fwd_kind=struct");
		break;
	case BTFX_KIND_FUNC:
		out_field(o, " type_id=", r->t->type);
		out_str(o, " linkage=");
		out_str(o, linkage_name(r->vlen));
		break;
	case BTFX_KIND_FUNC_PROTO:
		dump_func_proto(o, btf, r);
		break;
	case BTFX_KIND_VAR:
		out_field(o, " type_id=", r->t->type);
		out_str(o, ", linkage=");
		out_str(o, linkage_name(rec_word(r, 0)));
		break;
	case BTFX_KIND_DATASEC:
		dump_datasec(o, btf, r);
		break;
	case BTFX_KIND_FLOAT:
		out_field(o, " size=", r->t->size);
		break;
	case BTFX_KIND_DECL_TAG:
		out_field(o, " type_id=", r->t->type);
		out_str(o, " component_idx=");
		out_i64(o, (int32_t)rec_word(r, 0));
		break;
	case BTFX_KIND_UNKN:
		break;
	default:
		out_field(o, " kind=", r->kind);
		out_field(o, " vlen=", r->vlen);
		break;
	}
}

/* Format one type into o; the type must exist. */
static void dump_one(struct out *o, const struct btfx *btf, uint32_t id, const struct btfx_type *t)
{
	struct rec r = rec_of(t);

	out_put(o, "[", 1);
	out_u64(o, id);
	out_put(o, "] ", 2);
	out_str(o, kind_name(r.kind));
	out_put(o, " ", 1);
	out_name(o, btf, t->name_off);
	dump_body(o, btf, &r);
	out_put(o, "\n", 1);
}

int btfx_dump_type_raw(const struct btfx *btf, uint32_t id, btfx_print_fn fn, void *ctx)
{
	const struct btfx_type *t;
	struct out o;

	if (!btf || !fn)
		return -EINVAL;
	t = btfx_type_by_id(btf, id);
	if (!t)
		return -ENOENT;
	o.fn = fn;
	o.ctx = ctx;
	o.err = 0;
	o.len = 0;
	dump_one(&o, btf, id, t);
	out_flush(&o);
	return o.err;
}

int btfx_dump_raw(const struct btfx *btf, btfx_print_fn fn, void *ctx)
{
	uint32_t id, cnt;
	struct out o;

	if (!btf || !fn)
		return -EINVAL;
	if ((o.err = btfx__check_whole(btf, "dump_raw")))
		return o.err;
	o.fn = fn;
	o.ctx = ctx;
	o.err = 0;
	o.len = 0;
	cnt = btfx_type_cnt(btf);
	for (id = btfx_start_id(btf); id < cnt && !o.err; id++)
		dump_one(&o, btf, id, btfx_type_by_id(btf, id));
	out_flush(&o);
	return o.err;
}
