// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_validate_kernel.c - the differential test of issue 10: on every
 * blob of tests/data/validate, btfx_validate_raw() must give the verdict
 * the kernel's BPF_BTF_LOAD gave (verdicts.txt, made by tests/btf_corpus).
 * Where BPF_BTF_LOAD is permitted (root, Linux), each blob is loaded
 * again: on the kernel the verdicts were recorded on, the kernel must
 * still agree with them; on another kernel the differences are listed but
 * do not fail the test.  Every disagreement is listed with the blob's
 * name, the kernel's reason and libbtfx's first message, followed by the
 * agreement figure.
 *
 * It also checks what libbtfx writes from each blob the kernel accepted:
 * read and written again, and deduplicated, the blob must still validate
 * clean, and the kernel (where it can be asked) must still accept it.
 *
 * BTFX_VALIDATE_CORPUS=DIR takes the blobs and verdicts.txt of DIR instead
 * (a round of bench/agreement.sh: blobs the test suite has never seen).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "bpfload.h"
#include "testutil.h"

/* One line of verdicts.txt. */
struct verdict {
	char name[128];
	int reject;
	char err[16];
	char reason[256];
};

/* A verdicts file: its lines and the kernel that gave them. */
struct vset {
	struct verdict *v;
	size_t n;
	char kernel[128];
};

static struct vset main_set; /* verdicts.txt: the kernel the corpus was made on */
static char kernel_log[1 << 16];

static void parse_line(struct vset *set, char *line)
{
	struct verdict *v;
	char what[16];
	int used = 0;

	if (line[0] == '#') {
		if (!strncmp(line, "# kernel ", 9))
			sscanf(line + 9, "%127s", set->kernel);
		return;
	}
	set->v = realloc(set->v, (set->n + 1) * sizeof(*set->v));
	ck_assert_ptr_nonnull(set->v);
	v = &set->v[set->n];
	ck_assert_msg(sscanf(line, "%127s %15s %15s %n", v->name, what, v->err, &used) == 3,
		      "verdicts: bad line '%s'", line);
	ck_assert_msg(!strcmp(what, "ACCEPT") || !strcmp(what, "REJECT"), "bad verdict %s", what);
	v->reject = what[0] == 'R';
	snprintf(v->reason, sizeof(v->reason), "%s", line + used);
	v->reason[strcspn(v->reason, "\n")] = '\0';
	set->n++;
}

/* The path of name in the corpus: BTFX_VALIDATE_CORPUS's, else the shipped one. */
static const char *corpus_path(const char *name)
{
	static char path[4096];
	const char *dir = getenv("BTFX_VALIDATE_CORPUS");

	if (!dir) {
		snprintf(path, sizeof(path), "validate/%s", name);
		return tu_data_path(path);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* Read file (in the corpus) into set: 0, or -1 when there is no such file. */
static int load_set(struct vset *set, const char *file)
{
	char line[512];
	FILE *f;

	if (set->n)
		return 0;
	if (!(f = fopen(corpus_path(file), "r")))
		return -1;
	while (fgets(line, sizeof(line), f))
		parse_line(set, line);
	fclose(f);
	ck_assert_msg(set->kernel[0], "%s names no kernel", file);
	return 0;
}

static void load_verdicts(void)
{
	ck_assert_msg(!load_set(&main_set, "verdicts.txt"), "%s: %s", corpus_path("verdicts.txt"),
		      strerror(errno));
	/* The issue asks for 500 blobs at least in the shipped corpus. */
	ck_assert_uint_ge(main_set.n, getenv("BTFX_VALIDATE_CORPUS") ? 1 : 500);
}

static void *read_blob(const char *name, size_t *len)
{
	return tu_read_file(corpus_path(name), len);
}

/* The first problem btfx_validate_raw() reports. */
struct first {
	char text[512];
};

static int keep_first(const struct btfx_problem *p, void *ctx)
{
	struct first *f = ctx;

	snprintf(f->text, sizeof(f->text), "[%u] kind %u '%s' %s: %s", p->type_id, p->kind,
		 p->name ? p->name : "", p->rule ? p->rule : "?", p->msg ? p->msg : "?");
	return 1;
}

static void first_problem(const void *blob, size_t len, uint32_t target, struct first *f)
{
	struct btfx_validate_opts o;

	memset(&o, 0, sizeof(o));
	o.sz = sizeof(o);
	o.target = target;
	o.report = keep_first;
	o.ctx = f;
	snprintf(f->text, sizeof(f->text), "(no problem reported)");
	btfx_validate_raw(blob, len, &o);
}

/* libbtfx for target against each verdict of set, every disagreement listed. */
static void agree_all(const struct vset *set, uint32_t target, const char *tname)
{
	struct btfx_validate_opts o = { .sz = sizeof(o), .target = target };
	size_t i, agree = 0, accepted = 0;

	for (i = 0; i < set->n; i++) {
		const struct verdict *v = &set->v[i];
		size_t len;
		void *blob = read_blob(v->name, &len);
		int r = btfx_validate_raw(blob, len, &o);
		struct first f;

		accepted += !v->reject;
		if ((r != 0) == v->reject) {
			agree++;
		} else {
			first_problem(blob, len, target, &f);
			printf("DISAGREE %s: kernel %s %s (%s); libbtfx %s (%d): %s\n", v->name,
			       v->reject ? "REJECT" : "ACCEPT", v->err, v->reason,
			       r ? "REJECT" : "ACCEPT", r, r ? f.text : "-");
		}
		free(blob);
	}
	printf("btfx_validate_raw%s%s agrees with kernel %s on %zu of %zu blobs "
	       "(%zu accepted, %zu rejected by the kernel)\n",
	       tname ? " --target " : "", tname ? tname : "", set->kernel, agree, set->n, accepted,
	       set->n - accepted);
	fflush(stdout); /* a failing check ends the forked test at once */
	ck_assert_msg(agree == set->n, "%zu disagreements with the kernel (listed above)",
		      set->n - agree);
}

/* (a) libbtfx against the recorded verdicts, wherever the test runs. */
START_TEST(test_validate_agrees_with_recorded_kernel)
{
	load_verdicts();
	agree_all(&main_set, BTFX_TARGET_CURRENT, NULL);
}
END_TEST

/*
 * (a') The targets of older kernels against those kernels' verdicts on the
 * same blobs, recorded with the corpus (verdicts-TARGET.txt, made in a
 * virtual machine by bench/vm_agreement.sh), each from the series the
 * target names.  At least one is shipped.
 */
START_TEST(test_older_targets_agree_with_their_kernels)
{
	static const struct {
		const char *name;
		uint32_t target;
	} older[] = { { "6.12", BTFX_TARGET_6_12 },
		      { "6.1", BTFX_TARGET_6_1 },
		      { "5.15", BTFX_TARGET_5_15 },
		      { "5.10", BTFX_TARGET_5_10 } };
	size_t i, found = 0;
	char file[64];

	for (i = 0; i < sizeof(older) / sizeof(older[0]); i++) {
		struct vset set = { 0 };
		size_t n = strlen(older[i].name);

		snprintf(file, sizeof(file), "verdicts-%s.txt", older[i].name);
		if (load_set(&set, file))
			continue;
		found++;
		ck_assert_msg(!strncmp(set.kernel, older[i].name, n) && set.kernel[n] == '.',
			      "%s: recorded on kernel %s, not a %s one", file, set.kernel,
			      older[i].name);
		agree_all(&set, older[i].target, older[i].name);
		free(set.v);
	}
	if (!getenv("BTFX_VALIDATE_CORPUS"))
		ck_assert_msg(found > 0, "no verdicts-TARGET.txt in the shipped corpus");
}
END_TEST

/*
 * (c) What libbtfx writes from a blob the kernel accepted: read and written
 * back, then deduplicated and written.  Each output must validate clean
 * and, where the kernel can load BTF (can_load), be accepted by it.
 * Returns how many outputs broke that, each listed; counts the outputs in
 * *written.  btfx_dedup() may
 * decline with -ELOOP, as documented (and as libbpf's does): noted.
 */
static int outputs_accepted(const char *name, const void *blob, size_t len, int can_load,
			    size_t *written)
{
	static const char *const step[] = { "read and written", "deduplicated" };
	struct btfx *btf = btfx_new();
	int i, bad = 0, err;

	ck_assert_ptr_nonnull(btf);
	err = btfx_load(btf, blob, len, NULL);
	ck_assert_msg(err == 0, "%s: the kernel takes it, btfx_load() refuses it: %s", name,
		      btfx_errmsg(btf));
	for (i = 0; i < 2; i++) {
		const void *out;
		size_t out_len;
		struct first f;

		if (i == 1 && (err = btfx_dedup(btf, NULL)) == -ELOOP) {
			/* As libbpf's: a cycle of reference types through a FUNC_PROTO. */
			printf("NOTE %s: btfx_dedup() declines it, as documented: %s\n", name,
			       btfx_errmsg(btf));
			break;
		}
		ck_assert_msg(i == 0 || err == 0, "%s: dedup: %s", name, btfx_errmsg(btf));
		ck_assert_int_eq(btfx_raw_data(btf, NULL, &out, &out_len), 0);
		++*written;
		if (btfx_validate_raw(out, out_len, NULL)) {
			first_problem(out, out_len, BTFX_TARGET_CURRENT, &f);
			printf("WRITTEN %s, %s: libbtfx refuses its own output: %s\n", name,
			       step[i], f.text);
			bad++;
		} else if (can_load &&
			   (err = bl_load(out, out_len, kernel_log, sizeof(kernel_log)))) {
			char reason[256];

			bl_reason(kernel_log, reason, sizeof(reason));
			printf("WRITTEN %s, %s: the kernel refuses it: %s (%s)\n", name, step[i],
			       bl_errno_name(-err), reason);
			bad++;
		}
	}
	btfx_free(btf);
	return bad;
}

/*
 * Is BPF_BTF_LOAD permitted?  The corpus's first blob tells (as
 * tests/btf_corpus record: any answer but these is the verifier's).
 */
static int kernel_available(void)
{
	size_t len;
	void *blob;
	int err;

	blob = read_blob(main_set.v[0].name, &len);
	err = bl_load(blob, len, kernel_log, sizeof(kernel_log));
	free(blob);
	if (err != -EPERM && err != -EACCES && err != -ENOSYS)
		err = 0;
	if (err)
		printf("SKIP: BPF_BTF_LOAD is not permitted here (%s): the kernel's verdicts "
		       "were not checked again\n",
		       strerror(-err));
	fflush(stdout);
	return err == 0;
}

/* (b) The running kernel against the recorded verdicts, where it can load BTF. */
START_TEST(test_kernel_agrees_with_recorded_kernel)
{
	size_t i, agree = 0;
	struct utsname u;
	int same;

	load_verdicts();
	if (!kernel_available())
		return;
	ck_assert_int_eq(uname(&u), 0);
	same = !strcmp(u.release, main_set.kernel);
	for (i = 0; i < main_set.n; i++) {
		const struct verdict *v = &main_set.v[i];
		char reason[256];
		size_t len;
		void *blob = read_blob(v->name, &len);
		int err = bl_load(blob, len, kernel_log, sizeof(kernel_log));

		if ((err != 0) == v->reject) {
			agree++;
		} else {
			bl_reason(kernel_log, reason, sizeof(reason));
			printf("%s %s: recorded on %s: %s %s (%s); now on %s: %s %s (%s)\n",
			       same ? "CHANGED" : "DIFFERS", v->name, main_set.kernel,
			       v->reject ? "REJECT" : "ACCEPT", v->err, v->reason, u.release,
			       err ? "REJECT" : "ACCEPT", bl_errno_name(-err), err ? reason : "-");
		}
		free(blob);
	}
	printf("kernel %s agrees with the verdicts of kernel %s on %zu of %zu blobs\n", u.release,
	       main_set.kernel, agree, main_set.n);
	fflush(stdout);
	if (same)
		ck_assert_msg(agree == main_set.n, "the kernel changed its verdict on %zu blobs",
			      main_set.n - agree);
}
END_TEST

/* (c) for every blob the kernel accepted. */
START_TEST(test_outputs_of_accepted_blobs_accepted)
{
	size_t i, n = 0, written = 0;
	int bad = 0, can_load;

	load_verdicts();
	can_load = kernel_available();
	for (i = 0; i < main_set.n; i++) {
		size_t len;
		void *blob;

		if (main_set.v[i].reject)
			continue;
		blob = read_blob(main_set.v[i].name, &len);
		bad += outputs_accepted(main_set.v[i].name, blob, len, can_load, &written);
		free(blob);
		n++;
	}
	printf("libbtfx wrote %zu blobs from the %zu the kernel accepted (read and written, "
	       "deduplicated): %zu validate clean%s\n",
	       written, n, written - (size_t)bad, can_load ? ", and the kernel accepts them" : "");
	fflush(stdout);
	ck_assert_msg(bad == 0, "%d outputs refused (listed above)", bad);
}
END_TEST

static Suite *validate_kernel_suite(void)
{
	Suite *s = suite_create("validate_kernel");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_validate_agrees_with_recorded_kernel);
	tcase_add_test(tc, test_older_targets_agree_with_their_kernels);
	tcase_add_test(tc, test_kernel_agrees_with_recorded_kernel);
	tcase_add_test(tc, test_outputs_of_accepted_blobs_accepted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(validate_kernel_suite());
}
