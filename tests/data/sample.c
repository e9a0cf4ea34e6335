/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * sample.c - kernel-like types for tests/data/sample.btf, a stand-in for
 * /sys/kernel/btf/vmlinux when it is absent.  Built with gcc -g and
 * encoded by pahole -J; see README.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
typedef u32 pid_t_;
typedef _Bool bool_;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

struct refcount {
	atomic_t refs;
};

enum task_state {
	TASK_RUNNING = 0,
	TASK_INTERRUPTIBLE = 1,
	TASK_UNINTERRUPTIBLE = 2,
	TASK_DEAD = 0x80,
};

enum sched_prio { PRIO_MIN = -20, PRIO_DEFAULT = 0, PRIO_MAX = 19 };

enum cap_mask { CAP_NONE = 0, CAP_ALL = 0xffffffffffULL };

enum __attribute__((packed)) small_enum { SMALL_A, SMALL_B };

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

struct sched_entity {
	struct rb_node run_node;
	struct list_head group_node;
	unsigned int on_rq;
	u64 exec_start;
	u64 sum_exec_runtime;
	u64 vruntime;
};

struct cred;
struct mm_struct;
struct file;

struct file_operations {
	long (*read)(struct file *, char *, size_t, s64 *);
	long (*write)(struct file *, const char *, size_t, s64 *);
	int (*open)(void *, struct file *);
	int (*release)(void *, struct file *);
	unsigned int (*poll)(struct file *, void *);
};

struct file {
	struct list_head f_list;
	const struct file_operations *f_op;
	atomic64_t f_count;
	unsigned int f_flags;
	unsigned int f_mode : 4, f_pos_lock : 1, f_unused : 27;
	s64 f_pos;
	void *private_data;
};

struct files_struct {
	atomic_t count;
	int next_fd;
	struct file *fd_array[64];
};

union sigval {
	int sival_int;
	void *sival_ptr;
};

struct siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		int _pad[28];
		struct {
			pid_t_ pid;
			u32 uid;
		} kill;
		struct {
			void *addr;
			short addr_lsb;
		} fault;
	} fields;
};

typedef void (*sighandler_t)(int);

struct sigaction {
	sighandler_t sa_handler;
	unsigned long sa_flags;
	void (*sa_restorer)(void);
	u64 sa_mask;
};

struct sighand_struct {
	struct refcount count;
	struct sigaction action[64];
};

struct task_struct {
	volatile long state;
	void *stack;
	struct refcount usage;
	unsigned int flags;
	int on_cpu;
	int prio, static_prio, normal_prio;
	enum task_state tstate;
	enum sched_prio sprio;
	struct sched_entity se;
	struct list_head tasks;
	struct mm_struct *mm;
	pid_t_ pid;
	pid_t_ tgid;
	struct task_struct *real_parent;
	struct task_struct *parent;
	struct list_head children;
	struct hlist_node pid_links[4];
	const struct cred *cred;
	char comm[16];
	struct files_struct *files;
	struct sighand_struct *sighand;
	struct timespec64 start_time;
	u8 in_execve : 1, in_iowait : 1, no_cgroup_migration : 1;
	bool_ exiting;
	float load_avg;
	double util;
	u64 cap_effective;
	enum cap_mask caps;
	enum small_enum small;
	struct {
		u32 a;
		u16 b;
	} anon_inner;
	char tail[];
};

struct cred {
	atomic_t usage;
	u32 uid, gid, euid, egid;
	u64 cap_permitted;
};

struct mm_struct {
	struct rb_node mm_rb;
	unsigned long mmap_base;
	unsigned long task_size;
	atomic_t mm_users;
	atomic_t mm_count;
	int map_count;
	struct task_struct *owner;
};

typedef int (*cmp_func_t)(const void *a, const void *b);

struct task_struct init_task;
struct cred init_cred;
struct mm_struct init_mm;
struct siginfo last_siginfo;
union sigval last_sigval;
const struct file_operations *default_fops;
cmp_func_t sort_cmp;
static int static_counter;
const char *const restrict_names[] = { "a", "b" };

int wake_up_process(struct task_struct *p, enum task_state state, unsigned long flags,
		    const struct cred *c, u64 mask)
{
	p->tstate = state;
	p->flags = (unsigned int)flags;
	p->cred = c;
	p->cap_effective = mask;
	return ++static_counter;
}

long do_sys_read(struct file *f, char *buf, size_t count)
{
	s64 pos = f->f_pos;

	return f->f_op->read(f, buf, count, &pos);
}
