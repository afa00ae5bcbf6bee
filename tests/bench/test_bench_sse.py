"""The server-sent events scenario: its client's parsing, a real stream over loopback, its check."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest
import uvicorn

from bench.suite.apps import common
from bench.suite.equivalence import Response, problems
from bench.suite.scenarios import SCENARIOS
from bench.suite.sse_client import Dechunker, EventCounter, canonical_events, read_stream

SSE = SCENARIOS["sse"]
BODY = b"data: a\r\n\r\n: ping\r\n\r\ndata\r\rdata: b\ndata: c\n\nid: 7\n\n"


def pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, len(BODY)])
def test_events_are_counted_whatever_the_line_ends_and_wherever_the_pieces_split(size):
    counter = EventCounter()
    for piece in pieces(BODY, size):
        counter.feed(piece)
    # "a", the bare "data" field and "b\nc" dispatch; the ping and the id-only block do not.
    assert counter.events == 3


def test_a_crlf_split_between_pieces_is_one_line_end():
    counter = EventCounter()
    assert counter.feed(b"data: x\r") == 0
    assert counter.feed(b"\ndata: y\n") == 0  # one event "x\ny" still open, not "x" ended by a blank line
    assert counter.feed(b"\n") == 1
    assert counter.events == 1


@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_the_dechunker_undoes_the_framing_split_anywhere(size):
    framed = b"3\r\nabc\r\n1;ext=1\r\nd\r\na\r\n0123456789\r\n0\r\n\r\n"
    dechunker = Dechunker()
    body = b"".join(dechunker.feed(piece) for piece in pieces(framed, size))
    assert body == b"abcd0123456789" and dechunker.done


def test_the_dechunker_refuses_a_chunk_without_its_crlf():
    with pytest.raises(ValueError, match="CRLF"):
        Dechunker().feed(b"3\r\nabcXY")


def test_canonical_events_ignore_line_ends_pings_and_other_fields():
    assert canonical_events(BODY) == b"data: a\n\ndata: \n\ndata: b\ndata: c\n\n"
    assert canonical_events(b"data: a\n\n") == canonical_events(b": ping\r\n\r\ndata:a\r\n\r\n")


def test_the_scenario_accepts_any_encoding_of_its_events_and_names_a_missing_one():
    events = [b"data: %s" % common.SSE_DATA[i % 4].encode() for i in range(common.SSE_EVENTS)]
    crlf = b"\r\n\r\n".join(events) + b"\r\n\r\n: ping\r\n\r\n"  # sse-starlette's separator
    chunked = [("content-type", "text/event-stream"), ("transfer-encoding", "chunked")]
    assert problems(SSE, Response(200, chunked, crlf)) == []
    short = b"\n\n".join(events[:-1]) + b"\n\n"
    assert any(found.startswith("body differs") for found in problems(SSE, Response(200, chunked, short)))


async def sse_app(scope, receive, send):
    """Raw ASGI: ``/events`` sends 50 events; ``/forever`` one, then waits for the client to leave."""
    if scope["type"] != "http":
        return
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]}
    )
    if scope["path"] == "/forever":
        await send({"type": "http.response.body", "body": b"data: 0\n\n", "more_body": True})
        while (await receive())["type"] != "http.disconnect":
            pass
        return
    for i in range(50):
        await send({"type": "http.response.body", "body": b"data: %d\r\n\r\n" % i, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


@pytest.fixture(scope="module")
def base_url():
    """A real uvicorn serving ``sse_app`` on 127.0.0.1 for this module."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(sse_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    with contextlib.suppress(RuntimeError):
        thread.join(10)


def test_a_whole_stream_is_read_to_its_end(base_url):
    result = read_stream(base_url + "/events", max_events=10_000, timeout=10)
    assert result.requests == 50 and result.errors == 0
    assert result.requests_per_sec > 0 and result.bytes_read > 50 * len(b"data: 0\r\n\r\n")


def test_the_client_stops_itself_after_its_event_count(base_url):
    result = read_stream(base_url + "/events", max_events=5, timeout=10)
    assert 5 <= result.requests < 50 and result.errors == 0


def test_the_client_stops_itself_at_its_timeout_and_says_so(base_url):
    started = time.monotonic()
    result = read_stream(base_url + "/forever", max_events=10, timeout=0.5)
    assert time.monotonic() - started < 5
    assert result.requests == 1 and result.socket_errors == 1
