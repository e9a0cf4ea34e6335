/* Shared declarations of the link test objects (see tests/data/README). */
#ifndef LINK_TEST_H
#define LINK_TEST_H

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __noinline __attribute__((noinline))

enum { MAP_HASH = 1, MAP_ARRAY = 2 };

struct pair {
	int key;
	long value;
};

struct ctx_like {
	unsigned int len;
	unsigned int mark;
	unsigned int priority;
};

/* CO-RE: every access is relocatable */
struct task_like {
	int pid;
	int tgid;
	struct pair last;
	char comm[16];
} __attribute__((preserve_access_index));

extern int shared_counter;
extern int b_data;
extern long b_total(struct pair *p, int n);
extern int c_scale(int x);

#endif
