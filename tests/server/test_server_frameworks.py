"""FastAPI and Starlette apps (JSON, streaming, files, WebSocket) served by HttpProtocol."""

from __future__ import annotations

import os

import pytest
from fastapi import WebSocket
from pydantic import BaseModel
from server_support import Client, request, run
from websockets.sync.client import connect

from fastresp.server import sendfile as sendfile_module


class Item(BaseModel):
    """A FastAPI request body (module level: annotations are strings here)."""

    name: str
    price: float


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("static") / "data.bin"
    path.write_bytes(os.urandom(1024 * 1024))
    return path


@pytest.fixture
def sendfile_bytes(monkeypatch):
    sent = []
    real = os.sendfile

    def counting(*args):
        count = real(*args)
        sent.append(count)
        return count

    monkeypatch.setattr(sendfile_module.os, "sendfile", counting)
    return sent


def starlette_app(big_file):
    from starlette.applications import Starlette
    from starlette.responses import FileResponse, JSONResponse, StreamingResponse
    from starlette.routing import Route, WebSocketRoute

    async def json_endpoint(request):
        return JSONResponse({"hello": "world", "query": dict(request.query_params)})

    async def stream(request):
        async def parts():
            for number in range(3):
                yield f"part {number}\n"

        return StreamingResponse(parts(), media_type="text/plain")

    async def file(request):
        return FileResponse(big_file)

    async def echo(websocket):
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(text.upper())
        await websocket.close()

    return Starlette(routes=[Route("/json", json_endpoint), Route("/stream", stream), Route("/file", file),
                             WebSocketRoute("/ws", echo)])


def fastapi_app(big_file):
    from fastapi import FastAPI
    from fastapi.responses import FileResponse, StreamingResponse

    app = FastAPI()

    @app.post("/json")
    async def create(item: Item) -> dict:
        return {"name": item.name, "double": item.price * 2}

    @app.get("/stream")
    async def stream():
        async def parts():
            for number in range(3):
                yield f"part {number}\n"

        return StreamingResponse(parts(), media_type="text/plain")

    @app.api_route("/file", methods=["GET", "HEAD"])
    async def file():
        return FileResponse(big_file)

    @app.websocket("/ws")
    async def echo(websocket: WebSocket):
        await websocket.accept()
        text = await websocket.receive_text()
        await websocket.send_text(text.upper())
        await websocket.close()

    return app


def check_stream_file_websocket(url, big_file, sendfile_bytes):
    client = Client(url)
    client.send(request("GET", "/stream") + request("GET", "/file") + request("HEAD", "/file"))
    stream = client.response()
    assert stream.body == b"part 0\npart 1\npart 2\n"
    assert stream.header(b"transfer-encoding") == b"chunked"
    file = client.response()
    assert file.body == big_file.read_bytes() and file.header(b"etag")
    head = client.response("HEAD")
    assert head.body == b"" and head.header(b"content-length") == b"%d" % big_file.stat().st_size
    assert sum(sendfile_bytes) == big_file.stat().st_size  # FileResponse used pathsend -> sendfile
    with connect(url.replace("http", "ws") + "/ws", open_timeout=5) as websocket:
        websocket.send("hello")
        assert websocket.recv(timeout=5) == "HELLO"


def test_starlette(big_file, sendfile_bytes):
    with run(starlette_app(big_file)) as url:
        client = Client(url)
        client.send(request("GET", "/json?a=1"))
        response = client.response()
        assert response.body == b'{"hello":"world","query":{"a":"1"}}'
        assert response.header(b"content-type") == b"application/json"
        check_stream_file_websocket(url, big_file, sendfile_bytes)


def test_fastapi(big_file, sendfile_bytes):
    with run(fastapi_app(big_file)) as url:
        client = Client(url)
        client.send(request("POST", "/json", headers=("Content-Type: application/json",),
                            body=b'{"name": "pen", "price": 1.5}'))
        assert client.response().body == b'{"name":"pen","double":3.0}'
        client.send(request("POST", "/json", headers=("Content-Type: application/json",), body=b"{}"))
        assert client.response().status == 422
        check_stream_file_websocket(url, big_file, sendfile_bytes)
