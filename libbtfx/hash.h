/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * hash.h - xxhash, inlined so that none of its symbols leak from libbtfx,
 * and the one string hash built on it.
 */
#ifndef BTFX_HASH_H
#define BTFX_HASH_H

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <stddef.h>
#include <stdint.h>

/* The hash the string table and the name index key strings by. */
static inline uint32_t btfx__str_hash(const char *s, size_t len)
{
	return (uint32_t)XXH3_64bits(s, len);
}

#endif /* BTFX_HASH_H */
