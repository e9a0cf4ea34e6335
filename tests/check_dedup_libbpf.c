// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_dedup_libbpf.c - dedup against libbpf's btf__dedup(), on the same
 * inputs: the BTF in tests/data (raw blobs and clang objects), those
 * exploded into K compile units by explode_lib (with and without FWDs),
 * the pahole -J output of several gcc -g objects made here, and (the
 * "vmlinux" part) the running kernel's BTF, whole and exploded.  Split BTF
 * too: over a deduped tests/data file or vmlinux as the base, a module of
 * copies of part of the base's types (exploded, some structs as FWDs) and
 * of types that reference base ids, deduped by btf__dedup() on
 * a split object and by btfx_dedup() on the same blob over the same base.
 *
 * On each input, libbtfx's dedup must give as many types of each kind as
 * libbpf's, the same raw dump (libbpf's result read back through
 * btf__raw_data() and btfx_load()), and the same dump renumbered into a
 * canonical order (dedup_canon.h).  The generator is checked against
 * libbpf too: its output loads in libbpf, and libbpf's dedup of K units of X
 * equals libbpf's dedup of X alone, kind by kind and in canonical order.
 *
 * Built without libbpf (configure found none), only the generator's own
 * test case runs, and the binary then exits 77 (SKIP) saying why.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef TU_HAVE_LIBBPF
#include <bpf/btf.h>
#endif

#include "dedup_canon.h"
#include "explode_lib.h"
#include "testutil.h"

static struct btfx *load_path(const char *path)
{
	struct btfx *btf = btfx_new();
	int r;

	ck_assert_ptr_nonnull(btf);
	r = btfx_load_file(btf, path, NULL);
	ck_assert_msg(r == 0, "%s: %s (%s)", path, btfx_strerror(r), btfx_errmsg(btf));
	return btf;
}

static struct btfx *exploded(const struct btfx *src, uint32_t k, uint32_t pct, uint64_t seed,
			     struct explode_stats *st)
{
	struct explode_opts o = { .k = k, .fwd_pct = pct, .seed = seed };
	struct btfx *out;
	int r = explode(src, &o, &out, st);

	ck_assert_msg(r == 0, "explode k=%u f=%u: %s (%s)", k, pct, btfx_strerror(r),
		      btfx_errmsg(out));
	ck_assert_uint_eq(btfx_type_cnt(out) - 1, st->out_types);
	return out;
}

/* Two texts are equal; else fail showing the first differing line. */
static void same_text(const char *a, const char *b, const char *what)
{
	char *d;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	d = canon_diff(a, b);
	ck_assert_msg(!d, "%s: %s", what, d);
}

/* The same number of types of each kind, and the same canonical dump. */
static void same_types(const struct btfx *a, const struct btfx *b, const char *what)
{
	struct btfx_stats sa = { .sz = sizeof(sa) }, sb = { .sz = sizeof(sb) };
	char *ca, *cb;
	unsigned k;

	ck_assert_int_eq(btfx_stats(a, &sa), 0);
	ck_assert_int_eq(btfx_stats(b, &sb), 0);
	for (k = 0; k <= BTFX_MAX_KIND; k++)
		ck_assert_msg(sa.kinds[k].count == sb.kinds[k].count, "%s: %u %s against %u",
			      what, sa.kinds[k].count, btfx_kind_str(k), sb.kinds[k].count);
	ck_assert_uint_eq(btfx_type_cnt(a), btfx_type_cnt(b));
	ca = canon_dump(a);
	cb = canon_dump(b);
	same_text(ca, cb, what);
	free(ca);
	free(cb);
}

/*
 * ---------------------------------------------------------------------------
 * The generator alone
 * ---------------------------------------------------------------------------
 */

static const char *const inputs[] = {
	"sample.btf", "types.bpfel.btf", "types.bpfeb.btf", "globals.bpfel.btf",
	"types.bpfel.o", "globals.bpfel.o",
};
#define NR_INPUTS ((int)(sizeof(inputs) / sizeof(inputs[0])))

/* One unit without FWDs is the input itself, type for type. */
START_TEST(explode_one_unit_is_identity)
{
	struct btfx *src = load_path(tu_data_path(inputs[_i]));
	struct explode_stats st;
	struct btfx *out = exploded(src, 1, 0, 1, &st);
	char *a = tu_dump(src), *b = tu_dump(out);

	same_text(a, b, inputs[_i]);
	ck_assert_uint_eq(st.fwds, 0);
	free(a);
	free(b);
	btfx_free(out);
	btfx_free(src);
}
END_TEST

/* The same seed gives the same bytes; FWDs appear, have a name, are counted. */
START_TEST(explode_deterministic)
{
	struct btfx *src = load_path(tu_data_path("sample.btf"));
	struct explode_stats s1, s2, s3;
	struct btfx *a = exploded(src, 8, 50, 7, &s1), *b = exploded(src, 8, 50, 7, &s2);
	struct btfx *c = exploded(src, 8, 100, 7, &s3);
	struct btfx_stats st = { .sz = sizeof(st) };
	char *da = tu_dump(a), *db = tu_dump(b);
	uint32_t id, nfwd = 0;

	same_text(da, db, "same seed");
	ck_assert_uint_gt(s1.fwds, 0);
	ck_assert_uint_gt(s3.fwds, s1.fwds);
	ck_assert_uint_lt(s3.out_types, s1.out_types);
	ck_assert_int_eq(btfx_stats(c, &st), 0);
	for (id = 1; id < btfx_type_cnt(c); id++)
		if (btfx_kind(btfx_type_by_id(c, id)) == BTFX_KIND_FWD) {
			ck_assert_str_ne(btfx_name_by_id(c, id), "");
			nfwd++;
		}
	ck_assert_uint_eq(nfwd, s3.fwds);
	ck_assert_uint_eq(s3.roots, s1.roots);
	free(da);
	free(db);
	btfx_free(a);
	btfx_free(b);
	btfx_free(c);
	btfx_free(src);
}
END_TEST

/* Every root lands in one unit; each VAR and DATASEC is emitted once. */
START_TEST(explode_units)
{
	struct btfx *src = load_path(tu_data_path("globals.bpfel.btf"));
	struct btfx_stats s0 = { .sz = sizeof(s0) }, s1 = { .sz = sizeof(s1) };
	struct explode_stats st;
	struct btfx *out = exploded(src, 16, 30, 3, &st);

	ck_assert_int_eq(btfx_stats(src, &s0), 0);
	ck_assert_int_eq(btfx_stats(out, &s1), 0);
	ck_assert_uint_eq(s1.kinds[BTFX_KIND_VAR].count, s0.kinds[BTFX_KIND_VAR].count);
	ck_assert_uint_eq(s1.kinds[BTFX_KIND_DATASEC].count, s0.kinds[BTFX_KIND_DATASEC].count);
	ck_assert_uint_ge(s1.kinds[BTFX_KIND_INT].count, s0.kinds[BTFX_KIND_INT].count);
	ck_assert_uint_gt(st.out_types, st.in_types);
	ck_assert_uint_le(st.roots, st.in_types);
	btfx_free(out);
	btfx_free(src);
}
END_TEST

/*
 * int, struct s { int a; struct s *next; }, struct t { int b; } and the
 * pointer, numbered in two orders; with other_ptr, s.next points to t.
 */
static struct btfx *canon_obj(int reversed, int other_ptr)
{
	struct btfx *btf = btfx_new();
	uint32_t i_int = reversed ? 4 : 1, ptr = reversed ? 3 : 2, s = reversed ? 2 : 3;
	uint32_t t = reversed ? 1 : 4;
	int id;

	ck_assert_ptr_nonnull(btf);
	for (id = 1; id <= 4; id++) {
		if ((uint32_t)id == i_int)
			ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), id);
		else if ((uint32_t)id == ptr)
			ck_assert_int_eq(btfx_add_ptr(btf, other_ptr ? t : s), id);
		else if ((uint32_t)id == s) {
			ck_assert_int_eq(btfx_add_struct(btf, "s", 16), id);
			ck_assert_int_eq(btfx_append_member(btf, "a", i_int, 0, 0), 0);
			ck_assert_int_eq(btfx_append_member(btf, "next", ptr, 64, 0), 0);
		} else {
			ck_assert_int_eq(btfx_add_struct(btf, "t", 4), id);
			ck_assert_int_eq(btfx_append_member(btf, "b", i_int, 0, 0), 0);
		}
	}
	return btf;
}

/* The canonical dump ignores the numbering, and sees every reference. */
START_TEST(canon_order)
{
	struct btfx *a = canon_obj(0, 0), *b = canon_obj(1, 0), *c = canon_obj(0, 1);
	char *ca = canon_dump(a), *cb = canon_dump(b), *cc = canon_dump(c);
	char *da = tu_dump(a), *db = tu_dump(b), *d;

	same_text(ca, cb, "renumbered");
	d = canon_diff(da, db);
	ck_assert_ptr_nonnull(d);
	free(d);
	d = canon_diff(ca, cc);
	ck_assert_ptr_nonnull(d);
	free(d);
	free(ca);
	free(cb);
	free(cc);
	free(da);
	free(db);
	btfx_free(a);
	btfx_free(b);
	btfx_free(c);
}
END_TEST

START_TEST(explode_bad_args)
{
	struct btfx *src = load_path(tu_data_path("sample.btf")), *out = (void *)1;
	struct explode_opts o = { .k = 0 };

	ck_assert_int_eq(explode(src, &o, &out, NULL), -EINVAL);
	ck_assert_ptr_null(out);
	o.k = 2;
	o.fwd_pct = 101;
	ck_assert_int_eq(explode(src, &o, &out, NULL), -EINVAL);
	btfx_free(src);
}
END_TEST

#ifdef TU_HAVE_LIBBPF
/*
 * ---------------------------------------------------------------------------
 * Against libbpf
 * ---------------------------------------------------------------------------
 */

/* A copy of the object's blob (malloc'd). */
static void *raw_copy(struct btfx *btf, size_t *len)
{
	const void *p;
	void *q;

	ck_assert_int_eq(btfx_raw_data(btf, NULL, &p, len), 0);
	q = malloc(*len);
	ck_assert_ptr_nonnull(q);
	memcpy(q, p, *len);
	return q;
}

/* libbpf's btf__dedup() of a blob, read back into libbtfx. */
static struct btfx *libbpf_dedup(const void *data, size_t len, const char *what)
{
	struct btf *b = btf__new(data, (uint32_t)len);
	struct btfx *x;
	const void *raw;
	uint32_t size;
	int r;

	ck_assert_msg(b != NULL, "%s: btf__new: %s", what, strerror(errno));
	r = btf__dedup(b, NULL);
	ck_assert_msg(r == 0, "%s: btf__dedup: %s", what, strerror(-r));
	raw = btf__raw_data(b, &size);
	ck_assert_ptr_nonnull(raw);
	x = btfx_new();
	ck_assert_ptr_nonnull(x);
	r = btfx_load(x, raw, size, NULL);
	ck_assert_msg(r == 0, "%s: libbpf's result: %s (%s)", what, btfx_strerror(r),
		      btfx_errmsg(x));
	btf__free(b);
	return x;
}

/* libbtfx's btfx_dedup() of a blob. */
static struct btfx *btfx_dedup_of(const void *data, size_t len, const char *what)
{
	struct btfx_dedup_opts opts = { .sz = sizeof(opts) };
	struct btfx *x = btfx_new();
	int r;

	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(btfx_load(x, data, len, NULL), 0);
	r = btfx_dedup(x, &opts);
	ck_assert_msg(r == 0, "%s: btfx_dedup: %s (%s)", what, btfx_strerror(r), btfx_errmsg(x));
	return x;
}

/*
 * Dedup a blob with libbpf and libbtfx, and compare:
 * counts per kind, canonical dumps, and the raw dumps themselves, since
 * libbtfx picks the same representatives as libbpf.  Returns libbpf's.
 */
static struct btfx *difftest(const void *data, size_t len, const char *what)
{
	struct btfx *lb = libbpf_dedup(data, len, what);
	struct btfx *lx = btfx_dedup_of(data, len, what);
	char *a, *b;

	same_types(lx, lb, what);
	a = tu_dump(lx);
	b = tu_dump(lb);
	same_text(a, b, what);
	free(a);
	free(b);
	btfx_free(lx);
	return lb;
}

/* Number of STRUCT (kflag 0) or UNION (kflag 1) types named name in btf. */
static uint32_t count_named(const struct btfx *btf, const char *name, int kflag)
{
	uint32_t id, n = 0, kind = kflag ? BTFX_KIND_UNION : BTFX_KIND_STRUCT;

	for (id = 1; id < btfx_type_cnt(btf); id++)
		n += btfx_kind(btfx_type_by_id(btf, id)) == kind &&
		     !strcmp(btfx_name_by_id(btf, id), name);
	return n;
}

/*
 * A FWD resolves to the one struct or union of its name and kind, and
 * stays when two differ: libbpf's dedup of a unit with FWDs (lb) equals its
 * dedup of the source (ref) but for the FWDs of such ambiguous names and
 * the types that reach them.
 */
static void same_types_but_fwds(const struct btfx *lb, const struct btfx *ref, const char *what)
{
	struct btfx_stats sa = { .sz = sizeof(sa) }, sb = { .sz = sizeof(sb) };
	uint32_t id, extra = 0;
	unsigned k;

	ck_assert_int_eq(btfx_stats(lb, &sa), 0);
	ck_assert_int_eq(btfx_stats(ref, &sb), 0);
	if (sa.kinds[BTFX_KIND_FWD].count == sb.kinds[BTFX_KIND_FWD].count) {
		same_types(lb, ref, what);
		return;
	}
	for (k = 0; k <= BTFX_MAX_KIND; k++)
		ck_assert_msg(sa.kinds[k].count >= sb.kinds[k].count, "%s: %u %s against %u",
			      what, sa.kinds[k].count, btfx_kind_str(k), sb.kinds[k].count);
	for (id = 1; id < btfx_type_cnt(lb); id++) {
		const struct btfx_type *t = btfx_type_by_id(lb, id);
		const char *name = btfx_name_by_id(lb, id);

		if (btfx_kind(t) != BTFX_KIND_FWD || btfx_find_by_name_kind(ref, name,
									    BTFX_KIND_FWD) > 0)
			continue;
		ck_assert_msg(count_named(ref, name, btfx_kflag(t)) >= 2,
			      "%s: FWD '%s' did not resolve", what, name);
		extra++;
	}
	ck_assert_uint_gt(extra, 0);
}

/*
 * Explode src into k units, check that libbpf loads the result as it is,
 * dedup it both ways, and check that libbpf's dedup of it equals ref (its
 * dedup of src), FWDs of ambiguous names aside.
 */
static void explode_check(struct btfx *src, const struct btfx *ref, uint32_t k, uint32_t pct,
			  const char *name)
{
	struct explode_stats st;
	struct btfx *e = exploded(src, k, pct, k * 31 + pct, &st), *lb;
	struct btf *b;
	size_t len;
	void *raw = raw_copy(e, &len);
	char what[256];

	snprintf(what, sizeof(what), "%s exploded k=%u f=%u", name, k, pct);
	b = btf__new(raw, (uint32_t)len);
	ck_assert_msg(b != NULL, "%s: btf__new: %s", what, strerror(errno));
	ck_assert_uint_eq(btf__type_cnt(b), btfx_type_cnt(e));
	btf__free(b);
	lb = difftest(raw, len, what);
	same_types_but_fwds(lb, ref, what);
	btfx_free(lb);
	btfx_free(e);
	free(raw);
}

static const uint32_t shapes[][2] = { { 1, 0 }, { 4, 0 }, { 16, 0 }, { 4, 30 }, { 16, 60 } };

/* A file of tests/data, deduped as it is and exploded. */
static void data_file(const char *name)
{
	struct btfx *src = load_path(tu_data_path(name)), *ref;
	size_t len, i;
	void *raw = raw_copy(src, &len);

	ref = difftest(raw, len, name);
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		explode_check(src, ref, shapes[i][0], shapes[i][1], name);
	btfx_free(ref);
	btfx_free(src);
	free(raw);
}

START_TEST(data_inputs)
{
	data_file(inputs[_i]);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * pahole -J of several gcc -g objects
 * ---------------------------------------------------------------------------
 */

/*
 * Three units sharing a header: a list through pointers, a struct that
 * one unit only declares, a union, an enum, a function pointer, bitfields,
 * and two different structs named 'dup' in two units.
 */
static const char cu_header[] =
	"struct list { struct list *next, *prev; };\n"
	"struct opaque;\n"
	"enum mode { M_A, M_B = 7, M_C = -1 };\n"
	"typedef int (*cb_t)(struct opaque *, const char *);\n"
	"struct node { struct list link; struct opaque *priv; enum mode m;\n"
	"	unsigned a:3, b:13; cb_t cb; union { int i; float f; } u; char tag[8]; };\n"
	"int use_node(struct node *n);\n";

static const char *const cu_files[][2] = {
	{ "a.c", "#include \"h.h\"\n"
		 "struct opaque { int x; struct node *back; };\n"
		 "struct dup { int a; };\n"
		 "struct dup d_a;\n"
		 "int use_node(struct node *n) { return n->priv->x + n->m; }\n" },
	{ "b.c", "#include \"h.h\"\n"
		 "struct dup { long b; char c; };\n"
		 "static struct dup d_b;\n"
		 "struct node g_node;\n"
		 "long b_func(struct list *l) { return (long)l->next + d_b.b; }\n" },
	{ "c.c", "#include \"h.h\"\n"
		 "const volatile int c_ro[4];\n"
		 "int c_func(cb_t cb, struct opaque *o) { return cb(o, \"x\"); }\n"
		 "int c_node(struct node *n) { return use_node(n) + n->a; }\n" },
};
#define NR_CU_FILES ((int)(sizeof(cu_files) / sizeof(cu_files[0])))

static int have_tool(const char *cmd)
{
	char line[256];

	snprintf(line, sizeof(line), "%s --version >/dev/null 2>&1", cmd);
	return system(line) == 0;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* gcc -g -c and pahole -J each unit; the units' BTF concatenated. */
static struct btfx *pahole_units(const char *dir)
{
	struct btfx *all = btfx_new(), *one;
	char cmd[1024];
	int i;

	ck_assert_ptr_nonnull(all);
	write_file(dir, "h.h", cu_header);
	for (i = 0; i < NR_CU_FILES; i++) {
		write_file(dir, cu_files[i][0], cu_files[i][1]);
		snprintf(cmd, sizeof(cmd),
			 "cd '%s' && gcc -g -O0 -c %s -o %s.o && pahole -J %s.o >/dev/null 2>&1",
			 dir, cu_files[i][0], cu_files[i][0], cu_files[i][0]);
		ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
		snprintf(cmd, sizeof(cmd), "%s/%s.o", dir, cu_files[i][0]);
		one = load_path(cmd);
		ck_assert_int_ge(btfx_add_btf(all, one), 1);
		btfx_free(one);
	}
	return all;
}

START_TEST(pahole_gcc_objects)
{
	char dir[] = "/tmp/btfx-dedup-XXXXXX", cmd[256];
	struct btfx *all, *ref;
	size_t len;
	void *raw;

	if (!have_tool("gcc") || !have_tool("pahole")) {
		printf("check_dedup_libbpf: no gcc or pahole: the pahole test case is skipped\n");
		return;
	}
	ck_assert_ptr_nonnull(mkdtemp(dir));
	all = pahole_units(dir);
	raw = raw_copy(all, &len);
	ref = difftest(raw, len, "pahole units");
	/* Each unit's 'dup' stays, and so does the FWD of the ambiguous name. */
	ck_assert_uint_lt(btfx_type_cnt(ref), btfx_type_cnt(all));
	explode_check(all, ref, 4, 0, "pahole units");
	btfx_free(ref);
	btfx_free(all);
	free(raw);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

#ifdef BTFX_TEST_KNOWN_DIFFS
/*
 * A known difference, found by fuzz/fuzz_dedup (fails: build with
 * -DBTFX_TEST_KNOWN_DIFFS): an enum declaration, two different full enums
 * of its name, then a duplicate of the first.  libbpf resolves the
 * declaration to the last full enum it compares it with: it scans the
 * canonical types of the same hash newest first (in its hash table's
 * bucket order, which each growth of the table reverses) and stops at the
 * first equal one, so here the duplicate of e { A } stops at e { A }
 * before it reaches the declaration, which stays resolved to e { B }.
 * libbtfx resolves it to e { A }.
 */
START_TEST(enum_decl_ambiguous)
{
	struct btfx *btf = btfx_new(), *lb;
	size_t len;
	void *raw;

	ck_assert_int_eq(btfx_add_fwd(btf, "e", BTFX_FWD_ENUM), 1);
	ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 2);
	ck_assert_int_eq(btfx_append_enum_value(btf, "A", 0), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 3);
	ck_assert_int_eq(btfx_append_enum_value(btf, "B", 1), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "e", 4, 0), 4);
	ck_assert_int_eq(btfx_append_enum_value(btf, "A", 0), 0);
	ck_assert_int_eq(btfx_add_ptr(btf, 1), 5);
	raw = raw_copy(btf, &len);
	lb = difftest(raw, len, "ambiguous enum declaration");
	btfx_free(lb);
	btfx_free(btf);
	free(raw);
}
END_TEST
#endif

/*
 * ---------------------------------------------------------------------------
 * Split BTF: a module over a base
 * ---------------------------------------------------------------------------
 */

struct reach {
	uint8_t *seen;
	uint32_t *stack;
	uint32_t n;
};

static int reach_push(void *ctx, uint32_t id)
{
	struct reach *r = ctx;

	if (id && !r->seen[id]) {
		r->seen[id] = 1;
		r->stack[r->n++] = id;
	}
	return 0;
}

static int remap(void *ctx, uint32_t *field)
{
	*field = ((const uint32_t *)ctx)[*field];
	return 0;
}

/*
 * A new unsplit object holding what every step-th FUNC, DATASEC or named
 * STRUCT of src reaches, in src's order, renumbered.
 */
static struct btfx *subset(const struct btfx *src, uint32_t step)
{
	uint32_t cnt = btfx_type_cnt(src), id, nr = 0;
	struct reach r = { calloc(cnt, 1), malloc(cnt * sizeof(uint32_t)), 0 };
	uint32_t *map = calloc(cnt, sizeof(*map));
	struct btfx *out = btfx_new();

	ck_assert(r.seen && r.stack && map && out);
	for (id = 1; id < cnt; id++) {
		const struct btfx_type *t = btfx_type_by_id(src, id);

		if ((btfx_kind(t) == BTFX_KIND_FUNC || btfx_kind(t) == BTFX_KIND_DATASEC ||
		     (btfx_kind(t) == BTFX_KIND_STRUCT && t->name_off)) &&
		    nr++ % step == 0)
			reach_push(&r, id);
	}
	while (r.n)
		ck_assert_int_ge(btfx_for_each_type_id(src, r.stack[--r.n], reach_push, &r), 0);
	for (id = 1; id < cnt; id++) {
		int got = r.seen[id] ? btfx_add_type_copy(out, src, id) : 0;

		ck_assert_int_ge(got, 0);
		map[id] = (uint32_t)got;
	}
	for (id = 1; id < btfx_type_cnt(out); id++)
		ck_assert_int_ge(btfx_visit_type_ids(out, id, remap, map), 0);
	free(r.seen);
	free(r.stack);
	free(map);
	return out;
}

/* The first named type of base of that kind. */
static uint32_t base_type(const struct btfx *base, int kind)
{
	uint32_t id;

	for (id = 1; id < btfx_type_cnt(base); id++)
		if ((int)btfx_kind(btfx_type_by_id(base, id)) == kind && *btfx_name_by_id(base, id))
			return id;
	ck_abort_msg("the base has no named %s", btfx_kind_str((unsigned)kind));
	return 0;
}

/*
 * Module types that reference the base directly: a copy of a base struct
 * (returned: it must map to the base's), a FWD of its name, a new struct
 * and typedef, pointers to base types.
 */
static uint32_t module_types(struct btfx *split, const struct btfx *base)
{
	uint32_t i_int = base_type(base, BTFX_KIND_INT);
	uint32_t s = base_type(base, BTFX_KIND_STRUCT);
	int copy = btfx_add_type_copy(split, base, s), fwd, ps;

	ck_assert_int_gt(copy, 0);
	fwd = btfx_add_fwd(split, btfx_name_by_id(base, s), BTFX_FWD_STRUCT);
	ck_assert_int_gt(fwd, 0);
	ps = btfx_add_ptr(split, s);
	ck_assert_int_gt(ps, 0);
	ck_assert_int_gt(btfx_add_ptr(split, (uint32_t)fwd), 0);
	ck_assert_int_gt(btfx_add_struct(split, "btfx_module_only", 16), 0);
	ck_assert_int_eq(btfx_append_member(split, "a", i_int, 0, 0), 0);
	ck_assert_int_eq(btfx_append_member(split, "s", (uint32_t)ps, 64, 0), 0);
	ck_assert_int_gt(btfx_add_typedef(split, "btfx_module_t", i_int), 0);
	ck_assert_int_gt(btfx_add_ptr(split, i_int), 0);
	return (uint32_t)copy;
}

/* libbpf's btf__dedup() of a split blob over a base blob, read back over base. */
static struct btfx *libbpf_dedup_split(const struct btfx *base, const void *base_raw,
				       size_t base_len, const void *data, size_t len,
				       const char *what)
{
	struct btfx_new_opts no = { .sz = sizeof(no), .base = base };
	struct btf *bb = btf__new(base_raw, (uint32_t)base_len), *sb;
	struct btfx *x;
	const void *raw;
	uint32_t size;
	char path[] = "/tmp/btfx-split-XXXXXX";
	int r, fd = mkstemp(path);

	ck_assert_msg(bb != NULL, "%s: btf__new (base): %s", what, strerror(errno));
	/* btf__new_split() is not exported by libbpf 1.1: through a file. */
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
	sb = btf__parse_raw_split(path, bb);
	unlink(path);
	ck_assert_msg(sb != NULL, "%s: btf__parse_raw_split: %s", what, strerror(errno));
	r = btf__dedup(sb, NULL);
	ck_assert_msg(r == 0, "%s: btf__dedup: %s", what, strerror(-r));
	raw = btf__raw_data(sb, &size);
	ck_assert_ptr_nonnull(raw);
	x = btfx_new_opts(&no);
	ck_assert_ptr_nonnull(x);
	r = btfx_load(x, raw, size, NULL);
	ck_assert_msg(r == 0, "%s: libbpf's result: %s (%s)", what, btfx_strerror(r),
		      btfx_errmsg(x));
	btf__free(sb);
	btf__free(bb);
	return x;
}

/*
 * Split dedup both ways over one base: the same types of each kind, the
 * same canonical and raw dumps; the base stays as it was; with no FWDs
 * (pct 0) every exploded type but VAR and DATASEC, and the copy of a base
 * struct, become base ids.
 */
static void split_check(struct btfx *base, const struct btfx *src, uint32_t k, uint32_t pct,
			const char *name)
{
	struct btfx_new_opts no = { .sz = sizeof(no), .base = base };
	struct btfx_dedup_opts o = { .sz = sizeof(o) };
	struct btfx *split = btfx_new_opts(&no), *e, *lx, *lb;
	uint32_t start = btfx_type_cnt(base), end, copy, id;
	size_t base_len, len;
	void *base_raw = raw_copy(base, &base_len), *raw;
	struct explode_stats st;
	struct tu_snap snap;
	char what[256], *a, *b;
	int r;

	snprintf(what, sizeof(what), "%s split k=%u f=%u", name, k, pct);
	e = exploded(src, k, pct, k * 17 + pct, &st);
	ck_assert_int_eq(btfx_add_btf(split, e), (int)start);
	end = btfx_type_cnt(split);
	copy = module_types(split, base);
	raw = raw_copy(split, &len);
	lb = libbpf_dedup_split(base, base_raw, base_len, raw, len, what);
	lx = btfx_new_opts(&no);
	ck_assert_int_eq(btfx_load(lx, raw, len, NULL), 0);
	tu_snap_take(base, &snap);
	o.id_map_cnt = btfx_type_cnt(lx);
	o.id_map = malloc(o.id_map_cnt * sizeof(*o.id_map));
	ck_assert_ptr_nonnull(o.id_map);
	r = btfx_dedup(lx, &o);
	ck_assert_msg(r == 0, "%s: btfx_dedup: %s (%s)", what, btfx_strerror(r), btfx_errmsg(lx));
	ck_assert(tu_snap_same(base, &snap));
	same_types(lx, lb, what);
	a = tu_dump(lx);
	b = tu_dump(lb);
	same_text(a, b, what);
	ck_assert_uint_eq(o.id_map[copy], base_type(base, BTFX_KIND_STRUCT));
	for (id = start; id < end && !pct; id++) {
		unsigned kind = btfx_kind(btfx_type_by_id(split, id));

		if (kind != BTFX_KIND_VAR && kind != BTFX_KIND_DATASEC)
			ck_assert_msg(o.id_map[id] < start, "%s: [%u] %s stays", what, id,
				      btfx_kind_str(kind));
	}
	free(a);
	free(b);
	free(o.id_map);
	btfx_free(lx);
	btfx_free(lb);
	btfx_free(e);
	btfx_free(split);
	free(raw);
	free(base_raw);
}

static const uint32_t split_shapes[][2] = { { 1, 0 }, { 3, 0 }, { 3, 50 }, { 2, 100 } };

/* A deduped file of tests/data is the base; a subset of it, exploded, the module. */
START_TEST(split_data_inputs)
{
	struct btfx *src = load_path(tu_data_path(inputs[_i])), *base = btfx_new(), *sub;
	size_t i;

	ck_assert_int_gt(btfx_add_btf(base, src), 0);
	ck_assert_int_eq(btfx_dedup(base, NULL), 0);
	sub = subset(base, 2);
	for (i = 0; i < sizeof(split_shapes) / sizeof(split_shapes[0]); i++)
		split_check(base, sub, split_shapes[i][0], split_shapes[i][1], inputs[_i]);
	btfx_free(sub);
	btfx_free(base);
	btfx_free(src);
}
END_TEST

/*
 * ---------------------------------------------------------------------------
 * The running kernel's BTF
 * ---------------------------------------------------------------------------
 */

/* Dedup of vmlinux returns it unchanged; exploded, it dedups back. */
START_TEST(vmlinux_inputs)
{
	struct btfx *src = load_path(TU_VMLINUX), *ref;
	size_t len;
	void *raw = raw_copy(src, &len);
	char *a, *b;

	ref = difftest(raw, len, "vmlinux");
	a = tu_dump(src);
	b = tu_dump(ref);
	same_text(a, b, "vmlinux deduped by libbpf");
	free(a);
	free(b);
	explode_check(src, ref, 4, 0, "vmlinux");
	explode_check(src, ref, 4, 30, "vmlinux");
	btfx_free(ref);
	btfx_free(src);
	free(raw);
}
END_TEST

/* A module over vmlinux: what every 64th function and struct reach, exploded. */
START_TEST(split_vmlinux)
{
	struct btfx *base = load_path(TU_VMLINUX), *sub = subset(base, 64);

	split_check(base, sub, 2, 0, "vmlinux");
	split_check(base, sub, 2, 30, "vmlinux");
	btfx_free(sub);
	btfx_free(base);
}
END_TEST
#endif /* TU_HAVE_LIBBPF */

static Suite *dedup_libbpf_suite(void)
{
	Suite *s = suite_create("dedup_libbpf");
	TCase *tc = tcase_create("explode");

	tcase_add_loop_test(tc, explode_one_unit_is_identity, 0, NR_INPUTS);
	tcase_add_test(tc, explode_deterministic);
	tcase_add_test(tc, explode_units);
	tcase_add_test(tc, explode_bad_args);
	tcase_add_test(tc, canon_order);
	suite_add_tcase(s, tc);
#ifdef TU_HAVE_LIBBPF
	tc = tcase_create("libbpf");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, data_inputs, 0, NR_INPUTS);
	tcase_add_loop_test(tc, split_data_inputs, 0, NR_INPUTS);
#ifdef BTFX_TEST_KNOWN_DIFFS
	tcase_add_test(tc, enum_decl_ambiguous);
#endif
	tcase_add_test(tc, pahole_gcc_objects);
	suite_add_tcase(s, tc);

	tc = tcase_create("vmlinux");
	tcase_set_tags(tc, "vmlinux");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, vmlinux_inputs);
	tcase_add_test(tc, split_vmlinux);
	suite_add_tcase(s, tc);
#endif
	return s;
}

int main(void)
{
	int r = EXIT_SUCCESS;

#ifndef TU_HAVE_LIBBPF
	if (!TU_PART)
		r = tu_run(dedup_libbpf_suite());
	if (r == EXIT_SUCCESS) {
		printf("SKIP: the dedup tests against libbpf need libbpf, which configure did not "
		       "find (LIBBPF_CFLAGS and LIBBPF_LIBS)\n");
		return 77;
	}
#else
	r = tu_run(dedup_libbpf_suite());
#endif
	return r;
}
