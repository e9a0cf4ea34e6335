// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * validate.c - the kernel's verdict on a blob, offline: the entry points,
 * the target profiles, the header and the string section.
 *
 * The rules are those of the kernel's BTF verifier (kernel/bpf/btf.c) as
 * BPF_BTF_LOAD applies them, in the kernel's order: the header
 * (btf_parse_hdr, btf_check_sec_info), the string section
 * (btf_parse_str_sec), then each record on its own (validate_meta.c) and
 * the references between them (validate_resolve.c).  Nothing is trusted:
 * the blob is not handed to the reader, every offset is checked here
 * before use, and every pass is a loop bounded by the blob's size.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "validate.h"

/*
 * The targets, one row each: what the kernel of that target does
 * differently.  The per-kind differences (which kinds exist, where
 * kind_flag may be set) are the kind table's v_since and v_kflag, compared
 * with the row's era.  The man page's "Targets" table says the same.
 */
/* The classic header and info word (all but the 2026 format). */
#define V_CLASSIC .hdr_size = 24, .info_mask = 0x9f00ffffu
/* What every kernel since 6.1 does (the tags, ENUM64, 512-byte names). */
#define V_SINCE_6_1                                                                         \
	.func_resolve = 1, .type_tags = 1, .ident_dot = 1, .datasec_empty = 1,              \
	.max_kind = BTFX_KIND_ENUM64, .name_len = 512
/* What the 5.x LTS kernels do (128-byte names; a prototype may return a VAR). */
#define V_BEFORE_6_0 .ident_dot = 1, .ret_src = 1, .name_len = 128

static const struct btfx__vprof profiles[] = {
	[BTFX_TARGET_CURRENT] = { .name = "current",
				  .era = BTFX__ERA_CURRENT,
				  V_SINCE_6_1,
				  V_CLASSIC,
				  .sec_print = 1 },
	[BTFX_TARGET_2026] = { .name = "2026",
			       .era = BTFX__ERA_2026,
			       V_SINCE_6_1,
			       .sec_print = 1,
			       .layout = 1,
			       .hdr_size = 32,
			       .info_mask = 0xffffffffu },
	/* Debian 13's kernel, checked in a virtual machine (bench/vm_agreement.sh). */
	[BTFX_TARGET_6_12] = { .name = "6.12",
			       .era = BTFX__ERA_6_12,
			       V_SINCE_6_1,
			       V_CLASSIC,
			       .sec_print = 1 },
	/* Debian 12's kernel, checked likewise. */
	[BTFX_TARGET_6_1] = { .name = "6.1", .era = BTFX__ERA_6_1, V_SINCE_6_1, V_CLASSIC },
	/* From the kernel's source, between the two checked kernels around it. */
	[BTFX_TARGET_5_15] = { .name = "5.15",
			       .era = BTFX__ERA_5_15,
			       V_CLASSIC,
			       V_BEFORE_6_0,
			       .datasec_empty = 1,
			       .max_kind = BTFX_KIND_FLOAT },
	/* Debian 11's kernel, checked in a virtual machine. */
	[BTFX_TARGET_5_10] = { .name = "5.10",
			       .era = BTFX__ERA_5_10,
			       V_CLASSIC,
			       V_BEFORE_6_0,
			       .max_kind = BTFX_KIND_DATASEC },
};

_Static_assert(sizeof(profiles) / sizeof(profiles[0]) == BTFX__NR_TARGETS, "a row per target");

const struct btfx_type btfx__vvoid;

int btfx__vreport(struct vctx *v, uint32_t id, const char *rule, const char *fmt, ...)
{
	const struct btfx_type *t = id ? btfx__vtype(v, id) : NULL;
	struct btfx_problem p = { .type_id = id, .rule = rule, .name = "" };
	char msg[320];
	va_list ap;

	if (v->stop)
		return 1;
	if (v->fast) { /* the optimistic attempt ends: the kernel's way will say it */
		v->retry = v->stop = 1;
		return 1;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p.msg = msg;
	if (t) {
		const char *s = btfx__vstr(v, t->name_off);

		p.kind = btfx_kind(t);
		p.name = s ? s : "";
	}
	v->count++;
	if (v->report && v->report(&p, v->cb_ctx))
		v->stop = 1;
	if (!(v->flags & BTFX_VALIDATE_ALL))
		v->stop = 1;
	return 1;
}

const char *btfx__vstr(const struct vctx *v, uint32_t off)
{
	if (off < v->start_str_off)
		return v->base ? btfx_str_by_offset(v->base, off) : NULL;
	return off - v->start_str_off < v->str_len ? v->strs + (off - v->start_str_off) : NULL;
}

/* The sections, sorted by offset as the kernel's sort() leaves them. */
struct vsec {
	const char *name;
	uint32_t off, len;
};

static void sort_secs(struct vsec *s, int n)
{
	int i, j;

	/* The kernel's heap sort puts the string section first when two offsets tie. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && (s[j].off < s[j - 1].off ||
				      (s[j].off == s[j - 1].off && !strcmp(s[j].name, "string")));
		     j--) {
			struct vsec x = s[j];

			s[j] = s[j - 1];
			s[j - 1] = x;
		}
}

/* btf_check_sec_info(): the sections tile the data after the header exactly. */
static int check_secs(struct vctx *v, const struct btfx_header *h, uint32_t data_len)
{
	struct vsec s[3] = { { "type", h->type_off, h->type_len },
			     { "string", h->str_off, h->str_len },
			     { "layout", h->layout_off, h->layout_len } };
	uint32_t total = 0;
	int i, n = v->prof->layout && h->layout_len ? 3 : 2; /* an empty layout: none */

	sort_secs(s, n);
	for (i = 0; i < n; i++) {
		if (data_len < s[i].off)
			return btfx__vreport(v, 0, "sec-offset",
					     "the %s section starts at %u, past the %u bytes after "
					     "the header",
					     s[i].name, s[i].off, data_len);
		if (total < s[i].off)
			return btfx__vreport(v, 0, "sec-gap",
					     "%u unused bytes before the %s section (at %u): the "
					     "kernel wants the sections back to back",
					     s[i].off - total, s[i].name, s[i].off);
		if (total > s[i].off)
			return btfx__vreport(
				v, 0, "sec-overlap",
				"the %s section (at %u) overlaps the section before it, "
				"which ends at %u",
				s[i].name, s[i].off, total);
		if (data_len - total < s[i].len)
			return btfx__vreport(v, 0, "sec-length",
					     "the %s section (%u bytes at %u) runs past the end of "
					     "the data (%u bytes)",
					     s[i].name, s[i].len, s[i].off, data_len);
		total += s[i].len;
	}
	if (total != data_len)
		return btfx__vreport(v, 0, "sec-gap",
				     "%u bytes after the last section belong to no section",
				     data_len - total);
	return 0;
}

static int check_hdr_fields(struct vctx *v, const struct btfx_header *h, size_t size)
{
	if (h->magic != BTFX_MAGIC)
		return btfx__vreport(v, 0, "hdr-magic",
				     h->magic == 0x9feb ?
					     "the blob is in the other byte order: the "
					     "kernel loads only its own" :
					     "bad magic %#06x (want 0xeb9f)",
				     h->magic);
	if (h->version != BTFX_VERSION)
		return btfx__vreport(v, 0, "hdr-version", "unsupported version %u (want 1)",
				     h->version);
	if (h->flags)
		return btfx__vreport(v, 0, "hdr-flags", "header flags %#x set: none are defined",
				     h->flags);
	if (!v->base && size == h->hdr_len)
		return btfx__vreport(v, 0, "no-data", "nothing after the header");
	return check_secs(v, h, (uint32_t)(size - h->hdr_len));
}

/* btf_parse_hdr(). */
static int check_header(struct vctx *v, const uint8_t *d, size_t size, struct btfx_header *h)
{
	uint32_t hdr_len, i;
	uint16_t magic;

	if (!v->base && size > VMAX_SIZE)
		return btfx__vreport(v, 0, "size",
				     "the blob is %zu bytes: the kernel loads at most 16 MiB",
				     size);
	if (size < 8)
		return btfx__vreport(v, 0, "hdr-len",
				     "the blob is %zu bytes, too short for a header", size);
	memcpy(&magic, d, 2);
	if (magic == 0x9feb) /* read in the host's order, the magic is swapped */
		return btfx__vreport(v, 0, "hdr-magic",
				     "the blob is in the other byte order: the kernel loads only "
				     "its own (convert it with btfx convert --endian native)");
	memcpy(&hdr_len, d + 4, 4);
	if (size < hdr_len)
		return btfx__vreport(v, 0, "hdr-len",
				     "hdr_len %u is past the end of the blob (%zu bytes)", hdr_len,
				     size);
	for (i = v->prof->hdr_size; i < hdr_len; i++)
		if (d[i])
			return btfx__vreport(v, 0, "hdr-tail",
					     "header byte %u is not zero: the %s kernel knows a "
					     "%u-byte header",
					     i, v->prof->name, v->prof->hdr_size);
	memset(h, 0, sizeof(*h));
	memcpy(h, d, hdr_len < v->prof->hdr_size ? hdr_len : v->prof->hdr_size);
	return check_hdr_fields(v, h, size);
}

/* btf_parse_str_sec(). */
static int check_strs(struct vctx *v, const uint8_t *d, size_t size, const struct btfx_header *h)
{
	const uint8_t *s = d + h->hdr_len + h->str_off;

	if ((uint64_t)h->hdr_len + h->str_off + h->str_len != size)
		return btfx__vreport(v, 0, "str-not-last",
				     "the string section must be the last thing in the blob");
	if (v->base && !h->str_len)
		return 0;
	if (!h->str_len)
		return btfx__vreport(v, 0, "str-section", "the string section is empty");
	if (h->str_len - 1 > BTFX_MAX_NAME_OFFSET)
		return btfx__vreport(v, 0, "str-section",
				     "the string section is %u bytes: the kernel takes at most 16 "
				     "MiB",
				     h->str_len);
	if (s[h->str_len - 1])
		return btfx__vreport(v, 0, "str-section",
				     "the string section does not end with a NUL byte");
	if (!v->base && s[0])
		return btfx__vreport(v, 0, "str-section",
				     "the string section does not start with \"\" (a NUL byte)");
	v->strs = (const char *)s;
	v->str_len = h->str_len;
	/* No memory for the memo of good names: every name is scanned each time. */
	v->ident_ok = btfx__mem_zalloc_array(v->mem, h->str_len / 8 + 1, 1);
	v->ident_len = v->ident_ok ? h->str_len : 0;
	if (v->ident_ok && v->plain)
		btfx__vmark_names_plain(v);
	else if (v->ident_ok)
		btfx__vmark_names(v);
	return 0;
}

/* 2026 target: the layout section, one 4-byte entry per kind. */
static int check_layout(struct vctx *v, const uint8_t *d, const struct btfx_header *h)
{
	const uint8_t *p = d + h->hdr_len + h->layout_off;
	uint32_t k;
	uint16_t fl;

	if (!v->prof->layout || !h->layout_len)
		return 0;
	if (h->layout_off % 4 || h->layout_len % 4)
		return btfx__vreport(v, 0, "layout-align",
				     "the layout section (%u bytes at %u) is not in 4-byte entries",
				     h->layout_len, h->layout_off);
	v->layout = p;
	v->layout_cnt = h->layout_len / 4;
	for (k = 1; k < v->layout_cnt; k++) {
		memcpy(&fl, p + 4 * k + 2, 2);
		if (fl || p[4 * k] % 4 || p[4 * k + 1] % 4 ||
		    (btfx__kind_known(k) && (p[4 * k] != btfx__kinds[k].info_sz ||
					     p[4 * k + 1] != btfx__kinds[k].elem_sz)))
			return btfx__vreport(
				v, 0, "layout-entry",
				"the layout entry of kind %u (%s) says %u and %u bytes, "
				"flags %#x: wrong for that kind",
				k, btfx_kind_str(k), p[4 * k], p[4 * k + 1], fl);
	}
	return 0;
}

static int check_type_sec(struct vctx *v, const struct btfx_header *h)
{
	if (h->type_off & 3)
		return btfx__vreport(v, 0, "type-off-align", "type_off %u is not a multiple of 4",
				     h->type_off);
	if (!v->base && !h->type_len)
		return btfx__vreport(v, 0, "no-types", "the type section is empty");
	return 0;
}

static void vctx_free(struct vctx *v)
{
	btfx__mem_free(v->mem, v->ty); /* and the other arrays of own types, in the same block */
	btfx__mem_free(v->mem, v->ident_ok);
	btfx__mem_free(v->mem, v->types_copy);
}

/* Everything after the header and the strings: records, then references. */
static int check_body(struct vctx *v, const uint8_t *d, const struct btfx_header *h)
{
	const uint8_t *types = d + h->hdr_len + h->type_off;
	int err;

	/* Records are read as 32-bit words: a misaligned section is copied first. */
	if ((uintptr_t)types % 4 && h->type_len) {
		if (!(v->types_copy = btfx__mem_alloc(v->mem, h->type_len)))
			return v->err = -ENOMEM;
		memcpy(v->types_copy, types, h->type_len);
		types = v->types_copy;
	}
	v->types = types;
	v->type_len = h->type_len;
	if (check_layout(v, d, h) || check_type_sec(v, h))
		return 0;
	err = btfx__vcheck_metas(v);
	if (!err && !v->stop)
		err = btfx__vcheck_types(v);
	return err;
}

static int set_base(struct vctx *v, const struct btfx *base)
{
	const struct btfx *b;

	v->base = base;
	v->start_id = 1;
	if (!base)
		return 0;
	v->start_id = btfx_type_cnt(base);
	for (b = base; b; b = btfx_base(b)) {
		if ((uint64_t)v->start_str_off + btfx_str_sec_len(b) > UINT32_MAX)
			return -EINVAL;
		v->start_str_off += btfx_str_sec_len(b);
	}
	return 0;
}

/* The ways of run(). */
enum { RUN_KERNEL, RUN_PLAIN, RUN_FAST };

/*
 * One validation: the kernel's way with shortcuts (RUN_KERNEL), without
 * (RUN_PLAIN), or the optimistic attempt (RUN_FAST: 1 for any problem,
 * unreported).  The number of problems, or a negative errno.
 */
static int run(const uint8_t *d, size_t size, const struct btfx_validate_opts *opts, int way)
{
	struct vctx v;
	struct btfx_header h;
	uint32_t target = BTFX_OPTS_GET(opts, target, 0);
	int err;

	memset(&v, 0, sizeof(v));
	v.prof = &profiles[target];
	v.mem = btfx__allocator_pick(BTFX_OPTS_GET(opts, allocator, NULL)); /* opts_ok() checked it */
	v.plain = way == RUN_PLAIN;
	v.fast = way == RUN_FAST;
	v.flags = BTFX_OPTS_GET(opts, flags, 0);
	v.report = BTFX_OPTS_GET(opts, report, NULL);
	v.cb_ctx = BTFX_OPTS_GET(opts, ctx, NULL);
	if ((err = set_base(&v, BTFX_OPTS_GET(opts, base, NULL))))
		return err;
	btfx__vinit_tables(&v);
	if (!check_header(&v, d, size, &h) && !check_strs(&v, d, size, &h))
		err = check_body(&v, d, &h);
	vctx_free(&v);
	return err ? err : v.err ? v.err : v.retry ? 1 : v.count;
}

/*
 * Most blobs are valid: the optimistic attempt says so sooner.  When it
 * finds a problem, the kernel's way finds them all, in the kernel's order.
 */
static int run_best(const uint8_t *d, size_t size, const struct btfx_validate_opts *opts)
{
	int ret = run(d, size, opts, RUN_FAST);

	return ret > 0 ? run(d, size, opts, RUN_KERNEL) : ret;
}

static int opts_ok(const struct btfx_validate_opts *opts)
{
	if (BTFX_OPTS_VALID(opts, struct btfx_validate_opts))
		return 0;
	if (BTFX_OPTS_GET(opts, target, 0) >= sizeof(profiles) / sizeof(profiles[0]) ||
	    !btfx__allocator_pick(BTFX_OPTS_GET(opts, allocator, NULL)))
		return 0;
	return !(BTFX_OPTS_GET(opts, flags, 0) & ~(uint32_t)BTFX_VALIDATE_ALL);
}

int btfx_validate_raw(const void *data, size_t len, const struct btfx_validate_opts *opts)
{
	if (!opts_ok(opts) || (!data && len))
		return -EINVAL;
	return run_best(data, len, opts);
}

int btfx__validate_raw_plain(const void *data, size_t len, const struct btfx_validate_opts *opts)
{
	if (!opts_ok(opts) || (!data && len))
		return -EINVAL;
	return run(data, len, opts, RUN_PLAIN);
}

int btfx__validate_raw_fast(const void *data, size_t len, const struct btfx_validate_opts *opts)
{
	if (!opts_ok(opts) || (!data && len))
		return -EINVAL;
	return run(data, len, opts, RUN_FAST);
}

/* Passes the caller's callback through and keeps the first message. */
struct first {
	const struct btfx_validate_opts *opts;
	char msg[400];
};

static int keep_first(const struct btfx_problem *p, void *ctx)
{
	struct first *f = ctx;
	btfx_problem_fn fn = BTFX_OPTS_GET(f->opts, report, NULL);

	if (!f->msg[0])
		snprintf(f->msg, sizeof(f->msg), "[%u] %s '%s': %s (%s)", p->type_id,
			 p->kind ? btfx_kind_str(p->kind) : "-", p->name, p->msg, p->rule);
	return fn ? fn(p, BTFX_OPTS_GET(f->opts, ctx, NULL)) : 0;
}

int btfx_validate(struct btfx *btf, const struct btfx_validate_opts *opts)
{
	struct btfx_write_opts wo = { .sz = sizeof(wo), .endian = BTFX_ENDIAN_NATIVE };
	struct btfx_validate_opts o = { .sz = sizeof(o) };
	struct first f = { .opts = opts };
	const void *data;
	size_t size;
	int ret;

	if (!btf)
		return -EINVAL;
	if (!opts_ok(opts))
		return btfx__err(btf, -EINVAL, "validate: bad opts");
	o.target = BTFX_OPTS_GET(opts, target, 0);
	o.flags = BTFX_OPTS_GET(opts, flags, 0);
	o.base = btf->base;
	o.report = keep_first;
	o.ctx = &f;
	o.allocator = &btf->mem;
	if (o.target == BTFX_TARGET_2026)
		wo.flags = BTFX_WRITE_LAYOUT;
	/* Validated as it would be written: the bytes the writer makes. */
	if ((ret = btfx_raw_data(btf, &wo, &data, &size)))
		return ret;
	ret = btfx_validate_raw(data, size, &o);
	if (ret > 0)
		btfx__err(btf, -EINVAL, "%s", f.msg);
	return ret;
}
