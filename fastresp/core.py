"""The serialization core: picks the compiled twin or the pure-Python twin at import.

``IMPLEMENTATION`` says which one is in use: ``"cython"`` or ``"python"``. Setting
``FASTRESP_NO_EXTENSIONS=1`` forces the pure twin, as does an interpreter other than
CPython or a compiled module that cannot be imported.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from ._errors import InvalidHeaderError

__all__ = [
    "FRAMING_CHUNKED",
    "FRAMING_CLOSE",
    "FRAMING_LENGTH",
    "FRAMING_NONE",
    "IMPLEMENTATION",
    "NO_EXTENSIONS",
    "InvalidHeaderError",
    "build_head",
    "check_field",
    "encode_chunk",
    "encode_headers",
    "encode_sse_event",
    "encode_sse_events",
    "http_date",
    "last_chunk",
    "render_set_cookie",
    "status_line",
]


def extensions_disabled() -> bool:
    """Whether the environment or the interpreter rules out the compiled twin."""
    flag = os.environ.get("FASTRESP_NO_EXTENSIONS", "").strip().lower()
    return flag not in ("", "0", "false", "no") or sys.implementation.name != "cpython"


#: True when the pure twin was asked for (environment) or is the only choice (interpreter).
NO_EXTENSIONS = extensions_disabled()

if TYPE_CHECKING or NO_EXTENSIONS:
    from . import _core_py as _twin
else:
    try:
        from . import _core as _twin
    except ImportError:  # no compiled build for this platform: the pure twin serves
        from . import _core_py as _twin

#: Which twin is in use: ``"cython"`` or ``"python"``.
IMPLEMENTATION = "python" if _twin.__name__.endswith("_py") else "cython"

FRAMING_NONE = _twin.FRAMING_NONE
FRAMING_LENGTH = _twin.FRAMING_LENGTH
FRAMING_CHUNKED = _twin.FRAMING_CHUNKED
FRAMING_CLOSE = _twin.FRAMING_CLOSE
build_head = _twin.build_head
check_field = _twin.check_field
encode_chunk = _twin.encode_chunk
encode_headers = _twin.encode_headers
encode_sse_event = _twin.encode_sse_event
encode_sse_events = _twin.encode_sse_events
http_date = _twin.http_date
last_chunk = _twin.last_chunk
render_set_cookie = _twin.render_set_cookie
status_line = _twin.status_line
