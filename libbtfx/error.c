// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* error.c - messages on the object, static text for codes, opts checks. */
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

const char *btfx_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "success";
	case EINVAL:
		return "invalid argument";
	case EBADMSG:
		return "malformed BTF";
	case E2BIG:
		return "a limit of the BTF format would be exceeded";
	case ENOENT:
		return "not found";
	case EEXIST:
		return "conflicting duplicate";
	case ENOTSUP:
		return "unsupported kind or feature";
	case ENOMEM:
		return "out of memory";
	case ENOSPC:
		return "buffer too small";
	case EIO:
		return "input/output error";
	case EACCES:
		return "permission denied";
	default:
		return "unknown error";
	}
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

/* 1: may start a C identifier, 2: may continue one. */
static const unsigned char ident_chars[256] = {
	['a' ... 'z'] = 3, ['A' ... 'Z'] = 3, ['_'] = 3, ['0' ... '9'] = 2,
};

int btfx__is_identifier(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (!p || !(ident_chars[p[0]] & 1))
		return 0;
	/* NUL is not an identifier char: the scan stops at the end. */
	for (i = 1; ident_chars[p[i]] & 2; i++)
		;
	/* The kernel's bound is KSYM_NAME_LEN (512) with the NUL. */
	return !p[i] && i < 512;
}

int btfx__is_section_name(const char *s)
{
	const char *p;

	if (!s || !*s)
		return 0;
	for (p = s; *p; p++) {
		if (*p <= ' ' || *p >= 0x7f)
			return 0;
		if (p - s >= 511)
			return 0;
	}
	return 1;
}
