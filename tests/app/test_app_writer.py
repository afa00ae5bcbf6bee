"""respond_write / respond_text_writer / respond_bytes_writer: streaming and declared lengths."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time

import h11
import pytest
from app_support import raw_request, running

from fastresp.api import Application, BodyLengthError, ContentType


def parse(raw: bytes, target: str):
    """Parse a raw response with h11; return (response, body, complete)."""
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="GET", target=target, headers=[("Host", "x")]))
    conn.receive_data(raw)
    conn.receive_data(b"")  # the server closed the connection
    response = None
    body = b""
    try:
        while True:
            event = conn.next_event()
            if isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                return response, body, True
            elif event is h11.NEED_DATA or isinstance(event, h11.ConnectionClosed):
                return response, body, False
    except h11.RemoteProtocolError:
        return response, body, False


def writer_app(release: threading.Event) -> Application:
    app = Application()

    @app.get("/stream")
    async def stream(call):
        async def producer(writer):
            await writer.write("first;")
            await writer.flush()
            # Only continue once the client has seen "first;": proof that it streamed.
            while not release.is_set():
                await asyncio.sleep(0.01)
            await writer.write(b"second")

        await call.respond_write(producer)

    @app.get("/exact")
    async def exact(call):
        async def producer(writer):
            await writer.write("12345")

        await call.respond_write(producer, content_length=5)

    @app.get("/too-long")
    async def too_long(call):
        async def producer(writer):
            await writer.write("123")
            await writer.flush()
            await writer.write("456")

        await call.respond_write(producer, content_length=5)

    @app.get("/too-long-swallowed")
    async def too_long_swallowed(call):
        async def producer(writer):
            await writer.write("12345")
            with contextlib.suppress(BodyLengthError):
                await writer.write("6")

        await call.respond_write(producer, content_length=5)

    @app.get("/too-short")
    async def too_short(call):
        async def producer(writer):
            await writer.write("123")

        await call.respond_write(producer, content_length=5)

    @app.get("/fails-midway")
    async def fails_midway(call):
        async def producer(writer):
            await writer.write("partial")
            await writer.flush()
            raise RuntimeError("producer broke")

        await call.respond_write(producer)

    @app.get("/latin1")
    async def latin1(call):
        async def producer(writer):
            await writer.write("caf\u00e9")

        await call.respond_text_writer(producer, ContentType.Text.Plain.with_charset("ISO-8859-1"))

    @app.get("/bytes-writer")
    async def bytes_writer(call):
        async def producer(writer):
            for _ in range(100):
                await writer.write(b"x" * 1000)

        await call.respond_bytes_writer(producer)

    @app.get("/bad-type")
    async def bad_type(call):
        async def producer(writer):
            await writer.write(42)

        await call.respond_write(producer)

    return app


@pytest.fixture(scope="module")
def server():
    release = threading.Event()
    with running(writer_app(release)) as client:
        yield client, release


def test_body_streams_as_written(server):
    client, release = server
    with client.stream("GET", "/stream") as response:
        assert response.headers["transfer-encoding"] == "chunked"
        assert response.headers["content-type"] == "text/plain; charset=UTF-8"
        chunks = response.iter_raw()
        first = next(chunks)
        assert first == b"first;"
        release.set()
        assert b"".join(chunks) == b"second"


def test_declared_length(server):
    client, _ = server
    response = client.get("/exact")
    assert response.headers["content-length"] == "5"
    assert "transfer-encoding" not in response.headers
    assert response.text == "12345"


@pytest.mark.parametrize(
    ("path", "sent"),
    [("/too-long", b"123"), ("/too-long-swallowed", b""), ("/too-short", b"123"), ("/fails-midway", None)],
)
def test_length_mismatch_and_failures_abort(server, path, sent):
    client, _ = server
    started = time.monotonic()
    raw = raw_request(str(client.base_url), f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    # The server closed a keep-alive connection at once (no read timeout was needed).
    assert time.monotonic() - started < 4
    response, body, complete = parse(raw, path)
    assert response is not None and response.status_code == 200
    assert not complete  # aborted: never passed off as a whole response
    if sent is not None:
        assert body == sent
        assert len(body) <= 5  # not one byte past the declared length


def test_charset_and_defaults(server):
    client, _ = server
    latin = client.get("/latin1")
    assert latin.content == b"caf\xe9"
    assert latin.headers["content-type"] == "text/plain; charset=ISO-8859-1"
    many = client.get("/bytes-writer")
    assert many.headers["content-type"] == "application/octet-stream"
    assert many.content == b"x" * 100_000


def test_bad_write_type_aborts(server):
    client, _ = server
    raw = raw_request(str(client.base_url), b"GET /bad-type HTTP/1.1\r\nHost: x\r\n\r\n")
    _, _, complete = parse(raw, "/bad-type")
    assert not complete


def test_writer_arguments_are_checked():
    from fastresp.api import WriterContent

    async def producer(writer):
        pass

    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError):
            WriterContent(producer, content_length=bad)
    with pytest.raises(TypeError):
        WriterContent("not callable")


def asgi_messages(producer, **options) -> list[dict]:
    """The ASGI messages an Application sends for ``respond_write(producer, **options)``."""
    app = Application()

    @app.get("/w")
    async def endpoint(call):
        await call.respond_write(producer, **options)

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/w",
        "raw_path": b"/w",
        "query_string": b"",
        "headers": [(b"host", b"x")],
        "http_version": "1.1",
        "scheme": "http",
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["type"] == "http.response.start"
    return [(message["body"], message["more_body"]) for message in sent[1:]]


def test_the_bytes_left_after_the_last_flush_end_the_body_in_one_message():
    async def producer(writer):
        await writer.write(b"a")
        await writer.flush()
        await writer.write(b"b")
        await writer.write("c")

    assert asgi_messages(producer) == [(b"a", True), (b"bc", False)]


def test_a_flushed_write_sends_the_callers_bytes_and_nothing_is_sent_for_empty_writes():
    data = b"x" * 1000

    async def producer(writer):
        await writer.write(b"")
        await writer.flush()  # nothing buffered: no empty body message
        await writer.write(data)
        await writer.flush()

    assert asgi_messages(producer) == [(data, True), (b"", False)]


def test_a_mutable_buffer_is_sent_as_it_was_when_written():
    async def producer(writer):
        buffer = bytearray(b"abc")
        await writer.write(buffer)
        buffer[:] = b"xyz"  # reused by the producer before the flush
        await writer.write(memoryview(buffer))
        buffer[:] = b"123"
        await writer.flush()

    assert asgi_messages(producer) == [(b"abcxyz", True), (b"", False)]


def test_a_memoryview_of_wide_items_counts_and_sends_its_bytes():
    import array

    wide = array.array("H", [1, 2])

    async def producer(writer):
        await writer.write(memoryview(wide))
        assert writer.written == 4

    assert asgi_messages(producer, content_length=4) == [(wide.tobytes(), False)]


def test_small_writes_go_out_together_once_the_buffer_fills():
    from fastresp.app.writer import BUFFER_LIMIT

    piece = b"y" * 1000
    count = BUFFER_LIMIT // len(piece) + 3

    async def producer(writer):
        for _ in range(count):
            await writer.write(piece)

    full = BUFFER_LIMIT // len(piece) + 1  # the write that reaches the limit sends the buffer
    assert asgi_messages(producer) == [(piece * full, True), (piece * (count - full), False)]
