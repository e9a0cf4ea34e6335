/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* benchmem.h - peak-RSS helpers the benchmarks share (Linux /proc). */
#ifndef BTFX_BENCHMEM_H
#define BTFX_BENCHMEM_H

/* A "Vm...:" field of /proc/self/status in KiB, or -1. */
long bench_status_kb(const char *key);

/* Reset VmHWM to the current RSS (Linux >= 4.0); 0 or -1. */
int bench_reset_hwm(void);

#endif /* BTFX_BENCHMEM_H */
