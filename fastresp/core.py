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
    "encode_chunk",
    "encode_headers",
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
    from ._core_py import (
        FRAMING_CHUNKED,
        FRAMING_CLOSE,
        FRAMING_LENGTH,
        FRAMING_NONE,
        build_head,
        encode_chunk,
        encode_headers,
        http_date,
        last_chunk,
        render_set_cookie,
        status_line,
    )

    IMPLEMENTATION = "python"
else:
    try:
        from ._core import (
            FRAMING_CHUNKED,
            FRAMING_CLOSE,
            FRAMING_LENGTH,
            FRAMING_NONE,
            build_head,
            encode_chunk,
            encode_headers,
            http_date,
            last_chunk,
            render_set_cookie,
            status_line,
        )

        IMPLEMENTATION = "cython"
    except ImportError:  # no compiled build for this platform: the pure twin serves
        from ._core_py import (  # type: ignore[assignment]
            FRAMING_CHUNKED,
            FRAMING_CLOSE,
            FRAMING_LENGTH,
            FRAMING_NONE,
            build_head,
            encode_chunk,
            encode_headers,
            http_date,
            last_chunk,
            render_set_cookie,
            status_line,
        )

        IMPLEMENTATION = "python"
