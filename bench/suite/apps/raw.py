"""A hand-written ASGI app: the least an app can do, so the server's own cost shows.

Served by uvicorn's httptools protocol, Granian and fastresp's protocol alike.
"""

from __future__ import annotations

import json
import os

from . import common

_TEXT = [(b"content-type", b"text/plain; charset=utf-8")]
_PLAIN = common.PLAINTEXT.encode()
_HEADERS = (
    _TEXT
    + [(b"content-length", str(len(_PLAIN)).encode())]
    + [(name.encode(), value.encode()) for name, value in common.HEADERS]
    + [(b"set-cookie", line.encode()) for line in common.SET_COOKIES]
)
_STREAM_START = {
    "type": "http.response.start",
    "status": 200,
    "headers": [(b"content-type", b"application/octet-stream")],
}
_SSE_START = {
    "type": "http.response.start",
    "status": 200,
    "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")],
}
_SSE_EVENTS = [b"data: %s\n\n" % data.encode() for data in common.SSE_DATA]
_FILES = {"/static/" + name: common.file_path(name) for name in common.FILE_SIZES}
_READ_SIZE = 64 * 1024


async def _plaintext(scope, receive, send):
    await send(
        {"type": "http.response.start", "status": 200, "headers": _TEXT + [(b"content-length", b"13")]}
    )
    await send({"type": "http.response.body", "body": _PLAIN})


async def _json(scope, receive, send):
    # Serialized per request, as an app would; the stdlib, as Starlette does.
    body = json.dumps(common.customer_dict(), separators=(",", ":")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _headers(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
    await send({"type": "http.response.body", "body": _PLAIN})


async def _stream(scope, receive, send):
    await send(_STREAM_START)
    for _ in range(common.STREAM_CHUNKS):
        await send({"type": "http.response.body", "body": common.STREAM_CHUNK, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


async def _sse(scope, receive, send):
    # One body message per event, encoded ahead: the least a server-sent events app can do.
    await send(_SSE_START)
    events = _SSE_EVENTS
    for i in range(common.SSE_EVENTS):
        await send({"type": "http.response.body", "body": events[i % 4], "more_body": True})
    await send({"type": "http.response.body", "body": b""})


async def _file(scope, receive, send):
    path = _FILES[scope["path"]]
    size = os.path.getsize(path)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/octet-stream"),
                (b"content-length", str(size).encode()),
            ],
        }
    )
    if "http.response.pathsend" in scope.get("extensions", {}):
        await send({"type": "http.response.pathsend", "path": str(path)})
        return
    # Without pathsend: blocking 64 KiB reads, which the page cache makes cheap here.
    with open(path, "rb") as handle:  # noqa: ASYNC230 - the file is in the page cache
        while block := handle.read(_READ_SIZE):
            await send({"type": "http.response.body", "body": block, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


async def _not_found(scope, receive, send):
    await send({"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


_ROUTES = {"/plaintext": _plaintext, "/json": _json, "/headers": _headers, "/stream": _stream, "/sse": _sse}
_ROUTES.update({path: _file for path in _FILES})


async def app(scope, receive, send):
    """Dispatch on the exact path; lifespan is acknowledged and ignored."""
    if scope["type"] == "http":
        await _ROUTES.get(scope["path"], _not_found)(scope, receive, send)
    elif scope["type"] == "lifespan":
        while True:
            message = await receive()
            kind = message["type"].rsplit(".", 1)[-1]
            await send({"type": f"lifespan.{kind}.complete"})
            if kind == "shutdown":
                return
