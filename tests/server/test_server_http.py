"""HttpProtocol over real sockets: scope, framing, keep-alive, pipelining and request limits."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import pytest
from server_support import Client, fetch, plaintext, request, run

from fastresp.server import HttpProtocol


def scope_app(record: list):
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        record.append(scope)
        body = json.dumps({"path": scope["path"]}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})

    return app


def test_scope_has_uvicorns_keys_and_values():
    ours, theirs = [], []
    raw = request("GET", "/caf%C3%A9/x?q=1&r=%20", headers=("X-Thing: A",))
    with run(scope_app(ours), root_path="/root") as url:
        fetch(url, raw)
    with run(scope_app(theirs), http="httptools", root_path="/root") as url:
        fetch(url, raw)
    mine, reference = ours[0], theirs[0]
    assert set(mine) - {"extensions"} == set(reference)
    for key in ("type", "asgi", "http_version", "scheme", "method", "root_path", "path", "raw_path",
                "query_string", "headers", "state"):
        assert mine[key] == reference[key], key
    assert mine["asgi"]["spec_version"] == "2.3"
    assert mine["path"] == "/root/café/x"
    assert mine["raw_path"] == b"/root/caf%C3%A9/x"
    assert mine["query_string"] == b"q=1&r=%20"
    assert (b"x-thing", b"A") in mine["headers"]
    assert mine["client"][0] == "127.0.0.1" and mine["server"][0] == "127.0.0.1"


def test_extensions_advertised():
    scopes = []
    with run(scope_app(scopes)) as url:
        fetch(url, request(headers=("TE: trailers",)) + request(version="1.0"), ("GET", "GET"))
    eleven, ten = scopes[0]["extensions"], scopes[1]["extensions"]
    assert {"http.response.pathsend", "http.response.trailers", "http.response.early_hint",
            "fastresp.reason_phrase"} <= set(eleven)
    assert "http.response.trailers" not in ten and "http.response.early_hint" not in ten


async def streaming(scope, receive, send):
    if scope["type"] != "http":
        return
    status = int(scope["query_string"] or b"200")
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
    for part in (b"one,", b"", b"two,", b"three"):
        await send({"type": "http.response.body", "body": part, "more_body": True})
    await send({"type": "http.response.body", "body": b""})


def test_chunked_stream_is_framed_and_empty_parts_skipped():
    with run(streaming) as url:
        client = Client(url)
        client.send(request())
        response = client.response()
        assert response.header(b"transfer-encoding") == b"chunked"
        assert response.body == b"one,two,three"
        # The empty part must not have ended the body early: the next request still works.
        client.send(request())
        assert client.response().body == b"one,two,three"


def test_head_204_304_have_no_body_and_keep_the_connection():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        status = int(scope["path"][1:])
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-length", b"5")]})
        await send({"type": "http.response.body", "body": b"hello"})

    with run(app) as url:
        client = Client(url)
        client.send(request("HEAD", "/200") + request("GET", "/204") + request("GET", "/304") + request("GET", "/200"))
        head = client.response("HEAD")
        assert head.status == 200 and head.body == b"" and head.header(b"content-length") == b"5"
        no_content = client.response()
        assert no_content.status == 204 and no_content.header(b"content-length") is None
        not_modified = client.response()
        assert not_modified.status == 304 and not_modified.body == b""
        assert client.response().body == b"hello"


def test_head_with_streamed_body_writes_no_chunks():
    with run(streaming) as url:
        client = Client(url)
        client.send(request("HEAD") + request())
        assert client.response("HEAD").body == b""
        assert client.response().body == b"one,two,three"


def test_http10_is_close_delimited_never_chunked():
    with run(streaming) as url:
        client = Client(url)
        client.send(request(version="1.0"))
        data = client.read_all()
        assert data.startswith(b"HTTP/1.1 200 OK\r\n")
        assert b"transfer-encoding" not in data.lower()
        assert data.endswith(b"\r\n\r\none,two,three")
        assert client.eof


def test_http10_keep_alive_with_content_length():
    records = []
    with run(scope_app(records)) as url:
        client = Client(url)
        client.send(request(version="1.0", headers=("Connection: keep-alive",)))
        data = client.read_all(1.0)
        assert data.startswith(b"HTTP/1.1 200 OK\r\n")
        assert b"\r\nconnection: keep-alive\r\n" in data
        assert not client.eof
        client.send(request(version="1.0"))
        assert client.read_all().endswith(b'{"path": "/"}') and client.eof


def test_keep_alive_and_date_server_headers():
    with run(plaintext) as url:
        client = Client(url)
        for _ in range(3):
            client.send(request())
            response = client.response()
            assert response.body == b"Hello, world!"
            assert response.header(b"server") == b"uvicorn"
            assert response.header(b"date") is not None
            assert response.header(b"connection") is None
        assert not client.is_closed(0.3)


def test_pipelined_responses_come_in_request_order():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["path"] == "/slow":
            await asyncio.sleep(0.3)
        body = scope["path"].encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})

    with run(app) as url:
        paths = ["/slow", "/fast", "/slow", "/a", "/b"]
        responses = fetch(url, b"".join(request("GET", p) for p in paths), ("GET",) * len(paths))
        assert [r.body.decode() for r in responses] == paths


def test_client_connection_close_is_honoured_and_later_requests_ignored():
    seen = []

    async def app(scope, receive, send):
        if scope["type"] == "http":
            seen.append(scope["path"])
            await plaintext(scope, receive, send)

    with run(app) as url:
        client = Client(url)
        client.send(request("GET", "/first", headers=("Connection: close",)) + request("GET", "/second"))
        response = client.response()
        assert response.header(b"connection") == b"close"
        assert client.read_all() == b"" and client.eof
    assert seen == ["/first"]


def test_app_connection_close_closes():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"connection", b"close"), (b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    with run(app) as url:
        client = Client(url)
        client.send(request())
        response = client.response()
        assert response.header(b"connection") == b"close" and response.body == b"ok"
        assert client.is_closed()


def echo(scope, receive, send):
    async def run_echo():
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})

    return run_echo()


async def echo_app(scope, receive, send):
    if scope["type"] == "http":
        await echo(scope, receive, send)


def test_request_bodies_content_length_and_chunked():
    with run(echo_app) as url:
        client = Client(url)
        client.send(request("POST", body=b"x" * 100_000))
        assert client.response().body == b"x" * 100_000
        client.send(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        assert client.response().body == b"abcde"


def test_expect_100_continue_only_when_the_body_is_read():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["path"] == "/read":
            await echo(scope, receive, send)
        else:
            await send({"type": "http.response.start", "status": 417, "headers": [(b"content-length", b"0")]})
            await send({"type": "http.response.body"})

    with run(app) as url:
        client = Client(url)
        client.send(request("POST", "/read", headers=("Expect: 100-continue", "Content-Length: 4")))
        client.sock.settimeout(5)
        first = client.sock.recv(100)
        assert first == b"HTTP/1.1 100 Continue\r\n\r\n"
        client.send(b"data")
        assert client.response().body == b"data"

        other = Client(url)
        other.send(request("POST", "/refuse", headers=("Expect: 100-continue", "Content-Length: 4")))
        refused = other.response()
        assert refused.status == 417 and refused.interim == []


def test_malformed_request_gets_400_and_close():
    with run(plaintext) as url:
        client = Client(url)
        client.send(b"GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n")
        response = client.response()
        assert response.status == 400 and response.header(b"connection") == b"close"
        assert client.is_closed()


def test_400_waits_for_earlier_pipelined_response():
    async def app(scope, receive, send):
        if scope["type"] == "http":
            await asyncio.sleep(0.2)
            await plaintext(scope, receive, send)

    with run(app) as url:
        client = Client(url)
        client.send(request() + b"GARBAGE\r\n\r\n")
        assert client.response().status == 200
        assert client.response().status == 400


def test_oversized_head_gets_431():
    with run(plaintext, h11_max_incomplete_event_size=4096) as url:
        client = Client(url)
        client.send(request(headers=("X-Big: " + "a" * 5000,)))
        response = client.response()
        assert response.status == 431
        assert client.is_closed()
        ok = fetch(url, request(headers=("X-Big: " + "a" * 3000,)))[0]
        assert ok.status == 200


class QuickHeadTimeout(HttpProtocol):
    timeout_request_head = 0.3


def test_slow_request_head_times_out_with_408():
    with run(plaintext, http=QuickHeadTimeout, timeout_keep_alive=0.2) as url:
        client = Client(url)
        client.send(b"GET / HTTP/1.1\r\nHost: a\r\n")
        start = time.monotonic()
        response = client.response()
        assert response.status == 408
        assert client.is_closed()
        assert time.monotonic() - start < 5


def test_idle_keep_alive_connection_is_closed_after_timeout():
    with run(plaintext, timeout_keep_alive=0.3) as url:
        client = Client(url)
        client.send(request())
        assert client.response().status == 200
        assert client.is_closed(3.0)
        fresh = Client(url)  # a connection that never sends anything is idle too
        assert fresh.is_closed(3.0)


def test_limit_concurrency_answers_503():
    release = asyncio.Event()

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["path"] == "/hold":
            for _ in range(100):
                if release.is_set():
                    break
                await asyncio.sleep(0.02)
        await plaintext(scope, receive, send)

    with run(app, limit_concurrency=2) as url:
        first = Client(url)
        first.send(request("GET", "/hold"))
        time.sleep(0.2)
        second = fetch(url, request())[0]
        assert second.status == 503 and second.body == b"Service Unavailable"
        release.set()
        assert first.response().status == 200


def test_limit_max_requests_stops_the_server():
    with run(plaintext, limit_max_requests=2) as url:
        fetch(url, request() + request(), ("GET", "GET"))
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=0.5).close()
            except OSError:
                break
            time.sleep(0.1)
        else:
            pytest.fail("server still accepting after --limit-max-requests")


def test_custom_headers_and_disabled_defaults():
    with run(plaintext, headers=[("X-Deploy", "blue")], server_header=False, date_header=False) as url:
        response = fetch(url, request())[0]
    assert response.header(b"x-deploy") == b"blue"
    assert response.header(b"server") is None and response.header(b"date") is None


def test_app_server_header_is_not_duplicated():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"server", b"mine"), (b"content-length", b"0")]})
        await send({"type": "http.response.body"})

    with run(app) as url:
        response = fetch(url, request())[0]
    assert response.all(b"server") == [b"mine"]


def test_proxy_headers():
    scopes = []
    with run(scope_app(scopes), proxy_headers=True, forwarded_allow_ips="127.0.0.1") as url:
        fetch(url, request(headers=("X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https")))
    assert scopes[0]["client"][0] == "203.0.113.7" and scopes[0]["scheme"] == "https"


def test_lifespan_state_reaches_requests():
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    scope["state"]["db"] = "connected"
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = scope["state"]["db"].encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"%d" % len(body))]})
        await send({"type": "http.response.body", "body": body})

    with run(app, lifespan="on") as url:
        assert fetch(url, request())[0].body == b"connected"


def test_graceful_shutdown_finishes_the_response_in_flight():
    import threading

    import uvicorn

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await asyncio.sleep(0.5)
        await plaintext(scope, receive, send)

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, http=HttpProtocol, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    client = Client(f"http://127.0.0.1:{port}")
    client.send(request())
    time.sleep(0.1)
    server.should_exit = True
    response = client.response()
    assert response.status == 200 and response.body == b"Hello, world!"
    assert client.is_closed()
    thread.join(10)
    assert not thread.is_alive()
    sock.close()


def test_default_headers_are_trimmed_and_invalid_ones_dropped(uvicorn_logs):
    headers = [("X-Spaced", "  value  "), ("X-Bad", "a\x01b")]
    with run(plaintext, headers=headers, log_config=None) as url:
        response = fetch(url, request())[0]
    assert response.status == 200
    assert response.header(b"x-spaced") == b"value" and response.header(b"x-bad") is None
    assert any("Ignoring invalid default header" in r.getMessage() for r in uvicorn_logs.records)
