"""AutoHeadResponse: HEAD runs the GET route, same status and headers, no body, no body produced."""

from __future__ import annotations

import pytest
from plugin_support import header_map, raw_request, run, running

from fastresp.api import Application, AutoHeadResponse, Compression, HttpStatusCode


def make_app(install: bool = True) -> tuple[Application, list[str]]:
    app = Application()
    if install:
        app.install(AutoHeadResponse)
    produced: list[str] = []

    @app.get("/text")
    async def text(call):
        call.response.header("X-Route", "get")
        await call.respond_text("hello, head", status=HttpStatusCode.Accepted)

    @app.get("/stream")
    async def stream(call):
        async def producer(writer):
            produced.append("stream")
            await writer.write("streamed")

        await call.respond_write(producer)

    @app.get("/sized")
    async def sized(call):
        async def producer(writer):
            produced.append("sized")
            await writer.write("12345")

        await call.respond_write(producer, content_length=5)

    @app.get("/explicit")
    async def explicit_get(call):
        await call.respond_text("get")

    @app.head("/explicit")
    async def explicit_head(call):
        call.response.header("X-Route", "head")
        await call.respond_text("head")

    return app, produced


@pytest.mark.anyio
async def test_head_gets_the_get_head_without_body():
    app, _ = make_app()
    get = await run(app, path="/text")
    head = await run(app, method="HEAD", path="/text")
    assert head.start["status"] == get.start["status"] == 202
    assert head.headers == get.headers
    assert header_map(head)["content-length"] == ["11"]
    assert header_map(head)["x-route"] == ["get"]
    assert head.body == b""


@pytest.mark.anyio
async def test_streaming_body_is_not_produced_for_head():
    app, produced = make_app()
    head = await run(app, method="HEAD", path="/stream")
    assert head.start["status"] == 200 and head.body == b""
    assert "content-length" not in header_map(head)
    sized = await run(app, method="HEAD", path="/sized")
    assert header_map(sized)["content-length"] == ["5"]
    assert produced == []


@pytest.mark.anyio
async def test_explicit_head_route_wins_and_allow_lists_head():
    app, _ = make_app()
    assert header_map(await run(app, method="HEAD", path="/explicit"))["x-route"] == ["head"]
    denied = await run(app, method="POST", path="/text")
    assert denied.start["status"] == 405
    assert header_map(denied)["allow"] == ["GET, HEAD"]


@pytest.mark.anyio
async def test_without_the_plugin_head_is_405():
    app, _ = make_app(install=False)
    assert (await run(app, method="HEAD", path="/text")).start["status"] == 405


@pytest.mark.anyio
async def test_head_with_compression_matches_get():
    app, _ = make_app()
    app.install(Compression)

    @app.get("/big")
    async def big(call):
        await call.respond_text("compress me " * 100)

    headers = {"Accept-Encoding": "gzip"}
    get = header_map(await run(app, path="/big", headers=headers))
    head = header_map(await run(app, method="HEAD", path="/big", headers=headers))
    assert head == get and head["content-encoding"] == ["gzip"]


def test_over_uvicorn_no_body_bytes():
    app, produced = make_app()
    with running(app) as client:
        url = str(client.base_url)
        raw = raw_request(url, b"HEAD /text HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        stream = raw_request(url, b"HEAD /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert client.head("/sized").headers["content-length"] == "5"
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 202 ") and b"\r\ncontent-length: 11" in head.lower() and body == b""
    head, _, body = stream.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ") and body == b""
    assert b"transfer-encoding" not in head.lower()
    assert produced == []
