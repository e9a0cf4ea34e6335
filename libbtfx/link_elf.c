// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * link_elf.c - ELF objects into and out of the linker.
 *
 * In: the .BTF and .BTF.ext sections, each data section's size and
 * alignment from its header (the placement a linker computes), and from
 * the symbol table the offsets of the global variables (a compiler
 * leaves them 0 in the DATASEC, as libbpf's linker_fixup_btf() knows)
 * and which globals are weak, hidden, or functions of .text.  Out: a new
 * relocatable object holding the linked .BTF and .BTF.ext.
 */
#include <stdio.h>

#include "link.h"
#include "elf.h"

#define SHT_SYMTAB 2
#define STT_NOTYPE 0
#define STT_OBJECT 1
#define STT_FUNC 2
#define STB_GLOBAL 1
#define STB_WEAK 2
#define STV_INTERNAL 1
#define STV_HIDDEN 2
#define EM_BPF 247

struct elf_sym {
	uint32_t name;
	uint32_t shndx;
	uint32_t bind, type, vis;
	uint64_t value;
};

struct elf_in {
	struct btfx__elf e;
	const uint8_t *syms; /* the symbol table, checked to fit */
	size_t sym_cnt;
	const char *strs; /* its string table */
	size_t strs_len;
	char errbuf[BTFX_ERRMSG_MAX];
};

static void sym_get(const struct elf_in *x, size_t i, struct elf_sym *s)
{
	const struct btfx__elf *e = &x->e;
	uint8_t info;

	if (e->is64) {
		const uint8_t *p = x->syms + i * 24;
		uint64_t v;
		uint32_t n;
		uint16_t sh;

		memcpy(&n, p, 4);
		info = p[4];
		s->vis = p[5] & 3;
		memcpy(&sh, p + 6, 2);
		memcpy(&v, p + 8, 8);
		s->name = btfx__elf32(e, n);
		s->shndx = btfx__elf16(e, sh);
		s->value = btfx__elf64(e, v);
	} else {
		const uint8_t *p = x->syms + i * 16;
		uint32_t n, v;
		uint16_t sh;

		memcpy(&n, p, 4);
		memcpy(&v, p + 4, 4);
		info = p[12];
		s->vis = p[13] & 3;
		memcpy(&sh, p + 14, 2);
		s->name = btfx__elf32(e, n);
		s->shndx = btfx__elf16(e, sh);
		s->value = btfx__elf32(e, v);
	}
	s->bind = info >> 4;
	s->type = info & 0xf;
}

static const char *sym_name(const struct elf_in *x, const struct elf_sym *s)
{
	if (s->name >= x->strs_len || !memchr(x->strs + s->name, 0, x->strs_len - s->name))
		return NULL;
	return x->strs + s->name;
}

/* Locate the symbol table and its strings (none: no fixups). */
static int find_symtab(struct elf_in *x)
{
	struct btfx__shdr sh, st;
	size_t i, esz = x->e.is64 ? 24 : 16;

	for (i = 1; i < x->e.shnum; i++) {
		btfx__elf_shdr(&x->e, i, &sh);
		if (sh.type != SHT_SYMTAB)
			continue;
		if (!btfx__elf_fits(&x->e, sh.offset, sh.size) || sh.link >= x->e.shnum)
			return btfx__elf_err(&x->e, -EBADMSG, "symbol table past end of file");
		btfx__elf_shdr(&x->e, sh.link, &st);
		if (!btfx__elf_fits(&x->e, st.offset, st.size))
			return btfx__elf_err(&x->e, -EBADMSG, "symbol names past end of file");
		x->syms = x->e.data + sh.offset;
		x->sym_cnt = (size_t)sh.size / esz;
		x->strs = (const char *)x->e.data + st.offset;
		x->strs_len = (size_t)st.size;
		return 0;
	}
	return 0;
}

/* The index of the section called name, or 0. */
static size_t sec_index(struct elf_in *x, const char *name)
{
	struct btfx__shdr sh;
	size_t i;

	for (i = 1; i < x->e.shnum; i++) {
		btfx__elf_shdr(&x->e, i, &sh);
		if (btfx__elf_name_is(&x->e, i, &sh, name, strlen(name)) == 1)
			return i;
	}
	return 0;
}

/* The value of the OBJECT symbol name in section shndx, or -ENOENT. */
static int64_t sym_value(const struct elf_in *x, size_t shndx, const char *name)
{
	struct elf_sym s;
	const char *n;
	size_t i;

	for (i = 1; i < x->sym_cnt; i++) {
		sym_get(x, i, &s);
		if (s.shndx != shndx || s.type != STT_OBJECT || !(n = sym_name(x, &s)) ||
		    strcmp(n, name))
			continue;
		return s.value > UINT32_MAX ? -E2BIG : (int64_t)s.value;
	}
	return -ENOENT;
}

/* The global variables of one DATASEC at their symbols' offsets. */
static int fix_datasec(struct btfx_link *link, struct link_input *in, struct elf_in *x, uint32_t id)
{
	struct btfx_type *t = btfx__own_type(in->btf, id);
	struct btfx_var_secinfo *v = (struct btfx_var_secinfo *)(t + 1);
	const char *sec = btfx_str_by_offset(in->btf, t->name_off);
	size_t shndx = sec_index(x, sec);
	uint32_t j;

	for (j = 0; shndx && j < btfx_vlen(t); j++) {
		const struct btfx_type *vt = btfx_type_by_id(in->btf, v[j].type);
		const char *name = btfx_name_by_id(in->btf, v[j].type);
		int64_t val;

		if (!vt || btfx_kind(vt) != BTFX_KIND_VAR ||
		    ((const struct btfx_var *)(vt + 1))->linkage != BTFX_VAR_GLOBAL_ALLOCATED)
			continue;
		val = sym_value(x, shndx, name);
		if (val < 0)
			return btfx__link_err(link, val == -E2BIG ? -E2BIG : -ENOENT,
					      "%s: '%s': no symbol for the variable in section "
					      "'%s'", in->name, name, sec);
		v[j].offset = (uint32_t)val;
	}
	return 0;
}

/* The LSYM_* facts of a symbol (text: the index of .text, or 0). */
static uint32_t sym_facts(const struct elf_sym *s, size_t text)
{
	if (s->bind != STB_GLOBAL && s->bind != STB_WEAK)
		return 0;
	return (s->bind == STB_WEAK && s->shndx ? LSYM_WEAK : 0) |
	       (s->vis == STV_HIDDEN || s->vis == STV_INTERNAL ? LSYM_HIDDEN : 0) |
	       (s->type == STT_FUNC && text && s->shndx == text ? LSYM_TEXT_FUNC : 0) |
	       (s->shndx	      ? LSYM_DEFINED :
		s->type == STT_NOTYPE ? LSYM_EXTERN :
					0);
}

/* The LSYM_* facts of the inputs' symbols called name, together. */
static uint32_t sym_flags(const struct btfx_link *link, const char *name)
{
	uint32_t i, j, have = 0;

	for (i = 0; i < link->input_cnt; i++)
		for (j = 0; j < link->inputs[i].sym_cnt; j++)
			if (!strcmp(link->inputs[i].syms[j].name, name))
				have |= link->inputs[i].syms[j].flags;
	return have;
}

/*
 * Each extern symbol that no input defines must have BTF, as libbpf
 * finds it when it opens the linked object (find_extern_btf_id()): the
 * first VAR or FUNC of its name, with extern linkage.  Else libbpf refuses
 * the object.
 */
static int externs_have_btf(const struct btfx_link *link, struct btfx *btf)
{
	const struct link_input *in;
	const struct btfx_type *t;
	const char *name;
	uint32_t i, j;
	int var, func, id;

	for (i = 0; i < link->input_cnt; i++) {
		in = &link->inputs[i];
		for (j = 0; j < in->sym_cnt; j++) {
			name = in->syms[j].name;
			if (!(in->syms[j].flags & LSYM_EXTERN) || !name[0] ||
			    (sym_flags(link, name) & LSYM_DEFINED))
				continue;
			var = btfx_find_by_name_kind(btf, name, BTFX_KIND_VAR);
			func = btfx_find_by_name_kind(btf, name, BTFX_KIND_FUNC);
			id = var > 0 && (func <= 0 || var < func) ? var : func;
			if (id <= 0)
				return btfx__err(
					btf, -ENOENT,
					"prepare_load: %s: extern symbol '%.64s' has no BTF "
					"(no VAR or FUNC of its name): libbpf refuses the "
					"object (define it, or declare it extern with BTF)",
					in->name, name);
			t = btfx_type_by_id(btf, (uint32_t)id);
			if (btfx_kind(t) == BTFX_KIND_VAR ?
				    ((const struct btfx_var *)(t + 1))->linkage !=
					    BTFX_VAR_GLOBAL_EXTERN :
				    btfx_vlen(t) != BTFX_FUNC_EXTERN)
				return btfx__err(
					btf, -EINVAL,
					"prepare_load: %s: extern symbol '%.64s' has as BTF "
					"[%d], a %s that is not extern: libbpf refuses the "
					"object",
					in->name, name, id, btfx_kind_str(btfx_kind(t)));
		}
	}
	return 0;
}

/* btfx_sym_static_fn over the inputs' symbols (ctx: the link). */
static int sym_static(void *ctx, const char *name, int is_func)
{
	uint32_t want = LSYM_HIDDEN | (is_func ? LSYM_TEXT_FUNC : 0);

	return (sym_flags(ctx, name) & want) == want;
}

int btfx_link_prepare_load(struct btfx_link *link)
{
	struct btfx_prepare_load_opts o = { .sz = sizeof(o), .sym_static = sym_static, .ctx = link };
	struct btfx *btf = btfx_link_btf(link);
	int err;

	if (!btf)
		return -EINVAL;
	if ((err = externs_have_btf(link, btf)))
		return err;
	return btfx_prepare_load(btf, &o);
}

static int fixup(struct btfx_link *link, struct link_input *in, void *ctx)
{
	struct elf_in *x = ctx;
	uint32_t i, n = btfx_type_cnt(in->btf), flags;
	size_t text = sec_index(x, ".text");
	struct elf_sym s;
	const char *name;
	int err;

	if ((err = btfx__make_writable(in->btf)))
		return btfx__link_err(link, err, "link: out of memory");
	for (i = 1; i < n; i++)
		if (btfx_kind(btfx_type_by_id(in->btf, i)) == BTFX_KIND_DATASEC &&
		    (err = fix_datasec(link, in, x, i)))
			return err;
	for (i = 1; i < x->sym_cnt; i++) {
		struct link_sym *p;

		sym_get(x, i, &s);
		if (!(flags = sym_facts(&s, text)) || !(name = sym_name(x, &s)))
			continue;
		p = btfx__mem_realloc_array(&link->mem, in->syms, (size_t)in->sym_cnt + 1,
					    sizeof(*p));
		if (!p)
			return btfx__link_err(link, -ENOMEM, "link: out of memory");
		in->syms = p;
		if (!(p[in->sym_cnt].name = btfx__link_strdup(link, name)))
			return btfx__link_err(link, -ENOMEM, "link: out of memory");
		p[in->sym_cnt++].flags = flags;
	}
	return 0;
}

/* The bytes of the input's section name (NULL: none, empty or NOBITS). */
static const void *sec_bytes(void *ctx, const char *name, size_t *len)
{
	struct elf_in *x = ctx;
	size_t i = sec_index(x, name);
	struct btfx__shdr sh;

	if (!i)
		return NULL;
	btfx__elf_shdr(&x->e, i, &sh);
	if (sh.type != SHT_PROGBITS || !btfx__elf_fits(&x->e, sh.offset, sh.size))
		return NULL;
	*len = (size_t)sh.size;
	return x->e.data + sh.offset;
}

static int skip_section(struct elf_in *x, size_t i, const struct btfx__shdr *sh, const char **name)
{
	if (sh->type != SHT_PROGBITS && sh->type != SHT_NOBITS)
		return 1;
	if (sh->name >= x->e.strs_len ||
	    !memchr(x->e.strs + sh->name, 0, x->e.strs_len - sh->name))
		return btfx__elf_err(&x->e, -EBADMSG, "section %zu name out of range", i);
	*name = x->e.strs + sh->name;
	return !strcmp(*name, ".BTF") || !strcmp(*name, ".BTF.ext") ||
	       !strncmp(*name, ".debug_", 7);
}

/* The sections a linker places: sizes and alignments; opts' entries after. */
static int elf_secs(struct btfx_link *link, struct elf_in *x, const struct btfx_link_sec *extra,
		    uint32_t extra_cnt, struct btfx_link_sec **out, uint32_t *cnt)
{
	struct btfx_link_sec *v;
	struct btfx__shdr sh;
	const char *name = NULL;
	size_t i;
	uint32_t j, k;
	int r;

	v = btfx__mem_alloc(&link->mem, (x->e.shnum + extra_cnt + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	*out = v;
	for (i = 1, *cnt = 0; i < x->e.shnum; i++) {
		btfx__elf_shdr(&x->e, i, &sh);
		r = skip_section(x, i, &sh, &name);
		if (r < 0)
			return r;
		if (r)
			continue;
		memset(&v[*cnt], 0, sizeof(*v));
		v[*cnt].name = name;
		v[*cnt].size = sh.size;
		v[*cnt].align = sh.addralign;
		(*cnt)++;
	}
	for (j = 0; j < extra_cnt; j++) {
		for (k = 0; k < *cnt && extra[j].name && strcmp(v[k].name, extra[j].name); k++)
			;
		if (k == *cnt)
			(*cnt)++;
		v[k] = extra[j];
	}
	return 0;
}

static int elf_add(struct btfx_link *link, struct elf_in *x, struct link_src *src,
		   const struct btfx_link_input_opts *opts, void **owned)
{
	struct btfx_link_sec *secs = NULL;
	int err;

	err = btfx__elf_find_section(&link->mem, x->e.data, x->e.size, ".BTF", &src->btf,
				     &src->btf_len, &owned[0], x->errbuf, sizeof(x->errbuf));
	if (!err) {
		err = btfx__elf_find_section(&link->mem, x->e.data, x->e.size, ".BTF.ext",
					     &src->ext, &src->ext_len, &owned[1], x->errbuf,
					     sizeof(x->errbuf));
		err = err == -ENOENT ? 0 : err;
	}
	if (!err && !(err = btfx__elf_open(&x->e)) && !(err = btfx__elf_open_strs(&x->e)) &&
	    !(err = find_symtab(x)))
		err = elf_secs(link, x, BTFX_OPTS_GET(opts, secs, NULL),
			       BTFX_OPTS_GET(opts, sec_cnt, 0), &secs, &src->sec_cnt);
	if (err) {
		btfx__mem_free(&link->mem, secs);
		if (err == -ENOMEM)
			return btfx__link_err(link, err, "link: out of memory");
		return btfx__link_err(link, err, "%s: %s", src->name, x->errbuf);
	}
	src->secs = secs;
	src->fixup = fixup;
	src->fixup_ctx = x;
	src->sec_bytes = sec_bytes;
	err = btfx__link_add(link, src);
	btfx__mem_free(&link->mem, secs);
	return err;
}

int btfx_link_add_elf(struct btfx_link *link, const void *data, size_t len, const char *name,
		      const struct btfx_link_input_opts *opts)
{
	struct elf_in x = { .e = { .data = data, .size = len } };
	struct link_src src = { 0 };
	void *owned[2] = { NULL, NULL };
	int err;

	if (!link)
		return -EINVAL;
	if (link->state != LINK_OPEN)
		return btfx__link_err(link, -EINVAL, "link_add_elf: the link is %s",
				      link->state == LINK_DONE ? "finished" : "failed");
	if (!data || BTFX_OPTS_VALID(opts, struct btfx_link_input_opts) ||
	    BTFX_OPTS_GET(opts, flags, 0) || BTFX_OPTS_GET(opts, ext, NULL) ||
	    (BTFX_OPTS_GET(opts, sec_cnt, 0) && !BTFX_OPTS_GET(opts, secs, NULL)))
		return btfx__link_err(link, -EINVAL, "link_add_elf: bad argument or opts");
	x.e.errbuf = x.errbuf;
	x.e.errlen = sizeof(x.errbuf);
	src.name = name ? name : "(elf)";
	err = elf_add(link, &x, &src, opts, owned);
	btfx__mem_free(&link->mem, owned[0]);
	btfx__mem_free(&link->mem, owned[1]);
	return err;
}

static const char out_names[] = "\0.BTF\0.BTF.ext\0.shstrtab";
#define OUT_NAME_BTF 1
#define OUT_NAME_EXT 6
#define OUT_NAME_SHSTRTAB 15

static void put_shdr(uint8_t *p, uint32_t name, uint32_t type, uint64_t off, uint64_t size,
		     uint64_t align)
{
	struct elf64_shdr s = { 0 };

	s.sh_name = name;
	s.sh_type = type;
	s.sh_offset = off;
	s.sh_size = size;
	s.sh_addralign = align;
	memcpy(p, &s, sizeof(s));
}

/* The whole object in memory: header, .BTF, .BTF.ext, names, section headers. */
static int elf_image(struct btfx_link *link, const void *btf, size_t btf_len, uint16_t machine,
		     struct btfx_buf *img)
{
	const size_t ext_len = link->ext_out.len;
	const uint16_t shnum = ext_len ? 4 : 3;
	uint64_t ext_off = (sizeof(struct elf64_ehdr) + btf_len + 7) / 8 * 8;
	uint64_t names_off = ext_off + ext_len;
	uint64_t shoff = (names_off + sizeof(out_names) + 7) / 8 * 8;
	struct elf64_ehdr h = { { 0x7f, 'E', 'L', 'F', ELFCLASS64 } };
	uint8_t *p;
	int err;

	if ((err = btfx__buf_reserve(img, shoff + shnum * sizeof(struct elf64_shdr))))
		return err;
	p = btfx__buf_tail(img);
	memset(p, 0, shoff + shnum * sizeof(struct elf64_shdr));
	h.e_ident[EI_DATA] = btfx__host_big_endian() ? ELFDATA2MSB : ELFDATA2LSB;
	h.e_ident[EI_VERSION] = EV_CURRENT;
	h.e_type = ET_REL;
	h.e_machine = machine;
	h.e_version = EV_CURRENT;
	h.e_shoff = shoff;
	h.e_ehsize = sizeof(h);
	h.e_shentsize = sizeof(struct elf64_shdr);
	h.e_shnum = shnum;
	h.e_shstrndx = shnum - 1;
	memcpy(p, &h, sizeof(h));
	memcpy(p + sizeof(h), btf, btf_len);
	if (ext_len)
		memcpy(p + ext_off, link->ext_out.data, ext_len);
	memcpy(p + names_off, out_names, sizeof(out_names));
	p += shoff + sizeof(struct elf64_shdr);
	put_shdr(p, OUT_NAME_BTF, SHT_PROGBITS, sizeof(h), btf_len, 4);
	p += sizeof(struct elf64_shdr);
	if (ext_len) {
		put_shdr(p, OUT_NAME_EXT, SHT_PROGBITS, ext_off, ext_len, 4);
		p += sizeof(struct elf64_shdr);
	}
	put_shdr(p, OUT_NAME_SHSTRTAB, SHT_STRTAB, names_off, sizeof(out_names), 1);
	img->len = shoff + shnum * sizeof(struct elf64_shdr);
	return 0;
}

int btfx_link_write_elf(struct btfx_link *link, struct btfx_sink *sink,
			const struct btfx_elf_opts *opts)
{
	struct btfx_buf img;
	const void *btf;
	size_t btf_len;
	uint32_t machine;
	int err;

	if (!link)
		return -EINVAL;
	if (link->state != LINK_DONE || !sink || BTFX_OPTS_VALID(opts, struct btfx_elf_opts) ||
	    BTFX_OPTS_GET(opts, reserved, 0) || BTFX_OPTS_GET(opts, flags, 0) ||
	    BTFX_OPTS_GET(opts, endian, BTFX_ENDIAN_NATIVE) != BTFX_ENDIAN_NATIVE ||
	    BTFX_OPTS_GET(opts, machine, 0) > 0xffff)
		return btfx__link_err(link, -EINVAL, "link_write_elf: not finished or bad opts");
	machine = BTFX_OPTS_GET(opts, machine, 0);
	if ((err = btfx_raw_data(link->out, NULL, &btf, &btf_len)))
		return btfx__link_err(link, err, "link: %s", btfx_errmsg(link->out));
	btfx__buf_init(&img, &link->mem);
	err = elf_image(link, btf, btf_len, machine ? (uint16_t)machine : EM_BPF, &img);
	if (!err)
		err = btfx_sink_write(sink, img.data, img.len);
	btfx__buf_free(&img);
	if (err == -ENOMEM)
		return btfx__link_err(link, err, "link: out of memory");
	return err ? btfx__link_err(link, err, "%s", btfx_sink_errmsg(sink)) : 0;
}
