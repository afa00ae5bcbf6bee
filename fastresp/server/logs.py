"""Access and error logging in uvicorn's format, with request targets made safe for terminals."""

from __future__ import annotations

import logging

error_logger = logging.getLogger("uvicorn.error")
access_logger = logging.getLogger("uvicorn.access")

# Bytes a log line must not show as they are: control bytes, space, DEL, non-ASCII,
# the quote around the request line and backslash are percent-encoded, so that a
# request cannot move the cursor, recolour the terminal or forge a line or field
# (CVE-2020-7694, CPython gh-100001). The rest, "%" included, is logged as received.
_ESCAPES = {code: f"%{code:02X}" for code in (*range(0x21), 0x22, 0x5C, *range(0x7F, 0x100))}


def loggable_target(raw_path: bytes, query_string: bytes) -> str:
    """Return the request target as received (``raw_path?query``), with control characters escaped."""
    target = raw_path.decode("latin-1")
    if query_string:
        target += "?" + query_string.decode("latin-1")
    return target.translate(_ESCAPES)


def log_access(scope: dict, status: int) -> None:
    """Write one access-log line: ``client - "METHOD target HTTP/x" status``, as uvicorn does."""
    client = scope.get("client")
    access_logger.info(
        '%s - "%s %s HTTP/%s" %d',
        f"{client[0]}:{client[1]}" if client else "",
        scope["method"],
        loggable_target(scope["raw_path"], scope["query_string"]),
        scope["http_version"],
        status,
    )
