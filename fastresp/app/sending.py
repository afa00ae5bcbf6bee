"""Turning an ``OutgoingContent`` into ASGI messages: one head, then the body.

``send_content`` and ``build_start`` are written once in ``_hotpath.py`` and used
compiled or as plain Python (``speedups.py`` picks the build); this module is their
public home. Everything that can fail is checked before ``http.response.start`` goes
out (DESIGN: validate before the first byte).
"""

from __future__ import annotations

from .contents import FILE_CHUNK
from .speedups import REASON_EXTENSION, build_start, send_content

__all__ = ["FILE_CHUNK", "REASON_EXTENSION", "build_start", "send_content"]
