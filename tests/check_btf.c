// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * check_btf.c - the object: lookups by id, offset and name, sizes, split
 * objects, copying records between objects, and the library's static text.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "types.h"

/* [1] int, [2] typedef myint, [3] const, [4] array[3][5] of myint, [5] ptr,
 * [6] struct s { int a; }, [7] func_proto, [8] func f, [9] fwd, [10] array
 * of 2^40-byte elements (overflow) */
static struct btfx *sample(void)
{
	struct btfx *btf = btfx_new();

	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), 1);
	ck_assert_int_eq(btfx_add_typedef(btf, "myint", 1), 2);
	ck_assert_int_eq(btfx_add_const(btf, 2), 3);
	ck_assert_int_eq(btfx_add_array(btf, 1, 11, 3), 4);
	ck_assert_int_eq(btfx_add_ptr(btf, 6), 5);
	ck_assert_int_eq(btfx_add_struct(btf, "s", 4), 6);
	ck_assert_int_eq(btfx_append_member(btf, "a", 1, 0, 0), 0);
	ck_assert_int_eq(btfx_add_func_proto(btf, 1), 7);
	ck_assert_int_eq(btfx_add_func(btf, "f", BTFX_FUNC_GLOBAL, 7), 8);
	ck_assert_int_eq(btfx_add_fwd(btf, "s", BTFX_FWD_STRUCT), 9);
	ck_assert_int_eq(btfx_add_array(btf, 1, 12, 0x1000000u), 10);
	ck_assert_int_eq(btfx_add_array(btf, 1, 3, 5), 11);
	ck_assert_int_eq(btfx_add_array(btf, 1, 13, 0x1000000u), 12);
	ck_assert_int_eq(btfx_add_array(btf, 1, 14, 0x1000000u), 13);
	ck_assert_int_eq(btfx_add_struct(btf, "big", 0xffffffffu), 14);
	return btf;
}

START_TEST(test_btfx_type_by_id_ranges)
{
	struct btfx *btf = sample();
	const struct btfx_type *t;

	t = btfx_type_by_id(btf, 0);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->info, 0);
	ck_assert_uint_eq(btfx_type_cnt(btf), 15);
	ck_assert_uint_eq(btfx_start_id(btf), 1);
	ck_assert_ptr_null(btfx_base(btf));
	ck_assert_ptr_nonnull(btfx_type_by_id(btf, 14));
	ck_assert_ptr_null(btfx_type_by_id(btf, 15));
	ck_assert_ptr_null(btfx_type_by_id(btf, UINT32_MAX));
	ck_assert_uint_eq(btfx_record_len(btf, 1), 16);
	ck_assert_uint_eq(btfx_record_len(btf, 6), 24);
	ck_assert_uint_eq(btfx_record_len(btf, 0), 0);
	ck_assert_uint_eq(btfx_record_len(btf, 15), 0);
	ck_assert_str_eq(btfx_name_by_id(btf, 2), "myint");
	ck_assert_str_eq(btfx_name_by_id(btf, 3), "");
	ck_assert_ptr_null(btfx_name_by_id(btf, 99));
	ck_assert_ptr_null(btfx_str_by_offset(btf, btfx_str_sec_len(btf)));
	ck_assert_int_eq(btfx_is_big_endian(btf), __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_find_by_name_kind)
{
	struct btfx *btf = sample();

	ck_assert_int_eq(btfx_find_by_name_kind(btf, "s", BTFX_KIND_STRUCT), 6);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "s", BTFX_KIND_FWD), 9);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "s", -1), 6);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "f", BTFX_KIND_FUNC), 8);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "f", BTFX_KIND_STRUCT), -ENOENT);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, "nope", -1), -ENOENT);
	ck_assert_int_eq(btfx_find_by_name_kind(btf, NULL, -1), -EINVAL);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_resolve_size)
{
	struct btfx *btf = sample();
	uint64_t sz = 0;

	ck_assert_int_eq(btfx_resolve_size(btf, 1, &sz), 0);
	ck_assert_uint_eq(sz, 4);
	ck_assert_int_eq(btfx_resolve_size(btf, 3, &sz), 0); /* const -> typedef -> int */
	ck_assert_uint_eq(sz, 4);
	ck_assert_int_eq(btfx_resolve_size(btf, 4, &sz), 0); /* [3] of [5] of const myint */
	ck_assert_uint_eq(sz, 60);
	ck_assert_int_eq(btfx_resolve_size(btf, 5, &sz), 0);
	ck_assert_uint_eq(sz, 8);
	ck_assert_int_eq(btfx_resolve_size(btf, 6, &sz), 0);
	ck_assert_uint_eq(sz, 4);
	/* 2^24 * 2^24 * 2^24 elements of 2^32 - 1 bytes: past 64 bits. */
	sz = 7;
	ck_assert_int_eq(btfx_resolve_size(btf, 10, &sz), -E2BIG);
	ck_assert_uint_eq(sz, 7);
	ck_assert_int_eq(btfx_resolve_size(btf, 0, &sz), -EINVAL);  /* void */
	ck_assert_int_eq(btfx_resolve_size(btf, 7, &sz), -EINVAL);  /* FUNC_PROTO */
	ck_assert_int_eq(btfx_resolve_size(btf, 8, &sz), -EINVAL);  /* FUNC */
	ck_assert_int_eq(btfx_resolve_size(btf, 9, &sz), -EINVAL);  /* FWD */
	ck_assert_int_eq(btfx_resolve_size(btf, 99, &sz), -ENOENT);
	btfx_free(btf);
}
END_TEST

/* A typedef loop (possible with forward references) ends, with -EINVAL. */
START_TEST(test_btfx_resolve_size_loop)
{
	struct btfx *btf = btfx_new();
	uint64_t sz;

	ck_assert_int_eq(btfx_add_typedef(btf, "a", 2), 1);
	ck_assert_int_eq(btfx_add_typedef(btf, "b", 1), 2);
	ck_assert_int_eq(btfx_resolve_size(btf, 1, &sz), -EINVAL);
	ck_assert_int_eq(btfx_add_typedef(btf, "dangling", 77), 3);
	ck_assert_int_eq(btfx_resolve_size(btf, 3, &sz), -ENOENT);
	btfx_free(btf);
}
END_TEST

/* Split objects: ids and string offsets continue after the base's. */
START_TEST(test_btfx_new_opts_split)
{
	struct btfx *base = sample(), *split;
	struct btfx_new_opts o = { .sz = sizeof(o) };
	uint32_t base_strs = btfx_str_sec_len(base);
	int id, off;

	o.base = base;
	split = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(split);
	ck_assert_uint_eq(btfx_start_id(split), 15);
	ck_assert_uint_eq(btfx_type_cnt(split), 15);
	ck_assert_ptr_eq(btfx_base(split), base);
	ck_assert_uint_eq(btfx_str_sec_len(split), 0);
	/* A string the base has is the base's; a new one comes after it. */
	ck_assert_int_eq(btfx_add_str(split, "myint"), btfx_find_str(base, "myint"));
	off = btfx_add_str(split, "module_thing");
	ck_assert_int_eq(off, (int)base_strs);
	id = btfx_add_struct(split, "module_thing", 8);
	ck_assert_int_eq(id, 15);
	ck_assert_int_eq(btfx_append_member(split, "x", 5, 0, 0), 0); /* a base type */
	ck_assert_str_eq(btfx_name_by_id(split, 15), "module_thing");
	ck_assert_str_eq(btfx_name_by_id(split, 2), "myint");
	ck_assert_ptr_eq(btfx_type_by_id(split, 6), btfx_type_by_id(base, 6));
	ck_assert_int_eq(btfx_find_by_name_kind(split, "module_thing", BTFX_KIND_STRUCT), 15);
	ck_assert_int_eq(btfx_find_by_name_kind(split, "s", BTFX_KIND_STRUCT), 6);
	ck_assert_uint_eq(btfx_record_len(split, 1), 16);
	btfx_free(split);
	btfx_free(base);
}
END_TEST

START_TEST(test_btfx_add_type_copy)
{
	struct btfx *src = sample(), *dst = btfx_new();
	const struct btfx_type *a, *b;
	uint32_t id;

	ck_assert_int_eq(btfx_add_str(dst, "other"), 1);
	for (id = 1; id < btfx_type_cnt(src); id++)
		ck_assert_int_eq(btfx_add_type_copy(dst, src, id), (int)id);
	for (id = 1; id < btfx_type_cnt(src); id++) {
		a = btfx_type_by_id(src, id);
		b = btfx_type_by_id(dst, id);
		ck_assert_uint_eq(btfx_record_len(src, id), btfx_record_len(dst, id));
		ck_assert_uint_eq(a->info, b->info);
		ck_assert_str_eq(btfx_name_by_id(src, id), btfx_name_by_id(dst, id));
	}
	/* Member names were re-added too. */
	b = btfx_type_by_id(dst, 6);
	ck_assert_str_eq(btfx_str_by_offset(dst, ((const struct btfx_member *)(b + 1))->name_off),
			 "a");
	/* Copying from itself works although the buffers move. */
	ck_assert_int_eq(btfx_add_type_copy(dst, dst, 6), 15);
	ck_assert_int_eq(btfx_add_type_copy(dst, src, 0), -EINVAL);
	ck_assert_int_eq(btfx_add_type_copy(dst, src, 99), -EINVAL);
	ck_assert_int_eq(btfx_add_type_copy(dst, NULL, 1), -EINVAL);
	ck_assert_uint_eq(btfx_type_cnt(dst), 16);
	btfx_free(src);
	btfx_free(dst);
}
END_TEST

/*
 * Pointer size (issue 7): 8 was hard-coded.  A 32-bit target's BTF says
 * so with a 4-byte long; or the encoder sets it.
 */
static struct btfx *make_32bit(const struct btfx_new_opts *o)
{
	struct btfx *btf = btfx_new_opts(o);
	uint32_t s = btfx_start_id(btf);

	ck_assert_ptr_nonnull(btf);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, BTFX_INT_SIGNED), (int)s);
	ck_assert_int_eq(btfx_add_int(btf, "long int", 4, BTFX_INT_SIGNED), (int)s + 1);
	ck_assert_int_eq(btfx_add_ptr(btf, s), (int)s + 2);
	ck_assert_int_eq(btfx_add_array(btf, s, s + 2, 3), (int)s + 3);
	ck_assert_int_eq(btfx_add_typedef(btf, "intptr", s + 2), (int)s + 4);
	return btf;
}

START_TEST(test_btfx_resolve_size_ptr_32bit)
{
	struct btfx *btf = make_32bit(NULL), *loaded = btfx_new();
	const void *raw;
	size_t size;
	uint64_t sz = 0;

	ck_assert_uint_eq(btfx_ptr_size(btf), 4);
	ck_assert_int_eq(btfx_resolve_size(btf, 3, &sz), 0);
	ck_assert_uint_eq(sz, 4);
	ck_assert_int_eq(btfx_resolve_size(btf, 4, &sz), 0);
	ck_assert_uint_eq(sz, 12);
	ck_assert_int_eq(btfx_resolve_size(btf, 5, &sz), 0);
	ck_assert_uint_eq(sz, 4);
	/* Loaded from a blob, it guesses the same. */
	ck_assert_int_eq(btfx_raw_data(btf, NULL, &raw, &size), 0);
	ck_assert_int_eq(btfx_load(loaded, raw, size, NULL), 0);
	ck_assert_uint_eq(btfx_ptr_size(loaded), 4);
	ck_assert_int_eq(btfx_resolve_size(loaded, 4, &sz), 0);
	ck_assert_uint_eq(sz, 12);
	btfx_free(loaded);
	btfx_free(btf);
}
END_TEST

/* The size of an object with one INT named name, of byte_sz. */
static uint32_t ptr_size_with(const char *name, uint32_t byte_sz)
{
	struct btfx *btf = btfx_new();
	uint32_t sz;

	ck_assert_int_gt(btfx_add_int_bits(btf, name, byte_sz, 0, 0, 8), 0);
	sz = btfx_ptr_size(btf);
	btfx_free(btf);
	return sz;
}

START_TEST(test_btfx_ptr_size_guess)
{
	static const char *const longs[] = {
		"long", "long int", "int long", "unsigned long", "long unsigned",
		"unsigned long int", "unsigned int long", "long unsigned int",
		"long int unsigned", "int unsigned long", "int long unsigned",
	};
	static const char *const others[] = {
		"int", "long long", "long long int", "unsigned int", "signed long", "longint",
		"long  int", "long int int", " long", "long ", "unsigned", "long_t",
	};
	struct btfx *btf = btfx_new();
	unsigned int i;

	for (i = 0; i < sizeof(longs) / sizeof(longs[0]); i++) {
		ck_assert_msg(ptr_size_with(longs[i], 4) == 4, "'%s'", longs[i]);
		ck_assert_msg(ptr_size_with(longs[i], 8) == 8, "'%s'", longs[i]);
	}
	/* Other names and sizes do not count: the default is 8. */
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		ck_assert_msg(ptr_size_with(others[i], 4) == 8, "'%s'", others[i]);
	ck_assert_uint_eq(ptr_size_with("long", 2), 8);
	ck_assert_uint_eq(ptr_size_with("long", 16), 8);
	/* Nothing says yet: 8; a long added later is seen; the first wins. */
	ck_assert_uint_eq(btfx_ptr_size(btf), 8);
	ck_assert_int_eq(btfx_add_int(btf, "int", 4, 0), 1);
	ck_assert_uint_eq(btfx_ptr_size(btf), 8);
	ck_assert_int_eq(btfx_add_int(btf, "long", 4, 0), 2);
	ck_assert_uint_eq(btfx_ptr_size(btf), 4);
	ck_assert_int_eq(btfx_add_int(btf, "unsigned long", 8, 0), 3);
	ck_assert_uint_eq(btfx_ptr_size(btf), 4);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_set_ptr_size)
{
	struct btfx *btf = sample();
	uint64_t sz = 0;

	ck_assert_uint_eq(btfx_ptr_size(btf), 8);
	ck_assert_int_eq(btfx_set_ptr_size(btf, 4), 0);
	ck_assert_uint_eq(btfx_ptr_size(btf), 4);
	ck_assert_int_eq(btfx_resolve_size(btf, 5, &sz), 0);
	ck_assert_uint_eq(sz, 4);
	ck_assert_int_eq(btfx_set_ptr_size(btf, 3), -EINVAL);
	ck_assert_str_eq(btfx_errmsg(btf), "set_ptr_size: 3 is not 4 or 8");
	ck_assert_int_eq(btfx_set_ptr_size(btf, 0), -EINVAL);
	ck_assert_int_eq(btfx_set_ptr_size(btf, 16), -EINVAL);
	ck_assert_uint_eq(btfx_ptr_size(btf), 4);
	/* Set wins over the guess. */
	btfx_free(btf);
	btf = make_32bit(NULL);
	ck_assert_int_eq(btfx_set_ptr_size(btf, 8), 0);
	ck_assert_uint_eq(btfx_ptr_size(btf), 8);
	ck_assert_int_eq(btfx_resolve_size(btf, 4, &sz), 0);
	ck_assert_uint_eq(sz, 24);
	btfx_free(btf);
}
END_TEST

START_TEST(test_btfx_ptr_size_split)
{
	struct btfx_new_opts o = { .sz = sizeof(o) };
	struct btfx *base = make_32bit(NULL), *split, *base64 = sample();
	uint64_t sz = 0;

	/* The base's long decides for the split object. */
	o.base = base;
	split = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(split);
	ck_assert_int_eq(btfx_add_ptr(split, 1), 6);
	ck_assert_int_eq(btfx_add_int(split, "long", 8, 0), 7);
	ck_assert_uint_eq(btfx_ptr_size(split), 4);
	ck_assert_int_eq(btfx_resolve_size(split, 6, &sz), 0);
	ck_assert_uint_eq(sz, 4);
	/* Its own setting wins, and the base is left alone. */
	ck_assert_int_eq(btfx_set_ptr_size(split, 8), 0);
	ck_assert_uint_eq(btfx_ptr_size(split), 8);
	ck_assert_uint_eq(btfx_ptr_size(base), 4);
	btfx_free(split);
	/* A base that says nothing: the split object's own long. */
	o.base = base64;
	split = make_32bit(&o);
	ck_assert_uint_eq(btfx_ptr_size(split), 4);
	ck_assert_uint_eq(btfx_ptr_size(base64), 8);
	btfx_free(split);
	/* A base that was set: inherited. */
	ck_assert_int_eq(btfx_set_ptr_size(base64, 4), 0);
	split = btfx_new_opts(&o);
	ck_assert_ptr_nonnull(split);
	ck_assert_uint_eq(btfx_ptr_size(split), 4);
	btfx_free(split);
	btfx_free(base64);
	btfx_free(base);
}
END_TEST

/* A long renamed through the visitor is no longer a long. */
static int rename_to(void *ctx, uint32_t *field)
{
	*field = *(const uint32_t *)ctx;
	return 0;
}

START_TEST(test_btfx_ptr_size_follows_rename)
{
	struct btfx *btf = make_32bit(NULL);
	uint32_t off;

	ck_assert_uint_eq(btfx_ptr_size(btf), 4);
	off = (uint32_t)btfx_add_str(btf, "int32_t");
	ck_assert_int_eq(btfx_visit_str_offs(btf, 2, rename_to, &off), 1);
	ck_assert_uint_eq(btfx_ptr_size(btf), 8);
	btfx_free(btf);
}
END_TEST

/*
 * Split objects over one base, created and used from several threads at
 * once (issue 7): the base's string index, name index and pointer-size
 * guess are built on first use through a const pointer.  They were built
 * by btfx_new_opts() without atomics: two threads could both build the
 * string index and free each other's.  Run under -fsanitize=thread to see
 * any race; without it, the many rounds give a lost race a chance to crash.
 */
struct split_job {
	const struct btfx *base;
	int nr;  /* this thread's number */
	int bad; /* wrong answers */
};

static void split_work(struct split_job *j)
{
	struct btfx_new_opts o = { .sz = sizeof(o), .base = j->base };
	struct btfx *split = btfx_new_opts(&o);
	uint32_t cnt = btfx_type_cnt(j->base);
	uint64_t sz = 0;
	char name[32];
	int id, list;

	if (!split) {
		j->bad++;
		return;
	}
	/* A base string is found in the base (its string index). */
	j->bad += btfx_add_str(split, "task_struct") != btfx_find_str((struct btfx *)j->base,
								      "task_struct");
	snprintf(name, sizeof(name), "thread_%d_thing", j->nr);
	id = btfx_add_struct(split, name, 8);
	j->bad += id != (int)cnt;
	list = btfx_find_by_name_kind(split, "list_head", BTFX_KIND_STRUCT);
	j->bad += list <= 0 || btfx_append_member(split, "list", (uint32_t)list, 0, 0) != 0;
	j->bad += btfx_add_ptr(split, (uint32_t)id) != (int)cnt + 1;
	j->bad += btfx_resolve_size(split, cnt + 1, &sz) != 0 || sz != btfx_ptr_size(j->base);
	j->bad += btfx_find_by_name_kind(split, name, BTFX_KIND_STRUCT) != (int)cnt;
	j->bad += btfx_find_str(split, name) < (int)btfx_str_sec_len(j->base);
	btfx_free(split);
}

static void *split_thread(void *arg)
{
	int i;

	for (i = 0; i < 4; i++)
		split_work(arg);
	return NULL;
}

START_TEST(test_btfx_new_opts_split_from_threads)
{
	enum { NT = 4, ROUNDS = 50 };
	struct split_job jobs[NT];
	pthread_t th[NT];
	struct btfx *base;
	int round, i;

	for (round = 0; round < ROUNDS; round++) {
		/* A fresh base each round: nothing built in it yet. */
		base = btfx_new();
		ck_assert_ptr_nonnull(base);
		ck_assert_int_eq(btfx_load_file(base, tu_data_path("sample.btf"), NULL), 0);
		for (i = 0; i < NT; i++) {
			jobs[i] = (struct split_job){ .base = base, .nr = i };
			ck_assert_int_eq(pthread_create(&th[i], NULL, split_thread, &jobs[i]), 0);
		}
		for (i = 0; i < NT; i++) {
			ck_assert_int_eq(pthread_join(th[i], NULL), 0);
			ck_assert_int_eq(jobs[i].bad, 0);
		}
		btfx_free(base);
	}
}
END_TEST

START_TEST(test_btfx_static_text)
{
	ck_assert_str_eq(btfx_version(), "0.1.0");
	ck_assert_str_eq(btfx_strerror(-EBADMSG), "malformed BTF");
	ck_assert_str_eq(btfx_strerror(EINVAL), "invalid argument");
	ck_assert_str_eq(btfx_strerror(-E2BIG), "a limit of the BTF format would be exceeded");
	ck_assert_str_eq(btfx_strerror(-12345), "unknown error");
	/* The errors of the sinks' system calls have their own text too. */
	ck_assert_str_eq(btfx_strerror(-EPIPE), "broken pipe: the reader has gone");
	ck_assert_str_eq(btfx_strerror(-ESPIPE), "output not seekable");
	ck_assert_str_eq(btfx_strerror(-EFBIG), "file too large");
	ck_assert_str_eq(btfx_strerror(-EISDIR), "is a directory");
	ck_assert_str_eq(btfx_strerror(-EROFS), "read-only file system");
	ck_assert_str_eq(btfx_errmsg(NULL), "");
	ck_assert_str_eq(btfx_kind_str(BTFX_KIND_FUNC_PROTO), "FUNC_PROTO");
	ck_assert_str_eq(btfx_kind_str(0), "UNKN");
	ck_assert_str_eq(btfx_kind_str(77), "UNKN");
}
END_TEST

/* A failed call leaves a message; a later success does not clear it. */
START_TEST(test_btfx_errmsg_names_the_type)
{
	struct btfx *btf = btfx_new();

	ck_assert_str_eq(btfx_errmsg(btf), "");
	ck_assert_int_eq(btfx_add_struct(btf, "pair", 8), 1);
	ck_assert_int_eq(btfx_append_member(btf, "a", 2, 64, 0), 0);
	ck_assert_int_eq(btfx_append_member(btf, "b", 2, 72, 0), -EINVAL);
	ck_assert_str_eq(btfx_errmsg(btf), "[1] STRUCT 'pair': member 1 ends past size 8");
	btfx_free(btf);
}
END_TEST

/*
 * The kind table: every kind libbtfx knows has a name, word-sized records,
 * field bits inside its records, and at most one string word and one
 * type-id word per element (the reader's walk relies on it); kinds it
 * does not know have nothing.
 */
START_TEST(test_kind_table_shapes)
{
	unsigned int k, known = 0;

	for (k = 0; k <= BTFX_MAX_KIND; k++) {
		const struct btfx_kind_desc *d = &btfx__kinds[k];

		if (!btfx__kind_known(k)) {
			ck_assert_uint_eq(d->info_sz | d->elem_sz | d->info_ids | d->elem_ids |
						  d->elem_strs,
					  0);
			continue;
		}
		known++;
		ck_assert_str_eq(btfx_kind_str(k), d->name);
		ck_assert_uint_eq(d->info_sz % 4, 0);
		ck_assert_uint_eq(d->elem_sz % 4, 0);
		ck_assert_uint_lt(d->info_ids, 1u << (d->info_sz / 4));
		ck_assert_uint_lt(d->elem_ids | d->elem_strs, 1u << (d->elem_sz / 4));
		ck_assert_uint_eq(d->elem_ids & (d->elem_ids - 1), 0);
		ck_assert_uint_eq(d->elem_strs & (d->elem_strs - 1), 0);
		ck_assert_uint_le(d->last, BTFX__LAST_NONE);
	}
	ck_assert_uint_eq(known, BTFX_NR_KINDS - 1);
	/* A few facts of the format, from btf.rst. */
	ck_assert_uint_eq(btfx__kinds[BTFX_KIND_STRUCT].elem_sz, 12);
	ck_assert_uint_eq(btfx__kinds[BTFX_KIND_FUNC_PROTO].elem_sz, 8);
	ck_assert_uint_eq(btfx__kinds[BTFX_KIND_ARRAY].info_sz, 12);
	ck_assert_uint_eq(btfx__kinds[BTFX_KIND_ARRAY].info_ids, 3);
	ck_assert_uint_eq(btfx__kinds[BTFX_KIND_DATASEC].elem_ids, 1);
	ck_assert_uint_eq(btfx__kinds[BTFX_KIND_FWD].last, BTFX__LAST_NONE);
	ck_assert_uint_eq(btfx__kinds[BTFX_KIND_FUNC].last, BTFX__LAST_TYPE);
	ck_assert_uint_eq(btfx__kinds[BTFX_KIND_ENUM64].last, BTFX__LAST_SIZE);
}
END_TEST

static Suite *btf_suite(void)
{
	Suite *s = suite_create("btf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_kind_table_shapes);
	tcase_add_test(tc, test_btfx_type_by_id_ranges);
	tcase_add_test(tc, test_btfx_find_by_name_kind);
	tcase_add_test(tc, test_btfx_resolve_size);
	tcase_add_test(tc, test_btfx_resolve_size_loop);
	tcase_add_test(tc, test_btfx_new_opts_split);
	tcase_add_test(tc, test_btfx_add_type_copy);
	tcase_add_test(tc, test_btfx_resolve_size_ptr_32bit);
	tcase_add_test(tc, test_btfx_ptr_size_guess);
	tcase_add_test(tc, test_btfx_set_ptr_size);
	tcase_add_test(tc, test_btfx_ptr_size_split);
	tcase_add_test(tc, test_btfx_ptr_size_follows_rename);
	tcase_add_test(tc, test_btfx_new_opts_split_from_threads);
	tcase_add_test(tc, test_btfx_static_text);
	tcase_add_test(tc, test_btfx_errmsg_names_the_type);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(btf_suite());
}
