// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * hidden.c - a BPF program with globals of hidden visibility, which
 * libbpf's loader makes static: variables of the data sections, and
 * subprograms (functions of .text); an entry program and a variable of
 * default visibility stay global.  For btfx_link_prepare_load().
 */
#define SEC(name) __attribute__((section(name), used))
#define __hidden __attribute__((visibility("hidden")))
#define __noinline __attribute__((noinline))

int shown;
__hidden int hidden_var = 1;
__hidden int hidden_bss;
static int local_var;

__hidden __noinline int hidden_helper(int x)
{
	return x + hidden_var;
}

__noinline int shown_helper(int x)
{
	return x * 2 + shown;
}

SEC("tp/syscalls/sys_enter_write") int prog(void *ctx)
{
	hidden_bss++;
	local_var++;
	return hidden_helper(shown) + shown_helper(local_var);
}

__hidden SEC("tp/syscalls/sys_enter_read") int hidden_prog(void *ctx)
{
	return hidden_bss;
}

char _license[] SEC("license") = "GPL";
