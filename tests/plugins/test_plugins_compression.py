"""Compression: coding choice by q-values and priority, skips, Vary, weak ETags, incremental streams."""

from __future__ import annotations

import gzip
import zlib

import pytest
from plugin_support import h11_exchange, h11_headers, header_map, run, running

import fastresp.plugins.compression as compression_module
from fastresp.api import (
    Application,
    Compression,
    ConditionalHeaders,
    ContentType,
    PartialContent,
)
from fastresp.plugins.compression import available_encoders, parse_accept_encoding

TEXT = "All work and no play makes Jack a dull boy. " * 50


def decode(coding: str, data: bytes) -> bytes:
    if coding == "gzip":
        return gzip.decompress(data)
    if coding == "deflate":
        return zlib.decompress(data)
    if coding == "br":
        import brotli

        return brotli.decompress(data)
    if coding == "zstd":
        import zstandard

        return zstandard.ZstdDecompressor().decompressobj().decompress(data)
    raise AssertionError(coding)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("compression")
    (root / "big.txt").write_text(TEXT * 100)
    return root


def make_app(site=None, **options) -> Application:
    app = Application()
    app.install(Compression, **options)

    @app.get("/text")
    async def text(call):
        call.response.etag("t1")
        await call.respond_text(TEXT)

    @app.get("/small")
    async def small(call):
        await call.respond_text("tiny")

    @app.get("/typed/{kind...}")
    async def typed(call):
        kind = "/".join(call.parameters.get_all("kind"))
        await call.respond_bytes(TEXT.encode(), ContentType.parse(kind))

    @app.get("/encoded")
    async def encoded(call):
        call.response.header("Content-Encoding", "gzip")
        await call.respond_bytes(gzip.compress(TEXT.encode()))

    @app.get("/vary")
    async def vary(call):
        call.response.header("Vary", "Accept-Language")
        await call.respond_text(TEXT)

    @app.get("/stream")
    async def stream(call):
        async def producer(writer):
            for index in range(3):
                await writer.write(f"part {index}: " + TEXT)
                await writer.flush()

        await call.respond_write(producer)

    if site is not None:

        @app.get("/file")
        async def file(call):
            await call.respond_file(site / "big.txt")

    return app


@pytest.mark.anyio
@pytest.mark.parametrize("coding", list(available_encoders()))
async def test_every_available_coding(coding):
    recorder = await run(make_app(), path="/text", headers={"Accept-Encoding": coding})
    headers = header_map(recorder)
    assert headers["content-encoding"] == [coding]
    assert headers["vary"] == ["Accept-Encoding"]
    assert headers["content-length"] == [str(len(recorder.body))]
    assert len(recorder.body) < len(TEXT)
    assert decode(coding, recorder.body) == TEXT.encode()


def test_optional_codings_are_installed_for_this_run():
    # brotli and zstandard are optional at run time but part of the test extra, so
    # both the "present" path above and the "absent" path below are exercised.
    assert {"br", "zstd", "gzip", "deflate"} <= set(available_encoders()), (
        "install the optional codings to test them: pip install brotli zstandard"
    )


def test_codings_absent_without_optional_packages(monkeypatch):
    monkeypatch.setattr(compression_module, "_brotli", None)
    monkeypatch.setattr(compression_module, "_zstandard", None)
    monkeypatch.setattr(compression_module, "_stdlib_zstd", None)
    assert list(available_encoders()) == ["gzip", "deflate"]
    with pytest.raises(ValueError, match="brotli"):
        Application().install(Compression, encoders=["br"])
    plugin = Application().install(Compression)
    assert plugin.choose("br, zstd, gzip;q=0.5").name == "gzip"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("gzip", "gzip"),
        ("deflate, gzip;q=0.5", "deflate"),
        ("gzip;q=0.5, deflate;q=0.5", "gzip"),  # tie: configured priority
        ("gzip;q=0, deflate", "deflate"),
        ("gzip;q=0", None),
        ("*", "gzip"),
        ("*;q=0.1, deflate;q=0.5", "deflate"),
        ("*, gzip;q=0", "deflate"),
        ("x-gzip", "gzip"),
        ("GZIP", "gzip"),
        ("identity", None),
        ("", None),
        (None, None),
        ("compress, snappy, unknown", None),
        ("gzip;q=inf", None),
        ("gzip;q=nan, deflate", "deflate"),
        ("gzip;q=1.0001", None),
        ("gzip;q=-1", None),
        ("gzip;q=2", None),
        ("gzip;q=", None),
        ("gzip;q=0.5;q=x", None),
        (";;;, ,,", None),
        ("gz ip", None),
        (",".join(["unknown"] * 10000) + ", gzip", None),  # bounded: members past 64 are not read
    ],
)
def test_choice(accept, chosen):
    plugin = Application().install(Compression, encoders=["gzip", "deflate"])
    encoder = plugin.choose(accept)
    assert (encoder.name if encoder else None) == chosen


def test_parse_accept_encoding():
    assert parse_accept_encoding("gzip;q=0.8, br ; q=1.0, *;q=0") == {"gzip": 0.8, "br": 1.0, "*": 0.0}


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "compressed"),
    [
        ("/small", False),
        ("/typed/image/png", False),
        ("/typed/image/jpeg", False),
        ("/typed/image/svg+xml", True),
        ("/typed/video/mp4", False),
        ("/typed/audio/ogg", False),
        ("/typed/multipart/mixed", False),
        ("/typed/text/event-stream", False),
        ("/typed/application/json", True),
        ("/encoded", False),
    ],
)
async def test_skips(path, compressed):
    recorder = await run(make_app(), path=path, headers={"Accept-Encoding": "gzip"})
    headers = header_map(recorder)
    if path == "/encoded":
        assert headers["content-encoding"] == ["gzip"]
        assert gzip.decompress(recorder.body) == TEXT.encode()  # not compressed twice
    elif compressed:
        assert headers["content-encoding"] == ["gzip"]
        assert gzip.decompress(recorder.body) == TEXT.encode()
    else:
        assert "content-encoding" not in headers
        assert recorder.body == (b"tiny" if path == "/small" else TEXT.encode())


@pytest.mark.anyio
async def test_minimum_size_option():
    recorder = await run(make_app(minimum_size=0), path="/small", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(recorder.body) == b"tiny"


@pytest.mark.anyio
async def test_vary_even_when_not_compressed_and_merged():
    headers = header_map(await run(make_app(), path="/text"))
    assert headers["vary"] == ["Accept-Encoding"] and "content-encoding" not in headers
    headers = header_map(await run(make_app(), path="/vary", headers={"Accept-Encoding": "gzip"}))
    assert ", ".join(headers["vary"]) == "Accept-Language, Accept-Encoding"


@pytest.mark.anyio
async def test_etag_becomes_weak_only_when_compressed():
    assert header_map(await run(make_app(), path="/text"))["etag"] == ['"t1"']
    assert header_map(await run(make_app(), path="/text", headers={"Accept-Encoding": "gzip"}))["etag"] == [
        'W/"t1"'
    ]


@pytest.mark.anyio
async def test_ranges_are_not_compressed():
    app = make_app()
    app.install(PartialContent)
    recorder = await run(app, path="/text", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert recorder.start["status"] == 206 and recorder.body == TEXT.encode()[:10]
    assert "content-encoding" not in header_map(recorder)


@pytest.mark.anyio
async def test_304_keeps_vary():
    app = make_app()
    app.install(ConditionalHeaders)
    recorder = await run(app, path="/text", headers={"Accept-Encoding": "gzip", "If-None-Match": 'W/"t1"'})
    assert recorder.start["status"] == 304
    assert header_map(recorder)["vary"] == ["Accept-Encoding"]


@pytest.mark.anyio
@pytest.mark.parametrize("coding", list(available_encoders()))
async def test_stream_is_compressed_chunk_by_chunk(coding):
    recorder = await run(make_app(), path="/stream", headers={"Accept-Encoding": coding})
    assert header_map(recorder)["content-encoding"] == [coding]
    assert "content-length" not in header_map(recorder)
    bodies = [m["body"] for m in recorder.messages[1:] if m.get("body")]
    assert len(bodies) >= 3  # one per flush, then the end of the coding
    # Each flush is a sync point: what was written so far decodes before the stream ends.
    first = bodies[0]
    if coding == "gzip":
        partial = zlib.decompressobj(31).decompress(first)
    elif coding == "deflate":
        partial = zlib.decompressobj().decompress(first)
    elif coding == "br":
        import brotli

        partial = brotli.Decompressor().process(first)
    else:
        import zstandard

        partial = zstandard.ZstdDecompressor().decompressobj().decompress(first)
    assert partial == ("part 0: " + TEXT).encode()
    assert decode(coding, b"".join(bodies)) == "".join(f"part {i}: " + TEXT for i in range(3)).encode()


@pytest.mark.anyio
async def test_without_the_plugin_nothing_is_compressed():
    app = Application()

    @app.get("/")
    async def index(call):
        await call.respond_text(TEXT)

    headers = header_map(await run(app, headers={"Accept-Encoding": "gzip"}))
    assert "content-encoding" not in headers and "vary" not in headers


def test_over_uvicorn(site):
    with running(make_app(site)) as client:
        url = str(client.base_url)
        response, body = h11_exchange(url, "GET", "/file", [("Accept-Encoding", "gzip")])
        headers = h11_headers(response)
        assert headers["content-encoding"] == ["gzip"] and headers["transfer-encoding"] == ["chunked"]
        assert gzip.decompress(body) == (site / "big.txt").read_bytes()
        response, body = h11_exchange(url, "GET", "/text", [("Accept-Encoding", "deflate;q=1, gzip;q=0.9")])
        assert h11_headers(response)["content-encoding"] == ["deflate"]
        assert zlib.decompress(body) == TEXT.encode()
        response, body = h11_exchange(url, "GET", "/stream", [("Accept-Encoding", "gzip;q=0, identity")])
        assert "content-encoding" not in h11_headers(response) and body.startswith(b"part 0")
        response = client.get("/text", headers={"Accept-Encoding": "br"})
        assert response.headers["content-encoding"] == "br" and response.text == TEXT


class _FakeStdlibZstd:
    """Python 3.14's ``compression.zstd`` API, backed by zstandard, to exercise that branch on 3.10-3.13."""

    class ZstdCompressor:
        CONTINUE, FLUSH_BLOCK, FLUSH_FRAME = 0, 1, 2

        def __init__(self, level=3):
            import zstandard

            self._engine = zstandard.ZstdCompressor(level=level).compressobj()
            self._zstandard = zstandard

        def compress(self, data, mode=0):
            return self._engine.compress(data)

        def flush(self, mode=2):
            if mode == self.FLUSH_BLOCK:
                return self._engine.flush(self._zstandard.COMPRESSOBJ_FLUSH_BLOCK)
            return self._engine.flush()


@pytest.mark.anyio
async def test_zstd_from_the_standard_library_when_present(monkeypatch):
    monkeypatch.setattr(compression_module, "_stdlib_zstd", _FakeStdlibZstd)
    monkeypatch.setattr(compression_module, "_zstandard", None)
    assert "zstd" in available_encoders()
    recorder = await run(make_app(), path="/stream", headers={"Accept-Encoding": "zstd"})
    assert header_map(recorder)["content-encoding"] == ["zstd"]
    assert decode("zstd", recorder.body) == "".join(f"part {i}: " + TEXT for i in range(3)).encode()
