// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * validate_meta.c - each record on its own, as the kernel's first pass
 * (btf_check_all_metas, btf_check_meta and each kind's check_meta) takes
 * it: room for the record, the info word, the kind, the name, then the
 * kind's own fields.  Names are judged with the kernel's ctype, in which
 * Latin-1 letters are letters.
 *
 * The common record is settled from the per-target kind table (vctx.vk:
 * the info bits that break a rule, the record's size, the name rule) and
 * the memo of good names; check_one() takes every other and reports.
 */
#include <errno.h>
#include <string.h>

#include "validate.h"

/*
 * Whether the resolve pass has work with a record of kind k at its turn
 * (vquick.work): every type that must be resolved, every prototype and
 * every FUNC; but the optimistic attempt, for a kernel that resolves
 * FUNCs, does those after the others, where no walk of the resolve pass
 * can be less deep for it (btfx__vcheck_types()).
 */
static int vq_work(const struct vctx *v, uint32_t k)
{
	int work = (v->kprop[k] & VK_NEEDS) || k == BTFX_KIND_FUNC_PROTO || k == BTFX_KIND_FUNC;

	return k == BTFX_KIND_FUNC && v->fast && v->prof->func_resolve ? 0 : work;
}

/* The kernel's isalpha(), isalnum(), isprint() (lib/ctype.c: Latin-1). */
static int k_alpha(unsigned int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xc0 && c != 0xd7 && c != 0xf7);
}

static int k_alnum(unsigned int c)
{
	return k_alpha(c) || (c >= '0' && c <= '9');
}

static int k_print(unsigned int c)
{
	return (c >= 0x20 && c < 0x7f) || c >= 0xa0;
}

void btfx__vinit_tables(struct vctx *v)
{
	static const uint8_t props[BTFX_NR_KINDS] = {
		[BTFX_KIND_UNKN] = VK_NOSIZE, /* void */
		[BTFX_KIND_INT] = VK_SIZED,
		[BTFX_KIND_PTR] = VK_NEEDS,
		[BTFX_KIND_ARRAY] = VK_NEEDS,
		[BTFX_KIND_STRUCT] = VK_STRUCT | VK_SIZED | VK_NEEDS,
		[BTFX_KIND_UNION] = VK_STRUCT | VK_SIZED | VK_NEEDS,
		[BTFX_KIND_ENUM] = VK_SIZED,
		[BTFX_KIND_FWD] = VK_NOSIZE,
		[BTFX_KIND_TYPEDEF] = VK_MOD | VK_NEEDS,
		[BTFX_KIND_VOLATILE] = VK_MOD | VK_NEEDS,
		[BTFX_KIND_CONST] = VK_MOD | VK_NEEDS,
		[BTFX_KIND_RESTRICT] = VK_MOD | VK_NEEDS,
		[BTFX_KIND_FUNC] = VK_NOSIZE | VK_NEEDS, /* VK_NEEDS: the profile says */
		[BTFX_KIND_FUNC_PROTO] = VK_NOSIZE,
		[BTFX_KIND_VAR] = VK_SRC | VK_NEEDS,
		[BTFX_KIND_DATASEC] = VK_SIZED | VK_SRC | VK_NEEDS,
		[BTFX_KIND_FLOAT] = VK_SIZED,
		[BTFX_KIND_DECL_TAG] = VK_SRC | VK_NEEDS,
		[BTFX_KIND_TYPE_TAG] = VK_MOD | VK_NEEDS,
		[BTFX_KIND_ENUM64] = VK_SIZED,
	};
	unsigned int k, c;

	for (k = 0; k <= BTFX_MAX_KIND; k++) {
		const struct btfx_kind_desc *d = &btfx__kinds[k];

		v->kprop[k] = k < BTFX_NR_KINDS ? props[k] : VK_NOSIZE;
		v->vk[k] = (struct vkind){
			.ok = k && k <= v->prof->max_kind && d->v_since <= v->prof->era &&
			      btfx__kind_known(k),
			.info_sz = d->info_sz,
			.elem_sz = d->elem_sz,
			.vlen0 = d->v_vlen0,
			.kflag_ok = d->v_kflag != BTFX__ERA_NEVER && v->prof->era >= d->v_kflag,
			.vname = d->v_name,
		};
		v->vk[k].bad_info = ~v->prof->info_mask |
				    (v->vk[k].vlen0 ? BTFX_INFO_VLEN(~0u) : 0) |
				    (v->vk[k].kflag_ok ? 0 : 1u << 31);
		v->vk[k].type_lim = 0;
		v->vk[k].qname = !v->vk[k].ok			    ? 0 :
				 d->v_name == BTFX__VNAME_EMPTY	    ? VQN_EMPTY :
				 d->v_name == BTFX__VNAME_IDENT	    ? VQN_IDENT :
				 d->v_name == BTFX__VNAME_OPT_IDENT ? VQN_EMPTY | VQN_IDENT :
								      0;
	}
	/* check_kind()'s rules that are a look at info or at the type id. */
	v->vk[BTFX_KIND_FUNC].bad_info |= BTFX_INFO_VLEN(~0u) & ~BTFX_FUNC_GLOBAL; /* linkage */
	v->vk[BTFX_KIND_FUNC].type_lim = 1ull << 32;
	v->vk[BTFX_KIND_FUNC_PROTO].type_lim = 1ull << 32;
	for (k = BTFX_KIND_TYPEDEF; k <= BTFX_KIND_RESTRICT; k++)
		v->vk[k].type_lim = VMAX_TYPE + 1;
	v->vk[BTFX_KIND_PTR].type_lim = VMAX_TYPE + 1;
	v->vk[BTFX_KIND_TYPE_TAG].type_lim = VMAX_TYPE + 1;
	/*
	 * The optimistic attempt checks members where it resolves them, and
	 * takes an ARRAY whose size word is 0 (it must be) without a look at
	 * its element and index types: resolving it refuses a void or missing
	 * one as check_array() would, if with other words.
	 */
	if (v->fast) {
		v->vk[BTFX_KIND_STRUCT].type_lim = v->vk[BTFX_KIND_UNION].type_lim = 1ull << 32;
		v->vk[BTFX_KIND_ARRAY].type_lim = 1;
	}
	for (c = 0; c < 256; c++) {
		const struct vkind *e;
		int ptr;

		k = BTFX_INFO_KIND(c << 24);
		e = &v->vk[k];
		ptr = k == BTFX_KIND_PTR && !v->plain;
		v->vq[c] = (struct vquick){ .qname = e->qname,
					    .msz = ptr ? VPTR_SIZE + 1 : 0,
					    .mod = (uint64_t)!!(v->kprop[k] & VK_MOD) << 63,
					    .work = (uint64_t)vq_work(v, k) << 63,
					    .bad_info = e->bad_info,
					    .type_lim = e->type_lim };
		v->vs[c] = (struct vsize){ .fixed = (uint8_t)(sizeof(struct btfx_type) + e->info_sz),
					   .elem_sz = e->elem_sz };
	}
	if (!v->prof->func_resolve)
		v->kprop[BTFX_KIND_FUNC] &= (uint8_t)~VK_NEEDS;
	for (c = 0; c < 256; c++) {
		int word = k_alpha(c) || c == '_' || (v->prof->ident_dot && c == '.');

		v->cclass[c] =
			(uint8_t)((word ? VC_FIRST : 0) | (word || k_alnum(c) ? VC_REST : 0) |
				  (k_print(c) ? VC_PRINT : 0) |
				  (k_alpha(c) || c == '_' || c == '.' ? VC_SEC_FIRST : 0) |
				  (k_alnum(c) || c == '_' || c == '.' ? VC_SEC_REST : 0));
	}
}

/* A DATASEC name: printable (older kernels: identifier characters and '.'). */
static int name_section(const struct vctx *v, uint32_t off)
{
	const unsigned char *s = (const unsigned char *)btfx__vstr(v, off);
	uint32_t i;

	if (!s || !s[0])
		return 0;
	for (i = 0; s[i] && i < v->prof->name_len; i++) {
		if (!(v->cclass[s[i]] & (v->prof->sec_print ? VC_PRINT :
					 i		    ? VC_SEC_REST :
							      VC_SEC_FIRST)))
			return 0;
	}
	return !s[i];
}

static const char *const ident_why =
	"must be a C identifier (a letter, '_' or '.', then letters, digits, '_', '.')";

/* The type's own name, by the kind table's rule. */
static int check_name(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	const char *s;

	switch (v->vk[btfx_kind(t)].vname) {
	case BTFX__VNAME_EMPTY:
		if (t->name_off)
			return btfx__vreport(v, id, "name", "a %s has no name: name_off must be 0",
					     btfx_kind_str(btfx_kind(t)));
		break;
	case BTFX__VNAME_IDENT:
		if (!t->name_off || !btfx__vname_ident(v, t->name_off))
			return btfx__vreport(v, id, "name", "the name %s, shorter than %u bytes",
					     ident_why, v->prof->name_len);
		break;
	case BTFX__VNAME_OPT_IDENT:
		if (t->name_off && !btfx__vname_ident(v, t->name_off))
			return btfx__vreport(v, id, "name",
					     "the name must be empty (name_off 0) or %s, shorter "
					     "than %u bytes",
					     ident_why, v->prof->name_len);
		break;
	case BTFX__VNAME_NONEMPTY:
		s = btfx__vstr(v, t->name_off);
		if (!s || !s[0])
			return btfx__vreport(v, id, "name", "the tag's value must not be empty");
		break;
	case BTFX__VNAME_SECTION:
		if (!t->name_off || !name_section(v, t->name_off))
			return btfx__vreport(v, id, "name",
					     v->prof->sec_print ?
						     "a section name must be printable, not empty" :
						     "a section name must be letters, digits, '_' "
						     "and '.'");
		break;
	}
	return 0;
}

/* What every kind's check_meta asks of vlen and kind_flag, from the table. */
static int check_common(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	const struct vkind *k = &v->vk[btfx_kind(t)];

	if (k->vlen0 && btfx_vlen(t))
		return btfx__vreport(v, id, "vlen", "vlen is %u: a %s has none", btfx_vlen(t),
				     btfx__kinds[btfx_kind(t)].name);
	if (btfx_kflag(t) && !k->kflag_ok)
		return btfx__vreport(v, id, "kflag",
				     "kind_flag is set: the %s kernel refuses it on kind %s",
				     v->prof->name, btfx__kinds[btfx_kind(t)].name);
	return check_name(v, id, t);
}

static int check_int(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	uint32_t x = *(const uint32_t *)(t + 1), bits, enc;

	if (x & ~0x0fffffffu)
		return btfx__vreport(v, id, "int-data", "reserved bits set in the INT word %#x", x);
	bits = BTFX_INT_BITS(x) + BTFX_INT_OFFSET(x);
	if (bits > 128)
		return btfx__vreport(v, id, "int-bits", "offset %u + bits %u is over 128",
				     BTFX_INT_OFFSET(x), BTFX_INT_BITS(x));
	if ((bits + 7) / 8 > t->size)
		return btfx__vreport(v, id, "int-bits",
				     "offset %u + bits %u does not fit in its %u bytes",
				     BTFX_INT_OFFSET(x), BTFX_INT_BITS(x), t->size);
	enc = BTFX_INT_ENCODING(x);
	if (enc && enc != BTFX_INT_SIGNED && enc != BTFX_INT_CHAR && enc != BTFX_INT_BOOL)
		return btfx__vreport(v, id, "int-encoding",
				     "encoding %#x: at most one of SIGNED, CHAR, BOOL", enc);
	return 0;
}

static int check_array(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	const struct btfx_array *a = (const struct btfx_array *)(t + 1);

	if (t->size)
		return btfx__vreport(v, id, "array-size", "size is %u: an ARRAY's must be 0",
				     t->size);
	if (!a->type || a->type > VMAX_TYPE)
		return btfx__vreport(v, id, "array-elem", "element type [%u] is void or too big",
				     a->type);
	if (!a->index_type || a->index_type > VMAX_TYPE)
		return btfx__vreport(v, id, "array-index", "index type [%u] is void or too big",
				     a->index_type);
	return 0;
}

/* A member's name not known good: a valid offset, then empty or an identifier. */
static int bad_member_name(struct vctx *v, uint32_t id, uint32_t i, uint32_t off)
{
	if (!btfx__vname_off_ok(v, off))
		return btfx__vreport(v, id, "member-name",
				     "member %u: name offset %u is past the strings", i, off);
	if (off && !btfx__vname_scan(v, off))
		return btfx__vreport(v, id, "member-name",
				     "member %u: the name must be empty or %s", i, ident_why);
	return 0;
}

/* A member that breaks an offset rule (btfx__vcheck_members() found one): say which. */
static int bad_member_offset(struct vctx *v, uint32_t id, const struct btfx_type *t, uint32_t i,
			     uint32_t off, uint32_t last)
{
	if (btfx_kind(t) == BTFX_KIND_UNION && off)
		return btfx__vreport(v, id, "member-offset",
				     "member %u: a UNION member's offset must be 0, not %u", i,
				     off);
	if (last > off)
		return btfx__vreport(v, id, "member-offset",
				     "member %u: bit offset %u is before the previous member's %u",
				     i, off, last);
	return btfx__vreport(v, id, "member-offset",
			     "member %u: bit offset %u is past the %u-byte struct", i, off,
			     t->size);
}

int btfx__vcheck_members(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	const struct btfx_member *m = (const struct btfx_member *)(t + 1);
	uint32_t i, off, last = 0, n = btfx_vlen(t);
	/* The bit offset's bits, and those that must be 0 (all of a UNION member's). */
	uint32_t off_mask = btfx_kflag(t) ? BTFX_MEMBER_BIT_OFFSET(~0u) : ~0u;
	uint32_t zero_mask = btfx_kind(t) == BTFX_KIND_UNION ? ~0u : 0;
	uint64_t size = t->size;

	for (i = 0; i < n; i++, m++) {
		if (!btfx__vname_known(v, m->name_off) && bad_member_name(v, id, i, m->name_off))
			return 1;
		if (m->type - 1 >= VMAX_TYPE) /* 0 or past VMAX_TYPE */
			return btfx__vreport(v, id, "member-type",
					     "member %u: type [%u] is void or too big", i, m->type);
		off = m->offset & off_mask;
		if ((off & zero_mask) || last > off || (off + 7ull) / 8 > size)
			return bad_member_offset(v, id, t, i, off, last);
		last = off;
	}
	return 0;
}

static int check_enum(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	uint32_t i, n = btfx_vlen(t), esz = btfx__kinds[btfx_kind(t)].elem_sz;
	const uint8_t *e = (const uint8_t *)(t + 1);

	if (t->size > 8 || !t->size || (t->size & (t->size - 1)))
		return btfx__vreport(v, id, "enum-size", "size %u: must be 1, 2, 4 or 8", t->size);
	for (i = 0; i < n; i++, e += esz) {
		uint32_t off = *(const uint32_t *)e;

		if (btfx__vname_known(v, off))
			continue;
		if (!btfx__vname_off_ok(v, off))
			return btfx__vreport(v, id, "enum-name",
					     "value %u: name offset %u is past the strings", i,
					     off);
		if (!off || !btfx__vname_ident(v, off))
			return btfx__vreport(v, id, "enum-name", "value %u: the name %s", i,
					     ident_why);
	}
	return 0;
}

static int check_func(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	if (btfx_vlen(t) > BTFX_FUNC_GLOBAL)
		return btfx__vreport(v, id, "func-linkage",
				     "linkage %u: the kernel takes static (0) or global (1)",
				     btfx_vlen(t));
	return 0;
}

static int check_var(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	uint32_t linkage = *(const uint32_t *)(t + 1);

	if (!t->type || t->type > VMAX_TYPE)
		return btfx__vreport(v, id, "var-type", "type [%u] is void or too big", t->type);
	if (linkage != BTFX_VAR_STATIC && linkage != BTFX_VAR_GLOBAL_ALLOCATED)
		return btfx__vreport(v, id, "var-linkage",
				     "linkage %u: the kernel takes static (0) or global (1)",
				     linkage);
	return 0;
}

static int check_datasec(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	const struct btfx_var_secinfo *s = (const struct btfx_var_secinfo *)(t + 1);
	uint32_t i, end = 0, n = btfx_vlen(t);
	uint64_t sum = 0;

	if (!n && !v->prof->datasec_empty)
		return btfx__vreport(v, id, "datasec-vlen",
				     "no variables: the %s kernel takes no empty DATASEC",
				     v->prof->name);
	if (!t->size)
		return btfx__vreport(v, id, "datasec-size", "the section's size is 0");
	for (i = 0; i < n; i++, s++) {
		if (!s->type || s->type > VMAX_TYPE)
			return btfx__vreport(v, id, "secinfo-type",
					     "secinfo %u: type [%u] is void or too big", i,
					     s->type);
		if (s->offset < end || s->offset >= t->size)
			return btfx__vreport(v, id, "secinfo-offset",
					     "secinfo %u: offset %u is before the previous one's "
					     "end (%u) or past the section (%u bytes)",
					     i, s->offset, end, t->size);
		if (!s->size || s->size > t->size)
			return btfx__vreport(v, id, "secinfo-size",
					     "secinfo %u: size %u is 0 or bigger than the section",
					     i, s->size);
		end = s->offset + s->size;
		if (end > t->size)
			return btfx__vreport(v, id, "secinfo-offset",
					     "secinfo %u: ends at %u, past the section (%u bytes)",
					     i, end, t->size);
		sum += s->size;
	}
	if (t->size < sum)
		return btfx__vreport(v, id, "datasec-size",
				     "the variables' sizes add up to more than the section's");
	return 0;
}

static int check_float(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	if (t->size != 2 && t->size != 4 && t->size != 8 && t->size != 12 && t->size != 16)
		return btfx__vreport(v, id, "float-size", "size %u: must be 2, 4, 8, 12 or 16",
				     t->size);
	return 0;
}

/* The kind's own fields (the record is known to fit). */
static int check_kind(struct vctx *v, uint32_t id, const struct btfx_type *t)
{
	switch (btfx_kind(t)) {
	case BTFX_KIND_INT:
		return check_int(v, id, t);
	case BTFX_KIND_ARRAY:
		return check_array(v, id, t);
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		return btfx__vcheck_members(v, id, t);
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		return check_enum(v, id, t);
	case BTFX_KIND_FWD:
		if (t->type)
			return btfx__vreport(v, id, "fwd-type", "a FWD's type must be 0, not %u",
					     t->type);
		return 0;
	case BTFX_KIND_FUNC:
		return check_func(v, id, t);
	case BTFX_KIND_VAR:
		return check_var(v, id, t);
	case BTFX_KIND_DATASEC:
		return check_datasec(v, id, t);
	case BTFX_KIND_FLOAT:
		return check_float(v, id, t);
	case BTFX_KIND_DECL_TAG:
		if (*(const int32_t *)(t + 1) < -1)
			return btfx__vreport(v, id, "decl-tag-component",
					     "component_idx %d: -1 or a member/param index",
					     *(const int32_t *)(t + 1));
		return 0;
	case BTFX_KIND_PTR:
	case BTFX_KIND_TYPEDEF:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_TYPE_TAG:
		if (t->type > VMAX_TYPE)
			return btfx__vreport(v, id, "type-id", "type [%u] is too big", t->type);
		return 0;
	}
	return 0;
}

/*
 * The record at off: its length, or 0 when it cannot be walked past
 * (reported).  *bad is set when it breaks a rule but can be walked past.
 */
static uint32_t check_one(struct vctx *v, uint32_t id, uint32_t off, int *bad)
{
	const struct btfx_type *t = (const struct btfx_type *)(v->types + off);
	uint32_t left = v->type_len - off, kind;
	uint64_t need;

	kind = btfx_kind(t);
	if (t->info & ~v->prof->info_mask)
		return btfx__vreport(v, id, "info-bits",
				     "info %#x has bits the %s kernel does not know (%#x)", t->info,
				     v->prof->name, t->info & ~v->prof->info_mask),
		       0;
	if (!v->vk[kind].ok) {
		const uint8_t *l = kind < v->layout_cnt ? v->layout + 4 * kind : NULL;

		if (!kind || kind <= BTFX_KIND_ENUM64 || !l)
			return btfx__vreport(v, id, "kind",
					     "kind %u (%s) is unknown to the %s kernel", kind,
					     btfx_kind_str(kind), v->prof->name),
			       0;
		/* 2026: a kind the layout section describes, skipped. */
		need = sizeof(*t) + l[0] + (uint64_t)btfx_vlen(t) * l[1];
	} else {
		need = sizeof(*t) + v->vk[kind].info_sz +
		       (uint64_t)btfx_vlen(t) * v->vk[kind].elem_sz;
	}
	if (need > left)
		return btfx__vreport(v, id, "meta-size",
				     "the record needs %llu bytes, %u are left in the type section",
				     (unsigned long long)need, left),
		       0;
	if (!btfx__vname_off_ok(v, t->name_off))
		*bad = btfx__vreport(v, id, "name-offset",
				     "name offset %u is past the strings (or over 2^24)",
				     t->name_off);
	else if (v->vk[kind].ok)
		*bad = check_common(v, id, t) || check_kind(v, id, t);
	return (uint32_t)need;
}

/*
 * The arrays of own types, in one block with room for as many records as
 * the section can hold (12 bytes each at least).  Each entry is written as
 * the walk goes, or after it (btfx__vcheck_types(): the known bitmaps
 * zeroed, a resolved id when its type is resolved): only what the types
 * use is touched.
 */
static int alloc_types(struct vctx *v)
{
	size_t n = v->type_len / sizeof(struct btfx_type) + 1, words = n / 64 + 1;
	uint8_t *b = btfx__mem_alloc(v->mem, n * (3 * sizeof(uint32_t) + sizeof(struct vty)) +
						     (2 + VKN_NR) * words * 8);
	int i;

	if (!b)
		return -ENOMEM;
	v->ty = (struct vty *)b;
	v->mods = (uint64_t *)(v->ty + n);
	for (i = 0; i < VKN_NR; i++)
		v->known[i] = v->mods + (i + 1) * words;
	v->work = v->mods + (1 + VKN_NR) * words;
	v->off = (uint32_t *)(v->work + words);
	v->rid = v->off + n;
	v->msz = v->rid + n;
	memset(v->mods, 0, words * 8);
	memset(v->work, 0, words * 8);
	return 0;
}

/* The walk cannot go on at id: too many types, or a piece of a record at the end. */
static void walk_end(struct vctx *v, uint32_t id, uint32_t left)
{
	if (id >= VMAX_TYPE)
		btfx__vreport(v, 0, "too-many-types", "more than %u types: the kernel's limit",
			      VMAX_TYPE - 1);
	else
		btfx__vreport(v, id, "meta-size",
			      "%u bytes left in the type section: a record needs 12", left);
}

/* The size of a record of info word info, of a kind this kernel knows (vctx.vs). */
static inline uint32_t rec_size(const struct vctx *v, uint32_t info)
{
	return v->vs[info >> 24].fixed + BTFX_INFO_VLEN(info) * v->vs[info >> 24].elem_sz;
}

/* A record's entries and bits, written by the walk as it comes to it. */
static void put_entry(struct vctx *v, uint32_t nr, uint32_t off, const struct btfx_type *t)
{
	const struct vquick *q = &v->vq[t->info >> 24];

	v->ty[nr] = (struct vty){ .val = t->size, .kind = (uint8_t)btfx_kind(t), .state = VS_NONE };
	v->off[nr] = off;
	v->msz[nr] = q->msz;
	v->mods[nr / 64] |= q->mod >> 63 << (nr % 64);
	v->work[nr / 64] |= q->work >> 63 << (nr % 64);
}

/*
 * The walk's common records (see btfx__vcheck_metas()) from *off and entry
 * *nr on, their entries and bits written as put_entry() would, up to the
 * end of the section, entry nr_lim or a record that is not common.  For
 * that one (it returns 1) its entries are written too, *off and *nr are
 * its own, and *table tells whether it passed the tables (then only the
 * fields of its kind are left to check).  What the loop uses is in locals
 * (a store to an entry could be to any of vctx's fields, for all the
 * compiler knows), and the bitmaps' words are written once for 64 records.
 */
static __attribute__((noinline)) int walk_common(struct vctx *v, uint32_t *poff, uint32_t *pnr,
						 uint32_t nr_lim, uint32_t *table)
{
	const uint8_t *types = v->types, *memo = v->ident_ok, *p = types + *poff;
	const uint8_t *end = types + v->type_len;
	struct vty *ty = v->ty;
	uint32_t *offs = v->off, *msz = v->msz;
	uint32_t nr = *pnr, nr0, sbase = v->start_str_off, memo_len = v->ident_len;
	uint32_t stop, info, name, type, sz, good, tab = 0, ok = 1, n;
	const struct btfx_type *t;
	const struct vquick *q;
	uint64_t mods, work;

	while (ok && nr < nr_lim && end - p >= (ptrdiff_t)sizeof(*t)) {
		stop = nr_lim - nr < 64 - nr % 64 ? nr_lim : (nr | 63) + 1;
		mods = work = 0;
		for (nr0 = nr; nr < stop && end - p >= (ptrdiff_t)sizeof(*t); nr++, p += sz) {
			t = (const struct btfx_type *)p;
			__builtin_prefetch((const void *)(p + 1024)); /* the walk streams */
			info = t->info;
			/* The next record's place: the one chain of loads from record to record. */
			sz = rec_size(v, info);
			name = t->name_off;
			type = t->size;
			q = &v->vq[info >> 24];
			ty[nr] = (struct vty){ .val = type, .kind = (uint8_t)BTFX_INFO_KIND(info) };
			offs[nr] = (uint32_t)(p - types);
			msz[nr] = q->msz;
			/* The bitmaps' bits come in from the top, record after record. */
			mods = mods >> 1 | q->mod;
			work = work >> 1 | q->work;
			/* The name: vkind.qname's bit by what it is. */
			good = btfx__vname_bit(memo, memo_len, name - sbase);
			tab = ((info & q->bad_info) == 0) & (sz <= (size_t)(end - p)) &
			      (q->qname >> ((name == 0) | good << 1) & 1);
			if (VUNLIKELY(!(tab & (type < q->type_lim)))) {
				ok = 0;
				break;
			}
		}
		/* Records nr0 to nr, and nr itself when it is the one that stopped the walk. */
		n = nr - nr0 + !ok;
		v->mods[nr0 / 64] |= mods >> (64 - n) << (nr0 % 64);
		v->work[nr0 / 64] |= work >> (64 - n) << (nr0 % 64);
	}
	*poff = (uint32_t)(p - types);
	*pnr = nr;
	*table = tab;
	return !ok;
}

/*
 * The walk, in the kernel's order.  The common record breaks no rule of
 * the tables (a kind this kernel knows, no info bit that breaks a rule,
 * room for the record, a name that is empty or known good as the kind
 * wants) and has no field of its own to check, or a type id in range:
 * that costs a few table looks and one branch (kinds with and without
 * names, or with and without fields, alternate at random: so would any
 * branch on them).  check_kind() takes a record that has fields of its
 * own; check_one() every other, and reports.
 */
int btfx__vcheck_metas(struct vctx *v)
{
	const struct btfx_type *t;
	uint32_t off = 0, len = v->type_len, nr = 0, sz, id, table;
	/* Own types past nr_lim would have ids past the kernel's limit. */
	uint32_t nr_lim = v->start_id < VMAX_TYPE ? VMAX_TYPE - v->start_id : 0;
	/* The quick test reads the memo of good names (btfx__vname_bit()). */
	int bad, quick = !v->plain && v->ident_ok && v->str_len;

	if (alloc_types(v))
		return v->err = -ENOMEM;
	while (off < len) {
		table = 0;
		/* Not stopped at a record: the end of the section, or entry nr_lim (below). */
		if (quick && !walk_common(v, &off, &nr, nr_lim, &table) && off == len)
			break;
		if (VUNLIKELY(nr >= nr_lim || len - off < sizeof(*t))) {
			walk_end(v, v->start_id + nr, len - off);
			break;
		}
		t = (const struct btfx_type *)(v->types + off);
		if (!quick)
			put_entry(v, nr, off, t);
		v->nr = ++nr;
		id = v->start_id + nr - 1;
		bad = 0;
		if (table) {
			bad = check_kind(v, id, t);
			sz = rec_size(v, t->info);
		} else if (!(sz = check_one(v, id, off, &bad))) {
			v->stop = 1; /* cannot walk past it, even with BTFX_VALIDATE_ALL */
			break;
		}
		if (bad)
			btfx__vset_bad(v, nr - 1);
		if (v->stop)
			break;
		v->ty[nr - 1].val = btfx__vval(t);
		off += sz;
	}
	v->nr = nr;
	return 0;
}
