#include "link.h"

long c_bss[4];				/* .bss */
int c_data = 5;				/* .data */
const volatile long c_factor = 3;	/* .rodata */
char c_custom[3] SEC(".data.custom") = { 1, 2, 3 };

struct {
	__uint(type, MAP_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct task_like);
} c_map SEC(".maps");

static __noinline int c_helper(int x)
{
	return x * c_factor + c_data;
}

__noinline int c_scale(int x)
{
	c_bss[x & 3] += b_data;
	return c_helper(x) + c_custom[x & 1] + shared_counter;
}

SEC("xdp")
int prog_c(struct ctx_like *ctx)
{
	struct task_like *t = (void *)(long)ctx->len;

	return c_scale(t->last.key);
}
