// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * copy.c - append every own type of one object to another
 * (btfx_add_btf()), as libbpf's btf__add_btf() does: the records are
 * copied in one block, then each one's strings are added to the
 * destination and its type ids shifted to where the block lands.
 *
 * Ids below the source's first own id are the shared base's and stay;
 * so do string offsets into the base.  Nothing is published until every
 * record is done: a failure drops the copied block (never counted in the
 * type section) and rolls the strings back to the mark taken first.
 */
#include "internal.h"
#include "names.h"

_Static_assert(sizeof(struct btfx_add_btf_opts) == sizeof(size_t) + sizeof(void *) + 8,
	       "btfx_add_btf_opts: no padding");

struct remap {
	struct btfx *dst;
	const struct btfx *src;
	uint32_t src_start;  /* first own id of src */
	uint32_t dst_first;  /* the id src_start gets */
	int err;
};

static int remap_id(uint32_t *id, void *arg)
{
	struct remap *r = arg;
	uint64_t to;

	if (*id < r->src_start)
		return 0; /* void, or the shared base's */
	to = (uint64_t)*id - r->src_start + r->dst_first;
	if (to > BTFX_MAX_TYPE) {
		r->err = -E2BIG;
		return r->err;
	}
	*id = (uint32_t)to;
	return 0;
}

static int remap_str(uint32_t *off, void *arg)
{
	struct remap *r = arg;
	const char *s;

	if (!*off || *off < r->src->start_str_off)
		return 0; /* "", or the shared base's */
	s = btfx_str_by_offset(r->src, *off);
	if (!s) {
		r->err = -EINVAL;
		return r->err;
	}
	r->err = btfx__add_str(r->dst, s, off);
	return r->err;
}

/* Base, id map and count checks; 0 or a negative errno with the message. */
static int check_args(struct btfx *dst, const struct btfx *src,
		      const struct btfx_add_btf_opts *opts)
{
	if (!src)
		return btfx__err(dst, -EINVAL, "add_btf: NULL source");
	if (BTFX_OPTS_VALID(opts, struct btfx_add_btf_opts) || BTFX_OPTS_GET(opts, flags, 0))
		return btfx__err(dst, -EINVAL, "add_btf: bad opts");
	if (BTFX_OPTS_GET(opts, id_map_cnt, 0) &&
	    BTFX_OPTS_GET(opts, id_map_cnt, 0) < btfx_type_cnt(src))
		return btfx__err(dst, -EINVAL,
				 "add_btf: id map of %u entries, the source has %u ids",
				 BTFX_OPTS_GET(opts, id_map_cnt, 0), btfx_type_cnt(src));
	if (BTFX_OPTS_GET(opts, id_map_cnt, 0) && !BTFX_OPTS_GET(opts, id_map, NULL))
		return btfx__err(dst, -EINVAL, "add_btf: NULL id map");
	if (src->base && src->base != dst->base)
		return btfx__err(dst, -EINVAL, "add_btf: the source is split over a base "
					       "the object does not share");
	if ((uint64_t)btfx_type_cnt(dst) + src->nr_types - 1 > BTFX_MAX_TYPE && src->nr_types)
		return btfx__err(dst, -E2BIG, "add_btf: %u more types pass the largest type id",
				 src->nr_types);
	if (dst->flushed_len + dst->types.len + src->types.len > UINT32_MAX)
		return btfx__err(dst, -E2BIG, "add_btf: type section would pass 4 GiB");
	return 0;
}

/* Rewrite the n records copied at the end of dst's types, offsets filled. */
static int rewrite(struct remap *r, uint32_t n)
{
	struct btfx *dst = r->dst;
	uint32_t i;

	for (i = 0; i < n; i++) {
		struct btfx_type *t = (struct btfx_type *)(dst->types.data +
							   dst->type_offs[dst->nr_types + i]);
		uint32_t src_id = r->src_start + i;

		if (!btfx__kind_known(btfx_kind(t)))
			return btfx__err(dst, -ENOTSUP,
					 "add_btf: source [%u] is of unknown kind %u", src_id,
					 btfx_kind(t));
		if (btfx__visit_type_ids(t, remap_id, r))
			return btfx__err(dst, r->err, "add_btf: source [%u]: type ids pass %u",
					 src_id, BTFX_MAX_TYPE);
		/* Adding a string may move dst's buffers, not its types. */
		if (btfx__visit_str_offs(t, remap_str, r))
			return btfx__err(dst, r->err, "add_btf: source [%u]: strings: %s", src_id,
					 btfx_strerror(r->err));
	}
	return 0;
}

/* Reserve room, copy src's records to the end of dst's types. */
static int copy_block(struct btfx *dst, const struct btfx *src, uint32_t n)
{
	size_t at = dst->types.len, len = src->types.len;
	uint32_t i;
	int err;

	err = btfx__make_writable(dst);
	if (!err)
		err = btfx__reserve_type_slots(dst, n);
	if (!err)
		err = btfx__buf_reserve(&dst->types, len);
	if (err)
		return btfx__err(dst, err, "add_btf: %s", btfx_strerror(err));
	/* src may be dst: read it only now that the buffers stopped moving. */
	memcpy(dst->types.data + at, src->types.data, len);
	for (i = 0; i < n; i++)
		dst->type_offs[dst->nr_types + i] = (uint32_t)at + src->type_offs[i];
	return 0;
}

static void publish(struct btfx *dst, uint32_t n, size_t len)
{
	uint32_t i;

	dst->types.len += len;
	for (i = 0; i < n; i++) {
		dst->nr_types++;
		btfx__names_added(dst, dst->start_id + dst->nr_types - 1);
	}
	btfx__invalidate(dst);
}

static void fill_id_map(const struct btfx_add_btf_opts *opts, uint32_t src_start, uint32_t n,
			uint32_t first)
{
	uint32_t *map = BTFX_OPTS_GET(opts, id_map, NULL), i;

	if (!BTFX_OPTS_GET(opts, id_map_cnt, 0))
		return;
	for (i = 0; i < src_start; i++)
		map[i] = i;
	for (i = 0; i < n; i++)
		map[src_start + i] = first + i;
}

int btfx_add_btf_opts(struct btfx *dst, const struct btfx *src,
		      const struct btfx_add_btf_opts *opts)
{
	struct remap r;
	uint32_t n;
	size_t mark, len;
	int err;

	if ((err = check_args(dst, src, opts)))
		return err;
	if (src->nr_flushed)
		return btfx__err(dst, -EBUSY, "add_btf: %u types of the source were flushed",
				 src->nr_flushed);
	n = src->nr_types;
	len = src->types.len;
	r.dst = dst;
	r.src = src;
	r.src_start = src->start_id;
	r.dst_first = btfx_type_cnt(dst);
	r.err = 0;
	if (n) {
		mark = btfx__str_mark(dst);
		if ((err = copy_block(dst, src, n)))
			return err;
		if ((err = rewrite(&r, n))) {
			btfx__str_rollback(dst, mark);
			return err;
		}
		publish(dst, n, len);
	}
	fill_id_map(opts, r.src_start, n, r.dst_first);
	return (int)r.dst_first;
}

int btfx_add_btf(struct btfx *dst, const struct btfx *src)
{
	return btfx_add_btf_opts(dst, src, NULL);
}
