"""The PartialContent plugin: byte ranges (RFC 9110 §14) for files and other content of known length.

app.install(PartialContent)                    # max_range_count=10
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import (
    ByteArrayContent,
    LocalFileContent,
    NoContent,
    OutgoingContent,
    StreamContent,
    WriterContent,
    charset_of,
)
from ..app.plugin import Phase, Plugin, effective_status, has_header, header_value, replace_content
from ..app.sending import FILE_CHUNK
from ..app.writer import BodyLengthError, ResponseWriter
from ..http.content_type import ContentType
from ..http.status import HttpStatusCode
from ..http.validators import parse_entity_tag, parse_http_date

__all__ = ["UNSATISFIABLE", "PartialContent", "parse_range"]

#: ``parse_range`` result for a well-formed Range that selects nothing (a 416).
UNSATISFIABLE = "unsatisfiable"
# Numbers longer than this are past any real length: compare them as "infinite" rather
# than building huge ints (int() of 10k digits is quadratic and limited since 3.11).
_MAX_DIGITS = 18
_HUGE = 10**19


def parse_range(value: str, length: int) -> list[tuple[int, int]] | str | None:
    """The ranges of a ``Range`` header as sorted, merged ``(start, stop)`` pairs for ``length`` bytes.

    Returns ``UNSATISFIABLE`` when no range overlaps the body (§14.1.1) and None when the
    header is not a valid bytes range set (§14.2: it is then ignored). Linear in the
    header's length, except the sort of the satisfiable ranges.
    """
    unit, equals, specs = value.partition("=")
    # range-unit is case-insensitive (§14.1); no whitespace is allowed around "=".
    if not equals or unit.lower() != "bytes":
        return None
    ranges: list[tuple[int, int]] = []
    seen = False
    for element in specs.split(","):
        element = element.strip(" \t")
        if not element:
            continue  # §5.6.1.2: empty list elements are ignored
        seen = True
        first, dash, last = element.partition("-")
        if not dash:
            return None
        if not first:
            # suffix-range = "-" suffix-length: the last N bytes.
            suffix = _number(last)
            if suffix is None:
                return None
            if suffix > 0 and length > 0:
                ranges.append((max(0, length - suffix), length))
            continue
        start = _number(first)
        stop = _number(last) if last else None
        if start is None or (last and stop is None):
            return None
        if stop is not None and stop < start:
            return None  # §14.1.1: last-pos < first-pos makes the range-spec invalid
        if start < length:
            ranges.append((start, length if stop is None else min(stop + 1, length)))
    if not seen:
        return None
    if not ranges:
        return UNSATISFIABLE
    ranges.sort()
    # Coalesce overlapping and adjacent ranges (§14.2 allows it; it defeats "0-,0-,0-..." abuse).
    merged = [ranges[0]]
    for start, stop in ranges[1:]:
        last_start, last_stop = merged[-1]
        if start <= last_stop:
            if stop > last_stop:
                merged[-1] = (last_start, stop)
        else:
            merged.append((start, stop))
    return merged


def _number(text: str) -> int | None:
    """A 1*DIGIT as int (huge ones as ``_HUGE``), or None when it is not ASCII digits."""
    if not text or not text.isascii() or not text.isdigit():
        return None
    return _HUGE if len(text) > _MAX_DIGITS else int(text)


class PartialContent(Plugin):
    """Answers ``Range`` GET requests with 206 (one part or ``multipart/byteranges``) or 416.

    Options: ``max_range_count`` (after merging; more ranges get the whole body with 200).
    """

    phase = Phase.RANGES

    def __init__(self, app: Application, *, max_range_count: int = 10) -> None:
        super().__init__(app)
        if type(max_range_count) is not int or max_range_count < 1:
            raise ValueError(f"max_range_count must be a positive int, got {max_range_count!r}")
        self.max_range_count = max_range_count

    async def transform(self, call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
        """Slice ``content`` when the request asks for ranges it can serve; else add Accept-Ranges."""
        length = content.content_length
        if (
            length is None
            or content.live
            or not isinstance(content, (ByteArrayContent, LocalFileContent, WriterContent))
            or effective_status(call, content) != HttpStatusCode.OK
            or has_header(call, content, "Content-Encoding")
            or call.request.method not in ("GET", "HEAD")
        ):
            return content
        if not has_header(call, content, "Accept-Ranges"):
            content.headers.append(("Accept-Ranges", "bytes"))
        header = call.request.headers.get("range")
        # Range is only defined for GET (§14.2): HEAD and other methods ignore it.
        if header is None or call.request.method != "GET" or not self._if_range_holds(call, content):
            return content
        ranges = parse_range(header, length)
        if ranges is None or (isinstance(ranges, list) and len(ranges) > self.max_range_count):
            return content
        if ranges == UNSATISFIABLE:
            failed = NoContent()
            failed.status = HttpStatusCode.RequestedRangeNotSatisfiable
            failed.content_length = 0
            replace_content(content, failed)
            failed.headers.append(("Content-Range", f"bytes */{length}"))
            return failed
        assert isinstance(ranges, list)
        if len(ranges) == 1:
            return self._single(content, ranges[0])
        return await self._multiple(call, content, ranges)

    def _if_range_holds(self, call: ApplicationCall, content: OutgoingContent) -> bool:
        """§13.1.5: ranges only when If-Range is absent or names the current representation exactly."""
        if_range = call.request.headers.get("if-range")
        if if_range is None:
            return True
        tag = parse_entity_tag(if_range)
        if tag is not None:
            current = parse_entity_tag(header_value(call, content, "ETag"))
            return current is not None and tag.strong_match(current)
        date = parse_http_date(if_range)
        modified = parse_http_date(header_value(call, content, "Last-Modified"))
        return date is not None and modified is not None and date == modified

    def _single(self, content: OutgoingContent, span: tuple[int, int]) -> OutgoingContent:
        start, stop = span
        total = content.content_length
        if isinstance(content, ByteArrayContent):
            result: OutgoingContent = ByteArrayContent(content.bytes()[start:stop], content.content_type)
        elif isinstance(content, LocalFileContent):
            result = StreamContent(
                lambda: _file_parts(content, [(b"", start, stop)], b""),
                content.content_type,
                None,
                stop - start,
            )
        else:
            assert isinstance(content, WriterContent)
            result = WriterContent(
                _sliced_producer(content, [(b"", start, stop)], b""), content.content_type, None, stop - start
            )
        result.status = HttpStatusCode.PartialContent
        replace_content(content, result)
        result.headers.append(("Content-Range", f"bytes {start}-{stop - 1}/{total}"))
        return result

    async def _multiple(
        self, call: ApplicationCall, content: OutgoingContent, ranges: list[tuple[int, int]]
    ) -> OutgoingContent:
        total = content.content_length
        kind = call.response.headers.get("Content-Type") or (
            str(content.content_type) if content.content_type is not None else None
        )
        if "Content-Type" in call.response.headers:
            # The part type moves into the parts; the message type is multipart/byteranges.
            call.response.headers.remove("Content-Type")
        body = content.bytes() if isinstance(content, ByteArrayContent) else None
        boundary = _boundary(body)
        if isinstance(content, LocalFileContent):
            # The parts are the requested ranges of the file: scan them (only them, never
            # the whole file) and draw again in the unlikely case the boundary occurs.
            while await _ranges_contain(content, ranges, boundary.encode("ascii")):
                boundary = _boundary(None)
        type_line = f"Content-Type: {kind}\r\n" if kind is not None else ""
        parts = [
            (
                f"--{boundary}\r\n{type_line}Content-Range: bytes {start}-{stop - 1}/{total}\r\n\r\n".encode(
                    "latin-1"
                ),
                start,
                stop,
            )
            for start, stop in ranges
        ]
        closing = f"--{boundary}--\r\n".encode("ascii")
        # Exact length before sending (§14.6): each part's head, data and CRLF, then the close.
        size = sum(len(head) + (stop - start) + 2 for head, start, stop in parts) + len(closing)
        byteranges = ContentType.MultiPart.ByteRanges  # type: ignore[attr-defined]
        multipart = byteranges.with_parameter("boundary", boundary)
        if body is not None:
            data = b"".join(head + body[start:stop] + b"\r\n" for head, start, stop in parts) + closing
            result: OutgoingContent = ByteArrayContent(data, multipart)
        elif isinstance(content, LocalFileContent):
            result = StreamContent(lambda: _file_parts(content, parts, closing), multipart, None, size)
        else:
            assert isinstance(content, WriterContent)
            result = WriterContent(_sliced_producer(content, parts, closing), multipart, None, size)
        result.status = HttpStatusCode.PartialContent
        return replace_content(content, result)


async def _ranges_contain(content: LocalFileContent, ranges: list[tuple[int, int]], needle: bytes) -> bool:
    """Whether ``needle`` occurs in any of the file's byte ranges, read chunk by chunk."""
    loop = asyncio.get_running_loop()
    for start, stop in ranges:
        tail = b""
        offset = start
        while offset < stop:
            data = await loop.run_in_executor(
                None, os.pread, content.fd, min(FILE_CHUNK, stop - offset), offset
            )
            if not data:
                return False  # the file shrank: sending the range reports it
            window = tail + data
            if needle in window:
                return True
            tail = window[-(len(needle) - 1):]  # an occurrence may straddle two reads
            offset += len(data)
    return False


def _boundary(body: bytes | None) -> str:
    """A random boundary (128 bits); for a body in memory, one proven absent from it (RFC 2046 §5.1.1)."""
    while True:
        boundary = secrets.token_hex(16)
        if body is None or boundary.encode("ascii") not in body:
            return boundary


async def _file_parts(
    content: LocalFileContent, parts: list[tuple[bytes, int, int]], closing: bytes
) -> AsyncIterator[bytes]:
    """Read only the requested ranges of the file (never the whole file), with part framing."""
    loop = asyncio.get_running_loop()
    multipart = bool(closing)
    for head, start, stop in parts:
        if head:
            yield head
        offset = start
        while offset < stop:
            # pread in a worker thread: disk reads must not stall the event loop.
            data = await loop.run_in_executor(
                None, os.pread, content.fd, min(FILE_CHUNK, stop - offset), offset
            )
            if not data:
                raise BodyLengthError(f"{content.path} shrank while a range was sent")
            offset += len(data)
            yield data
        if multipart:
            yield b"\r\n"
    if closing:
        yield closing


def _sliced_producer(content: WriterContent, parts: list[tuple[bytes, int, int]], closing: bytes):
    """A producer running the original one and keeping only the requested byte ranges."""

    async def producer(writer: ResponseWriter) -> None:
        slicer = _SlicingWriter(
            writer, charset_of(content.content_type), parts, bool(closing), content.content_length
        )
        await content.producer(slicer)  # type: ignore[arg-type]
        if slicer.offset != content.content_length:
            raise BodyLengthError(
                f"body shorter than the declared content_length={content.content_length} "
                f"({slicer.offset} bytes)"
            )
        if closing:
            await writer.write(closing)

    return producer


class _SlicingWriter:
    """Looks like a ``ResponseWriter`` to a producer; forwards only bytes inside the ranges."""

    def __init__(
        self,
        writer: ResponseWriter,
        encoding: str,
        parts: list[tuple[bytes, int, int]],
        multipart: bool,
        length: int | None,
    ) -> None:
        self._writer = writer
        self._encoding = encoding
        self._parts = parts
        self._multipart = multipart
        self._length = length
        self._index = 0
        self.offset = 0

    @property
    def written(self) -> int:
        """Bytes the producer wrote so far (of the whole body)."""
        return self.offset

    async def write(self, data: str | bytes | bytearray | memoryview) -> None:
        """Forward the parts of ``data`` that fall inside the requested ranges."""
        if isinstance(data, str):
            data = data.encode(self._encoding)
        elif not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"write() takes str or bytes, got {type(data).__name__}")
        view = memoryview(data).cast("B")
        end = self.offset + len(view)
        if self._length is not None and end > self._length:
            raise BodyLengthError(f"body longer than the declared content_length={self._length}")
        while self._index < len(self._parts) and self.offset < end:
            head, start, stop = self._parts[self._index]
            if end <= start:
                break
            first = max(start, self.offset)
            last = min(stop, end)
            if first == start and head:
                await self._writer.write(head)
            await self._writer.write(bytes(view[first - self.offset : last - self.offset]))
            view = view[last - self.offset :]
            self.offset = last
            if last == stop:
                if self._multipart:
                    await self._writer.write(b"\r\n")
                self._index += 1
        self.offset = end

    async def flush(self) -> None:
        """Flush the underlying writer."""
        await self._writer.flush()
