"""The server's hot path: picks the compiled ``_speedups`` or the pure ``_speedups_py`` at import.

``IMPLEMENTATION`` is ``"cython"`` or ``"python"``; ``FASTRESP_NO_EXTENSIONS=1``, an
interpreter other than CPython, or a missing compiled module selects the pure twin,
exactly as ``fastresp.core`` chooses its twin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import NO_EXTENSIONS

__all__ = ["IMPLEMENTATION", "CycleCore", "HeadReader"]

if TYPE_CHECKING or NO_EXTENSIONS:
    from ._speedups_py import CycleCore, HeadReader

    IMPLEMENTATION = "python"
else:
    try:
        from ._speedups import CycleCore, HeadReader

        IMPLEMENTATION = "cython"
    except ImportError:  # not built for this platform: the pure twin serves
        from ._speedups_py import CycleCore, HeadReader  # type: ignore[assignment]

        IMPLEMENTATION = "python"
