// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dump_c_order.c - the order of a C dump's definitions, their emission, and
 * C declarators.  See dump_c.c for the algorithm.
 */
#include "internal.h"

#include "dump_c.h"

static void leave(struct cd *d)
{
	d->depth--;
}

static int queue_add(struct cd *d, uint32_t id)
{
	if (btfx__buf_append(&d->queue, &id, sizeof(id))) {
		d->err = -ENOMEM;
		return -ENOMEM;
	}
	return 0;
}

static int is_composite(const struct btfx_type *t)
{
	return btfx_kind(t) == BTFX_KIND_STRUCT || btfx_kind(t) == BTFX_KIND_UNION;
}

static int order(struct cd *d, uint32_t id, int through_ptr);

static int order_loop(struct cd *d, uint32_t id)
{
	d->loop_id = id;
	d->err = -ELOOP;
	return -ELOOP;
}

/* A struct or union: strong unless named and reached through a pointer. */
static int order_composite(struct cd *d, uint32_t id, const struct btfx_type *t,
			   int through_ptr)
{
	uint32_t i, vlen = btfx_vlen(t);
	int err;

	if (through_ptr && t->name_off)
		return 0;
	d->st[id] |= CD_ORDERING;
	for (i = 0; i < vlen; i++) {
		err = order(d, btfx__cd_elem(t, i, 1), 0);
		if (err < 0)
			return err;
	}
	if (t->name_off && queue_add(d, id))
		return -ENOMEM;
	d->st[id] = (uint8_t)((d->st[id] & ~CD_ORDERING) | CD_ORDERED);
	return 1;
}

static int order_typedef(struct cd *d, uint32_t id, const struct btfx_type *t, int through_ptr)
{
	int strong = order(d, t->type, through_ptr);

	if (strong < 0)
		return strong;
	if (through_ptr && !strong)
		return 0;
	if (queue_add(d, id))
		return -ENOMEM;
	d->st[id] |= CD_ORDERED;
	return 1;
}

static int order_proto(struct cd *d, const struct btfx_type *t, int through_ptr)
{
	uint32_t i, vlen = btfx_vlen(t);
	int err, strong;

	err = order(d, t->type, through_ptr);
	if (err < 0)
		return err;
	strong = err > 0;
	for (i = 0; i < vlen; i++) {
		err = order(d, btfx__cd_elem(t, i, 1), through_ptr);
		if (err < 0)
			return err;
		if (err > 0)
			strong = 1;
	}
	return strong;
}

static int order_kind(struct cd *d, uint32_t id, const struct btfx_type *t, int through_ptr)
{
	int err;

	switch (btfx_kind(t)) {
	case BTFX_KIND_PTR:
		err = order(d, t->type, 1);
		d->st[id] |= CD_ORDERED;
		return err;
	case BTFX_KIND_ARRAY:
		return order(d, btfx__cd_word(t, 0), 0);
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		return order_composite(d, id, t, through_ptr);
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
	case BTFX_KIND_FWD:
		/* named or not referenced: a top-level definition */
		if ((t->name_off || !(d->st[id] & CD_REFERENCED)) && queue_add(d, id))
			return -ENOMEM;
		d->st[id] |= CD_ORDERED;
		return 1;
	case BTFX_KIND_TYPEDEF:
		return order_typedef(d, id, t, through_ptr);
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_TYPE_TAG:
		return order(d, t->type, through_ptr);
	case BTFX_KIND_FUNC_PROTO:
		return order_proto(d, t, through_ptr);
	default:
		/* INT, FLOAT; FUNC, VAR, DATASEC, DECL_TAG and unknown kinds */
		d->st[id] |= CD_ORDERED;
		return 0;
	}
}

/*
 * Queue the definitions id needs, then id's own.  1: a strong link (the
 * definition must come first), 0: a weak one, or a negative errno.
 */
static int order(struct cd *d, uint32_t id, int through_ptr)
{
	const struct btfx_type *t;
	int err;

	if (!id)
		return 1; /* void is always there */
	if (id >= d->nr)
		return 0;
	/* ordered already: strong (as btf_dump, even an INT met again) */
	if (d->st[id] & CD_ORDERED)
		return 1;
	t = btfx__cd_type(d, id);
	if (d->st[id] & CD_ORDERING) {
		if (is_composite(t) && through_ptr && t->name_off)
			return 0; /* a loop a forward declaration breaks */
		return order_loop(d, id);
	}
	if (btfx__cd_enter(d))
		return d->err == -ELOOP ? order_loop(d, id) : d->err;
	err = order_kind(d, id, t, through_ptr);
	leave(d);
	return err;
}

static void emit_type(struct cd *d, uint32_t id, uint32_t cont_id);

static void end_def(struct cd *d)
{
	btfx__cd_str(d, ";\n\n");
}

/* A type met again while it is being written. */
static void emit_again(struct cd *d, uint32_t id, const struct btfx_type *t, uint32_t cont_id)
{
	if (d->st[id] & CD_FWD_EMITTED)
		return;
	switch (btfx_kind(t)) {
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		/* inside itself, or an anonymous loop: nothing to declare */
		if (id == cont_id || !t->name_off)
			return;
		btfx__cd_struct_fwd(d, id, t);
		end_def(d);
		d->st[id] |= CD_FWD_EMITTED;
		break;
	case BTFX_KIND_TYPEDEF:
		/* a typedef of what is not complete yet: fine through pointers */
		if (!btfx__cd_blacklisted(d, id)) {
			btfx__cd_typedef_def(d, id, t, 0);
			end_def(d);
		}
		d->st[id] |= CD_FWD_EMITTED;
		break;
	default:
		break;
	}
}

static void set_emit(struct cd *d, uint32_t id, uint8_t state)
{
	d->st[id] = (uint8_t)((d->st[id] & ~(CD_EMITTING | CD_EMITTED)) | state);
}

static void emit_composite(struct cd *d, uint32_t id, const struct btfx_type *t,
			   uint32_t cont_id)
{
	uint32_t i, vlen = btfx_vlen(t);
	int top = cont_id == 0;

	set_emit(d, id, CD_EMITTING);
	if (top || !t->name_off) {
		uint32_t inner = t->name_off ? id : cont_id;

		for (i = 0; i < vlen && !d->err; i++)
			emit_type(d, btfx__cd_elem(t, i, 1), inner);
	} else if (!(d->st[id] & CD_FWD_EMITTED) && id != cont_id) {
		btfx__cd_struct_fwd(d, id, t);
		end_def(d);
		d->st[id] |= CD_FWD_EMITTED;
	}
	if (top) {
		btfx__cd_struct_def(d, id, t, 0);
		end_def(d);
		set_emit(d, id, CD_EMITTED);
	} else {
		set_emit(d, id, 0);
	}
}

static void emit_proto(struct cd *d, const struct btfx_type *t, uint32_t cont_id)
{
	uint32_t i, vlen = btfx_vlen(t);

	emit_type(d, t->type, cont_id);
	for (i = 0; i < vlen && !d->err; i++)
		emit_type(d, btfx__cd_elem(t, i, 1), cont_id);
}

static void emit_kind(struct cd *d, uint32_t id, const struct btfx_type *t, uint32_t cont_id)
{
	switch (btfx_kind(t)) {
	case BTFX_KIND_INT:
		btfx__cd_missing_alias(d, id);
		set_emit(d, id, CD_EMITTED);
		break;
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		if (!cont_id) {
			btfx__cd_enum_def(d, id, t, 0);
			end_def(d);
		}
		set_emit(d, id, CD_EMITTED);
		break;
	case BTFX_KIND_PTR:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_TYPE_TAG:
		emit_type(d, t->type, cont_id);
		break;
	case BTFX_KIND_ARRAY:
		emit_type(d, btfx__cd_word(t, 0), cont_id);
		break;
	case BTFX_KIND_FWD:
		btfx__cd_fwd_def(d, id, t);
		end_def(d);
		set_emit(d, id, CD_EMITTED);
		break;
	case BTFX_KIND_TYPEDEF:
		set_emit(d, id, CD_EMITTING);
		emit_type(d, t->type, id);
		if (!(d->st[id] & CD_FWD_EMITTED) && !btfx__cd_blacklisted(d, id)) {
			btfx__cd_typedef_def(d, id, t, 0);
			end_def(d);
		}
		set_emit(d, id, CD_EMITTED);
		break;
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		emit_composite(d, id, t, cont_id);
		break;
	case BTFX_KIND_FUNC_PROTO:
		emit_proto(d, t, cont_id);
		break;
	default:
		break;
	}
}

/*
 * Write id's definition (cont_id 0: at top level) after the forward
 * declarations it needs; cont_id is the struct being written around it.
 */
static void emit_type(struct cd *d, uint32_t id, uint32_t cont_id)
{
	const struct btfx_type *t;

	if (!id || id >= d->nr || (d->st[id] & CD_EMITTED))
		return;
	t = btfx__cd_type(d, id);
	if (d->st[id] & CD_EMITTING) {
		emit_again(d, id, t, cont_id);
		return;
	}
	if (btfx__cd_enter(d)) {
		d->loop_id = id;
		return;
	}
	emit_kind(d, id, t, cont_id);
	leave(d);
}

int btfx__cd_dump_type(struct cd *d, uint32_t id)
{
	const uint32_t *q;
	size_t i, n;
	int err;

	d->queue.len = 0;
	err = order(d, id, 0);
	if (err < 0)
		return err;
	n = d->queue.len / sizeof(uint32_t);
	for (i = 0; i < n && !d->err; i++) {
		q = (const uint32_t *)(const void *)d->queue.data;
		emit_type(d, q[i], 0);
	}
	return d->err;
}

/* ---- declarators ---- */

static uint32_t stack_at(const struct cd *d, size_t i)
{
	uint32_t v;

	memcpy(&v, d->stack.data + i * sizeof(v), sizeof(v));
	return v;
}

/* A frame of the declarator stack: entries [lo, lo + cnt). */
struct frame {
	size_t lo;
	size_t cnt;
};

static uint32_t top(const struct cd *d, const struct frame *f)
{
	return stack_at(d, f->lo + f->cnt - 1);
}

static void chain(struct cd *d, struct frame *f, const char *fname, int lvl);

/* Qualifiers on top of the stack, written before a base type. */
static void emit_mods(struct cd *d, struct frame *f)
{
	while (f->cnt) {
		switch (btfx_kind(btfx__cd_type(d, top(d, f)))) {
		case BTFX_KIND_VOLATILE:
			btfx__cd_str(d, "volatile ");
			break;
		case BTFX_KIND_CONST:
			btfx__cd_str(d, "const ");
			break;
		case BTFX_KIND_RESTRICT:
			btfx__cd_str(d, "restrict ");
			break;
		default:
			return;
		}
		f->cnt--;
	}
}

/* Drop qualifiers and type tags (of arrays and prototypes, as btf_dump). */
static void drop_mods(struct cd *d, struct frame *f)
{
	while (f->cnt) {
		unsigned int k = btfx_kind(btfx__cd_type(d, top(d, f)));

		if (k != BTFX_KIND_VOLATILE && k != BTFX_KIND_CONST && k != BTFX_KIND_RESTRICT &&
		    k != BTFX_KIND_TYPE_TAG)
			return;
		f->cnt--;
	}
}

static void emit_name(struct cd *d, const char *name, int last_was_ptr)
{
	if (name[0] && !last_was_ptr)
		btfx__cd_put(d, " ", 1);
	btfx__cd_str(d, name);
}

static void chain_array(struct cd *d, struct frame *f, const struct btfx_type *t,
			const char *fname, int lvl, int last_was_ptr)
{
	uint32_t nelems = btfx__cd_word(t, 2);
	int multidim;

	drop_mods(d, f);
	if (!f->cnt) {
		emit_name(d, fname, last_was_ptr);
	} else {
		multidim = btfx_kind(btfx__cd_type(d, top(d, f))) == BTFX_KIND_ARRAY;
		if (fname[0] && !last_was_ptr)
			btfx__cd_put(d, " ", 1);
		if (!multidim)
			btfx__cd_put(d, "(", 1);
		chain(d, f, fname, lvl);
		if (!multidim)
			btfx__cd_put(d, ")", 1);
	}
	btfx__cd_put(d, "[", 1);
	btfx__cd_u64(d, nelems);
	btfx__cd_put(d, "]", 1);
}

static void chain_proto(struct cd *d, struct frame *f, const struct btfx_type *t,
			const char *fname, int lvl, int last_was_ptr)
{
	uint32_t i, vlen = btfx_vlen(t);

	drop_mods(d, f);
	if (f->cnt) {
		btfx__cd_str(d, " (");
		chain(d, f, fname, lvl);
		btfx__cd_put(d, ")", 1);
	} else {
		emit_name(d, fname, last_was_ptr);
	}
	btfx__cd_put(d, "(", 1);
	/* no parameters, or one void parameter (clang's BPF target): "(void)" */
	if (!vlen || (vlen == 1 && !btfx__cd_elem(t, 0, 1))) {
		btfx__cd_str(d, "void)");
		return;
	}
	for (i = 0; i < vlen && !d->err; i++) {
		uint32_t type = btfx__cd_elem(t, i, 1);

		if (i)
			btfx__cd_str(d, ", ");
		if (i == vlen - 1 && !type) {
			btfx__cd_str(d, "...");
			break;
		}
		btfx__cd_decl(d, type, btfx__cd_str_at(d, btfx__cd_elem(t, i, 0)), lvl);
	}
	btfx__cd_put(d, ")", 1);
}

/* Write the base type, then the rest; 1 when the chain ended (arrays, protos). */
static int chain_one(struct cd *d, struct frame *f, uint32_t id, const char *fname, int lvl,
		     int last_was_ptr)
{
	const struct btfx_type *t = btfx__cd_type(d, id);

	switch (btfx_kind(t)) {
	case BTFX_KIND_INT:
	case BTFX_KIND_FLOAT:
		emit_mods(d, f);
		btfx__cd_str(d, btfx__cd_str_at(d, t->name_off));
		return 0;
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		emit_mods(d, f);
		if (!t->name_off)
			btfx__cd_struct_def(d, id, t, lvl);
		else
			btfx__cd_struct_fwd(d, id, t);
		return 0;
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		emit_mods(d, f);
		if (!t->name_off) {
			btfx__cd_enum_def(d, id, t, lvl);
		} else {
			btfx__cd_str(d, "enum ");
			btfx__cd_str(d, btfx__cd_type_name(d, id));
		}
		return 0;
	case BTFX_KIND_FWD:
		emit_mods(d, f);
		btfx__cd_fwd_def(d, id, t);
		return 0;
	case BTFX_KIND_TYPEDEF:
		emit_mods(d, f);
		btfx__cd_str(d, btfx__cd_ident_name(d, id));
		return 0;
	case BTFX_KIND_PTR:
		btfx__cd_str(d, last_was_ptr ? "*" : " *");
		return 0;
	case BTFX_KIND_VOLATILE:
		btfx__cd_str(d, " volatile");
		return 0;
	case BTFX_KIND_CONST:
		btfx__cd_str(d, " const");
		return 0;
	case BTFX_KIND_RESTRICT:
		btfx__cd_str(d, " restrict");
		return 0;
	case BTFX_KIND_TYPE_TAG:
		/* kind_flag: a plain attribute, not a btf_type_tag */
		emit_mods(d, f);
		btfx__cd_str(d, btfx_kflag(t) ? " __attribute__((" : " __attribute__((btf_type_tag(\"");
		btfx__cd_str(d, btfx__cd_str_at(d, t->name_off));
		btfx__cd_str(d, btfx_kflag(t) ? "))" : "\")))");
		return 0;
	case BTFX_KIND_ARRAY:
		chain_array(d, f, t, fname, lvl, last_was_ptr);
		return 1;
	case BTFX_KIND_FUNC_PROTO:
		chain_proto(d, f, t, fname, lvl, last_was_ptr);
		return 1;
	default:
		return 1; /* nothing C can say */
	}
}

/* Unwind a frame of the declarator stack, writing C. */
static void chain(struct cd *d, struct frame *f, const char *fname, int lvl)
{
	int last_was_ptr = 1;
	uint32_t id;

	if (btfx__cd_enter(d))
		return;
	while (f->cnt && !d->err) {
		id = top(d, f);
		f->cnt--;
		if (!id) {
			emit_mods(d, f);
			btfx__cd_str(d, "void");
			last_was_ptr = 0;
			continue;
		}
		if (chain_one(d, f, id, fname, lvl, last_was_ptr)) {
			leave(d);
			return;
		}
		last_was_ptr = btfx_kind(btfx__cd_type(d, id)) == BTFX_KIND_PTR;
	}
	emit_name(d, fname, last_was_ptr);
	leave(d);
}

/* Does the declarator chain go on past t? */
static int chain_next(const struct btfx_type *t, uint32_t *next)
{
	switch (btfx_kind(t)) {
	case BTFX_KIND_PTR:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_FUNC_PROTO:
	case BTFX_KIND_TYPE_TAG:
		*next = t->type;
		return 1;
	case BTFX_KIND_ARRAY:
		*next = btfx__cd_word(t, 0);
		return 1;
	default:
		return 0;
	}
}

/* A declaration of fname with type id ("int (*fname)[4]"). */
void btfx__cd_decl(struct cd *d, uint32_t id, const char *fname, int lvl)
{
	size_t lo = d->stack.len / sizeof(uint32_t), n = 0;
	struct frame f;

	for (;;) {
		if (btfx__buf_append(&d->stack, &id, sizeof(id))) {
			d->err = -ENOMEM;
			break;
		}
		if (!id || id >= d->nr || !chain_next(btfx__cd_type(d, id), &id))
			break;
		if (++n > CD_MAX_DEPTH || ++d->steps > d->max_steps) {
			d->err = -ELOOP;
			d->loop_id = id;
			break;
		}
	}
	if (!d->err) {
		f.lo = lo;
		f.cnt = d->stack.len / sizeof(uint32_t) - lo;
		chain(d, &f, fname, lvl);
	}
	d->stack.len = lo * sizeof(uint32_t);
}
