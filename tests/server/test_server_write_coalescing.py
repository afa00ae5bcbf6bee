"""Streamed chunks sent in one turn of the event loop leave in one write, and never later than that turn."""

from __future__ import annotations

import asyncio

from server_support import exchange

GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
KIB = b"x" * 1024


def start() -> dict:
    return {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}


def body(data: bytes = b"", more: bool = False) -> dict:
    return {"type": "http.response.body", "body": data, "more_body": more}


def test_a_stream_sent_in_one_turn_costs_two_writes(hotpath):
    async def app(scope, receive, send):
        await send(start())
        for _ in range(64):
            await send(body(KIB, True))
        await send(body())

    transport, keep_alive = exchange(hotpath, GET, app)
    # The head with the first chunk, then the 63 others with the last chunk: not 65 writes.
    assert transport.writes == 2 and keep_alive
    head, _, chunks = bytes(transport.data).partition(b"\r\n\r\n")
    assert b"transfer-encoding: chunked" in head
    assert chunks == b"400\r\n" + b"\r\n400\r\n".join([KIB] * 64) + b"\r\n0\r\n\r\n"


def test_a_held_chunk_leaves_at_the_end_of_its_turn(hotpath):
    seen = []
    transports = []

    async def app(scope, receive, send):
        await send(start())
        await send(body(b"first", True))
        await send(body(b"event", True))  # held: the app may send more in this turn
        seen.append(bytes(transports[0].data).endswith(b"event\r\n"))
        await asyncio.sleep(0)  # the app waits (an SSE stream between events): the turn ends
        seen.append(bytes(transports[0].data).endswith(b"event\r\n"))
        await send(body())

    exchange(hotpath, GET, app, on_connection=transports.append)
    assert seen == [False, True]


def test_64_kib_held_is_written_at_once(hotpath):
    seen = []
    transports = []

    async def app(scope, receive, send):
        await send(start())
        await send(body(b"first", True))
        before = transports[0].writes
        await send(body(b"y" * 65536, True))
        seen.append(transports[0].writes - before)
        await send(body())

    exchange(hotpath, GET, app, on_connection=transports.append)
    assert seen == [1]


def test_what_was_held_goes_out_before_a_failed_stream_closes(hotpath):
    async def app(scope, receive, send):
        await send(start())
        await send(body(b"first", True))
        await send(body(b"second", True))
        raise RuntimeError("the app fails mid-stream")

    transport, keep_alive = exchange(hotpath, GET, app)
    assert bytes(transport.data).endswith(b"5\r\nfirst\r\n6\r\nsecond\r\n") and not keep_alive
