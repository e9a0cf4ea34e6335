// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * link_sym.c - the linker's globals: VARs and FUNCs with external linkage,
 * resolved by name across inputs (see the essay in link.c), and the test
 * that two inputs' types for one global agree.
 */
#include <stdarg.h>
#include <stdio.h>

#include "link.h"
#include "hash.h"

#define AGREE_DEPTH 64 /* nesting of embedded structs, arrays, protos compared */

int btfx__link_is_global(const struct btfx_type *t)
{
	unsigned int kind = btfx_kind(t);

	if (!t->name_off)
		return 0;
	if (kind == BTFX_KIND_VAR)
		return ((const struct btfx_var *)(t + 1))->linkage != BTFX_VAR_STATIC;
	return kind == BTFX_KIND_FUNC && btfx_vlen(t) != BTFX_FUNC_STATIC;
}

static int is_extern(const struct btfx_type *t)
{
	if (btfx_kind(t) == BTFX_KIND_VAR)
		return ((const struct btfx_var *)(t + 1))->linkage == BTFX_VAR_GLOBAL_EXTERN;
	return btfx_vlen(t) == BTFX_FUNC_EXTERN;
}

static uint32_t strength(const struct link_input *in, const struct btfx_type *t, const char *name)
{
	uint32_t i;

	if (is_extern(t))
		return 0;
	for (i = 0; i < in->sym_cnt; i++)
		if ((in->syms[i].flags & LSYM_WEAK) && !strcmp(in->syms[i].name, name))
			return 1;
	return 2;
}

struct agree {
	const struct btfx *b1, *b2;
	char why[160];
};

static int disagree(struct agree *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int disagree(struct agree *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->why, sizeof(a->why), fmt, ap);
	va_end(ap);
	return 0;
}

static const char *str_of(const struct btfx *btf, uint32_t off)
{
	const char *s = btfx_str_by_offset(btf, off);

	return s ? s : "";
}

static int agree_types(struct agree *a, uint32_t id1, uint32_t id2, int exact, int depth);

/* Both records of one kind with vlen entries of pairs (name_off, type). */
static int agree_list(struct agree *a, const struct btfx_type *t1, const struct btfx_type *t2,
		      int members, int exact, int depth)
{
	size_t step = members ? sizeof(struct btfx_member) : sizeof(struct btfx_param);
	const uint8_t *p1 = (const uint8_t *)(t1 + 1), *p2 = (const uint8_t *)(t2 + 1);
	uint32_t i;

	if (btfx_vlen(t1) != btfx_vlen(t2))
		return disagree(a, "%s vs %s: different member or parameter counts",
				btfx_kind_str(btfx_kind(t1)), btfx_kind_str(btfx_kind(t2)));
	for (i = 0; i < btfx_vlen(t1); i++, p1 += step, p2 += step) {
		uint32_t w1[3], w2[3];

		memcpy(w1, p1, step);
		memcpy(w2, p2, step);
		if (members && (strcmp(str_of(a->b1, w1[0]), str_of(a->b2, w2[0])) ||
				w1[2] != w2[2]))
			return disagree(a, "member '%s' vs '%s'", str_of(a->b1, w1[0]),
					str_of(a->b2, w2[0]));
		if (!agree_types(a, w1[1], w2[1], exact, depth + 1))
			return 0;
	}
	return 1;
}

static int agree_fwd(struct agree *a, const struct btfx_type *t1, const struct btfx_type *t2)
{
	const struct btfx_type *fwd = btfx_kind(t1) == BTFX_KIND_FWD ? t1 : t2;
	const struct btfx_type *full = fwd == t1 ? t2 : t1;
	unsigned int want = btfx_kflag(fwd) ? BTFX_KIND_UNION : BTFX_KIND_STRUCT;

	if (btfx_kind(full) == want || btfx_kind(full) == BTFX_KIND_FWD)
		return 1;
	return disagree(a, "forward declaration vs %s", btfx_kind_str(btfx_kind(full)));
}

static int agree_types(struct agree *a, uint32_t id1, uint32_t id2, int exact, int depth)
{
	const struct btfx_type *t1, *t2;
	const char *n1, *n2;
	unsigned int kind;

	if (depth > AGREE_DEPTH)
		return disagree(a, "types nest too deep");
	t1 = btfx__skip_mods(a->b1, &id1);
	t2 = btfx__skip_mods(a->b2, &id2);
	if (!t1 || !t2)
		return disagree(a, "bad type reference");
	n1 = str_of(a->b1, t1->name_off);
	n2 = str_of(a->b2, t2->name_off);
	kind = btfx_kind(t1);
	if (!exact && (kind == BTFX_KIND_FWD) != (btfx_kind(t2) == BTFX_KIND_FWD))
		return strcmp(n1, n2) ? disagree(a, "'%s' vs '%s'", n1, n2) : agree_fwd(a, t1, t2);
	if (kind != btfx_kind(t2))
		return disagree(a, "%s vs %s", btfx_kind_str(kind), btfx_kind_str(btfx_kind(t2)));
	switch (kind) {
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
	case BTFX_KIND_FWD:
	case BTFX_KIND_FUNC:
	case BTFX_KIND_VAR:
		if (strcmp(n1, n2))
			return disagree(a, "'%s' vs '%s'", n1, n2);
		break;
	}
	switch (kind) {
	case BTFX_KIND_UNKN:
	case BTFX_KIND_FWD:
		return 1;
	case BTFX_KIND_INT:
	case BTFX_KIND_FLOAT:
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
		if (t1->size != t2->size)
			return disagree(a, "'%s' and '%s' differ in size", n1, n2);
		return 1;
	case BTFX_KIND_PTR:
		return agree_types(a, t1->type, t2->type, 0, depth + 1);
	case BTFX_KIND_ARRAY:
		return agree_types(a, ((const struct btfx_array *)(t1 + 1))->type,
				   ((const struct btfx_array *)(t2 + 1))->type, exact, depth + 1);
	case BTFX_KIND_FUNC:
	case BTFX_KIND_VAR:
		if ((kind == BTFX_KIND_FUNC && (btfx_vlen(t1) == BTFX_FUNC_STATIC) !=
						       (btfx_vlen(t2) == BTFX_FUNC_STATIC)))
			return disagree(a, "'%s' static in one only", n1);
		return agree_types(a, t1->type, t2->type, exact, depth + 1);
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		return !exact || agree_list(a, t1, t2, 1, exact, depth);
	case BTFX_KIND_FUNC_PROTO:
		return agree_list(a, t1, t2, 0, exact, depth) &&
		       agree_types(a, t1->type, t2->type, exact, depth + 1);
	default:
		return disagree(a, "%s '%s' cannot be compared", btfx_kind_str(kind), n1);
	}
}

static struct link_glob *glob_find(struct btfx_link *link, const char *name, uint32_t *idx)
{
	uint32_t h, i;

	if (!link->bucket_cnt)
		return NULL;
	h = btfx__str_hash(name, strlen(name));
	for (i = link->buckets[h & (link->bucket_cnt - 1)]; i; i = link->globs[i - 1].next) {
		struct link_glob *g = &link->globs[i - 1];

		if (g->hash == h && !strcmp(g->name, name)) {
			*idx = i - 1;
			return g;
		}
	}
	return NULL;
}

/* Room in the buckets for one more global (rehashed: newest first in each). */
static int buckets_grow(struct btfx_link *link)
{
	uint32_t cnt = link->bucket_cnt ? link->bucket_cnt * 2 : 64, i, *b;

	if (link->glob_cnt < link->bucket_cnt)
		return 0;
	if (cnt < link->bucket_cnt)
		return -E2BIG;
	b = btfx__mem_zalloc_array(&link->mem, cnt, sizeof(*b));
	if (!b)
		return -ENOMEM;
	for (i = 0; i < link->glob_cnt; i++) {
		struct link_glob *g = &link->globs[i];

		g->next = b[g->hash & (cnt - 1)];
		b[g->hash & (cnt - 1)] = i + 1;
	}
	btfx__mem_free(&link->mem, link->buckets);
	link->buckets = b;
	link->bucket_cnt = cnt;
	return 0;
}

/* Undo the newest global: it heads its bucket. */
static void glob_pop(struct btfx_link *link)
{
	struct link_glob *g = &link->globs[--link->glob_cnt];

	link->buckets[g->hash & (link->bucket_cnt - 1)] = g->next;
	btfx__mem_free(&link->mem, g->name);
}

/* An earlier global meets the input's type id of the same name: 0 or an error. */
static int glob_meet(struct btfx_link *link, struct link_glob *g, struct link_input *in,
		     uint32_t id, uint32_t st)
{
	const struct link_input *rep = &link->inputs[g->input];
	const struct btfx_type *t = btfx_type_by_id(in->btf, id);
	struct agree a = { rep->btf, in->btf, "" };

	if (g->kind != btfx_kind(t))
		return btfx__link_err(link, -EINVAL, "%s: '%s' is a %s here, a %s in %s",
				      in->name, g->name, btfx_kind_str(btfx_kind(t)),
				      btfx_kind_str(g->kind), rep->name);
	if (st == 2 && g->strength == 2)
		return btfx__link_err(link, -EEXIST, "%s: '%s' is defined twice: also in %s",
				      in->name, g->name, rep->name);
	if (!agree_types(&a, g->id, id, 1, 0))
		return btfx__link_err(link, -EINVAL,
				      "%s: '%s': type disagrees with the %s in %s: %s", in->name,
				      g->name, g->strength ? "definition" : "declaration",
				      rep->name, a.why);
	return 0;
}

struct undo {
	uint32_t glob, input, id, strength;
};

static int glob_new(struct btfx_link *link, const char *name, uint32_t kind, uint32_t input,
		    uint32_t id, uint32_t st)
{
	struct link_glob *p;
	uint32_t *head;

	if (buckets_grow(link))
		return -ENOMEM;
	p = btfx__mem_realloc_array(&link->mem, link->globs, (size_t)link->glob_cnt + 1,
				    sizeof(*p));
	if (!p)
		return -ENOMEM;
	link->globs = p;
	p += link->glob_cnt;
	p->name = btfx__link_strdup(link, name);
	if (!p->name)
		return -ENOMEM;
	p->kind = kind;
	p->input = input;
	p->id = id;
	p->strength = st;
	p->first_input = input;
	p->first_id = id;
	p->out_id = 0;
	p->mark = 0;
	p->pos = 0;
	p->hash = btfx__str_hash(name, strlen(name));
	head = &link->buckets[p->hash & (link->bucket_cnt - 1)];
	p->next = *head;
	*head = ++link->glob_cnt;
	return 0;
}

/* Resolve one global of the input; *u records a representative replaced. */
static int glob_one(struct btfx_link *link, struct link_input *in, uint32_t input, uint32_t id,
		    struct undo *u, uint32_t *ucnt)
{
	const struct btfx_type *t = btfx_type_by_id(in->btf, id);
	const char *name = btfx_str_by_offset(in->btf, t->name_off);
	uint32_t st = strength(in, t, name), gi;
	struct link_glob *g = glob_find(link, name, &gi);
	int err;

	if (!g) {
		if (glob_new(link, name, btfx_kind(t), input, id, st))
			return btfx__link_err(link, -ENOMEM, "link: out of memory");
		in->glob[id] = (int32_t)(link->glob_cnt - 1);
		return 0;
	}
	if (g->input == input && g->id == id)
		return 0;
	if ((err = glob_meet(link, g, in, id, st)))
		return err;
	in->glob[id] = (int32_t)gi;
	if (st > g->strength) {
		u[*ucnt] = (struct undo){ gi, g->input, g->id, g->strength };
		(*ucnt)++;
		g->input = input;
		g->id = id;
		g->strength = st;
	}
	return 0;
}

/*
 * The VARs listed in the input's skipped parts are dropped, as libbpf's
 * linker drops them, but a global whose name is already known, which
 * stands for that one (so that every copy of a "LICENSE" is one).
 */
static void mark_dropped(struct btfx_link *link, struct link_input *in)
{
	uint32_t i, j, sec, gi, n = btfx_type_cnt(in->btf);

	for (i = 1; i < n; i++) {
		const struct btfx_type *t = btfx_type_by_id(in->btf, i), *vt;
		const struct btfx_var_secinfo *v = (const void *)(t + 1);

		if (btfx_kind(t) != BTFX_KIND_DATASEC ||
		    !btfx__link_sec(link, btfx_str_by_offset(in->btf, t->name_off), &sec) ||
		    !btfx__link_part(in, sec)->skipped)
			continue;
		for (j = 0; j < btfx_vlen(t); j++) {
			vt = btfx_type_by_id(in->btf, v[j].type);
			if (!vt || !btfx__link_is_global(vt) || btfx_kind(vt) != BTFX_KIND_VAR)
				continue;
			if (glob_find(link, btfx_str_by_offset(in->btf, vt->name_off), &gi) &&
			    link->globs[gi].kind == BTFX_KIND_VAR)
				in->glob[v[j].type] = (int32_t)gi;
			else
				in->glob[v[j].type] = GLOB_DROPPED;
		}
	}
}

int btfx__link_globals(struct btfx_link *link, struct link_input *in, uint32_t input)
{
	uint32_t n = btfx_type_cnt(in->btf), glob_cnt = link->glob_cnt, ucnt = 0, i;
	struct undo *u;
	int err = 0;

	in->glob = btfx__mem_alloc(&link->mem, (size_t)n * sizeof(*in->glob));
	u = btfx__mem_alloc(&link->mem, (size_t)n * sizeof(*u));
	if (!in->glob || !u) {
		btfx__mem_free(&link->mem, u);
		return btfx__link_err(link, -ENOMEM, "link: out of memory");
	}
	for (i = 0; i < n; i++)
		in->glob[i] = -1;
	mark_dropped(link, in);
	for (i = 1; i < n; i++) {
		if (in->glob[i] == -1 && btfx__link_is_global(btfx_type_by_id(in->btf, i)) &&
		    (err = glob_one(link, in, input, i, u, &ucnt)))
			break;
	}
	if (err) {
		while (ucnt--) {
			struct link_glob *g = &link->globs[u[ucnt].glob];

			g->input = u[ucnt].input;
			g->id = u[ucnt].id;
			g->strength = u[ucnt].strength;
		}
		while (link->glob_cnt > glob_cnt)
			glob_pop(link);
	}
	btfx__mem_free(&link->mem, u);
	return err;
}
