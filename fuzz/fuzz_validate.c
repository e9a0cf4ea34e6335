// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_validate.c - libFuzzer target for btfx_validate_raw(): any bytes,
 * for every target, with and without BTFX_VALIDATE_ALL, standalone and
 * as split BTF over a small base.  It must never crash, hang or fail with
 * anything but a count: the verdict is the same with and without
 * BTFX_VALIDATE_ALL (which finds at least as many problems), every
 * problem has its fields, and a blob valid for the current kernel loads
 * with the reader and validates again as it would be written.  The
 * general way (btfx__validate_raw_plain(), no shortcut) must find the same
 * problems in the same order, and the optimistic first attempt
 * (btfx__validate_raw_fast()) a problem exactly when there is one.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *	-I<build>/include fuzz/fuzz_validate.c libbtfx/[a-z]*.c -lxxhash -lz \
 *	-o fuzz_validate
 *
 * fuzz/replay.c runs the same checks over fuzz/corpus/validate without
 * libFuzzer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <btfx/btfx.h>

#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The problems seen: how many, and a hash of what they say, in order. */
struct seen {
	int n;
	uint64_t hash;
};

static void mix(uint64_t *h, const char *s)
{
	for (; *s; s++)
		*h = (*h ^ (unsigned char)*s) * 0x100000001b3ull;
}

static int seen(const struct btfx_problem *p, void *ctx)
{
	struct seen *s = ctx;

	if (!p->rule || !p->rule[0] || !p->msg || !p->msg[0] || !p->name)
		abort();
	if (p->kind > BTFX_MAX_KIND)
		abort();
	s->hash = (s->hash ^ p->type_id ^ (uint64_t)p->kind << 32) * 0x100000001b3ull;
	mix(&s->hash, p->rule);
	mix(&s->hash, p->msg);
	s->n++;
	return 0;
}

/* [1] int, [2] struct s { int x; }: a base for split inputs. */
static struct btfx *small_base(void)
{
	struct btfx *b = btfx_new();

	if (!b || btfx_add_int(b, "int", 4, BTFX_INT_SIGNED) != 1 ||
	    btfx_add_struct(b, "s", 4) != 2 || btfx_append_member(b, "x", 1, 0, 0))
		abort();
	return b;
}

static int validate(const uint8_t *data, size_t size, uint32_t target, uint32_t flags,
		    const struct btfx *base)
{
	struct btfx_validate_opts o = {
		.sz = sizeof(o), .target = target, .flags = flags, .base = base, .report = seen
	};
	struct seen quick = { 0 }, plain = { 0 };
	int ret, ret_plain, fast;

	o.ctx = &quick;
	ret = btfx_validate_raw(data, size, &o);
	if (ret < 0 && ret != -ENOMEM)
		abort();
	if (ret >= 0 && ret != quick.n)
		abort();
	o.ctx = &plain;
	ret_plain = btfx__validate_raw_plain(data, size, &o);
	if (ret >= 0 && ret_plain >= 0 && (ret != ret_plain || quick.hash != plain.hash))
		abort(); /* a shortcut disagrees with the general way */
	fast = btfx__validate_raw_fast(data, size, &o);
	if (fast < 0 ? fast != -ENOMEM : ret_plain >= 0 && fast != !!ret_plain)
		abort(); /* the optimistic attempt took an invalid blob, or refused a valid one */
	return ret;
}

/* Valid for the kernel: the reader takes it, and its objects validate the same. */
static void check_valid(const uint8_t *data, size_t size, const struct btfx *base)
{
	struct btfx_new_opts no = { .sz = sizeof(no), .base = base };
	struct btfx *btf;
	uint32_t hdr_len;
	int err;

	/* The kernel takes a split blob's short header (no strings); the reader does not. */
	memcpy(&hdr_len, data + 4, 4);
	if (hdr_len < 24 || !(btf = btfx_new_opts(&no)))
		return;
	err = btfx_load(btf, data, size, NULL);
	if (err && err != -ENOMEM)
		abort();
	if (!err && btfx_validate(btf, NULL) > 0)
		abort();
	btfx_free(btf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx *base = size && (data[size - 1] & 1) ? small_base() : NULL;
	uint32_t target;
	int first, all;

	for (target = 0; target < BTFX__NR_TARGETS; target++) {
		first = validate(data, size, target, 0, base);
		all = validate(data, size, target, BTFX_VALIDATE_ALL, base);
		if (first < 0 || all < 0)
			continue;
		if ((first > 0) != (all > 0) || first > 1 || all < first)
			abort();
		if (target == BTFX_TARGET_CURRENT && !first)
			check_valid(data, size, base);
	}
	btfx_free(base);
	return 0;
}
