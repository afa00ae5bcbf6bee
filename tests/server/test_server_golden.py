"""Golden table: ASGI messages in, the exact bytes on the wire and the keep-alive decision out.

Every framing case of an HTTP/1.1 response (RFC 9112 §6, §7, §9; RFC 9110 §6.4.1,
§15.2) is pinned byte for byte, on both builds of the hot path (the ``hotpath``
fixture), through a real ``HttpProtocol`` fed a request and a recording transport.
"""

from __future__ import annotations

import asyncio

import pytest
import uvicorn
from server_support import exchange, protocol_on
from uvicorn.server import ServerState

#: uvicorn's default headers as ``exchange`` publishes them.
DEFAULTS = b"date: Thu, 01 Jan 2026 00:00:00 GMT\r\nserver: uvicorn\r\n"
#: The file the pathsend cases send (written by the fixture).
FILE_BODY = b"file body\n"


class Boom(Exception):
    """What the app raises in the error cases."""


def serve_messages(hotpath, request: bytes, messages: list) -> tuple[bytes, bool]:
    """Serve one request with an app that sends ``messages`` (raising any exception among them)."""

    async def app(scope, receive, send):
        for message in messages:
            if isinstance(message, BaseException):
                raise message
            await send(message)

    transport, keep_alive = exchange(hotpath, request, app)
    return bytes(transport.data), keep_alive


def start(status: int = 200, headers=(), **extra) -> dict:
    return {"type": "http.response.start", "status": status, "headers": list(headers), **extra}


def body(data: bytes = b"", more: bool = False) -> dict:
    return {"type": "http.response.body", "body": data, "more_body": more}


GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
GET_TE = b"GET / HTTP/1.1\r\nHost: x\r\nTE: trailers\r\n\r\n"
HEAD = b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
GET_10 = b"GET / HTTP/1.0\r\nHost: x\r\n\r\n"
GET_10_KEEP = b"GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
GET_CLOSE = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
LENGTH_5 = [(b"content-length", b"5")]
OK = b"HTTP/1.1 200 OK\r\n" + DEFAULTS
#: The clean 500 that replaces a response whose head has not left yet (no keep-alive after it).
SERVER_ERROR = (
    b"HTTP/1.1 500 Internal Server Error\r\n" + DEFAULTS
    + b"content-type: text/plain; charset=utf-8\r\ncontent-length: 21\r\nconnection: close\r\n\r\n"
    b"Internal Server Error"
)
EARLY_HINT = {"type": "http.response.early_hint", "links": [b"</a.css>; rel=preload"]}
TRAILERS = {"type": "http.response.trailers", "headers": [(b"x-sum", b"1")]}
PATHSEND = {"type": "http.response.pathsend", "path": "FILE"}  # the fixture's file replaces "FILE"

GOLDEN = [
    # RFC 9112 §6.3: a declared length, the body in the same write as the head.
    ("length", GET, [start(headers=LENGTH_5), body(b"hello")],
     OK + b"content-length: 5\r\n\r\nhello", True),
    # RFC 9110 §9.3.2: HEAD gets the GET head and no content, even if the app sends some.
    ("head", HEAD, [start(headers=LENGTH_5), body()], OK + b"content-length: 5\r\n\r\n", True),
    ("head_body_dropped", HEAD, [start(headers=LENGTH_5), body(b"hello")],
     OK + b"content-length: 5\r\n\r\n", True),
    # RFC 9110 §6.4.1: 204 and 304 carry no content and no framing header.
    ("204", GET, [start(204), body()], b"HTTP/1.1 204 No Content\r\n" + DEFAULTS + b"\r\n", True),
    ("304", GET, [start(304, [(b"etag", b'"a"')]), body()],
     b"HTTP/1.1 304 Not Modified\r\n" + DEFAULTS + b'etag: "a"\r\n\r\n', True),
    # RFC 9112 §6.3 (8), §9.3: an HTTP/1.0 client cannot read chunks: the close ends the body.
    ("http10_close_delimited", GET_10, [start(), body(b"he", True), body(b"llo")],
     OK + b"connection: close\r\n\r\nhello", False),
    ("http10_keep_alive", GET_10_KEEP, [start(headers=LENGTH_5), body(b"hello")],
     OK + b"content-length: 5\r\nconnection: keep-alive\r\n\r\nhello", True),
    ("http10_keep_alive_unknown_length", GET_10_KEEP, [start(), body(b"hello")],
     OK + b"connection: close\r\n\r\nhello", False),
    # RFC 9112 §9.6: the client asked to close.
    ("close_requested", GET_CLOSE, [start(headers=LENGTH_5), body(b"hello")],
     OK + b"content-length: 5\r\nconnection: close\r\n\r\nhello", False),
    # RFC 9112 §7.1: chunks, an empty body message writes nothing, the last chunk ends it.
    ("chunked", GET, [start(), body(b"ab", True), body(b"", True), body(b"cd", True), body()],
     OK + b"transfer-encoding: chunked\r\n\r\n2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n", True),
    # RFC 9112 §8: never more or less than the declared length; before the head left, a clean 500.
    ("length_too_long", GET, [start(headers=LENGTH_5), body(b"hello!")], SERVER_ERROR, False),
    ("length_too_short", GET, [start(headers=LENGTH_5), body(b"hell")], SERVER_ERROR, False),
    # After the first byte: the connection closes, so the client sees the message is incomplete.
    ("length_too_short_after_first_byte", GET, [start(headers=LENGTH_5), body(b"he", True), body(b"ll")],
     OK + b"content-length: 5\r\n\r\nhe", False),
    # RFC 9112 §7.1.2: trailer fields after the last chunk, for a client that said "TE: trailers".
    ("trailers", GET_TE, [start(trailers=True), body(b"ab"), TRAILERS],
     OK + b"transfer-encoding: chunked\r\n\r\n2\r\nab\r\n0\r\nx-sum: 1\r\n\r\n", True),
    ("trailers_not_accepted", GET, [start(trailers=True), body(b"ab"), TRAILERS],
     OK + b"transfer-encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", True),
    # RFC 8297: 103 before the final response; RFC 9110 §15.2: none to an HTTP/1.0 client.
    ("early_hint", GET, [EARLY_HINT, start(headers=LENGTH_5), body(b"hello")],
     b"HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\n"
     + OK + b"content-length: 5\r\n\r\nhello", True),
    ("early_hint_http10", GET_10_KEEP, [EARLY_HINT, start(headers=LENGTH_5), body(b"hello")],
     OK + b"content-length: 5\r\nconnection: keep-alive\r\n\r\nhello", True),
    # The pathsend extension: the file is the body, framed like any other.
    ("pathsend", GET, [start(headers=[(b"content-length", b"10")]), PATHSEND],
     OK + b"content-length: 10\r\n\r\nfile body\n", True),
    ("pathsend_chunked", GET, [start(), PATHSEND],
     OK + b"transfer-encoding: chunked\r\n\r\na\r\nfile body\n\r\n0\r\n\r\n", True),
    # The fastresp.reason_phrase extension.
    ("reason", GET, [start(headers=LENGTH_5, reason=b"Fine"), body(b"hello")],
     b"HTTP/1.1 200 Fine\r\n" + DEFAULTS + b"content-length: 5\r\n\r\nhello", True),
    # App errors: a 500 while nothing has been written, else a close (RFC 9112 §8).
    ("error_before_first_byte", GET, [Boom()], SERVER_ERROR, False),
    ("error_after_start", GET, [start(headers=LENGTH_5), Boom()], SERVER_ERROR, False),
    ("error_after_first_byte", GET, [start(), body(b"ab", True), Boom()],
     OK + b"transfer-encoding: chunked\r\n\r\n2\r\nab\r\n", False),
    # RFC 9110 §15.2: a 1xx is not a final response.
    ("interim_status_as_final", GET, [start(103)], SERVER_ERROR, False),
    ("no_response", GET, [], SERVER_ERROR, False),
    ("start_without_body", GET, [start(headers=LENGTH_5)], SERVER_ERROR, False),
]


@pytest.fixture
def served_file(tmp_path):
    """The path of a file holding ``FILE_BODY``."""
    path = tmp_path / "file.txt"
    path.write_bytes(FILE_BODY)
    return str(path)


@pytest.mark.parametrize(("request_bytes", "messages", "expected", "keep_alive"),
                         [pytest.param(*case[1:], id=case[0]) for case in GOLDEN])
def test_golden_exchange(hotpath, served_file, request_bytes, messages, expected, keep_alive):
    messages = [{**m, "path": served_file} if m is PATHSEND else m for m in messages]
    assert serve_messages(hotpath, request_bytes, messages) == (expected, keep_alive)


def test_every_build_under_test_is_the_one_served(hotpath):
    """The table really runs on the build it names: the protocol's cores come from ``hotpath``."""
    protocol_class = protocol_on(hotpath)
    assert issubclass(protocol_class, hotpath.ProtocolCore)

    async def app(scope, receive, send):
        pass

    config = uvicorn.Config(app, lifespan="off", proxy_headers=False)
    config.load()
    loop = asyncio.new_event_loop()
    try:
        protocol = protocol_class(config=config, server_state=ServerState(), app_state={}, _loop=loop)
    finally:
        loop.close()
    assert issubclass(protocol.cycle_class, hotpath.CycleCore)
