"""Ask a running server for one response over a loopback socket and keep the bytes it wrote.

The demo's tour shows what fastresp puts on the wire; rather than re-render a head
from the app's values (which would only show what the renderer *should* write), it
sends a real request to the serving process and reports the head exactly as read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httptools

#: How much of a response is read at most; the examples' largest body is the 20 KB logo.
MAX_RESPONSE_BYTES = 1 << 20
#: Seconds a capture may take before it is abandoned (the examples answer at once).
TIMEOUT = 5.0


class CaptureError(Exception):
    """The server could not be reached or did not send one whole response in time."""


@dataclass
class Capture:
    """One request as sent and its response as read: the raw head and the body."""

    request: bytes
    head: bytes = b""
    wire_body: bytes = b""
    body: bytearray = field(default_factory=bytearray)
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    complete: bool = False

    # httptools callbacks: the parser decodes chunked framing into on_body.
    def on_header(self, name: bytes, value: bytes) -> None:
        """Keep one parsed header field."""
        self.headers.append((name.lower(), value))

    def on_body(self, data: bytes) -> None:
        """Keep a piece of the decoded body."""
        self.body += data

    def on_message_complete(self) -> None:
        """Mark the response as read to its end."""
        self.complete = True

    def header(self, name: bytes) -> bytes | None:
        """The first value of the header ``name`` (lower case), or None."""
        return next((value for key, value in self.headers if key == name), None)


def build_request(method: str, path: str, host: str, headers: list[tuple[str, str]]) -> bytes:
    """An HTTP/1.1 request head (and an empty body for methods that carry one)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "User-Agent: fastresp-demo", *(
        f"{name}: {value}" for name, value in headers)]
    if method in ("POST", "PUT", "PATCH"):
        lines.append("Content-Length: 0")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def capture(address: tuple[str, int], request: bytes) -> Capture:
    """Send ``request`` to ``address`` and read one whole response, keeping its raw head."""
    result = Capture(request)
    try:
        return await asyncio.wait_for(_exchange(address, result), TIMEOUT)
    except asyncio.TimeoutError:
        raise CaptureError(f"no whole response from {address[0]}:{address[1]} within {TIMEOUT}s") from None
    except OSError as error:
        raise CaptureError(f"cannot reach {address[0]}:{address[1]}: {error}") from None


async def _exchange(address: tuple[str, int], result: Capture) -> Capture:
    reader, writer = await asyncio.open_connection(address[0], address[1])
    try:
        writer.write(result.request)
        raw = bytearray()
        parser = httptools.HttpResponseParser(result)
        while not result.complete:
            data = await reader.read(65536)
            if not data:
                # A close-delimited body ends at EOF (RFC 9112 section 6.3, rule 8).
                break
            raw += data
            if len(raw) > MAX_RESPONSE_BYTES:
                raise CaptureError(f"response larger than {MAX_RESPONSE_BYTES} bytes")
            try:
                parser.feed_data(data)
            except httptools.HttpParserError as error:
                raise CaptureError(f"the server wrote an unparsable response: {error}") from None
    finally:
        writer.close()
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        raise CaptureError("the connection closed before the response head ended")
    result.head = bytes(raw[: end + 4])
    result.wire_body = bytes(raw[end + 4:])
    return result
