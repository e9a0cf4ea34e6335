# Suites of the reader and the writer (btfx_load*, btfx_write*/raw_*), and of the sinks.
check_PROGRAMS += tests/check_reader tests/check_writer
TESTS += tests/check_reader tests/check_writer
tests_check_reader_SOURCES = tests/check_reader.c
tests_check_reader_CFLAGS = $(TEST_CFLAGS) $(ZLIB_CFLAGS)
tests_check_reader_LDADD = $(TEST_LIBS) $(ZLIB_LIBS)
tests_check_writer_SOURCES = tests/check_writer.c
tests_check_writer_CFLAGS = $(TEST_CFLAGS) $(ZLIB_CFLAGS)
tests_check_writer_LDADD = $(TEST_LIBS) $(ZLIB_LIBS)

# The sinks (memory, fd, FILE *, callback, path, gzip).
check_PROGRAMS += tests/check_sink
TESTS += tests/check_sink
tests_check_sink_SOURCES = tests/check_sink.c
tests_check_sink_CFLAGS = $(TEST_CFLAGS) $(ZLIB_CFLAGS)
tests_check_sink_LDADD = $(TEST_LIBS) $(ZLIB_LIBS)

# btfx_write() against libbpf's btf__raw_data() in both byte orders (vmlinux,
# else tests/data/sample.btf); without libbpf it exits 77 (SKIP).
check_PROGRAMS += tests/check_write_libbpf
TESTS += tests/check_write_libbpf
tests_check_write_libbpf_SOURCES = tests/check_write_libbpf.c
if HAVE_LIBBPF
tests_check_write_libbpf_CPPFLAGS = $(AM_CPPFLAGS) -DTU_HAVE_LIBBPF
tests_check_write_libbpf_CFLAGS = $(TEST_CFLAGS) $(LIBBPF_CFLAGS)
tests_check_write_libbpf_LDADD = $(TEST_LIBS) $(LIBBPF_LIBS)
else
tests_check_write_libbpf_CFLAGS = $(TEST_CFLAGS)
tests_check_write_libbpf_LDADD = $(TEST_LIBS)
endif

# The stream writer (flush-as-you-go): vmlinux, else sample.btf, rebuilt and
# streamed with flushes through every kind of sink.
check_PROGRAMS += tests/check_stream
TESTS += tests/check_stream
tests_check_stream_SOURCES = tests/check_stream.c
tests_check_stream_CFLAGS = $(TEST_CFLAGS)
tests_check_stream_LDADD = $(TEST_LIBS)
