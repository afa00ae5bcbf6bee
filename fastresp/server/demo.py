"""The raw ASGI app behind ``fastresp demo``: one endpoint per server feature, listed on ``/``.

It speaks plain ASGI messages, so it shows what any framework's responses turn
into on fastresp's protocol; the respond API's examples can replace it later.
"""

from __future__ import annotations

import html
import json
import os
from typing import Any

from ..core import render_set_cookie

_SELF = os.path.abspath(__file__)


async def _respond(send: Any, status: int, content_type: bytes, body: bytes, headers=(), **start: Any) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type), (b"content-length", b"%d" % len(body)), *headers],
            **start,
        }
    )
    await send({"type": "http.response.body", "body": body})


async def plaintext(scope, receive, send) -> None:
    """``text/plain`` with a Content-Length: the head and body leave in one write."""
    await _respond(send, 200, b"text/plain; charset=utf-8", b"Hello, world!")


async def json_endpoint(scope, receive, send) -> None:
    """A JSON document describing the request."""
    body = json.dumps(
        {"method": scope["method"], "path": scope["path"], "http_version": scope["http_version"],
         "extensions": sorted(scope.get("extensions") or ())},
        indent=2,
    ).encode()
    await _respond(send, 200, b"application/json", body)


async def cookies(scope, receive, send) -> None:
    """Custom headers and two Set-Cookie fields rendered by the core (never comma-joined)."""
    headers = [
        (b"x-demo", b"fastresp"),
        (b"cache-control", b"no-store"),
        (b"set-cookie", render_set_cookie("theme", "dark mode", path="/", same_site="Lax")),
        (b"set-cookie", render_set_cookie("session", "abc123", path="/", http_only=True, max_age=3600)),
    ]
    await _respond(send, 200, b"text/plain; charset=utf-8", b"Two cookies were set; see the response headers.\n",
                   headers)


async def stream(scope, receive, send) -> None:
    """A body sent in parts without a length: chunked on HTTP/1.1, close-delimited on 1.0."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    for number in range(1, 6):
        await send({"type": "http.response.body", "body": b"part %d\n" % number, "more_body": True})
    await send({"type": "http.response.body", "body": b"done\n"})


async def file(scope, receive, send) -> None:
    """This module's source via ``http.response.pathsend`` (sendfile on plain TCP)."""
    size = os.path.getsize(_SELF)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"%d" % size)],
        }
    )
    await send({"type": "http.response.pathsend", "path": _SELF})


async def reason(scope, receive, send) -> None:
    """A custom reason phrase through the ``fastresp.reason_phrase`` extension."""
    await _respond(send, 200, b"text/plain; charset=utf-8", b"Look at the status line.\n", reason=b"Very OK")


ENDPOINTS = {
    "/plaintext": (plaintext, "plain text with Content-Length"),
    "/json": (json_endpoint, "JSON describing your request"),
    "/cookies": (cookies, "custom headers and Set-Cookie"),
    "/stream": (stream, "a streamed, chunked body"),
    "/file": (file, "a file sent with pathsend (sendfile)"),
    "/reason": (reason, "a custom reason phrase: HTTP/1.1 200 Very OK"),
}


async def index(scope, receive, send) -> None:
    """An HTML page that lists and links every endpoint."""
    items = "".join(
        f'<li><a href="{html.escape(path)}">{html.escape(path)}</a> — {html.escape(text)}</li>'
        for path, (_, text) in ENDPOINTS.items()
    )
    page = (
        "<!doctype html><html><head><meta charset=utf-8><title>fastresp demo</title></head>"
        f"<body><h1>fastresp demo</h1><p>Served by fastresp's HTTP/1.1 protocol.</p><ul>{items}</ul></body></html>"
    )
    await _respond(send, 200, b"text/html; charset=utf-8", page.encode())


async def not_found(scope, receive, send) -> None:
    """404 for any other path."""
    await _respond(send, 404, b"text/plain; charset=utf-8", b"Not Found\n")


async def app(scope, receive, send) -> None:
    """Route a request to its endpoint; lifespan events are acknowledged."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    if scope["path"] == "/":
        handler = index
    else:
        handler = ENDPOINTS.get(scope["path"], (not_found, ""))[0]
    await handler(scope, receive, send)
