# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""ctypes declarations of libbtfx's public API (include/btfx/btfx.h).

The library is found, in this order, through:

1. the environment variable ``BTFX_LIBRARY`` (a path to the shared object);
2. the installed library: ``libbtfx.so.0`` as the dynamic loader finds it,
   then what :func:`ctypes.util.find_library` finds for ``btfx``;
3. the build tree: ``libbtfx/.libs/libbtfx.so.0`` two levels above this
   package (``bindings/python/btfx``), for use from a source checkout.

Functions that this version of the library may lack (they came later) are
bound only when the library exports them; :func:`need` raises
:class:`NotImplementedError` for a missing one.
"""

import ctypes
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int64, c_size_t,
                    c_uint32, c_uint64, c_void_p)
from typing import Iterator, Optional

SONAME = "libbtfx.so.0"


def _candidates() -> Iterator[str]:
    """The paths to try, in order; lazily, so that ctypes.util (which imports
    subprocess and more: a tenth of the package's import time) is imported
    only when the environment and the dynamic loader fail."""
    env = os.environ.get("BTFX_LIBRARY")
    if env:
        yield env
        return
    yield SONAME
    import ctypes.util
    found = ctypes.util.find_library("btfx")
    if found:
        yield found
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "..", "..", "..", "libbtfx", ".libs", SONAME)


def _open() -> ctypes.CDLL:
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise ImportError("btfx: cannot load libbtfx (set BTFX_LIBRARY to its path): "
                      + "; ".join(errors))


lib = _open()


class btfx_type(Structure):
    _fields_ = [("name_off", c_uint32), ("info", c_uint32), ("size", c_uint32)]


class member_info(Structure):
    _fields_ = [("name", c_char_p), ("type", c_uint32), ("bit_offset", c_uint32),
                ("bit_size", c_uint32)]


class enum_info(Structure):
    _fields_ = [("name", c_char_p), ("value", c_int64)]


class param_info(Structure):
    _fields_ = [("name", c_char_p), ("type", c_uint32)]


class var_secinfo(Structure):
    _fields_ = [("type", c_uint32), ("offset", c_uint32), ("size", c_uint32)]


class new_opts(Structure):
    _fields_ = [("sz", c_size_t), ("allocator", c_void_p), ("base", c_void_p),
                ("flags", c_uint32), ("reserved", c_uint32)]


class write_opts(Structure):
    _fields_ = [("sz", c_size_t), ("endian", c_uint32), ("flags", c_uint32)]


class elf_opts(Structure):
    _fields_ = [("sz", c_size_t), ("endian", c_uint32), ("flags", c_uint32),
                ("machine", c_uint32), ("reserved", c_uint32)]


class dedup_opts(Structure):
    _fields_ = [("sz", c_size_t), ("id_map", POINTER(c_uint32)), ("id_map_cnt", c_uint32),
                ("flags", c_uint32)]


class link_opts(Structure):
    _fields_ = [("sz", c_size_t), ("allocator", c_void_p), ("flags", c_uint32),
                ("reserved", c_uint32)]


class kind_stats(Structure):
    _fields_ = [("count", c_uint32), ("vlen", c_uint32), ("bytes", c_uint64)]


MAX_KIND = 0x7f


class stats(Structure):
    _fields_ = [("sz", c_size_t), ("type_cnt", c_uint32), ("str_cnt", c_uint32),
                ("type_bytes", c_uint64), ("str_bytes", c_uint64), ("total_bytes", c_uint64),
                ("kinds", kind_stats * (MAX_KIND + 1))]


print_fn = CFUNCTYPE(c_int, c_void_p, ctypes.POINTER(ctypes.c_char), c_size_t)


class dump_c_opts(Structure):
    _fields_ = [("sz", c_size_t), ("write", print_fn), ("ctx", c_void_p),
                ("ids", POINTER(c_uint32)), ("ids_cnt", c_size_t), ("flags", c_uint32),
                ("reserved", c_uint32)]


class problem(Structure):
    _fields_ = [("type_id", c_uint32), ("kind", c_uint32), ("name", c_char_p),
                ("rule", c_char_p), ("msg", c_char_p)]


problem_fn = CFUNCTYPE(c_int, POINTER(problem), c_void_p)


class validate_opts(Structure):
    _fields_ = [("sz", c_size_t), ("target", c_uint32), ("flags", c_uint32),
                ("base", c_void_p), ("report", problem_fn), ("ctx", c_void_p),
                ("allocator", c_void_p)]


P = c_void_p  # struct btfx *, struct btfx_sink *, ...
u32 = c_uint32

_PROTOS = {
    "btfx_version": (c_char_p, []),
    "btfx_strerror": (c_char_p, [c_int]),
    "btfx_new": (P, []),
    "btfx_new_opts": (P, [POINTER(new_opts)]),
    "btfx_free": (None, [P]),
    "btfx_errmsg": (c_char_p, [P]),
    "btfx_load": (c_int, [P, c_char_p, c_size_t, P]),
    "btfx_load_file": (c_int, [P, c_char_p, P]),
    "btfx_type_cnt": (u32, [P]),
    "btfx_start_id": (u32, [P]),
    "btfx_type_by_id": (c_void_p, [P, u32]),
    "btfx_str_by_offset": (c_char_p, [P, u32]),
    "btfx_name_by_id": (c_char_p, [P, u32]),
    "btfx_find_by_name_kind": (c_int, [P, c_char_p, c_int]),
    "btfx_resolve_size": (c_int, [P, u32, POINTER(c_uint64)]),
    "btfx_ptr_size": (u32, [P]),
    "btfx_str_sec_len": (u32, [P]),
    "btfx_type_sec_len": (u32, [P]),
    "btfx_record_len": (u32, [P, u32]),
    "btfx_is_big_endian": (c_int, [P]),
    "btfx_add_str": (c_int, [P, c_char_p]),
    "btfx_add_int": (c_int, [P, c_char_p, u32, u32]),
    "btfx_add_int_bits": (c_int, [P, c_char_p, u32, u32, u32, u32]),
    "btfx_add_float": (c_int, [P, c_char_p, u32]),
    "btfx_add_ptr": (c_int, [P, u32]),
    "btfx_add_const": (c_int, [P, u32]),
    "btfx_add_volatile": (c_int, [P, u32]),
    "btfx_add_restrict": (c_int, [P, u32]),
    "btfx_add_typedef": (c_int, [P, c_char_p, u32]),
    "btfx_add_type_tag": (c_int, [P, c_char_p, u32]),
    "btfx_add_type_attr": (c_int, [P, c_char_p, u32]),
    "btfx_add_array": (c_int, [P, u32, u32, u32]),
    "btfx_add_composite_with_members": (c_int, [P, c_int, c_char_p, u32,
                                                POINTER(member_info), u32, c_size_t]),
    "btfx_add_enum_with_values": (c_int, [P, c_int, c_char_p, u32, u32,
                                          POINTER(enum_info), u32, c_size_t]),
    "btfx_add_fwd": (c_int, [P, c_char_p, c_int]),
    "btfx_add_func_proto_with_params": (c_int, [P, u32, POINTER(param_info), u32, c_size_t]),
    "btfx_add_func": (c_int, [P, c_char_p, c_int, u32]),
    "btfx_add_var": (c_int, [P, c_char_p, c_int, u32]),
    "btfx_add_decl_tag": (c_int, [P, c_char_p, u32, c_int]),
    "btfx_add_decl_attr": (c_int, [P, c_char_p, u32, c_int]),
    "btfx_add_datasec_with_vars": (c_int, [P, c_char_p, u32, POINTER(var_secinfo), u32]),
    "btfx_add_btf": (c_int, [P, P]),
    "btfx_dedup": (c_int, [P, POINTER(dedup_opts)]),
    "btfx_sink_path": (P, [c_char_p, P]),
    "btfx_sink_gzip": (P, [P, c_int, P]),
    "btfx_sink_errmsg": (c_char_p, [P]),
    "btfx_sink_finish": (c_int, [P]),
    "btfx_sink_close": (c_int, [P]),
    "btfx_sink_abort": (None, [P]),
    "btfx_write": (c_int, [P, P, POINTER(write_opts)]),
    "btfx_write_elf": (c_int, [P, P, POINTER(elf_opts)]),
    "btfx_raw_data": (c_int, [P, POINTER(write_opts), POINTER(c_void_p), POINTER(c_size_t)]),
    "btfx_dump_type_raw": (c_int, [P, u32, print_fn, c_void_p]),
    "btfx_dump_raw": (c_int, [P, print_fn, c_void_p]),
    "btfx_stats": (c_int, [P, POINTER(stats)]),
    "btfx_kind_str": (c_char_p, [ctypes.c_uint]),
    # Not in every version of the library: bound when exported.
    "btfx_validate": (c_int, [P, POINTER(validate_opts)]),
    "btfx_dump_c": (c_int, [P, POINTER(dump_c_opts)]),
    "btfx_dump_json": (c_int, [P, print_fn, c_void_p, P]),
    "btfx_diff": (c_int, [P, P, print_fn, c_void_p, P]),
    "btfx_link_new": (P, [POINTER(link_opts)]),
    "btfx_link_free": (None, [P]),
    "btfx_link_errmsg": (c_char_p, [P]),
    "btfx_link_add_elf": (c_int, [P, c_char_p, c_size_t, c_char_p, P]),
    "btfx_link_add_raw": (c_int, [P, c_char_p, c_size_t, c_char_p, P]),
    "btfx_link_finish": (c_int, [P, POINTER(P)]),
    "btfx_prepare_load": (c_int, [P, P]),
    "btfx_link_prepare_load": (c_int, [P]),
}

for _name, (_res, _args) in _PROTOS.items():
    if hasattr(lib, _name):
        _f = getattr(lib, _name)
        _f.restype = _res
        _f.argtypes = _args


def has(name: str) -> bool:
    """Does the loaded library export the function ``name``?"""
    return hasattr(lib, name)


def need(name: str, what: Optional[str] = None):
    """The function ``name``, or NotImplementedError when the library lacks it."""
    if not hasattr(lib, name):
        raise NotImplementedError(
            f"{what or name}: this libbtfx ({lib._name}) has no {name}(); "
            "a newer libbtfx is needed")
    return getattr(lib, name)


def text(p: Optional[bytes]) -> str:
    """A C string from the library as str (names may hold any byte)."""
    return "" if p is None else p.decode("utf-8", "surrogateescape")


def cstr(s: Optional[str]) -> Optional[bytes]:
    """A str argument as a C string (None stays NULL)."""
    if s is None:
        return None
    if isinstance(s, bytes):
        return s
    return s.encode("utf-8", "surrogateescape")
