// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* error.c - messages on the object, static text for codes, opts checks. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

int btfx__err(struct btfx *btf, int err, const char *fmt, ...)
{
	va_list ap;

	if (btf) {
		va_start(ap, fmt);
		vsnprintf(btf->errmsg, sizeof(btf->errmsg), fmt, ap);
		va_end(ap);
	}
	return err;
}

void btfx__clear_err(struct btfx *btf)
{
	btf->errmsg[0] = '\0';
}

const char *btfx_errmsg(const struct btfx *btf)
{
	return btf ? btf->errmsg : "";
}

/* One line per code libbtfx returns: its own, and those of the sinks' system calls. */
static const struct {
	int err;
	const char *text;
} err_texts[] = {
	{ 0, "success" },
	{ EINVAL, "invalid argument" },
	{ EBADMSG, "malformed BTF" },
	{ E2BIG, "a limit of the BTF format would be exceeded" },
	{ ENOENT, "not found" },
	{ EEXIST, "conflicting duplicate" },
	{ ENOTSUP, "unsupported kind or feature" },
	{ ENOMEM, "out of memory" },
	{ ENOSPC, "buffer too small, or no space left on the device" },
	{ EIO, "input/output error" },
	{ EACCES, "permission denied" },
	{ EPERM, "operation not permitted" },
	{ EPIPE, "broken pipe: the reader has gone" },
	{ ESPIPE, "output not seekable" },
	{ EFBIG, "file too large" },
	{ EDQUOT, "disk quota exceeded" },
	{ EROFS, "read-only file system" },
	{ EISDIR, "is a directory" },
	{ ENOTDIR, "not a directory" },
	{ ENAMETOOLONG, "file name too long" },
	{ ELOOP, "too many levels of symbolic links" },
	{ EXDEV, "cross-device rename" },
	{ ETXTBSY, "text file busy" },
	{ EBUSY, "device or resource busy" },
	{ EBADF, "bad file descriptor" },
	{ EMFILE, "too many open files" },
	{ ENFILE, "too many open files in system" },
	{ EAGAIN, "resource temporarily unavailable" },
	{ ENXIO, "no such device or address" },
	{ ECONNRESET, "connection reset by peer" },
};

const char *btfx_strerror(int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(err_texts) / sizeof(err_texts[0]); i++)
		if (err_texts[i].err == err)
			return err_texts[i].text;
	return "unknown error";
}

int btfx__opts_valid(const void *opts, size_t sz, size_t known)
{
	const unsigned char *p = opts;
	size_t i;

	if (!opts)
		return 0;
	if (sz < sizeof(size_t))
		return -EINVAL;
	for (i = known; i < sz; i++)
		if (p[i])
			return -EINVAL;
	return 0;
}

/*
 * Names as the kernel's verifier checks them (kernel/bpf/btf.c,
 * btf_name_valid_identifier() and btf_name_valid_section(), Linux 6.5 and
 * later).  Its ctype is Latin-1: bytes 0xc0-0xff but 0xd7 and 0xf7 are
 * letters, 0xa0-0xff are printable.  An identifier starts with a letter,
 * '_' or '.', and goes on with those or digits ("asan.module_ctor",
 * "foo.llvm.123"); a section name is any printable characters, space
 * included.  Both have at most KSYM_NAME_LEN (512) characters.
 */
#define BTFX_KSYM_NAME_LEN 512

enum {
	NAME_START = 1,	/* may start an identifier */
	NAME_CONT = 2,	/* may continue one */
	NAME_PRINT = 4,	/* may be in a section name */
};

#define C 0
#define P NAME_PRINT
#define D (NAME_CONT | NAME_PRINT)
#define L (NAME_START | NAME_CONT | NAME_PRINT)
static const unsigned char name_chars[256] = {
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, /* 0x00 */
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, /* 0x10 */
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, L, P, /* 0x20 */
	D, D, D, D, D, D, D, D, D, D, P, P, P, P, P, P, /* 0x30 */
	P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* 0x40 */
	L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, L, /* 0x50 */
	P, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* 0x60 */
	L, L, L, L, L, L, L, L, L, L, L, P, P, P, P, C, /* 0x70 */
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, /* 0x80 */
	C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, /* 0x90 */
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, /* 0xa0 */
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, /* 0xb0 */
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* 0xc0 */
	L, L, L, L, L, L, L, P, L, L, L, L, L, L, L, L, /* 0xd0 */
	L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* 0xe0 */
	L, L, L, L, L, L, L, P, L, L, L, L, L, L, L, L, /* 0xf0 */
};
#undef C
#undef P
#undef D
#undef L

/* Length of s if its first byte has class first and the rest class rest, else 0. */
static size_t name_len(const char *s, unsigned char first, unsigned char rest)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (!p || !(name_chars[p[0]] & first))
		return 0;
	/* NUL has no class: the scan stops at the end (the bound is checked after). */
	for (i = 1; name_chars[p[i]] & rest; i++)
		;
	return p[i] || i > BTFX_KSYM_NAME_LEN ? 0 : i;
}

/* strlen(s) if s is an identifier, else 0: the builders check and measure in one pass. */
size_t btfx__identifier_len(const char *s)
{
	return name_len(s, NAME_START, NAME_CONT);
}

int btfx__is_identifier(const char *s)
{
	return btfx__identifier_len(s) != 0;
}

int btfx__is_section_name(const char *s)
{
	return name_len(s, NAME_PRINT, NAME_PRINT) != 0;
}
