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
