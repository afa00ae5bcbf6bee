# cython: annotation_typing=False
"""The application's per-request hot path, written once: the body writer of ``respond_write``.

``ResponseWriter`` runs once per streamed chunk (``await writer.write(data)`` then
``await writer.flush()``), so its coroutines and fields are what a stream costs
beyond the server's own send. This file is compiled by Cython in pure-Python mode
with the C types of ``_hotpath.pxd``; uncompiled, it is the pure-Python build
(``speedups.py`` picks one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from .errors import BodyLengthError

__all__ = ["BUFFER_LIMIT", "ResponseWriter"]

#: Writes are gathered up to this size before an ASGI body message goes out, so a
#: producer writing many small pieces does not cost one message (and one chunk) each.
BUFFER_LIMIT = 16 * 1024


class ResponseWriter:
    """Buffered body writer: str is encoded with the content's charset, bytes go as is.

    With a declared length, writing past it raises ``BodyLengthError`` before any
    excess byte is sent.
    """

    # Writes are kept as a list of bytes, not copied into one growing buffer: a write
    # followed by flush() (one chunk per write, the streaming pattern) then sends the
    # caller's own bytes object, as a raw ASGI app would, and several small writes
    # cost one join when they go out. Compiled, the fields are the .pxd's typed ones.

    def __init__(
        self, send: Callable[[dict[str, Any]], Awaitable[None]], encoding: str, content_length: int | None
    ) -> None:
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
            await self._send({"type": "http.response.body", "body": self._take(), "more_body": True})

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
