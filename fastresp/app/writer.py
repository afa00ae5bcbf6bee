"""The writer handed to ``respond_write`` producers: ``await writer.write(data)``, ``await writer.flush()``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

__all__ = ["BodyLengthError", "ResponseWriter"]

#: Writes are gathered up to this size before an ASGI body message goes out, so a
#: producer writing many small pieces does not cost one message (and one chunk) each.
BUFFER_LIMIT = 16 * 1024


class BodyLengthError(RuntimeError):
    """A writer body longer or shorter than the Content-Length it declared (RFC 9112 §8)."""


class ResponseWriter:
    """Buffered body writer: str is encoded with the content's charset, bytes go as is.

    With a declared length, writing past it raises ``BodyLengthError`` before any
    excess byte is sent.
    """

    __slots__ = ("_buffer", "_closed", "_encoding", "_limit", "_overflow", "_send", "_written")

    def __init__(
        self, send: Callable[[bytes], Awaitable[None]], encoding: str, content_length: int | None
    ) -> None:
        self._send = send
        self._encoding = encoding
        self._limit = content_length
        self._buffer = bytearray()
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
        if isinstance(data, str):
            data = data.encode(self._encoding)
        elif not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"write() takes str or bytes, got {type(data).__name__}")
        size = len(data) if not isinstance(data, memoryview) else data.nbytes
        if self._limit is not None and self._written + size > self._limit:
            self._overflow = True  # remembered: a producer that swallows this still aborts
            raise BodyLengthError(
                f"body longer than the declared content_length={self._limit} "
                f"({self._written + size} bytes written)"
            )
        self._written += size
        self._buffer += data
        if len(self._buffer) >= BUFFER_LIMIT:
            await self.flush()

    async def flush(self) -> None:
        """Send what is buffered now (an empty buffer sends nothing)."""
        if self._buffer:
            chunk = bytes(self._buffer)
            self._buffer.clear()
            await self._send(chunk)

    async def finish(self) -> None:
        """Flush and check the declared length; the sender calls it after the producer returns."""
        self._closed = True
        if self._overflow:
            # Checked before flushing: the bytes still buffered must not make the
            # body look complete to the client.
            raise BodyLengthError(f"body longer than the declared content_length={self._limit}")
        await self.flush()
        if self._limit is not None and self._written != self._limit:
            raise BodyLengthError(
                f"body shorter than the declared content_length={self._limit} "
                f"({self._written} bytes written)"
            )
