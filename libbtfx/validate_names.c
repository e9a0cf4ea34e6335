// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * validate_names.c - which strings are good names (C identifiers by the
 * kernel's ctype, as the profile's classes in vctx.cclass say): one name
 * on its own, and one pass over the string section marking every string
 * that is one in vctx.ident_ok.
 */
#include <stdlib.h>
#include <string.h>

#include "validate.h"

/*
 * The kernel's btf_name_valid_identifier(): a first character, then
 * others up to the NUL, at most name_len of them in all.  No class has the
 * NUL, so the loop stops there (the section ends with one), four at a time.
 * Returns where the name's NUL is, or NULL when it is not a good name.
 */
static const unsigned char *ident_end(const struct vctx *v, const unsigned char *s)
{
	const uint8_t *c = v->cclass;
	const unsigned char *p = s + 1;

	if (!(c[s[0]] & VC_FIRST))
		return NULL;
	for (;;) {
		if (!(c[p[0]] & VC_REST))
			break;
		if (!(c[p[1]] & VC_REST)) {
			p += 1;
			break;
		}
		if (!(c[p[2]] & VC_REST)) {
			p += 2;
			break;
		}
		if (!(c[p[3]] & VC_REST)) {
			p += 3;
			break;
		}
		p += 4;
	}
	return !*p && (size_t)(p - s) <= v->prof->name_len ? p : NULL;
}

static int ident_scan(const struct vctx *v, const unsigned char *s)
{
	return ident_end(v, s) != NULL;
}

int btfx__vname_scan(const struct vctx *v, uint32_t off)
{
	const unsigned char *s = (const unsigned char *)btfx__vstr(v, off);
	uint32_t o = off - v->start_str_off;
	int ok;

	if (!s)
		return 0;
	if (!(ok = ident_scan(v, s)) || off < v->start_str_off || o >= v->ident_len ||
	    !btfx__vname_off_ok(v, off))
		return ok;
	/* Remembered only with a valid offset: btfx__vname_known() says both. */
	v->ident_ok[o / 8] |= (uint8_t)(1u << (o % 8));
	return 1;
}

/*
 * ident_end() two bytes a step, for a string that is not the section's
 * last: two[w] says both bytes of the 16-bit word w may follow a name's
 * first character.  A step reads the byte after a character that may
 * follow, so at most the string's NUL and the byte after it, which is in
 * the section.
 */
static const unsigned char *ident_end2(const struct vctx *v, const uint8_t *two,
				       const unsigned char *s)
{
	const uint8_t *c = v->cclass;
	const unsigned char *p = s + 1;
	uint16_t w;

	if (!(c[s[0]] & VC_FIRST))
		return NULL;
	for (;;) {
		memcpy(&w, p, 2);
		if (!two[w])
			break;
		memcpy(&w, p + 2, 2);
		if (!two[w]) {
			p += 2;
			break;
		}
		p += 4;
	}
	p += (c[p[0]] & VC_REST) != 0;
	return !*p && (size_t)(p - s) <= v->prof->name_len ? p : NULL;
}

/* The table of ident_end2(), or NULL (no memory: one byte a step then). */
static uint8_t *pair_table(const struct vctx *v)
{
	uint8_t *two = malloc(65536), row[256];
	unsigned int a;

	if (!two)
		return NULL;
	for (a = 0; a < 256; a++)
		row[a] = (v->cclass[a] & VC_REST) != 0;
	for (a = 0; a < 256; a++)
		memcpy(two + 256 * a, row[a] ? row : (const uint8_t[256]){ 0 }, 256);
	return two;
}

/*
 * Mark every own string that starts after a NUL and is a good name, in one
 * pass over the section: nearly all of them are names, and this costs less
 * than finding each on first use.  A name elsewhere (inside a string) is
 * scanned when met.  The section ends with a NUL (checked before).
 */
void btfx__vmark_names(struct vctx *v)
{
	const unsigned char *s = (const unsigned char *)v->strs, *p, *q, *end, *last;
	uint32_t o, lim = v->ident_len;
	uint8_t *two;

	/* Offsets the kernel refuses are not marked (btfx__vname_off_ok()). */
	if (v->start_str_off > BTFX_MAX_NAME_OFFSET)
		return;
	if (lim > BTFX_MAX_NAME_OFFSET - v->start_str_off + 1)
		lim = BTFX_MAX_NAME_OFFSET - v->start_str_off + 1;
	end = s + lim;
	/* The last string is scanned a byte a step: nothing follows its NUL. */
	for (last = s + v->str_len - 1; last > s && last[-1]; last--)
		;
	two = v->str_len >= 4096 ? pair_table(v) : NULL;
	for (p = s; p < end; p = q + 1) {
		o = (uint32_t)(p - s);
		if ((q = two && p < last ? ident_end2(v, two, p) : ident_end(v, p)))
			v->ident_ok[o / 8] |= (uint8_t)(1u << (o % 8));
		else
			q = memchr(p, 0, v->str_len - o);
	}
	free(two);
}
