// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * validate_resolve.c - the references between records, as the kernel's
 * second pass takes them (btf_check_all_types, btf_resolve and each kind's
 * resolve, btf_func_proto_check, btf_func_check) and then the type-tag
 * chains (btf_check_type_tags).
 *
 * Resolution is the kernel's depth-first walk with an explicit stack of at
 * most 32 frames and one visit state per type, so it is linear in the
 * blob and a loop or an over-deep chain is found, not followed: what the
 * kernel refuses as "Loop detected" or "Exceeded max resolving depth" is
 * refused here for the same blobs.  A type that failed (with
 * BTFX_VALIDATE_ALL) is marked bad, and what depends on it fails silently
 * rather than repeating the problem.
 *
 * Most types need no stack: a FUNC, a PTR or modifier whose target is
 * resolved (or a sink), a struct or array whose members are.  For those the
 * *_quick() functions do what resolve() would, reading the entries of
 * vctx.ty rather than the records, and give up (having changed nothing)
 * wherever resolve() would push; btfx__validate_raw_plain() skips them, and
 * tests/check_validate_plain finds the same problems both ways.
 */
#include <errno.h>
#include <string.h>

#include "validate.h"

enum { M_TBD, M_PTR, M_SOA }; /* resolve modes: to be determined, pointer, struct or array */

static inline int kind_is(const struct btfx_type *t, unsigned int k)
{
	return t && btfx_kind(t) == k;
}

#define KP(v, t) ((t) ? (v)->kprop[btfx_kind(t)] : 0)

static inline int is_mod(const struct vctx *v, const struct btfx_type *t)
{
	return KP(v, t) & VK_MOD;
}

static inline int is_struct(const struct vctx *v, const struct btfx_type *t)
{
	return KP(v, t) & VK_STRUCT;
}

static inline int has_size(const struct vctx *v, const struct btfx_type *t)
{
	return KP(v, t) & VK_SIZED;
}

/* Void, FWD, FUNC, FUNC_PROTO (and a kind only a layout section knows): no size. */
static inline int nosize_or_null(const struct vctx *v, const struct btfx_type *t)
{
	return !t || (KP(v, t) & VK_NOSIZE);
}

static inline int source_only(const struct vctx *v, const struct btfx_type *t)
{
	return KP(v, t) & VK_SRC;
}

/*
 * The kind of type id: an own type's from its entry, so that the depth-first
 * walk does not read the records of the types it passes (most are forward
 * references, far from the records just read).  NO_KIND when id is missing.
 */
#define NO_KIND (BTFX_MAX_KIND + 1u)

static inline uint32_t kind_of(const struct vctx *v, uint32_t id)
{
	const struct btfx_type *t;

	if (id - v->start_id < v->nr)
		return v->ty[id - v->start_id].kind;
	t = btfx__vtype(v, id);
	return t ? btfx_kind(t) : NO_KIND;
}

/* A kind_of() no array element or index can have: missing, no size, a source only. */
static inline int unsized_kind(const struct vctx *v, uint32_t k)
{
	return k == NO_KIND || (v->kprop[k] & (VK_NOSIZE | VK_SRC));
}

/* kprop of a kind_of(): a missing type has none. */
static inline unsigned int kprop_of(const struct vctx *v, uint32_t k)
{
	return k == NO_KIND ? 0 : v->kprop[k];
}

/* A type of kind k the walk does not descend into in this mode. */
static inline int is_sink(const struct vctx *v, unsigned int k)
{
	unsigned int p = v->kprop[k];

	switch (v->mode) {
	case M_TBD:
		return !(p & VK_NEEDS);
	case M_PTR:
		return !(p & VK_MOD) && k != BTFX_KIND_PTR;
	default:
		return !(p & (VK_MOD | VK_STRUCT)) && k != BTFX_KIND_ARRAY;
	}
}

static int is_resolved(const struct vctx *v, uint32_t id)
{
	return id < v->start_id || v->ty[id - v->start_id].state == VS_RESOLVED;
}

/* The first type past the modifiers from id, in a base that validated (bounded). */
static uint32_t skip_mods(const struct vctx *v, uint32_t id)
{
	const struct btfx_type *t = btfx__vtype(v, id);
	int n;

	for (n = 0; n < 64 && is_mod(v, t); n++)
		t = btfx__vtype(v, id = t->type);
	return id;
}

/* What the kernel stored as the resolved id of a type. */
static uint32_t rid_of(const struct vctx *v, uint32_t id)
{
	const struct btfx_type *t;

	if (id >= v->start_id)
		return v->rid[id - v->start_id];
	t = btfx__vtype(v, id);
	if (kind_is(t, BTFX_KIND_ARRAY))
		return skip_mods(v, ((const struct btfx_array *)(t + 1))->type);
	if (is_mod(v, t) || kind_is(t, BTFX_KIND_PTR) || kind_is(t, BTFX_KIND_VAR))
		return skip_mods(v, t->type);
	return kind_is(t, BTFX_KIND_FUNC) || kind_is(t, BTFX_KIND_DECL_TAG) ? t->type : 0;
}

/* What the kernel stored as the resolved size of a type (arrays). */
static uint32_t rsz_of(const struct vctx *v, uint32_t id)
{
	const struct btfx_type *t = btfx__vtype(v, id);
	uint32_t size = 1;
	int n;

	if (id >= v->start_id)
		return v->ty[id - v->start_id].val; /* an ARRAY's: its size */
	for (n = 0; n < 64 && kind_is(t, BTFX_KIND_ARRAY); n++) {
		size *= ((const struct btfx_array *)(t + 1))->nelems;
		t = btfx__vtype(v, skip_mods(v, ((const struct btfx_array *)(t + 1))->type));
	}
	if (has_size(v, t))
		return size * t->size;
	return kind_is(t, BTFX_KIND_PTR) ? size * VPTR_SIZE : 0;
}

/* An INT's encoding word (an own INT's from its entry). */
static inline uint32_t int_enc(const struct vctx *v, uint32_t id)
{
	return id - v->start_id < v->nr ? v->ty[id - v->start_id].val :
					  *(const uint32_t *)(btfx__vtype(v, id) + 1);
}

/*
 * The size of a sized type or of what it resolves to, as btf_type_id_size():
 * 1 and *id, *k and *size (when not NULL) those of the type it resolves to,
 * or 0 when it has no size (void, FWD, FUNC, FUNC_PROTO, DECL_TAG, ...).
 * Own types' from their entries, but for an INT's size: only its record
 * has it.
 */
static int id_size(const struct vctx *v, uint32_t *id, uint32_t *k, uint32_t *size)
{
	uint32_t sid = *id, kk = kind_of(v, sid), j, sz;

	if (kk == NO_KIND)
		return 0;
	if ((v->kprop[kk] & VK_MOD) || kk == BTFX_KIND_VAR) {
		sid = rid_of(v, sid);
		if ((kk = kind_of(v, sid)) == NO_KIND)
			return 0;
	}
	j = sid - v->start_id;
	if (kk == BTFX_KIND_INT || ((v->kprop[kk] & VK_SIZED) && j >= v->nr))
		sz = btfx__vtype(v, sid)->size;
	else if (v->kprop[kk] & VK_SIZED)
		sz = v->ty[j].val;
	else if (kk == BTFX_KIND_ARRAY)
		sz = rsz_of(v, sid);
	else if (kk == BTFX_KIND_PTR)
		sz = VPTR_SIZE;
	else
		return 0;
	*id = sid;
	*k = kk;
	if (size)
		*size = sz;
	return 1;
}

/*
 * id_size(v, id, &k, NULL), leaving *id as it does: an own type's
 * answer from the entries (a modifier's or VAR's through its resolved id).
 */
static inline int sized_id(const struct vctx *v, uint32_t *id)
{
	uint32_t j = *id - v->start_id, k;

	if (j >= v->nr)
		return id_size(v, id, &k, NULL);
	k = v->ty[j].kind;
	if ((v->kprop[k] & VK_MOD) || k == BTFX_KIND_VAR) {
		if ((j = v->rid[j] - v->start_id) >= v->nr) /* void, the base's, missing */
			return id_size(v, id, &k, NULL);
		k = v->ty[j].kind;
	}
	if (!(v->kprop[k] & VK_SIZED) && k != BTFX_KIND_ARRAY && k != BTFX_KIND_PTR)
		return 0;
	*id = v->start_id + j;
	return 1;
}

/* An INT that is not a bitfield: whole bytes (1, 2, 4, 8 or 16), no offset; its size is not
 * looked at. */
static inline int int_regular_x(uint32_t x)
{
	uint32_t bits, bytes;

	bits = BTFX_INT_BITS(x);
	bytes = (bits + 7) / 8;
	return !(bits % 8) && !BTFX_INT_OFFSET(x) &&
	       (bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8 || bytes == 16);
}

/* Type id, of kind k, is an INT that is not a bitfield. */
static inline int int_regular(const struct vctx *v, uint32_t k, uint32_t id)
{
	return k == BTFX_KIND_INT && int_regular_x(int_enc(v, id));
}

static int push(struct vctx *v, uint32_t id)
{
	uint32_t i = id - v->start_id, k = v->ty[i].kind;

	if (v->top == VMAX_DEPTH)
		return -E2BIG;
	if (v->ty[i].state == VS_BAD)
		return -ECANCELED;
	if (v->ty[i].state != VS_NONE)
		return -EEXIST;
	v->ty[i].state = VS_VISITED;
	v->stack[v->top].id = id;
	v->stack[v->top++].next = 0;
	if (v->mode == M_TBD) {
		if (k == BTFX_KIND_PTR)
			v->mode = M_PTR;
		else if ((v->kprop[k] & VK_STRUCT) || k == BTFX_KIND_ARRAY)
			v->mode = M_SOA;
	}
	return 0;
}

/* Own type i resolved to rid (with the member checks, below: it tells them what it takes). */
static void set_resolved(struct vctx *v, uint32_t i, uint32_t rid);

static int pop(struct vctx *v, uint32_t rid, uint32_t rsz)
{
	uint32_t i = v->stack[--v->top].id - v->start_id;

	if (v->ty[i].kind == BTFX_KIND_ARRAY)
		v->ty[i].val = rsz;
	set_resolved(v, i, rid);
	return 0;
}

/* A type that already failed (BTFX_VALIDATE_ALL): what uses it fails silently. */
static int is_bad(const struct vctx *v, uint32_t id)
{
	return id >= v->start_id && id - v->start_id < v->nr &&
	       v->ty[id - v->start_id].state == VS_BAD;
}

/*
 * Push nid when it must be resolved first: 1 pushed (or *err), 0 go on.
 * The base's types and void are resolved.
 */
static inline int need(struct vctx *v, uint32_t nid, int *err)
{
	uint32_t i = nid - v->start_id;

	if (i >= v->nr || v->ty[i].state == VS_RESOLVED)
		return 0;
	if (v->ty[i].state == VS_BAD) {
		*err = -ECANCELED;
		return 1;
	}
	if (is_sink(v, v->ty[i].kind))
		return 0;
	*err = push(v, nid);
	return 1;
}

#define FAIL(v, id, rule, ...) (btfx__vreport(v, id, rule, __VA_ARGS__), -EINVAL)

static const char *kname(const struct btfx_type *t)
{
	return !t ? "missing type" : btfx__vis_void(t) ? "void" : btfx_kind_str(btfx_kind(t));
}

/*
 * What a modifier, PTR or VAR (own type id, of kind k) points at: the part
 * their resolves share.
 */
static int ref_next(struct vctx *v, uint32_t id, uint32_t k, uint32_t *nid, int *err)
{
	uint32_t nk = kind_of(v, *nid), r;

	if (nk == NO_KIND || (v->kprop[nk] & VK_SRC)) {
		*err = FAIL(v, id, "type-id", "refers to [%u], a %s: not a type it can refer to",
			    *nid, kname(btfx__vtype(v, *nid)));
		return 1;
	}
	if (need(v, *nid, err))
		return 1;
	/* PTR, VAR: a modifier that stopped at a PTR: that PTR must not loop back. */
	if (!(v->kprop[k] & VK_MOD) && (v->kprop[nk] & VK_MOD)) {
		r = rid_of(v, *nid);
		if (kind_of(v, r) == BTFX_KIND_PTR && need(v, r, err))
			return 1;
	}
	return 0;
}

/*
 * The end of the resolve of a modifier, PTR or VAR (own type id, of kind k,
 * pointing at type), once what it points at needs nothing more: the size
 * rules; *nid (type) becomes the resolved id.
 */
VINLINE int ref_done(struct vctx *v, uint32_t id, uint32_t k, uint32_t type, uint32_t *nid)
{
	uint32_t nk;

	if (k == BTFX_KIND_VAR) {
		if (!sized_id(v, nid))
			return FAIL(v, id, "var-type", "the variable's type [%u] (%s) has no size",
				    type, kname(btfx__vtype(v, *nid)));
	} else if (!sized_id(v, nid)) {
		if (is_resolved(v, *nid))
			*nid = rid_of(v, *nid);
		nk = kind_of(v, *nid);
		if (*nid && nk != BTFX_KIND_FWD && nk != BTFX_KIND_FUNC_PROTO)
			return FAIL(v, id, "type-id",
				    "refers to [%u], which resolves to a %s: not void, a FWD, a "
				    "FUNC_PROTO or a type with a size",
				    type, kname(btfx__vtype(v, *nid)));
	}
	return 0;
}

static int resolve_ref(struct vctx *v, uint32_t id, uint32_t k, uint32_t type)
{
	uint32_t nid = type;
	int err = 0;

	if (ref_next(v, id, k, &nid, &err) || (err = ref_done(v, id, k, type, &nid)))
		return err;
	return pop(v, nid, 0);
}

/*
 * Own type i, a modifier, PTR or VAR, when what it points at is resolved
 * or needs no resolving (most of them): what resolve() finds, without its
 * stack, from the entries (the type id is the entry's value).  Returns 0
 * when that does not hold; resolve() then does it all.
 */
static int resolve_quick(struct vctx *v, uint32_t i)
{
	uint32_t k = v->ty[i].kind, type = v->ty[i].val, nid = type, j = nid - v->start_id, r, nk,
		 np;
	int plain = !(v->kprop[k] & VK_MOD); /* PTR or VAR */

	if ((plain && k != BTFX_KIND_PTR && k != BTFX_KIND_VAR) || j >= v->nr)
		return 0; /* the base's types and void: the long way */
	/* From the target's entry: its record is not read. */
	nk = v->ty[j].kind;
	np = v->kprop[nk];
	/*
	 * Not resolved, it is pushed unless it needs no resolving, or is a sink
	 * for a PTR (anything but a modifier or PTR: a PTR to a struct does not
	 * wait for the struct).
	 */
	if (v->ty[j].state != VS_RESOLVED &&
	    (v->ty[j].state != VS_NONE ||
	     ((np & VK_NEEDS) && (k != BTFX_KIND_PTR || (np & VK_MOD) || nk == BTFX_KIND_PTR))))
		return 0;
	if (np & VK_SRC)
		return 0;
	/* ref_next(): a PTR behind the modifiers must not be left to resolve. */
	if (plain && (np & VK_MOD) && (r = v->rid[j] - v->start_id) < v->nr &&
	    v->ty[r].kind == BTFX_KIND_PTR && v->ty[r].state != VS_RESOLVED)
		return 0;
	if (ref_done(v, v->start_id + i, k, type, &nid)) {
		btfx__vset_bad(v, i);
		return 1;
	}
	set_resolved(v, i, nid);
	return 1;
}

/* Bits of a member and its place, against the struct's size. */
static inline int fits(struct vctx *v, uint32_t sid, const struct btfx_type *st, uint32_t idx,
		       uint32_t bit_off, uint32_t nbits)
{
	uint32_t bytes = bit_off / 8, copy = nbits + bit_off % 8;

	if (copy > 128)
		return FAIL(v, sid, "member-size", "member %u: %u bits to copy, over 128", idx,
			    copy);
	if (st->size < bytes || st->size - bytes < (copy + 7) / 8)
		return FAIL(v, sid, "member-size", "member %u: ends past the %u-byte struct", idx,
			    st->size);
	return 0;
}

/* A member of INT type, whose encoding word is x. */
VINLINE int int_member(struct vctx *v, uint32_t sid, const struct btfx_type *st, uint32_t idx,
		        const struct btfx_member *m, uint32_t x)
{
	uint32_t off = m->offset, nbits;

	if (!btfx_kflag(st)) {
		if (UINT32_MAX - off < BTFX_INT_OFFSET(x))
			return FAIL(v, sid, "member-offset", "member %u: offset overflows", idx);
		return fits(v, sid, st, idx, off + BTFX_INT_OFFSET(x), BTFX_INT_BITS(x));
	}
	if (!int_regular_x(x))
		return FAIL(v, sid, "member-bitfield",
			    "member %u: a bitfield (kind_flag struct) member's INT must be 8, 16, "
			    "32, 64 or 128 bits, with no offset",
			    idx);
	nbits = BTFX_MEMBER_BITFIELD_SIZE(m->offset);
	off = BTFX_MEMBER_BIT_OFFSET(m->offset);
	if (!nbits) {
		if (off % 8)
			return FAIL(v, sid, "member-offset",
				    "member %u: not a bitfield, so bit offset %u must be a "
				    "multiple of 8",
				    idx, off);
		nbits = BTFX_INT_BITS(x);
	} else if (nbits > BTFX_INT_BITS(x)) {
		return FAIL(v, sid, "member-bitfield",
			    "member %u: bitfield of %u bits in an INT of %u bits", idx, nbits,
			    BTFX_INT_BITS(x));
	}
	return fits(v, sid, st, idx, off, nbits);
}

static int enum_kflag_member(struct vctx *v, uint32_t sid, const struct btfx_type *st, uint32_t idx,
			     const struct btfx_member *m)
{
	uint32_t off = BTFX_MEMBER_BIT_OFFSET(m->offset),
		 nbits = BTFX_MEMBER_BITFIELD_SIZE(m->offset);

	if (!nbits) {
		if (off % 8)
			return FAIL(v, sid, "member-offset",
				    "member %u: bit offset %u is not a multiple of 8", idx, off);
		nbits = 32;
	} else if (nbits > 32) {
		return FAIL(v, sid, "member-bitfield",
			    "member %u: an enum bitfield of %u bits: at most 32", idx, nbits);
	}
	if (st->size < (off + nbits + 7) / 8)
		return FAIL(v, sid, "member-size", "member %u: ends past the %u-byte struct", idx,
			    st->size);
	return 0;
}

/* A byte-aligned member of a given size (PTR, ARRAY, STRUCT, ENUM). */
VINLINE int plain_member(struct vctx *v, uint32_t sid, const struct btfx_type *st, uint32_t idx,
			 uint32_t off, uint32_t size)
{
	if (off % 8)
		return FAIL(v, sid, "member-offset",
			    "member %u: bit offset %u is not a multiple of 8", idx, off);
	if (st->size - off / 8 < size)
		return FAIL(v, sid, "member-size",
			    "member %u: %u bytes at byte %u end past the %u-byte struct", idx, size,
			    off / 8, st->size);
	return 0;
}

static int float_member(struct vctx *v, uint32_t sid, const struct btfx_type *st, uint32_t idx,
			uint32_t off, uint32_t size)
{
	uint64_t align = size < VPTR_SIZE ? size : VPTR_SIZE;

	if (off % (align * 8))
		return FAIL(v, sid, "member-offset",
			    "member %u: a FLOAT at bit %u is not aligned to %llu bytes", idx, off,
			    (unsigned long long)align);
	if (off / 8 + (uint64_t)size > st->size)
		return FAIL(v, sid, "member-size", "member %u: ends past the %u-byte struct", idx,
			    st->size);
	return 0;
}

/*
 * id_size() of a modifier (*id), for a member: 0 when it has no size, else
 * *id, *k and *val become those of the type it resolves to.  Most often an
 * own modifier resolved to an own type, answered from the arrays.
 */
static inline int mod_size(const struct vctx *v, uint32_t *id, uint32_t *k, uint32_t *val)
{
	uint32_t j = *id - v->start_id, r, size;

	if (j >= v->nr || v->ty[j].state != VS_RESOLVED || (r = v->rid[j]) - v->start_id >= v->nr) {
		if (!id_size(v, id, k, &size))
			return 0;
		/* btfx__vval() of the record */
		*val = *k == BTFX_KIND_INT ? int_enc(v, *id) : *k == BTFX_KIND_ARRAY ? 0 : size;
		return 1;
	}
	*k = v->ty[r - v->start_id].kind;
	if (!(v->kprop[*k] & VK_SIZED) && *k != BTFX_KIND_ARRAY && *k != BTFX_KIND_PTR)
		return 0;
	*val = v->ty[r - v->start_id].val;
	*id = r;
	return 1;
}

/*
 * The kind's check_member (or check_kflag_member) for one member, of type
 * kind k with btfx__vval() val (a complete type: checked before).
 */
VINLINE int check_member(struct vctx *v, uint32_t sid, const struct btfx_type *st, uint32_t idx,
			 const struct btfx_member *m, uint32_t k, uint32_t val)
{
	uint32_t mid = m->type, size;

	if (v->kprop[k] & VK_MOD) {
		if (!mod_size(v, &mid, &k, &val))
			return FAIL(v, sid, "member-type", "member %u: its type has no size", idx);
	}
	if (k == BTFX_KIND_INT)
		return int_member(v, sid, st, idx, m, val);
	if (btfx_kflag(st)) {
		if (k == BTFX_KIND_ENUM || k == BTFX_KIND_ENUM64)
			return enum_kflag_member(v, sid, st, idx, m);
		if (BTFX_MEMBER_BITFIELD_SIZE(m->offset))
			return FAIL(v, sid, "member-bitfield",
				    "member %u: only INT and ENUM members can be bitfields", idx);
	}
	switch (k) {
	case BTFX_KIND_FLOAT:
		return float_member(v, sid, st, idx, m->offset, val);
	case BTFX_KIND_PTR:
		size = VPTR_SIZE;
		break;
	case BTFX_KIND_ARRAY:
		size = rsz_of(v, mid);
		break;
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		size = val;
		break;
	default:
		return FAIL(v, sid, "member-type", "member %u: a %s cannot be a member", idx,
			    btfx_kind_str(k));
	}
	return plain_member(v, sid, st, idx, m->offset, size);
}

/*
 * The kind and btfx__vval() of member type id (own types' from the
 * arrays): 1, or 0 when it is no complete type with a size (missing, void,
 * FWD, FUNC, FUNC_PROTO, or only a source of references).
 */
static inline int member_type(const struct vctx *v, uint32_t id, uint32_t *k, uint32_t *val)
{
	const struct btfx_type *t;

	if (id - v->start_id < v->nr) {
		*k = v->ty[id - v->start_id].kind;
		*val = v->ty[id - v->start_id].val;
		return !(v->kprop[*k] & (VK_NOSIZE | VK_SRC));
	}
	t = btfx__vtype(v, id);
	*k = t ? btfx_kind(t) : 0;
	*val = t ? btfx__vval(t) : 0;
	return !nosize_or_null(v, t) && !source_only(v, t);
}

/* Member idx of struct sid has type tid, which member_type() refused: -EINVAL. */
static int bad_member_type(struct vctx *v, uint32_t sid, uint32_t idx, uint32_t tid)
{
	return FAIL(v, sid, "member-type",
		    "member %u: type [%u] is a %s: a member needs a complete type with a size",
		    idx, tid, kname(btfx__vtype(v, tid)));
}

/*
 * The optimistic attempt checks the own fields of a struct's members (what
 * btfx__vcheck_members() checks in the kernel's way) in the loops that
 * resolve them, each member before its type is looked at.
 */
static inline int meta_due(const struct vctx *v, uint32_t i)
{
	return v->fast && !v->ty[i].memb;
}

/* The bits of a member's offset word that are its bit offset. */
static inline uint32_t off_mask(const struct btfx_type *t)
{
	return btfx_kflag(t) ? BTFX_MEMBER_BIT_OFFSET(~0u) : ~0u;
}

/*
 * Member x of struct t passes those checks at a glance: a name in the memo
 * (or none), a type id in range, an offset in order (after last) and
 * inside the struct.  0 does not say it breaks a rule: members_meta() tells.
 */
static inline int member_meta_ok(const struct vctx *v, const struct btfx_type *t,
				 const struct btfx_member *m, uint32_t mask, uint32_t last)
{
	uint32_t off = m->offset & mask;

	return (!m->name_off || btfx__vname_known(v, m->name_off)) && m->type - 1 < VMAX_TYPE &&
	       !(btfx_kind(t) == BTFX_KIND_UNION && off) && last <= off &&
	       (off + 7ull) / 8 <= t->size;
}

/* All of own struct i's members checked, once: 1 when one broke a rule (reported). */
static int members_meta(struct vctx *v, uint32_t i, const struct btfx_type *t)
{
	v->ty[i].memb = 1;
	return btfx__vcheck_members(v, v->start_id + i, t);
}

/*
 * Member x of own struct i (record t, off_mask() mask), while *due
 * (meta_due()): its own fields at a glance, else all the members' by
 * members_meta() (*due is 0 after that).  1 when one broke a rule
 * (reported).
 */
static inline int member_meta(struct vctx *v, uint32_t i, const struct btfx_type *t, uint32_t x,
			      uint32_t mask, uint32_t *due)
{
	const struct btfx_member *m = (const struct btfx_member *)(t + 1);

	if (!*due || member_meta_ok(v, t, &m[x], mask, x ? m[x - 1].offset & mask : 0))
		return 0;
	*due = 0;
	return members_meta(v, i, t);
}

/*
 * What vctx.msz takes for own type tid (kind k, btfx__vval() val), whose
 * member just passed the full check (so it needed no push: resolved, or a
 * sink for a struct): the bytes + 1 that check_member() would ask of any
 * member of it at a whole byte and not a bitfield, in a struct with or
 * without kind_flag; 0 when that is not one number for good.
 */
static uint32_t member_bytes(const struct vctx *v, uint32_t tid, uint32_t k, uint32_t val)
{
	uint32_t j;
	uint64_t bytes;

	if ((v->kprop[k] & VK_MOD) && !mod_size(v, &tid, &k, &val))
		return 0;
	switch (k) {
	case BTFX_KIND_INT: /* int_member(): whole bytes from bit 0, bitfield or not */
		if (!int_regular_x(val))
			return 0;
		bytes = BTFX_INT_BITS(val) / 8;
		break;
	case BTFX_KIND_PTR: /* a PTR not resolved yet stays 8 bytes, or goes bad */
		bytes = VPTR_SIZE;
		break;
	case BTFX_KIND_ARRAY: /* its size is known once it is resolved (behind a modifier) */
		j = tid - v->start_id;
		if (j < v->nr && v->ty[j].state != VS_RESOLVED)
			return 0;
		bytes = rsz_of(v, tid);
		break;
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		bytes = val;
		break;
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64: /* 32 bits in a kind_flag struct (enum_kflag_member()) */
		if (val != 4)
			return 0;
		bytes = 4;
		break;
	default: /* FLOAT: its alignment */
		return 0;
	}
	return bytes < UINT32_MAX ? (uint32_t)bytes + 1 : 0;
}

/*
 * Own type i is resolved to rid, for good (an ARRAY's size is in its entry
 * already).  A member of it needs no push now: what it takes (vctx.msz) is
 * member_bytes()'s answer; a modifier's, what its resolved type takes if
 * that is known yet (the same answer, without the look through the chain).
 */
static void set_resolved(struct vctx *v, uint32_t i, uint32_t rid)
{
	uint32_t k = v->ty[i].kind, r = rid - v->start_id;

	v->rid[i] = rid;
	v->ty[i].state = VS_RESOLVED;
	if (v->plain) /* no shortcut */
		return;
	if (v->kprop[k] & VK_MOD)
		v->msz[i] = r < v->nr ? v->msz[r] : 0;
	else
		v->msz[i] = member_bytes(v, v->start_id + i, k, v->ty[i].val);
}

/*
 * After a member of type tid (kind k, val) passed the full check: vctx.msz
 * for its type (never for the plain way, which takes no shortcut).
 */
static inline void member_learn(struct vctx *v, uint32_t tid, uint32_t k, uint32_t val)
{
	uint32_t j = tid - v->start_id;

	if (j < v->nr && !v->msz[j] && !v->plain)
		v->msz[j] = member_bytes(v, tid, k, val);
}

/* What the quick member check of a struct's loop keeps in registers. */
struct mquick {
	const uint8_t *memo; /* vctx.ident_ok */
	const uint32_t *msz;
	uint32_t memo_len; /* vctx.ident_len */
	uint32_t str0;	   /* vctx.start_str_off */
	uint32_t start_id;
	uint32_t nr;
	uint32_t zero; /* offset bits that must be 0: a bitfield's, a UNION member's */
	uint64_t lim;  /* the struct's size (one less for the largest: msz 0 never fits) */
};

static inline struct mquick mquick_of(const struct vctx *v, const struct btfx_type *t)
{
	static const uint8_t no_memo; /* without the memo (no memory for it): no name is known */
	struct mquick q = {
		.memo = v->ident_ok ? v->ident_ok : &no_memo,
		.msz = v->msz,
		.memo_len = v->ident_len,
		.str0 = v->start_str_off,
		.start_id = v->start_id,
		.nr = v->nr,
		.zero = btfx_kind(t) == BTFX_KIND_UNION ? ~0u :
			btfx_kflag(t)			? ~BTFX_MEMBER_BIT_OFFSET(~0u) | 7 :
							  7,
		.lim = t->size < UINT32_MAX ? t->size : UINT32_MAX - 1,
	};

	return q;
}

/*
 * Member m, after a member at bit offset last, passes every check at a
 * glance: a name in the memo (or none), a type in vctx.msz, at a whole
 * byte from last on, not a bitfield, ending inside the struct.  Its own
 * fields (member_meta_ok()'s) are checked too, due or not; a type in
 * msz is an own one, so its id is in range.  0 does not say it breaks a
 * rule: the full check tells.
 */
VINLINE int member_fast(const struct mquick *q, const struct btfx_member *m, uint32_t last)
{
	uint32_t o = m->offset, j = m->type - q->start_id;
	uint64_t bytes;

	j = j < q->nr ? j : q->nr;
	bytes = (uint32_t)(q->msz[j] - 1); /* 2^32 - 1 when not known */
	return !(o & q->zero) && last <= o && (o >> 3) + bytes <= q->lim &&
	       ((m->name_off == 0) | btfx__vname_bit(q->memo, q->memo_len, m->name_off - q->str0));
}

static int resolve_struct(struct vctx *v, struct vframe *f, const struct btfx_type *t)
{
	const struct btfx_member *m = (const struct btfx_member *)(t + 1);
	uint32_t i, k, val, n = btfx_vlen(t), meta = meta_due(v, f->id - v->start_id);
	uint32_t mask = off_mask(t);
	struct mquick q = mquick_of(v, t);
	int err = 0;

	/*
	 * Back from resolving member next - 1 (or from struct_quick(), which
	 * stopped at member next having checked those before): its check is
	 * still to do.
	 */
	if ((i = f->next)) {
		member_type(v, m[i - 1].type, &k, &val);
		if ((err = check_member(v, f->id, t, i - 1, &m[i - 1], k, val)))
			return err;
		member_learn(v, m[i - 1].type, k, val);
	}
	for (; i < n; i++) {
		if (member_fast(&q, &m[i], i ? m[i - 1].offset & mask : 0))
			continue;
		if (member_meta(v, f->id - v->start_id, t, i, mask, &meta))
			return -EINVAL;
		if (!member_type(v, m[i].type, &k, &val))
			return bad_member_type(v, f->id, i, m[i].type);
		if (need(v, m[i].type, &err)) {
			f->next = i + 1;
			return err;
		}
		if ((err = check_member(v, f->id, t, i, &m[i], k, val)))
			return err;
		member_learn(v, m[i].type, k, val);
	}
	return pop(v, 0, 0);
}

/*
 * Own STRUCT or UNION i, not resolved, when no member needs resolving
 * first (each is resolved, or a sink for a struct: INT, ENUM, PTR...):
 * what resolve() does, member by member, without its stack.  Returns 0
 * when a member must be pushed (nothing was reported or changed then),
 * with *next that member's index: resolve_at() goes on from there.
 */
static int struct_quick(struct vctx *v, uint32_t i, const struct btfx_type *t, uint32_t *next)
{
	const struct btfx_member *m = (const struct btfx_member *)(t + 1);
	uint32_t x, j, k, val, n = btfx_vlen(t), id = v->start_id + i;
	uint32_t meta = meta_due(v, i), mask = off_mask(t), last = 0;
	struct mquick q = mquick_of(v, t);

	v->mode = M_SOA; /* as push() sets it for a struct */
	for (x = 0; x < n; last = m[x++].offset & mask) {
		if (VLIKELY(member_fast(&q, &m[x], last)))
			continue;
		if (member_meta(v, i, t, x, mask, &meta))
			break;
		if (!member_type(v, m[x].type, &k, &val)) {
			bad_member_type(v, id, x, m[x].type);
			break;
		}
		j = m[x].type - v->start_id;
		if (j < v->nr && v->ty[j].state != VS_RESOLVED &&
		    (v->ty[j].state != VS_NONE || !is_sink(v, k))) {
			*next = x; /* need() would push it (or cancel, when bad) */
			return 0;
		}
		if (check_member(v, id, t, x, &m[x], k, val))
			break;
		member_learn(v, m[x].type, k, val);
	}
	if (x < n) {
		btfx__vset_bad(v, i);
		return 1;
	}
	set_resolved(v, i, 0);
	return 1;
}

static int resolve_array(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	const struct btfx_array *a = (const struct btfx_array *)(t + 1);
	uint32_t iid = a->index_type, eid = a->type, esz = 0, k;
	int err = 0;

	if (unsized_kind(v, kind_of(v, iid)))
		return FAIL(v, id, "array-index", "index type [%u] is a %s", iid,
			    kname(btfx__vtype(v, iid)));
	if (need(v, iid, &err))
		return err;
	if (!id_size(v, &iid, &k, NULL) || !int_regular(v, k, iid))
		return FAIL(v, id, "array-index",
			    "index type [%u] is not a plain INT (whole bytes, no offset)",
			    a->index_type);
	if (unsized_kind(v, kind_of(v, eid)))
		return FAIL(v, id, "array-elem",
			    "element type [%u] is a %s: an array's elements need a size", eid,
			    kname(btfx__vtype(v, eid)));
	if (need(v, eid, &err))
		return err;
	if (!id_size(v, &eid, &k, &esz))
		return FAIL(v, id, "array-elem", "element type [%u] has no size", a->type);
	if (k == BTFX_KIND_INT && !int_regular(v, k, eid))
		return FAIL(v, id, "array-elem", "an array of a bitfield INT [%u]", eid);
	if (a->nelems && esz > UINT32_MAX / a->nelems)
		return FAIL(v, id, "array-size", "%u elements of %u bytes overflow 32 bits",
			    a->nelems, esz);
	return pop(v, eid, esz * a->nelems);
}

/*
 * need() would push nothing for the type x refers to, and resolve_array()
 * would not fail on it at once: x is complete, and resolved or a sink.
 */
static inline int ready(const struct vctx *v, uint32_t x)
{
	uint32_t j = x - v->start_id;

	if (unsized_kind(v, kind_of(v, x)))
		return 0;
	return j >= v->nr || v->ty[j].state == VS_RESOLVED ||
	       (v->ty[j].state == VS_NONE && is_sink(v, v->ty[j].kind));
}

/*
 * Own ARRAY i, not resolved, when its index and element types need no
 * resolving first: what resolve() does, without its stack.  Returns 0
 * (having reported and changed nothing) when they do, or when a check
 * fails: resolve() then does it all, and reports.
 */
static int array_quick(struct vctx *v, uint32_t i, const struct btfx_type *t)
{
	const struct btfx_array *a = (const struct btfx_array *)(t + 1);
	uint32_t iid = a->index_type, eid = a->type, esz = 0, ik, ek;

	v->mode = M_SOA; /* as push() sets it for an array */
	if (!ready(v, iid) || !id_size(v, &iid, &ik, NULL) || !int_regular(v, ik, iid) ||
	    !ready(v, eid) || !id_size(v, &eid, &ek, &esz) ||
	    (ek == BTFX_KIND_INT && !int_regular(v, ek, eid)) ||
	    (a->nelems && esz > UINT32_MAX / a->nelems))
		return 0;
	v->ty[i].val = esz * a->nelems;
	set_resolved(v, i, eid);
	return 1;
}

/* Check what (VKN_*) of own type id passed before. */
static inline int is_known(const struct vctx *v, uint32_t id, int what)
{
	uint32_t i = id - v->start_id;

	return i < v->nr && (v->known[what][i / 64] >> (i % 64)) & 1; /* i wraps below start_id */
}

static inline void set_known(struct vctx *v, uint32_t id, int what)
{
	uint32_t i = id - v->start_id;

	if (i < v->nr)
		v->known[what][i / 64] |= 1ull << (i % 64);
}

/* btf_func_check(): FUNC id -> FUNC_PROTO pid whose parameters all have names. */
static int func_check(struct vctx *v, uint32_t id, uint32_t pid)
{
	const struct btfx_type *p = btfx__vtype(v, pid);
	const struct btfx_param *a;
	uint32_t i, n;

	if (is_bad(v, pid))
		return -ECANCELED;
	if (!kind_is(p, BTFX_KIND_FUNC_PROTO))
		return FAIL(v, id, "func-proto", "the FUNC's type [%u] is a %s, not a FUNC_PROTO",
			    pid, kname(p));
	if (is_known(v, pid, VKN_NAMED)) /* a prototype most often has several FUNCs */
		return 0;
	a = (const struct btfx_param *)(p + 1);
	for (i = 0, n = btfx_vlen(p); i < n; i++)
		if (!a[i].name_off && a[i].type)
			return FAIL(v, id, "func-param-name",
				    "parameter %u of prototype [%u] has no name: a FUNC's "
				    "parameters must be named",
				    i, pid);
	set_known(v, pid, VKN_NAMED);
	return 0;
}

static int resolve_decl_tag(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	int32_t idx = *(const int32_t *)(t + 1);
	const struct btfx_type *nt = btfx__vtype(v, t->type);
	int err = 0;

	if (!kind_is(nt, BTFX_KIND_FUNC) && !is_struct(v, nt) && !kind_is(nt, BTFX_KIND_VAR) &&
	    !kind_is(nt, BTFX_KIND_TYPEDEF))
		return FAIL(v, id, "decl-tag-target",
			    "tags [%u], a %s: only a STRUCT, UNION, FUNC, VAR or TYPEDEF", t->type,
			    kname(nt));
	if (need(v, t->type, &err))
		return err;
	if (idx != -1) {
		if (kind_is(nt, BTFX_KIND_VAR) || kind_is(nt, BTFX_KIND_TYPEDEF))
			return FAIL(v, id, "decl-tag-component",
				    "component_idx %d on a %s: must be -1", idx, kname(nt));
		if (!is_struct(v, nt))
			nt = btfx__vtype(v, nt->type);
		if (!nt || (uint32_t)idx >= btfx_vlen(nt))
			return FAIL(v, id, "decl-tag-component",
				    "component_idx %d: the target has %u members or params", idx,
				    nt ? btfx_vlen(nt) : 0);
	}
	return pop(v, t->type, 0);
}

static int resolve_datasec(struct vctx *v, struct vframe *f, const struct btfx_type *t)
{
	const struct btfx_var_secinfo *s = (const struct btfx_var_secinfo *)(t + 1);
	const struct btfx_type *vt;
	uint32_t i, tid, k, size, n = btfx_vlen(t);
	int err = 0;

	/* As the kernel: a VAR resolved on the way is not size-checked on return. */
	for (i = f->next; i < n; i++) {
		vt = btfx__vtype(v, s[i].type);
		if (!kind_is(vt, BTFX_KIND_VAR))
			return FAIL(v, f->id, "secinfo-type", "secinfo %u: [%u] is a %s, not a VAR",
				    i, s[i].type, kname(vt));
		f->next = i + 1;
		if (need(v, s[i].type, &err))
			return err;
		tid = vt->type;
		size = 0;
		if (!id_size(v, &tid, &k, &size))
			return FAIL(v, f->id, "secinfo-type", "secinfo %u: VAR [%u] has no size", i,
				    s[i].type);
		if (s[i].size < size)
			return FAIL(v, f->id, "secinfo-size",
				    "secinfo %u: %u bytes for VAR [%u] of %u bytes", i, s[i].size,
				    s[i].type, size);
	}
	return pop(v, 0, 0);
}

/*
 * One step of the frame on top.  A modifier's, PTR's, VAR's or FUNC's type
 * id is its entry's value (btfx__vval()): their records are not read.
 */
static int resolve_one(struct vctx *v, struct vframe *f)
{
	const struct vty *e = &v->ty[f->id - v->start_id];
	int err;

	switch (e->kind) {
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		return resolve_struct(v, f, btfx__vtype(v, f->id));
	case BTFX_KIND_ARRAY:
		return resolve_array(v, f->id, btfx__vtype(v, f->id));
	case BTFX_KIND_FUNC:
		if ((err = func_check(v, f->id, e->val)))
			return err;
		return pop(v, e->val, 0);
	case BTFX_KIND_DECL_TAG:
		return resolve_decl_tag(v, f->id, btfx__vtype(v, f->id));
	case BTFX_KIND_DATASEC:
		return resolve_datasec(v, f, btfx__vtype(v, f->id));
	default:
		return resolve_ref(v, f->id, e->kind, e->val);
	}
}

/*
 * btf_resolve(): resolve id and everything it needs first; a struct from
 * its member next on (struct_quick() checked those before: resolve_struct()
 * checks member next - 1 again).
 */
static int resolve_at(struct vctx *v, uint32_t id, uint32_t next)
{
	int err;

	v->mode = M_TBD;
	v->top = 0;
	err = push(v, id);
	if (!err)
		v->stack[0].next = next; /* a struct's members before it are done */
	while (!err && v->top)
		err = resolve_one(v, &v->stack[v->top - 1]);
	if (err == -E2BIG)
		btfx__vreport(v, id, "resolve-depth",
			      "following its references goes deeper than %u types: the kernel "
			      "gives up there",
			      VMAX_DEPTH);
	else if (err == -EEXIST)
		btfx__vreport(v, id, "resolve-loop",
			      "its references loop back to a type still being resolved (a "
			      "struct containing itself, a modifier or pointer loop)");
	while (err && v->top)
		btfx__vset_bad(v, v->stack[--v->top].id - v->start_id);
	return err;
}

static int resolve(struct vctx *v, uint32_t id)
{
	return resolve_at(v, id, 0);
}

/* Resolve id (of a return or parameter type) when it needs it; then its size. */
static int sized(struct vctx *v, uint32_t id)
{
	if (is_bad(v, id) || ((kprop_of(v, kind_of(v, id)) & VK_NEEDS) && !is_resolved(v, id) &&
			      resolve(v, id)))
		return -1;
	return sized_id(v, &id) ? 0 : 1;
}

/* A parameter's name: empty or a C identifier. */
static int param_name(struct vctx *v, uint32_t id, uint32_t i, uint32_t off)
{
	if (off && !btfx__vname_known(v, off) &&
	    (!btfx__vname_off_ok(v, off) || !btfx__vname_scan(v, off)))
		return FAIL(v, id, "proto-param-name",
			    "parameter %u: the name must be empty or a C identifier", i);
	return 0;
}

/*
 * The prototype's return type: void, or no source and sized (a VAR or
 * DATASEC that has a size was taken before 6.0).
 */
static int proto_return(struct vctx *v, uint32_t id, uint32_t rid)
{
	uint32_t src;
	int r;

	if (!rid || is_known(v, rid, VKN_SIZED))
		return 0;
	src = kprop_of(v, kind_of(v, rid)) & VK_SRC;
	if ((src && !v->prof->ret_src) || kind_of(v, rid) == NO_KIND)
		return FAIL(v, id, "proto-return", "return type [%u] is a %s", rid,
			    kname(btfx__vtype(v, rid)));
	if ((r = sized(v, rid)))
		return r < 0 ? -EINVAL :
			       FAIL(v, id, "proto-return", "return type [%u] (%s) has no size", rid,
				    kname(btfx__vtype(v, rid)));
	if (!src) /* known sized, for parameters too: a source never is one */
		set_known(v, rid, VKN_SIZED);
	return 0;
}

/*
 * btf_func_proto_check(): a sized return type or void; sized, named params.
 * A type found good as one is not checked again (VKN_SIZED): vmlinux's
 * prototypes take the same few hundred types over and over.  A good
 * prototype whose parameters all have names is marked VKN_NAMED on the
 * way, for its FUNCs (which come after it) to find.
 */
static int proto_check(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	const struct btfx_param *a = (const struct btfx_param *)(t + 1);
	uint32_t i, k, n = btfx_vlen(t), named = 1;
	int r;

	if ((r = proto_return(v, id, t->type)))
		return r;
	if (n && !a[n - 1].type) {
		if (a[n - 1].name_off)
			return FAIL(v, id, "proto-vararg",
				    "the last parameter is '...' (type 0) and must have no name");
		n--;
	}
	for (i = 0; i < n; i++) {
		named &= a[i].name_off != 0;
		if (is_known(v, a[i].type, VKN_SIZED)) {
			if (!btfx__vname_known(v, a[i].name_off) &&
			    (r = param_name(v, id, i, a[i].name_off)))
				return r;
			continue;
		}
		/* A type's first use: from its entry (most are far from here, cold). */
		k = kind_of(v, a[i].type);
		if (k == NO_KIND || (v->kprop[k] & VK_SRC))
			return FAIL(v, id, "proto-param", "parameter %u: type [%u] is a %s", i,
				    a[i].type, kname(btfx__vtype(v, a[i].type)));
		if ((r = param_name(v, id, i, a[i].name_off)))
			return r;
		if ((r = sized(v, a[i].type)))
			return r < 0 ? -EINVAL :
				       FAIL(v, id, "proto-param",
					    "parameter %u: type [%u] (%s) has no size%s", i,
					    a[i].type, kname(btfx__vtype(v, a[i].type)),
					    a[i].type ? "" : " ('...' only as the last)");
		set_known(v, a[i].type, VKN_SIZED);
	}
	if (named) /* as func_check() finds it: every parameter but '...' is named */
		set_known(v, id, VKN_NAMED);
	return 0;
}

/*
 * The chain of modifiers from own type id, as btf_check_type_tags() walks
 * it: type tags first, at most 32 modifiers, and no further than a type
 * that the walk from an earlier modifier (the last of them: good) checked.
 */
static void tag_chain(struct vctx *v, uint32_t id, uint32_t good)
{
	uint32_t cur = id, k = kind_of(v, id), limit = 32;
	int in_tags = k == BTFX_KIND_TYPE_TAG;

	/* Kinds and type ids from the entries of own types, as the record walk left them. */
	while (kprop_of(v, k) & VK_MOD) {
		if (!limit--) {
			btfx__vreport(v, id, "type-tag-chain",
				      "more than 32 modifiers in a row (or a loop)");
			return;
		}
		if (k == BTFX_KIND_TYPE_TAG && !in_tags) {
			btfx__vreport(v, id, "type-tag-order",
				      "a TYPE_TAG after a CONST, VOLATILE, RESTRICT or TYPEDEF: type "
				      "tags must come first in the chain");
			return;
		}
		if (k != BTFX_KIND_TYPE_TAG)
			in_tags = 0;
		if (cur <= good)
			return;
		cur = cur - v->start_id < v->nr ? v->ty[cur - v->start_id].val :
						  btfx__vtype(v, cur)->type;
		k = kind_of(v, cur);
	}
}

/* btf_check_type_tags(): in a modifier chain, type tags come first. */
static void check_type_tags(struct vctx *v)
{
	uint32_t w, i, good = v->start_id - 1; /* the last modifier checked */
	uint64_t bits;

	for (w = 0; w <= (v->nr - 1) / 64 && v->nr; w++) {
		for (bits = v->mods[w]; bits && !v->stop; bits &= bits - 1) {
			i = w * 64 + (uint32_t)__builtin_ctzll(bits);
			if (v->ty[i].state == VS_BAD)
				continue;
			tag_chain(v, v->start_id + i, good);
			good = v->start_id + i;
		}
	}
}

/* FUNC -> a prototype already found good by func_check(): nothing to check. */
static inline int func_known(const struct vctx *v, uint32_t pid)
{
	return is_known(v, pid, VKN_NAMED);
}

/* What resolve() would do for own FUNC i, which never pushes. */
VINLINE void resolve_func(struct vctx *v, uint32_t i)
{
	uint32_t pid = v->ty[i].val; /* the FUNC's type */

	v->ty[i].state = func_known(v, pid) || !func_check(v, v->start_id + i, pid) ? VS_RESOLVED :
										     VS_BAD;
	v->rid[i] = pid;
}

/*
 * Own type i, not resolved yet, of kind k: what btf_check_all_types() does
 * with it.  Most FUNCs, structs, modifiers and PTRs are done without the
 * stack (what resolve() would do, when it would push nothing more).
 */
static void check_one_type(struct vctx *v, uint32_t i, uint32_t k)
{
	uint32_t id = v->start_id + i, pid = v->ty[i].val, next; /* pid: a FUNC's type */
	unsigned int p = v->kprop[k];

	if (k == BTFX_KIND_FUNC && !v->prof->func_resolve) {
		func_check(v, id, pid);
	} else if (v->plain && (p & VK_NEEDS)) {
		resolve(v, id);
	} else if (k == BTFX_KIND_FUNC) {
		resolve_func(v, i);
	} else if (k == BTFX_KIND_FUNC_PROTO) {
		proto_check(v, id, btfx__vrec(v, i));
	} else if (p & VK_STRUCT) {
		if (!struct_quick(v, i, btfx__vrec(v, i), &next))
			resolve_at(v, id, next);
	} else if (k == BTFX_KIND_ARRAY) {
		if (!array_quick(v, i, btfx__vrec(v, i)))
			resolve(v, id);
	} else if (p & VK_NEEDS) {
		if (!resolve_quick(v, i))
			resolve(v, id);
	}
}

/*
 * The optimistic attempt's FUNCs, after every other type (those not in
 * vctx.work): check_one_type()'s check of them.  A FUNC's check does not
 * depend on when it is done, and one still to do when a walk reaches it
 * is pushed (one deeper than at the kernel's, never less deep).  Nothing
 * looks at their states or resolved ids after this: neither is written.
 */
static void check_funcs(struct vctx *v)
{
	uint32_t w, i, n = v->nr;
	uint64_t bits;

	for (w = 0; w <= (n - 1) / 64 && n; w++) {
		bits = ~v->work[w] & (n - w * 64 >= 64 ? ~0ull : (1ull << (n - w * 64)) - 1);
		for (; bits && !v->stop; bits &= bits - 1) {
			i = w * 64 + (uint32_t)__builtin_ctzll(bits);
			if (v->ty[i].kind == BTFX_KIND_FUNC && v->ty[i].state == VS_NONE &&
			    !func_known(v, v->ty[i].val))
				func_check(v, v->start_id + i, v->ty[i].val);
		}
	}
}

int btfx__vcheck_types(struct vctx *v)
{
	uint32_t w, i, n = v->nr;
	uint64_t bits;

	/*
	 * A resolved id is read only once its type is resolved (each place
	 * that sets VS_RESOLVED writes it first): not cleared, but poisoned
	 * for the plain way, so that the tests would see a read too soon.
	 */
	if (v->plain)
		memset(v->rid, 0xa5, n * sizeof(*v->rid));
	memset(v->known[VKN_SIZED], 0, (n / 64 + 1) * 8);
	memset(v->known[VKN_NAMED], 0, (n / 64 + 1) * 8);
	v->msz[n] = 0; /* where the ids of no own type look (the walk wrote the others) */
	/*
	 * The types with something to do at their turn (vctx.work), in order:
	 * a loop over bits, not over every type with a branch on its kind
	 * (kinds alternate at random, vmlinux's last 80k FUNCs and prototypes).
	 */
	for (w = 0; w <= (n - 1) / 64 && n && !v->stop; w++) {
		for (bits = v->work[w]; bits && !v->stop; bits &= bits - 1) {
			i = w * 64 + (uint32_t)__builtin_ctzll(bits);
			if (v->ty[i].state == VS_NONE) /* else bad, or resolved on the way */
				check_one_type(v, i, v->ty[i].kind);
		}
	}
	if (!v->stop && v->fast && v->prof->func_resolve)
		check_funcs(v);
	if (!v->stop && v->prof->type_tags)
		check_type_tags(v);
	return 0;
}
