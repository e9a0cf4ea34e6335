#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# stats-vmlinux.sh - stats.sh's checks on the running kernel's BTF.  Skips
# (77) without it or without python3.
STATS_VMLINUX=1
. "$(dirname "$0")/stats.sh"
