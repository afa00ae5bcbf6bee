"""respond_file: types, lengths, dates, 404s, path traversal, pathsend, and a 100 MB file with flat memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import httpx
import psutil
import pytest
from app_support import ROOT, raw_request, running

from fastresp.api import Application
from fastresp.core import http_date


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """base/ with files, a sibling 'base_secret', an outside secret, and symlinks."""
    root = tmp_path_factory.mktemp("files")
    base = root / "base"
    (base / "sub").mkdir(parents=True)
    (base / "hello.txt").write_text("hello file\n")
    (base / "page.html").write_text("<p>x</p>")
    (base / "data.bin").write_bytes(bytes(range(256)) * 10)
    (base / "sub" / "nested.css").write_text("a{}")
    (base / "noext").write_bytes(b"?")
    (root / "secret.txt").write_text("TOP SECRET")
    (root / "base_secret").mkdir()
    (root / "base_secret" / "key.txt").write_text("TOP SECRET")
    (base / "escape.txt").symlink_to(root / "secret.txt")
    (base / "inner-link.txt").symlink_to(base / "hello.txt")
    os.mkfifo(base / "fifo")
    return root


def file_app(base: Path) -> Application:
    app = Application()

    @app.get("/static/{path...}")
    async def static(call):
        await call.respond_file(base, "/".join(call.parameters.get_all("path")))

    @app.get("/direct")
    async def direct(call):
        await call.respond_file(call.parameters["p"])

    @app.head("/static/{path...}")
    async def static_head(call):
        await call.respond_file(base, "/".join(call.parameters.get_all("path")))

    return app


@pytest.fixture(scope="module")
def client(tree):
    with running(file_app(tree / "base")) as client:
        yield client


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("hello.txt", "text/plain; charset=UTF-8"),
        ("page.html", "text/html; charset=UTF-8"),
        ("data.bin", "application/octet-stream"),
        ("sub/nested.css", "text/css; charset=UTF-8"),
        ("noext", "application/octet-stream"),
        ("inner-link.txt", "text/plain; charset=UTF-8"),
    ],
)
def test_files_are_sent_with_type_length_and_date(client, tree, name, content_type):
    path = tree / "base" / name
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["content-length"] == str(path.stat().st_size)
    assert response.headers["last-modified"] == http_date(path.stat().st_mtime).decode()
    assert response.content == path.read_bytes()


def test_head_sends_length_without_body(client):
    response = client.head("/static/hello.txt")
    assert response.headers["content-length"] == "11"
    assert response.content == b""


@pytest.mark.parametrize("name", ["missing.txt", "sub", "fifo", "sub/", "hello.txt/x"])
def test_missing_directories_and_special_files_are_404(client, name):
    assert client.get(f"/static/{name}").status_code == 404


def test_devices_are_404(client):
    assert client.get("/direct", params={"p": "/dev/zero"}).status_code == 404
    assert client.get("/direct", params={"p": "/dev/null"}).status_code == 404
    assert client.get("/direct", params={"p": "/nonexistent/x"}).status_code == 404


@pytest.mark.parametrize(
    "target",
    [
        "/static/../secret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/..%2fsecret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/%5c..%5csecret.txt",
        "/static/..%5csecret.txt",
        "/static/%2f..%2fsecret.txt",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/C:%5cWindows",
        "/static/%5c%5chost%5cshare",
        "/static/hello.txt%00.png",
        "/static/../base_secret/key.txt",
        "/static/%2e%2e/base_secret/key.txt",
        "/static/escape.txt",
        "/static/sub/../../secret.txt",
    ],
)
def test_traversal_is_404_and_reads_nothing_outside(client, target):
    raw = raw_request(str(client.base_url), f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert raw.startswith((b"HTTP/1.1 404 ", b"HTTP/1.1 400 "))
    assert b"TOP SECRET" not in raw and b"root:" not in raw


@pytest.mark.anyio
async def test_nothing_outside_base_is_opened(tree, recorder, monkeypatch):
    from fastresp.app import files

    opened = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        opened.append(os.path.realpath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", spy)
    app = file_app(tree / "base")
    for target in ["/static/../secret.txt", "/static/escape.txt", "/static/..%2fsecret.txt", "/static/hello.txt"]:
        run = await recorder().run(app, path=target)
        assert run.start["status"] in (200, 404)
    base = os.path.realpath(tree / "base")
    assert opened == [os.path.join(base, "hello.txt")]


@pytest.mark.anyio
async def test_unreadable_file_is_404(tree, recorder, monkeypatch):
    from fastresp.app import files

    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(files.os, "open", denied)
    run = await recorder().run(file_app(tree / "base"), path="/static/hello.txt")
    assert run.start["status"] == 404


@pytest.mark.anyio
async def test_pathsend_when_the_server_advertises_it(tree, recorder):
    run = await recorder(extensions={"http.response.pathsend": {}}).run(
        file_app(tree / "base"), path="/static/hello.txt"
    )
    assert run.messages[1] == {
        "type": "http.response.pathsend",
        "path": os.path.realpath(tree / "base" / "hello.txt"),
    }
    assert (b"content-length", b"11") in run.headers
    assert len(run.messages) == 2


# --- a file larger than 100 MB, through a real uvicorn in a subprocess ------------------------

SERVER = textwrap.dedent(
    """
    import sys, uvicorn
    from fastresp.api import Application
    app = Application()
    path = sys.argv[2]

    @app.get("/big")
    async def big(call):
        await call.respond_file(path)

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", lifespan="off")
    """
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_100mb_file_streams_with_flat_memory(tmp_path):
    size = 101 * 1024 * 1024
    big = tmp_path / "big.bin"
    with open(big, "wb") as handle:  # sparse: costs no disk, reads as zeros
        handle.truncate(size)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(port), str(big)], env=env)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.05)
        server = psutil.Process(process.pid)
        baseline = server.memory_info().rss
        peak = baseline
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, server.memory_info().rss)
                time.sleep(0.005)

        sampler = threading.Thread(target=sample)
        sampler.start()
        received = 0
        try:
            with httpx.stream("GET", f"http://127.0.0.1:{port}/big", timeout=60) as response:
                assert response.headers["content-length"] == str(size)
                for chunk in response.iter_raw(1024 * 1024):
                    received += len(chunk)
        finally:
            done.set()
            sampler.join()
        assert received == size
        # Reading the file whole would add 100+ MB; streaming stays within a few chunks.
        assert peak - baseline < 25 * 1024 * 1024, f"server RSS grew by {(peak - baseline) >> 20} MB"
    finally:
        process.terminate()
        process.wait(timeout=10)
