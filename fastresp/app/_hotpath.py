# cython: annotation_typing=False
"""The application's per-request hot path, written once: sending a response and the body writer.

``send_content`` turns every response into its ASGI messages (``build_start`` makes
the head). ``ResponseWriter`` runs once per streamed chunk (``await writer.write(data)``
then ``await writer.flush()``), so its coroutines and fields are what a stream costs
beyond the server's own send. This file is compiled by Cython in pure-Python mode
with the C types of ``_hotpath.pxd``; uncompiled, it is the pure-Python build
(``speedups.py`` picks one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ..http.status import HttpStatusCode
from .errors import BodyLengthError

#: The ASGI ``send`` callable. Contents and responses are annotated ``Any`` here:
#: contents.py imports this module (through the writer), so importing their classes,
#: even for annotations only, would close an import cycle.
Send = Callable[[dict[str, Any]], Awaitable[None]]

__all__ = ["BUFFER_LIMIT", "REASON_EXTENSION", "ResponseWriter", "build_start", "send_content"]

#: ASGI extension a server advertises when it sends a custom reason phrase.
REASON_EXTENSION = "fastresp.reason_phrase"

#: Writes are gathered up to this size before an ASGI body message goes out, so a
#: producer writing many small pieces does not cost one message (and one chunk) each.
BUFFER_LIMIT = 16 * 1024


# --- sending a response: validate before the first byte (DESIGN) --------------------------
#
# Everything that can fail is checked before ``http.response.start`` goes out. After
# it, a failure raises out of the application, and the server aborts the connection
# instead of completing a wrong response (RFC 9112 §8: an incomplete message must not
# look complete).


def _no_body_status(code: int) -> bool:
    """1xx, 204 and 304 never carry content, nor (1xx, 204) Content-Length (RFC 9110 §6.4.1, §8.6)."""
    return code < 200 or code == 204 or code == 304


def build_start(scope: dict[str, Any], response: Any, content: Any) -> dict[str, Any]:
    """The ``http.response.start`` message for ``content``; raises on any invalid value, sending nothing."""
    status = content.status or response.status() or HttpStatusCode.OK
    own = response.headers  # both header lists were checked by the core's rule as they were added
    content_type = content.content_type
    # A Content-Type set as a header replaces the payload's default (never two).
    if content_type is not None and b"content-type" not in own.names:
        head = [(b"content-type", content_type.header_value())]
    else:
        head = []
    if content.headers.pairs:
        # The handler's own headers win over the content's (a Last-Modified set by hand, say).
        head.extend(content.headers.asgi(own))
    if own.pairs:
        head.extend(own.pairs)
    code = status.value
    if content.content_length is not None and not _no_body_status(code):
        head.append((b"content-length", b"%d" % content.content_length))
    message = {"type": "http.response.start", "status": code, "headers": head}
    if not status.standard_description and REASON_EXTENSION in _extensions(scope):
        # The description was validated as a reason phrase when the code was built.
        message["reason"] = status.description.encode("latin-1")
    return message


def _extensions(scope: dict[str, Any]) -> dict[str, Any]:
    return scope.get("extensions") or {}


async def send_content(send: Send, scope: dict[str, Any], response: Any, content: Any) -> None:
    """Send ``content`` with ASGI ``send`` as the response to ``scope``: head, then body."""
    start = build_start(scope, response, content)
    no_body_status = _no_body_status(start["status"])
    empty = content.empty
    if empty and content.content_length is None and not no_body_status:
        # An empty body needs an explicit length, or HTTP/1.1 servers would chunk it.
        start["headers"].append((b"content-length", b"0"))
    response.is_committed = True
    await send(start)
    if no_body_status or empty or scope["method"] == "HEAD":
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    elif content.data is not None:  # a body in memory: one message, no coroutine of its own
        await send({"type": "http.response.body", "body": content.data, "more_body": False})
    else:
        await content.send_body(send, _extensions(scope))
    response.is_sent = True


# --- the body writer of respond_write -----------------------------------------------------


class ResponseWriter:
    """Buffered body writer: str is encoded with the content's charset, bytes go as is.

    With a declared length, writing past it raises ``BodyLengthError`` before any
    excess byte is sent.
    """

    # Writes are kept as a list of bytes, not copied into one growing buffer: a write
    # followed by flush() (one chunk per write, the streaming pattern) then sends the
    # caller's own bytes object, as a raw ASGI app would, and several small writes
    # cost one join when they go out. Compiled, the fields are the .pxd's typed ones.
    __slots__ = ("_buffered", "_closed", "_encoding", "_limit", "_overflow", "_parts", "_send", "_written")

    def __init__(self, send: Send, encoding: str, content_length: int | None) -> None:
        self._send = send  # the ASGI send: body messages are built here, one call per chunk
        self._encoding = encoding
        # -1: no declared length (a C integer field cannot hold None).
        self._limit = -1 if content_length is None else content_length
        self._parts = []
        self._buffered = 0
        self._written = 0
        self._closed = False
        self._overflow = False

    @property
    def written(self) -> int:
        """Bytes accepted so far (sent or buffered)."""
        return self._written

    async def write(self, data: str | bytes | bytearray | memoryview) -> None:
        """Add ``data`` to the body; it goes out when the buffer fills or on ``flush()``."""
        if self._closed:
            raise RuntimeError("the response body is already complete")
        if type(data) is not bytes:
            if isinstance(data, str):
                data = data.encode(self._encoding)
            elif isinstance(data, (bytes, bytearray, memoryview)):
                data = bytes(data)  # a copy: the caller may reuse a mutable buffer once this returns
            else:
                raise TypeError(f"write() takes str or bytes, got {type(data).__name__}")
        size = len(data)
        if self._limit >= 0 and self._written + size > self._limit:
            self._overflow = True  # remembered: a producer that swallows this still aborts
            raise BodyLengthError(
                f"body longer than the declared content_length={self._limit} "
                f"({self._written + size} bytes written)"
            )
        if size:
            self._written += size
            self._parts.append(data)
            self._buffered += size
            if self._buffered >= BUFFER_LIMIT:
                await self._send({"type": "http.response.body", "body": self._take(), "more_body": True})

    async def flush(self) -> None:
        """Send what is buffered now (an empty buffer sends nothing)."""
        if self._buffered:
            # _take() inlined: a flush per write is the streaming pattern, so this runs per
            # chunk, and the pure build pays a method call for it.
            parts = self._parts
            self._parts = []
            self._buffered = 0
            body = parts[0] if len(parts) == 1 else b"".join(parts)
            await self._send({"type": "http.response.body", "body": body, "more_body": True})

    async def finish(self) -> None:
        """Check the declared length, then send the rest with the body's end; the sender calls it last."""
        self._closed = True
        if self._overflow:
            # Checked before sending: the bytes still buffered must not make the
            # body look complete to the client.
            raise BodyLengthError(f"body longer than the declared content_length={self._limit}")
        if self._limit >= 0 and self._written != self._limit:
            await self.flush()  # what was written goes out; the missing end makes the server abort
            raise BodyLengthError(
                f"body shorter than the declared content_length={self._limit} ({self._written} bytes written)"
            )
        # The last buffered bytes and the end of the body in one message (one write on the wire).
        await self._send({"type": "http.response.body", "body": self._take(), "more_body": False})

    def _take(self) -> bytes:
        """The buffered bytes as one object, emptying the buffer."""
        parts = self._parts
        body = parts[0] if len(parts) == 1 else b"".join(parts)
        self._parts = []
        self._buffered = 0
        return body
