/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpfload.h - BPF_BTF_LOAD of a raw blob, for every test that asks the
 * running kernel (the differential corpus, check_kernel, check_validate).
 */
#ifndef BTFX_TESTS_BPFLOAD_H
#define BTFX_TESTS_BPFLOAD_H

#include <stddef.h>

/*
 * Load a blob with BPF_BTF_LOAD at log level 1; the fd is closed again.
 * log gets the verifier's log (log_sz bytes, at least 128); when it does
 * not fit (ENOSPC), the blob is loaded again without a log for the verdict.
 * With log NULL, the blob is loaded once, without a log (the benchmark).
 * @return 0 (loaded), or -errno: -EPERM/-EACCES when not permitted,
 *         -ENOSYS off Linux.
 */
int bl_load(const void *blob, size_t len, char *log, size_t log_sz);

/* The reason in a log: its last non-empty line, made printable, cut to sz - 1. */
void bl_reason(const char *log, char *out, size_t sz);

/* "0", "EINVAL", "E2BIG", ... for an errno (>= 0); "EOTHER" for the rest. */
const char *bl_errno_name(int err);

#endif /* BTFX_TESTS_BPFLOAD_H */
