# libbtfx: the library.  The sources go into a noinst core that unit tests
# link; libbtfx.la adds the version script and the libtool version.
noinst_LTLIBRARIES += libbtfx/libbtfx-core.la
libbtfx_libbtfx_core_la_SOURCES = \
	libbtfx/internal.h libbtfx/hash.h \
	libbtfx/buf.c libbtfx/buf.h \
	libbtfx/error.c \
	libbtfx/strtab.c libbtfx/strtab.h \
	libbtfx/types.c libbtfx/types.h \
	libbtfx/btf.c \
	libbtfx/names.c libbtfx/names.h \
	libbtfx/build.c libbtfx/build.h \
	libbtfx/hashcons.c libbtfx/hashcons.h \
	libbtfx/datasec.c \
	libbtfx/prepare_load.c \
	libbtfx/reader.c \
	libbtfx/elf.c libbtfx/elf.h \
	libbtfx/elf_write.c \
	libbtfx/zio.c libbtfx/zio.h \
	libbtfx/sink.c libbtfx/sink.h \
	libbtfx/writer.c libbtfx/writer.h \
	libbtfx/stream.c \
	libbtfx/visit.c \
	libbtfx/copy.c \
	libbtfx/dedup.c \
	libbtfx/link.c libbtfx/link.h libbtfx/link_sym.c libbtfx/link_ext.c libbtfx/link_elf.c \
	libbtfx/dump.c libbtfx/dump_rec.h \
	libbtfx/dump_c.c libbtfx/dump_c.h libbtfx/dump_c_order.c \
	libbtfx/dump_json.c libbtfx/json.h \
	libbtfx/diff.c \
	libbtfx/stats.c \
	libbtfx/validate.c libbtfx/validate.h \
	libbtfx/validate_meta.c \
	libbtfx/validate_names.c \
	libbtfx/validate_resolve.c
libbtfx_libbtfx_core_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden $(XXHASH_CFLAGS) $(ZLIB_CFLAGS)
libbtfx_libbtfx_core_la_LIBADD = $(XXHASH_LIBS) $(ZLIB_LIBS)

lib_LTLIBRARIES += libbtfx/libbtfx.la
libbtfx_libbtfx_la_SOURCES =
libbtfx_libbtfx_la_LIBADD = libbtfx/libbtfx-core.la
libbtfx_libbtfx_la_LDFLAGS = $(AM_LDFLAGS) -no-undefined -version-info $(BTFX_LT_VERSION)
if HAVE_LD_VERSION_SCRIPT
libbtfx_libbtfx_la_LDFLAGS += -Wl,--version-script=$(top_srcdir)/libbtfx/libbtfx.map
else
libbtfx_libbtfx_la_LDFLAGS += -export-symbols-regex '^btfx_[^_]'
endif
EXTRA_libbtfx_libbtfx_la_DEPENDENCIES = $(top_srcdir)/libbtfx/libbtfx.map
EXTRA_DIST += libbtfx/libbtfx.map libbtfx/libbtfx.pc.in include/btfx/version.h.in

btfxinclude_HEADERS += include/btfx/btfx.h include/btfx/format.h
nodist_btfxinclude_HEADERS += include/btfx/version.h
pkgconfig_DATA += libbtfx/libbtfx.pc
