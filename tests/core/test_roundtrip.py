"""Strict-parser round trip: what the core writes, h11 and httptools (llhttp) read back the same.

Each case builds a head with ``build_head`` and frames a body the way the returned
framing says (``encode_chunk``/``last_chunk`` for chunked, raw bytes otherwise). Both
parsers must then see the status, the header fields, the body, the trailers and the
message boundary the core intended: the core's rule is to emit nothing a strict peer
would read differently (catalogue, core rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import h11
import httptools
import pytest

from fastresp._tables import FRAMING_CHUNKED, FRAMING_CLOSE, FRAMING_LENGTH, FRAMING_NONE

DATE = "Sun, 06 Nov 1994 08:49:37 GMT"


@dataclass(frozen=True)
class Exchange:
    """One response to build: ``build_head`` arguments, the body in writes, and trailers."""

    id: str
    status: int
    headers: list
    method: bytes = b"GET"
    http_version: str = "1.1"
    keep_alive: bool = True
    writes: tuple[bytes, ...] = ()
    trailers: list | None = None
    reason: str | None = None
    defaults: list = field(default_factory=list)
    framing: int = FRAMING_LENGTH  # what the case expects build_head to choose


EXCHANGES = [
    Exchange(
        "length", 200, [("content-type", "text/plain"), ("content-length", "11")], writes=(b"hello world",)
    ),
    Exchange("length-zero", 200, [("content-length", "0")]),
    Exchange(
        "chunked",
        200,
        [("content-type", "text/plain")],
        writes=(b"hello", b" ", b"world"),
        framing=FRAMING_CHUNKED,
    ),
    # Empty writes must vanish rather than end the body early (catalogue item 22).
    Exchange("chunked-empty-writes", 200, [], writes=(b"", b"abc", b"", b"de"), framing=FRAMING_CHUNKED),
    Exchange("chunked-no-body", 200, [], framing=FRAMING_CHUNKED),
    Exchange(
        "chunked-trailers",
        200,
        [("trailer", "x-checksum, server-timing")],
        writes=(b"x" * 300,),
        trailers=[("x-checksum", "abc"), ("Server-Timing", "db;dur=53")],
        framing=FRAMING_CHUNKED,
    ),
    Exchange(
        "chunked-app-te", 200, [("Transfer-Encoding", "chunked")], writes=(b"data",), framing=FRAMING_CHUNKED
    ),
    Exchange(
        "http10-close-delimited",
        200,
        [("content-type", "text/plain")],
        http_version="1.0",
        writes=(b"until ", b"close"),
        framing=FRAMING_CLOSE,
    ),
    Exchange(
        "http10-length-keep-alive", 200, [("content-length", "5")], http_version="1.0", writes=(b"hello",)
    ),
    Exchange(
        "http10-length-close",
        200,
        [("content-length", "5")],
        http_version="1.0",
        keep_alive=False,
        writes=(b"hello",),
    ),
    Exchange("head-with-length", 200, [("content-length", "5")], method=b"HEAD", framing=FRAMING_NONE),
    Exchange(
        "head-without-length", 200, [("content-type", "text/html")], method=b"HEAD", framing=FRAMING_NONE
    ),
    Exchange(
        "head-http10",
        200,
        [("content-length", "5")],
        method=b"HEAD",
        http_version="1.0",
        framing=FRAMING_NONE,
    ),
    Exchange("204", 204, [("content-length", "0"), ("x-a", "1")], framing=FRAMING_NONE),
    Exchange("304", 304, [("etag", '"v1"'), ("content-length", "5")], framing=FRAMING_NONE),
    Exchange("not-kept", 200, [("content-length", "2")], keep_alive=False, writes=(b"ok",)),
    Exchange(
        "app-connection-close", 200, [("connection", "close")], writes=(b"bye",), framing=FRAMING_CHUNKED
    ),
    Exchange(
        "defaults",
        200,
        [("content-length", "2"), ("Server", "app")],
        writes=(b"ok",),
        defaults=[("date", DATE), ("server", "fastresp")],
    ),
    Exchange(
        "set-cookies",
        200,
        [("set-cookie", "a=1; Path=/"), ("set-cookie", "b=2; Secure"), ("content-length", "0")],
    ),
    Exchange("unknown-code", 299, [("content-length", "0")]),
    Exchange("custom-reason", 200, [("content-length", "0")], reason="Tout va bien"),
    Exchange("obs-text-value", 200, [("x-name", "caf\xe9"), ("content-length", "0")]),
]


@dataclass
class Parsed:
    """What a parser saw: status, version, fields, body, trailers, completion and keep-alive."""

    status: int = 0
    version: str = ""
    fields: list = field(default_factory=list)
    body: bytes = b""
    trailers: list = field(default_factory=list)
    complete_before_eof: bool = False
    complete: bool = False
    keep_alive: bool | None = None


def parse_with_h11(method: bytes, data: bytes) -> Parsed:
    """Parse ``data`` as the response to a ``method`` request, with h11 in the client role."""
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method=method, target="/", headers=[("Host", "example.com")]))
    conn.send(h11.EndOfMessage())
    parsed = Parsed()

    def drain() -> None:
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA or event is h11.PAUSED or isinstance(event, h11.ConnectionClosed):
                return
            if isinstance(event, h11.Response):
                parsed.status = event.status_code
                parsed.version = event.http_version.decode()
                parsed.fields = [(bytes(name), bytes(value)) for name, value in event.headers]
            elif isinstance(event, h11.Data):
                parsed.body += bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                parsed.trailers = [(bytes(name), bytes(value)) for name, value in event.headers]
                parsed.complete = True
                return

    conn.receive_data(data)
    drain()
    parsed.complete_before_eof = parsed.complete
    if not parsed.complete:
        conn.receive_data(b"")  # the peer closes: ends a close-delimited body
        drain()
    # h11 decides keep-alive from the response alone (RFC 9112 §9.3); it never keeps HTTP/1.0.
    parsed.keep_alive = conn.their_state is h11.DONE
    return parsed


class _LlhttpRecorder:
    """httptools callbacks that record one response (fields before the body, trailers after)."""

    def __init__(self) -> None:
        self.parsed = Parsed()
        self.headers_done = False
        self.parser: httptools.HttpResponseParser | None = None

    def on_header(self, name: bytes, value: bytes) -> None:
        target = self.parsed.trailers if self.headers_done else self.parsed.fields
        target.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        self.headers_done = True
        # Asked here, as servers do: llhttp resets its flags once the message completes.
        if self.parser is not None:
            self.parsed.keep_alive = self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        self.parsed.body += body

    def on_message_complete(self) -> None:
        self.parsed.complete = True


def parse_with_httptools(data: bytes) -> Parsed:
    """Parse ``data`` with httptools' HttpResponseParser (llhttp, strict mode)."""
    recorder = _LlhttpRecorder()
    parser = recorder.parser = httptools.HttpResponseParser(recorder)
    parser.feed_data(data)
    parsed = recorder.parsed
    parsed.status = parser.get_status_code()
    parsed.version = parser.get_http_version()
    parsed.complete_before_eof = parsed.complete
    return parsed


def fields_of(head: bytes) -> list[tuple[bytes, bytes]]:
    """The ``(lower-case name, value)`` fields of a head, read by splitting on CRLF."""
    lines = head[:-4].split(b"\r\n")[1:]
    return [(name.lower(), value) for name, _, value in (line.partition(b": ") for line in lines)]


def render(impl, case: Exchange) -> tuple[bytes, bytes, int, int, bool]:
    """Build the head and the framed body; return ``(data, head, framing, length, keep_alive)``."""
    head, framing, length, keep = impl.build_head(
        case.status,
        case.headers,
        case.reason,
        method=case.method,
        http_version=case.http_version,
        keep_alive=case.keep_alive,
        default_headers=case.defaults,
    )
    if framing == FRAMING_CHUNKED:
        body = b"".join(impl.encode_chunk(write) for write in case.writes) + impl.last_chunk(case.trailers)
    elif framing == FRAMING_NONE:
        body = b""
    else:
        body = b"".join(case.writes)
    return head + body, head, framing, length, keep


@pytest.mark.parametrize("case", EXCHANGES, ids=[case.id for case in EXCHANGES])
def test_h11_reads_what_was_meant(impl, case: Exchange) -> None:
    """h11 sees the status, fields, body, trailers and message end the core intended."""
    data, head, framing, _, keep = render(impl, case)
    assert framing == case.framing
    parsed = parse_with_h11(case.method, data)
    assert parsed.status == case.status
    assert parsed.version == "1.1"  # RFC 9110 §6.2: HTTP/1.1 whatever the request said
    assert parsed.fields == fields_of(head)
    assert parsed.body == (b"" if framing == FRAMING_NONE else b"".join(case.writes))
    assert parsed.trailers == [(name.lower().encode(), value.encode()) for name, value in case.trailers or []]
    assert parsed.complete
    # Only a close-delimited body needs the connection to end before the message does.
    assert parsed.complete_before_eof == (framing != FRAMING_CLOSE)
    if case.http_version == "1.1":
        assert parsed.keep_alive == keep


@pytest.mark.parametrize("case", EXCHANGES, ids=[case.id for case in EXCHANGES])
def test_httptools_reads_what_was_meant(impl, case: Exchange) -> None:
    """llhttp (via httptools) sees the same status, fields, body, trailers, end and keep-alive."""
    data, head, framing, _, keep = render(impl, case)
    parsed = parse_with_httptools(data)
    assert parsed.status == case.status
    assert parsed.version == "1.1"  # RFC 9110 §6.2: HTTP/1.1 whatever the request said
    assert parsed.fields == fields_of(head)
    if case.method == b"HEAD":
        # httptools has no way to be told the request was HEAD, so it would wait for
        # the Content-Length bytes (or EOF); h11 checks HEAD framing above.
        return
    assert parsed.body == (b"" if framing == FRAMING_NONE else b"".join(case.writes))
    assert parsed.trailers == [(name.lower().encode(), value.encode()) for name, value in case.trailers or []]
    assert parsed.complete_before_eof == (framing != FRAMING_CLOSE)
    assert parsed.keep_alive == keep


def test_both_parsers_agree_with_each_other(impl) -> None:
    """For every non-HEAD case the two parsers report identical fields, bodies and trailers."""
    for case in EXCHANGES:
        if case.method == b"HEAD":
            continue
        data, *_ = render(impl, case)
        by_h11, by_llhttp = parse_with_h11(case.method, data), parse_with_httptools(data)
        assert (by_h11.status, by_h11.fields, by_h11.body, by_h11.trailers) == (
            by_llhttp.status,
            by_llhttp.fields,
            by_llhttp.body,
            by_llhttp.trailers,
        ), case.id


def test_interim_then_final_response(impl) -> None:
    """A 103 head followed by a 200 parses as one interim and one final response in both parsers."""
    early, framing, length, _ = impl.build_head(103, [("link", "</style.css>; rel=preload")])
    assert (framing, length) == (FRAMING_NONE, -1)
    final, framing, _, _ = impl.build_head(200, [("content-length", "2")])
    data = early + final + b"ok"

    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "example.com")]))
    conn.send(h11.EndOfMessage())
    conn.receive_data(data)
    events = [conn.next_event() for _ in range(4)]
    assert [type(event) for event in events] == [
        h11.InformationalResponse,
        h11.Response,
        h11.Data,
        h11.EndOfMessage,
    ]
    assert (events[0].status_code, events[0].headers) == (103, [(b"link", b"</style.css>; rel=preload")])
    assert (events[1].status_code, events[2].data) == (200, b"ok")

    statuses = []

    class Recorder(_LlhttpRecorder):
        def on_message_complete(self) -> None:
            statuses.append(parser.get_status_code())

    parser = httptools.HttpResponseParser(Recorder())
    parser.feed_data(data)
    assert statuses == [103, 200]
