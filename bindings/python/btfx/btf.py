# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""The Btf object: a sequence of types, their builders and writers."""

import ctypes
import os
import struct
from typing import (Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple,
                    Union, overload)

from . import _lib
from ._lib import cstr, lib, text
from .errors import ClosedError, Error, InvalidBtf, StaleTypeError, make
from .types import _KIND_OF, ELEM, FIXED, NR_KINDS, Kind, Type

TypeRef = Union[Type, int, None]
PathLike = Union[str, bytes, "os.PathLike[str]"]

_ENDIAN = {"native": 0, "little": 1, "big": 2, "source": 3}
_LINKAGE = {"static": 0, "global": 1, "extern": 2}
_FWD = {"struct": 0, "union": 1, "enum": 2}
_TARGET = {"current": 0, "2026": 1, "5.15": 2, "5.10": 3, "6.1": 4, "6.12": 5}
_VALIDATE_ALL = 1 << 0
_HDR = struct.Struct("=HBBIIIII")
_REC = struct.Struct("=III")
_NEW_HASHCONS = 1 << 1
_WRITE_LAYOUT = 1 << 0
_EBUSY = 16
# A record's length in 4-byte words: fixed words by kind, words per element.
_WORDS = tuple(3 + f // 4 for f in FIXED)
_EWORDS = tuple(e // 4 for e in ELEM)


def _collect(chunks: List[bytes]):
    def cb(ctx, data, n):
        chunks.append(ctypes.string_at(data, n))
        return 0
    return _lib.print_fn(cb)


class Problem(NamedTuple):
    """One problem the validator found, as ``btfx validate`` reports it."""

    type_id: int  # 0 when it is not about one type (the header, the strings)
    kind: Union[Kind, int, None]  # the type's kind, None without a type
    name: str  # the type's name, "" when anonymous or none
    rule: str  # a short stable rule id, e.g. "member-offset"
    message: str  # one line a person can act on


class Btf:
    """A BTF object: types indexable by id (0 is void), len(), iteration,
    find(), builders (``add_*``) that return the new :class:`~btfx.Type`,
    and writers.

    ``Btf()`` is empty; ``Btf(base)`` is split BTF over ``base`` (ids and
    string offsets continue after the base's; the base must not change while
    it is one).  ``hashcons=True``: adding a type equal to one of the object's
    own returns that one.  Use it as a context manager, or call
    :meth:`close`: afterwards every use raises :class:`~btfx.ClosedError`.
    """

    def __init__(self, base: Optional["Btf"] = None, *, hashcons: bool = False) -> None:
        self._h: Optional[int] = None
        self._gen = 0
        self._closed = False
        self._children = 0
        self._base = None
        self._strs = b""
        self._text = ""
        self._snap: Optional[Tuple[int, int, bytes]] = None
        self._live: Optional[type] = None
        if base is not None:
            base._handle()
        if base is not None or hashcons:
            opts = _lib.new_opts(sz=ctypes.sizeof(_lib.new_opts),
                                 base=base._h if base is not None else None,
                                 flags=_NEW_HASHCONS if hashcons else 0)
            h = lib.btfx_new_opts(ctypes.byref(opts))
        else:
            h = lib.btfx_new()
        if not h:
            raise Error("btfx_new: out of memory", 12)
        self._h = h
        if base is not None:
            self._base = base
            base._children += 1
        self._str_start = base._str_end() if base is not None else 0

    # -- life ---------------------------------------------------------------

    def _handle(self) -> int:
        h = self._h
        if h is None or self._closed:
            raise ClosedError("Btf is closed")
        return h

    def close(self) -> None:
        """Free the object.  Types read from it and further calls raise
        :class:`~btfx.ClosedError`.  Closing twice is fine; closing the base of
        split objects still open raises :class:`~btfx.Error` (close them first)."""
        if self._closed:
            return
        if self._children:
            raise Error(f"close: this Btf is the base of {self._children} open split "
                        "object(s); close them first", 16)
        self._closed = True
        self._gen = -1
        self._expire()
        self._snap = None
        self._strs = b""
        self._text = ""
        self._release()

    def _release(self) -> None:
        if self._h is None or not self._closed or self._children:
            return
        lib.btfx_free(self._h)
        self._h = None
        base, self._base = self._base, None
        if base is not None:
            base._children -= 1
            base._release()

    @property
    def closed(self) -> bool:
        """Was :meth:`close` called?"""
        return self._closed

    def __enter__(self) -> "Btf":
        self._handle()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            # A base with split objects alive stays (they hold it): at exit only.
            if lib is not None and getattr(self, "_h", None) is not None \
                    and not self._children:
                self._closed = True
                self._release()
        except Exception:  # interpreter shutdown
            pass

    def _fail(self, err: int, io: bool = False, filename: Optional[str] = None) -> Error:
        return make(err, text(lib.btfx_errmsg(self._h)), io, filename)

    def _changed(self) -> None:
        """After a call that renumbered types or rewrote strings."""
        self._gen += 1
        self._expire()
        self._snap = None
        self._strs = b""
        self._text = ""

    def _live_class(self) -> type:
        """The class of the types iteration makes in this generation: a
        subclass of Type whose kind and name are slots filled at creation,
        read with no check at all.  _expire() deletes those two slots from
        it when the generation ends (close, dedup): its instances then read
        Type's kind and name properties, which compare generations and raise."""
        cls = self._live
        if cls is None:
            cls = type("Type", (Type,), {"__slots__": ("kind", "name"),
                                         "__module__": Type.__module__,
                                         "__qualname__": Type.__qualname__,
                                         "__doc__": Type.__doc__})
            self._live = cls
        return cls

    def _expire(self) -> None:
        cls, self._live = self._live, None
        if cls is not None:
            del cls.kind, cls.name

    # -- reading ------------------------------------------------------------

    def _str_end(self) -> int:
        return self._str_start + lib.btfx_str_sec_len(self._handle())

    def _refresh(self) -> Tuple[int, int, bytes]:
        """The generation, the type count and a copy of the own type section;
        the string section copied to _strs and decoded to _text (Type.name)."""
        h = self._handle()
        snap = self._snap
        cnt = lib.btfx_type_cnt(h)
        if snap is not None and snap[1] == cnt:
            return snap
        p, n = ctypes.c_void_p(), ctypes.c_size_t()
        err = lib.btfx_raw_data(h, None, ctypes.byref(p), ctypes.byref(n))
        if err < 0:
            raise self._fail(err)
        blob = ctypes.string_at(p, n.value)
        _, _, _, hl, to, tl, so, sl = _HDR.unpack_from(blob, 0)
        self._strs = strs = blob[hl + so:hl + so + sl]
        # One decode of the whole section; usable by offset only when every
        # character is one byte (ASCII, or bytes escaped one by one).
        text = strs.decode("utf-8", "surrogateescape")
        self._text = text if len(text) == len(strs) else ""
        snap = (self._gen, cnt, blob[hl + to:hl + to + tl])
        self._snap = snap
        return snap

    def _str(self, off: int) -> str:
        if off < self._str_start:
            return self._base._str(off)
        i = off - self._str_start
        s = self._strs
        if i < len(s):
            return s[i:s.index(b"\0", i)].decode("utf-8", "surrogateescape")
        return text(lib.btfx_str_by_offset(self._handle(), off))

    def _mk(self, tid: int, data: bytes, o: int) -> Type:
        t = Type.__new__(Type)
        t._btf, t._gen, t.id, t._d, t._o = self, self._gen, tid, data, o
        t._no, t._info = _REC.unpack_from(data, o)[:2]
        return t

    def _type(self, tid: int) -> Type:
        h = self._handle()
        if tid < 0:
            tid += lib.btfx_type_cnt(h)
        if tid < 0 or tid >= lib.btfx_type_cnt(h):
            raise IndexError(f"type id {tid} out of range")
        if tid and tid < lib.btfx_start_id(h):
            return self._base._type(tid)
        if tid == 0:
            return self._mk(0, bytes(12), 0)
        p = lib.btfx_type_by_id(h, tid)
        if not p:
            raise self._fail(-_EBUSY)
        return self._mk(tid, ctypes.string_at(p, lib.btfx_record_len(h, tid)), 0)

    @overload
    def __getitem__(self, tid: int) -> Type: ...

    @overload
    def __getitem__(self, tid: slice) -> List[Type]: ...

    def __getitem__(self, tid):
        """The type of an id (negative ids count from the end), or a list for a slice."""
        if isinstance(tid, slice):
            return [self._type(i) for i in range(*tid.indices(len(self)))]
        return self._type(tid)

    def __len__(self) -> int:
        """Number of type ids: void, the base's types and the own ones."""
        return lib.btfx_type_cnt(self._handle())

    def __iter__(self) -> Iterator[Type]:
        """Every type by id: void (0), the base's, then the own ones."""
        start = lib.btfx_start_id(self._handle())
        gen = self._gen
        if self._base is not None:
            yield from self._base
        else:
            yield self._type(0)
        if self._gen != gen:
            raise self._iter_changed()
        yield from self._own(start)

    def types(self) -> Iterator[Type]:
        """The object's own types (from :attr:`start_id`), as a raw dump lists them."""
        return self._own(lib.btfx_start_id(self._handle()))

    def _own(self, start: int) -> Iterator[Type]:
        gen, _, data = self._refresh()
        cls = self._live_class()
        new = cls.__new__
        # Names sliced from the decoded section when they are in it (it ends
        # with its NUL), else the slow path (base strings, escapes).
        text, st = self._text, self._str_start
        if not text.endswith("\0"):
            text = ""
        tlen, find, slow = len(text), text.find, self._str
        # The records walked as 4-byte words (btfx_raw_data's are whole
        # words): 3, the kind's fixed words, its words per element * vlen.
        w = memoryview(data).cast("I")
        i, end = 0, len(w)
        tid = start
        while i < end:
            t = new(cls)
            t._btf = self
            t._gen = gen
            t.id = tid
            t._d = data
            t._o = i << 2
            t._no = no = w[i]
            t._info = info = w[i + 1]
            k = (info >> 24) & 0x7f
            t.kind = _KIND_OF[k]
            n = no - st
            t.name = text[n:find("\0", n)] if 0 <= n < tlen else slow(no)
            if k < NR_KINDS:
                i += _WORDS[k] + _EWORDS[k] * (info & 0xffffff)
            else:  # a kind libbtfx does not know: its length from the library
                i += lib.btfx_record_len(self._handle(), tid) >> 2
            yield t
            if self._gen != gen:  # closed or deduplicated in the loop's body
                raise self._iter_changed()
            tid += 1

    def _iter_changed(self) -> Error:
        if self._closed:
            return ClosedError("Btf closed during iteration")
        return StaleTypeError("Btf changed (dedup) during iteration; iterate again")

    def find(self, name: str, kind: Union[Kind, int, str, None] = None) -> Optional[Type]:
        """The first type named ``name`` (of ``kind`` if given; the base first), or None."""
        k = -1 if kind is None else int(Kind.of(kind))
        tid = lib.btfx_find_by_name_kind(self._handle(), cstr(name), k)
        return None if tid < 0 else self._type(tid)

    @property
    def base(self) -> Optional["Btf"]:
        """The base object of split BTF, or None."""
        self._handle()
        return self._base

    @property
    def start_id(self) -> int:
        """The first id of the object's own types."""
        return lib.btfx_start_id(self._handle())

    @property
    def ptr_size(self) -> int:
        """Size of a pointer on the target, 4 or 8."""
        return lib.btfx_ptr_size(self._handle())

    @property
    def big_endian(self) -> bool:
        """Was the object read from big-endian BTF?"""
        return bool(lib.btfx_is_big_endian(self._handle()))

    def resolve_size(self, t: TypeRef) -> int:
        """The C size in bytes of a type (through typedefs, modifiers, arrays)."""
        out = ctypes.c_uint64()
        err = lib.btfx_resolve_size(self._handle(), self._tid(t), ctypes.byref(out))
        if err < 0:
            raise self._fail(err)
        return out.value

    def stats(self) -> Dict[str, Any]:
        """Counts and bytes of the own types by kind, and of the strings."""
        st = _lib.stats(sz=ctypes.sizeof(_lib.stats))
        err = lib.btfx_stats(self._handle(), ctypes.byref(st))
        if err < 0:
            raise self._fail(err)
        kinds = {}
        for k in range(1, _lib.MAX_KIND + 1):
            ks = st.kinds[k]
            if ks.count:
                kinds[text(lib.btfx_kind_str(k))] = {"count": ks.count, "vlen": ks.vlen,
                                                     "bytes": ks.bytes}
        return {"types": {"count": st.type_cnt, "bytes": st.type_bytes},
                "strings": {"count": st.str_cnt, "bytes": st.str_bytes},
                "total_bytes": st.total_bytes, "kinds": kinds}

    # -- dumps --------------------------------------------------------------

    def _dump_type(self, tid: int) -> str:
        chunks: List[bytes] = []
        err = lib.btfx_dump_type_raw(self._handle(), tid, _collect(chunks), None)
        if err < 0:
            raise self._fail(err)
        return b"".join(chunks).decode("utf-8", "surrogateescape").rstrip("\n")

    def dump(self, format: str = "raw") -> str:
        """The own types as text: "raw" (bpftool's), "c" (a C header) or "json"."""
        h = self._handle()
        chunks: List[bytes] = []
        cb = _collect(chunks)
        if format == "raw":
            err = lib.btfx_dump_raw(h, cb, None)
        elif format == "c":
            f = _lib.need("btfx_dump_c", "dump(format='c')")
            opts = _lib.dump_c_opts(sz=ctypes.sizeof(_lib.dump_c_opts), write=cb)
            err = f(h, ctypes.byref(opts))
        elif format == "json":
            err = _lib.need("btfx_dump_json", "dump(format='json')")(h, cb, None, None)
        else:
            raise ValueError(f"dump: unknown format {format!r} (raw, c or json)")
        if err < 0:
            raise self._fail(err)
        return b"".join(chunks).decode("utf-8", "surrogateescape")

    # -- builders -----------------------------------------------------------

    def _tid(self, t: TypeRef) -> int:
        if t is None:
            return 0
        if isinstance(t, Type):
            t._check()
            b: Optional[Btf] = self
            while b is not None and b is not t._btf:
                b = b._base
            if b is None:
                raise Error(f"type [{t.id}] belongs to another Btf object", 22)
            return t.id
        return int(t)

    def _added(self, tid: int) -> Type:
        if tid < 0:
            raise self._fail(tid)
        return self._type(tid)

    def add_int(self, name: str, size: int, signed: bool = False, *, char: bool = False,
                bool: bool = False, bits: Optional[int] = None, bit_offset: int = 0) -> Type:
        """Add an INT of ``size`` bytes (``bits`` and ``bit_offset`` for a partial one)."""
        enc = (1 if signed else 0) | (2 if char else 0) | (4 if bool else 0)
        h = self._handle()
        if bits is None and not bit_offset:
            return self._added(lib.btfx_add_int(h, cstr(name), size, enc))
        nbits = size * 8 if bits is None else bits
        return self._added(lib.btfx_add_int_bits(h, cstr(name), size, enc, bit_offset, nbits))

    def add_float(self, name: str, size: int) -> Type:
        """Add a FLOAT of ``size`` bytes."""
        return self._added(lib.btfx_add_float(self._handle(), cstr(name), size))

    def add_ptr(self, t: TypeRef) -> Type:
        """Add a PTR to ``t`` (None: void *)."""
        return self._added(lib.btfx_add_ptr(self._handle(), self._tid(t)))

    def add_const(self, t: TypeRef) -> Type:
        """Add a CONST of ``t``."""
        return self._added(lib.btfx_add_const(self._handle(), self._tid(t)))

    def add_volatile(self, t: TypeRef) -> Type:
        """Add a VOLATILE of ``t``."""
        return self._added(lib.btfx_add_volatile(self._handle(), self._tid(t)))

    def add_restrict(self, t: TypeRef) -> Type:
        """Add a RESTRICT of ``t``."""
        return self._added(lib.btfx_add_restrict(self._handle(), self._tid(t)))

    def add_typedef(self, name: str, t: TypeRef) -> Type:
        """Add a TYPEDEF ``name`` of ``t``."""
        return self._added(lib.btfx_add_typedef(self._handle(), cstr(name), self._tid(t)))

    def add_type_tag(self, value: str, t: TypeRef, *, attr: bool = False) -> Type:
        """Add a TYPE_TAG on ``t`` (``attr=True``: a type attribute, kind_flag set)."""
        f = lib.btfx_add_type_attr if attr else lib.btfx_add_type_tag
        return self._added(f(self._handle(), cstr(value), self._tid(t)))

    def add_array(self, elem: TypeRef, index: TypeRef, nelems: int) -> Type:
        """Add an ARRAY of ``nelems`` ``elem`` indexed by ``index``."""
        return self._added(lib.btfx_add_array(self._handle(), self._tid(index),
                                              self._tid(elem), nelems))

    def _composite(self, kind: int, name: Optional[str], size: int,
                   members: Sequence[Sequence[Any]]) -> Type:
        arr = (_lib.member_info * max(len(members), 1))()
        for i, m in enumerate(members):
            mname, mtype, off = m[0], m[1], m[2]
            arr[i] = _lib.member_info(cstr(mname), self._tid(mtype), off,
                                      m[3] if len(m) > 3 else 0)
        return self._added(lib.btfx_add_composite_with_members(
            self._handle(), kind, cstr(name), size, arr, len(members),
            ctypes.sizeof(_lib.member_info)))

    def add_struct(self, name: Optional[str], size: int,
                   members: Sequence[Sequence[Any]] = ()) -> Type:
        """Add a STRUCT with members ``(name, type, bit_offset[, bitfield_size])``."""
        return self._composite(Kind.STRUCT, name, size, members)

    def add_union(self, name: Optional[str], size: int,
                  members: Sequence[Sequence[Any]] = ()) -> Type:
        """Add a UNION with members ``(name, type, bit_offset[, bitfield_size])``."""
        return self._composite(Kind.UNION, name, size, members)

    def _enum(self, kind: int, name: Optional[str], size: int,
              values: Iterable[Tuple[str, int]], signed: bool) -> Type:
        vals = list(values)
        arr = (_lib.enum_info * max(len(vals), 1))()
        for i, (vname, v) in enumerate(vals):
            if kind == Kind.ENUM64 and v >= 1 << 63:
                v -= 1 << 64
            arr[i] = _lib.enum_info(cstr(vname), v)
        return self._added(lib.btfx_add_enum_with_values(
            self._handle(), kind, cstr(name), size, 1 if signed else 0, arr, len(vals),
            ctypes.sizeof(_lib.enum_info)))

    def add_enum(self, name: Optional[str], values: Iterable[Tuple[str, int]] = (),
                 size: int = 4, signed: bool = False) -> Type:
        """Add an ENUM of ``(name, value)`` pairs."""
        return self._enum(Kind.ENUM, name, size, values, signed)

    def add_enum64(self, name: Optional[str], values: Iterable[Tuple[str, int]] = (),
                   size: int = 8, signed: bool = False) -> Type:
        """Add an ENUM64 of ``(name, value)`` pairs (values up to 2**64 - 1)."""
        return self._enum(Kind.ENUM64, name, size, values, signed)

    def add_fwd(self, name: str, kind: str = "struct") -> Type:
        """Add a forward declaration: kind "struct", "union" or "enum"."""
        if kind not in _FWD:
            raise ValueError(f"add_fwd: kind {kind!r} is not struct, union or enum")
        return self._added(lib.btfx_add_fwd(self._handle(), cstr(name), _FWD[kind]))

    def add_func_proto(self, ret: TypeRef, params: Sequence[Tuple[Optional[str], TypeRef]] = ()
                       ) -> Type:
        """Add a FUNC_PROTO returning ``ret`` with ``(name, type)`` params;
        ``(None, None)`` last is "..."."""
        arr = (_lib.param_info * max(len(params), 1))()
        for i, (pname, ptype) in enumerate(params):
            arr[i] = _lib.param_info(cstr(pname), self._tid(ptype))
        return self._added(lib.btfx_add_func_proto_with_params(
            self._handle(), self._tid(ret), arr, len(params), ctypes.sizeof(_lib.param_info)))

    def add_func(self, name: str, proto: TypeRef, linkage: str = "static") -> Type:
        """Add a FUNC of prototype ``proto``: linkage "static", "global" or "extern"."""
        return self._added(lib.btfx_add_func(self._handle(), cstr(name), _LINKAGE[linkage],
                                             self._tid(proto)))

    def add_var(self, name: str, t: TypeRef, linkage: str = "static") -> Type:
        """Add a VAR of type ``t``: linkage "static", "global" or "extern"."""
        return self._added(lib.btfx_add_var(self._handle(), cstr(name), _LINKAGE[linkage],
                                            self._tid(t)))

    def add_decl_tag(self, value: str, t: TypeRef, component_idx: int = -1, *,
                     attr: bool = False) -> Type:
        """Add a DECL_TAG on ``t`` (or its member or param ``component_idx``)."""
        f = lib.btfx_add_decl_attr if attr else lib.btfx_add_decl_tag
        return self._added(f(self._handle(), cstr(value), self._tid(t), component_idx))

    def add_datasec(self, name: str, vars: Sequence[Tuple[TypeRef, int, int]] = (),
                    size: Optional[int] = None) -> Type:
        """Add a DATASEC of ``(var, offset, size)`` entries, sorted by offset;
        its size is ``size``, or the end of its last entry."""
        arr = (_lib.var_secinfo * max(len(vars), 1))()
        end = 0
        for i, (v, off, sz) in enumerate(vars):
            arr[i] = _lib.var_secinfo(self._tid(v), off, sz)
            end = max(end, off + sz)
        return self._added(lib.btfx_add_datasec_with_vars(
            self._handle(), cstr(name), end if size is None else size, arr, len(vars)))

    def add_btf(self, src: "Btf") -> int:
        """Append every own type of ``src``, renumbered; returns the first new id."""
        err = lib.btfx_add_btf(self._handle(), src._handle())
        if err < 0:
            raise self._fail(err)
        return err

    # -- whole-object calls -------------------------------------------------

    def dedup(self) -> List[int]:
        """Deduplicate the own types in place; returns the map old id -> new id.
        Types read before raise :class:`~btfx.StaleTypeError` afterwards."""
        h = self._handle()
        if self._children:
            raise Error("dedup: this Btf is the base of split objects; its ids must not change",
                        22)
        cnt = lib.btfx_type_cnt(h)
        id_map = (ctypes.c_uint32 * cnt)()
        opts = _lib.dedup_opts(sz=ctypes.sizeof(_lib.dedup_opts), id_map=id_map, id_map_cnt=cnt)
        err = lib.btfx_dedup(h, ctypes.byref(opts))
        if err < 0:
            raise self._fail(err)
        self._changed()
        return list(id_map)

    def prepare_load(self) -> None:
        """Rewrite an object file's BTF as libbpf does before loading it: the
        externs of .kconfig and .ksyms (its data sections must be placed:
        :func:`btfx.link` does it).  Raises :class:`~btfx.Error` for what
        libbpf refuses; the object is then unchanged."""
        err = _lib.need("btfx_prepare_load", "prepare_load()")(self._handle(), None)
        if err < 0:
            raise self._fail(err)
        self._changed()

    def _validate(self, target: str, every: bool) -> List[Problem]:
        if target not in _TARGET:
            raise ValueError(f"target {target!r}: current, 2026 or 5.15")
        f = _lib.need("btfx_validate", "validate()")
        found: List[Problem] = []

        def cb(p, ctx):
            q = p.contents
            found.append(Problem(q.type_id, _KIND_OF[q.kind & 0x7f] if q.kind else None,
                                 text(q.name), text(q.rule), text(q.msg)))
            return 0
        report = _lib.problem_fn(cb)
        opts = _lib.validate_opts(sz=ctypes.sizeof(_lib.validate_opts), target=_TARGET[target],
                                  flags=_VALIDATE_ALL if every else 0, report=report)
        err = f(self._handle(), ctypes.byref(opts))
        if err < 0:
            raise self._fail(err)
        return found

    def validate(self, target: str = "current") -> None:
        """Check the object as the kernel of ``target`` would load it
        ("current", "2026", "6.12", "6.1", "5.15" or "5.10"; as written,
        host byte order); raises
        :class:`~btfx.InvalidBtf` with the first problem."""
        if self._validate(target, False):
            raise InvalidBtf(text(lib.btfx_errmsg(self._h)) or "invalid BTF", 74)

    def problems(self, target: str = "current") -> List[Problem]:
        """Every problem the kernel of ``target`` would find, in its order
        (it stops at the first; this goes on where it can): [] when valid."""
        return self._validate(target, True)

    def _wopts(self, endian: str, layout: bool) -> "_lib.write_opts":
        if endian not in _ENDIAN:
            raise ValueError(f"endian {endian!r}: native, little, big or source")
        return _lib.write_opts(sz=ctypes.sizeof(_lib.write_opts), endian=_ENDIAN[endian],
                               flags=_WRITE_LAYOUT if layout else 0)

    def to_bytes(self, endian: str = "native", layout: bool = False) -> bytes:
        """The raw BTF blob: ``endian`` "native", "little", "big" or "source"
        (the order it was read in); ``layout``: the 32-byte header and a kind
        layout section."""
        opts = self._wopts(endian, layout)
        p, n = ctypes.c_void_p(), ctypes.c_size_t()
        err = lib.btfx_raw_data(self._handle(), ctypes.byref(opts), ctypes.byref(p),
                                ctypes.byref(n))
        if err < 0:
            raise self._fail(err)
        return ctypes.string_at(p, n.value)

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    def write(self, path: PathLike, endian: str = "native", gzip: bool = False,
              layout: bool = False, elf: bool = False, level: int = -1) -> None:
        """Write the object to ``path`` atomically (a temporary file renamed
        over it): raw BTF in byte order ``endian``, gzip-compressed with
        ``gzip`` (at ``level``), or as an ELF object's .BTF section with ``elf``.
        I/O errors raise :class:`btfx.OSError`."""
        h = self._handle()
        fname = os.fsdecode(path)
        sink = lib.btfx_sink_path(os.fsencode(path), None)
        if not sink:
            raise Error(f"{fname}: cannot make a sink", 22)
        gz = None
        try:
            if gzip:
                gz = lib.btfx_sink_gzip(sink, level, None)
                if not gz:
                    raise Error(f"{fname}: bad gzip level {level}", 22)
            out = gz or sink
            if elf:
                eo = _lib.elf_opts(sz=ctypes.sizeof(_lib.elf_opts), endian=_ENDIAN[endian],
                                   flags=_WRITE_LAYOUT if layout else 0)
                err = lib.btfx_write_elf(h, out, ctypes.byref(eo))
            else:
                err = lib.btfx_write(h, out, ctypes.byref(self._wopts(endian, layout)))
            if err < 0:
                raise self._fail(err, True, fname)
            for s in (gz, sink):
                if s is not None:
                    err = lib.btfx_sink_finish(s)
                    if err < 0:
                        raise make(err, text(lib.btfx_sink_errmsg(s)), True, fname)
        except BaseException:
            if gz is not None:
                lib.btfx_sink_abort(gz)
            lib.btfx_sink_abort(sink)
            raise
        if gz is not None:
            lib.btfx_sink_close(gz)
        lib.btfx_sink_close(sink)

    def __repr__(self) -> str:
        if self._closed:
            return "<btfx.Btf closed>"
        return f"<btfx.Btf {len(self)} types, start_id {self.start_id}>"


def load(src: Union[PathLike, bytes, bytearray, memoryview], base: Optional[Btf] = None
         ) -> Btf:
    """Read BTF: a path (raw BTF of either byte order, gzip, or an ELF object's
    .BTF section; "-" is standard input) or the bytes of a raw blob.  With
    ``base``, the input is split BTF over it."""
    b = Btf(base)
    try:
        if isinstance(src, (bytes, bytearray, memoryview)):
            data = bytes(src)
            err = lib.btfx_load(b._h, data, len(data), None)
            if err < 0:
                raise b._fail(err)
        else:
            err = lib.btfx_load_file(b._h, os.fsencode(src), None)
            if err < 0:
                raise b._fail(err, True, os.fsdecode(src))
    except BaseException:
        b.close()
        raise
    return b


def link(*srcs: Union[PathLike, bytes, bytearray, memoryview], dedup: bool = True,
         as_loaded: bool = False) -> Btf:
    """Link the BTF of objects as a static linker does (as ``btfx link``):
    each a path or the bytes of an ELF object (placed by its section headers
    and symbols) or of raw BTF.  ``dedup``: deduplicate the result;
    ``as_loaded``: then rewrite it as libbpf does before loading it
    (:meth:`Btf.prepare_load`), so that :meth:`Btf.validate` gives the
    kernel's verdict on what libbpf will load.  Returns a new :class:`Btf`."""
    opts = _lib.link_opts(sz=ctypes.sizeof(_lib.link_opts), flags=0 if dedup else 1)
    h = _lib.need("btfx_link_new", "link()")(ctypes.byref(opts))
    if not h:
        raise make(-12, "link: out of memory")
    try:
        for src in srcs:
            if isinstance(src, (bytes, bytearray, memoryview)):
                data, name = bytes(src), "(bytes)"
            else:
                with open(src, "rb") as f:
                    data, name = f.read(), os.fsdecode(src)
            add = lib.btfx_link_add_elf if data[:4] == b"\x7fELF" else lib.btfx_link_add_raw
            err = add(h, data, len(data), os.fsencode(name), None)
            if err < 0:
                raise make(err, text(lib.btfx_link_errmsg(h)))
        out = ctypes.c_void_p()
        err = lib.btfx_link_finish(h, ctypes.byref(out))
        if err < 0:
            raise make(err, text(lib.btfx_link_errmsg(h)))
        if as_loaded:
            err = _lib.need("btfx_link_prepare_load", "link(as_loaded=True)")(h)
            if err < 0:
                raise make(err, text(lib.btfx_errmsg(out)))
        p, n = ctypes.c_void_p(), ctypes.c_size_t()
        err = lib.btfx_raw_data(out, None, ctypes.byref(p), ctypes.byref(n))
        if err < 0:
            raise make(err, text(lib.btfx_errmsg(out)))
        return load(ctypes.string_at(p, n.value))
    finally:
        lib.btfx_link_free(h)


def diff(old: Btf, new: Btf) -> str:
    """What changed from ``old`` to ``new``: types added, removed and changed,
    and the bytes by kind, as ``btfx diff`` prints it."""
    f = _lib.need("btfx_diff", "diff()")
    chunks: List[bytes] = []
    err = f(old._handle(), new._handle(), _collect(chunks), None, None)
    if err < 0:
        raise new._fail(err)
    return b"".join(chunks).decode("utf-8", "surrogateescape")


def version() -> str:
    """The version of the loaded libbtfx."""
    return text(lib.btfx_version())
