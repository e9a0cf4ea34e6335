// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * build.c - builders for every kind.
 *
 * Each builder reserves room for the record and its id first, adds its
 * strings, checks its arguments as the kernel's verifier would, and only
 * then writes and publishes the record (btfx__commit_type).  Any failure
 * rolls the string table back to the mark taken at the start, so the object
 * is left exactly as it was.  Type ids may point forward (to types not yet
 * added), as encoders need; checks that need the referenced type are made
 * when it already exists.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "hashcons.h"
#include "names.h"

/* Largest member bit offset of a STRUCT or UNION with kind_flag set. */
#define BTFX_MAX_KFLAG_OFFSET 0xffffffu

int btfx__txn_begin(struct btfx_txn *tx, struct btfx *btf, unsigned int kind, const char *name,
		    size_t rec_len)
{
	int err;

	tx->btf = btf;
	tx->kind = kind;
	tx->name = name && *name ? name : NULL;
	tx->name_off = 0;
	tx->id = btfx_type_cnt(btf);
	tx->str_mark = btfx__str_mark(btf);
	err = btfx__make_writable(btf);
	if (!err)
		err = btfx__reserve_type_slot(btf);
	if (!err && btf->flushed_len + btf->types.len + rec_len > UINT32_MAX)
		err = -E2BIG;
	if (!err)
		err = btfx__buf_reserve(&btf->types, rec_len);
	if (err)
		return btfx__txn_fail(tx, err, "%s", err == -E2BIG ? "too many types" :
						       btfx_strerror(err));
	tx->str_mark = btfx__str_mark(btf);
	return 0;
}

int btfx__txn_fail(struct btfx_txn *tx, int err, const char *fmt, ...)
{
	char reason[192];
	va_list ap;

	btfx__str_rollback(tx->btf, tx->str_mark);
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	/* An existing name was there before the mark: still valid. */
	if (!tx->name && tx->name_off)
		tx->name = btfx__msg_name(tx->btf, tx->name_off);
	if (tx->name)
		return btfx__err(tx->btf, err, "[%u] %s '%.64s': %s", tx->id,
				 btfx_kind_str(tx->kind), tx->name, reason);
	return btfx__err(tx->btf, err, "[%u] %s: %s", tx->id, btfx_kind_str(tx->kind), reason);
}

int btfx__txn_str(struct btfx_txn *tx, const char *s, uint32_t *off_out)
{
	return btfx__txn_strn(tx, s, s ? strlen(s) : 0, off_out);
}

int btfx__txn_strn(struct btfx_txn *tx, const char *s, size_t len, uint32_t *off_out)
{
	int err = btfx__add_strn(tx->btf, s, len, off_out);

	if (err == -E2BIG)
		return btfx__txn_fail(tx, err, "string section full");
	if (err)
		return btfx__txn_fail(tx, err, "%s", btfx_strerror(err));
	return 0;
}

static int check_id(struct btfx_txn *tx, uint32_t id, const char *what)
{
	if (id > BTFX_MAX_TYPE)
		return btfx__txn_fail(tx, -EINVAL, "%s type id %u out of range", what, id);
	return 0;
}

/* Kind of an existing type, or -1 when id is not there (yet). */
static int kind_of(const struct btfx *btf, uint32_t id)
{
	const struct btfx_type *t = btfx__type_quiet(btf, id);

	return t ? (int)btfx_kind(t) : -1;
}

static int is_empty(const char *s)
{
	return !s || !*s;
}

/* The open type: the last own type, when an incremental builder left it open. */
static uint32_t open_type(const struct btfx *btf)
{
	if (!btf->open_id || btf->open_id != btf->start_id + btf->nr_types - 1)
		return 0;
	return btf->open_id;
}

/* Drop the own types from index nr on, the type section back to len bytes. */
static void drop_types(struct btfx *btf, uint32_t nr, size_t len)
{
	btf->types.len = len;
	if (btf->nr_types != nr)
		btfx__names_drop(btf);
	btf->nr_types = nr;
	if (btf->ptr_sz_scanned > nr)
		btf->ptr_sz_scanned = nr;
	btfx__invalidate(btf);
}

#define HASHCONS_NOMEM "out of memory for the hash-consing table"

int btfx__txn_commit(struct btfx_txn *tx, uint32_t len)
{
	struct btfx *btf = tx->btf;
	int hashcons = !!(btf->flags & BTFX_NEW_HASHCONS);
	uint32_t hash = 0, id;
	int found;

	if (hashcons) {
		found = btfx__hashcons_find(btf, btf->nr_types, btfx__txn_rec(tx), len, &hash);
		if (found < 0)
			return btfx__txn_fail(tx, found, HASHCONS_NOMEM);
		if (found) {
			/* Its strings are the existing type's: none of this call's stays. */
			btfx__str_rollback(btf, tx->str_mark);
			btf->open_id = 0;
			return found;
		}
	}
	btf->open_id = 0;
	id = btfx__commit_type(btf, len);
	if (hashcons)
		btfx__hashcons_insert(btf, id, hash);
	return (int)id;
}

int btfx__txn_commit_open(struct btfx_txn *tx, uint32_t len)
{
	uint32_t id = btfx__commit_type(tx->btf, len);

	tx->btf->open_id = id;
	return (int)id;
}

int btfx__close_open(struct btfx *btf, uint32_t id)
{
	uint32_t idx = id - btf->start_id, off = btf->type_offs[idx], hash;
	const struct btfx_type *t = btfx__own_type(btf, id);
	int found;

	if (!(btf->flags & BTFX_NEW_HASHCONS)) {
		btf->open_id = 0;
		return (int)id;
	}
	found = btfx__hashcons_find(btf, idx, t, (uint32_t)btf->types.len - off, &hash);
	if (found < 0)
		return btfx__err(btf, found, "[%u] %s %s: " HASHCONS_NOMEM, id,
				 btfx_kind_str(btfx_kind(t)), btfx__msg_name(btf, t->name_off));
	btf->open_id = 0;
	if (!found) {
		btfx__hashcons_insert(btf, id, hash);
		return (int)id;
	}
	/* Its strings are the existing type's: it added none. */
	drop_types(btf, idx, off);
	return found;
}

int btfx_finish_type(struct btfx *btf)
{
	uint32_t id = open_type(btf);

	if (!id)
		return btfx__err(btf, -EINVAL, "finish_type: no open type");
	return btfx__close_open(btf, id);
}

/* Fill a record with no trailing data. */
static void fill_simple(struct btfx_txn *tx, uint32_t name_off, uint32_t kflag, uint32_t vlen,
			uint32_t size_or_type)
{
	struct btfx_type *t = btfx__txn_rec(tx);

	t->name_off = name_off;
	t->info = BTFX_INFO(tx->kind, kflag, vlen);
	t->size = size_or_type;
}

/* A complete record with no trailing data. */
static int put_simple(struct btfx_txn *tx, uint32_t name_off, uint32_t kflag, uint32_t vlen,
		      uint32_t size_or_type)
{
	fill_simple(tx, name_off, kflag, vlen, size_or_type);
	return btfx__txn_commit(tx, sizeof(struct btfx_type));
}

/* The head of an incremental type: it stays open. */
static int put_head(struct btfx_txn *tx, uint32_t name_off, uint32_t kflag, uint32_t size)
{
	fill_simple(tx, name_off, kflag, 0, size);
	return btfx__txn_commit_open(tx, sizeof(struct btfx_type));
}

int btfx_add_int_bits(struct btfx *btf, const char *name, uint32_t byte_sz, uint32_t encoding,
		      uint32_t bit_offset, uint32_t nr_bits)
{
	struct btfx_txn tx;
	struct btfx_type *t;
	uint32_t name_off;
	int err;

	err = btfx__txn_begin(&tx, btf, BTFX_KIND_INT, name, sizeof(*t) + 4);
	if (err)
		return err;
	if (is_empty(name))
		return btfx__txn_fail(&tx, -EINVAL, "name is empty");
	if (byte_sz != 1 && byte_sz != 2 && byte_sz != 4 && byte_sz != 8 && byte_sz != 16)
		return btfx__txn_fail(&tx, -EINVAL, "size %u is not 1, 2, 4, 8 or 16", byte_sz);
	if (encoding != 0 && encoding != BTFX_INT_SIGNED && encoding != BTFX_INT_CHAR &&
	    encoding != BTFX_INT_BOOL)
		return btfx__txn_fail(&tx, -EINVAL, "encoding %#x is not one of SIGNED, CHAR, BOOL",
				      encoding);
	if (nr_bits == 0 || nr_bits > BTFX_MAX_BITS)
		return btfx__txn_fail(&tx, -EINVAL, "nr_bits %u is not 1..128", nr_bits);
	if (bit_offset > 0xff || bit_offset + nr_bits > byte_sz * 8)
		return btfx__txn_fail(&tx, -EINVAL, "bits %u+%u pass size %u", bit_offset, nr_bits,
				      byte_sz);
	if ((err = btfx__txn_str(&tx, name, &name_off)))
		return err;
	t = btfx__txn_rec(&tx);
	t->name_off = name_off;
	t->info = BTFX_INFO(BTFX_KIND_INT, 0, 0);
	t->size = byte_sz;
	*(uint32_t *)(t + 1) = BTFX_INT_ENC(encoding, bit_offset, nr_bits);
	return btfx__txn_commit(&tx, sizeof(*t) + 4);
}

int btfx_add_int(struct btfx *btf, const char *name, uint32_t byte_sz, uint32_t encoding)
{
	return btfx_add_int_bits(btf, name, byte_sz, encoding, 0, byte_sz <= 16 ? byte_sz * 8 : 0);
}

int btfx_add_float(struct btfx *btf, const char *name, uint32_t byte_sz)
{
	struct btfx_txn tx;
	uint32_t name_off;
	int err;

	err = btfx__txn_begin(&tx, btf, BTFX_KIND_FLOAT, name, sizeof(struct btfx_type));
	if (err)
		return err;
	if (is_empty(name))
		return btfx__txn_fail(&tx, -EINVAL, "name is empty");
	if (byte_sz != 2 && byte_sz != 4 && byte_sz != 8 && byte_sz != 12 && byte_sz != 16)
		return btfx__txn_fail(&tx, -EINVAL, "size %u is not 2, 4, 8, 12 or 16", byte_sz);
	if ((err = btfx__txn_str(&tx, name, &name_off)))
		return err;
	return put_simple(&tx, name_off, 0, 0, byte_sz);
}

/* PTR, CONST, VOLATILE, RESTRICT (no name), TYPEDEF and TYPE_TAG (named). */
static int add_ref_kflag(struct btfx *btf, unsigned int kind, const char *name, uint32_t ref,
			 uint32_t kflag)
{
	struct btfx_txn tx;
	uint32_t name_off = 0;
	size_t len;
	int err;

	err = btfx__txn_begin(&tx, btf, kind, name, sizeof(struct btfx_type));
	if (err)
		return err;
	if ((err = check_id(&tx, ref, "referenced")))
		return err;
	len = kind == BTFX_KIND_TYPEDEF ? btfx__identifier_len(name) : name ? strlen(name) : 0;
	if (kind == BTFX_KIND_TYPEDEF && !len)
		return btfx__txn_fail(&tx, -EINVAL, "name '%.64s' is not an identifier",
				      name ? name : "");
	if (kind == BTFX_KIND_TYPE_TAG && !len)
		return btfx__txn_fail(&tx, -EINVAL, "tag value is empty");
	if ((err = btfx__txn_strn(&tx, name, len, &name_off)))
		return err;
	return put_simple(&tx, name_off, kflag, 0, ref);
}

static int add_ref(struct btfx *btf, unsigned int kind, const char *name, uint32_t ref)
{
	return add_ref_kflag(btf, kind, name, ref, 0);
}

int btfx_add_ptr(struct btfx *btf, uint32_t ref_type_id)
{
	return add_ref(btf, BTFX_KIND_PTR, NULL, ref_type_id);
}

int btfx_add_const(struct btfx *btf, uint32_t ref_type_id)
{
	return add_ref(btf, BTFX_KIND_CONST, NULL, ref_type_id);
}

int btfx_add_volatile(struct btfx *btf, uint32_t ref_type_id)
{
	return add_ref(btf, BTFX_KIND_VOLATILE, NULL, ref_type_id);
}

int btfx_add_restrict(struct btfx *btf, uint32_t ref_type_id)
{
	return add_ref(btf, BTFX_KIND_RESTRICT, NULL, ref_type_id);
}

int btfx_add_typedef(struct btfx *btf, const char *name, uint32_t ref_type_id)
{
	return add_ref(btf, BTFX_KIND_TYPEDEF, name ? name : "", ref_type_id);
}

int btfx_add_type_tag(struct btfx *btf, const char *value, uint32_t ref_type_id)
{
	return add_ref(btf, BTFX_KIND_TYPE_TAG, value ? value : "", ref_type_id);
}

int btfx_add_type_attr(struct btfx *btf, const char *value, uint32_t ref_type_id)
{
	return add_ref_kflag(btf, BTFX_KIND_TYPE_TAG, value ? value : "", ref_type_id, 1);
}

int btfx_add_array(struct btfx *btf, uint32_t index_type_id, uint32_t elem_type_id,
		   uint32_t nr_elems)
{
	struct btfx_txn tx;
	struct btfx_type *t;
	struct btfx_array *a;
	int err;

	err = btfx__txn_begin(&tx, btf, BTFX_KIND_ARRAY, NULL, sizeof(*t) + sizeof(*a));
	if (err)
		return err;
	if ((err = check_id(&tx, index_type_id, "index")) ||
	    (err = check_id(&tx, elem_type_id, "element")))
		return err;
	if (!index_type_id || !elem_type_id)
		return btfx__txn_fail(&tx, -EINVAL, "%s type is void",
				      index_type_id ? "element" : "index");
	t = btfx__txn_rec(&tx);
	t->name_off = 0;
	t->info = BTFX_INFO(BTFX_KIND_ARRAY, 0, 0);
	t->size = 0;
	a = (struct btfx_array *)(t + 1);
	a->type = elem_type_id;
	a->index_type = index_type_id;
	a->nelems = nr_elems;
	return btfx__txn_commit(&tx, sizeof(*t) + sizeof(*a));
}

/* Is name empty (*len 0) or an identifier (*len its strlen)? */
static int opt_ident(const char *name, size_t *len)
{
	*len = is_empty(name) ? 0 : btfx__identifier_len(name);
	return *len || is_empty(name);
}

/* Name of a STRUCT, UNION or ENUM: anonymous or a C identifier; *len its strlen. */
static int check_opt_ident(struct btfx_txn *tx, const char *name, size_t *len)
{
	if (!opt_ident(name, len))
		return btfx__txn_fail(tx, -EINVAL, "name '%.64s' is not an identifier", name);
	return 0;
}

static int add_composite_head(struct btfx *btf, unsigned int kind, const char *name,
			      uint32_t byte_sz)
{
	struct btfx_txn tx;
	uint32_t name_off;
	size_t len;
	int err;

	err = btfx__txn_begin(&tx, btf, kind, name, sizeof(struct btfx_type));
	if (err)
		return err;
	if ((err = check_opt_ident(&tx, name, &len)))
		return err;
	if ((err = btfx__txn_strn(&tx, name, len, &name_off)))
		return err;
	return put_head(&tx, name_off, 0, byte_sz);
}

int btfx_add_struct(struct btfx *btf, const char *name, uint32_t byte_sz)
{
	return add_composite_head(btf, BTFX_KIND_STRUCT, name, byte_sz);
}

int btfx_add_union(struct btfx *btf, const char *name, uint32_t byte_sz)
{
	return add_composite_head(btf, BTFX_KIND_UNION, name, byte_sz);
}

/*
 * The last own type, when it is of one of the kinds in mask (bit per kind),
 * opened as a transaction that appends elem_len bytes to it.
 */
int btfx__txn_append_begin(struct btfx_txn *tx, struct btfx *btf, uint32_t mask, size_t elem_len,
			   const char *what)
{
	const struct btfx_type *t;
	uint32_t id;
	int err;

	if (!btf->nr_types)
		return btfx__err(btf, -EINVAL, "%s: no type to append to", what);
	id = btf->start_id + btf->nr_types - 1;
	if (btfx__is_flushed(btf, id))
		return btfx__err_flushed(btf, what, id);
	t = btfx__own_type(btf, id);
	if (!(mask & (1u << btfx_kind(t))))
		return btfx__err(btf, -EINVAL, "%s: last type [%u] is a %s", what, id,
				 btfx_kind_str(btfx_kind(t)));
	if ((btf->flags & BTFX_NEW_HASHCONS) && id != open_type(btf))
		return btfx__err(btf, -EINVAL, "%s: last type [%u] %s is closed", what, id,
				 btfx_kind_str(btfx_kind(t)));
	if (btfx_vlen(t) >= BTFX_MAX_VLEN_CLASSIC)
		return btfx__err(btf, -E2BIG, "[%u] %s: vlen would pass %u", id,
				 btfx_kind_str(btfx_kind(t)), BTFX_MAX_VLEN_CLASSIC);
	tx->btf = btf;
	tx->kind = btfx_kind(t);
	tx->name = NULL;
	tx->name_off = t->name_off;
	tx->id = id;
	tx->str_mark = btfx__str_mark(btf);
	err = btfx__make_writable(btf);
	if (!err && btf->flushed_len + btf->types.len + elem_len > UINT32_MAX)
		err = -E2BIG;
	if (!err)
		err = btfx__buf_reserve(&btf->types, elem_len);
	if (err)
		return btfx__txn_fail(tx, err, "%s", btfx_strerror(err));
	return 0;
}

/* Publish elem_len appended bytes and bump the last type's vlen. */
static void append_commit(struct btfx_txn *tx, size_t elem_len, int set_kflag)
{
	struct btfx *btf = tx->btf;
	struct btfx_type *t = btfx__own_type(btf, tx->id);

	btf->types.len += elem_len;
	t->info = BTFX_INFO(btfx_kind(t), btfx_kflag(t) | !!set_kflag, btfx_vlen(t) + 1);
	btfx__invalidate(btf);
}

/* Where a member may sit: alignment, the 24 bits of kind_flag, order. */
static int check_member_offset(struct btfx_txn *tx, const struct btfx_type *t, uint32_t idx,
			       uint32_t bit_offset, uint32_t bit_size)
{
	const struct btfx_member *m = (const struct btfx_member *)(t + 1);
	uint32_t i, prev;

	/* As libbpf's btf__add_field(): a member off a byte boundary is a bitfield. */
	if (!bit_size && bit_offset % 8)
		return btfx__txn_fail(tx, -EINVAL,
				      "member %u at bit %u is not byte-aligned and not a bitfield",
				      idx, bit_offset);
	/* Once kind_flag is set, every member's offset has 24 bits. */
	if ((bit_size || btfx_kflag(t)) && bit_offset > BTFX_MAX_KFLAG_OFFSET)
		return btfx__txn_fail(tx, -E2BIG,
				      "member %u at bit %u: offsets in a type with bitfields "
				      "have 24 bits", idx, bit_offset);
	/* A first bitfield sets kind_flag: earlier offsets must fit 24 bits. */
	for (i = 0; bit_size && !btfx_kflag(t) && i < idx; i++)
		if (m[i].offset > BTFX_MAX_KFLAG_OFFSET)
			return btfx__txn_fail(tx, -E2BIG,
					      "member %u at bit %u: too far for a bitfield",
					      i, m[i].offset);
	if (btfx_kind(t) == BTFX_KIND_UNION && bit_offset)
		return btfx__txn_fail(tx, -EINVAL, "member %u of a union at bit offset %u", idx,
				      bit_offset);
	if ((uint64_t)bit_offset + bit_size > (uint64_t)t->size * 8)
		return btfx__txn_fail(tx, -EINVAL, "member %u ends past size %u", idx, t->size);
	if (idx == 0)
		return 0;
	prev = m[idx - 1].offset;
	if (btfx_kflag(t))
		prev = BTFX_MEMBER_BIT_OFFSET(prev);
	if (bit_offset < prev)
		return btfx__txn_fail(tx, -EINVAL, "member %u at bit %u is before member %u at %u",
				      idx, bit_offset, idx - 1, prev);
	return 0;
}

static int check_member(struct btfx_txn *tx, const struct btfx_type *t, uint32_t idx,
			const char *name, size_t *len, uint32_t type_id, uint32_t bit_offset,
			uint32_t bit_size)
{
	int err;

	if (!opt_ident(name, len))
		return btfx__txn_fail(tx, -EINVAL, "member %u name '%.64s' is not an identifier",
				      idx, name);
	if ((err = check_id(tx, type_id, "member")))
		return err;
	if (!type_id)
		return btfx__txn_fail(tx, -EINVAL, "member %u type is void", idx);
	if (bit_size > BTFX_MAX_BITS)
		return btfx__txn_fail(tx, -EINVAL, "member %u bitfield size %u is over 128", idx,
				      bit_size);
	return check_member_offset(tx, t, idx, bit_offset, bit_size);
}

/* Append a member inside an open append transaction. */
static int put_field(struct btfx_txn *tx, const char *name, uint32_t type_id, uint32_t bit_offset,
		     uint32_t bit_size)
{
	struct btfx *btf = tx->btf;
	struct btfx_type *t = btfx__own_type(btf, tx->id);
	struct btfx_member *m;
	uint32_t name_off;
	size_t len;
	int err;

	err = check_member(tx, t, btfx_vlen(t), name, &len, type_id, bit_offset, bit_size);
	if (err)
		return err;
	if ((err = btfx__txn_strn(tx, name, len, &name_off)))
		return err;
	t = btfx__own_type(btf, tx->id);
	m = (struct btfx_member *)btfx__buf_tail(&btf->types);
	m->name_off = name_off;
	m->type = type_id;
	m->offset = bit_size || btfx_kflag(t) ? (bit_size << 24 | bit_offset) : bit_offset;
	append_commit(tx, sizeof(*m), bit_size != 0);
	return 0;
}

#define COMPOSITE_MASK (1u << BTFX_KIND_STRUCT | 1u << BTFX_KIND_UNION)

int btfx_append_member(struct btfx *btf, const char *name, uint32_t type_id, uint32_t bit_offset,
		       uint32_t bit_size)
{
	struct btfx_txn tx;
	int err;

	err = btfx__txn_append_begin(&tx, btf, COMPOSITE_MASK, sizeof(struct btfx_member),
				     "append_member");
	if (err)
		return err;
	return put_field(&tx, name, type_id, bit_offset, bit_size);
}

/*
 * Check an array argument of a whole-array builder: cnt elements of elem_sz
 * bytes, of which this version knows the first known; the rest of each
 * element must be zero (as for opts), so that the structs can grow.
 */
static int check_array(struct btfx *btf, const char *call, const void *arr, uint32_t cnt,
		       size_t elem_sz, size_t known, const char *what)
{
	const unsigned char *p = arr;
	uint32_t i;

	if (cnt > BTFX_MAX_VLEN_CLASSIC)
		return btfx__err(btf, -E2BIG, "%s: %u %s, over %u", call, cnt, what,
				 BTFX_MAX_VLEN_CLASSIC);
	if (cnt && !arr)
		return btfx__err(btf, -EINVAL, "%s: NULL %s", call, what);
	if (elem_sz < known || (cnt && elem_sz > SIZE_MAX / cnt))
		return btfx__err(btf, -EINVAL, "%s: element size %zu, want %zu or more", call,
				 elem_sz, known);
	for (i = 0; elem_sz > known && i < cnt; i++, p += elem_sz)
		if (btfx__opts_valid(p, elem_sz, known))
			return btfx__err(btf, -EINVAL, "%s: %s %u has non-zero bytes past the %zu "
					 "this version knows", call, what, i, known);
	return 0;
}

/* Element i of an array of elem_sz-byte elements. */
static const void *elem(const void *arr, uint32_t i, size_t elem_sz)
{
	return (const unsigned char *)arr + (size_t)i * elem_sz;
}

/*
 * Run a head builder, then appenders, as one transaction: on failure of any
 * step, drop the new type and its strings.
 */
struct batch {
	struct btfx *btf;
	size_t str_mark;
	size_t types_len;
	uint32_t nr_types;
	uint32_t open_id;
};

static void batch_begin(struct batch *b, struct btfx *btf)
{
	b->btf = btf;
	b->str_mark = btfx__str_mark(btf);
	b->types_len = btf->types.len;
	b->nr_types = btf->nr_types;
	b->open_id = btf->open_id;
}

static int batch_fail(struct batch *b, int err)
{
	drop_types(b->btf, b->nr_types, b->types_len);
	b->btf->open_id = b->open_id;
	btfx__str_rollback(b->btf, b->str_mark);
	return err;
}

/* The batch's appends done (err) or failed: close the new type id, or drop it. */
static int batch_end(struct batch *b, int err, uint32_t id)
{
	if (!err)
		err = btfx__close_open(b->btf, id);
	return err < 0 ? batch_fail(b, err) : err;
}

int btfx_add_composite_with_members(struct btfx *btf, int kind, const char *name,
				    uint32_t byte_sz, const struct btfx_member_info *members,
				    uint32_t cnt, size_t elem_sz)
{
	const struct btfx_member_info *m;
	struct btfx_txn tx;
	struct batch b;
	uint32_t i;
	int id, err;

	if (kind != BTFX_KIND_STRUCT && kind != BTFX_KIND_UNION)
		return btfx__err(btf, -EINVAL, "add_composite_with_members: kind %d is not "
				 "STRUCT or UNION", kind);
	err = check_array(btf, "add_composite_with_members", members, cnt, elem_sz,
			  sizeof(*members), "members");
	if (err)
		return err;
	batch_begin(&b, btf);
	id = add_composite_head(btf, (unsigned int)kind, name, byte_sz);
	if (id < 0)
		return id;
	err = btfx__txn_append_begin(&tx, btf, COMPOSITE_MASK,
				     (size_t)cnt * sizeof(struct btfx_member),
				     "add_composite_with_members");
	for (i = 0; !err && i < cnt; i++) {
		m = elem(members, i, elem_sz);
		err = put_field(&tx, m->name, m->type, m->bit_offset, m->bit_size);
	}
	return batch_end(&b, err, (uint32_t)id);
}

static int add_enum_head(struct btfx *btf, unsigned int kind, const char *name, uint32_t byte_sz,
			 uint32_t flags)
{
	struct btfx_txn tx;
	uint32_t name_off;
	size_t len;
	int err;

	err = btfx__txn_begin(&tx, btf, kind, name, sizeof(struct btfx_type));
	if (err)
		return err;
	if ((err = check_opt_ident(&tx, name, &len)))
		return err;
	if (byte_sz != 1 && byte_sz != 2 && byte_sz != 4 && byte_sz != 8)
		return btfx__txn_fail(&tx, -EINVAL, "size %u is not 1, 2, 4 or 8", byte_sz);
	if (flags & ~(uint32_t)BTFX_ENUM_SIGNED)
		return btfx__txn_fail(&tx, -EINVAL, "unknown flags %#x", flags);
	if ((err = btfx__txn_strn(&tx, name, len, &name_off)))
		return err;
	return put_head(&tx, name_off, flags & BTFX_ENUM_SIGNED, byte_sz);
}

int btfx_add_enum(struct btfx *btf, const char *name, uint32_t byte_sz, uint32_t flags)
{
	return add_enum_head(btf, BTFX_KIND_ENUM, name, byte_sz, flags);
}

int btfx_add_enum64(struct btfx *btf, const char *name, uint32_t byte_sz, uint32_t flags)
{
	return add_enum_head(btf, BTFX_KIND_ENUM64, name, byte_sz, flags);
}

/* Can a 32-bit ENUM take value?  Sets *kflag when it must become signed. */
static int check_enum32(struct btfx_txn *tx, const struct btfx_type *t, int64_t value,
			int *kflag)
{
	const struct btfx_enum *e = (const struct btfx_enum *)(t + 1);
	uint32_t i;

	*kflag = btfx_kflag(t);
	if (value < INT32_MIN || value > (int64_t)UINT32_MAX)
		return btfx__txn_fail(tx, -E2BIG, "value %lld does not fit 32 bits",
				      (long long)value);
	if (value < 0 && !*kflag) {
		for (i = 0; i < btfx_vlen(t); i++)
			if ((uint32_t)e[i].val > INT32_MAX)
				return btfx__txn_fail(tx, -EINVAL,
						      "value %lld makes the enum signed, but value %u is %u",
						      (long long)value, i, (uint32_t)e[i].val);
		*kflag = 1;
	}
	if (*kflag && value > INT32_MAX)
		return btfx__txn_fail(tx, -E2BIG, "value %lld does not fit a signed enum",
				      (long long)value);
	return 0;
}

/* Append an enumerator inside an open append transaction. */
static int put_enum_value(struct btfx_txn *tx, const char *name, int64_t value)
{
	struct btfx *btf = tx->btf;
	struct btfx_type *t = btfx__own_type(btf, tx->id);
	uint32_t name_off, *w;
	size_t len = btfx__identifier_len(name);
	int err = 0, kflag = 0;

	if (!len)
		return btfx__txn_fail(tx, -EINVAL, "value %u name '%.64s' is not an identifier",
				      btfx_vlen(t), name ? name : "");
	if (btfx_kind(t) == BTFX_KIND_ENUM)
		err = check_enum32(tx, t, value, &kflag);
	else
		kflag = btfx_kflag(t); /* ENUM64: the 64 bits as given */
	if (err)
		return err;
	if ((err = btfx__txn_strn(tx, name, len, &name_off)))
		return err;
	t = btfx__own_type(btf, tx->id);
	w = (uint32_t *)btfx__buf_tail(&btf->types);
	w[0] = name_off;
	w[1] = (uint32_t)((uint64_t)value & 0xffffffffu);
	if (btfx_kind(t) == BTFX_KIND_ENUM) {
		append_commit(tx, sizeof(struct btfx_enum), kflag);
	} else {
		w[2] = (uint32_t)((uint64_t)value >> 32);
		append_commit(tx, sizeof(struct btfx_enum64), kflag);
	}
	return 0;
}

#define ENUM_MASK (1u << BTFX_KIND_ENUM | 1u << BTFX_KIND_ENUM64)

int btfx_append_enum_value(struct btfx *btf, const char *name, int64_t value)
{
	struct btfx_txn tx;
	int err;

	err = btfx__txn_append_begin(&tx, btf, ENUM_MASK, sizeof(struct btfx_enum64),
				     "append_enum_value");
	if (err)
		return err;
	return put_enum_value(&tx, name, value);
}

int btfx_add_enum_with_values(struct btfx *btf, int kind, const char *name, uint32_t byte_sz,
			      uint32_t flags, const struct btfx_enum_info *vals, uint32_t cnt,
			      size_t elem_sz)
{
	const struct btfx_enum_info *v;
	struct btfx_txn tx;
	struct batch b;
	uint32_t i;
	int id, err;

	if (kind != BTFX_KIND_ENUM && kind != BTFX_KIND_ENUM64)
		return btfx__err(btf, -EINVAL, "add_enum_with_values: kind %d is not ENUM or "
				 "ENUM64", kind);
	err = check_array(btf, "add_enum_with_values", vals, cnt, elem_sz, sizeof(*vals),
			  "values");
	if (err)
		return err;
	batch_begin(&b, btf);
	id = add_enum_head(btf, (unsigned int)kind, name, byte_sz, flags);
	if (id < 0)
		return id;
	err = btfx__txn_append_begin(&tx, btf, ENUM_MASK, (size_t)cnt * sizeof(struct btfx_enum64),
				     "add_enum_with_values");
	for (i = 0; !err && i < cnt; i++) {
		v = elem(vals, i, elem_sz);
		err = put_enum_value(&tx, v->name, v->value);
	}
	return batch_end(&b, err, (uint32_t)id);
}

/* A forward enum is an ENUM with no values, of the size of an int (as libbpf). */
#define FWD_ENUM_SIZE 4

int btfx_add_fwd(struct btfx *btf, const char *name, int fwd_kind)
{
	unsigned int kind = fwd_kind == BTFX_FWD_ENUM ? BTFX_KIND_ENUM : BTFX_KIND_FWD;
	struct btfx_txn tx;
	uint32_t name_off;
	size_t len;
	int err;

	err = btfx__txn_begin(&tx, btf, kind, name, sizeof(struct btfx_type));
	if (err)
		return err;
	len = btfx__identifier_len(name);
	if (!len)
		return btfx__txn_fail(&tx, -EINVAL, "name '%.64s' is not an identifier",
				      name ? name : "");
	if (fwd_kind != BTFX_FWD_STRUCT && fwd_kind != BTFX_FWD_UNION &&
	    fwd_kind != BTFX_FWD_ENUM)
		return btfx__txn_fail(&tx, -EINVAL, "fwd_kind %d is not struct, union or enum",
				      fwd_kind);
	if ((err = btfx__txn_strn(&tx, name, len, &name_off)))
		return err;
	if (kind == BTFX_KIND_ENUM)
		return put_simple(&tx, name_off, 0, 0, FWD_ENUM_SIZE);
	return put_simple(&tx, name_off, (uint32_t)fwd_kind, 0, 0);
}

int btfx_add_func_proto(struct btfx *btf, uint32_t ret_type_id)
{
	struct btfx_txn tx;
	int err;

	err = btfx__txn_begin(&tx, btf, BTFX_KIND_FUNC_PROTO, NULL, sizeof(struct btfx_type));
	if (err)
		return err;
	if ((err = check_id(&tx, ret_type_id, "return")))
		return err;
	return put_head(&tx, 0, 0, ret_type_id);
}

/* Append a parameter inside an open append transaction. */
static int put_param(struct btfx_txn *tx, const char *name, uint32_t type_id)
{
	struct btfx *btf = tx->btf;
	struct btfx_type *t = btfx__own_type(btf, tx->id);
	struct btfx_param *p = (struct btfx_param *)(t + 1);
	uint32_t name_off, n = btfx_vlen(t);
	size_t len;
	int err;

	if (n && !p[n - 1].type && !p[n - 1].name_off)
		return btfx__txn_fail(tx, -EINVAL, "param %u follows '...'", n);
	if (!opt_ident(name, &len))
		return btfx__txn_fail(tx, -EINVAL, "param %u name '%.64s' is not an identifier", n,
				      name);
	if ((err = check_id(tx, type_id, "param")))
		return err;
	if (!type_id && !is_empty(name))
		return btfx__txn_fail(tx, -EINVAL, "param %u '%.64s' is void", n, name);
	if ((err = btfx__txn_strn(tx, name, len, &name_off)))
		return err;
	p = (struct btfx_param *)btfx__buf_tail(&btf->types);
	p->name_off = name_off;
	p->type = type_id;
	append_commit(tx, sizeof(*p), 0);
	return 0;
}

#define PROTO_MASK (1u << BTFX_KIND_FUNC_PROTO)

int btfx_append_param(struct btfx *btf, const char *name, uint32_t type_id)
{
	struct btfx_txn tx;
	int err;

	err = btfx__txn_append_begin(&tx, btf, PROTO_MASK, sizeof(struct btfx_param),
				     "append_param");
	if (err)
		return err;
	return put_param(&tx, name, type_id);
}

int btfx_add_func_proto_with_params(struct btfx *btf, uint32_t ret_type_id,
				    const struct btfx_param_info *params, uint32_t cnt,
				    size_t elem_sz)
{
	const struct btfx_param_info *p;
	struct btfx_txn tx;
	struct batch b;
	uint32_t i;
	int id, err;

	err = check_array(btf, "add_func_proto_with_params", params, cnt, elem_sz,
			  sizeof(*params), "params");
	if (err)
		return err;
	batch_begin(&b, btf);
	id = btfx_add_func_proto(btf, ret_type_id);
	if (id < 0)
		return id;
	err = btfx__txn_append_begin(&tx, btf, PROTO_MASK, (size_t)cnt * sizeof(struct btfx_param),
				     "add_func_proto_with_params");
	for (i = 0; !err && i < cnt; i++) {
		p = elem(params, i, elem_sz);
		err = put_param(&tx, p->name, p->type);
	}
	return batch_end(&b, err, (uint32_t)id);
}

int btfx_add_func(struct btfx *btf, const char *name, int linkage, uint32_t proto_type_id)
{
	struct btfx_txn tx;
	uint32_t name_off;
	size_t len;
	int err, k;

	err = btfx__txn_begin(&tx, btf, BTFX_KIND_FUNC, name, sizeof(struct btfx_type));
	if (err)
		return err;
	len = btfx__identifier_len(name);
	if (!len)
		return btfx__txn_fail(&tx, -EINVAL, "name '%.64s' is not an identifier",
				      name ? name : "");
	if (linkage < BTFX_FUNC_STATIC || linkage > BTFX_FUNC_EXTERN)
		return btfx__txn_fail(&tx, -EINVAL, "linkage %d is not static, global or extern",
				      linkage);
	if ((err = check_id(&tx, proto_type_id, "prototype")))
		return err;
	k = kind_of(btf, proto_type_id);
	if (!proto_type_id || (k >= 0 && k != BTFX_KIND_FUNC_PROTO))
		return btfx__txn_fail(&tx, -EINVAL, "type [%u] is not a FUNC_PROTO", proto_type_id);
	if ((err = btfx__txn_strn(&tx, name, len, &name_off)))
		return err;
	return put_simple(&tx, name_off, 0, (uint32_t)linkage, proto_type_id);
}

int btfx_add_var(struct btfx *btf, const char *name, int linkage, uint32_t type_id)
{
	struct btfx_txn tx;
	struct btfx_type *t;
	uint32_t name_off;
	size_t len;
	int err;

	err = btfx__txn_begin(&tx, btf, BTFX_KIND_VAR, name, sizeof(*t) + sizeof(struct btfx_var));
	if (err)
		return err;
	len = btfx__identifier_len(name);
	if (!len)
		return btfx__txn_fail(&tx, -EINVAL, "name '%.64s' is not an identifier",
				      name ? name : "");
	if (linkage < BTFX_VAR_STATIC || linkage > BTFX_VAR_GLOBAL_EXTERN)
		return btfx__txn_fail(&tx, -EINVAL,
				      "linkage %d is not static, global-alloc or extern", linkage);
	if ((err = check_id(&tx, type_id, "variable")))
		return err;
	if (!type_id)
		return btfx__txn_fail(&tx, -EINVAL, "type is void");
	if ((err = btfx__txn_strn(&tx, name, len, &name_off)))
		return err;
	t = btfx__txn_rec(&tx);
	t->name_off = name_off;
	t->info = BTFX_INFO(BTFX_KIND_VAR, 0, 0);
	t->type = type_id;
	((struct btfx_var *)(t + 1))->linkage = (uint32_t)linkage;
	return btfx__txn_commit(&tx, sizeof(*t) + sizeof(struct btfx_var));
}

/* Number of components a DECL_TAG may name on a type, or -1 for none. */
static int tag_components(const struct btfx *btf, const struct btfx_type *t)
{
	const struct btfx_type *proto;

	switch (btfx_kind(t)) {
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		return (int)btfx_vlen(t);
	case BTFX_KIND_FUNC:
		proto = btfx__type_quiet(btf, t->type);
		return proto ? (int)btfx_vlen(proto) : 0;
	case BTFX_KIND_VAR:
	case BTFX_KIND_TYPEDEF:
		return 0;
	default:
		return -1;
	}
}

static int add_decl_tag(struct btfx *btf, const char *value, uint32_t ref_type_id,
			int component_idx, uint32_t kflag)
{
	const struct btfx_type *target;
	struct btfx_txn tx;
	struct btfx_type *t;
	uint32_t name_off;
	int err, n;

	err = btfx__txn_begin(&tx, btf, BTFX_KIND_DECL_TAG, value,
			      sizeof(*t) + sizeof(struct btfx_decl_tag));
	if (err)
		return err;
	if (is_empty(value))
		return btfx__txn_fail(&tx, -EINVAL, "tag value is empty");
	if ((err = check_id(&tx, ref_type_id, "tagged")))
		return err;
	if (!ref_type_id)
		return btfx__txn_fail(&tx, -EINVAL, "tagged type is void");
	if (component_idx < -1)
		return btfx__txn_fail(&tx, -EINVAL, "component_idx %d is below -1", component_idx);
	/* A flushed target is not checked, as one not added yet. */
	target = ref_type_id < btfx_type_cnt(btf) ? btfx__type_quiet(btf, ref_type_id) : NULL;
	if (target) {
		n = tag_components(btf, target);
		if (n < 0)
			return btfx__txn_fail(&tx, -EINVAL, "a %s cannot be tagged",
					      btfx_kind_str(btfx_kind(target)));
		if (component_idx >= n)
			return btfx__txn_fail(&tx, -EINVAL,
					      "component_idx %d past the %d components of [%u]",
					      component_idx, n, ref_type_id);
	}
	if ((err = btfx__txn_str(&tx, value, &name_off)))
		return err;
	t = btfx__txn_rec(&tx);
	t->name_off = name_off;
	t->info = BTFX_INFO(BTFX_KIND_DECL_TAG, kflag, 0);
	t->type = ref_type_id;
	((struct btfx_decl_tag *)(t + 1))->component_idx = component_idx;
	return btfx__txn_commit(&tx, sizeof(*t) + sizeof(struct btfx_decl_tag));
}

int btfx_add_decl_tag(struct btfx *btf, const char *value, uint32_t ref_type_id,
		      int component_idx)
{
	return add_decl_tag(btf, value, ref_type_id, component_idx, 0);
}

int btfx_add_decl_attr(struct btfx *btf, const char *value, uint32_t ref_type_id,
		       int component_idx)
{
	return add_decl_tag(btf, value, ref_type_id, component_idx, 1);
}

struct copy_ctx {
	struct btfx_txn *tx;
	const struct btfx *src;
	int err;
};

/* Re-add the string at *off (an offset of src) here; *off becomes ours. */
static int copy_str(uint32_t *off, void *arg)
{
	struct copy_ctx *c = arg;
	const char *s = btfx_str_by_offset(c->src, *off);

	if (!s) {
		c->err = btfx__txn_fail(c->tx, -EINVAL, "string offset %u out of range", *off);
		return c->err;
	}
	c->err = btfx__txn_str(c->tx, s, off);
	return c->err;
}

int btfx_add_type_copy(struct btfx *btf, const struct btfx *src, uint32_t src_id)
{
	const struct btfx_type *st;
	struct copy_ctx c;
	struct btfx_txn tx;
	struct btfx_type *t;
	uint32_t len;
	int err;

	if (!src || !(st = btfx_type_by_id(src, src_id)) || !src_id)
		return btfx__err(btf, -EINVAL, "add_type_copy: no type [%u] in the source", src_id);
	if (!btfx__kind_known(btfx_kind(st)))
		return btfx__err(btf, -ENOTSUP, "add_type_copy: [%u] is of unknown kind %u", src_id,
				 btfx_kind(st));
	len = btfx_record_len(src, src_id);
	err = btfx__txn_begin(&tx, btf, btfx_kind(st), NULL, len);
	if (err)
		return err;
	/* src may be btf itself: reserve first, then copy from where it is now. */
	st = btfx_type_by_id(src, src_id);
	t = btfx__txn_rec(&tx);
	memcpy(t, st, len);
	c.tx = &tx;
	c.src = src;
	c.err = 0;
	if (btfx__visit_str_offs(t, copy_str, &c))
		return c.err;
	return btfx__txn_commit(&tx, len);
}
