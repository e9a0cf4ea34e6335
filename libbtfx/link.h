/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * link.h - what the linker's files share: link.c (inputs, globals,
 * the merged BTF), link_ext.c (.BTF.ext in and out) and link_elf.c (ELF
 * objects in and out).
 */
#ifndef BTFX_LINK_H
#define BTFX_LINK_H

#include "internal.h"

#define LINK_ERRMSG_MAX 320

/* The three kinds of .BTF.ext records, in the order of the format. */
enum { EXT_FUNC, EXT_LINE, EXT_CORE, EXT_KINDS };

/* One input's part of a section: where it lands and how big it is. */
struct link_part {
	uint32_t sec;    /* index into link->secs */
	uint32_t placed; /* 1: off is where it lands; 0: never placed (off 0) */
	uint32_t skipped; /* a later copy of a section kept once (link_keep_once()) */
	uint64_t off;
	uint64_t size;
};

/* A .BTF.ext info block of one input for one section, parsed and checked. */
struct ext_block {
	uint32_t kind;     /* EXT_* */
	uint32_t sec_name; /* string offset in the input's BTF */
	uint32_t rec_size;
	uint32_t cnt;
	const uint8_t *recs; /* into the input's host-order copy */
};

/* What the linker and the loader ask of an ELF input's global symbols. */
enum {
	LSYM_WEAK = 1 << 0,	 /* a weak definition */
	LSYM_HIDDEN = 1 << 1,	 /* hidden or internal visibility (a definition or not) */
	LSYM_TEXT_FUNC = 1 << 2, /* a function defined in .text: a subprogram */
	LSYM_DEFINED = 1 << 3,	 /* defined in a section (not undefined) */
	LSYM_EXTERN = 1 << 4,	 /* undefined and of no type: an extern, as libbpf sees one */
};

struct link_sym {
	char *name;
	uint32_t flags; /* LSYM_* */
};

struct link_input {
	char *name;
	struct btfx *btf;
	struct link_part *parts;
	uint32_t part_cnt;
	uint32_t sym_cnt;
	struct link_sym *syms; /* global ELF symbols with a LSYM_* fact (ELF inputs only) */
	uint8_t *ext; /* host-order copy of .BTF.ext, or NULL */
	size_t ext_len;
	struct ext_block *blocks;
	uint32_t block_cnt;
	int32_t *glob; /* per own type id: index into link->globs, -1, or GLOB_DROPPED */
	uint32_t *map; /* after finish: type id -> output id */
	uint32_t map_cnt;
};

/* A section name met in some input, in order of first appearance. */
struct link_sec {
	char *name;
	uint64_t end;   /* end of the parts placed so far */
	uint64_t align; /* largest alignment of a placed part */
	uint64_t unplaced_size; /* largest DATASEC size of an unplaced part */
	uint32_t has_datasec;
	uint32_t out_id; /* the merged DATASEC's id, during finish */
	uint32_t first;  /* the input whose part it is, for a section kept once */
	uint8_t *bytes;  /* and that part's contents when known (ELF), else NULL */
	size_t bytes_len;
};

/* in->glob[id]: a VAR of a skipped part, left out of the output (id maps to 0) */
#define GLOB_DROPPED (-2)

/* A VAR or FUNC name with external linkage. */
struct link_glob {
	char *name;
	uint32_t input; /* the representative: the definition, else the first extern */
	uint32_t id;
	uint32_t kind;
	uint32_t strength; /* 0 extern, 1 weak, 2 strong */
	uint32_t first_input, first_id; /* where the name was met first */
	uint32_t out_id;   /* during finish */
	uint32_t mark;     /* during finish: 1 + the section it is listed in */
	uint32_t pos;      /* and its secinfo's index there */
	uint32_t hash;     /* of name */
	uint32_t next;     /* 1 + the next global of its bucket, or 0 */
};

struct btfx_link {
	struct btfx_allocator mem;
	uint32_t flags;
	int state; /* LINK_OPEN, LINK_DONE, LINK_FAILED */
	struct link_input *inputs;
	uint32_t input_cnt;
	struct link_sec *secs;
	uint32_t sec_cnt;
	struct link_glob *globs;
	uint32_t glob_cnt;
	uint32_t *buckets; /* by name hash: 1 + the newest global, or 0 */
	uint32_t bucket_cnt; /* a power of 2, >= glob_cnt */
	struct btfx *out;
	struct btfx_buf ext_out;
	char errmsg[LINK_ERRMSG_MAX];
};

enum { LINK_OPEN, LINK_DONE, LINK_FAILED };

/* What an input brings besides its BTF (from opts or from an ELF object). */
struct link_src {
	const char *name;
	const void *btf;
	size_t btf_len;
	const void *ext;
	size_t ext_len;
	const struct btfx_link_sec *secs;
	uint32_t sec_cnt;
	/* ELF only: fix VAR offsets from the symbol table, list the symbols' facts */
	int (*fixup)(struct btfx_link *link, struct link_input *in, void *ctx);
	void *fixup_ctx;
	/* ELF only: the contents of section name (fixup_ctx), NULL if none */
	const void *(*sec_bytes)(void *ctx, const char *name, size_t *len);
};

int btfx__link_err(struct btfx_link *link, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int btfx__link_add(struct btfx_link *link, const struct link_src *src);
char *btfx__link_strdup(struct btfx_link *link, const char *s);
int btfx__link_sec_get(struct btfx_link *link, const char *name);
struct link_sec *btfx__link_sec(const struct btfx_link *link, const char *name, uint32_t *idx);
struct link_part *btfx__link_part(const struct link_input *in, uint32_t sec);

/* link_sym.c: resolve the input's globals (input is its index) */
int btfx__link_globals(struct btfx_link *link, struct link_input *in, uint32_t input);
int btfx__link_is_global(const struct btfx_type *t);

/* link_ext.c */
int btfx__ext_parse(struct btfx_link *link, struct link_input *in, const void *data, size_t len);
int btfx__ext_emit(struct btfx_link *link);

#endif /* BTFX_LINK_H */
