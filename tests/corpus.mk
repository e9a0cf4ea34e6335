# The differential corpus of issue 10, in tests/data/validate: raw BTF blobs
# and the verdicts of BPF_BTF_LOAD on them (see its README).  tests/btf_corpus
# makes the blobs and records the running kernel's verdicts; `make check`
# builds it but it is not a test.  `make corpus` (as root, on Linux)
# regenerates the blobs from CORPUS_SEED and records the verdicts again.
check_PROGRAMS += tests/btf_corpus
tests_btf_corpus_SOURCES = tests/btf_corpus.c tests/bpfload.c tests/bpfload.h
tests_btf_corpus_CFLAGS = $(AM_CFLAGS)
tests_btf_corpus_LDADD = libbtfx/libbtfx-core.la
# tests/btf_kload FILE: BPF_BTF_LOAD of a file's BTF, for the shell tests.
check_PROGRAMS += tests/btf_kload
tests_btf_kload_SOURCES = tests/btf_kload.c tests/bpfload.c tests/bpfload.h
tests_btf_kload_LDADD = libbtfx/libbtfx.la
EXTRA_DIST += tests/data/validate

CORPUS_SEED = 10
CORPUS_DIR = $(top_srcdir)/tests/data/validate
corpus: tests/btf_corpus$(EXEEXT)
	rm -f $(CORPUS_DIR)/*.btf $(CORPUS_DIR)/verdicts.txt
	tests/btf_corpus gen $(CORPUS_DIR) $(CORPUS_SEED)
	tests/btf_corpus record $(CORPUS_DIR)
	tests/btf_corpus summary $(CORPUS_DIR)
.PHONY: corpus
