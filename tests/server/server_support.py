"""Helpers for the server tests: a real uvicorn on loopback and a strict h11 client over raw sockets."""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import h11
import pytest
from support import serve

from fastresp.core import NO_EXTENSIONS
from fastresp.server import HttpProtocol, speedups

#: The builds of the server's hot path this run must test: both, unless the pure one was asked for.
HOTPATH_BUILDS = ("python",) if NO_EXTENSIONS else ("cython", "python")


def load_hotpath(build: str):
    """``_hotpath`` compiled or run from source, failing the test when the compiled one was expected but is missing."""
    if build == "python":
        return speedups.source_hotpath()
    try:
        return speedups.compiled_hotpath()
    except ImportError as error:
        pytest.fail(
            f"the compiled server hot path was expected but cannot be imported ({error}); "
            "build it with `pip install -e .` or run with FASTRESP_NO_EXTENSIONS=1",
            pytrace=False,
        )


@contextlib.contextmanager
def run(app, **config) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 with fastresp's protocol; yield the base URL."""
    config.setdefault("http", HttpProtocol)
    with serve(app, **config) as url:
        yield url


@dataclasses.dataclass
class Response:
    """One response as h11 (client role) parsed it."""

    status: int
    reason: bytes
    http_version: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    trailers: list[tuple[bytes, bytes]]
    interim: list[h11.InformationalResponse]

    def header(self, name: bytes) -> bytes | None:
        """The value of the first header called ``name`` (lowercase), or None."""
        for key, value in self.headers:
            if key == name:
                return value
        return None

    def all(self, name: bytes) -> list[bytes]:
        """Every value of header ``name``."""
        return [value for key, value in self.headers if key == name]


class Incomplete(Exception):
    """The server closed the connection before a response was complete."""


#: Clients opened by the current test; the autouse fixture in conftest.py closes them.
OPEN_CLIENTS: list[Client] = []


class Client:
    """A raw TCP connection that writes bytes as given and parses answers strictly with h11."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        OPEN_CLIENTS.append(self)
        self.buffer = b""
        self.eof = False

    def send(self, data: bytes) -> None:
        """Write raw request bytes."""
        self.sock.sendall(data)

    def _fill(self) -> None:
        data = self.sock.recv(1 << 20)
        if data:
            self.buffer += data
        else:
            self.eof = True

    def response(self, method: str = "GET") -> Response:
        """Parse the next response (to a request made with ``method``), reading as needed."""
        conn = h11.Connection(h11.CLIENT)
        conn.send(h11.Request(method=method, target="/", headers=[("host", "x")]))
        conn.send(h11.EndOfMessage())
        if self.buffer:
            conn.receive_data(self.buffer)  # (an empty bytes would mean EOF to h11)
        self.buffer = b""
        interim, body, trailers, head = [], [], [], None
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                if self.eof:
                    raise Incomplete(f"connection closed mid-response: {head!r} {b''.join(body)[-200:]!r}")
                self._fill()
                if self.buffer:
                    conn.receive_data(self.buffer)
                elif self.eof:
                    conn.receive_data(b"")
                self.buffer = b""
            elif isinstance(event, h11.InformationalResponse):
                interim.append(event)
            elif isinstance(event, h11.Response):
                head = event
            elif isinstance(event, h11.Data):
                body.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                trailers = list(event.headers)
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise Incomplete("connection closed before a response")
        rest, closed = conn.trailing_data
        self.buffer = bytes(rest)
        self.eof = self.eof or closed
        return Response(
            head.status_code, head.reason, head.http_version, list(head.headers), b"".join(body),
            trailers, interim,
        )

    def read_all(self, limit: float = 5.0) -> bytes:
        """Read until the server closes (or ``limit`` seconds pass); return everything unread."""
        deadline = time.monotonic() + limit
        self.sock.settimeout(0.2)
        while not self.eof and time.monotonic() < deadline:
            try:
                self._fill()
            except (TimeoutError, BlockingIOError):
                continue
            except ConnectionResetError:
                self.eof = True
        data, self.buffer = self.buffer, b""
        return data

    def is_closed(self, wait: float = 2.0) -> bool:
        """Whether the server closes the connection within ``wait`` seconds."""
        self.read_all(wait)
        return self.eof

    def close(self) -> None:
        """Close the socket."""
        self.sock.close()


def request(method: str = "GET", target: str = "/", headers: tuple[str, ...] = (), body: bytes = b"",
            version: str = "1.1") -> bytes:
    """Raw request bytes; adds Host and, with a body, Content-Length."""
    lines = [f"{method} {target} HTTP/{version}", "Host: 127.0.0.1"]
    lines += list(headers)
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def fetch(url: str, data: bytes, methods: tuple[str, ...] = ("GET",)) -> list[Response]:
    """Open a connection, send ``data``, parse one response per method, close."""
    client = Client(url)
    try:
        client.send(data)
        return [client.response(method) for method in methods]
    finally:
        client.close()


async def plaintext(scope, receive, send):
    """The smallest ASGI app: 200 with a fixed body."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"Hello, world!"})
