/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * validate.h - the state shared by the three parts of the validator:
 * validate.c (entry points, profiles, header and string section),
 * validate_names.c (which strings are good names),
 * validate_meta.c (each record on its own: the kernel's check_meta pass)
 * and validate_resolve.c (references: the kernel's resolve pass, function
 * prototypes and type-tag chains).
 */
#ifndef BTFX_VALIDATE_H
#define BTFX_VALIDATE_H

#include <btfx/btfx.h>
#include <stdint.h>

#include "buf.h"
#include "types.h"

/* What differs between the kernels a blob is validated for (one row per target). */
struct btfx__vprof {
	const char *name;     /* as --target spells it */
	uint8_t era;	      /* BTFX__ERA_*: compared with the kind table's v_since, v_kflag */
	uint8_t layout;	      /* the header has layout_off/layout_len; a layout section */
	uint8_t func_resolve; /* FUNC is resolved in the resolve pass (else checked after) */
	uint8_t type_tags;    /* type-tag chain check (btf_check_type_tags) */
	uint8_t sec_print;    /* DATASEC names: any printable (else identifier chars and '.') */
	uint8_t ident_dot;    /* '.' is taken in identifiers (all: a 2023 fix, in every series) */
	uint8_t datasec_empty; /* a DATASEC may have no variables (not on 5.10) */
	uint8_t ret_src;       /* a prototype may return a VAR or DATASEC (a 2022 fix: 6.0 on) */
	uint8_t max_kind;     /* largest kind number the kernel knows */
	uint32_t hdr_size;    /* sizeof(struct btf_header): past it, bytes must be 0 */
	uint32_t info_mask;   /* bits of btf_type.info that may be set */
	uint32_t name_len;    /* KSYM_NAME_LEN: names must be shorter */
};

/* How many targets there are (BTFX_TARGET_*: 0 to the last). */
#define BTFX__NR_TARGETS (BTFX_TARGET_6_12 + 1)

/* Resolution state of a type, as the kernel's visit_states, plus BAD. */
enum { VS_NONE = 0, VS_VISITED, VS_RESOLVED, VS_BAD };

#define VMAX_DEPTH 32	      /* MAX_RESOLVE_DEPTH */
#define VMAX_TYPE 0x000fffffu /* BTF_MAX_TYPE */
#define VMAX_SIZE (16u << 20) /* BTF_MAX_SIZE */
#define VPTR_SIZE 8	      /* sizeof(void *) of a 64-bit kernel */

/*
 * What is known of an own type (vctx.known[VKN_*], a bit per type): set
 * once a check passed, for good.  Bitmaps of 16 KB for vmlinux, as dense
 * as can be for the random looks of 83k parameters and 56k FUNCs.
 */
enum {
	VKN_SIZED, /* a return or parameter type: not a source, resolved, sized */
	VKN_NAMED, /* a FUNC_PROTO whose parameters (but '...') all have names */
	VKN_NR,
};

/* Kind properties for the resolve pass (vctx.kprop), as the kernel's btf_type_is_*(). */
enum {
	VK_MOD = 1 << 0,    /* a modifier: TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG */
	VK_STRUCT = 1 << 1, /* STRUCT or UNION */
	VK_SIZED = 1 << 2,  /* its record holds a size */
	VK_NOSIZE = 1 << 3, /* void, FWD, FUNC, FUNC_PROTO, a kind only a layout knows */
	VK_SRC = 1 << 4,    /* only a source of references: VAR, DECL_TAG, DATASEC */
	VK_NEEDS = 1 << 5,  /* must be resolved */
};

/* Character classes of the kernel's ctype, for names (vctx.cclass). */
enum { VC_FIRST = 1, VC_REST = 2, VC_PRINT = 4, VC_SEC_FIRST = 8, VC_SEC_REST = 16 };

/* What the profile's kernel knows of a kind (vctx.vk): the kind table, for one target. */
struct vkind {
	uint8_t ok;	   /* the kernel knows the kind: its fields are checked */
	uint8_t info_sz;   /* as btfx_kind_desc */
	uint8_t elem_sz;   /* as btfx_kind_desc */
	uint8_t vlen0;	   /* vlen must be 0 */
	uint8_t kflag_ok;  /* kind_flag may be set */
	uint8_t vname;	   /* BTFX__VNAME_* */
	uint8_t qname;	   /* VQN_*: the names the record walk takes without a look */
	uint32_t bad_info; /* info bits that break a rule (the table's, the profile's mask) */
	/*
	 * What is left to check of a record that breaks no rule of the table:
	 * nothing when its type word is below type_lim (2^32: no field of its
	 * own, FUNC_PROTO, FUNC; VMAX_TYPE + 1: a type id, PTR, modifiers),
	 * else check_kind() (type_lim 0: the kind's own fields).
	 */
	uint64_t type_lim;
};

/*
 * The record walk's quick test of a record (vctx.vq), by its info word's
 * top byte (kind and kind_flag): an entry is one look.
 */
struct vquick {
	uint8_t qname;	   /* vkind.qname */
	uint8_t msz;	   /* vctx.msz to start with: VPTR_SIZE + 1 for a PTR, else 0 */
	uint8_t pad[2];
	uint32_t bad_info; /* vkind.bad_info */
	uint64_t type_lim; /* vkind.type_lim */
	/* The record's bits in the bitmaps the walk writes, as the top bit: */
	uint64_t mod;  /* vctx.mods: a modifier (VK_MOD) */
	uint64_t work; /* vctx.work: the resolve pass takes it at its turn */
};

/*
 * A record's size by its info word's top byte (vctx.vs): the walk finds
 * the next record from it, record after record, so it has a small table
 * of its own.
 */
struct vsize {
	uint8_t fixed;	 /* 12 + the kind's info_sz */
	uint8_t elem_sz; /* as btfx_kind_desc */
};

/*
 * The own names the record walk takes at once (vkind.qname, none for a
 * kind this kernel does not know), as bits numbered by what the name is:
 * 1 empty, 2 known good (btfx__vname_known()); 0, a name not known good,
 * goes to check_name().  (3, an empty name whose offset is marked, cannot
 * be: offset 0 is an own string's only in a section that must start with
 * a NUL, and bit 3 is clear.)
 */
enum {
	VQN_EMPTY = 1 << 1, /* name_off 0 */
	VQN_IDENT = 1 << 2, /* a name known good */
};

/*
 * An own type, as references look at it (vctx.ty): the resolve pass reads
 * these rather than the records of the types a type refers to.
 */
struct vty {
	/*
	 * btfx__vval(): a modifier's, PTR's, VAR's or FUNC's type id; an
	 * ARRAY's 0, then its resolved size once resolved.
	 */
	uint32_t val;
	uint8_t kind;  /* the record's kind */
	uint8_t state; /* VS_* */
	uint8_t memb;  /* the optimistic attempt: a struct's members' own fields were checked */
	uint8_t pad;
};

struct vframe {
	uint32_t id;
	uint32_t next; /* next member or secinfo to look at */
};

struct vctx {
	const struct btfx__vprof *prof;
	const struct btfx_allocator *mem; /* for the arrays below */
	const struct btfx *base; /* split BTF: the base, or NULL */
	uint32_t flags;
	int plain; /* no shortcut: every record and reference the general way (tests) */
	/*
	 * The optimistic attempt (btfx__validate_raw_fast()): the members of a
	 * struct are checked in the loop that resolves them, not in the record
	 * walk, so the kernel's order of problems is not kept; any problem ends
	 * the attempt (retry) without a word, and the blob is validated again
	 * the kernel's way.
	 */
	int fast;
	int retry;
	btfx_problem_fn report;
	void *cb_ctx;
	int count;    /* problems reported */
	int stop;     /* stop now: first problem, callback said so, or fatal */
	int err;      /* a negative errno (no memory) */
	uint32_t cur; /* type id of the check under way, for messages */

	/* The blob's own data. */
	const char *strs;
	uint32_t str_len;
	uint32_t start_id;	/* first own type id */
	uint32_t start_str_off; /* first own string offset */
	uint32_t base_str_len;	/* string bytes of the base chain */
	const uint8_t *types;	/* 4-byte aligned */
	uint8_t *types_copy;	/* the type section, when it was not aligned */
	uint32_t type_len;
	const uint8_t *layout; /* 2026 target: the layout section (4 bytes a kind), or NULL */
	uint32_t layout_cnt;

	/*
	 * Own types: where their records are, what member checks need of them
	 * (so that those need not read the records), the resolve pass's results.
	 * What a reference to a type looks at is in one 8-byte entry (ty): 16
	 * bytes a type in all, so that vmlinux's 128k types fit in the caches.
	 */
	struct vty *ty;
	uint32_t *off;		 /* the record's offset in types */
	uint32_t *rid;		 /* the resolved type id (written when the type is resolved) */
	uint64_t *mods;		 /* one bit per own type: a modifier (for the type-tag check) */
	/*
	 * One bit per own type the resolve pass has something to do with at
	 * its turn (what btfx__vcheck_types() goes through: not INT, ENUM,
	 * FWD...); the optimistic attempt leaves out the FUNCs, which it does
	 * in a loop of their own after the others.
	 */
	uint64_t *work;
	uint64_t *known[VKN_NR]; /* one bit per own type: a check passed (VKN_*) */
	/*
	 * The struct loops' quick member check, by own type (nr + 1 entries,
	 * the last always 0): a member of that type at a whole byte, not a
	 * bitfield, needs nothing but to end inside its struct, where it
	 * takes msz - 1 bytes; 0 when that is not known.  Set once a member
	 * of the type passed the full check, or when it is resolved, and
	 * nothing can change the answer; a PTR's from the walk on (a sink for
	 * a struct: 8 bytes, or it goes bad).  Cleared when the type goes bad
	 * (btfx__vset_bad()); all 0 for the plain way, which takes no shortcut.
	 */
	uint32_t *msz;
	uint32_t nr;

	uint8_t *ident_ok;  /* one bit per own string offset: a valid offset and an identifier */
	uint32_t ident_len; /* string offsets ident_ok covers: str_len, or 0 without it */
	uint8_t kprop[BTFX_MAX_KIND + 1];
	struct vkind vk[BTFX_MAX_KIND + 1];
	struct vquick vq[256];
	struct vsize vs[256];
	uint8_t cclass[256];

	struct vframe stack[VMAX_DEPTH];
	uint32_t top;
	int mode; /* RESOLVE_TBD, _PTR, _STRUCT_OR_ARRAY */
};

/* For the few small functions of the hottest loops, which the compiler would leave as calls. */
#define VINLINE static inline __attribute__((always_inline))

/* The hot loops' common way, for the compiler's placement of the code (as the kernel's likely()). */
#define VLIKELY(x) __builtin_expect(!!(x), 1)
#define VUNLIKELY(x) __builtin_expect(!!(x), 0)

/* Report a problem of type id (0: none); returns 1. */
int btfx__vreport(struct vctx *v, uint32_t id, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), cold));

/* Own type i failed: what refers to it fails silently, and no member takes it quickly. */
static inline void btfx__vset_bad(struct vctx *v, uint32_t i)
{
	v->ty[i].state = VS_BAD;
	v->msz[i] = 0;
}

/* The void type (id 0). */
extern const struct btfx_type btfx__vvoid;

static inline int btfx__vis_void(const struct btfx_type *t)
{
	return t == &btfx__vvoid;
}

/* The record of own type i (id start_id + i). */
static inline const struct btfx_type *btfx__vrec(const struct vctx *v, uint32_t i)
{
	return (const struct btfx_type *)(v->types + v->off[i]);
}

/* The type of id: own, the base's, the void type for 0; NULL past the last. */
static inline const struct btfx_type *btfx__vtype(const struct vctx *v, uint32_t id)
{
	if (id >= v->start_id)
		return id - v->start_id < v->nr ? btfx__vrec(v, id - v->start_id) : NULL;
	return id ? btfx_type_by_id(v->base, id) : &btfx__vvoid;
}

/*
 * What the checks of references need of a type's record, so that they
 * need not read it: an INT's encoding word, 0 for an ARRAY (its resolved
 * size, once resolved), else the size or type word (a FUNC's prototype).
 */
static inline uint32_t btfx__vval(const struct btfx_type *t)
{
	unsigned int k = btfx_kind(t);

	if (k == BTFX_KIND_INT)
		return *(const uint32_t *)(t + 1);
	return k == BTFX_KIND_ARRAY ? 0 : t->size;
}

/* Fill kprop, vk and cclass for the profile. */
void btfx__vinit_tables(struct vctx *v);

/* The string at off (own or the base's), or NULL when off is not valid. */
const char *btfx__vstr(const struct vctx *v, uint32_t off);

/* The kernel's btf_name_offset_valid(). */
static inline int btfx__vname_off_ok(const struct vctx *v, uint32_t off)
{
	return off <= BTFX_MAX_NAME_OFFSET &&
	       (uint64_t)off < (uint64_t)v->start_str_off + v->str_len;
}

/* btfx__vname_ident() the long way: scans the name and remembers a good one. */
int btfx__vname_scan(const struct vctx *v, uint32_t off);

/*
 * Mark the own strings that are good names in vctx.ident_ok (all clear
 * before): each string that starts the section or follows a NUL, at a
 * valid offset.  The section is not empty and ends with a NUL.  With AVX2
 * when the CPU has it, else SSE2 where the compiler targets it, else
 * btfx__vmark_names_plain(): a byte at a time, the reference.  All three
 * give the same marks.
 */
void btfx__vmark_names(struct vctx *v);
void btfx__vmark_names_plain(struct vctx *v);

/* The vector paths of the name pass, for the tests to take each. */
enum { BTFX__VISA_SSE2, BTFX__VISA_AVX2 };

/* btfx__vmark_names() by the path isa: 0 (nothing marked) when it cannot be taken. */
int btfx__vmark_names_isa(struct vctx *v, int isa);

/*
 * The classes (VC_FIRST, VC_REST) the path isa gives each byte value: they
 * must be cclass's.  Returns 0 (cls untouched) without that path, else 1.
 */
int btfx__vname_classes(const struct vctx *v, int isa, uint8_t cls[256]);

/* The name at off is known good: its offset is valid and it is an identifier. */
static inline int btfx__vname_known(const struct vctx *v, uint32_t off)
{
	uint32_t o = off - v->start_str_off;

	return o < v->ident_len && (v->ident_ok[o >> 3] >> (o & 7)) & 1;
}

/*
 * btfx__vname_known() without a branch, for where good names and empty
 * ones mix at random, on the memo's fields (a loop keeps them in locals):
 * memo is vctx.ident_ok (it must be there), len vctx.ident_len, o the
 * name's offset less vctx.start_str_off.  The memo's bit len is clear
 * (offsets from len on are not marked), so that is where o past it looks.
 */
static inline uint32_t btfx__vname_bit(const uint8_t *memo, uint32_t len, uint32_t o)
{
	o = o < len ? o : len;
	return memo[o / 8] >> (o % 8) & 1;
}

/*
 * A C identifier as the kernel takes it (isalpha/isalnum of its ctype).
 * Names repeat (vmlinux's member names thousands of times): each own
 * offset is scanned once, then found in the memo.
 */
static inline int btfx__vname_ident(const struct vctx *v, uint32_t off)
{
	return btfx__vname_known(v, off) || btfx__vname_scan(v, off);
}

/*
 * btfx_validate_raw() without its shortcuts (the quick record walk, the
 * quick resolutions, the SSE2 name pass): every record through check_one(),
 * every reference through resolve().  The same problems, in the same
 * order: the tests compare the two.
 */
int btfx__validate_raw_plain(const void *data, size_t len, const struct btfx_validate_opts *opts);

/*
 * btfx_validate_raw()'s first attempt, for tests: 0 when the blob is
 * valid (then the attempt is all btfx_validate_raw() does), 1 when it
 * found a problem (then it validates the kernel's way), or a negative
 * errno.  opts' report is not called.
 */
int btfx__validate_raw_fast(const void *data, size_t len, const struct btfx_validate_opts *opts);

/* The meta checks of a struct's or union's members (check_kind()'s): 1 when one broke a rule. */
int btfx__vcheck_members(struct vctx *v, uint32_t id, const struct btfx_type *t);

/* Walk the type section, checking each record: the kernel's btf_check_all_metas. */
int btfx__vcheck_metas(struct vctx *v);

/* Resolve every type, check prototypes and type-tag chains. */
int btfx__vcheck_types(struct vctx *v);

#endif /* BTFX_VALIDATE_H */
