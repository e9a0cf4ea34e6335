// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dump_c.c - types as a C header, the text of `bpftool btf dump file F
 * format c` (bpftool 7.1 over libbpf 1.1's btf_dump).
 *
 * Two passes per root type, as btf_dump does them.
 *
 * Ordering (order()) is a depth-first walk that queues every named
 * definition (struct, union, enum, typedef, fwd) after the definitions it
 * needs.  Each edge is weak or strong: weak when the path from the user to
 * the definition goes through a pointer and the definition is named (then a
 * forward declaration is enough), strong otherwise (the definition is
 * embedded, or anonymous and so written inline).  order() returns 1 for a
 * strong link, 0 for a weak one; a strong cycle cannot be written in C and
 * is -ELOOP.  Structs, unions, enums, typedefs, ints and pointers are
 * ordered once; modifiers, arrays and prototypes are walked from each user,
 * because whether they are weak depends on the path.
 *
 * Emission (emit_type()) writes the queue in order.  A struct met while
 * being written (through a pointer) gets a forward declaration, a typedef
 * met so is written early; both are written at most once.  Declarators
 * (emit_decl()) push the chain of modifiers, pointers, arrays and
 * prototypes down to a named or base type, then unwind it the C way:
 * qualifiers left of a base type but right of a '*', arrays and prototypes
 * around the name with parentheses where a pointer sits inside.
 *
 * Names: two different structs (unions, enums) of one name, or two
 * typedefs or enumerators of one name, get "___N" from the second on, in
 * the order they are first written; a FWD and an enum without values keep
 * their name.  Struct layouts are checked against natural alignment:
 * misaligned members or a size that is no multiple of the alignment mean
 * __attribute__((packed)); holes are filled with anonymous bitfields of
 * long, int, short or char.
 *
 * The input may be any blob the reader accepts, so every recursion counts
 * its depth and all work counts steps: a type loop or a blow-up ends with
 * -ELOOP instead of a crash or a hang.
 */
#include "internal.h"
#include "hash.h"

#include "dump_c.h"

static const char TABS[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t";

/* ---- output ---- */

static void out_flush(struct cd *d)
{
	if (d->len && !d->out_err) {
		d->out_err = d->fn(d->ctx, d->buf, d->len);
		if (d->out_err && !d->err)
			d->err = d->out_err;
	}
	d->len = 0;
}

void btfx__cd_put(struct cd *d, const char *s, size_t n)
{
	if (n > CD_BUF_LEN - d->len)
		out_flush(d);
	if (d->out_err)
		return;
	if (n >= CD_BUF_LEN) {
		d->out_err = d->fn(d->ctx, s, n);
		if (d->out_err && !d->err)
			d->err = d->out_err;
		return;
	}
	memcpy(d->buf + d->len, s, n);
	d->len += n;
}

void btfx__cd_str(struct cd *d, const char *s)
{
	btfx__cd_put(d, s, strlen(s));
}

void btfx__cd_u64(struct cd *d, uint64_t v)
{
	char tmp[24];
	char *p = tmp + sizeof(tmp);

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	btfx__cd_put(d, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void out_i64(struct cd *d, int64_t v)
{
	if (v < 0) {
		btfx__cd_put(d, "-", 1);
		btfx__cd_u64(d, -(uint64_t)v);
	} else {
		btfx__cd_u64(d, (uint64_t)v);
	}
}

/* Indentation of level lvl, as btf_dump caps it. */
static void out_pfx(struct cd *d, int lvl)
{
	size_t n = sizeof(TABS) - 1;

	btfx__cd_put(d, TABS, (size_t)lvl < n ? (size_t)lvl : n);
}

/* ---- guards against loops and blow-ups ---- */

/* Enter a recursive step: 0, or 1 when the dump must stop. */
int btfx__cd_enter(struct cd *d)
{
	if (d->err)
		return 1;
	if (++d->steps > d->max_steps || d->depth >= CD_MAX_DEPTH) {
		d->err = -ELOOP;
		return 1;
	}
	d->depth++;
	return 0;
}

/* ---- records ---- */

static uint32_t ld32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

const struct btfx_type *btfx__cd_type(const struct cd *d, uint32_t id)
{
	static const struct btfx_type void_type;
	const struct btfx_type *t = id ? btfx_type_by_id(d->btf, id) : NULL;

	return t ? t : &void_type;
}

const char *btfx__cd_str_at(const struct cd *d, uint32_t off)
{
	const char *s = btfx_str_by_offset(d->btf, off);

	return s ? s : "";
}

/* The i-th 32-bit word after the record (info record, then elements). */
uint32_t btfx__cd_word(const struct btfx_type *t, size_t i)
{
	return ld32((const uint8_t *)(t + 1) + i * 4);
}

/* Element i's word w, past an info record of info_sz bytes. */
uint32_t btfx__cd_elem(const struct btfx_type *t, uint32_t i, uint32_t w)
{
	const struct btfx_kind_desc *k = &btfx__kinds[btfx_kind(t)];
	const uint8_t *p = (const uint8_t *)(t + 1) + k->info_sz;

	return ld32(p + (size_t)i * k->elem_sz + (size_t)w * 4);
}

/* Bitfield size of member i (0: not a bitfield). */
uint32_t btfx__cd_bitfield(const struct btfx_type *t, uint32_t i)
{
	return btfx_kflag(t) ? BTFX_MEMBER_BITFIELD_SIZE(btfx__cd_elem(t, i, 2)) : 0;
}

uint32_t btfx__cd_bit_offset(const struct btfx_type *t, uint32_t i)
{
	uint32_t off = btfx__cd_elem(t, i, 2);

	return btfx_kflag(t) ? BTFX_MEMBER_BIT_OFFSET(off) : off;
}

/* ---- alignment, as btf__align_of() finds it; memoized ---- */

static uint32_t align_composite(struct cd *d, const struct btfx_type *t)
{
	uint32_t i, vlen = btfx_vlen(t), max_align = 1;

	for (i = 0; i < vlen; i++) {
		uint32_t a = btfx__cd_align(d, btfx__cd_elem(t, i, 1));

		if (!a)
			return 0;
		if (a > max_align)
			max_align = a;
		/* a misaligned member: the struct is packed */
		if (!btfx__cd_bitfield(t, i) && btfx__cd_bit_offset(t, i) % (8 * a))
			return 1;
	}
	return t->size % max_align ? 1 : max_align;
}

static uint32_t align_of(struct cd *d, const struct btfx_type *t)
{
	switch (btfx_kind(t)) {
	case BTFX_KIND_INT:
	case BTFX_KIND_ENUM:
	case BTFX_KIND_ENUM64:
	case BTFX_KIND_FLOAT:
		return t->size < d->ptr_sz ? t->size : d->ptr_sz;
	case BTFX_KIND_PTR:
		return d->ptr_sz;
	case BTFX_KIND_TYPEDEF:
	case BTFX_KIND_VOLATILE:
	case BTFX_KIND_CONST:
	case BTFX_KIND_RESTRICT:
	case BTFX_KIND_TYPE_TAG:
		return btfx__cd_align(d, t->type);
	case BTFX_KIND_ARRAY:
		return btfx__cd_align(d, btfx__cd_word(t, 0));
	case BTFX_KIND_STRUCT:
	case BTFX_KIND_UNION:
		return align_composite(d, t);
	default:
		return 0;
	}
}

/* Alignment of a type in bytes; 0 when it has none (void, FWD, a loop). */
uint32_t btfx__cd_align(struct cd *d, uint32_t id)
{
	uint32_t a;

	if (!id || id >= d->nr)
		return 0;
	if (d->align[id] == CD_ALIGN_BUSY)
		return 0;
	if (d->align[id])
		return d->align[id] == CD_ALIGN_NONE ? 0 : d->align[id];
	if (btfx__cd_enter(d))
		return 0;
	d->align[id] = CD_ALIGN_BUSY;
	a = align_of(d, btfx__cd_type(d, id));
	d->align[id] = a && a < CD_ALIGN_BUSY ? (uint8_t)a : CD_ALIGN_NONE;
	d->depth--;
	return a < CD_ALIGN_BUSY ? a : 0;
}

/* ---- names ---- */

static int map_grow(struct cd *d, struct cd_map *m)
{
	size_t i, cap = m->cap ? m->cap * 2 : 256;
	struct cd_slot *s = btfx__mem_realloc_array(d->mem, NULL, cap, sizeof(*s));

	if (!s)
		return -ENOMEM;
	memset(s, 0, cap * sizeof(*s));
	for (i = 0; i < m->cap; i++) {
		size_t j = m->slots[i].hash & (cap - 1);

		if (!m->slots[i].key)
			continue;
		while (s[j].key)
			j = (j + 1) & (cap - 1);
		s[j] = m->slots[i];
	}
	btfx__mem_free(d->mem, m->slots);
	m->slots = s;
	m->cap = cap;
	return 0;
}

/* Count one more use of name in m; the count so far (1 on the first). */
static uint32_t name_dups(struct cd *d, struct cd_map *m, const char *name)
{
	size_t len = strlen(name), j;
	uint32_t h = btfx__str_hash(name, len);

	if ((m->cnt + 1) * 2 > m->cap && map_grow(d, m)) {
		d->err = -ENOMEM;
		return 1;
	}
	for (j = h & (m->cap - 1); m->slots[j].key; j = (j + 1) & (m->cap - 1)) {
		if (m->slots[j].hash == h && !strcmp(m->slots[j].key, name))
			return ++m->slots[j].cnt;
	}
	m->slots[j].key = name;
	m->slots[j].hash = h;
	m->slots[j].cnt = 1;
	m->cnt++;
	return 1;
}

static const char *cached_name(const struct cd *d, uint32_t id)
{
	return d->name_at[id] ? (const char *)d->names.data + d->name_at[id] - 1 : NULL;
}

/* "name___N" into the names arena for id. */
static void cache_name(struct cd *d, uint32_t id, const char *name, uint32_t n)
{
	char num[16];
	int k = snprintf(num, sizeof(num), "___%u", n);
	size_t at = d->names.len, len = strlen(name);

	if (at > UINT32_MAX - len - 64 || btfx__buf_append(&d->names, name, len) ||
	    btfx__buf_append(&d->names, num, (size_t)k + 1)) {
		d->err = -ENOMEM;
		return;
	}
	d->name_at[id] = (uint32_t)at + 1;
}

static const char *resolve_name(struct cd *d, uint32_t id, struct cd_map *m)
{
	const struct btfx_type *t = btfx__cd_type(d, id);
	const char *name = btfx__cd_str_at(d, t->name_off);
	uint32_t n;

	if (!t->name_off)
		return "";
	if (d->st[id] & CD_NAME_RESOLVED) {
		const char *c = cached_name(d, id);

		return c ? c : name;
	}
	d->st[id] |= CD_NAME_RESOLVED;
	if (btfx_kind(t) == BTFX_KIND_FWD || (btfx_kind(t) == BTFX_KIND_ENUM && !btfx_vlen(t)))
		return name;
	n = name_dups(d, m, name);
	if (n > 1)
		cache_name(d, id, name, n);
	return cached_name(d, id) ? cached_name(d, id) : name;
}

/* The name of a struct, union, enum or fwd as written. */
const char *btfx__cd_type_name(struct cd *d, uint32_t id)
{
	return resolve_name(d, id, &d->type_names);
}

/* The name of a typedef as written. */
const char *btfx__cd_ident_name(struct cd *d, uint32_t id)
{
	return resolve_name(d, id, &d->ident_names);
}

/* An enumerator; n > 1: written with "___n". */
static uint32_t enumerator_dups(struct cd *d, const char *name)
{
	return name_dups(d, &d->ident_names, name);
}

/* ---- definitions ---- */

void btfx__cd_struct_fwd(struct cd *d, uint32_t id, const struct btfx_type *t)
{
	btfx__cd_str(d, btfx_kind(t) == BTFX_KIND_STRUCT ? "struct" : "union");
	if (t->name_off)
		btfx__cd_put(d, " ", 1);
	btfx__cd_str(d, btfx__cd_type_name(d, id));
}

void btfx__cd_fwd_def(struct cd *d, uint32_t id, const struct btfx_type *t)
{
	btfx__cd_str(d, btfx_kflag(t) ? "union " : "struct ");
	btfx__cd_str(d, btfx__cd_type_name(d, id));
}

static int is_packed(struct cd *d, const struct btfx_type *t)
{
	uint32_t i, vlen = btfx_vlen(t), max_align = 1;

	for (i = 0; i < vlen; i++) {
		uint32_t a = btfx__cd_align(d, btfx__cd_elem(t, i, 1));

		if (a && !btfx__cd_bitfield(t, i) && btfx__cd_bit_offset(t, i) % (8 * a))
			return 1;
		if (a > max_align)
			max_align = a;
	}
	return t->size % max_align != 0;
}

static void pad_line(struct cd *d, const char *type, int64_t bits, int lvl)
{
	btfx__cd_put(d, "\n", 1);
	out_pfx(d, lvl);
	btfx__cd_str(d, type);
	btfx__cd_put(d, ": ", 2);
	out_i64(d, bits);
	btfx__cd_put(d, ";", 1);
}

static int64_t round_up(int64_t v, int64_t to)
{
	return (v + to - 1) / to * to;
}

/* Holes of more bytes than this are one named array (see emit_padding()). */
#define BIG_HOLE_BYTES (64u << 10)

/*
 * A hole of more than BIG_HOLE_BYTES from a unit boundary: one
 * `char __btfx_pad_OFF[N];` (OFF its byte offset), so that the text stays
 * proportional to the input.  No compiler leaves such a hole (alignments
 * are at most a page); only hand-made or bad BTF has one, where a line per
 * long could be half a billion lines.  bpftool writes the lines.
 */
static int64_t big_hole(struct cd *d, int64_t cur, int64_t next, int lvl)
{
	int64_t bytes = (next - cur) / 8;

	btfx__cd_put(d, "\n", 1);
	out_pfx(d, lvl);
	btfx__cd_str(d, "char __btfx_pad_");
	out_i64(d, cur / 8);
	btfx__cd_put(d, "[", 1);
	out_i64(d, bytes);
	btfx__cd_put(d, "];", 2);
	return cur + bytes * 8;
}

/*
 * Fill the hole [cur, next) (bits) with anonymous bitfields: first up to
 * the largest boundary of long, int, short or char that fits (with an
 * explicit ": 0" where the compiler would not align there by itself), then
 * whole units (a very big hole: big_hole()), then the smallest type
 * covering the rest.
 */
static void emit_padding(struct cd *d, int64_t cur, int64_t next, int64_t next_align,
			 int in_bitfield, int lvl)
{
	const char *names[] = { "long", "int", "short", "char" };
	int64_t bits[] = { (int64_t)d->ptr_sz * 8, 32, 16, 8 };
	int64_t new_off = 0, pad_bits = 0, n;
	const char *pad_type = NULL;
	int i;

	if (cur >= next)
		return;
	if (next_align < 1)
		next_align = 1; /* a member of no alignment (void, FWD): bad BTF */
	for (i = 0; i < 4; i++) {
		pad_bits = bits[i];
		pad_type = names[i];
		new_off = round_up(cur, pad_bits);
		if (new_off <= next)
			break;
	}
	if (new_off > cur && new_off <= next) {
		if (in_bitfield ||
		    (new_off == next && round_up(cur, next_align * 8) != new_off) ||
		    (new_off != next && next - new_off <= new_off - cur))
			pad_line(d, pad_type, in_bitfield ? new_off - cur : 0, lvl);
		cur = new_off;
	}
	if (next - cur > (int64_t)BIG_HOLE_BYTES * 8 && cur % 8 == 0)
		cur = big_hole(d, cur, next, lvl);
	while (cur != next && !d->err) {
		n = next - cur < pad_bits ? next - cur : pad_bits;
		if (n == pad_bits) {
			pad_line(d, pad_type, pad_bits, lvl);
			cur += n;
			continue;
		}
		for (i = 3; i >= 0; i--) {
			if (bits[i] < n)
				continue;
			pad_line(d, names[i], n, lvl);
			cur += n;
			break;
		}
	}
}

void btfx__cd_struct_def(struct cd *d, uint32_t id, const struct btfx_type *t, int lvl)
{
	int is_struct = btfx_kind(t) == BTFX_KIND_STRUCT, packed, prev_bf = 0;
	uint32_t i, vlen = btfx_vlen(t), align = btfx__cd_align(d, id);
	int64_t off = 0;

	packed = is_struct ? is_packed(d, t) : 0;
	btfx__cd_struct_fwd(d, id, t);
	btfx__cd_str(d, " {");
	for (i = 0; i < vlen && !d->err; i++) {
		uint32_t type = btfx__cd_elem(t, i, 1), bf = btfx__cd_bitfield(t, i);
		int64_t m_off = btfx__cd_bit_offset(t, i);
		uint32_t m_align = packed ? 1 : btfx__cd_align(d, type);
		uint64_t sz;

		emit_padding(d, off, m_off, m_align, prev_bf && bf, lvl + 1);
		btfx__cd_put(d, "\n", 1);
		out_pfx(d, lvl + 1);
		btfx__cd_decl(d, type, btfx__cd_str_at(d, btfx__cd_elem(t, i, 0)), lvl + 1);
		if (bf) {
			btfx__cd_str(d, ": ");
			btfx__cd_u64(d, bf);
			off = m_off + bf;
			prev_bf = 1;
		} else {
			if (btfx_resolve_size(d->btf, type, &sz) || sz > INT32_MAX)
				sz = 0;
			off = m_off + (int64_t)sz * 8;
			prev_bf = 0;
		}
		btfx__cd_put(d, ";", 1);
	}
	if (is_struct)
		emit_padding(d, off, (int64_t)t->size * 8, align, 0, lvl + 1);
	if (vlen || t->size) {
		btfx__cd_put(d, "\n", 1);
		out_pfx(d, lvl);
	}
	btfx__cd_put(d, "}", 1);
	if (packed)
		btfx__cd_str(d, " __attribute__((packed))");
}

static void enum_value(struct cd *d, const char *name, uint32_t dups, int lvl)
{
	btfx__cd_put(d, "\n", 1);
	out_pfx(d, lvl + 1);
	btfx__cd_str(d, name);
	if (dups > 1) {
		btfx__cd_str(d, "___");
		btfx__cd_u64(d, dups);
	}
	btfx__cd_str(d, " = ");
}

static void enum_values(struct cd *d, const struct btfx_type *t, int lvl)
{
	int is64 = btfx_kind(t) == BTFX_KIND_ENUM64, sign = btfx_kflag(t);
	uint32_t i, vlen = btfx_vlen(t);

	for (i = 0; i < vlen && !d->err; i++) {
		const char *name = btfx__cd_str_at(d, btfx__cd_elem(t, i, 0));
		uint64_t v = btfx__cd_elem(t, i, 1);

		enum_value(d, name, enumerator_dups(d, name), lvl);
		if (is64)
			v |= (uint64_t)btfx__cd_elem(t, i, 2) << 32;
		if (sign)
			out_i64(d, is64 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v);
		else
			btfx__cd_u64(d, v);
		if (is64)
			btfx__cd_str(d, sign ? "LL," : "ULL,");
		else
			btfx__cd_put(d, ",", 1);
	}
}

/* Whether an 8-byte enum needs mode(word) to get its size. */
static int needs_word_mode(const struct btfx_type *t)
{
	uint32_t i;

	if (btfx_kind(t) == BTFX_KIND_ENUM)
		return 1;
	for (i = 0; i < btfx_vlen(t); i++)
		if (btfx__cd_elem(t, i, 2))
			return 0;
	return 1;
}

void btfx__cd_enum_def(struct cd *d, uint32_t id, const struct btfx_type *t, int lvl)
{
	btfx__cd_str(d, t->name_off ? "enum " : "enum");
	btfx__cd_str(d, btfx__cd_type_name(d, id));
	if (!btfx_vlen(t))
		return;
	btfx__cd_str(d, " {");
	enum_values(d, t, lvl);
	btfx__cd_put(d, "\n", 1);
	out_pfx(d, lvl);
	btfx__cd_put(d, "}", 1);
	if (t->size == 1)
		btfx__cd_str(d, " __attribute__((mode(byte)))");
	else if (t->size == 8 && d->ptr_sz == 8 && needs_word_mode(t))
		btfx__cd_str(d, " __attribute__((mode(word)))");
}

static int is_name(const struct cd *d, const struct btfx_type *t, const char *name)
{
	return t->name_off && !strcmp(btfx__cd_str_at(d, t->name_off), name);
}

/* __builtin_va_list is the compiler's own: never defined. */
int btfx__cd_blacklisted(const struct cd *d, uint32_t id)
{
	return is_name(d, btfx__cd_type(d, id), "__builtin_va_list");
}

void btfx__cd_typedef_def(struct cd *d, uint32_t id, const struct btfx_type *t, int lvl)
{
	const char *name = btfx__cd_ident_name(d, id);

	/* old GCCs make __gnuc_va_list a typedef of void */
	if (!t->type && !strcmp(name, "__gnuc_va_list")) {
		btfx__cd_str(d, "typedef __builtin_va_list __gnuc_va_list");
		return;
	}
	btfx__cd_str(d, "typedef ");
	btfx__cd_decl(d, t->type, name, lvl);
}

/* GCC's ARM SIMD __PolyN_t base types, which other compilers lack. */
void btfx__cd_missing_alias(struct cd *d, uint32_t id)
{
	static const char *const alias[][2] = {
		{ "__Poly8_t", "unsigned char" },
		{ "__Poly16_t", "unsigned short" },
		{ "__Poly64_t", "unsigned long long" },
		{ "__Poly128_t", "unsigned __int128" },
	};
	const char *name = btfx__cd_type_name(d, id);
	size_t i;

	for (i = 0; i < sizeof(alias) / sizeof(alias[0]); i++) {
		if (strcmp(name, alias[i][0]))
			continue;
		btfx__cd_str(d, "typedef ");
		btfx__cd_str(d, alias[i][1]);
		btfx__cd_put(d, " ", 1);
		btfx__cd_str(d, name);
		btfx__cd_str(d, ";\n\n");
		break;
	}
}

/* ---- the driver ---- */

static int cd_init(struct cd *d, const struct btfx *btf, const struct btfx_dump_c_opts *opts)
{
	memset(d, 0, offsetof(struct cd, buf));
	d->btf = btf;
	d->mem = &btf->mem;
	d->fn = opts->write;
	d->ctx = opts->ctx;
	d->nr = btfx_type_cnt(btf);
	d->ptr_sz = btfx_ptr_size(btf);
	d->max_steps = CD_MIN_STEPS + (uint64_t)d->nr * CD_STEPS_PER_TYPE;
	btfx__buf_init(&d->names, d->mem);
	btfx__buf_init(&d->stack, d->mem);
	btfx__buf_init(&d->queue, d->mem);
	d->st = btfx__mem_realloc_array(d->mem, NULL, d->nr, 1);
	d->align = btfx__mem_realloc_array(d->mem, NULL, d->nr, 1);
	d->name_at = btfx__mem_realloc_array(d->mem, NULL, d->nr, sizeof(*d->name_at));
	if (!d->st || !d->align || !d->name_at)
		return -ENOMEM;
	memset(d->st, 0, d->nr);
	memset(d->align, 0, d->nr);
	memset(d->name_at, 0, (size_t)d->nr * sizeof(*d->name_at));
	return 0;
}

static void cd_fini(struct cd *d)
{
	btfx__mem_free(d->mem, d->st);
	btfx__mem_free(d->mem, d->align);
	btfx__mem_free(d->mem, d->name_at);
	btfx__mem_free(d->mem, d->type_names.slots);
	btfx__mem_free(d->mem, d->ident_names.slots);
	btfx__buf_free(&d->names);
	btfx__buf_free(&d->stack);
	btfx__buf_free(&d->queue);
}

static void mark(struct cd *d, uint32_t id)
{
	if (id < d->nr)
		d->st[id] |= CD_REFERENCED;
}

/*
 * Mark types some other type refers to: an anonymous enum nobody refers to
 * is a top-level definition (of constants).  As btf_dump, a prototype's
 * return type does not count.
 */
static void mark_referenced(struct cd *d)
{
	uint32_t id, i;

	for (id = 1; id < d->nr; id++) {
		const struct btfx_type *t = btfx__cd_type(d, id);
		uint32_t vlen = btfx_vlen(t);

		switch (btfx_kind(t)) {
		case BTFX_KIND_VOLATILE:
		case BTFX_KIND_CONST:
		case BTFX_KIND_RESTRICT:
		case BTFX_KIND_PTR:
		case BTFX_KIND_TYPEDEF:
		case BTFX_KIND_FUNC:
		case BTFX_KIND_VAR:
		case BTFX_KIND_DECL_TAG:
		case BTFX_KIND_TYPE_TAG:
			mark(d, t->type);
			break;
		case BTFX_KIND_ARRAY:
			mark(d, btfx__cd_word(t, 1));
			mark(d, btfx__cd_word(t, 0));
			break;
		case BTFX_KIND_STRUCT:
		case BTFX_KIND_UNION:
			for (i = 0; i < vlen; i++)
				mark(d, btfx__cd_elem(t, i, 1));
			break;
		case BTFX_KIND_FUNC_PROTO:
			for (i = 0; i < vlen; i++)
				mark(d, btfx__cd_elem(t, i, 1));
			break;
		case BTFX_KIND_DATASEC:
			for (i = 0; i < vlen; i++)
				mark(d, btfx__cd_elem(t, i, 0));
			break;
		default:
			break;
		}
	}
}

static void header(struct cd *d, uint32_t flags)
{
	if (!(flags & BTFX_DUMP_C_NO_GUARD))
		btfx__cd_str(d, "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n");
	if (!(flags & BTFX_DUMP_C_NO_PRESERVE))
		btfx__cd_str(d, "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
				"#pragma clang attribute push (__attribute__((preserve_access_index)), "
				"apply_to = record)\n#endif\n\n");
}

static void footer(struct cd *d, uint32_t flags)
{
	if (!(flags & BTFX_DUMP_C_NO_PRESERVE))
		btfx__cd_str(d, "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
				"#pragma clang attribute pop\n#endif\n\n");
	if (!(flags & BTFX_DUMP_C_NO_GUARD))
		btfx__cd_str(d, "#endif /* __VMLINUX_H__ */\n");
}

static int dump_roots(struct cd *d, const uint32_t *ids, size_t cnt)
{
	size_t i;
	int err;

	if (!cnt) {
		for (i = 1; i < d->nr; i++)
			if ((err = btfx__cd_dump_type(d, (uint32_t)i)))
				return err;
		return 0;
	}
	for (i = 0; i < cnt; i++)
		if ((err = btfx__cd_dump_type(d, ids[i])))
			return err;
	return 0;
}

_Static_assert(sizeof(struct btfx_dump_c_opts) == sizeof(size_t) * 2 + sizeof(void *) * 3 + 8,
	       "btfx_dump_c_opts has no padding");

static int check_args(const struct btfx *btf, const struct btfx_dump_c_opts *opts)
{
	struct btfx *e = (struct btfx *)(uintptr_t)btf;
	const uint32_t *ids = BTFX_OPTS_GET(opts, ids, NULL);
	size_t i, cnt = BTFX_OPTS_GET(opts, ids_cnt, 0);
	uint32_t flags = BTFX_OPTS_GET(opts, flags, 0);

	if (btfx__opts_valid(opts, opts->sz, sizeof(*opts)) || !BTFX_OPTS_HAS(opts, ctx))
		return btfx__err(e, -EINVAL, "C dump: bad opts size or unknown fields set");
	if (!opts->write)
		return btfx__err(e, -EINVAL, "C dump: no write callback");
	if ((flags & ~(uint32_t)(BTFX_DUMP_C_NO_GUARD | BTFX_DUMP_C_NO_PRESERVE)) ||
	    BTFX_OPTS_GET(opts, reserved, 0))
		return btfx__err(e, -EINVAL, "C dump: unknown flags 0x%x", flags);
	if (cnt && !ids)
		return btfx__err(e, -EINVAL, "C dump: ids_cnt %zu without ids", cnt);
	for (i = 0; i < cnt; i++)
		if (!ids[i] || ids[i] >= btfx_type_cnt(btf))
			return btfx__err(e, -ENOENT, "C dump: no type [%u]", ids[i]);
	return 0;
}

static int report(struct btfx *e, const struct cd *d, int err)
{
	if (err == -ENOMEM)
		return btfx__err(e, err, "C dump: out of memory");
	if (err == -ELOOP)
		return btfx__err(e, err, "[%u] C dump: a type loop C cannot express, or too deep",
				 d->loop_id);
	if (err)
		return btfx__err(e, err, "C dump: output failed");
	return 0;
}

int btfx_dump_c(const struct btfx *btf, const struct btfx_dump_c_opts *opts)
{
	struct btfx *e = (struct btfx *)(uintptr_t)btf;
	uint32_t flags;
	struct cd *d;
	int err;

	if (!btf || !opts)
		return btfx__err(e, -EINVAL, "C dump: no object or no opts");
	err = check_args(btf, opts);
	if (err)
		return err;
	flags = BTFX_OPTS_GET(opts, flags, 0);
	d = btfx__mem_alloc(&btf->mem, sizeof(*d));
	if (!d)
		return btfx__err(e, -ENOMEM, "C dump: out of memory");
	err = cd_init(d, btf, opts);
	if (!err) {
		mark_referenced(d);
		header(d, flags);
		err = dump_roots(d, BTFX_OPTS_GET(opts, ids, NULL), BTFX_OPTS_GET(opts, ids_cnt, 0));
		if (!err)
			footer(d, flags);
		out_flush(d);
		err = err ? err : d->err;
	}
	err = report(e, d, err);
	cd_fini(d);
	btfx__mem_free(&btf->mem, d);
	return err;
}
