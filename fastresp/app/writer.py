"""The writer handed to ``respond_write`` producers: ``await writer.write(data)``, ``await writer.flush()``.

``ResponseWriter`` is written once in ``_hotpath.py`` and used compiled or as
plain Python (``speedups.py`` picks the build); this module is its public home.
"""

from __future__ import annotations

from .errors import BodyLengthError
from .speedups import BUFFER_LIMIT, ResponseWriter

__all__ = ["BUFFER_LIMIT", "BodyLengthError", "ResponseWriter"]
