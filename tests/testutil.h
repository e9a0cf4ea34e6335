/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* testutil.h - helpers shared by the Check suites. */
#ifndef BTFX_TESTUTIL_H
#define BTFX_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <check.h>
#include <btfx/btfx.h>

/* Path of a file in tests/data ($BTFX_TEST_DATA); static buffer. */
const char *tu_data_path(const char *name);

/* Raw dump (bpftool format) of all own types into a malloc'd string. */
char *tu_dump(const struct btfx *btf);

/* A copy of the own type section / string section bytes (malloc'd). */
void *tu_types_copy(struct btfx *btf, size_t *len_out);

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

/* Run a suite and return the process exit status. */
int tu_run(Suite *s);

/* Is the running kernel's BTF there? */
int tu_have_vmlinux(void);
#define TU_VMLINUX "/sys/kernel/btf/vmlinux"

#endif /* BTFX_TESTUTIL_H */
