"""Helpers for the server tests: a real uvicorn on loopback and a strict h11 client over raw sockets."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import h11
import uvicorn
from support import PURE_MODE_BUILDS, load_build, serve
from uvicorn.server import ServerState

from fastresp.server import HttpProtocol, speedups

#: The builds of the server's hot path this run must test.
HOTPATH_BUILDS = PURE_MODE_BUILDS


def load_hotpath(build: str):
    """``_hotpath`` compiled or run from source, failing the test when the compiled one was expected but is missing."""
    return load_build("fastresp.server._hotpath", build)


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


def protocol_on(hotpath) -> type:
    """``HttpProtocol`` whose hot path is ``hotpath`` (either build), with a ``RequestCycle`` to match.

    The installed classes are returned when ``hotpath`` is the build in use; otherwise
    the same methods are set on classes derived from the other build's cores.
    """
    from fastresp.server.cycle import RequestCycle

    if hotpath.ProtocolCore is speedups.ProtocolCore:
        return HttpProtocol

    def rebased(cls: type, *bases: type) -> type:
        body = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
        return type(cls.__name__, bases, body)

    cycle_class = rebased(RequestCycle, hotpath.CycleCore)
    protocol_class = rebased(HttpProtocol, hotpath.ProtocolCore, asyncio.Protocol)
    init = protocol_class.__init__

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.cycle_class = cycle_class

    protocol_class.__init__ = __init__
    return protocol_class


#: uvicorn's default headers as its Server publishes them (fixed so that the bytes are).
DEFAULT_HEADERS = [(b"date", b"Thu, 01 Jan 2026 00:00:00 GMT"), (b"server", b"uvicorn")]


class RecordingTransport(asyncio.Transport):
    """Keeps every byte written and whether the connection was closed or half-closed."""

    def __init__(self) -> None:
        super().__init__()
        self.data = bytearray()
        self.writes = 0  # write() calls: one system call each on an idle socket
        self.closed = False

    def get_extra_info(self, name, default=None):
        return {"peername": ("127.0.0.1", 5000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def write(self, data) -> None:
        assert not self.closed, "written after close"
        self.data += data
        self.writes += 1

    def writelines(self, data) -> None:
        self.write(b"".join(data))

    def can_write_eof(self) -> bool:
        return True

    def write_eof(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def exchange(hotpath, request: bytes, app, on_connection=None, **config) -> tuple[RecordingTransport, bool]:
    """Serve ``request`` with ``app`` on ``hotpath``'s protocol over a ``RecordingTransport``.

    ``on_connection(transport)`` is called before the request is fed; ``config`` goes
    to ``uvicorn.Config`` (``proxy_headers`` is off unless given). Returns the
    transport and whether the connection stays open for another request.
    """

    async def main() -> tuple[RecordingTransport, bool]:
        settings = uvicorn.Config(app, lifespan="off", access_log=False, **{"proxy_headers": False, **config})
        settings.load()
        state = ServerState()
        state.default_headers = DEFAULT_HEADERS
        protocol = protocol_on(hotpath)(
            config=settings, server_state=state, app_state={}, _loop=asyncio.get_running_loop()
        )
        transport = RecordingTransport()
        if on_connection is not None:
            on_connection(transport)
        protocol.connection_made(transport)
        protocol.data_received(request)
        for _ in range(20):  # the app's task, then the turn that flushes a lone head
            await asyncio.sleep(0)
        assert not state.tasks
        protocol.connection_lost(None)
        return transport, not transport.closed

    return asyncio.run(main())
