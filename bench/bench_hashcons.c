// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bench_hashcons.c - how many of an input's types hash-consing on insert
 * (BTFX_NEW_HASHCONS) removes before any graph dedup, and what it costs.
 *
 *   bench_hashcons FILE...
 *
 * Each FILE (raw BTF, e.g. exploded vmlinux from tests/explode) is re-added
 * type by type as a bottom-up encoder adds them: every type after the
 * types it refers to (a depth-first order), each record copied
 * (btfx_add_type_copy()) into an object with and one without
 * BTFX_NEW_HASHCONS, its references rewritten to the ids those types got.
 * A reference that closes a cycle (a struct pointing back to itself) is to
 * a type not added yet: it keeps the input's id, so that record matches no
 * other unit's (and the object is only good for counting); merging those
 * is graph dedup's job (btfx_dedup()).  Prints the types kept, the share
 * removed, and the time per add with and without the flag.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <btfx/btfx.h>

struct remap {
	const uint32_t *map; /* input id -> new id, 0 while not added */
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int remap_id(void *ctx, uint32_t *id)
{
	const struct remap *r = ctx;

	if (*id && r->map[*id])
		*id = r->map[*id];
	return 0;
}

struct order {
	const struct btfx *src;
	uint32_t *out, n, *stack, *next, depth;
	uint8_t *state; /* 0 new, 1 on the stack, 2 done */
};

static int push_ref(void *ctx, uint32_t id)
{
	struct order *o = ctx;

	if (id && !o->state[id]) {
		o->state[id] = 1;
		o->stack[o->depth++] = id;
	}
	return 0;
}

/* Every type after the types it refers to (cycles broken where met). */
static void dfs_order(struct order *o, uint32_t cnt)
{
	uint32_t id, top, before;

	for (id = 1; id < cnt; id++) {
		if (o->state[id])
			continue;
		o->state[id] = 1;
		o->stack[o->depth++] = id;
		while (o->depth) {
			top = o->stack[o->depth - 1];
			before = o->depth;
			if (!o->next[top]++)
				btfx_for_each_type_id(o->src, top, push_ref, o);
			if (o->depth == before) {
				o->depth--;
				if (o->state[top] != 2)
					o->out[o->n++] = top;
				o->state[top] = 2;
			}
		}
	}
}

/* Copy every type of src, in order, into a new object with flags; ids in map. */
static struct btfx *encode(const struct btfx *src, const uint32_t *order, uint32_t flags,
			   uint32_t *map, double *s)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = flags };
	struct btfx *dst = btfx_new_opts(&o), *one;
	uint32_t i, id, cnt = btfx_type_cnt(src);
	struct remap r = { map };
	double t0 = now_s();
	int nid;

	memset(map, 0, cnt * sizeof(*map));
	/* One scratch object per record: copy, rewrite its ids, then add it. */
	one = btfx_new();
	for (i = 0; dst && one && i < cnt - 1; i++) {
		id = order[i];
		btfx_free(one);
		one = btfx_new();
		nid = one ? btfx_add_type_copy(one, src, id) : -1;
		if (nid < 0 || btfx_visit_type_ids(one, 1, remap_id, &r) < 0 ||
		    (nid = btfx_add_type_copy(dst, one, 1)) < 0) {
			fprintf(stderr, "bench_hashcons: [%u]: %s\n", id,
				btfx_errmsg(nid < 0 && dst ? dst : one));
			btfx_free(dst);
			dst = NULL;
			break;
		}
		map[id] = (uint32_t)nid;
	}
	btfx_free(one);
	*s = now_s() - t0;
	return dst;
}

static int one_file(const char *path)
{
	struct btfx *src = btfx_new(), *plain = NULL, *hc = NULL;
	struct order o = { 0 };
	uint32_t n, cnt, kept, *map = NULL;
	double s_plain, s_hc;
	int err;

	if (!src || (err = btfx_load_file(src, path, NULL))) {
		fprintf(stderr, "bench_hashcons: %s: %s\n", path, btfx_errmsg(src));
		return 1;
	}
	cnt = btfx_type_cnt(src);
	n = cnt - 1;
	o.src = src;
	o.out = malloc(cnt * sizeof(*o.out));
	o.stack = malloc(cnt * sizeof(*o.stack));
	o.next = calloc(cnt, sizeof(*o.next));
	o.state = calloc(cnt, 1);
	map = malloc(cnt * sizeof(*map));
	if (o.out && o.stack && o.next && o.state && map) {
		dfs_order(&o, cnt);
		plain = encode(src, o.out, 0, map, &s_plain);
		hc = plain ? encode(src, o.out, BTFX_NEW_HASHCONS, map, &s_hc) : NULL;
	}
	if (hc) {
		kept = btfx_type_cnt(hc) - 1;
		printf("%s: %u types; hash-consed in depth-first order: %u kept, %.1f%% "
		       "removed; %.0f ns per add (%.0f without)\n",
		       path, n, kept, 100.0 * (n - kept) / n, s_hc * 1e9 / n, s_plain * 1e9 / n);
	}
	btfx_free(hc);
	btfx_free(plain);
	btfx_free(src);
	free(map);
	free(o.out);
	free(o.stack);
	free(o.next);
	free(o.state);
	return hc ? 0 : 1;
}

int main(int argc, char **argv)
{
	int i, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_hashcons FILE...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		bad |= one_file(argv[i]);
	return bad;
}
