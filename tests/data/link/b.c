#include "link.h"

int b_data = 2;				/* .data */
long b_sum;				/* .bss */
static const volatile int b_tab[4] = { 3, 1, 4, 1 }; /* .rodata, static */
int b_custom SEC(".data.custom") = 22;	/* custom section, second part */

struct {
	__uint(type, MAP_HASH);
	__uint(max_entries, 64);
	__type(key, int);
	__type(value, long);
} b_map SEC(".maps");

__noinline long b_total(struct pair *p, int n)
{
	b_sum += p->value * n + b_tab[n & 3] + b_custom;
	shared_counter++;
	return b_sum;
}

SEC("tc")
int prog_b(struct ctx_like *ctx)
{
	struct task_like *t = (void *)(long)ctx->priority;

	return t->tgid + t->comm[1] + c_scale(ctx->len);
}
