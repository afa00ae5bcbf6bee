"""Responses framed as on uvicorn: unread bodies, app-set Transfer-Encoding, heads that do not wait, app mistakes."""

from __future__ import annotations

import asyncio
import time

import pytest
from server_support import Client, fetch, plaintext, request, run
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

#: Seconds the streaming app waits before its first body chunk.
FIRST_CHUNK_DELAY = 1.5


# --- 2. a large body the app does not read, then another request --------------------------------


async def _not_found_after_a_while(scope, receive, send):
    """Answers POST with 404 without reading the body, once much of it has arrived; GET with 200."""
    if scope["method"] == "POST":
        await asyncio.sleep(0.3)  # the body fills the request buffer and reading pauses meanwhile
        await send({"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4")]})
    await send({"type": "http.response.body", "body": b"home"})


def test_unread_large_body_is_dropped_and_the_next_request_is_answered():
    body = b"x" * (5 * 1024 * 1024)
    with run(_not_found_after_a_while) as url:
        client = Client(url, timeout=10)
        data = request("POST", "/missing", body=body) + request("GET", "/")
        # Write everything, reading as we go, so that neither side blocks on a full buffer.
        client.sock.setblocking(False)
        sent, started = 0, time.monotonic()
        received = b""
        while sent < len(data) and time.monotonic() - started < 10:
            try:
                sent += client.sock.send(data[sent:sent + 65536])
            except BlockingIOError:
                time.sleep(0.001)
            try:
                received += client.sock.recv(65536)
            except BlockingIOError:
                pass
        assert sent == len(data)
        client.sock.setblocking(True)
        client.sock.settimeout(3)  # the second answer comes at once, not after a stall
        client.buffer = received
        first, second = client.response("POST"), client.response()
    assert (first.status, second.status, second.body) == (404, 200, b"home")


# --- 5. an app that sets Transfer-Encoding: chunked itself ---------------------------------------


def _te_app(status: int):
    def endpoint(request):
        return Response(b"" if status in (204, 304) else b"hello", status_code=status,
                        headers={"transfer-encoding": "chunked"})

    return Starlette(routes=[Route("/", endpoint, methods=["GET", "HEAD"])])


def test_app_chunked_with_content_length_is_chunked_without_the_length():
    with run(_te_app(200)) as url:
        client = Client(url)
        client.send(request())
        response = client.response()
        assert (response.status, response.body) == (200, b"hello")
        assert response.all(b"transfer-encoding") == [b"chunked"]
        assert response.header(b"content-length") is None
        client.send(request("HEAD"))
        head = client.response("HEAD")
        assert head.status == 200 and head.header(b"content-length") is None


@pytest.mark.parametrize("status", [204, 304])
def test_bodyless_status_with_app_transfer_encoding_carries_neither(status):
    with run(_te_app(status)) as url:
        client = Client(url)
        client.send(request() + request())
        first, second = client.response(), client.response()
    assert first.status == second.status == status
    assert first.header(b"transfer-encoding") is None and first.header(b"content-length") is None


# --- 6. a head is not held back while the app waits ---------------------------------------------


async def _slow_stream(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
    await asyncio.sleep(FIRST_CHUNK_DELAY)
    await send({"type": "http.response.body", "body": b"data: 1\n\n", "more_body": True})
    await send({"type": "http.response.body", "body": b""})


def test_head_goes_out_before_a_late_first_chunk():
    with run(_slow_stream) as url:
        client = Client(url)
        started = time.monotonic()
        client.send(request())
        client.sock.settimeout(FIRST_CHUNK_DELAY * 2)
        first = client.sock.recv(65536)
        waited = time.monotonic() - started
        assert first.startswith(b"HTTP/1.1 200 OK\r\n") and first.endswith(b"\r\n\r\n")
        assert waited < FIRST_CHUNK_DELAY / 2, waited
        client.buffer = first
        response = client.response()
    assert response.body == b"data: 1\n\n"


def test_head_and_body_sent_in_one_turn_still_leave_in_one_segment():
    with run(plaintext) as url:
        client = Client(url)
        client.send(request())
        client.sock.settimeout(5)
        data = client.sock.recv(65536)
    assert data.startswith(b"HTTP/1.1 200 OK\r\n") and data.endswith(b"\r\n\r\nd\r\nHello, world!\r\n0\r\n\r\n")


# --- 9. the app's mistakes -----------------------------------------------------------------------


@pytest.mark.parametrize("status", [600, 999, 99])
def test_status_outside_100_to_599_never_reaches_the_wire(status):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    with run(app) as url:
        response = fetch(url, request())[0]
    assert response.status == 500


def test_app_catching_a_failed_start_and_returning_a_value_gets_a_500(uvicorn_logs):
    async def app(scope, receive, send):
        try:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"bad name", b"x")]})
        except ValueError:  # the core refuses the header name
            return "oops"

    with run(app, log_config=None) as url:
        response = fetch(url, request())[0]
    assert response.status == 500
    assert any("should return None" in r.getMessage() for r in uvicorn_logs.records)


@pytest.mark.parametrize("mistake", ["send-again", "return-value"])
def test_mistake_after_a_complete_response_is_logged_and_closes(uvicorn_logs, mistake):
    async def app(scope, receive, send):
        await plaintext(scope, receive, send)
        if mistake == "send-again":
            await send({"type": "http.response.body", "body": b"more"})
        return None if mistake == "send-again" else 1

    with run(app, log_config=None) as url:
        client = Client(url)
        client.send(request())
        assert client.response().body == b"Hello, world!"
        assert client.is_closed()
    assert any(r.levelname == "ERROR" for r in uvicorn_logs.records)

