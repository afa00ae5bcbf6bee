"""Every plugin together over uvicorn with fastresp's own backend (it advertises http.response.pathsend)."""

from __future__ import annotations

import gzip
import re

import pytest
from plugin_support import h11_exchange, h11_headers, raw_request, running

from fastresp.api import (
    HSTS,
    Application,
    AutoHeadResponse,
    CacheControl,
    CachingHeaders,
    CachingOptions,
    Compression,
    ConditionalHeaders,
    DefaultHeaders,
    HttpStatusCode,
    PartialContent,
    StatusPages,
    XForwardedHeaders,
)

BODY = b"fastresp " * 4000


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("all")
    (root / "data.txt").write_bytes(BODY)
    app = Application()
    app.install(StatusPages).status(HttpStatusCode.NotFound)(not_found)
    app.install(DefaultHeaders)
    app.install(CachingHeaders).options(lambda call, content: CachingOptions(CacheControl.MaxAge(60)))
    app.install(ConditionalHeaders)
    app.install(PartialContent)
    app.install(AutoHeadResponse)
    app.install(Compression)
    app.install(HSTS)
    app.install(XForwardedHeaders, trusted_proxies=["127.0.0.1"])

    @app.get("/data.txt")
    async def data(call):
        await call.respond_file(root / "data.txt")

    with running(
        app, http="fastresp.server:HttpProtocol", server_header=False, date_header=False, proxy_headers=False
    ) as client:
        yield client


async def not_found(call, status):
    await call.respond_text("no such page", status=status)


def test_whole_file_compressed(client):
    response, body = h11_exchange(str(client.base_url), "GET", "/data.txt", [("Accept-Encoding", "gzip")])
    headers = h11_headers(response)
    assert headers["content-encoding"] == ["gzip"] and gzip.decompress(body) == BODY
    assert headers["etag"][0].startswith('W/"')
    assert headers["cache-control"] == ["max-age=60"] and len(headers["date"]) == 1
    assert headers["server"] == ["fastresp/0.1.0"]


def test_file_ranges_without_pathsend(client):
    response, body = h11_exchange(
        str(client.base_url), "GET", "/data.txt", [("Range", "bytes=0-8,-9"), ("Accept-Encoding", "gzip")]
    )
    headers = h11_headers(response)
    assert response.status_code == 206 and "content-encoding" not in headers
    boundary = re.search(r"boundary=(\w+)", headers["content-type"][0]).group(1)
    assert body.count(b"fastresp ") == 2 and body.endswith(f"--{boundary}--\r\n".encode())
    assert headers["content-length"] == [str(len(body))]


def test_304_head_404_and_hsts(client):
    etag = client.get("/data.txt").headers["etag"]
    url = str(client.base_url)
    raw = raw_request(
        url,
        f"GET /data.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n".encode(),
    )
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 304 ") and rest == b""
    response = client.head("/data.txt", headers={"Accept-Encoding": "identity"})
    assert response.headers["content-length"] == str(len(BODY)) and response.content == b""
    response = client.head("/data.txt", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip" and "content-length" not in response.headers
    response = client.get("/nothing")
    assert response.status_code == 404 and response.text == "no such page"
    response = client.get("/data.txt", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
