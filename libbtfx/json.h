/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * json.h - JSON strings as btfx_dump_json() writes them, for the other
 * modules that print JSON (diff.c).
 */
#ifndef BTFX_JSON_H
#define BTFX_JSON_H

#include <stddef.h>

typedef void (*btfx__json_put_fn)(void *ctx, const char *s, size_t n);

/*
 * Write NUL-terminated str through put as a quoted JSON string: '"', '\\'
 * and control bytes escaped, well-formed UTF-8 kept, any other byte as
 * \u00XX.
 */
void btfx__json_str(const char *str, btfx__json_put_fn put, void *ctx);

#endif /* BTFX_JSON_H */
