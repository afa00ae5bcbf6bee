"""Outgoing contents: what a ``respond*`` call produces and plugins transform (Ktor's OutgoingContent).

A content knows its status (optional), type, length when known, and extra headers,
and sends its own body (``send_body``) once ``sending`` has sent the head, as each of
Starlette's response classes does. Plugins (ConditionalHeaders, Compression,
PartialContent, ...) replace one content with another before the head is built.
After the head, a failure raises: the server aborts the connection instead of
completing a wrong response (RFC 9112 §8: an incomplete message must not look complete).
"""

from __future__ import annotations

import asyncio
import codecs
import functools
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ..http.content_type import ContentType
from ..http.status import HttpStatusCode
from .headers import HeaderList
from .writer import BodyLengthError, ResponseWriter

if TYPE_CHECKING:
    from .roles import CallRole

__all__ = [
    "ByteArrayContent",
    "HttpStatusCodeContent",
    "LocalFileContent",
    "NoContent",
    "OutgoingContent",
    "StreamContent",
    "TextContent",
    "WriterContent",
]

#: An ASGI ``send`` callable.
Send = Callable[[dict[str, Any]], Awaitable[None]]
#: ASGI extension for sending a file by path (asgiref extensions.rst).
PATHSEND_EXTENSION = "http.response.pathsend"
#: Bytes read from a file per body message: large enough to amortise the thread hop,
#: small enough that a 100 MB file costs no more memory than a few of them.
FILE_CHUNK = 128 * 1024


def _body(data: bytes, more: bool) -> dict[str, Any]:
    """An ``http.response.body`` message."""
    return {"type": "http.response.body", "body": data, "more_body": more}


class OutgoingContent:
    """Base of every response body; subclasses say how the bytes are produced."""

    content_type: ContentType | None = None
    content_length: int | None = None
    status: HttpStatusCode | None = None
    #: The whole body when it is in memory: sent in one message, without ``send_body``.
    data: bytes | None = None
    #: A live stream (server-sent events): sent as produced, so no plugin may buffer,
    #: compress, slice it or answer it from a validator.
    live = False
    #: No body at all (``NoContent``): the sender gives it an explicit zero length.
    empty = False

    def __init__(self) -> None:
        #: Headers this content adds to the head; checked as they are added.
        self.headers = HeaderList()

    def add_header(self, name: str, value: str) -> None:
        """Attach a header to this content, validated now by the core's rule."""
        self.headers.append(name, value)

    async def prepare(self, call: CallRole) -> OutgoingContent:
        """Resolve deferred content (a template, say) into sendable content; default: itself."""
        return self

    async def send_body(self, send: Send, extensions: dict[str, Any]) -> None:
        """Send the body after the head, ending with ``more_body`` false."""
        raise TypeError(f"cannot send content of type {type(self).__name__}")

    def close(self) -> None:
        """Release what the content holds (an open file); called once it is sent or dropped."""


class NoContent(OutgoingContent):
    """A response without a body."""

    empty = True

    async def send_body(self, send: Send, extensions: dict[str, Any]) -> None:
        """Send the empty last body message."""
        await send(_body(b"", False))


class HttpStatusCodeContent(NoContent):
    """An empty response with a status: what ``respond(HttpStatusCode.X)`` sends."""

    def __init__(self, status: HttpStatusCode) -> None:
        super().__init__()
        self.status = status
        self.content_length = 0


class ByteArrayContent(OutgoingContent):
    """A body known in full: sent in one message with its Content-Length."""

    def __init__(
        self,
        data: bytes,
        content_type: ContentType | None = None,
        status: HttpStatusCode | None = None,
    ) -> None:
        super().__init__()
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"body must be bytes, got {type(data).__name__}")
        self.data = bytes(data)
        self.content_type = content_type
        self.status = status
        self.content_length = len(self.data)

    def bytes(self) -> bytes:
        """The whole body."""
        return self.data

    async def send_body(self, send: Send, extensions: dict[str, Any]) -> None:
        """Send the whole body in one message (``sending`` does so itself from ``data``)."""
        await send({"type": "http.response.body", "body": self.data, "more_body": False})


class TextContent(ByteArrayContent):
    """Text encoded with its content type's charset (UTF-8 when the type names none)."""

    def __init__(self, text: str, content_type: ContentType, status: HttpStatusCode | None = None) -> None:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        # ByteArrayContent.__init__'s work, done here: the bytes are known to be bytes.
        self.headers = HeaderList()
        self.text = text
        self.data = text.encode(charset_of(content_type))
        self.content_type = content_type
        self.status = status
        self.content_length = len(self.data)


Producer = Callable[["ResponseWriter"], Awaitable[None]]


class WriterContent(OutgoingContent):
    """A body written by ``async def producer(writer)``; streamed, chunked unless a length is given."""

    def __init__(
        self,
        producer: Producer,
        content_type: ContentType | None = None,
        status: HttpStatusCode | None = None,
        content_length: int | None = None,
    ) -> None:
        super().__init__()
        if not callable(producer):
            raise TypeError(f"producer must be an async callable, got {type(producer).__name__}")
        if content_length is not None and (
            type(content_length) is bool or not isinstance(content_length, int) or content_length < 0
        ):
            raise ValueError(f"content_length must be a non-negative int, got {content_length!r}")
        self.producer = producer
        self.content_type = content_type
        self.status = status
        self.content_length = content_length

    async def send_body(self, send: Send, extensions: dict[str, Any]) -> None:
        """Run the producer with a writer; a body shorter than its declared length raises."""
        writer = ResponseWriter(send, charset_of(self.content_type), self.content_length)
        await self.producer(writer)
        await writer.finish()  # ends the body, or raises BodyLengthError: the server aborts


class StreamContent(OutgoingContent):
    """A body produced by an async iterator of bytes; plugins build it (file ranges, compressed files).

    With ``content_length`` the sender checks the total and aborts on a mismatch.
    """

    def __init__(
        self,
        chunks: Callable[[], AsyncIterator[bytes]],
        content_type: ContentType | None = None,
        status: HttpStatusCode | None = None,
        content_length: int | None = None,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.chunks = chunks
        self.content_type = content_type
        self.status = status
        self.content_length = content_length
        self._on_close = on_close

    async def send_body(self, send: Send, extensions: dict[str, Any]) -> None:
        """Send each chunk; a total other than ``content_length`` (when given) raises."""
        declared = self.content_length
        total = 0
        async for chunk in self.chunks():
            if not chunk:
                continue
            total += len(chunk)
            if declared is not None and total > declared:
                raise BodyLengthError(f"stream longer than its declared length {declared}")
            await send(_body(chunk, True))
        if declared is not None and total != declared:
            raise BodyLengthError(f"stream of {total} bytes, {declared} declared")
        await send(_body(b"", False))

    def close(self) -> None:
        """Run the ``on_close`` callback once (releases what the iterator reads from)."""
        on_close, self._on_close = self._on_close, None
        if on_close is not None:
            on_close()


class LocalFileContent(OutgoingContent):
    """A regular file, already opened and checked; streamed from disk, never read whole.

    Built by ``respond_file`` (see ``files.open_file``), which owns the open descriptor.
    """

    def __init__(self, path: str, fd: int, size: int, mtime: float, content_type: ContentType) -> None:
        super().__init__()
        self.path = path
        self.fd = fd
        self.content_length = size
        self.mtime = mtime
        self.content_type = content_type

    async def send_body(self, send: Send, extensions: dict[str, Any]) -> None:
        """Send the file by path when the server offers pathsend, else read it in chunks."""
        if PATHSEND_EXTENSION in extensions:
            await send({"type": "http.response.pathsend", "path": self.path})
            return
        loop = asyncio.get_running_loop()
        remaining = self.content_length or 0
        offset = 0
        if remaining == 0:
            await send(_body(b"", False))
            return
        while remaining > 0:
            # pread in a worker thread: disk reads must not stall the event loop.
            data = await loop.run_in_executor(None, os.pread, self.fd, min(FILE_CHUNK, remaining), offset)
            if not data:
                raise BodyLengthError(
                    f"{self.path} shrank while it was sent ({offset} of {self.content_length} bytes)"
                )
            offset += len(data)
            remaining -= len(data)
            await send(_body(data, remaining > 0))

    def close(self) -> None:
        """Close the file descriptor (idempotent)."""
        if self.fd != -1:
            fd, self.fd = self.fd, -1
            os.close(fd)


def charset_of(content_type: ContentType | None) -> str:
    """The Python codec for a type's charset; UTF-8 when none is named.

    Raises ``ValueError`` for a charset Python does not know.
    """
    charset = content_type.charset() if content_type is not None else None
    if not charset or charset == "UTF-8":  # the charset respond_text adds by default
        return "utf-8"
    try:
        return _codec_name(charset)
    except LookupError:
        raise ValueError(f"unknown charset {charset!r} in content type {content_type}") from None


@functools.lru_cache(maxsize=64)  # the app's own few charsets; a LookupError is not kept
def _codec_name(charset: str) -> str:
    """The Python codec name of a charset parameter."""
    return codecs.lookup(charset).name
