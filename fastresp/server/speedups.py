"""The server's hot path: ``_hotpath`` compiled by Cython, or the same file run as plain Python.

``fastresp/server/_hotpath.py`` is written once and chosen by ``fastresp._puremode``:
compiled, or under the name ``_hotpath_py`` run from source when
``FASTRESP_NO_EXTENSIONS=1``, the interpreter or a missing build rules the compiled form out.
``IMPLEMENTATION`` is ``"cython"`` or ``"python"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._puremode import implementation, select_module

__all__ = ["EAGER_START", "IMPLEMENTATION", "CycleCore", "ProtocolCore"]

if TYPE_CHECKING:
    from . import _hotpath
else:
    _hotpath = select_module(f"{__package__}._hotpath")

#: Which build is in use: ``"cython"`` or ``"python"``.
IMPLEMENTATION = implementation(_hotpath)

ProtocolCore = _hotpath.ProtocolCore
CycleCore = _hotpath.CycleCore
EAGER_START = _hotpath.EAGER_START
