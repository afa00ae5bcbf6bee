"""fastresp: HTTP responses turned into bytes fast and correctly, with a Ktor-style API."""

from __future__ import annotations

from .core import IMPLEMENTATION, InvalidHeaderError

__version__ = "0.1.0"

__all__ = ["IMPLEMENTATION", "InvalidHeaderError", "__version__"]
