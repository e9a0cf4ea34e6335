// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dedup_canon.c - the raw dump of an object in a canonical order
 * (dedup_canon.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup_canon.h"

#define HOLE '\x01' /* where a type id was, in a template */

struct sbuf {
	char *p;
	size_t len, cap;
};

struct canon {
	const struct btfx *btf;
	uint32_t start, n;  /* own types: start .. start + n - 1 */
	struct sbuf text;   /* the templates, NUL-terminated, one after another */
	struct sbuf line;   /* one type's dump */
	size_t *tmpl;       /* where type i's template starts in text */
	uint32_t *off;      /* type i references refs[off[i]] .. refs[off[i + 1] - 1] */
	uint32_t *refs;
	size_t nrefs, refs_cap;
	uint64_t *col, *col2;
	uint32_t *order;    /* indexes of types, sorted */
	uint32_t *rep;      /* canonical id printed for a reference to type i */
};

static int sb_add(struct sbuf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = (b->len + len + 1) * 2;
		char *p = realloc(b->p, cap);

		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = 0;
	return 0;
}

static int print_cb(void *ctx, const char *text, size_t len)
{
	return sb_add(ctx, text, len) ? -12 : 0;
}

static int add_ref(struct canon *c, uint32_t id)
{
	if (c->nrefs == c->refs_cap) {
		size_t cap = c->refs_cap ? c->refs_cap * 2 : 1024;
		uint32_t *p = realloc(c->refs, cap * sizeof(*p));

		if (!p)
			return -1;
		c->refs = p;
		c->refs_cap = cap;
	}
	c->refs[c->nrefs++] = id;
	return 0;
}

/* Type i's template and references, from its dump. */
static int parse_type(struct canon *c, uint32_t i)
{
	static const char key[] = "type_id=";
	const char *p, *hit;

	c->line.len = 0;
	if (btfx_dump_type_raw(c->btf, c->start + i, print_cb, &c->line) < 0)
		return -1;
	p = c->line.p ? strchr(c->line.p, ' ') : NULL;
	if (!p)
		return -1;
	p++; /* past "[id] " */
	c->tmpl[i] = c->text.len;
	c->off[i] = (uint32_t)c->nrefs;
	while ((hit = strstr(p, key))) {
		char *end, hole = HOLE;
		unsigned long v;

		hit += sizeof(key) - 1;
		v = strtoul(hit, &end, 10);
		if (sb_add(&c->text, p, (size_t)(hit - p)) || sb_add(&c->text, &hole, 1) ||
		    add_ref(c, (uint32_t)v))
			return -1;
		p = end;
	}
	if (sb_add(&c->text, p, strlen(p) + 1))
		return -1;
	return 0;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdull;
	h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 33);
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
	return mix(h, 0);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Number of distinct colours in col2 (sorted in order's memory, reused). */
static uint32_t distinct(struct canon *c, uint64_t *tmp)
{
	uint32_t i, d = 0;

	memcpy(tmp, c->col2, (size_t)c->n * sizeof(*tmp));
	qsort(tmp, c->n, sizeof(*tmp), cmp_u64);
	for (i = 0; i < c->n; i++)
		d += !i || tmp[i] != tmp[i - 1];
	return d;
}

static uint64_t ref_col(const struct canon *c, uint32_t r)
{
	return r < c->start ? mix(r, 0x5eed) : c->col[r - c->start];
}

/* Colour refinement until the partition is stable; 0 or -1. */
static int refine(struct canon *c)
{
	uint64_t *tmp = malloc(((size_t)c->n + 1) * sizeof(*tmp)), *sw;
	uint32_t i, j, d, prev;

	if (!tmp)
		return -1;
	for (i = 0; i < c->n; i++)
		c->col2[i] = str_hash(c->text.p + c->tmpl[i]);
	prev = distinct(c, tmp);
	for (;;) {
		sw = c->col, c->col = c->col2, c->col2 = sw;
		for (i = 0; i < c->n; i++) {
			uint64_t h = c->col[i];

			for (j = c->off[i]; j < c->off[i + 1]; j++)
				h = mix(h, ref_col(c, c->refs[j]));
			c->col2[i] = h;
		}
		d = distinct(c, tmp);
		if (d == prev)
			break;
		prev = d;
	}
	free(tmp);
	return 0;
}

static const struct canon *sort_ctx; /* for qsort; tests are single-threaded */

static int cmp_type(const void *a, const void *b)
{
	const struct canon *c = sort_ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int r = strcmp(c->text.p + c->tmpl[x], c->text.p + c->tmpl[y]);

	if (r)
		return r;
	if (c->col[x] != c->col[y])
		return c->col[x] < c->col[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Sort, and give each type the canonical id of its colour's first type. */
static void rank(struct canon *c)
{
	uint32_t i, first = 0;

	for (i = 0; i < c->n; i++)
		c->order[i] = i;
	sort_ctx = c;
	qsort(c->order, c->n, sizeof(*c->order), cmp_type);
	for (i = 0; i < c->n; i++) {
		uint32_t t = c->order[i], p = i ? c->order[i - 1] : 0;

		if (!i || c->col[t] != c->col[p] || strcmp(c->text.p + c->tmpl[t],
							   c->text.p + c->tmpl[p]))
			first = i;
		c->rep[t] = c->start + first;
	}
}

static int print_type(struct canon *c, struct sbuf *out, uint32_t pos)
{
	uint32_t t = c->order[pos], j = c->off[t];
	const char *p = c->text.p + c->tmpl[t], *hole;
	char num[32];

	snprintf(num, sizeof(num), "[%u] ", c->start + pos);
	if (sb_add(out, num, strlen(num)))
		return -1;
	while ((hole = strchr(p, HOLE))) {
		uint32_t r = c->refs[j++];

		snprintf(num, sizeof(num), "%u", r < c->start ? r : c->rep[r - c->start]);
		if (sb_add(out, p, (size_t)(hole - p)) || sb_add(out, num, strlen(num)))
			return -1;
		p = hole + 1;
	}
	return sb_add(out, p, strlen(p));
}

static void canon_free(struct canon *c)
{
	free(c->text.p);
	free(c->line.p);
	free(c->tmpl);
	free(c->off);
	free(c->refs);
	free(c->col);
	free(c->col2);
	free(c->order);
	free(c->rep);
}

char *canon_dump(const struct btfx *btf)
{
	struct canon c = { .btf = btf, .start = btfx_start_id(btf) };
	struct sbuf out = { 0 };
	uint32_t i;
	int err = 0;

	c.n = btfx_type_cnt(btf) - c.start;
	c.tmpl = calloc((size_t)c.n + 1, sizeof(*c.tmpl));
	c.off = calloc((size_t)c.n + 1, sizeof(*c.off));
	c.col = calloc((size_t)c.n + 1, sizeof(*c.col));
	c.col2 = calloc((size_t)c.n + 1, sizeof(*c.col2));
	c.order = calloc((size_t)c.n + 1, sizeof(*c.order));
	c.rep = calloc((size_t)c.n + 1, sizeof(*c.rep));
	err = !c.tmpl || !c.off || !c.col || !c.col2 || !c.order || !c.rep || sb_add(&out, "", 0);
	for (i = 0; !err && i < c.n; i++)
		err = parse_type(&c, i);
	c.off[c.n] = (uint32_t)c.nrefs;
	if (!err)
		err = refine(&c);
	if (!err)
		rank(&c);
	for (i = 0; !err && i < c.n; i++)
		err = print_type(&c, &out, i);
	canon_free(&c);
	if (err) {
		free(out.p);
		return NULL;
	}
	return out.p;
}

/* Line number of and pointer to the line holding s[at]. */
static const char *line_at(const char *s, size_t at, unsigned *no)
{
	const char *l = s;
	size_t i;

	*no = 1;
	for (i = 0; i < at; i++)
		if (s[i] == '\n') {
			l = s + i + 1;
			(*no)++;
		}
	return l;
}

char *canon_diff(const char *a, const char *b)
{
	const char *la, *lb;
	size_t i = 0;
	unsigned no;
	char *msg;

	while (a[i] && a[i] == b[i])
		i++;
	if (a[i] == b[i])
		return NULL;
	la = line_at(a, i, &no);
	lb = b + (la - a);
	msg = malloc(1024);
	if (msg)
		snprintf(msg, 1024, "line %u differs:\n< %.*s\n> %.*s", no,
			 (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
	return msg;
}
