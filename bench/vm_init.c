// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * vm_init.c - the whole userland of bench/vm_agreement.sh's virtual
 * machine: the init (pid 1) of an initramfs that holds it and a corpus of
 * blobs (/corpus).  It loads every blob with BPF_BTF_LOAD into the kernel
 * it runs on, prints the verdicts on the serial console in the format of
 * tests/btf_corpus record's verdicts.txt (each line after "V "), and
 * powers the machine off.  Linked statically with tests/bpfload.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bpfload.h"

static char log_buf[1 << 20];

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The whole file, or NULL. */
static void *slurp(const char *path, size_t *len)
{
	struct stat st;
	void *p = NULL;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (!fstat(fd, &st) && (p = malloc(st.st_size ? (size_t)st.st_size : 1)) &&
	    read(fd, p, (size_t)st.st_size) != st.st_size) {
		free(p);
		p = NULL;
	}
	*len = (size_t)st.st_size;
	close(fd);
	return p;
}

static void load_all(FILE *out)
{
	char **names = NULL, path[512], reason[256];
	size_t n = 0, i, len;
	struct dirent *e;
	DIR *d = opendir("/corpus");
	void *blob;
	int err;

	if (!d) {
		fprintf(out, "E no /corpus: %s\n", strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		char **p;

		if (e->d_name[0] == '.' || !strstr(e->d_name, ".btf"))
			continue;
		if (!(p = realloc(names, (n + 1) * sizeof(*names))) ||
		    !(p[n] = strdup(e->d_name))) {
			fprintf(out, "E out of memory\n");
			return;
		}
		names = p;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/corpus/%s", names[i]);
		if (!(blob = slurp(path, &len))) {
			fprintf(out, "E %s: cannot read\n", names[i]);
			continue;
		}
		err = -bl_load(blob, len, log_buf, sizeof(log_buf));
		free(blob);
		if (!err) {
			fprintf(out, "V %s ACCEPT 0 -\n", names[i]);
			continue;
		}
		bl_reason(log_buf, reason, sizeof(reason));
		fprintf(out, "V %s REJECT %s %s\n", names[i], bl_errno_name(err), reason);
	}
	fprintf(out, "E done: %zu blobs\n", n);
}

int main(void)
{
	struct utsname u;
	FILE *out;

	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	out = fopen("/dev/ttyS0", "w");
	if (!out)
		out = stdout;
	setvbuf(out, NULL, _IOFBF, 1 << 16);
	uname(&u);
	fprintf(out, "V # kernel %s\n", u.release);
	load_all(out);
	fflush(out);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
