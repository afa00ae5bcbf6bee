"""The application's hot path: ``_hotpath`` compiled by Cython, or the same file run as plain Python.

``fastresp/app/_hotpath.py`` is written once and chosen by ``fastresp._puremode``:
compiled, or under the name ``_hotpath_py`` run from source when
``FASTRESP_NO_EXTENSIONS=1``, the interpreter or a missing build rules the compiled form out.
``IMPLEMENTATION`` is ``"cython"`` or ``"python"``.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from .._puremode import compiled_module, is_source, select_module, source_module

__all__ = [
    "BUFFER_LIMIT",
    "IMPLEMENTATION",
    "REASON_EXTENSION",
    "ResponseWriter",
    "build_start",
    "compiled_hotpath",
    "send_content",
    "source_hotpath",
]

_NAME = f"{__package__}._hotpath"


def source_hotpath() -> ModuleType:
    """Return ``_hotpath.py`` run as plain Python (module ``fastresp.app._hotpath_py``), loading it once."""
    return source_module(_NAME)


def compiled_hotpath() -> ModuleType:
    """Return the compiled ``_hotpath``; ImportError when only the source is installed."""
    return compiled_module(_NAME)


if TYPE_CHECKING:
    from . import _hotpath
else:
    _hotpath = select_module(_NAME)

#: Which build is in use: ``"cython"`` or ``"python"``.
IMPLEMENTATION = "python" if is_source(_hotpath) else "cython"

ResponseWriter = _hotpath.ResponseWriter
BUFFER_LIMIT = _hotpath.BUFFER_LIMIT
REASON_EXTENSION = _hotpath.REASON_EXTENSION
build_start = _hotpath.build_start
send_content = _hotpath.send_content
