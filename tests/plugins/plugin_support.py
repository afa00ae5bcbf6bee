"""Helpers for the plugin tests: one-call ASGI runs and raw HTTP/1.1 exchanges with exact bytes."""

from __future__ import annotations

import socket
from typing import Any

import h11
from app_support import Recorder, asgi_client, raw_request, running  # noqa: F401 (re-exported)


async def run(
    app: Any,
    method: str = "GET",
    path: str = "/",
    headers: dict[str, str] | None = None,
    scheme: str = "http",
    client: tuple[str, int] = ("127.0.0.1", 50000),
    extensions: dict | None = None,
) -> Recorder:
    """Run one request through ``app`` in-process and return the recorded messages."""
    recorder = Recorder(extensions=extensions)
    raw_path, _, query = path.partition("?")
    scope = recorder.scope(
        method,
        raw_path,
        [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()],
    )
    scope["scheme"] = scheme
    scope["client"] = client
    scope["query_string"] = query.encode("latin-1")
    await app(scope, recorder.receive, recorder.send)
    return recorder


def header_map(recorder: Recorder) -> dict[str, list[str]]:
    """Response headers by lowercase name, every value kept."""
    result: dict[str, list[str]] = {}
    for name, value in recorder.headers:
        result.setdefault(name.decode("latin-1"), []).append(value.decode("latin-1"))
    return result


def h11_exchange(
    url: str, method: str, target: str, headers: list[tuple[str, str]]
) -> tuple[h11.Response, bytes]:
    """One request over a real socket parsed by h11: the response head and the exact body bytes."""
    host, port = url.removeprefix("http://").split(":")
    conn = h11.Connection(h11.CLIENT)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        request = h11.Request(method=method, target=target, headers=[("Host", f"{host}:{port}"), *headers])
        sock.sendall(conn.send(request) + conn.send(h11.EndOfMessage()))
        response = None
        body = b""
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(sock.recv(65536))
                continue
            if isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                break
    assert response is not None
    return response, body


def h11_headers(response: h11.Response) -> dict[str, list[str]]:
    """h11 response headers by lowercase name."""
    result: dict[str, list[str]] = {}
    for name, value in response.headers:
        result.setdefault(name.decode("latin-1"), []).append(value.decode("latin-1"))
    return result
