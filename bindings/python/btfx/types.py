# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Read-only type objects: what one record of a BTF object says."""

import enum
import struct
from typing import TYPE_CHECKING, NamedTuple, Optional, Tuple, Union

from .errors import ClosedError, StaleTypeError

if TYPE_CHECKING:  # pragma: no cover
    from .btf import Btf


class Kind(enum.IntEnum):
    """The BTF kinds (BTFX_KIND_*); names as bpftool prints them."""
    UNKN = 0
    INT = 1
    PTR = 2
    ARRAY = 3
    STRUCT = 4
    UNION = 5
    ENUM = 6
    FWD = 7
    TYPEDEF = 8
    VOLATILE = 9
    CONST = 10
    RESTRICT = 11
    FUNC = 12
    FUNC_PROTO = 13
    VAR = 14
    DATASEC = 15
    FLOAT = 16
    DECL_TAG = 17
    TYPE_TAG = 18
    ENUM64 = 19

    @classmethod
    def of(cls, kind: Union["Kind", int, str]) -> "Kind":
        """A Kind from a Kind, its number or its name ("struct", "FUNC_PROTO")."""
        if isinstance(kind, str):
            try:
                return cls[kind.upper()]
            except KeyError:
                raise ValueError(f"unknown kind {kind!r}") from None
        return cls(kind)


KINDS = tuple(Kind)
NR_KINDS = len(KINDS)
# A record's kind bits (7) to its Kind, or the int for a kind libbtfx does not know.
_KIND_OF: Tuple[Union[Kind, int], ...] = KINDS + tuple(range(NR_KINDS, 128))


class Member(NamedTuple):
    """A STRUCT or UNION member: bitfield_size is 0 for a plain member."""
    name: str
    type: int
    bit_offset: int
    bitfield_size: int


class EnumValue(NamedTuple):
    """An enumerator of an ENUM or ENUM64."""
    name: str
    value: int


class Param(NamedTuple):
    """A FUNC_PROTO parameter; ("", 0) is "..."."""
    name: str
    type: int


class VarSecinfo(NamedTuple):
    """A DATASEC entry: the VAR's type id, its offset and size in the section."""
    type: int
    offset: int
    size: int


# Which kinds' last word is a size; bytes of the record after btfx_type:
# a fixed part and one element per vlen.
_SIZED = frozenset((Kind.INT, Kind.ENUM, Kind.STRUCT, Kind.UNION, Kind.DATASEC, Kind.FLOAT,
                    Kind.ENUM64))
FIXED = (0, 4, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 4, 0, 0)
ELEM = (0, 0, 0, 0, 12, 12, 8, 0, 0, 0, 0, 0, 0, 8, 0, 12, 0, 0, 0, 12)
_LINKAGE_VAR = ("static", "global", "extern")
_LINKAGE_FUNC = ("static", "global", "extern")

_U32 = struct.Struct("=I")
_I32 = struct.Struct("=i")
_III = struct.Struct("=III")
_II = struct.Struct("=II")
_Ii = struct.Struct("=Ii")


class Type:
    """One type of a :class:`~btfx.Btf`, read-only.

    It holds a reference to its object and a copy of its record; it raises
    :class:`~btfx.ClosedError` once the object is closed and
    :class:`~btfx.StaleTypeError` once the object was renumbered
    (:meth:`~btfx.Btf.dedup`): get it again by id then.

    Attributes that do not apply to the kind are None (``size``, ``type``)
    or empty (``members``, ``values``, ``params``, ``vars``).

    Iterating a :class:`~btfx.Btf` makes instances of a subclass whose
    ``kind`` and ``name`` are filled at creation and read without a check,
    for bulk readers; the object deletes those two from the subclass when
    it is closed or deduplicated, so that they fall back to the checking
    properties below and raise like every other attribute.
    """

    __slots__ = ("_btf", "_gen", "id", "_d", "_o", "_no", "_info")

    # Filled by Btf when it makes the type (never built directly): the
    # object and its generation (Btf._gen: -1 once closed, bumped by dedup),
    # the id, the bytes holding the record and its offset there, and the
    # record's name offset and info word.  kind and name, read for every type
    # by bulk users, cost one generation compare and no library call.
    _btf: "Btf"
    _gen: int
    id: int
    _d: bytes
    _o: int
    _no: int
    _info: int

    def _check(self) -> None:
        b = self._btf
        if b._gen != self._gen:
            if b._h is None or b._closed:
                raise ClosedError(f"type [{self.id}]: its Btf is closed")
            raise StaleTypeError(f"type [{self.id}]: its Btf changed (dedup) since it was read; "
                                 "look the type up again")

    @property
    def kind(self) -> Union[Kind, int]:
        """The kind: a :class:`Kind`, or an int for a kind libbtfx does not know."""
        if self._btf._gen != self._gen:
            self._check()
        return _KIND_OF[(self._info >> 24) & 0x7f]

    @property
    def name(self) -> str:
        """The name; "" when anonymous."""
        b = self._btf
        if b._gen != self._gen:
            self._check()
        # The own string section decoded once (see Btf._refresh), when its
        # character offsets are its byte offsets; else the slow path.
        s = b._text
        i = self._no - b._str_start
        if 0 <= i < len(s):
            j = s.find("\0", i)
            if j >= 0:
                return s[i:j]
        return b._str(self._no)

    @property
    def vlen(self) -> int:
        """Number of trailing elements (members, values, params, vars)."""
        self._check()
        return self._info & 0xffffff

    @property
    def kind_flag(self) -> bool:
        """The record's kind_flag bit."""
        self._check()
        return bool(self._info >> 31)

    @property
    def size(self) -> Optional[int]:
        """Size in bytes (INT, ENUM, ENUM64, STRUCT, UNION, DATASEC, FLOAT), else None."""
        self._check()
        return self._word(8) if ((self._info >> 24) & 0x7f) in _SIZED else None

    @property
    def type(self) -> Optional[int]:
        """The type id referred to: PTR, TYPEDEF, modifiers, TYPE_TAG, FUNC, VAR,
        DECL_TAG, a FUNC_PROTO's return type, an ARRAY's element type; else None."""
        self._check()
        k = (self._info >> 24) & 0x7f
        if k == Kind.ARRAY:
            return _III.unpack_from(self._d, self._o + 12)[0]
        if k in _SIZED or k in (Kind.UNKN, Kind.FWD) or k >= NR_KINDS:
            return None
        return self._word(8)

    def _elems(self, size: int):
        o = self._o + 12 + FIXED[(self._info >> 24) & 0x7f]
        return range(o, o + size * (self._info & 0xffffff), size)

    @property
    def members(self) -> Tuple[Member, ...]:
        """A STRUCT's or UNION's members."""
        self._check()
        if self.kind not in (Kind.STRUCT, Kind.UNION):
            return ()
        kflag = self._info >> 31
        b, d, out = self._btf, self._d, []
        for o in self._elems(12):
            no, t, off = _III.unpack_from(d, o)
            if kflag:
                out.append(Member(b._str(no), t, off & 0xffffff, off >> 24))
            else:
                out.append(Member(b._str(no), t, off, 0))
        return tuple(out)

    @property
    def values(self) -> Tuple[EnumValue, ...]:
        """An ENUM's or ENUM64's enumerators, signed when kind_flag is set."""
        self._check()
        k, signed = self.kind, self._info >> 31
        b, d, out = self._btf, self._d, []
        if k == Kind.ENUM:
            for o in self._elems(8):
                no, v = (_Ii if signed else _II).unpack_from(d, o)
                out.append(EnumValue(b._str(no), v))
        elif k == Kind.ENUM64:
            for o in self._elems(12):
                no, lo, hi = _III.unpack_from(d, o)
                v = hi << 32 | lo
                if signed and v >= 1 << 63:
                    v -= 1 << 64
                out.append(EnumValue(b._str(no), v))
        return tuple(out)

    @property
    def params(self) -> Tuple[Param, ...]:
        """A FUNC_PROTO's parameters."""
        self._check()
        if self.kind != Kind.FUNC_PROTO:
            return ()
        b, d = self._btf, self._d
        return tuple(Param(b._str(no), t) for no, t in
                     (_II.unpack_from(d, o) for o in self._elems(8)))

    @property
    def vars(self) -> Tuple[VarSecinfo, ...]:
        """A DATASEC's entries, in offset order."""
        self._check()
        if self.kind != Kind.DATASEC:
            return ()
        d = self._d
        return tuple(VarSecinfo(*_III.unpack_from(d, o)) for o in self._elems(12))

    def _word(self, at: int) -> int:
        return _U32.unpack_from(self._d, self._o + at)[0]

    def _extra(self) -> int:
        return self._word(12)

    @property
    def encoding(self) -> Optional[int]:
        """An INT's encoding bits (BTFX_INT_SIGNED 1, CHAR 2, BOOL 4), else None."""
        self._check()
        return (self._extra() >> 24) & 0xf if self.kind == Kind.INT else None

    @property
    def bits(self) -> Optional[int]:
        """An INT's number of bits, else None."""
        self._check()
        return self._extra() & 0xff if self.kind == Kind.INT else None

    @property
    def bit_offset(self) -> Optional[int]:
        """An INT's bit offset, else None."""
        self._check()
        return (self._extra() >> 16) & 0xff if self.kind == Kind.INT else None

    @property
    def index_type(self) -> Optional[int]:
        """An ARRAY's index type id, else None."""
        self._check()
        return _III.unpack_from(self._d, self._o + 12)[1] if self.kind == Kind.ARRAY else None

    @property
    def nelems(self) -> Optional[int]:
        """An ARRAY's number of elements, else None."""
        self._check()
        return _III.unpack_from(self._d, self._o + 12)[2] if self.kind == Kind.ARRAY else None

    @property
    def linkage(self) -> Optional[str]:
        """A VAR's or FUNC's linkage: "static", "global" or "extern" (else None)."""
        self._check()
        k = self.kind
        if k == Kind.VAR:
            v = self._extra()
        elif k == Kind.FUNC:
            v = self._info & 0xffffff
        else:
            return None
        return _LINKAGE_VAR[v] if v < 3 else str(v)

    @property
    def component_idx(self) -> Optional[int]:
        """A DECL_TAG's component index (-1: the type itself), else None."""
        self._check()
        if self.kind != Kind.DECL_TAG:
            return None
        return _I32.unpack_from(self._d, self._o + 12)[0]

    @property
    def fwd_kind(self) -> Optional[str]:
        """A FWD's kind: "struct" or "union" (else None)."""
        self._check()
        if self.kind != Kind.FWD:
            return None
        return "union" if self._info >> 31 else "struct"

    @property
    def btf(self) -> "Btf":
        """The object the type belongs to."""
        self._check()
        return self._btf

    def dump(self) -> str:
        """The raw dump of the type (`bpftool btf dump`'s text), all its lines."""
        self._check()
        return self._btf._dump_type(self.id)

    def __repr__(self) -> str:
        b = self._btf
        if b._gen != self._gen:
            state = "closed" if b._h is None else "stale"
            return f"<btfx.Type [{self.id}] ({state})>"
        if self.id == 0:
            return "[0] void"
        return b._dump_type(self.id).split("\n", 1)[0]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Type):
            return NotImplemented
        return self._btf is other._btf and self.id == other.id and self._gen == other._gen

    def __hash__(self) -> int:
        return hash((id(self._btf), self.id, self._gen))
