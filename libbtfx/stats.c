// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * stats.c - counts and bytes of an object's own types, by kind, and of its
 * own strings.
 *
 * A kind's vlen total counts trailing records only (members, enumerators,
 * params, secinfos, and the elements of an unknown kind whose layout has
 * them); a FUNC's vlen is its linkage and is not counted.  str_cnt counts
 * every NUL-terminated string of the own section, the "" at its start
 * included.  total_bytes is the size of a classic blob: the 24-byte header,
 * the types and the strings.
 *
 * struct btfx_stats is an output with a leading sz: a caller built against
 * an older, shorter struct gets the fields that fit in sz bytes; bytes past
 * what this version knows must be zero (and are left so), as for opts.
 */
#include "internal.h"

/* Does a kind's vlen count trailing records? */
static int vlen_is_records(const struct btfx *btf, unsigned int kind)
{
	if (btfx__kind_known(kind))
		return btfx__kinds[kind].elem_sz != 0;
	return btfx__layout_of(btf, kind) && btfx__layout_of(btf, kind)->elem_sz != 0;
}

static void count_types(const struct btfx *btf, struct btfx_stats *st)
{
	uint32_t id, cnt = btfx_type_cnt(btf);

	for (id = btfx_start_id(btf); id < cnt; id++) {
		const struct btfx_type *t = btfx_type_by_id(btf, id);
		unsigned int kind = btfx_kind(t);
		struct btfx_kind_stats *k = &st->kinds[kind];

		k->count++;
		if (vlen_is_records(btf, kind))
			k->vlen += btfx_vlen(t);
		k->bytes += btfx_record_len(btf, id);
		st->type_cnt++;
	}
}

static uint32_t count_strings(const struct btfx *btf)
{
	const char *p = (const char *)btf->strs.data.data;
	const char *end = p + btf->strs.data.len;
	uint32_t n = 0;

	while (p && p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));

		if (!nul)
			break;
		n++;
		p = nul + 1;
	}
	return n;
}

int btfx_stats(const struct btfx *btf, struct btfx_stats *stats)
{
	struct btfx_stats st;
	size_t n;

	if (!btf || !stats || btfx__opts_valid(stats, stats->sz, sizeof(*stats)))
		return -EINVAL;
	if (btf->nr_flushed)
		return btfx__check_whole(btf, "stats");
	memset(&st, 0, sizeof(st));
	count_types(btf, &st);
	st.str_cnt = count_strings(btf);
	st.type_bytes = btfx_type_sec_len(btf);
	st.str_bytes = btfx_str_sec_len(btf);
	st.total_bytes = BTFX_HDR_LEN_CLASSIC + st.type_bytes + st.str_bytes;

	n = stats->sz < sizeof(st) ? stats->sz : sizeof(st);
	memcpy((char *)stats + sizeof(size_t), (const char *)&st + sizeof(size_t),
	       n - sizeof(size_t));
	return 0;
}
