// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * visit.c - the public visitors over the type ids and string offsets a
 * record holds, read-only on any object, and read-write on an object's own
 * records (what dedup and link do to every record).
 *
 * A read-write visit works on a copy of the record: the callback changes
 * fields of the copy, each new value is checked as it comes, and only when
 * every field is done and good is the copy written over the record.  Any
 * failure drops the copy, and the strings the callback added meanwhile,
 * so the object is left as it was.  The shape of each kind comes from
 * types.c (btfx__visit_type_ids(), btfx__visit_str_offs()).
 */
#include <stdio.h>

#include "internal.h"
#include "hashcons.h"
#include "names.h"

/* Records up to this size are copied on the stack, larger ones allocated. */
#define SCRATCH_MAX 512

struct visit {
	struct btfx *btf;
	btfx_visit_fn fn;
	void *ctx;
	uint32_t cnt;   /* fields visited */
	int strs;       /* string offsets, not type ids */
	int changed;
	int err;        /* the callback's error, or ours */
	int bad_value;  /* err is ours: a bad new value */
	uint32_t bad;   /* that value */
};

/* Is a new value good?  Type ids as the builders allow (forward too). */
static int value_ok(const struct visit *v, uint32_t val)
{
	if (v->strs)
		return btfx_str_by_offset(v->btf, val) != NULL;
	return val <= BTFX_MAX_TYPE;
}

static int visit_field(uint32_t *field, void *arg)
{
	struct visit *v = arg;
	uint32_t old = *field;
	int err;

	err = v->fn(v->ctx, field);
	if (err) {
		v->err = err;
		return err;
	}
	v->cnt++;
	if (*field == old)
		return 0;
	if (!value_ok(v, *field)) {
		v->bad = *field;
		v->bad_value = 1;
		v->err = -EINVAL;
		return v->err;
	}
	v->changed = 1;
	return 0;
}

/* The own, known record id, or a negative errno with the message set. */
static int check_own(struct btfx *btf, uint32_t id, int have_fn, const char *what)
{
	const struct btfx_type *t;

	if (!have_fn)
		return btfx__err(btf, -EINVAL, "visit_%s: NULL callback", what);
	if (id >= btfx_type_cnt(btf))
		return btfx__err(btf, -ENOENT, "visit_%s: no type [%u]", what, id);
	if (id < btf->start_id)
		return btfx__err(btf, -EINVAL, "visit_%s: [%u] is %s, not this object's own", what,
				 id, id ? "in the base" : "void");
	if (btfx__is_flushed(btf, id))
		return btfx__err(btf, -ESTALE, "visit_%s: [%u] was flushed to the stream", what,
				 id);
	t = btfx__own_type(btf, id);
	if (!btfx__kind_known(btfx_kind(t)))
		return btfx__err(btf, -ENOTSUP, "visit_%s: [%u] is of unknown kind %u", what, id,
				 btfx_kind(t));
	return 0;
}

static int visit_fail(struct visit *v, uint32_t id, const struct btfx_type *t, size_t mark)
{
	struct btfx *btf = v->btf;
	char what[96];

	btfx__str_rollback(btf, mark);
	if (t->name_off)
		snprintf(what, sizeof(what), "[%u] %s '%.64s'", id, btfx_kind_str(btfx_kind(t)),
			 btfx__msg_name(btf, t->name_off));
	else
		snprintf(what, sizeof(what), "[%u] %s (anon)", id, btfx_kind_str(btfx_kind(t)));
	if (v->bad_value)
		return btfx__err(btf, v->err, "%s: new %s %u %s", what,
				 v->strs ? "string offset" : "type id", v->bad,
				 v->strs ? "past the string sections" : "out of range");
	return btfx__err(btf, v->err, "%s: visitor failed: %s", what, btfx_strerror(v->err));
}

/* Write the visited copy over the record. */
static int publish(struct visit *v, uint32_t id, const struct btfx_type *copy, uint32_t len,
		   size_t mark)
{
	struct btfx *btf = v->btf;
	struct btfx_type *t;
	int err;

	if (!v->changed)
		return 0;
	err = btfx__make_writable(btf);
	if (err) {
		btfx__str_rollback(btf, mark);
		return btfx__err(btf, err, "[%u]: visit: %s", id, btfx_strerror(err));
	}
	t = btfx__own_type(btf, id);
	if (t->name_off != copy->name_off) {
		btfx__names_drop(btf);
		btfx__ptr_size_forget(btf);
	}
	memcpy(t, copy, len);
	btfx__invalidate(btf);
	btfx__hashcons_drop(btf); /* its record's bytes changed: index them again */
	return 0;
}

static int visit_rw(struct btfx *btf, uint32_t id, btfx_visit_fn fn, void *ctx, int strs)
{
	const char *what = strs ? "str_offs" : "type_ids";
	uint64_t stack[SCRATCH_MAX / 8];
	struct visit v = { .btf = btf, .fn = fn, .ctx = ctx, .strs = strs };
	struct btfx_type *copy;
	uint32_t len;
	size_t mark;
	int err;

	if ((err = check_own(btf, id, fn != NULL, what)))
		return err;
	len = btfx_record_len(btf, id);
	copy = len <= sizeof(stack) ? (struct btfx_type *)stack : btfx__mem_alloc(&btf->mem, len);
	if (!copy)
		return btfx__err(btf, -ENOMEM, "visit_%s: [%u]: out of memory", what, id);
	memcpy(copy, btfx__own_type(btf, id), len);
	mark = btfx__str_mark(btf);
	if (strs)
		btfx__visit_str_offs(copy, visit_field, &v);
	else
		btfx__visit_type_ids(copy, visit_field, &v);
	/* The callback may have added strings: the record may have moved. */
	if (v.err)
		err = visit_fail(&v, id, btfx__own_type(btf, id), mark);
	else
		err = publish(&v, id, copy, len, mark);
	if (copy != (struct btfx_type *)stack)
		btfx__mem_free(&btf->mem, copy);
	return err ? err : (int)v.cnt;
}

int btfx_visit_type_ids(struct btfx *btf, uint32_t id, btfx_visit_fn fn, void *ctx)
{
	return visit_rw(btf, id, fn, ctx, 0);
}

int btfx_visit_str_offs(struct btfx *btf, uint32_t id, btfx_visit_fn fn, void *ctx)
{
	return visit_rw(btf, id, fn, ctx, 1);
}

/* Read-only visits: the callback gets each value. */
struct each {
	btfx_field_fn fn;
	void *ctx;
	uint32_t cnt;
};

static int each_field(uint32_t *field, void *arg)
{
	struct each *e = arg;
	int err;

	err = e->fn(e->ctx, *field);
	if (!err)
		e->cnt++;
	return err;
}

static int for_each(const struct btfx *btf, uint32_t id, btfx_field_fn fn, void *ctx, int strs)
{
	const struct btfx_type *t;
	struct each e = { .fn = fn, .ctx = ctx };
	int err;

	if (!fn)
		return -EINVAL;
	if (!(t = btfx_type_by_id(btf, id)))
		return -ENOENT;
	if (id == 0)
		return 0;
	if (!btfx__kind_known(btfx_kind(t)))
		return -ENOTSUP;
	/* Nothing is written through t: each_field only reads the fields. */
	if (strs)
		err = btfx__visit_str_offs((struct btfx_type *)(uintptr_t)t, each_field, &e);
	else
		err = btfx__visit_type_ids((struct btfx_type *)(uintptr_t)t, each_field, &e);
	return err ? err : (int)e.cnt;
}

int btfx_for_each_type_id(const struct btfx *btf, uint32_t id, btfx_field_fn fn, void *ctx)
{
	return for_each(btf, id, fn, ctx, 0);
}

int btfx_for_each_str_off(const struct btfx *btf, uint32_t id, btfx_field_fn fn, void *ctx)
{
	return for_each(btf, id, fn, ctx, 1);
}
