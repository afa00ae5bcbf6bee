"""Turning an ``OutgoingContent`` into ASGI messages: one head, then the body.

Everything that can fail is checked before ``http.response.start`` goes out (DESIGN:
validate before the first byte). After it, a failure raises out of the application,
and the server aborts the connection instead of completing a wrong response
(RFC 9112 §8: an incomplete message must not look complete).
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any

from ..http.status import HttpStatusCode
from .contents import (
    ByteArrayContent,
    LocalFileContent,
    NoContent,
    OutgoingContent,
    StreamContent,
    WriterContent,
    charset_of,
)
from .writer import BodyLengthError, ResponseWriter

if TYPE_CHECKING:
    from .call import ApplicationCall

__all__ = ["FILE_CHUNK", "REASON_EXTENSION", "send_content"]

#: ASGI extension a server advertises when it sends a custom reason phrase.
REASON_EXTENSION = "fastresp.reason_phrase"
#: ASGI extension for sending a file by path (asgiref extensions.rst).
PATHSEND_EXTENSION = "http.response.pathsend"
#: Bytes read from a file per body message: large enough to amortise the thread hop,
#: small enough that a 100 MB file costs no more memory than a few of them.
FILE_CHUNK = 128 * 1024


def _no_body_status(code: int) -> bool:
    """1xx, 204 and 304 never carry content, nor (1xx, 204) Content-Length (RFC 9110 §6.4.1, §8.6)."""
    return code < 200 or code == 204 or code == 304


def build_start(call: ApplicationCall, content: OutgoingContent) -> dict[str, Any]:
    """The ``http.response.start`` message; raises on any invalid value, sending nothing."""
    response = call.response
    status = content.status or response.status() or HttpStatusCode.OK
    own = response.headers  # both header lists were checked by the core's rule as they were added
    content_type = content.content_type
    # A Content-Type set as a header replaces the payload's default (never two).
    if content_type is not None and not own.has(b"content-type"):
        head = [(b"content-type", content_type.header_value())]
    else:
        head = []
    if content.headers:
        # The handler's own headers win over the content's (a Last-Modified set by hand, say).
        head.extend(content.headers.asgi(own))
    if own:
        head.extend(own.asgi())
    if content.content_length is not None and not _no_body_status(status.value):
        head.append((b"content-length", b"%d" % content.content_length))
    message: dict[str, Any] = {"type": "http.response.start", "status": status.value, "headers": head}
    if not status.standard_description and REASON_EXTENSION in _extensions(call):
        # The description was validated as a reason phrase when the code was built.
        message["reason"] = status.description.encode("latin-1")
    return message


def _extensions(call: ApplicationCall) -> dict[str, Any]:
    return call.scope.get("extensions") or {}


async def send_content(call: ApplicationCall, content: OutgoingContent) -> None:
    """Send ``content`` as the response of ``call``: head, then body."""
    start = build_start(call, content)
    send = call._send
    response = call.response
    no_body_status = _no_body_status(start["status"])
    skip_body = no_body_status or call.scope["method"] == "HEAD"
    empty = isinstance(content, NoContent)
    if empty and content.content_length is None and not no_body_status:
        # An empty body needs an explicit length, or HTTP/1.1 servers would chunk it.
        start["headers"].append((b"content-length", b"0"))
    response.is_committed = True
    await send(start)
    if skip_body or empty:
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    elif isinstance(content, ByteArrayContent):
        await send({"type": "http.response.body", "body": content.bytes(), "more_body": False})
    elif isinstance(content, WriterContent):
        await _send_writer(call, content)
    elif isinstance(content, LocalFileContent):
        await _send_file(call, content)
    elif isinstance(content, StreamContent):
        await _send_stream(call, content)
    else:
        raise TypeError(f"cannot send content of type {type(content).__name__}")
    response.is_sent = True


async def _send_writer(call: ApplicationCall, content: WriterContent) -> None:
    send = call._send

    async def send_chunk(data: bytes) -> None:
        await send({"type": "http.response.body", "body": data, "more_body": True})

    writer = ResponseWriter(send_chunk, charset_of(content.content_type), content.content_length)
    await content.producer(writer)
    await writer.finish()  # raises BodyLengthError on a short body: the server aborts
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _send_stream(call: ApplicationCall, content: StreamContent) -> None:
    send = call._send
    total = 0
    async for chunk in content.chunks():
        if not chunk:
            continue
        total += len(chunk)
        if content.content_length is not None and total > content.content_length:
            raise BodyLengthError(f"stream longer than its declared length {content.content_length}")
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    if content.content_length is not None and total != content.content_length:
        raise BodyLengthError(f"stream of {total} bytes, {content.content_length} declared")
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _send_file(call: ApplicationCall, content: LocalFileContent) -> None:
    send = call._send
    if PATHSEND_EXTENSION in _extensions(call):
        await send({"type": "http.response.pathsend", "path": content.path})
        return
    loop = asyncio.get_running_loop()
    remaining = content.content_length or 0
    offset = 0
    fd = content.fd
    if remaining == 0:
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    while remaining > 0:
        # pread in a worker thread: disk reads must not stall the event loop.
        data = await loop.run_in_executor(None, os.pread, fd, min(FILE_CHUNK, remaining), offset)
        if not data:
            raise BodyLengthError(
                f"{content.path} shrank while it was sent ({offset} of {content.content_length} bytes)"
            )
        offset += len(data)
        remaining -= len(data)
        await send({"type": "http.response.body", "body": data, "more_body": remaining > 0})
