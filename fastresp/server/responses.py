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
    """Return a whole ``text/plain`` response that closes the connection, head built by the core."""
    body = text.encode("utf-8")
    head, _, _, _ = build_head(
        status,
        [_TEXT_PLAIN, (b"content-length", b"%d" % len(body))],
        method=method,
        http_version=http_version,
        keep_alive=False,
        default_headers=default_headers,
    )
    return head if method == b"HEAD" else head + body


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
