/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* hash.h - xxhash, inlined so that none of its symbols leak from libbtfx. */
#ifndef BTFX_HASH_H
#define BTFX_HASH_H

#define XXH_INLINE_ALL
#include <xxhash.h>

#endif /* BTFX_HASH_H */
