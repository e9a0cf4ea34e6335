# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Exceptions raised by the btfx package."""

import builtins
import errno as _errno
from typing import Optional


class Error(Exception):
    """An error of libbtfx: ``errno`` (positive) and the library's ``message``."""

    def __init__(self, message: str, errno: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.errno = errno


class InvalidBtf(Error, ValueError):
    """The input is not valid BTF (malformed, or of a kind libbtfx cannot read)."""


class OSError(Error, builtins.OSError):
    """An I/O error of the library (open, read, write, rename...)."""

    def __init__(self, message: str, errno: int = 0, filename: Optional[str] = None) -> None:
        builtins.OSError.__init__(self, errno, message)
        self.message = message
        self.errno = errno
        if filename is not None:
            self.filename = filename

    def __str__(self) -> str:
        return self.message


class ClosedError(Error, ValueError):
    """The object was closed: it can no longer be used."""


class StaleTypeError(Error):
    """A type object from before a change that renumbered its object (dedup)."""


_INVALID = {_errno.EBADMSG, _errno.ENOTSUP}
_IO = {_errno.ENOENT, _errno.EACCES, _errno.EPERM, _errno.EIO, _errno.ENOSPC, _errno.EPIPE,
       _errno.EISDIR, _errno.ENOTDIR, _errno.EROFS, _errno.EEXIST, _errno.EBADF,
       _errno.EFBIG, _errno.EDQUOT, _errno.ENAMETOOLONG, _errno.ELOOP}


def make(err: int, message: str, io: bool = False, filename: Optional[str] = None) -> Error:
    """The exception for a negative errno ``err`` returned by the library."""
    code = -err if err < 0 else err
    if not message:
        from ._lib import lib, text
        message = text(lib.btfx_strerror(-code))
    if code == _errno.ENOMEM:
        return Error(message, code)  # not MemoryError: that one is the interpreter's
    if io and code in _IO:
        return OSError(message, code, filename)
    if code in _INVALID:
        return InvalidBtf(message, code)
    return Error(message, code)
