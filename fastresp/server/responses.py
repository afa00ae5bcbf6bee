"""Complete responses the server sends on its own behalf (400, 408, 431, 500, 503)."""

from __future__ import annotations

from collections.abc import Iterable

from ..core import build_head

_TEXT_PLAIN = (b"content-type", b"text/plain; charset=utf-8")


def plain_response(
    status: int,
    text: str,
    default_headers: Iterable[tuple[bytes, bytes]] = (),
    *,
    http_version: str = "1.1",
    method: bytes = b"GET",
) -> bytes:
    """Return a whole ``text/plain`` response that closes the connection, head built by the core.

    It never raises: whatever is wrong with the request or the default headers, the
    answer falls back to a constant response, since it is itself the error path.
    """
    try:
        body = text.encode("utf-8")
        head, _, _, _ = build_head(
            status,
            [_TEXT_PLAIN, (b"content-length", b"%d" % len(body))],
            method=method,
            http_version=http_version,
            keep_alive=False,
            default_headers=default_headers,
        )
    except Exception:  # noqa: BLE001 - the error response must go out whatever failed
        return _FALLBACK.get(status, _FALLBACK[500])
    return head if method == b"HEAD" else head + body


def _constant_response(status: int, text: str) -> bytes:
    body = text.encode("ascii")
    head, _, _, _ = build_head(status, [_TEXT_PLAIN, (b"content-length", b"%d" % len(body))], keep_alive=False)
    return head + body


# Built once at import, from the server's own texts: nothing about a request can break them.
_FALLBACK = {
    status: _constant_response(status, text)
    for status, text in (
        (400, "Invalid HTTP request received."),
        (408, "Request Timeout"),
        (431, "Request Header Fields Too Large"),
        (500, "Internal Server Error"),
        (501, "Not Implemented"),
        (505, "HTTP Version Not Supported"),
    )
}


async def service_unavailable(scope, receive, send) -> None:
    """ASGI app answering 503 when ``--limit-concurrency`` is reached; closes the connection."""
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [_TEXT_PLAIN, (b"content-length", b"19"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": b"Service Unavailable"})
