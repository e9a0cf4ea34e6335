// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpfload.c - BPF_BTF_LOAD of a raw blob (see bpfload.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpfload.h"

#define BPF_BTF_LOAD_CMD 18

/* The BPF_BTF_LOAD part of the bpf(2) attribute union. */
struct btf_load_attr {
	uint64_t btf;
	uint64_t btf_log_buf;
	uint32_t btf_size;
	uint32_t btf_log_size;
	uint32_t btf_log_level;
	uint32_t pad;
};

int bl_load(const void *blob, size_t len, char *log, size_t log_sz)
{
	if (log)
		log[0] = '\0';
#ifdef __NR_bpf
	{
		struct btf_load_attr attr;
		long fd;

		memset(&attr, 0, sizeof(attr));
		attr.btf = (uint64_t)(uintptr_t)blob;
		attr.btf_size = (uint32_t)len;
		if (log) {
			attr.btf_log_buf = (uint64_t)(uintptr_t)log;
			attr.btf_log_size = (uint32_t)log_sz;
			attr.btf_log_level = 1;
		}
		fd = syscall(__NR_bpf, BPF_BTF_LOAD_CMD, &attr, sizeof(attr));
		if (fd < 0 && errno == ENOSPC && log) {
			/* The log of a big blob overflowed: the verdict, without a log. */
			attr.btf_log_buf = 0;
			attr.btf_log_size = 0;
			attr.btf_log_level = 0;
			fd = syscall(__NR_bpf, BPF_BTF_LOAD_CMD, &attr, sizeof(attr));
		}
		if (fd < 0)
			return -errno;
		close((int)fd);
		return 0;
	}
#else
	(void)blob;
	(void)len;
	(void)log_sz;
	return -ENOSYS;
#endif
}

void bl_reason(const char *log, char *out, size_t sz)
{
	const char *end = log + strlen(log), *start;
	size_t i, n;

	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	start = end;
	while (start > log && start[-1] != '\n')
		start--;
	n = (size_t)(end - start);
	if (!n) {
		snprintf(out, sz, "-");
		return;
	}
	if (n > sz - 1)
		n = sz - 1;
	memcpy(out, start, n);
	out[n] = '\0';
	for (i = 0; i < n; i++)
		if ((unsigned char)out[i] < ' ' || (unsigned char)out[i] >= 0x7f)
			out[i] = ' ';
}

const char *bl_errno_name(int err)
{
	switch (err) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case E2BIG: return "E2BIG";
	case EFAULT: return "EFAULT";
	case ENOMEM: return "ENOMEM";
	case ENOSPC: return "ENOSPC";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOTSUP: return "ENOTSUP";
	default: return "EOTHER";
	}
}
