/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * globals.c - BPF object with global and static variables in .data, .bss,
 * .rodata and an extern in .ksyms.  See README for how it is compiled.
 */
struct counters {
	unsigned long long packets;
	unsigned long long bytes;
	float ratio;
	double average;
};

/* .data */
int g_data = 42;
struct counters g_counters = { 1, 2, 0.5f, 1.25 };
static int s_data = 7;

/* .bss */
int g_bss;
static long s_bss;
char g_buf[64];

/* .rodata */
const int g_rodata = 3;
const char g_name[] = "btfx";
static const volatile unsigned int s_rodata = 9;

/* An extern resolved by the loader, as libbpf's __ksym does. */
extern const int bpf_prog_active __attribute__((section(".ksyms"), weak));

__attribute__((section("tc"), used)) int prog(void *ctx)
{
	(void)ctx;
	s_data++;
	g_bss += s_data + s_rodata;
	s_bss += g_rodata + g_name[0] + (long)&bpf_prog_active;
	g_counters.packets++;
	g_buf[1] = (char)g_counters.bytes;
	return g_data + (int)s_bss;
}

char _license[] __attribute__((section("license"), used)) = "GPL";
