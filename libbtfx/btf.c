// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * btf.c - the object: creation, lookups, and the helpers builders share
 * (string adds, reserving and committing type records).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <btfx/version.h>

#include "hashcons.h"
#include "internal.h"
#include "names.h"

static const struct btfx_type void_type;

const char *btfx_version(void)
{
	return BTFX_VERSION_STRING;
}

struct btfx *btfx_new(void)
{
	return btfx_new_opts(NULL);
}

struct btfx *btfx_new_opts(const struct btfx_new_opts *opts)
{
	const struct btfx_allocator *a;
	const struct btfx *base;
	struct btfx *btf;
	uint32_t flags;

	if (BTFX_OPTS_VALID(opts, struct btfx_new_opts)) {
		errno = EINVAL;
		return NULL;
	}
	a = btfx__allocator_pick(BTFX_OPTS_GET(opts, allocator, NULL));
	base = BTFX_OPTS_GET(opts, base, NULL);
	flags = BTFX_OPTS_GET(opts, flags, 0);
	if (!a || (flags & ~(uint32_t)(BTFX_NEW_UNPLACED_DATASEC | BTFX_NEW_HASHCONS)) ||
	    BTFX_OPTS_GET(opts, reserved, 0)) {
		errno = EINVAL;
		return NULL;
	}
	btf = a->realloc(a->ctx, NULL, sizeof(*btf));
	if (!btf) {
		errno = ENOMEM;
		return NULL;
	}
	memset(btf, 0, sizeof(*btf));
	btf->mem = *a;
	btf->base = base;
	btf->flags = flags;
	btf->start_id = base ? btfx_type_cnt(base) : 1;
	btf->start_str_off = base ? base->start_str_off + (uint32_t)base->strs.data.len : 0;
	btf->src_big_endian = btfx__host_big_endian();
	btfx__buf_init(&btf->types, &btf->mem);
	/*
	 * Nothing of the base is built here: its string index and name index
	 * are built by whichever split object first needs them, and published
	 * atomically (strtab.c, names.c), so split objects over one base may be
	 * created and used from several threads.
	 */
	if (btfx__strtab_init(&btf->strs, &btf->mem, !base)) {
		btfx__mem_free(&btf->mem, btf);
		errno = ENOMEM;
		return NULL;
	}
	return btf;
}

void btfx_free(struct btfx *btf)
{
	struct btfx_allocator mem;
	int i;

	if (!btf)
		return;
	btfx_stream_abort(btf->stream);
	mem = btf->mem;
	btfx__buf_free(&btf->types);
	btfx__strtab_free(&btf->strs);
	btfx__names_drop(btf);
	btfx__hashcons_drop(btf);
	btfx__mem_free(&mem, btf->type_offs);
	btfx__mem_free(&mem, btf->flushed_hash);
	btfx__mem_free(&mem, btf->layout);
	btfx__mem_free(&mem, btf->raw_owned);
	if (btf->raw_map)
		munmap(btf->raw_map, btf->raw_map_len);
	for (i = 0; i < BTFX_RAW_VARIANTS; i++)
		btfx__mem_free(&mem, btf->raw_out[i].data);
	btfx__mem_free(&mem, btf);
}

uint32_t btfx_type_cnt(const struct btfx *btf)
{
	return btf->start_id + btf->nr_types;
}

uint32_t btfx_start_id(const struct btfx *btf)
{
	return btf->start_id;
}

const struct btfx *btfx_base(const struct btfx *btf)
{
	return btf->base;
}

uint32_t btfx_str_sec_len(const struct btfx *btf)
{
	return (uint32_t)btf->strs.data.len;
}

uint32_t btfx_type_sec_len(const struct btfx *btf)
{
	return (uint32_t)(btf->flushed_len + btf->types.len);
}

int btfx_is_big_endian(const struct btfx *btf)
{
	return btf->src_big_endian;
}

int btfx__err_flushed(const struct btfx *btf, const char *what, uint32_t id)
{
	/* The message is the only thing written: lookups take a const object. */
	return btfx__err((struct btfx *)(uintptr_t)btf, -ESTALE,
			 "%s: [%u] was flushed to the stream", what, id);
}

int btfx__check_whole(const struct btfx *btf, const char *what)
{
	struct btfx *w = (struct btfx *)(uintptr_t)btf;

	if (btf->stream)
		return btfx__err(w, -EBUSY, "%s: a stream writer is open on the object", what);
	if (btf->nr_flushed)
		return btfx__err(w, -EBUSY, "%s: %u types were flushed to a stream", what,
				 btf->nr_flushed);
	return 0;
}

const struct btfx_type *btfx__type_quiet(const struct btfx *btf, uint32_t id)
{
	if (btfx__is_flushed(btf, id))
		return NULL;
	return btfx_type_by_id(btf, id);
}

const struct btfx_type *btfx__skip_mods(const struct btfx *btf, uint32_t *id)
{
	const struct btfx_type *t = btfx__type_quiet(btf, *id);
	int n;

	for (n = 0; t && n < 64; n++) {
		switch (btfx_kind(t)) {
		case BTFX_KIND_TYPEDEF:
		case BTFX_KIND_VOLATILE:
		case BTFX_KIND_CONST:
		case BTFX_KIND_RESTRICT:
		case BTFX_KIND_TYPE_TAG:
			*id = t->type;
			t = btfx__type_quiet(btf, *id);
			break;
		default:
			return t;
		}
	}
	return NULL;
}

const struct btfx_type *btfx_type_by_id(const struct btfx *btf, uint32_t id)
{
	if (id >= btf->start_id) {
		if (id - btf->start_id >= btf->nr_types)
			return NULL;
		if (id - btf->start_id < btf->nr_flushed) {
			btfx__err_flushed(btf, "type_by_id", id);
			return NULL;
		}
		return btfx__own_type(btf, id);
	}
	if (id == 0)
		return &void_type;
	return btf->base ? btfx_type_by_id(btf->base, id) : NULL;
}

uint32_t btfx_record_len(const struct btfx *btf, uint32_t id)
{
	const struct btfx *o = btf;

	if (id == 0)
		return 0;
	while (o && id < o->start_id)
		o = o->base;
	if (!o || id - o->start_id >= o->nr_types || btfx__is_flushed(o, id))
		return 0;
	id -= o->start_id;
	if (id + 1 < o->nr_types)
		return o->type_offs[id + 1] - o->type_offs[id];
	return (uint32_t)o->types.len - o->type_offs[id];
}

const char *btfx_str_by_offset(const struct btfx *btf, uint32_t off)
{
	while (btf && off < btf->start_str_off)
		btf = btf->base;
	if (!btf)
		return NULL;
	return btfx__strtab_at(&btf->strs, off - btf->start_str_off);
}

const char *btfx_name_by_id(const struct btfx *btf, uint32_t id)
{
	const struct btfx_type *t = btfx_type_by_id(btf, id);

	return t ? btfx_str_by_offset(btf, t->name_off) : NULL;
}

const char *btfx__msg_name(const struct btfx *btf, uint32_t off)
{
	const char *s;

	if (!off)
		return "(anon)";
	s = btfx_str_by_offset(btf, off);
	return s ? s : "(invalid)";
}

/* The base's types first, so that the lowest id wins. */
static int find_by_name(const struct btfx *btf, const char *name, uint32_t hash, int kind)
{
	int id;

	if (btf->base && (id = find_by_name(btf->base, name, hash, kind)) != -ENOENT)
		return id;
	return btfx__names_find(btf, name, hash, kind);
}

int btfx_find_by_name_kind(const struct btfx *btf, const char *name, int kind)
{
	uint32_t id, cnt = btfx_type_cnt(btf);

	if (!name)
		return -EINVAL;
	if (*name)
		return find_by_name(btf, name, btfx__names_hash(name), kind);
	/* Anonymous types are not in the index. */
	for (id = 1; id < cnt; id++) {
		const struct btfx_type *t = btfx__type_quiet(btf, id);
		const char *s;

		if (!t)
			continue;
		if (kind >= 0 && btfx_kind(t) != (unsigned int)kind)
			continue;
		s = btfx_str_by_offset(btf, t->name_off);
		if (s && !strcmp(s, name))
			return (int)id;
	}
	return -ENOENT;
}

/*
 * Is name a spelling of C's long: the words "long", and optionally
 * "unsigned" and "int", each once, in any order, one space apart?  These
 * are the names compilers give the type whose size is the pointer size.
 */
static int is_long_name(const char *name)
{
	static const char *const words[] = { "long", "unsigned", "int" };
	unsigned int seen = 0, i;
	size_t n;

	for (;;) {
		n = strcspn(name, " ");
		for (i = 0; i < 3; i++) {
			if (strlen(words[i]) == n && !memcmp(name, words[i], n))
				break;
		}
		if (i == 3 || (seen & 1u << i))
			return 0;
		seen |= 1u << i;
		if (!name[n])
			return seen & 1u;
		name += n + 1;
	}
}

/* The size of the first own INT named long (4 or 8), or 0; incremental. */
static uint32_t guess_own_ptr_size(const struct btfx *btf)
{
	uint32_t *found = (uint32_t *)(uintptr_t)&btf->ptr_sz_found;
	uint32_t *scanned = (uint32_t *)(uintptr_t)&btf->ptr_sz_scanned;
	uint32_t sz = __atomic_load_n(found, __ATOMIC_RELAXED), i;

	if (sz)
		return sz;
	i = __atomic_load_n(scanned, __ATOMIC_RELAXED);
	/* Flushed records are gone: they were scanned before they went. */
	for (i = i > btf->nr_flushed ? i : btf->nr_flushed; i < btf->nr_types; i++) {
		const struct btfx_type *t = btfx__own_type(btf, btf->start_id + i);
		const char *name;

		if (btfx_kind(t) != BTFX_KIND_INT || (t->size != 4 && t->size != 8))
			continue;
		name = btfx_str_by_offset(btf, t->name_off);
		if (name && is_long_name(name)) {
			__atomic_store_n(found, t->size, __ATOMIC_RELAXED);
			return t->size;
		}
	}
	__atomic_store_n(scanned, btf->nr_types, __ATOMIC_RELAXED);
	return 0;
}

/* Set or guessed from this object and its bases; 0 when nothing says. */
static uint32_t known_ptr_size(const struct btfx *btf)
{
	uint32_t sz;

	if (btf->ptr_sz)
		return btf->ptr_sz;
	if (btf->base && (sz = known_ptr_size(btf->base)))
		return sz;
	return guess_own_ptr_size(btf);
}

uint32_t btfx_ptr_size(const struct btfx *btf)
{
	uint32_t sz = known_ptr_size(btf);

	return sz ? sz : 8;
}

int btfx_set_ptr_size(struct btfx *btf, uint32_t size)
{
	if (size != 4 && size != 8)
		return btfx__err(btf, -EINVAL, "set_ptr_size: %u is not 4 or 8", size);
	btf->ptr_sz = size;
	return 0;
}

void btfx__ptr_size_forget(struct btfx *btf)
{
	btf->ptr_sz_found = 0;
	btf->ptr_sz_scanned = 0;
}

#define MAX_RESOLVE_DEPTH 32

int btfx_resolve_size(const struct btfx *btf, uint32_t id, uint64_t *size_out)
{
	uint64_t nelems = 1;
	int depth;

	for (depth = 0; depth < MAX_RESOLVE_DEPTH; depth++) {
		const struct btfx_type *t = btfx_type_by_id(btf, id);
		const struct btfx_array *a;

		if (!t)
			return -ENOENT;
		switch (btfx_kind(t)) {
		case BTFX_KIND_INT:
		case BTFX_KIND_STRUCT:
		case BTFX_KIND_UNION:
		case BTFX_KIND_ENUM:
		case BTFX_KIND_ENUM64:
		case BTFX_KIND_DATASEC:
		case BTFX_KIND_FLOAT:
			if (nelems && t->size > UINT64_MAX / nelems)
				return -E2BIG;
			*size_out = nelems * t->size;
			return 0;
		case BTFX_KIND_PTR:
			if (nelems > UINT64_MAX / 8)
				return -E2BIG;
			*size_out = nelems * btfx_ptr_size(btf);
			return 0;
		case BTFX_KIND_TYPEDEF:
		case BTFX_KIND_VOLATILE:
		case BTFX_KIND_CONST:
		case BTFX_KIND_RESTRICT:
		case BTFX_KIND_TYPE_TAG:
		case BTFX_KIND_VAR:
			id = t->type;
			break;
		case BTFX_KIND_ARRAY:
			a = (const struct btfx_array *)(t + 1);
			if (a->nelems && nelems > UINT64_MAX / a->nelems)
				return -E2BIG;
			nelems *= a->nelems;
			id = a->type;
			break;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}

int btfx__flush_prepare(struct btfx *btf, uint32_t upto)
{
	int err;

	if ((err = btfx__make_writable(btf)))
		return err;
	if ((btf->flags & BTFX_NEW_HASHCONS) && (err = btfx__hashcons_flush(btf, upto)))
		return err;
	/* A 'long' among them sets the pointer size: look before they go. */
	(void)btfx_ptr_size(btf);
	return 0;
}

/* Give back most of a type section that was flushed when it was big. */
static void shrink_types(struct btfx *btf)
{
	size_t want = btf->types.len * 2 > (64u << 10) ? btf->types.len * 2 : (64u << 10);
	void *p;

	if (btf->types.cap <= (256u << 10) || btf->types.len >= btf->types.cap / 4)
		return;
	p = btfx__mem_realloc_array(&btf->mem, btf->types.data, want, 1);
	if (p) {
		btf->types.data = p;
		btf->types.cap = want;
	}
}

void btfx__flush_commit(struct btfx *btf, uint32_t upto)
{
	uint32_t off, i;

	if (upto <= btf->nr_flushed)
		return;
	off = upto < btf->nr_types ? btf->type_offs[upto] : (uint32_t)btf->types.len;
	memmove(btf->types.data, btf->types.data + off, btf->types.len - off);
	btf->types.len -= off;
	for (i = upto; i < btf->nr_types; i++)
		btf->type_offs[i] -= off;
	btf->flushed_len += off;
	btf->nr_flushed = upto;
	shrink_types(btf);
	/* Flushed types are not found by name: the index would only hold them. */
	btfx__names_drop(btf);
	btfx__invalidate(btf);
}

void btfx__invalidate(struct btfx *btf)
{
	int i;

	/* The buffers stay for reuse; the blobs in them are no longer valid. */
	for (i = 0; i < BTFX_RAW_VARIANTS; i++)
		btf->raw_out[i].len = 0;
}

int btfx__make_writable(struct btfx *btf)
{
	int err;

	btfx__invalidate(btf);
	if (!btfx__buf_owned(&btf->types)) {
		err = btfx__buf_reserve(&btf->types, 0);
		if (err)
			return err;
	}
	if (!btfx__buf_owned(&btf->strs.data)) {
		err = btfx__buf_reserve(&btf->strs.data, 0);
		if (err)
			return err;
	}
	return 0;
}

int btfx__reserve_type_slots(struct btfx *btf, uint32_t n)
{
	size_t cap, want = (size_t)btf->nr_types + n;
	uint32_t *p;

	if ((uint64_t)btfx_type_cnt(btf) + n - 1 > BTFX_MAX_TYPE)
		return -E2BIG;
	if (want <= btf->type_offs_cap)
		return 0;
	cap = btf->type_offs_cap + btf->type_offs_cap / 2;
	if (cap < 64)
		cap = 64;
	if (cap < want)
		cap = want;
	p = btfx__mem_realloc_array(&btf->mem, btf->type_offs, cap, sizeof(*p));
	if (!p)
		return -ENOMEM;
	btf->type_offs = p;
	btf->type_offs_cap = cap;
	return 0;
}

int btfx__reserve_type_slot(struct btfx *btf)
{
	return btfx__reserve_type_slots(btf, 1);
}

uint32_t btfx__commit_type(struct btfx *btf, uint32_t len)
{
	btf->type_offs[btf->nr_types] = (uint32_t)btf->types.len;
	btf->types.len += len;
	btf->nr_types++;
	btfx__invalidate(btf);
	btfx__names_added(btf, btf->start_id + btf->nr_types - 1);
	return btf->start_id + btf->nr_types - 1;
}

int btfx__add_str(struct btfx *btf, const char *s, uint32_t *off_out)
{
	return btfx__add_strn(btf, s, s ? strlen(s) : 0, off_out);
}

int btfx__add_strn(struct btfx *btf, const char *s, size_t len, uint32_t *off_out)
{
	uint32_t off;
	int err;

	if (!len) {
		*off_out = 0;
		return 0;
	}
	/* A string the base has is used from there, as for split BTF. */
	if (btf->base) {
		int r = btfx_find_str((struct btfx *)(uintptr_t)btf->base, s);

		if (r >= 0) {
			*off_out = (uint32_t)r;
			return 0;
		}
		if (r != -ENOENT)
			return r;
	}
	err = btfx__make_writable(btf);
	if (err)
		return err;
	err = btfx__strtab_add(&btf->strs, s, len, BTFX_MAX_STR_OFFSET - btf->start_str_off, &off);
	if (err)
		return err;
	*off_out = btf->start_str_off + off;
	return 0;
}

int btfx_add_str(struct btfx *btf, const char *s)
{
	uint32_t off;
	int err;

	if (!s)
		return btfx__err(btf, -EINVAL, "add_str: NULL string");
	err = btfx__add_str(btf, s, &off);
	if (err == -E2BIG)
		return btfx__err(btf, err, "add_str: string section would pass %u bytes",
				 BTFX_MAX_STR_OFFSET);
	if (err)
		return btfx__err(btf, err, "add_str: %s", btfx_strerror(err));
	return (int)off;
}

int btfx_find_str(struct btfx *btf, const char *s)
{
	uint32_t off;
	int err;

	if (!s)
		return -EINVAL;
	if (btf->base) {
		err = btfx_find_str((struct btfx *)(uintptr_t)btf->base, s);
		if (err != -ENOENT)
			return err;
	}
	if (!*s && btf->start_str_off == 0)
		return 0;
	err = btfx__strtab_find(&btf->strs, s, strlen(s), &off);
	if (err)
		return err;
	return (int)(btf->start_str_off + off);
}
