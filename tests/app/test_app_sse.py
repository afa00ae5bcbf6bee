"""``call.respond_sse`` over real servers on loopback: stock uvicorn (httptools, h11) and fastresp's protocol.

Events are read back with httpx-sse (a real SSE client) and raw sockets; the sources
record in a ``Probe`` when they are closed, so the disconnect tests see their ``finally`` run.
"""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest
from app_support import raw_request, running
from httpx_sse import connect_sse
from sse_apps import Probe, sse_app

from fastresp import ServerSentEvent
from fastresp.app.events import EventStreamContent, encode_event

SERVERS = {"uvicorn": {}, "uvicorn-h11": {"http": "h11"}, "fastresp": {"http": "fastresp.server:HttpProtocol"}}


@pytest.fixture(scope="module", params=sorted(SERVERS))
def served(request):
    """``(client, probe)`` for the SSE app on one server, with and without the streaming-wary plugins."""
    probe = Probe()
    with running(sse_app(probe, plugins=True), **SERVERS[request.param]) as client:
        yield client, probe


def read_events(client: httpx.Client, path: str, **kwargs):
    with connect_sse(client, "GET", path, **kwargs) as source:
        return source.response, list(source.iter_sse())


def wait_for(predicate, timeout: float) -> float:
    """Poll ``predicate`` until true; return the seconds it took (fail after ``timeout``)."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            pytest.fail(f"not true within {timeout} s")
        time.sleep(0.01)
    return time.monotonic() - start


def test_every_kind_of_item_reaches_an_sse_client(served):
    """ServerSentEvent (JSON data), str, bytes and dict items arrive with their fields."""
    client, _ = served
    response, events = read_events(client, "/items")
    assert response.headers["content-type"] == "text/event-stream"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-accel-buffering"] == "no"
    got = [(event.event, event.data, event.id, event.retry) for event in events]
    assert got == [
        ("tick", '{"token":"hi"}', "1", None),
        ("message", "plain\nline two", "1", None),  # the id sticks until another is sent
        ("message", "bytes", "1", None),
        ("message", "[1,2]", "2", 2500),
        ("message", "ok", "2", None),
    ]
    assert json.loads(events[0].data) == {"token": "hi"}


def test_the_wire_carries_the_cores_bytes(served):
    """On the wire: one chunk per event, exactly the encoded event, no content-length."""
    client, _ = served
    raw = raw_request(str(client.base_url), b"GET /producer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"transfer-encoding: chunked" in head.lower()
    assert b"content-length" not in head.lower()
    expected = b"".join(
        b"%x\r\n%s\r\n" % (len(event), event)
        for event in (encode_event(ServerSentEvent(str(n), id=str(n))) for n in range(3))
    )
    assert body == expected + b"0\r\n\r\n"


def test_a_producer_sends_events(served):
    """A Ktor-style producer (``async def produce(sender)``) streams what it sends."""
    client, _ = served
    _, events = read_events(client, "/producer")
    assert [(event.data, event.id) for event in events] == [("0", "0"), ("1", "1"), ("2", "2")]


def test_last_event_id_lets_a_source_resume(served):
    """``call.request.last_event_id`` is the client's Last-Event-ID header (UTF-8), None without it."""
    client, _ = served
    _, events = read_events(client, "/resume", headers={"Last-Event-ID": "5"})
    assert [event.id for event in events] == ["6", "7", "8"]
    _, events = read_events(client, "/resume")
    assert [event.id for event in events] == ["1", "2", "3"]
    _, events = read_events(client, "/echo-id", headers={"Last-Event-ID": "caf\xe9".encode()})
    assert events[0].data == repr("caf\xe9")
    _, events = read_events(client, "/echo-id")
    assert events[0].data == "None"


def test_a_quiet_source_is_pinged(served):
    """A comment ping goes out after ``ping`` quiet seconds, and only then."""
    client, _ = served
    base = str(client.base_url)
    raw = raw_request(base, b"GET /quiet?wait=0.7&ping=0.2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    body = raw.partition(b"\r\n\r\n")[2]
    assert 2 <= body.count(b": ping\n\n") <= 4
    assert body.index(b": ping\n\n") < body.index(b"data: late\n\n")
    raw = raw_request(base, b"GET /quiet?wait=0.1&ping=5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert b": ping" not in raw


def test_plugins_leave_the_stream_alone(served):
    """Compression, ConditionalHeaders and PartialContent installed: no gzip, no 304/412/206, no buffering."""
    client, probe = served
    probe.release.clear()
    headers = {
        "Accept-Encoding": "gzip, br, deflate",
        "If-None-Match": "*",
        "If-Match": '"nope"',
        "If-Modified-Since": "Sun, 06 Nov 2094 08:49:37 GMT",
        "Range": "bytes=0-3",
    }
    with connect_sse(client, "GET", "/gated", headers=headers) as source:
        response = source.response
        assert response.status_code == 200
        assert "content-encoding" not in response.headers
        assert "content-range" not in response.headers
        assert "accept-ranges" not in response.headers
        events = source.iter_sse()
        assert next(events).data == "before"  # it arrived while the source still waits
        probe.release.set()
        assert [event.data for event in events] == ["after"]


def test_a_failing_source_aborts_the_response(served):
    """A source that raises, or yields what is no event, leaves an incomplete body: never a clean end."""
    client, _ = served
    for path in ("/fails", "/bad-item"):
        raw = raw_request(str(client.base_url), f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert b"data: one\n\n" in raw
        assert not raw.endswith(b"0\r\n\r\n")


def test_bad_arguments_are_a_500_before_the_head(served):
    """A bad ping is refused before anything is sent: a clean 500."""
    client, _ = served
    assert client.get("/bad-ping").status_code == 500


def test_head_sends_the_head_only(served):
    """HEAD gets the event-stream head and no body."""
    client, _ = served
    response = client.head("/items")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream"
    assert response.content == b""


@pytest.mark.parametrize("route, name", [("/endless?ping=1&name={}", "{}"), ("/endless-producer", "producer")])
def test_the_source_is_closed_when_the_client_leaves(served, route, name):
    """The client hangs up mid-stream: the source's ``finally`` runs within one ping interval."""
    client, probe = served
    tag = f"gone-{time.monotonic_ns()}"
    path, key = route.format(tag), name.format(tag)
    host, port = str(client.base_url).removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        seen = b""
        while b"data: first\n\n" not in seen:
            seen += sock.recv(4096)
        assert probe.closed.get(key, 0) == 0  # still streaming while the client listens
    took = wait_for(lambda: probe.closed.get(key, 0) == 1, timeout=5)
    assert took < 1.0  # ping=1: at most one interval


def test_content_arguments_are_checked():
    """The source and ping are checked when the content is made, before any head."""

    async def receive():
        return {"type": "http.disconnect"}

    with pytest.raises(TypeError, match="source must be an async iterable"):
        EventStreamContent([ServerSentEvent("a")], receive)

    async def ticks():
        yield "a"

    with pytest.raises(TypeError, match=r"pass the generator it makes, ticks\(\)"):
        EventStreamContent(ticks, receive)
    for bad in (0, -1.0, float("inf"), float("nan"), True, "5"):
        with pytest.raises(ValueError, match="ping must be a positive number"):
            EventStreamContent(lambda sender: None, receive, ping=bad)


def test_event_items_are_checked():
    """Items map as documented: JSON for other data, dict keys are the fields, anything else refused."""
    assert encode_event({"data": {"a": 1}, "event": "e"}) == b"event: e\ndata: {\"a\":1}\n\n"
    assert encode_event(ServerSentEvent(7)) == b"data: 7\n\n"
    assert encode_event(ServerSentEvent(comment="c")) == b": c\n\n"
    with pytest.raises(TypeError, match="unknown event field 'name'"):
        encode_event({"data": "a", "name": "x"})
    with pytest.raises(TypeError, match="an event must be a ServerSentEvent, str, bytes or dict, got int"):
        encode_event(5)
    with pytest.raises(ValueError, match="SSE event 'a\\\\nb' contains CR or LF"):
        encode_event(ServerSentEvent("x", event="a\nb"))
