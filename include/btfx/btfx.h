/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * btfx/btfx.h - the public API of libbtfx.
 *
 * Conventions that hold for every function below unless its block says
 * otherwise:
 * - A fallible call returns int: >= 0 is the result (a type id, a string
 *   offset, a count or 0), < 0 is a negative errno.
 * - On error the object is left exactly as it was, and btfx_errmsg() holds a
 *   one-line reason naming the type id where there is one.
 * - A pointer returned into an object (a type record, a string) is borrowed:
 *   valid until the next call that modifies that object, or its free.
 * - Opts structs start with size_t sz (set it to sizeof the struct); a NULL
 *   opts means defaults; sz < sizeof(size_t) or non-zero bytes past what this
 *   version knows give -EINVAL.
 */
#ifndef BTFX_BTFX_H
#define BTFX_BTFX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h> /* ssize_t (POSIX) */
#include <btfx/format.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define BTFX_API __attribute__((visibility("default")))
#else
#define BTFX_API
#endif

/** One BTF object: a type table, a string table and optionally a base. */
struct btfx;

/** A DATASEC collected across many calls (see btfx_datasec_builder_new()). */
struct btfx_datasec_builder;

/*
 * ---------------------------------------------------------------------------
 * Library
 * ---------------------------------------------------------------------------
 */

/**
 * The library's version string, e.g. "0.1.0".
 * @return static text.  Since 0.1.
 */
BTFX_API const char *btfx_version(void);

/**
 * Static text for an error code.
 * @param err a negative (or positive) errno value as returned by libbtfx.
 * @return static text, never NULL; "unknown error" for codes libbtfx does
 *         not know.  Since 0.1.
 */
BTFX_API const char *btfx_strerror(int err);

/**
 * A replacement allocator (struct btfx_new_opts, btfx_link_opts,
 * btfx_validate_opts).  realloc(ctx, NULL, n)
 * allocates, realloc(ctx, p, n) resizes and free(ctx, p) releases; realloc
 * returns NULL on failure and leaves p untouched.  Both must be set.  sz is
 * checked as an opts struct's: set it to sizeof(struct btfx_allocator);
 * smaller than this version's struct, or non-zero bytes past it, is
 * -EINVAL.  Since 0.1.
 */
struct btfx_allocator {
	size_t sz;
	void *(*realloc)(void *ctx, void *p, size_t n);
	void (*free)(void *ctx, void *p);
	void *ctx;
};

/*
 * ---------------------------------------------------------------------------
 * Objects
 * ---------------------------------------------------------------------------
 */

/** Flags of struct btfx_new_opts. */
enum {
	/*
	 * DATASECs of this object may hold unplaced entries: offset 0 and
	 * size 0 (as a compiler emits them before a linker places them),
	 * and a section size of 0.  See btfx_place_datasec().
	 */
	BTFX_NEW_UNPLACED_DATASEC = 1u << 0,
	/*
	 * Hash-consing: a builder call that would add a type identical to
	 * one of the object's own types returns that type's id and adds
	 * nothing.  Incremental types are compared once complete, at
	 * btfx_finish_type().  See "Hash-consing" below.
	 */
	BTFX_NEW_HASHCONS = 1u << 1,
};

/** Options of btfx_new_opts(). */
struct btfx_new_opts {
	size_t sz;
	/* Allocator for the object and all it owns; copied.  NULL: libc. */
	const struct btfx_allocator *allocator;
	/*
	 * Base object for split BTF: type ids and string offsets continue
	 * after the base's.  Borrowed: it must outlive this object and not be
	 * modified while this object exists.  Any number of split objects
	 * over one base may be created, used and freed from different
	 * threads at once (each object used by one thread at a time, or only
	 * read): what they build in the base on first use (its string and
	 * name indexes, its pointer-size guess) is published atomically.
	 */
	const struct btfx *base;
	uint32_t flags; /* BTFX_NEW_* */
	uint32_t reserved;
};

/**
 * A new, empty object: type id 0 (void) and the string "" at offset 0.
 * @return the object, owned by the caller (btfx_free()), or NULL with errno
 *         ENOMEM.  Since 0.1.
 */
BTFX_API struct btfx *btfx_new(void);

/**
 * A new, empty object with options.
 * @param opts options, or NULL for defaults.
 * @return the object, owned by the caller, or NULL with errno set: EINVAL
 *         (bad opts, an allocator with a NULL callback), ENOMEM.  Since 0.1.
 */
BTFX_API struct btfx *btfx_new_opts(const struct btfx_new_opts *opts);

/**
 * Free an object and all it owns.  NULL is accepted.
 * @param btf the object.  Since 0.1.
 */
BTFX_API void btfx_free(struct btfx *btf);

/**
 * The reason for the last failed call on an object.
 * @param btf the object, or NULL.
 * @return a one-line message, "" when none was recorded; borrowed until the
 *         next failing call.  Since 0.1.
 */
BTFX_API const char *btfx_errmsg(const struct btfx *btf);

/*
 * ---------------------------------------------------------------------------
 * Reading
 * ---------------------------------------------------------------------------
 */

/** Flags of struct btfx_load_opts. */
enum {
	/*
	 * Zero-copy: keep pointing into the caller's memory when its byte
	 * order is the host's.  The caller keeps it alive and unchanged for
	 * the object's life (or until the first modification, which copies).
	 */
	BTFX_LOAD_BORROW = 1u << 0,
};

/** Options of btfx_load() and btfx_load_file(). */
struct btfx_load_opts {
	size_t sz;
	uint32_t flags; /* BTFX_LOAD_* */
	uint32_t reserved;
};

/**
 * Fill an empty object from a raw BTF blob of either byte order, with the
 * classic 24-byte header or the 32-byte one with a kind-layout section.
 * Every offset, count, type id and string offset is checked, and every
 * FUNC must point at a FUNC_PROTO: bad input fails, it never crashes or
 * hangs, and an object that loaded needs no further checks to be used.  A
 * kind unknown to libbtfx is kept when the blob's layout section (or, for
 * split BTF without one, its base's) describes it, and rejected otherwise;
 * a blob of the other byte order holding such a kind is rejected, since
 * libbtfx cannot know how to swap its fields.  The layout section's flags
 * are kept as they are.
 * @param btf an object with no types of its own (its base, if any, is the
 *        base of the blob).
 * @param data the blob; copied unless BTFX_LOAD_BORROW.
 * @param size its length in bytes.
 * @param opts options, or NULL.
 * @return 0; -EINVAL (NULL data, the object has types, bad opts), -EBADMSG
 *         (malformed blob, message names the offset or type id and the
 *         reason), -ENOTSUP (unknown kind without a layout, or in a blob of
 *         the other byte order), -E2BIG (more
 *         types than the format allows), -ENOMEM.  Since 0.1.
 */
BTFX_API int btfx_load(struct btfx *btf, const void *data, size_t size,
		       const struct btfx_load_opts *opts);

/**
 * Fill an empty object from a file: raw BTF of either byte order, or an ELF
 * object (32/64-bit, either byte order, compressed sections too) whose
 * .BTF section is read; an ELF object's class sets the pointer size (4 for
 * ELFCLASS32, 8 for ELFCLASS64), as libbpf does.  "-" reads standard input.
 * @param btf as for btfx_load().
 * @param path the file.
 * @param opts options, or NULL; BTFX_LOAD_BORROW is ignored.
 * @return as btfx_load(), plus the errno of a failed open or read, and
 *         -ENOENT for an ELF object without a .BTF section.  Since 0.1.
 */
BTFX_API int btfx_load_file(struct btfx *btf, const char *path,
			    const struct btfx_load_opts *opts);

/*
 * ---------------------------------------------------------------------------
 * Looking up
 * ---------------------------------------------------------------------------
 */

/**
 * Number of type ids, counting void (id 0) and the base's types: valid ids
 * are 0 .. btfx_type_cnt() - 1.  Since 0.1.
 */
BTFX_API uint32_t btfx_type_cnt(const struct btfx *btf);

/** First type id of this object's own types (1, or the base's count). Since 0.1. */
BTFX_API uint32_t btfx_start_id(const struct btfx *btf);

/** The base object, or NULL.  Since 0.1. */
BTFX_API const struct btfx *btfx_base(const struct btfx *btf);

/**
 * A type record by id (the base's for ids below btfx_start_id()).
 * @return the record in host byte order (borrowed), a zeroed record for
 *         id 0, or NULL when id >= btfx_type_cnt(), or when the type was
 *         flushed to a stream writer (btfx_errmsg() then says "type_by_id:
 *         [id] was flushed to the stream").  Since 0.1.
 */
BTFX_API const struct btfx_type *btfx_type_by_id(const struct btfx *btf, uint32_t id);

/**
 * The string at an offset (the base's below its string length).
 * @return the NUL-terminated string (borrowed), or NULL when off is past
 *         the string sections.  Since 0.1.
 */
BTFX_API const char *btfx_str_by_offset(const struct btfx *btf, uint32_t off);

/**
 * The name of a type: btfx_str_by_offset() of its name_off.
 * @return the name ("" for anonymous types), or NULL for a bad id.  Since 0.1.
 */
BTFX_API const char *btfx_name_by_id(const struct btfx *btf, uint32_t id);

/**
 * Find the first type with a name and kind, searching the base first.
 * The first call on an object builds an index of its named types (on
 * vmlinux about 2 ms and 2 MB), which later calls use and added types
 * join; a lookup then costs a hash and a probe or two.  Calls from several
 * threads on an object that nobody modifies are safe.  "" finds anonymous
 * types, by a scan.
 * @param kind a BTFX_KIND_*, or -1 for any kind.
 * @return its type id; -ENOENT when there is none, -EINVAL for a NULL name.
 *         Since 0.1.
 */
BTFX_API int btfx_find_by_name_kind(const struct btfx *btf, const char *name, int kind);

/**
 * The size in bytes of a type, through typedefs, modifiers, type tags and
 * arrays (element size times count); a PTR's is btfx_ptr_size().
 * @param size_out receives the size.
 * @return 0; -EINVAL (the type has no size: void, FUNC, FUNC_PROTO, FWD,
 *         DECL_TAG, DATASEC member chain too deep or looping), -ENOENT (bad
 *         id), -E2BIG (the size overflows 64 bits).  Since 0.1.
 */
BTFX_API int btfx_resolve_size(const struct btfx *btf, uint32_t id, uint64_t *size_out);

/**
 * The size of a pointer on the target the types describe, in bytes: 4 or
 * 8.  The size set with btfx_set_ptr_size() on this object (or by
 * btfx_load_file() from an ELF object's class), else the one
 * its base (and its base's base) was given or shows, else guessed as
 * libbpf guesses it: the size of the first INT of size 4 or 8 named as C
 * names long ("long", "long int", "unsigned long", "long unsigned int" and
 * the other orders of those words), else 8 (BPF and 64-bit kernels).
 * The guess is made on first use and kept, and follows types added later
 * while no long has been found.  Safe from several threads on an object
 * nobody modifies (a shared base).
 * @return 4 or 8.  Since 0.1.
 */
BTFX_API uint32_t btfx_ptr_size(const struct btfx *btf);

/**
 * Set the pointer size of the target (pahole encodes 32-bit kernels too),
 * for btfx_ptr_size() and btfx_resolve_size(), overriding the guess.
 * Split objects over this one inherit it unless they set their own.  Not
 * part of the written blob.
 * @param size 4 or 8.
 * @return 0, or -EINVAL for another size (unchanged).  Since 0.1.
 */
BTFX_API int btfx_set_ptr_size(struct btfx *btf, uint32_t size);

/**
 * Total number of bytes of this object's own string section.  Since 0.1.
 */
BTFX_API uint32_t btfx_str_sec_len(const struct btfx *btf);

/**
 * Total number of bytes of this object's own type section, records flushed
 * to a stream writer included.  Since 0.1.
 */
BTFX_API uint32_t btfx_type_sec_len(const struct btfx *btf);

/**
 * Bytes a type record takes in the type section: btfx_type, its info
 * record and its elements (not the C size of the type: see
 * btfx_resolve_size()).
 * @return the length, or 0 for id 0, a bad id or a flushed type.  Since 0.1.
 */
BTFX_API uint32_t btfx_record_len(const struct btfx *btf, uint32_t id);

/**
 * Byte order the object was read in: 0 for little endian, 1 for big
 * endian; for a built object, the host's.  Since 0.1.
 */
BTFX_API int btfx_is_big_endian(const struct btfx *btf);

/*
 * ---------------------------------------------------------------------------
 * Strings
 * ---------------------------------------------------------------------------
 */

/**
 * Add a string, or find it when it is already there (in the base too).
 * @param s the string; NULL is -EINVAL.
 * @return its offset; -EINVAL, -E2BIG (past the largest string offset),
 *         -ENOMEM.  Since 0.1.
 */
BTFX_API int btfx_add_str(struct btfx *btf, const char *s);

/**
 * Find a string without adding it (in the base first).
 * @return its offset; -ENOENT when it is not there, -EINVAL for NULL,
 *         -ENOMEM (building the index on first use).  Since 0.1.
 */
BTFX_API int btfx_find_str(struct btfx *btf, const char *s);

/*
 * ---------------------------------------------------------------------------
 * Builders.  Each adds a type and returns its id, or appends to the last
 * type and returns 0, or returns a negative errno leaving the object
 * unchanged (byte for byte, whatever state it was loaded in) with the
 * reason in btfx_errmsg().  The btfx_add_* calls add a new type; the
 * btfx_append_* calls extend the last type of the object.
 *
 * Names are checked as the kernel (6.5 and later) checks them.  An
 * identifier (the name of a STRUCT, UNION, ENUM, FWD, TYPEDEF, FUNC or VAR,
 * of a member, enumerator or parameter) starts with a letter, '_' or '.'
 * and goes on with those or digits ("foo.llvm.123"); a section name
 * (DATASEC) is printable characters, space included.  The kernel's ctype
 * is Latin-1: bytes 0xc0-0xff but 0xd7 and 0xf7 are letters, and
 * 0xa0-0xff are printable.  Both have 1 to 512 characters.  NULL and ""
 * mean anonymous where that is allowed.
 *
 * Type ids may refer to types not added yet (0 is void) unless noted;
 * checks that need the referenced type are made when it exists.  Errnos of
 * every builder: -EINVAL (a bad argument; the message names it), -E2BIG (a
 * limit of the format: type ids, vlen, string offsets, the type section's
 * size), -ENOMEM.
 * ---------------------------------------------------------------------------
 */

/**
 * Add an INT of byte_sz * 8 bits at offset 0.
 * @param btf the object.
 * @param name a non-empty name.
 * @param byte_sz 1, 2, 4, 8 or 16.
 * @param encoding 0 or one of BTFX_INT_SIGNED, BTFX_INT_CHAR, BTFX_INT_BOOL.
 * @return the new type id, or -EINVAL, -E2BIG, -ENOMEM; unchanged on
 *         error.  Since 0.1.
 */
BTFX_API int btfx_add_int(struct btfx *btf, const char *name, uint32_t byte_sz,
			  uint32_t encoding);

/**
 * Add an INT with an explicit bit offset and bit count.
 * @param btf the object.
 * @param name a non-empty name.
 * @param byte_sz 1, 2, 4, 8 or 16.
 * @param encoding as for btfx_add_int().
 * @param bit_offset 0..255, with bit_offset + nr_bits <= byte_sz * 8.
 * @param nr_bits 1..128.
 * @return the new type id, or -EINVAL, -E2BIG, -ENOMEM; unchanged on
 *         error.  Since 0.1.
 */
BTFX_API int btfx_add_int_bits(struct btfx *btf, const char *name, uint32_t byte_sz,
			       uint32_t encoding, uint32_t bit_offset, uint32_t nr_bits);

/**
 * Add a FLOAT.
 * @param btf the object.
 * @param name a non-empty name.
 * @param byte_sz 2, 4, 8, 12 or 16.
 * @return the new type id, or -EINVAL, -E2BIG, -ENOMEM; unchanged on
 *         error.  Since 0.1.
 */
BTFX_API int btfx_add_float(struct btfx *btf, const char *name, uint32_t byte_sz);

/**
 * Add a PTR to ref_type_id.
 * @param btf the object.
 * @param ref_type_id the pointed-to type (0: void *).
 * @return the new type id, or -EINVAL (id out of range), -E2BIG, -ENOMEM;
 *         unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_ptr(struct btfx *btf, uint32_t ref_type_id);

/**
 * Add a CONST of ref_type_id.
 * @param btf the object.
 * @param ref_type_id the qualified type (0: void).
 * @return as btfx_add_ptr().  Since 0.1.
 */
BTFX_API int btfx_add_const(struct btfx *btf, uint32_t ref_type_id);

/**
 * Add a VOLATILE of ref_type_id.
 * @param btf the object.
 * @param ref_type_id the qualified type (0: void).
 * @return as btfx_add_ptr().  Since 0.1.
 */
BTFX_API int btfx_add_volatile(struct btfx *btf, uint32_t ref_type_id);

/**
 * Add a RESTRICT of ref_type_id.
 * @param btf the object.
 * @param ref_type_id the qualified type (0: void).
 * @return as btfx_add_ptr().  Since 0.1.
 */
BTFX_API int btfx_add_restrict(struct btfx *btf, uint32_t ref_type_id);

/**
 * Add a TYPEDEF.
 * @param btf the object.
 * @param name an identifier.
 * @param ref_type_id the type it names.
 * @return the new type id, or -EINVAL (bad name, id out of range), -E2BIG,
 *         -ENOMEM; unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_typedef(struct btfx *btf, const char *name, uint32_t ref_type_id);

/**
 * Add a TYPE_TAG.
 * @param btf the object.
 * @param value the tag, non-empty.
 * @param ref_type_id the tagged type.
 * @return the new type id, or -EINVAL (empty value, id out of range),
 *         -E2BIG, -ENOMEM; unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_type_tag(struct btfx *btf, const char *value, uint32_t ref_type_id);

/**
 * Add a TYPE_TAG with kind_flag set: value is a type attribute, printed as
 * __attribute__((value)) (e.g. "address_space(1)").
 * @param btf the object.
 * @param value the attribute, non-empty.
 * @param ref_type_id the tagged type.
 * @return as btfx_add_type_tag().  Since 0.1.
 */
BTFX_API int btfx_add_type_attr(struct btfx *btf, const char *value, uint32_t ref_type_id);

/**
 * Add an ARRAY.
 * @param btf the object.
 * @param index_type_id the index type, not void.
 * @param elem_type_id the element type, not void.
 * @param nr_elems the number of elements (0 for a flexible array).
 * @return the new type id, or -EINVAL (void or out-of-range id), -E2BIG,
 *         -ENOMEM; unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_array(struct btfx *btf, uint32_t index_type_id, uint32_t elem_type_id,
			    uint32_t nr_elems);

/**
 * Add a STRUCT with no members yet (see btfx_append_member()).
 * @param btf the object.
 * @param name NULL or "" (anonymous), or an identifier.
 * @param byte_sz its size in bytes.
 * @return the new type id, or -EINVAL (bad name), -E2BIG, -ENOMEM;
 *         unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_struct(struct btfx *btf, const char *name, uint32_t byte_sz);

/**
 * Add a UNION with no members yet (see btfx_append_member()).
 * @param btf the object.
 * @param name NULL or "" (anonymous), or an identifier.
 * @param byte_sz its size in bytes.
 * @return as btfx_add_struct().  Since 0.1.
 */
BTFX_API int btfx_add_union(struct btfx *btf, const char *name, uint32_t byte_sz);

/**
 * Append a member to the last type, which must be a STRUCT or UNION.
 * A non-zero bit_size makes it a bitfield and sets the type's kind_flag.
 * As in libbpf's btf__add_field(), a member whose bit_offset is not a
 * multiple of 8 is a bitfield and needs a bit_size.  With kind_flag set
 * every member's offset has 24 bits: a member (bitfield or not) of such a
 * type at bit 2^24 or more, and a first bitfield after a member at bit
 * 2^24 or more, are refused.  A UNION member's offset is 0; members come
 * in offset order and end within the type's size.
 * @param btf the object.
 * @param name NULL or "" (anonymous), or an identifier.
 * @param type_id the member's type, not void.
 * @param bit_offset from the start of the type.
 * @param bit_size 0, or the bitfield's size (1..128).
 * @return 0; -EINVAL (the last type is not a STRUCT or UNION, bad name,
 *         void type, misplaced or misaligned member), -E2BIG (vlen, or an
 *         offset the kind_flag encoding cannot hold), -ENOMEM; unchanged on
 *         error.  Since 0.1.
 *         -ESTALE: the last type was flushed to a stream writer.
 */
BTFX_API int btfx_append_member(struct btfx *btf, const char *name, uint32_t type_id,
				uint32_t bit_offset, uint32_t bit_size);

/**
 * A member, for btfx_add_composite_with_members().  Fields may be added at
 * the end in later versions: pass sizeof(*array) as elem_sz.
 */
struct btfx_member_info {
	const char *name;    /* NULL or "" for anonymous */
	uint32_t type;       /* type id */
	uint32_t bit_offset; /* from the start of the struct */
	uint32_t bit_size;   /* 0, or the bitfield's size */
};

/**
 * Add a STRUCT or UNION with all its members at once: as btfx_add_struct()
 * or btfx_add_union(), then btfx_append_member() for each, in one
 * transaction.
 * @param btf the object.
 * @param kind BTFX_KIND_STRUCT or BTFX_KIND_UNION.
 * @param name NULL or "" (anonymous), or an identifier.
 * @param byte_sz its size in bytes.
 * @param members cnt members (NULL when cnt is 0).
 * @param cnt their number, at most 65535.
 * @param elem_sz sizeof(*members): at least the size of this version's
 *        struct btfx_member_info; bytes of each element past it must be 0.
 * @return the new type id; -EINVAL (bad kind, NULL members, bad elem_sz or
 *         non-zero bytes past it, or as btfx_add_struct() and
 *         btfx_append_member()), -E2BIG, -ENOMEM; unchanged on error.
 *         Since 0.1.
 */
BTFX_API int btfx_add_composite_with_members(struct btfx *btf, int kind, const char *name,
					     uint32_t byte_sz,
					     const struct btfx_member_info *members,
					     uint32_t cnt, size_t elem_sz);

/** Flags of the enum builders. */
enum {
	BTFX_ENUM_SIGNED = 1u << 0, /* values are signed (kind_flag) */
};

/**
 * Add an ENUM with no values yet (see btfx_append_enum_value()).
 * @param btf the object.
 * @param name NULL or "" (anonymous), or an identifier.
 * @param byte_sz 1, 2, 4 or 8.
 * @param flags 0 or BTFX_ENUM_SIGNED.
 * @return the new type id, or -EINVAL (bad name, size or flags), -E2BIG,
 *         -ENOMEM; unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_enum(struct btfx *btf, const char *name, uint32_t byte_sz, uint32_t flags);

/**
 * Add an ENUM64 with no values yet (see btfx_append_enum_value()).
 * @param btf the object.
 * @param name NULL or "" (anonymous), or an identifier.
 * @param byte_sz 1, 2, 4 or 8.
 * @param flags 0 or BTFX_ENUM_SIGNED.
 * @return as btfx_add_enum().  Since 0.1.
 */
BTFX_API int btfx_add_enum64(struct btfx *btf, const char *name, uint32_t byte_sz,
			     uint32_t flags);

/**
 * Append a value to the last type, an ENUM or ENUM64.  An ENUM's value
 * must fit 32 bits, signed or unsigned; a negative value marks the enum
 * signed, which fails if it already has a value above INT32_MAX.  An
 * ENUM64 stores the 64 bits of value as given; its signedness is the
 * BTFX_ENUM_SIGNED of btfx_add_enum64(), so pass (int64_t)u for an
 * unsigned u >= 2^63.
 * @param btf the object.
 * @param name an identifier.
 * @param value the value.
 * @return 0; -EINVAL (the last type is not an ENUM or ENUM64, bad name,
 *         the enum cannot become signed), -E2BIG (vlen, a value that does
 *         not fit 32 bits), -ENOMEM; unchanged on error.  Since 0.1.
 *         -ESTALE: the last type was flushed to a stream writer.
 */
BTFX_API int btfx_append_enum_value(struct btfx *btf, const char *name, int64_t value);

/**
 * An enumerator, for btfx_add_enum_with_values().  Fields may be added at
 * the end in later versions: pass sizeof(*array) as elem_sz.
 */
struct btfx_enum_info {
	const char *name;
	int64_t value;
};

/**
 * Add an ENUM or ENUM64 with all its values at once: as btfx_add_enum() or
 * btfx_add_enum64(), then btfx_append_enum_value() for each, in one
 * transaction.
 * @param btf the object.
 * @param kind BTFX_KIND_ENUM or BTFX_KIND_ENUM64.
 * @param name NULL or "" (anonymous), or an identifier.
 * @param byte_sz 1, 2, 4 or 8.
 * @param flags 0 or BTFX_ENUM_SIGNED.
 * @param vals cnt values (NULL when cnt is 0).
 * @param cnt their number, at most 65535.
 * @param elem_sz sizeof(*vals): at least the size of this version's
 *        struct btfx_enum_info; bytes of each element past it must be 0.
 * @return the new type id; -EINVAL (bad kind, NULL vals, bad elem_sz or
 *         non-zero bytes past it, or as btfx_add_enum() and
 *         btfx_append_enum_value()), -E2BIG, -ENOMEM; unchanged on error.
 *         Since 0.1.
 */
BTFX_API int btfx_add_enum_with_values(struct btfx *btf, int kind, const char *name,
				       uint32_t byte_sz, uint32_t flags,
				       const struct btfx_enum_info *vals, uint32_t cnt,
				       size_t elem_sz);

/**
 * Add a forward declaration: a FWD of a struct (BTFX_FWD_STRUCT) or union
 * (BTFX_FWD_UNION), or for BTFX_FWD_ENUM an ENUM of size 4 with no values,
 * as the kernel and libbpf's btf__add_fwd() represent a forward enum.
 * @param btf the object.
 * @param name an identifier.
 * @param fwd_kind a BTFX_FWD_*.
 * @return the new type id, or -EINVAL (bad name or fwd_kind), -E2BIG,
 *         -ENOMEM; unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_fwd(struct btfx *btf, const char *name, int fwd_kind);

/**
 * Add a FUNC_PROTO with no params yet (see btfx_append_param()).
 * @param btf the object.
 * @param ret_type_id the return type (0: void).
 * @return the new type id, or -EINVAL (id out of range), -E2BIG, -ENOMEM;
 *         unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_func_proto(struct btfx *btf, uint32_t ret_type_id);

/**
 * Append a parameter to the last type, a FUNC_PROTO.  A param of type 0
 * and no name is "...", allowed only last.
 * @param btf the object.
 * @param name NULL or "" (unnamed), or an identifier.
 * @param type_id its type; 0 only for "...".
 * @return 0; -EINVAL (the last type is not a FUNC_PROTO, bad name, a
 *         named void param, a param after "..."), -E2BIG, -ENOMEM;
 *         unchanged on error.  Since 0.1.
 *         -ESTALE: the last type was flushed to a stream writer.
 */
BTFX_API int btfx_append_param(struct btfx *btf, const char *name, uint32_t type_id);

/**
 * A parameter, for btfx_add_func_proto_with_params().  Fields may be added
 * at the end in later versions: pass sizeof(*array) as elem_sz.
 */
struct btfx_param_info {
	const char *name;
	uint32_t type;
};

/**
 * Add a FUNC_PROTO with all its params at once: as btfx_add_func_proto(),
 * then btfx_append_param() for each, in one transaction.
 * @param btf the object.
 * @param ret_type_id the return type (0: void).
 * @param params cnt params (NULL when cnt is 0).
 * @param cnt their number, at most 65535.
 * @param elem_sz sizeof(*params): at least the size of this version's
 *        struct btfx_param_info; bytes of each element past it must be 0.
 * @return the new type id; -EINVAL (NULL params, bad elem_sz or non-zero
 *         bytes past it, or as btfx_append_param()), -E2BIG, -ENOMEM;
 *         unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_func_proto_with_params(struct btfx *btf, uint32_t ret_type_id,
					     const struct btfx_param_info *params, uint32_t cnt,
					     size_t elem_sz);

/**
 * Add a FUNC.
 * @param btf the object.
 * @param name an identifier.
 * @param linkage a BTFX_FUNC_*.
 * @param proto_type_id a FUNC_PROTO (checked when it exists), not void.
 * @return the new type id, or -EINVAL (bad name, linkage or prototype),
 *         -E2BIG, -ENOMEM; unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_func(struct btfx *btf, const char *name, int linkage,
			   uint32_t proto_type_id);

/**
 * Add a VAR.
 * @param btf the object.
 * @param name an identifier.
 * @param linkage a BTFX_VAR_*.
 * @param type_id its type, not void.
 * @return the new type id, or -EINVAL (bad name, linkage or type), -E2BIG,
 *         -ENOMEM; unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_var(struct btfx *btf, const char *name, int linkage, uint32_t type_id);

/**
 * Add a DECL_TAG on a STRUCT, UNION, VAR, FUNC or TYPEDEF.
 * @param btf the object.
 * @param value the tag, non-empty.
 * @param ref_type_id the tagged type, not void (its kind is checked when it
 *        exists).
 * @param component_idx -1 for the type itself, else a member (STRUCT,
 *        UNION) or param (FUNC) index below its vlen.
 * @return the new type id, or -EINVAL (empty value, a kind that cannot be
 *         tagged, bad component_idx), -E2BIG, -ENOMEM; unchanged on error.
 *         Since 0.1.
 */
BTFX_API int btfx_add_decl_tag(struct btfx *btf, const char *value, uint32_t ref_type_id,
			       int component_idx);

/**
 * Add a DECL_TAG with kind_flag set: value is a declaration attribute.
 * @param btf the object.
 * @param value the attribute, non-empty.
 * @param ref_type_id as for btfx_add_decl_tag().
 * @param component_idx as for btfx_add_decl_tag().
 * @return as btfx_add_decl_tag().  Since 0.1.
 */
BTFX_API int btfx_add_decl_attr(struct btfx *btf, const char *value, uint32_t ref_type_id,
				int component_idx);

/*
 * ---------------------------------------------------------------------------
 * DATASEC.  A DATASEC's secinfos are kept sorted by offset (stable: equal
 * offsets keep the order they were added in).  Rejected: a secinfo that is
 * not a VAR, of size 0, overlapping another, past the section's size, or,
 * as the kernel does, smaller than its VAR's type (when the VAR and the
 * size of its type are already known: btfx_resolve_size()).  An object
 * made with BTFX_NEW_UNPLACED_DATASEC may also hold unplaced sections
 * (size 0, as a compiler emits them): their entries are kept in the order
 * given, with no offset or size checks, until btfx_place_datasec() places
 * and sorts them.  Checks and sorting run on a copy, published only when
 * they pass.
 * ---------------------------------------------------------------------------
 */

/**
 * Add an empty DATASEC, to append secinfos to with btfx_append_secinfo()
 * (as libbpf's btf__add_datasec()).
 * @param btf the object.
 * @param name a section name.
 * @param byte_sz the section's size (0 only for an unplaced section).
 * @return the new type id, or -EINVAL (bad name, size 0), -E2BIG, -ENOMEM;
 *         unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_datasec(struct btfx *btf, const char *name, uint32_t byte_sz);

/**
 * Add a DATASEC with all its secinfos at once; the array is copied and
 * sorted by offset.
 * @param btf the object.
 * @param name a section name.
 * @param byte_sz the section's size (0 only for an unplaced section).
 * @param infos cnt secinfos (NULL when cnt is 0).
 * @param cnt their number, at most 65535.
 * @return the new type id; -EINVAL (bad name or size, NULL infos, a bad
 *         secinfo: the message names it and the reason), -E2BIG, -ENOMEM;
 *         unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_add_datasec_with_vars(struct btfx *btf, const char *name, uint32_t byte_sz,
					const struct btfx_var_secinfo *infos, uint32_t cnt);

/**
 * Append a secinfo to the last type, a DATASEC, at its sorted place.  The
 * whole section is checked on a copy and written back sorted on success:
 * a section loaded with its secinfos out of order is sorted by the first
 * successful append.
 * @param btf the object.
 * @param var_type_id the VAR (checked when it exists), not void.
 * @param offset its offset in the section.
 * @param byte_sz its size.
 * @return 0; -EINVAL (the last type is not a DATASEC, a bad secinfo),
 *         -E2BIG (vlen), -ENOMEM; unchanged on error, whatever order the
 *         section was in.  Since 0.1.
 *         -ESTALE: the last type was flushed to a stream writer.
 */
BTFX_API int btfx_append_secinfo(struct btfx *btf, uint32_t var_type_id, uint32_t offset,
				 uint32_t byte_sz);

/**
 * Begin a DATASEC that collects variables across many calls (an encoder's
 * CUs) while other types are added, and is added as one type by
 * btfx_datasec_builder_finish().
 * @param btf the object the section will be added to; must outlive the
 *        builder.
 * @param name the section name (checked at finish); copied.
 * @param byte_sz the section's size, changeable with
 *        btfx_datasec_builder_set_size().
 * @return the builder, owned by the caller (btfx_datasec_builder_free()),
 *         or NULL with errno EINVAL (NULL btf or name) or ENOMEM.
 *         Since 0.1.
 */
BTFX_API struct btfx_datasec_builder *btfx_datasec_builder_new(struct btfx *btf,
							       const char *name,
							       uint32_t byte_sz);

/**
 * Free a DATASEC builder, finished or not; NULL is accepted.
 * @param sec the builder.  Since 0.1.
 */
BTFX_API void btfx_datasec_builder_free(struct btfx_datasec_builder *sec);

/**
 * Add one variable to an open builder; it is checked at finish.
 * @param sec the builder.
 * @param var_type_id the VAR.
 * @param offset its offset in the section.
 * @param byte_sz its size.
 * @return 0, -EINVAL (NULL or finished builder), -ENOMEM; the message is
 *         on the builder's object; the builder is unchanged on error.
 *         Since 0.1.
 */
BTFX_API int btfx_datasec_builder_add_var(struct btfx_datasec_builder *sec,
					  uint32_t var_type_id, uint32_t offset,
					  uint32_t byte_sz);

/**
 * Add many variables to an open builder; they are checked at finish.
 * @param sec the builder.
 * @param infos cnt secinfos, copied (NULL when cnt is 0).
 * @param cnt their number.
 * @return 0, -EINVAL (NULL or finished builder, NULL infos), -ENOMEM; the
 *         message is on the builder's object; the builder is unchanged on
 *         error.  Since 0.1.
 */
BTFX_API int btfx_datasec_builder_add_vars(struct btfx_datasec_builder *sec,
					   const struct btfx_var_secinfo *infos, uint32_t cnt);

/**
 * Set the size of the section an open builder will add.
 * @param sec the builder.
 * @param byte_sz the section's size.
 * @return 0, or -EINVAL (NULL or finished builder; message on its object).
 *         Since 0.1.
 */
BTFX_API int btfx_datasec_builder_set_size(struct btfx_datasec_builder *sec, uint32_t byte_sz);

/**
 * Number of variables collected by a builder.
 * @param sec the builder, or NULL.
 * @return the count; 0 for NULL.  Since 0.1.
 */
BTFX_API uint32_t btfx_datasec_builder_cnt(const struct btfx_datasec_builder *sec);

/**
 * Add the collected section to its object as a DATASEC, sorted and checked
 * as btfx_add_datasec_with_vars().  The builder is finished after success;
 * after a failure it stays open and may be fixed and finished again.
 * @param sec the builder.
 * @return the new type id; -EINVAL (NULL or finished builder, or as
 *         btfx_add_datasec_with_vars()), -E2BIG, -ENOMEM; the message is on
 *         the builder's object, which is unchanged on error.  Since 0.1.
 */
BTFX_API int btfx_datasec_builder_finish(struct btfx_datasec_builder *sec);

/**
 * Where a variable lives, for btfx_place_datasec(): fill *offset and *size
 * for the VAR named name (its symbol's value and size) and return 0, or
 * return -ENOENT to leave it unplaced (an error), or another negative errno
 * to stop.
 */
typedef int (*btfx_place_fn)(void *ctx, const char *name, uint32_t var_type_id,
			     uint32_t *offset, uint32_t *size);

/**
 * Place an existing DATASEC: set its size and every secinfo's offset and
 * size from a callback (a symbol table, as a linker or loader does), then
 * sort and check it as btfx_add_datasec_with_vars() does.
 * @param btf the object.
 * @param id the DATASEC's type id (this object's own).
 * @param byte_sz the section's size.
 * @param fn the lookup; ctx is passed to it.
 * @param ctx passed to fn.
 * @return 0; -EINVAL (not a DATASEC of this object, NULL fn, a bad
 *         secinfo once placed), -ENOENT (a variable the callback did not
 *         know), the callback's error, -ENOMEM; unchanged on error.
 *         Since 0.1.
 *         -ESTALE: the DATASEC was flushed to a stream writer.
 */
BTFX_API int btfx_place_datasec(struct btfx *btf, uint32_t id, uint32_t byte_sz,
				btfx_place_fn fn, void *ctx);

/**
 * What btfx_prepare_load() asks of a global it may make static, as
 * libbpf's loader does: 1 when the object's ELF symbol called name has
 * hidden or internal visibility (and, with is_func, is a function defined
 * in .text: a subprogram), 0 when not, or a negative errno to stop.
 * btfx_link_prepare_load() answers from a link's inputs.
 */
typedef int (*btfx_sym_static_fn)(void *ctx, const char *name, int is_func);

/** Options of btfx_prepare_load(); NULL means defaults. */
struct btfx_prepare_load_opts {
	size_t sz;
	/* NULL: the symbols are not known, no global is made static.  Since 0.1. */
	btfx_sym_static_fn sym_static;
	void *ctx; /* passed to sym_static */
};

/**
 * Rewrite an object file's BTF as libbpf (1.x) does before it loads it
 * with BPF_BTF_LOAD, so that btfx_validate() judges what the kernel will
 * be given:
 *  - the externs of .kconfig are laid out in one block, by alignment
 *    (largest first), then size, then name, and become allocated globals;
 *  - each extern of .ksyms takes 4 bytes, in the section's order: a
 *    variable becomes an allocated global of the first 32-bit INT; a
 *    function becomes global, its entry points at an added variable
 *    "dummy_ksym" (an allocated global of that INT), and its prototype's
 *    unnamed parameters take that variable's name;
 *  - every DATASEC's entries are sorted by offset;
 *  - with opts->sym_static, a global whose symbol is hidden becomes static:
 *    an allocated VAR of a data section (not .kconfig or .ksyms), and the
 *    first global FUNC of a name whose symbol is a subprogram.
 * An extern variable or function anywhere else (one linking did not
 * resolve) is refused, as libbpf refuses the object.
 * The object's own data sections must be placed (sizes and offsets)
 * before: btfx_link_add_elf() does that from the ELF file.
 * @param btf an object file's BTF.
 * @param opts NULL, or the symbol lookup (sym_static, ctx).
 * @return 0; -EINVAL (bad opts, an entry of .kconfig or .ksyms that is not
 *         a variable or function of this object), -ENOTSUP (what libbpf
 *         refuses: a function in .kconfig; a .kconfig type other than bool,
 *         char, 1/2/4/8-byte integers, libbpf_tristate and char arrays;
 *         functions in .ksyms and no 32-bit INT; an extern elsewhere), -E2BIG, -EBUSY (a stream
 *         writer is open, or types were flushed), -ENOMEM.  Unchanged on
 *         error, message set.  Since 0.1.
 */
BTFX_API int btfx_prepare_load(struct btfx *btf, const struct btfx_prepare_load_opts *opts);

/*
 * ---------------------------------------------------------------------------
 * Copying a record
 * ---------------------------------------------------------------------------
 */

/**
 * Add a copy of a type record of another object (or this one), with its
 * strings re-added here and its type ids kept as they are.  Checks only
 * bounds, not the kernel's rules: for copying and merging tools.
 * @return the new type id or a negative errno.  Since 0.1.
 */
BTFX_API int btfx_add_type_copy(struct btfx *btf, const struct btfx *src, uint32_t src_id);

/*
 * ---------------------------------------------------------------------------
 * Hash-consing (BTFX_NEW_HASHCONS)
 *
 * In an object made with BTFX_NEW_HASHCONS, a builder call that would add a
 * type identical to one of the object's own types returns the id of that
 * type (the lowest, if there are several) and adds nothing: no record and
 * no string; btfx_type_cnt() and btfx_str_sec_len() stay as they were.
 * Identical means the same record: same kind, name, kind_flag, vlen,
 * size or type, the same trailing data (encoding, array, members,
 * enumerators, parameters, linkage, component_idx, secinfos) and the same
 * type ids.  Ids are compared as numbers: two types that are equal only
 * through different ids of equal types (cycles, forward references) are
 * left to a graph dedup.  The base of a split object is not searched: a
 * type equal to a base type is added.
 *
 * Calls that add a complete type at once are compared when made:
 * btfx_add_int() and btfx_add_int_bits(), btfx_add_float(), btfx_add_ptr(),
 * the modifiers, btfx_add_typedef(), btfx_add_type_tag(),
 * btfx_add_type_attr(), btfx_add_array(), btfx_add_fwd(), btfx_add_func(),
 * btfx_add_var(), btfx_add_decl_tag(), btfx_add_decl_attr(),
 * btfx_add_type_copy(), the whole-array builders
 * (btfx_add_composite_with_members(), btfx_add_enum_with_values(),
 * btfx_add_func_proto_with_params(), btfx_add_datasec_with_vars()) and
 * btfx_datasec_builder_finish().  btfx_add_btf() compares nothing: the
 * types it adds are candidates for later calls.
 *
 * An incremental type (btfx_add_struct(), btfx_add_union(),
 * btfx_add_enum(), btfx_add_enum64(), btfx_add_func_proto(),
 * btfx_add_datasec(), then btfx_append_*()) is open: its id is
 * provisional until btfx_finish_type() closes it and returns its final id.
 * The pattern of an encoder is
 *
 *     id = btfx_add_struct(btf, "list_head", 16);
 *     btfx_append_member(btf, "next", ptr_id, 0, 0);
 *     btfx_append_member(btf, "prev", ptr_id, 64, 0);
 *     id = btfx_finish_type(btf);   use this id from now on
 *
 * An open type not finished is closed as it is by the next builder call
 * that succeeds, and then keeps its id even if it duplicates another type:
 * ids a caller already holds never change meaning.  Appending is allowed
 * only to the open type: btfx_append_*() on a closed type is -EINVAL.
 * A type whose members refer to itself (through a pointer added before
 * it is finished) closes it early and is not deduplicated.
 *
 * Records changed in place later (btfx_place_datasec(),
 * btfx_visit_type_ids(), btfx_visit_str_offs()) are compared as they are
 * now.  The table costs 8 to 16 bytes per own type, built on the first
 * hash-consed call (for a loaded object: from all its types then).
 * ---------------------------------------------------------------------------
 */

/**
 * Close the open type: the one the last btfx_add_struct(),
 * btfx_add_union(), btfx_add_enum(), btfx_add_enum64(),
 * btfx_add_func_proto() or btfx_add_datasec() added, if no other type was
 * added since.  With BTFX_NEW_HASHCONS, when an own type identical to it
 * exists, its record is removed and the next type added takes its id
 * again; the strings it used are the existing type's and stay.  Without
 * BTFX_NEW_HASHCONS, only marks it closed.
 * @param btf the object.
 * @return the type's final id: the id of the identical existing type, or
 *         its own; -EINVAL (no open type), -ENOMEM (for the table); unchanged
 *         on error.  Since 0.1.
 */
BTFX_API int btfx_finish_type(struct btfx *btf);

/*
 * ---------------------------------------------------------------------------
 * Appending another object
 * ---------------------------------------------------------------------------
 */

/** Options of btfx_add_btf_opts(). */
struct btfx_add_btf_opts {
	size_t sz;
	/*
	 * Filled on success with the id each type id of the source has in
	 * this object: id_map[0] = 0, a shared base's ids map to themselves,
	 * and the source's own ids to the new ones.  Entries from
	 * btfx_type_cnt(src) on are left as they are.  Caller memory.
	 */
	uint32_t *id_map;
	uint32_t id_map_cnt; /* entries of id_map; 0: no map */
	uint32_t flags;      /* none yet: 0 */
};

/**
 * Append every own type of src (from btfx_start_id(src)) to btf, in order,
 * with its strings added to btf and its type ids renumbered to where the
 * types land, as libbpf's btf__add_btf() does.  src may be split only over
 * btf's own base (the same object): ids and string offsets into that base
 * are kept.  An unsplit src is renumbered whole, into a split btf too.
 * Records are copied, not checked against the kernel's rules (src is a
 * checked or built object).  src may be btf itself (its types twice).
 * The call is one transaction: on error btf is unchanged.
 * @param btf the object to append to.
 * @param src the object to copy from; only read.
 * @return the id of the first appended type (btfx_type_cnt(btf) before the
 *         call, also when src has no own types); -EINVAL (NULL src, src
 *         split over another base, a string offset past src's strings),
 *         -ENOTSUP (a kind unknown to libbtfx in src), -E2BIG (type ids or
 *         sections past the format's limits), -ENOMEM.  Since 0.1.
 *         -EBUSY: types of src were flushed to a stream writer.
 */
BTFX_API int btfx_add_btf(struct btfx *btf, const struct btfx *src);

/**
 * btfx_add_btf() with options: the map from src's type ids to btf's.
 * @param opts options, or NULL.
 * @return as btfx_add_btf(); -EINVAL also for bad opts, an id map of fewer
 *         than btfx_type_cnt(src) entries (when id_map_cnt is not 0) or a
 *         NULL one.  The map is written only on success.  Since 0.1.
 */
BTFX_API int btfx_add_btf_opts(struct btfx *btf, const struct btfx *src,
			       const struct btfx_add_btf_opts *opts);

/*
 * ---------------------------------------------------------------------------
 * Visiting the type ids and string offsets of a record
 * ---------------------------------------------------------------------------
 */

/**
 * Callback of btfx_visit_type_ids() and btfx_visit_str_offs(): field points
 * to a copy of one field, which the callback may change.  Returns 0 to go
 * on, or a negative errno to stop: the call then fails with that errno and
 * the record is left as it was.
 */
typedef int (*btfx_visit_fn)(void *ctx, uint32_t *field);

/**
 * Visit, and let the callback change, every type-id field of one of this
 * object's own records, in record order: the type of PTR, TYPEDEF, the
 * modifiers, TYPE_TAG, FUNC, VAR, DECL_TAG and the return type of a
 * FUNC_PROTO, then an ARRAY's element and index types, each member's,
 * parameter's or secinfo's type.  INT, FLOAT, ENUM, ENUM64 and FWD have
 * none.
 *
 * The call is one transaction.  Each new value is checked as the
 * builders check type ids (at most BTFX_MAX_TYPE: a forward reference is
 * allowed; the kind's rules, such as a FUNC naming a FUNC_PROTO, are not
 * checked).  Only when every field is visited and good is the record
 * changed; a callback error or a bad value leaves the object as it was.
 * A change invalidates the blobs of btfx_raw_data() and every pointer
 * borrowed from the object.  The callback may add strings to btf
 * (btfx_add_str()), which are removed again if the call fails, and must
 * make no other change to btf.
 * @param btf the object.
 * @param id one of its own types: btfx_start_id() <= id < btfx_type_cnt().
 * @param fn the callback; ctx is passed to it.
 * @return the number of fields visited (>= 0); -EINVAL (NULL fn, id is void
 *         or a base type, or a new id > BTFX_MAX_TYPE), -ENOENT (no type
 *         id), -ENOTSUP (a kind unknown to libbtfx), -ENOMEM, or the
 *         callback's error.  Unchanged on error, message set.  Since 0.1.
 *         -ESTALE: the type was flushed to a stream writer.
 */
BTFX_API int btfx_visit_type_ids(struct btfx *btf, uint32_t id, btfx_visit_fn fn, void *ctx);

/**
 * Visit, and let the callback change, every string-offset field of one of
 * this object's own records, in record order: the record's name_off first,
 * then each member's, enumerator's or parameter's.  As
 * btfx_visit_type_ids(), except for the check of a new value: it must lie
 * inside the string sections (the base's or this object's, below
 * start + btfx_str_sec_len()), as the kernel and btfx_load() check offsets; it
 * may point into the middle of a string (its tail).  A new name_off
 * updates what btfx_find_by_name_kind() finds.
 * @return as btfx_visit_type_ids(), -EINVAL also for an offset past the
 *         string sections.  Since 0.1.
 */
BTFX_API int btfx_visit_str_offs(struct btfx *btf, uint32_t id, btfx_visit_fn fn, void *ctx);

/**
 * Callback of the read-only visitors: gets the value of one field.
 * Returns 0 to go on, or a non-zero value to stop, which the visitor
 * returns.
 */
typedef int (*btfx_field_fn)(void *ctx, uint32_t value);

/**
 * Read-only btfx_visit_type_ids(): pass each type-id field of any record
 * (the base's too) to fn, in the same order.  Safe from several threads
 * on an object nobody modifies.
 * @return the number of fields visited (0 for void, id 0); -EINVAL (NULL
 *         fn), -ENOENT (no type id), -ENOTSUP (unknown kind), or fn's
 *         non-zero return.  No message (the object is const).  Since 0.1.
 */
BTFX_API int btfx_for_each_type_id(const struct btfx *btf, uint32_t id, btfx_field_fn fn,
				   void *ctx);

/**
 * Read-only btfx_visit_str_offs(): pass each string-offset field of any
 * record to fn, name_off first.
 * @return as btfx_for_each_type_id().  Since 0.1.
 */
BTFX_API int btfx_for_each_str_off(const struct btfx *btf, uint32_t id, btfx_field_fn fn,
				   void *ctx);

/*
 * ---------------------------------------------------------------------------
 * Deduplication
 * ---------------------------------------------------------------------------
 */

/** Options of btfx_dedup(). */
struct btfx_dedup_opts {
	size_t sz;
	/*
	 * Filled on success with the new id of every old type id:
	 * id_map[old] = the id that references to old now read (0 for 0; a
	 * base id maps to itself, unless it is an enum declaration that
	 * resolved to a full enum of this object).  Entries from
	 * btfx_type_cnt() (before the call) on are left as they are.  NULL:
	 * no map.  Caller memory.
	 */
	uint32_t *id_map;
	uint32_t id_map_cnt; /* entries of id_map; at least btfx_type_cnt() before the call */
	uint32_t flags;	     /* none defined yet: 0 */
};

/**
 * Deduplicate the object's own types in place, as libbpf's btf__dedup()
 * does: equal types (over cyclic graphs too: STRUCT and UNION equivalence
 * with FWDs resolved to the STRUCT or UNION they declare) become one, the
 * first in id order; a FWD left over resolves to the one STRUCT or UNION
 * of its name and kind, and stays when there are several; an enum
 * declaration (vlen 0) resolves to the ENUM or ENUM64 of its name.  The
 * representatives keep their order and get consecutive ids from
 * btfx_start_id(), and every type id of every record is renumbered.  The
 * string section is rebuilt with only the strings the records use, each
 * once, in order of first use.  For split BTF, own types equal to base
 * types become the base ids and own strings the base has take the base's
 * offsets; the base is never modified.  The same input gives the same
 * bytes.  The object must not be the base of another object (its ids
 * change).  Borrowed pointers into the object are invalidated.
 * The call is one transaction: on error the object is unchanged.
 * @param btf the object.
 * @param opts options, or NULL.
 * @return 0; -EINVAL (bad opts, an id map of fewer than btfx_type_cnt()
 *         entries, a type id past the last one or a string offset past the
 *         strings in a record, a VAR, DATASEC or DECL_TAG where a type is
 *         expected), -ENOTSUP (a kind libbtfx does not know, own or in the
 *         base), -ELOOP (a cycle of reference types not through a STRUCT,
 *         UNION or TYPEDEF, or chains of references deeper than 16384),
 *         -E2BIG (the string section would pass the format's limit),
 *         -ENOMEM.  Unchanged on error, message set.  Since 0.1.
 *         -EBUSY: a stream writer is open on btf, or types were flushed.
 */
BTFX_API int btfx_dedup(struct btfx *btf, const struct btfx_dedup_opts *opts);

/*
 * ---------------------------------------------------------------------------
 * Sinks
 * ---------------------------------------------------------------------------
 *
 * A sink is where written bytes go: memory, a file descriptor, a FILE *, a
 * callback, a path (through a temporary file), or a gzip filter in front of
 * another sink.  Make one, give it to btfx_write() (or write to it
 * directly), then btfx_sink_close() it, which makes the output final and
 * returns the first error, or btfx_sink_abort() it, which discards what it
 * can.  Every sink must be closed or aborted exactly once.  To read the
 * message of a failed final step (a rename, an fsync(), a flush), or a
 * memory sink's bytes, after the output is final, btfx_sink_finish() it
 * first: it does what close does but frees nothing.
 *
 * Errors are sticky: after the first failed write every call on the sink
 * returns the same negative errno without writing anything, and
 * btfx_sink_errmsg() holds one line naming the output ("out.btf: write:
 * No space left on device", "fd 1: write: Broken pipe", "callback: write:
 * ...").  Short writes are continued and EINTR is retried; any other
 * error of write(2), fwrite() or the callback is returned as it is.  The
 * library never changes signal dispositions: a program writing to a pipe
 * must ignore SIGPIPE to get -EPIPE rather than being killed.
 *
 * The constructors fail only on a bad argument (-EINVAL) or memory
 * (-ENOMEM): they return NULL and set errno.  An output that cannot be
 * opened (btfx_sink_path() in a missing directory) gives a sink in the
 * failed state, so that the message has a home.  A sink is used by one
 * thread at a time.
 */

/** An output: opaque; see btfx_sink_mem() and the other constructors. */
struct btfx_sink;

/** Flags of struct btfx_sink_opts. */
enum {
	/* btfx_sink_path(): fsync() the temporary file before the rename. */
	BTFX_SINK_FSYNC = 1u << 0,
};

/** Options of every sink constructor; NULL means all defaults. */
struct btfx_sink_opts {
	size_t sz;
	uint32_t flags; /* BTFX_SINK_* */
	/*
	 * btfx_sink_path(): permission bits a new file is created with before
	 * the umask applies, as open(2)'s third argument; 0 means 0666.  A
	 * file that is replaced keeps its own mode.  Other sinks ignore it.
	 */
	uint32_t mode;
};

/**
 * The operations of a callback sink (btfx_sink_callback()).
 * sz: set it to sizeof(struct btfx_sink_ops); checked as an opts struct's.
 * write: take up to len bytes from buf (len >= 1); return how many were
 * taken (1 to len: the rest is offered again), or a negative errno, which
 * becomes the sink's error (-EINTR is retried).  0, or more than len, is
 * taken as -EIO.  Required.
 * seek: optional; move to byte off of the output (counted from the first
 * byte given to write), return 0 or a negative errno.  With it the sink is
 * seekable and btfx_sink_pwrite() works; NULL means not seekable.
 */
struct btfx_sink_ops {
	size_t sz;
	ssize_t (*write)(void *ctx, const void *buf, size_t len);
	int (*seek)(void *ctx, uint64_t off);
};

/**
 * A memory sink.  With buf NULL the sink grows a buffer of its own (cap is
 * its first capacity, 0 for a default); with buf, it writes into those cap
 * bytes and a write that does not fit fails with -ENOSPC, leaving the bytes
 * written before it in buf.  Seekable.
 * @param buf caller memory, or NULL for a growing buffer.
 * @param cap bytes of buf, or the first capacity of the growing buffer.
 * @param opts NULL or options.
 * @return a sink, or NULL with errno EINVAL (bad opts) or ENOMEM.  Since 0.1.
 */
BTFX_API struct btfx_sink *btfx_sink_mem(void *buf, size_t cap, const struct btfx_sink_opts *opts);

/**
 * What a memory sink holds: the bytes written so far.
 * @param len receives their count (0 on a sink that is not a memory sink).
 * @return the buffer, borrowed: buf given to btfx_sink_mem(), or the
 *         growing buffer, valid until the next write, btfx_sink_close() or
 *         btfx_sink_abort() (btfx_sink_finish() leaves it valid); NULL for
 *         other sinks and for a growing sink that has nothing yet.
 *         Since 0.1.
 */
BTFX_API const void *btfx_sink_mem_data(const struct btfx_sink *s, size_t *len);

/**
 * A file descriptor sink: write(2) at the descriptor's offset.  It is
 * seekable when lseek() works on fd (a regular file; not a pipe, socket or
 * terminal), and its offsets then count from where fd was when the sink
 * was made.  fd is not closed by the sink.
 * @param fd an open descriptor.
 * @param opts NULL or options.
 * @return a sink, or NULL with errno EINVAL (fd < 0, bad opts) or ENOMEM.
 *         Since 0.1.
 */
BTFX_API struct btfx_sink *btfx_sink_fd(int fd, const struct btfx_sink_opts *opts);

/**
 * A stdio sink: fwrite() to f; btfx_sink_close() flushes it (a failed
 * fflush() is the close's error).  Seekable when f's stream is.  f is not
 * closed by the sink.
 * @param f an open stream.
 * @param opts NULL or options.
 * @return a sink, or NULL with errno EINVAL (f NULL, bad opts) or ENOMEM.
 *         Since 0.1.
 */
BTFX_API struct btfx_sink *btfx_sink_stdio(FILE *f, const struct btfx_sink_opts *opts);

/**
 * A callback sink (struct btfx_sink_ops).  Messages name it "callback".
 * @param ops the callbacks; copied, so ops need not outlive the call.
 * @param ctx passed to them.
 * @param opts NULL or options.
 * @return a sink, or NULL with errno EINVAL (ops NULL, no write, bad sz or
 *         opts) or ENOMEM.  Since 0.1.
 */
BTFX_API struct btfx_sink *btfx_sink_callback(const struct btfx_sink_ops *ops, void *ctx,
					      const struct btfx_sink_opts *opts);

/**
 * A file by name, written atomically: the bytes go to a new temporary file
 * in the same directory ("PATH.tmp.XXXXXX", created with O_EXCL), which
 * btfx_sink_close() renames over path only when every write succeeded
 * (after an fsync() with BTFX_SINK_FSYNC).  A failed close and
 * btfx_sink_abort() unlink it: no partial file is left at path or beside
 * it.  A new file gets the mode open(path, O_CREAT, 0666) would give it
 * (opts->mode instead of 0666 when set), that is with the umask applied; a
 * regular file that is replaced keeps its mode.  "-" is standard output,
 * written directly (as btfx_sink_fd(1)) and never closed.  An existing
 * path that is neither a regular file nor a directory (a device such as
 * /dev/null, a FIFO) is opened and written in place, never replaced.
 * Seekable (the temporary file; otherwise when lseek() works).
 * When the temporary file cannot be created, the sink is returned in the
 * failed state: its writes and close return the errno of open(2) and
 * btfx_sink_errmsg() says why.
 * @param path the file to write.
 * @param opts NULL or options (BTFX_SINK_FSYNC, mode).
 * @return a sink, or NULL with errno EINVAL (path NULL or "", bad opts) or
 *         ENOMEM.  Since 0.1.
 */
BTFX_API struct btfx_sink *btfx_sink_path(const char *path, const struct btfx_sink_opts *opts);

/**
 * A gzip filter: compresses what it is given with zlib's deflate (a gzip
 * header and trailer, as `gzip -c`) into inner.  inner stays the caller's:
 * btfx_sink_finish() or btfx_sink_close() of the filter writes the end of
 * the stream and the gzip trailer into inner and leaves inner open;
 * btfx_sink_abort() of the filter does not touch inner.  The caller then
 * closes inner (or aborts it, after a failure), which makes the file
 * appear for a path sink; inner must outlive the filter.  A memory inner
 * holds the whole .gz after the filter is closed.  Not seekable.  An
 * error of inner is the filter's error, with inner's message.
 * @param inner the sink receiving the compressed bytes, not finished.
 * @param level 0 (stored) to 9 (best), or -1 for zlib's default (6).
 * @param opts NULL or options.
 * @return a sink, or NULL with errno EINVAL (inner not a sink or already
 *         finished, level out of range, bad opts) or ENOMEM.  Since 0.1.
 */
BTFX_API struct btfx_sink *btfx_sink_gzip(struct btfx_sink *inner, int level,
					  const struct btfx_sink_opts *opts);

/**
 * Write len bytes: all of them, or fail.
 * @return 0; -EINVAL (s not a sink or finished, buf NULL with len > 0); or
 *         the sink's
 *         error: -ENOSPC (a fixed memory sink is full), -ENOMEM (a growing
 *         one cannot grow), the errno of write(2) or fwrite() (-EPIPE,
 *         -ENOSPC, -EIO...), the callback's negative return, -EIO (a
 *         callback returning 0), or the error of an earlier call (sticky).
 *         Since 0.1.
 */
BTFX_API int btfx_sink_write(struct btfx_sink *s, const void *buf, size_t len);

/**
 * Bytes taken by btfx_sink_write() so far (before compression for the
 * gzip filter); btfx_sink_pwrite() does not change it.
 * @return the count; 0 when s is not a sink.  Since 0.1.
 */
BTFX_API uint64_t btfx_sink_offset(const struct btfx_sink *s);

/**
 * Can btfx_sink_pwrite() patch bytes already written?
 * @return 1 or 0 (also when s is not a sink).  Since 0.1.
 */
BTFX_API int btfx_sink_seekable(const struct btfx_sink *s);

/**
 * Overwrite len bytes already written, at offset off (as counted by
 * btfx_sink_offset()), e.g. to patch a header; later writes still go to
 * the end.
 * @return 0; -ESPIPE (the sink is not seekable); -EINVAL (s not a sink or
 *         finished, buf NULL with len > 0, or off + len past
 *         btfx_sink_offset());
 *         or an I/O error as btfx_sink_write(), which is sticky.  Since 0.1.
 */
BTFX_API int btfx_sink_pwrite(struct btfx_sink *s, uint64_t off, const void *buf, size_t len);

/**
 * The sink's error message: one line naming the output and the reason.
 * @return static or borrowed text, "" when the sink has no error (or s is
 *         not a sink); valid until the sink is closed or aborted (a
 *         finished sink keeps it).  Since 0.1.
 */
BTFX_API const char *btfx_sink_errmsg(const struct btfx_sink *s);

/**
 * Make the output final now, without freeing the sink: flush (stdio),
 * write the end of the stream and the gzip trailer into the inner sink
 * (gzip), fsync() (with BTFX_SINK_FSYNC), close and rename the temporary
 * file over the target (path).  On any error, including an earlier sticky
 * one, the output is discarded as btfx_sink_abort() does (the temporary
 * file is unlinked) and btfx_sink_errmsg() names the output and the step
 * that failed ("out.btf: rename from out.btf.tmp.1a2b3c: Is a
 * directory").  The sink stays allocated: its message, and a memory
 * sink's bytes (btfx_sink_mem_data()), can be read until
 * btfx_sink_close() or btfx_sink_abort(), one of which must still be
 * called.  Later writes and pwrites return -EINVAL; a second finish
 * returns the first one's result and does nothing.
 * @return 0, -EINVAL (s not a sink), or the first error of the sink's
 *         life: an earlier write's, or that of fflush(), fsync(), close(),
 *         rename() or of writing to the inner sink.  Since 0.1.
 */
BTFX_API int btfx_sink_finish(struct btfx_sink *s);

/**
 * Finish (btfx_sink_finish(), unless that was done) and free a sink.  A
 * message cannot be read afterwards: to report a failure of the final
 * step, call btfx_sink_finish() and read btfx_sink_errmsg() first.  A
 * gzip filter's inner sink is left open (close it afterwards).
 * @return 0, -EINVAL (s not a sink), or btfx_sink_finish()'s result.
 *         Since 0.1.
 */
BTFX_API int btfx_sink_close(struct btfx_sink *s);

/**
 * Discard and free a sink.  When it was not finished: the temporary file
 * of a path sink is unlinked (the target is left as it was), a growing
 * memory sink frees its buffer; a gzip filter's inner sink is not touched
 * (abort or close it afterwards).  Bytes already written to a descriptor,
 * FILE * or callback stay written.  After a successful
 * btfx_sink_finish() the output is final and abort only frees the sink:
 * the file stays.  NULL is ignored.  Since 0.1.
 */
BTFX_API void btfx_sink_abort(struct btfx_sink *s);

/*
 * ---------------------------------------------------------------------------
 * Writing
 * ---------------------------------------------------------------------------
 */

/** Byte orders for struct btfx_write_opts. */
enum {
	BTFX_ENDIAN_NATIVE = 0,
	BTFX_ENDIAN_LITTLE = 1,
	BTFX_ENDIAN_BIG = 2,
	BTFX_ENDIAN_SOURCE = 3, /* the order the object was read in */
};

/** Flags of struct btfx_write_opts. */
enum {
	/* Write the 32-byte header and a kind-layout section. */
	BTFX_WRITE_LAYOUT = 1u << 0,
};

/** Options of the writers. */
struct btfx_write_opts {
	size_t sz;
	uint32_t endian; /* BTFX_ENDIAN_* */
	uint32_t flags;  /* BTFX_WRITE_* */
};

/**
 * Write the object to a sink: the header, the type section, the layout
 * section (with BTFX_WRITE_LAYOUT) and the string section, streamed from
 * the object's own buffers in chunks of at most 1 MiB (64 KiB when the byte
 * order changes) and converted to the
 * byte order of opts on the fly.  It needs a fixed amount of memory (at
 * most a 64 KiB scratch buffer, when the byte order changes and the sink
 * is not a memory sink), never a copy of the blob.  The bytes are those of
 * btfx_write_mem() with the same opts.  The sink is neither closed nor
 * aborted: the caller does that (btfx_sink_close() makes a path sink's file
 * appear); after an error the sink is in its failed state.
 * @param sink where the bytes go (see btfx_sink_mem() and the others).
 * @param opts NULL or options (byte order, BTFX_WRITE_LAYOUT).
 * @return 0; -EINVAL (btf NULL, bad opts, sink not a sink); -ENOTSUP as
 *         btfx_write_mem(); or the sink's error (btfx_sink_write()), with
 *         the sink's message, which names the output, as btfx_errmsg().
 *         Since 0.1.
 *         -EBUSY: a stream writer is open on btf, or types were flushed.
 */
BTFX_API int btfx_write(struct btfx *btf, struct btfx_sink *sink,
			const struct btfx_write_opts *opts);

/**
 * Size of the blob the writers would produce.
 * @return 0 and *size_out, or -EINVAL (bad opts).  Since 0.1.
 *         -EBUSY: a stream writer is open on btf, or types were flushed.
 */
BTFX_API int btfx_raw_size(struct btfx *btf, const struct btfx_write_opts *opts,
			   size_t *size_out);

/**
 * Serialize into caller memory.
 * @param buf where to write; at least btfx_raw_size() bytes.
 * @param cap its size.
 * @return the number of bytes written; -ENOSPC (cap too small), -EINVAL,
 *         -ENOTSUP (records of a kind libbtfx does not know, without
 *         BTFX_WRITE_LAYOUT, or in a byte order other than the one they are
 *         held in: libbtfx cannot tell which of their fields are 32-bit,
 *         so it cannot swap them).  Since 0.1.
 *         -EBUSY: a stream writer is open on btf, or types were flushed.
 */
BTFX_API int btfx_write_mem(struct btfx *btf, void *buf, size_t cap,
			    const struct btfx_write_opts *opts);

/**
 * Serialize into memory the object keeps.  The object keeps one blob per
 * variant of the output (little or big endian, with or without
 * BTFX_WRITE_LAYOUT: four at most, as libbpf keeps one per byte order).
 * A call asking for a variant it already has returns the same pointer
 * without writing anything; a call asking for another variant leaves the
 * blobs already returned as they are.
 * @param data_out receives the blob, borrowed: valid and unchanged until
 *        the next call that modifies the object, or btfx_free().
 * @param size_out receives its size.
 * @return 0 or a negative errno as btfx_write_mem(), -ENOMEM; on error
 *         the blobs already returned stay valid.  Since 0.1.
 *         -EBUSY as btfx_write_mem().
 */
BTFX_API int btfx_raw_data(struct btfx *btf, const struct btfx_write_opts *opts,
			   const void **data_out, size_t *size_out);

/**
 * Serialize into a file: btfx_write() to btfx_sink_path(path) with
 * BTFX_SINK_FSYNC, so the bytes go to a temporary file beside path, which
 * is fsync()ed and renamed over path only when everything succeeded: a
 * failure never leaves part of a file at path, nor the temporary file.  A
 * new file gets the mode open(2) with 0666 gives under the umask; a file
 * that is replaced keeps its mode.
 * @return 0 or a negative errno as btfx_write_mem(), or the errno of a
 *         failed create, write, fsync, close or rename, with a message
 *         (btfx_errmsg()) naming path, the step and the reason; -EBUSY as
 *         btfx_write_mem().  Since 0.1.
 */
BTFX_API int btfx_write_file(struct btfx *btf, const char *path,
			     const struct btfx_write_opts *opts);

/*
 * ---------------------------------------------------------------------------
 * ELF output
 * ---------------------------------------------------------------------------
 *
 * BTF in a .BTF section of an ELF object, written without libelf: a new
 * relocatable object holding only .BTF (btfx_write_elf()), or an existing
 * object with its .BTF added or replaced (btfx_write_elf_into(), as
 * `pahole -J` does).  Both stream: the BTF goes through btfx_write() into
 * the same sink, never through a copy of the blob.
 */

/** Flags of struct btfx_elf_opts (beside BTFX_WRITE_LAYOUT). */
enum {
	/* btfx_write_elf(): an ELFCLASS32 object (default ELFCLASS64). */
	BTFX_ELF_CLASS32 = 1u << 16,
};

/** e_machine values for struct btfx_elf_opts. */
enum {
	BTFX_ELF_MACHINE_HOST = 0, /* the host's EM_ value: EM_X86_64 (62) on x86-64 */
	BTFX_ELF_MACHINE_BPF = 247, /* EM_BPF */
};

/** Options of the ELF writers; NULL means all defaults. */
struct btfx_elf_opts {
	size_t sz;
	/*
	 * btfx_write_elf(): BTFX_ENDIAN_*, as in struct btfx_write_opts; the
	 * ELF object's byte order is the BTF's.  btfx_write_elf_into() ignores
	 * it: the BTF takes the byte order of the object it goes into.
	 */
	uint32_t endian;
	/*
	 * BTFX_WRITE_LAYOUT (passed to btfx_write()) and BTFX_ELF_CLASS32
	 * (btfx_write_elf() only; btfx_write_elf_into() keeps the object's class).
	 */
	uint32_t flags;
	/*
	 * btfx_write_elf(): e_machine, any 16-bit value; BTFX_ELF_MACHINE_HOST
	 * (0) is the host's, for the class asked (so that `ld -r` accepts the
	 * object: EM_X86_64 for ELFCLASS64 on x86-64 and x86, EM_386 for
	 * ELFCLASS32 there, EM_AARCH64 or EM_ARM, EM_PPC64 or EM_PPC, ...;
	 * EM_NONE on a host libbtfx does not know), BTFX_ELF_MACHINE_BPF is
	 * EM_BPF.  btfx_write_elf_into() ignores it.
	 */
	uint32_t machine;
	uint32_t reserved; /* must be 0 */
};

/**
 * Write the object as a relocatable ELF object (ET_REL) holding it in a
 * .BTF section: the ELF header, then the BTF (SHT_PROGBITS, sh_addralign
 * 4, right after the header), then the section name table (.shstrtab)
 * and the section header table (null, .BTF, .shstrtab) at the end.  No
 * symbol table: `ld -r`, objcopy, readelf and bpftool need none.  The
 * bytes are streamed: the section header table's offset is known in
 * advance from btfx_raw_size(), so nothing is patched afterwards and a
 * sink that is not seekable (a pipe) works.  The ELF byte order is the
 * BTF's (opts->endian), e_flags and the OS ABI are 0.  The sink is
 * neither closed nor aborted (as btfx_write()).
 * @param sink where the bytes go.
 * @param opts NULL or options (byte order, class, machine, layout).
 * @return 0; -EINVAL (btf NULL, bad opts: unknown flags, machine above
 *         0xffff, reserved not 0; sink not a sink); -E2BIG (an ELFCLASS32
 *         object past 4 GiB); -ENOTSUP as btfx_write(); or the sink's error,
 *         with the sink's message, which names the output, as btfx_errmsg().
 *         Since 0.1.
 */
BTFX_API int btfx_write_elf(struct btfx *btf, struct btfx_sink *sink,
			    const struct btfx_elf_opts *opts);

/**
 * Write an existing ELF object (elf, len bytes, any class, byte order,
 * type and machine) with the object's BTF as its .BTF section, added or
 * replaced, as `pahole -J` does (`btfx convert --into`).  The input's bytes are written first as they are,
 * except the ELF header's e_shoff and e_shnum (and section 0's sh_size
 * under extended numbering), so every other section keeps its bytes and
 * its index (sh_link, sh_info and section groups stay valid).  After
 * them come the BTF (at an offset aligned to 8), in the input's byte
 * order, then, when no section name ends in ".BTF", a copy of .shstrtab
 * with ".BTF" appended, then the section header table: the input's
 * entries (.shstrtab pointing to its copy when there is one) and, when
 * the input has no .BTF section, one more entry for it (SHT_PROGBITS,
 * sh_addralign 4).  An existing .BTF section (the first one by index;
 * SHT_NOBITS or SHF_COMPRESSED too) keeps its index, name, flags
 * (SHF_COMPRESSED cleared), link and info and gets the new bytes; its old
 * bytes and the old header table stay in the output unreferenced, so
 * replacing grows the file by them.  Extended section numbering
 * (e_shnum 0, SHN_XINDEX) is followed, and used for the output when the
 * count reaches 0xff00.  opts->endian, opts->machine and
 * BTFX_ELF_CLASS32 are ignored.
 * @param elf the input object; only read.
 * @param len its size in bytes.
 * @param sink where the bytes go (neither closed nor aborted).
 * @param opts NULL or options (BTFX_WRITE_LAYOUT).
 * @return 0; -EINVAL (btf NULL, elf NULL, bad opts, sink not a sink);
 *         -EBADMSG (malformed input: not ELF, unknown class or encoding,
 *         a header, section or name out of the file's bounds, a section
 *         name string table missing or out of range);
 *         -ENOTSUP (the input has no section header table, its .BTF is
 *         the target of a relocation section (.rel.BTF, as in clang's BPF
 *         objects) or is SHF_ALLOC (part of a linked image), or
 *         btfx_write() refuses the object); -E2BIG (an ELFCLASS32 output
 *         past 4 GiB); or the sink's error.  The message, as
 *         btfx_errmsg(), names the reason (and the section index).
 *         Since 0.1.
 */
BTFX_API int btfx_write_elf_into(struct btfx *btf, const void *elf, size_t len,
				 struct btfx_sink *sink, const struct btfx_elf_opts *opts);

/*
 * ---------------------------------------------------------------------------
 * Stream writer
 * ---------------------------------------------------------------------------
 *
 * Flush-as-you-go for encoders.  An encoder that builds many types opens a
 * stream writer on its object and a sink, and every now and then flushes:
 * the records of the types it has finished are written to the sink and
 * dropped from memory.  Their ids stay valid: later types refer to them
 * as before, and btfx_type_cnt() still counts them.  btfx_stream_close()
 * writes what is left, the layout section (BTFX_WRITE_LAYOUT) and the
 * string section, and makes the header right.  The bytes are those that
 * btfx_write_mem() with the same byte order and flags would have given for
 * the object without flushes.  Only the object's own types are written
 * (split BTF stays split).
 *
 * Where the header comes from: on a seekable sink (btfx_sink_seekable():
 * memory, a regular file, a path, a callback with a seek) a placeholder
 * header is written at open and patched with btfx_sink_pwrite() at close,
 * and the types go straight to the sink.  On a sink that is not seekable
 * (a pipe, a socket, a gzip filter, a callback without a seek) the type
 * section is spooled, by default to an unlinked temporary file in
 * $TMPDIR (else /tmp), with BTFX_STREAM_SPOOL_MEM in memory; at close the header, the spooled types,
 * the layout and the strings are written to the sink in order.
 *
 * What was flushed is gone from the object:
 * - btfx_type_by_id() of a flushed id returns NULL and btfx_errmsg() says
 *   "type_by_id: [N] was flushed to the stream"; btfx_record_len() gives
 *   0; btfx_find_by_name_kind() does not find flushed types;
 *   btfx_for_each_type_id() and the others taking an id give -ENOENT.
 * - Calls that would modify a flushed type fail with -ESTALE and a message,
 *   the object unchanged: btfx_append_member(), btfx_append_enum_value(),
 *   btfx_append_param(), btfx_append_secinfo() when the last type was
 *   flushed, btfx_place_datasec(), btfx_visit_type_ids() and
 *   btfx_visit_str_offs() of a flushed id.  A type still open (a STRUCT,
 *   UNION, ENUM, FUNC_PROTO or DATASEC made by btfx_add_struct() and the
 *   others, not closed yet) is never flushed by btfx_stream_flush().
 * - Builders do not check what they cannot see: a reference to a flushed
 *   type is checked as one to a type not added yet.
 * - Whole-object calls fail with -EBUSY while a stream is open, and on an
 *   object that has flushed types: btfx_write(), btfx_write_mem(),
 *   btfx_write_file(), btfx_raw_data(), btfx_raw_size(), btfx_dedup(),
 *   btfx_dump_raw(), btfx_stats(), btfx_add_btf() from it, and opening a
 *   second stream.  btfx_type_sec_len() counts the flushed bytes.
 * - With BTFX_NEW_HASHCONS a type equal to a flushed one is still found:
 *   the object keeps the 128-bit XXH3 of every flushed record (16 bytes
 *   per flushed type) and trusts a match of all 128 bits, where it would
 *   compare the bytes of a record in memory.
 * Flushed types stay flushed after btfx_stream_close() or
 * btfx_stream_abort(): the object can still take new types, but it can
 * no longer be written as a whole.  btfx_free() of an object with an open
 * stream writer aborts the stream writer, which must not be used after.
 *
 * The stream writer neither closes nor aborts the sink: after a
 * successful btfx_stream_close() the caller closes it (btfx_sink_close()
 * makes a path sink's file appear); after an error it aborts it
 * (btfx_sink_abort() leaves no file at a path).  A stream writer and its
 * object are used by one thread at a time.
 */

/** A stream writer over an object and a sink: opaque. */
struct btfx_stream;

/** Flags of struct btfx_stream_opts, besides BTFX_WRITE_LAYOUT. */
enum {
	/* Spool the type section in memory, not in a temporary file (unseekable sinks). */
	BTFX_STREAM_SPOOL_MEM = 1u << 16,
};

/** Options of btfx_stream_open(); NULL means native byte order, no layout. */
struct btfx_stream_opts {
	size_t sz;
	uint32_t endian; /* BTFX_ENDIAN_* */
	uint32_t flags;  /* BTFX_WRITE_LAYOUT, BTFX_STREAM_SPOOL_MEM */
};

/**
 * Open a stream writer of btf's own types to sink.  On a seekable sink a
 * placeholder header is written now, at the sink's current offset; on
 * another one the spool is made (a temporary file, or memory).  The object
 * may already hold types: they are flushed with the next flush.
 * @param btf the object; one stream at a time, and none after an earlier
 *        stream flushed types.
 * @param sink where the blob goes; it must outlive the stream writer.
 * @param opts NULL or options.
 * @return a stream writer (free it with btfx_stream_close() or
 *         btfx_stream_abort()), or NULL with errno set: EINVAL (btf NULL,
 *         sink not a sink, bad opts, endian or flags), ENOTSUP (as
 *         btfx_write()), EBUSY (a stream is open on btf, or types were
 *         flushed), ENOMEM, the errno of creating the temporary spool file,
 *         or the sink's error writing the placeholder header.  Except for a
 *         NULL btf, btfx_errmsg(btf) says why.  Since 0.1.
 */
BTFX_API struct btfx_stream *btfx_stream_open(struct btfx *btf, struct btfx_sink *sink,
					      const struct btfx_stream_opts *opts);

/**
 * Flush: write every own type added so far whose record is complete (all
 * but an open STRUCT, UNION, ENUM, ENUM64, FUNC_PROTO or DATASEC still
 * being appended to), in the stream's byte order, and drop the records
 * from memory.  A flush with nothing to write does nothing.  On a sink
 * error the stream writer fails: this and every later call on it return
 * the same error, and only btfx_stream_close() or btfx_stream_abort() is
 * left to do; the object is unchanged (nothing was dropped).  The bytes
 * of small flushes are gathered in a 64 KiB buffer of the stream writer
 * and reach the sink when it fills (or at close), so a sink error may be
 * reported by a later flush or by btfx_stream_close().
 * @return the number of types flushed (0 or more); -EINVAL (st NULL or
 *         not a stream writer); -ENOMEM (the object is unchanged and the
 *         stream writer still usable); or the sink's error (sticky), its
 *         message as btfx_errmsg().  Since 0.1.
 */
BTFX_API int btfx_stream_flush(struct btfx_stream *st);

/**
 * Finish and free a stream writer: flush every type left (an open type
 * too, as it is), then write the layout section (BTFX_WRITE_LAYOUT) and
 * the string section, and patch the header (seekable sink), or write the
 * header, the spooled types, the layout and the strings (other sinks).
 * st is freed in every case and the object keeps its flushed types
 * flushed.  The sink is not closed.
 * @return 0; -EINVAL (st NULL or not a stream writer); -E2BIG (the blob
 *         would pass 4 GiB); -ENOMEM; the errno of reading the spool file;
 *         or the sink's error, earlier (sticky) or now, its message as
 *         btfx_errmsg().  Since 0.1.
 */
BTFX_API int btfx_stream_close(struct btfx_stream *st);

/**
 * Free a stream writer without finishing the blob: the spool is
 * discarded; what was written to the sink stays there (abort the sink to
 * discard it).  Flushed types stay flushed.  NULL is ignored.  Since 0.1.
 */
BTFX_API void btfx_stream_abort(struct btfx_stream *st);

/*
 * ---------------------------------------------------------------------------
 * Linking
 *
 * The BTF part of a static linker (lld, bfd, libbpf's bpf_linker behind
 * `bpftool gen object`): one btfx_link_add_*() per input object, in link
 * order, then btfx_link_finish() gives one deduplicated object and, from
 * btfx_link_ext_data(), the merged .BTF.ext.
 *
 * Placement: each input contributes a part to some sections (by name).  A
 * part lands at an offset of the output section: given by the caller
 * (BTFX_LINK_SEC_AT), or computed as a linker concatenates: at the end of
 * the section so far (parts of earlier inputs), rounded up to the largest
 * alignment of the section's parts so far, this one's included (an empty
 * ".text" part takes no room and no alignment).  An ELF input's sections
 * (SHT_PROGBITS and SHT_NOBITS, but .BTF, .BTF.ext and .debug_*) give
 * their sizes and alignments.  A section the input has a DATASEC of but no
 * entry for is never placed: its part lands at 0, its secinfos keep their
 * offsets and its DATASEC's size counts as the part's size, as a compiler
 * leaves them (size 0, offsets 0), for a placement applied later.
 *
 * The result: the types of every input, in input order, with these
 * exceptions.  One DATASEC per section name, appended after all other
 * types in order of the names' first appearance (an ELF input's sections
 * in header order, then its DATASECs): every input's secinfos moved by its
 * part's offset, a global listed once (at the first place it appears; a
 * definition's size wins), sorted by offset (stably), and its size the end
 * of the last placed part, or the largest DATASEC size of an unplaced
 * part when that is larger.  A VAR or FUNC with external linkage (global or
 * extern, by name) appears once: as its strong definition (non-extern
 * linkage, not a weak ELF symbol), else its weak one, else its first
 * extern.  As in libbpf's linker, the first extern FUNC of a name, when
 * an earlier input than the definition's has it, takes the definition's
 * parameter names in its FUNC_PROTO (so that it deduplicates with the
 * definition's); other externs' prototypes stay as they are.  Then the whole is deduplicated
 * as btfx_dedup() does (unless BTFX_LINK_NO_DEDUP).
 *
 * The sections "license" and "version" are kept once, as libbpf's linker
 * keeps them: the first input's part is the section; a later input's part
 * takes no room, lists no secinfo, and its VARs there are left out (a
 * global VAR of a name already met stands for them); its contents must be
 * the first's (the bytes of two ELF inputs, the sizes of two placed parts),
 * else -EINVAL.
 *
 * Globals are checked when added: a second strong definition of a name is
 * -EEXIST; a VAR and a FUNC of one name, or types that disagree (kinds,
 * names of structs, unions, enums and forward declarations, sizes of
 * integers, floats and enums, the members of structs and unions reached
 * other than through a pointer, the parameters and return types of
 * functions, array element types; behind a pointer a forward declaration
 * agrees with its struct or union) are -EINVAL; a variable whose secinfo
 * ends past its part's size is -EINVAL.  The message names the input (and
 * the other input), the symbol and the reason, as
 * "b.o: 'x' is defined twice: also in a.o".
 *
 * .BTF.ext: func_info, line_info and CO-RE relocation records of every
 * input, one block per section and kind, in section order and then input
 * order; instruction offsets (bytes, as in object files) moved by the
 * input's part of the section, type ids mapped, strings (file names,
 * source lines, access strings, section names) added to the output object
 * after deduplication.  The output has a 32-byte header and the record
 * sizes of the inputs, which must agree per kind.
 * ---------------------------------------------------------------------------
 */

struct btfx_link;

/** Flags of struct btfx_link_opts. */
enum {
	/* btfx_link_finish(): skip deduplication (types as appended). */
	BTFX_LINK_NO_DEDUP = 1u << 0,
};

/** Options of btfx_link_new(); NULL means defaults. */
struct btfx_link_opts {
	size_t sz;
	/* used for the link and every object it makes; NULL: malloc */
	const struct btfx_allocator *allocator;
	uint32_t flags;    /* BTFX_LINK_* */
	uint32_t reserved; /* must be 0 */
};

/** Flags of struct btfx_link_sec. */
enum {
	/* offset is where this input's part lands (else it is computed) */
	BTFX_LINK_SEC_AT = 1u << 0,
};

/** One section of an input, for placement. */
struct btfx_link_sec {
	const char *name; /* the section's name, as in DATASECs and .BTF.ext */
	uint64_t offset;  /* with BTFX_LINK_SEC_AT: where the part lands */
	uint64_t size;    /* the part's size */
	uint64_t align;   /* its alignment (0 as 1) */
	uint32_t flags;   /* BTFX_LINK_SEC_* */
	uint32_t reserved; /* must be 0 */
};

/** Options of btfx_link_add_raw() and btfx_link_add_elf(); NULL means none. */
struct btfx_link_input_opts {
	size_t sz;
	/* btfx_link_add_raw(): the input's .BTF.ext (copied), or NULL; must be NULL for ELF */
	const void *ext;
	size_t ext_len;
	/*
	 * The input's sections (copied).  For an ELF input, an entry replaces
	 * the section header's size and alignment of its name, or adds one.
	 */
	const struct btfx_link_sec *secs;
	uint32_t sec_cnt;
	uint32_t flags; /* none yet: 0 */
};

/**
 * Start a link.
 * @param opts options, or NULL.
 * @return the link (free with btfx_link_free()), or NULL with errno EINVAL
 *         (bad opts, unknown flags, an incomplete allocator) or ENOMEM.
 *         Since 0.1.
 */
BTFX_API struct btfx_link *btfx_link_new(const struct btfx_link_opts *opts);

/** Free a link and everything it made (the output object too); NULL is fine. Since 0.1. */
BTFX_API void btfx_link_free(struct btfx_link *link);

/**
 * The reason of the last failed call on the link, one line naming the
 * input; "" after a success.  Borrowed, valid until the next call.  Since 0.1.
 */
BTFX_API const char *btfx_link_errmsg(const struct btfx_link *link);

/**
 * Add an input as raw BTF (either byte order), with its .BTF.ext and
 * sections from opts.  Its global variables' offsets are the secinfos'.
 * One transaction: on error the link is as it was (and stays open).
 * @param link an open link (not finished).
 * @param data the BTF blob; copied.
 * @param len its size.
 * @param name the input's name in messages (NULL: "(raw)"); copied.
 * @param opts NULL or the .BTF.ext and sections.
 * @return the input's index (0 for the first, then 1, ...); -EINVAL (NULL
 *         data, bad opts or section entry, a link finished or failed, a
 *         variable outside its section, a VAR and FUNC of one name, types
 *         of a global that disagree, a "license" or "version" section
 *         other than the first's), -EEXIST (a second strong definition),
 *         -EBADMSG (malformed BTF or .BTF.ext: a bound, count, record size,
 *         type id or string offset out of range), -ENOTSUP, -E2BIG (as
 *         btfx_load()), -ENOMEM; the message names the input.  Since 0.1.
 */
BTFX_API int btfx_link_add_raw(struct btfx_link *link, const void *data, size_t len,
			       const char *name, const struct btfx_link_input_opts *opts);

/**
 * Add an input ELF object (32/64-bit, either byte order, compressed
 * sections too): its .BTF, its .BTF.ext when present, its sections' sizes
 * and alignments (opts->secs entries override or add, by name), the
 * offsets of its global variables (linkage global) from the symbol table
 * (OBJECT symbols of the DATASEC's section), its weak symbols.
 * One transaction, as btfx_link_add_raw().
 * @param data the object; only read during the call.
 * @return as btfx_link_add_raw(); -EINVAL also for opts->ext not NULL;
 *         -EBADMSG also for a malformed ELF file; -ENOENT for no .BTF
 *         section, or a global variable without a symbol in its section.
 *         Since 0.1.
 */
BTFX_API int btfx_link_add_elf(struct btfx_link *link, const void *data, size_t len,
			       const char *name, const struct btfx_link_input_opts *opts);

/** The number of inputs added. Since 0.1. */
BTFX_API uint32_t btfx_link_input_cnt(const struct btfx_link *link);

/**
 * Merge the inputs (see the section's introduction).  After success the
 * link is finished: adds fail, the getters work.  After a failure the
 * link is failed: every later call but the getters of messages fails.
 * @param link an open link.
 * @param btf_out NULL, or receives the output object: owned by the link
 *        (valid until btfx_link_free()); the caller may read and write it
 *        out, and should not modify it (btfx_link_str_off() reads it).
 * @return 0; -EINVAL (NULL link, not open, a record size of .BTF.ext
 *         differing between inputs, a type id out of range in an input
 *         record), -E2BIG (an offset past 4 GiB, a section of more than
 *         65535 variables, too many types), -ENOMEM, or btfx_dedup()'s
 *         errors; the message says which.  Since 0.1.
 */
BTFX_API int btfx_link_finish(struct btfx_link *link, struct btfx **btf_out);

/** The output object of a finished link (borrowed), else NULL. Since 0.1. */
BTFX_API struct btfx *btfx_link_btf(const struct btfx_link *link);

/**
 * The map of a finished link from input's type ids to the output's:
 * map[id] for 0 <= id < *cnt_out, map[0] = 0; an input's DATASEC maps to
 * the merged DATASEC of its name, a global to its one VAR or FUNC, a VAR
 * left out with its section kept once (see above) to 0.
 * @param input the index btfx_link_add_*() returned.
 * @param cnt_out NULL, or receives the number of entries.
 * @return the map, borrowed from the link (valid until btfx_link_free()),
 *         or NULL (NULL link, not finished, no such input).  Since 0.1.
 */
BTFX_API const uint32_t *btfx_link_id_map(const struct btfx_link *link, uint32_t input,
					  uint32_t *cnt_out);

/**
 * Map a string offset of an input to the output's: where the output holds
 * the same string (strings that no type or record of the output uses are
 * not there).
 * @return the offset; -ENOENT (the output lacks that string), -EINVAL
 *         (not finished, no such input, off past the input's strings),
 *         -ENOMEM.  Since 0.1.
 */
BTFX_API int btfx_link_str_off(struct btfx_link *link, uint32_t input, uint32_t off);

/**
 * btfx_prepare_load() of a finished link's output, as libbpf loads the
 * linked object: its symbols are the inputs' (a global is hidden when an
 * input's symbol of that name is, as a linker keeps the strictest
 * visibility; inputs added raw have none).  Only types are added
 * (dummy_ksym), so .BTF.ext's ids still hold.  First, as libbpf does when
 * it opens the object, each extern symbol (undefined, of no type) that no
 * input defines must have BTF: the first VAR or FUNC of its name, with
 * extern linkage.
 * @return as btfx_prepare_load() (the message is the output's,
 *         btfx_errmsg(btfx_link_btf(link))); -ENOENT (an extern symbol
 *         with no BTF), -EINVAL when not finished or when the BTF of an
 *         extern symbol is not extern.  Since 0.1.
 */
BTFX_API int btfx_link_prepare_load(struct btfx_link *link);

/**
 * The merged .BTF.ext of a finished link, in host byte order.
 * @param data_out receives the bytes, borrowed (valid until btfx_link_free()).
 * @param len_out receives their count: 0 when no input had records.
 * @return 0; -EINVAL (NULL argument, not finished).  Since 0.1.
 */
BTFX_API int btfx_link_ext_data(const struct btfx_link *link, const void **data_out,
				size_t *len_out);

/**
 * Write the merged .BTF.ext (btfx_link_ext_data()) into a sink (neither
 * closed nor aborted).
 * @return 0; -EINVAL (NULL argument, not finished), or the sink's error.
 *         Since 0.1.
 */
BTFX_API int btfx_link_write_ext(struct btfx_link *link, struct btfx_sink *sink);

/**
 * Write the result of a finished link as a new relocatable ELF object
 * (ELFCLASS64, host byte order, ET_REL): the ELF header, .BTF at offset 64,
 * .BTF.ext (when not empty) at the next multiple of 8, .shstrtab, then the
 * section headers.  opts->machine: e_machine, where 0 means EM_BPF (247)
 * here; endian must be BTFX_ENDIAN_NATIVE and flags 0.
 * @return 0; -EINVAL (NULL argument, not finished, other opts), -ENOMEM,
 *         or the sink's error.  Since 0.1.
 */
BTFX_API int btfx_link_write_elf(struct btfx_link *link, struct btfx_sink *sink,
				 const struct btfx_elf_opts *opts);

/*
 * ---------------------------------------------------------------------------
 * Dump and statistics
 * ---------------------------------------------------------------------------
 */

/**
 * Callback receiving output text; returns 0 or a negative errno to stop.
 */
typedef int (*btfx_print_fn)(void *ctx, const char *text, size_t len);

/**
 * Print a type in the raw format of `bpftool btf dump` ("[id] KIND 'name'
 * ..." and one tab-indented line per member), ending with a newline.
 * @return 0, -ENOENT (bad id) or the callback's error.  Since 0.1.
 */
BTFX_API int btfx_dump_type_raw(const struct btfx *btf, uint32_t id, btfx_print_fn fn,
				void *ctx);

/**
 * Print all of this object's own types (from btfx_start_id()) in raw format.
 * @return 0 or the callback's error.  Since 0.1.
 *         -EBUSY: a stream writer is open on btf, or types were flushed.
 */
BTFX_API int btfx_dump_raw(const struct btfx *btf, btfx_print_fn fn, void *ctx);

/*
 * C dump
 */

/** btfx_dump_c_opts flags. */
enum {
	BTFX_DUMP_C_NO_GUARD = 1u << 0,    /* no #ifndef __VMLINUX_H__ include guard */
	BTFX_DUMP_C_NO_PRESERVE = 1u << 1, /* no preserve_access_index #pragma wrapper */
};

/** Options of btfx_dump_c(). */
struct btfx_dump_c_opts {
	size_t sz;
	btfx_print_fn write; /* receives the text, in pieces; required */
	void *ctx;           /* passed to write */
	/*
	 * The types to write, with every type they need (0 or ids[i] >=
	 * btfx_type_cnt() is -ENOENT); a type is written once even when
	 * several need it.  NULL with ids_cnt 0: every type, from id 1 (the
	 * base's types too, for split BTF).  Borrowed for the call.
	 */
	const uint32_t *ids;
	size_t ids_cnt;
	uint32_t flags; /* BTFX_DUMP_C_* */
	uint32_t reserved; /* 0 */
};

/**
 * Write the types as a C header, the text `bpftool btf dump file FILE
 * format c` writes (bpftool 7.1, libbpf 1.1): an include guard
 * (`#ifndef __VMLINUX_H__`) and the `#pragma clang attribute push
 * (__attribute__((preserve_access_index)), apply_to = record)` wrapper
 * unless opts->flags leave them out; every definition before its first
 * use, forward declarations only where a pointer cycle needs one;
 * anonymous structs, unions and enums inline; bitfields; packed structs
 * (`__attribute__((packed))`) and holes (anonymous bitfields) found from
 * the layout; 1- and 8-byte enums with `__attribute__((mode(byte|word)))`;
 * TYPE_TAG as `__attribute__((btf_type_tag("x")))`; a second type of a
 * name (or a second typedef or enumerator) renamed `name___2`, `name___3`
 * in the order they are written.  FUNC, VAR, DATASEC and DECL_TAG are not
 * written.  The object is only read.
 * @param opts required: sz, write and ctx set.
 * @return 0; -EINVAL (NULL btf or opts, no write, a bad sz, unknown flags
 *         or reserved bits set, ids_cnt without ids), -ENOENT (an id out
 *         of range), -ELOOP (a type loop C cannot express, such as a
 *         struct that contains itself, or types nested too deep to write),
 *         -ENOMEM, or the first error write returned (the dump stops).
 *         On error the message is in btfx_errmsg(btf) (so a failing call
 *         writes to the object, which another thread must not be reading
 *         the message of).  Since 0.1.
 */
BTFX_API int btfx_dump_c(const struct btfx *btf, const struct btfx_dump_c_opts *opts);

/** btfx_dump_json_opts.flags: indent as `bpftool -p` does (default: compact, as `bpftool -j`). */
#define BTFX_DUMP_JSON_PRETTY 0x1u

/** Options of btfx_dump_json(); NULL means all defaults. */
struct btfx_dump_json_opts {
	size_t sz;
	uint32_t flags;    /* BTFX_DUMP_JSON_* */
	uint32_t reserved; /* must be 0 */
};

/**
 * Print this object's own types (from btfx_start_id()) as the JSON of
 * `bpftool -j btf dump file`: {"types":[...]} and a newline, one object per
 * type with "id", "kind", "name" ("(anon)" for none) and the kind's fields
 * under bpftool's names: "size", "bits_offset", "nr_bits", "encoding" (INT);
 * "type_id" (PTR, TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG, FUNC, VAR,
 * DECL_TAG); "index_type_id", "nr_elems" (ARRAY); "vlen" and "members"
 * (STRUCT, UNION: "name", "type_id", "bits_offset", "bitfield_size" when
 * not 0), "values" (ENUM, ENUM64: "name", "val", a signed number when
 * kind_flag is set), "params" (FUNC_PROTO: "name", "type_id") or "vars"
 * (DATASEC: "type_id", "offset", "size"); "ret_type_id"; "fwd_kind";
 * "linkage"; "component_idx".  A kind libbtfx does not know has
 * "kind":"UNKNOWN", "kind_nr" and "vlen".
 *
 * The output is valid UTF-8 JSON for any object: control bytes, '"' and
 * '\\' are escaped, and a byte of a name that is not part of a well-formed
 * UTF-8 sequence is written as \u00XX (its value as a Latin-1 code point).
 * For names without such bytes it is byte-identical to bpftool's output.
 * The text reaches fn in chunks of at most 32 KiB, in order.
 *
 * @param btf the object.
 * @param fn receives the text; a non-zero return stops the dump.
 * @param ctx passed to fn.
 * @param opts NULL or options (opts->sz set).
 * @return 0; -EINVAL (btf or fn NULL, bad opts, unknown flags, reserved
 *         not 0); or fn's non-zero return.  Since 0.1.
 */
BTFX_API int btfx_dump_json(const struct btfx *btf, btfx_print_fn fn, void *ctx,
			    const struct btfx_dump_json_opts *opts);

/** Figures of one kind in struct btfx_stats. */
struct btfx_kind_stats {
	uint32_t count; /* types of this kind */
	uint32_t vlen;  /* trailing records (members, values, params...) */
	uint64_t bytes; /* bytes of their records in the type section */
};

/** Statistics of an object's own types and strings (btfx_stats()). */
struct btfx_stats {
	size_t sz;
	uint32_t type_cnt;  /* own types */
	uint32_t str_cnt;   /* strings in the own string section */
	uint64_t type_bytes;
	uint64_t str_bytes;
	uint64_t total_bytes; /* a classic blob: header + types + strings */
	struct btfx_kind_stats kinds[BTFX_MAX_KIND + 1];
};

/**
 * Count types and bytes by kind, and strings.
 * @param stats filled; stats->sz must be set.
 * @return 0 or -EINVAL.  Since 0.1.
 *         -EBUSY: types were flushed to a stream writer.
 */
BTFX_API int btfx_stats(const struct btfx *btf, struct btfx_stats *stats);

/* ===================================================================== */
/* Validation                                                             */
/* ===================================================================== */

/**
 * The kernels a blob is validated for (btfx_validate_opts.target).  The man
 * page btfx(1), section "Targets", has the table of what differs.
 */
enum {
	BTFX_TARGET_CURRENT = 0, /* the current release's rules (6.18) */
	BTFX_TARGET_2026,	 /* the 2026 format: layout section, 24-bit vlen, 7-bit kind */
	BTFX_TARGET_5_15,	 /* the 5.15 LTS kernel: no ENUM64, no tags, 128-byte names */
	BTFX_TARGET_5_10,	 /* the 5.10 LTS kernel: 5.15's, and no FLOAT, no empty DATASEC */
	BTFX_TARGET_6_1,	 /* the 6.1 LTS kernel: no kind_flag on tags, DATASEC names narrow */
	BTFX_TARGET_6_12,	 /* the 6.12 LTS kernel: no kind_flag on DECL_TAG, TYPE_TAG */
};

/** btfx_validate_opts.flags. */
enum {
	BTFX_VALIDATE_ALL = 1u << 0, /* report every problem, not only the first */
};

/**
 * One problem found by btfx_validate_raw() or btfx_validate().  The
 * strings are valid only during the callback.
 */
struct btfx_problem {
	uint32_t type_id; /* 0 when the problem is not about one type (header, strings) */
	uint32_t kind;	  /* BTFX_KIND_* of that type, or 0 */
	const char *name; /* the type's name, "" when anonymous or none */
	const char *rule; /* short stable rule id, e.g. "member-offset", "hdr-len" */
	const char *msg;  /* one line a person can act on */
};

/** Called for each problem; a nonzero return stops the validation. */
typedef int (*btfx_problem_fn)(const struct btfx_problem *p, void *ctx);

/** Options of btfx_validate_raw() and btfx_validate(). */
struct btfx_validate_opts {
	size_t sz;
	uint32_t target;	 /* BTFX_TARGET_* */
	uint32_t flags;		 /* BTFX_VALIDATE_* */
	const struct btfx *base; /* split BTF: the base it continues (taken as valid) */
	btfx_problem_fn report;	 /* NULL: only the count */
	void *ctx;		 /* passed to report */
	/*
	 * The validator's working memory (about 16 bytes a record, a bit a
	 * string byte): NULL for libc's.  btfx_validate() takes the object's
	 * and ignores this.  Since 0.1.
	 */
	const struct btfx_allocator *allocator;
};

/**
 * Give the kernel's verdict on a blob as BPF_BTF_LOAD would get it: every
 * rule of the kernel's BTF verifier of the target, header included, in
 * the kernel's order.  The blob must be in the host's byte order, as the
 * kernel wants it.  Without BTFX_VALIDATE_ALL it stops at the first
 * problem, as the kernel does; with it, it goes on past a problem when it
 * can (not past a record whose extent it cannot tell).  With a base, the
 * blob is split BTF over it (ids and string offsets continue after the
 * base's), checked as the kernel checks a module's BTF.  Never reads out
 * of bounds, never recurses, linear in the blob's size.  A valid blob is
 * read once; an invalid one twice (a first look, out of the kernel's
 * order, stops at any problem without a report, then the kernel's order
 * finds and reports them).
 * @param data the blob; need not be aligned.
 * @param len its size in bytes.
 * @param opts NULL or options: target, flags, base, report callback.
 * @return 0 when valid, the number of problems reported (> 0) when not, or
 *         -EINVAL (bad opts, data NULL with len > 0), -ENOMEM.  Since 0.1.
 */
BTFX_API int btfx_validate_raw(const void *data, size_t len,
			       const struct btfx_validate_opts *opts);

/**
 * Validate an object as it would be written (btfx_raw_data() in the host's
 * byte order, with a layout section for BTFX_TARGET_2026), split over its
 * own base; opts->base is ignored.  The first problem is also the object's
 * message (btfx_errmsg()).
 * @return as btfx_validate_raw(), or an error of btfx_raw_data().  Since 0.1.
 */
BTFX_API int btfx_validate(struct btfx *btf, const struct btfx_validate_opts *opts);

/** btfx_diff_opts.flags: print JSON instead of text. */
#define BTFX_DIFF_JSON 0x1u

/** What btfx_diff() found, in figures (new minus old for the bytes). */
struct btfx_diff_totals {
	uint32_t added;   /* types only in new */
	uint32_t removed; /* types only in old */
	uint32_t changed; /* types in both whose records differ */
	uint32_t reserved;
	int64_t kind_bytes[BTFX_MAX_KIND + 1]; /* type-section bytes by kind */
	int64_t type_bytes;  /* the type section */
	int64_t str_bytes;   /* the string section */
	int64_t total_bytes; /* the classic blob: header + types + strings */
};

/** Options of btfx_diff(); NULL means all defaults. */
struct btfx_diff_opts {
	size_t sz;
	uint32_t flags;    /* BTFX_DIFF_* */
	uint32_t reserved; /* must be 0 */
	struct btfx_diff_totals *totals; /* NULL, or filled when 0 or 1 is returned */
};

/**
 * Compare the own types of two objects and print what was added, removed
 * and changed, then the bytes by kind, of the type and string sections and
 * of the whole blob (a classic blob as btfx_write() makes it: header, types,
 * strings), old, new and the difference.
 *
 * Types are matched by kind and key, not by id: a named type by its name;
 * PTR, CONST, VOLATILE, RESTRICT, ARRAY, FUNC_PROTO, TYPE_TAG and DECL_TAG
 * by their structure (the keys of what they refer to); another anonymous
 * type by its place, the key of the first type that reaches it from the
 * named types in id order and the member name or element index taken
 * ("STRUCT foo.u"); types of one key are paired in id order.  A matched
 * pair is changed when its fields differ with type ids read as keys.
 *
 * Text: one line per type, "+ KEY [id] N bytes", "- KEY [id] N bytes",
 * "~ KEY [old -> new] N -> M bytes (+D)" (a " #k" after the key for the
 * k-th of equal keys), in that order and by key, then a table of the kinds
 * whose count or bytes differ and of "types", "strings" and "total".
 * Nothing at all when the objects are identical.  JSON (BTFX_DIFF_JSON):
 * {"added":[...],"removed":[...],"changed":[...],"bytes":[...],
 * "identical":BOOL} with "kind", "key", "occurrence", "old_id", "new_id",
 * "old_bytes", "new_bytes" per type and "what", "old_count", "new_count",
 * "old_bytes", "new_bytes", "delta" per row; strings as btfx_dump_json().
 *
 * @param old_btf the object before.
 * @param new_btf the object after (its base may differ from old_btf's).
 * @param fn receives the text; a non-zero return stops the output.
 * @param ctx passed to fn.
 * @param opts NULL or options (opts->sz set).
 * @return 0 when the objects are identical (no type added, removed or
 *         changed and the same sizes), 1 when they differ; -EINVAL
 *         (old_btf, new_btf or fn NULL, bad opts, unknown flags, reserved not 0);
 *         -ENOMEM; or fn's non-zero return.  Since 0.1.
 */
BTFX_API int btfx_diff(const struct btfx *old_btf, const struct btfx *new_btf, btfx_print_fn fn,
		       void *ctx, const struct btfx_diff_opts *opts);

/** Kind name as bpftool prints it ("INT", "FUNC_PROTO"...), "UNKN" otherwise. */
BTFX_API const char *btfx_kind_str(unsigned int kind);

#ifdef __cplusplus
}
#endif

#endif /* BTFX_BTFX_H */
