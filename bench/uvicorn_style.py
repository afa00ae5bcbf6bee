"""A response head built the way uvicorn's httptools protocol builds one: the baseline to beat.

uvicorn (``uvicorn/protocols/http/httptools_impl.py``, ``RequestResponseCycle.send``)
looks the status line up in a dict, prepends the server's default headers, searches
each name and value with a regular expression, lowercases the name, notes the framing
headers, appends the pieces to a list and joins it once. This module does the same
work, written for the benchmark; it is not uvicorn's code and not part of fastresp.
"""

from __future__ import annotations

import http
import re
from collections.abc import Iterable

# The characters uvicorn refuses: in a name, separators, controls and whitespace
# (RFC 9110 token); in a value, controls except TAB. Bytes >= 0x80 pass both.
_BAD_NAME = re.compile(rb'[\x00-\x1f\x7f()<>@,;:\[\]={} \t\\"]')
_BAD_VALUE = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def _status_line(code: int) -> bytes:
    """``HTTP/1.1 <code> <phrase>\\r\\n``, with an empty phrase for an unknown code."""
    try:
        phrase = http.HTTPStatus(code).phrase.encode("ascii")
    except ValueError:
        phrase = b""
    return b"HTTP/1.1 %d %s\r\n" % (code, phrase)


#: Precomputed status lines for 100-599, as uvicorn keeps them.
STATUS_LINES = {code: _status_line(code) for code in range(100, 600)}


def build_head(
    status: int,
    headers: Iterable[tuple[bytes, bytes]],
    *,
    method: str = "GET",
    keep_alive: bool = True,
    default_headers: list[tuple[bytes, bytes]] | None = None,
) -> tuple[bytes, bool, int, bool]:
    """Return ``(head, chunked, expected_length, keep_alive)`` for an HTTP/1.1 response.

    Raises RuntimeError on a header a strict peer would refuse, as uvicorn does.
    """
    parts = [STATUS_LINES[status]]
    # The defaults (date, server) go first and are not de-duplicated, like uvicorn.
    all_headers = (default_headers or []) + list(headers)
    chunked = None
    expected_length = 0
    sent_close = False
    for name, value in all_headers:
        if _BAD_NAME.search(name):
            raise RuntimeError("Invalid HTTP header name.")
        if _BAD_VALUE.search(value):
            raise RuntimeError("Invalid HTTP header value.")
        name = name.lower()
        if name == b"content-length" and chunked is None:
            expected_length = int(value.decode())
            chunked = False
        elif name == b"transfer-encoding" and value.lower() == b"chunked":
            expected_length = 0
            chunked = True
        elif name == b"connection" and b"close" in [option.strip().lower() for option in value.split(b",")]:
            keep_alive = False
            sent_close = True
        parts.extend((name, b": ", value, b"\r\n"))
    if not keep_alive and not sent_close:
        parts.append(b"connection: close\r\n")
    if chunked is None and method != "HEAD" and status not in (204, 304):
        chunked = True
        parts.append(b"transfer-encoding: chunked\r\n")
    parts.append(b"\r\n")
    return b"".join(parts), bool(chunked), expected_length, keep_alive
