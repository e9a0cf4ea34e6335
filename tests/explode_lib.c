// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * explode_lib.c - spread the types of one object over K compile units
 * (see explode_lib.h).
 *
 * The source's references are read once into an adjacency array.  Each
 * unit's closure is a depth-first walk from its roots; the per-type marks
 * are stamps (unit + 1), so no array is cleared between units and the
 * whole job is linear in the number of types written.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "explode_lib.h"

struct ex {
	const struct btfx *src;
	const struct explode_opts *o;
	uint32_t n;        /* btfx_type_cnt(src) */
	uint32_t *off;     /* refs of id t: refs[off[t]] .. refs[off[t + 1] - 1] */
	uint32_t *refs;
	uint8_t *kind;     /* kind of each id */
	uint32_t *cu_of;   /* a root's unit + 1; 0 for the other types */
	uint32_t *cu_off;  /* roots of unit c: roots[cu_off[c]] .. */
	uint32_t *roots;
	uint32_t *seen;    /* stamps of the first walk */
	uint32_t *seen2;   /* and of the second (with FWDs) */
	uint32_t *direct;  /* stamped when a root or reached by a non-PTR */
	uint32_t *fwd;     /* stamped when emitted as a FWD */
	uint32_t *newid;   /* an id's id in the result, for the current unit */
	uint32_t *list;    /* the current unit's types */
	uint32_t *stack;
	uint32_t nroots;
	uint32_t rr;       /* next unit of the round robin */
};

struct fill {
	struct ex *x;
	uint32_t pos;
};

static int count_ref(void *ctx, uint32_t v)
{
	(void)v;
	(*(uint32_t *)ctx)++;
	return 0;
}

static int fill_ref(void *ctx, uint32_t v)
{
	struct fill *f = ctx;

	f->x->refs[f->pos++] = v;
	return 0;
}

/* The adjacency array of every type's referenced ids; 0 or -errno. */
static int read_graph(struct ex *x)
{
	uint32_t t, cnt = 0;
	struct fill f = { x, 0 };
	int r;

	for (t = 1; t < x->n; t++) {
		x->off[t] = cnt;
		r = btfx_for_each_type_id(x->src, t, count_ref, &cnt);
		if (r < 0)
			return r;
		x->kind[t] = (uint8_t)btfx_kind(btfx_type_by_id(x->src, t));
	}
	x->off[x->n] = cnt;
	x->refs = malloc(((size_t)cnt + 1) * sizeof(*x->refs));
	if (!x->refs)
		return -ENOMEM;
	for (t = 1; t < x->n; t++) {
		r = btfx_for_each_type_id(x->src, t, fill_ref, &f);
		if (r < 0)
			return r;
	}
	return 0;
}

static uint32_t next_cu(struct ex *x)
{
	uint32_t c = x->rr;

	x->rr = x->rr + 1 == x->o->k ? 0 : x->rr + 1;
	return c + 1;
}

/* Mark everything reachable from t with stamp in mark[]. */
static void mark_from(struct ex *x, uint32_t t, uint32_t *mark, uint32_t stamp)
{
	uint32_t sp = 0, i;

	if (mark[t] == stamp)
		return;
	mark[t] = stamp;
	x->stack[sp++] = t;
	while (sp) {
		t = x->stack[--sp];
		for (i = x->off[t]; i < x->off[t + 1]; i++) {
			uint32_t r = x->refs[i];

			if (r && mark[r] != stamp) {
				mark[r] = stamp;
				x->stack[sp++] = r;
			}
		}
	}
}

/*
 * Choose the roots and their units (cu_of).  indeg and parent borrow seen
 * and newid; both are cleared again.
 */
static void pick_roots(struct ex *x)
{
	uint32_t *indeg = x->seen, *parent = x->newid;
	uint32_t t, i;

	for (t = 1; t < x->n; t++)
		for (i = x->off[t]; i < x->off[t + 1]; i++) {
			indeg[x->refs[i]]++;
			if (x->kind[t] == BTFX_KIND_DATASEC)
				parent[x->refs[i]] = t;
		}
	for (t = 1; t < x->n; t++) {
		int named = btfx_type_by_id(x->src, t)->name_off != 0;

		if (!indeg[t] || named)
			x->cu_of[t] = 1; /* a root; its unit follows */
	}
	for (t = 1; t < x->n; t++)
		if (x->cu_of[t] && x->kind[t] != BTFX_KIND_DECL_TAG &&
		    !(x->kind[t] == BTFX_KIND_VAR && parent[t]))
			x->cu_of[t] = next_cu(x);
	for (t = 1; t < x->n; t++)
		if (x->cu_of[t] && x->kind[t] == BTFX_KIND_VAR && parent[t])
			x->cu_of[t] = x->cu_of[parent[t]];
	for (t = 1; t < x->n; t++) {
		uint32_t target = x->refs[x->off[t]];

		if (x->cu_of[t] && x->kind[t] == BTFX_KIND_DECL_TAG)
			x->cu_of[t] = x->cu_of[target] ? x->cu_of[target] : next_cu(x);
	}
	memset(indeg, 0, (size_t)x->n * sizeof(*indeg));
	memset(parent, 0, (size_t)x->n * sizeof(*parent));
	/* What no root reaches (a cycle of anonymous types) becomes a root. */
	for (t = 1; t < x->n; t++)
		if (x->cu_of[t])
			mark_from(x, t, x->seen, 1);
	for (t = 1; t < x->n; t++)
		if (x->seen[t] != 1) {
			x->cu_of[t] = next_cu(x);
			mark_from(x, t, x->seen, 1);
		}
	memset(x->seen, 0, (size_t)x->n * sizeof(*x->seen));
}

/* The roots grouped by unit, in id order within a unit; 0 or -ENOMEM. */
static int group_roots(struct ex *x)
{
	uint32_t t, c, k = x->o->k;

	x->cu_off = calloc((size_t)k + 1, sizeof(*x->cu_off));
	if (!x->cu_off)
		return -ENOMEM;
	for (t = 1; t < x->n; t++)
		if (x->cu_of[t]) {
			x->cu_off[x->cu_of[t]]++;
			x->nroots++;
		}
	for (c = 0; c < k; c++)
		x->cu_off[c + 1] += x->cu_off[c];
	x->roots = malloc(((size_t)x->nroots + 1) * sizeof(*x->roots));
	if (!x->roots)
		return -ENOMEM;
	for (t = 1; t < x->n; t++)
		if (x->cu_of[t])
			x->roots[x->cu_off[x->cu_of[t] - 1]++] = t;
	for (c = k; c > 0; c--)
		x->cu_off[c] = x->cu_off[c - 1];
	x->cu_off[0] = 0;
	return 0;
}

static uint64_t mix64(uint64_t v)
{
	v += 0x9e3779b97f4a7c15ull;
	v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ull;
	v = (v ^ (v >> 27)) * 0x94d049bb133111ebull;
	return v ^ (v >> 31);
}

/*
 * The closure of unit c's roots into list; returns its length.  The first
 * walk (mark == seen) stamps direct[] for roots and the targets of non-PTR
 * references; the second (mark == seen2) does not enter FWDs.
 */
static uint32_t closure(struct ex *x, uint32_t c, uint32_t *mark)
{
	uint32_t stamp = c + 1, sp = 0, len = 0, i, t;
	int first = mark == x->seen;

	for (i = x->cu_off[c]; i < x->cu_off[c + 1]; i++) {
		t = x->roots[i];
		mark[t] = stamp;
		x->direct[t] = stamp;
		x->stack[sp++] = t;
	}
	while (sp) {
		t = x->stack[--sp];
		x->list[len++] = t;
		if (!first && x->fwd[t] == stamp)
			continue;
		for (i = x->off[t]; i < x->off[t + 1]; i++) {
			uint32_t r = x->refs[i];

			if (!r)
				continue;
			if (first && x->kind[t] != BTFX_KIND_PTR)
				x->direct[r] = stamp;
			if (mark[r] != stamp) {
				mark[r] = stamp;
				x->stack[sp++] = r;
			}
		}
	}
	return len;
}

/* Choose unit c's FWDs among the types of its first walk; their number. */
static uint32_t pick_fwds(struct ex *x, uint32_t c, uint32_t len)
{
	uint32_t stamp = c + 1, i, nr = 0;

	for (i = 0; i < len; i++) {
		uint32_t t = x->list[i];
		uint64_t h;

		if ((x->kind[t] != BTFX_KIND_STRUCT && x->kind[t] != BTFX_KIND_UNION) ||
		    x->direct[t] == stamp || !btfx_type_by_id(x->src, t)->name_off)
			continue;
		h = mix64(x->o->seed ^ mix64(((uint64_t)c << 32) | t));
		if (h % 100 < x->o->fwd_pct) {
			x->fwd[t] = stamp;
			nr++;
		}
	}
	return nr;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int remap(void *ctx, uint32_t *field)
{
	*field = ((const uint32_t *)ctx)[*field];
	return 0;
}

/* Append one type of unit c to out; 0 or -errno. */
static int emit(struct ex *x, struct btfx *out, uint32_t stamp, uint32_t t)
{
	int id, r;

	if (x->fwd[t] == stamp)
		return btfx_add_fwd(out, btfx_name_by_id(x->src, t),
				    x->kind[t] == BTFX_KIND_UNION ? BTFX_FWD_UNION
								  : BTFX_FWD_STRUCT);
	id = btfx_add_type_copy(out, x->src, t);
	if (id < 0 || x->off[t] == x->off[t + 1])
		return id;
	r = btfx_visit_type_ids(out, (uint32_t)id, remap, x->newid);
	return r < 0 ? r : id;
}

/* Append unit c to out. */
static int do_unit(struct ex *x, struct btfx *out, uint32_t c, struct explode_stats *st)
{
	uint32_t len, i, nfwd = 0, base = btfx_type_cnt(out);
	int r;

	len = closure(x, c, x->seen);
	if (x->o->fwd_pct && pick_fwds(x, c, len)) {
		len = closure(x, c, x->seen2);
		for (i = 0; i < len; i++)
			nfwd += x->fwd[x->list[i]] == c + 1;
	}
	qsort(x->list, len, sizeof(*x->list), cmp_u32);
	if ((uint64_t)base + len - 1 > BTFX_MAX_TYPE)
		return -E2BIG;
	for (i = 0; i < len; i++)
		x->newid[x->list[i]] = base + i;
	for (i = 0; i < len; i++) {
		r = emit(x, out, c + 1, x->list[i]);
		if (r < 0)
			return r;
	}
	st->out_types += len;
	st->fwds += nfwd;
	if (len > st->max_cu)
		st->max_cu = len;
	return 0;
}

static void ex_free(struct ex *x)
{
	free(x->off);
	free(x->refs);
	free(x->kind);
	free(x->cu_of);
	free(x->cu_off);
	free(x->roots);
	free(x->seen);
	free(x->seen2);
	free(x->direct);
	free(x->fwd);
	free(x->newid);
	free(x->list);
	free(x->stack);
}

static int ex_alloc(struct ex *x)
{
	size_t n = x->n;

	x->off = calloc(n + 1, sizeof(*x->off));
	x->kind = calloc(n, 1);
	x->cu_of = calloc(n, sizeof(*x->cu_of));
	x->seen = calloc(n, sizeof(*x->seen));
	x->seen2 = calloc(n, sizeof(*x->seen2));
	x->direct = calloc(n, sizeof(*x->direct));
	x->fwd = calloc(n, sizeof(*x->fwd));
	x->newid = calloc(n, sizeof(*x->newid));
	x->list = calloc(n, sizeof(*x->list));
	x->stack = calloc(n, sizeof(*x->stack));
	if (!x->off || !x->kind || !x->cu_of || !x->seen || !x->seen2 || !x->direct ||
	    !x->fwd || !x->newid || !x->list || !x->stack)
		return -ENOMEM;
	return 0;
}

int explode(const struct btfx *src, const struct explode_opts *opts, struct btfx **out,
	    struct explode_stats *st_out)
{
	struct explode_stats st = { 0 };
	struct ex x = { .src = src, .o = opts, .n = btfx_type_cnt(src) };
	uint32_t c;
	int r;

	*out = NULL;
	if (!opts->k || opts->fwd_pct > 100 || btfx_start_id(src) != 1)
		return -EINVAL;
	r = ex_alloc(&x);
	if (!r)
		r = read_graph(&x);
	if (!r) {
		pick_roots(&x);
		r = group_roots(&x);
	}
	if (!r) {
		*out = btfx_new();
		if (!*out)
			r = -ENOMEM;
	}
	for (c = 0; !r && c < opts->k; c++)
		r = do_unit(&x, *out, c, &st);
	st.in_types = x.n - 1;
	st.roots = x.nroots;
	if (st_out)
		*st_out = st;
	ex_free(&x);
	return r;
}
