/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* testutil.h - helpers shared by the Check suites. */
#ifndef BTFX_TESTUTIL_H
#define BTFX_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <check.h>
#include <btfx/btfx.h>
#include <sys/types.h>

/* Path of a file in tests/data ($BTFX_TEST_DATA); static buffer. */
const char *tu_data_path(const char *name);

/* The whole of file path (any size), or a failed test. */
void *tu_read_file(const char *path, size_t *len);

/* Raw dump (bpftool format) of all own types into a malloc'd string. */
char *tu_dump(const struct btfx *btf);

/* A copy of the own type section / string section bytes (malloc'd). */
void *tu_types_copy(struct btfx *btf, size_t *len_out);

/*
 * A copy of btf made by serializing it (host byte order) and loading the
 * blob into a new object made with the BTFX_NEW_* new_flags.  With unsort,
 * the secinfos of every DATASEC are reversed in the blob first, as a blob
 * from another producer may have them.  NULL on any failure.
 */
struct btfx *tu_reload(struct btfx *btf, uint32_t new_flags, int unsort);

/*
 * The same, with edit (when not NULL) called on the blob's type section
 * first: own records packed in id order, the first at types (a blob the
 * builders would not make).
 */
typedef void (*tu_edit_fn)(struct btfx *btf, char *types, void *ctx);
struct btfx *tu_reload_edit(struct btfx *btf, uint32_t new_flags, tu_edit_fn edit, void *ctx);

/* A snapshot of an object's serialized bytes and type count. */
struct tu_snap {
	void *p;
	size_t len;
	uint32_t cnt;
};
void tu_snap_take(struct btfx *btf, struct tu_snap *s);
/* 1 when btf serializes to the snapshot's bytes; frees the snapshot. */
int tu_snap_same(struct btfx *btf, struct tu_snap *s);

/*
 * The problems of a validation, one line each ("[id] KIND 'name' rule:
 * message"): tu_report_problem() is a btfx_problem_fn whose ctx is a
 * zeroed struct tu_report.  tu_report_text() is "" before any problem;
 * free(text) after.
 */
struct tu_report {
	char *text;
	size_t len, cap;
};
int tu_report_problem(const struct btfx_problem *p, void *ctx);
const char *tu_report_text(const struct tu_report *r);

/*
 * A failing allocator: fails the Nth allocation (1-based; 0 never) and
 * counts live blocks, so OOM sweeps can check for leaks.
 */
struct tu_failalloc {
	long fail_at;
	long calls;
	long live;
};
void tu_failalloc_init(struct tu_failalloc *fa, struct btfx_allocator *a, long fail_at);

/*
 * Tests that need a peer (bpftool, the running kernel's BTF) are in test
 * cases tagged with one of the TU_PARTS (tcase_set_tags()), and run by a
 * test binary of their own, built from the same source with
 * -DTU_PART='"tag"' (tests/peers.mk).  That binary exits 77, which
 * automake reports as SKIP, and says why, when a peer its part needs is
 * absent: a part needs bpftool when its tag names bpftool, the kernel's BTF
 * when it names vmlinux.  The binary without TU_PART runs every untagged
 * test case.
 */
#define TU_PARTS "bpftool vmlinux vmlinux_bpftool"
#ifndef TU_PART
#define TU_PART NULL
#endif

/* Run a suite's part (NULL: its untagged test cases); the exit status. */
int tu_run_part(Suite *s, const char *part);
#define tu_run(s) tu_run_part((s), TU_PART)

/* Does this binary run a part whose tag names peer ("bpftool", "vmlinux")? */
#define tu_part_needs(peer) tu_part_names(TU_PART, (peer))
int tu_part_names(const char *part, const char *peer);

/*
 * The running kernel's BTF: $BTFX_VMLINUX when set (BTFX_VMLINUX=/nonexistent
 * runs the tests as on a kernel without BTF), else /sys/kernel/btf/vmlinux.
 */
const char *tu_vmlinux(void);
#define TU_VMLINUX tu_vmlinux()
/* Is the running kernel's BTF there? */
int tu_have_vmlinux(void);

/*
 * bpftool, or NULL: $BPFTOOL when set (BPFTOOL=/nonexistent runs the tests
 * as without bpftool), else the first on $PATH, else in /usr/local/sbin,
 * /usr/sbin or /sbin (not on a user's $PATH on Debian).
 */
const char *tu_bpftool(void);

/*
 * A native blob with a 32-byte header: [1] INT 'int', [2] a kind-25 record
 * (4 info bytes, 1 element of 8) and a layout section describing the known
 * kinds and kind 25.  out needs 512 bytes; returns the blob's length.
 */
size_t tu_kind25_blob(uint8_t *out);

/* A new directory under $TMPDIR (or /tmp), malloc'd. */
char *tu_tmpdir(void);
/* Names in dir, sorted, joined by '/'; "" when empty. */
void tu_list_dir(const char *dir, char *out, size_t cap);
/* Remove dir, its files and empty subdirectories, and free the name. */
void tu_rm_tmpdir(char *dir);

/* Add one type of every kind, with the corner cases of each, as ids 1.. */
void tu_add_all_kinds(struct btfx *btf);

/*
 * A callback sink collecting into memory (buf, len bytes; pos is where the
 * next write goes), taking at most max_take bytes a call (0: all), failing
 * with fail_err at call fail_at (0: never) and with -EINTR on the eintr
 * calls after that.  tu_cbout_seek_ops has a seek (not past len),
 * tu_cbout_ops not.  free(buf) after.
 */
struct tu_cbout {
	uint8_t *buf;
	size_t len, cap, pos;
	size_t max_take;
	long calls, fail_at;
	int fail_err;
	int eintr;
};
extern const struct btfx_sink_ops tu_cbout_ops, tu_cbout_seek_ops;

#endif /* BTFX_TESTUTIL_H */
