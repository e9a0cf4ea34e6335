/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* btfx.c - placeholder until the CLI lands. */
#include <stdio.h>
#include <btfx/btfx.h>

int main(void)
{
	printf("%s\n", btfx_version());
	return 0;
}
