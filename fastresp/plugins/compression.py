"""The Compression plugin: gzip, deflate, br and zstd content codings chosen by ``Accept-Encoding``.

    app.install(Compression)                                   # every coding available here
    app.install(Compression, encoders=("gzip",), minimum_size=1024)

gzip and deflate come from the standard library; br needs the ``brotli`` package and
zstd ``compression.zstd`` (Python 3.14+) or the ``zstandard`` package.
"""

from __future__ import annotations

import asyncio
import os
import zlib
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from ..app.application import Application
from ..app.call import ApplicationCall
from ..app.contents import (
    ByteArrayContent,
    LocalFileContent,
    OutgoingContent,
    StreamContent,
    WriterContent,
    charset_of,
)
from ..app.plugin import Phase, Plugin, effective_status, has_header, header_value, replace_content
from ..app.sending import FILE_CHUNK
from ..app.writer import BodyLengthError, ResponseWriter
from ..http._parameters import is_token
from ..http.accept import parse_qvalue
from ..http.content_type import BadContentTypeFormatError, ContentType
from ..http.validators import parse_entity_tag

try:  # optional: br
    import brotli as _brotli
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None

try:  # optional: zstd, from the standard library (3.14+) or the zstandard package
    from compression import zstd as _stdlib_zstd  # type: ignore[import-not-found]
except ImportError:
    _stdlib_zstd = None
try:
    import zstandard as _zstandard
except ImportError:  # pragma: no cover - depends on the environment
    _zstandard = None

__all__ = ["DEFAULT_EXCLUDED_TYPES", "Compression", "Encoder", "available_encoders", "parse_accept_encoding"]

#: Media ranges never compressed: already-compressed media, multipart framing, and
#: event streams (compression would hold events back in the compressor).
DEFAULT_EXCLUDED_TYPES = ("image/*", "video/*", "audio/*", "multipart/*", "text/event-stream")
#: Exceptions to the exclusions: SVG is XML text and compresses well.
DEFAULT_INCLUDED_TYPES = ("image/svg+xml",)
#: Accept-Encoding members read; real clients send fewer than ten.
MAX_ACCEPT_ENCODING_ITEMS = 64
# Bodies in memory larger than this are compressed in a worker thread, not on the loop.
_THREAD_THRESHOLD = 64 * 1024


class _Stream:
    """One compression run: ``compress`` data, ``flush`` a sync point, ``finish`` the coding."""

    def __init__(
        self, compress: Callable[[bytes], bytes], flush: Callable[[], bytes], finish: Callable[[], bytes]
    ):
        self.compress = compress
        self.flush = flush
        self.finish = finish


class Encoder:
    """A content coding: its token (``gzip``) and a factory of compression runs."""

    def __init__(self, name: str, start: Callable[[], _Stream]) -> None:
        self.name = name
        self.start = start

    def __repr__(self) -> str:
        return f"Encoder({self.name!r})"

    def encode(self, data: bytes) -> bytes:
        """Compress a whole body."""
        stream = self.start()
        return stream.compress(data) + stream.finish()


def _zlib_stream(wbits: int) -> Callable[[], _Stream]:
    def start() -> _Stream:
        engine = zlib.compressobj(6, zlib.DEFLATED, wbits)
        return _Stream(
            engine.compress, lambda: engine.flush(zlib.Z_SYNC_FLUSH), lambda: engine.flush(zlib.Z_FINISH)
        )

    return start


def _brotli_stream() -> _Stream:
    # Quality 5: near gzip's speed with a better ratio; 11 (the default) is for static files.
    engine = _brotli.Compressor(quality=5)
    return _Stream(engine.process, engine.flush, engine.finish)


def _zstd_stream() -> _Stream:
    if _stdlib_zstd is not None:
        engine: Any = _stdlib_zstd.ZstdCompressor(level=3)
        block = _stdlib_zstd.ZstdCompressor.FLUSH_BLOCK
        return _Stream(engine.compress, lambda: engine.flush(block), engine.flush)
    engine = _zstandard.ZstdCompressor(level=3).compressobj()
    block = _zstandard.COMPRESSOBJ_FLUSH_BLOCK
    return _Stream(engine.compress, lambda: engine.flush(block), engine.flush)


def available_encoders() -> dict[str, Encoder]:
    """The codings this interpreter can produce, in the default priority order."""
    encoders: dict[str, Encoder] = {}
    if _brotli is not None:
        encoders["br"] = Encoder("br", _brotli_stream)
    if _stdlib_zstd is not None or _zstandard is not None:
        encoders["zstd"] = Encoder("zstd", _zstd_stream)
    # "deflate" is the zlib format (RFC 9110 §8.4.1.2), wbits 15; gzip is wbits 16+15.
    encoders["gzip"] = Encoder("gzip", _zlib_stream(31))
    encoders["deflate"] = Encoder("deflate", _zlib_stream(15))
    return encoders


def parse_accept_encoding(value: str) -> dict[str, float]:
    """Coding token (lowercase) -> weight for an ``Accept-Encoding`` value (RFC 9110 §12.5.3).

    Members with a malformed weight (``q=inf``, ``q=1.5``, ``q=-1``) or token are skipped;
    ``x-gzip`` counts as ``gzip`` (§8.4.1.3). Never raises; bounded work.
    """
    weights: dict[str, float] = {}
    for count, member in enumerate(value.split(",", MAX_ACCEPT_ENCODING_ITEMS)):
        if count >= MAX_ACCEPT_ENCODING_ITEMS:
            break
        token, *params = (piece.strip(" \t") for piece in member.split(";"))
        if not token:
            continue
        if not is_token(token):
            continue
        weight = 1.0
        valid = True
        for param in params:
            name, equals, text = param.partition("=")
            if name.strip(" \t").lower() == "q" and equals:
                parsed = parse_qvalue(text.strip(" \t"))
                if parsed is None:
                    valid = False
                    break
                weight = parsed
        if not valid:
            continue
        token = token.lower()
        if token == "x-gzip":
            token = "gzip"
        weights[token] = weight
    return weights


class Compression(Plugin):
    """Compresses response bodies with the best coding the client accepts.

    Options: ``encoders`` (tokens in priority order, default every available one:
    br, zstd, gzip, deflate), ``minimum_size`` (bytes, default 200), ``excluded_types``
    (media ranges never compressed, default ``DEFAULT_EXCLUDED_TYPES``).
    """

    phase = Phase.ENCODING

    def __init__(
        self,
        app: Application,
        *,
        encoders: Iterable[str] | None = None,
        minimum_size: int = 200,
        excluded_types: Iterable[str] = DEFAULT_EXCLUDED_TYPES,
    ) -> None:
        super().__init__(app)
        available = available_encoders()
        names = list(available) if encoders is None else [name.lower() for name in encoders]
        for name in names:
            if name not in available:
                hint = {"br": " (pip install brotli)", "zstd": " (pip install zstandard)"}.get(name, "")
                raise ValueError(f"content coding {name!r} is not available here{hint}")
        if not names:
            raise ValueError("Compression needs at least one encoder")
        if type(minimum_size) is not int or minimum_size < 0:
            raise ValueError(f"minimum_size must be a non-negative int, got {minimum_size!r}")
        #: The encoders in priority order (ties between equal q-values go to the first).
        self.encoders = [available[name] for name in names]
        self.minimum_size = minimum_size
        self.excluded_types = [ContentType.parse(kind) for kind in excluded_types]
        self.included_types = [ContentType.parse(kind) for kind in DEFAULT_INCLUDED_TYPES]

    def choose(self, accept_encoding: str | None) -> Encoder | None:
        """The encoder for this ``Accept-Encoding``: highest q, then priority; None for identity."""
        if accept_encoding is None:
            return None  # no header: send identity, the only coding every client reads
        weights = parse_accept_encoding(accept_encoding)
        star = weights.get("*", 0.0)
        best: Encoder | None = None
        best_q = 0.0
        for encoder in self.encoders:
            q = weights.get(encoder.name, star)
            if q > best_q:  # q=0 means "not acceptable" (§12.4.2)
                best, best_q = encoder, q
        return best

    def _eligible(self, call: ApplicationCall, content: OutgoingContent, check_status: bool = True) -> bool:
        if content.live or not isinstance(
            content, (ByteArrayContent, WriterContent, LocalFileContent, StreamContent)
        ):
            return False  # no body, or a live stream whose events a compressor would hold back
        status = effective_status(call, content).value
        if check_status and (status < 200 or status in (204, 206, 304)):
            return False
        if has_header(call, content, "Content-Range"):
            return False
        if has_header(call, content, "Content-Encoding"):
            return False  # already encoded (a .gz file, say): never twice
        if content.content_length is not None and content.content_length < self.minimum_size:
            return False
        kind = _content_type(call, content)
        if kind is None or any(kind.match(allowed) for allowed in self.included_types):
            return True
        return not any(kind.match(excluded) for excluded in self.excluded_types)

    async def transform(self, call: ApplicationCall, content: OutgoingContent) -> OutgoingContent:
        """Replace ``content`` by its compressed form when it is eligible and the client accepts one."""
        if not self._eligible(call, content):
            representation = getattr(content, "representation", None)
            if representation is not None and self._eligible(call, representation, check_status=False):
                _add_vary(call, content)  # a 304 carries the Vary its 200 would have (§15.4.5)
            return content
        # The response depends on Accept-Encoding whether or not it is compressed (§12.5.5).
        _add_vary(call, content)
        encoder = self.choose(call.request.headers.get("accept-encoding"))
        if encoder is None:
            return content
        if isinstance(content, ByteArrayContent):
            data = content.bytes()
            if len(data) > _THREAD_THRESHOLD:
                encoded = await asyncio.get_running_loop().run_in_executor(None, encoder.encode, data)
            else:
                encoded = encoder.encode(data)
            result: OutgoingContent = ByteArrayContent(encoded, content.content_type, content.status)
        elif isinstance(content, WriterContent):
            result = WriterContent(
                _compressing_producer(content, encoder), content.content_type, content.status
            )
        elif isinstance(content, LocalFileContent):
            result = StreamContent(
                lambda: _compress_file(content, encoder), content.content_type, content.status
            )
        else:
            assert isinstance(content, StreamContent)
            result = StreamContent(
                lambda: _compress_stream(content, encoder), content.content_type, content.status
            )
        replace_content(content, result)
        result.headers.append(("Content-Encoding", encoder.name))
        _weaken_etag(call, result)
        return result


def _content_type(call: ApplicationCall, content: OutgoingContent) -> ContentType | None:
    value = call.response.headers.get("Content-Type")
    if value is None:
        return content.content_type
    try:
        return ContentType.parse(value)
    except BadContentTypeFormatError:
        return None


def _add_vary(call: ApplicationCall, content: OutgoingContent) -> None:
    """Add ``Accept-Encoding`` to Vary unless it (or ``*``) is already there."""
    existing = header_value(call, content, "Vary")
    if existing is not None:
        values = ",".join(call.response.headers.values("Vary")) or existing
        names = {item.strip(" \t").lower() for item in values.split(",")}
        if "accept-encoding" in names or "*" in names:
            return
    if "Vary" in call.response.headers:
        # The handler's Vary wins over the content's, so the addition goes next to it.
        call.response.headers.append("Vary", "Accept-Encoding")
        return
    for index, (name, value) in enumerate(content.headers):
        if name.lower() == "vary":
            content.headers[index] = (name, f"{value}, Accept-Encoding")
            return
    content.headers.append(("Vary", "Accept-Encoding"))


def _weaken_etag(call: ApplicationCall, content: OutgoingContent) -> None:
    """A compressed body is not byte-identical to the original: its ETag becomes weak (§8.8.3)."""
    value = call.response.headers.get("ETag")
    if value is not None:
        tag = parse_entity_tag(value)
        if tag is not None and not tag.weak:
            call.response.headers.remove("ETag")
            call.response.headers.append("ETag", "W/" + tag.opaque)
        return
    for index, (name, item) in enumerate(content.headers):
        if name.lower() == "etag":
            tag = parse_entity_tag(item)
            if tag is not None and not tag.weak:
                content.headers[index] = (name, "W/" + tag.opaque)


def _compressing_producer(content: WriterContent, encoder: Encoder):
    """A producer running the original one through a compressing writer."""

    async def producer(writer: ResponseWriter) -> None:
        stream = encoder.start()
        compressing = _CompressingWriter(
            writer, stream, charset_of(content.content_type), content.content_length
        )
        await content.producer(compressing)  # type: ignore[arg-type]
        if content.content_length is not None and compressing.written != content.content_length:
            raise BodyLengthError(
                f"body shorter than the declared content_length={content.content_length} "
                f"({compressing.written} bytes written)"
            )
        await writer.write(stream.finish())

    return producer


class _CompressingWriter:
    """Looks like a ``ResponseWriter``; compresses each write, and ``flush()`` emits a sync point."""

    def __init__(self, writer: ResponseWriter, stream: _Stream, encoding: str, length: int | None) -> None:
        self._writer = writer
        self._stream = stream
        self._encoding = encoding
        self._length = length
        self.written = 0

    async def write(self, data: str | bytes | bytearray | memoryview) -> None:
        """Compress ``data`` into the body."""
        if isinstance(data, str):
            data = data.encode(self._encoding)
        elif not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"write() takes str or bytes, got {type(data).__name__}")
        data = bytes(data)
        if self._length is not None and self.written + len(data) > self._length:
            raise BodyLengthError(f"body longer than the declared content_length={self._length}")
        self.written += len(data)
        out = self._stream.compress(data)
        if out:
            await self._writer.write(out)

    async def flush(self) -> None:
        """Emit everything written so far (a sync flush), then flush the underlying writer."""
        out = self._stream.flush()
        if out:
            await self._writer.write(out)
        await self._writer.flush()


async def _compress_file(content: LocalFileContent, encoder: Encoder) -> AsyncIterator[bytes]:
    """Read and compress the file chunk by chunk in a worker thread (never whole in memory)."""
    loop = asyncio.get_running_loop()
    stream = encoder.start()
    offset, size = 0, content.content_length or 0

    def step(at: int) -> tuple[int, bytes]:
        data = os.pread(content.fd, min(FILE_CHUNK, size - at), at)
        if not data:
            raise BodyLengthError(f"{content.path} shrank while it was sent")
        return len(data), stream.compress(data)

    while offset < size:
        read, out = await loop.run_in_executor(None, step, offset)
        offset += read
        if out:
            yield out
    yield stream.finish()


async def _compress_stream(content: StreamContent, encoder: Encoder) -> AsyncIterator[bytes]:
    """Compress another stream's chunks as they come."""
    stream = encoder.start()
    async for chunk in content.chunks():
        out = stream.compress(chunk)
        if out:
            yield out
    yield stream.finish()
