// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * undef.c - a BPF program that refers to a global it neither defines nor
 * declares: 'shown', which hidden.c defines.  The object's symbol table
 * has 'shown' undefined, of no type (an extern, as libbpf sees one), and
 * its BTF has nothing of that name, so libbpf refuses the object alone;
 * linked with hidden.c's object it is defined (hence another program's
 * name, and no license: hidden.c has one).  For btfx_link_prepare_load().
 */
#define SEC(name) __attribute__((section(name), used))

SEC("tp/syscalls/sys_enter_write") int undef_prog(void *ctx)
{
	/* The address of a global the compiler knows nothing of. */
	asm volatile("r1 = shown ll" ::: "r1");
	return 0;
}
