"""Request-head, request-body, send and keep-alive timeouts, each on its own clock."""

from __future__ import annotations

import logging
import socket
import struct
import sys
import threading
import time

from server_support import Client, plaintext, request, run
from test_server_cli import Process, app_dir, free_port  # noqa: F401 - app_dir is a fixture

from fastresp.server import HttpProtocol

#: The short timeouts the tests use, in seconds.
SHORT = 0.5
#: How long a test waits for a timeout to act: it must act well within this.
PROMPT = 3.0


class ShortTimeouts(HttpProtocol):
    """The protocol with short head, body and send timeouts."""

    timeout_request_head = SHORT
    timeout_request_body = SHORT
    timeout_send = SHORT


def _closed_within(client: Client, limit: float) -> tuple[bytes, float]:
    started = time.monotonic()
    data = client.read_all(limit)
    assert client.eof, f"still open after {limit}s"
    return data, time.monotonic() - started


async def _read_body(scope, receive, send):
    while (await receive()).get("more_body"):
        pass
    await plaintext(scope, receive, send)


def test_head_timeout_is_independent_of_a_long_keep_alive():
    with run(plaintext, http=ShortTimeouts, timeout_keep_alive=120) as url:
        client = Client(url)
        time.sleep(0.1)
        client.send(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        data, waited = _closed_within(client, PROMPT)
    assert data.startswith(b"HTTP/1.1 408 ")
    assert waited < PROMPT


def test_trickled_body_gets_408():
    with run(_read_body, http=ShortTimeouts) as url:
        client = Client(url)
        client.send(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nsome")
        data, _ = _closed_within(client, PROMPT)
    assert data.startswith(b"HTTP/1.1 408 ")


def test_a_body_that_keeps_coming_is_not_cut_off():
    with run(_read_body, http=ShortTimeouts) as url:
        client = Client(url)
        client.send(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\n")
        for _ in range(8):  # 8 bytes over 2 s, each well within the body timeout
            time.sleep(SHORT / 2)
            client.send(b"x")
        assert client.response().status == 200


def test_client_that_stops_reading_is_dropped():
    released = threading.Event()

    async def firehose(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        chunk = b"x" * 65536
        for _ in range(4096):  # 256 MB, far more than the socket buffers hold
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        # Only reached once send() stopped waiting: the connection was dropped.
        released.set()

    with run(firehose, http=ShortTimeouts) as url:
        client = Client(url)
        client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.send(request())  # and never read
        assert released.wait(SHORT * 4 + PROMPT)
        client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # a reset: the kernel's queued bytes are not read either


def test_keep_alive_timeout_still_closes_idle_connections():
    with run(plaintext, http=ShortTimeouts, timeout_keep_alive=1) as url:
        client = Client(url)
        client.send(request())
        assert client.response().status == 200
        _, waited = _closed_within(client, PROMPT)
    assert waited < PROMPT


def test_timer_never_writes_after_a_lingering_close(uvicorn_logs):
    errors = []

    class Recording(logging.Handler):
        def emit(self, record):
            if record.exc_info and "write_eof" in str(record.exc_info[1]):
                errors.append(record)

    handler = Recording()
    logging.getLogger("asyncio").addHandler(handler)
    try:
        # The timer fires (keep-alive 1 s) during the 2 s lingering close.
        with run(plaintext, http=ShortTimeouts, log_config=None, timeout_keep_alive=1) as url:
            client = Client(url)
            # A bad request, then a head that never ends: the 400 starts a lingering close,
            # during which the head timeout must not write a 408.
            client.send(b"GET / HTTP/1.1\r\nHost: x\r\nbad header\r\n\r\nGET / HTTP/1.1\r\n")
            data = client.read_all(PROMPT)
            time.sleep(SHORT * 2)
    finally:
        logging.getLogger("asyncio").removeHandler(handler)
    assert data.startswith(b"HTTP/1.1 400 ") and b"408" not in data
    assert errors == []
    assert not any("write_eof" in r.getMessage() for r in uvicorn_logs.records)


def test_fastresp_run_sets_the_head_timeout(app_dir):  # noqa: F811 - the fixture
    port = free_port()
    server = Process([sys.executable, "-m", "fastresp", "run", "hello:app", "--port", str(port),
                      "--timeout-keep-alive", "60", "--timeout-request-head", str(SHORT)], app_dir, port)
    try:
        client = Client(f"http://127.0.0.1:{port}")
        client.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
        data, _ = _closed_within(client, PROMPT)
    finally:
        server.stop()
    assert data.startswith(b"HTTP/1.1 408 ")

