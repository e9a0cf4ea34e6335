// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* testutil.c - helpers shared by the Check suites. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

const char *tu_data_path(const char *name)
{
	static char path[4096];
	const char *dir = getenv("BTFX_TEST_DATA");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", name);
	return path;
}

/* The whole of file path (any size), or a failed test. */
void *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *p = malloc(cap);

	ck_assert_msg(f && p, "%s: %s", path, strerror(errno));
	while ((got = fread(p + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			p = realloc(p, cap *= 2);
			ck_assert_ptr_nonnull(p);
		}
	}
	ck_assert_msg(!ferror(f), "%s: read error", path);
	fclose(f);
	*len = n;
	return p;
}

struct strbuf {
	char *p;
	size_t len, cap;
};

static int sb_print(void *ctx, const char *text, size_t len)
{
	struct strbuf *sb = ctx;

	if (sb->len + len + 1 > sb->cap) {
		size_t cap = (sb->cap + len + 1) * 2;
		char *p = realloc(sb->p, cap);

		if (!p)
			return -12;
		sb->p = p;
		sb->cap = cap;
	}
	memcpy(sb->p + sb->len, text, len);
	sb->len += len;
	sb->p[sb->len] = '\0';
	return 0;
}

char *tu_dump(const struct btfx *btf)
{
	struct strbuf sb = { NULL, 0, 0 };

	sb_print(&sb, "", 0);
	if (btfx_dump_raw(btf, sb_print, &sb)) {
		free(sb.p);
		return NULL;
	}
	return sb.p;
}

void *tu_types_copy(struct btfx *btf, size_t *len_out)
{
	const void *raw;
	size_t size;
	uint32_t hdr_len, type_off, type_len;
	void *p;

	if (btfx_raw_data(btf, NULL, &raw, &size))
		return NULL;
	memcpy(&hdr_len, (const char *)raw + 4, 4);
	memcpy(&type_off, (const char *)raw + 8, 4);
	memcpy(&type_len, (const char *)raw + 12, 4);
	p = malloc(type_len ? type_len : 1);
	if (p)
		memcpy(p, (const char *)raw + hdr_len + type_off, type_len);
	*len_out = type_len;
	return p;
}

/* Reverse the secinfos of every own DATASEC in a blob of btf (types at types). */
static void unsort_datasecs(struct btfx *btf, char *types, void *ctx)
{
	const char *first = (const char *)btfx_type_by_id(btf, btfx_start_id(btf));
	uint32_t id, i, n;

	(void)ctx;
	for (id = btfx_start_id(btf); id < btfx_type_cnt(btf); id++) {
		const struct btfx_type *t = btfx_type_by_id(btf, id);
		struct btfx_var_secinfo *v, x;

		if (btfx_kind(t) != BTFX_KIND_DATASEC)
			continue;
		/* Own records are packed in id order, as in the blob. */
		v = (struct btfx_var_secinfo *)(types + ((const char *)(t + 1) - first));
		n = btfx_vlen(t);
		for (i = 0; i < n / 2; i++) {
			memcpy(&x, &v[i], sizeof(x));
			memcpy(&v[i], &v[n - 1 - i], sizeof(x));
			memcpy(&v[n - 1 - i], &x, sizeof(x));
		}
	}
}

struct btfx *tu_reload(struct btfx *btf, uint32_t new_flags, int unsort)
{
	return tu_reload_edit(btf, new_flags, unsort ? unsort_datasecs : NULL, NULL);
}

struct btfx *tu_reload_edit(struct btfx *btf, uint32_t new_flags, tu_edit_fn edit, void *ctx)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .flags = new_flags };
	struct btfx *copy;
	const void *raw;
	uint32_t hdr_len, type_off;
	size_t size;
	char *blob;

	if (btfx_raw_data(btf, NULL, &raw, &size))
		return NULL;
	blob = malloc(size);
	if (!blob)
		return NULL;
	memcpy(blob, raw, size);
	memcpy(&hdr_len, blob + 4, 4);
	memcpy(&type_off, blob + 8, 4);
	if (edit)
		edit(btf, blob + hdr_len + type_off, ctx);
	copy = btfx_new_opts(&o);
	if (copy && btfx_load(copy, blob, size, NULL)) {
		btfx_free(copy);
		copy = NULL;
	}
	free(blob);
	return copy;
}

void tu_snap_take(struct btfx *btf, struct tu_snap *s)
{
	const void *raw;

	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw, &s->len), 0);
	s->p = malloc(s->len);
	ck_assert_ptr_nonnull(s->p);
	memcpy(s->p, raw, s->len);
	s->cnt = btfx_type_cnt(btf);
}

int tu_snap_same(struct btfx *btf, struct tu_snap *s)
{
	const void *raw;
	size_t len;
	int same;

	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw, &len), 0);
	same = len == s->len && !memcmp(raw, s->p, len) && btfx_type_cnt(btf) == s->cnt;
	free(s->p);
	s->p = NULL;
	return same;
}

static void *fa_realloc(void *ctx, void *p, size_t n)
{
	struct tu_failalloc *fa = ctx;
	void *q;

	fa->calls++;
	if (fa->fail_at && fa->calls == fa->fail_at)
		return NULL;
	q = realloc(p, n);
	if (q && !p)
		fa->live++;
	return q;
}

static void fa_free(void *ctx, void *p)
{
	struct tu_failalloc *fa = ctx;

	if (p)
		fa->live--;
	free(p);
}

void tu_failalloc_init(struct tu_failalloc *fa, struct btfx_allocator *a, long fail_at)
{
	fa->fail_at = fail_at;
	fa->calls = 0;
	fa->live = 0;
	a->sz = sizeof(*a);
	a->realloc = fa_realloc;
	a->free = fa_free;
	a->ctx = fa;
}

/* Is a peer the part needs absent?  Says which, for the SKIP line. */
static const char *part_missing(const char *part)
{
	if (tu_part_names(part, "vmlinux") && !tu_have_vmlinux())
		return tu_vmlinux();
	if (tu_part_names(part, "bpftool") && !tu_bpftool())
		return "bpftool";
	return NULL;
}

int tu_run_part(Suite *s, const char *part)
{
	const char *missing = part ? part_missing(part) : NULL;
	SRunner *sr;
	int failed;

	if (missing) {
		printf("SKIP: the %s tests need %s, which is not there\n", part, missing);
		srunner_free(srunner_create(s));
		return 77;
	}
	sr = srunner_create(s);
	if (part)
		srunner_run_tagged(sr, NULL, NULL, part, NULL, CK_ENV);
	else
		srunner_run_tagged(sr, NULL, NULL, NULL, TU_PARTS, CK_ENV);
	failed = srunner_ntests_failed(sr);
	if (part && !srunner_ntests_run(sr)) {
		printf("FAIL: no test case is tagged %s\n", part);
		failed = 1;
	}
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int tu_part_names(const char *part, const char *peer)
{
	return part && strstr(part, peer);
}

const char *tu_vmlinux(void)
{
	const char *env = getenv("BTFX_VMLINUX");

	return env && *env ? env : "/sys/kernel/btf/vmlinux";
}

int tu_have_vmlinux(void)
{
	return access(tu_vmlinux(), R_OK) == 0;
}

/* An executable bpftool in the colon-separated directories, or NULL. */
static const char *bpftool_in(const char *dirs)
{
	static char path[4096];
	const char *p = dirs, *end;

	while (p && *p) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (end > p) {
			snprintf(path, sizeof(path), "%.*s/bpftool", (int)(end - p), p);
			if (access(path, X_OK) == 0)
				return path;
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}

const char *tu_bpftool(void)
{
	const char *env = getenv("BPFTOOL");
	const char *found;

	if (env && *env)
		return access(env, X_OK) == 0 ? env : NULL;
	found = bpftool_in(getenv("PATH"));
	return found ? found : bpftool_in("/usr/local/sbin:/usr/sbin:/sbin");
}

size_t tu_kind25_blob(uint8_t *out)
{
	static const uint32_t types[] = {
		1, BTFX_INFO(BTFX_KIND_INT, 0, 0), 4, BTFX_INT_ENC(0, 0, 32),
		1, BTFX_INFO(25, 1, 1), 0, 0x1234, 5, 6,
	};
	static const char strs[] = "\0int";
	uint32_t hdr[8] = { BTFX_MAGIC | BTFX_VERSION << 16, 32, 0, sizeof(types),
			    sizeof(types) + 26 * 4, sizeof(strs), sizeof(types), 26 * 4 };
	uint8_t *lay = out + 32 + sizeof(types);

	memcpy(out, hdr, sizeof(hdr));
	memcpy(out + 32, types, sizeof(types));
	memset(lay, 0, 26 * 4);
	lay[4 * BTFX_KIND_INT] = 4;
	lay[4 * BTFX_KIND_ARRAY] = 12;
	lay[4 * BTFX_KIND_STRUCT + 1] = 12;
	lay[4 * BTFX_KIND_UNION + 1] = 12;
	lay[4 * BTFX_KIND_ENUM + 1] = 8;
	lay[4 * BTFX_KIND_FUNC_PROTO + 1] = 8;
	lay[4 * BTFX_KIND_VAR] = 4;
	lay[4 * BTFX_KIND_DATASEC + 1] = 12;
	lay[4 * BTFX_KIND_DECL_TAG] = 4;
	lay[4 * BTFX_KIND_ENUM64 + 1] = 12;
	lay[4 * 25] = 4;
	lay[4 * 25 + 1] = 8;
	memcpy(lay + 26 * 4, strs, sizeof(strs));
	return 32 + sizeof(types) + 26 * 4 + sizeof(strs);
}

/* A new directory under $TMPDIR (or /tmp), malloc'd; tu_rm_tmpdir() it. */
char *tu_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char *d = malloc(4096);

	ck_assert_ptr_nonnull(d);
	snprintf(d, 4096, "%s/btfx-test.XXXXXX", t && *t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

/* Names in dir, sorted, joined by '/'; "" when empty. */
void tu_list_dir(const char *dir, char *out, size_t cap)
{
	struct dirent **ents;
	int i, n = scandir(dir, &ents, NULL, alphasort);

	ck_assert_int_ge(n, 0);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, "..")) {
			if (out[0])
				strncat(out, "/", cap - strlen(out) - 1);
			strncat(out, ents[i]->d_name, cap - strlen(out) - 1);
		}
		free(ents[i]);
	}
	free(ents);
}

void tu_rm_tmpdir(char *dir)
{
	struct dirent **ents;
	char p[4400];
	int i, n = scandir(dir, &ents, NULL, alphasort);

	for (i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, "..")) {
			snprintf(p, sizeof(p), "%s/%s", dir, ents[i]->d_name);
			if (unlink(p))
				rmdir(p);
		}
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	rmdir(dir);
	free(dir);
}

/* One object with every kind and the corner cases of each. */
void tu_add_all_kinds(struct btfx *btf)
{
	static const struct btfx_enum_info e64[] = { { "N", INT64_MIN }, { "P", INT64_MAX } };
	static const struct btfx_var_secinfo infos[] = { { 16, 8, 8 }, { 15, 0, 4 } };

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_int(btf, "char", 1, BTFX_INT_CHAR), 2);
	ck_assert_int_eq(btfx_add_int_bits(btf, "b", 2, BTFX_INT_BOOL, 3, 1), 3);
	ck_assert_int_eq(btfx_add_ptr(btf, 2), 4);
	ck_assert_int_eq(btfx_add_const(btf, 4), 5);
	ck_assert_int_eq(btfx_add_volatile(btf, 1), 6);
	ck_assert_int_eq(btfx_add_restrict(btf, 4), 7);
	ck_assert_int_eq(btfx_add_typedef(btf, "T", 6), 8);
	ck_assert_int_eq(btfx_add_array(btf, 1, 2, 7), 9);
	ck_assert_int_eq(btfx_add_struct(btf, "S", 8), 10);
	ck_assert_int_eq(btfx_append_member(btf, "bf", 1, 0, 5), 0);
	ck_assert_int_eq(btfx_append_member(btf, NULL, 1, 32, 0), 0);
	ck_assert_int_eq(btfx_add_union(btf, "U", 4), 11);
	ck_assert_int_eq(btfx_append_member(btf, "i", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_enum(btf, "E", 4, 0), 12);
	ck_assert_int_eq(btfx_append_enum_value(btf, "X", -7), 0);
	ck_assert_int_eq(btfx_add_enum_with_values(btf, BTFX_KIND_ENUM64, "E64", 8,
						   BTFX_ENUM_SIGNED, e64, 2, sizeof(*e64)), 13);
	ck_assert_int_eq(btfx_add_fwd(btf, "F", BTFX_FWD_UNION), 14);
	ck_assert_int_eq(btfx_add_var(btf, "v", BTFX_VAR_STATIC, 1), 15);
	ck_assert_int_eq(btfx_add_var(btf, "w", BTFX_VAR_GLOBAL_EXTERN, 4), 16);
	ck_assert_int_eq(btfx_add_datasec_with_vars(btf, ".data", 16, infos, 2), 17);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 18);
	ck_assert_int_eq(btfx_append_param(btf, "p", 4), 0);
	ck_assert_int_eq(btfx_append_param(btf, NULL, 0), 0);
	ck_assert_int_eq(btfx_add_func(btf, "fn", BTFX_FUNC_GLOBAL, 18), 19);
	ck_assert_int_eq(btfx_add_float(btf, "float", 4), 20);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "kfunc", 19, -1), 21);
	ck_assert_int_eq(btfx_add_decl_tag(btf, "arg", 19, 0), 22);
	ck_assert_int_eq(btfx_add_type_tag(btf, "rcu", 10), 23);
}

static ssize_t cbout_write(void *ctx, const void *buf, size_t len)
{
	struct tu_cbout *c = ctx;

	if (++c->calls == c->fail_at)
		return c->fail_err;
	if (c->eintr) {
		c->eintr--;
		return -EINTR;
	}
	if (c->max_take && len > c->max_take)
		len = c->max_take;
	if (c->pos + len > c->cap) {
		c->cap = (c->pos + len) * 2;
		c->buf = realloc(c->buf, c->cap);
		ck_assert_ptr_nonnull(c->buf);
	}
	memcpy(c->buf + c->pos, buf, len);
	c->pos += len;
	if (c->pos > c->len)
		c->len = c->pos;
	return (ssize_t)len;
}

static int cbout_seek(void *ctx, uint64_t off)
{
	struct tu_cbout *c = ctx;

	if (off > c->len)
		return -EINVAL;
	c->pos = off;
	return 0;
}

const struct btfx_sink_ops tu_cbout_ops = { sizeof(tu_cbout_ops), cbout_write, NULL };
const struct btfx_sink_ops tu_cbout_seek_ops = { sizeof(tu_cbout_seek_ops), cbout_write,
						 cbout_seek };

int tu_report_problem(const struct btfx_problem *p, void *ctx)
{
	struct tu_report *r = ctx;
	char line[1024];
	int n = snprintf(line, sizeof(line), "[%u] %s '%s' %s: %s\n", p->type_id,
			 p->kind ? btfx_kind_str(p->kind) : "-", p->name, p->rule, p->msg);

	if (n < 0 || n >= (int)sizeof(line)) /* a long name: the line as cut */
		n = (int)sizeof(line) - 1;
	if (r->len + (size_t)n + 1 > r->cap) {
		r->cap = (r->len + (size_t)n + 1) * 2;
		r->text = realloc(r->text, r->cap);
		ck_assert_ptr_nonnull(r->text);
	}
	memcpy(r->text + r->len, line, (size_t)n + 1);
	r->len += (size_t)n;
	return 0;
}

const char *tu_report_text(const struct tu_report *r)
{
	return r->len ? r->text : "";
}
