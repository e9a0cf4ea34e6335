// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * link.c - the BTF part of a static linker: many objects' .BTF (and
 * .BTF.ext, link_ext.c) merged into one, as lld, bfd or libbpf's
 * bpf_linker (behind `bpftool gen object`) do it.
 *
 * Adding an input checks it and records what finishing needs: its BTF
 * (loaded, with the offsets of its global variables fixed from an ELF
 * symbol table, link_elf.c), its .BTF.ext, the part it contributes to
 * each section and where that part lands, and its VARs and FUNCs with
 * external linkage.  Placement is either given (an offset per section
 * name) or computed as a linker concatenates: each part at the end of the
 * section so far, rounded up to the largest alignment seen, in input
 * order.  A part never placed lands at 0 and keeps the compiler's offsets.
 * The sections "license" and "version" are kept once (libbpf's linker
 * does): a later input's part of one is skipped, with the VARs it lists.
 *
 * Globals are resolved by name when added: each name has one
 * representative, its strong definition, else a weak one, else the first
 * extern.  A second strong definition, a VAR where another input has a
 * FUNC, and types that disagree (the comparison libbpf's linker makes:
 * kinds, names of named types, sizes of scalars, the shape behind
 * pointers, members and parameters) are errors naming both files.  An
 * add is one transaction: on error the link is as it was.
 *
 * Finishing copies every input's types into one object, in input order,
 * except DATASECs and the VARs and FUNCs that are not the representative
 * of their name; references to those go to the representative, and an
 * extern FUNC's parameter names are taken from the definition so that its
 * FUNC_PROTO deduplicates with the definition's.  Then one DATASEC per
 * section name is appended, in order of first appearance: every input's
 * secinfos moved by its part's offset, a global listed once, sorted by
 * offset (stably), sized to the end of the last placed part (or the
 * largest size of an unplaced one).  Then the whole is deduplicated, and
 * each input's map from its ids to the output's is the composition of
 * the two steps.  The .BTF.ext records follow, their strings added to the
 * deduplicated object.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "link.h"
#include "build.h"

_Static_assert(sizeof(struct btfx_link_opts) == 2 * sizeof(size_t) + 8, "btfx_link_opts padding");
_Static_assert(sizeof(struct btfx_link_input_opts) == 4 * sizeof(size_t) + 8,
	       "btfx_link_input_opts padding");
_Static_assert(sizeof(struct btfx_link_sec) == sizeof(size_t) + 32, "btfx_link_sec padding");

#define TAG_GLOB 0x80000000u /* map entry: index of a global, resolved late */
#define TAG_SEC 0x40000000u  /* map entry: index of a section's DATASEC */
#define TAG_MASK 0x3fffffffu

int btfx__link_err(struct btfx_link *link, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(link->errmsg, sizeof(link->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

const char *btfx_link_errmsg(const struct btfx_link *link)
{
	return link ? link->errmsg : "";
}

char *btfx__link_strdup(struct btfx_link *link, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = btfx__mem_alloc(&link->mem, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

struct btfx_link *btfx_link_new(const struct btfx_link_opts *opts)
{
	const struct btfx_allocator *a;
	struct btfx_link *link;
	uint32_t flags;

	if (BTFX_OPTS_VALID(opts, struct btfx_link_opts) || BTFX_OPTS_GET(opts, reserved, 0)) {
		errno = EINVAL;
		return NULL;
	}
	flags = BTFX_OPTS_GET(opts, flags, 0);
	a = btfx__allocator_pick(BTFX_OPTS_GET(opts, allocator, NULL));
	if (!a || (flags & ~(uint32_t)BTFX_LINK_NO_DEDUP)) {
		errno = EINVAL;
		return NULL;
	}
	link = a->realloc(a->ctx, NULL, sizeof(*link));
	if (!link) {
		errno = ENOMEM;
		return NULL;
	}
	memset(link, 0, sizeof(*link));
	link->mem = *a;
	link->flags = flags;
	btfx__buf_init(&link->ext_out, &link->mem);
	return link;
}

static void input_free(struct btfx_link *link, struct link_input *in)
{
	uint32_t i;

	btfx__mem_free(&link->mem, in->name);
	btfx_free(in->btf);
	btfx__mem_free(&link->mem, in->parts);
	for (i = 0; i < in->sym_cnt; i++)
		btfx__mem_free(&link->mem, in->syms[i].name);
	btfx__mem_free(&link->mem, in->syms);
	btfx__mem_free(&link->mem, in->ext);
	btfx__mem_free(&link->mem, in->blocks);
	btfx__mem_free(&link->mem, in->glob);
	btfx__mem_free(&link->mem, in->map);
	memset(in, 0, sizeof(*in));
}

void btfx_link_free(struct btfx_link *link)
{
	struct btfx_allocator mem;
	uint32_t i;

	if (!link)
		return;
	mem = link->mem;
	for (i = 0; i < link->input_cnt; i++)
		input_free(link, &link->inputs[i]);
	for (i = 0; i < link->sec_cnt; i++) {
		btfx__mem_free(&mem, link->secs[i].name);
		btfx__mem_free(&mem, link->secs[i].bytes);
	}
	for (i = 0; i < link->glob_cnt; i++)
		btfx__mem_free(&mem, link->globs[i].name);
	btfx__mem_free(&mem, link->inputs);
	btfx__mem_free(&mem, link->secs);
	btfx__mem_free(&mem, link->globs);
	btfx__mem_free(&mem, link->buckets);
	btfx_free(link->out);
	btfx__buf_free(&link->ext_out);
	btfx__mem_free(&mem, link);
}

struct link_sec *btfx__link_sec(const struct btfx_link *link, const char *name, uint32_t *idx)
{
	uint32_t i;

	for (i = 0; i < link->sec_cnt; i++)
		if (!strcmp(link->secs[i].name, name)) {
			if (idx)
				*idx = i;
			return &link->secs[i];
		}
	return NULL;
}

/* Grow an array of elements of size sz to hold cnt + 1; 0 or -ENOMEM. */
static int grow(struct btfx_link *link, void **arr, uint32_t cnt, size_t sz)
{
	void *p = btfx__mem_realloc_array(&link->mem, *arr, (size_t)cnt + 1, sz);

	if (!p)
		return btfx__link_err(link, -ENOMEM, "link: out of memory");
	*arr = p;
	return 0;
}

/* The section called name: its index, added (not placed) when new. */
int btfx__link_sec_get(struct btfx_link *link, const char *name)
{
	struct link_sec *s;
	uint32_t idx;
	int err;

	if (btfx__link_sec(link, name, &idx))
		return (int)idx;
	if ((err = grow(link, (void **)&link->secs, link->sec_cnt, sizeof(*s))))
		return err;
	s = &link->secs[link->sec_cnt];
	memset(s, 0, sizeof(*s));
	s->name = btfx__link_strdup(link, name);
	if (!s->name)
		return btfx__link_err(link, -ENOMEM, "link: out of memory");
	return (int)link->sec_cnt++;
}

struct link_part *btfx__link_part(const struct link_input *in, uint32_t sec)
{
	uint32_t i;

	for (i = 0; i < in->part_cnt; i++)
		if (in->parts[i].sec == sec)
			return &in->parts[i];
	return NULL;
}

/* A part of the input for every section it names: in secs, and its DATASECs. */
static int parts_collect(struct btfx_link *link, struct link_input *in,
			 const struct link_src *src)
{
	uint32_t i, n = btfx_type_cnt(in->btf);
	struct link_part *p;
	int idx, err;

	for (i = 0; i < src->sec_cnt + n; i++) {
		const struct btfx_link_sec *ls = i < src->sec_cnt ? &src->secs[i] : NULL;
		const struct btfx_type *t = ls ? NULL : btfx_type_by_id(in->btf, i - src->sec_cnt);
		const char *name;

		if (ls && (!ls->name || ls->reserved || (ls->flags & ~(uint32_t)BTFX_LINK_SEC_AT)))
			return btfx__link_err(link, -EINVAL, "%s: bad section entry %u", in->name,
					      i);
		if (!ls && (i == src->sec_cnt || btfx_kind(t) != BTFX_KIND_DATASEC))
			continue;
		name = ls ? ls->name : btfx_str_by_offset(in->btf, t->name_off);
		if ((idx = btfx__link_sec_get(link, name)) < 0)
			return idx;
		p = btfx__link_part(in, (uint32_t)idx);
		if (!p) {
			if ((err = grow(link, (void **)&in->parts, in->part_cnt, sizeof(*p))))
				return err;
			p = &in->parts[in->part_cnt++];
			memset(p, 0, sizeof(*p));
			p->sec = (uint32_t)idx;
			p->size = t ? t->size : 0;
		}
		if (ls) {
			p->placed = 1;
			p->size = ls->size;
			p->off = ls->flags & BTFX_LINK_SEC_AT ? ls->offset : UINT64_MAX;
		}
	}
	return 0;
}

static uint64_t align_of(const struct link_src *src, const char *name)
{
	uint32_t i;

	for (i = 0; i < src->sec_cnt; i++)
		if (!strcmp(src->secs[i].name, name))
			return src->secs[i].align ? src->secs[i].align : 1;
	return 1;
}

/* Where each placed part lands (commit step: cannot fail). */
static void parts_place(struct btfx_link *link, struct link_input *in, const struct link_src *src)
{
	uint32_t i;

	for (i = 0; i < in->part_cnt; i++) {
		struct link_part *p = &in->parts[i];
		struct link_sec *s = &link->secs[p->sec];
		uint64_t a;

		if (p->skipped)
			continue;
		if (!p->placed) {
			if (p->size > s->unplaced_size)
				s->unplaced_size = p->size;
			continue;
		}
		a = align_of(src, s->name);
		if (a > s->align)
			s->align = a;
		if (p->off == UINT64_MAX) {
			/* an empty .text is no part, as for libbpf's linker */
			if (!p->size && !strcmp(s->name, ".text")) {
				p->off = 0;
				continue;
			}
			p->off = (s->end + s->align - 1) / s->align * s->align;
		}
		if (p->off + p->size > s->end)
			s->end = p->off + p->size;
	}
}

/*
 * The sections "license" and "version" are kept once, as libbpf's linker
 * keeps them: the first input's part is the section, a later input's part
 * is skipped (its contents must be the same: its size when both are
 * placed, its bytes when both are known) and so are its VARs there.
 */
static int keep_once(struct btfx_link *link, struct link_input *in, const struct link_src *src,
		     uint32_t old_cnt)
{
	uint32_t i;

	for (i = 0; i < in->part_cnt; i++) {
		struct link_part *p = &in->parts[i], *fp;
		struct link_sec *s = &link->secs[p->sec];
		const void *b = NULL;
		size_t len = 0;

		if (strcmp(s->name, "license") && strcmp(s->name, "version"))
			continue;
		if (src->sec_bytes)
			b = src->sec_bytes(src->fixup_ctx, s->name, &len);
		if (p->sec >= old_cnt) {
			s->first = link->input_cnt;
			if (b && !(s->bytes = btfx__mem_alloc(&link->mem, len ? len : 1)))
				return btfx__link_err(link, -ENOMEM, "link: out of memory");
			if (b)
				memcpy(s->bytes, b, len);
			s->bytes_len = len;
			continue;
		}
		fp = btfx__link_part(&link->inputs[s->first], p->sec);
		if ((fp->placed && p->placed && fp->size != p->size) ||
		    (b && s->bytes && (len != s->bytes_len || memcmp(b, s->bytes, len))))
			return btfx__link_err(link, -EINVAL,
					      "%s: section '%s' differs from the one kept, in %s",
					      in->name, s->name, link->inputs[s->first].name);
		p->skipped = 1;
	}
	return 0;
}

/* Every secinfo of the input inside its part (when the part has a size). */
static int check_vars(struct btfx_link *link, struct link_input *in)
{
	uint32_t i, j, n = btfx_type_cnt(in->btf);

	for (i = 1; i < n; i++) {
		const struct btfx_type *t = btfx_type_by_id(in->btf, i);
		const struct btfx_var_secinfo *v = (const void *)(t + 1);
		const struct link_part *p;
		uint32_t sec = 0;

		if (btfx_kind(t) != BTFX_KIND_DATASEC)
			continue;
		btfx__link_sec(link, btfx_str_by_offset(in->btf, t->name_off), &sec);
		p = btfx__link_part(in, sec);
		if (!p->placed)
			continue;
		for (j = 0; j < btfx_vlen(t); j++) {
			if ((uint64_t)v[j].offset + v[j].size <= p->size)
				continue;
			return btfx__link_err(link, -EINVAL,
					      "%s: '%s': variable at %u size %u is outside its "
					      "section '%s' of size %llu",
					      in->name, btfx_name_by_id(in->btf, v[j].type),
					      v[j].offset, v[j].size, link->secs[sec].name,
					      (unsigned long long)p->size);
		}
	}
	return 0;
}

int btfx__link_add(struct btfx_link *link, const struct link_src *src)
{
	uint32_t sec_cnt = link->sec_cnt;
	struct link_input *in;
	struct btfx_new_opts no = { .sz = sizeof(no), .allocator = &link->mem };
	int err;

	if ((err = grow(link, (void **)&link->inputs, link->input_cnt, sizeof(*in))))
		return err;
	in = &link->inputs[link->input_cnt];
	memset(in, 0, sizeof(*in));
	in->name = btfx__link_strdup(link, src->name);
	in->btf = btfx_new_opts(&no);
	if (!in->name || !in->btf) {
		err = btfx__link_err(link, -ENOMEM, "link: out of memory");
		goto err_out;
	}
	err = btfx_load(in->btf, src->btf, src->btf_len, NULL);
	if (err) {
		btfx__link_err(link, err, "%s: %s", in->name, btfx_errmsg(in->btf));
		goto err_out;
	}
	if ((src->fixup && (err = src->fixup(link, in, src->fixup_ctx))) ||
	    (src->ext && (err = btfx__ext_parse(link, in, src->ext, src->ext_len))) ||
	    (err = parts_collect(link, in, src)) || (err = keep_once(link, in, src, sec_cnt)) ||
	    (err = check_vars(link, in)) ||
	    (err = btfx__link_globals(link, in, link->input_cnt)))
		goto err_out;
	parts_place(link, in, src);
	link->input_cnt++;
	link->errmsg[0] = '\0';
	return (int)link->input_cnt - 1;
err_out:
	input_free(link, in);
	while (link->sec_cnt > sec_cnt) {
		btfx__mem_free(&link->mem, link->secs[--link->sec_cnt].name);
		btfx__mem_free(&link->mem, link->secs[link->sec_cnt].bytes);
	}
	return err;
}

static int check_state(struct btfx_link *link, const char *what)
{
	if (!link)
		return -EINVAL;
	if (link->state != LINK_OPEN)
		return btfx__link_err(link, -EINVAL, "%s: the link is %s", what,
				      link->state == LINK_DONE ? "finished" : "failed");
	return 0;
}

int btfx_link_add_raw(struct btfx_link *link, const void *data, size_t len, const char *name,
		      const struct btfx_link_input_opts *opts)
{
	struct link_src src = { 0 };
	int err;

	if ((err = check_state(link, "link_add_raw")))
		return err;
	if (!data || BTFX_OPTS_VALID(opts, struct btfx_link_input_opts) ||
	    BTFX_OPTS_GET(opts, flags, 0) ||
	    (BTFX_OPTS_GET(opts, sec_cnt, 0) && !BTFX_OPTS_GET(opts, secs, NULL)))
		return btfx__link_err(link, -EINVAL, "link_add_raw: bad argument or opts");
	src.name = name ? name : "(raw)";
	src.btf = data;
	src.btf_len = len;
	src.ext = BTFX_OPTS_GET(opts, ext, NULL);
	src.ext_len = BTFX_OPTS_GET(opts, ext_len, 0);
	src.secs = BTFX_OPTS_GET(opts, secs, NULL);
	src.sec_cnt = BTFX_OPTS_GET(opts, sec_cnt, 0);
	return btfx__link_add(link, &src);
}

uint32_t btfx_link_input_cnt(const struct btfx_link *link)
{
	return link ? link->input_cnt : 0;
}

/* What a map entry of the copy step stands for in the output. */
static uint32_t resolve(const struct btfx_link *link, uint32_t v)
{
	if (v & TAG_GLOB)
		return link->globs[v & TAG_MASK].out_id;
	if (v & TAG_SEC)
		return link->secs[v & TAG_MASK].out_id;
	return v;
}

/* Copy one input's types but its DATASECs and globals represented elsewhere. */
static int copy_input(struct btfx_link *link, uint32_t k, uint32_t **src_of, size_t *src_cap)
{
	struct link_input *in = &link->inputs[k];
	uint32_t i, sec = 0, n = btfx_type_cnt(in->btf);
	int id;

	in->map = btfx__mem_alloc(&link->mem, (size_t)n * sizeof(*in->map));
	if (!in->map)
		return btfx__link_err(link, -ENOMEM, "link: out of memory");
	in->map_cnt = n;
	in->map[0] = 0;
	for (i = 1; i < n; i++) {
		const struct btfx_type *t = btfx_type_by_id(in->btf, i);
		struct link_glob *g = in->glob[i] >= 0 ? &link->globs[in->glob[i]] : NULL;

		if (btfx_kind(t) == BTFX_KIND_DATASEC) {
			btfx__link_sec(link, btfx_str_by_offset(in->btf, t->name_off), &sec);
			if (!btfx__link_part(in, sec)->skipped)
				link->secs[sec].has_datasec = 1;
			in->map[i] = TAG_SEC | sec;
			continue;
		}
		if (in->glob[i] == GLOB_DROPPED) {
			in->map[i] = 0;
			continue;
		}
		if (g && (g->input != k || g->id != i)) {
			in->map[i] = TAG_GLOB | (uint32_t)in->glob[i];
			continue;
		}
		id = btfx_add_type_copy(link->out, in->btf, i);
		if (id < 0)
			return btfx__link_err(link, id, "%s: [%u]: %s", in->name, i,
					      btfx_errmsg(link->out));
		if ((uint32_t)id > TAG_MASK)
			return btfx__link_err(link, -E2BIG, "link: too many types");
		if ((size_t)id >= *src_cap) {
			size_t cap = *src_cap * 2 + 1024;
			uint32_t *p = btfx__mem_realloc_array(&link->mem, *src_of, cap, sizeof(*p));

			if (!p)
				return btfx__link_err(link, -ENOMEM, "link: out of memory");
			*src_of = p;
			*src_cap = cap;
		}
		(*src_of)[id] = k;
		in->map[i] = (uint32_t)id;
		if (g)
			g->out_id = (uint32_t)id;
	}
	return 0;
}

struct remap_ctx {
	const struct btfx_link *link;
	const struct link_input *in;
};

static int remap_cb(void *ctx, uint32_t *field)
{
	const struct remap_ctx *c = ctx;

	if (*field >= c->in->map_cnt)
		return -EINVAL;
	*field = resolve(c->link, c->in->map[*field]);
	return 0;
}

/* Point every copied record at the output's ids. */
static int remap_all(struct btfx_link *link, const uint32_t *src_of)
{
	uint32_t id, n = btfx_type_cnt(link->out);
	struct remap_ctx c = { link, NULL };
	int err;

	for (id = 1; id < n; id++) {
		c.in = &link->inputs[src_of[id]];
		err = btfx_visit_type_ids(link->out, id, remap_cb, &c);
		if (err < 0)
			return btfx__link_err(link, err, "%s: a type id out of range in [%u]",
					      c.in->name, id);
	}
	return 0;
}

struct names_ctx {
	struct btfx *out;
	const struct btfx *def;
	const struct btfx_param *p; /* the definition's parameters */
	uint32_t i;
};

static int names_cb(void *ctx, uint32_t *field)
{
	struct names_ctx *c = ctx;
	const char *s;
	int off;

	if (c->i++ == 0 || !c->p[c->i - 2].name_off)
		return 0;
	s = btfx_str_by_offset(c->def, c->p[c->i - 2].name_off);
	off = btfx_add_str(c->out, s ? s : "");
	if (off < 0)
		return off;
	*field = (uint32_t)off;
	return 0;
}

/*
 * The first extern FUNC of a name, met before its definition, takes the
 * definition's parameter names in its FUNC_PROTO, as libbpf's linker
 * does: then it deduplicates with the definition's.
 */
static int fill_param_names(struct btfx_link *link)
{
	uint32_t k, i;
	int err;

	for (k = 0; k < link->input_cnt; k++) {
		const struct link_input *in = &link->inputs[k];

		for (i = 1; i < in->map_cnt; i++) {
			const struct link_glob *g = in->glob[i] >= 0 ? &link->globs[in->glob[i]] : 0;
			const struct btfx_type *t = btfx_type_by_id(in->btf, i), *dt;
			struct names_ctx c = { link->out, NULL, NULL, 0 };
			uint32_t proto;

			if (!g || g->kind != BTFX_KIND_FUNC || !g->strength ||
			    g->first_input != k || g->first_id != i || g->input == k ||
			    t->type >= in->map_cnt)
				continue;
			c.def = link->inputs[g->input].btf;
			dt = btfx_type_by_id(c.def, btfx_type_by_id(c.def, g->id)->type);
			c.p = (const struct btfx_param *)(dt + 1);
			proto = resolve(link, in->map[t->type]);
			if (btfx_vlen(btfx_type_by_id(link->out, proto)) != btfx_vlen(dt))
				continue;
			err = btfx_visit_str_offs(link->out, proto, names_cb, &c);
			if (err < 0)
				return btfx__link_err(link, err, "link: %s", btfx_errmsg(link->out));
		}
	}
	return 0;
}

struct sec_vars {
	struct btfx_var_secinfo *v;
	uint32_t *order; /* stable sort key: insertion index */
	uint32_t cnt, cap;
};

static int sv_push(struct btfx_link *link, struct sec_vars *sv, uint32_t type, uint64_t off,
		   uint32_t size)
{
	if (off > UINT32_MAX)
		return btfx__link_err(link, -E2BIG, "link: a variable's offset passes 4 GiB");
	if (sv->cnt == sv->cap) {
		uint32_t cap = sv->cap * 2 + 16;
		void *p = btfx__mem_realloc_array(&link->mem, sv->v, cap, sizeof(*sv->v));

		if (!p)
			return btfx__link_err(link, -ENOMEM, "link: out of memory");
		sv->v = p;
		sv->cap = cap;
	}
	sv->v[sv->cnt++] = (struct btfx_var_secinfo){ type, (uint32_t)off, size };
	return 0;
}

/* Stable insertion-merge: secinfos arrive mostly sorted (input order). */
static void sv_sort(struct sec_vars *sv)
{
	uint32_t i, j;

	for (i = 1; i < sv->cnt; i++) {
		struct btfx_var_secinfo x = sv->v[i];

		for (j = i; j > 0 && sv->v[j - 1].offset > x.offset; j--)
			sv->v[j] = sv->v[j - 1];
		sv->v[j] = x;
	}
}

/* One input's secinfos of section sec, moved by its part's placement. */
static int sec_input(struct btfx_link *link, uint32_t sec, const struct link_input *in,
		     struct sec_vars *sv)
{
	const struct link_part *p = btfx__link_part(in, sec);
	uint32_t i, j;
	int err;

	for (i = 1; p && !p->skipped && i < in->map_cnt; i++) {
		const struct btfx_type *t = btfx_type_by_id(in->btf, i);
		const struct btfx_var_secinfo *v = (const void *)(t + 1);

		if (btfx_kind(t) != BTFX_KIND_DATASEC ||
		    strcmp(btfx_str_by_offset(in->btf, t->name_off), link->secs[sec].name))
			continue;
		for (j = 0; j < btfx_vlen(t); j++) {
			struct link_glob *g = NULL;

			if (v[j].type >= in->map_cnt)
				return btfx__link_err(link, -EINVAL, "%s: bad secinfo", in->name);
			if (in->glob[v[j].type] >= 0)
				g = &link->globs[in->glob[v[j].type]];
			if (g && g->mark == sec + 1) {
				if (g->input == (uint32_t)(in - link->inputs) && g->id == v[j].type)
					sv->v[g->pos].size = v[j].size;
				continue;
			}
			if (g) {
				g->mark = sec + 1;
				g->pos = sv->cnt;
			}
			err = sv_push(link, sv, resolve(link, in->map[v[j].type]),
				      (p->placed ? p->off : 0) + v[j].offset, v[j].size);
			if (err)
				return err;
		}
	}
	return 0;
}

static int add_merged(struct btfx_link *link, const char *name, uint64_t size,
		      struct sec_vars *sv)
{
	size_t len = sizeof(struct btfx_type) + (size_t)sv->cnt * sizeof(*sv->v);
	struct btfx_type *t;
	struct btfx_txn tx;
	uint32_t name_off;
	int err;

	if (sv->cnt > BTFX_MAX_VLEN_CLASSIC || size > UINT32_MAX)
		return btfx__link_err(link, -E2BIG, "link: section '%s' too big for a DATASEC",
				      name);
	if ((err = btfx__txn_begin(&tx, link->out, BTFX_KIND_DATASEC, name, len)) ||
	    (err = btfx__txn_str(&tx, name, &name_off)))
		return btfx__link_err(link, err, "link: %s", btfx_errmsg(link->out));
	t = btfx__txn_rec(&tx);
	t->name_off = name_off;
	t->info = BTFX_INFO(BTFX_KIND_DATASEC, 0, sv->cnt);
	t->size = (uint32_t)size;
	if (sv->cnt)
		memcpy(t + 1, sv->v, (size_t)sv->cnt * sizeof(*sv->v));
	err = btfx__txn_commit(&tx, (uint32_t)len);
	return err < 0 ? btfx__link_err(link, err, "link: %s", btfx_errmsg(link->out)) : 0;
}

/* One DATASEC per section name, in order of first appearance. */
static int add_datasecs(struct btfx_link *link)
{
	struct sec_vars sv = { 0 };
	uint32_t s, k;
	int err = 0;

	for (s = 0; s < link->sec_cnt && !err; s++) {
		const struct link_sec *ls = &link->secs[s];

		if (!ls->has_datasec)
			continue;
		sv.cnt = 0;
		for (k = 0; k < link->input_cnt && !err; k++)
			err = sec_input(link, s, &link->inputs[k], &sv);
		if (err)
			break;
		sv_sort(&sv);
		err = add_merged(link, ls->name,
				 ls->end > ls->unplaced_size ? ls->end : ls->unplaced_size, &sv);
	}
	btfx__mem_free(&link->mem, sv.v);
	return err;
}

/* Deduplicate, and compose every input's map with dedup's. */
static int dedup_maps(struct btfx_link *link)
{
	uint32_t n = btfx_type_cnt(link->out), k, i, *dmap = NULL;
	struct btfx_dedup_opts o = { .sz = sizeof(o) };
	int err;

	if (!(link->flags & BTFX_LINK_NO_DEDUP)) {
		dmap = btfx__mem_alloc(&link->mem, (size_t)n * sizeof(*dmap));
		if (!dmap)
			return btfx__link_err(link, -ENOMEM, "link: out of memory");
		o.id_map = dmap;
		o.id_map_cnt = n;
		if ((err = btfx_dedup(link->out, &o))) {
			btfx__mem_free(&link->mem, dmap);
			return btfx__link_err(link, err, "link: dedup: %s", btfx_errmsg(link->out));
		}
	}
	for (k = 0; k < link->input_cnt; k++) {
		struct link_input *in = &link->inputs[k];

		for (i = 0; i < in->map_cnt; i++) {
			uint32_t v = resolve(link, in->map[i]);

			in->map[i] = dmap && v < n ? dmap[v] : v;
		}
	}
	btfx__mem_free(&link->mem, dmap);
	return 0;
}

static int finish(struct btfx_link *link)
{
	struct btfx_new_opts no = { .sz = sizeof(no), .allocator = &link->mem };
	uint32_t *src_of = NULL, k, s, next;
	size_t src_cap = 0;
	int err = 0;

	link->out = btfx_new_opts(&no);
	if (!link->out)
		return btfx__link_err(link, -ENOMEM, "link: out of memory");
	for (k = 0; k < link->input_cnt && !err; k++)
		err = copy_input(link, k, &src_of, &src_cap);
	next = btfx_type_cnt(link->out);
	for (s = 0; s < link->sec_cnt; s++)
		link->secs[s].out_id = link->secs[s].has_datasec ? next++ : 0;
	if (!err)
		err = remap_all(link, src_of);
	btfx__mem_free(&link->mem, src_of);
	if (err || (err = fill_param_names(link)) || (err = add_datasecs(link)) ||
	    (err = dedup_maps(link)) || (err = btfx__ext_emit(link)))
		return err;
	return 0;
}

int btfx_link_finish(struct btfx_link *link, struct btfx **btf_out)
{
	int err;

	if ((err = check_state(link, "link_finish")))
		return err;
	err = finish(link);
	if (err) {
		link->state = LINK_FAILED;
		return err;
	}
	link->state = LINK_DONE;
	link->errmsg[0] = '\0';
	if (btf_out)
		*btf_out = link->out;
	return 0;
}

struct btfx *btfx_link_btf(const struct btfx_link *link)
{
	return link && link->state == LINK_DONE ? link->out : NULL;
}

const uint32_t *btfx_link_id_map(const struct btfx_link *link, uint32_t input,
				 uint32_t *cnt_out)
{
	if (!link || link->state != LINK_DONE || input >= link->input_cnt)
		return NULL;
	if (cnt_out)
		*cnt_out = link->inputs[input].map_cnt;
	return link->inputs[input].map;
}

int btfx_link_str_off(struct btfx_link *link, uint32_t input, uint32_t off)
{
	const char *s;

	if (!link || link->state != LINK_DONE || input >= link->input_cnt)
		return link ? btfx__link_err(link, -EINVAL, "link_str_off: not finished or no "
						     "input %u", input) : -EINVAL;
	s = btfx_str_by_offset(link->inputs[input].btf, off);
	if (!s)
		return btfx__link_err(link, -EINVAL, "%s: no string at offset %u",
				      link->inputs[input].name, off);
	return btfx_find_str(link->out, s);
}

int btfx_link_ext_data(const struct btfx_link *link, const void **data_out, size_t *len_out)
{
	if (!link || link->state != LINK_DONE || !data_out || !len_out)
		return -EINVAL;
	*data_out = link->ext_out.data;
	*len_out = link->ext_out.len;
	return 0;
}

int btfx_link_write_ext(struct btfx_link *link, struct btfx_sink *sink)
{
	int err;

	if (!link || link->state != LINK_DONE || !sink)
		return link ? btfx__link_err(link, -EINVAL, "link_write_ext: not finished")
			    : -EINVAL;
	err = btfx_sink_write(sink, link->ext_out.data, link->ext_out.len);
	if (err)
		return btfx__link_err(link, err, "%s", btfx_sink_errmsg(sink));
	return 0;
}
