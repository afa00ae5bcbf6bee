"""Access and error logging in uvicorn's format, with request targets made safe for terminals."""

from __future__ import annotations

import logging
from urllib.parse import quote

error_logger = logging.getLogger("uvicorn.error")
access_logger = logging.getLogger("uvicorn.access")

# Characters a log line may show as they are. Everything else, control bytes
# and backslash included, is percent-encoded so that a request cannot move the
# cursor, recolour the terminal or forge a line (CVE-2020-7694, CPython gh-100001).
_SAFE_PATH = "/!$&'()*+,;=:@-._~"
_SAFE_QUERY = _SAFE_PATH + "?%"


def loggable_target(path: str, query_string: bytes) -> str:
    """Return ``path?query`` for the access log, with control characters escaped."""
    target = quote(path, safe=_SAFE_PATH)
    if query_string:
        target += "?" + quote(query_string.decode("latin-1"), safe=_SAFE_QUERY)
    return target


def log_access(scope: dict, status: int) -> None:
    """Write one access-log line: ``client - "METHOD target HTTP/x" status``."""
    client = scope.get("client")
    access_logger.info(
        '%s - "%s %s HTTP/%s" %d',
        f"{client[0]}:{client[1]}" if client else "",
        scope["method"],
        loggable_target(scope["path"], scope["query_string"]),
        scope["http_version"],
        status,
    )
