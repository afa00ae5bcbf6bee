"""The application's hot path (``fastresp/app/_hotpath.py``, compiled or run as plain Python) behaves alike in both builds.

Each test takes the ``hotpath`` fixture and so runs on both builds (the compiled one
fails, never skips, when it was expected but is missing); the ``compiled`` tests
compare the two directly or check the compiled one is in use.
"""

from __future__ import annotations

import asyncio

import pytest
from app_support import load_hotpath

from fastresp import core
from fastresp.app import sending, speedups, writer
from fastresp.app.contents import HttpStatusCodeContent, NoContent, TextContent
from fastresp.app.errors import BodyLengthError
from fastresp.app.response import ApplicationResponse
from fastresp.http.content_type import ContentType
from fastresp.http.status import HttpStatusCode

compiled = pytest.mark.compiled


def test_build_is_chosen_like_the_core():
    if core.NO_EXTENSIONS:
        assert speedups.IMPLEMENTATION == "python"
        assert writer.ResponseWriter.__module__ == "fastresp.app._hotpath_py"
    else:
        assert speedups.IMPLEMENTATION == "cython"  # a missing build must not pass unnoticed
        assert writer.ResponseWriter.__module__ == "fastresp.app._hotpath"
    assert writer.ResponseWriter is speedups.ResponseWriter
    assert sending.send_content is speedups.send_content
    assert sending.build_start is speedups.build_start
    compiled_build = not core.NO_EXTENSIONS
    assert (type(sending.send_content).__name__ == "cython_function_or_method") is compiled_build




@compiled
def test_both_builds_offer_the_same_public_names():
    source, built = load_hotpath("python"), load_hotpath("cython")
    assert built.__file__.endswith((".so", ".pyd"))
    assert built.BUFFER_LIMIT == source.BUFFER_LIMIT
    pure = {n for n in dir(source.ResponseWriter) if not n.startswith("_")}
    fast = {n for n in dir(built.ResponseWriter) if not n.startswith("_")}
    assert pure == fast == {"finish", "flush", "write", "written"}
    for name in ("REASON_EXTENSION", "build_start", "send_content"):
        assert hasattr(source, name) and hasattr(built, name), name


class _Sink:
    """An ASGI send that records each message."""

    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def __call__(self, message: dict) -> None:
        self.messages.append(message)

    def bodies(self) -> list[tuple[bytes, bool]]:
        return [(m["body"], m["more_body"]) for m in self.messages]


def _run(coroutine):
    return asyncio.run(coroutine)


def test_write_then_flush_sends_the_callers_own_bytes(hotpath):
    sink = _Sink()
    chunk = b"x" * 1024

    async def main():
        w = hotpath.ResponseWriter(sink, "utf-8", None)
        await w.write(chunk)
        await w.flush()
        await w.flush()  # nothing buffered: nothing sent
        await w.finish()
        return w.written

    assert _run(main()) == 1024
    assert sink.bodies() == [(chunk, True), (b"", False)]
    assert sink.messages[0]["body"] is chunk  # not copied: a raw ASGI app would send it as is
    assert all(m["type"] == "http.response.body" for m in sink.messages)


def test_small_writes_are_gathered_and_text_is_encoded_with_the_charset(hotpath):
    sink = _Sink()
    reused = bytearray(b"ab")

    async def main():
        w = hotpath.ResponseWriter(sink, "latin-1", None)
        await w.write("é")
        await w.write(reused)
        reused[:] = b"zz"  # the writer kept a copy, not the caller's buffer
        await w.write(memoryview(b"cd"))
        await w.write(b"")
        await w.finish()

    _run(main())
    assert sink.bodies() == [(b"\xe9abcd", False)]


def test_a_full_buffer_goes_out_without_flush(hotpath):
    sink = _Sink()
    piece = b"y" * 4096

    async def main():
        w = hotpath.ResponseWriter(sink, "utf-8", None)
        for _ in range(hotpath.BUFFER_LIMIT // len(piece) + 1):
            await w.write(piece)
        return len(sink.messages)

    assert _run(main()) == 1  # the write that reached the limit sent the buffer
    assert sink.bodies() == [(piece * (hotpath.BUFFER_LIMIT // len(piece)), True)]


def test_a_write_of_another_type_is_refused_by_name(hotpath):
    w = hotpath.ResponseWriter(_Sink(), "utf-8", None)
    with pytest.raises(TypeError, match="got int"):
        _run(w.write(42))
    assert w.written == 0


def test_writing_past_the_declared_length_raises_before_any_excess_byte(hotpath):
    sink = _Sink()

    async def main():
        w = hotpath.ResponseWriter(sink, "utf-8", 4)
        await w.write(b"abc")
        with pytest.raises(BodyLengthError, match="content_length=4 \\(5 bytes written\\)"):
            await w.write(b"de")
        # Swallowed by the producer, the overflow still fails the body at its end.
        with pytest.raises(BodyLengthError, match="longer than the declared content_length=4"):
            await w.finish()

    _run(main())
    assert sink.messages == []  # nothing went out: the client never sees a complete-looking body


def test_a_short_body_sends_what_was_written_then_raises(hotpath):
    sink = _Sink()

    async def main():
        w = hotpath.ResponseWriter(sink, "utf-8", 10)
        await w.write(b"abc")
        with pytest.raises(BodyLengthError, match="shorter than the declared content_length=10 \\(3 bytes"):
            await w.finish()
        with pytest.raises(RuntimeError, match="already complete"):
            await w.write(b"x")

    _run(main())
    assert sink.bodies() == [(b"abc", True)]  # no end of body: the server aborts the connection


def test_an_exact_declared_length_ends_the_body(hotpath):
    sink = _Sink()

    async def main():
        w = hotpath.ResponseWriter(sink, "utf-8", 0)
        await w.finish()

    _run(main())
    assert sink.bodies() == [(b"", False)]


def test_write_and_flush_are_coroutines_a_task_can_run(hotpath):
    sink = _Sink()

    async def main():
        w = hotpath.ResponseWriter(sink, "utf-8", None)
        assert asyncio.iscoroutinefunction(w.write)
        assert asyncio.iscoroutinefunction(w.flush)
        await asyncio.create_task(w.write(b"a" * hotpath.BUFFER_LIMIT))
        await asyncio.gather(w.write(b"b"), w.flush())
        await w.finish()

    _run(main())
    assert sink.bodies() == [(b"a" * 16384, True), (b"b", True), (b"", False)]


# --- sending a response ---------------------------------------------------------------------


def _scope(method: str = "GET", extensions: dict | None = None) -> dict:
    return {"type": "http", "method": method, "extensions": extensions}


def test_a_text_response_is_a_head_and_one_body_message(hotpath):
    sink = _Sink()
    response = ApplicationResponse()
    response.headers.append("X-Own", "1")
    content = TextContent("hi", ContentType.Text.Plain.with_charset("UTF-8"))
    _run(hotpath.send_content(sink, _scope(), response, content))
    start, body = sink.messages
    assert start == {
        "type": "http.response.start",
        "status": 200,
        "headers": [
            (b"content-type", b"text/plain; charset=UTF-8"),
            (b"x-own", b"1"),
            (b"content-length", b"2"),
        ],
    }
    assert body == {"type": "http.response.body", "body": b"hi", "more_body": False}
    assert response.is_committed and response.is_sent


def test_an_empty_body_gets_an_explicit_zero_length_and_head_drops_the_body(hotpath):
    sink = _Sink()
    _run(hotpath.send_content(sink, _scope(), ApplicationResponse(), NoContent()))
    assert sink.messages[0]["headers"] == [(b"content-length", b"0")]  # else HTTP/1.1 would chunk it
    head = _Sink()
    content = TextContent("hidden", ContentType.Text.Plain)
    _run(hotpath.send_content(head, _scope("HEAD"), ApplicationResponse(), content))
    assert (b"content-length", b"6") in head.messages[0]["headers"]
    assert head.messages[1]["body"] == b""  # RFC 9110 §9.3.2: HEAD answers without content


def test_no_content_and_not_modified_carry_no_length(hotpath):
    for status in (HttpStatusCode.NoContent, HttpStatusCode.NotModified):
        sink = _Sink()
        _run(hotpath.send_content(sink, _scope(), ApplicationResponse(), HttpStatusCodeContent(status)))
        assert sink.messages[0]["headers"] == []  # RFC 9110 §8.6: no Content-Length on 204/304
        assert sink.messages[1]["body"] == b""


def test_a_custom_reason_goes_out_only_to_a_server_that_takes_it(hotpath):
    status = HttpStatusCode(299, "Fine Thanks")
    content = HttpStatusCodeContent(status)
    plain = hotpath.build_start(_scope(), ApplicationResponse(), content)
    assert "reason" not in plain
    extended = hotpath.build_start(
        _scope(extensions={hotpath.REASON_EXTENSION: {}}), ApplicationResponse(), content
    )
    assert extended["reason"] == b"Fine Thanks"


def test_a_scope_and_extensions_of_dict_subclasses_are_taken(hotpath):
    """ASGI middleware may hand on a dict subclass; the compiled build takes it as the source does."""

    class Mapping(dict):
        pass

    status = HttpStatusCode(299, "Fine Thanks")
    scope = Mapping(_scope(extensions=Mapping({hotpath.REASON_EXTENSION: {}})))
    start = hotpath.build_start(scope, ApplicationResponse(), HttpStatusCodeContent(status))
    assert start["reason"] == b"Fine Thanks"
    sink = _Sink()
    _run(hotpath.send_content(sink, scope, ApplicationResponse(), TextContent("x", ContentType.Text.Plain)))
    assert sink.messages[1]["body"] == b"x"
