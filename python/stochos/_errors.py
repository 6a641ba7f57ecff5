# SPDX-License-Identifier: GPL-3.0-or-later
"""Exceptions raised by stochos: one class per kind of stochos::Error.

Each carries what the CLI prints: str(e) is the same diagnostic ("song.mid: byte 0x1a3
(track 2): running status with no previous status byte"), and the parts are attributes.
The classes also derive from the built-in exception a Python user would catch for that kind
(ValueError for bad arguments and bad data, OSError for file-system failures).
"""

from typing import Optional


class Error(Exception):
    """A stochos error. Attributes: kind ("usage", "input", "io", "unsupported", "internal"),
    message (the bare sentence), file, byte_offset, line, column (1-based), context (e.g.
    "track 2" or "record 17") and code (a machine-readable reason such as "multiple_tempos",
    empty when not set)."""

    kind = "internal"

    def __init__(self, text: str, message: str = "", file: str = "", byte_offset: Optional[int] = None,
                 line: Optional[int] = None, column: Optional[int] = None, context: str = "", code: str = ""):
        super().__init__(text)
        self.message = message or text
        self.file = file
        self.byte_offset = byte_offset
        self.line = line
        self.column = column
        self.context = context
        self.code = code


class UsageError(Error, ValueError):
    """Bad arguments or options (the CLI's exit code 2)."""
    kind = "usage"


class InputError(Error, ValueError):
    """Malformed input data (exit code 3)."""
    kind = "input"


class UnsupportedError(Error, ValueError):
    """Well-formed input that stochos does not handle (exit code 3)."""
    kind = "unsupported"


class IoError(Error, OSError):
    """A file-system or device failure (exit code 4)."""
    kind = "io"

    def __str__(self) -> str:  # OSError's own __str__ would show only the first argument's repr
        return self.args[0] if self.args else ""


class InternalError(Error, RuntimeError):
    """A bug in stochos (exit code 1)."""
    kind = "internal"


_BY_KIND = {c.kind: c for c in (UsageError, InputError, UnsupportedError, IoError, InternalError)}


def _from_native(kind, text, message, file, byte_offset, line, column, context, code):
    cls = _BY_KIND.get(kind, InternalError)
    return cls(text, message, file, byte_offset, line, column, context, code)

# Tracebacks name the classes as users import them.
for _cls in (Error, UsageError, InputError, UnsupportedError, IoError, InternalError):
    _cls.__module__ = "stochos"
del _cls
