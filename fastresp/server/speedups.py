"""The server's hot path: picks the compiled ``_speedups`` or the pure ``_speedups_py`` at import.

``IMPLEMENTATION`` is ``"cython"`` or ``"python"``; ``FASTRESP_NO_EXTENSIONS=1``, an
interpreter other than CPython, or a missing compiled module selects the pure twin,
exactly as ``fastresp.core`` chooses its twin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import NO_EXTENSIONS

__all__ = ["IMPLEMENTATION", "CycleCore", "ProtocolCore"]

if TYPE_CHECKING or NO_EXTENSIONS:
    from . import _speedups_py as _twin
else:
    try:
        from . import _speedups as _twin
    except ImportError:  # not built for this platform: the pure twin serves
        from . import _speedups_py as _twin

#: Which twin is in use: ``"cython"`` or ``"python"``.
IMPLEMENTATION = "python" if _twin.__name__.endswith("_py") else "cython"

ProtocolCore = _twin.ProtocolCore
CycleCore = _twin.CycleCore
