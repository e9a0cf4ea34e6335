// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_prepare_load.c - btfx_prepare_load(): an object file's BTF
 * rewritten as libbpf rewrites it before BPF_BTF_LOAD.  Objects made with
 * the builders, with the layout of .kconfig and .ksyms worked out by hand
 * from libbpf's rules; what libbpf refuses, refused with the object
 * unchanged; an allocation-failure sweep; tests/data/externs.bpfel.o
 * placed by the linker and prepared, which must validate clean and, where
 * the kernel can load BTF, be accepted by it.
 *
 * Built again as check_prepare_load_libbpf with libbpf (TU_HAVE_LIBBPF):
 * the same object opened by libbpf's bpf_object__open_mem(), whose BTF
 * must hold the same sections, entries, linkages and parameter names.
 * That binary exits 77 (SKIP) without libbpf.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef TU_HAVE_LIBBPF
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#endif

#include "bpfload.h"
#include "testutil.h"

static const struct btfx_var_secinfo *entries(const struct btfx *btf, uint32_t sec)
{
	return (const struct btfx_var_secinfo *)(btfx_type_by_id(btf, sec) + 1);
}

static uint32_t var_linkage(const struct btfx *btf, uint32_t id)
{
	return *(const uint32_t *)(btfx_type_by_id(btf, id) + 1);
}

#ifndef TU_LIBBPF_PART
/* A .kconfig extern of type type. */
static uint32_t kvar(struct btfx *btf, const char *name, uint32_t type)
{
	int id = btfx_add_var(btf, name, BTFX_VAR_GLOBAL_EXTERN, type);

	ck_assert_int_gt(id, 0);
	return (uint32_t)id;
}

/*
 * [1] u32, [2] bool, [3] char, [4] u64, [5] enum libbpf_tristate,
 * [6] char[16] (index [1]), [7] u16; an unplaced .kconfig of an extern of
 * each, in an order libbpf does not keep (ids: their VARs).  Returns the
 * DATASEC's id.
 */
static uint32_t kconfig_object(struct btfx *btf, uint32_t *ids)
{
	static const uint32_t size[7] = { 4, 1, 1, 8, 4, 16, 2 }; /* as a compiler writes them */
	int sec, i;

	ck_assert_int_eq(btfx_add_int(btf, "unsigned int", 4, 0), 1);
	ck_assert_int_eq(btfx_add_int(btf, "_Bool", 1, BTFX_INT_BOOL), 2);
	ck_assert_int_eq(btfx_add_int(btf, "char", 1, BTFX_INT_SIGNED), 3);
	ck_assert_int_eq(btfx_add_int(btf, "unsigned long long", 8, 0), 4);
	ck_assert_int_eq(btfx_add_enum(btf, "libbpf_tristate", 4, 0), 5);
	ck_assert_int_eq(btfx_append_enum_value(btf, "TRI_NO", 0), 0);
	ck_assert_int_eq(btfx_add_array(btf, 1, 3, 16), 6);
	ck_assert_int_eq(btfx_add_int(btf, "unsigned short", 2, 0), 7);
	ids[0] = kvar(btf, "LINUX_KERNEL_VERSION", 1); /* align 4, size 4 */
	ids[1] = kvar(btf, "CONFIG_BPF_SYSCALL", 2);   /* 1, 1 */
	ids[2] = kvar(btf, "CONFIG_X_CHAR", 3);        /* 1, 1 */
	ids[3] = kvar(btf, "CONFIG_HZ", 4);            /* 8, 8 */
	ids[4] = kvar(btf, "CONFIG_BPF_JIT", 5);       /* 4, 4 */
	ids[5] = kvar(btf, "CONFIG_LOCALVERSION", 6);  /* 1, 16 */
	ids[6] = kvar(btf, "CONFIG_X_SHORT", 7);       /* 2, 2 */
	sec = btfx_add_datasec(btf, ".kconfig", 0);
	ck_assert_int_gt(sec, 0);
	for (i = 0; i < 7; i++)
		ck_assert_int_eq(btfx_append_secinfo(btf, ids[i], 0, size[i]), 0);
	return (uint32_t)sec;
}

/* Which DATASEC entry to point at which type id (set_entry()). */
struct entry_edit {
	uint32_t sec, i, id;
};

static void set_entry(struct btfx *btf, char *types, void *ctx)
{
	const struct entry_edit *e = ctx;
	const char *first = (const char *)btfx_type_by_id(btf, btfx_start_id(btf));
	size_t at = (size_t)((const char *)&entries(btf, e->sec)[e->i] - first);

	memcpy(types + at, &e->id, sizeof(e->id));
}

/*
 * btf read back with entry i of DATASEC sec pointing at type id: a FUNC
 * there, as a compiler writes .ksyms, which the builders do not make.
 * btf is freed.
 */
static struct btfx *with_entry(struct btfx *btf, uint32_t sec, uint32_t i, uint32_t id)
{
	struct entry_edit e = { sec, i, id };
	struct btfx *copy = tu_reload_edit(btf, BTFX_NEW_UNPLACED_DATASEC, set_entry, &e);

	ck_assert_ptr_nonnull(copy);
	btfx_free(btf);
	return copy;
}

static struct btfx *unplaced_object(void)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = BTFX_NEW_UNPLACED_DATASEC };
	struct btfx *btf = btfx_new_opts(&o);

	ck_assert_ptr_nonnull(btf);
	return btf;
}

/*
 * .kconfig: by alignment (largest first), then size, then name; each at
 * its offset rounded up to its alignment; allocated globals.
 */
START_TEST(test_kconfig_layout)
{
	/* Expected order and offsets, worked out from libbpf's rules by hand. */
	static const struct {
		int var; /* index into ids */
		uint32_t offset;
	} want[] = {
		{ 3, 0 },  /* CONFIG_HZ: align 8, size 8 */
		{ 4, 8 },  /* CONFIG_BPF_JIT: 4, 4 (before its name-mate) */
		{ 0, 12 }, /* LINUX_KERNEL_VERSION: 4, 4 */
		{ 6, 16 }, /* CONFIG_X_SHORT: 2, 2 */
		{ 1, 18 }, /* CONFIG_BPF_SYSCALL: 1, 1 */
		{ 2, 19 }, /* CONFIG_X_CHAR: 1, 1 */
		{ 5, 20 }, /* CONFIG_LOCALVERSION: 1, 16 */
	};
	struct btfx *btf = unplaced_object();
	const struct btfx_var_secinfo *v;
	uint32_t ids[7], sec, i;

	sec = kconfig_object(btf, ids);
	ck_assert_int_eq(btfx_prepare_load(btf, NULL), 0);
	ck_assert_uint_eq(btfx_type_by_id(btf, sec)->size, 36);
	v = entries(btf, sec);
	for (i = 0; i < 7; i++) {
		ck_assert_msg(v[i].type == ids[want[i].var] && v[i].offset == want[i].offset,
			      "entry %u: [%u] at %u, want [%u] at %u", i, v[i].type, v[i].offset,
			      ids[want[i].var], want[i].offset);
		ck_assert_uint_eq(var_linkage(btf, v[i].type), BTFX_VAR_GLOBAL_ALLOCATED);
	}
	{
		struct tu_report r = { 0 };
		struct btfx_validate_opts o = { .sz = sizeof(o), .flags = BTFX_VALIDATE_ALL,
						.report = tu_report_problem, .ctx = &r };

		ck_assert_msg(btfx_validate(btf, &o) == 0, "%s", tu_report_text(&r));
	}
	btfx_free(btf);
}
END_TEST

/*
 * .ksyms: 4 bytes an entry, in the section's order; a variable becomes an
 * allocated global of the first 32-bit INT; a function becomes global,
 * its entry points at "dummy_ksym", and its unnamed parameters take that
 * name.  Every DATASEC sorted by offset.
 */
START_TEST(test_ksyms)
{
	struct btfx *btf = unplaced_object();
	const struct btfx_var_secinfo *v;
	const struct btfx_param *p;
	const struct btfx_type *f;
	int ptr, proto, func, var, sec, dummy;

	ck_assert_int_eq(btfx_add_int(btf, "char", 1, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 2);
	ptr = btfx_add_ptr(btf, 0);
	proto = btfx_add_func_proto(btf, (uint32_t)ptr);
	ck_assert_int_eq(btfx_append_param(btf, NULL, 2), 0);
	ck_assert_int_eq(btfx_append_param(btf, "named", (uint32_t)ptr), 0);
	func = btfx_add_func(btf, "kfunc", BTFX_FUNC_EXTERN, (uint32_t)proto);
	var = btfx_add_var(btf, "ksym_var", BTFX_VAR_GLOBAL_EXTERN, 1);
	ck_assert_int_gt(func, 0);
	ck_assert_int_gt(var, 0);
	sec = btfx_add_datasec(btf, ".ksyms", 0);
	ck_assert_int_eq(btfx_append_secinfo(btf, (uint32_t)var, 0, 0), 0); /* then the FUNC */
	ck_assert_int_eq(btfx_append_secinfo(btf, (uint32_t)var, 0, 1), 0);
	btf = with_entry(btf, (uint32_t)sec, 0, (uint32_t)func);
	dummy = (int)btfx_type_cnt(btf);

	ck_assert_int_eq(btfx_prepare_load(btf, NULL), 0);
	ck_assert_uint_eq(btfx_type_cnt(btf), (uint32_t)dummy + 1);
	ck_assert_str_eq(btfx_name_by_id(btf, (uint32_t)dummy), "dummy_ksym");
	ck_assert_uint_eq(btfx_type_by_id(btf, (uint32_t)dummy)->type, 2);
	ck_assert_uint_eq(var_linkage(btf, (uint32_t)dummy), BTFX_VAR_GLOBAL_ALLOCATED);
	v = entries(btf, (uint32_t)sec);
	ck_assert_uint_eq(btfx_type_by_id(btf, (uint32_t)sec)->size, 8);
	ck_assert_int_eq(v[0].type, dummy);
	ck_assert_int_eq(v[0].offset, 0);
	ck_assert_int_eq(v[0].size, 4);
	ck_assert_int_eq(v[1].type, var);
	ck_assert_int_eq(v[1].offset, 4);
	ck_assert_int_eq(v[1].size, 4);
	ck_assert_uint_eq(btfx_type_by_id(btf, (uint32_t)var)->type, 2); /* the 32-bit INT */
	ck_assert_uint_eq(var_linkage(btf, (uint32_t)var), BTFX_VAR_GLOBAL_ALLOCATED);
	f = btfx_type_by_id(btf, (uint32_t)func);
	ck_assert_uint_eq(btfx_vlen(f), BTFX_FUNC_GLOBAL);
	p = (const struct btfx_param *)(btfx_type_by_id(btf, (uint32_t)proto) + 1);
	ck_assert_str_eq(btfx_str_by_offset(btf, p[0].name_off), "dummy_ksym");
	ck_assert_str_eq(btfx_str_by_offset(btf, p[1].name_off), "named");
	ck_assert_int_eq(btfx_validate(btf, NULL), 0);
	btfx_free(btf);
}
END_TEST

/* A placed section read with its entries out of order comes out sorted. */
START_TEST(test_sorted)
{
	struct btfx *btf = unplaced_object(), *copy;
	const struct btfx_var_secinfo *v;
	int d1, d2, data;

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	d1 = btfx_add_var(btf, "d1", BTFX_VAR_GLOBAL_ALLOCATED, 1);
	d2 = btfx_add_var(btf, "d2", BTFX_VAR_GLOBAL_ALLOCATED, 1);
	data = btfx_add_datasec(btf, ".data", 8);
	ck_assert_int_eq(btfx_append_secinfo(btf, (uint32_t)d1, 0, 4), 0);
	ck_assert_int_eq(btfx_append_secinfo(btf, (uint32_t)d2, 4, 4), 0);
	copy = tu_reload(btf, BTFX_NEW_UNPLACED_DATASEC, 1); /* entries reversed */
	ck_assert_ptr_nonnull(copy);
	v = entries(copy, (uint32_t)data);
	ck_assert_int_eq(v[0].type, d2);
	ck_assert_int_eq(btfx_prepare_load(copy, NULL), 0);
	v = entries(copy, (uint32_t)data);
	ck_assert_int_eq(v[0].type, d1);
	ck_assert_int_eq(v[1].type, d2);
	btfx_free(copy);
	btfx_free(btf);
}
END_TEST

/*
 * An object libbpf refuses: its .kconfig holds a struct (how 0), a 16-byte
 * integer (1) or a function (2); .ksyms functions and no 32-bit INT (3);
 * an extern outside .kconfig and .ksyms (4).
 */
static struct btfx *refused_object(int how)
{
	struct btfx *btf = unplaced_object();
	int s, v, p, f, sec, good;

	if (how == 3) { /* .ksyms functions and no 32-bit INT */
		ck_assert_int_eq(btfx_add_int(btf, "char", 1, 0), 1);
		/* The entry's placeholder, then the FUNC: not an extern itself. */
		v = btfx_add_var(btf, "placeholder", BTFX_VAR_GLOBAL_ALLOCATED, 1);
		p = btfx_add_func_proto(btf, 0);
		f = btfx_add_func(btf, "kfunc", BTFX_FUNC_EXTERN, (uint32_t)p);
		sec = btfx_add_datasec(btf, ".ksyms", 0);
		ck_assert_int_gt(sec, 0);
		ck_assert_int_eq(btfx_append_secinfo(btf, (uint32_t)v, 0, 0), 0);
		return with_entry(btf, (uint32_t)sec, 0, (uint32_t)f);
	}
	ck_assert_int_eq(btfx_add_int(btf, "unsigned int", 4, 0), 1);
	good = btfx_add_var(btf, "LINUX_KERNEL_VERSION", BTFX_VAR_GLOBAL_EXTERN, 1);
	if (how == 0) { /* a struct */
		s = btfx_add_struct(btf, "s", 4);
		ck_assert_int_eq(btfx_append_member(btf, "x", 1, 0, 0), 0);
		v = btfx_add_var(btf, "CONFIG_S", BTFX_VAR_GLOBAL_EXTERN, (uint32_t)s);
	} else if (how == 4) { /* an extern in no section libbpf fills */
		v = btfx_add_var(btf, "elsewhere", BTFX_VAR_GLOBAL_EXTERN, 1);
		ck_assert_int_gt(v, 0);
		v = good;
	} else if (how == 1) { /* a 16-byte integer */
		v = btfx_add_var(btf, "CONFIG_128", BTFX_VAR_GLOBAL_EXTERN,
				 (uint32_t)btfx_add_int(btf, "__int128", 16, BTFX_INT_SIGNED));
	} else { /* the entry's placeholder, then a function */
		v = btfx_add_var(btf, "placeholder", BTFX_VAR_GLOBAL_ALLOCATED, 1);
	}
	ck_assert_int_gt(v, 0);
	sec = btfx_add_datasec(btf, ".kconfig", 0);
	ck_assert_int_gt(sec, 0);
	ck_assert_int_eq(btfx_append_secinfo(btf, (uint32_t)good, 0, 4), 0);
	if (v != good)
		ck_assert_int_eq(btfx_append_secinfo(btf, (uint32_t)v, 0, 4), 0);
	if (how == 2) {
		p = btfx_add_func_proto(btf, 0);
		f = btfx_add_func(btf, "kfunc", BTFX_FUNC_EXTERN, (uint32_t)p);
		return with_entry(btf, (uint32_t)sec, 1, (uint32_t)f);
	}
	return btf;
}

/* What libbpf refuses is refused, with a message, and the object unchanged. */
START_TEST(test_refused)
{
	static const char *const why[] = { "libbpf takes only", "libbpf takes only",
					   "libbpf refuses it", "no 32-bit INT",
					   "in neither .kconfig nor .ksyms" };
	struct btfx_prepare_load_opts o = { .sz = sizeof(o) + 8 };
	char big[sizeof(o) + 8];
	struct btfx *btf = refused_object(_i);
	struct tu_snap snap;

	tu_snap_take(btf, &snap);
	ck_assert_int_eq(btfx_prepare_load(btf, NULL), -ENOTSUP);
	ck_assert_msg(strstr(btfx_errmsg(btf), why[_i]), "%s", btfx_errmsg(btf));
	ck_assert(tu_snap_same(btf, &snap));
	/* Unknown trailing bytes of opts: refused too. */
	memset(big, 0xff, sizeof(big));
	memcpy(big, &o, sizeof(o));
	ck_assert_int_eq(btfx_prepare_load(btf, (const void *)big), -EINVAL);
	ck_assert_int_eq(btfx_prepare_load(NULL, NULL), -EINVAL);
	btfx_free(btf);
}
END_TEST

/* Every allocation failing in turn: -ENOMEM and unchanged, or the whole result. */
/* A symbol lookup that answers *(int *)ctx for every name: 0, or an errno. */
static int fixed_answer(void *ctx, const char *name, int is_func)
{
	(void)name;
	(void)is_func;
	return *(const int *)ctx;
}

static int answer_none;

/* _i 0: without a symbol lookup; 1: with one (its pass allocates too). */
START_TEST(test_alloc_failures)
{
	const struct btfx_prepare_load_opts lookup = { .sz = sizeof(lookup),
						       .sym_static = fixed_answer,
						       .ctx = &answer_none };
	const struct btfx_prepare_load_opts *po = _i ? &lookup : NULL;
	struct tu_snap want;
	long fail_at;
	int done = 0;

	{
		struct btfx *btf = unplaced_object();
		uint32_t ids[7];

		kconfig_object(btf, ids);
		ck_assert_int_eq(btfx_prepare_load(btf, NULL), 0);
		tu_snap_take(btf, &want);
		btfx_free(btf);
	}
	for (fail_at = 0; !done && fail_at < 1000; fail_at++) {
		struct btfx_new_opts no = { .sz = sizeof(no), .flags = BTFX_NEW_UNPLACED_DATASEC };
		struct btfx_allocator a;
		struct tu_failalloc fa;
		struct tu_snap snap;
		struct btfx *btf;
		uint32_t ids[7];
		int err;

		tu_failalloc_init(&fa, &a, -1);
		no.allocator = &a;
		btf = btfx_new_opts(&no);
		ck_assert_ptr_nonnull(btf);
		kconfig_object(btf, ids);
		tu_snap_take(btf, &snap);
		fa.fail_at = fa.calls + fail_at;
		err = btfx_prepare_load(btf, po);
		fa.fail_at = -1;
		if (err) {
			ck_assert_int_eq(err, -ENOMEM);
			ck_assert(tu_snap_same(btf, &snap));
		} else {
			free(snap.p);
			ck_assert_msg(tu_snap_same(btf, &want), "fail_at %ld: another result", fail_at);
			done = 1;
		}
		btfx_free(btf);
		ck_assert_int_eq(fa.live, 0);
	}
	ck_assert_msg(done, "btfx_prepare_load() never succeeded");
}
END_TEST

#endif /* !TU_LIBBPF_PART */

#if !defined(TU_LIBBPF_PART) || defined(TU_HAVE_LIBBPF)
/*
 * The object file tests/data/NAME, placed as a linker does (ids kept) and
 * prepared with its symbols; free the link after.
 */
static struct btfx *prepared(const char *name, struct btfx_link **link, void **data, size_t *len)
{
	const struct btfx_link_opts lo = { .sz = sizeof(lo), .flags = BTFX_LINK_NO_DEDUP };
	struct btfx *btf = NULL;

	*data = tu_read_file(tu_data_path(name), len);
	*link = btfx_link_new(&lo);
	ck_assert_ptr_nonnull(*link);
	ck_assert_msg(btfx_link_add_elf(*link, *data, *len, name, NULL) == 0, "%s",
		      btfx_link_errmsg(*link));
	ck_assert_int_eq(btfx_link_finish(*link, &btf), 0);
	ck_assert_msg(btfx_link_prepare_load(*link) == 0, "%s", btfx_errmsg(btf));
	return btf;
}

/* The linkage of the FUNC or VAR called name (-1: none). */
static int linkage_of(const struct btfx *btf, const char *name)
{
	int id = btfx_find_by_name_kind(btf, name, BTFX_KIND_FUNC);
	const struct btfx_type *t;

	if (id > 0)
		return (int)btfx_vlen(btfx_type_by_id(btf, (uint32_t)id));
	if ((id = btfx_find_by_name_kind(btf, name, BTFX_KIND_VAR)) <= 0)
		return -1;
	t = btfx_type_by_id(btf, (uint32_t)id);
	return (int)((const struct btfx_var *)(t + 1))->linkage;
}
#endif

#ifndef TU_LIBBPF_PART
/* A compiler's object: refused as it is, valid and loadable once prepared. */
START_TEST(test_externs_object)
{
	struct btfx *raw = btfx_new(), *btf;
	struct btfx_link *link;
	struct tu_report r;
	char log[1 << 14];
	const void *blob;
	size_t len, blen;
	void *data;
	int err;

	ck_assert_int_eq(btfx_load_file(raw, tu_data_path("externs.bpfel.o"), NULL), 0);
	ck_assert_int_eq(btfx_validate(raw, NULL), 1);
	btfx_free(raw);
	btf = prepared("externs.bpfel.o", &link, &data, &len);
	memset(&r, 0, sizeof(r));
	{
		struct btfx_validate_opts o = { .sz = sizeof(o), .flags = BTFX_VALIDATE_ALL,
						.report = tu_report_problem, .ctx = &r };

		ck_assert_msg(btfx_validate(btf, &o) == 0, "%s", tu_report_text(&r));
	}
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &blob, &blen), 0);
	err = bl_load(blob, blen, log, sizeof(log));
	if (err == -EPERM || err == -EACCES || err == -ENOSYS)
		printf("SKIP: BPF_BTF_LOAD is not permitted here (%s): the kernel was not asked\n",
		       strerror(-err));
	else
		ck_assert_msg(err == 0, "the kernel refuses the prepared object: %s", log);
	btfx_link_free(link);
	free(data);
}
END_TEST

/*
 * tests/data/hidden.bpfel.o: the globals of hidden visibility become
 * static as libbpf loads the object (variables of data sections, the
 * subprogram of .text), the others stay global; without the symbols
 * (btfx_prepare_load() without sym_static) nothing changes.
 */
START_TEST(test_hidden_globals)
{
	static const struct {
		const char *name;
		int linkage;
	} want[] = { { "hidden_var", BTFX_VAR_STATIC },	   { "hidden_bss", BTFX_VAR_STATIC },
		     { "shown", BTFX_VAR_GLOBAL_ALLOCATED }, { "local_var", BTFX_VAR_STATIC },
		     { "hidden_helper", BTFX_FUNC_STATIC },  { "shown_helper", BTFX_FUNC_GLOBAL },
		     { "prog", BTFX_FUNC_GLOBAL },	   { "hidden_prog", BTFX_FUNC_GLOBAL } };
	const struct btfx_link_opts lo = { .sz = sizeof(lo), .flags = BTFX_LINK_NO_DEDUP };
	struct btfx_link *link;
	struct btfx *btf;
	size_t i, len;
	void *data;

	btf = prepared("hidden.bpfel.o", &link, &data, &len);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(linkage_of(btf, want[i].name) == want[i].linkage,
			      "%s: linkage %d, want %d", want[i].name, linkage_of(btf, want[i].name),
			      want[i].linkage);
	ck_assert_int_eq(btfx_validate(btf, NULL), 0);
	btfx_link_free(link);

	link = btfx_link_new(&lo);
	ck_assert_ptr_nonnull(link);
	ck_assert_int_eq(btfx_link_prepare_load(link), -EINVAL); /* not finished */
	ck_assert_int_eq(btfx_link_add_elf(link, data, len, "hidden.bpfel.o", NULL), 0);
	ck_assert_int_eq(btfx_link_finish(link, &btf), 0);
	ck_assert_int_eq(btfx_prepare_load(btf, NULL), 0);
	ck_assert_int_eq(linkage_of(btf, "hidden_var"), BTFX_VAR_GLOBAL_ALLOCATED);
	ck_assert_int_eq(linkage_of(btf, "hidden_helper"), BTFX_FUNC_GLOBAL);
	btfx_link_free(link);
	free(data);
}
END_TEST

/* A symbol lookup that fails: its error, the object unchanged. */
START_TEST(test_hidden_lookup_fails)
{
	static int eio = -EIO;
	const struct btfx_link_opts lo = { .sz = sizeof(lo), .flags = BTFX_LINK_NO_DEDUP };
	struct btfx_prepare_load_opts o = { .sz = sizeof(o), .sym_static = fixed_answer,
					    .ctx = &eio };
	struct btfx_link *link = btfx_link_new(&lo);
	struct btfx *btf;
	size_t len;
	void *data = tu_read_file(tu_data_path("hidden.bpfel.o"), &len);

	ck_assert_ptr_nonnull(link);
	ck_assert_int_eq(btfx_link_add_elf(link, data, len, "hidden.bpfel.o", NULL), 0);
	ck_assert_int_eq(btfx_link_finish(link, &btf), 0);
	ck_assert_int_eq(btfx_prepare_load(btf, &o), -EIO);
	ck_assert_ptr_nonnull(strstr(btfx_errmsg(btf), "symbol"));
	ck_assert_int_eq(linkage_of(btf, "hidden_var"), BTFX_VAR_GLOBAL_ALLOCATED);
	btfx_link_free(link);
	free(data);
}
END_TEST

/*
 * tests/data/undef.bpfel.o: an extern symbol, 'shown', with no BTF, as
 * libbpf's find_extern_btf_id() looks for it: alone the object is refused;
 * linked with hidden.bpfel.o, which defines 'shown', it is not an extern
 * any more; linked with an input whose BTF has a FUNC 'shown' that is not
 * extern (and no symbol), it is refused again.
 */
START_TEST(test_extern_symbols)
{
	const struct btfx_link_opts lo = { .sz = sizeof(lo), .flags = BTFX_LINK_NO_DEDUP };
	static const char *const names[] = { "undef.bpfel.o", "hidden.bpfel.o" };
	const int want[] = { -ENOENT, 0, -EINVAL };
	struct btfx *raw = btfx_new(), *btf;
	struct btfx_link *link;
	const void *blob;
	void *data[2];
	size_t len[2], blen;
	int i, j, err;

	ck_assert_ptr_nonnull(raw);
	ck_assert_int_eq(btfx_add_int(raw, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_func_proto(raw, 1), 2);
	ck_assert_int_eq(btfx_add_func(raw, "shown", BTFX_FUNC_GLOBAL, 2), 3);
	ck_assert_int_eq(btfx_raw_data(raw, NULL, &blob, &blen), 0);
	for (j = 0; j < 2; j++)
		data[j] = tu_read_file(tu_data_path(names[j]), &len[j]);
	for (i = 0; i < 3; i++) {
		link = btfx_link_new(&lo);
		ck_assert_ptr_nonnull(link);
		ck_assert_int_eq(btfx_link_add_elf(link, data[0], len[0], names[0], NULL), 0);
		if (i == 1)
			ck_assert_int_eq(btfx_link_add_elf(link, data[1], len[1], names[1], NULL), 1);
		if (i == 2)
			ck_assert_int_eq(btfx_link_add_raw(link, blob, blen, "raw", NULL), 1);
		ck_assert_msg(btfx_link_finish(link, &btf) == 0, "%s", btfx_link_errmsg(link));
		err = btfx_link_prepare_load(link);
		ck_assert_msg(err == want[i], "case %d: %d (%s), want %d", i, err, btfx_errmsg(btf),
			      want[i]);
		if (err)
			ck_assert_msg(strstr(btfx_errmsg(btf), "extern symbol 'shown'") &&
					      strstr(btfx_errmsg(btf), names[0]),
				      "case %d: %s", i, btfx_errmsg(btf));
		if (i == 1)
			ck_assert_int_eq(btfx_validate(btf, NULL), 0);
		btfx_link_free(link);
	}
	for (j = 0; j < 2; j++)
		free(data[j]);
	btfx_free(raw);
}
END_TEST
#endif /* !TU_LIBBPF_PART */

#ifdef TU_HAVE_LIBBPF
/* libbpf refuses the object whose extern symbol has no BTF: the fact above. */
START_TEST(test_libbpf_refuses_undef)
{
	size_t len;
	void *data = tu_read_file(tu_data_path("undef.bpfel.o"), &len);
	struct bpf_object *obj = bpf_object__open_mem(data, len, NULL);

	ck_assert_msg(obj == NULL, "libbpf opened undef.bpfel.o");
	bpf_object__close(obj);
	free(data);
}
END_TEST

/* Own type id's name in btf, "" for none. */
static const char *lb_name(const struct btf *b, uint32_t id)
{
	const char *s = btf__name_by_offset(b, btf__type_by_id(b, id)->name_off);

	return s ? s : "";
}

/*
 * libbpf's bpf_object__open_mem() of the same object: each DATASEC (by
 * name) with the same size and entries (by name, offset, size); each VAR
 * and FUNC with the same linkage; each prototype's parameter names.
 */
START_TEST(test_same_as_libbpf)
{
	static const char *const objects[] = { "externs.bpfel.o", "hidden.bpfel.o" };
	struct btfx_link *link;
	struct bpf_object *obj;
	const struct btf *b;
	struct btfx *btf;
	uint32_t id, i, n, sections = 0;
	size_t len;
	void *data;

	btf = prepared(objects[_i], &link, &data, &len);
	obj = bpf_object__open_mem(data, len, NULL);
	ck_assert_msg(obj != NULL, "libbpf cannot open %s: %d", objects[_i], -errno);
	b = bpf_object__btf(obj);
	ck_assert_uint_eq(btf__type_cnt(b), btfx_type_cnt(btf));
	for (id = 1; id < btf__type_cnt(b); id++) {
		const struct btf_type *t = btf__type_by_id(b, id);
		const struct btfx_type *x;
		int xid;

		if (btf_kind(t) != BTF_KIND_DATASEC) {
			/* The rest keeps its ids (no dedup): same kind, name, info. */
			x = btfx_type_by_id(btf, id);
			ck_assert_int_eq(btfx_kind(x), btf_kind(t));
			ck_assert_str_eq(btfx_name_by_id(btf, id), lb_name(b, id));
			/* A hidden subprogram: libbpf makes it static as it loads, not opens. */
			if (btf_is_func(t) && !strcmp(lb_name(b, id), "hidden_helper")) {
				ck_assert_int_eq(btf_vlen(t), BTF_FUNC_GLOBAL);
				ck_assert_int_eq(linkage_of(btf, "hidden_helper"), BTFX_FUNC_STATIC);
				continue;
			}
			ck_assert_msg(x->info == t->info, "[%u] '%s': info %#x, libbpf's %#x", id,
				      lb_name(b, id), x->info, t->info);
			if (btf_is_var(t))
				ck_assert_uint_eq(var_linkage(btf, id), btf_var(t)->linkage);
			if (btf_is_func_proto(t)) {
				const struct btfx_param *p = (const void *)(x + 1);

				for (i = 0; i < btf_vlen(t); i++)
					ck_assert_str_eq(btfx_str_by_offset(btf, p[i].name_off),
							 btf__name_by_offset(b, btf_params(t)[i].name_off));
			}
			continue;
		}
		/* DATASECs may come in another order: by name. */
		xid = btfx_find_by_name_kind(btf, lb_name(b, id), BTFX_KIND_DATASEC);
		ck_assert_msg(xid > 0, "no DATASEC '%s'", lb_name(b, id));
		x = btfx_type_by_id(btf, (uint32_t)xid);
		ck_assert_uint_eq(x->size, t->size);
		n = btf_vlen(t);
		ck_assert_uint_eq(btfx_vlen(x), n);
		for (i = 0; i < n; i++) {
			const struct btf_var_secinfo *lv = &btf_var_secinfos(t)[i];
			const struct btfx_var_secinfo *xv = &entries(btf, (uint32_t)xid)[i];

			ck_assert_str_eq(btfx_name_by_id(btf, xv->type), lb_name(b, lv->type));
			ck_assert_uint_eq(xv->offset, lv->offset);
			ck_assert_uint_eq(xv->size, lv->size);
		}
		sections++;
	}
	ck_assert_uint_ge(sections, 3); /* .data, .kconfig, .ksyms, license; .data, .bss, license */
	bpf_object__close(obj);
	btfx_link_free(link);
	free(data);
}
END_TEST
#endif

static Suite *prepare_load_suite(void)
{
	Suite *s = suite_create("prepare_load");
	TCase *tc = tcase_create("core");

#ifdef TU_LIBBPF_PART
#ifdef TU_HAVE_LIBBPF
	tcase_add_loop_test(tc, test_same_as_libbpf, 0, 2);
	tcase_add_test(tc, test_libbpf_refuses_undef);
#endif
#else
	tcase_add_test(tc, test_kconfig_layout);
	tcase_add_test(tc, test_ksyms);
	tcase_add_test(tc, test_sorted);
	tcase_add_loop_test(tc, test_refused, 0, 5);
	tcase_add_loop_test(tc, test_alloc_failures, 0, 2);
	tcase_add_test(tc, test_externs_object);
	tcase_add_test(tc, test_hidden_globals);
	tcase_add_test(tc, test_hidden_lookup_fails);
	tcase_add_test(tc, test_extern_symbols);
#endif
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
#if defined(TU_LIBBPF_PART) && !defined(TU_HAVE_LIBBPF)
	printf("SKIP: the comparison with libbpf needs libbpf, which configure did not find "
	       "(LIBBPF_CFLAGS and LIBBPF_LIBS)\n");
	return 77;
#else
	return tu_run(prepare_load_suite());
#endif
}
