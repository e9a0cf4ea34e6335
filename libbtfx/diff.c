// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * diff.c - what changed between two objects, and what it costs in bytes.
 *
 * Type ids move between two builds, so types are matched by a key that
 * does not depend on them:
 *
 * - a named type (but a tag or a reference) is "KIND name";
 * - a reference kind (PTR, CONST, VOLATILE, RESTRICT, ARRAY, FUNC_PROTO,
 *   TYPE_TAG, DECL_TAG) is keyed by its structure: its kind, name, numbers
 *   and the keys of the types it refers to ("PTR STRUCT foo", "ARRAY[4]
 *   INT int", "FUNC_PROTO(INT int,PTR ...)INT int"), so the one pointer to
 *   struct foo is the same type in both objects whatever its id;
 * - any other anonymous type (an inner struct, union or enum) is keyed by
 *   its place: the key of the first type that reaches it, breadth first
 *   from the named types in id order, and the step taken (".member" or
 *   ".#i" for an element, "^" for the type word, "@i" for an info word),
 *   through references too ("STRUCT foo.u", "STRUCT foo.p^");
 * - what no named type reaches is "KIND (anon)#n", n counting those of its
 *   kind in id order.
 *
 * Keys longer than KEY_MAX end in "~" and a 64-bit hash of the whole key.
 * Equal keys (two structs 'foo') are told apart by their order.  Matched
 * types are "changed" when their contents differ: the fields of the record
 * with type ids replaced by keys and string offsets by strings (compared by
 * a 64-bit FNV-1a hash of that text).  Bytes come from btfx_stats() of the
 * two objects, so the totals are those of the blobs btfx_write() makes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "json.h"

#define KEY_MAX 480
#define KEY_DEPTH 32
#define OUT_FLUSH 32768
#define NO_KEY UINT32_MAX
#define FNV_INIT 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

_Static_assert(sizeof(struct btfx_diff_opts) == sizeof(size_t) + 8 + sizeof(void *),
	       "btfx_diff_opts padding");

/* A key being built: bounded text and a hash of all of it. */
struct kb {
	char s[KEY_MAX + 20];
	size_t len;
	uint64_t h;
	int cut;
};

static void kb_put(struct kb *k, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		k->h = (k->h ^ (unsigned char)s[i]) * FNV_PRIME;
	if (k->cut || n > KEY_MAX - k->len) {
		k->cut = 1;
		return;
	}
	memcpy(k->s + k->len, s, n);
	k->len += n;
}

static void kb_str(struct kb *k, const char *s)
{
	kb_put(k, s, strlen(s));
}

static void kb_num(struct kb *k, uint64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);

	kb_put(k, tmp, (size_t)n);
}

static const char *kb_end(struct kb *k)
{
	if (k->cut)
		k->len += (size_t)snprintf(k->s + k->len, sizeof(k->s) - k->len, "~%016llx",
					   (unsigned long long)k->h);
	k->s[k->len] = '\0';
	return k->s;
}

/* One object's own types and their keys. */
struct side {
	const struct btfx *btf;
	uint32_t start, n;
	uint32_t *key; /* n offsets into keys, NO_KEY until known */
	uint8_t *busy; /* n: a reference's key is being made (cycles) */
	uint32_t *queue;
	struct btfx_buf keys;
	struct btfx_stats st;
	int err;
};

/* A matched or unmatched type, for sorting and merging. */
struct ent {
	const char *key;
	uint32_t id;
	uint32_t occ;
};

static int is_ref_kind(unsigned int kind)
{
	switch (kind) {
	case BTFX_KIND_PTR:
	case BTFX_KIND_CONST:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_ARRAY:
	case BTFX_KIND_FUNC_PROTO:
	case BTFX_KIND_TYPE_TAG:
	case BTFX_KIND_DECL_TAG:
		return 1;
	default:
		return 0;
	}
}

static const char *kname(unsigned int kind)
{
	return btfx__kind_known(kind) ? btfx__kinds[kind].name : "UNKNOWN";
}

static const char *name_of(const struct btfx *btf, uint32_t off)
{
	const char *s = off ? btfx_str_by_offset(btf, off) : NULL;

	return s ? s : "";
}

static uint32_t ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static const struct btfx_type *own(const struct side *s, uint32_t i)
{
	return btfx_type_by_id(s->btf, s->start + i);
}

/* Store a finished key for own index i (NO_KEY: only return its offset). */
static uint32_t set_key(struct side *s, uint32_t i, struct kb *k)
{
	const char *t = kb_end(k);
	uint32_t off = (uint32_t)s->keys.len;

	if (s->err || btfx__buf_append(&s->keys, t, strlen(t) + 1)) {
		s->err = -ENOMEM;
		return 0;
	}
	if (i != NO_KEY)
		s->key[i] = off;
	return off;
}

static const char *key_at(const struct side *s, uint32_t off)
{
	return s->err ? "" : (const char *)s->keys.data + off;
}

static uint32_t ref_key(struct side *s, uint32_t id, int depth);

/* Append the key of type id to k. */
static void kb_type(struct side *s, struct kb *k, uint32_t id, int depth)
{
	uint32_t off = ref_key(s, id, depth);

	kb_str(k, key_at(s, off));
}

/* The key of a type outside the own range: void, or a base type. */
static uint32_t ext_key(struct side *s, uint32_t id)
{
	const struct btfx_type *t = btfx_type_by_id(s->btf, id);
	struct kb k = { .h = FNV_INIT };

	if (!id) {
		kb_str(&k, "void");
	} else if (!t) {
		kb_str(&k, "(bad)#");
		kb_num(&k, id);
	} else {
		kb_str(&k, kname(btfx_kind(t)));
		kb_str(&k, " ");
		if (t->name_off)
			kb_str(&k, name_of(s->btf, t->name_off));
		else
			kb_num(&k, id); /* the base is shared: its ids are stable */
	}
	return set_key(s, NO_KEY, &k);
}

/* The fields of record t, ids as keys, into k (keys and contents alike). */
static void kb_record(struct side *s, struct kb *k, const struct btfx_type *t, int depth)
{
	unsigned int kind = btfx_kind(t);
	const struct btfx_kind_desc *d = &btfx__kinds[kind];
	const uint8_t *p = (const uint8_t *)(t + 1);
	uint32_t i, w, vlen = btfx_vlen(t);

	kb_str(k, kname(kind));
	kb_str(k, " ");
	kb_str(k, name_of(s->btf, t->name_off));
	kb_put(k, btfx_kflag(t) ? "!" : "", btfx_kflag(t));
	kb_str(k, "(");
	if (d->last == BTFX__LAST_TYPE)
		kb_type(s, k, t->type, depth);
	else
		kb_num(k, d->last == BTFX__LAST_SIZE ? t->size : 0);
	for (w = 0; w < d->info_sz / 4u; w++, p += 4) {
		kb_str(k, ",");
		if (d->info_ids & (1u << w))
			kb_type(s, k, ld32(p), depth);
		else
			kb_num(k, ld32(p));
	}
	for (i = 0; i < vlen && d->elem_sz; i++) {
		kb_str(k, i ? ";" : "|");
		for (w = 0; w < d->elem_sz / 4u; w++, p += 4) {
			kb_str(k, w ? "," : "");
			if (d->elem_ids & (1u << w))
				kb_type(s, k, ld32(p), depth);
			else if (d->elem_strs & (1u << w))
				kb_str(k, name_of(s->btf, ld32(p)));
			else
				kb_num(k, ld32(p));
		}
	}
	kb_str(k, ")");
}

/* Key offset of any type id; references get theirs made on first use. */
static uint32_t ref_key(struct side *s, uint32_t id, int depth)
{
	uint32_t i = id - s->start;
	struct kb k = { .h = FNV_INIT };

	if (id < s->start || i >= s->n)
		return ext_key(s, id);
	if (!is_ref_kind(btfx_kind(own(s, i))) || s->busy[i] == 2)
		return s->key[i];
	if (s->busy[i] || depth > KEY_DEPTH) {
		/* A cycle of references (malformed, but loadable): its place. */
		kb_str(&k, "(cycle)#");
		kb_num(&k, id);
		return set_key(s, NO_KEY, &k);
	}
	s->busy[i] = 1;
	kb_record(s, &k, own(s, i), depth + 1);
	s->busy[i] = 2;
	return set_key(s, i, &k);
}

/* Give own index j (reached from key pk by step) its place, once; queue it. */
static void place(struct side *s, uint32_t *qn, uint32_t id, const char *pk, const char *step,
		  uint32_t num)
{
	uint32_t j = id - s->start;
	struct kb k = { .h = FNV_INIT };

	if (id < s->start || j >= s->n || s->key[j] != NO_KEY)
		return;
	kb_str(&k, kname(btfx_kind(own(s, j))));
	kb_str(&k, " ");
	kb_str(&k, pk);
	kb_str(&k, step);
	if (num != NO_KEY)
		kb_num(&k, num);
	set_key(s, j, &k);
	s->queue[(*qn)++] = j;
}

/* The places of what own index i refers to. */
static void place_refs(struct side *s, uint32_t *qn, uint32_t i)
{
	const struct btfx_type *t = own(s, i);
	const struct btfx_kind_desc *d = &btfx__kinds[btfx_kind(t)];
	const uint8_t *p = (const uint8_t *)(t + 1), *e;
	uint32_t n, w, vlen = btfx_vlen(t);
	char pk[KEY_MAX + 20];

	/* The key moves when the pool grows: work from a copy. */
	snprintf(pk, sizeof(pk), "%s", key_at(s, s->key[i]));
	if (d->last == BTFX__LAST_TYPE)
		place(s, qn, t->type, pk, "^", NO_KEY);
	for (w = 0; w < d->info_sz / 4u; w++)
		if (d->info_ids & (1u << w))
			place(s, qn, ld32(p + 4 * w), pk, "@", w);
	for (n = 0, e = p + d->info_sz; n < vlen && d->elem_sz; n++, e += d->elem_sz) {
		const char *name = "";

		for (w = 0; w < d->elem_sz / 4u; w++)
			if (d->elem_strs & (1u << w))
				name = name_of(s->btf, ld32(e + 4 * w));
		for (w = 0; w < d->elem_sz / 4u; w++) {
			if (!(d->elem_ids & (1u << w)))
				continue;
			if (*name) {
				char step[KEY_MAX];

				snprintf(step, sizeof(step), ".%s", name);
				place(s, qn, ld32(e + 4 * w), pk, step, NO_KEY);
			} else {
				place(s, qn, ld32(e + 4 * w), pk, ".#", n);
			}
		}
	}
}

/* Keys of every own type: names, places, then the references' structure. */
static void make_keys(struct side *s)
{
	uint32_t i, qh = 0, qn = 0, cnt[BTFX_MAX_KIND + 1] = { 0 };

	for (i = 0; i < s->n; i++) {
		const struct btfx_type *t = own(s, i);
		struct kb k = { .h = FNV_INIT };

		if (!t->name_off || is_ref_kind(btfx_kind(t)))
			continue;
		kb_str(&k, kname(btfx_kind(t)));
		kb_str(&k, " ");
		kb_str(&k, name_of(s->btf, t->name_off));
		set_key(s, i, &k);
		s->queue[qn++] = i;
	}
	while (qh < qn && !s->err)
		place_refs(s, &qn, s->queue[qh++]);
	for (i = 0; i < s->n && !s->err; i++) {
		unsigned int kind = btfx_kind(own(s, i));
		struct kb k = { .h = FNV_INIT };

		if (s->key[i] != NO_KEY || is_ref_kind(kind))
			continue;
		kb_str(&k, kname(kind));
		kb_str(&k, " (anon)#");
		kb_num(&k, cnt[kind & BTFX_MAX_KIND]++);
		set_key(s, i, &k);
	}
	for (i = 0; i < s->n && !s->err; i++)
		if (is_ref_kind(btfx_kind(own(s, i))))
			ref_key(s, s->start + i, 0);
}

static void side_zero(struct side *s, const struct btfx *btf)
{
	memset(s, 0, sizeof(*s));
	s->btf = btf;
	s->start = btfx_start_id(btf);
	s->n = btfx_type_cnt(btf) - s->start;
	btfx__buf_init(&s->keys, &btf->mem);
}

static int side_init(struct side *s)
{
	const struct btfx_allocator *a = &s->btf->mem;

	s->st.sz = sizeof(s->st);
	if (btfx_stats(s->btf, &s->st))
		return -EINVAL;
	s->key = btfx__mem_realloc_array(a, NULL, s->n + 1, sizeof(*s->key));
	s->queue = btfx__mem_realloc_array(a, NULL, s->n + 1, sizeof(*s->queue));
	s->busy = btfx__mem_alloc(a, s->n + 1);
	if (!s->key || !s->queue || !s->busy)
		return -ENOMEM;
	memset(s->key, 0xff, (size_t)s->n * sizeof(*s->key));
	memset(s->busy, 0, s->n);
	make_keys(s);
	return s->err;
}

static void side_free(struct side *s)
{
	const struct btfx_allocator *a = &s->btf->mem;

	btfx__mem_free(a, s->key);
	btfx__mem_free(a, s->queue);
	btfx__mem_free(a, s->busy);
	btfx__buf_free(&s->keys);
}

static int ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* The own types of s sorted by key, numbered within equal keys. */
static struct ent *side_ents(const struct side *s)
{
	struct ent *e = btfx__mem_realloc_array(&s->btf->mem, NULL, s->n + 1, sizeof(*e));
	uint32_t i;

	if (!e)
		return NULL;
	for (i = 0; i < s->n; i++) {
		e[i].key = key_at(s, s->key[i]);
		e[i].id = s->start + i;
	}
	qsort(e, s->n, sizeof(*e), ent_cmp);
	for (i = 0; i < s->n; i++)
		e[i].occ = i && !strcmp(e[i].key, e[i - 1].key) ? e[i - 1].occ + 1 : 0;
	return e;
}

/* Content hash of a record (its fields, ids as keys). */
static uint64_t content(struct side *s, uint32_t id)
{
	struct kb k = { .h = FNV_INIT };

	kb_record(s, &k, btfx_type_by_id(s->btf, id), 0);
	return k.h;
}

/* Bytes of an own record in the type section, whatever its kind. */
static uint32_t rec_bytes(const struct btfx *btf, uint32_t id)
{
	uint32_t i = id - btf->start_id;
	size_t end = i + 1 < btf->nr_types ? btf->type_offs[i + 1] : btf->types.len;

	return (uint32_t)(end - btf->type_offs[i]);
}

/* Output: text gathered in a buffer, handed to the callback in chunks. */
struct dout {
	btfx_print_fn fn;
	void *ctx;
	int err;
	int json;
	struct btfx_buf b;
};

static void d_flush(struct dout *o)
{
	if (o->b.len && !o->err)
		o->err = o->fn(o->ctx, (const char *)o->b.data, o->b.len);
	o->b.len = 0;
}

static void d_put(struct dout *o, const char *s, size_t n)
{
	if (o->err)
		return;
	if (btfx__buf_append(&o->b, s, n))
		o->err = -ENOMEM;
	else if (o->b.len >= OUT_FLUSH)
		d_flush(o);
}

static void d_put_cb(void *ctx, const char *s, size_t n)
{
	d_put(ctx, s, n);
}

static void __attribute__((format(printf, 2, 3))) d_printf(struct dout *o, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	d_put(o, tmp, n < (int)sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* A key as text (as it is) or as a JSON string. */
static void d_key(struct dout *o, const char *key)
{
	if (o->json)
		btfx__json_str(key, d_put_cb, o);
	else
		d_put(o, key, strlen(key));
}

/* One matched pair or lone type: op '+', '-' or '~'. */
struct res {
	char op;
	const struct ent *old, *new;
};

static void print_res(struct dout *o, const struct side *so, const struct side *sn,
		      const struct res *r, int first)
{
	const struct ent *e = r->old ? r->old : r->new;
	const struct side *s = r->old ? so : sn;
	uint32_t ob = r->old ? rec_bytes(so->btf, r->old->id) : 0;
	uint32_t nb = r->new ? rec_bytes(sn->btf, r->new->id) : 0;

	if (!o->json) {
		d_printf(o, "%c ", r->op);
		d_key(o, e->key);
		if (e->occ)
			d_printf(o, " #%u", e->occ);
		if (r->op == '~')
			d_printf(o, " [%u -> %u] %u -> %u bytes (%+lld)\n", r->old->id, r->new->id,
				 ob, nb, (long long)nb - ob);
		else
			d_printf(o, " [%u] %u bytes\n", e->id, r->old ? ob : nb);
		return;
	}
	d_printf(o, "%s{\"kind\":\"%s\",\"key\":", first ? "" : ",",
		 kname(btfx_kind(btfx_type_by_id(s->btf, e->id))));
	d_key(o, e->key);
	d_printf(o,
		 ",\"occurrence\":%u,\"old_id\":%u,\"new_id\":%u,\"old_bytes\":%u,"
		 "\"new_bytes\":%u}",
		 e->occ, r->old ? r->old->id : 0, r->new ? r->new->id : 0, ob, nb);
}

/* The types of one op, in key order. */
static void print_op(struct dout *o, const struct side *so, const struct side *sn,
		     const struct res *r, size_t nr, char op, const char *name)
{
	size_t i;
	int first = 1;

	if (o->json)
		d_printf(o, "\"%s\":[", name);
	for (i = 0; i < nr; i++) {
		if (r[i].op != op)
			continue;
		print_res(o, so, sn, &r[i], first);
		first = 0;
	}
	if (o->json)
		d_put(o, "],", 2);
}

static void print_row(struct dout *o, const char *what, uint64_t oc, uint64_t nc, uint64_t ob,
		      uint64_t nb, int counts)
{
	long long d = (long long)(nb - ob);

	if (o->json) {
		d_printf(o, "{\"what\":\"%s\",", what);
		if (counts)
			d_printf(o, "\"old_count\":%llu,\"new_count\":%llu,",
				 (unsigned long long)oc, (unsigned long long)nc);
		d_printf(o, "\"old_bytes\":%llu,\"new_bytes\":%llu,\"delta\":%lld}",
			 (unsigned long long)ob, (unsigned long long)nb, d);
		return;
	}
	if (counts)
		d_printf(o, "%-12s %9llu %9llu", what, (unsigned long long)oc,
			 (unsigned long long)nc);
	else
		d_printf(o, "%-12s %9s %9s", what, "", "");
	d_printf(o, " %11llu %11llu %+10lld\n", (unsigned long long)ob, (unsigned long long)nb, d);
}

/* Bytes by kind (kinds that differ), types, strings and the whole blob. */
static void print_bytes(struct dout *o, const struct btfx_stats *a, const struct btfx_stats *b)
{
	unsigned int k;
	int first = 1;

	if (o->json)
		d_put(o, "\"bytes\":[", 9);
	else
		d_printf(o, "%-12s %9s %9s %11s %11s %10s\n", "", "old types", "new types",
			 "old bytes", "new bytes", "delta");
	for (k = 0; k <= BTFX_MAX_KIND; k++) {
		const struct btfx_kind_stats *x = &a->kinds[k], *y = &b->kinds[k];

		if (x->count == y->count && x->bytes == y->bytes)
			continue;
		if (o->json && !first)
			d_put(o, ",", 1);
		first = 0;
		print_row(o, kname(k), x->count, y->count, x->bytes, y->bytes, 1);
	}
	d_put(o, ",", o->json && !first);
	print_row(o, "types", a->type_cnt, b->type_cnt, a->type_bytes, b->type_bytes, 1);
	d_put(o, ",", o->json);
	print_row(o, "strings", a->str_cnt, b->str_cnt, a->str_bytes, b->str_bytes, 1);
	d_put(o, ",", o->json);
	print_row(o, "total", 0, 0, a->total_bytes, b->total_bytes, 0);
	if (o->json)
		d_put(o, "]", 1);
}

/* Merge the sorted entries: r gets every added, removed and changed type. */
static size_t merge(struct side *so, struct side *sn, const struct ent *eo, const struct ent *en,
		    struct res *r)
{
	uint32_t i = 0, j = 0;
	size_t nr = 0;

	while (i < so->n || j < sn->n) {
		int c = i >= so->n ? 1 : j >= sn->n ? -1 : strcmp(eo[i].key, en[j].key);

		if (!c)
			c = (eo[i].occ > en[j].occ) - (eo[i].occ < en[j].occ);
		if (c < 0) {
			r[nr++] = (struct res){ '-', &eo[i++], NULL };
		} else if (c > 0) {
			r[nr++] = (struct res){ '+', NULL, &en[j++] };
		} else {
			if (rec_bytes(so->btf, eo[i].id) != rec_bytes(sn->btf, en[j].id) ||
			    content(so, eo[i].id) != content(sn, en[j].id))
				r[nr++] = (struct res){ '~', &eo[i], &en[j] };
			i++;
			j++;
		}
	}
	return nr;
}

static void fill_totals(struct btfx_diff_totals *t, const struct res *r, size_t nr,
			const struct btfx_stats *a, const struct btfx_stats *b)
{
	unsigned int k;
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < nr; i++) {
		t->added += r[i].op == '+';
		t->removed += r[i].op == '-';
		t->changed += r[i].op == '~';
	}
	for (k = 0; k <= BTFX_MAX_KIND; k++)
		t->kind_bytes[k] = (int64_t)(b->kinds[k].bytes - a->kinds[k].bytes);
	t->type_bytes = (int64_t)(b->type_bytes - a->type_bytes);
	t->str_bytes = (int64_t)(b->str_bytes - a->str_bytes);
	t->total_bytes = (int64_t)(b->total_bytes - a->total_bytes);
}

static int report(struct dout *o, struct side *so, struct side *sn, const struct res *r, size_t nr,
		  struct btfx_diff_totals *totals)
{
	struct btfx_diff_totals t;
	int same;

	fill_totals(&t, r, nr, &so->st, &sn->st);
	same = !nr && !t.type_bytes && !t.str_bytes && !t.total_bytes &&
	       so->st.str_cnt == sn->st.str_cnt;
	if (totals)
		*totals = t;
	if (o->json)
		d_put(o, "{", 1);
	if (!same || o->json) {
		print_op(o, so, sn, r, nr, '+', "added");
		print_op(o, so, sn, r, nr, '-', "removed");
		print_op(o, so, sn, r, nr, '~', "changed");
		print_bytes(o, &so->st, &sn->st);
	}
	if (o->json)
		d_printf(o, ",\"identical\":%s}\n", same ? "true" : "false");
	d_flush(o);
	return o->err ? o->err : !same;
}

int btfx_diff(const struct btfx *old_btf, const struct btfx *new_btf, btfx_print_fn fn, void *ctx,
	      const struct btfx_diff_opts *opts)
{
	struct side so, sn;
	struct ent *eo = NULL, *en = NULL;
	struct res *r = NULL;
	struct dout o = { fn, ctx, 0, 0, { 0 } };
	uint32_t flags;
	int err;

	if (!old_btf || !new_btf || !fn || BTFX_OPTS_VALID(opts, struct btfx_diff_opts))
		return -EINVAL;
	flags = BTFX_OPTS_GET(opts, flags, 0);
	if ((flags & ~(uint32_t)BTFX_DIFF_JSON) || BTFX_OPTS_GET(opts, reserved, 0))
		return -EINVAL;
	o.json = !!(flags & BTFX_DIFF_JSON);
	btfx__buf_init(&o.b, &old_btf->mem);
	side_zero(&so, old_btf);
	side_zero(&sn, new_btf);
	err = side_init(&so);
	if (!err)
		err = side_init(&sn);
	if (!err) {
		eo = side_ents(&so);
		en = side_ents(&sn);
		r = btfx__mem_realloc_array(&old_btf->mem, NULL, (size_t)so.n + sn.n + 1,
					    sizeof(*r));
		err = eo && en && r ? 0 : -ENOMEM;
	}
	if (!err)
		err = report(&o, &so, &sn, r, merge(&so, &sn, eo, en, r),
			     BTFX_OPTS_GET(opts, totals, NULL));
	btfx__mem_free(&old_btf->mem, r);
	btfx__mem_free(&new_btf->mem, en);
	btfx__mem_free(&old_btf->mem, eo);
	side_free(&sn);
	side_free(&so);
	btfx__buf_free(&o.b);
	return err;
}
