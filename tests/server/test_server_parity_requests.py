"""Requests uvicorn's protocols accept or refuse, answered the same way (or better, see docs/compat.md)."""

from __future__ import annotations

import asyncio
import time
from typing import ClassVar

import psutil
import pytest
from server_support import Client, fetch, plaintext, request, run
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from support import serve_server

from fastresp.server import HttpProtocol

#: Seconds within which a server with only finished connections must have released them all.
PROMPT = 5.0


def _wait_for(condition, limit: float = PROMPT) -> bool:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# --- 1. request versions other than HTTP/1.0 and HTTP/1.1 ---------------------------------------


@pytest.mark.parametrize("version", [b"HTTP/2.0", b"HTTP/0.9"])  # versions the parser lets through
def test_other_versions_get_505_and_a_close(version):
    with run(plaintext) as url:
        client = Client(url)
        client.send(b"GET / " + version + b"\r\nHost: x\r\n\r\n")
        response = client.response()
        assert response.status == 505
        assert response.header(b"connection") == b"close"
        assert client.is_closed()


def test_bogus_version_clients_leave_no_descriptor_behind_and_shutdown_is_prompt():
    process = psutil.Process()
    with serve_server(plaintext, http=HttpProtocol) as (url, server, thread):
        fetch(url, request())  # everything the server opens once is open now
        before = process.num_fds()
        for index in range(200):
            client = Client(url)
            client.send(b"GET /%d HTTP/2.0\r\nHost: x\r\n\r\n" % index)
            client.close()
        assert _wait_for(lambda: process.num_fds() <= before), (process.num_fds(), before)
        assert _wait_for(lambda: not server.server_state.connections)
        # One more left open, and a half-sent head: a graceful stop still ends at once.
        Client(url).send(b"GET / HTTP/2.0\r\nHost: x\r\n\r\n")
        Client(url).send(b"GET / HTTP/1.1\r\nHost:")
        time.sleep(0.2)
        started = time.monotonic()
        server.should_exit = True
        thread.join(PROMPT)
        assert not thread.is_alive()
        assert time.monotonic() - started < PROMPT


# --- 3. whitespace around header values (RFC 9110 §5.5) ------------------------------------------


async def _echo_header(scope, receive, send):
    value = dict(scope["headers"]).get(b"x-test", b"-")
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(value))]})
    await send({"type": "http.response.body", "body": value})


def test_header_values_lose_surrounding_whitespace():
    with run(_echo_header) as url:
        response = fetch(url, request(headers=("X-Test: \t hello \t ",)))[0]
    assert response.body == b"hello"


def test_trusted_host_middleware_accepts_a_host_with_trailing_space():
    app = Starlette(
        routes=[Route("/", lambda request: PlainTextResponse("ok"))],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1"])],
    )
    with run(app) as url:
        client = Client(url)
        client.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1 \r\n\r\n")
        response = client.response()
    assert (response.status, response.body) == (200, b"ok")


async def _read_body(scope, receive, send):
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})


def test_expect_100_continue_with_trailing_space_is_recognised():
    with run(_read_body) as url:
        client = Client(url)
        client.send(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue \r\n\r\n")
        client.sock.settimeout(5)
        assert client.sock.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n")
        client.send(b"hello")
        assert client.response().body == b"hello"


async def _websocket_echo(scope, receive, send):
    if scope["type"] == "websocket":
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close"})
        return
    await plaintext(scope, receive, send)


def test_upgrade_websocket_with_trailing_space_is_upgraded():
    with run(_websocket_echo) as url:
        client = Client(url)
        client.send(
            b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket \r\nConnection: Upgrade \r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        client.sock.settimeout(5)
        assert client.sock.recv(1000).startswith(b"HTTP/1.1 101 ")


# --- 4. broken chunked bodies and unknown transfer codings ---------------------------------------


async def _read_body_starlette_style(scope, receive, send):
    """Reads the whole body, raising if the client goes away, as Starlette's Request.body() does."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise RuntimeError("client disconnected")
        if not message.get("more_body"):
            break
    await plaintext(scope, receive, send)


@pytest.mark.parametrize("broken", [b"zz\r\n", b"5\r\nhelloXX", b"3\r\nabc\r\n1;\x01\r\n"])
@pytest.mark.parametrize("app", [_read_body, _read_body_starlette_style])
def test_malformed_chunked_body_after_the_app_started_is_a_400(uvicorn_logs, app, broken):
    with run(app, log_config=None) as url:
        client = Client(url)
        client.send(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")
        time.sleep(0.2)  # the app is waiting for more body
        client.send(broken)
        response = client.response()
        assert response.status == 400
        assert client.is_closed()
    warnings = [r for r in uvicorn_logs.records if r.levelname == "WARNING" and r.name == "uvicorn.error"]
    assert any(r.getMessage() == "Invalid HTTP request received." for r in warnings)
    assert not any("returned without" in r.getMessage() for r in uvicorn_logs.records)


@pytest.mark.parametrize("coding", [b"gzip", b"gzip, chunked", b"identity"])
def test_unknown_transfer_coding_is_501_before_the_app_runs(uvicorn_logs, coding):
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        await plaintext(scope, receive, send)

    with run(app, log_config=None) as url:
        client = Client(url)
        client.send(b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + b"\r\n\r\n0\r\n\r\n")
        response = client.response()
        assert response.status == 501
        assert client.is_closed()
    assert calls == []
    assert any(r.levelname == "WARNING" and "transfer coding" in r.getMessage() for r in uvicorn_logs.records)


# --- 9. upgrades that are not served --------------------------------------------------------------


def test_unsupported_upgrade_is_answered_as_http_and_warned(uvicorn_logs):
    with run(plaintext, log_config=None) as url:
        response = fetch(url, request(headers=("Upgrade: h2c", "Connection: Upgrade")))[0]
    assert (response.status, response.body) == (200, b"Hello, world!")
    assert any(r.levelname == "WARNING" and r.getMessage() == "Unsupported upgrade request."
               for r in uvicorn_logs.records)


class _FailingWebSocket:
    """A WebSocket protocol whose first read fails; it remembers the server's connection set."""

    connections: ClassVar[set] = set()

    def __init__(self, config, server_state, app_state, _loop=None) -> None:
        _FailingWebSocket.connections = server_state.connections
        self.connections = server_state.connections

    def connection_made(self, transport) -> None:
        self.connections.add(self)

    def data_received(self, data: bytes) -> None:
        raise RuntimeError("the WebSocket protocol failed on its first bytes")

    def connection_lost(self, exc) -> None:
        self.connections.discard(self)

    def eof_received(self) -> None:
        return None


def test_websocket_protocol_failing_on_its_first_bytes_leaves_no_connection_entry():
    with run(_websocket_echo, ws=_FailingWebSocket) as url:
        client = Client(url)
        client.send(
            b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        assert client.is_closed()
        assert _wait_for(lambda: not _FailingWebSocket.connections), _FailingWebSocket.connections


def test_malformed_body_of_a_pipelined_request_is_answered_after_the_earlier_response():
    async def slow(scope, receive, send):
        if scope["method"] == "GET":
            await asyncio.sleep(0.3)  # the broken request behind it is parsed meanwhile
        await plaintext(scope, receive, send)

    with run(slow) as url:
        client = Client(url)
        client.send(request() + b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        first, second = client.response(), client.response("POST")
        assert (first.status, first.body) == (200, b"Hello, world!")
        assert second.status == 400
        assert client.is_closed()
