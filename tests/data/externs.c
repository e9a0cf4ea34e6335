// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * externs.c - a BPF program with the externs libbpf fills at load time:
 * .kconfig values of every type libbpf takes (bool, char, 1/2/4/8-byte
 * integers, libbpf_tristate, a char array) and .ksyms variables and
 * functions (one without parameter names), for btfx_prepare_load().
 */
#define SEC(name) __attribute__((section(name), used))
#define __kconfig __attribute__((section(".kconfig")))
#define __ksym __attribute__((section(".ksyms")))
#define __weak __attribute__((weak))

enum libbpf_tristate { TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2 };

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig __weak;
extern char CONFIG_X_CHAR __kconfig __weak;
extern unsigned short CONFIG_X_SHORT __kconfig __weak;
extern unsigned long long CONFIG_HZ __kconfig __weak;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig __weak;
extern const char CONFIG_LOCALVERSION[16] __kconfig __weak;

extern const void bpf_prog_active __ksym;
extern const int runqueues __ksym __weak;
extern void *bpf_obj_new_impl(unsigned long long, void *) __ksym __weak;
extern int bpf_task_acquire_named(void *task, int flags) __ksym __weak;

int counter;

SEC("tp/syscalls/sys_enter_write") int prog(void *ctx)
{
	counter += LINUX_KERNEL_VERSION + CONFIG_BPF_SYSCALL + CONFIG_X_CHAR + CONFIG_X_SHORT +
		   (int)CONFIG_HZ + (CONFIG_BPF_JIT == TRI_YES) + CONFIG_LOCALVERSION[0] +
		   (long)&runqueues;
	if (bpf_obj_new_impl)
		bpf_obj_new_impl(1, ctx);
	if (bpf_task_acquire_named)
		bpf_task_acquire_named(ctx, 0);
	return (long)&bpf_prog_active;
}

char _license[] SEC("license") = "GPL";
