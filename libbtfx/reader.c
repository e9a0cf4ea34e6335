/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* reader.c - placeholder until the module lands. */
#include "internal.h"
