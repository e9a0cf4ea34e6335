/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * rebuild.h - re-add every type of a BTF object through the public builders.
 * Shared by the Check suites and bench/bench_btf; needs only <btfx/btfx.h>.
 */
#ifndef BTFX_TESTS_REBUILD_H
#define BTFX_TESTS_REBUILD_H

#include <stdint.h>
#include <btfx/btfx.h>

/*
 * Add every string of src's own string section (src has no base) to dst, in
 * order; into an empty dst the offsets come out the same.
 * Returns 0 or a negative errno.
 */
int rb_add_strings(struct btfx *dst, const struct btfx *src);

/* Arrays for the whole-array builders, sized to the source's largest vlen. */
struct rb_scratch {
	struct btfx_member_info *members;
	struct btfx_enum_info *enums;
	struct btfx_param_info *params;
};

/* Size sc for src; 0 or -ENOMEM.  rb_scratch_free() it in either case. */
int rb_scratch_init(struct rb_scratch *sc, const struct btfx *src);
void rb_scratch_free(struct rb_scratch *sc);

/*
 * Re-add every own type of src into dst, which holds no types, one builder
 * call per type: the whole-array builders (btfx_add_composite_with_members() ...) when
 * whole_arrays, else the one-at-a-time appenders (btfx_append_member() ...).
 * Returns 0, or with *bad_id set to the source type id: the failing
 * builder's negative errno, or -EPROTO when a builder gave another id;
 * -ENOMEM with *bad_id 0 when the scratch arrays cannot be allocated.
 */
int rb_rebuild(struct btfx *dst, const struct btfx *src, int whole_arrays, uint32_t *bad_id);

/* The same with the caller's scratch from rb_scratch_init(src) (unused one at a time). */
int rb_rebuild_scratch(struct btfx *dst, const struct btfx *src, struct rb_scratch *sc,
		       int whole_arrays, uint32_t *bad_id);

/*
 * The same, calling hook(ctx, id) after each type id is added (the type may
 * still be open, its members appended); a negative return stops the
 * rebuild with that error and *bad_id = id.
 */
typedef int (*rb_hook_fn)(void *ctx, uint32_t id);
int rb_rebuild_hook(struct btfx *dst, const struct btfx *src, struct rb_scratch *sc,
		    int whole_arrays, uint32_t *bad_id, rb_hook_fn hook, void *ctx);

#endif /* BTFX_TESTS_REBUILD_H */
