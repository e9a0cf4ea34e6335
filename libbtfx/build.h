/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* build.h - what the builders share with datasec.c. */
#ifndef BTFX_BUILD_H
#define BTFX_BUILD_H

#include "internal.h"

/* An open builder transaction: room reserved, string mark taken. */
struct btfx_txn {
	struct btfx *btf;
	size_t str_mark;
	uint32_t id;   /* the id the new type gets */
	unsigned int kind;
	const char *name;  /* the new type's name, or NULL */
	uint32_t name_off; /* or the name of an existing type appended to */
};

/* Reserve a slot and rec_len bytes; 0 or negative errno (message set). */
int btfx__txn_begin(struct btfx_txn *tx, struct btfx *btf, unsigned int kind, const char *name,
		    size_t rec_len);
/* Fail: roll strings back, record "[id] KIND 'name': reason", return err. */
int btfx__txn_fail(struct btfx_txn *tx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add a string inside the transaction; on error fails it. */
int btfx__txn_str(struct btfx_txn *tx, const char *s, uint32_t *off_out);
/* The same for s of strlen len (0: none). */
int btfx__txn_strn(struct btfx_txn *tx, const char *s, size_t len, uint32_t *off_out);
/* Where the record goes (valid until the next reserve). */
static inline struct btfx_type *btfx__txn_rec(struct btfx_txn *tx)
{
	return (struct btfx_type *)btfx__buf_tail(&tx->btf->types);
}

/*
 * Publish the complete record of len bytes written at the end of the type
 * section, closing the open type: its new id.  With BTFX_NEW_HASHCONS, the
 * id of an identical own type instead, the record and the transaction's
 * strings dropped.  Or -ENOMEM, the transaction failed.
 */
int btfx__txn_commit(struct btfx_txn *tx, uint32_t len);
/* Publish the head of an incremental type, which becomes the open type: its id. */
int btfx__txn_commit_open(struct btfx_txn *tx, uint32_t len);
/*
 * Close the open type id (the last own type): its final id, with
 * BTFX_NEW_HASHCONS an identical own type's (the record dropped, its id
 * given back); or -ENOMEM with the object unchanged (message set).
 */
int btfx__close_open(struct btfx *btf, uint32_t id);

/*
 * Open a transaction that appends elem_len bytes to the last own type, which
 * must be of a kind in mask (a bit per kind); what names the call in
 * messages.  0, or a negative errno with the message set.
 */
int btfx__txn_append_begin(struct btfx_txn *tx, struct btfx *btf, uint32_t mask, size_t elem_len,
			   const char *what);

/*
 * Check the cnt secinfos v of a section of size sec_sz.  v is the caller's
 * scratch copy, never a published record: a placed section's entries are
 * sorted in it (stably) as a side effect, so that the caller can publish v
 * on success and drop it on failure.  0, or a negative errno (message set).
 */
int btfx__check_secinfos(struct btfx_txn *tx, uint32_t sec_sz,
			 struct btfx_var_secinfo *v, uint32_t cnt);

#endif /* BTFX_BUILD_H */
