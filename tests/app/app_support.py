"""Helpers for the application-layer tests: real uvicorn servers, raw sockets, a fake ASGI server."""

from __future__ import annotations

import contextlib
import socket
import sys
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT / "tests", ROOT / "examples"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from support import PURE_MODE_BUILDS, load_build, serve

#: The builds of the application's hot path this run must test.
HOTPATH_BUILDS = PURE_MODE_BUILDS


def load_hotpath(build: str):
    """The app's ``_hotpath`` compiled or run from source (the compiled one failing the test when missing)."""
    return load_build("fastresp.app._hotpath", build)


@contextlib.contextmanager
def running(app: Any, **config: Any):
    """A real uvicorn on 127.0.0.1 serving ``app``; yields an ``httpx.Client`` bound to it."""
    with serve(app, **config) as url, httpx.Client(base_url=url, timeout=10) as client:
        yield client


def asgi_client(app: Any) -> httpx.AsyncClient:
    """An httpx client calling ``app`` in-process, for unit-level checks."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


def raw_request(url: str, request: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes to the server at ``url`` and read until it closes the connection."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)


class Recorder:
    """A fake ASGI server: feeds one request, records every message the app sends."""

    def __init__(self, body: bytes = b"", extensions: dict | None = None) -> None:
        self.messages: list[dict] = []
        self._body = body
        self.extensions = extensions

    def scope(self, method: str = "GET", path: str = "/", headers: list | None = None) -> dict:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers or [],
            "server": ("127.0.0.1", 8000),
            "client": ("127.0.0.1", 50000),
        }
        if self.extensions is not None:
            scope["extensions"] = self.extensions
        return scope

    async def receive(self) -> dict:
        body, self._body = self._body, b""
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(self, message: dict) -> None:
        self.messages.append(message)

    async def run(self, app: Any, method: str = "GET", path: str = "/", headers: list | None = None) -> Recorder:
        await app(self.scope(method, path, headers), self.receive, self.send)
        return self

    @property
    def start(self) -> dict:
        return self.messages[0]

    @property
    def headers(self) -> list[tuple[bytes, bytes]]:
        return list(self.start["headers"])

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages[1:])
