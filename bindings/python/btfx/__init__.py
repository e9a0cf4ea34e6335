# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""libbtfx from Python: read, build, deduplicate and write BTF.

>>> import btfx
>>> with btfx.Btf() as b:
...     i = b.add_int("int", 4, signed=True)
...     s = b.add_struct("pair", 8, [("a", i, 0), ("b", i, 32)])
...     print(s)
[2] STRUCT 'pair' size=8 vlen=2

The shared library is found through ``BTFX_LIBRARY``, the installed
``libbtfx.so.0``, or the build tree (see :mod:`btfx._lib`).
"""

from .btf import Btf, Problem, diff, link, load, version
from .errors import ClosedError, Error, InvalidBtf, OSError, StaleTypeError
from .types import EnumValue, Kind, Member, Param, Type, VarSecinfo

__all__ = ["Btf", "Problem", "load", "link", "diff", "version", "Error", "InvalidBtf", "OSError",
           "ClosedError", "StaleTypeError", "Type", "Kind", "Member", "EnumValue", "Param",
           "VarSecinfo"]
