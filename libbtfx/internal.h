/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * internal.h - struct btfx and the helpers every module of libbtfx shares.
 *
 * The in-memory form is the wire format in host byte order: a type section
 * of packed records with an offset per type id, and a string section.
 * After a load both may point into the loaded blob (zero-copy); the first
 * modification copies them into buffers of their own (btfx__make_writable).
 */
#ifndef BTFX_INTERNAL_H
#define BTFX_INTERNAL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <btfx/btfx.h>

#include "buf.h"
#include "strtab.h"
#include "types.h"

#define BTFX_ERRMSG_MAX 256

#define BTFX_OPTS_VALID(opts, type) btfx__opts_valid((opts), (opts) ? (opts)->sz : 0, sizeof(type))
#define BTFX_OPTS_HAS(opts, field)                                                       \
	((opts) && (opts)->sz >= offsetof(__typeof__(*(opts)), field) + sizeof((opts)->field))
#define BTFX_OPTS_GET(opts, field, dflt) (BTFX_OPTS_HAS(opts, field) ? (opts)->field : (dflt))

/* One cached blob of btfx_raw_data(): len 0 when not valid. */
struct btfx_raw_out {
	void *data;
	size_t len;
	size_t cap;
};

#define BTFX_RAW_VARIANTS 4 /* byte order swapped or not x layout section or not */

struct btfx {
	struct btfx_allocator mem;
	const struct btfx *base;
	uint32_t start_id;      /* first own type id */
	uint32_t start_str_off; /* first own string offset */
	uint32_t nr_types;      /* own types */
	uint32_t flags;         /* BTFX_NEW_* */

	struct btfx_buf types; /* own records, host order */
	uint32_t *type_offs;   /* nr_types offsets into types */
	size_t type_offs_cap;

	/*
	 * Pointer size: set by btfx_set_ptr_size() (0: not set), or guessed
	 * from a 'long' INT.  The guess may be made through a const object
	 * (a base shared by threads): both fields are read and written with
	 * relaxed atomics, and each only ever holds what the unchanged object
	 * implies.  ptr_sz_found: the size of the first 'long' (0: none yet);
	 * ptr_sz_scanned: own types looked at so far.
	 */
	uint32_t ptr_sz;
	uint32_t ptr_sz_found;
	uint32_t ptr_sz_scanned;

	struct btfx_strtab strs;
	struct btfx_names *names; /* own types by name, once looked up (names.c) */

	/*
	 * BTFX_NEW_HASHCONS: own types by the hash of their record, built on
	 * the first hash-consed add (hashcons.c).  open_id: the type of an
	 * incremental builder (btfx_add_struct() ...) not closed yet, or 0;
	 * it is open only while it is the last own type.
	 */
	struct btfx_hashcons *hc;
	uint32_t open_id;

	/*
	 * Flush-as-you-go (stream.c): own types below index nr_flushed were
	 * written to a stream and their records dropped; the records left
	 * start at offset 0 of types, flushed_len bytes into the section.
	 * type_offs keeps a (stale) slot for every flushed type.  With
	 * BTFX_NEW_HASHCONS, flushed_hash holds the 128-bit XXH3 of each
	 * flushed record (hashcons.c), so that duplicates are still found.
	 */
	struct btfx_stream *stream; /* the open stream writer, or NULL */
	uint32_t nr_flushed;
	uint32_t flushed_hash_cap;
	uint64_t flushed_len;
	struct btfx_h128 *flushed_hash;

	/* Kind layouts read from a blob that had them (for unknown kinds). */
	struct btfx_layout *layout;
	uint32_t layout_cnt;
	uint32_t nr_unknown;   /* records of kinds known only from the layout */
	int src_big_endian;

	void *raw_owned;       /* a loaded blob the object owns */
	void *raw_map;         /* or a read-only mapping of it (sysfs) */
	size_t raw_map_len;
	/*
	 * Blobs of btfx_raw_data(), one per variant (index: swap | layout << 1),
	 * each kept until the object is modified or freed.
	 */
	struct btfx_raw_out raw_out[BTFX_RAW_VARIANTS];

	char errmsg[BTFX_ERRMSG_MAX];
};

/* opts: 0 or -EINVAL (sz too small, or unknown trailing bytes not zero). */
int btfx__opts_valid(const void *opts, size_t sz, size_t known);

/* Record a formatted message on btf and return err (a negative errno). */
int btfx__err(struct btfx *btf, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void btfx__clear_err(struct btfx *btf);

/* Was own type id written to a stream and dropped? */
static inline int btfx__is_flushed(const struct btfx *btf, uint32_t id)
{
	return id >= btf->start_id && id - btf->start_id < btf->nr_flushed;
}

/* Record "what: [id] was flushed to the stream" and return -ESTALE. */
int btfx__err_flushed(const struct btfx *btf, const char *what, uint32_t id);
/*
 * -EBUSY with a message when a whole-object operation (what) cannot run:
 * a stream is open on btf or types were flushed; else 0.
 */
int btfx__check_whole(const struct btfx *btf, const char *what);

/* A type by id without any message: NULL when not there or flushed. */
const struct btfx_type *btfx__type_quiet(const struct btfx *btf, uint32_t id);

/*
 * The type past the modifiers and typedefs from *id (*id becomes its id),
 * quietly; NULL when one is missing or there are more than 64 of them (a
 * loaded object may loop).
 */
const struct btfx_type *btfx__skip_mods(const struct btfx *btf, uint32_t *id);

/*
 * Flush-as-you-go: get ready to drop the records of own types [nr_flushed,
 * upto) (hashes for hash-consing, the pointer size guess): 0 or -ENOMEM,
 * the object unchanged either way.  Then btfx__flush_commit() drops them.
 */
int btfx__flush_prepare(struct btfx *btf, uint32_t upto);
void btfx__flush_commit(struct btfx *btf, uint32_t upto);

/* Own records by id; id must be in [start_id, start_id + nr_types), not flushed. */
static inline struct btfx_type *btfx__own_type(const struct btfx *btf, uint32_t id)
{
	return (struct btfx_type *)(btf->types.data + btf->type_offs[id - btf->start_id]);
}

/*
 * The layout record of a kind: the object's own layout section, or for
 * split BTF without one, its base's (they share one).  NULL when none
 * describes the kind.
 */
const struct btfx_layout *btfx__layout_of(const struct btfx *btf, unsigned int kind);

/* Copy borrowed sections into buffers of its own, build the string index. */
int btfx__make_writable(struct btfx *btf);
/* Forget the cached serialized blob (on any modification). */
void btfx__invalidate(struct btfx *btf);
/* Forget the guessed pointer size (names of existing types changed). */
void btfx__ptr_size_forget(struct btfx *btf);

/* Ensure room for one more type id offset. 0, -E2BIG or -ENOMEM. */
int btfx__reserve_type_slot(struct btfx *btf);
/* Ensure room for n more type id offsets (n >= 1). 0, -E2BIG or -ENOMEM. */
int btfx__reserve_type_slots(struct btfx *btf, uint32_t n);

/*
 * Name for messages: "'name'" or "(anon)"; never NULL.  Bounded and safe
 * on any offset.
 */
const char *btfx__msg_name(const struct btfx *btf, uint32_t off);

/* Add or find a string; NULL or "" give offset 0. 0 or negative errno. */
int btfx__add_str(struct btfx *btf, const char *s, uint32_t *off_out);
/* The same for s of strlen len, known to the caller. */
int btfx__add_strn(struct btfx *btf, const char *s, size_t len, uint32_t *off_out);

/* Transactions over the string table. */
static inline size_t btfx__str_mark(const struct btfx *btf)
{
	return btf->strs.data.len;
}
static inline void btfx__str_rollback(struct btfx *btf, size_t mark)
{
	btfx__strtab_truncate(&btf->strs, mark);
}

/* Publish a record of len bytes already written at the end of types. */
uint32_t btfx__commit_type(struct btfx *btf, uint32_t len);

/* Byte swapping. */
static inline uint32_t btfx__bswap32(uint32_t v)
{
	return __builtin_bswap32(v);
}
static inline uint16_t btfx__bswap16(uint16_t v)
{
	return __builtin_bswap16(v);
}
static inline int btfx__host_big_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
}
/*
 * len bytes (a multiple of 4) of 32-bit words from src to dst, each
 * byte-swapped; any alignment; dst == src works, other overlaps do not.
 */
void btfx__swap_words(void *dst, const void *src, size_t len);

/* Name checks, as the kernel makes them. */
int btfx__is_identifier(const char *s);
/* strlen(s) if s is an identifier, else 0. */
size_t btfx__identifier_len(const char *s);
int btfx__is_section_name(const char *s);

#endif /* BTFX_INTERNAL_H */
