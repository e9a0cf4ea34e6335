// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * fuzz_dump_json.c - libFuzzer target for btfx_dump_json(): whatever the
 * reader accepts dumps, compact and pretty, to text that a small strict
 * JSON checker below accepts (RFC 8259 values, strings of well-formed UTF-8
 * with no raw control bytes), whose top level is {"types":[...]} with one
 * element per own type, and whose two forms hold the same number of
 * string, number and structural tokens.  Anything else aborts.
 *
 * fuzz/replay.c runs the same checks over fuzz/corpus/dump_json without
 * libFuzzer.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <btfx/btfx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct text {
	char *s;
	size_t len, cap;
};

static int collect(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;

	if (t->len + len > t->cap) {
		size_t cap = (t->len + len) * 2;
		char *p = realloc(t->s, cap);

		if (!p)
			return -ENOMEM;
		t->s = p;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, len);
	t->len += len;
	return 0;
}

/* A strict checker over [p, end): each function returns the end of what it read, or NULL. */
struct js {
	const unsigned char *end;
	unsigned long tokens;
	unsigned int depth;
};

static const unsigned char *ws(const struct js *j, const unsigned char *p)
{
	while (p < j->end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* Bytes of the well-formed UTF-8 sequence at p (*p >= 0x80), or 0. */
static size_t utf8(const struct js *j, const unsigned char *p)
{
	unsigned char c = *p, lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if ((size_t)(j->end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static const unsigned char *string(const struct js *j, const unsigned char *p)
{
	if (p >= j->end || *p++ != '"')
		return NULL;
	while (p < j->end && *p != '"') {
		size_t n = 1, i;

		if (*p < 0x20)
			return NULL;
		if (*p >= 0x80 && !(n = utf8(j, p)))
			return NULL;
		if (*p == '\\') {
			if (p + 1 >= j->end || !strchr("\"\\/bfnrtu", p[1]) || !p[1])
				return NULL;
			n = p[1] == 'u' ? 6 : 2;
			if ((size_t)(j->end - p) < n)
				return NULL;
			for (i = 2; i < n; i++)
				if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
					return NULL;
		}
		p += n;
	}
	return p < j->end ? p + 1 : NULL;
}

static const unsigned char *number(const struct js *j, const unsigned char *p)
{
	if (p < j->end && *p == '-')
		p++;
	if (p >= j->end || *p < '0' || *p > '9')
		return NULL;
	if (*p == '0')
		return p + 1;
	while (p < j->end && *p >= '0' && *p <= '9')
		p++;
	return p;
}

static const unsigned char *value(struct js *j, const unsigned char *p);

/* An object (close '}') or an array (close ']') after its opening byte. */
static const unsigned char *container(struct js *j, const unsigned char *p, char close)
{
	if (++j->depth > 64)
		return NULL;
	p = ws(j, p);
	if (p < j->end && *p == close)
		goto out;
	for (;;) {
		if (close == '}') {
			p = string(j, ws(j, p));
			p = p ? ws(j, p) : NULL;
			if (!p || p >= j->end || *p++ != ':')
				return NULL;
			j->tokens++;
		}
		p = value(j, p);
		if (!p || p >= j->end)
			return NULL;
		if (*p != ',')
			break;
		p++;
	}
	if (*p != close)
		return NULL;
out:
	j->depth--;
	return p + 1;
}

static const unsigned char *value(struct js *j, const unsigned char *p)
{
	p = ws(j, p);
	if (p >= j->end)
		return NULL;
	j->tokens++;
	if (*p == '{' || *p == '[')
		p = container(j, p + 1, *p == '{' ? '}' : ']');
	else if (*p == '"')
		p = string(j, p);
	else
		p = number(j, p);
	return p ? ws(j, p) : NULL;
}

/* Valid JSON of the expected shape: the number of tokens it holds. */
static unsigned long check_json(const struct text *t, uint32_t types)
{
	static const char compact[] = "{\"types\":[", pretty[] = "{\n    \"types\": [";
	struct js j = { (const unsigned char *)t->s + t->len, 0, 0 };
	const unsigned char *p = (const unsigned char *)t->s;

	if (!t->len || t->s[0] != '{' || t->s[t->len - 1] != '\n' || value(&j, p) != j.end ||
	    (strncmp(t->s, compact, sizeof(compact) - 1) &&
	     strncmp(t->s, pretty, sizeof(pretty) - 1)))
		abort();
	/* {"types":[ ... ]} : each type object holds at least 7 tokens. */
	if (j.tokens < 3 + 7 * (unsigned long)types)
		abort();
	return j.tokens;
}

static unsigned long dump(const struct btfx *btf, uint32_t flags)
{
	struct btfx_dump_json_opts o = { .sz = sizeof(o), .flags = flags };
	struct text t = { NULL, 0, 0 };
	unsigned long n = 0;
	int err = btfx_dump_json(btf, collect, &t, &o);

	if (err && err != -ENOMEM)
		abort();
	if (!err)
		n = check_json(&t, btfx_type_cnt(btf) - btfx_start_id(btf));
	free(t.s);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btfx *btf = btfx_new();
	unsigned long a, b;

	if (!btf)
		return 0;
	if (!btfx_load(btf, data, size, NULL)) {
		a = dump(btf, 0);
		b = dump(btf, BTFX_DUMP_JSON_PRETTY);
		if (a && b && a != b)
			abort();
	}
	btfx_free(btf);
	return 0;
}
