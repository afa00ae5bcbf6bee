"""HttpProtocol without sockets: what it hands the transport, write by write."""

from __future__ import annotations

import asyncio
import contextlib

import uvicorn
from uvicorn.server import ServerState

from fastresp.server import HttpProtocol

REQUEST = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"


class Transport(asyncio.Transport):
    """Records every write call."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.reading = True

    def get_extra_info(self, name, default=None):
        return {"peername": ("127.0.0.1", 5000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def write(self, data) -> None:
        self.writes.append(bytes(data))

    def writelines(self, data) -> None:
        self.writes.append(b"|".join(bytes(item) for item in data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        if not self.closed:
            self.writes_before_close = len(self.writes)
        self.closed = True

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True


def exchange(app, data: bytes = REQUEST) -> Transport:
    async def main() -> Transport:
        config = uvicorn.Config(app, http=HttpProtocol, lifespan="off", proxy_headers=False)
        state = ServerState()
        protocol = HttpProtocol(config=config, server_state=state, app_state={}, _loop=asyncio.get_running_loop())
        transport = Transport()
        protocol.connection_made(transport)
        protocol.data_received(data)
        while state.tasks:
            await asyncio.sleep(0.01)
        assert state.total_requests == 1
        protocol.connection_lost(None)
        return transport

    return asyncio.run(main())


@contextlib.contextmanager
def recorded_transports():
    """The list every Transport made inside the block is appended to (the app's view of its connection)."""
    made: list[Transport] = []
    original = Transport.__init__

    def remember(self):
        original(self)
        made.append(self)

    Transport.__init__ = remember
    try:
        yield made
    finally:
        Transport.__init__ = original


def body_app(*bodies: bytes, length: bool = True):
    async def app(scope, receive, send):
        total = sum(len(body) for body in bodies)
        headers = [(b"content-length", b"%d" % total)] if length else []
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for index, body in enumerate(bodies):
            await send({"type": "http.response.body", "body": body, "more_body": index < len(bodies) - 1})

    return app


def test_head_and_small_body_leave_in_one_write():
    transport = exchange(body_app(b"hello"))
    assert transport.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello"]


def test_chunked_small_body_and_last_chunk_in_one_write():
    transport = exchange(body_app(b"hello", length=False))
    assert transport.writes == [b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"]


def test_large_first_body_is_not_copied_into_the_head():
    big = b"x" * 200_000
    transport = exchange(body_app(big))
    head, body = transport.writes[0].split(b"|")
    assert head == b"HTTP/1.1 200 OK\r\ncontent-length: 200000\r\n\r\n" and body == big


def test_streamed_parts_are_one_write_each():
    transport = exchange(body_app(b"a", b"bb", b""))
    assert transport.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\na", b"bb"]


def test_nothing_is_written_before_the_first_body_message():
    written_at_start = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        written_at_start.append(len(transport_ref[0].writes))
        await send({"type": "http.response.body", "body": b"ok"})

    with recorded_transports() as transport_ref:
        exchange(app)
    assert written_at_start == [0]


def test_app_returning_a_value_after_its_response_is_counted_once():
    async def app(scope, receive, send):
        await body_app(b"ok")(scope, receive, send)
        return 42

    transport = exchange(app)  # exchange() checks total_requests == 1
    assert transport.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"]


def test_parts_sent_in_one_turn_leave_in_one_write_with_the_end():
    transport = exchange(body_app(b"a", b"bb", b"ccc", length=False))
    assert transport.writes == [
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n",
        b"2\r\nbb\r\n3\r\nccc\r\n0\r\n\r\n",
    ]


def test_a_held_part_leaves_at_the_end_of_the_turn_it_was_sent_in():
    counts = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for part in (b"0", b"1", b"2"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        counts.append(len(transports[0].writes))
        await asyncio.sleep(0.01)  # the app waits for its next event: the turn ends
        counts.append(len(transports[0].writes))
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    with recorded_transports() as transports:
        exchange(app)
    assert counts == [1, 2]  # parts 1 and 2 were held, then written together before the end
    assert transports[0].writes[1:] == [b"1\r\n1\r\n1\r\n2\r\n", b"0\r\n\r\n"]


def test_held_parts_are_written_at_once_when_they_reach_the_hold_limit():
    from fastresp.server._shared import COALESCE_LIMIT

    part = b"p" * (COALESCE_LIMIT // 3 + 1)
    counts = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for _ in range(5):
            await send({"type": "http.response.body", "body": part, "more_body": True})
            counts.append(len(transports[0].writes))
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    with recorded_transports() as transports:
        exchange(app)
    # Part 1 leaves with the head; parts 2-4 pass the limit together, in the same turn.
    assert counts == [1, 1, 1, 2, 2]


def test_parts_held_when_the_app_fails_are_written_before_the_connection_closes():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        await send({"type": "http.response.body", "body": b"b", "more_body": True})
        raise RuntimeError("the app failed mid-stream")

    transport = exchange(app)
    assert transport.writes == [
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n",
        b"1\r\nb\r\n",
    ]
    assert transport.closed and transport.writes_before_close == 2
