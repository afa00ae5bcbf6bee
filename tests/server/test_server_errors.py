"""Validation before the first byte, message-order errors and Content-Length enforcement."""

from __future__ import annotations

import h11
import pytest
from server_support import Client, Incomplete, fetch, request, run

from fastresp.core import InvalidHeaderError


def start_app(start: dict, body: bytes = b"ok", raised: list | None = None):
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        try:
            await send({"type": "http.response.start", **start})
        except Exception as error:
            if raised is not None:
                raised.append(error)
            raise
        await send({"type": "http.response.body", "body": body})

    return app


@pytest.mark.parametrize(
    "start",
    [
        {"status": 200, "headers": [(b"bad name", b"v")]},
        {"status": 200, "headers": [(b"x-split", b"v\r\nSet-Cookie: a=1")]},
        {"status": 200, "headers": [(b"x-nul", b"a\x00b")]},
        {"status": 200, "headers": [(b"content-length", b"+5")]},
        {"status": 200, "headers": [(b"transfer-encoding", b"gzip")]},
        {"status": 600},
        {"status": 200, "headers": [(b"x", b"y", b"z")]},
        {"status": 200, "headers": [("x-str", None)]},
        {"status": 1000},
        {"status": "200"},
        {"status": True},
        {"status": 200, "reason": b"OK\r\nX: y"},
        {"status": 101},
    ],
    ids=lambda start: repr(start)[:60],
)
def test_invalid_start_gives_a_clean_500(start, caplog):
    raised = []
    with run(start_app(start, raised=raised)) as url:
        client = Client(url)
        client.send(request())
        response = client.response()
        assert response.status == 500 and response.body == b"Internal Server Error"
        assert response.header(b"connection") == b"close"
        assert client.is_closed()
    assert isinstance(raised[0], (TypeError, ValueError))
    assert b"Set-Cookie" not in response.body


def test_invalid_header_raises_in_the_app():
    raised = []
    with run(start_app({"status": 200, "headers": [(b"x", b"a\nb")]}, raised=raised)) as url:
        fetch(url, request())
    assert isinstance(raised[0], InvalidHeaderError)


def test_custom_reason_phrase():
    with run(start_app({"status": 299, "reason": b"Totally Fine", "headers": [(b"content-length", b"2")]})) as url:
        client = Client(url)
        client.send(request())
        data = client.read_all(0.5)
    assert data.startswith(b"HTTP/1.1 299 Totally Fine\r\n")


def test_unknown_status_keeps_the_space():
    with run(start_app({"status": 599, "headers": [(b"content-length", b"2")]})) as url:
        client = Client(url)
        client.send(request())
        assert client.read_all(0.5).startswith(b"HTTP/1.1 599 \r\n")


def order_app(messages: list[dict], errors: list):
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        for message in messages:
            try:
                await send(message)
            except RuntimeError as error:
                errors.append(error)

    return app


START = {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}
BODY = {"type": "http.response.body", "body": b"ok"}


@pytest.mark.parametrize(
    "messages, status",
    [
        ([START, START, BODY], 200),  # duplicate start
        ([BODY, START, BODY], 200),  # body before start
        ([START, BODY, BODY], 200),  # message after completion
        ([START, BODY, START], 200),
    ],
    ids=["duplicate-start", "body-before-start", "body-after-end", "start-after-end"],
)
def test_message_order_errors_raise_in_the_app(messages, status):
    errors = []
    with run(order_app(messages, errors)) as url:
        response = fetch(url, request())[0]
    assert response.status == status and response.body == b"ok"
    assert len(errors) == 1 and isinstance(errors[0], RuntimeError)


def test_app_returning_without_response_gets_500(caplog):
    async def app(scope, receive, send):
        return None

    with run(app) as url:
        assert fetch(url, request())[0].status == 500


def test_app_returning_after_start_without_body_gets_500():
    async def app(scope, receive, send):
        if scope["type"] == "http":
            await send(START)

    with run(app) as url:
        assert fetch(url, request())[0].status == 500


def test_exception_before_any_byte_gives_500_and_is_logged(uvicorn_logs):
    async def app(scope, receive, send):
        if scope["type"] == "http":
            raise LookupError("boom")

    with run(app, log_config=None) as url:
        assert fetch(url, request())[0].status == 500
    errors = [r for r in uvicorn_logs.records if "Exception in ASGI application" in r.getMessage()]
    assert len(errors) == 1 and errors[0].exc_info[0] is LookupError


def test_exception_mid_stream_aborts_without_last_chunk():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
        raise LookupError("boom")

    with run(app) as url:
        client = Client(url)
        client.send(request())
        data = client.read_all()
    assert client.eof
    assert b"transfer-encoding: chunked" in data and data.endswith(b"7\r\npartial\r\n")
    assert b"0\r\n\r\n" not in data and b"500" not in data


def test_too_many_bytes_in_first_message_gives_500_and_nothing_of_the_body():
    with run(start_app({"status": 200, "headers": [(b"content-length", b"3")]}, body=b"too long")) as url:
        client = Client(url)
        client.send(request())
        response = client.response()
        assert response.status == 500
        assert client.is_closed()


def test_too_many_bytes_later_are_never_written():
    errors = []

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"6")]})
        await send({"type": "http.response.body", "body": b"abc", "more_body": True})
        try:
            await send({"type": "http.response.body", "body": b"defXYZ"})
        except RuntimeError as error:
            errors.append(error)
            raise

    with run(app) as url:
        client = Client(url)
        client.send(request())
        data = client.read_all()
    assert client.eof and data.endswith(b"\r\n\r\nabc")
    assert "longer than Content-Length" in str(errors[0])


def test_too_few_bytes_in_the_only_message_give_500():
    with run(start_app({"status": 200, "headers": [(b"content-length", b"10")]}, body=b"abc")) as url:
        client = Client(url)
        client.send(request() + request())
        assert client.response().status == 500
        assert client.is_closed()


def test_too_few_bytes_after_streaming_close():
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"10")]})
        await send({"type": "http.response.body", "body": b"abc", "more_body": True})
        await send({"type": "http.response.body", "body": b"de"})

    with run(app) as url:
        client = Client(url)
        client.send(request() + request())
        with pytest.raises((Incomplete, h11.RemoteProtocolError)):
            client.response()
        assert client.eof


def test_body_of_wrong_type_gives_500():
    with run(start_app({"status": 200}, body="text")) as url:
        assert fetch(url, request())[0].status == 500


def test_204_with_body_drops_it():
    with run(start_app({"status": 204}, body=b"ignored")) as url:
        client = Client(url)
        client.send(request() + request())
        first, second = client.response(), client.response()
    assert first.status == 204 and first.body == b"" and second.status == 204


def test_access_log_escapes_control_characters(uvicorn_logs):
    with run(start_app({"status": 200, "headers": [(b"content-length", b"2")]}), log_config=None, log_level="info") as url:
        fetch(url, request("GET", "/%1b[31mred%0d%0a\\x?a=%1b"))
    lines = [r.getMessage() for r in uvicorn_logs.records if r.name == "uvicorn.access"]
    assert len(lines) == 1
    line = lines[0]
    assert "\x1b" not in line and "\r" not in line and "\n" not in line and "\\" not in line
    assert '"GET /%1b[31mred%0d%0a%5Cx?a=%1b HTTP/1.1" 200' in line
