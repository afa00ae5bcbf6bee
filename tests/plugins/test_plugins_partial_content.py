"""PartialContent: single and multipart ranges, 416, If-Range, Range abuse, files without full reads."""

from __future__ import annotations

import os
import re

import pytest
from plugin_support import h11_exchange, h11_headers, header_map, run, running

from fastresp.api import Application, ConditionalHeaders, ContentType, PartialContent
from fastresp.plugins.partial_content import UNSATISFIABLE, parse_range

BODY = bytes(range(256)) * 40  # 10240 bytes, every byte value
MODIFIED_TEXT = "Sun, 06 Nov 1994 08:49:37 GMT"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("ranges")
    (root / "data.bin").write_bytes(BODY)
    (root / "empty.bin").write_bytes(b"")
    os.utime(root / "data.bin", (784111777, 784111777))
    return root


def make_app(site, **options) -> Application:
    app = Application()
    app.install(PartialContent, **options)

    @app.route("/bytes", methods=["GET", "HEAD", "POST"])
    async def data(call):
        call.response.etag("b1")
        await call.respond_bytes(BODY, ContentType.Application.OctetStream)

    @app.get("/file")
    async def file(call):
        await call.respond_file(site / "data.bin")

    @app.get("/empty")
    async def empty(call):
        await call.respond_file(site / "empty.bin")

    @app.get("/writer")
    async def writer(call):
        async def produce(w):
            for start in range(0, len(BODY), 1000):
                await w.write(BODY[start : start + 1000])

        await call.respond_bytes_writer(produce, content_length=len(BODY))

    @app.get("/stream")
    async def stream(call):
        async def produce(w):
            await w.write(BODY)

        await call.respond_bytes_writer(produce)

    @app.get("/status")
    async def not_ok(call):
        await call.respond_bytes(BODY, status=201)

    return app


@pytest.fixture(scope="module")
def app(site):
    return make_app(site)


def parse_multipart(body: bytes, content_type: str) -> list[tuple[dict[str, str], bytes]]:
    """Split a multipart/byteranges body by its boundary, checking the framing exactly."""
    boundary = re.search(r"boundary=([0-9a-f]+)", content_type).group(1).encode()
    assert body.endswith(b"--" + boundary + b"--\r\n")
    parts = []
    for chunk in body[: -len(boundary) - 6].split(b"--" + boundary + b"\r\n")[1:]:
        head, _, data = chunk.partition(b"\r\n\r\n")
        assert data.endswith(b"\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        parts.append((headers, data[:-2]))
    return parts


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/bytes", "/file", "/writer"])
@pytest.mark.parametrize(
    ("spec", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=5-", 5, 10239),
        ("bytes=-1", 10239, 10239),
        ("bytes=100-199", 100, 199),
        ("bytes=10000-99999999999999999999999", 10000, 10239),
        ("BYTES=1-2", 1, 2),
        ("bytes=-99999", 0, 10239),
    ],
)
async def test_single_range(app, path, spec, first, last):
    recorder = await run(app, path=path, headers={"Range": spec})
    headers = header_map(recorder)
    assert recorder.start["status"] == 206
    assert headers["content-range"] == [f"bytes {first}-{last}/10240"]
    assert headers["content-length"] == [str(last - first + 1)]
    assert recorder.body == BODY[first : last + 1]


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/bytes", "/file", "/writer"])
async def test_multiple_ranges(app, path):
    recorder = await run(app, path=path, headers={"Range": "bytes=500-599, 0-9,-10"})
    headers = header_map(recorder)
    assert recorder.start["status"] == 206
    assert headers["content-type"][0].startswith("multipart/byteranges; boundary=")
    assert int(headers["content-length"][0]) == len(recorder.body)
    parts = parse_multipart(recorder.body, headers["content-type"][0])
    assert [(h["Content-Range"], d) for h, d in parts] == [
        ("bytes 0-9/10240", BODY[0:10]),
        ("bytes 500-599/10240", BODY[500:600]),
        ("bytes 10230-10239/10240", BODY[10230:]),
    ]
    assert all(h["Content-Type"] == "application/octet-stream" for h, _ in parts)


@pytest.mark.anyio
async def test_overlapping_and_adjacent_ranges_are_merged(app):
    recorder = await run(app, path="/bytes", headers={"Range": "bytes=10-19,0-4,5-9,15-30"})
    assert header_map(recorder)["content-range"] == ["bytes 0-30/10240"]
    assert recorder.body == BODY[:31]


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/bytes", "/file"])
async def test_unsatisfiable_is_416(app, path):
    recorder = await run(app, path=path, headers={"Range": "bytes=20000-30000"})
    assert recorder.start["status"] == 416
    assert header_map(recorder)["content-range"] == ["bytes */10240"]
    assert recorder.body == b""


@pytest.mark.anyio
async def test_range_on_an_empty_file_is_416(app):
    for spec in ("bytes=0-0", "bytes=-5", "bytes=0-"):
        recorder = await run(app, path="/empty", headers={"Range": spec})
        assert recorder.start["status"] == 416
        assert header_map(recorder)["content-range"] == ["bytes */0"]


@pytest.mark.anyio
@pytest.mark.parametrize(
    "spec",
    [
        "bytes=10-5",
        "abc",
        "bytes=",
        "items=0-1",
        "bytes = 0-1",
        "bytes=0-1;x",
        "bytes=a-b",
        "bytes=--1",
        "bytes=0-1,5-2",
        "bytes=1",
        "bytes=\xb2-\xb3",
        "bytes=0x10-20",
        "bytes=+1-2",
        "bytes=-",
        "bytes=,,",
    ],
)
async def test_invalid_range_is_ignored(app, spec):
    recorder = await run(app, path="/bytes", headers={"Range": spec})
    assert recorder.start["status"] == 200
    assert recorder.body == BODY
    assert header_map(recorder)["accept-ranges"] == ["bytes"]


@pytest.mark.anyio
async def test_empty_list_elements_are_skipped(app):
    recorder = await run(app, path="/bytes", headers={"Range": "bytes=0-1,,"})
    assert recorder.start["status"] == 206 and recorder.body == BODY[:2]


@pytest.mark.anyio
async def test_ranges_ignored_on_head_post_other_status_and_unknown_length(app):
    for method, path in (("HEAD", "/bytes"), ("POST", "/bytes"), ("GET", "/status"), ("GET", "/stream")):
        recorder = await run(app, method=method, path=path, headers={"Range": "bytes=0-0"})
        assert recorder.start["status"] in (200, 201), (method, path)
        assert "content-range" not in header_map(recorder)
    # HEAD still advertises range support; content of unknown length does not.
    assert header_map(await run(app, method="HEAD", path="/bytes"))["accept-ranges"] == ["bytes"]
    assert "accept-ranges" not in header_map(await run(app, path="/stream"))


@pytest.mark.anyio
async def test_if_range(site):
    app = make_app(site)
    app.install(ConditionalHeaders)
    etag = header_map(await run(app, path="/file"))["etag"][0]
    cases = [
        ("/bytes", '"b1"', 206),
        ("/bytes", '"b2"', 200),
        ("/bytes", 'W/"b1"', 200),  # If-Range needs a strong match (§13.1.5)
        ("/file", etag, 206),
        ("/file", MODIFIED_TEXT, 206),
        ("/file", "Sun, 06 Nov 1994 08:49:38 GMT", 200),
        ("/file", "garbage", 200),
    ]
    for path, if_range, status in cases:
        recorder = await run(app, path=path, headers={"Range": "bytes=0-9", "If-Range": if_range})
        assert recorder.start["status"] == status, (path, if_range)
        assert len(recorder.body) == (10 if status == 206 else len(BODY))


@pytest.mark.anyio
async def test_too_many_ranges_send_the_whole_body(site):
    app = make_app(site, max_range_count=3)
    four = "bytes=0-0,10-10,20-20,30-30"
    assert (await run(app, path="/bytes", headers={"Range": four})).start["status"] == 200
    assert (await run(app, path="/bytes", headers={"Range": "bytes=0-0,10-10,20-20"})).start["status"] == 206


@pytest.mark.anyio
async def test_range_abuse_is_cheap(app):
    # Thousands of ranges, overlapping and out of order, and absurd numbers: parsed in
    # one pass, merged after one sort, then 200 (too many) or one merged range.
    disjoint = "bytes=" + ",".join(f"{i * 2}-{i * 2}" for i in range(5000, 0, -1))
    recorder = await run(app, path="/bytes", headers={"Range": disjoint})
    assert recorder.start["status"] == 200 and recorder.body == BODY
    copies = "bytes=" + ",".join(["0-"] * 12000)
    recorder = await run(app, path="/bytes", headers={"Range": copies})
    assert recorder.start["status"] == 206 and recorder.body == BODY
    huge = "bytes=" + ",".join(f"{'9' * 30}-{'9' * 40}" for _ in range(10000))
    recorder = await run(app, path="/bytes", headers={"Range": huge})
    assert recorder.start["status"] == 416
    assert parse_range("bytes=0-" + "9" * 5000, 100) == [(0, 100)]  # no 4300-digit int() limit


def test_parse_range_unit():
    assert parse_range("bytes=0-0", 0) == UNSATISFIABLE
    assert parse_range("bytes=-0", 10) == UNSATISFIABLE
    assert parse_range("bytes=5-,0-2", 10) == [(0, 3), (5, 10)]
    assert parse_range("bytes=0-2,3-5", 10) == [(0, 6)]
    assert parse_range("bytes=10-5", 100) is None
    assert parse_range("bytes=0-1,,", 10) == [(0, 2)]
    assert parse_range("bytes=" + "1" * 25 + "-", 10) == UNSATISFIABLE


@pytest.mark.anyio
async def test_boundary_never_occurs_in_the_body(monkeypatch):
    app = Application()
    app.install(PartialContent)
    planted = "0123456789abcdef0123456789abcdef"
    body = (b"x" * 50 + planted.encode()) * 4

    @app.get("/")
    async def index(call):
        await call.respond_bytes(body)

    tokens = iter([planted, "f" * 32])
    monkeypatch.setattr("fastresp.plugins.partial_content.secrets.token_hex", lambda n: next(tokens))
    recorder = await run(app, headers={"Range": "bytes=0-9,100-109"})
    assert "boundary=" + "f" * 32 in header_map(recorder)["content-type"][0]


@pytest.mark.anyio
async def test_boundary_never_occurs_in_file_ranges(tmp_path, monkeypatch):
    """A boundary found inside a requested file range, even across two reads, is drawn again."""
    from fastresp.app.sending import FILE_CHUNK

    planted = "0123456789abcdef0123456789abcdef"
    data = bytearray(b"y" * (2 * FILE_CHUNK))
    start = FILE_CHUNK - 10  # straddles the first and second read of the range
    data[start : start + len(planted)] = planted.encode()
    (tmp_path / "planted.bin").write_bytes(bytes(data))
    app = Application()
    app.install(PartialContent)

    @app.get("/")
    async def index(call):
        await call.respond_file(tmp_path / "planted.bin")

    tokens = iter([planted, "f" * 32])
    monkeypatch.setattr("fastresp.plugins.partial_content.secrets.token_hex", lambda n: next(tokens))
    recorder = await run(app, headers={"Range": f"bytes=0-9,100-{2 * FILE_CHUNK - 1}"})
    content_type = header_map(recorder)["content-type"][0]
    assert "boundary=" + "f" * 32 in content_type
    parts = parse_multipart(recorder.body, content_type)
    assert [d for _, d in parts] == [bytes(data[:10]), bytes(data[100:])]


@pytest.mark.anyio
async def test_file_ranges_with_pathsend_read_only_the_ranges(app, monkeypatch):
    read = []
    real_pread = os.pread

    def counting_pread(fd, size, offset):
        data = real_pread(fd, size, offset)
        read.append(len(data))
        return data

    monkeypatch.setattr(os, "pread", counting_pread)
    recorder = await run(
        app, path="/file", headers={"Range": "bytes=0-9,5000-5099"}, extensions={"http.response.pathsend": {}}
    )
    assert all(message["type"] != "http.response.pathsend" for message in recorder.messages)
    assert recorder.start["status"] == 206
    # 110 bytes requested: read once to rule the boundary out of them, once to send them.
    assert sum(read) == 2 * 110
    parts = parse_multipart(recorder.body, header_map(recorder)["content-type"][0])
    assert [d for _, d in parts] == [BODY[:10], BODY[5000:5100]]
    # Without a Range, the whole file still goes by pathsend.
    recorder = await run(app, path="/file", extensions={"http.response.pathsend": {}})
    assert recorder.messages[1]["type"] == "http.response.pathsend"


@pytest.mark.anyio
async def test_without_the_plugin_range_is_ignored(site):
    app = Application()

    @app.get("/")
    async def index(call):
        await call.respond_bytes(BODY)

    recorder = await run(app, headers={"Range": "bytes=0-0"})
    assert recorder.start["status"] == 200 and "accept-ranges" not in header_map(recorder)


def test_over_uvicorn_exact_bytes(site):
    with running(make_app(site)) as client:
        url = str(client.base_url)
        response, body = h11_exchange(url, "GET", "/file", [("Range", "bytes=0-1,-2")])
        headers = h11_headers(response)
        assert response.status_code == 206
        boundary = re.search(r"boundary=([0-9a-f]{32})$", headers["content-type"][0]).group(1)
        part = f"--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes %s/10240\r\n\r\n"
        expected = (
            (part % "0-1").encode()
            + BODY[:2]
            + b"\r\n"
            + (part % "10238-10239").encode()
            + BODY[-2:]
            + b"\r\n"
            + f"--{boundary}--\r\n".encode()
        )
        assert body == expected
        assert headers["content-length"] == [str(len(expected))]
        assert "transfer-encoding" not in headers
        response, body = h11_exchange(url, "GET", "/writer", [("Range", "bytes=9000-")])
        assert response.status_code == 206 and body == BODY[9000:]
        assert h11_headers(response)["content-range"] == ["bytes 9000-10239/10240"]
        response = client.get("/file", headers={"Range": "bytes=99999-"})
        assert response.status_code == 416 and response.headers["content-range"] == "bytes */10240"
        assert client.get("/file", headers={"Range": "bytes=5-1"}).content == BODY


@pytest.mark.anyio
async def test_short_writer_body_aborts_instead_of_a_silent_short_206():
    from fastresp.api import BodyLengthError

    app = Application()
    app.install(PartialContent)

    @app.get("/")
    async def liar(call):
        async def produce(writer):
            await writer.write(b"x" * 50)

        await call.respond_bytes_writer(produce, content_length=100)

    with pytest.raises(BodyLengthError):
        await run(app, headers={"Range": "bytes=0-9,20-29"})
