#include "link.h"

int shared_counter;			/* .bss, the one definition */
int a_data = 1;				/* .data */
const volatile int a_limit = 7;		/* .rodata */
static int a_hidden = 3;		/* .data, static */
int a_custom SEC(".data.custom") = 11;	/* custom section */

struct {
	__uint(type, MAP_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct pair);
} a_map SEC(".maps");

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int prog_a(struct ctx_like *ctx)
{
	struct task_like *t = (void *)(long)ctx->mark;
	struct pair p = { .key = t->pid, .value = t->last.value };

	shared_counter += a_hidden + a_custom;
	if (ctx->len > a_limit)
		return c_scale(b_data);
	return b_total(&p, a_data);
}
