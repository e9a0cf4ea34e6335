// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * link_ext.c - .BTF.ext through the linker.  The section holds, after a
 * header (magic 0xeB9F, version 1, flags, hdr_len, then offset and length
 * pairs relative to the header's end: func_info, line_info and, when
 * hdr_len reaches 32, CO-RE relocations), one region per kind: a u32
 * record size, then blocks of { u32 section name (a .BTF string), u32
 * record count, records }.  Every field of every record is a u32, and the
 * leading ones are known: func_info { insn_off, type_id }, line_info
 * { insn_off, file_name_off, line_off, line_col }, CO-RE { insn_off,
 * type_id, access_str_off, kind }.  In an object file insn_off counts
 * bytes from the start of its section.
 *
 * Parsing checks every bound, count, type id and string offset, and keeps
 * a host-order copy (a file of the other byte order is swapped word by
 * word).  Emitting writes one block per section and kind, records of all
 * inputs in input order: instruction offsets moved by the input's part of
 * the section, type ids through the input's map, strings re-added to the
 * output object.  The output's record size per kind is the inputs'
 * (which must agree, as libbpf's linker requires).
 */
#include "link.h"

#define EXT_MAGIC 0xeB9F
#define EXT_HDR_MIN 24
#define EXT_HDR_LEN 32

static const uint32_t min_rec[EXT_KINDS] = { 8, 16, 16 };
static const char *const kind_name[EXT_KINDS] = { "func_info", "line_info", "CO-RE relocation" };

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static int bad(struct btfx_link *link, const struct link_input *in, const char *what)
{
	return btfx__link_err(link, -EBADMSG, "%s: .BTF.ext: %s", in->name, what);
}

/* Check one record's type ids and strings against the input's BTF. */
static int check_rec(struct btfx_link *link, const struct link_input *in, uint32_t kind,
		     const uint8_t *r)
{
	const struct btfx *btf = in->btf;

	if (kind != EXT_LINE && rd32(r + 4) >= btfx_type_cnt(btf))
		return bad(link, in, "a record's type id is out of range");
	if (kind == EXT_LINE && (!btfx_str_by_offset(btf, rd32(r + 4)) ||
				 !btfx_str_by_offset(btf, rd32(r + 8))))
		return bad(link, in, "a line_info string offset is out of range");
	if (kind == EXT_CORE && !btfx_str_by_offset(btf, rd32(r + 8)))
		return bad(link, in, "a CO-RE access string offset is out of range");
	return 0;
}

static int add_block(struct btfx_link *link, struct link_input *in, const struct ext_block *b)
{
	struct ext_block *p = btfx__mem_realloc_array(&link->mem, in->blocks,
						      (size_t)in->block_cnt + 1, sizeof(*p));
	const char *name = btfx_str_by_offset(in->btf, b->sec_name);
	uint32_t i;
	int err;

	if (!p)
		return btfx__link_err(link, -ENOMEM, "link: out of memory");
	in->blocks = p;
	if (!name || !*name)
		return bad(link, in, "a block's section name is out of range");
	for (i = 0; i < b->cnt; i++)
		if ((err = check_rec(link, in, b->kind, b->recs + (size_t)i * b->rec_size)))
			return err;
	if ((err = btfx__link_sec_get(link, name)) < 0)
		return err;
	in->blocks[in->block_cnt++] = *b;
	return 0;
}

/* The region of one kind: [p, p + len). */
static int parse_region(struct btfx_link *link, struct link_input *in, uint32_t kind,
			const uint8_t *p, uint32_t len)
{
	struct ext_block b = { .kind = kind };
	uint32_t pos = 4;
	int err;

	if (len < 4)
		return bad(link, in, "a region too short for its record size");
	b.rec_size = rd32(p);
	if (b.rec_size < min_rec[kind] || b.rec_size % 4)
		return bad(link, in, "a bad record size");
	while (pos < len) {
		if (len - pos < 8)
			return bad(link, in, "a truncated block header");
		b.sec_name = rd32(p + pos);
		b.cnt = rd32(p + pos + 4);
		pos += 8;
		if (!b.cnt || b.cnt > (len - pos) / b.rec_size)
			return bad(link, in, "a block's record count is 0 or past the region");
		b.recs = p + pos;
		pos += b.cnt * b.rec_size;
		if ((err = add_block(link, in, &b)))
			return err;
	}
	return 0;
}

int btfx__ext_parse(struct btfx_link *link, struct link_input *in, const void *data, size_t len)
{
	uint32_t hdr_len, k, i;
	uint8_t *e;
	int swap, err;

	if (len < 8 || len > UINT32_MAX)
		return bad(link, in, "too short for a header");
	e = btfx__mem_alloc(&link->mem, len);
	if (!e)
		return btfx__link_err(link, -ENOMEM, "link: out of memory");
	memcpy(e, data, len);
	in->ext = e;
	in->ext_len = len;
	if (!((e[0] == 0x9f && e[1] == 0xeb) || (e[0] == 0xeb && e[1] == 0x9f)) || e[2] != 1)
		return bad(link, in, "bad magic or version");
	swap = (e[0] == 0xeb) != btfx__host_big_endian();
	for (i = 4; swap && i + 4 <= len; i += 4) {
		uint32_t v = btfx__bswap32(rd32(e + i));

		memcpy(e + i, &v, 4);
	}
	hdr_len = rd32(e + 4);
	if (hdr_len < EXT_HDR_MIN || hdr_len > len || hdr_len % 4)
		return bad(link, in, "bad header length");
	for (k = 0; k < EXT_KINDS; k++) {
		uint32_t off, rlen;

		if (8 + 8 * k + 8 > hdr_len)
			break;
		off = rd32(e + 8 + 8 * k);
		rlen = rd32(e + 12 + 8 * k);
		if (!rlen)
			continue;
		if (off % 4 || off > len - hdr_len || rlen > len - hdr_len - off)
			return bad(link, in, "a region out of bounds");
		if ((err = parse_region(link, in, k, e + hdr_len + off, rlen)))
			return err;
	}
	return 0;
}

struct emit {
	struct btfx_link *link;
	struct btfx_buf *buf;
	uint32_t rec_size[EXT_KINDS];
	uint32_t len[EXT_KINDS];
};

static int put32(struct emit *m, uint32_t v)
{
	return btfx__buf_append(m->buf, &v, 4);
}

/* The record size of each kind, and the bytes of each region. */
static int emit_plan(struct emit *m)
{
	struct btfx_link *link = m->link;
	uint32_t k, b, s;

	for (k = 0; k < link->input_cnt; k++) {
		const struct link_input *in = &link->inputs[k];

		for (b = 0; b < in->block_cnt; b++) {
			const struct ext_block *bl = &in->blocks[b];

			if (m->rec_size[bl->kind] && m->rec_size[bl->kind] != bl->rec_size)
				return btfx__link_err(link, -EINVAL,
						      "%s: .BTF.ext: %s record size %u, other "
						      "inputs' %u", in->name, kind_name[bl->kind],
						      bl->rec_size, m->rec_size[bl->kind]);
			m->rec_size[bl->kind] = bl->rec_size;
		}
	}
	for (k = 0; k < EXT_KINDS; k++) {
		uint64_t n = 0;
		uint32_t i;

		for (s = 0; s < link->sec_cnt; s++) {
			uint64_t recs = 0;

			for (i = 0; i < link->input_cnt; i++)
				for (b = 0; b < link->inputs[i].block_cnt; b++) {
					const struct ext_block *bl = &link->inputs[i].blocks[b];

					if (bl->kind == k &&
					    !strcmp(btfx_str_by_offset(link->inputs[i].btf,
								       bl->sec_name),
						    link->secs[s].name))
						recs += bl->cnt;
				}
			if (recs)
				n += 8 + recs * m->rec_size[k];
		}
		if (n)
			n += 4;
		if (n > UINT32_MAX / 4)
			return btfx__link_err(link, -E2BIG, "link: .BTF.ext too big");
		m->len[k] = (uint32_t)n;
	}
	return 0;
}

/* One record, rewritten for the output. */
static int emit_rec(struct emit *m, const struct link_input *in, const struct ext_block *b,
		    const uint8_t *r, uint64_t move)
{
	uint32_t w[4];
	uint8_t *dst;
	int err, s1, s2 = 0;

	memcpy(w, r, sizeof(w));
	if (w[0] + move > UINT32_MAX)
		return btfx__link_err(m->link, -E2BIG, "%s: an instruction offset passes 4 GiB",
				      in->name);
	w[0] += (uint32_t)move;
	if (b->kind != EXT_LINE)
		w[1] = in->map[w[1]];
	if (b->kind == EXT_LINE) {
		s1 = btfx_add_str(m->link->out, btfx_str_by_offset(in->btf, w[1]));
		s2 = btfx_add_str(m->link->out, btfx_str_by_offset(in->btf, w[2]));
		w[1] = (uint32_t)s1;
		w[2] = (uint32_t)s2;
	} else {
		s1 = btfx_add_str(m->link->out, btfx_str_by_offset(in->btf, w[2]));
		w[2] = (uint32_t)s1;
	}
	if (s1 < 0 || s2 < 0)
		return btfx__link_err(m->link, s1 < 0 ? s1 : s2, "link: %s",
				      btfx_errmsg(m->link->out));
	if ((err = btfx__buf_reserve(m->buf, b->rec_size)))
		return btfx__link_err(m->link, err, "link: out of memory");
	dst = btfx__buf_tail(m->buf);
	memcpy(dst, r, b->rec_size);
	memcpy(dst, w, b->kind == EXT_FUNC ? 8 : 12);
	m->buf->len += b->rec_size;
	return 0;
}

/* The block of section s and kind k: records of every input. */
static int emit_block(struct emit *m, uint32_t k, uint32_t s)
{
	struct btfx_link *link = m->link;
	const char *name = link->secs[s].name;
	uint32_t i, b, j, cnt = 0;
	int off, err;

	for (i = 0; i < link->input_cnt; i++)
		for (b = 0; b < link->inputs[i].block_cnt; b++) {
			const struct ext_block *bl = &link->inputs[i].blocks[b];

			if (bl->kind == k &&
			    !strcmp(btfx_str_by_offset(link->inputs[i].btf, bl->sec_name), name))
				cnt += bl->cnt;
		}
	if (!cnt)
		return 0;
	off = btfx_add_str(link->out, name);
	if (off < 0)
		return btfx__link_err(link, off, "link: %s", btfx_errmsg(link->out));
	if ((err = put32(m, (uint32_t)off)) || (err = put32(m, cnt)))
		return btfx__link_err(link, err, "link: out of memory");
	for (i = 0; i < link->input_cnt; i++) {
		const struct link_input *in = &link->inputs[i];

		for (b = 0; b < in->block_cnt; b++) {
			const struct ext_block *bl = &in->blocks[b];
			uint64_t move = 0;
			uint32_t p;

			if (bl->kind != k || strcmp(btfx_str_by_offset(in->btf, bl->sec_name), name))
				continue;
			for (p = 0; p < in->part_cnt; p++)
				if (in->parts[p].sec == s && in->parts[p].placed)
					move = in->parts[p].off;
			for (j = 0; j < bl->cnt; j++)
				if ((err = emit_rec(m, in, bl, bl->recs + (size_t)j * bl->rec_size,
						    move)))
					return err;
		}
	}
	return 0;
}

int btfx__ext_emit(struct btfx_link *link)
{
	struct emit m = { link, &link->ext_out, { 0 }, { 0 } };
	uint32_t hdr[8], k, s;
	uint16_t magic = EXT_MAGIC;
	int err;

	if ((err = emit_plan(&m)))
		return err;
	if (!m.len[EXT_FUNC] && !m.len[EXT_LINE] && !m.len[EXT_CORE])
		return 0;
	memcpy(hdr, &magic, 2);
	((uint8_t *)hdr)[2] = 1;
	((uint8_t *)hdr)[3] = 0;
	hdr[1] = EXT_HDR_LEN;
	hdr[2] = 0;
	hdr[3] = m.len[EXT_FUNC];
	hdr[4] = m.len[EXT_FUNC];
	hdr[5] = m.len[EXT_LINE];
	hdr[6] = m.len[EXT_FUNC] + m.len[EXT_LINE];
	hdr[7] = m.len[EXT_CORE];
	if ((err = btfx__buf_append(m.buf, hdr, sizeof(hdr))))
		return btfx__link_err(link, err, "link: out of memory");
	for (k = 0; k < EXT_KINDS; k++) {
		if (!m.len[k])
			continue;
		if ((err = put32(&m, m.rec_size[k])))
			return btfx__link_err(link, err, "link: out of memory");
		for (s = 0; s < link->sec_cnt; s++)
			if ((err = emit_block(&m, k, s)))
				return err;
	}
	return 0;
}
