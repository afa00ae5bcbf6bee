"""Fault suite: clients that vanish, read slowly, flood, send garbage or half-close; the server keeps serving."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import threading
import time

import psutil
from server_support import Client, fetch, plaintext, request, run

MIB = 1024 * 1024


def check_still_serving(url: str) -> None:
    response = fetch(url, request("GET", "/ok"))[0]
    assert response.status == 200


def test_client_disconnect_mid_stream_ends_quietly(uvicorn_logs):
    events: list = []
    done = threading.Event()

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["path"] == "/ok":
            return await plaintext(scope, receive, send)
        await send({"type": "http.response.start", "status": 200})
        try:
            for _ in range(2000):
                await send({"type": "http.response.body", "body": b"x" * 65536, "more_body": True})
                await asyncio.sleep(0.001)
            events.append("finished streaming")
            events.append((await receive())["type"])
        finally:
            done.set()

    with run(app, log_config=None) as url:
        client = Client(url)
        client.send(request())
        client.sock.recv(65536)
        client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        client.close()  # RST: the server sees the connection die mid-body
        assert done.wait(20)
        check_still_serving(url)
    assert events == ["finished streaming", "http.disconnect"]
    assert not [r for r in uvicorn_logs.records if r.levelname == "ERROR"]


def test_disconnect_while_waiting_for_the_body():
    received = []
    done = threading.Event()

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["path"] == "/ok":
            return await plaintext(scope, receive, send)
        while True:
            message = await receive()
            received.append(message["type"])
            if message["type"] == "http.disconnect":
                done.set()
                return

    with run(app) as url:
        client = Client(url)
        client.send(request("POST", "/upload", headers=("Content-Length: 100000",)) + b"x" * 1000)
        time.sleep(0.2)
        client.close()
        assert done.wait(10)
        check_still_serving(url)
    assert received[-1] == "http.disconnect" and "http.request" in received


def test_slow_reader_of_a_200_mib_body_keeps_memory_bounded():
    chunk = b"z" * MIB

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["path"] == "/ok":
            return await plaintext(scope, receive, send)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"%d" % (200 * MIB))]})
        for index in range(200):
            await send({"type": "http.response.body", "body": chunk, "more_body": index < 199})

    process = psutil.Process()
    with run(app) as url:
        client = Client(url)
        client.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        client.send(request())
        before = process.memory_info().rss
        received = 0
        peak = 0
        for _ in range(20):  # a slow start: 20 small reads, 50 ms apart
            received += len(client.sock.recv(16384))
            time.sleep(0.05)
            peak = max(peak, process.memory_info().rss - before)
        while received < 200 * MIB + 50:
            data = client.sock.recv(4 * MIB)
            assert data
            received += len(data)
            if received > 200 * MIB:
                break
        check_still_serving(url)
    # Without back-pressure the app would have queued all 200 MiB in the transport by now.
    assert peak < 48 * MIB, peak


def test_pipelined_flood_is_answered_in_order():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        body = scope["path"].encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})

    count = 3000
    with run(app) as url:
        client = Client(url)
        payload = b"".join(request("GET", f"/{index}") for index in range(count))
        sender = threading.Thread(target=client.send, args=(payload,))
        sender.start()
        bodies = [client.response().body for _ in range(count)]
        sender.join(10)
        assert bodies == [f"/{index}".encode() for index in range(count)]
        check_still_serving(url)


def test_garbage_bytes_get_400_or_close_and_the_server_survives():
    generator = random.Random(5)
    with run(plaintext) as url:
        for index in range(30):
            client = Client(url)
            garbage = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 400)))
            if index % 3 == 0:
                garbage = b"GET / HTTP/1.1\r\nHost: a\r\n" + garbage + b"\r\n\r\n"
            try:
                client.send(garbage + b"\r\n\r\n")
                data = client.read_all(2.0)
            except ConnectionResetError:
                data = b""
            assert data == b"" or data.startswith((b"HTTP/1.1 400 ", b"HTTP/1.1 200 ")), data[:80]
            client.close()
        for raw in (b"\x16\x03\x01\x02\x00\x01\x00", b"GET / HTTP/9.9\r\n\r\n", b"GET /\x00 HTTP/1.1\r\n\r\n",
                    b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"):
            client = Client(url)
            client.send(raw)
            assert client.response().status == 400, raw
        # A broken body of a request not answered yet: the client's 400 (as on uvicorn), then a close.
        client = Client(url)
        client.send(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        assert client.response().status == 400
        assert client.read_all() == b"" and client.eof
        check_still_serving(url)


def test_half_closed_client_still_gets_its_responses():
    with run(plaintext) as url:
        client = Client(url)
        client.send(request() + request())
        client.sock.shutdown(socket.SHUT_WR)
        assert client.response().body == b"Hello, world!"
        assert client.response().body == b"Hello, world!"
        check_still_serving(url)


def test_half_close_is_a_disconnect_for_an_app_past_its_body():
    """After the client's EOF, an app waiting in receive() past its body hears http.disconnect
    at once (as on uvicorn, which closes on EOF), and what it sends then still arrives."""
    heard = threading.Event()

    async def app(scope, receive, send):
        assert (await receive())["type"] == "http.request"
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"streaming;", "more_body": True})
        message = await asyncio.wait_for(receive(), 5)  # an event stream watching for its client
        if message["type"] == "http.disconnect":
            heard.set()
        await send({"type": "http.response.body", "body": b"end", "more_body": False})

    with run(app) as url:
        client = Client(url)
        client.send(request())
        assert client.sock.recv(4096).endswith(b"streaming;\r\n")
        client.sock.shutdown(socket.SHUT_WR)
        assert heard.wait(2)
        assert client.read_all().endswith(b"3\r\nend\r\n0\r\n\r\n")


def test_many_short_connections_leave_no_connection_behind():
    with run(plaintext) as url:
        for _ in range(200):
            client = Client(url)
            client.send(request(headers=("Connection: close",)))
            assert client.response().status == 200
            client.close()
        check_still_serving(url)
    assert os.getpid()


def test_unread_request_body_pauses_reading():
    started = threading.Event()
    release = threading.Event()

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        started.set()
        while not release.is_set():
            await asyncio.sleep(0.02)
        await echo_length(receive, send)

    with run(app) as url:
        client = Client(url)
        size = 64 * MIB
        client.send(request("POST", headers=(f"Content-Length: {size}",)))
        assert started.wait(5)
        client.sock.setblocking(False)
        sent, chunk, idle_since = 0, b"u" * 65536, time.monotonic()
        while time.monotonic() - idle_since < 0.5 and sent < size:
            try:
                sent += client.sock.send(chunk[: size - sent])
                idle_since = time.monotonic()
            except BlockingIOError:
                time.sleep(0.01)
        # The server stopped reading at its buffer limit: only socket buffers hold the rest.
        assert sent < 24 * MIB, sent
        release.set()
        client.sock.setblocking(True)
        while sent < size:
            sent += client.sock.send(chunk[: size - sent])
        assert client.response().body == b"%d" % size


async def echo_length(receive, send):
    total = 0
    while True:
        message = await receive()
        total += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = b"%d" % total
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]})
    await send({"type": "http.response.body", "body": body})
